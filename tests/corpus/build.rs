//! Generates one module per corpus case and a registry of what happened to each.
//!
//! - `json-schema/` and the exported and catalogue corpora (`pydantic/`, `openai-strict/`,
//!   `zod3/`, `zod4/`, `schemastore/`, `check-jsonschema/`): each `<case>.json` is a schema,
//!   wrapped as a workflow's `result` and as its `input`;
//! - `peer/`: each case is a workflow file already.
//!
//! Two limits keep this crate's build bounded (the debug-built generator is slow on a few big
//! files, and compiling the generated code is what costs most):
//! - a schema file over `CORPUS_MAX_BYTES` (default `DEFAULT_MAX_BYTES`) is not generated;
//! - the catalogue corpora (`CATALOGUES`) are compiled smallest generated code first, both
//!   roles of a schema together, until `CORPUS_COMPILE_BYTES` of generated code (default
//!   `DEFAULT_COMPILE_BYTES`) is spent; the other corpora are always compiled.
//!
//! `CORPUS_MAX_BYTES=1000000 CORPUS_COMPILE_BYTES=100000000` runs everything (RESULTS-full.md).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};
use workflow_codegen::Options;

/// The corpora whose files are bare schemas, each wrapped in both roles.
const SCHEMA_CORPORA: &[&str] = &[
    "json-schema",
    "issue12",
    "pydantic",
    "openai-strict",
    "zod3",
    "zod4",
    "check-jsonschema",
    "schemastore",
];

/// The corpora compiled within `CORPUS_COMPILE_BYTES`.
const CATALOGUES: &[&str] = &["check-jsonschema", "schemastore"];

/// Schema files larger than this are not generated unless `CORPUS_MAX_BYTES` says otherwise.
const DEFAULT_MAX_BYTES: u64 = 50_000;

/// How much generated code (token text) of the catalogues is compiled, unless
/// `CORPUS_COMPILE_BYTES` says otherwise.
const DEFAULT_COMPILE_BYTES: usize = 1_900_000;

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            // Cases are lowercase; INDEX.json, INSTANCES.json, VERSIONS.json are not.
            name.ends_with(".json")
                && !name.ends_with(".samples.json")
                && !name.ends_with(".instances.json")
                && name.starts_with(|c: char| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        .collect();
    files.sort();
    files
}

struct Case {
    corpus: &'static str,
    id: String,
    role: &'static str,
    module: String,
    marker: String,
    /// The schema file, relative to the crate, and where the schema is inside it.
    schema_file: String,
    pointer: &'static str,
    micros: u128,
    outcome: Result<String, String>,
    compiled: bool,
    /// Not generated: the schema file is over the size limit.
    skipped: bool,
}

/// A Rust identifier made of the case's corpus, id and role.
fn ident(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        if !out.is_empty() {
            out.push('_');
        }
        for c in part.chars() {
            out.push(if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            });
        }
    }
    out
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-env-changed=CORPUS_MAX_BYTES");
    println!("cargo:rerun-if-env-changed=CORPUS_COMPILE_BYTES");
    let max_bytes = std::env::var("CORPUS_MAX_BYTES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(DEFAULT_MAX_BYTES);
    let compile_bytes = std::env::var("CORPUS_COMPILE_BYTES")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(DEFAULT_COMPILE_BYTES);

    let mut cases = Vec::new();
    for &corpus in SCHEMA_CORPORA {
        // Each schema file is tracked, not the folder: the instances next to them are read by
        // the test at run time, and re-drawing them must not rebuild the generated code. A new
        // case file needs `touch tests/corpus/build.rs`.
        for path in files(&root.join(corpus)) {
            println!("cargo:rerun-if-changed={}", path.display());
            let id = path
                .file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("readable");
            if text.len() as u64 > max_bytes {
                for role in ["result", "input"] {
                    cases.push(Case {
                        corpus,
                        id: id.clone(),
                        role,
                        module: String::new(),
                        marker: String::new(),
                        schema_file: format!("{corpus}/{id}.json"),
                        pointer: "",
                        micros: 0,
                        outcome: Err(String::new()),
                        compiled: false,
                        skipped: true,
                    });
                }
                continue;
            }
            let schema: Value = serde_json::from_str(&text).expect("json");
            for role in ["result", "input"] {
                let other = if role == "result" { "input" } else { "result" };
                // The json-schema corpus keeps its historical names (its golden RESULTS rows).
                let name = if corpus == "json-schema" {
                    format!("{id}_{role}")
                } else {
                    ident(&[corpus, &id, role])
                };
                let wrapped = json!({
                    "name": name,
                    role: schema,
                    other: {"type": "object"},
                });
                let text = serde_json::to_string_pretty(&wrapped).expect("serializes");
                let module = ident(&[&name]);
                let shown = PathBuf::from(format!("{corpus}/{id}.{role}.json"));
                let started = Instant::now();
                let outcome = generate(&shown, &text, &module);
                cases.push(Case {
                    corpus,
                    id: id.clone(),
                    role,
                    micros: started.elapsed().as_micros(),
                    compiled: outcome.is_ok(),
                    skipped: false,
                    outcome,
                    marker: workflow_codegen::__private::marker_ident(&name),
                    module,
                    schema_file: format!("{corpus}/{id}.json"),
                    pointer: "",
                });
            }
        }
    }
    println!("cargo:rerun-if-changed=peer");
    for path in files(&root.join("peer")) {
        println!("cargo:rerun-if-changed={}", path.display());
        let id = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("readable");
        let module = id.to_lowercase();
        let shown = PathBuf::from(format!("peer/{id}.json"));
        let name = serde_json::from_str::<Value>(&text)
            .ok()
            .and_then(|file| file.get("name").and_then(Value::as_str).map(str::to_string))
            .unwrap_or_else(|| id.clone());
        let started = Instant::now();
        let outcome = generate(&shown, &text, &module);
        cases.push(Case {
            corpus: "peer",
            role: "result",
            micros: started.elapsed().as_micros(),
            compiled: outcome.is_ok(),
            skipped: false,
            outcome,
            marker: workflow_codegen::__private::marker_ident(&name),
            schema_file: format!("peer/{id}.json"),
            pointer: "/result",
            id,
            module,
        });
    }

    // The catalogues' schemas by the size of their generated code (both roles), smallest first.
    let mut sizes: std::collections::BTreeMap<(&str, &str), usize> = Default::default();
    for case in cases
        .iter()
        .filter(|case| CATALOGUES.contains(&case.corpus))
    {
        let size = case.outcome.as_ref().map_or(0, String::len);
        *sizes.entry((case.corpus, case.id.as_str())).or_default() += size;
    }
    let mut order: Vec<((&str, &str), usize)> = sizes.into_iter().collect();
    order.sort_by_key(|&(key, size)| (size, key));
    let mut spent = 0;
    let mut within = std::collections::BTreeSet::new();
    for (key, size) in order {
        if spent + size > compile_bytes {
            break;
        }
        spent += size;
        within.insert((key.0.to_string(), key.1.to_string()));
    }
    for case in &mut cases {
        if CATALOGUES.contains(&case.corpus)
            && !within.contains(&(case.corpus.to_string(), case.id.clone()))
        {
            case.compiled = false;
        }
    }

    let mut out = String::new();
    for case in &cases {
        if let (Ok(code), true) = (&case.outcome, case.compiled) {
            out.push_str(code);
            out.push('\n');
        }
    }
    let _ = writeln!(
        out,
        "/// The size limit of the schema files this build generated.\npub const MAX_BYTES: u64 = {max_bytes};\n\
         /// How much of the catalogues' generated code this build compiled.\npub const COMPILE_BYTES: usize = {compile_bytes};"
    );
    out.push_str(
        "/// Every corpus case and what the generator made of it.\npub const CASES: &[Case] = &[\n",
    );
    for case in &cases {
        let outcome = match &case.outcome {
            _ if case.skipped => "Outcome::Skipped".to_string(),
            Ok(_) if case.compiled => {
                let (ty, schema, check, checks) = if case.role == "result" {
                    (
                        "Output",
                        "RESULT_SCHEMA",
                        "None".to_string(),
                        "None".to_string(),
                    )
                } else {
                    (
                        "Input",
                        "INPUT_SCHEMA",
                        format!("Some(check_input::<{}::{}>)", case.module, case.marker),
                        format!(
                            "Some(<{}::{} as workflow_runtime::Workflow>::INPUT_CHECKS)",
                            case.module, case.marker
                        ),
                    )
                };
                format!(
                    "Outcome::Generated {{ round_trip: round_trip::<{module}::{ty}>, schema: <{module}::{marker} as workflow_runtime::Workflow>::{schema}, check_input: {check}, input_checks: {checks} }}",
                    module = case.module,
                    marker = case.marker,
                )
            }
            Ok(_) => "Outcome::NotCompiled".to_string(),
            Err(message) => format!("Outcome::Refused({message:?})"),
        };
        let _ = writeln!(
            out,
            "    Case {{ corpus: {:?}, id: {:?}, role: {:?}, schema_file: {:?}, pointer: {:?}, micros: {}, outcome: {outcome} }},",
            case.corpus, case.id, case.role, case.schema_file, case.pointer, case.micros
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("corpus.rs"), out).expect("OUT_DIR is writable");
}

fn generate(shown: &Path, text: &str, module: &str) -> Result<String, String> {
    let options = Options::default().with_module(module);
    workflow_codegen::generate_str(shown, text, &options)
        .map(|tokens| tokens.to_string())
        .map_err(|diagnostics| diagnostics.to_string())
}
