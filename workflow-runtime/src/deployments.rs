//! The deployments Prompt Studio lists, with their schemas: what
//! [`Client::deployments`](crate::Client::deployments) returns, what
//! [`Client::verify`](crate::Client::verify) compares a workflow with, and what `workflow pull`
//! writes workflow files from.
//!
//! The listing is `GET /api/v1/deployments` with `Authorization: Bearer <key>` (the route the
//! vendor's own tools call; it is not on the documented API page). Its answer, as seen in the
//! vendor's public code:
//!
//! ```json
//! {"deployments": [{
//!     "deployment_id": "dep_...", "created_at": "2024-05-01T10:00:00Z",
//!     "recipe_id": "rec_...", "recipe_name": "car",
//!     "schemas": {"request_schema": {...}, "response_schema": {...}}
//! }]}
//! ```
//!
//! What is assumed beyond that, because nothing documents it:
//!
//! - **Schemas** ([`schema_of`]) may be JSON Schema objects (used as they are), JSON text of
//!   one (parsed), or a flat map of field names to type names (`{"prompt": "string"}`), read
//!   as an object whose fields are all required, each of that type (`string`, `number`,
//!   `integer`, `boolean`, `object`, `array`, and `text` for `string`). Anything else is an
//!   error naming the deployment; a deployment without schemas is listed with `None`.
//! - **Pages**: when an answer carries a `next` (an absolute URL on the same origin, a path, or
//!   a cursor), `next_cursor` or `cursor` field, the client fetches the next page (a cursor as
//!   `?cursor=<value>`) until there is none or `has_more` is `false`, at most 1,000 pages and
//!   within the client's response size limit in total; a page that repeats an earlier one, or a
//!   `next` URL on another origin (which would receive the key), is an error.
//! - A bare JSON array is read as the list itself; `id` stands in for a missing
//!   `deployment_id`; a numeric `created_at` is kept as its text.

use serde_json::{Map, Value, json};

/// One deployment in Prompt Studio's listing.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Deployment {
    /// What runs are sent to: `dep_...`.
    pub deployment_id: String,
    /// The workflow's name in the editor (`recipe_name`), when listed.
    pub name: Option<String>,
    /// The workflow's own id (`recipe_id`), when listed.
    pub recipe_id: Option<String>,
    /// When it was deployed, as the listing wrote it.
    pub created_at: Option<String>,
    /// The input schema as listed (`schemas.request_schema`), in whatever form it came:
    /// [`input_schema`](Self::input_schema) gives it as a JSON Schema.
    pub request_schema: Option<Value>,
    /// The result schema as listed (`schemas.response_schema`): see
    /// [`result_schema`](Self::result_schema).
    pub response_schema: Option<Value>,
}

impl Deployment {
    /// A deployment with no name, dates or schemas: to list in a
    /// `MockStudio` (feature `testing`) or compare with in a test.
    pub fn new(deployment_id: impl Into<String>) -> Self {
        Deployment {
            deployment_id: deployment_id.into(),
            name: None,
            recipe_id: None,
            created_at: None,
            request_schema: None,
            response_schema: None,
        }
    }

    /// This deployment with `name` as its `recipe_name`.
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// This deployment with `created_at`.
    pub fn created_at(mut self, created_at: impl Into<String>) -> Self {
        self.created_at = Some(created_at.into());
        self
    }

    /// This deployment with these schemas, as the listing would carry them.
    pub fn schemas(mut self, request_schema: Value, response_schema: Value) -> Self {
        self.request_schema = Some(request_schema);
        self.response_schema = Some(response_schema);
        self
    }

    /// The input schema as a JSON Schema ([`schema_of`]).
    ///
    /// # Errors
    ///
    /// When the listing has none, or has one in a form this client cannot read; the message
    /// names the deployment.
    pub fn input_schema(&self) -> Result<Value, String> {
        self.schema("request_schema", self.request_schema.as_ref())
    }

    /// The result schema as a JSON Schema ([`schema_of`]).
    ///
    /// # Errors
    ///
    /// As [`input_schema`](Self::input_schema).
    pub fn result_schema(&self) -> Result<Value, String> {
        self.schema("response_schema", self.response_schema.as_ref())
    }

    fn schema(&self, key: &str, schema: Option<&Value>) -> Result<Value, String> {
        let described = self.described();
        let schema = schema
            .ok_or_else(|| format!("deployment {described} is listed without a schemas.{key}"))?;
        schema_of(schema)
            .map_err(|problem| format!("deployment {described}: schemas.{key} {problem}"))
    }

    /// `dep_123 (car)`, or the id alone.
    pub(crate) fn described(&self) -> String {
        let id = crate::safe::text(&self.deployment_id, "", crate::safe::CONTEXT_LIMIT);
        match &self.name {
            Some(name) => format!(
                "{id} ({})",
                crate::safe::text(name, "", crate::safe::CONTEXT_LIMIT)
            ),
            None => id,
        }
    }

    /// The deployment as a listing entry, the way the service writes it.
    pub fn to_json(&self) -> Value {
        let mut entry = Map::new();
        entry.insert("deployment_id".into(), json!(self.deployment_id));
        for (key, value) in [
            ("created_at", &self.created_at),
            ("recipe_id", &self.recipe_id),
            ("recipe_name", &self.name),
        ] {
            if let Some(value) = value {
                entry.insert(key.into(), json!(value));
            }
        }
        let mut schemas = Map::new();
        for (key, value) in [
            ("request_schema", &self.request_schema),
            ("response_schema", &self.response_schema),
        ] {
            if let Some(value) = value {
                schemas.insert(key.into(), value.clone());
            }
        }
        if !schemas.is_empty() {
            entry.insert("schemas".into(), Value::Object(schemas));
        }
        Value::Object(entry)
    }
}

/// Keywords that make an object a JSON Schema rather than a flat map of fields.
const SCHEMA_KEYWORDS: [&str; 12] = [
    "type",
    "properties",
    "$schema",
    "$ref",
    "$defs",
    "definitions",
    "oneOf",
    "anyOf",
    "allOf",
    "enum",
    "const",
    "required",
];

/// A listed schema as a JSON Schema: a JSON Schema object as it is, JSON text of one parsed,
/// a flat map of field names to type names (`{"prompt": "string"}`) as an object schema with
/// every field required. The [module docs](self) say why.
///
/// ```
/// use serde_json::json;
/// use workflow_runtime::deployments::schema_of;
///
/// assert_eq!(
///     schema_of(&json!({"n": "integer", "prompt": "string"})).unwrap(),
///     json!({
///         "type": "object",
///         "properties": {"n": {"type": "integer"}, "prompt": {"type": "string"}},
///         "required": ["n", "prompt"]
///     })
/// );
/// let schema = json!({"type": "object", "properties": {}});
/// assert_eq!(schema_of(&json!(schema.to_string())).unwrap(), schema);
/// assert_eq!(
///     schema_of(&json!({"prompt": "str"})).unwrap_err(),
///     "is a map of fields, and field \"prompt\" has the type \"str\", which is none of string, \
///      number, integer, boolean, object, array"
/// );
/// ```
///
/// # Errors
///
/// For anything else, saying what it is.
pub fn schema_of(listed: &Value) -> Result<Value, String> {
    match listed {
        Value::String(text) => match serde_json::from_str::<Value>(text) {
            Ok(parsed @ Value::Object(_)) => schema_of(&parsed),
            Ok(other) => Err(format!(
                "is JSON text of {}, not of a JSON Schema object",
                kind_of(&other)
            )),
            Err(error) => Err(format!(
                "is a string that is not JSON ({error}), not a JSON Schema"
            )),
        },
        Value::Object(map) if map.is_empty() => Ok(json!({"type": "object"})),
        Value::Object(map) if SCHEMA_KEYWORDS.iter().any(|key| map.contains_key(*key)) => {
            Ok(listed.clone())
        }
        Value::Object(map) => flat_map(map),
        other => Err(format!("is {}, not a JSON Schema object", kind_of(other))),
    }
}

/// `{"field": "type"}` (or `{"field": {schema}}`) as an object schema.
fn flat_map(map: &Map<String, Value>) -> Result<Value, String> {
    let mut properties = Map::new();
    for (field, value) in map {
        let schema = match value {
            Value::String(name) => {
                let name = match name.as_str() {
                    "text" => "string",
                    other => other,
                };
                if !["string", "number", "integer", "boolean", "object", "array"].contains(&name) {
                    return Err(format!(
                        "is a map of fields, and field {} has the type {}, which is none of \
                         string, number, integer, boolean, object, array",
                        Value::String(crate::safe::text(field, "", 64)),
                        Value::String(crate::safe::text(name, "", 64)),
                    ));
                }
                json!({"type": name})
            }
            Value::Object(_) => value.clone(),
            other => {
                return Err(format!(
                    "is neither a JSON Schema nor a map of fields to type names: field {} is {}",
                    Value::String(crate::safe::text(field, "", 64)),
                    kind_of(other)
                ));
            }
        };
        properties.insert(field.clone(), schema);
    }
    let required: Vec<Value> = map.keys().map(|field| json!(field)).collect();
    Ok(json!({"type": "object", "properties": properties, "required": required}))
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// One page of the listing, read.
#[derive(Debug)]
pub(crate) struct Page {
    pub(crate) deployments: Vec<Deployment>,
    /// Where the next page is, when the answer says.
    pub(crate) next: Option<Next>,
}

/// How the answer points at its next page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// An absolute URL or a path.
    Url(String),
    /// A cursor, sent as `?cursor=`.
    Cursor(String),
}

/// A page of the listing from its JSON: `{"deployments": [...]}` (or a bare array), each entry
/// an object with a `deployment_id`. The error is `(path, message)`.
pub(crate) fn parse_page(body: &Value) -> Result<Page, (String, String)> {
    let (entries, page) = match body {
        Value::Array(entries) => (entries, None),
        Value::Object(page) => match page.get("deployments") {
            Some(Value::Array(entries)) => (entries, Some(page)),
            Some(other) => {
                return Err((
                    "deployments".into(),
                    format!("expected an array of deployments, found {}", kind_of(other)),
                ));
            }
            None => {
                return Err((
                    String::new(),
                    "the answer has no `deployments` array: it is not a deployments listing".into(),
                ));
            }
        },
        other => {
            return Err((
                String::new(),
                format!(
                    "expected an object with a `deployments` array, found {}",
                    kind_of(other)
                ),
            ));
        }
    };
    let mut deployments = Vec::with_capacity(entries.len());
    for (index, entry) in entries.iter().enumerate() {
        deployments.push(parse_entry(entry).map_err(|(field, message)| {
            let path = if field.is_empty() {
                format!("deployments[{index}]")
            } else {
                format!("deployments[{index}].{field}")
            };
            (path, message)
        })?);
    }
    let next = page.and_then(next_of);
    Ok(Page { deployments, next })
}

fn next_of(page: &Map<String, Value>) -> Option<Next> {
    if page.get("has_more") == Some(&Value::Bool(false)) {
        return None;
    }
    let text = |key: &str| {
        page.get(key)
            .and_then(Value::as_str)
            .filter(|text| !text.is_empty())
            .map(str::to_owned)
    };
    if let Some(next) = text("next") {
        let is_url =
            next.starts_with('/') || next.starts_with("http://") || next.starts_with("https://");
        return Some(if is_url {
            Next::Url(next)
        } else {
            Next::Cursor(next)
        });
    }
    text("next_cursor")
        .or_else(|| text("cursor"))
        .map(Next::Cursor)
}

fn parse_entry(entry: &Value) -> Result<Deployment, (String, String)> {
    let Value::Object(entry) = entry else {
        return Err((
            String::new(),
            format!("expected a deployment object, found {}", kind_of(entry)),
        ));
    };
    let text = |key: &str| -> Result<Option<String>, (String, String)> {
        match entry.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) => Ok(Some(text.clone())),
            Some(Value::Number(number)) => Ok(Some(number.to_string())),
            Some(other) => Err((
                key.to_owned(),
                format!("expected a string, found {}", kind_of(other)),
            )),
        }
    };
    let deployment_id = match (text("deployment_id")?, text("id")?) {
        (Some(id), _) | (None, Some(id)) if !id.is_empty() => id,
        _ => {
            return Err((
                "deployment_id".into(),
                "missing: every deployment needs its id".into(),
            ));
        }
    };
    let (request_schema, response_schema) = match entry.get("schemas") {
        None | Some(Value::Null) => (None, None),
        Some(Value::Object(schemas)) => {
            let schema = |key: &str| schemas.get(key).filter(|value| !value.is_null()).cloned();
            (schema("request_schema"), schema("response_schema"))
        }
        Some(other) => {
            return Err((
                "schemas".into(),
                format!(
                    "expected an object with request_schema and response_schema, found {}",
                    kind_of(other)
                ),
            ));
        }
    };
    Ok(Deployment {
        deployment_id,
        name: text("recipe_name")?,
        recipe_id: text("recipe_id")?,
        created_at: text("created_at")?,
        request_schema,
        response_schema,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_entry_reads_every_documented_field() {
        let page = parse_page(&json!({"deployments": [{
            "deployment_id": "dep_1", "created_at": "2024-05-01T10:00:00Z",
            "recipe_id": "rec_1", "recipe_name": "car",
            "schemas": {"request_schema": {"prompt": "string"}, "response_schema": null}
        }]}))
        .unwrap();
        assert_eq!(page.next, None);
        let deployment = &page.deployments[0];
        assert_eq!(deployment.deployment_id, "dep_1");
        assert_eq!(deployment.name.as_deref(), Some("car"));
        assert_eq!(deployment.recipe_id.as_deref(), Some("rec_1"));
        assert_eq!(
            deployment.created_at.as_deref(),
            Some("2024-05-01T10:00:00Z")
        );
        assert_eq!(deployment.request_schema, Some(json!({"prompt": "string"})));
        assert_eq!(deployment.response_schema, None);
        assert_eq!(
            deployment.result_schema().unwrap_err(),
            "deployment dep_1 (car) is listed without a schemas.response_schema"
        );
        // The entry written back is the entry read, less the null.
        let mut written = deployment.to_json();
        written["schemas"]["response_schema"] = Value::Null;
        assert_eq!(
            parse_page(&json!([written])).unwrap().deployments[0],
            *deployment
        );
    }

    #[test]
    fn bad_entries_name_their_place() {
        let error = |body: Value| parse_page(&body).unwrap_err();
        assert_eq!(
            error(json!({"deployments": [{"deployment_id": "a"}, {"recipe_name": "x"}]})),
            (
                "deployments[1].deployment_id".to_owned(),
                "missing: every deployment needs its id".to_owned()
            )
        );
        assert_eq!(
            error(json!({"deployments": [{"deployment_id": "a", "schemas": []}]})).0,
            "deployments[0].schemas"
        );
        assert_eq!(
            error(json!({"deployments": [7]})),
            (
                "deployments[0]".to_owned(),
                "expected a deployment object, found a number".to_owned()
            )
        );
        assert_eq!(
            error(json!({"items": []})).1,
            "the answer has no `deployments` array: it is not a deployments listing"
        );
        assert_eq!(
            error(json!("x")).1,
            "expected an object with a `deployments` array, found a string"
        );
    }

    #[test]
    fn pages_point_at_the_next_by_url_path_or_cursor() {
        let next = |page: Value| parse_page(&page).unwrap().next;
        let page = |extra: Value| {
            let mut page = json!({"deployments": []});
            page.as_object_mut()
                .unwrap()
                .extend(extra.as_object().unwrap().clone());
            page
        };
        assert_eq!(
            next(page(
                json!({"next": "https://api.prompt.studio/api/v1/deployments?page=2"})
            )),
            Some(Next::Url(
                "https://api.prompt.studio/api/v1/deployments?page=2".into()
            ))
        );
        assert_eq!(
            next(page(json!({"next": "/api/v1/deployments?page=2"}))),
            Some(Next::Url("/api/v1/deployments?page=2".into()))
        );
        assert_eq!(
            next(page(json!({"next": "abc"}))),
            Some(Next::Cursor("abc".into()))
        );
        assert_eq!(
            next(page(json!({"next_cursor": "c2"}))),
            Some(Next::Cursor("c2".into()))
        );
        assert_eq!(next(page(json!({"cursor": "c3", "has_more": false}))), None);
        assert_eq!(next(page(json!({"next": null, "cursor": ""}))), None);
    }

    #[test]
    fn schemas_come_as_objects_text_or_flat_maps() {
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        assert_eq!(schema_of(&schema).unwrap(), schema);
        assert_eq!(schema_of(&json!(schema.to_string())).unwrap(), schema);
        assert_eq!(
            schema_of(&json!({"a": "text", "b": {"type": "array"}})).unwrap(),
            json!({
                "type": "object",
                "properties": {"a": {"type": "string"}, "b": {"type": "array"}},
                "required": ["a", "b"]
            })
        );
        assert_eq!(schema_of(&json!({})).unwrap(), json!({"type": "object"}));
        assert_eq!(
            schema_of(&json!([1])).unwrap_err(),
            "is an array, not a JSON Schema object"
        );
        assert_eq!(
            schema_of(&json!("[1]")).unwrap_err(),
            "is JSON text of an array, not of a JSON Schema object"
        );
        assert_eq!(
            schema_of(&json!({"a": 3})).unwrap_err(),
            "is neither a JSON Schema nor a map of fields to type names: field \"a\" is a number"
        );
        assert!(
            schema_of(&json!("nope"))
                .unwrap_err()
                .starts_with("is a string that is not JSON (")
        );
    }
}
