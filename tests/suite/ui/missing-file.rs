workflow_runtime::workflow!("schemas/does-not-exist.json");

fn main() {}
