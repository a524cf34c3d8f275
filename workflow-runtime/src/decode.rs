//! The one decode pipeline: from the bytes of a 2xx answer to the output, for every route and
//! mode, and for [`repair::decode`](crate::repair::decode).
//!
//! 1. **Fast path**: the output decoded straight from the bytes, its envelope with it (derived
//!    envelope structs for the named routes, a seed that looks for the key at run time for a
//!    custom one). A result that fits costs what `serde_json::from_slice` costs.
//! 2. **Repair** (only when that failed, in [`ResultMode::Repair`], with a result schema): the
//!    result is found in the text (a duplicated envelope key is never repaired: the fast
//!    path's `duplicate field` stands), walked against the schema in place and written again
//!    with the repairs (`repair::walk`), then decoded by the fast path once more, envelope and
//!    all. No `serde_json::Value` of the body is built: memory is the body, the repaired text
//!    (about its size) and the output. The walk stops at the first value that cannot fit, so a
//!    hopeless answer costs about what the strict decode's failure costs.
//! 3. **Explanation**: the decode once more with serde_path_to_error to name the failing field,
//!    only when everything else failed.
//!
//! `run_json`'s output is a `serde_json::Value`, which may take many times its text (32 bytes
//! for each `0,` of an array): [`value`] builds it under a budget and refuses a body that would
//! take more.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::time::Instant;

use serde::de::{
    DeserializeOwned, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::{Map, Value};

use crate::envelope::{self, Keyed, Under};
use crate::repair::walk::{self, Stop, Walk};
use crate::repair::{self, DecodeError, Repair, ResultMode, Rules};

/// How an answer is decoded.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Plan<'a> {
    /// The key of the answer that holds the output (`result`, `completion`, a custom route's),
    /// or `None` when the answer is the output.
    pub(crate) envelope: Option<&'a str>,
    /// What paths start with where there is no envelope (`result` for `repair::decode`, nothing
    /// for a custom route without one).
    pub(crate) root: &'a str,
    /// The result's JSON Schema text, when known.
    pub(crate) schema: Option<&'a str>,
    pub(crate) mode: ResultMode,
    /// The API key, blanked out of everything the error and the repairs show.
    pub(crate) secret: &'a str,
    /// When decoding must be done by: the walk stops there ([`Failed::TimedOut`]).
    pub(crate) deadline: Option<Instant>,
}

/// A decoded output and the repairs made to it.
#[derive(Debug)]
pub(crate) struct Decoded<O> {
    pub(crate) output: O,
    pub(crate) repairs: Vec<Repair>,
    /// Repairs made beyond those listed, counted only.
    pub(crate) repairs_omitted: usize,
}

/// Why an answer did not decode.
#[derive(Debug)]
pub(crate) enum Failed {
    /// The output does not fit, even after repairs: where, what, the rules tried there.
    Decode(DecodeError),
    /// The deadline passed while repairing.
    TimedOut,
    /// An untyped output would take more than `budget` bytes as a `serde_json::Value`.
    TooLarge { budget: usize },
}

/// What the client runs to decode an answer: [`decode`] for a typed output, [`value`] for an
/// untyped one. A plain function, so that it can run on the blocking pool.
pub(crate) type Decoder<O> = fn(&[u8], &Plan<'_>) -> Result<Decoded<O>, Failed>;

/// A [`Plan`] that owns its parts, to move to the blocking pool with the body.
#[derive(Debug)]
pub(crate) struct OwnedPlan {
    pub(crate) envelope: Option<String>,
    pub(crate) root: String,
    pub(crate) schema: Option<&'static str>,
    pub(crate) mode: ResultMode,
    pub(crate) secret: String,
    pub(crate) deadline: Option<Instant>,
}

impl OwnedPlan {
    pub(crate) fn of(plan: &Plan<'_>, schema: Option<&'static str>) -> OwnedPlan {
        OwnedPlan {
            envelope: plan.envelope.map(str::to_owned),
            root: plan.root.to_owned(),
            schema,
            mode: plan.mode,
            secret: plan.secret.to_owned(),
            deadline: plan.deadline,
        }
    }

    pub(crate) fn plan(&self) -> Plan<'_> {
        Plan {
            envelope: self.envelope.as_deref(),
            root: &self.root,
            schema: self.schema,
            mode: self.mode,
            secret: &self.secret,
            deadline: self.deadline,
        }
    }
}

/// Decodes an answer, repairing its result when the plan allows (see the module docs).
pub(crate) fn decode<O: DeserializeOwned>(
    body: &[u8],
    plan: &Plan<'_>,
) -> Result<Decoded<O>, Failed> {
    if let Ok(output) = fast::<O>(body, plan.envelope) {
        return Ok(Decoded {
            output,
            repairs: Vec::new(),
            repairs_omitted: 0,
        });
    }
    if plan.mode == ResultMode::Repair
        && let Some(schema) = plan.schema
    {
        match repaired::<O>(body, schema, plan)? {
            Repaired::Decoded(decoded) => return Ok(decoded),
            Repaired::Failed(error) => return Err(Failed::Decode(error)),
            Repaired::Untouched => {}
        }
    }
    match explain::<O, _>(serde_json::Deserializer::from_slice(body), plan) {
        Ok(output) => Ok(Decoded {
            output,
            repairs: Vec::new(),
            repairs_omitted: 0,
        }),
        Err(explained) => Err(Failed::Decode(explained.error)),
    }
}

/// The fast path: the output straight from the bytes, no path tracking.
fn fast<O: DeserializeOwned>(body: &[u8], envelope: Option<&str>) -> Result<O, serde_json::Error> {
    match envelope {
        Some("result") => serde_json::from_slice::<envelope::ResultEnvelope<O>>(body)
            .map(|envelope| envelope.result),
        Some("completion") => serde_json::from_slice::<envelope::CompletionEnvelope<O>>(body)
            .map(|envelope| envelope.completion),
        _ => {
            let mut deserializer = serde_json::Deserializer::from_slice(body);
            Under::<O>::new(envelope)
                .deserialize(&mut deserializer)
                .and_then(|output| deserializer.end().map(|()| output))
        }
    }
}

enum Repaired<O> {
    Decoded(Decoded<O>),
    Failed(DecodeError),
    /// Nothing could be repaired and no rule applied where it fails: the plain decode error,
    /// with its exact position, says it best.
    Untouched,
}

/// Step 2: repair the result in the text and decode it again.
fn repaired<O: DeserializeOwned>(
    body: &[u8],
    schema: &str,
    plan: &Plan<'_>,
) -> Result<Repaired<O>, Failed> {
    let Some((start, end)) = result_span(body, plan.envelope) else {
        return Ok(Repaired::Untouched);
    };
    let root = plan.envelope.unwrap_or(plan.root);
    let result = body.get(start..end).unwrap_or_default();
    let compiled = repair::compiled(schema);
    let mut walked = walk::walk_text(
        &compiled,
        root,
        plan.secret,
        result,
        Walk::Decode,
        plan.deadline,
    );
    let before = body.get(..start).unwrap_or_default();
    let after = body.get(end..).unwrap_or_default();
    if walked.stop == Stop::Mismatch {
        // The walk stopped at a value that cannot fit the schema, repaired or not. Where the
        // output type is the schema's, the typed decode fails there too: that decode, which
        // stops there, is the judge. Reading the text in pieces spares copying the rest of a
        // large body.
        let mismatch = walked.mismatch_path.clone().unwrap_or_default();
        let explained = match &walked.head {
            Some(head) => {
                let rest = result.get(walked.tail..).unwrap_or_default();
                let reader = before.chain(head.as_slice()).chain(rest).chain(after);
                explain::<O, _>(serde_json::Deserializer::from_reader(reader), plan)
            }
            None => explain::<O, _>(serde_json::Deserializer::from_slice(body), plan),
        };
        match explained {
            Err(explained) if explained.syntax => return Ok(Repaired::Untouched),
            Err(explained)
                if explained.error.path == mismatch
                    || is_below(&explained.error.path, &mismatch) =>
            {
                let failure = walked.failures.iter().find(|failure| {
                    failure.path == explained.error.path || failure.path == mismatch
                });
                return Ok(match failure {
                    // The rule tried explains it better than serde can.
                    Some(failure) => Repaired::Failed(DecodeError {
                        path: failure.path.clone(),
                        message: failure.message.clone(),
                        tried: failure.tried,
                    }),
                    // No rule applies there and nothing was repaired before: serde's error on
                    // the answer as it is, with its position (the text decoded is the answer).
                    None if walked.head.is_none() => Repaired::Failed(explained.error),
                    None => Repaired::Failed(DecodeError {
                        message: without_position(explained.error.message),
                        ..explained.error
                    }),
                });
            }
            // The output type takes what the schema does not (a hand-written type, laxer than
            // its schema): repair everything that can be, and let the decode judge.
            _ => {
                walked = walk::walk_text(
                    &compiled,
                    root,
                    plan.secret,
                    result,
                    Walk::Everything,
                    plan.deadline,
                );
            }
        }
    }
    match walked.stop {
        Stop::Deadline => return Err(Failed::TimedOut),
        // Not JSON: the plain decode says where.
        Stop::Invalid => return Ok(Repaired::Untouched),
        Stop::No | Stop::Budget | Stop::Mismatch => {}
    }
    let Some(head) = walked.head else {
        return Ok(match walked.failures.first() {
            // Nothing repaired, but a rule tried: that failure is the explanation, unless the
            // decode fails elsewhere first.
            Some(_) => explain_with_failures::<O, _>(
                serde_json::Deserializer::from_slice(body),
                plan,
                &walked.failures,
                false,
            ),
            None => Repaired::Untouched,
        });
    };
    let rest = result.get(walked.tail..).unwrap_or_default();
    // The repaired text, envelope and all, in the walk's own buffer: one copy of the answer.
    let mut text = head;
    text.reserve(before.len() + rest.len() + after.len());
    text.splice(0..0, before.iter().copied());
    text.extend_from_slice(rest);
    text.extend_from_slice(after);
    if let Ok(output) = fast::<O>(&text, plan.envelope) {
        return Ok(Repaired::Decoded(Decoded {
            output,
            repairs: walked.repairs,
            repairs_omitted: walked.omitted,
        }));
    }
    Ok(explain_with_failures::<O, _>(
        serde_json::Deserializer::from_slice(&text),
        plan,
        &walked.failures,
        true,
    )
    .with_repairs(walked.repairs, walked.omitted))
}

impl<O> Repaired<O> {
    fn with_repairs(self, repairs: Vec<Repair>, omitted: usize) -> Self {
        match self {
            Repaired::Decoded(decoded) => Repaired::Decoded(Decoded {
                output: decoded.output,
                repairs,
                repairs_omitted: omitted,
            }),
            other => other,
        }
    }
}

/// The repaired text decoded with its path tracked: the failure a rule left at (or below) the
/// failing field explains it best; else serde's error there, when something was repaired (the
/// original's error would point at a field that is fine now); else the original's.
fn explain_with_failures<'de, O: DeserializeOwned, R: serde_json::de::Read<'de>>(
    deserializer: serde_json::Deserializer<R>,
    plan: &Plan<'_>,
    failures: &[walk::Failure],
    repaired: bool,
) -> Repaired<O> {
    let error = match explain::<O, R>(deserializer, plan) {
        Ok(output) => {
            return Repaired::Decoded(Decoded {
                output,
                repairs: Vec::new(),
                repairs_omitted: 0,
            });
        }
        // The repaired text is not JSON because the answer is not: the original's error says
        // where.
        Err(explained) if explained.syntax => return Repaired::Untouched,
        // Positions in the repaired text are not positions in the answer.
        Err(explained) if repaired => DecodeError {
            message: without_position(explained.error.message),
            ..explained.error
        },
        Err(explained) => explained.error,
    };
    // serde loses the path inside internally tagged and untagged enums: a failure below the
    // path it gives is the one.
    let related = failures
        .iter()
        .find(|failure| failure.path == error.path)
        .or_else(|| {
            failures
                .iter()
                .find(|failure| is_below(&failure.path, &error.path))
        });
    match related {
        Some(failure) => Repaired::Failed(DecodeError {
            path: failure.path.clone(),
            message: failure.message.clone(),
            tried: failure.tried,
        }),
        None if repaired => Repaired::Failed(error),
        None => Repaired::Untouched,
    }
}

/// serde_json's message without its ` at line L column C`.
fn without_position(mut message: String) -> String {
    if let Some(at) = message.rfind(" at line ")
        && message[at + 9..]
            .split(" column ")
            .all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
    {
        message.truncate(at);
    }
    message
}

/// Whether `path` is inside `ancestor`: `result.a.b` is inside `result.a`, `result.ab` is not.
fn is_below(path: &str, ancestor: &str) -> bool {
    path.strip_prefix(ancestor)
        .is_some_and(|rest| rest.starts_with(['.', '[']))
}

/// Where the result is in the answer: the value of the envelope key, or the whole answer.
/// `None` when the answer has no such key, has it twice, or is not an object.
fn result_span(body: &[u8], envelope: Option<&str>) -> Option<(usize, usize)> {
    use crate::repair::scan::{self, Next};
    let start = scan::skip_ws(body, 0);
    let Some(key) = envelope else {
        let end = body.len() - trailing_ws(body);
        return Some((start, end.max(start)));
    };
    if body.get(start) != Some(&b'{') {
        return None;
    }
    let mut found = None;
    let mut at = start + 1;
    loop {
        match scan::next_member(body, at)? {
            Next::Member { key: name, value } => {
                let end = scan::value_end(body, value)?;
                if scan::string_text(body, name.0, name.1)?.as_ref() == key {
                    if found.is_some() {
                        return None;
                    }
                    found = Some((value, end));
                }
                at = end;
            }
            Next::End(_) => return found,
            Next::Item(_) => return None,
        }
    }
}

fn trailing_ws(body: &[u8]) -> usize {
    body.iter()
        .rev()
        .take_while(|byte| matches!(byte, b' ' | b'\n' | b'\r' | b'\t'))
        .count()
}

/// A decode error, and whether the text is at fault rather than a value.
struct Explained {
    error: DecodeError,
    syntax: bool,
}

/// Step 3: decodes with serde_path_to_error, to name the failing field: the slow path. A
/// syntax error keeps the path where it was found (`result.completion` for a string cut off),
/// except at the root, where the text as a whole is at fault.
fn explain<'de, O: DeserializeOwned, R: serde_json::de::Read<'de>>(
    mut deserializer: serde_json::Deserializer<R>,
    plan: &Plan<'_>,
) -> Result<O, Explained> {
    let mut track = serde_path_to_error::Track::new();
    let decoded = Under::<O>::new(plan.envelope).deserialize(
        serde_path_to_error::Deserializer::new(&mut deserializer, &mut track),
    );
    let decoded = decoded.map_err(|error| {
        let path = track.path().to_string();
        let syntax = matches!(
            error.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        let path = if syntax && path == "." {
            String::new()
        } else {
            join(plan.envelope.map_or(plan.root, |_| ""), &path)
        };
        Explained {
            error: DecodeError {
                path,
                message: bounded_message(&error),
                tried: Rules::new(),
            },
            syntax,
        }
    })?;
    deserializer.end().map_err(|error| Explained {
        error: DecodeError {
            path: String::new(),
            message: bounded_message(&error),
            tried: Rules::new(),
        },
        syntax: true,
    })?;
    Ok(decoded)
}

/// The most of a serde message kept: it may quote a whole string of the answer, and copying
/// that would double what the decode holds; the error shows far less anyway.
const MESSAGE_KEPT: usize = 16 * 1024;

/// `error`'s message, its first [`MESSAGE_KEPT`] bytes (with its position, which comes last,
/// kept), without copying the rest.
fn bounded_message(error: &serde_json::Error) -> String {
    struct Bounded(String, usize);
    impl fmt::Write for Bounded {
        fn write_str(&mut self, text: &str) -> fmt::Result {
            let room = MESSAGE_KEPT.saturating_sub(self.0.len());
            let mut take = text.len().min(room);
            while !text.is_char_boundary(take) {
                take -= 1;
            }
            self.0.push_str(&text[..take]);
            self.1 += text.len() - take;
            Ok(())
        }
    }
    let mut message = Bounded(String::new(), 0);
    let _ = fmt::write(&mut message, format_args!("{error}"));
    if message.1 > 0 {
        use fmt::Write as _;
        let _ = write!(message.0, "… ({} bytes cut)", message.1);
        if error.line() > 0 {
            let _ = write!(
                message.0,
                " at line {} column {}",
                error.line(),
                error.column()
            );
        }
    }
    message.0
}

/// `result` + `entities[1].kind` = `result.entities[1].kind`; serde_path_to_error shows the
/// root itself as `.`.
fn join(root: &str, path: &str) -> String {
    match path {
        "." | "" => root.to_owned(),
        _ if root.is_empty() || path.starts_with('[') => format!("{root}{path}"),
        _ => format!("{root}.{path}"),
    }
}

/// How much heap a `serde_json::Value` built by [`value`] may take, over its body's size: with
/// the body, a run's peak stays within 4x the body.
pub(crate) const VALUE_BUDGET_FACTOR: usize = 3;
/// The budget of a small body, whatever its size: 1 MiB.
pub(crate) const VALUE_BUDGET_FLOOR: usize = 1024 * 1024;

/// The output of an untyped run: the value under `envelope` (or the whole answer), built under
/// a budget of [`VALUE_BUDGET_FACTOR`] times the body (at least [`VALUE_BUDGET_FLOOR`]) of
/// heap: a `Value` takes 32 bytes for each small number, which would make a 32 MiB body of
/// `[0,0,...]` half a gigabyte.
pub(crate) fn value(body: &[u8], plan: &Plan<'_>) -> Result<Decoded<Value>, Failed> {
    let budget = body
        .len()
        .saturating_mul(VALUE_BUDGET_FACTOR)
        .max(VALUE_BUDGET_FLOOR);
    let left = std::cell::Cell::new(budget);
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let seed = Budgeted { left: &left };
    let decoded = match plan.envelope {
        None => seed.deserialize(&mut deserializer),
        Some(key) => deserializer.deserialize_map(Keyed::new(key, seed)),
    }
    .and_then(|value| deserializer.end().map(|()| value));
    match decoded {
        Ok(output) => Ok(Decoded {
            output,
            repairs: Vec::new(),
            repairs_omitted: 0,
        }),
        Err(_) if left.get() == 0 => Err(Failed::TooLarge { budget }),
        Err(_) => {
            match explain::<IgnoredAny, _>(serde_json::Deserializer::from_slice(body), plan) {
                Err(explained) => Err(Failed::Decode(explained.error)),
                // Cannot happen (it failed the first time); say so plainly if it does.
                Ok(_) => Err(Failed::Decode(DecodeError {
                    path: String::new(),
                    message: "the answer could not be read".to_owned(),
                    tried: Rules::new(),
                })),
            }
        }
    }
}

/// A `Value` seed that counts the heap it builds against a shared budget.
#[derive(Clone, Copy)]
struct Budgeted<'b> {
    left: &'b std::cell::Cell<usize>,
}

impl Budgeted<'_> {
    fn spend<E: serde::de::Error>(self, bytes: usize) -> Result<(), E> {
        match self.left.get().checked_sub(bytes) {
            Some(left) if left > 0 => {
                self.left.set(left);
                Ok(())
            }
            _ => {
                self.left.set(0);
                Err(E::custom("the value is larger than its budget"))
            }
        }
    }
}

/// What one map entry takes beyond its value's slot and its key, roughly (the map's table or
/// tree node share).
const MAP_ENTRY_OVERHEAD: usize = 48;
/// What a map takes before its first entry, roughly: a small object's table or tree node is
/// most of its cost.
const MAP_BASE: usize = 128;

impl<'de> DeserializeSeed<'de> for Budgeted<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Budgeted<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E: serde::de::Error>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E: serde::de::Error>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Value, E> {
        self.spend(value.len())?;
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Value, E> {
        self.spend(value.capacity())?;
        Ok(Value::String(value))
    }

    fn visit_none<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let slot = std::mem::size_of::<Value>();
        let mut items: Vec<Value> = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            if items.len() == items.capacity() {
                // The growth about to happen, counted before it does.
                self.spend(items.capacity().max(4) * slot)?;
            }
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let slot =
            std::mem::size_of::<Value>() + std::mem::size_of::<String>() + MAP_ENTRY_OVERHEAD;
        self.spend(MAP_BASE)?;
        let mut members = Map::new();
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            self.spend(slot + key.len())?;
            let value = map.next_value_seed(self)?;
            members.insert(key.into_owned(), value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(envelope: Option<&str>) -> Plan<'_> {
        Plan {
            envelope,
            root: "result",
            schema: None,
            mode: ResultMode::Strict,
            secret: "",
            deadline: None,
        }
    }

    #[test]
    fn the_result_is_found_once_or_not_at_all() {
        let body = br#" {"a": 1, "result": {"x": [1]}, "b": "]"} "#;
        let (start, end) = result_span(body, Some("result")).unwrap();
        assert_eq!(&body[start..end], br#"{"x": [1]}"#);
        assert_eq!(
            result_span(br#"{"result":1,"result":2}"#, Some("result")),
            None
        );
        assert_eq!(result_span(br#"{"other":1}"#, Some("result")), None);
        assert_eq!(result_span(b"[1]", Some("result")), None);
        let (start, end) = result_span(b" [1] \n", None).unwrap();
        assert_eq!((start, end), (1, 4));
    }

    #[test]
    fn a_value_within_its_budget_is_built() {
        let value = value(br#"{"result":{"a":[1,"x",null]}}"#, &plan(Some("result"))).unwrap();
        assert_eq!(value.output, serde_json::json!({ "a": [1, "x", null] }));
    }

    #[test]
    fn a_value_beyond_its_budget_is_refused() {
        let mut body = b"{\"result\":[".to_vec();
        let count = VALUE_BUDGET_FLOOR; // far more than 1 MiB of values
        for index in 0..count {
            if index > 0 {
                body.push(b',');
            }
            body.push(b'0');
        }
        body.extend_from_slice(b"]}");
        let budget = (body.len() * VALUE_BUDGET_FACTOR).max(VALUE_BUDGET_FLOOR);
        assert!(matches!(
            value(&body, &plan(Some("result"))),
            Err(Failed::TooLarge { budget: b }) if b == budget
        ));
    }

    #[test]
    fn a_value_that_is_not_there_is_a_decode_error() {
        let Err(Failed::Decode(error)) = value(br#"{"other":1}"#, &plan(Some("result"))) else {
            panic!()
        };
        assert_eq!(error.message, "missing field `result` at line 1 column 11");
    }
}
