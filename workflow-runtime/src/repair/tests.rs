//! One test per rule and per schema type, the values that must stay as they are, and the
//! messages of what cannot be repaired.

use serde::Deserialize;
use serde_json::{Value, json};

use super::walk::{self, Failure};
use super::*;

/// The value after repairs, and each repair as it displays.
fn repaired(schema: &Value, mut value: Value) -> (Value, Vec<String>) {
    let repairs = repair(&mut value, schema);
    (value, repairs.iter().map(ToString::to_string).collect())
}

/// The failures the walk recorded (rules tried that could not fix a value).
fn failures(schema: &Value, value: Value) -> Vec<Failure> {
    let text = serde_json::to_vec(&value).unwrap();
    walk::walk_text(
        &Schema::compile(schema),
        "result",
        "",
        &text,
        walk::Walk::Everything,
        None,
    )
    .failures
}

fn fits(schema: &Value, value: &Value) -> bool {
    walk::fits_text(
        &Schema::compile(schema),
        &serde_json::to_vec(value).unwrap(),
    )
}

fn object_of(properties: Value) -> Value {
    json!({ "type": "object", "properties": properties })
}

#[test]
fn an_array_inside_a_string_is_parsed_where_an_array_is_wanted() {
    let schema = object_of(json!({
        "entities": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" } } } }
    }));
    let (value, repairs) = repaired(&schema, json!({ "entities": "[{\"name\": \"Ada\"}]" }));
    assert_eq!(value, json!({ "entities": [{ "name": "Ada" }] }));
    assert_eq!(
        repairs,
        [r#"result.entities: JSON from string ("[{\"name\": \"Ada\"}]")"#]
    );
}

#[test]
fn an_object_inside_a_string_is_parsed_where_an_object_is_wanted() {
    let schema = object_of(json!({ "meta": object_of(json!({ "n": { "type": "integer" } })) }));
    let (value, repairs) = repaired(&schema, json!({ "meta": " {\"n\": 1}\n" }));
    assert_eq!(value, json!({ "meta": { "n": 1 } }));
    assert_eq!(
        repairs,
        [r#"result.meta: JSON from string (" {\"n\": 1}\n")"#]
    );
}

#[test]
fn json_in_a_markdown_fence_is_parsed() {
    let schema = object_of(json!({ "meta": { "type": "object" } }));
    for fenced in [
        "```json\n{\"n\": 1}\n```",
        "```\n{\"n\": 1}\n```",
        "Here you go:\n```JSON\n{\"n\": 1}\n```\nAnything else?",
    ] {
        let (value, repairs) = repaired(&schema, json!({ "meta": fenced }));
        assert_eq!(value, json!({ "meta": { "n": 1 } }), "{fenced:?}");
        assert_eq!(repairs.len(), 1);
        assert!(
            repairs[0].starts_with("result.meta: JSON from Markdown fence (\""),
            "{repairs:?}"
        );
    }
}

#[test]
fn json_in_prose_is_the_first_balanced_value_that_fits() {
    let schema = object_of(json!({
        "meta": object_of(json!({ "name": { "type": "string" } }))
    }));
    let prose = "Sure! [1] is the source. {\"name\": \"Ada {the first}\"} Hope this helps.";
    let (value, repairs) = repaired(&schema, json!({ "meta": prose }));
    assert_eq!(value, json!({ "meta": { "name": "Ada {the first}" } }));
    assert_eq!(
        repairs,
        [
            r#"result.meta: JSON from surrounding text ("Sure! [1] is the source. {\"name\": \"Ada {the first}\"} Hope this helps.")"#
        ]
    );
}

#[test]
fn a_bracket_in_prose_that_does_not_fit_is_not_taken_for_json() {
    // "[1]" is an array, but not of strings: the text is a single tag.
    let schema = object_of(json!({ "tags": { "type": "array", "items": { "type": "string" } } }));
    let (value, repairs) = repaired(&schema, json!({ "tags": "see [1]" }));
    assert_eq!(value, json!({ "tags": ["see [1]"] }));
    assert_eq!(
        repairs,
        [r#"result.tags: array from single value ("see [1]")"#]
    );
}

#[test]
fn numbers_as_strings_become_numbers() {
    let schema = object_of(json!({ "score": { "type": "number" } }));
    for (text, number) in [
        (" 0.9 ", json!(0.9)),
        ("42", json!(42)),
        ("-1e3", json!(-1000.0)),
    ] {
        let (value, repairs) = repaired(&schema, json!({ "score": text }));
        assert_eq!(value, json!({ "score": number }), "{text:?}");
        assert_eq!(
            repairs,
            [format!(
                "result.score: number from string ({})",
                json!(text)
            )]
        );
    }
}

#[test]
fn integers_as_strings_become_integers() {
    let schema = object_of(json!({ "count": { "type": "integer" } }));
    for (text, integer) in [("42", json!(42)), (" -7 ", json!(-7)), ("3.0", json!(3))] {
        let (value, repairs) = repaired(&schema, json!({ "count": text }));
        assert_eq!(value, json!({ "count": integer }), "{text:?}");
        assert_eq!(
            repairs,
            [format!(
                "result.count: integer from string ({})",
                json!(text)
            )]
        );
    }
}

#[test]
fn whole_floats_become_integers() {
    let schema = object_of(json!({ "count": { "type": "integer" } }));
    let (value, repairs) = repaired(&schema, json!({ "count": 3.0 }));
    assert_eq!(value, json!({ "count": 3 }));
    assert!(value["count"].is_u64());
    assert_eq!(repairs, ["result.count: integer from whole float (3.0)"]);
    let (value, _) = repaired(&schema, json!({ "count": -12.0 }));
    assert!(value["count"].is_i64());
    assert_eq!(value, json!({ "count": -12 }));
}

#[test]
fn booleans_as_strings_become_booleans() {
    let schema = object_of(json!({ "urgent": { "type": "boolean" } }));
    for (text, boolean) in [("true", true), ("True", true), (" FALSE\n", false)] {
        let (value, repairs) = repaired(&schema, json!({ "urgent": text }));
        assert_eq!(value, json!({ "urgent": boolean }), "{text:?}");
        assert_eq!(
            repairs,
            [format!(
                "result.urgent: boolean from string ({})",
                json!(text)
            )]
        );
    }
}

#[test]
fn a_single_value_becomes_an_array_of_it_and_is_repaired_as_an_item() {
    let schema = object_of(json!({
        "tags": { "type": "array", "items": { "type": "string" } },
        "counts": { "type": "array", "items": { "type": "integer" } },
        "people": { "type": "array", "items": object_of(json!({ "name": { "type": "string" } })) }
    }));
    let (value, repairs) = repaired(
        &schema,
        json!({ "tags": "urgent", "counts": "5", "people": { "name": "Ada" } }),
    );
    assert_eq!(
        value,
        json!({ "tags": ["urgent"], "counts": [5], "people": [{ "name": "Ada" }] })
    );
    assert_eq!(
        repairs,
        [
            r#"result.counts: array from single value ("5")"#,
            r#"result.counts[0]: integer from string ("5")"#,
            r#"result.people: array from single value ({"name":"Ada"})"#,
            r#"result.tags: array from single value ("urgent")"#,
        ]
    );
}

#[test]
fn an_array_inside_a_string_wins_over_wrapping_the_string() {
    let schema = object_of(json!({ "tags": { "type": "array", "items": { "type": "string" } } }));
    let (value, repairs) = repaired(&schema, json!({ "tags": "[\"a\", \"b\"]" }));
    assert_eq!(value, json!({ "tags": ["a", "b"] }));
    assert_eq!(repairs.len(), 1);
    // An object where an array of objects is wanted: wrapped, then parsed as the item.
    let schema = object_of(json!({ "people": { "type": "array", "items": { "type": "object" } } }));
    let (value, repairs) = repaired(&schema, json!({ "people": "{\"name\": \"Ada\"}" }));
    assert_eq!(value, json!({ "people": [{ "name": "Ada" }] }));
    assert_eq!(
        repairs,
        [
            r#"result.people: array from single value ("{\"name\": \"Ada\"}")"#,
            r#"result.people[0]: JSON from string ("{\"name\": \"Ada\"}")"#,
        ]
    );
}

#[test]
fn enum_values_are_matched_ignoring_case_and_whitespace() {
    let schema = object_of(json!({
        "kind": { "type": "string", "enum": ["person", "organization", "place"] },
        "tier": { "const": "pro" }
    }));
    let (value, repairs) = repaired(&schema, json!({ "kind": " Person", "tier": "PRO " }));
    assert_eq!(value, json!({ "kind": "person", "tier": "pro" }));
    assert_eq!(
        repairs,
        [
            r#"result.kind: enum value by case and whitespace (" Person")"#,
            r#"result.tier: enum value by case and whitespace ("PRO ")"#,
        ]
    );
}

#[test]
fn an_enum_of_numbers_takes_numbers_as_strings() {
    let schema = object_of(json!({ "stars": { "enum": [1, 2, 3] } }));
    let (value, repairs) = repaired(&schema, json!({ "stars": "2" }));
    assert_eq!(value, json!({ "stars": 2 }));
    assert_eq!(repairs, [r#"result.stars: integer from string ("2")"#]);
}

#[test]
fn nested_objects_and_array_items_are_repaired_at_any_depth() {
    let schema = object_of(json!({
        "entities": {
            "type": "array",
            "items": object_of(json!({
                "kind": { "enum": ["person", "place"] },
                "mentions": { "type": "array", "items": object_of(json!({ "start": { "type": "integer" } })) }
            }))
        }
    }));
    let (value, repairs) = repaired(
        &schema,
        json!({ "entities": [
            { "kind": "person", "mentions": [{ "start": 0 }] },
            { "kind": "Place", "mentions": [{ "start": "4" }, { "start": 9.0 }] }
        ] }),
    );
    assert_eq!(
        value,
        json!({ "entities": [
            { "kind": "person", "mentions": [{ "start": 0 }] },
            { "kind": "place", "mentions": [{ "start": 4 }, { "start": 9 }] }
        ] })
    );
    assert_eq!(
        repairs,
        [
            r#"result.entities[1].kind: enum value by case and whitespace ("Place")"#,
            r#"result.entities[1].mentions[0].start: integer from string ("4")"#,
            "result.entities[1].mentions[1].start: integer from whole float (9.0)",
        ]
    );
}

#[test]
fn map_values_are_repaired_through_additional_properties() {
    let schema = json!({ "type": "object", "additionalProperties": { "type": "number" } });
    let (value, repairs) = repaired(&schema, json!({ "ada": "0.5", "bob": 1 }));
    assert_eq!(value, json!({ "ada": 0.5, "bob": 1 }));
    assert_eq!(repairs, [r#"result.ada: number from string ("0.5")"#]);
}

#[test]
fn map_values_are_repaired_through_a_single_pattern() {
    let schema = json!({
        "type": "object",
        "properties": { "name": { "type": "string" } },
        "patternProperties": { "^x-": { "type": "boolean" } },
        "additionalProperties": false
    });
    let (value, repairs) = repaired(&schema, json!({ "name": "42", "x-flag": "true" }));
    assert_eq!(value, json!({ "name": "42", "x-flag": true }));
    assert_eq!(repairs, [r#"result.x-flag: boolean from string ("true")"#]);
    // Several patterns: which one a key matches is not known here, so nothing is touched.
    let schema = json!({
        "type": "object",
        "patternProperties": { "^a": { "type": "boolean" }, "^b": { "type": "integer" } },
        "additionalProperties": false
    });
    let (value, repairs) = repaired(&schema, json!({ "a1": "true" }));
    assert_eq!(value, json!({ "a1": "true" }));
    assert!(repairs.is_empty());
}

#[test]
fn refs_are_followed_percent_encoded_and_recursive() {
    let schema = json!({
        "$ref": "#/$defs/Node%20Type",
        "$defs": {
            "Node Type": object_of(json!({
                "weight": { "type": "number" },
                "children": { "type": "array", "items": { "$ref": "#/$defs/Node%20Type" } }
            }))
        }
    });
    let (value, repairs) = repaired(
        &schema,
        json!({ "weight": 1, "children": [{ "weight": "2", "children": [{ "weight": "3.5" }] }] }),
    );
    assert_eq!(
        value,
        json!({ "weight": 1, "children": [{ "weight": 2, "children": [{ "weight": 3.5 }] }] })
    );
    assert_eq!(
        repairs,
        // Members by name: `children` before `weight`.
        [
            r#"result.children[0].children[0].weight: number from string ("3.5")"#,
            r#"result.children[0].weight: number from string ("2")"#,
        ]
    );
}

#[test]
fn the_root_is_a_ref_target_too() {
    let schema = object_of(json!({
        "n": { "type": "integer" },
        "next": { "anyOf": [{ "$ref": "#" }, { "type": "null" }] }
    }));
    let (value, repairs) = repaired(
        &schema,
        json!({ "n": "1", "next": { "n": "2", "next": null } }),
    );
    assert_eq!(value, json!({ "n": 1, "next": { "n": 2, "next": null } }));
    assert_eq!(repairs.len(), 2);
}

#[test]
fn ref_cycles_that_make_no_progress_end() {
    for schema in [
        json!({ "$ref": "#" }),
        json!({ "allOf": [{ "$ref": "#" }], "type": "integer" }),
        json!({ "anyOf": [{ "$ref": "#/$defs/a" }, { "type": "integer" }], "$defs": { "a": { "$ref": "#" } } }),
    ] {
        let (value, _) = repaired(&schema, json!("5"));
        assert!(
            value == json!("5") || value == json!(5),
            "{schema}: {value}"
        );
    }
}

#[test]
fn every_all_of_member_is_applied() {
    let schema = json!({
        "allOf": [
            object_of(json!({ "a": { "type": "integer" } })),
            { "$ref": "#/$defs/B" }
        ],
        "$defs": { "B": object_of(json!({ "b": { "type": "boolean" } })) }
    });
    let (value, repairs) = repaired(&schema, json!({ "a": "1", "b": "false" }));
    assert_eq!(value, json!({ "a": 1, "b": false }));
    assert_eq!(repairs.len(), 2);
}

fn action_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "action": {
                "oneOf": [
                    { "type": "object", "required": ["type", "draft"], "properties": { "type": { "const": "reply" }, "draft": { "type": "string" } } },
                    { "$ref": "#/$defs/Escalate" },
                    { "type": "object", "required": ["type"], "properties": { "type": { "const": "close" } } }
                ]
            }
        },
        "$defs": {
            "Escalate": {
                "type": "object",
                "required": ["type", "team"],
                "properties": {
                    "type": { "const": "escalate" },
                    "team": { "enum": ["billing", "engineering"] },
                    "urgency": { "type": "integer" }
                }
            }
        }
    })
}

#[test]
fn one_of_variants_are_chosen_by_their_tag() {
    let (value, repairs) = repaired(
        &action_schema(),
        json!({ "action": { "type": "Escalate", "team": " Billing", "urgency": "4" } }),
    );
    assert_eq!(
        value,
        json!({ "action": { "type": "escalate", "team": "billing", "urgency": 4 } })
    );
    assert_eq!(
        repairs,
        [
            r#"result.action.team: enum value by case and whitespace (" Billing")"#,
            r#"result.action.type: enum value by case and whitespace ("Escalate")"#,
            r#"result.action.urgency: integer from string ("4")"#,
        ]
    );
}

#[test]
fn a_tagged_variant_inside_a_string_is_found_by_its_tag() {
    let (value, repairs) = repaired(
        &action_schema(),
        json!({ "action": "```json\n{\"type\": \"close\"}\n```" }),
    );
    assert_eq!(value, json!({ "action": { "type": "close" } }));
    assert_eq!(repairs.len(), 1);
    assert!(
        repairs[0].starts_with("result.action: JSON from Markdown fence"),
        "{repairs:?}"
    );
}

#[test]
fn untagged_unions_take_the_first_variant_that_fits_once_repaired() {
    let schema = object_of(json!({
        "answer": { "anyOf": [{ "type": "integer" }, { "type": "boolean" }, { "type": "string" }] }
    }));
    // A string fits the third variant as it is: nothing to repair.
    let (value, repairs) = repaired(&schema, json!({ "answer": "true" }));
    assert_eq!(value, json!({ "answer": "true" }));
    assert!(repairs.is_empty());

    let schema = object_of(json!({
        "answer": { "oneOf": [{ "type": "integer" }, { "type": "boolean" }] }
    }));
    let (value, repairs) = repaired(&schema, json!({ "answer": "true" }));
    assert_eq!(value, json!({ "answer": true }));
    assert_eq!(repairs, [r#"result.answer: boolean from string ("true")"#]);
}

#[test]
fn nullable_types_accept_null_and_repair_the_rest() {
    let schema = object_of(json!({
        "a": { "type": ["integer", "null"] },
        "b": { "anyOf": [{ "$ref": "#/$defs/N" }, { "type": "null" }] },
        "c": { "type": ["integer", "null"] }
    }));
    let schema = {
        let mut schema = schema;
        schema["$defs"] = json!({ "N": { "type": "number" } });
        schema
    };
    let (value, repairs) = repaired(&schema, json!({ "a": "4", "b": " 1.5", "c": null }));
    assert_eq!(value, json!({ "a": 4, "b": 1.5, "c": null }));
    assert_eq!(repairs.len(), 2);
}

#[test]
fn draft_07_schemas_with_definitions_and_positional_items() {
    let schema = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "type": "object",
        "properties": {
            "pair": { "type": "array", "items": [{ "type": "integer" }, { "$ref": "#/definitions/flag" }] }
        },
        "definitions": { "flag": { "type": "boolean" } }
    });
    let (value, repairs) = repaired(&schema, json!({ "pair": ["1", "True"] }));
    assert_eq!(value, json!({ "pair": [1, true] }));
    assert_eq!(repairs.len(), 2);
}

#[test]
fn a_string_field_keeps_its_text_even_when_it_holds_json() {
    let schema = object_of(json!({
        "note": { "type": "string" },
        "count": { "type": "string" },
        "free": {},
        "anything": true
    }));
    let value = json!({
        "note": "{\"a\": 1}",
        "count": " 42 ",
        "free": "[1, 2]",
        "anything": "true"
    });
    let (after, repairs) = repaired(&schema, value.clone());
    assert_eq!(after, value);
    assert!(repairs.is_empty());
}

#[test]
fn what_the_rules_cannot_fix_is_left_as_it_is_with_the_rule_tried() {
    let schema = object_of(json!({
        "score": { "type": "number" },
        "count": { "type": "integer" },
        "big": { "type": "integer" },
        "urgent": { "type": "boolean" },
        "kind": { "enum": ["person", "place"] },
        "meta": { "type": "object" },
        "tags": { "type": "array", "items": { "type": "string" } }
    }));
    let value = json!({
        "score": "high",
        "count": 3.5,
        "big": 1e20,
        "urgent": "yes",
        "kind": "human",
        "meta": "no metadata",
        "tags": { "a": 1 }
    });
    let (after, repairs) = repaired(&schema, value.clone());
    assert_eq!(after, value);
    assert!(repairs.is_empty());
    let failures: Vec<String> = failures(&schema, value)
        .iter()
        .map(|failure| {
            format!(
                "{}: {}{}",
                failure.path,
                failure.message,
                Tried(failure.tried)
            )
        })
        .collect();
    assert_eq!(
        failures,
        [
            "result.big: expected an integer, found 1e+20 (tried: integer_from_float)",
            "result.count: expected an integer, found 3.5 (tried: integer_from_float)",
            r#"result.kind: expected one of "person", "place", found "human" (tried: enum_case)"#,
            r#"result.meta: expected an object, found the string "no metadata" (tried: json_from_string)"#,
            r#"result.score: expected a number, found the string "high" (tried: number_from_string)"#,
            "result.tags: expected an array, found an object (tried: array_from_single)",
            r#"result.urgent: expected a boolean, found the string "yes" (tried: boolean_from_string)"#,
        ]
    );
}

#[test]
fn an_enum_value_that_matches_several_loosely_is_not_guessed() {
    let schema = object_of(json!({ "code": { "enum": ["ab", "AB"] } }));
    let (value, repairs) = repaired(&schema, json!({ "code": "Ab" }));
    assert_eq!(value, json!({ "code": "Ab" }));
    assert!(repairs.is_empty());
}

#[test]
fn values_that_fit_are_never_touched() {
    let schema = action_schema();
    let value = json!({ "action": { "type": "escalate", "team": "billing", "urgency": 3 } });
    assert!(fits(&schema, &value));
    let (after, repairs) = repaired(&schema, value.clone());
    assert_eq!(after, value);
    assert!(repairs.is_empty());
}

#[test]
fn nested_unions_over_a_deep_value_stay_within_the_budget() {
    // Two variants that are both arrays of the union: every level tries both.
    let schema = json!({
        "anyOf": [
            { "type": "array", "items": { "$ref": "#" } },
            { "type": "array", "items": { "$ref": "#" } },
            { "type": "integer" }
        ]
    });
    let mut value = json!("x");
    for _ in 0..100 {
        value = json!([value]);
    }
    let started = std::time::Instant::now();
    let (_, repairs) = repaired(&schema, value);
    assert!(repairs.is_empty());
    // Bounded by the budget, not by 2^100; generous for a debug build on a busy machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
}

#[derive(Debug, Deserialize, PartialEq)]
struct Scored {
    score: f64,
    count: u32,
}

const SCORED: &str = r#"{
    "type": "object",
    "required": ["score", "count"],
    "properties": { "score": { "type": "number" }, "count": { "type": "integer" } }
}"#;

#[test]
fn decode_takes_the_fast_path_for_a_result_that_fits() {
    let decoded = decode::<Scored>(r#"{"score": 0.5, "count": 2}"#, SCORED, ResultMode::Repair);
    assert_eq!(
        decoded,
        Ok((
            Scored {
                score: 0.5,
                count: 2
            },
            Vec::new()
        ))
    );
}

#[test]
fn decode_repairs_in_repair_mode_and_fails_in_strict_mode() {
    let json = r#"{"score": "0.5", "count": 2.0}"#;
    let (scored, repairs) = decode::<Scored>(json, SCORED, ResultMode::Repair).unwrap();
    assert_eq!(
        scored,
        Scored {
            score: 0.5,
            count: 2
        }
    );
    assert_eq!(
        repairs,
        [
            Repair {
                path: "result.count".into(),
                rule: Rule::IntegerFromFloat,
                before: "2.0".into(),
            },
            Repair {
                path: "result.score".into(),
                rule: Rule::NumberFromString,
                before: "\"0.5\"".into(),
            },
        ]
    );
    let error = decode::<Scored>(json, SCORED, ResultMode::Strict).unwrap_err();
    assert_eq!(
        error.to_string(),
        "result.score: invalid type: string \"0.5\", expected f64 at line 1 column 15"
    );
    assert!(error.tried.is_empty());
}

#[test]
fn decode_names_the_field_and_the_rule_tried_when_repair_fails() {
    let error = decode::<Scored>(
        r#"{"score": "high", "count": 1}"#,
        SCORED,
        ResultMode::Repair,
    )
    .unwrap_err();
    assert_eq!(
        error,
        DecodeError {
            path: "result.score".into(),
            message: "expected a number, found the string \"high\"".into(),
            tried: Rule::NumberFromString.into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "result.score: expected a number, found the string \"high\" (tried: number_from_string)"
    );
    let error =
        decode::<Scored>(r#"{"score": 1, "count": 3.5}"#, SCORED, ResultMode::Repair).unwrap_err();
    assert_eq!(
        error.to_string(),
        "result.count: expected an integer, found 3.5 (tried: integer_from_float)"
    );
}

#[test]
fn decode_reports_what_no_rule_applies_to_as_serde_does() {
    // A missing field: nothing to repair, serde's message with its position in the text.
    let error = decode::<Scored>(r#"{"score": 1}"#, SCORED, ResultMode::Repair).unwrap_err();
    assert_eq!(
        error.to_string(),
        "result: missing field `count` at line 1 column 12"
    );
    // Not JSON at all: the text as a whole.
    let error = decode::<Scored>("oops", SCORED, ResultMode::Repair).unwrap_err();
    assert_eq!(error.path, "");
    assert_eq!(error.to_string(), "expected value at line 1 column 1");
    // One field repaired, another missing: the error is the remaining problem.
    let error = decode::<Scored>(r#"{"score": "1"}"#, SCORED, ResultMode::Repair).unwrap_err();
    assert_eq!(error.to_string(), "result: missing field `count`");
}

#[test]
fn decode_names_a_failure_inside_a_tagged_enum_that_serde_cannot_locate() {
    #[derive(Debug, Deserialize)]
    #[serde(tag = "type", rename_all = "lowercase")]
    #[allow(dead_code)]
    enum Action {
        Reply { draft: String },
        Escalate { team: Team, urgency: Option<u8> },
        Close,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "lowercase")]
    enum Team {
        Billing,
        Engineering,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Triage {
        action: Action,
    }
    let schema = action_schema().to_string();
    let json = r#"{"action": {"type": "Escalate", "team": "legal"}}"#;
    let error = decode::<Triage>(json, &schema, ResultMode::Repair).unwrap_err();
    assert_eq!(
        error.to_string(),
        "result.action.team: expected one of \"billing\", \"engineering\", found \"legal\" \
         (tried: enum_case)"
    );
}

#[test]
fn a_schema_that_is_not_json_repairs_nothing() {
    let error = decode::<Scored>(
        r#"{"score": "1", "count": 1}"#,
        "{not json",
        ResultMode::Repair,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "result.score: invalid type: string \"1\", expected f64 at line 1 column 13"
    );
}

#[test]
fn schemas_are_compiled_once_per_text() {
    let first = compiled(SCORED);
    let second = compiled(SCORED);
    assert!(Arc::ptr_eq(&first, &second));
}

#[test]
fn rules_have_stable_names_and_descriptions() {
    let rules = [
        (Rule::JsonFromString, "json_from_string", "JSON from string"),
        (
            Rule::JsonFromFence,
            "json_from_fence",
            "JSON from Markdown fence",
        ),
        (
            Rule::JsonFromText,
            "json_from_text",
            "JSON from surrounding text",
        ),
        (
            Rule::NumberFromString,
            "number_from_string",
            "number from string",
        ),
        (
            Rule::IntegerFromString,
            "integer_from_string",
            "integer from string",
        ),
        (
            Rule::IntegerFromFloat,
            "integer_from_float",
            "integer from whole float",
        ),
        (
            Rule::BooleanFromString,
            "boolean_from_string",
            "boolean from string",
        ),
        (
            Rule::ArrayFromSingle,
            "array_from_single",
            "array from single value",
        ),
        (
            Rule::EnumCase,
            "enum_case",
            "enum value by case and whitespace",
        ),
    ];
    for (rule, name, description) in rules {
        assert_eq!(rule.name(), name);
        assert_eq!(rule.to_string(), description);
    }
}

#[test]
fn the_default_mode_repairs() {
    assert_eq!(ResultMode::default(), ResultMode::Repair);
}

#[test]
fn rule_sets_list_their_rules_in_order() {
    let tried: Rules = [
        Rule::ArrayFromSingle,
        Rule::JsonFromString,
        Rule::ArrayFromSingle,
    ]
    .into_iter()
    .collect();
    assert_eq!(tried.len(), 2);
    assert_eq!(
        tried.iter().collect::<Vec<_>>(),
        [Rule::JsonFromString, Rule::ArrayFromSingle]
    );
    assert_eq!(format!("{tried:?}"), "{JsonFromString, ArrayFromSingle}");
    assert_eq!(
        Tried(tried).to_string(),
        " (tried: json_from_string, array_from_single)"
    );
    assert_eq!(Tried(Rules::new()).to_string(), "");
    assert!(!Rules::from(Rule::EnumCase).contains(Rule::JsonFromText));
}

#[derive(Debug, Deserialize, PartialEq)]
struct Lax {
    note: Option<String>,
    /// The schema says integer; this hand-written type takes any number.
    count: f64,
    score: f64,
}

const LAX: &str = r#"{
    "type": "object",
    "required": ["count", "score"],
    "properties": {
        "note": { "type": "string" },
        "count": { "type": "integer" },
        "score": { "type": "number" }
    }
}"#;

#[test]
fn null_for_an_optional_field_does_not_stop_the_repairs_after_it() {
    let (lax, repairs) = decode::<Lax>(
        r#"{"note": null, "count": 2, "score": "0.5"}"#,
        LAX,
        ResultMode::Repair,
    )
    .unwrap();
    assert_eq!(
        lax,
        Lax {
            note: None,
            count: 2.0,
            score: 0.5
        }
    );
    assert_eq!(repairs.len(), 1);
}

#[test]
fn a_type_laxer_than_its_schema_is_still_repaired_after_the_mismatch() {
    // `3.5` cannot be the schema's integer, but the type takes it: the decode judges, and the
    // rest is repaired as usual.
    let (lax, repairs) =
        decode::<Lax>(r#"{"count": 3.5, "score": "0.5"}"#, LAX, ResultMode::Repair).unwrap();
    assert_eq!(
        lax,
        Lax {
            note: None,
            count: 3.5,
            score: 0.5
        }
    );
    assert_eq!(repairs[0].rule, Rule::NumberFromString);
}

#[test]
fn a_value_no_rule_fixes_stops_the_walk_with_its_rule_named() {
    let error = decode::<Scored>(
        r#"{"score": "high", "count": "3"}"#,
        SCORED,
        ResultMode::Repair,
    )
    .unwrap_err();
    assert_eq!(
        error.to_string(),
        "result.score: expected a number, found the string \"high\" (tried: number_from_string)"
    );
}

#[test]
fn repairs_of_a_value_come_members_by_name_and_items_by_position() {
    let schema = json!({
        "type": "object",
        "properties": {
            "z": { "type": "number" },
            "a": { "type": "array", "items": { "type": "integer" } }
        }
    });
    let mut items: Vec<Value> = (0..12).map(|index| json!(index.to_string())).collect();
    items[2] = json!(2);
    let mut value = json!({ "z": "0.5", "a": items });
    let repairs: Vec<String> = repair(&mut value, &schema)
        .iter()
        .map(|repair| repair.path.clone())
        .collect();
    let mut expected: Vec<String> = [0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11]
        .iter()
        .map(|index| format!("result.a[{index}]"))
        .collect();
    expected.push("result.z".to_owned());
    assert_eq!(repairs, expected);
}
