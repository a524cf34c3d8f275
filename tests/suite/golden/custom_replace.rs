// @generated from tests/suite/schemas/custom-replace.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod custom_replace {
    //! Types of the user's own in place of generated ones: the `replace` option and the `x-rust-type` extension.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "budget": {
    //!     "amount": "12.50",
    //!     "currency": "EUR"
    //!   },
    //!   "near": {
    //!     "x": 1,
    //!     "y": 2
    //!   },
    //!   "since": "2024-05-01T09:30:00Z",
    //!   "from": "10.0.0.1"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "offers": [
    //!     {
    //!       "amount": "11.99",
    //!       "currency": "EUR"
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
    //! - [`Address`] — `/$defs/Address`
    //! - [`Money`] — `/$defs/Money`
    //! - [`Point`] — `/$defs/Point`
    //! - [`Stamp`] — `/$defs/Stamp`
    //! - [`CustomReplace`]: the workflow itself, for `Client::run`
    /// What the `custom-replace` workflow takes.
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
        pub budget: Money,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub near: ::std::option::Option<Point>,
        /// Constraints: format `date-time`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub since: ::std::option::Option<Stamp>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub from: ::std::option::Option<Address>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `custom-replace` workflow answers.
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
        pub offers: ::std::vec::Vec<Money>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Address`
    ///
    /// Your own type, `std::net::Ipv4Addr`, in place of a generated one (`replace`, or the schema's `x-rust-type`).
    pub type Address = std::net::Ipv4Addr;
    /// `Money`
    ///
    /// Your own type, `crate::custom::types::Money`, in place of a generated one (`replace`, or the schema's `x-rust-type`).
    pub type Money = crate::custom::types::Money;
    /// `Point`
    ///
    /// Your own type, `crate::custom::types::Point`, in place of a generated one (`replace`, or the schema's `x-rust-type`).
    pub type Point = crate::custom::types::Point;
    /// When, as the user's crate keeps it.
    ///
    /// Your own type, `crate::custom::types::Stamp`, in place of a generated one (`replace`, or the schema's `x-rust-type`).
    pub type Stamp = crate::custom::types::Stamp;
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(budget: Money) -> Self {
            Self {
                budget: budget,
                near: ::std::option::Option::None,
                since: ::std::option::Option::None,
                from: ::std::option::Option::None,
            }
        }
        /// Sets `near`.
        #[must_use]
        pub fn with_near(mut self, value: Point) -> Self {
            self.near = ::std::option::Option::Some(value);
            self
        }
        /// Sets `since`.
        #[must_use]
        pub fn with_since(mut self, value: Stamp) -> Self {
            self.since = ::std::option::Option::Some(value);
            self
        }
        /// Sets `from`.
        #[must_use]
        pub fn with_from(mut self, value: Address) -> Self {
            self.from = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `custom-replace` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CustomReplace;
    impl ::workflow_runtime::Workflow for CustomReplace {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "custom-replace";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_custom_replace",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"budget\"],\"properties\":{\"budget\":{\"$ref\":\"#/$defs/Money\"},\"near\":{\"$ref\":\"#/$defs/Point\"},\"since\":{\"$ref\":\"#/$defs/Stamp\"},\"from\":{\"$ref\":\"#/$defs/Address\"}},\"$defs\":{\"Address\":{\"type\":\"string\",\"x-rust-type\":{\"crate\":\"std\",\"version\":\"*\",\"path\":\"std::net::Ipv4Addr\"}},\"Stamp\":{\"type\":\"string\",\"format\":\"date-time\"},\"Point\":{\"type\":\"object\",\"x-rust-type\":{\"crate\":\"workflow-suite\",\"version\":\"*\",\"path\":\"crate::custom::types::Point\"},\"required\":[\"x\",\"y\"],\"properties\":{\"x\":{\"type\":\"integer\"},\"y\":{\"type\":\"integer\"}}},\"Money\":{\"type\":\"object\",\"required\":[\"amount\",\"currency\"],\"properties\":{\"amount\":{\"type\":\"string\",\"pattern\":\"^-?[0-9]+(\\\\.[0-9]+)?$\"},\"currency\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":3}}}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = Self::INPUT_SCHEMA;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"offers\"],\"properties\":{\"offers\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Money\"}}},\"$defs\":{\"Money\":{\"type\":\"object\",\"required\":[\"amount\",\"currency\"],\"properties\":{\"amount\":{\"type\":\"string\",\"pattern\":\"^-?[0-9]+(\\\\.[0-9]+)?$\"},\"currency\":{\"type\":\"string\",\"minLength\":3,\"maxLength\":3}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_custom_replace`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_custom_replace",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"budget\":{\"amount\":\"12.50\",\"currency\":\"EUR\"},\"near\":{\"x\":1,\"y\":2},\"since\":\"2024-05-01T09:30:00Z\",\"from\":\"10.0.0.1\"}",
            "{\"offers\":[{\"amount\":\"11.99\",\"currency\":\"EUR\"}]}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(CustomReplace, "custom-replace");
}
