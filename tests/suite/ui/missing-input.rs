workflow_runtime::workflow!("schemas/missing-input.json");

fn main() {}
