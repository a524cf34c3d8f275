//! [`Client`]: run a deployed workflow over HTTP.
//!
//! - `builder`: [`ClientBuilder`] and [`Client::from_env`], the settings checked once;
//! - `run`: [`Run`], the one builder every kind of call returns, and what a run prepares
//!   before anything is sent: the deployment id, the URL, `{"input": ...}` and its check
//!   against the schema (`call`);
//! - `send`: the attempts and the waits between them within one deadline, each attempt's
//!   body read within `max_response_bytes`, then the decode of the last answer, inline or on
//!   the blocking pool.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use tokio::sync::Semaphore;

use crate::error::Error;
use crate::options::{Auth, RetryPolicy, Route};
use crate::repair::ResultMode;
use crate::workflow::Workflow;

mod builder;
mod call;
mod listing;
mod run;
mod send;

pub use builder::ClientBuilder;
#[cfg(feature = "testing")]
pub(crate) use listing::LISTING_PATH;
pub use run::{Detailed, Run, RunFuture, RunKind, Untyped};

/// Answers at least this large are decoded on tokio's blocking pool rather than on the async
/// worker that received them (BENCHMARKS.md, "Hostile answers", part 3): the hand-off costs
/// about 7 µs, some 7 % of decoding 64 KiB (30 % at 16 KiB), while a decode above it would
/// hold the worker for more than ~160 µs.
pub(crate) const OFFLOAD_BYTES: usize = 64 * 1024;
/// Same-origin 307/308 redirects followed in a row before giving up.
const MAX_REDIRECTS: usize = 3;

/// The redirect policy of the client this crate builds, for a `reqwest::Client` of your own
/// ([`ClientBuilder::http_client`]): it follows only `307` and `308` redirects that stay within
/// the origin (scheme, host and port) of the original request, at most 3 in a row, and stops at
/// any other redirect, which then becomes [`ErrorKind::UnexpectedStatus`](crate::ErrorKind)
/// naming its `Location`.
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
/// Every call is a [`Run`]: [`run`](Client::run) for a typed workflow,
/// [`run_json`](Client::run_json) for an untyped one, each set up with the same setters and
/// then awaited.
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
    /// it as [`ErrorKind::Config`](crate::ErrorKind::Config).
    Unusable(String),
}

/// A client's settings, checked once when it was built.
struct Settings {
    http: reqwest::Client,
    base_url: reqwest::Url,
    /// The base URL's scheme, host and port, for transport errors to name.
    origin: String,
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
    /// cannot be built, every run returns that as [`ErrorKind::Config`](crate::ErrorKind::Config).
    /// Use [`Client::builder`]`().api_key(key).build()` to find out up front.
    pub fn new(api_key: impl Into<String>) -> Client {
        Client::builder()
            .api_key(api_key)
            .build()
            .unwrap_or_else(Client::unusable)
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

    /// A run of workflow `W` with `input`, on its own deployment (`W::DEPLOYMENT_ID`) unless
    /// [`Run::deployment`] names another: await it for the decoded output.
    ///
    /// ```no_run
    /// # use std::time::Duration;
    /// # use workflow_runtime::{Client, Error, ResultMode, Workflow};
    /// # async fn demo<W: Workflow>(client: &Client, input: &W::Input) -> Result<(), Error> {
    /// let output = client.run::<W>(input).await?;
    /// // The same run, set up: another deployment, a short timeout, no repairs, and how the
    /// // output was obtained.
    /// let detailed = client
    ///     .run::<W>(input)
    ///     .deployment("dep_staging")
    ///     .timeout(Duration::from_secs(20))
    ///     .result_mode(ResultMode::Strict)
    ///     .detailed()
    ///     .await?;
    /// # let _ = (output, detailed);
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// With feature `validate` (on by default), the input is first checked against
    /// `W::INPUT_SCHEMA` when the workflow has one; an input that violates it is not sent.
    /// A result that does not fit `W::Output` is repaired against `W::RESULT_SCHEMA` first, in
    /// [`ResultMode::Repair`] (the default; see [`crate::repair`]).
    ///
    /// # Errors
    ///
    /// Awaiting it gives [`ErrorKind::Config`](crate::ErrorKind::Config) when `W` has no
    /// deployment id and none is named, for an empty deployment id (or `.`/`..`, which cannot
    /// be a path segment), a client built with a bad configuration or an input schema that
    /// does not compile, [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when the
    /// input does not serialize to a JSON object or violates its schema,
    /// [`ErrorKind::Decode`](crate::ErrorKind::Decode) when the result does not fit
    /// `W::Output` (after repairs), and every other [`ErrorKind`](crate::ErrorKind) for what
    /// the server or the network did (after the retries the [`RetryPolicy`] allows).
    pub fn run<'a, W: Workflow>(&'a self, input: &'a W::Input) -> Run<'a, W> {
        Run::typed(self, input)
    }

    /// A run of deployment `deployment_id` with an untyped input object: await it for the
    /// result (the `result`, or `completion` on [`Route::Instructions`], or a custom route's
    /// envelope) as it came. Error messages name the deployment (`deployment dep_123: ...`)
    /// and [`Error::workflow`] is `None`. There is no schema to check the input against, nor to
    /// repair the result with: [`repair::repair`](crate::repair::repair) does that for a caller
    /// who has one. It takes the same setters as [`Client::run`].
    ///
    /// # Errors
    ///
    /// As [`Client::run`]; [`ErrorKind::InvalidInput`](crate::ErrorKind::InvalidInput) when
    /// `input` is not an object.
    pub fn run_json<'a>(&'a self, deployment_id: &'a str, input: serde_json::Value) -> Run<'a> {
        Run::untyped(self, deployment_id, input)
    }

    fn settings(&self) -> Result<&Settings, Error> {
        match &*self.inner {
            Inner::Ready(settings) => Ok(settings),
            Inner::Unusable(message) => Err(Error::config(message.clone())),
        }
    }
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

/// Shows `"<redacted>"` where a secret would be.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}
