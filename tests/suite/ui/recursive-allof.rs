workflow_runtime::workflow!("schemas/recursive-allof.json");

fn main() {}
