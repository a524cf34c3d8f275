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
//! - two files that give the same module name are an error naming both;
//! - the generated code is customized as with `workflow!`'s options: [`Builder::derive`],
//!   [`Builder::type_derive`], [`Builder::replace`], [`Builder::rename`],
//!   [`Builder::formats`] and [`Builder::unknown_fields`] apply to every file,
//!   [`Builder::options_for`] to one; a workflow file's `x-rust` section gives defaults that
//!   these override.
//!
//! ```no_run
//! // build.rs
//! use workflow_codegen::build::Builder;
//! use workflow_codegen::{Formats, Options};
//!
//! fn main() -> Result<(), workflow_codegen::build::BuildError> {
//!     Builder::new()
//!         .derive("Eq")
//!         .derive("Hash")
//!         .formats(Formats::Chrono)
//!         .options_for(
//!             "car.json",
//!             Options::default().with_replace("#/$defs/Money", "rust_decimal::Decimal"),
//!         )
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! [`render`] is the same engine without the folder and `OUT_DIR` handling: the `workflow
//! generate` command writes its output with it.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::Source;
use crate::{Formats, Options, UnknownFields, generate};

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
    /// `CARGO_MANIFEST_DIR` not set (not running under cargo), no output file named, an
    /// [`Builder::options_for`] file name that names none of the files.
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
    /// The customization of every file (the setters' entries).
    options: Options,
    /// `options_for` calls in order: a file name and what applies to it after `options`.
    per_file: Vec<(String, Options)>,
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
            options: Options::default(),
            per_file: Vec::new(),
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

    /// Adds `derive` to every generated type of every file where it applies, like
    /// `workflow!`'s `derives = [Eq, Hash]` (see [`Options::with_derive`]): a type that
    /// cannot have it (`Eq` on a type holding `f64`) goes without, and its docs say so. A
    /// derive from another crate is a path.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), workflow_codegen::build::BuildError> {
    /// workflow_codegen::build::Builder::new()
    ///     .derive("Eq")
    ///     .derive("Hash")
    ///     .derive("schemars::JsonSchema")
    ///     .generate()?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn derive(mut self, derive: impl Into<String>) -> Self {
        self.options = self.options.with_derive(derive);
        self
    }

    /// Adds `derive` to one type, named by its name (`Output`) or its schema's JSON pointer
    /// (`#/$defs/Entity`), like `workflow!`'s `derives = { Output = [Hash] }` (see
    /// [`Options::with_type_derive`]); a derive that cannot apply to it is an error. Every
    /// file must have that type: for one file's type, use [`Builder::options_for`].
    ///
    /// ```no_run
    /// # fn main() -> Result<(), workflow_codegen::build::BuildError> {
    /// workflow_codegen::build::Builder::new()
    ///     .type_derive("Output", "Hash")
    ///     .generate()?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn type_derive(mut self, ty: impl Into<String>, derive: impl Into<String>) -> Self {
        self.options = self.options.with_type_derive(ty, derive);
        self
    }

    /// Uses the type at `path` instead of generating the type `ty` (a name or a JSON
    /// pointer), like `workflow!`'s `replace = { "#/$defs/Money" = rust_decimal::Decimal }`
    /// (see [`Options::with_replace`]).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), workflow_codegen::build::BuildError> {
    /// workflow_codegen::build::Builder::new()
    ///     .replace("#/$defs/Money", "rust_decimal::Decimal")
    ///     .generate()?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn replace(mut self, ty: impl Into<String>, path: impl Into<String>) -> Self {
        self.options = self.options.with_replace(ty, path);
        self
    }

    /// Names the type generated for `ty` (a name or a JSON pointer) `name` instead, like
    /// `workflow!`'s `rename = { "#/result/properties/kind" = Category }` (see
    /// [`Options::with_rename`]).
    ///
    /// ```no_run
    /// # fn main() -> Result<(), workflow_codegen::build::BuildError> {
    /// workflow_codegen::build::Builder::new()
    ///     .rename("#/result/properties/kind", "Category")
    ///     .generate()?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn rename(mut self, ty: impl Into<String>, name: impl Into<String>) -> Self {
        self.options = self.options.with_rename(ty, name);
        self
    }

    /// Which Rust types string formats (`date-time`, `date`, `uuid`, `uri`) become, like
    /// `workflow!`'s `formats = "chrono"` (default: [`Formats::Strings`]).
    #[must_use]
    pub fn formats(mut self, formats: Formats) -> Self {
        self.options = self.options.with_formats(formats);
        self
    }

    /// Whether open objects keep the members their schema does not declare, like
    /// `workflow!`'s `unknown_fields = "keep"` (default: [`UnknownFields::Drop`]).
    #[must_use]
    pub fn unknown_fields(mut self, choice: UnknownFields) -> Self {
        self.options = self.options.with_unknown_fields(choice);
        self
    }

    /// Customizes the workflow file named `file_name` (`"car.json"`; every file of that name)
    /// with `options`, applied after the setters that apply to every file: its derives add
    /// to theirs, its `replace` and `rename` entries and its formats and unknown fields win
    /// over theirs for the same key, and its module name and deployment id are used. A name
    /// that matches no file is a [`BuildError::Setup`] error naming the files there are.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), workflow_codegen::build::BuildError> {
    /// use workflow_codegen::Options;
    ///
    /// workflow_codegen::build::Builder::new()
    ///     .derive("Eq")
    ///     .options_for(
    ///         "car.json",
    ///         Options::default()
    ///             .with_type_derive("Output", "Hash")
    ///             .with_replace("#/$defs/Money", "rust_decimal::Decimal"),
    ///     )
    ///     .generate()?;
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn options_for(mut self, file_name: impl Into<String>, options: Options) -> Self {
        self.per_file.push((file_name.into(), options));
        self
    }

    /// Generates the modules, writes them (when they changed) and prints the
    /// `cargo:rerun-if-changed` lines for the folder and every file read. Returns the path
    /// written.
    ///
    /// # Errors
    ///
    /// [`BuildError::Invalid`] with every problem of every workflow file (and two files that
    /// give the same module name, and problems with the customization), [`BuildError::Io`]
    /// when the folder cannot be listed or the output cannot be written, [`BuildError::Setup`]
    /// when the folder has no workflow files, `OUT_DIR` / `CARGO_MANIFEST_DIR` are needed and
    /// not set, or an [`options_for`](Self::options_for) name matches no file.
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
        self.check_file_names(&files, &format!("in {}", self.dir.display()))?;
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
        let (code, referenced) = self.render_tracked(
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

    /// [`render`] with this builder's customization: the files given instead of the folder's,
    /// and no output written (the `workflow generate` command uses it).
    ///
    /// # Errors
    ///
    /// As [`render`], and [`BuildError::Setup`] when an [`options_for`](Self::options_for)
    /// name matches none of `files`.
    pub fn render<'a>(
        &self,
        files: impl IntoIterator<Item = (&'a Path, &'a Path)>,
    ) -> Result<String, BuildError> {
        let files: Vec<(&Path, &Path)> = files.into_iter().collect();
        let paths: Vec<PathBuf> = files.iter().map(|(path, _)| path.to_path_buf()).collect();
        self.check_file_names(&paths, "among the files given")?;
        self.render_tracked(files).0
    }

    /// The options for the workflow file at `path`: the builder's, then those of every
    /// [`options_for`](Self::options_for) that names the file, in the order given.
    fn options_of(&self, path: &Path) -> Options {
        let name = path.file_name().map(|name| name.to_string_lossy());
        self.per_file
            .iter()
            .filter(|(file, _)| name.as_deref() == Some(file.as_str()))
            .fold(self.options.clone(), |options, (_, later)| {
                options.then(later)
            })
    }

    /// A [`BuildError::Setup`] error for the first `options_for` name that names none of
    /// `files`; `place` says where they are (`in schemas`).
    fn check_file_names(&self, files: &[PathBuf], place: &str) -> Result<(), BuildError> {
        let mut names: Vec<String> = Vec::new();
        for name in files.iter().filter_map(|file| file.file_name()) {
            let name = name.to_string_lossy().into_owned();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        let Some((wrong, _)) = self.per_file.iter().find(|(file, _)| !names.contains(file)) else {
            return Ok(());
        };
        // `schemas/car.json` for `car.json`.
        let as_path = Path::new(wrong.as_str())
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .filter(|name| name != wrong && names.contains(name));
        let (hint, not_a_path) = match as_path {
            Some(name) => (
                format!("; did you mean {name:?}?"),
                "options_for takes a file name, not a path; ",
            ),
            None => (
                crate::custom::did_you_mean(wrong, names.iter().map(String::as_str))
                    .map(|close| format!("; did you mean {close:?}?"))
                    .unwrap_or_default(),
                "",
            ),
        };
        let mut listed: Vec<String> = names.iter().map(|name| format!("{name:?}")).collect();
        let listed = match listed.pop() {
            Some(last) if !listed.is_empty() => format!("{} and {last}", listed.join(", ")),
            last => last.unwrap_or_default(),
        };
        Err(BuildError::Setup(format!(
            "options_for({wrong:?}): no workflow file is named {wrong:?} {place}{hint} \
             ({not_a_path}the files are {listed})"
        )))
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
/// `include_str!` of the file; [`Builder::render`] does the same with customization.
///
/// # Errors
///
/// [`BuildError::Invalid`] with every problem of every file, and one problem for each file
/// whose module name another file already took.
pub fn render<'a>(
    files: impl IntoIterator<Item = (&'a Path, &'a Path)>,
) -> Result<String, BuildError> {
    Builder::new().render_tracked(files).0
}

impl Builder {
    /// [`render`] with this builder's options, and the files its `$ref`s point into (rebuild
    /// triggers). A `*.json` of the set that another one references and that has neither
    /// `input` nor `result` holds shared definitions: it is not a workflow file and gets no
    /// module.
    fn render_tracked<'a>(
        &self,
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
        let workflows: Vec<(Options, Result<Source, Diagnostics>)> = loaded
            .into_iter()
            .filter(|(path, source)| !shared(path, source))
            .map(|(path, source)| (self.options_of(path), source))
            .collect();
        (render_sources(workflows), referenced)
    }
}

/// The modules of `sources`, each generated with its options.
fn render_sources(
    sources: Vec<(Options, Result<Source, Diagnostics>)>,
) -> Result<String, BuildError> {
    let mut invalid = Vec::new();
    // (module name, file that took it)
    let mut taken: Vec<(String, PathBuf)> = Vec::new();
    let mut out = String::from(
        "// @generated by workflow-codegen from the workflow files named below. Do not edit:\n\
         // change the workflow files and generate again.\n",
    );
    for (options, source) in sources {
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

    /// Strings only: every type of it can derive `Hash`, and it has a `date-time`.
    const NOTE: &str = r#"{
  "name": "note",
  "input": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
  "result": {
    "type": "object",
    "required": ["summary"],
    "properties": {
      "summary": {"type": "string"},
      "at": {"type": "string", "format": "date-time"}
    }
  }
}"#;

    /// An `f64` in `Item` (and so in `Output`), a `date-time`, an enum property.
    const SHOP: &str = r##"{
  "name": "shop",
  "input": {"type": "object", "required": ["query"], "properties": {"query": {"type": "string"}}},
  "result": {
    "type": "object",
    "required": ["items", "checked_at"],
    "properties": {
      "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
      "checked_at": {"type": "string", "format": "date-time"},
      "kind": {"type": "string", "enum": ["new", "used"]}
    }
  },
  "$defs": {
    "Item": {
      "type": "object",
      "required": ["name", "price"],
      "properties": {"name": {"type": "string"}, "price": {"type": "number"}}
    }
  }
}"##;

    /// A folder holding `files` (name, text).
    fn workflows(label: &str, files: &[(&str, &str)]) -> Scratch {
        let dir = temp_dir(label);
        for (name, text) in files {
            std::fs::write(dir.join(name), text).unwrap();
        }
        dir
    }

    /// What `builder` generates from `dir`, as parsed code (or the error).
    fn build_with(builder: Builder, dir: &Path) -> Result<syn::File, BuildError> {
        let out = temp_dir("custom-out");
        let written = builder
            .dir(dir)
            .out_dir(&*out)
            .out_file("workflows.rs")
            .generate_to(&mut Vec::new())?;
        let code = std::fs::read_to_string(written).unwrap();
        Ok(syn::parse_file(&code).unwrap())
    }

    /// The attributes of the struct, enum or type alias `ty` in module `module`.
    fn attrs_of<'a>(file: &'a syn::File, module: &str, ty: &str) -> &'a [syn::Attribute] {
        let items = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Mod(found) if found.ident == module => {
                    found.content.as_ref().map(|(_, items)| items)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("no module {module}"));
        items
            .iter()
            .find_map(|item| match item {
                syn::Item::Struct(item) if item.ident == ty => Some(item.attrs.as_slice()),
                syn::Item::Enum(item) if item.ident == ty => Some(item.attrs.as_slice()),
                syn::Item::Type(item) if item.ident == ty => Some(item.attrs.as_slice()),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no type {module}::{ty}"))
    }

    /// The derives of `module::ty`, by their last segment (`Hash`, `Serialize`).
    fn derives(file: &syn::File, module: &str, ty: &str) -> Vec<String> {
        let mut found = Vec::new();
        for attribute in attrs_of(file, module, ty) {
            if attribute.path().is_ident("derive") {
                attribute
                    .parse_nested_meta(|meta| {
                        found.push(meta.path.segments.last().unwrap().ident.to_string());
                        Ok(())
                    })
                    .unwrap();
            }
        }
        found
    }

    /// The doc lines of `module::ty`.
    fn docs(file: &syn::File, module: &str, ty: &str) -> Vec<String> {
        attrs_of(file, module, ty)
            .iter()
            .filter_map(|attribute| match &attribute.meta {
                syn::Meta::NameValue(doc) if doc.path.is_ident("doc") => match &doc.value {
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(text),
                        ..
                    }) => Some(text.value()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The type of field `field` of struct `module::ty`, as tokens.
    fn field_type(file: &syn::File, module: &str, ty: &str, field: &str) -> String {
        for item in &file.items {
            if let syn::Item::Mod(found) = item
                && found.ident == module
                && let Some((_, items)) = &found.content
            {
                for item in items {
                    if let syn::Item::Struct(item) = item
                        && item.ident == ty
                    {
                        for each in &item.fields {
                            if each.ident.as_ref().is_some_and(|ident| ident == field) {
                                let ty = &each.ty;
                                return quote::quote!(#ty)
                                    .to_string()
                                    .replace(' ', "")
                                    .replace(",>", ">");
                            }
                        }
                    }
                }
            }
        }
        panic!("no field {module}::{ty}.{field}")
    }

    #[test]
    fn derive_applies_to_every_type_of_every_file_where_it_can() {
        let dir = workflows("derive", &[("note.json", NOTE), ("shop.json", SHOP)]);
        let file = build_with(Builder::new().derive("Hash"), &dir).unwrap();
        for (module, ty) in [("note", "Input"), ("note", "Output"), ("shop", "Input")] {
            assert!(
                derives(&file, module, ty).contains(&"Hash".to_string()),
                "{module}::{ty}"
            );
        }
        assert!(!derives(&file, "shop", "Item").contains(&"Hash".to_string()));
        assert!(
            docs(&file, "shop", "Item")
                .contains(&" Not derived: `Hash` (it holds an `f64`, in `Item.price`).".into()),
            "{:?}",
            docs(&file, "shop", "Item")
        );
    }

    #[test]
    fn type_derive_replace_and_rename_apply_to_every_file() {
        let dir = workflows("keyed", &[("shop.json", SHOP)]);
        let builder = Builder::new()
            .type_derive("Input", "Hash")
            .replace("#/$defs/Item", "crate::MyItem")
            .rename("#/result/properties/kind", "Condition");
        let file = build_with(builder, &dir).unwrap();
        assert!(derives(&file, "shop", "Input").contains(&"Hash".to_string()));
        assert!(!derives(&file, "shop", "Output").contains(&"Hash".to_string()));
        assert!(
            docs(&file, "shop", "Item").contains(
                &" Your own type, `crate::MyItem`, in place of a generated one (`replace`, or the schema's `x-rust-type`)."
                    .into()
            ),
            "{:?}",
            docs(&file, "shop", "Item")
        );
        assert_eq!(
            field_type(&file, "shop", "Output", "kind"),
            "::std::option::Option<Condition>"
        );
    }

    #[test]
    fn formats_and_unknown_fields_apply_to_every_file() {
        let dir = workflows("scalars", &[("note.json", NOTE), ("shop.json", SHOP)]);
        let builder = Builder::new()
            .formats(Formats::Chrono)
            .unknown_fields(UnknownFields::Keep);
        let file = build_with(builder, &dir).unwrap();
        let chrono = "::workflow_runtime::__private::chrono::DateTime<\
                      ::workflow_runtime::__private::chrono::FixedOffset>";
        assert_eq!(field_type(&file, "shop", "Output", "checked_at"), chrono);
        assert_eq!(
            field_type(&file, "note", "Output", "at"),
            format!("::std::option::Option<{chrono}>")
        );
        for (module, ty) in [("note", "Output"), ("shop", "Output"), ("shop", "Item")] {
            assert!(
                field_type(&file, module, ty, "extra").starts_with("::std::collections::BTreeMap<"),
                "{module}::{ty}"
            );
        }
    }

    #[test]
    fn options_for_applies_to_one_file_after_the_global_setters() {
        let dir = workflows("one-file", &[("note.json", NOTE), ("shop.json", SHOP)]);
        let builder = Builder::new()
            .derive("Eq")
            .replace("#/$defs/Item", "crate::Unused")
            .options_for(
                "shop.json",
                Options::default()
                    .with_derive("Hash")
                    .with_replace("#/$defs/Item", "crate::MyItem")
                    .with_formats(Formats::Chrono),
            )
            .options_for("note.json", Options::default().with_module("notes"));
        // The global `replace` names a type only shop.json has: it fails for note.json.
        let error = build_with(builder.clone(), &dir).err().expect("fails");
        let text = error.to_string();
        assert!(
            text.starts_with(&format!(
                "{}: `replace`: `#/$defs/Item` is not the schema of a generated type",
                dir.join("note.json").display()
            )),
            "{text}"
        );
        assert!(!text.contains("shop.json"), "{text}");

        let builder = Builder::new().derive("Eq").options_for(
            "shop.json",
            Options::default()
                .with_derive("Hash")
                .with_replace("#/$defs/Item", "crate::MyItem")
                .with_formats(Formats::Chrono),
        );
        let file = build_with(
            builder.options_for("note.json", Options::default().with_module("notes")),
            &dir,
        )
        .unwrap();
        let shop_input = derives(&file, "shop", "Input");
        assert!(shop_input.contains(&"Eq".to_string()), "{shop_input:?}");
        assert!(shop_input.contains(&"Hash".to_string()), "{shop_input:?}");
        let note_output = derives(&file, "notes", "Output");
        assert!(note_output.contains(&"Eq".to_string()), "{note_output:?}");
        assert!(
            !note_output.contains(&"Hash".to_string()),
            "{note_output:?}"
        );
        assert!(field_type(&file, "shop", "Output", "checked_at").contains("chrono::DateTime"));
        assert_eq!(
            field_type(&file, "notes", "Output", "at"),
            "::std::option::Option<::std::string::String>"
        );
        assert!(
            docs(&file, "shop", "Item")[..]
                .iter()
                .any(|line| line.contains("crate::MyItem"))
        );
    }

    #[test]
    fn options_for_a_file_that_is_not_there_is_a_setup_error_naming_the_files() {
        let dir = workflows("no-such-file", &[("note.json", NOTE), ("shop.json", SHOP)]);
        let out = temp_dir("no-such-file-out");
        let error = Builder::new()
            .dir(&*dir)
            .out_dir(&*out)
            .options_for("shops.json", Options::default().with_derive("Hash"))
            .generate_to(&mut Vec::new())
            .unwrap_err();
        assert!(matches!(error, BuildError::Setup(_)), "{error}");
        assert_eq!(
            error.to_string(),
            format!(
                "options_for(\"shops.json\"): no workflow file is named \"shops.json\" in {}; \
                 did you mean \"shop.json\"? (the files are \"note.json\" and \"shop.json\")",
                dir.display()
            )
        );
        assert!(!out.join("workflows.rs").exists());

        // A path instead of a file name; and `render`, which names the files given.
        let note = dir.join("note.json");
        let error = Builder::new()
            .options_for("schemas/note.json", Options::default())
            .render([(note.as_path(), note.as_path())])
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            "options_for(\"schemas/note.json\"): no workflow file is named \
             \"schemas/note.json\" among the files given; did you mean \"note.json\"? \
             (options_for takes a file name, not a path; the files are \"note.json\")"
        );
    }

    #[test]
    fn an_option_that_names_no_type_is_a_problem_of_the_file_with_a_did_you_mean() {
        let dir = workflows("did-you-mean", &[("shop.json", SHOP)]);
        let error = build_with(Builder::new().replace("#/$defs/Itm", "crate::MyItem"), &dir)
            .err()
            .expect("fails");
        assert!(matches!(error, BuildError::Invalid(_)), "{error}");
        assert_eq!(
            error.to_string(),
            format!(
                "{}: `replace`: `#/$defs/Itm` is not the schema of a generated type; did you \
                 mean `#/$defs/Item`? (each generated type's pointer is listed in the module's \
                 docs; a schema that becomes a plain `String`, number or list has no type of its \
                 own)",
                dir.join("shop.json").display()
            )
        );
    }

    #[test]
    fn without_options_the_builder_renders_what_render_does() {
        let dir = workflows("plain", &[("note.json", NOTE), ("shop.json", SHOP)]);
        let note = dir.join("note.json");
        let shop = dir.join("shop.json");
        let files = [
            (note.as_path(), note.as_path()),
            (shop.as_path(), shop.as_path()),
        ];
        assert_eq!(
            Builder::new().render(files).unwrap(),
            render(files).unwrap()
        );
    }
}
