workflow_runtime::workflow!("schemas/problem-in-referenced-file.json");

fn main() {}
