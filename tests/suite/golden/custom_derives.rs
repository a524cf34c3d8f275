// @generated from tests/suite/schemas/custom-derives.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod custom_derives {
    //! Extra derives where they apply: the `derives` option, here from the file's `x-rust` section.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "query": "bike",
    //!   "tags": [
    //!     "used"
    //!   ],
    //!   "size": {
    //!     "width": 3
    //!   }
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "hits": [
    //!     {
    //!       "id": "b-1",
    //!       "score": 0.5
    //!     }
    //!   ],
    //!   "raw": {
    //!     "note": "cheap"
    //!   }
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Size`] — `/input/$defs/Size`
    //! - [`Tag`] — `/input/$defs/Tag`
    //! - [`HitsItem`] — `/result/properties/hits/items`
    //! - [`CustomDerives`]: the workflow itself, for `Client::run`
    /// `HitsItem`
    ///
    /// Not derived: `Eq`, `Hash`, `Ord` (it holds an `f64`, in `HitsItem.score`).
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[derive(PartialOrd)]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct HitsItem {
        pub id: ::std::string::String,
        pub score: f64,
    }
    ::workflow_runtime::__private::object_serde!(HitsItem);
    /// What the `custom-derives` workflow takes.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[derive(Eq, Hash, PartialOrd, Ord)]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Input {
        /// What to look for.
        pub query: ::std::string::String,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<Tag>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub size: ::std::option::Option<Size>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `custom-derives` workflow answers.
    ///
    /// Not derived: `Eq`, `Hash`, `Ord` (it holds an `f64`, in `HitsItem.score`), `PartialOrd` (it holds a `serde_json::Value`, in `Output.raw`).
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
        pub hits: ::std::vec::Vec<HitsItem>,
        /// Anything the model adds.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub raw: ::std::option::Option<::workflow_runtime::__private::serde_json::Value>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Size`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq
    )]
    #[derive(Eq, Hash, PartialOrd, Ord, Copy)]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Size {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub width: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub height: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(Size);
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
    /// One of `"new"`, `"used"`.
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
    pub enum Tag {
        ///`new`
        #[serde(rename = "new")]
        New,
        ///`used`
        #[serde(rename = "used")]
        Used,
    }
    impl Tag {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::New, Self::Used];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::New => "new",
                Self::Used => "used",
            }
        }
    }
    impl ::std::fmt::Display for Tag {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Tag {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "new" => ::std::result::Result::Ok(Self::New),
                "used" => ::std::result::Result::Ok(Self::Used),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"new\", \"used\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Tag {
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
        pub fn new(query: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                query: ::std::convert::Into::into(query),
                tags: ::std::default::Default::default(),
                size: ::std::option::Option::None,
            }
        }
        /// Sets `tags`.
        #[must_use]
        pub fn with_tags(mut self, value: ::std::vec::Vec<Tag>) -> Self {
            self.tags = ::std::option::Option::Some(value);
            self
        }
        /// Sets `size`.
        #[must_use]
        pub fn with_size(mut self, value: Size) -> Self {
            self.size = ::std::option::Option::Some(value);
            self
        }
    }
    impl Size {
        /// A value with every field unset (or at its schema's `default`); the `with_*` methods set the others.
        #[must_use]
        pub fn new() -> Self {
            Self {
                width: ::std::option::Option::None,
                height: ::std::option::Option::None,
            }
        }
        /// Sets `width`.
        #[must_use]
        pub fn with_width(mut self, value: i64) -> Self {
            self.width = ::std::option::Option::Some(value);
            self
        }
        /// Sets `height`.
        #[must_use]
        pub fn with_height(mut self, value: i64) -> Self {
            self.height = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `custom-derives` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CustomDerives;
    impl ::workflow_runtime::Workflow for CustomDerives {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "custom-derives";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_custom_derives",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"query\"],\"properties\":{\"query\":{\"type\":\"string\"},\"tags\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Tag\"}},\"size\":{\"$ref\":\"#/$defs/Size\"}},\"$defs\":{\"Tag\":{\"enum\":[\"new\",\"used\"]},\"Size\":{\"type\":\"object\",\"properties\":{\"width\":{\"type\":\"integer\"},\"height\":{\"type\":\"integer\"}}}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"hits\"],\"properties\":{\"hits\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"id\",\"score\"],\"properties\":{\"id\":{\"type\":\"string\"},\"score\":{\"type\":\"number\"}}}},\"raw\":{}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_custom_derives`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_custom_derives",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"query\":\"bike\",\"tags\":[\"used\"],\"size\":{\"width\":3}}",
            "{\"hits\":[{\"id\":\"b-1\",\"score\":0.5}],\"raw\":{\"note\":\"cheap\"}}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(CustomDerives, "custom-derives");
}
