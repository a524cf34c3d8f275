//! `workflow check`.

use crate::{BROKEN, GREET, SCORE, SILENT, TempDir, workflow};

#[test]
fn valid_files_pass_with_a_summary() {
    let dir = TempDir::new("check-ok");
    dir.file("greet.json", GREET);
    dir.file("silent.json", SILENT);
    let ran = workflow(&["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(ran.stdout, "2 files, no problems\n");
}

#[test]
fn a_broken_file_shows_each_problem_with_a_snippet() {
    let dir = TempDir::new("check-broken");
    let broken = dir.file("broken.json", BROKEN);
    let ran = workflow(&["check".as_ref(), broken.as_os_str()]);
    assert_eq!(ran.code, 1, "{ran:?}");
    let shown = broken.display();
    let expected_if = format!(
        " --> {shown}:6:13\n  |\n6 |       \"a\": {{\"$dynamicRef\": \"node\"}}\n  |             ^ at /input/properties/a/$dynamicRef\n  |\n  = help: "
    );
    assert!(ran.stdout.contains(&expected_if), "{}", ran.stdout);
    assert!(
        ran.stdout.contains(&format!(
            "error: workflow file has no \"result\" schema\n --> {shown}:1:1\n  |\n1 | {{\n  | ^ the whole file\n"
        )),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with("\n1 file, 2 problems\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn an_example_that_breaks_its_schema_is_pointed_at() {
    let dir = TempDir::new("check-example");
    let score = dir.file("score.json", SCORE);
    dir.file("greet.json", GREET);
    let ran = workflow(&["check".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 1, "{ran:?}");
    // The pointer names the value; the caret sits where its key starts.
    let expected = format!(
        "error: example result does not match the result schema: 7 is greater than the maximum of 5\n  --> {}:18:18\n   |\n18 |       \"result\": {{\"score\": 7}}\n   |{}^ at /examples/0/result/score\n",
        score.display(),
        " ".repeat(18)
    );
    assert!(ran.stdout.contains(&expected), "{}", ran.stdout);
    assert!(
        ran.stdout.contains(
            "= help: fix the example, or the result schema at /result/properties/score/maximum"
        ),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.ends_with("\n2 files, 1 problem\n"),
        "{}",
        ran.stdout
    );
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let ran = workflow(&["check", "schemas/nope.json"]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(ran.stderr, "error: no such file: schemas/nope.json\n");
    assert_eq!(ran.stdout, "");
}

#[test]
fn invalid_json_points_at_where_parsing_stopped() {
    let dir = TempDir::new("check-json");
    let bad = dir.file("bad.json", "{\n  \"name\": \"bad\",\n  \"input\": }\n");
    let ran = workflow(&["check".as_ref(), bad.as_os_str()]);
    assert_eq!(ran.code, 1, "{ran:?}");
    assert_eq!(
        ran.stdout,
        format!(
            "error: invalid JSON: expected value\n --> {}:3:12\n  |\n3 |   \"input\": }}\n  |            ^\n  |\n  = help: a workflow file is one JSON object; JSON has no comments or trailing commas\n\n1 file, 1 problem\n",
            bad.display()
        )
    );
}

#[test]
fn customization_flags_are_checked_against_each_file() {
    let dir = TempDir::new("check-flags");
    let greet = dir.file("greet.json", GREET);
    let fine = workflow(&[
        "check",
        greet.to_str().unwrap(),
        "--derive",
        "Hash",
        "--formats",
        "chrono",
    ]);
    assert_eq!(fine.code, 0, "{fine:?}");
    assert_eq!(fine.stdout, "1 file, no problems\n");
    let ran = workflow(&["check", greet.to_str().unwrap(), "--rename", "Ouput=Answer"]);
    assert_eq!(ran.code, 1, "{ran:?}");
    assert_eq!(
        ran.stdout,
        format!(
            "error: `rename`: no generated type is named `Ouput`; did you mean `Output`? (the \
             generated types are listed in the module's docs; a key starting with `#/` is a \
             JSON pointer)\n --> {} (a command-line option)\n\n1 file, 1 problem\n",
            greet.display()
        )
    );
    let malformed = workflow(&["check", greet.to_str().unwrap(), "--rename", "Output"]);
    assert_eq!(malformed.code, 2, "{malformed:?}");
}
