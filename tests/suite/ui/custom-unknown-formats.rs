// A `formats` choice that does not exist.
workflow_runtime::workflow!("../../../schemas/extract-entities.json", formats = "chrno");

fn main() {}
