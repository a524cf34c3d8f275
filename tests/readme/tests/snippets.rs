//! Every Cargo.toml and Rust snippet of README.md and schemas/README.md, built as a user
//! pastes it: in a new crate next to a clone of this repository (a scratch folder holding
//! `workflow-rs`, a link to this checkout, and one crate per snippet), with the repository's
//! `schemas/` folder and `Cargo.lock`. The convention (which blocks run, which only build) is
//! in the crate docs (`src/lib.rs`). The crates share one target folder under cargo's
//! `CARGO_TARGET_TMPDIR`, so only the first run compiles their dependencies.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use workflow_readme::{
    Block, Mode, Recipe, blocks, caret_requirement, crate_name, files, parse_fragment,
    published_form_problems, snippets,
};

const DOCUMENTS: [&str; 2] = ["README.md", "schemas/README.md"];

/// How long a snippet's tests or `main` may run (they work offline, against the emulator).
const RUN_LIMIT: Duration = Duration::from_secs(180);

/// How much of a failed command's output a failure shows.
const SHOWN_LINES: usize = 40;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository root exists")
}

/// The version every crate of the workspace shares (`[workspace.package]`).
fn workspace_version(repository: &Path) -> String {
    let manifest = std::fs::read_to_string(repository.join("Cargo.toml"))
        .expect("the root Cargo.toml is readable");
    let package = manifest
        .split("[workspace.package]")
        .nth(1)
        .expect("the root Cargo.toml has [workspace.package]");
    package
        .lines()
        .find_map(|line| {
            let value = line
                .strip_prefix("version")?
                .trim_start()
                .strip_prefix('=')?;
            Some(value.trim().trim_matches('"').to_owned())
        })
        .expect("[workspace.package] has a version")
}

#[test]
fn readme_snippets_build_and_run_as_written() {
    let repository = repository();
    let requirement = caret_requirement(&workspace_version(&repository));
    let mut problems = Vec::new();
    let mut recipes = Vec::new();
    let mut readme_code = 0;
    for document in DOCUMENTS {
        let markdown = std::fs::read_to_string(repository.join(document))
            .unwrap_or_else(|error| panic!("{document}: {error}"));
        let found = match blocks(document, &markdown).map_err(|problem| vec![problem]) {
            Ok(found) => snippets(&found),
            Err(found) => Err(found),
        };
        match found {
            Err(found) => problems.extend(found),
            Ok(found) => {
                for fragment in &found.fragments {
                    problems.extend(parse_fragment(fragment).err());
                }
                for recipe in &found.recipes {
                    problems.extend(published_form_problems(&recipe.manifest, &requirement));
                    if document == "README.md" && recipe.code.is_some() {
                        readme_code += 1;
                    }
                }
                recipes.extend(found.recipes);
            }
        }
    }
    // The README shows how to depend on the runtime and use it: if no snippet is found, the
    // extraction is broken, not the README fine.
    assert!(
        readme_code >= 1,
        "no Rust snippet with a Cargo.toml found in README.md: {recipes:?}"
    );

    let scratch = Scratch::new(&repository);
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme-snippets");
    for recipe in &recipes {
        if let Err(problem) = build(recipe, &repository, &scratch.0, &target) {
            problems.push(problem);
        }
    }
    assert!(
        problems.is_empty(),
        "{} README snippet problem(s) (the convention is in tests/readme/src/lib.rs):\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

/// The folder the new crates sit in, next to `workflow-rs` (this checkout); removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(repository: &Path) -> Self {
        let path = std::env::temp_dir().join(format!("workflow-readme-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("the scratch folder can be created");
        std::os::unix::fs::symlink(repository, path.join("workflow-rs"))
            .expect("the clone can be linked into the scratch folder");
        Self(path)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Removes the link, not the checkout it points to.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes the recipe's crate and builds (and, for a plain ```rust block, runs) it.
fn build(recipe: &Recipe, repository: &Path, scratch: &Path, target: &Path) -> Result<(), String> {
    let anchor: &Block = recipe
        .code
        .as_ref()
        .map_or(&recipe.manifest, |(code, _)| code);
    let name = crate_name(anchor);
    let dir = scratch.join(&name);
    let write = |path: &Path, text: &str| {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in the crate"))
            .and_then(|()| std::fs::write(&path, text))
            .map_err(|error| {
                format!(
                    "{}: cannot write {}: {error}",
                    anchor.place(),
                    path.display()
                )
            })
    };
    let manifest = if recipe.manifest.text.contains("[package]") {
        recipe.manifest.text.clone()
    } else {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n{}",
            recipe.manifest.text
        )
    };
    write(Path::new("Cargo.toml"), &manifest)?;
    let lock = std::fs::read_to_string(repository.join("Cargo.lock"))
        .map_err(|error| format!("Cargo.lock: {error}"))?;
    write(Path::new("Cargo.lock"), &lock)?;
    for entry in std::fs::read_dir(repository.join("schemas")).map_err(|error| error.to_string())? {
        let path = entry.map_err(|error| error.to_string())?.path();
        if path.extension().is_some_and(|ext| ext == "json") {
            let text = std::fs::read_to_string(&path).map_err(|error| error.to_string())?;
            let file_name = path.file_name().expect("a file in schemas/");
            write(&Path::new("schemas").join(file_name), &text)?;
        }
    }
    let (mode, code_files) = match &recipe.code {
        Some((code, mode)) => (*mode, files(code)?),
        None => (Mode::NoRun, Vec::new()),
    };
    let has = |path: &str| code_files.iter().any(|(file, _)| file == Path::new(path));
    let has_main = has("src/main.rs");
    if !has_main && !has("src/lib.rs") {
        // What `cargo new` writes.
        write(
            Path::new("src/main.rs"),
            "fn main() {\n    println!(\"Hello, world!\");\n}\n",
        )?;
    }
    for (path, text) in &code_files {
        write(path, text)?;
    }

    let place = anchor.place();
    cargo(&dir, target, &["build", "--all-targets"], None, &place)?;
    if mode == Mode::Run {
        cargo(&dir, target, &["test"], Some(RUN_LIMIT), &place)?;
        if has_main {
            cargo(&dir, target, &["run", "--quiet"], Some(RUN_LIMIT), &place)?;
        }
    }
    Ok(())
}

/// `cargo <args> --offline` in `dir`: an error with the end of its output if it fails or runs
/// past `limit`.
fn cargo(
    dir: &Path,
    target: &Path,
    args: &[&str],
    limit: Option<Duration>,
    place: &str,
) -> Result<(), String> {
    let output_path = dir.join(format!("cargo-{}.log", args[0]));
    let log = std::fs::File::create(&output_path).map_err(|error| error.to_string())?;
    let mut child = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .args(["--offline", "--config", "profile.dev.debug=false"])
        .current_dir(dir)
        .env_remove("CARGO_BUILD_TARGET_DIR")
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        // Offline: the snippets' own calls must not find a key and reach the hosted service.
        .env_remove("PROMPT_STUDIO_API_KEY")
        .stdin(Stdio::null())
        .stdout(log.try_clone().map_err(|error| error.to_string())?)
        .stderr(log)
        .spawn()
        .map_err(|error| format!("{place}: cargo did not start: {error}"))?;
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            break Some(status);
        }
        if limit.is_some_and(|limit| started.elapsed() > limit) {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(&output_path).unwrap_or_default();
    let tail: Vec<&str> = output.lines().rev().take(SHOWN_LINES).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    let command = format!("cargo {}", args.join(" "));
    match status {
        Some(status) if status.success() => Ok(()),
        Some(status) => Err(format!(
            "{place}: `{command}` failed ({status}) in the snippet's crate; its output ends:\n{}",
            tail.join("\n")
        )),
        None => Err(format!(
            "{place}: `{command}` ran past {} s (a ```rust snippet must run offline; mark it \
             ```rust,no_run if it needs the service); its output ends:\n{}",
            limit.map_or(0, |limit| limit.as_secs()),
            tail.join("\n")
        )),
    }
}
