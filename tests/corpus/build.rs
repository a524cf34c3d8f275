//! Generates one module per corpus case (each json-schema sample wrapped as a workflow's
//! result and as its input; each peer case as it is) and a registry of what happened to each.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use workflow_codegen::Options;

fn files(dir: &Path, skip: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            name.ends_with(".json") && !name.ends_with(skip)
        })
        .collect();
    files.sort();
    files
}

struct Case {
    id: String,
    role: &'static str,
    module: String,
    marker: String,
    outcome: Result<String, String>,
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("manifest dir"));
    println!("cargo:rerun-if-changed=json-schema");
    println!("cargo:rerun-if-changed=peer");

    let mut cases = Vec::new();
    for path in files(&root.join("json-schema"), ".samples.json") {
        println!("cargo:rerun-if-changed={}", path.display());
        let id = path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let schema: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("readable")).expect("json");
        for role in ["result", "input"] {
            let other = if role == "result" { "input" } else { "result" };
            let wrapped = json!({
                "name": format!("{id}_{role}"),
                role: schema,
                other: {"type": "object"},
            });
            let text = serde_json::to_string_pretty(&wrapped).expect("serializes");
            let module = format!("{id}_{role}").to_lowercase();
            let shown = PathBuf::from(format!("json-schema/{id}.{role}.json"));
            cases.push(Case {
                id: id.clone(),
                role,
                outcome: generate(&shown, &text, &module),
                marker: workflow_codegen::names::marker_ident(&format!("{id}_{role}")),
                module,
            });
        }
    }
    for path in files(&root.join("peer"), ".instances.json") {
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
        cases.push(Case {
            role: "result",
            outcome: generate(&shown, &text, &module),
            marker: workflow_codegen::names::marker_ident(&name),
            id,
            module,
        });
    }

    let mut out = String::new();
    for case in &cases {
        if let Ok(code) = &case.outcome {
            out.push_str(code);
            out.push('\n');
        }
    }
    out.push_str(
        "/// Every corpus case and what the generator made of it.\npub const CASES: &[Case] = &[\n",
    );
    for case in &cases {
        let outcome = match &case.outcome {
            Ok(_) => {
                let (ty, schema) = if case.role == "result" {
                    ("Output", "RESULT_SCHEMA")
                } else {
                    ("Input", "INPUT_SCHEMA")
                };
                format!(
                    "Outcome::Generated {{ round_trip: round_trip::<{module}::{ty}>, schema: <{module}::{marker} as workflow_runtime::Workflow>::{schema} }}",
                    module = case.module,
                    marker = case.marker,
                )
            }
            Err(message) => format!("Outcome::Refused({message:?})"),
        };
        let _ = writeln!(
            out,
            "    Case {{ id: {:?}, role: {:?}, outcome: {outcome} }},",
            case.id, case.role
        );
    }
    out.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    std::fs::write(out_dir.join("corpus.rs"), out).expect("OUT_DIR is writable");
}

fn generate(shown: &Path, text: &str, module: &str) -> Result<String, String> {
    let options = Options {
        module: Some(module.to_string()),
        ..Options::default()
    };
    workflow_codegen::generate_str(shown, text, &options)
        .map(|tokens| tokens.to_string())
        .map_err(|diagnostics| diagnostics.to_string())
}
