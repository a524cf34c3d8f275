//! The customization flags of `workflow generate` and `workflow check`: `workflow!`'s options
//! (and build.rs `Builder`'s setters) on the command line.
//!
//! ```text
//! --derive Eq,Hash                      every type, where it applies (repeatable)
//! --derive Output=Hash                  one type, by name or pointer: '#/$defs/Entity=Eq,Hash'
//! --replace '#/$defs/Money=rust_decimal::Decimal'
//! --rename '#/result/properties/kind=Category'
//! --formats string|chrono|time
//! --unknown-fields drop|keep
//! ```
//!
//! The syntax is checked here (a malformed flag is a usage error, exit 2); whether a type,
//! pointer or derive exists is the engine's to say, as for the macro (exit 3).

use clap::builder::{PossibleValuesParser, TypedValueParser};
use workflow_codegen::build::Builder;
use workflow_codegen::{Formats, Options, UnknownFields};

/// The flags, as clap reads them into `generate` and `check`.
#[derive(Debug, Clone, clap::Args)]
pub(crate) struct Flags {
    /// Derives for every type where they apply (Eq,Hash), or one type's: Output=Hash
    #[arg(long = "derive", value_name = "[TYPE=]DERIVE", value_parser = parse_derives)]
    derives: Vec<Derives>,

    /// Your type instead of a generated one: '#/$defs/Money=rust_decimal::Decimal'
    #[arg(long = "replace", value_name = "KEY=PATH", value_parser = parse_replace)]
    replace: Vec<(String, String)>,

    /// Another name for a generated type: '#/result/properties/kind=Category'
    #[arg(long = "rename", value_name = "KEY=NAME", value_parser = parse_rename)]
    rename: Vec<(String, String)>,

    /// Rust types for the formats date-time, date, uuid and uri [default: string]
    #[arg(long, value_name = "FORMATS", value_parser = formats_parser())]
    formats: Option<Formats>,

    /// Keep the undeclared members of open objects, in `extra` [default: drop]
    #[arg(long, value_name = "CHOICE", value_parser = unknown_fields_parser())]
    unknown_fields: Option<UnknownFields>,
}

/// One `--derive`: derives for every type, or for the type named by a key.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Derives {
    key: Option<String>,
    derives: Vec<String>,
}

impl Flags {
    /// The options for [`workflow_codegen::analyze`] (`check`).
    pub(crate) fn options(&self) -> Options {
        let mut options = Options::default();
        for Derives { key, derives } in &self.derives {
            for derive in derives {
                options = match key {
                    None => options.with_derive(derive),
                    Some(key) => options.with_type_derive(key, derive),
                };
            }
        }
        for (key, path) in &self.replace {
            options = options.with_replace(key, path);
        }
        for (key, name) in &self.rename {
            options = options.with_rename(key, name);
        }
        if let Some(formats) = self.formats {
            options = options.with_formats(formats);
        }
        if let Some(choice) = self.unknown_fields {
            options = options.with_unknown_fields(choice);
        }
        options
    }

    /// A builder with the same options, for rendering (`generate`).
    pub(crate) fn builder(&self) -> Builder {
        let mut builder = Builder::new();
        for Derives { key, derives } in &self.derives {
            for derive in derives {
                builder = match key {
                    None => builder.derive(derive),
                    Some(key) => builder.type_derive(key, derive),
                };
            }
        }
        for (key, path) in &self.replace {
            builder = builder.replace(key, path);
        }
        for (key, name) in &self.rename {
            builder = builder.rename(key, name);
        }
        if let Some(formats) = self.formats {
            builder = builder.formats(formats);
        }
        if let Some(choice) = self.unknown_fields {
            builder = builder.unknown_fields(choice);
        }
        builder
    }

    /// The flags as a command line would give them again (quoted for a shell where needed),
    /// for the "generate it with ..." advice; empty when none is set.
    pub(crate) fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        for Derives { key, derives } in &self.derives {
            let list = derives.join(",");
            let value = match key {
                None => list,
                Some(key) => format!("{key}={list}"),
            };
            args.extend(["--derive".to_string(), shell_quote(&value)]);
        }
        for (flag, entries) in [("--replace", &self.replace), ("--rename", &self.rename)] {
            for (key, value) in entries {
                args.extend([flag.to_string(), shell_quote(&format!("{key}={value}"))]);
            }
        }
        if let Some(formats) = self.formats {
            args.extend(["--formats".to_string(), formats_name(formats).to_string()]);
        }
        if let Some(choice) = self.unknown_fields {
            let name = match choice {
                UnknownFields::Keep => "keep",
                _ => "drop",
            };
            args.extend(["--unknown-fields".to_string(), name.to_string()]);
        }
        args
    }
}

fn formats_name(formats: Formats) -> &'static str {
    match formats {
        Formats::Chrono => "chrono",
        Formats::Time => "time",
        _ => "string",
    }
}

/// `text` as one shell word: as is when it only has characters no shell treats specially,
/// else in single quotes.
fn shell_quote(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:=,@+%".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

fn formats_parser() -> impl TypedValueParser<Value = Formats> {
    PossibleValuesParser::new(Formats::NAMES).try_map(|name| {
        Formats::from_name(&name).ok_or_else(|| format!("unknown formats choice {name:?}"))
    })
}

fn unknown_fields_parser() -> impl TypedValueParser<Value = UnknownFields> {
    PossibleValuesParser::new(UnknownFields::NAMES).try_map(|name| {
        UnknownFields::from_name(&name).ok_or_else(|| format!("unknown choice {name:?}"))
    })
}

/// Whether `key` can name a generated type: a type's name (an identifier) or a JSON pointer
/// (`#/...`, `/...`, or `file.json#/...` into a referenced file).
fn is_type_key(key: &str) -> bool {
    let is_name = key
        .chars()
        .next()
        .is_some_and(|first| first.is_alphabetic() || first == '_')
        && key.chars().all(|c| c.is_alphanumeric() || c == '_');
    is_name || key.starts_with('#') || key.starts_with('/') || key.contains(".json#")
}

/// `Eq,Hash`, `Output=Hash` or `#/$defs/Entity=Eq,Hash`: split at the last `=`, whose left
/// side must name a type.
fn parse_derives(text: &str) -> Result<Derives, String> {
    const EXPECTED: &str = "expected DERIVE[,DERIVE...] for every type (Eq,Hash) or \
                            TYPE=DERIVE[,DERIVE...] for one, TYPE a type's name (Output) or a \
                            JSON pointer (#/$defs/Entity)";
    let (key, list) = match text.rsplit_once('=') {
        Some((key, list)) => {
            let key = key.trim();
            if !is_type_key(key) {
                return Err(format!(
                    "{key:?} before `=` is neither a type's name nor a JSON pointer: {EXPECTED}"
                ));
            }
            (Some(key.to_string()), list)
        }
        None => (None, text),
    };
    let derives: Vec<String> = list
        .split(',')
        .map(|derive| derive.trim().to_string())
        .collect();
    if derives.iter().any(String::is_empty) {
        return Err(format!("an empty derive: {EXPECTED}"));
    }
    Ok(Derives { key, derives })
}

/// `KEY=VALUE`, split at the last `=` (a JSON pointer may hold one); both sides non-empty.
fn parse_pair(text: &str, expected: &str) -> Result<(String, String), String> {
    match text.rsplit_once('=') {
        Some((key, value)) if !key.trim().is_empty() && !value.trim().is_empty() => {
            Ok((key.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("expected {expected}")),
    }
}

fn parse_replace(text: &str) -> Result<(String, String), String> {
    parse_pair(
        text,
        "KEY=PATH, KEY a type's name or a JSON pointer and PATH your type \
         ('#/$defs/Money=rust_decimal::Decimal')",
    )
}

fn parse_rename(text: &str) -> Result<(String, String), String> {
    parse_pair(
        text,
        "KEY=NAME, KEY a type's name or a JSON pointer and NAME the new name \
         ('#/result/properties/kind=Category')",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn derives(key: Option<&str>, list: &[&str]) -> Derives {
        Derives {
            key: key.map(str::to_string),
            derives: list.iter().map(|derive| derive.to_string()).collect(),
        }
    }

    #[test]
    fn derive_flags_are_a_list_with_an_optional_type_before_the_last_equals_sign() {
        assert_eq!(parse_derives("Hash"), Ok(derives(None, &["Hash"])));
        assert_eq!(
            parse_derives("Eq, Hash"),
            Ok(derives(None, &["Eq", "Hash"]))
        );
        assert_eq!(
            parse_derives("schemars::JsonSchema"),
            Ok(derives(None, &["schemars::JsonSchema"]))
        );
        assert_eq!(
            parse_derives("Output=Hash"),
            Ok(derives(Some("Output"), &["Hash"]))
        );
        assert_eq!(
            parse_derives("#/$defs/Entity=Eq,Hash"),
            Ok(derives(Some("#/$defs/Entity"), &["Eq", "Hash"]))
        );
        assert_eq!(
            parse_derives("#/properties/a=b=Hash"),
            Ok(derives(Some("#/properties/a=b"), &["Hash"]))
        );
        assert!(
            parse_derives("Eq,Hash=Ord")
                .unwrap_err()
                .starts_with("\"Eq,Hash\" before `=` is neither a type's name nor a JSON pointer")
        );
        assert!(parse_derives("=Hash").is_err());
        assert!(
            parse_derives("Eq,")
                .unwrap_err()
                .starts_with("an empty derive")
        );
        assert!(parse_derives("Output=").is_err());
    }

    #[test]
    fn replace_and_rename_flags_are_pairs() {
        assert_eq!(
            parse_replace("#/$defs/Money=rust_decimal::Decimal"),
            Ok(("#/$defs/Money".into(), "rust_decimal::Decimal".into()))
        );
        assert_eq!(
            parse_rename("#/properties/a=b=Category"),
            Ok(("#/properties/a=b".into(), "Category".into()))
        );
        for malformed in ["nothing", "=Category", "Output=", "="] {
            assert!(parse_rename(malformed).is_err(), "{malformed}");
        }
    }

    #[test]
    fn flags_read_back_as_a_command_line() {
        let flags = Flags {
            derives: vec![
                derives(None, &["Eq", "Hash"]),
                derives(Some("#/$defs/E"), &["Ord"]),
            ],
            replace: vec![("Money".into(), "rust_decimal::Decimal".into())],
            rename: vec![],
            formats: Some(Formats::Chrono),
            unknown_fields: Some(UnknownFields::Keep),
        };
        assert_eq!(
            flags.to_args().join(" "),
            "--derive Eq,Hash --derive '#/$defs/E=Ord' --replace Money=rust_decimal::Decimal \
             --formats chrono --unknown-fields keep"
        );
    }
}
