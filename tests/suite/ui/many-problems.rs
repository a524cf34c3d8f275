// Every problem of a file is reported at once, each at its own place.
workflow_runtime::workflow!("schemas/many-problems.json");

fn main() {}
