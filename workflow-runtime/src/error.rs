//! [`Error`]: everything that can go wrong when running a workflow, one variant per cause.

use std::fmt;
use std::time::Duration;

use crate::safe::{self, CONTEXT_LIMIT, Escaped};

/// Why a run failed.
///
/// Every variant except [`Error::Config`] names the workflow and the deployment it tried to run,
/// and its message starts with them: `workflow car (dep_123): ...`, or `deployment dep_123: ...`
/// for an untyped [`Client::run_json`](crate::Client::run_json). Status variants keep the HTTP
/// status and the first [`BODY_SNIPPET_LIMIT`] bytes of the answer's body.
///
/// No variant's `Display` or `Debug` contains the API key: the key only travels in a header,
/// which neither reqwest's errors nor ours record, and everything a server sent (body snippets,
/// serde's messages quoting the body, paths made of its keys, `Location`) has it blanked out in
/// case the server echoes it back. The same text has its control characters escaped (no raw
/// ESC, CR or LF reaches a terminal or a log) and is bounded: every `Display` stays within
/// about 2 KiB, whatever the server sent, each long part cut on a character boundary and
/// saying how many bytes were cut.
///
/// Variants and their fields are `#[non_exhaustive]`: match with `..`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input was not sent: it could not be serialized, it did not serialize to a JSON
    /// object, or it violates the workflow's input schema (feature `validate`: ranges, lengths,
    /// patterns, formats such as `date-time` or `email`). Nothing was sent to the server.
    #[error(
        "{}: invalid input: {}",
        Context(workflow, deployment_id),
        ViolationList(violations)
    )]
    #[non_exhaustive]
    InvalidInput {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// What is wrong with the input, at least one entry.
        violations: Vec<Violation>,
    },

    /// The server answered 401 or 403: the API key is wrong, or it did not reach the server
    /// (proxies such as nginx drop header names with an underscore, like `API_KEY`, by default).
    #[error(
        "{}: server answered {}: the API key was rejected or did not reach the server{}",
        Context(workflow, deployment_id),
        StatusLine(*status),
        BodySuffix(body)
    )]
    #[non_exhaustive]
    Unauthorized {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// 401 or 403.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered 404: it has no workflow with this deployment id.
    #[error(
        "{}: server answered {}: no workflow with this deployment id{}",
        Context(workflow, deployment_id),
        StatusLine(*status),
        BodySuffix(body)
    )]
    #[non_exhaustive]
    NotFound {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// 404.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered 429: too many requests. Retry after `retry_after` when it said.
    #[error(
        "{}: server answered {}: rate limited{}{}",
        Context(workflow, deployment_id),
        StatusLine(*status),
        RetryAfter(*retry_after),
        BodySuffix(body)
    )]
    #[non_exhaustive]
    RateLimited {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
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
    #[error(
        "{}: server answered {}: the workflow failed{}",
        Context(workflow, deployment_id),
        StatusLine(*status),
        BodySuffix(body)
    )]
    #[non_exhaustive]
    WorkflowFailed {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// 500.
        status: u16,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The server answered any other status that is not a success: 400, 502, 503, 504, or a
    /// redirect that was not followed. The client follows only `307` and `308` redirects within
    /// the base URL's origin (scheme, host and port), at most 3 in a row: a `301`, `302` or
    /// `303` would turn the POST into a GET, and another origin must never receive the API key.
    #[error(
        "{}: server answered {}{}{}",
        Context(workflow, deployment_id),
        StatusLine(*status),
        RedirectNote(*status, location.as_deref()),
        BodySuffix(body)
    )]
    #[non_exhaustive]
    UnexpectedStatus {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
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
    #[error("{}: no answer within {timeout:?}", Context(workflow, deployment_id))]
    #[non_exhaustive]
    Timeout {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// The timeout that ran out.
        timeout: Duration,
    },

    /// The server answered a success whose body is larger than
    /// [`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes) (32 MiB
    /// by default). The client stopped reading there and closed the connection: it never holds
    /// more than the limit in memory. Not retryable: the workflow ran.
    #[error(
        "{}: the answer is larger than the limit of {limit} bytes{}",
        Context(workflow, deployment_id),
        Announced(*content_length)
    )]
    #[non_exhaustive]
    ResponseTooLarge {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// The limit, in bytes.
        limit: u64,
        /// The size the server announced in `Content-Length`, when it did.
        content_length: Option<u64>,
    },

    /// Connecting to the server, sending the request or receiving the answer failed. The
    /// underlying reqwest error is the [`source`](std::error::Error::source).
    #[error("{}: {}", Context(workflow, deployment_id), transport_summary(source))]
    #[non_exhaustive]
    Transport {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// What reqwest reported. It names the URL, never the headers, so not the API key.
        #[source]
        source: reqwest::Error,
    },

    /// The server answered a success, but its body is not JSON, has no `result`, or the result
    /// does not fit the workflow's output type, even after the repairs of
    /// [`ResultMode::Repair`](crate::ResultMode::Repair) (see [`crate::repair`]).
    #[error(
        "{}: {}{}{}",
        Context(workflow, deployment_id),
        PathPrefix(path),
        message,
        BodySuffix(body)
    )]
    #[non_exhaustive]
    Decode {
        /// The workflow's name, empty for an untyped run.
        workflow: String,
        /// The deployment that was to be run.
        deployment_id: String,
        /// Where in the body decoding failed, like `result.entities[1].kind`; empty when the
        /// body as a whole is at fault (not JSON, for instance).
        path: String,
        /// What serde_json reported; or, when repair rules were tried on the value at `path`
        /// and could not fix it, what they found there and which they were: `expected a
        /// number, found the string "high" (tried: number_from_string)`. (The rules are not a
        /// field of their own, so that `Error` stays small enough for `Result<_, Error>`;
        /// [`repair::decode`](crate::repair::decode) returns them as
        /// [`DecodeError::tried`](crate::repair::DecodeError::tried).)
        message: String,
        /// The start of the answer's body, see [`BODY_SNIPPET_LIMIT`].
        body: String,
    },

    /// The client is misconfigured or the call cannot be made as asked: no API key, a bad base
    /// URL, no deployment id. Nothing was sent.
    #[error("{message}")]
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
    /// The HTTP status the server answered, for the variants caused by one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Unauthorized { status, .. }
            | Error::NotFound { status, .. }
            | Error::RateLimited { status, .. }
            | Error::WorkflowFailed { status, .. }
            | Error::UnexpectedStatus { status, .. } => Some(*status),
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
        match self {
            Error::RateLimited { .. } => RetryClass::NotRun,
            Error::UnexpectedStatus { status: 503, .. } => RetryClass::NotRun,
            Error::UnexpectedStatus {
                status: 502 | 504, ..
            } => RetryClass::Gateway,
            Error::Transport { source, .. } if source.is_connect() => RetryClass::NotRun,
            Error::WorkflowFailed { .. } => RetryClass::WorkflowFailed,
            Error::Timeout { .. } => RetryClass::TimedOut,
            _ => RetryClass::Never,
        }
    }

    /// How long the server asked to wait before retrying, from a 429's `Retry-After` header.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// A configuration error; the message (which may quote what the caller passed) is escaped
    /// and bounded.
    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: safe::text(&message.into(), "", safe::CONFIG_LIMIT),
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

/// `workflow car (dep_123)`, or `deployment dep_123` for an untyped run.
struct Context<'a>(&'a str, &'a str);

impl fmt::Display for Context<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Context(workflow, deployment_id) = *self;
        let deployment_id = Escaped(deployment_id, CONTEXT_LIMIT);
        if workflow.is_empty() {
            write!(f, "deployment {deployment_id}")
        } else {
            write!(
                f,
                "workflow {} ({deployment_id})",
                Escaped(workflow, CONTEXT_LIMIT)
            )
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

// The details (the URL, the OS error) are in `source`; the message says which phase failed so
// that the first line alone already tells a refused connection from a dropped one.
fn transport_summary(source: &reqwest::Error) -> &'static str {
    if source.is_connect() {
        "could not connect to the server"
    } else {
        "the connection failed while sending the request or receiving the answer"
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

    #[test]
    fn invalid_input_lists_every_violation_with_its_pointer() {
        let error = Error::InvalidInput {
            workflow: "car".into(),
            deployment_id: "dep_123".into(),
            violations: vec![
                Violation::new("/prompt", "must be at most 100 characters"),
                Violation::new("/entities/1/kind", "must be one of \"make\", \"model\""),
            ],
        };
        assert_eq!(
            error.to_string(),
            "workflow car (dep_123): invalid input: /prompt: must be at most 100 characters; \
             /entities/1/kind: must be one of \"make\", \"model\""
        );
    }

    #[test]
    fn errors_stay_below_clippys_large_error_threshold() {
        // `clippy::result_large_err` fires from 128 bytes on, in every function of every user
        // that returns `Result<_, Error>`: new fields must fit in what is left, or be boxed.
        assert!(
            std::mem::size_of::<Error>() <= 120,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn errors_can_cross_threads_and_be_boxed() {
        fn assert_error<E: std::error::Error + Send + Sync + 'static>() {}
        assert_error::<Error>();
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
