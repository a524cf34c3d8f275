//! Numbers in a workflow file reach the generated code exactly: the embedded schemas and the
//! examples are parsed and written again by serde_json, whose default float parser can be off
//! by one unit in the last place (`0.9999999999999999` read as `1.0`) unless its
//! `float_roundtrip` feature is on. The workspace turns it on for every crate, so it holds
//! whatever features a build selects (this crate's build has no jsonschema, which used to be
//! the only one turning it on).

use std::path::Path;

use workflow_codegen::{Options, generate_str};

#[test]
fn floats_in_schemas_and_examples_round_trip_exactly() {
    let file = r#"{
        "input": {"type": "object", "properties": {"p": {"type": "number", "maximum": 0.9999999999999999}}},
        "result": {"type": "object", "properties": {"x": {"type": "number", "maximum": 2.2250738585072014e-308}}},
        "examples": [{"input": {"p": 0.9999999999999999}, "result": {"x": 5e-324}}]
    }"#;
    let tokens = generate_str(Path::new("numbers.json"), file, &Options::default())
        .expect("generates")
        .to_string();
    assert!(tokens.contains("0.9999999999999999"));
    assert!(tokens.contains("2.2250738585072014e-308"));
    assert!(tokens.contains("5e-324"));
    let parsed: f64 = serde_json::from_str("0.9999999999999999").expect("parses");
    assert_eq!(parsed.to_bits(), 0.999_999_999_999_999_9_f64.to_bits());
    assert_ne!(parsed, 1.0);
}
