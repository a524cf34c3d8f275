//! The settings a run is made with: [`RunOptions`] per call, [`RetryPolicy`], and the
//! [`Route`] and [`Auth`] style of the service.

use std::borrow::Cow;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::RetryClass;
use crate::repair::ResultMode;

/// Which of the service's run routes a client calls.
///
/// The documented contract is [`Route::Workflows`]; the vendor's own SDK, its automation-tool
/// node and real apps called [`Route::Instructions`] instead, so a deployment may only answer
/// there. Both take the same `{"input": {...}}` body; they differ in the path, the envelope of
/// the answer and the auth style they expect by default. Any other path (a later plan named
/// `/v1/deployment/{id}/run`, a gateway in front of the service) is a [`Route::custom`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Route {
    /// `POST {base_url}/v1/workflows/{deployment_id}/run`, answering `{"result": ...}`, with the
    /// key in an `API_KEY` header: the documented contract, and the default.
    #[default]
    Workflows,
    /// `POST {base_url}/api/v1/instructions/{deployment_id}/run`, answering
    /// `{"completion": ...}`, with the key as `Authorization: Bearer <key>`: what the vendor's
    /// SDK, its automation-tool node and real apps called.
    Instructions,
    /// A path of your own, made with [`Route::custom`].
    Custom(CustomRoute),
}

/// The path and envelope of a [`Route::Custom`]: see [`Route::custom`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CustomRoute {
    /// The template's text before `{deployment_id}`, without leading slashes.
    prefix: String,
    /// The template's text after `{deployment_id}`.
    suffix: String,
    /// The answer's key that holds the output; `None`: the whole answer is the output.
    envelope: Option<String>,
}

/// What a [`Route::custom`] template names the deployment id with.
const DEPLOYMENT_ID_PLACEHOLDER: &str = "{deployment_id}";

impl Route {
    /// A route of your own: `template` is the path below the base URL with `{deployment_id}`
    /// where the (percent-encoded) deployment id goes, and `envelope` the key of the answer
    /// that holds the workflow's output, or `None` when the answer is the output itself.
    /// Its default auth is the documented `API_KEY` header; set
    /// [`ClientBuilder::auth`](crate::ClientBuilder::auth) for another.
    ///
    /// ```
    /// use workflow_runtime::Route;
    ///
    /// let route = Route::custom("v1/deployment/{deployment_id}/run", Some("result")).unwrap();
    /// assert_eq!(route.template(), "v1/deployment/{deployment_id}/run");
    ///
    /// let error = Route::custom("v1/deployment/run", Some("result")).unwrap_err();
    /// assert_eq!(
    ///     error.to_string(),
    ///     "the route \"v1/deployment/run\" has no `{deployment_id}`: write \
    ///      where the deployment id goes, e.g. \"v1/deployment/{deployment_id}/run\""
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when the template has no `{deployment_id}` or
    /// more than one, has a `?` or `#`, or the envelope is empty.
    pub fn custom(template: &str, envelope: Option<&str>) -> Result<Route, crate::Error> {
        let problem = |what: &str| crate::Error::config(format!("the route {template:?} {what}"));
        let template = template.trim_start_matches('/');
        let Some((prefix, suffix)) = template.split_once(DEPLOYMENT_ID_PLACEHOLDER) else {
            return Err(problem(
                "has no `{deployment_id}`: write where the deployment id goes, e.g. \
                 \"v1/deployment/{deployment_id}/run\"",
            ));
        };
        if suffix.contains(DEPLOYMENT_ID_PLACEHOLDER) {
            return Err(problem("has `{deployment_id}` more than once"));
        }
        if template.contains(['?', '#']) {
            return Err(problem(
                "has a query or fragment: only a path goes there, the base URL holds the rest",
            ));
        }
        if let Some(bad) = template
            .chars()
            .find(|c| c.is_whitespace() || c.is_control() || !c.is_ascii())
        {
            return Err(problem(&format!(
                "has {bad:?}: write the path as it is sent, percent-encoded"
            )));
        }
        if envelope == Some("") {
            return Err(crate::Error::config(
                "the route's envelope is empty: name the key that holds the output, or use \
                 `None` when the answer is the output itself",
            ));
        }
        Ok(Route::Custom(CustomRoute {
            prefix: prefix.to_owned(),
            suffix: suffix.to_owned(),
            envelope: envelope.map(str::to_owned),
        }))
    }

    /// The path below the base URL, with `{deployment_id}` where the deployment id goes:
    /// `v1/workflows/{deployment_id}/run` for [`Route::Workflows`].
    pub fn template(&self) -> String {
        let (prefix, suffix) = self.around_deployment_id();
        format!("{prefix}{DEPLOYMENT_ID_PLACEHOLDER}{suffix}")
    }

    /// The path below the base URL that runs `deployment_id` on this route, the id
    /// percent-encoded as one path segment: what the client sends, and what `MockStudio` and
    /// `workflow serve` answer on.
    ///
    /// ```
    /// use workflow_runtime::Route;
    ///
    /// assert_eq!(Route::Workflows.path("dep_123"), "v1/workflows/dep_123/run");
    /// // Everything outside RFC 3986's unreserved characters is encoded, `/` and `%` too.
    /// assert_eq!(Route::Instructions.path("a b/c"), "api/v1/instructions/a%20b%2Fc/run");
    /// ```
    pub fn path(&self, deployment_id: &str) -> String {
        let (before, after) = self.around_deployment_id();
        [before, &deployment_segment(deployment_id), after].concat()
    }

    /// The key of the answer that holds the workflow's output (`result`, `completion`), or
    /// `None` when the whole answer is the output.
    pub fn envelope(&self) -> Option<&str> {
        match self {
            Route::Workflows => Some("result"),
            Route::Instructions => Some("completion"),
            Route::Custom(custom) => custom.envelope.as_deref(),
        }
    }

    /// How the key is sent when [`ClientBuilder::auth`](crate::ClientBuilder::auth) is not set:
    /// [`Auth::ApiKeyHeader`] for [`Route::Workflows`] and custom routes, [`Auth::Bearer`] for
    /// [`Route::Instructions`].
    pub fn default_auth(&self) -> Auth {
        match self {
            Route::Instructions => Auth::Bearer,
            Route::Workflows | Route::Custom(_) => Auth::ApiKeyHeader,
        }
    }

    /// The path below the base URL before and after the deployment id.
    pub(crate) fn around_deployment_id(&self) -> (&str, &str) {
        match self {
            Route::Workflows => ("v1/workflows/", "/run"),
            Route::Instructions => ("api/v1/instructions/", "/run"),
            Route::Custom(custom) => (&custom.prefix, &custom.suffix),
        }
    }

    /// The route as `PROMPT_STUDIO_ROUTE` names it: `workflows`, `instructions`, or a custom
    /// template whose output is under `result`.
    pub(crate) fn parse_env(value: &str) -> Result<Route, crate::Error> {
        match value.trim() {
            "workflows" => Ok(Route::Workflows),
            "instructions" => Ok(Route::Instructions),
            template if template.contains(DEPLOYMENT_ID_PLACEHOLDER) => {
                Route::custom(template, Some("result"))
                    .map_err(|error| crate::Error::config(format!("{ROUTE_ENV}: {error}")))
            }
            other => Err(crate::Error::config(format!(
                "{ROUTE_ENV} is {other:?}: set it to `workflows` (the default), `instructions`, \
                 or a path with `{DEPLOYMENT_ID_PLACEHOLDER}` such as \
                 `v1/deployment/{DEPLOYMENT_ID_PLACEHOLDER}/run`"
            ))),
        }
    }
}

/// Everything outside RFC 3986's unreserved characters is percent-encoded, `/`, `?`, `#` and `%`
/// included, so a deployment id always stays one path segment.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `deployment_id` as one path segment of a run's URL: the one encoding of deployment ids.
pub(crate) fn deployment_segment(deployment_id: &str) -> Cow<'_, str> {
    utf8_percent_encode(deployment_id, PATH_SEGMENT).into()
}

/// The environment variable [`Client::from_env`](crate::Client::from_env) reads the route from.
pub(crate) const ROUTE_ENV: &str = "PROMPT_STUDIO_ROUTE";
/// The environment variable [`Client::from_env`](crate::Client::from_env) reads the auth style
/// from.
pub(crate) const AUTH_ENV: &str = "PROMPT_STUDIO_AUTH";

/// How the API key is sent. Every header that carries it is marked sensitive, so neither
/// reqwest, hyper nor this crate ever logs or shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Auth {
    /// `API_KEY: <key>`, as documented. Proxies such as nginx drop header names with an
    /// underscore by default: behind one, use [`Auth::Bearer`] or [`Auth::Both`].
    ApiKeyHeader,
    /// `Authorization: Bearer <key>`, as the vendor's own clients sent it.
    Bearer,
    /// Both headers, for a service (or a proxy in front of it) whose expectation is unknown.
    Both,
}

impl Auth {
    /// The auth style as `PROMPT_STUDIO_AUTH` names it: `api-key`, `bearer` or `both`.
    pub(crate) fn parse_env(value: &str) -> Result<Auth, crate::Error> {
        match value.trim() {
            "api-key" => Ok(Auth::ApiKeyHeader),
            "bearer" => Ok(Auth::Bearer),
            "both" => Ok(Auth::Both),
            other => Err(crate::Error::config(format!(
                "{AUTH_ENV} is {other:?}: set it to `api-key` (an `API_KEY` header), `bearer` \
                 (`Authorization: Bearer`) or `both`, or leave it unset for the route's default"
            ))),
        }
    }

    pub(crate) fn sends_api_key_header(self) -> bool {
        matches!(self, Auth::ApiKeyHeader | Auth::Both)
    }

    pub(crate) fn sends_bearer(self) -> bool {
        matches!(self, Auth::Bearer | Auth::Both)
    }
}

/// When and how a failed run is tried again.
///
/// A run is a paid LLM call, and the service takes no idempotency key: sending it twice may run
/// (and bill) the workflow twice. So the default policy only retries when the workflow certainly
/// did not run:
///
/// - the connection could not be made (nothing was sent),
/// - `429 Too Many Requests`, `503 Service Unavailable` (the request was turned away instead of
///   running).
///
/// A `502 Bad Gateway` or `504 Gateway Timeout` comes from a gateway in front of the service,
/// and the workflow may have run behind it: retried only with
/// [`retry_gateway_errors`](Self::retry_gateway_errors), like a `500` with
/// [`retry_workflow_failures`](Self::retry_workflow_failures).
///
/// It makes at most 2 retries (3 attempts). Before each, it waits what the server's
/// `Retry-After` header asks (seconds or an HTTP date) when it sent one, else an exponential
/// backoff with [full jitter](Jitter::Full) (500 ms base, 30 s cap); never less than 100 ms
/// (`Retry-After: 0` and a jitter of zero included), so that no policy hammers the service. A
/// `Retry-After` longer than [`max_retry_after`](Self::max_retry_after) (60 s), or too long to
/// count, is not waited for at all: the error, with its
/// [`retry_after`](crate::Error::retry_after), is returned at once, since retrying sooner than
/// the server asked would only be refused again.
///
/// Every wait counts against the run's total timeout
/// ([`ClientBuilder::timeout`](crate::ClientBuilder::timeout)): a wait that would end after it
/// is not taken, and the last error is returned instead.
///
/// ```
/// use std::time::Duration;
/// use workflow_runtime::{Jitter, RetryPolicy};
///
/// // Patient with rate limits, and willing to run a failed workflow once more.
/// let policy = RetryPolicy::default()
///     .max_retries(4)
///     .max_retry_after(Duration::from_secs(120))
///     .jitter(Jitter::Decorrelated)
///     .retry_workflow_failures(true);
/// # let _ = policy;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[must_use = "a retry policy does nothing until a client or a run is given it"]
pub struct RetryPolicy {
    max_retries: u32,
    base_delay: Duration,
    max_delay: Duration,
    max_retry_after: Duration,
    jitter: Jitter,
    attempt_timeout: Option<Duration>,
    retry_workflow_failures: bool,
    retry_gateway_errors: bool,
    retry_timeouts: bool,
}

/// How the backoff between retries is randomized, so that many clients failing together do not
/// retry together. `n` counts retries from 1; `exp(n) = min(max_delay, base_delay * 2^(n-1))`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Jitter {
    /// A uniformly random wait between zero and `exp(n)` (the default).
    #[default]
    Full,
    /// A uniformly random wait between `base_delay` and three times the previous wait, capped at
    /// `max_delay`.
    Decorrelated,
    /// Exactly `exp(n)`: predictable, for tests; avoid it in production.
    None,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_retries: 2,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            jitter: Jitter::Full,
            attempt_timeout: None,
            retry_workflow_failures: false,
            retry_gateway_errors: false,
            retry_timeouts: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all: every run is attempted exactly once.
    pub fn none() -> Self {
        Self::default().max_retries(0)
    }

    /// How many times a run may be tried again after its first attempt: 2 by default.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = max_retries;
        self
    }

    /// The backoff before the first retry, doubled for each further one: 500 ms by default.
    pub fn base_delay(mut self, base_delay: Duration) -> Self {
        self.base_delay = base_delay;
        self
    }

    /// The longest backoff between two attempts: 30 s by default.
    pub fn max_delay(mut self, max_delay: Duration) -> Self {
        self.max_delay = max_delay;
        self
    }

    /// The longest `Retry-After` the client waits for: 60 s by default. When the server asks for
    /// longer, the run fails at once with the server's answer (for a 429,
    /// [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited) carrying the delay), so that the caller
    /// decides whether to wait that long.
    pub fn max_retry_after(mut self, max_retry_after: Duration) -> Self {
        self.max_retry_after = max_retry_after;
        self
    }

    /// How backoffs are randomized: [`Jitter::Full`] by default.
    pub fn jitter(mut self, jitter: Jitter) -> Self {
        self.jitter = jitter;
        self
    }

    /// Give each attempt at most this long, within the run's total timeout; none by default (an
    /// attempt may take whatever is left of the total). Only useful with
    /// [`retry_timeouts`](Self::retry_timeouts): a run that may be retried after a slow attempt.
    pub fn attempt_timeout(mut self, attempt_timeout: Duration) -> Self {
        self.attempt_timeout = Some(attempt_timeout);
        self
    }

    /// Also retry a `500`, [`ErrorKind::WorkflowFailed`](crate::ErrorKind::WorkflowFailed). Off by
    /// default: a 500 means the workflow ran, so a retry runs (and bills) it again. Turn it on
    /// for workflows that are cheap, or that fail intermittently and are safe to repeat.
    pub fn retry_workflow_failures(mut self, retry: bool) -> Self {
        self.retry_workflow_failures = retry;
        self
    }

    /// Also retry a `502 Bad Gateway` or `504 Gateway Timeout`. Off by default: a gateway in
    /// front of the service answered, and the workflow may well have run (and been billed)
    /// behind it, its answer lost on the way back. Turn it on for workflows that are safe to run
    /// twice.
    pub fn retry_gateway_errors(mut self, retry: bool) -> Self {
        self.retry_gateway_errors = retry;
        self
    }

    /// Also retry an attempt that ran out of its [`attempt_timeout`](Self::attempt_timeout)
    /// after the request was sent. Off by default: the server may have received the request and
    /// still be running the workflow, so a retry can run it twice. (A timeout while connecting is
    /// a connection failure, always retried; the run's total timeout is never retried, since
    /// nothing is left of it.)
    pub fn retry_timeouts(mut self, retry: bool) -> Self {
        self.retry_timeouts = retry;
        self
    }

    pub(crate) fn max_retries_allowed(&self) -> u32 {
        self.max_retries
    }

    pub(crate) fn longest_retry_after(&self) -> Duration {
        self.max_retry_after
    }

    pub(crate) fn attempt_limit(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// Whether a failure of this class may be retried under this policy; `attempt_timed_out`:
    /// the policy's own per-attempt timeout ran out (not the run's deadline, of which nothing
    /// is left to retry in).
    pub(crate) fn allows(&self, class: RetryClass, attempt_timed_out: bool) -> bool {
        match class {
            RetryClass::NotRun => true,
            RetryClass::Gateway => self.retry_gateway_errors,
            RetryClass::WorkflowFailed => self.retry_workflow_failures,
            RetryClass::TimedOut => attempt_timed_out && self.retry_timeouts,
            RetryClass::Never => false,
        }
    }

    /// The backoff before retry number `retry` (from 1), given the wait before the previous one
    /// (`Duration::ZERO` for the first) and a uniform random number in `[0, 1)`.
    pub(crate) fn backoff(&self, retry: u32, previous: Duration, random: f64) -> Duration {
        let doublings = retry.saturating_sub(1).min(31);
        let exponential = self
            .base_delay
            .saturating_mul(1 << doublings)
            .min(self.max_delay);
        match self.jitter {
            Jitter::None => exponential,
            Jitter::Full => fraction(exponential, random),
            Jitter::Decorrelated => {
                let low = self.base_delay;
                let high = previous.saturating_mul(3).max(low);
                low.saturating_add(fraction(high - low, random))
                    .min(self.max_delay)
            }
        }
    }
}

/// `duration * random` for `random` in `[0, 1)`, never panicking, even near `Duration::MAX`.
fn fraction(duration: Duration, random: f64) -> Duration {
    Duration::try_from_secs_f64(duration.as_secs_f64() * random)
        .unwrap_or(duration)
        .min(duration)
}

/// A uniform random number in `[0, 1)` for jitter. std's `RandomState` is seeded from the OS
/// once per thread and differs on every call: random enough to spread retries, without a
/// dependency.
pub(crate) fn jitter_random() -> f64 {
    let bits = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    // The top 53 bits as a fraction: exactly representable, strictly below 1.
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

/// Settings shared by several calls, overriding the client's: applied to a run with
/// [`Run::options`](crate::Run::options). Each setting also has a setter of its own on
/// [`Run`](crate::Run), for a single call.
///
/// ```no_run
/// # async fn demo(client: &workflow_runtime::Client) -> Result<(), workflow_runtime::Error> {
/// use std::time::Duration;
/// use workflow_runtime::{RetryPolicy, RunOptions};
///
/// // Interactive calls: quick, and never retried.
/// let interactive = RunOptions::new()
///     .timeout(Duration::from_secs(30))
///     .retry_policy(RetryPolicy::none());
/// let result = client
///     .run_json("dep_123", serde_json::json!({ "prompt": "hi" }))
///     .options(&interactive)
///     .await?;
/// # let _ = result;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
#[must_use = "options do nothing until a run is given them with `Run::options`"]
pub struct RunOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    pub(crate) validate_input: Option<bool>,
    pub(crate) result_mode: Option<ResultMode>,
}

impl RunOptions {
    /// Options that change nothing: the client's settings apply.
    pub fn new() -> Self {
        Self::default()
    }

    /// The most this call may take, retries and the waits between them included, instead of the
    /// client's [`timeout`](crate::ClientBuilder::timeout). (The connect timeout belongs to the
    /// connection pool and cannot change per call.)
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How this call is retried, instead of the client's
    /// [`retry_policy`](crate::ClientBuilder::retry_policy).
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = Some(retry_policy);
        self
    }

    /// Whether to check the input against its schema before sending, instead of the client's
    /// [`validate_input`](crate::ClientBuilder::validate_input). Has no effect without feature
    /// `validate`.
    pub fn validate_input(mut self, validate: bool) -> Self {
        self.validate_input = Some(validate);
        self
    }

    /// Whether a result that does not fit the output type is repaired first, instead of the
    /// client's [`result_mode`](crate::ClientBuilder::result_mode): for a call that must fail
    /// rather than accept a result the model did not get exactly right
    /// ([`ResultMode::Strict`]), or the other way round.
    pub fn result_mode(mut self, result_mode: ResultMode) -> Self {
        self.result_mode = Some(result_mode);
        self
    }

    /// The settings `other` makes, over these; those it leaves unset stay as they are.
    pub(crate) fn overlay(&mut self, other: &RunOptions) {
        if let Some(timeout) = other.timeout {
            self.timeout = Some(timeout);
        }
        if let Some(retry_policy) = &other.retry_policy {
            self.retry_policy = Some(retry_policy.clone());
        }
        if let Some(validate) = other.validate_input {
            self.validate_input = Some(validate);
        }
        if let Some(result_mode) = other.result_mode {
            self.result_mode = Some(result_mode);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn exponential_backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .base_delay(100 * MS)
            .max_delay(1000 * MS)
            .jitter(Jitter::None);
        let waits: Vec<Duration> = (1..=6)
            .map(|retry| policy.backoff(retry, Duration::ZERO, 0.5))
            .collect();
        assert_eq!(
            waits,
            [100 * MS, 200 * MS, 400 * MS, 800 * MS, 1000 * MS, 1000 * MS]
        );
        // No overflow for absurd retry counts.
        assert_eq!(policy.backoff(u32::MAX, Duration::ZERO, 0.5), 1000 * MS);
    }

    #[test]
    fn absurd_settings_do_not_overflow() {
        for jitter in [Jitter::None, Jitter::Full, Jitter::Decorrelated] {
            let policy = RetryPolicy::default()
                .base_delay(Duration::MAX)
                .max_delay(Duration::MAX)
                .jitter(jitter);
            let wait = policy.backoff(40, Duration::MAX, 0.999_999_999);
            assert!(wait <= Duration::MAX);
        }
    }

    #[test]
    fn full_jitter_stays_between_zero_and_the_exponential() {
        let policy = RetryPolicy::default().base_delay(100 * MS);
        assert_eq!(policy.backoff(3, Duration::ZERO, 0.0), Duration::ZERO);
        assert_eq!(policy.backoff(3, Duration::ZERO, 0.5), 200 * MS);
        assert!(policy.backoff(3, Duration::ZERO, 0.999_999) < 400 * MS);
    }

    #[test]
    fn decorrelated_jitter_grows_from_the_previous_wait_up_to_the_cap() {
        let policy = RetryPolicy::default()
            .base_delay(100 * MS)
            .max_delay(1000 * MS)
            .jitter(Jitter::Decorrelated);
        assert_eq!(policy.backoff(1, Duration::ZERO, 0.7), 100 * MS);
        assert_eq!(policy.backoff(2, 200 * MS, 0.0), 100 * MS);
        assert_eq!(policy.backoff(2, 200 * MS, 0.5), 350 * MS);
        assert_eq!(policy.backoff(5, 900 * MS, 0.9), 1000 * MS);
    }

    #[test]
    fn jitter_random_is_a_fraction_that_varies() {
        let draws: Vec<f64> = (0..100).map(|_| jitter_random()).collect();
        assert!(draws.iter().all(|draw| (0.0..1.0).contains(draw)));
        assert!(draws.windows(2).any(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn the_default_auth_follows_the_route() {
        assert_eq!(Route::default(), Route::Workflows);
        assert_eq!(Route::Workflows.default_auth(), Auth::ApiKeyHeader);
        assert_eq!(Route::Instructions.default_auth(), Auth::Bearer);
    }
}
