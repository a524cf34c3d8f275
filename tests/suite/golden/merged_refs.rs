// @generated from tests/suite/schemas/merged-refs.json by workflow-codegen: do not edit.
#[allow(dead_code, missing_docs, clippy::all, clippy::pedantic, clippy::nursery)]
pub mod merged_refs {
    //! References with other keywords next to them, recursive ones included: the reference's shape merged with the keywords, as an `allOf` of both.
    //!
    //! Call [`run`] with an [`Input`] to get an [`Output`].
    //!
    //! # Example
    //!
    //! Input:
    //!
    //! ```json
    //! {
    //!   "root": {
    //!     "label": "a",
    //!     "children": [
    //!       {
    //!         "label": "b"
    //!       }
    //!     ],
    //!     "next": {
    //!       "label": "c"
    //!     }
    //!   }
    //! }
    //! ```
    //!
    //! Result:
    //!
    //! ```json
    //! {
    //!   "tree": {
    //!     "label": "a",
    //!     "children": [
    //!       {
    //!         "label": "b",
    //!         "children": [],
    //!         "next": {
    //!           "label": "d"
    //!         }
    //!       }
    //!     ]
    //!   },
    //!   "tagged": {
    //!     "tag": "t",
    //!     "label": "x",
    //!     "next": {
    //!       "label": "y"
    //!     }
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
    //! - [`ChildrenItem`] — `/$defs/Node/properties/children/items`
    //! - [`Next`] — `/$defs/Node/properties/next`
    //! - [`Root`] — `/input/properties/root`
    //! - [`Tagged`] — `/result/properties/tagged`
    //! - [`Tree`] — `/result/properties/tree`
    //! - [`MergedRefs`]: the workflow itself, for `Client::run`
    /// `ChildrenItem`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct ChildrenItem {
        pub label: ::std::string::String,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<ChildrenItem>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next: ::std::option::Option<Next>,
    }
    ::workflow_runtime::__private::object_serde!(ChildrenItem);
    /// What the `merged-refs` workflow takes.
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
        pub root: Root,
    }
    ::workflow_runtime::__private::object_serde!(Input);
    /// `Next`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Next {
        pub label: ::std::string::String,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<ChildrenItem>>,
        #[serde(default)]
        pub next: ::std::boxed::Box<::std::option::Option<Next>>,
    }
    ::workflow_runtime::__private::object_serde!(Next);
    /// What the `merged-refs` workflow answers.
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
        pub tree: Tree,
        pub tagged: Tagged,
    }
    ::workflow_runtime::__private::object_serde!(Output);
    /// `Root`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Root {
        pub label: ::std::string::String,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<ChildrenItem>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next: ::std::option::Option<Next>,
    }
    ::workflow_runtime::__private::object_serde!(Root);
    /// `Tagged`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Tagged {
        pub tag: ::std::string::String,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub label: ::std::option::Option<::std::string::String>,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<ChildrenItem>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next: ::std::option::Option<Next>,
    }
    ::workflow_runtime::__private::object_serde!(Tagged);
    /// `Tree`
    #[derive(
        ::workflow_runtime::__private::serde::Deserialize,
        ::workflow_runtime::__private::serde::Serialize,
        Clone,
        Debug,
        PartialEq
    )]
    #[serde(crate = "::workflow_runtime::__private::serde")]
    #[serde(remote = "Self")]
    pub struct Tree {
        pub label: ::std::string::String,
        #[serde(default, skip_serializing_if = "::std::option::Option::is_none")]
        pub children: ::std::option::Option<::std::vec::Vec<ChildrenItem>>,
        #[serde(skip_serializing_if = "::std::option::Option::is_none")]
        pub next: ::std::option::Option<Next>,
    }
    ::workflow_runtime::__private::object_serde!(Tree);
    impl ChildrenItem {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(label: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                label: ::std::convert::Into::into(label),
                children: ::std::default::Default::default(),
                next: ::std::option::Option::None,
            }
        }
        /// Sets `children`.
        #[must_use]
        pub fn with_children(mut self, value: ::std::vec::Vec<ChildrenItem>) -> Self {
            self.children = ::std::option::Option::Some(value);
            self
        }
        /// Sets `next`.
        #[must_use]
        pub fn with_next(mut self, value: Next) -> Self {
            self.next = ::std::option::Option::Some(value);
            self
        }
    }
    impl Input {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(root: Root) -> Self {
            Self { root: root }
        }
    }
    impl Next {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(label: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                label: ::std::convert::Into::into(label),
                children: ::std::default::Default::default(),
                next: ::std::default::Default::default(),
            }
        }
        /// Sets `children`.
        #[must_use]
        pub fn with_children(mut self, value: ::std::vec::Vec<ChildrenItem>) -> Self {
            self.children = ::std::option::Option::Some(value);
            self
        }
        /// Sets `next`.
        #[must_use]
        pub fn with_next(
            mut self,
            value: ::std::boxed::Box<::std::option::Option<Next>>,
        ) -> Self {
            self.next = value;
            self
        }
    }
    impl Root {
        /// A value with the required fields, in schema order; the `with_*` methods set the optional ones.
        #[must_use]
        pub fn new(label: impl ::std::convert::Into<::std::string::String>) -> Self {
            Self {
                label: ::std::convert::Into::into(label),
                children: ::std::default::Default::default(),
                next: ::std::option::Option::None,
            }
        }
        /// Sets `children`.
        #[must_use]
        pub fn with_children(mut self, value: ::std::vec::Vec<ChildrenItem>) -> Self {
            self.children = ::std::option::Option::Some(value);
            self
        }
        /// Sets `next`.
        #[must_use]
        pub fn with_next(mut self, value: Next) -> Self {
            self.next = ::std::option::Option::Some(value);
            self
        }
    }
    /// The `merged-refs` workflow: ties [`Input`], [`Output`] and the deployment together for [`Client::run`](workflow_runtime::Client::run).
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
    pub struct MergedRefs;
    impl ::workflow_runtime::Workflow for MergedRefs {
        type Input = Input;
        type Output = Output;
        const NAME: &'static str = "merged-refs";
        const DEPLOYMENT_ID: ::std::option::Option<&'static str> = ::std::option::Option::None;
        const INPUT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"root\"],\"properties\":{\"root\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}},\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}},\"next\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}}}}}",
        );
        const INPUT_CHECKS: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"properties\":{\"root\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}},\"required\":[\"root\"],\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}},\"next\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}}}}}",
        );
        const RESULT_SCHEMA: ::std::option::Option<&'static str> = ::std::option::Option::Some(
            "{\"type\":\"object\",\"required\":[\"tree\",\"tagged\"],\"properties\":{\"tree\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]},\"tagged\":{\"$ref\":\"#/$defs/Node\",\"properties\":{\"tag\":{\"type\":\"string\"}},\"required\":[\"tag\"]}},\"$defs\":{\"Node\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\"},\"children\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}},\"next\":{\"$ref\":\"#/$defs/Node\",\"required\":[\"label\"]}}}}}",
        );
        const EXAMPLES: &'static [::workflow_runtime::Example] = EXAMPLES;
    }
    /// The workflow file names no deployment: name one for each call with `run(&client, &input).deployment("...")`, or pass `deployment_id = "..."` to `workflow!`.
    pub const DEPLOYMENT_ID: ::std::option::Option<&str> = ::std::option::Option::None;
    /// Example runs from the workflow file, as JSON text.
    pub const EXAMPLES: &[::workflow_runtime::Example] = &[
        ::workflow_runtime::Example::new(
            "{\"root\":{\"label\":\"a\",\"children\":[{\"label\":\"b\"}],\"next\":{\"label\":\"c\"}}}",
            "{\"tree\":{\"label\":\"a\",\"children\":[{\"label\":\"b\",\"children\":[],\"next\":{\"label\":\"d\"}}]},\"tagged\":{\"tag\":\"t\",\"label\":\"x\",\"next\":{\"label\":\"y\"}}}",
        ),
    ];
    ::workflow_runtime::__private::workflow_fns!(MergedRefs, "merged-refs");
}
