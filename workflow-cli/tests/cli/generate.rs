//! `workflow generate`.

use crate::{BROKEN, GREET, SCORE, SILENT, TempDir, workflow};

#[test]
fn prints_what_the_build_module_renders() {
    let dir = TempDir::new("generate-stdout");
    let greet = dir.file("greet.json", GREET);
    let silent = dir.file("silent.json", SILENT);
    let ran = workflow(&["generate".as_ref(), greet.as_os_str(), silent.as_os_str()]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let expected = workflow_codegen::build::render([
        (greet.as_path(), greet.as_path()),
        (silent.as_path(), silent.as_path()),
    ])
    .unwrap();
    assert_eq!(ran.stdout, expected);
    assert!(ran.stdout.contains("pub mod greet {"), "{}", ran.stdout);
    assert!(ran.stdout.contains("pub mod silent {"), "{}", ran.stdout);
    assert_eq!(ran.stderr, "");
}

#[test]
fn a_folder_gives_its_files_in_name_order() {
    let dir = TempDir::new("generate-folder");
    dir.file("silent.json", SILENT);
    dir.file("greet.json", GREET);
    let ran = workflow(&["generate".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let greet = ran.stdout.find("pub mod greet {").unwrap();
    let silent = ran.stdout.find("pub mod silent {").unwrap();
    assert!(greet < silent);
}

#[test]
fn an_example_that_breaks_its_schema_is_refused_where_it_is() {
    let dir = TempDir::new("generate-example");
    let score = dir.file("score.json", SCORE);
    let ran = workflow(&["generate".as_ref(), score.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ran.stderr,
        format!(
            "error: example result does not match the result schema: 7 is greater than the \
             maximum of 5\n  --> {}:18:18\n   |\n18 |       \"result\": {{\"score\": 7}}\n   |                  \
             ^ at /examples/0/result/score\n   |\n   = help: fix the example, or the result \
             schema (`workflow check` lists every problem of the examples)\n",
            score.display()
        )
    );
}

#[test]
fn check_passes_a_fresh_file_and_fails_a_stale_or_missing_one() {
    let dir = TempDir::new("generate-check");
    let greet = dir.file("greet.json", GREET);
    let out = dir.path().join("workflows.rs");
    let greet_arg = greet.to_str().unwrap();
    let out_arg = out.to_str().unwrap();

    let missing = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(missing.code, 1, "{missing:?}");
    assert!(
        missing.stderr.starts_with(&format!("{out_arg} does not exist: generate it with `workflow generate {greet_arg} -o {out_arg}`")),
        "{}",
        missing.stderr
    );

    let wrote = workflow(&["generate", greet_arg, "-o", out_arg]);
    assert_eq!(wrote.code, 0, "{wrote:?}");
    assert_eq!(wrote.stdout, "");
    assert!(
        wrote.stderr.starts_with(&format!("wrote {out_arg} (")),
        "{}",
        wrote.stderr
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("pub mod greet {"));

    let fresh = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(fresh.code, 0, "{fresh:?}");
    assert_eq!(fresh.stderr, format!("{out_arg} is up to date\n"));

    // The workflow changes, the committed code does not.
    dir.file("greet.json", &GREET.replace("dep_greet", "dep_greet_v2"));
    let stale = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(stale.code, 1, "{stale:?}");
    let line = written
        .lines()
        .position(|line| line.contains("dep_greet"))
        .unwrap()
        + 1;
    assert!(
        stale.stderr.starts_with(&format!(
            "{out_arg} is stale: line {line} is not what would be generated\n  generated: "
        )),
        "{}",
        stale.stderr
    );
    assert!(stale.stderr.contains("dep_greet_v2"), "{}", stale.stderr);
    assert!(
        stale.stderr.ends_with(&format!(
            "update it with `workflow generate {greet_arg} -o {out_arg}`\n"
        )),
        "{}",
        stale.stderr
    );
    // --check never writes.
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
}

#[test]
fn check_needs_an_output_file() {
    let ran = workflow(&["generate", "--check", "greet.json"]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(ran.stderr.contains("--output <OUT>"), "{}", ran.stderr);
}

#[test]
fn an_invalid_file_exits_3_with_every_problem() {
    let dir = TempDir::new("generate-invalid");
    let broken = dir.file("broken.json", BROKEN);
    let ran = workflow(&["generate".as_ref(), broken.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    let shown = broken.display();
    assert!(
        ran.stderr.contains(&format!("--> {shown}:1:1")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(&format!("--> {shown}:6:13")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("at /input/properties/a/$dynamicRef"),
        "{}",
        ran.stderr
    );
}

#[test]
fn two_files_with_one_module_name_exit_3_naming_both() {
    let dir = TempDir::new("generate-clash");
    let first = dir.file("a.json", GREET);
    let second = dir.file("b.json", &GREET.replace("dep_greet", "dep_other"));
    let ran = workflow(&["generate".as_ref(), first.as_os_str(), second.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(
        ran.stderr.starts_with(&format!(
            "error: module `greet` is already generated from {}\n --> {}:2:3",
            first.display(),
            second.display()
        )),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_missing_file_is_a_usage_error_in_plain_words() {
    let ran = workflow(&["generate", "schemas/nope.json"]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(ran.stderr, "error: no such file: schemas/nope.json\n");
}
