workflow_runtime::workflow!("schemas/dangling-ref.json");

fn main() {}
