//! `workflow check FILE|DIR...`: every problem of every workflow file, examples included.

use std::path::PathBuf;

use workflow_codegen::{Diagnostics, Options};

use crate::files::{self, Workflow};
use crate::schemas::{self, Schemas};
use crate::{Exit, Outcome, customize, out, report};

/// Arguments of `workflow check`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow files, or folders whose *.json files are workflow files.
    #[arg(required = true, value_name = "FILE|DIR")]
    paths: Vec<PathBuf>,

    // The customization `workflow generate` would use: its problems are reported too.
    #[command(flatten)]
    customize: customize::Flags,
}

pub(crate) fn check(args: &Args) -> Outcome {
    let files = files::expand(&args.paths)?;
    let options = args.customize.options();
    let mut blocks = Vec::new();
    let mut count = 0;
    for file in &files {
        if let Some(diagnostics) = problems_of(file, &options) {
            count += diagnostics.problems.len();
            blocks.push(report::render(&diagnostics));
        }
    }
    for block in &blocks {
        out::stdout(&format!("{block}\n\n"))?;
    }
    out::stdout(&format!("{}\n", report::summary(files.len(), count)))?;
    Ok(if count == 0 {
        Exit::Success
    } else {
        Exit::Problems
    })
}

/// The problems of one file with `options`: the engine's, or else its examples' against its
/// schemas.
fn problems_of(path: &std::path::Path, options: &Options) -> Option<Diagnostics> {
    let workflow = match files::load_with(path, options) {
        Ok(workflow) => workflow,
        Err(diagnostics) => return Some(diagnostics),
    };
    let schemas = match Schemas::of(&workflow) {
        Ok(schemas) => schemas,
        Err(diagnostics) => return Some(diagnostics),
    };
    example_diagnostics(&workflow, &schemas)
}

/// The examples that do not match their schemas, located in the file.
pub(crate) fn example_diagnostics(workflow: &Workflow, schemas: &Schemas) -> Option<Diagnostics> {
    let problems = schemas::example_problems(workflow, schemas);
    (!problems.is_empty())
        .then(|| Diagnostics::new(workflow.path(), Some(&workflow.source.text), problems))
}
