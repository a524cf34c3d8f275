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

mod array;
mod convert;
mod embed;
mod enums;
mod hint;
mod merge;
mod object;
mod union;

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use serde_json::{Value, json};

use crate::diag::{Diagnostic, Problems};
use crate::names::{self, NameSet};
use crate::pointer::push_pointer;
use crate::schema::{resolve_ref, types_of};
use crate::validate::WorkflowFile;

use convert::adds_to_target;
use embed::{self_contained, shown_pointer};
use hint::{Hint, Naming};
use object::has_conditional_properties;
use union::{null_variant, root_accepts_null};

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
    /// Struct name -> JSON name -> the string `format` of its field (of its items, for a
    /// list), for typed formats.
    pub field_formats: BTreeMap<String, BTreeMap<String, String>>,
    /// Structs whose schema is closed (`additionalProperties: false`): as untagged union
    /// variants they refuse members they do not declare.
    pub closed: BTreeSet<String>,
    /// Struct name -> JSON names of fields merged from alternatives that not all declare
    /// them: a value that does not fit is dropped (`None`) instead of failing the struct.
    pub lenient: BTreeMap<String, BTreeSet<String>>,
    /// Struct name -> JSON name -> the constant (JSON text, not a string) that an untagged
    /// union variant's field must hold, so that the variant does not match other values.
    pub constants: BTreeMap<String, BTreeMap<String, String>>,
    /// The input's JSON Schema, self-contained.
    pub input_schema: Value,
    /// What the runtime checks an input against: `input_schema` less what the generated
    /// types prove (see `checks.rs`); `None` when they prove all of it.
    pub input_checks: Option<Value>,
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
    /// The customization asked for, checked against these types.
    pub(crate) custom: crate::custom::Resolved,
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
///
/// `renames` (schema pointer -> type name) fix the names of those types; the schemas at
/// `named` pointers get a type of their own even where a plain type would be inlined (the
/// user replaces them).
pub(crate) fn plan(
    file: &WorkflowFile,
    renames: &crate::custom::Renames,
    named: &BTreeSet<String>,
) -> Result<Plan, Vec<Diagnostic>> {
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
        named,
        folded: HashMap::new(),
        closed: BTreeSet::new(),
        lenient: BTreeMap::new(),
        variant_structs: BTreeSet::new(),
        constants: BTreeMap::new(),
        field_constraints: BTreeMap::new(),
        field_formats: BTreeMap::new(),
        problems: Problems::new(),
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
    for name in renames.values() {
        planner.names.reserve_fixed(name);
    }
    planner.name_definitions();
    for (pointer, name) in renames {
        planner.target_names.insert(pointer.clone(), name.clone());
    }
    planner.queue.push_back("/input".into());
    planner.queue.push_back("/result".into());
    planner.run();

    let Planner {
        problems,
        mut defs,
        enums,
        emitted,
        closed,
        lenient,
        mut constants,
        variant_structs,
        field_constraints,
        field_formats,
        ..
    } = planner;
    problems.finish()?;
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
    let input_schema = self_contained(&file.document, "input");
    let input_checks = crate::checks::input_checks(&input_schema);
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
        field_formats,
        closed,
        lenient,
        constants,
        input_schema,
        input_checks,
        result_schema: self_contained(&file.document, "result"),
        examples: file
            .examples
            .iter()
            .map(|example| (example.input.clone(), example.result.clone()))
            .collect(),
        referenced: Vec::new(),
        output_nullable,
        custom: crate::custom::Resolved::default(),
    })
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
    /// Schemas that get a type of their own whatever their shape (replaced by the user).
    named: &'a BTreeSet<String>,
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
    /// Struct name -> JSON name -> the string format of the field.
    field_formats: BTreeMap<String, BTreeMap<String, String>>,
    problems: Problems,
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

    /// The name of the definition at `target`, allocating one (from its title or `naming`) when
    /// it has none yet, and queues it for conversion.
    fn name_target(&mut self, target: &str, naming: &Naming) -> String {
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
                let short = names::type_ident(&naming.name);
                if names::is_free_type_name(&self.names, &short) {
                    names::unique_type(&mut self.names, &short)
                } else {
                    names::unique_type(&mut self.names, &format!("{}{short}", naming.owner))
                }
            }
        };
        self.target_names.insert(target.to_string(), name.clone());
        self.queue.push_back(target.to_string());
        name
    }

    /// Hoists an inline schema into a definition of its own; returns a reference to it.
    fn hoist(&mut self, pointer: &str, naming: &Naming) -> Value {
        let name = self.name_target(pointer, naming);
        json!({"$ref": format!("#/$defs/{name}")})
    }

    /// Whether converting `schema` gives a named Rust type (struct, enum, union).
    fn needs_name(&self, schema: &Value, pointer: &str) -> bool {
        if self.named.contains(pointer) {
            return true;
        }
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
}
