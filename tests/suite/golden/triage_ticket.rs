// @generated from schemas/triage-ticket.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod triage_ticket {
    //! Sorts a support ticket: category, urgency and a drafted first reply.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "subject": "Charged twice",
    //!   "body": "My card was charged twice this month.",
    //!   "customer_tier": "pro"
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "category": "billing",
    //!   "urgency": 4,
    //!   "summary": "The customer was charged twice this month.",
    //!   "tags": [
    //!     "refund"
    //!   ],
    //!   "action": {
    //!     "type": "escalate",
    //!     "team": "billing",
    //!     "reason": "Possible double charge"
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
    //! - [`CustomerTier`] — `/input/properties/customer_tier`
    //! - [`Action`] — `/result/properties/action`
    //! - [`Team`] — `/result/properties/action/oneOf/1/properties/team`
    //! - [`Category`] — `/result/properties/category`
    //! - [`TriageTicket`]: the workflow itself, for `Client::run`
    /// What to do next.
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
        /// Reply
        #[serde(rename = "reply")]
        Reply {
            /// A first reply to send to the customer.
            draft: ::std::string::String,
        },
        /// Escalate
        #[serde(rename = "escalate")]
        Escalate {
            team: Team,
            #[serde(skip_serializing_if = "::std::option::Option::is_none")]
            reason: ::std::option::Option<::std::string::String>,
        },
        #[serde(rename = "close")]
        Close,
    }
    ::workflow_runtime::__private::object_serde!(Action);
    /// What the `triage-ticket` workflow takes.
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
        pub subject: ::std::string::String,
        pub body: ::std::string::String,
        /// Defaults to `"free"`.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub customer_tier: ::std::option::Option<CustomerTier>,
        /// How many tickets the customer opened before.
        ///
        /// Constraints: at least 0.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub previous_tickets: ::std::option::Option<u64>,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// What the `triage-ticket` workflow answers.
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
        pub category: Category,
        /// 1 (can wait) to 5 (drop everything).
        ///
        /// Constraints: at least 1, at most 5.
        pub urgency: u64,
        /// One sentence, or null when the ticket is empty.
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub summary: ::std::option::Option<::std::string::String>,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub tags: ::std::option::Option<::std::vec::Vec<::std::string::String>>,
        /// What to do next.
        pub action: Action,
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
    /// One of `"free"`, `"pro"`, `"enterprise"`.
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
    pub enum CustomerTier {
        ///`free`
        #[serde(rename = "free")]
        Free,
        ///`pro`
        #[serde(rename = "pro")]
        Pro,
        ///`enterprise`
        #[serde(rename = "enterprise")]
        Enterprise,
    }
    impl CustomerTier {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[Self::Free, Self::Pro, Self::Enterprise];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Free => "free",
                Self::Pro => "pro",
                Self::Enterprise => "enterprise",
            }
        }
    }
    impl ::std::fmt::Display for CustomerTier {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for CustomerTier {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "free" => ::std::result::Result::Ok(Self::Free),
                "pro" => ::std::result::Result::Ok(Self::Pro),
                "enterprise" => ::std::result::Result::Ok(Self::Enterprise),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"free\", \"pro\", \"enterprise\"".into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for CustomerTier {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// One of `"billing"`, `"bug"`, `"how-to"`, `"account"`, `"other"`.
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
    pub enum Category {
        ///`billing`
        #[serde(rename = "billing")]
        Billing,
        ///`bug`
        #[serde(rename = "bug")]
        Bug,
        ///`how-to`
        #[serde(rename = "how-to")]
        HowTo,
        ///`account`
        #[serde(rename = "account")]
        Account,
        ///`other`
        #[serde(rename = "other")]
        Other,
    }
    impl Category {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[
            Self::Billing,
            Self::Bug,
            Self::HowTo,
            Self::Account,
            Self::Other,
        ];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Billing => "billing",
                Self::Bug => "bug",
                Self::HowTo => "how-to",
                Self::Account => "account",
                Self::Other => "other",
            }
        }
    }
    impl ::std::fmt::Display for Category {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Category {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "billing" => ::std::result::Result::Ok(Self::Billing),
                "bug" => ::std::result::Result::Ok(Self::Bug),
                "how-to" => ::std::result::Result::Ok(Self::HowTo),
                "account" => ::std::result::Result::Ok(Self::Account),
                "other" => ::std::result::Result::Ok(Self::Other),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"billing\", \"bug\", \"how-to\", \"account\", \"other\""
                            .into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Category {
        type Error = self::error::ConversionError;
        fn try_from(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            value.parse()
        }
    }
    /// One of `"billing"`, `"engineering"`, `"security"`.
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
    pub enum Team {
        ///`billing`
        #[serde(rename = "billing")]
        Billing,
        ///`engineering`
        #[serde(rename = "engineering")]
        Engineering,
        ///`security`
        #[serde(rename = "security")]
        Security,
    }
    impl Team {
        /// Every value, in schema order.
        pub const ALL: &'static [Self] = &[
            Self::Billing,
            Self::Engineering,
            Self::Security,
        ];
        /// The value as it travels in JSON.
        pub const fn as_str(&self) -> &'static str {
            match self {
                Self::Billing => "billing",
                Self::Engineering => "engineering",
                Self::Security => "security",
            }
        }
    }
    impl ::std::fmt::Display for Team {
        fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
            f.write_str(self.as_str())
        }
    }
    impl ::std::str::FromStr for Team {
        type Err = self::error::ConversionError;
        fn from_str(
            value: &str,
        ) -> ::std::result::Result<Self, self::error::ConversionError> {
            match value {
                "billing" => ::std::result::Result::Ok(Self::Billing),
                "engineering" => ::std::result::Result::Ok(Self::Engineering),
                "security" => ::std::result::Result::Ok(Self::Security),
                _ => {
                    ::std::result::Result::Err(
                        "expected one of \"billing\", \"engineering\", \"security\""
                            .into(),
                    )
                }
            }
        }
    }
    impl ::std::convert::TryFrom<&str> for Team {
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
        pub fn new(
            subject: impl ::std::convert::Into<::std::string::String>,
            body: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            Self {
                subject: ::std::convert::Into::into(subject),
                body: ::std::convert::Into::into(body),
                customer_tier: ::std::option::Option::None,
                previous_tickets: ::std::option::Option::None,
            }
        }
        /// Sets `customer_tier`.
        #[must_use]
        pub fn with_customer_tier(mut self, value: CustomerTier) -> Self {
            self.customer_tier = ::std::option::Option::Some(value);
            self
        }
        /// Sets `previous_tickets`.
        #[must_use]
        pub fn with_previous_tickets(mut self, value: u64) -> Self {
            self.previous_tickets = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `triage-ticket` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct TriageTicket;
    impl ::workflow_runtime::Workflow for TriageTicket {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "triage-ticket";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"subject\",\"body\"],\"properties\":{\"subject\":{\"type\":\"string\"},\"body\":{\"type\":\"string\"},\"customer_tier\":{\"type\":\"string\",\"enum\":[\"free\",\"pro\",\"enterprise\"],\"default\":\"free\"},\"previous_tickets\":{\"type\":\"integer\",\"minimum\":0}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"category\",\"urgency\",\"action\"],\"properties\":{\"category\":{\"type\":\"string\",\"enum\":[\"billing\",\"bug\",\"how-to\",\"account\",\"other\"]},\"urgency\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":5},\"summary\":{\"type\":[\"string\",\"null\"]},\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},\"action\":{\"oneOf\":[{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"reply\"},\"draft\":{\"type\":\"string\"}},\"required\":[\"type\",\"draft\"]},{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"escalate\"},\"team\":{\"type\":\"string\",\"enum\":[\"billing\",\"engineering\",\"security\"]},\"reason\":{\"type\":\"string\"}},\"required\":[\"type\",\"team\"]},{\"type\":\"object\",\"properties\":{\"type\":{\"const\":\"close\"}},\"required\":[\"type\"]}]}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"subject\":\"Charged twice\",\"body\":\"My card was charged twice this month.\",\"customer_tier\":\"pro\"}",
            "{\"category\":\"billing\",\"urgency\":4,\"summary\":\"The customer was charged twice this month.\",\"tags\":[\"refund\"],\"action\":{\"type\":\"escalate\",\"team\":\"billing\",\"reason\":\"Possible double charge\"}}",
        ),
        ::workflow_runtime::Example::new(
            "{\"subject\":\"\",\"body\":\"\"}",
            "{\"category\":\"other\",\"urgency\":1,\"summary\":null,\"action\":{\"type\":\"close\"}}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(TriageTicket, "triage-ticket");
}
