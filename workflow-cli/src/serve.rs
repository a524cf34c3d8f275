//! `workflow serve DIR [--port N] [--host H]`: a local Prompt Studio for a folder of workflow
//! files, built on `workflow_runtime::testing::MockStudio`.

use std::collections::BTreeMap;
use std::io::Write;
use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::{Value, json};
use workflow_runtime::Route;
use workflow_runtime::deployments::Deployment;
use workflow_runtime::testing::{Examples, MockStudio, Pick};

use crate::check::example_diagnostics;
use crate::files::{self, Workflow};
use crate::schemas::{Checker, Schemas};
use crate::{Exit, Failure, Outcome, out, report, sync};

/// Arguments of `workflow serve`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Folders whose *.json files are workflow files, or workflow files.
    #[arg(required = true, value_name = "DIR")]
    paths: Vec<PathBuf>,

    /// The port to listen on; 0 picks a free one (the first line of output names it).
    #[arg(short, long, default_value_t = 8787)]
    port: u16,

    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
}

/// One workflow being served.
struct Served {
    workflow: Workflow,
    input: Checker,
    /// Every id it answers to: its deployment id, then its name.
    ids: Vec<String>,
}

pub(crate) fn serve(args: &Args) -> Outcome {
    let address = resolve(&args.host, args.port)?;
    let served = load_all(&files::expand(&args.paths)?)?;

    let runtime = crate::runtime()?;
    runtime.block_on(async {
        let studio = MockStudio::start_on(address)
            .await
            .map_err(|error| Failure::usage(format!("cannot listen on {address}: {error}")))?;
        studio.accept_any_api_key();
        let base_url = studio.url().to_string();
        // Announced only once every route answers: whoever reads the first line may send.
        let announcements: Vec<String> = served
            .iter()
            .map(|served| announce(served, &base_url))
            .collect();
        let total = served.len();
        for served in served {
            studio.list(listed(&served));
            route(&studio, served);
        }
        out::stdout(&format!(
            "serving {} on {base_url} (any API key; Ctrl-C to stop)\n",
            count(total, "workflow")
        ))?;
        for lines in announcements {
            out::stdout(&format!("{lines}\n"))?;
        }
        // Serve until the process is interrupted; Ctrl-C ends it.
        std::future::pending::<()>().await;
        Ok(Exit::Success)
    })
}

fn resolve(host: &str, port: u16) -> Result<SocketAddr, Failure> {
    (host, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut addresses| addresses.next())
        .ok_or_else(|| {
            Failure::usage(format!(
                "cannot listen on {host}: not an address of this machine"
            ))
        })
}

/// Loads every file (all their problems reported at once), and refuses two workflows that
/// would answer to the same id.
fn load_all(paths: &[PathBuf]) -> Result<Vec<Served>, Failure> {
    let mut served = Vec::new();
    let mut invalid = Vec::new();
    for path in paths {
        let loaded = files::load(path).and_then(|workflow| {
            let schemas = Schemas::of(&workflow)?;
            Ok((workflow, schemas))
        });
        match loaded {
            Ok((workflow, schemas)) => {
                if let Some(diagnostics) = example_diagnostics(&workflow, &schemas) {
                    out::stderr_line(&format!(
                        "warning: {}: {} of its examples do not match its schemas; they are served as written (`workflow check {}` shows where)",
                        path.display(),
                        count(diagnostics.problems.len(), "value"),
                        path.display()
                    ));
                }
                let mut ids: Vec<String> = workflow.deployment_id.iter().cloned().collect();
                if !ids.contains(&workflow.name) {
                    ids.push(workflow.name.clone());
                }
                served.push(Served {
                    input: schemas.input,
                    workflow,
                    ids,
                });
            }
            Err(diagnostics) => invalid.push(report::render(&diagnostics)),
        }
    }
    if !invalid.is_empty() {
        return Err(Failure {
            exit: Exit::Invalid,
            text: invalid.join("\n\n"),
        });
    }
    let mut owners: BTreeMap<&str, &Path> = BTreeMap::new();
    for one in &served {
        for id in &one.ids {
            if let Some(other) = owners.insert(id, one.workflow.path()) {
                return Err(Failure::new(
                    Exit::Invalid,
                    format!(
                        "{} and {} both answer to {id:?} (a deployment id or a name): give one of them another \"name\" or \"deployment_id\"",
                        other.display(),
                        one.workflow.path().display()
                    ),
                ));
            }
        }
    }
    Ok(served)
}

fn count(count: usize, word: &str) -> String {
    match count {
        1 => format!("1 {word}"),
        _ => format!("{count} {word}s"),
    }
}

/// The workflow as `GET /api/v1/deployments` lists it, for `workflow pull` and
/// `Client::verify`: under its first id, named by its name, with its schemas as the file
/// writes them (shared `$defs` copied in), so that pulling from `serve` gives the file's
/// schemas back; a schema with references to other files is listed self-contained instead.
fn listed(served: &Served) -> Deployment {
    let workflow = &served.workflow;
    let schema = |role: &str, compiled: &Value| {
        let written = sync::role_schema(&workflow.source.value, role);
        if refers_elsewhere(&written) {
            compiled.clone()
        } else {
            written
        }
    };
    let id = served.ids.first().unwrap_or(&workflow.name);
    Deployment::new(id.clone())
        .name(workflow.name.clone())
        .schemas(
            schema("input", &workflow.input_schema),
            schema("result", &workflow.result_schema),
        )
}

/// Whether a schema has a `$ref` that is not a local `#...` one.
fn refers_elsewhere(schema: &Value) -> bool {
    match schema {
        Value::Object(map) => map.iter().any(|(key, value)| {
            (key == "$ref"
                && value
                    .as_str()
                    .is_some_and(|reference| !reference.starts_with('#')))
                || refers_elsewhere(value)
        }),
        Value::Array(items) => items.iter().any(refers_elsewhere),
        _ => false,
    }
}

/// One line with the workflow's URL, one with a curl command to try it.
fn announce(served: &Served, base_url: &str) -> String {
    // The path a client sends for this id: the runtime's own encoding of deployment ids.
    let url = |id: &str| format!("{base_url}/{}", Route::Workflows.path(id));
    let (primary, others) = served
        .ids
        .split_first()
        .map_or((&served.workflow.name, &[][..]), |(first, rest)| {
            (first, rest)
        });
    let also = others
        .iter()
        .map(|id| format!(" (also {})", url(id)))
        .collect::<String>();
    let input = served
        .workflow
        .examples
        .first()
        .map_or_else(|| json!({}), |(input, _)| input.clone());
    let body = json!({ "input": input }).to_string();
    format!(
        "  {} ({}): POST {}{also}\n    curl -s {} -H 'API_KEY: local' -H 'Content-Type: application/json' -d '{}'",
        served.workflow.name,
        served.workflow.path().display(),
        url(primary),
        url(primary),
        body.replace('\'', r"'\''")
    )
}

/// Answers each id of `served` through the mock's own stub: 400 with the violations for an
/// input that misses the schema, else the result of the example with the same input, else of
/// the first example (the mock's rule, [`Examples::pick`]), each in the envelope of the route
/// called.
fn route(studio: &MockStudio, served: Served) {
    let Served {
        workflow,
        input,
        ids,
    } = served;
    let examples = Examples::new(workflow.examples.iter().cloned());
    let answer = Arc::new(move |request: Value| -> Result<Value, (u16, Value)> {
        let name = &workflow.name;
        let violations = input.violations(&request);
        if !violations.is_empty() {
            log(format_args!(
                "{name}: 400 invalid input ({})",
                count(violations.len(), "violation")
            ));
            let violations: Vec<Value> = violations
                .iter()
                .map(|violation| json!({ "pointer": violation.pointer, "message": violation.message }))
                .collect();
            return Err((
                400,
                json!({ "error": "invalid input", "violations": violations }),
            ));
        }
        match examples.pick(&request) {
            Some(pick) => {
                let which = match pick {
                    Pick::Matching(_) => "the example with this input",
                    _ => "the first example",
                };
                log(format_args!("{name}: 200 with {which}"));
                Ok(pick.result().clone())
            }
            None => {
                log(format_args!("{name}: 500 no examples"));
                let message = format!(
                    "workflow {name} has no examples to answer with: add \"examples\" to {}",
                    workflow.path().display()
                );
                Err((500, json!({ "error": message })))
            }
        }
    });
    for id in ids {
        let answer = Arc::clone(&answer);
        studio
            .on_deployment(&id)
            .try_respond(move |request| answer(request));
    }
}

/// One line per request on stderr; a closed stderr must not take the handler down.
fn log(line: std::fmt::Arguments<'_>) {
    let _ = writeln!(std::io::stderr(), "{line}");
}
