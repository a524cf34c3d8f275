workflow_runtime::workflow!("schemas/external-ref.json");

fn main() {}
