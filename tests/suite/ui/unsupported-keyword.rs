workflow_runtime::workflow!("schemas/unsupported-keyword.json");

fn main() {}
