//! The build.rs front door: one module per workflow file of a folder, written to `OUT_DIR`.
//!
//! ```text
//! # Cargo.toml
//! [dependencies]
//! workflow-runtime = "0.1"
//! tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
//!
//! [build-dependencies]
//! workflow-codegen = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), workflow_codegen::build::BuildError> {
//!     workflow_codegen::build::generate_dir("schemas", "workflows.rs")?;
//!     Ok(())
//! }
//! ```
//!
//! ```text
//! // src/lib.rs (or main.rs): `schemas/car.json` becomes `mod car`, and so on.
//! include!(concat!(env!("OUT_DIR"), "/workflows.rs"));
//! ```
//!
//! What it does:
//! - every `*.json` file directly in the folder is a workflow file; their modules come in file
//!   name order, each pretty-printed with [`crate::pretty`], so the same files always give the
//!   same bytes;
//! - the code is what `workflow!` expands to for the same file, without the macro's
//!   `include_str!` of the file: build.rs prints `cargo:rerun-if-changed` for the folder and for
//!   every file it read instead;
//! - the output is only rewritten when it changes, so an unchanged folder rebuilds nothing;
//! - problems are the same `file:line:column: at /pointer: message` + `help:` diagnostics as
//!   the macro's, every problem of every file at once; [`BuildError`]'s `Debug` prints them
//!   like its `Display`, so a build.rs `main` that returns it fails with readable text;
//! - two files that give the same module name are an error naming both.
//!
//! [`render`] is the same engine without the folder and `OUT_DIR` handling: the `workflow
//! generate` command writes its output with it.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Source;
use crate::{Options, generate};

/// Why generation failed.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// Workflow files with problems: every problem of every file, files in the order read.
    #[error("{}", InvalidList(.0))]
    Invalid(Vec<Diagnostics>),
    /// The folder could not be listed or the output could not be written; the message names
    /// the path and what the operating system said.
    #[error("{0}")]
    Io(String),
    /// The build cannot run as set up: no workflow files in the folder, `OUT_DIR` or
    /// `CARGO_MANIFEST_DIR` not set (not running under cargo), no output file named.
    #[error("{0}")]
    Setup(String),
}

/// `fn main() -> Result<(), BuildError>` prints an error with `Debug`: show the diagnostics
/// there too, not a struct dump.
impl fmt::Debug for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

struct InvalidList<'a>(&'a [Diagnostics]);

impl fmt::Display for InvalidList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostics) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostics}")?;
        }
        Ok(())
    }
}

/// Generates one module per `*.json` workflow file in `dir` into `OUT_DIR/out_file`; relative
/// paths in `dir` are relative to the crate's `Cargo.toml` directory (`CARGO_MANIFEST_DIR`).
/// Returns the path written. Shorthand for
/// `Builder::new().dir(dir).out_file(out_file).generate()`.
///
/// # Errors
///
/// See [`Builder::generate`].
pub fn generate_dir(
    dir: impl Into<PathBuf>,
    out_file: impl Into<PathBuf>,
) -> Result<PathBuf, BuildError> {
    Builder::new().dir(dir).out_file(out_file).generate()
}

/// Settings for [`Builder::generate`]; [`generate_dir`] covers the usual case.
#[derive(Debug, Clone)]
pub struct Builder {
    dir: PathBuf,
    out_file: PathBuf,
    out_dir: Option<PathBuf>,
}

impl Default for Builder {
    fn default() -> Self {
        Self::new()
    }
}

impl Builder {
    /// Workflow files from `schemas/`, output to `OUT_DIR/workflows.rs`.
    pub fn new() -> Self {
        Self {
            dir: PathBuf::from("schemas"),
            out_file: PathBuf::from("workflows.rs"),
            out_dir: None,
        }
    }

    /// The folder of workflow files, relative to `CARGO_MANIFEST_DIR` unless absolute.
    #[must_use]
    pub fn dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.dir = dir.into();
        self
    }

    /// The file to write, relative to the output folder unless absolute.
    #[must_use]
    pub fn out_file(mut self, out_file: impl Into<PathBuf>) -> Self {
        self.out_file = out_file.into();
        self
    }

    /// The output folder, instead of `OUT_DIR`.
    #[must_use]
    pub fn out_dir(mut self, out_dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(out_dir.into());
        self
    }

    /// Generates the modules, writes them (when they changed) and prints the
    /// `cargo:rerun-if-changed` lines for the folder and every file read. Returns the path
    /// written.
    ///
    /// # Errors
    ///
    /// [`BuildError::Invalid`] with every problem of every workflow file (and two files that
    /// give the same module name), [`BuildError::Io`] when the folder cannot be listed or the
    /// output cannot be written, [`BuildError::Setup`] when the folder has no workflow files or
    /// `OUT_DIR` / `CARGO_MANIFEST_DIR` are needed and not set.
    pub fn generate(&self) -> Result<PathBuf, BuildError> {
        let stdout = std::io::stdout();
        self.generate_to(&mut stdout.lock())
    }

    /// [`generate`](Self::generate) with the cargo directives written to `directives`.
    fn generate_to(&self, directives: &mut dyn Write) -> Result<PathBuf, BuildError> {
        let dir = self.resolve_dir()?;
        let out = self.resolve_out()?;
        let files = workflow_files(&dir)?;
        let mut say = |line: String| {
            // Cargo reads these from stdout; a closed stdout only loses rebuild tracking.
            let _ = writeln!(directives, "{line}");
        };
        say(format!("cargo:rerun-if-changed={}", dir.display()));
        for file in &files {
            say(format!("cargo:rerun-if-changed={}", file.display()));
        }
        if files.is_empty() {
            return Err(BuildError::Setup(format!(
                "no workflow files (*.json) in {}: add one, or point the builder at the folder that holds them",
                self.dir.display()
            )));
        }
        // Messages name files as the build script does (`schemas/car.json`), like the macro.
        let named: Vec<(PathBuf, PathBuf)> = files
            .iter()
            .map(|file| {
                let shown = match file.file_name() {
                    Some(name) => self.dir.join(name),
                    None => file.clone(),
                };
                (file.clone(), shown)
            })
            .collect();
        let (code, referenced) = render_tracked(
            named
                .iter()
                .map(|(path, shown)| (path.as_path(), shown.as_path())),
        );
        // Also when generation failed: fixing a referenced file reruns the build script.
        for file in &referenced {
            say(format!("cargo:rerun-if-changed={}", file.display()));
        }
        write_if_changed(&out, &code?)?;
        Ok(out)
    }

    fn resolve_dir(&self) -> Result<PathBuf, BuildError> {
        if self.dir.is_absolute() {
            return Ok(self.dir.clone());
        }
        let manifest_dir = std::env::var_os("CARGO_MANIFEST_DIR").ok_or_else(|| {
            BuildError::Setup(format!(
                "CARGO_MANIFEST_DIR is not set, so {} cannot be found: call this from build.rs, or give an absolute folder",
                self.dir.display()
            ))
        })?;
        Ok(PathBuf::from(manifest_dir).join(&self.dir))
    }

    fn resolve_out(&self) -> Result<PathBuf, BuildError> {
        if self.out_file.as_os_str().is_empty() {
            return Err(BuildError::Setup(
                "no output file named: use .out_file(\"workflows.rs\")".into(),
            ));
        }
        if self.out_file.is_absolute() {
            return Ok(self.out_file.clone());
        }
        let out_dir = match &self.out_dir {
            Some(out_dir) => out_dir.clone(),
            None => std::env::var_os("OUT_DIR").map(PathBuf::from).ok_or_else(|| {
                BuildError::Setup(
                    "OUT_DIR is not set: call this from build.rs, or set an output folder with .out_dir(...)"
                        .into(),
                )
            })?,
        };
        Ok(out_dir.join(&self.out_file))
    }
}

/// The `*.json` files directly in `dir`, sorted by file name: the workflow files build.rs
/// generates from, and the ones the CLI reads when given a folder.
///
/// # Errors
///
/// When the folder cannot be listed.
pub fn json_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|extension| extension == "json")
            && path.is_file()
        {
            files.push(path);
        }
    }
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    Ok(files)
}

fn workflow_files(dir: &Path) -> Result<Vec<PathBuf>, BuildError> {
    json_files(dir).map_err(|error| {
        let what = match error.kind() {
            std::io::ErrorKind::NotFound => "no such folder".to_string(),
            _ => format!("cannot list the folder ({error})"),
        };
        BuildError::Io(format!(
            "{}: {what}; workflow files are looked for relative to the crate's Cargo.toml directory",
            dir.display()
        ))
    })
}

fn write_if_changed(out: &Path, code: &str) -> Result<(), BuildError> {
    if std::fs::read(out).is_ok_and(|existing| existing == code.as_bytes()) {
        return Ok(());
    }
    if let Some(parent) = out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|error| {
            BuildError::Io(format!("cannot create {}: {error}", parent.display()))
        })?;
    }
    std::fs::write(out, code)
        .map_err(|error| BuildError::Io(format!("cannot write {}: {error}", out.display())))
}

/// The Rust source for several workflow files, in the order given: a header, then for each
/// file a comment naming it and its module, pretty-printed. Each `(path, shown_as)` pair is
/// read from `path` and named `shown_as` in messages and in the output.
///
/// The modules are exactly what `workflow!` expands to for the same files, minus its
/// `include_str!` of the file.
///
/// # Errors
///
/// [`BuildError::Invalid`] with every problem of every file, and one problem for each file
/// whose module name another file already took.
pub fn render<'a>(
    files: impl IntoIterator<Item = (&'a Path, &'a Path)>,
) -> Result<String, BuildError> {
    render_tracked(files).0
}

/// [`render`], and the files its `$ref`s point into (rebuild triggers). A `*.json` of the set
/// that another one references and that has neither `input` nor `result` holds shared
/// definitions: it is not a workflow file and gets no module.
fn render_tracked<'a>(
    files: impl IntoIterator<Item = (&'a Path, &'a Path)>,
) -> (Result<String, BuildError>, Vec<PathBuf>) {
    let loaded: Vec<(&Path, Result<Source, Diagnostics>)> = files
        .into_iter()
        .map(|(path, shown_as)| (path, Source::read(path, shown_as)))
        .collect();
    let mut referenced: Vec<PathBuf> = Vec::new();
    for (_, source) in &loaded {
        if let Ok(source) = source {
            for file in source.rebuild_triggers() {
                if !referenced.contains(&file) {
                    referenced.push(file);
                }
            }
        }
    }
    let shared = |path: &Path, source: &Result<Source, Diagnostics>| {
        let describes_a_workflow = |source: &Source| {
            source.value.get("input").is_some() || source.value.get("result").is_some()
        };
        referenced.contains(&crate::refs::normalize(path))
            && source
                .as_ref()
                .map_or(true, |source| !describes_a_workflow(source))
    };
    let workflows: Vec<Result<Source, Diagnostics>> = loaded
        .into_iter()
        .filter(|(path, source)| !shared(path, source))
        .map(|(_, source)| source)
        .collect();
    (render_sources(workflows), referenced)
}

fn render_sources(sources: Vec<Result<Source, Diagnostics>>) -> Result<String, BuildError> {
    let options = Options::default();
    let mut invalid = Vec::new();
    // (module name, file that took it)
    let mut taken: Vec<(String, PathBuf)> = Vec::new();
    let mut out = String::from(
        "// @generated by workflow-codegen from the workflow files named below. Do not edit:\n\
         // change the workflow files and generate again.\n",
    );
    for source in sources {
        let source = match source {
            Ok(source) => source,
            Err(diagnostics) => {
                invalid.push(diagnostics);
                continue;
            }
        };
        let tokens = match generate(&source, &options) {
            Ok(tokens) => tokens,
            Err(diagnostics) => {
                invalid.push(diagnostics);
                continue;
            }
        };
        let file = match syn::parse2::<syn::File>(tokens) {
            Ok(file) => file,
            Err(error) => {
                let problem = Diagnostic::new(
                    "",
                    format!("the generated code does not parse: {error}"),
                )
                .help("this is a bug in workflow-codegen: please report it with the workflow file");
                invalid.push(Diagnostics::single(&source.path, problem));
                continue;
            }
        };
        let module = file.items.iter().find_map(|item| match item {
            syn::Item::Mod(module) => Some(module.ident.to_string()),
            _ => None,
        });
        if let Some(module) = &module {
            if let Some((_, first)) = taken.iter().find(|(name, _)| name == module) {
                let pointer = if source.value.get("name").is_some() {
                    "/name"
                } else {
                    ""
                };
                let problem = Diagnostic::new(
                    pointer,
                    format!(
                        "module `{module}` is already generated from {}",
                        first.display()
                    ),
                )
                .help(
                    "give one of the two files a different \"name\" (it becomes the module name)",
                );
                invalid.push(Diagnostics::new(
                    &source.path,
                    Some(&source.text),
                    vec![problem],
                ));
                continue;
            }
            taken.push((module.clone(), source.path.clone()));
        }
        out.push('\n');
        out.push_str(&format!("// From {}.\n", source.path.display()));
        out.push_str(&prettyplease::unparse(&file));
    }
    if invalid.is_empty() {
        Ok(out)
    } else {
        Err(BuildError::Invalid(invalid))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use std::sync::atomic::{AtomicUsize, Ordering};

    fn samples() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas")
    }

    /// A fresh, empty folder under the system's temp dir, removed on drop.
    struct Scratch(PathBuf);

    impl std::ops::Deref for Scratch {
        type Target = Path;

        fn deref(&self) -> &Path {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn temp_dir(label: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "workflow-codegen-build-{label}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn generate_into(dir: &Path, out: &Path) -> (Result<PathBuf, BuildError>, String) {
        let mut directives = Vec::new();
        let outcome = Builder::new()
            .dir(dir)
            .out_dir(out)
            .out_file("workflows.rs")
            .generate_to(&mut directives);
        (outcome, String::from_utf8(directives).unwrap())
    }

    #[test]
    fn same_files_give_the_same_bytes() {
        let out = temp_dir("twice");
        let (first, _) = generate_into(&samples(), &out.join("a"));
        let (second, _) = generate_into(&samples(), &out.join("b"));
        let first = std::fs::read(first.unwrap()).unwrap();
        let second = std::fs::read(second.unwrap()).unwrap();
        assert!(!first.is_empty());
        assert_eq!(first, second);
    }

    #[test]
    fn one_module_per_file_in_file_name_order() {
        let out = temp_dir("order");
        let (written, _) = generate_into(&samples(), &out);
        let code = std::fs::read_to_string(written.unwrap()).unwrap();
        let file = syn::parse_file(&code).unwrap();
        let modules: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(module) => Some(module.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(modules, ["car", "extract_entities", "triage_ticket"]);
        assert!(code.starts_with("// @generated by workflow-codegen"));
        assert!(code.contains("// From "), "{code}");
        assert!(code.contains("car.json.\n"), "{code}");
    }

    /// The macro's expansion for `path`, with its `include_str!` item taken out.
    fn macro_expansion_without_include(path: &Path) -> syn::File {
        let options = Options::default().with_include_path(path.to_string_lossy());
        let tokens = crate::generate_file(path, path, &options).unwrap();
        let mut file: syn::File = syn::parse2(tokens).unwrap();
        let mut removed = 0;
        for item in &mut file.items {
            if let syn::Item::Mod(module) = item
                && let Some((_, items)) = &mut module.content
            {
                let before = items.len();
                items.retain(|item| {
                    !matches!(item, syn::Item::Const(constant)
                        if constant.ident == "_"
                            && quote::quote!(#constant).to_string().contains("include_str"))
                });
                removed += before - items.len();
            }
        }
        assert_eq!(removed, 1, "the macro includes the file once");
        file
    }

    #[test]
    fn build_output_is_the_macro_expansion_without_include_str() {
        let out = temp_dir("macro");
        let (written, _) = generate_into(&samples(), &out);
        let code = std::fs::read_to_string(written.unwrap()).unwrap();
        let built = syn::parse_file(&code).unwrap();
        let mut expected = syn::parse_file("").unwrap();
        for name in ["car.json", "extract-entities.json", "triage-ticket.json"] {
            expected
                .items
                .extend(macro_expansion_without_include(&samples().join(name)).items);
        }
        assert_eq!(
            prettyplease::unparse(&built),
            prettyplease::unparse(&expected)
        );
    }

    #[test]
    fn prints_rerun_if_changed_for_the_folder_and_every_file() {
        let out = temp_dir("rerun");
        let (written, directives) = generate_into(&samples(), &out);
        written.unwrap();
        let dir = samples();
        let expected = [
            format!("cargo:rerun-if-changed={}", dir.display()),
            format!("cargo:rerun-if-changed={}", dir.join("car.json").display()),
            format!(
                "cargo:rerun-if-changed={}",
                dir.join("extract-entities.json").display()
            ),
            format!(
                "cargo:rerun-if-changed={}",
                dir.join("triage-ticket.json").display()
            ),
        ];
        assert_eq!(directives.lines().collect::<Vec<_>>(), expected);
    }

    #[test]
    fn an_unchanged_output_is_not_rewritten() {
        let out = temp_dir("unchanged");
        let (written, _) = generate_into(&samples(), &out);
        let written = written.unwrap();
        let marker = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1);
        std::fs::File::options()
            .write(true)
            .open(&written)
            .unwrap()
            .set_modified(marker)
            .unwrap();
        generate_into(&samples(), &out).0.unwrap();
        let modified = std::fs::metadata(&written).unwrap().modified().unwrap();
        assert_eq!(modified, marker);
    }

    #[test]
    fn problems_of_every_file_are_reported_with_locations() {
        let dir = temp_dir("broken");
        std::fs::write(
            dir.join("a.json"),
            "{\n  \"input\": {\"type\": \"object\"},\n}",
        )
        .unwrap();
        std::fs::write(
            dir.join("b.json"),
            "{\n  \"input\": {\"type\": \"string\"},\n  \"result\": {\"type\": \"object\"}\n}",
        )
        .unwrap();
        let out = temp_dir("broken-out");
        let (outcome, directives) = generate_into(&dir, &out);
        let error = outcome.unwrap_err();
        let BuildError::Invalid(files) = &error else {
            panic!("expected Invalid, got {error}");
        };
        assert_eq!(files.len(), 2);
        let text = error.to_string();
        assert_eq!(format!("{error:?}"), text, "Debug prints the diagnostics");
        let a = dir.join("a.json");
        let b = dir.join("b.json");
        assert!(
            text.starts_with(&format!(
                "{}:3:1: invalid JSON: trailing comma",
                a.display()
            )),
            "{text}"
        );
        assert!(
            text.contains(&format!("{}:2:3: at /input: ", b.display())),
            "{text}"
        );
        assert!(text.contains("help: "), "{text}");
        // The files are still tracked, so fixing them reruns the build script.
        assert!(directives.contains(&format!("cargo:rerun-if-changed={}", a.display())));
        assert!(!out.join("workflows.rs").exists());
    }

    #[test]
    fn two_files_with_one_module_name_is_an_error_naming_both() {
        let dir = temp_dir("clash");
        let body = r#""input": {"type": "object"}, "result": {"type": "object"}"#;
        std::fs::write(dir.join("car.json"), format!("{{{body}}}")).unwrap();
        std::fs::write(
            dir.join("other.json"),
            format!("{{\n  \"name\": \"car\",\n  {body}\n}}"),
        )
        .unwrap();
        let (outcome, _) = generate_into(&dir, &temp_dir("clash-out"));
        let error = outcome.unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{}:2:3: at /name: module `car` is already generated from {}\n  help: give one of the two files a different \"name\" (it becomes the module name)",
                dir.join("other.json").display(),
                dir.join("car.json").display()
            )
        );
    }

    #[test]
    fn a_missing_or_empty_folder_says_so() {
        let missing = std::env::temp_dir().join("workflow-codegen-build-no-such-folder");
        let (outcome, _) = generate_into(&missing, &temp_dir("missing-out"));
        let error = outcome.unwrap_err();
        assert!(matches!(error, BuildError::Io(_)));
        assert!(
            error
                .to_string()
                .starts_with(&format!("{}: no such folder", missing.display())),
            "{error}"
        );

        let empty = temp_dir("empty");
        let (outcome, _) = generate_into(&empty, &temp_dir("empty-out"));
        let error = outcome.unwrap_err();
        assert!(matches!(error, BuildError::Setup(_)));
        assert!(
            error.to_string().starts_with(&format!(
                "no workflow files (*.json) in {}",
                empty.display()
            )),
            "{error}"
        );
    }

    #[test]
    fn referenced_files_are_rebuild_triggers_and_shared_files_get_no_module() {
        let dir = temp_dir("referenced");
        std::fs::create_dir_all(dir.join("shared")).unwrap();
        std::fs::write(
            dir.join("shared/common.json"),
            r#"{"$defs": {"Entity": {"type": "object", "properties": {"name": {"type": "string"}, "kind": {"$ref": "../kinds.json"}}}}}"#,
        )
        .unwrap();
        // Shared definitions in the folder itself: referenced, and not a workflow file.
        std::fs::write(dir.join("kinds.json"), r#"{"enum": ["a", "b"]}"#).unwrap();
        std::fs::write(
            dir.join("extract.json"),
            r#"{"input": {"type": "object"}, "result": {"type": "object", "properties": {"e": {"$ref": "shared/common.json#/$defs/Entity"}}}}"#,
        )
        .unwrap();
        let out = temp_dir("referenced-out");
        let (written, directives) = generate_into(&dir, &out);
        let code = std::fs::read_to_string(written.unwrap()).unwrap();
        let file = syn::parse_file(&code).unwrap();
        let modules: Vec<String> = file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(module) => Some(module.ident.to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(modules, ["extract"]);
        assert!(code.contains("pub enum Kinds"), "{code}");
        let lines: Vec<&str> = directives.lines().collect();
        let expected_tail = [
            format!(
                "cargo:rerun-if-changed={}",
                dir.join("shared/common.json").display()
            ),
            format!(
                "cargo:rerun-if-changed={}",
                dir.join("kinds.json").display()
            ),
        ];
        assert_eq!(
            &lines[lines.len() - 2..],
            expected_tail.as_slice(),
            "{directives}"
        );

        // A referenced file that breaks: the build fails at the $ref, naming both places,
        // and the file stays a rebuild trigger.
        std::fs::write(dir.join("shared/common.json"), "{\"$defs\": {,}}").unwrap();
        let (outcome, directives) = generate_into(&dir, &out);
        let error = outcome.unwrap_err().to_string();
        assert!(
            error.contains(&format!(
                "{}:1:81: at /result/properties/e/$ref: {}:1:12: invalid JSON in the referenced file: key must be a string",
                dir.join("extract.json").display(),
                dir.join("shared/common.json").display()
            )),
            "{error}"
        );
        assert!(directives.contains("shared/common.json"), "{directives}");
    }
}
