//! The engine behind `workflow!`: turns a Prompt Studio workflow file into Rust.
//!
//! The stages are private: load (read the file, JSON with line:column) -> validate (every
//! problem at once, each with a JSON pointer) -> plan (module and type names, a flat set of
//! definitions) -> examples (the file's examples against its schemas) -> emit (typify for the
//! types, then this crate's own items: the marker type, `run`, the examples).
//!
//! The proc macro, build.rs helpers and the `workflow` CLI are thin front ends over
//! [`generate_file`] / [`generate`] (and [`analyze`] for what tools need to know of a file);
//! they all print the same [`Diagnostics`]. [`Options`] is what a front end can choose.
#![deny(missing_docs)]

pub mod build;
mod checks;
mod constraints;
mod custom;
mod derive;
mod diag;
mod dialect;
mod emit;
mod examples;
mod guard;
mod load;
mod macro_input;
mod names;
mod plan;
mod pointer;
mod refs;
mod schema;
mod suggest;
mod validate;

use std::path::Path;

use proc_macro2::TokenStream;

pub use custom::{Formats, UnknownFields};
pub use diag::{Diagnostic, Diagnostics, Location};
pub use load::Source;
pub use refs::{Referenced, reader_from};

/// Choices a front end can make about the generated module: start from
/// [`Options::default`] and set what differs with the `with_*` setters (new choices will be
/// added without breaking callers).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    module: Option<String>,
    deployment_id: Option<String>,
    include_path: Option<String>,
    custom: custom::Customization,
    /// The origin given to entries added from now on (the macro's argument index).
    origin: custom::Origin,
}

impl Options {
    /// The module name to use instead of the one derived from the workflow's name.
    #[must_use]
    pub fn with_module(mut self, module: impl Into<String>) -> Self {
        self.module = Some(module.into());
        self
    }

    /// The deployment id to use instead of the file's.
    #[must_use]
    pub fn with_deployment_id(mut self, deployment_id: impl Into<String>) -> Self {
        self.deployment_id = Some(deployment_id.into());
        self
    }

    /// The path of the workflow file to `include_str!`, so that editing it rebuilds the
    /// crate (the macro passes the absolute path; build.rs output has no need for it).
    #[must_use]
    pub fn with_include_path(mut self, path: impl Into<String>) -> Self {
        self.include_path = Some(path.into());
        self
    }

    /// Adds `derive` to every generated type where it applies: `Eq`, `Hash`, `PartialOrd`,
    /// `Ord`, `Copy`, `Default` are left out of a type that cannot have them (a type holding
    /// `f64` has no `Eq`, `Hash` or `Ord`; one holding `serde_json::Value` has none of them),
    /// and the type's docs say so. A derive from another crate is a path
    /// (`schemars::JsonSchema`) and is added to every type.
    #[must_use]
    pub fn with_derive(mut self, derive: impl Into<String>) -> Self {
        let origin = self.origin.clone();
        self.custom.derives.push(custom::Entry {
            key: None,
            value: derive.into(),
            origin,
        });
        self
    }

    /// Adds `derive` to one type, named by its name (`Output`) or by its schema's JSON
    /// pointer (`#/$defs/Entity`); a derive that cannot apply to it is an error.
    #[must_use]
    pub fn with_type_derive(mut self, ty: impl Into<String>, derive: impl Into<String>) -> Self {
        let origin = self.origin.clone();
        self.custom.derives.push(custom::Entry {
            key: Some(ty.into()),
            value: derive.into(),
            origin,
        });
        self
    }

    /// Uses the type at `path` (`rust_decimal::Decimal`, `crate::Time`; resolved from inside
    /// the generated module) instead of generating the type named by `ty` (a name or a
    /// JSON pointer). It must implement `Serialize` and `Deserialize`; the input check still
    /// holds the JSON it gives to the schema.
    #[must_use]
    pub fn with_replace(mut self, ty: impl Into<String>, path: impl Into<String>) -> Self {
        let origin = self.origin.clone();
        self.custom.replace.push(custom::Entry {
            key: Some(ty.into()),
            value: path.into(),
            origin,
        });
        self
    }

    /// Names the type generated for `ty` (a name or a JSON pointer) `name` instead.
    #[must_use]
    pub fn with_rename(mut self, ty: impl Into<String>, name: impl Into<String>) -> Self {
        let origin = self.origin.clone();
        self.custom.rename.push(custom::Entry {
            key: Some(ty.into()),
            value: name.into(),
            origin,
        });
        self
    }

    /// Which Rust types string formats become (default: [`Formats::Strings`]).
    #[must_use]
    pub fn with_formats(mut self, formats: Formats) -> Self {
        self.custom.formats = Some((formats, self.origin.clone()));
        self
    }

    /// Whether open objects keep the members their schema does not declare (default:
    /// [`UnknownFields::Drop`]).
    #[must_use]
    pub fn with_unknown_fields(mut self, choice: UnknownFields) -> Self {
        self.custom.unknown_fields = Some((choice, self.origin.clone()));
        self
    }

    /// Entries added after this call are the macro's argument `index`: problems with them
    /// carry it in [`Diagnostic::argument`], for the macro to span.
    #[doc(hidden)]
    #[must_use]
    pub fn with_argument(mut self, index: usize) -> Self {
        self.origin = custom::Origin::Argument(index);
        self
    }

    /// `later` applied after `self`: its module, deployment id and include path where it
    /// sets them, its customization entries after these ([`custom::Customization::then`]).
    pub(crate) fn then(&self, later: &Options) -> Options {
        Options {
            module: later.module.clone().or_else(|| self.module.clone()),
            deployment_id: later
                .deployment_id
                .clone()
                .or_else(|| self.deployment_id.clone()),
            include_path: later
                .include_path
                .clone()
                .or_else(|| self.include_path.clone()),
            custom: self.custom.then(&later.custom),
            origin: self.origin.clone(),
        }
    }

    /// The module name set with [`Options::with_module`].
    pub fn module(&self) -> Option<&str> {
        self.module.as_deref()
    }

    /// The deployment id set with [`Options::with_deployment_id`].
    pub fn deployment_id(&self) -> Option<&str> {
        self.deployment_id.as_deref()
    }

    /// The path set with [`Options::with_include_path`].
    pub fn include_path(&self) -> Option<&str> {
        self.include_path.as_deref()
    }
}

/// What [`analyze`] found out about a workflow file, for tools: its names, deployment,
/// self-contained schemas and examples. [`emit_plan`] turns it into code.
#[derive(Debug, Clone)]
pub struct Analysis {
    plan: plan::Plan,
}

impl Analysis {
    /// The workflow's name as written in the file.
    pub fn name(&self) -> &str {
        &self.plan.name
    }

    /// The generated module's name (`car`).
    pub fn module(&self) -> &str {
        &self.plan.module
    }

    /// The marker type's name (`Car`).
    pub fn marker(&self) -> &str {
        &self.plan.marker
    }

    /// The deployment id baked in, if any (the file's, or the one the options set).
    pub fn deployment_id(&self) -> Option<&str> {
        self.plan.deployment_id.as_deref()
    }

    /// The input's JSON Schema, self-contained, as the runtime validates it.
    pub fn input_schema(&self) -> &serde_json::Value {
        &self.plan.input_schema
    }

    /// The result's JSON Schema, self-contained.
    pub fn result_schema(&self) -> &serde_json::Value {
        &self.plan.result_schema
    }

    /// The file's examples, as (input, result) pairs in file order.
    pub fn examples(&self) -> &[(serde_json::Value, serde_json::Value)] {
        &self.plan.examples
    }

    /// The files the schemas' `$ref`s point into.
    pub fn referenced(&self) -> &[std::path::PathBuf] {
        &self.plan.referenced
    }
}

/// What the proc macro, the benches and the test corpora reach into; not a stable API.
#[doc(hidden)]
pub mod __private {
    /// The formats the runtime asserts, as the codegen knows them (it drops every other
    /// `format` from the input check): the suite tests the runtime against this list.
    pub use crate::checks::ASSERTED_FORMATS;
    pub use crate::derive::derive_workflow;
    pub use crate::macro_input::expand;
    pub use crate::names::marker_ident;
    pub use crate::pointer::push_pointer;

    /// The stages one by one, for the macro-cost bench.
    pub mod stages {
        pub use crate::emit::emit;
        pub use crate::plan::Plan;

        /// Plans a validated file, without customization.
        pub fn plan(file: &crate::validate::WorkflowFile) -> Result<Plan, Vec<crate::Diagnostic>> {
            crate::plan::plan(file, &crate::custom::Renames::new(), &Default::default())
        }
        pub use crate::validate::{WorkflowFile, validate};
    }

    /// Why `value` does not match `schema` by the compile-time check of examples (`at
    /// /pointer: message` each; empty when it matches), for the corpus's oracle test: the
    /// check must accept whatever the `jsonschema` crate accepts.
    pub fn example_problems(schema: &serde_json::Value, value: &serde_json::Value) -> Vec<String> {
        crate::examples::problems(schema, value)
            .into_iter()
            .map(|(pointer, message)| format!("at {pointer:?}: {message}"))
            .collect()
    }
}

/// Generates the module for the workflow file at `path`; `shown_as` is how messages name it.
pub fn generate_file(
    path: &Path,
    shown_as: &Path,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    let source = Source::read(path, shown_as)?;
    generate(&source, options)
}

/// Generates the module for an already loaded workflow file.
pub fn generate(source: &Source, options: &Options) -> Result<TokenStream, Diagnostics> {
    let analysis = analyze(source, options)?;
    let plan = &analysis.plan;
    let mut problems = diag::Problems::new();
    examples::check(
        &plan.examples,
        &plan.input_schema,
        &plan.result_schema,
        &mut problems,
    );
    problems
        .finish()
        .map_err(|problems| source_diagnostics(source, problems))?;
    emit_plan(source, &analysis, options)
}

/// Validates and plans a loaded workflow file: what tools need to know about it (names,
/// deployment, self-contained input and result schemas, examples) without emitting code.
pub fn analyze(source: &Source, options: &Options) -> Result<Analysis, Diagnostics> {
    let fail = |problems| source_diagnostics(source, problems);
    let stem = source
        .path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    if source.value.get(refs::FILES).is_some() {
        return Err(fail(vec![
            Diagnostic::new(
                pointer::push_pointer("", refs::FILES),
                format!(
                    "the key {:?} is reserved for the files `$ref`s point into",
                    refs::FILES
                ),
            )
            .help("rename the key (keys starting with \"x-\" are free)"),
        ]));
    }
    let mut document = source.value.clone();
    dialect::normalize(&mut document);
    refs::mount(
        &mut document,
        &source.referenced,
        &source.links,
        dialect::normalize_document,
    );
    let asked = options
        .custom
        .over(custom::from_file(&source.value).map_err(fail)?);
    let file = validate::validate(document, &stem).map_err(fail)?;
    let named = custom::replaced_schemas(&asked, &file.document);
    let mut plan = plan::plan(&file, &custom::Renames::new(), &named).map_err(fail)?;
    if !asked.rename.is_empty() {
        let renames = custom::resolve_renames(&asked, &plan).map_err(fail)?;
        plan = plan::plan(&file, &renames, &named).map_err(fail)?;
    }
    if !asked.is_empty() || !named.is_empty() {
        plan.custom = custom::resolve(&asked, &plan, &file.document).map_err(fail)?;
    }
    plan.referenced = source
        .referenced
        .iter()
        .map(|file| file.path.clone())
        .collect();
    if let Some(module) = &options.module {
        plan.module = module.clone();
    }
    if let Some(deployment_id) = &options.deployment_id {
        plan.deployment_id = Some(deployment_id.clone());
    }
    Ok(Analysis { plan })
}

/// Emits the module for a plan made by [`analyze`] from `source`.
pub fn emit_plan(
    source: &Source,
    analysis: &Analysis,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    emit::emit(&analysis.plan, options).map_err(|problems| source_diagnostics(source, problems))
}

/// The problems of `source`, located: a problem inside a referenced file is reported at the
/// `$ref` that reached it in the workflow file, its message saying where in which file.
fn source_diagnostics(source: &Source, mut problems: Vec<Diagnostic>) -> Diagnostics {
    // Inner files first: a problem goes up one file per round, located in each in one pass.
    for _ in 0..=source.referenced.len().min(64) {
        let mut by_file: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (index, problem) in problems.iter().enumerate() {
            if let Some((file, _)) = refs::split_mount(&problem.pointer) {
                by_file.entry(file).or_default().push(index);
            }
        }
        if by_file.is_empty() {
            break;
        }
        for (file, indices) in by_file {
            let Some(referenced) = file.checked_sub(1).and_then(|at| source.referenced.get(at))
            else {
                continue;
            };
            let inner: Vec<String> = indices
                .iter()
                .map(|index| {
                    refs::split_mount(&problems[*index].pointer)
                        .map(|(_, inner)| inner.to_string())
                        .unwrap_or_default()
                })
                .collect();
            let pointers: Vec<&str> = inner.iter().map(String::as_str).collect();
            let locations = pointer::locate_nearest(&referenced.text, &pointers);
            for ((index, inner), location) in indices.into_iter().zip(&inner).zip(locations) {
                let problem = &mut problems[index];
                let place = match location {
                    Some(location) => format!(
                        "{}:{}:{}",
                        referenced.shown.display(),
                        location.line,
                        location.column
                    ),
                    None => referenced.shown.display().to_string(),
                };
                let at = if inner.is_empty() {
                    String::new()
                } else {
                    format!(" at {inner}")
                };
                problem.message = format!("in {place}{at}: {}", problem.message);
                problem.pointer = referenced.via.clone();
                problem.location = None;
            }
        }
    }
    Diagnostics::new(&source.path, Some(&source.text), problems)
}

/// Pretty-prints generated tokens as a Rust source file.
pub fn pretty(tokens: &TokenStream) -> Result<String, syn::Error> {
    let file = syn::parse2::<syn::File>(tokens.clone())?;
    Ok(prettyplease::unparse(&file))
}

/// Convenience for tools and tests: generate from JSON text.
pub fn generate_str(
    path: &Path,
    text: &str,
    options: &Options,
) -> Result<TokenStream, Diagnostics> {
    let source = Source::parse(path, text.to_string())?;
    generate(&source, options)
}
