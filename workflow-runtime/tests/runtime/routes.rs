//! The live service's other route and auth styles: `Route::Instructions` with Bearer auth and
//! the `completion` envelope, and `Auth::Both`.

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Auth, Error, Route};

use crate::support::*;

#[tokio::test]
async fn the_instructions_route_sends_a_bearer_key_and_reads_the_completion() {
    let studio = MockStudio::start().await;
    studio.respond::<Car>(|_| chiron());
    let client = studio
        .client_builder()
        .route(Route::Instructions)
        .build()
        .unwrap();

    let result = client.run::<Car>(&fastest()).await.unwrap();

    assert_eq!(result, chiron());
    let request = &studio.requests()[0];
    assert_eq!(request.path, "/api/v1/instructions/dep_123/run");
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", studio.api_key()).as_str())
    );
    assert_eq!(request.header("api_key"), None);
    assert_eq!(&request.body[..], br#"{"input":{"prompt":"fastest car?"}}"#);
    assert!(format!("{client:?}").contains("route: Instructions, auth: Bearer"));
}

#[tokio::test]
async fn the_instructions_route_decodes_paths_under_completion() {
    let studio = MockStudio::start().await;
    studio.respond_raw(
        "dep_123",
        200,
        &[("content-type", "application/json")],
        r#"{"completion":{"completion":"Chiron","entities":[{"name":"Ettore","kind":"person"}]}}"#,
    );
    let client = studio
        .client_builder()
        .route(Route::Instructions)
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Decode { path, .. } if path == "completion.entities[0].kind"),
        "{error:?}"
    );

    // A body in the other route's envelope is missing its `completion`.
    studio.respond_raw("dep_123", 200, &[], r#"{"result":{"completion":"x"}}"#);
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): missing field `completion` at line 1 column 29; body: \
         {\"result\":{\"completion\":\"x\"}}"
    );

    studio.respond_json("dep_json", |input| input);
    let echoed = client
        .run_json("dep_json", json!({ "x": 1 }))
        .await
        .unwrap();
    assert_eq!(echoed, json!({ "x": 1 }));
}

#[tokio::test]
async fn auth_both_sends_the_key_in_both_headers() {
    let studio = MockStudio::start().await;
    studio.respond::<Car>(|_| chiron());
    let client = studio.client_builder().auth(Auth::Both).build().unwrap();

    client.run::<Car>(&fastest()).await.unwrap();

    let request = &studio.requests()[0];
    assert_eq!(request.path, "/v1/workflows/dep_123/run");
    assert_eq!(request.header("api_key"), Some(studio.api_key()));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", studio.api_key()).as_str())
    );
}

#[tokio::test]
async fn the_mock_expects_each_routes_own_auth_style() {
    let studio = MockStudio::start().await;
    studio.respond::<Car>(|_| chiron());

    let bearer_on_workflows = studio.client_builder().auth(Auth::Bearer).build().unwrap();
    let error = bearer_on_workflows
        .run::<Car>(&fastest())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));

    let header_on_instructions = studio
        .client_builder()
        .route(Route::Instructions)
        .auth(Auth::ApiKeyHeader)
        .build()
        .unwrap();
    let error = header_on_instructions
        .run::<Car>(&fastest())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));

    // Unless it accepts any key, wherever it comes.
    studio.accept_any_api_key();
    bearer_on_workflows.run::<Car>(&fastest()).await.unwrap();
    header_on_instructions.run::<Car>(&fastest()).await.unwrap();
}
