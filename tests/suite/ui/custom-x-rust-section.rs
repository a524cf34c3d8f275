// Mistakes in the workflow file's `x-rust` section are reported at their place in the file.
workflow_runtime::workflow!("schemas/custom-x-rust-section.json");

fn main() {}
