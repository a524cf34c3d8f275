//! `workflow generate FILE... [-o OUT] [--check] [--derive ...]`: the code build.rs would
//! write, on demand, customized by the flags of [`customize`].

use std::path::{Path, PathBuf};

use workflow_codegen::build::BuildError;

use crate::{Exit, Failure, Outcome, customize, files, out, report};

/// Arguments of `workflow generate`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Workflow files, or folders whose *.json files are workflow files; one module each.
    #[arg(required = true, value_name = "FILE|DIR")]
    paths: Vec<PathBuf>,

    /// Write the code to this file instead of stdout.
    #[arg(short, long, value_name = "OUT")]
    output: Option<PathBuf>,

    /// Write nothing: exit 1 when OUT is not exactly what would be generated.
    #[arg(long, requires = "output")]
    check: bool,

    #[command(flatten)]
    customize: customize::Flags,
}

pub(crate) fn generate(args: &Args) -> Outcome {
    let files = files::expand(&args.paths)?;
    let code = args
        .customize
        .builder()
        .render(files.iter().map(|file| (file.as_path(), file.as_path())))
        .map_err(|error| build_failure(&error))?;
    match (&args.output, args.check) {
        (None, _) => {
            out::stdout(&code)?;
            Ok(Exit::Success)
        }
        (Some(output), false) => {
            std::fs::write(output, &code).map_err(|error| {
                Failure::usage(format!("cannot write {}: {error}", output.display()))
            })?;
            out::stderr_line(&format!(
                "wrote {} ({} from {} workflow {})",
                output.display(),
                byte_count(code.len()),
                files.len(),
                if files.len() == 1 { "file" } else { "files" }
            ));
            Ok(Exit::Success)
        }
        (Some(output), true) => Ok(compare(output, &code, args)),
    }
}

fn byte_count(bytes: usize) -> String {
    if bytes == 1 {
        "1 byte".into()
    } else {
        format!("{bytes} bytes")
    }
}

/// `--check`: exit 0 when `output` holds `code`, else say where it differs and exit 1.
fn compare(output: &Path, code: &str, args: &Args) -> Exit {
    let flags: String = args
        .customize
        .to_args()
        .iter()
        .map(|arg| format!(" {arg}"))
        .collect();
    let regenerate = format!(
        "workflow generate {} -o {}{flags}",
        args.paths
            .iter()
            .map(|path| path.display().to_string())
            .collect::<Vec<_>>()
            .join(" "),
        output.display()
    );
    let existing = match std::fs::read_to_string(output) {
        Ok(existing) => existing,
        Err(error) => {
            let what = match error.kind() {
                std::io::ErrorKind::NotFound => "does not exist".to_string(),
                _ => format!("cannot be read ({error})"),
            };
            out::stderr_line(&format!(
                "{} {what}: generate it with `{regenerate}`",
                output.display()
            ));
            return Exit::Problems;
        }
    };
    if existing == code {
        out::stderr_line(&format!("{} is up to date", output.display()));
        return Exit::Success;
    }
    let mut expected = code.lines();
    let mut found = existing.lines();
    let mut line = 1;
    let (want, got) = loop {
        match (expected.next(), found.next()) {
            (Some(want), Some(got)) if want == got => line += 1,
            (want, got) => break (want, got),
        }
    };
    let show = |text: Option<&str>| match text {
        Some(text) => format!("{text:?}"),
        None => "(end of file)".to_string(),
    };
    out::stderr_line(&format!(
        "{} is stale: line {line} is not what would be generated\n  generated: {}\n  in file:   {}\nupdate it with `{regenerate}`",
        output.display(),
        show(want),
        show(got),
    ));
    Exit::Problems
}

/// An engine failure as the CLI reports it: invalid files with snippets (exit 3).
pub(crate) fn build_failure(error: &BuildError) -> Failure {
    match error {
        BuildError::Invalid(files) => Failure {
            exit: Exit::Invalid,
            text: files
                .iter()
                .map(report::render)
                .collect::<Vec<_>>()
                .join("\n\n"),
        },
        other => Failure::usage(other),
    }
}
