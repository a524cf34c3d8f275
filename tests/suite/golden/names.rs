// @generated from tests/suite/schemas/names.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod odd_names_v2 {
    //! Typed client for the `odd-names v2` workflow.
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
    //! - [`BoxType`] — `/$defs/Box`
    //! - [`InputType`] — `/$defs/Input`
    //! - [`OptionType`] — `/$defs/Option`
    //! - [`ResultType`] — `/$defs/Result`
    //! - [`StringType`] — `/$defs/String`
    //! - [`VecType`] — `/$defs/Vec`
    //! - [`OddNamesV2Type`] — `/result/properties/collide`
    //! - [`OutputType`] — `/result/properties/titled`
    //! - [`OddNamesV2`]: the workflow itself, for `Client::run`
    /// `BoxType`
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
    pub struct BoxType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub b: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(BoxType);
    /// What the `odd-names v2` workflow takes.
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
    pub struct Input {
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "match",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub match_: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// `InputType`
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
    pub struct InputType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub a: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(InputType);
    /// OddNamesV2
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
    pub struct OddNamesV2Type {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub y: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(OddNamesV2Type);
    /// `OptionType`
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
    pub struct OptionType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub o: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(OptionType);
    /// What the `odd-names v2` workflow answers.
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
        #[serde(
            rename = "camelCase",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub camel_case_2: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub camel_case: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "CamelCase",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub camel_case_3: ::std::option::Option<::std::string::String>,
        #[serde(rename = "self", skip_serializing_if = "::std::option::Option::is_none")]
        pub self_: ::std::option::Option<::std::string::String>,
        #[serde(rename = "Self", skip_serializing_if = "::std::option::Option::is_none")]
        pub self_2: ::std::option::Option<::std::string::String>,
        #[serde(rename = "", skip_serializing_if = "::std::option::Option::is_none")]
        pub field: ::std::option::Option<::std::string::String>,
        #[serde(rename = "_", skip_serializing_if = "::std::option::Option::is_none")]
        pub field_2: ::std::option::Option<::std::string::String>,
        #[serde(rename = "-", skip_serializing_if = "::std::option::Option::is_none")]
        pub field_3: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "2nd place",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub _2nd_place: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "2nd_place",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub _2nd_place_2: ::std::option::Option<::std::string::String>,
        #[serde(rename = "type", skip_serializing_if = "::std::option::Option::is_none")]
        pub type_: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "crate",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub crate_: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "super",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub super_: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "async",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub async_: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "ünïcödé",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub unicode: ::std::option::Option<::std::string::String>,
        #[serde(
            rename = "日本語",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub ri_ben_yu: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub extra: ::std::option::Option<::std::string::String>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub input: ::std::option::Option<InputType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub result: ::std::option::Option<ResultType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub option: ::std::option::Option<OptionType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub string: ::std::option::Option<StringType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub boxed: ::std::option::Option<BoxType>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub vec: ::std::option::Option<VecType>,
        /// Output
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub titled: ::std::option::Option<OutputType>,
        /// OddNamesV2
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub collide: ::std::option::Option<OddNamesV2Type>,
        #[serde(flatten)]
        pub extra_2: ::std::collections::BTreeMap<::std::string::String, i64>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// Output
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
    pub struct OutputType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub x: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(OutputType);
    /// `StringType`
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
    pub struct StringType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub s: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(StringType);
    /// `VecType`
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
    pub struct VecType {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub v: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(VecType);
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
    /// One of `"ok"`, `"err"`.
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
    pub enum ResultType {
        ///`ok`
        #[serde(rename = "ok")]
        Ok,
        ///`err`
        #[serde(rename = "err")]
        Err,
    }
    impl ResultType {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Ok, Self::Err];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Ok => "ok",
                Self::Err => "err",
            }
        }
    }
    impl ::std::fmt::Display for ResultType {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for ResultType {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "ok" => ::std::result::Result::Ok(Self::Ok),
                "err" => ::std::result::Result::Ok(Self::Err),
                _ => ::std::result::Result::Err("expected one of \"ok\", \"err\"".into()),
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for ResultType {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    impl Input {
        /// A value with every field unset (or at its schema's `default`); the `with_*` methods set the others.
        #[must_use]
        pub fn new() -> Self {
            Self {
                type_: ::std::option::Option::None,
                match_: ::std::option::Option::None,
            }
        }
        /// Sets `type`.
        #[must_use]
        pub fn with_type_(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.type_ = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
        /// Sets `match`.
        #[must_use]
        pub fn with_match_(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.match_ = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
    }
    impl ::std::default::Default for Output {
        fn default() -> Self {
            Self {
                camel_case_2: ::std::option::Option::None,
                camel_case: ::std::option::Option::None,
                camel_case_3: ::std::option::Option::None,
                self_: ::std::option::Option::None,
                self_2: ::std::option::Option::None,
                field: ::std::option::Option::None,
                field_2: ::std::option::Option::None,
                field_3: ::std::option::Option::None,
                _2nd_place: ::std::option::Option::None,
                _2nd_place_2: ::std::option::Option::None,
                type_: ::std::option::Option::None,
                crate_: ::std::option::Option::None,
                super_: ::std::option::Option::None,
                async_: ::std::option::Option::None,
                unicode: ::std::option::Option::None,
                ri_ben_yu: ::std::option::Option::None,
                extra: ::std::option::Option::None,
                input: ::std::option::Option::None,
                result: ::std::option::Option::None,
                option: ::std::option::Option::None,
                string: ::std::option::Option::None,
                boxed: ::std::option::Option::None,
                vec: ::std::option::Option::None,
                titled: ::std::option::Option::None,
                collide: ::std::option::Option::None,
                extra_2: ::std::default::Default::default(),
            }
        }
    }
    /// The `odd-names v2` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct OddNamesV2;
    impl ::workflow_runtime::Workflow for OddNamesV2 {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "odd-names v2";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"type\":{\"type\":\"string\"},\"match\":{\"type\":\"string\"}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"camelCase\":{\"type\":\"string\"},\"camel_case\":{\"type\":\"string\"},\"CamelCase\":{\"type\":\"string\"},\"self\":{\"type\":\"string\"},\"Self\":{\"type\":\"string\"},\"\":{\"type\":\"string\"},\"_\":{\"type\":\"string\"},\"-\":{\"type\":\"string\"},\"2nd place\":{\"type\":\"string\"},\"2nd_place\":{\"type\":\"string\"},\"type\":{\"type\":\"string\"},\"crate\":{\"type\":\"string\"},\"super\":{\"type\":\"string\"},\"async\":{\"type\":\"string\"},\"ünïcödé\":{\"type\":\"string\"},\"日本語\":{\"type\":\"string\"},\"extra\":{\"type\":\"string\"},\"input\":{\"$ref\":\"#/$defs/Input\"},\"result\":{\"$ref\":\"#/$defs/Result\"},\"option\":{\"$ref\":\"#/$defs/Option\"},\"string\":{\"$ref\":\"#/$defs/String\"},\"boxed\":{\"$ref\":\"#/$defs/Box\"},\"vec\":{\"$ref\":\"#/$defs/Vec\"},\"titled\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"integer\"}}},\"collide\":{\"type\":\"object\",\"properties\":{\"y\":{\"type\":\"integer\"}}}},\"additionalProperties\":{\"type\":\"integer\"},\"$defs\":{\"Vec\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\"}}},\"Box\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"integer\"}}},\"String\":{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"}}},\"Option\":{\"type\":\"object\",\"properties\":{\"o\":{\"type\":\"integer\"}}},\"Result\":{\"type\":\"string\",\"enum\":[\"ok\",\"err\"]},\"Input\":{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"integer\"}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"type\":\"t\",\"match\":\"m\"}",
            "{\"camelCase\":\"1\",\"camel_case\":\"2\",\"CamelCase\":\"3\",\"self\":\"4\",\"Self\":\"5\",\"\":\"6\",\"_\":\"7\",\"-\":\"8\",\"2nd place\":\"9\",\"2nd_place\":\"10\",\"type\":\"11\",\"crate\":\"12\",\"super\":\"13\",\"async\":\"14\",\"ünïcödé\":\"15\",\"日本語\":\"16\",\"extra\":\"17\",\"input\":{\"a\":1},\"result\":\"ok\",\"option\":{\"o\":1},\"string\":{\"s\":\"s\"},\"boxed\":{\"b\":1},\"vec\":{\"v\":1},\"titled\":{\"x\":1},\"collide\":{\"y\":2},\"unknown_member\":42}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(OddNamesV2, "odd-names v2");
}
