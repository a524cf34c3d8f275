//! The string enums the plan made, each with `ALL`, `as_str`, `Display` and `FromStr`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::Ident;

use crate::plan::EnumPlan;

use super::PRIVATE;
use super::docs::{code_span, doc_lines, doc_safe, sanitize_doc};

pub(super) fn emit_enum(plan: &EnumPlan) -> TokenStream {
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
