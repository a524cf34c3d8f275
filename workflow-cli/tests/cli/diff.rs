//! `workflow diff`: one case per drift rule, file against file; folders; `--fail-on`.

use serde_json::{Value, json};

use crate::drift_cases::{base, cases};
use crate::{TempDir, workflow};

fn write(dir: &TempDir, name: &str, file: &Value) -> String {
    dir.file(name, &serde_json::to_string_pretty(file).unwrap())
        .display()
        .to_string()
}

#[test]
fn each_rule_is_classified_with_its_pointers() {
    let dir = TempDir::new("diff-rules");
    let old = write(&dir, "old.json", &base());
    for case in cases() {
        let mut edited = base();
        (case.edit)(&mut edited);
        let new = write(&dir, &format!("{}.json", case.label), &edited);
        let ran = workflow(&["diff", &old, &new]);
        assert!(
            ran.stdout
                .lines()
                .any(|line| line == format!("  {}", case.line)),
            "{}: {ran:?}",
            case.label
        );
        let breaking = case.line.starts_with("breaking");
        assert_eq!(ran.code, i32::from(breaking), "{}: {ran:?}", case.label);
        // One edit, one change: nothing else is reported.
        let summary = if breaking {
            "1 change (breaking)\n"
        } else {
            "1 change (compatible)\n"
        };
        assert_eq!(
            ran.stdout,
            format!("{old} -> {new}:\n  {}\n{summary}", case.line),
            "{}",
            case.label
        );
        // Any change fails with --fail-on any, breaking or not.
        let any = workflow(&["diff", &old, &new, "--fail-on", "any"]);
        assert_eq!(any.code, 1, "{}: {any:?}", case.label);
    }
}

#[test]
fn a_file_against_itself_has_no_changes() {
    let dir = TempDir::new("diff-same");
    let old = write(&dir, "old.json", &base());
    let ran = workflow(&["diff", &old, &old, "--fail-on", "any"]);
    assert_eq!(
        (ran.code, ran.stdout.as_str()),
        (0, "no changes\n"),
        "{ran:?}"
    );
}

#[test]
fn renaming_a_workflow_breaks_the_code_that_uses_it() {
    let dir = TempDir::new("diff-name");
    let old = write(&dir, "old.json", &base());
    let mut renamed = base();
    renamed["name"] = json!("renamed");
    renamed["deployment_id"] = json!("dep_other");
    let new = write(&dir, "new.json", &renamed);
    let ran = workflow(&["diff", &old, &new]);
    assert_eq!(ran.code, 1, "{ran:?}");
    assert_eq!(
        ran.stdout,
        format!(
            "{old} -> {new}:\n  breaking: name \"base\" -> \"renamed\": the generated module and \
             marker type are renamed, so code that uses them stops compiling\n  compatible: \
             deployment_id \"dep_base\" -> \"dep_other\": runs go to the new deployment\n2 \
             changes (1 breaking, 1 compatible)\n"
        )
    );
}

#[test]
fn folders_pair_files_by_deployment_id() {
    let (old, new) = (TempDir::new("diff-old"), TempDir::new("diff-new"));
    write(&old, "base.json", &base());
    let mut gone = base();
    gone["deployment_id"] = json!("dep_gone");
    gone["name"] = json!("gone");
    write(&old, "gone.json", &gone);
    // Renamed on disk, same deployment: compared with its old self.
    let mut edited = base();
    edited["input"]["properties"]["year"] = json!({"type": "integer"});
    write(&new, "renamed-file.json", &edited);
    let mut fresh = base();
    fresh["deployment_id"] = json!("dep_fresh");
    fresh["name"] = json!("fresh");
    write(&new, "fresh.json", &fresh);
    let ran = workflow(&[
        std::ffi::OsStr::new("diff"),
        old.path().as_os_str(),
        new.path().as_os_str(),
    ]);
    assert_eq!(ran.code, 1, "{ran:?}");
    let text = &ran.stdout;
    assert!(
        text.contains(&format!(
            "{} -> {}:\n  compatible: input.year: new optional field",
            old.path().join("base.json").display(),
            new.path().join("renamed-file.json").display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}:\n  breaking: the workflow is gone from {}",
            old.path().join("gone.json").display(),
            new.path().display()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "{}:\n  compatible: a new workflow\n",
            new.path().join("fresh.json").display()
        )),
        "{text}"
    );
    assert!(
        text.ends_with("3 changes (1 breaking, 2 compatible)\n"),
        "{text}"
    );
}

#[test]
fn a_file_and_a_folder_or_an_invalid_file_are_refused() {
    let dir = TempDir::new("diff-bad");
    let old = write(&dir, "old.json", &base());
    let ran = workflow(&["diff", &old, &dir.path().display().to_string()]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(
        ran.stderr
            .contains("compare a file with a file or a folder with a folder"),
        "{ran:?}"
    );
    let broken = dir.file("broken.json", "{\"name\": \"x\"}");
    let ran = workflow(&["diff", &old, &broken.display().to_string()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(ran.stderr.contains("broken.json"), "{ran:?}");
}
