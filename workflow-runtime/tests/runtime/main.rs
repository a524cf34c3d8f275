//! The runtime against real HTTP servers on 127.0.0.1: `MockStudio` and hand-rolled ones for
//! faults it does not produce. One test binary, one module per concern.

// clippy's allow-unwrap-in-tests covers `#[test]` functions, not the helpers they share.
#![allow(clippy::unwrap_used)]

#[cfg(feature = "blocking")]
mod blocking;
mod deployments;
mod errors;
mod faults;
mod from_env;
mod hostile;
mod limits;
mod mock;
mod redaction;
mod repair;
mod repair_props;
mod routes;
mod run_builder;
mod security;
mod support;
mod tracing_spans;
#[cfg(feature = "validate")]
mod validation;
mod wire;
