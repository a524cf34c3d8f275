//! Customizing the generated code: derives, replacement types, renames, typed formats and
//! kept unknown fields, from the three front doors (the macro's arguments, build.rs's
//! `Builder`, the CLI's flags; all through [`crate::Options`]) and the workflow file's
//! `x-rust` section, whose entries the front door's override key by key.
//!
//! Here: the options as given (each entry remembers where it came from, so that a problem is
//! reported there), the `x-rust` section's reader, and [`resolve`], which checks every entry
//! against the planned types (a "did you mean" for names and pointers that do not exist) and
//! gives the [`Resolved`] customization that planning and emitting follow.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::diag::Diagnostic;
use crate::pointer::push_pointer;

/// The workflow file's key for customization defaults.
pub(crate) const SECTION: &str = "x-rust";

/// Which Rust types the string formats `date-time`, `date`, `uuid` and `uri` become.
///
/// The default, [`Formats::Strings`], keeps them `String`: the text comes back exactly as
/// the model wrote it, and a value that does not parse cannot fail a run. The typed choices
/// parse on decode and normalise on encode (`2024-05-01T09:30:00.000Z` comes back as
/// `2024-05-01T09:30:00Z`); each needs the workflow-runtime feature of the same name (and
/// `uuid`, `url` for those formats).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Formats {
    /// Every format stays `String` (the default).
    #[default]
    Strings,
    /// `chrono::DateTime<chrono::FixedOffset>` and `chrono::NaiveDate`, `uuid::Uuid`,
    /// `url::Url`.
    Chrono,
    /// `time::OffsetDateTime` (RFC 3339) and `time::Date`, `uuid::Uuid`, `url::Url`.
    Time,
}

impl Formats {
    /// The spellings the front doors take.
    pub const NAMES: [&'static str; 3] = ["string", "chrono", "time"];

    /// The choice named `name` (`"string"`, `"chrono"`, `"time"`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "string" | "strings" => Some(Self::Strings),
            "chrono" => Some(Self::Chrono),
            "time" => Some(Self::Time),
            _ => None,
        }
    }
}

/// What becomes of members an open object's schema does not declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UnknownFields {
    /// Dropped on decode (the default): a server that adds a member breaks nothing.
    #[default]
    Drop,
    /// Kept in a flattened `extra` map on every open object, so that a result re-encodes to
    /// exactly what was received.
    Keep,
}

impl UnknownFields {
    /// The spellings the front doors take.
    pub const NAMES: [&'static str; 2] = ["drop", "keep"];

    /// The choice named `name` (`"drop"`, `"keep"`).
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "drop" => Some(Self::Drop),
            "keep" => Some(Self::Keep),
            _ => None,
        }
    }
}

/// Where an option entry came from: problems with it are reported there.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) enum Origin {
    /// A `build::Builder` setter or a CLI flag: messages name the option.
    #[default]
    Caller,
    /// The macro's argument with this index (the macro spans it).
    Argument(usize),
    /// The workflow file's `x-rust` section, at this pointer.
    File(String),
}

/// One `key = value` entry of `derives`, `replace` or `rename`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// A JSON pointer (`#/$defs/Money`) or a generated type's name; `None` for a derive
    /// of every type.
    pub key: Option<String>,
    /// The derive, the replacing type's path, or the new name.
    pub value: String,
    pub origin: Origin,
}

/// The customization a front door asked for (part of [`crate::Options`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Customization {
    pub derives: Vec<Entry>,
    pub replace: Vec<Entry>,
    pub rename: Vec<Entry>,
    pub formats: Option<(Formats, Origin)>,
    pub unknown_fields: Option<(UnknownFields, Origin)>,
}

impl Customization {
    /// `self` over `defaults` (the file's section): a scalar option replaces the default, a
    /// keyed entry replaces the default entry with the same key (global derives are one list:
    /// given here, they replace the file's list).
    pub(crate) fn over(&self, defaults: Self) -> Self {
        let keyed = |mine: &[Entry], theirs: Vec<Entry>| {
            let mut merged: Vec<Entry> = theirs
                .into_iter()
                .filter(|entry| !mine.iter().any(|own| own.key == entry.key))
                .collect();
            merged.extend(mine.iter().cloned());
            merged
        };
        let global_given = self.derives.iter().any(|entry| entry.key.is_none());
        let per_type: Vec<String> = self
            .derives
            .iter()
            .filter_map(|entry| entry.key.clone())
            .collect();
        let mut derives: Vec<Entry> = defaults
            .derives
            .into_iter()
            .filter(|entry| match &entry.key {
                None => !global_given,
                Some(key) => !per_type.contains(key),
            })
            .collect();
        derives.extend(self.derives.iter().cloned());
        Self {
            derives,
            replace: keyed(&self.replace, defaults.replace),
            rename: keyed(&self.rename, defaults.rename),
            formats: self.formats.clone().or(defaults.formats),
            unknown_fields: self.unknown_fields.clone().or(defaults.unknown_fields),
        }
    }

    /// `later`'s entries after these (build.rs's `options_for` after the builder's global
    /// setters): derives add up, a keyed `replace` or `rename` entry replaces the one with the
    /// same key, and a scalar option given in `later` wins.
    pub(crate) fn then(&self, later: &Self) -> Self {
        let keyed = |mine: &[Entry], theirs: &[Entry]| {
            let mut merged: Vec<Entry> = mine
                .iter()
                .filter(|entry| !theirs.iter().any(|own| own.key == entry.key))
                .cloned()
                .collect();
            merged.extend(theirs.iter().cloned());
            merged
        };
        let mut derives = self.derives.clone();
        derives.extend(later.derives.iter().cloned());
        Self {
            derives,
            replace: keyed(&self.replace, &later.replace),
            rename: keyed(&self.rename, &later.rename),
            formats: later.formats.clone().or_else(|| self.formats.clone()),
            unknown_fields: later
                .unknown_fields
                .clone()
                .or_else(|| self.unknown_fields.clone()),
        }
    }

    /// Whether nothing is asked for.
    pub(crate) fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Reads the file's `x-rust` section: `derives` (a list, or an object of lists by type with
/// `"*"` for every type), `replace` and `rename` (objects), `formats` and `unknown_fields`
/// (strings). Unknown keys and wrong shapes are problems at their pointer.
pub(crate) fn from_file(document: &Value) -> Result<Customization, Vec<Diagnostic>> {
    let mut custom = Customization::default();
    let Some(section) = document.get(SECTION) else {
        return Ok(custom);
    };
    let base = push_pointer("", SECTION);
    let mut problems = Vec::new();
    let Value::Object(members) = section else {
        return Err(vec![
            Diagnostic::new(base, format!("`{SECTION}` must be an object of options"))
                .help(SECTION_HELP),
        ]);
    };
    for (key, value) in members {
        let at = push_pointer(&base, key);
        match key.as_str() {
            "derives" => read_derives(value, &at, &mut custom.derives, &mut problems),
            "replace" | "rename" => {
                let Value::Object(entries) = value else {
                    problems.push(Diagnostic::new(
                        at,
                        format!("`{key}` must be an object: {{\"#/$defs/Money\": \"...\"}}"),
                    ));
                    continue;
                };
                for (entry_key, entry_value) in entries {
                    let entry_at = push_pointer(&at, entry_key);
                    let Value::String(text) = entry_value else {
                        problems.push(Diagnostic::new(
                            entry_at,
                            format!("each `{key}` entry is a string"),
                        ));
                        continue;
                    };
                    let entry = Entry {
                        key: Some(entry_key.clone()),
                        value: text.clone(),
                        origin: Origin::File(entry_at),
                    };
                    if key == "replace" {
                        custom.replace.push(entry);
                    } else {
                        custom.rename.push(entry);
                    }
                }
            }
            "formats" => match value.as_str().and_then(Formats::from_name) {
                Some(formats) => custom.formats = Some((formats, Origin::File(at))),
                None => problems.push(Diagnostic::new(
                    at,
                    format!("`formats` is one of {}", quoted_list(&Formats::NAMES)),
                )),
            },
            "unknown_fields" => match value.as_str().and_then(UnknownFields::from_name) {
                Some(choice) => custom.unknown_fields = Some((choice, Origin::File(at))),
                None => problems.push(Diagnostic::new(
                    at,
                    format!(
                        "`unknown_fields` is one of {}",
                        quoted_list(&UnknownFields::NAMES)
                    ),
                )),
            },
            other => {
                let mut problem = Diagnostic::new(at, format!("unknown option `{other}`"));
                problem = match did_you_mean(other, OPTION_NAMES.iter().copied()) {
                    Some(close) => problem.help(format!("did you mean `{close}`? {SECTION_HELP}")),
                    None => problem.help(SECTION_HELP),
                };
                problems.push(problem);
            }
        }
    }
    if problems.is_empty() {
        Ok(custom)
    } else {
        Err(problems)
    }
}

/// The options, for "did you mean" and help texts.
pub(crate) const OPTION_NAMES: [&str; 5] =
    ["derives", "replace", "rename", "formats", "unknown_fields"];

const SECTION_HELP: &str = "the options are `derives`, `replace`, `rename`, `formats` and \
     `unknown_fields` (schemas/README.md, \"Customizing generated code\")";

fn read_derives(value: &Value, at: &str, into: &mut Vec<Entry>, problems: &mut Vec<Diagnostic>) {
    let mut list = |key: Option<&str>, value: &Value, at: &str| {
        let Value::Array(items) = value else {
            problems.push(Diagnostic::new(
                at,
                "a list of derives is an array of strings: [\"Eq\", \"Hash\"]",
            ));
            return;
        };
        for (index, item) in items.iter().enumerate() {
            let item_at = push_pointer(at, &index.to_string());
            match item {
                Value::String(derive) => into.push(Entry {
                    key: key.map(str::to_string),
                    value: derive.clone(),
                    origin: Origin::File(item_at),
                }),
                _ => problems.push(Diagnostic::new(item_at, "a derive is a string: \"Hash\"")),
            }
        }
    };
    match value {
        Value::Object(by_type) => {
            for (key, derives) in by_type {
                let key_at = push_pointer(at, key);
                list((key != "*").then_some(key.as_str()), derives, &key_at);
            }
        }
        other => list(None, other, at),
    }
}

/// `"a", "b" or "c"`.
pub(crate) fn quoted_list(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

/// The candidate closest to `wrong`, when it is close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|candidate| {
            let distance =
                crate::suggest::edit_distance(&wrong.to_lowercase(), &candidate.to_lowercase());
            (distance, candidate)
        })
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, candidate)| (*distance, *candidate))
        .map(|(_, candidate)| candidate)
}

/// A derive asked for, checked: its path as written and where it came from.
#[derive(Clone)]
pub(crate) struct Derive {
    pub path: syn::Path,
    pub origin: Origin,
}

/// The customization checked against the planned types, as emitting follows it.
#[derive(Clone, Default)]
pub(crate) struct Resolved {
    /// Derives for every type where they apply.
    pub derives: Vec<Derive>,
    /// Type name -> derives for that type only (an error where one cannot apply).
    pub type_derives: BTreeMap<String, Vec<Derive>>,
    /// Type name -> the path of the user's type that replaces it.
    pub replace: BTreeMap<String, syn::Path>,
    pub formats: Formats,
    pub unknown_fields: UnknownFields,
}

impl std::fmt::Debug for Resolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use quote::ToTokens;
        let text = |path: &syn::Path| path.to_token_stream().to_string();
        f.debug_struct("Resolved")
            .field(
                "derives",
                &self
                    .derives
                    .iter()
                    .map(|derive| text(&derive.path))
                    .collect::<Vec<_>>(),
            )
            .field(
                "type_derives",
                &self
                    .type_derives
                    .iter()
                    .map(|(name, derives)| {
                        (
                            name,
                            derives
                                .iter()
                                .map(|derive| text(&derive.path))
                                .collect::<Vec<_>>(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
            .field(
                "replace",
                &self
                    .replace
                    .iter()
                    .map(|(name, path)| (name, text(path)))
                    .collect::<Vec<_>>(),
            )
            .field("formats", &self.formats)
            .field("unknown_fields", &self.unknown_fields)
            .finish()
    }
}

/// A problem with an option entry, reported where the entry came from.
pub(crate) fn problem(origin: &Origin, message: String) -> Diagnostic {
    match origin {
        Origin::File(pointer) => Diagnostic::new(pointer.clone(), message),
        Origin::Argument(index) => Diagnostic::new("", message).for_argument(*index),
        // Not located in the file: the problem is with the caller's option, which the
        // message names (no macro argument has this index).
        Origin::Caller => Diagnostic::new("", message).for_argument(usize::MAX),
    }
}

/// The generated types' names and the pointers they are made from, for resolving keys.
pub(crate) struct Types<'a> {
    /// Type name -> JSON pointer (without `#`), or `None` for a type not made from one place.
    pub by_name: BTreeMap<&'a str, Option<&'a str>>,
    /// Type name -> the pointer as the docs show it (`file.json#/...` for referenced files).
    pub shown: &'a BTreeMap<String, String>,
}

impl Types<'_> {
    /// The type that `key` names: `#/pointer`, `/pointer`, or a type name.
    pub(crate) fn find(&self, key: &str) -> Result<String, String> {
        let pointer = key.strip_prefix('#').unwrap_or(key);
        if pointer.starts_with('/') || key.starts_with('#') || key.contains(".json#") {
            let found = self.by_name.iter().find(|(name, source)| {
                source.is_some_and(|source| source == pointer)
                    || self.shown.get(**name).is_some_and(|shown| {
                        shown == key || shown.strip_prefix('#') == Some(pointer)
                    })
            });
            if let Some((name, _)) = found {
                return Ok((*name).to_string());
            }
            let pointers: Vec<String> = self
                .by_name
                .iter()
                .filter_map(|(name, source)| {
                    source.map(|source| {
                        self.shown
                            .get(*name)
                            .filter(|shown| shown.contains(".json#"))
                            .cloned()
                            .unwrap_or_else(|| format!("#{source}"))
                    })
                })
                .collect();
            let tail = pointer.trim_start_matches('/');
            let hint = pointers
                .iter()
                .map(String::as_str)
                .find(|candidate| !tail.is_empty() && candidate.ends_with(&format!("/{tail}")))
                .or_else(|| did_you_mean(key, pointers.iter().map(String::as_str)))
                .map(|close| format!("; did you mean `{close}`?"))
                .unwrap_or_default();
            return Err(format!(
                "`{key}` is not the schema of a generated type{hint} (each generated type's \
                 pointer is listed in the module's docs; a schema that becomes a plain `String`, \
                 number or list has no type of its own)"
            ));
        }
        if self.by_name.contains_key(key) {
            return Ok(key.to_string());
        }
        let hint = did_you_mean(key, self.by_name.keys().copied())
            .map(|close| format!("; did you mean `{close}`?"))
            .unwrap_or_default();
        Err(format!(
            "no generated type is named `{key}`{hint} (the generated types are listed in the \
             module's docs; a key starting with `#/` is a JSON pointer)"
        ))
    }
}

/// Checks a new type name: an UpperCamelCase identifier that is not taken.
pub(crate) fn check_new_name(new: &str, taken: &dyn Fn(&str) -> bool) -> Result<(), String> {
    if syn::parse_str::<syn::Ident>(new).is_err() || crate::names::is_keyword(new) {
        return Err(format!("`{new}` is not a Rust identifier"));
    }
    let camel = crate::names::type_ident(new);
    if camel != new {
        return Err(format!(
            "`{new}` is not an UpperCamelCase type name; did you mean `{camel}`?"
        ));
    }
    if taken(new) {
        return Err(format!(
            "`{new}` is already the name of a generated type or of something the module \
             defines; pick another name"
        ));
    }
    Ok(())
}

/// Parses a replacing type's path: `rust_decimal::Decimal`, `crate::Time`, `Vec<u8>`.
pub(crate) fn parse_type_path(text: &str) -> Result<syn::Path, String> {
    match syn::parse_str::<syn::Type>(text) {
        Ok(syn::Type::Path(path))
            if path.qself.is_none()
                && path.path.leading_colon.is_none()
                && path.path.segments.len() == 1
                && !IN_SCOPE.contains(&path.path.segments[0].ident.to_string().as_str()) =>
        {
            let name = path.path.segments[0].ident.to_string();
            Err(format!(
                "`{text}` is a bare name, and the generated module does not see your `use`s (a \
                 `{name}` there is the generated type itself): write its path, `crate::{text}` \
                 or `some_crate::{text}`"
            ))
        }
        Ok(syn::Type::Path(path)) if path.qself.is_none() => Ok(path.path),
        _ => Err(format!(
            "`{text}` is not a type path (write it as in a `use`: `rust_decimal::Decimal`, \
             `crate::money::Money`)"
        )),
    }
}

/// Names a replacing type may use bare: the primitives and the prelude's types, which the
/// generated module sees.
const IN_SCOPE: [&str; 19] = [
    "bool", "char", "str", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64",
    "i128", "isize", "f32", "f64", "String", "Vec",
];

/// The derives the codegen knows how to check, with what they need of every field.
pub(crate) const KNOWN_DERIVES: [&str; 10] = [
    "Clone",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Copy",
    "Default",
    "Serialize",
];

/// Parses a derive: one of [`KNOWN_DERIVES`] (a typo gets a "did you mean"), or a path with
/// at least two segments to a derive macro elsewhere (`schemars::JsonSchema`): inside the
/// generated module the user's `use`s are not in scope, so a bare unknown name could not be
/// found.
pub(crate) fn parse_derive(text: &str) -> Result<syn::Path, String> {
    let path = syn::parse_str::<syn::Path>(text.trim())
        .map_err(|_| format!("`{text}` is not a derive: write a name (`Hash`) or a path"))?;
    if path.segments.len() == 1 && path.leading_colon.is_none() {
        let name = path.segments[0].ident.to_string();
        if KNOWN_DERIVES.contains(&name.as_str()) || name == "Deserialize" {
            return Ok(path);
        }
        let hint = did_you_mean(&name, KNOWN_DERIVES.iter().copied())
            .map(|close| format!("did you mean `{close}`? "))
            .unwrap_or_default();
        return Err(format!(
            "unknown derive `{name}`: {hint}the standard derives are {}; a derive from another \
             crate is written as a path (`schemars::JsonSchema`), since the generated module \
             does not see your `use`s",
            KNOWN_DERIVES[..9].join(", ")
        ));
    }
    Ok(path)
}

/// The schemas the user replaces, which get a type of their own even where their shape (a
/// string with a format, a list) would be inlined: those with progenitor's `x-rust-type`
/// extension, and those `replace` names by pointer or by `$defs` key.
pub(crate) fn replaced_schemas(
    custom: &Customization,
    document: &Value,
) -> std::collections::BTreeSet<String> {
    let mut found = std::collections::BTreeSet::new();
    let mut pending = vec![(String::new(), document)];
    while let Some((pointer, value)) = pending.pop() {
        match value {
            Value::Object(members) => {
                if members.get("x-rust-type").is_some_and(usable_rust_type) {
                    found.insert(pointer.clone());
                }
                for (key, member) in members {
                    pending.push((push_pointer(&pointer, key), member));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    pending.push((push_pointer(&pointer, &index.to_string()), item));
                }
            }
            _ => {}
        }
    }
    for entry in &custom.replace {
        let Some(key) = entry.key.as_deref() else {
            continue;
        };
        let pointer = key.strip_prefix('#').unwrap_or(key);
        if pointer.starts_with('/') {
            if document.pointer(pointer).is_some_and(Value::is_object) {
                found.insert(pointer.to_string());
            }
            continue;
        }
        for base in ["", "/input", "/result"] {
            for keyword in ["$defs", "definitions"] {
                let at = push_pointer(&push_pointer(base, keyword), key);
                if document.pointer(&at).is_some_and(Value::is_object) {
                    found.insert(at);
                }
            }
        }
    }
    found
}

/// Whether an `x-rust-type` extension is one this crate applies: an object with a `path`,
/// for a type without generic `parameters` (those would need the parameters' own types; such a
/// schema is generated as usual).
fn usable_rust_type(extension: &Value) -> bool {
    extension.get("path").is_some()
        && extension
            .get("parameters")
            .and_then(Value::as_array)
            .is_none_or(Vec::is_empty)
}

/// Where renames put a type: JSON pointer of its schema -> the new name, for planning.
pub(crate) type Renames = BTreeMap<String, String>;

/// Names the module defines besides its types.
const RESERVED: [&str; 6] = [
    "Input",
    "Output",
    "OutputObject",
    "error",
    "run",
    "run_blocking",
];

/// The renames `custom` asks for, checked against `plan` (made without them).
pub(crate) fn resolve_renames(
    custom: &Customization,
    plan: &crate::plan::Plan,
) -> Result<Renames, Vec<Diagnostic>> {
    let types = types_of(plan);
    let mut renames = Renames::new();
    let mut problems = Vec::new();
    let mut new_names: Vec<&str> = Vec::new();
    for entry in &custom.rename {
        let key = entry.key.as_deref().unwrap_or_default();
        let outcome = types.find(key).and_then(|name| {
            if RESERVED.contains(&name.as_str()) {
                return Err(format!(
                    "`{name}` keeps its name: `run`, `Client::run` and the docs use it (to use a \
                     type of your own there, `replace` it)"
                ));
            }
            let taken = |new: &str| {
                new != name
                    && (types.by_name.contains_key(new)
                        || RESERVED.contains(&new)
                        || new == plan.marker
                        || new_names.contains(&new))
            };
            check_new_name(&entry.value, &taken)?;
            let pointer = types
                .by_name
                .get(name.as_str())
                .copied()
                .flatten()
                .ok_or_else(|| {
                    format!("`{name}` is not made from one schema and cannot be renamed")
                })?;
            Ok(pointer.to_string())
        });
        match outcome {
            Ok(pointer) => {
                new_names.push(&entry.value);
                renames.insert(pointer, entry.value.clone());
            }
            Err(message) => problems.push(problem(&entry.origin, format!("`rename`: {message}"))),
        }
    }
    if problems.is_empty() {
        Ok(renames)
    } else {
        Err(problems)
    }
}

fn types_of(plan: &crate::plan::Plan) -> Types<'_> {
    let mut by_name: BTreeMap<&str, Option<&str>> = plan
        .sources
        .iter()
        .map(|(name, pointer)| (name.as_str(), Some(pointer.as_str())))
        .collect();
    for (name, _) in &plan.defs {
        by_name.entry(name.as_str()).or_insert(None);
    }
    if plan.output_nullable {
        by_name.entry("Output").or_insert(Some("/result"));
    }
    Types {
        by_name,
        shown: &plan.shown_sources,
    }
}

/// The rest of `custom` (derives, replacements, formats, unknown fields), checked against the
/// final `plan`; `document` is the workflow file, for the `x-rust-type` extension.
pub(crate) fn resolve(
    custom: &Customization,
    plan: &crate::plan::Plan,
    document: &Value,
) -> Result<Resolved, Vec<Diagnostic>> {
    let types = types_of(plan);
    let mut resolved = Resolved {
        formats: custom
            .formats
            .as_ref()
            .map(|(formats, _)| *formats)
            .unwrap_or_default(),
        unknown_fields: custom
            .unknown_fields
            .as_ref()
            .map(|(choice, _)| *choice)
            .unwrap_or_default(),
        ..Resolved::default()
    };
    let mut problems = Vec::new();
    for entry in &custom.derives {
        let path = match parse_derive(&entry.value) {
            Ok(path) => path,
            Err(message) => {
                problems.push(problem(&entry.origin, format!("`derives`: {message}")));
                continue;
            }
        };
        let derive = Derive {
            path,
            origin: entry.origin.clone(),
        };
        match &entry.key {
            None => resolved.derives.push(derive),
            Some(key) => match types.find(key) {
                Ok(name) => resolved.type_derives.entry(name).or_default().push(derive),
                Err(message) => {
                    problems.push(problem(&entry.origin, format!("`derives`: {message}")))
                }
            },
        }
    }
    // The schema's own `x-rust-type` (progenitor's extension) first; `replace` entries win.
    for (name, source) in &types.by_name {
        let Some(path) = source
            .and_then(|source| document.pointer(source))
            .and_then(|schema| schema.get("x-rust-type"))
            .filter(|extension| usable_rust_type(extension))
            .and_then(|extension| extension.get("path"))
        else {
            continue;
        };
        let at = push_pointer(
            &push_pointer(source.unwrap_or_default(), "x-rust-type"),
            "path",
        );
        match path.as_str().map(parse_type_path) {
            Some(Ok(path)) => {
                resolved.replace.insert((*name).to_string(), path);
            }
            Some(Err(message)) => {
                problems.push(Diagnostic::new(at, format!("`x-rust-type`: {message}")))
            }
            None => problems.push(Diagnostic::new(
                at,
                "`x-rust-type`'s `path` is a string: \"rust_decimal::Decimal\"",
            )),
        }
    }
    for entry in &custom.replace {
        let key = entry.key.as_deref().unwrap_or_default();
        let outcome = types
            .find(key)
            .and_then(|name| parse_type_path(&entry.value).map(|path| (name, path)));
        match outcome {
            Ok((name, path)) => {
                resolved.replace.insert(name, path);
            }
            Err(message) => problems.push(problem(&entry.origin, format!("`replace`: {message}"))),
        }
    }
    if problems.is_empty() {
        Ok(resolved)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_gets_the_closest_candidate_and_a_stranger_gets_none() {
        assert_eq!(
            did_you_mean("Hsh", KNOWN_DERIVES.iter().copied()),
            Some("Hash")
        );
        assert_eq!(
            did_you_mean("partialord", KNOWN_DERIVES.iter().copied()),
            Some("PartialOrd")
        );
        assert_eq!(
            did_you_mean("Frobnicate", KNOWN_DERIVES.iter().copied()),
            None
        );
    }

    #[test]
    fn derives_are_standard_names_or_paths() {
        assert!(parse_derive("Hash").is_ok());
        assert!(parse_derive("schemars::JsonSchema").is_ok());
        let error = parse_derive("Hsh").err().expect("refused");
        assert!(
            error.starts_with("unknown derive `Hsh`: did you mean `Hash`? "),
            "{error}"
        );
        assert!(
            parse_derive("not a path")
                .err()
                .expect("refused")
                .contains("is not a derive")
        );
    }

    #[test]
    fn new_names_are_upper_camel_case_identifiers_not_taken() {
        let free = |_: &str| false;
        assert_eq!(check_new_name("Category", &free), Ok(()));
        assert_eq!(
            check_new_name("category", &free),
            Err("`category` is not an UpperCamelCase type name; did you mean `Category`?".into())
        );
        assert_eq!(
            check_new_name("fn", &free),
            Err("`fn` is not a Rust identifier".into())
        );
        assert!(
            check_new_name("Entity", &|name| name == "Entity")
                .unwrap_err()
                .contains("already the name")
        );
    }

    #[test]
    fn replacing_types_are_paths() {
        assert!(parse_type_path("rust_decimal::Decimal").is_ok());
        assert!(parse_type_path("crate::Time").is_ok());
        assert!(parse_type_path("::std::collections::BTreeSet<u8>").is_ok());
        assert!(
            parse_type_path("&str")
                .err()
                .expect("refused")
                .contains("is not a type path")
        );
        assert!(parse_type_path("rust decimal").is_err());
        assert!(parse_type_path("String").is_ok());
        assert!(parse_type_path("Vec<u8>").is_ok());
        let bare = parse_type_path("Money").err().expect("refused");
        assert!(
            bare.starts_with(
                "`Money` is a bare name, and the generated module does not see your `use`s"
            ),
            "{bare}"
        );
        assert!(
            bare.ends_with("write its path, `crate::Money` or `some_crate::Money`"),
            "{bare}"
        );
    }

    #[test]
    fn the_front_door_overrides_the_file_key_by_key() {
        let entry = |key: Option<&str>, value: &str| Entry {
            key: key.map(str::to_string),
            value: value.to_string(),
            origin: Origin::Caller,
        };
        let file = Customization {
            derives: vec![entry(None, "Eq"), entry(Some("Output"), "Hash")],
            rename: vec![entry(Some("#/a"), "A"), entry(Some("#/b"), "B")],
            formats: Some((Formats::Chrono, Origin::Caller)),
            ..Customization::default()
        };
        let front = Customization {
            derives: vec![entry(None, "PartialOrd")],
            rename: vec![entry(Some("#/b"), "Bee")],
            ..Customization::default()
        };
        let merged = front.over(file);
        assert_eq!(
            merged.derives,
            vec![entry(Some("Output"), "Hash"), entry(None, "PartialOrd")]
        );
        assert_eq!(
            merged.rename,
            vec![entry(Some("#/a"), "A"), entry(Some("#/b"), "Bee")]
        );
        assert_eq!(merged.formats, Some((Formats::Chrono, Origin::Caller)));
    }

    #[test]
    fn later_entries_add_derives_and_replace_keyed_entries() {
        let entry = |key: Option<&str>, value: &str| Entry {
            key: key.map(str::to_string),
            value: value.to_string(),
            origin: Origin::Caller,
        };
        let global = Customization {
            derives: vec![entry(None, "Eq")],
            replace: vec![
                entry(Some("#/a"), "crate::A"),
                entry(Some("#/b"), "crate::B"),
            ],
            formats: Some((Formats::Chrono, Origin::Caller)),
            ..Customization::default()
        };
        let one_file = Customization {
            derives: vec![entry(None, "Hash")],
            replace: vec![entry(Some("#/a"), "crate::OtherA")],
            unknown_fields: Some((UnknownFields::Keep, Origin::Caller)),
            ..Customization::default()
        };
        let merged = global.then(&one_file);
        assert_eq!(merged.derives, vec![entry(None, "Eq"), entry(None, "Hash")]);
        assert_eq!(
            merged.replace,
            vec![
                entry(Some("#/b"), "crate::B"),
                entry(Some("#/a"), "crate::OtherA")
            ]
        );
        assert_eq!(merged.formats, Some((Formats::Chrono, Origin::Caller)));
        assert_eq!(
            merged.unknown_fields,
            Some((UnknownFields::Keep, Origin::Caller))
        );
    }

    #[test]
    fn the_section_is_read_and_each_mistake_is_at_its_pointer() {
        let document = serde_json::json!({"x-rust": {
            "derives": {"*": ["Eq"], "Output": ["Hash"]},
            "replace": {"#/$defs/Money": "rust_decimal::Decimal"},
            "formats": "chrono",
            "unknown_fields": "keep"
        }});
        let custom = from_file(&document).expect("reads");
        assert_eq!(custom.derives.len(), 2);
        assert_eq!(custom.derives[1].key.as_deref(), Some("Output"));
        assert_eq!(
            custom.derives[1].origin,
            Origin::File("/x-rust/derives/Output/0".into())
        );
        assert_eq!(custom.replace[0].value, "rust_decimal::Decimal");
        assert_eq!(
            custom.formats.map(|(formats, _)| formats),
            Some(Formats::Chrono)
        );
        let bad =
            serde_json::json!({"x-rust": {"derive": [], "formats": "jiff", "rename": {"A": 3}}});
        let problems = from_file(&bad).unwrap_err();
        let found: Vec<(String, String)> = problems
            .into_iter()
            .map(|problem| (problem.pointer, problem.message))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "/x-rust/derive".to_string(),
                    "unknown option `derive`".to_string()
                ),
                (
                    "/x-rust/formats".to_string(),
                    "`formats` is one of \"string\", \"chrono\" or \"time\"".to_string()
                ),
                (
                    "/x-rust/rename/A".to_string(),
                    "each `rename` entry is a string".to_string()
                ),
            ]
        );
    }
}
