//! Dialects: OpenAPI 3.0 and draft-04/06 schemas rewritten into the draft-07 / 2020-12 forms
//! the rest of the engine (and the runtime's validator) reads, before anything else looks at
//! them, so that the types and the embedded schemas agree.
//!
//! - `nullable: true` (OpenAPI 3.0: zod's `openapi-3.0` target, FastAPI) allows `null`: `null`
//!   joins `type` (and `enum`), or the schema becomes `anyOf [schema, {"type": "null"}]` when
//!   it combines others (`$ref`, `allOf`, ...); `nullable: false` goes.
//! - A boolean `exclusiveMinimum` / `exclusiveMaximum` (draft-04, OpenAPI 3.0) takes the value
//!   of `minimum` / `maximum`, which goes; `false` (or `true` without a bound) goes.
//! - draft-04's `id` is `$id` (in a draft-04 schema, or when it names an anchor, `"#name"`),
//!   and a draft-04 or draft-06 `$schema` says draft-07, whose reading of the rest is the same.
//!
//! Only schema positions are rewritten: property names, `enum`, `const`, `default` and
//! `examples` values stay as written.

use serde_json::{Map, Value, json};

use crate::schema::for_each_subschema_mut;

const DRAFT_07: &str = "http://json-schema.org/draft-07/schema#";

/// Rewrites every schema of a workflow file (`input`, `result` and the shared definitions).
pub(crate) fn normalize(document: &mut Value) {
    let Value::Object(root) = document else {
        return;
    };
    let draft_04 = root
        .get("$schema")
        .and_then(Value::as_str)
        .is_some_and(is_draft_04);
    upgrade_schema_uri(root);
    for key in ["input", "result"] {
        if let Some(schema) = root.get_mut(key) {
            normalize_schema(schema, draft_04);
        }
    }
    for key in ["$defs", "definitions"] {
        if let Some(Value::Object(definitions)) = root.get_mut(key) {
            for schema in definitions.values_mut() {
                normalize_schema(schema, draft_04);
            }
        }
    }
}

/// Rewrites one schema document that is not a workflow file (a file a `$ref` points into).
pub(crate) fn normalize_document(schema: &mut Value) {
    normalize_schema(schema, false);
}

fn is_draft_04(uri: &str) -> bool {
    uri.contains("draft-04") || uri.contains("draft-03")
}

fn upgrade_schema_uri(members: &mut Map<String, Value>) {
    if let Some(Value::String(uri)) = members.get_mut("$schema")
        && (is_draft_04(uri) || uri.contains("draft-06"))
    {
        *uri = DRAFT_07.to_string();
    }
}

fn normalize_schema(schema: &mut Value, inherited_draft_04: bool) {
    let Value::Object(members) = schema else {
        return;
    };
    let draft_04 = members
        .get("$schema")
        .and_then(Value::as_str)
        .map_or(inherited_draft_04, is_draft_04);
    upgrade_schema_uri(members);
    if !members.contains_key("$id")
        && let Some(Value::String(id)) = members.get("id")
        && (draft_04 || id.starts_with('#'))
        && let Some(id) = members.remove("id")
    {
        members.insert("$id".into(), id);
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        match members.get(exclusive) {
            Some(Value::Bool(true)) => match members.remove(bound) {
                Some(value @ Value::Number(_)) => {
                    members.insert(exclusive.into(), value);
                }
                Some(other) => {
                    // Not a number: leave both for validation to report.
                    members.insert(bound.into(), other);
                }
                None => {
                    members.remove(exclusive);
                }
            },
            Some(Value::Bool(false)) => {
                members.remove(exclusive);
            }
            _ => {}
        }
    }
    for_each_subschema_mut(members, "", |child, _| normalize_schema(child, draft_04));
    match members.get("nullable") {
        Some(Value::Bool(true)) => {
            members.remove("nullable");
            allow_null(members);
        }
        Some(Value::Bool(false)) => {
            members.remove("nullable");
        }
        _ => {}
    }
}

/// Keywords that stay on the outside when a nullable schema is wrapped in an `anyOf`: its
/// documentation, identity and definitions (which `$ref`s may point into).
const OUTSIDE: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "example",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$id",
    "$anchor",
    "$schema",
    "$defs",
    "definitions",
];

/// Makes the schema also accept `null`.
fn allow_null(members: &mut Map<String, Value>) {
    let combines = ["$ref", "allOf", "anyOf", "oneOf", "not", "if"]
        .iter()
        .any(|keyword| members.contains_key(*keyword))
        || members.get("const").is_some_and(|value| !value.is_null());
    if combines {
        let mut inner = Map::new();
        let mut outer = Map::new();
        for (key, value) in std::mem::take(members) {
            if OUTSIDE.contains(&key.as_str()) {
                outer.insert(key, value);
            } else {
                inner.insert(key, value);
            }
        }
        outer.insert(
            "anyOf".into(),
            json!([Value::Object(inner), {"type": "null"}]),
        );
        *members = outer;
        return;
    }
    match members.get_mut("type") {
        Some(Value::String(name)) if name != "null" => {
            let name = std::mem::take(name);
            members.insert("type".into(), json!([name, "null"]));
        }
        Some(Value::Array(names)) if !names.contains(&json!("null")) => names.push(json!("null")),
        _ => {}
    }
    if let Some(Value::Array(values)) = members.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalized(schema: Value) -> Value {
        let mut file = json!({"input": {"type": "object"}, "result": schema});
        normalize(&mut file);
        file["result"].take()
    }

    #[test]
    fn nullable_joins_the_type_or_wraps_what_combines_schemas() {
        assert_eq!(
            normalized(json!({"type": "string", "nullable": true, "description": "d"})),
            json!({"type": ["string", "null"], "description": "d"})
        );
        assert_eq!(
            normalized(json!({"type": "string", "enum": ["a"], "nullable": true})),
            json!({"type": ["string", "null"], "enum": ["a", null]})
        );
        assert_eq!(
            normalized(json!({"allOf": [{"$ref": "#/$defs/A"}], "nullable": true, "title": "T"})),
            json!({"title": "T", "anyOf": [{"allOf": [{"$ref": "#/$defs/A"}]}, {"type": "null"}]})
        );
        assert_eq!(
            normalized(json!({"type": "integer", "nullable": false})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_take_the_bound() {
        assert_eq!(
            normalized(
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": true, "maximum": 1, "exclusiveMaximum": false})
            ),
            json!({"type": "number", "exclusiveMinimum": 0, "maximum": 1})
        );
        assert_eq!(
            normalized(json!({"type": "number", "exclusiveMaximum": true})),
            json!({"type": "number"})
        );
    }

    #[test]
    fn only_schema_positions_change() {
        let schema = json!({
            "type": "object",
            "properties": {
                "nullable": {"type": "boolean"},
                "id": {"type": "string", "nullable": true},
                "exclusiveMinimum": {"const": {"exclusiveMinimum": true, "minimum": 1}}
            },
            "default": {"nullable": true},
            "examples": [{"id": "x"}]
        });
        assert_eq!(
            normalized(schema),
            json!({
                "type": "object",
                "properties": {
                    "nullable": {"type": "boolean"},
                    "id": {"type": ["string", "null"]},
                    "exclusiveMinimum": {"const": {"exclusiveMinimum": true, "minimum": 1}}
                },
                "default": {"nullable": true},
                "examples": [{"id": "x"}]
            })
        );
    }

    #[test]
    fn draft_04_ids_and_schema_uris_read_as_draft_07() {
        let mut file = json!({
            "$schema": "http://json-schema.org/draft-04/schema#",
            "input": {"type": "object"},
            "result": {"type": "object", "properties": {"a": {"id": "#a", "type": "string"}}},
            "definitions": {"B": {"id": "http://example.com/b.json", "type": "integer"}}
        });
        normalize(&mut file);
        assert_eq!(file["$schema"], json!(DRAFT_07));
        assert_eq!(
            file["result"]["properties"]["a"],
            json!({"type": "string", "$id": "#a"})
        );
        assert_eq!(
            file["definitions"]["B"],
            json!({"type": "integer", "$id": "http://example.com/b.json"})
        );
        // In a draft-07 file, `id` is an annotation like any unknown keyword.
        let mut file = json!({"input": {"type": "object", "id": "x"}, "result": {}});
        normalize(&mut file);
        assert_eq!(file["input"], json!({"type": "object", "id": "x"}));
    }
}
