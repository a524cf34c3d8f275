//! Array schemas: lists, and tuples of a fixed length.

use serde_json::{Map, Value, json};

use crate::pointer::push_pointer;

use super::Planner;
use super::hint::Hint;

impl Planner<'_> {
    pub(super) fn array(
        &mut self,
        members: &Map<String, Value>,
        pointer: &str,
        hint: &Hint,
        mut out: Map<String, Value>,
    ) -> Value {
        out.insert("type".into(), json!("array"));
        let tuple = match (members.get("prefixItems"), members.get("items")) {
            (Some(Value::Array(prefix)), items) => {
                Some((prefix.clone(), "prefixItems", items.cloned()))
            }
            (None, Some(Value::Array(items))) => Some((
                items.clone(),
                "items",
                members.get("additionalItems").cloned(),
            )),
            _ => None,
        };
        if let Some((items, keyword, rest)) = tuple {
            let min = members.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let closed = rest == Some(Value::Bool(false))
                || members.get("maxItems").and_then(Value::as_u64) == Some(items.len() as u64);
            if closed && min == items.len() as u64 && !items.is_empty() {
                let base = push_pointer(pointer, keyword);
                let normalized: Vec<Value> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| {
                        let at = push_pointer(&base, &index.to_string());
                        self.schema(item, &at, &hint.child(&format!("Item{index}")))
                    })
                    .collect();
                let count = normalized.len();
                out.insert("items".into(), Value::Array(normalized));
                out.insert("minItems".into(), json!(count));
                out.insert("maxItems".into(), json!(count));
                return Value::Object(out);
            }
            // An open or partly optional tuple: a list of any values.
            return Value::Object(out);
        }
        if let Some(items @ Value::Object(_)) = members.get("items") {
            let at = push_pointer(pointer, "items");
            let normalized = self.schema(items, &at, &hint.child("Item"));
            out.insert("items".into(), normalized);
        }
        Value::Object(out)
    }
}
