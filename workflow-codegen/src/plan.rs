//! Plan: turn a validated workflow file into a flat, collision-free set of named type
//! definitions that typify can convert without surprises.
//!
//! typify names types after titles, `$ref` path segments and parent types, and panics or
//! generates code that does not compile on schemas it does not expect
//! (`../shared/typify-notes.md`). This stage takes those decisions away from it:
//! - every type that gets a name (structs, enums, unions) is hoisted into one `$defs` map
//!   under a name planned here ([`crate::names`]), and every `$ref` points into that map;
//! - string enums are planned here and emitted by [`crate::emit`], not by typify;
//! - keywords that would make typify pick awkward or lossy types are removed from the copy it
//!   sees (string formats, patterns, lengths, integer bounds, defaults, `uniqueItems`); the
//!   original schema still travels with the generated code, and the runtime validates inputs
//!   against it;
//! - constructs without a precise type get a documented fallback (`serde_json::Value` for
//!   mixed enums and `not`, `Vec<serde_json::Value>` for open tuples).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde_json::{Map, Value, json};

use crate::diag::Diagnostic;
use crate::names::{self, NameSet};
use crate::pointer::push_pointer;
use crate::schema::{resolve_ref, types_of};
use crate::validate::WorkflowFile;

/// The plan for one workflow's module.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Module name (`car`).
    pub module: String,
    /// Marker type name (`Car`).
    pub marker: String,
    /// The workflow's name as written.
    pub name: String,
    /// Deployment id to bake in, if any.
    pub deployment_id: Option<String>,
    /// Module documentation.
    pub description: Option<String>,
    /// Named definitions for typify, `Input` and `Output` first. String enums are listed too
    /// (typify needs them to resolve refs) but are replaced by [`Plan::enums`].
    pub defs: Vec<(String, Value)>,
    /// String enums, emitted by this crate.
    pub enums: Vec<EnumPlan>,
    /// Type name -> JSON pointer of the schema it was made from.
    pub sources: BTreeMap<String, String>,
    /// Type name -> where its schema is, as the module docs show it: the pointer in the
    /// workflow file, or `file.json#/pointer` in a file a `$ref` points into.
    pub shown_sources: BTreeMap<String, String>,
    /// Struct name -> JSON name -> the `Constraints: ...` line of its field's docs.
    pub field_constraints: BTreeMap<String, BTreeMap<String, String>>,
    /// Structs whose schema is closed (`additionalProperties: false`): as untagged union
    /// variants they refuse members they do not declare.
    pub closed: BTreeSet<String>,
    /// Struct name -> JSON names of fields merged from alternatives that not all declare
    /// them: a value that does not fit is dropped (`None`) instead of failing the struct.
    pub lenient: BTreeMap<String, BTreeSet<String>>,
    /// Struct name -> JSON name -> the constant (JSON text, not a string) that an untagged
    /// union variant's field must hold, so that the variant does not match other values.
    pub constants: BTreeMap<String, BTreeMap<String, String>>,
    /// The input's JSON Schema, self-contained, as the runtime validates it.
    pub input_schema: Value,
    /// The result's JSON Schema, self-contained.
    pub result_schema: Value,
    /// Examples as (input, result) JSON.
    pub examples: Vec<(Value, Value)>,
    /// The files the schemas' `$ref`s point into, as read (filled by
    /// [`crate::analyze`]): the macro makes each a rebuild trigger.
    pub referenced: Vec<std::path::PathBuf>,
    /// The result schema also allows `null`: the object is `OutputObject`, and `Output` is
    /// `Option<OutputObject>`.
    pub output_nullable: bool,
}

/// A string enum: `#[serde(rename = value)] Variant` for each value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumPlan {
    /// Type name.
    pub name: String,
    /// Doc text from the schema.
    pub description: Option<String>,
    /// (variant identifier, JSON value) in schema order.
    pub variants: Vec<(String, String)>,
}

/// Keywords that only annotate; a `$ref` with nothing else but these is a plain reference.
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
    "$id",
    "$schema",
    "$anchor",
    "$defs",
    "definitions",
    "nullable",
];

/// Builds the plan. Problems found here (rare: validation catches most) are returned all at once.
pub fn plan(file: &WorkflowFile) -> Result<Plan, Vec<Diagnostic>> {
    let module = names::module_ident(&file.name);
    let marker = names::marker_ident(&file.name);
    let mut planner = Planner {
        document: &file.document,
        names: NameSet::default(),
        target_names: HashMap::new(),
        queue: VecDeque::new(),
        emitted: BTreeMap::new(),
        defs: Vec::new(),
        enums: Vec::new(),
        inlining: Vec::new(),
        folded: HashMap::new(),
        closed: BTreeSet::new(),
        lenient: BTreeMap::new(),
        variant_structs: BTreeSet::new(),
        constants: BTreeMap::new(),
        field_constraints: BTreeMap::new(),
        problems: Vec::new(),
        depth: 0,
        virtual_depth: 0,
        output_name: "Output",
    };
    planner.names.reserve_fixed("Input");
    planner.names.reserve_fixed("Output");
    planner.names.reserve_fixed(&marker);
    // A result that may also be `null` is `Option<OutputObject>`, named `Output`.
    let output_nullable = root_accepts_null(&file.document, "/result");
    if output_nullable {
        planner.output_name = "OutputObject";
        planner.names.reserve_fixed("OutputObject");
    }
    planner.target_names.insert("/input".into(), "Input".into());
    planner
        .target_names
        .insert("/result".into(), planner.output_name.into());
    planner.name_definitions();
    planner.queue.push_back("/input".into());
    planner.queue.push_back("/result".into());
    planner.run();

    if !planner.problems.is_empty() {
        return Err(planner.problems);
    }
    let Planner {
        mut defs,
        enums,
        emitted,
        closed,
        lenient,
        mut constants,
        variant_structs,
        field_constraints,
        ..
    } = planner;
    let shown_sources = emitted
        .iter()
        .map(|(name, pointer)| (name.clone(), shown_pointer(&file.document, pointer)))
        .collect();
    constants.retain(|name, _| {
        emitted
            .get(name)
            .is_some_and(|pointer| variant_structs.contains(pointer))
    });
    // Input and Output first, then the rest in the order they were reached.
    defs.sort_by_key(|(name, _)| match name.as_str() {
        "Input" => 0,
        "Output" | "OutputObject" => 1,
        _ => 2,
    });
    Ok(Plan {
        module,
        marker,
        name: file.name.clone(),
        deployment_id: file.deployment_id.clone(),
        description: file.description.clone(),
        defs,
        enums,
        sources: emitted,
        shown_sources,
        field_constraints,
        closed,
        lenient,
        constants,
        input_schema: self_contained(&file.document, "input"),
        result_schema: self_contained(&file.document, "result"),
        examples: file
            .examples
            .iter()
            .map(|example| (example.input.clone(), example.result.clone()))
            .collect(),
        referenced: Vec::new(),
        output_nullable,
    })
}

/// A document pointer as users find the schema: as written for the workflow file,
/// `file.json#/pointer` inside a file that a `$ref` points into.
fn shown_pointer(document: &Value, pointer: &str) -> String {
    let Some((index, inner)) = crate::refs::split_mount(pointer) else {
        return pointer.to_string();
    };
    let file = document
        .pointer(&format!("/{}/files/{index}/shown", crate::refs::FILES))
        .and_then(Value::as_str)
        .and_then(|shown| std::path::Path::new(shown).file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| format!("file {index}"));
    format!("{file}#{inner}")
}

/// The `input` or `result` schema as one self-contained JSON Schema that any validator reads
/// the way codegen did: every `$ref` is rewritten to a plain JSON pointer from the new root,
/// and what it points at outside that schema is copied into its `$defs`. `$id`s and
/// `$anchor`s go: nothing refers to them any more.
fn self_contained(document: &Value, key: &str) -> Value {
    let root = format!("/{key}");
    let mut embedder = Embedder {
        document,
        root: root.clone(),
        names: BTreeMap::new(),
        taken: BTreeSet::new(),
        defs: Map::new(),
        queue: Vec::new(),
    };
    let mut schema = document.get(key).cloned().unwrap_or(Value::Bool(true));
    let own_defs: Vec<String> = schema
        .get("$defs")
        .and_then(Value::as_object)
        .map(|defs| defs.keys().cloned().collect())
        .unwrap_or_default();
    embedder.rewrite(&mut schema, &root);
    while let Some((target, name)) = embedder.queue.pop() {
        let mut copy = document
            .pointer(&target)
            .cloned()
            .unwrap_or(Value::Bool(true));
        embedder.rewrite(&mut copy, &target);
        strip_annotations(&mut copy);
        embedder.defs.insert(name, copy);
    }
    strip_annotations(&mut schema);
    if let Value::Object(members) = &mut schema {
        if !embedder.defs.is_empty() {
            let defs = members.entry("$defs").or_insert_with(|| json!({}));
            if let Value::Object(defs) = defs {
                for (name, definition) in std::mem::take(&mut embedder.defs) {
                    if !own_defs.contains(&name) {
                        defs.insert(name, definition);
                    }
                }
            }
        }
        // Draft-07's array form of `items` is an error in 2020-12, the default draft of a
        // schema without `$schema`: say which draft it is.
        if !members.contains_key("$schema")
            && (members.get("items").is_some_and(Value::is_array)
                || members.contains_key("additionalItems")
                || members.values().any(uses_draft_07_items))
        {
            members.insert(
                "$schema".into(),
                json!("http://json-schema.org/draft-07/schema#"),
            );
        }
    }
    schema
}

struct Embedder<'a> {
    document: &'a Value,
    /// Pointer of the schema being embedded (`/input` or `/result`).
    root: String,
    /// File pointer of a copied definition -> its name under the new `$defs`.
    names: BTreeMap<String, String>,
    /// The names given out in `names`.
    taken: BTreeSet<String>,
    defs: Map<String, Value>,
    queue: Vec<(String, String)>,
}

impl Embedder<'_> {
    /// Rewrites the references in the schema `value`, which sits at `pointer` in the file, and
    /// in its subschemas: schema positions only, so that a property named `$schema` or `$id`
    /// and a `const` or `default` value holding `$ref` stay as written.
    fn rewrite(&mut self, value: &mut Value, pointer: &str) {
        let Value::Object(members) = value else {
            return;
        };
        members.remove("$id");
        members.remove("$anchor");
        if pointer != self.root {
            members.remove("$schema");
        }
        if let Some(Value::String(reference)) = members.get("$ref")
            && let Ok(target) = resolve_ref(self.document, pointer, reference)
        {
            let local = self.local(&target);
            members.insert(
                "$ref".into(),
                json!(format!("#{}", encode_fragment(&local))),
            );
        }
        crate::schema::for_each_subschema_mut(members, pointer, |child, at| {
            self.rewrite(child, &at);
        });
    }

    /// Where the file's `target` lives in the embedded schema.
    fn local(&mut self, target: &str) -> String {
        if let Some(rest) = target.strip_prefix(self.root.as_str())
            && (rest.is_empty() || rest.starts_with('/'))
        {
            return rest.to_string();
        }
        if let Some(name) = self.names.get(target) {
            return push_pointer("/$defs", name);
        }
        let wanted = match crate::refs::split_mount(target) {
            // A whole referenced file is named after the file.
            Some((index, "")) => crate::refs::shown_name(self.document, index)
                .unwrap_or_else(|| "definition".to_string()),
            _ => target
                .rsplit('/')
                .next()
                .unwrap_or("definition")
                .replace("~1", "/")
                .replace("~0", "~"),
        };
        let mut name = wanted.clone();
        let mut n = 2;
        while self.taken.contains(&name)
            || self
                .document
                .pointer(&format!("{}/$defs", self.root))
                .and_then(Value::as_object)
                .is_some_and(|own| own.contains_key(&name))
        {
            name = format!("{wanted}_{n}");
            n += 1;
        }
        self.names.insert(target.to_string(), name.clone());
        self.taken.insert(name.clone());
        self.queue.push((target.to_string(), name.clone()));
        push_pointer("/$defs", &name)
    }
}

/// Removes what only documents a schema (validators ignore it) from the copy generated code
/// carries, keyword positions only: a property may well be called `description`.
fn strip_annotations(schema: &mut Value) {
    let Value::Object(members) = schema else {
        return;
    };
    for keyword in ["title", "description", "examples", "example", "$comment"] {
        members.remove(keyword);
    }
    for (keyword, value) in members.iter_mut() {
        let keyword = keyword.as_str();
        if crate::schema::SINGLE.contains(&keyword) || keyword == "items" {
            match value {
                Value::Array(items) => items.iter_mut().for_each(strip_annotations),
                other => strip_annotations(other),
            }
        } else if crate::schema::ARRAYS.contains(&keyword) {
            if let Value::Array(items) = value {
                items.iter_mut().for_each(strip_annotations);
            }
        } else if (crate::schema::MAPS.contains(&keyword) || keyword == "dependencies")
            && let Value::Object(entries) = value
        {
            entries.values_mut().for_each(strip_annotations);
        }
    }
}

/// A JSON pointer as a URI fragment: `%`, spaces, `#`, `"` and non-ASCII percent-encoded.
fn encode_fragment(pointer: &str) -> String {
    let mut encoded = String::with_capacity(pointer.len());
    for c in pointer.chars() {
        if c.is_ascii()
            && !c.is_ascii_whitespace()
            && !matches!(c, '%' | '#' | '"')
            && !c.is_ascii_control()
        {
            encoded.push(c);
        } else {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                encoded.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    encoded
}

fn uses_draft_07_items(value: &Value) -> bool {
    match value {
        Value::Object(members) => {
            members.get("items").is_some_and(Value::is_array)
                || members.contains_key("additionalItems")
                || members.values().any(uses_draft_07_items)
        }
        Value::Array(items) => items.iter().any(uses_draft_07_items),
        _ => false,
    }
}

struct Planner<'a> {
    document: &'a Value,
    names: NameSet,
    /// JSON pointer of a named schema -> its type name.
    target_names: HashMap<String, String>,
    /// Named schemas still to convert.
    queue: VecDeque<String>,
    /// Type name -> JSON pointer it was converted from (each once).
    emitted: BTreeMap<String, String>,
    defs: Vec<(String, Value)>,
    enums: Vec<EnumPlan>,
    /// Primitive aliases being inlined, to stop on recursion.
    inlining: Vec<String>,
    /// Union variants hoisted with the union's shared keywords folded in, by the variant's
    /// pointer: their definitions are made from these copies, not from the file.
    folded: HashMap<String, Value>,
    /// Structs whose schema is closed (`additionalProperties: false`).
    closed: BTreeSet<String>,
    /// Struct name -> JSON names of its lenient fields.
    lenient: BTreeMap<String, BTreeSet<String>>,
    /// Pointers of the schemas that are object variants of untagged unions.
    variant_structs: BTreeSet<String>,
    /// Struct name -> JSON name -> the non-string constant its value must be (JSON text), for
    /// every struct; the plan keeps those of union variants.
    constants: BTreeMap<String, BTreeMap<String, String>>,
    /// Struct name -> JSON name -> the constraints line of the field's docs.
    field_constraints: BTreeMap<String, BTreeMap<String, String>>,
    problems: Vec<Diagnostic>,
    /// Nesting of `schema` calls, bounded so that no input can exhaust the stack.
    depth: usize,
    /// Nesting of `schema` calls at places that are not in the file (variants of unions
    /// merged in from elsewhere), bounded much lower: each such level grows the schemas
    /// being merged, so only a `$ref` that merges its own holder goes deep here.
    virtual_depth: usize,
    /// The result's type: `Output`, or `OutputObject` when the result may be `null`.
    output_name: &'static str,
}

/// The schema that accepts anything, for references into nowhere (validation reports those).
static TRUE: Value = Value::Bool(true);

/// Deeper than any real schema (JSON itself is parsed to at most 128 levels).
const MAX_DEPTH: usize = 200;

/// Deeper than unions merged into unions ever nest in a real schema.
const MAX_VIRTUAL_DEPTH: usize = 32;

/// The nesting of `schema` calls from which places not in the file are counted.
const COUNT_VIRTUAL_FROM: usize = 24;

/// Marks a property that an `allOf` merge copied from elsewhere with the JSON pointer it came
/// from, so it is converted (and its hoisted types named) where it was written.
const ORIGIN: &str = "x-workflow-origin";

/// Marks a property of a merged struct that some alternative leaves open: its field drops a
/// value that does not fit rather than failing the object.
const LENIENT: &str = "x-workflow-lenient";

fn without_origin(value: &Value) -> Value {
    let mut value = value.clone();
    if let Value::Object(members) = &mut value {
        members.remove(ORIGIN);
        members.remove(LENIENT);
    }
    value
}

/// Whether two property schemas describe the same values: equal but for where they were
/// written and their annotations.
fn same_shape(a: &Value, b: &Value) -> bool {
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
fn is_closed(shape: &Map<String, Value>) -> bool {
    shape.get("additionalProperties") == Some(&Value::Bool(false))
        && !shape.contains_key("patternProperties")
}

/// What the schema at hand is for, to name what gets hoisted out of it.
#[derive(Clone, Default)]
struct Hint {
    /// Name for a type made from this schema when it has no title (`Spans`, `SpansItem`).
    name: String,
    /// The type whose definition holds this schema; prefixes `name` when it is taken.
    owner: String,
    /// A `oneOf`/`anyOf` variant or `allOf` member: its object stays inline so typify sees
    /// the union's shape (tagged enums) or merges it.
    inline: bool,
    /// The properties that tag the union this inline variant belongs to.
    tags: Vec<String>,
    /// A property of such an inline object that tags its union: its string constant stays
    /// inline, where typify sees the tag (any other constant is an enum named here).
    constant_inline: bool,
    /// Converting a named definition: nullability belongs to the places that use it.
    defining: bool,
}

impl Hint {
    fn definition(name: &str) -> Self {
        Self {
            name: name.to_string(),
            owner: name.to_string(),
            defining: true,
            ..Self::default()
        }
    }

    /// The hint for a property `key` of the object this hint is for.
    fn property(&self, key: &str) -> Self {
        Self {
            // Raw text: made into a type name only when a type is hoisted from it.
            name: key.to_string(),
            owner: self.owner.clone(),
            constant_inline: self.inline && self.tags.iter().any(|tag| tag == key),
            ..Self::default()
        }
    }

    fn child(&self, suffix: &str) -> Self {
        Self {
            name: format!("{} {suffix}", self.name),
            owner: self.owner.clone(),
            ..Self::default()
        }
    }

    /// An object variant of an untagged union: a struct of its own.
    fn variant(&self, name: String) -> Self {
        Self {
            name,
            owner: self.owner.clone(),
            ..Self::default()
        }
    }

    fn inline(&self, name: String, tags: &[String]) -> Self {
        Self {
            name,
            owner: self.owner.clone(),
            inline: true,
            tags: tags.to_vec(),
            ..Self::default()
        }
    }

    /// Without the `defining` flag: for schemas nested in a definition's own schema.
    fn nested(&self) -> Self {
        Self {
            defining: false,
            ..self.clone()
        }
    }
}

impl Planner<'_> {
    /// Reserves names for every definition the file declares, before any inline type can
    /// take them: definitions keep their names, titles yield.
    fn name_definitions(&mut self) {
        let mounted = self
            .document
            .pointer(&format!("/{}/files", crate::refs::FILES))
            .and_then(Value::as_array)
            .map_or(0, |files| files.len().saturating_sub(1));
        let bases: Vec<String> = ["", "/input", "/result"]
            .into_iter()
            .map(str::to_string)
            .chain((1..=mounted).map(crate::refs::mount_root))
            .collect();
        for base in &bases {
            for keyword in ["$defs", "definitions"] {
                let pointer = format!("{base}/{keyword}");
                let Some(Value::Object(defs)) = self.document.pointer(&pointer) else {
                    continue;
                };
                for key in defs.keys() {
                    let target = push_pointer(&pointer, key);
                    let name = names::unique_type(&mut self.names, key);
                    self.target_names.insert(target, name);
                }
            }
        }
    }

    fn run(&mut self) {
        // The roots may be bare references: the referenced definition becomes Input/Output
        // itself rather than a newtype around it.
        let output = self.output_name;
        for (root, name) in [("/input", "Input"), ("/result", output)] {
            let target = self.root_body(root);
            if target != root
                && !self
                    .target_names
                    .get(&target)
                    .is_some_and(|n| n == "Input" || n == output)
            {
                self.target_names.insert(target.clone(), name.to_string());
                self.queue.retain(|queued| queued != root);
                self.queue.push_back(target);
            }
        }
        while let Some(pointer) = self.queue.pop_front() {
            let Some(name) = self.target_names.get(&pointer).cloned() else {
                continue;
            };
            if self.emitted.contains_key(&name) {
                continue;
            }
            self.emitted.insert(name.clone(), pointer.clone());
            let document = self.document;
            let folded = self.folded.get(&pointer).cloned();
            let schema = match &folded {
                Some(schema) => schema,
                None => document.pointer(&pointer).unwrap_or(&TRUE),
            };
            self.define(&name, schema, &pointer);
        }
    }

    /// The schema that a root's type is made from: references followed, and a union of one
    /// schema with `null` unwrapped (the input travels as an object; a result that may be
    /// `null` is an `Option` of its object).
    fn root_body(&mut self, root: &str) -> String {
        let mut current = self.final_target(root);
        for _ in 0..8 {
            let Some(Value::Object(members)) = self.document.pointer(&current) else {
                break;
            };
            let Some((keyword, variants)) = ["anyOf", "oneOf"].iter().find_map(|keyword| {
                members
                    .get(*keyword)
                    .and_then(Value::as_array)
                    .map(|variants| (*keyword, variants))
            }) else {
                break;
            };
            let structural = members
                .keys()
                .any(|key| key != keyword && key != "type" && !ANNOTATIONS.contains(&key.as_str()));
            let base = push_pointer(&current, keyword);
            let kept: Vec<String> = variants
                .iter()
                .enumerate()
                .map(|(index, _)| push_pointer(&base, &index.to_string()))
                .filter(|at| {
                    let variant = self.document.pointer(at).unwrap_or(&TRUE);
                    !null_variant(self.document, variant, at)
                })
                .collect();
            if structural || kept.len() != 1 || kept.len() == variants.len() {
                break;
            }
            current = self.final_target(&kept[0]);
        }
        current
    }

    /// Follows `$ref`s that are nothing but a reference to where they end.
    fn final_target(&mut self, pointer: &str) -> String {
        let mut current = pointer.to_string();
        for _ in 0..32 {
            let Some(Value::Object(members)) = self.document.pointer(&current) else {
                break;
            };
            let Some(Value::String(reference)) = members.get("$ref") else {
                break;
            };
            match resolve_ref(self.document, &current, reference) {
                Ok(next) if next != current && !adds_to_target(self.document, members, &next) => {
                    current = next;
                }
                _ => break,
            }
        }
        current
    }

    /// Converts the named schema at `pointer` into the definition `name`.
    fn define(&mut self, name: &str, schema: &Value, pointer: &str) {
        if let Some(plan) = self.string_enum(name, schema) {
            self.defs
                .push((name.to_string(), json!({"type": "string", "enum": plan.variants.iter().map(|(_, value)| value.clone()).collect::<Vec<_>>()})));
            self.enums.push(plan);
            return;
        }
        let normalized = self.body(schema, pointer, &Hint::definition(name));
        self.defs.push((name.to_string(), normalized));
    }

    /// A string enum with more than one value (or any value outside a union variant).
    fn string_enum(&self, name: &str, schema: &Value) -> Option<EnumPlan> {
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

    /// The name of the definition at `target`, allocating one (from its title or `hint`) when
    /// it has none yet, and queues it for conversion.
    fn name_target(&mut self, target: &str, hint: &Hint) -> String {
        if let Some(name) = self.target_names.get(target) {
            let name = name.clone();
            if !self.emitted.contains_key(&name) {
                self.queue.push_back(target.to_string());
            }
            return name;
        }
        let title = self
            .document
            .pointer(target)
            .and_then(|schema| schema.get("title"))
            .and_then(Value::as_str)
            .map(str::to_string);
        let file_name = match crate::refs::split_mount(target) {
            Some((index, "")) => crate::refs::shown_name(self.document, index),
            _ => None,
        };
        let name = match title.or(file_name) {
            Some(title) => names::unique_type(&mut self.names, &title),
            None => {
                let short = names::type_ident(&hint.name);
                if names::is_free_type_name(&self.names, &short) {
                    names::unique_type(&mut self.names, &short)
                } else {
                    names::unique_type(&mut self.names, &format!("{}{short}", hint.owner))
                }
            }
        };
        self.target_names.insert(target.to_string(), name.clone());
        self.queue.push_back(target.to_string());
        name
    }

    /// Hoists an inline schema into a definition of its own; returns a reference to it.
    fn hoist(&mut self, pointer: &str, hint: &Hint) -> Value {
        let name = self.name_target(pointer, hint);
        json!({"$ref": format!("#/$defs/{name}")})
    }

    /// Whether converting `schema` gives a named Rust type (struct, enum, union).
    fn needs_name(&self, schema: &Value, pointer: &str) -> bool {
        let Value::Object(members) = schema else {
            return false;
        };
        if members.contains_key("oneOf") || members.contains_key("anyOf") {
            let non_null = ["oneOf", "anyOf"]
                .iter()
                .filter_map(|keyword| {
                    let variants = members.get(*keyword).and_then(Value::as_array)?;
                    Some(variants.iter().enumerate().map(move |(index, variant)| {
                        let at = push_pointer(&push_pointer(pointer, keyword), &index.to_string());
                        (variant, at)
                    }))
                })
                .flatten()
                .filter(|(variant, at)| !null_variant(self.document, variant, at))
                .count();
            return non_null > 1;
        }
        if let Some(Value::Array(values)) = members.get("enum") {
            return values.iter().any(Value::is_string)
                && values
                    .iter()
                    .all(|value| value.is_string() || value.is_null());
        }
        if let Some(Value::String(_)) = members.get("const") {
            return true;
        }
        let types = types_of(members);
        let non_null: Vec<&&str> = types.iter().filter(|name| **name != "null").collect();
        if non_null.len() > 1 {
            return true;
        }
        let object = non_null.first().is_some_and(|name| **name == "object")
            || (types.is_empty() && (members.contains_key("properties")));
        object
            && (members
                .get("properties")
                .and_then(Value::as_object)
                .is_some_and(|properties| !properties.is_empty())
                || has_conditional_properties(members)
                || members.get("additionalProperties") == Some(&Value::Bool(false))
                    && !members.contains_key("patternProperties"))
    }

    /// Normalizes a schema in place of use: named shapes become `$ref`s to hoisted
    /// definitions, everything else is rewritten into what typify handles well.
    fn schema(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
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
        } else if hint.constant_inline && string_constant(members).is_some() {
            json!({"type": "string", "enum": [string_constant(members)]})
        } else if self.needs_name(schema, pointer) && !(hint.inline && is_object_like(members)) {
            let reference = self.hoist(pointer, hint);
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
            let name = self.name_target(&target, hint);
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
    fn body(&mut self, schema: &Value, pointer: &str, hint: &Hint) -> Value {
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
        let nullable = !hint.defining && is_nullable(members);
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

    fn object(
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
                if hint.defining
                    && let Some(constant) = other_constant(property)
                {
                    // A union variant asking for `"version": 2` must not take `"version": 3`
                    // (kept for union variants only, below).
                    self.constants
                        .entry(hint.name.clone())
                        .or_default()
                        .insert(key.clone(), constant.to_string());
                }
                // A property merged in from an `allOf` member is converted where it was written.
                if property.get(LENIENT) == Some(&Value::Bool(true)) && hint.defining {
                    self.lenient
                        .entry(hint.name.clone())
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
                if hint.defining
                    && let Some(line) = crate::constraints::describe(self.document, property, &at)
                {
                    self.field_constraints
                        .entry(hint.name.clone())
                        .or_default()
                        .insert(key.clone(), line);
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
            if base_open && hint.defining {
                self.lenient
                    .entry(hint.name.clone())
                    .or_default()
                    .insert(key.clone());
            }
            if hint.defining
                && let Some(line) = crate::constraints::describe(self.document, &property, &at)
            {
                self.field_constraints
                    .entry(hint.name.clone())
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
        if closed && hint.defining {
            self.closed.insert(hint.name.clone());
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

    fn array(
        &mut self,
        members: &Map<String, Value>,
        pointer: &str,
        hint: &Hint,
        mut out: Map<String, Value>,
    ) -> Value {
        out.insert("type".into(), json!("array"));
        let tuple = match (members.get("prefixItems"), members.get("items")) {
            (Some(Value::Array(prefix)), items) => {
                Some((prefix.clone(), "prefixItems", items.cloned()))
            }
            (None, Some(Value::Array(items))) => Some((
                items.clone(),
                "items",
                members.get("additionalItems").cloned(),
            )),
            _ => None,
        };
        if let Some((items, keyword, rest)) = tuple {
            let min = members.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let closed = rest == Some(Value::Bool(false))
                || members.get("maxItems").and_then(Value::as_u64) == Some(items.len() as u64);
            if closed && min == items.len() as u64 && !items.is_empty() {
                let base = push_pointer(pointer, keyword);
                let normalized: Vec<Value> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let at = push_pointer(&base, &index.to_string());
                        self.schema(item, &at, &hint.child(&format!("Item{index}")))
                    })
                    .collect();
                let count = normalized.len();
                out.insert("items".into(), Value::Array(normalized));
                out.insert("minItems".into(), json!(count));
                out.insert("maxItems".into(), json!(count));
                return Value::Object(out);
            }
            // An open or partly optional tuple: a list of any values.
            return Value::Object(out);
        }
        if let Some(items @ Value::Object(_)) = members.get("items") {
            let at = push_pointer(pointer, "items");
            let normalized = self.schema(items, &at, &hint.child("Item"));
            out.insert("items".into(), normalized);
        }
        Value::Object(out)
    }

    fn union(
        &mut self,
        members: &Map<String, Value>,
        keyword: &str,
        variants: &[Value],
        pointer: &str,
        hint: &Hint,
        mut out: Map<String, Value>,
    ) -> Value {
        let base = push_pointer(pointer, keyword);
        let mut nullable = !hint.defining && types_of(members).contains(&"null");
        let mut kept: Vec<(usize, &Value)> = Vec::new();
        for (index, variant) in variants.iter().enumerate() {
            let at = push_pointer(&base, &index.to_string());
            if null_variant(self.document, variant, &at) {
                nullable |= !hint.defining;
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
                None => format!("{} Variant {position}", hint.name),
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

/// Marks a pair of variants of two unions in one `allOf` (see [`merge_maps`]).
const PAIR: &str = "x-workflow-pair";

/// Marks the conditional parts (`then`, `else`, dependent schemas) that an `allOf` merge
/// brought in from its members: `{"at": pointer, "schema": ...}` each.
const BRANCHES: &str = "x-workflow-branches";

/// The conditional parts of an object schema, each with where it was written: `then`, `else`,
/// `dependentSchemas`' and draft-07 `dependencies`' schemas, and those an `allOf` merge
/// collected.
fn collect_branches(members: &Map<String, Value>, pointer: &str, out: &mut Vec<(String, Value)>) {
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
fn has_conditional_properties(members: &Map<String, Value>) -> bool {
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

fn doc_text(members: &Map<String, Value>) -> Option<String> {
    match (
        members.get("title").and_then(Value::as_str),
        members.get("description").and_then(Value::as_str),
    ) {
        (_, Some(description)) => Some(description.to_string()),
        (Some(title), None) => Some(title.to_string()),
        (None, None) => None,
    }
}

fn merge_description(mut inner: Value, description: Option<&Value>) -> Value {
    if let (Some(description), Value::Object(members)) = (description, &mut inner) {
        members.entry("description").or_insert(description.clone());
    }
    inner
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

fn is_object_like(members: &Map<String, Value>) -> bool {
    let types = types_of(members);
    (types.is_empty() || types == ["object"])
        && members.contains_key("properties")
        && !members.contains_key("oneOf")
        && !members.contains_key("anyOf")
}

/// Whether the schema also accepts `null`.
fn is_nullable(members: &Map<String, Value>) -> bool {
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

fn string_constant(members: &Map<String, Value>) -> Option<String> {
    match (members.get("const"), members.get("enum")) {
        (Some(Value::String(value)), _) => Some(value.clone()),
        (None, Some(Value::Array(values))) if values.len() == 1 => {
            values[0].as_str().map(str::to_string)
        }
        _ => None,
    }
}

/// Whether the root schema at `pointer` also accepts `null` (`type: ["object", "null"]`, a
/// union with `null`, OpenAPI's `nullable` already read as one of these).
fn root_accepts_null(document: &Value, pointer: &str) -> bool {
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
fn null_variant(document: &Value, variant: &Value, pointer: &str) -> bool {
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

/// The type for an `enum`/`const` that is not a string enum: the narrowest JSON type that
/// holds every value (the validator checks the values themselves).
fn enum_fallback(values: &[Value]) -> (Value, bool) {
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

fn finish_nullable((schema, nullable): (Value, bool), out: Map<String, Value>) -> Value {
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

/// `T` or null.
fn make_nullable(schema: Value) -> Value {
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

/// `allOf`: merged here into one schema, so typify never merges (its merge recurses without
/// bound on some recursive schemas, and a stack overflow cannot be caught).
impl Planner<'_> {
    /// `schema` without a top-level `allOf`: its members merged (references followed), or the
    /// schema itself when it has none. Problems are recorded; the result is then `{}`.
    fn flatten<'v>(&mut self, schema: &'v Value, pointer: &str) -> Cow<'v, Value> {
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

    /// Whether the members of an `allOf` merge without contradicting each other (nothing is
    /// reported either way).
    fn consistent(&mut self, schema: &Value, at: &str) -> bool {
        let before = self.problems.len();
        let flat = self.flatten(schema, at);
        let merged = flat.as_object().is_some_and(|members| !members.is_empty());
        let consistent = self.problems.len() == before && merged;
        self.problems.truncate(before);
        consistent
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

/// Whether the keywords next to a `$ref` (to the schema at `target`) say anything the target
/// does not: `{"$ref": "#", "type": "object"}` in an object schema is the reference alone.
fn adds_to_target(document: &Value, members: &Map<String, Value>, target: &str) -> bool {
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
fn grow<R>(f: impl FnOnce() -> R) -> R {
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

/// A copy of an `allOf` member written at `at`, ready to merge elsewhere: properties remember
/// where they came from, and other references are made absolute.
fn prepared(document: &Value, members: &Map<String, Value>, at: &str) -> Map<String, Value> {
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
