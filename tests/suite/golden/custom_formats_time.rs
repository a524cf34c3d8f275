// @generated from tests/suite/schemas/custom-formats-time.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod custom_formats_time {
    //! String formats as typed values: `formats = "time"`.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "after": "2024-05-01T09:30:00Z",
    //!   "day": "2024-05-01",
    //!   "request_id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
    //!   "links": [
    //!     "https://example.com/a"
    //!   ]
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "events": [
    //!     {
    //!       "at": "2024-05-01T10:00:00+02:00",
    //!       "ends": null,
    //!       "on": "2024-05-02"
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
    //! - [`Choice`] — `/result/properties/choice`
    //! - [`EventsItem`] — `/result/properties/events/items`
    //! - [`CustomFormatsTime`]: the workflow itself, for `Client::run`
    /// `Choice`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Choice {
        pub a: ::std::string::String,
        /// Constraints: format `date-time`.
        #[serde(
            default,
            deserialize_with = "::workflow_runtime::__private::lenient",
            skip_serializing_if = "::std::option::Option::is_none"
        )]
        pub b: ::std::option::Option<::std::string::String>,
        /// Members that a field is declared for but whose value does not fit its type, kept
        /// as they came (the schema allows them where an alternative that leaves them open
        /// applies) and written back after the fields; a field holding a value wins.
        #[serde(flatten, skip_deserializing)]
        pub unfit: ::workflow_runtime::__private::serde_json::Map<
            ::std::string::String,
            ::workflow_runtime::__private::serde_json::Value,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Choice, unfit = unfit);
    /// `EventsItem`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct EventsItem {
        /// Constraints: format `date-time`.
        #[serde(with = "::workflow_runtime::__private::formats::time_rfc3339")]
        pub at: ::workflow_runtime::__private::time::OffsetDateTime,
        /// Constraints: format `date-time`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(default)]
        #[serde(with = "::workflow_runtime::__private::formats::time_rfc3339")]
        pub ends: ::std::option::Option<
            ::workflow_runtime::__private::time::OffsetDateTime,
        >,
        /// Constraints: format `date`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(default)]
        #[serde(with = "::workflow_runtime::__private::formats::time_date")]
        pub on: ::std::option::Option<::workflow_runtime::__private::time::Date>,
    }
    ::workflow_runtime::__private::object_serde!(EventsItem);
    /// What the `custom-formats-time` workflow takes.
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
        /// Constraints: format `date-time`.
        #[serde(with = "::workflow_runtime::__private::formats::time_rfc3339")]
        pub after: ::workflow_runtime::__private::time::OffsetDateTime,
        /// Constraints: format `date`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        #[serde(default)]
        #[serde(with = "::workflow_runtime::__private::formats::time_date")]
        pub day: ::std::option::Option<::workflow_runtime::__private::time::Date>,
        /// Constraints: format `uuid`.
        pub request_id: ::workflow_runtime::__private::uuid::Uuid,
        /// Constraints: each item: format `uri`.
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub links: ::std::option::Option<
            ::std::vec::Vec<::workflow_runtime::__private::url::Url>,
        >,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `custom-formats-time` workflow answers.
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
        pub events: ::std::vec::Vec<EventsItem>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub choice: ::std::option::Option<Choice>,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    const _: () = ::workflow_runtime::__private::formats::enabled::<
        ::workflow_runtime::__private::formats::Time,
    >();
    const _: () = ::workflow_runtime::__private::formats::enabled::<
        ::workflow_runtime::__private::formats::Url,
    >();
    const _: () = ::workflow_runtime::__private::formats::enabled::<
        ::workflow_runtime::__private::formats::Uuid,
    >();
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(
            after: ::workflow_runtime::__private::time::OffsetDateTime,
            request_id: ::workflow_runtime::__private::uuid::Uuid,
        ) -> Self {
            Self {
                after: after,
                day: ::std::default::Default::default(),
                request_id: request_id,
                links: ::std::default::Default::default(),
            }
        }
        /// Sets `day`.
        #[must_use]
        pub fn with_day(
            mut self,
            value: ::workflow_runtime::__private::time::Date,
        ) -> Self {
            self.day = ::std::option::Option::Some(value);
            self
        }
        /// Sets `links`.
        #[must_use]
        pub fn with_links(
            mut self,
            value: ::std::vec::Vec<::workflow_runtime::__private::url::Url>,
        ) -> Self {
            self.links = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `custom-formats-time` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct CustomFormatsTime;
    impl ::workflow_runtime::Workflow for CustomFormatsTime {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "custom-formats-time";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "dep_custom_formats_time",
        );
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"after\",\"request_id\"],\"properties\":{\"after\":{\"type\":\"string\",\"format\":\"date-time\"},\"day\":{\"type\":\"string\",\"format\":\"date\"},\"request_id\":{\"type\":\"string\",\"format\":\"uuid\"},\"links\":{\"type\":\"array\",\"items\":{\"type\":\"string\",\"format\":\"uri\"}}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"after\":{\"format\":\"date-time\"},\"day\":{\"format\":\"date\"},\"request_id\":{\"format\":\"uuid\"},\"links\":{\"items\":{\"format\":\"uri\"}}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"events\"],\"properties\":{\"events\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"required\":[\"at\"],\"properties\":{\"at\":{\"type\":\"string\",\"format\":\"date-time\"},\"ends\":{\"anyOf\":[{\"type\":\"string\",\"format\":\"date-time\"},{\"type\":\"null\"}]},\"on\":{\"type\":[\"string\",\"null\"],\"format\":\"date\"}}}},\"choice\":{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"}},\"required\":[\"a\"]},{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},\"b\":{\"type\":\"string\",\"format\":\"date-time\"}},\"required\":[\"a\",\"b\"]}]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The deployment [`run`] calls: `dep_custom_formats_time`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::Some(
        "dep_custom_formats_time",
    );
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"after\":\"2024-05-01T09:30:00Z\",\"day\":\"2024-05-01\",\"request_id\":\"67e55044-10b1-426f-9247-bb680e5fe0c8\",\"links\":[\"https://example.com/a\"]}",
            "{\"events\":[{\"at\":\"2024-05-01T10:00:00+02:00\",\"ends\":null,\"on\":\"2024-05-02\"}]}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(
        CustomFormatsTime, "custom-formats-time"
    );
}
