//! The syn pass over typify's output: serde paths, field order and names, attributes, decoders.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Group, Literal, Span, TokenStream, TokenTree};
use quote::quote;
use syn::punctuated::Punctuated;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, Ident, Item, Meta, Token};

use crate::diag::Problems;
use crate::names;
use crate::plan::Plan;

use super::docs::{doc_safe, sanitize_doc};
use super::{PRIVATE, internal};

/// Rewrites paths to serde and serde_json so they go through the runtime.
pub(super) struct Fixer;

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
pub(super) fn enforce_constants(file: &mut syn::File, plan: &Plan) {
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
pub(super) fn decode_objects_only(file: &mut syn::File, unfit: &BTreeMap<String, Ident>) {
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
pub(super) fn fix_item(
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

pub(super) fn serde_args(attribute: &Attribute) -> Option<Punctuated<Meta, Token![,]>> {
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

pub(super) fn string_arg(meta: &Meta, name: &str) -> Option<String> {
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
pub(super) fn check_type_names(file: &syn::File, plan: &Plan, problems: &mut Problems) {
    let mut seen = BTreeSet::new();
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
}

/// typify always writes `mod error` with its `ConversionError`; keep it only when something
/// uses it (typify's own impls or our enums' `FromStr`).
pub(super) fn drop_unused_error_module(file: &mut syn::File, plan: &Plan) {
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
pub(super) fn hide_error_module(file: &mut syn::File) {
    for item in &mut file.items {
        if let Item::Mod(module) = item
            && module.ident == "error"
        {
            module.attrs.push(syn::parse_quote!(#[doc(hidden)]));
        }
    }
}
