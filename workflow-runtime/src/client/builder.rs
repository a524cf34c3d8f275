//! [`ClientBuilder`] and [`Client::from_env`]: a client's settings, checked once, before
//! anything is sent.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderValue;
use tokio::sync::Semaphore;

use super::{Client, Inner, Redacted, Settings, redirect_policy};
use crate::error::Error;
use crate::options::{AUTH_ENV, Auth, ROUTE_ENV, RetryPolicy, Route};
use crate::repair::ResultMode;
use crate::safe;

const DEFAULT_BASE_URL: &str = "https://api.prompt.studio";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_MAX_RESPONSE_BYTES: u64 = 32 * 1024 * 1024;
const DEFAULT_MAX_CONNECTIONS: usize = 64;
const DEFAULT_USER_AGENT: &str = concat!("workflow-runtime/", env!("CARGO_PKG_VERSION"));
const API_KEY_ENV: &str = "PROMPT_STUDIO_API_KEY";
const BASE_URL_ENV: &str = "PROMPT_STUDIO_BASE_URL";
const ALLOW_HTTP_ENV: &str = "PROMPT_STUDIO_ALLOW_HTTP";

impl Client {
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
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when `PROMPT_STUDIO_API_KEY` is unset or empty, or any of these
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
#[must_use = "a builder does nothing until `build` is called"]
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
    /// A server that sends nothing, or trickles its body, gives [`ErrorKind::Timeout`](crate::ErrorKind::Timeout). Applies to a
    /// caller-supplied [`http_client`](Self::http_client) too; override per call with
    /// [`Run::timeout`](crate::Run::timeout).
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
    /// [`Run::retry_policy`](crate::Run::retry_policy).
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.retry_policy = Some(retry_policy);
        self
    }

    /// The largest successful answer accepted, in bytes: 32 MiB by default. A larger one gives
    /// [`ErrorKind::ResponseTooLarge`](crate::ErrorKind::ResponseTooLarge), found from its `Content-Length` before reading or as soon
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
    /// with [`Run::validate_input`](crate::Run::validate_input).
    pub fn validate_input(mut self, validate: bool) -> Self {
        self.validate_input = Some(validate);
        self
    }

    /// Whether a typed run's result that does not fit the output type is repaired against the
    /// workflow's result schema before decoding: [`ResultMode::Repair`] by default (see
    /// [`crate::repair`]); [`ResultMode::Strict`] makes any mismatch an [`ErrorKind::Decode`](crate::ErrorKind::Decode).
    /// Override per call with [`Run::result_mode`](crate::Run::result_mode).
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
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when the API key is missing, empty or not a valid header value, the base
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
        let origin = base_url.origin().ascii_serialization();
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
                origin,
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

/// A limit set to zero, where zero makes no sense: [`ErrorKind::Config`](crate::ErrorKind::Config), before anything is sent.
/// `whose` is `""` for the client's settings, `"the call's "` for [`RunOptions`].
pub(super) fn zero_limit(whose: &str, setting: &str, why: &str) -> Error {
    Error::config(format!(
        "{whose}`{setting}` is 0: {why}; leave it unset for the default, or give it room"
    ))
}

/// The timeouts of a client or a call: none may be zero (a run with no time would either fail
/// without trying or, racing the clock, send a paid request and drop its answer).
pub(super) fn check_limits(
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
}
