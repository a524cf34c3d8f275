workflow_runtime::workflow!("schemas/allof-conflict.json");

fn main() {}
