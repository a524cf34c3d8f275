//! What `workflow!(...)` takes, and its expansion: the proc-macro crate only forwards here.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use crate::{Diagnostics, Options};

/// `workflow!("schemas/car.json", module = car, deployment_id = "dep_...")`.
pub(crate) struct MacroInput {
    /// The workflow file, relative to `CARGO_MANIFEST_DIR`.
    pub path: LitStr,
    /// `module = name`.
    pub module: Option<Ident>,
    /// `deployment_id = "..."`.
    pub deployment_id: Option<LitStr>,
}

impl std::fmt::Debug for MacroInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MacroInput")
            .field("path", &self.path.value())
            .field("module", &self.module.as_ref().map(ToString::to_string))
            .field(
                "deployment_id",
                &self.deployment_id.as_ref().map(LitStr::value),
            )
            .finish()
    }
}

impl Parse for MacroInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        if input.is_empty() {
            return Err(syn::Error::new(
                Span::call_site(),
                "workflow! needs the path of a workflow file: workflow!(\"schemas/car.json\")",
            ));
        }
        let path: LitStr = input.parse().map_err(|error| {
            syn::Error::new(
                error.span(),
                "workflow! takes a string literal path first: workflow!(\"schemas/car.json\")",
            )
        })?;
        let mut module = None;
        let mut deployment_id = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "module" => {
                    if module.is_some() {
                        return Err(syn::Error::new(key.span(), "`module` is given twice"));
                    }
                    module = Some(input.call(syn::ext::IdentExt::parse_any)?);
                }
                "deployment_id" => {
                    if deployment_id.is_some() {
                        return Err(syn::Error::new(
                            key.span(),
                            "`deployment_id` is given twice",
                        ));
                    }
                    let id: LitStr = input.parse()?;
                    if id.value().trim().is_empty() {
                        return Err(syn::Error::new(
                            id.span(),
                            "`deployment_id` must not be empty",
                        ));
                    }
                    deployment_id = Some(id);
                }
                other => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{other}`: workflow! takes `module = name` and `deployment_id = \"...\"`"
                        ),
                    ));
                }
            }
        }
        Ok(Self {
            path,
            module,
            deployment_id,
        })
    }
}

/// Expands `workflow!`: the whole macro, spanned errors included. Never panics.
///
/// `source_dir` is the directory of the file that invokes the macro, when the compiler says:
/// a path that is not found relative to `CARGO_MANIFEST_DIR` is looked up there (as
/// `include_str!` would), so tests compiled out of tree (trybuild) and files next to their
/// source both work.
pub fn expand(tokens: TokenStream, source_dir: Option<PathBuf>) -> syn::Result<TokenStream> {
    let input: MacroInput = syn::parse2(tokens)?;
    let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let shown = PathBuf::from(input.path.value());
    let primary = manifest_dir.join(&shown);
    let full = match source_dir.map(|dir| dir.join(&shown)) {
        Some(beside_source) if !primary.exists() && beside_source.exists() => beside_source,
        Some(beside_source) if !primary.exists() => {
            // The crate's directory is not shown: the user knows it, and out-of-tree builds
            // (trybuild under any CARGO_TARGET_DIR) would make the message depend on it.
            let message = format!(
                "workflow file not found: looked for {} in the crate's directory and at {}",
                shown.display(),
                beside_source.display()
            );
            let problem = crate::Diagnostic::new("", message).help(
                "paths are relative to the crate's Cargo.toml directory (CARGO_MANIFEST_DIR)",
            );
            let diagnostics = Diagnostics::single(&shown, problem);
            return Err(to_syn_error(&diagnostics, input.path.span()));
        }
        _ => primary,
    };
    let mut options = Options::default().with_include_path(full.to_string_lossy());
    if let Some(module) = &input.module {
        options = options.with_module(module.to_string());
    }
    if let Some(deployment_id) = &input.deployment_id {
        options = options.with_deployment_id(deployment_id.value());
    }
    // The engine does not panic (the property tests hold it to that); should it ever, the
    // user still gets a located error rather than "proc macro panicked".
    let outcome = crate::guard::catch(|| crate::generate_file(&full, &shown, &options))
        .unwrap_or_else(|panic| {
            let problem = crate::Diagnostic::new("", format!("workflow-codegen failed: {panic}"))
                .help("this is a bug in workflow-codegen: please report it with the workflow file");
            Err(Diagnostics::single(&shown, problem))
        });
    outcome.map_err(|diagnostics| to_syn_error(&diagnostics, input.path.span()))
}

/// One spanned error per problem, all reported together.
pub(crate) fn to_syn_error(diagnostics: &Diagnostics, span: Span) -> syn::Error {
    let mut errors = diagnostics
        .render_each()
        .map(|message| syn::Error::new(span, message));
    let mut first = errors.next().unwrap_or_else(|| {
        syn::Error::new(
            span,
            format!(
                "{} is not a valid workflow file",
                diagnostics.file.display()
            ),
        )
    });
    for error in errors {
        first.combine(error);
    }
    first
}
