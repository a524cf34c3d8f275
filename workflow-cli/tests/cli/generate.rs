//! `workflow generate`.

use crate::{BROKEN, GREET, SCORE, SILENT, TempDir, workflow};

/// For the customization flags: `Input` holds a `String` only, `Item` (and so `Output`) an
/// `f64`; `checked_at` is a `date-time`, `kind` an enum of its own.
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
}
"##;

/// `workflow generate shop.json FLAGS...` in a fresh folder: the run and the file's path.
fn generate_shop(label: &str, flags: &[&str]) -> (crate::Ran, TempDir, std::path::PathBuf) {
    let dir = TempDir::new(label);
    let shop = dir.file("shop.json", SHOP);
    let mut args = vec!["generate", shop.to_str().unwrap()];
    args.extend(flags);
    (workflow(&args), dir, shop)
}

/// The declaration `declaration` (`pub struct Input {`) in `code`, with its docs and
/// attributes: the lines above it that are part of them.
fn item<'a>(code: &'a str, declaration: &str) -> &'a str {
    let end = code
        .find(declaration)
        .unwrap_or_else(|| panic!("no {declaration:?} in {code}"));
    let mut start = code[..end].rfind('\n').map_or(0, |at| at + 1);
    while let Some(previous) = code[..start.saturating_sub(1)].rfind('\n') {
        let line = &code[previous + 1..start - 1];
        let attached = line.starts_with("    ///")
            || line.starts_with("    #")
            || line.starts_with("        ")
            || line == "    )]";
        if !attached {
            break;
        }
        start = previous + 1;
    }
    &code[start..end + declaration.len()]
}

#[test]
fn prints_what_the_build_module_renders() {
    let dir = TempDir::new("generate-stdout");
    let greet = dir.file("greet.json", GREET);
    let silent = dir.file("silent.json", SILENT);
    let ran = workflow(&["generate".as_ref(), greet.as_os_str(), silent.as_os_str()]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let expected = workflow_codegen::build::render([
        (greet.as_path(), greet.as_path()),
        (silent.as_path(), silent.as_path()),
    ])
    .unwrap();
    assert_eq!(ran.stdout, expected);
    assert!(ran.stdout.contains("pub mod greet {"), "{}", ran.stdout);
    assert!(ran.stdout.contains("pub mod silent {"), "{}", ran.stdout);
    assert_eq!(ran.stderr, "");
}

#[test]
fn a_folder_gives_its_files_in_name_order() {
    let dir = TempDir::new("generate-folder");
    dir.file("silent.json", SILENT);
    dir.file("greet.json", GREET);
    let ran = workflow(&["generate".as_ref(), dir.path().as_os_str()]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let greet = ran.stdout.find("pub mod greet {").unwrap();
    let silent = ran.stdout.find("pub mod silent {").unwrap();
    assert!(greet < silent);
}

#[test]
fn an_example_that_breaks_its_schema_is_refused_where_it_is() {
    let dir = TempDir::new("generate-example");
    let score = dir.file("score.json", SCORE);
    let ran = workflow(&["generate".as_ref(), score.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ran.stderr,
        format!(
            "error: example result does not match the result schema: 7 is greater than the \
             maximum of 5\n  --> {}:18:18\n   |\n18 |       \"result\": {{\"score\": 7}}\n   |                  \
             ^ at /examples/0/result/score\n   |\n   = help: fix the example, or the result \
             schema (`workflow check` lists every problem of the examples)\n",
            score.display()
        )
    );
}

#[test]
fn check_passes_a_fresh_file_and_fails_a_stale_or_missing_one() {
    let dir = TempDir::new("generate-check");
    let greet = dir.file("greet.json", GREET);
    let out = dir.path().join("workflows.rs");
    let greet_arg = greet.to_str().unwrap();
    let out_arg = out.to_str().unwrap();

    let missing = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(missing.code, 1, "{missing:?}");
    assert!(
        missing.stderr.starts_with(&format!("{out_arg} does not exist: generate it with `workflow generate {greet_arg} -o {out_arg}`")),
        "{}",
        missing.stderr
    );

    let wrote = workflow(&["generate", greet_arg, "-o", out_arg]);
    assert_eq!(wrote.code, 0, "{wrote:?}");
    assert_eq!(wrote.stdout, "");
    assert!(
        wrote.stderr.starts_with(&format!("wrote {out_arg} (")),
        "{}",
        wrote.stderr
    );
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("pub mod greet {"));

    let fresh = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(fresh.code, 0, "{fresh:?}");
    assert_eq!(fresh.stderr, format!("{out_arg} is up to date\n"));

    // The workflow changes, the committed code does not.
    dir.file("greet.json", &GREET.replace("dep_greet", "dep_greet_v2"));
    let stale = workflow(&["generate", "--check", greet_arg, "-o", out_arg]);
    assert_eq!(stale.code, 1, "{stale:?}");
    let line = written
        .lines()
        .position(|line| line.contains("dep_greet"))
        .unwrap()
        + 1;
    assert!(
        stale.stderr.starts_with(&format!(
            "{out_arg} is stale: line {line} is not what would be generated\n  generated: "
        )),
        "{}",
        stale.stderr
    );
    assert!(stale.stderr.contains("dep_greet_v2"), "{}", stale.stderr);
    assert!(
        stale.stderr.ends_with(&format!(
            "update it with `workflow generate {greet_arg} -o {out_arg}`\n"
        )),
        "{}",
        stale.stderr
    );
    // --check never writes.
    assert_eq!(std::fs::read_to_string(&out).unwrap(), written);
}

#[test]
fn check_needs_an_output_file() {
    let ran = workflow(&["generate", "--check", "greet.json"]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert!(ran.stderr.contains("--output <OUT>"), "{}", ran.stderr);
}

#[test]
fn an_invalid_file_exits_3_with_every_problem() {
    let dir = TempDir::new("generate-invalid");
    let broken = dir.file("broken.json", BROKEN);
    let ran = workflow(&["generate".as_ref(), broken.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    let shown = broken.display();
    assert!(
        ran.stderr.contains(&format!("--> {shown}:1:1")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains(&format!("--> {shown}:6:13")),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stderr.contains("at /input/properties/a/$dynamicRef"),
        "{}",
        ran.stderr
    );
}

#[test]
fn two_files_with_one_module_name_exit_3_naming_both() {
    let dir = TempDir::new("generate-clash");
    let first = dir.file("a.json", GREET);
    let second = dir.file("b.json", &GREET.replace("dep_greet", "dep_other"));
    let ran = workflow(&["generate".as_ref(), first.as_os_str(), second.as_os_str()]);
    assert_eq!(ran.code, 3, "{ran:?}");
    assert!(
        ran.stderr.starts_with(&format!(
            "error: module `greet` is already generated from {}\n --> {}:2:3",
            first.display(),
            second.display()
        )),
        "{}",
        ran.stderr
    );
}

#[test]
fn a_missing_file_is_a_usage_error_in_plain_words() {
    let ran = workflow(&["generate", "schemas/nope.json"]);
    assert_eq!(ran.code, 2, "{ran:?}");
    assert_eq!(ran.stderr, "error: no such file: schemas/nope.json\n");
}

#[test]
fn derive_goes_where_it_applies_and_the_docs_say_where_it_does_not() {
    let (ran, _dir, shop) = generate_shop("generate-derive", &["--derive", "Hash"]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert_eq!(ran.stderr, "");
    assert_eq!(
        item(&ran.stdout, "pub struct Input {"),
        "    /// What the `shop` workflow takes.\n    #[derive(\n        \
         ::workflow_runtime::__private::serde::Deserialize,\n        \
         ::workflow_runtime::__private::serde::Serialize,\n        Clone,\n        Debug,\n        \
         PartialEq\n    )]\n    #[derive(Hash)]\n    #[serde(crate = \
         \"::workflow_runtime::__private::serde\")]\n    #[serde(remote = \"Self\")]\n    pub \
         struct Input {"
    );
    let item_code = item(&ran.stdout, "pub struct Item {");
    assert!(
        item_code.starts_with(
            "    /// `Item`\n    ///\n    /// Not derived: `Hash` (it holds an `f64`, in \
             `Item.price`).\n    #[derive(\n"
        ),
        "{item_code}"
    );
    assert!(!item_code.contains("Hash)"), "{item_code}");
    // The same code as build.rs's Builder with the same setting.
    let built = workflow_codegen::build::Builder::new()
        .derive("Hash")
        .render([(shop.as_path(), shop.as_path())])
        .unwrap();
    assert_eq!(ran.stdout, built);

    // A list, and one type's derive: the same code as two flags.
    let (listed, _dir, _) = generate_shop(
        "generate-derive-list",
        &["--derive", "Eq,Hash", "--derive", "Input=PartialOrd"],
    );
    assert_eq!(listed.code, 0, "{listed:?}");
    assert!(
        item(&listed.stdout, "pub struct Input {")
            .contains("    #[derive(Eq, Hash, PartialOrd)]\n"),
        "{}",
        listed.stdout
    );
    let (pointer, _dir, _) = generate_shop(
        "generate-derive-pointer",
        &["--derive", "#/input=Eq,Hash,PartialOrd"],
    );
    assert_eq!(pointer.code, 0, "{pointer:?}");
    assert_eq!(
        item(&pointer.stdout, "pub struct Input {"),
        item(&listed.stdout, "pub struct Input {")
    );
}

#[test]
fn replace_with_a_pointer_that_does_not_exist_exits_3_with_a_did_you_mean() {
    let (ran, _dir, shop) = generate_shop(
        "generate-replace-typo",
        &["--replace", "#/$defs/Itme=crate::MyItem"],
    );
    assert_eq!(ran.code, 3, "{ran:?}");
    assert_eq!(ran.stdout, "");
    assert_eq!(
        ran.stderr,
        format!(
            "error: `replace`: `#/$defs/Itme` is not the schema of a generated type; did you \
             mean `#/$defs/Item`? (each generated type's pointer is listed in the module's \
             docs; a schema that becomes a plain `String`, number or list has no type of its \
             own)\n --> {} (a command-line option)\n",
            shop.display()
        )
    );
}

#[test]
fn replace_puts_your_type_in_place_of_a_generated_one() {
    let (ran, _dir, _) = generate_shop(
        "generate-replace",
        &["--replace", "#/$defs/Item=crate::MyItem"],
    );
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout.contains(
            "    /// Your own type, `crate::MyItem`, in place of a generated one (`replace`, or the \
             schema's `x-rust-type`).\n    pub type Item = crate::MyItem;\n"
        ),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("pub struct Item {"), "{}", ran.stdout);
}

#[test]
fn rename_renames_a_type() {
    let (plain, _dir, _) = generate_shop("generate-no-rename", &[]);
    assert!(
        plain.stdout.contains("    pub enum Kind {\n"),
        "{}",
        plain.stdout
    );
    let (ran, _dir, _) = generate_shop(
        "generate-rename",
        &["--rename", "#/result/properties/kind=Condition"],
    );
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout
            .contains("    //! - [`Condition`] — `/result/properties/kind`\n"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout
            .contains("        pub kind: ::std::option::Option<Condition>,\n"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("    pub enum Condition {\n"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("Kind"), "{}", ran.stdout);
}

#[test]
fn formats_chrono_types_a_date_time() {
    let (plain, _dir, _) = generate_shop("generate-strings", &["--formats", "string"]);
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(
        plain
            .stdout
            .contains("        pub checked_at: ::std::string::String,\n"),
        "{}",
        plain.stdout
    );
    let (ran, _dir, _) = generate_shop("generate-chrono", &["--formats", "chrono"]);
    assert_eq!(ran.code, 0, "{ran:?}");
    assert!(
        ran.stdout.contains(
            "        pub checked_at: ::workflow_runtime::__private::chrono::DateTime<\n            \
             ::workflow_runtime::__private::chrono::FixedOffset,\n        >,\n"
        ),
        "{}",
        ran.stdout
    );
}

#[test]
fn unknown_fields_keep_adds_an_extra_field() {
    let (plain, _dir, _) = generate_shop("generate-drop", &["--unknown-fields", "drop"]);
    assert_eq!(plain.code, 0, "{plain:?}");
    assert!(!plain.stdout.contains("pub extra:"), "{}", plain.stdout);
    let (ran, _dir, _) = generate_shop("generate-keep", &["--unknown-fields", "keep"]);
    assert_eq!(ran.code, 0, "{ran:?}");
    let output = &ran.stdout[ran.stdout.find("pub struct Output {").unwrap()..];
    assert!(
        output.contains(
            "        /// The members the schema does not declare, kept as received \
             (`unknown_fields =\n        /// \"keep\"`), so that the value re-encodes to exactly \
             what was decoded.\n        #[serde(flatten)]\n        pub extra: \
             ::std::collections::BTreeMap<\n"
        ),
        "{output}"
    );
}

#[test]
fn a_malformed_flag_is_a_usage_error() {
    let cases: [(&[&str], &str); 4] = [
        (
            &["--replace", "nothing"],
            "error: invalid value 'nothing' for '--replace <KEY=PATH>': expected KEY=PATH, KEY a \
             type's name or a JSON pointer and PATH your type \
             ('#/$defs/Money=rust_decimal::Decimal')\n",
        ),
        (
            &["--rename", "Output="],
            "error: invalid value 'Output=' for '--rename <KEY=NAME>': expected KEY=NAME, KEY a \
             type's name or a JSON pointer and NAME the new name \
             ('#/result/properties/kind=Category')\n",
        ),
        (
            &["--derive", "Eq,Hash=Ord"],
            "error: invalid value 'Eq,Hash=Ord' for '--derive <[TYPE=]DERIVE>': \"Eq,Hash\" \
             before `=` is neither a type's name nor a JSON pointer: expected \
             DERIVE[,DERIVE...] for every type (Eq,Hash) or TYPE=DERIVE[,DERIVE...] for one, \
             TYPE a type's name (Output) or a JSON pointer (#/$defs/Entity)\n",
        ),
        (
            &["--formats", "jiff"],
            "error: invalid value 'jiff' for '--formats <FORMATS>'\n  [possible values: \
             string, chrono, time]\n",
        ),
    ];
    for (flags, message) in cases {
        let (ran, _dir, _) = generate_shop("generate-malformed", flags);
        assert_eq!(ran.code, 2, "{ran:?}");
        assert_eq!(ran.stdout, "");
        assert_eq!(
            ran.stderr,
            format!("{message}\nFor more information, try '--help'.\n"),
            "{flags:?}"
        );
    }
}

#[test]
fn check_advice_repeats_the_flags() {
    let dir = TempDir::new("generate-check-flags");
    let shop = dir.file("shop.json", SHOP);
    let out = dir.path().join("workflows.rs");
    let (shop_arg, out_arg) = (shop.to_str().unwrap(), out.to_str().unwrap());
    let flags = [
        "--derive",
        "Hash",
        "--derive",
        "#/input=Eq",
        "--formats",
        "chrono",
    ];
    let mut args = vec!["generate", "--check", shop_arg, "-o", out_arg];
    args.extend(flags);
    let missing = workflow(&args);
    assert_eq!(missing.code, 1, "{missing:?}");
    assert_eq!(
        missing.stderr,
        format!(
            "{out_arg} does not exist: generate it with `workflow generate {shop_arg} -o \
             {out_arg} --derive Hash --derive '#/input=Eq' --formats chrono`\n"
        )
    );
    args.remove(1);
    let wrote = workflow(&args);
    assert_eq!(wrote.code, 0, "{wrote:?}");
    let fresh = workflow(&[
        "generate",
        "--check",
        shop_arg,
        "-o",
        out_arg,
        "--derive",
        "Hash",
        "--derive",
        "#/input=Eq",
        "--formats",
        "chrono",
    ]);
    assert_eq!(fresh.code, 0, "{fresh:?}");
    // Without the flags, the committed file is not what would be generated.
    let stale = workflow(&["generate", "--check", shop_arg, "-o", out_arg]);
    assert_eq!(stale.code, 1, "{stale:?}");
    assert!(stale.stderr.contains(" is stale: "), "{}", stale.stderr);
}
