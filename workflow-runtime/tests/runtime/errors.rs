//! Every row of the error table, produced by a server that really answers that way.

use std::error::Error as _;
use std::time::Duration;

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Client, ErrorKind, Violation};

use crate::support::*;

#[tokio::test]
async fn a_wrong_key_is_unauthorized() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let client = builder_for(studio.url()).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { status: 401, body, .. } if body == "{}"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 401 Unauthorized: the API key was rejected or \
         did not reach the server; body: {}"
    );
    assert_eq!(error.status(), Some(401));
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_403_is_unauthorized_too() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(403);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { status: 403, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 403 Forbidden: the API key was rejected or did \
         not reach the server; body: {}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn an_unknown_deployment_is_not_found() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::NotFound { status: 404, .. }),
        "{error:?}"
    );
    assert_eq!(
        (error.workflow(), error.deployment_id()),
        (Some("car"), Some("dep_123"))
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 404 Not Found: no workflow with this deployment \
         id; body: {}"
    );
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn untyped_runs_name_the_deployment() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;

    let error = studio
        .client()
        .run_json("dep_404", json!({ "prompt": "hi" }))
        .await
        .unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::NotFound { .. }),
        "{error:?}"
    );
    assert_eq!(
        (error.workflow(), error.deployment_id()),
        (None, Some("dep_404"))
    );
    assert_eq!(
        error.to_string(),
        "deployment dep_404: server answered 404 Not Found: no workflow with this deployment id; \
         body: {}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_429_is_rate_limited_with_the_retry_after_delay() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(
        429,
        &[("retry-after", "7"), ("content-type", "text/plain")],
        "slow down",
    );

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { status: 429, retry_after: Some(delay), .. }
            if *delay == Duration::from_secs(7)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 429 Too Many Requests: rate limited, retry \
         after 7s; body: slow down"
    );
    assert_eq!(error.retry_after(), Some(Duration::from_secs(7)));
    assert!(error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_429_without_retry_after_is_rate_limited_without_a_delay() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(429);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(error.retry_after(), None);
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 429 Too Many Requests: rate limited; body: {}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_retry_after_date_becomes_a_delay() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let at = std::time::SystemTime::now() + Duration::from_secs(120);
    let date: &'static str = Box::leak(httpdate::fmt_http_date(at).into_boxed_str());
    studio
        .on_deployment("dep_123")
        .respond_raw(429, &[("retry-after", date)], "");

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    let delay = error.retry_after().unwrap();
    assert!(
        (Duration::from_secs(115)..=Duration::from_secs(120)).contains(&delay),
        "{delay:?}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_500_is_a_failed_workflow_and_not_retryable() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(500);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::WorkflowFailed { status: 500, .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: {}"
    );
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_400_from_the_server_is_an_unexpected_status_with_its_message() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());

    let error = studio
        .client()
        .run_json("dep_123", json!({ "question": "fastest?" }))
        .await
        .unwrap_err();

    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus { status: 400, .. }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "deployment dep_123: server answered 400 Bad Request; body: {\"error\":\"input does not \
         fit workflow car: missing field `prompt`\"}"
    );
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_502_html_page_is_an_unexpected_status_with_a_bounded_snippet() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let page = format!(
        "<html><head><title>502 Bad Gateway</title></head><body>{}</body></html>",
        "é".repeat(400)
    );
    studio.on_deployment("dep_123").respond_raw(
        502,
        &[("content-type", "text/html")],
        page.clone(),
    );

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    let ErrorKind::UnexpectedStatus { status, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    // 512 bytes fall in the middle of an "é": the cut moves back to the character before.
    let kept = &page[..511];
    assert_eq!(body, &format!("{kept}… (cut, the rest was not read)"));
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car (dep_123): server answered 502 Bad Gateway; body: {kept}… (cut, the \
             rest was not read)"
        )
    );
    // A gateway answered: the workflow may have run behind it.
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_503_is_retryable_and_a_504_is_not() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let client = once(&studio);
    for (status, message) in [
        (
            503,
            "workflow car (dep_123): server answered 503 Service Unavailable; body: {}",
        ),
        (
            504,
            "workflow car (dep_123): server answered 504 Gateway Timeout; body: {}",
        ),
    ] {
        studio.on::<Car>().fail(status);
        let error = client.run::<Car>(&fastest()).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::UnexpectedStatus { status: s, .. } if *s == status),
            "{error:?}"
        );
        assert_eq!(error.to_string(), message);
        assert_eq!(error.status(), Some(status));
        assert_eq!(error.is_retryable(), status == 503);
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn a_status_without_a_standard_reason_shows_the_number() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(599, &[], "");

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 599"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_redirect_without_location_is_an_unexpected_status() {
    let traces = Traces::capture();
    let (url, _server) = raw_server(b"HTTP/1.1 302 Found\r\ncontent-length: 0\r\n\r\n").await;
    let client = builder_for(&url).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus { status: 302, .. }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 302 Found"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_a_timeout() {
    let traces = Traces::capture();
    let (url, _server) = silent_server().await;
    let client = builder_for(&url)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Timeout { timeout, .. } if *timeout == Duration::from_millis(200)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 200ms"
    );
    assert_eq!(error.status(), None);
    // The request was sent: the workflow may be running, so a retry could run it twice.
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_refused_connection_is_a_retryable_transport_error() {
    let traces = Traces::capture();
    let url = refused_url().await;
    let client = builder_for(&format!("{url}/studio/")).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    let ErrorKind::Transport { source, origin, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert!(source.is_connect(), "{source:?}");
    // The origin of the base URL, not its path: where the connection was tried.
    assert_eq!(origin, &url);
    assert_eq!(
        error.to_string(),
        format!("workflow car (dep_123): could not connect to the server at {url}")
    );
    assert!(error.source().is_some());
    // What `main` returning `Result<(), Error>` prints: the message, then its causes down to
    // the OS, each on its own line.
    let printed = format!("{error:?}");
    assert!(
        printed.starts_with(&format!(
            "workflow car (dep_123): could not connect to the server at {url}\n\nCaused by:\n    0: error sending request for url ({url}/studio/v1/workflows/dep_123/run)\n"
        )),
        "{printed}"
    );
    assert!(printed.contains("Connection refused"), "{printed}");
    assert!(error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_connection_closed_without_an_answer_is_a_transport_error() {
    let traces = Traces::capture();
    let (url, _server) = raw_server(b"").await;
    let client = builder_for(&url).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car (dep_123): the connection to {url} failed while sending the request \
             or receiving the answer"
        )
    );
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_success_body_cut_short_is_a_transport_error() {
    let traces = Traces::capture();
    let (url, _server) = raw_server(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{\"result\":",
    )
    .await;
    let client = builder_for(&url).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car (dep_123): the connection to {url} failed while sending the request \
             or receiving the answer"
        )
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_200_that_is_not_json_is_a_decode_error() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(
        200,
        &[("content-type", "text/html")],
        "<html>maintenance</html>",
    );

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Decode { path, body, .. }
            if path.is_empty() && body == "<html>maintenance</html>"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): expected value at line 1 column 1; body: <html>maintenance</html>"
    );
    assert!(!error.is_retryable());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_200_without_result_is_a_decode_error() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], r#"{"completion":{"text":"Chiron"}}"#);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    // The answer is in the other route's envelope: the message says how to call that route.
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): missing field `result` at line 1 column 32; the answer has \
         `completion` instead, as Route::Instructions answers: call that route \
         (PROMPT_STUDIO_ROUTE=instructions), or a custom one with the envelope `completion`; \
         body: {\"completion\":{\"text\":\"Chiron\"}}"
    );

    // Neither envelope: nothing to suggest.
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], r#"{"output":{"text":"Chiron"}}"#);
    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): missing field `result` at line 1 column 28; body: \
         {\"output\":{\"text\":\"Chiron\"}}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn an_empty_200_is_a_decode_error() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(200, &[], "");

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): EOF while parsing a value at line 1 column 0"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn decode_error_names_the_failing_field() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(200, &[("content-type", "application/json")], r#"{"result":{"completion":"Chiron","entities":[{"name":"Bugatti","kind":"make"},{"name":"Ettore","kind":"person"}]}}"#);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    let ErrorKind::Decode { path, message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(path, "result.entities[1].kind");
    assert_eq!(
        message,
        "unknown variant `person`, expected `make` or `model` at line 1 column 110"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): result.entities[1].kind: unknown variant `person`, expected \
         `make` or `model` at line 1 column 110; body: {\"result\":{\"completion\":\"Chiron\",\
         \"entities\":[{\"name\":\"Bugatti\",\"kind\":\"make\"},{\"name\":\"Ettore\",\"kind\":\
         \"person\"}]}}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_result_of_the_wrong_type_is_a_decode_error_at_result() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond(|_| json!("Chiron"));

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): result: invalid type: string \"Chiron\", expected struct \
         CarResult at line 1 column 18; body: {\"result\":\"Chiron\"}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn trailing_bytes_after_the_envelope_are_a_decode_error() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], r#"{"result":{"completion":"x"}} {}"#);

    let error = once(&studio).run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): trailing characters at line 1 column 31; body: \
         {\"result\":{\"completion\":\"x\"}} {}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn an_input_that_fails_to_serialize_is_invalid_and_not_sent() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;

    let error = studio
        .client()
        .run::<Unserializable>(&TooLong)
        .await
        .unwrap_err();

    let ErrorKind::InvalidInput { violations, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(violations, &[Violation::new("", "the prompt is too long")]);
    assert_eq!(
        error.to_string(),
        "workflow unserializable (dep_bad): invalid input: the prompt is too long"
    );
    assert!(studio.requests().is_empty());
    traces.assert_no_key();
}

#[tokio::test]
async fn an_input_that_is_not_an_object_is_invalid_and_not_sent() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let client = once(&studio);

    let error = client.run::<Listy>(&vec![1, 2]).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow listy (dep_list): invalid input: the input must be a JSON object, not an array"
    );

    for (input, kind) in [
        (json!("text"), "a string"),
        (json!(null), "null"),
        (json!(true), "a boolean"),
        (json!(-1.5), "a number"),
    ] {
        let error = client.run_json("dep_json", input).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::InvalidInput { .. }),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!(
                "deployment dep_json: invalid input: the input must be a JSON object, not {kind}"
            )
        );
    }
    assert!(studio.requests().is_empty());
    traces.assert_no_key();
}

#[tokio::test]
async fn run_without_a_deployment_id_says_how_to_give_one() {
    let studio = MockStudio::start().await;

    let error = once(&studio).run::<Draft>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow draft has no deployment id: set `deployment_id` in the workflow file, pass \
         `deployment_id = \"...\"` to `workflow!`, or name one for the call with `.deployment(\"...\")`"
    );
    assert!(studio.requests().is_empty());
}

#[tokio::test]
async fn a_client_from_new_with_an_unusable_key_fails_every_run_with_config() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());

    let error = Client::new("").run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "no API key: call `ClientBuilder::api_key`, or set PROMPT_STUDIO_API_KEY and use \
         `Client::from_env`"
    );

    let error = Client::new("sk live")
        .run::<Car>(&fastest())
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "the API key is not usable: it may only contain visible ASCII characters (no spaces, no \
         trailing newline)"
    );
    assert!(studio.requests().is_empty());
    traces.assert_no_key();
}

#[test]
fn the_builder_rejects_bad_configuration_with_a_config_error() {
    let cases = [
        (
            Client::builder(),
            "no API key: call `ClientBuilder::api_key`, or set PROMPT_STUDIO_API_KEY and use \
             `Client::from_env`",
        ),
        (
            Client::builder()
                .api_key(SECRET_KEY)
                .base_url("api.prompt.studio"),
            "the base URL is not a valid URL (api.prompt.studio: relative URL without a base)",
        ),
        (
            Client::builder()
                .api_key(SECRET_KEY)
                .base_url("ftp://files.example"),
            "the base URL is not an http or https URL (ftp://files.example)",
        ),
        (
            Client::builder()
                .api_key(SECRET_KEY)
                .base_url("https://api.example/?region=eu"),
            "the base URL is not usable as a base: it has a query or a fragment \
             (https://api.example/?<redacted>)",
        ),
        (
            Client::builder().api_key(SECRET_KEY).user_agent("car\napp"),
            "the user agent \"car\\napp\" is not a valid header value",
        ),
        (
            Client::builder()
                .api_key(SECRET_KEY)
                .http_client(direct_http())
                .connect_timeout(Duration::from_secs(1)),
            "`connect_timeout` cannot be applied to a caller-supplied `http_client`: set it on \
             that client's `reqwest::ClientBuilder` instead",
        ),
    ];
    for (builder, message) in cases {
        let error = builder.build().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Config { .. }),
            "{error:?}"
        );
        assert_eq!(error.to_string(), message);
        assert_eq!(error.status(), None);
        assert!(!error.is_retryable());
    }
}
