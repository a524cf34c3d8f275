//! [`MockStudio`]: a local emulator of Prompt Studio's run endpoint, for tests and offline
//! examples (feature `testing`).
//!
//! It is a real HTTP/1 server on `127.0.0.1` that speaks the same contract as the hosted service
//! and rejects what the service would reject, so a test that passes against it exercises the
//! real request path of [`Client`]: URL, headers, body, status handling and decoding.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use workflow_runtime::testing::MockStudio;
//!
//! let studio = MockStudio::start().await;
//! studio
//!     .on_deployment("dep_123")
//!     .respond(|input| serde_json::json!({ "echo": input["prompt"] }));
//!
//! let result = studio
//!     .client()
//!     .run_json("dep_123", serde_json::json!({ "prompt": "hi" }))
//!     .await
//!     .unwrap();
//! assert_eq!(result, serde_json::json!({ "echo": "hi" }));
//!
//! let request = &studio.requests()[0];
//! assert_eq!(request.path, "/v1/workflows/dep_123/run");
//! assert_eq!(request.json, Some(serde_json::json!({ "input": { "prompt": "hi" } })));
//! # }
//! ```
//!
//! # Testing with what a model really answers
//!
//! A language model answers `"0.9"` for a number or `" Urgent"` for `urgent` more often than a
//! typed handler can say. [`Stub::respond_json`] answers such raw results, so that a
//! test sees what the client repairs ([`crate::repair`]) and what the program does with the
//! [`repairs`](crate::Detailed::repairs), or how it fails in
//! [`ResultMode::Strict`](crate::ResultMode::Strict):
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), workflow_runtime::Error> {
//! use serde::{Deserialize, Serialize};
//! use serde_json::json;
//! use workflow_runtime::repair::Rule;
//! use workflow_runtime::testing::MockStudio;
//! use workflow_runtime::{ErrorKind, ResultMode, Workflow};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Ticket { text: String }
//!
//! #[derive(Debug, PartialEq, Deserialize)]
//! #[serde(rename_all = "lowercase")]
//! enum Urgency { Low, Urgent }
//!
//! #[derive(Debug, PartialEq, Deserialize)]
//! struct Triage { urgency: Urgency, score: f64 }
//!
//! struct Triager;
//!
//! impl Workflow for Triager {
//!     type Input = Ticket;
//!     type Output = Triage;
//!     const NAME: &'static str = "triage";
//!     const DEPLOYMENT_ID: Option<&'static str> = Some("dep_triage");
//!     // Generated workflows carry their result schema; a hand-written one may too.
//!     const RESULT_SCHEMA: Option<&'static str> = Some(r#"{
//!         "type": "object",
//!         "required": ["urgency", "score"],
//!         "properties": {
//!             "urgency": { "enum": ["low", "urgent"] },
//!             "score": { "type": "number" }
//!         }
//!     }"#);
//! }
//!
//! let studio = MockStudio::start().await;
//! studio
//!     .on::<Triager>()
//!     .respond_json(|_ticket| json!({ "urgency": " Urgent", "score": "0.9" }));
//! let client = studio.client();
//! let ticket = Ticket { text: "the site is down".into() };
//!
//! let detailed = client.run::<Triager>(&ticket).detailed().await?;
//! assert_eq!(detailed.output, Triage { urgency: Urgency::Urgent, score: 0.9 });
//! let repairs: Vec<String> = detailed.repairs.iter().map(ToString::to_string).collect();
//! assert_eq!(repairs, [
//!     r#"result.score: number from string ("0.9")"#,
//!     r#"result.urgency: enum value by case and whitespace (" Urgent")"#,
//! ]);
//! assert_eq!(detailed.repairs[1].rule, Rule::EnumCase);
//!
//! // The same answer, decoded strictly, is an error.
//! let error = client
//!     .run::<Triager>(&ticket)
//!     .result_mode(ResultMode::Strict)
//!     .await
//!     .unwrap_err();
//! assert!(matches!(error.kind(), ErrorKind::Decode { .. }), "{error}");
//! # Ok(())
//! # }
//! ```

use std::collections::HashMap;
use std::convert::Infallible;
use std::fmt;
use std::marker::PhantomData;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderMap, HeaderName, HeaderValue};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde::Serialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;
use tokio::task::{JoinHandle, JoinSet};

mod workflow_file;

pub use workflow_file::assert_workflow_file;

use crate::client::{Client, ClientBuilder, LISTING_PATH, RunKind, Untyped};
use crate::deployments::Deployment;
use crate::options::Route;
use crate::workflow::Workflow;

/// A local Prompt Studio: answers `POST /v1/workflows/{deployment_id}/run` (and the
/// [`Route::Instructions`] route, `POST /api/v1/instructions/{deployment_id}/run`, and any
/// [`Route::custom`] you [`serve_route`](Self::serve_route)) with the answers you give each
/// deployment ([`on`](Self::on) for a workflow, [`on_deployment`](Self::on_deployment) for any
/// deployment id, each a [`Stub`]), and records every request it receives.
///
/// What it checks, in order, like the hosted service:
///
/// | request | answer |
/// |---|---|
/// | a path other than the routes' | `404` with a JSON message |
/// | a method other than `POST` | `405` with a JSON message |
/// | a missing or wrong key: an `API_KEY` header on `/v1/workflows`, `Authorization: Bearer` on `/api/v1/instructions`, either on a custom route | `401 {}` (see [`accept_any_api_key`](Self::accept_any_api_key)) |
/// | a `Content-Type` other than `application/json` | `415` with a JSON message |
/// | a deployment id with no handler | `404 {}` |
/// | a body that is not `{"input": {...}}` | `400` with a JSON message |
/// | otherwise | what the deployment's handler answers |
///
/// It also answers `GET /api/v1/deployments`, the listing that [`Client::deployments`],
/// [`Client::verify`] and `workflow pull` read, with what [`list`](Self::list) and
/// [`list_workflow`](Self::list_workflow) put in it (`{"deployments": [...]}`, in pages with
/// [`listing_page_size`](Self::listing_page_size)): only to `Authorization: Bearer <key>`, as
/// the service's, `401 {}` otherwise, and `405` to any method but `GET`.
///
/// All routes reach the same answers. Results come wrapped as the route answers:
/// `{"result": ...}` on [`Route::Workflows`], `{"completion": ...}` on [`Route::Instructions`],
/// in a custom route's envelope (or bare); [`Stub::handle`], [`Stub::respond_raw`] and
/// [`Stub::fail`] answer their body as given.
///
/// Answers are given through `&self` and may be replaced at any time; a later one for the same
/// deployment id wins. [`on::<W>()`](Self::on) answers for `W::DEPLOYMENT_ID`, or for `W::NAME`
/// when the workflow has no deployment id (then run it with
/// `client.run::<W>(..).deployment(W::NAME)`).
///
/// The server runs on a task of the current tokio runtime (a `#[tokio::test]` one will do) and
/// stops when the `MockStudio` is dropped.
pub struct MockStudio {
    shared: Arc<Shared>,
    url: String,
    server: JoinHandle<()>,
}

struct Shared {
    api_key: String,
    /// Set by [`MockStudio::accept_any_api_key`]: any key is accepted, a missing one is not.
    accept_any_api_key: AtomicBool,
    /// TCP connections accepted so far.
    connections: AtomicUsize,
    routes: Mutex<HashMap<String, Handler>>,
    /// The routes answered: the two named ones, and those added by `serve_route`.
    served: Mutex<Vec<Route>>,
    requests: Mutex<Vec<RecordedRequest>>,
    listing: Mutex<Listing>,
}

/// What `GET /api/v1/deployments` answers.
#[derive(Default)]
struct Listing {
    /// In the order first listed.
    deployments: Vec<Deployment>,
    /// Entries per page, when the listing is paged.
    page_size: Option<usize>,
    /// An answer given as is instead, for fault tests.
    raw: Option<RawReply>,
}

/// A status, headers and a body, answered as they are.
type RawReply = (StatusCode, Vec<(HeaderName, HeaderValue)>, Bytes);

type Handler = Arc<dyn Fn(serde_json::Value) -> Reply + Send + Sync>;

/// A request as [`MockStudio`] received it.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// `POST`, normally.
    pub method: String,
    /// The path (and query, if any) exactly as sent, still percent-encoded:
    /// `/v1/workflows/a%20b/run`.
    pub path: String,
    /// The request headers. Header names are case-insensitive: `headers["api_key"]`.
    pub headers: HeaderMap,
    /// The raw body.
    pub body: Bytes,
    /// The body parsed as JSON, when it is JSON.
    pub json: Option<serde_json::Value>,
}

impl RecordedRequest {
    /// The value of header `name` as text, when present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

struct Reply {
    status: StatusCode,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Bytes,
    /// The body is a workflow's output, to be wrapped in the route's envelope.
    wrap: bool,
}

impl Reply {
    fn json(status: StatusCode, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: vec![(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            body: body.into(),
            wrap: false,
        }
    }

    fn empty_object(status: StatusCode) -> Self {
        Self::json(status, "{}")
    }

    /// `{"error": message}`: what the mock says when it rejects a request itself.
    fn message(status: StatusCode, message: impl Into<String>) -> Self {
        let body = serde_json::json!({ "error": message.into() }).to_string();
        Self::json(status, body)
    }

    /// A success with this output, wrapped in `{"result": ...}` or `{"completion": ...}` by
    /// the route it answers.
    fn result<T: Serialize + ?Sized>(result: &T) -> Self {
        match serde_json::to_vec(result) {
            Ok(body) => Self {
                wrap: true,
                ..Self::json(StatusCode::OK, body)
            },
            Err(error) => Self::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("MockStudio: the handler's result does not serialize: {error}"),
            ),
        }
    }
}

impl MockStudio {
    /// Start a mock on `127.0.0.1` on a free port, on the current tokio runtime.
    ///
    /// # Panics
    ///
    /// When no port on `127.0.0.1` can be bound; [`try_start`](Self::try_start) returns that
    /// instead.
    pub async fn start() -> MockStudio {
        match MockStudio::try_start().await {
            Ok(studio) => studio,
            Err(error) => panic!("MockStudio could not listen on 127.0.0.1: {error}"),
        }
    }

    /// Start a mock on `127.0.0.1` on a free port, on the current tokio runtime.
    ///
    /// # Errors
    ///
    /// When no port on `127.0.0.1` can be bound.
    pub async fn try_start() -> std::io::Result<MockStudio> {
        MockStudio::try_start_with((Ipv4Addr::LOCALHOST, 0).into(), None).await
    }

    /// Start a mock listening on `address`, on the current tokio runtime: a fixed port such as
    /// `127.0.0.1:8787` for a server that other programs point at, or port 0 for a free one.
    ///
    /// Its key is `mock-key-<port>` (see [`api_key`](Self::api_key)); call
    /// [`accept_any_api_key`](Self::accept_any_api_key) for a server that should not care.
    /// [`url`](Self::url) names the address actually bound; for an unspecified address
    /// (`0.0.0.0`, `[::]`) it names the loopback address of the same family instead, so that it
    /// can always be connected to.
    ///
    /// # Errors
    ///
    /// When `address` cannot be bound (the port is taken, the address is not local, ...).
    pub async fn start_on(address: SocketAddr) -> std::io::Result<MockStudio> {
        MockStudio::try_start_with(address, None).await
    }

    /// [`start`](Self::start) with the API key the mock accepts, instead of its own
    /// `mock-key-<port>`.
    ///
    /// # Panics
    ///
    /// When no port on `127.0.0.1` can be bound.
    pub async fn start_with_api_key(api_key: impl Into<String>) -> MockStudio {
        match MockStudio::try_start_with((Ipv4Addr::LOCALHOST, 0).into(), Some(api_key.into()))
            .await
        {
            Ok(studio) => studio,
            Err(error) => panic!("MockStudio could not listen on 127.0.0.1: {error}"),
        }
    }

    async fn try_start_with(
        address: SocketAddr,
        api_key: Option<String>,
    ) -> std::io::Result<MockStudio> {
        let listener = TcpListener::bind(address).await?;
        let mut address: SocketAddr = listener.local_addr()?;
        if address.ip().is_unspecified() {
            let loopback: IpAddr = match address {
                SocketAddr::V4(_) => Ipv4Addr::LOCALHOST.into(),
                SocketAddr::V6(_) => Ipv6Addr::LOCALHOST.into(),
            };
            address.set_ip(loopback);
        }
        let shared = Arc::new(Shared {
            api_key: api_key.unwrap_or_else(|| format!("mock-key-{}", address.port())),
            accept_any_api_key: AtomicBool::new(false),
            connections: AtomicUsize::new(0),
            routes: Mutex::new(HashMap::new()),
            served: Mutex::new(vec![Route::Workflows, Route::Instructions]),
            requests: Mutex::new(Vec::new()),
            listing: Mutex::new(Listing::default()),
        });
        let server = tokio::spawn(serve(listener, Arc::clone(&shared)));
        Ok(MockStudio {
            shared,
            url: format!("http://{address}"),
            server,
        })
    }

    /// The base URL to point a client at, like `http://127.0.0.1:40123`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The API key this mock accepts; any other key gets `401` (unless
    /// [`accept_any_api_key`](Self::accept_any_api_key) was called).
    pub fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    /// Also answer on `route`, a [`Route::custom`] (the two named routes are always served),
    /// so that a client configured with it can be tested. Handlers' results are wrapped in the
    /// route's envelope, or sent bare when it has none; the key is accepted in either header.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use workflow_runtime::Route;
    /// use workflow_runtime::testing::MockStudio;
    ///
    /// let route = Route::custom("v1/deployment/{deployment_id}/run", None).unwrap();
    /// let studio = MockStudio::start().await;
    /// studio.serve_route(route.clone());
    /// studio.on_deployment("dep_1").respond(|input| input);
    ///
    /// let client = studio.client_builder().route(route).build().unwrap();
    /// let echoed = client
    ///     .run_json("dep_1", serde_json::json!({ "a": 1 }))
    ///     .await
    ///     .unwrap();
    /// assert_eq!(echoed, serde_json::json!({ "a": 1 }));
    /// assert_eq!(studio.requests()[0].path, "/v1/deployment/dep_1/run");
    /// # }
    /// ```
    pub fn serve_route(&self, route: Route) {
        let mut served = lock(&self.shared.served);
        if !served.contains(&route) {
            served.push(route);
        }
    }

    /// From now on, accept any request that carries a key, whatever its value: in an `API_KEY`
    /// header or as `Authorization: Bearer <key>`. A request without a key (or with an empty one)
    /// still gets `401 {}`. For a local server that programs with their own keys point at.
    pub fn accept_any_api_key(&self) {
        self.shared
            .accept_any_api_key
            .store(true, Ordering::Relaxed);
    }

    /// A client pointed at this mock, with its key and the default settings of a production
    /// client: a `429`, `502`, `503` or `504` answer is retried twice, after a backoff. For a
    /// test that wants the first answer as the error, build one with
    /// `client_builder().retry_policy(RetryPolicy::none())`.
    pub fn client(&self) -> Client {
        self.client_builder()
            .build()
            .unwrap_or_else(Client::unusable)
    }

    /// A builder pointed at this mock, with its key and no proxy from the environment, to add
    /// settings such as [`ClientBuilder::timeout`] or [`ClientBuilder::route`].
    pub fn client_builder(&self) -> ClientBuilder {
        Client::builder()
            .api_key(self.api_key())
            .base_url(self.url())
            .no_proxy()
    }

    /// How many TCP connections the mock has accepted so far: to check that clients reuse
    /// their connections and keep within [`ClientBuilder::max_connections`].
    pub fn connections(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// What runs of workflow `W` are answered with: a [`Stub`] for `W::DEPLOYMENT_ID` (or
    /// `W::NAME` when the workflow has none; then run it with
    /// `client.run::<W>(..).deployment(W::NAME)`), or for another deployment with
    /// [`Stub::deployment`]. Its typed answers ([`respond`](Stub::respond),
    /// [`respond_json`](Stub::respond_json)) decode the input into `W::Input` first, and answer
    /// `400` naming the field when it does not fit, like a server checking its schema.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// # use serde::{Deserialize, Serialize};
    /// # #[derive(Serialize, Deserialize)] struct Input { prompt: String }
    /// # #[derive(Debug, Serialize, Deserialize)] struct Output { completion: String }
    /// # struct Car;
    /// # impl workflow_runtime::Workflow for Car {
    /// #     type Input = Input; type Output = Output;
    /// #     const NAME: &'static str = "car"; const DEPLOYMENT_ID: Option<&'static str> = Some("dep_123");
    /// # }
    /// use workflow_runtime::testing::MockStudio;
    ///
    /// let studio = MockStudio::start().await;
    /// studio.on::<Car>().respond(|input| Output { completion: format!("echo: {}", input.prompt) });
    /// studio.on::<Car>().deployment("dep_broken").fail(500);
    ///
    /// let client = studio.client();
    /// let input = Input { prompt: "hi".into() };
    /// assert_eq!(client.run::<Car>(&input).await.unwrap().completion, "echo: hi");
    /// let error = client.run::<Car>(&input).deployment("dep_broken").await.unwrap_err();
    /// assert_eq!(error.status(), Some(500));
    /// # }
    /// ```
    pub fn on<W: Workflow>(&self) -> Stub<'_, W> {
        Stub::new(self, W::DEPLOYMENT_ID.unwrap_or(W::NAME))
    }

    /// What runs of the deployment `deployment_id` are answered with, untyped: a [`Stub`]
    /// whose handlers take the input as JSON.
    pub fn on_deployment(&self, deployment_id: &str) -> Stub<'_> {
        Stub::new(self, deployment_id)
    }

    /// List `deployment` in `GET /api/v1/deployments` (what [`Client::deployments`] and
    /// `workflow pull` read), after those listed before; one with the same id is replaced in
    /// place. The listing takes `Authorization: Bearer <key>`, like the service's, and answers
    /// `{"deployments": [...]}`.
    pub fn list(&self, deployment: Deployment) {
        let mut listing = lock(&self.shared.listing);
        match listing
            .deployments
            .iter_mut()
            .find(|listed| listed.deployment_id == deployment.deployment_id)
        {
            Some(listed) => *listed = deployment,
            None => listing.deployments.push(deployment),
        }
    }

    /// List workflow `W` as deployed: its deployment id (or its name when it has none), its
    /// name as `recipe_name`, and its compiled schemas, so that [`Client::verify`] finds it
    /// unchanged.
    pub fn list_workflow<W: Workflow>(&self) {
        let schema = |text: Option<&str>| text.and_then(|text| serde_json::from_str(text).ok());
        let mut deployment = Deployment::new(W::DEPLOYMENT_ID.unwrap_or(W::NAME)).name(W::NAME);
        // A workflow whose schemas cannot be had is listed without them.
        if let Ok(schemas) = W::schemas() {
            deployment.request_schema = schema(schemas.input);
            deployment.response_schema = schema(schemas.result);
        }
        self.list(deployment);
    }

    /// Take `deployment_id` out of the listing (its runs are still answered).
    pub fn unlist(&self, deployment_id: &str) {
        lock(&self.shared.listing)
            .deployments
            .retain(|listed| listed.deployment_id != deployment_id);
    }

    /// Answer the listing in pages of `size` entries, each but the last with a `next_cursor`
    /// (fetched as `?cursor=`), to test clients that follow pages.
    ///
    /// # Panics
    ///
    /// When `size` is 0.
    pub fn listing_page_size(&self, size: usize) {
        assert!(size > 0, "MockStudio: a page holds at least one deployment");
        lock(&self.shared.listing).page_size = Some(size);
    }

    /// Answer the listing with exactly this status, these headers and this body from now on,
    /// for fault tests (a body that is not JSON, a deployment without an id, ...). The request
    /// is still checked first (path, method, key).
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or a header name or value is invalid.
    pub fn respond_listing_raw(
        &self,
        status: u16,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) {
        let status = status_code(status);
        let headers = parse_headers(headers);
        lock(&self.shared.listing).raw = Some((status, headers, body.into()));
    }

    /// Every request received so far, oldest first, including the rejected ones.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }
}

impl Drop for MockStudio {
    fn drop(&mut self) {
        // Dropping the server task drops its `JoinSet`, which aborts the open connections.
        self.server.abort();
    }
}

impl fmt::Debug for MockStudio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut deployments: Vec<String> = lock(&self.shared.routes).keys().cloned().collect();
        deployments.sort();
        f.debug_struct("MockStudio")
            .field("url", &self.url)
            .field("deployments", &deployments)
            .finish_non_exhaustive()
    }
}

/// What one deployment of a [`MockStudio`] answers: from [`MockStudio::on`] (typed, for a
/// workflow `W`) or [`MockStudio::on_deployment`] (untyped). Each answer registers a handler
/// for the deployment, replacing the one before; until one is given, its runs get `404 {}`.
///
/// Typed answers ([`respond`](Stub::respond), [`respond_json`](Stub::respond_json),
/// [`examples`](Stub::examples)) come wrapped as the route called answers: `{"result": ...}`
/// on [`Route::Workflows`], `{"completion": ...}` on [`Route::Instructions`], in a custom
/// route's envelope (or bare). [`handle`](Stub::handle), [`respond_raw`](Stub::respond_raw)
/// and [`fail`](Stub::fail) answer their body as given.
#[must_use = "a stub answers nothing until told what to answer"]
pub struct Stub<'s, K: RunKind = Untyped> {
    studio: &'s MockStudio,
    deployment_id: String,
    kind: PhantomData<fn() -> K>,
}

impl<'s, K: RunKind> Stub<'s, K> {
    fn new(studio: &'s MockStudio, deployment_id: &str) -> Self {
        Stub {
            studio,
            deployment_id: deployment_id.to_owned(),
            kind: PhantomData,
        }
    }

    fn answer(self, handler: impl Fn(serde_json::Value) -> Reply + Send + Sync + 'static) {
        lock(&self.studio.shared.routes).insert(self.deployment_id, Arc::new(handler));
    }

    /// Answer with `status` and the body `{}`, as the hosted service does.
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999.
    pub fn fail(self, status: u16) {
        let status = status_code(status);
        self.answer(move |_| Reply::empty_object(status));
    }

    /// Answer with exactly this status, these headers and this body, for fault tests (an HTML
    /// error page, a `Retry-After`, a body that is not JSON, ...). The request is still checked
    /// first (path, key, body).
    ///
    /// # Panics
    ///
    /// When `status` is not between 100 and 999, or a header name or value is invalid.
    pub fn respond_raw(self, status: u16, headers: &[(&str, &str)], body: impl Into<Bytes>) {
        let status = status_code(status);
        let headers = parse_headers(headers);
        let body = body.into();
        self.answer(move |_| Reply {
            status,
            headers: headers.clone(),
            body: body.clone(),
            wrap: false,
        });
    }

    /// Answer with whatever `handler(input)` returns: the status and the whole JSON body, not
    /// wrapped in `{"result": ...}`. For servers that check inputs themselves and answer, say,
    /// `400 {"errors": [...]}`, or succeed with `(200, json!({ "result": ... }))`.
    ///
    /// A status outside 100..=999 is answered as `500` with a message saying so.
    pub fn handle(
        self,
        handler: impl Fn(serde_json::Value) -> (u16, serde_json::Value) + Send + Sync + 'static,
    ) {
        self.answer(move |input| {
            let (status, body) = handler(input);
            status_reply(status, &body)
        });
    }

    /// Answer with the result `handler(input)` gives when it is `Ok(result)` (in the envelope
    /// of the route called), and with the status and whole JSON body it gives when it is
    /// `Err((status, body))`: for a handler that checks inputs itself and still answers each
    /// route in its own envelope (`workflow serve` is one).
    ///
    /// A status outside 100..=999 is answered as `500` with a message saying so.
    pub fn try_respond(
        self,
        handler: impl Fn(serde_json::Value) -> Result<serde_json::Value, (u16, serde_json::Value)>
        + Send
        + Sync
        + 'static,
    ) {
        self.answer(move |input| match handler(input) {
            Ok(output) => Reply::result(&output),
            Err((status, body)) => status_reply(status, &body),
        });
    }
}

impl<W: Workflow> Stub<'_, W> {
    /// Answer runs of `W` on this deployment instead of its own (`W::DEPLOYMENT_ID`): a test
    /// of `client.run::<W>(..).deployment(deployment_id)`.
    pub fn deployment(self, deployment_id: &str) -> Self {
        Stub {
            deployment_id: deployment_id.to_owned(),
            ..self
        }
    }

    /// Answer with `handler(input)` as the result.
    pub fn respond(self, handler: impl Fn(W::Input) -> W::Output + Send + Sync + 'static)
    where
        W::Input: DeserializeOwned,
        W::Output: Serialize,
    {
        self.answer(typed_input::<W>(move |input| {
            Reply::result(&handler(input))
        }));
    }

    /// Answer with `handler(input)` as the result, raw JSON: for testing how a program copes
    /// with what a language model really answers (numbers as strings, JSON in a Markdown
    /// fence, `" Person"` for `person`), which `W::Output` cannot express. The input is typed
    /// as for [`respond`](Stub::respond); see the [module docs](self) for an example.
    pub fn respond_json(
        self,
        handler: impl Fn(W::Input) -> serde_json::Value + Send + Sync + 'static,
    ) where
        W::Input: DeserializeOwned,
    {
        self.answer(typed_input::<W>(move |input| {
            Reply::result(&handler(input))
        }));
    }

    /// Answer from `W::EXAMPLES`: the result of the example whose input equals the request's
    /// input, else of the first example ([`Examples::pick`]). A workflow without examples gets
    /// `500` with a message saying so.
    pub fn examples(self) {
        let examples = Examples::of::<W>();
        let name = W::NAME;
        self.answer(move |input| match examples.pick(&input) {
            Some(pick) => Reply::result(pick.result()),
            None => Reply::message(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("MockStudio: workflow {name} has no examples to answer with"),
            ),
        });
    }
}

impl Stub<'_> {
    /// Answer with `handler(input)` as the result (in the envelope of the route called),
    /// whatever it is: for tests that send results which fit no particular type.
    pub fn respond(
        self,
        handler: impl Fn(serde_json::Value) -> serde_json::Value + Send + Sync + 'static,
    ) {
        self.answer(move |input| Reply::result(&handler(input)));
    }
}

impl<K: RunKind> fmt::Debug for Stub<'_, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stub")
            .field("deployment_id", &self.deployment_id)
            .finish_non_exhaustive()
    }
}

/// Example runs to answer from, by the rule of [`Stub::examples`]: the result of the example
/// whose input equals the request's, else the first example's. For a server of your own built
/// on a [`MockStudio`] (`workflow serve` answers from the examples of workflow files read at
/// run time this way, through [`Stub::try_respond`]).
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::testing::{Examples, Pick};
///
/// let examples = Examples::new([
///     (json!({ "prompt": "fastest car?" }), json!({ "completion": "Bugatti" })),
///     (json!({ "prompt": "cheapest car?" }), json!({ "completion": "Tata Nano" })),
/// ]);
/// let cheapest = json!({ "completion": "Tata Nano" });
/// let fastest = json!({ "completion": "Bugatti" });
/// assert_eq!(examples.pick(&json!({ "prompt": "cheapest car?" })), Some(Pick::Matching(&cheapest)));
/// assert_eq!(examples.pick(&json!({ "prompt": "a boat?" })), Some(Pick::First(&fastest)));
/// assert_eq!(Examples::default().pick(&json!({})), None);
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Examples {
    /// Inputs and their results, in order.
    pairs: Vec<(serde_json::Value, serde_json::Value)>,
}

/// The example [`Examples::pick`] chose, and why.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Pick<'a> {
    /// The result of the example with the request's input.
    Matching(&'a serde_json::Value),
    /// The result of the first example: none has the request's input.
    First(&'a serde_json::Value),
}

impl<'a> Pick<'a> {
    /// The result to answer with.
    pub fn result(self) -> &'a serde_json::Value {
        match self {
            Pick::Matching(result) | Pick::First(result) => result,
        }
    }
}

impl Examples {
    /// Examples from pairs of an input object and its result.
    pub fn new(pairs: impl IntoIterator<Item = (serde_json::Value, serde_json::Value)>) -> Self {
        Examples {
            pairs: pairs.into_iter().collect(),
        }
    }

    /// The examples of `W` (`W::EXAMPLES`), parsed.
    pub fn of<W: Workflow>() -> Self {
        Examples::new(
            W::EXAMPLES
                .iter()
                .map(|example| (example.input_json(), example.result_json())),
        )
    }

    /// The result to answer `input` with: the example with this input, else the first;
    /// `None` when there are no examples.
    pub fn pick(&self, input: &serde_json::Value) -> Option<Pick<'_>> {
        let matching = self
            .pairs
            .iter()
            .find(|(example, _)| example == input)
            .map(|(_, result)| Pick::Matching(result));
        matching.or_else(|| self.pairs.first().map(|(_, result)| Pick::First(result)))
    }

    /// How many examples there are.
    pub fn len(&self) -> usize {
        self.pairs.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.pairs.is_empty()
    }
}

/// A handler that decodes the input into `W::Input` (answering `400` naming the field that does
/// not fit, like a server checking its schema) and passes it on.
fn typed_input<W>(
    handler: impl Fn(W::Input) -> Reply + Send + Sync + 'static,
) -> impl Fn(serde_json::Value) -> Reply + Send + Sync + 'static
where
    W: Workflow,
    W::Input: DeserializeOwned,
{
    move |input| match serde_path_to_error::deserialize::<_, W::Input>(input) {
        Ok(input) => handler(input),
        Err(error) => {
            // The root shows as "."; name it `input` as the body does.
            let path = error.path().to_string();
            let path = path.trim_start_matches('.');
            let location = if path.is_empty() {
                "input".to_owned()
            } else {
                format!("input.{path}")
            };
            Reply::message(
                StatusCode::BAD_REQUEST,
                format!(
                    "{location} does not fit workflow {}: {}",
                    W::NAME,
                    error.inner()
                ),
            )
        }
    }
}

fn parse_headers(headers: &[(&str, &str)]) -> Vec<(HeaderName, HeaderValue)> {
    headers
        .iter()
        .map(|&(name, value)| {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(name), Ok(value)) => (name, value),
                _ => panic!("MockStudio: invalid header {name:?}: {value:?}"),
            }
        })
        .collect()
}

fn status_code(status: u16) -> StatusCode {
    match StatusCode::from_u16(status) {
        Ok(status) => status,
        Err(_) => panic!("MockStudio: {status} is not an HTTP status"),
    }
}

/// A handler that panicked poisons nothing we rely on: the maps stay consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

async fn serve(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, for instance: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(10)).await;
                continue;
            }
        };
        shared.connections.fetch_add(1, Ordering::Relaxed);
        let shared = Arc::clone(&shared);
        connections.spawn(async move {
            let service = service_fn(move |request| {
                let shared = Arc::clone(&shared);
                async move { Ok::<_, Infallible>(handle(&shared, request).await) }
            });
            // A client that hangs up mid-request is not the mock's problem.
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), service)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}

async fn handle(shared: &Shared, request: Request<Incoming>) -> Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match body.collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(error) => {
            return into_response(Reply::message(
                StatusCode::BAD_REQUEST,
                format!("the body could not be read: {error}"),
            ));
        }
    };
    let recorded = RecordedRequest {
        method: parts.method.to_string(),
        path: parts
            .uri
            .path_and_query()
            .map_or_else(|| parts.uri.path().to_owned(), ToString::to_string),
        json: serde_json::from_slice(&body).ok(),
        headers: parts.headers,
        body,
    };
    let reply = answer(shared, &recorded);
    lock(&shared.requests).push(recorded);
    into_response(reply)
}

fn answer(shared: &Shared, request: &RecordedRequest) -> Reply {
    let (path, query) = request
        .path
        .split_once('?')
        .unwrap_or((request.path.as_str(), ""));
    if path.strip_prefix('/') == Some(LISTING_PATH) {
        return answer_listing(shared, request, query);
    }
    let Some((route, deployment_id)) = deployment_id_of(shared, path) else {
        return Reply::message(
            StatusCode::NOT_FOUND,
            format!("no route for {} {}", request.method, request.path),
        );
    };
    if request.method != Method::POST.as_str() {
        return method_not_allowed(request, "POST");
    }
    if !authorized(shared, request, &route) {
        return Reply::empty_object(StatusCode::UNAUTHORIZED);
    }
    let content_type = request.header("content-type").unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    if !media_type.eq_ignore_ascii_case("application/json") {
        return Reply::message(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected Content-Type application/json, got {content_type:?}"),
        );
    }
    let Some(handler) = lock(&shared.routes).get(&deployment_id).cloned() else {
        return Reply::empty_object(StatusCode::NOT_FOUND);
    };
    let input = match &request.json {
        Some(serde_json::Value::Object(envelope)) => match envelope.get("input") {
            Some(input @ serde_json::Value::Object(_)) => input.clone(),
            Some(_) => {
                return Reply::message(StatusCode::BAD_REQUEST, "`input` must be an object");
            }
            None => {
                return Reply::message(StatusCode::BAD_REQUEST, "the body has no `input`");
            }
        },
        Some(_) => {
            return Reply::message(
                StatusCode::BAD_REQUEST,
                "the body must be an object: {\"input\": {...}}",
            );
        }
        None => return Reply::message(StatusCode::BAD_REQUEST, "the body is not JSON"),
    };
    match catch_unwind(AssertUnwindSafe(|| handler(input))) {
        Ok(reply) if reply.wrap => wrap(reply, &route),
        Ok(reply) => reply,
        Err(_) => Reply::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("MockStudio: the handler for {deployment_id:?} panicked"),
        ),
    }
}

/// `405` naming the one method allowed.
fn method_not_allowed(request: &RecordedRequest, allowed: &'static str) -> Reply {
    let mut reply = Reply::message(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{} is not allowed here, only {allowed}", request.method),
    );
    reply
        .headers
        .push((header::ALLOW, HeaderValue::from_static(allowed)));
    reply
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer_of(request: &RecordedRequest) -> Option<&str> {
    request
        .header("authorization")
        .and_then(|value| value.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
}

/// `GET /api/v1/deployments[?cursor=N]`: Bearer only, like the service's listing.
fn answer_listing(shared: &Shared, request: &RecordedRequest, query: &str) -> Reply {
    if request.method != Method::GET.as_str() {
        return method_not_allowed(request, "GET");
    }
    let bearer = bearer_of(request);
    let authorized = if shared.accept_any_api_key.load(Ordering::Relaxed) {
        bearer.is_some_and(|key| !key.is_empty())
    } else {
        bearer == Some(shared.api_key.as_str())
    };
    if !authorized {
        return Reply::empty_object(StatusCode::UNAUTHORIZED);
    }
    let listing = lock(&shared.listing);
    if let Some((status, headers, body)) = &listing.raw {
        return Reply {
            status: *status,
            headers: headers.clone(),
            body: body.clone(),
            wrap: false,
        };
    }
    let start = match query.strip_prefix("cursor=") {
        None if query.is_empty() => 0,
        Some(cursor) => match cursor.parse::<usize>() {
            Ok(start) => start,
            Err(_) => {
                return Reply::message(
                    StatusCode::BAD_REQUEST,
                    format!("cursor {cursor:?} is not one this listing gave"),
                );
            }
        },
        None => {
            return Reply::message(
                StatusCode::BAD_REQUEST,
                format!("unknown query {query:?}: only ?cursor= is understood"),
            );
        }
    };
    let total = listing.deployments.len();
    let end = listing
        .page_size
        .map_or(total, |size| start.saturating_add(size).min(total));
    let entries: Vec<serde_json::Value> = listing
        .deployments
        .get(start.min(total)..end.max(start.min(total)))
        .unwrap_or_default()
        .iter()
        .map(Deployment::to_json)
        .collect();
    let mut page = serde_json::json!({ "deployments": entries });
    if end < total {
        page["next_cursor"] = serde_json::Value::String(end.to_string());
    }
    Reply::json(StatusCode::OK, page.to_string())
}

/// A handler's `(status, body)` answer, or a `500` saying the status is not one.
fn status_reply(status: u16, body: &serde_json::Value) -> Reply {
    match StatusCode::from_u16(status) {
        Ok(status) => Reply::json(status, body.to_string()),
        Err(_) => Reply::message(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("MockStudio: the handler answered {status}, which is not an HTTP status"),
        ),
    }
}

/// Whether the request carries the mock's key where `route` expects it, or any key in either
/// place once `accept_any_api_key` was called.
fn authorized(shared: &Shared, request: &RecordedRequest, route: &Route) -> bool {
    let api_key = request.header("api_key");
    let bearer = bearer_of(request);
    if shared.accept_any_api_key.load(Ordering::Relaxed) {
        return [api_key, bearer]
            .into_iter()
            .any(|key| key.is_some_and(|key| !key.is_empty()));
    }
    let expected = Some(shared.api_key.as_str());
    match route {
        Route::Workflows => api_key == expected,
        Route::Instructions => bearer == expected,
        // The mock cannot know which auth style a client on a route of its own was given.
        _ => api_key == expected || bearer == expected,
    }
}

/// The route and decoded deployment id of `/v1/workflows/{deployment_id}/run`,
/// `/api/v1/instructions/{deployment_id}/run` or a path of one of the [`MockStudio::serve_route`]
/// routes.
fn deployment_id_of(shared: &Shared, path: &str) -> Option<(Route, String)> {
    let path = path.strip_prefix('/')?;
    lock(&shared.served).iter().find_map(|route| {
        let (before, after) = route.around_deployment_id();
        let segment = path.strip_prefix(before)?.strip_suffix(after)?;
        if segment.is_empty() || segment.contains('/') {
            return None;
        }
        let id = percent_encoding::percent_decode_str(segment)
            .decode_utf8()
            .ok()?;
        Some((route.clone(), id.into_owned()))
    })
}

/// `{"result": <output>}` or `{"completion": <output>}`, as `route` answers; the output alone
/// on a custom route without an envelope.
fn wrap(reply: Reply, route: &Route) -> Reply {
    let Some(key) = route.envelope() else {
        return Reply {
            wrap: false,
            ..reply
        };
    };
    let key = serde_json::to_string(key).unwrap_or_default();
    let mut body = Vec::with_capacity(reply.body.len() + key.len() + 3);
    body.push(b'{');
    body.extend_from_slice(key.as_bytes());
    body.push(b':');
    body.extend_from_slice(&reply.body);
    body.push(b'}');
    Reply {
        body: body.into(),
        wrap: false,
        ..reply
    }
}

fn into_response(reply: Reply) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(reply.body));
    *response.status_mut() = reply.status;
    for (name, value) in reply.headers {
        response.headers_mut().append(name, value);
    }
    response
}
