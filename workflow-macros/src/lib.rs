//! The `workflow!` macro. Use it through `workflow-runtime`, which re-exports it: all logic
//! lives in `workflow-codegen`, shared with build.rs and the CLI.

use proc_macro::{Span, TokenStream};

/// Generates a typed client module from a Prompt Studio workflow file.
///
/// ```ignore
/// workflow_runtime::workflow!("schemas/car.json");
///
/// async fn ask(client: &workflow_runtime::Client) -> Result<String, workflow_runtime::Error> {
///     let input = car::Input { prompt: "what is the fastest car in the world?".into() };
///     let output = car::run(client, &input).await?;
///     Ok(output.completion)
/// }
/// ```
///
/// The path is relative to the crate's `Cargo.toml` (or, when nothing is there, to the file
/// that invokes the macro). Optional arguments override the file:
/// `workflow!("schemas/car.json", module = fast_car, deployment_id = "dep_...")`.
///
/// A small workflow file can be given inline instead of its path:
/// `workflow!(inline = r#"{"name": "greet", "input": {...}, "result": {...}}"#)`. It is checked
/// like a file; messages name it `inline`, with the line and column inside the literal (spanned
/// on the whole literal on stable Rust, on the character itself where the compiler can say,
/// nightly); relative `$ref`s are read from the crate's directory.
///
/// It expands to `pub mod <name>` (the snake_case of the workflow's `name`) holding:
///
/// - `Input` and `Output` and their nested types, documented from the schema;
/// - the marker type (`Car`) implementing `workflow_runtime::Workflow`;
/// - `run(&client, &input)`, returning a `workflow_runtime::Run` to await (`.deployment(..)`,
///   `.timeout(..)`, `.detailed()` and the other settings before it), and with the runtime's
///   `blocking` feature `run_blocking(&client, &input)`, ended by `.send()`;
/// - `DEPLOYMENT_ID` and `EXAMPLES`.
///
/// Editing the workflow file rebuilds the crate. A file that cannot become a client is a
/// compile error spanned on the path, naming the file, line:column, JSON pointer and what
/// to do, every problem at once. The file format and the naming rules:
/// <https://github.com/prompt-studio/workflow-rs/blob/main/schemas/README.md>.
#[proc_macro]
pub fn workflow(input: TokenStream) -> TokenStream {
    workflow_codegen::__private::expand(input.into(), source_dir())
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// Implements `workflow_runtime::Workflow` for a marker type, for a workflow declared in Rust:
///
/// ```ignore
/// use workflow_runtime::schemars::JsonSchema;
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize, JsonSchema)]
/// #[schemars(crate = "workflow_runtime::schemars")]
/// struct CarInput { prompt: String }
///
/// #[derive(Serialize, Deserialize, JsonSchema)]
/// #[schemars(crate = "workflow_runtime::schemars")]
/// struct CarOutput { completion: String }
///
/// #[derive(workflow_runtime::Workflow)]
/// #[workflow(name = "car", deployment_id = "dep_...", input = CarInput, output = CarOutput)]
/// struct Car;
/// ```
///
/// `deployment_id` is optional. The schemas come from schemars (workflow-runtime's `schemars`
/// feature), derived once on first use: inputs are checked and results repaired against them as
/// for generated workflows, and `workflow_runtime::export::<Car>()` writes them as a workflow
/// file.
#[proc_macro_derive(Workflow, attributes(workflow))]
pub fn derive_workflow(input: TokenStream) -> TokenStream {
    workflow_codegen::__private::derive_workflow(input.into())
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
