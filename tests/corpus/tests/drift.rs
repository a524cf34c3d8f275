//! The drift classification (`workflow_runtime::drift`) against the corpora's real schemas,
//! with the JSON Schema validator as the oracle:
//!
//! - every schema compared with itself, and with itself without its annotations, gives no
//!   change but annotations;
//! - every schema edited once (a field added, removed, made required or optional, retyped, an
//!   enum value removed, a bound added, the object closed), and whenever the edited schema
//!   refuses an instance that the old one accepts (the validator decides), the classification
//!   has a breaking change for inputs: a client it calls compatible still has its inputs
//!   accepted.
//!
//! Run with `--nocapture` for the counts.

use std::path::Path;

use serde_json::{Value, json};
use workflow_runtime::drift::{self, Role, Severity};

const FOLDERS: [&str; 8] = [
    "json-schema",
    "pydantic",
    "zod3",
    "zod4",
    "openai-strict",
    "check-jsonschema",
    "schemastore",
    "issue12",
];
/// Larger schemas are compared with themselves only: editing and validating them again and
/// again would take most of the test's time for little more coverage.
const EDIT_BYTES: usize = 64 * 1024;
/// Edits tried per schema, and instances checked per edit.
const EDITS: usize = 16;
const INSTANCES: usize = 12;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// `(name, schema, size, valid instances)` of every corpus schema with instances.
fn corpus() -> Vec<(String, Value, usize, Vec<Value>)> {
    let mut found = Vec::new();
    for folder in FOLDERS {
        let Ok(entries) = std::fs::read_dir(root().join(folder)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.map(|entry| entry.unwrap().path()).collect();
        paths.sort();
        for path in paths {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if !name.ends_with(".json")
                || name.ends_with(".instances.json")
                || name.ends_with(".samples.json")
                || name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            {
                continue;
            }
            let stem = path.with_extension("");
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(schema) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            let read = |suffix: &str| -> Option<Value> {
                let text = std::fs::read_to_string(format!("{}.{suffix}", stem.display())).ok()?;
                serde_json::from_str(&text).ok()
            };
            let instances: Vec<Value> = match (read("instances.json"), read("samples.json")) {
                (Some(Value::Array(rows)), _) => rows
                    .into_iter()
                    .filter(|row| row.get("valid") != Some(&Value::Bool(false)))
                    .filter_map(|row| row.get("data").cloned())
                    .collect(),
                (_, Some(Value::Array(samples))) => samples,
                _ => Vec::new(),
            };
            found.push((format!("{folder}/{name}"), schema, text.len(), instances));
        }
    }
    found
}

/// The schema without `description`, `title`, `examples`, `default` and `deprecated`
/// wherever they are keywords of a schema: through the keywords that hold schemas, not
/// through data (`enum`, `const`) or vendor keys (`x-...`), where they are data too.
fn strip_annotations(value: &mut Value) {
    let Value::Object(map) = value else {
        return;
    };
    for key in ["description", "title", "examples", "default", "deprecated"] {
        map.remove(key);
    }
    for (key, child) in map.iter_mut() {
        match (key.as_str(), child) {
            (
                "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
                Value::Object(members),
            ) => members.values_mut().for_each(strip_annotations),
            ("allOf" | "anyOf" | "oneOf" | "prefixItems" | "items", Value::Array(members)) => {
                members.iter_mut().for_each(strip_annotations);
            }
            (
                "not"
                | "if"
                | "then"
                | "else"
                | "additionalProperties"
                | "additionalItems"
                | "propertyNames"
                | "contains"
                | "unevaluatedItems"
                | "unevaluatedProperties"
                | "items",
                child,
            ) => strip_annotations(child),
            ("dependencies", Value::Object(members)) => {
                members.values_mut().for_each(strip_annotations);
            }
            _ => {}
        }
    }
}

#[test]
fn every_corpus_schema_equals_itself_up_to_annotations() {
    let corpus = corpus();
    assert!(corpus.len() > 300, "only {} schemas found", corpus.len());
    let mut failures = Vec::new();
    for (name, schema, _, _) in &corpus {
        let started = std::time::Instant::now();
        if std::env::var("DRIFT_TIMES").is_ok() {
            eprintln!("start {name}");
        }
        for role in [Role::Input, Role::Result] {
            let changes = drift::diff(role, schema, schema);
            if !changes.is_empty() {
                failures.push(format!("{name} ({role:?}) against itself: {}", changes[0]));
            }
            let mut bare = schema.clone();
            strip_annotations(&mut bare);
            let changes = drift::diff(role, schema, &bare);
            if let Some(change) = changes
                .iter()
                .find(|change| change.rule != drift::Rule::Annotation)
            {
                failures.push(format!("{name} ({role:?}) without annotations: {change}"));
            }
        }
        if std::env::var("DRIFT_TIMES").is_ok() {
            eprintln!("{:>8} ms {name}", started.elapsed().as_millis());
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The object schemas of `schema` that edits apply to: the root, and what `properties`,
/// `items` and `$defs` hold, depth first.
fn object_pointers(schema: &Value, pointer: &str, found: &mut Vec<String>) {
    let Value::Object(map) = schema else {
        return;
    };
    if map.get("properties").is_some_and(Value::is_object) {
        found.push(pointer.to_owned());
    }
    for key in ["properties", "$defs", "definitions"] {
        if let Some(Value::Object(members)) = map.get(key) {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                object_pointers(member, &format!("{pointer}/{key}/{escaped}"), found);
            }
        }
    }
    if let Some(items) = map.get("items") {
        object_pointers(items, &format!("{pointer}/items"), found);
    }
}

/// Every location reachable from the root: walked through every child, and through local
/// `$ref`s to their targets. An edit elsewhere (an unused definition) changes nothing.
fn reachable(schema: &Value) -> std::collections::HashSet<String> {
    let mut seen = std::collections::HashSet::new();
    let mut todo = vec![String::new()];
    while let Some(pointer) = todo.pop() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        let Some(value) = schema.pointer(&pointer) else {
            continue;
        };
        let children: Vec<(String, &Value)> = match value {
            // Definitions are reached through references only.
            Value::Object(map) => map
                .iter()
                .filter(|(key, _)| *key != "$defs" && *key != "definitions")
                .map(|(key, child)| (key.replace('~', "~0").replace('/', "~1"), child))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(index, child)| (index.to_string(), child))
                .collect(),
            _ => Vec::new(),
        };
        for (key, child) in children {
            if key == "$ref"
                && let Some(target) = child.as_str().and_then(|target| target.strip_prefix('#'))
            {
                todo.push(target.to_owned());
            }
            if child.is_object() || child.is_array() {
                todo.push(format!("{pointer}/{key}"));
            }
        }
    }
    seen
}

/// One edit of the object schema at `pointer`, by number; `None` when it does not apply.
fn edit(schema: &Value, pointer: &str, which: usize) -> Option<(Value, &'static str)> {
    let mut edited = schema.clone();
    let object = edited.pointer_mut(pointer)?.as_object_mut()?;
    let properties = object.get("properties")?.as_object()?.clone();
    let required: Vec<String> = object
        .get("required")
        .and_then(Value::as_array)
        .map(|names| {
            names
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let first_optional = properties
        .keys()
        .find(|name| !required.contains(name))
        .cloned();
    let first = properties.keys().next().cloned();
    let label = match which % 9 {
        0 => {
            let mut members = properties.clone();
            members.insert("zz_added".into(), json!({"type": "string"}));
            object.insert("properties".into(), Value::Object(members));
            "an optional field added"
        }
        1 => {
            let mut members = properties.clone();
            members.insert("zz_added".into(), json!({"type": "string"}));
            object.insert("properties".into(), Value::Object(members));
            let mut names = required.clone();
            names.push("zz_added".into());
            object.insert("required".into(), json!(names));
            "a required field added"
        }
        2 => {
            let name = first?;
            let mut members = properties.clone();
            members.remove(&name);
            object.insert("properties".into(), Value::Object(members));
            let names: Vec<&String> = required.iter().filter(|n| **n != name).collect();
            object.insert("required".into(), json!(names));
            "a field removed"
        }
        3 => {
            let name = first_optional?;
            let mut names = required.clone();
            names.push(name);
            object.insert("required".into(), json!(names));
            "an optional field made required"
        }
        4 => {
            let name = required.first()?.clone();
            let names: Vec<&String> = required.iter().filter(|n| **n != name).collect();
            object.insert("required".into(), json!(names));
            "a required field made optional"
        }
        5 => {
            let closed = Some(&Value::Bool(false));
            if object.get("additionalProperties") == closed
                || object.get("unevaluatedProperties") == closed
            {
                return None;
            }
            object.insert("additionalProperties".into(), Value::Bool(false));
            "the object closed"
        }
        6 => {
            let name = first?;
            let mut members = properties.clone();
            let member = members.get_mut(&name)?.as_object_mut()?;
            let now = match member.get("type").and_then(Value::as_str) {
                Some("boolean") => "string",
                Some(_) => "boolean",
                None => return None,
            };
            member.insert("type".into(), json!(now));
            object.insert("properties".into(), Value::Object(members));
            "a field retyped"
        }
        7 => {
            let (name, values) = properties.iter().find_map(|(name, member)| {
                let values = member.get("enum")?.as_array()?;
                (values.len() > 1).then(|| (name.clone(), values.clone()))
            })?;
            let mut members = properties.clone();
            members[&name]["enum"] = Value::Array(values[1..].to_vec());
            object.insert("properties".into(), Value::Object(members));
            "an enum value removed"
        }
        _ => {
            let name = properties.iter().find_map(|(name, member)| {
                (member.get("type").and_then(Value::as_str) == Some("string")).then(|| name.clone())
            })?;
            let mut members = properties.clone();
            members[&name]["maxLength"] = json!(2);
            object.insert("properties".into(), Value::Object(members));
            "a string's maxLength set to 2"
        }
    };
    Some((edited, label))
}

#[test]
fn edits_called_compatible_keep_every_valid_input_valid() {
    let corpus = corpus();
    let mut failures = Vec::new();
    let (mut edits, mut compatible, mut checked, mut unchanged) = (0, 0, 0, 0);
    for (name, schema, size, instances) in &corpus {
        if *size > EDIT_BYTES {
            continue;
        }
        let Ok(validator) = jsonschema::validator_for(schema) else {
            continue;
        };
        let valid: Vec<&Value> = instances
            .iter()
            .filter(|instance| validator.is_valid(instance))
            .take(INSTANCES)
            .collect();
        let mut pointers = Vec::new();
        object_pointers(schema, "", &mut pointers);
        let reachable = reachable(schema);
        pointers.retain(|pointer| reachable.contains(pointer));
        let mut tried = 0;
        'edits: for pointer in &pointers {
            for which in 0..9 {
                if tried >= EDITS {
                    break 'edits;
                }
                let Some((edited, label)) = edit(schema, pointer, which) else {
                    continue;
                };
                if edited == *schema {
                    continue;
                }
                tried += 1;
                edits += 1;
                let changes = drift::diff(Role::Input, schema, &edited);
                if std::env::var("DRIFT_DEBUG")
                    .is_ok_and(|wanted| wanted == format!("{name}:{pointer}:{which}"))
                {
                    for change in &changes {
                        println!("{change}");
                    }
                }
                if changes.is_empty() {
                    unchanged += 1;
                }
                let breaking = changes
                    .iter()
                    .any(|change| change.severity == Severity::Breaking);
                if !breaking {
                    compatible += 1;
                }
                let Ok(new) = jsonschema::validator_for(&edited) else {
                    continue;
                };
                checked += valid.len();
                // The oracle: an input the old schema accepts and the new one refuses is a
                // breaking change, which the classification must have found.
                if let Some(refused) = valid.iter().find(|instance| !new.is_valid(instance))
                    && !breaking
                {
                    failures.push(format!(
                        "{name}: {label} at {pointer:?} refuses a valid input, but was called {}: {}",
                        changes
                            .first()
                            .map_or_else(|| "no change".to_owned(), ToString::to_string),
                        refused.to_string().chars().take(200).collect::<String>()
                    ));
                }
            }
        }
    }
    println!(
        "{edits} edits of {} schemas: {unchanged} found no change (an edit the rest of the \
         schema already implies), {compatible} called compatible for inputs; {checked} valid \
         inputs checked against the edited schemas",
        corpus.len()
    );
    // Most edits change something the classification must see.
    assert!(
        unchanged * 20 < edits,
        "{unchanged} of {edits} edits found no change"
    );
    assert!(edits > 1000, "only {edits} edits");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
