//! A workflow as a workflow file: [`export`], the way back from Rust types (or any workflow
//! whose schemas are known) to the file that `workflow!`, the CLI and the editor read.

use serde_json::{Map, Value};

use crate::error::Error;
use crate::workflow::Workflow;

/// The draft schemars and the codegen's embedded schemas are written in.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The workflow file of `W`, as JSON: `$schema`, `name`, `deployment_id` (when known),
/// `input`, `result`, the definitions both share under one top-level `$defs`, and `examples`
/// (when `W` has any), in that order.
///
/// The input and result schemas are those of [`Workflow::schemas`]: for a
/// `#[derive(Workflow)]` marker, what schemars derives from its types (doc comments become
/// `description`s); for a generated workflow, the self-contained schemas it carries (the
/// file's annotations left out). A definition of the result's that has the name of a different
/// definition of the input's is renamed (`Item2`), its references with it.
///
/// Pretty-printed with a trailing newline, this is what
/// `testing::assert_workflow_file` (feature `testing`) compares with the committed file.
///
/// # Errors
///
/// [`ErrorKind::Config`](crate::ErrorKind::Config), naming the workflow, when it has no input
/// or no result schema (a hand-written impl that sets neither), when one is not JSON, or when
/// [`Workflow::schemas`] fails.
pub fn export<W: Workflow>() -> Result<Value, Error> {
    let fail = |message: String| Error::config(message).in_workflow(Some(W::NAME));
    let schemas = W::schemas().map_err(|error| error.in_workflow(Some(W::NAME)))?;
    let parse = |role: &str, text: Option<&str>| -> Result<Value, Error> {
        let text = text.ok_or_else(|| {
            fail(format!(
                "workflow {} has no {role} schema to export: set `{}_SCHEMA` in its `Workflow` \
                 impl, or derive it (`#[derive(Workflow)]`, feature `schemars`)",
                W::NAME,
                role.to_uppercase()
            ))
        })?;
        serde_json::from_str(text).map_err(|error| {
            fail(format!(
                "workflow {}: its {role} schema is not JSON ({error})",
                W::NAME
            ))
        })
    };
    let mut input = parse("input", schemas.input)?;
    let mut result = parse("result", schemas.result)?;
    let mut defs = Map::new();
    hoist_defs(&mut input, &mut defs);
    hoist_defs(&mut result, &mut defs);

    let mut file = Map::new();
    file.insert("$schema".into(), DRAFT_2020_12.into());
    file.insert("name".into(), W::NAME.into());
    if let Some(deployment_id) = W::DEPLOYMENT_ID {
        file.insert("deployment_id".into(), deployment_id.into());
    }
    file.insert("input".into(), input);
    file.insert("result".into(), result);
    if !defs.is_empty() {
        file.insert("$defs".into(), Value::Object(defs));
    }
    if !W::EXAMPLES.is_empty() {
        let examples = W::EXAMPLES
            .iter()
            .map(|example| {
                let mut pair = Map::new();
                pair.insert("input".into(), example.input_json());
                pair.insert("result".into(), example.result_json());
                Value::Object(pair)
            })
            .collect();
        file.insert("examples".into(), Value::Array(examples));
    }
    Ok(Value::Object(file))
}

/// `schema` as exported: what it defines moved into the file's `defs` (a workflow file looks
/// `#/$defs/..` up from the file's root when the schema has none), its `$schema` left to the
/// file's. A definition that clashes with a different one already there is renamed, and the
/// references to it in `schema` (its definitions included) with it.
fn hoist_defs(schema: &mut Value, defs: &mut Map<String, Value>) {
    let Value::Object(members) = schema else {
        return;
    };
    members.remove("$schema");
    let own = match members.remove("$defs") {
        Some(Value::Object(own)) => own,
        Some(other) => {
            // Not a map of definitions: left where it was, for the file's check to report.
            members.insert("$defs".into(), other);
            return;
        }
        None => return,
    };
    let mut renames: Vec<(String, String)> = Vec::new();
    for (name, definition) in &own {
        match defs.get(name) {
            Some(there) if there != definition => {
                let fresh = (2..)
                    .map(|n| format!("{name}{n}"))
                    .find(|fresh| !defs.contains_key(fresh) && !own.contains_key(fresh))
                    .unwrap_or_default();
                renames.push((name.clone(), fresh));
            }
            _ => {}
        }
    }
    let mut own = Value::Object(own);
    for (from, to) in &renames {
        rename_refs(schema, from, to);
        rename_refs(&mut own, from, to);
    }
    let Value::Object(own) = own else { return };
    for (name, definition) in own {
        let name = renames
            .iter()
            .find(|(from, _)| *from == name)
            .map_or(name, |(_, to)| to.clone());
        defs.entry(name).or_insert(definition);
    }
}

/// Every `$ref` to `#/$defs/{from}` (or into it) pointed at `#/$defs/{to}` instead.
fn rename_refs(schema: &mut Value, from: &str, to: &str) {
    let escape = |name: &str| name.replace('~', "~0").replace('/', "~1");
    let old = format!("#/$defs/{}", escape(from));
    let new = format!("#/$defs/{}", escape(to));
    match schema {
        Value::Object(members) => {
            for (key, value) in members.iter_mut() {
                if key == "$ref"
                    && let Value::String(reference) = value
                    && (*reference == old || reference.starts_with(&format!("{old}/")))
                {
                    *reference = format!("{new}{}", &reference[old.len()..]);
                } else {
                    rename_refs(value, from, to);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                rename_refs(item, from, to);
            }
        }
        _ => {}
    }
}

/// `file` as a workflow file's text: pretty-printed, two-space indents, a trailing newline.
#[cfg(any(test, feature = "testing"))]
pub(crate) fn to_text(file: &Value) -> String {
    let mut text = serde_json::to_string_pretty(file).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::Schemas;
    use serde_json::json;

    struct Shared;

    impl Workflow for Shared {
        type Input = Value;
        type Output = Value;
        const NAME: &'static str = "shared";
        const DEPLOYMENT_ID: Option<&'static str> = Some("dep_1");
        const INPUT_SCHEMA: Option<&'static str> = Some(
            r##"{"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                "properties": {"item": {"$ref": "#/$defs/Item"}, "tag": {"$ref": "#/$defs/Tag"}},
                "$defs": {"Item": {"type": "string"}, "Tag": {"type": "string"}}}"##,
        );
        const RESULT_SCHEMA: Option<&'static str> = Some(
            r##"{"type": "object",
                "properties": {"item": {"$ref": "#/$defs/Item"}, "tag": {"$ref": "#/$defs/Tag"}},
                "$defs": {"Item": {"type": "integer"}, "Tag": {"type": "string"}}}"##,
        );
    }

    #[test]
    fn shared_definitions_are_hoisted_once_and_clashing_ones_renamed() {
        let file = export::<Shared>().expect("export");
        assert_eq!(
            file,
            json!({
                "$schema": DRAFT_2020_12,
                "name": "shared",
                "deployment_id": "dep_1",
                "input": {"type": "object", "properties": {
                    "item": {"$ref": "#/$defs/Item"}, "tag": {"$ref": "#/$defs/Tag"}}},
                "result": {"type": "object", "properties": {
                    "item": {"$ref": "#/$defs/Item2"}, "tag": {"$ref": "#/$defs/Tag"}}},
                "$defs": {"Item": {"type": "string"}, "Tag": {"type": "string"},
                          "Item2": {"type": "integer"}}
            })
        );
        let keys: Vec<&String> = file.as_object().expect("object").keys().collect();
        assert_eq!(
            keys,
            [
                "$schema",
                "name",
                "deployment_id",
                "input",
                "result",
                "$defs"
            ]
        );
        assert!(to_text(&file).ends_with("}\n"));
    }

    struct Unknown;

    impl Workflow for Unknown {
        type Input = Value;
        type Output = Value;
        const NAME: &'static str = "unknown";
        const DEPLOYMENT_ID: Option<&'static str> = None;
    }

    #[test]
    fn a_workflow_without_schemas_is_a_config_error_naming_it() {
        let error = export::<Unknown>().expect_err("no schemas");
        assert!(matches!(error.kind(), crate::ErrorKind::Config { .. }));
        assert_eq!(
            error.to_string(),
            "workflow unknown has no input schema to export: set `INPUT_SCHEMA` in its \
             `Workflow` impl, or derive it (`#[derive(Workflow)]`, feature `schemars`)"
        );
        assert_eq!(Schemas::default(), Unknown::schemas().expect("defaults"));
    }
}
