//! Generated code in a crate that depends on nothing but workflow-runtime and tokio, and that
//! shadows the names generated code must not rely on. Built with warnings denied.
#![deny(warnings)]
#![allow(dead_code)]

// Names a user may define for themselves.
pub type Result<T> = std::result::Result<T, ()>;
pub struct Option;
pub struct String;
pub struct Box;
pub struct Vec;
pub mod serde {}
pub mod serde_json {}
pub mod std_ {}

workflow_runtime::workflow!("../../schemas/car.json");
workflow_runtime::workflow!("../../schemas/extract-entities.json");
workflow_runtime::workflow!("../../schemas/triage-ticket.json");

/// Shadowing inside the module that invokes the macro, too.
pub mod nested {
    pub type Result = ();
    pub struct Option;
    workflow_runtime::workflow!("../../schemas/car.json", module = car_again);
}

#[cfg(test)]
mod tests {
    #[tokio::test]
    async fn runs_with_only_the_runtime_as_a_dependency() {
        let studio = workflow_runtime::testing::MockStudio::start().await;
        studio.examples::<crate::car::Car>();
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
