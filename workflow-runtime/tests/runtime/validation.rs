//! Inputs are checked against their schema before anything is sent (feature `validate`).

use serde::{Deserialize, Serialize};
use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, RunOptions, Violation, Workflow};

#[derive(Debug, Clone, Serialize, Deserialize)]
struct TicketInput {
    title: String,
    priority: i64,
    reporter: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<String>,
    tags: Vec<String>,
}

fn good_ticket() -> TicketInput {
    TicketInput {
        title: "Printer on fire".into(),
        priority: 2,
        reporter: "ops@example.com".into(),
        due: Some("2025-01-31T17:00:00Z".into()),
        tags: vec!["hardware".into()],
    }
}

/// A workflow whose schema says what its types cannot: lengths, ranges, formats, patterns.
struct Triage;

impl Workflow for Triage {
    type Input = TicketInput;
    type Output = serde_json::Value;
    const NAME: &'static str = "triage";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_triage");
    const INPUT_SCHEMA: Option<&'static str> = Some(
        r##"{
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "type": "object",
            "required": ["title", "priority", "reporter", "tags"],
            "properties": {
                "title": { "type": "string", "minLength": 1, "maxLength": 20 },
                "priority": { "type": "integer", "minimum": 1, "maximum": 5 },
                "reporter": { "type": "string", "format": "email" },
                "due": { "type": "string", "format": "date-time" },
                "tags": { "type": "array", "items": { "$ref": "#/$defs/tag" } }
            },
            "$defs": { "tag": { "type": "string", "pattern": "^[a-z-]+$" } }
        }"##,
    );
}

/// A workflow whose schema does not compile.
struct Broken;

impl Workflow for Broken {
    type Input = TicketInput;
    type Output = serde_json::Value;
    const NAME: &'static str = "broken";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_broken");
    const INPUT_SCHEMA: Option<&'static str> = Some(r#"{"type": "object", "minProperties": -1}"#);
}

fn bad_ticket() -> TicketInput {
    TicketInput {
        title: "The printer on the third floor is on fire".into(),
        priority: 9,
        reporter: "ops at example".into(),
        due: Some("tomorrow".into()),
        tags: vec!["hardware".into(), "URGENT".into()],
    }
}

#[tokio::test]
async fn an_input_that_violates_its_schema_lists_every_violation_and_is_not_sent() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_triage").respond(|_| json!({}));

    let error = studio
        .client()
        .run::<Triage>(&bad_ticket())
        .await
        .unwrap_err();

    let ErrorKind::InvalidInput { violations, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(
        violations,
        &[
            Violation::new("/due", "\"tomorrow\" is not a \"date-time\""),
            Violation::new("/priority", "9 is greater than the maximum of 5"),
            Violation::new("/reporter", "\"ops at example\" is not a \"email\""),
            Violation::new("/tags/1", "\"URGENT\" does not match \"^[a-z-]+$\""),
            Violation::new(
                "/title",
                "\"The printer on the third floor is on fire\" is longer than 20 characters"
            ),
        ]
    );
    assert_eq!(
        error.to_string(),
        "workflow triage (dep_triage): invalid input: /due: \"tomorrow\" is not a \"date-time\"; \
         /priority: 9 is greater than the maximum of 5; /reporter: \"ops at example\" is not a \
         \"email\"; /tags/1: \"URGENT\" does not match \"^[a-z-]+$\"; /title: \"The printer on \
         the third floor is on fire\" is longer than 20 characters"
    );
    assert!(!error.is_retryable());
    assert!(studio.requests().is_empty());
    assert_eq!(studio.connections(), 0);
}

#[tokio::test]
async fn a_valid_input_is_sent() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond(|input| json!({ "title": input["title"] }));

    let result = studio.client().run::<Triage>(&good_ticket()).await.unwrap();

    assert_eq!(result, json!({ "title": "Printer on fire" }));
    assert_eq!(studio.requests().len(), 1);
}

#[tokio::test]
async fn checking_can_be_turned_off_per_call_or_per_client() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond(|_| json!({ "accepted": true }));

    let unchecked = RunOptions::new().validate_input(false);
    studio
        .client()
        .run::<Triage>(&bad_ticket())
        .options(&unchecked)
        .await
        .unwrap();
    assert_eq!(studio.requests().len(), 1);

    let client = studio
        .client_builder()
        .validate_input(false)
        .build()
        .unwrap();
    client.run::<Triage>(&bad_ticket()).await.unwrap();
    assert_eq!(studio.requests().len(), 2);

    // And back on for one call.
    let checked = RunOptions::new().validate_input(true);
    let error = client
        .run::<Triage>(&bad_ticket())
        .options(&checked)
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::InvalidInput { .. }),
        "{error:?}"
    );
    assert_eq!(studio.requests().len(), 2);
}

#[tokio::test]
async fn untyped_runs_have_no_schema_to_check() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond(|_| json!({ "accepted": true }));

    let result = studio
        .client()
        .run_json("dep_triage", json!({ "title": "", "priority": 99 }))
        .await
        .unwrap();

    assert_eq!(result, json!({ "accepted": true }));
}

#[tokio::test]
async fn a_schema_that_does_not_compile_is_a_config_error_naming_the_workflow() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_broken").respond(|_| json!({}));

    let error = studio
        .client()
        .run::<Broken>(&good_ticket())
        .await
        .unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow broken: its input schema cannot check inputs: -1 is less than the minimum of \
         0; fix the schema, or turn checking off with `validate_input(false)`"
    );
    assert!(studio.requests().is_empty());

    // Off, the input goes out as it is.
    let unchecked = RunOptions::new().validate_input(false);
    studio
        .client()
        .run::<Broken>(&good_ticket())
        .options(&unchecked)
        .await
        .unwrap();
}
