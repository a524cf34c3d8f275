// @generated from schemas/extract-entities.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod extract_entities {
    //! Finds the people, organisations and places named in a text.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "text": "Ada Lovelace worked with Charles Babbage in London."
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "entities": [
    //!     {
    //!       "name": "Ada Lovelace",
    //!       "kind": "person",
    //!       "confidence": 0.98,
    //!       "mentions": [
    //!         {
    //!           "start": 0,
    //!           "end": 12
    //!         }
    //!       ]
    //!     },
    //!     {
    //!       "name": "Charles Babbage",
    //!       "kind": "person",
    //!       "confidence": 0.97,
    //!       "mentions": [
    //!         {
    //!           "start": 25,
    //!           "end": 40
    //!         }
    //!       ]
    //!     },
    //!     {
    //!       "name": "London",
    //!       "kind": "place",
    //!       "confidence": 0.93
    //!     }
    //!   ],
    //!   "model": "gpt-4o-mini"
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Entity`] — `/$defs/Entity`
    //! - [`MentionsItem`] — `/$defs/Entity/properties/mentions/items`
    //! - [`EntityKind`] — `/$defs/EntityKind`
    //! - [`ExtractEntities`]: the workflow itself, for `Client::run`
    /// One named thing found in the text.
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
        /// The name as written in the text.
        pub name: ::std::string::String,
        pub kind: EntityKind,
        /// How sure the model is, from 0 to 1.
        ///
        /// Constraints: at least 0, at most 1.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub confidence: ::std::option::Option<f64>,
        /// Where the entity is mentioned, as character offsets.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub mentions: ::std::option::Option<::std::vec::Vec<MentionsItem>>,
    }
    ::workflow_runtime::__private::object_serde!(Entity);
    /// What the `extract-entities` workflow takes.
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
        /// The text to read.
        ///
        /// Constraints: at most 20000 characters.
        pub text: ::std::string::String,
        /// Only report entities of these kinds (all kinds when absent).
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub kinds: ::std::option::Option<::std::vec::Vec<EntityKind>>,
        /// ISO 639-1 code of the text's language, when known.
        ///
        /// Constraints: pattern `^[a-z]{2}$`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub language: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// `MentionsItem`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct MentionsItem {
        /// Constraints: at least 0.
        pub start: u64,
        /// Constraints: at least 0.
        pub end: u64,
    }
    ::workflow_runtime::__private::object_serde!(MentionsItem);
    /// What the `extract-entities` workflow answers.
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
        pub entities: ::std::vec::Vec<Entity>,
        /// The model that answered.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub model: ::std::option::Option<::std::string::String>,
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
    /// What an entity is.
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
    pub enum EntityKind {
        ///`person`
        #[serde(rename = "person")]
        Person,
        ///`organization`
        #[serde(rename = "organization")]
        Organization,
        ///`place`
        #[serde(rename = "place")]
        Place,
    }
    impl EntityKind {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[
            Self::Person,
            Self::Organization,
            Self::Place,
        ];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Person => "person",
                Self::Organization => "organization",
                Self::Place => "place",
            }
        }
    }
    impl ::std::fmt::Display for EntityKind {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for EntityKind {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "person" => ::std::result::Result::Ok(Self::Person),
                "organization" => ::std::result::Result::Ok(Self::Organization),
                "place" => ::std::result::Result::Ok(Self::Place),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"person\", \"organization\", \"place\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for EntityKind {
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
                kinds: ::std::default::Default::default(),
                language: ::std::option::Option::None,
            }
        }
        /// Sets `kinds`.
        #[must_use]
        pub fn with_kinds(mut self, value: ::std::vec::Vec<EntityKind>) -> Self {
            self.kinds = ::std::option::Option::Some(value);
            self
        }
        /// Sets `language`.
        #[must_use]
        pub fn with_language(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.language = ::std::option::Option::Some(
                ::std::convert::Into::into(value),
            );
            self
        }
    }
    /// The `extract-entities` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct ExtractEntities;
    impl ::workflow_runtime::Workflow for ExtractEntities {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "extract-entities";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_5Hq8Zt2Nw7Rk1Vb4Mx9Lc3Pf6Dj",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\",\"maxLength\":20000},\"kinds\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/EntityKind\"}},\"language\":{\"type\":\"string\",\"pattern\":\"^[a-z]{2}$\"}},\"$defs\":{\"EntityKind\":{\"type\":\"string\",\"enum\":[\"person\",\"organization\",\"place\"]}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"text\":{\"maxLength\":20000},\"language\":{\"pattern\":\"^[a-z]{2}$\"}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"entities\"],\"properties\":{\"entities\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Entity\"}},\"model\":{\"type\":\"string\"}},\"$defs\":{\"Entity\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},\"kind\":{\"$ref\":\"#/$defs/EntityKind\"},\"confidence\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},\"mentions\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"start\",\"end\"],\"properties\":{\"start\":{\"type\":\"integer\",\"minimum\":0},\"end\":{\"type\":\"integer\",\"minimum\":0}}}}},\"required\":[\"name\",\"kind\"]},\"EntityKind\":{\"type\":\"string\",\"enum\":[\"person\",\"organization\",\"place\"]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_5Hq8Zt2Nw7Rk1Vb4Mx9Lc3Pf6Dj`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_5Hq8Zt2Nw7Rk1Vb4Mx9Lc3Pf6Dj",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"text\":\"Ada Lovelace worked with Charles Babbage in London.\"}",
            "{\"entities\":[{\"name\":\"Ada Lovelace\",\"kind\":\"person\",\"confidence\":0.98,\"mentions\":[{\"start\":0,\"end\":12}]},{\"name\":\"Charles Babbage\",\"kind\":\"person\",\"confidence\":0.97,\"mentions\":[{\"start\":25,\"end\":40}]},{\"name\":\"London\",\"kind\":\"place\",\"confidence\":0.93}],\"model\":\"gpt-4o-mini\"}",
        ),
        ::workflow_runtime::Example::new(
            "{\"text\":\"Nothing to see here.\",\"kinds\":[\"organization\"]}",
            "{\"entities\":[]}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(ExtractEntities, "extract-entities");
}
