// @generated from tests/suite/schemas/nullable-root.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod nullable_root {
    //! Roots that also allow null: the input is still the object (it travels as one); the result is an Option of its object.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "query": "anything?"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "text": "yes",
    //!   "score": 0.5
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`OutputObject`] — `/$defs/Answer`
    //! - [`NullableRoot`]: the workflow itself, for `Client::run`
    /// What the `nullable-root` workflow answers: its result schema also allows `null` (`None`).
    pub type Output = ::std::option::Option<OutputObject>;
    /// What the `nullable-root` workflow takes.
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
        pub query: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `nullable-root` workflow answers when it is not `null`.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct OutputObject {
        pub text: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub score: ::std::option::Option<f64>,
    }
    ::workflow_runtime::__private::object_serde!(OutputObject);
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(query: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                query: ::std::convert::Into::into(query),
            }
        }
    }
    /// The `nullable-root` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct NullableRoot;
    impl ::workflow_runtime::Workflow for NullableRoot {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "nullable-root";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":[\"object\",\"null\"],\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"anyOf\":[{\"$ref\":\"#/$defs/Answer\"},{\"type\":\"null\"}],\"$defs\":{\"Answer\":{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"},\"score\":{\"type\":\"number\"}},\"required\":[\"text\"]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"query\":\"anything?\"}",
            "{\"text\":\"yes\",\"score\":0.5}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(NullableRoot, "nullable-root");
}
