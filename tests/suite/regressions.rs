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
    let output: Output = serde_json::from_value(json!({"t": ["number", "string"]})).expect("decodes");
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
        error.to_string().starts_with("invalid type: sequence, expected adjacently tagged enum Action"),
        "{error}"
    );
    // Objects still decode, from text as from values.
    let output: Output =
        serde_json::from_str(r#"{"plain": {"name": "n"}, "action": {"type": "escalate", "team": "billing"}}"#)
            .expect("decodes");
    assert_eq!(output.plain.expect("plain").name, "n");
}
