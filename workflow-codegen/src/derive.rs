//! `#[derive(Workflow)]`: a workflow declared in Rust. The marker names its workflow and its
//! input and output types; the schemas come from schemars at run time (the runtime's
//! `__private::DerivedSchemas`), so the expansion is only the `Workflow` impl.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, LitStr, Type};

/// What `#[workflow(...)]` says.
struct Attributes {
    name: Option<LitStr>,
    deployment_id: Option<LitStr>,
    input: Option<Type>,
    output: Option<Type>,
}

const USAGE: &str = "#[workflow(name = \"car\", deployment_id = \"dep_...\", input = CarInput, output = CarOutput)]";

/// Expands `#[derive(Workflow)]` on `tokens`. Never panics; every problem is a spanned error.
pub fn derive_workflow(tokens: TokenStream) -> syn::Result<TokenStream> {
    let item: DeriveInput = syn::parse2(tokens)?;
    if !item.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &item.generics,
            "#[derive(Workflow)] takes a marker type without generic parameters: each workflow \
             is one type",
        ));
    }
    let mut attributes = Attributes {
        name: None,
        deployment_id: None,
        input: None,
        output: None,
    };
    let mut errors: Option<syn::Error> = None;
    let mut push = |error: syn::Error| match &mut errors {
        Some(first) => first.combine(error),
        None => errors = Some(error),
    };
    let mut seen: Option<&syn::Attribute> = None;
    for attr in item
        .attrs
        .iter()
        .filter(|attr| attr.path().is_ident("workflow"))
    {
        seen = Some(attr);
        let parsed = attr.parse_nested_meta(|meta| {
            let key = meta
                .path
                .get_ident()
                .map(ToString::to_string)
                .unwrap_or_default();
            let twice = || meta.error(format!("`{key}` is given twice"));
            match key.as_str() {
                "name" | "deployment_id" => {
                    let value: LitStr = meta.value()?.parse()?;
                    if value.value().trim().is_empty() {
                        return Err(syn::Error::new(
                            value.span(),
                            format!("`{key}` must not be empty"),
                        ));
                    }
                    let slot = if key == "name" {
                        &mut attributes.name
                    } else {
                        &mut attributes.deployment_id
                    };
                    if slot.is_some() {
                        return Err(twice());
                    }
                    *slot = Some(value);
                }
                "input" | "output" => {
                    let value: Type = meta.value()?.parse()?;
                    let slot = if key == "input" {
                        &mut attributes.input
                    } else {
                        &mut attributes.output
                    };
                    if slot.is_some() {
                        return Err(twice());
                    }
                    *slot = Some(value);
                }
                _ => {
                    return Err(meta.error(format!(
                        "unknown workflow attribute `{key}`: it takes `name`, `deployment_id`, \
                         `input` and `output`: {USAGE}"
                    )));
                }
            }
            Ok(())
        });
        if let Err(error) = parsed {
            push(error);
        }
    }
    if let Some(errors) = errors {
        return Err(errors);
    }
    let ident = &item.ident;
    let missing = |what: &str| {
        let message = format!("#[derive(Workflow)] needs `{what}` in its attribute: {USAGE}");
        match seen {
            Some(attr) => syn::Error::new_spanned(attr, message),
            None => syn::Error::new(ident.span(), message),
        }
    };
    let name = attributes.name.ok_or_else(|| missing("name"))?;
    let input = attributes.input.ok_or_else(|| missing("input"))?;
    let output = attributes.output.ok_or_else(|| missing("output"))?;
    let deployment_id = match &attributes.deployment_id {
        Some(id) => quote!(::std::option::Option::Some(#id)),
        None => quote!(::std::option::Option::None),
    };
    Ok(quote! {
        impl ::workflow_runtime::Workflow for #ident {
            type Input = #input;
            type Output = #output;
            const NAME: &'static str = #name;
            const DEPLOYMENT_ID: ::std::option::Option<&'static str> = #deployment_id;

            fn schemas() -> ::std::result::Result<
                ::workflow_runtime::Schemas,
                ::workflow_runtime::Error,
            > {
                static SCHEMAS: ::workflow_runtime::__private::DerivedSchemas =
                    ::workflow_runtime::__private::DerivedSchemas::new();
                SCHEMAS.get::<Self>()
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(tokens: TokenStream) -> String {
        match derive_workflow(tokens) {
            Ok(expansion) => panic!("expected an error, got {expansion}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn the_impl_names_the_types_and_the_deployment() {
        let expansion = derive_workflow(quote! {
            #[workflow(name = "car", deployment_id = "dep_1", input = CarInput, output = Vec<u8>)]
            struct Car;
        })
        .expect("expands")
        .to_string();
        assert!(expansion.contains("type Input = CarInput"), "{expansion}");
        assert!(
            expansion.contains("type Output = Vec < u8 >"),
            "{expansion}"
        );
        assert!(
            expansion.contains("const NAME : & 'static str = \"car\""),
            "{expansion}"
        );
        assert!(
            expansion.contains(":: std :: option :: Option :: Some (\"dep_1\")"),
            "{expansion}"
        );
    }

    #[test]
    fn a_missing_or_unknown_key_is_named() {
        assert_eq!(
            error_of(quote! {
                #[workflow(name = "car", input = A)]
                struct Car;
            }),
            format!("#[derive(Workflow)] needs `output` in its attribute: {USAGE}")
        );
        assert_eq!(
            error_of(quote! {
                #[workflow(name = "car", inputs = A, output = B)]
                struct Car;
            }),
            format!(
                "unknown workflow attribute `inputs`: it takes `name`, `deployment_id`, `input` \
                 and `output`: {USAGE}"
            )
        );
        assert_eq!(
            error_of(quote! {
                #[workflow(name = "car", name = "bus", input = A, output = B)]
                struct Car;
            }),
            "`name` is given twice"
        );
        assert_eq!(
            error_of(quote! {
                #[workflow(name = "car", input = A, output = B)]
                struct Car<T>(T);
            }),
            "#[derive(Workflow)] takes a marker type without generic parameters: each workflow \
             is one type"
        );
    }
}
