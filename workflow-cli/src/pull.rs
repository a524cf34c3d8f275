//! `workflow pull [-o DIR] [DEPLOYMENT_ID...]`: workflow files from the deployments Prompt
//! Studio lists, and `workflow pull --check [PATH...]`, the CI guard that exits 1 when a
//! committed file no longer matches its deployment.
//!
//! A pulled file holds the deployment's schemas as listed (normalised to JSON Schema by
//! `workflow_runtime::deployments::schema_of`). Updating a file replaces its `input`, `result`
//! and `deployment_id` and keeps everything else of its own (`name`, `description`,
//! `examples`, `x-` keys, key order); its shared `$defs` go, since listed schemas are
//! self-contained. Examples that no longer fit the new schemas move to `x-outdated-examples`
//! rather than being lost, so the file still compiles. A file is only written when the engine
//! accepts it, through a temporary file renamed into place: never half-written.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use heck::ToKebabCase;
use serde_json::{Map, Value};
use workflow_runtime::Client;
use workflow_runtime::deployments::Deployment;

use crate::sync::{self, Line};
use crate::{Exit, Failure, Outcome, files, out, report};

/// Arguments of `workflow pull`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The deployments to pull (every one listed when none is named); with --check, the
    /// workflow files or folders to check (default: the --out folder).
    #[arg(value_name = "DEPLOYMENT_ID|PATH")]
    targets: Vec<String>,

    /// The folder to write workflow files in (created when missing).
    #[arg(short, long, value_name = "DIR", default_value = "schemas")]
    out: PathBuf,

    /// Write nothing: exit 1 when a committed workflow file differs from its deployment,
    /// printing the differences, classified.
    #[arg(long)]
    check: bool,
}

pub(crate) fn pull(args: &Args) -> Outcome {
    if args.check {
        return check(args);
    }
    let listed = list()?;
    let selected = select(&listed, &args.targets)?;
    std::fs::create_dir_all(&args.out).map_err(|error| {
        Failure::usage(format!("cannot create {}: {error}", args.out.display()))
    })?;
    let existing = existing(&args.out)?;
    let paths = plan_paths(&selected, &existing, &args.out);
    let mut worst = Exit::Success;
    let mut failures = Vec::new();
    for (deployment, path) in selected.iter().zip(paths) {
        let old = existing.by_path.get(&path);
        match pull_one(deployment, &path, old) {
            Ok(said) => out::stdout(&said)?,
            Err(failure) => {
                worst = worst.worse(failure.exit);
                failures.push(failure.text);
            }
        }
    }
    if failures.is_empty() {
        Ok(worst)
    } else {
        Err(Failure {
            exit: worst,
            text: failures.join("\n"),
        })
    }
}

/// Writes (or leaves) the file of one deployment; returns what to print.
fn pull_one(deployment: &Deployment, path: &Path, old: Option<&Value>) -> Result<String, Failure> {
    let (file, outdated) = file_for(deployment, old)?;
    let text = pretty(&file)?;
    if old.is_some_and(|old| sync::same(old, &file)) {
        return Ok(format!("unchanged {}\n", path.display()));
    }
    // Only what the engine accepts is written: a file `workflow!` cannot compile is no update.
    files::load_text(path, text.clone()).map_err(|diagnostics| Failure {
        exit: Exit::Invalid,
        text: format!(
            "error: deployment {}: its schemas cannot become a client; {} was not written:\n{}",
            deployment.deployment_id,
            path.display(),
            report::render(&diagnostics)
        ),
    })?;
    write_atomically(path, &text)?;
    let mut said = match old {
        None => format!("created {} ({})\n", path.display(), described(deployment)),
        Some(old) => {
            let lines = sync::changes(old, &file);
            format!(
                "updated {}: {}\n{}",
                path.display(),
                sync::summary(lines.len(), sync::breaking(&lines)),
                sync::render(&lines)
            )
        }
    };
    if outdated > 0 {
        said.push_str(&format!(
            "  warning: {outdated} example{} no longer fit{} the new schemas: moved to \
             \"x-outdated-examples\"\n",
            if outdated == 1 { "" } else { "s" },
            if outdated == 1 { "s" } else { "" },
        ));
    }
    Ok(said)
}

/// `pull --check`: every committed file with a deployment id, against its deployment.
fn check(args: &Args) -> Outcome {
    let paths: Vec<PathBuf> = if args.targets.is_empty() {
        vec![args.out.clone()]
    } else {
        args.targets.iter().map(PathBuf::from).collect()
    };
    let paths = files::expand(&paths)?;
    let listed = list()?;
    let mut drifted = 0;
    let mut checked = 0;
    for path in &paths {
        let committed = read_json(path)?;
        let Some(deployment_id) = committed.get("deployment_id").and_then(Value::as_str) else {
            out::stdout(&format!(
                "skipped {}: no \"deployment_id\" to compare with\n",
                path.display()
            ))?;
            continue;
        };
        checked += 1;
        let Some(deployment) = listed
            .iter()
            .find(|deployment| deployment.deployment_id == deployment_id)
        else {
            drifted += 1;
            out::stdout(&format!(
                "{}:\n  breaking: deployment {deployment_id} is no longer listed\n",
                path.display()
            ))?;
            continue;
        };
        let would = match file_for(deployment, Some(&committed)) {
            Ok((would, _)) => would,
            Err(failure) => {
                drifted += 1;
                out::stdout(&format!(
                    "{}:\n  breaking: {}\n",
                    path.display(),
                    failure.text.trim_start_matches("error: ")
                ))?;
                continue;
            }
        };
        if sync::same(&committed, &would) {
            out::stdout(&format!("in sync {}\n", path.display()))?;
            continue;
        }
        drifted += 1;
        let mut lines = sync::changes(&committed, &would);
        if lines.is_empty() {
            lines.push(Line {
                severity: workflow_runtime::drift::Severity::Compatible,
                text: "compatible: the file differs from what `workflow pull` writes only in \
                       keys the rules do not classify (examples that no longer fit, moved to \
                       \"x-outdated-examples\")"
                    .to_owned(),
            });
        }
        out::stdout(&format!(
            "{}: {}\n{}",
            path.display(),
            sync::summary(lines.len(), sync::breaking(&lines)),
            sync::render(&lines)
        ))?;
    }
    let files = match checked {
        1 => "1 file".to_owned(),
        count => format!("{count} files"),
    };
    if drifted == 0 {
        out::stdout(&format!("{files} in sync with their deployments\n"))?;
        Ok(Exit::Success)
    } else {
        out::stdout(&format!(
            "{drifted} of {files} differ from their deployments: `workflow pull` updates them\n"
        ))?;
        Ok(Exit::Problems)
    }
}

/// Every deployment listed, from the environment's settings.
fn list() -> Result<Vec<Deployment>, Failure> {
    let client = Client::from_env().map_err(Failure::usage)?;
    let runtime = crate::runtime()?;
    runtime
        .block_on(client.deployments())
        .map_err(|error| crate::run::service_failure(&error))
}

/// The deployments named (all when none is), or an error naming those that are not listed.
fn select(listed: &[Deployment], wanted: &[String]) -> Result<Vec<Deployment>, Failure> {
    if wanted.is_empty() {
        return Ok(listed.to_vec());
    }
    let mut selected = Vec::new();
    for id in wanted {
        match listed
            .iter()
            .find(|deployment| &deployment.deployment_id == id)
        {
            Some(deployment) => selected.push(deployment.clone()),
            None => {
                let ids: Vec<&str> = listed
                    .iter()
                    .take(10)
                    .map(|deployment| deployment.deployment_id.as_str())
                    .collect();
                let more = listed.len().saturating_sub(10);
                let by_name = listed
                    .iter()
                    .find(|deployment| deployment.name.as_deref() == Some(id.as_str()))
                    .map_or_else(String::new, |deployment| {
                        format!(" (\"{id}\" is the name of {})", deployment.deployment_id)
                    });
                return Err(Failure::usage(format!(
                    "deployment {id} is not listed{by_name}; listed: {}{}",
                    if ids.is_empty() {
                        "none".to_owned()
                    } else {
                        ids.join(", ")
                    },
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                )));
            }
        }
    }
    Ok(selected)
}

/// The workflow files already in the output folder.
struct Existing {
    by_path: BTreeMap<PathBuf, Value>,
    by_id: BTreeMap<String, PathBuf>,
}

fn existing(dir: &Path) -> Result<Existing, Failure> {
    let mut found = Existing {
        by_path: BTreeMap::new(),
        by_id: BTreeMap::new(),
    };
    let paths = workflow_codegen::build::json_files(dir)
        .map_err(|error| Failure::usage(format!("cannot list {}: {error}", dir.display())))?;
    for path in paths {
        // A file that is not JSON is not a workflow file to update; its name stays taken.
        let Ok(value) = read_json(&path) else {
            found.by_path.insert(path, Value::Null);
            continue;
        };
        if let Some(id) = value.get("deployment_id").and_then(Value::as_str) {
            found.by_id.insert(id.to_owned(), path.clone());
        }
        found.by_path.insert(path, value);
    }
    Ok(found)
}

/// Where each deployment goes: the file that already has its id, else the kebab-case of its
/// name (`car.json`), else of its id; a name taken by another deployment's file gets the id
/// after it (`car-dep-2b7t.json`).
fn plan_paths(selected: &[Deployment], existing: &Existing, dir: &Path) -> Vec<PathBuf> {
    let mut taken: BTreeSet<PathBuf> = existing.by_path.keys().cloned().collect();
    let mut paths = Vec::new();
    for deployment in selected {
        if let Some(path) = existing.by_id.get(&deployment.deployment_id) {
            paths.push(path.clone());
            continue;
        }
        let id_stem = stem(&deployment.deployment_id).unwrap_or_else(|| "deployment".to_owned());
        let name_stem = deployment.name.as_deref().and_then(stem);
        let mut path = dir.join(format!("{}.json", name_stem.as_deref().unwrap_or(&id_stem)));
        if taken.contains(&path) {
            path = match &name_stem {
                Some(name) => dir.join(format!("{name}-{id_stem}.json")),
                None => dir.join(format!("{id_stem}-2.json")),
            };
        }
        taken.insert(path.clone());
        paths.push(path);
    }
    paths
}

/// A file stem from a name: its kebab-case, when that leaves anything.
fn stem(name: &str) -> Option<String> {
    let stem = name.to_kebab_case();
    (!stem.is_empty()).then_some(stem)
}

/// The workflow file for `deployment`: `old` updated, or a new one. Also says how many of
/// `old`'s examples moved to `x-outdated-examples`.
fn file_for(deployment: &Deployment, old: Option<&Value>) -> Result<(Value, usize), Failure> {
    let schema_failure = |message: String| Failure::new(Exit::Service, message);
    let input = deployment.input_schema().map_err(schema_failure)?;
    let result = deployment.result_schema().map_err(schema_failure)?;
    let mut file = Map::new();
    match old.and_then(Value::as_object) {
        Some(old) => {
            for (key, value) in old {
                match key.as_str() {
                    "$defs" | "definitions" => {}
                    "deployment_id" => {
                        file.insert(key.clone(), Value::String(deployment.deployment_id.clone()));
                    }
                    "input" => {
                        file.insert(key.clone(), input.clone());
                    }
                    "result" => {
                        file.insert(key.clone(), result.clone());
                    }
                    _ => {
                        file.insert(key.clone(), value.clone());
                    }
                }
            }
            for (key, value) in [
                (
                    "deployment_id",
                    Value::String(deployment.deployment_id.clone()),
                ),
                ("input", input.clone()),
                ("result", result.clone()),
            ] {
                file.entry(key).or_insert(value);
            }
        }
        None => {
            let name = deployment
                .name
                .clone()
                .unwrap_or_else(|| deployment.deployment_id.clone());
            file.insert("name".into(), Value::String(name));
            file.insert(
                "deployment_id".into(),
                Value::String(deployment.deployment_id.clone()),
            );
            file.insert("input".into(), input.clone());
            file.insert("result".into(), result.clone());
        }
    }
    let outdated = move_outdated_examples(&mut file, &input, &result);
    Ok((Value::Object(file), outdated))
}

/// Moves the examples that the new schemas refuse to `x-outdated-examples`.
fn move_outdated_examples(file: &mut Map<String, Value>, input: &Value, result: &Value) -> usize {
    let Some(Value::Array(examples)) = file.get("examples") else {
        return 0;
    };
    let (Ok(inputs), Ok(results)) = (
        jsonschema::validator_for(input),
        jsonschema::validator_for(result),
    ) else {
        // Schemas a validator refuses: the engine's check reports them.
        return 0;
    };
    let (kept, outdated): (Vec<Value>, Vec<Value>) =
        examples.iter().cloned().partition(|example| {
            let fits = |key: &str, validator: &jsonschema::Validator| {
                example
                    .get(key)
                    .is_some_and(|value| validator.is_valid(value))
            };
            fits("input", &inputs) && fits("result", &results)
        });
    let count = outdated.len();
    if count == 0 {
        return 0;
    }
    file.insert("examples".into(), Value::Array(kept));
    let stale = file
        .entry("x-outdated-examples")
        .or_insert_with(|| Value::Array(Vec::new()));
    if let Value::Array(stale) = stale {
        stale.extend(outdated);
    }
    count
}

fn described(deployment: &Deployment) -> String {
    match &deployment.name {
        Some(name) => format!("{}, {name}", deployment.deployment_id),
        None => deployment.deployment_id.clone(),
    }
}

/// Pretty JSON with a final newline: the same answer always gives the same bytes.
fn pretty(file: &Value) -> Result<String, Failure> {
    serde_json::to_string_pretty(file)
        .map(|text| text + "\n")
        .map_err(|error| Failure::new(Exit::Service, format!("cannot write JSON: {error}")))
}

fn read_json(path: &Path) -> Result<Value, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Failure::usage(format!("cannot read {}: {error}", path.display())))?;
    serde_json::from_str(&text).map_err(|error| {
        Failure::new(
            Exit::Invalid,
            format!("{} is not JSON: {error}", path.display()),
        )
    })
}

/// `text` in `path`, through a temporary file in the same folder renamed over it: a reader
/// (or a crash) sees the old file or the new one, never half of one.
fn write_atomically(path: &Path, text: &str) -> Result<(), Failure> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let failed = |error: std::io::Error| {
        let _ = std::fs::remove_file(&temporary);
        Failure::usage(format!("cannot write {}: {error}", path.display()))
    };
    std::fs::write(&temporary, text).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(failed)
}
