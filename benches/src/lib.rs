//! A small benchmark harness and the fixtures the benches share (see `BENCHMARKS.md`).
//!
//! Every comparison here is measured side by side in one process: the contenders run in
//! interleaved rounds (round `r` starts with contender `r mod n`), so that a noisy neighbour
//! slows all of them alike, and the results are medians over rounds. Ratios are taken within
//! a round (contender A's round `r` against contender B's round `r`) and then the median of
//! those ratios is reported: adjacent measurements share the machine's state.
//!
//! - [`stats`]: medians and percentiles from sorted samples, interleaving order.
//! - [`alloc`]: a counting global allocator (current and peak heap bytes).
//! - [`server`]: a local HTTP/1 server on `127.0.0.1` answering one fixed body.
//! - [`fixtures`]: deterministic workflow files, typify's view of them, and large result bodies.
//! - [`cargo_build`]: what a `cargo build` cost (CPU time, crates, `--timings` units).
//! - [`report`]: the ratio rows every bench appends to, printed last by `scripts/bench.sh`.

pub mod alloc;
pub mod cargo_build;
pub mod fixtures;
pub mod report;
pub mod server;
pub mod stats;
