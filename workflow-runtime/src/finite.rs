//! Refusing non-finite floats while an input is serialized.
//!
//! serde_json writes `NaN` and the infinities as `null`, so a model would silently be asked
//! about `null` where the caller meant a number; and input validation, when on, checks the
//! same `null`, which a schema that allows `null` (or says nothing) accepts. [`Finite`] wraps
//! any serializer and fails at the first non-finite `f32` or `f64`, remembering where it was
//! (as a JSON pointer), in the same pass that writes the body: the hot path pays one branch per
//! float and nothing else.

use std::cell::RefCell;
use std::fmt::Display;

use serde::ser::{
    self, Serialize, SerializeMap, SerializeSeq, SerializeStruct, SerializeStructVariant,
    SerializeTuple, SerializeTupleStruct, SerializeTupleVariant, Serializer,
};

/// Where a non-finite number was found, filled in as the error unwinds.
#[derive(Debug, Default)]
pub(crate) struct Trail {
    /// `None` until a non-finite number is found; then its JSON pointer's segments, innermost
    /// first.
    found: RefCell<Option<Vec<String>>>,
}

impl Trail {
    /// The JSON pointer of the non-finite number found, if one was (`""` for the input itself).
    pub(crate) fn pointer(&self) -> Option<String> {
        let found = self.found.borrow();
        let segments = found.as_ref()?;
        Some(
            segments
                .iter()
                .rev()
                .fold(String::new(), |mut pointer, segment| {
                    pointer.push('/');
                    pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
                    pointer
                }),
        )
    }

    fn push(&self, segment: impl FnOnce() -> String) {
        if let Some(segments) = self.found.borrow_mut().as_mut() {
            segments.push(segment());
        }
    }

    fn non_finite<E: ser::Error>(&self) -> E {
        *self.found.borrow_mut() = Some(Vec::new());
        E::custom("not a finite number: JSON has no NaN or infinity")
    }
}

/// A serializer that refuses non-finite floats and otherwise does what `inner` does.
pub(crate) struct Finite<'t, S> {
    pub(crate) inner: S,
    pub(crate) trail: &'t Trail,
}

/// A value serialized through [`Finite`].
struct Checked<'t, 'v, T: ?Sized> {
    value: &'v T,
    trail: &'t Trail,
}

impl<T: Serialize + ?Sized> Serialize for Checked<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(Finite {
            inner: serializer,
            trail: self.trail,
        })
    }
}

/// A compound (sequence, map, struct, ...) whose elements go through [`Finite`] too.
pub(crate) struct Compound<'t, C> {
    inner: C,
    trail: &'t Trail,
    index: usize,
    key: Option<String>,
}

impl<'t, C> Compound<'t, C> {
    fn new(inner: C, trail: &'t Trail) -> Self {
        Compound {
            inner,
            trail,
            index: 0,
            key: None,
        }
    }

    fn checked<'v, T: ?Sized>(&self, value: &'v T) -> Checked<'t, 'v, T> {
        Checked {
            value,
            trail: self.trail,
        }
    }

    /// Records the current index as the failing element's segment.
    fn at_index<R, E>(&mut self, result: Result<R, E>) -> Result<R, E> {
        let index = self.index;
        self.index += 1;
        if result.is_err() {
            self.trail.push(|| index.to_string());
        }
        result
    }

    fn at_name<R, E>(&self, name: &str, result: Result<R, E>) -> Result<R, E> {
        if result.is_err() {
            self.trail.push(|| name.to_owned());
        }
        result
    }
}

fn key_text<T: Serialize + ?Sized>(key: &T) -> String {
    match serde_json::to_value(key) {
        Ok(serde_json::Value::String(key)) => key,
        Ok(other) => other.to_string(),
        Err(_) => String::from("?"),
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(fn $method(self, $($arg: $ty),*) -> Result<S::Ok, S::Error> {
            self.inner.$method($($arg),*)
        })*
    };
}

impl<'t, S: Serializer> Serializer for Finite<'t, S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = Compound<'t, S::SerializeSeq>;
    type SerializeTuple = Compound<'t, S::SerializeTuple>;
    type SerializeTupleStruct = Compound<'t, S::SerializeTupleStruct>;
    type SerializeTupleVariant = Compound<'t, S::SerializeTupleVariant>;
    type SerializeMap = Compound<'t, S::SerializeMap>;
    type SerializeStruct = Compound<'t, S::SerializeStruct>;
    type SerializeStructVariant = Compound<'t, S::SerializeStructVariant>;

    forward! {
        serialize_bool(v: bool);
        serialize_i8(v: i8);
        serialize_i16(v: i16);
        serialize_i32(v: i32);
        serialize_i64(v: i64);
        serialize_i128(v: i128);
        serialize_u8(v: u8);
        serialize_u16(v: u16);
        serialize_u32(v: u32);
        serialize_u64(v: u64);
        serialize_u128(v: u128);
        serialize_char(v: char);
        serialize_str(v: &str);
        serialize_bytes(v: &[u8]);
        serialize_none();
        serialize_unit();
        serialize_unit_struct(name: &'static str);
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str);
    }

    fn serialize_f32(self, v: f32) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            self.inner.serialize_f32(v)
        } else {
            Err(self.trail.non_finite())
        }
    }

    fn serialize_f64(self, v: f64) -> Result<S::Ok, S::Error> {
        if v.is_finite() {
            self.inner.serialize_f64(v)
        } else {
            Err(self.trail.non_finite())
        }
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        let trail = self.trail;
        self.inner.serialize_some(&Checked { value, trail })
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let trail = self.trail;
        self.inner
            .serialize_newtype_struct(name, &Checked { value, trail })
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        let trail = self.trail;
        let result =
            self.inner
                .serialize_newtype_variant(name, index, variant, &Checked { value, trail });
        if result.is_err() {
            trail.push(|| variant.to_owned());
        }
        result
    }

    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq, S::Error> {
        Ok(Compound::new(self.inner.serialize_seq(len)?, self.trail))
    }

    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple, S::Error> {
        Ok(Compound::new(self.inner.serialize_tuple(len)?, self.trail))
    }

    fn serialize_tuple_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct, S::Error> {
        Ok(Compound::new(
            self.inner.serialize_tuple_struct(name, len)?,
            self.trail,
        ))
    }

    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, S::Error> {
        let mut compound = Compound::new(
            self.inner
                .serialize_tuple_variant(name, index, variant, len)?,
            self.trail,
        );
        compound.key = Some(variant.to_owned());
        Ok(compound)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(Compound::new(self.inner.serialize_map(len)?, self.trail))
    }

    fn serialize_struct(
        self,
        name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStruct, S::Error> {
        Ok(Compound::new(
            self.inner.serialize_struct(name, len)?,
            self.trail,
        ))
    }

    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, S::Error> {
        let mut compound = Compound::new(
            self.inner
                .serialize_struct_variant(name, index, variant, len)?,
            self.trail,
        );
        compound.key = Some(variant.to_owned());
        Ok(compound)
    }

    fn collect_str<T: Display + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.inner.collect_str(value)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

impl<C: SerializeSeq> SerializeSeq for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let result = self.inner.serialize_element(&self.checked(value));
        self.at_index(result)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTuple> SerializeTuple for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let result = self.inner.serialize_element(&self.checked(value));
        self.at_index(result)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTupleStruct> SerializeTupleStruct for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let result = self.inner.serialize_field(&self.checked(value));
        self.at_index(result)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeTupleVariant> SerializeTupleVariant for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let result = self.inner.serialize_field(&self.checked(value));
        let result = self.at_index(result);
        match &self.key {
            Some(variant) => self.at_name(variant, result),
            None => result,
        }
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeMap> SerializeMap for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), C::Error> {
        self.key = Some(key_text(key));
        self.inner.serialize_key(&self.checked(key))
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), C::Error> {
        let result = self.inner.serialize_value(&self.checked(value));
        if result.is_err() {
            let key = self.key.take().unwrap_or_default();
            self.trail.push(|| key);
        }
        result
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeStruct> SerializeStruct for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        let result = self.inner.serialize_field(key, &self.checked(value));
        self.at_name(key, result)
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

impl<C: SerializeStructVariant> SerializeStructVariant for Compound<'_, C> {
    type Ok = C::Ok;
    type Error = C::Error;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), C::Error> {
        let result = self.inner.serialize_field(key, &self.checked(value));
        let result = self.at_name(key, result);
        match &self.key {
            Some(variant) => self.at_name(variant, result),
            None => result,
        }
    }

    fn skip_field(&mut self, key: &'static str) -> Result<(), C::Error> {
        self.inner.skip_field(key)
    }

    fn end(self) -> Result<C::Ok, C::Error> {
        self.inner.end()
    }
}

/// `value` as JSON bytes, or the JSON pointer of its first non-finite number (`Err(Ok(..))`),
/// or the serializer's error (`Err(Err(..))`).
pub(crate) fn to_vec<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<u8>, Result<String, serde_json::Error>> {
    let trail = Trail::default();
    let mut bytes = Vec::with_capacity(128);
    let mut serializer = serde_json::Serializer::new(&mut bytes);
    match value.serialize(Finite {
        inner: &mut serializer,
        trail: &trail,
    }) {
        Ok(()) => Ok(bytes),
        Err(error) => Err(trail.pointer().ok_or(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[derive(serde::Serialize)]
    struct Input {
        prompt: String,
        scores: Vec<f64>,
        nested: Option<Nested>,
        weights: BTreeMap<String, f32>,
    }

    #[derive(serde::Serialize)]
    struct Nested {
        #[serde(rename = "a/b")]
        value: f64,
    }

    fn input() -> Input {
        Input {
            prompt: "hi".into(),
            scores: vec![0.5, 1.0],
            nested: Some(Nested { value: 2.0 }),
            weights: BTreeMap::from([("x".to_owned(), 1.0)]),
        }
    }

    #[test]
    fn finite_inputs_serialize_as_serde_json_does() {
        let input = input();
        assert_eq!(to_vec(&input).unwrap(), serde_json::to_vec(&input).unwrap());
    }

    #[test]
    fn a_non_finite_number_is_refused_with_its_pointer() {
        let mut bad = input();
        bad.scores[1] = f64::NAN;
        assert_eq!(to_vec(&bad).unwrap_err().unwrap(), "/scores/1");
        let mut bad = input();
        bad.nested = Some(Nested {
            value: f64::INFINITY,
        });
        assert_eq!(to_vec(&bad).unwrap_err().unwrap(), "/nested/a~1b");
        let mut bad = input();
        bad.weights.insert("y".into(), f32::NEG_INFINITY);
        assert_eq!(to_vec(&bad).unwrap_err().unwrap(), "/weights/y");
        assert_eq!(to_vec(&f64::NAN).unwrap_err().unwrap(), "");
        assert_eq!(
            to_vec(&serde_json::json!({ "a": [1, 2] })).unwrap(),
            br#"{"a":[1,2]}"#
        );
    }

    #[test]
    fn other_serialization_errors_pass_through() {
        struct Fails;
        impl Serialize for Fails {
            fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
                Err(ser::Error::custom("no"))
            }
        }
        assert_eq!(
            to_vec(&vec![Fails]).unwrap_err().unwrap_err().to_string(),
            "no"
        );
    }
}
