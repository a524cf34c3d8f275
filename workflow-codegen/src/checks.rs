//! What the runtime still has to check in an input: the self-contained input schema without
//! the constraints that the generated Rust types already enforce.
//!
//! An input is a value of the generated `Input` type, so its JSON is one that type can write:
//! a `String` field always writes a string, a required field is always written, a struct
//! never writes a member it does not declare, a string enum writes one of its values. Checking
//! those again costs a `serde_json::to_value` and a validator pass on every run. This module
//! removes them from a copy of the schema and keeps the rest (`minLength`, `pattern`, bounds,
//! asserted formats, and every construct it does not understand, whole); when nothing is
//! left the workflow carries no input check at all and the runtime skips validation.
//!
//! # The rule, and why it is sound
//!
//! For every JSON value `v` that the generated type can write, the result must accept `v`
//! exactly when the full schema does. The walk descends only through schemas whose Rust type
//! the planner makes in one obvious way, and removes only what that type proves:
//!
//! - `type`, when every JSON type the Rust type can write is among the listed ones;
//! - `minimum: 0` of an integer without a `format`: the planner makes it a `u64`;
//! - `enum` of strings (or a string `const`): a string enum, which writes only its values
//!   (kept when the Rust type may write `null` and the list lacks it);
//! - `properties` whose subschemas are left with nothing; `required` names of properties that
//!   the walk entered (a required field is always written, `null` for an `Option`);
//!   `additionalProperties: false` (a struct writes its declared fields only) and `true`;
//! - `items` (a `Vec`) and the values of a map (`additionalProperties` of an object without
//!   properties), reduced in turn;
//! - a plain `$ref`: its target reduced into a copy of its own, so that the places that keep
//!   the original (inside a union, say) still see all of it;
//! - `anyOf`/`oneOf` of one schema and `null` (an `Option`): kept as `anyOf` of the reduced
//!   schema and `null` (for `oneOf`, only when the schema itself refuses `null`, so that the
//!   two agree on `null` too).
//!
//! Any other keyword (`oneOf` of several schemas, `allOf`, `if`, `not`, `patternProperties`,
//! `prefixItems`, ...) keeps its schema whole, subschemas included. Formats the runtime only
//! annotates are dropped; asserted ones stay. When a schema kept whole refers to a place that
//! the reduced copy no longer has, the full schema is used instead. The corpus test checks the
//! rule on every instance that decodes: the full schema and the reduced one must agree.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

/// Formats the runtime asserts (its `validate` module): every other one is an annotation
/// there, so a `format` keyword outside this list checks nothing. The suite's
/// `formats_the_codegen_drops_are_not_asserted` keeps the two lists in step.
pub const ASSERTED_FORMATS: &[&str] = &[
    "date",
    "date-time",
    "email",
    "ipv4",
    "ipv6",
    "time",
    "uri",
    "uuid",
];

/// Keywords that check nothing (or that the embedded schema no longer has): ignored here.
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "example",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
    "$schema",
    "$defs",
    "definitions",
];

/// Keywords that constrain a value without changing its Rust type: kept as written.
const KEPT: &[&str] = &[
    "minLength",
    "maxLength",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
    "propertyNames",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
];

/// Keywords this module reduces.
const REDUCED: &[&str] = &[
    "type",
    "enum",
    "const",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "$ref",
    "format",
];

/// Nesting beyond this keeps the schema whole.
const MAX_DEPTH: usize = 64;

/// The containers of definitions at the embedded schema's root.
const CONTAINERS: &[&str] = &["$defs", "definitions"];

/// How many schemas one reduction may visit: cycles of references are retried once each
/// (see `Reducer::reference`), which nested cycles could multiply. Past the budget the full
/// schema is used.
const MAX_STEPS: usize = 100_000;

/// What the runtime checks an input against: `input` (the self-contained input schema) less
/// what the Rust types prove; `None` when they prove all of it.
pub(crate) fn input_checks(input: &Value) -> Option<Value> {
    let mut reducer = Reducer {
        root: input,
        copies: BTreeMap::new(),
        defs: Map::new(),
        named: 0,
        steps: 0,
    };
    let reduced = reducer.reduce(input, 0);
    if reducer.steps > MAX_STEPS {
        return Some(input.clone());
    }
    let reduced = reduced?;
    Some(reducer.assemble(reduced).unwrap_or_else(|| input.clone()))
}

struct Reducer<'a> {
    /// The self-contained input schema.
    root: &'a Value,
    /// Pointer into `root` -> how far its reduction is.
    copies: BTreeMap<String, Reduction>,
    /// The reduced copies, by name.
    defs: Map<String, Value>,
    /// Copies named so far (names stay unique when a reduction is retried).
    named: usize,
    /// Schemas visited.
    steps: usize,
}

/// A reference target's reduction.
#[derive(Clone)]
enum Reduction {
    /// Being reduced, assuming it is left with nothing: a reference met meanwhile is dropped,
    /// and `used` says the assumption was relied on.
    Assumed { used: bool },
    /// Being reduced again, after the assumption failed: references go to the copy `name`.
    Named(String),
    /// Done: the copy's name, `None` when nothing is left to check.
    Done(Option<String>),
}

/// The JSON types a Rust type may write, as `type` names.
type Written = BTreeSet<&'static str>;

impl Reducer<'_> {
    /// What is left of `schema` to check, `None` when nothing is.
    fn reduce(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        self.steps += 1;
        let members = match schema {
            Value::Bool(true) => return None,
            Value::Object(members) => members,
            other => return Some(other.clone()),
        };
        if depth > MAX_DEPTH || self.steps > MAX_STEPS || !self.understood(members) {
            return Some(schema.clone());
        }
        if let Some(reduced) = self.optional(members, depth) {
            return reduced;
        }
        if let Some(Value::String(reference)) = members.get("$ref") {
            return self.reference(members, reference, depth);
        }
        let Some(written) = written(members) else {
            return Some(schema.clone());
        };
        let mut out = Map::new();
        for (key, value) in members {
            let key = key.as_str();
            let kept = match key {
                // `minimum: 0` makes the integer a `u64`, which is never negative.
                "minimum" if unsigned(members, &written) => false,
                "format" => value
                    .as_str()
                    .is_some_and(|name| ASSERTED_FORMATS.contains(&name)),
                "type" => !allows(value, &written),
                "enum" | "const" => !enum_proven(members, &written),
                _ => KEPT.contains(&key),
            };
            if kept {
                out.insert(key.to_string(), value.clone());
            }
        }
        // Keywords for another type than the one written (`items` next to `properties` in an
        // untyped schema, say) constrain nothing the Rust type writes: they go.
        if written.contains("object") {
            self.object(members, &mut out, depth);
        }
        if written.contains("array")
            && let Some(items) = members.get("items")
            && let Some(reduced) = self.reduce(items, depth + 1)
        {
            out.insert("items".into(), reduced);
        }
        (!out.is_empty()).then_some(Value::Object(out))
    }

    /// Whether every keyword of the schema is one this module knows what to do with.
    fn understood(&self, members: &Map<String, Value>) -> bool {
        let keys_known = members.keys().all(|key| {
            let key = key.as_str();
            ANNOTATIONS.contains(&key) || KEPT.contains(&key) || REDUCED.contains(&key)
        });
        let optional = optional_parts(members).is_some();
        (keys_known || optional)
            && !members.get("items").is_some_and(Value::is_array)
            && !(members.contains_key("$ref")
                && members
                    .keys()
                    .any(|key| key != "$ref" && !ANNOTATIONS.contains(&key.as_str())))
            && !(members.contains_key("enum") && members.contains_key("const"))
    }

    /// `anyOf`/`oneOf` of one schema and `null`: an `Option`.
    fn optional(&mut self, members: &Map<String, Value>, depth: usize) -> Option<Option<Value>> {
        let (keyword, inner) = optional_parts(members)?;
        if keyword == "oneOf" && !self.refuses_null(inner) {
            return Some(Some(Value::Object(members.clone())));
        }
        let reduced = self.reduce(inner, depth + 1)?;
        Some(Some(json!({"anyOf": [reduced, {"type": "null"}]})))
    }

    /// Whether `schema` (followed through plain `$ref`s) refuses `null` by its `type` or `enum`.
    fn refuses_null(&self, schema: &Value) -> bool {
        let mut current = schema;
        for _ in 0..8 {
            let Value::Object(members) = current else {
                return false;
            };
            if let Some(Value::String(reference)) = members.get("$ref") {
                match target_pointer(reference).and_then(|pointer| self.root.pointer(&pointer)) {
                    Some(target) => {
                        current = target;
                        continue;
                    }
                    None => return false,
                }
            }
            let by_type = members
                .get("type")
                .is_some_and(|types| !allows(types, &BTreeSet::from(["null"])));
            let by_enum = members
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|values| !values.iter().any(Value::is_null));
            return by_type || by_enum;
        }
        false
    }

    /// A plain `$ref`: to the reduced copy of its target, or nothing when the target is left
    /// with nothing.
    ///
    /// A recursive target is first reduced assuming it is left with nothing (the types prove
    /// every level, so they prove the whole, by induction on the value). When that is not
    /// what comes out, whatever was reduced meanwhile is undone and the target is reduced
    /// again, its references now going to its copy.
    fn reference(
        &mut self,
        members: &Map<String, Value>,
        reference: &str,
        depth: usize,
    ) -> Option<Value> {
        let whole = || Some(Value::Object(members.clone()));
        let Some(pointer) = target_pointer(reference) else {
            return whole();
        };
        let Some(target) = self.root.pointer(&pointer) else {
            return whole();
        };
        match self.copies.get_mut(&pointer) {
            Some(Reduction::Assumed { used }) => {
                *used = true;
                return None;
            }
            Some(Reduction::Named(name)) => return Some(json!({"$ref": local_ref(name)})),
            Some(Reduction::Done(done)) => {
                return done.as_ref().map(|name| json!({"$ref": local_ref(name)}));
            }
            None => {}
        }
        let (copies, defs) = (self.copies.clone(), self.defs.clone());
        self.copies
            .insert(pointer.clone(), Reduction::Assumed { used: false });
        let first = self.reduce(target, depth + 1);
        let relied = matches!(
            self.copies.get(&pointer),
            Some(Reduction::Assumed { used: true })
        );
        let reduced = match first {
            None => {
                self.copies.insert(pointer, Reduction::Done(None));
                return None;
            }
            Some(reduced) if !relied => reduced,
            Some(_) => {
                self.copies = copies;
                self.defs = defs;
                let name = self.fresh_name();
                self.copies
                    .insert(pointer.clone(), Reduction::Named(name.clone()));
                let again = self.reduce(target, depth + 1);
                // Nothing left the second time either: the copy stays, empty, for the
                // references made to it meanwhile.
                self.defs
                    .insert(name.clone(), again.unwrap_or_else(|| json!({})));
                self.copies
                    .insert(pointer, Reduction::Done(Some(name.clone())));
                return Some(json!({"$ref": local_ref(&name)}));
            }
        };
        let name = self.fresh_name();
        self.defs.insert(name.clone(), reduced);
        self.copies
            .insert(pointer, Reduction::Done(Some(name.clone())));
        Some(json!({"$ref": local_ref(&name)}))
    }

    fn fresh_name(&mut self) -> String {
        loop {
            self.named += 1;
            let name = format!("checks-{}", self.named);
            let taken = CONTAINERS.iter().any(|container| {
                self.root
                    .get(container)
                    .and_then(Value::as_object)
                    .is_some_and(|defs| defs.contains_key(&name))
            });
            if !taken {
                return name;
            }
        }
    }

    /// The object keywords of a schema whose Rust type is a struct or a map.
    fn object(&mut self, members: &Map<String, Value>, out: &mut Map<String, Value>, depth: usize) {
        let declared = members.get("properties").and_then(Value::as_object);
        let keeps_extras = declared.is_some_and(|declared| !declared.is_empty())
            && members
                .get("additionalProperties")
                .is_some_and(Value::is_object);
        let mut entered = BTreeSet::new();
        if let Some(declared) = declared {
            let mut kept = Map::new();
            for (key, property) in declared {
                let plain = match property {
                    Value::Bool(true) => true,
                    Value::Object(members) => self.understood(members),
                    _ => false,
                };
                if plain {
                    // A required field of a plain type is always written (`null` for an
                    // `Option`): its `required` entry goes.
                    entered.insert(key.as_str());
                } else if !property.is_object() {
                    kept.insert(key.clone(), property.clone());
                    continue;
                }
                match self.reduce(property, depth + 1) {
                    Some(reduced) => {
                        kept.insert(key.clone(), reduced);
                    }
                    // A kept `additionalProperties` applies to every member `properties` does
                    // not name: the name stays, with nothing to check.
                    None if keeps_extras => {
                        kept.insert(key.clone(), json!({}));
                    }
                    None => {}
                }
            }
            if !kept.is_empty() {
                out.insert("properties".into(), Value::Object(kept));
            }
        }
        if let Some(Value::Array(required)) = members.get("required") {
            let left: Vec<Value> = required
                .iter()
                .filter(|name| !name.as_str().is_some_and(|name| entered.contains(name)))
                .cloned()
                .collect();
            if !left.is_empty() {
                out.insert("required".into(), Value::Array(left));
            }
        }
        let undeclared_required = members
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|names| {
                names.iter().any(|name| {
                    !name.as_str().is_some_and(|name| {
                        declared.is_some_and(|declared| declared.contains_key(name))
                    })
                })
            });
        match members.get("additionalProperties") {
            // A required member that no property declares is a field of the struct that the
            // closed schema refuses: the check stays, and fails as the full schema does.
            Some(closed @ Value::Bool(false)) if undeclared_required => {
                out.insert("additionalProperties".into(), closed.clone());
            }
            None | Some(Value::Bool(_)) => {}
            Some(values) if declared.is_none_or(Map::is_empty) => {
                if let Some(reduced) = self.reduce(values, depth + 1) {
                    out.insert("additionalProperties".into(), reduced);
                }
            }
            Some(values) => {
                out.insert("additionalProperties".into(), values.clone());
            }
        }
    }

    /// The reduced root with the definitions it needs; `None` when a schema kept whole refers
    /// to a place that only the full schema has.
    fn assemble(&self, reduced: Value) -> Option<Value> {
        let mut out = match reduced {
            Value::Object(members) => members,
            other => return Some(other),
        };
        // The definitions reached from the reduced root: copies, and originals that schemas
        // kept whole refer to.
        let mut kept: BTreeMap<(&str, String), Value> = BTreeMap::new();
        let mut pending = vec![Value::Object(out.clone())];
        let mut broken = false;
        while let Some(schema) = pending.pop() {
            visit_refs(&schema, &mut |reference| {
                let Some(pointer) = reference.as_str().and_then(target_pointer) else {
                    broken = true;
                    return;
                };
                let Some((container, name)) = definition_of(&pointer) else {
                    broken = true;
                    return;
                };
                if kept.contains_key(&(container, name.clone())) {
                    return;
                }
                let found = match container {
                    "$defs" => self
                        .defs
                        .get(&name)
                        .or_else(|| self.root.get("$defs").and_then(|defs| defs.get(&name))),
                    _ => self.root.get(container).and_then(|defs| defs.get(&name)),
                };
                match found {
                    Some(definition) => {
                        pending.push(definition.clone());
                        kept.insert((container, name), definition.clone());
                    }
                    None => broken = true,
                }
            });
            if broken {
                return None;
            }
        }
        for ((container, name), definition) in kept {
            let defs = out.entry(container).or_insert_with(|| json!({}));
            if let Value::Object(defs) = defs {
                defs.insert(name, definition);
            }
        }
        if let Some(dialect) = self.root.get("$schema") {
            out.insert("$schema".into(), dialect.clone());
        }
        Some(Value::Object(out))
    }
}

/// The JSON types the Rust type of `members` may write, or `None` when this module does not
/// know its Rust type for sure (several types: an untagged union).
fn written(members: &Map<String, Value>) -> Option<Written> {
    let listed: Vec<&str> = match members.get("type") {
        None => Vec::new(),
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        Some(_) => return None,
    };
    let nullable = listed.contains(&"null");
    let non_null: Vec<&str> = listed
        .iter()
        .copied()
        .filter(|name| *name != "null")
        .collect();
    let mut written = Written::new();
    if let Some(values) = enum_strings(members) {
        written.insert("string");
        if nullable || values.iter().any(Value::is_null) {
            written.insert("null");
        }
        return Some(written);
    }
    if members.contains_key("enum") || members.contains_key("const") {
        // Not a string enum: an integer, a number, or any value, checked by the validator.
        return None;
    }
    match non_null.as_slice() {
        [] if listed.is_empty() => {
            if members.contains_key("properties") || members.contains_key("additionalProperties") {
                written.insert("object");
            } else if members.contains_key("items") {
                written.insert("array");
            } else {
                // Any JSON value: nothing is proven, nothing is reduced but annotations.
                written.extend([
                    "string", "number", "integer", "boolean", "null", "object", "array",
                ]);
            }
        }
        [] => return None,
        [single] => {
            let single = match *single {
                "string" => "string",
                "integer" => "integer",
                "number" => "number",
                "boolean" => "boolean",
                "object" => "object",
                "array" => "array",
                _ => return None,
            };
            written.insert(single);
        }
        _ => return None,
    }
    if nullable {
        written.insert("null");
    }
    Some(written)
}

/// Whether the schema's Rust type is an unsigned integer by its `minimum: 0` (and no integer
/// `format`, which would choose the type instead), as the planner makes it.
fn unsigned(members: &Map<String, Value>, written: &Written) -> bool {
    let integer = written
        .iter()
        .all(|name| matches!(*name, "integer" | "null"))
        && written.contains("integer");
    integer
        && members.get("minimum").and_then(Value::as_f64) == Some(0.0)
        && !members.contains_key("format")
}

/// The values of a string enum (`enum` of strings and maybe `null`, with one string at least,
/// or a string `const`).
fn enum_strings(members: &Map<String, Value>) -> Option<Vec<Value>> {
    match (members.get("enum"), members.get("const")) {
        (Some(Value::Array(values)), None)
            if values.iter().any(Value::is_string)
                && values
                    .iter()
                    .all(|value| value.is_string() || value.is_null()) =>
        {
            Some(values.clone())
        }
        (None, Some(value @ Value::String(_))) => Some(vec![value.clone()]),
        _ => None,
    }
}

/// Whether the enum of a string enum holds every value its Rust type may write.
fn enum_proven(members: &Map<String, Value>, written: &Written) -> bool {
    let Some(values) = enum_strings(members) else {
        return false;
    };
    !written.contains("null") || values.iter().any(Value::is_null)
}

/// Whether the `type` keyword `types` admits every type in `written`.
fn allows(types: &Value, written: &Written) -> bool {
    let listed: Vec<&str> = match types {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => return false,
    };
    written
        .iter()
        .all(|name| listed.contains(name) || (*name == "integer" && listed.contains(&"number")))
}

/// `(keyword, the other schema)` of an `anyOf`/`oneOf` of one schema and `{"type": "null"}`.
fn optional_parts(members: &Map<String, Value>) -> Option<(&'static str, &Value)> {
    let (keyword, variants) = ["anyOf", "oneOf"]
        .into_iter()
        .find_map(|keyword| Some((keyword, members.get(keyword)?.as_array()?)))?;
    // Only what the planner leaves out of a union's shared keywords: any other sibling is
    // folded into the variant, which makes another type.
    if members.keys().any(|key| {
        key != keyword
            && !["description", "title", "default", "examples", "$comment"].contains(&key.as_str())
    }) {
        return None;
    }
    let null = json!({"type": "null"});
    match variants.as_slice() {
        [inner, other] | [other, inner] if other == &null && inner != &null => {
            Some((keyword, inner))
        }
        _ => None,
    }
}

/// The JSON pointer a local `$ref` (`#/...`, percent-encoded) names.
fn target_pointer(reference: &str) -> Option<String> {
    crate::pointer::percent_decode(reference.strip_prefix('#')?)
}

/// `("$defs", name)` for a pointer into a definition at the root (`/$defs/Name/...`).
fn definition_of(pointer: &str) -> Option<(&'static str, String)> {
    let rest = pointer.strip_prefix('/')?;
    let (container, rest) = rest.split_once('/')?;
    let container = CONTAINERS
        .iter()
        .copied()
        .find(|known| *known == container)?;
    let name = rest.split('/').next()?;
    Some((container, name.replace("~1", "/").replace("~0", "~")))
}

fn local_ref(name: &str) -> String {
    format!("#/$defs/{name}")
}

/// Calls `visit` with every `$ref` value in `schema` (at any depth: a `const` holding a
/// `$ref` member only keeps a definition that is not needed).
fn visit_refs(schema: &Value, visit: &mut impl FnMut(&Value)) {
    match schema {
        Value::Object(members) => {
            for (key, value) in members {
                if key == "$ref" {
                    visit(value);
                } else {
                    visit_refs(value, visit);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| visit_refs(item, visit)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::input_checks;

    #[test]
    fn the_types_prove_types_required_and_closed_objects() {
        let schema = json!({
            "type": "object",
            "required": ["prompt", "n"],
            "additionalProperties": false,
            "properties": {
                "prompt": {"type": "string", "description": "asked"},
                "n": {"type": "integer"},
                "tags": {"type": "array", "items": {"type": "string", "format": "hostname"}},
                "mode": {"enum": ["fast", "slow"]},
                "when": {"anyOf": [{"type": "string"}, {"type": "null"}]}
            }
        });
        assert_eq!(input_checks(&schema), None);
    }

    #[test]
    fn what_the_types_do_not_prove_stays_where_it_was() {
        let schema = json!({
            "type": "object",
            "required": ["prompt"],
            "properties": {
                "prompt": {"type": "string", "minLength": 1},
                "day": {"type": "string", "format": "date"},
                "n": {"type": "integer", "maximum": 9},
                "count": {"type": "integer", "minimum": 0},
                "small": {"type": "integer", "minimum": 0, "format": "int32"}
            }
        });
        assert_eq!(
            input_checks(&schema),
            Some(json!({"properties": {
                "prompt": {"minLength": 1},
                "day": {"format": "date"},
                "n": {"maximum": 9},
                "small": {"minimum": 0}
            }}))
        );
    }

    #[test]
    fn unions_and_other_constructs_stay_whole() {
        let union = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        let conditional =
            json!({"type": "object", "if": {"required": ["a"]}, "then": {"required": ["b"]}});
        let schema = json!({
            "type": "object",
            "required": ["u", "c"],
            "properties": {"u": union, "c": conditional}
        });
        assert_eq!(
            input_checks(&schema),
            Some(json!({
                "required": ["u", "c"],
                "properties": {"u": union, "c": conditional}
            }))
        );
    }

    #[test]
    fn a_nullable_enum_keeps_its_values_unless_they_include_null() {
        let without_null =
            json!({"properties": {"m": {"type": ["string", "null"], "enum": ["a"]}}});
        assert_eq!(
            input_checks(&without_null),
            Some(json!({"properties": {"m": {"enum": ["a"]}}}))
        );
        let with_null = json!({"properties": {"m": {"enum": ["a", null]}}});
        assert_eq!(input_checks(&with_null), None);
    }

    #[test]
    fn references_get_reduced_copies_and_kept_unions_the_originals() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"$ref": "#/$defs/Name"},
                "b": {"oneOf": [{"$ref": "#/$defs/Name"}, {"type": "integer"}]},
                "c": {"$ref": "#/$defs/Plain"}
            },
            "$defs": {
                "Name": {"type": "string", "maxLength": 3},
                "Plain": {"type": "boolean"}
            }
        });
        assert_eq!(
            input_checks(&schema),
            Some(json!({
                "properties": {
                    "a": {"$ref": "#/$defs/checks-1"},
                    "b": {"oneOf": [{"$ref": "#/$defs/Name"}, {"type": "integer"}]}
                },
                "$defs": {
                    "checks-1": {"maxLength": 3},
                    "Name": {"type": "string", "maxLength": 3}
                }
            }))
        );
    }

    #[test]
    fn recursion_through_references_terminates() {
        let schema = json!({
            "type": "object",
            "properties": {"node": {"$ref": "#/$defs/Node"}},
            "$defs": {"Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                    "label": {"type": "string"}
                }
            }}
        });
        assert_eq!(input_checks(&schema), None);
        let bounded = json!({
            "type": "object",
            "properties": {"node": {"$ref": "#/$defs/Node"}},
            "$defs": {"Node": {
                "type": "object",
                "properties": {
                    "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}},
                    "label": {"type": "string", "pattern": "^x"}
                }
            }}
        });
        assert_eq!(
            input_checks(&bounded),
            Some(json!({
                "properties": {"node": {"$ref": "#/$defs/checks-1"}},
                "$defs": {"checks-1": {"properties": {
                    "children": {"items": {"$ref": "#/$defs/checks-1"}},
                    "label": {"pattern": "^x"}
                }}}
            }))
        );
    }

    #[test]
    fn declared_names_stay_beside_a_kept_additional_properties() {
        // json-schema/s06_maps, found by the corpus check (f): without `id` in `properties`,
        // the kept `additionalProperties` would ask `{"id": "i"}` for an integer.
        let schema = json!({"properties": {"extra": {
            "type": "object",
            "properties": {"id": {"type": "string"}},
            "additionalProperties": {"type": "integer"}
        }}});
        assert_eq!(
            input_checks(&schema),
            Some(json!({"properties": {"extra": {
                "properties": {"id": {}},
                "additionalProperties": {"type": "integer"}
            }}}))
        );
    }

    #[test]
    fn a_kept_schema_that_points_into_the_root_keeps_the_full_schema() {
        let schema = json!({
            "type": "object",
            "properties": {
                "a": {"type": "string", "minLength": 2},
                "b": {"not": {"$ref": "#/properties/a"}}
            }
        });
        assert_eq!(input_checks(&schema), Some(schema));
    }

    #[test]
    fn one_of_with_null_needs_the_schema_to_refuse_null() {
        let refusing = json!({"properties": {"x": {"oneOf": [{"type": "string", "minLength": 1}, {"type": "null"}]}}});
        assert_eq!(
            input_checks(&refusing),
            Some(json!({"properties": {"x": {"anyOf": [{"minLength": 1}, {"type": "null"}]}}}))
        );
        let accepting: Value =
            json!({"properties": {"x": {"oneOf": [{"minLength": 1}, {"type": "null"}]}}});
        assert_eq!(input_checks(&accepting), Some(accepting.clone()));
    }
}
