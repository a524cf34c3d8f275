//! `workflow serve`, over real HTTP.

use serde_json::json;

use crate::{GREET, SCORE, SILENT, Server, TempDir, workflow};

fn served() -> (TempDir, Server) {
    let dir = TempDir::new("serve");
    dir.file("greet.json", GREET);
    dir.file("score.json", SCORE);
    dir.file("silent.json", SILENT);
    let server = Server::start(dir.path());
    (dir, server)
}

#[test]
fn announces_each_workflow_with_its_url_and_a_curl() {
    let (dir, mut server) = served();
    let url = &server.url.clone();
    assert_eq!(
        server.banner,
        format!("serving 3 workflows on {url} (any API key; Ctrl-C to stop)\n")
    );
    let greet = dir.path().join("greet.json");
    assert_eq!(
        server.line(),
        format!(
            "  greet ({}): POST {url}/v1/workflows/dep_greet/run (also {url}/v1/workflows/greet/run)\n",
            greet.display()
        )
    );
    assert_eq!(
        server.line(),
        format!(
            "    curl -s {url}/v1/workflows/dep_greet/run -H 'API_KEY: local' -H 'Content-Type: application/json' -d '{{\"input\":{{\"name\":\"Ada\"}}}}'\n"
        )
    );
    let score = server.line();
    assert!(
        score.ends_with(&format!("POST {url}/v1/workflows/score/run\n")),
        "{score}"
    );
}

#[test]
fn answers_from_the_example_with_the_same_input_else_the_first() {
    let (_dir, server) = served();
    assert_eq!(
        server.post(
            "/v1/workflows/dep_greet/run",
            r#"{"input": {"name": "Bob"}}"#
        ),
        (200, json!({ "result": { "greeting": "Hi Bob" } }))
    );
    assert_eq!(
        server.post("/v1/workflows/greet/run", r#"{"input": {"name": "Eve"}}"#),
        (200, json!({ "result": { "greeting": "Hello, Ada!" } }))
    );
}

#[test]
fn rejects_an_input_that_breaks_the_schema_with_its_violations() {
    let (_dir, server) = served();
    assert_eq!(
        server.post("/v1/workflows/dep_greet/run", r#"{"input": {"name": ""}}"#),
        (
            400,
            json!({
                "error": "invalid input",
                "violations": [{ "pointer": "/name", "message": "\"\" is shorter than 1 character" }]
            })
        )
    );
    assert_eq!(
        server.post("/v1/workflows/dep_greet/run", r#"{"input": {}}"#),
        (
            400,
            json!({
                "error": "invalid input",
                "violations": [{ "pointer": "", "message": "\"name\" is a required property" }]
            })
        )
    );
}

#[test]
fn a_workflow_without_examples_answers_500_saying_so() {
    let (dir, server) = served();
    let (status, body) = server.post("/v1/workflows/dep_silent/run", r#"{"input": {}}"#);
    assert_eq!(status, 500);
    assert_eq!(
        body,
        json!({
            "error": format!(
                "workflow silent has no examples to answer with: add \"examples\" to {}",
                dir.path().join("silent.json").display()
            )
        })
    );
}

#[test]
fn two_workflows_answering_to_one_id_exit_3() {
    let dir = TempDir::new("serve-clash");
    let first = dir.file("a.json", GREET);
    let second = dir.file("b.json", &GREET.replace("\"greet\"", "\"hello\""));
    let ran = workflow(&["serve".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(
        ran.stderr,
        format!(
            "error: {} and {} both answer to \"dep_greet\" (a deployment id or a name): give one of them another \"name\" or \"deployment_id\"\n",
            first.display(),
            second.display()
        )
    );
}

#[test]
fn an_invalid_file_or_a_missing_folder_stops_it() {
    let dir = TempDir::new("serve-broken");
    dir.file("broken.json", crate::BROKEN);
    let ran = workflow(&["serve".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(
        ran.stderr.contains("at /input/properties/a/$dynamicRef"),
        "{}",
        ran.stderr
    );

    let missing = workflow(&["serve", "no/such/folder"]);
    assert_eq!(missing.code, 2, "{missing:?}");
    assert_eq!(missing.stderr, "error: no such file: no/such/folder\n");
}

/// `GET path` with `header`: the status and the body.
fn get(server: &Server, path: &str, header: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let address = server.url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\n{header}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}

#[test]
fn lists_its_workflows_as_deployments_to_bearer_keys_only() {
    let (_dir, server) = served();
    let (status, body) = get(
        &server,
        "/api/v1/deployments",
        "Authorization: Bearer any-key",
    );
    assert_eq!(status, 200, "{body}");
    let listing: serde_json::Value = serde_json::from_str(&body).unwrap();
    let listed: Vec<(&str, &str)> = listing["deployments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            (
                entry["deployment_id"].as_str().unwrap(),
                entry["recipe_name"].as_str().unwrap(),
            )
        })
        .collect();
    // A file without a deployment id is listed under its name, as its runs are answered.
    assert_eq!(
        listed,
        [
            ("dep_greet", "greet"),
            ("score", "score"),
            ("dep_silent", "silent")
        ]
    );
    let greet: serde_json::Value = serde_json::from_str(GREET).unwrap();
    assert_eq!(
        listing["deployments"][0]["schemas"]["request_schema"],
        greet["input"]
    );
    assert_eq!(
        listing["deployments"][0]["schemas"]["response_schema"],
        greet["result"]
    );
    // The run routes' `API_KEY` header is not the listing's auth.
    assert_eq!(
        get(&server, "/api/v1/deployments", "API_KEY: any-key").0,
        401
    );
}
