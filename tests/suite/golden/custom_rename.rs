// @generated from tests/suite/schemas/custom-rename.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod custom_rename {
    //! Generated types named by the user: the `rename` option, by pointer and by name.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "text": "It rained."
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "kind": "news",
    //!   "entities": [
    //!     {
    //!       "name": "rain"
    //!     }
    //!   ]
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Entity`] — `/result/properties/entities/items`
    //! - [`Category`] — `/result/properties/kind`
    //! - [`CustomRename`]: the workflow itself, for `Client::run`
    /// `Entity`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Entity {
        pub name: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Entity);
    /// What the `custom-rename` workflow takes.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Input {
        pub text: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `custom-rename` workflow answers.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Output {
        pub kind: Category,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub entities: ::std::option::Option<::std::vec::Vec<Entity>>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// Error types.
    #[doc(hidden)]
    pub mod error {
        /// Error from a `TryFrom` or `FromStr` implementation.
        pub struct ConversionError(::std::borrow::Cow<'static, str>);
        impl ::std::error::Error for ConversionError {}
        impl ::std::fmt::Display for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }
        impl ::std::fmt::Debug for ConversionError {
            fn fmt(
                &self,
                f: &mut ::std::fmt::Formatter<'_>,
            ) -> Result<(), ::std::fmt::Error> {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
        }
        impl From<&'static str> for ConversionError {
            fn from(value: &'static str) -> Self {
                Self(value.into())
            }
        }
        impl From<String> for ConversionError {
            fn from(value: String) -> Self {
                Self(value.into())
            }
        }
    }
    /// One of `"news"`, `"opinion"`.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Copy,
        Debug,
        Eq,
        Hash,
        Ord,
        PartialEq,
        PartialOrd
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    pub enum Category {
        ///`news`
        #[serde(rename = "news")]
        News,
        ///`opinion`
        #[serde(rename = "opinion")]
        Opinion,
    }
    impl Category {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::News, Self::Opinion];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::News => "news",
                Self::Opinion => "opinion",
            }
        }
    }
    impl ::std::fmt::Display for Category {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Category {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "news" => ::std::result::Result::Ok(Self::News),
                "opinion" => ::std::result::Result::Ok(Self::Opinion),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"news\", \"opinion\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Category {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(text: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                text: ::std::convert::Into::into(text),
            }
        }
    }
    /// The `custom-rename` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CustomRename;
    impl ::workflow_runtime::Workflow for CustomRename {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "custom-rename";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_custom_rename",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"kind\"],\"properties\":{\"kind\":{\"enum\":[\"news\",\"opinion\"]},\"entities\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"name\"],\"properties\":{\"name\":{\"type\":\"string\"}}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_custom_rename`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_custom_rename",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"text\":\"It rained.\"}",
            "{\"kind\":\"news\",\"entities\":[{\"name\":\"rain\"}]}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(CustomRename, "custom-rename");
}
