//! Workflows, clients and small raw servers shared by the tests.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Client, ClientBuilder, Example, Jitter, RetryPolicy, Workflow};

/// A key recognizable in any output it leaks into.
pub(crate) const SECRET_KEY: &str = "sk-live-SECRET-1234";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CarInput {
    pub prompt: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temperature: Option<f64>,
}

impl CarInput {
    pub(crate) fn new(prompt: &str) -> Self {
        Self {
            prompt: prompt.to_owned(),
            temperature: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CarResult {
    pub completion: String,
    #[serde(default)]
    pub entities: Vec<Entity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Entity {
    pub name: String,
    pub kind: EntityKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum EntityKind {
    Make,
    Model,
}

/// A workflow with a deployment id and examples.
pub(crate) struct Car;

impl Workflow for Car {
    type Input = CarInput;
    type Output = CarResult;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_123");
    const EXAMPLES: &'static [Example] = &[
        Example::new(
            r#"{"prompt":"fastest car?"}"#,
            r#"{"completion":"Bugatti Chiron Super Sport 300+"}"#,
        ),
        Example::new(
            r#"{"prompt":"cheapest car?"}"#,
            r#"{"completion":"Tata Nano"}"#,
        ),
    ];
}

/// A workflow without a deployment id or examples.
pub(crate) struct Draft;

impl Workflow for Draft {
    type Input = CarInput;
    type Output = CarResult;
    const NAME: &'static str = "draft";
    const DEPLOYMENT_ID: Option<&'static str> = None;
}

/// A workflow whose input is not an object.
pub(crate) struct Listy;

impl Workflow for Listy {
    type Input = Vec<u32>;
    type Output = serde_json::Value;
    const NAME: &'static str = "listy";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_list");
}

/// An input whose `Serialize` fails.
pub(crate) struct TooLong;

impl Serialize for TooLong {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("the prompt is too long"))
    }
}

/// A workflow whose input cannot be serialized.
pub(crate) struct Unserializable;

impl Workflow for Unserializable {
    type Input = TooLong;
    type Output = serde_json::Value;
    const NAME: &'static str = "unserializable";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_bad");
}

pub(crate) fn fastest() -> CarInput {
    CarInput::new("fastest car?")
}

pub(crate) fn chiron() -> CarResult {
    CarResult {
        completion: "Bugatti Chiron Super Sport 300+".to_owned(),
        entities: vec![Entity {
            name: "Bugatti".to_owned(),
            kind: EntityKind::Make,
        }],
    }
}

/// A reqwest client that never goes through a proxy from the environment.
pub(crate) fn direct_http() -> workflow_runtime::reqwest::Client {
    workflow_runtime::reqwest::Client::builder()
        .no_proxy()
        .redirect(workflow_runtime::reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// A builder for `base_url` with the secret key, no proxy and no retries: each run is one
/// request, so that a test sees the server's answer as the error.
pub(crate) fn builder_for(base_url: &str) -> ClientBuilder {
    Client::builder()
        .api_key(SECRET_KEY)
        .base_url(base_url)
        .no_proxy()
        .retry_policy(RetryPolicy::none())
}

/// A client for the mock that makes one request per run.
pub(crate) fn once(studio: &MockStudio) -> Client {
    studio
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The default policy with short, predictable backoffs: 100 ms (the floor under every wait),
/// then 200 ms.
pub(crate) fn quick_retries() -> RetryPolicy {
    RetryPolicy::default()
        .base_delay(Duration::from_millis(100))
        .max_delay(Duration::from_millis(200))
        .jitter(Jitter::None)
}

/// A mock that accepts [`SECRET_KEY`], and a client for it that makes one request per run.
pub(crate) async fn secret_mock() -> (MockStudio, Client) {
    let studio = MockStudio::start_with_api_key(SECRET_KEY).await;
    let client = once(&studio);
    (studio, client)
}

/// A base URL on which nothing listens: connecting is refused.
pub(crate) async fn refused_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{address}")
}

/// A server that reads each request and answers it with `response`, byte for byte, then closes
/// the connection. Returns its base URL.
pub(crate) async fn raw_server(response: &'static [u8]) -> (String, JoinHandle<()>) {
    serve_raw(move |mut stream| async move {
        read_request(&mut stream).await;
        stream.write_all(response).await.unwrap();
        stream.shutdown().await.ok();
    })
    .await
}

/// A server that reads each request and never answers.
pub(crate) async fn silent_server() -> (String, JoinHandle<()>) {
    serve_raw(|mut stream| async move {
        read_request(&mut stream).await;
        tokio::time::sleep(Duration::from_secs(60)).await;
        drop(stream);
    })
    .await
}

async fn serve_raw<F, Fut>(on_connection: F) -> (String, JoinHandle<()>)
where
    F: Fn(TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let task = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            tokio::spawn(on_connection(stream));
        }
    });
    (url, task)
}

/// Reads one request: headers, then as many body bytes as `Content-Length` says.
pub(crate) async fn read_request(stream: &mut TcpStream) -> Vec<u8> {
    let mut request = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).await.unwrap();
        if read == 0 {
            return request;
        }
        request.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&request).into_owned();
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().unwrap())
                })
                .unwrap_or(0);
            if request.len() >= end + 4 + length {
                return request;
            }
        }
    }
}

/// A server on 127.0.0.1 that hands every connection, with its number (from 0), to a handler,
/// and counts them. Stops when dropped.
pub(crate) struct RawServer {
    pub url: String,
    connections: Arc<AtomicUsize>,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl RawServer {
    pub(crate) async fn start<F, Fut>(on_connection: F) -> RawServer
    where
        F: Fn(TcpStream, usize) -> Fut + Send + 'static,
        Fut: std::future::Future<Output = ()> + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        let task = tokio::spawn(async move {
            loop {
                let (stream, _) = listener.accept().await.unwrap();
                let index = counter.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(on_connection(stream, index));
            }
        });
        RawServer {
            url,
            connections,
            requests: Arc::default(),
            task,
        }
    }

    /// Answers the n-th connection's request with `responses[n]` (the last one once they run
    /// out), then closes it. Records each request as text.
    pub(crate) async fn script(responses: Vec<Vec<u8>>) -> RawServer {
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let recorded = Arc::clone(&requests);
        let responses = Arc::new(responses);
        let mut server = RawServer::start(move |mut stream, index| {
            let recorded = Arc::clone(&recorded);
            let responses = Arc::clone(&responses);
            async move {
                let request = read_request(&mut stream).await;
                recorded
                    .lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&request).into_owned());
                let response = &responses[index.min(responses.len() - 1)];
                // The client may have hung up already.
                let _ = stream.write_all(response).await;
                let _ = stream.shutdown().await;
            }
        })
        .await;
        server.requests = requests;
        server
    }

    pub(crate) fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// The requests a [`script`](Self::script) server received, as text.
    pub(crate) fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// An HTTP/1.1 response with a `Content-Length`.
pub(crate) fn http(status: &str, headers: &[(&str, &str)], body: &str) -> Vec<u8> {
    let mut response = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n", body.len());
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(body);
    response.into_bytes()
}

/// Asserts that `elapsed` is within loose bounds for a noisy machine.
#[track_caller]
pub(crate) fn assert_between(elapsed: Duration, low_ms: u64, high_ms: u64) {
    assert!(
        (Duration::from_millis(low_ms)..=Duration::from_millis(high_ms)).contains(&elapsed),
        "took {elapsed:?}, expected between {low_ms} ms and {high_ms} ms"
    );
}

const CHILD_MARKER: &str = "WORKFLOW_RUNTIME_TEST_CHILD";

/// Runs the test `name` of this binary again in a child process, alone, with `vars` set and the
/// Prompt Studio variables otherwise removed, and checks that it passed. Returns true when called
/// in that child: the caller then does the checking.
pub(crate) fn in_child(name: &str, vars: &[(&str, &str)]) -> bool {
    if std::env::var_os(CHILD_MARKER).is_some() {
        return true;
    }
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", name, "--test-threads=1"])
        .env(CHILD_MARKER, "1")
        .env_remove("PROMPT_STUDIO_API_KEY")
        .env_remove("PROMPT_STUDIO_BASE_URL");
    for (variable, value) in vars {
        command.env(variable, value);
    }
    let output = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The child must have run exactly that test, not filtered it away.
    assert!(stdout.contains("1 passed"), "{stdout}");
    false
}

/// Everything traced in this test binary, at every level, by every crate (ours, reqwest,
/// hyper): a global subscriber installed by the first [`Traces::capture`], which keeps the
/// lines that mention the key (there should be none) and counts all the others.
pub(crate) struct Traces {
    seen_before: usize,
}

#[derive(Default)]
struct KeyWatch {
    seen: AtomicUsize,
    leaks: Mutex<Vec<String>>,
    next_id: std::sync::atomic::AtomicU64,
}

/// The part of every test key that no legitimate output contains.
const KEY_MARK: &str = "SECRET";

struct Line(String);

impl tracing::field::Visit for Line {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={value:?}", field.name()));
    }
}

impl KeyWatch {
    fn check(&self, what: &str, line: Line) {
        self.seen.fetch_add(1, Ordering::Relaxed);
        if line.0.contains(KEY_MARK) {
            self.leaks
                .lock()
                .unwrap()
                .push(format!("{what}:{}", line.0));
        }
    }
}

impl tracing::Subscriber for &'static KeyWatch {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn max_level_hint(&self) -> Option<tracing::level_filters::LevelFilter> {
        Some(tracing::level_filters::LevelFilter::TRACE)
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut line = Line(String::new());
        span.record(&mut line);
        self.check(span.metadata().name(), line);
        tracing::span::Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut line = Line(String::new());
        values.record(&mut line);
        self.check("record", line);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, event: &tracing::Event<'_>) {
        let mut line = Line(String::new());
        event.record(&mut line);
        self.check(event.metadata().target(), line);
    }

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}

static KEY_WATCH: std::sync::OnceLock<&'static KeyWatch> = std::sync::OnceLock::new();

fn key_watch() -> &'static KeyWatch {
    KEY_WATCH.get_or_init(|| {
        let watch: &'static KeyWatch = Box::leak(Box::default());
        // Another test binary's subscriber cannot be there: this is the only one installed.
        let _ = tracing::subscriber::set_global_default(watch);
        watch
    })
}

impl Traces {
    /// Starts watching (the subscriber stays for the rest of the binary).
    pub(crate) fn capture() -> Traces {
        Traces {
            seen_before: key_watch().seen.load(Ordering::Relaxed),
        }
    }

    /// Asserts that something was traced since [`capture`](Self::capture) (so that the watch is
    /// not looking at nothing) and that no trace of this binary so far mentioned the key.
    #[track_caller]
    pub(crate) fn assert_no_key(&self) {
        let watch = key_watch();
        assert!(
            watch.seen.load(Ordering::Relaxed) > self.seen_before,
            "nothing was traced: the watch would see no leak"
        );
        let leaks = watch.leaks.lock().unwrap();
        assert!(leaks.is_empty(), "the key was traced: {leaks:#?}");
    }
}

/// What an error shows (Display, Debug, and its sources') is safe: no key, no raw control
/// character, and a Display of at most about 2 KiB.
#[track_caller]
pub(crate) fn assert_safe_to_show(error: &workflow_runtime::Error) {
    use std::error::Error as _;
    let display = error.to_string();
    assert!(display.len() <= 2300, "{} bytes: {display}", display.len());
    let mut shown = format!("{display}\n{error:?}");
    let mut source = error.source();
    while let Some(inner) = source {
        shown.push_str(&format!("\n{inner}\n{inner:?}"));
        source = inner.source();
    }
    assert!(!shown.contains(KEY_MARK), "the key shows: {shown}");
    assert!(
        !display.chars().any(|c| c.is_control()),
        "a raw control character: {display:?}"
    );
}

/// A server that answers every connection with `head` (status line and headers, ending in a
/// blank line), then writes `body` at most `chunk` bytes at a time, `pause` apart; and records
/// every request's head.
pub(crate) async fn trickle_server(
    head: String,
    body: Vec<u8>,
    chunk: usize,
    pause: Duration,
) -> RawServer {
    let head = Arc::new(head);
    let body = Arc::new(body);
    RawServer::start(move |mut stream, _| {
        let head = Arc::clone(&head);
        let body = Arc::clone(&body);
        async move {
            read_request(&mut stream).await;
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            for piece in body.chunks(chunk.max(1)) {
                if stream.write_all(piece).await.is_err() {
                    return;
                }
                if !pause.is_zero() {
                    tokio::time::sleep(pause).await;
                }
            }
            let _ = stream.shutdown().await;
        }
    })
    .await
}
