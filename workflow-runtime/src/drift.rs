//! What a change to a workflow's schemas does to a client built from the old ones: every
//! difference between two versions of an input or result schema, each classified as
//! [`Breaking`](Severity::Breaking) or [`Compatible`](Severity::Compatible) by the
//! [`Rule`] it falls under, with its JSON pointers.
//!
//! `workflow diff`, `workflow pull --check` and [`Client::verify`](crate::Client::verify) all
//! classify with [`diff`]; the rules are the table below. The client built from the old
//! schema keeps sending what the old input schema allows and keeps expecting what the old
//! result schema allows, so a change that *narrows* what an input may be (or *widens* what a
//! result may be) is breaking, and the opposite is compatible.
//!
//! | rule | in an input | in a result |
//! |---|---|---|
//! | [`FieldAdded`](Rule::FieldAdded), required | breaking | compatible |
//! | [`FieldAdded`](Rule::FieldAdded), optional | compatible | compatible |
//! | [`FieldRemoved`](Rule::FieldRemoved) | compatible; breaking when the object is now closed | breaking |
//! | [`FieldRequired`](Rule::FieldRequired): optional became required | breaking | compatible |
//! | [`FieldOptional`](Rule::FieldOptional): required became optional | compatible | breaking |
//! | [`TypeChanged`](Rule::TypeChanged): one type for another | breaking | breaking |
//! | [`TypeNarrowed`](Rule::TypeNarrowed): a type no longer allowed (`null`, say) | breaking | compatible |
//! | [`TypeWidened`](Rule::TypeWidened): a type newly allowed (`integer` to `number`) | compatible | breaking |
//! | [`EnumNarrowed`](Rule::EnumNarrowed): values removed | breaking | compatible |
//! | [`EnumWidened`](Rule::EnumWidened): values added | compatible | breaking |
//! | [`ConstraintTightened`](Rule::ConstraintTightened): a bound, length, pattern or format added or stricter | breaking | compatible |
//! | [`ConstraintLoosened`](Rule::ConstraintLoosened) | compatible | compatible; breaking when an integer's `minimum` drops below 0 |
//! | [`Closed`](Rule::Closed): `additionalProperties` became `false` | breaking | compatible |
//! | [`Opened`](Rule::Opened) | compatible | compatible |
//! | [`VariantAdded`](Rule::VariantAdded) to a `oneOf`/`anyOf` | compatible | breaking |
//! | [`VariantRemoved`](Rule::VariantRemoved) | breaking | compatible |
//! | [`Unclassified`](Rule::Unclassified): `allOf`, `not`, `if`, `patternProperties`, ... changed | breaking | breaking |
//! | [`Annotation`](Rule::Annotation): `description`, `title`, `default` changed | compatible | compatible |
//!
//! Why results are lenient about constraints: the client checks inputs against their schema
//! before sending, but decodes results by type only, so a result's `maxLength` or `pattern`
//! cannot make a run fail; an integer that may now be negative can, since the generated type
//! of an integer with `minimum: 0` is `u64`. A removed result field is breaking even when it
//! was optional: the client still compiles, and the field is silently always `None`.
//!
//! How schemas are compared: local `$ref`s are followed (cycles stop), an `allOf` of one
//! schema reads as that schema, a `oneOf`/`anyOf` without other validation keywords reads as
//! its variants, and a `type` array or a mixed `enum` as one variant per type, so that
//! `{"type": ["string", "null"]}`, pydantic's `{"anyOf": [{"type": "string"}, {"type":
//! "null"}]}` and OpenAPI 3.0's `{"type": "string", "nullable": true}` compare equal. Variants are matched by type, then by equality, `title` or
//! property names, then in order. What the rules cannot judge is [`Rule::Unclassified`] and
//! counts as breaking: a change of this kind should be looked at by a person.
//!
//! ```
//! use serde_json::json;
//! use workflow_runtime::drift::{self, Role, Rule, Severity};
//!
//! let old = json!({"type": "object", "properties": {"prompt": {"type": "string"}}});
//! let new = json!({
//!     "type": "object",
//!     "required": ["year"],
//!     "properties": {"prompt": {"type": "string"}, "year": {"type": "integer"}}
//! });
//! let changes = drift::diff(Role::Input, &old, &new);
//! assert_eq!(changes.len(), 1);
//! assert_eq!(changes[0].rule, Rule::FieldAdded);
//! assert_eq!(changes[0].severity, Severity::Breaking);
//! assert_eq!(changes[0].field, "input.year");
//! assert_eq!(changes[0].new_pointer.as_deref(), Some("/properties/year"));
//! assert_eq!(
//!     changes[0].to_string(),
//!     "breaking: input.year: new required field (field_added, new schema at /properties/year)"
//! );
//! // The same change in a result is compatible: the old client ignores the new field.
//! assert_eq!(drift::diff(Role::Result, &old, &new)[0].severity, Severity::Compatible);
//! ```

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::rc::Rc;

use serde_json::{Map, Value};

/// Whether a change breaks a client built from the old schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// A client built from the old schema may fail against the new one: an input it sends is
    /// refused, or a result it receives does not decode (or silently lacks a field).
    Breaking,
    /// A client built from the old schema keeps working.
    Compatible,
}

impl Severity {
    /// `breaking` or `compatible`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::Compatible => "compatible",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Which of a workflow's two schemas a change is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The input schema: what the client sends.
    Input,
    /// The result schema: what the client receives.
    Result,
}

impl Role {
    /// `input` or `result`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Input => "input",
            Role::Result => "result",
        }
    }
}

/// The kind of a change: what decides its [`Severity`] (see the [module docs](self) for the
/// table).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// An object has a member it did not have.
    FieldAdded,
    /// An object lost a member.
    FieldRemoved,
    /// An optional member became required.
    FieldRequired,
    /// A required member became optional.
    FieldOptional,
    /// A value's type became another one.
    TypeChanged,
    /// A value can no longer be of a type it could be.
    TypeNarrowed,
    /// A value can now be of a type it could not be.
    TypeWidened,
    /// An `enum` (or `const`) allows fewer values.
    EnumNarrowed,
    /// An `enum` (or `const`) allows more values, or became an open value.
    EnumWidened,
    /// A length, bound, pattern, format or count was added or made stricter.
    ConstraintTightened,
    /// A length, bound, pattern, format or count was removed or relaxed.
    ConstraintLoosened,
    /// An object no longer allows members it does not declare.
    Closed,
    /// An object now allows members it does not declare.
    Opened,
    /// A `oneOf`/`anyOf` has a variant it did not have.
    VariantAdded,
    /// A `oneOf`/`anyOf` lost a variant.
    VariantRemoved,
    /// A construct the rules cannot judge changed (`allOf`, `not`, `if`/`then`/`else`,
    /// `patternProperties`, `prefixItems`, a remote `$ref`, ...): counted as breaking.
    Unclassified,
    /// Documentation changed: `description`, `title`, `default`, `examples`, `deprecated`.
    Annotation,
}

impl Rule {
    /// The rule's name in snake_case, as the CLI prints it: `field_added`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::FieldAdded => "field_added",
            Rule::FieldRemoved => "field_removed",
            Rule::FieldRequired => "field_required",
            Rule::FieldOptional => "field_optional",
            Rule::TypeChanged => "type_changed",
            Rule::TypeNarrowed => "type_narrowed",
            Rule::TypeWidened => "type_widened",
            Rule::EnumNarrowed => "enum_narrowed",
            Rule::EnumWidened => "enum_widened",
            Rule::ConstraintTightened => "constraint_tightened",
            Rule::ConstraintLoosened => "constraint_loosened",
            Rule::Closed => "closed",
            Rule::Opened => "opened",
            Rule::VariantAdded => "variant_added",
            Rule::VariantRemoved => "variant_removed",
            Rule::Unclassified => "unclassified",
            Rule::Annotation => "annotation",
        }
    }

    /// What the rule makes of a change in `role` (the table in the [module docs](self)),
    /// before the exceptions that depend on the schemas (a removed input field of a closed
    /// object, a result integer that may now be negative).
    pub fn severity(self, role: Role) -> Severity {
        use Severity::{Breaking, Compatible};
        let narrows = match self {
            Rule::TypeChanged | Rule::Unclassified => return Breaking,
            Rule::Annotation | Rule::Opened | Rule::FieldAdded => return Compatible,
            Rule::ConstraintLoosened => return Compatible,
            Rule::FieldRemoved => {
                return if role == Role::Result {
                    Breaking
                } else {
                    Compatible
                };
            }
            Rule::FieldRequired
            | Rule::TypeNarrowed
            | Rule::EnumNarrowed
            | Rule::ConstraintTightened
            | Rule::Closed
            | Rule::VariantRemoved => true,
            Rule::FieldOptional | Rule::TypeWidened | Rule::EnumWidened | Rule::VariantAdded => {
                false
            }
        };
        match (role, narrows) {
            (Role::Input, true) | (Role::Result, false) => Breaking,
            (Role::Input, false) | (Role::Result, true) => Compatible,
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One difference between two versions of a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// What it does to a client built from the old schema.
    pub severity: Severity,
    /// The schema it is in.
    pub role: Role,
    /// The kind of change.
    pub rule: Rule,
    /// Where in a value it applies, written like the runtime's decode paths: `input.year`,
    /// `result.entities[].kind` (`[]` any item, `.*` any member of a map).
    pub field: String,
    /// JSON pointer into the old schema, when the change concerns something it has.
    pub old_pointer: Option<String>,
    /// JSON pointer into the new schema, when the change concerns something it has.
    pub new_pointer: Option<String>,
    /// What changed, in words: `new required field`, `maxLength 100 -> 50`.
    pub message: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {} ({}",
            self.severity, self.field, self.message, self.rule
        )?;
        // The root's pointer is empty: shown as `(root)`.
        let shown = |pointer: &str| {
            if pointer.is_empty() {
                "(root)".to_owned()
            } else {
                pointer.to_owned()
            }
        };
        match (self.old_pointer.as_deref(), self.new_pointer.as_deref()) {
            (Some(old), Some(new)) if old == new => write!(f, ", at {}", shown(old))?,
            (Some(old), Some(new)) => write!(
                f,
                ", old schema at {}, new schema at {}",
                shown(old),
                shown(new)
            )?,
            (Some(old), None) => write!(f, ", old schema at {}", shown(old))?,
            (None, Some(new)) => write!(f, ", new schema at {}", shown(new))?,
            (None, None) => {}
        }
        f.write_str(")")
    }
}

/// Every change from `old` to `new`, two versions of the input or result schema of one
/// workflow, in the order met (depth first, fields in the new schema's order). Empty when they
/// accept the same values and say the same things. Each schema is taken as self-contained:
/// its `$ref`s point into itself (`#/$defs/...`).
pub fn diff(role: Role, old: &Value, new: &Value) -> Vec<Change> {
    let mut differ = Differ {
        role,
        old_root: old,
        new_root: new,
        changes: Vec::new(),
        seen: HashSet::new(),
        steps: 0,
        depth: 0,
        refs: std::cell::RefCell::default(),
    };
    differ.compare(Node::root(old), Node::root(new), role.name());
    differ.changes
}

/// The changes to both schemas of a workflow: the input's, then the result's.
pub fn diff_workflow(
    old_input: &Value,
    old_result: &Value,
    new_input: &Value,
    new_result: &Value,
) -> Vec<Change> {
    let mut changes = diff(Role::Input, old_input, new_input);
    changes.extend(diff(Role::Result, old_result, new_result));
    changes
}

/// Whether any of `changes` is breaking.
pub fn is_breaking(changes: &[Change]) -> bool {
    changes
        .iter()
        .any(|change| change.severity == Severity::Breaking)
}

/// Pairs of schemas compared before one comparison gives up (recursive schemas compared
/// against each other can otherwise pair every definition with every other).
const MAX_STEPS: usize = 100_000;
/// Schemas nested in each other (through properties, items and references) compared before
/// giving up: the comparison recurses, and a listing may nest without end.
const MAX_DEPTH: usize = 128;
/// `$ref`s followed in a row before giving up (a chain of references to references).
const MAX_REF_CHAIN: usize = 64;

/// The schema that allows anything, for what a schema leaves unsaid.
static TRUE: Value = Value::Bool(true);

/// Keywords that only document.
const ANNOTATIONS: [&str; 5] = ["description", "title", "default", "examples", "deprecated"];
/// Keywords that neither validate nor document anything a client sees.
const INERT: [&str; 8] = [
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "readOnly",
    "writeOnly",
    "$anchor",
];
/// Keywords whose changes the rules cannot judge.
const UNCLASSIFIED: [&str; 20] = [
    "allOf",
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "propertyNames",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "prefixItems",
    "additionalItems",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "$dynamicRef",
    "$recursiveRef",
    "discriminator",
];

/// A schema being compared: where it sits in its document, and its keywords, borrowed from
/// the document. After its `$ref` (and a lone `allOf` member) were followed, it is the
/// merge of both: the referring schema's keywords over the target's, `properties` merged and
/// `required` united. Nothing is copied out of the documents, so that comparing a large
/// schema costs about its size, however often its definitions are reached.
#[derive(Clone)]
struct Node<'a> {
    /// Where the schema is written: for a `$ref` without other validation keywords, its
    /// target; for a merged schema, the referring one.
    pointer: String,
    /// What makes two nodes the same schema, for ending recursion: the pointer, or for a
    /// merged schema the keys of both parts. Always made of places in the document, so that a
    /// recursive schema meets its key again.
    key: String,
    schema: Schema<'a>,
}

#[derive(Clone)]
enum Schema<'a> {
    /// `true` or `false`.
    Bool(bool),
    /// The keywords as written at the node's pointer.
    Plain(&'a Map<String, Value>),
    /// A schema merged with what it refers to.
    Merged(Rc<Merged<'a>>),
}

/// Keywords from several places of a document, each with the pointer of the schema holding it.
struct Merged<'a> {
    keywords: BTreeMap<&'a str, (&'a Value, String)>,
    /// Members of `properties`, from every part, the referring schema's winning.
    properties: Vec<(&'a str, &'a Value, String)>,
    /// `required` of every part, united.
    required: Vec<&'a str>,
}

impl<'a> Node<'a> {
    fn root(schema: &'a Value) -> Node<'a> {
        Node::at(String::new(), schema)
    }

    fn at(pointer: String, value: &'a Value) -> Node<'a> {
        let schema = match value {
            Value::Bool(value) => Schema::Bool(*value),
            Value::Object(map) => Schema::Plain(map),
            // Not a schema; the loaders refuse it before this runs. Read as "anything".
            _ => Schema::Bool(true),
        };
        Node {
            key: pointer.clone(),
            pointer,
            schema,
        }
    }

    /// The value of `keyword` (for `properties` and `required`, see
    /// [`property_names`](Self::property_names) and [`required`](Self::required)).
    fn get(&self, keyword: &str) -> Option<&'a Value> {
        match &self.schema {
            Schema::Bool(_) => None,
            Schema::Plain(map) => map.get(keyword),
            Schema::Merged(merged) => merged.keywords.get(keyword).map(|(value, _)| *value),
        }
    }

    /// The names of its keywords.
    fn keyword_names(&self) -> Vec<&'a str> {
        match &self.schema {
            Schema::Bool(_) => Vec::new(),
            Schema::Plain(map) => map.keys().map(String::as_str).collect(),
            Schema::Merged(merged) => {
                let mut names: Vec<&'a str> = merged.keywords.keys().copied().collect();
                if !merged.properties.is_empty() {
                    names.push("properties");
                }
                if !merged.required.is_empty() {
                    names.push("required");
                }
                names
            }
        }
    }

    fn has(&self, keyword: &str) -> bool {
        self.keyword_names().contains(&keyword)
    }

    /// The members `properties` declares, in order.
    fn property_names(&self) -> Vec<&'a str> {
        match &self.schema {
            Schema::Merged(merged) => merged.properties.iter().map(|(name, ..)| *name).collect(),
            _ => self
                .get("properties")
                .and_then(Value::as_object)
                .map(|members| members.keys().map(String::as_str).collect())
                .unwrap_or_default(),
        }
    }

    /// The schema of member `name`, as a node.
    fn property(&self, name: &str) -> Option<Node<'a>> {
        match &self.schema {
            Schema::Merged(merged) => merged
                .properties
                .iter()
                .find(|(member, ..)| *member == name)
                .map(|(_, schema, holder)| Node::at(join(holder, &["properties", name]), schema)),
            _ => {
                let schema = self.get("properties")?.as_object()?.get(name)?;
                Some(self.child(&["properties", name], schema))
            }
        }
    }

    /// The names `required` lists.
    fn required(&self) -> Vec<&'a str> {
        match &self.schema {
            Schema::Merged(merged) => merged.required.clone(),
            _ => self
                .get("required")
                .and_then(Value::as_array)
                .map(|names| names.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default(),
        }
    }

    /// A node for `value`, found at `path` under keyword `path[0]` of this schema.
    fn child(&self, path: &[&str], value: &'a Value) -> Node<'a> {
        let holder = match (&self.schema, path.first()) {
            (Schema::Merged(merged), Some(keyword)) => merged
                .keywords
                .get(keyword)
                .map_or(self.pointer.as_str(), |(_, holder)| holder.as_str()),
            _ => self.pointer.as_str(),
        };
        Node::at(join(holder, path), value)
    }

    /// The keywords, each with the pointer of the schema holding it, and the members of
    /// `properties` likewise.
    fn parts(&self) -> Option<Merged<'a>> {
        match &self.schema {
            Schema::Bool(false) => None,
            Schema::Bool(true) => Some(Merged {
                keywords: BTreeMap::new(),
                properties: Vec::new(),
                required: Vec::new(),
            }),
            Schema::Plain(map) => {
                let mut keywords = BTreeMap::new();
                for (key, value) in map.iter() {
                    if key != "properties" && key != "required" {
                        keywords.insert(key.as_str(), (value, self.pointer.clone()));
                    }
                }
                let properties = map
                    .get("properties")
                    .and_then(Value::as_object)
                    .map(|members| {
                        members
                            .iter()
                            .map(|(name, schema)| (name.as_str(), schema, self.pointer.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Merged {
                    keywords,
                    properties,
                    required: self.required(),
                })
            }
            Schema::Merged(merged) => Some(Merged {
                keywords: merged.keywords.clone(),
                properties: merged.properties.clone(),
                required: merged.required.clone(),
            }),
        }
    }

    /// This schema with `inner`'s keywords under its own (`dropped`, its `$ref` or `allOf`,
    /// left out): what both say at once.
    fn merged_over(&self, dropped: &str, inner: &Node<'a>) -> Node<'a> {
        let (Some(outer), Some(mut merged)) = (self.parts(), inner.parts()) else {
            return inner.clone();
        };
        let mut validates = !outer.properties.is_empty() || !outer.required.is_empty();
        for (key, entry) in outer.keywords {
            if key == dropped {
                continue;
            }
            if !ANNOTATIONS.contains(&key) && !INERT.contains(&key) {
                validates = true;
            }
            merged.keywords.insert(key, entry);
        }
        for member in outer.properties {
            match merged
                .properties
                .iter_mut()
                .find(|(name, ..)| *name == member.0)
            {
                Some(existing) => *existing = member,
                None => merged.properties.push(member),
            }
        }
        for name in outer.required {
            if !merged.required.contains(&name) {
                merged.required.push(name);
            }
        }
        let (pointer, key) = if validates {
            (self.pointer.clone(), format!("{}&{}", self.key, inner.key))
        } else {
            // A plain reference (annotations at most): the target itself.
            (inner.pointer.clone(), inner.key.clone())
        };
        Node {
            pointer,
            key,
            schema: Schema::Merged(Rc::new(merged)),
        }
    }

    /// The schema as JSON text, for pairing union variants.
    fn text(&self) -> String {
        match &self.schema {
            Schema::Bool(value) => value.to_string(),
            Schema::Plain(map) => serde_json::to_string(map).unwrap_or_default(),
            Schema::Merged(merged) => {
                let keywords: BTreeMap<&str, &Value> = merged
                    .keywords
                    .iter()
                    .map(|(key, (value, _))| (*key, *value))
                    .collect();
                let properties: Vec<(&str, &Value)> = merged
                    .properties
                    .iter()
                    .map(|(name, schema, _)| (*name, *schema))
                    .collect();
                serde_json::to_string(&(keywords, properties, &merged.required)).unwrap_or_default()
            }
        }
    }
}

/// `base` with the segments of `path` after it, escaped.
fn join(base: &str, path: &[&str]) -> String {
    let mut pointer = base.to_owned();
    for segment in path {
        pointer.push('/');
        pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
    }
    pointer
}

/// The JSON types a variant may have, `any` standing for all of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Kind {
    Null,
    Boolean,
    Integer,
    Number,
    String,
    Array,
    Object,
    Any,
}

impl Kind {
    fn of_name(name: &str) -> Option<Kind> {
        Some(match name {
            "null" => Kind::Null,
            "boolean" => Kind::Boolean,
            "integer" => Kind::Integer,
            "number" => Kind::Number,
            "string" => Kind::String,
            "array" => Kind::Array,
            "object" => Kind::Object,
            _ => return None,
        })
    }

    fn of_value(value: &Value) -> Kind {
        match value {
            Value::Null => Kind::Null,
            Value::Bool(_) => Kind::Boolean,
            Value::Number(number) if number.is_i64() || number.is_u64() => Kind::Integer,
            Value::Number(number) => {
                if number.as_f64().is_some_and(|float| float.fract() == 0.0) {
                    Kind::Integer
                } else {
                    Kind::Number
                }
            }
            Value::String(_) => Kind::String,
            Value::Array(_) => Kind::Array,
            Value::Object(_) => Kind::Object,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Null => "null",
            Kind::Boolean => "boolean",
            Kind::Integer => "integer",
            Kind::Number => "number",
            Kind::String => "string",
            Kind::Array => "array",
            Kind::Object => "object",
            Kind::Any => "any value",
        }
    }

    /// Whether every value of kind `other` is also of this kind.
    fn covers(self, other: Kind) -> bool {
        self == other || self == Kind::Any || (self == Kind::Number && other == Kind::Integer)
    }
}

/// One alternative of a schema: a schema of one kind.
#[derive(Clone)]
struct Variant<'a> {
    kind: Kind,
    node: Node<'a>,
}

struct Differ<'a> {
    role: Role,
    old_root: &'a Value,
    new_root: &'a Value,
    changes: Vec<Change>,
    /// What was compared already, as (kind, old key, new key): recursion ends here.
    seen: HashSet<(Kind, String, String)>,
    steps: usize,
    /// How deep `compare` is nested now.
    depth: usize,
    /// Whether each map met mentions a `$ref`, by address: it is asked again and again.
    refs: std::cell::RefCell<std::collections::HashMap<usize, bool>>,
}

/// Which side of the comparison a node comes from.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Old,
    New,
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        rule: Rule,
        field: &str,
        old: Option<&Node<'a>>,
        new: Option<&Node<'a>>,
        message: String,
    ) {
        self.push_with(rule.severity(self.role), rule, field, old, new, message);
    }

    fn push_with(
        &mut self,
        severity: Severity,
        rule: Rule,
        field: &str,
        old: Option<&Node<'a>>,
        new: Option<&Node<'a>>,
        message: String,
    ) {
        self.changes.push(Change {
            severity,
            role: self.role,
            rule,
            field: field.to_owned(),
            old_pointer: old.map(|node| node.pointer.clone()),
            new_pointer: new.map(|node| node.pointer.clone()),
            message,
        });
    }

    /// `node` with its `$ref` followed (the referring schema's other keywords kept over the
    /// target's), and a lone `allOf` member merged in, repeatedly.
    fn resolve(&self, side: Side, mut node: Node<'a>) -> Node<'a> {
        let root = match side {
            Side::Old => self.old_root,
            Side::New => self.new_root,
        };
        for _ in 0..MAX_REF_CHAIN {
            if let Some(Value::String(reference)) = node.get("$ref") {
                let Some(target) = local_target(root, reference) else {
                    // A remote or broken reference: compared as written.
                    return node;
                };
                let target = Node::at(pointer_of(reference), target);
                node = node.merged_over("$ref", &target);
                continue;
            }
            if let Some(Value::Array(members)) = node.get("allOf")
                && let [member] = members.as_slice()
            {
                let inner = node.child(&["allOf", "0"], member);
                node = node.merged_over("allOf", &inner);
                continue;
            }
            return node;
        }
        node
    }

    /// The variants of a resolved schema: the flattened members of a bare `oneOf`/`anyOf`,
    /// one per type of a `type` array, one per kind of value in an `enum`.
    fn variants(&self, side: Side, node: Node<'a>, depth: usize) -> Vec<Variant<'a>> {
        let node = self.resolve(side, node);
        match &node.schema {
            Schema::Bool(true) => {
                return vec![Variant {
                    kind: Kind::Any,
                    node,
                }];
            }
            Schema::Bool(false) => return Vec::new(),
            _ => {}
        }
        let names = node.keyword_names();
        if depth < 16 {
            let union = ["oneOf", "anyOf"]
                .into_iter()
                .filter(|keyword| names.contains(keyword))
                .collect::<Vec<_>>();
            let only_union = union.len() == 1
                && names.iter().all(|key| {
                    *key == union[0] || ANNOTATIONS.contains(key) || INERT.contains(key)
                });
            if only_union && let Some(Value::Array(members)) = node.get(union[0]) {
                let mut variants = Vec::new();
                for (index, member) in members.iter().enumerate() {
                    let child = node.child(&[union[0], &index.to_string()], member);
                    variants.extend(self.variants(side, child, depth + 1));
                }
                return variants;
            }
        }
        let map = &node;
        let values = map
            .get("enum")
            .and_then(Value::as_array)
            .cloned()
            .or_else(|| map.get("const").map(|value| vec![value.clone()]));
        let declared: Option<Vec<Kind>> = match map.get("type") {
            Some(Value::String(name)) => Kind::of_name(name).map(|kind| vec![kind]),
            Some(Value::Array(names)) => Some(
                names
                    .iter()
                    .filter_map(Value::as_str)
                    .filter_map(Kind::of_name)
                    .collect(),
            ),
            _ => None,
        };
        // OpenAPI 3.0's `nullable: true` is `null` among the types.
        let declared = declared.map(|mut kinds| {
            if map.get("nullable") == Some(&TRUE) && !kinds.contains(&Kind::Null) {
                kinds.push(Kind::Null);
            }
            kinds
        });
        let kinds: Vec<Kind> = match (declared, &values) {
            (Some(kinds), _) => kinds,
            (None, Some(values)) => {
                let kinds: BTreeSet<Kind> = values.iter().map(Kind::of_value).collect();
                kinds.into_iter().collect()
            }
            (None, None) if map.has("properties") => vec![Kind::Object],
            (None, None) if map.has("items") => vec![Kind::Array],
            (None, None) => vec![Kind::Any],
        };
        kinds
            .into_iter()
            .map(|kind| Variant {
                kind,
                node: node.clone(),
            })
            .collect()
    }

    /// Compares two schemas for the value at `field`.
    fn compare(&mut self, old: Node<'a>, new: Node<'a>, field: &str) {
        if self.depth >= MAX_DEPTH {
            self.push(
                Rule::Unclassified,
                field,
                Some(&old),
                Some(&new),
                format!("nested more than {MAX_DEPTH} schemas deep: not compared further"),
            );
            return;
        }
        self.depth += 1;
        self.compare_within_limits(old, new, field);
        self.depth -= 1;
    }

    fn compare_within_limits(&mut self, old: Node<'a>, new: Node<'a>, field: &str) {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            if self.steps == MAX_STEPS + 1 {
                self.push(
                    Rule::Unclassified,
                    field,
                    Some(&old),
                    Some(&new),
                    format!("the schemas are too large to compare past {MAX_STEPS} steps"),
                );
            }
            return;
        }
        // A reference that leads nowhere (another file, a missing definition) cannot be
        // judged: the same one on both sides is no change, anything else is unclassified.
        let (old_resolved, new_resolved) = (
            self.resolve(Side::Old, old.clone()),
            self.resolve(Side::New, new.clone()),
        );
        match (old_resolved.get("$ref"), new_resolved.get("$ref")) {
            (None, None) => {}
            (Some(before), Some(after)) if before == after => return,
            (before, after) => {
                let shown = before
                    .or(after)
                    .map_or_else(String::new, ToString::to_string);
                self.push(
                    Rule::Unclassified,
                    field,
                    Some(&old_resolved),
                    Some(&new_resolved),
                    format!("$ref {shown} cannot be followed, so the change cannot be judged"),
                );
                return;
            }
        }
        let olds = self.variants(Side::Old, old.clone(), 0);
        let news = self.variants(Side::New, new.clone(), 0);
        self.compare_variants(&old, &new, olds, news, field);
    }

    fn compare_variants(
        &mut self,
        old: &Node<'a>,
        new: &Node<'a>,
        olds: Vec<Variant<'a>>,
        news: Vec<Variant<'a>>,
        field: &str,
    ) {
        let old_kinds: BTreeSet<Kind> = olds.iter().map(|variant| variant.kind).collect();
        let new_kinds: BTreeSet<Kind> = news.iter().map(|variant| variant.kind).collect();
        let removed: Vec<Kind> = old_kinds.difference(&new_kinds).copied().collect();
        let added: Vec<Kind> = new_kinds.difference(&old_kinds).copied().collect();
        // A plain retyping: one type for another, neither covering the other.
        if let ([gone], [came]) = (removed.as_slice(), added.as_slice())
            && !gone.covers(*came)
            && !came.covers(*gone)
        {
            let old_at = olds.iter().find(|variant| variant.kind == *gone);
            let new_at = news.iter().find(|variant| variant.kind == *came);
            self.push(
                Rule::TypeChanged,
                field,
                old_at.map(|variant| &variant.node).or(Some(old)),
                new_at.map(|variant| &variant.node).or(Some(new)),
                format!("type {} -> {}", gone.name(), came.name()),
            );
        } else {
            for gone in &removed {
                let old_at = olds.iter().find(|variant| variant.kind == *gone);
                // Still allowed through a kind that covers it (`number` covers `integer`):
                // compared to that one, after saying that it widened.
                if let Some(cover) = news.iter().find(|variant| variant.kind.covers(*gone)) {
                    self.push(
                        Rule::TypeWidened,
                        field,
                        old_at.map(|variant| &variant.node),
                        Some(&cover.node),
                        format!("type {} -> {}", gone.name(), cover.kind.name()),
                    );
                    if let Some(old_at) = old_at {
                        let (old_at, cover) = (old_at.clone(), cover.clone());
                        self.compare_kind(*gone, old_at.node, cover.node, field);
                    }
                } else if !added.iter().any(|came| gone.covers(*came)) {
                    // (A kind that covered a new one is reported with the new one, below.)
                    self.push(
                        Rule::TypeNarrowed,
                        field,
                        old_at.map(|variant| &variant.node).or(Some(old)),
                        Some(new),
                        format!("no longer allows {}", article(gone.name())),
                    );
                }
            }
            for came in &added {
                let new_at = news.iter().find(|variant| variant.kind == *came);
                if let Some(cover) = olds.iter().find(|variant| variant.kind.covers(*came)) {
                    // Covered before, and still there: narrowed, unless the covering kind
                    // itself is still allowed (then nothing was lost).
                    if !new_kinds.contains(&cover.kind) {
                        self.push(
                            Rule::TypeNarrowed,
                            field,
                            Some(&cover.node),
                            new_at.map(|variant| &variant.node),
                            format!("type {} -> {}", cover.kind.name(), came.name()),
                        );
                        if let Some(new_at) = new_at {
                            let (cover, new_at) = (cover.clone(), new_at.clone());
                            self.compare_kind(*came, cover.node, new_at.node, field);
                        }
                    }
                } else if !removed.iter().any(|gone| came.covers(*gone)) {
                    // (A kind covering a removed one was reported with it, above.)
                    self.push(
                        Rule::TypeWidened,
                        field,
                        Some(old),
                        new_at.map(|variant| &variant.node).or(Some(new)),
                        format!("now also allows {}", article(came.name())),
                    );
                }
            }
        }
        for kind in old_kinds.intersection(&new_kinds) {
            let olds: Vec<Variant<'a>> = olds.iter().filter(|v| v.kind == *kind).cloned().collect();
            let news: Vec<Variant<'a>> = news.iter().filter(|v| v.kind == *kind).cloned().collect();
            self.compare_same_kind(*kind, olds, news, field);
        }
    }

    /// Variants of one kind: paired (equal ones first, then by `title` or property names,
    /// then in order), each pair compared; the rest are variants added or removed.
    fn compare_same_kind(
        &mut self,
        kind: Kind,
        mut olds: Vec<Variant<'a>>,
        mut news: Vec<Variant<'a>>,
        field: &str,
    ) {
        if let ([old], [new]) = (olds.as_slice(), news.as_slice()) {
            let (old, new) = (old.node.clone(), new.node.clone());
            self.compare_kind(kind, old, new, field);
            return;
        }
        let mut pairs = Vec::new();
        let keys: [fn(&Variant<'a>) -> Option<String>; 3] = [
            |variant| Some(variant.node.text()),
            |variant| variant.node.get("title").map(Value::to_string),
            |variant| {
                let names = variant.node.property_names();
                (!names.is_empty()).then(|| names.join(","))
            },
        ];
        for key in keys {
            // Each variant's key computed once: a union of many variants stays quadratic in
            // comparisons of short strings only.
            let mut new_keys: Vec<Option<String>> = news.iter().map(key).collect();
            let mut index = 0;
            while index < olds.len() {
                let wanted = key(&olds[index]);
                let found = wanted.as_ref().and_then(|wanted| {
                    new_keys.iter().position(|key| key.as_ref() == Some(wanted))
                });
                if let Some(found) = found {
                    new_keys.remove(found);
                    pairs.push((olds.remove(index), news.remove(found)));
                } else {
                    index += 1;
                }
            }
        }
        if olds.len() == news.len() {
            pairs.extend(olds.drain(..).zip(news.drain(..)));
        }
        for (old, new) in pairs {
            self.compare_kind(kind, old.node, new.node, field);
        }
        for old in olds {
            self.push(
                Rule::VariantRemoved,
                field,
                Some(&old.node),
                None,
                format!("{} variant removed", article(kind.name())),
            );
        }
        for new in news {
            self.push(
                Rule::VariantAdded,
                field,
                None,
                Some(&new.node),
                format!("{} variant added", article(kind.name())),
            );
        }
    }

    /// Two schemas of the same kind, compared keyword by keyword.
    fn compare_kind(&mut self, kind: Kind, old: Node<'a>, new: Node<'a>, field: &str) {
        if !self.seen.insert((kind, old.key.clone(), new.key.clone())) {
            return;
        }
        self.steps += 1;
        if self.plainly_equal(&old, &new) {
            return;
        }
        for keyword in ANNOTATIONS {
            let (before, after) = (old.get(keyword), new.get(keyword));
            if before != after {
                let message = match (before, after) {
                    (None, Some(_)) => format!("{keyword} added"),
                    (Some(_), None) => format!("{keyword} removed"),
                    _ => format!("{keyword} changed"),
                };
                self.push(Rule::Annotation, field, Some(&old), Some(&new), message);
            }
        }
        self.compare_enums(kind, &old, &new, field);
        match kind {
            Kind::String => self.compare_string(&old, &new, field),
            Kind::Integer | Kind::Number => self.compare_number(kind, &old, &new, field),
            Kind::Array => self.compare_array(old.clone(), new.clone(), field),
            Kind::Object => self.compare_object(old.clone(), new.clone(), field),
            Kind::Any => {
                self.compare_string(&old, &new, field);
                self.compare_number(kind, &old, &new, field);
                self.compare_array(old.clone(), new.clone(), field);
                self.compare_object(old.clone(), new.clone(), field);
            }
            Kind::Null | Kind::Boolean => {}
        }
        for keyword in UNCLASSIFIED.into_iter().chain(union_keywords(&old, &new)) {
            let (before, after) = (old.get(keyword), new.get(keyword));
            let same = match (before, after) {
                (None, None) => true,
                (Some(before), Some(after)) => {
                    self.same_keyword(keyword, before, after, &mut HashSet::new(), 0)
                }
                _ => false,
            };
            if !same {
                let message = match (before, after) {
                    (None, Some(_)) => format!("{keyword} added"),
                    (Some(_), None) => format!("{keyword} removed"),
                    _ => format!("{keyword} changed"),
                };
                self.push(Rule::Unclassified, field, Some(&old), Some(&new), message);
            }
        }
        if let (Some(Value::String(before)), Some(Value::String(after))) =
            (old.get("$ref"), new.get("$ref"))
            && before != after
            && (!before.starts_with('#') || !after.starts_with('#'))
        {
            self.push(
                Rule::Unclassified,
                field,
                Some(&old),
                Some(&new),
                format!("$ref {before} -> {after}, which is not in the file"),
            );
        }
    }

    /// Whether two schemas are written the same, with no reference in them that could lead to
    /// different places on each side: then nothing under them differs.
    fn plainly_equal(&self, old: &Node<'a>, new: &Node<'a>) -> bool {
        let (Schema::Plain(before), Schema::Plain(after)) = (&old.schema, &new.schema) else {
            return false;
        };
        let same_documents = std::ptr::eq(self.old_root, self.new_root);
        if std::ptr::eq(*before, *after) && same_documents {
            return true;
        }
        before == after && !self.mentions_ref(before)
    }

    /// Whether a `$ref` is anywhere in `map`, remembered per map.
    fn mentions_ref(&self, map: &'a Map<String, Value>) -> bool {
        fn walk(value: &Value) -> bool {
            match value {
                Value::Object(map) => map.iter().any(|(key, value)| key == "$ref" || walk(value)),
                Value::Array(items) => items.iter().any(walk),
                _ => false,
            }
        }
        let address = std::ptr::from_ref(map) as usize;
        if let Some(known) = self.refs.borrow().get(&address) {
            return *known;
        }
        let found = map.iter().any(|(key, value)| key == "$ref" || walk(value));
        self.refs.borrow_mut().insert(address, found);
        found
    }

    /// Whether a keyword says the same on both sides: its subschemas compared as schemas
    /// (annotations left out, local `$ref`s followed into each side's document), its other
    /// values as data. For the keywords the rules do not classify, where a change must be
    /// found even when it is in a definition they reach.
    fn same_keyword(
        &self,
        keyword: &str,
        old: &Value,
        new: &Value,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) -> bool {
        match keyword {
            "allOf" | "anyOf" | "oneOf" | "prefixItems" | "items" => match (old, new) {
                (Value::Array(olds), Value::Array(news)) => {
                    olds.len() == news.len()
                        && olds
                            .iter()
                            .zip(news)
                            .all(|(old, new)| self.same_schema(old, new, seen, depth))
                }
                _ => self.same_schema(old, new, seen, depth),
            },
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                match (old, new) {
                    (Value::Object(olds), Value::Object(news)) => {
                        olds.len() == news.len()
                            && olds.iter().all(|(name, old)| {
                                news.get(name)
                                    .is_some_and(|new| self.same_schema(old, new, seen, depth))
                            })
                    }
                    _ => old == new,
                }
            }
            "not"
            | "if"
            | "then"
            | "else"
            | "additionalProperties"
            | "additionalItems"
            | "propertyNames"
            | "contains"
            | "unevaluatedItems"
            | "unevaluatedProperties" => self.same_schema(old, new, seen, depth),
            "dependencies" => match (old, new) {
                // Draft 7: a map of schemas or of lists of names.
                (Value::Object(olds), Value::Object(news)) => {
                    olds.len() == news.len()
                        && olds.iter().all(|(name, old)| {
                            news.get(name).is_some_and(|new| {
                                if old.is_array() || new.is_array() {
                                    old == new
                                } else {
                                    self.same_schema(old, new, seen, depth)
                                }
                            })
                        })
                }
                _ => old == new,
            },
            _ => old == new,
        }
    }

    /// Whether two schemas say the same, as [`same_keyword`](Self::same_keyword) compares.
    fn same_schema(
        &self,
        old: &Value,
        new: &Value,
        seen: &mut HashSet<(String, String)>,
        depth: usize,
    ) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let (Value::Object(olds), Value::Object(news)) = (old, new) else {
            return old == new;
        };
        match (olds.get("$ref"), news.get("$ref")) {
            (Some(Value::String(before)), Some(Value::String(after))) => {
                // A pair met before is assumed the same (the comparison in progress decides).
                if seen.insert((before.clone(), after.clone())) {
                    let same_target = match (
                        local_target(self.old_root, before),
                        local_target(self.new_root, after),
                    ) {
                        (Some(old_target), Some(new_target)) => {
                            self.same_schema(old_target, new_target, seen, depth + 1)
                        }
                        _ => before == after,
                    };
                    if !same_target {
                        return false;
                    }
                }
            }
            (None, None) => {}
            _ => return false,
        }
        let keys = |map: &Map<String, Value>| -> BTreeSet<String> {
            map.keys()
                .filter(|key| !ANNOTATIONS.contains(&key.as_str()) && *key != "$ref")
                .cloned()
                .collect()
        };
        if keys(olds) != keys(news) {
            return false;
        }
        keys(olds).iter().all(|key| {
            let (Some(old), Some(new)) = (olds.get(key), news.get(key)) else {
                return false;
            };
            self.same_keyword(key, old, new, seen, depth + 1)
        })
    }

    /// The values of an `enum` or `const` of this kind, on each side.
    fn compare_enums(&mut self, kind: Kind, old: &Node<'a>, new: &Node<'a>, field: &str) {
        let values = |node: &Node<'a>| -> Option<Vec<Value>> {
            let values = node
                .get("enum")
                .and_then(Value::as_array)
                .cloned()
                .or_else(|| node.get("const").map(|value| vec![value.clone()]))?;
            Some(
                values
                    .into_iter()
                    .filter(|value| kind.covers(Kind::of_value(value)))
                    .collect(),
            )
        };
        match (values(old), values(new)) {
            (None, None) => {}
            (Some(_), None) => self.push(
                Rule::EnumWidened,
                field,
                Some(old),
                Some(new),
                "no longer limited to a list of values".to_owned(),
            ),
            (None, Some(after)) => self.push(
                Rule::EnumNarrowed,
                field,
                Some(old),
                Some(new),
                format!("now limited to {}", list(&after)),
            ),
            (Some(before), Some(after)) => {
                let removed: Vec<Value> = before
                    .iter()
                    .filter(|value| !after.contains(value))
                    .cloned()
                    .collect();
                let added: Vec<Value> = after
                    .iter()
                    .filter(|value| !before.contains(value))
                    .cloned()
                    .collect();
                if !removed.is_empty() {
                    self.push(
                        Rule::EnumNarrowed,
                        field,
                        Some(old),
                        Some(new),
                        format!("no longer allows {}", list(&removed)),
                    );
                }
                if !added.is_empty() {
                    self.push(
                        Rule::EnumWidened,
                        field,
                        Some(old),
                        Some(new),
                        format!("now also allows {}", list(&added)),
                    );
                }
            }
        }
    }

    fn compare_string(&mut self, old: &Node<'a>, new: &Node<'a>, field: &str) {
        self.bound(old, new, field, "minLength", Direction::Lower);
        self.bound(old, new, field, "maxLength", Direction::Upper);
        self.text_constraint(old, new, field, "pattern");
        self.text_constraint(old, new, field, "format");
        self.text_constraint(old, new, field, "contentEncoding");
        self.text_constraint(old, new, field, "contentMediaType");
    }

    fn compare_number(&mut self, kind: Kind, old: &Node<'a>, new: &Node<'a>, field: &str) {
        for keyword in ["minimum", "exclusiveMinimum"] {
            let loosened_before = self.changes.len();
            self.bound(old, new, field, keyword, Direction::Lower);
            // A result integer with `minimum: 0` decodes into `u64`: one that may now be
            // negative breaks it.
            let was_unsigned = old
                .get(keyword)
                .and_then(Value::as_f64)
                .is_some_and(|bound| bound >= 0.0);
            let now_unsigned = new
                .get(keyword)
                .and_then(Value::as_f64)
                .is_some_and(|bound| bound >= 0.0);
            if self.role == Role::Result && kind == Kind::Integer && was_unsigned && !now_unsigned {
                for change in self.changes.iter_mut().skip(loosened_before) {
                    if change.rule == Rule::ConstraintLoosened {
                        change.severity = Severity::Breaking;
                        change
                            .message
                            .push_str(": the old client decodes this integer as unsigned (u64)");
                    }
                }
            }
        }
        self.bound(old, new, field, "maximum", Direction::Upper);
        self.bound(old, new, field, "exclusiveMaximum", Direction::Upper);
        self.text_constraint(old, new, field, "multipleOf");
        self.text_constraint(old, new, field, "format");
    }

    fn compare_array(&mut self, old: Node<'a>, new: Node<'a>, field: &str) {
        self.bound(&old, &new, field, "minItems", Direction::Lower);
        self.bound(&old, &new, field, "maxItems", Direction::Upper);
        let unique = |node: &Node<'a>| node.get("uniqueItems") == Some(&TRUE);
        match (unique(&old), unique(&new)) {
            (false, true) => self.push(
                Rule::ConstraintTightened,
                field,
                Some(&old),
                Some(&new),
                "items must now be unique".to_owned(),
            ),
            (true, false) => self.push(
                Rule::ConstraintLoosened,
                field,
                Some(&old),
                Some(&new),
                "items no longer need to be unique".to_owned(),
            ),
            _ => {}
        }
        match (old.get("items"), new.get("items")) {
            (None, None) => {}
            // Draft 4 tuples: item by item.
            (Some(Value::Array(before)), Some(Value::Array(after)))
                if before.len() == after.len() =>
            {
                for (index, (before, after)) in before.iter().zip(after).enumerate() {
                    let at = index.to_string();
                    let (before, after) = (
                        old.child(&["items", &at], before),
                        new.child(&["items", &at], after),
                    );
                    self.compare(before, after, &format!("{field}[{index}]"));
                }
            }
            (Some(Value::Array(_)), _) | (_, Some(Value::Array(_))) => self.push(
                Rule::Unclassified,
                field,
                Some(&old),
                Some(&new),
                "items changed (a list of schemas, one per position)".to_owned(),
            ),
            (before, after) => {
                let before = old.child(&["items"], before.unwrap_or(&TRUE));
                let after = new.child(&["items"], after.unwrap_or(&TRUE));
                self.compare(before, after, &format!("{field}[]"));
            }
        }
    }

    fn compare_object(&mut self, old: Node<'a>, new: Node<'a>, field: &str) {
        self.bound(&old, &new, field, "minProperties", Direction::Lower);
        self.bound(&old, &new, field, "maxProperties", Direction::Upper);
        let members = |node: &Node<'a>| -> Vec<String> {
            let mut names: Vec<String> = node
                .property_names()
                .into_iter()
                .map(str::to_owned)
                .collect();
            for name in required(node) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
            names
        };
        let (old_members, new_members) = (members(&old), members(&new));
        let (old_required, new_required) = (required(&old), required(&new));
        let closed = |node: &Node<'a>| {
            node.get("additionalProperties") == Some(&Value::Bool(false))
                || node.get("unevaluatedProperties") == Some(&Value::Bool(false))
        };
        let property = |node: &Node<'a>, name: &str| -> Node<'a> {
            match node.property(name) {
                Some(schema) => schema,
                // Required without a declaration: anything, or what extra members may be.
                None => match node.get("additionalProperties") {
                    Some(extra) => node.child(&["additionalProperties"], extra),
                    None => node.child(&["required"], &TRUE),
                },
            }
        };
        for name in &new_members {
            let member_field = member(field, name);
            let after = property(&new, name);
            if !old_members.contains(name) {
                let is_required = new_required.contains(name);
                let severity = match (self.role, is_required) {
                    (Role::Input, true) => Severity::Breaking,
                    _ => Severity::Compatible,
                };
                let message = if is_required {
                    "new required field"
                } else {
                    "new optional field"
                };
                self.push_with(
                    severity,
                    Rule::FieldAdded,
                    &member_field,
                    None,
                    Some(&after),
                    message.to_owned(),
                );
                continue;
            }
            let before = property(&old, name);
            match (old_required.contains(name), new_required.contains(name)) {
                (false, true) => self.push(
                    Rule::FieldRequired,
                    &member_field,
                    Some(&before),
                    Some(&after),
                    "now required".to_owned(),
                ),
                (true, false) => self.push(
                    Rule::FieldOptional,
                    &member_field,
                    Some(&before),
                    Some(&after),
                    "now optional".to_owned(),
                ),
                _ => {}
            }
            self.compare(before, after, &member_field);
        }
        for name in &old_members {
            if new_members.contains(name) {
                continue;
            }
            let before = property(&old, name);
            let (severity, message) = match self.role {
                Role::Result => (
                    Severity::Breaking,
                    "field removed: the old client no longer receives it".to_owned(),
                ),
                Role::Input if closed(&new) => (
                    Severity::Breaking,
                    "field removed, and the object no longer allows undeclared members: the \
                     old client's inputs are refused"
                        .to_owned(),
                ),
                // Without a regex engine here, a pattern that may now check the member cannot
                // be ruled out.
                Role::Input
                    if new
                        .get("patternProperties")
                        .and_then(Value::as_object)
                        .is_some_and(|patterns| !patterns.is_empty()) =>
                {
                    (
                        Severity::Breaking,
                        "field removed, and it may now be checked by the object's \
                         patternProperties"
                            .to_owned(),
                    )
                }
                Role::Input
                    if matches!(new.get("additionalProperties"), Some(Value::Object(_))) =>
                {
                    // Now an undeclared member, checked by `additionalProperties`: what that
                    // refuses of the old field is found by comparing the two.
                    let extra = new.child(
                        &["additionalProperties"],
                        new.get("additionalProperties").unwrap_or(&TRUE),
                    );
                    self.compare(before.clone(), extra, &member(field, name));
                    (
                        Severity::Compatible,
                        "field removed: now an undeclared member, checked as the object's \
                         additionalProperties"
                            .to_owned(),
                    )
                }
                Role::Input => (
                    Severity::Compatible,
                    "field removed: the workflow no longer reads it".to_owned(),
                ),
            };
            self.push_with(
                severity,
                Rule::FieldRemoved,
                &member(field, name),
                Some(&before),
                Some(&new),
                message,
            );
        }
        match (closed(&old), closed(&new)) {
            (false, true) => self.push(
                Rule::Closed,
                field,
                Some(&old),
                Some(&new),
                "no longer allows members it does not declare".to_owned(),
            ),
            (true, false) => self.push(
                Rule::Opened,
                field,
                Some(&old),
                Some(&new),
                "now allows members it does not declare".to_owned(),
            ),
            _ => {}
        }
        let extra = |node: &Node<'a>| match node.get("additionalProperties") {
            Some(schema @ Value::Object(_)) => Some(node.child(&["additionalProperties"], schema)),
            _ => None,
        };
        match (extra(&old), extra(&new)) {
            (Some(before), Some(after)) => {
                let field = format!("{field}.*");
                self.compare(before, after, &field);
            }
            (None, Some(after)) if !closed(&old) => {
                let field = format!("{field}.*");
                let before = old.child(&["additionalProperties"], &TRUE);
                self.compare(before, after, &field);
            }
            (Some(before), None) if !closed(&new) => {
                let field = format!("{field}.*");
                let after = new.child(&["additionalProperties"], &TRUE);
                self.compare(before, after, &field);
            }
            _ => {}
        }
    }

    /// A numeric bound: stricter (or added) is tightened, looser (or removed) loosened.
    fn bound(
        &mut self,
        old: &Node<'a>,
        new: &Node<'a>,
        field: &str,
        keyword: &str,
        direction: Direction,
    ) {
        let (before, after) = (old.get(keyword), new.get(keyword));
        if before == after {
            return;
        }
        let rule = match (
            before.and_then(Value::as_f64),
            after.and_then(Value::as_f64),
        ) {
            (None, Some(_)) => Rule::ConstraintTightened,
            (Some(_), None) => Rule::ConstraintLoosened,
            (Some(before), Some(after)) => {
                let stricter = match direction {
                    Direction::Lower => after > before,
                    Direction::Upper => after < before,
                };
                if stricter {
                    Rule::ConstraintTightened
                } else if before == after {
                    // `5` and `5.0`: the same bound.
                    return;
                } else {
                    Rule::ConstraintLoosened
                }
            }
            // A bound that is not a number (draft 4's boolean `exclusiveMinimum`): cannot
            // judge, so assume the worst for inputs.
            (None, None) => Rule::ConstraintTightened,
        };
        let message = format!("{keyword} {} -> {}", shown(before), shown(after));
        self.push(rule, field, Some(old), Some(new), message);
    }

    /// A constraint that is either there or not: added or changed is tightened (a changed
    /// pattern may refuse what the old one allowed), removed is loosened.
    fn text_constraint(&mut self, old: &Node<'a>, new: &Node<'a>, field: &str, keyword: &str) {
        let (before, after) = (old.get(keyword), new.get(keyword));
        if before == after {
            return;
        }
        let rule = if after.is_none() {
            Rule::ConstraintLoosened
        } else {
            Rule::ConstraintTightened
        };
        let message = format!("{keyword} {} -> {}", shown(before), shown(after));
        self.push(rule, field, Some(old), Some(new), message);
    }
}

#[derive(Clone, Copy)]
enum Direction {
    /// A lower bound: higher is stricter.
    Lower,
    /// An upper bound: lower is stricter.
    Upper,
}

/// `oneOf`/`anyOf` kept in a schema with other validation keywords (so not read as
/// variants): compared as written.
fn union_keywords<'k>(old: &Node<'_>, new: &Node<'_>) -> Vec<&'k str> {
    ["oneOf", "anyOf"]
        .into_iter()
        .filter(|keyword| old.get(keyword).is_some() || new.get(keyword).is_some())
        .collect()
}

fn required(node: &Node<'_>) -> Vec<String> {
    node.required().into_iter().map(str::to_owned).collect()
}

/// `input.name`, or `input["odd name"]` for a name that is not an identifier.
fn member(field: &str, name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|char| char.is_alphanumeric() || char == '_' || char == '-' || char == '$');
    if plain {
        format!("{field}.{name}")
    } else {
        format!("{field}[{}]", Value::String(name.to_owned()))
    }
}

/// The target of a local `$ref` (`#`, `#/$defs/x`), when it has one.
fn local_target<'v>(root: &'v Value, reference: &str) -> Option<&'v Value> {
    // `#/...`, or the root's own `$id` then `#/...`.
    let fragment = match reference.split_once('#') {
        Some(("", fragment)) => fragment,
        Some((base, fragment)) if root.get("$id").and_then(Value::as_str) == Some(base) => fragment,
        _ => return None,
    };
    if fragment.is_empty() {
        return Some(root);
    }
    let decoded = percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .ok()?;
    root.pointer(&decoded)
}

fn pointer_of(reference: &str) -> String {
    let fragment = reference
        .split_once('#')
        .map_or(reference, |(_, fragment)| fragment);
    percent_encoding::percent_decode_str(fragment)
        .decode_utf8()
        .map_or_else(|_| fragment.to_owned(), |decoded| decoded.into_owned())
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None => "none".to_owned(),
        Some(value) => crate::safe::text(&value.to_string(), "", 80),
    }
}

fn list(values: &[Value]) -> String {
    let shown: Vec<String> = values.iter().take(8).map(ToString::to_string).collect();
    let more = values.len().saturating_sub(8);
    let text = shown.join(", ");
    let text = if more > 0 {
        format!("{text} and {more} more")
    } else {
        text
    };
    crate::safe::text(&text, "", 300)
}

fn article(name: &str) -> String {
    match name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => format!("an {name}"),
        _ => format!("a {name}"),
    }
}

#[cfg(test)]
mod tests;
