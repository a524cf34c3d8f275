//! [`Client`] and [`ClientBuilder`]: run a deployed workflow over HTTP.
//!
//! Every run takes the same path: check the deployment id and build the URL, serialize the input
//! into `{"input": ...}` and check it against its schema, then `send`: attempts (`attempt`: one
//! HTTP exchange, its body read within `max_response_bytes`) and the waits between them, all
//! within one deadline. The last answer is either decoded from its envelope or is the [`Error`].

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::Serialize;
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tracing::Instrument;

use crate::decode;
use crate::error::{BODY_SNIPPET_LIMIT, Error, Violation, body_snippet};
use crate::options::{AUTH_ENV, Auth, ROUTE_ENV, RetryPolicy, Route, RunOptions, jitter_random};
use crate::repair::{self, Repair, ResultMode};
use crate::safe;
use crate::workflow::Workflow;

const DEFAULT_BASE_URL: &str = "https://api.prompt.studio";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_MAX_CONNECTIONS: usize = 64;
const DEFAULT_USER_AGENT: &str = concat!("workflow-runtime/", env!("CARGO_PKG_VERSION"));
const API_KEY_ENV: &str = "PROMPT_STUDIO_API_KEY";
const BASE_URL_ENV: &str = "PROMPT_STUDIO_BASE_URL";
const ALLOW_HTTP_ENV: &str = "PROMPT_STUDIO_ALLOW_HTTP";
const API_KEY_HEADER: &str = "api_key";
const APPLICATION_JSON: &str = "application/json";
/// The longest deployment id sent, in bytes: real ones are a few dozen; far longer ones only
/// make URLs the server refuses, with a message that would quote them.
const MAX_DEPLOYMENT_ID_BYTES: usize = 1024;
/// Answers at least this large are decoded on tokio's blocking pool rather than on the async
/// worker that received them (BENCHMARKS.md, "Hostile answers", part 3): the hand-off costs
/// about 7 µs, some 7 % of decoding 64 KiB (30 % at 16 KiB), while a decode above it would
/// hold the worker for more than ~160 µs.
pub(crate) const OFFLOAD_BYTES: usize = 64 * 1024;
/// Same-origin 307/308 redirects followed in a row before giving up.
const MAX_REDIRECTS: usize = 3;
/// Where servers and the proxies in front of them put the id of a request, checked in order.
const REQUEST_ID_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("request-id"),
];
const API_KEY_HEADER_NAME: HeaderName = HeaderName::from_static(API_KEY_HEADER);
/// Repairs of one result logged one by one; the rest are summed up in one more event, so that a
/// model that gets every one of a thousand items wrong does not flood the logs.
const MAX_REPAIR_EVENTS: usize = 10;

/// Everything outside RFC 3986's unreserved characters is percent-encoded, `/`, `?`, `#` and `%`
/// included, so a deployment id always stays one path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The redirect policy of the client this crate builds, for a `reqwest::Client` of your own
/// ([`ClientBuilder::http_client`]): it follows only `307` and `308` redirects that stay within
/// the origin (scheme, host and port) of the original request, at most 3 in a row, and stops at
/// any other redirect, which then becomes [`Error::UnexpectedStatus`] naming its `Location`.
///
/// Why: a `301`, `302` or `303` turns a POST into a GET, and reqwest's own policies strip only
/// `Authorization` and cookies when a redirect leaves the host, not the `API_KEY` header, so any
/// redirect to another origin would hand the key to it.
///
/// With feature `rustls-ring` (the default), calling it also installs ring as rustls'
/// process-wide crypto provider unless one is installed already: the reqwest this crate
/// re-exports is built without a provider of its own and needs one to build a client.
///
/// ```
/// let http = workflow_runtime::reqwest::Client::builder()
///     .redirect(workflow_runtime::redirect_policy())
///     .build()?;
/// let client = workflow_runtime::Client::builder()
///     .api_key("sk-...")
///     .http_client(http)
///     .build()?;
/// # let _ = client;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn redirect_policy() -> reqwest::redirect::Policy {
    // Building a reqwest client comes next: give it the TLS provider the features chose.
    crate::tls::ensure_crypto_provider();
    reqwest::redirect::Policy::custom(|attempt| {
        // `previous` starts with the original request's URL.
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        let keeps_the_post = matches!(attempt.status().as_u16(), 307 | 308);
        if same_origin && keeps_the_post && attempt.previous().len() <= MAX_REDIRECTS {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// A client for Prompt Studio's run endpoint: cheap to clone (the clones share one connection
/// pool and its limit), `Send` and `Sync`.
///
/// ```no_run
/// # async fn demo() -> Result<(), workflow_runtime::Error> {
/// let client = workflow_runtime::Client::from_env()?;
/// let result = client
///     .run_json("dep_123", serde_json::json!({ "prompt": "what is the fastest car?" }))
///     .await?;
/// println!("{result}");
/// # Ok(())
/// # }
/// ```
///
/// Dropping a run's future cancels it: the connection of an attempt in flight is closed (the
/// server sees it go away) and no further attempt is made.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

#[allow(
    clippy::large_enum_variant,
    reason = "it lives behind an Arc, allocated once per client"
)]
enum Inner {
    Ready(Settings),
    /// [`Client::new`] cannot fail, so a configuration problem waits here and every run returns
    /// it as [`Error::Config`].
    Unusable(String),
}

struct Settings {
    http: reqwest::Client,
    base_url: reqwest::Url,
    route: Route,
    auth: Auth,
    /// `{base_url without trailing slashes}/{route path before the deployment id}` and the
    /// route's path after it: a run's URL is `{endpoint.0}{segment}{endpoint.1}`.
    endpoint: (String, String),
    /// `API_KEY: <key>`, marked sensitive.
    api_key: HeaderValue,
    /// `Authorization: Bearer <key>`, marked sensitive.
    bearer: HeaderValue,
    /// The key as text, only to blank it out of body snippets in errors.
    api_key_text: String,
    user_agent: HeaderValue,
    timeout: Duration,
    connect_timeout: Option<Duration>,
    retry_policy: RetryPolicy,
    validate_input: bool,
    result_mode: ResultMode,
    max_response_bytes: u64,
    /// One permit per attempt in flight: HTTP/1 carries one request at a time per connection,
    /// so this bounds the connections in use; the pool keeps at most as many idle.
    connections: Semaphore,
}

impl Client {
    /// A client for the hosted service (`https://api.prompt.studio`) with the given API key and
    /// the default settings (see [`ClientBuilder`]).
    ///
    /// This never fails: if the key is empty or cannot be sent as a header, or the HTTP client
    /// cannot be built, every run returns that as [`Error::Config`]. Use
    /// [`Client::builder`]`().api_key(key).build()` to find out up front.
    pub fn new(api_key: impl Into<String>) -> Client {
        Client::builder()
            .api_key(api_key)
            .build()
            .unwrap_or_else(Client::unusable)
    }

    /// A client configured from the environment: `PROMPT_STUDIO_API_KEY` (required) and
    /// `PROMPT_STUDIO_BASE_URL` (optional, defaults to `https://api.prompt.studio`; plain `http`
    /// only for a loopback host, or anywhere with `PROMPT_STUDIO_ALLOW_HTTP=1`, say for a
    /// `workflow serve` on another machine of a test network).
    ///
    /// Two more, for a deployment that answers elsewhere than the documented route:
    /// `PROMPT_STUDIO_ROUTE` is `workflows` (the default, [`Route::Workflows`]), `instructions`
    /// ([`Route::Instructions`]) or a path with `{deployment_id}` in it, answering
    /// `{"result": ...}` (a [`Route::custom`]); `PROMPT_STUDIO_AUTH` is `api-key`, `bearer` or
    /// `both` ([`Auth`]; by default the route's own).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `PROMPT_STUDIO_API_KEY` is unset or empty, or any of these
    /// variables holds something unusable; the message names the variable.
    pub fn from_env() -> Result<Client, Error> {
        Client::from_lookup(|name| {
            std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
        })
    }

    /// [`Client::from_env`] with the environment lookup passed in, so that it can be tested
    /// without touching the process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        Client::builder_from_lookup(lookup)?.build()
    }

    /// The builder [`Client::from_env`] builds, for the blocking client to reuse.
    pub(crate) fn builder_from_lookup(
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<ClientBuilder, Error> {
        let api_key = match lookup(API_KEY_ENV) {
            None => {
                return Err(Error::config(format!(
                    "{API_KEY_ENV} is not set: set it to your Prompt Studio API key"
                )));
            }
            Some(key) if key.is_empty() => {
                return Err(Error::config(format!(
                    "{API_KEY_ENV} is empty: set it to your Prompt Studio API key"
                )));
            }
            Some(key) => key,
        };
        check_api_key(&api_key).map_err(|problem| {
            Error::config(format!("{API_KEY_ENV} is not a usable API key: {problem}"))
        })?;
        let mut builder = Client::builder().api_key(api_key);
        let allow_http = match lookup(ALLOW_HTTP_ENV).as_deref().map(str::trim) {
            None | Some("" | "0" | "false") => false,
            Some("1" | "true") => true,
            Some(other) => {
                return Err(Error::config(format!(
                    "{ALLOW_HTTP_ENV} is {other:?}: set it to 1 (or true) to allow plain http, 0 (or false) or unset otherwise"
                )));
            }
        };
        if allow_http {
            builder = builder.allow_http();
        }
        if let Some(base_url) = lookup(BASE_URL_ENV).filter(|url| !url.is_empty()) {
            parse_base_url(&base_url, allow_http, AllowHttp::Environment)
                .map_err(|problem| Error::config(format!("{BASE_URL_ENV} is {problem}")))?;
            builder = builder.base_url(base_url);
        }
        if let Some(route) = lookup(ROUTE_ENV).filter(|route| !route.trim().is_empty()) {
            builder = builder.route(Route::parse_env(&route)?);
        }
        if let Some(auth) = lookup(AUTH_ENV).filter(|auth| !auth.trim().is_empty()) {
            builder = builder.auth(Auth::parse_env(&auth)?);
        }
        Ok(builder)
    }

    /// A builder to set the base URL, route and auth style, timeouts, retries, limits, the user
    /// agent or the underlying `reqwest::Client`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    pub(crate) fn unusable(error: Error) -> Client {
        Client {
            inner: Arc::new(Inner::Unusable(error.to_string())),
        }
    }

    /// Run workflow `W` on its own deployment, `W::DEPLOYMENT_ID`, and decode its result.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `W` has no deployment id (then use [`Client::run_deployment`]),
    /// and everything [`Client::run_deployment`] returns.
    pub async fn run<W: Workflow>(&self, input: &W::Input) -> Result<W::Output, Error> {
        self.run_detailed_with::<W>(input, &RunOptions::new())
            .await
            .map(|detailed| detailed.output)
    }

    /// [`Client::run`] with per-call [`RunOptions`] (timeout, retry policy, input checking,
    /// result mode).
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub async fn run_with<W: Workflow>(
        &self,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<W::Output, Error> {
        self.run_detailed_with::<W>(input, options)
            .await
            .map(|detailed| detailed.output)
    }

    /// Run workflow `W` on the deployment named here, and decode its result.
    ///
    /// With feature `validate` (on by default), the input is first checked against
    /// `W::INPUT_SCHEMA` when the workflow has one; an input that violates it is not sent.
    /// A result that does not fit `W::Output` is repaired against `W::RESULT_SCHEMA` first, in
    /// [`ResultMode::Repair`] (the default; see [`crate::repair`]).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty deployment id (or `.`/`..`, which cannot be a path
    /// segment), a client built with a bad configuration or an input schema that does not
    /// compile, [`Error::InvalidInput`] when the input does not serialize to a JSON object or
    /// violates its schema, [`Error::Decode`] when the result does not fit `W::Output` (after
    /// repairs), and every other [`Error`] variant for what the server or the network did
    /// (after the retries the [`RetryPolicy`] allows).
    pub async fn run_deployment<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
    ) -> Result<W::Output, Error> {
        self.run_deployment_detailed_with::<W>(deployment_id, input, &RunOptions::new())
            .await
            .map(|detailed| detailed.output)
    }

    /// [`Client::run_deployment`] with per-call [`RunOptions`].
    ///
    /// # Errors
    ///
    /// As [`Client::run_deployment`].
    pub async fn run_deployment_with<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<W::Output, Error> {
        self.run_deployment_detailed_with::<W>(deployment_id, input, options)
            .await
            .map(|detailed| detailed.output)
    }

    /// [`Client::run`], returning the output with how it was obtained: the repairs made to the
    /// result ([`Detailed::repairs`], empty when it fitted as it came), the attempts and the
    /// server's request id. For callers who log or alert when a prompt's output drifts away
    /// from its schema.
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub async fn run_detailed<W: Workflow>(
        &self,
        input: &W::Input,
    ) -> Result<Detailed<W::Output>, Error> {
        self.run_detailed_with::<W>(input, &RunOptions::new()).await
    }

    /// [`Client::run_detailed`] with per-call [`RunOptions`].
    ///
    /// # Errors
    ///
    /// As [`Client::run`].
    pub async fn run_detailed_with<W: Workflow>(
        &self,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<Detailed<W::Output>, Error> {
        let Some(deployment_id) = W::DEPLOYMENT_ID else {
            return Err(Error::config(format!(
                "workflow {} has no deployment id: set `deployment_id` in the workflow file, \
                 pass `deployment_id = \"...\"` to `workflow!`, or call `Client::run_deployment`",
                W::NAME
            )));
        };
        self.run_deployment_detailed_with::<W>(deployment_id, input, options)
            .await
    }

    /// [`Client::run_deployment`], returning the output with its repairs, attempts and request
    /// id, as [`Client::run_detailed`] does.
    ///
    /// # Errors
    ///
    /// As [`Client::run_deployment`].
    pub async fn run_deployment_detailed<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
    ) -> Result<Detailed<W::Output>, Error> {
        self.run_deployment_detailed_with::<W>(deployment_id, input, &RunOptions::new())
            .await
    }

    /// [`Client::run_deployment_detailed`] with per-call [`RunOptions`]: every typed run ends
    /// up here.
    ///
    /// # Errors
    ///
    /// As [`Client::run_deployment`].
    pub async fn run_deployment_detailed_with<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
        options: &RunOptions,
    ) -> Result<Detailed<W::Output>, Error> {
        let call =
            Call::new(W::NAME, deployment_id, W::INPUT_SCHEMA).result_schema(W::RESULT_SCHEMA);
        self.execute(&call, input, options, decode::decode::<W::Output>)
            .await
    }

    /// Run a deployment with an untyped input object and return its result (the `result`, or
    /// `completion` on [`Route::Instructions`], or a custom route's envelope) as it came. Error messages name the deployment
    /// (`deployment dep_123: ...`) and have an empty `workflow`. There is no schema to check
    /// the input against, nor to repair the result with: [`repair::repair`] does that for a
    /// caller who has one.
    ///
    /// # Errors
    ///
    /// As [`Client::run_deployment`]; [`Error::InvalidInput`] when `input` is not an object.
    pub async fn run_json(
        &self,
        deployment_id: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        self.run_json_with(deployment_id, input, &RunOptions::new())
            .await
    }

    /// [`Client::run_json`] with per-call [`RunOptions`].
    ///
    /// # Errors
    ///
    /// As [`Client::run_json`].
    pub async fn run_json_with(
        &self,
        deployment_id: &str,
        input: serde_json::Value,
        options: &RunOptions,
    ) -> Result<serde_json::Value, Error> {
        self.execute(
            &Call::new("", deployment_id, None),
            &input,
            options,
            decode::value,
        )
        .await
        .map(|detailed| detailed.output)
    }

    async fn execute<I, O>(
        &self,
        call: &Call<'_>,
        input: &I,
        options: &RunOptions,
        decoder: decode::Decoder<O>,
    ) -> Result<Detailed<O>, Error>
    where
        I: Serialize + ?Sized,
        O: Send + 'static,
    {
        let span = tracing::info_span!(
            "workflow.run",
            workflow = call.workflow,
            deployment_id = call.deployment_id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let run = async {
            let settings = self.settings()?;
            check_limits(
                "the call's ",
                options.timeout,
                options.retry_policy.as_ref(),
            )?;
            let url = call.url(&settings.endpoint.0, &settings.endpoint.1)?;
            let body = call.encode_input(input)?;
            if options.validate_input.unwrap_or(settings.validate_input) {
                call.check_schema(input)?;
            }
            let timeout = options.timeout.unwrap_or(settings.timeout);
            let deadline = later(Instant::now(), timeout);
            let answer = self
                .send(
                    settings,
                    call,
                    &url,
                    Bytes::from(body),
                    options,
                    &span,
                    deadline,
                )
                .await?;
            let mode = options.result_mode.unwrap_or(settings.result_mode);
            let decoded = self
                .decode_in_time(
                    settings,
                    call,
                    decoder,
                    answer.body,
                    mode,
                    deadline,
                    timeout,
                )
                .await?;
            log_repairs(call, &decoded.repairs, decoded.repairs_omitted);
            Ok(Detailed {
                output: decoded.output,
                repairs: decoded.repairs,
                repairs_omitted: decoded.repairs_omitted,
                attempts: answer.attempts,
                status: answer.status,
                request_id: answer.request_id,
            })
        };
        let outcome = if span.is_disabled() {
            run.await
        } else {
            run.instrument(span.clone()).await
        };
        span.record("latency_ms", millis(started.elapsed()));
        if let Err(error) = &outcome {
            span.in_scope(|| tracing::debug!(%error, "workflow run failed"));
        }
        outcome
    }

    /// Decodes a 2xx body within the run's deadline: inline when it is small, on tokio's
    /// blocking pool when it is large (at least [`OFFLOAD_BYTES`], 64 KiB), so that a large or hostile
    /// answer never holds up the async worker threads, and the run still ends with
    /// [`Error::Timeout`] when the deadline passes (the repair walk also stops by itself then).
    #[allow(clippy::too_many_arguments, reason = "one run's state, passed down")]
    async fn decode_in_time<O: Send + 'static>(
        &self,
        settings: &Settings,
        call: &Call<'_>,
        decoder: decode::Decoder<O>,
        body: Bytes,
        mode: ResultMode,
        deadline: Instant,
        timeout: Duration,
    ) -> Result<decode::Decoded<O>, Error> {
        let route = &settings.route;
        let plan = decode::Plan {
            envelope: route.envelope(),
            root: "",
            schema: call.result_schema,
            mode,
            secret: &settings.api_key_text,
            deadline: Some(deadline.into_std()),
        };
        let outcome = if body.len() < OFFLOAD_BYTES {
            let outcome = decoder(&body, &plan);
            if Instant::now() > deadline {
                Err(decode::Failed::TimedOut)
            } else {
                outcome
            }
        } else {
            let owned = decode::OwnedPlan::of(&plan, call.result_schema);
            let moved = body.clone();
            let job = tokio::task::spawn_blocking(move || decoder(&moved, &owned.plan()));
            match tokio::time::timeout_at(deadline, job).await {
                Ok(Ok(outcome)) => outcome,
                // A panic in the output's `Deserialize`: the caller's, as it would be inline.
                Ok(Err(join)) if join.is_panic() => std::panic::resume_unwind(join.into_panic()),
                Ok(Err(_)) | Err(_) => Err(decode::Failed::TimedOut),
            }
        };
        outcome.map_err(|failed| {
            call.decode_failed(failed, &body, route, &settings.api_key_text, timeout)
        })
    }

    fn settings(&self) -> Result<&Settings, Error> {
        match &*self.inner {
            Inner::Ready(settings) => Ok(settings),
            Inner::Unusable(message) => Err(Error::config(message.clone())),
        }
    }

    /// Attempts and the waits between them, all before one deadline. Returns a 2xx answer with
    /// its whole body, or the last attempt's error.
    #[allow(clippy::too_many_arguments, reason = "one run's state, passed down")]
    async fn send(
        &self,
        settings: &Settings,
        call: &Call<'_>,
        url: &str,
        body: Bytes,
        options: &RunOptions,
        span: &tracing::Span,
        deadline: Instant,
    ) -> Result<Answer, Error> {
        let policy = options
            .retry_policy
            .as_ref()
            .unwrap_or(&settings.retry_policy);
        let timeout = options.timeout.unwrap_or(settings.timeout);
        let mut previous_wait = Duration::ZERO;
        let mut attempt: u32 = 0;
        loop {
            attempt = attempt.saturating_add(1);
            let started = Instant::now();
            // The attempt's own limit, when the policy sets one that ends before the deadline.
            let (attempt_deadline, attempt_timeout) = match policy.attempt_limit() {
                Some(limit) if later(started, limit) < deadline => (later(started, limit), limit),
                _ => (deadline, timeout),
            };
            let exchange = self.attempt(
                settings,
                call,
                url,
                body.clone(),
                attempt_timeout,
                attempt_deadline,
            );
            let outcome = match tokio::time::timeout_at(attempt_deadline, exchange).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Failure {
                    error: call.timeout(attempt_timeout),
                    retry_after: None,
                    request_id: None,
                    attempt_timed_out: attempt_deadline < deadline,
                }),
            };
            let latency_ms = millis(started.elapsed());
            span.record("attempts", attempt);
            let failure = match outcome {
                Ok(answer) => {
                    tracing::debug!(
                        attempt,
                        status = answer.status,
                        latency_ms,
                        request_id = answer.request_id.as_deref(),
                        "attempt answered"
                    );
                    span.record("status", answer.status);
                    if let Some(request_id) = &answer.request_id {
                        span.record("request_id", request_id.as_str());
                    }
                    return Ok(Answer {
                        attempts: attempt,
                        ..answer
                    });
                }
                Err(failure) => failure,
            };
            tracing::debug!(
                attempt,
                status = failure.error.status(),
                latency_ms,
                request_id = failure.request_id.as_deref(),
                error = %failure.error,
                "attempt failed"
            );
            if let Some(status) = failure.error.status() {
                span.record("status", status);
            }
            if let Some(request_id) = &failure.request_id {
                span.record("request_id", request_id.as_str());
            }
            let Some(wait) = retry_wait(policy, &failure, attempt, previous_wait) else {
                return Err(failure.error);
            };
            if later(Instant::now(), wait) >= deadline {
                tracing::debug!(
                    attempt,
                    wait_ms = millis(wait),
                    "not retrying: the wait would end after the timeout"
                );
                return Err(failure.error);
            }
            tracing::info!(attempt, wait_ms = millis(wait), "retrying after a wait");
            tokio::time::sleep(wait).await;
            previous_wait = wait;
        }
    }

    /// One HTTP exchange: wait for a connection permit, POST the body, read the answer within
    /// the size limit and classify it. Returns a 2xx answer.
    async fn attempt(
        &self,
        settings: &Settings,
        call: &Call<'_>,
        url: &str,
        body: Bytes,
        timeout: Duration,
        deadline: Instant,
    ) -> Result<Answer, Failure> {
        // Held until the body has been read (or dropped with a cancelled run), so that the
        // connection is free again when the permit is. The semaphore is never closed.
        let _permit = settings.connections.acquire().await.map_err(|_| {
            Failure::from(Error::config("the client's connection limit was closed"))
        })?;
        let mut request = settings
            .http
            .post(url)
            .header(
                header::CONTENT_TYPE,
                HeaderValue::from_static(APPLICATION_JSON),
            )
            .header(header::ACCEPT, HeaderValue::from_static(APPLICATION_JSON))
            .header(header::USER_AGENT, settings.user_agent.clone());
        if settings.auth.sends_api_key_header() {
            request = request.header(API_KEY_HEADER_NAME, settings.api_key.clone());
        }
        if settings.auth.sends_bearer() {
            request = request.header(header::AUTHORIZATION, settings.bearer.clone());
        }
        let mut response = request
            .body(body)
            .send()
            .await
            .map_err(|error| Failure::from(call.transport_error(error, timeout)))?;
        let status = response.status();
        let key = settings.api_key_text.as_str();
        let request_id = request_id(response.headers(), key);
        if status.is_success() {
            return match read_limited(&mut response, settings.max_response_bytes).await {
                Ok(body) => Ok(Answer {
                    status: status.as_u16(),
                    body,
                    request_id,
                    attempts: 1,
                }),
                Err(problem) => Err(Failure {
                    error: match problem {
                        ReadError::TooLarge { content_length } => Error::ResponseTooLarge {
                            workflow: call.workflow.to_owned(),
                            deployment_id: call.deployment_id.to_owned(),
                            limit: settings.max_response_bytes,
                            content_length,
                        },
                        ReadError::Transport(error) => call.transport_error(error, timeout),
                    },
                    retry_after: None,
                    request_id,
                    attempt_timed_out: false,
                }),
            };
        }
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let location = status
            .is_redirection()
            .then(|| response.headers().get(header::LOCATION))
            .flatten()
            .map(|location| {
                safe::text(
                    &String::from_utf8_lossy(location.as_bytes()),
                    key,
                    safe::HEADER_LIMIT,
                )
            });
        // Enough for the snippet even when an echoed key straddles its end and is blanked out,
        // and a few bytes for a character cut in half; the rest is never read.
        let snippet_bytes = BODY_SNIPPET_LIMIT + key.len() + 4;
        // The status is what matters and is known already: a body that stalls must not turn a
        // 429 (retryable) into a timeout of the whole run.
        let snippet_deadline = later(Instant::now(), ERROR_BODY_WAIT).min(
            deadline
                .checked_sub(Duration::from_millis(1))
                .unwrap_or(deadline),
        );
        let (body, complete) = read_prefix(&mut response, snippet_bytes, snippet_deadline).await;
        Err(Failure {
            error: call.status_error(
                status.as_u16(),
                retry_after,
                location,
                body_snippet(&body, key, complete),
            ),
            retry_after,
            request_id,
            attempt_timed_out: false,
        })
    }
}

/// The shortest wait before a retry, whatever the policy or the server says: no policy hammers
/// the service (`Retry-After: 0` with many retries would otherwise send requests back to back).
pub(crate) const MIN_RETRY_WAIT: Duration = Duration::from_millis(100);

/// Whether `failure` is retried under `policy` after `attempt` attempts, and after how long.
fn retry_wait(
    policy: &RetryPolicy,
    failure: &Failure,
    attempt: u32,
    previous_wait: Duration,
) -> Option<Duration> {
    if attempt > policy.max_retries_allowed()
        || !policy.allows(failure.error.retry_class(), failure.attempt_timed_out)
    {
        return None;
    }
    let wait = match failure.retry_after {
        // Sooner than the server asked would only be turned away again.
        Some(delay) if delay > policy.longest_retry_after() => return None,
        Some(delay) => delay,
        None => policy.backoff(attempt, previous_wait, jitter_random()),
    };
    Some(wait.max(MIN_RETRY_WAIT))
}

/// `instant + duration`, or about a century later for a duration too long to add (a timeout of
/// `Duration::MAX` meaning "none").
fn later(instant: Instant, duration: Duration) -> Instant {
    const CENTURY: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);
    instant
        .checked_add(duration)
        .or_else(|| instant.checked_add(CENTURY))
        .unwrap_or(instant)
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

/// The request id a server or proxy put on its answer, when it did: made safe to show, since
/// it goes into the run's span, events and [`Detailed`] (a server may echo the key in it).
fn request_id(headers: &HeaderMap, key: &str) -> Option<String> {
    REQUEST_ID_HEADERS.iter().find_map(|name| {
        let value = headers.get(name)?;
        Some(safe::text(
            &String::from_utf8_lossy(value.as_bytes()),
            key,
            safe::HEADER_LIMIT,
        ))
    })
}

enum ReadError {
    TooLarge { content_length: Option<u64> },
    Transport(reqwest::Error),
}

/// The whole body, or `TooLarge` as soon as it is known to exceed `limit`: from its
/// `Content-Length` before reading anything, else from the running count. Never holds more than
/// `limit` bytes (plus the chunk being looked at); dropping the response then closes the
/// connection instead of reading the rest.
async fn read_limited(response: &mut reqwest::Response, limit: u64) -> Result<Bytes, ReadError> {
    let content_length = response.content_length();
    if let Some(length) = content_length
        && length > limit
    {
        return Err(ReadError::TooLarge { content_length });
    }
    let Some(first) = response.chunk().await.map_err(ReadError::Transport)? else {
        return Ok(Bytes::new());
    };
    if u64::try_from(first.len()).unwrap_or(u64::MAX) > limit {
        return Err(ReadError::TooLarge { content_length });
    }
    if content_length == Some(first.len() as u64) {
        return Ok(first);
    }
    let capacity = usize::try_from(content_length.unwrap_or(0).min(limit)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity.max(first.len()));
    body.extend_from_slice(&first);
    while let Some(chunk) = response.chunk().await.map_err(ReadError::Transport)? {
        let total = u64::try_from(body.len() + chunk.len()).unwrap_or(u64::MAX);
        if total > limit {
            return Err(ReadError::TooLarge { content_length });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Bytes::from(body))
}

/// How long an error answer's body may take to arrive, at most, for its snippet.
const ERROR_BODY_WAIT: Duration = Duration::from_secs(2);

/// The first `limit` bytes of the body (or fewer), read until `deadline` at the latest: for
/// error snippets, where the status is what matters and a body that breaks off or stalls still
/// leaves a clear error. Also says whether that is the whole body.
async fn read_prefix(
    response: &mut reqwest::Response,
    limit: usize,
    deadline: Instant,
) -> (Vec<u8>, bool) {
    let mut body = Vec::new();
    let read = async {
        while body.len() < limit {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    let take = chunk.len().min(limit - body.len());
                    body.extend_from_slice(chunk.get(..take).unwrap_or_default());
                }
                Ok(None) => return true,
                Err(_) => return false,
            }
        }
        false
    };
    let complete = tokio::time::timeout_at(deadline, read)
        .await
        .unwrap_or(false);
    (body, complete)
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Ready(settings) => f
                .debug_struct("Client")
                .field("base_url", &settings.base_url.as_str())
                .field("route", &settings.route)
                .field("auth", &settings.auth)
                .field("api_key", &Redacted)
                .field("user_agent", &settings.user_agent)
                .field("timeout", &settings.timeout)
                .field("connect_timeout", &settings.connect_timeout)
                .finish_non_exhaustive(),
            Inner::Unusable(message) => {
                f.debug_struct("Client").field("unusable", message).finish()
            }
        }
    }
}

/// A 2xx answer, its body read whole, not decoded yet.
struct Answer {
    status: u16,
    body: Bytes,
    request_id: Option<String>,
    /// How many attempts the run took, this one included.
    attempts: u32,
}

/// A run's output with how it was obtained: [`Client::run_detailed`] and friends.
///
/// ```no_run
/// # use workflow_runtime::{Client, Error, Workflow};
/// # async fn demo<W: Workflow>(client: &Client, input: &W::Input) -> Result<W::Output, Error> {
/// let detailed = client.run_detailed::<W>(input).await?;
/// for repair in &detailed.repairs {
///     // `result.score: number from string ("0.9")`
///     eprintln!("{} repaired {repair}", W::NAME);
/// }
/// Ok(detailed.output)
/// # }
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Detailed<T> {
    /// The decoded output.
    pub output: T,
    /// The repairs made to the result before it decoded (object members by name, items by
    /// position); empty when it fitted as it came (see [`crate::repair`]). At most 1000 are
    /// listed: the first the walk met.
    pub repairs: Vec<Repair>,
    /// How many more repairs were made than [`repairs`](Self::repairs) lists (a model that
    /// got every one of a hundred thousand items wrong): counted, not kept.
    pub repairs_omitted: usize,
    /// How many attempts the run took: 1, or more after retries.
    pub attempts: u32,
    /// The status of the answer: 200, or another 2xx.
    pub status: u16,
    /// The request id the server or a proxy put on the answer (`x-request-id` or `request-id`),
    /// when it did: what the vendor's support asks for.
    pub request_id: Option<String>,
}

/// One `warn` event per repair (up to [`MAX_REPAIR_EVENTS`]), of target
/// `workflow_runtime::repair`, inside the run's span.
fn log_repairs(call: &Call<'_>, repairs: &[Repair], omitted: usize) {
    for repair in repairs.iter().take(MAX_REPAIR_EVENTS) {
        tracing::warn!(
            target: "workflow_runtime::repair",
            workflow = call.workflow,
            deployment_id = call.deployment_id,
            path = %repair.path,
            rule = repair.rule.name(),
            before = %repair.before,
            "repaired the result"
        );
    }
    let total = repairs.len() + omitted;
    if let Some(more) = total
        .checked_sub(MAX_REPAIR_EVENTS)
        .filter(|more| *more > 0)
    {
        tracing::warn!(
            target: "workflow_runtime::repair",
            workflow = call.workflow,
            deployment_id = call.deployment_id,
            more,
            total,
            "more repairs of the result, not logged one by one"
        );
    }
}

/// A failed attempt: the error it would return, and what decides whether to retry it.
struct Failure {
    error: Error,
    /// From `Retry-After`, on any status.
    retry_after: Option<Duration>,
    request_id: Option<String>,
    /// The policy's per-attempt timeout ran out (not the run's deadline).
    attempt_timed_out: bool,
}

impl From<Error> for Failure {
    fn from(error: Error) -> Self {
        Failure {
            error,
            retry_after: None,
            request_id: None,
            attempt_timed_out: false,
        }
    }
}

/// Shows `"<redacted>"` where a secret would be.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Configures a [`Client`]. Every setting is optional except the API key.
///
/// | setting | default |
/// |---|---|
/// | [`base_url`](Self::base_url) | `https://api.prompt.studio` (https required, except for loopback or with [`allow_http`](Self::allow_http)) |
/// | [`route`](Self::route) / [`auth`](Self::auth) | [`Route::Workflows`] / the route's [`default_auth`](Route::default_auth) |
/// | [`timeout`](Self::timeout) | 300 s for the whole run, retries included |
/// | [`connect_timeout`](Self::connect_timeout) | 10 s |
/// | [`retry_policy`](Self::retry_policy) | [`RetryPolicy::default`]: 2 retries, only when the workflow did not run |
/// | [`max_response_bytes`](Self::max_response_bytes) | 32 MiB |
/// | [`max_connections`](Self::max_connections) | 64 |
/// | [`validate_input`](Self::validate_input) | on (feature `validate`) |
/// | [`result_mode`](Self::result_mode) | [`ResultMode::Repair`] |
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    allow_http: bool,
    route: Option<Route>,
    auth: Option<Auth>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    max_response_bytes: Option<u64>,
    max_connections: Option<usize>,
    validate_input: Option<bool>,
    result_mode: Option<ResultMode>,
    user_agent: Option<String>,
    no_proxy: bool,
    http_client: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The API key, sent as the [`auth`](Self::auth) style says, in headers marked sensitive:
    /// never logged or shown.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Where the service lives, `https://api.prompt.studio` by default. It may carry a path
    /// prefix (`http://localhost:8080/studio/`): runs go to `{base_url}/v1/workflows/...`,
    /// with or without a trailing slash on the base.
    ///
    /// It must be `https`, so that the key never travels in clear text, unless its host is a
    /// loopback address (`localhost`, `127.0.0.0/8`, `::1`) or [`allow_http`](Self::allow_http)
    /// is called.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Accept a plain `http` base URL on any host: for a service behind a trusted network hop
    /// (a sidecar, a private network), knowing that the API key then travels unencrypted.
    pub fn allow_http(mut self) -> Self {
        self.allow_http = true;
        self
    }

    /// Which route to call: [`Route::Workflows`] (the documented contract) by default. The
    /// route also chooses the envelope the result is read from (`result` or `completion`) and,
    /// unless [`auth`](Self::auth) is set, how the key is sent.
    pub fn route(mut self, route: Route) -> Self {
        self.route = Some(route);
        self
    }

    /// How the key is sent: by default the route's [`default_auth`](Route::default_auth).
    pub fn auth(mut self, auth: Auth) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The most a run may take, from the first attempt until the answer's body has arrived,
    /// retries and the waits between them included: 300 s by default (LLM workflows are slow).
    /// A server that sends nothing, or trickles its body, gives [`Error::Timeout`]. Applies to a
    /// caller-supplied [`http_client`](Self::http_client) too; override per call with
    /// [`RunOptions::timeout`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The most connecting may take: 10 s by default. A connection that cannot be made in time
    /// is a connection failure, retried like a refused one. This is a setting of the underlying
    /// `reqwest::Client`, so it cannot be combined with [`http_client`](Self::http_client): set
    /// it on that client's builder instead.
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// When and how failed runs are retried: [`RetryPolicy::default`] (at most 2 retries, only
    /// when the workflow certainly did not run). Override per call with
    /// [`RunOptions::retry_policy`].
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = Some(retry_policy);
        self
    }

    /// The largest successful answer accepted, in bytes: 32 MiB by default. A larger one gives
    /// [`Error::ResponseTooLarge`], found from its `Content-Length` before reading or as soon
    /// as the body passes the limit: the client never holds more than this in memory for it.
    /// (Error answers are only read as far as their snippet in the error.)
    pub fn max_response_bytes(mut self, max_response_bytes: u64) -> Self {
        self.max_response_bytes = Some(max_response_bytes);
        self
    }

    /// The most requests this client (and its clones) has in flight at once, hence the most
    /// connections it opens: 64 by default. Further runs wait for a free slot, and that wait
    /// counts against their timeout. Also caps the idle connections kept in the pool.
    pub fn max_connections(mut self, max_connections: usize) -> Self {
        self.max_connections = Some(max_connections);
        self
    }

    /// Whether typed runs check their input against the workflow's schema before sending: on by
    /// default (with feature `validate`; without it, nothing is checked). Override per call
    /// with [`RunOptions::validate_input`].
    pub fn validate_input(mut self, validate: bool) -> Self {
        self.validate_input = Some(validate);
        self
    }

    /// Whether a typed run's result that does not fit the output type is repaired against the
    /// workflow's result schema before decoding: [`ResultMode::Repair`] by default (see
    /// [`crate::repair`]); [`ResultMode::Strict`] makes any mismatch an [`Error::Decode`].
    /// Override per call with [`RunOptions::result_mode`].
    pub fn result_mode(mut self, result_mode: ResultMode) -> Self {
        self.result_mode = Some(result_mode);
        self
    }

    /// The `User-Agent` header, `workflow-runtime/<version>` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Ignore proxies configured in the environment (`HTTP_PROXY`, `HTTPS_PROXY`, ...). A
    /// setting of the HTTP client built here, so it cannot be combined with
    /// [`http_client`](Self::http_client).
    pub fn no_proxy(mut self) -> Self {
        self.no_proxy = true;
        self
    }

    /// Send through this `reqwest::Client` (proxies, TLS roots, a shared pool) instead of one
    /// built here. Build it with [`crate::reqwest`] so the versions match, and give it
    /// [`redirect_policy`](crate::redirect_policy)`()`: its own redirect policy applies, and
    /// reqwest's default one follows redirects to other hosts with the `API_KEY` header still
    /// attached. The [`timeout`](Self::timeout), [`retry_policy`](Self::retry_policy),
    /// [`max_response_bytes`](Self::max_response_bytes) and
    /// [`max_connections`](Self::max_connections) still apply.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the API key is missing, empty or not a valid header value, the base
    /// URL does not parse, is not `http(s)` without query and fragment, or is plain `http` to a
    /// host that is not loopback without [`allow_http`](Self::allow_http), the user agent is not
    /// a valid header value, `max_connections` is 0, `connect_timeout` or `no_proxy` is combined
    /// with `http_client`, or the HTTP client cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let api_key_text = self.api_key.filter(|key| !key.is_empty()).ok_or_else(|| {
            Error::config(format!(
                "no API key: call `ClientBuilder::api_key`, or set {API_KEY_ENV} and use \
                 `Client::from_env`"
            ))
        })?;
        check_api_key(&api_key_text)
            .map_err(|problem| Error::config(format!("the API key is not usable: {problem}")))?;
        let unusable = || Error::config("the API key is not usable: not a valid header value");
        let mut api_key = HeaderValue::from_str(&api_key_text).map_err(|_| unusable())?;
        api_key.set_sensitive(true);
        let mut bearer =
            HeaderValue::from_str(&format!("Bearer {api_key_text}")).map_err(|_| unusable())?;
        bearer.set_sensitive(true);

        let base_url = parse_base_url(
            self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL),
            self.allow_http,
            AllowHttp::Builder,
        )
        .map_err(|problem| Error::config(format!("the base URL is {problem}")))?;
        let route = self.route.unwrap_or_default();
        let auth = self.auth.unwrap_or_else(|| route.default_auth());
        let (before, after) = route.around_deployment_id();
        let endpoint = (
            format!("{}/{before}", base_url.as_str().trim_end_matches('/')),
            after.to_owned(),
        );

        let user_agent = match self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(user_agent) => HeaderValue::from_str(&user_agent).map_err(|_| {
                Error::config(format!(
                    "the user agent {user_agent:?} is not a valid header value"
                ))
            })?,
        };

        let max_connections = self.max_connections.unwrap_or(DEFAULT_MAX_CONNECTIONS);
        if max_connections == 0 {
            return Err(Error::config(
                "`max_connections` is 0: at least one connection is needed to run anything",
            ));
        }
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let retry_policy = self.retry_policy.unwrap_or_default();
        check_limits("", Some(timeout), Some(&retry_policy))?;
        if self.connect_timeout == Some(Duration::ZERO) {
            return Err(zero_limit(
                "",
                "connect_timeout",
                "no connection can be made in no time",
            ));
        }
        let max_response_bytes = self
            .max_response_bytes
            .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES);
        if max_response_bytes == 0 {
            return Err(zero_limit(
                "",
                "max_response_bytes",
                "even the smallest answer, `{\"result\":{}}`, takes 13 bytes",
            ));
        }

        let (http, connect_timeout) = match self.http_client {
            Some(http) => {
                let setting = if self.connect_timeout.is_some() {
                    Some("connect_timeout")
                } else if self.no_proxy {
                    Some("no_proxy")
                } else {
                    None
                };
                if let Some(setting) = setting {
                    return Err(Error::config(format!(
                        "`{setting}` cannot be applied to a caller-supplied `http_client`: set \
                         it on that client's `reqwest::ClientBuilder` instead"
                    )));
                }
                (http, None)
            }
            None => {
                let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                crate::tls::ensure_crypto_provider();
                let mut http = reqwest::Client::builder()
                    .connect_timeout(connect_timeout)
                    .redirect(redirect_policy())
                    .pool_max_idle_per_host(max_connections);
                if self.no_proxy {
                    http = http.no_proxy();
                }
                let http = http.build().map_err(|error| {
                    Error::config(format!("the HTTP client could not be built: {error}"))
                })?;
                (http, Some(connect_timeout))
            }
        };

        Ok(Client {
            inner: Arc::new(Inner::Ready(Settings {
                http,
                base_url,
                route,
                auth,
                endpoint,
                api_key,
                bearer,
                api_key_text,
                user_agent,
                timeout,
                connect_timeout,
                retry_policy,
                validate_input: self.validate_input.unwrap_or(true),
                result_mode: self.result_mode.unwrap_or_default(),
                max_response_bytes,
                connections: Semaphore::new(max_connections.min(Semaphore::MAX_PERMITS)),
            })),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("base_url", &self.base_url)
            .field("allow_http", &self.allow_http)
            .field("route", &self.route)
            .field("auth", &self.auth)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_connections", &self.max_connections)
            .field("validate_input", &self.validate_input)
            .field("result_mode", &self.result_mode)
            .field("user_agent", &self.user_agent)
            .field("no_proxy", &self.no_proxy)
            .field("http_client", &self.http_client.as_ref().map(|_| "..."))
            .finish()
    }
}

/// A limit set to zero, where zero makes no sense: [`Error::Config`], before anything is sent.
/// `whose` is `""` for the client's settings, `"the call's "` for [`RunOptions`].
fn zero_limit(whose: &str, setting: &str, why: &str) -> Error {
    Error::config(format!(
        "{whose}`{setting}` is 0: {why}; leave it unset for the default, or give it room"
    ))
}

/// The timeouts of a client or a call: none may be zero (a run with no time would either fail
/// without trying or, racing the clock, send a paid request and drop its answer).
fn check_limits(
    whose: &str,
    timeout: Option<Duration>,
    policy: Option<&RetryPolicy>,
) -> Result<(), Error> {
    if timeout == Some(Duration::ZERO) {
        return Err(zero_limit(
            whose,
            "timeout",
            "a run cannot be sent and answered in no time",
        ));
    }
    if policy.and_then(RetryPolicy::attempt_limit) == Some(Duration::ZERO) {
        return Err(zero_limit(
            whose,
            "attempt_timeout",
            "an attempt cannot be sent and answered in no time",
        ));
    }
    Ok(())
}

/// Why `api_key` cannot be sent, if it cannot. Never mentions the key itself.
fn check_api_key(api_key: &str) -> Result<(), &'static str> {
    if api_key.bytes().all(|byte| byte.is_ascii_graphic()) {
        Ok(())
    } else {
        Err("it may only contain visible ASCII characters (no spaces, no trailing newline)")
    }
}

/// How a caller allows plain http, for the message that says it is refused.
#[derive(Clone, Copy)]
enum AllowHttp {
    Builder,
    Environment,
}

/// The base URL, or what is wrong with it (phrased to follow "the base URL is "). Messages show
/// the URL without its user name, password and query values ([`safe::url`]): a base URL is
/// where people paste tokens.
fn parse_base_url(text: &str, allow_http: bool, how: AllowHttp) -> Result<reqwest::Url, String> {
    let shown = safe::url(text);
    let url =
        reqwest::Url::parse(text).map_err(|error| format!("not a valid URL ({shown}: {error})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("not an http or https URL ({shown})"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "not usable as a base: it has a user name or password in it ({shown}); the API key \
             goes in `ClientBuilder::api_key` (or {API_KEY_ENV}), and credentials in the URL \
             would be sent as a second `Authorization` header"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "not usable as a base: it has a query or a fragment ({shown})"
        ));
    }
    if url.scheme() == "http" && !allow_http && !is_loopback(&url) {
        let how = match how {
            AllowHttp::Builder => "call `ClientBuilder::allow_http`",
            AllowHttp::Environment => "set PROMPT_STUDIO_ALLOW_HTTP=1",
        };
        return Err(format!(
            "plain http to a host that is not loopback ({shown}): the API key would travel \
             unencrypted; use https, or {how} to accept that"
        ));
    }
    Ok(url)
}

/// `localhost`, `127.0.0.0/8` or `::1` (also as an IPv4-mapped address): traffic that never
/// leaves the machine.
fn is_loopback(url: &reqwest::Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // IPv6 hosts come in brackets: `[::1]`.
    let address = host.trim_start_matches('[').trim_end_matches(']');
    match address.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(address)) => address.is_loopback(),
        Ok(std::net::IpAddr::V6(address)) => {
            address.is_loopback() || address.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// How long a `Retry-After` header says to wait: delay-seconds or an HTTP date. Seconds beyond
/// what a `u64` holds are as good as forever: `Duration::MAX`, which no policy waits for.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if !text.is_empty() && text.bytes().all(|byte| byte.is_ascii_digit()) {
        return Some(
            text.parse::<u64>()
                .map_or(Duration::MAX, Duration::from_secs),
        );
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[derive(Serialize)]
struct InputEnvelope<'a, T: ?Sized> {
    input: &'a T,
}

/// A decode error at the root of an answer that lacks the route's envelope but has another
/// route's, with the way to call that route: a deployment answering `completion` on the
/// documented route is the likeliest misconfiguration (the vendor's own clients used it).
fn envelope_hint(mut error: Error, route: &Route, body: &[u8]) -> Error {
    const ROUTES: [(&str, &str, &str); 2] = [
        ("result", "Route::Workflows", "workflows"),
        ("completion", "Route::Instructions", "instructions"),
    ];
    if let Error::Decode { path, message, .. } = &mut error
        && path.is_empty()
        && let Some(expected) = route.envelope()
        && let Some(keys) = top_level_keys(body)
        && !keys.iter().any(|key| key == expected)
        && let Some((key, named, variable)) = ROUTES
            .into_iter()
            .find(|(key, ..)| keys.iter().any(|found| found == key))
    {
        message.push_str(&format!(
            "; the answer has `{key}` instead, as {named} answers: call that route \
             (PROMPT_STUDIO_ROUTE={variable}), or a custom one with the envelope `{key}`"
        ));
    }
    error
}

/// The keys of the object an answer is, read in place (its values are skipped, never built);
/// `None` when it is not an object.
fn top_level_keys(body: &[u8]) -> Option<Vec<String>> {
    use crate::repair::scan::{self, Next};
    let start = scan::skip_ws(body, 0);
    if body.get(start) != Some(&b'{') {
        return None;
    }
    let mut keys = Vec::new();
    let mut at = start + 1;
    loop {
        match scan::next_member(body, at)? {
            Next::Member { key, value } => {
                if keys.len() < 64 {
                    keys.push(scan::string_text(body, key.0, key.1)?.into_owned());
                }
                at = scan::value_end(body, value)?;
            }
            Next::End(_) => return Some(keys),
            Next::Item(_) => return None,
        }
    }
}

/// What `InputEnvelope` serializes to before the input's own JSON.
const INPUT_ENVELOPE_PREFIX: &[u8] = br#"{"input":"#;

/// The run being made: what errors name, and what its input is checked against.
struct Call<'a> {
    /// Empty for an untyped run.
    workflow: &'a str,
    deployment_id: &'a str,
    #[cfg_attr(not(feature = "validate"), allow(dead_code))]
    input_schema: Option<&'static str>,
    /// What a result that does not fit the output type is repaired against.
    result_schema: Option<&'static str>,
}

impl<'a> Call<'a> {
    fn new(workflow: &'a str, deployment_id: &'a str, input_schema: Option<&'static str>) -> Self {
        Self {
            workflow,
            deployment_id,
            input_schema,
            result_schema: None,
        }
    }

    fn result_schema(self, result_schema: Option<&'static str>) -> Self {
        Self {
            result_schema,
            ..self
        }
    }

    /// `workflow car: ` for config messages, nothing for an untyped run.
    fn config_prefix(&self) -> String {
        if self.workflow.is_empty() {
            String::new()
        } else {
            format!("workflow {}: ", self.workflow)
        }
    }

    fn url(&self, before: &str, after: &str) -> Result<String, Error> {
        let deployment_id = self.deployment_id;
        if deployment_id.is_empty() {
            return Err(Error::config(format!(
                "{}the deployment id is empty",
                self.config_prefix()
            )));
        }
        // URL parsers resolve these as dot segments whether encoded or not: no encoding keeps
        // them inside the path segment, and no real deployment id looks like this.
        if deployment_id == "." || deployment_id == ".." {
            return Err(Error::config(format!(
                "{}the deployment id {deployment_id:?} cannot be sent as a path segment",
                self.config_prefix()
            )));
        }
        if deployment_id.len() > MAX_DEPLOYMENT_ID_BYTES {
            return Err(Error::config(format!(
                "{}the deployment id is {} bytes long, more than the {MAX_DEPLOYMENT_ID_BYTES} \
                 a deployment id can be (it starts {}): pass the id from the workflow editor",
                self.config_prefix(),
                deployment_id.len(),
                safe::text(deployment_id, "", 32)
            )));
        }
        if deployment_id.chars().any(char::is_control) {
            return Err(Error::config(format!(
                "{}the deployment id \"{}\" has a control character in it (a newline read \
                 with it from a file or a variable?): pass the id alone",
                self.config_prefix(),
                safe::text(deployment_id, "", 64)
            )));
        }
        let segment: std::borrow::Cow<'_, str> =
            utf8_percent_encode(deployment_id, PATH_SEGMENT).into();
        Ok([before, &segment, after].concat())
    }

    /// `{"input": <input>}` as bytes, written straight from the input. A non-finite float (which
    /// serde_json would write as `null`) is refused here, whatever the validation settings.
    fn encode_input<I: Serialize + ?Sized>(&self, input: &I) -> Result<Vec<u8>, Error> {
        let body = crate::finite::to_vec(&InputEnvelope { input }).map_err(|problem| {
            let violation = match problem {
                Ok(pointer) => Violation::new(
                    pointer.strip_prefix("/input").unwrap_or(&pointer),
                    "not a finite number (NaN or an infinity): JSON has none, and serde_json \
                     would send it as null",
                ),
                Err(error) => Violation::new("", error.to_string()),
            };
            self.invalid_input(vec![violation])
        })?;
        let first = body
            .get(INPUT_ENVELOPE_PREFIX.len()..)
            .and_then(|rest| rest.iter().find(|byte| !byte.is_ascii_whitespace()));
        let kind = match first {
            Some(b'{') => return Ok(body),
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b'n') => "null",
            Some(b't' | b'f') => "a boolean",
            _ => "a number",
        };
        Err(self.invalid_input(vec![Violation::new(
            "",
            format!("the input must be a JSON object, not {kind}"),
        )]))
    }

    /// Every violation of the workflow's input schema, as [`Error::InvalidInput`]; nothing when
    /// the workflow has no schema.
    #[cfg(feature = "validate")]
    fn check_schema<I: Serialize + ?Sized>(&self, input: &I) -> Result<(), Error> {
        let Some(schema) = self.input_schema else {
            return Ok(());
        };
        let input = serde_json::to_value(input)
            .map_err(|error| self.invalid_input(vec![Violation::new("", error.to_string())]))?;
        match crate::validate::check(schema, &input) {
            Ok(violations) if violations.is_empty() => Ok(()),
            Ok(violations) => Err(self.invalid_input(violations)),
            Err(problem) => Err(Error::config(format!(
                "{}its input schema cannot check inputs: {problem}; fix the schema, or turn \
                 checking off with `validate_input(false)`",
                self.config_prefix()
            ))),
        }
    }

    #[cfg(not(feature = "validate"))]
    fn check_schema<I: Serialize + ?Sized>(&self, _input: &I) -> Result<(), Error> {
        Ok(())
    }

    /// The error for an answer the decode pipeline ([`crate::decode`]) could not decode.
    fn decode_failed(
        &self,
        failed: decode::Failed,
        body: &[u8],
        route: &Route,
        secret: &str,
        timeout: Duration,
    ) -> Error {
        match failed {
            decode::Failed::Decode(error) => envelope_hint(
                self.decode_error(error.path, error.message, error.tried, body, secret),
                route,
                body,
            ),
            decode::Failed::TimedOut => self.timeout(timeout),
            decode::Failed::TooLarge { budget } => self.decode_error(
                String::new(),
                format!(
                    "the answer is too large to hold as a serde_json::Value: it would take more \
                     than {budget} bytes of memory ({}x its {} bytes, the most an untyped run \
                     may take); decode it into a typed output with `Client::run` instead, which \
                     holds about what the answer's text does",
                    decode::VALUE_BUDGET_FACTOR,
                    body.len()
                ),
                repair::Rules::new(),
                body,
                secret,
            ),
        }
    }

    fn decode_error(
        &self,
        path: String,
        message: String,
        tried: repair::Rules,
        body: &[u8],
        api_key: &str,
    ) -> Error {
        // serde quotes the values it rejects, whole: an echoed key must not reach the message,
        // nor a 30 MB string, nor the control characters in it. The rules tried come after the
        // cut, so that they always show.
        let mut message = safe::text(&message, api_key, safe::MESSAGE_LIMIT);
        if !tried.is_empty() {
            message = format!("{message} (tried: {tried})");
        }
        Error::Decode {
            workflow: self.workflow.to_owned(),
            deployment_id: self.deployment_id.to_owned(),
            path: safe::text(&path, api_key, safe::PATH_LIMIT),
            message,
            body: body_snippet(body, api_key, true),
        }
    }

    fn invalid_input(&self, violations: Vec<Violation>) -> Error {
        Error::InvalidInput {
            workflow: self.workflow.to_owned(),
            deployment_id: self.deployment_id.to_owned(),
            violations,
        }
    }

    fn timeout(&self, timeout: Duration) -> Error {
        Error::Timeout {
            workflow: self.workflow.to_owned(),
            deployment_id: self.deployment_id.to_owned(),
            timeout,
        }
    }

    fn transport_error(&self, error: reqwest::Error, timeout: Duration) -> Error {
        // A connect timeout is a failed connection (nothing was sent, retryable); any other
        // timeout (of a caller-supplied client) may have left the request running on the server.
        if error.is_timeout() && !error.is_connect() {
            self.timeout(timeout)
        } else {
            Error::Transport {
                workflow: self.workflow.to_owned(),
                deployment_id: self.deployment_id.to_owned(),
                source: error,
            }
        }
    }

    fn status_error(
        &self,
        status: u16,
        retry_after: Option<Duration>,
        location: Option<String>,
        body: String,
    ) -> Error {
        let workflow = self.workflow.to_owned();
        let deployment_id = self.deployment_id.to_owned();
        match status {
            401 | 403 => Error::Unauthorized {
                workflow,
                deployment_id,
                status,
                body,
            },
            404 => Error::NotFound {
                workflow,
                deployment_id,
                status,
                body,
            },
            429 => Error::RateLimited {
                workflow,
                deployment_id,
                status,
                retry_after,
                body,
            },
            500 => Error::WorkflowFailed {
                workflow,
                deployment_id,
                status,
                body,
            },
            _ => Error::UnexpectedStatus {
                workflow,
                deployment_id,
                status,
                location,
                body,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(name, value)| (name.to_string(), value.to_string()))
            .collect();
        move |name| vars.get(name).cloned()
    }

    #[test]
    fn from_lookup_allows_http_only_when_told() {
        let remote = [
            ("PROMPT_STUDIO_API_KEY", "sk-test"),
            ("PROMPT_STUDIO_BASE_URL", "http://studio.internal:8787"),
        ];
        let error = Client::from_lookup(lookup(&remote)).unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_BASE_URL is plain http to a host that is not loopback \
             (http://studio.internal:8787): the API key would travel unencrypted; use https, or \
             set PROMPT_STUDIO_ALLOW_HTTP=1 to accept that"
        );
        let mut allowed = remote.to_vec();
        allowed.push(("PROMPT_STUDIO_ALLOW_HTTP", "1"));
        assert!(Client::from_lookup(lookup(&allowed)).is_ok());
        let mut unclear = remote.to_vec();
        unclear.push(("PROMPT_STUDIO_ALLOW_HTTP", "yes please"));
        assert_eq!(
            Client::from_lookup(lookup(&unclear))
                .unwrap_err()
                .to_string(),
            "PROMPT_STUDIO_ALLOW_HTTP is \"yes please\": set it to 1 (or true) to allow plain http, 0 (or false) or unset otherwise"
        );
    }

    #[test]
    fn from_lookup_requires_the_api_key() {
        let error = Client::from_lookup(lookup(&[])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is not set: set it to your Prompt Studio API key"
        );
        let error = Client::from_lookup(lookup(&[("PROMPT_STUDIO_API_KEY", "")])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is empty: set it to your Prompt Studio API key"
        );
    }

    #[test]
    fn from_lookup_rejects_a_key_with_a_trailing_newline_without_showing_it() {
        let error = Client::from_lookup(lookup(&[(
            "PROMPT_STUDIO_API_KEY",
            "sk-live-SECRET-1234\n",
        )]))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is not a usable API key: it may only contain visible ASCII \
             characters (no spaces, no trailing newline)"
        );
        assert!(!format!("{error:?}").contains("SECRET"));
    }

    #[test]
    fn from_lookup_uses_the_default_base_url_when_none_is_set() {
        let client =
            Client::from_lookup(lookup(&[("PROMPT_STUDIO_API_KEY", "sk-live-SECRET-1234")]))
                .unwrap();
        assert_eq!(
            format!("{client:?}"),
            "Client { base_url: \"https://api.prompt.studio/\", route: Workflows, auth: \
             ApiKeyHeader, api_key: \"<redacted>\", user_agent: \"workflow-runtime/0.1.0\", \
             timeout: 300s, connect_timeout: Some(10s), .. }"
        );
    }

    #[test]
    fn from_lookup_reads_the_base_url() {
        let client = Client::from_lookup(lookup(&[
            ("PROMPT_STUDIO_API_KEY", "sk-live-SECRET-1234"),
            ("PROMPT_STUDIO_BASE_URL", "http://127.0.0.1:9/studio/"),
        ]))
        .unwrap();
        assert!(
            format!("{client:?}").contains("base_url: \"http://127.0.0.1:9/studio/\""),
            "{client:?}"
        );
    }

    #[test]
    fn from_lookup_names_the_variable_holding_a_bad_base_url() {
        let error = Client::from_lookup(lookup(&[
            ("PROMPT_STUDIO_API_KEY", "sk-live-SECRET-1234"),
            ("PROMPT_STUDIO_BASE_URL", "api.prompt.studio"),
        ]))
        .unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_BASE_URL is not a valid URL (api.prompt.studio: relative URL without \
             a base)"
        );
    }

    #[test]
    fn from_lookup_reads_the_route_and_auth_style() {
        let key = ("PROMPT_STUDIO_API_KEY", "sk-live-SECRET-1234");
        let debug = |vars: &[(&str, &str)]| {
            let mut vars = vars.to_vec();
            vars.push(key);
            format!("{:?}", Client::from_lookup(lookup(&vars)).unwrap())
        };
        assert!(debug(&[]).contains("route: Workflows, auth: ApiKeyHeader"));
        assert!(debug(&[("PROMPT_STUDIO_ROUTE", " ")]).contains("route: Workflows"));
        assert!(
            debug(&[("PROMPT_STUDIO_ROUTE", "instructions")])
                .contains("route: Instructions, auth: Bearer")
        );
        assert!(
            debug(&[
                ("PROMPT_STUDIO_ROUTE", "instructions"),
                ("PROMPT_STUDIO_AUTH", "both")
            ])
            .contains("route: Instructions, auth: Both")
        );
        assert!(
            debug(&[("PROMPT_STUDIO_AUTH", "bearer")]).contains("route: Workflows, auth: Bearer")
        );
        let custom = debug(&[("PROMPT_STUDIO_ROUTE", "v1/deployment/{deployment_id}/run")]);
        assert!(
            custom.contains(
                "route: Custom(CustomRoute { prefix: \"v1/deployment/\", suffix: \"/run\", \
                 envelope: Some(\"result\") }), auth: ApiKeyHeader"
            ),
            "{custom}"
        );

        let error = |vars: &[(&str, &str)]| {
            let mut vars = vars.to_vec();
            vars.push(key);
            Client::from_lookup(lookup(&vars)).unwrap_err().to_string()
        };
        assert_eq!(
            error(&[("PROMPT_STUDIO_ROUTE", "deployments")]),
            "PROMPT_STUDIO_ROUTE is \"deployments\": set it to `workflows` (the default), \
             `instructions`, or a path with `{deployment_id}` such as \
             `v1/deployment/{deployment_id}/run`"
        );
        assert_eq!(
            error(&[("PROMPT_STUDIO_ROUTE", "v1/{deployment_id}/run?x")]),
            "PROMPT_STUDIO_ROUTE: the route \"v1/{deployment_id}/run?x\" has a query or fragment: only a path goes \
             there, the base URL holds the rest"
        );
        assert_eq!(
            error(&[("PROMPT_STUDIO_AUTH", "API_KEY")]),
            "PROMPT_STUDIO_AUTH is \"API_KEY\": set it to `api-key` (an `API_KEY` header), \
             `bearer` (`Authorization: Bearer`) or `both`, or leave it unset for the route's \
             default"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        assert_eq!(retry_after(&headers, now), None);

        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(30)));

        let later = httpdate::fmt_http_date(now + Duration::from_secs(120));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(120)));

        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(120));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_str(&earlier).unwrap(),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::ZERO));

        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers, now), None);

        // Longer than a u64 of seconds: too long to wait, not "no header".
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("18446744073709551616"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::MAX));
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from_static("99999999999999999999999999999999"),
        );
        assert_eq!(retry_after(&headers, now), Some(Duration::MAX));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("-1"));
        assert_eq!(retry_after(&headers, now), None);
    }

    #[test]
    fn deployment_ids_become_one_encoded_path_segment() {
        let endpoint = "http://host/v1/workflows/";
        let url = |id| Call::new("car", id, None).url(endpoint, "/run").unwrap();
        assert_eq!(url("dep_123"), "http://host/v1/workflows/dep_123/run");
        assert_eq!(url("../admin"), "http://host/v1/workflows/..%2Fadmin/run");
        assert_eq!(url("a b?c#d"), "http://host/v1/workflows/a%20b%3Fc%23d/run");
        assert_eq!(url("%2F"), "http://host/v1/workflows/%252F/run");
        assert_eq!(url("ü~"), "http://host/v1/workflows/%C3%BC~/run");
    }
}
