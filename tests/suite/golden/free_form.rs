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
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: call [`run_deployment`], or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new("{\"a\":1}", "{\"b\":[1,2]}"),
    ];
    /// Runs the `free-form` workflow on [`DEPLOYMENT_ID`] and returns its typed result.
    ///
    /// # Errors
    ///
    /// Any [`Error`](workflow_runtime::Error): the input does not fit its schema, the server refused or failed the run, the network failed, or the result does not fit [`Output`].
    pub async fn run(
        client: &::workflow_runtime::Client,
        input: &Input,
    ) -> ::std::result::Result<Output, ::workflow_runtime::Error> {
        client.run::<FreeForm>(input).await
    }
    /// Runs the `free-form` workflow on the deployment `deployment_id`.
    ///
    /// # Errors
    ///
    /// As [`run`].
    pub async fn run_deployment(
        client: &::workflow_runtime::Client,
        deployment_id: &str,
        input: &Input,
    ) -> ::std::result::Result<Output, ::workflow_runtime::Error> {
        client.run_deployment::<FreeForm>(deployment_id, input).await
    }
    /// Runs the `free-form` workflow on [`DEPLOYMENT_ID`] with per-call options (timeout, retries, validation, result mode).
    ///
    /// # Errors
    ///
    /// As [`run`].
    pub async fn run_with(
        client: &::workflow_runtime::Client,
        input: &Input,
        options: &::workflow_runtime::RunOptions,
    ) -> ::std::result::Result<Output, ::workflow_runtime::Error> {
        client.run_with::<FreeForm>(input, options).await
    }
    /// Runs the `free-form` workflow on [`DEPLOYMENT_ID`] and returns the result with what it took: the repairs made to fit it to [`Output`] (log or alert on them: a prompt drifting from its schema shows up there first), the attempts, the status and the server's request id.
    ///
    /// # Errors
    ///
    /// As [`run`].
    pub async fn run_detailed(
        client: &::workflow_runtime::Client,
        input: &Input,
    ) -> ::std::result::Result<
        ::workflow_runtime::Detailed<Output>,
        ::workflow_runtime::Error,
    > {
        client.run_detailed::<FreeForm>(input).await
    }
    ::workflow_runtime::__private::blocking_fns!(FreeForm);
}
