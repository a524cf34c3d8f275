//! One test per rule of the table in the module docs, in both roles, and the normalisations
//! that keep equal schemas equal.

use serde_json::{Value, json};

use super::*;
use Severity::{Breaking, Compatible};

/// `(severity, rule, field)` of every change.
fn changes(role: Role, old: &Value, new: &Value) -> Vec<(Severity, Rule, String)> {
    diff(role, old, new)
        .into_iter()
        .map(|change| (change.severity, change.rule, change.field))
        .collect()
}

/// The one change in each role: `(input severity, result severity)`.
fn both(old: &Value, new: &Value, rule: Rule, field: &str) -> (Severity, Severity) {
    let mut severities = Vec::new();
    for role in [Role::Input, Role::Result] {
        let found = changes(role, old, new);
        assert_eq!(found.len(), 1, "{role:?}: {found:?}");
        assert_eq!(found[0].1, rule, "{role:?}: {found:?}");
        // `field` as in the input; the same path in the result starts with `result`.
        let field = field.replacen("input", role.name(), 1);
        assert_eq!(found[0].2, field, "{role:?}: {found:?}");
        severities.push(found[0].0);
    }
    (severities[0], severities[1])
}

fn object(properties: Value, required: &[&str]) -> Value {
    json!({"type": "object", "properties": properties, "required": required})
}

#[test]
fn identical_schemas_have_no_changes() {
    let schema = object(
        json!({"a": {"type": "string"}, "b": {"$ref": "#/$defs/b"}}),
        &["a"],
    );
    let mut schema = schema;
    schema["$defs"] = json!({"b": {"type": "array", "items": {"$ref": "#/$defs/b"}}});
    assert_eq!(changes(Role::Input, &schema, &schema), []);
    assert_eq!(changes(Role::Result, &schema, &schema), []);
}

#[test]
fn a_new_required_field_breaks_inputs_only() {
    let old = object(json!({"a": {"type": "string"}}), &["a"]);
    let new = object(
        json!({"a": {"type": "string"}, "b": {"type": "integer"}}),
        &["a", "b"],
    );
    assert_eq!(both(&old, &new, Rule::FieldAdded, "input.b").0, Breaking);
    assert_eq!(
        changes(Role::Result, &old, &new)[0],
        (Compatible, Rule::FieldAdded, "result.b".into())
    );
    let change = &diff(Role::Input, &old, &new)[0];
    assert_eq!(change.message, "new required field");
    assert_eq!(change.old_pointer, None);
    assert_eq!(change.new_pointer.as_deref(), Some("/properties/b"));
}

#[test]
fn a_new_optional_field_is_compatible_both_ways() {
    let old = object(json!({"a": {"type": "string"}}), &[]);
    let new = object(
        json!({"a": {"type": "string"}, "b": {"type": "integer"}}),
        &[],
    );
    assert_eq!(
        both(&old, &new, Rule::FieldAdded, "input.b"),
        (Compatible, Compatible)
    );
}

#[test]
fn a_removed_field_breaks_results_and_closed_inputs() {
    let old = object(
        json!({"a": {"type": "string"}, "b": {"type": "string"}}),
        &["a"],
    );
    let new = object(json!({"a": {"type": "string"}}), &["a"]);
    assert_eq!(
        both(&old, &new, Rule::FieldRemoved, "input.b"),
        (Compatible, Breaking)
    );
    let mut closed = new.clone();
    closed["additionalProperties"] = json!(false);
    let mut old_closed = old.clone();
    old_closed["additionalProperties"] = json!(false);
    assert_eq!(
        both(&old_closed, &closed, Rule::FieldRemoved, "input.b"),
        (Breaking, Breaking)
    );
    let change = &diff(Role::Result, &old, &new)[0];
    assert_eq!(change.old_pointer.as_deref(), Some("/properties/b"));
    assert_eq!(
        change.message,
        "field removed: the old client no longer receives it"
    );
}

#[test]
fn optional_to_required_and_back() {
    let optional = object(json!({"a": {"type": "string"}}), &[]);
    let required = object(json!({"a": {"type": "string"}}), &["a"]);
    assert_eq!(
        both(&optional, &required, Rule::FieldRequired, "input.a"),
        (Breaking, Compatible)
    );
    assert_eq!(
        both(&required, &optional, Rule::FieldOptional, "input.a"),
        (Compatible, Breaking)
    );
}

#[test]
fn a_retyped_field_breaks_both() {
    let old = object(json!({"a": {"type": "string"}}), &["a"]);
    let new = object(json!({"a": {"type": "boolean"}}), &["a"]);
    assert_eq!(
        both(&old, &new, Rule::TypeChanged, "input.a"),
        (Breaking, Breaking)
    );
    assert_eq!(
        diff(Role::Input, &old, &new)[0].message,
        "type string -> boolean"
    );
}

#[test]
fn integer_to_number_widens_and_back_narrows() {
    let integer = json!({"type": "integer"});
    let number = json!({"type": "number"});
    assert_eq!(
        both(&integer, &number, Rule::TypeWidened, "input"),
        (Compatible, Breaking)
    );
    assert_eq!(
        both(&number, &integer, Rule::TypeNarrowed, "input"),
        (Breaking, Compatible)
    );
}

#[test]
fn null_added_or_removed_in_every_spelling() {
    let plain = json!({"type": "string"});
    let spellings = [
        json!({"type": ["string", "null"]}),
        json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
        json!({"oneOf": [{"type": "null"}, {"$ref": "#/$defs/s"}], "$defs": {"s": {"type": "string"}}}),
        json!({"type": "string", "nullable": true}),
    ];
    for nullable in &spellings {
        assert_eq!(
            both(&plain, nullable, Rule::TypeWidened, "input"),
            (Compatible, Breaking),
            "{nullable}"
        );
        assert_eq!(
            both(nullable, &plain, Rule::TypeNarrowed, "input"),
            (Breaking, Compatible),
            "{nullable}"
        );
        // Every spelling of the same thing compares equal to every other.
        for other in &spellings {
            assert_eq!(
                changes(Role::Result, nullable, other),
                [],
                "{nullable} vs {other}"
            );
        }
    }
}

#[test]
fn enum_narrowed_or_widened() {
    let old = json!({"type": "string", "enum": ["low", "high"]});
    let fewer = json!({"type": "string", "enum": ["low"]});
    let more = json!({"type": "string", "enum": ["low", "high", "urgent"]});
    assert_eq!(
        both(&old, &fewer, Rule::EnumNarrowed, "input"),
        (Breaking, Compatible)
    );
    assert_eq!(
        both(&old, &more, Rule::EnumWidened, "input"),
        (Compatible, Breaking)
    );
    assert_eq!(
        diff(Role::Result, &old, &more)[0].message,
        "now also allows \"urgent\""
    );
    let open = json!({"type": "string"});
    assert_eq!(
        both(&old, &open, Rule::EnumWidened, "input"),
        (Compatible, Breaking)
    );
    assert_eq!(
        both(&open, &old, Rule::EnumNarrowed, "input"),
        (Breaking, Compatible)
    );
    // A const is an enum of one; an untyped enum is typed by its values.
    let constant = json!({"const": "low"});
    assert_eq!(
        both(&old, &constant, Rule::EnumNarrowed, "input"),
        (Breaking, Compatible)
    );
    assert_eq!(
        changes(
            Role::Input,
            &json!({"enum": ["a", "b"]}),
            &json!({"type": "string", "enum": ["a", "b"]})
        ),
        []
    );
}

#[test]
fn constraints_tighten_inputs_and_never_break_results() {
    let cases = [
        (
            json!({"type": "string", "maxLength": 10}),
            json!({"type": "string", "maxLength": 5}),
        ),
        (
            json!({"type": "string"}),
            json!({"type": "string", "minLength": 1}),
        ),
        (
            json!({"type": "string"}),
            json!({"type": "string", "pattern": "^a"}),
        ),
        (
            json!({"type": "string", "pattern": "^a"}),
            json!({"type": "string", "pattern": "^b"}),
        ),
        (
            json!({"type": "string"}),
            json!({"type": "string", "format": "email"}),
        ),
        (
            json!({"type": "number", "maximum": 10}),
            json!({"type": "number", "maximum": 9.5}),
        ),
        (
            json!({"type": "number"}),
            json!({"type": "number", "exclusiveMinimum": 0}),
        ),
        (
            json!({"type": "array", "items": {}}),
            json!({"type": "array", "items": {}, "maxItems": 3}),
        ),
        (
            json!({"type": "array", "items": {}}),
            json!({"type": "array", "items": {}, "uniqueItems": true}),
        ),
        (
            json!({"type": "object"}),
            json!({"type": "object", "minProperties": 1}),
        ),
    ];
    for (old, new) in &cases {
        assert_eq!(
            both(old, new, Rule::ConstraintTightened, "input"),
            (Breaking, Compatible),
            "{old} -> {new}"
        );
        if old["pattern"].is_null() {
            assert_eq!(
                both(new, old, Rule::ConstraintLoosened, "input"),
                (Compatible, Compatible),
                "{new} -> {old}"
            );
        }
    }
    assert_eq!(
        diff(Role::Input, &cases[0].0, &cases[0].1)[0].message,
        "maxLength 10 -> 5"
    );
    // The same bound written as 5 and 5.0 is no change.
    assert_eq!(
        changes(
            Role::Input,
            &json!({"maximum": 5}),
            &json!({"maximum": 5.0})
        ),
        []
    );
}

#[test]
fn a_result_integer_that_may_turn_negative_breaks_its_u64() {
    let unsigned = json!({"type": "integer", "minimum": 0});
    let signed = json!({"type": "integer", "minimum": -5});
    let open = json!({"type": "integer"});
    for new in [&signed, &open] {
        assert_eq!(
            both(&unsigned, new, Rule::ConstraintLoosened, "input"),
            (Compatible, Breaking),
            "{new}"
        );
    }
    let higher = json!({"type": "integer", "minimum": 1});
    assert_eq!(
        both(&higher, &unsigned, Rule::ConstraintLoosened, "input"),
        (Compatible, Compatible)
    );
    // A number was never unsigned.
    assert_eq!(
        both(
            &json!({"type": "number", "minimum": 0}),
            &json!({"type": "number"}),
            Rule::ConstraintLoosened,
            "input"
        ),
        (Compatible, Compatible)
    );
}

#[test]
fn closing_an_object_breaks_inputs() {
    let open = object(json!({"a": {"type": "string"}}), &[]);
    let mut closed = open.clone();
    closed["additionalProperties"] = json!(false);
    assert_eq!(
        both(&open, &closed, Rule::Closed, "input"),
        (Breaking, Compatible)
    );
    assert_eq!(
        both(&closed, &open, Rule::Opened, "input"),
        (Compatible, Compatible)
    );
}

#[test]
fn union_variants_added_or_removed() {
    let two = json!({"oneOf": [
        {"type": "object", "title": "Email", "properties": {"email": {"type": "string"}}},
        {"type": "object", "title": "Phone", "properties": {"phone": {"type": "string"}}}
    ]});
    let three = json!({"oneOf": [
        {"type": "object", "title": "Email", "properties": {"email": {"type": "string"}}},
        {"type": "object", "title": "Phone", "properties": {"phone": {"type": "string"}}},
        {"type": "object", "title": "Post", "properties": {"street": {"type": "string"}}}
    ]});
    assert_eq!(
        both(&two, &three, Rule::VariantAdded, "input"),
        (Compatible, Breaking)
    );
    assert_eq!(
        both(&three, &two, Rule::VariantRemoved, "input"),
        (Breaking, Compatible)
    );
    assert_eq!(
        diff(Role::Input, &two, &three)[0].new_pointer.as_deref(),
        Some("/oneOf/2")
    );
    // Variants are matched by title, not by position: a reorder is no change...
    let reordered = json!({"oneOf": [three["oneOf"][1], three["oneOf"][0]]});
    assert_eq!(changes(Role::Result, &two, &reordered), []);
    // ...and a change inside one is found in the variant it belongs to.
    let mut edited = two.clone();
    edited["oneOf"][1]["required"] = json!(["phone"]);
    let found = diff(Role::Input, &two, &edited);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].rule, found[0].field.as_str()),
        (Rule::FieldRequired, "input.phone")
    );
    assert_eq!(
        found[0].old_pointer.as_deref(),
        Some("/oneOf/1/properties/phone")
    );
}

#[test]
fn unclassified_constructs_count_as_breaking() {
    let old = json!({"type": "object", "allOf": [{"required": ["a"]}, {"required": ["b"]}]});
    let new = json!({"type": "object", "allOf": [{"required": ["a"]}]});
    let found = diff(Role::Result, &old, &new);
    // The one-member allOf now reads as its member: `b` no longer required is classified too.
    assert!(
        found
            .iter()
            .any(|change| change.rule == Rule::Unclassified && change.severity == Breaking),
        "{found:?}"
    );
    let old = json!({"type": "object", "patternProperties": {"^x": {"type": "string"}}});
    let new = json!({"type": "object", "patternProperties": {"^x": {"type": "integer"}}});
    assert_eq!(
        both(&old, &new, Rule::Unclassified, "input"),
        (Breaking, Breaking)
    );
    assert_eq!(
        diff(Role::Input, &old, &new)[0].message,
        "patternProperties changed"
    );
}

#[test]
fn annotations_are_compatible() {
    let old = json!({"type": "string", "description": "the prompt"});
    let new = json!({"type": "string", "description": "the question"});
    assert_eq!(
        both(&old, &new, Rule::Annotation, "input"),
        (Compatible, Compatible)
    );
}

#[test]
fn nested_changes_name_their_field_and_both_pointers() {
    let old = json!({
        "type": "object",
        "properties": {"items": {"type": "array", "items": {"$ref": "#/$defs/Item"}}},
        "$defs": {"Item": {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}}}}
    });
    let new = json!({
        "type": "object",
        "properties": {"items": {"type": "array", "items": {
            "type": "object", "properties": {"kind": {"enum": ["a"]}}
        }}}
    });
    let found = diff(Role::Input, &old, &new);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].field, "input.items[].kind");
    assert_eq!(
        found[0].old_pointer.as_deref(),
        Some("/$defs/Item/properties/kind")
    );
    assert_eq!(
        found[0].new_pointer.as_deref(),
        Some("/properties/items/items/properties/kind")
    );
    assert_eq!(
        found[0].to_string(),
        "breaking: input.items[].kind: no longer allows \"b\" (enum_narrowed, old schema at \
         /$defs/Item/properties/kind, new schema at /properties/items/items/properties/kind)"
    );
}

#[test]
fn maps_compare_their_values() {
    let old = json!({"type": "object", "additionalProperties": {"type": "integer"}});
    let new = json!({"type": "object", "additionalProperties": {"type": "string"}});
    assert_eq!(
        both(&old, &new, Rule::TypeChanged, "input.*"),
        (Breaking, Breaking)
    );
}

#[test]
fn recursive_schemas_terminate() {
    let tree = |leaf: &str| {
        json!({
            "$ref": "#/$defs/Node",
            "$defs": {"Node": {"type": "object", "properties": {
                "value": {"type": leaf},
                "children": {"type": "array", "items": {"$ref": "#/$defs/Node"}}
            }}}
        })
    };
    let found = changes(Role::Result, &tree("string"), &tree("integer"));
    assert_eq!(
        found,
        [(Breaking, Rule::TypeChanged, "result.value".to_owned())]
    );
}

#[test]
fn odd_member_names_are_quoted() {
    let old = json!({"type": "object", "properties": {}});
    let new = object(json!({"a b": {"type": "string"}}), &["a b"]);
    assert_eq!(changes(Role::Input, &old, &new)[0].2, "input[\"a b\"]");
}

#[test]
fn every_rule_has_its_table_severity() {
    use Rule::*;
    let table = [
        (FieldRequired, Breaking, Compatible),
        (FieldOptional, Compatible, Breaking),
        (TypeChanged, Breaking, Breaking),
        (TypeNarrowed, Breaking, Compatible),
        (TypeWidened, Compatible, Breaking),
        (EnumNarrowed, Breaking, Compatible),
        (EnumWidened, Compatible, Breaking),
        (ConstraintTightened, Breaking, Compatible),
        (ConstraintLoosened, Compatible, Compatible),
        (Closed, Breaking, Compatible),
        (Opened, Compatible, Compatible),
        (VariantAdded, Compatible, Breaking),
        (VariantRemoved, Breaking, Compatible),
        (Unclassified, Breaking, Breaking),
        (Annotation, Compatible, Compatible),
        (FieldRemoved, Compatible, Breaking),
    ];
    for (rule, input, result) in table {
        assert_eq!(
            (rule.severity(Role::Input), rule.severity(Role::Result)),
            (input, result),
            "{rule}"
        );
    }
}

#[test]
fn each_type_of_a_type_array_is_compared() {
    let old = json!({"type": ["string", "integer"], "maxLength": 5, "maximum": 5});
    let new = json!({"type": ["string", "integer"], "maxLength": 5, "maximum": 4});
    assert_eq!(
        both(&old, &new, Rule::ConstraintTightened, "input"),
        (Breaking, Compatible)
    );
}

#[test]
fn long_reference_chains_and_wide_unions_stay_bounded() {
    // 5,000 definitions, each holding the next: deeper than any stack should go.
    let chain = |leaf: &str| {
        let mut defs = serde_json::Map::new();
        for index in 0..5000 {
            let next = json!({"type": "object", "properties": {"next": {"$ref": format!("#/$defs/d{}", index + 1)}}});
            defs.insert(format!("d{index}"), next);
        }
        defs.insert("d5000".into(), json!({"type": leaf}));
        json!({"$ref": "#/$defs/d0", "$defs": defs})
    };
    let found = diff(Role::Result, &chain("string"), &chain("integer"));
    assert_eq!(found.len(), 1, "{:?}", found.first());
    assert_eq!(found[0].rule, Rule::Unclassified);
    assert_eq!(found[0].severity, Breaking);
    assert!(
        found[0]
            .message
            .starts_with("nested more than 128 schemas deep"),
        "{}",
        found[0].message
    );

    // 2,000 variants of one kind, reordered: paired by title, no change.
    let variants: Vec<Value> = (0..2000)
        .map(|index| json!({"type": "object", "title": format!("V{index}"), "properties": {"a": {"const": index}}}))
        .collect();
    let reversed: Vec<Value> = variants.iter().rev().cloned().collect();
    let started = std::time::Instant::now();
    assert_eq!(
        changes(
            Role::Input,
            &json!({"oneOf": variants}),
            &json!({"oneOf": reversed})
        ),
        []
    );
    // Not a timing test: a bound far above what linear work takes, far below quadratic
    // serialization of every variant.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn tuple_items_compare_position_by_position() {
    let old = json!({"type": "array", "items": [{"type": "string"}, {"type": "integer"}]});
    let new = json!({"type": "array", "items": [{"type": "string"}, {"type": "boolean"}]});
    assert_eq!(
        both(&old, &new, Rule::TypeChanged, "input[1]"),
        (Breaking, Breaking)
    );
}

#[test]
fn a_removed_field_is_then_checked_as_an_undeclared_member() {
    let old = json!({"type": "object", "properties": {"id": {"type": "string"}},
                     "additionalProperties": {"type": "integer"}});
    let new = json!({"type": "object", "additionalProperties": {"type": "integer"}});
    let found = changes(Role::Input, &old, &new);
    assert_eq!(
        found,
        [
            (Breaking, Rule::TypeChanged, "input.id".to_owned()),
            (Compatible, Rule::FieldRemoved, "input.id".to_owned()),
        ]
    );
}

#[test]
fn a_reference_merged_with_its_own_properties_keeps_the_targets() {
    let schema = |kind: &str| {
        json!({
            "allOf": [{"$ref": "#/$defs/Base"}],
            "properties": {"extra": {"type": "string"}},
            "$defs": {"Base": {"type": "object", "properties": {"id": {"type": kind}}}}
        })
    };
    let found = diff(Role::Input, &schema("string"), &schema("integer"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].rule, found[0].field.as_str()),
        (Rule::TypeChanged, "input.id")
    );
    assert_eq!(
        found[0].old_pointer.as_deref(),
        Some("/$defs/Base/properties/id")
    );
}

#[test]
fn references_through_the_roots_own_id_are_local() {
    let schema = |kind: &str| {
        json!({
            "$id": "https://example.com/a.json",
            "type": "object",
            "properties": {"x": {"$ref": "https://example.com/a.json#/definitions/X"}},
            "definitions": {"X": {"type": kind}}
        })
    };
    assert_eq!(
        both(
            &schema("string"),
            &schema("integer"),
            Rule::TypeChanged,
            "input.x"
        ),
        (Breaking, Breaking)
    );
}

#[test]
fn a_reference_that_leads_nowhere_is_unclassified_unless_unchanged() {
    let old = json!({"type": "object", "properties": {"a": {"$ref": "other.json#/A"}}});
    assert_eq!(changes(Role::Input, &old, &old), []);
    let new = json!({"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}});
    assert_eq!(
        both(&old, &new, Rule::Unclassified, "input.a"),
        (Breaking, Breaking)
    );
    assert!(
        diff(Role::Input, &old, &new)[0]
            .message
            .contains("cannot be followed")
    );
}
