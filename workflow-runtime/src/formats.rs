//! Typed formats: what generated code reaches through `__private::formats` when a workflow
//! file asks for string formats as typed values (chrono or time for dates, `uuid::Uuid`,
//! `url::Url`) instead of `String`s. Not public API.
//!
//! Each crate is opt-in, behind the runtime feature of its name, so that nobody builds chrono
//! for a workflow without dates. Generated code that names one of these crates first asserts
//! that its feature is on, at compile time:
//!
//! ```
//! # #[cfg(feature = "chrono")]
//! const _: () = ::workflow_runtime::__private::formats::enabled::<
//!     ::workflow_runtime::__private::formats::Chrono,
//! >();
//! ```
//!
//! so that a missing feature is one error that says which feature to turn on, rather than
//! "could not find `chrono` in `__private`" at every field. The module itself is always
//! compiled: only the impls of the gate traits ([`ChronoFeature`] and the others) depend on
//! the features.

/// The `chrono` typed formats: `chrono::DateTime<FixedOffset>` and `chrono::NaiveDate`.
#[derive(Debug, Clone, Copy)]
pub struct Chrono;

/// The `time` typed formats: `time::OffsetDateTime` and `time::Date`.
#[derive(Debug, Clone, Copy)]
pub struct Time;

/// The `uuid` typed format: `uuid::Uuid`.
#[derive(Debug, Clone, Copy)]
pub struct Uuid;

/// The `url` typed format: `url::Url`.
#[derive(Debug, Clone, Copy)]
pub struct Url;

/// Implemented by the marker of each kind of typed formats whose workflow-runtime feature is
/// on.
///
/// Each marker's impl holds under a bound of its own gate trait ([`ChronoFeature`] and so on),
/// implemented only with the feature: an unmet bound is then reported on the gate, whose
/// message names the one feature to turn on (`on_unimplemented` cannot vary with the type
/// otherwise, and `{Self}` prints the marker's full path). The `'a` keeps each bound from being
/// trivially true or false, which would be checked, and refused, where the impl is written.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a kind of typed formats of workflow-runtime",
    label = "not `Chrono`, `Time`, `Uuid` or `Url`"
)]
pub trait Enabled {}

impl<'a> Enabled for Chrono where &'a Chrono: ChronoFeature {}
impl<'a> Enabled for Time where &'a Time: TimeFeature {}
impl<'a> Enabled for Uuid where &'a Uuid: UuidFeature {}
impl<'a> Enabled for Url where &'a Url: UrlFeature {}

/// Holds when workflow-runtime's `chrono` feature is on.
#[diagnostic::on_unimplemented(
    message = "typed formats need workflow-runtime's `chrono` feature",
    label = "this workflow has chrono types (dates as `chrono::DateTime`, `chrono::NaiveDate`)",
    note = "turn it on where your Cargo.toml names workflow-runtime: `features = [\"chrono\"]`"
)]
pub trait ChronoFeature {}

/// Holds when workflow-runtime's `time` feature is on.
#[diagnostic::on_unimplemented(
    message = "typed formats need workflow-runtime's `time` feature",
    label = "this workflow has time types (dates as `time::OffsetDateTime`, `time::Date`)",
    note = "turn it on where your Cargo.toml names workflow-runtime: `features = [\"time\"]`"
)]
pub trait TimeFeature {}

/// Holds when workflow-runtime's `uuid` feature is on.
#[diagnostic::on_unimplemented(
    message = "typed formats need workflow-runtime's `uuid` feature",
    label = "this workflow has `uuid::Uuid` fields",
    note = "turn it on where your Cargo.toml names workflow-runtime: `features = [\"uuid\"]`"
)]
pub trait UuidFeature {}

/// Holds when workflow-runtime's `url` feature is on.
#[diagnostic::on_unimplemented(
    message = "typed formats need workflow-runtime's `url` feature",
    label = "this workflow has `url::Url` fields",
    note = "turn it on where your Cargo.toml names workflow-runtime: `features = [\"url\"]`"
)]
pub trait UrlFeature {}

#[cfg(feature = "chrono")]
impl ChronoFeature for &Chrono {}

#[cfg(feature = "time")]
impl TimeFeature for &Time {}

#[cfg(feature = "uuid")]
impl UuidFeature for &Uuid {}

#[cfg(feature = "url")]
impl UrlFeature for &Url {}

/// Compiles only when `T`'s feature is on: generated code calls it in a `const _: () = ...;`
/// item, which costs nothing at run time.
pub const fn enabled<T: Enabled>() {}
