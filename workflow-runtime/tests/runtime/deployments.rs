//! `Client::deployments`, `deployment` and `verify` against `MockStudio`'s listing, and the
//! listing's faults: pages, bad answers, foreign origins, a key in the wrong place.

use serde_json::{Value, json};
use workflow_runtime::deployments::Deployment;
use workflow_runtime::drift::{Rule, Severity};
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Auth, ErrorKind, RetryPolicy, Workflow};

use crate::support::{CarInput, CarResult, quick_retries};

/// `car` with its schemas, as `workflow!` would carry them.
struct Car;

const CAR_INPUT: &str = r#"{"type":"object","required":["prompt"],"properties":{"prompt":{"type":"string","minLength":1},"temperature":{"type":"number"}}}"#;
const CAR_RESULT: &str = r#"{"type":"object","required":["completion"],"properties":{"completion":{"type":"string"},"entities":{"type":"array","items":{"type":"object","required":["name","kind"],"properties":{"name":{"type":"string"},"kind":{"enum":["make","model"]}}}}}}"#;

impl Workflow for Car {
    type Input = CarInput;
    type Output = CarResult;
    const NAME: &'static str = "car";
    const DEPLOYMENT_ID: Option<&'static str> = Some("dep_car");
    const INPUT_SCHEMA: Option<&'static str> = Some(CAR_INPUT);
    const RESULT_SCHEMA: Option<&'static str> = Some(CAR_RESULT);
}

fn car_input() -> Value {
    serde_json::from_str(CAR_INPUT).unwrap()
}

fn car_result() -> Value {
    serde_json::from_str(CAR_RESULT).unwrap()
}

fn listed(id: &str, name: &str) -> Deployment {
    Deployment::new(id)
        .name(name)
        .created_at("2024-05-01T10:00:00Z")
        .schemas(json!({"prompt": "string"}), json!({"completion": "string"}))
}

#[tokio::test]
async fn the_listing_is_a_bearer_get_whatever_the_run_auth() {
    let studio = MockStudio::start().await;
    studio.list(listed("dep_1", "car"));
    // A client whose runs send `API_KEY` only.
    let client = studio
        .client_builder()
        .auth(Auth::ApiKeyHeader)
        .build()
        .unwrap();
    let deployments = client.deployments().await.unwrap();
    assert_eq!(deployments, [listed("dep_1", "car")]);
    let request = &studio.requests()[0];
    assert_eq!(request.method, "GET");
    assert_eq!(request.path, "/api/v1/deployments");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", studio.api_key()).as_str())
    );
    assert_eq!(request.header("api_key"), None);
}

#[tokio::test]
async fn every_page_is_followed_in_order() {
    let studio = MockStudio::start().await;
    for index in 0..7 {
        studio.list(listed(&format!("dep_{index}"), &format!("w{index}")));
    }
    studio.listing_page_size(3);
    let ids: Vec<String> = studio
        .client()
        .deployments()
        .await
        .unwrap()
        .into_iter()
        .map(|deployment| deployment.deployment_id)
        .collect();
    assert_eq!(
        ids,
        [
            "dep_0", "dep_1", "dep_2", "dep_3", "dep_4", "dep_5", "dep_6"
        ]
    );
    let paths: Vec<String> = studio
        .requests()
        .into_iter()
        .map(|request| request.path)
        .collect();
    assert_eq!(
        paths,
        [
            "/api/v1/deployments",
            "/api/v1/deployments?cursor=3",
            "/api/v1/deployments?cursor=6"
        ]
    );
}

#[tokio::test]
async fn a_wrong_key_is_unauthorized_and_says_it_was_the_listing() {
    let studio = MockStudio::start().await;
    let client = studio.client_builder().api_key("wrong").build().unwrap();
    let error = client.deployments().await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Unauthorized { status: 401, .. }),
        "{error}"
    );
    assert!(error.is_listing());
    assert_eq!(
        error.to_string(),
        "the deployments listing: server answered 401 Unauthorized: the API key was rejected or \
         did not reach the server; body: {}"
    );
}

#[tokio::test]
async fn answers_that_are_not_listings_name_what_is_wrong() {
    let studio = MockStudio::start().await;
    let client = studio.client();
    let cases = [
        (
            "<html>oops</html>",
            "",
            "the answer is not JSON: expected value at line 1 column 1",
        ),
        (
            r#"{"items": []}"#,
            "",
            "the answer has no `deployments` array: it is not a deployments listing",
        ),
        (
            r#"{"deployments": [{"deployment_id": "dep_1"}, {"recipe_name": "car"}]}"#,
            "deployments[1].deployment_id",
            "missing: every deployment needs its id",
        ),
        (
            r#"{"deployments": [{"deployment_id": "dep_1", "schemas": "none"}]}"#,
            "deployments[0].schemas",
            "expected an object with request_schema and response_schema, found a string",
        ),
    ];
    for (body, want_path, want_message) in cases {
        studio.respond_listing_raw(200, &[("content-type", "application/json")], body);
        let error = client.deployments().await.unwrap_err();
        let ErrorKind::Decode { path, message, .. } = error.kind() else {
            panic!("{body}: {error}");
        };
        assert_eq!(
            (path.as_str(), message.as_str()),
            (want_path, want_message),
            "{body}"
        );
        assert!(
            error.to_string().starts_with("the deployments listing: "),
            "{error}"
        );
    }
}

#[tokio::test]
async fn a_listing_that_loops_is_an_error_not_a_hang() {
    let studio = MockStudio::start().await;
    studio.respond_listing_raw(
        200,
        &[],
        r#"{"deployments": [{"deployment_id": "dep_1"}], "next": "/api/v1/deployments"}"#,
    );
    let error = studio.client().deployments().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Listing { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        format!(
            "the deployments listing: page 2 points back at an earlier page ({}/api/v1/deployments): \
             the listing loops",
            studio.url()
        )
    );
    assert_eq!(studio.requests().len(), 1);
}

#[tokio::test]
async fn a_next_page_on_another_origin_is_never_sent_the_key() {
    let elsewhere = MockStudio::start().await;
    let studio = MockStudio::start().await;
    studio.respond_listing_raw(
        200,
        &[],
        json!({"deployments": [], "next": format!("{}/api/v1/deployments", elsewhere.url())})
            .to_string(),
    );
    let error = studio.client().deployments().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Listing { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("is on another origin than the base URL's"),
        "{error}"
    );
    assert_eq!(elsewhere.requests().len(), 0);
}

#[tokio::test]
async fn a_failing_listing_is_retried_since_asking_again_is_free() {
    let studio = MockStudio::start().await;
    studio.respond_listing_raw(500, &[], "{}");
    let client = studio
        .client_builder()
        .retry_policy(quick_retries())
        .build()
        .unwrap();
    let error = client.deployments().await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    // The run policy never retries a 500; the listing does, as often as the policy allows.
    assert_eq!(studio.requests().len(), 3);
    let once = studio
        .client_builder()
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    once.deployments().await.unwrap_err();
    assert_eq!(studio.requests().len(), 4);
}

#[tokio::test]
async fn listings_larger_than_the_limit_in_total_are_cut_off() {
    let studio = MockStudio::start().await;
    for index in 0..40 {
        studio.list(listed(&format!("dep_{index:03}"), "w"));
    }
    studio.listing_page_size(10);
    let client = studio
        .client_builder()
        .max_response_bytes(4096)
        .build()
        .unwrap();
    let error = client.deployments().await.unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ErrorKind::ResponseTooLarge { limit: 4096, .. }
        ),
        "{error}"
    );
    // Each page fits; the total does not.
    assert!(studio.requests().len() > 1);
}

#[tokio::test]
async fn a_deployment_not_listed_names_those_that_are() {
    let studio = MockStudio::start().await;
    studio.list(listed("dep_1", "car"));
    studio.list(listed("dep_2", "triage"));
    let client = studio.client();
    assert_eq!(
        client.deployment("dep_2").await.unwrap(),
        listed("dep_2", "triage")
    );
    let error = client.deployment("car").await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Listing { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "the deployments listing: deployment car is not listed (2 deployments are listed: dep_1, \
         dep_2); \"car\" is the name of deployment dep_1: pass its id"
    );
}

#[tokio::test]
async fn verify_passes_an_unchanged_deployment() {
    let studio = MockStudio::start().await;
    studio.list_workflow::<Car>();
    assert_eq!(studio.client().verify::<Car>().await.unwrap(), []);
}

#[tokio::test]
async fn verify_returns_compatible_changes_and_fails_on_breaking_ones() {
    let studio = MockStudio::start().await;
    let client = studio.client();

    // A new optional input and a new result field: compatible.
    let mut input = car_input();
    input["properties"]["style"] = json!({"type": "string"});
    let mut result = car_result();
    result["properties"]["source"] = json!({"type": "string"});
    studio.list(Deployment::new("dep_car").schemas(input.clone(), result));
    let changes = client.verify::<Car>().await.unwrap();
    let found: Vec<(Severity, Rule, &str)> = changes
        .iter()
        .map(|change| (change.severity, change.rule, change.field.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (Severity::Compatible, Rule::FieldAdded, "input.style"),
            (Severity::Compatible, Rule::FieldAdded, "result.source"),
        ]
    );

    // An enum widened in the result: the old client cannot decode the new value.
    let mut result = car_result();
    result["properties"]["entities"]["items"]["properties"]["kind"]["enum"] =
        json!(["make", "model", "trim"]);
    studio.list(Deployment::new("dep_car").schemas(input, result));
    let error = client.verify::<Car>().await.unwrap_err();
    let ErrorKind::Drift { changes, .. } = error.kind() else {
        panic!("{error}");
    };
    assert_eq!(changes[0].severity, Severity::Breaking);
    assert_eq!(changes[0].rule, Rule::EnumWidened);
    assert_eq!(changes[0].field, "result.entities[].kind");
    assert_eq!(error.workflow(), Some("car"));
    assert_eq!(error.deployment_id(), Some("dep_car"));
    assert_eq!(
        error.to_string(),
        "workflow car (dep_car): the deployed workflow changed in 1 way that breaks this client \
         (regenerate it from the deployment: `workflow pull`); breaking: result.entities[].kind: \
         now also allows \"trim\" (enum_widened, at /properties/entities/items/properties/kind); \
         compatible: input.style: new optional field (field_added, new schema at \
         /properties/style)"
    );
}

#[tokio::test]
async fn verify_reads_flat_field_maps() {
    let studio = MockStudio::start().await;
    // What the listing may carry instead of JSON Schema: every field required, by type name.
    studio.list(
        Deployment::new("dep_car")
            .schemas(json!({"prompt": "string"}), json!({"completion": "text"})),
    );
    let error = studio.client().verify::<Car>().await.unwrap_err();
    let ErrorKind::Drift { changes, .. } = error.kind() else {
        panic!("{error}");
    };
    let found: Vec<(Severity, Rule, &str)> = changes
        .iter()
        .map(|change| (change.severity, change.rule, change.field.as_str()))
        .collect();
    // Read as `{"type": "object", "properties": {...}, "required": [...]}`: the map has no
    // `entities` (the old client expects it), `temperature` (no longer read) or `minLength`.
    assert_eq!(
        found,
        [
            (Severity::Breaking, Rule::FieldRemoved, "result.entities"),
            (
                Severity::Compatible,
                Rule::ConstraintLoosened,
                "input.prompt"
            ),
            (
                Severity::Compatible,
                Rule::FieldRemoved,
                "input.temperature"
            ),
        ]
    );
}

#[tokio::test]
async fn verify_names_a_deployment_without_schemas() {
    let studio = MockStudio::start().await;
    studio.list(Deployment::new("dep_car").name("car"));
    let error = studio.client().verify::<Car>().await.unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Listing { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "workflow car (dep_car): the deployments listing: deployment dep_car (car) is listed \
         without a schemas.request_schema"
    );
    studio.list(Deployment::new("dep_car").schemas(json!([1, 2]), json!({})));
    let error = studio.client().verify::<Car>().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_car): the deployments listing: deployment dep_car: \
         schemas.request_schema is an array, not a JSON Schema object"
    );
}

#[tokio::test]
async fn verify_needs_schemas_and_a_deployment_id() {
    let studio = MockStudio::start().await;
    let error = studio
        .client()
        .verify::<crate::support::Car>()
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ErrorKind::Config { .. }), "{error}");
    assert_eq!(
        error.to_string(),
        "workflow car carries no input schema to verify (a hand-written `Workflow` impl: set \
         INPUT_SCHEMA and RESULT_SCHEMA, or derive the workflow)"
    );
    let error = studio
        .client()
        .verify::<crate::support::Draft>()
        .await
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow draft has no deployment id to verify against"
    );
    assert_eq!(studio.requests().len(), 0);
}

#[tokio::test]
async fn the_mock_listing_has_the_services_auth_rules() {
    let studio = MockStudio::start().await;
    studio.list(listed("dep_1", "car"));
    let http = crate::support::direct_http();
    let url = format!("{}/api/v1/deployments", studio.url());
    let status = |request: workflow_runtime::reqwest::RequestBuilder| async move {
        request.send().await.unwrap().status().as_u16()
    };
    // The key in `API_KEY`, as runs take it, is not the listing's auth.
    assert_eq!(
        status(http.get(&url).header("API_KEY", studio.api_key())).await,
        401
    );
    assert_eq!(status(http.get(&url).bearer_auth("wrong")).await, 401);
    assert_eq!(
        status(http.post(&url).bearer_auth(studio.api_key())).await,
        405
    );
    assert_eq!(
        status(http.get(&url).bearer_auth(studio.api_key())).await,
        200
    );
    studio.accept_any_api_key();
    assert_eq!(status(http.get(&url).bearer_auth("any")).await, 200);
    assert_eq!(status(http.get(&url).bearer_auth("")).await, 401);
    let body = http
        .get(&url)
        .bearer_auth("any")
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let listing: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(
        listing,
        json!({"deployments": [{
            "deployment_id": "dep_1",
            "created_at": "2024-05-01T10:00:00Z",
            "recipe_name": "car",
            "schemas": {
                "request_schema": {"prompt": "string"},
                "response_schema": {"completion": "string"}
            }
        }]})
    );
    studio.unlist("dep_1");
    assert_eq!(studio.client().deployments().await.unwrap(), []);
}
