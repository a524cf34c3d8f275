//! [`assert_workflow_file`]: the exported workflow file, committed and checked for drift.

use std::path::{Path, PathBuf};

use crate::workflow::Workflow;

/// The variable that makes [`assert_workflow_file`] rewrite the file instead of failing.
const UPDATE_VAR: &str = "WORKFLOW_UPDATE";

/// At most this many lines of a diff are shown; the rest is counted.
const MAX_DIFF_LINES: usize = 200;

/// Checks that the file at `path` is `W`'s workflow file as [`export`](crate::export) writes
/// it (pretty-printed JSON, two-space indents, a trailing newline): a test that fails when the
/// Rust types change the schemas, so that the committed file shows what changed, in review
/// and against the deployed workflow.
///
/// `path` is relative to the package's directory (`CARGO_MANIFEST_DIR`, which Cargo sets when
/// it runs tests; the working directory without it); an absolute path is taken as it is.
///
/// ```no_run
/// # struct Car;
/// # impl workflow_runtime::Workflow for Car {
/// #     type Input = serde_json::Value;
/// #     type Output = serde_json::Value;
/// #     const NAME: &'static str = "car";
/// #     const DEPLOYMENT_ID: Option<&'static str> = None;
/// # }
/// #[test]
/// fn car_schemas_are_committed() {
///     workflow_runtime::testing::assert_workflow_file::<Car>("schemas/car.json");
/// }
/// ```
///
/// # Panics
///
/// When the file is missing or differs, with a line diff (`-` the file, `+` the export) and
/// how to update it: run the test again with `WORKFLOW_UPDATE=1`, which writes the file
/// (through a temporary file renamed over it, creating its folder) and passes. Also when
/// `W`'s schemas cannot be exported ([`export`](crate::export)'s errors), or the file cannot
/// be read or written.
#[track_caller]
pub fn assert_workflow_file<W: Workflow>(path: impl AsRef<Path>) {
    let shown = path.as_ref();
    let update = std::env::var_os(UPDATE_VAR).is_some_and(|value| value == "1");
    if let Err(message) = check::<W>(&full_path(shown), shown, update) {
        panic!("{message}");
    }
}

/// [`assert_workflow_file`]'s work, its panic message as the error: the file at `full`
/// (`shown` in messages) against `W`'s export, rewritten when `update`.
fn check<W: Workflow>(full: &Path, shown: &Path, update: bool) -> Result<(), String> {
    let file = crate::export::export::<W>()
        .map_err(|error| format!("cannot export workflow {}: {error}", W::NAME))?;
    let expected = crate::export::to_text(&file);
    let found = match std::fs::read_to_string(full) {
        Ok(found) => Some(found),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(format!("cannot read {}: {error}", full.display())),
    };
    if found.as_deref() == Some(expected.as_str()) {
        return Ok(());
    }
    if update {
        return write(full, &expected)
            .map_err(|error| format!("cannot write {}: {error}", full.display()));
    }
    Err(match found {
        None => format!(
            "{} does not exist: run the test with {UPDATE_VAR}=1 to write workflow {}'s file \
             there, and commit it",
            shown.display(),
            W::NAME
        ),
        Some(found) => format!(
            "{} is not workflow {}'s file as its types export it (- the file, + the export):\n\
             {}\nrun the test with {UPDATE_VAR}=1 to rewrite it, and review the change: the \
             deployed workflow's schemas must change the same way",
            shown.display(),
            W::NAME,
            line_diff(&found, &expected)
        ),
    })
}

fn full_path(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_path_buf();
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir).join(path),
        None => path.to_path_buf(),
    }
}

/// `text` written to `path` whole or not at all: a temporary file beside it, renamed over it.
fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, text)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

/// A line diff of `old` and `new`: the changed lines with `-` / `+` and up to two lines of
/// context around them, `@@ line N` before each hunk. A longest common subsequence over the
/// lines between the common head and tail (files of schemas are small; past 4 million cells
/// the middle is shown as removed and added whole).
pub(crate) fn line_diff(old: &str, new: &str) -> String {
    let old: Vec<&str> = old.lines().collect();
    let new: Vec<&str> = new.lines().collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let tail = old[head..]
        .iter()
        .rev()
        .zip(new[head..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (&old[head..old.len() - tail], &new[head..new.len() - tail]);
    // (tag, line index in old or new, text): ' ' both, '-' old only, '+' new only.
    let mut ops: Vec<(char, usize, &str)> = Vec::new();
    for (index, line) in old[..head].iter().enumerate() {
        ops.push((' ', index, line));
    }
    if a.len().saturating_mul(b.len()) <= 4_000_000 {
        // lcs[i][j]: the longest common subsequence of a[i..] and b[j..].
        let width = b.len() + 1;
        let mut lcs = vec![0u32; (a.len() + 1) * width];
        for i in (0..a.len()).rev() {
            for j in (0..b.len()).rev() {
                lcs[i * width + j] = if a[i] == b[j] {
                    lcs[(i + 1) * width + j + 1] + 1
                } else {
                    lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < a.len() || j < b.len() {
            if i < a.len() && j < b.len() && a[i] == b[j] {
                ops.push((' ', head + i, a[i]));
                i += 1;
                j += 1;
            } else if i < a.len()
                && (j == b.len() || lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])
            {
                ops.push(('-', head + i, a[i]));
                i += 1;
            } else {
                ops.push(('+', head + j, b[j]));
                j += 1;
            }
        }
    } else {
        ops.extend(a.iter().enumerate().map(|(i, line)| ('-', head + i, *line)));
        ops.extend(b.iter().enumerate().map(|(j, line)| ('+', head + j, *line)));
    }
    for (index, line) in old[old.len() - tail..].iter().enumerate() {
        ops.push((' ', old.len() - tail + index, line));
    }
    const CONTEXT: usize = 2;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let shown = |k: usize| {
        changed
            .iter()
            .any(|&c| c.saturating_sub(CONTEXT) <= k && k <= c + CONTEXT)
    };
    let mut out = String::new();
    let mut lines = 0;
    let mut last: Option<usize> = None;
    for (k, (tag, index, text)) in ops.iter().enumerate() {
        if !shown(k) {
            continue;
        }
        if lines == MAX_DIFF_LINES {
            let left = (k..ops.len()).filter(|&k| ops[k].0 != ' ').count();
            out.push_str(&format!("... and {left} more changed lines\n"));
            break;
        }
        if last.is_none_or(|last| last + 1 != k) {
            out.push_str(&format!("@@ line {}\n", index + 1));
        }
        out.push_str(&format!("{tag} {text}\n"));
        lines += 1;
        last = Some(k);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tiny;

    impl Workflow for Tiny {
        type Input = serde_json::Value;
        type Output = serde_json::Value;
        const NAME: &'static str = "tiny";
        const DEPLOYMENT_ID: Option<&'static str> = None;
        const INPUT_SCHEMA: Option<&'static str> = Some(r#"{"type": "object"}"#);
        const RESULT_SCHEMA: Option<&'static str> = Some(r#"{"type": "object"}"#);
    }

    const TINY: &str = "{\n  \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n  \
                        \"name\": \"tiny\",\n  \"input\": {\n    \"type\": \"object\"\n  },\n  \
                        \"result\": {\n    \"type\": \"object\"\n  }\n}\n";

    #[test]
    fn a_missing_file_fails_and_is_written_on_update() {
        let dir = std::env::temp_dir().join(format!("workflow-file-{}-a", std::process::id()));
        let full = dir.join("nested/tiny.json");
        let shown = Path::new("schemas/tiny.json");
        assert_eq!(
            check::<Tiny>(&full, shown, false),
            Err(
                "schemas/tiny.json does not exist: run the test with WORKFLOW_UPDATE=1 to \
                 write workflow tiny's file there, and commit it"
                    .to_owned()
            )
        );
        assert_eq!(check::<Tiny>(&full, shown, true), Ok(()));
        assert_eq!(std::fs::read_to_string(&full).ok().as_deref(), Some(TINY));
        assert_eq!(check::<Tiny>(&full, shown, false), Ok(()));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_stale_file_fails_with_its_diff_and_is_rewritten_on_update() {
        let dir = std::env::temp_dir().join(format!("workflow-file-{}-b", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temp dir");
        let full = dir.join("tiny.json");
        std::fs::write(&full, TINY.replace("\"tiny\"", "\"small\"")).expect("written");
        let message = check::<Tiny>(&full, Path::new("tiny.json"), false).expect_err("stale");
        assert!(
            message.starts_with(
                "tiny.json is not workflow tiny's file as its types export it (- the file, + \
                 the export):\n@@ line 1\n  {\n    \"$schema\": \"https://json-schema.org/\
                 draft/2020-12/schema\",\n-   \"name\": \"small\",\n+   \"name\": \"tiny\",\n"
            ),
            "{message}"
        );
        assert_eq!(check::<Tiny>(&full, Path::new("tiny.json"), true), Ok(()));
        assert_eq!(std::fs::read_to_string(&full).ok().as_deref(), Some(TINY));
        let leftovers = std::fs::read_dir(&dir).expect("dir").count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_diff_shows_changed_lines_with_context() {
        let old =
            "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3,\n  \"d\": 4,\n  \"e\": 5,\n  \"f\": 6\n}\n";
        let new =
            "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 30,\n  \"d\": 4,\n  \"e\": 5,\n  \"f\": 6\n}\n";
        assert_eq!(
            line_diff(old, new),
            "@@ line 2\n    \"a\": 1,\n    \"b\": 2,\n-   \"c\": 3,\n+   \"c\": 30,\n    \"d\": 4,\n    \"e\": 5,\n"
        );
    }

    #[test]
    fn added_and_removed_lines_are_told_apart() {
        assert_eq!(
            line_diff("a\nb\nc\n", "a\nc\nd\n"),
            "@@ line 1\n  a\n- b\n  c\n+ d\n"
        );
    }
}
