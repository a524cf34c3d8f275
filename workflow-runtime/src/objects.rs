//! How generated types decode JSON objects: what generated code reaches through
//! `__private` to read exactly what the schema allows (not public API).
//!
//! serde's derived `Deserialize` for a struct with named fields also takes a sequence of the
//! field values in order, and serde_json hands it one when it finds an array: `["a", "b"]`
//! would decode into `struct Ref { module, name }`. A JSON Schema object is never an array,
//! so every generated struct (and internally tagged enum) decodes through its derived decoder
//! (`#[serde(remote = "Self")]` makes that an inherent function) behind [`ObjectOnly`], which
//! asks the format for a map and nothing else. [`object_serde!`](crate::__object_serde)
//! writes the two forwarding impls.
//!
//! In an untagged union, a variant whose schema is closed (`additionalProperties: false`)
//! must not match an object with other members: serde's derived decoder drops unknown members
//! silently, so the wrong variant could win and the right one's members be lost. Such a
//! variant decodes through [`closed`], which refuses a member the struct does not declare.
//! The same struct used anywhere else keeps accepting (and dropping) members a server adds.
//!
//! A struct merged from alternatives (`anyOf` variants, `then`/`else` branches) has fields
//! that some alternative leaves open: such a member may hold anything, so its field is
//! [`lenient`] (a value that does not fit leaves it `None`) and the value is kept in the
//! struct's `unfit` map ([`KeepUnfit`] collects it), written back after the fields
//! ([`FirstKeyWins`]): the struct re-encodes the object it decoded.
//!
//! Each adapter forwards every other request unchanged, so a value that fits costs what the
//! derived decoder costs.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser;

/// Forwards the `Deserializer` methods that take only a visitor to `self.0`.
macro_rules! forward {
    ($($method:ident)*) => {
        $(
            #[inline]
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.0.$method(visitor)
            }
        )*
    };
}

/// Forwards the `Deserializer` methods that take more than a visitor to `self.0`.
macro_rules! forward_named {
    () => {
        #[inline]
        fn deserialize_unit_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.deserialize_unit_struct(name, visitor)
        }

        #[inline]
        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.deserialize_newtype_struct(name, visitor)
        }

        #[inline]
        fn deserialize_tuple<V: Visitor<'de>>(
            self,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.deserialize_tuple(len, visitor)
        }

        #[inline]
        fn deserialize_tuple_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            len: usize,
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.deserialize_tuple_struct(name, len, visitor)
        }

        #[inline]
        fn deserialize_enum<V: Visitor<'de>>(
            self,
            name: &'static str,
            variants: &'static [&'static str],
            visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0.deserialize_enum(name, variants, visitor)
        }

        #[inline]
        fn is_human_readable(&self) -> bool {
            self.0.is_human_readable()
        }
    };
}

/// A deserializer that only ever asks for a map: a struct or an internally tagged enum
/// decoded through it refuses a JSON array (serde_json would otherwise feed the array to the
/// derived decoder's `visit_seq`, field by field).
#[derive(Debug)]
pub struct ObjectOnly<D>(pub D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for ObjectOnly<D> {
    type Error = D::Error;

    forward! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_option
        deserialize_unit deserialize_seq deserialize_map deserialize_identifier
        deserialize_ignored_any
    }
    forward_named!();

    /// Internally tagged enums ask for any value, then look for their tag in a map or,
    /// first, in a sequence: only the map is a JSON Schema object.
    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(visitor)
    }
}

/// Decodes a union variant whose schema is closed: an object member that `T` does not
/// declare makes it fail, so an untagged union tries its next variant instead of dropping
/// the member.
///
/// # Errors
///
/// What `T` fails with, or `unknown field` for a member `T` does not declare.
pub fn closed<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::Deserialize<'de>,
{
    T::deserialize(Closed(deserializer))
}

/// Hands the map of the object being decoded to [`ClosedMap`].
struct Closed<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Closed<D> {
    type Error = D::Error;

    forward! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_option
        deserialize_unit deserialize_seq deserialize_identifier deserialize_ignored_any
    }
    forward_named!();

    #[inline]
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_any(ClosedVisitor(visitor))
    }

    #[inline]
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.0.deserialize_map(ClosedVisitor(visitor))
    }

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0
            .deserialize_struct(name, fields, ClosedVisitor(visitor))
    }
}

/// Forwards every visit, wrapping the map of the object.
struct ClosedVisitor<V>(V);

macro_rules! forward_visit {
    ($($method:ident: $ty:ty)*) => {
        $(
            #[inline]
            fn $method<E: de::Error>(self, value: $ty) -> Result<Self::Value, E> {
                self.0.$method(value)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for ClosedVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(formatter)
    }

    forward_visit! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
        visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
        visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    #[inline]
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_none()
    }

    #[inline]
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        self.0.visit_unit()
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.visit_some(deserializer)
    }

    #[inline]
    fn visit_newtype_struct<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Self::Value, D::Error> {
        self.0.visit_newtype_struct(deserializer)
    }

    #[inline]
    fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq)
    }

    #[inline]
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(ClosedMap(map))
    }

    #[inline]
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        self.0.visit_enum(data)
    }
}

/// The members of a closed object: a value the decoder skips (serde's derived decoders skip
/// the values of members they do not know) is an error instead.
struct ClosedMap<A>(A);

impl<'de, A: MapAccess<'de>> MapAccess<'de> for ClosedMap<A> {
    type Error = A::Error;

    #[inline]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.0.next_key_seed(seed)
    }

    #[inline]
    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        self.0.next_value_seed(NotSkipped(seed))
    }

    #[inline]
    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

/// A member's value, which must not be skipped.
struct NotSkipped<S>(S);

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for NotSkipped<S> {
    type Value = S::Value;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.0.deserialize(NoSkip(deserializer))
    }
}

/// Forwards everything but a request to skip the value, which fails.
struct NoSkip<D>(D);

impl<'de, D: Deserializer<'de>> Deserializer<'de> for NoSkip<D> {
    type Error = D::Error;

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_seq deserialize_map
        deserialize_identifier
    }
    forward_named!();

    #[inline]
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(de::Error::custom(
            "unknown field: the object is closed (additionalProperties: false)",
        ))
    }
}

/// Decodes a field of a struct merged from several alternatives (`anyOf` variants,
/// `then`/`else` branches) that not every alternative declares: where an alternative that
/// leaves the member open matches, the member may hold anything, so a value that does not
/// fit `T` leaves the field `None` rather than failing the whole object, and is handed to
/// the struct's decoder ([`KeepUnfit`]), which keeps it in the struct's `unfit` map so that
/// it encodes back unchanged. Used with `#[serde(default)]`.
///
/// # Errors
///
/// Only when the value is not JSON at all.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: de::DeserializeOwned,
{
    let value = <serde_json::Value as de::Deserialize>::deserialize(deserializer)?;
    match <Option<T> as de::Deserialize>::deserialize(&value) {
        Ok(decoded) => {
            // Written on every outcome: a lenient field nested in `T` may have left a value
            // here that its own struct already took, or that a union variant tried and gave up.
            UNFIT.set(None);
            Ok(decoded)
        }
        Err(_) => {
            UNFIT.set(Some(value));
            Ok(None)
        }
    }
}

thread_local! {
    /// What the [`lenient`] field decoded last left out, for the [`KeepUnfit`] map around it
    /// to take right after that member (decoding is synchronous: nothing runs in between).
    static UNFIT: std::cell::Cell<Option<serde_json::Value>> = const { std::cell::Cell::new(None) };
}

/// The members that the lenient fields of a struct left out, by JSON name.
pub type Unfit = serde_json::Map<String, serde_json::Value>;

/// Decodes a struct that has [`lenient`] fields: each member whose value did not fit its
/// field is collected into `sink` (under its JSON name), for the struct's `unfit` map.
/// Everything else is forwarded unchanged, so errors keep their paths.
#[derive(Debug)]
pub struct KeepUnfit<'s, D> {
    inner: D,
    sink: &'s mut Unfit,
}

impl<'s, D> KeepUnfit<'s, D> {
    /// Decodes through `inner`, collecting into `sink`.
    pub fn new(inner: D, sink: &'s mut Unfit) -> Self {
        KeepUnfit { inner, sink }
    }
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeepUnfit<'_, D> {
    type Error = D::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_any(UnfitVisitor {
            inner: visitor,
            sink: self.sink,
        })
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_map(UnfitVisitor {
            inner: visitor,
            sink: self.sink,
        })
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.inner.deserialize_struct(
            name,
            fields,
            UnfitVisitor {
                inner: visitor,
                sink: self.sink,
            },
        )
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct enum identifier
        ignored_any
    }
}

/// Wraps the map of the object being decoded in [`UnfitMap`].
struct UnfitVisitor<'s, V> {
    inner: V,
    sink: &'s mut Unfit,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for UnfitVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.inner.visit_map(UnfitMap {
            inner: map,
            sink: self.sink,
            key: None,
        })
    }
}

/// The members of the object: remembers each key, and after each value takes what a
/// lenient field left out.
struct UnfitMap<'s, A> {
    inner: A,
    sink: &'s mut Unfit,
    key: Option<String>,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for UnfitMap<'_, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        self.key = None;
        self.inner.next_key_seed(KeySeed {
            inner: seed,
            key: &mut self.key,
        })
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        UNFIT.set(None);
        let value = self.inner.next_value_seed(seed)?;
        if let (Some(unfit), Some(key)) = (UNFIT.take(), self.key.take()) {
            self.sink.insert(key, unfit);
        }
        Ok(value)
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A member's key, whose text is recorded on the way to the struct's field matcher.
struct KeySeed<'k, S> {
    inner: S,
    key: &'k mut Option<String>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for KeySeed<'_, S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.inner.deserialize(KeyDeserializer {
            inner: deserializer,
            key: self.key,
        })
    }
}

/// Forwards the key's deserialization, its visitor wrapped in [`KeyVisitor`].
struct KeyDeserializer<'k, D> {
    inner: D,
    key: &'k mut Option<String>,
}

/// Forwards a `Deserializer` method that takes only a visitor, wrapping it in [`KeyVisitor`].
macro_rules! forward_key {
    ($($method:ident)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
                self.inner.$method(KeyVisitor { inner: visitor, key: self.key })
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for KeyDeserializer<'_, D> {
    type Error = D::Error;

    forward_key! {
        deserialize_any deserialize_str deserialize_string deserialize_identifier
        deserialize_bytes deserialize_byte_buf
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char option unit unit_struct
        newtype_struct seq tuple tuple_struct map struct enum ignored_any
    }
}

/// Records a key's text, then hands it on.
struct KeyVisitor<'k, V> {
    inner: V,
    key: &'k mut Option<String>,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for KeyVisitor<'_, V> {
    type Value = V::Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(formatter)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        *self.key = Some(value.to_string());
        self.inner.visit_str(value)
    }

    fn visit_borrowed_str<E: de::Error>(self, value: &'de str) -> Result<Self::Value, E> {
        *self.key = Some(value.to_string());
        self.inner.visit_borrowed_str(value)
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Self::Value, E> {
        *self.key = Some(value.clone());
        self.inner.visit_string(value)
    }

    fn visit_bytes<E: de::Error>(self, value: &[u8]) -> Result<Self::Value, E> {
        *self.key = std::str::from_utf8(value).ok().map(str::to_string);
        self.inner.visit_bytes(value)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, value: &'de [u8]) -> Result<Self::Value, E> {
        *self.key = std::str::from_utf8(value).ok().map(str::to_string);
        self.inner.visit_borrowed_bytes(value)
    }

    fn visit_byte_buf<E: de::Error>(self, value: Vec<u8>) -> Result<Self::Value, E> {
        *self.key = std::str::from_utf8(&value).ok().map(str::to_string);
        self.inner.visit_byte_buf(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Self::Value, E> {
        self.inner.visit_u64(value)
    }
}

/// Encodes a struct that has an `unfit` map: its fields come first, then the map's members,
/// and a member whose key was already written is left out, so that a field given a value
/// wins over what decoding kept for it (a JSON object has each key once).
#[derive(Debug)]
pub struct FirstKeyWins<S>(pub S);

/// Forwards `Serializer` methods unchanged to `self.0`.
macro_rules! forward_ser {
    ($($method:ident($($arg:ident: $ty:ty),*) -> $out:ty;)*) => {
        $(
            #[inline]
            fn $method(self, $($arg: $ty),*) -> Result<$out, S::Error> {
                self.0.$method($($arg),*)
            }
        )*
    };
}

impl<S: ser::Serializer> ser::Serializer for FirstKeyWins<S> {
    type Ok = S::Ok;
    type Error = S::Error;
    type SerializeSeq = S::SerializeSeq;
    type SerializeTuple = S::SerializeTuple;
    type SerializeTupleStruct = S::SerializeTupleStruct;
    type SerializeTupleVariant = S::SerializeTupleVariant;
    type SerializeMap = KeysOnce<S::SerializeMap>;
    type SerializeStruct = S::SerializeStruct;
    type SerializeStructVariant = S::SerializeStructVariant;

    forward_ser! {
        serialize_bool(v: bool) -> S::Ok;
        serialize_i8(v: i8) -> S::Ok;
        serialize_i16(v: i16) -> S::Ok;
        serialize_i32(v: i32) -> S::Ok;
        serialize_i64(v: i64) -> S::Ok;
        serialize_i128(v: i128) -> S::Ok;
        serialize_u8(v: u8) -> S::Ok;
        serialize_u16(v: u16) -> S::Ok;
        serialize_u32(v: u32) -> S::Ok;
        serialize_u64(v: u64) -> S::Ok;
        serialize_u128(v: u128) -> S::Ok;
        serialize_f32(v: f32) -> S::Ok;
        serialize_f64(v: f64) -> S::Ok;
        serialize_char(v: char) -> S::Ok;
        serialize_str(v: &str) -> S::Ok;
        serialize_bytes(v: &[u8]) -> S::Ok;
        serialize_none() -> S::Ok;
        serialize_unit() -> S::Ok;
        serialize_unit_struct(name: &'static str) -> S::Ok;
        serialize_unit_variant(name: &'static str, index: u32, variant: &'static str) -> S::Ok;
        serialize_seq(len: Option<usize>) -> S::SerializeSeq;
        serialize_tuple(len: usize) -> S::SerializeTuple;
        serialize_tuple_struct(name: &'static str, len: usize) -> S::SerializeTupleStruct;
        serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> S::SerializeTupleVariant;
        serialize_struct(name: &'static str, len: usize) -> S::SerializeStruct;
        serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> S::SerializeStructVariant;
    }

    #[inline]
    fn serialize_some<T: ser::Serialize + ?Sized>(self, value: &T) -> Result<S::Ok, S::Error> {
        self.0.serialize_some(value)
    }

    #[inline]
    fn serialize_newtype_struct<T: ser::Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0.serialize_newtype_struct(name, value)
    }

    #[inline]
    fn serialize_newtype_variant<T: ser::Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<S::Ok, S::Error> {
        self.0
            .serialize_newtype_variant(name, index, variant, value)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Self::SerializeMap, S::Error> {
        Ok(KeysOnce {
            inner: self.0.serialize_map(len)?,
            written: std::collections::BTreeSet::new(),
            skip_value: false,
        })
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// The members of the object being written, each key at most once (the first wins).
#[derive(Debug)]
pub struct KeysOnce<M> {
    inner: M,
    written: std::collections::BTreeSet<String>,
    skip_value: bool,
}

impl<M> KeysOnce<M> {
    /// Whether `key` is new (and now written).
    fn first<K: ser::Serialize + ?Sized>(&mut self, key: &K) -> bool {
        match serde_json::to_value(key) {
            Ok(serde_json::Value::String(key)) => self.written.insert(key),
            // Not a text key: not one of the object's members, never a repeat.
            _ => true,
        }
    }
}

impl<M: ser::SerializeMap> ser::SerializeMap for KeysOnce<M> {
    type Ok = M::Ok;
    type Error = M::Error;

    fn serialize_key<K: ser::Serialize + ?Sized>(&mut self, key: &K) -> Result<(), M::Error> {
        self.skip_value = !self.first(key);
        if self.skip_value {
            return Ok(());
        }
        self.inner.serialize_key(key)
    }

    fn serialize_value<V: ser::Serialize + ?Sized>(&mut self, value: &V) -> Result<(), M::Error> {
        if std::mem::take(&mut self.skip_value) {
            return Ok(());
        }
        self.inner.serialize_value(value)
    }

    fn serialize_entry<K: ser::Serialize + ?Sized, V: ser::Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), M::Error> {
        if !self.first(key) {
            return Ok(());
        }
        self.inner.serialize_entry(key, value)
    }

    fn end(self) -> Result<M::Ok, M::Error> {
        self.inner.end()
    }
}

/// Decodes a property whose schema is a `const` that is not a string (strings are enums of
/// their own): a union variant asking for `"version": 2` must not match `"version": 3`.
/// `expected` is the constant as JSON text.
///
/// # Errors
///
/// When the value is not the constant (JSON equality: `2` and `2.0` are the same number).
pub fn constant<'de, D, T>(deserializer: D, expected: &'static str) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: de::DeserializeOwned,
{
    let value = <serde_json::Value as de::Deserialize>::deserialize(deserializer)?;
    let wanted: serde_json::Value = serde_json::from_str(expected).map_err(de::Error::custom)?;
    if !same_json(&value, &wanted) {
        return Err(de::Error::custom(format_args!(
            "expected the constant {expected}"
        )));
    }
    T::deserialize(value).map_err(de::Error::custom)
}

/// JSON Schema equality: numbers by value, objects regardless of member order.
fn same_json(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(key, value)| y.get(key).is_some_and(|other| same_json(value, other)))
        }
        _ => a == b,
    }
}

/// Writes `Deserialize` and `Serialize` for a generated type whose derives carry
/// `#[serde(remote = "Self")]` (which makes them inherent functions): decoding goes through
/// [`ObjectOnly`], encoding is the derived one.
#[doc(hidden)]
#[macro_export]
macro_rules! __object_serde {
    ($name:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                $name::deserialize($crate::__private::ObjectOnly(deserializer))
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                $name::serialize(self, serializer)
            }
        }
    };
    // A struct with lenient fields: what they leave out is kept in `$unfit` (a
    // `#[serde(flatten, skip_deserializing)]` map) and written back after the fields.
    ($name:ident, unfit = $unfit:ident) => {
        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: $crate::__private::serde::Deserializer<'de>,
            {
                let mut unfit = $crate::__private::Unfit::new();
                let mut value = $name::deserialize($crate::__private::KeepUnfit::new(
                    $crate::__private::ObjectOnly(deserializer),
                    &mut unfit,
                ))?;
                value.$unfit = unfit;
                ::std::result::Result::Ok(value)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: $crate::__private::serde::Serializer,
            {
                $name::serialize(self, $crate::__private::FirstKeyWins(serializer))
            }
        }
    };
}
