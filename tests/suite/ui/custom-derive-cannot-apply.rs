// A derive asked for one type that cannot have it: the reason and the field that rules it out.
workflow_runtime::workflow!(
    "../../../schemas/extract-entities.json",
    derives = { Output = [Hash] }
);

fn main() {}
