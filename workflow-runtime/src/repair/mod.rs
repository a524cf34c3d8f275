//! Results that survive LLM output: schema-driven repair of the shapes a language model gets
//! almost right.
//!
//! A workflow's result values come out of language models, which often answer `"0.9"` for a
//! number, wrap JSON in a Markdown fence, or write `" Person"` for the enum value `person`. A
//! strict decoder rejects those although the meaning is clear. When a result does not decode
//! into the workflow's output type, and the workflow has a result schema
//! ([`Workflow::RESULT_SCHEMA`](crate::Workflow::RESULT_SCHEMA), which generated workflows
//! always carry), the client walks the result alongside the schema, repairs these shapes, and
//! decodes again:
//!
//! | rule ([`Rule::name`]) | before | after |
//! |---|---|---|
//! | `json_from_string` | `"{\"name\": \"Ada\"}"` | `{"name": "Ada"}` |
//! | `json_from_fence` | ``"```json\n[1, 2]\n```"`` | `[1, 2]` |
//! | `json_from_text` | `"Sure! {\"name\": \"Ada\"} Anything else?"` | `{"name": "Ada"}` |
//! | `number_from_string` | `" 0.9 "` | `0.9` |
//! | `integer_from_string` | `"42"`, `"3.0"` | `42`, `3` |
//! | `integer_from_float` | `3.0` | `3` |
//! | `boolean_from_string` | `"True"` | `true` |
//! | `array_from_single` | `"urgent"` | `["urgent"]` |
//! | `enum_case` | `" Person"` | `"person"` |
//!
//! **Only where the schema asks.** A rule fires only on a value whose type (or enum value) the
//! schema does not accept there: a field typed `string` keeps its text exactly, even when it
//! holds JSON, and a field without a type (`{}`) is never touched. Rules apply at any depth:
//! object members, array items, map values (`additionalProperties`, or the single pattern of
//! `patternProperties` next to `additionalProperties: false`), through `$ref` (recursive ones
//! too), every member of `allOf`, and the chosen variant of `anyOf` / `oneOf`: the one whose
//! tag (a property with a `const` or one-value `enum` in every variant) the value carries, else
//! the first the value fits as it is, else the first it fits once repaired. Nullable types
//! (`type: ["integer", "null"]`, `anyOf` with `null`) accept `null` as it is.
//!
//! **No guessing beyond these rules.** Conversions are exact or not made: `3.5` for an integer,
//! `"high"` for a number, `1e20` for an integer (beyond the integers a float holds exactly),
//! `"yes"` for a boolean and `"human"` for `person | place` stay as they are, and the decode
//! then fails with [`ErrorKind::Decode`](crate::ErrorKind::Decode) naming the field, the rule that was
//! tried and the body:
//! `workflow x (dep_1): result.score: expected a number, found the string "high" (tried:
//! number_from_string); body: ...`.
//!
//! **Free when the result fits.** A result is first decoded straight from the response's
//! bytes; only when that fails is it repaired and decoded again. A result that fits is never
//! touched, and costs nothing more than before.
//!
//! **Bounded on any answer.** Repair reads the answer's text in place and writes the repaired
//! text as it goes: no `serde_json::Value` of the result is built, so it needs about the
//! answer's size in memory, and its time is linear in the answer (prose is searched with a
//! budget of twice its length, no deeper than serde_json reads; union trials share a work
//! budget). It gives up at the first value no rule can fix, where the typed decode fails
//! anyway, and it stops at the run's deadline.
//!
//! **Visible and controllable.** Every repair is a [`Repair`], returned by
//! a [`detailed`](crate::Run::detailed) run and logged as a `warn` event of
//! target `workflow_runtime::repair` (with the workflow, deployment, path, rule and the value
//! before; the first 10 of a result one by one, then one event counting the rest; at most 1000
//! are listed, by path), so that a
//! prompt drifting away from its schema shows up before it breaks. `warn`, because the run
//! succeeded but the workflow broke its own result contract, and the next drift may not be
//! repairable; filter the target to silence it. [`ResultMode::Strict`] (per client or per call)
//! turns repairs off.
//!
//! The same engine is available without a client, for tools and tests:
//!
//! ```
//! use serde::Deserialize;
//! use workflow_runtime::ResultMode;
//! use workflow_runtime::repair::{self, Rule};
//!
//! #[derive(Debug, Deserialize, PartialEq)]
//! struct Scored {
//!     score: f64,
//!     tags: Vec<String>,
//! }
//!
//! let schema = r#"{
//!     "type": "object",
//!     "properties": {
//!         "score": { "type": "number" },
//!         "tags": { "type": "array", "items": { "type": "string" } }
//!     }
//! }"#;
//! let answer = r#"{"score": "0.9", "tags": "urgent"}"#;
//!
//! let (scored, repairs) = repair::decode::<Scored>(answer, schema, ResultMode::Repair)?;
//! assert_eq!(scored, Scored { score: 0.9, tags: vec!["urgent".into()] });
//! assert_eq!(repairs[0].to_string(), r#"result.score: number from string ("0.9")"#);
//! assert_eq!(repairs[1].rule, Rule::ArrayFromSingle);
//!
//! let strict = repair::decode::<Scored>(answer, schema, ResultMode::Strict).unwrap_err();
//! assert_eq!(
//!     strict.to_string(),
//!     "result.score: invalid type: string \"0.9\", expected f64 at line 1 column 15"
//! );
//! # Ok::<(), repair::DecodeError>(())
//! ```

pub(crate) mod scan;
mod schema;
mod text;
pub(crate) mod walk;

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) use schema::Schema;

/// Whether a result that does not fit the output type is repaired before decoding.
///
/// Set it for a client with [`ClientBuilder::result_mode`](crate::ClientBuilder::result_mode)
/// and per call with [`RunOptions::result_mode`](crate::RunOptions::result_mode).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ResultMode {
    /// Decode the result as it came: any mismatch is an [`ErrorKind::Decode`](crate::ErrorKind::Decode).
    /// For callers who would rather fail than accept anything the model did not get exactly
    /// right, and for tests that check a prompt's output.
    Strict,
    /// Repair the [documented shapes](self) where the result schema asks for another type, then
    /// decode (the default). A result that fits is decoded as it is, at no extra cost.
    #[default]
    Repair,
}

/// One rule of the repair engine. [`Rule::name`] is its stable id, used in tracing and in error
/// messages; `Display` describes it in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// The string holds the JSON object or array the schema wants, and nothing else (but
    /// whitespace): `"{\"name\": \"Ada\"}"` becomes `{"name": "Ada"}`.
    JsonFromString,
    /// The string holds the JSON in a Markdown fence, with or without a language tag and text
    /// around it: ``"```json\n[1, 2]\n```"`` becomes `[1, 2]`.
    JsonFromFence,
    /// The string holds the JSON inside prose: `"Sure! {\"name\": \"Ada\"} Anything else?"`
    /// becomes `{"name": "Ada"}`. The first balanced object or array (brackets inside its
    /// strings are fine) that parses, is of the wanted type and fits the schema once repaired
    /// is taken.
    JsonFromText,
    /// A number written as a string, JSON number syntax once trimmed: `" 0.9 "` becomes `0.9`
    /// where the schema wants a number. `"1,000"`, `"90%"` or `"high"` are not numbers.
    NumberFromString,
    /// An integer written as a string: `"42"` becomes `42`, and `"3.0"` becomes `3`, where the
    /// schema wants an integer. `"3.5"` is not an integer.
    IntegerFromString,
    /// A whole number written with a fraction: `3.0` becomes `3` where the schema wants an
    /// integer (JSON Schema counts `3.0` as one; integer types in Rust do not). `3.5` is not
    /// an integer, and neither is a float beyond 2^53, which no longer holds an exact integer.
    IntegerFromFloat,
    /// A boolean written as a string, in any case, with stray whitespace: `"True"` becomes
    /// `true`. `"yes"` or `"1"` are not booleans.
    BooleanFromString,
    /// A single value where the schema wants an array of them: `"urgent"` becomes
    /// `["urgent"]`, when the value is of the items' type (after repairing it as an item).
    /// `null` is not wrapped.
    ArrayFromSingle,
    /// An enum value in another case or with stray whitespace: `" Person"` becomes `"person"`,
    /// when exactly one of the enum's values (or a `const`, such as a union's tag) matches.
    EnumCase,
}

impl Rule {
    /// The rule's stable id, in snake case: `number_from_string`.
    pub fn name(self) -> &'static str {
        match self {
            Rule::JsonFromString => "json_from_string",
            Rule::JsonFromFence => "json_from_fence",
            Rule::JsonFromText => "json_from_text",
            Rule::NumberFromString => "number_from_string",
            Rule::IntegerFromString => "integer_from_string",
            Rule::IntegerFromFloat => "integer_from_float",
            Rule::BooleanFromString => "boolean_from_string",
            Rule::ArrayFromSingle => "array_from_single",
            Rule::EnumCase => "enum_case",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Rule::JsonFromString => "JSON from string",
            Rule::JsonFromFence => "JSON from Markdown fence",
            Rule::JsonFromText => "JSON from surrounding text",
            Rule::NumberFromString => "number from string",
            Rule::IntegerFromString => "integer from string",
            Rule::IntegerFromFloat => "integer from whole float",
            Rule::BooleanFromString => "boolean from string",
            Rule::ArrayFromSingle => "array from single value",
            Rule::EnumCase => "enum value by case and whitespace",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Every rule, in the order of [`Rules`].
const ALL_RULES: [Rule; 9] = [
    Rule::JsonFromString,
    Rule::JsonFromFence,
    Rule::JsonFromText,
    Rule::NumberFromString,
    Rule::IntegerFromString,
    Rule::IntegerFromFloat,
    Rule::BooleanFromString,
    Rule::ArrayFromSingle,
    Rule::EnumCase,
];

/// A set of [`Rule`]s: those tried on a value they could not repair. Small and `Copy`;
/// iterates in the order of `Rule`'s variants and displays as their names
/// (`number_from_string, array_from_single`).
///
/// ```
/// use workflow_runtime::repair::{Rule, Rules};
///
/// let tried: Rules = [Rule::JsonFromString, Rule::ArrayFromSingle].into_iter().collect();
/// assert!(tried.contains(Rule::ArrayFromSingle));
/// assert_eq!(tried.len(), 2);
/// assert_eq!(tried.to_string(), "json_from_string, array_from_single");
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Rules(u16);

impl Rules {
    /// No rules.
    pub const fn new() -> Rules {
        Rules(0)
    }

    fn bit(rule: Rule) -> u16 {
        1 << (rule as u16)
    }

    /// Whether `rule` is in the set.
    pub fn contains(self, rule: Rule) -> bool {
        self.0 & Rules::bit(rule) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many rules the set holds.
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The rules in the set, in the order of `Rule`'s variants.
    pub fn iter(self) -> impl Iterator<Item = Rule> {
        ALL_RULES
            .into_iter()
            .filter(move |rule| self.contains(*rule))
    }

    pub(crate) fn insert(&mut self, rule: Rule) {
        self.0 |= Rules::bit(rule);
    }
}

impl From<Rule> for Rules {
    fn from(rule: Rule) -> Rules {
        let mut rules = Rules::new();
        rules.insert(rule);
        rules
    }
}

impl FromIterator<Rule> for Rules {
    fn from_iter<I: IntoIterator<Item = Rule>>(rules: I) -> Rules {
        let mut set = Rules::new();
        for rule in rules {
            set.insert(rule);
        }
        set
    }
}

impl IntoIterator for Rules {
    type Item = Rule;
    type IntoIter = Box<dyn Iterator<Item = Rule>>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

impl fmt::Debug for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for Rules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, rule) in self.iter().enumerate() {
            if index > 0 {
                f.write_str(", ")?;
            }
            f.write_str(rule.name())?;
        }
        Ok(())
    }
}

/// One repair made to a result: where, by which rule, and what was there before.
///
/// Displays as `result.score: number from string ("0.9")`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Repair {
    /// Where, in the notation of [`ErrorKind::Decode`](crate::ErrorKind::Decode)'s path:
    /// `result.entities[1].kind` (`completion...` on
    /// [`Route::Instructions`](crate::Route::Instructions), `entities[1].kind` on a custom
    /// route without an envelope).
    pub path: String,
    /// The rule that repaired it.
    pub rule: Rule,
    /// The value before, as JSON text, cut to 80 bytes (ending in `…` when cut).
    pub before: String,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {} ({})", self.path, self.rule, self.before)
    }
}

/// Why [`decode`] could not decode a result: where, what, and the rules that were tried there.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// Where: `result.entities[1].kind`; empty when the text is not JSON at all.
    pub path: String,
    /// What is wrong there.
    pub message: String,
    /// The rules that were tried on the value there and could not repair it; empty when none
    /// applies (a missing field, say) or in [`ResultMode::Strict`].
    pub tried: Rules,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        write!(f, "{}{}", self.message, Tried(self.tried))
    }
}

impl std::error::Error for DecodeError {}

/// ` (tried: number_from_string)`, or nothing.
struct Tried(Rules);

impl fmt::Display for Tried {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, " (tried: {})", self.0)
        }
    }
}

/// Repairs `value`, a result, in place against `schema`, its JSON Schema (self-contained:
/// `$defs` inside, local `$ref`s; draft 2020-12, or draft-07 when its `$schema` says so), and
/// returns the repairs made, in a fixed order (object members by name, items by position).
/// Paths start with `result`.
///
/// A value that fits the schema is left exactly as it is, and so is any part the rules cannot
/// fix. For a schema used more than once, [`decode`] compiles it only once per process.
///
/// ```
/// use serde_json::json;
///
/// let schema = json!({
///     "type": "object",
///     "properties": { "kind": { "enum": ["person", "place"] }, "note": { "type": "string" } }
/// });
/// let mut result = json!({ "kind": " Person", "note": "42" });
/// let repairs = workflow_runtime::repair::repair(&mut result, &schema);
/// assert_eq!(result, json!({ "kind": "person", "note": "42" }));
/// assert_eq!(repairs.len(), 1);
/// assert_eq!(repairs[0].rule.name(), "enum_case");
/// ```
pub fn repair(value: &mut Value, schema: &Value) -> Vec<Repair> {
    let Ok(text) = serde_json::to_vec(value) else {
        return Vec::new();
    };
    let walked = walk::walk_text(
        &Schema::compile(schema),
        "result",
        "",
        &text,
        walk::Walk::Everything,
        None,
    );
    if let Some(mut repaired) = walked.head {
        repaired.extend_from_slice(text.get(walked.tail..).unwrap_or_default());
        if let Ok(parsed) = serde_json::from_slice(&repaired) {
            *value = parsed;
        }
    }
    walked.repairs
}

/// Decodes a result from its JSON text, repairing it against `schema` (JSON Schema text) in
/// [`ResultMode::Repair`] when it does not decode as it is. Returns the value and the repairs
/// made (none when it decoded as it is; the first 1000 when there were more). This is what the
/// client does with a run's result: the same pipeline, in the same time and memory (the text is
/// repaired in place, never parsed into a `serde_json::Value`).
///
/// The schema is parsed and compiled once per process (up to 256 different schemas are kept);
/// a schema that is not JSON repairs nothing.
///
/// # Errors
///
/// When the text is not JSON, or the result does not fit `T` even after repairs: the
/// [`DecodeError`] names the field (`result.score`), what is wrong, and the rules tried there.
/// In [`ResultMode::Strict`], and when nothing could be repaired, it is serde's error, exactly
/// as a plain decode reports it.
pub fn decode<T: DeserializeOwned>(
    json: impl AsRef<[u8]>,
    schema: &str,
    mode: ResultMode,
) -> Result<(T, Vec<Repair>), DecodeError> {
    let plan = crate::decode::Plan {
        envelope: None,
        root: "result",
        schema: Some(schema),
        mode,
        secret: "",
        deadline: None,
    };
    match crate::decode::decode::<T>(json.as_ref(), &plan) {
        Ok(decoded) => Ok((decoded.output, decoded.repairs)),
        Err(crate::decode::Failed::Decode(error)) => Err(error),
        // No deadline was given, and a typed decode has no memory budget.
        Err(crate::decode::Failed::TimedOut | crate::decode::Failed::TooLarge { .. }) => {
            Err(DecodeError {
                path: String::new(),
                message: "the repair ran out of time".to_owned(),
                tried: Rules::new(),
            })
        }
    }
}

/// Compiled schemas by their text: parsed once per process, not per run.
static CACHE: OnceLock<Mutex<HashMap<Box<str>, Arc<Schema>>>> = OnceLock::new();

/// Generated workflows carry a handful of schemas; tools that pass many different ones
/// compile the rest on each call rather than grow the cache without end.
const CACHE_LIMIT: usize = 256;

/// The compiled form of schema text; a text that is not JSON compiles to a schema that
/// repairs nothing. Each thread first looks the text up by its address (generated workflows
/// pass the same `&'static str` every run), checking that the text is still the same, so that
/// a run does not hash the whole schema, nor take the shared lock.
pub(crate) fn compiled(text: &str) -> Arc<Schema> {
    thread_local! {
        static LOCAL: std::cell::RefCell<Vec<Kept>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let address = text.as_ptr() as usize;
    let local = LOCAL.with(|local| {
        local
            .borrow()
            .iter()
            .find(|(at, kept, _)| *at == address && **kept == *text)
            .map(|(_, _, schema)| Arc::clone(schema))
    });
    if let Some(schema) = local {
        return schema;
    }
    let schema = compiled_shared(text);
    LOCAL.with(|local| {
        let mut local = local.borrow_mut();
        if local.len() >= LOCAL_LIMIT {
            local.remove(0);
        }
        local.push((address, text.into(), Arc::clone(&schema)));
    });
    schema
}

/// A schema a thread keeps: the address of its text, the text (to check that the address still
/// holds it), and its compiled form.
type Kept = (usize, Box<str>, Arc<Schema>);

/// Schemas a thread keeps by address: the few it runs.
const LOCAL_LIMIT: usize = 16;

fn compiled_shared(text: &str) -> Arc<Schema> {
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(text)
    {
        return Arc::clone(hit);
    }
    // Compiled outside the lock: a slow compile does not hold up other schemas' runs.
    let fresh = Arc::new(match serde_json::from_str::<Value>(text) {
        Ok(schema) => Schema::compile(&schema),
        Err(_) => Schema::anything(),
    });
    let mut cache = cache.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(hit) = cache.get(text) {
        return Arc::clone(hit);
    }
    if cache.len() < CACHE_LIMIT {
        cache.insert(text.into(), Arc::clone(&fresh));
    }
    fresh
}

#[cfg(test)]
mod tests;
