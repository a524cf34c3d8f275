//! A run is one `workflow.run` span with the workflow, deployment, attempts, status, request id
//! and latency, and an event per attempt and per retry; nothing traced carries the key.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::support::*;

/// Records every span name and field value it sees, as text, and each event as one line.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<(String, String)>>>,
    events: Arc<Mutex<Vec<String>>>,
    next_id: Arc<AtomicU64>,
}

impl Recorder {
    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
    }

    /// This crate's events (reqwest and hyper trace too: those are only checked for the key).
    fn events(&self) -> Vec<String> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter_map(|line| line.strip_prefix("workflow_runtime"))
            .map(|line| {
                line.trim_start_matches(|c| c != ' ')
                    .trim_start()
                    .to_owned()
            })
            .collect()
    }

    fn all_events(&self) -> Vec<String> {
        self.events.lock().unwrap().clone()
    }
}

struct Fields<'a>(&'a Mutex<Vec<(String, String)>>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0
            .lock()
            .unwrap()
            .push((field.name().to_owned(), format!("{value:?}")));
    }
}

/// `message field=value field=value`, with the latency left out (it varies).
#[derive(Default)]
struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => self.0.insert_str(0, &format!("{value:?}:")),
            "latency_ms" => self.0.push_str(" latency_ms=_"),
            name => self.0.push_str(&format!(" {name}={value:?}")),
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.seen
            .lock()
            .unwrap()
            .push(("span".to_owned(), span.metadata().name().to_owned()));
        span.record(&mut Fields(&self.seen));
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        values.record(&mut Fields(&self.seen));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        event.record(&mut Fields(&self.seen));
        let mut line = Line::default();
        event.record(&mut line);
        let target = event.metadata().target();
        self.events
            .lock()
            .unwrap()
            .push(format!("{target} {}", line.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

// In a child process, alone: tracing caches per call site whether anyone listens, and a test
// thread that reaches the call site while this one installs its subscriber can cache "no one".
#[test]
fn a_run_is_traced_with_status_and_latency_but_never_the_key() {
    if in_child(
        "tracing_spans::a_run_is_traced_with_status_and_latency_but_never_the_key",
        &[],
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(traced_runs());
    }
}

async fn traced_runs() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let (studio, client) = secret_mock().await;
    studio.on::<Car>().respond(|_| chiron());

    client.run::<Car>(&fastest()).await.unwrap();
    studio.on::<Car>().fail(500);
    client.run::<Car>(&fastest()).await.unwrap_err();

    let seen = recorder.seen();
    let values = |name: &str| -> Vec<String> {
        seen.iter()
            .filter(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
            .collect()
    };
    assert_eq!(values("span"), ["workflow.run", "workflow.run"]);
    assert_eq!(values("workflow"), ["\"car\"", "\"car\""]);
    assert_eq!(values("deployment_id"), ["\"dep_123\"", "\"dep_123\""]);
    // Each status twice: in the attempt's event, then on the span.
    assert_eq!(values("status"), ["200", "200", "500", "500"]);
    // Two attempt events and the two spans.
    assert_eq!(values("latency_ms").len(), 4);
    assert_eq!(
        values("error"),
        [
            "workflow car (dep_123): server answered 500 Internal Server Error: the workflow \
             failed; body: {}",
            "workflow car (dep_123): server answered 500 Internal Server Error: the workflow \
             failed; body: {}"
        ]
    );
    let everything = format!("{seen:?}");
    assert!(!everything.contains("SECRET"), "{everything}");
}

#[test]
fn every_attempt_and_retry_is_an_event_with_the_request_id() {
    if in_child(
        "tracing_spans::every_attempt_and_retry_is_an_event_with_the_request_id",
        &[],
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(traced_retries());
    }
}

async fn traced_retries() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let studio = workflow_runtime::testing::MockStudio::start_with_api_key(SECRET_KEY).await;
    studio.on_deployment("dep_123").respond_raw(
        503,
        &[("x-request-id", "req-503")],
        format!("echo {SECRET_KEY}"),
    );
    // Both headers carry the key: neither may show in any trace, ours, reqwest's or hyper's.
    let client = studio
        .client_builder()
        .auth(workflow_runtime::Auth::Both)
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    client.run::<Car>(&fastest()).await.unwrap_err();

    let failed = "attempt failed: status=503 latency_ms=_ request_id=\"req-503\" \
                  error=workflow car (dep_123): server answered 503 Service Unavailable; body: \
                  echo <redacted>";
    assert_eq!(
        recorder.events(),
        [
            failed.replacen(':', ": attempt=1", 1),
            "retrying after a wait: attempt=1 wait_ms=100".to_owned(),
            failed.replacen(':', ": attempt=2", 1),
            "retrying after a wait: attempt=2 wait_ms=200".to_owned(),
            failed.replacen(':', ": attempt=3", 1),
            "workflow run failed: error=workflow car (dep_123): server answered 503 Service \
             Unavailable; body: echo <redacted>"
                .to_owned(),
        ]
    );
    let seen = recorder.seen();
    let last = |name: &str| {
        seen.iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.clone())
    };
    assert_eq!(last("attempts").as_deref(), Some("3"));
    assert_eq!(last("request_id").as_deref(), Some("\"req-503\""));

    // A refused connection: three attempts, no status, no request id.
    let refused_at = refused_url().await;
    let refused = builder_for(&refused_at)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let before = recorder.events().len();
    refused.run::<Car>(&fastest()).await.unwrap_err();
    let events = recorder.events();
    let attempts: Vec<&String> = events[before..]
        .iter()
        .filter(|line| line.starts_with("attempt failed:"))
        .collect();
    assert_eq!(attempts.len(), 3, "{events:#?}");
    for (index, line) in attempts.iter().enumerate() {
        assert_eq!(
            **line,
            format!(
                "attempt failed: attempt={} latency_ms=_ error=workflow car (dep_123): could \
                 not connect to the server at {refused_at}",
                index + 1
            )
        );
    }

    let everything = format!("{seen:?}{:?}", recorder.all_events());
    assert!(!everything.contains("SECRET"), "{everything}");
}
