// @generated from tests/suite/schemas/conditionals.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod conditionals {
    //! if/then/else, dependentSchemas and draft-07 dependencies: the properties they name are optional fields; the conditions stay validated.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "country": "FR",
    //!   "amount": 12.5,
    //!   "currency": "EUR"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "kind": "card",
    //!   "card_number": "4242424242424242",
    //!   "amount": 12.5,
    //!   "currency": "EUR",
    //!   "receipt": true
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Kind`] — `/result/properties/kind`
    //! - [`Conditionals`]: the workflow itself, for `Client::run`
    /// What the `conditionals` workflow takes.
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
        pub country: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub amount: ::std::option::Option<f64>,
        /// Constraints: exactly 3 characters.
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub currency: ::std::option::Option<::std::string::String>,
        /// Members that a field is declared for but whose value does not fit its type, kept
        /// as they came (the schema allows them where an alternative that leaves them open
        /// applies) and written back after the fields; a field holding a value wins.
        #[serde(flatten, skip_deserializing)]
        pub unfit: ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Input, unfit = unfit);
    /// What the `conditionals` workflow answers.
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
        pub kind: Kind,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub amount: ::std::option::Option<f64>,
        /// Constraints: pattern `^[0-9]{16}$`.
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub card_number: ::std::option::Option<::std::string::String>,
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub iban: ::std::option::Option<::std::string::String>,
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub currency: ::std::option::Option<::std::string::String>,
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub receipt: ::std::option::Option<bool>,
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub bic: ::std::option::Option<::std::string::String>,
        /// Members that a field is declared for but whose value does not fit its type, kept
        /// as they came (the schema allows them where an alternative that leaves them open
        /// applies) and written back after the fields; a field holding a value wins.
        #[serde(flatten, skip_deserializing)]
        pub unfit: ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Output, unfit = unfit);
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
    /// One of `"card"`, `"bank"`.
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
        ///`card`
        #[serde(rename = "card")]
        Card,
        ///`bank`
        #[serde(rename = "bank")]
        Bank,
    }
    impl Kind {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Card, Self::Bank];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Card => "card",
                Self::Bank => "bank",
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
                "card" => ::std::result::Result::Ok(Self::Card),
                "bank" => ::std::result::Result::Ok(Self::Bank),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"card\", \"bank\"".into(),
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
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(country: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                country: ::std::convert::Into::into(country),
                amount: ::std::option::Option::None,
                currency: ::std::default::Default::default(),
                unfit: ::std::default::Default::default(),
            }
        }
        /// Sets `amount`.
        #[must_use]
        pub fn with_amount(mut self, value: f64) -> Self {
            self.amount = ::std::option::Option::Some(value);
            self
        }
        /// Sets `currency`.
        #[must_use]
        pub fn with_currency(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.currency = ::std::option::Option::Some(
                ::std::convert::Into::into(value),
            );
            self
        }
    }
    /// The `conditionals` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct Conditionals;
    impl ::workflow_runtime::Workflow for Conditionals {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "conditionals";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"country\":{\"type\":\"string\"},\"amount\":{\"type\":\"number\"}},\"required\":[\"country\"],\"dependencies\":{\"amount\":{\"properties\":{\"currency\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":3}},\"required\":[\"currency\"]},\"country\":[\"amount\"]}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = Self::INPUT_SCHEMA;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"kind\":{\"enum\":[\"card\",\"bank\"]},\"amount\":{\"type\":\"number\"}},\"required\":[\"kind\"],\"if\":{\"properties\":{\"kind\":{\"const\":\"card\"}}},\"then\":{\"properties\":{\"card_number\":{\"type\":\"string\",\"pattern\":\"^[0-9]{16}$\"}},\"required\":[\"card_number\"]},\"else\":{\"properties\":{\"iban\":{\"type\":\"string\"}},\"required\":[\"iban\"]},\"dependentSchemas\":{\"amount\":{\"properties\":{\"currency\":{\"type\":\"string\"}},\"required\":[\"currency\"]}},\"allOf\":[{\"if\":{\"required\":[\"amount\"]},\"then\":{\"properties\":{\"receipt\":{\"type\":\"boolean\"}}}},{\"if\":{\"properties\":{\"kind\":{\"const\":\"bank\"}}},\"then\":{\"$ref\":\"#/$defs/BankDetails\"}}],\"$defs\":{\"BankDetails\":{\"properties\":{\"bic\":{\"type\":\"string\"},\"kind\":{\"const\":\"bank\"}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"country\":\"FR\",\"amount\":12.5,\"currency\":\"EUR\"}",
            "{\"kind\":\"card\",\"card_number\":\"4242424242424242\",\"amount\":12.5,\"currency\":\"EUR\",\"receipt\":true}",
        ),
        ::workflow_runtime::Example::new(
            "{\"country\":\"DE\",\"amount\":1,\"currency\":\"EUR\"}",
            "{\"kind\":\"bank\",\"iban\":\"DE89370400440532013000\",\"bic\":\"COBADEFFXXX\"}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(Conditionals, "conditionals");
}
