//! The fault matrix: servers on loopback that refuse, reset, truncate, stall, rate-limit or fail,
//! and what each run returns, how many requests it made and how long it took.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, RetryPolicy, RunOptions};

use crate::support::*;

const HTML_PAGE: &str = "<html><body><h1>Bad Gateway</h1></body></html>";

#[tokio::test]
async fn a_refused_connection_is_retried_then_a_transport_error() {
    let traces = Traces::capture();
    let url = refused_url().await;
    let client = builder_for(&url)
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!("workflow car (dep_123): could not connect to the server at {url}")
    );
    // Two waits, 50 ms and 100 ms: three attempts (the tracing test counts them one by one).
    assert_between(started.elapsed(), 150, 3000);

    let once = builder_for(&url).build().unwrap();
    let started = Instant::now();
    once.run::<Car>(&fastest()).await.unwrap_err();
    assert_between(started.elapsed(), 0, 140);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_reset_in_the_middle_of_the_answer_is_a_transport_error_and_not_retried() {
    let traces = Traces::capture();
    let server = RawServer::start(|mut stream, _| async move {
        read_request(&mut stream).await;
        stream
            .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"result\":{\"compl")
            .await
            .unwrap();
        stream.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
        // Linger 0 turns the close into a reset.
        stream.set_zero_linger().unwrap();
        drop(stream);
    })
    .await;
    let client = builder_for(&server.url)
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car (dep_123): the connection to {} failed while sending the request or \
             receiving the answer",
            server.url
        )
    );
    assert!(!error.is_retryable());
    // The request was sent and may have run: no second attempt.
    assert_eq!(server.connections(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn truncated_json_is_a_decode_error_and_not_retried() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(
        200,
        &[("content-type", "application/json")],
        r#"{"result":{"completion":"Bug"#,
    );
    let client = studio
        .client_builder()
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Decode { path, .. } if path == "result.completion"),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): result.completion: EOF while parsing a string at line 1 column \
         28; body: {\"result\":{\"completion\":\"Bug"
    );
    assert_eq!(studio.requests().len(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_server_that_never_sends_headers_is_a_timeout_within_bounds() {
    let traces = Traces::capture();
    let (url, _server) = silent_server().await;
    let client = builder_for(&url)
        .timeout(Duration::from_millis(300))
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Timeout { timeout, .. } if *timeout == Duration::from_millis(300)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 300ms"
    );
    assert_between(started.elapsed(), 290, 3000);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_body_that_trickles_is_a_timeout_within_bounds() {
    let traces = Traces::capture();
    let server = RawServer::start(|mut stream, _| async move {
        read_request(&mut stream).await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n";
        if stream.write_all(head).await.is_err() {
            return;
        }
        // One byte every 50 ms: headers arrive at once, the body would take 50 s.
        for _ in 0..1000 {
            if stream.write_all(b" ").await.is_err() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await;
    let client = builder_for(&server.url)
        .timeout(Duration::from_millis(400))
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 400ms"
    );
    assert_between(started.elapsed(), 390, 3000);
    assert_eq!(server.connections(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_429_with_retry_after_waits_that_long_then_succeeds() {
    let traces = Traces::capture();
    let server = RawServer::script(vec![
        http(
            "429 Too Many Requests",
            &[("retry-after", "1")],
            "slow down",
        ),
        http(
            "200 OK",
            &[("content-type", "application/json")],
            r#"{"result":{"completion":"Chiron"}}"#,
        ),
    ])
    .await;
    // A backoff of its own would be 50 ms: the second second comes from Retry-After.
    let client = builder_for(&server.url)
        .retry_policy(quick_retries())
        .build()
        .unwrap();

    let started = Instant::now();
    let result = client.run::<Car>(&fastest()).await.unwrap();

    assert_eq!(result.completion, "Chiron");
    assert_between(started.elapsed(), 950, 5000);
    assert_eq!(server.connections(), 2);
    // Both attempts carried the same request.
    let requests = server.requests();
    assert_eq!(requests[0], requests[1]);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_429_forever_is_rate_limited_after_exactly_three_attempts() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(429, &[("retry-after", "1")], "slow down");
    let client = studio.client();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::RateLimited { retry_after: Some(delay), .. }
            if *delay == Duration::from_secs(1)),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 429 Too Many Requests: rate limited, retry \
         after 1s; body: slow down"
    );
    assert_eq!(studio.requests().len(), 3);
    assert_between(started.elapsed(), 1900, 6000);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_retry_after_longer_than_the_cap_is_returned_at_once() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(429, &[("retry-after", "120")], "");
    let client = studio.client();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(studio.requests().len(), 1);
    assert_between(started.elapsed(), 0, 1000);

    // A policy with a longer cap would wait; the run's timeout then says no.
    let patient = studio
        .client_builder()
        .retry_policy(RetryPolicy::default().max_retry_after(Duration::from_secs(600)))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = patient.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(error.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(studio.requests().len(), 2);
    assert_between(started.elapsed(), 0, 1000);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_503_is_retried_but_502_and_504_only_when_opted_in() {
    let traces = Traces::capture();
    for (status, reason, opt_in, attempts) in [
        (503, "Service Unavailable", false, 3),
        (502, "Bad Gateway", false, 1),
        (504, "Gateway Timeout", false, 1),
        (502, "Bad Gateway", true, 3),
        (504, "Gateway Timeout", true, 3),
    ] {
        let studio = MockStudio::start().await;
        studio.on_deployment("dep_123").respond_raw(
            status,
            &[("content-type", "text/html")],
            HTML_PAGE,
        );
        let client = studio
            .client_builder()
            .retry_policy(quick_retries().retry_gateway_errors(opt_in))
            .build()
            .unwrap();

        let started = Instant::now();
        let error = client.run::<Car>(&fastest()).await.unwrap_err();

        assert!(
            matches!(error.kind(), ErrorKind::UnexpectedStatus { status: s, body, .. }
                if *s == status && body == HTML_PAGE),
            "{error:?}"
        );
        assert_eq!(
            error.to_string(),
            format!("workflow car (dep_123): server answered {status} {reason}; body: {HTML_PAGE}")
        );
        assert_eq!(studio.requests().len(), attempts, "{status} {opt_in}");
        if attempts == 3 {
            // 100 ms, then 200 ms.
            assert_between(started.elapsed(), 280, 3000);
        }
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn a_500_is_never_retried_unless_opted_in() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(500);

    let error = studio.client().run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 500 Internal Server Error: the workflow failed; \
         body: {}"
    );
    assert_eq!(studio.requests().len(), 1);

    let opted_in = RunOptions::new().retry_policy(quick_retries().retry_workflow_failures(true));
    let error = studio
        .client()
        .run::<Car>(&fastest())
        .options(&opted_in)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::WorkflowFailed { .. }),
        "{error:?}"
    );
    assert_eq!(studio.requests().len(), 1 + 3);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_timeout_after_sending_is_never_retried_unless_opted_in() {
    let traces = Traces::capture();
    let counting = RawServer::start(|mut stream, _| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
    })
    .await;
    let policy = quick_retries().attempt_timeout(Duration::from_millis(200));
    let client = builder_for(&counting.url)
        .timeout(Duration::from_secs(5))
        .retry_policy(policy.clone())
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 200ms"
    );
    assert_between(started.elapsed(), 190, 2000);
    assert_eq!(counting.connections(), 1);

    let retrying = RunOptions::new().retry_policy(policy.retry_timeouts(true));
    let started = Instant::now();
    let error = client
        .run::<Car>(&fastest())
        .options(&retrying)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 200ms"
    );
    // Three attempts of 200 ms and waits of 50 and 100 ms.
    assert_between(started.elapsed(), 740, 4000);
    assert_eq!(counting.connections(), 1 + 3);
    traces.assert_no_key();
}

#[tokio::test]
async fn the_timeout_bounds_the_whole_run_and_a_wait_past_it_is_not_taken() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(503, &[("retry-after", "1")], "");
    let client = studio
        .client_builder()
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    // Waiting the second the server asked for would end after the timeout: the 503 it is.
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 503 Service Unavailable"
    );
    assert_eq!(studio.requests().len(), 1);
    assert_between(started.elapsed(), 0, 450);
    traces.assert_no_key();
}

#[tokio::test]
async fn per_call_options_override_the_clients_timeout_and_policy() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().fail(503);
    let client = once(&studio);

    let retrying = RunOptions::new().retry_policy(quick_retries());
    client
        .run::<Car>(&fastest())
        .options(&retrying)
        .await
        .unwrap_err();
    assert_eq!(studio.requests().len(), 3);

    client
        .run::<Car>(&fastest())
        .deployment("dep_123")
        .options(&retrying)
        .await
        .unwrap_err();
    assert_eq!(studio.requests().len(), 6);

    client
        .run_json("dep_123", serde_json::json!({ "prompt": "x" }))
        .options(&retrying)
        .await
        .unwrap_err();
    assert_eq!(studio.requests().len(), 9);

    let (silent, _server) = silent_server().await;
    let slow = builder_for(&silent).build().unwrap();
    let quick = RunOptions::new().timeout(Duration::from_millis(150));
    let started = Instant::now();
    let error = slow
        .run::<Car>(&fastest())
        .options(&quick)
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): no answer within 150ms"
    );
    assert_between(started.elapsed(), 140, 2000);

    // "No timeout" spelled as the longest one does not overflow.
    studio.on::<Car>().respond(|_| chiron());
    let forever = RunOptions::new()
        .timeout(Duration::MAX)
        .retry_policy(RetryPolicy::default().attempt_timeout(Duration::MAX));
    let result = client
        .run::<Car>(&fastest())
        .options(&forever)
        .await
        .unwrap();
    assert_eq!(result, chiron());
    traces.assert_no_key();
}

#[tokio::test]
async fn dropping_a_run_closes_its_connection_and_nothing_follows() {
    let traces = Traces::capture();
    let closed = Arc::new(AtomicBool::new(false));
    let seen = Arc::clone(&closed);
    let server = RawServer::start(move |mut stream, _| {
        let seen = Arc::clone(&seen);
        async move {
            read_request(&mut stream).await;
            // Nothing more comes from the client: a read returns when it hangs up.
            let mut buffer = [0u8; 16];
            if let Ok(0) | Err(_) = stream.read(&mut buffer).await {
                seen.store(true, Ordering::SeqCst);
            }
        }
    })
    .await;
    let client = builder_for(&server.url)
        .retry_policy(quick_retries().retry_timeouts(true))
        .build()
        .unwrap();

    let input = fastest();
    let run = client.run::<Car>(&input);
    assert!(
        tokio::time::timeout(Duration::from_millis(200), run)
            .await
            .is_err()
    );

    let started = Instant::now();
    while !closed.load(Ordering::SeqCst) {
        assert!(started.elapsed() < Duration::from_secs(3), "never closed");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(server.connections(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn dropping_a_run_during_a_retry_wait_stops_its_retries() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(503, &[("retry-after", "1")], "");
    let client = studio.client();

    let input = fastest();
    let run = client.run::<Car>(&input);
    assert!(
        tokio::time::timeout(Duration::from_millis(300), run)
            .await
            .is_err()
    );
    assert_eq!(studio.requests().len(), 1);

    tokio::time::sleep(Duration::from_millis(1200)).await;
    assert_eq!(studio.requests().len(), 1);
    traces.assert_no_key();
}
