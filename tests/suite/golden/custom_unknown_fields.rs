// @generated from tests/suite/schemas/custom-unknown-fields.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod custom_unknown_fields {
    //! Open objects keep the members they do not declare: `unknown_fields = "keep"`.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "text": "a long text"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "summary": "short",
    //!   "model": "m-1",
    //!   "usage": {
    //!     "tokens": 12
    //!   },
    //!   "action": {
    //!     "type": "send",
    //!     "to": "ops",
    //!     "priority": "high"
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
    //! - [`Action`] — `/result/properties/action`
    //! - [`Source`] — `/result/properties/source`
    //! - [`CustomUnknownFields`]: the workflow itself, for `Client::run`
    /// `Action`
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
    pub enum Action {
        #[serde(rename = "send")]
        Send {
            to: ::std::string::String,
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            cc: ::std::option::Option<::std::string::String>,
            /// The members the schema does not declare, kept as received (`unknown_fields =
            /// "keep"`), so that the value re-encodes to exactly what was decoded.
            #[serde(flatten)]
            extra: ::std::collections::BTreeMap<
                ::std::string::String,
                ::workflow_runtime::__private::serde_json::Value,
            >,
        },
        #[serde(rename = "wait")]
        Wait {
            /// The members the schema does not declare, kept as received (`unknown_fields =
            /// "keep"`), so that the value re-encodes to exactly what was decoded.
            #[serde(flatten)]
            extra: ::std::collections::BTreeMap<
                ::std::string::String,
                ::workflow_runtime::__private::serde_json::Value,
            >,
        },
    }
    ::workflow_runtime::__private::object_serde!(Action);
    /// What the `custom-unknown-fields` workflow takes.
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
        /// The members the schema does not declare, kept as received (`unknown_fields =
        /// "keep"`), so that the value re-encodes to exactly what was decoded.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `custom-unknown-fields` workflow answers.
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
        pub summary: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub source: ::std::option::Option<Source>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub action: ::std::option::Option<Action>,
        /// The members the schema does not declare, kept as received (`unknown_fields =
        /// "keep"`), so that the value re-encodes to exactly what was decoded.
        #[serde(flatten)]
        pub extra: ::std::collections::BTreeMap<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Source`
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
    pub struct Source {
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub url: ::std::option::Option<::std::string::String>,
    }
    ::workflow_runtime::__private::object_serde!(Source);
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(text: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                text: ::std::convert::Into::into(text),
                extra: ::std::default::Default::default(),
            }
        }
    }
    /// The `custom-unknown-fields` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CustomUnknownFields;
    impl ::workflow_runtime::Workflow for CustomUnknownFields {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "custom-unknown-fields";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_custom_unknown_fields",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"text\"],\"properties\":{\"text\":{\"type\":\"string\"}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"summary\"],\"properties\":{\"summary\":{\"type\":\"string\"},\"source\":{\"type\":\"object\",\"properties\":{\"url\":{\"type\":\"string\"}},\"additionalProperties\":false},\"action\":{\"oneOf\":[{\"type\":\"object\",\"required\":[\"type\",\"to\"],\"properties\":{\"type\":{\"const\":\"send\"},\"to\":{\"type\":\"string\"},\"cc\":{\"type\":\"string\"}}},{\"type\":\"object\",\"required\":[\"type\"],\"properties\":{\"type\":{\"const\":\"wait\"}}}]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_custom_unknown_fields`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_custom_unknown_fields",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"text\":\"a long text\"}",
            "{\"summary\":\"short\",\"model\":\"m-1\",\"usage\":{\"tokens\":12},\"action\":{\"type\":\"send\",\"to\":\"ops\",\"priority\":\"high\"}}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(
        CustomUnknownFields, "custom-unknown-fields"
    );
}
