//! What `diff` and `pull --check` compare: two versions of a workflow file, each schema as
//! written, classified by the runtime's [`drift`] rules, plus the file-level changes (the name,
//! which names the generated module, and the deployment id).

use std::fmt::Write as _;

use serde_json::{Map, Value};
use workflow_runtime::drift::{self, Change, Severity};

/// One line of a report: a schema change, or a change to the file's own keys.
#[derive(Debug)]
pub(crate) struct Line {
    pub(crate) severity: Severity,
    pub(crate) text: String,
}

impl From<Change> for Line {
    fn from(change: Change) -> Self {
        Line {
            severity: change.severity,
            text: change.to_string(),
        }
    }
}

/// The schema under `role` (`input` or `result`) of a workflow file as written, with the
/// file's shared `$defs` and `definitions` copied in where the schema has none of that name,
/// so that its `#/$defs/...` references resolve as the engine resolves them (the schema's own
/// root first, then the file's).
pub(crate) fn role_schema(file: &Value, role: &str) -> Value {
    let mut schema = file.get(role).cloned().unwrap_or(Value::Bool(true));
    if let Value::Object(map) = &mut schema {
        for key in ["$defs", "definitions"] {
            let Some(Value::Object(shared)) = file.get(key) else {
                continue;
            };
            let own = map
                .entry(key.to_owned())
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(own) = own {
                for (name, definition) in shared {
                    own.entry(name.clone())
                        .or_insert_with(|| definition.clone());
                }
            }
        }
    }
    schema
}

/// Whether two workflow files say the same: the same schemas once the shared `$defs` are
/// copied in ([`role_schema`]), and the same other keys. Where the definitions live is not a
/// difference: a file with shared `$defs` is in sync with the self-contained schemas that the
/// listing has.
pub(crate) fn same(old: &Value, new: &Value) -> bool {
    let rest = |file: &Value| -> Map<String, Value> {
        file.as_object()
            .map(|map| {
                map.iter()
                    .filter(|(key, _)| {
                        !matches!(key.as_str(), "$defs" | "definitions" | "input" | "result")
                    })
                    .map(|(key, value)| (key.clone(), value.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    ["input", "result"]
        .iter()
        .all(|role| role_schema(old, role) == role_schema(new, role))
        && rest(old) == rest(new)
}

/// Every change from workflow file `old` to `new`: the name and deployment id, then the input
/// schema's changes, then the result's.
pub(crate) fn changes(old: &Value, new: &Value) -> Vec<Line> {
    let mut lines = Vec::new();
    let text = |file: &Value, key: &str| file.get(key).and_then(Value::as_str).map(str::to_owned);
    let (old_name, new_name) = (text(old, "name"), text(new, "name"));
    if old_name != new_name {
        lines.push(Line {
            severity: Severity::Breaking,
            text: format!(
                "breaking: name {} -> {}: the generated module and marker type are renamed, so \
                 code that uses them stops compiling",
                shown(old_name.as_deref()),
                shown(new_name.as_deref())
            ),
        });
    }
    let (old_id, new_id) = (text(old, "deployment_id"), text(new, "deployment_id"));
    if old_id != new_id {
        lines.push(Line {
            severity: Severity::Compatible,
            text: format!(
                "compatible: deployment_id {} -> {}: runs go to the new deployment",
                shown(old_id.as_deref()),
                shown(new_id.as_deref())
            ),
        });
    }
    let changes = drift::diff_workflow(
        &role_schema(old, "input"),
        &role_schema(old, "result"),
        &role_schema(new, "input"),
        &role_schema(new, "result"),
    );
    lines.extend(changes.into_iter().map(Line::from));
    lines
}

fn shown(text: Option<&str>) -> String {
    text.map_or_else(|| "(none)".to_owned(), |text| format!("{text:?}"))
}

/// How many lines are breaking.
pub(crate) fn breaking(lines: &[Line]) -> usize {
    lines
        .iter()
        .filter(|line| line.severity == Severity::Breaking)
        .count()
}

/// `  <line>` for each line, indented under a heading.
pub(crate) fn render(lines: &[Line]) -> String {
    let mut text = String::new();
    for line in lines {
        let _ = writeln!(text, "  {}", line.text);
    }
    text
}

/// `3 changes (1 breaking, 2 compatible)`, or `no changes`.
pub(crate) fn summary(lines: usize, breaking: usize) -> String {
    match lines {
        0 => "no changes".to_owned(),
        1 => format!(
            "1 change ({})",
            if breaking == 1 {
                "breaking"
            } else {
                "compatible"
            }
        ),
        _ => format!(
            "{lines} changes ({breaking} breaking, {} compatible)",
            lines - breaking
        ),
    }
}
