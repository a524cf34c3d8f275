//! Deterministic inputs: generated workflow files (for codegen and build cost), typify's view of
//! the same schemas, and large result bodies (for decode).

use serde_json::{Map, Value, json};

/// SplitMix64: a tiny deterministic generator, so that every run measures the same bytes.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    pub fn below(&mut self, bound: usize) -> usize {
        (self.next_u64() % bound as u64) as usize
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const WORDS: [&str; 48] = [
    "account",
    "address",
    "amount",
    "batch",
    "billing",
    "carrier",
    "category",
    "channel",
    "city",
    "code",
    "comment",
    "contact",
    "country",
    "currency",
    "customer",
    "delivery",
    "discount",
    "email",
    "estimate",
    "event",
    "field",
    "invoice",
    "item",
    "label",
    "language",
    "limit",
    "line",
    "method",
    "note",
    "order",
    "owner",
    "package",
    "payment",
    "phone",
    "price",
    "product",
    "quantity",
    "reason",
    "region",
    "review",
    "score",
    "shipment",
    "source",
    "status",
    "summary",
    "tax",
    "total",
    "warehouse",
];

/// The shape of a generated workflow file.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Properties in the input schema, counting object-valued ones.
    pub input_properties: usize,
    /// Object nesting levels of the input (1: a flat object).
    pub input_depth: u32,
    /// Properties in the result schema, counting object-valued ones.
    pub result_properties: usize,
    /// Object nesting levels of the result.
    pub result_depth: u32,
}

impl Shape {
    /// The macro-cost schema: 300 properties in all (30 in the input, 3 levels; 270 in the
    /// result, 5 levels), objects and arrays of objects nested in a binary tree.
    pub const LARGE: Shape = Shape {
        input_properties: 30,
        input_depth: 3,
        result_properties: 270,
        result_depth: 5,
    };

    /// The build-cost schemas: 40 properties, 3 levels (a realistic mid-sized workflow).
    pub const MEDIUM: Shape = Shape {
        input_properties: 8,
        input_depth: 2,
        result_properties: 32,
        result_depth: 3,
    };

    /// Properties in all.
    pub fn properties(&self) -> usize {
        self.input_properties + self.result_properties
    }
}

/// A workflow file (as JSON text) named `name`, of the given shape; the same `seed` always
/// gives the same text.
pub fn workflow_file(name: &str, shape: Shape, seed: u64) -> String {
    let (input, result) = schemas(shape, seed);
    let file = json!({
        "name": name,
        "deployment_id": format!("dep_bench_{name}"),
        "description": format!("A generated workflow with {} properties, for benchmarks.", shape.properties()),
        "input": input,
        "result": result,
    });
    serde_json::to_string_pretty(&file).expect("a JSON value serializes")
}

/// The same schemas as [`workflow_file`], as one root schema for typify's own pipeline (what
/// `typify::import_types!` reads): an object with `input` and `result` properties.
pub fn typify_root_schema(shape: Shape, seed: u64) -> String {
    let (input, result) = schemas(shape, seed);
    let root = json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Workflow",
        "type": "object",
        "required": ["input", "result"],
        "properties": { "input": input, "result": result },
    });
    serde_json::to_string_pretty(&root).expect("a JSON value serializes")
}

fn schemas(shape: Shape, seed: u64) -> (Value, Value) {
    let mut rng = Rng::new(seed);
    let input = object_tree(&mut rng, shape.input_properties, shape.input_depth);
    let result = object_tree(&mut rng, shape.result_properties, shape.result_depth);
    (input, result)
}

/// An object schema nested `depth` levels as a binary tree (each object above the last level
/// has two object-valued properties: one object, one array of objects), holding `properties`
/// properties in all, leaves spread evenly.
fn object_tree(rng: &mut Rng, properties: usize, depth: u32) -> Value {
    let objects = (1usize << depth) - 1;
    let nested = objects - 1;
    let leaves = properties.saturating_sub(nested);
    let mut remaining = (leaves, objects);
    object(rng, depth, &mut remaining)
}

/// `remaining`: (leaf properties still to place, objects still to build).
fn object(rng: &mut Rng, depth: u32, remaining: &mut (usize, usize)) -> Value {
    let (leaves_left, objects_left) = *remaining;
    let here = leaves_left.div_ceil(objects_left.max(1));
    *remaining = (leaves_left - here, objects_left - 1);
    let mut properties = Map::new();
    let mut required = Vec::new();
    for index in 0..here {
        let name = property_name(rng, &properties, index);
        let schema = leaf(rng, index);
        if index % 2 == 0 {
            required.push(Value::String(name.clone()));
        }
        properties.insert(name, schema);
    }
    if depth > 1 {
        let child = object(rng, depth - 1, remaining);
        let name = property_name(rng, &properties, here);
        required.push(Value::String(name.clone()));
        properties.insert(name, child);
        let item = object(rng, depth - 1, remaining);
        let name = format!("{}s", property_name(rng, &properties, here + 1));
        properties.insert(
            name,
            json!({ "type": "array", "description": "Zero or more entries.", "items": item }),
        );
    }
    json!({ "type": "object", "required": required, "properties": properties })
}

fn property_name(rng: &mut Rng, taken: &Map<String, Value>, index: usize) -> String {
    let name = format!("{}_{}", rng.pick(&WORDS), rng.pick(&WORDS));
    if taken.contains_key(&name) || taken.contains_key(&format!("{name}s")) {
        format!("{name}_{index}")
    } else {
        name
    }
}

fn leaf(rng: &mut Rng, index: usize) -> Value {
    let description = format!("Generated field number {index}.");
    match rng.below(9) {
        0 => json!({ "type": "string", "description": description }),
        1 => json!({ "type": "string", "format": "date-time" }),
        2 => json!({ "type": "integer", "minimum": 0, "description": description }),
        3 => json!({ "type": "number" }),
        4 => json!({ "type": "boolean" }),
        5 => json!({ "type": "string", "enum": ["low", "medium", "high"] }),
        6 => json!({ "type": "array", "items": { "type": "string" } }),
        7 => json!({ "type": ["string", "null"], "description": description }),
        _ => json!({ "type": "string", "maxLength": 200 }),
    }
}

/// The result body `{"result": {...}}` of `schemas/catalog.json`: at least `min_bytes` long,
/// items of strings, numbers, booleans, tags and nested dimensions, a few strings with escapes
/// and non-ASCII text, as an LLM extraction would return.
pub fn catalog_body(min_bytes: usize) -> Vec<u8> {
    let mut rng = Rng::new(7);
    let mut items = Vec::new();
    let mut size = 64;
    let mut id = 0u64;
    while size < min_bytes {
        let item = catalog_item(&mut rng, id);
        size += serde_json::to_vec(&item)
            .expect("a JSON value serializes")
            .len()
            + 1;
        items.push(item);
        id += 1;
    }
    let body = json!({
        "result": {
            "total_count": items.len(),
            "next_cursor": null,
            "items": items,
        }
    });
    serde_json::to_vec(&body).expect("a JSON value serializes")
}

fn catalog_item(rng: &mut Rng, id: u64) -> Value {
    let words = |rng: &mut Rng, count: usize| {
        (0..count)
            .map(|_| *rng.pick(&WORDS))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let length = 12 + rng.below(12);
    let mut description = words(rng, length);
    match rng.below(8) {
        0 => description.push_str(" \"quoted\"\nsecond line"),
        1 => description.push_str(" — Größe: 42 cm, 価格"),
        _ => {}
    }
    let tag_count = rng.below(5);
    let tags: Vec<String> = (0..tag_count).map(|_| words(rng, 1)).collect();
    json!({
        "id": id,
        "sku": format!("SKU-{:08X}", rng.next_u64() as u32),
        "name": words(rng, 3),
        "description": description,
        "price": (rng.below(1_000_000) as f64) / 100.0,
        "rating": (rng.below(50) as f64) / 10.0,
        "in_stock": rng.below(2) == 0,
        "tags": tags,
        "dimensions": {
            "width_cm": rng.below(2000) as f64 / 10.0,
            "height_cm": rng.below(2000) as f64 / 10.0,
            "depth_cm": rng.below(2000) as f64 / 10.0,
        },
        "updated_at": format!("2024-{:02}-{:02}T{:02}:{:02}:00Z", 1 + rng.below(12), 1 + rng.below(28), rng.below(24), rng.below(60)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_properties(schema: &Value) -> (usize, u32) {
        let mut count = 0;
        let mut depth = 0;
        if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
            depth = 1;
            for child in properties.values() {
                count += 1;
                let child = child.get("items").unwrap_or(child);
                let (below, below_depth) = count_properties(child);
                count += below;
                depth = depth.max(1 + below_depth);
            }
        }
        (count, depth)
    }

    #[test]
    fn the_large_workflow_has_300_properties_over_5_levels() {
        let file: Value = serde_json::from_str(&workflow_file("big", Shape::LARGE, 1)).unwrap();
        let (input, input_depth) = count_properties(&file["input"]);
        let (result, result_depth) = count_properties(&file["result"]);
        assert_eq!(input + result, 300);
        assert_eq!((input_depth, result_depth), (3, 5));
    }

    #[test]
    fn workflow_files_are_deterministic_and_generate() {
        let text = workflow_file("big", Shape::LARGE, 1);
        assert_eq!(text, workflow_file("big", Shape::LARGE, 1));
        let options = workflow_codegen::Options::default();
        workflow_codegen::generate_str(std::path::Path::new("big.json"), &text, &options).unwrap();
    }

    #[test]
    fn catalog_bodies_reach_their_size() {
        let body = catalog_body(100_000);
        assert!(
            body.len() >= 100_000 && body.len() < 101_000,
            "{}",
            body.len()
        );
        let value: Value = serde_json::from_slice(&body).unwrap();
        assert!(value["result"]["items"].as_array().unwrap().len() > 100);
    }
}
