// @generated from tests/suite/schemas/coverage.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod coverage {
    //! Every construct a workflow author writes, with examples that must round-trip.
    //!
    //! A fenced block that is not Rust must not become a doctest:
    //!
    //! ```text
    //! this is not rust at all
    //! ```
    //!
    //! Nor an indented one:
    //!
    //! ```text
    //! neither is this
    //! ```
    //!
    //! Links like \[this\] and \<tags\> and <https://example.com> stay text.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! The workflow file's example runs are in [`EXAMPLES`].
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Leaf`] — `/$defs/Leaf`
    //! - [`Tree`] — `/definitions/Tree`
    //! - [`Mode`] — `/input/properties/mode`
    //! - [`Empty`] — `/result/properties/empty`
    //! - [`IdOrName`] — `/result/properties/id_or_name`
    //! - [`Kind`] — `/result/properties/kind`
    //! - [`Merged`] — `/result/properties/merged`
    //! - [`Nested`] — `/result/properties/nested`
    //! - [`Deeper`] — `/result/properties/nested/properties/deeper`
    //! - [`Partial`] — `/result/properties/partial`
    //! - [`Shape`] — `/result/properties/shape`
    //! - [`Version`] — `/result/properties/version`
    //! - [`Coverage`]: the workflow itself, for `Client::run`
    /// `Deeper`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Deeper {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub note: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Deeper);
    /// `Empty`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Empty {}
    ::workflow_runtime::__private::object_serde!(Empty);
    /// `IdOrName`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(untagged)]
    pub enum IdOrName {
        Integer(i64),
        String(::std::string::String),
    }
    impl ::std::fmt::Display for IdOrName {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            match self {
                Self::Integer(x) => x.fmt(f),
                Self::String(x) => x.fmt(f),
            }
        }
    }
    impl ::std::convert::From<i64> for IdOrName {
        fn from(value: i64) -> Self {
            Self::Integer(value)
        }
    }
    /// What the `coverage` workflow takes.
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
        /// Constraints: 1 to 100 characters.
        pub text: ::std::string::String,
        /// Defaults to `10`.
        ///
        /// Constraints: at least 1, at most 50.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub limit: ::std::option::Option<u64>,
        /// Constraints: each item: pattern `^[a-z]+$`.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub mode: ::std::option::Option<Mode>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// Leaf
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Leaf {
        /// Name
        pub name: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Leaf);
    /// Leaf
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Merged {
        /// Name
        pub name: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub weight: ::std::option::Option<f64>,
    }
    ::workflow_runtime::__private::object_serde!(Merged);
    /// `Nested`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Nested {
        pub level: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub deeper: ::std::option::Option<Deeper>,
    }
    ::workflow_runtime::__private::object_serde!(Nested);
    /// What the `coverage` workflow answers.
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
        /// Constraints: format `uuid`.
        pub id: ::std::string::String,
        /// Constraints: format `date-time`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub created: ::std::option::Option<::std::string::String>,
        /// Constraints: format `date`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub day: ::std::option::Option<::std::string::String>,
        /// Constraints: format `uri`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub site: ::std::option::Option<::std::string::String>,
        /// Constraints: format `email`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub mail: ::std::option::Option<::std::string::String>,
        /// Constraints: at least 0.
        pub count: u64,
        /** How sure.

 ```text
 let broken = ;
 ```*/
        ///
        /// Constraints: at least 0, at most 1.
        pub ratio: f64,
        pub ok: bool,
        pub kind: Kind,
        /// Constraints: format `int64` (an annotation, not checked).
        pub big: i64,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub maybe: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub maybe_ref: ::std::option::Option<Leaf>,
        pub nested: Nested,
        pub items: ::std::vec::Vec<Leaf>,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub scores: ::std::option::Option<
            ::std::collections::BTreeMap<::std::string::String, f64>,
        >,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub by_prefix: ::std::option::Option<
            ::workflow_runtime::__private::serde_json::Map<
                ::std::string::String,
                ::workflow_runtime::__private::serde_json::Value,
            >,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub anything: ::std::option::Option<
            ::workflow_runtime::__private::serde_json::Value,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub also_anything: ::std::option::Option<
            ::workflow_runtime::__private::serde_json::Value,
        >,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub tree: ::std::option::Option<Tree>,
        pub shape: Shape,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub id_or_name: ::std::option::Option<IdOrName>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub partial: ::std::option::Option<Partial>,
        /// Leaf
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub merged: ::std::option::Option<Merged>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub version: ::std::option::Option<Version>,
        /// Defaults to `3`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub level: ::std::option::Option<i64>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub empty: ::std::option::Option<Empty>,
        /// Constraints: at least 2 items.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub pair: ::std::option::Option<(::std::string::String, i64)>,
        /// A documented reference.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub pydantic: ::std::option::Option<Leaf>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Partial`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Partial {
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub a: ::std::option::Option<::std::string::String>,
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub b: ::std::option::Option<i64>,
        /// Members that a field is declared for but whose value does not fit its type, kept
        /// as they came (the schema allows them where an alternative that leaves them open
        /// applies) and written back after the fields; a field holding a value wins.
        #[serde(flatten, skip_deserializing)]
        pub unfit: ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Partial, unfit = unfit);
    /// `Shape`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    #[serde(tag = "type")]
    pub enum Shape {
        #[serde(rename = "circle")]
        Circle { radius: f64 },
        #[serde(rename = "rect")]
        Rect { width: f64, height: f64 },
    }
    ::workflow_runtime::__private::object_serde!(Shape);
    /// `Tree`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        Default,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Tree {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub value: ::std::option::Option<i64>,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<Tree>>,
    }
    ::workflow_runtime::__private::object_serde!(Tree);
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
    /// One of `"fast"`, `"thorough"`.
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
    pub enum Mode {
        ///`fast`
        #[serde(rename = "fast")]
        Fast,
        ///`thorough`
        #[serde(rename = "thorough")]
        Thorough,
    }
    impl Mode {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Fast, Self::Thorough];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Fast => "fast",
                Self::Thorough => "thorough",
            }
        }
    }
    impl ::std::fmt::Display for Mode {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Mode {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "fast" => ::std::result::Result::Ok(Self::Fast),
                "thorough" => ::std::result::Result::Ok(Self::Thorough),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"fast\", \"thorough\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Mode {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// One of `"foo"`, `"Foo"`, `"foo-bar"`, `"FOO"`, `"self"`, `"Self"`.
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
    pub enum Kind {
        ///`foo`
        #[serde(rename = "foo")]
        Foo,
        ///`Foo`
        #[serde(rename = "Foo")]
        Foo2,
        ///`foo-bar`
        #[serde(rename = "foo-bar")]
        FooBar,
        ///`FOO`
        #[serde(rename = "FOO")]
        Foo3,
        ///`self`
        #[serde(rename = "self")]
        Self_,
        ///`Self`
        #[serde(rename = "Self")]
        Self2,
    }
    impl Kind {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[
            Self::Foo,
            Self::Foo2,
            Self::FooBar,
            Self::Foo3,
            Self::Self_,
            Self::Self2,
        ];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Foo => "foo",
                Self::Foo2 => "Foo",
                Self::FooBar => "foo-bar",
                Self::Foo3 => "FOO",
                Self::Self_ => "self",
                Self::Self2 => "Self",
            }
        }
    }
    impl ::std::fmt::Display for Kind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Kind {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "foo" => ::std::result::Result::Ok(Self::Foo),
                "Foo" => ::std::result::Result::Ok(Self::Foo2),
                "foo-bar" => ::std::result::Result::Ok(Self::FooBar),
                "FOO" => ::std::result::Result::Ok(Self::Foo3),
                "self" => ::std::result::Result::Ok(Self::Self_),
                "Self" => ::std::result::Result::Ok(Self::Self2),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"foo\", \"Foo\", \"foo-bar\", \"FOO\", \"self\", \"Self\""
                            .into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Kind {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// One of `"v1"`.
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
    pub enum Version {
        ///`v1`
        #[serde(rename = "v1")]
        V1,
    }
    impl Version {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::V1];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::V1 => "v1",
            }
        }
    }
    impl ::std::fmt::Display for Version {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Version {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "v1" => ::std::result::Result::Ok(Self::V1),
                _ => ::std::result::Result::Err("expected one of \"v1\"".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Version {
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
                limit: ::std::option::Option::None,
                tags: ::std::default::Default::default(),
                mode: ::std::option::Option::None,
            }
        }
        /// Sets `limit`.
        #[must_use]
        pub fn with_limit(mut self, value: u64) -> Self {
            self.limit = ::std::option::Option::Some(value);
            self
        }
        /// Sets `tags`.
        #[must_use]
        pub fn with_tags(
            mut self,
            value: ::std::vec::Vec<::std::string::String>,
        ) -> Self {
            self.tags = ::std::option::Option::Some(value);
            self
        }
        /// Sets `mode`.
        #[must_use]
        pub fn with_mode(mut self, value: Mode) -> Self {
            self.mode = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `coverage` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct Coverage;
    impl ::workflow_runtime::Workflow for Coverage {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "coverage";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\",\"minLength\":1,\"maxLength\":100},\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":50,\"default\":10},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"pattern\":\"^[a-z]+$\"}},\"mode\":{\"type\":\"string\",\"enum\":[\"fast\",\"thorough\"]}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"text\":{\"minLength\":1,\"maxLength\":100},\"limit\":{\"minimum\":1,\"maximum\":50},\"tags\":{\"items\":{\"pattern\":\"^[a-z]+$\"}}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"id\",\"count\",\"ratio\",\"ok\",\"kind\",\"big\",\"nested\",\"items\",\"shape\"],\"properties\":{\"id\":{\"type\":\"string\",\"format\":\"uuid\"},\"created\":{\"type\":\"string\",\"format\":\"date-time\"},\"day\":{\"type\":\"string\",\"format\":\"date\"},\"site\":{\"type\":\"string\",\"format\":\"uri\"},\"mail\":{\"type\":\"string\",\"format\":\"email\"},\"count\":{\"type\":\"integer\",\"minimum\":0},\"ratio\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"ok\":{\"type\":\"boolean\"},\"kind\":{\"type\":\"string\",\"enum\":[\"foo\",\"Foo\",\"foo-bar\",\"FOO\",\"self\",\"Self\"]},\"big\":{\"type\":\"integer\",\"format\":\"int64\"},\"maybe\":{\"type\":[\"string\",\"null\"]},\"maybe_ref\":{\"anyOf\":[{\"$ref\":\"#/$defs/Leaf\"},{\"type\":\"null\"}]},\"nested\":{\"type\":\"object\",\"required\":[\"level\"],\"properties\":{\"level\":{\"type\":\"integer\"},\"deeper\":{\"type\":\"object\",\"properties\":{\"note\":{\"type\":\"string\"}}}}},\"items\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Leaf\"}},\"scores\":{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}},\"by_prefix\":{\"type\":\"object\",\"patternProperties\":{\"^x-\":{\"type\":\"string\"}}},\"anything\":{},\"also_anything\":true,\"tree\":{\"$ref\":\"#/$defs/Tree\"},\"shape\":{\"oneOf\":[{\"type\":\"object\",\"required\":[\"type\",\"radius\"],\"properties\":{\"type\":{\"const\":\"circle\"},\"radius\":{\"type\":\"number\"}}},{\"type\":\"object\",\"required\":[\"type\",\"width\",\"height\"],\"properties\":{\"type\":{\"const\":\"rect\"},\"width\":{\"type\":\"number\"},\"height\":{\"type\":\"number\"}}}]},\"id_or_name\":{\"anyOf\":[{\"type\":\"integer\"},{\"type\":\"string\"}]},\"partial\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}}},{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"}}}]},\"merged\":{\"allOf\":[{\"$ref\":\"#/$defs/Leaf\"},{\"type\":\"object\",\"properties\":{\"weight\":{\"type\":\"number\"}}}]},\"version\":{\"const\":\"v1\"},\"level\":{\"type\":\"integer\",\"default\":3},\"empty\":{\"type\":\"object\",\"additionalProperties\":false},\"pair\":{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"},{\"type\":\"integer\"}],\"items\":false,\"minItems\":2},\"pydantic\":{\"allOf\":[{\"$ref\":\"#/$defs/Leaf\"}]}},\"$defs\":{\"Tree\":{\"type\":\"object\",\"properties\":{\"value\":{\"type\":\"integer\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Tree\"}}}},\"Leaf\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"text\":\"hello\",\"limit\":5,\"tags\":[\"a\"],\"mode\":\"fast\"}",
            "{\"id\":\"67e55044-10b1-426f-9247-bb680e5fe0c8\",\"created\":\"2024-01-02T03:04:05.120+02:00\",\"day\":\"2024-01-02\",\"site\":\"https://example.com/a?b=c\",\"mail\":\"ada@example.com\",\"count\":3,\"ratio\":0.25,\"ok\":true,\"kind\":\"Foo\",\"big\":9007199254740993,\"maybe\":null,\"maybe_ref\":{\"name\":\"leaf\"},\"nested\":{\"level\":1,\"deeper\":{\"note\":\"n\"}},\"items\":[{\"name\":\"x\"},{\"name\":\"y\"}],\"scores\":{\"a\":1.5,\"b\":2},\"by_prefix\":{\"x-one\":\"1\",\"other\":2},\"anything\":{\"free\":[1,\"two\",null]},\"also_anything\":7,\"tree\":{\"value\":1,\"children\":[{\"value\":2,\"children\":[]}]},\"shape\":{\"type\":\"rect\",\"width\":2,\"height\":3},\"id_or_name\":\"ada\",\"partial\":{\"a\":\"x\",\"b\":2},\"merged\":{\"name\":\"m\",\"weight\":0.5},\"version\":\"v1\",\"level\":3,\"empty\":{},\"pair\":[\"a\",1],\"pydantic\":{\"name\":\"p\"}}",
        ),
        ::workflow_runtime::Example::new(
            "{\"text\":\"minimal\"}",
            "{\"id\":\"67e55044-10b1-426f-9247-bb680e5fe0c8\",\"count\":0,\"ratio\":1,\"ok\":false,\"kind\":\"foo-bar\",\"big\":-9223372036854775808,\"nested\":{\"level\":0},\"items\":[],\"shape\":{\"type\":\"circle\",\"radius\":1.5},\"id_or_name\":42,\"partial\":{\"b\":1}}",
        ),
        ::workflow_runtime::Example::new(
            "{\"text\":\"kinds\"}",
            "{\"id\":\"x\",\"count\":1,\"ratio\":0,\"ok\":true,\"kind\":\"Self\",\"big\":1,\"nested\":{\"level\":2},\"items\":[],\"shape\":{\"type\":\"circle\",\"radius\":0}}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(Coverage, "coverage");
}
