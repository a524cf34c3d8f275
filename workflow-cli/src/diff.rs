//! `workflow diff OLD NEW [--fail-on breaking|any]`: what changes for a client built from OLD
//! when the workflow becomes NEW, every change classified by the runtime's drift rules.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::sync::{self, Line};
use crate::{Exit, Failure, Outcome, files, out, report};

/// Arguments of `workflow diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The workflow file (or folder of them) a client was built from.
    #[arg(value_name = "OLD")]
    old: PathBuf,

    /// The workflow file (or folder of them) it becomes.
    #[arg(value_name = "NEW")]
    new: PathBuf,

    /// Exit 1 on breaking changes only (the default), or on any change.
    #[arg(long, value_enum, default_value_t = FailOn::Breaking)]
    fail_on: FailOn,
}

/// What makes `diff` exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum FailOn {
    /// A change that breaks a client built from OLD.
    Breaking,
    /// Any change, compatible ones included.
    Any,
}

impl FailOn {
    /// Whether a report with `lines`, `breaking` of them breaking, fails.
    pub(crate) fn fails(self, lines: usize, breaking: usize) -> bool {
        match self {
            FailOn::Breaking => breaking > 0,
            FailOn::Any => lines > 0,
        }
    }
}

pub(crate) fn diff(args: &Args) -> Outcome {
    let pairs = pairs(&args.old, &args.new)?;
    let mut report = String::new();
    let (mut total, mut breaking) = (0, 0);
    for pair in &pairs {
        let lines = match pair {
            Pair::Both(old, new) => {
                let (old_file, new_file) = (read(old)?, read(new)?);
                sync::changes(&old_file, &new_file)
            }
            Pair::Removed(_) => vec![Line {
                severity: workflow_runtime::drift::Severity::Breaking,
                text: format!(
                    "breaking: the workflow is gone from {}: its client no longer has a \
                     deployment",
                    args.new.display()
                ),
            }],
            Pair::Added(_) => vec![Line {
                severity: workflow_runtime::drift::Severity::Compatible,
                text: "compatible: a new workflow".to_owned(),
            }],
        };
        if lines.is_empty() {
            continue;
        }
        total += lines.len();
        breaking += sync::breaking(&lines);
        report.push_str(&format!("{}:\n{}", pair.label(), sync::render(&lines)));
    }
    out::stdout(&report)?;
    out::stdout(&format!("{}\n", sync::summary(total, breaking)))?;
    Ok(if args.fail_on.fails(total, breaking) {
        Exit::Problems
    } else {
        Exit::Success
    })
}

/// Two versions of one workflow, or one on a side only.
enum Pair {
    Both(PathBuf, PathBuf),
    Removed(PathBuf),
    Added(PathBuf),
}

impl Pair {
    fn label(&self) -> String {
        match self {
            Pair::Both(old, new) if old.file_name() == new.file_name() => new.display().to_string(),
            Pair::Both(old, new) => format!("{} -> {}", old.display(), new.display()),
            Pair::Removed(old) => old.display().to_string(),
            Pair::Added(new) => new.display().to_string(),
        }
    }
}

/// Files paired as given, or the files of two folders paired by deployment id, else by file
/// name.
fn pairs(old: &Path, new: &Path) -> Result<Vec<Pair>, Failure> {
    match (old.is_dir(), new.is_dir()) {
        (false, false) => Ok(vec![Pair::Both(
            files::single(old)?.to_path_buf(),
            files::single(new)?.to_path_buf(),
        )]),
        (true, true) => {
            let olds = keyed(&files::expand(&[old.to_path_buf()])?)?;
            let mut news = keyed(&files::expand(&[new.to_path_buf()])?)?;
            let mut pairs = Vec::new();
            for (key, old) in olds {
                match news.remove(&key) {
                    Some(new) => pairs.push(Pair::Both(old, new)),
                    None => pairs.push(Pair::Removed(old)),
                }
            }
            pairs.extend(news.into_values().map(Pair::Added));
            Ok(pairs)
        }
        _ => Err(Failure::usage(format!(
            "compare a file with a file or a folder with a folder: {} and {} are not both",
            old.display(),
            new.display()
        ))),
    }
}

/// Each file under the key it pairs by: its deployment id, else its file name.
fn keyed(paths: &[PathBuf]) -> Result<BTreeMap<String, PathBuf>, Failure> {
    let mut keyed = BTreeMap::new();
    for path in paths {
        let file = read(path)?;
        let key = match file.get("deployment_id").and_then(Value::as_str) {
            Some(id) => format!("id:{id}"),
            None => format!(
                "file:{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ),
        };
        if let Some(other) = keyed.insert(key, path.clone()) {
            return Err(Failure::new(
                Exit::Invalid,
                format!(
                    "{} and {} are both the same workflow (one deployment id): keep one",
                    other.display(),
                    path.display()
                ),
            ));
        }
    }
    Ok(keyed)
}

/// A workflow file the engine accepts, as JSON.
fn read(path: &Path) -> Result<Value, Failure> {
    let workflow = files::load(path).map_err(|diagnostics| Failure {
        exit: Exit::Invalid,
        text: report::render(&diagnostics),
    })?;
    Ok(workflow.source.value)
}
