//! Each sample's examples decode into the generated types and encode back to the same JSON,
//! and `run` against the built-in emulator returns the typed result.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use workflow_runtime::Workflow;
use workflow_runtime::testing::MockStudio;

use crate::json::same_data;

workflow_runtime::workflow!("../../schemas/car.json");
workflow_runtime::workflow!("../../schemas/extract-entities.json");
workflow_runtime::workflow!("../../schemas/triage-ticket.json");

fn round_trip<T: Serialize + DeserializeOwned>(what: &str, value: &Value) -> T {
    let typed: T = serde_json::from_value(value.clone())
        .unwrap_or_else(|error| panic!("{what} does not decode: {error}\n{value}"));
    let back = serde_json::to_value(&typed).expect("generated types serialize");
    assert!(
        same_data(value, &back),
        "{what} changed in a round trip:\n{value}\n{back}"
    );
    typed
}

pub(crate) fn examples_round_trip<W>()
where
    W: Workflow,
    W::Input: DeserializeOwned,
    W::Output: Serialize,
{
    assert!(!W::EXAMPLES.is_empty(), "{} has examples", W::NAME);
    for (index, example) in W::EXAMPLES.iter().enumerate() {
        round_trip::<W::Input>(
            &format!("{} example {index} input", W::NAME),
            &example.input_json(),
        );
        round_trip::<W::Output>(
            &format!("{} example {index} result", W::NAME),
            &example.result_json(),
        );
    }
}

#[test]
fn sample_examples_round_trip_exactly() {
    examples_round_trip::<car::Car>();
    examples_round_trip::<extract_entities::ExtractEntities>();
    examples_round_trip::<triage_ticket::TriageTicket>();
}

#[tokio::test]
async fn car_runs_against_the_emulator() {
    let studio = MockStudio::start().await;
    studio.on::<car::Car>().examples();
    let output = car::run(
        &studio.client(),
        &car::Input {
            prompt: "what is the fastest car in the world?".into(),
        },
    )
    .await
    .expect("the emulator answers");
    assert!(
        output.completion.starts_with("The current record holder"),
        "{}",
        output.completion
    );

    let requests = studio.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].path,
        "/v1/workflows/dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a/run"
    );
    assert_eq!(
        requests[0].json,
        Some(serde_json::json!({"input": {"prompt": "what is the fastest car in the world?"}}))
    );
}

#[tokio::test]
async fn typed_results_come_back_from_run() {
    use extract_entities::{EntityKind, ExtractEntities, Input};

    let studio = MockStudio::start().await;
    studio.on::<ExtractEntities>().examples();
    let input = Input {
        text: "Ada Lovelace worked with Charles Babbage in London.".into(),
        kinds: None,
        language: None,
    };
    let output = extract_entities::run(&studio.client(), &input)
        .await
        .expect("answered");
    let kinds: Vec<EntityKind> = output.entities.iter().map(|entity| entity.kind).collect();
    assert_eq!(
        kinds,
        [EntityKind::Person, EntityKind::Person, EntityKind::Place]
    );
    assert_eq!(output.entities[0].mentions.as_ref().map(Vec::len), Some(1));
    assert_eq!(output.model.as_deref(), Some("gpt-4o-mini"));
    // Unset optional fields are left out of the request, not sent as null.
    assert_eq!(
        studio.requests()[0].json,
        Some(
            serde_json::json!({"input": {"text": "Ada Lovelace worked with Charles Babbage in London."}})
        )
    );
}

#[tokio::test]
async fn tagged_unions_and_nullable_fields_decode() {
    use triage_ticket::{Action, Category, Team, TriageTicket};

    let studio = MockStudio::start().await;
    studio.on::<TriageTicket>().examples();
    let client = studio.client();
    let first = triage_ticket::run(
        &client,
        &serde_json::from_value(TriageTicket::EXAMPLES[0].input_json()).expect("example input"),
    )
    .deployment(TriageTicket::NAME)
    .await
    .expect("answered");
    assert_eq!(first.category, Category::Billing);
    assert_eq!(first.urgency, 4);
    assert_eq!(
        first.action,
        Action::Escalate {
            team: Team::Billing,
            reason: Some("Possible double charge".into())
        }
    );

    let second = triage_ticket::run(
        &client,
        &serde_json::from_value(TriageTicket::EXAMPLES[1].input_json()).expect("example input"),
    )
    .deployment(TriageTicket::NAME)
    .await
    .expect("answered");
    assert_eq!(second.summary, None);
    assert_eq!(second.action, Action::Close);
}

#[tokio::test]
async fn a_workflow_without_deployment_id_says_how_to_give_one() {
    let studio = MockStudio::start().await;
    let error = triage_ticket::run(
        &studio.client(),
        &triage_ticket::Input {
            subject: "s".into(),
            body: "b".into(),
            customer_tier: None,
            previous_tickets: None,
        },
    )
    .await
    .expect_err("no deployment id");
    assert_eq!(
        error.to_string(),
        "workflow triage-ticket has no deployment id: set `deployment_id` in the workflow file, pass `deployment_id = \"...\"` to `workflow!`, or name one for the call with `.deployment(\"...\")`"
    );
    assert!(studio.requests().is_empty());
}

mod overridden {
    workflow_runtime::workflow!(
        "../../schemas/car.json",
        module = fast_car,
        deployment_id = "dep_override"
    );
}

#[test]
fn macro_arguments_override_the_file() {
    assert_eq!(overridden::fast_car::DEPLOYMENT_ID, Some("dep_override"));
    assert_eq!(
        <overridden::fast_car::Car as Workflow>::DEPLOYMENT_ID,
        Some("dep_override")
    );
}

/// A result as a model writes it: JSON inside a string, an enum in another case, a number
/// as text. The generated client repairs it against the file's result schema and says so.
#[tokio::test]
async fn generated_clients_repair_llm_shaped_results() {
    use extract_entities::{EntityKind, ExtractEntities, Input};
    use workflow_runtime::ResultMode;

    let studio = MockStudio::start().await;
    studio.on::<ExtractEntities>().respond_json(|_input| {
        serde_json::json!({
            "entities": "```json\n[{\"name\": \"Ada\", \"kind\": \" Person\", \"confidence\": \"0.9\"}]\n```"
        })
    });
    let client = studio.client();
    let input = Input {
        text: "Ada".into(),
        kinds: None,
        language: None,
    };

    let detailed = extract_entities::run(&client, &input)
        .detailed()
        .await
        .expect("repaired");
    assert_eq!(detailed.output.entities[0].kind, EntityKind::Person);
    assert_eq!(detailed.output.entities[0].confidence, Some(0.9));
    let repairs: Vec<String> = detailed.repairs.iter().map(ToString::to_string).collect();
    assert_eq!(
        repairs,
        [
            r#"result.entities: JSON from Markdown fence ("```json\n[{\"name\": \"Ada\", \"kind\": \" Person\", \"confidence\": \"0.9\"}]\…)"#,
            r#"result.entities[0].confidence: number from string ("0.9")"#,
            r#"result.entities[0].kind: enum value by case and whitespace (" Person")"#,
        ]
    );

    let error = extract_entities::run(&client, &input)
        .result_mode(ResultMode::Strict)
        .await
        .expect_err("strict refuses it");
    assert!(
        error
            .to_string()
            .starts_with("workflow extract-entities (dep_5Hq8Zt2Nw7Rk1Vb4Mx9Lc3Pf6Dj): result.entities: invalid type: string"),
        "{error}"
    );
}
