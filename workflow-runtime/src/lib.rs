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
//!     studio.respond::<Car>(|input| CarResult { completion: format!("you asked: {}", input.prompt) });
//!
//!     let answer = fastest_car(&studio.client()).await?;
//!     assert_eq!(answer, "you asked: what is the fastest car in the world?");
//!     Ok(())
//! }
//! # #[cfg(not(feature = "testing"))]
//! # fn main() {}
//! ```
//!
//! Failures are [`Error`]s whose messages name the workflow and deployment
//! (`workflow car (dep_123): server answered 404 Not Found: no workflow with this deployment
//! id`), with [`Error::is_retryable`] and [`Error::retry_after`] for callers that retry.
//!
//! # Features
//!
//! - `macros` (default): `workflow!`, which generates typed workflows from workflow files.
//! - `validate` (default): check inputs against their schema before sending.
//! - `testing`: [`testing::MockStudio`], a local emulator of the run endpoint.
#![deny(missing_docs)]

mod client;
mod error;
#[cfg(feature = "testing")]
pub mod testing;
mod workflow;

pub use client::{Client, ClientBuilder};
pub use error::{BODY_SNIPPET_LIMIT, Error, Violation};
pub use workflow::{Example, Workflow};

/// The reqwest this crate is built on, to build a matching `reqwest::Client` for
/// [`ClientBuilder::http_client`].
pub use reqwest;

#[cfg(feature = "macros")]
pub use workflow_macros::workflow;

/// What generated code reaches through absolute paths. Not public API: no semver guarantees.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;

    /// Generated modules call this with their marker type; it writes `run_blocking` and
    /// `run_deployment_blocking` when feature `blocking` is on, nothing otherwise (the
    /// feature is the runtime's, which generated code cannot test with `cfg`).
    pub use crate::__blocking_fns as blocking_fns;
}

#[cfg(not(feature = "blocking"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __blocking_fns {
    ($marker:ident) => {};
}
