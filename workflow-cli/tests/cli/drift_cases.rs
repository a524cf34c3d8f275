//! One edit per drift rule, applied to one base workflow: what `diff` and `pull --check` must
//! say about each. Shared by `diff.rs` (file against file) and `pull.rs` (files against
//! `workflow serve`).

use serde_json::{Value, json};

/// The workflow every case edits.
pub(crate) fn base() -> Value {
    json!({
        "name": "base",
        "deployment_id": "dep_base",
        "input": {
            "type": "object",
            "required": ["prompt"],
            "properties": {
                "prompt": {"type": "string", "maxLength": 100},
                "tone": {"type": "string", "enum": ["formal", "casual"]},
                "count": {"type": "integer"},
                "style": {"type": "string"}
            }
        },
        "result": {
            "type": "object",
            "required": ["answer"],
            "additionalProperties": false,
            "properties": {
                "answer": {"type": "string"},
                "score": {"type": "integer", "minimum": 0},
                "kind": {"type": "string", "enum": ["a", "b"]},
                "note": {"type": ["string", "null"]},
                "contact": {"oneOf": [
                    {"type": "object", "title": "Email", "required": ["email"],
                     "properties": {"email": {"type": "string"}}},
                    {"type": "object", "title": "Phone", "required": ["phone"],
                     "properties": {"phone": {"type": "string"}}}
                ]}
            }
        }
    })
}

/// One case: its label, the edit, and the line the change must print.
pub(crate) struct Case {
    pub(crate) label: &'static str,
    pub(crate) edit: fn(&mut Value),
    pub(crate) line: &'static str,
}

/// One case per rule (and per role where the severity differs).
pub(crate) fn cases() -> Vec<Case> {
    vec![
        Case {
            label: "field-added-required-input",
            edit: |file| {
                file["input"]["properties"]["year"] = json!({"type": "integer"});
                file["input"]["required"] = json!(["prompt", "year"]);
            },
            line: "breaking: input.year: new required field (field_added, new schema at /properties/year)",
        },
        Case {
            label: "field-added-optional-input",
            edit: |file| file["input"]["properties"]["year"] = json!({"type": "integer"}),
            line: "compatible: input.year: new optional field (field_added, new schema at /properties/year)",
        },
        Case {
            label: "field-added-result",
            edit: |file| file["result"]["properties"]["source"] = json!({"type": "string"}),
            line: "compatible: result.source: new optional field (field_added, new schema at /properties/source)",
        },
        Case {
            label: "field-removed-result",
            edit: |file| {
                file["result"]["properties"]
                    .as_object_mut()
                    .unwrap()
                    .remove("kind");
            },
            line: "breaking: result.kind: field removed: the old client no longer receives it (field_removed, old schema at /properties/kind, new schema at (root))",
        },
        Case {
            label: "field-removed-input",
            edit: |file| {
                file["input"]["properties"]
                    .as_object_mut()
                    .unwrap()
                    .remove("style");
            },
            line: "compatible: input.style: field removed: the workflow no longer reads it (field_removed, old schema at /properties/style, new schema at (root))",
        },
        Case {
            label: "field-required-input",
            edit: |file| file["input"]["required"] = json!(["prompt", "tone"]),
            line: "breaking: input.tone: now required (field_required, at /properties/tone)",
        },
        Case {
            label: "field-optional-result",
            edit: |file| file["result"]["required"] = json!([]),
            line: "breaking: result.answer: now optional (field_optional, at /properties/answer)",
        },
        Case {
            label: "type-changed-result",
            edit: |file| file["result"]["properties"]["answer"] = json!({"type": "integer"}),
            line: "breaking: result.answer: type string -> integer (type_changed, at /properties/answer)",
        },
        Case {
            label: "type-narrowed-result",
            edit: |file| file["result"]["properties"]["note"] = json!({"type": "string"}),
            line: "compatible: result.note: no longer allows a null (type_narrowed, at /properties/note)",
        },
        Case {
            label: "type-widened-input",
            edit: |file| file["input"]["properties"]["count"] = json!({"type": "number"}),
            line: "compatible: input.count: type integer -> number (type_widened, at /properties/count)",
        },
        Case {
            label: "type-widened-result",
            edit: |file| file["result"]["properties"]["score"]["type"] = json!("number"),
            line: "breaking: result.score: type integer -> number (type_widened, at /properties/score)",
        },
        Case {
            label: "enum-narrowed-input",
            edit: |file| file["input"]["properties"]["tone"]["enum"] = json!(["formal"]),
            line: "breaking: input.tone: no longer allows \"casual\" (enum_narrowed, at /properties/tone)",
        },
        Case {
            label: "enum-widened-result",
            edit: |file| file["result"]["properties"]["kind"]["enum"] = json!(["a", "b", "c"]),
            line: "breaking: result.kind: now also allows \"c\" (enum_widened, at /properties/kind)",
        },
        Case {
            label: "constraint-tightened-input",
            edit: |file| file["input"]["properties"]["prompt"]["maxLength"] = json!(50),
            line: "breaking: input.prompt: maxLength 100 -> 50 (constraint_tightened, at /properties/prompt)",
        },
        Case {
            label: "constraint-loosened-input",
            edit: |file| {
                file["input"]["properties"]["prompt"]
                    .as_object_mut()
                    .unwrap()
                    .remove("maxLength");
            },
            line: "compatible: input.prompt: maxLength 100 -> none (constraint_loosened, at /properties/prompt)",
        },
        Case {
            label: "constraint-loosened-unsigned-result",
            edit: |file| file["result"]["properties"]["score"]["minimum"] = json!(-1),
            line: "breaking: result.score: minimum 0 -> -1: the old client decodes this integer as unsigned (u64) (constraint_loosened, at /properties/score)",
        },
        Case {
            label: "closed-input",
            edit: |file| file["input"]["additionalProperties"] = json!(false),
            line: "breaking: input: no longer allows members it does not declare (closed, at (root))",
        },
        Case {
            label: "opened-result",
            edit: |file| {
                file["result"]
                    .as_object_mut()
                    .unwrap()
                    .remove("additionalProperties");
            },
            line: "compatible: result: now allows members it does not declare (opened, at (root))",
        },
        Case {
            label: "variant-added-result",
            edit: |file| {
                file["result"]["properties"]["contact"]["oneOf"]
                    .as_array_mut()
                    .unwrap()
                    .push(
                        json!({"type": "object", "title": "Post", "required": ["street"],
                                 "properties": {"street": {"type": "string"}}}),
                    );
            },
            line: "breaking: result.contact: an object variant added (variant_added, new schema at /properties/contact/oneOf/2)",
        },
        Case {
            label: "variant-removed-result",
            edit: |file| {
                file["result"]["properties"]["contact"]["oneOf"]
                    .as_array_mut()
                    .unwrap()
                    .remove(1);
            },
            line: "compatible: result.contact: an object variant removed (variant_removed, old schema at /properties/contact/oneOf/1)",
        },
        Case {
            label: "unclassified-input",
            edit: |file| file["input"]["not"] = json!({"required": ["style"]}),
            line: "breaking: input: not added (unclassified, at (root))",
        },
        Case {
            label: "annotation-input",
            edit: |file| {
                file["input"]["properties"]["prompt"]["description"] = json!("The question.");
            },
            line: "compatible: input.prompt: description added (annotation, at /properties/prompt)",
        },
    ]
}
