// A `replace` key that names no generated type's schema: a did-you-mean on the key.
pub struct Money;

workflow_runtime::workflow!(
    "../../../schemas/extract-entities.json",
    replace = { "#/$defs/Entty" = crate::Money }
);

fn main() {}
