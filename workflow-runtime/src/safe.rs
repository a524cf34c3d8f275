//! The one place where text that came from outside, a server's body, header or error message,
//! a caller's deployment id or URL, becomes safe to show in a `Display`, a `Debug`, a tracing
//! field or a log line: the API key blanked out, control characters escaped (no terminal or log
//! injection: no raw ESC, CR or LF, no bidirectional overrides), and the length bounded, cut on
//! a character boundary with a note saying how much was cut.

use std::fmt::{self, Write as _};

/// What the key is replaced with wherever it shows up.
pub(crate) const REDACTED: &str = "<redacted>";

/// Longest `workflow`/`deployment id` shown in an error's context, in bytes.
pub(crate) const CONTEXT_LIMIT: usize = 128;
/// Longest message of a serde error (it quotes the offending value) kept in an error.
pub(crate) const MESSAGE_LIMIT: usize = 768;
/// Longest path (`result.entities[1].kind`, keys from the body) kept in an error or a repair.
pub(crate) const PATH_LIMIT: usize = 200;
/// Longest header value (request id, `Location`) kept.
pub(crate) const HEADER_LIMIT: usize = 200;
/// Longest configuration message kept (they quote what the caller passed).
pub(crate) const CONFIG_LIMIT: usize = 1024;

/// `text` made safe to show: every occurrence of `secret` replaced by `<redacted>`, control
/// and bidirectional-formatting characters escaped, and at most about `limit` bytes of the
/// result kept, cut on a character boundary and followed by `… (N bytes cut)`.
pub(crate) fn text(text: &str, secret: &str, limit: usize) -> String {
    let redacted = redact(text, secret);
    let mut shown = String::with_capacity(redacted.len().min(limit) + 24);
    let cut = escape_into(&mut shown, &redacted, limit);
    if cut > 0 {
        let _ = write!(shown, "… ({cut} bytes cut)");
    }
    shown
}

/// `prefix`, the start of a longer text of `total` bytes, made safe like [`text`]: the note says
/// how much of the whole was cut. For a huge value shown in a message, without copying it.
pub(crate) fn text_prefix(prefix: &str, total: usize, secret: &str, limit: usize) -> String {
    let redacted = redact(prefix, secret);
    let mut shown = String::with_capacity(redacted.len().min(limit) + 24);
    let cut = escape_into(&mut shown, &redacted, limit);
    let cut = if cut > 0 || total > prefix.len() {
        // What was kept of the prefix, in the original's bytes: the prefix less what did not
        // fit (a redacted key counts as its own length).
        let kept = prefix.len().saturating_sub(cut.min(prefix.len()));
        total.saturating_sub(kept)
    } else {
        0
    };
    if cut > 0 {
        let _ = write!(shown, "… ({cut} bytes cut)");
    }
    shown
}

/// The start of a response body as text, made safe like [`text`]. `complete` says whether
/// `body` is the whole body: an error body is only read as far as its snippet, and then how
/// much was left unread is not known.
pub(crate) fn body(body: &[u8], secret: &str, limit: usize, complete: bool) -> String {
    let lossy = String::from_utf8_lossy(body);
    let redacted = redact(&lossy, secret);
    let mut shown = String::with_capacity(redacted.len().min(limit) + 24);
    let cut = escape_into(&mut shown, &redacted, limit);
    if cut > 0 && complete {
        let _ = write!(shown, "… ({cut} bytes cut)");
    } else if cut > 0 || !complete {
        shown.push_str("… (cut, the rest was not read)");
    }
    shown
}

/// `text` with every occurrence of `secret` replaced; borrowed when there is none.
pub(crate) fn redact<'t>(text: &'t str, secret: &str) -> std::borrow::Cow<'t, str> {
    if !secret.is_empty() && text.contains(secret) {
        text.replace(secret, REDACTED).into()
    } else {
        text.into()
    }
}

/// Whether `c` must not reach a terminal or a log line as it is.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Appends `text` to `out`, escaped, while `out` stays within `limit` bytes; returns how many
/// bytes of `text` did not fit.
fn escape_into(out: &mut String, text: &str, limit: usize) -> usize {
    let start = out.len();
    for (index, c) in text.char_indices() {
        let before = out.len();
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                _ => {
                    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
                }
            }
        } else {
            out.push(c);
        }
        if out.len() - start > limit {
            out.truncate(before);
            return text.len() - index;
        }
    }
    0
}

/// Shows a text escaped and bounded without allocating: for the context of every error message
/// (workflow names and deployment ids, which callers pass).
pub(crate) struct Escaped<'a>(pub(crate) &'a str, pub(crate) usize);

impl fmt::Display for Escaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Escaped(text, limit) = *self;
        if text.len() <= limit && !text.chars().any(needs_escape) {
            return f.write_str(text);
        }
        let mut shown = String::with_capacity(limit.min(text.len()) + 24);
        let cut = escape_into(&mut shown, text, limit);
        f.write_str(&shown)?;
        if cut > 0 {
            write!(f, "… ({cut} bytes cut)")?;
        }
        Ok(())
    }
}

/// A URL as the caller wrote it, for a message: whatever sits before an `@` in its authority
/// (user and password) and everything after a `?` or `#` (query values: keys, tokens) replaced,
/// then escaped and bounded. The URL may not even parse, so this works on the text.
pub(crate) fn url(text: &str) -> String {
    let (scheme, rest) = match text.find("://") {
        Some(at) => text.split_at(at + 3),
        None => ("", text),
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    let mut shown = String::from(scheme);
    match authority.rfind('@') {
        Some(at) => {
            shown.push_str(REDACTED);
            shown.push_str(&authority[at..]);
        }
        None => shown.push_str(authority),
    }
    match path.find(['?', '#']) {
        Some(at) => {
            shown.push_str(&path[..at]);
            shown.push_str(&path[at..=at]);
            shown.push_str(REDACTED);
        }
        None => shown.push_str(path),
    }
    self::text(&shown, "", HEADER_LIMIT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_plain_text_is_kept_as_it_is() {
        assert_eq!(
            text("server answered {}", "sk-1", 100),
            "server answered {}"
        );
    }

    #[test]
    fn the_secret_is_blanked_out_everywhere() {
        assert_eq!(
            text("a sk-1 b sk-1", "sk-1", 100),
            "a <redacted> b <redacted>"
        );
        assert_eq!(text("a sk-1", "", 100), "a sk-1");
    }

    #[test]
    fn control_and_bidi_characters_are_escaped() {
        assert_eq!(
            text("a\u{1b}[31mred\r\nnext\t\u{202e}x\u{7f}", "", 100),
            "a\\u{1b}[31mred\\r\\nnext\\t\\u{202e}x\\u{7f}"
        );
    }

    #[test]
    fn long_text_is_cut_on_a_char_boundary_saying_how_much() {
        let long = format!("{}€€", "a".repeat(9));
        assert_eq!(text(&long, "", 10), "aaaaaaaaa… (6 bytes cut)");
        // An escape that would cross the limit is not cut in half.
        assert_eq!(text("abcdefgh\u{1b}z", "", 10), "abcdefgh… (2 bytes cut)");
    }

    #[test]
    fn the_secret_is_redacted_before_the_cut() {
        // A key straddling the limit is blanked out whole, never shown in part.
        let shown = text("abcdefsk-live-1234", "sk-live-1234", 10);
        assert_eq!(shown, "abcdef<red… (6 bytes cut)");
        assert!(!shown.contains("sk-"), "{shown}");
    }

    #[test]
    fn bodies_say_whether_the_rest_was_read() {
        assert_eq!(body(b"{}", "", 10, true), "{}");
        assert_eq!(
            body(b"0123456789abc", "", 10, true),
            "0123456789… (3 bytes cut)"
        );
        assert_eq!(
            body(b"0123456789abc", "", 10, false),
            "0123456789… (cut, the rest was not read)"
        );
        assert_eq!(body(b"ok\xff", "", 10, true), "ok\u{fffd}");
    }

    #[test]
    fn escaped_context_is_bounded() {
        assert_eq!(Escaped("dep_123", 10).to_string(), "dep_123");
        assert_eq!(Escaped("dep\n1", 10).to_string(), "dep\\n1");
        assert_eq!(
            Escaped("0123456789ab", 10).to_string(),
            "0123456789… (2 bytes cut)"
        );
    }

    #[test]
    fn urls_lose_their_userinfo_and_query_values() {
        assert_eq!(
            url("https://user:pass@api.example.com/v1?api_key=sk-1#x"),
            "https://<redacted>@api.example.com/v1?<redacted>"
        );
        assert_eq!(url("http://host:8080/a/b"), "http://host:8080/a/b");
        assert_eq!(url("api.prompt.studio"), "api.prompt.studio");
        assert_eq!(url("host?token=1"), "host?<redacted>");
        assert_eq!(url("https://a@b@host/"), "https://<redacted>@host/");
    }
}
