//! Referenced files: the files that `$ref`s point into (`"common.json#/$defs/Entity"`,
//! `"../shared/types.json"`), read once each and mounted into the document the engine works
//! on, so that every later stage resolves them by JSON pointer like the file's own schemas.
//!
//! - A relative reference is resolved against the folder of the file that holds it; the same
//!   file reached by two paths is read once.
//! - A reference with a scheme (`https://...`, `urn:...`) is not read: it resolves only to a
//!   schema in the set that declares that `$id`.
//! - Mounted files live under `/$workflow-files/files/N/schema`, with, per file,
//!   where each reference base leads (a mounted file, or why it could not be read), and an
//!   index of every `$id` and `$anchor` in the set.
//! - At most [`MAX_FILES`] files and [`MAX_BYTES`] bytes in all: a reference beyond is a
//!   problem at its `$ref`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use serde_json::{Map, Value, json};

use crate::pointer::push_pointer;
use crate::schema::for_each_subschema;

/// The top-level key under which referenced files and the reference index are mounted.
pub(crate) const FILES: &str = "$workflow-files";

/// At most this many referenced files per workflow file.
pub(crate) const MAX_FILES: usize = 256;

/// At most this many bytes of referenced files per workflow file.
pub(crate) const MAX_BYTES: usize = 64 * 1024 * 1024;

/// A file that a `$ref` in the workflow file (or in another referenced file) points into.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Referenced {
    /// Where it was read from: a rebuild trigger (`include_bytes!` in the macro,
    /// `cargo:rerun-if-changed` in build.rs).
    pub path: PathBuf,
    /// How messages name it: next to the workflow file's name as the caller gave it.
    pub shown: PathBuf,
    /// The file's text.
    pub text: String,
    /// The parsed document.
    pub value: Value,
    /// The document pointer of the first `$ref` that reached it (where its problems are
    /// reported in the file that refers to it).
    pub(crate) via: String,
}

/// Where each reference base of each file leads: a mounted file (1-based) or why it could
/// not be read. Index 0 is the workflow file.
pub(crate) type Links = Vec<BTreeMap<String, Result<usize, String>>>;

/// Reads referenced files; `std::fs::read_to_string` for files on disk.
pub(crate) type Reader<'a> = dyn FnMut(&Path) -> std::io::Result<String> + 'a;

/// Reads every file that the schemas of `workflow` (the workflow file, in folder `dir`,
/// shown as in `shown_dir`) reference, transitively.
pub(crate) fn load(
    workflow: &Value,
    dir: &Path,
    shown_dir: &Path,
    read: &mut Reader<'_>,
) -> (Vec<Referenced>, Links, Vec<PathBuf>) {
    let mut referenced: Vec<Referenced> = Vec::new();
    let mut failed: Vec<PathBuf> = Vec::new();
    let mut links: Links = vec![BTreeMap::new()];
    // (folder, shown folder) of each file, the workflow file first.
    let mut folders = vec![(dir.to_path_buf(), shown_dir.to_path_buf())];
    let mut bytes = 0usize;
    let mut next = 0;
    while next < folders.len() {
        let file = next;
        next += 1;
        let mut found = Vec::new();
        if file == 0 {
            workflow_refs(workflow, &mut found);
        } else {
            schema_refs(&referenced[file - 1].value, &mount_root(file), &mut found);
        }
        for (pointer, reference) in found {
            let Some(base) = file_base(&reference) else {
                continue;
            };
            if links[file].contains_key(&base) {
                continue;
            }
            let (folder, shown_folder) = folders[file].clone();
            let path = normalize(&folder.join(&base));
            let shown = normalize(&shown_folder.join(&base));
            let link = if let Some(index) = referenced.iter().position(|known| known.path == path) {
                Ok(index + 1)
            } else if referenced.len() >= MAX_FILES {
                Err(format!(
                    "{} is one referenced file too many: a workflow file may reference at most {MAX_FILES}",
                    shown.display()
                ))
            } else {
                match read(&path) {
                    Err(error) => Err(match error.kind() {
                        std::io::ErrorKind::NotFound => format!(
                            "referenced file {} not found (relative to the folder of the file holding the $ref)",
                            shown.display()
                        ),
                        std::io::ErrorKind::InvalidData => {
                            format!("referenced file {} is not UTF-8 text", shown.display())
                        }
                        _ => format!("cannot read referenced file {}: {error}", shown.display()),
                    }),
                    Ok(text) if bytes + text.len() > MAX_BYTES => Err(format!(
                        "{} goes past the {} MiB that the files a workflow references may hold",
                        shown.display(),
                        MAX_BYTES / (1024 * 1024)
                    )),
                    Ok(text) => match serde_json::from_str::<Value>(&text) {
                        Err(error) => {
                            let mut message = error.to_string();
                            if let Some(cut) = message.rfind(" at line ") {
                                message.truncate(cut);
                            }
                            Err(format!(
                                "{}:{}:{}: invalid JSON in the referenced file: {message}",
                                shown.display(),
                                error.line(),
                                error.column()
                            ))
                        }
                        Ok(value) => {
                            bytes += text.len();
                            let parent = |path: &Path| {
                                path.parent().map(Path::to_path_buf).unwrap_or_default()
                            };
                            folders.push((parent(&path), parent(&shown)));
                            links.push(BTreeMap::new());
                            referenced.push(Referenced {
                                path: path.clone(),
                                shown,
                                text,
                                value,
                                via: push_pointer(&pointer, "$ref"),
                            });
                            Ok(referenced.len())
                        }
                    },
                }
            };
            if link.is_err() && !failed.contains(&path) {
                failed.push(path);
            }
            links[file].insert(base, link);
        }
    }
    (referenced, links, failed)
}

/// The `$ref`s in a workflow file's schemas: `input`, `result` and the shared definitions.
fn workflow_refs(workflow: &Value, found: &mut Vec<(String, String)>) {
    let Value::Object(root) = workflow else {
        return;
    };
    for key in ["input", "result"] {
        if let Some(schema) = root.get(key) {
            schema_refs(schema, &format!("/{key}"), found);
        }
    }
    for key in ["$defs", "definitions"] {
        if let Some(Value::Object(definitions)) = root.get(key) {
            for (name, schema) in definitions {
                schema_refs(schema, &push_pointer(&format!("/{key}"), name), found);
            }
        }
    }
}

/// The `$ref`s at schema positions in `schema` (written at `pointer`), with where each is.
fn schema_refs(schema: &Value, pointer: &str, found: &mut Vec<(String, String)>) {
    let mut stack = vec![(schema, pointer.to_string())];
    while let Some((schema, pointer)) = stack.pop() {
        let Value::Object(members) = schema else {
            continue;
        };
        if let Some(Value::String(reference)) = members.get("$ref") {
            found.push((pointer.clone(), reference.clone()));
        }
        let mut children = Vec::new();
        for_each_subschema(members, &pointer, |child, at| children.push((child, at)));
        // Reversed, so that references come out in file order.
        stack.extend(children.into_iter().rev());
    }
}

/// The file part of a reference that names a file by a relative path; `None` for a
/// reference within the file or to a URL (`https:`, `urn:`, ...).
fn file_base(reference: &str) -> Option<String> {
    let base = reference.split('#').next().unwrap_or_default();
    if base.is_empty() || has_scheme(base) || base.starts_with('/') {
        return None;
    }
    Some(percent_decode(base))
}

fn has_scheme(base: &str) -> bool {
    let Some((scheme, _)) = base.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        // `C:\...` is a Windows path, not a scheme.
        && scheme.len() > 1
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && bytes[index + 1].is_ascii_hexdigit()
            && bytes[index + 2].is_ascii_hexdigit()
            && let Ok(byte) = u8::from_str_radix(&text[index + 1..index + 3], 16)
        {
            out.push(byte);
            index += 3;
            continue;
        }
        out.push(bytes[index]);
        index += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// `a/./b/../c` as `a/c`, without asking the file system.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                let popped =
                    matches!(out.components().next_back(), Some(Component::Normal(_))) && out.pop();
                if !popped && !out.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The document pointer of mounted file `index` (1-based).
pub(crate) fn mount_root(index: usize) -> String {
    format!("/{FILES}/files/{index}/schema")
}

/// The mounted file a document pointer lies in and the pointer within that file; `None`
/// for the workflow file.
pub(crate) fn split_mount(pointer: &str) -> Option<(usize, &str)> {
    let rest = pointer.strip_prefix("/$workflow-files/files/")?;
    let (index, rest) = rest.split_once('/').unwrap_or((rest, ""));
    let index: usize = index.parse().ok()?;
    let inner = rest.strip_prefix("schema")?;
    (inner.is_empty() || inner.starts_with('/')).then_some((index, inner))
}

/// Mounts the referenced files (each normalized by `prepare`) into `document` with the links,
/// and indexes every `$id` and `$anchor` of the set.
pub(crate) fn mount(
    document: &mut Value,
    referenced: &[Referenced],
    links: &Links,
    mut prepare: impl FnMut(&mut Value),
) {
    let Value::Object(root) = document else {
        return;
    };
    let mut files = vec![Value::Null];
    for file in referenced {
        let mut schema = file.value.clone();
        prepare(&mut schema);
        files.push(json!({"shown": file.shown.to_string_lossy(), "schema": schema}));
    }
    let links: Vec<Value> = links
        .iter()
        .map(|bases| {
            Value::Object(
                bases
                    .iter()
                    .map(|(base, link)| {
                        let link = match link {
                            Ok(index) => json!(index),
                            Err(message) => json!(message),
                        };
                        (base.clone(), link)
                    })
                    .collect(),
            )
        })
        .collect();
    root.insert(FILES.into(), json!({"files": files, "links": links}));
    let (ids, anchors) = index(document);
    if let Some(Value::Object(mounted)) = document.get_mut(FILES) {
        mounted.insert("ids".into(), Value::Object(ids));
        mounted.insert("anchors".into(), Value::Object(anchors));
    }
}

/// Every `$id` (without a trailing `#`) -> the first schema declaring it, and every anchor
/// (`$anchor`, or a draft-07 `$id: "#name"`) -> the schemas declaring it, in document order;
/// the workflow file's `examples` are not schemas.
fn index(document: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut ids = Map::new();
    let mut anchors: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    let mut stack: Vec<(&Value, String)> = vec![(document, String::new())];
    while let Some((value, pointer)) = stack.pop() {
        match value {
            Value::Object(members) => {
                if let Some(Value::String(id)) = members.get("$id") {
                    match id.strip_prefix('#') {
                        Some(name) => anchors
                            .entry(name.to_string())
                            .or_default()
                            .push(json!(pointer)),
                        None => {
                            ids.entry(id.trim_end_matches('#').to_string())
                                .or_insert_with(|| json!(pointer));
                        }
                    }
                }
                if let Some(Value::String(name)) = members.get("$anchor") {
                    anchors
                        .entry(name.clone())
                        .or_default()
                        .push(json!(pointer));
                }
                let mut children = Vec::new();
                for (key, member) in members {
                    if pointer.is_empty() && key == "examples" {
                        continue;
                    }
                    if pointer == format!("/{FILES}") && key != "files" {
                        continue;
                    }
                    children.push((member, push_pointer(&pointer, key)));
                }
                stack.extend(children.into_iter().rev());
            }
            Value::Array(items) => {
                let children: Vec<_> = items
                    .iter()
                    .enumerate()
                    .map(|(index, item)| (item, push_pointer(&pointer, &index.to_string())))
                    .collect();
                stack.extend(children.into_iter().rev());
            }
            _ => {}
        }
    }
    let anchors = anchors
        .into_iter()
        .map(|(name, pointers)| (name, Value::Array(pointers)))
        .collect();
    (ids, anchors)
}

/// Where reference base `base`, written in the file that `pointer` lies in, leads: the
/// mounted file's root, or why it could not be read; `None` when no file was read for it.
pub(crate) fn link(document: &Value, pointer: &str, base: &str) -> Option<Result<String, String>> {
    let file = split_mount(pointer).map_or(0, |(index, _)| index);
    let key = percent_decode(base);
    let link = document.get(FILES)?.get("links")?.get(file)?.get(&key)?;
    match link {
        Value::Number(index) => index
            .as_u64()
            .and_then(|index| usize::try_from(index).ok())
            .map(|index| Ok(mount_root(index))),
        Value::String(message) => Some(Err(message.clone())),
        _ => None,
    }
}

/// The indexed schema declaring `$id` `id`, when the document has an index: `Some(None)`
/// when it has one and no schema declares it.
pub(crate) fn indexed_id(document: &Value, id: &str) -> Option<Option<String>> {
    let ids = document.get(FILES)?.get("ids")?;
    Some(ids.get(id).and_then(Value::as_str).map(str::to_string))
}

/// The indexed schemas declaring anchor `name`, when the document has an index.
pub(crate) fn indexed_anchors(document: &Value, name: &str) -> Option<Vec<String>> {
    let anchors = document.get(FILES)?.get("anchors")?;
    Some(
        anchors
            .get(name)
            .and_then(Value::as_array)
            .map(|pointers| {
                pointers
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
    )
}

/// The mounted file's name as shown in messages (for naming what is copied from it).
pub(crate) fn shown_name(document: &Value, index: usize) -> Option<String> {
    let shown = document
        .get(FILES)?
        .get("files")?
        .get(index)?
        .get("shown")?
        .as_str()?;
    Path::new(shown)
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
}

/// Reads referenced files from a set of named texts (tools and tests that have no files on
/// disk): a path not in the set is not found.
pub fn reader_from(
    files: HashMap<PathBuf, String>,
) -> impl FnMut(&Path) -> std::io::Result<String> {
    move |path: &Path| {
        files
            .get(path)
            .cloned()
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "not in the file set"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_lexically() {
        assert_eq!(
            normalize(Path::new("a/./b/../c.json")),
            PathBuf::from("a/c.json")
        );
        assert_eq!(
            normalize(Path::new("../x/../y.json")),
            PathBuf::from("../y.json")
        );
        assert_eq!(normalize(Path::new("/r/a/../../b")), PathBuf::from("/b"));
    }

    #[test]
    fn only_relative_file_references_name_files() {
        assert_eq!(
            file_base("common.json#/$defs/A").as_deref(),
            Some("common.json")
        );
        assert_eq!(
            file_base("../shared/types.json").as_deref(),
            Some("../shared/types.json")
        );
        assert_eq!(file_base("my%20file.json").as_deref(), Some("my file.json"));
        assert_eq!(file_base("#/$defs/A"), None);
        assert_eq!(file_base("https://example.com/s.json#/a"), None);
        assert_eq!(file_base("urn:example:thing"), None);
        assert_eq!(file_base("/abs/path.json"), None);
    }

    #[test]
    fn mounted_pointers_split_into_file_and_inner_pointer() {
        assert_eq!(
            split_mount("/$workflow-files/files/3/schema/$defs/A"),
            Some((3, "/$defs/A"))
        );
        assert_eq!(
            split_mount("/$workflow-files/files/3/schema"),
            Some((3, ""))
        );
        assert_eq!(split_mount("/result/properties/a"), None);
        assert_eq!(split_mount("/$workflow-files/files/x/schema"), None);
    }
}
