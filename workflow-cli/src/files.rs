//! Finding the workflow files named on the command line, and loading them through the engine.

use std::path::{Path, PathBuf};

use serde_json::Value;
use workflow_codegen::{Diagnostics, Options, Source};

use crate::Failure;

/// The workflow files that `paths` name: files as given, folders as their `*.json` files
/// (not recursive), sorted by file name as build.rs does.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let found = json_files(path)?;
            if found.is_empty() {
                return Err(Failure::usage(format!(
                    "no workflow files (*.json) in {}",
                    path.display()
                )));
            }
            files.extend(found);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            return Err(no_such_file(path));
        }
    }
    Ok(files)
}

/// The one workflow file a command works on.
pub(crate) fn single(path: &Path) -> Result<&Path, Failure> {
    if path.is_dir() {
        Err(Failure::usage(format!(
            "{} is a folder: name one workflow file, like {}",
            path.display(),
            path.join("car.json").display()
        )))
    } else if path.exists() {
        Ok(path)
    } else {
        Err(no_such_file(path))
    }
}

pub(crate) fn no_such_file(path: &Path) -> Failure {
    Failure::usage(format!("no such file: {}", path.display()))
}

fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Failure> {
    workflow_codegen::build::json_files(dir)
        .map_err(|error| Failure::usage(format!("cannot list {}: {error}", dir.display())))
}

/// A workflow file that the engine accepts, with what the commands need from it.
#[derive(Debug)]
pub(crate) struct Workflow {
    /// The file as read; its path is the one shown in messages.
    pub(crate) source: Source,
    pub(crate) name: String,
    pub(crate) deployment_id: Option<String>,
    /// Self-contained input schema (the file's `$defs` merged in), as the runtime sees it.
    pub(crate) input_schema: Value,
    pub(crate) result_schema: Value,
    /// (input, result) pairs, in file order.
    pub(crate) examples: Vec<(Value, Value)>,
}

impl Workflow {
    pub(crate) fn path(&self) -> &Path {
        &self.source.path
    }
}

/// Loads `path` through the whole engine (load, validate, plan, emit), so that a file is only
/// accepted here when `workflow!` would accept it too.
pub(crate) fn load(path: &Path) -> Result<Workflow, Diagnostics> {
    load_with(path, &Options::default())
}

/// [`load`] with customization (`workflow check --derive ...`): its problems are the file's.
pub(crate) fn load_with(path: &Path, options: &Options) -> Result<Workflow, Diagnostics> {
    load_source(Source::read(path, path)?, options)
}

/// [`load`] for the text a file at `path` would have, before it is written.
pub(crate) fn load_text(path: &Path, text: String) -> Result<Workflow, Diagnostics> {
    load_source(Source::parse(path, text)?, &Options::default())
}

fn load_source(source: Source, options: &Options) -> Result<Workflow, Diagnostics> {
    let plan = workflow_codegen::analyze(&source, options)?;
    workflow_codegen::emit_plan(&source, &plan, options)?;
    Ok(Workflow {
        name: plan.name().to_string(),
        deployment_id: plan.deployment_id().map(str::to_string),
        input_schema: plan.input_schema().clone(),
        result_schema: plan.result_schema().clone(),
        examples: plan.examples().to_vec(),
        source,
    })
}
