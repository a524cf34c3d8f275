//! Reading values out of LLM text: JSON inside a string (plain, fenced, or in prose), numbers,
//! integers and booleans written as strings, and bounded snippets of values for messages.

use std::io::Write;

use serde_json::{Number, Value};

use super::Rule;
use super::scan::{self, Kind};

/// How many bytes of a value [`Repair::before`](super::Repair::before) and messages keep.
pub(super) const SNIPPET_LIMIT: usize = 80;

/// Prose is searched for JSON with a budget of bytes looked at: its length (and a little more),
/// whatever it holds, so that a text full of brackets costs what a plain one does.
const PROSE_BUDGET_FACTOR: usize = 1;
const PROSE_BUDGET_EXTRA: usize = 4096;
/// serde_json reads no deeper than this: a candidate nested deeper cannot parse, so its scan
/// stops there.
const MAX_NESTING: usize = 128;

/// The JSON object or array a string holds, when it holds one `wanted` accepts: the whole
/// string (trimmed), else the content of its first Markdown fence, else the first balanced
/// `{...}` / `[...]` in the text that parses and that `fits_in_prose` accepts (what it returns
/// comes back with the candidate). Returns the rule and the candidate's text.
///
/// Prose is the least certain reading, so it is read with care: only when the text (or its
/// fence) is not JSON itself (`{"a": [1]}` where an array is wanted is an object, not the
/// array inside it), only values standing on their own in the text (not one nested in a value
/// that parsed), and only a candidate the caller says fits the schema ("see [1]" is not an
/// array of citations). The search is linear in the text: candidates deeper than serde_json
/// reads are given up at that depth, and all starts together look at no more than about the
/// text's length.
pub(super) fn json_in<'t, T>(
    text: &'t str,
    wanted: impl Fn(Kind) -> bool,
    fits_in_prose: impl FnMut(&'t str) -> Option<T>,
) -> Option<(Rule, &'t str, Option<T>)> {
    json_in_noting(text, wanted, fits_in_prose, &mut false)
}

/// [`json_in`], also noting in `saw_json` whether the text held any JSON object or array at all
/// (of any type, fitting or not): when it held none, no other wanted type finds any either.
pub(super) fn json_in_noting<'t, T>(
    text: &'t str,
    wanted: impl Fn(Kind) -> bool,
    mut fits_in_prose: impl FnMut(&'t str) -> Option<T>,
    saw_json: &mut bool,
) -> Option<(Rule, &'t str, Option<T>)> {
    let usable = |candidate: &str| {
        scan::kind(candidate.as_bytes(), 0)
            .is_some_and(|kind| matches!(kind, Kind::Object | Kind::Array) && wanted(kind))
    };
    let whole = text.trim();
    if scan::is_json(whole.as_bytes()) {
        *saw_json = true;
        return usable(whole).then_some((Rule::JsonFromString, whole, None));
    }
    if let Some(fence) = fenced(text) {
        let fence = fence.trim();
        if scan::is_json(fence.as_bytes()) {
            *saw_json = true;
            return usable(fence).then_some((Rule::JsonFromFence, fence, None));
        }
    }
    let bytes = text.as_bytes();
    let mut budget = bytes
        .len()
        .saturating_mul(PROSE_BUDGET_FACTOR)
        .saturating_add(PROSE_BUDGET_EXTRA);
    // Starts before this are inside a value that parsed.
    let mut parsed_until = 0;
    let mut from = 0;
    let mut open = Vec::with_capacity(MAX_NESTING + 1);
    while let Some(offset) = bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|byte| matches!(byte, b'{' | b'[')))
    {
        let start = from + offset;
        from = start + 1;
        budget = budget.saturating_sub(offset);
        if budget == 0 {
            return None;
        }
        if start < parsed_until {
            continue;
        }
        let (end, looked_at) = balanced_end(bytes, start, budget, &mut open);
        budget = budget.saturating_sub(looked_at);
        if end.is_none() && looked_at > MAX_NESTING {
            // Given up for its depth: the starts inside a run of opening brackets that long
            // would be too, each after as long a look. Skip to where fewer are left.
            let run = bytes
                .get(start..)
                .unwrap_or_default()
                .iter()
                .position(|byte| !matches!(byte, b'{' | b'['))
                .unwrap_or(bytes.len() - start);
            budget = budget.saturating_sub(run / 8);
            if run > MAX_NESTING {
                from = from.max(start + run - MAX_NESTING);
            }
        }
        let Some(candidate) = end.and_then(|end| text.get(start..end)) else {
            continue;
        };
        budget = budget.saturating_sub(candidate.len());
        if !scan::is_json(candidate.as_bytes()) {
            continue;
        }
        *saw_json = true;
        parsed_until = start + candidate.len();
        if usable(candidate)
            && let Some(found) = fits_in_prose(candidate)
        {
            return Some((Rule::JsonFromText, candidate, Some(found)));
        }
    }
    None
}

/// Which JSON rule a string that held nothing usable was read with, for the error.
pub(super) fn json_rule_for(text: &str) -> Rule {
    let trimmed = text.trim_start();
    if text.contains("```") {
        Rule::JsonFromFence
    } else if trimmed.starts_with(['{', '[']) || !text.contains(['{', '[']) {
        Rule::JsonFromString
    } else {
        Rule::JsonFromText
    }
}

/// The content of the first Markdown fence: after "```" and its info string (`json`, ...) up
/// to the closing "```", or to the end when the fence was never closed (a cut-off answer).
fn fenced(text: &str) -> Option<&str> {
    let (_, after) = text.split_once("```")?;
    let (_, body) = after.split_once('\n')?;
    Some(body.split_once("```").map_or(body, |(body, _)| body))
}

/// The end (exclusive) of the JSON object or array starting at `start`: its brackets balanced,
/// brackets inside strings ignored; `None` when it never closes, closes with the wrong kind,
/// nests deeper than serde_json reads, or would take more than `budget` bytes to find. Also
/// returns how many bytes it looked at.
fn balanced_end(
    bytes: &[u8],
    start: usize,
    budget: usize,
    open: &mut Vec<u8>,
) -> (Option<usize>, usize) {
    open.clear();
    let rest = bytes.get(start..).unwrap_or_default();
    let rest = rest.get(..budget.min(rest.len())).unwrap_or_default();
    let mut at = 0;
    while let Some(&byte) = rest.get(at) {
        at += 1;
        match byte {
            b'"' => {
                // To the string's closing quote; brackets inside are text.
                let mut escaped = false;
                let Some(close) = rest.get(at..).and_then(|tail| {
                    tail.iter().position(|&byte| {
                        let closes = byte == b'"' && !escaped;
                        escaped = byte == b'\\' && !escaped;
                        closes
                    })
                }) else {
                    return (None, rest.len());
                };
                at += close + 1;
            }
            b'{' => open.push(b'}'),
            b'[' => open.push(b']'),
            b'}' | b']' => {
                if open.pop() != Some(byte) {
                    return (None, at);
                }
                if open.is_empty() {
                    return (Some(start + at), at);
                }
            }
            _ => {}
        }
        if open.len() > MAX_NESTING {
            return (None, at);
        }
    }
    (None, rest.len())
}

/// A number written as a string: JSON number syntax after trimming (`"42"`, `" 0.9 "`,
/// `"-1e3"`), nothing else (`"1,000"`, `"0x10"`, `"NaN"`, `"90%"` stay strings).
pub(super) fn number_in(text: &str) -> Option<Number> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    serde_json::from_str::<Number>(trimmed).ok()
}

/// The integer a number stands for, when it is one exactly: `3` or `3.0`, not `3.5`, and not
/// a float beyond 2^53, where a float no longer tells neighbouring integers apart.
pub(super) fn exact_integer(number: &Number) -> Option<Number> {
    if number.is_i64() || number.is_u64() {
        return Some(number.clone());
    }
    const EXACT: f64 = 9_007_199_254_740_992.0; // 2^53
    let float = number.as_f64()?;
    if !float.is_finite() || float.fract() != 0.0 || float.abs() > EXACT {
        return None;
    }
    // Whole and within ±2^53: the casts are exact.
    Some(if float < 0.0 {
        Number::from(float as i64)
    } else {
        Number::from(float as u64)
    })
}

/// `"true"` / `"false"` in any case, with stray whitespace.
pub(super) fn boolean_in(text: &str) -> Option<bool> {
    let trimmed = text.trim();
    if trimmed.eq_ignore_ascii_case("true") {
        Some(true)
    } else if trimmed.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// The one enum value `text` names once trimmed, exactly or else ignoring case; `None` when it
/// names none, or several (`"A"` for `["a", "A "]` is not guessed at).
pub(super) fn enum_value_in<'a>(values: &'a [Value], text: &str) -> Option<&'a Value> {
    let trimmed = text.trim();
    let mut exact = values
        .iter()
        .filter(|value| value.as_str() == Some(trimmed));
    if let (Some(value), None) = (exact.next(), exact.next()) {
        return Some(value);
    }
    // Compared without allocating when both are ASCII, the usual case.
    let lower = (!trimmed.is_ascii()).then(|| trimmed.to_lowercase());
    let mut loose = values.iter().filter(|value| {
        value.as_str().is_some_and(|value| match &lower {
            None if value.is_ascii() => value.eq_ignore_ascii_case(trimmed),
            None => value.to_lowercase() == trimmed.to_ascii_lowercase(),
            Some(lower) => value.to_lowercase() == *lower,
        })
    });
    match (loose.next(), loose.next()) {
        (Some(value), None) => Some(value),
        _ => None,
    }
}

/// `value` as JSON text, at most [`SNIPPET_LIMIT`] bytes of it (cut on a character boundary,
/// ending in `…`), with `secret` blanked out first. Never serializes more than it keeps.
pub(super) fn snippet(value: &Value, secret: &str) -> String {
    // Enough to still hold the limit after blanking out a secret that straddles it.
    let mut writer = Bounded {
        bytes: Vec::new(),
        limit: SNIPPET_LIMIT + secret.len() + 4,
        cut: false,
    };
    // Stops with an error once the limit is reached: the text so far is what we keep.
    let _ = serde_json::to_writer(&mut writer, value);
    let mut text = String::from_utf8_lossy(&writer.bytes).into_owned();
    if !secret.is_empty() && text.contains(secret) {
        text = text.replace(secret, "<redacted>");
    }
    let mut cut = writer.cut;
    if text.len() > SNIPPET_LIMIT {
        let mut end = SNIPPET_LIMIT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        cut = true;
    }
    if cut {
        // A character cut in half by the writer's limit shows as U+FFFD: drop it.
        text = text.trim_end_matches('\u{fffd}').to_owned();
        text.push('…');
    }
    text
}

/// The JSON text of a value as the answer wrote it, bounded like [`snippet`], with `secret`
/// blanked out and control characters escaped.
pub(super) fn raw_snippet(raw: &[u8], secret: &str) -> String {
    // Enough to still hold the limit after blanking out a secret that straddles it.
    let take = raw.len().min(SNIPPET_LIMIT + secret.len() + 4);
    let lossy = String::from_utf8_lossy(raw.get(..take).unwrap_or_default());
    let mut shown = crate::safe::text(&lossy, secret, SNIPPET_LIMIT);
    // The note of how much was cut is for error messages; a repair's `before` only says that it
    // was.
    if let Some(at) = shown.find("… (") {
        shown.truncate(at);
        shown = shown.trim_end_matches('\u{fffd}').to_owned();
        shown.push('…');
    } else if take < raw.len() {
        shown = shown.trim_end_matches('\u{fffd}').to_owned();
        shown.push('…');
    }
    shown
}

struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
    cut: bool,
}

impl Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let room = self.limit.saturating_sub(self.bytes.len());
        if room == 0 {
            self.cut = true;
            return Err(std::io::Error::other("snippet limit reached"));
        }
        let take = room.min(buf.len());
        self.bytes
            .extend_from_slice(buf.get(..take).unwrap_or_default());
        Ok(take)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(kind: Kind) -> bool {
        kind == Kind::Object
    }

    fn array(kind: Kind) -> bool {
        kind == Kind::Array
    }

    /// What `json_in` finds, parsed; `fits` is what the schema says of prose candidates.
    fn find(text: &str, wanted: impl Fn(Kind) -> bool, fits: bool) -> Option<(Rule, Value)> {
        json_in(text, wanted, |_| fits.then_some(()))
            .map(|(rule, candidate, _)| (rule, serde_json::from_str(candidate).unwrap()))
    }

    fn read(text: &str) -> Option<(Rule, Value)> {
        find(text, |_| true, true)
    }

    #[test]
    fn json_is_found_plain_fenced_and_in_prose() {
        assert_eq!(
            read(" {\"a\": 1}\n"),
            Some((Rule::JsonFromString, json!({ "a": 1 })))
        );
        assert_eq!(
            read("```json\n[1, 2]\n```"),
            Some((Rule::JsonFromFence, json!([1, 2])))
        );
        assert_eq!(
            read("Here it is:\n```\n{\"a\": \"}\"}\n```\nAnything else?"),
            Some((Rule::JsonFromFence, json!({ "a": "}" })))
        );
        // A fence cut off before its end.
        assert_eq!(
            read("```json\n{\"a\": 1}\n"),
            Some((Rule::JsonFromFence, json!({ "a": 1 })))
        );
        assert_eq!(
            read("Sure! {\"name\": \"Ada {the first}\", \"tags\": [\"x]\"]} Hope this helps."),
            Some((
                Rule::JsonFromText,
                json!({ "name": "Ada {the first}", "tags": ["x]"] })
            ))
        );
    }

    #[test]
    fn only_wanted_candidates_count() {
        // Text that is JSON of another type is not dug into.
        assert_eq!(find("[{\"a\": 1}]", object, true), None);
        assert_eq!(find("```\n[{\"a\": 1}]\n```", object, true), None);
        // Nor is a value in prose that parsed: `[1]` in the object is not a candidate.
        assert_eq!(
            find("a: {\"b\": [1]} c: [2]", array, true),
            Some((Rule::JsonFromText, json!([2])))
        );
        // Unbalanced or unparseable spans are skipped, and what they contain is still looked at.
        assert_eq!(
            find("{oops [1]", array, true),
            Some((Rule::JsonFromText, json!([1])))
        );
        assert_eq!(find("\"hello\"", |_| true, true), None);
        assert_eq!(find("42", |_| true, true), None);
        assert_eq!(find("see [1] and [2]", |_| true, false), None);
        assert_eq!(find("{\"a\": 1", |_| true, true), None);
        assert_eq!(find("{\"a\": [1}", |_| true, true), None);
    }

    #[test]
    fn prose_full_of_brackets_is_searched_in_linear_time() {
        // Each of these would cost a scan to the end per start position, quadratically.
        for text in [
            "[".repeat(200_000),
            "{\"a\":".repeat(40_000),
            format!("[{}", "\"".repeat(200_000)),
            "{x".repeat(100_000),
            format!("{}[1]", "[".repeat(100_000)),
        ] {
            let mut looked_at = 0;
            let started = std::time::Instant::now();
            let found = json_in(
                &text,
                |_| true,
                |candidate| {
                    looked_at += candidate.len();
                    Some(())
                },
            );
            assert!(looked_at <= 2 * text.len() + 8192, "{looked_at}");
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "{:?} for {} bytes",
                started.elapsed(),
                text.len()
            );
            let _ = found;
        }
        // A candidate after an unclosed run is still found when the budget allows; after a
        // long and deep one, the search gives up rather than scan again and again.
        assert_eq!(
            find(&format!("{}[1]", "[".repeat(30)), array, true),
            Some((Rule::JsonFromText, json!([1])))
        );
        assert_eq!(find(&format!("{}[1]", "[".repeat(1000)), array, true), None);
    }

    #[test]
    fn the_rule_tried_follows_the_shape_of_the_text() {
        assert_eq!(json_rule_for("```json\n{oops\n```"), Rule::JsonFromFence);
        assert_eq!(json_rule_for("{\"a\": "), Rule::JsonFromString);
        assert_eq!(json_rule_for("no entities"), Rule::JsonFromString);
        assert_eq!(json_rule_for("found: {oops}"), Rule::JsonFromText);
    }

    #[test]
    fn numbers_are_json_numbers_only() {
        assert_eq!(number_in(" 0.9 "), Some(Number::from_f64(0.9).unwrap()));
        assert_eq!(number_in("42"), Some(Number::from(42u64)));
        assert_eq!(number_in("-1e3"), Some(Number::from_f64(-1000.0).unwrap()));
        for text in [
            "", " ", "1,000", "0x10", "NaN", "inf", "90%", "+1", ".5", "high",
        ] {
            assert_eq!(number_in(text), None, "{text}");
        }
    }

    #[test]
    fn only_exact_integers_are_integers() {
        let float = |f: f64| Number::from_f64(f).unwrap();
        assert_eq!(exact_integer(&float(3.0)), Some(Number::from(3u64)));
        assert_eq!(exact_integer(&float(-3.0)), Some(Number::from(-3i64)));
        assert_eq!(exact_integer(&float(-0.0)), Some(Number::from(0u64)));
        assert_eq!(exact_integer(&float(3.5)), None);
        assert_eq!(exact_integer(&float(1e20)), None);
        assert_eq!(
            exact_integer(&float(9_007_199_254_740_992.0)),
            Some(Number::from(9_007_199_254_740_992u64))
        );
        assert_eq!(exact_integer(&float(18_014_398_509_481_984.0)), None);
        assert_eq!(
            exact_integer(&Number::from(u64::MAX)),
            Some(Number::from(u64::MAX))
        );
    }

    #[test]
    fn booleans_ignore_case_and_whitespace() {
        assert_eq!(boolean_in(" TRUE "), Some(true));
        assert_eq!(boolean_in("False"), Some(false));
        assert_eq!(boolean_in("yes"), None);
        assert_eq!(boolean_in("1"), None);
    }

    #[test]
    fn enum_values_match_once_or_not_at_all() {
        let values = [json!("person"), json!("place"), json!("Ab"), json!("aB")];
        assert_eq!(enum_value_in(&values, " Person"), Some(&json!("person")));
        assert_eq!(enum_value_in(&values, "PLACE\n"), Some(&json!("place")));
        assert_eq!(enum_value_in(&values, "Ab "), Some(&json!("Ab")));
        assert_eq!(enum_value_in(&values, "AB"), None);
        assert_eq!(enum_value_in(&values, "human"), None);
        let unicode = [json!("über")];
        assert_eq!(enum_value_in(&unicode, "ÜBER"), Some(&json!("über")));
    }

    #[test]
    fn snippets_are_bounded_and_blank_out_the_secret() {
        assert_eq!(snippet(&json!("0.9"), ""), "\"0.9\"");
        let long = json!("x".repeat(1000));
        let cut = snippet(&long, "");
        assert_eq!(cut, format!("\"{}…", "x".repeat(79)));
        let multibyte = json!("€".repeat(100));
        let cut = snippet(&multibyte, "");
        assert!(
            cut.ends_with('…') && cut.len() <= SNIPPET_LIMIT + 3,
            "{cut}"
        );
        assert!(!cut.contains('\u{fffd}'), "{cut}");
        assert_eq!(
            snippet(&json!({ "echo": "sk-SECRET" }), "sk-SECRET"),
            "{\"echo\":\"<redacted>\"}"
        );
    }
}
