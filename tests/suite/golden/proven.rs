// @generated from tests/suite/schemas/proven.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod proven {
    //! An input schema that the generated types enforce whole: runs carry no input check.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Section`] — `/input/$defs/Section`
    //! - [`Tone`] — `/input/properties/tone`
    //! - [`Proven`]: the workflow itself, for `Client::run`
    /// What the `proven` workflow takes.
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
        /// What to write about.
        pub topic: ::std::string::String,
        pub tone: Tone,
        pub sections: ::std::vec::Vec<Section>,
        /// Defaults to `null`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub limit: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub draft: ::std::option::Option<bool>,
        /// Constraints: format `hostname` (an annotation, not checked).
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub slug: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `proven` workflow answers.
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
        pub text: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Section`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Section {
        pub title: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub weight: ::std::option::Option<f64>,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<Section>>,
    }
    ::workflow_runtime::__private::object_serde!(Section);
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
    /// One of `"plain"`, `"formal"`.
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
    pub enum Tone {
        ///`plain`
        #[serde(rename = "plain")]
        Plain,
        ///`formal`
        #[serde(rename = "formal")]
        Formal,
    }
    impl Tone {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Plain, Self::Formal];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Plain => "plain",
                Self::Formal => "formal",
            }
        }
    }
    impl ::std::fmt::Display for Tone {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Tone {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "plain" => ::std::result::Result::Ok(Self::Plain),
                "formal" => ::std::result::Result::Ok(Self::Formal),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"plain\", \"formal\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Tone {
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
        pub fn new(
            topic: impl ::std::convert::Into<::std::string::String>,
            tone: Tone,
            sections: ::std::vec::Vec<Section>,
        ) -> Self {
            Self {
                topic: ::std::convert::Into::into(topic),
                tone: tone,
                sections: sections,
                limit: ::std::option::Option::None,
                draft: ::std::option::Option::None,
                slug: ::std::option::Option::None,
            }
        }
        /// Sets `limit`.
        #[must_use]
        pub fn with_limit(mut self, value: i64) -> Self {
            self.limit = ::std::option::Option::Some(value);
            self
        }
        /// Sets `draft`.
        #[must_use]
        pub fn with_draft(mut self, value: bool) -> Self {
            self.draft = ::std::option::Option::Some(value);
            self
        }
        /// Sets `slug`.
        #[must_use]
        pub fn with_slug(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.slug = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
    }
    impl Section {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(title: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                title: ::std::convert::Into::into(title),
                weight: ::std::option::Option::None,
                children: ::std::default::Default::default(),
            }
        }
        /// Sets `weight`.
        #[must_use]
        pub fn with_weight(mut self, value: f64) -> Self {
            self.weight = ::std::option::Option::Some(value);
            self
        }
        /// Sets `children`.
        #[must_use]
        pub fn with_children(mut self, value: ::std::vec::Vec<Section>) -> Self {
            self.children = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `proven` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct Proven;
    impl ::workflow_runtime::Workflow for Proven {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "proven";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_proven",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"topic\",\"tone\",\"sections\"],\"additionalProperties\":false,\"properties\":{\"topic\":{\"type\":\"string\"},\"tone\":{\"enum\":[\"plain\",\"formal\"]},\"sections\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Section\"}},\"limit\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"null\"}],\"default\":null},\"draft\":{\"type\":\"boolean\"},\"slug\":{\"type\":\"string\",\"format\":\"hostname\"}},\"$defs\":{\"Section\":{\"type\":\"object\",\"required\":[\"title\"],\"properties\":{\"title\":{\"type\":\"string\"},\"weight\":{\"type\":\"number\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Section\"}}}}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_proven`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_proven",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[];
    ::workflow_runtime::__private::workflow_fns!(Proven, "proven");
}
