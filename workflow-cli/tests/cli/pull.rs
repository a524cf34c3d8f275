//! `workflow pull` and `pull --check` against `workflow serve` (and against a `MockStudio`
//! for the answers `serve` never gives).

use std::path::Path;

use serde_json::{Value, json};
use workflow_runtime::deployments::Deployment;
use workflow_runtime::testing::MockStudio;

use crate::drift_cases::{base, cases};
use crate::{GREET, Ran, SILENT, Server, TempDir, command};

/// `workflow pull args...` with the settings pointing at `url`.
fn pull(url: &str, args: &[&str]) -> Ran {
    command()
        .arg("pull")
        .args(args)
        .env("PROMPT_STUDIO_API_KEY", "local")
        .env("PROMPT_STUDIO_BASE_URL", url)
        .output()
        .unwrap()
        .into()
}

fn json_of(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn text(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn pull_writes_one_stable_file_per_deployment() {
    let served = TempDir::new("pull-served");
    served.file("greet.json", GREET);
    served.file("silent.json", SILENT);
    let server = Server::start(served.path());
    let out = TempDir::new("pull-out");
    let target = out.path().join("schemas");
    let ran = pull(&server.url, &["-o", &text(&target)]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(
        ran.stdout,
        format!(
            "created {} (dep_greet, greet)\ncreated {} (dep_silent, silent)\n",
            target.join("greet.json").display(),
            target.join("silent.json").display()
        )
    );
    let greet = json_of(&target.join("greet.json"));
    let original: Value = serde_json::from_str(GREET).unwrap();
    assert_eq!(
        greet,
        json!({
            "name": "greet",
            "deployment_id": "dep_greet",
            "input": original["input"],
            "result": original["result"]
        })
    );
    let before = std::fs::read(target.join("greet.json")).unwrap();
    assert!(before.ends_with(b"}\n"));
    // The same answer again: nothing changes, byte for byte.
    let again = pull(&server.url, &["-o", &text(&target)]);
    assert_eq!(again.code, 0, "{again:?}");
    assert!(again.stdout.starts_with("unchanged "), "{again:?}");
    assert_eq!(std::fs::read(target.join("greet.json")).unwrap(), before);
    // And one deployment by id.
    let only = TempDir::new("pull-one");
    let ran = pull(&server.url, &["-o", &text(only.path()), "dep_silent"]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(only.path().join("silent.json").exists());
    assert!(!only.path().join("greet.json").exists());
}

#[test]
fn updating_keeps_the_files_own_keys_and_outdated_examples() {
    let committed = TempDir::new("pull-committed");
    let mut mine: Value = serde_json::from_str(GREET).unwrap();
    mine["name"] = json!("my-greeter");
    mine["description"] = json!("Greets people.");
    mine["x-team"] = json!("growth");
    let path = committed.file(
        "greeter.json",
        &serde_json::to_string_pretty(&mine).unwrap(),
    );
    // In the editor, `name` became an integer: the examples no longer fit.
    let served = TempDir::new("pull-edited");
    let mut edited: Value = serde_json::from_str(GREET).unwrap();
    edited["input"]["properties"]["name"] = json!({"type": "integer"});
    edited["examples"] = json!([{"input": {"name": 1}, "result": {"greeting": "Hi 1"}}]);
    served.file(
        "greet.json",
        &serde_json::to_string_pretty(&edited).unwrap(),
    );
    let server = Server::start(served.path());

    let check = pull(&server.url, &["--check", &text(committed.path())]);
    assert_eq!(check.code, 1, "{check:?}");
    assert_eq!(
        check.stdout,
        format!(
            "{}: 1 change (breaking)\n  breaking: input.name: type string -> integer \
             (type_changed, at /properties/name)\n1 of 1 file differ from their deployments: \
             `workflow pull` updates them\n",
            path.display()
        )
    );

    let ran = pull(&server.url, &["-o", &text(committed.path())]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout.contains(
            "  warning: 2 examples no longer fit the new schemas: moved to \"x-outdated-examples\""
        ),
        "{ran:?}"
    );
    let updated = json_of(&path);
    assert_eq!(updated["name"], "my-greeter");
    assert_eq!(updated["description"], "Greets people.");
    assert_eq!(updated["x-team"], "growth");
    assert_eq!(updated["input"], edited["input"]);
    assert_eq!(updated["examples"], json!([]));
    assert_eq!(updated["x-outdated-examples"], mine["examples"]);
    // The file kept its key order, and is in sync now.
    let keys: Vec<&str> = updated
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "name",
            "deployment_id",
            "input",
            "result",
            "examples",
            "description",
            "x-team",
            "x-outdated-examples"
        ]
    );
    let check = pull(&server.url, &["--check", &text(committed.path())]);
    assert_eq!(check.code, 0, "{check:?}");
    assert_eq!(
        check.stdout,
        format!(
            "in sync {}\n1 file in sync with their deployments\n",
            path.display()
        )
    );
}

/// One committed file per rule, each served with its edit: `pull --check` classifies them all
/// in one run, then `pull` updates them and the check passes.
#[test]
fn pull_check_classifies_every_rule_against_serve() {
    let committed = TempDir::new("pull-rules-committed");
    let served = TempDir::new("pull-rules-served");
    let cases = cases();
    for (index, case) in cases.iter().enumerate() {
        let mut file = base();
        file["name"] = json!(case.label);
        file["deployment_id"] = json!(format!("dep_{index}"));
        committed.file(
            &format!("{}.json", case.label),
            &serde_json::to_string_pretty(&file).unwrap(),
        );
        (case.edit)(&mut file);
        served.file(
            &format!("{}.json", case.label),
            &serde_json::to_string_pretty(&file).unwrap(),
        );
    }
    let server = Server::start(served.path());
    let check = pull(&server.url, &["--check", &text(committed.path())]);
    assert_eq!(check.code, 1, "{check:?}");
    for case in &cases {
        let path = committed.path().join(format!("{}.json", case.label));
        let severity = if case.line.starts_with("breaking") {
            "breaking"
        } else {
            "compatible"
        };
        let block = format!(
            "{}: 1 change ({severity})\n  {}\n",
            path.display(),
            case.line
        );
        assert!(
            check.stdout.contains(&block),
            "{}:\n{}",
            case.label,
            check.stdout
        );
    }
    assert!(
        check.stdout.ends_with(&format!(
            "{} of {} files differ from their deployments: `workflow pull` updates them\n",
            cases.len(),
            cases.len()
        )),
        "{}",
        check.stdout
    );
    let ran = pull(&server.url, &["-o", &text(committed.path())]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let check = pull(&server.url, &["--check", &text(committed.path())]);
    assert_eq!(check.code, 0, "{check:?}");
}

#[test]
fn a_deployment_that_is_gone_or_not_listed_is_named() {
    let served = TempDir::new("pull-gone-served");
    served.file("silent.json", SILENT);
    let server = Server::start(served.path());
    let committed = TempDir::new("pull-gone");
    let path = committed.file("greet.json", GREET);
    let check = pull(&server.url, &["--check", &text(&path)]);
    assert_eq!(check.code, 1, "{check:?}");
    assert!(
        check.stdout.starts_with(&format!(
            "{}:\n  breaking: deployment dep_greet is no longer listed\n",
            path.display()
        )),
        "{check:?}"
    );
    let ran = pull(
        &server.url,
        &["-o", &text(committed.path()), "dep_nope", "silent"],
    );
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(
        ran.stderr,
        "error: deployment dep_nope is not listed; listed: dep_silent\n"
    );
    let ran = pull(&server.url, &["-o", &text(committed.path()), "silent"]);
    assert_eq!(
        ran.stderr,
        "error: deployment silent is not listed (\"silent\" is the name of dep_silent); listed: dep_silent\n"
    );
}

#[test]
fn pull_needs_a_key() {
    let out = TempDir::new("pull-nokey");
    let ran: Ran = command()
        .args(["pull", "-o"])
        .arg(out.path())
        .output()
        .unwrap()
        .into();
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(
        ran.stderr
            .starts_with("error: PROMPT_STUDIO_API_KEY is not set"),
        "{ran:?}"
    );
}

/// The answers `workflow serve` never gives, from a `MockStudio` on a thread of its own.
fn mock(setup: impl FnOnce(&MockStudio) + Send + 'static) -> (String, std::sync::mpsc::Sender<()>) {
    let (url_tx, url_rx) = std::sync::mpsc::channel();
    let (stop_tx, stop_rx) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let studio = MockStudio::start().await;
            studio.accept_any_api_key();
            setup(&studio);
            url_tx.send(studio.url().to_owned()).unwrap();
            // Serve until the test ends (its sender is dropped).
            tokio::task::spawn_blocking(move || stop_rx.recv().ok())
                .await
                .ok();
        });
    });
    (url_rx.recv().unwrap(), stop_tx)
}

/// What a mock lists.
type Setup = fn(&MockStudio);

#[test]
fn bad_listings_write_nothing_and_say_why() {
    let out = TempDir::new("pull-bad");
    let target = out.path().join("schemas");
    let cases: [(Setup, i32, &str); 4] = [
        (
            |studio| studio.respond_listing_raw(200, &[], "<html>"),
            4,
            "error: the deployments listing: the answer is not JSON: expected value at line 1 column 1; body: <html>\n",
        ),
        (
            |studio| studio.list(Deployment::new("dep_bare").name("bare")),
            4,
            "error: deployment dep_bare (bare) is listed without a schemas.request_schema\n",
        ),
        (
            |studio| studio.list(Deployment::new("dep_num").schemas(json!(7), json!({}))),
            4,
            "error: deployment dep_num: schemas.request_schema is a number, not a JSON Schema object\n",
        ),
        (
            |studio| {
                studio.list(
                    Deployment::new("dep_list")
                        .name("list")
                        .schemas(json!({"type": "array"}), json!({})),
                )
            },
            3,
            "error: deployment dep_list: its schemas cannot become a client;",
        ),
    ];
    for (setup, code, message) in cases {
        let (url, _stop) = mock(setup);
        let ran = pull(&url, &["-o", &text(&target)]);
        assert_eq!(ran.code, code, "{ran:?}");
        assert!(ran.stderr.starts_with(message), "{message}\n{ran:?}");
        // Nothing written, not even a temporary file.
        let left: Vec<_> = std::fs::read_dir(&target)
            .map(|entries| entries.map(|entry| entry.unwrap().file_name()).collect())
            .unwrap_or_default();
        assert_eq!(left, Vec::<std::ffi::OsString>::new(), "{message}");
    }
}

#[test]
fn two_deployments_of_one_name_get_two_files() {
    let (url, _stop) = mock(|studio| {
        for id in ["dep_a1", "dep_b2"] {
            studio.list(Deployment::new(id).name("Car Bot").schemas(
                json!({"type": "object", "properties": {"prompt": {"type": "string"}}}),
                json!({"type": "object", "properties": {"text": {"type": "string"}}}),
            ));
        }
    });
    let out = TempDir::new("pull-names");
    let ran = pull(&url, &["-o", &text(out.path())]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(
        json_of(&out.path().join("car-bot.json"))["deployment_id"],
        "dep_a1"
    );
    assert_eq!(
        json_of(&out.path().join("car-bot-dep-b2.json"))["deployment_id"],
        "dep_b2"
    );
    // Pulled again, each deployment finds its own file.
    let again = pull(&url, &["-o", &text(out.path())]);
    assert_eq!(again.stdout.matches("unchanged ").count(), 2, "{again:?}");
}
