//! The workflow's own items: the marker type and its `Workflow` impl, consts, module docs.

use std::collections::BTreeSet;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use serde_json::Value;
use syn::{Ident, Item};

use crate::Options;
use crate::plan::Plan;

use super::docs::{doc_lines, sanitize_doc};

pub(super) fn emit_workflow(plan: &Plan, options: &Options) -> TokenStream {
    let marker = Ident::new(&plan.marker, Span::call_site());
    let name = &plan.name;
    let deployment = match &plan.deployment_id {
        Some(id) => quote!(::std::option::Option::Some(#id)),
        None => quote!(::std::option::Option::None),
    };
    let input_schema = plan.input_schema.to_string();
    let result_schema = plan.result_schema.to_string();
    // What the types do not prove; the whole schema again when they prove nothing of it.
    let input_checks = match &plan.input_checks {
        Some(checks) if checks == &plan.input_schema => quote!(Self::INPUT_SCHEMA),
        Some(checks) => {
            let checks = checks.to_string();
            quote!(::std::option::Option::Some(#checks))
        }
        None => quote!(::std::option::Option::None),
    };
    let examples = plan.examples.iter().map(|(input, result)| {
        let input = input.to_string();
        let result = result.to_string();
        quote!(::workflow_runtime::Example::new(#input, #result))
    });
    let include = options.include_path.as_ref().map(|path| {
        let referenced = plan
            .referenced
            .iter()
            .map(|file| file.to_string_lossy().into_owned());
        quote! {
            // Rebuild when the workflow file, or a file its `$ref`s point into, changes.
            const _: &str = ::std::include_str!(#path);
            #(const _: &[u8] = ::std::include_bytes!(#referenced);)*
        }
    });
    let marker_doc = format!(
        "The `{name}` workflow: ties [`Input`], [`Output`] and the deployment together for \
         [`Client::run`](workflow_runtime::Client::run)."
    );
    let deployment_doc = match &plan.deployment_id {
        Some(id) => format!("The deployment [`run`] calls: `{id}`."),
        None => "The workflow file names no deployment: name one for each call with \
                 `run(&client, &input).deployment(\"...\")`, or pass `deployment_id = \"...\"` \
                 to `workflow!`."
            .to_string(),
    };
    let marker_doc = doc_lines(&marker_doc);
    let deployment_doc = doc_lines(&deployment_doc);
    quote! {
        #marker_doc
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
        pub struct #marker;

        impl ::workflow_runtime::Workflow for #marker {
            type Input = Input;
            type Output = Output;
            const NAME: &'static str = #name;
            const DEPLOYMENT_ID: ::std::option::Option<&'static str> = #deployment;
            const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(#input_schema);
            const INPUT_CHECKS: ::std::option::Option<&'static str> = #input_checks;
            const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(#result_schema);
            const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
        }

        #deployment_doc
        pub const DEPLOYMENT_ID: ::std::option::Option<&str> = #deployment;

        /// Example runs from the workflow file, as JSON text.
        pub const EXAMPLES: &[::workflow_runtime::Example] = &[#(#examples),*];

        // `run` and, with the runtime's `blocking` feature, `run_blocking`: written by the
        // runtime, which owns the API they wrap.
        ::workflow_runtime::__private::workflow_fns!(#marker, #name);

        #include
    }
}

/// Every type of the module with where its schema is (`None` for typify's helpers and the
/// marker), in the order the module docs list them: `Input`, `Output`, then by pointer.
pub(super) fn generated_types(file: &syn::File, plan: &Plan) -> Vec<(String, Option<String>)> {
    let mut names: BTreeSet<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(item) => Some(item.ident.to_string()),
            Item::Enum(item) => Some(item.ident.to_string()),
            Item::Type(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect();
    names.extend(plan.enums.iter().map(|plan| plan.name.clone()));
    names.remove(&plan.marker);
    let mut listed: Vec<(String, Option<String>)> = names
        .into_iter()
        .map(|name| {
            let mut source = plan.shown_sources.get(&name).cloned();
            if name == "Output" && plan.output_nullable {
                source = Some("/result".to_string());
            }
            (name, source)
        })
        .collect();
    let rank = |name: &str| match name {
        "Input" => 0,
        "Output" => 1,
        "OutputObject" => 2,
        _ => 3,
    };
    listed.sort_by(|(a, a_source), (b, b_source)| {
        (rank(a), a_source.is_none(), a_source, a).cmp(&(rank(b), b_source.is_none(), b_source, b))
    });
    listed.push((plan.marker.clone(), None));
    listed
}

/// At most this many characters of a pointer in the module docs.
const MAX_SHOWN_POINTER: usize = 200;

/// The "Generated types" section: each type as a link, with the JSON pointer of its schema.
fn types_doc(plan: &Plan, types: &[(String, Option<String>)]) -> String {
    let mut text = String::from(
        "# Generated types\n\n\
         Each type with the JSON pointer of the schema it is made from. A type is named after \
         its `$defs` key or `title`, else after the property that holds it (array items add \
         `Item`, map values `Value`), prefixed by the type holding it when that name is \
         taken, and numbered when taken again (the rules: `schemas/README.md`, \"Names\"). \
         A `Constraints:` line in a field's docs lists the bounds its schema sets (the input \
         is checked against them before it is sent).\n",
    );
    for (name, source) in types {
        let entry = if *name == plan.marker {
            format!("\n- [`{name}`]: the workflow itself, for `Client::run`")
        } else {
            match source {
                Some(pointer) => {
                    let shown: String = if pointer.chars().count() > MAX_SHOWN_POINTER {
                        let cut: String = pointer.chars().take(MAX_SHOWN_POINTER).collect();
                        format!("{cut}...")
                    } else {
                        pointer.clone()
                    };
                    let pointer = if shown.is_empty() {
                        "the file's root".to_string()
                    } else {
                        crate::constraints::code_span(&shown)
                    };
                    format!("\n- [`{name}`] — {pointer}")
                }
                None => format!("\n- [`{name}`]"),
            }
        };
        text.push_str(&entry);
    }
    text
}

pub(super) fn module_doc(plan: &Plan, types: &[(String, Option<String>)]) -> String {
    let mut text = String::new();
    match &plan.description {
        Some(description) => text.push_str(&sanitize_doc(description)),
        None => text.push_str(&format!("Typed client for the `{}` workflow.", plan.name)),
    }
    text.push_str("\n\nCall [`run`] with an [`Input`] to get an [`Output`].");
    if let Some((input, result)) = plan.examples.first() {
        let pretty = |value: &Value| serde_json::to_string_pretty(value).unwrap_or_default();
        let (input, result) = (pretty(input), pretty(result));
        // A long example would bury the rest of the page; `EXAMPLES` has them all.
        if input.lines().count() + result.lines().count() <= 40 {
            text.push_str(&format!(
                "\n\n# Example\n\nInput:\n\n```json\n{input}\n```\n\nResult:\n\n```json\n{result}\n```"
            ));
        } else {
            text.push_str("\n\nThe workflow file's example runs are in [`EXAMPLES`].");
        }
    }
    text.push_str("\n\n");
    text.push_str(&types_doc(plan, types));
    text
}
