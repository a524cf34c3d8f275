//! The live service's other route and auth styles: `Route::Instructions` with Bearer auth and
//! the `completion` envelope, and `Auth::Both`.

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Auth, Error, ErrorKind, Route};

use crate::support::*;

#[tokio::test]
async fn the_instructions_route_sends_a_bearer_key_and_reads_the_completion() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
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
    traces.assert_no_key();
}

#[tokio::test]
async fn the_instructions_route_decodes_paths_under_completion() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(
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
        matches!(error.kind(), ErrorKind::Decode { path, .. } if path == "completion.entities[0].kind"),
        "{error:?}"
    );

    // A body in the other route's envelope is missing its `completion`.
    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], r#"{"result":{"completion":"x"}}"#);
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): missing field `completion` at line 1 column 29; the answer has \
         `result` instead, as Route::Workflows answers: call that route \
         (PROMPT_STUDIO_ROUTE=workflows), or a custom one with the envelope `result`; body: \
         {\"result\":{\"completion\":\"x\"}}"
    );

    studio.on_deployment("dep_json").respond(|input| input);
    let echoed = client
        .run_json("dep_json", json!({ "x": 1 }))
        .await
        .unwrap();
    assert_eq!(echoed, json!({ "x": 1 }));
    traces.assert_no_key();
}

#[tokio::test]
async fn auth_both_sends_the_key_in_both_headers() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let client = studio.client_builder().auth(Auth::Both).build().unwrap();

    client.run::<Car>(&fastest()).await.unwrap();

    let request = &studio.requests()[0];
    assert_eq!(request.path, "/v1/workflows/dep_123/run");
    assert_eq!(request.header("api_key"), Some(studio.api_key()));
    assert_eq!(
        request.header("authorization"),
        Some(format!("Bearer {}", studio.api_key()).as_str())
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn the_mock_expects_each_routes_own_auth_style() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());

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
    traces.assert_no_key();
}

#[tokio::test]
async fn a_custom_route_puts_the_encoded_id_where_the_template_says_and_reads_its_envelope() {
    let traces = Traces::capture();
    let route = Route::custom("/v1/deployment/{deployment_id}/run", Some("data")).unwrap();
    assert_eq!(route.template(), "v1/deployment/{deployment_id}/run");
    assert_eq!(route.envelope(), Some("data"));
    assert_eq!(route.default_auth(), Auth::ApiKeyHeader);
    let studio = MockStudio::start().await;
    studio.serve_route(route.clone());
    studio.on::<Car>().respond(|_| chiron());
    studio.on_deployment("a b/c").respond(|input| input);
    let client = studio.client_builder().route(route).build().unwrap();

    let result = client.run::<Car>(&fastest()).await.unwrap();
    assert_eq!(result, chiron());
    let echoed = client
        .run_json("a b/c", json!({ "x": [1, 2] }))
        .await
        .unwrap();
    assert_eq!(echoed, json!({ "x": [1, 2] }));

    let requests = studio.requests();
    assert_eq!(requests[0].path, "/v1/deployment/dep_123/run");
    assert_eq!(requests[0].header("api_key"), Some(studio.api_key()));
    assert_eq!(requests[0].header("authorization"), None);
    assert_eq!(
        &requests[0].body[..],
        br#"{"input":{"prompt":"fastest car?"}}"#
    );
    assert_eq!(requests[1].path, "/v1/deployment/a%20b%2Fc/run");
    assert!(
        format!("{client:?}").contains("route: Custom(CustomRoute { prefix: \"v1/deployment/\""),
        "{client:?}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_custom_route_skips_other_keys_and_names_a_missing_or_doubled_envelope() {
    let traces = Traces::capture();
    let route = Route::custom("run/{deployment_id}", Some("data")).unwrap();
    let studio = MockStudio::start().await;
    studio.serve_route(route.clone());
    let client = studio.client_builder().route(route).build().unwrap();

    studio.on_deployment("dep_123").respond_raw(
        200,
        &[],
        r#"{"meta":{"data":1},"data":{"completion":"Chiron","extra":[1]},"usage":{"tokens":3}}"#,
    );
    let result = client.run::<Car>(&fastest()).await.unwrap();
    assert_eq!(result.completion, "Chiron");
    assert_eq!(studio.requests()[0].path, "/run/dep_123");

    studio
        .on_deployment("dep_123")
        .respond_raw(200, &[], r#"{"result":{"completion":"x"}}"#);
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): missing field `data` at line 1 column 29; the answer has \
         `result` instead, as Route::Workflows answers: call that route \
         (PROMPT_STUDIO_ROUTE=workflows), or a custom one with the envelope `result`; body: \
         {\"result\":{\"completion\":\"x\"}}"
    );

    studio.on_deployment("dep_123").respond_raw(
        200,
        &[],
        r#"{"data":{"completion":"x"},"data":{"completion":"y"}}"#,
    );
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("workflow car (dep_123): duplicate field `data` at line 1 column"),
        "{error}"
    );

    studio.on_deployment("dep_123").respond_raw(
        200,
        &[],
        r#"{"data":{"completion":"x","entities":[{"name":"Ettore","kind":"person"}]}}"#,
    );
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { path, .. } if path == "data.entities[0].kind"),
        "{error:?}"
    );

    studio.on_deployment("dep_123").respond_raw(
        200,
        &[],
        r#"{"data":{"completion":"x"}} trailing"#,
    );
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("workflow car (dep_123): trailing characters at line 1 column 29"),
        "{error}"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_custom_route_without_an_envelope_reads_the_whole_answer() {
    let traces = Traces::capture();
    let route = Route::custom("v2/flows/{deployment_id}:run", None).unwrap();
    assert_eq!(route.envelope(), None);
    let studio = MockStudio::start().await;
    studio.serve_route(route.clone());
    studio.on::<Car>().respond(|_| chiron());
    let client = studio
        .client_builder()
        .route(route)
        .auth(Auth::Bearer)
        .build()
        .unwrap();

    assert_eq!(client.run::<Car>(&fastest()).await.unwrap(), chiron());
    let request = &studio.requests()[0];
    assert_eq!(request.path, "/v2/flows/dep_123:run");
    assert_eq!(request.header("api_key"), None);

    studio.on_deployment("dep_123").respond_raw(
        200,
        &[],
        r#"{"completion":"x","entities":[{"name":"Ettore","kind":"person"}]}"#,
    );
    let error = client.run::<Car>(&fastest()).await.unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Decode { path, .. } if path == "entities[0].kind"),
        "{error:?}"
    );
    traces.assert_no_key();
}

#[test]
fn a_custom_route_template_is_checked_up_front() {
    let message = |template: &str, envelope: Option<&str>| {
        Route::custom(template, envelope).unwrap_err().to_string()
    };
    assert_eq!(
        message("v1/deployment/run", Some("result")),
        "the route \"v1/deployment/run\" has no `{deployment_id}`: write where the deployment \
         id goes, e.g. \"v1/deployment/{deployment_id}/run\""
    );
    assert_eq!(
        message("{deployment_id}/{deployment_id}", Some("result")),
        "the route \"{deployment_id}/{deployment_id}\" has `{deployment_id}` more than once"
    );
    assert_eq!(
        message("v1/{deployment_id}/run?x=1", Some("result")),
        "the route \"v1/{deployment_id}/run?x=1\" has a query or fragment: only a path goes \
         there, the base URL holds the rest"
    );
    assert_eq!(
        message("v1/{deployment_id}/my run", Some("result")),
        "the route \"v1/{deployment_id}/my run\" has ' ': write the path as it is sent, \
         percent-encoded"
    );
    assert_eq!(
        message("v1/{deployment_id}/run", Some("")),
        "the route's envelope is empty: name the key that holds the output, or use `None` when \
         the answer is the output itself"
    );
    assert!(matches!(
        Route::custom("v1/run", None).map_err(Error::into_kind),
        Err(ErrorKind::Config { .. })
    ));
}
