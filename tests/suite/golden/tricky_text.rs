// @generated from tests/suite/schemas/tricky-text.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod tricky_text {
    //! A workflow whose texts hold everything that can break rustdoc or a literal.
    //! carriage
    //! return, crlf
    //! line, nul\u{0}, esc\u{1b}\[31m, del\u{7f}, bell\u{7}, bom﻿, ls ps , bidi\u{202e}evil\u{202c} \u{2066}iso\u{2069}, */ end, /* start, "quoted", back\slash, \<b\>html\</b\>, \[link\], `tick`, ``` open fence
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "mood": "happy\r",
    //!   "text": "\u{202e}\r"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "answer": "x\r*/\u{202e}"
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Mood`] — `/input/properties/mood`
    //! - [`Answer`] — `/result/properties/answer`
    //! - [`NestedTitle`] — `/result/properties/nested`
    //! - [`TrickyText`]: the workflow itself, for `Client::run`
    #[doc = " carriage\n return, crlf\n line, nul\\u{0}, esc\\u{1b}\\[31m, del\\u{7f}, bell\\u{7}, bom\u{feff}, ls\u{2028}ps\u{2029}, bidi\\u{202e}evil\\u{202c} \\u{2066}iso\\u{2069}, */ end, /* start, \"quoted\", back\\slash, \\<b\\>html\\</b\\>, \\[link\\], `tick`, ``` open fence"]
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
        #[doc = " carriage\n return, crlf\n line, nul\\u{0}, esc\\u{1b}\\[31m, del\\u{7f}, bell\\u{7}, bom\u{feff}, ls\u{2028}ps\u{2029}, bidi\\u{202e}evil\\u{202c} \\u{2066}iso\\u{2069}, */ end, /* start, \"quoted\", back\\slash, \\<b\\>html\\</b\\>, \\[link\\], `tick`, ``` open fence"]
        pub mood: Mood,
        ///
        #[serde(
            rename = "line\rbreak",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub line_break: ::std::option::Option<::std::string::String>,
        /// \u{202e}
        #[serde(
            rename = "\u{202e}name",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub name: ::std::option::Option<::std::string::String>,
        /// Defaults to `"a\rb\u{202e}"`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub text: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /** ```text
 indented
 code\u{202e}
 ```*/
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
    pub struct NestedTitle {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub n: ::std::option::Option<i64>,
    }
    ::workflow_runtime::__private::object_serde!(NestedTitle);
    /// What the `tricky-text` workflow answers.
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
    pub struct Output {
        /** ```text
 let x = 1;
 ```*/
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub answer: ::std::option::Option<Answer>,
        /** ```text
 indented
 code\u{202e}
 ```*/
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub nested: ::std::option::Option<NestedTitle>,
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
    /// carriage
    /// return, crlf
    /// line, nul\u{0}, esc\u{1b}\[31m, del\u{7f}, bell\u{7}, bom﻿, ls ps , bidi\u{202e}evil\u{202c} \u{2066}iso\u{2069}, */ end, /* start, "quoted", back\slash, \<b\>html\</b\>, \[link\], `tick`, ``` open fence
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
    pub enum Mood {
        /**`happy
`*/
        #[serde(rename = "happy\r")]
        Happy,
        ///`` sad` ``
        #[serde(rename = "sad`")]
        Sad,
        ///`*/`
        #[serde(rename = "*/")]
        Type,
        ///`bidi\u{202e}`
        #[serde(rename = "bidi\u{202e}")]
        Bidi,
        ///`nul\u{0}`
        #[serde(rename = "nul\0")]
        Nul,
        ///` `
        #[serde(rename = "\u{2028}")]
        Empty,
    }
    impl Mood {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[
            Self::Happy,
            Self::Sad,
            Self::Type,
            Self::Bidi,
            Self::Nul,
            Self::Empty,
        ];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Happy => "happy\r",
                Self::Sad => "sad`",
                Self::Type => "*/",
                Self::Bidi => "bidi\u{202e}",
                Self::Nul => "nul\0",
                Self::Empty => "\u{2028}",
            }
        }
    }
    impl ::std::fmt::Display for Mood {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Mood {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "happy\r" => ::std::result::Result::Ok(Self::Happy),
                "sad`" => ::std::result::Result::Ok(Self::Sad),
                "*/" => ::std::result::Result::Ok(Self::Type),
                "bidi\u{202e}" => ::std::result::Result::Ok(Self::Bidi),
                "nul\0" => ::std::result::Result::Ok(Self::Nul),
                "\u{2028}" => ::std::result::Result::Ok(Self::Empty),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"happy\\r\", \"sad`\", \"*/\", \"bidi\\u{202e}\", \"nul\\0\", \"\\u{2028}\""
                            .into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Mood {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// ```text
    /// let x = 1;
    /// ```
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
    pub enum Answer {
        #[doc = "`x\n*/\\u{202e}`"]
        #[serde(rename = "x\r*/\u{202e}")]
        X,
    }
    impl Answer {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::X];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::X => "x\r*/\u{202e}",
            }
        }
    }
    impl ::std::fmt::Display for Answer {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Answer {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "x\r*/\u{202e}" => ::std::result::Result::Ok(Self::X),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"x\\r*/\\u{202e}\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Answer {
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
        pub fn new(mood: Mood) -> Self {
            Self {
                mood: mood,
                line_break: ::std::option::Option::None,
                name: ::std::option::Option::None,
                text: ::std::option::Option::None,
            }
        }
        /** Sets `line
break`.*/
        #[must_use]
        pub fn with_line_break(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.line_break = ::std::option::Option::Some(
                ::std::convert::Into::into(value),
            );
            self
        }
        /// Sets `\u{202e}name`.
        #[must_use]
        pub fn with_name(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.name = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
        /// Sets `text`.
        #[must_use]
        pub fn with_text(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.text = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
    }
    /// The `tricky-text` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct TrickyText;
    impl ::workflow_runtime::Workflow for TrickyText {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "tricky-text";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_`tick`\r\u{202e}",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"mood\"],\"properties\":{\"mood\":{\"enum\":[\"happy\\r\",\"sad`\",\"*/\",\"bidi\u{202e}\",\"nul\\u0000\",\"\u{2028}\"]},\"line\\rbreak\":{\"type\":\"string\"},\"\u{202e}name\":{\"type\":\"string\"},\"text\":{\"type\":\"string\",\"default\":\"a\\rb\u{202e}\"}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\",\"const\":\"x\\r*/\u{202e}\"},\"nested\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_`tick`
    /// \u{202e}`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_`tick`\r\u{202e}",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"mood\":\"happy\\r\",\"text\":\"\u{202e}\\r\"}",
            "{\"answer\":\"x\\r*/\u{202e}\"}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(TrickyText, "tricky-text");
}
