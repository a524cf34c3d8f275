// A `rename` key that names no generated type: a did-you-mean on the key.
workflow_runtime::workflow!(
    "../../../schemas/extract-entities.json",
    rename = { MentionItem = Mention }
);

fn main() {}
