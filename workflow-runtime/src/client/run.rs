//! [`Run`]: the one builder every kind of call returns, set up with the same setters and then
//! awaited (or sent, on the blocking client).

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use serde::Serialize;
use serde_json::Value;

use super::Client;
use super::builder::check_limits;
use super::call::Call;
use super::send::{self, Prepared};
use crate::decode::{self, Decoder};
use crate::error::Error;
use crate::options::{RetryPolicy, RunOptions};
use crate::repair::{Repair, ResultMode};
use crate::workflow::{Schemas, Workflow};

/// A run being set up: what [`Client::run`], [`Client::run_json`] and the generated
/// `run(&client, &input)` return. Await it to run it; before that, each setter changes one
/// thing about this call only (the client's settings stay as they are):
///
/// ```no_run
/// # use std::time::Duration;
/// # use workflow_runtime::{Client, Error, ResultMode, RetryPolicy, RunOptions, Workflow};
/// # async fn demo<W: Workflow>(client: &Client, input: &W::Input) -> Result<(), Error> {
/// // The common case.
/// let output = client.run::<W>(input).await?;
///
/// // Every setter, and the output with how it was obtained.
/// let shared = RunOptions::new().validate_input(false);
/// let detailed = client
///     .run::<W>(input)
///     .deployment("dep_staging")
///     .timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::none())
///     .result_mode(ResultMode::Strict)
///     .options(&shared)
///     .detailed()
///     .await?;
/// println!("{} attempts, {} repairs", detailed.attempts, detailed.repairs.len());
/// # let _ = output;
/// # Ok(())
/// # }
/// ```
///
/// `K` is the workflow ([`Workflow`]) of a typed run, or [`Untyped`] for
/// [`Client::run_json`]; `DETAILED` is `true` after [`detailed`](Run::detailed). Awaiting
/// gives `Result<W::Output, Error>` (a `serde_json::Value` when untyped), or
/// `Result<Detailed<...>, Error>` when detailed. The future is `Send`, whatever the input type:
/// the input is serialized (and checked against its schema) when the run is awaited, and the
/// future holds those bytes rather than the input.
#[must_use = "a run does nothing until it is awaited"]
pub struct Run<'a, K: RunKind = Untyped, const DETAILED: bool = false> {
    client: &'a Client,
    input: Input<'a, K::Body>,
    /// The deployment named for this call, if any.
    deployment_id: Option<&'a str>,
    options: RunOptions,
    kind: PhantomData<fn() -> K>,
}

/// The input of a run: borrowed when typed, owned when untyped (`run_json` takes a `Value`).
enum Input<'a, B: ?Sized> {
    Borrowed(&'a B),
    Owned(Value),
}

/// What a [`Run`] runs: a [`Workflow`] (a typed run, for every `W: Workflow`) or [`Untyped`]
/// ([`Client::run_json`]). Sealed: it carries how the run encodes, checks and decodes.
pub trait RunKind: sealed::Kind {}

/// The kind of [`Run`] that [`Client::run_json`] returns: a `serde_json::Value` in and out,
/// for no workflow in particular.
#[derive(Debug, Clone, Copy)]
pub struct Untyped;

pub(crate) mod sealed {
    use super::*;

    /// What a run of this kind needs to know.
    #[allow(
        unreachable_pub,
        reason = "sealed: public so that `RunKind` may require it, unreachable so that no one \
                  else implements it"
    )]
    pub trait Kind {
        /// What the input serializes from.
        type Body: Serialize + ?Sized;
        /// What the output decodes into.
        type Output: Send + 'static;
        /// The workflow's name; `None` when untyped.
        const WORKFLOW: Option<&'static str>;
        /// The deployment run when the call names none.
        const DEPLOYMENT_ID: Option<&'static str>;
        /// What the input is checked against before it is sent, and the result repaired
        /// against.
        fn schemas() -> Result<Schemas, Error>;
        /// How the answer is decoded: typed with repairs, or into a `Value` under a budget.
        const DECODER: Decoding<Self::Output>;
    }

    /// A kind's decoder, opaque outside the crate.
    #[allow(unreachable_pub, reason = "sealed, as `Kind`")]
    #[derive(Debug)]
    pub struct Decoding<O>(pub(crate) Decoder<O>);
}

impl<W: Workflow> sealed::Kind for W {
    type Body = W::Input;
    type Output = W::Output;
    const WORKFLOW: Option<&'static str> = Some(W::NAME);
    const DEPLOYMENT_ID: Option<&'static str> = W::DEPLOYMENT_ID;
    fn schemas() -> Result<Schemas, Error> {
        W::schemas()
    }
    const DECODER: sealed::Decoding<W::Output> = sealed::Decoding(decode::decode::<W::Output>);
}

impl<W: Workflow> RunKind for W {}

impl sealed::Kind for Untyped {
    type Body = Value;
    type Output = Value;
    const WORKFLOW: Option<&'static str> = None;
    const DEPLOYMENT_ID: Option<&'static str> = None;
    fn schemas() -> Result<Schemas, Error> {
        Ok(Schemas::default())
    }
    const DECODER: sealed::Decoding<Value> = sealed::Decoding(decode::value);
}

impl RunKind for Untyped {}

impl<'a, W: Workflow> Run<'a, W> {
    pub(super) fn typed(client: &'a Client, input: &'a W::Input) -> Self {
        Run {
            client,
            input: Input::Borrowed(input),
            deployment_id: None,
            options: RunOptions::new(),
            kind: PhantomData,
        }
    }
}

impl<'a> Run<'a, Untyped> {
    pub(super) fn untyped(client: &'a Client, deployment_id: &'a str, input: Value) -> Self {
        Run {
            client,
            input: Input::Owned(input),
            deployment_id: Some(deployment_id),
            options: RunOptions::new(),
            kind: PhantomData,
        }
    }
}

impl<'a, K: RunKind> Run<'a, K> {
    /// Returns the output with how it was obtained: the repairs made to the result
    /// ([`Detailed::repairs`], empty when it fitted as it came), the attempts, the status and
    /// the server's request id. For callers who log or alert when a prompt's output drifts
    /// away from its schema.
    pub fn detailed(self) -> Run<'a, K, true> {
        Run {
            client: self.client,
            input: self.input,
            deployment_id: self.deployment_id,
            options: self.options,
            kind: PhantomData,
        }
    }
}

impl<'a, K: RunKind, const DETAILED: bool> Run<'a, K, DETAILED> {
    /// Run this deployment instead of the workflow's own (`W::DEPLOYMENT_ID`): a staging
    /// deployment, or one for a workflow file without a `deployment_id`.
    pub fn deployment(mut self, deployment_id: &'a str) -> Self {
        self.deployment_id = Some(deployment_id);
        self
    }

    /// The most this call may take, retries and the waits between them included, instead of
    /// the client's [`timeout`](crate::ClientBuilder::timeout). (The connect timeout belongs
    /// to the connection pool and cannot change per call.)
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options = self.options.timeout(timeout);
        self
    }

    /// How this call is retried, instead of the client's
    /// [`retry_policy`](crate::ClientBuilder::retry_policy).
    pub fn retry_policy(mut self, retry_policy: RetryPolicy) -> Self {
        self.options = self.options.retry_policy(retry_policy);
        self
    }

    /// Whether a result that does not fit the output type is repaired first, instead of the
    /// client's [`result_mode`](crate::ClientBuilder::result_mode): for a call that must fail
    /// rather than accept a result the model did not get exactly right
    /// ([`ResultMode::Strict`]), or the other way round. An untyped run has no schema to
    /// repair against: it is never repaired.
    pub fn result_mode(mut self, result_mode: ResultMode) -> Self {
        self.options = self.options.result_mode(result_mode);
        self
    }

    /// Whether to check the input against its schema before sending, instead of the client's
    /// [`validate_input`](crate::ClientBuilder::validate_input). Has no effect without feature
    /// `validate`, nor on an untyped run, which has no schema.
    pub fn validate_input(mut self, validate: bool) -> Self {
        self.options = self.options.validate_input(validate);
        self
    }

    /// Apply the settings `options` makes (shared by several calls); those it leaves unset
    /// stay as they are. Later setters override it, and it overrides earlier ones.
    pub fn options(mut self, options: &RunOptions) -> Self {
        self.options.overlay(options);
        self
    }

    /// Everything a run does before sending, done now: the deployment id, the limits, the URL,
    /// `{"input": ...}` and its check against the schema. What is left holds no reference to
    /// the input, so that the run's future is `Send` whatever the input type.
    fn prepare(self) -> Result<Prepared<'a, K::Output>, Error> {
        let Some(deployment_id) = self.deployment_id.or(K::DEPLOYMENT_ID) else {
            let workflow = K::WORKFLOW.unwrap_or_default();
            return Err(Error::config(format!(
                "workflow {workflow} has no deployment id: set `deployment_id` in the workflow \
                 file, pass `deployment_id = \"...\"` to `workflow!`, or name one for the call \
                 with `.deployment(\"...\")`"
            ))
            .in_workflow(K::WORKFLOW));
        };
        let schemas = K::schemas().map_err(|error| error.in_workflow(K::WORKFLOW))?;
        let call = Call {
            workflow: K::WORKFLOW,
            deployment_id,
            input_checks: schemas.input_checks,
            result_schema: schemas.result,
            listing: false,
        };
        let span = tracing::info_span!(
            "workflow.run",
            workflow = call.workflow.unwrap_or_default(),
            deployment_id = call.deployment_id,
            attempts = tracing::field::Empty,
            status = tracing::field::Empty,
            request_id = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let checked = span.in_scope(|| {
            let settings = self.client.settings()?;
            let options = &self.options;
            check_limits(
                "the call's ",
                options.timeout,
                options.retry_policy.as_ref(),
            )?;
            let url = call.url(&settings.endpoint.0, &settings.endpoint.1)?;
            let validate = options.validate_input.unwrap_or(settings.validate_input);
            let body = match &self.input {
                Input::Borrowed(input) => call.encode(*input, validate)?,
                Input::Owned(input) => call.encode(input, validate)?,
            };
            Ok((settings, url, body))
        });
        Ok(Prepared {
            checked: checked.map(|(settings, url, body)| send::Checked {
                settings,
                url,
                body: Bytes::from(body),
            }),
            call,
            options: self.options,
            decoder: K::DECODER.0,
            span,
        })
    }

    /// The run's future, its answer made into `T` by `finish`. A run that cannot be prepared
    /// (no deployment id) fails when awaited, like any other.
    fn start<T: Send + 'a>(self, finish: fn(Detailed<K::Output>) -> T) -> RunFuture<'a, T> {
        match self.prepare() {
            Ok(prepared) => RunFuture::new(async move { prepared.run().await.map(finish) }),
            Err(error) => RunFuture::new(async move { Err(error) }),
        }
    }
}

impl<'a, W: Workflow> IntoFuture for Run<'a, W> {
    type Output = Result<W::Output, Error>;
    type IntoFuture = RunFuture<'a, W::Output>;

    fn into_future(self) -> Self::IntoFuture {
        self.start(|detailed| detailed.output)
    }
}

impl<'a, W: Workflow> IntoFuture for Run<'a, W, true> {
    type Output = Result<Detailed<W::Output>, Error>;
    type IntoFuture = RunFuture<'a, Detailed<W::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        self.start(|detailed| detailed)
    }
}

impl<'a> IntoFuture for Run<'a, Untyped> {
    type Output = Result<Value, Error>;
    type IntoFuture = RunFuture<'a, Value>;

    fn into_future(self) -> Self::IntoFuture {
        self.start(|detailed| detailed.output)
    }
}

impl<'a> IntoFuture for Run<'a, Untyped, true> {
    type Output = Result<Detailed<Value>, Error>;
    type IntoFuture = RunFuture<'a, Detailed<Value>>;

    fn into_future(self) -> Self::IntoFuture {
        self.start(|detailed| detailed)
    }
}

impl<K: RunKind, const DETAILED: bool> fmt::Debug for Run<'_, K, DETAILED> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Run")
            .field("workflow", &K::WORKFLOW)
            .field("deployment_id", &self.deployment_id.or(K::DEPLOYMENT_ID))
            .field("options", &self.options)
            .field("detailed", &DETAILED)
            .finish_non_exhaustive()
    }
}

/// The future of an awaited [`Run`]: `Send`, and cancelled when dropped (the connection of an
/// attempt in flight is closed and no further attempt is made).
#[must_use = "a run does nothing until it is awaited"]
pub struct RunFuture<'a, T> {
    inner: Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>,
}

impl<'a, T> RunFuture<'a, T> {
    fn new(future: impl Future<Output = Result<T, Error>> + Send + 'a) -> Self {
        RunFuture {
            inner: Box::pin(future),
        }
    }
}

impl<T> Future for RunFuture<'_, T> {
    type Output = Result<T, Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<T> fmt::Debug for RunFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunFuture").finish_non_exhaustive()
    }
}

/// A run's output with how it was obtained: what a [`Run`] gives after
/// [`detailed`](Run::detailed).
///
/// ```no_run
/// # use workflow_runtime::{Client, Error, Workflow};
/// # async fn demo<W: Workflow>(client: &Client, input: &W::Input) -> Result<W::Output, Error> {
/// let detailed = client.run::<W>(input).detailed().await?;
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
