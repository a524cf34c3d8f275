//! [`Client`] and [`ClientBuilder`]: run a deployed workflow over HTTP.
//!
//! Every run takes the same path: check the deployment id and build the URL, serialize the input
//! into `{"input": ...}`, send it once (`send_once`), then turn the answer into either
//! the decoded `result` or an [`Error`]. Retries and limits (issue 6) wrap `send_once`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tracing::Instrument;

use crate::error::{Error, Violation, body_snippet};
use crate::workflow::Workflow;

const DEFAULT_BASE_URL: &str = "https://api.prompt.studio";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_USER_AGENT: &str = concat!("workflow-runtime/", env!("CARGO_PKG_VERSION"));
const API_KEY_ENV: &str = "PROMPT_STUDIO_API_KEY";
const BASE_URL_ENV: &str = "PROMPT_STUDIO_BASE_URL";
const API_KEY_HEADER: &str = "api_key";
const APPLICATION_JSON: &str = "application/json";

/// Everything outside RFC 3986's unreserved characters is percent-encoded, `/`, `?`, `#` and `%`
/// included, so a deployment id always stays one path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A client for Prompt Studio's run endpoint: cheap to clone (the clones share one connection
/// pool), `Send` and `Sync`.
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
    /// `{base_url without trailing slashes}/v1/workflows/`: a run appends `{segment}/run`.
    endpoint: String,
    api_key: HeaderValue,
    /// The key as text, only to blank it out of body snippets in errors.
    api_key_text: String,
    user_agent: HeaderValue,
    timeout: Duration,
    connect_timeout: Option<Duration>,
}

impl Client {
    /// A client for the hosted service (`https://api.prompt.studio`) with the given API key and
    /// default timeouts (300 s in total per run, 10 s to connect).
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
    /// `PROMPT_STUDIO_BASE_URL` (optional, defaults to `https://api.prompt.studio`).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `PROMPT_STUDIO_API_KEY` is unset or empty, or either variable holds
    /// something unusable; the message names the variable.
    pub fn from_env() -> Result<Client, Error> {
        Client::from_lookup(|name| {
            std::env::var_os(name).map(|value| value.to_string_lossy().into_owned())
        })
    }

    /// [`Client::from_env`] with the environment lookup passed in, so that it can be tested
    /// without touching the process environment.
    pub(crate) fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, Error> {
        let api_key = lookup(API_KEY_ENV)
            .filter(|key| !key.is_empty())
            .ok_or_else(|| {
                Error::config(format!(
                    "{API_KEY_ENV} is not set: set it to your Prompt Studio API key"
                ))
            })?;
        check_api_key(&api_key).map_err(|problem| {
            Error::config(format!("{API_KEY_ENV} is not a usable API key: {problem}"))
        })?;
        let mut builder = Client::builder().api_key(api_key);
        if let Some(base_url) = lookup(BASE_URL_ENV).filter(|url| !url.is_empty()) {
            parse_base_url(&base_url)
                .map_err(|problem| Error::config(format!("{BASE_URL_ENV} is {problem}")))?;
            builder = builder.base_url(base_url);
        }
        builder.build()
    }

    /// A builder to set the base URL, timeouts, user agent or the underlying `reqwest::Client`.
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
        let Some(deployment_id) = W::DEPLOYMENT_ID else {
            return Err(Error::config(format!(
                "workflow {} has no deployment id: set `deployment_id` in the workflow file, \
                 pass `deployment_id = \"...\"` to `workflow!`, or call `Client::run_deployment`",
                W::NAME
            )));
        };
        self.run_deployment::<W>(deployment_id, input).await
    }

    /// Run workflow `W` on the deployment named here, and decode its result.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty deployment id (or `.`/`..`, which cannot be a path
    /// segment) or a client built with a bad configuration, [`Error::InvalidInput`] when the
    /// input does not serialize to a JSON object, and every other [`Error`] variant for what the
    /// server or the network did.
    pub async fn run_deployment<W: Workflow>(
        &self,
        deployment_id: &str,
        input: &W::Input,
    ) -> Result<W::Output, Error> {
        self.execute(&Call::new(W::NAME, deployment_id), input)
            .await
    }

    /// Run a deployment with an untyped input object and return its `result` as it came.
    /// Error messages name the deployment (`deployment dep_123: ...`) and have an empty
    /// `workflow`.
    ///
    /// # Errors
    ///
    /// As [`Client::run_deployment`]; [`Error::InvalidInput`] when `input` is not an object.
    pub async fn run_json(
        &self,
        deployment_id: &str,
        input: serde_json::Value,
    ) -> Result<serde_json::Value, Error> {
        self.execute(&Call::new("", deployment_id), &input).await
    }

    async fn execute<I, O>(&self, call: &Call<'_>, input: &I) -> Result<O, Error>
    where
        I: Serialize + ?Sized,
        O: DeserializeOwned,
    {
        let span = tracing::info_span!(
            "workflow.run",
            workflow = call.workflow,
            deployment_id = call.deployment_id,
            status = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        let outcome = async {
            let settings = self.settings()?;
            let url = call.url(&settings.endpoint)?;
            let body = call.encode_input(input)?;
            let answer = self
                .send_once(settings, call, url, body)
                .await
                .inspect_err(|error| {
                    if let Some(status) = error.status() {
                        span.record("status", status);
                    }
                })?;
            span.record("status", answer.status);
            call.decode(&answer.body, &settings.api_key_text)
        }
        .instrument(span.clone())
        .await;
        let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
        span.record("latency_ms", latency_ms);
        if let Err(error) = &outcome {
            span.in_scope(|| tracing::debug!(%error, "workflow run failed"));
        }
        outcome
    }

    fn settings(&self) -> Result<&Settings, Error> {
        match &*self.inner {
            Inner::Ready(settings) => Ok(settings),
            Inner::Unusable(message) => Err(Error::config(message.clone())),
        }
    }

    /// One HTTP exchange: POST the body, classify the answer. Returns a 2xx answer.
    async fn send_once(
        &self,
        settings: &Settings,
        call: &Call<'_>,
        url: String,
        body: Vec<u8>,
    ) -> Result<Success, Error> {
        let response = settings
            .http
            .post(url)
            .header(
                HeaderName::from_static(API_KEY_HEADER),
                settings.api_key.clone(),
            )
            .header(
                header::CONTENT_TYPE,
                HeaderValue::from_static(APPLICATION_JSON),
            )
            .header(header::ACCEPT, HeaderValue::from_static(APPLICATION_JSON))
            .header(header::USER_AGENT, settings.user_agent.clone())
            .timeout(settings.timeout)
            .body(body)
            .send()
            .await
            .map_err(|error| call.transport_error(error, settings.timeout))?;
        let status = response.status();
        if status.is_success() {
            let body = response
                .bytes()
                .await
                .map_err(|error| call.transport_error(error, settings.timeout))?;
            return Ok(Success {
                status: status.as_u16(),
                body,
            });
        }
        let retry_after = retry_after(response.headers(), SystemTime::now());
        // The status is what matters here: a body that breaks off still leaves a clear error.
        let body = response.bytes().await.unwrap_or_default();
        Err(call.status_error(
            status.as_u16(),
            retry_after,
            body_snippet(&body, &settings.api_key_text),
        ))
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.inner {
            Inner::Ready(settings) => f
                .debug_struct("Client")
                .field("base_url", &settings.base_url.as_str())
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

/// A 2xx answer, not decoded yet.
struct Success {
    status: u16,
    body: Bytes,
}

/// Shows `"<redacted>"` where a secret would be.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

/// Configures a [`Client`]. Every setting is optional except the API key.
#[derive(Clone, Default)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http_client: Option<reqwest::Client>,
}

impl ClientBuilder {
    /// The API key, sent as the `API_KEY` header (marked sensitive, never logged or shown).
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Where the service lives, `https://api.prompt.studio` by default. It may carry a path
    /// prefix (`http://localhost:8080/studio/`): runs go to `{base_url}/v1/workflows/...`,
    /// with or without a trailing slash on the base.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The most a run may take, from connecting until the answer's body has arrived: 300 s by
    /// default. Applies to a caller-supplied [`http_client`](Self::http_client) too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The most connecting may take: 10 s by default. This is a setting of the underlying
    /// `reqwest::Client`, so it cannot be combined with [`http_client`](Self::http_client): set
    /// it on that client's builder instead.
    pub fn connect_timeout(mut self, connect_timeout: Duration) -> Self {
        self.connect_timeout = Some(connect_timeout);
        self
    }

    /// The `User-Agent` header, `workflow-runtime/<version>` by default.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Send through this `reqwest::Client` (proxies, TLS roots, a shared pool) instead of one
    /// built here. Build it with [`crate::reqwest`] so the versions match. Its own redirect
    /// policy applies: the client built here follows no redirects, so that the API key never
    /// travels to another location; consider `redirect(reqwest::redirect::Policy::none())`.
    pub fn http_client(mut self, http_client: reqwest::Client) -> Self {
        self.http_client = Some(http_client);
        self
    }

    /// The client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when the API key is missing, empty or not a valid header value, the base
    /// URL does not parse or is not `http(s)` without query and fragment, the user agent is not
    /// a valid header value, `connect_timeout` is combined with `http_client`, or the HTTP client
    /// cannot be built.
    pub fn build(self) -> Result<Client, Error> {
        let api_key_text = self.api_key.filter(|key| !key.is_empty()).ok_or_else(|| {
            Error::config(format!(
                "no API key: call `ClientBuilder::api_key`, or set {API_KEY_ENV} and use \
                 `Client::from_env`"
            ))
        })?;
        check_api_key(&api_key_text)
            .map_err(|problem| Error::config(format!("the API key is not usable: {problem}")))?;
        let mut api_key = HeaderValue::from_str(&api_key_text)
            .map_err(|_| Error::config("the API key is not usable: not a valid header value"))?;
        api_key.set_sensitive(true);

        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))
            .map_err(|problem| Error::config(format!("the base URL is {problem}")))?;
        let endpoint = format!("{}/v1/workflows/", base_url.as_str().trim_end_matches('/'));

        let user_agent = match self.user_agent {
            None => HeaderValue::from_static(DEFAULT_USER_AGENT),
            Some(user_agent) => HeaderValue::from_str(&user_agent).map_err(|_| {
                Error::config(format!(
                    "the user agent {user_agent:?} is not a valid header value"
                ))
            })?,
        };

        let (http, connect_timeout) = match (self.http_client, self.connect_timeout) {
            (Some(_), Some(_)) => {
                return Err(Error::config(
                    "`connect_timeout` cannot be applied to a caller-supplied `http_client`: set \
                     it on that client's `reqwest::ClientBuilder` instead",
                ));
            }
            (Some(http), None) => (http, None),
            (None, connect_timeout) => {
                let connect_timeout = connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                let http = reqwest::Client::builder()
                    .connect_timeout(connect_timeout)
                    .redirect(reqwest::redirect::Policy::none())
                    .build()
                    .map_err(|error| {
                        Error::config(format!("the HTTP client could not be built: {error}"))
                    })?;
                (http, Some(connect_timeout))
            }
        };

        Ok(Client {
            inner: Arc::new(Inner::Ready(Settings {
                http,
                base_url,
                endpoint,
                api_key,
                api_key_text,
                user_agent,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                connect_timeout,
            })),
        })
    }
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| Redacted))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("http_client", &self.http_client.as_ref().map(|_| "..."))
            .finish()
    }
}

/// Why `api_key` cannot be sent, if it cannot. Never mentions the key itself.
fn check_api_key(api_key: &str) -> Result<(), &'static str> {
    if api_key.bytes().all(|byte| byte.is_ascii_graphic()) {
        Ok(())
    } else {
        Err("it may only contain visible ASCII characters (no spaces, no trailing newline)")
    }
}

/// The base URL, or what is wrong with it (phrased to follow "the base URL is ").
fn parse_base_url(text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text)
        .map_err(|error| format!("not a valid URL ({text:?}: {error})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!("not an http or https URL ({text:?})"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "not usable as a base: it has a query or a fragment ({text:?})"
        ));
    }
    Ok(url)
}

/// How long a `Retry-After` header says to wait: delay-seconds or an HTTP date.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(text).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[derive(Serialize)]
struct InputEnvelope<'a, T: ?Sized> {
    input: &'a T,
}

/// What `InputEnvelope` serializes to before the input's own JSON.
const INPUT_ENVELOPE_PREFIX: &[u8] = br#"{"input":"#;

#[derive(Deserialize)]
struct ResultEnvelope<T> {
    result: T,
}

/// The run being made: what errors name.
struct Call<'a> {
    /// Empty for an untyped run.
    workflow: &'a str,
    deployment_id: &'a str,
}

impl<'a> Call<'a> {
    fn new(workflow: &'a str, deployment_id: &'a str) -> Self {
        Self {
            workflow,
            deployment_id,
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

    fn url(&self, endpoint: &str) -> Result<String, Error> {
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
        let segment = utf8_percent_encode(deployment_id, PATH_SEGMENT);
        Ok(format!("{endpoint}{segment}/run"))
    }

    /// `{"input": <input>}` as bytes, written straight from the input.
    fn encode_input<I: Serialize + ?Sized>(&self, input: &I) -> Result<Vec<u8>, Error> {
        let body = serde_json::to_vec(&InputEnvelope { input })
            .map_err(|error| self.invalid_input(vec![Violation::new("", error.to_string())]))?;
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

    /// The `result` of a 2xx body, decoded straight from the bytes.
    fn decode<O: DeserializeOwned>(&self, body: &[u8], api_key: &str) -> Result<O, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let decode_error = |path: String, message: String| Error::Decode {
            workflow: self.workflow.to_owned(),
            deployment_id: self.deployment_id.to_owned(),
            path,
            message,
            body: body_snippet(body, api_key),
        };
        let envelope: ResultEnvelope<O> = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|error| {
                let path = error.path().to_string();
                // serde_path_to_error shows the root as ".": the body as a whole.
                let path = if path == "." { String::new() } else { path };
                decode_error(path, error.into_inner().to_string())
            })?;
        deserializer
            .end()
            .map_err(|error| decode_error(String::new(), error.to_string()))?;
        Ok(envelope.result)
    }

    fn invalid_input(&self, violations: Vec<Violation>) -> Error {
        Error::InvalidInput {
            workflow: self.workflow.to_owned(),
            deployment_id: self.deployment_id.to_owned(),
            violations,
        }
    }

    fn transport_error(&self, error: reqwest::Error, timeout: Duration) -> Error {
        let workflow = self.workflow.to_owned();
        let deployment_id = self.deployment_id.to_owned();
        // A connect timeout is a failed connection (nothing was sent, retryable); any other
        // timeout may have left the request running on the server.
        if error.is_timeout() && !error.is_connect() {
            Error::Timeout {
                workflow,
                deployment_id,
                timeout,
            }
        } else {
            Error::Transport {
                workflow,
                deployment_id,
                source: error,
            }
        }
    }

    fn status_error(&self, status: u16, retry_after: Option<Duration>, body: String) -> Error {
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
    fn from_lookup_requires_the_api_key() {
        let error = Client::from_lookup(lookup(&[])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is not set: set it to your Prompt Studio API key"
        );
        let error = Client::from_lookup(lookup(&[("PROMPT_STUDIO_API_KEY", "")])).unwrap_err();
        assert_eq!(
            error.to_string(),
            "PROMPT_STUDIO_API_KEY is not set: set it to your Prompt Studio API key"
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
            "Client { base_url: \"https://api.prompt.studio/\", api_key: \"<redacted>\", \
             user_agent: \"workflow-runtime/0.1.0\", timeout: 300s, connect_timeout: Some(10s), .. }"
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
            "PROMPT_STUDIO_BASE_URL is not a valid URL (\"api.prompt.studio\": relative URL \
             without a base)"
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
    }

    #[test]
    fn deployment_ids_become_one_encoded_path_segment() {
        let endpoint = "http://host/v1/workflows/";
        let url = |id| Call::new("car", id).url(endpoint).unwrap();
        assert_eq!(url("dep_123"), "http://host/v1/workflows/dep_123/run");
        assert_eq!(url("../admin"), "http://host/v1/workflows/..%2Fadmin/run");
        assert_eq!(url("a b?c#d"), "http://host/v1/workflows/a%20b%3Fc%23d/run");
        assert_eq!(url("%2F"), "http://host/v1/workflows/%252F/run");
        assert_eq!(url("ü~"), "http://host/v1/workflows/%C3%BC~/run");
    }
}
