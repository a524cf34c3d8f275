// @generated from schemas/car.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod car {
    //! Answers a question about cars with a short completion.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "prompt": "what is the fastest car in the world?"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "completion": "The current record holder for the fastest car in the world is the Bugatti Chiron Super Sport 300+, which reached a top speed of 304.77 mph (490.48 km/h) in 2019."
    //! }
    //! ```
    //!
    //! # Generated types
    //!
    //! Each type with the JSON pointer of the schema it is made from. A type is named after its `$defs` key or `title`, else after the property that holds it (array items add `Item`, map values `Value`), prefixed by the type holding it when that name is taken, and numbered when taken again (the rules: `schemas/README.md`, "Names"). A `Constraints:` line in a field's docs lists the bounds its schema sets (the input is checked against them before it is sent).
    //!
    //! - [`Input`] — `/input`
    //! - [`Output`] — `/result`
    //! - [`Car`]: the workflow itself, for `Client::run`
    /// What the `car` workflow takes.
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
        /// The question to answer.
        ///
        /// Constraints: at least 1 character.
        pub prompt: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `car` workflow answers.
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
        /// The model's answer.
        pub completion: ::std::string::String,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(prompt: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                prompt: ::std::convert::Into::into(prompt),
            }
        }
    }
    /// The `car` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct Car;
    impl ::workflow_runtime::Workflow for Car {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "car";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"prompt\"],\"properties\":{\"prompt\":{\"type\":\"string\",\"minLength\":1}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"prompt\":{\"minLength\":1}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"completion\"],\"properties\":{\"completion\":{\"type\":\"string\"}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"prompt\":\"what is the fastest car in the world?\"}",
            "{\"completion\":\"The current record holder for the fastest car in the world is the Bugatti Chiron Super Sport 300+, which reached a top speed of 304.77 mph (490.48 km/h) in 2019.\"}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(Car, "car");
}
