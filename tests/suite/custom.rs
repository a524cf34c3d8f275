//! Customized generated code, used as a user would: extra derives, the user's own types,
//! renames, constructors, typed formats and kept unknown fields, each from a workflow file's
//! `x-rust` section or the macro's arguments; every example of each file round-trips.

use std::collections::{BTreeSet, HashSet};

use serde_json::{Value, json};
use workflow_runtime::ErrorKind;
use workflow_runtime::testing::MockStudio;

use crate::roundtrip::examples_round_trip;

/// The user's own types that `custom-replace.json` puts in place of generated ones (`pub`, as
/// the generated `pub type` aliases name them).
#[allow(unreachable_pub)]
pub mod types {
    use serde::{Deserialize, Serialize};

    /// A sum of money, as the user's crate models it.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct Money {
        pub amount: String,
        pub currency: String,
    }

    /// A time stamp kept as the user's crate likes (here: the text itself).
    #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(transparent)]
    pub struct Stamp(pub String);

    /// A point, named by the schema's `x-rust-type` extension.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub struct Point {
        pub x: i64,
        pub y: i64,
    }
}

workflow_runtime::workflow!("schemas/custom-derives.json");
workflow_runtime::workflow!("schemas/custom-replace.json");
workflow_runtime::workflow!("schemas/custom-rename.json");
workflow_runtime::workflow!("schemas/custom-unknown-fields.json");
workflow_runtime::workflow!("schemas/custom-formats-chrono.json");
workflow_runtime::workflow!("schemas/custom-formats-time.json");
// The macro's arguments override the file's section, key by key.
workflow_runtime::workflow!(
    "schemas/custom-rename.json",
    module = renamed_again,
    rename = { "#/result/properties/kind" = Genre },
    derives = [Eq, Hash]
);

#[test]
fn every_customized_example_round_trips() {
    examples_round_trip::<custom_derives::CustomDerives>();
    examples_round_trip::<custom_replace::CustomReplace>();
    examples_round_trip::<custom_rename::CustomRename>();
    examples_round_trip::<custom_unknown_fields::CustomUnknownFields>();
    examples_round_trip::<custom_formats_chrono::CustomFormatsChrono>();
    examples_round_trip::<custom_formats_time::CustomFormatsTime>();
}

#[test]
fn derives_apply_where_they_can() {
    use custom_derives::{Input, Size, Tag};
    let input = Input::new("bike")
        .with_tags(vec![Tag::Used])
        .with_size(Size::new().with_width(3));
    // Eq + Hash and Ord on the input.
    let set: HashSet<Input> = [input.clone(), input.clone()].into_iter().collect();
    assert_eq!(set.len(), 1);
    let ordered: BTreeSet<Input> = [input.clone(), Input::new("apple")].into_iter().collect();
    assert_eq!(
        ordered
            .iter()
            .map(|input| input.query.as_str())
            .collect::<Vec<_>>(),
        ["apple", "bike"]
    );
    // Copy, asked for `Size` alone.
    let size = Size::new().with_height(2);
    let copied = size;
    assert_eq!(size, copied);
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({"query": "bike", "tags": ["used"], "size": {"width": 3}})
    );
}

#[test]
fn constructors_take_required_fields_and_setters_the_rest() {
    let input = custom_rename::Input::new("It rained.");
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({"text": "It rained."})
    );
    // A struct whose fields are all optional has `Default` (and `new()`).
    let size = custom_derives::Size::default();
    assert_eq!(size, custom_derives::Size::new());
    assert_eq!(serde_json::to_value(size).expect("serializes"), json!({}));
}

#[test]
fn renamed_types_carry_their_new_names() {
    let output: custom_rename::Output = serde_json::from_value(json!({
        "kind": "opinion", "entities": [{"name": "x"}]
    }))
    .expect("decodes");
    assert_eq!(output.kind, custom_rename::Category::Opinion);
    assert_eq!(
        output.entities,
        Some(vec![custom_rename::Entity { name: "x".into() }])
    );
    // The macro's rename wins over the file's for the same key; the file's other entry stays.
    let again: renamed_again::Output =
        serde_json::from_value(json!({"kind": "news"})).expect("decodes");
    assert_eq!(again.kind, renamed_again::Genre::News);
    let _entity: Option<renamed_again::Entity> = None;
    let set: HashSet<renamed_again::Input> = [renamed_again::Input::new("a")].into();
    assert_eq!(set.len(), 1);
}

#[tokio::test]
async fn a_replaced_type_is_used_and_its_json_still_checked() {
    use custom_replace::{CustomReplace, Input};
    use types::{Money, Point};
    let money = |amount: &str, currency: &str| Money {
        amount: amount.into(),
        currency: currency.into(),
    };
    // A plain string schema replaced by name, and one by its own `x-rust-type`.
    let input = Input::new(money("12.50", "EUR"))
        .with_near(Point { x: 1, y: 2 })
        .with_since(types::Stamp("2024-05-01T09:30:00Z".into()))
        .with_from(std::net::Ipv4Addr::new(10, 0, 0, 1));
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({
            "budget": {"amount": "12.50", "currency": "EUR"}, "near": {"x": 1, "y": 2},
            "since": "2024-05-01T09:30:00Z", "from": "10.0.0.1"
        })
    );
    let studio = MockStudio::start().await;
    studio.on::<CustomReplace>().examples();
    let output = custom_replace::run(&studio.client(), &input)
        .await
        .expect("the example answers");
    assert_eq!(output.offers, vec![money("11.99", "EUR")]);
    // The user's type may give JSON the schema refuses: the input check still sees it all.
    let error = custom_replace::run(&studio.client(), &Input::new(money("twelve", "EURO")))
        .await
        .expect_err("refused before sending");
    let ErrorKind::InvalidInput { violations, .. } = error.kind() else {
        panic!("expected InvalidInput, got {error}");
    };
    let mut found: Vec<String> = violations
        .iter()
        .map(|violation| violation.pointer.clone())
        .collect();
    found.sort();
    assert_eq!(found, ["/budget/amount", "/budget/currency"]);
    assert_eq!(studio.requests().len(), 1, "only the valid input was sent");
}

#[test]
fn kept_unknown_fields_re_encode_exactly() {
    let received = json!({
        "summary": "short", "model": "m-1", "usage": {"tokens": 12},
        "source": {"url": "https://example.com"}
    });
    let output: custom_unknown_fields::Output =
        serde_json::from_value(received.clone()).expect("decodes");
    assert_eq!(
        output.extra.get("usage"),
        Some(&json!({"tokens": 12})),
        "undeclared members are kept"
    );
    assert_eq!(serde_json::to_value(&output).expect("serializes"), received);
    // The struct variants of a tagged union keep theirs too (the tag is not among them).
    let tagged =
        json!({"summary": "s", "action": {"type": "send", "to": "ops", "priority": "high"}});
    let sending: custom_unknown_fields::Output =
        serde_json::from_value(tagged.clone()).expect("decodes");
    let Some(custom_unknown_fields::Action::Send { to, extra, .. }) = &sending.action else {
        panic!("decoded as {:?}", sending.action);
    };
    assert_eq!((to.as_str(), extra.len()), ("ops", 1));
    assert_eq!(extra.get("priority"), Some(&json!("high")));
    assert_eq!(serde_json::to_value(&sending).expect("serializes"), tagged);
    let waiting = json!({"summary": "s", "action": {"type": "wait", "until": "noon"}});
    let decoded: custom_unknown_fields::Output =
        serde_json::from_value(waiting.clone()).expect("decodes");
    assert_eq!(serde_json::to_value(&decoded).expect("serializes"), waiting);
    // A closed object has nothing to keep, and no `extra` field.
    let source = custom_unknown_fields::Source {
        url: Some("https://example.com".into()),
    };
    assert_eq!(output.source, Some(source));
}

#[test]
fn chrono_formats_parse_and_normalise() {
    use custom_formats_chrono::{EventsItem, Input, Output};
    let input: Input = serde_json::from_value(json!({
        "after": "2024-05-01T09:30:00.000Z",
        "day": "2024-05-01",
        "request_id": "67E55044-10B1-426F-9247-BB680E5FE0C8",
        "links": ["HTTPS://Example.com"]
    }))
    .expect("decodes");
    assert_eq!(input.after.to_rfc3339(), "2024-05-01T09:30:00+00:00");
    assert_eq!(
        input.day.map(|day| day.to_string()),
        Some("2024-05-01".into())
    );
    // The documented normalisations: fractional zeros, letter case, a URL's trailing slash.
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({
            "after": "2024-05-01T09:30:00Z",
            "day": "2024-05-01",
            "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "links": ["https://example.com/"]
        })
    );
    let output: Output = serde_json::from_value(json!({
        "events": [{"at": "2024-05-01T10:00:00+02:00", "ends": null, "on": "2024-05-02"}]
    }))
    .expect("decodes");
    let EventsItem { at, ends, on, .. } = &output.events[0];
    assert_eq!(at.offset().local_minus_utc(), 7200);
    assert_eq!(*ends, None);
    assert_eq!(on.map(|day| day.to_string()), Some("2024-05-02".into()));
    let error = serde_json::from_value::<Output>(json!({"events": [{"at": "yesterday"}]}))
        .expect_err("not a date-time");
    assert!(
        error
            .to_string()
            .contains("input contains invalid characters"),
        "{error}"
    );
}

#[test]
fn time_formats_parse_and_normalise() {
    use custom_formats_time::{Input, Output};
    let input: Input = serde_json::from_value(json!({
        "after": "2024-05-01T09:30:00.000Z",
        "day": "2024-05-01",
        "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8"
    }))
    .expect("decodes");
    assert_eq!(input.after.unix_timestamp(), 1_714_555_800);
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({
            "after": "2024-05-01T09:30:00Z",
            "day": "2024-05-01",
            "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8"
        })
    );
    let output: Output = serde_json::from_value(json!({
        "events": [{"at": "2024-05-01T10:00:00+02:00", "on": null}]
    }))
    .expect("decodes");
    assert_eq!(output.events[0].at.offset().whole_hours(), 2);
    assert_eq!(output.events[0].on, None);
    // `on` is optional: a `null` is left out, as for any optional field.
    assert_eq!(
        serde_json::to_value(&output).expect("serializes"),
        json!({"events": [{"at": "2024-05-01T10:00:00+02:00"}]})
    );
}

/// What a typed value is worth to the input check: the JSON it gives is still checked.
#[tokio::test]
async fn typed_inputs_are_sent_as_the_schema_says() {
    let studio = MockStudio::start().await;
    studio
        .on::<custom_formats_chrono::CustomFormatsChrono>()
        .examples();
    let input: custom_formats_chrono::Input = serde_json::from_value(json!({
        "after": "2024-05-01T09:30:00Z",
        "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8"
    }))
    .expect("decodes");
    let _ = custom_formats_chrono::run(&studio.client(), &input).await;
    let sent: Vec<Value> = studio
        .requests()
        .iter()
        .filter_map(|request| request.json.as_ref().map(|body| body["input"].clone()))
        .collect();
    assert_eq!(
        sent,
        [
            json!({"after": "2024-05-01T09:30:00Z", "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8"})
        ]
    );
}
