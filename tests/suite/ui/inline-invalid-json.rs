// Two trailing commas, on lines 4 and 5 of the literal: each error says where, `inline:4:51`
// and `inline:5:1` (stable Rust cannot span a part of a literal: the span is all of it).
workflow_runtime::workflow!(inline = r#"{
    "name": "tiny",
    "input": {"type": "object", "properties": {"q": {"type": "string"}}},
    "result": {"type": "object", "properties": {},},
}"#);

fn main() {}
