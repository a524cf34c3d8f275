//! Typed clients for Prompt Studio workflows: the runtime.
//!
//! A [`Workflow`] ties a deployed workflow's input and result types to its name and deployment
//! id (the `workflow!` macro writes that impl from a workflow file). A [`Client`] runs it:
//!
//! ```
//! use serde::{Deserialize, Serialize};
//! use workflow_runtime::{Client, Error, Workflow};
//!
//! #[derive(Serialize, Deserialize)]
//! struct CarInput {
//!     prompt: String,
//! }
//!
//! #[derive(Serialize, Deserialize)]
//! struct CarResult {
//!     completion: String,
//! }
//!
//! struct Car;
//!
//! impl Workflow for Car {
//!     type Input = CarInput;
//!     type Output = CarResult;
//!     const NAME: &'static str = "car";
//!     const DEPLOYMENT_ID: Option<&'static str> = Some("dep_123");
//! }
//!
//! async fn fastest_car(client: &Client) -> Result<String, Error> {
//!     let input = CarInput { prompt: "what is the fastest car in the world?".into() };
//!     let result = client.run::<Car>(&input).await?;
//!     Ok(result.completion)
//! }
//!
//! # #[cfg(feature = "testing")]
//! #[tokio::main(flavor = "current_thread")]
//! async fn main() -> Result<(), Error> {
//!     // Against the hosted service: `let client = Client::from_env()?;` with
//!     // PROMPT_STUDIO_API_KEY set. Here, against the built-in emulator:
//!     let studio = workflow_runtime::testing::MockStudio::start().await;
//!     studio
//!         .on::<Car>()
//!         .respond(|input| CarResult { completion: format!("you asked: {}", input.prompt) });
//!
//!     let answer = fastest_car(&studio.client()).await?;
//!     assert_eq!(answer, "you asked: what is the fastest car in the world?");
//!     Ok(())
//! }
//! # #[cfg(not(feature = "testing"))]
//! # fn main() {}
//! ```
//!
//! Every call is a [`Run`]: `client.run::<Car>(&input)` (or the generated `car::run(&client,
//! &input)`) and `client.run_json("dep_123", value)`, each set up with the same setters
//! (`.deployment(..)`, `.timeout(..)`, `.retry_policy(..)`, `.result_mode(..)`,
//! `.validate_input(..)`, `.options(&shared)`, `.detailed()`) and then awaited.
//!
//! Failures are [`Error`]s whose messages name the workflow and deployment
//! (`workflow car (dep_123): server answered 404 Not Found: no workflow with this deployment
//! id`); [`Error::kind`] says what went wrong, to match on ([`ErrorKind`]), with
//! [`Error::is_retryable`] and [`Error::retry_after`] for callers that retry. An `Error` is one
//! pointer, and `{:?}` prints the message and its causes, so that `main` can return it.
//!
//! # Workflows edited in the editor
//!
//! [`Client::deployments`] lists the deployments with their schemas ([`deployments`]), and
//! [`Client::verify`] compares the schemas a workflow was compiled from with its deployment's,
//! by the rules of [`drift`]: an `Err` ([`ErrorKind::Drift`]) only when a change breaks this
//! build, so that a service can refuse to start on a workflow that changed under it. `workflow
//! pull --check` in CI uses the same rules.
//!
//! # Under faults
//!
//! A run is a paid LLM call that the service cannot deduplicate, so the client is careful:
//!
//! - **Retries** ([`RetryPolicy`]): by default at most 2, and only when the workflow certainly
//!   did not run: a connection that could not be made, `429`, `503`. It waits what
//!   `Retry-After` asks (up to 60 s), else an exponential backoff with jitter, never less than
//!   100 ms. A `500`, a `502` or `504` (a gateway answered: the workflow may have run behind it)
//!   or a timeout after the request was sent is only retried when you opt in.
//! - **Timeouts**: 300 s for the whole run, retries, waits and decoding included, and 10 s to
//!   connect ([`ClientBuilder::timeout`], [`ClientBuilder::connect_timeout`], per call with
//!   [`RunOptions`]). A server that hangs or trickles gives [`ErrorKind::Timeout`], never a hang;
//!   a large answer is decoded off the async worker threads.
//! - **Limits**: answers above 32 MiB are cut off with [`ErrorKind::ResponseTooLarge`] without
//!   being read further ([`ClientBuilder::max_response_bytes`]); at most 64 requests in flight,
//!   hence connections, per client ([`ClientBuilder::max_connections`]). Decoding builds no
//!   tree of the body: a run holds about its body, its repaired text and its output. A zero
//!   timeout or limit is [`ErrorKind::Config`], before anything is sent.
//! - **The key stays put**: only same-origin `307`/`308` redirects are followed
//!   ([`redirect_policy`]); plain `http` is refused except to loopback or with
//!   [`ClientBuilder::allow_http`]; a base URL with credentials is refused; the key is never in
//!   `Debug`, `Display`, error sources or traces, even when a server echoes it.
//! - **Bounded, escaped text**: whatever a server sends, an error's `Display` stays within about
//!   2 KiB (long parts cut on a character boundary, saying how much was cut) and shows control
//!   characters escaped.
//! - **Inputs are checked first** (feature `validate`): an input that violates its schema is
//!   [`ErrorKind::InvalidInput`], listing each violation with its JSON pointer, and is not sent.
//! - **Cancellation**: dropping a run's future closes its connection and stops its retries.
//!
//! Every run is a `workflow.run` `tracing` span (workflow, deployment id, attempts, status,
//! request id, latency) with an event per attempt.
//!
//! # Results that survive LLM output
//!
//! Result values come out of language models, which answer `"0.9"` for a number, wrap JSON in
//! a Markdown fence or write `" Person"` for `person`. A result that does not decode into the
//! output type is repaired against the workflow's result schema and decoded again
//! ([`ResultMode::Repair`], the default): only where the schema wants another type, only by
//! [the documented rules](repair), never lossily. What cannot be repaired is still an
//! [`ErrorKind::Decode`] naming the field and the rule tried. A result that fits is decoded straight
//! from the bytes, at no extra cost. Each repair is a `warn` event (target
//! `workflow_runtime::repair`) and part of a [`Run::detailed`] run's answer;
//! [`ResultMode::Strict`] turns repairs off, per client or per call.
//!
//! ```no_run
//! use std::time::Duration;
//! use workflow_runtime::{Auth, Client, RetryPolicy, Route, RunOptions};
//!
//! # async fn demo() -> Result<(), workflow_runtime::Error> {
//! let client = Client::builder()
//!     .api_key(std::env::var("PROMPT_STUDIO_API_KEY").unwrap_or_default())
//!     // The route the vendor's own SDK called, behind a proxy that drops `API_KEY`.
//!     .route(Route::Instructions)
//!     .auth(Auth::Bearer)
//!     .timeout(Duration::from_secs(120))
//!     .retry_policy(RetryPolicy::default().max_retries(4))
//!     .build()?;
//! // Calls that must not wait long, and must not be retried.
//! let quick = RunOptions::new()
//!     .timeout(Duration::from_secs(10))
//!     .retry_policy(RetryPolicy::none());
//! let result = client
//!     .run_json("dep_123", serde_json::json!({ "prompt": "hi" }))
//!     .options(&quick)
//!     .await?;
//! # let _ = result;
//! # Ok(())
//! # }
//! ```
//!
//! # Features
//!
//! What each costs a clean build is measured in the README's "Features" section.
//!
//! - `macros` (default): `workflow!`, which generates typed workflows from workflow files.
//! - `validate` (default): check inputs against their schema before sending (jsonschema).
//! - `rustls-ring` (default): HTTPS through rustls with the ring crypto provider, the lightest
//!   TLS build (a C compiler, no cmake). Building a client installs ring as rustls' process-wide
//!   default provider, unless the application installed one first.
//! - `rustls-aws-lc-rs`: HTTPS through rustls with aws-lc-rs, reqwest's own default
//!   (post-quantum key exchange by default; a larger C build). With both TLS features,
//!   aws-lc-rs is used. With neither, the client speaks plain `http` only (loopback, or a
//!   TLS-terminating proxy with [`ClientBuilder::allow_http`]).
//! - `schemars`: `#[derive(Workflow)]`, a workflow declared in Rust whose schemas schemars
//!   (1.x, re-exported as `workflow_runtime::schemars`) derives from its types; [`export`]
//!   writes any workflow's file without it.
//! - `chrono`, `time`, `uuid`, `url`: typed formats. Each lets generated code use its crate's
//!   types for string formats (dates as chrono's or time's, `uuid::Uuid`, `url::Url`) instead
//!   of `String`; generated code that needs one whose feature is off fails to compile with an
//!   error that names the feature. Only what serde needs of each is built (no clock, no UUID
//!   generation).
// The two gated items are links only when they exist, so that `cargo doc` is clean in every
// feature set.
#![cfg_attr(
    feature = "blocking",
    doc = "- `blocking`: [`blocking::Client`], the same API without `async` (a `blocking::Run`"
)]
#![cfg_attr(
    not(feature = "blocking"),
    doc = "- `blocking`: `blocking::Client`, the same API without `async` (a `blocking::Run`"
)]
//!   ends with `send()`), and `run_blocking` in generated workflow modules.
#![cfg_attr(
    feature = "testing",
    doc = "- `testing`: [`testing::MockStudio`], a local emulator of the run endpoint."
)]
#![cfg_attr(
    not(feature = "testing"),
    doc = "- `testing`: `testing::MockStudio`, a local emulator of the run endpoint."
)]
#![deny(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod client;
mod decode;
pub mod deployments;
#[cfg(feature = "schemars")]
mod derived;
pub mod drift;
mod envelope;
mod error;
mod export;
mod finite;
mod formats;
mod objects;
mod options;
pub mod repair;
mod safe;
#[cfg(feature = "testing")]
pub mod testing;
mod tls;
#[cfg(feature = "validate")]
mod validate;
mod workflow;

pub use client::{
    Client, ClientBuilder, Detailed, Run, RunFuture, RunKind, Untyped, redirect_policy,
};
pub use error::{BODY_SNIPPET_LIMIT, Error, ErrorKind, Violation};
pub use export::export;
pub use options::{Auth, Jitter, RetryPolicy, Route, RunOptions};
pub use repair::ResultMode;
pub use workflow::{Example, Schemas, Workflow};

/// The serde_json this crate is built on, for free-form values (`{}` in a schema becomes a
/// `serde_json::Value` field) without a dependency of your own.
pub use serde_json;

/// The reqwest this crate is built on, to build a matching `reqwest::Client` for
/// [`ClientBuilder::http_client`].
pub use reqwest;

#[cfg(feature = "macros")]
pub use workflow_macros::workflow;

/// `#[derive(Workflow)]`: a workflow declared in Rust, its schemas derived by schemars from its
/// input and output types (see the README's "Declaring a workflow in Rust").
#[cfg(feature = "schemars")]
pub use workflow_macros::Workflow;

/// The schemars (1.x) that `#[derive(Workflow)]` derives schemas with, so that its types need no
/// dependency of their own: `#[derive(workflow_runtime::schemars::JsonSchema)]` with
/// `#[schemars(crate = "workflow_runtime::schemars")]` on each type (schemars' derive names
/// `::schemars` otherwise).
#[cfg(feature = "schemars")]
pub use schemars1 as schemars;

/// The serde this crate is built on, for the types of a workflow declared in Rust without a
/// dependency of your own: `#[derive(workflow_runtime::serde::Serialize)]` with
/// `#[serde(crate = "workflow_runtime::serde")]`.
#[cfg(feature = "schemars")]
pub use serde;

/// What generated code reaches through absolute paths. Not public API: no semver guarantees.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    /// The crates of the typed formats, each behind the feature of its name.
    #[cfg(feature = "chrono")]
    pub use chrono;
    #[cfg(feature = "time")]
    pub use time;
    #[cfg(feature = "url")]
    pub use url;
    #[cfg(feature = "uuid")]
    pub use uuid;

    /// Typed formats (see `formats.rs`): the compile-time check that a format's feature is on,
    /// and the serde adapters of time's types. Always compiled, so that the check can fail
    /// with its own message.
    pub mod formats {
        pub use crate::formats::*;
    }

    /// How generated types decode objects (see `objects.rs`).
    pub use crate::__object_serde as object_serde;
    pub use crate::objects::{
        FirstKeyWins, KeepUnfit, ObjectOnly, Unfit, closed, constant, lenient,
    };

    /// The cell a `#[derive(Workflow)]` marker keeps its derived schemas in.
    #[cfg(feature = "schemars")]
    pub use crate::derived::DerivedSchemas;

    /// The input check `run` makes before sending, for tools and tests that check values
    /// the way the client does (format policy included).
    #[cfg(feature = "validate")]
    pub use crate::validate::check as check_input;

    /// Generated modules call this with their marker type and the workflow's name: it writes
    /// the module's `run(&client, &input)`, and `run_blocking` when feature `blocking` is on
    /// (the feature is the runtime's, which generated code cannot test with `cfg`: one
    /// mechanism, owned here, for every wrapper).
    pub use crate::__workflow_fns as workflow_fns;
}

/// `run` (and with feature `blocking`, `run_blocking`) for a generated workflow module: thin
/// functions returning the runtime's [`Run`] builders, documented for the workflow. Paths are
/// absolute (`$crate` is `::workflow_runtime` as the user's crate names it), so the functions
/// compile warning-free whatever the module imports or shadows.
#[doc(hidden)]
#[macro_export]
macro_rules! __workflow_fns {
    ($marker:ident, $name:literal) => {
        #[doc = ::std::concat!(
            "Runs the `", $name, "` workflow on [`DEPLOYMENT_ID`] with `input`: awaited, ",
            "`run(&client, &input).await?` is its typed [`Output`].\n\n",
            "Before it is awaited, the [`Run`](workflow_runtime::Run) this returns takes ",
            "settings for this call only: `.deployment(\"...\")` for another deployment, ",
            "`.timeout(..)`, `.retry_policy(..)`, `.result_mode(..)`, `.validate_input(..)`, ",
            "`.options(&options)`, and `.detailed()` for the output with the repairs made to ",
            "it, the attempts and the server's request id.\n\n",
            "# Errors\n\nAwaiting it gives an [`Error`](workflow_runtime::Error) when the input ",
            "does not fit its schema, the server refused or failed the run, the network ",
            "failed, or the result does not fit [`Output`]."
        )]
        pub fn run<'a>(
            client: &'a $crate::Client,
            input: &'a <$marker as $crate::Workflow>::Input,
        ) -> $crate::Run<'a, $marker> {
            client.run::<$marker>(input)
        }

        $crate::__workflow_blocking_fn!($marker, $name);
    };
}

#[cfg(not(feature = "blocking"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __workflow_blocking_fn {
    ($marker:ident, $name:literal) => {};
}

/// The blocking counterpart of a generated module's `run`, when feature `blocking` is on.
#[cfg(feature = "blocking")]
#[doc(hidden)]
#[macro_export]
macro_rules! __workflow_blocking_fn {
    ($marker:ident, $name:literal) => {
        #[doc = ::std::concat!(
            "Runs the `", $name, "` workflow with `input`, blocking the calling thread: ",
            "[`run`] without `async`. `run_blocking(&client, &input).send()?` is its typed ",
            "[`Output`]; before `send`, the ",
            "[`blocking::Run`](workflow_runtime::blocking::Run) this returns takes the same ",
            "settings as [`run`]'s.\n\n",
            "# Errors\n\nAs [`run`]; also when called on a current-thread async runtime ",
            "(see the docs of `workflow_runtime::blocking`)."
        )]
        pub fn run_blocking<'a>(
            client: &'a $crate::blocking::Client,
            input: &'a <$marker as $crate::Workflow>::Input,
        ) -> $crate::blocking::Run<'a, $marker> {
            client.run::<$marker>(input)
        }
    };
}
