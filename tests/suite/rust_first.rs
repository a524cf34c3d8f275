//! Workflows declared in Rust (`#[derive(Workflow)]`): each one's exported file is committed
//! under `schemas/rust-first/` (checked with `assert_workflow_file`; refresh with
//! `WORKFLOW_UPDATE=1 cargo test -p workflow-suite rust_first`) and read back by `workflow!`,
//! and both directions agree: a value the Rust types encode fits both schemas, decodes into
//! the generated type, encodes back to the same JSON, and that JSON decodes into the Rust type
//! as the value it came from.

use std::fmt::Debug;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::json;
use workflow_runtime::testing::{MockStudio, assert_workflow_file};
use workflow_runtime::{ErrorKind, Workflow};

use crate::json::same_data;

/// The Rust side: the types a team writes, and their markers.
mod rust {
    use std::collections::{BTreeMap, HashMap};

    use serde::{Deserialize, Serialize};
    use workflow_runtime::Workflow;
    use workflow_runtime::schemars::JsonSchema;

    // Nested structs, `Vec`s of structs, `Option`, doc comments as descriptions.

    /// An order to price.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Order {
        pub(crate) id: u32,
        pub(crate) customer: Customer,
        /// What was ordered, in order.
        pub(crate) lines: Vec<Line>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Customer {
        pub(crate) name: String,
        pub(crate) address: Address,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Address {
        pub(crate) city: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) zip: Option<String>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Line {
        #[schemars(length(min = 1))]
        pub(crate) sku: String,
        pub(crate) quantity: u16,
        pub(crate) price: f64,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Receipt {
        /// The total, taxes included.
        pub(crate) total: f64,
        /// A note for the customer, when there is one.
        pub(crate) note: Option<String>,
        pub(crate) accepted: bool,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-nested", deployment_id = "dep_nested", input = Order, output = Receipt)]
    pub(crate) struct Nested;

    // String enums, externally tagged enums with data, an internally tagged enum as the root.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Paint {
        pub(crate) color: Color,
        pub(crate) finish: Finish,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "lowercase")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) enum Color {
        Red,
        Green,
        DeepBlue,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) enum Finish {
        Gloss { level: u8 },
        Satin(String),
    }

    /// What the painter decided.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) enum Verdict {
        Approved { by: String },
        Rejected { reason: String, retry: bool },
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-enums", input = Paint, output = Verdict)]
    pub(crate) struct Enums;

    // Maps, `Vec`s of scalars and of `Vec`s, optional collections.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Inventory {
        pub(crate) counts: BTreeMap<String, u64>,
        pub(crate) labels: HashMap<String, String>,
        pub(crate) tags: Vec<String>,
        pub(crate) matrix: Vec<Vec<i32>>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Stats {
        pub(crate) by_kind: BTreeMap<String, Vec<f64>>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) missing: Option<Vec<String>>,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-maps", input = Inventory, output = Stats)]
    pub(crate) struct Maps;

    // `rename_all = "camelCase"`, `rename`, nested.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "camelCase")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Profile {
        pub(crate) first_name: String,
        pub(crate) last_name: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) date_of_birth: Option<String>,
        pub(crate) home_address: HomeAddress,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "camelCase")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct HomeAddress {
        pub(crate) street_name: String,
        pub(crate) house_number: u32,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(rename_all = "camelCase")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Score {
        pub(crate) overall_score: f64,
        #[serde(rename = "x-flagged")]
        pub(crate) flagged: bool,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-camel", input = Profile, output = Score)]
    pub(crate) struct Camel;

    // Recursion: through a `Vec`, through `Option<Box<..>>`, and at the root.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Tree {
        pub(crate) root: Node,
        pub(crate) chain: Link,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Node {
        pub(crate) label: String,
        pub(crate) children: Vec<Node>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Link {
        pub(crate) value: i64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) next: Option<Box<Link>>,
    }

    /// A comment and its replies.
    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Comment {
        pub(crate) text: String,
        pub(crate) replies: Vec<Comment>,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-recursive", input = Tree, output = Comment)]
    pub(crate) struct Recursive;

    // Scalars of every width, a newtype, `Option` of a struct, a result that may be null.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Settings {
        pub(crate) enabled: bool,
        pub(crate) ratio: f32,
        pub(crate) small: i8,
        pub(crate) big: u64,
        pub(crate) level: Level,
        pub(crate) inner: Option<Inner>,
    }

    #[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Level(pub(crate) u8);

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Inner {
        pub(crate) name: String,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-scalars", input = Settings, output = Option<Inner>)]
    pub(crate) struct Scalars;

    // Untagged and adjacently tagged enums, `flatten`, `deny_unknown_fields`.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Lookup {
        pub(crate) key: IdOrName,
        pub(crate) event: Event,
        #[serde(flatten)]
        pub(crate) paging: Paging,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(untagged)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) enum IdOrName {
        Id(u64),
        Name(String),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[serde(tag = "t", content = "c")]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) enum Event {
        Click { x: i32, y: i32 },
        Key(String),
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Paging {
        pub(crate) page: u32,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub(crate) per_page: Option<u32>,
    }

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Found {
        pub(crate) hits: Vec<IdOrName>,
        #[serde(flatten)]
        pub(crate) extra: std::collections::BTreeMap<String, serde_json::Value>,
    }

    #[derive(Workflow)]
    #[workflow(name = "rf-unions", input = Lookup, output = Found)]
    pub(crate) struct Unions;

    // Not objects: a run fails with a `Config` error before anything is sent.

    #[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
    #[schemars(crate = "workflow_runtime::schemars")]
    pub(crate) struct Pair(pub(crate) u32, pub(crate) u32);

    #[derive(Workflow)]
    #[workflow(name = "tuple-input", deployment_id = "dep_tuple", input = Pair, output = Inner)]
    pub(crate) struct TupleInput;

    #[derive(Workflow)]
    #[workflow(name = "enum-output", deployment_id = "dep_enum", input = Inner, output = Color)]
    pub(crate) struct EnumOutput;
}

workflow_runtime::workflow!("schemas/rust-first/nested.json");
workflow_runtime::workflow!("schemas/rust-first/enums.json");
workflow_runtime::workflow!("schemas/rust-first/maps.json");
workflow_runtime::workflow!("schemas/rust-first/camel.json");
workflow_runtime::workflow!("schemas/rust-first/recursive.json");
workflow_runtime::workflow!("schemas/rust-first/scalars.json");
workflow_runtime::workflow!("schemas/rust-first/unions.json");

/// `value` through JSON and the generated type `G` and back, checked at each step.
fn agree_on<T, G>(what: &str, value: &T, rust_schema: &'static str, file_schema: &'static str)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
    G: Serialize + DeserializeOwned,
{
    let encoded = serde_json::to_value(value).expect("Rust types encode");
    for (whose, schema) in [("the Rust", rust_schema), ("the file's", file_schema)] {
        let violations =
            workflow_runtime::__private::check_input(schema, &encoded).expect("schema compiles");
        assert!(
            violations.is_empty(),
            "{what}: {encoded} does not fit {whose} schema: {violations:?}"
        );
    }
    let generated: G = serde_json::from_value(encoded.clone())
        .unwrap_or_else(|error| panic!("{what}: {encoded} does not decode as generated: {error}"));
    let again = serde_json::to_value(&generated).expect("generated types encode");
    assert!(
        same_data(&encoded, &again),
        "{what}: the generated type changed it:\n{encoded}\n{again}"
    );
    let back: T = serde_json::from_value(again.clone())
        .unwrap_or_else(|error| panic!("{what}: {again} does not decode in Rust: {error}"));
    assert_eq!(&back, value, "{what}: came back different");
}

/// The committed file is `R`'s export, `F` (generated from it) has `R`'s name and
/// deployment, and every input and output sample makes the round trip of [`agree_on`].
fn agree<R, F>(file: &str, inputs: &[R::Input], outputs: &[R::Output])
where
    R: Workflow,
    F: Workflow,
    R::Input: Serialize + DeserializeOwned + PartialEq + Debug,
    R::Output: Serialize + DeserializeOwned + PartialEq + Debug,
    F::Input: Serialize + DeserializeOwned,
    F::Output: Serialize,
{
    assert_workflow_file::<R>(file);
    assert_eq!((F::NAME, F::DEPLOYMENT_ID), (R::NAME, R::DEPLOYMENT_ID));
    let derived = R::schemas().expect("derived schemas");
    // Derived once: the same texts at the same addresses, which the validator cache keys on.
    let again = R::schemas().expect("derived schemas");
    for (first, second) in [(derived.input, again.input), (derived.result, again.result)] {
        let (first, second) = (first.expect("derived"), second.expect("derived"));
        assert!(std::ptr::eq(first, second), "{} derived twice", R::NAME);
    }
    assert_eq!(derived.input_checks, derived.input);
    let generated = F::schemas().expect("generated schemas");
    let schema = |text: Option<&'static str>| text.expect("known schema");
    for (index, input) in inputs.iter().enumerate() {
        agree_on::<R::Input, F::Input>(
            &format!("{} input {index}", R::NAME),
            input,
            schema(derived.input),
            schema(generated.input),
        );
    }
    for (index, output) in outputs.iter().enumerate() {
        agree_on::<R::Output, F::Output>(
            &format!("{} output {index}", R::NAME),
            output,
            schema(derived.result),
            schema(generated.result),
        );
    }
}

/// The other way: a value of the generated type `G` decodes into the Rust type as `expected`,
/// which encodes to the same JSON.
fn generated_agrees<G, T>(generated: &G, expected: &T)
where
    G: Serialize,
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let encoded = serde_json::to_value(generated).expect("generated types encode");
    let rust: T = serde_json::from_value(encoded.clone())
        .unwrap_or_else(|error| panic!("{encoded} does not decode in Rust: {error}"));
    assert_eq!(&rust, expected);
    let again = serde_json::to_value(&rust).expect("Rust types encode");
    assert!(same_data(&encoded, &again), "{encoded}\n{again}");
}

#[test]
fn nested_structs_vecs_and_options_agree() {
    use rust::{Address, Customer, Line, Order, Receipt};
    let order = |zip: Option<&str>, lines: Vec<Line>| Order {
        id: 7,
        customer: Customer {
            name: "Ada".into(),
            address: Address {
                city: "London".into(),
                zip: zip.map(Into::into),
            },
        },
        lines,
    };
    let line = Line {
        sku: "A-1".into(),
        quantity: 3,
        price: 2.5,
    };
    agree::<rust::Nested, rf_nested::RfNested>(
        "schemas/rust-first/nested.json",
        &[
            order(Some("N1"), vec![line.clone(), line]),
            order(None, vec![]),
        ],
        &[
            Receipt {
                total: 7.5,
                note: Some("thanks".into()),
                accepted: true,
            },
            Receipt {
                total: 0.0,
                note: None,
                accepted: false,
            },
        ],
    );
}

#[test]
fn string_enums_tagged_enums_and_an_enum_root_agree() {
    use rust::{Color, Finish, Paint, Verdict};
    agree::<rust::Enums, rf_enums::RfEnums>(
        "schemas/rust-first/enums.json",
        &[
            Paint {
                color: Color::DeepBlue,
                finish: Finish::Gloss { level: 3 },
            },
            Paint {
                color: Color::Red,
                finish: Finish::Satin("soft".into()),
            },
        ],
        &[
            Verdict::Approved { by: "Bo".into() },
            Verdict::Rejected {
                reason: "too red".into(),
                retry: true,
            },
        ],
    );
    generated_agrees(
        &rf_enums::Input {
            color: rf_enums::Color::Deepblue,
            finish: rf_enums::Finish::Gloss(rf_enums::Gloss { level: 9 }),
        },
        &Paint {
            color: Color::DeepBlue,
            finish: Finish::Gloss { level: 9 },
        },
    );
    generated_agrees(
        &rf_enums::Output::Rejected {
            reason: "no".into(),
            retry: false,
        },
        &Verdict::Rejected {
            reason: "no".into(),
            retry: false,
        },
    );
}

#[test]
fn maps_and_nested_vecs_agree() {
    use rust::{Inventory, Stats};
    agree::<rust::Maps, rf_maps::RfMaps>(
        "schemas/rust-first/maps.json",
        &[
            Inventory {
                counts: [("bolts".to_owned(), 10), ("nuts".to_owned(), 0)].into(),
                labels: [("a".to_owned(), "first".to_owned())].into(),
                tags: vec!["x".into(), "y".into()],
                matrix: vec![vec![1, -2], vec![], vec![3]],
            },
            Inventory {
                counts: Default::default(),
                labels: Default::default(),
                tags: vec![],
                matrix: vec![],
            },
        ],
        &[
            Stats {
                by_kind: [("a".to_owned(), vec![1.5, 2.0])].into(),
                missing: Some(vec!["b".into()]),
            },
            Stats {
                by_kind: Default::default(),
                missing: None,
            },
        ],
    );
}

#[test]
fn camel_case_and_renamed_fields_agree() {
    use rust::{HomeAddress, Profile, Score};
    agree::<rust::Camel, rf_camel::RfCamel>(
        "schemas/rust-first/camel.json",
        &[Profile {
            first_name: "Grace".into(),
            last_name: "Hopper".into(),
            date_of_birth: Some("1906-12-09".into()),
            home_address: HomeAddress {
                street_name: "Main".into(),
                house_number: 1,
            },
        }],
        &[Score {
            overall_score: 0.5,
            flagged: true,
        }],
    );
    let encoded = serde_json::to_value(rf_camel::Output {
        overall_score: 1.0,
        x_flagged: false,
    })
    .expect("encodes");
    assert_eq!(encoded, json!({"overallScore": 1.0, "x-flagged": false}));
}

#[test]
fn recursive_types_agree() {
    use rust::{Comment, Link, Node, Tree};
    let leaf = |label: &str| Node {
        label: label.into(),
        children: vec![],
    };
    agree::<rust::Recursive, rf_recursive::RfRecursive>(
        "schemas/rust-first/recursive.json",
        &[Tree {
            root: Node {
                label: "root".into(),
                children: vec![
                    leaf("a"),
                    Node {
                        label: "b".into(),
                        children: vec![leaf("c")],
                    },
                ],
            },
            chain: Link {
                value: 1,
                next: Some(Box::new(Link {
                    value: 2,
                    next: None,
                })),
            },
        }],
        &[Comment {
            text: "first".into(),
            replies: vec![Comment {
                text: "second".into(),
                replies: vec![],
            }],
        }],
    );
}

#[test]
fn scalars_newtypes_and_a_nullable_result_agree() {
    use rust::{Inner, Level, Settings};
    agree::<rust::Scalars, rf_scalars::RfScalars>(
        "schemas/rust-first/scalars.json",
        &[
            Settings {
                enabled: true,
                ratio: 0.25,
                small: -128,
                big: u64::MAX,
                level: Level(255),
                inner: Some(Inner { name: "n".into() }),
            },
            Settings {
                enabled: false,
                ratio: 1.0,
                small: 127,
                big: 0,
                level: Level(0),
                inner: None,
            },
        ],
        &[Some(Inner { name: "m".into() }), None],
    );
}

#[test]
fn untagged_and_adjacently_tagged_enums_and_flatten_agree() {
    use rust::{Event, Found, IdOrName, Lookup, Paging};
    agree::<rust::Unions, rf_unions::RfUnions>(
        "schemas/rust-first/unions.json",
        &[
            Lookup {
                key: IdOrName::Id(3),
                event: Event::Click { x: 1, y: -1 },
                paging: Paging {
                    page: 1,
                    per_page: Some(20),
                },
            },
            Lookup {
                key: IdOrName::Name("ada".into()),
                event: Event::Key("q".into()),
                paging: Paging {
                    page: 2,
                    per_page: None,
                },
            },
        ],
        &[Found {
            hits: vec![IdOrName::Id(1), IdOrName::Name("b".into())],
            extra: [("score".to_owned(), json!(0.5))].into(),
        }],
    );
    generated_agrees(
        &rf_unions::Input {
            key: rf_unions::IdOrName::String("ada".into()),
            event: rf_unions::Event::Click(rf_unions::C { x: 1, y: 2 }),
            page: 3,
            per_page: None,
        },
        &Lookup {
            key: IdOrName::Name("ada".into()),
            event: Event::Click { x: 1, y: 2 },
            paging: Paging {
                page: 3,
                per_page: None,
            },
        },
    );
}

#[test]
fn doc_comments_become_descriptions_and_rustdoc() {
    let file = workflow_runtime::export::<rust::Nested>().expect("exports");
    assert_eq!(
        file["result"]["properties"]["total"]["description"],
        "The total, taxes included."
    );
    assert_eq!(file["input"]["description"], "An order to price.");
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/rust-first/nested.json");
    let tokens = workflow_codegen::generate_file(
        &path,
        std::path::Path::new("nested.json"),
        &workflow_codegen::Options::default(),
    )
    .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
    let code = workflow_codegen::pretty(&tokens).expect("parses");
    assert!(code.contains("/// The total, taxes included."), "{code}");
    assert!(code.contains("/// What was ordered, in order."), "{code}");
}

#[tokio::test]
async fn a_declared_workflow_checks_inputs_and_repairs_results() {
    let studio = MockStudio::start().await;
    // A model that writes the number as text.
    studio
        .on::<rust::Nested>()
        .respond_json(|_order| json!({"total": "7.5", "accepted": true}));
    let client = studio.client();
    let order = |sku: &str| rust::Order {
        id: 1,
        customer: rust::Customer {
            name: "Ada".into(),
            address: rust::Address {
                city: "London".into(),
                zip: None,
            },
        },
        lines: vec![rust::Line {
            sku: sku.into(),
            quantity: 1,
            price: 1.0,
        }],
    };
    let detailed = client
        .run::<rust::Nested>(&order("A-1"))
        .detailed()
        .await
        .expect("repaired");
    assert_eq!(detailed.output.total, 7.5);
    assert_eq!(detailed.output.note, None);
    let repaired: Vec<&str> = detailed
        .repairs
        .iter()
        .map(|repair| repair.path.as_str())
        .collect();
    assert_eq!(repaired, ["result.total"]);

    // `sku` has `#[schemars(length(min = 1))]`: an empty one is refused before sending.
    let error = client
        .run::<rust::Nested>(&order(""))
        .await
        .map(drop)
        .expect_err("too short");
    let ErrorKind::InvalidInput { violations, .. } = error.kind() else {
        panic!("expected an invalid input, got {error:?}");
    };
    let pointers: Vec<&str> = violations
        .iter()
        .map(|violation| violation.pointer.as_str())
        .collect();
    assert_eq!(pointers, ["/lines/0/sku"]);
    assert_eq!(studio.requests().len(), 1, "the invalid input is not sent");
}

#[tokio::test]
async fn an_input_or_output_that_is_not_an_object_is_a_config_error_at_first_use() {
    let studio = MockStudio::start().await;
    let client = studio.client();
    let error = client
        .run::<rust::TupleInput>(&rust::Pair(1, 2))
        .await
        .map(drop)
        .expect_err("a tuple struct is not an object");
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow tuple-input: its input type `suite::rust_first::rust::Pair` has a \
         schema that is not a JSON object (it describes an array): the input travels as a JSON \
         object; use a struct with named fields or an enum with `#[serde(tag = \"...\")]`"
    );
    let error = client
        .run::<rust::EnumOutput>(&rust::Inner { name: "n".into() })
        .await
        .map(drop)
        .expect_err("a string enum is not an object");
    assert_eq!(
        error.to_string(),
        "workflow enum-output: its output type `suite::rust_first::rust::Color` has a \
         schema that is not a JSON object (it describes a string): the output travels as a JSON \
         object; use a struct with named fields or an enum with `#[serde(tag = \"...\")]`, or \
         an `Option` of one"
    );
    assert!(studio.requests().is_empty(), "nothing is sent");
    let export = workflow_runtime::export::<rust::TupleInput>().expect_err("no file either");
    assert!(matches!(export.kind(), ErrorKind::Config { .. }));
}

#[test]
fn a_generated_workflow_exports_a_file_that_generates_again() {
    use crate::roundtrip::car;
    let file = workflow_runtime::export::<car::Car>().expect("exports");
    assert_eq!(file["name"], "car");
    assert_eq!(file["deployment_id"], "dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a");
    let original: serde_json::Value =
        serde_json::from_str(include_str!("../../schemas/car.json")).expect("the sample is JSON");
    assert_eq!(file["examples"], original["examples"]);
    let dir = std::env::temp_dir().join(format!("workflow-export-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("car.json");
    std::fs::write(&path, serde_json::to_string_pretty(&file).expect("text")).expect("written");
    let generated = workflow_codegen::generate_file(
        &path,
        std::path::Path::new("car.json"),
        &workflow_codegen::Options::default(),
    );
    let _ = std::fs::remove_dir_all(&dir);
    let code = workflow_codegen::pretty(&generated.unwrap_or_else(|problems| panic!("{problems}")))
        .expect("parses");
    assert!(code.contains("pub prompt: ::std::string::String"), "{code}");
}

#[tokio::test]
async fn a_declared_workflow_verifies_against_its_deployment() {
    let studio = MockStudio::start().await;
    studio.list_workflow::<rust::Nested>();
    let client = studio.client();
    assert_eq!(
        client.verify::<rust::Nested>().await.expect("unchanged"),
        []
    );
    // The editor's copy lost a result field the Rust type has.
    let file = workflow_runtime::export::<rust::Nested>().expect("exports");
    // The listing's schemas are self-contained: the file's shared `$defs` go into each.
    let listed = |role: &str| {
        let mut schema = file[role].clone();
        if let Some(defs) = file.get("$defs") {
            schema["$defs"] = defs.clone();
        }
        schema
    };
    let mut result = listed("result");
    let receipt = match result.get("$ref").and_then(|target| target.as_str()) {
        Some(target) => target.trim_start_matches('#').to_owned(),
        None => String::new(),
    };
    result
        .pointer_mut(&format!("{receipt}/properties"))
        .and_then(|properties| properties.as_object_mut())
        .expect("the result's properties")
        .remove("total");
    if let Some(required) = result
        .pointer_mut(&format!("{receipt}/required"))
        .and_then(|required| required.as_array_mut())
    {
        required.retain(|name| name != "total");
    }
    studio.list(
        workflow_runtime::deployments::Deployment::new("dep_nested")
            .schemas(listed("input"), result),
    );
    let error = client.verify::<rust::Nested>().await.expect_err("breaking");
    let ErrorKind::Drift { changes, .. } = error.kind() else {
        panic!("expected drift, got {error:?}");
    };
    assert_eq!(changes[0].field, "result.total");
    assert_eq!(changes[0].rule, workflow_runtime::drift::Rule::FieldRemoved);
}
