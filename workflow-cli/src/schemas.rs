//! Checking JSON values against a workflow's input and result schemas (jsonschema).

use serde_json::Value;
use workflow_codegen::__private::push_pointer;
use workflow_codegen::{Diagnostic, Diagnostics};

use crate::files::Workflow;

/// One way a value misses its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Violation {
    /// JSON pointer into the checked value; `""` is the value itself.
    pub(crate) pointer: String,
    pub(crate) message: String,
    /// JSON pointer of the keyword that failed, relative to the schema's root.
    pub(crate) schema_pointer: String,
}

impl Violation {
    /// `at /urgency: 7 is greater than the maximum of 5`, or just the message at the root.
    pub(crate) fn describe(&self) -> String {
        if self.pointer.is_empty() {
            self.message.clone()
        } else {
            format!("at {}: {}", self.pointer, self.message)
        }
    }
}

/// A compiled schema.
pub(crate) struct Checker {
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for Checker {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Checker").finish_non_exhaustive()
    }
}

impl Checker {
    fn new(schema: &Value) -> Result<Self, String> {
        jsonschema::validator_for(schema)
            .map(|validator| Self { validator })
            .map_err(|error| error.to_string())
    }

    /// Every violation, in the order jsonschema reports them.
    pub(crate) fn violations(&self, value: &Value) -> Vec<Violation> {
        self.validator
            .iter_errors(value)
            .map(|error| Violation {
                pointer: error.instance_path().as_str().to_string(),
                message: error.to_string(),
                schema_pointer: error.schema_path().as_str().to_string(),
            })
            .collect()
    }
}

/// A workflow's two schemas, compiled.
#[derive(Debug)]
pub(crate) struct Schemas {
    pub(crate) input: Checker,
    pub(crate) result: Checker,
}

impl Schemas {
    /// Compiles both schemas; a schema that jsonschema refuses is a problem of the file.
    pub(crate) fn of(workflow: &Workflow) -> Result<Self, Diagnostics> {
        let compile = |key: &str, schema: &Value| {
            Checker::new(schema).map_err(|error| {
                Diagnostic::new(
                    format!("/{key}"),
                    format!("the {key} schema cannot be used to check values: {error}"),
                )
                .help("fix the schema so that a JSON Schema validator accepts it")
            })
        };
        match (
            compile("input", &workflow.input_schema),
            compile("result", &workflow.result_schema),
        ) {
            (Ok(input), Ok(result)) => Ok(Self { input, result }),
            (input, result) => {
                let problems = [input.err(), result.err()].into_iter().flatten().collect();
                Err(Diagnostics::new(
                    workflow.path(),
                    Some(&workflow.source.text),
                    problems,
                ))
            }
        }
    }
}

/// Every example input and result that does not match its schema, pointing at the value in
/// the file (`/examples/0/result/urgency`) with the schema keyword that refused it as help.
pub(crate) fn example_problems(workflow: &Workflow, schemas: &Schemas) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (index, (input, result)) in workflow.examples.iter().enumerate() {
        for (part, value, checker) in [
            ("input", input, &schemas.input),
            ("result", result, &schemas.result),
        ] {
            let at = push_pointer(&format!("/examples/{index}"), part);
            for violation in checker.violations(value) {
                let keyword = format!("/{part}{}", violation.schema_pointer);
                let help = if workflow.source.value.pointer(&keyword).is_some() {
                    format!("fix the example, or the {part} schema at {keyword}")
                } else {
                    format!("fix the example, or the {part} schema")
                };
                problems.push(
                    Diagnostic::new(
                        format!("{at}{}", violation.pointer),
                        format!(
                            "example {part} does not match the {part} schema: {}",
                            violation.message
                        ),
                    )
                    .help(help),
                );
            }
        }
    }
    problems
}
