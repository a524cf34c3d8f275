//! Naming rules: how JSON names become Rust identifiers (documented in schemas/README.md).
//!
//! - Types: PascalCase of the `$defs` key or `title`, else of the property (`meta` gives
//!   `Meta`, array items add `Item`, map values `Value`), prefixed by the parent type when
//!   taken. `Input`, `Output`, the marker type and names of the Rust prelude (`Option`,
//!   `Result`, `String`, `Box`, `Vec`, ...) get a `Type` suffix; later duplicates get `2`,
//!   `3`, ... (after `Type` when the name ends in a digit).
//! - Non-ASCII names are transliterated to ASCII first (`ünïcödé` gives `unicode`).
//! - Fields: snake_case; characters that cannot be in an identifier separate words; a name
//!   starting with a digit gets a leading `_`; an empty name becomes `field`; keywords get a
//!   trailing `_` (`type_`). A property whose name is already a plain snake_case identifier
//!   keeps it; the others are numbered `_2`, `_3`, ... in schema order when their name is taken.
//! - Enum variants: PascalCase of the value, same rules, numbered when taken.

use heck::{ToPascalCase, ToSnakeCase};
use unicode_ident::{is_xid_continue, is_xid_start};

/// Rust keywords (strict, reserved and weak ones that cannot be plain identifiers).
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union", "_",
];

/// Type names that would shadow the Rust prelude (or be confusing) in the generated module.
const PRELUDE: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Default",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "Extend",
    "Eq",
    "PartialEq",
    "Ord",
    "PartialOrd",
    "AsRef",
    "AsMut",
    "Into",
    "From",
    "TryFrom",
    "TryInto",
    "FromIterator",
    "Debug",
    "Hash",
    "Self",
    "Serialize",
    "Deserialize",
];

/// Whether `name` is a Rust keyword.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// Splits `raw` into words: non-ASCII text is transliterated (`ünïcödé` reads `unicode`,
/// `日本語` reads `Ri Ben Yu`: identifiers stay ASCII, which no lint questions), and every
/// character that cannot continue an identifier separates words (apostrophes vanish:
/// `don't` is one word).
fn words(raw: &str) -> String {
    deunicode::deunicode(&raw.replace('\'', ""))
        .replace('\'', "")
        .chars()
        .map(|c| {
            if c.is_ascii() && is_xid_continue(c) {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// The snake_case field identifier for a JSON property name, before de-duplication.
pub(crate) fn field_ident(raw: &str) -> String {
    let mut snake = words(raw).to_snake_case();
    if snake.is_empty() {
        snake = "field".to_string();
    }
    if let Some(first) = snake.chars().next()
        && !is_xid_start(first)
    {
        snake = format!("_{snake}");
    }
    if is_keyword(&snake) {
        snake.push('_');
    }
    snake
}

/// Whether `raw` is already a plain snake_case identifier that [`field_ident`] keeps as is.
pub(crate) fn is_plain_field(raw: &str) -> bool {
    field_ident(raw) == raw
}

/// The PascalCase type name for a title, `$defs` key or derived hint, before de-duplication.
pub(crate) fn type_ident(raw: &str) -> String {
    let mut pascal = words(raw).to_pascal_case();
    if pascal.is_empty() {
        pascal = "Type".to_string();
    }
    if let Some(first) = pascal.chars().next()
        && !is_xid_start(first)
    {
        pascal = format!("X{pascal}");
    }
    // typify re-cases the names it is given: only hand it names it keeps as they are.
    if pascal.to_pascal_case() != pascal {
        pascal = format!("X{}", pascal.to_pascal_case());
    }
    pascal
}

/// The enum variant name for a string value, before de-duplication.
pub(crate) fn variant_ident(raw: &str) -> String {
    let pascal = type_ident(raw);
    if raw.trim().is_empty() {
        return "Empty".to_string();
    }
    if pascal == "Self" {
        return "Self_".to_string();
    }
    pascal
}

/// The module name for a workflow name: `odd-names v2` gives `odd_names_v2`.
pub(crate) fn module_ident(raw: &str) -> String {
    field_ident(raw)
}

/// The marker type name for a workflow name: `odd-names v2` gives `OddNamesV2`.
pub fn marker_ident(raw: &str) -> String {
    let name = type_ident(raw);
    match name.as_str() {
        "Input" | "Output" => format!("{name}Workflow"),
        _ if PRELUDE.contains(&name.as_str()) => format!("{name}Workflow"),
        _ => name,
    }
}

/// A set of names in one namespace that hands out unique ones.
#[derive(Debug, Default, Clone)]
pub(crate) struct NameSet {
    taken: std::collections::BTreeSet<String>,
    /// Names that other types yield to with a `Type` suffix (`Input`, `Output`, the marker).
    fixed: std::collections::BTreeSet<String>,
}

impl NameSet {
    /// Reserves `name` for a fixed item: a type that wants it is called `{name}Type`.
    pub(crate) fn reserve_fixed(&mut self, name: &str) {
        self.taken.insert(name.to_string());
        self.fixed.insert(name.to_string());
    }

    /// Marks `name` as taken; returns false when it already was.
    pub(crate) fn reserve(&mut self, name: &str) -> bool {
        self.taken.insert(name.to_string())
    }

    /// Whether `name` is taken.
    pub(crate) fn contains(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// `base` if free, else `base2`, `base3`, ... (`base_2`, ... when `separator` is `_`).
    pub(crate) fn unique(&mut self, base: &str, separator: &str) -> String {
        if self.reserve(base) {
            return base.to_string();
        }
        // `self_` + `_2` would be `self__2`, which the naming lints reject; `Self_2` too.
        let (stem, separator) = match base.strip_suffix('_') {
            Some(stem) if !stem.is_empty() => (stem, separator),
            _ => (base, separator),
        };
        (2..)
            .map(|n| format!("{stem}{separator}{n}"))
            .find(|candidate| self.reserve(candidate))
            .unwrap_or_default()
    }
}

/// A type name that avoids the prelude and the workflow's fixed names, then made unique.
/// Names must stay PascalCase as typify re-cases them, so there are no `_` separators: a
/// taken name ending in a digit gets `Type` before its number (`V2`, `V2Type`, `V2Type2`).
pub(crate) fn unique_type(names: &mut NameSet, raw: &str) -> String {
    let mut base = type_ident(raw);
    if PRELUDE.contains(&base.as_str()) || names.fixed.contains(&base) {
        base.push_str("Type");
    }
    if names.contains(&base) && base.ends_with(|c: char| c.is_ascii_digit()) {
        base.push_str("Type");
    }
    names.unique(&base, "")
}

/// Whether [`unique_type`] would hand out `name` itself.
pub(crate) fn is_free_type_name(names: &NameSet, name: &str) -> bool {
    !names.contains(name) && !PRELUDE.contains(&name)
}

/// Field identifiers for a struct's JSON property names, in schema order: plain snake_case
/// names keep themselves, the others are derived and numbered when taken.
pub(crate) fn field_idents<'a>(
    keys: impl IntoIterator<Item = &'a str> + Clone,
    reserved: &[&str],
) -> Vec<String> {
    let mut names = NameSet::default();
    for name in reserved {
        names.reserve(name);
    }
    for key in keys.clone() {
        if is_plain_field(key) {
            names.reserve(key);
        }
    }
    keys.into_iter()
        .map(|key| {
            if is_plain_field(key) {
                key.to_string()
            } else {
                names.unique(&field_ident(key), "_")
            }
        })
        .collect()
}

/// Variant identifiers for an enum's string values, in order, unique.
pub(crate) fn variant_idents<'a>(values: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names = NameSet::default();
    values
        .into_iter()
        .map(|value| names.unique(&variant_ident(value), ""))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_follow_the_documented_rules() {
        assert_eq!(field_ident("fastest-car"), "fastest_car");
        assert_eq!(field_ident("2nd place"), "_2nd_place");
        assert_eq!(field_ident("type"), "type_");
        assert_eq!(field_ident("Self"), "self_");
        assert_eq!(field_ident(""), "field");
        assert_eq!(field_ident("-"), "field");
        assert_eq!(field_ident("@id"), "id");
        assert_eq!(field_ident("日本語"), "ri_ben_yu");
        assert_eq!(field_ident("ünïcödé"), "unicode");
        assert_eq!(field_ident("μ"), "m");
        assert_eq!(field_ident("camelCase"), "camel_case");
    }

    #[test]
    fn colliding_properties_get_distinct_predictable_fields() {
        let keys = [
            "camelCase",
            "camel_case",
            "CamelCase",
            "self",
            "Self",
            "",
            "_",
            "-",
        ];
        assert_eq!(
            field_idents(keys, &[]),
            [
                "camel_case_2",
                "camel_case",
                "camel_case_3",
                "self_",
                "self_2",
                "field",
                "field_2",
                "field_3"
            ]
        );
    }

    #[test]
    fn type_names_avoid_the_prelude_and_fixed_names() {
        let mut names = NameSet::default();
        names.reserve_fixed("Input");
        assert_eq!(unique_type(&mut names, "Option"), "OptionType");
        assert_eq!(unique_type(&mut names, "input"), "InputType");
        assert_eq!(unique_type(&mut names, "my-type"), "MyType");
        assert_eq!(unique_type(&mut names, "MyType"), "MyType2");
        assert_eq!(unique_type(&mut names, "2ndType"), "X2ndType");
        assert_eq!(unique_type(&mut names, "日本"), "RiBen");
        assert_eq!(unique_type(&mut names, "v2"), "V2");
        assert_eq!(unique_type(&mut names, "V2"), "V2Type");
        assert_eq!(unique_type(&mut names, "v-2"), "V2Type2");
    }

    #[test]
    fn module_and_marker_names() {
        assert_eq!(module_ident("odd-names v2"), "odd_names_v2");
        assert_eq!(marker_ident("odd-names v2"), "OddNamesV2");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(marker_ident("input"), "InputWorkflow");
    }

    #[test]
    fn colliding_enum_values_get_distinct_variants() {
        assert_eq!(
            variant_idents(["foo", "Foo", "foo-bar", "FOO", "self", "Self", ""]),
            ["Foo", "Foo2", "FooBar", "Foo3", "Self_", "Self2", "Empty"]
        );
    }
}
