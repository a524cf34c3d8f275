//! A run is one `workflow.run` span with the workflow, deployment, status and latency, and
//! nothing traced carries the key.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

use crate::support::*;

/// Records every span name and field value it sees, as text.
#[derive(Clone, Default)]
struct Recorder {
    seen: Arc<Mutex<Vec<(String, String)>>>,
    next_id: Arc<AtomicU64>,
}

impl Recorder {
    fn seen(&self) -> Vec<(String, String)> {
        self.seen.lock().unwrap().clone()
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
    studio.respond::<Car>(|_| chiron());

    client.run::<Car>(&fastest()).await.unwrap();
    studio.fail::<Car>(500);
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
    assert_eq!(values("status"), ["200", "500"]);
    assert_eq!(values("latency_ms").len(), 2);
    assert_eq!(
        values("error"),
        [
            "workflow car (dep_123): server answered 500 Internal Server Error: the workflow \
          failed; body: {}"
        ]
    );
    let everything = format!("{seen:?}");
    assert!(!everything.contains("SECRET"), "{everything}");
}
