workflow_runtime::workflow!("schemas/missing-referenced-file.json");

fn main() {}
