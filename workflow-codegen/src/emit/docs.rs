//! Schema text made safe as rustdoc, and doc attributes for it.

use proc_macro2::TokenStream;
use quote::quote;

/// `#![doc]` attributes (the item's own docs from inside it) for already safe rustdoc.
pub(super) fn inner_doc_lines(text: &str) -> TokenStream {
    let text = doc_safe(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[doc]` attributes for text that is already safe rustdoc.
pub(super) fn doc_lines(text: &str) -> TokenStream {
    let text = doc_safe(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes schema text safe as rustdoc: code blocks become `text` blocks (rustdoc would run an
/// untagged or indented block as a doctest in the user's crate) and stray brackets and angle
/// brackets are escaped (rustdoc would read them as links or HTML).
pub(crate) fn sanitize_doc(text: &str) -> String {
    let text = doc_safe(text);
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            out.push(line.to_string());
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_end()
                    == trimmed
                        .trim_end()
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect::<String>()
            {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let info = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            if indented {
                out.push("```".to_string());
                indented = false;
            }
            if is_rust_info(info) {
                out.push(format!("{indent}{marker}text"));
            } else {
                out.push(line.to_string());
            }
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        let code_line = line.starts_with("    ") || line.starts_with('\t');
        if indented {
            if code_line || line.trim().is_empty() {
                out.push(
                    line.strip_prefix("    ")
                        .or_else(|| line.strip_prefix('\t'))
                        .unwrap_or(line)
                        .to_string(),
                );
                continue;
            }
            // Blank lines that ended the block belong after it.
            let mut blanks = 0;
            while out.last().is_some_and(|line| line.trim().is_empty()) {
                out.pop();
                blanks += 1;
            }
            out.push("```".to_string());
            out.extend(std::iter::repeat_n(String::new(), blanks));
            indented = false;
        } else if code_line && previous_blank && !line.trim().is_empty() {
            out.push("```text".to_string());
            out.push(
                line.strip_prefix("    ")
                    .or_else(|| line.strip_prefix('\t'))
                    .unwrap_or(line)
                    .to_string(),
            );
            indented = true;
            continue;
        }
        out.push(escape_markdown(line));
        previous_blank = line.trim().is_empty();
    }
    if indented {
        // Drop trailing blank lines inside the block, then close it.
        while out.last().is_some_and(|line| line.trim().is_empty()) {
            out.pop();
        }
        out.push("```".to_string());
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out.join("\n")
}

/// Text that rustc takes as written in a doc comment: line breaks are `\n` (a bare `\r` is an
/// error in a doc comment), and other control characters and the characters that change the
/// direction of text (refused by rustc's `text_direction_codepoint_in_comment` lint) are
/// shown escaped (`\u{1b}`, `\u{202e}`).
pub(super) fn doc_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\r' => out.push('\n'),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_rust_info(info: &str) -> bool {
    info.is_empty()
        || info
            .split([',', ' '])
            .filter(|word| !word.is_empty())
            .all(|word| {
                matches!(
                    word,
                    "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail" | "test_harness"
                ) || word.starts_with("edition")
            })
}

/// Escapes `[`, `]`, `<` and `>` outside inline code, and wraps bare URLs in `<...>`.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if rest.starts_with("https://") || rest.starts_with("http://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''))
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

pub(super) fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}
