//! The key only goes to the base URL's origin, and only over https unless the host is loopback
//! or the user opted in.

use std::time::Duration;

use workflow_runtime::testing::MockStudio;
use workflow_runtime::{Client, ErrorKind, reqwest};

use crate::support::*;

fn leak(text: String) -> &'static str {
    Box::leak(text.into_boxed_str())
}

#[tokio::test]
async fn a_redirect_to_another_port_is_not_followed_and_never_sees_the_key() {
    let traces = Traces::capture();
    let studio = MockStudio::start_with_api_key(SECRET_KEY).await;
    // Another origin: same host, another port. It would answer, if it were ever asked.
    let elsewhere = MockStudio::start_with_api_key(SECRET_KEY).await;
    elsewhere.on::<Car>().respond(|_| chiron());
    let location = leak(format!("{}/v1/workflows/dep_123/run", elsewhere.url()));
    studio
        .on_deployment("dep_123")
        .respond_raw(307, &[("location", location)], "");
    // The client the runtime builds itself: its redirect policy is under test.
    let client = Client::builder()
        .api_key(SECRET_KEY)
        .base_url(studio.url())
        .no_proxy()
        .build()
        .unwrap();

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::UnexpectedStatus { status: 307, location: Some(l), .. }
            if l == location),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "workflow car (dep_123): server answered 307 Temporary Redirect to {location}, not \
             followed: only redirects within the base URL's origin are followed, at most 3"
        )
    );
    assert!(!error.is_retryable());
    assert_eq!(studio.requests().len(), 1);
    // Not even a connection.
    assert_eq!(elsewhere.connections(), 0);
    traces.assert_no_key();
}

#[tokio::test]
async fn same_origin_307_and_308_redirects_are_followed_with_the_body_and_key() {
    let traces = Traces::capture();
    let (studio, _) = secret_mock().await;
    studio
        .on::<Car>()
        .deployment("moved")
        .respond(|input| CarResult {
            completion: format!("moved: {}", input.prompt),
            entities: Vec::new(),
        });
    let moved = leak(format!("{}/v1/workflows/moved/run", studio.url()));
    studio
        .on_deployment("dep_123")
        .respond_raw(308, &[("location", moved)], "");
    studio.on_deployment("dep_old").respond_raw(
        307,
        &[("location", "/v1/workflows/dep_123/run")],
        "",
    );
    let client = once(&studio);

    let result = client
        .run::<Car>(&fastest())
        .deployment("dep_old")
        .await
        .unwrap();

    assert_eq!(result.completion, "moved: fastest car?");
    let requests = studio.requests();
    let paths: Vec<&str> = requests.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "/v1/workflows/dep_old/run",
            "/v1/workflows/dep_123/run",
            "/v1/workflows/moved/run"
        ]
    );
    for request in &requests {
        assert_eq!(request.method, "POST");
        assert_eq!(request.header("api_key"), Some(SECRET_KEY));
        assert_eq!(&request.body[..], br#"{"input":{"prompt":"fastest car?"}}"#);
    }
    traces.assert_no_key();
}

#[tokio::test]
async fn a_redirect_loop_stops_after_three() {
    let traces = Traces::capture();
    let (studio, client) = secret_mock().await;
    studio.on_deployment("dep_123").respond_raw(
        307,
        &[("location", "/v1/workflows/dep_123/run")],
        "",
    );

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 307 Temporary Redirect to \
         /v1/workflows/dep_123/run, not followed: only redirects within the base URL's origin \
         are followed, at most 3"
    );
    assert_eq!(studio.requests().len(), 4);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_303_is_not_followed_since_it_would_turn_the_post_into_a_get() {
    let traces = Traces::capture();
    let (studio, client) = secret_mock().await;
    studio.on_deployment("result").respond(|input| input);
    studio.on_deployment("dep_123").respond_raw(
        303,
        &[("location", "/v1/workflows/result/run")],
        "see other",
    );

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(
            error.kind(),
            ErrorKind::UnexpectedStatus { status: 303, .. }
        ),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 303 See Other to /v1/workflows/result/run, not \
         followed: following it would turn the POST into a GET; body: see other"
    );
    assert_eq!(studio.requests().len(), 1);
    traces.assert_no_key();
}

#[tokio::test]
async fn a_location_that_echoes_the_key_is_redacted() {
    let traces = Traces::capture();
    let (studio, client) = secret_mock().await;
    let location = leak(format!("https://evil.example/steal?key={SECRET_KEY}"));
    studio
        .on_deployment("dep_123")
        .respond_raw(302, &[("location", location)], "");

    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): server answered 302 Found to \
         https://evil.example/steal?key=<redacted>, not followed: following it would turn the \
         POST into a GET"
    );
    traces.assert_no_key();
}

#[tokio::test]
async fn the_public_redirect_policy_protects_a_callers_http_client() {
    let traces = Traces::capture();
    let studio = MockStudio::start_with_api_key(SECRET_KEY).await;
    let elsewhere = MockStudio::start_with_api_key(SECRET_KEY).await;
    elsewhere.on::<Car>().respond(|_| chiron());
    let location = leak(format!("{}/v1/workflows/dep_123/run", elsewhere.url()));
    studio
        .on_deployment("dep_123")
        .respond_raw(307, &[("location", location)], "");

    // reqwest's default policy would carry the `API_KEY` header to the other port.
    let unsafe_http = reqwest::Client::builder().no_proxy().build().unwrap();
    let careless = Client::builder()
        .api_key(SECRET_KEY)
        .base_url(studio.url())
        .http_client(unsafe_http)
        .build()
        .unwrap();
    careless.run::<Car>(&fastest()).await.unwrap();
    assert_eq!(
        elsewhere.requests()[0].header("api_key"),
        Some(SECRET_KEY),
        "reqwest's default policy leaks the key: the reason for redirect_policy()"
    );

    let safe_http = reqwest::Client::builder()
        .no_proxy()
        .redirect(workflow_runtime::redirect_policy())
        .build()
        .unwrap();
    let careful = Client::builder()
        .api_key(SECRET_KEY)
        .base_url(studio.url())
        .http_client(safe_http)
        .build()
        .unwrap();
    let error = careful.run::<Car>(&fastest()).await.unwrap_err();
    assert_eq!(error.status(), Some(307));
    assert_eq!(elsewhere.requests().len(), 1);
    traces.assert_no_key();
}

#[test]
fn plain_http_is_refused_unless_loopback_or_allowed() {
    let build = |url: &str| Client::builder().api_key(SECRET_KEY).base_url(url).build();

    let error = build("http://api.prompt.studio").unwrap_err();
    assert!(
        matches!(error.kind(), ErrorKind::Config { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the base URL is plain http to a host that is not loopback \
         (http://api.prompt.studio): the API key would travel unencrypted; use https, or \
         call `ClientBuilder::allow_http` to accept that"
    );
    for url in [
        "http://10.0.0.1:8080",
        "http://localhost.example.com",
        "http://[::2]:80",
    ] {
        assert!(build(url).is_err(), "{url}");
    }
    for url in [
        "https://api.prompt.studio",
        "http://localhost:8787",
        "http://LOCALHOST",
        "http://127.0.0.1:1",
        "http://127.9.8.7",
        "http://[::1]:8787/studio",
        "http://[::ffff:127.0.0.1]",
    ] {
        build(url).unwrap_or_else(|error| panic!("{url}: {error}"));
    }
    Client::builder()
        .api_key(SECRET_KEY)
        .base_url("http://studio.internal:8080")
        .allow_http()
        .build()
        .unwrap();
}

#[tokio::test]
async fn connecting_is_bounded_by_the_connect_timeout() {
    let traces = Traces::capture();
    // A non-routable address: the SYN goes nowhere (or the network says unreachable at once).
    let client = Client::builder()
        .api_key(SECRET_KEY)
        .base_url("https://10.255.255.1:9")
        .no_proxy()
        .connect_timeout(Duration::from_millis(200))
        .retry_policy(workflow_runtime::RetryPolicy::none())
        .build()
        .unwrap();

    let started = std::time::Instant::now();
    let error = client.run::<Car>(&fastest()).await.unwrap_err();

    assert!(
        matches!(error.kind(), ErrorKind::Transport { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "workflow car (dep_123): could not connect to the server at https://10.255.255.1:9"
    );
    assert!(error.is_retryable());
    assert_between(started.elapsed(), 0, 3000);
    traces.assert_no_key();
}
