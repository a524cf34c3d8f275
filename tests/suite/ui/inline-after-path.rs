workflow_runtime::workflow!("schemas/missing-input.json", inline = "{}");

fn main() {}
