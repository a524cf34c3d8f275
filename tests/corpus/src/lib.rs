//! The regression corpora, run through the code generator at build time: every case that the
//! generator accepts is compiled here, warnings denied.
#![deny(warnings)]

use serde_json::Value;

/// A corpus case: a schema, the role it plays in its workflow file, and the outcome.
#[derive(Debug)]
pub struct Case {
    /// The file's stem under `json-schema/` or `peer/`.
    pub id: &'static str,
    /// `result` or `input`: where the schema sits in the workflow file.
    pub role: &'static str,
    /// What the generator made of it.
    pub outcome: Outcome,
}

/// Decodes a value (with the schema, strictly or not) and encodes it back, with the rules of
/// the repairs made.
pub type RoundTrip = fn(&Value, Option<&str>, bool) -> Result<(Value, Vec<&'static str>), String>;

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
    },
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

include!(concat!(env!("OUT_DIR"), "/corpus.rs"));
