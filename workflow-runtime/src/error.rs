//! [`Error`]: everything that can go wrong when running a workflow. The cause is an
//! [`ErrorKind`], one variant per cause; the run it happened to (workflow and deployment) is
//! carried once, next to it, behind one box.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use crate::repair::Rules;
use crate::safe::{self, CONTEXT_LIMIT, Escaped};

/// Why a run failed: its [`kind`](Error::kind) (the cause, with its data) and the run it
/// happened to ([`workflow`](Error::workflow), [`deployment_id`](Error::deployment_id)).
///
/// ```no_run
/// use workflow_runtime::{Error, ErrorKind};
///
/// fn explain(error: &Error) -> String {
///     match error.kind() {
///         ErrorKind::RateLimited { retry_after: Some(delay), .. } => {
///             format!("busy: try again in {delay:?}")
///         }
///         ErrorKind::Decode { path, tried, .. } if !tried.is_empty() => {
///             format!("the model got {path} wrong beyond repair (tried {tried})")
///         }
///         _ => error.to_string(),
///     }
/// }
/// ```
///
/// **Why a struct with a `kind()` rather than an enum of its own.** An `Error` is one pointer:
/// `Result<T, Error>` costs what `Result<T, Box<_>>` does, however much an error carries (a
/// body snippet, the violations, the rules tried, the context), and no function of yours
/// trips `clippy::result_large_err`. The shared context lives once in the box instead of in
/// every variant, so there is no empty string standing for "no workflow": [`Error::workflow`]
/// is `None` for an untyped [`Client::run_json`](crate::Client::run_json). The common cases
/// stay one `match` away, on [`Error::kind`], as in reqwest (`Error { inner: Box<Inner> }`)
/// and `std::io::Error`.
///
/// Every kind except [`ErrorKind::Config`] has a message starting with the run: `workflow car
/// (dep_123): ...`, or `deployment dep_123: ...` for an untyped run. Status kinds keep the
/// HTTP status and the first [`BODY_SNIPPET_LIMIT`] bytes of the answer's body.
///
/// No `Display` or `Debug` contains the API key: the key only travels in a header, which
/// neither reqwest's errors nor ours record, and everything a server sent (body snippets,
/// serde's messages quoting the body, paths made of its keys, `Location`) has it blanked out
/// in case the server echoes it back. The same text has its control characters escaped (no
/// raw ESC, CR or LF reaches a terminal or a log) and is bounded: the `Display` stays within
/// about 2 KiB, whatever the server sent, each long part cut on a character boundary and
/// saying how many bytes were cut.
///
/// `{:?}` prints what `main` returning `Result<(), Error>` should show: the message, then
/// each cause on a line of its own, as anyhow does (`{:#?}` shows the fields instead):
///
/// ```text
/// Error: workflow car (dep_123): could not connect to the server at http://127.0.0.1:8787
///
/// Caused by:
///     0: error sending request for url (http://127.0.0.1:8787/v1/workflows/dep_123/run)
///     1: client error (Connect)
///     2: tcp connect error
///     3: Connection refused (os error 111)
/// ```
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: ErrorKind,
    /// The workflow's name; `None` for an untyped run, and for configuration errors that
    /// concern no workflow.
    workflow: Option<Cow<'static, str>>,
    /// The deployment that was to be run; `None` for configuration errors.
    deployment_id: Option<String>,
    /// The error came from the deployments listing, not from a run.
    listing: bool,
}

/// What went wrong, with what there is to know about it: [`Error::kind`].
///
/// Variants and their fields are `#[non_exhaustive]`: match with `..`.
#[derive(Debug)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input was not sent: it could not be serialized, it did not serialize to a JSON
    /// object, or it violates the workflow's input schema (feature `validate`: ranges, lengths,
    /// patterns, formats such as `date-time` or `email`). Nothing was sent to the server.
    #[non_exhaustive]
    InvalidInput {
        /// What is wrong with the input, at least one entry.
        violations: Vec<Violation>,
    },

    /// The server answered 401 or 403: the API key is wrong, or it did not reach the server
    /// (proxies such as nginx drop header names with an underscore, like `API_KEY`, by default).
    #[non_exhaustive]
    Unauthorized {
        /// 401 or 403.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered 404: it has no workflow with this deployment id.
    #[non_exhaustive]
    NotFound {
        /// 404.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered 429: too many requests. Retry after `retry_after` when it said.
    #[non_exhaustive]
    RateLimited {
        /// 429.
        status: u16,
        /// How long to wait, from the `Retry-After` header (seconds or an HTTP date), when the
        /// server sent one that parses.
        retry_after: Option<Duration>,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered 500: the workflow ran and failed. Not retryable: a retry runs the
    /// workflow (a paid LLM call) again.
    #[non_exhaustive]
    WorkflowFailed {
        /// 500.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered any other status that is not a success: 400, 502, 503, 504, or a
    /// redirect that was not followed. The client follows only `307` and `308` redirects within
    /// the base URL's origin (scheme, host and port), at most 3 in a row: a `301`, `302` or
    /// `303` would turn the POST into a GET, and another origin must never receive the API key.
    #[non_exhaustive]
    UnexpectedStatus {
        /// The status the server answered.
        status: u16,
        /// For a redirect, where it pointed (the `Location` header as sent, bounded like a body
        /// snippet).
        location: Option<String>,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// No complete answer arrived within the timeout: the run's total timeout (retries and the
    /// waits between them included) or the retry policy's per-attempt timeout. The request may
    /// have reached the server and the workflow may have run, so this is not retryable.
    #[non_exhaustive]
    Timeout {
        /// The timeout that ran out.
        timeout: Duration,
    },

    /// The server answered a success whose body is larger than
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes) (32 MiB
    /// by default). The client stopped reading there and closed the connection: it never holds
    /// more than the limit in memory. Not retryable: the workflow ran.
    #[non_exhaustive]
    ResponseTooLarge {
        /// The limit, in bytes.
        limit: u64,
        /// The size the server announced in `Content-Length`, when it did.
        content_length: Option<u64>,
    },

    /// Connecting to the server, sending the request or receiving the answer failed. The
    /// message names the origin of the base URL (`https://api.prompt.studio`); the underlying
    /// reqwest error is the [`source`](std::error::Error::source).
    #[non_exhaustive]
    Transport {
        /// The base URL's origin: scheme, host and port (`https://api.prompt.studio`,
        /// `http://127.0.0.1:8787`), never a user name, password, path or query.
        origin: String,
        /// What reqwest reported. It names the URL, never the headers, so not the API key.
        source: reqwest::Error,
    },

    /// The server answered a success, but its body is not JSON, has no `result`, or the result
    /// does not fit the workflow's output type, even after the repairs of
    /// [`ResultMode::Repair`](crate::ResultMode::Repair) (see [`crate::repair`]); or, for
    /// [`Client::run_json`](crate::Client::run_json), it is too large to hold as a
    /// `serde_json::Value`.
    #[non_exhaustive]
    Decode {
        /// Where in the body decoding failed, like `result.entities[1].kind`; empty when the
        /// body as a whole is at fault (not JSON, for instance).
        path: String,
        /// What serde_json reported; or, when repair rules were tried on the value at `path`
        /// and could not fix it, what they found there: `expected a number, found the string
        /// "high"`.
        message: String,
        /// The repair rules tried on the value at `path`, that could not fix it (empty when
        /// none applies there, or in [`ResultMode::Strict`](crate::ResultMode::Strict)). The
        /// message shows them as `(tried: number_from_string)`.
        tried: Rules,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The deployments listing ([`Client::deployments`](crate::Client::deployments)) answered,
    /// but not what was asked for: the deployment is not listed, its schemas are missing or in
    /// a form this client cannot read, the pages loop, or a page points at another origin.
    #[non_exhaustive]
    Listing {
        /// What is wrong, naming the deployment when there is one.
        message: String,
    },

    /// [`Client::verify`](crate::Client::verify) found the deployed workflow changed in ways
    /// that break this client: the schemas it was built from no longer match the deployment's
    /// ([`drift`](crate::drift) has the rules).
    #[non_exhaustive]
    Drift {
        /// Every change found, the breaking ones first.
        changes: Vec<crate::drift::Change>,
    },

    /// The client is misconfigured or the call cannot be made as asked: no API key, a bad base
    /// URL, no deployment id, a zero limit. Nothing was sent.
    #[non_exhaustive]
    Config {
        /// What is wrong and how to fix it.
        message: String,
    },
}

/// How many bytes of a response body an [`Error`] keeps. Longer bodies are cut on a character
/// boundary and end with `…` and how much was cut (`… (1234 bytes cut)`, or `… (cut, the rest
/// was not read)` for an error answer, which is only read as far as its snippet).
pub const BODY_SNIPPET_LIMIT: usize = 512;

impl Error {
    /// An error of `kind` in the run of `workflow` (`None`: an untyped run) on
    /// `deployment_id`.
    pub(crate) fn new(
        kind: ErrorKind,
        workflow: Option<&'static str>,
        deployment_id: Option<String>,
    ) -> Self {
        Error {
            inner: Box::new(Inner {
                kind,
                workflow: workflow.map(Cow::Borrowed),
                deployment_id,
                listing: false,
            }),
        }
    }

    /// A configuration error; the message (which may quote what the caller passed) is escaped
    /// and bounded.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::new(
            ErrorKind::Config {
                message: safe::text(&message.into(), "", safe::CONFIG_LIMIT),
            },
            None,
            None,
        )
    }

    /// This error, as one of `workflow`'s: for configuration errors found while setting up
    /// its run.
    pub(crate) fn in_workflow(mut self, workflow: Option<&'static str>) -> Self {
        self.inner.workflow = workflow.map(Cow::Borrowed);
        self
    }

    /// This error, as one of the deployments listing's.
    pub(crate) fn in_listing(mut self) -> Self {
        self.inner.listing = true;
        self
    }

    /// Whether the error came from the deployments listing
    /// ([`Client::deployments`](crate::Client::deployments), [`Client::verify`](crate::Client::verify))
    /// rather than from a run.
    pub fn is_listing(&self) -> bool {
        self.inner.listing
    }

    /// What went wrong, to match on.
    pub fn kind(&self) -> &ErrorKind {
        &self.inner.kind
    }

    /// What went wrong, owned: for a caller that keeps the cause's data (the body snippet, the
    /// violations, the reqwest error) and drops the rest.
    pub fn into_kind(self) -> ErrorKind {
        self.inner.kind
    }

    pub(crate) fn kind_mut(&mut self) -> &mut ErrorKind {
        &mut self.inner.kind
    }

    /// The name of the workflow whose run failed; `None` for an untyped run
    /// ([`Client::run_json`](crate::Client::run_json)) and for configuration errors that
    /// concern no workflow (a client that cannot be built).
    pub fn workflow(&self) -> Option<&str> {
        self.inner.workflow.as_deref()
    }

    /// The deployment the failed run was sent to, or was to be sent to; `None` for
    /// configuration errors ([`ErrorKind::Config`]), where the deployment id may be what is
    /// wrong.
    pub fn deployment_id(&self) -> Option<&str> {
        self.inner.deployment_id.as_deref()
    }

    /// The HTTP status the server answered, for the kinds caused by one.
    pub fn status(&self) -> Option<u16> {
        match self.kind() {
            ErrorKind::Unauthorized { status, .. }
            | ErrorKind::NotFound { status, .. }
            | ErrorKind::RateLimited { status, .. }
            | ErrorKind::WorkflowFailed { status, .. }
            | ErrorKind::UnexpectedStatus { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether trying the same run again may succeed without running the workflow twice: a 429
    /// or a 503 (the service turned the request away), or a connection that could not be made
    /// (nothing was sent). A 500 (the workflow ran), a 502 or 504 (a gateway answered, and the
    /// workflow may have run behind it) and a timeout (the request may have been sent) are not.
    pub fn is_retryable(&self) -> bool {
        self.retry_class() == RetryClass::NotRun
    }

    /// What a retry of this failure would risk: the one place that decides it, for
    /// [`Error::is_retryable`] and the retry policy alike.
    pub(crate) fn retry_class(&self) -> RetryClass {
        match self.kind() {
            ErrorKind::RateLimited { .. } => RetryClass::NotRun,
            ErrorKind::UnexpectedStatus { status: 503, .. } => RetryClass::NotRun,
            ErrorKind::UnexpectedStatus {
                status: 502 | 504, ..
            } => RetryClass::Gateway,
            ErrorKind::Transport { source, .. } if source.is_connect() => RetryClass::NotRun,
            ErrorKind::WorkflowFailed { .. } => RetryClass::WorkflowFailed,
            ErrorKind::Timeout { .. } => RetryClass::TimedOut,
            _ => RetryClass::Never,
        }
    }

    /// How long the server asked to wait before retrying, from a 429's `Retry-After` header.
    pub fn retry_after(&self) -> Option<Duration> {
        match self.kind() {
            ErrorKind::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let context = Context(self.workflow(), self.deployment_id(), self.is_listing());
        match self.kind() {
            ErrorKind::Config { message } => f.write_str(message),
            ErrorKind::Listing { message } => write!(f, "{context}: {message}"),
            ErrorKind::Drift { changes } => {
                let breaking = changes
                    .iter()
                    .filter(|change| change.severity == crate::drift::Severity::Breaking)
                    .count();
                write!(
                    f,
                    "{context}: the deployed workflow changed in {breaking} way{} that break{} \
                     this client (regenerate it from the deployment: `workflow pull`)",
                    if breaking == 1 { "" } else { "s" },
                    if breaking == 1 { "s" } else { "" },
                )?;
                for change in changes.iter().take(DRIFT_SHOWN) {
                    write!(f, "; {change}")?;
                }
                if let Some(more) = changes.len().checked_sub(DRIFT_SHOWN).filter(|n| *n > 0) {
                    write!(f, "; and {more} more")?;
                }
                Ok(())
            }
            ErrorKind::InvalidInput { violations } => {
                write!(f, "{context}: invalid input: {}", ViolationList(violations))
            }
            ErrorKind::Unauthorized { status, body } => write!(
                f,
                "{context}: server answered {}: the API key was rejected or did not reach the \
                 server{}",
                StatusLine(*status),
                BodySuffix(body)
            ),
            ErrorKind::NotFound { status, body } if self.is_listing() => write!(
                f,
                "{context}: server answered {}: no deployments listing at this base URL{}",
                StatusLine(*status),
                BodySuffix(body)
            ),
            ErrorKind::NotFound { status, body } => write!(
                f,
                "{context}: server answered {}: no workflow with this deployment id{}",
                StatusLine(*status),
                BodySuffix(body)
            ),
            ErrorKind::RateLimited {
                status,
                retry_after,
                body,
            } => write!(
                f,
                "{context}: server answered {}: rate limited{}{}",
                StatusLine(*status),
                RetryAfter(*retry_after),
                BodySuffix(body)
            ),
            ErrorKind::WorkflowFailed { status, body } => write!(
                f,
                "{context}: server answered {}: the workflow failed{}",
                StatusLine(*status),
                BodySuffix(body)
            ),
            ErrorKind::UnexpectedStatus {
                status,
                location,
                body,
            } => write!(
                f,
                "{context}: server answered {}{}{}",
                StatusLine(*status),
                RedirectNote(*status, location.as_deref()),
                BodySuffix(body)
            ),
            ErrorKind::Timeout { timeout } => write!(f, "{context}: no answer within {timeout:?}"),
            ErrorKind::ResponseTooLarge {
                limit,
                content_length,
            } => write!(
                f,
                "{context}: the answer is larger than the limit of {limit} bytes{}",
                Announced(*content_length)
            ),
            ErrorKind::Transport { origin, source } => {
                // The details (the URL, the OS error) are in `source`; the message says which
                // phase failed, and where, so that the first line alone already tells a refused
                // connection from a dropped one, and a wrong base URL from a down server.
                let origin = Escaped(origin, ORIGIN_LIMIT);
                if source.is_connect() {
                    write!(f, "{context}: could not connect to the server at {origin}")
                } else {
                    write!(
                        f,
                        "{context}: the connection to {origin} failed while sending the request \
                         or receiving the answer"
                    )
                }
            }
            ErrorKind::Decode {
                path,
                message,
                tried,
                body,
            } => {
                write!(f, "{context}: {}{message}", PathPrefix(path))?;
                if !tried.is_empty() {
                    write!(f, " (tried: {tried})")?;
                }
                write!(f, "{}", BodySuffix(body))
            }
        }
    }
}

/// Changes a [`ErrorKind::Drift`] message shows; the rest are counted.
const DRIFT_SHOWN: usize = 5;
/// The longest origin shown in a transport error (host names are at most 253 bytes).
const ORIGIN_LIMIT: usize = 300;
/// Causes shown by `{:?}`: each at most this long...
const CAUSE_LIMIT: usize = 512;
/// ...and at most this many.
const CAUSES_LIMIT: usize = 8;

impl fmt::Debug for Error {
    /// `{:?}`: the message and its causes, one per line (what `main` prints when it returns
    /// the error); `{:#?}`: the kind and the context, field by field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            return f
                .debug_struct("Error")
                .field("kind", self.kind())
                .field("workflow", &self.workflow())
                .field("deployment_id", &self.deployment_id())
                .finish();
        }
        write!(f, "{self}")?;
        let mut causes = Vec::new();
        let mut source = std::error::Error::source(self);
        while let Some(cause) = source {
            causes.push(cause);
            source = cause.source();
        }
        if causes.is_empty() {
            return Ok(());
        }
        f.write_str("\n\nCaused by:")?;
        let numbered = causes.len() > 1;
        for (index, cause) in causes.iter().enumerate().take(CAUSES_LIMIT) {
            // Causes come from reqwest, hyper and the OS: no key, but escaped and bounded all
            // the same, like everything an error shows.
            let shown = safe::text(&cause.to_string(), "", CAUSE_LIMIT);
            if numbered {
                write!(f, "\n    {index}: {shown}")?;
            } else {
                write!(f, "\n    {shown}")?;
            }
        }
        if let Some(more) = causes.len().checked_sub(CAUSES_LIMIT).filter(|n| *n > 0) {
            write!(f, "\n    ... and {more} more")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self.kind() {
            ErrorKind::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// What retrying a failure would risk, from the surest to the least sure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RetryClass {
    /// The workflow certainly did not run: a connection that could not be made, 429, 503.
    NotRun,
    /// A gateway answered 502 or 504: the workflow may have run behind it.
    Gateway,
    /// 500: the workflow ran and failed.
    WorkflowFailed,
    /// No answer in time after the request was sent: it may be running.
    TimedOut,
    /// Retrying cannot help (a 4xx, a decode error, ...) or would repeat a completed run.
    Never,
}

/// One thing wrong with an input: where (a JSON pointer into the input object) and what.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// A JSON pointer into the input, like `/entities/1/kind`; empty for the input as a whole.
    pub pointer: String,
    /// What is wrong there.
    pub message: String,
}

impl Violation {
    /// A violation at `pointer` (empty for the whole input).
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// `workflow car (dep_123)`, or `deployment dep_123` for an untyped run; with `the
/// deployments listing` after it (or alone) for the listing's errors.
struct Context<'a>(Option<&'a str>, Option<&'a str>, bool);

impl fmt::Display for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.2 {
            return match *self {
                Context(None, None, _) => f.write_str("the deployments listing"),
                Context(workflow, deployment_id, _) => write!(
                    f,
                    "{}: the deployments listing",
                    Context(workflow, deployment_id, false)
                ),
            };
        }
        match *self {
            Context(Some(workflow), Some(deployment_id), _) => write!(
                f,
                "workflow {} ({})",
                Escaped(workflow, CONTEXT_LIMIT),
                Escaped(deployment_id, CONTEXT_LIMIT)
            ),
            Context(Some(workflow), None, _) => {
                write!(f, "workflow {}", Escaped(workflow, CONTEXT_LIMIT))
            }
            Context(None, Some(deployment_id), _) => {
                write!(f, "deployment {}", Escaped(deployment_id, CONTEXT_LIMIT))
            }
            Context(None, None, _) => f.write_str("a run"),
        }
    }
}

struct ViolationList<'a>(&'a [Violation]);

/// Violations shown in an error's message: each at most this long...
const VIOLATION_LIMIT: usize = 256;
/// ...and no more once the list is this long; the rest are counted.
const VIOLATIONS_LIMIT: usize = 1280;

impl fmt::Display for ViolationList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut written = 0;
        for (index, violation) in self.0.iter().enumerate() {
            if written >= VIOLATIONS_LIMIT {
                let more = self.0.len() - index;
                return write!(f, "; and {more} more");
            }
            if index > 0 {
                f.write_str("; ")?;
            }
            let shown = safe::text(&violation.to_string(), "", VIOLATION_LIMIT);
            written += shown.len() + 2;
            f.write_str(&shown)?;
        }
        Ok(())
    }
}

/// `404 Not Found`, or just `599` for a status without a standard reason.
struct StatusLine(u16);

impl fmt::Display for StatusLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let reason = reqwest::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|status| status.canonical_reason());
        match reason {
            Some(reason) => write!(f, "{} {reason}", self.0),
            None => write!(f, "{}", self.0),
        }
    }
}

/// `; body: ...`, or nothing for an empty body.
struct BodySuffix<'a>(&'a str);

impl fmt::Display for BodySuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "; body: {}", self.0)
        }
    }
}

/// ` to <location>, not followed: <why>`, or nothing when there is no location.
struct RedirectNote<'a>(u16, Option<&'a str>);

impl fmt::Display for RedirectNote<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let RedirectNote(status, Some(location)) = *self else {
            return Ok(());
        };
        let why = match status {
            301..=303 => "following it would turn the POST into a GET",
            307 | 308 => "only redirects within the base URL's origin are followed, at most 3",
            _ => "only 307 and 308 redirects are followed",
        };
        write!(f, " to {location}, not followed: {why}")
    }
}

/// `, it announced N bytes`, or nothing.
struct Announced(Option<u64>);

impl fmt::Display for Announced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(length) => write!(f, " (it announced {length})"),
            None => Ok(()),
        }
    }
}

struct RetryAfter(Option<Duration>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(delay) => write!(f, ", retry after {delay:?}"),
            None => Ok(()),
        }
    }
}

/// `result.entities[1].kind: `, or nothing for the body as a whole.
struct PathPrefix<'a>(&'a str);

impl fmt::Display for PathPrefix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "{}: ", self.0)
        }
    }
}

/// The first [`BODY_SNIPPET_LIMIT`] bytes of `body` as text, made safe to show (the key
/// blanked out first, so that a server echoing it cannot leak it into an error; control
/// characters escaped). `complete`: `body` is all there was.
pub(crate) fn body_snippet(body: &[u8], secret: &str, complete: bool) -> String {
    safe::body(body, secret, BODY_SNIPPET_LIMIT, complete)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repair::Rule;

    fn car(kind: ErrorKind) -> Error {
        Error::new(kind, Some("car"), Some("dep_123".into()))
    }

    #[test]
    fn invalid_input_lists_every_violation_with_its_pointer() {
        let error = car(ErrorKind::InvalidInput {
            violations: vec![
                Violation::new("/prompt", "must be at most 100 characters"),
                Violation::new("/entities/1/kind", "must be one of \"make\", \"model\""),
            ],
        });
        assert_eq!(
            error.to_string(),
            "workflow car (dep_123): invalid input: /prompt: must be at most 100 characters; \
             /entities/1/kind: must be one of \"make\", \"model\""
        );
    }

    #[test]
    fn an_error_is_one_pointer_and_a_result_of_it_too() {
        // The context and every kind's data live behind the box: a `Result<_, Error>` is as
        // small as a `Result<_, Box<_>>`, and `clippy::result_large_err` never fires for it.
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
        assert_eq!(
            std::mem::size_of::<Result<(), Error>>(),
            std::mem::size_of::<usize>()
        );
    }

    #[test]
    fn errors_can_cross_threads_and_be_boxed() {
        fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
        assert_error::<Error>();
    }

    #[test]
    fn the_context_is_carried_once_and_untyped_runs_have_no_workflow() {
        let typed = car(ErrorKind::Timeout {
            timeout: Duration::from_secs(2),
        });
        assert_eq!(typed.workflow(), Some("car"));
        assert_eq!(typed.deployment_id(), Some("dep_123"));
        assert_eq!(
            typed.to_string(),
            "workflow car (dep_123): no answer within 2s"
        );

        let untyped = Error::new(
            ErrorKind::NotFound {
                status: 404,
                body: "{}".into(),
            },
            None,
            Some("dep_123".into()),
        );
        assert_eq!(untyped.workflow(), None);
        assert_eq!(untyped.deployment_id(), Some("dep_123"));
        assert_eq!(
            untyped.to_string(),
            "deployment dep_123: server answered 404 Not Found: no workflow with this deployment \
             id; body: {}"
        );

        let config = Error::config("no API key").in_workflow(Some("car"));
        assert_eq!(
            (config.workflow(), config.deployment_id()),
            (Some("car"), None)
        );
        assert_eq!(config.to_string(), "no API key");
    }

    #[test]
    fn decode_errors_carry_the_rules_tried_as_data_and_show_them() {
        let tried: Rules = [Rule::NumberFromString].into_iter().collect();
        let error = car(ErrorKind::Decode {
            path: "result.score".into(),
            message: "expected a number, found the string \"high\"".into(),
            tried,
            body: "{\"result\":{\"score\":\"high\"}}".into(),
        });
        let ErrorKind::Decode { tried: kept, .. } = error.kind() else {
            panic!("{error:#?}")
        };
        assert!(kept.contains(Rule::NumberFromString));
        assert_eq!(
            error.to_string(),
            "workflow car (dep_123): result.score: expected a number, found the string \"high\" \
             (tried: number_from_string); body: {\"result\":{\"score\":\"high\"}}"
        );
    }

    #[test]
    fn debug_reads_like_display_and_alternate_debug_shows_the_fields() {
        let error = car(ErrorKind::WorkflowFailed {
            status: 500,
            body: String::new(),
        });
        assert_eq!(format!("{error:?}"), error.to_string());
        assert_eq!(
            format!("{error:#?}"),
            "Error {\n    kind: WorkflowFailed {\n        status: 500,\n        body: \"\",\n    \
             },\n    workflow: Some(\n        \"car\",\n    ),\n    deployment_id: Some(\n        \
             \"dep_123\",\n    ),\n}"
        );
    }

    #[test]
    fn body_snippet_keeps_short_bodies_whole() {
        assert_eq!(body_snippet(b"{}", "key", true), "{}");
        assert_eq!(body_snippet(b"", "key", true), "");
    }

    #[test]
    fn body_snippet_cuts_long_bodies_on_a_char_boundary() {
        // 511 ASCII bytes, then a 3-byte character straddling the limit.
        let mut body = "a".repeat(511).into_bytes();
        body.extend_from_slice("€€".as_bytes());
        let snippet = body_snippet(&body, "key", true);
        assert_eq!(snippet, format!("{}… (6 bytes cut)", "a".repeat(511)));
    }

    #[test]
    fn body_snippet_blanks_out_the_secret() {
        assert_eq!(
            body_snippet(
                b"{\"echo\":\"sk-live-SECRET-1234\"}",
                "sk-live-SECRET-1234",
                true
            ),
            "{\"echo\":\"<redacted>\"}"
        );
    }

    #[test]
    fn body_snippet_replaces_invalid_utf8() {
        assert_eq!(body_snippet(b"ok\xff", "", true), "ok\u{fffd}");
    }
}
