workflow_runtime::workflow!("schemas/broken-example.json");

fn main() {}
