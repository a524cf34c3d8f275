//! Properties of `repair::decode` over schemas drawn from a small grammar (objects, arrays,
//! strings, integers, numbers, booleans, enums, nullable types, `$ref`s) and values that fit
//! them:
//!
//! - a value that fits decodes identically in `Strict` and `Repair` modes, with no repairs, and
//!   `repair` leaves it exactly as it is;
//! - the same value as a model might write it (numbers and booleans as strings, enum values in
//!   another case, objects as JSON text, single-item arrays as their item) fails in `Strict`
//!   mode and decodes back to exactly the original value in `Repair` mode.
//!
//! The typed side is `Checked`, which decodes any JSON but fails unless it fits the current
//! shape, checked here independently of the repair engine's own "fits".

use std::cell::RefCell;

use proptest::prelude::*;
use serde::de::{Deserialize, Deserializer, Error as _};
use serde_json::{Map, Value, json};
use workflow_runtime::ResultMode;
use workflow_runtime::repair::{self, Rule};

const ENUM_POOL: [&str; 4] = ["alpha", "beta", "gamma", "delta"];

#[derive(Debug, Clone)]
enum Shape {
    String,
    Integer,
    Number,
    Boolean,
    Enum(Vec<&'static str>),
    Array(Box<Shape>),
    /// Fields named `f0`, `f1`, ...: their shape and whether they are required.
    Object(Vec<(Shape, bool)>),
    /// Through `anyOf` with `null` (true) or `type: [T, "null"]` (false, where T has a type).
    Nullable(Box<Shape>, bool),
    /// Through a `$ref` to a definition.
    Ref(Box<Shape>),
}

fn shape() -> impl Strategy<Value = Shape> {
    let leaf = prop_oneof![
        Just(Shape::String),
        Just(Shape::Integer),
        Just(Shape::Number),
        Just(Shape::Boolean),
        proptest::sample::subsequence(ENUM_POOL.to_vec(), 1..=4).prop_map(Shape::Enum),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            inner.clone().prop_map(|item| Shape::Array(Box::new(item))),
            proptest::collection::vec((inner.clone(), any::<bool>()), 1..4).prop_map(Shape::Object),
            (inner.clone(), any::<bool>())
                .prop_map(|(inner, any_of)| Shape::Nullable(Box::new(inner), any_of)),
            inner.prop_map(|inner| Shape::Ref(Box::new(inner))),
        ]
    })
}

/// The JSON Schema of `shape`, with its definitions collected in `defs`.
fn schema(shape: &Shape, defs: &mut Map<String, Value>) -> Value {
    match shape {
        Shape::String => json!({ "type": "string" }),
        Shape::Integer => json!({ "type": "integer" }),
        Shape::Number => json!({ "type": "number" }),
        Shape::Boolean => json!({ "type": "boolean" }),
        Shape::Enum(values) => json!({ "type": "string", "enum": values }),
        Shape::Array(item) => json!({ "type": "array", "items": schema(item, defs) }),
        Shape::Object(fields) => {
            let properties: Map<String, Value> = fields
                .iter()
                .enumerate()
                .map(|(index, (field, _))| (format!("f{index}"), schema(field, defs)))
                .collect();
            let required: Vec<String> = fields
                .iter()
                .enumerate()
                .filter(|(_, (_, required))| *required)
                .map(|(index, _)| format!("f{index}"))
                .collect();
            json!({ "type": "object", "properties": properties, "required": required })
        }
        Shape::Nullable(inner, any_of) => {
            let mut inner_schema = schema(inner, defs);
            let typed = matches!(
                **inner,
                Shape::String
                    | Shape::Integer
                    | Shape::Number
                    | Shape::Boolean
                    | Shape::Array(_)
                    | Shape::Object(_)
            );
            if *any_of || !typed {
                json!({ "anyOf": [inner_schema, { "type": "null" }] })
            } else {
                let name = inner_schema["type"].clone();
                inner_schema["type"] = json!([name, "null"]);
                inner_schema
            }
        }
        Shape::Ref(inner) => {
            let name = format!("D{}", defs.len());
            // Reserve the name before the inner definitions take theirs.
            defs.insert(name.clone(), Value::Null);
            let definition = schema(inner, defs);
            defs.insert(name.clone(), definition);
            json!({ "$ref": format!("#/$defs/{name}") })
        }
    }
}

fn root_schema(shape: &Shape) -> Value {
    let mut defs = Map::new();
    let mut root = schema(shape, &mut defs);
    if !defs.is_empty() {
        match &mut root {
            Value::Object(members) => {
                members.insert("$defs".to_owned(), Value::Object(defs));
            }
            other => *other = json!({ "allOf": [other.clone()], "$defs": defs }),
        }
    }
    root
}

/// A value that fits `shape`.
fn value(shape: &Shape) -> BoxedStrategy<Value> {
    match shape {
        Shape::String => "[a-z0-9 ]{0,8}".prop_map(Value::from).boxed(),
        Shape::Integer => any::<i64>().prop_map(Value::from).boxed(),
        // Multiples of 1/64: short decimals that every float parser reads back exactly.
        Shape::Number => prop_oneof![
            (-(1i64 << 40)..(1i64 << 40)).prop_map(|n| Value::from(n as f64 / 64.0)),
            any::<i32>().prop_map(Value::from),
        ]
        .boxed(),
        Shape::Boolean => any::<bool>().prop_map(Value::from).boxed(),
        Shape::Enum(values) => proptest::sample::select(values.clone())
            .prop_map(Value::from)
            .boxed(),
        Shape::Array(item) => proptest::collection::vec(value(item), 0..4)
            .prop_map(Value::Array)
            .boxed(),
        Shape::Object(fields) => {
            let members: Vec<BoxedStrategy<Option<Value>>> = fields
                .iter()
                .map(|(field, required)| {
                    if *required {
                        value(field).prop_map(Some).boxed()
                    } else {
                        proptest::option::of(value(field)).boxed()
                    }
                })
                .collect();
            members
                .prop_map(|members| {
                    Value::Object(
                        members
                            .into_iter()
                            .enumerate()
                            .filter_map(|(index, member)| Some((format!("f{index}"), member?)))
                            .collect(),
                    )
                })
                .boxed()
        }
        Shape::Nullable(inner, _) => prop_oneof![1 => Just(Value::Null), 3 => value(inner)].boxed(),
        Shape::Ref(inner) => value(inner),
    }
}

fn shape_and_value() -> impl Strategy<Value = (Shape, Value)> {
    shape().prop_flat_map(|shape| {
        let value = value(&shape);
        (Just(shape), value)
    })
}

/// Whether `value` fits `shape` as a typed decode would see it (integers without a fraction).
fn conforms(shape: &Shape, value: &Value) -> bool {
    match (shape, value) {
        (Shape::String, Value::String(_)) | (Shape::Boolean, Value::Bool(_)) => true,
        (Shape::Integer, Value::Number(number)) => number.is_i64() || number.is_u64(),
        (Shape::Number, Value::Number(_)) => true,
        (Shape::Enum(values), Value::String(text)) => values.contains(&text.as_str()),
        (Shape::Array(item), Value::Array(items)) => items.iter().all(|i| conforms(item, i)),
        (Shape::Object(fields), Value::Object(members)) => {
            members.keys().all(|key| {
                key.strip_prefix('f')
                    .and_then(|index| index.parse::<usize>().ok())
                    .is_some_and(|index| index < fields.len())
            }) && fields.iter().enumerate().all(|(index, (field, required))| {
                match members.get(&format!("f{index}")) {
                    Some(member) => conforms(field, member),
                    None => !required,
                }
            })
        }
        (Shape::Nullable(_, _), Value::Null) => true,
        (Shape::Nullable(inner, _), value) | (Shape::Ref(inner), value) => conforms(inner, value),
        _ => false,
    }
}

thread_local! {
    /// The shape `Checked` checks against, set by each case.
    static SHAPE: RefCell<Option<Shape>> = const { RefCell::new(None) };
}

/// Any JSON, decoded only when it fits the current shape: a typed output for a schema that is
/// only known at run time.
#[derive(Debug, PartialEq)]
struct Checked(Value);

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        let fits = SHAPE.with(|shape| {
            shape
                .borrow()
                .as_ref()
                .is_some_and(|shape| conforms(shape, &value))
        });
        if fits {
            Ok(Checked(value))
        } else {
            Err(D::Error::custom("does not fit the shape"))
        }
    }
}

/// A small deterministic source of choices, so that a case shrinks and replays.
struct Choices(u64);

impl Choices {
    fn next(&mut self, below: u64) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % below
    }
}

/// `value` as a model might have written it: only shapes a documented rule repairs exactly.
fn mutate(shape: &Shape, value: &Value, choices: &mut Choices) -> Value {
    if choices.next(4) == 0 {
        return value.clone();
    }
    match (shape, value) {
        (Shape::Integer, Value::Number(number)) => {
            let integer = number
                .as_i64()
                .map(i128::from)
                .or(number.as_u64().map(i128::from));
            match (choices.next(3), integer) {
                (0, Some(integer)) if integer.abs() <= 1 << 53 => json!(integer as f64),
                (1, _) => json!(format!(" {number} ")),
                _ => json!(number.to_string()),
            }
        }
        (Shape::Number, Value::Number(number)) => match choices.next(2) {
            0 => json!(format!("{number}\n")),
            _ => json!(number.to_string()),
        },
        (Shape::Boolean, Value::Bool(boolean)) => match choices.next(3) {
            0 => json!(boolean.to_string().to_uppercase()),
            1 => json!(format!(" {boolean}")),
            _ => json!(if *boolean { "True" } else { "False" }),
        },
        (Shape::Enum(_), Value::String(text)) => match choices.next(3) {
            0 => json!(text.to_uppercase()),
            1 => json!(format!(" {text} ")),
            _ => {
                let mut chars = text.chars();
                let first = chars.next().map(|c| c.to_uppercase().to_string());
                json!(format!("{}{}", first.unwrap_or_default(), chars.as_str()))
            }
        },
        (Shape::Array(item), Value::Array(items)) => {
            let items: Vec<Value> = items.iter().map(|i| mutate(item, i, choices)).collect();
            // A single item as itself, unless it is null (not wrapped) or an array (which
            // would be taken for the array).
            match items.as_slice() {
                [only] if !only.is_null() && !only.is_array() && choices.next(2) == 0 => {
                    only.clone()
                }
                _ => Value::Array(items),
            }
        }
        (Shape::Object(fields), Value::Object(members)) => {
            let members: Map<String, Value> = members
                .iter()
                .map(|(key, member)| {
                    let index: usize = key.trim_start_matches('f').parse().unwrap();
                    (key.clone(), mutate(&fields[index].0, member, choices))
                })
                .collect();
            let object = Value::Object(members);
            match choices.next(3) {
                0 => json!(object.to_string()),
                1 => json!(format!("```json\n{object}\n```")),
                _ => object,
            }
        }
        (Shape::Nullable(inner, _), value) | (Shape::Ref(inner), value) if !value.is_null() => {
            mutate(inner, value, choices)
        }
        _ => value.clone(),
    }
}

/// `json` parsed as a decode parses it: without serde_json's `float_roundtrip` feature, a float
/// may come back one unit in the last place off the value that was printed.
fn parsed(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

fn set_shape(shape: &Shape) {
    SHAPE.with(|current| *current.borrow_mut() = Some(shape.clone()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn a_value_that_fits_decodes_identically_in_both_modes_without_repairs(
        (shape, value) in shape_and_value()
    ) {
        set_shape(&shape);
        prop_assert!(conforms(&shape, &value), "the generator made {value} for {shape:?}");
        let schema = root_schema(&shape);
        let text = schema.to_string();
        let json = value.to_string();
        let value = parsed(&json);

        let strict = repair::decode::<Checked>(&json, &text, ResultMode::Strict);
        let repaired = repair::decode::<Checked>(&json, &text, ResultMode::Repair);
        prop_assert_eq!(&strict, &repaired);
        prop_assert_eq!(strict, Ok((Checked(value.clone()), Vec::new())));

        let mut untouched = value.clone();
        prop_assert_eq!(repair::repair(&mut untouched, &schema), Vec::new());
        prop_assert_eq!(untouched, value);
    }

    #[test]
    fn a_value_written_as_a_model_might_decodes_back_in_repair_mode_only(
        (shape, value) in shape_and_value(),
        seed in any::<u64>(),
    ) {
        set_shape(&shape);
        let value = parsed(&value.to_string());
        let mutated = mutate(&shape, &value, &mut Choices(seed));
        let text = root_schema(&shape).to_string();
        let json = mutated.to_string();
        if mutated == value {
            // Nothing to mutate in it (strings, nulls): it decodes as it is in both modes.
            let strict = repair::decode::<Checked>(&json, &text, ResultMode::Strict);
            let repaired = repair::decode::<Checked>(&json, &text, ResultMode::Repair);
            prop_assert_eq!(&strict, &repaired);
            prop_assert_eq!(strict, Ok((Checked(value), Vec::new())));
            return Ok(());
        }

        let strict = repair::decode::<Checked>(&json, &text, ResultMode::Strict);
        prop_assert!(strict.is_err(), "strict mode took {json}");
        let (decoded, repairs) = repair::decode::<Checked>(&json, &text, ResultMode::Repair)
            .map_err(|error| TestCaseError::fail(format!("{error} for {json} against {text}")))?;
        prop_assert_eq!(decoded, Checked(value));
        prop_assert!(!repairs.is_empty());
        prop_assert!(repairs.iter().all(|repair| repair.path.starts_with("result")));
        // Only the rules the mutations call for (a fence inside a fenced object's text may be
        // found in "prose": the JSON around it).
        prop_assert!(repairs.iter().all(|repair| repair.rule != Rule::ArrayFromSingle
            || !repair.before.starts_with('[')));
    }
}
