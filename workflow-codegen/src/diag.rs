//! Diagnostics: what is wrong with a workflow file, and where.
//!
//! Every stage reports problems as [`Diagnostic`]s that carry a JSON pointer into the workflow
//! file; [`Diagnostics`] resolves the pointers to line:column against the file's text, so the
//! macro, build.rs and the CLI all print the same messages.

use std::fmt;
use std::path::{Path, PathBuf};

pub use crate::pointer::Location;

/// One problem in a workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// JSON pointer (RFC 6901) of the offending value; `""` is the whole file.
    pub pointer: String,
    /// What is wrong, one line, lowercase.
    pub message: String,
    /// What to do about it, when there is something to suggest.
    pub help: Option<String>,
    /// Where the pointer lands in the file; filled by [`Diagnostics`] when the text is known.
    pub location: Option<Location>,
    /// The front door's option entry the problem is about (the macro spans it there), for a
    /// problem with an option rather than with the file.
    pub argument: Option<usize>,
}

impl Diagnostic {
    /// A problem at `pointer`.
    pub fn new(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            message: message.into(),
            help: None,
            location: None,
            argument: None,
        }
    }

    /// Marks the problem as one with the front door's option entry `index`.
    #[must_use]
    pub fn for_argument(mut self, index: usize) -> Self {
        self.argument = Some(index);
        self
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

/// The one place a stage puts the problems it finds (serde_derive's `Ctxt`): load, validate,
/// plan, the examples check and emit each push every problem into one, in the order found,
/// and end with [`Problems::finish`], or [`Problems::stop`] where they cannot go on; either
/// hands every problem on, so a stage cannot find a problem and forget to report it.
///
/// Forgetting to end it is internal misuse, never something an input causes: `#[must_use]`
/// and the consuming `finish` make it hard, and `Drop` checks it with a `debug_assert!` only
/// (never while unwinding), which the tests catch. Unlike `Ctxt`, nothing panics in a release
/// build: the codegen never panics on any input.
#[derive(Debug)]
#[must_use = "a stage ends with `finish` or `stop`, which report its problems"]
pub(crate) struct Problems {
    found: Vec<Diagnostic>,
    ended: bool,
}

impl Problems {
    /// No problems yet.
    pub(crate) fn new() -> Self {
        Self {
            found: Vec::new(),
            ended: false,
        }
    }

    /// Records a problem, after those already found.
    pub(crate) fn push(&mut self, problem: Diagnostic) {
        self.found.push(problem);
    }

    /// Whether no problem has been found.
    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// How many problems have been found.
    pub(crate) fn len(&self) -> usize {
        self.found.len()
    }

    /// Whether this very problem has been found already.
    pub(crate) fn contains(&self, problem: &Diagnostic) -> bool {
        self.found.contains(problem)
    }

    /// Forgets the problems found after the first `len`: for a stage that tries something
    /// out and reports nothing either way.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.found.truncate(len);
    }

    /// Ends the stage: `Err` with every problem, in the order found, when there is one.
    pub(crate) fn finish(mut self) -> Result<(), Vec<Diagnostic>> {
        self.ended = true;
        let found = std::mem::take(&mut self.found);
        if found.is_empty() { Ok(()) } else { Err(found) }
    }

    /// Ends a stage that cannot go on: every problem found, the one it stops at among them.
    pub(crate) fn stop(mut self) -> Vec<Diagnostic> {
        self.ended = true;
        std::mem::take(&mut self.found)
    }
}

impl Drop for Problems {
    fn drop(&mut self) {
        debug_assert!(
            self.ended || std::thread::panicking(),
            "a stage dropped its problems without `finish` or `stop`: {:?}",
            self.found
        );
    }
}

/// All problems found in one workflow file. This is the error type of the codegen library.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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
                .filter(|index| {
                    problems[*index].location.is_none() && problems[*index].argument.is_none()
                })
                .collect();
            let pointers: Vec<&str> = unplaced
                .iter()
                .map(|index| problems[*index].pointer.as_str())
                .collect();
            let found = crate::pointer::locate_nearest(text, &pointers);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finish_hands_on_every_problem_in_the_order_found() {
        let mut problems = Problems::new();
        problems.push(Diagnostic::new("/b", "second place, first found"));
        problems.push(Diagnostic::new("/a", "first place, second found"));
        let found = problems.finish().expect_err("two problems were found");
        let pointers: Vec<&str> = found.iter().map(|p| p.pointer.as_str()).collect();
        assert_eq!(pointers, ["/b", "/a"]);
    }

    #[test]
    fn a_stage_without_problems_finishes_ok() {
        let mut problems = Problems::new();
        problems.push(Diagnostic::new("", "tried out"));
        problems.truncate(0);
        assert_eq!(problems.finish(), Ok(()));
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "without `finish` or `stop`")]
    fn a_sink_dropped_without_finish_is_caught_in_debug_builds() {
        let mut problems = Problems::new();
        problems.push(Diagnostic::new("", "never reported"));
        drop(problems);
    }
}
