//! Diagnostics: what is wrong with a workflow file, and where.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry a JSON pointer into the workflow
//! file; [`Diagnostics`] resolves the pointers to line:column against the file's text, so the
//! macro, build.rs and the CLI all print the same messages.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and column (in characters) in a workflow file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the position in the file's text.
    pub offset: usize,
}

/// One problem in a workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) of the offending value; `""` is the whole file.
    pub pointer: String,
    /// What is wrong, one line, lowercase.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub help: Option<String>,
    /// Where the pointer lands in the file; filled by [`Diagnostics`] when the text is known.
    pub location: Option<Location>,
}

impl Diagnostic {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            location: None,
        }
    }

    /// Adds a suggestion.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Pins the problem to a place in the file's text.
    #[must_use]
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(location);
        self
    }
}

/// All problems found in one workflow file. This is the error type of the codegen library.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostics {
    /// The workflow file, as given by the caller (relative paths stay relative).
    pub file: PathBuf,
    /// The problems, in the order they were found (file order for validation).
    pub problems: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Problems of `file`; pointers are resolved to line:column against `text` when given.
    pub fn new(file: &Path, text: Option<&str>, mut problems: Vec<Diagnostic>) -> Self {
        if let Some(text) = text {
            let unplaced: Vec<usize> = (0..problems.len())
                .filter(|index| problems[*index].location.is_none())
                .collect();
            let pointers: Vec<&str> = unplaced
                .iter()
                .map(|index| problems[*index].pointer.as_str())
                .collect();
            let found = crate::load::locate_nearest(text, &pointers);
            for (index, location) in unplaced.into_iter().zip(found) {
                problems[index].location = location;
            }
            // File order reads best; the sort is stable for problems at the same place.
            problems.sort_by_key(|problem| problem.location.map_or(0, |location| location.offset));
        }
        Self {
            file: file.to_path_buf(),
            problems,
        }
    }

    /// One problem that is not about a place in the file (it could not be read, say).
    pub fn single(file: &Path, problem: Diagnostic) -> Self {
        Self::new(file, None, vec![problem])
    }

    /// Each problem as one block of text: `file:line:column: pointer: message` and a
    /// `help:` line when there is one.
    pub fn render_each(&self) -> impl Iterator<Item = String> + '_ {
        self.problems.iter().map(|problem| self.render(problem))
    }

    fn render(&self, problem: &Diagnostic) -> String {
        let mut out = self.file.display().to_string();
        if let Some(location) = problem.location {
            out.push_str(&format!(":{}:{}", location.line, location.column));
        }
        out.push_str(": ");
        if !problem.pointer.is_empty() {
            out.push_str(&format!("at {}: ", problem.pointer));
        }
        out.push_str(&problem.message);
        if let Some(help) = &problem.help {
            out.push_str("\n  help: ");
            out.push_str(help);
        }
        out
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        if count > 1 {
            writeln!(f, "{count} problems in {}", self.file.display())?;
        }
        for (index, block) in self.render_each().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{block}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if token.contains(['~', '/']) {
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(token);
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens; `None` if it is not a pointer.
pub fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}
