// A new name that is not an UpperCamelCase type name.
workflow_runtime::workflow!(
    "../../../schemas/extract-entities.json",
    rename = { "#/$defs/Entity" = named_thing }
);

fn main() {}
