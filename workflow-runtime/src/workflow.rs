//! The [`Workflow`] trait that ties a deployed workflow's types to its name and deployment.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::Error;

/// A deployed Prompt Studio workflow: its input and result types, its name and, when known, its
/// deployment id.
///
/// `workflow!` implements this for the marker type it generates (`car::Car` for
/// `schemas/car.json`), `#[derive(Workflow)]` (feature `schemars`) for a marker whose types
/// derive their schemas; implement it by hand for a workflow without a workflow file:
///
/// ```
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize)]
/// struct Input { prompt: String }
///
/// #[derive(Deserialize)]
/// struct Output { completion: String }
///
/// struct Car;
///
/// impl workflow_runtime::Workflow for Car {
///     type Input = Input;
///     type Output = Output;
///     const NAME: &'static str = "car";
///     const DEPLOYMENT_ID: Option<&'static str> = Some("dep_123");
/// }
/// ```
pub trait Workflow {
    /// What the workflow takes: serialized as the `input` object of the request body.
    type Input: Serialize;
    /// What the workflow answers: decoded from the `result` object of the response body. `Send`
    /// and `'static`, so that a large answer can be decoded off the async worker threads.
    type Output: DeserializeOwned + Send + 'static;
    /// The workflow's name, used in error messages and tracing.
    const NAME: &'static str;
    /// The deployment to run when the caller does not name one.
    const DEPLOYMENT_ID: Option<&'static str>;
    /// The input's JSON Schema as JSON text, self-contained (its `$defs` included), when known.
    const INPUT_SCHEMA: Option<&'static str> = None;
    /// What the runtime checks an input against before sending it (feature `validate`): by
    /// default the whole [`INPUT_SCHEMA`](Self::INPUT_SCHEMA). `workflow!` sets it to the part
    /// of the schema that the generated types do not already enforce (a `String` field is
    /// always a string, a required field always present, an enum always one of its values),
    /// and to `None` when they enforce all of it: the run then skips validation, and the cost
    /// of serializing the input twice. Violations keep their JSON pointers either way.
    const INPUT_CHECKS: Option<&'static str> = Self::INPUT_SCHEMA;
    /// The result's JSON Schema as JSON text, self-contained (its `$defs` included), when known.
    const RESULT_SCHEMA: Option<&'static str> = None;
    /// Example runs from the workflow file: what `MockStudio` answers and what docs show.
    const EXAMPLES: &'static [Example] = &[];

    /// The schemas the runtime checks inputs against and repairs results by, and that
    /// [`export`](crate::export) writes: what every run asks for. By default the consts
    /// [`INPUT_SCHEMA`](Self::INPUT_SCHEMA), [`INPUT_CHECKS`](Self::INPUT_CHECKS) and
    /// [`RESULT_SCHEMA`](Self::RESULT_SCHEMA), which generated workflows set;
    /// `#[derive(Workflow)]` overrides it with the schemas schemars derives from the types,
    /// computed on first use and kept for the life of the process (the texts are
    /// `&'static str`, as the consts are, so that the compiled validators are cached alike).
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when the schemas cannot be had: a
    /// derived input or result whose schema is not a JSON object (a tuple struct, an enum of
    /// strings). A run of the workflow then fails with that error before anything is sent.
    fn schemas() -> Result<Schemas, Error> {
        Ok(Schemas {
            input: Self::INPUT_SCHEMA,
            input_checks: Self::INPUT_CHECKS,
            result: Self::RESULT_SCHEMA,
        })
    }
}

/// A workflow's schemas as JSON text, each self-contained (its `$defs` included), when known:
/// what [`Workflow::schemas`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct Schemas {
    /// The input's JSON Schema.
    pub input: Option<&'static str>,
    /// What inputs are checked against before sending (see [`Workflow::INPUT_CHECKS`]).
    pub input_checks: Option<&'static str>,
    /// The result's JSON Schema: what results are repaired against.
    pub result: Option<&'static str>,
}

impl Schemas {
    /// The schemas of a workflow whose input is checked against the whole `input` schema.
    pub const fn new(input: Option<&'static str>, result: Option<&'static str>) -> Self {
        Self {
            input,
            input_checks: input,
            result,
        }
    }

    /// These schemas, with inputs checked against `checks` instead (`None`: not checked).
    pub const fn with_input_checks(mut self, checks: Option<&'static str>) -> Self {
        self.input_checks = checks;
        self
    }
}

/// One example run of a workflow, as JSON text: an input and the result it gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    input: &'static str,
    result: &'static str,
}

impl Example {
    /// An example from the JSON text of its input object and of its result object.
    pub const fn new(input: &'static str, result: &'static str) -> Self {
        Self { input, result }
    }

    /// The input object, as JSON text.
    pub const fn input(&self) -> &'static str {
        self.input
    }

    /// The result object, as JSON text.
    pub const fn result(&self) -> &'static str {
        self.result
    }

    /// The input object, parsed. Generated examples always parse; a hand-written one that does
    /// not gives `Value::Null`.
    pub fn input_json(&self) -> serde_json::Value {
        serde_json::from_str(self.input).unwrap_or(serde_json::Value::Null)
    }

    /// The result object, parsed. Generated examples always parse; a hand-written one that does
    /// not gives `Value::Null`.
    pub fn result_json(&self) -> serde_json::Value {
        serde_json::from_str(self.result).unwrap_or(serde_json::Value::Null)
    }
}
