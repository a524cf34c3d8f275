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
//!
//! chrono, uuid and url serialize as the strings their JSON Schema formats describe through
//! their own serde impls. time's do not (they write a tuple of numbers, or with its
//! `serde-human-readable` feature a text of time's own), so with feature `time` this module has
//! the two `#[serde(with = "...")]` modules that generated fields use: [`time_rfc3339`] and
//! [`time_date`].

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

/// The text of time's types, shared by [`time_rfc3339`] and [`time_date`]: values written as
/// text and read from it, alone or in arrays, with messages that say what was expected.
#[cfg(feature = "time")]
mod text {
    use std::fmt;
    use std::marker::PhantomData;

    /// The longest part of a refused text quoted in an error, in bytes: enough to recognise a
    /// date, bounded whatever a model wrote.
    const QUOTE_LIMIT: usize = 64;

    /// One of time's types as the text of a JSON Schema format, for the adapters below.
    pub(super) trait TextFormat: Sized {
        /// What the text must look like, for messages (`an RFC 3339 date-time like ...`).
        const EXPECTED: &'static str;

        /// The value as text, or why it has none (a year before 0000).
        fn write(&self) -> Result<String, String>;

        /// The value a text holds, or why it holds none (`None`: it is not of the form at all).
        fn read(text: &str) -> Result<Self, Option<String>>;
    }

    impl TextFormat for time::OffsetDateTime {
        const EXPECTED: &'static str = "an RFC 3339 date-time like 2024-05-01T09:30:00Z";

        fn write(&self) -> Result<String, String> {
            self.format(&time::format_description::well_known::Rfc3339)
                .map_err(|error| format!("cannot write {self} as an RFC 3339 date-time: {error}"))
        }

        fn read(text: &str) -> Result<Self, Option<String>> {
            Self::parse(text, &time::format_description::well_known::Rfc3339)
                .map_err(|error| Some(error.to_string()))
        }
    }

    impl TextFormat for time::Date {
        const EXPECTED: &'static str = "a date like 2024-05-01 (YYYY-MM-DD)";

        fn write(&self) -> Result<String, String> {
            let (year, month, day) = self.to_calendar_date();
            if !(0..=9999).contains(&year) {
                return Err(format!(
                    "cannot write {self} as a date (YYYY-MM-DD): the year is not 0000 to 9999"
                ));
            }
            Ok(format!("{year:04}-{:02}-{day:02}", u8::from(month)))
        }

        fn read(text: &str) -> Result<Self, Option<String>> {
            // By hand: exactly `YYYY-MM-DD`, which time's `[year]` would also take with a sign.
            let bytes = text.as_bytes();
            let digits = |range: std::ops::Range<usize>| {
                bytes[range].iter().try_fold(0u16, |number, &byte| {
                    byte.is_ascii_digit()
                        .then(|| number * 10 + u16::from(byte - b'0'))
                })
            };
            if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
                return Err(None);
            }
            let (Some(year), Some(month), Some(day)) = (digits(0..4), digits(5..7), digits(8..10))
            else {
                return Err(None);
            };
            let year = i32::from(year);
            let month = u8::try_from(month)
                .ok()
                .and_then(|month| time::Month::try_from(month).ok())
                .ok_or_else(|| Some(format!("there is no month {month:02}")))?;
            let day = u8::try_from(day).unwrap_or(u8::MAX);
            Self::from_calendar_date(year, month, day).map_err(|_| {
                Some(format!(
                    "{month} {year:04} has days 01 to {:02}",
                    time::util::days_in_month(month, year)
                ))
            })
        }
    }

    /// Writes a value of a [`TextFormat`] as its text.
    pub(super) struct Text<'a, T>(pub(super) &'a T);

    impl<T: TextFormat> serde::Serialize for Text<'_, T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let text = self.0.write().map_err(serde::ser::Error::custom)?;
            serializer.serialize_str(&text)
        }
    }

    /// Writes values of a [`TextFormat`] as an array of their texts.
    pub(super) struct Texts<'a, T>(pub(super) &'a [T]);

    impl<T: TextFormat> serde::Serialize for Texts<'_, T> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.0.iter().map(Text))
        }
    }

    /// Reads a value of a [`TextFormat`] from its text.
    pub(super) struct Parsed<T>(pub(super) T);

    impl<'de, T: TextFormat> serde::Deserialize<'de> for Parsed<T> {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            struct Expect<T>(PhantomData<T>);

            impl<T: TextFormat> serde::de::Visitor<'_> for Expect<T> {
                type Value = T;

                fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                    formatter.write_str(T::EXPECTED)
                }

                fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<T, E> {
                    T::read(text).map_err(|reason| {
                        let shown = crate::safe::Escaped(text, QUOTE_LIMIT);
                        match reason {
                            Some(reason) => E::custom(format_args!(
                                "expected {}, got \"{shown}\": {reason}",
                                T::EXPECTED
                            )),
                            None => {
                                E::custom(format_args!("expected {}, got \"{shown}\"", T::EXPECTED))
                            }
                        }
                    })
                }
            }

            deserializer
                .deserialize_str(Expect(PhantomData))
                .map(Parsed)
        }
    }
}

/// The four shapes of field the `with` modules take, for one [`TextFormat`]: the bare value,
/// `Option<_>`, `Vec<_>` and `Option<Vec<_>>`.
#[cfg(feature = "time")]
macro_rules! shapes {
    ($trait:ident, $value:ty) => {
        impl $trait for $value {
            fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&super::text::Text(self), serializer)
            }

            fn deserialize_as<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <super::text::Parsed<$value> as serde::Deserialize>::deserialize(deserializer)
                    .map(|parsed| parsed.0)
            }
        }

        impl $trait for Option<$value> {
            fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.as_ref().map(super::text::Text), serializer)
            }

            fn deserialize_as<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <Option<super::text::Parsed<$value>> as serde::Deserialize>::deserialize(
                    deserializer,
                )
                .map(|parsed| parsed.map(|parsed| parsed.0))
            }
        }

        impl $trait for Vec<$value> {
            fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&super::text::Texts(self), serializer)
            }

            fn deserialize_as<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <Vec<super::text::Parsed<$value>> as serde::Deserialize>::deserialize(deserializer)
                    .map(|parsed| parsed.into_iter().map(|parsed| parsed.0).collect())
            }
        }

        impl $trait for Option<Vec<$value>> {
            fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serde::Serialize::serialize(&self.as_deref().map(super::text::Texts), serializer)
            }

            fn deserialize_as<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                <Option<Vec<super::text::Parsed<$value>>> as serde::Deserialize>::deserialize(
                    deserializer,
                )
                .map(|parsed| {
                    parsed.map(|parsed| parsed.into_iter().map(|parsed| parsed.0).collect())
                })
            }
        }
    };
}

/// `#[serde(with = "::workflow_runtime::__private::formats::time_rfc3339")]`: a
/// `time::OffsetDateTime` field (or `Option<_>`, `Vec<_>`, `Option<Vec<_>>` of one) as the
/// JSON Schema `date-time` format, RFC 3339 text.
///
/// Written as time writes RFC 3339: `Z` for a zero offset, fractional seconds only when there
/// are some, without trailing zeros (`2024-05-01T09:30:00.000Z` comes back as
/// `2024-05-01T09:30:00Z`); a year before 0000 (time's dates reach back to -9999), or an offset
/// with seconds, cannot be written and is a serialization error. Read as time reads RFC 3339: a full date, time and offset, with
/// `T` (or `t`, or the space RFC 3339 allows) between date and time and `Z` (or `z`) for UTC.
///
/// serde gives a field with `with` no default: an `Option` field that may be missing also
/// needs `#[serde(default)]` (and `skip_serializing_if = "Option::is_none"` to leave `None`
/// out).
#[cfg(feature = "time")]
pub mod time_rfc3339 {
    use serde::{Deserializer, Serializer};
    use time::OffsetDateTime;

    /// The shapes of field [`serialize`] and [`deserialize`] take.
    #[diagnostic::on_unimplemented(
        message = "`time_rfc3339` cannot write or read a `{Self}`",
        label = "not a date-time field",
        note = "it takes `time::OffsetDateTime`, `Option<OffsetDateTime>`, `Vec<OffsetDateTime>` and `Option<Vec<OffsetDateTime>>`"
    )]
    pub trait Rfc3339Value {
        /// Writes the value as RFC 3339 text (an array of them for a `Vec`).
        fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

        /// Reads the value from RFC 3339 text (an array of them for a `Vec`).
        fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>
        where
            Self: Sized;
    }

    shapes!(Rfc3339Value, OffsetDateTime);

    /// Writes `value` as RFC 3339 text (see the [module](self)).
    ///
    /// # Errors
    ///
    /// When a date-time cannot be written as RFC 3339 (a year before 0000), or `serializer`
    /// fails.
    pub fn serialize<T: ?Sized + Rfc3339Value, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_as(serializer)
    }

    /// Reads a value from RFC 3339 text (see the [module](self)).
    ///
    /// # Errors
    ///
    /// When the text is not an RFC 3339 date-time: `expected an RFC 3339 date-time like
    /// 2024-05-01T09:30:00Z, got "..."`, with what was wrong.
    pub fn deserialize<'de, T: Rfc3339Value, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_as(deserializer)
    }
}

/// `#[serde(with = "::workflow_runtime::__private::formats::time_date")]`: a `time::Date`
/// field (or `Option<_>`, `Vec<_>`, `Option<Vec<_>>` of one) as the JSON Schema `date` format,
/// `YYYY-MM-DD`.
///
/// Written with a four-digit year (a date before year 0000 cannot be written and is a
/// serialization error); read strictly as `YYYY-MM-DD`: no sign, no other widths, a day that
/// exists in its month.
///
/// serde gives a field with `with` no default: an `Option` field that may be missing also
/// needs `#[serde(default)]` (and `skip_serializing_if = "Option::is_none"` to leave `None`
/// out).
#[cfg(feature = "time")]
pub mod time_date {
    use serde::{Deserializer, Serializer};
    use time::Date;

    /// The shapes of field [`serialize`] and [`deserialize`] take.
    #[diagnostic::on_unimplemented(
        message = "`time_date` cannot write or read a `{Self}`",
        label = "not a date field",
        note = "it takes `time::Date`, `Option<Date>`, `Vec<Date>` and `Option<Vec<Date>>`"
    )]
    pub trait DateValue {
        /// Writes the value as `YYYY-MM-DD` (an array of them for a `Vec`).
        fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;

        /// Reads the value from `YYYY-MM-DD` (an array of them for a `Vec`).
        fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>
        where
            Self: Sized;
    }

    shapes!(DateValue, Date);

    /// Writes `value` as `YYYY-MM-DD` (see the [module](self)).
    ///
    /// # Errors
    ///
    /// When a date is before year 0000, or `serializer` fails.
    pub fn serialize<T: ?Sized + DateValue, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_as(serializer)
    }

    /// Reads a value from `YYYY-MM-DD` text (see the [module](self)).
    ///
    /// # Errors
    ///
    /// When the text is not a date of that form: `expected a date like 2024-05-01
    /// (YYYY-MM-DD), got "..."`, with what was wrong when the form was right.
    pub fn deserialize<'de, T: DateValue, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_as(deserializer)
    }
}

#[cfg(test)]
mod tests;
