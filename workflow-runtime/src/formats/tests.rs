//! Typed formats through serde_json, by the paths generated code uses. The compile-time check
//! of a missing feature is exercised where it can fail: in a crate built without the feature.

// The check passes with each feature; without one, these would not compile.
#[cfg(feature = "chrono")]
const _: () = crate::__private::formats::enabled::<crate::__private::formats::Chrono>();
#[cfg(feature = "time")]
const _: () = crate::__private::formats::enabled::<crate::__private::formats::Time>();
#[cfg(feature = "uuid")]
const _: () = crate::__private::formats::enabled::<crate::__private::formats::Uuid>();
#[cfg(feature = "url")]
const _: () = crate::__private::formats::enabled::<crate::__private::formats::Url>();

/// `text` decoded as `T` and encoded again.
#[cfg(any(
    feature = "time",
    feature = "chrono",
    feature = "uuid",
    feature = "url"
))]
fn round_trip<T>(text: &str) -> String
where
    T: serde::Serialize + serde::de::DeserializeOwned,
{
    let value: T = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(error) => panic!("{text} did not decode: {error}"),
    };
    match serde_json::to_string(&value) {
        Ok(text) => text,
        Err(error) => panic!("{text} did not encode again: {error}"),
    }
}

/// The message of the error decoding `text` as `T` gives.
#[cfg(feature = "time")]
fn refusal<T: serde::de::DeserializeOwned + std::fmt::Debug>(text: &str) -> String {
    match serde_json::from_str::<T>(text) {
        Ok(value) => panic!("{text} decoded as {value:?}"),
        Err(error) => error.to_string(),
    }
}

#[cfg(feature = "time")]
mod time_helpers {
    use serde::{Deserialize, Serialize};
    use time::{Date, Month, OffsetDateTime, UtcOffset};

    use super::{refusal, round_trip};

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "crate::__private::serde")]
    struct DateTimes {
        #[serde(with = "crate::__private::formats::time_rfc3339")]
        one: OffsetDateTime,
        #[serde(with = "crate::__private::formats::time_rfc3339")]
        maybe: Option<OffsetDateTime>,
        #[serde(with = "crate::__private::formats::time_rfc3339")]
        many: Vec<OffsetDateTime>,
        #[serde(with = "crate::__private::formats::time_rfc3339")]
        maybe_many: Option<Vec<OffsetDateTime>>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "crate::__private::serde")]
    struct Dates {
        #[serde(with = "crate::__private::formats::time_date")]
        one: Date,
        #[serde(with = "crate::__private::formats::time_date")]
        maybe: Option<Date>,
        #[serde(with = "crate::__private::formats::time_date")]
        many: Vec<Date>,
        #[serde(with = "crate::__private::formats::time_date")]
        maybe_many: Option<Vec<Date>>,
    }

    /// An optional field as generated code writes it: missing when `None`.
    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "crate::__private::serde")]
    struct Optional {
        #[serde(
            with = "crate::__private::formats::time_date",
            default,
            skip_serializing_if = "Option::is_none"
        )]
        due: Option<Date>,
    }

    #[derive(Debug, Serialize, Deserialize)]
    #[serde(crate = "crate::__private::serde")]
    struct At(#[serde(with = "crate::__private::formats::time_rfc3339")] OffsetDateTime);

    #[derive(Debug, Serialize, Deserialize)]
    #[serde(crate = "crate::__private::serde")]
    struct On(#[serde(with = "crate::__private::formats::time_date")] Date);

    fn date(year: i32, month: Month, day: u8) -> Date {
        match Date::from_calendar_date(year, month, day) {
            Ok(date) => date,
            Err(error) => panic!("{year}-{month}-{day}: {error}"),
        }
    }

    #[test]
    fn time_rfc3339_round_trips_each_shape() {
        let text = r#"{"one":"2024-05-01T09:30:00Z","maybe":"2024-05-01T09:30:00.25+02:00","many":["2024-05-01T09:30:00Z","1999-12-31T23:59:59.999999999-05:30"],"maybe_many":["2024-05-01T09:30:00Z"]}"#;
        assert_eq!(round_trip::<DateTimes>(text), text);

        let nothing = r#"{"one":"2024-05-01T09:30:00Z","maybe":null,"many":[],"maybe_many":null}"#;
        assert_eq!(round_trip::<DateTimes>(nothing), nothing);
    }

    #[test]
    fn time_rfc3339_reads_the_offset_it_was_given() {
        let At(at) = match serde_json::from_str(r#""2024-05-01T09:30:00+02:00""#) {
            Ok(at) => at,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(
            at.offset(),
            UtcOffset::from_hms(2, 0, 0).unwrap_or(UtcOffset::UTC)
        );
        assert_eq!(at.date(), date(2024, Month::May, 1));
        assert_eq!((at.hour(), at.minute(), at.second()), (9, 30, 0));
    }

    #[test]
    fn time_rfc3339_writes_zero_fractions_away_and_utc_as_z() {
        assert_eq!(
            round_trip::<At>(r#""2024-05-01T09:30:00.000Z""#),
            r#""2024-05-01T09:30:00Z""#
        );
        assert_eq!(
            round_trip::<At>(r#""2024-05-01T09:30:00+00:00""#),
            r#""2024-05-01T09:30:00Z""#
        );
        assert_eq!(
            round_trip::<At>(r#""2024-05-01T09:30:00.500000+02:00""#),
            r#""2024-05-01T09:30:00.5+02:00""#
        );
        // RFC 3339 allows lowercase `t` and `z`, and a space for `T`, which time takes.
        assert_eq!(
            round_trip::<At>(r#""2024-05-01t09:30:00z""#),
            r#""2024-05-01T09:30:00Z""#
        );
        assert_eq!(
            round_trip::<At>(r#""2024-05-01 09:30:00Z""#),
            r#""2024-05-01T09:30:00Z""#
        );
    }

    #[test]
    fn time_rfc3339_refuses_other_text_saying_what_it_expected() {
        let message = refusal::<At>(r#""yesterday""#);
        assert!(
            message.starts_with(
                r#"expected an RFC 3339 date-time like 2024-05-01T09:30:00Z, got "yesterday": "#
            ),
            "{message}"
        );
        // A date alone is not a date-time, nor is a date-time without its offset.
        for text in [
            r#""2024-05-01""#,
            r#""2024-05-01T09:30:00""#,
            r#""2024-05-01T9:30:00Z""#,
        ] {
            let message = refusal::<At>(text);
            assert!(
                message.starts_with("expected an RFC 3339 date-time like "),
                "{message}"
            );
        }
    }

    #[test]
    fn time_rfc3339_refuses_a_number_saying_what_it_expected() {
        assert_eq!(
            refusal::<At>("1714555800"),
            "invalid type: integer `1714555800`, expected an RFC 3339 date-time like \
             2024-05-01T09:30:00Z at line 1 column 10"
        );
    }

    #[test]
    fn time_rfc3339_quotes_at_most_64_bytes_of_a_long_text() {
        let long = format!("\"{}\"", "9".repeat(5000));
        let message = refusal::<At>(&long);
        let quoted = format!(r#"got "{}… (4936 bytes cut)": "#, "9".repeat(64));
        assert!(message.contains(&quoted), "{message}");
        assert!(message.len() < 300, "{message}");
    }

    #[test]
    fn time_rfc3339_escapes_control_characters_it_quotes() {
        let message = refusal::<At>(r#""2024\n\u001b[2J""#);
        assert!(message.contains(r#"got "2024\n\u{1b}[2J""#), "{message}");
    }

    #[test]
    fn time_rfc3339_cannot_write_a_year_before_0() {
        let before = date(-1, Month::January, 1).midnight().assume_utc();
        let error = match serde_json::to_string(&At(before)) {
            Ok(text) => panic!("wrote {text}"),
            Err(error) => error.to_string(),
        };
        assert!(error.starts_with("cannot write -0001-01-01 "), "{error}");
        assert!(error.contains(" as an RFC 3339 date-time: "), "{error}");
    }

    #[test]
    fn time_date_round_trips_each_shape() {
        let text = r#"{"one":"2024-05-01","maybe":"2024-02-29","many":["0001-01-01","9999-12-31"],"maybe_many":["2024-05-01"]}"#;
        assert_eq!(round_trip::<Dates>(text), text);

        let nothing = r#"{"one":"2024-05-01","maybe":null,"many":[],"maybe_many":null}"#;
        assert_eq!(round_trip::<Dates>(nothing), nothing);
    }

    #[test]
    fn time_date_reads_the_date_it_was_given() {
        let value: Dates = match serde_json::from_str(
            r#"{"one":"2024-05-01","maybe":null,"many":["2023-12-31"],"maybe_many":null}"#,
        ) {
            Ok(value) => value,
            Err(error) => panic!("{error}"),
        };
        assert_eq!(
            value,
            Dates {
                one: date(2024, Month::May, 1),
                maybe: None,
                many: vec![date(2023, Month::December, 31)],
                maybe_many: None,
            }
        );
    }

    #[test]
    fn time_date_writes_a_four_digit_year() {
        let early = On(date(99, Month::March, 7));
        assert_eq!(
            serde_json::to_string(&early).ok().as_deref(),
            Some(r#""0099-03-07""#)
        );
        let first = On(date(0, Month::January, 1));
        assert_eq!(
            serde_json::to_string(&first).ok().as_deref(),
            Some(r#""0000-01-01""#)
        );
    }

    #[test]
    fn time_date_cannot_write_a_year_before_0() {
        let before = On(date(-1, Month::December, 31));
        let error = match serde_json::to_string(&before) {
            Ok(text) => panic!("wrote {text}"),
            Err(error) => error.to_string(),
        };
        assert_eq!(
            error,
            "cannot write -0001-12-31 as a date (YYYY-MM-DD): the year is not 0000 to 9999"
        );
    }

    #[test]
    fn time_date_reads_only_yyyy_mm_dd() {
        for text in [
            "2024-5-1",
            "24-05-01",
            "+2024-05-01",
            "-0001-05-01",
            "02024-05-01",
            "2024/05/01",
            "2024-05-01T00:00:00Z",
            " 2024-05-01",
            "2024-05-1 ",
            "２０２４-05-01",
            "",
        ] {
            assert_eq!(
                refusal::<On>(&format!("\"{text}\"")),
                format!(
                    "expected a date like 2024-05-01 (YYYY-MM-DD), got \"{text}\" at line 1 column {}",
                    text.len() + 2
                )
            );
        }
    }

    #[test]
    fn time_date_refuses_days_and_months_that_do_not_exist() {
        assert_eq!(
            refusal::<On>(r#""2023-02-29""#),
            "expected a date like 2024-05-01 (YYYY-MM-DD), got \"2023-02-29\": February 2023 \
             has days 01 to 28 at line 1 column 12"
        );
        assert_eq!(
            refusal::<On>(r#""2024-04-00""#),
            "expected a date like 2024-05-01 (YYYY-MM-DD), got \"2024-04-00\": April 2024 has \
             days 01 to 30 at line 1 column 12"
        );
        assert_eq!(
            refusal::<On>(r#""2024-13-01""#),
            "expected a date like 2024-05-01 (YYYY-MM-DD), got \"2024-13-01\": there is no \
             month 13 at line 1 column 12"
        );
        assert_eq!(
            refusal::<On>(r#""2024-00-01""#),
            "expected a date like 2024-05-01 (YYYY-MM-DD), got \"2024-00-01\": there is no \
             month 00 at line 1 column 12"
        );
    }

    #[test]
    fn time_date_refuses_a_number_saying_what_it_expected() {
        assert_eq!(
            refusal::<On>("20240501"),
            "invalid type: integer `20240501`, expected a date like 2024-05-01 (YYYY-MM-DD) at \
             line 1 column 8"
        );
    }

    #[test]
    fn time_date_refuses_a_bad_element_of_an_array() {
        let message = refusal::<Dates>(
            r#"{"one":"2024-05-01","maybe":null,"many":["2024-05-01","May 2"],"maybe_many":null}"#,
        );
        assert!(
            message.starts_with(r#"expected a date like 2024-05-01 (YYYY-MM-DD), got "May 2""#),
            "{message}"
        );
    }

    #[test]
    fn time_date_optional_field_may_be_missing_with_serde_default() {
        assert_eq!(round_trip::<Optional>("{}"), "{}");
        assert_eq!(round_trip::<Optional>(r#"{"due":null}"#), "{}");
        assert_eq!(
            round_trip::<Optional>(r#"{"due":"2024-05-01"}"#),
            r#"{"due":"2024-05-01"}"#
        );
    }
}

#[cfg(feature = "chrono")]
mod chrono_types {
    use crate::__private::chrono::{DateTime, FixedOffset, NaiveDate};

    use super::round_trip;

    #[test]
    fn chrono_date_time_round_trips_as_rfc3339_keeping_its_offset() {
        let text = r#""2024-05-01T09:30:00+02:00""#;
        assert_eq!(round_trip::<DateTime<FixedOffset>>(text), text);
        let text = r#""2024-05-01T09:30:00.250-05:30""#;
        assert_eq!(round_trip::<DateTime<FixedOffset>>(text), text);
    }

    #[test]
    fn chrono_date_time_writes_fractions_in_groups_of_three_digits() {
        assert_eq!(
            round_trip::<DateTime<FixedOffset>>(r#""2024-05-01T09:30:00.25+02:00""#),
            r#""2024-05-01T09:30:00.250+02:00""#
        );
        assert_eq!(
            round_trip::<DateTime<FixedOffset>>(r#""2024-05-01T09:30:00.1234Z""#),
            r#""2024-05-01T09:30:00.123400Z""#
        );
    }

    #[test]
    fn chrono_date_time_writes_zero_fractions_away_and_utc_as_z() {
        assert_eq!(
            round_trip::<DateTime<FixedOffset>>(r#""2024-05-01T09:30:00.000Z""#),
            r#""2024-05-01T09:30:00Z""#
        );
        assert_eq!(
            round_trip::<DateTime<FixedOffset>>(r#""2024-05-01T09:30:00+00:00""#),
            r#""2024-05-01T09:30:00Z""#
        );
    }

    #[test]
    fn chrono_naive_date_round_trips_as_yyyy_mm_dd() {
        assert_eq!(
            round_trip::<NaiveDate>(r#""2024-05-01""#),
            r#""2024-05-01""#
        );
        assert_eq!(
            round_trip::<Vec<NaiveDate>>(r#"["0099-03-07"]"#),
            r#"["0099-03-07"]"#
        );
        assert!(serde_json::from_str::<NaiveDate>(r#""2023-02-29""#).is_err());
    }
}

#[cfg(feature = "uuid")]
mod uuid_type {
    use crate::__private::uuid::Uuid;

    use super::round_trip;

    #[test]
    fn uuid_round_trips_as_hyphenated_text() {
        let text = r#""67e55044-10b1-426f-9247-bb680e5fe0c8""#;
        assert_eq!(round_trip::<Uuid>(text), text);
    }

    #[test]
    fn uuid_is_written_lowercase_and_hyphenated_whatever_it_was_read_from() {
        let hyphenated = r#""67e55044-10b1-426f-9247-bb680e5fe0c8""#;
        assert_eq!(
            round_trip::<Uuid>(r#""67E55044-10B1-426F-9247-BB680E5FE0C8""#),
            hyphenated
        );
        assert_eq!(
            round_trip::<Uuid>(r#""67e5504410b1426f9247bb680e5fe0c8""#),
            hyphenated
        );
        assert!(serde_json::from_str::<Uuid>(r#""not-a-uuid""#).is_err());
    }
}

#[cfg(feature = "url")]
mod url_type {
    use crate::__private::url::Url;

    use super::round_trip;

    #[test]
    fn url_round_trips_as_text() {
        let text = r#""https://example.com/a?b=c""#;
        assert_eq!(round_trip::<Url>(text), text);
    }

    #[test]
    fn url_is_written_normalised_lowercase_scheme_and_host_and_a_root_path() {
        assert_eq!(
            round_trip::<Url>(r#""HTTPS://Example.COM""#),
            r#""https://example.com/""#
        );
        assert!(serde_json::from_str::<Url>(r#""example.com/a""#).is_err());
    }
}
