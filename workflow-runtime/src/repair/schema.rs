//! A result schema compiled into the nodes the repair walk follows: types, enum values,
//! properties, items and combinators, with every `$ref` resolved to a node once.
//!
//! Only what the repair rules and the "fits" check read is kept; other keywords (ranges,
//! lengths, patterns, formats) are ignored. Nothing here fails: a keyword this does not
//! understand, or a `$ref` it cannot resolve, makes that part of the schema accept anything,
//! so the values under it are never touched.

use std::collections::HashMap;

use percent_encoding::percent_decode_str;
use serde_json::{Map, Value};

/// An index into [`Schema::nodes`].
pub(super) type NodeId = usize;

/// Deeper schemas are cut off here (and accept anything below): a schema parsed from text is at
/// most 128 levels deep, so only a hand-built `Value` can reach this.
const MAX_COMPILE_DEPTH: usize = 256;

/// A set of JSON Schema types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Types(u8);

impl Types {
    pub(super) const NULL: Types = Types(1);
    pub(super) const BOOLEAN: Types = Types(1 << 1);
    pub(super) const INTEGER: Types = Types(1 << 2);
    pub(super) const NUMBER: Types = Types(1 << 3);
    pub(super) const STRING: Types = Types(1 << 4);
    pub(super) const ARRAY: Types = Types(1 << 5);
    pub(super) const OBJECT: Types = Types(1 << 6);

    fn named(name: &str) -> Option<Types> {
        Some(match name {
            "null" => Types::NULL,
            "boolean" => Types::BOOLEAN,
            "integer" => Types::INTEGER,
            "number" => Types::NUMBER,
            "string" => Types::STRING,
            "array" => Types::ARRAY,
            "object" => Types::OBJECT,
            _ => return None,
        })
    }

    /// The type of an enum or const value: what the schema wants when it lists values only.
    fn of_value(value: &Value) -> Types {
        match value {
            Value::Null => Types::NULL,
            Value::Bool(_) => Types::BOOLEAN,
            Value::Number(number) if number.is_i64() || number.is_u64() => Types::INTEGER,
            Value::Number(_) => Types::NUMBER,
            Value::String(_) => Types::STRING,
            Value::Array(_) => Types::ARRAY,
            Value::Object(_) => Types::OBJECT,
        }
    }

    fn union(self, other: Types) -> Types {
        Types(self.0 | other.0)
    }

    pub(super) fn has(self, other: Types) -> bool {
        self.0 & other.0 != 0
    }

    /// `an object or null`, for messages.
    pub(super) fn describe(self) -> String {
        let names = [
            (Types::OBJECT, "an object"),
            (Types::ARRAY, "an array"),
            (Types::STRING, "a string"),
            (Types::NUMBER, "a number"),
            (Types::INTEGER, "an integer"),
            (Types::BOOLEAN, "a boolean"),
            (Types::NULL, "null"),
        ];
        names
            .iter()
            // Every integer is a number: "a number or an integer" says nothing more.
            .filter(|(types, _)| {
                self.has(*types) && !(*types == Types::INTEGER && self.has(Types::NUMBER))
            })
            .map(|(_, name)| *name)
            .collect::<Vec<_>>()
            .join(" or ")
    }
}

/// Property schemas by name. Looked up once for every member the repair walk meets: hashed with
/// FNV-1a, which short keys need no more (the names come from the workflow's own schema, not
/// from the answer, so there is nothing to flood).
pub(super) type Properties = HashMap<String, NodeId, std::hash::BuildHasherDefault<Fnv>>;

/// The FNV-1a hash.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// What the members of an object that are not in `properties` must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Extras {
    /// Anything: they are not looked at.
    Any,
    /// Values of this schema (`additionalProperties: {...}`, or the single pattern of
    /// `patternProperties` next to `additionalProperties: false`).
    Schema(NodeId),
    /// None may appear (`additionalProperties: false` without patterns).
    Closed,
}

/// One compiled schema.
#[derive(Debug, Clone)]
pub(super) struct Node {
    /// The `false` schema: no value fits it.
    pub(super) nothing: bool,
    /// From `type`, or inferred from the keywords that imply one (`properties`: an object,
    /// `items`: an array, `enum`: the types of its values). `None`: any type.
    pub(super) types: Option<Types>,
    /// From `enum`, or `const` as a one-value enum.
    pub(super) values: Option<Vec<Value>>,
    pub(super) properties: Properties,
    pub(super) required: Vec<String>,
    pub(super) extras: Extras,
    /// Schemas of the first items, by position (`prefixItems`, or draft-07's array `items`).
    pub(super) prefix_items: Vec<NodeId>,
    /// The schema of the other items.
    pub(super) items: Option<NodeId>,
    pub(super) reference: Option<NodeId>,
    pub(super) all_of: Vec<NodeId>,
    /// `anyOf` and `oneOf`.
    pub(super) unions: Vec<Union>,
    /// Nothing but a `type` (or none), and maybe an enum: no `$ref`, `allOf`, union,
    /// properties, extras or items. A value of an allowed type needs at most the enum rule, with
    /// nothing to walk below it.
    pub(super) leaf: bool,
}

impl Node {
    fn any() -> Node {
        Node {
            nothing: false,
            types: None,
            values: None,
            properties: Properties::default(),
            required: Vec::new(),
            extras: Extras::Any,
            prefix_items: Vec::new(),
            items: None,
            reference: None,
            all_of: Vec::new(),
            unions: Vec::new(),
            leaf: false,
        }
    }

    fn is_leaf(&self) -> bool {
        !self.nothing
            && self.properties.is_empty()
            && self.extras == Extras::Any
            && self.prefix_items.is_empty()
            && self.items.is_none()
            && self.reference.is_none()
            && self.all_of.is_empty()
            && self.unions.is_empty()
    }
}

/// The variants of an `anyOf` or `oneOf`.
#[derive(Debug, Clone)]
pub(super) struct Union {
    pub(super) variants: Vec<NodeId>,
    /// Set when every variant (but `{"type": "null"}` ones: `Option<Enum>`) is an object whose
    /// property `property` has a single string value (`const`, or a one-value `enum`), all
    /// different.
    pub(super) tag: Option<Tag>,
}

#[derive(Debug, Clone)]
pub(super) struct Tag {
    pub(super) property: String,
    /// Each tag value and the variant it selects.
    pub(super) values: Vec<(String, NodeId)>,
}

/// A compiled result schema. Node 0 is the root.
#[derive(Debug, Clone)]
pub(crate) struct Schema {
    pub(super) nodes: Vec<Node>,
}

impl Schema {
    pub(super) const ROOT: NodeId = 0;

    /// Compiles `root`, a self-contained schema (`$defs` inside, local `$ref`s).
    pub(crate) fn compile(root: &Value) -> Schema {
        let mut compiler = Compiler {
            root,
            draft7: is_before_2019(root),
            nodes: Vec::new(),
            by_pointer: HashMap::new(),
            anchors: None,
        };
        compiler.node_at(String::new(), root, 0);
        let mut schema = Schema {
            nodes: compiler.nodes,
        };
        schema.find_tags();
        for node in &mut schema.nodes {
            node.leaf = node.is_leaf();
        }
        schema
    }

    /// A schema that accepts anything: nothing under it is ever repaired.
    pub(crate) fn anything() -> Schema {
        Schema {
            nodes: vec![Node::any()],
        }
    }

    pub(super) fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id)
    }

    fn find_tags(&mut self) {
        for index in 0..self.nodes.len() {
            let unions = self
                .nodes
                .get(index)
                .map(|node| node.unions.len())
                .unwrap_or(0);
            for which in 0..unions {
                let tag = self
                    .nodes
                    .get(index)
                    .and_then(|node| node.unions.get(which))
                    .and_then(|union| self.tag_of(&union.variants));
                if let Some(union) = self
                    .nodes
                    .get_mut(index)
                    .and_then(|node| node.unions.get_mut(which))
                {
                    union.tag = tag;
                }
            }
        }
    }

    fn tag_of(&self, variants: &[NodeId]) -> Option<Tag> {
        let tagged: Vec<NodeId> = variants
            .iter()
            .copied()
            .filter(|variant| {
                self.node(*variant)
                    .is_some_and(|node| node.types != Some(Types::NULL))
            })
            .collect();
        let (first, rest) = tagged.split_first()?;
        if rest.is_empty() {
            return None;
        }
        let mut names = Vec::new();
        self.property_names(*first, 0, &mut names);
        names.into_iter().find_map(|property| {
            let values: Vec<(String, NodeId)> = tagged
                .iter()
                .map(|variant| Some((self.single_string(*variant, &property, 0)?, *variant)))
                .collect::<Option<_>>()?;
            let distinct = values.iter().enumerate().all(|(index, (value, _))| {
                !values[..index].iter().any(|(other, _)| other == value)
            });
            distinct.then_some(Tag { property, values })
        })
    }

    /// The property names a node declares, through `$ref` and `allOf`.
    fn property_names(&self, id: NodeId, depth: usize, names: &mut Vec<String>) {
        let Some(node) = self.node(id) else { return };
        if depth > 16 {
            return;
        }
        let mut own: Vec<&String> = node.properties.keys().collect();
        own.sort();
        for name in own {
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
        for next in node.reference.iter().chain(&node.all_of) {
            self.property_names(*next, depth + 1, names);
        }
    }

    /// The one string value property `name` of node `id` may have, if it has exactly one.
    fn single_string(&self, id: NodeId, name: &str, depth: usize) -> Option<String> {
        let node = self.node(id)?;
        if depth > 16 {
            return None;
        }
        if let Some(property) = node.properties.get(name)
            && let Some(value) = self.only_value(*property, 0)
        {
            return Some(value);
        }
        node.reference
            .iter()
            .chain(&node.all_of)
            .find_map(|next| self.single_string(*next, name, depth + 1))
    }

    fn only_value(&self, id: NodeId, depth: usize) -> Option<String> {
        let node = self.node(id)?;
        if let Some(values) = &node.values {
            return match values.as_slice() {
                [Value::String(value)] => Some(value.clone()),
                _ => None,
            };
        }
        match node.reference {
            Some(target) if depth < 16 => self.only_value(target, depth + 1),
            _ => None,
        }
    }
}

/// Whether `$schema` names draft-07 or earlier, where `$ref` ignores its siblings and `items`
/// may be an array of positional schemas.
fn is_before_2019(root: &Value) -> bool {
    root.get("$schema")
        .and_then(Value::as_str)
        .is_some_and(|uri| {
            ["draft-04", "draft-06", "draft-07"]
                .iter()
                .any(|draft| uri.contains(draft))
        })
}

struct Compiler<'a> {
    root: &'a Value,
    draft7: bool,
    nodes: Vec<Node>,
    /// Every schema compiled so far, by its JSON pointer from the root: a `$ref` to one is
    /// that node, which also ties recursive schemas into cycles instead of compiling forever.
    by_pointer: HashMap<String, NodeId>,
    /// `$anchor` (and draft-07 `$id: "#name"`) names to JSON pointers, found on first use.
    anchors: Option<HashMap<String, String>>,
}

impl<'a> Compiler<'a> {
    fn node_at(&mut self, pointer: String, schema: &'a Value, depth: usize) -> NodeId {
        if let Some(id) = self.by_pointer.get(&pointer) {
            return *id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node::any());
        self.by_pointer.insert(pointer.clone(), id);
        let node = self.build(&pointer, schema, depth);
        if let Some(slot) = self.nodes.get_mut(id) {
            *slot = node;
        }
        id
    }

    fn child(&mut self, pointer: &str, keys: &[&str], schema: &'a Value, depth: usize) -> NodeId {
        let mut child = pointer.to_owned();
        for key in keys {
            child.push('/');
            child.push_str(&key.replace('~', "~0").replace('/', "~1"));
        }
        self.node_at(child, schema, depth + 1)
    }

    fn build(&mut self, pointer: &str, schema: &'a Value, depth: usize) -> Node {
        let mut node = Node::any();
        let members = match schema {
            Value::Bool(false) => {
                node.nothing = true;
                return node;
            }
            Value::Object(members) if depth <= MAX_COMPILE_DEPTH => members,
            _ => return node,
        };

        if let Some(reference) = members.get("$ref").and_then(Value::as_str) {
            node.reference = self.resolve(reference, depth);
            if self.draft7 {
                return node;
            }
        }

        node.types = match members.get("type") {
            Some(Value::String(name)) => Types::named(name),
            Some(Value::Array(names)) => names
                .iter()
                .filter_map(|name| name.as_str().and_then(Types::named))
                .reduce(Types::union),
            _ => None,
        };
        node.values = match (members.get("const"), members.get("enum")) {
            (Some(value), _) => Some(vec![value.clone()]),
            (None, Some(Value::Array(values))) => Some(values.clone()),
            _ => None,
        };
        if node.types.is_none() {
            node.types = implied_types(members, node.values.as_deref());
        }

        if let Some(Value::Object(properties)) = members.get("properties") {
            for (name, property) in properties {
                let id = self.child(pointer, &["properties", name], property, depth);
                node.properties.insert(name.clone(), id);
            }
        }
        if let Some(Value::Array(required)) = members.get("required") {
            node.required = required
                .iter()
                .filter_map(|name| name.as_str().map(str::to_owned))
                .collect();
        }
        node.extras = self.extras(pointer, members, depth);
        self.items(pointer, members, depth, &mut node);

        if let Some(Value::Array(members)) = members.get("allOf") {
            for (index, member) in members.iter().enumerate() {
                let id = self.child(pointer, &["allOf", &index.to_string()], member, depth);
                node.all_of.push(id);
            }
        }
        for keyword in ["anyOf", "oneOf"] {
            if let Some(Value::Array(variants)) = members.get(keyword) {
                let variants = variants
                    .iter()
                    .enumerate()
                    .map(|(index, variant)| {
                        self.child(pointer, &[keyword, &index.to_string()], variant, depth)
                    })
                    .collect();
                node.unions.push(Union {
                    variants,
                    tag: None,
                });
            }
        }
        node
    }

    /// What the members outside `properties` are, as the code generator maps them: a map of
    /// `additionalProperties`, or of the single pattern when `additionalProperties` is false.
    /// Matching keys against several patterns would need a regex engine; their values are
    /// left alone.
    fn extras(&mut self, pointer: &str, members: &'a Map<String, Value>, depth: usize) -> Extras {
        let patterns = members
            .get("patternProperties")
            .and_then(Value::as_object)
            .filter(|patterns| !patterns.is_empty());
        match (members.get("additionalProperties"), patterns) {
            (Some(Value::Bool(false)), None) => Extras::Closed,
            (Some(Value::Bool(false)), Some(patterns)) if patterns.len() == 1 => patterns
                .iter()
                .next()
                .map_or(Extras::Any, |(pattern, schema)| {
                    Extras::Schema(self.child(
                        pointer,
                        &["patternProperties", pattern],
                        schema,
                        depth,
                    ))
                }),
            (Some(schema @ Value::Object(_)), None) => {
                Extras::Schema(self.child(pointer, &["additionalProperties"], schema, depth))
            }
            _ => Extras::Any,
        }
    }

    fn items(
        &mut self,
        pointer: &str,
        members: &'a Map<String, Value>,
        depth: usize,
        node: &mut Node,
    ) {
        // 2020-12 `prefixItems` + `items`; draft-07 (and lenient 2020-12) `items: [...]` +
        // `additionalItems`.
        let (positional, positional_keyword, rest, rest_keyword) = match members.get("items") {
            Some(Value::Array(positional)) => (
                Some(positional),
                "items",
                members.get("additionalItems"),
                "additionalItems",
            ),
            items => (
                members.get("prefixItems").and_then(Value::as_array),
                "prefixItems",
                items,
                "items",
            ),
        };
        if let Some(positional) = positional {
            for (index, item) in positional.iter().enumerate() {
                let id = self.child(
                    pointer,
                    &[positional_keyword, &index.to_string()],
                    item,
                    depth,
                );
                node.prefix_items.push(id);
            }
        }
        if let Some(rest) = rest.filter(|rest| rest.is_object() || rest.is_boolean()) {
            node.items = Some(self.child(pointer, &[rest_keyword], rest, depth));
        }
    }

    /// The node a local `$ref` points at: `#`, `#/$defs/Name` (percent-encoded or not, with
    /// `~0`/`~1` escapes) or `#anchor`. Other references resolve to nothing.
    fn resolve(&mut self, reference: &str, depth: usize) -> Option<NodeId> {
        let fragment = reference.strip_prefix('#')?;
        let fragment = percent_decode_str(fragment).decode_utf8().ok()?;
        let pointer = if fragment.is_empty() || fragment.starts_with('/') {
            fragment.into_owned()
        } else {
            self.anchor(&fragment)?
        };
        let target = self.root.pointer(&pointer)?;
        Some(self.node_at(pointer, target, depth + 1))
    }

    fn anchor(&mut self, name: &str) -> Option<String> {
        let root = self.root;
        let anchors = self.anchors.get_or_insert_with(|| {
            let mut anchors = HashMap::new();
            collect_anchors(root, String::new(), 0, &mut anchors);
            anchors
        });
        anchors.get(name).cloned()
    }
}

fn implied_types(members: &Map<String, Value>, values: Option<&[Value]>) -> Option<Types> {
    if let Some(values) = values {
        return values.iter().map(Types::of_value).reduce(Types::union);
    }
    if ["properties", "additionalProperties", "patternProperties"]
        .iter()
        .any(|keyword| members.contains_key(*keyword))
    {
        return Some(Types::OBJECT);
    }
    if ["items", "prefixItems"]
        .iter()
        .any(|keyword| members.contains_key(*keyword))
    {
        return Some(Types::ARRAY);
    }
    None
}

fn collect_anchors(
    value: &Value,
    pointer: String,
    depth: usize,
    anchors: &mut HashMap<String, String>,
) {
    if depth > MAX_COMPILE_DEPTH {
        return;
    }
    match value {
        Value::Object(members) => {
            if let Some(anchor) = members.get("$anchor").and_then(Value::as_str) {
                anchors
                    .entry(anchor.to_owned())
                    .or_insert_with(|| pointer.clone());
            }
            if let Some(anchor) = members
                .get("$id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix('#'))
            {
                anchors
                    .entry(anchor.to_owned())
                    .or_insert_with(|| pointer.clone());
            }
            for (key, member) in members {
                let escaped = key.replace('~', "~0").replace('/', "~1");
                collect_anchors(member, format!("{pointer}/{escaped}"), depth + 1, anchors);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_anchors(item, format!("{pointer}/{index}"), depth + 1, anchors);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_resolve_once_and_recursion_becomes_a_cycle() {
        let schema = Schema::compile(&json!({
            "type": "object",
            "properties": {
                "children": { "type": "array", "items": { "$ref": "#" } },
                "a": { "$ref": "#/$defs/My%20Name" },
                "b": { "$ref": "#/$defs/My Name" },
                "c": { "$ref": "#here" },
                "gone": { "$ref": "#/$defs/Missing" },
                "far": { "$ref": "other.json#/x" }
            },
            "$defs": { "My Name": { "$anchor": "here", "type": "integer" } }
        }));
        let root = schema.node(Schema::ROOT).unwrap();
        let target = |name: &str| schema.node(root.properties[name]).unwrap().reference;
        let children = schema.node(root.properties["children"]).unwrap();
        let item = schema.node(children.items.unwrap()).unwrap();
        assert_eq!(item.reference, Some(Schema::ROOT));
        assert!(target("a").is_some());
        assert_eq!(target("a"), target("b"));
        assert_eq!(target("a"), target("c"));
        assert_eq!(target("gone"), None);
        assert_eq!(target("far"), None);
    }

    #[test]
    fn types_are_implied_by_keywords_and_enum_values() {
        let schema = Schema::compile(&json!({
            "properties": {
                "e": { "enum": [1, 2, null] },
                "a": { "items": {} },
                "s": { "const": "x" },
                "any": { "description": "anything" }
            }
        }));
        let root = schema.node(Schema::ROOT).unwrap();
        let types = |name: &str| schema.node(root.properties[name]).unwrap().types;
        assert_eq!(root.types, Some(Types::OBJECT));
        assert_eq!(types("e"), Some(Types::INTEGER.union(Types::NULL)));
        assert_eq!(types("a"), Some(Types::ARRAY));
        assert_eq!(types("s"), Some(Types::STRING));
        assert_eq!(types("any"), None);
    }

    #[test]
    fn tagged_unions_are_found_through_refs() {
        let schema = Schema::compile(&json!({
            "oneOf": [
                { "$ref": "#/$defs/Reply" },
                { "type": "null" },
                { "type": "object", "properties": { "type": { "enum": ["close"] } } }
            ],
            "$defs": {
                "Reply": { "type": "object", "properties": { "type": { "const": "reply" }, "draft": { "type": "string" } } }
            }
        }));
        let union = &schema.node(Schema::ROOT).unwrap().unions[0];
        let tag = union.tag.as_ref().unwrap();
        assert_eq!(tag.property, "type");
        let values: Vec<&str> = tag.values.iter().map(|(value, _)| value.as_str()).collect();
        assert_eq!(values, ["reply", "close"]);
        assert_eq!(tag.values[0].1, union.variants[0]);
        assert_eq!(tag.values[1].1, union.variants[2]);
    }

    #[test]
    fn draft_07_refs_ignore_their_siblings() {
        let schema = Schema::compile(&json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "definitions": { "n": { "type": "number" } },
            "$ref": "#/definitions/n",
            "type": "string"
        }));
        let root = schema.node(Schema::ROOT).unwrap();
        assert_eq!(root.types, None);
        assert!(root.reference.is_some());
    }

    #[test]
    fn types_describe_themselves_for_messages() {
        assert_eq!(
            Types::OBJECT.union(Types::NULL).describe(),
            "an object or null"
        );
        assert_eq!(Types::INTEGER.union(Types::NUMBER).describe(), "a number");
        assert_eq!(Types::INTEGER.describe(), "an integer");
    }
}
