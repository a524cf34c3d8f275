//! `workflow`: generate, check, run, serve, pull and diff Prompt Studio workflow files from the
//! command line.
//!
//! The fourth front door to `workflow-codegen`, next to `workflow!` and build.rs: every
//! command reads workflow files through the same engine and reports the same diagnostics
//! (`file:line:column`, JSON pointer, help), here with a snippet of the file.
//!
//! ```text
//! workflow generate schemas/*.json -o src/workflows.rs      # the Rust that workflow! expands to
//! workflow generate --check schemas/*.json -o src/workflows.rs   # CI: is the committed file fresh?
//! workflow check schemas/                                    # every problem, examples included
//! workflow run schemas/car.json --input '{"prompt": "fastest car?"}'
//! workflow serve schemas/ --port 8787                        # a local Prompt Studio for these files
//! workflow pull -o schemas/                                  # files from the deployments listed
//! workflow pull --check schemas/                             # CI: was a workflow edited in the editor?
//! workflow diff old/car.json schemas/car.json                # are the changes breaking?
//! ```
//!
//! # Exit codes
//!
//! | code | meaning |
//! |---|---|
//! | 0 | success |
//! | 1 | `check` found problems; `generate --check` found the output stale; `pull --check` found a file that differs from its deployment; `diff` found changes at the `--fail-on` level |
//! | 2 | usage error: bad arguments, no such file, no deployment id, missing configuration |
//! | 3 | invalid workflow file, or (`run`) an input that does not match the input schema |
//! | 4 | (`run`) the service or the network failed: an HTTP error status, no connection, ... |
//! | 5 | (`run`) the result does not match the result schema (the result is still printed) |
//!
//! Module map: [`files`] finds and loads workflow files, [`report`] renders diagnostics with
//! snippets, [`schemas`] checks values against a workflow's schemas, and one module per
//! command.

// Output goes through `out`, which does not panic on a closed pipe.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod check;
mod customize;
mod diff;
mod files;
mod generate;
mod out;
mod pull;
mod report;
mod run;
mod schemas;
mod serve;
mod sync;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  check found problems; generate --check found the output stale; pull --check found
     drift; diff found changes at the --fail-on level
  2  usage error: bad arguments, no such file, no deployment id, missing configuration
  3  invalid workflow file, or an input that does not match the input schema
  4  the service or the network failed (HTTP error status, no connection, ...)
  5  the result does not match the result schema (the result is still printed)";

const EXAMPLES: &str = "\
Examples:
  workflow generate schemas/*.json -o src/workflows.rs
  workflow generate --check schemas/ -o src/workflows.rs
  workflow check schemas/
  workflow run schemas/car.json --input '{\"prompt\": \"what is the fastest car?\"}'
  workflow serve schemas/ --port 8787
  workflow pull --check schemas/
  workflow diff old/car.json schemas/car.json";

/// Generate, check, run and serve Prompt Studio workflow files.
#[derive(Debug, Parser)]
#[command(
    name = "workflow",
    version,
    about = "Generate, check, run and serve Prompt Studio workflow files",
    after_help = format!("{EXAMPLES}\n\n{EXIT_CODES}"),
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print (or write) the Rust code that `workflow!` generates for workflow files.
    #[command(after_help = "\
--derive, --replace, --rename, --formats and --unknown-fields are workflow!'s options (a
workflow file's \"x-rust\" section gives defaults that they override). A type is named by its
name (Output) or by the JSON pointer its module's docs list ('#/$defs/Entity'); --derive
takes a list (Eq,Hash; a derive from another crate is a path: schemars::JsonSchema), for one
type after TYPE= ('#/$defs/Entity=Eq,Hash'). --derive, --replace and --rename repeat.

Examples:
  workflow generate schemas/car.json                    # print to stdout
  workflow generate schemas/ -o src/workflows.rs        # every *.json in schemas/, one module each
  workflow generate --check schemas/ -o src/workflows.rs   # in CI: exit 1 when the file is stale
  workflow generate schemas/ --derive Eq,Hash --derive Output=Ord
  workflow generate schemas/car.json --replace '#/$defs/Money=rust_decimal::Decimal'
  workflow generate schemas/car.json --rename '#/result/properties/kind=Category'
  workflow generate schemas/ --formats chrono --unknown-fields keep

Exit codes: 0 written / up to date, 1 stale (--check), 2 usage error (a malformed flag too),
3 invalid workflow file (or an option it cannot take: a type that does not exist, ...)")]
    Generate(generate::Args),

    /// Validate workflow files and check their examples against their schemas.
    #[command(after_help = "\
Every problem is reported with the file, line:column, a snippet and the JSON pointer.
With `workflow generate`'s --derive, --replace, --rename, --formats and --unknown-fields
flags, the problems with them are reported too.

Examples:
  workflow check schemas/car.json
  workflow check schemas/ more/extra.json
  workflow check schemas/car.json --replace '#/$defs/Money=rust_decimal::Decimal'

Exit codes: 0 no problems, 1 problems found, 2 usage error (no such file, a malformed flag)")]
    Check(check::Args),

    /// Run a deployed workflow with an input checked against the workflow file.
    #[command(after_help = "\
Settings come from the environment: PROMPT_STUDIO_API_KEY (required),
PROMPT_STUDIO_BASE_URL (optional; point it at `workflow serve` to work offline),
PROMPT_STUDIO_ROUTE (`workflows` by default, `instructions`, or a path such as
`v1/deployment/{deployment_id}/run`) and PROMPT_STUDIO_AUTH (`api-key`, `bearer`, `both`).

Examples:
  workflow run schemas/car.json --input '{\"prompt\": \"what is the fastest car?\"}'
  workflow run schemas/triage-ticket.json --input @ticket.json --deployment dep_123
  echo '{\"prompt\": \"hi\"}' | workflow run schemas/car.json --input @-

Exit codes: 0 ok, 2 usage error, 3 invalid workflow file or input (nothing sent),
4 HTTP or network error, 5 result does not match the result schema (still printed)")]
    Run(run::Args),

    /// Serve a local emulator of the run endpoint that answers from the files' examples.
    #[command(after_help = "\
Each workflow is reachable at /v1/workflows/{deployment_id}/run and at
/v1/workflows/{name}/run, with any API key (and at /api/v1/instructions/.../run, answering
{\"completion\": ...}, for clients on that route). GET /api/v1/deployments lists them all with
their schemas (Bearer auth), for `workflow pull` and `Client::verify`. Inputs are checked against the input schema
(400 with the violations); the answer is the result of the example whose input equals the
request's, else of the first example. Runs until interrupted (Ctrl-C).

Examples:
  workflow serve schemas/
  workflow serve schemas/ --port 0          # a free port; the first line says which
  PROMPT_STUDIO_BASE_URL=http://127.0.0.1:8787 PROMPT_STUDIO_API_KEY=local \\
    workflow run schemas/car.json --input '{\"prompt\": \"hi\"}'

Exit codes: 2 usage error (no such folder, port taken), 3 invalid workflow file")]
    Serve(serve::Args),

    /// Write workflow files from the deployments Prompt Studio lists, or check them (--check).
    #[command(after_help = "\
Reads GET /api/v1/deployments (Bearer auth) with the settings of `workflow run`:
PROMPT_STUDIO_API_KEY (required) and PROMPT_STUDIO_BASE_URL (optional; point it at
`workflow serve` to work offline). Each deployment becomes <name in kebab-case>.json in the
--out folder; a file that already has its deployment id is updated instead, keeping its own
name, description, examples and x- keys. Examples the new schemas refuse move to
\"x-outdated-examples\". Files are written whole or not at all.

Examples:
  workflow pull                          # every deployment, into schemas/
  workflow pull dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a -o src/workflows
  workflow pull --check                  # CI: exit 1 when schemas/ drifted from the editor
  workflow pull --check schemas/car.json

Exit codes: 0 written / in sync, 1 (--check) a file differs from its deployment,
2 usage error (no key, a deployment that is not listed), 3 schemas that cannot become a
client (nothing written), 4 the service or the network failed")]
    Pull(pull::Args),

    /// Classify the changes between two versions of workflow files as breaking or compatible.
    #[command(after_help = "\
Every change to the input and result schemas is classified for a client built from OLD:
breaking (a new required input, a removed or retyped result field, an input enum narrowed,
a result enum widened, ...) or compatible (a new optional input, a new result field, ...).
Folders are compared file by file, paired by deployment id, else by file name.
The rules: https://docs.rs/workflow-runtime/latest/workflow_runtime/drift/

Examples:
  workflow diff old/car.json schemas/car.json
  workflow diff released/ schemas/ --fail-on any

Exit codes: 0 nothing at the --fail-on level, 1 changes at that level (breaking by default),
2 usage error, 3 invalid workflow file")]
    Diff(diff::Args),
}

/// How a command ended, as the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    Success = 0,
    Problems = 1,
    Usage = 2,
    Invalid = 3,
    Service = 4,
    Mismatch = 5,
}

impl Exit {
    /// The more serious of two ways to end (the higher code).
    fn worse(self, other: Exit) -> Exit {
        if other as u8 > self as u8 {
            other
        } else {
            self
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// A command that could not do its job: the exit code and the text for stderr.
#[derive(Debug)]
struct Failure {
    exit: Exit,
    /// Printed as is: one `error: ...` line, or a report with snippets.
    text: String,
}

impl Failure {
    /// `error: {message}` with `exit`.
    fn new(exit: Exit, message: impl std::fmt::Display) -> Self {
        Self {
            exit,
            text: format!("error: {message}"),
        }
    }

    fn usage(message: impl std::fmt::Display) -> Self {
        Self::new(Exit::Usage, message)
    }
}

type Outcome = Result<Exit, Failure>;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Generate(args) => generate::generate(&args),
        Command::Check(args) => check::check(&args),
        Command::Run(args) => run::run(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Pull(args) => pull::pull(&args),
        Command::Diff(args) => diff::diff(&args),
    };
    match outcome {
        Ok(exit) => exit.into(),
        Err(failure) => {
            out::stderr_line(&failure.text);
            failure.exit.into()
        }
    }
}

/// A tokio runtime for the commands that talk HTTP.
fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::usage(format!("cannot start the async runtime: {error}")))
}
