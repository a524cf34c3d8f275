//! Checking an input against its workflow's JSON Schema before it is sent (feature `validate`).
//!
//! Each schema is compiled once per process and cached under its text: generated workflows
//! carry their schema as a `&'static str`, so the cache never grows beyond the workflows a
//! program knows, and a compiled validator lives as long as the program (like the text it
//! comes from). Each thread keeps its own small map in front of the shared one, so that many
//! concurrent runs do not queue on a lock to find their validator.
//!
//! # Formats
//!
//! JSON Schema 2020-12 makes `format` an annotation unless a validator opts in; catching a bad
//! input before a paid call is worth opting in, but never at the price of refusing an input
//! that its producer library emits and the schema's dialect allows (the input is usually a
//! model exported by pydantic or zod and dumped by the same library). So:
//!
//! - asserted as the specification says: `date`, `uuid`, `ipv4`, `ipv6`;
//! - asserted, relaxed to what producers emit: `date-time` and `time` (the UTC offset may be
//!   missing: pydantic dumps naive `datetime` and `time` values without one; seconds may be
//!   missing; `t` or a space may separate date and time), `email` (some text, `@`, a domain:
//!   pydantic's `EmailStr` takes internationalized addresses), `uri` (a scheme, then `:`,
//!   then anything but whitespace: zod's `url()` takes what the WHATWG parser takes);
//! - annotations only (never refused): every other format, `duration` (pydantic writes
//!   fractional seconds, which RFC 3339's grammar lacks), `regex` (Python's and JavaScript's
//!   differ), `hostname`, `idn-*`, `iri*`, `uri-reference`, `uri-template`, `json-pointer`,
//!   `relative-json-pointer`, and names no specification defines.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::error::Violation;

/// A compiled schema, or why the schema text could not be compiled.
type Compiled = Result<&'static jsonschema::Validator, &'static str>;

/// Keyed by the text's address and length: schemas are `&'static str`s, so the key is O(1)
/// to hash (the same text at two addresses compiles twice, harmlessly).
type Key = (usize, usize);

static CACHE: OnceLock<Mutex<HashMap<Key, Compiled>>> = OnceLock::new();

thread_local! {
    static LOCAL: RefCell<HashMap<Key, Compiled>> = RefCell::new(HashMap::new());
}

/// What is wrong with `input` according to `schema`, ordered by JSON pointer (the validator's
/// own order depends on how serde_json keeps object keys, which other crates in a build can
/// change): empty when nothing is. `Err` says why the schema itself is unusable.
pub fn check(schema: &'static str, input: &serde_json::Value) -> Result<Vec<Violation>, String> {
    let validator = compiled(schema).map_err(str::to_owned)?;
    if validator.is_valid(input) {
        return Ok(Vec::new());
    }
    let mut violations: Vec<Violation> = validator
        .iter_errors(input)
        .map(|error| Violation::new(error.instance_path().to_string(), error.to_string()))
        .collect();
    violations.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    Ok(violations)
}

fn compiled(schema: &'static str) -> Compiled {
    let key = (schema.as_ptr() as usize, schema.len());
    if let Some(hit) = LOCAL.with(|local| local.borrow().get(&key).copied()) {
        return hit;
    }
    let shared = shared(schema, key);
    LOCAL.with(|local| local.borrow_mut().insert(key, shared));
    shared
}

fn shared(schema: &'static str, key: Key) -> Compiled {
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return *hit;
    }
    // Compiled outside the lock: two threads may both compile a new schema, once; neither
    // waits for the other's, and the first one stored is kept.
    let fresh = compile(schema)
        .map(|validator| &*Box::leak(Box::new(validator)))
        .map_err(|problem| &*Box::leak(problem.into_boxed_str()));
    *cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key)
        .or_insert(fresh)
}

fn compile(schema: &str) -> Result<jsonschema::Validator, String> {
    let schema: serde_json::Value =
        serde_json::from_str(schema).map_err(|error| format!("it is not JSON ({error})"))?;
    // jsonschema is not expected to panic, but a schema is outside data: a panic becomes an
    // error like any other problem with it.
    let built = catch_unwind(AssertUnwindSafe(|| {
        let mut options = jsonschema::options()
            .should_validate_formats(true)
            .with_format("date-time", formats::date_time)
            .with_format("time", formats::time)
            .with_format("email", formats::email)
            .with_format("uri", formats::uri);
        for name in formats::ANNOTATIONS {
            options = options.with_format(*name, |_: &str| true);
        }
        options.build(&schema)
    }));
    match built {
        Ok(Ok(validator)) => Ok(validator),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("the schema compiler panicked".to_owned()),
    }
}

/// The format checks that differ from the specification's (see the module docs).
mod formats {
    /// Formats with a built-in check that are only annotations here.
    pub(super) const ANNOTATIONS: &[&str] = &[
        "duration",
        "regex",
        "hostname",
        "idn-hostname",
        "idn-email",
        "iri",
        "iri-reference",
        "uri-reference",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
    ];

    /// `YYYY-MM-DD`, a real calendar day.
    fn full_date(text: &str) -> bool {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return false;
        }
        let (Some(year), Some(month), Some(day)) = (
            number(&text[0..4]),
            number(&text[5..7]),
            number(&text[8..10]),
        ) else {
            return false;
        };
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        (1..=days).contains(&day)
    }

    /// The value of a run of ASCII digits.
    fn number(digits: &str) -> Option<u32> {
        if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
            return None;
        }
        digits.parse().ok()
    }

    /// `HH:MM`, optional `:SS` and fraction, optional `Z` or `+HH:MM` / `-HH:MM`.
    pub(super) fn time(text: &str) -> bool {
        let (clock, offset) = match text.find(['Z', 'z', '+', '-']) {
            Some(at) => (&text[..at], Some(&text[at..])),
            None => (text, None),
        };
        let offset_ok = match offset {
            None | Some("Z" | "z") => true,
            Some(offset) => {
                let digits = &offset[1..];
                digits.len() == 5
                    && digits.as_bytes()[2] == b':'
                    && number(&digits[..2]).is_some_and(|hours| hours < 24)
                    && number(&digits[3..]).is_some_and(|minutes| minutes < 60)
            }
        };
        let mut parts = clock.splitn(3, ':');
        let hours = parts.next().filter(|part| part.len() == 2).and_then(number);
        let minutes = parts.next().filter(|part| part.len() == 2).and_then(number);
        let seconds_ok = match parts.next() {
            None => true,
            Some(seconds) => {
                let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, "0"));
                whole.len() == 2
                    && number(whole).is_some_and(|seconds| seconds <= 60)
                    && number(fraction).is_some()
            }
        };
        offset_ok
            && hours.is_some_and(|hours| hours < 24)
            && minutes.is_some_and(|minutes| minutes < 60)
            && seconds_ok
    }

    /// A full date, `T` (or `t`, or a space), a time as [`time`] takes it.
    pub(super) fn date_time(text: &str) -> bool {
        text.len() > 11
            && text.is_char_boundary(10)
            && text.is_char_boundary(11)
            && full_date(&text[..10])
            && matches!(text.as_bytes()[10], b'T' | b't' | b' ')
            && time(&text[11..])
    }

    /// Some text, `@`, a domain; no whitespace or control characters.
    pub(super) fn email(text: &str) -> bool {
        let Some((local, domain)) = text.rsplit_once('@') else {
            return false;
        };
        !local.is_empty()
            && !domain.is_empty()
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
    }

    /// A scheme (`https`, `mailto`, ...), `:`, then anything but whitespace.
    pub(super) fn uri(text: &str) -> bool {
        let Some((scheme, rest)) = text.split_once(':') else {
            return false;
        };
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
            && !rest.is_empty()
            && !text.chars().any(|c| c.is_whitespace() || c.is_control())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCHEMA: &str = r##"{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "prompt": { "type": "string", "maxLength": 5 },
            "when": { "type": "string", "format": "date-time" },
            "tags": { "type": "array", "items": { "$ref": "#/$defs/tag" } }
        },
        "$defs": { "tag": { "type": "string", "pattern": "^[a-z]+$" } }
    }"##;

    #[test]
    fn a_valid_input_has_no_violations() {
        let input = json!({ "prompt": "hi", "when": "2024-05-01T12:00:00Z", "tags": ["a"] });
        assert_eq!(check(SCHEMA, &input), Ok(Vec::new()));
    }

    #[test]
    fn each_violation_has_its_pointer_formats_and_refs_included() {
        let input = json!({ "prompt": "too long", "when": "yesterday", "tags": ["ok", "Not OK"] });
        let violations = check(SCHEMA, &input).unwrap();
        let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/prompt", "/tags/1", "/when"]);
    }

    #[test]
    fn a_schema_that_does_not_compile_is_an_error_and_is_cached() {
        let error = check("{\"type\": 12}", &json!({})).unwrap_err();
        assert!(error.contains("12"), "{error}");
        assert_eq!(check("{\"type\": 12}", &json!({})).unwrap_err(), error);
        assert_eq!(
            check("not json", &json!({})).unwrap_err(),
            "it is not JSON (expected ident at line 1 column 2)"
        );
    }

    /// What pydantic v2 and zod dump for their own format-annotated fields is accepted; what
    /// no producer writes is still refused.
    #[test]
    fn formats_accept_what_producers_emit_and_refuse_the_rest() {
        const FORMATS: &str = r#"{
            "type": "object",
            "properties": {
                "at": {"type": "string", "format": "date-time"},
                "when": {"type": "string", "format": "time"},
                "day": {"type": "string", "format": "date"},
                "mail": {"type": "string", "format": "email"},
                "site": {"type": "string", "format": "uri"},
                "id": {"type": "string", "format": "uuid"},
                "took": {"type": "string", "format": "duration"},
                "host": {"type": "string", "format": "hostname"},
                "re": {"type": "string", "format": "regex"},
                "other": {"type": "string", "format": "made-up"}
            }
        }"#;
        let accepted = [
            json!({"at": "2024-05-01T12:00:00"}),
            json!({"at": "2024-05-01T12:00:00.123456+02:00"}),
            json!({"at": "2024-05-01 12:00Z"}),
            json!({"at": "2024-02-29t00:00:00z"}),
            json!({"when": "09:30:00"}),
            json!({"when": "09:30"}),
            json!({"when": "09:30:00.5-05:00"}),
            json!({"day": "2024-05-01"}),
            json!({"mail": "ada@example.com"}),
            json!({"mail": "用户@例子.广告"}),
            json!({"site": "https://example.com/a?b#c"}),
            json!({"site": "mailto:ada@example.com"}),
            json!({"id": "0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f"}),
            json!({"took": "PT0.5S"}),
            json!({"host": "-not-a-host-"}),
            json!({"re": "(?P<name>x)"}),
            json!({"other": "anything"}),
        ];
        for input in accepted {
            assert_eq!(check(FORMATS, &input), Ok(Vec::new()), "{input}");
        }
        let refused = [
            json!({"at": "yesterday"}),
            json!({"at": "2024-02-30T00:00:00"}),
            json!({"at": "2024-05-01T25:00:00"}),
            json!({"when": "9:30"}),
            json!({"when": "09:30:00+2"}),
            json!({"day": "2024-13-01"}),
            json!({"mail": "ada"}),
            json!({"mail": "ada @example.com"}),
            json!({"site": "example.com"}),
            json!({"site": "https://exa mple.com"}),
            json!({"id": "not-a-uuid"}),
        ];
        for input in refused {
            let violations = check(FORMATS, &input).unwrap();
            assert_eq!(violations.len(), 1, "{input}: {violations:?}");
            let key = input.as_object().and_then(|o| o.keys().next()).unwrap();
            assert_eq!(violations[0].pointer, format!("/{key}"), "{input}");
        }
    }
}
