// @generated from tests/suite/schemas/shared-defs.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod shared_defs {
    //! Types from files next to the workflow file: shared/common.json and shared/kinds.json.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "text": "Ada Lovelace met Charles Babbage in London.",
    //!   "only": "person",
    //!   "page": {
    //!     "size": 10
    //!   }
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "entities": [
    //!     {
    //!       "id": "0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f",
    //!       "name": "Ada Lovelace",
    //!       "kind": "person"
    //!     },
    //!     {
    //!       "id": "d8b96a06-1d63-4410-8334-c1d6ad873076",
    //!       "name": "Charles Babbage",
    //!       "kind": "person"
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
    //! - [`Entity`] — `common.json#/$defs/Entity`
    //! - [`Page`] — `common.json#/$defs/Page`
    //! - [`EntityKind`] — `kinds.json#`
    //! - [`SharedDefs`]: the workflow itself, for `Client::run`
    /// Something the workflow found.
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
        /// Constraints: format `uuid`.
        pub id: ::std::string::String,
        pub name: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub kind: ::std::option::Option<EntityKind>,
    }
    ::workflow_runtime::__private::object_serde!(Entity);
    /// What the `shared-defs` workflow takes.
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
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub only: ::std::option::Option<EntityKind>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub page: ::std::option::Option<Page>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `shared-defs` workflow answers.
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
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub owner: ::std::option::Option<Entity>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Page`
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
    pub struct Page {
        /// Constraints: at least 1, at most 100.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub size: ::std::option::Option<u64>,
        /// Constraints: format `uuid`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub after: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Page);
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
    /// EntityKind
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
        ///`place`
        #[serde(rename = "place")]
        Place,
        ///`thing`
        #[serde(rename = "thing")]
        Thing,
    }
    impl EntityKind {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Person, Self::Place, Self::Thing];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Person => "person",
                Self::Place => "place",
                Self::Thing => "thing",
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
                "place" => ::std::result::Result::Ok(Self::Place),
                "thing" => ::std::result::Result::Ok(Self::Thing),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"person\", \"place\", \"thing\"".into(),
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
                only: ::std::option::Option::None,
                page: ::std::option::Option::None,
            }
        }
        /// Sets `only`.
        #[must_use]
        pub fn with_only(mut self, value: EntityKind) -> Self {
            self.only = ::std::option::Option::Some(value);
            self
        }
        /// Sets `page`.
        #[must_use]
        pub fn with_page(mut self, value: Page) -> Self {
            self.page = ::std::option::Option::Some(value);
            self
        }
    }
    impl Page {
        /// A value with every field unset (or at its schema's `default`); the `with_*` methods set the others.
        #[must_use]
        pub fn new() -> Self {
            Self {
                size: ::std::option::Option::None,
                after: ::std::option::Option::None,
            }
        }
        /// Sets `size`.
        #[must_use]
        pub fn with_size(mut self, value: u64) -> Self {
            self.size = ::std::option::Option::Some(value);
            self
        }
        /// Sets `after`.
        #[must_use]
        pub fn with_after(
            mut self,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.after = ::std::option::Option::Some(::std::convert::Into::into(value));
            self
        }
    }
    /// The `shared-defs` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct SharedDefs;
    impl ::workflow_runtime::Workflow for SharedDefs {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "shared-defs";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"only\":{\"$ref\":\"#/$defs/kinds\"},\"page\":{\"$ref\":\"#/$defs/Page\"}},\"required\":[\"text\"],\"$defs\":{\"Page\":{\"type\":\"object\",\"properties\":{\"size\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100},\"after\":{\"$ref\":\"#/$defs/Id\"}}},\"Id\":{\"type\":\"string\",\"format\":\"uuid\"},\"kinds\":{\"enum\":[\"person\",\"place\",\"thing\"]}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"page\":{\"$ref\":\"#/$defs/checks-2\"}},\"$defs\":{\"checks-1\":{\"format\":\"uuid\"},\"checks-2\":{\"properties\":{\"size\":{\"minimum\":1,\"maximum\":100},\"after\":{\"$ref\":\"#/$defs/checks-1\"}}}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"properties\":{\"entities\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Entity\"}},\"owner\":{\"$ref\":\"#/$defs/Entity\"}},\"required\":[\"entities\"],\"$defs\":{\"Entity\":{\"type\":\"object\",\"required\":[\"id\",\"name\"],\"properties\":{\"id\":{\"$ref\":\"#/$defs/Id\"},\"name\":{\"type\":\"string\"},\"kind\":{\"$ref\":\"#/$defs/kinds\"}}},\"kinds\":{\"enum\":[\"person\",\"place\",\"thing\"]},\"Id\":{\"type\":\"string\",\"format\":\"uuid\"}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"text\":\"Ada Lovelace met Charles Babbage in London.\",\"only\":\"person\",\"page\":{\"size\":10}}",
            "{\"entities\":[{\"id\":\"0b4f1c8e-3a4b-4c5d-9e6f-7a8b9c0d1e2f\",\"name\":\"Ada Lovelace\",\"kind\":\"person\"},{\"id\":\"d8b96a06-1d63-4410-8334-c1d6ad873076\",\"name\":\"Charles Babbage\",\"kind\":\"person\"}]}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(SharedDefs, "shared-defs");
}
