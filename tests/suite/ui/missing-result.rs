workflow_runtime::workflow!("schemas/missing-result.json");

fn main() {}
