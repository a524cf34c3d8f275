//! The differential check: for every corpus case the generator accepts (and this build
//! compiled, under `#![deny(warnings)]`), every instance that the `jsonschema` crate finds
//! valid against the case's own schema must
//! (a) decode through the runtime's decode path,
//! (b) encode back to the instance up to the documented normalisations, and nothing else:
//!     an integral number written `1.0` (or `1.0` read into an integer), an optional member
//!     that was `null` left out, the undeclared members of an object that says nothing about
//!     other members dropped,
//! (c) in the input role, pass the runtime's own input check (the embedded `INPUT_SCHEMA`),
//! (d) still be valid against the schema once encoded back,
//! (e) pass the macro's compile-time check of examples (a subset of validation);
//! and (f) in the input role, for every instance, valid or not, that decodes into `Input`:
//! the input check the types leave (`INPUT_CHECKS`) and the whole `INPUT_SCHEMA` agree on
//! the value encoded back (the soundness of workflow-codegen's `checks.rs`).
//! Refusals must be clean and located. Failures known today are listed in
//! KNOWN_FAILURES.tsv: the test fails on a failure that is not listed and on a listed one that
//! no longer happens, so the list only shrinks. Figures go to RESULTS.md.
//!
//! `UPDATE_CORPUS=1` rewrites RESULTS.md and drops the listed failures that are fixed;
//! `KNOWN_FAILURES=rewrite` rewrites the list from this run (after re-drawing instances: review
//! the diff, it must not grow for a generator change).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

use serde_json::Value;
use workflow_corpus::{CASES, COMPILE_BYTES, Case, MAX_BYTES, Outcome};

/// The limits build.rs works under by default; RESULTS.md is the figure for that build.
const DEFAULT_MAX_BYTES: u64 = 50_000;
const DEFAULT_COMPILE_BYTES: usize = 1_900_000;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    Some(serde_json::from_str(&text).expect("corpus files are JSON"))
}

/// A case's instances: `(index, data, said_valid)`; `said_valid` is what the source says
/// (`None` when it says nothing), and `peer/`'s "lenient" instances (valid only because their
/// schema states no `type`) are left out.
fn instances(case: &Case) -> Vec<(usize, Value, Option<bool>)> {
    let stem = case.schema_file.trim_end_matches(".json");
    let rows = match read(&root().join(format!("{stem}.instances.json"))) {
        Some(Value::Array(rows)) => rows,
        _ => match read(&root().join(format!("{stem}.samples.json"))) {
            Some(Value::Array(samples)) => {
                return samples
                    .into_iter()
                    .enumerate()
                    .map(|(index, data)| (index, data, None))
                    .collect();
            }
            _ => return Vec::new(),
        },
    };
    rows.into_iter()
        .enumerate()
        .filter(|(_, row)| row.get("lenient") != Some(&Value::Bool(true)))
        .map(|(index, row)| (index, row["data"].clone(), row["valid"].as_bool()))
        .collect()
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

/// The first problem of a refusal, without its place.
fn first_problem(message: &str) -> &str {
    let first = message
        .lines()
        .find(|line| line.contains(": at /") || line.contains("invalid JSON"))
        .or_else(|| message.lines().next())
        .unwrap_or_default();
    match first.split_once(": at /") {
        Some((_, rest)) => rest.split_once(": ").map_or(rest, |(_, message)| message),
        // No pointer (an unclean refusal): what follows `file:line:column: `.
        None => first.splitn(4, ": ").last().unwrap_or(first),
    }
}

/// A refusal's reason with the case's own details (names, references) left out, so that
/// refusals group by cause: `unsupported keyword "if"`, `external $ref …`.
fn reason(message: &str) -> String {
    let problem = first_problem(message);
    let head = problem.split(": ").next().unwrap_or(problem);
    let mut out = String::new();
    for (index, part) in head.split('"').enumerate() {
        if index % 2 == 0 {
            out.push_str(part);
        } else if part.len() <= 24
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '$' || c == '_')
        {
            let _ = write!(out, "\"{part}\"");
        } else {
            out.push('…');
        }
    }
    out.chars().take(90).collect()
}

/// Resolves a local `$ref` in `root`.
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

/// The schema and the schemas it is made of (`$ref`, `allOf`, `anyOf`, `oneOf`, `then`,
/// `else`, `dependentSchemas`), each with whether it always applies (`$ref`, `allOf`) or only
/// may (a branch).
fn parts<'a>(
    schema: &'a Value,
    root: &'a Value,
    always: bool,
    out: &mut Vec<(&'a Value, bool)>,
    depth: usize,
) {
    if depth > 32 || !schema.is_object() {
        return;
    }
    out.push((schema, always));
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(root, r))
    {
        parts(target, root, always, out, depth + 1);
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        parts(part, root, always, out, depth + 1);
    }
    for keyword in ["anyOf", "oneOf"] {
        for part in schema
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parts(part, root, false, out, depth + 1);
        }
    }
    for keyword in ["then", "else"] {
        if let Some(part) = schema.get(keyword) {
            parts(part, root, false, out, depth + 1);
        }
    }
    for keyword in ["dependentSchemas", "dependencies"] {
        for part in schema
            .get(keyword)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            parts(part.1, root, false, out, depth + 1);
        }
    }
}

/// Whether `key` must be present: required by the schema or a part that always applies, or by
/// every branch of some `anyOf`/`oneOf` of one of those.
fn required(schema: &Value, root: &Value, key: &str, depth: usize) -> bool {
    if depth > 32 {
        return false;
    }
    let lists = |schema: &Value| {
        schema
            .get("required")
            .and_then(Value::as_array)
            .is_some_and(|list| list.iter().any(|k| k == key))
    };
    if lists(schema) {
        return true;
    }
    if let Some(target) = schema
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| resolve(root, r))
        && required(target, root, key, depth + 1)
    {
        return true;
    }
    if schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(|part| required(part, root, key, depth + 1))
    {
        return true;
    }
    ["anyOf", "oneOf"].iter().any(|keyword| {
        schema
            .get(*keyword)
            .and_then(Value::as_array)
            .is_some_and(|branches| {
                !branches.is_empty()
                    && branches
                        .iter()
                        .all(|part| required(part, root, key, depth + 1))
            })
    })
}

/// A difference between an instance and what came back, beyond the documented
/// normalisations: its kind (`changed`, `dropped`, `added`) and where.
struct Difference {
    kind: &'static str,
    detail: String,
}

fn same_number(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    let integer = |n: &serde_json::Number| {
        n.as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from))
    };
    match (integer(a), integer(b)) {
        (Some(x), Some(y)) => x == y,
        // An integral number written `1.0`, or `1.0` read into an integer: the same value.
        (Some(x), None) | (None, Some(x)) => {
            let float = if integer(a).is_some() { b } else { a };
            float
                .as_f64()
                .is_some_and(|f| f.fract() == 0.0 && f.abs() < 1.0e19 && (f as i128) == x)
        }
        (None, None) => a.as_f64().map(f64::to_bits) == b.as_f64().map(f64::to_bits),
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text
    }
}

fn short_text(text: &str) -> String {
    if text.chars().count() > 300 {
        format!("{}…", text.chars().take(300).collect::<String>())
    } else {
        text.to_string()
    }
}

/// Compares an instance with the value encoded back from its decoded type, tolerating exactly
/// the documented normalisations.
fn compare(
    instance: &Value,
    back: &Value,
    schema: Option<&Value>,
    root: &Value,
    path: &str,
) -> Result<(), Difference> {
    let changed = || Difference {
        kind: "changed",
        detail: format!(
            "at {path:?}: {} came back as {}",
            short(instance),
            short(back)
        ),
    };
    match (instance, back) {
        (Value::Number(a), Value::Number(b)) => same_number(a, b).then_some(()).ok_or_else(changed),
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(changed());
            }
            let mut all = Vec::new();
            if let Some(schema) = schema {
                parts(schema, root, true, &mut all, 0);
            }
            for (index, (x, y)) in a.iter().zip(b).enumerate() {
                let item = all.iter().find_map(|(part, _)| {
                    part.get("prefixItems")
                        .and_then(Value::as_array)
                        .and_then(|items| items.get(index))
                        .or_else(|| {
                            part.get("items")
                                .and_then(Value::as_array)
                                .and_then(|items| items.get(index))
                        })
                        .or_else(|| part.get("items").filter(|items| items.is_object()))
                });
                compare(x, y, item, root, &format!("{path}/{index}"))?;
            }
            Ok(())
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut all = Vec::new();
            if let Some(schema) = schema {
                parts(schema, root, true, &mut all, 0);
            }
            let declares = all.iter().any(|(part, _)| part.get("properties").is_some());
            let open = all.iter().any(|(part, _)| {
                part.get("patternProperties").is_some()
                    || part
                        .get("additionalProperties")
                        .is_some_and(|extra| extra != &Value::Bool(false))
            });
            for (key, member) in a {
                let pointer = format!("{path}/{key}");
                let declared = all
                    .iter()
                    .find_map(|(part, _)| part.get("properties").and_then(|p| p.get(key)));
                let member_schema = declared.or_else(|| {
                    all.iter()
                        .find_map(|(part, _)| part.get("additionalProperties"))
                        .filter(|extra| extra.is_object())
                });
                match b.get(key) {
                    Some(other) => compare(member, other, member_schema, root, &pointer)?,
                    // An optional member that was `null` is left out.
                    None if member.is_null()
                        && !schema.is_some_and(|s| required(s, root, key, 0)) => {}
                    // Undeclared members of an object that says nothing about others.
                    None if declares && declared.is_none() && !open => {}
                    None => {
                        return Err(Difference {
                            kind: "dropped",
                            detail: format!("at {pointer:?}: {} is missing", short(member)),
                        });
                    }
                }
            }
            if let Some((key, value)) = b.iter().find(|(key, _)| !a.contains_key(*key)) {
                return Err(Difference {
                    kind: "added",
                    detail: format!(
                        "at \"{path}/{key}\": {} was not in the instance",
                        short(value)
                    ),
                });
            }
            Ok(())
        }
        _ => (instance == back).then_some(()).ok_or_else(changed),
    }
}

/// One failure of the differential check.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Failure {
    case: String,
    role: String,
    index: String,
    kind: String,
    detail: String,
}

impl Failure {
    fn key(&self) -> (String, String, String, String) {
        (
            self.case.clone(),
            self.role.clone(),
            self.index.clone(),
            self.kind.clone(),
        )
    }

    fn line(&self) -> String {
        let detail: String = self
            .detail
            .replace(['\t', '\n', '\r'], " ")
            .chars()
            .take(160)
            .collect();
        format!(
            "{}\t{}\t{}\t{}\t{detail}",
            self.case, self.role, self.index, self.kind
        )
    }
}

const KNOWN: &str = "KNOWN_FAILURES.tsv";

fn known() -> Vec<Failure> {
    let text = std::fs::read_to_string(root().join(KNOWN)).unwrap_or_default();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let mut fields = line.splitn(5, '\t');
            let mut next = || fields.next().unwrap_or_default().to_string();
            Failure {
                case: next(),
                role: next(),
                index: next(),
                kind: next(),
                detail: next(),
            }
        })
        .collect()
}

fn write_known(list: &[Failure]) {
    let mut text = String::from(
        "# Known failures of the differential check (tests/corpus/tests/corpus.rs): case, role,\n\
         # instance index in its instances file, kind, what happened. The test fails on a\n\
         # failure not listed here and on a listed one that no longer happens.\n",
    );
    for failure in list {
        text.push_str(&failure.line());
        text.push('\n');
    }
    std::fs::write(root().join(KNOWN), text).expect("KNOWN_FAILURES.tsv is writable");
}

/// The figures of one corpus.
#[derive(Default)]
struct Figures {
    schemas: BTreeSet<&'static str>,
    skipped: BTreeSet<&'static str>,
    accepted: BTreeMap<&'static str, usize>,
    compiled: usize,
    not_compiled: usize,
    valid_checked: usize,
    valid_passed: usize,
    invalid: usize,
    invalid_decoded: usize,
    disagreements: usize,
    /// Input cases by what their `INPUT_CHECKS` is: `none`, `reduced`, `full`.
    input_checks: BTreeMap<&'static str, usize>,
    /// Decoded inputs on which (f) compared the two checks.
    checks_compared: usize,
    failures: BTreeMap<String, usize>,
    refusals: BTreeMap<String, usize>,
}

/// Mutants per instance that check (f) tries.
const MAX_MUTANTS: usize = 48;

/// Values near `value`, one place changed each: strings empty, long or odd; numbers at the
/// edges; lists empty or with their first item twice; objects empty or without a member.
/// At most `limit`, spread over the value's places.
fn mutants(value: &Value, limit: usize) -> Vec<Value> {
    fn places(value: &Value, pointer: String, out: &mut Vec<(String, Vec<Value>)>) {
        let swaps = match value {
            Value::String(_) => vec![
                Value::from(""),
                Value::from("x".repeat(300)),
                Value::from("not a date, uri or email"),
                Value::from("2024-01-01T00:00:00Z"),
            ],
            Value::Number(_) => vec![
                Value::from(0),
                Value::from(-1),
                Value::from(1_000_000_000_u64),
                Value::from(0.5),
            ],
            Value::Bool(flag) => vec![Value::from(!flag)],
            Value::Null => vec![],
            Value::Array(items) => {
                let mut swaps = vec![Value::Array(Vec::new())];
                if let Some(first) = items.first() {
                    let mut twice = items.clone();
                    twice.push(first.clone());
                    swaps.push(Value::Array(twice));
                }
                for (index, item) in items.iter().enumerate().take(4) {
                    places(item, format!("{pointer}/{index}"), out);
                }
                swaps
            }
            Value::Object(members) => {
                let mut swaps = vec![Value::Object(serde_json::Map::new())];
                for key in members.keys().take(8) {
                    let mut fewer = members.clone();
                    fewer.remove(key);
                    swaps.push(Value::Object(fewer));
                }
                for (key, member) in members.iter().take(16) {
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    places(member, format!("{pointer}/{escaped}"), out);
                }
                swaps
            }
        };
        out.push((pointer, swaps));
    }
    let mut found = Vec::new();
    places(value, String::new(), &mut found);
    let all: Vec<(String, Value)> = found
        .into_iter()
        .flat_map(|(pointer, swaps)| swaps.into_iter().map(move |swap| (pointer.clone(), swap)))
        .collect();
    let step = all.len().div_ceil(limit).max(1);
    all.into_iter()
        .step_by(step)
        .filter_map(|(pointer, swap)| {
            let mut mutant = value.clone();
            if pointer.is_empty() {
                return Some(swap);
            }
            *mutant.pointer_mut(&pointer)? = swap;
            Some(mutant)
        })
        .collect()
}

/// Why the reduced input check and the full schema disagree on `value`, if they do.
fn checks_disagree(
    full: &'static str,
    checks: Option<&'static str>,
    value: &Value,
) -> Option<String> {
    let verdict = |schema: &'static str| {
        workflow_runtime::__private::check_input(schema, value)
            .map(|violations| violations.is_empty())
    };
    let whole = verdict(full);
    let reduced = checks.map_or(Ok(true), verdict);
    match (whole, reduced) {
        (Ok(whole), Ok(reduced)) if whole == reduced => None,
        (whole, reduced) => Some(format!(
            "{}: the whole schema says {whole:?}, the reduced check {reduced:?} ({})",
            short(value),
            checks.map_or("no check".into(), short_text)
        )),
    }
}

#[test]
fn every_case_passes_the_differential_check_or_is_refused_cleanly() {
    let mut rows = String::new();
    let mut failures: Vec<Failure> = Vec::new();
    let mut figures: BTreeMap<&str, Figures> = BTreeMap::new();
    let mut compiled_cases = BTreeSet::new();
    for case in CASES {
        let name = format!("{}/{}", case.corpus, case.id);
        let corpus = figures.entry(case.corpus).or_default();
        corpus.schemas.insert(case.id);
        let mut fail = |index: String, kind: &str, detail: String| {
            failures.push(Failure {
                case: name.clone(),
                role: case.role.to_string(),
                index,
                kind: kind.to_string(),
                detail,
            });
        };
        let outcome = match &case.outcome {
            Outcome::Generated {
                round_trip,
                schema: carried,
                check_input,
                input_checks,
            } => {
                *corpus.accepted.entry(case.role).or_default() += 1;
                corpus.compiled += 1;
                compiled_cases.insert((name.clone(), case.role));
                let carried = carried.expect("generated code carries its schema");
                let carried_value = serde_json::from_str::<Value>(carried).ok();
                let file = read(&root().join(case.schema_file)).expect("the schema file");
                let schema = file.pointer(case.pointer).expect("the schema").clone();
                // A schema whose `$ref`s point into the rest of its file (a workflow file's
                // root `$defs`) is validated as a reference from that file's root.
                let validator = jsonschema::validator_for(&schema).or_else(|error| {
                    match (&file, case.pointer.is_empty()) {
                        (Value::Object(members), false) if !members.contains_key("$ref") => {
                            let mut wrapped = members.clone();
                            wrapped
                                .insert("$ref".into(), Value::String(format!("#{}", case.pointer)));
                            jsonschema::validator_for(&Value::Object(wrapped)).map_err(|_| error)
                        }
                        _ => Err(error),
                    }
                });
                let validator = match validator {
                    Ok(validator) => validator,
                    Err(_) => {
                        // The crate's message names whichever member it met first, which
                        // depends on the workspace's features (map order): not recorded.
                        let _ = writeln!(
                            rows,
                            "| {name} | {} | generated; the jsonschema crate refuses the schema |",
                            case.role,
                        );
                        continue;
                    }
                };
                let (mut valid, mut passed, mut invalid, mut accepted) = (0, 0, 0, 0);
                let mut repaired = BTreeSet::new();
                if let Some(checks) = input_checks {
                    let kind = match checks {
                        None => "none",
                        Some(checks) if *checks == carried => "full",
                        Some(_) => "reduced",
                    };
                    *corpus.input_checks.entry(kind).or_default() += 1;
                }
                for (index, instance, said) in instances(case) {
                    // (f) Valid or not: what decodes is what the types can write.
                    // Mutants of it too: each leaf (and each list and object) swapped for
                    // values at the edges of what constraints ask, kept when they decode.
                    if let Some(checks) = input_checks
                        && let Ok((back, _)) = round_trip(&instance, Some(carried), true)
                    {
                        let mut candidates = vec![back.clone()];
                        candidates.extend(mutants(&back, MAX_MUTANTS));
                        for candidate in candidates {
                            let Ok((written, _)) = round_trip(&candidate, Some(carried), true)
                            else {
                                continue;
                            };
                            corpus.checks_compared += 1;
                            if let Some(problem) = checks_disagree(carried, *checks, &written) {
                                fail(index.to_string(), "checks-disagree", problem);
                                break;
                            }
                        }
                    }
                    let is_valid = validator.is_valid(&instance);
                    if said.is_some_and(|said| said != is_valid) {
                        corpus.disagreements += 1;
                    }
                    // peer/ says itself which instances are valid (its own draft's verdict).
                    let is_valid = if case.corpus == "peer" {
                        said.unwrap_or(is_valid)
                    } else {
                        is_valid
                    };
                    if !is_valid {
                        invalid += 1;
                        if round_trip(&instance, Some(carried), true).is_ok() {
                            accepted += 1;
                        }
                        continue;
                    }
                    valid += 1;
                    let index = index.to_string();
                    // (a) Strict first; a result that strict serde refuses (JSON Schema counts
                    // `3.0` as an integer) must still decode through the default Repair mode.
                    // An input is decoded by serde alone.
                    let decoded = round_trip(&instance, Some(carried), true).or_else(|error| {
                        if case.role == "result" {
                            round_trip(&instance, Some(carried), false)
                        } else {
                            Err(error)
                        }
                    });
                    let back = match decoded {
                        Ok((back, rules)) => {
                            repaired.extend(rules);
                            back
                        }
                        Err(error) => {
                            fail(index, "decode", format!("{}: {error}", short(&instance)));
                            continue;
                        }
                    };
                    let mut ok = true;
                    // (b)
                    if let Err(difference) = compare(&instance, &back, Some(&schema), &schema, "") {
                        fail(index.clone(), difference.kind, difference.detail);
                        ok = false;
                    }
                    // (c)
                    if let Some(check_input) = check_input
                        && let Err(error) = check_input(&back)
                    {
                        fail(index.clone(), "input-refused", error);
                        ok = false;
                    }
                    // (d)
                    if !validator.is_valid(&back) {
                        let why = validator
                            .iter_errors(&back)
                            .next()
                            .map(|error| {
                                format!("{} at {:?}", error, error.instance_path().to_string())
                            })
                            .unwrap_or_default();
                        fail(
                            index.clone(),
                            "invalid-after",
                            format!("{} : {why}", short(&back)),
                        );
                        ok = false;
                    }
                    // (e) The macro's compile-time check of a file's examples accepts it.
                    if let Some(problem) = carried_value.as_ref().and_then(|carried| {
                        workflow_codegen::__private::example_problems(carried, &instance)
                            .into_iter()
                            .next()
                    }) {
                        fail(
                            index,
                            "example-refused",
                            format!("{} : {problem}", short(&instance)),
                        );
                        ok = false;
                    }
                    if ok {
                        passed += 1;
                    }
                }
                corpus.valid_checked += valid;
                corpus.valid_passed += passed;
                corpus.invalid += invalid;
                corpus.invalid_decoded += accepted;
                let mut outcome = format!(
                    "generated; {passed} of {valid} valid instances pass; {accepted} of {invalid} invalid ones decode"
                );
                if !repaired.is_empty() {
                    let rules: Vec<&str> = repaired.into_iter().collect();
                    let _ = write!(outcome, " (some after repair: {})", rules.join(", "));
                }
                outcome
            }
            Outcome::NotCompiled => {
                *corpus.accepted.entry(case.role).or_default() += 1;
                corpus.not_compiled += 1;
                format!("generated; not compiled (over the {COMPILE_BYTES}-byte budget)")
            }
            Outcome::Skipped => {
                corpus.skipped.insert(case.id);
                format!("not generated (schema file over {MAX_BYTES} bytes)")
            }
            Outcome::Refused(message) => {
                if let Err(problem) = clean(message) {
                    fail("-".to_string(), "unclean-refusal", problem);
                }
                *corpus.refusals.entry(reason(message)).or_default() += 1;
                format!("refused: {}", first_problem(message).replace('|', "\\|"))
            }
        };
        let _ = writeln!(rows, "| {name} | {} | {outcome} |", case.role);
    }
    for failure in &failures {
        let corpus = failure.case.split('/').next().unwrap_or_default();
        if let Some(figures) = figures.get_mut(corpus) {
            *figures.failures.entry(failure.kind.clone()).or_default() += 1;
        }
    }

    // Both roles accepted, per schema.
    let mut both: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for case in CASES {
        if !matches!(case.outcome, Outcome::Refused(_) | Outcome::Skipped) {
            *both
                .entry(case.corpus)
                .or_default()
                .entry(case.id)
                .or_default() += 1;
        }
    }

    let mut table = String::from(
        "# Corpus results\n\n\
         Generated by `tests/corpus/tests/corpus.rs` (`cargo test -p workflow-corpus`; refresh with\n\
         `UPDATE_CORPUS=1`). Each schema is wrapped as a workflow's `result` and as its `input`\n\
         (`peer/` cases are workflow files, result role). A generated case is compiled under\n\
         `#![deny(warnings)]` when its schema file is at most the size limit; then every instance\n\
         the `jsonschema` crate finds valid must decode, encode back to itself up to the documented\n\
         normalisations, pass the runtime's input check (input role) and stay valid. Failures\n\
         listed in KNOWN_FAILURES.tsv are expected (the list only shrinks).\n\n",
    );
    let _ = writeln!(
        table,
        "Limits of this run: schema files up to {MAX_BYTES} bytes generated (the others are not \
         counted below), {COMPILE_BYTES} bytes of the catalogues' generated code compiled.\n"
    );
    table.push_str(
        "| corpus | schemas | accepted in both roles | result / input accepted | compiled cases | valid instances checked | passed | failures by kind | invalid instances the types decode | source said otherwise |\n\
         |---|---|---|---|---|---|---|---|---|---|\n",
    );
    for (name, corpus) in &figures {
        let total = corpus.schemas.len() - corpus.skipped.len();
        let roles = if *name == "peer" { 1 } else { 2 };
        let accepted_both = both
            .get(name)
            .map_or(0, |ids| ids.values().filter(|&&n| n == roles).count());
        let kinds: Vec<String> = corpus
            .failures
            .iter()
            .map(|(kind, n)| format!("{kind} {n}"))
            .collect();
        let _ = writeln!(
            table,
            "| {name} | {total} | {accepted_both} ({:.1}%) | {} / {} | {} (+{} not compiled) | {} | {} | {} | {} of {} | {} |",
            100.0 * accepted_both as f64 / total.max(1) as f64,
            corpus.accepted.get("result").copied().unwrap_or(0),
            corpus.accepted.get("input").copied().unwrap_or(0),
            corpus.compiled,
            corpus.not_compiled,
            corpus.valid_checked,
            corpus.valid_passed,
            if kinds.is_empty() {
                "none".to_string()
            } else {
                kinds.join(", ")
            },
            corpus.invalid_decoded,
            corpus.invalid,
            corpus.disagreements,
        );
    }
    table.push_str(
        "\n## Input checks\n\nWhat the compiled input cases check before sending (`INPUT_CHECKS`): \
         nothing (the types prove the whole schema), a reduced schema, or the full one; and on \
         how many decoded instances (valid or not) check (f) found both agreeing.\n\n\
         | corpus | none | reduced | full | instances compared |\n|---|---|---|---|---|\n",
    );
    for (name, corpus) in &figures {
        if corpus.input_checks.is_empty() {
            continue;
        }
        let count = |kind: &str| corpus.input_checks.get(kind).copied().unwrap_or(0);
        let _ = writeln!(
            table,
            "| {name} | {} | {} | {} | {} |",
            count("none"),
            count("reduced"),
            count("full"),
            corpus.checks_compared
        );
    }
    table.push_str("\n## Refusals by reason (cases: schema and role)\n\n| corpus | reason | cases |\n|---|---|---|\n");
    for (name, corpus) in &figures {
        let mut reasons: Vec<(&String, &usize)> = corpus.refusals.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (reason, n) in reasons {
            let _ = writeln!(table, "| {name} | {} | {n} |", reason.replace('|', "\\|"));
        }
    }
    table.push_str("\n## Cases\n\n| case | role | outcome |\n|---|---|---|\n");
    table.push_str(&rows);
    let fixed_part = table.clone();
    let mut slowest: Vec<&Case> = CASES.iter().collect();
    slowest.sort_by_key(|case| std::cmp::Reverse(case.micros));
    let total: u128 = CASES.iter().map(|case| case.micros).sum();
    let _ = writeln!(
        table,
        "\n## Generation time\n\nThe build script's generator (debug build of workflow-codegen, as in \
         `cargo test`; not part of the checked figures above, it varies run to run): {} files in \
         {:.1} s, median {:.1} ms. The slowest:\n\n| case | role | ms |\n|---|---|---|",
        CASES.len(),
        total as f64 / 1e6,
        slowest[slowest.len() / 2].micros as f64 / 1e3,
    );
    for case in slowest.iter().take(10) {
        let _ = writeln!(
            table,
            "| {}/{} | {} | {:.0} |",
            case.corpus,
            case.id,
            case.role,
            case.micros as f64 / 1e3
        );
    }

    // The ratchet.
    let listed = known();
    let now: BTreeSet<_> = failures.iter().map(Failure::key).collect();
    let checked = |failure: &Failure| {
        compiled_cases.contains(&(failure.case.clone(), failure.role.as_str()))
            || failure.kind == "unclean-refusal"
    };
    let listed_keys: BTreeSet<_> = listed.iter().map(Failure::key).collect();
    let new: Vec<&Failure> = failures
        .iter()
        .filter(|failure| !listed_keys.contains(&failure.key()))
        .collect();
    let fixed: Vec<&Failure> = listed
        .iter()
        .filter(|failure| checked(failure) && !now.contains(&failure.key()))
        .collect();

    let default_run = MAX_BYTES == DEFAULT_MAX_BYTES && COMPILE_BYTES == DEFAULT_COMPILE_BYTES;
    let results = root().join(if default_run {
        "RESULTS.md"
    } else {
        "RESULTS-full.md"
    });
    if std::env::var_os("UPDATE_CORPUS").is_some() || !default_run {
        std::fs::write(&results, &table).expect("RESULTS.md is writable");
    }
    match std::env::var("KNOWN_FAILURES").as_deref() {
        Ok("rewrite") => {
            let mut list: Vec<Failure> = listed
                .iter()
                .filter(|failure| !checked(failure))
                .cloned()
                .collect();
            list.extend(failures.iter().cloned());
            list.sort();
            list.dedup_by(|a, b| a.key() == b.key());
            write_known(&list);
        }
        _ if std::env::var_os("UPDATE_CORPUS").is_some() && !fixed.is_empty() => {
            let fixed_keys: BTreeSet<_> = fixed.iter().map(|failure| failure.key()).collect();
            let list: Vec<Failure> = listed
                .iter()
                .filter(|failure| !fixed_keys.contains(&failure.key()))
                .cloned()
                .collect();
            write_known(&list);
        }
        _ => {
            let mut problems = Vec::new();
            for failure in new.iter().take(200) {
                problems.push(format!("new failure: {}", failure.line()));
            }
            for failure in fixed.iter().take(200) {
                problems.push(format!(
                    "fixed (remove it from KNOWN_FAILURES.tsv, or run with UPDATE_CORPUS=1): {}",
                    failure.line()
                ));
            }
            assert!(
                problems.is_empty(),
                "{} new failures, {} listed failures that no longer happen:\n{}",
                new.len(),
                fixed.len(),
                problems.join("\n")
            );
        }
    }
    if default_run {
        let recorded = std::fs::read_to_string(&results).unwrap_or_default();
        let recorded_fixed = recorded
            .split("\n## Generation time")
            .next()
            .unwrap_or_default();
        assert!(
            recorded_fixed == fixed_part,
            "RESULTS.md is out of date: refresh it with UPDATE_CORPUS=1 cargo test -p workflow-corpus"
        );
    }
}

#[test]
fn the_comparison_tolerates_exactly_the_documented_normalisations() {
    use serde_json::json;
    let schema = json!({
        "type": "object",
        "properties": {
            "n": {"type": ["integer", "null"]},
            "f": {"type": "number"},
            "r": {"type": ["string", "null"]},
            "inner": {"type": "object", "properties": {"a": {"type": "string"}}},
            "map": {"type": "object", "additionalProperties": {"type": "integer"}}
        },
        "required": ["r"]
    });
    let same = |a: Value, b: Value| {
        compare(&a, &b, Some(&schema), &schema, "").map_err(|d| (d.kind, d.detail))
    };
    // An integral number written 1.0, and 1.0 read into an integer.
    assert!(same(json!({"f": 1, "r": "x"}), json!({"f": 1.0, "r": "x"})).is_ok());
    assert!(same(json!({"n": 2.0, "r": "x"}), json!({"n": 2, "r": "x"})).is_ok());
    // An optional null left out; undeclared members of an open object dropped.
    assert!(same(json!({"n": null, "r": "x"}), json!({"r": "x"})).is_ok());
    assert!(
        same(
            json!({"r": "x", "zzz": 1, "inner": {"a": "b", "c": 1}}),
            json!({"r": "x", "inner": {"a": "b"}})
        )
        .is_ok()
    );
    // Nothing else.
    assert_eq!(
        same(json!({"r": null}), json!({})).unwrap_err().0,
        "dropped"
    );
    assert_eq!(
        same(json!({"r": "x"}), json!({"r": "x", "n": null}))
            .unwrap_err()
            .0,
        "added"
    );
    assert_eq!(
        same(
            json!({"r": "x", "f": 0.1}),
            json!({"r": "x", "f": 0.1000001})
        )
        .unwrap_err()
        .0,
        "changed"
    );
    assert_eq!(
        same(
            json!({"r": "x", "f": 0.9999999999999999}),
            json!({"r": "x", "f": 1.0})
        )
        .unwrap_err()
        .0,
        "changed"
    );
    assert_eq!(
        same(
            json!({"r": "x", "map": {"k": 1}}),
            json!({"r": "x", "map": {}})
        )
        .unwrap_err()
        .0,
        "dropped"
    );
    assert_eq!(
        same(
            json!({"r": "x", "inner": {"a": "b"}}),
            json!({"r": "x", "inner": {"a": "c"}})
        )
        .unwrap_err()
        .1,
        "at \"/inner/a\": \"b\" came back as \"c\""
    );
    assert_eq!(
        same(
            json!({"r": "x", "n": 9007199254740993_i64}),
            json!({"r": "x", "n": 9007199254740992.0})
        )
        .unwrap_err()
        .0,
        "changed"
    );
}

#[test]
fn refusal_reasons_group_by_cause() {
    assert_eq!(
        reason("f.json:1:2: at /result/if: unsupported keyword \"if\""),
        "unsupported keyword \"if\""
    );
    assert_eq!(
        reason(
            "f.json:1:2: at /result/properties/a/$ref: external $ref \"other.json#/$defs/A\" is not supported: a workflow file must be self-contained"
        ),
        "external $ref … is not supported"
    );
}
