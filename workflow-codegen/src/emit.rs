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

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::quote;
use serde_json::Value;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, Ident, Item, Meta, Token};
use typify_impl::{TypeSpace, TypeSpaceImpl, TypeSpaceSettings};

use crate::Options;
use crate::diag::Diagnostic;
use crate::names;
use crate::plan::{EnumPlan, Plan};

/// Where generated code finds what it needs.
const PRIVATE: &str = "::workflow_runtime::__private";

/// Emits the module for `plan`.
pub fn emit(plan: &Plan, options: &Options) -> Result<TokenStream, Vec<Diagnostic>> {
    let types = run_typify(plan)?;
    let mut file: syn::File = syn::parse2(types).map_err(|error| {
        vec![internal(format!(
            "typify produced code that does not parse: {error}"
        ))]
    })?;
    let orders = key_orders(plan);
    let mut fixer = Fixer;
    let mut unfit = BTreeMap::new();
    for item in &mut file.items {
        fixer.visit_item_mut(item);
        if let Some((name, field)) = fix_item(item, &orders, plan) {
            unfit.insert(name, field);
        }
    }
    check_type_names(&file, plan)?;
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
    let module = Ident::new(&plan.module, Span::call_site());
    let items = &file.items;
    let enums = plan.enums.iter().map(emit_enum);
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
            #(#enums)*
            #workflow
        }
    })
}

/// typify always writes `mod error` with its `ConversionError`; keep it only when something
/// uses it (typify's own impls or our enums' `FromStr`).
fn drop_unused_error_module(file: &mut syn::File, plan: &Plan) {
    if !plan.enums.is_empty() {
        return;
    }
    // (A visitor that only reads: syn's read-only `visit` feature is not worth its build time.)
    struct Finds(bool);
    impl VisitMut for Finds {
        fn visit_ident_mut(&mut self, ident: &mut Ident) {
            self.0 |= ident == "ConversionError";
        }
    }
    let is_error_module =
        |item: &Item| matches!(item, Item::Mod(module) if module.ident == "error");
    let mut finds = Finds(false);
    for item in file.items.iter_mut().filter(|item| !is_error_module(item)) {
        finds.visit_item_mut(item);
    }
    if !finds.0 {
        file.items.retain(|item| !is_error_module(item));
    }
}

/// typify's `error` module, where it stays, is a detail of `TryFrom`/`FromStr` impls: keep
/// it out of the module's docs.
fn hide_error_module(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "error"
        {
            module.attrs.push(syn::parse_quote!(#[doc(hidden)]));
        }
    }
}

fn internal(message: String) -> Diagnostic {
    Diagnostic::new("", message)
        .help("this is a bug in workflow-codegen: please report it with the workflow file")
}

fn settings(replaced: &[String]) -> TypeSpaceSettings {
    let mut settings = TypeSpaceSettings::default();
    settings.with_struct_builder(false);
    settings.with_derive("PartialEq".to_string());
    settings.with_map_type("::std::collections::BTreeMap");
    for name in replaced {
        settings.with_replacement(
            name,
            name,
            [TypeSpaceImpl::Display, TypeSpaceImpl::FromStr].into_iter(),
        );
    }
    settings
}

/// typify over `defs`; `Err` carries typify's error or panic message.
///
/// typify recurses as deep as a schema nests. Planning hoists every object into a definition
/// of its own, so definitions are shallow and typify runs right here; a deeply nested one
/// (arrays of arrays, ...) runs on a thread of its own with a large stack, so that it cannot
/// overflow the compiler's.
fn typify(plan: &Plan, defs: &[(String, Value)]) -> Result<TokenStream, String> {
    let mut converted = Vec::new();
    for (name, schema) in defs {
        let schema = <schemars::schema::Schema as serde::Deserialize>::deserialize(schema)
            .map_err(|error| format!("schema of {name} is not understood: {error}"))?;
        converted.push((name.clone(), schema));
    }
    let replaced: Vec<String> = plan.enums.iter().map(|plan| plan.name.clone()).collect();
    let convert = move || -> Result<TokenStream, String> {
        let mut space = TypeSpace::new(&settings(&replaced));
        space
            .add_ref_types(converted)
            .map_err(|error| error.to_string())?;
        Ok(space.to_stream())
    };
    let deepest = defs
        .iter()
        .map(|(_, schema)| depth(schema))
        .max()
        .unwrap_or(0);
    if deepest <= INLINE_DEPTH {
        return crate::guard::catch(convert)?;
    }
    // Inside a proc macro the compiler's token API exists on the macro's own thread only:
    // typify's thread must use proc-macro2's own tokens (sent back as text), and the switch
    // is process-wide, so it is flipped back as soon as typify is done (this thread waits).
    proc_macro2::fallback::force();
    let outcome = std::thread::Builder::new()
        .name("typify".into())
        .stack_size(TYPIFY_STACK)
        .spawn(move || crate::guard::catch(move || convert().map(|tokens| tokens.to_string()))?)
        .map_err(|error| format!("could not start typify: {error}"))
        .and_then(|thread| {
            thread
                .join()
                .map_err(|_| "typify stopped unexpectedly".to_string())
        });
    proc_macro2::fallback::unforce();
    let text = outcome??;
    text.parse::<TokenStream>()
        .map_err(|error| format!("typify produced code that does not lex: {error}"))
}

/// Definitions nesting deeper than this are converted on a thread with a large stack.
const INLINE_DEPTH: usize = 24;

/// How deep JSON nests (a scalar is 0).
fn depth(value: &Value) -> usize {
    match value {
        Value::Object(members) => 1 + members.values().map(depth).max().unwrap_or(0),
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// Stack for typify's thread: reserved, not committed, so generous is cheap.
const TYPIFY_STACK: usize = 256 * 1024 * 1024;

fn run_typify(plan: &Plan) -> Result<TokenStream, Vec<Diagnostic>> {
    match typify(plan, &plan.defs) {
        Ok(tokens) => Ok(tokens),
        Err(message) => {
            // Find the definitions that fail on their own (the others stubbed out), so the
            // error points at the schema to change.
            let mut problems = Vec::new();
            for (index, (name, _)) in plan.defs.iter().enumerate() {
                let isolated: Vec<(String, Value)> = plan
                    .defs
                    .iter()
                    .enumerate()
                    .map(|(other, (other_name, schema))| {
                        if other == index {
                            (other_name.clone(), schema.clone())
                        } else {
                            (other_name.clone(), serde_json::json!({}))
                        }
                    })
                    .collect();
                if let Err(own) = typify(plan, &isolated) {
                    let pointer = plan.sources.get(name).cloned().unwrap_or_default();
                    problems.push(
                        Diagnostic::new(
                            pointer,
                            format!("this schema cannot become a Rust type: {own}"),
                        )
                        .help("simplify the schema here (contradictory `allOf` members and overlapping `oneOf` variants are the usual causes)"),
                    );
                }
            }
            if problems.is_empty() {
                problems.push(
                    Diagnostic::new("", format!("the schemas cannot become Rust types: {message}"))
                        .help("simplify the schemas (contradictory `allOf` members and overlapping `oneOf` variants are the usual causes)"),
                );
            }
            Err(problems)
        }
    }
}

/// For each definition, its property names in the order they first appear in the schema.
fn key_orders(plan: &Plan) -> BTreeMap<String, Vec<String>> {
    fn collect(schema: &Value, keys: &mut Vec<String>) {
        let Value::Object(members) = schema else {
            return;
        };
        if let Some(Value::Object(properties)) = members.get("properties") {
            for key in properties.keys() {
                if !keys.contains(key) {
                    keys.push(key.clone());
                }
            }
        }
        for keyword in ["allOf", "oneOf", "anyOf"] {
            if let Some(Value::Array(parts)) = members.get(keyword) {
                for part in parts {
                    collect(part, keys);
                }
            }
        }
    }
    plan.defs
        .iter()
        .map(|(name, schema)| {
            let mut keys = Vec::new();
            collect(schema, &mut keys);
            (name.clone(), keys)
        })
        .collect()
}

/// Rewrites paths to serde and serde_json so they go through the runtime.
struct Fixer;

fn is_rerouted(name: &str) -> bool {
    matches!(name, "serde" | "serde_json")
}

impl VisitMut for Fixer {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if path.leading_colon.is_some()
            && path
                .segments
                .first()
                .is_some_and(|segment| is_rerouted(&segment.ident.to_string()))
        {
            let mut rerouted: syn::Path = syn::parse_str(PRIVATE).unwrap_or_else(|_| path.clone());
            for segment in std::mem::take(&mut path.segments) {
                rerouted.segments.push(segment);
            }
            *path = rerouted;
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_attribute_mut(&mut self, attribute: &mut Attribute) {
        if attribute.path().is_ident("derive") {
            if let Ok(paths) =
                attribute.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
            {
                let mut paths = paths;
                for path in paths.iter_mut() {
                    self.visit_path_mut(path);
                }
                if let Meta::List(list) = &mut attribute.meta {
                    list.tokens = quote!(#paths);
                }
            }
        } else if attribute.path().is_ident("serde") {
            if let Meta::List(list) = &mut attribute.meta {
                list.tokens = reroute_strings(std::mem::take(&mut list.tokens));
            }
        } else if attribute.path().is_ident("doc")
            && let Meta::NameValue(name_value) = &mut attribute.meta
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) = &name_value.value
        {
            let safe = sanitize_doc(&text.value());
            // `///text` renders the same as `/// text`, but reads worse in build.rs output.
            let mut spaced = String::with_capacity(safe.len() + 8);
            for (index, line) in safe.lines().enumerate() {
                if index > 0 {
                    spaced.push('\n');
                }
                if !line.is_empty() && !line.starts_with(' ') {
                    spaced.push(' ');
                }
                spaced.push_str(line);
            }
            let span = text.span();
            name_value.value = syn::Expr::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Str(syn::LitStr::new(&spaced, span)),
            });
        }
    }
}

/// Rewrites `"::serde_json::..."` string literals (serde attribute arguments) to go through
/// the runtime.
fn reroute_strings(tokens: TokenStream) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let mut rebuilt = Group::new(group.delimiter(), reroute_strings(group.stream()));
                rebuilt.set_span(group.span());
                TokenTree::Group(rebuilt)
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                if !text.contains("::serde") {
                    return TokenTree::Literal(literal);
                }
                match syn::parse_str::<syn::LitStr>(&text) {
                    Ok(string) => {
                        let value = string.value();
                        let rerouted = ["::serde::", "::serde_json::"]
                            .iter()
                            .find(|prefix| value.starts_with(**prefix))
                            .map(|_| format!("{PRIVATE}{value}"));
                        match rerouted {
                            Some(value) => TokenTree::Literal(Literal::string(&value)),
                            None => TokenTree::Literal(literal),
                        }
                    }
                    Err(_) => TokenTree::Literal(literal),
                }
            }
            other => other,
        })
        .collect()
}

/// Fields of untagged union variants that hold a constant other than a string (strings are
/// enums): each decodes through a function that checks the value, so that the variant does not
/// match a value meant for another one.
fn enforce_constants(file: &mut syn::File, plan: &Plan) {
    let mut helpers: Vec<Item> = Vec::new();
    for item in &mut file.items {
        let Item::Struct(item) = item else {
            continue;
        };
        let Some(constants) = plan.constants.get(&item.ident.to_string()) else {
            continue;
        };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in fields.named.iter_mut() {
            let entry = FieldEntry::new(field.clone());
            let Some(expected) = constants.get(&entry.key) else {
                continue;
            };
            let helper = Ident::new(
                &format!("__workflow_constant_{}", helpers.len()),
                Span::call_site(),
            );
            let ty = &field.ty;
            helpers.push(syn::parse_quote! {
                fn #helper<'de, D>(deserializer: D) -> ::std::result::Result<#ty, D::Error>
                where
                    D: ::workflow_runtime::__private::serde::Deserializer<'de>,
                {
                    ::workflow_runtime::__private::constant(deserializer, #expected)
                }
            });
            let path = helper.to_string();
            let optional = quote!(#ty)
                .to_string()
                .starts_with(":: std :: option :: Option");
            let has_default = entry
                .serde
                .iter()
                .any(|(_, args)| args.iter().any(|meta| meta.path().is_ident("default")));
            let attribute: Attribute = if optional && !has_default {
                syn::parse_quote!(#[serde(default, deserialize_with = #path)])
            } else {
                syn::parse_quote!(#[serde(deserialize_with = #path)])
            };
            field.attrs.push(attribute);
        }
    }
    file.items.extend(helpers);
}

/// Makes every struct with named fields and every internally tagged enum decode from a JSON
/// object only: serde's derived decoder also takes an array of the field values in order
/// (`["a", "b"]` for `{module, name}`), which no JSON Schema object is. The derives become
/// inherent functions (`remote = "Self"`) and the runtime's `object_serde!` writes the trait
/// impls, decoding through `ObjectOnly` (and, for a struct with lenient fields, keeping what
/// they leave out in its `unfit` map, named in `unfit`).
fn decode_objects_only(file: &mut syn::File, unfit: &BTreeMap<String, Ident>) {
    let mut items = Vec::with_capacity(file.items.len());
    for mut item in std::mem::take(&mut file.items) {
        let wrapped = match &mut item {
            Item::Struct(item) if matches!(item.fields, Fields::Named(_)) => {
                Some((item.ident.clone(), &mut item.attrs))
            }
            Item::Enum(item) if is_internally_tagged(&item.attrs) => {
                Some((item.ident.clone(), &mut item.attrs))
            }
            _ => None,
        };
        let Some((name, attrs)) = wrapped.filter(|(_, attrs)| derives_deserialize(attrs)) else {
            items.push(item);
            continue;
        };
        let position = attrs
            .iter()
            .position(|attribute| attribute.path().is_ident("serde"))
            .map_or(attrs.len(), |index| index + 1);
        attrs.insert(position, syn::parse_quote!(#[serde(remote = "Self")]));
        items.push(item);
        match unfit.get(&name.to_string()) {
            Some(field) => items.push(syn::parse_quote!(
                ::workflow_runtime::__private::object_serde!(#name, unfit = #field);
            )),
            None => {
                items.push(syn::parse_quote!(::workflow_runtime::__private::object_serde!(#name);))
            }
        }
    }
    file.items = items;
}

fn derives_deserialize(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attribute| {
        attribute.path().is_ident("derive")
            && attribute
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string().contains("Deserialize"))
    })
}

/// `#[serde(tag = "...")]`: serde's decoder looks for the tag in a map or, first, in a
/// sequence.
fn is_internally_tagged(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attribute| {
        attribute.path().is_ident("serde")
            && serde_args(attribute)
                .is_some_and(|args| args.iter().any(|meta| meta.path().is_ident("tag")))
    })
}

/// Replaces typify's placeholder doc (the type's own name) with a sentence.
fn fix_type_doc(attrs: &mut [Attribute], name: &str, workflow: &str) {
    let placeholder = format!("`{name}`");
    let text = match name {
        "Input" => format!("What the `{workflow}` workflow takes."),
        "Output" => format!("What the `{workflow}` workflow answers."),
        "OutputObject" => format!("What the `{workflow}` workflow answers when it is not `null`."),
        _ => return,
    };
    let is_placeholder = |attribute: &Attribute| match &attribute.meta {
        Meta::NameValue(name_value) if attribute.path().is_ident("doc") => matches!(
            &name_value.value,
            syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(doc), .. }) if doc.value().trim() == placeholder
        ),
        _ => false,
    };
    if let Some(index) = attrs.iter().position(is_placeholder) {
        let text = format!(" {text}");
        attrs[index] = syn::parse_quote!(#[doc = #text]);
    }
}

/// Per-item fixes that need the item's shape. For a struct with lenient fields, its name and
/// the name of the `unfit` map added to it.
fn fix_item(
    item: &mut Item,
    orders: &BTreeMap<String, Vec<String>>,
    plan: &Plan,
) -> Option<(String, Ident)> {
    match item {
        Item::Struct(item) => {
            let name = item.ident.to_string();
            let order = orders.get(&name);
            fix_type_doc(&mut item.attrs, &name, &plan.name);
            fix_type_attrs(&mut item.attrs);
            if let Fields::Named(fields) = &mut item.fields {
                return fix_fields(
                    &mut fields.named,
                    order,
                    plan.lenient.get(&name),
                    plan.field_constraints.get(&name),
                )
                .map(|field| (name, field));
            }
        }
        Item::Enum(item) => {
            let order = orders.get(&item.ident.to_string());
            fix_type_doc(&mut item.attrs, &item.ident.to_string(), &plan.name);
            let untagged = item.attrs.iter().any(|attribute| {
                attribute.path().is_ident("serde")
                    && serde_args(attribute).is_some_and(|args| {
                        args.iter().any(|meta| meta.path().is_ident("untagged"))
                    })
            });
            fix_type_attrs(&mut item.attrs);
            for variant in &mut item.variants {
                match &mut variant.fields {
                    Fields::Named(fields) => {
                        fix_fields(&mut fields.named, order, None, None);
                    }
                    Fields::Unnamed(fields) if untagged && fields.unnamed.len() == 1 => {
                        let closed = fields
                            .unnamed
                            .first()
                            .and_then(|field| struct_name(&field.ty))
                            .is_some_and(|name| plan.closed.contains(&name));
                        if closed {
                            variant.attrs.push(syn::parse_quote!(
                                #[serde(deserialize_with = "::workflow_runtime::__private::closed")]
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    None
}

/// The generated type a variant holds: `Name` or `Box<Name>` (typify boxes recursion).
fn struct_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let last = path.path.segments.last()?;
    match &last.arguments {
        syn::PathArguments::None if path.path.segments.len() == 1 => Some(last.ident.to_string()),
        syn::PathArguments::AngleBracketed(args) if last.ident == "Box" => {
            match args.args.first() {
                Some(syn::GenericArgument::Type(inner)) => struct_name(inner),
                _ => None,
            }
        }
        _ => None,
    }
}

/// Adds `#[serde(crate = ...)]` to serde derives and drops `deny_unknown_fields`.
fn fix_type_attrs(attrs: &mut Vec<Attribute>) {
    let derives_serde = attrs.iter().any(|attribute| {
        attribute.path().is_ident("derive")
            && attribute
                .meta
                .require_list()
                .is_ok_and(|list| list.tokens.to_string().contains("serde"))
    });
    for attribute in attrs.iter_mut() {
        if attribute.path().is_ident("serde") {
            edit_serde_args(attribute, |args| {
                args.retain(|meta| !meta.path().is_ident("deny_unknown_fields"));
            });
        }
    }
    attrs.retain(|attribute| !is_empty_serde(attribute));
    if derives_serde {
        let private = format!("{PRIVATE}::serde");
        let position = attrs
            .iter()
            .position(|attribute| attribute.path().is_ident("derive"))
            .map_or(attrs.len(), |index| index + 1);
        attrs.insert(position, syn::parse_quote!(#[serde(crate = #private)]));
    }
}

fn is_empty_serde(attribute: &Attribute) -> bool {
    attribute.path().is_ident("serde")
        && attribute
            .meta
            .require_list()
            .is_ok_and(|list| list.tokens.is_empty())
}

fn serde_args(attribute: &Attribute) -> Option<Punctuated<Meta, Token![,]>> {
    attribute
        .parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        .ok()
}

fn edit_serde_args(attribute: &mut Attribute, edit: impl FnOnce(&mut Punctuated<Meta, Token![,]>)) {
    if let Some(mut args) = serde_args(attribute) {
        edit(&mut args);
        *attribute = syn::parse_quote!(#[serde(#args)]);
    }
}

fn string_arg(meta: &Meta, name: &str) -> Option<String> {
    match meta {
        Meta::NameValue(name_value) if name_value.path.is_ident(name) => match &name_value.value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(text),
                ..
            }) => Some(text.value()),
            _ => None,
        },
        _ => None,
    }
}

/// A field typify emitted, with its serde arguments parsed once.
struct FieldEntry {
    /// The JSON name: `rename` when typify set one, else the identifier.
    key: String,
    /// The `#[serde(flatten)]` map of other members.
    flatten: bool,
    /// The arguments of its `#[serde(...)]` attribute, and where that attribute is.
    serde: Option<(usize, Punctuated<Meta, Token![,]>)>,
    field: syn::Field,
}

impl FieldEntry {
    fn new(field: syn::Field) -> Self {
        let serde = field
            .attrs
            .iter()
            .position(|attribute| attribute.path().is_ident("serde"))
            .and_then(|index| serde_args(&field.attrs[index]).map(|args| (index, args)));
        let mut rename = None;
        let mut flatten = false;
        for meta in serde.iter().flat_map(|(_, args)| args.iter()) {
            if let Some(value) = string_arg(meta, "rename") {
                rename = Some(value);
            }
            flatten |= meta.path().is_ident("flatten");
        }
        let key = rename.unwrap_or_else(|| {
            field
                .ident
                .as_ref()
                .map(|ident| ident.to_string().trim_start_matches("r#").to_string())
                .unwrap_or_default()
        });
        Self {
            key,
            flatten,
            serde,
            field,
        }
    }
}

/// Puts fields in schema order, names them by our rules, keeps absent apart from empty and
/// adds the schema's constraints to their docs. With lenient fields, adds the `unfit` map
/// that keeps what they leave out, and returns its name.
fn fix_fields(
    fields: &mut Punctuated<syn::Field, Token![,]>,
    order: Option<&Vec<String>>,
    lenient: Option<&BTreeSet<String>>,
    constraints: Option<&BTreeMap<String, String>>,
) -> Option<Ident> {
    let mut entries: Vec<FieldEntry> = std::mem::take(fields)
        .into_iter()
        .map(FieldEntry::new)
        .collect();
    let position = |entry: &FieldEntry| {
        if entry.flatten {
            return usize::MAX;
        }
        order
            .and_then(|order| order.iter().position(|known| *known == entry.key))
            .unwrap_or(usize::MAX - 1)
    };
    entries.sort_by_cached_key(position);

    let mut idents = names::field_idents(
        entries
            .iter()
            .filter(|entry| !entry.flatten)
            .map(|entry| entry.key.as_str()),
        &[],
    )
    .into_iter();
    let mut named: Vec<(FieldEntry, String)> = Vec::with_capacity(entries.len());
    for entry in entries {
        let ident = if entry.flatten {
            String::new()
        } else {
            idents.next().unwrap_or_default()
        };
        named.push((entry, ident));
    }
    let taken: BTreeSet<String> = named.iter().map(|(_, ident)| ident.clone()).collect();
    let free = |base: &str| {
        let mut name = base.to_string();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    };
    let mut any_lenient = false;
    for (entry, ident) in named {
        let ident = if entry.flatten { free("extra") } else { ident };
        let lenient = !entry.flatten && lenient.is_some_and(|keys| keys.contains(&entry.key));
        any_lenient |= lenient;
        let line = constraints
            .filter(|_| !entry.flatten)
            .and_then(|lines| lines.get(&entry.key));
        let mut field = fix_field(entry, &ident, lenient);
        if let Some(line) = line {
            append_doc(&mut field.attrs, line);
        }
        fields.push(field);
    }
    if !any_lenient {
        return None;
    }
    // A lenient field's member may hold any value where an alternative that leaves it open
    // applies: what does not fit the field is kept here, so that the object encodes back as
    // it came (the runtime's `object_serde!` fills it and writes it after the fields).
    let unfit = Ident::new(&free("unfit"), Span::call_site());
    fields.push(syn::parse_quote! {
        /// Members that a field is declared for but whose value does not fit its type, kept
        /// as they came (the schema allows them where an alternative that leaves them open
        /// applies) and written back after the fields; a field holding a value wins.
        #[serde(flatten, skip_deserializing)]
        pub #unfit: ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >
    });
    Some(unfit)
}

/// Adds `line` (safe rustdoc) as a paragraph of its own after the docs in `attrs`.
fn append_doc(attrs: &mut Vec<Attribute>, line: &str) {
    let line = format!(" {}", doc_safe(line));
    match attrs
        .iter()
        .rposition(|attribute| attribute.path().is_ident("doc"))
    {
        Some(last) => {
            attrs.insert(last + 1, syn::parse_quote!(#[doc = #line]));
            attrs.insert(last + 1, syn::parse_quote!(#[doc = ""]));
        }
        None => attrs.insert(0, syn::parse_quote!(#[doc = #line])),
    }
}

/// Names the field `ident`, keeps its JSON name, and makes an optional collection an
/// `Option` (typify skips serializing empty ones, which loses the difference between
/// absent and empty).
fn fix_field(entry: FieldEntry, ident: &str, lenient: bool) -> syn::Field {
    let FieldEntry {
        key,
        flatten,
        serde,
        mut field,
    } = entry;
    field.ident = Some(Ident::new(ident, Span::call_site()));
    let rename = (!flatten && ident != key).then(|| -> Meta { syn::parse_quote!(rename = #key) });
    let mut make_option = false;
    // A merged field that some alternative leaves open: a value that does not fit is dropped.
    let lenient: Vec<Meta> = if lenient {
        vec![
            syn::parse_quote!(default),
            syn::parse_quote!(deserialize_with = "::workflow_runtime::__private::lenient"),
        ]
    } else {
        Vec::new()
    };
    match serde {
        Some((index, args)) => {
            let mut kept: Punctuated<Meta, Token![,]> = Punctuated::new();
            kept.extend(rename);
            let has_default = args.iter().any(|meta| meta.path().is_ident("default"));
            kept.extend(
                lenient
                    .into_iter()
                    .filter(|meta| !(has_default && meta.path().is_ident("default"))),
            );
            // An optional property that can only be `null` is `()` with `default` in typify's
            // output, which writes `null` where the value was absent: it becomes an `Option`
            // left out when `None` (a `null` it held is left out too, as for any optional
            // field).
            let optional_unit = has_default
                && matches!(&field.ty, syn::Type::Tuple(tuple) if tuple.elems.is_empty());
            if optional_unit {
                make_option = true;
                kept.push(syn::parse_quote!(
                    skip_serializing_if = "::std::option::Option::is_none"
                ));
            }
            for meta in args {
                if meta.path().is_ident("rename") {
                    continue;
                }
                if optional_unit && meta.path().is_ident("default") {
                    continue;
                }
                if string_arg(&meta, "deserialize_with").as_deref()
                    == Some("::std::option::Option::deserialize")
                {
                    continue;
                }
                if string_arg(&meta, "skip_serializing_if")
                    .is_some_and(|skip| skip.ends_with("::is_empty"))
                {
                    make_option = true;
                    kept.push(syn::parse_quote!(
                        skip_serializing_if = "::std::option::Option::is_none"
                    ));
                    continue;
                }
                kept.push(meta);
            }
            if kept.is_empty() {
                field.attrs.remove(index);
            } else if let Meta::List(list) = &mut field.attrs[index].meta {
                list.tokens = quote!(#kept);
            }
        }
        None => {
            let mut args: Punctuated<Meta, Token![,]> = Punctuated::new();
            args.extend(rename);
            args.extend(lenient);
            if !args.is_empty() {
                field.attrs.push(syn::parse_quote!(#[serde(#args)]));
            }
        }
    }
    if make_option {
        let inner = field.ty;
        field.ty = syn::parse_quote!(::std::option::Option<#inner>);
    }
    field
}

/// Every type typify made must be one the plan named (or typify's own helpers), and names
/// must not repeat: a silent collision would give a field the wrong type.
fn check_type_names(file: &syn::File, plan: &Plan) -> Result<(), Vec<Diagnostic>> {
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    let reserved: BTreeSet<&str> = plan
        .enums
        .iter()
        .map(|plan| plan.name.as_str())
        .chain([plan.marker.as_str()])
        .collect();
    for item in &file.items {
        let ident = match item {
            Item::Struct(item) => &item.ident,
            Item::Enum(item) => &item.ident,
            Item::Type(item) => &item.ident,
            _ => continue,
        };
        let name = ident.to_string();
        if !seen.insert(name.clone()) || reserved.contains(name.as_str()) {
            problems.push(internal(format!(
                "two generated types are both named {name}"
            )));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

fn emit_enum(plan: &EnumPlan) -> TokenStream {
    let name = Ident::new(&plan.name, Span::call_site());
    let docs = match &plan.description {
        Some(description) => doc_lines(&sanitize_doc(description)),
        None => doc_lines(&format!("One of {}.", values_doc(plan))),
    };
    let serde_crate = format!("{PRIVATE}::serde");
    let idents: Vec<Ident> = plan
        .variants
        .iter()
        .map(|(ident, _)| Ident::new(ident, Span::call_site()))
        .collect();
    let values: Vec<&String> = plan.variants.iter().map(|(_, value)| value).collect();
    let variant_docs = values.iter().map(|value| {
        let text = doc_safe(&code_span(value)).into_owned();
        quote!(#[doc = #text])
    });
    let expected = format!("expected one of {}", values_list(plan));
    quote! {
        #docs
        #[derive(
            ::workflow_runtime::__private::serde::Deserialize,
            ::workflow_runtime::__private::serde::Serialize,
            Clone, Copy, Debug, Eq, Hash, Ord, PartialEq, PartialOrd
        )]
        #[serde(crate = #serde_crate)]
        pub enum #name {
            #(
                #variant_docs
                #[serde(rename = #values)]
                #idents,
            )*
        }

        impl #name {
            /// Every value, in schema order.
            pub const ALL: &'static [Self] = &[#(Self::#idents),*];

            /// The value as it travels in JSON.
            pub const fn as_str(&self) -> &'static str {
                match self {
                    #(Self::#idents => #values,)*
                }
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = self::error::ConversionError;
            fn from_str(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                match value {
                    #(#values => ::std::result::Result::Ok(Self::#idents),)*
                    _ => ::std::result::Result::Err(#expected.into()),
                }
            }
        }

        impl ::std::convert::TryFrom<&str> for #name {
            type Error = self::error::ConversionError;
            fn try_from(value: &str) -> ::std::result::Result<Self, self::error::ConversionError> {
                value.parse()
            }
        }
    }
}

/// `"a", "b"`: the values as JSON strings, for messages.
fn values_list(plan: &EnumPlan) -> String {
    plan.variants
        .iter()
        .map(|(_, value)| format!("{value:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The values as rustdoc code spans (a span holding a backtick is fenced with two).
fn values_doc(plan: &EnumPlan) -> String {
    plan.variants
        .iter()
        .map(|(_, value)| code_span(&format!("{value:?}")))
        .collect::<Vec<_>>()
        .join(", ")
}

fn code_span(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn emit_workflow(plan: &Plan, options: &Options) -> TokenStream {
    let marker = Ident::new(&plan.marker, Span::call_site());
    let name = &plan.name;
    let deployment = match &plan.deployment_id {
        Some(id) => quote!(::std::option::Option::Some(#id)),
        None => quote!(::std::option::Option::None),
    };
    let input_schema = plan.input_schema.to_string();
    let result_schema = plan.result_schema.to_string();
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
fn generated_types(file: &syn::File, plan: &Plan) -> Vec<(String, Option<String>)> {
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

fn module_doc(plan: &Plan, types: &[(String, Option<String>)]) -> String {
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

/// `#![doc]` attributes (the item's own docs from inside it) for already safe rustdoc.
fn inner_doc_lines(text: &str) -> TokenStream {
    let text = doc_safe(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// `#[doc]` attributes for text that is already safe rustdoc.
fn doc_lines(text: &str) -> TokenStream {
    let text = doc_safe(text);
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Makes schema text safe as rustdoc: code blocks become `text` blocks (rustdoc would run an
/// untagged or indented block as a doctest in the user's crate) and stray brackets and angle
/// brackets are escaped (rustdoc would read them as links or HTML).
pub(crate) fn sanitize_doc(text: &str) -> String {
    let text = doc_safe(text);
    let mut out: Vec<String> = Vec::new();
    let mut fence: Option<String> = None;
    let mut indented = false;
    let mut previous_blank = true;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if let Some(marker) = &fence {
            out.push(line.to_string());
            if trimmed.starts_with(marker.as_str())
                && trimmed.trim_end()
                    == trimmed
                        .trim_end()
                        .chars()
                        .take_while(|c| *c == '`' || *c == '~')
                        .collect::<String>()
            {
                fence = None;
            }
            previous_blank = false;
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            let info = trimmed[marker.len()..].trim();
            let indent = &line[..line.len() - trimmed.len()];
            if indented {
                out.push("```".to_string());
                indented = false;
            }
            if is_rust_info(info) {
                out.push(format!("{indent}{marker}text"));
            } else {
                out.push(line.to_string());
            }
            fence = Some(marker);
            previous_blank = false;
            continue;
        }
        let code_line = line.starts_with("    ") || line.starts_with('\t');
        if indented {
            if code_line || line.trim().is_empty() {
                out.push(
                    line.strip_prefix("    ")
                        .or_else(|| line.strip_prefix('\t'))
                        .unwrap_or(line)
                        .to_string(),
                );
                continue;
            }
            // Blank lines that ended the block belong after it.
            let mut blanks = 0;
            while out.last().is_some_and(|line| line.trim().is_empty()) {
                out.pop();
                blanks += 1;
            }
            out.push("```".to_string());
            out.extend(std::iter::repeat_n(String::new(), blanks));
            indented = false;
        } else if code_line && previous_blank && !line.trim().is_empty() {
            out.push("```text".to_string());
            out.push(
                line.strip_prefix("    ")
                    .or_else(|| line.strip_prefix('\t'))
                    .unwrap_or(line)
                    .to_string(),
            );
            indented = true;
            continue;
        }
        out.push(escape_markdown(line));
        previous_blank = line.trim().is_empty();
    }
    if indented {
        // Drop trailing blank lines inside the block, then close it.
        while out.last().is_some_and(|line| line.trim().is_empty()) {
            out.pop();
        }
        out.push("```".to_string());
    }
    if let Some(marker) = fence {
        out.push(marker);
    }
    out.join("\n")
}

/// Text that rustc takes as written in a doc comment: line breaks are `\n` (a bare `\r` is an
/// error in a doc comment), and other control characters and the characters that change the
/// direction of text (refused by rustc's `text_direction_codepoint_in_comment` lint) are
/// shown escaped (`\u{1b}`, `\u{202e}`).
fn doc_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '\r' => out.push('\n'),
            c if unsafe_char(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

fn is_rust_info(info: &str) -> bool {
    info.is_empty()
        || info
            .split([',', ' '])
            .filter(|word| !word.is_empty())
            .all(|word| {
                matches!(
                    word,
                    "rust" | "ignore" | "no_run" | "should_panic" | "compile_fail" | "test_harness"
                ) || word.starts_with("edition")
            })
}

/// Escapes `[`, `]`, `<` and `>` outside inline code, and wraps bare URLs in `<...>`.
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if rest.starts_with("https://") || rest.starts_with("http://") {
                let end = rest
                    .find(|c: char| c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\''))
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            if matches!(c, '[' | ']' | '<' | '>') {
                out.push('\\');
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}
