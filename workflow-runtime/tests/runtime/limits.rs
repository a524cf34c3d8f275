//! Bounded memory and connections: answers above `max_response_bytes` are cut off without being
//! read, and a client never opens more than `max_connections`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use tokio::io::AsyncWriteExt;
use tokio::sync::oneshot;
use workflow_runtime::ErrorKind;
use workflow_runtime::testing::MockStudio;

use crate::support::*;

const MIB: usize = 1024 * 1024;
const HUGE: usize = 48 * MIB;

/// A server that answers `head` and then `HUGE` bytes of body, and reports how many body bytes
/// it managed to write before the client went away (or all of them).
async fn huge_server(head: &'static str) -> (RawServer, oneshot::Receiver<usize>) {
    let (report, written) = oneshot::channel();
    let report = Arc::new(std::sync::Mutex::new(Some(report)));
    let server = RawServer::start(move |mut stream, _| {
        let report = Arc::clone(&report);
        async move {
            read_request(&mut stream).await;
            let chunk = vec![b' '; 64 * 1024];
            let mut sent = 0;
            if stream.write_all(head.as_bytes()).await.is_ok() {
                while sent < HUGE {
                    if stream.write_all(&chunk).await.is_err() {
                        break;
                    }
                    sent += chunk.len();
                }
            }
            if let Some(report) = report.lock().unwrap().take() {
                let _ = report.send(sent);
            }
        }
    })
    .await;
    (server, written)
}

#[tokio::test]
async fn an_announced_48_mib_answer_is_refused_before_reading_it() {
    let traces = Traces::capture();
    let head: &'static str = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {HUGE}\r\n\r\n"
        )
        .into_boxed_str(),
    );
    let (server, written) = huge_server(head).await;
    let client = builder_for(&server.url).build().unwrap();

    let started = Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::ResponseTooLarge { limit, content_length: Some(length), .. }
            if *limit == 32 * 1024 * 1024 && *length == 48 * 1024 * 1024),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): the answer is larger than the limit of 33554432 bytes (it \
         announced 50331648)"
    );
    assert!(!error.is_retryable());
    assert_between(started.elapsed(), 0, 5000);
    // The client hung up: the server could not send it all.
    let written = tokio::time::timeout(Duration::from_secs(10), written)
        .await
        .unwrap()
        .unwrap();
    assert!(written < HUGE, "the server sent all {written} bytes");
    traces.assert_no_key();
}

#[tokio::test]
async fn an_unannounced_48_mib_answer_is_cut_off_at_the_limit() {
    let traces = Traces::capture();
    let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n";
    let (server, written) = huge_server(head).await;
    let client = builder_for(&server.url).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(
            error.kind(),
            ErrorKind::ResponseTooLarge {
                content_length: None,
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): the answer is larger than the limit of 33554432 bytes"
    );
    let written = tokio::time::timeout(Duration::from_secs(10), written)
        .await
        .unwrap()
        .unwrap();
    assert!(written < HUGE, "the server sent all {written} bytes");
    traces.assert_no_key();
}

#[tokio::test]
async fn an_error_answer_is_only_read_as_far_as_its_snippet() {
    let traces = Traces::capture();
    let head = "HTTP/1.1 502 Bad Gateway\r\ncontent-type: text/html\r\nconnection: close\r\n\r\n";
    let (server, written) = huge_server(head).await;
    let client = builder_for(&server.url).build().unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    let ErrorKind::UnexpectedStatus { status, body, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(*status, 502);
    assert_eq!(
        body,
        &format!("{}… (cut, the rest was not read)", " ".repeat(512))
    );
    let written = tokio::time::timeout(Duration::from_secs(10), written)
        .await
        .unwrap()
        .unwrap();
    assert!(written < HUGE, "the server sent all {written} bytes");
    traces.assert_no_key();
}

#[tokio::test]
async fn the_response_limit_is_inclusive_and_configurable() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    // `{"result":{"completion":"` is 25 bytes, `"}}` 3.
    studio
        .on_deployment("dep_123")
        .respond(|_| serde_json::json!({ "completion": "x".repeat(100 - 28) }));

    let exact = studio
        .client_builder()
        .max_response_bytes(100)
        .build()
        .unwrap();
    let result = exact.run::<Car>(&fastest()).await.unwrap();
    assert_eq!(result.completion.len(), 72);

    let tight = studio
        .client_builder()
        .max_response_bytes(99)
        .build()
        .unwrap();
    let error = tight.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): the answer is larger than the limit of 99 bytes (it announced \
         100)"
    );
    traces.assert_no_key();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_runs_share_a_bounded_pool() {
    let traces = Traces::capture();
    // A keep-alive server that takes 5 ms per request and counts how many it has at once.
    let in_flight = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let (now, most) = (Arc::clone(&in_flight), Arc::clone(&peak));
    let server = RawServer::start(move |mut stream, _| {
        let (now, most) = (Arc::clone(&now), Arc::clone(&most));
        async move {
            loop {
                let request = read_request(&mut stream).await;
                if request.is_empty() {
                    return;
                }
                let current = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(current, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(5)).await;
                now.fetch_sub(1, Ordering::SeqCst);
                let answer = http("200 OK", &[], r#"{"result":{"completion":"ok"}}"#);
                if stream.write_all(&answer).await.is_err() {
                    return;
                }
            }
        }
    })
    .await;
    let client = builder_for(&server.url).max_connections(8).build().unwrap();

    let mut runs = tokio::task::JoinSet::new();
    for index in 0..1000 {
        let client = client.clone();
        runs.spawn(async move {
            let prompt = format!("car {index}");
            client.run::<Car>(&CarInput::new(&prompt)).await
        });
    }
    let mut succeeded = 0;
    while let Some(run) = runs.join_next().await {
        assert_eq!(run.unwrap().unwrap().completion, "ok");
        succeeded += 1;
    }

    assert_eq!(succeeded, 1000);
    // Never more than 8 requests at once, so never more than 8 connections in use.
    let peak = peak.load(Ordering::SeqCst);
    assert!((1..=8).contains(&peak), "{peak} requests at once");
    // Connections are reused. hyper returns a connection to its pool from a task of its own, a
    // moment after its answer was read: a run that starts in that moment opens another one, and
    // the pool keeps at most 8 idle. So a few more than 8 may be opened over time, never many.
    let connections = server.connections();
    assert!(
        (1..=16).contains(&connections),
        "{connections} connections for max_connections(8)"
    );
    traces.assert_no_key();
}

#[test]
fn max_connections_must_be_at_least_one() {
    let error = builder_for("http://127.0.0.1:9")
        .max_connections(0)
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`max_connections` is 0: at least one connection is needed to run anything"
    );
}
