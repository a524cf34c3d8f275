//! Every corpus case either compiles (this crate built) and round-trips all of its valid
//! samples exactly, or is refused with a clean error. The outcome of each case is recorded in
//! RESULTS.md; refresh it with `UPDATE_CORPUS=1 cargo test -p workflow-corpus`.

use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use workflow_corpus::{CASES, Outcome};

#[path = "../../suite/json.rs"]
#[allow(dead_code)]
mod json;

fn read(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("corpus files are JSON"))
}

/// The samples of a case that its schema accepts (the validator decides for the json-schema
/// corpus; the peer corpus says so itself), and how many samples there are in all.
/// The samples of a case that its schema accepts (the validator decides for the json-schema
/// corpus; the peer corpus says so itself, and its "lenient" instances, valid only because
/// their schema states no `type`, are left out: a schema with `properties` is read as an
/// object), and how many samples there are in all.
fn valid_samples(id: &str, schema: &Value) -> (Vec<Value>, usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    if let Some(Value::Array(instances)) = read(&root.join(format!("peer/{id}.instances.json"))) {
        let total = instances.len();
        let valid = instances
            .into_iter()
            .filter(|instance| {
                instance["valid"] == Value::Bool(true)
                    && instance.get("lenient") != Some(&Value::Bool(true))
            })
            .map(|instance| instance["data"].clone())
            .collect();
        return (valid, total);
    }
    let Some(Value::Array(samples)) = read(&root.join(format!("json-schema/{id}.samples.json")))
    else {
        return (Vec::new(), 0);
    };
    let validator = match jsonschema::validator_for(schema) {
        Ok(validator) => validator,
        Err(error) => panic!("{id}: the validator refuses the schema: {error}"),
    };
    let total = samples.len();
    let valid = samples
        .into_iter()
        .filter(|sample| validator.is_valid(sample))
        .collect();
    (valid, total)
}

/// A refusal is clean when every problem says where (`file:line:column`, a JSON pointer)
/// and is not an internal failure.
fn clean(message: &str) -> Result<(), String> {
    let first = message.lines().next().unwrap_or_default();
    if message.contains("panicked") || message.contains("a bug in workflow-codegen") {
        return Err(format!("not a clean refusal: {first}"));
    }
    let problems: Vec<&str> = message
        .lines()
        .filter(|line| !line.starts_with(' ') && !line.contains(" problems in "))
        .collect();
    for line in &problems {
        let place = line.split(": ").next().unwrap_or_default();
        if place.matches(':').count() != 2
            || !(line.contains(": at /") || line.contains("invalid JSON"))
        {
            return Err(format!("refusal without a place: {line}"));
        }
    }
    if problems.is_empty() {
        return Err(format!("refusal without a problem: {first}"));
    }
    Ok(())
}

/// Resolves a local `$ref` in the carried (self-contained) schema.
fn resolve<'a>(root: &'a Value, reference: &str) -> Option<&'a Value> {
    let fragment = reference.strip_prefix('#')?;
    let mut decoded = Vec::new();
    let bytes = fragment.as_bytes();
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let Ok(byte) = u8::from_str_radix(&fragment[index + 1..index + 3], 16)
        {
            decoded.push(byte);
            index += 3;
            continue;
        }
        decoded.push(bytes[index]);
        index += 1;
    }
    root.pointer(&String::from_utf8(decoded).ok()?)
}

/// The schema and every schema it is made of (`$ref`, `allOf`, `anyOf`, `oneOf`).
fn branches<'a>(schema: &'a Value, root: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 32 || !schema.is_object() {
        return;
    }
    out.push(schema);
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(root, r))
    {
        branches(target, root, out, depth + 1);
    }
    for keyword in ["allOf", "anyOf", "oneOf"] {
        for part in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            branches(part, root, out, depth + 1);
        }
    }
}

/// `value` without the object members that its schema does not declare: an object that says
/// nothing about other members accepts them, and the generated type drops them by design.
fn declared_only(value: &Value, schema: &Value, root: &Value) -> Value {
    let mut parts = Vec::new();
    branches(schema, root, &mut parts, 0);
    match value {
        // Without declared properties the type is a map (or any value): it keeps every member.
        Value::Object(_) if !parts.iter().any(|part| part.get("properties").is_some()) => {
            value.clone()
        }
        Value::Object(members) => {
            let open = parts.iter().any(|part| {
                part.get("patternProperties").is_some()
                    || part
                        .get("additionalProperties")
                        .is_some_and(|extra| extra != &Value::Bool(false))
            });
            let mut kept = serde_json::Map::new();
            for (key, member) in members {
                let declared = parts
                    .iter()
                    .find_map(|part| part.get("properties").and_then(|p| p.get(key)));
                match declared {
                    Some(member_schema) => {
                        kept.insert(key.clone(), declared_only(member, member_schema, root));
                    }
                    None if open => {
                        kept.insert(key.clone(), member.clone());
                    }
                    None => {}
                }
            }
            Value::Object(kept)
        }
        Value::Array(items) => {
            let item_schema = parts
                .iter()
                .find_map(|part| part.get("items").filter(|i| i.is_object()));
            match item_schema {
                Some(item_schema) => Value::Array(
                    items
                        .iter()
                        .map(|item| declared_only(item, item_schema, root))
                        .collect(),
                ),
                None => value.clone(),
            }
        }
        _ => value.clone(),
    }
}

#[test]
fn every_case_round_trips_or_is_refused_cleanly() {
    let mut table = String::from(
        "# Corpus results\n\nGenerated by `tests/corpus/tests/corpus.rs`: what the generator makes of each case.\n\
         `json-schema/` cases are wrapped as a workflow's result and as its input; `peer/` cases are\n\
         workflow files already. \"generated\" means the code compiled here under `#![deny(warnings)]`\n\
         and every valid sample decoded and encoded back to equal JSON.\n\n\
         | case | role | outcome |\n|---|---|---|\n",
    );
    let mut failures = Vec::new();
    let (mut generated, mut refused) = (0, 0);
    for case in CASES {
        let outcome = match &case.outcome {
            Outcome::Generated { round_trip, schema } => {
                generated += 1;
                // The schema the generated code carries: the runtime validates with it too.
                let schema: Value =
                    serde_json::from_str(schema.expect("generated code carries its schema"))
                        .expect("the carried schema is JSON");
                let (samples, total) = valid_samples(case.id, &schema);
                let text = schema.to_string();
                let mut repaired = std::collections::BTreeSet::new();
                for sample in &samples {
                    let expected = declared_only(sample, &schema, &schema);
                    // Strict first; a valid value that strict serde refuses (JSON Schema counts
                    // `3.0` as an integer) must still decode through the default Repair mode.
                    let outcome = round_trip(sample, Some(&text), true)
                        .or_else(|_| round_trip(sample, Some(&text), false));
                    match outcome {
                        Ok((back, rules)) if json::same_data(&expected, &back) => {
                            repaired.extend(rules);
                        }
                        Ok((back, _)) => failures.push(format!(
                            "{} ({}): {sample} came back as {back} (expected {expected})",
                            case.id, case.role
                        )),
                        Err(error) => failures.push(format!(
                            "{} ({}): {sample} does not decode: {error}",
                            case.id, case.role
                        )),
                    }
                }
                let mut outcome = format!(
                    "generated; {} of {total} samples valid and round-trip",
                    samples.len()
                );
                if !repaired.is_empty() {
                    let rules: Vec<&str> = repaired.into_iter().collect();
                    outcome.push_str(&format!(" (some after repair: {})", rules.join(", ")));
                }
                outcome
            }
            Outcome::Refused(message) => {
                refused += 1;
                if let Err(problem) = clean(message) {
                    failures.push(format!("{} ({}): {problem}", case.id, case.role));
                }
                let first = message
                    .lines()
                    .find(|line| {
                        line.contains(": at /")
                            || line.contains("invalid JSON")
                            || line.contains(".json:")
                    })
                    .unwrap_or_default();
                let reason = first.split_once(": ").map_or(first, |(_, rest)| rest);
                format!("refused: {}", reason.replace('|', "\\|"))
            }
        };
        let _ = writeln!(table, "| {} | {} | {outcome} |", case.id, case.role);
    }
    let _ = writeln!(table, "\n{generated} generated, {refused} refused.");

    let results = Path::new(env!("CARGO_MANIFEST_DIR")).join("RESULTS.md");
    if std::env::var_os("UPDATE_CORPUS").is_some() {
        std::fs::write(&results, &table).expect("RESULTS.md is writable");
    }
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
    let recorded = std::fs::read_to_string(&results).unwrap_or_default();
    assert!(
        recorded == table,
        "RESULTS.md is out of date: refresh it with UPDATE_CORPUS=1 cargo test -p workflow-corpus"
    );
}
