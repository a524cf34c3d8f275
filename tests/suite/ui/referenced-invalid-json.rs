workflow_runtime::workflow!("schemas/referenced-invalid-json.json");

fn main() {}
