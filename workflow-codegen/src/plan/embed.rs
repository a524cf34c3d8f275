//! The self-contained input and result schemas that generated code carries.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value, json};

use crate::pointer::push_pointer;
use crate::schema::resolve_ref;

/// A document pointer as users find the schema: as written for the workflow file,
/// `file.json#/pointer` inside a file that a `$ref` points into.
pub(super) fn shown_pointer(document: &Value, pointer: &str) -> String {
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
pub(super) fn self_contained(document: &Value, key: &str) -> Value {
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
