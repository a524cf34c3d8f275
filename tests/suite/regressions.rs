//! Issue 12's defects, each reproduced with the schema that showed it (real-world schemas
//! and exports from pydantic, zod and OpenAI's strict helper), under
//! tests/suite/schemas/regressions/.

use serde_json::json;

workflow_runtime::workflow!("schemas/regressions/array-into-struct.json");

/// Defect 1: serde's derived decoder takes a JSON array for a struct, field by field.
#[test]
fn a_json_array_never_decodes_into_a_struct() {
    use array_into_struct::{Output, Ref, T};

    // In an untagged union, the array is the array variant, not `Ref` filled by position.
    let output: Output =
        serde_json::from_value(json!({"t": ["number", "string"]})).expect("decodes");
    assert_eq!(
        output.t,
        Some(T::Array(vec!["number".into(), "string".into()]))
    );
    let output: Output = serde_json::from_value(json!({"t": {"name": "n"}})).expect("decodes");
    assert!(matches!(output.t, Some(T::Ref(Ref { ref name, module: None })) if name == "n"));

    // A plain struct field, the root, and a tagged enum refuse arrays outright.
    let error = serde_json::from_value::<Output>(json!({"plain": ["m", "n"]})).expect_err("array");
    assert_eq!(
        error.to_string(),
        "invalid type: sequence, expected struct Ref"
    );
    let error = serde_json::from_value::<Output>(json!([null, null, null])).expect_err("array");
    assert_eq!(
        error.to_string(),
        "invalid type: sequence, expected struct Output"
    );
    let error = serde_json::from_str::<Output>(r#"{"action": ["escalate", "billing"]}"#)
        .expect_err("array");
    assert!(
        error
            .to_string()
            .starts_with("invalid type: sequence, expected adjacently tagged enum Action"),
        "{error}"
    );
    // Objects still decode, from text as from values.
    let output: Output = serde_json::from_str(
        r#"{"plain": {"name": "n"}, "action": {"type": "escalate", "team": "billing"}}"#,
    )
    .expect("decodes");
    assert_eq!(output.plain.expect("plain").name, "n");
}

workflow_runtime::workflow!("schemas/regressions/closed-unions.json");
workflow_runtime::workflow!("schemas/regressions/merged-unions.json");
workflow_runtime::workflow!("schemas/regressions/null-definition.json");

/// What the runtime's input check says about `value` (the check `run` makes before sending).
fn input_violations<W: workflow_runtime::Workflow>(value: &serde_json::Value) -> Vec<String> {
    let schema = W::INPUT_SCHEMA.expect("generated workflows carry their input schema");
    workflow_runtime::__private::check_input(schema, value)
        .expect("the input schema compiles")
        .into_iter()
        .map(|violation| violation.to_string())
        .collect()
}

/// Whether `value` is valid for the result schema, by the jsonschema crate.
fn result_is_valid<W: workflow_runtime::Workflow>(value: &serde_json::Value) -> bool {
    let schema: serde_json::Value =
        serde_json::from_str(W::RESULT_SCHEMA.expect("result schema")).expect("JSON");
    jsonschema::validator_for(&schema)
        .expect("the result schema compiles")
        .is_valid(value)
}

/// Defect 2: a `oneOf` of closed objects decoded into the first variant serde could fill,
/// dropping the members the right variant declares.
#[test]
fn a_closed_union_variant_refuses_members_it_does_not_declare() {
    use closed_unions::{ClosedUnions, Output, ServiceBus};

    let v2 = json!({"extensions": {"serviceBus": {
        "prefetchCount": 10,
        "messageHandlerOptions": {"maxConcurrentCalls": 16, "autoComplete": true},
        "sessionHandlerOptions": {"maxConcurrentSessions": 8},
        "batchOptions": {"maxMessageCount": 100}
    }}});
    assert!(result_is_valid::<ClosedUnions>(&v2));
    let output: Output = serde_json::from_value(v2.clone()).expect("decodes");
    let bus = output.extensions.clone().and_then(|e| e.service_bus);
    let Some(ServiceBus::V2(bus)) = bus else {
        panic!("decoded into the wrong variant: {bus:?}");
    };
    assert_eq!(
        bus.batch_options.and_then(|b| b.max_message_count),
        Some(100)
    );
    assert_eq!(serde_json::to_value(&output).expect("encodes"), v2);

    let v5 = json!({"extensions": {"serviceBus": {"prefetchCount": 10, "maxConcurrentCalls": 16}}});
    let output: Output = serde_json::from_value(v5.clone()).expect("decodes");
    assert!(matches!(
        output
            .extensions
            .as_ref()
            .and_then(|e| e.service_bus.as_ref()),
        Some(ServiceBus::V5(_))
    ));
    assert_eq!(serde_json::to_value(&output).expect("encodes"), v5);

    // An object neither variant declares fits neither.
    let error = serde_json::from_value::<Output>(
        json!({"extensions": {"serviceBus": {"maxConcurrentCalls": 1, "batchOptions": {}}}}),
    )
    .expect_err("no variant declares both");
    assert_eq!(
        error.to_string(),
        "data did not match any variant of untagged enum ServiceBus"
    );

    // As an input, the value sent is the one the schema's own oneOf accepts.
    let input: closed_unions::Input =
        serde_json::from_value(json!({"serviceBus": v2["extensions"]["serviceBus"]}))
            .expect("decodes");
    let sent = serde_json::to_value(&input).expect("encodes");
    assert_eq!(sent, json!({"serviceBus": v2["extensions"]["serviceBus"]}));
    assert_eq!(
        input_violations::<ClosedUnions>(&sent),
        Vec::<String>::new()
    );
}

/// Defect 3: a struct merged from a union refused a value valid for one of its branches,
/// and a required nullable member of an OpenAI-strict export was left out when `None`.
#[test]
fn merged_unions_keep_every_valid_value_and_required_nullables_are_sent_as_null() {
    use merged_unions::{
        Both, Contact, EmailContact, Input, Loose, MergedUnions, Output, PhoneContact,
    };

    // `b` is open in the first branch, so `[[]]` is valid there: the field is `None` rather
    // than failing the object, and the value is kept in `unfit`, so it encodes back as it came.
    for loose in [
        json!({"loose": {"a": "x", "b": [[]]}}),
        json!({"loose": {"a": "x", "b": "y"}}),
    ] {
        assert!(result_is_valid::<MergedUnions>(&loose));
        let output: Output = serde_json::from_value(loose.clone()).expect("decodes");
        let decoded = output.loose.clone().expect("loose");
        assert_eq!((decoded.a.as_deref(), decoded.b), (Some("x"), None));
        assert_eq!(decoded.unfit.get("b"), Some(&loose["loose"]["b"]));
        assert_eq!(serde_json::to_value(&output).expect("encodes"), loose);
        // From text too, where keys and values stream.
        let text: Output = serde_json::from_str(&loose.to_string()).expect("decodes");
        assert_eq!(text, output);
    }
    let output: Output =
        serde_json::from_value(json!({"loose": {"a": "x", "b": 2}})).expect("decodes");
    let decoded = output.loose.expect("loose");
    assert_eq!((decoded.b, decoded.unfit.len()), (Some(2), 0));
    // A field given a value wins over what decoding kept for it: each key is written once.
    let mut decoded: Loose = serde_json::from_value(json!({"a": "x", "b": [[]]})).expect("decodes");
    decoded.b = Some(3);
    assert_eq!(
        serde_json::to_string(&decoded).expect("encodes"),
        r#"{"a":"x","b":3}"#
    );

    // Closed variants that no value can match at once stay an enum.
    let output: Output = serde_json::from_value(json!({
        "contact": {"email": "a@b.c"},
        "both": {"phone": "1", "note": null}
    }))
    .expect("decodes");
    assert_eq!(
        output.contact,
        Some(Contact::EmailContact(EmailContact {
            email: "a@b.c".into()
        }))
    );
    assert!(matches!(output.both, Some(Both::Phone(_))));

    // The required nullable `extension` is sent as `null`, and the input check agrees.
    let input = Input {
        contact: Contact::PhoneContact(PhoneContact {
            phone: "123".into(),
            extension: None,
        }),
    };
    let sent = serde_json::to_value(&input).expect("encodes");
    assert_eq!(
        sent,
        json!({"contact": {"phone": "123", "extension": null}})
    );
    assert_eq!(
        input_violations::<MergedUnions>(&sent),
        Vec::<String>::new()
    );
    // pydantic's own dump of the same value decodes back to it.
    let back: Input = serde_json::from_value(sent).expect("decodes");
    assert_eq!(back, input);
}

/// Defect 6: a `oneOf` of a `$ref` to `{"type": "null"}` and an object gave "two generated
/// types are both named Rule"; it is `Option<Rule>`, as with the null written inline.
#[test]
fn a_reference_to_a_null_definition_makes_the_union_optional() {
    use null_definition::{Output, Rule};

    let output: Output = serde_json::from_value(json!({"rule": {"on": true}})).expect("decodes");
    assert_eq!(output.rule, Some(Rule { on: Some(true) }));
    let output: Output = serde_json::from_value(json!({"rule": null})).expect("decodes");
    assert_eq!(output.rule, None);
}

workflow_runtime::workflow!("schemas/regressions/keyword-properties.json");
workflow_runtime::workflow!("schemas/regressions/openapi-3-0.json");

/// Defect 4: stripping annotations from the embedded schemas removed `properties.$schema`
/// while `required: ["$schema"]` stayed, so every valid input was refused.
#[test]
fn properties_named_like_keywords_stay_in_the_embedded_schemas() {
    use keyword_properties::{Input, KeywordProperties};
    use workflow_runtime::Workflow;

    let sent = json!({
        "$schema": "x", "a": "y", "title": "t", "description": "d", "default": 1,
        "examples": ["e"], "$comment": "c", "$id": "i", "$anchor": "n", "nullable": true
    });
    let input: Input = serde_json::from_value(sent.clone()).expect("decodes");
    assert_eq!(input.schema, "x");
    assert_eq!(serde_json::to_value(&input).expect("encodes"), sent);
    assert_eq!(
        input_violations::<KeywordProperties>(&sent),
        Vec::<String>::new()
    );
    let minimal = json!({"$schema": "x", "a": "y"});
    assert_eq!(
        input_violations::<KeywordProperties>(&minimal),
        Vec::<String>::new()
    );

    // Values are not schemas: a `const` or `default` holding `$ref`, `$id` or `title` is kept.
    let result: serde_json::Value =
        serde_json::from_str(KeywordProperties::RESULT_SCHEMA.expect("schema")).expect("JSON");
    let constant = json!({"$ref": "#/not/a/reference", "$id": "kept", "title": "kept"});
    assert_eq!(result["properties"]["config"]["const"], constant);
    assert_eq!(result["properties"]["config"]["default"], constant);
}

/// Defect 7: with OpenAPI 3.0's `nullable: true` the field was an `Option` but the input
/// check refused `null`; a boolean `exclusiveMinimum` was refused at the schema's root.
#[test]
fn the_openapi_3_0_dialect_reads_as_json_schema() {
    use openapi_3_0::{Input, Openapi30, Output, Tag};

    let input = Input {
        name: None,
        score: 0.5,
        tag: None,
        kind: None,
        count: None,
    };
    let sent = serde_json::to_value(&input).expect("encodes");
    assert_eq!(sent, json!({"name": null, "score": 0.5, "tag": null}));
    assert_eq!(input_violations::<Openapi30>(&sent), Vec::<String>::new());
    let nulls = json!({"name": null, "score": 0.5, "tag": null, "kind": null, "count": null});
    assert_eq!(input_violations::<Openapi30>(&nulls), Vec::<String>::new());

    // `minimum: 0` with `exclusiveMinimum: true` excludes 0; `exclusiveMaximum: false` keeps 1.
    let bounds = |score: f64| {
        input_violations::<Openapi30>(
            &json!({"name": "Ada", "score": score, "tag": {"label": "l"}}),
        )
    };
    assert_eq!(bounds(1.0), Vec::<String>::new());
    assert_eq!(
        bounds(0.0),
        ["/score: 0.0 is less than or equal to the minimum of 0"]
    );

    let output: Output = serde_json::from_value(json!({"tag": null})).expect("decodes");
    assert_eq!(output.tag, None);
    let output: Output = serde_json::from_value(json!({"tag": {"label": "l"}})).expect("decodes");
    assert_eq!(output.tag, Some(Tag { label: "l".into() }));
}

workflow_runtime::workflow!("schemas/tricky-text.json");

/// Defect 5: a `\r` in a description passed `workflow check` and failed to compile ("bare CR
/// not allowed in doc-comment"). tests/suite/schemas/tricky-text.json holds every kind of text
/// that can break a doc comment or a literal (`\r`, NUL, escape and text-direction characters,
/// `*/`, quotes, fences); it compiles through the macro here and pretty-printed as a golden
/// file, and its texts reach the wire unchanged.
#[test]
fn texts_that_break_doc_comments_or_literals_compile_and_stay_exact() {
    use tricky_text::{Mood, TrickyText};
    use workflow_runtime::Workflow;

    crate::roundtrip::examples_round_trip::<TrickyText>();
    assert_eq!(Mood::ALL.len(), 6);
    assert_eq!(Mood::Bidi.as_str(), "bidi\u{202e}");
    assert_eq!("nul\0".parse::<Mood>().ok(), Some(Mood::Nul));
    assert_eq!(
        serde_json::to_value(Mood::Happy).expect("encodes"),
        json!("happy\r")
    );
    assert_eq!(TrickyText::DEPLOYMENT_ID, Some("dep_`tick`\r\u{202e}"));
    let schema: serde_json::Value =
        serde_json::from_str(TrickyText::INPUT_SCHEMA.expect("schema")).expect("JSON");
    assert!(
        schema["properties"].get("line\rbreak").is_some(),
        "{schema}"
    );
}

workflow_runtime::workflow!("schemas/regressions/const-null.json");

/// Defect 9: an optional `const: null` property that was absent came back as `"n": null`.
#[test]
fn an_absent_null_only_property_stays_absent() {
    use const_null::Output;

    let output: Output = serde_json::from_value(json!({"required_null": null})).expect("decodes");
    assert_eq!(
        serde_json::to_value(&output).expect("encodes"),
        json!({"required_null": null})
    );
    // A null it held is an optional null: left out, like any other.
    let output: Output =
        serde_json::from_value(json!({"n": null, "m": null, "t": null, "required_null": null}))
            .expect("decodes");
    assert_eq!(output.n, None);
    assert_eq!(
        serde_json::to_value(&output).expect("encodes"),
        json!({"required_null": null})
    );
    let error = serde_json::from_value::<Output>(json!({"n": 1, "required_null": null}))
        .expect_err("only null");
    assert_eq!(
        error.to_string(),
        "invalid type: integer `1`, expected unit"
    );
}

workflow_runtime::workflow!("schemas/regressions/pydantic-formats.json");

/// Defect 8: pydantic's `datetime.time` exports `format: time` and dumps `"09:30:00"`
/// without an offset, which the input check refused. The examples are pydantic 2.13's own
/// dumps (`model_dump_json`) of the exported model.
#[test]
fn the_input_check_accepts_what_the_producer_library_dumps() {
    use pydantic_formats::PydanticFormats;
    use workflow_runtime::Workflow;

    for example in PydanticFormats::EXAMPLES {
        let dumped = example.input_json();
        assert_eq!(
            input_violations::<PydanticFormats>(&dumped),
            Vec::<String>::new(),
            "{dumped}"
        );
    }
    crate::roundtrip::examples_round_trip::<PydanticFormats>();
    let mut wrong = PydanticFormats::EXAMPLES[0].input_json();
    wrong["at"] = json!("9.30am");
    wrong["on"] = json!("2024-02-30");
    let violations = input_violations::<PydanticFormats>(&wrong);
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations[0].starts_with("/at: "), "{violations:?}");
    assert!(violations[1].starts_with("/on: "), "{violations:?}");
}

workflow_runtime::workflow!("schemas/regressions/catalogue-findings.json");

/// What running the SchemaStore corpus through the generator found, each reduced to its
/// shape: a `$ref` whose sibling keywords repeat its target's is the plain reference
/// (renovate: each of 60 managers had been a full copy of the 278-field config, 8.8 MB of
/// code), a constant that is not a union's tag is an enum named here, not by typify (snapcraft:
/// "two generated types are both named ...Grade"), an `allOf` of unions is the union of their
/// pairs and a union of constraints only adds nothing (gitlab-ci, libman), and a `false`
/// property wins over a declared one (buildkite).
#[test]
fn catalogue_shapes_get_their_types() {
    use catalogue_findings::{CatalogueFindings, Output};

    let value = json!({
        "name": "top",
        "nested": {"name": "inner", "nested": {"name": "innermost"}},
        "project": {"base": "core", "grade": "devel", "size": 2},
        "job": {"script": ["make"], "stage": "build"},
        "library": {"library": "jquery", "provider": "cdnjs", "defaultDestination": "lib"},
        "checkout": {"depth": 1}
    });
    assert!(result_is_valid::<CatalogueFindings>(&value));
    let output: Output = serde_json::from_value(value.clone()).expect("decodes");
    let nested: &Output = output.nested.as_deref().expect("nested");
    assert_eq!(nested.name.as_deref(), Some("inner"));
    assert_eq!(serde_json::to_value(&output).expect("encodes"), value);
    // The sibling `properties: {"ssh_secret": false}` leaves no field for it.
    let checkout = serde_json::to_value(output.checkout.expect("checkout")).expect("encodes");
    assert_eq!(checkout, json!({"depth": 1}));
    let with_secret: Output =
        serde_json::from_value(json!({"checkout": {"depth": 1, "ssh_secret": "s"}}))
            .expect("decodes, dropping the member that must not appear");
    assert_eq!(
        serde_json::to_value(with_secret).expect("encodes"),
        json!({"checkout": {"depth": 1}})
    );
}
