//! `workflow run`, against `workflow serve` or a bare listener.

use std::net::TcpListener;

use serde_json::json;

use crate::{GREET, SCORE, SILENT, Server, TempDir, command};

/// A workflow whose example result is what a model might answer: a number and a boolean as
/// strings, a single tag for an array of them.
const LOOSE: &str = r#"{
  "name": "loose",
  "deployment_id": "dep_loose",
  "input": {"type": "object", "properties": {"text": {"type": "string"}}},
  "result": {
    "type": "object",
    "required": ["score", "urgent", "tags", "note"],
    "properties": {
      "score": {"type": "number", "maximum": 1},
      "urgent": {"type": "boolean"},
      "tags": {"type": "array", "items": {"type": "string"}},
      "note": {"type": "string"}
    }
  },
  "examples": [
    {"input": {}, "result": {"score": "0.9", "urgent": "True", "tags": "outage", "note": "42"}}
  ]
}
"#;

/// `workflow run` with `PROMPT_STUDIO_*` pointing at `base_url`.
fn run(base_url: &str, args: &[&str]) -> crate::Ran {
    command()
        .arg("run")
        .args(args)
        .env("PROMPT_STUDIO_API_KEY", "test-key")
        .env("PROMPT_STUDIO_BASE_URL", base_url)
        .output()
        .unwrap()
        .into()
}

fn served() -> (TempDir, Server) {
    let dir = TempDir::new("run");
    dir.file("greet.json", GREET);
    dir.file("score.json", SCORE);
    dir.file("silent.json", SILENT);
    dir.file("loose.json", LOOSE);
    let server = Server::start(dir.path());
    (dir, server)
}

#[test]
fn prints_the_result_as_json() {
    let (dir, server) = served();
    let greet = dir.path().join("greet.json");
    let ran = run(
        &server.url,
        &[greet.to_str().unwrap(), "--input", r#"{"name": "Bob"}"#],
    );
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(ran.stdout, "{\n  \"greeting\": \"Hi Bob\"\n}\n");
    // No spinner when stderr is not a terminal.
    assert_eq!(ran.stderr, "");
}

#[test]
fn reads_the_input_from_a_file() {
    let (dir, server) = served();
    let greet = dir.path().join("greet.json");
    let input = dir.file("input.json", r#"{"name": "Ada"}"#);
    let ran = run(
        &server.url,
        &[
            greet.to_str().unwrap(),
            "--input",
            &format!("@{}", input.display()),
        ],
    );
    assert_eq!(ran.code, 0, "{ran:?}");
    let result: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(result, json!({ "greeting": "Hello, Ada!" }));
}

#[test]
fn an_invalid_input_exits_3_and_sends_nothing() {
    let dir = TempDir::new("run-invalid");
    let greet = dir.file("greet.json", GREET);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let ran = run(
        &url,
        &[greet.to_str().unwrap(), "--input", r#"{"name": ""}"#],
    );
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ran.stderr,
        format!(
            "error: the input does not match the input schema of {} (nothing was sent):\n  at /name: \"\" is shorter than 1 character\n",
            greet.display()
        )
    );
    listener.set_nonblocking(true).unwrap();
    let accepted = listener.accept();
    assert!(
        matches!(&accepted, Err(error) if error.kind() == std::io::ErrorKind::WouldBlock),
        "a request was sent: {accepted:?}"
    );

    let not_json = run(&url, &[greet.to_str().unwrap(), "--input", "{name: Bob}"]);
    assert_eq!(not_json.code, 3, "{not_json:?}");
    assert!(
        not_json
            .stderr
            .starts_with("error: the input (--input) is not JSON: key must be a string"),
        "{}",
        not_json.stderr
    );
}

#[test]
fn a_result_that_breaks_the_schema_is_printed_and_exits_5() {
    let (dir, server) = served();
    let score = dir.path().join("score.json");
    let ran = run(
        &server.url,
        &[
            score.to_str().unwrap(),
            "--input",
            r#"{"text": "great"}"#,
            "--deployment",
            "score",
        ],
    );
    assert_eq!(ran.code, 5, "{ran:?}");
    assert_eq!(ran.stdout, "{\n  \"score\": 7\n}\n");
    assert_eq!(
        ran.stderr,
        format!(
            "error: the result does not match the result schema of {}:\n  at /score: 7 is greater than the maximum of 5\n",
            score.display()
        )
    );
}

#[test]
fn no_deployment_id_is_a_usage_error_saying_how() {
    let dir = TempDir::new("run-no-deployment");
    let score = dir.file("score.json", SCORE);
    let ran = run(
        "http://127.0.0.1:9",
        &[score.to_str().unwrap(), "--input", r#"{"text": "x"}"#],
    );
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(
        ran.stderr,
        format!(
            "error: {} has no \"deployment_id\": pass --deployment <ID>, or add \"deployment_id\": \"dep_...\" to the file\n",
            score.display()
        )
    );
}

#[test]
fn a_missing_api_key_is_a_usage_error() {
    let dir = TempDir::new("run-no-key");
    let greet = dir.file("greet.json", GREET);
    let ran: crate::Ran = command()
        .args([
            "run",
            greet.to_str().unwrap(),
            "--input",
            r#"{"name": "Bob"}"#,
        ])
        .output()
        .unwrap()
        .into();
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(
        ran.stderr
            .starts_with("error: PROMPT_STUDIO_API_KEY is not set"),
        "{}",
        ran.stderr
    );
}

#[test]
fn an_error_status_exits_4_with_the_service_message() {
    let (dir, server) = served();
    let silent = dir.path().join("silent.json");
    let ran = run(&server.url, &[silent.to_str().unwrap(), "--input", "{}"]);
    assert_eq!(ran.code, 4, "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert!(
        ran.stderr
            .starts_with("error: deployment dep_silent: server answered 500"),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("workflow silent has no examples to answer with"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_connection_failure_exits_4_with_its_causes() {
    let dir = TempDir::new("run-refused");
    let greet = dir.file("greet.json", GREET);
    // A port that was free a moment ago: nothing listens there now.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let ran = run(
        &format!("http://127.0.0.1:{port}"),
        &[greet.to_str().unwrap(), "--input", r#"{"name": "Bob"}"#],
    );
    assert_eq!(ran.code, 4, "{ran:?}");
    // The runtime's message, then each cause on its own line.
    assert!(
        ran.stderr.starts_with("error: deployment dep_greet: "),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("\n  caused by: "), "{}", ran.stderr);
}

#[test]
fn an_invalid_workflow_file_exits_3() {
    let dir = TempDir::new("run-broken");
    let broken = dir.file("broken.json", crate::BROKEN);
    let ran = run(
        "http://127.0.0.1:9",
        &[broken.to_str().unwrap(), "--input", "{}"],
    );
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(
        ran.stderr.contains("at /input/properties/a/$dynamicRef"),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_result_a_model_got_almost_right_is_repaired_and_each_repair_said() {
    let (dir, server) = served();
    let loose = dir.path().join("loose.json");
    let ran = run(&server.url, &[loose.to_str().unwrap(), "--input", "{}"]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let result: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        result,
        json!({ "score": 0.9, "urgent": true, "tags": ["outage"], "note": "42" })
    );
    assert!(
        ran.stdout.starts_with("{\n  \""),
        "pretty-printed: {}",
        ran.stdout
    );
    assert_eq!(
        ran.stderr,
        "repaired result.score: number from string (\"0.9\")\n\
         repaired result.tags: array from single value (\"outage\")\n\
         repaired result.urgent: boolean from string (\"True\")\n"
    );
}

#[test]
fn strict_prints_the_result_as_it_came_and_exits_5() {
    let (dir, server) = served();
    let loose = dir.path().join("loose.json");
    let ran = run(
        &server.url,
        &[loose.to_str().unwrap(), "--input", "{}", "--strict"],
    );
    assert_eq!(ran.code, 5, "{ran:?}");
    let result: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(
        result,
        json!({ "score": "0.9", "urgent": "True", "tags": "outage", "note": "42" })
    );
    assert!(
        ran.stderr.starts_with(&format!(
            "error: the result does not match the result schema of {}:\n",
            loose.display()
        )),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr
            .contains("  at /score: \"0.9\" is not of type \"number\"\n"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("repaired"), "{}", ran.stderr);
}

#[test]
fn the_route_and_auth_style_come_from_the_environment() {
    let (dir, server) = served();
    let greet = dir.path().join("greet.json");
    let with = |route: &str, auth: &str| -> crate::Ran {
        command()
            .args([
                "run",
                greet.to_str().unwrap(),
                "--input",
                r#"{"name": "Bob"}"#,
            ])
            .env("PROMPT_STUDIO_API_KEY", "test-key")
            .env("PROMPT_STUDIO_BASE_URL", &server.url)
            .env("PROMPT_STUDIO_ROUTE", route)
            .env("PROMPT_STUDIO_AUTH", auth)
            .output()
            .unwrap()
            .into()
    };

    // `workflow serve` answers the vendor SDK's route too, in its `completion` envelope.
    let ran = with("instructions", "both");
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(ran.stdout, "{\n  \"greeting\": \"Hi Bob\"\n}\n");

    // A custom route it does not serve: the path that was called is in the error.
    let ran = with("v1/deployment/{deployment_id}/run", "bearer");
    assert_eq!(ran.code, 4, "{ran:?}");
    assert!(
        ran.stderr.starts_with(
            "error: deployment dep_greet: server answered 404 Not Found: no workflow \
             with this deployment id; body: {\"error\":\"no route for POST \
             /v1/deployment/dep_greet/run\"}"
        ),
        "{}",
        ran.stderr
    );

    let ran = with("deployments", "bearer");
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(
        ran.stderr,
        "error: PROMPT_STUDIO_ROUTE is \"deployments\": set it to `workflows` (the default), \
         `instructions`, or a path with `{deployment_id}` such as \
         `v1/deployment/{deployment_id}/run`\n"
    );
}
