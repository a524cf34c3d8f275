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

#[cfg(test)]
mod tests {
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
