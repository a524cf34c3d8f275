//! The README's snippets, as a user pastes them: `tests/snippets.rs` builds every Cargo.toml
//! and Rust snippet of `README.md` and `schemas/README.md` in a new crate next to a clone of
//! this repository, and runs those that can run offline. This library finds the snippets and
//! says how each is built.
//!
//! # The convention
//!
//! - A ` ```toml ` block is (part of) a new crate's `Cargo.toml`. Dependencies on this
//!   repository's crates are path dependencies into a clone next to the crate
//!   (`path = "../workflow-rs/workflow-runtime"`), and the same block names, in a comment, the
//!   line they become once published (`workflow-runtime = "0.1"`), with the current version.
//!   ` ```toml,ignore ` is a TOML block that is not a Cargo.toml.
//! - A ` ```rust ` block is complete code, built in a new crate whose `Cargo.toml` is the
//!   nearest ` ```toml ` block above it in the same file, with the repository's `schemas/`
//!   folder next to it. It is `src/main.rs`, unless it says which files it holds with lines
//!   such as `// build.rs`, `// src/lib.rs` or `// tests/car.rs: ...`. Without an
//!   annotation it must also run offline: its tests pass (`cargo test`) and its `main`, if
//!   it has one, exits with success (`cargo run`).
//! - ` ```rust,no_run ` is built but not run: it needs the hosted service or a key.
//! - ` ```rust,ignore ` is a fragment that only makes sense in its paragraph (it uses names
//!   such as `client` or `input` that the text defines); it is not built, only parsed.
//! - Other blocks (`sh`, `text`, `json`, ...) are not built.
//!
//! A toml block that no Rust block follows is still built, with `cargo new`'s `src/main.rs`.

use std::path::{Component, Path, PathBuf};

/// A fenced code block of a Markdown file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The Markdown file, as given (`README.md`).
    pub document: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// The info string after the backticks (`rust,no_run`).
    pub info: String,
    /// The lines between the fences, each ending with `\n`.
    pub text: String,
}

impl Block {
    /// `README.md:42`, where the block starts.
    pub fn place(&self) -> String {
        format!("{}:{}", self.document, self.line)
    }

    /// What the block is, from its info string.
    pub fn kind(&self) -> Result<Kind, String> {
        let mut words = self
            .info
            .split([',', ' ', '\t'])
            .filter(|word| !word.is_empty());
        let language = words.next().unwrap_or("");
        let annotations: Vec<&str> = words.collect();
        let known = |allowed: &[&str]| -> Result<(), String> {
            match annotations.iter().find(|word| !allowed.contains(word)) {
                Some(unknown) => Err(format!(
                    "{}: unknown annotation `{unknown}` on a ```{language} block (known: {})",
                    self.place(),
                    allowed.join(", ")
                )),
                None => Ok(()),
            }
        };
        match language {
            "toml" => {
                known(&["ignore"])?;
                Ok(if annotations.contains(&"ignore") {
                    Kind::Other
                } else {
                    Kind::Manifest
                })
            }
            "rust" => {
                known(&["ignore", "no_run"])?;
                Ok(Kind::Rust(if annotations.contains(&"ignore") {
                    Mode::Ignore
                } else if annotations.contains(&"no_run") {
                    Mode::NoRun
                } else {
                    Mode::Run
                }))
            }
            _ => Ok(Kind::Other),
        }
    }
}

/// What a block is for the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A new crate's `Cargo.toml`.
    Manifest,
    /// Rust code.
    Rust(Mode),
    /// Not built.
    Other,
}

/// How a Rust block is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Built, then its tests and its `main` run.
    Run,
    /// Built only.
    NoRun,
    /// Parsed only: a fragment.
    Ignore,
}

/// The fenced blocks of `markdown` (backtick fences, as GitHub renders them).
pub fn blocks(document: &str, markdown: &str) -> Result<Vec<Block>, String> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, usize, usize, String, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        let ticks = rest.len() - rest.trim_start_matches('`').len();
        match &mut open {
            None => {
                if indent <= 3 && ticks >= 3 && !rest[ticks..].contains('`') {
                    open = Some((
                        index + 1,
                        indent,
                        ticks,
                        rest[ticks..].trim().to_owned(),
                        String::new(),
                    ));
                }
            }
            Some((start, open_indent, open_ticks, info, text)) => {
                if indent <= 3 && ticks >= *open_ticks && rest[ticks..].trim().is_empty() {
                    blocks.push(Block {
                        document: document.to_owned(),
                        line: *start,
                        info: std::mem::take(info),
                        text: std::mem::take(text),
                    });
                    open = None;
                } else {
                    let strip = (*open_indent).min(indent);
                    text.push_str(&line[strip..]);
                    text.push('\n');
                }
            }
        }
    }
    match open {
        Some((start, ..)) => Err(format!(
            "{document}:{start}: a code block that never closes"
        )),
        None => Ok(blocks),
    }
}

/// One crate to build: a `Cargo.toml` block and the Rust block built with it, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipe {
    /// The crate's `Cargo.toml` (without `[package]`, which the test writes).
    pub manifest: Block,
    /// The code and how far it is checked; `None`: the manifest alone, with `cargo new`'s main.
    pub code: Option<(Block, Mode)>,
}

/// The snippets of one document, sorted into crates to build and fragments to parse.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snippets {
    /// Crates to build, in document order.
    pub recipes: Vec<Recipe>,
    /// ` ```rust,ignore ` blocks.
    pub fragments: Vec<Block>,
}

/// Sorts `blocks` (of one document) by the convention; every problem at once.
pub fn snippets(blocks: &[Block]) -> Result<Snippets, Vec<String>> {
    let mut snippets = Snippets::default();
    let mut problems = Vec::new();
    // The manifest in force, and whether a Rust block used it.
    let mut manifest: Option<(&Block, bool)> = None;
    let flush = |manifest: Option<(&Block, bool)>, snippets: &mut Snippets| {
        if let Some((block, false)) = manifest {
            snippets.recipes.push(Recipe {
                manifest: block.clone(),
                code: None,
            });
        }
    };
    for block in blocks {
        match block.kind() {
            Err(problem) => problems.push(problem),
            Ok(Kind::Other) => {}
            Ok(Kind::Manifest) => {
                flush(manifest.take(), &mut snippets);
                manifest = Some((block, false));
            }
            Ok(Kind::Rust(Mode::Ignore)) => snippets.fragments.push(block.clone()),
            Ok(Kind::Rust(mode)) => match &mut manifest {
                Some((manifest, used)) => {
                    *used = true;
                    snippets.recipes.push(Recipe {
                        manifest: (*manifest).clone(),
                        code: Some((block.clone(), mode)),
                    });
                }
                None => problems.push(format!(
                    "{}: a ```rust block with no ```toml block above it: show the Cargo.toml it \
                     builds with, or mark a fragment ```rust,ignore",
                    block.place()
                )),
            },
        }
    }
    flush(manifest, &mut snippets);
    if problems.is_empty() {
        Ok(snippets)
    } else {
        Err(problems)
    }
}

/// The files of a Rust block: `(path in the crate, text)`. Lines like `// build.rs` or
/// `// src/lib.rs: what it is` start a file; text before the first such line is `src/main.rs`.
pub fn files(block: &Block) -> Result<Vec<(PathBuf, String)>, String> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    let mut current = (PathBuf::from("src/main.rs"), String::new());
    let mut explicit = false;
    for line in block.text.lines() {
        if let Some(path) = file_marker(line) {
            if explicit || !current.1.trim().is_empty() {
                files.push(std::mem::take(&mut current));
            }
            current = (path, String::new());
            explicit = true;
        }
        current.1.push_str(line);
        current.1.push('\n');
    }
    if explicit || !current.1.trim().is_empty() {
        files.push(current);
    }
    for (index, (path, _)) in files.iter().enumerate() {
        if files[..index].iter().any(|(earlier, _)| earlier == path) {
            return Err(format!(
                "{}: the block holds {} twice",
                block.place(),
                path.display()
            ));
        }
    }
    Ok(files)
}

/// `Some(path)` when `line` is `// <relative path>.rs`, optionally followed by `:` and a
/// comment.
fn file_marker(line: &str) -> Option<PathBuf> {
    let rest = line.trim_end().strip_prefix("// ")?;
    let path = rest.split([':', ' ']).next()?;
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'));
    let path = Path::new(path);
    let inside = path
        .components()
        .all(|component| matches!(component, Component::Normal(_)));
    (plain && inside && path.extension().is_some_and(|ext| ext == "rs")).then(|| path.into())
}

/// The dependency lines of a manifest block that point into the clone, and whether each has
/// its published form in a comment of the same block: problems, one per missing form.
/// `requirement` is what the published line asks for (`0.1` for version 0.1.3).
pub fn published_form_problems(manifest: &Block, requirement: &str) -> Vec<String> {
    let comments: Vec<&str> = manifest
        .text
        .lines()
        .filter_map(|line| line.split_once('#').map(|(_, comment)| comment))
        .collect();
    let mut problems = Vec::new();
    for line in manifest.text.lines() {
        let active = line.split('#').next().unwrap_or("");
        let into_clone = active.contains("\"../workflow-rs/")
            || active.contains("github.com/prompt-studio/workflow-rs");
        let Some((name, _)) = active.split_once('=') else {
            continue;
        };
        if !into_clone {
            continue;
        }
        let name = name.trim();
        let published = format!("{name} = \"{requirement}\"");
        if !comments.iter().any(|comment| comment.contains(&published)) {
            problems.push(format!(
                "{}: `{name}` comes from the clone, but the block does not say how it reads \
                 once published: add a comment with `{published}`",
                manifest.place()
            ));
        }
    }
    problems
}

/// The requirement a published dependency line uses for `version`: `0.1` for `0.1.3`,
/// `1` for `1.4.0`.
pub fn caret_requirement(version: &str) -> String {
    let mut parts = version.split('.');
    match (parts.next(), parts.next()) {
        (Some("0"), Some(minor)) => format!("0.{minor}"),
        (Some(major), _) => major.to_owned(),
        (None, _) => version.to_owned(),
    }
}

/// Parses a fragment as Rust: items (a file) or statements (a function body).
pub fn parse_fragment(block: &Block) -> Result<(), String> {
    if syn::parse_file(&block.text).is_ok() {
        return Ok(());
    }
    syn::parse_str::<syn::Block>(&format!("{{\n{}\n}}", block.text))
        .map(|_| ())
        .map_err(|error| {
            format!(
                "{}: the ```rust,ignore fragment is not Rust (neither items nor statements): \
                 {error}",
                block.place()
            )
        })
}

/// A crate name for the block: `readme-md-42` for `README.md:42`.
pub fn crate_name(block: &Block) -> String {
    let mut name: String = block
        .document
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    name.push('-');
    name.push_str(&block.line.to_string());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# Title\n\n```sh\ncargo run\n```\n\n```toml\n[dependencies]\n\
        # once published: workflow-runtime = \"0.1\"\n\
        workflow-runtime = { path = \"../workflow-rs/workflow-runtime\" }\n```\n\n\
        ```rust,no_run\nfn main() {}\n```\n\n```rust,ignore\nlet x = client.run().await?;\n```\n\n\
        ```rust\n// build.rs\nfn main() {}\n\n// src/lib.rs: the modules\npub mod car {}\n```\n\n\
        ```toml\n[dependencies]\ntokio = \"1\"\n```\n";

    #[test]
    fn blocks_have_their_line_info_and_text() {
        let found = blocks("README.md", DOC).unwrap();
        assert_eq!(found.len(), 6);
        assert_eq!(found[0].info, "sh");
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].text, "cargo run\n");
        assert_eq!(found[2].info, "rust,no_run");
        assert_eq!(found[2].place(), "README.md:13");
        assert_eq!(
            blocks("README.md", "```rust\nfn main() {}\n").unwrap_err(),
            "README.md:1: a code block that never closes"
        );
    }

    #[test]
    fn a_fence_inside_a_longer_fence_is_text() {
        let found = blocks("x.md", "````markdown\n```rust\n```\n````\n").unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "```rust\n```\n");
    }

    #[test]
    fn rust_blocks_are_built_with_the_toml_block_above_them() {
        let sorted = snippets(&blocks("README.md", DOC).unwrap()).unwrap();
        assert_eq!(sorted.recipes.len(), 3);
        let first = &sorted.recipes[0];
        assert_eq!(first.manifest.line, 7);
        assert_eq!(
            first.code.as_ref().map(|(block, mode)| (block.line, *mode)),
            Some((13, Mode::NoRun))
        );
        let second = &sorted.recipes[1];
        assert_eq!(second.manifest.line, 7);
        assert_eq!(
            second
                .code
                .as_ref()
                .map(|(block, mode)| (block.line, *mode)),
            Some((21, Mode::Run))
        );
        // The last toml block has no Rust block: built alone.
        assert_eq!(sorted.recipes[2].manifest.line, 29);
        assert_eq!(sorted.recipes[2].code, None);
        assert_eq!(sorted.fragments.len(), 1);
        assert_eq!(sorted.fragments[0].line, 17);
    }

    #[test]
    fn a_rust_block_without_a_manifest_or_with_an_unknown_annotation_is_refused() {
        let doc = "```rust\nfn main() {}\n```\n\n```rust,norun\nfn main() {}\n```\n";
        let problems = snippets(&blocks("README.md", doc).unwrap()).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with("README.md:1: a ```rust block with no ```toml block above it"),
            "{}",
            problems[0]
        );
        assert_eq!(
            problems[1],
            "README.md:5: unknown annotation `norun` on a ```rust block (known: ignore, no_run)"
        );
    }

    #[test]
    fn file_markers_split_a_block_into_files() {
        let all = blocks("README.md", DOC).unwrap();
        let split = files(&all[4]).unwrap();
        let paths: Vec<&Path> = split.iter().map(|(path, _)| path.as_path()).collect();
        assert_eq!(paths, [Path::new("build.rs"), Path::new("src/lib.rs")]);
        assert_eq!(split[0].1, "// build.rs\nfn main() {}\n\n");
        assert_eq!(split[1].1, "// src/lib.rs: the modules\npub mod car {}\n");
        let main = files_of("fn main() {}\n");
        assert_eq!(
            main,
            [(PathBuf::from("src/main.rs"), "fn main() {}\n".to_owned())]
        );
        // Not markers: prose comments, paths leaving the crate.
        assert_eq!(files_of("// the client.rs file\n").len(), 1);
        assert_eq!(
            files_of("// ../evil.rs\nfn main() {}\n")[0].0,
            Path::new("src/main.rs")
        );
    }

    fn files_of(text: &str) -> Vec<(PathBuf, String)> {
        let block = Block {
            document: "x.md".into(),
            line: 1,
            info: "rust".into(),
            text: text.into(),
        };
        files(&block).unwrap()
    }

    #[test]
    fn a_dependency_from_the_clone_needs_its_published_form() {
        let all = blocks("README.md", DOC).unwrap();
        assert_eq!(
            published_form_problems(&all[1], "0.1"),
            Vec::<String>::new()
        );
        let problems = published_form_problems(&all[1], "0.2");
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].contains("add a comment with `workflow-runtime = \"0.2\"`"),
            "{}",
            problems[0]
        );
        assert_eq!(caret_requirement("0.1.0"), "0.1");
        assert_eq!(caret_requirement("1.4.2"), "1");
    }

    #[test]
    fn fragments_must_parse_as_items_or_statements() {
        let all = blocks("README.md", DOC).unwrap();
        assert_eq!(parse_fragment(&all[3]), Ok(()));
        let broken = Block {
            text: "let x = ;\n".into(),
            ..all[3].clone()
        };
        let problem = parse_fragment(&broken).unwrap_err();
        assert!(
            problem.starts_with("README.md:17: the ```rust,ignore fragment is not Rust"),
            "{problem}"
        );
    }

    #[test]
    fn crate_names_come_from_the_document_and_line() {
        let all = blocks("schemas/README.md", DOC).unwrap();
        assert_eq!(crate_name(&all[1]), "schemas-readme-md-7");
    }
}
