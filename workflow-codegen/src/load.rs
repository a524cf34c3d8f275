//! Load: read a workflow file and parse it as JSON, keeping the text for locations, and the
//! files its `$ref`s point into ([`crate::refs`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Problems};
use crate::pointer::{Location, location_of_offset};
use crate::refs::{Links, Reader, Referenced};

/// A workflow file read from disk (or given as text) and parsed as JSON, with the files its
/// `$ref`s point into.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Source {
    /// The path as the caller named it; used in messages.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// The parsed document, object keys in file order.
    pub value: Value,
    /// The files that its `$ref`s point into, each once, in the order first referenced
    /// (rebuild triggers for the macro and build.rs).
    pub referenced: Vec<Referenced>,
    /// Where each file's reference bases lead.
    pub(crate) links: Links,
    /// Files that `$ref`s name but that could not be read or parsed.
    failed: Vec<PathBuf>,
}

impl Source {
    /// Reads and parses `path`. `shown_as` is how messages name the file (the macro passes
    /// the path the user wrote, not the absolute one).
    pub fn read(path: &Path, shown_as: &Path) -> Result<Self, Diagnostics> {
        let text = std::fs::read_to_string(path).map_err(|error| {
            let message = match error.kind() {
                std::io::ErrorKind::NotFound => {
                    format!("workflow file not found (looked for {})", path.display())
                }
                std::io::ErrorKind::InvalidData => {
                    format!("workflow file is not UTF-8 text ({})", path.display())
                }
                _ => format!("cannot read workflow file {}: {error}", path.display()),
            };
            let help =
                "paths are relative to the crate's Cargo.toml directory (CARGO_MANIFEST_DIR)";
            Diagnostics::single(shown_as, Diagnostic::new("", message).help(help))
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse_in(shown_as, text, &dir, &mut |file: &Path| {
            std::fs::read_to_string(file)
        })
    }

    /// Parses `text` as the workflow file `path`; files its `$ref`s name are read relative to
    /// `path`'s folder.
    pub fn parse(path: &Path, text: String) -> Result<Self, Diagnostics> {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse_in(path, text, &dir, &mut |file: &Path| {
            std::fs::read_to_string(file)
        })
    }

    /// Parses `text` as the workflow file `path`, reading the files its `$ref`s name with
    /// `read` (given paths relative to `path`'s folder, as `path` names it): for tools and
    /// tests with a file set of their own ([`crate::refs::reader_from`]).
    pub fn parse_with(
        path: &Path,
        text: String,
        read: &mut Reader<'_>,
    ) -> Result<Self, Diagnostics> {
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        Self::parse_in(path, text, &dir, read)
    }

    /// Parses `text`, a workflow file given inline (`workflow!(inline = ...)`), named `shown`
    /// in messages; files its `$ref`s name are read from `dir`.
    pub(crate) fn parse_inline(
        shown: &Path,
        text: String,
        dir: &Path,
    ) -> Result<Self, Diagnostics> {
        Self::parse_in(shown, text, dir, &mut |file: &Path| {
            std::fs::read_to_string(file)
        })
    }

    fn parse_in(
        path: &Path,
        text: String,
        dir: &Path,
        read: &mut Reader<'_>,
    ) -> Result<Self, Diagnostics> {
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => {
                let shown_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
                let (referenced, links, failed) = crate::refs::load(&value, dir, &shown_dir, read);
                Ok(Self {
                    path: path.to_path_buf(),
                    text,
                    value,
                    referenced,
                    links,
                    failed,
                })
            }
            Err(error) => {
                let problems = syntax_errors(&text, error);
                Err(Diagnostics::new(path, Some(&text), problems))
            }
        }
    }
}

impl Source {
    /// Every file besides this one whose change can change what it generates: the files its
    /// `$ref`s point into, those that could not be read included (build.rs prints
    /// `cargo:rerun-if-changed` for each).
    pub fn rebuild_triggers(&self) -> Vec<PathBuf> {
        self.referenced
            .iter()
            .map(|file| file.path.clone())
            .chain(self.failed.iter().cloned())
            .collect()
    }
}

/// At most this many syntax errors are reported for one file.
const MAX_SYNTAX_ERRORS: usize = 10;

/// The syntax errors of `text`, `first` (serde_json's) and those after it: serde_json stops at
/// its first error, so each one that has an obvious repair (a trailing comma or a comment
/// blanked out, a missing comma put in) is repaired in a copy, which is parsed again, up to
/// [`MAX_SYNTAX_ERRORS`]. Any other error ends the list: what would follow it is a guess.
/// Each parse is linear in the text, so the work stays bounded.
fn syntax_errors(text: &str, first: serde_json::Error) -> Vec<Diagnostic> {
    let mut problems = Problems::new();
    let mut fixed = text.to_string();
    // Offsets in `fixed` where a byte was put in, to map its offsets back to `text`'s.
    let mut inserted: Vec<usize> = Vec::new();
    let mut error = first;
    let mut last_at = None;
    loop {
        let at = offset_of_line_column(&fixed, error.line(), error.column());
        let location = match at {
            None => None,
            Some(_) if problems.is_empty() => {
                location_of_line_column(text, error.line(), error.column())
            }
            Some(at) => {
                let original = at - inserted.iter().filter(|&&put| put < at).count();
                Some(location_of_offset(text, original.min(text.len())))
            }
        };
        let mut message = error.to_string();
        // serde_json appends " at line L column C": the location says that already.
        if let Some(cut) = message.rfind(" at line ") {
            message.truncate(cut);
        }
        let mut problem = Diagnostic::new("", format!("invalid JSON: {message}"))
            .help("a workflow file is one JSON object; JSON has no comments or trailing commas");
        if let Some(location) = location {
            problem = problem.at(location);
        }
        problems.push(problem);
        let Some(at) = at else { break };
        if problems.len() == MAX_SYNTAX_ERRORS || last_at == Some(at) {
            break;
        }
        last_at = Some(at);
        match repair_syntax(&mut fixed, at, &message) {
            Some(Some(put)) => {
                for earlier in &mut inserted {
                    if *earlier >= put {
                        *earlier += 1;
                    }
                }
                inserted.push(put);
            }
            Some(None) => {}
            None => break,
        }
        match serde_json::from_str::<Value>(&fixed) {
            Ok(_) => break,
            Err(next) => error = next,
        }
    }
    problems.stop()
}

/// Repairs the syntax error `message` found at byte `at` of `text`, in place: a trailing comma
/// or a comment becomes spaces (offsets stay), a missing comma is put in at `at` (returned).
/// `None` when there is no obvious repair.
fn repair_syntax(text: &mut String, at: usize, message: &str) -> Option<Option<usize>> {
    let bytes = text.as_bytes();
    // serde_json says "trailing comma", or, at a `}` after a comma, "key must be a string".
    let closing = matches!(bytes.get(at), Some(b'}' | b']'));
    if message.starts_with("trailing comma") || closing {
        let comma = bytes[..at.min(bytes.len())]
            .iter()
            .rposition(|byte| !byte.is_ascii_whitespace())
            .filter(|&index| bytes[index] == b',')?;
        text.replace_range(comma..=comma, " ");
        return Some(None);
    }
    if message.starts_with("expected `,` or `}`") || message.starts_with("expected `,` or `]`") {
        text.insert(at, ',');
        return Some(Some(at));
    }
    if bytes.get(at) == Some(&b'/') {
        let end = match bytes.get(at + 1) {
            Some(b'/') => bytes[at..]
                .iter()
                .position(|&byte| byte == b'\n')
                .map_or(bytes.len(), |index| at + index),
            Some(b'*') => at + 2 + bytes[at + 2..].windows(2).position(|pair| pair == b"*/")? + 2,
            _ => return None,
        };
        // Spaces for the comment, its line breaks kept, so lines and offsets stay.
        let blank: String = text[at..end]
            .chars()
            .map(|c| if c == '\n' { '\n' } else { ' ' })
            .collect();
        // A multi-byte character becomes one space: pad so the length stays.
        let blank = format!("{blank:<width$}", width = end - at);
        text.replace_range(at..end, &blank);
        return Some(None);
    }
    None
}

/// The byte offset of serde_json's `line`/`column` (1-based; the column counts bytes up to
/// and including the offending one) in `text`; `None` for an error without a place.
fn offset_of_line_column(text: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let mut offset = 0;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            let mut at = offset + column.saturating_sub(1).min(content.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            return Some(at);
        }
        offset += content.len();
    }
    Some(text.len())
}

fn location_of_line_column(text: &str, line: usize, column: usize) -> Option<Location> {
    if line == 0 {
        return None;
    }
    let mut offset = 0;
    for (index, content) in text.split_inclusive('\n').enumerate() {
        if index + 1 == line {
            // serde_json counts columns in bytes; report characters.
            let upto = column.min(content.len());
            let mut cut = upto;
            while cut > 0 && !content.is_char_boundary(cut) {
                cut -= 1;
            }
            let chars = content[..cut].chars().count();
            return Some(Location {
                line,
                column: chars.max(1),
                offset: offset + cut,
            });
        }
        offset += content.len();
    }
    Some(Location {
        line,
        column: column.max(1),
        offset: text.len(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_syntax_error_with_an_obvious_repair_is_reported() {
        let text = "{\n  \"name\": \"x\", // a comment\n  \"input\": {\"type\": \"object\",},\n  \"result\": {\"type\": \"object\" \"properties\": {}},\n}";
        let error = Source::parse(Path::new("bad.json"), text.into()).expect_err("four errors");
        let lines: Vec<String> = error
            .to_string()
            .lines()
            .filter(|line| line.starts_with("bad.json:"))
            .map(str::to_string)
            .collect();
        assert_eq!(
            lines,
            [
                "bad.json:2:16: invalid JSON: key must be a string",
                "bad.json:3:30: invalid JSON: trailing comma",
                "bad.json:4:31: invalid JSON: expected `,` or `}`",
                "bad.json:5:1: invalid JSON: trailing comma",
            ]
        );
    }

    #[test]
    fn a_syntax_error_without_an_obvious_repair_ends_the_list() {
        // After the unterminated string nothing can be told apart: one error, not a cascade.
        let text = "{\n  \"a\": 1,,\n  \"b\": \"open\n}";
        let error = Source::parse(Path::new("bad.json"), text.into()).expect_err("broken");
        assert_eq!(
            error.to_string().matches("invalid JSON").count(),
            1,
            "{error}"
        );
        // A block comment is blanked out with its line breaks, so what follows keeps its line.
        let text = "{\n  /* one\n  two */ \"a\": 1,\n}";
        let error = Source::parse(Path::new("bad.json"), text.into()).expect_err("two errors");
        let shown = error.to_string();
        assert!(
            shown.starts_with(
                "2 problems in bad.json\nbad.json:2:3: invalid JSON: key must be a string"
            ),
            "{shown}"
        );
        assert!(
            shown.contains("bad.json:4:1: invalid JSON: trailing comma"),
            "{shown}"
        );
        assert_eq!(shown.matches("invalid JSON").count(), 2, "{shown}");
    }

    #[test]
    fn at_most_ten_syntax_errors_are_reported() {
        let text = format!("[{}1]", "1 ".repeat(40));
        let error = Source::parse(Path::new("bad.json"), text).expect_err("broken");
        let shown = error.to_string();
        assert_eq!(
            shown.matches("expected `,` or `]`").count(),
            MAX_SYNTAX_ERRORS,
            "{shown}"
        );
        // Each one is placed in the text as written, not in the repaired copy.
        assert!(
            shown.starts_with("10 problems in bad.json\nbad.json:1:4: "),
            "{shown}"
        );
        assert!(shown.contains("bad.json:1:6: "), "{shown}");
    }

    #[test]
    fn invalid_json_reports_line_and_column() {
        let error = Source::parse(Path::new("bad.json"), "{\n  \"a\": 1,\n}".into())
            .expect_err("trailing comma");
        assert_eq!(
            error.to_string(),
            "bad.json:3:1: invalid JSON: trailing comma\n  help: a workflow file is one JSON object; JSON has no comments or trailing commas"
        );
    }
}
