//! The schemas of a `#[derive(Workflow)]` marker (feature `schemars`): derived by schemars
//! from its input and output types on first use, checked to describe JSON objects, and kept
//! for the life of the process as `&'static str`s (the validator cache keys on the text's
//! address, so each workflow's schemas compile once, as generated ones do).

use std::any::type_name;
use std::sync::OnceLock;

use schemars::JsonSchema;
use schemars1 as schemars;
use serde_json::Value;

use crate::error::Error;
use crate::workflow::{Schemas, Workflow};

/// The cell a derived `Workflow::schemas` keeps its schemas in: one `static` per marker.
#[derive(Debug)]
pub struct DerivedSchemas(OnceLock<Result<Schemas, &'static str>>);

impl DerivedSchemas {
    /// An empty cell, for a `static`.
    #[allow(
        clippy::new_without_default,
        reason = "a const constructor for statics; `Default` would never be used"
    )]
    pub const fn new() -> Self {
        Self(OnceLock::new())
    }

    /// `W`'s schemas, derived on the first call.
    ///
    /// # Errors
    ///
    /// [`ErrorKind::Config`](crate::ErrorKind::Config) when the input's or the output's schema
    /// is not a JSON object; every call gives the same error.
    pub fn get<W>(&'static self) -> Result<Schemas, Error>
    where
        W: Workflow,
        W::Input: JsonSchema,
        W::Output: JsonSchema,
    {
        let derived = self.0.get_or_init(|| {
            let input = derive::<W::Input>(W::NAME, Role::Input)?;
            let result = derive::<W::Output>(W::NAME, Role::Result)?;
            Ok(Schemas::new(Some(input), Some(result)))
        });
        derived.map_err(|message| Error::config(message).in_workflow(Some(W::NAME)))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Input,
    Result,
}

/// `T`'s schema as JSON text (draft 2020-12, its `$defs` inside), or why it cannot be the
/// `role` of a workflow.
fn derive<T: JsonSchema>(workflow: &str, role: Role) -> Result<&'static str, &'static str> {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let value = schema.as_value();
    if let Err(found) = describes_object(value, value, role, 0) {
        let (what, also) = match role {
            Role::Input => ("input", ""),
            Role::Result => ("output", ", or an `Option` of one"),
        };
        let message = format!(
            "workflow {workflow}: its {what} type `{}` has a schema that is not a JSON object \
             (it describes {found}): the {what} travels as a JSON object; use a struct with \
             named fields or an enum with `#[serde(tag = \"...\")]`{also}",
            type_name::<T>()
        );
        return Err(Box::leak(message.into_boxed_str()));
    }
    let text = serde_json::to_string(value).unwrap_or_default();
    Ok(Box::leak(text.into_boxed_str()))
}

/// Whether `schema` describes JSON objects (a result's may also be `null`); `Err` says what
/// it describes instead. `$ref`s are followed into the root's `$defs` (schemars writes no
/// other kind but `#`, the root itself).
fn describes_object(root: &Value, schema: &Value, role: Role, depth: usize) -> Result<(), String> {
    let Value::Object(members) = schema else {
        return match schema {
            Value::Bool(false) => Err("no value".into()),
            _ => Ok(()),
        };
    };
    if depth > 32 {
        return Ok(());
    }
    if let Some(Value::String(reference)) = members.get("$ref") {
        let target = match reference.as_str() {
            "#" => Some(root),
            other => other
                .strip_prefix('#')
                .and_then(|pointer| root.pointer(pointer)),
        };
        if let Some(target) = target {
            return describes_object(root, target, role, depth + 1);
        }
    }
    let types: Vec<&str> = match members.get("type") {
        Some(Value::String(name)) => vec![name.as_str()],
        Some(Value::Array(names)) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let null_allowed = role == Role::Result;
    if !types.is_empty() {
        let other: Vec<&str> = types
            .iter()
            .copied()
            .filter(|name| *name != "object" && !(null_allowed && *name == "null"))
            .collect();
        return match other.as_slice() {
            [] if types.contains(&"object") => Ok(()),
            [] => Err("null".into()),
            _ => Err(other
                .iter()
                .map(|name| match *name {
                    "array" => "an array",
                    "string" => "a string",
                    "number" => "a number",
                    "integer" => "an integer",
                    "boolean" => "a boolean",
                    _ => "null",
                })
                .collect::<Vec<_>>()
                .join(" or ")),
        };
    }
    if let Some(value) = members.get("const")
        && !value.is_object()
    {
        return Err("a constant".into());
    }
    if let Some(Value::Array(values)) = members.get("enum")
        && !values.iter().all(Value::is_object)
    {
        return Err("an enum of values".into());
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(variants)) = members.get(keyword) {
            for variant in variants {
                match describes_object(root, variant, role, depth + 1) {
                    Ok(()) => {}
                    // `null` next to objects: an `Option` of a result.
                    Err(found) if found == "null" && role == Role::Result => {}
                    Err(found) => return Err(format!("{found} in one of its variants")),
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(schema: Value, role: Role) -> Result<(), String> {
        describes_object(&schema, &schema, role, 0)
    }

    #[test]
    fn objects_and_unions_of_objects_pass() {
        assert_eq!(check(json!({"type": "object"}), Role::Input), Ok(()));
        assert_eq!(
            check(
                json!({"oneOf": [{"type": "object"}, {"$ref": "#/$defs/A"}],
                       "$defs": {"A": {"type": "object"}}}),
                Role::Input
            ),
            Ok(())
        );
        assert_eq!(
            check(
                json!({"anyOf": [{"$ref": "#/$defs/A"}, {"type": "null"}],
                       "$defs": {"A": {"type": "object"}}}),
                Role::Result
            ),
            Ok(())
        );
    }

    #[test]
    fn what_is_not_an_object_is_named() {
        assert_eq!(
            check(json!({"type": "array", "prefixItems": []}), Role::Input),
            Err("an array".into())
        );
        assert_eq!(
            check(json!({"type": "string", "enum": ["a", "b"]}), Role::Input),
            Err("a string".into())
        );
        assert_eq!(
            check(json!({"type": ["object", "null"]}), Role::Input),
            Err("null".into())
        );
        assert_eq!(
            check(
                json!({"oneOf": [{"type": "object"}, {"type": "string", "const": "A"}]}),
                Role::Input
            ),
            Err("a string in one of its variants".into())
        );
    }
}
