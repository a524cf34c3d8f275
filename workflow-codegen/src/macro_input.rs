//! What `workflow!(...)` takes, and its expansion: the proc-macro crate only forwards here.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitStr, Token};

use crate::{Diagnostic, Diagnostics, Options, Source};

/// How messages name an inline workflow file (`inline:3:14: ...`), and the workflow's name
/// when the file has no `name`.
const INLINE: &str = "inline";

/// `workflow!("schemas/car.json", module = car, deployment_id = "dep_...")`, or
/// `workflow!(inline = r#"{...}"#, ...)`.
pub(crate) struct MacroInput {
    /// The workflow file, relative to `CARGO_MANIFEST_DIR`; with `inline`, its text.
    pub path: LitStr,
    /// `inline = "..."`: `path` is the file's text.
    pub inline: bool,
    /// `module = name`.
    pub module: Option<Ident>,
    /// `deployment_id = "..."`.
    pub deployment_id: Option<LitStr>,
}

impl std::fmt::Debug for MacroInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MacroInput")
            .field("path", &self.path.value())
            .field("inline", &self.inline)
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
                "workflow! needs the path of a workflow file: workflow!(\"schemas/car.json\"), \
                 or the file itself: workflow!(inline = r#\"{...}\"#)",
            ));
        }
        let inline = input.peek(Ident) && input.peek2(Token![=]) && {
            let fork = input.fork();
            fork.call(syn::ext::IdentExt::parse_any)
                .is_ok_and(|key: Ident| key == "inline")
        };
        if inline {
            input.call(<Ident as syn::ext::IdentExt>::parse_any)?;
            input.parse::<Token![=]>()?;
        }
        let path: LitStr = input.parse().map_err(|error| {
            let message = if inline {
                "`inline` takes the workflow file as a string literal: workflow!(inline = \
                 r#\"{...}\"#)"
            } else {
                "workflow! takes a string literal path first: workflow!(\"schemas/car.json\"), \
                 or the file itself: workflow!(inline = r#\"{...}\"#)"
            };
            syn::Error::new(error.span(), message)
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
                "inline" => {
                    return Err(syn::Error::new(
                        key.span(),
                        "`inline` comes first, in place of the path: workflow!(inline = \
                         r#\"{...}\"#, module = name)",
                    ));
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
            inline,
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
    if input.inline {
        return expand_inline(&input, &manifest_dir);
    }
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
    let options = options_of(
        &input,
        Options::default().with_include_path(full.to_string_lossy()),
    );
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

fn options_of(input: &MacroInput, mut options: Options) -> Options {
    if let Some(module) = &input.module {
        options = options.with_module(module.to_string());
    }
    if let Some(deployment_id) = &input.deployment_id {
        options = options.with_deployment_id(deployment_id.value());
    }
    options
}

/// `workflow!(inline = "...")`: the literal's text is the workflow file, named `inline` in
/// messages; files its `$ref`s name are read relative to `CARGO_MANIFEST_DIR` and, as for a
/// file, are rebuild triggers. Each problem is spanned on its place inside the literal where
/// the compiler can say so (`Literal::subspan`, nightly only), else on the whole literal;
/// its message says the line and column within the literal either way.
fn expand_inline(input: &MacroInput, manifest_dir: &std::path::Path) -> syn::Result<TokenStream> {
    let shown = PathBuf::from(INLINE);
    let literal = &input.path;
    let span_of = |problem: &Diagnostic| inline_span(literal, problem);
    let options = options_of(input, Options::default());
    let outcome = crate::guard::catch(|| {
        let source = Source::parse_inline(&shown, literal.value(), manifest_dir)?;
        let module = crate::generate(&source, &options)?;
        Ok((module, source))
    })
    .unwrap_or_else(|panic| {
        let problem = Diagnostic::new("", format!("workflow-codegen failed: {panic}"))
            .help("this is a bug in workflow-codegen: please report it with the workflow file");
        Err(Diagnostics::single(&shown, problem))
    });
    let (module, source) =
        outcome.map_err(|diagnostics| spanned(&diagnostics, literal.span(), span_of))?;
    let referenced = source
        .referenced
        .iter()
        .map(|file| file.path.to_string_lossy().into_owned());
    Ok(quote! {
        #module
        // Rebuild when a file the inline workflow's `$ref`s point into changes.
        #(const _: &[u8] = ::std::include_bytes!(#referenced);)*
    })
}

/// Where `problem` is inside `literal`: the character at its location, when the compiler
/// gives spans inside literals (nightly) and the literal's text is its value as written (a raw
/// string, or a string without escapes); else the whole literal.
fn inline_span(literal: &LitStr, problem: &Diagnostic) -> Span {
    let whole = literal.span();
    let Some(location) = problem.location else {
        return whole;
    };
    let token = literal.token().to_string();
    let prefix = if let Some(raw) = token.strip_prefix('r') {
        raw.len() - raw.trim_start_matches('#').len() + 2
    } else if token.contains('\\') {
        return whole;
    } else {
        1
    };
    let value = literal.value();
    let width = value[location.offset.min(value.len())..]
        .chars()
        .next()
        .map_or(1, char::len_utf8);
    let start = prefix + location.offset;
    literal
        .token()
        .subspan(start..start + width)
        .unwrap_or(whole)
}

/// One spanned error per problem, all reported together.
pub(crate) fn to_syn_error(diagnostics: &Diagnostics, span: Span) -> syn::Error {
    spanned(diagnostics, span, |_| span)
}

/// One error per problem, each spanned where `span_of` says (`whole` when there is none).
fn spanned(
    diagnostics: &Diagnostics,
    whole: Span,
    span_of: impl Fn(&Diagnostic) -> Span,
) -> syn::Error {
    let mut errors = diagnostics
        .problems
        .iter()
        .zip(diagnostics.render_each())
        .map(|(problem, message)| syn::Error::new(span_of(problem), message));
    let mut first = errors.next().unwrap_or_else(|| {
        syn::Error::new(
            whole,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(tokens: TokenStream) -> Vec<String> {
        match expand(tokens, None) {
            Ok(expansion) => panic!("expected errors, got {expansion}"),
            Err(error) => error.into_iter().map(|error| error.to_string()).collect(),
        }
    }

    #[test]
    fn an_inline_file_is_checked_like_a_file_at_its_line_and_column() {
        let tokens = quote!(
            inline = r#"{
  "name": "tiny",
  "input": {"type": "object"},
  "result": {"type": "array"}
}"#
        );
        let found = messages(tokens);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "inline:4:3: at /result: \"result\" must describe a JSON object, but it \
                 describes an array"
            ),
            "{found:?}"
        );
    }

    #[test]
    fn an_inline_file_expands_to_its_module() {
        let tokens = quote!(
            inline =
                r#"{"name": "tiny", "input": {"type": "object"}, "result": {"type": "object"}}"#,
            module = small
        );
        let expansion = expand(tokens, None).expect("expands").to_string();
        assert!(expansion.contains("pub mod small"), "{expansion}");
        assert!(!expansion.contains("include_str"), "{expansion}");
    }

    #[test]
    fn inline_takes_a_string_literal() {
        assert_eq!(
            messages(quote!(inline = 3)),
            [
                "`inline` takes the workflow file as a string literal: workflow!(inline = \
              r#\"{...}\"#)"
            ]
        );
    }
}
