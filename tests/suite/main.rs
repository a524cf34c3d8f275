//! Cross-crate tests: the macro's compile errors, golden files of generated code, and
//! generated clients against the built-in emulator.

mod checks;
mod coverage;
mod custom;
mod golden;
mod inline;
mod json;
mod regressions;
mod roundtrip;
mod rust_first;
mod ui;
mod unions;
