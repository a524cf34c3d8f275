//! `workflow!(inline = ...)`: a small workflow file kept in the Rust source.

use workflow_runtime::Workflow;
use workflow_runtime::testing::MockStudio;

workflow_runtime::workflow!(
    inline = r#"{
        "name": "greet",
        "deployment_id": "dep_greet",
        "input": {
            "type": "object",
            "properties": {"who": {"type": "string", "minLength": 1}},
            "required": ["who"]
        },
        "result": {
            "type": "object",
            "properties": {"greeting": {"type": "string"}},
            "required": ["greeting"]
        },
        "examples": [{"input": {"who": "Ada"}, "result": {"greeting": "Hello, Ada"}}]
    }"#
);

workflow_runtime::workflow!(
    inline = r#"{"input": {"type": "object"}, "result": {"$ref": "schemas/shared/common.json#/$defs/Page"}}"#,
    module = unnamed
);

#[tokio::test]
async fn an_inline_workflow_runs_and_checks_its_input() {
    let studio = MockStudio::start().await;
    studio.on::<greet::Greet>().examples();
    let client = studio.client();
    let output = greet::run(&client, &greet::Input { who: "Ada".into() })
        .await
        .expect("answered from the example");
    assert_eq!(output.greeting, "Hello, Ada");
    let error = greet::run(&client, &greet::Input { who: String::new() })
        .await
        .expect_err("empty");
    assert!(
        error.to_string().contains("invalid input: /who:"),
        "{error}"
    );
    assert_eq!(greet::DEPLOYMENT_ID, Some("dep_greet"));
}

#[test]
fn an_unnamed_inline_workflow_is_named_inline_and_reads_refs_from_the_crate() {
    assert_eq!(unnamed::Inline::NAME, "inline");
    let result: serde_json::Value =
        serde_json::from_str(unnamed::Inline::RESULT_SCHEMA.expect("schema")).expect("JSON");
    // `Page` from the shared file, read relative to the crate's directory.
    assert_eq!(
        result["$defs"]["Page"]["properties"]["size"]["maximum"], 100,
        "{result}"
    );
}
