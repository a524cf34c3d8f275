//! The run after it was prepared: the attempts and the waits between them, all within one
//! deadline (each attempt one HTTP exchange, its body read within `max_response_bytes`, an
//! error body read for its snippet for at most 2 s), then the decode of the answer, inline or
//! on the blocking pool, within the same deadline.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use tokio::time::Instant;
use tracing::Instrument;

use super::call::Call;
use super::run::Detailed;
use super::{OFFLOAD_BYTES, Settings};
use crate::decode;
use crate::error::{BODY_SNIPPET_LIMIT, Error, ErrorKind, body_snippet};
use crate::options::{RetryPolicy, RunOptions, jitter_random};
use crate::repair::ResultMode;
use crate::safe;

const API_KEY_HEADER_NAME: HeaderName = HeaderName::from_static("api_key");
const APPLICATION_JSON: &str = "application/json";
/// Where servers and the proxies in front of them put the id of a request, checked in order.
const REQUEST_ID_HEADERS: [HeaderName; 2] = [
    HeaderName::from_static("x-request-id"),
    HeaderName::from_static("request-id"),
];

/// What a run checked before sending, or why it cannot be sent.
pub(super) struct Checked<'a> {
    pub(super) settings: &'a Settings,
    pub(super) url: String,
    /// `{"input": ...}`.
    pub(super) body: Bytes,
}

/// A run ready to go: its checks done (or failed), nothing of the input held but its bytes.
pub(super) struct Prepared<'a, O> {
    pub(super) checked: Result<Checked<'a>, Error>,
    pub(super) call: Call<'a>,
    pub(super) options: RunOptions,
    pub(super) decoder: decode::Decoder<O>,
    /// `workflow.run`, with the workflow and deployment; attempts, status, request id and
    /// latency are recorded as they become known.
    pub(super) span: tracing::Span,
}

impl<O: Send + 'static> Prepared<'_, O> {
    /// Sends the run, retrying as its policy allows, and decodes the answer; all of it in the
    /// run's span, which records the latency and a `debug` event when the run fails.
    pub(super) async fn run(self) -> Result<Detailed<O>, Error> {
        let Prepared {
            checked,
            call,
            options,
            decoder,
            span,
        } = self;
        let started = Instant::now();
        let run = async {
            let Checked {
                settings,
                url,
                body,
            } = checked?;
            let timeout = options.timeout.unwrap_or(settings.timeout);
            let deadline = later(Instant::now(), timeout);
            let answer = send(settings, &call, &url, body, &options, &span, deadline).await?;
            let mode = options.result_mode.unwrap_or(settings.result_mode);
            let decoded = decode_in_time(
                settings,
                &call,
                decoder,
                answer.body,
                mode,
                deadline,
                timeout,
            )
            .await?;
            call.log_repairs(&decoded.repairs, decoded.repairs_omitted);
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
}

/// Decodes a 2xx body within the run's deadline: inline when it is small, on tokio's
/// blocking pool when it is large (at least [`OFFLOAD_BYTES`], 64 KiB), so that a large or hostile
/// answer never holds up the async worker threads, and the run still ends with
/// [`ErrorKind::Timeout`] when the deadline passes (the repair walk also stops by itself then).
#[allow(clippy::too_many_arguments, reason = "one run's state, passed down")]
async fn decode_in_time<O: Send + 'static>(
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
    outcome
        .map_err(|failed| call.decode_failed(failed, &body, route, &settings.api_key_text, timeout))
}

/// Attempts and the waits between them, all before one deadline. Returns a 2xx answer with
/// its whole body, or the last attempt's error.
#[allow(clippy::too_many_arguments, reason = "one run's state, passed down")]
pub(super) async fn send(
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
        let exchange = exchange(
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
async fn exchange(
    settings: &Settings,
    call: &Call<'_>,
    url: &str,
    body: Bytes,
    timeout: Duration,
    deadline: Instant,
) -> Result<Answer, Failure> {
    // Held until the body has been read (or dropped with a cancelled run), so that the
    // connection is free again when the permit is. The semaphore is never closed.
    let _permit =
        settings.connections.acquire().await.map_err(|_| {
            Failure::from(Error::config("the client's connection limit was closed"))
        })?;
    let request = if call.listing {
        // The listing takes `Authorization: Bearer` whatever the run route's auth style, as
        // the vendor's tools sent it.
        settings
            .http
            .get(url)
            .header(header::AUTHORIZATION, settings.bearer.clone())
    } else {
        let mut request = settings.http.post(url).header(
            header::CONTENT_TYPE,
            HeaderValue::from_static(APPLICATION_JSON),
        );
        if settings.auth.sends_api_key_header() {
            request = request.header(API_KEY_HEADER_NAME, settings.api_key.clone());
        }
        if settings.auth.sends_bearer() {
            request = request.header(header::AUTHORIZATION, settings.bearer.clone());
        }
        request.body(body)
    };
    let mut response = request
        .header(header::ACCEPT, HeaderValue::from_static(APPLICATION_JSON))
        .header(header::USER_AGENT, settings.user_agent.clone())
        .send()
        .await
        .map_err(|error| Failure::from(call.transport_error(error, timeout, &settings.origin)))?;
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
                    ReadError::TooLarge { content_length } => {
                        call.error(ErrorKind::ResponseTooLarge {
                            limit: settings.max_response_bytes,
                            content_length,
                        })
                    }
                    ReadError::Transport(error) => {
                        call.transport_error(error, timeout, &settings.origin)
                    }
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
pub(super) fn later(instant: Instant, duration: Duration) -> Instant {
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

/// A 2xx answer, its body read whole, not decoded yet.
pub(super) struct Answer {
    status: u16,
    pub(super) body: Bytes,
    request_id: Option<String>,
    /// How many attempts the run took, this one included.
    attempts: u32,
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
