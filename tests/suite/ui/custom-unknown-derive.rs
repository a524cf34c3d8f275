// A derive that is not a standard one nor a path: a did-you-mean on the derive.
workflow_runtime::workflow!("../../../schemas/extract-entities.json", derives = [Eq, Hsh]);

fn main() {}
