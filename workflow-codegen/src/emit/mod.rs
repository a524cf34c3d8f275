//! Emit: typify for the types, then this crate's fixes and the workflow's own items.
//!
//! typify's output is parsed back into a `syn::File` and adjusted:
//! - every path to `serde` / `serde_json` goes through `::workflow_runtime::__private`, and
//!   each serde derive gets `#[serde(crate = "...")]`, so the user's crate needs no serde;
//! - fields are put back in schema order and renamed by [`crate::names`] (typify sorts them
//!   and gives colliding properties the same name), each keeping its JSON name via `rename`;
//! - optional arrays and maps become `Option<...>` so that absent and empty stay distinct;
//! - `deny_unknown_fields` is dropped: a server that adds a field must not break clients;
//! - doc text is made safe for rustdoc (no accidental doctests).

mod custom;
mod docs;
mod enums;
mod fixup;
mod typify;
mod workflow;

use std::collections::BTreeMap;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;
use syn::visit_mut::VisitMut;

use crate::Options;
use crate::diag::{Diagnostic, Problems};
use crate::plan::Plan;

use docs::{doc_safe, inner_doc_lines};
use enums::emit_enum;
use fixup::{
    Fixer, check_type_names, decode_objects_only, drop_unused_error_module, enforce_constants,
    fix_item, hide_error_module,
};
use typify::{key_orders, run_typify};
use workflow::{emit_workflow, generated_types, module_doc};

/// Where generated code finds what it needs.
const PRIVATE: &str = "::workflow_runtime::__private";

/// Emits the module for `plan`.
pub fn emit(plan: &Plan, options: &Options) -> Result<TokenStream, Vec<Diagnostic>> {
    let mut problems = Problems::new();
    let Some(types) = run_typify(plan, &mut problems) else {
        return Err(problems.stop());
    };
    let mut file: syn::File = match syn::parse2(types) {
        Ok(file) => file,
        Err(error) => {
            problems.push(internal(format!(
                "typify produced code that does not parse: {error}"
            )));
            return Err(problems.stop());
        }
    };
    let orders = key_orders(plan);
    let mut fixer = Fixer;
    let mut unfit = BTreeMap::new();
    for item in &mut file.items {
        fixer.visit_item_mut(item);
        if let Some((name, field)) = fix_item(item, &orders, plan) {
            unfit.insert(name, field);
        }
    }
    check_type_names(&file, plan, &mut problems);
    problems.finish()?;
    drop_unused_error_module(&mut file, plan);
    hide_error_module(&mut file);
    enforce_constants(&mut file, plan);
    decode_objects_only(&mut file, &unfit);

    if plan.output_nullable {
        let doc = format!(
            " What the `{}` workflow answers: its result schema also allows `null` (`None`).",
            plan.name
        );
        let doc = doc_safe(&doc).into_owned();
        file.items.insert(
            0,
            syn::parse_quote! {
                #[doc = #doc]
                pub type Output = ::std::option::Option<OutputObject>;
            },
        );
    }
    let mut problems = Problems::new();
    for plan in &plan.enums {
        match syn::parse2::<syn::File>(emit_enum(plan)) {
            Ok(enums) => file.items.extend(enums.items),
            Err(error) => {
                problems.push(internal(format!("an enum does not parse: {error}")));
                return Err(problems.stop());
            }
        }
    }
    custom::apply(&mut file.items, plan, &mut problems);
    problems.finish()?;
    // A type of the user's own proves nothing about the JSON it gives: check all of it.
    let checked;
    let plan = if plan.custom.replace.is_empty() {
        plan
    } else {
        checked = Plan {
            input_checks: Some(plan.input_schema.clone()),
            ..plan.clone()
        };
        &checked
    };
    let module = Ident::new(&plan.module, Span::call_site());
    let items = &file.items;
    let workflow = emit_workflow(plan, options);
    // Inner docs: intra-doc links like [`run`] resolve inside the module.
    let docs = inner_doc_lines(&module_doc(plan, &generated_types(&file, plan)));
    Ok(quote! {
        // Generated code must not fail the user's lint settings: a program rarely uses every
        // generated item, a schema need not document every property, and style lints are
        // about code people write.
        #[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
        pub mod #module {
            #docs
            #(#items)*
            #workflow
        }
    })
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::new("", message)
        .help("this is a bug in workflow-codegen: please report it with the workflow file")
}
