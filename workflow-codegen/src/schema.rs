//! JSON Schema plumbing shared by the stages: walking subschemas and resolving `$ref`s.

use serde_json::{Map, Value};

use crate::diag::Diagnostic;
use crate::pointer::{pointer_tokens, push_pointer};

/// Keywords whose value is one subschema.
pub(crate) const SINGLE: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "contentSchema",
];
/// Keywords whose value is an array of subschemas.
pub(crate) const ARRAYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keywords whose value is an object of subschemas.
pub(crate) const MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
];

/// Calls `visit` with the pointer of every direct subschema of `schema`.
pub(crate) fn for_each_subschema<'a>(
    schema: &'a Map<String, Value>,
    pointer: &str,
    mut visit: impl FnMut(&'a Value, String),
) {
    for (keyword, value) in schema {
        let at = push_pointer(pointer, keyword);
        if SINGLE.contains(&keyword.as_str()) {
            visit(value, at);
        } else if keyword == "items" {
            match value {
                Value::Array(items) => {
                    for (index, item) in items.iter().enumerate() {
                        visit(item, push_pointer(&at, &index.to_string()));
                    }
                }
                other => visit(other, at),
            }
        } else if ARRAYS.contains(&keyword.as_str()) {
            if let Value::Array(items) = value {
                for (index, item) in items.iter().enumerate() {
                    visit(item, push_pointer(&at, &index.to_string()));
                }
            }
        } else if MAPS.contains(&keyword.as_str()) {
            if let Value::Object(members) = value {
                for (name, member) in members {
                    visit(member, push_pointer(&at, name));
                }
            }
        } else if keyword == "dependencies"
            && let Value::Object(members) = value
        {
            for (name, member) in members {
                if member.is_object() || member.is_boolean() {
                    visit(member, push_pointer(&at, name));
                }
            }
        }
    }
}

/// Calls `visit` with every direct subschema of `schema`, mutably, and its pointer (the same
/// positions as [`for_each_subschema`]): values of other keywords (`enum`, `const`,
/// `default`, `examples`) and the names in `properties` are never visited.
pub(crate) fn for_each_subschema_mut(
    schema: &mut Map<String, Value>,
    pointer: &str,
    mut visit: impl FnMut(&mut Value, String),
) {
    for (keyword, value) in schema.iter_mut() {
        let at = push_pointer(pointer, keyword);
        let keyword = keyword.as_str();
        if SINGLE.contains(&keyword) {
            visit(value, at);
        } else if keyword == "items" {
            match value {
                Value::Array(items) => {
                    for (index, item) in items.iter_mut().enumerate() {
                        visit(item, push_pointer(&at, &index.to_string()));
                    }
                }
                other => visit(other, at),
            }
        } else if ARRAYS.contains(&keyword) {
            if let Value::Array(items) = value {
                for (index, item) in items.iter_mut().enumerate() {
                    visit(item, push_pointer(&at, &index.to_string()));
                }
            }
        } else if MAPS.contains(&keyword) {
            if let Value::Object(members) = value {
                for (name, member) in members.iter_mut() {
                    visit(member, push_pointer(&at, name));
                }
            }
        } else if keyword == "dependencies"
            && let Value::Object(members) = value
        {
            for (name, member) in members.iter_mut() {
                if member.is_object() || member.is_boolean() {
                    visit(member, push_pointer(&at, name));
                }
            }
        }
    }
}

/// The value at `pointer` in `document`.
pub(crate) fn at_pointer<'a>(document: &'a Value, pointer: &str) -> Option<&'a Value> {
    document.pointer(pointer)
}

/// The schema root that `#` means for a `$ref` written at `pointer`: the workflow's `input` or
/// `result` schema for refs inside them, the file itself otherwise.
pub(crate) fn scope_root(pointer: &str) -> String {
    if let Some((index, _)) = crate::refs::split_mount(pointer) {
        return crate::refs::mount_root(index);
    }
    match pointer_tokens(pointer)
        .as_deref()
        .and_then(|tokens| tokens.first().map(String::as_str))
    {
        Some("input") => "/input".to_string(),
        Some("result") => "/result".to_string(),
        _ => String::new(),
    }
}

/// Resolves the `$ref` string `reference`, written in the schema at `pointer`, to the JSON
/// pointer of its target in the workflow file.
///
/// Rules (documented in schemas/README.md):
/// - `#` is the root of the schema the ref sits in (`input` or `result`).
/// - `#/a/b` is looked up from that root first (a schema pasted whole into `input` keeps its
///   own `$defs`), then from the workflow file's root (the shared `$defs`).
/// - `#name` is a `$anchor` (or a draft-07 `$id: "#name"`) anywhere in the file.
/// - a relative file (`common.json#/$defs/A`) is the referenced file read next to the file
///   holding the reference ([`crate::refs`]), where `#` is that file's root;
/// - a URL is the schema in the set that declares it as its `$id`, else refused.
pub(crate) fn resolve_ref(
    document: &Value,
    pointer: &str,
    reference: &str,
) -> Result<String, Diagnostic> {
    let at = push_pointer(pointer, "$ref");
    let (base, fragment) = reference.split_once('#').unwrap_or((reference, ""));
    let root = if base.is_empty() {
        scope_root(pointer)
    } else {
        match crate::refs::link(document, pointer, base) {
            Some(Ok(mounted)) => mounted,
            Some(Err(message)) => {
                return Err(Diagnostic::new(at, message).help(
                    "a relative $ref names a file next to the file that holds it: check the path and that the file is JSON",
                ));
            }
            // `https://example.com/s.json#/$defs/Item` is local when a schema in the set
            // declares that `$id`.
            None => match find_id(document, base) {
                Some(resource) => resource,
                None => {
                    return Err(Diagnostic::new(
                        at,
                        format!("external $ref {reference:?} is not supported: no file or schema in the set declares that $id"),
                    )
                    .help("reference a file by a relative path (\"common.json#/$defs/Name\"), or copy the schema into the file's \"$defs\" and point at it with \"#/$defs/Name\""));
                }
            },
        }
    };
    let root = root.as_str();
    // A referenced file is a document of its own: `#/$defs/A` in it is its own definition.
    let mounted = crate::refs::split_mount(root).is_some();
    if fragment.is_empty() {
        if root.is_empty() {
            return Err(Diagnostic::new(
                at,
                "$ref \"#\" outside input and result has no schema to point at",
            )
            .help("point at a definition instead: \"#/$defs/Name\""));
        }
        return Ok(root.to_string());
    }
    let found = if fragment.starts_with('/') {
        let decoded = percent_decode(fragment);
        // draft-07 writes `definitions` where 2020-12 writes `$defs`: either finds the other.
        let alias = if let Some(rest) = decoded.strip_prefix("/definitions/") {
            Some(format!("/$defs/{rest}"))
        } else {
            decoded
                .strip_prefix("/$defs/")
                .map(|rest| format!("/definitions/{rest}"))
        };
        let mut candidates = Vec::new();
        for path in std::iter::once(decoded.clone()).chain(alias) {
            if !root.is_empty() {
                candidates.push(format!("{root}{path}"));
            }
            if !mounted {
                candidates.push(path);
            }
        }
        candidates
            .into_iter()
            .find(|candidate| at_pointer(document, candidate).is_some())
    } else {
        find_anchor(document, root, fragment)
    };
    let Some(target) = found else {
        let what = if fragment.starts_with('/') {
            "no schema at that location"
        } else {
            "no \"$anchor\" with that name"
        };
        let names = defs_names(document, root);
        let closest = names
            .iter()
            .filter(|name| crate::suggest::edit_distance(name, reference) <= 2)
            .min_by_key(|name| crate::suggest::edit_distance(name, reference));
        let help = match closest {
            Some(name) => format!("did you mean {name:?}?"),
            None if names.is_empty() => {
                "define the schema under \"$defs\" at the top of the workflow file".to_string()
            }
            None => format!("known definitions: {}", names.join(", ")),
        };
        return Err(Diagnostic::new(at, format!("dangling $ref {reference:?}: {what}")).help(help));
    };
    match at_pointer(document, &target) {
        Some(Value::Object(_) | Value::Bool(_)) => Ok(target),
        _ => Err(Diagnostic::new(
            at,
            format!("$ref {reference:?} points at {target}, which is not a schema"),
        )),
    }
}

fn percent_decode(fragment: &str) -> String {
    let bytes = fragment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && bytes[index + 1].is_ascii_hexdigit()
            && bytes[index + 2].is_ascii_hexdigit()
            && let Ok(byte) = u8::from_str_radix(&fragment[index + 1..index + 3], 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| fragment.to_string())
}

/// The pointer of the schema whose `$id` is `id` (trailing `#` ignored).
fn find_id(document: &Value, id: &str) -> Option<String> {
    if let Some(indexed) = crate::refs::indexed_id(document, id.trim_end_matches('#')) {
        return indexed;
    }
    fn walk(value: &Value, pointer: &str, id: &str) -> Option<String> {
        match value {
            Value::Object(members) => {
                if members
                    .get("$id")
                    .and_then(Value::as_str)
                    .is_some_and(|own| own.trim_end_matches('#') == id)
                {
                    return Some(pointer.to_string());
                }
                members
                    .iter()
                    .find_map(|(key, member)| walk(member, &push_pointer(pointer, key), id))
            }
            Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
                walk(item, &push_pointer(pointer, &index.to_string()), id)
            }),
            _ => None,
        }
    }
    walk(document, "", id.trim_end_matches('#'))
}

fn find_anchor(document: &Value, root: &str, name: &str) -> Option<String> {
    let found = match crate::refs::indexed_anchors(document, name) {
        Some(found) => found,
        None => {
            let mut found = Vec::new();
            collect_anchors(document, "", name, &mut found);
            found
        }
    };
    // Prefer an anchor inside the schema the ref sits in.
    found
        .iter()
        .find(|pointer| !root.is_empty() && pointer.starts_with(root))
        .or_else(|| found.first())
        .cloned()
}

fn collect_anchors(value: &Value, pointer: &str, name: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            let anchor = members.get("$anchor").and_then(Value::as_str) == Some(name);
            let legacy_id = members
                .get("$id")
                .and_then(Value::as_str)
                .and_then(|id| id.strip_prefix('#'))
                == Some(name);
            if anchor || legacy_id {
                found.push(pointer.to_string());
            }
            for (key, member) in members {
                if key == "examples" && pointer.is_empty() {
                    continue;
                }
                collect_anchors(member, &push_pointer(pointer, key), name, found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                collect_anchors(
                    item,
                    &push_pointer(pointer, &index.to_string()),
                    name,
                    found,
                );
            }
        }
        _ => {}
    }
}

fn defs_names(document: &Value, root: &str) -> Vec<String> {
    let mut names = Vec::new();
    for base in [root, ""] {
        for keyword in ["$defs", "definitions"] {
            if let Some(Value::Object(defs)) = at_pointer(document, &format!("{base}/{keyword}")) {
                for name in defs.keys() {
                    let full = format!("#/{keyword}/{name}");
                    if !names.contains(&full) {
                        names.push(full);
                    }
                }
            }
        }
        if root.is_empty() {
            break;
        }
    }
    names
}

/// The JSON type names a schema allows through `type` (empty: not stated).
pub(crate) fn types_of(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}
