//! Diagnostics as text with a snippet of the file, in the style of rustc, miette and ariadne:
//!
//! ```text
//! error: example result does not match the result schema: 7 is greater than the maximum of 5
//!   --> schemas/triage.json:12:9
//!    |
//! 12 |         "urgency": 7,
//!    |         ^ at /examples/0/result/urgency
//!    |
//!    = help: fix the example, or the result schema at /result/properties/urgency/maximum
//! ```

use std::path::Path;

use workflow_codegen::{Diagnostic, Diagnostics};

/// Characters of a line shown around the column when the line is longer (minified JSON).
const WINDOW: usize = 100;
/// Characters kept before the column in such a window.
const LEAD: usize = 40;

/// Every problem of one file, each as a block; blocks are separated by a blank line.
pub(crate) fn render(diagnostics: &Diagnostics) -> String {
    // The CLI names files by the path it read them from, so the text can be read again here.
    let text = std::fs::read_to_string(&diagnostics.file).ok();
    diagnostics
        .problems
        .iter()
        .map(|problem| render_problem(&diagnostics.file, text.as_deref(), problem))
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn render_problem(file: &Path, text: Option<&str>, problem: &Diagnostic) -> String {
    let mut out = format!("error: {}\n", problem.message);
    // A problem with the file as a whole sits at its first character; one found while
    // parsing (invalid JSON) has a place but no pointer.
    let pointer = match (problem.pointer.as_str(), problem.location) {
        ("", Some(location)) if location.offset > 0 => String::new(),
        // A problem with a `--derive`, `--replace`, ... flag, not with a place in the file.
        ("", None) if problem.argument.is_some() => "a command-line option".to_string(),
        ("", _) => "the whole file".to_string(),
        (pointer, _) => format!("at {pointer}"),
    };
    let line = problem.location.and_then(|location| {
        let content = text?.split('\n').nth(location.line.checked_sub(1)?)?;
        Some((location, content.trim_end_matches('\r')))
    });
    match line {
        Some((location, content)) => {
            let number = location.line.to_string();
            let pad = " ".repeat(number.len());
            let (shown, caret) = window(content, location.column.saturating_sub(1));
            out.push_str(&format!(
                "{pad}--> {}:{}:{}\n",
                file.display(),
                location.line,
                location.column
            ));
            out.push_str(&format!("{pad} |\n"));
            out.push_str(&format!("{number} | {shown}\n"));
            out.push_str(format!("{pad} | {caret}^ {pointer}").trim_end());
            out.push('\n');
            if let Some(help) = &problem.help {
                out.push_str(&format!("{pad} |\n{pad} = help: {help}\n"));
            }
        }
        None => {
            let location = problem
                .location
                .map(|location| format!(":{}:{}", location.line, location.column))
                .unwrap_or_default();
            out.push_str(&format!(" --> {}{location} ({pointer})\n", file.display()));
            if let Some(help) = &problem.help {
                out.push_str(&format!("  = help: {help}\n"));
            }
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The part of `line` to show and the indentation that puts a caret under character `column`
/// (0-based): the whole line when short, a window around the column otherwise. Tabs stay
/// tabs in the indentation so the caret lines up.
fn window(line: &str, column: usize) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let column = column.min(chars.len());
    let (start, end) = if chars.len() <= WINDOW {
        (0, chars.len())
    } else {
        let start = column.saturating_sub(LEAD);
        (start, (start + WINDOW).min(chars.len()))
    };
    let mut shown = String::new();
    let mut caret = String::new();
    if start > 0 {
        shown.push('…');
        caret.push(' ');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    caret.extend(
        chars[start..column]
            .iter()
            .map(|&c| if c == '\t' { '\t' } else { ' ' }),
    );
    (shown, caret)
}

/// `2 files, 3 problems`: the last line of `workflow check`.
pub(crate) fn summary(files: usize, problems: usize) -> String {
    let plural = |count: usize, word: &str| match count {
        1 => format!("1 {word}"),
        _ => format!("{count} {word}s"),
    };
    match problems {
        0 => format!("{}, no problems", plural(files, "file")),
        _ => format!("{}, {}", plural(files, "file"), plural(problems, "problem")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(200), "b".repeat(200));
        let (shown, caret) = window(&line, 200);
        assert_eq!(shown.chars().count(), WINDOW + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(caret.chars().count()), Some('X'));
    }

    #[test]
    fn tabs_keep_the_caret_under_the_column() {
        let (shown, caret) = window("\t\"a\": 1", 1);
        assert_eq!(shown, "\t\"a\": 1");
        assert_eq!(caret, "\t");
    }

    #[test]
    fn summary_counts_files_and_problems() {
        assert_eq!(summary(1, 0), "1 file, no problems");
        assert_eq!(summary(2, 1), "2 files, 1 problem");
        assert_eq!(summary(3, 4), "3 files, 4 problems");
    }
}
