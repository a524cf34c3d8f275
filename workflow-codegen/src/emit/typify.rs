//! typify over the plan's definitions (deep ones on a big stack), and whom to blame if it fails.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use serde_json::Value;
use typify_impl::{TypeSpace, TypeSpaceImpl, TypeSpaceSettings};

use crate::diag::{Diagnostic, Problems};
use crate::plan::Plan;

fn settings(replaced: &[String]) -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings.with_struct_builder(false);
    settings.with_derive("PartialEq".to_string());
    settings.with_map_type("::std::collections::BTreeMap");
    for name in replaced {
        settings.with_replacement(
            name,
            name,
            [TypeSpaceImpl::Display, TypeSpaceImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// typify over `defs`; `Err` carries typify's error or panic message.
///
/// typify recurses as deep as a schema nests. Planning hoists every object into a definition
/// of its own, so definitions are shallow and typify runs right here; a deeply nested one
/// (arrays of arrays, ...) runs on a thread of its own with a large stack, so that it cannot
/// overflow the compiler's.
fn typify(plan: &Plan, defs: &[(String, Value)]) -> Result<TokenStream, String> {
    let mut converted = Vec::new();
    for (name, schema) in defs {
        let schema = <schemars::schema::Schema as serde::Deserialize>::deserialize(schema)
            .map_err(|error| format!("schema of {name} is not understood: {error}"))?;
        converted.push((name.clone(), schema));
    }
    let replaced: Vec<String> = plan.enums.iter().map(|plan| plan.name.clone()).collect();
    let convert = move || -> Result<TokenStream, String> {
        let mut space = TypeSpace::new(&settings(&replaced));
        space
            .add_ref_types(converted)
            .map_err(|error| error.to_string())?;
        Ok(space.to_stream())
    };
    let deepest = defs
        .iter()
        .map(|(_, schema)| depth(schema))
        .max()
        .unwrap_or(0);
    if deepest <= INLINE_DEPTH {
        return crate::guard::catch(convert)?;
    }
    // Inside a proc macro the compiler's token API exists on the macro's own thread only:
    // typify's thread must use proc-macro2's own tokens (sent back as text), and the switch
    // is process-wide, so it is flipped back as soon as typify is done (this thread waits).
    proc_macro2::fallback::force();
    let outcome = std::thread::Builder::new()
        .name("typify".into())
        .stack_size(TYPIFY_STACK)
        .spawn(move || crate::guard::catch(move || convert().map(|tokens| tokens.to_string()))?)
        .map_err(|error| format!("could not start typify: {error}"))
        .and_then(|thread| {
            thread
                .join()
                .map_err(|_| "typify stopped unexpectedly".to_string())
        });
    proc_macro2::fallback::unforce();
    let text = outcome??;
    text.parse::<TokenStream>()
        .map_err(|error| format!("typify produced code that does not lex: {error}"))
}

/// Definitions nesting deeper than this are converted on a thread with a large stack.
const INLINE_DEPTH: usize = 24;

/// How deep JSON nests (a scalar is 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Stack for typify's thread: reserved, not committed, so generous is cheap.
const TYPIFY_STACK: usize = 256 * 1024 * 1024;

/// typify over the plan's definitions; `None` when it fails, with the problems in `problems`.
pub(super) fn run_typify(plan: &Plan, problems: &mut Problems) -> Option<TokenStream> {
    match typify(plan, &plan.defs) {
        Ok(tokens) => Some(tokens),
        Err(message) => {
            // Find the definitions that fail on their own (the others stubbed out), so the
            // error points at the schema to change.
            let before = problems.len();
            for (index, (name, _)) in plan.defs.iter().enumerate() {
                let isolated: Vec<(String, Value)> = plan
                    .defs
                    .iter()
                    .enumerate()
                    .map(|(other, (other_name, schema))| {
                        if other == index {
                            (other_name.clone(), schema.clone())
                        } else {
                            (other_name.clone(), serde_json::json!({}))
                        }
                    })
                    .collect();
                if let Err(own) = typify(plan, &isolated) {
                    let pointer = plan.sources.get(name).cloned().unwrap_or_default();
                    problems.push(
                        Diagnostic::new(
                            pointer,
                            format!("this schema cannot become a Rust type: {own}"),
                        )
                        .help("simplify the schema here (contradictory `allOf` members and overlapping `oneOf` variants are the usual causes)"),
                    );
                }
            }
            if problems.len() == before {
                problems.push(
                    Diagnostic::new("", format!("the schemas cannot become Rust types: {message}"))
                        .help("simplify the schemas (contradictory `allOf` members and overlapping `oneOf` variants are the usual causes)"),
                );
            }
            None
        }
    }
}

/// For each definition, its property names in the order they first appear in the schema.
pub(super) fn key_orders(plan: &Plan) -> BTreeMap<String, Vec<String>> {
    fn collect(schema: &Value, keys: &mut Vec<String>) {
        let Value::Object(members) = schema else {
            return;
        };
        if let Some(Value::Object(properties)) = members.get("properties") {
            for key in properties.keys() {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = members.get(keyword) {
                for part in parts {
                    collect(part, keys);
                }
            }
        }
    }
    plan.defs
        .iter()
        .map(|(name, schema)| {
            let mut keys = Vec::new();
            collect(schema, &mut keys);
            (name.clone(), keys)
        })
        .collect()
}
