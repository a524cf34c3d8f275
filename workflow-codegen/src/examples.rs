//! The file's examples against its own schemas, at compile time.
//!
//! `workflow check` (and the runtime's input validation) use the `jsonschema` crate. The
//! macro does not: as a proc-macro dependency it would be compiled a second time, for the
//! host, in every user's build, and the build-cost budget has no room for it (regex engines
//! and format parsers included). What is checked here is the structure the generated types
//! rely on: `type`, `enum`, `const`, `required`, `properties`, `additionalProperties`,
//! `items`/`prefixItems`, `allOf`/`anyOf`/`oneOf`, `$ref`, and the length, count and range
//! bounds. Everything else (`pattern`, `format`, `not`, `if`, `uniqueItems`, ...) passes
//! here, and `workflow check` reports it. A keyword that is not understood never refuses
//! an example: a problem reported here is one the validator reports too.

use serde_json::{Map, Value};

use crate::Diagnostic;
use crate::diag::Problems;
use crate::pointer::push_pointer;

/// Nesting of schemas (through `$ref` and combinators) followed before giving up on a
/// branch, which then passes.
const MAX_DEPTH: usize = 64;

/// At most this many schema visits per example part: `anyOf` inside `anyOf` through `$ref`s
/// could otherwise take exponential time. Past it, the rest passes (the check may only miss
/// a problem, never invent one).
const MAX_STEPS: usize = 100_000;

/// At most this many problems per example part: the first ones say enough.
const MAX_PER_PART: usize = 8;

/// The problems of every example, at `/examples/{index}/{input|result}/...`, into `diagnostics`.
pub(crate) fn check(
    examples: &[(Value, Value)],
    input_schema: &Value,
    result_schema: &Value,
    diagnostics: &mut Problems,
) {
    for (index, (input, result)) in examples.iter().enumerate() {
        for (part, value, schema) in [
            ("input", input, input_schema),
            ("result", result, result_schema),
        ] {
            let found = problems(schema, value);
            let at = push_pointer(&format!("/examples/{index}"), part);
            for (pointer, message) in found.into_iter().take(MAX_PER_PART) {
                diagnostics.push(
                    Diagnostic::new(
                        format!("{at}{pointer}"),
                        format!("example {part} does not match the {part} schema: {message}"),
                    )
                    .help(format!(
                        "fix the example, or the {part} schema (`workflow check` lists every \
                         problem of the examples)"
                    )),
                );
            }
        }
    }
}

/// `(pointer in the value, message)` for each way `value` does not match `schema`.
pub(crate) fn problems(schema: &Value, value: &Value) -> Found {
    let mut found = Vec::new();
    let checker = Checker {
        root: schema,
        steps: std::cell::Cell::new(0),
    };
    checker.check(schema, value, "", 0, &mut found);
    if checker.exhausted() {
        // A branch cut short may have looked like a failure: say nothing rather than guess.
        found.clear();
    }
    found
}

struct Checker<'a> {
    root: &'a Value,
    /// Schema visits so far, against [`MAX_STEPS`].
    steps: std::cell::Cell<usize>,
}

type Found = Vec<(String, String)>;

impl Checker<'_> {
    /// Adds to `found` why `value` (at `pointer` in the example) does not match `schema`.
    fn check(&self, schema: &Value, value: &Value, pointer: &str, depth: usize, found: &mut Found) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                found.push((pointer.to_string(), "no value is allowed here".to_string()));
                return;
            }
            Value::Object(schema) => schema,
            _ => return,
        };
        self.steps.set(self.steps.get() + 1);
        if depth > MAX_DEPTH || self.exhausted() {
            return;
        }
        if let Some(Value::String(reference)) = schema.get("$ref")
            && let Some(target) = self.resolve(reference)
        {
            self.check(target, value, pointer, depth + 1, found);
        }
        if let Some(types) = schema.get("type")
            && !type_matches(types, value)
        {
            found.push((
                pointer.to_string(),
                format!("{} is not of type {}", shown(value), types),
            ));
            // The other keywords would only repeat it.
            return;
        }
        if let Some(Value::Array(values)) = schema.get("enum")
            && !values.iter().any(|allowed| same(allowed, value))
        {
            found.push((
                pointer.to_string(),
                format!("{} is not one of {}", shown(value), shown_list(values)),
            ));
        }
        if let Some(constant) = schema.get("const")
            && !same(constant, value)
        {
            found.push((
                pointer.to_string(),
                format!("{} is not {}", shown(value), shown(constant)),
            ));
        }
        if let Some(Value::Array(members)) = schema.get("allOf") {
            for member in members {
                self.check(member, value, pointer, depth + 1, found);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = schema.get(keyword)
                && !branches.is_empty()
                && !branches.iter().any(|branch| {
                    let mut inner = Vec::new();
                    self.check(branch, value, pointer, depth + 1, &mut inner);
                    inner.is_empty()
                })
            {
                found.push((
                    pointer.to_string(),
                    format!(
                        "{} matches none of the `{keyword}` alternatives",
                        shown(value)
                    ),
                ));
            }
        }
        match value {
            Value::Object(object) => self.object(schema, object, pointer, depth, found),
            Value::Array(items) => self.array(schema, items, pointer, depth, found),
            Value::String(text) => {
                let length = text.chars().count() as f64;
                bound(schema, "minLength", length, pointer, found, |min| {
                    format!("{} is shorter than {min} characters", shown(value))
                });
                bound(schema, "maxLength", length, pointer, found, |max| {
                    format!("{} is longer than {max} characters", shown(value))
                });
            }
            Value::Number(number) => {
                let Some(number) = number.as_f64() else {
                    return;
                };
                bound(schema, "minimum", number, pointer, found, |min| {
                    format!("{} is less than the minimum of {min}", shown(value))
                });
                bound(schema, "maximum", number, pointer, found, |max| {
                    format!("{} is greater than the maximum of {max}", shown(value))
                });
                // Rounding to f64 keeps order but may make two numbers equal: an equal pair
                // is refused only when the JSON numbers themselves are equal.
                if let Some(limit) = schema.get("exclusiveMinimum")
                    && let Some(min) = limit.as_f64()
                    && (number < min || (number == min && same(limit, value)))
                {
                    found.push((
                        pointer.to_string(),
                        format!(
                            "{} is not greater than the exclusive minimum of {limit}",
                            shown(value)
                        ),
                    ));
                }
                if let Some(limit) = schema.get("exclusiveMaximum")
                    && let Some(max) = limit.as_f64()
                    && (number > max || (number == max && same(limit, value)))
                {
                    found.push((
                        pointer.to_string(),
                        format!(
                            "{} is not less than the exclusive maximum of {limit}",
                            shown(value)
                        ),
                    ));
                }
            }
            Value::Null | Value::Bool(_) => {}
        }
    }

    fn object(
        &self,
        schema: &Map<String, Value>,
        object: &Map<String, Value>,
        pointer: &str,
        depth: usize,
        found: &mut Found,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for key in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(key) {
                    found.push((
                        pointer.to_string(),
                        format!("the required property {key:?} is missing"),
                    ));
                }
            }
        }
        let properties = schema.get("properties").and_then(Value::as_object);
        // Pattern properties would need a regex engine: with them, undeclared members pass.
        let patterns = schema.contains_key("patternProperties");
        for (key, member) in object {
            let at = push_pointer(pointer, key);
            match properties.and_then(|properties| properties.get(key)) {
                Some(property) => self.check(property, member, &at, depth + 1, found),
                None if patterns => {}
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => found.push((
                        at,
                        format!("the property {key:?} is not declared by the schema"),
                    )),
                    Some(additional) => self.check(additional, member, &at, depth + 1, found),
                    None => {}
                },
            }
        }
        let count = object.len() as f64;
        bound(schema, "minProperties", count, pointer, found, |min| {
            format!("the object has fewer than {min} properties")
        });
        bound(schema, "maxProperties", count, pointer, found, |max| {
            format!("the object has more than {max} properties")
        });
    }

    fn array(
        &self,
        schema: &Map<String, Value>,
        items: &[Value],
        pointer: &str,
        depth: usize,
        found: &mut Found,
    ) {
        let (prefix, rest) = match (schema.get("prefixItems"), schema.get("items")) {
            (Some(Value::Array(prefix)), rest) => (prefix.as_slice(), rest),
            // Draft 4 to 2019-09 tuples: `items` as an array, `additionalItems` for the rest.
            (None, Some(Value::Array(prefix))) => {
                (prefix.as_slice(), schema.get("additionalItems"))
            }
            (None, rest) => (&[][..], rest),
            (Some(_), rest) => (&[][..], rest),
        };
        for (index, item) in items.iter().enumerate() {
            let at = push_pointer(pointer, &index.to_string());
            if let Some(item_schema) = prefix.get(index).or(rest) {
                self.check(item_schema, item, &at, depth + 1, found);
            }
        }
        let count = items.len() as f64;
        bound(schema, "minItems", count, pointer, found, |min| {
            format!("the array has fewer than {min} items")
        });
        bound(schema, "maxItems", count, pointer, found, |max| {
            format!("the array has more than {max} items")
        });
    }

    fn exhausted(&self) -> bool {
        self.steps.get() > MAX_STEPS
    }

    /// A `$ref` of the self-contained schema: a JSON pointer from its root. Any other form
    /// (none is left after planning) is not followed.
    fn resolve(&self, reference: &str) -> Option<&Value> {
        let pointer = reference.strip_prefix('#')?;
        let decoded = crate::pointer::percent_decode(pointer)?;
        self.root.pointer(&decoded)
    }
}

/// A `min*` or `max*` keyword (`minLength`, `maximum`, `maxItems`, ...) that `actual`
/// breaks: the lower bound for `min*`, the upper one for `max*`.
fn bound(
    schema: &Map<String, Value>,
    keyword: &str,
    actual: f64,
    pointer: &str,
    found: &mut Found,
    message: impl FnOnce(&Value) -> String,
) {
    let lower = keyword.starts_with("min");
    if let Some(limit) = schema.get(keyword)
        && limit.as_f64().is_some_and(|limit| {
            if lower {
                actual < limit
            } else {
                actual > limit
            }
        })
    {
        found.push((pointer.to_string(), message(limit)));
    }
}

fn type_matches(types: &Value, value: &Value) -> bool {
    match types {
        Value::String(name) => is_type(name, value),
        Value::Array(names) => names
            .iter()
            .any(|name| name.as_str().is_some_and(|name| is_type(name, value))),
        // Not a type keyword a validator would accept: nothing to say here.
        _ => true,
    }
}

fn is_type(name: &str, value: &Value) -> bool {
    match (name, value) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        // JSON Schema counts `3.0` as an integer.
        ("integer", Value::Number(number)) => {
            number.is_i64()
                || number.is_u64()
                || number.as_f64().is_some_and(|float| float.fract() == 0.0)
        }
        ("null" | "boolean" | "number" | "string" | "array" | "object" | "integer", _) => false,
        // An unknown type name: not for this check to refuse.
        _ => true,
    }
}

/// JSON equality as JSON Schema has it: `1` and `1.0` are the same number.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => match (a.is_f64(), b.is_f64()) {
            // Two integers: exactly (`is_u64`/`is_i64` keep every digit).
            (false, false) => a == b,
            (true, true) => a.as_f64() == b.as_f64(),
            // An integer and a float (`1` and `1.0`): equal only when the integer is exact
            // as an f64, so that rounding never makes two different numbers equal.
            _ => {
                let (integer, float) = if a.is_f64() { (b, a) } else { (a, b) };
                let exact = integer
                    .as_i64()
                    .map(|i| i.unsigned_abs())
                    .or_else(|| integer.as_u64())
                    .is_some_and(|magnitude| magnitude <= 1 << 53);
                exact && integer.as_f64() == float.as_f64()
            }
        },
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| same(a, b)))
        }
        _ => a == b,
    }
}

/// At most this many characters of a value in a message.
const MAX_SHOWN: usize = 80;

fn shown(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= MAX_SHOWN {
        return text;
    }
    let cut: String = text.chars().take(MAX_SHOWN).collect();
    format!("{cut}...")
}

fn shown_list(values: &[Value]) -> String {
    let mut text = String::new();
    for (index, value) in values.iter().enumerate() {
        if index == 8 {
            text.push_str(&format!(", ... ({} in all)", values.len()));
            break;
        }
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(&shown(value));
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn problems(schema: Value, value: Value) -> Vec<(String, String)> {
        super::problems(&schema, &value)
    }

    #[test]
    fn structure_types_and_bounds_are_checked() {
        let schema = json!({
            "type": "object",
            "properties": {
                "name": {"type": "string", "minLength": 2},
                "kind": {"enum": ["a", "b"]},
                "count": {"type": "integer", "maximum": 3},
                "big": {"minimum": 1e-300},
                "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 1}
            },
            "required": ["name", "kind"],
            "additionalProperties": false
        });
        assert_eq!(
            problems(
                schema.clone(),
                json!({"name": "x", "count": 2.5, "big": 5e-324, "tags": ["a", 1], "extra": true})
            ),
            vec![
                (
                    String::new(),
                    "the required property \"kind\" is missing".to_string()
                ),
                (
                    "/name".to_string(),
                    "\"x\" is shorter than 2 characters".to_string()
                ),
                (
                    "/count".to_string(),
                    "2.5 is not of type \"integer\"".to_string()
                ),
                (
                    "/big".to_string(),
                    "5e-324 is less than the minimum of 1e-300".to_string()
                ),
                (
                    "/tags/1".to_string(),
                    "1 is not of type \"string\"".to_string()
                ),
                (
                    "/tags".to_string(),
                    "the array has more than 1 items".to_string()
                ),
                (
                    "/extra".to_string(),
                    "the property \"extra\" is not declared by the schema".to_string()
                ),
            ]
        );
        assert_eq!(
            problems(schema, json!({"name": "xy", "kind": "b", "count": 3.0})),
            vec![]
        );
    }

    #[test]
    fn references_and_unions_are_followed() {
        let schema = json!({
            "$defs": {"Leaf": {"type": "object", "properties": {"v": {"const": 1}}}},
            "type": "object",
            "properties": {
                "leaf": {"$ref": "#/$defs/Leaf"},
                "either": {"anyOf": [{"type": "string"}, {"$ref": "#/$defs/Leaf"}]}
            }
        });
        assert_eq!(
            problems(schema.clone(), json!({"leaf": {"v": 2}, "either": 5})),
            vec![
                ("/leaf/v".to_string(), "2 is not 1".to_string()),
                (
                    "/either".to_string(),
                    "5 matches none of the `anyOf` alternatives".to_string()
                ),
            ]
        );
        assert_eq!(
            problems(schema, json!({"leaf": {"v": 1.0}, "either": {"v": 1}})),
            vec![]
        );
    }

    #[test]
    fn what_is_not_understood_passes() {
        let schema = json!({
            "type": "object",
            "properties": {"a": {"type": "string", "pattern": "^x$", "format": "email"}},
            "patternProperties": {"^b": {"type": "integer"}},
            "additionalProperties": false,
            "not": {"required": ["a"]},
            "allOf": [{"$ref": "https://example.com/elsewhere.json"}]
        });
        assert_eq!(problems(schema, json!({"a": "y", "bb": "text"})), vec![]);
        // Unions of unions through references: the step budget ends it, passing.
        let exponential = json!({
            "$defs": {"A": {"anyOf": [
                {"$ref": "#/$defs/A", "type": "string"},
                {"$ref": "#/$defs/A", "type": "string"}
            ]}},
            "$ref": "#/$defs/A"
        });
        assert_eq!(problems(exponential, json!(1)), vec![]);
        // A `$ref` cycle that consumes no data ends at the depth bound, passing.
        let cycle = json!({"$defs": {"A": {"$ref": "#/$defs/A"}}, "$ref": "#/$defs/A"});
        assert_eq!(problems(cycle, json!(1)), vec![]);
        // Integers past 2^53 are compared exactly, never through a rounded f64.
        let bounded = json!({"exclusiveMaximum": 9_007_199_254_740_993_u64, "enum": [9_007_199_254_740_992_u64]});
        assert_eq!(
            problems(bounded.clone(), json!(9_007_199_254_740_992_u64)),
            vec![]
        );
        assert_eq!(
            problems(bounded, json!(9_007_199_254_740_993_u64)),
            vec![
                (
                    String::new(),
                    "9007199254740993 is not one of 9007199254740992".to_string()
                ),
                (
                    String::new(),
                    "9007199254740993 is not less than the exclusive maximum of 9007199254740993"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn diagnostics_point_into_the_examples_and_say_what_to_do() {
        let input = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
        let result = json!({"type": "object", "required": ["completion"]});
        let mut sink = Problems::new();
        check(
            &[
                (json!({"prompt": "ok"}), json!({})),
                (json!({"prompt": 1}), json!({"completion": "x"})),
            ],
            &input,
            &result,
            &mut sink,
        );
        let found = sink.stop();
        let shown: Vec<(String, String)> = found
            .into_iter()
            .map(|problem| (problem.pointer, problem.message))
            .collect();
        assert_eq!(
            shown,
            vec![
                (
                    "/examples/0/result".to_string(),
                    "example result does not match the result schema: the required property \
                     \"completion\" is missing"
                        .to_string()
                ),
                (
                    "/examples/1/input/prompt".to_string(),
                    "example input does not match the input schema: 1 is not of type \"string\""
                        .to_string()
                ),
            ]
        );
    }
}
