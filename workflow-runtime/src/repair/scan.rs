//! Reading JSON text in place, for the repair walk: where a value starts and ends, what kind it
//! is, the members of an object and the items of an array, without building any tree.
//!
//! The scanner is loose on purpose: it finds the structure of valid JSON exactly and never
//! panics or loops on anything else, but does not report every syntax error; the typed decode
//! that follows every repair does, and a body that is not JSON is never repaired (see
//! `super::decode_answer`). Every function is linear in the bytes it looks at.

use std::borrow::Cow;

/// The kind of a JSON value, from its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
}

pub(crate) fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        at += 1;
    }
    at
}

pub(crate) fn kind(bytes: &[u8], at: usize) -> Option<Kind> {
    Some(match bytes.get(at)? {
        b'n' => Kind::Null,
        b't' | b'f' => Kind::Bool,
        b'"' => Kind::String,
        b'[' => Kind::Array,
        b'{' => Kind::Object,
        b'-' | b'0'..=b'9' => Kind::Number,
        _ => return None,
    })
}

/// The end (exclusive) of the string whose opening quote is at `at`.
pub(crate) fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut next = at + 1;
    loop {
        let rest = bytes.get(next..)?;
        next += quote_or_backslash(rest)?;
        if bytes.get(next) == Some(&b'"') {
            return Some(next + 1);
        }
        // A backslash and the character it escapes (`\u` is followed by plain hex digits).
        next += 2;
    }
}

/// Where the first `"` or `\\` in `bytes` is: eight bytes at a time (the long strings of a
/// hostile answer are where the walk spends its time).
fn quote_or_backslash(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS != 0;
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        if has_zero(word ^ (ONES * u64::from(b'"'))) || has_zero(word ^ (ONES * u64::from(b'\\'))) {
            break;
        }
        offset += 8;
    }
    bytes
        .get(offset..)?
        .iter()
        .position(|&byte| byte == b'"' || byte == b'\\')
        .map(|found| offset + found)
}

/// The end of a number or literal starting at `at`.
fn scalar_end(bytes: &[u8], at: usize) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|byte| {
            matches!(
                byte,
                b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t' | b':'
            )
        })
        .unwrap_or(rest.len())
}

/// The end (exclusive) of the value starting at `at`.
pub(crate) fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    match kind(bytes, at)? {
        Kind::String => string_end(bytes, at),
        Kind::Array | Kind::Object => container_end(bytes, at),
        _ => Some(scalar_end(bytes, at)),
    }
}

fn container_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut next = at;
    loop {
        match *bytes.get(next)? {
            b'"' => {
                next = string_end(bytes, next)?;
                continue;
            }
            b'[' | b'{' => depth += 1,
            b']' | b'}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(next + 1);
                }
            }
            _ => {}
        }
        next += 1;
    }
}

/// What follows in an object or array: another entry, or the end (exclusive) of the container.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Next {
    /// A member: its key (the string, quotes included) and where its value starts.
    Member {
        key: (usize, usize),
        value: usize,
    },
    /// An item, starting here.
    Item(usize),
    End(usize),
}

/// The next member of an object, from just after its `{` or after a member's value.
pub(crate) fn next_member(bytes: &[u8], at: usize) -> Option<Next> {
    let mut at = skip_ws(bytes, at);
    match bytes.get(at)? {
        b'}' => return Some(Next::End(at + 1)),
        b',' => at = skip_ws(bytes, at + 1),
        _ => {}
    }
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let key_end = string_end(bytes, at)?;
    let colon = skip_ws(bytes, key_end);
    if bytes.get(colon) != Some(&b':') {
        return None;
    }
    Some(Next::Member {
        key: (at, key_end),
        value: skip_ws(bytes, colon + 1),
    })
}

/// The next item of an array, from just after its `[` or after an item.
pub(crate) fn next_item(bytes: &[u8], at: usize) -> Option<Next> {
    let mut at = skip_ws(bytes, at);
    match bytes.get(at)? {
        b']' => return Some(Next::End(at + 1)),
        b',' => at = skip_ws(bytes, at + 1),
        _ => {}
    }
    kind(bytes, at)?;
    Some(Next::Item(at))
}

/// The text of the string at `start..end` (quotes included), unescaped; borrowed when it has
/// no escapes. `None` when it is not valid.
pub(crate) fn string_text(bytes: &[u8], start: usize, end: usize) -> Option<Cow<'_, str>> {
    let inner = bytes.get(start + 1..end.checked_sub(1)?)?;
    if !inner.contains(&b'\\') {
        return std::str::from_utf8(inner).ok().map(Cow::Borrowed);
    }
    serde_json::from_slice::<String>(bytes.get(start..end)?)
        .ok()
        .map(Cow::Owned)
}

/// Whether the number at `start..end` is an integer as a typed decode sees it: no fraction or
/// exponent in the text, and within `i64`/`u64`.
pub(crate) fn is_integer(bytes: &[u8], start: usize, end: usize) -> bool {
    let text = bytes.get(start..end).unwrap_or_default();
    !text.iter().any(|byte| matches!(byte, b'.' | b'e' | b'E'))
        && serde_json::from_slice::<serde_json::Number>(text)
            .is_ok_and(|number| number.is_i64() || number.is_u64())
}

/// Whether `text` is one JSON value, nothing else around it but whitespace, no deeper than a
/// typed decode reads (128 levels): checked without building it. (serde_json skips a value of
/// any depth, so the depth is checked first, which also gives up at once on a text that opens
/// more brackets than that.)
pub(crate) fn is_json(text: &[u8]) -> bool {
    within_depth(text, MAX_DEPTH) && serde_json::from_slice::<serde::de::IgnoredAny>(text).is_ok()
}

/// The nesting serde_json reads at most.
pub(crate) const MAX_DEPTH: usize = 128;

/// Whether `text` never nests brackets (outside strings) deeper than `limit`.
fn within_depth(text: &[u8], limit: usize) -> bool {
    let mut depth = 0usize;
    let mut at = 0;
    while let Some(&byte) = text.get(at) {
        match byte {
            b'"' => match string_end(text, at) {
                Some(end) => {
                    at = end;
                    continue;
                }
                None => return true,
            },
            b'[' | b'{' => {
                depth += 1;
                if depth > limit {
                    return false;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_end_where_json_says() {
        let text = br#"{"a": [1, "]", {"b": "\"}"}], "c": null} tail"#;
        assert_eq!(value_end(text, 0), Some(text.len() - 5));
        assert_eq!(value_end(b"12.5e3,", 0), Some(6));
        assert_eq!(value_end(b"\"a\\\\\"x", 0), Some(5));
        assert_eq!(value_end(b"[[[", 0), None);
        assert_eq!(value_end(b"\"open", 0), None);
        assert_eq!(value_end(b"]", 0), None);
    }

    #[test]
    fn members_and_items_are_found_in_order() {
        let text = br#"{ "a" : 1 , "b":[2,3]}"#;
        let Some(Next::Member { key, value }) = next_member(text, 1) else {
            panic!()
        };
        assert_eq!(&text[key.0..key.1], b"\"a\"");
        let end = value_end(text, value).unwrap();
        let Some(Next::Member { key, value }) = next_member(text, end) else {
            panic!()
        };
        assert_eq!(&text[key.0..key.1], b"\"b\"");
        assert_eq!(next_item(text, value + 1), Some(Next::Item(value + 1)));
        let end = value_end(text, value).unwrap();
        assert_eq!(next_member(text, end), Some(Next::End(text.len())));
        assert_eq!(next_member(b"{}", 1), Some(Next::End(2)));
        assert_eq!(next_member(b"{1}", 1), None);
    }

    #[test]
    fn quotes_and_backslashes_are_found_in_any_position() {
        for length in 0..40 {
            for at in 0..length {
                for special in [b'"', b'\\'] {
                    let mut bytes = vec![b'a'; length];
                    bytes[at] = special;
                    assert_eq!(quote_or_backslash(&bytes), Some(at), "{length} {at}");
                }
            }
            assert_eq!(quote_or_backslash(&vec![b'a'; length]), None);
        }
        // Bytes with the high bit set are not mistaken for either.
        assert_eq!(quote_or_backslash("ééééééé\"".as_bytes()), Some(14));
    }

    #[test]
    fn strings_are_unescaped_only_when_needed() {
        assert!(matches!(
            string_text(b"\"plain\"", 0, 7),
            Some(Cow::Borrowed("plain"))
        ));
        assert_eq!(string_text(br#""a\nb""#, 0, 6).as_deref(), Some("a\nb"));
        assert_eq!(string_text(b"\"\xff\"", 0, 3), None);
    }

    #[test]
    fn json_is_json_only_within_the_depth_a_decode_reads() {
        assert!(is_json(b" [1, {\"a\": \"[[[\"}] "));
        assert!(is_json(&[b"[".repeat(128), b"]".repeat(128)].concat()));
        assert!(!is_json(&[b"[".repeat(129), b"]".repeat(129)].concat()));
        assert!(!is_json(&b"[".repeat(1 << 20)));
        assert!(!is_json(b"[1] x"));
    }

    #[test]
    fn integers_are_told_from_floats() {
        assert!(is_integer(b"42", 0, 2));
        assert!(is_integer(b"-7", 0, 2));
        assert!(!is_integer(b"3.0", 0, 3));
        assert!(!is_integer(b"1e3", 0, 3));
        assert!(!is_integer(b"99999999999999999999", 0, 20));
    }
}
