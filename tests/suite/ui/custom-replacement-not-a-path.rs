// A replacing type that is not a type path.
workflow_runtime::workflow!(
    "../../../schemas/extract-entities.json",
    replace = { Entity = &'static str }
);

fn main() {}
