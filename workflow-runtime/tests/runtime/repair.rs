//! LLM-shaped results end to end: a typed workflow with a result schema, answered by the mock
//! with raw results; repairs in detailed runs, the modes, the errors and the tracing events.

use std::fmt;
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use workflow_runtime::repair::{Repair, Rule};
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, ResultMode, Route, RunOptions, Workflow};

use crate::support::*;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Ticket {
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Triage {
    pub score: f64,
    pub urgency: u8,
    pub urgent: bool,
    pub kind: Kind,
    pub tags: Vec<String>,
    pub note: String,
    #[serde(default)]
    pub entities: Vec<Named>,
    #[serde(default)]
    pub action: Option<Action>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct Named {
    pub name: String,
    pub kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Kind {
    Person,
    Place,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub(crate) enum Action {
    Reply { draft: String },
    Escalate { team: String, urgency: u8 },
}

/// A hand-written workflow with a result schema, as generated ones have.
pub(crate) struct Triager;

impl Workflow for Triager {
    type Input = Ticket;
    type Output = Triage;
    const NAME: &'static str = "triage";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_triage");
    const RESULT_SCHEMA: Option<&'static str> = Some(
        r##"{
        "type": "object",
        "required": ["score", "urgency", "urgent", "kind", "tags", "note"],
        "properties": {
            "score": { "type": "number" },
            "urgency": { "type": "integer", "minimum": 1, "maximum": 5 },
            "urgent": { "type": "boolean" },
            "kind": { "$ref": "#/$defs/Kind" },
            "tags": { "type": "array", "items": { "type": "string" } },
            "note": { "type": "string" },
            "entities": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["name", "kind"],
                    "properties": { "name": { "type": "string" }, "kind": { "$ref": "#/$defs/Kind" } }
                }
            },
            "action": {
                "oneOf": [
                    { "type": "object", "properties": { "type": { "const": "reply" }, "draft": { "type": "string" } } },
                    { "type": "object", "properties": { "type": { "const": "escalate" }, "team": { "type": "string" }, "urgency": { "type": "integer" } } },
                    { "type": "null" }
                ]
            }
        },
        "$defs": { "Kind": { "type": "string", "enum": ["person", "place"] } }
    }"##,
    );
}

/// The same workflow without a result schema: nothing to repair against.
struct Unschemed;

impl Workflow for Unschemed {
    type Input = Ticket;
    type Output = Triage;
    const NAME: &'static str = "unschemed";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_triage");
}

pub(crate) fn ticket() -> Ticket {
    Ticket {
        text: "the site is down".to_owned(),
    }
}

/// What a model answers: every documented shape at once.
pub(crate) fn llm_answer() -> serde_json::Value {
    json!({
        "score": " 0.9 ",
        "urgency": "4",
        "urgent": "True",
        "kind": " Person",
        "tags": "outage",
        "note": "{\"keep\": \"this text\"}",
        "entities": "```json\n[{\"name\": \"Ada\", \"kind\": \"PLACE\"}]\n```",
        "action": { "type": "Escalate", "team": "ops", "urgency": 5.0 }
    })
}

fn repaired_triage() -> Triage {
    Triage {
        score: 0.9,
        urgency: 4,
        urgent: true,
        kind: Kind::Person,
        tags: vec!["outage".to_owned()],
        note: "{\"keep\": \"this text\"}".to_owned(),
        entities: vec![Named {
            name: "Ada".to_owned(),
            kind: Kind::Place,
        }],
        action: Some(Action::Escalate {
            team: "ops".to_owned(),
            urgency: 5,
        }),
    }
}

/// The exact body, so that messages (which name columns) do not depend on how a map orders
/// its members.
const HIGH_SCORE: &str =
    r#"{"result":{"score":"high","urgency":4,"urgent":true,"kind":"person","tags":[],"note":""}}"#;

const STRING_SCORE: &str =
    r#"{"result":{"score":"0.9","urgency":4,"urgent":true,"kind":"person","tags":[],"note":""}}"#;

#[tokio::test]
async fn a_result_with_every_documented_shape_is_repaired_and_decoded() {
    let studio = MockStudio::start().await;
    studio.on::<Triager>().respond_json(|_| llm_answer());

    let detailed = once(&studio)
        .run::<Triager>(&ticket())
        .detailed()
        .await
        .unwrap();

    assert_eq!(detailed.output, repaired_triage());
    let repairs: Vec<String> = detailed.repairs.iter().map(ToString::to_string).collect();
    assert_eq!(
        repairs,
        [
            r#"result.action.type: enum value by case and whitespace ("Escalate")"#,
            "result.action.urgency: integer from whole float (5.0)",
            r#"result.entities: JSON from Markdown fence ("```json\n[{\"name\": \"Ada\", \"kind\": \"PLACE\"}]\n```")"#,
            r#"result.entities[0].kind: enum value by case and whitespace ("PLACE")"#,
            r#"result.kind: enum value by case and whitespace (" Person")"#,
            r#"result.score: number from string (" 0.9 ")"#,
            r#"result.tags: array from single value ("outage")"#,
            r#"result.urgency: integer from string ("4")"#,
            r#"result.urgent: boolean from string ("True")"#,
        ]
    );
    assert_eq!(detailed.attempts, 1);
    assert_eq!(detailed.status, 200);
    assert_eq!(detailed.request_id, None);
    // `run` gives the same output.
    let output = once(&studio).run::<Triager>(&ticket()).await.unwrap();
    assert_eq!(output, repaired_triage());
}

#[tokio::test]
async fn a_result_that_fits_has_no_repairs() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_triage").respond_raw(200, &[("x-request-id", "req-7")], r#"{"result":{"score":0.5,"urgency":2,"urgent":false,"kind":"place","tags":["a"],"note":"42"}}"#);

    let detailed = once(&studio)
        .run::<Triager>(&ticket())
        .detailed()
        .await
        .unwrap();

    assert_eq!(detailed.output.score, 0.5);
    assert_eq!(detailed.output.note, "42");
    assert_eq!(detailed.repairs, []);
    assert_eq!(detailed.request_id.as_deref(), Some("req-7"));
}

#[tokio::test]
async fn strict_mode_fails_where_repair_mode_succeeds() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], STRING_SCORE);
    let strict_message = format!(
        "workflow triage (dep_triage): result.score: invalid type: string \"0.9\", expected \
         f64 at line 1 column 24; body: {STRING_SCORE}"
    );

    // The default: repaired.
    let detailed = once(&studio)
        .run::<Triager>(&ticket())
        .detailed()
        .await
        .unwrap();
    assert_eq!(detailed.output.score, 0.9);
    assert_eq!(detailed.repairs, [Repair::clone(&detailed.repairs[0])]);
    assert_eq!(detailed.repairs[0].path, "result.score");
    assert_eq!(detailed.repairs[0].rule, Rule::NumberFromString);
    assert_eq!(detailed.repairs[0].before, "\"0.9\"");

    // A strict client.
    let strict = studio
        .client_builder()
        .retry_policy(workflow_runtime::RetryPolicy::none())
        .result_mode(ResultMode::Strict)
        .build()
        .unwrap();
    let error = strict.run::<Triager>(&ticket()).await.unwrap_err();
    assert_eq!(error.to_string(), strict_message);
    let ErrorKind::Decode { path, .. } = error.kind() else {
        panic!("{error:?}")
    };
    assert_eq!(path, "result.score");

    // A strict call on a repairing client, and a repairing call on a strict client.
    let strict_call = RunOptions::new().result_mode(ResultMode::Strict);
    let error = once(&studio)
        .run::<Triager>(&ticket())
        .options(&strict_call)
        .await
        .unwrap_err();
    assert_eq!(error.to_string(), strict_message);
    let repair_call = RunOptions::new().result_mode(ResultMode::Repair);
    let output = strict
        .run::<Triager>(&ticket())
        .options(&repair_call)
        .await
        .unwrap();
    assert_eq!(output.score, 0.9);
}

#[tokio::test]
async fn what_cannot_be_repaired_is_a_decode_error_naming_the_field_and_the_rule() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], HIGH_SCORE);

    let error = once(&studio).run::<Triager>(&ticket()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "workflow triage (dep_triage): result.score: expected a number, found the string \
             \"high\" (tried: number_from_string); body: {HIGH_SCORE}"
        )
    );
    let ErrorKind::Decode {
        path,
        message,
        tried,
        body,
        ..
    } = error.kind()
    else {
        panic!("{error:?}")
    };
    assert_eq!(path, "result.score");
    assert_eq!(message, "expected a number, found the string \"high\"");
    assert_eq!(tried.iter().collect::<Vec<_>>(), [Rule::NumberFromString]);
    assert_eq!(body, HIGH_SCORE);
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn a_fraction_for_an_integer_stays_an_error() {
    let studio = MockStudio::start().await;
    let body =
        r#"{"result":{"score":1,"urgency":3.5,"urgent":true,"kind":"person","tags":[],"note":""}}"#;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], body);

    let error = once(&studio).run::<Triager>(&ticket()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "workflow triage (dep_triage): result.urgency: expected an integer, found 3.5 \
             (tried: integer_from_float); body: {body}"
        )
    );
}

#[tokio::test]
async fn a_string_field_holding_json_stays_a_string() {
    let studio = MockStudio::start().await;
    studio.on::<Triager>().respond_json(|_| {
        json!({
            "score": 1, "urgency": 1, "urgent": false, "kind": "place", "tags": [],
            "note": "```json\n{\"a\": 1}\n```"
        })
    });

    let detailed = once(&studio)
        .run::<Triager>(&ticket())
        .detailed()
        .await
        .unwrap();

    assert_eq!(detailed.output.note, "```json\n{\"a\": 1}\n```");
    assert_eq!(detailed.repairs, []);
}

#[tokio::test]
async fn a_workflow_without_a_result_schema_is_decoded_strictly() {
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], STRING_SCORE);

    let error = once(&studio).run::<Unschemed>(&ticket()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "workflow unschemed (dep_triage): result.score: invalid type: string \"0.9\", \
             expected f64 at line 1 column 24; body: {STRING_SCORE}"
        )
    );
}

#[tokio::test]
async fn repairs_on_the_instructions_route_are_under_completion() {
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_triage").respond_raw(200, &[], r#"{"completion":{"score":"0.25","urgency":4,"urgent":true,"kind":"person","tags":[],"note":""}}"#);
    let client = studio
        .client_builder()
        .route(Route::Instructions)
        .build()
        .unwrap();

    let detailed = client.run::<Triager>(&ticket()).detailed().await.unwrap();

    assert_eq!(detailed.output.score, 0.25);
    assert_eq!(
        detailed.repairs[0].to_string(),
        r#"completion.score: number from string ("0.25")"#
    );
}

#[tokio::test]
async fn repairs_on_a_custom_route_without_an_envelope_are_named_from_the_answer_root() {
    let route = Route::custom("v1/deployment/{deployment_id}/run", None).unwrap();
    let studio = MockStudio::start().await;
    studio.serve_route(route.clone());
    studio.on_deployment("dep_triage").respond_raw(200, &[], r#"{"score":"0.25","urgency":4,"urgent":true,"kind":"person","tags":[],"note":"","entities":[{"name":"Ada","kind":" Place"}]}"#);
    let client = studio.client_builder().route(route).build().unwrap();

    let detailed = client.run::<Triager>(&ticket()).detailed().await.unwrap();

    assert_eq!(detailed.output.score, 0.25);
    assert_eq!(detailed.output.entities[0].kind, Kind::Place);
    // In the answer's key order, which serde_json's `preserve_order` feature decides: sorted.
    let mut repairs: Vec<String> = detailed.repairs.iter().map(ToString::to_string).collect();
    repairs.sort();
    assert_eq!(
        repairs,
        [
            r#"entities[0].kind: enum value by case and whitespace (" Place")"#,
            r#"score: number from string ("0.25")"#,
        ]
    );

    studio.on_deployment("dep_triage").respond_raw(
        200,
        &[],
        r#"{"score":"high","urgency":4,"urgent":true,"kind":"person","tags":[],"note":""}"#,
    );
    let error = client.run::<Triager>(&ticket()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { path, .. } if path == "score"),
        "{error:?}"
    );
}

#[tokio::test]
async fn a_failure_inside_a_tagged_union_names_the_inner_field() {
    let studio = MockStudio::start().await;
    let body = r#"{"result":{"score":1,"urgency":1,"urgent":true,"kind":"person","tags":[],"note":"","action":{"type":"escalate","team":"ops","urgency":"soon"}}}"#;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], body);

    let error = once(&studio).run::<Triager>(&ticket()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        format!(
            "workflow triage (dep_triage): result.action.urgency: expected an integer, found \
             the string \"soon\" (tried: integer_from_string); body: {body}"
        )
    );
}

#[tokio::test]
async fn the_key_never_shows_in_repairs_or_their_errors() {
    let (studio, client) = secret_mock().await;
    studio.on::<Triager>().respond_json(|_| {
        json!({
            "score": SECRET_KEY, "urgency": 1, "urgent": true, "kind": "person",
            "tags": SECRET_KEY, "note": ""
        })
    });

    let error = client.run::<Triager>(&ticket()).await.unwrap_err();
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("SECRET"), "{shown}");
    assert!(
        error
            .to_string()
            .contains("expected a number, found the string \"<redacted>\""),
        "{error}"
    );

    studio.on::<Triager>().respond_json(|_| {
        json!({
            "score": 1, "urgency": 1, "urgent": true, "kind": "person",
            "tags": SECRET_KEY, "note": ""
        })
    });
    let detailed = client.run::<Triager>(&ticket()).detailed().await.unwrap();
    assert_eq!(detailed.output.tags, [SECRET_KEY]);
    assert_eq!(detailed.repairs[0].before, "\"<redacted>\"");
}

#[tokio::test]
async fn run_json_returns_the_result_as_it_came() {
    let studio = MockStudio::start().await;
    studio.on::<Triager>().respond_json(|_| llm_answer());

    let result = once(&studio)
        .run_json("dep_triage", json!({ "text": "x" }))
        .await
        .unwrap();

    assert_eq!(result, llm_answer());
}

#[tokio::test]
async fn respond_json_checks_the_input_like_respond() {
    let studio = MockStudio::start().await;
    studio
        .on::<Triager>()
        .respond_json(|ticket| json!({ "echo": ticket.text }));

    let error = once(&studio)
        .run_json("dep_triage", json!({ "txt": "x" }))
        .await
        .unwrap_err();

    assert_eq!(
        error.to_string(),
        "deployment dep_triage: server answered 400 Bad Request; body: {\"error\":\"input does \
         not fit workflow triage: missing field `text`\"}"
    );
}

/// Records each event as `LEVEL target message field=value ...`.
#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<String>>>,
}

struct Line(String);

impl Visit for Line {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        match field.name() {
            "message" => self.0.push_str(&format!(" {value:?}:")),
            // `%` fields show their Display, others their Debug.
            name => self.0.push_str(&format!(" {name}={value:?}")),
        }
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let metadata = event.metadata();
        if metadata.target() != "workflow_runtime::repair" {
            return;
        }
        let mut line = Line(format!("{} {}", metadata.level(), metadata.target()));
        event.record(&mut line);
        self.events.lock().unwrap().push(line.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

// In a child process, alone: tracing caches per call site whether anyone listens.
#[test]
fn every_repair_is_a_warn_event_with_the_path_and_the_rule() {
    if in_child(
        "repair::every_repair_is_a_warn_event_with_the_path_and_the_rule",
        &[],
    ) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(traced_repairs());
    }
}

async fn traced_repairs() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], STRING_SCORE);
    let client = once(&studio);

    client.run::<Triager>(&ticket()).await.unwrap();
    assert_eq!(
        *recorder.events.lock().unwrap(),
        [
            "WARN workflow_runtime::repair repaired the result: workflow=\"triage\" \
             deployment_id=\"dep_triage\" path=result.score rule=\"number_from_string\" \
             before=\"0.9\""
        ]
    );

    // A result that fits: no event.
    recorder.events.lock().unwrap().clear();
    studio.on_deployment("dep_triage").respond_raw(
        200,
        &[],
        r#"{"result":{"score":1,"urgency":4,"urgent":true,"kind":"person","tags":[],"note":""}}"#,
    );
    client.run::<Triager>(&ticket()).await.unwrap();
    assert_eq!(*recorder.events.lock().unwrap(), Vec::<String>::new());

    // Many repairs: ten events, then one that sums up the rest.
    let tags: Vec<String> = (0..12).map(|index| format!("\"{index}\"")).collect();
    let body = format!(
        r#"{{"result":{{"score":1,"urgency":4,"urgent":true,"kind":"person","tags":[],"note":"","entities":[{}]}}}}"#,
        tags.iter()
            .map(|_| r#"{"name":"x","kind":"Person"}"#)
            .collect::<Vec<_>>()
            .join(",")
    );
    studio
        .on_deployment("dep_triage")
        .respond_raw(200, &[], body);
    let detailed = client.run::<Triager>(&ticket()).detailed().await.unwrap();
    assert_eq!(detailed.repairs.len(), 12);
    let events = recorder.events.lock().unwrap().clone();
    assert_eq!(events.len(), 11, "{events:#?}");
    assert_eq!(
        events[9],
        "WARN workflow_runtime::repair repaired the result: workflow=\"triage\" \
         deployment_id=\"dep_triage\" path=result.entities[9].kind rule=\"enum_case\" \
         before=\"Person\""
    );
    assert_eq!(
        events[10],
        "WARN workflow_runtime::repair more repairs of the result, not logged one by one: \
         workflow=\"triage\" deployment_id=\"dep_triage\" more=2 total=12"
    );
}
