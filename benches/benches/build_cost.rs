//! Build cost: the incremental rebuild after touching one of 20 workflow files, for a crate
//! using 20 `workflow!` invocations, a crate generating the same modules in build.rs
//! (`workflow_codegen::build::generate_dir`), and a crate with the same types written out by
//! hand (the pretty-printed generated code, committed as `.rs` files, stands in for
//! hand-written code).
//!
//! The three crates are written to a temporary folder (`$TMPDIR/workflow-bench-build-cost`,
//! rewritten only where it changed) as one workspace pointing at this
//! workspace's crates by path, built once (`cargo build`, the dev profile: what a user's edit
//! loop runs), then, in interleaved rounds, one file is touched (a schema for the macro and
//! build.rs crates, the matching `.rs` for the hand-written one) and `cargo build` is timed.
//! Their target folder is `$CARGO_TARGET_DIR/build-cost`, kept between runs so that only the
//! first run compiles the dependencies.
//!
//! `cargo bench -p workflow-bench --bench build_cost [-- --quick]`
//!
//! With `--clean`, it measures instead a new user's clean build against the same call written
//! by hand with reqwest (see `build_cost/clean.rs`):
//! `cargo bench -p workflow-bench --bench build_cost -- --clean [--quick] [--rounds N]`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "build_cost/clean.rs"]
mod clean;

use workflow_bench::fixtures::{Shape, workflow_file};
use workflow_bench::report::{self, Target};
use workflow_bench::stats::{Rounds, rotation};

const FILES: usize = 20;
const CRATES: [&str; 3] = ["via-macro", "via-build-rs", "hand-written"];
const NAMES: [&str; 3] = [
    "20 x workflow! (proc macro)",
    "build.rs (build::generate_dir)",
    "hand-written types (.rs files)",
];
const MACRO: usize = 0;
const BUILD_RS: usize = 1;
const HAND_WRITTEN: usize = 2;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the bench crate sits in the workspace")
        .to_path_buf()
}

/// Writes `text` to `path` unless it already holds it, so that a second run of the bench finds
/// the fixtures (and their build) as the first run left them.
fn write(path: &Path, text: &str) {
    if fs::read_to_string(path).is_ok_and(|existing| existing == text) {
        return;
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("the fixture folder can be created");
    }
    fs::write(path, text).expect("the fixture file can be written");
}

fn flow_name(index: usize) -> String {
    format!("flow-{index:02}")
}

fn module_name(index: usize) -> String {
    format!("flow_{index:02}")
}

/// The three crates, as one workspace under `root`.
fn write_fixtures(root: &Path) {
    let workspace = workspace_root();
    let runtime = workspace.join("workflow-runtime");
    let codegen = workspace.join("workflow-codegen");
    write(
        &root.join("Cargo.toml"),
        "[workspace]\nresolver = \"3\"\nmembers = [\"via-macro\", \"via-build-rs\", \"hand-written\"]\n\n\
         # The profile of the main workspace.\n[profile.dev.package.\"*\"]\ndebug = false\n\n\
         [profile.dev]\ndebug = \"line-tables-only\"\n",
    );
    // The main workspace's lock file: the same dependency versions, and no index lookups.
    write(
        &root.join("Cargo.lock"),
        &fs::read_to_string(workspace.join("Cargo.lock"))
            .expect("the workspace's Cargo.lock can be read"),
    );
    let manifest = |name: &str, build_dependency: bool| {
        let mut text = format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\nworkflow-runtime = {{ path = {runtime:?} }}\n"
        );
        if build_dependency {
            text.push_str(&format!(
                "\n[build-dependencies]\nworkflow-codegen = {{ path = {codegen:?} }}\n"
            ));
        }
        text
    };

    let mut macro_lib = String::from("//! 20 workflows through `workflow!`.\n\n");
    let mut hand_lib = String::from("//! 20 workflows' types and functions, written out.\n\n");
    for index in 0..FILES {
        let text = workflow_file(&flow_name(index), Shape::MEDIUM, 1000 + index as u64);
        let file_name = format!("{}.json", flow_name(index));
        write(&root.join("via-macro/schemas").join(&file_name), &text);
        write(&root.join("via-build-rs/schemas").join(&file_name), &text);
        macro_lib.push_str(&format!(
            "workflow_runtime::workflow!(\"schemas/{file_name}\");\n"
        ));
        hand_lib.push_str(&format!("pub mod {};\n", module_name(index)));
        write(
            &root
                .join("hand-written/src")
                .join(format!("{}.rs", module_name(index))),
            &written_out(&file_name, &text),
        );
    }
    write(
        &root.join("via-macro/Cargo.toml"),
        &manifest("via-macro", false),
    );
    write(&root.join("via-macro/src/lib.rs"), &macro_lib);
    write(
        &root.join("via-build-rs/Cargo.toml"),
        &manifest("via-build-rs", true),
    );
    write(
        &root.join("via-build-rs/build.rs"),
        "fn main() -> Result<(), workflow_codegen::build::BuildError> {\n    \
         workflow_codegen::build::generate_dir(\"schemas\", \"workflows.rs\")?;\n    Ok(())\n}\n",
    );
    write(
        &root.join("via-build-rs/src/lib.rs"),
        "//! 20 workflows generated by build.rs.\n\ninclude!(concat!(env!(\"OUT_DIR\"), \"/workflows.rs\"));\n",
    );
    write(
        &root.join("hand-written/Cargo.toml"),
        &manifest("hand-written", false),
    );
    write(&root.join("hand-written/src/lib.rs"), &hand_lib);
}

/// The generated module's items as a file of their own (`pub mod flow_00;` in lib.rs).
fn written_out(file_name: &str, text: &str) -> String {
    let tokens = workflow_codegen::generate_str(
        Path::new(file_name),
        text,
        &workflow_codegen::Options::default(),
    )
    .expect("the fixture workflow generates");
    let file: syn::File = syn::parse2(tokens).expect("generated code parses");
    let items = file
        .items
        .into_iter()
        .find_map(|item| match item {
            syn::Item::Mod(module) => module.content.map(|(_, items)| items),
            _ => None,
        })
        .expect("the generated code is one module");
    let mut written: syn::File = syn::parse_quote!(#![allow(dead_code)]);
    written.items = items;
    prettyplease::unparse(&written)
}

/// The file whose edit is simulated for crate `index` in round `round`.
fn touched(root: &Path, index: usize, round: usize) -> PathBuf {
    let file = (round * 7) % FILES;
    match index {
        HAND_WRITTEN => root
            .join("hand-written/src")
            .join(format!("{}.rs", module_name(file))),
        _ => root
            .join(CRATES[index])
            .join("schemas")
            .join(format!("{}.json", flow_name(file))),
    }
}

/// `cargo build -p <crate>`; the seconds it took.
fn cargo_build(root: &Path, target_dir: &Path, krate: &str) -> f64 {
    let started = Instant::now();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--offline", "--quiet", "-p", krate])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", target_dir)
        .output()
        .expect("cargo runs");
    let seconds = started.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "cargo build -p {krate} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    seconds
}

fn touch(path: &Path) {
    let file = fs::File::options()
        .append(true)
        .open(path)
        .expect("the touched file exists");
    file.set_modified(std::time::SystemTime::now())
        .expect("the file's modification time can be set");
}

fn main() {
    let target_root = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target-bench"));
    if std::env::args().any(|argument| argument == "--clean") {
        clean::main(&workspace_root(), &target_root);
        return;
    }
    let quick = report::quick();
    let rounds = if quick { 3 } else { 5 };
    let root =
        // A fixed folder: a later run rewrites only what changed, and rebuilds only that.
        std::env::temp_dir().join("workflow-bench-build-cost");
    let target_dir = target_root.join("build-cost");
    write_fixtures(&root);
    println!(
        "## build cost: incremental `cargo build` (dev profile) after touching one of {FILES} \
         workflow files ({} properties each); fixtures in {}, target {}",
        Shape::MEDIUM.properties(),
        root.display(),
        target_dir.display()
    );
    let started = Instant::now();
    for krate in CRATES {
        cargo_build(&root, &target_dir, krate);
    }
    println!(
        "first build of the three crates (and, on a first run, their dependencies): {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let mut time = Rounds::new(&NAMES);
    for round in 0..rounds {
        for index in rotation(round, CRATES.len()) {
            touch(&touched(&root, index, round));
            time.push(index, cargo_build(&root, &target_dir, CRATES[index]));
        }
    }
    println!("\n{rounds} interleaved rounds (medians)\n");
    let rows: Vec<Vec<String>> = (0..NAMES.len())
        .map(|index| {
            vec![
                NAMES[index].to_owned(),
                format!("{:.2} s", time.median(index)),
                format!("{:.2}", time.ratio(index, HAND_WRITTEN)),
            ]
        })
        .collect();
    report::table(&["crate", "rebuild", "vs hand-written"], &rows);
    report::ratio(
        "build cost",
        "rebuild 20 x workflow! / hand-written",
        time.ratio(MACRO, HAND_WRITTEN),
        Target::None,
    );
    report::ratio(
        "build cost",
        "rebuild build.rs / hand-written",
        time.ratio(BUILD_RS, HAND_WRITTEN),
        Target::None,
    );
}
