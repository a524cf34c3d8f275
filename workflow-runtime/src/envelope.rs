//! The envelopes around a run's input and output: `{"input": ...}` written straight from the
//! input, and the output read from under `result`, `completion` or a custom route's key
//! without building anything else of the answer (derived envelope structs for the named
//! routes, seeds that look for the key at run time for custom ones), and the hint a decode
//! error gets when the answer has another route's envelope.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use crate::error::{Error, ErrorKind};
use crate::options::Route;

/// The body of a run: `{"input": ...}`.
#[derive(Serialize)]
pub(crate) struct InputEnvelope<'a, T: ?Sized> {
    pub(crate) input: &'a T,
}

/// What [`InputEnvelope`] serializes to before the input's own JSON.
pub(crate) const INPUT_ENVELOPE_PREFIX: &[u8] = br#"{"input":"#;

/// The answer of [`Route::Workflows`].
#[derive(Deserialize)]
pub(crate) struct ResultEnvelope<T> {
    pub(crate) result: T,
}

/// The answer of [`Route::Instructions`].
#[derive(Deserialize)]
pub(crate) struct CompletionEnvelope<T> {
    pub(crate) completion: T,
}

/// The output in an answer, under a key known only at run time (a custom route's envelope),
/// or the whole answer when there is no key: decoded straight from the bytes, the other keys
/// skipped unread, as the derived envelopes do.
pub(crate) struct Under<'k, O> {
    key: Option<&'k str>,
    output: PhantomData<O>,
}

impl<'k, O> Under<'k, O> {
    pub(crate) fn new(key: Option<&'k str>) -> Self {
        Under {
            key,
            output: PhantomData,
        }
    }
}

impl<'de, O: Deserialize<'de>> DeserializeSeed<'de> for Under<'_, O> {
    type Value = O;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<O, D::Error> {
        match self.key {
            None => O::deserialize(deserializer),
            Some(key) => deserializer.deserialize_map(Keyed::new(key, PhantomData::<O>)),
        }
    }
}

/// The visitor of an answer whose output (decoded with `seed`) is under `key`.
pub(crate) struct Keyed<'k, S> {
    key: &'k str,
    seed: S,
}

impl<'k, S> Keyed<'k, S> {
    pub(crate) fn new(key: &'k str, seed: S) -> Self {
        Keyed { key, seed }
    }
}

impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for Keyed<'_, S> {
    type Value = S::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "an object with `{}`", self.key)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Value, A::Error> {
        let key = self.key;
        let mut seed = Some(self.seed);
        let mut output = None;
        while let Some(matches) = map.next_key_seed(IsKey(key))? {
            if !matches {
                map.next_value::<IgnoredAny>()?;
            } else if let Some(seed) = seed.take() {
                output = Some(map.next_value_seed(seed)?);
            } else {
                return Err(A::Error::custom(format_args!("duplicate field `{key}`")));
            }
        }
        output.ok_or_else(|| A::Error::custom(format_args!("missing field `{key}`")))
    }
}

/// Whether a map key is the one looked for, compared without copying it.
struct IsKey<'k>(&'k str);

impl<'de> DeserializeSeed<'de> for IsKey<'_> {
    type Value = bool;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<bool, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IsKey<'_> {
    type Value = bool;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a key")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<bool, E> {
        Ok(key == self.0)
    }
}

/// A decode error at the root of an answer that lacks the route's envelope but has another
/// route's, with the way to call that route: a deployment answering `completion` on the
/// documented route is the likeliest misconfiguration (the vendor's own clients used it).
pub(crate) fn envelope_hint(mut error: Error, route: &Route, body: &[u8]) -> Error {
    const ROUTES: [(&str, &str, &str); 2] = [
        ("result", "Route::Workflows", "workflows"),
        ("completion", "Route::Instructions", "instructions"),
    ];
    if let ErrorKind::Decode { path, message, .. } = error.kind_mut()
        && path.is_empty()
        && let Some(expected) = route.envelope()
        && let Some(keys) = top_level_keys(body)
        && !keys.iter().any(|key| key == expected)
        && let Some((key, named, variable)) = ROUTES
            .into_iter()
            .find(|(key, ..)| keys.iter().any(|found| found == key))
    {
        message.push_str(&format!(
            "; the answer has `{key}` instead, as {named} answers: call that route \
             (PROMPT_STUDIO_ROUTE={variable}), or a custom one with the envelope `{key}`"
        ));
    }
    error
}

/// The keys of the object an answer is, read in place (its values are skipped, never built);
/// `None` when it is not an object.
fn top_level_keys(body: &[u8]) -> Option<Vec<String>> {
    use crate::repair::scan::{self, Next};
    let start = scan::skip_ws(body, 0);
    if body.get(start) != Some(&b'{') {
        return None;
    }
    let mut keys = Vec::new();
    let mut at = start + 1;
    loop {
        match scan::next_member(body, at)? {
            Next::Member { key, value } => {
                if keys.len() < 64 {
                    keys.push(scan::string_text(body, key.0, key.1)?.into_owned());
                }
                at = scan::value_end(body, value)?;
            }
            Next::End(_) => return Some(keys),
            Next::Item(_) => return None,
        }
    }
}
