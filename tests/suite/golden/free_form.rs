// @generated from tests/suite/schemas/free-form.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod free_form {
    //! A workflow whose author typed nothing: any object in, any JSON out.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "a": 1
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "b": [
    //!     1,
    //!     2
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
    //! - [`FreeForm`]: the workflow itself, for `Client::run`
    /// What the `free-form` workflow takes.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(transparent)]
    pub struct Input(
        pub ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    );
    impl ::std::ops::Deref for Input {
        type Target = ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >;
        fn deref(
            &self,
        ) -> &::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        > {
            &self.0
        }
    }
    impl ::std::convert::From<Input>
    for ::workflow_runtime::__private::serde_json::Map<
        ::std::string::String,
        ::workflow_runtime::__private::serde_json::Value,
    > {
        fn from(value: Input) -> Self {
            value.0
        }
    }
    impl ::std::convert::From<
        ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    > for Input {
        fn from(
            value: ::workflow_runtime::__private::serde_json::Map<
                ::std::string::String,
                ::workflow_runtime::__private::serde_json::Value,
            >,
        ) -> Self {
            Self(value)
        }
    }
    /// What the `free-form` workflow answers.
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(transparent)]
    pub struct Output(pub ::workflow_runtime::__private::serde_json::Value);
    impl ::std::ops::Deref for Output {
        type Target = ::workflow_runtime::__private::serde_json::Value;
        fn deref(&self) -> &::workflow_runtime::__private::serde_json::Value {
            &self.0
        }
    }
    impl ::std::convert::From<Output>
    for ::workflow_runtime::__private::serde_json::Value {
        fn from(value: Output) -> Self {
            value.0
        }
    }
    impl ::std::convert::From<::workflow_runtime::__private::serde_json::Value>
    for Output {
        fn from(value: ::workflow_runtime::__private::serde_json::Value) -> Self {
            Self(value)
        }
    }
    /// The `free-form` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct FreeForm;
    impl ::workflow_runtime::Workflow for FreeForm {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "free-form";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\"}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new("{\"a\":1}", "{\"b\":[1,2]}"),
    ];
    ::workflow_runtime::__private::workflow_fns!(FreeForm, "free-form");
}
