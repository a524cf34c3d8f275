//! `enum` and `const`: string enums planned for emit, a plain type for other values.

use serde_json::{Map, Value, json};

use crate::names;

use super::convert::doc_text;
use super::union::make_nullable;
use super::{EnumPlan, Planner};

impl Planner<'_> {
    /// A string enum with more than one value (or any value outside a union variant).
    pub(super) fn string_enum(&self, name: &str, schema: &Value) -> Option<EnumPlan> {
        let members = schema.as_object()?;
        if members.contains_key("oneOf")
            || members.contains_key("anyOf")
            || members.contains_key("allOf")
        {
            return None;
        }
        let values: Vec<&Value> = match (members.get("enum"), members.get("const")) {
            (Some(Value::Array(values)), _) => {
                values.iter().filter(|value| !value.is_null()).collect()
            }
            (None, Some(value @ Value::String(_))) => vec![value],
            _ => return None,
        };
        if values.is_empty() || !values.iter().all(|value| value.is_string()) {
            return None;
        }
        let strings: Vec<String> = values
            .iter()
            .filter_map(|value| value.as_str().map(str::to_string))
            .collect();
        let mut unique = Vec::new();
        for value in strings {
            if !unique.contains(&value) {
                unique.push(value);
            }
        }
        let idents = names::variant_idents(unique.iter().map(String::as_str));
        Some(EnumPlan {
            name: name.to_string(),
            description: doc_text(members),
            variants: idents.into_iter().zip(unique).collect(),
        })
    }
}

pub(super) fn string_constant(members: &Map<String, Value>) -> Option<String> {
    match (members.get("const"), members.get("enum")) {
        (Some(Value::String(value)), _) => Some(value.clone()),
        (None, Some(Value::Array(values))) if values.len() == 1 => {
            values[0].as_str().map(str::to_string)
        }
        _ => None,
    }
}

/// The type for an `enum`/`const` that is not a string enum: the narrowest JSON type that
/// holds every value (the validator checks the values themselves).
pub(super) fn enum_fallback(values: &[Value]) -> (Value, bool) {
    let nullable = values.iter().any(Value::is_null);
    let values: Vec<&Value> = values.iter().filter(|value| !value.is_null()).collect();
    let all =
        |check: fn(&Value) -> bool| !values.is_empty() && values.iter().all(|value| check(value));
    let schema = if all(|value| value.is_i64() || value.is_u64()) {
        json!({"type": "integer"})
    } else if all(Value::is_number) {
        json!({"type": "number"})
    } else if all(Value::is_boolean) {
        json!({"type": "boolean"})
    } else if all(Value::is_string) {
        json!({"type": "string"})
    } else if values.is_empty() {
        json!({"type": "null"})
    } else {
        json!({})
    };
    (schema, nullable)
}

pub(super) fn finish_nullable((schema, nullable): (Value, bool), out: Map<String, Value>) -> Value {
    let mut schema = schema;
    if let Value::Object(members) = &mut schema {
        for (key, value) in out {
            members.entry(key).or_insert(value);
        }
    }
    if nullable {
        make_nullable(schema)
    } else {
        schema
    }
}
