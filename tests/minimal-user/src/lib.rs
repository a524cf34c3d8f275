//! Generated code in a crate that depends on nothing but workflow-runtime and tokio, and that
//! shadows the names generated code must not rely on. Built with warnings denied.
#![deny(warnings, missing_docs)]
#![warn(clippy::pedantic, clippy::nursery)]
#![allow(dead_code)]

// Names a user may define for themselves.
/// Shadows the prelude's `Result`.
pub type Result<T> = std::result::Result<T, ()>;
/// Shadows the prelude's `Option`.
pub struct Option;
/// Shadows the prelude's `String`.
pub struct String;
/// Shadows the prelude's `Box`.
pub struct Box;
/// Shadows the prelude's `Vec`.
pub struct Vec;
/// Shadows the serde crate's name.
pub mod serde {}
/// Shadows the `serde_json` crate's name.
pub mod serde_json {}

workflow_runtime::workflow!("../../schemas/car.json");
workflow_runtime::workflow!("../../schemas/extract-entities.json");
workflow_runtime::workflow!("../../schemas/triage-ticket.json");
workflow_runtime::workflow!("../suite/schemas/coverage.json");
workflow_runtime::workflow!("../suite/schemas/names.json");
workflow_runtime::workflow!("../suite/schemas/free-form.json");

/// Shadowing inside the module that invokes the macro, too.
pub mod nested {
    /// Shadows the prelude's `Result`.
    pub type Result = ();
    /// Shadows the prelude's `Option`.
    pub struct Option;
    workflow_runtime::workflow!("../../schemas/car.json", module = car_again);
}

/// A workflow declared in Rust, with serde and schemars reached through the runtime.
pub mod declared {
    /// Shadows the prelude's `Result`.
    pub type Result = ();
    /// Shadows the prelude's `Option`.
    pub struct Option;
    /// Shadows the prelude's `String`.
    pub struct String;
    /// Shadows the serde crate's name.
    pub mod serde {}

    use workflow_runtime::schemars::JsonSchema;
    use workflow_runtime::serde::{Deserialize, Serialize};

    /// What the declared workflow takes.
    #[derive(Debug, Serialize, Deserialize, JsonSchema)]
    #[serde(crate = "workflow_runtime::serde")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub struct Question {
        /// The question.
        pub prompt: std::string::String,
    }

    /// What the declared workflow answers.
    #[derive(Debug, Serialize, Deserialize, JsonSchema)]
    #[serde(crate = "workflow_runtime::serde")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub struct Answer {
        /// The answer.
        pub completion: std::string::String,
    }

    /// The workflow.
    #[derive(workflow_runtime::Workflow)]
    #[workflow(name = "ask", deployment_id = "dep_ask", input = Question, output = Answer)]
    pub struct Ask;
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn a_declared_workflow_runs_with_only_the_runtime_as_a_dependency() {
        use crate::declared::{Answer, Ask, Question};
        let studio = workflow_runtime::testing::MockStudio::start().await;
        studio.on::<Ask>().respond(|question: Question| Answer {
            completion: format!("you asked: {}", question.prompt),
        });
        let input = Question {
            prompt: "why?".into(),
        };
        let output = studio
            .client()
            .run::<Ask>(&input)
            .await
            .map_err(|error| error.to_string());
        assert_eq!(
            output.map(|answer| answer.completion),
            Ok("you asked: why?".to_owned())
        );
    }

    #[tokio::test]
    async fn runs_with_only_the_runtime_as_a_dependency() {
        let studio = workflow_runtime::testing::MockStudio::start().await;
        studio.on::<crate::car::Car>().examples();
        let input = crate::car::Input {
            prompt: "what is the fastest car in the world?".into(),
        };
        let output = crate::car::run(&studio.client(), &input)
            .await
            .map_err(|error| error.to_string());
        assert!(
            output
                .as_ref()
                .is_ok_and(|output| output.completion.contains("Bugatti")),
            "{output:?}"
        );
    }
}
