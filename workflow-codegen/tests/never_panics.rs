//! The codegen library never panics, whatever it is fed, and the same input always gives the
//! same output: thousands of generated schema-like workflow files and arbitrary JSON.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use proptest::prelude::*;
use serde_json::{Map, Value, json};
use workflow_codegen::reader_from;
use workflow_codegen::{Diagnostics, Options, Source, generate, generate_str};

/// Property names that stress the naming rules.
fn property_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("type".to_string()),
        Just("self".to_string()),
        Just("Self".to_string()),
        Just("".to_string()),
        Just("_".to_string()),
        Just("-".to_string()),
        Just("camelCase".to_string()),
        Just("camel_case".to_string()),
        Just("2nd place".to_string()),
        Just("日本語".to_string()),
        Just("extra".to_string()),
        "[a-zA-Z_ @.-]{0,8}",
    ]
}

fn type_name() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("object")),
        Just(json!("array")),
        Just(json!("string")),
        Just(json!("number")),
        Just(json!("integer")),
        Just(json!("boolean")),
        Just(json!("null")),
        Just(json!(["string", "null"])),
        Just(json!(["integer", "string"])),
        Just(json!("strnig")),
        Just(json!(7)),
    ]
}

fn scalar() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        (-1e6f64..1e6).prop_map(|f| json!(f)),
        "[a-zA-Z -]{0,6}".prop_map(Value::String),
        Just(json!("foo")),
        Just(json!("Foo")),
        Just(json!("FOO")),
    ]
}

fn reference() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!("#/$defs/A")),
        Just(json!("#/$defs/B")),
        Just(json!("#/definitions/A")),
        Just(json!("#")),
        Just(json!("#/properties/a")),
        Just(json!("#anchor")),
        Just(json!("other.json#/$defs/A")),
        Just(json!("other.json")),
        Just(json!("sub/x.json#/$defs/B")),
        Just(json!("broken.json#/$defs/A")),
        Just(json!("missing.json")),
        Just(json!("../up.json#/a")),
        Just(json!("https://example.com/x.json#/$defs/A")),
        Just(json!("#/$defs/Missing")),
        Just(json!(42)),
    ]
}

/// Schema-like JSON: mostly real keywords with plausible values, sometimes nonsense.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        2 => Just(json!({})),
        1 => Just(json!(true)),
        1 => Just(json!(false)),
        6 => type_name().prop_map(|t| json!({"type": t})),
        3 => reference().prop_map(|r| json!({"$ref": r})),
        2 => prop::collection::vec(scalar(), 0..4).prop_map(|values| json!({"enum": values})),
        2 => scalar().prop_map(|value| json!({"const": value})),
        2 => Just(json!({"type": "string", "format": "date-time", "pattern": "^a", "maxLength": 3})),
        2 => Just(json!({"type": "integer", "minimum": 1, "format": "int64"})),
        1 => Just(json!({"description": "```\nlet x = 1;\n```\n    indented [link] <tag>"})),
        1 => "\\PC{0,12}[\r\u{0}\u{1b}\u{202e}\u{2066}]\\PC{0,12}".prop_map(|text| json!({"type": "string", "description": text, "title": text})),
        1 => "[\r\u{0}\u{202e}a-z`*/]{0,8}".prop_map(|text| json!({"enum": [text, "b"]})),
        1 => scalar(),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            6 => (
                prop::collection::vec((property_name(), inner.clone()), 0..5),
                prop::collection::vec(property_name(), 0..3),
                prop::option::of(inner.clone()),
            )
                .prop_map(|(properties, required, additional)| {
                    let mut schema = Map::new();
                    schema.insert("type".into(), json!("object"));
                    schema.insert(
                        "properties".into(),
                        Value::Object(properties.into_iter().collect()),
                    );
                    schema.insert("required".into(), json!(required));
                    if let Some(additional) = additional {
                        schema.insert("additionalProperties".into(), additional);
                    }
                    Value::Object(schema)
                }),
            3 => inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            2 => prop::collection::vec(inner.clone(), 0..4).prop_map(|all| json!({"allOf": all})),
            2 => prop::collection::vec(inner.clone(), 1..4).prop_map(|one| json!({"oneOf": one})),
            2 => prop::collection::vec(inner.clone(), 1..4).prop_map(|any| json!({"anyOf": any})),
            1 => prop::collection::vec(inner.clone(), 1..3)
                .prop_map(|items| json!({"prefixItems": items, "items": false})),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| json!({"if": a, "then": b})),
            2 => (inner.clone(), inner.clone(), inner.clone(), property_name()).prop_map(|(a, b, c, name)| {
                json!({"type": "object", "properties": {name.clone(): a.clone()},
                       "if": {"properties": {name: {"const": 1}}},
                       "then": {"properties": {"t": b}, "required": ["t"]},
                       "else": c})
            }),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| {
                json!({"allOf": [{"if": {"required": ["x"]}, "then": {"properties": {"y": a}}},
                                 {"if": {"required": ["y"]}, "then": b}]})
            }),
            1 => (property_name(), inner.clone()).prop_map(|(name, dependent)| {
                json!({"type": "object", "properties": {name.clone(): {}}, "dependentSchemas": {name.clone(): dependent.clone()},
                       "dependencies": {name.clone(): dependent, "other": [name]}})
            }),
            1 => inner.clone().prop_map(|schema| json!({"allOf": [schema], "nullable": true})),
            1 => (any::<bool>(), any::<bool>()).prop_map(|(min, max)| {
                json!({"type": "number", "minimum": 0, "exclusiveMinimum": min, "exclusiveMaximum": max, "nullable": min})
            }),
            1 => inner.clone().prop_map(|not| json!({"not": not})),
            2 => (property_name(), inner.clone())
                .prop_map(|(pattern, schema)| json!({"patternProperties": {pattern: schema}})),
            2 => (reference(), inner.clone()).prop_map(|(r, extra)| json!({"$ref": r, "properties": {"x": extra}})),
            2 => (prop::collection::vec(scalar(), 1..3), inner.clone())
                .prop_map(|(tags, body)| {
                    let variants: Vec<Value> = tags
                        .into_iter()
                        .map(|tag| json!({"type": "object", "required": ["kind"], "properties": {"kind": {"const": tag}, "body": body}}))
                        .collect();
                    json!({"oneOf": variants})
                }),
        ]
    })
}

/// A workflow file and the schema that the referenced file `other.json` holds.
fn workflow_file() -> impl Strategy<Value = (Value, Value)> {
    (workflow_body(), schema(), schema())
        .prop_map(|(file, a, b)| (file, json!({"$defs": {"A": a, "B": b}})))
}

fn workflow_body() -> impl Strategy<Value = Value> {
    (schema(), schema(), schema(), schema(), 0..5u8).prop_map(|(input, result, a, b, raw)| {
        // Mostly wrapped in objects, as real input/result schemas are.
        let (input, result) = if raw > 0 {
            (
                json!({"type": "object", "properties": {"a": input}}),
                json!({"type": "object", "properties": {"r": result}, "required": ["r"]}),
            )
        } else {
            (input, result)
        };
        json!({
            "name": "fuzz",
            "input": input,
            "result": result,
            "$defs": {"A": a, "B": b},
        })
    })
}

fn arbitrary_json() -> impl Strategy<Value = Value> {
    scalar().prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z$]{0,6}", inner), 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

/// The files `$ref`s in generated workflow files may name: `other.json` (given), one in a
/// folder that refers back, one that is not JSON, one that refers to itself.
fn file_set(other: &Value) -> HashMap<PathBuf, String> {
    HashMap::from([
        (PathBuf::from("other.json"), other.to_string()),
        (
            PathBuf::from("sub/x.json"),
            json!({"$defs": {"B": {"type": "object", "properties": {"back": {"$ref": "../other.json#/$defs/A"}, "me": {"$ref": "x.json#/$defs/B"}}}}}).to_string(),
        ),
        (PathBuf::from("broken.json"), "{\"$defs\": {,}".to_string()),
        (PathBuf::from("../up.json"), json!({"a": {"$ref": "../up.json#/a"}}).to_string()),
    ])
}

fn generate_with(text: &str, files: &HashMap<PathBuf, String>) -> Result<TokenStream, Diagnostics> {
    let mut read = reader_from(files.clone());
    let source = Source::parse_with(Path::new("fuzz.json"), text.to_string(), &mut read)?;
    generate(&source, &Options::default())
}

/// Generates twice; both outcomes must be identical, and generated code must parse.
fn check(text: &str) -> Result<(), TestCaseError> {
    check_with(text, &HashMap::new())
}

fn check_with(text: &str, files: &HashMap<PathBuf, String>) -> Result<(), TestCaseError> {
    let first = generate_with(text, files);
    let second = generate_with(text, files);
    match (&first, &second) {
        (Ok(a), Ok(b)) => {
            prop_assert_eq!(a.to_string(), b.to_string());
            let pretty = workflow_codegen::pretty(a);
            prop_assert!(pretty.is_ok(), "generated code parses");
            // rustc refuses a bare `\r` in a doc comment, and text-direction characters in
            // comments; other control characters have no place in source either.
            let text = pretty.unwrap_or_default();
            let bad = text.chars().find(|c| {
                (c.is_control() && *c != '\n' && *c != '\t')
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            });
            prop_assert!(bad.is_none(), "generated code holds {:?}", bad);
        }
        (Err(a), Err(b)) => {
            prop_assert_eq!(a, b);
            prop_assert!(!a.problems.is_empty());
            for problem in &a.problems {
                prop_assert!(!problem.message.contains("panicked"), "{}", problem.message);
            }
        }
        _ => prop_assert!(false, "the same input gave success once and failure once"),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn schema_like_files_never_panic_and_are_deterministic((file, other) in workflow_file()) {
        check_with(&file.to_string(), &file_set(&other))?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(value in arbitrary_json()) {
        check(&value.to_string())?;
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,64}") {
        check(&text)?;
    }
}

/// Found by the property test above (each overflowed a 2 MiB test thread): a `$ref` next to
/// other keywords that brings back the schema holding it, directly or through a union. Each is
/// refused at its place in the file, on a thread with a small stack.
#[test]
fn a_reference_that_merges_its_own_holder_is_refused_on_a_small_stack() {
    let cases = [
        (
            json!({
                "input": {
                    "type": "object",
                    "properties": {
                        "a": {"oneOf": [{"$ref": "#/properties/a", "properties": {"x": {"$ref": "#"}}}]}
                    }
                },
                "result": {"type": "object"}
            }),
            "/input/properties/a/oneOf/0",
        ),
        (
            json!({
                "input": {
                    "type": "object",
                    "properties": {"a": {"$ref": "#/definitions/A", "properties": {"x": {"type": "integer"}}}}
                },
                "result": {"type": "object"},
                "$defs": {
                    "A": {"anyOf": [{"$ref": "#/$defs/B"}]},
                    "B": {"$ref": "#/definitions/A", "properties": {"x": {"description": "d"}}}
                }
            }),
            "/input/properties/a",
        ),
    ];
    for (file, pointer) in cases {
        let file = file.to_string();
        let outcome = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || {
                generate_str(Path::new("fuzz.json"), &file, &Options::default())
                    .map(|tokens| tokens.to_string())
            })
            .expect("spawns")
            .join()
            .expect("no panic, no overflow");
        let error = outcome.expect_err("refused");
        assert_eq!(error.problems.len(), 1, "{error}");
        let problem = &error.problems[0];
        assert_eq!(problem.pointer, pointer);
        assert_eq!(
            problem.message,
            "this schema expands into itself without end: a \"$ref\" merged in place (next to \
             other keywords, or in an `allOf`) brings this schema back"
        );
    }
}

#[test]
fn deeply_nested_schemas_are_refused_not_overflowed() {
    let mut schema = json!({"type": "string"});
    for _ in 0..120 {
        schema = json!({"type": "object", "properties": {"n": schema}});
    }
    let file = json!({"input": {"type": "object"}, "result": schema});
    check(&file.to_string()).expect("deterministic");
    let mut text = String::from("{\"input\": {}, \"result\": ");
    text.push_str(&"[".repeat(10_000));
    check(&text).expect("deterministic");
}

/// Found by `arbitrary_text_never_panics`: a comment repaired away before a multi-byte
/// character put an offset inside it, and locating the problem sliced the text there.
#[test]
fn a_comment_before_a_multi_byte_character_is_located_without_panicking() {
    for text in ["//🌀", "//\u{FFFC}", "{\"a\": 1 //é\n}", "/* 日本 */"] {
        check(text).unwrap_or_else(|error| panic!("{text:?}: {error}"));
        let problems = generate_with(text, &HashMap::new())
            .expect_err("a comment alone is not a workflow file");
        let shown = problems.to_string();
        assert!(
            shown.contains("fuzz.json:1:"),
            "{text:?} is located: {shown}"
        );
    }
}

/// Keys an option may name: real types and pointers of the generated files, and noise.
fn option_key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Input".to_string()),
        Just("Output".to_string()),
        Just("A".to_string()),
        Just("B".to_string()),
        Just("#/$defs/A".to_string()),
        Just("#/$defs/B".to_string()),
        Just("#/input/properties/a".to_string()),
        Just("#/result/properties/r".to_string()),
        Just("/result".to_string()),
        "[A-Za-z#/$_]{0,8}",
    ]
}

fn one_of(values: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(values).prop_map(str::to_string)
}

/// An `x-rust` section of every option, right or wrong.
fn x_rust() -> impl Strategy<Value = Value> {
    let derive = || {
        one_of(&[
            "Eq",
            "Hash",
            "PartialOrd",
            "Ord",
            "Copy",
            "Default",
            "Clone",
            "schemars::JsonSchema",
            "Hsh",
            "",
            "a b",
        ])
    };
    (
        prop::collection::vec(derive(), 0..3),
        prop::collection::vec((option_key(), derive()), 0..3),
        prop::collection::vec(
            (option_key(), one_of(&["crate::X", "std::net::Ipv4Addr", "Vec<u8>", "&str", ""])),
            0..3,
        ),
        prop::collection::vec(
            (option_key(), one_of(&["Renamed", "Other", "lower", "Input", "A", "B", "fn", ""])),
            0..3,
        ),
        one_of(&["string", "chrono", "time", "bogus"]),
        one_of(&["drop", "keep", "x"]),
    )
        .prop_map(|(all, by_type, replace, rename, formats, unknown)| {
            let mut derives = Map::new();
            derives.insert("*".into(), json!(all));
            for (key, derive) in by_type {
                derives.insert(key, json!([derive]));
            }
            json!({
                "derives": derives,
                "replace": replace.into_iter().map(|(key, value)| (key, json!(value))).collect::<Map<String, Value>>(),
                "rename": rename.into_iter().map(|(key, value)| (key, json!(value))).collect::<Map<String, Value>>(),
                "formats": formats,
                "unknown_fields": unknown,
            })
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Customization never makes the engine panic, and is as deterministic as the rest.
    #[test]
    fn customized_files_never_panic_and_are_deterministic(
        (mut file, other) in workflow_file(),
        section in x_rust(),
    ) {
        file["x-rust"] = section;
        check_with(&file.to_string(), &file_set(&other))?;
    }
}
