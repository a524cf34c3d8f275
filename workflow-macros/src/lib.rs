//! The `workflow!` macro. Use it through `workflow-runtime`, which re-exports it: all logic
//! lives in `workflow-codegen`, shared with build.rs and the CLI.

use proc_macro::{Span, TokenStream};

/// Generates a typed client module from a workflow file; see `workflow_runtime::workflow!`.
#[proc_macro]
pub fn workflow(input: TokenStream) -> TokenStream {
    workflow_codegen::macro_input::expand(input.into(), source_dir())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The directory of the file invoking the macro (rustc reports it relative to its working
/// directory).
fn source_dir() -> Option<std::path::PathBuf> {
    let file = Span::call_site().local_file()?;
    let file = std::env::current_dir().ok()?.join(file);
    file.parent().map(std::path::Path::to_path_buf)
}
