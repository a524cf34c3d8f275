//! `workflow run FILE --input JSON|@file [--deployment ID] [--strict]`: one checked run of a
//! deployment. The result is repaired against the file's result schema first (numbers as
//! strings, JSON inside a string, ...: `workflow_runtime::repair`), each repair said on stderr,
//! unless `--strict`.

use std::future::IntoFuture;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use serde_json::Value;
use workflow_runtime::{Client, Error, ErrorKind};

use crate::files::{self, Workflow};
use crate::schemas::{Schemas, Violation};
use crate::{Exit, Failure, Outcome, out, report};

/// Arguments of `workflow run`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The workflow file: its input schema checks the input, its result schema the result.
    #[arg(value_name = "FILE")]
    file: PathBuf,

    /// The input object as JSON, or @path to read it from a file (@- for stdin).
    #[arg(short, long, value_name = "JSON|@FILE")]
    input: String,

    /// The deployment to run, instead of the file's "deployment_id".
    #[arg(short, long, value_name = "ID")]
    deployment: Option<String>,

    /// Print and check the result as it came, without repairing what a model gets almost right
    /// (numbers or booleans as strings, JSON inside a string, a single value for an array, an
    /// enum value in another case).
    #[arg(long)]
    strict: bool,
}

pub(crate) fn run(args: &Args) -> Outcome {
    let path = files::single(&args.file)?;
    let workflow = files::load(path).map_err(|diagnostics| invalid_file(&diagnostics))?;
    let schemas = Schemas::of(&workflow).map_err(|diagnostics| invalid_file(&diagnostics))?;
    let deployment_id = match (&args.deployment, &workflow.deployment_id) {
        (Some(deployment_id), _) | (None, Some(deployment_id)) => deployment_id.clone(),
        (None, None) => {
            return Err(Failure::usage(format!(
                "{} has no \"deployment_id\": pass --deployment <ID>, or add \"deployment_id\": \"dep_...\" to the file",
                path.display()
            )));
        }
    };

    let input = read_input(&args.input)?;
    let violations = schemas.input.violations(&input);
    if !violations.is_empty() {
        return Err(Failure::new(
            Exit::Invalid,
            format!(
                "the input does not match the input schema of {} (nothing was sent):\n{}",
                path.display(),
                list(&violations)
            ),
        ));
    }

    let client = Client::from_env().map_err(Failure::usage)?;
    let runtime = crate::runtime()?;
    let spinner = Spinner::start(format!("running {} ({deployment_id})", workflow.name));
    let outcome = runtime.block_on(client.run_json(&deployment_id, input).into_future());
    drop(spinner);
    let mut result = outcome.map_err(|error| service_failure(&error))?;
    if !args.strict {
        for repair in workflow_runtime::repair::repair(&mut result, &workflow.result_schema) {
            out::stderr_line(&format!("repaired {repair}"));
        }
    }

    let pretty = serde_json::to_string_pretty(&result).map_err(|error| {
        Failure::new(Exit::Service, format!("cannot print the result: {error}"))
    })?;
    out::stdout(&format!("{pretty}\n"))?;

    let violations = schemas.result.violations(&result);
    if violations.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(result_mismatch(&workflow, &violations))
    }
}

fn invalid_file(diagnostics: &workflow_codegen::Diagnostics) -> Failure {
    Failure {
        exit: Exit::Invalid,
        text: report::render(diagnostics),
    }
}

fn list(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|violation| format!("  {}", violation.describe()))
        .collect::<Vec<_>>()
        .join("\n")
}

fn result_mismatch(workflow: &Workflow, violations: &[Violation]) -> Failure {
    Failure::new(
        Exit::Mismatch,
        format!(
            "the result does not match the result schema of {}:\n{}",
            workflow.path().display(),
            list(violations)
        ),
    )
}

/// `--input`: JSON text, `@path` for a file, `@-` for stdin.
fn read_input(argument: &str) -> Result<Value, Failure> {
    let (text, from) = match argument.strip_prefix('@') {
        Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|error| {
                    Failure::usage(format!("cannot read the input from stdin: {error}"))
                })?;
            (text, "stdin".to_string())
        }
        Some(file) => {
            let path = Path::new(file);
            let text = std::fs::read_to_string(path).map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => files::no_such_file(path),
                _ => Failure::usage(format!("cannot read {}: {error}", path.display())),
            })?;
            (text, path.display().to_string())
        }
        None => (argument.to_string(), "--input".to_string()),
    };
    serde_json::from_str(&text).map_err(|error| {
        Failure::new(
            Exit::Invalid,
            format!("the input ({from}) is not JSON: {error}"),
        )
    })
}

/// A runtime error: its message and every cause, and the exit code for its kind.
pub(crate) fn service_failure(error: &Error) -> Failure {
    let mut message = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        message.push_str(&format!("\n  caused by: {cause}"));
        source = cause.source();
    }
    let exit = match error.kind() {
        ErrorKind::Config { .. } => Exit::Usage,
        ErrorKind::InvalidInput { .. } => Exit::Invalid,
        _ => Exit::Service,
    };
    Failure::new(exit, message)
}

/// A spinner on stderr while the run is in flight, only when stderr is a terminal; it clears
/// its line when dropped.
struct Spinner {
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    fn start(label: String) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let thread = std::io::stderr().is_terminal().then(|| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || {
                const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
                let mut stderr = std::io::stderr();
                for frame in FRAMES.iter().cycle() {
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let _ = write!(stderr, "\r{frame} {label}");
                    let _ = stderr.flush();
                    std::thread::sleep(Duration::from_millis(80));
                }
                // Erase the spinner's line.
                let _ = write!(stderr, "\r\x1b[2K");
                let _ = stderr.flush();
            })
        });
        Self { stop, thread }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
