//! What generated workflows check before sending (`Workflow::INPUT_CHECKS`): the input schema
//! less what the Rust types enforce (workflow-codegen's `checks.rs`; the corpus's check (f)
//! tests that both always agree).

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Serialize, Serializer};
use serde_json::{Value, json};
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{ErrorKind, Workflow};

workflow_runtime::workflow!("../../schemas/car.json");
workflow_runtime::workflow!("schemas/proven.json");

fn parsed(text: Option<&str>) -> Option<Value> {
    text.map(|text| serde_json::from_str(text).expect("generated schemas are JSON"))
}

#[test]
fn car_checks_only_its_min_length() {
    assert_eq!(
        parsed(car::Car::INPUT_CHECKS),
        Some(json!({"properties": {"prompt": {"minLength": 1}}}))
    );
    // The whole schema is still there, for tools.
    assert_eq!(
        parsed(car::Car::INPUT_SCHEMA),
        Some(json!({
            "type": "object",
            "required": ["prompt"],
            "properties": {"prompt": {"type": "string", "minLength": 1}}
        }))
    );
}

#[test]
fn a_schema_the_types_enforce_whole_carries_no_check() {
    assert_eq!(proven::Proven::INPUT_CHECKS, None);
    assert!(proven::Proven::INPUT_SCHEMA.is_some());
}

#[tokio::test]
async fn what_is_left_is_still_refused_where_it_is() {
    let studio = MockStudio::start().await;
    studio.on::<car::Car>().examples();
    let error = car::run(
        &studio.client(),
        &car::Input {
            prompt: String::new(),
        },
    )
    .await
    .expect_err("an empty prompt is refused before sending");
    let ErrorKind::InvalidInput { violations, .. } = error.kind() else {
        panic!("expected InvalidInput, got {error}");
    };
    let found: Vec<(String, String)> = violations
        .iter()
        .map(|violation| (violation.pointer.clone(), violation.message.clone()))
        .collect();
    assert_eq!(
        found,
        vec![(
            "/prompt".to_string(),
            r#""" is shorter than 1 character"#.to_string()
        )]
    );
    assert!(studio.requests().is_empty(), "nothing was sent");
}

/// Counts how often the runtime serializes it.
struct Counted<'a>(&'a AtomicUsize);

impl Serialize for Counted<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.fetch_add(1, Ordering::SeqCst);
        json!({"prompt": "hi"}).serialize(serializer)
    }
}

struct Unchecked;
struct Checked;

impl Workflow for Unchecked {
    type Input = Counted<'static>;
    type Output = Value;
    const NAME: &'static str = "counted";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_counted");
    const INPUT_SCHEMA: Option<&'static str> = Some(r#"{"type": "object"}"#);
    const INPUT_CHECKS: Option<&'static str> = None;
}

impl Workflow for Checked {
    type Input = Counted<'static>;
    type Output = Value;
    const NAME: &'static str = "counted";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_counted");
    const INPUT_SCHEMA: Option<&'static str> = Some(r#"{"type": "object"}"#);
}

#[tokio::test]
async fn without_checks_the_input_is_serialized_once() {
    static UNCHECKED: AtomicUsize = AtomicUsize::new(0);
    static CHECKED: AtomicUsize = AtomicUsize::new(0);
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_counted")
        .respond(|_| json!({"ok": true}));
    let client = studio.client();
    let answer = client
        .run::<Unchecked>(&Counted(&UNCHECKED))
        .await
        .expect("the run succeeds");
    assert_eq!(answer, json!({"ok": true}));
    assert_eq!(UNCHECKED.load(Ordering::SeqCst), 1, "only the body");
    client
        .run::<Checked>(&Counted(&CHECKED))
        .await
        .expect("the run succeeds");
    // The default `INPUT_CHECKS` is the whole schema: serialized for the check, then the body.
    assert_eq!(CHECKED.load(Ordering::SeqCst), 2, "the check and the body");
}

#[test]
fn formats_the_codegen_drops_are_not_asserted() {
    // Every format a specification or the jsonschema crate knows, and a few that none does.
    let formats = [
        "date",
        "date-time",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "password",
        "phone",
    ];
    let asserted = workflow_codegen::__private::ASSERTED_FORMATS;
    for format in formats {
        let schema: &'static str = Box::leak(
            json!({"type": "string", "format": format})
                .to_string()
                .into_boxed_str(),
        );
        let violations =
            workflow_runtime::__private::check_input(schema, &json!("\\ not [a] value ("))
                .expect("the schema compiles");
        assert_eq!(
            !violations.is_empty(),
            asserted.contains(&format),
            "the runtime {} format {format:?}, the codegen's ASSERTED_FORMATS {}",
            if violations.is_empty() {
                "does not assert"
            } else {
                "asserts"
            },
            if asserted.contains(&format) {
                "lists it"
            } else {
                "does not"
            },
        );
    }
    for format in asserted {
        assert!(formats.contains(format), "{format} is tried above");
    }
}
