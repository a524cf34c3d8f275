//! `allOf`: the members merged into one schema here, references followed.

use std::borrow::Cow;

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::pointer::push_pointer;
use crate::schema::resolve_ref;

use super::convert::grow;
use super::object::collect_branches;
use super::{ANNOTATIONS, Planner, TRUE};

/// Marks a property that an `allOf` merge copied from elsewhere with the JSON pointer it came
/// from, so it is converted (and its hoisted types named) where it was written.
pub(super) const ORIGIN: &str = "x-workflow-origin";

/// Marks a property of a merged struct that some alternative leaves open: its field drops a
/// value that does not fit rather than failing the object.
pub(super) const LENIENT: &str = "x-workflow-lenient";

pub(super) fn without_origin(value: &Value) -> Value {
    let mut value = value.clone();
    if let Value::Object(members) = &mut value {
        members.remove(ORIGIN);
        members.remove(LENIENT);
    }
    value
}

/// Marks a pair of variants of two unions in one `allOf` (see [`merge_maps`]).
pub(super) const PAIR: &str = "x-workflow-pair";

/// Marks the conditional parts (`then`, `else`, dependent schemas) that an `allOf` merge
/// brought in from its members: `{"at": pointer, "schema": ...}` each.
pub(super) const BRANCHES: &str = "x-workflow-branches";

/// `allOf`: merged here into one schema, so typify never merges (its merge recurses without
/// bound on some recursive schemas, and a stack overflow cannot be caught).
impl Planner<'_> {
    /// `schema` without a top-level `allOf`: its members merged (references followed), or the
    /// schema itself when it has none. Problems are recorded; the result is then `{}`.
    pub(super) fn flatten<'v>(&mut self, schema: &'v Value, pointer: &str) -> Cow<'v, Value> {
        let Value::Object(members) = schema else {
            return Cow::Borrowed(schema);
        };
        let Some(Value::Array(parts)) = members.get("allOf") else {
            return Cow::Borrowed(schema);
        };
        let structural = members
            .keys()
            .any(|key| key != "allOf" && !ANNOTATIONS.contains(&key.as_str()));
        if parts.len() == 1 && !structural {
            // pydantic documents a `$ref` by wrapping it in a one-member `allOf`: keep the
            // reference (and so the named type) rather than copying the definition.
            let mut single = match &parts[0] {
                Value::Object(part) => part.clone(),
                other => return Cow::Owned(other.clone()),
            };
            for (key, value) in members {
                if key != "allOf" {
                    single.entry(key.clone()).or_insert_with(|| value.clone());
                }
            }
            let at = push_pointer(&push_pointer(pointer, "allOf"), "0");
            return Cow::Owned(self.flatten(&Value::Object(single), &at).into_owned());
        }
        let mut seen = Vec::new();
        match self.merge_all(members, pointer, &mut seen) {
            Ok(merged) => Cow::Owned(Value::Object(merged)),
            Err(problem) => {
                if !self.problems.contains(&problem) {
                    self.problems.push(problem);
                }
                Cow::Owned(json!({}))
            }
        }
    }

    /// Whether the members of an `allOf` merge without contradicting each other (nothing is
    /// reported either way).
    pub(super) fn consistent(&mut self, schema: &Value, at: &str) -> bool {
        let before = self.problems.len();
        let flat = self.flatten(schema, at);
        let merged = flat.as_object().is_some_and(|members| !members.is_empty());
        let consistent = self.problems.len() == before && merged;
        self.problems.truncate(before);
        consistent
    }

    fn merge_all(
        &mut self,
        members: &Map<String, Value>,
        pointer: &str,
        seen: &mut Vec<String>,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let mut merged = prepared(self.document, members, pointer);
        merged.remove("allOf");
        let Some(Value::Array(parts)) = members.get("allOf") else {
            return Ok(merged);
        };
        let base = push_pointer(pointer, "allOf");
        for (index, part) in parts.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            let content = self.member_content(part, &at, seen)?;
            merged = merge_maps(merged, content, &at)?;
        }
        Ok(merged)
    }

    /// What an `allOf` member contributes, references followed and nested `allOf`s merged.
    fn member_content(
        &mut self,
        part: &Value,
        at: &str,
        seen: &mut Vec<String>,
    ) -> Result<Map<String, Value>, Diagnostic> {
        let members = match part {
            Value::Bool(true) => return Ok(Map::new()),
            Value::Object(members) => members,
            _ => {
                return Err(Diagnostic::new(
                    at,
                    "this `allOf` member accepts no value, so nothing can match the `allOf`",
                ));
            }
        };
        if let Some(Value::String(reference)) = members.get("$ref") {
            let target = resolve_ref(self.document, at, reference)?;
            if seen.contains(&target) {
                return Err(Diagnostic::new(
                    push_pointer(at, "$ref"),
                    format!("this `allOf` includes itself through {reference:?}: the merged type would never end"),
                )
                .help("make the recursion go through a property: {\"properties\": {\"next\": {\"$ref\": ...}}}"));
            }
            seen.push(target.clone());
            let document = self.document;
            let target_schema = document.pointer(&target).unwrap_or(&TRUE);
            let content = grow(|| self.member_content(target_schema, &target, seen));
            seen.pop();
            let mut rest = members.clone();
            rest.remove("$ref");
            return merge_maps(content?, prepared(self.document, &rest, at), at);
        }
        if members.contains_key("allOf") {
            return self.merge_all(members, at, seen);
        }
        Ok(prepared(self.document, members, at))
    }
}

/// A copy of an `allOf` member written at `at`, ready to merge elsewhere: properties remember
/// where they came from, and other references are made absolute.
pub(super) fn prepared(
    document: &Value,
    members: &Map<String, Value>,
    at: &str,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in members {
        if key == "properties"
            && let Value::Object(properties) = value
        {
            let base = push_pointer(at, "properties");
            let marked = properties
                .iter()
                .map(|(name, property)| {
                    let mut property = property.clone();
                    let origin = push_pointer(&base, name);
                    // Only a place that really holds this schema can serve as its origin
                    // (members built while planning have none).
                    let real = document.pointer(&origin) == Some(&without_origin(&property));
                    if let Value::Object(schema) = &mut property
                        && !schema.contains_key(ORIGIN)
                        && real
                    {
                        schema.insert(ORIGIN.into(), json!(origin));
                    }
                    (name.clone(), property)
                })
                .collect();
            out.insert(key.clone(), Value::Object(marked));
            continue;
        }
        if matches!(
            key.as_str(),
            "then" | "else" | "dependentSchemas" | "dependencies"
        ) {
            // Conditional parts travel as a list that merges by concatenation: an `allOf` of
            // several `if`/`then` members keeps every member's.
            let mut branches = Vec::new();
            let mut single = Map::new();
            single.insert(key.clone(), value.clone());
            collect_branches(&single, at, &mut branches);
            let list = out.entry(BRANCHES).or_insert_with(|| json!([]));
            if let Value::Array(list) = list {
                for (branch_at, schema) in branches {
                    list.push(json!({"at": branch_at, "schema": schema}));
                }
            }
            if key == "dependencies"
                && let Value::Object(dependencies) = value
            {
                // The `dependentRequired` form stays a constraint.
                let names: Map<String, Value> = dependencies
                    .iter()
                    .filter(|(_, names)| names.is_array())
                    .map(|(name, names)| (name.clone(), names.clone()))
                    .collect();
                if !names.is_empty() {
                    out.insert(key.clone(), Value::Object(names));
                }
            }
            continue;
        }
        let mut value = value.clone();
        absolutize(document, &mut value, &push_pointer(at, key));
        out.insert(key.clone(), value);
    }
    out
}

/// Rewrites every `$ref` under `value` (written at `at`) to point at its target by absolute
/// JSON pointer, so it resolves the same wherever the copy is used.
fn absolutize(document: &Value, value: &mut Value, at: &str) {
    match value {
        Value::Object(members) => {
            if let Some(Value::String(reference)) = members.get("$ref")
                && let Ok(target) = resolve_ref(document, at, reference)
            {
                let encoded = target
                    .replace('%', "%25")
                    .replace(' ', "%20")
                    .replace('#', "%23");
                members.insert("$ref".into(), json!(format!("#{encoded}")));
            }
            for (key, member) in members.iter_mut() {
                if key != "$ref" {
                    absolutize(document, member, &push_pointer(at, key));
                }
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                absolutize(document, item, &push_pointer(at, &index.to_string()));
            }
        }
        _ => {}
    }
}

/// Merges `b` into `a` (both without `allOf`): what both require. `Err` when they contradict.
fn merge_maps(
    mut a: Map<String, Value>,
    b: Map<String, Value>,
    at: &str,
) -> Result<Map<String, Value>, Diagnostic> {
    let contradiction = |what: String| {
        Diagnostic::new(
            at,
            format!("`allOf` members contradict each other: {what}, so no value can match"),
        )
        .help("remove the conflicting member or make the members agree")
    };
    for (key, value) in b {
        match key.as_str() {
            "properties" => {
                let Value::Object(incoming) = value else {
                    continue;
                };
                let entry = a.entry("properties").or_insert_with(|| json!({}));
                let Value::Object(existing) = entry else {
                    continue;
                };
                for (name, property) in incoming {
                    match existing.get(&name) {
                        None => {
                            existing.insert(name, property);
                        }
                        // `false`: the member must not appear, whatever the other says.
                        Some(Value::Bool(false)) => {}
                        Some(_) if property == Value::Bool(false) => {
                            existing.insert(name, property);
                        }
                        Some(current) if without_origin(current) == without_origin(&property) => {}
                        Some(current) => {
                            let both =
                                json!({"allOf": [as_reference(current), as_reference(&property)]});
                            existing.insert(name, both);
                        }
                    }
                }
            }
            "required" => {
                let entry = a.entry("required").or_insert_with(|| json!([]));
                if let (Value::Array(existing), Value::Array(incoming)) = (entry, value) {
                    for name in incoming {
                        if !existing.contains(&name) {
                            existing.push(name);
                        }
                    }
                }
            }
            "type" => {
                let mine = a.get("type").map(type_set);
                let theirs = type_set(&value);
                let merged = match mine {
                    None => theirs,
                    Some(mine) => {
                        let both: Vec<String> = mine
                            .iter()
                            .filter_map(|name| {
                                if theirs.contains(name) {
                                    Some(name.clone())
                                } else if (name == "number"
                                    && theirs.iter().any(|t| t == "integer"))
                                    || (name == "integer" && theirs.iter().any(|t| t == "number"))
                                {
                                    Some("integer".to_string())
                                } else {
                                    None
                                }
                            })
                            .collect();
                        if both.is_empty() {
                            return Err(contradiction(format!(
                                "one allows {}, another {}",
                                mine.join(" or "),
                                theirs.join(" or ")
                            )));
                        }
                        both
                    }
                };
                a.insert(
                    "type".into(),
                    if merged.len() == 1 {
                        json!(merged[0])
                    } else {
                        json!(merged)
                    },
                );
            }
            "enum" => match (a.get("enum"), &value) {
                (Some(Value::Array(mine)), Value::Array(theirs)) => {
                    let both: Vec<Value> = mine
                        .iter()
                        .filter(|v| theirs.contains(v))
                        .cloned()
                        .collect();
                    if both.is_empty() {
                        return Err(contradiction("their `enum`s share no value".into()));
                    }
                    a.insert("enum".into(), Value::Array(both));
                }
                _ => {
                    a.insert(key, value);
                }
            },
            "const" => match a.get("const") {
                Some(existing) if *existing != value => {
                    return Err(contradiction(format!(
                        "`const` is both {existing} and {value}"
                    )));
                }
                _ => {
                    a.insert(key, value);
                }
            },
            "additionalProperties" => match (a.get("additionalProperties"), &value) {
                (Some(Value::Bool(false)), _) => {}
                (Some(existing @ Value::Object(_)), Value::Object(_)) => {
                    let both = json!({"allOf": [existing, value]});
                    a.insert(key, both);
                }
                _ => {
                    a.insert(key, value);
                }
            },
            "items" => match a.get("items") {
                Some(existing @ Value::Object(_)) if value.is_object() && *existing != value => {
                    let both = json!({"allOf": [existing, value]});
                    a.insert(key, both);
                }
                Some(_) => {}
                None => {
                    a.insert(key, value);
                }
            },
            "oneOf" | "anyOf" => {
                // A union of constraints only (`anyOf: [{"required": ["a"]}, {"required":
                // ["b"]}]`) gives no type: it stays a validated constraint, and the other
                // union gives the type.
                if constraints_only(&value) {
                    continue;
                }
                let existing = ["oneOf", "anyOf"]
                    .into_iter()
                    .find(|keyword| a.contains_key(*keyword));
                if let Some(existing) = existing
                    && a.get(existing).is_some_and(constraints_only)
                {
                    a.remove(existing);
                }
                if let Some(existing) = existing
                    && let (Some(Value::Array(mine)), Value::Array(theirs)) =
                        (a.get(existing), &value)
                    && mine.len() * theirs.len() <= 16
                {
                    // `allOf: [{anyOf: A}, {anyOf: B}]` is `anyOf` over every pair of an `A`
                    // and a `B`: the type of that union (the `oneOf`s' "only one" stays a
                    // validated constraint).
                    let pairs: Vec<Value> = mine
                        .iter()
                        .flat_map(|a| {
                            theirs
                                .iter()
                                .map(move |b| json!({"allOf": [a, b], PAIR: true}))
                        })
                        .collect();
                    a.remove(existing);
                    a.insert("anyOf".into(), Value::Array(pairs));
                    continue;
                }
                if a.contains_key("oneOf") || a.contains_key("anyOf") {
                    return Err(Diagnostic::new(
                        at,
                        "an `allOf` of two unions (`oneOf`/`anyOf`) cannot become one Rust type",
                    )
                    .help("list the combined alternatives in one `oneOf`"));
                }
                a.insert(key, value);
            }
            BRANCHES => {
                let entry = a.entry(BRANCHES).or_insert_with(|| json!([]));
                if let (Value::Array(existing), Value::Array(incoming)) = (entry, value) {
                    existing.extend(incoming);
                }
            }
            "$defs" | "definitions" | "$id" | "$anchor" | "$schema" | "$comment" | "$ref" => {}
            _ => {
                a.entry(key).or_insert(value);
            }
        }
    }
    Ok(a)
}

/// Whether every variant of a union only constrains (`required`, `not`, counts), so that the
/// union adds nothing to the type of the schema holding it.
fn constraints_only(union: &Value) -> bool {
    const CONSTRAINTS: &[&str] = &[
        "required",
        "not",
        "minProperties",
        "maxProperties",
        "dependentRequired",
        "propertyNames",
        "description",
        "title",
        "$comment",
    ];
    union.as_array().is_some_and(|variants| {
        variants.iter().all(|variant| match variant {
            Value::Object(members) => members
                .keys()
                .all(|key| CONSTRAINTS.contains(&key.as_str())),
            Value::Bool(_) => true,
            _ => false,
        })
    })
}

/// A merged property's schema: by reference to where it was written when known.
fn as_reference(property: &Value) -> Value {
    match property.get(ORIGIN).and_then(Value::as_str) {
        Some(origin) => {
            let encoded = origin
                .replace('%', "%25")
                .replace(' ', "%20")
                .replace('#', "%23");
            json!({"$ref": format!("#{encoded}")})
        }
        None => property.clone(),
    }
}

fn type_set(value: &Value) -> Vec<String> {
    match value {
        Value::String(name) => vec![name.clone()],
        Value::Array(names) => names
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}
