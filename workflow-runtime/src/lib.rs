//! Typed clients for Prompt Studio workflows: the runtime.
#![deny(missing_docs)]

mod workflow;

pub use workflow::{Example, Workflow};

#[cfg(feature = "macros")]
pub use workflow_macros::workflow;

/// What generated code reaches through absolute paths. Not public API: no semver guarantees.
#[doc(hidden)]
pub mod __private {
    pub use serde;
    pub use serde_json;
}
