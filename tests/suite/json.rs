//! JSON comparison for round trips.

use serde_json::Value;

/// Equal as JSON data: object member order does not matter, numbers compare by value
/// (`1` equals `1.0`, as JSON Schema's equality says), and a member that is `null` equals a
/// missing one (an optional nullable field is one `Option`: absent and null both read as
/// `None`, and `None` is written as absent).
pub(crate) fn same_data(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(a), Value::Number(b)) => {
            match (a.as_i64(), b.as_i64(), a.as_u64(), b.as_u64()) {
                (Some(x), Some(y), _, _) => x == y,
                (_, _, Some(x), Some(y)) => x == y,
                _ => a.as_f64() == b.as_f64(),
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_data(x, y))
        }
        (Value::Object(a), Value::Object(b)) => {
            let present = |map: &serde_json::Map<String, Value>| {
                map.iter()
                    .filter(|(_, value)| !value.is_null())
                    .map(|(key, _)| key.clone())
                    .collect::<std::collections::BTreeSet<_>>()
            };
            present(a) == present(b)
                && a.iter()
                    .filter(|(_, value)| !value.is_null())
                    .all(|(key, value)| b.get(key).is_some_and(|other| same_data(value, other)))
        }
        _ => left == right,
    }
}

#[test]
fn same_data_is_strict_where_it_matters() {
    use serde_json::json;
    assert!(same_data(&json!({"a": 1, "b": null}), &json!({"a": 1.0})));
    assert!(!same_data(&json!({"a": 1}), &json!({"a": 2})));
    assert!(!same_data(&json!({"a": "1"}), &json!({"a": 1})));
    assert!(!same_data(&json!({"a": []}), &json!({})));
    assert!(!same_data(&json!([1, 2]), &json!([2, 1])));
    assert!(!same_data(
        &json!({"a": {"b": 1}}),
        &json!({"a": {"b": 1, "c": 2}})
    ));
}
