//! One schema converted in place of use: hoisted, inlined through `$ref`, or shaped by its type.

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::schema::{resolve_ref, types_of};

use super::enums::{enum_fallback, finish_nullable, string_constant};
use super::hint::Hint;
use super::union::{is_nullable, make_nullable};
use super::{ANNOTATIONS, Planner, TRUE};

/// Deeper than any real schema (JSON itself is parsed to at most 128 levels).
const MAX_DEPTH: usize = 200;

/// Deeper than unions merged into unions ever nest in a real schema.
const MAX_VIRTUAL_DEPTH: usize = 32;

/// The nesting of `schema` calls from which places not in the file are counted.
const COUNT_VIRTUAL_FROM: usize = 24;

impl Planner<'_> {
    /// Normalizes a schema in place of use: named shapes become `$ref`s to hoisted
    /// definitions, everything else is rewritten into what typify handles well.
    pub(super) fn schema(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
        let outer_virtual_depth = self.virtual_depth;
        // Only counted past the depth real schemas reach, so that the common case does not pay
        // for looking the pointer up.
        if self.depth >= COUNT_VIRTUAL_FROM {
            self.virtual_depth = if self.document.pointer(pointer).is_some() {
                0
            } else {
                outer_virtual_depth + 1
            };
        }
        let normalized = self.schema_bounded(schema, pointer, hint);
        self.virtual_depth = outer_virtual_depth;
        normalized
    }

    fn schema_bounded(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
        self.depth += 1;
        if self.depth > MAX_DEPTH || self.virtual_depth > MAX_VIRTUAL_DEPTH {
            self.depth -= 1;
            // The pointer runs through merged-in copies that are nowhere in the file: name
            // the place in the file where the expansion went round.
            let written = written_prefix(self.document, pointer);
            self.problems.push(
                Diagnostic::new(
                    written,
                    "this schema expands into itself without end: a \"$ref\" merged in place \
                     (next to other keywords, or in an `allOf`) brings this schema back",
                )
                .help(
                    "make the recursion go through a property or array item that is a plain \
                     {\"$ref\": ...} to a definition",
                ),
            );
            return json!({});
        }
        // Recursion through `$ref`s is not bounded by the file's nesting, and callers' threads
        // may have small stacks (2 MiB for test and tokio threads): grow the stack on demand.
        let normalized = grow(|| self.schema_inner(schema, pointer, hint));
        self.depth -= 1;
        normalized
    }

    fn schema_inner(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
        let flat = self.flatten(schema, pointer);
        let schema: &Value = &flat;
        let members = match schema {
            Value::Object(members) => members,
            // `true` accepts anything; `false` only matters where its parent handles it.
            _ => return json!({}),
        };
        let description = doc_text(members);
        let mut normalized = if let Some(Value::String(reference)) = members.get("$ref") {
            self.reference(members, reference, pointer, hint)
        } else if hint.position.constant_inline && string_constant(members).is_some() {
            json!({"type": "string", "enum": [string_constant(members)]})
        } else if self.needs_name(schema, pointer)
            && !(hint.position.inline && is_object_like(members))
        {
            let reference = self.hoist(pointer, &hint.naming);
            if is_nullable(members) {
                make_nullable(reference)
            } else {
                reference
            }
        } else {
            self.body(schema, pointer, hint)
        };
        if let (Some(text), Value::Object(out)) = (description, &mut normalized) {
            out.entry("description").or_insert(Value::String(text));
        }
        normalized
    }

    fn reference(
        &mut self,
        members: &Map<String, Value>,
        reference: &str,
        pointer: &str,
        hint: &Hint,
    ) -> Value {
        let target = match resolve_ref(self.document, pointer, reference) {
            Ok(target) => target,
            Err(problem) => {
                self.problems.push(problem);
                return json!({});
            }
        };
        let adds = adds_to_target(self.document, members, &target);
        let target = self.final_target(&target);
        if adds && let Some(combined) = with_siblings_as_all_of(members, reference) {
            return self.schema(&combined, pointer, hint);
        }
        let document = self.document;
        let target_schema = document.pointer(&target).unwrap_or(&TRUE);
        let target_schema = self.flatten(target_schema, &target);
        let output = self.output_name;
        let root = self
            .target_names
            .get(&target)
            .is_some_and(|name| name == "Input" || name == output);
        if root || self.needs_name(&target_schema, &target) || self.inlining.contains(&target) {
            let name = self.name_target(&target, &hint.naming);
            let reference = json!({"$ref": format!("#/$defs/{name}")});
            let nullable = target_schema.as_object().is_some_and(is_nullable);
            return if nullable && !root {
                make_nullable(reference)
            } else {
                reference
            };
        }
        // A reference to a plain type (a string with a format, a list of strings) is inlined:
        // a newtype around `String` would only get in the way.
        self.inlining.push(target.clone());
        let inlined = self.schema(&target_schema, &target, hint);
        self.inlining.pop();
        inlined
    }

    /// Normalizes a schema's own shape (not hoisting the schema itself).
    pub(super) fn body(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
        let flat = self.flatten(schema, pointer);
        let Value::Object(members) = &*flat else {
            return json!({});
        };
        if let Some(Value::String(reference)) = members.get("$ref") {
            // The shape of `{"$ref": ..., "required": [...]}` is the merge of both. Going
            // through `reference` would hoist it at this pointer again: the definition being
            // made would become a reference to itself.
            let adds = resolve_ref(self.document, pointer, reference)
                .is_ok_and(|target| adds_to_target(self.document, members, &target));
            if adds && let Some(combined) = with_siblings_as_all_of(members, reference) {
                return self.body(&combined, pointer, hint);
            }
            return self.reference(members, reference, pointer, hint);
        }
        let mut out = Map::new();
        if let Some(text) = doc_text(members) {
            out.insert("description".into(), Value::String(text));
        }

        for keyword in ["oneOf", "anyOf"] {
            if let Some(Value::Array(variants)) = members.get(keyword) {
                return self.union(members, keyword, variants, pointer, hint, out);
            }
        }
        if let Some(Value::Array(values)) = members.get("enum") {
            return finish_nullable(enum_fallback(values), out);
        }
        if let Some(value) = members.get("const") {
            return finish_nullable(enum_fallback(std::slice::from_ref(value)), out);
        }

        let types = types_of(members);
        let nullable = !hint.position.defining && is_nullable(members);
        let non_null: Vec<&str> = types
            .iter()
            .copied()
            .filter(|name| *name != "null")
            .collect();
        let main = match non_null.as_slice() {
            [] if members.contains_key("properties")
                || members.contains_key("additionalProperties")
                || members.contains_key("patternProperties") =>
            {
                Some("object")
            }
            [] if members.contains_key("items") || members.contains_key("prefixItems") => {
                Some("array")
            }
            [] if types.contains(&"null") => {
                out.insert("type".into(), json!("null"));
                return Value::Object(out);
            }
            [] => None,
            [single] => Some(*single),
            several => {
                // `type: ["string", "integer"]`: an untagged union of the listed types.
                let variants: Vec<Value> = several
                    .iter()
                    .map(|name| {
                        let mut variant = members.clone();
                        variant.insert("type".into(), json!(name));
                        variant.remove("description");
                        variant.remove("title");
                        Value::Object(variant)
                    })
                    .collect();
                let inner = self.union(&Map::new(), "oneOf", &variants, pointer, hint, out);
                return if nullable {
                    make_nullable(inner)
                } else {
                    inner
                };
            }
        };
        let shaped = match main {
            None => {
                // No type at all: any JSON value.
                return Value::Object(out);
            }
            Some("object") => self.object(members, pointer, hint, out),
            Some("array") => self.array(members, pointer, hint, out),
            Some("string") => {
                out.insert("type".into(), json!("string"));
                Value::Object(out)
            }
            Some("integer") => {
                out.insert("type".into(), json!("integer"));
                integer_bounds(members, &mut out);
                Value::Object(out)
            }
            Some("number") => {
                out.insert("type".into(), json!("number"));
                Value::Object(out)
            }
            Some(other) => {
                out.insert("type".into(), json!(other));
                Value::Object(out)
            }
        };
        if nullable {
            make_nullable(shaped)
        } else {
            shaped
        }
    }
}

pub(super) fn doc_text(members: &Map<String, Value>) -> Option<String> {
    match (
        members.get("title").and_then(Value::as_str),
        members.get("description").and_then(Value::as_str),
    ) {
        (_, Some(description)) => Some(description.to_string()),
        (Some(title), None) => Some(title.to_string()),
        (None, None) => None,
    }
}

fn is_object_like(members: &Map<String, Value>) -> bool {
    let types = types_of(members);
    (types.is_empty() || types == ["object"])
        && members.contains_key("properties")
        && !members.contains_key("oneOf")
        && !members.contains_key("anyOf")
}

/// Integer bounds only choose the Rust type: unsigned when negative values are excluded.
fn integer_bounds(members: &Map<String, Value>, out: &mut Map<String, Value>) {
    let minimum = match (
        members.get("minimum").and_then(Value::as_f64),
        members.get("exclusiveMinimum"),
    ) {
        (Some(min), _) => Some(min),
        (None, Some(Value::Number(exclusive))) => exclusive.as_f64().map(|value| value + 1.0),
        _ => None,
    };
    if let Some(Value::String(format)) = members.get("format") {
        let known = [
            "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
        ];
        if known.contains(&format.as_str()) {
            out.insert("format".into(), json!(format));
            return;
        }
    }
    if minimum.is_some_and(|min| min >= 0.0) {
        out.insert("minimum".into(), json!(0));
    }
}

/// Whether the keywords next to a `$ref` (to the schema at `target`) say anything the target
/// does not: `{"$ref": "#", "type": "object"}` in an object schema is the reference alone.
pub(super) fn adds_to_target(document: &Value, members: &Map<String, Value>, target: &str) -> bool {
    let target = document.pointer(target).and_then(Value::as_object);
    members.iter().any(|(key, value)| {
        key != "$ref"
            && !ANNOTATIONS.contains(&key.as_str())
            && target.is_none_or(|target| target.get(key) != Some(value))
    })
}

/// `{"$ref": ..., "properties": ...}` means both: the same as an `allOf` of the reference and
/// the other keywords. `None` when there are no other keywords (annotations aside).
fn with_siblings_as_all_of(members: &Map<String, Value>, reference: &str) -> Option<Value> {
    let mut combined: Map<String, Value> = members
        .iter()
        .filter(|(key, _)| *key != "$ref" && !ANNOTATIONS.contains(&key.as_str()))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    if combined.is_empty() {
        return None;
    }
    combined.insert("allOf".into(), json!([{"$ref": reference}]));
    Some(Value::Object(combined))
}

/// Runs `f` with enough stack, on a new segment when little is left: the planner recurses
/// along `$ref`s, which the file's own nesting does not bound.
pub(super) fn grow<R>(f: impl FnOnce() -> R) -> R {
    stacker::maybe_grow(1024 * 1024, 8 * 1024 * 1024, f)
}

/// The longest prefix of `pointer` that is a place in `document`, to locate a problem found
/// in merged-in copies of schemas.
fn written_prefix<'p>(document: &Value, pointer: &'p str) -> &'p str {
    let mut prefix = pointer;
    while !prefix.is_empty() && document.pointer(prefix).is_none() {
        prefix = prefix.rfind('/').map_or("", |slash| &prefix[..slash]);
    }
    prefix
}
