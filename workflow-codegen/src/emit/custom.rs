//! The customization pass, last over the module's items: typed formats, kept unknown fields,
//! replaced types, `Default` and constructors, and extra derives (renames happen in planning,
//! so every later stage sees the new names).

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::punctuated::Punctuated;
use syn::visit::Visit;
use syn::visit_mut::VisitMut;
use syn::{Attribute, Fields, Ident, Item, Meta, Token};

use crate::custom::{Derive, Formats, UnknownFields, problem};
use crate::diag::Problems;
use crate::plan::Plan;

use super::PRIVATE;
use super::docs::doc_safe;

/// Applies `plan.custom` to the module's items.
pub(super) fn apply(items: &mut Vec<Item>, plan: &Plan, problems: &mut Problems) {
    let custom = &plan.custom;
    if custom.formats != Formats::Strings {
        typed_formats(items, plan);
    }
    if custom.unknown_fields == UnknownFields::Keep {
        keep_unknown_fields(items, plan);
    }
    replace_types(items, plan);
    constructors(items);
    derives(items, plan, problems);
}

// ---- typed formats ----------------------------------------------------------------------

/// The Rust type a string `format` becomes, the serde helper it needs, and the runtime
/// feature that provides it.
fn format_type(
    formats: Formats,
    format: &str,
) -> Option<(TokenStream, Option<&'static str>, &'static str)> {
    let private: syn::Path = syn::parse_str(PRIVATE).ok()?;
    Some(match (formats, format) {
        (Formats::Chrono, "date-time") => (
            quote!(#private::chrono::DateTime<#private::chrono::FixedOffset>),
            None,
            "Chrono",
        ),
        (Formats::Chrono, "date") => (quote!(#private::chrono::NaiveDate), None, "Chrono"),
        (Formats::Time, "date-time") => (
            quote!(#private::time::OffsetDateTime),
            Some("time_rfc3339"),
            "Time",
        ),
        (Formats::Time, "date") => (quote!(#private::time::Date), Some("time_date"), "Time"),
        (Formats::Chrono | Formats::Time, "uuid") => (quote!(#private::uuid::Uuid), None, "Uuid"),
        (Formats::Chrono | Formats::Time, "uri") => (quote!(#private::url::Url), None, "Url"),
        _ => return None,
    })
}

/// A field's JSON name: its `#[serde(rename = "...")]`, else its identifier.
fn json_name(field: &syn::Field) -> Option<String> {
    for attribute in &field.attrs {
        if let Some(args) = serde_args(attribute) {
            for meta in &args {
                if let Some(name) = super::fixup::string_arg(meta, "rename") {
                    return Some(name);
                }
            }
        }
    }
    field
        .ident
        .as_ref()
        .map(|ident| ident.to_string().trim_start_matches("r#").to_string())
}

/// Replaces every `String` in a type.
struct StringTo<'a>(&'a syn::Type, bool);

impl VisitMut for StringTo<'_> {
    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty
            && path.qself.is_none()
            && path
                .path
                .segments
                .last()
                .is_some_and(|segment| segment.ident == "String" && segment.arguments.is_empty())
        {
            *ty = self.0.clone();
            self.1 = true;
            return;
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }
}

fn typed_formats(items: &mut Vec<Item>, plan: &Plan) {
    let mut features = BTreeSet::new();
    for item in items.iter_mut() {
        let Item::Struct(item) = item else { continue };
        let Some(formats) = plan.field_formats.get(&item.ident.to_string()) else {
            continue;
        };
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        for field in &mut fields.named {
            let Some(key) = json_name(field) else {
                continue;
            };
            let Some(format) = formats.get(&key) else {
                continue;
            };
            let Some((typed, helper, feature)) = format_type(plan.custom.formats, format) else {
                continue;
            };
            let Ok(typed) = syn::parse2::<syn::Type>(typed) else {
                continue;
            };
            // A field with a decoder of its own (a lenient merged field) cannot take a serde
            // helper as well: it stays a `String`.
            let decoded_its_way = field.attrs.iter().any(|attribute| {
                serde_args(attribute).is_some_and(|args| {
                    args.iter().any(|meta| {
                        ["with", "deserialize_with", "serialize_with"]
                            .iter()
                            .any(|name| meta.path().is_ident(name))
                    })
                })
            });
            if helper.is_some() && decoded_its_way {
                continue;
            }
            let mut replacer = StringTo(&typed, false);
            replacer.visit_type_mut(&mut field.ty);
            if !replacer.1 {
                continue;
            }
            features.insert(feature);
            if let Some(helper) = helper {
                let with = format!("{PRIVATE}::formats::{helper}");
                let optional = is_option(&field.ty);
                let has_default = field.attrs.iter().any(|attribute| {
                    serde_args(attribute)
                        .is_some_and(|args| args.iter().any(|meta| meta.path().is_ident("default")))
                });
                if optional && !has_default && is_skipped_when_none(&field.attrs) {
                    field.attrs.push(syn::parse_quote!(#[serde(default)]));
                }
                field.attrs.push(syn::parse_quote!(#[serde(with = #with)]));
            }
        }
    }
    for feature in features {
        let marker = Ident::new(feature, Span::call_site());
        let private: syn::Path = syn::parse_quote!(::workflow_runtime::__private);
        items.push(syn::parse_quote! {
            // Typed formats need the runtime feature that brings their crate.
            const _: () = #private::formats::enabled::<#private::formats::#marker>();
        });
    }
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.path.segments.last().is_some_and(|segment| segment.ident == "Option"))
}

fn is_skipped_when_none(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attribute| {
        serde_args(attribute).is_some_and(|args| {
            args.iter()
                .any(|meta| meta.path().is_ident("skip_serializing_if"))
        })
    })
}

// ---- unknown fields ---------------------------------------------------------------------

fn keep_unknown_fields(items: &mut [Item], plan: &Plan) {
    let defined: BTreeSet<&str> = plan.defs.iter().map(|(name, _)| name.as_str()).collect();
    for item in items {
        // The struct variants of an internally tagged union are objects too (serde takes the
        // tag out before the variant sees the rest, so `extra` never holds it).
        if let Item::Enum(item) = item {
            let tagged = item.attrs.iter().any(|attribute| {
                serde_args(attribute).is_some_and(|args| {
                    args.iter().any(|meta| meta.path().is_ident("tag"))
                        && !args.iter().any(|meta| meta.path().is_ident("content"))
                })
            });
            if !tagged {
                continue;
            }
            for variant in &mut item.variants {
                // A variant that is only its tag may hold other members too.
                if matches!(variant.fields, Fields::Unit) {
                    variant.fields = Fields::Named(syn::parse_quote!({}));
                }
                if let Fields::Named(fields) = &mut variant.fields {
                    add_extra(fields, false);
                }
            }
            continue;
        }
        let Item::Struct(item) = item else { continue };
        let name = item.ident.to_string();
        if plan.closed.contains(&name) || !defined.contains(name.as_str()) {
            continue;
        }
        let Fields::Named(fields) = &mut item.fields else {
            continue;
        };
        add_extra(fields, true);
    }
}

/// Adds the flattened `extra` map to `fields` (named `extra_2`, ... when taken), unless they
/// already flatten a map of other members.
fn add_extra(fields: &mut syn::FieldsNamed, public: bool) {
    let flattened = fields.named.iter().any(|field| {
        field.attrs.iter().any(|attribute| {
            serde_args(attribute)
                .is_some_and(|args| args.iter().any(|meta| meta.path().is_ident("flatten")))
        })
    });
    if flattened {
        return;
    }
    let taken: BTreeSet<String> = fields
        .named
        .iter()
        .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
        .collect();
    let mut ident = "extra".to_string();
    let mut number = 2;
    while taken.contains(&ident) {
        ident = format!("extra_{number}");
        number += 1;
    }
    let ident = Ident::new(&ident, Span::call_site());
    let visibility: syn::Visibility = if public {
        syn::parse_quote!(pub)
    } else {
        syn::Visibility::Inherited
    };
    fields.named.push(syn::parse_quote! {
        /// The members the schema does not declare, kept as received (`unknown_fields =
        /// "keep"`), so that the value re-encodes to exactly what was decoded.
        #[serde(flatten)]
        #visibility #ident: ::std::collections::BTreeMap<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >
    });
}

// ---- replaced types ---------------------------------------------------------------------

/// The single identifier a type path is, if it is one.
fn single_ident(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() && path.path.segments.len() == 1 => {
            Some(path.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

fn replace_types(items: &mut Vec<Item>, plan: &Plan) {
    if plan.custom.replace.is_empty() {
        return;
    }
    let replace = &plan.custom.replace;
    let defined: BTreeSet<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(item) => Some(item.ident.to_string()),
            Item::Enum(item) => Some(item.ident.to_string()),
            _ => None,
        })
        .filter(|name| !replace.contains_key(name))
        .collect();
    let mut docs: BTreeMap<String, Vec<Attribute>> = BTreeMap::new();
    items.retain(|item| {
        let (name, attrs) = match item {
            Item::Struct(item) => (item.ident.to_string(), &item.attrs),
            Item::Enum(item) => (item.ident.to_string(), &item.attrs),
            Item::Type(item) => (item.ident.to_string(), &item.attrs),
            Item::Impl(item) => {
                // An impl of a replaced type goes with it, and so does one that names it in
                // its trait for a type that is not ours (`From<Money> for String`): for the
                // user's type it would break the orphan rule.
                let own = single_ident(&item.self_ty);
                if own.as_ref().is_some_and(|name| replace.contains_key(name)) {
                    return false;
                }
                let generated = own.is_some_and(|name| defined.contains(&name));
                let names_replaced = item
                    .trait_
                    .as_ref()
                    .is_some_and(|(path, _)| mentions(&path.to_token_stream(), replace));
                return generated || !names_replaced;
            }
            Item::Macro(item) => {
                let first = item
                    .mac
                    .tokens
                    .clone()
                    .into_iter()
                    .next()
                    .map(|token| token.to_string());
                return first.is_none_or(|name| !replace.contains_key(&name));
            }
            _ => return true,
        };
        if replace.contains_key(&name) {
            let kept = attrs
                .iter()
                .filter(|attribute| attribute.path().is_ident("doc"))
                .cloned()
                .collect();
            docs.insert(name, kept);
            return false;
        }
        true
    });
    for (name, path) in replace {
        let ident = Ident::new(name, Span::call_site());
        let attrs = docs.remove(name).unwrap_or_default();
        let note = doc_safe(&format!(
            " Your own type, `{}`, in place of a generated one (`replace`, or the schema's `x-rust-type`).",
            path.to_token_stream().to_string().replace(' ', "")
        ))
        .into_owned();
        items.push(syn::parse_quote! {
            #(#attrs)*
            #[doc = ""]
            #[doc = #note]
            pub type #ident = #path;
        });
    }
}

/// Whether `tokens` name one of the replaced types.
fn mentions(tokens: &TokenStream, replace: &BTreeMap<String, syn::Path>) -> bool {
    tokens.clone().into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => replace.contains_key(&ident.to_string()),
        proc_macro2::TokenTree::Group(group) => mentions(&group.stream(), replace),
        _ => false,
    })
}

// ---- Default and constructors ------------------------------------------------------------

/// How a field is set when no value is given, or `None` when it must be given.
fn default_of(field: &syn::Field) -> Option<TokenStream> {
    let mut skipped = false;
    for attribute in &field.attrs {
        let Some(args) = serde_args(attribute) else {
            continue;
        };
        for meta in &args {
            if meta.path().is_ident("flatten") {
                return Some(quote!(::std::default::Default::default()));
            }
            if let Some(function) = super::fixup::string_arg(meta, "default") {
                let function: syn::Path = syn::parse_str(&function).ok()?;
                return Some(quote!(#function()));
            }
            if matches!(meta, Meta::Path(path) if path.is_ident("default")) {
                return Some(quote!(::std::default::Default::default()));
            }
            if meta.path().is_ident("skip_serializing_if") {
                skipped = true;
            }
        }
    }
    (skipped && is_option(&field.ty)).then(|| quote!(::std::option::Option::None))
}

/// `Some(T)` of an `Option<T>`.
fn option_inner(ty: &syn::Type) -> Option<&syn::Type> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    let segment = path.path.segments.last()?;
    if segment.ident != "Option" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(arguments) = &segment.arguments else {
        return None;
    };
    match arguments.args.first()? {
        syn::GenericArgument::Type(inner) => Some(inner),
        _ => None,
    }
}

fn is_string(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path) if path.qself.is_none() && path.path.segments.last().is_some_and(|segment| segment.ident == "String" && segment.arguments.is_empty()))
}

/// A parameter's type and how the value it takes becomes the field's type: a `String` is
/// taken as `impl Into<String>`.
fn parameter(ty: &syn::Type, value: &Ident) -> (TokenStream, TokenStream) {
    if is_string(ty) {
        (
            quote!(impl ::std::convert::Into<#ty>),
            quote!(::std::convert::Into::into(#value)),
        )
    } else {
        (quote!(#ty), quote!(#value))
    }
}

/// The named types each type's fields mention.
fn mentioned(items: &[Item]) -> BTreeMap<String, BTreeSet<String>> {
    struct Names<'a>(&'a mut BTreeSet<String>);
    impl Visit<'_> for Names<'_> {
        fn visit_path_segment(&mut self, segment: &syn::PathSegment) {
            self.0.insert(segment.ident.to_string());
            syn::visit::visit_path_segment(self, segment);
        }
    }
    let mut found = BTreeMap::new();
    for item in items {
        let (name, types): (String, Vec<&syn::Type>) = match item {
            Item::Struct(item) => (
                item.ident.to_string(),
                item.fields.iter().map(|field| &field.ty).collect(),
            ),
            Item::Enum(item) => (
                item.ident.to_string(),
                item.variants
                    .iter()
                    .flat_map(|variant| variant.fields.iter().map(|field| &field.ty))
                    .collect(),
            ),
            Item::Type(item) => (item.ident.to_string(), vec![&*item.ty]),
            _ => continue,
        };
        let mut names = BTreeSet::new();
        for ty in types {
            Names(&mut names).visit_type(ty);
        }
        found.insert(name, names);
    }
    found
}

/// Types reachable from `Input` through fields: the ones users build.
fn input_types(items: &[Item]) -> BTreeSet<String> {
    let graph = mentioned(items);
    let mut reached = BTreeSet::new();
    let mut pending = vec!["Input".to_string()];
    while let Some(name) = pending.pop() {
        let Some(next) = graph.get(&name) else {
            continue;
        };
        if !reached.insert(name) {
            continue;
        }
        pending.extend(
            next.iter()
                .filter(|name| graph.contains_key(*name))
                .cloned(),
        );
    }
    reached
}

/// Types that already have `Default` (derived or implemented).
fn with_default(items: &[Item]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for item in items {
        match item {
            Item::Impl(item)
                if item.trait_.as_ref().is_some_and(|(path, _)| {
                    path.segments
                        .last()
                        .is_some_and(|segment| segment.ident == "Default")
                }) =>
            {
                if let Some(name) = single_ident(&item.self_ty) {
                    found.insert(name);
                }
            }
            Item::Struct(item) if derives_of(&item.attrs).contains("Default") => {
                found.insert(item.ident.to_string());
            }
            Item::Enum(item) if derives_of(&item.attrs).contains("Default") => {
                found.insert(item.ident.to_string());
            }
            _ => {}
        }
    }
    found
}

fn constructors(items: &mut Vec<Item>) {
    let inputs = input_types(items);
    let mut defaulted = with_default(items);
    let mut added = Vec::new();
    for item in items.iter() {
        let Item::Struct(item) = item else { continue };
        let Fields::Named(fields) = &item.fields else {
            continue;
        };
        let name = &item.ident;
        let mut required = Vec::new();
        let mut initializers = Vec::new();
        let mut setters = Vec::new();
        let mut setter_names = BTreeSet::new();
        for field in &fields.named {
            let Some(ident) = &field.ident else { continue };
            let ty = &field.ty;
            let plain = ident.to_string().trim_start_matches("r#").to_string();
            let key = json_name(field).unwrap_or_else(|| plain.clone());
            match default_of(field) {
                None => {
                    let (parameter, value) = parameter(ty, ident);
                    required.push(quote!(#ident: #parameter));
                    initializers.push(quote!(#ident: #value));
                }
                Some(initial) => {
                    initializers.push(quote!(#ident: #initial));
                    let flattened = field.attrs.iter().any(|attribute| {
                        serde_args(attribute).is_some_and(|args| {
                            args.iter().any(|meta| meta.path().is_ident("flatten"))
                        })
                    });
                    if flattened {
                        continue;
                    }
                    // `_2nd` gives `with_2nd` (snake case), numbered if that is taken.
                    let base = match plain.trim_start_matches('_') {
                        "" => "with_field".to_string(),
                        rest => format!("with_{rest}"),
                    };
                    let mut name = base.clone();
                    let mut number = 2;
                    while !setter_names.insert(name.clone()) {
                        name = format!("{base}_{number}");
                        number += 1;
                    }
                    let setter = Ident::new(&name, Span::call_site());
                    let value = Ident::new("value", Span::call_site());
                    let doc = doc_safe(&format!(" Sets `{key}`.")).into_owned();
                    let (parameter, set) = match option_inner(ty) {
                        Some(inner) => {
                            let (parameter, value) = parameter(inner, &value);
                            (parameter, quote!(::std::option::Option::Some(#value)))
                        }
                        None => parameter(ty, &value),
                    };
                    setters.push(quote! {
                        #[doc = #doc]
                        #[must_use]
                        pub fn #setter(mut self, #value: #parameter) -> Self {
                            self.#ident = #set;
                            self
                        }
                    });
                }
            }
        }
        if required.is_empty() && defaulted.insert(name.to_string()) {
            added.push(syn::parse_quote! {
                impl ::std::default::Default for #name {
                    fn default() -> Self {
                        Self { #(#initializers,)* }
                    }
                }
            });
        }
        if inputs.contains(&name.to_string()) {
            let doc = if required.is_empty() {
                " A value with every field unset (or at its schema's `default`); the `with_*` \
                 methods set the others."
            } else {
                " A value with the required fields, in schema order; the `with_*` methods set \
                 the optional ones."
            };
            added.push(syn::parse_quote! {
                impl #name {
                    #[doc = #doc]
                    #[must_use]
                    pub fn new(#(#required),*) -> Self {
                        Self { #(#initializers,)* }
                    }
                    #(#setters)*
                }
            });
        }
    }
    items.extend(added);
}

// ---- derives ----------------------------------------------------------------------------

fn derives_of(attrs: &[Attribute]) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    for attribute in attrs {
        if !attribute.path().is_ident("derive") {
            continue;
        }
        if let Ok(paths) =
            attribute.parse_args_with(Punctuated::<syn::Path, Token![,]>::parse_terminated)
        {
            for path in paths {
                if let Some(segment) = path.segments.last() {
                    found.insert(segment.ident.to_string());
                }
            }
        }
    }
    found
}

/// What a type holds that rules derives out, with where (for messages).
#[derive(Debug, Clone, Default)]
struct Holds {
    /// `f32`/`f64`: no `Eq`, `Hash`, `Ord`.
    float: Option<String>,
    /// `serde_json::Value` or `Map`: no `Eq`, `Hash`, `PartialOrd`, `Ord`.
    value: Option<String>,
    /// Something that is not `Copy`.
    not_copy: Option<String>,
}

/// What `ty` holds by itself (generated types it names are looked up in `known`).
fn holds_of(ty: &syn::Type, known: &BTreeMap<String, Holds>, at: &str, into: &mut Holds) {
    struct Atoms<'a> {
        known: &'a BTreeMap<String, Holds>,
        at: &'a str,
        into: &'a mut Holds,
    }
    impl Visit<'_> for Atoms<'_> {
        fn visit_type_path(&mut self, path: &syn::TypePath) {
            let segments: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|segment| segment.ident.to_string())
                .collect();
            let last = segments.last().map_or("", String::as_str);
            let at = self.at.to_string();
            match last {
                "f32" | "f64" => {
                    self.into
                        .float
                        .get_or_insert_with(|| format!("an `{last}`, in {at}"));
                }
                "Value" | "Map" if segments.iter().any(|segment| segment == "serde_json") => {
                    self.into
                        .value
                        .get_or_insert_with(|| format!("a `serde_json::{last}`, in {at}"));
                    self.into
                        .not_copy
                        .get_or_insert_with(|| format!("a `serde_json::{last}`, in {at}"));
                }
                "String" | "Vec" | "BTreeMap" | "HashMap" | "Box" | "Url" => {
                    self.into
                        .not_copy
                        .get_or_insert_with(|| format!("a `{last}`, in {at}"));
                }
                "Option" | "i8" | "i16" | "i32" | "i64" | "i128" | "u8" | "u16" | "u32" | "u64"
                | "u128" | "isize" | "usize" | "bool" | "char" | "NonZeroU64" | "NonZeroI64"
                | "DateTime" | "FixedOffset" | "NaiveDate" | "OffsetDateTime" | "Date" | "Uuid" => {
                }
                name => match self.known.get(name) {
                    Some(held) if segments.len() == 1 => {
                        if self.into.float.is_none() {
                            self.into.float.clone_from(&held.float);
                        }
                        if self.into.value.is_none() {
                            self.into.value.clone_from(&held.value);
                        }
                        if self.into.not_copy.is_none() {
                            self.into.not_copy.clone_from(&held.not_copy);
                        }
                    }
                    // The user's own types (and paths this pass does not know): taken to have
                    // what is asked for, but not `Copy`.
                    _ => {
                        self.into
                            .not_copy
                            .get_or_insert_with(|| format!("`{name}`, in {at}"));
                    }
                },
            }
            syn::visit::visit_type_path(self, path);
        }
    }
    Atoms { known, at, into }.visit_type(ty);
}

/// What every type holds, through the types it names (a fixed point: types may recurse).
fn holdings(items: &[Item]) -> BTreeMap<String, Holds> {
    let mut fields: BTreeMap<String, Vec<(String, &syn::Type)>> = BTreeMap::new();
    for item in items {
        match item {
            Item::Struct(item) => {
                let name = item.ident.to_string();
                let list = item
                    .fields
                    .iter()
                    .enumerate()
                    .map(|(index, field)| {
                        let field_name = field.ident.as_ref().map_or(index.to_string(), |ident| {
                            ident.to_string().trim_start_matches("r#").to_string()
                        });
                        (format!("`{name}.{field_name}`"), &field.ty)
                    })
                    .collect();
                fields.insert(name, list);
            }
            Item::Enum(item) => {
                let name = item.ident.to_string();
                let list = item
                    .variants
                    .iter()
                    .flat_map(|variant| {
                        let at = format!("`{name}::{}`", variant.ident);
                        variant
                            .fields
                            .iter()
                            .map(move |field| (at.clone(), &field.ty))
                    })
                    .collect();
                fields.insert(name, list);
            }
            Item::Type(item) => {
                let name = item.ident.to_string();
                fields.insert(name.clone(), vec![(format!("`{name}`"), &*item.ty)]);
            }
            _ => {}
        }
    }
    let mut known: BTreeMap<String, Holds> = fields
        .keys()
        .map(|name| (name.clone(), Holds::default()))
        .collect();
    // Each round can only add; the number of facts bounds the rounds.
    for _ in 0..=3 * fields.len() {
        let mut changed = false;
        for (name, list) in &fields {
            let mut holds = known.get(name).cloned().unwrap_or_default();
            for (at, ty) in list {
                holds_of(ty, &known, at, &mut holds);
            }
            let before = &known[name];
            if holds.float.is_some() != before.float.is_some()
                || holds.value.is_some() != before.value.is_some()
                || holds.not_copy.is_some() != before.not_copy.is_some()
            {
                changed = true;
                known.insert(name.clone(), holds);
            }
        }
        if !changed {
            break;
        }
    }
    known
}

/// Why `derive` cannot apply to a type that holds `holds`, or `None` when it can.
fn ruled_out(derive: &str, holds: &Holds, has_default: bool) -> Option<String> {
    match derive {
        "Eq" | "Hash" | "Ord" => holds.float.clone().or_else(|| holds.value.clone()),
        "PartialOrd" => holds.value.clone(),
        "Copy" => holds.not_copy.clone(),
        "Default" => (!has_default).then(|| "required fields".to_string()),
        _ => None,
    }
}

/// The derives `derive` needs with it.
fn with_supertraits(derive: &str) -> &'static [&'static str] {
    match derive {
        "Ord" => &["Eq", "PartialOrd", "Ord"],
        "Eq" => &["Eq"],
        "Hash" => &["Hash"],
        "PartialOrd" => &["PartialOrd"],
        "Copy" => &["Copy"],
        _ => &[],
    }
}

fn derives(items: &mut [Item], plan: &Plan, problems: &mut Problems) {
    let custom = &plan.custom;
    if custom.derives.is_empty() && custom.type_derives.is_empty() {
        return;
    }
    let holdings = holdings(items);
    let defaulted = with_default(items);
    for item in items.iter_mut() {
        let (name, attrs) = match item {
            Item::Struct(item) => (item.ident.to_string(), &mut item.attrs),
            Item::Enum(item) => (item.ident.to_string(), &mut item.attrs),
            _ => continue,
        };
        let holds = holdings.get(&name).cloned().unwrap_or_default();
        let present = derives_of(attrs);
        let mut add: Vec<syn::Path> = Vec::new();
        let mut left_out: Vec<(String, String)> = Vec::new();
        let per_type = custom
            .type_derives
            .get(&name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let asked = custom
            .derives
            .iter()
            .map(|derive| (derive, false))
            .chain(per_type.iter().map(|derive| (derive, true)));
        for (Derive { path, origin }, explicit) in asked {
            let is_std = path.segments.len() == 1 && path.leading_colon.is_none();
            let short = path
                .segments
                .last()
                .map(|segment| segment.ident.to_string())
                .unwrap_or_default();
            if !is_std {
                let text = path.to_token_stream().to_string();
                if !add
                    .iter()
                    .any(|added| added.to_token_stream().to_string() == text)
                {
                    add.push(path.clone());
                }
                continue;
            }
            if let Some(reason) = ruled_out(&short, &holds, defaulted.contains(&name)) {
                let reason = if short == "Default" {
                    format!("it has {reason}")
                } else {
                    format!("it holds {reason}")
                };
                if explicit {
                    problems.push(problem(
                        origin,
                        format!("`derives`: `{short}` cannot apply to `{name}`: {reason}"),
                    ));
                } else if !left_out.iter().any(|(derive, _)| *derive == short) {
                    left_out.push((short, reason));
                }
                continue;
            }
            for needed in with_supertraits(&short) {
                if !present.contains(*needed) && !add.iter().any(|added| added.is_ident(needed)) {
                    add.push(syn::Path::from(Ident::new(needed, Span::call_site())));
                }
            }
        }
        if !add.is_empty() {
            let at = attrs
                .iter()
                .position(|attribute| attribute.path().is_ident("derive"))
                .map_or(attrs.len(), |index| index + 1);
            attrs.insert(at, syn::parse_quote!(#[derive(#(#add),*)]));
        }
        if !left_out.is_empty() {
            // One reason rules several derives out: `Eq`, `Hash` (it holds ...).
            let mut by_reason: Vec<(String, Vec<String>)> = Vec::new();
            for (derive, reason) in left_out {
                match by_reason.iter_mut().find(|(known, _)| *known == reason) {
                    Some((_, derives)) => derives.push(format!("`{derive}`")),
                    None => by_reason.push((reason, vec![format!("`{derive}`")])),
                }
            }
            let list: Vec<String> = by_reason
                .iter()
                .map(|(reason, derives)| format!("{} ({reason})", derives.join(", ")))
                .collect();
            let line = doc_safe(&format!(" Not derived: {}.", list.join(", "))).into_owned();
            let at = attrs
                .iter()
                .rposition(|attribute| attribute.path().is_ident("doc"))
                .map_or(0, |index| index + 1);
            attrs.insert(at, syn::parse_quote!(#[doc = #line]));
            attrs.insert(at, syn::parse_quote!(#[doc = ""]));
        }
    }
}

// ---- helpers ----------------------------------------------------------------------------

/// The arguments of a `#[serde(...)]` attribute (`None` for other attributes).
fn serde_args(attribute: &Attribute) -> Option<Punctuated<Meta, Token![,]>> {
    if !attribute.path().is_ident("serde") {
        return None;
    }
    super::fixup::serde_args(attribute)
}
