//! Every construct of issue 4's coverage list and the naming rules, through `workflow!`:
//! tests/suite/schemas/coverage.json and tests/suite/schemas/names.json, whose examples must round-trip.

use serde_json::json;
use workflow_runtime::Workflow;

use crate::roundtrip::examples_round_trip;

workflow_runtime::workflow!("schemas/coverage.json");
workflow_runtime::workflow!("schemas/names.json");
workflow_runtime::workflow!("schemas/free-form.json");
workflow_runtime::workflow!("schemas/merged-refs.json");
workflow_runtime::workflow!("schemas/conditionals.json");
workflow_runtime::workflow!("schemas/shared-defs.json");
workflow_runtime::workflow!("schemas/nullable-root.json");

/// A root that may also be `null`: the input is its object (the input travels as one; the
/// `null` alternative is never sent); the result is `Option<OutputObject>`, `None` for a
/// `null` result, against the emulator too.
#[tokio::test]
async fn a_root_that_may_be_null_is_the_object_for_inputs_and_an_option_for_results() {
    use nullable_root::{Input, NullableRoot, Output, OutputObject};
    use workflow_runtime::testing::MockStudio;

    examples_round_trip::<NullableRoot>();
    let none: Output = serde_json::from_value(json!(null)).expect("decodes");
    assert_eq!(none, None);
    let some: Output = serde_json::from_value(json!({"text": "yes"})).expect("decodes");
    assert_eq!(
        some,
        Some(OutputObject {
            text: "yes".into(),
            score: None
        })
    );

    let studio = MockStudio::start().await;
    studio.on_deployment("dep_1").respond_raw(
        200,
        &[("content-type", "application/json")],
        r#"{"result": null}"#,
    );
    let input = Input { query: "q".into() };
    let output = nullable_root::run(&studio.client(), &input)
        .deployment("dep_1")
        .await
        .expect("a null result is a valid answer");
    assert_eq!(output, None);
}

/// `$ref`s into files next to the workflow file (`shared/common.json#/$defs/Entity`, a whole
/// `shared/kinds.json`, and a ref inside common.json to kinds.json next to it): the types
/// come from those files, and the embedded schemas carry them, self-contained.
#[test]
fn references_into_other_files_give_their_types_and_embed_them() {
    use shared_defs::{Entity, EntityKind, Output, SharedDefs};

    examples_round_trip::<SharedDefs>();
    let output: Output = serde_json::from_value(json!({
        "entities": [],
        "owner": {"id": "0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f", "name": "Ada", "kind": "place"}
    }))
    .expect("decodes");
    assert_eq!(
        output.owner,
        Some(Entity {
            id: "0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f".into(),
            name: "Ada".into(),
            kind: Some(EntityKind::Place),
        })
    );
    let schema: serde_json::Value =
        serde_json::from_str(SharedDefs::INPUT_SCHEMA.expect("schema")).expect("JSON");
    assert!(
        !schema.to_string().contains(".json"),
        "self-contained: {schema}"
    );
    assert_eq!(
        schema["$defs"]["kinds"]["enum"],
        json!(["person", "place", "thing"])
    );
    let check = |input: serde_json::Value| {
        workflow_runtime::__private::check_input(SharedDefs::INPUT_SCHEMA.expect("schema"), &input)
            .expect("compiles")
            .len()
    };
    assert_eq!(
        check(
            json!({"text": "t", "page": {"size": 5, "after": "0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f"}})
        ),
        0
    );
    assert_eq!(
        check(json!({"text": "t", "page": {"size": 500, "after": "x"}, "only": "robot"})),
        3
    );
}

/// `if`/`then`/`else`, `dependentSchemas` and draft-07 `dependencies`: the properties they
/// name are optional fields (dropped when they do not fit while the object leaves them
/// open); the conditions stay in the embedded schema and are validated.
#[test]
fn conditional_schemas_give_optional_fields_and_stay_validated() {
    use conditionals::{Conditionals, Input, Kind, Output};

    examples_round_trip::<Conditionals>();
    let output: Output = serde_json::from_value(json!({
        "kind": "bank", "iban": "DE89", "bic": "COBADEFF", "card_number": 42
    }))
    .expect("decodes");
    assert_eq!(output.kind, Kind::Bank);
    assert_eq!(output.bic.as_deref(), Some("COBADEFF"));
    // Valid: with `kind: bank`, `then` does not apply and `card_number` may be anything: it
    // is not a string, so the field is `None` and the value is kept as it came.
    assert_eq!(output.card_number, None);
    assert_eq!(output.unfit.get("card_number"), Some(&json!(42)));
    assert_eq!(
        serde_json::to_value(&output).expect("encodes"),
        json!({"kind": "bank", "iban": "DE89", "bic": "COBADEFF", "card_number": 42})
    );

    let check = |input: &serde_json::Value| {
        workflow_runtime::__private::check_input(Conditionals::INPUT_SCHEMA.expect("schema"), input)
            .expect("compiles")
            .into_iter()
            .map(|violation| violation.pointer)
            .collect::<Vec<_>>()
    };
    let input = Input {
        country: "FR".into(),
        amount: Some(12.5),
        currency: Some("EUR".into()),
        unfit: Default::default(),
    };
    let sent = serde_json::to_value(&input).expect("encodes");
    assert_eq!(
        sent,
        json!({"country": "FR", "amount": 12.5, "currency": "EUR"})
    );
    assert_eq!(check(&sent), Vec::<String>::new());
    // `amount` makes `currency` required, and `country` makes `amount` required.
    assert_eq!(check(&json!({"country": "FR", "amount": 1})), [""]);
    assert_eq!(check(&json!({"country": "FR"})), [""]);
    assert_eq!(
        check(&json!({"country": "FR", "amount": 1, "currency": "EURO"})),
        ["/currency"]
    );
}

#[test]
fn free_form_workflows_are_transparent_newtypes() {
    use workflow_runtime::serde_json::{Map, Value, json};

    examples_round_trip::<free_form::FreeForm>();
    let mut members = Map::new();
    members.insert("anything".into(), json!([1, "two"]));
    let input = free_form::Input(members);
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({"anything": [1, "two"]})
    );
    let output: free_form::Output =
        serde_json::from_value(json!(["any", "json"])).expect("decodes");
    assert_eq!(Value::from(output), json!(["any", "json"]));
}

#[test]
fn references_with_keywords_next_to_them_merge_both_even_when_recursive() {
    examples_round_trip::<merged_refs::MergedRefs>();
    // `{"$ref": Node, "required": ["label"]}` inside Node itself: a struct with Node's fields
    // and `label` required, all the way down (it once became `struct Next(Box<Next>)`).
    let tree: merged_refs::Tree = serde_json::from_value(json!({
        "label": "a",
        "next": {"label": "b", "next": {"label": "c"}},
    }))
    .expect("decodes");
    assert_eq!(tree.label, "a");
    let next = tree.next.expect("a next node");
    assert_eq!(next.label, "b");
    let last = (*next.next).clone().expect("a last node");
    assert_eq!(last.label, "c");
    assert!(last.next.is_none());
    // `label` is required wherever the reference says so.
    let error = serde_json::from_value::<merged_refs::Tree>(json!({"next": {"label": "b"}}))
        .expect_err("label is required");
    assert_eq!(error.to_string(), "missing field `label`");
    // The sibling `properties` add a field to Node's: `tag` required, `label` optional.
    let tagged: merged_refs::Tagged = serde_json::from_value(json!({"tag": "t"})).expect("decodes");
    assert_eq!((tagged.tag.as_str(), tagged.label), ("t", None));
}

#[test]
fn coverage_examples_round_trip_exactly() {
    examples_round_trip::<coverage::Coverage>();
}

#[test]
fn names_examples_round_trip_exactly() {
    examples_round_trip::<odd_names_v2::OddNamesV2>();
}

#[test]
fn constructs_get_the_expected_types() {
    use coverage::{IdOrName, Kind, Shape};

    let output: coverage::Output =
        serde_json::from_value(coverage::EXAMPLES[0].result_json()).expect("example decodes");
    // int64 beyond 2^53 stays exact.
    assert_eq!(output.big, 9_007_199_254_740_993);
    // Colliding enum values get distinct variants and keep their JSON.
    assert_eq!(output.kind, Kind::Foo2);
    assert_eq!(Kind::Foo2.as_str(), "Foo");
    assert_eq!("FOO".parse::<Kind>().expect("known value"), Kind::Foo3);
    assert_eq!(Kind::ALL.len(), 6);
    assert_eq!(
        serde_json::to_value(Kind::Self2).expect("serializes"),
        json!("Self")
    );
    // Tagged unions by their tag, untagged by shape.
    assert_eq!(
        output.shape,
        Shape::Rect {
            width: 2.0,
            height: 3.0
        }
    );
    assert_eq!(output.id_or_name, Some(IdOrName::String("ada".into())));
    // Overlapping anyOf objects keep every field.
    let partial = output.partial.as_ref().expect("present");
    assert_eq!((partial.a.as_deref(), partial.b), (Some("x"), Some(2)));
    // allOf merges, pydantic's documented refs stay the referenced type.
    let merged = output.merged.as_ref().expect("present");
    assert_eq!((merged.name.as_str(), merged.weight), ("m", Some(0.5)));
    assert_eq!(
        output.pydantic.as_ref().map(|leaf| leaf.name.as_str()),
        Some("p")
    );
    // Recursion through `definitions`.
    let tree = output.tree.as_ref().expect("present");
    assert_eq!(tree.children.as_ref().map(Vec::len), Some(1));
    // A closed tuple is a tuple; maps keep their members.
    assert_eq!(output.pair, Some(("a".to_string(), 1)));
    assert_eq!(output.scores.as_ref().map(|scores| scores["b"]), Some(2.0));
    // Formats stay text, exactly as sent.
    assert_eq!(
        output.created.as_deref(),
        Some("2024-01-02T03:04:05.120+02:00")
    );

    let minimal: coverage::Output =
        serde_json::from_value(coverage::EXAMPLES[1].result_json()).expect("example decodes");
    assert_eq!(minimal.big, i64::MIN);
    assert_eq!(minimal.id_or_name, Some(IdOrName::Integer(42)));
    assert_eq!(minimal.items, []);
    // Optional fields are None when absent and left out again.
    assert_eq!(minimal.created, None);
    let back = serde_json::to_value(&minimal).expect("serializes");
    assert!(back.get("created").is_none() && back.get("tags").is_none());
}

#[test]
fn optional_input_fields_are_left_out() {
    let input = coverage::Input {
        text: "t".into(),
        limit: None,
        tags: Some(vec![]),
        mode: Some(coverage::Mode::Thorough),
    };
    // Absent and empty stay distinct.
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({"text": "t", "tags": [], "mode": "thorough"})
    );
}

#[test]
fn property_names_follow_the_documented_rules() {
    use odd_names_v2::{
        BoxType, InputType, OddNamesV2, OddNamesV2Type, OptionType, Output, OutputType, ResultType,
        StringType, VecType,
    };

    // Every field spelled out: a rename in the naming rules breaks this at compile time.
    let output = Output {
        camel_case_2: Some("1".into()),
        camel_case: Some("2".into()),
        camel_case_3: Some("3".into()),
        self_: Some("4".into()),
        self_2: Some("5".into()),
        field: Some("6".into()),
        field_2: Some("7".into()),
        field_3: Some("8".into()),
        _2nd_place: Some("9".into()),
        _2nd_place_2: Some("10".into()),
        type_: Some("11".into()),
        crate_: Some("12".into()),
        super_: Some("13".into()),
        async_: Some("14".into()),
        unicode: Some("15".into()),
        ri_ben_yu: Some("16".into()),
        extra: Some("17".into()),
        input: Some(InputType { a: Some(1) }),
        result: Some(ResultType::Ok),
        option: Some(OptionType { o: Some(1) }),
        string: Some(StringType {
            s: Some("s".into()),
        }),
        boxed: Some(BoxType { b: Some(1) }),
        vec: Some(VecType { v: Some(1) }),
        titled: Some(OutputType { x: Some(1) }),
        collide: Some(OddNamesV2Type { y: Some(2) }),
        extra_2: [("unknown_member".to_string(), 42)].into_iter().collect(),
    };
    let expected = OddNamesV2::EXAMPLES[0].result_json();
    assert_eq!(serde_json::to_value(&output).expect("serializes"), expected);
    // Fields keep the schema's order.
    let text = serde_json::to_string(&output).expect("serializes");
    assert!(
        text.starts_with(r#"{"camelCase":"1","camel_case":"2","CamelCase":"3","self":"4""#),
        "{text}"
    );

    let input = odd_names_v2::Input {
        type_: Some("t".into()),
        match_: None,
    };
    assert_eq!(
        serde_json::to_value(&input).expect("serializes"),
        json!({"type": "t"})
    );
}
