//! Object schemas: properties, those of conditional parts, and what other members may hold.

use serde_json::{Map, Value, json};

use crate::pointer::push_pointer;
use crate::schema::resolve_ref;

use super::Planner;
use super::hint::Hint;
use super::merge::{BRANCHES, LENIENT, ORIGIN, prepared, without_origin};

impl Planner<'_> {
    pub(super) fn object(
        &mut self,
        members: &Map<String, Value>,
        pointer: &str,
        hint: &Hint,
        mut out: Map<String, Value>,
    ) -> Value {
        out.insert("type".into(), json!("object"));
        let required: Vec<String> = members
            .get("required")
            .and_then(Value::as_array)
            .map(|names| {
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let mut properties = Map::new();
        if let Some(Value::Object(declared)) = members.get("properties") {
            let properties_pointer = push_pointer(pointer, "properties");
            for (key, property) in declared {
                if property == &Value::Bool(false) {
                    continue;
                }
                if hint.position.defining
                    && let Some(constant) = other_constant(property)
                {
                    // A union variant asking for `"version": 2` must not take `"version": 3`
                    // (kept for union variants only, below).
                    self.constants
                        .entry(hint.naming.name.clone())
                        .or_default()
                        .insert(key.clone(), constant.to_string());
                }
                // A property merged in from an `allOf` member is converted where it was written.
                if property.get(LENIENT) == Some(&Value::Bool(true)) && hint.position.defining {
                    self.lenient
                        .entry(hint.naming.name.clone())
                        .or_default()
                        .insert(key.clone());
                }
                let (property, at) = match property.get(ORIGIN).and_then(Value::as_str) {
                    Some(origin) => (&without_origin(property), origin.to_string()),
                    None if property.get(LENIENT).is_some() => (
                        &without_origin(property),
                        push_pointer(&properties_pointer, key),
                    ),
                    None => (property, push_pointer(&properties_pointer, key)),
                };
                if hint.position.defining
                    && let Some(line) = crate::constraints::describe(self.document, property, &at)
                {
                    self.field_constraints
                        .entry(hint.naming.name.clone())
                        .or_default()
                        .insert(key.clone(), line);
                }
                if hint.position.defining
                    && let Some(format) = string_format(self.document, property, &at, 0)
                {
                    self.field_formats
                        .entry(hint.naming.name.clone())
                        .or_default()
                        .insert(key.clone(), format);
                }
                let mut normalized = self.schema(property, &at, &hint.property(key));
                if let (Value::Object(normalized), Value::Object(original)) =
                    (&mut normalized, property)
                    && let Some(default) = original.get("default")
                {
                    note_default(normalized, default);
                }
                properties.insert(key.clone(), normalized);
            }
        }
        // Properties that `then`, `else` or a dependent schema declare: optional fields, as for
        // `anyOf` alternatives (the condition itself stays in the embedded schema, where it is
        // validated). Where the object leaves other members open, the condition may not hold
        // and the member may hold anything: a value that does not fit is dropped.
        let base_open = !is_closed(members);
        for (key, at, property) in self.conditional_properties(members, pointer) {
            if properties.contains_key(&key) {
                continue;
            }
            if base_open && hint.position.defining {
                self.lenient
                    .entry(hint.naming.name.clone())
                    .or_default()
                    .insert(key.clone());
            }
            if hint.position.defining
                && let Some(line) = crate::constraints::describe(self.document, &property, &at)
            {
                self.field_constraints
                    .entry(hint.naming.name.clone())
                    .or_default()
                    .insert(key.clone(), line);
            }
            let normalized = self.schema(&property, &at, &hint.property(&key));
            properties.insert(key, normalized);
        }
        // A required property the schema never describes still has a value: keep it.
        for name in &required {
            if !properties.contains_key(name) {
                properties.insert(name.clone(), json!({}));
            }
        }

        // What other members may hold: a map of them (or, next to properties, a flattened
        // one). Members that match a pattern are kept too; when anything may appear, the map
        // holds any JSON value. An object that says nothing about other members accepts them
        // and drops them (results must tolerate fields a server adds).
        let patterns = members
            .get("patternProperties")
            .and_then(Value::as_object)
            .filter(|patterns| !patterns.is_empty());
        let additional = members.get("additionalProperties");
        let extras = match (additional, patterns) {
            (Some(Value::Bool(false)), None) => None,
            (Some(Value::Bool(false)), Some(patterns)) if patterns.len() == 1 => {
                let (pattern, schema) = patterns
                    .iter()
                    .next()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .unwrap_or_default();
                let at = push_pointer(&push_pointer(pointer, "patternProperties"), &pattern);
                Some(self.schema(&schema, &at, &hint.child("Value")))
            }
            (Some(schema @ Value::Object(_)), None) => {
                let at = push_pointer(pointer, "additionalProperties");
                Some(self.schema(schema, &at, &hint.child("Value")))
            }
            (None, None) => None,
            _ => Some(json!({})),
        };
        let closed = additional == Some(&Value::Bool(false)) && patterns.is_none();
        if closed && hint.position.defining {
            self.closed.insert(hint.naming.name.clone());
        }

        if properties.is_empty() {
            match extras {
                Some(value_schema) if value_schema != json!({}) => {
                    out.insert("additionalProperties".into(), value_schema);
                }
                _ if closed => {
                    // `{}` and nothing else: a struct with no fields.
                    out.insert("properties".into(), json!({}));
                    out.insert("additionalProperties".into(), json!(false));
                }
                _ => {}
            }
            return Value::Object(out);
        }
        let required: Vec<Value> = required.into_iter().map(Value::String).collect();
        out.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            out.insert("required".into(), Value::Array(required));
        }
        if let Some(value_schema) = extras {
            out.insert("additionalProperties".into(), value_schema);
        }
        Value::Object(out)
    }

    /// The properties that the conditional parts of an object schema declare (`then`, `else`,
    /// `dependentSchemas`, draft-07 `dependencies` with schemas, and those merged in from
    /// `allOf` members), nested ones included, each with where it was written; a property
    /// declared by several with different schemas takes any value.
    fn conditional_properties(
        &mut self,
        members: &Map<String, Value>,
        pointer: &str,
    ) -> Vec<(String, String, Value)> {
        let mut found: Vec<(String, String, Value)> = Vec::new();
        let mut branches: Vec<(String, Value)> = Vec::new();
        collect_branches(members, pointer, &mut branches);
        let mut seen = 0;
        while let Some((at, branch)) = branches.get(seen).cloned() {
            seen += 1;
            if seen > 256 {
                break;
            }
            let (schema, place) = match branch.get("$ref").and_then(Value::as_str) {
                Some(reference) => match resolve_ref(self.document, &at, reference) {
                    Ok(target) => {
                        let target = self.final_target(&target);
                        match self.document.pointer(&target) {
                            Some(schema) => (schema.clone(), target),
                            None => continue,
                        }
                    }
                    Err(_) => continue,
                },
                None => (branch, at),
            };
            let flat = self.flatten(&schema, &place).into_owned();
            let Value::Object(flat) = flat else {
                continue;
            };
            let flat = prepared(self.document, &flat, &place);
            if let Some(Value::Object(declared)) = flat.get("properties") {
                for (name, property) in declared {
                    if property == &Value::Bool(false) {
                        continue;
                    }
                    let origin = property.get(ORIGIN).and_then(Value::as_str).map_or_else(
                        || push_pointer(&push_pointer(&place, "properties"), name),
                        str::to_string,
                    );
                    let property = without_origin(property);
                    match found.iter_mut().find(|(known, _, _)| known == name) {
                        Some((_, _, existing)) if !same_shape(existing, &property) => {
                            *existing = json!({});
                        }
                        Some(_) => {}
                        None => found.push((name.clone(), origin, property)),
                    }
                }
            }
            collect_branches(&flat, &place, &mut branches);
        }
        found
    }
}

/// Whether two property schemas describe the same values: equal but for where they were
/// written and their annotations.
pub(super) fn same_shape(a: &Value, b: &Value) -> bool {
    let bare = |value: &Value| {
        let mut value = without_origin(value);
        if let Value::Object(members) = &mut value {
            for keyword in [
                "title",
                "description",
                "examples",
                "example",
                "$comment",
                "default",
            ] {
                members.remove(keyword);
            }
        }
        value
    };
    bare(a) == bare(b)
}

/// Whether an object schema refuses members it does not declare.
pub(super) fn is_closed(shape: &Map<String, Value>) -> bool {
    shape.get("additionalProperties") == Some(&Value::Bool(false))
        && !shape.contains_key("patternProperties")
}

/// The value of a `const` (or one-value `enum`) that is neither a string (those become enums)
/// nor `null` (its own type).
fn other_constant(schema: &Value) -> Option<&Value> {
    let members = schema.as_object()?;
    let value = match (members.get("const"), members.get("enum")) {
        (Some(value), _) => value,
        (None, Some(Value::Array(values))) if values.len() == 1 => &values[0],
        _ => return None,
    };
    (!value.is_string() && !value.is_null()).then_some(value)
}

/// The conditional parts of an object schema, each with where it was written: `then`, `else`,
/// `dependentSchemas`' and draft-07 `dependencies`' schemas, and those an `allOf` merge
/// collected.
pub(super) fn collect_branches(
    members: &Map<String, Value>,
    pointer: &str,
    out: &mut Vec<(String, Value)>,
) {
    for keyword in ["then", "else"] {
        if let Some(branch @ Value::Object(_)) = members.get(keyword) {
            out.push((push_pointer(pointer, keyword), branch.clone()));
        }
    }
    for keyword in ["dependentSchemas", "dependencies"] {
        if let Some(Value::Object(dependents)) = members.get(keyword) {
            let base = push_pointer(pointer, keyword);
            for (name, branch) in dependents {
                if branch.is_object() {
                    out.push((push_pointer(&base, name), branch.clone()));
                }
            }
        }
    }
    if let Some(Value::Array(merged)) = members.get(BRANCHES) {
        for entry in merged {
            if let (Some(at), Some(schema)) =
                (entry.get("at").and_then(Value::as_str), entry.get("schema"))
            {
                out.push((at.to_string(), schema.clone()));
            }
        }
    }
}

/// Whether an object schema's conditional parts declare properties (shallowly).
pub(super) fn has_conditional_properties(members: &Map<String, Value>) -> bool {
    let mut branches = Vec::new();
    collect_branches(members, "", &mut branches);
    branches.iter().any(|(_, branch)| {
        branch
            .get("properties")
            .and_then(Value::as_object)
            .is_some_and(|properties| !properties.is_empty())
            || branch.get("$ref").is_some()
            || branch.get("allOf").is_some()
    })
}

fn note_default(normalized: &mut Map<String, Value>, default: &Value) {
    let note = format!("Defaults to `{default}`.");
    match normalized.get_mut("description") {
        Some(Value::String(text)) => {
            text.push_str("\n\n");
            text.push_str(&note);
        }
        _ => {
            normalized.insert("description".into(), Value::String(note));
        }
    }
}

/// The `format` of a string schema, of a nullable one (`type: [string, null]`, an `anyOf`
/// with `{type: null}`), or of an array's items, through `$ref`s: what typed formats map.
pub(super) fn string_format(
    document: &Value,
    schema: &Value,
    at: &str,
    depth: usize,
) -> Option<String> {
    let members = schema.as_object()?;
    if depth > 16 {
        return None;
    }
    if let Some(Value::String(reference)) = members.get("$ref") {
        let target = resolve_ref(document, at, reference).ok()?;
        return string_format(document, document.pointer(&target)?, &target, depth + 1);
    }
    let kinds: Vec<&str> = match members.get("type") {
        Some(Value::String(kind)) => vec![kind.as_str()],
        Some(Value::Array(kinds)) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if let Some(Value::String(format)) = members.get("format") {
        let string = kinds.contains(&"string")
            && kinds.iter().all(|kind| matches!(*kind, "string" | "null"));
        return string.then(|| format.clone());
    }
    for keyword in ["anyOf", "oneOf"] {
        if let Some(Value::Array(variants)) = members.get(keyword) {
            let mut kept = variants
                .iter()
                .enumerate()
                .filter(|(_, variant)| variant.get("type") != Some(&Value::String("null".into())));
            let (Some((index, only)), None) = (kept.next(), kept.next()) else {
                return None;
            };
            let at = push_pointer(&push_pointer(at, keyword), &index.to_string());
            return string_format(document, only, &at, depth + 1);
        }
    }
    if kinds.contains(&"array") {
        let at = push_pointer(at, "items");
        return string_format(document, members.get("items")?, &at, depth + 1);
    }
    None
}
