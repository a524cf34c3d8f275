workflow_runtime::workflow!("schemas/invalid-json.json");

fn main() {}
