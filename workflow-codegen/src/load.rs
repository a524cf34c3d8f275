//! Load: read a workflow file and parse it as JSON, keeping the text for locations.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::{Diagnostic, Diagnostics, Location, pointer_tokens};

/// A workflow file read from disk (or given as text) and parsed as JSON.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the caller named it; used in messages.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// The parsed document, object keys in file order.
    pub value: Value,
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
        Self::parse(shown_as, text)
    }

    /// Parses `text` as the workflow file `path`.
    pub fn parse(path: &Path, text: String) -> Result<Self, Diagnostics> {
        match serde_json::from_str::<Value>(&text) {
            Ok(value) => Ok(Self {
                path: path.to_path_buf(),
                text,
                value,
            }),
            Err(error) => {
                let location = location_of_line_column(&text, error.line(), error.column());
                let mut message = error.to_string();
                // serde_json appends " at line L column C": the location says that already.
                if let Some(cut) = message.rfind(" at line ") {
                    message.truncate(cut);
                }
                let mut problem = Diagnostic::new("", format!("invalid JSON: {message}")).help(
                    "a workflow file is one JSON object; JSON has no comments or trailing commas",
                );
                if let Some(location) = location {
                    problem = problem.at(location);
                }
                Err(Diagnostics::new(path, Some(&text), vec![problem]))
            }
        }
    }
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

/// Finds where the value at JSON `pointer` starts in `text`; for an object member, where its
/// key starts, so messages point at `"if": ...` rather than at its value.
pub fn locate(text: &str, pointer: &str) -> Option<Location> {
    let tokens = pointer_tokens(pointer)?;
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    scanner.skip_ws();
    let offset = scanner.find(&tokens)?;
    Some(location_of_offset(text, offset))
}

fn location_of_offset(text: &str, offset: usize) -> Location {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Location {
        line,
        column,
        offset,
    }
}

/// A minimal scanner over text that serde_json has already accepted as JSON.
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// At the start of a value: the offset of the value (or member key) at `tokens`.
    fn find(&mut self, tokens: &[String]) -> Option<usize> {
        let Some((first, rest)) = tokens.split_first() else {
            return Some(self.pos);
        };
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key_start = self.pos;
                    let key = self.string()?;
                    self.skip_ws();
                    self.expect(b':')?;
                    self.skip_ws();
                    if key == *first {
                        return if rest.is_empty() {
                            Some(key_start)
                        } else {
                            self.find(rest)
                        };
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            b'[' => {
                let wanted: usize = first.parse().ok()?;
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == wanted {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                    index += 1;
                }
            }
            _ => None,
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads a string token and decodes it.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.skip_string()?;
        serde_json::from_str(&self.text[start..self.pos]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"a\": {\"b/c\": [1, {\"d\": true}]},\n  \"é\": \"x\"\n}";

    #[test]
    fn locate_points_at_member_keys_and_array_items() {
        assert_eq!(locate(TEXT, "").map(|l| (l.line, l.column)), Some((1, 1)));
        assert_eq!(locate(TEXT, "/a").map(|l| (l.line, l.column)), Some((2, 3)));
        assert_eq!(
            locate(TEXT, "/a/b~1c/1/d").map(|l| (l.line, l.column)),
            Some((2, 21))
        );
        assert_eq!(
            locate(TEXT, "/a/b~1c/0").map(|l| (l.line, l.column)),
            Some((2, 17))
        );
        assert_eq!(locate(TEXT, "/é").map(|l| (l.line, l.column)), Some((3, 3)));
        assert_eq!(locate(TEXT, "/missing"), None);
        assert_eq!(locate(TEXT, "/a/b~1c/7"), None);
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
