//! The API key never shows in `Debug` or `Display` of the client, the builder or any error.

use std::error::Error as _;
use std::time::Duration;

use serde_json::json;
use workflow_runtime::{Auth, Client, Error, ErrorKind, RetryPolicy, Route, RunOptions};

use crate::support::*;

/// Everything an error shows: Display, Debug, and the same for each source.
fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error}\n{error:?}");
    let mut source = error.source();
    while let Some(inner) = source {
        shown.push_str(&format!("\n{inner}\n{inner:?}"));
        source = inner.source();
    }
    shown
}

fn assert_no_key(shown: &str) {
    assert!(!shown.contains("SECRET"), "the key leaked: {shown}");
}

#[test]
fn client_and_builder_debug_redact_the_key() {
    let builder = Client::builder()
        .api_key(SECRET_KEY)
        .base_url("http://127.0.0.1:9");
    let shown = format!("{builder:?}");
    assert_no_key(&shown);
    assert!(shown.contains("api_key: Some(\"<redacted>\")"), "{shown}");

    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert_no_key(&shown);
    assert_eq!(
        shown,
        "Client { base_url: \"http://127.0.0.1:9/\", route: Workflows, auth: ApiKeyHeader, \
         api_key: \"<redacted>\", user_agent: \"workflow-runtime/0.1.0\", timeout: 300s, \
         connect_timeout: Some(10s), .. }"
    );

    let client = Client::new(SECRET_KEY);
    assert_no_key(&format!("{client:?}"));
    // An unusable key is not shown either, not even in the reason it is unusable.
    let client = Client::new(format!("{SECRET_KEY}\n"));
    let shown = format!("{client:?}");
    assert_no_key(&shown);
    assert_eq!(
        shown,
        "Client { unusable: \"the API key is not usable: it may only contain visible ASCII \
         characters (no spaces, no trailing newline)\" }"
    );
}

#[tokio::test]
async fn no_error_shows_the_key() {
    let traces = Traces::capture();
    let (studio, client) = secret_mock().await;
    let mut errors = Vec::new();

    errors.push(client.run::<Unserializable>(&TooLong).await.unwrap_err());
    errors.push(client.run_json("dep_json", json!([1])).await.unwrap_err());
    // A server that rejects the key.
    let other = workflow_runtime::testing::MockStudio::start().await;
    let rejected = builder_for(other.url()).build().unwrap();
    errors.push(rejected.run::<Car>(&fastest()).await.unwrap_err());
    errors.push(client.run::<Car>(&fastest()).await.unwrap_err());
    for status in [429, 500, 502] {
        studio.on::<Car>().fail(status);
        errors.push(client.run::<Car>(&fastest()).await.unwrap_err());
    }
    // A server that echoes the key back in its error page.
    studio.on_deployment("dep_123").respond_raw(
        500,
        &[],
        format!("<pre>API_KEY: {SECRET_KEY}</pre>"),
    );
    let echoed = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        echoed.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: <pre>API_KEY: <redacted></pre>"
    );
    errors.push(echoed);
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], format!("{{\"echo\":\"{SECRET_KEY}\"}}"));
    errors.push(client.run::<Car>(&fastest()).await.unwrap_err());
    studio
        .on_deployment("dep_123")
        .respond(|_| json!({ "completion": 1 }));
    errors.push(client.run::<Car>(&fastest()).await.unwrap_err());

    let (silent, _server) = silent_server().await;
    let slow = builder_for(&silent)
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    errors.push(slow.run::<Car>(&fastest()).await.unwrap_err());
    let refused = builder_for(&refused_url().await).build().unwrap();
    errors.push(refused.run::<Car>(&fastest()).await.unwrap_err());
    let (closing, _server) = raw_server(b"").await;
    let closed = builder_for(&closing).build().unwrap();
    errors.push(closed.run::<Car>(&fastest()).await.unwrap_err());
    errors.push(client.run::<Draft>(&fastest()).await.unwrap_err());
    errors.push(
        Client::new(format!("{SECRET_KEY} "))
            .run::<Car>(&fastest())
            .await
            .unwrap_err(),
    );
    // An answer too large, echoing the key; a redirect whose location carries it; both auth
    // headers at once; after retries.
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], format!("{{\"echo\":\"{SECRET_KEY}\"}}"));
    let tight = studio
        .client_builder()
        .auth(Auth::Both)
        .max_response_bytes(10)
        .build()
        .unwrap();
    errors.push(tight.run::<Car>(&fastest()).await.unwrap_err());
    let location: &'static str =
        Box::leak(format!("https://evil.example/?key={SECRET_KEY}").into_boxed_str());
    studio
        .on_deployment("dep_123")
        .respond_raw(307, &[("location", location)], SECRET_KEY);
    errors.push(tight.run::<Car>(&fastest()).await.unwrap_err());
    studio
        .on_deployment("dep_123")
        .respond_raw(503, &[], SECRET_KEY);
    let retrying = studio
        .client_builder()
        .auth(Auth::Both)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    errors.push(retrying.run::<Car>(&fastest()).await.unwrap_err());

    let variants: Vec<&str> = errors.iter().map(variant_name).collect();
    assert_eq!(
        variants,
        [
            "InvalidInput",
            "InvalidInput",
            "Unauthorized",
            "NotFound",
            "RateLimited",
            "WorkflowFailed",
            "UnexpectedStatus",
            "WorkflowFailed",
            "Decode",
            "Decode",
            "Timeout",
            "Transport",
            "Transport",
            "Config",
            "Config",
            "ResponseTooLarge",
            "UnexpectedStatus",
            "UnexpectedStatus",
        ]
    );
    for error in &errors {
        assert_no_key(&everything_shown(error));
    }

    // Nor does a panic that shows one: `unwrap` and `expect` print its Debug.
    for error in errors {
        #[allow(
            clippy::unnecessary_literal_unwrap,
            reason = "what `unwrap` prints is under test"
        )]
        let unwrap = std::panic::AssertUnwindSafe(|| Err::<(), Error>(error).unwrap());
        let payload = std::panic::catch_unwind(unwrap).unwrap_err();
        let message = payload.downcast_ref::<String>().unwrap();
        assert!(message.contains("called `Result::unwrap()` on an `Err` value"));
        assert_no_key(message);
    }
    traces.assert_no_key();
}

#[test]
fn settings_and_blocking_clients_never_show_the_key() {
    let builder = Client::builder()
        .api_key(SECRET_KEY)
        .base_url("http://127.0.0.1:9")
        .route(Route::Instructions)
        .auth(Auth::Both)
        .retry_policy(RetryPolicy::default().retry_workflow_failures(true));
    assert_no_key(&format!("{builder:?}"));
    let client = builder.build().unwrap();
    assert_no_key(&format!("{client:?}"));
    assert_no_key(&format!(
        "{:?}",
        RunOptions::new().retry_policy(RetryPolicy::none())
    ));
    #[cfg(feature = "blocking")]
    {
        let blocking = workflow_runtime::blocking::Client::builder().api_key(SECRET_KEY);
        assert_no_key(&format!("{blocking:?}"));
        let blocking = blocking.build().unwrap();
        assert_no_key(&format!("{blocking:?}"));
        assert_no_key(&format!(
            "{:?}",
            workflow_runtime::blocking::Client::new(format!("{SECRET_KEY}\n"))
        ));
    }
}

fn variant_name(error: &Error) -> &'static str {
    match error.kind() {
        ErrorKind::InvalidInput { .. } => "InvalidInput",
        ErrorKind::Unauthorized { .. } => "Unauthorized",
        ErrorKind::NotFound { .. } => "NotFound",
        ErrorKind::RateLimited { .. } => "RateLimited",
        ErrorKind::WorkflowFailed { .. } => "WorkflowFailed",
        ErrorKind::UnexpectedStatus { .. } => "UnexpectedStatus",
        ErrorKind::Timeout { .. } => "Timeout",
        ErrorKind::Transport { .. } => "Transport",
        ErrorKind::Decode { .. } => "Decode",
        ErrorKind::Config { .. } => "Config",
        ErrorKind::ResponseTooLarge { .. } => "ResponseTooLarge",
        _ => "unknown",
    }
}
