workflow_runtime::workflow!("schemas/non-object-result.json");

fn main() {}
