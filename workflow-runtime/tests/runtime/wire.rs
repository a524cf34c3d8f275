//! What goes over the wire, as the server sees it, and what comes back.

use serde_json::json;
use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Client, ErrorKind};

use crate::support::*;

#[tokio::test]
async fn run_posts_the_input_envelope_to_the_deployment_path_with_every_header() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());

    let result = studio.client().run::<Car>(&fastest()).await.unwrap();
    assert_eq!(result, chiron());

    let requests = studio.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/v1/workflows/dep_123/run");
    assert_eq!(request.header("api_key"), Some(studio.api_key()));
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("accept"), Some("application/json"));
    assert_eq!(request.header("user-agent"), Some("workflow-runtime/0.1.0"));
    // The unset optional `temperature` is left out, not sent as null.
    assert_eq!(&request.body[..], br#"{"input":{"prompt":"fastest car?"}}"#);
    assert_eq!(
        request.json,
        Some(json!({ "input": { "prompt": "fastest car?" } }))
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn optional_input_fields_that_are_set_are_sent() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let input = CarInput {
        temperature: Some(0.5),
        ..fastest()
    };

    studio.client().run::<Car>(&input).await.unwrap();

    assert_eq!(
        &studio.requests()[0].body[..],
        br#"{"input":{"prompt":"fastest car?","temperature":0.5}}"#
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn the_user_agent_can_be_overridden() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    let client = studio
        .client_builder()
        .user_agent("car-app/2.0")
        .build()
        .unwrap();

    client.run::<Car>(&fastest()).await.unwrap();

    assert_eq!(
        studio.requests()[0].header("user-agent"),
        Some("car-app/2.0")
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn deployment_ids_are_sent_as_one_percent_encoded_segment() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let client = studio.client();
    let cases = [
        ("../admin", "/v1/workflows/..%2Fadmin/run"),
        ("a b?c#d", "/v1/workflows/a%20b%3Fc%23d/run"),
        ("%2F", "/v1/workflows/%252F/run"),
        ("dép/ü", "/v1/workflows/d%C3%A9p%2F%C3%BC/run"),
    ];
    for (deployment_id, path) in cases {
        let echo_id = deployment_id.to_owned();
        studio
            .on::<Car>()
            .deployment(deployment_id)
            .respond(move |_| CarResult {
                completion: echo_id.clone(),
                entities: Vec::new(),
            });

        let result = client
            .run::<Car>(&fastest())
            .deployment(deployment_id)
            .await
            .unwrap();

        // The mock decoded the segment back to the very id and routed on it.
        assert_eq!(result.completion, deployment_id);
        assert_eq!(studio.requests().last().unwrap().path, path);
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn dot_segments_and_empty_ids_are_refused_before_sending() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    let client = studio.client();

    for (deployment_id, message) in [
        ("", "workflow car: the deployment id is empty"),
        (
            "..",
            "workflow car: the deployment id \"..\" cannot be sent as a path segment",
        ),
        (
            ".",
            "workflow car: the deployment id \".\" cannot be sent as a path segment",
        ),
    ] {
        let error = client
            .run::<Car>(&fastest())
            .deployment(deployment_id)
            .await
            .unwrap_err();
        assert!(
            matches!(error.kind(), ErrorKind::Config { .. }),
            "{error:?}"
        );
        assert_eq!(error.to_string(), message);
    }
    let error = client.run_json("", json!({})).await.unwrap_err();
    assert_eq!(error.to_string(), "the deployment id is empty");
    assert!(studio.requests().is_empty());
    traces.assert_no_key();
}

#[tokio::test]
async fn a_base_url_path_prefix_is_kept_with_or_without_trailing_slash() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|_| chiron());
    for base in [
        format!("{}/studio", studio.url()),
        format!("{}/studio/", studio.url()),
        format!("{}/studio//", studio.url()),
    ] {
        let client = builder_for(&base)
            .api_key(studio.api_key())
            .build()
            .unwrap();
        // The mock only serves the root, so the prefixed path is a wrong path to it: 404.
        let error = client.run::<Car>(&fastest()).await.unwrap_err();
        assert_eq!(
            error.to_string(),
            "workflow car (dep_123): server answered 404 Not Found: no workflow with this \
             deployment id; body: {\"error\":\"no route for POST /studio/v1/workflows/dep_123/run\"}"
        );
        assert_eq!(
            studio.requests().last().unwrap().path,
            "/studio/v1/workflows/dep_123/run"
        );
    }
    for base in [studio.url().to_owned(), format!("{}/", studio.url())] {
        let client = builder_for(&base)
            .api_key(studio.api_key())
            .build()
            .unwrap();
        assert_eq!(client.run::<Car>(&fastest()).await.unwrap(), chiron());
        assert_eq!(
            studio.requests().last().unwrap().path,
            "/v1/workflows/dep_123/run"
        );
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn unknown_fields_in_the_envelope_and_the_result_are_ignored() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio.on_deployment("dep_123").respond_raw(200, &[("content-type", "application/json")], r#"{"result":{"completion":"Chiron","rating":5,"entities":[{"name":"Bugatti","kind":"make","since":1909}]},"usage":{"tokens":42}}"#);

    let result = studio.client().run::<Car>(&fastest()).await.unwrap();

    assert_eq!(
        result,
        CarResult {
            completion: "Chiron".to_owned(),
            entities: vec![Entity {
                name: "Bugatti".to_owned(),
                kind: EntityKind::Make
            }],
        }
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn any_2xx_with_a_result_is_a_success() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_123")
        .respond_raw(201, &[], r#"{"result":{"completion":"Chiron"}}"#);

    let result = studio.client().run::<Car>(&fastest()).await.unwrap();

    assert_eq!(result.completion, "Chiron");
    traces.assert_no_key();
}

#[tokio::test]
async fn run_json_sends_the_object_and_returns_the_result_as_is() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on_deployment("dep_json")
        .respond(|input| json!({ "got": input, "n": [1, 2] }));

    let result = studio
        .client()
        .run_json("dep_json", json!({ "prompt": "hi", "tags": ["a"] }))
        .await
        .unwrap();

    assert_eq!(
        result,
        json!({ "got": { "prompt": "hi", "tags": ["a"] }, "n": [1, 2] })
    );
    assert_eq!(
        studio.requests()[0].json,
        Some(json!({ "input": { "prompt": "hi", "tags": ["a"] } }))
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn a_workflow_without_deployment_id_runs_on_a_named_deployment() {
    let traces = Traces::capture();
    let studio = MockStudio::start().await;
    studio
        .on::<Draft>()
        .deployment("dep_draft")
        .respond(|input| CarResult {
            completion: input.prompt,
            entities: Vec::new(),
        });

    let result = studio
        .client()
        .run::<Draft>(&fastest())
        .deployment("dep_draft")
        .await
        .unwrap();

    assert_eq!(result.completion, "fastest car?");
    traces.assert_no_key();
}

#[tokio::test]
async fn clones_share_the_client_and_runs_can_be_spawned() {
    let traces = Traces::capture();
    fn assert_send_sync<T: Send + Sync + Clone + 'static>(_: &T) {}
    fn assert_send<T: Send>(future: T) -> T {
        future
    }

    let studio = MockStudio::start().await;
    studio.on::<Car>().respond(|input| CarResult {
        completion: input.prompt,
        entities: Vec::new(),
    });
    let client = studio.client();
    assert_send_sync(&client);

    let mut handles = Vec::new();
    for index in 0..4 {
        let client = client.clone();
        handles.push(tokio::spawn(async move {
            let input = CarInput::new(&format!("car {index}"));
            assert_send(client.run::<Car>(&input)).await
        }));
    }
    for (index, handle) in handles.into_iter().enumerate() {
        let result = handle.await.unwrap().unwrap();
        assert_eq!(result.completion, format!("car {index}"));
    }
    assert_eq!(studio.requests().len(), 4);
    traces.assert_no_key();
}

#[tokio::test]
async fn client_new_talks_to_the_hosted_service_by_default() {
    let client = Client::new(SECRET_KEY);
    let debug = format!("{client:?}");
    assert!(
        debug.starts_with("Client { base_url: \"https://api.prompt.studio/\""),
        "{debug}"
    );
}
