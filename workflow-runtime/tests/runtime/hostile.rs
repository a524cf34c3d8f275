//! The runtime against servers that misbehave on purpose, written byte by byte (issue 13): CPU
//! and memory bombs in results, the deadline over decoding, keys echoed in headers, unbounded
//! and control-character text, stalled error bodies, duplicate envelopes, secrets in the
//! configuration, Retry-After overflows, zero limits, and early answers. Every test watches all
//! traces for the key. Timing bounds are loose: what is asserted is the outcome.

use std::time::{Duration, Instant};

use serde_json::json;
use workflow_runtime::repair::Rule;
use workflow_runtime::{Auth, Client, ErrorKind, ResultMode, RetryPolicy, RunOptions, Workflow};

use crate::support::*;

/// `Car` with a result schema: `entities` is an array of `{name, kind}`.
struct SchemaCar;

const CAR_RESULT_SCHEMA: &str = r#"{
    "type": "object",
    "required": ["completion"],
    "properties": {
        "completion": { "type": "string" },
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "kind"],
                "properties": {
                    "name": { "type": "string" },
                    "kind": { "enum": ["make", "model"] }
                }
            }
        }
    }
}"#;

impl Workflow for SchemaCar {
    type Input = CarInput;
    type Output = CarResult;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_123");
    const RESULT_SCHEMA: Option<&'static str> = Some(CAR_RESULT_SCHEMA);
}

/// A 200 answer with `body`, announced with its length.
fn ok(body: &[u8]) -> Vec<u8> {
    let mut answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    answer.extend_from_slice(body);
    answer
}

fn bracket_bomb(size: usize) -> Vec<u8> {
    let mut body = br#"{"result":{"completion":"ok","entities":""#.to_vec();
    body.extend(std::iter::repeat_n(b'[', size));
    body.extend_from_slice(br#""}}"#);
    body
}

#[tokio::test]
async fn a_bracket_bomb_in_a_string_is_refused_in_linear_time() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![ok(&bracket_bomb(4 << 20))]).await;
    let client = builder_for(&server.url)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<SchemaCar>(&fastest()).await.unwrap_err();

    let ErrorKind::Decode {
        path,
        message,
        tried,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(path, "result.entities");
    assert!(
        message.starts_with("expected an array, found the string \"[[[[")
            && message.ends_with(" bytes cut)"),
        "{message}"
    );
    assert_eq!(
        tried.iter().collect::<Vec<_>>(),
        [Rule::JsonFromString, Rule::ArrayFromSingle]
    );
    assert!(
        error
            .to_string()
            .contains(" bytes cut) (tried: json_from_string, array_from_single); body: "),
        "{error}"
    );
    assert_safe_to_show(&error);
    // Linear: well under the minute a quadratic scan of 4 MiB takes in a debug build.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
    traces.assert_no_key();
}

/// `count` entities, each `{"name": "<name_len x n>", "kind": "<kind>"}`, as a whole answer.
fn entities_body(count: usize, name_len: usize, kind: &str) -> Vec<u8> {
    let name = "n".repeat(name_len);
    let mut body = br#"{"result":{"completion":"ok","entities":["#.to_vec();
    for index in 0..count {
        if index > 0 {
            body.push(b',');
        }
        body.extend_from_slice(format!(r#"{{"name":"{name}","kind":"{kind}"}}"#).as_bytes());
    }
    body.extend_from_slice(b"]}}");
    body
}

#[tokio::test]
async fn decoding_that_outlasts_the_deadline_is_a_timeout() {
    let traces = Traces::capture();
    // Answers whose decoding takes far longer than the 100 ms left when their last byte is
    // sent: one that needs a repair in every item, one that fits (for a strict run), one for an
    // untyped run (long names keep its `Value` within budget).
    let bodies = std::sync::Arc::new(vec![
        entities_body(300_000, 8, "MAKE"),
        entities_body(300_000, 8, "make"),
        entities_body(30_000, 600, "make"),
    ]);
    let timeout = Duration::from_millis(3000);
    let sent_at = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = std::sync::Arc::clone(&sent_at);
    let server = RawServer::start(move |mut stream, index| {
        let bodies = std::sync::Arc::clone(&bodies);
        let recorded = std::sync::Arc::clone(&recorded);
        async move {
            use tokio::io::AsyncWriteExt;
            let started = Instant::now();
            read_request(&mut stream).await;
            let body = &bodies[index.min(bodies.len() - 1)];
            let head = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(&body[..body.len() - 1]).await;
            let last_byte_at = timeout - Duration::from_millis(100);
            tokio::time::sleep(last_byte_at.saturating_sub(started.elapsed())).await;
            let _ = stream.write_all(&body[body.len() - 1..]).await;
            recorded.lock().unwrap().push(started.elapsed());
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    })
    .await;
    let client = builder_for(&server.url).timeout(timeout).build().unwrap();

    for mode in [ResultMode::Repair, ResultMode::Strict] {
        let started = Instant::now();
        let error = client
            .run::<SchemaCar>(&fastest())
            .options(&RunOptions::new().result_mode(mode))
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Timeout { .. }),
            "{mode:?}: {error:?}"
        );
        assert!(
            started.elapsed() < timeout + Duration::from_secs(1),
            "{mode:?}: {:?}",
            started.elapsed()
        );
    }
    let started = Instant::now();
    let error = client
        .run_json("dep_123", json!({ "prompt": "hi" }))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Timeout { .. }),
        "{error:?}"
    );
    assert!(
        started.elapsed() < timeout + Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    // Each body was complete before its run's deadline (the server's clock started after the
    // client's): the timeout is the decode's.
    for sent in sent_at.lock().unwrap().iter() {
        assert!(*sent < timeout, "{sent:?}");
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn an_untyped_result_that_would_amplify_in_memory_is_refused() {
    let traces = Traces::capture();
    let mut body = br#"{"result":["#.to_vec();
    for index in 0..(1 << 20) {
        if index > 0 {
            body.push(b',');
        }
        body.push(b'0');
    }
    body.extend_from_slice(b"]}");
    let server = RawServer::script(vec![ok(&body)]).await;
    let client = builder_for(&server.url).build().unwrap();

    let error = client.run_json("dep_1", json!({})).await.unwrap_err();

    let ErrorKind::Decode { path, message, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(path, "");
    assert_eq!(
        message,
        &format!(
            "the answer is too large to hold as a serde_json::Value: it would take more than {} \
             bytes of memory (3x its {} bytes, the most an untyped run may take); decode it into \
             a typed output with `Client::run` instead, which holds about what the answer's text \
             does",
            body.len() * 3,
            body.len()
        )
    );
    assert_safe_to_show(&error);
    // The same answer, typed: it does not fit `CarResult` (an array), and repairing it builds
    // nothing of that size.
    let error = client.run::<SchemaCar>(&fastest()).await.unwrap_err();
    assert!(
        error.to_string().starts_with(
            "workflow car (dep_123): result[0]: invalid type: integer `0`, expected a string"
        ),
        "{error}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_key_echoed_in_any_header_or_body_never_reaches_errors_results_or_traces() {
    let traces = Traces::capture();
    let echoed = |status: &str, extra: &str, body: &str| {
        format!(
            "HTTP/1.1 {status} {SECRET_KEY}\r\nx-request-id: req-{SECRET_KEY}\r\n{extra}\
             content-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_bytes()
    };
    let server = RawServer::script(vec![
        echoed("200", "", r#"{"result":{"completion":"ok"}}"#),
        echoed("500", "", &format!("echo {SECRET_KEY}")),
        echoed(
            "302",
            &format!("location: https://elsewhere/?key={SECRET_KEY}\r\n"),
            "",
        ),
        echoed("429", "retry-after: 600\r\n", SECRET_KEY),
        echoed(
            "200",
            "",
            &format!(r#"{{"result":{{"completion":5,"x":"{SECRET_KEY}"}}}}"#),
        ),
        echoed("200", "", &format!(r#"{{"result":{{"{SECRET_KEY}":1}}"#)),
    ])
    .await;
    let client = builder_for(&server.url).build().unwrap();

    let detailed = client
        .run::<SchemaCar>(&fastest())
        .detailed()
        .await
        .unwrap();
    assert_eq!(detailed.request_id.as_deref(), Some("req-<redacted>"));
    for expected in [500, 302, 429] {
        let error = client.run::<SchemaCar>(&fastest()).await.unwrap_err();
        assert_eq!(error.status(), Some(expected));
        assert_safe_to_show(&error);
    }
    for _ in 0..2 {
        let error = client.run::<SchemaCar>(&fastest()).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Decode { .. }),
            "{error:?}"
        );
        assert_safe_to_show(&error);
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn serde_messages_quoting_huge_strings_are_cut_saying_how_much() {
    let traces = Traces::capture();
    let huge = "x".repeat(1 << 20);
    // A number where a string is wanted, quoted whole by serde in every mode and without a
    // schema.
    let body = format!(
        r#"{{"result":{{"completion":"ok","entities":[{{"name":"{huge}","kind":"{huge}"}}]}}}}"#
    );
    let server = RawServer::script(vec![ok(body.as_bytes())]).await;
    let client = builder_for(&server.url).build().unwrap();

    let runs = [
        client
            .run::<SchemaCar>(&fastest())
            .options(&RunOptions::new().result_mode(ResultMode::Strict))
            .await,
        client.run::<SchemaCar>(&fastest()).await,
        // Without a schema: nothing to repair with, serde's message as it is.
        client.run::<Car>(&fastest()).await,
    ];
    for run in runs {
        let error = run.unwrap_err();
        assert_safe_to_show(&error);
        let ErrorKind::Decode { path, message, .. } = error.kind() else {
            panic!("{error:?}")
        };
        assert_eq!(path, "result.entities[0].kind");
        assert!(message.len() < 1100, "{}", message.len());
        assert!(message.contains(" bytes cut)"), "{message}");
        assert!(
            error.to_string().ends_with(" bytes cut)"),
            "the body snippet says it was cut: {error}"
        );
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn a_stalled_error_body_still_gives_the_status_error() {
    let traces = Traces::capture();
    // 429, then a body of 1000 announced bytes sent one a second: the status is what matters.
    let stalled =
        "HTTP/1.1 429 Too Many Requests\r\nretry-after: 1\r\ncontent-length: 1000\r\n\r\n";
    let server = trickle_server(
        stalled.to_owned(),
        vec![b'x'; 1000],
        1,
        Duration::from_secs(1),
    )
    .await;
    let client = builder_for(&server.url)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(wait), body, .. }
            if *wait == Duration::from_secs(1) && body.starts_with("x") && body.ends_with("(cut, the rest was not read)")),
        "{error:?}"
    );
    assert_between(started.elapsed(), 1500, 10_000);

    // Retried per policy: the second attempt answers.
    let script = RawServer::start(move |mut stream, index| async move {
        use tokio::io::AsyncWriteExt;
        read_request(&mut stream).await;
        if index == 0 {
            let _ = stream.write_all(stalled.as_bytes()).await;
            tokio::time::sleep(Duration::from_secs(20)).await;
        } else {
            let _ = stream
                .write_all(&http("200 OK", &[], r#"{"result":{"completion":"ok"}}"#))
                .await;
        }
    })
    .await;
    let client = builder_for(&script.url)
        .retry_policy(quick_retries())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let detailed = client.run::<Car>(&fastest()).detailed().await.unwrap();
    assert_eq!(detailed.attempts, 2);
    assert_eq!(detailed.output.completion, "ok");
    traces.assert_no_key();
}

#[tokio::test]
async fn a_duplicate_result_is_refused_in_every_mode() {
    let traces = Traces::capture();
    // The second one would even need a repair: it is not taken in any mode.
    let body =
        br#"{"result":{"completion":"first"},"result":{"completion":"second","entities":"[]"}}"#;
    let server = RawServer::script(vec![ok(body)]).await;
    let client = builder_for(&server.url).build().unwrap();
    let duplicate = "workflow car (dep_123): duplicate field `result` at line 1 column 41; body: ";

    for mode in [ResultMode::Repair, ResultMode::Strict] {
        let error = client
            .run::<SchemaCar>(&fastest())
            .options(&RunOptions::new().result_mode(mode))
            .await
            .unwrap_err();
        assert!(
            error.to_string().starts_with(duplicate),
            "{mode:?}: {error}"
        );
    }
    let error = client.run_json("dep_123", json!({})).await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("deployment dep_123: duplicate field `result` at line 1 column 41"),
        "{error}"
    );
    traces.assert_no_key();
}

#[test]
fn a_base_url_with_credentials_or_a_query_is_refused_without_echoing_them() {
    for (url, expected) in [
        (
            "https://user:hunter2@api.example.com/",
            "the base URL is not usable as a base: it has a user name or password in it \
             (https://<redacted>@api.example.com/); the API key goes in `ClientBuilder::api_key` \
             (or PROMPT_STUDIO_API_KEY), and credentials in the URL would be sent as a second \
             `Authorization` header",
        ),
        (
            "https://api.example.com/?api_key=hunter2",
            "the base URL is not usable as a base: it has a query or a fragment \
             (https://api.example.com/?<redacted>)",
        ),
        (
            "https://user:hunter2@api example.com/?api_key=hunter2",
            "the base URL is not a valid URL (https://<redacted>@api example.com/?<redacted>: \
             invalid international domain name)",
        ),
        (
            "ftp://user:hunter2@files.example/?x=hunter2",
            "the base URL is not an http or https URL (ftp://<redacted>@files.example/?<redacted>)",
        ),
    ] {
        let builder = Client::builder().api_key(SECRET_KEY).base_url(url);
        let error = builder.clone().build().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Config { .. }),
            "{error:?}"
        );
        assert_eq!(error.to_string(), expected);
        assert!(!format!("{error:?}").contains("hunter2"));
    }
}

#[tokio::test]
async fn both_auth_styles_send_one_authorization_header() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "200 OK",
        &[],
        r#"{"result":{"completion":"ok"}}"#,
    )])
    .await;
    let client = builder_for(&server.url).auth(Auth::Both).build().unwrap();
    client.run::<Car>(&fastest()).await.unwrap();
    let request = server.requests().remove(0).to_ascii_lowercase();
    assert_eq!(
        request.matches("\r\nauthorization:").count(),
        1,
        "{request}"
    );
    assert_eq!(request.matches("\r\napi_key:").count(), 1, "{request}");
    traces.assert_no_key();
}

#[tokio::test]
async fn control_characters_from_the_server_and_the_deployment_id_are_escaped() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![
        // hyper refuses a reason phrase with control characters: a transport error, showing
        // nothing of it.
        http("500 Internal \u{1b}[31mError", &[], ""),
        http(
            "500 Internal Error",
            &[],
            "line one\r\nline two\u{1b}[2J\u{7}",
        ),
    ])
    .await;
    let client = builder_for(&server.url).build().unwrap();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_safe_to_show(&error);
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_safe_to_show(&error);
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: line one\\r\\nline two\\u{1b}[2J\\u{7}"
    );

    let error = client
        .run::<Car>(&fastest())
        .deployment("dep_1\r\n\u{1b}]0;pwned\u{7}")
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car: the deployment id \"dep_1\\r\\n\\u{1b}]0;pwned\\u{7}\" has a control \
         character in it (a newline read with it from a file or a variable?): pass the id alone"
    );
    // Nothing was sent for it.
    assert_eq!(server.connections(), 2);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_retry_after_beyond_u64_seconds_fails_at_once() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "429 Too Many Requests",
        &[("retry-after", "99999999999999999999999999")],
        "",
    )])
    .await;
    let client = builder_for(&server.url)
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::MAX));
    assert_eq!(server.connections(), 1);
    assert_between(started.elapsed(), 0, 2000);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_non_finite_input_is_refused_whether_or_not_validation_is_on() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "200 OK",
        &[],
        r#"{"result":{"completion":"ok"}}"#,
    )])
    .await;
    let client = builder_for(&server.url).build().unwrap();
    for value in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let input = CarInput {
            prompt: "hi".into(),
            temperature: Some(value),
        };
        for validate in [true, false] {
            let options = RunOptions::new().validate_input(validate);
            let error = client
                .run::<Car>(&input)
                .options(&options)
                .await
                .unwrap_err();
            assert_eq!(
                error.to_string(),
                "workflow car (dep_123): invalid input: /temperature: not a finite number (NaN \
                 or an infinity): JSON has none, and serde_json would send it as null"
            );
        }
    }
    assert_eq!(server.connections(), 0);
    // serde_json's own `Value` cannot hold one: `json!(f64::NAN)` is already `null`.
    traces.assert_no_key();
}

#[tokio::test]
async fn a_huge_deployment_id_is_refused_before_sending() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "200 OK",
        &[],
        r#"{"result":{"completion":"ok"}}"#,
    )])
    .await;
    let client = builder_for(&server.url).build().unwrap();
    let huge = "d".repeat(100_000);
    let error = client
        .run::<Car>(&fastest())
        .deployment(&huge)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car: the deployment id is 100000 bytes long, more than the 1024 a \
             deployment id can be (it starts {}… (99968 bytes cut)): pass the id from the \
             workflow editor",
            "d".repeat(32)
        )
    );
    let error = client.run_json(&huge, json!({})).await.unwrap_err();
    assert!(error.to_string().len() < 300, "{error}");
    // 1024 bytes are fine.
    client
        .run::<Car>(&fastest())
        .deployment(&"d".repeat(1024))
        .await
        .unwrap();
    assert_eq!(server.connections(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn zero_limits_are_config_errors_and_nothing_is_sent() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "200 OK",
        &[],
        r#"{"result":{"completion":"ok"}}"#,
    )])
    .await;
    let zero = Duration::ZERO;
    for (builder, message) in [
        (
            builder_for(&server.url).timeout(zero),
            "`timeout` is 0: a run cannot be sent and answered in no time; leave it unset for \
             the default, or give it room",
        ),
        (
            builder_for(&server.url).connect_timeout(zero),
            "`connect_timeout` is 0: no connection can be made in no time; leave it unset for \
             the default, or give it room",
        ),
        (
            builder_for(&server.url).max_response_bytes(0),
            "`max_response_bytes` is 0: even the smallest answer, `{\"result\":{}}`, takes 13 \
             bytes; leave it unset for the default, or give it room",
        ),
        (
            builder_for(&server.url).retry_policy(RetryPolicy::default().attempt_timeout(zero)),
            "`attempt_timeout` is 0: an attempt cannot be sent and answered in no time; leave \
             it unset for the default, or give it room",
        ),
    ] {
        let error = builder.build().unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Config { .. }),
            "{error:?}"
        );
        assert_eq!(error.to_string(), message);
    }
    let client = builder_for(&server.url).build().unwrap();
    for (options, message) in [
        (
            RunOptions::new().timeout(zero),
            "the call's `timeout` is 0: a run cannot be sent and answered in no time; leave it \
             unset for the default, or give it room",
        ),
        (
            RunOptions::new().retry_policy(RetryPolicy::none().attempt_timeout(zero)),
            "the call's `attempt_timeout` is 0: an attempt cannot be sent and answered in no \
             time; leave it unset for the default, or give it room",
        ),
    ] {
        for _ in 0..10 {
            let error = client
                .run::<Car>(&fastest())
                .options(&options)
                .await
                .unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }
    assert_eq!(server.connections(), 0);
    traces.assert_no_key();
}

#[tokio::test]
async fn retry_after_zero_waits_at_least_the_floor() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![http(
        "429 Too Many Requests",
        &[("retry-after", "0")],
        "",
    )])
    .await;
    let client = builder_for(&server.url)
        .retry_policy(RetryPolicy::default().max_retries(1000))
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { .. }),
        "{error:?}"
    );
    // One second, 100 ms at least between attempts: 10 attempts, 11 at the most.
    let sent = server.connections();
    assert!((2..=11).contains(&sent), "{sent} requests in one second");
    traces.assert_no_key();
}

/// A server that reads only the request's head, answers 401, and then, without reading the
/// body, either half-closes and waits (`graceful`) or closes at once (which resets the
/// connection, since the body is left unread).
async fn early_401(graceful: bool) -> RawServer {
    RawServer::start(move |mut stream, _| async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return,
                Ok(read) => head.extend_from_slice(&buffer[..read]),
            }
        }
        let answer = http(
            "401 Unauthorized",
            &[("connection", "close")],
            r#"{"error":"bad key"}"#,
        );
        let _ = stream.write_all(&answer).await;
        if graceful {
            let _ = stream.shutdown().await;
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    })
    .await
}

#[tokio::test]
async fn an_early_401_while_the_body_is_still_sent_is_reported_as_such() {
    let traces = Traces::capture();
    let big = CarInput::new(&"p".repeat(16 << 20));
    // The server answers and stops reading, but keeps the connection: the answer is always
    // read, however much of the body is still unsent.
    let server = early_401(true).await;
    let client = builder_for(&server.url)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    for _ in 0..3 {
        let error = client.run::<Car>(&big).await.unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Unauthorized { status: 401, .. }),
            "{error:?}"
        );
        assert_safe_to_show(&error);
    }

    // The server answers and closes at once: its kernel resets the connection because the body
    // is unread, and the reset may discard the answer before the client reads it. Best effort:
    // the answer when it was read, else a transport error; never anything else, and never a
    // retry.
    let server = early_401(false).await;
    let client = builder_for(&server.url)
        .retry_policy(quick_retries())
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    for _ in 0..3 {
        let before = server.connections();
        let error = client.run::<Car>(&big).await.unwrap_err();
        assert!(
            matches!(
                error.kind(),
                ErrorKind::Unauthorized { status: 401, .. } | ErrorKind::Transport { .. }
            ),
            "{error:?}"
        );
        assert!(!error.is_retryable(), "{error:?}");
        assert_eq!(server.connections(), before + 1);
    }
    traces.assert_no_key();
}
