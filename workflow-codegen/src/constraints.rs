//! The constraints a field's schema puts on its value, as one line of its rustdoc
//! (`Constraints: 1 to 200 characters; pattern `^[a-z]+$`.`).
//!
//! The plan strips these keywords from typify's copy (they would pick awkward types), but the
//! embedded schema keeps them and the runtime checks inputs against it: the docs say so where
//! a user reads the field. Keywords reached through `$ref`, `allOf` members and the one
//! non-`null` alternative of a nullable `anyOf`/`oneOf` count too, the strictest bound winning.

use serde_json::{Map, Value};

use crate::pointer::push_pointer;
use crate::schema::resolve_ref;

/// Formats the runtime's input check tests (schemas/README.md, "Input checks and formats");
/// any other is an annotation, and the docs say it is not checked.
const CHECKED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "time",
    "uuid",
    "ipv4",
    "ipv6",
    "email",
    "uri",
];

/// Longer patterns and formats are not shown in full: a doc line stays readable.
const MAX_SHOWN: usize = 200;

/// How far `$ref`s and combinators are followed for one field.
const MAX_DEPTH: usize = 16;

/// The keywords of one schema (and of what it is made of) that bound its values.
#[derive(Debug, Default)]
struct Found {
    min_length: Option<u64>,
    max_length: Option<u64>,
    minimum: Option<f64>,
    exclusive_minimum: Option<f64>,
    maximum: Option<f64>,
    exclusive_maximum: Option<f64>,
    /// As written, for the text (`0.01`, not `0.01000000000000000020816681711721685`).
    numbers: Map<String, Value>,
    multiple_of: Vec<Value>,
    patterns: Vec<String>,
    formats: Vec<String>,
    min_items: Option<u64>,
    max_items: Option<u64>,
    unique_items: bool,
    min_properties: Option<u64>,
    max_properties: Option<u64>,
    /// The array's `items` schema and where it is.
    items: Option<(Value, String)>,
}

fn stricter_min(old: Option<u64>, new: Option<u64>) -> Option<u64> {
    // `None` orders below any bound.
    old.max(new)
}

fn stricter_max(old: Option<u64>, new: Option<u64>) -> Option<u64> {
    match (old, new) {
        (Some(a), Some(b)) => Some(a.min(b)),
        _ => old.or(new),
    }
}

impl Found {
    fn collect(&mut self, document: &Value, schema: &Value, pointer: &str, depth: usize) {
        let Value::Object(members) = schema else {
            return;
        };
        if depth > MAX_DEPTH {
            return;
        }
        let count = |key: &str| members.get(key).and_then(Value::as_u64);
        self.min_length = stricter_min(self.min_length, count("minLength"));
        self.max_length = stricter_max(self.max_length, count("maxLength"));
        self.min_items = stricter_min(self.min_items, count("minItems"));
        self.max_items = stricter_max(self.max_items, count("maxItems"));
        self.min_properties = stricter_min(self.min_properties, count("minProperties"));
        self.max_properties = stricter_max(self.max_properties, count("maxProperties"));
        self.unique_items |= members.get("uniqueItems") == Some(&Value::Bool(true));
        for (key, lower) in [
            ("minimum", true),
            ("exclusiveMinimum", true),
            ("maximum", false),
            ("exclusiveMaximum", false),
        ] {
            let Some(value @ Value::Number(number)) = members.get(key) else {
                continue;
            };
            let Some(new) = number.as_f64() else {
                continue;
            };
            let slot = match key {
                "minimum" => &mut self.minimum,
                "exclusiveMinimum" => &mut self.exclusive_minimum,
                "maximum" => &mut self.maximum,
                _ => &mut self.exclusive_maximum,
            };
            let replace = match *slot {
                None => true,
                Some(old) => (lower && new > old) || (!lower && new < old),
            };
            if replace {
                *slot = Some(new);
                self.numbers.insert(key.to_string(), value.clone());
            }
        }
        if let Some(value @ Value::Number(_)) = members.get("multipleOf")
            && !self.multiple_of.contains(value)
        {
            self.multiple_of.push(value.clone());
        }
        for (key, list) in [
            ("pattern", &mut self.patterns),
            ("format", &mut self.formats),
        ] {
            if let Some(Value::String(text)) = members.get(key)
                && !list.contains(text)
            {
                list.push(text.clone());
            }
        }
        if self.items.is_none()
            && let Some(items @ Value::Object(_)) = members.get("items")
        {
            self.items = Some((items.clone(), push_pointer(pointer, "items")));
        }
        if let Some(Value::String(reference)) = members.get("$ref")
            && let Ok(target) = resolve_ref(document, pointer, reference)
            && target != pointer
            && let Some(next) = document.pointer(&target)
        {
            self.collect(document, next, &target, depth + 1);
        }
        if let Some(Value::Array(parts)) = members.get("allOf") {
            let base = push_pointer(pointer, "allOf");
            for (index, part) in parts.iter().enumerate() {
                self.collect(
                    document,
                    part,
                    &push_pointer(&base, &index.to_string()),
                    depth + 1,
                );
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            let Some(Value::Array(variants)) = members.get(keyword) else {
                continue;
            };
            let base = push_pointer(pointer, keyword);
            let mut kept = variants
                .iter()
                .enumerate()
                .filter(|(_, variant)| !accepts_only_null(variant));
            if let (Some((index, variant)), None) = (kept.next(), kept.next()) {
                self.collect(
                    document,
                    variant,
                    &push_pointer(&base, &index.to_string()),
                    depth + 1,
                );
            }
        }
    }

    /// The parts of the line, in a fixed order, without the item's.
    fn parts(&self) -> Vec<String> {
        let mut parts = Vec::new();
        parts.extend(count_range(
            self.min_length,
            self.max_length,
            "character",
            "characters",
        ));
        let mut bounds = Vec::new();
        for (key, words) in [
            ("minimum", "at least"),
            ("exclusiveMinimum", "greater than"),
            ("maximum", "at most"),
            ("exclusiveMaximum", "less than"),
        ] {
            if let Some(value) = self.numbers.get(key) {
                bounds.push(format!("{words} {value}"));
            }
        }
        for value in &self.multiple_of {
            bounds.push(format!("a multiple of {value}"));
        }
        if !bounds.is_empty() {
            parts.push(bounds.join(", "));
        }
        match count_range(self.min_items, self.max_items, "item", "items") {
            Some(range) if self.unique_items => parts.push(format!("{range}, unique")),
            Some(range) => parts.push(range),
            None if self.unique_items => parts.push("unique items".to_string()),
            None => {}
        }
        parts.extend(count_range(
            self.min_properties,
            self.max_properties,
            "property",
            "properties",
        ));
        for pattern in &self.patterns {
            parts.push(match shown(pattern) {
                Some(span) => format!("pattern {span}"),
                None => format!("a pattern of {} characters", pattern.chars().count()),
            });
        }
        for format in &self.formats {
            let span = shown(format).unwrap_or_else(|| "(a long name)".to_string());
            if CHECKED_FORMATS.contains(&format.as_str()) {
                parts.push(format!("format {span}"));
            } else {
                parts.push(format!("format {span} (an annotation, not checked)"));
            }
        }
        parts
    }
}

/// `1 to 200 characters`, `at least 1 item`, `exactly 3 items`; nothing for no bound (or a
/// lower bound of 0 alone, which bounds nothing).
fn count_range(min: Option<u64>, max: Option<u64>, one: &str, many: &str) -> Option<String> {
    let unit = |n: u64| if n == 1 { one } else { many };
    let min = min.filter(|min| *min > 0);
    match (min, max) {
        (Some(min), Some(max)) if min == max => Some(format!("exactly {min} {}", unit(min))),
        (Some(min), Some(max)) => Some(format!("{min} to {max} {many}")),
        (Some(min), None) => Some(format!("at least {min} {}", unit(min))),
        (None, Some(max)) => Some(format!("at most {max} {}", unit(max))),
        (None, None) => None,
    }
}

fn accepts_only_null(schema: &Value) -> bool {
    let Value::Object(members) = schema else {
        return false;
    };
    match members.get("type") {
        Some(Value::String(name)) => name == "null",
        Some(Value::Array(names)) => names.iter().all(|name| name == "null"),
        _ => members.get("const") == Some(&Value::Null),
    }
}

/// `text` as a rustdoc code span on one line, or `None` when it is too long to show.
fn shown(text: &str) -> Option<String> {
    (text.chars().count() <= MAX_SHOWN).then(|| code_span(text))
}

/// `text` as one rustdoc code span: control characters and the characters that change the
/// direction of text shown escaped (`\n`, `\u{202e}`), fenced with more backticks than it
/// holds in a row.
pub(crate) fn code_span(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' => escaped.push_str("\\n"),
            '\r' => escaped.push_str("\\r"),
            '\t' => escaped.push_str("\\t"),
            c if c.is_control()
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
            }
            c => escaped.push(c),
        }
    }
    let mut longest = 0;
    let mut run = 0;
    for c in escaped.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    if longest == 0 && !escaped.is_empty() && !escaped.starts_with(' ') && !escaped.ends_with(' ') {
        return format!("`{escaped}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {escaped} {fence}")
}

/// The `Constraints: ...` line for the field whose schema is `schema`, written at `pointer`
/// of `document`; `None` when the schema bounds nothing.
pub(crate) fn describe(document: &Value, schema: &Value, pointer: &str) -> Option<String> {
    let mut found = Found::default();
    found.collect(document, schema, pointer, 0);
    let mut parts = found.parts();
    if let Some((items, at)) = &found.items {
        let mut inner = Found::default();
        inner.collect(document, items, at, 1);
        let item_parts = inner.parts();
        if !item_parts.is_empty() {
            parts.push(format!("each item: {}", item_parts.join("; ")));
        }
    }
    (!parts.is_empty()).then(|| format!("Constraints: {}.", parts.join("; ")))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn line(schema: Value) -> Option<String> {
        let document = json!({ "result": schema });
        describe(&document, &document["result"], "/result")
    }

    #[test]
    fn string_bounds_patterns_and_formats_read_as_one_line() {
        assert_eq!(
            line(json!({"type": "string", "minLength": 1, "maxLength": 200, "pattern": "^[a-z]+$", "format": "email"}))
                .as_deref(),
            Some("Constraints: 1 to 200 characters; pattern `^[a-z]+$`; format `email`.")
        );
        assert_eq!(
            line(json!({"type": "string", "maxLength": 1})).as_deref(),
            Some("Constraints: at most 1 character.")
        );
        assert_eq!(
            line(json!({"type": "string", "format": "hostname"})).as_deref(),
            Some("Constraints: format `hostname` (an annotation, not checked).")
        );
    }

    #[test]
    fn number_bounds_keep_their_written_form() {
        assert_eq!(
            line(json!({"type": "integer", "minimum": 0, "maximum": 100})).as_deref(),
            Some("Constraints: at least 0, at most 100.")
        );
        assert_eq!(
            line(json!({"type": "number", "exclusiveMinimum": 0.5, "exclusiveMaximum": 1e3, "multipleOf": 0.25}))
                .as_deref(),
            Some("Constraints: greater than 0.5, less than 1000.0, a multiple of 0.25.")
        );
    }

    #[test]
    fn arrays_and_objects_count_their_items_and_properties() {
        assert_eq!(
            line(json!({"type": "array", "minItems": 2, "maxItems": 5, "uniqueItems": true}))
                .as_deref(),
            Some("Constraints: 2 to 5 items, unique.")
        );
        assert_eq!(
            line(json!({"type": "array", "minItems": 0, "items": {"type": "string", "maxLength": 20}}))
                .as_deref(),
            Some("Constraints: each item: at most 20 characters.")
        );
        assert_eq!(
            line(json!({"type": "object", "minProperties": 1, "maxProperties": 1})).as_deref(),
            Some("Constraints: exactly 1 property.")
        );
        assert_eq!(line(json!({"type": "string", "description": "free"})), None);
        assert_eq!(line(json!({"type": "array", "minItems": 0})), None);
    }

    #[test]
    fn references_all_of_and_nullable_alternatives_add_the_strictest_bounds() {
        let document = json!({
            "$defs": {"Code": {"type": "string", "minLength": 2, "maxLength": 8}},
            "result": {"properties": {
                "code": {"allOf": [{"$ref": "#/$defs/Code"}, {"maxLength": 4}]},
                "maybe": {"anyOf": [{"$ref": "#/$defs/Code"}, {"type": "null"}]},
            }},
        });
        let at = "/result/properties/code";
        assert_eq!(
            describe(&document, &document["result"]["properties"]["code"], at).as_deref(),
            Some("Constraints: 2 to 4 characters.")
        );
        let at = "/result/properties/maybe";
        assert_eq!(
            describe(&document, &document["result"]["properties"]["maybe"], at).as_deref(),
            Some("Constraints: 2 to 8 characters.")
        );
    }

    #[test]
    fn texts_that_would_break_a_doc_line_are_escaped_or_left_out() {
        assert_eq!(
            line(json!({"type": "string", "pattern": "a`b\nc"})).as_deref(),
            Some("Constraints: pattern `` a`b\\nc ``.")
        );
        let long = "a".repeat(MAX_SHOWN + 1);
        assert_eq!(
            line(json!({"type": "string", "pattern": long})).as_deref(),
            Some("Constraints: a pattern of 201 characters.")
        );
        assert_eq!(code_span("x\u{202e}"), "`x\\u{202e}`");
    }
}
