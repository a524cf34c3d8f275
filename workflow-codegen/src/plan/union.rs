//! `oneOf`/`anyOf`: tagged and untagged unions, overlapping objects as one struct, `null`.

use serde_json::{Map, Value, json};

use crate::pointer::push_pointer;
use crate::schema::{resolve_ref, types_of};

use super::enums::string_constant;
use super::hint::Hint;
use super::merge::{LENIENT, ORIGIN, PAIR, prepared};
use super::object::{is_closed, same_shape};
use super::{ANNOTATIONS, Planner};

impl Planner<'_> {
    pub(super) fn union(
        &mut self,
        members: &Map<String, Value>,
        keyword: &str,
        variants: &[Value],
        pointer: &str,
        hint: &Hint,
        mut out: Map<String, Value>,
    ) -> Value {
        let base = push_pointer(pointer, keyword);
        let mut nullable = !hint.position.defining && types_of(members).contains(&"null");
        let mut kept: Vec<(usize, &Value)> = Vec::new();
        for (index, variant) in variants.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            if null_variant(self.document, variant, &at) {
                nullable |= !hint.position.defining;
            } else if variant.get(PAIR).is_some() && !self.consistent(variant, &at) {
                // A pair of an `allOf` of unions that no value can match: not a variant.
            } else {
                kept.push((index, variant));
            }
        }
        // Sibling keywords (shared properties next to a oneOf) are folded into each variant.
        let siblings: Map<String, Value> = members
            .iter()
            .filter(|(key, _)| {
                ![
                    "oneOf",
                    "anyOf",
                    "description",
                    "title",
                    "default",
                    "examples",
                    "$comment",
                    "type",
                    "nullable",
                ]
                .contains(&key.as_str())
            })
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect();
        if kept.len() == 1 && siblings.is_empty() {
            let (index, variant) = kept[0];
            let at = push_pointer(&base, &index.to_string());
            let inner = self.schema(variant, &at, &hint.nested());
            let inner = merge_description(inner, out.get("description"));
            return if nullable {
                make_nullable(inner)
            } else {
                inner
            };
        }
        let folded: Vec<(String, Value)> = kept
            .iter()
            .map(|(index, variant)| {
                let at = push_pointer(&base, &index.to_string());
                let variant = if siblings.is_empty() {
                    (*variant).clone()
                } else {
                    json!({"allOf": [Value::Object(siblings.clone()), variant]})
                };
                (at, variant)
            })
            .collect();
        if let Some(merged) = self.overlapping_objects(&folded, keyword == "anyOf") {
            // Untagged objects that can match the same value: serde would keep the first
            // match and drop the other's fields, so they become one struct whose fields are
            // optional unless every shape requires them.
            let shaped = self.object(&merged, pointer, hint, out);
            return if nullable {
                make_nullable(shaped)
            } else {
                shaped
            };
        }
        // An untagged union's object variants become structs of their own (newtype variants):
        // the runtime then decodes a closed one strictly, and each is tried as a whole.
        // Tagged unions stay inline, where typify sees the tag; so do unions of single-member
        // closed objects, which typify makes externally tagged (exact for them).
        let tags = self.raw_tags(&folded);
        let untagged = tags.is_empty() && !self.externally_tagged(&folded);
        let mut normalized = Vec::new();
        for (position, (at, variant)) in folded.into_iter().enumerate() {
            let title = variant
                .get("title")
                .and_then(Value::as_str)
                .map(str::to_string);
            let name = match title {
                Some(title) => title,
                None => format!("{} Variant {position}", hint.naming.name),
            };
            let rank = self.variant_rank(&variant, &at);
            let object = untagged && self.object_shape(&variant, &at).is_some();
            if object {
                let target = match variant.get("$ref").and_then(Value::as_str) {
                    Some(reference) if siblings.is_empty() => {
                        match resolve_ref(self.document, &at, reference) {
                            Ok(target) => self.final_target(&target),
                            Err(_) => at.clone(),
                        }
                    }
                    _ => at.clone(),
                };
                self.variant_structs.insert(target);
            }
            let variant_hint = if object {
                if !siblings.is_empty() {
                    // The variant with the union's shared keywords folded in is nowhere in the
                    // file: its definition is made from this copy.
                    self.folded.insert(at.clone(), variant.clone());
                }
                hint.variant(name)
            } else {
                hint.inline(name, &tags)
            };
            normalized.push((rank, self.schema(&variant, &at, &variant_hint)));
        }
        // serde tries untagged variants in order: put the ones that ask for more first, so a
        // value that fits several keeps all of its fields.
        // (A tagged union is matched by its tag: it keeps the schema's order.)
        let tagged = is_tagged(
            &normalized
                .iter()
                .map(|(_, variant)| variant.clone())
                .collect::<Vec<_>>(),
        );
        if !tagged {
            normalized.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        }
        let normalized: Vec<Value> = normalized.into_iter().map(|(_, variant)| variant).collect();
        out.insert("oneOf".into(), Value::Array(normalized));
        let union = Value::Object(out);
        if nullable {
            make_nullable(union)
        } else {
            union
        }
    }

    /// The object shape of a union variant: its properties (marked with where they were
    /// written) and required names, references followed and `allOf`s merged; `None` when the
    /// variant is not a plain object schema.
    fn object_shape(&mut self, variant: &Value, at: &str) -> Option<Map<String, Value>> {
        let (schema, place) = match variant.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let target = resolve_ref(self.document, at, reference).ok()?;
                let target = self.final_target(&target);
                (self.document.pointer(&target)?.clone(), target)
            }
            None => (variant.clone(), at.to_string()),
        };
        let flat = self.flatten(&schema, &place).into_owned();
        let members = flat.as_object()?;
        let types = types_of(members);
        let plain = (types.is_empty() || types == ["object"])
            && members
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|p| !p.is_empty())
            && !["oneOf", "anyOf", "enum", "const", "$ref"]
                .iter()
                .any(|key| members.contains_key(*key));
        plain.then(|| prepared(self.document, members, &place))
    }

    /// Whether a property's schema accepts `null`, references followed.
    fn accepts_null(&mut self, schema: &Value) -> bool {
        let Value::Object(members) = schema else {
            return false;
        };
        if is_nullable(members) {
            return true;
        }
        match members.get("$ref").and_then(Value::as_str) {
            Some(reference) => {
                let at = members
                    .get(ORIGIN)
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                let Ok(target) = resolve_ref(self.document, &at, reference) else {
                    return false;
                };
                let target = self.final_target(&target);
                self.document
                    .pointer(&target)
                    .and_then(Value::as_object)
                    .is_some_and(is_nullable)
            }
            None => false,
        }
    }

    /// The properties by which typify will see these variants as a union tagged by a string
    /// constant (empty when none): each an inline object requiring the same property, a string
    /// `const` (or one-value `enum`) in each.
    fn raw_tags(&mut self, variants: &[(String, Value)]) -> Vec<String> {
        let mut common: Option<Vec<String>> = None;
        for (at, variant) in variants {
            if variant.get("$ref").is_some() {
                return Vec::new();
            }
            let Some(shape) = self.object_shape(variant, at) else {
                return Vec::new();
            };
            let required = string_list(shape.get("required"));
            let tags: Vec<String> = shape
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
                .filter(|(name, schema)| {
                    required.contains(name)
                        && schema
                            .as_object()
                            .is_some_and(|members| string_constant(members).is_some())
                })
                .map(|(name, _)| name.clone())
                .collect();
            common = Some(match common {
                None => tags,
                Some(before) => before
                    .into_iter()
                    .filter(|tag| tags.contains(tag))
                    .collect(),
            });
        }
        common.unwrap_or_default()
    }

    /// Whether typify makes these variants an externally tagged enum: each a string constant
    /// or an inline closed object with exactly one member, required (`{"a": ...}`), which the
    /// externally tagged form decodes exactly.
    fn externally_tagged(&mut self, variants: &[(String, Value)]) -> bool {
        let mut objects = 0;
        for (at, variant) in variants {
            if variant.get("$ref").is_some() {
                return false;
            }
            if variant.as_object().is_some_and(|members| {
                string_constant(members).is_some()
                    || members
                        .get("enum")
                        .and_then(Value::as_array)
                        .is_some_and(|values| values.iter().all(Value::is_string))
            }) {
                continue;
            }
            let Some(shape) = self.object_shape(variant, at) else {
                return false;
            };
            let properties = shape
                .get("properties")
                .and_then(Value::as_object)
                .map_or(0, Map::len);
            let required = string_list(shape.get("required"));
            if properties != 1
                || required.len() != 1
                || shape.get("additionalProperties") != Some(&Value::Bool(false))
            {
                return false;
            }
            objects += 1;
        }
        objects > 0
    }

    /// How much a union variant asks for (required properties, then declared ones), to try
    /// the more demanding variants first.
    fn variant_rank(&mut self, variant: &Value, at: &str) -> (usize, usize) {
        match self.object_shape(variant, at) {
            Some(shape) => (
                string_list(shape.get("required")).len(),
                shape
                    .get("properties")
                    .and_then(Value::as_object)
                    .map_or(0, Map::len),
            ),
            None => specificity(variant),
        }
    }

    /// For untagged variants that are all objects and of which one accepts another's values
    /// (its required properties are all declared by the other), or that are `anyOf`
    /// alternatives (a value may match several), the single object that holds every
    /// variant's fields; `None` when the variants are distinguishable `oneOf` alternatives,
    /// tagged, not all objects, or disagree on a property's schema.
    fn overlapping_objects(
        &mut self,
        variants: &[(String, Value)],
        any_of: bool,
    ) -> Option<Map<String, Value>> {
        let mut shapes = Vec::new();
        for (at, variant) in variants {
            shapes.push(self.object_shape(variant, at)?);
        }
        let names = |shape: &Map<String, Value>, key: &str| -> Vec<String> {
            match shape.get(key) {
                Some(Value::Object(properties)) => properties.keys().cloned().collect(),
                Some(Value::Array(required)) => required
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            }
        };
        let tag_free = !shapes.iter().all(|shape| {
            names(shape, "required").iter().any(|name| {
                shape["properties"]
                    .get(name)
                    .and_then(|p| p.as_object())
                    .is_some_and(|p| string_constant(p).is_some())
            })
        });
        // Two variants can match the same value unless one of them refuses a member the other
        // requires (it is closed and does not declare it). Variants no value can match at
        // once stay an untagged enum (a closed one decodes strictly, so the one that matches is
        // the one chosen); otherwise only one struct keeps every member of a value.
        let can_both_match = |a: &Map<String, Value>, b: &Map<String, Value>| {
            let admits = |holder: &Map<String, Value>, other: &Map<String, Value>| {
                !is_closed(holder)
                    || names(other, "required")
                        .iter()
                        .all(|name| names(holder, "properties").contains(name))
            };
            admits(a, b) && admits(b, a)
        };
        let overlapping = shapes.iter().enumerate().any(|(i, a)| {
            shapes.iter().enumerate().any(|(j, b)| {
                i != j
                    && names(a, "required")
                        .iter()
                        .all(|name| names(b, "properties").contains(name))
            })
        });
        let can_overlap = shapes.iter().enumerate().any(|(i, a)| {
            shapes
                .iter()
                .enumerate()
                .any(|(j, b)| i != j && can_both_match(a, b))
        });
        if !tag_free || !(overlapping || any_of) || !can_overlap {
            return None;
        }
        let mut properties = Map::new();
        for shape in &shapes {
            if let Some(Value::Object(declared)) = shape.get("properties") {
                for (name, schema) in declared {
                    match properties.get(name) {
                        // Descriptions may differ; the types may not.
                        Some(existing) if !same_shape(existing, schema) => return None,
                        Some(_) => {}
                        None => {
                            properties.insert(name.clone(), schema.clone());
                        }
                    }
                }
            }
        }
        let required: Vec<Value> = names(&shapes[0], "required")
            .into_iter()
            .filter(|name| {
                shapes
                    .iter()
                    .all(|shape| names(shape, "required").contains(name))
            })
            .map(Value::String)
            .collect();
        // One struct must not refuse a value some variant accepts, nor write one no variant
        // accepts:
        // - a member that an open variant leaves undeclared may hold anything when that
        //   variant matches: its field drops a value that does not fit (lenient);
        // - a member a variant requires and allows `null` for is written as `null` by that
        //   variant but left out by the merged struct's optional field: no merge.
        for (name, schema) in properties.iter_mut() {
            let left_open = shapes
                .iter()
                .any(|shape| !names(shape, "properties").contains(name) && !is_closed(shape));
            let required_nullable = shapes.iter().any(|shape| {
                names(shape, "required").contains(name)
                    && shape["properties"]
                        .get(name)
                        .is_some_and(|property| self.accepts_null(property))
            });
            if required_nullable && !required.contains(&Value::String(name.clone())) {
                return None;
            }
            if left_open && let Value::Object(members) = schema {
                members.insert(LENIENT.into(), json!(true));
            }
        }
        let mut merged = Map::new();
        merged.insert("type".into(), json!("object"));
        merged.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            merged.insert("required".into(), Value::Array(required));
        }
        Some(merged)
    }
}

/// Whether every variant is an object with the same required property holding a string
/// constant (typify makes that an internally tagged enum).
fn is_tagged(variants: &[Value]) -> bool {
    let tags = |variant: &Value| -> Vec<String> {
        let required: Vec<&str> = variant
            .get("required")
            .and_then(Value::as_array)
            .map(|names| names.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        variant
            .get("properties")
            .and_then(Value::as_object)
            .map(|properties| {
                properties
                    .iter()
                    .filter(|(name, schema)| {
                        required.contains(&name.as_str())
                            && schema
                                .get("enum")
                                .and_then(Value::as_array)
                                .is_some_and(|values| values.len() == 1)
                    })
                    .map(|(name, _)| name.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let Some(first) = variants.first() else {
        return false;
    };
    tags(first)
        .iter()
        .any(|tag| variants.iter().all(|variant| tags(variant).contains(tag)))
}

/// How much a union variant asks for: required properties first, then declared ones.
fn specificity(variant: &Value) -> (usize, usize) {
    let required = variant
        .get("required")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let properties = variant
        .get("properties")
        .and_then(Value::as_object)
        .map_or(0, Map::len);
    (required, properties)
}

/// The strings of a `required`-like list.
fn string_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn merge_description(mut inner: Value, description: Option<&Value>) -> Value {
    if let (Some(description), Value::Object(members)) = (description, &mut inner) {
        members.entry("description").or_insert(description.clone());
    }
    inner
}

/// Whether the schema also accepts `null`.
pub(super) fn is_nullable(members: &Map<String, Value>) -> bool {
    types_of(members).contains(&"null")
        || members.get("nullable") == Some(&Value::Bool(true))
        || members
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.iter().any(Value::is_null) && values.len() > 1)
        || ["oneOf", "anyOf"].iter().any(|keyword| {
            members
                .get(*keyword)
                .and_then(Value::as_array)
                .is_some_and(|variants| variants.iter().any(is_null_schema))
        })
}

/// Whether the root schema at `pointer` also accepts `null` (`type: ["object", "null"]`, a
/// union with `null`, OpenAPI's `nullable` already read as one of these).
pub(super) fn root_accepts_null(document: &Value, pointer: &str) -> bool {
    let Some(Value::Object(members)) = document.pointer(pointer) else {
        return false;
    };
    if types_of(members).contains(&"null") {
        return true;
    }
    ["anyOf", "oneOf"].iter().any(|keyword| {
        members
            .get(*keyword)
            .and_then(Value::as_array)
            .is_some_and(|variants| {
                variants.iter().enumerate().any(|(index, variant)| {
                    let at = push_pointer(&push_pointer(pointer, keyword), &index.to_string());
                    null_variant(document, variant, &at)
                })
            })
    })
}

/// Whether a union variant accepts only `null`, following a `$ref` (written at `pointer`)
/// to a definition that does.
pub(super) fn null_variant(document: &Value, variant: &Value, pointer: &str) -> bool {
    if is_null_schema(variant) {
        return true;
    }
    let mut current = variant;
    let mut at = pointer.to_string();
    for _ in 0..8 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return false;
        };
        let only_reference = current.as_object().is_some_and(|members| {
            members
                .keys()
                .all(|key| key == "$ref" || ANNOTATIONS.contains(&key.as_str()))
        });
        if !only_reference {
            return false;
        }
        let Ok(target) = resolve_ref(document, &at, reference) else {
            return false;
        };
        let Some(next) = document.pointer(&target) else {
            return false;
        };
        if is_null_schema(next) {
            return true;
        }
        current = next;
        at = target;
    }
    false
}

fn is_null_schema(schema: &Value) -> bool {
    match schema {
        Value::Object(members) => {
            types_of(members) == ["null"]
                || members.get("const") == Some(&Value::Null)
                || members
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.iter().all(Value::is_null))
        }
        _ => false,
    }
}

/// `T` or null.
pub(super) fn make_nullable(schema: Value) -> Value {
    match &schema {
        Value::Object(members)
            if members.is_empty() || members.keys().all(|key| key == "description") =>
        {
            schema
        }
        Value::Object(members)
            if members.get("type").is_some_and(Value::is_string)
                && !members.contains_key("properties") =>
        {
            let mut members = members.clone();
            let name = members.get("type").cloned().unwrap_or(Value::Null);
            if name == json!("null") {
                return schema;
            }
            members.insert("type".into(), json!([name, "null"]));
            Value::Object(members)
        }
        _ => {
            let description = schema.get("description").cloned();
            let mut inner = schema;
            if let Value::Object(members) = &mut inner {
                members.remove("description");
            }
            let mut out = json!({"anyOf": [inner, {"type": "null"}]});
            if let (Some(description), Value::Object(members)) = (description, &mut out) {
                members.insert("description".into(), description);
            }
            out
        }
    }
}
