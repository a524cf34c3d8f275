// A problem found by validation, at its JSON pointer, located inside the literal.
workflow_runtime::workflow!(
    inline = r#"{
        "name": "tiny",
        "input": {"type": "object"},
        "result": {"type": "array", "items": {"type": "string"}}
    }"#,
    module = tiny
);

fn main() {}
