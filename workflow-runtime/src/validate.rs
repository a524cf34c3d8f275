//! Checking an input against its workflow's JSON Schema before it is sent (feature `validate`).
//!
//! Each schema is compiled once per process and cached under its text: generated workflows
//! carry their schema as a `&'static str`, so the cache never grows beyond the workflows a
//! program knows, and a compiled validator lives as long as the program (like the text it
//! comes from). Each thread keeps its own small map in front of the shared one, so that many
//! concurrent runs do not queue on a lock to find their validator. Formats (`date-time`, `email`, `uuid`, ...) are checked too: catching a bad
//! input before a paid call is the point.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Mutex, OnceLock, PoisonError};

use crate::error::Violation;

/// A compiled schema, or why the schema text could not be compiled.
type Compiled = Result<&'static jsonschema::Validator, &'static str>;

/// Keyed by the text's address and length: schemas are `&'static str`s, so the key is O(1)
/// to hash (the same text at two addresses compiles twice, harmlessly).
type Key = (usize, usize);

static CACHE: OnceLock<Mutex<HashMap<Key, Compiled>>> = OnceLock::new();

thread_local! {
    static LOCAL: RefCell<HashMap<Key, Compiled>> = RefCell::new(HashMap::new());
}

/// What is wrong with `input` according to `schema`, ordered by JSON pointer (the validator's
/// own order depends on how serde_json keeps object keys, which other crates in a build can
/// change): empty when nothing is. `Err` says why the schema itself is unusable.
pub fn check(
    schema: &'static str,
    input: &serde_json::Value,
) -> Result<Vec<Violation>, String> {
    let validator = compiled(schema).map_err(str::to_owned)?;
    if validator.is_valid(input) {
        return Ok(Vec::new());
    }
    let mut violations: Vec<Violation> = validator
        .iter_errors(input)
        .map(|error| Violation::new(error.instance_path().to_string(), error.to_string()))
        .collect();
    violations.sort_by(|a, b| a.pointer.cmp(&b.pointer));
    Ok(violations)
}

fn compiled(schema: &'static str) -> Compiled {
    let key = (schema.as_ptr() as usize, schema.len());
    if let Some(hit) = LOCAL.with(|local| local.borrow().get(&key).copied()) {
        return hit;
    }
    let shared = shared(schema, key);
    LOCAL.with(|local| local.borrow_mut().insert(key, shared));
    shared
}

fn shared(schema: &'static str, key: Key) -> Compiled {
    let cache = CACHE.get_or_init(Mutex::default);
    if let Some(hit) = cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return *hit;
    }
    // Compiled outside the lock: two threads may both compile a new schema, once; neither
    // waits for the other's, and the first one stored is kept.
    let fresh = compile(schema)
        .map(|validator| &*Box::leak(Box::new(validator)))
        .map_err(|problem| &*Box::leak(problem.into_boxed_str()));
    *cache
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .entry(key)
        .or_insert(fresh)
}

fn compile(schema: &str) -> Result<jsonschema::Validator, String> {
    let schema: serde_json::Value =
        serde_json::from_str(schema).map_err(|error| format!("it is not JSON ({error})"))?;
    // jsonschema is not expected to panic, but a schema is outside data: a panic becomes an
    // error like any other problem with it.
    let built = catch_unwind(AssertUnwindSafe(|| {
        jsonschema::options()
            .should_validate_formats(true)
            .build(&schema)
    }));
    match built {
        Ok(Ok(validator)) => Ok(validator),
        Ok(Err(error)) => Err(error.to_string()),
        Err(_) => Err("the schema compiler panicked".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const SCHEMA: &str = r##"{
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "required": ["prompt"],
        "properties": {
            "prompt": { "type": "string", "maxLength": 5 },
            "when": { "type": "string", "format": "date-time" },
            "tags": { "type": "array", "items": { "$ref": "#/$defs/tag" } }
        },
        "$defs": { "tag": { "type": "string", "pattern": "^[a-z]+$" } }
    }"##;

    #[test]
    fn a_valid_input_has_no_violations() {
        let input = json!({ "prompt": "hi", "when": "2024-05-01T12:00:00Z", "tags": ["a"] });
        assert_eq!(check(SCHEMA, &input), Ok(Vec::new()));
    }

    #[test]
    fn each_violation_has_its_pointer_formats_and_refs_included() {
        let input = json!({ "prompt": "too long", "when": "yesterday", "tags": ["ok", "Not OK"] });
        let violations = check(SCHEMA, &input).unwrap();
        let pointers: Vec<&str> = violations.iter().map(|v| v.pointer.as_str()).collect();
        assert_eq!(pointers, ["/prompt", "/tags/1", "/when"]);
    }

    #[test]
    fn a_schema_that_does_not_compile_is_an_error_and_is_cached() {
        let error = check("{\"type\": 12}", &json!({})).unwrap_err();
        assert!(error.contains("12"), "{error}");
        assert_eq!(check("{\"type\": 12}", &json!({})).unwrap_err(), error);
        assert_eq!(
            check("not json", &json!({})).unwrap_err(),
            "it is not JSON (expected ident at line 1 column 2)"
        );
    }
}
