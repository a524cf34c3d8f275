//! What `workflow!(...)` takes, and its expansion: the proc-macro crate only forwards here.

use std::path::PathBuf;

use proc_macro2::{Span, TokenStream};
use quote::ToTokens;
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
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
    /// The customization arguments, each with its span (an entry's index into `custom` is
    /// its argument index in problems, see [`Options::with_argument`]).
    pub custom: Vec<(Custom, Span)>,
}

/// One customization entry of the macro's arguments.
#[derive(Debug, Clone)]
pub(crate) enum Custom {
    /// `derives = [Hash]` (key `None`) or `derives = { Output = [Hash] }`.
    Derive(Option<String>, String),
    /// `replace = { Key = path }`.
    Replace(String, String),
    /// `rename = { Key = Name }`.
    Rename(String, String),
    /// `formats = "chrono"`.
    Formats(crate::Formats),
    /// `unknown_fields = "keep"`.
    UnknownFields(crate::UnknownFields),
}

/// Tokens as text the way people write them: `a::B<C, D>`, not `a :: B < C , D >`.
fn compact(text: &str) -> String {
    let mut out = text.to_string();
    for (spaced, tight) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" ::", "::"),
        (" < ", "<"),
        (" <", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("& ", "&"),
    ] {
        out = out.replace(spaced, tight);
    }
    out
}

/// A key of a `{ ... }` option: a type name or a JSON pointer string.
fn parse_key(input: ParseStream<'_>) -> syn::Result<(String, Span)> {
    if input.peek(LitStr) {
        let key: LitStr = input.parse()?;
        Ok((key.value(), key.span()))
    } else if input.peek(Ident) || input.peek(Token![crate]) {
        let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        Ok((key.to_string(), key.span()))
    } else {
        Err(input.error(
            "a key is a generated type's name (`Output`) or a JSON pointer string \
             (`\"#/$defs/Money\"`)",
        ))
    }
}

/// `{ key = value, ... }`, each value parsed by `value`.
fn parse_map<T>(
    input: ParseStream<'_>,
    option: &str,
    mut value: impl FnMut(ParseStream<'_>) -> syn::Result<T>,
) -> syn::Result<Vec<(String, T, Span)>> {
    if !input.peek(syn::token::Brace) {
        return Err(input.error(format!(
            "`{option}` takes a map: {option} = {{ \"#/$defs/Money\" = ..., Name = ... }}"
        )));
    }
    let content;
    syn::braced!(content in input);
    let mut entries = Vec::new();
    while !content.is_empty() {
        let (key, span) = parse_key(&content)?;
        content.parse::<Token![=]>()?;
        entries.push((key, value(&content)?, span));
        if content.is_empty() {
            break;
        }
        content.parse::<Token![,]>()?;
    }
    Ok(entries)
}

/// `[Eq, Hash, schemars::JsonSchema]`.
fn parse_derive_list(input: ParseStream<'_>) -> syn::Result<Vec<(String, Span)>> {
    if !input.peek(syn::token::Bracket) {
        return Err(input.error("a list of derives is written in brackets: [Eq, Hash]"));
    }
    let content;
    syn::bracketed!(content in input);
    let paths = Punctuated::<syn::Path, Token![,]>::parse_terminated(&content)?;
    Ok(paths
        .iter()
        .map(|path| {
            let text = compact(&path.to_token_stream().to_string());
            (text, syn::spanned::Spanned::span(path))
        })
        .collect())
}

/// A string (or identifier) naming one of `names`.
fn parse_choice<T>(
    input: ParseStream<'_>,
    option: &str,
    names: &[&str],
    from_name: impl Fn(&str) -> Option<T>,
) -> syn::Result<(T, Span)> {
    let (text, span) = if input.peek(LitStr) {
        let text: LitStr = input.parse()?;
        (text.value(), text.span())
    } else {
        let text: Ident = input.call(syn::ext::IdentExt::parse_any)?;
        (text.to_string(), text.span())
    };
    match from_name(&text) {
        Some(choice) => Ok((choice, span)),
        None => {
            let hint = crate::custom::did_you_mean(&text, names.iter().copied())
                .map(|close| format!("; did you mean \"{close}\"?"))
                .unwrap_or_default();
            Err(syn::Error::new(
                span,
                format!(
                    "`{option}` is one of {}, not {text:?}{hint}",
                    crate::custom::quoted_list(names)
                ),
            ))
        }
    }
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
            .field(
                "custom",
                &self
                    .custom
                    .iter()
                    .map(|(entry, _)| entry)
                    .collect::<Vec<_>>(),
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
        let mut custom = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.call(syn::ext::IdentExt::parse_any)?;
            input.parse::<Token![=]>()?;
            let name = key.to_string();
            if crate::custom::OPTION_NAMES.contains(&name.as_str()) {
                // `derives` may be given twice: once as a list, once as a map.
                let form = if name == "derives" && input.peek(syn::token::Bracket) {
                    "derives[]".to_string()
                } else {
                    name.clone()
                };
                if seen.contains(&form) {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("`{name}` is given twice"),
                    ));
                }
                seen.push(form);
            }
            match name.as_str() {
                "derives" if input.peek(syn::token::Bracket) => {
                    for (derive, span) in parse_derive_list(input)? {
                        custom.push((Custom::Derive(None, derive), span));
                    }
                }
                "derives" => {
                    for (ty, derives, _) in parse_map(input, "derives", parse_derive_list)? {
                        for (derive, span) in derives {
                            custom.push((Custom::Derive(Some(ty.clone()), derive), span));
                        }
                    }
                }
                "replace" => {
                    let entries = parse_map(input, "replace", |input| {
                        let ty: syn::Type = input.parse()?;
                        Ok(compact(&ty.to_token_stream().to_string()))
                    })?;
                    for (key, path, span) in entries {
                        custom.push((Custom::Replace(key, path), span));
                    }
                }
                "rename" => {
                    let entries = parse_map(input, "rename", |input| {
                        let name: Ident = input.call(syn::ext::IdentExt::parse_any)?;
                        Ok(name.to_string())
                    })?;
                    for (key, name, span) in entries {
                        custom.push((Custom::Rename(key, name), span));
                    }
                }
                "formats" => {
                    let (formats, span) = parse_choice(
                        input,
                        "formats",
                        &crate::Formats::NAMES,
                        crate::Formats::from_name,
                    )?;
                    custom.push((Custom::Formats(formats), span));
                }
                "unknown_fields" => {
                    let (choice, span) = parse_choice(
                        input,
                        "unknown_fields",
                        &crate::UnknownFields::NAMES,
                        crate::UnknownFields::from_name,
                    )?;
                    custom.push((Custom::UnknownFields(choice), span));
                }
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
                    let known = [
                        "module",
                        "deployment_id",
                        "derives",
                        "replace",
                        "rename",
                        "formats",
                        "unknown_fields",
                    ];
                    let hint = crate::custom::did_you_mean(other, known)
                        .map(|close| format!("did you mean `{close}`? "))
                        .unwrap_or_default();
                    return Err(syn::Error::new(
                        key.span(),
                        format!(
                            "unknown argument `{other}`: {hint}workflow! takes `module = name`, \
                             `deployment_id = \"...\"`, `derives = [...]`, `replace = {{...}}`, \
                             `rename = {{...}}`, `formats = \"...\"` and `unknown_fields = \"...\"`"
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
            custom,
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
    let whole = input.path.span();
    outcome.map_err(|diagnostics| {
        spanned(&diagnostics, whole, |problem| {
            argument_span(&input, problem, whole)
        })
    })
}

fn options_of(input: &MacroInput, mut options: Options) -> Options {
    if let Some(module) = &input.module {
        options = options.with_module(module.to_string());
    }
    if let Some(deployment_id) = &input.deployment_id {
        options = options.with_deployment_id(deployment_id.value());
    }
    for (index, (entry, _)) in input.custom.iter().enumerate() {
        options = options.with_argument(index);
        options = match entry.clone() {
            Custom::Derive(None, derive) => options.with_derive(derive),
            Custom::Derive(Some(ty), derive) => options.with_type_derive(ty, derive),
            Custom::Replace(ty, path) => options.with_replace(ty, path),
            Custom::Rename(ty, name) => options.with_rename(ty, name),
            Custom::Formats(formats) => options.with_formats(formats),
            Custom::UnknownFields(choice) => options.with_unknown_fields(choice),
        };
    }
    options
}

/// Where a problem goes: on its argument when it is about one, else on `whole`.
fn argument_span(input: &MacroInput, problem: &Diagnostic, whole: Span) -> Span {
    problem
        .argument
        .and_then(|index| input.custom.get(index))
        .map_or(whole, |(_, span)| *span)
}

/// `workflow!(inline = "...")`: the literal's text is the workflow file, named `inline` in
/// messages; files its `$ref`s name are read relative to `CARGO_MANIFEST_DIR` and, as for a
/// file, are rebuild triggers. Each problem is spanned on its place inside the literal where
/// the compiler can say so (`Literal::subspan`, nightly only), else on the whole literal;
/// its message says the line and column within the literal either way.
fn expand_inline(input: &MacroInput, manifest_dir: &std::path::Path) -> syn::Result<TokenStream> {
    let shown = PathBuf::from(INLINE);
    let literal = &input.path;
    let span_of = |problem: &Diagnostic| {
        if problem.argument.is_some() {
            argument_span(input, problem, literal.span())
        } else {
            inline_span(literal, problem)
        }
    };
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
