//! The run builder: one entry per kind of call (`run`, `run_json`), the same setters on each,
//! each changing only its own call, and `RunOptions` applied where it is given.

use std::cell::Cell;
use std::future::IntoFuture;
use std::time::Duration;

use serde::Serialize;
use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, ResultMode, RetryPolicy, RunOptions, Workflow};

use crate::support::*;

/// The timeout a run gave up after, from its error.
fn timed_out_after(error: &workflow_runtime::Error) -> Duration {
    match error.kind() {
        ErrorKind::Timeout { timeout, .. } => *timeout,
        _ => panic!("not a timeout: {error}"),
    }
}

#[tokio::test]
async fn options_apply_where_they_are_given_between_the_setters() {
    let (url, _server) = silent_server().await;
    let client = builder_for(&url).build().unwrap();
    let short = Duration::from_millis(150);
    let shared = RunOptions::new().timeout(Duration::from_millis(250));

    // A setter after `options` overrides it...
    let error = client
        .run::<Car>(&fastest())
        .options(&shared)
        .timeout(short)
        .await
        .unwrap_err();
    assert_eq!(timed_out_after(&error), short);

    // ...and `options` overrides the setters before it...
    let error = client
        .run::<Car>(&fastest())
        .timeout(short)
        .options(&shared)
        .await
        .unwrap_err();
    assert_eq!(timed_out_after(&error), Duration::from_millis(250));

    // ...but only in what it sets.
    let strict_only = RunOptions::new().result_mode(ResultMode::Strict);
    let error = client
        .run_json("dep_123", json!({ "prompt": "hi" }))
        .timeout(short)
        .options(&strict_only)
        .await
        .unwrap_err();
    assert_eq!(timed_out_after(&error), short);
    assert_eq!(
        error.to_string(),
        "deployment dep_123: no answer within 150ms"
    );
}

#[tokio::test]
async fn each_setter_changes_its_call_and_not_the_client() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(503);
    studio
        .on::<Car>()
        .deployment("dep_staging")
        .respond(|input| CarResult {
            completion: format!("staging: {}", input.prompt),
            entities: Vec::new(),
        });
    // The default policy: a 503 is retried twice.
    let client = studio.client();

    let error = client
        .run::<Car>(&fastest())
        .retry_policy(RetryPolicy::none())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(studio.requests().len(), 1);

    let output = client
        .run::<Car>(&fastest())
        .deployment("dep_staging")
        .await
        .unwrap();
    assert_eq!(output.completion, "staging: fastest car?");
    assert_eq!(studio.requests()[1].path, "/v1/workflows/dep_staging/run");

    // The client's own policy is untouched: three attempts.
    client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(studio.requests().len(), 5);
}

#[tokio::test]
async fn typed_and_untyped_runs_both_come_detailed() {
    let studio = MockStudio::start().await;
    let body = r#"{"result":{"completion":"Bugatti","entities":[]}}"#;
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[("x-request-id", "req-42")], body);
    let client = once(&studio);

    let typed = client.run::<Car>(&fastest()).detailed().await.unwrap();
    assert_eq!(typed.output.completion, "Bugatti");
    assert_eq!(
        (typed.attempts, typed.status, typed.request_id.as_deref()),
        (1, 200, Some("req-42"))
    );
    assert!(typed.repairs.is_empty());

    let untyped = client
        .run_json("dep_123", json!({ "prompt": "hi" }))
        .result_mode(ResultMode::Strict)
        .validate_input(true)
        .detailed()
        .await
        .unwrap();
    assert_eq!(
        untyped.output,
        json!({ "completion": "Bugatti", "entities": [] })
    );
    assert_eq!(untyped.request_id.as_deref(), Some("req-42"));
}

/// An input that may not be shared between threads: `Cell` is `Send` but not `Sync`.
#[derive(Serialize)]
struct Counted {
    prompt: &'static str,
    count: Cell<u32>,
}

struct CountedCar;

impl Workflow for CountedCar {
    type Input = Counted;
    type Output = CarResult;
    const NAME: &'static str = "counted";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_counted");
}

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[tokio::test]
async fn a_run_future_is_send_even_when_its_input_is_not_sync() {
    let studio = MockStudio::start().await;
    // The mock decodes typed inputs; this one is only ever sent.
    studio
        .on_deployment("dep_counted")
        .respond(|_| serde_json::to_value(chiron()).unwrap());
    let client = once(&studio);
    let input = Counted {
        prompt: "fastest car?",
        count: Cell::new(3),
    };

    // The input is written into the request when the run is awaited: the future holds its
    // bytes, so it can be sent to another thread (`tokio::spawn` needs that).
    let future = assert_send(client.run::<CountedCar>(&input).into_future());
    assert_eq!(future.await.unwrap(), chiron());
    assert_eq!(
        studio.requests()[0].json,
        Some(json!({ "input": { "prompt": "fastest car?", "count": 3 } }))
    );
}

#[tokio::test]
async fn a_run_does_nothing_until_it_is_awaited() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let client = once(&studio);

    let input = fastest();
    let run = client.run::<Car>(&input).timeout(Duration::from_secs(5));
    let shown = format!("{run:?}");
    assert!(
        shown.starts_with("Run { workflow: Some(\"car\"), deployment_id: Some(\"dep_123\"), "),
        "{shown}"
    );
    drop(run);
    assert!(studio.requests().is_empty());

    // A run that cannot be sent fails when awaited, like any other.
    let error = client.run::<Draft>(&fastest()).await.unwrap_err();
    assert_eq!(
        (error.workflow(), error.deployment_id()),
        (Some("draft"), None)
    );
    assert!(studio.requests().is_empty());
}
