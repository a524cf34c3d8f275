//! [`Call`]: the run being made, what its errors name (the workflow and the deployment) and
//! what its input is checked against; the URL, the body, and every error a run can end with.

use std::time::Duration;

use serde::Serialize;

use crate::decode;
use crate::envelope::{INPUT_ENVELOPE_PREFIX, InputEnvelope, envelope_hint};
use crate::error::{Error, ErrorKind, Violation, body_snippet};
use crate::options::{Route, deployment_segment};
use crate::repair::{self, Repair};
use crate::safe;

/// The longest deployment id sent, in bytes: real ones are a few dozen; far longer ones only
/// make URLs the server refuses, with a message that would quote them.
const MAX_DEPLOYMENT_ID_BYTES: usize = 1024;
/// Repairs of one result logged one by one; the rest are summed up in one more event, so that a
/// model that gets every one of a thousand items wrong does not flood the logs.
const MAX_REPAIR_EVENTS: usize = 10;

/// The run being made.
#[derive(Debug, Clone, Copy)]
pub(super) struct Call<'a> {
    /// `None` for an untyped run.
    pub(super) workflow: Option<&'static str>,
    pub(super) deployment_id: &'a str,
    #[cfg_attr(not(feature = "validate"), allow(dead_code))]
    pub(super) input_checks: Option<&'static str>,
    /// What a result that does not fit the output type is repaired against.
    pub(super) result_schema: Option<&'static str>,
    /// A `GET` of the deployments listing, not a run: errors say so.
    pub(super) listing: bool,
}

impl Call<'_> {
    /// An error of this run.
    pub(super) fn error(&self, kind: ErrorKind) -> Error {
        if self.listing {
            let deployment_id = Some(self.deployment_id.to_owned())
                .filter(|deployment_id| !deployment_id.is_empty());
            return Error::new(kind, self.workflow, deployment_id).in_listing();
        }
        Error::new(kind, self.workflow, Some(self.deployment_id.to_owned()))
    }

    /// A configuration error found while setting this run up: `workflow car: ` before the
    /// message (nothing for an untyped run).
    fn config(&self, message: std::fmt::Arguments<'_>) -> Error {
        let message = match self.workflow {
            Some(workflow) => format!("workflow {workflow}: {message}"),
            None => message.to_string(),
        };
        Error::config(message).in_workflow(self.workflow)
    }

    /// `{before}{the deployment id as one path segment}{after}`, or why the id cannot be sent.
    pub(super) fn url(&self, before: &str, after: &str) -> Result<String, Error> {
        let deployment_id = self.deployment_id;
        if deployment_id.is_empty() {
            return Err(self.config(format_args!("the deployment id is empty")));
        }
        // URL parsers resolve these as dot segments whether encoded or not: no encoding keeps
        // them inside the path segment, and no real deployment id looks like this.
        if deployment_id == "." || deployment_id == ".." {
            return Err(self.config(format_args!(
                "the deployment id {deployment_id:?} cannot be sent as a path segment"
            )));
        }
        if deployment_id.len() > MAX_DEPLOYMENT_ID_BYTES {
            return Err(self.config(format_args!(
                "the deployment id is {} bytes long, more than the {MAX_DEPLOYMENT_ID_BYTES} \
                 a deployment id can be (it starts {}): pass the id from the workflow editor",
                deployment_id.len(),
                safe::text(deployment_id, "", 32)
            )));
        }
        if deployment_id.chars().any(char::is_control) {
            return Err(self.config(format_args!(
                "the deployment id \"{}\" has a control character in it (a newline read \
                 with it from a file or a variable?): pass the id alone",
                safe::text(deployment_id, "", 64)
            )));
        }
        Ok([before, &deployment_segment(deployment_id), after].concat())
    }

    /// `{"input": <input>}` as bytes, and, when `validate`, the input checked against its
    /// schema.
    pub(super) fn encode<I: Serialize + ?Sized>(
        &self,
        input: &I,
        validate: bool,
    ) -> Result<Vec<u8>, Error> {
        let body = self.encode_input(input)?;
        if validate {
            self.check_schema(input)?;
        }
        Ok(body)
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

    /// Every violation of the workflow's input schema, as
    /// [`ErrorKind::InvalidInput`]; nothing when the workflow has no schema.
    #[cfg(feature = "validate")]
    fn check_schema<I: Serialize + ?Sized>(&self, input: &I) -> Result<(), Error> {
        let Some(schema) = self.input_checks else {
            return Ok(());
        };
        let input = serde_json::to_value(input)
            .map_err(|error| self.invalid_input(vec![Violation::new("", error.to_string())]))?;
        match crate::validate::check(schema, &input) {
            Ok(violations) if violations.is_empty() => Ok(()),
            Ok(violations) => Err(self.invalid_input(violations)),
            Err(problem) => Err(self.config(format_args!(
                "its input schema cannot check inputs: {problem}; fix the schema, or turn \
                 checking off with `validate_input(false)`"
            ))),
        }
    }

    #[cfg(not(feature = "validate"))]
    fn check_schema<I: Serialize + ?Sized>(&self, _input: &I) -> Result<(), Error> {
        Ok(())
    }

    /// The error for an answer the decode pipeline ([`crate::decode`]) could not decode.
    pub(super) fn decode_failed(
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
        // nor a 30 MB string, nor the control characters in it. The rules tried are data of
        // their own, shown after the cut, so that they always show.
        self.error(ErrorKind::Decode {
            path: safe::text(&path, api_key, safe::PATH_LIMIT),
            message: safe::text(&message, api_key, safe::MESSAGE_LIMIT),
            tried,
            body: body_snippet(body, api_key, true),
        })
    }

    fn invalid_input(&self, violations: Vec<Violation>) -> Error {
        self.error(ErrorKind::InvalidInput { violations })
    }

    pub(super) fn timeout(&self, timeout: Duration) -> Error {
        self.error(ErrorKind::Timeout { timeout })
    }

    pub(super) fn transport_error(
        &self,
        error: reqwest::Error,
        timeout: Duration,
        origin: &str,
    ) -> Error {
        // A connect timeout is a failed connection (nothing was sent, retryable); any other
        // timeout (of a caller-supplied client) may have left the request running on the server.
        if error.is_timeout() && !error.is_connect() {
            self.timeout(timeout)
        } else {
            self.error(ErrorKind::Transport {
                origin: origin.to_owned(),
                source: error,
            })
        }
    }

    pub(super) fn status_error(
        &self,
        status: u16,
        retry_after: Option<Duration>,
        location: Option<String>,
        body: String,
    ) -> Error {
        self.error(match status {
            401 | 403 => ErrorKind::Unauthorized { status, body },
            404 => ErrorKind::NotFound { status, body },
            429 => ErrorKind::RateLimited {
                status,
                retry_after,
                body,
            },
            500 => ErrorKind::WorkflowFailed { status, body },
            _ => ErrorKind::UnexpectedStatus {
                status,
                location,
                body,
            },
        })
    }

    /// One `warn` event per repair (up to [`MAX_REPAIR_EVENTS`]), of target
    /// `workflow_runtime::repair`, inside the run's span.
    pub(super) fn log_repairs(&self, repairs: &[Repair], omitted: usize) {
        let workflow = self.workflow.unwrap_or_default();
        for repair in repairs.iter().take(MAX_REPAIR_EVENTS) {
            tracing::warn!(
                target: "workflow_runtime::repair",
                workflow,
                deployment_id = self.deployment_id,
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
                workflow,
                deployment_id = self.deployment_id,
                more,
                total,
                "more repairs of the result, not logged one by one"
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deployment_ids_become_one_encoded_path_segment() {
        let endpoint = "http://host/v1/workflows/";
        let url = |id| {
            Call {
                workflow: Some("car"),
                deployment_id: id,
                input_checks: None,
                result_schema: None,
                listing: false,
            }
            .url(endpoint, "/run")
            .unwrap()
        };
        assert_eq!(url("dep_123"), "http://host/v1/workflows/dep_123/run");
        assert_eq!(url("../admin"), "http://host/v1/workflows/..%2Fadmin/run");
        assert_eq!(url("a b?c#d"), "http://host/v1/workflows/a%20b%3Fc%23d/run");
        assert_eq!(url("%2F"), "http://host/v1/workflows/%252F/run");
        assert_eq!(url("ü~"), "http://host/v1/workflows/%C3%BC~/run");
    }
}
