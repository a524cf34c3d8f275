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

/// Customized code: the user's own type in place of a generated one, extra derives, a rename
/// and typed formats, still with nothing but the runtime (serde and the format crates come
/// through it).
pub mod customized {
    /// Shadows the prelude's `Result`.
    pub type Result = ();
    /// Shadows the prelude's `String`.
    pub struct String;

    /// The user's own types.
    pub mod own {
        use workflow_runtime::serde::{Deserialize, Serialize};

        /// Where an entity is mentioned, as the user's crate models it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(crate = "workflow_runtime::serde")]
        pub struct Span {
            /// The first character.
            pub start: u64,
            /// Past the last character.
            pub end: u64,
        }
    }

    workflow_runtime::workflow!(
        "../../schemas/extract-entities.json",
        module = entities,
        replace = { "#/$defs/Entity/properties/mentions/items" = crate::customized::own::Span },
        rename = { EntityKind = Kind },
        derives = [Eq, Hash]
    );
    workflow_runtime::workflow!(
        "../suite/schemas/custom-formats-chrono.json",
        module = chrono_dates
    );
    workflow_runtime::workflow!(
        "../suite/schemas/custom-formats-time.json",
        module = time_dates
    );
    workflow_runtime::workflow!("../suite/schemas/custom-unknown-fields.json", module = kept);
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn customized_code_runs_with_only_the_runtime_as_a_dependency() {
        use crate::customized::{chrono_dates, entities, own::Span};
        let studio = workflow_runtime::testing::MockStudio::start().await;
        studio.on::<entities::ExtractEntities>().examples();
        let input = entities::Input::new("Ada Lovelace worked with Charles Babbage in London.")
            .with_kinds(vec![entities::Kind::Person]);
        let output = entities::run(&studio.client(), &input)
            .await
            .map_err(|error| error.to_string());
        let mentions = output.map(|output| output.entities[0].mentions.clone());
        assert_eq!(mentions, Ok(Some(vec![Span { start: 0, end: 12 }])));
        let inputs: std::collections::HashSet<entities::Input> = [input.clone(), input].into();
        assert_eq!(inputs.len(), 1);

        studio.on::<chrono_dates::CustomFormatsChrono>().examples();
        let input = chrono_dates::Input::new(
            "2024-05-01T09:30:00Z"
                .parse()
                .map_err(|_| ())
                .expect("a date-time"),
            "67e55044-10b1-426f-9247-bb680e5fe0c8"
                .parse()
                .map_err(|_| ())
                .expect("a uuid"),
        );
        let output = chrono_dates::run(&studio.client(), &input)
            .await
            .map_err(|error| error.to_string());
        let offset = output.map(|output| output.events[0].at.offset().local_minus_utc());
        assert_eq!(offset, Ok(7200));
    }

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
        let input = crate::car::Input::new("what is the fastest car in the world?");
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
