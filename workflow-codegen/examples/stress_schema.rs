//! Writes a large workflow file shaped like the biggest real-world configuration schemas
//! (a resource list whose items pick their shape with hundreds of `if`/`then`, long
//! descriptions, enums, shared definitions), to measure the engine on it:
//!
//! ```sh
//! cargo run --release -p workflow-codegen --example stress_schema -- 460 > /tmp/stress.json
//! cargo build --release -p workflow-cli && time target/release/workflow check /tmp/stress.json
//! ```
//!
//! The argument is the number of resource kinds (one `if` each, plus one per kind's own
//! conditional setting) and of variants of one `anyOf`; 460 gives a file of about 2.7 MB.

use serde_json::{Map, Value, json};

fn main() {
    let kinds: usize = std::env::args()
        .nth(1)
        .and_then(|count| count.parse().ok())
        .unwrap_or(460);
    let words = "the resource setting controls how the service provisions, names, scales and \
                 monitors this part of the deployment; see the provider's documentation for \
                 limits, defaults and the values each region accepts";
    let mut definitions = Map::new();
    let mut conditions = Vec::new();
    let mut kind_names = Vec::new();
    for kind in 0..kinds {
        let name = format!("Kind{kind:03}");
        kind_names.push(json!(format!("provider/kind-{kind:03}")));
        let mut properties = Map::new();
        for setting in 0..12 {
            let key = format!("setting{}", (kind * 7 + setting) % 90);
            let schema = match setting % 4 {
                0 => {
                    json!({"type": "string", "description": format!("{words} ({name}.{key})"), "maxLength": 256})
                }
                1 => {
                    json!({"type": "integer", "minimum": 0, "maximum": 65535, "description": words})
                }
                2 => {
                    json!({"enum": ["low", "medium", "high", format!("tier-{kind}")], "description": words})
                }
                _ => json!({
                    "type": "object",
                    "description": words,
                    "properties": {
                        "enabled": {"type": "boolean"},
                        "window": {"type": "string", "pattern": "^[0-9]+(s|m|h)$"},
                        "targets": {"type": "array", "items": {"$ref": "#/definitions/Target"}}
                    }
                }),
            };
            properties.insert(key, schema);
        }
        definitions.insert(
            name.clone(),
            json!({
                "type": "object",
                "description": format!("Settings of resource kind {kind}. {words}"),
                "properties": properties,
                "if": {"properties": {"setting0": {"const": "advanced"}}},
                "then": {"required": ["setting1"]}
            }),
        );
        conditions.push(json!({
            "if": {"properties": {"type": {"const": format!("provider/kind-{kind:03}")}}},
            "then": {"properties": {"properties": {"$ref": format!("#/definitions/{name}")}}}
        }));
    }
    definitions.insert(
        "Target".into(),
        json!({"type": "object", "properties": {"id": {"type": "string"}, "weight": {"type": "number"}}, "required": ["id"]}),
    );
    let resource = json!({
        "type": "object",
        "required": ["type", "name"],
        "properties": {
            "type": {"enum": kind_names},
            "name": {"type": "string", "description": words},
            "location": {"type": "string"},
            "tags": {"type": "object", "additionalProperties": {"type": "string"}}
        },
        "allOf": conditions
    });
    let file = json!({
        "name": "stress",
        "description": "A large configuration schema: resources picking their settings by type.",
        "input": {
            "type": "object",
            "properties": {"prompt": {"type": "string"}},
            "required": ["prompt"]
        },
        "result": {
            "type": "object",
            "properties": {
                "resources": {"type": "array", "items": {"$ref": "#/definitions/Resource"}},
                "variables": {"type": "object", "additionalProperties": true},
                "defaults": {
                    "type": "object",
                    "description": "Default settings by kind name.",
                    "additionalProperties": {"anyOf": (0..kinds).map(|kind| json!({"$ref": format!("#/definitions/Kind{kind:03}")})).collect::<Vec<_>>()}
                }
            },
            "required": ["resources"]
        },
        "definitions": Value::Object({
            let mut all = definitions;
            all.insert("Resource".into(), resource);
            all
        })
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&file).expect("a JSON value serializes")
    );
}
