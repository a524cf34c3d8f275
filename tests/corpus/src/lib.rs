//! The regression corpora, run through the code generator at build time: every case that the
//! generator accepts (within the size limit, see build.rs) is compiled here, warnings denied.
#![deny(warnings)]

use serde_json::Value;

/// A corpus case: a schema, the role it plays in its workflow file, and the outcome.
#[derive(Debug)]
pub struct Case {
    /// The corpus folder: `json-schema`, `peer`, `pydantic`, `schemastore`, ...
    pub corpus: &'static str,
    /// The file's stem in its corpus folder.
    pub id: &'static str,
    /// `result` or `input`: where the schema sits in the workflow file.
    pub role: &'static str,
    /// The file holding the schema, relative to this crate.
    pub schema_file: &'static str,
    /// Where the schema is in that file (`""`: the whole file; `/result` for `peer/`).
    pub pointer: &'static str,
    /// How long the generator took on the workflow file, in microseconds (the build script's
    /// debug-built generator: a `workflow check` from a release build takes less).
    pub micros: u128,
    /// What the generator made of it.
    pub outcome: Outcome,
}

/// Decodes a value (with the schema, strictly or not) and encodes it back, with the rules of
/// the repairs made.
pub type RoundTrip = fn(&Value, Option<&str>, bool) -> Result<(Value, Vec<&'static str>), String>;

/// Sends an input value through the runtime's input path: `Ok` when the runtime would send
/// it, `Err` with the runtime's message when it refuses it.
pub type CheckInput = fn(&Value) -> Result<(), String>;

/// What the generator made of a case.
#[derive(Debug)]
pub enum Outcome {
    /// Code that compiled.
    Generated {
        /// Decodes a JSON value into the generated type through the runtime's decode path
        /// (repairing it against `schema` unless told to be strict) and encodes it back;
        /// also gives the rules of the repairs made.
        round_trip: RoundTrip,
        /// The schema the generated code carries for the runtime's validation.
        schema: Option<&'static str>,
        /// For the input role: the runtime's check of an input before it is sent.
        check_input: Option<CheckInput>,
        /// For the input role: what that check validates (`INPUT_CHECKS`: the input schema
        /// less what the types prove, `None` inside when they prove all of it).
        input_checks: Option<Option<&'static str>>,
    },
    /// Code that the generator gave but that this build did not compile (the catalogues'
    /// share of `COMPILE_BYTES` was spent).
    NotCompiled,
    /// Not generated: the schema file is over `MAX_BYTES`.
    Skipped,
    /// A refusal, with the diagnostics the user would see.
    Refused(&'static str),
}

fn round_trip<T>(
    value: &Value,
    schema: Option<&str>,
    strict: bool,
) -> Result<(Value, Vec<&'static str>), String>
where
    T: workflow_runtime::__private::serde::Serialize
        + workflow_runtime::__private::serde::de::DeserializeOwned,
{
    use workflow_runtime::ResultMode;
    let text = serde_json::to_vec(value).map_err(|error| error.to_string())?;
    let mode = if strict {
        ResultMode::Strict
    } else {
        ResultMode::Repair
    };
    let (typed, repairs): (T, _) =
        workflow_runtime::repair::decode(&text, schema.unwrap_or("{}"), mode)
            .map_err(|error| error.to_string())?;
    let back = serde_json::to_value(&typed).map_err(|error| error.to_string())?;
    Ok((
        back,
        repairs.iter().map(|repair| repair.rule.name()).collect(),
    ))
}

/// A client whose base URL is a closed port on 127.0.0.1, with no retries: a run either
/// stops at the input checks (`InvalidInput`) or fails to connect, and nothing leaves the
/// machine.
fn offline() -> &'static (tokio::runtime::Runtime, workflow_runtime::Client) {
    static OFFLINE: std::sync::OnceLock<(tokio::runtime::Runtime, workflow_runtime::Client)> =
        std::sync::OnceLock::new();
    OFFLINE.get_or_init(|| {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .expect("a loopback port");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let client = workflow_runtime::Client::builder()
            .api_key("corpus-key")
            .base_url(format!("http://127.0.0.1:{port}"))
            .allow_http()
            .retry_policy(workflow_runtime::RetryPolicy::none())
            .connect_timeout(std::time::Duration::from_secs(2))
            .build()
            .expect("a client");
        (runtime, client)
    })
}

fn check_input<W>(value: &Value) -> Result<(), String>
where
    W: workflow_runtime::Workflow,
    W::Input: workflow_runtime::__private::serde::de::DeserializeOwned,
{
    let input: W::Input =
        serde_json::from_value(value.clone()).map_err(|error| error.to_string())?;
    let (runtime, client) = offline();
    let run = client.run::<W>(&input).deployment("dep_corpus");
    match runtime.block_on(std::future::IntoFuture::into_future(run)) {
        Err(error)
            if matches!(
                error.kind(),
                workflow_runtime::ErrorKind::InvalidInput { .. }
            ) =>
        {
            Err(error.to_string())
        }
        // Anything else happened after the input checks: the input would have been sent.
        Err(_) | Ok(_) => Ok(()),
    }
}

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
