//! Golden files: the generated code for each sample in schemas/, pretty-printed, compared
//! with `expectorate` (a failure prints the diff). Refresh them with
//! `EXPECTORATE=overwrite cargo test -p workflow-suite golden`.
//! Every file in `golden/` is compiled under `deny(warnings)`: build.rs lists them.

use std::path::{Path, PathBuf};

use workflow_codegen::Options;

/// The repository's root: golden files name their schema relative to it.
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The sample workflow files users see, and the test-only ones that cover every construct,
/// relative to the repository's root.
fn samples() -> Vec<PathBuf> {
    let root = repository();
    let mut files = Vec::new();
    for dir in ["schemas", "tests/suite/schemas"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("sample folder is readable")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .map(|path| Path::new(dir).join(path.file_name().expect("file name")))
            .collect();
        found.sort();
        files.extend(found);
    }
    files
}

fn golden_path(schema: &Path) -> PathBuf {
    let stem = schema.file_stem().expect("file stem").to_string_lossy();
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("golden")
        .join(format!("{}.rs", stem.replace('-', "_")))
}

#[test]
fn generated_code_matches_the_golden_files() {
    let files = samples();
    assert!(
        files.len() >= 3,
        "expected the sample workflow files in schemas/"
    );
    let mut expected: Vec<PathBuf> = files.iter().map(|schema| golden_path(schema)).collect();
    expected.sort();
    for schema in files {
        let tokens = workflow_codegen::generate_file(
            &repository().join(&schema),
            &schema,
            &Options::default(),
        )
        .unwrap_or_else(|diagnostics| panic!("{diagnostics}"));
        let text = format!(
            "// @generated from {} by workflow-codegen: do not edit.\n{}",
            schema.display(),
            workflow_codegen::pretty(&tokens).expect("generated code parses")
        );
        expectorate::assert_contents(golden_path(&schema), &text);
    }
    // No golden file is left over from a sample that is gone.
    let mut found: Vec<PathBuf> =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("golden"))
            .expect("golden folder is readable")
            .map(|entry| entry.expect("directory entry").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .collect();
    found.sort();
    assert_eq!(
        found, expected,
        "golden/ holds files for samples that are gone"
    );
}

#[test]
fn generation_is_deterministic() {
    for schema in samples() {
        let full = repository().join(&schema);
        let first = workflow_codegen::generate_file(&full, &schema, &Options::default())
            .expect("sample generates")
            .to_string();
        let second = workflow_codegen::generate_file(&full, &schema, &Options::default())
            .expect("sample generates")
            .to_string();
        assert_eq!(
            first,
            second,
            "{} generated twice differs",
            schema.display()
        );
    }
}

/// The golden files themselves compile without a single warning: every file in `golden/`,
/// listed by build.rs.
#[allow(unreachable_pub)]
#[deny(warnings)]
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/golden_modules.rs"));
}

#[test]
fn golden_modules_are_usable() {
    use workflow_runtime::Workflow;
    assert_eq!(compiled::car::Car::NAME, "car");
    assert_eq!(
        compiled::car::DEPLOYMENT_ID,
        Some("dep_2b7TQv9xKc4mWz8LrN3pYh5sJ1a")
    );
    assert_eq!(compiled::extract_entities::EntityKind::ALL.len(), 3);
}
