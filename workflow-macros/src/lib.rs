//! The `workflow!` macro. Use it through `workflow-runtime`, which re-exports it: all logic
//! lives in `workflow-codegen`, shared with build.rs and the CLI.

use proc_macro::TokenStream;

/// Generates a typed client module from a workflow file; see `workflow_runtime::workflow!`.
#[proc_macro]
pub fn workflow(input: TokenStream) -> TokenStream {
    workflow_codegen::macro_input::expand(input.into())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}
