//! Validate: check a parsed workflow file and report every problem at once.

use serde_json::{Map, Value};

use crate::diag::{Diagnostic, Problems};
use crate::pointer::push_pointer;
use crate::schema::{for_each_subschema, resolve_ref, types_of};

/// A workflow file that passed validation.
#[derive(Debug, Clone)]
pub struct WorkflowFile {
    /// `name`, or the file stem when the file has none.
    pub name: String,
    /// `deployment_id`, when the file has one.
    pub deployment_id: Option<String>,
    /// `description`, when the file has one.
    pub description: Option<String>,
    /// The whole document (`input`, `result`, `$defs` and all).
    pub document: Value,
    /// `examples`, each an input object and a result object.
    pub examples: Vec<ExampleRun>,
}

/// One entry of a workflow file's `examples`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleRun {
    /// The example's input object.
    pub input: Value,
    /// The example's result object.
    pub result: Value,
}

const KNOWN_KEYS: &[&str] = &[
    "name",
    "deployment_id",
    "description",
    "input",
    "result",
    "$defs",
    "definitions",
    "examples",
];

/// Keywords that cannot become a type and have no safe fallback: refused with this advice.
const REFUSED: &[(&str, &str)] = &[
    (
        "$dynamicRef",
        "dynamic references are not supported; use a plain \"$ref\" to a definition",
    ),
    (
        "$recursiveRef",
        "recursive references are not supported; use a plain \"$ref\" to a definition",
    ),
];

const TYPE_NAMES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];

/// Checks the file's structure and every schema in it; returns all problems found.
pub fn validate(document: Value, file_stem: &str) -> Result<WorkflowFile, Vec<Diagnostic>> {
    let mut problems = Problems::new();
    let Value::Object(root) = &document else {
        problems.push(
            Diagnostic::new("", "a workflow file must be a JSON object")
                .help("write {\"name\": ..., \"input\": {JSON Schema}, \"result\": {JSON Schema}}"),
        );
        return Err(problems.stop());
    };

    for key in root.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) && !key.starts_with('$') && !key.starts_with("x-") {
            let mut problem = Diagnostic::new(
                push_pointer("", key),
                format!("unknown key {key:?} in workflow file"),
            );
            problem = match suggest(key) {
                Some(known) => problem.help(format!("did you mean {known:?}?")),
                None => problem.help(format!(
                    "known keys: {}; keys starting with \"x-\" are ignored",
                    KNOWN_KEYS.join(", ")
                )),
            };
            problems.push(problem);
        }
    }

    let name = match root.get("name") {
        None => file_stem.to_string(),
        Some(Value::String(name)) if has_word(name) => name.clone(),
        Some(Value::String(_)) => {
            problems.push(
                Diagnostic::new("/name", "\"name\" must contain a letter or digit")
                    .help("the name becomes the module name: \"car\" gives `mod car`"),
            );
            file_stem.to_string()
        }
        Some(_) => {
            problems.push(Diagnostic::new("/name", "\"name\" must be a string"));
            file_stem.to_string()
        }
    };
    if root.get("name").is_none() && !has_word(file_stem) {
        problems.push(
            Diagnostic::new(
                "",
                format!("the file name {file_stem:?} cannot name a module"),
            )
            .help("add \"name\": \"my_workflow\" to the file"),
        );
    }

    let deployment_id = match root.get("deployment_id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) if !id.trim().is_empty() && id.trim() == id => Some(id.clone()),
        Some(Value::String(_)) => {
            problems.push(
                Diagnostic::new(
                    "/deployment_id",
                    "\"deployment_id\" must not be empty or have surrounding spaces",
                )
                .help("copy the id from the workflow editor, e.g. \"dep_...\""),
            );
            None
        }
        Some(_) => {
            problems.push(Diagnostic::new(
                "/deployment_id",
                "\"deployment_id\" must be a string",
            ));
            None
        }
    };

    let description = match root.get("description") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        Some(_) => {
            problems.push(Diagnostic::new(
                "/description",
                "\"description\" must be a string",
            ));
            None
        }
    };

    for (key, what) in [("input", "input"), ("result", "result")] {
        match root.get(key) {
            None => problems.push(
                Diagnostic::new("", format!("workflow file has no \"{key}\" schema"))
                    .help(format!(
                        "add \"{key}\": {{\"type\": \"object\", \"properties\": {{...}}}}: the JSON Schema of the workflow's {what} object"
                    )),
            ),
            Some(schema) => check_root_is_object(&document, schema, &format!("/{key}"), &mut problems),
        }
    }

    for keyword in ["$defs", "definitions"] {
        match root.get(keyword) {
            None | Some(Value::Object(_)) => {}
            Some(_) => problems.push(Diagnostic::new(
                push_pointer("", keyword),
                format!("\"{keyword}\" must be an object of named schemas"),
            )),
        }
    }

    // Every schema that input or result use, following references; definitions nothing
    // uses do not matter to the types or to validation.
    let mut walk = Walk {
        document: &document,
        visited: std::collections::BTreeSet::new(),
        problems: &mut problems,
    };
    for key in ["input", "result"] {
        if let Some(value) = root.get(key) {
            walk.schema(value, &format!("/{key}"));
        }
    }

    let examples = check_examples(root.get("examples"), &mut problems);

    problems.finish()?;
    Ok(WorkflowFile {
        name,
        deployment_id,
        description,
        examples,
        document,
    })
}

/// A JSON value for a message, cut to a few dozen characters.
pub(crate) fn short_json(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 40 {
        return text;
    }
    let cut: String = text.chars().take(37).collect();
    format!("{cut}...")
}

fn has_word(name: &str) -> bool {
    name.chars().any(char::is_alphanumeric)
}

fn suggest(key: &str) -> Option<&'static str> {
    let lower = key.to_lowercase().replace('-', "_");
    KNOWN_KEYS.iter().copied().find(|known| {
        lower == *known
            || lower.trim_end_matches('s') == known.trim_end_matches('s')
            || crate::suggest::edit_distance(&lower, known) <= 2
    })
}

/// `input` and `result` travel as JSON objects: their schemas must describe one.
fn check_root_is_object(document: &Value, schema: &Value, pointer: &str, problems: &mut Problems) {
    let key = pointer.trim_start_matches('/');
    let wrap = format!(
        "the {key} travels as a JSON object: wrap the value in a property, e.g. {{\"type\": \"object\", \"properties\": {{\"value\": ...}}, \"required\": [\"value\"]}}"
    );
    match describes_object(document, schema, pointer, 0) {
        Ok(()) => {}
        Err(found) => problems.push(
            Diagnostic::new(
                pointer,
                format!("\"{key}\" must describe a JSON object, but it describes {found}"),
            )
            .help(wrap),
        ),
    }
}

/// Whether `schema` describes objects only (or any value, for `{}`); `Err` says what it
/// describes instead.
fn describes_object(
    document: &Value,
    schema: &Value,
    pointer: &str,
    depth: usize,
) -> Result<(), String> {
    let Value::Object(members) = schema else {
        return match schema {
            Value::Bool(true) => Ok(()),
            Value::Bool(false) => Err("nothing (`false` accepts no value)".into()),
            _ => Err("no schema (a schema is a JSON object)".into()),
        };
    };
    // A root may also allow `null`: the input still travels as an object, and a result that
    // may be `null` is an `Option`.
    let all_types = types_of(members);
    let types: Vec<&str> = all_types
        .iter()
        .copied()
        .filter(|name| *name != "null")
        .collect();
    if !all_types.is_empty() {
        return if types == ["object"] {
            Ok(())
        } else if types.is_empty() {
            Err("null".into())
        } else {
            Err(types
                .iter()
                .map(|name| match *name {
                    "array" => "an array",
                    "string" => "a string",
                    "number" => "a number",
                    "integer" => "an integer",
                    "boolean" => "a boolean",
                    "object" => "an object",
                    _ => "null",
                })
                .collect::<Vec<_>>()
                .join(" or "))
        };
    }
    if let Some(Value::String(reference)) = members.get("$ref") {
        if depth > 16 {
            return Ok(());
        }
        // Dangling refs are reported by the schema walk; only a resolved target matters here.
        if let Ok(target) = resolve_ref(document, pointer, reference)
            && let Some(target_schema) = document.pointer(&target)
        {
            return describes_object(document, target_schema, &target, depth + 1);
        }
        return Ok(());
    }
    if let Some(Value::Array(values)) = members.get("enum")
        && !values.iter().all(Value::is_object)
    {
        return Err("an enum of values".into());
    }
    if let Some(value) = members.get("const")
        && !value.is_object()
    {
        return Err("a constant".into());
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(Value::Array(variants)) = members.get(keyword) {
            let mut objects = 0;
            for (index, variant) in variants.iter().enumerate() {
                let at = push_pointer(&push_pointer(pointer, keyword), &index.to_string());
                match describes_object(document, variant, &at, depth + 1) {
                    Ok(()) => objects += 1,
                    // `null` next to objects: see above.
                    Err(found) if found == "null" => {}
                    Err(found) => {
                        return Err(format!("{found} in one of its \"{keyword}\" variants"));
                    }
                }
            }
            if objects == 0 && !variants.is_empty() {
                return Err("null".into());
            }
        }
    }
    if members.contains_key("items") || members.contains_key("prefixItems") {
        return Err("an array".into());
    }
    Ok(())
}

struct Walk<'a> {
    document: &'a Value,
    /// Schemas already checked (by JSON pointer): each once, recursion included.
    visited: std::collections::BTreeSet<String>,
    problems: &'a mut Problems,
}

impl<'a> Walk<'a> {
    fn schema(&mut self, schema: &'a Value, pointer: &str) {
        if !self.visited.insert(pointer.to_string()) {
            return;
        }
        let problems = &mut *self.problems;
        let members = match schema {
            Value::Bool(_) => return,
            Value::Object(members) => members,
            _ => {
                problems.push(
                    Diagnostic::new(pointer, "a schema must be a JSON object or a boolean")
                        .help("write {\"type\": \"string\"} and the like"),
                );
                return;
            }
        };

        for (keyword, advice) in REFUSED {
            if members.contains_key(*keyword) {
                problems.push(
                    Diagnostic::new(
                        push_pointer(pointer, keyword),
                        format!("unsupported keyword \"{keyword}\""),
                    )
                    .help(*advice),
                );
            }
        }
        check_type_keyword(members, pointer, problems);
        check_shapes(members, pointer, problems);

        if let Some(reference) = members.get("$ref") {
            match reference {
                Value::String(reference) => match resolve_ref(self.document, pointer, reference) {
                    Ok(target) => {
                        if let Some(target_schema) = self.document.pointer(&target) {
                            self.schema(target_schema, &target);
                        }
                    }
                    Err(problem) => self.problems.push(problem),
                },
                _ => problems.push(Diagnostic::new(
                    push_pointer(pointer, "$ref"),
                    "\"$ref\" must be a string",
                )),
            }
        }

        let mut children: Vec<(&'a Value, String)> = Vec::new();
        for_each_subschema(members, pointer, |subschema, at| {
            // Definitions are checked when something references them.
            if is_direct_child_schema(pointer, &at) {
                children.push((subschema, at));
            }
        });
        for (subschema, at) in children {
            self.schema(subschema, &at);
        }
    }
}

/// Whether `at` is a direct subschema of `pointer` that is not under `$defs`/`definitions`.
fn is_direct_child_schema(pointer: &str, at: &str) -> bool {
    let rest = &at[pointer.len()..];
    !(rest.starts_with("/$defs/") || rest.starts_with("/definitions/"))
}

fn check_type_keyword(members: &Map<String, Value>, pointer: &str, problems: &mut Problems) {
    let at = push_pointer(pointer, "type");
    let bad = |name: &str| {
        let problem = Diagnostic::new(at.clone(), format!("unknown type {name:?}"));
        match TYPE_NAMES
            .iter()
            .find(|known| crate::suggest::edit_distance(name, known) <= 2)
        {
            Some(known) => problem.help(format!("did you mean {known:?}?")),
            None => problem.help(format!("JSON Schema types are: {}", TYPE_NAMES.join(", "))),
        }
    };
    match members.get("type") {
        None => {}
        Some(Value::String(name)) if !TYPE_NAMES.contains(&name.as_str()) => {
            problems.push(bad(name));
        }
        Some(Value::String(_)) => {}
        Some(Value::Array(names)) => {
            if names.is_empty() {
                problems.push(Diagnostic::new(
                    at.clone(),
                    "\"type\" must not be an empty array",
                ));
            }
            for name in names {
                match name {
                    Value::String(name) if TYPE_NAMES.contains(&name.as_str()) => {}
                    Value::String(name) => problems.push(bad(name)),
                    _ => problems.push(Diagnostic::new(
                        at.clone(),
                        "\"type\" must be a type name or an array of type names",
                    )),
                }
            }
        }
        Some(_) => problems.push(Diagnostic::new(
            at,
            "\"type\" must be a type name or an array of type names",
        )),
    }
}

/// Keywords whose value is a number, a count, a string or a boolean: a wrong kind of value
/// makes the embedded schema fail to compile, so it is refused here, at the keyword.
const NUMBERS: &[&str] = &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"];
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
    "minContains",
    "maxContains",
];
// (Annotations such as `title`, `description` and `examples` are left out of the embedded
// schemas, so their values do not matter.)
const STRINGS: &[&str] = &["pattern", "format"];
const BOOLEANS: &[&str] = &["uniqueItems", "readOnly", "writeOnly", "deprecated"];

/// Keywords whose values have a fixed shape.
fn check_shapes(members: &Map<String, Value>, pointer: &str, problems: &mut Problems) {
    for (keyword, value) in members {
        let keyword = keyword.as_str();
        let wrong = if NUMBERS.contains(&keyword) {
            (!value.is_number()).then_some("a number")
        } else if COUNTS.contains(&keyword) {
            let count = value
                .as_f64()
                .is_some_and(|count| count >= 0.0 && count.fract() == 0.0);
            (!count).then_some("a whole number, 0 or more")
        } else if keyword == "multipleOf" {
            let positive = value.as_f64().is_some_and(|factor| factor > 0.0);
            (!positive).then_some("a number greater than 0")
        } else if STRINGS.contains(&keyword) {
            (!value.is_string()).then_some("a string")
        } else if BOOLEANS.contains(&keyword) {
            (!value.is_boolean()).then_some("true or false")
        } else {
            None
        };
        if let Some(wanted) = wrong {
            let mut problem = Diagnostic::new(
                push_pointer(pointer, keyword),
                format!("\"{keyword}\" must be {wanted}, not {}", short_json(value)),
            );
            if keyword.starts_with("exclusiveM") && value.is_boolean() {
                problem = problem.help(format!(
                    "a boolean \"{keyword}\" (draft-04, OpenAPI 3.0) needs the bound next to it: {{\"{}\": 0, \"{keyword}\": true}}",
                    if keyword == "exclusiveMinimum" { "minimum" } else { "maximum" }
                ));
            }
            problems.push(problem);
        }
    }
    if let Some(value) = members.get("required") {
        let ok = value
            .as_array()
            .is_some_and(|names| names.iter().all(Value::is_string));
        if !ok {
            problems.push(Diagnostic::new(
                push_pointer(pointer, "required"),
                "\"required\" must be an array of property names",
            ));
        }
    }
    if let Some(value) = members.get("enum") {
        match value {
            Value::Array(values) if values.is_empty() => problems.push(
                Diagnostic::new(
                    push_pointer(pointer, "enum"),
                    "\"enum\" has no values, so no value can ever match",
                )
                .help("list the allowed values"),
            ),
            Value::Array(_) => {}
            _ => problems.push(Diagnostic::new(
                push_pointer(pointer, "enum"),
                "\"enum\" must be an array of values",
            )),
        }
    }
    for keyword in ["properties", "patternProperties", "$defs", "definitions"] {
        if let Some(value) = members.get(keyword)
            && !value.is_object()
        {
            problems.push(Diagnostic::new(
                push_pointer(pointer, keyword),
                format!("\"{keyword}\" must be an object of schemas"),
            ));
        }
    }
    for keyword in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(value) = members.get(keyword) {
            match value {
                Value::Array(items) if items.is_empty() => problems.push(Diagnostic::new(
                    push_pointer(pointer, keyword),
                    format!("\"{keyword}\" must not be empty"),
                )),
                Value::Array(_) => {}
                _ => problems.push(Diagnostic::new(
                    push_pointer(pointer, keyword),
                    format!("\"{keyword}\" must be an array of schemas"),
                )),
            }
        }
    }
    if let Some(Value::Array(required)) = members.get("required")
        && let Some(Value::Object(properties)) = members.get("properties")
    {
        for (index, name) in required.iter().enumerate() {
            if let Some(name) = name.as_str()
                && properties.get(name) == Some(&Value::Bool(false))
            {
                problems.push(Diagnostic::new(
                            push_pointer(&push_pointer(pointer, "required"), &index.to_string()),
                            format!("property {name:?} is required but its schema is `false`, so no value can ever match"),
                        ));
            }
        }
    }
}

fn check_examples(value: Option<&Value>, problems: &mut Problems) -> Vec<ExampleRun> {
    let Some(value) = value else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        problems.push(
            Diagnostic::new("/examples", "\"examples\" must be an array")
                .help("write [{\"input\": {...}, \"result\": {...}}]"),
        );
        return Vec::new();
    };
    let mut examples = Vec::new();
    for (index, item) in items.iter().enumerate() {
        let at = format!("/examples/{index}");
        let Value::Object(members) = item else {
            problems.push(
                Diagnostic::new(at, "an example must be an object")
                    .help("write {\"input\": {...}, \"result\": {...}}"),
            );
            continue;
        };
        let mut part = |key: &str| match members.get(key) {
            Some(value @ Value::Object(_)) => Some(value.clone()),
            Some(_) => {
                problems.push(Diagnostic::new(
                    push_pointer(&at, key),
                    format!("an example's \"{key}\" must be a JSON object"),
                ));
                None
            }
            None => {
                problems.push(Diagnostic::new(
                    at.clone(),
                    format!("example has no \"{key}\" object"),
                ));
                None
            }
        };
        if let (Some(input), Some(result)) = (part("input"), part("result")) {
            examples.push(ExampleRun { input, result });
        }
    }
    examples
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn problems(result: Value) -> Vec<(String, String)> {
        let file = json!({"input": {"type": "object"}, "result": result});
        match validate(file, "t") {
            Ok(_) => Vec::new(),
            Err(problems) => problems
                .into_iter()
                .map(|problem| (problem.pointer, problem.message))
                .collect(),
        }
    }

    #[test]
    fn keyword_values_of_the_wrong_kind_are_refused_at_the_keyword() {
        let found = problems(json!({
            "type": "object",
            "properties": {
                "a": {"type": "number", "minimum": "0", "exclusiveMaximum": true},
                "b": {"type": "string", "maxLength": -1, "pattern": 5, "description": ["x"]},
                "c": {"type": "number", "multipleOf": 0, "examples": "not an array"}
            }
        }));
        assert_eq!(
            found,
            [
                (
                    "/result/properties/a/minimum".to_string(),
                    "\"minimum\" must be a number, not \"0\"".to_string()
                ),
                (
                    "/result/properties/a/exclusiveMaximum".into(),
                    "\"exclusiveMaximum\" must be a number, not true".into()
                ),
                (
                    "/result/properties/b/maxLength".into(),
                    "\"maxLength\" must be a whole number, 0 or more, not -1".into()
                ),
                (
                    "/result/properties/b/pattern".into(),
                    "\"pattern\" must be a string, not 5".into()
                ),
                (
                    "/result/properties/c/multipleOf".into(),
                    "\"multipleOf\" must be a number greater than 0, not 0".into()
                ),
            ]
        );
        assert_eq!(
            problems(json!({"type": "object", "description": "x".repeat(100), "minItems": 2.0})),
            []
        );
    }
}
