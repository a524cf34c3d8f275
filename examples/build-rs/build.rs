//! One module per workflow file in `schemas/`, written to `OUT_DIR/workflows.rs`.

fn main() -> Result<(), workflow_codegen::build::BuildError> {
    workflow_codegen::build::generate_dir("schemas", "workflows.rs")?;
    Ok(())
}
