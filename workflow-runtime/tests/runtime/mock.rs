//! `MockStudio` rejects what the hosted service would, answers from handlers and examples, and
//! stops when dropped.

use std::time::Duration;

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, reqwest};

use crate::support::*;

/// Sends a raw request to the mock and returns the status, the `Allow` header and the body.
async fn raw(
    studio: &MockStudio,
    method: reqwest::Method,
    path: &str,
    key: Option<&str>,
    content_type: Option<&str>,
    body: &'static str,
) -> (u16, Option<String>, String) {
    let mut request = direct_http()
        .request(method, format!("{}{path}", studio.url()))
        .body(body);
    if let Some(key) = key {
        request = request.header("API_KEY", key);
    }
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let allow = response
        .headers()
        .get("allow")
        .map(|value| value.to_str().unwrap().to_owned());
    (status, allow, response.text().await.unwrap())
}

#[tokio::test]
async fn the_mock_rejects_what_the_service_would() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let key = Some(studio.api_key().to_owned());
    let key = key.as_deref();
    let json = Some("application/json");
    let run = "/v1/workflows/dep_123/run";
    let good = r#"{"input":{"prompt":"fastest car?"}}"#;
    let post = reqwest::Method::POST;

    let cases = [
        (
            raw(
                &studio,
                post.clone(),
                "/v1/workflows/dep_123",
                key,
                json,
                good,
            )
            .await,
            (
                404,
                None,
                r#"{"error":"no route for POST /v1/workflows/dep_123"}"#,
            ),
        ),
        (
            raw(
                &studio,
                post.clone(),
                "/v1/workflows/a/b/run",
                key,
                json,
                good,
            )
            .await,
            (
                404,
                None,
                r#"{"error":"no route for POST /v1/workflows/a/b/run"}"#,
            ),
        ),
        (
            raw(&studio, reqwest::Method::GET, run, key, json, "").await,
            (
                405,
                Some("POST"),
                r#"{"error":"GET is not allowed here, only POST"}"#,
            ),
        ),
        (
            raw(&studio, post.clone(), run, None, json, good).await,
            (401, None, "{}"),
        ),
        (
            raw(&studio, post.clone(), run, Some("wrong"), json, good).await,
            (401, None, "{}"),
        ),
        (
            raw(&studio, post.clone(), run, key, Some("text/plain"), good).await,
            (
                415,
                None,
                r#"{"error":"expected Content-Type application/json, got \"text/plain\""}"#,
            ),
        ),
        (
            raw(
                &studio,
                post.clone(),
                "/v1/workflows/dep_999/run",
                key,
                json,
                good,
            )
            .await,
            (404, None, "{}"),
        ),
        (
            raw(&studio, post.clone(), run, key, json, "prompt=fast").await,
            (400, None, r#"{"error":"the body is not JSON"}"#),
        ),
        (
            raw(&studio, post.clone(), run, key, json, r#"[{"prompt":"x"}]"#).await,
            (
                400,
                None,
                r#"{"error":"the body must be an object: {\"input\": {...}}"}"#,
            ),
        ),
        (
            raw(&studio, post.clone(), run, key, json, r#"{"prompt":"x"}"#).await,
            (400, None, r#"{"error":"the body has no `input`"}"#),
        ),
        (
            raw(&studio, post.clone(), run, key, json, r#"{"input":"x"}"#).await,
            (400, None, r#"{"error":"`input` must be an object"}"#),
        ),
        (
            raw(
                &studio,
                post.clone(),
                run,
                key,
                json,
                r#"{"input":{"prompt":7}}"#,
            )
            .await,
            (
                400,
                None,
                r#"{"error":"input.prompt does not fit workflow car: invalid type: integer `7`, expected a string"}"#,
            ),
        ),
        (
            raw(
                &studio,
                post.clone(),
                run,
                key,
                Some("application/json; charset=utf-8"),
                good,
            )
            .await,
            (
                200,
                None,
                r#"{"result":{"completion":"Bugatti Chiron Super Sport 300+","entities":[{"name":"Bugatti","kind":"make"}]}}"#,
            ),
        ),
    ];
    for ((status, allow, body), (expected_status, expected_allow, expected_body)) in cases {
        assert_eq!(
            (status, allow.as_deref(), body.as_str()),
            (expected_status, expected_allow, expected_body)
        );
    }
    // Rejected requests are recorded too.
    assert_eq!(studio.requests().len(), 13);
}

#[tokio::test]
async fn examples_answer_with_the_matching_example_or_the_first() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().examples();
    let client = studio.client();

    let cheapest = client
        .run::<Car>(&CarInput::new("cheapest car?"))
        .await
        .unwrap();
    assert_eq!(cheapest.completion, "Tata Nano");

    let other = client
        .run::<Car>(&CarInput::new("greenest car?"))
        .await
        .unwrap();
    assert_eq!(other.completion, "Bugatti Chiron Super Sport 300+");
}

#[tokio::test]
async fn examples_of_a_workflow_without_any_answer_500_saying_so() {
    let studio = MockStudio::start().await;
    // `Draft` has no deployment id: the mock answers for its name.
    studio.on::<Draft>().examples();

    let error = studio
        .client()
        .run::<Draft>(&fastest())
        .deployment("draft")
        .await
        .unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::WorkflowFailed { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow draft (draft): server answered 500 Internal Server Error: the workflow failed; \
         body: {\"error\":\"MockStudio: workflow draft has no examples to answer with\"}"
    );
}

#[tokio::test]
async fn typed_handlers_of_a_workflow_without_deployment_id_answer_for_its_name() {
    let studio = MockStudio::start().await;
    studio.on::<Draft>().respond(|input| CarResult {
        completion: format!("draft: {}", input.prompt),
        entities: Vec::new(),
    });

    let result = studio
        .client()
        .run::<Draft>(&fastest())
        .deployment("draft")
        .await
        .unwrap();

    assert_eq!(result.completion, "draft: fastest car?");
}

#[tokio::test]
async fn a_later_registration_replaces_the_handler() {
    let studio = MockStudio::start().await;
    let client = once(&studio);
    studio.on::<Car>().respond(|_| chiron());
    assert_eq!(client.run::<Car>(&fastest()).await.unwrap(), chiron());

    studio.on::<Car>().fail(503);
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(error.status(), Some(503));
}

#[tokio::test]
async fn a_panicking_handler_answers_500() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| panic!("handler bug"));

    let error = studio.client().run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: {\"error\":\"MockStudio: the handler for \\\"dep_123\\\" panicked\"}"
    );
}

#[tokio::test]
async fn the_mock_stops_when_dropped() {
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let client = once(&studio);
    assert_eq!(client.run::<Car>(&fastest()).await.unwrap(), chiron());
    let url = studio.url().to_owned();

    drop(studio);
    // Let the runtime run the aborted server task to completion, closing the listener.
    tokio::time::sleep(Duration::from_millis(50)).await;

    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("workflow car (dep_123): could not connect to the server at {url}")
    );
}

#[tokio::test]
async fn the_mock_reports_its_url_key_and_routes_in_debug() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_b").fail(500);
    studio.on_deployment("dep_a").respond(|input| input);

    assert!(studio.url().starts_with("http://127.0.0.1:"));
    let port = studio.url().rsplit(':').next().unwrap();
    assert_eq!(studio.api_key(), format!("mock-key-{port}"));
    assert_eq!(
        format!("{studio:?}"),
        format!(
            "MockStudio {{ url: {:?}, deployments: [\"dep_a\", \"dep_b\"], .. }}",
            studio.url()
        )
    );
    let echoed = studio
        .client()
        .run_json("dep_a", json!({ "x": 1 }))
        .await
        .unwrap();
    assert_eq!(echoed, json!({ "x": 1 }));
}

#[tokio::test]
async fn start_on_binds_the_given_address() {
    // A port that was free a moment ago: the mock takes it over.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let studio = MockStudio::start_on(([127, 0, 0, 1], port).into())
        .await
        .unwrap();
    assert_eq!(studio.url(), format!("http://127.0.0.1:{port}"));
    assert_eq!(studio.api_key(), format!("mock-key-{port}"));
    studio.on::<Car>().respond(|_| chiron());
    assert_eq!(
        studio.client().run::<Car>(&fastest()).await.unwrap(),
        chiron()
    );

    // Taken now.
    let error = MockStudio::start_on(([127, 0, 0, 1], port).into())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), std::io::ErrorKind::AddrInUse);

    // An unspecified address is served on every interface and named by its loopback.
    let anywhere = MockStudio::start_on(([0, 0, 0, 0], 0).into())
        .await
        .unwrap();
    assert!(
        anywhere.url().starts_with("http://127.0.0.1:"),
        "{}",
        anywhere.url()
    );
    anywhere.on::<Car>().respond(|_| chiron());
    assert_eq!(
        anywhere.client().run::<Car>(&fastest()).await.unwrap(),
        chiron()
    );
}

#[tokio::test]
async fn accept_any_api_key_takes_any_key_but_not_none() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond(|input| input);
    let run = format!("{}/v1/workflows/dep_123/run", studio.url());
    let send = |key: Option<(&'static str, &'static str)>| {
        let mut request = direct_http()
            .post(&run)
            .header("content-type", "application/json")
            .body(r#"{"input":{"x":1}}"#);
        if let Some((name, value)) = key {
            request = request.header(name, value);
        }
        async move { request.send().await.unwrap().status().as_u16() }
    };

    assert_eq!(send(Some(("API_KEY", "someone-elses-key"))).await, 401);

    studio.accept_any_api_key();
    assert_eq!(send(Some(("API_KEY", "someone-elses-key"))).await, 200);
    assert_eq!(
        send(Some(("authorization", "Bearer someone-elses-key"))).await,
        200
    );
    assert_eq!(send(Some(("authorization", "bearer k"))).await, 200);
    assert_eq!(send(None).await, 401);
    assert_eq!(send(Some(("API_KEY", ""))).await, 401);
    assert_eq!(send(Some(("authorization", "Bearer "))).await, 401);
    assert_eq!(
        send(Some(("authorization", "Basic dXNlcjpwYXNz"))).await,
        401
    );
    // Its own client keeps working.
    let echoed = builder_for(studio.url())
        .build()
        .unwrap()
        .run_json("dep_123", json!({ "x": 2 }))
        .await
        .unwrap();
    assert_eq!(echoed, json!({ "x": 2 }));
}

#[tokio::test]
async fn handle_answers_with_the_handlers_status_and_whole_body() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").handle(|input| {
        if input["prompt"]
            .as_str()
            .is_some_and(|prompt| prompt.len() > 5)
        {
            (
                400,
                json!({ "errors": [{ "pointer": "/prompt", "message": "too long" }] }),
            )
        } else {
            (
                200,
                json!({ "result": { "completion": "short" }, "cost": 0.01 }),
            )
        }
    });
    let client = studio.client();

    let short = client.run::<Car>(&CarInput::new("hi")).await.unwrap();
    assert_eq!(short.completion, "short");

    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus { status: 400, .. }
        ),
        "{error:?}"
    );
    // Key order in the body follows serde_json's map, which feature unification may change.
    let body = json!({ "errors": [{ "pointer": "/prompt", "message": "too long" }] });
    assert_eq!(
        error.to_string(),
        format!("workflow car (dep_123): server answered 400 Bad Request; body: {body}")
    );

    studio
        .on_deployment("dep_123")
        .handle(|_| (1000, json!({})));
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: {\"error\":\"MockStudio: the handler answered 1000, which is not an HTTP status\"}"
    );
}
