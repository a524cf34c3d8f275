//! The repair walk: a value and its schema side by side, fixing the documented shapes where the
//! value does not fit, and the "fits" check that decides unions and guards the riskier rules.
//!
//! Invariant: a value that fits its schema is never changed. Every rule fires only on a value
//! whose type (or enum value) the schema does not accept, and unions are left alone as soon
//! as one variant fits.

use std::cell::Cell;

use serde_json::Value;

use super::schema::{Extras, Node, NodeId, Schema, Types, Union};
use super::text;
use super::{Repair, Rule, Rules};

/// Values nested deeper than this are not walked into (a value parsed from text is at most 128
/// levels deep; only a hand-built `Value` gets here).
const MAX_DEPTH: usize = 256;

/// Steps (node visits) one repair may take, trials of union variants included, on top of
/// [`STEPS_PER_VALUE`] per value in the result: a bound on the work a hostile body can cause
/// with a schema full of nested unions, far above what real results need (a step or two per
/// value and schema node, a few more per union). When it runs out, the walk stops repairing.
const BUDGET: usize = 1_000_000;
const STEPS_PER_VALUE: usize = 32;

/// A rule that was tried on a value and could not fix it: the error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Failure {
    pub(super) path: String,
    pub(super) message: String,
    pub(super) tried: Rules,
}

/// Where a value is, as segments under the root name.
#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

type Path = Vec<Segment>;

/// Repairs `value` (named `root` in paths: `result`, or `completion`) against `schema`.
/// Returns what was repaired and what could not be.
pub(super) fn walk(
    schema: &Schema,
    root: &str,
    secret: &str,
    value: &mut Value,
) -> (Vec<Repair>, Vec<Failure>) {
    let budget =
        Cell::new(BUDGET.saturating_add(count_values(value, 0).saturating_mul(STEPS_PER_VALUE)));
    let mut walker = Walker {
        schema,
        root,
        secret,
        budget: &budget,
        repairs: Vec::new(),
        failures: Vec::new(),
    };
    walker.walk(Schema::ROOT, value, &mut Vec::new(), &mut Vec::new());
    (walker.repairs, walker.failures)
}

/// Whether `value` fits `schema` as a typed decode would see it.
#[cfg(test)]
pub(super) fn fits(schema: &Schema, value: &Value) -> bool {
    let budget = Cell::new(BUDGET);
    let walker = Walker {
        schema,
        root: "",
        secret: "",
        budget: &budget,
        repairs: Vec::new(),
        failures: Vec::new(),
    };
    walker.fits(Schema::ROOT, value, &mut Vec::new(), 0)
}

/// How many values `value` holds, itself included.
fn count_values(value: &Value, depth: usize) -> usize {
    if depth > MAX_DEPTH {
        return 1;
    }
    match value {
        Value::Array(items) => items.iter().fold(1, |count, item| {
            count.saturating_add(count_values(item, depth + 1))
        }),
        Value::Object(members) => members.values().fold(1, |count, member| {
            count.saturating_add(count_values(member, depth + 1))
        }),
        _ => 1,
    }
}

struct Walker<'s> {
    schema: &'s Schema,
    root: &'s str,
    secret: &'s str,
    budget: &'s Cell<usize>,
    repairs: Vec<Repair>,
    failures: Vec<Failure>,
}

impl<'s> Walker<'s> {
    /// A walker for a trial, sharing the budget: its repairs are kept only if the trial is.
    fn scratch(&self) -> Walker<'s> {
        Walker {
            schema: self.schema,
            root: self.root,
            secret: self.secret,
            budget: self.budget,
            repairs: Vec::new(),
            failures: Vec::new(),
        }
    }

    fn spend(&self) -> bool {
        let left = self.budget.get();
        if left == 0 {
            return false;
        }
        self.budget.set(left - 1);
        true
    }

    /// `active` holds the nodes being walked at this same value (through `$ref`, `allOf` and
    /// unions): meeting one again is a cycle that makes no progress through the value.
    fn walk(&mut self, id: NodeId, value: &mut Value, path: &mut Path, active: &mut Vec<NodeId>) {
        let schema = self.schema;
        let Some(node) = schema.node(id) else { return };
        if node.nothing || path.len() > MAX_DEPTH || active.contains(&id) || !self.spend() {
            return;
        }
        active.push(id);
        self.coerce(id, node, value, path);
        if let Some(target) = node.reference {
            self.walk(target, value, path, active);
        }
        for member in &node.all_of {
            self.walk(*member, value, path, active);
        }
        for union in &node.unions {
            self.walk_union(union, value, path, active);
        }
        self.descend(node, value, path);
        active.pop();
    }

    fn descend(&mut self, node: &Node, value: &mut Value, path: &mut Path) {
        match value {
            Value::Object(members) => {
                // By name, whatever order the map keeps (serde_json's `preserve_order` feature,
                // which any crate in a build may turn on, keeps the document's): repairs come
                // out in the same order in every build.
                let mut keys: Vec<String> = members.keys().cloned().collect();
                keys.sort_unstable();
                for key in keys {
                    let target = match (node.properties.get(&key), node.extras) {
                        (Some(property), _) => *property,
                        (None, Extras::Schema(extras)) => extras,
                        (None, _) => continue,
                    };
                    let Some(member) = members.get_mut(&key) else {
                        continue;
                    };
                    path.push(Segment::Key(key));
                    self.walk(target, member, path, &mut Vec::new());
                    path.pop();
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    let Some(target) = node.prefix_items.get(index).copied().or(node.items) else {
                        continue;
                    };
                    path.push(Segment::Index(index));
                    self.walk(target, item, path, &mut Vec::new());
                    path.pop();
                }
            }
            _ => {}
        }
    }

    /// This node's own rules: the value's type, then its enum value.
    fn coerce(&mut self, id: NodeId, node: &Node, value: &mut Value, path: &mut Path) {
        if let Some(types) = node.types
            && !types.allows(value)
        {
            let mut tried = Rules::new();
            self.coerce_type(id, node, types, value, path, &mut tried);
            if !types.allows(value) {
                if !tried.is_empty() {
                    let message =
                        format!("expected {}, found {}", types.describe(), self.found(value));
                    self.fail(path, message, tried);
                }
                return;
            }
        }
        let Some(values) = &node.values else { return };
        if values.contains(value) {
            return;
        }
        let Value::String(text) = &*value else { return };
        if !values.iter().any(Value::is_string) {
            return;
        }
        match text::enum_value_in(values, text) {
            Some(found) => self.replace(value, found.clone(), Rule::EnumCase, path),
            None => {
                let listed: Vec<String> = values
                    .iter()
                    .take(10)
                    .map(|value| text::snippet(value, self.secret))
                    .collect();
                let more = if values.len() > 10 { ", …" } else { "" };
                let message = format!(
                    "expected one of {}{more}, found {}",
                    listed.join(", "),
                    text::snippet(value, self.secret)
                );
                self.fail(path, message, Rule::EnumCase.into());
            }
        }
    }

    /// Rules 1 to 3, for a value whose type `types` does not allow.
    fn coerce_type(
        &mut self,
        id: NodeId,
        node: &Node,
        types: Types,
        value: &mut Value,
        path: &mut Path,
        tried: &mut Rules,
    ) {
        match &*value {
            Value::String(text) => {
                if types.has(Types::NUMBER) {
                    tried.insert(Rule::NumberFromString);
                    if let Some(number) = text::number_in(text) {
                        return self.replace(
                            value,
                            Value::Number(number),
                            Rule::NumberFromString,
                            path,
                        );
                    }
                } else if types.has(Types::INTEGER) {
                    tried.insert(Rule::IntegerFromString);
                    if let Some(integer) =
                        text::number_in(text).as_ref().and_then(text::exact_integer)
                    {
                        return self.replace(
                            value,
                            Value::Number(integer),
                            Rule::IntegerFromString,
                            path,
                        );
                    }
                }
                if types.has(Types::BOOLEAN) {
                    tried.insert(Rule::BooleanFromString);
                    if let Some(boolean) = text::boolean_in(text) {
                        return self.replace(
                            value,
                            Value::Bool(boolean),
                            Rule::BooleanFromString,
                            path,
                        );
                    }
                }
                if types.has(Types::OBJECT) || types.has(Types::ARRAY) {
                    let found = text::json_in(
                        text,
                        |candidate| types.allows(candidate),
                        |candidate| self.fits_after_repair(id, candidate, path),
                    );
                    match found {
                        Some((rule, json)) => return self.replace(value, json, rule, path),
                        None => tried.insert(text::json_rule_for(text)),
                    }
                }
            }
            Value::Number(number) if types.has(Types::INTEGER) => {
                tried.insert(Rule::IntegerFromFloat);
                if let Some(integer) = text::exact_integer(number) {
                    return self.replace(
                        value,
                        Value::Number(integer),
                        Rule::IntegerFromFloat,
                        path,
                    );
                }
            }
            _ => {}
        }
        if types.has(Types::ARRAY) && !value.is_null() {
            tried.insert(Rule::ArrayFromSingle);
            self.wrap(node, value, path);
        }
    }

    /// Rule 3: `value` becomes `[value]` when it is of the type of the array's items (after
    /// repairing it as an item). The item's own repairs are recorded after this one.
    fn wrap(&mut self, node: &Node, value: &mut Value, path: &mut Path) {
        let mut item = value.clone();
        let mut trial = self.scratch();
        path.push(Segment::Index(0));
        let fits = match node.prefix_items.first().copied().or(node.items) {
            Some(schema) => {
                trial.walk(schema, &mut item, path, &mut Vec::new());
                self.fits_shallow(schema, &item, &mut Vec::new(), 0)
            }
            None => true,
        };
        path.pop();
        if fits {
            self.record(path, Rule::ArrayFromSingle, value);
            *value = Value::Array(vec![item]);
            // The item's failures, if any, are found again when the walk descends into it.
            self.repairs.extend(trial.repairs);
        }
    }

    /// Whether `candidate`, found in prose, fits node `id` once repaired: prose is where a
    /// bracket most often is not JSON meant for us.
    fn fits_after_repair(&self, id: NodeId, candidate: &Value, path: &mut Path) -> bool {
        let mut trial = self.scratch();
        let mut candidate = candidate.clone();
        trial.walk(id, &mut candidate, path, &mut Vec::new());
        self.fits(id, &candidate, &mut Vec::new(), path.len())
    }

    /// Rule 5 for `anyOf` / `oneOf`: nothing when a variant fits as it is; else the variant its
    /// tag names; else the first variant that fits once repaired.
    fn walk_union(
        &mut self,
        union: &Union,
        value: &mut Value,
        path: &mut Path,
        active: &mut Vec<NodeId>,
    ) {
        let depth = path.len();
        if union
            .variants
            .iter()
            .any(|variant| self.fits(*variant, value, &mut active.clone(), depth))
        {
            return;
        }
        if let Some(variant) = self.tagged_variant(union, value) {
            self.walk(variant, value, path, active);
            return;
        }
        for variant in &union.variants {
            let mut trial = self.scratch();
            let mut candidate = value.clone();
            trial.walk(*variant, &mut candidate, path, &mut active.clone());
            if self.fits(*variant, &candidate, &mut active.clone(), depth) {
                *value = candidate;
                self.repairs.extend(trial.repairs);
                self.failures.extend(trial.failures);
                return;
            }
        }
    }

    /// The variant whose tag the value carries (exactly, else once trimmed and ignoring case),
    /// also when the value is still an object inside a string.
    fn tagged_variant(&self, union: &Union, value: &Value) -> Option<NodeId> {
        let tag = union.tag.as_ref()?;
        let inner;
        let object = match value {
            Value::Object(object) => object,
            Value::String(text) => {
                inner = text::json_in(text, Value::is_object, |_| true)?.1;
                inner.as_object()?
            }
            _ => return None,
        };
        let carried = object.get(&tag.property)?.as_str()?;
        let values: Vec<Value> = tag
            .values
            .iter()
            .map(|(value, _)| Value::String(value.clone()))
            .collect();
        let chosen = text::enum_value_in(&values, carried)?;
        let index = values.iter().position(|value| value == chosen)?;
        tag.values.get(index).map(|(_, variant)| *variant)
    }

    /// Whether `value` fits node `id`: types, enum values, required properties, closed objects,
    /// and the same for every member and item the schema describes.
    fn fits(&self, id: NodeId, value: &Value, active: &mut Vec<NodeId>, depth: usize) -> bool {
        let Some(node) = self.schema.node(id) else {
            return true;
        };
        if node.nothing || !self.spend() {
            return false;
        }
        if depth > MAX_DEPTH || active.contains(&id) {
            return true;
        }
        if !self.fits_here(node, value) {
            return false;
        }
        active.push(id);
        let fits = node
            .reference
            .iter()
            .chain(&node.all_of)
            .all(|next| self.fits(*next, value, active, depth))
            && node.unions.iter().all(|union| {
                union
                    .variants
                    .iter()
                    .any(|variant| self.fits(*variant, value, &mut active.clone(), depth))
            });
        active.pop();
        fits && self.members_fit(node, value, depth)
    }

    /// `fits` without looking into members and items: whether `value` is of the right type.
    fn fits_shallow(
        &self,
        id: NodeId,
        value: &Value,
        active: &mut Vec<NodeId>,
        depth: usize,
    ) -> bool {
        let Some(node) = self.schema.node(id) else {
            return true;
        };
        if node.nothing || !self.spend() {
            return false;
        }
        if depth > 16 || active.contains(&id) {
            return true;
        }
        if !self.fits_here(node, value) {
            return false;
        }
        active.push(id);
        let fits = node
            .reference
            .iter()
            .chain(&node.all_of)
            .all(|next| self.fits_shallow(*next, value, active, depth + 1))
            && node.unions.iter().all(|union| {
                union.variants.iter().any(|variant| {
                    self.fits_shallow(*variant, value, &mut active.clone(), depth + 1)
                })
            });
        active.pop();
        fits
    }

    fn fits_here(&self, node: &Node, value: &Value) -> bool {
        node.types.is_none_or(|types| types.allows(value))
            && node
                .values
                .as_ref()
                .is_none_or(|values| values.contains(value))
    }

    fn members_fit(&self, node: &Node, value: &Value, depth: usize) -> bool {
        match value {
            Value::Object(members) => {
                node.required.iter().all(|name| members.contains_key(name))
                    && members.iter().all(|(key, member)| {
                        match (node.properties.get(key), node.extras) {
                            (Some(property), _) => {
                                self.fits(*property, member, &mut Vec::new(), depth + 1)
                            }
                            (None, Extras::Schema(extras)) => {
                                self.fits(extras, member, &mut Vec::new(), depth + 1)
                            }
                            (None, Extras::Closed) => false,
                            (None, Extras::Any) => true,
                        }
                    })
            }
            Value::Array(items) => items.iter().enumerate().all(|(index, item)| {
                node.prefix_items
                    .get(index)
                    .copied()
                    .or(node.items)
                    .is_none_or(|schema| self.fits(schema, item, &mut Vec::new(), depth + 1))
            }),
            _ => true,
        }
    }

    fn replace(&mut self, value: &mut Value, repaired: Value, rule: Rule, path: &Path) {
        self.record(path, rule, value);
        *value = repaired;
    }

    fn record(&mut self, path: &Path, rule: Rule, before: &Value) {
        self.repairs.push(Repair {
            path: self.render(path),
            rule,
            before: text::snippet(before, self.secret),
        });
    }

    fn fail(&mut self, path: &Path, message: String, tried: Rules) {
        self.failures.push(Failure {
            path: self.render(path),
            message,
            tried,
        });
    }

    /// `the string "high"`, `3.5`, `an object`: what was found, for messages.
    fn found(&self, value: &Value) -> String {
        match value {
            Value::String(_) => format!("the string {}", text::snippet(value, self.secret)),
            Value::Array(_) => "an array".to_owned(),
            Value::Object(_) => "an object".to_owned(),
            other => text::snippet(other, self.secret),
        }
    }

    /// `result.entities[1].kind`: the notation of serde_path_to_error, as `Error::Decode` uses.
    fn render(&self, path: &Path) -> String {
        let mut rendered = self.root.to_owned();
        for segment in path {
            match segment {
                Segment::Key(key) => {
                    // A bare answer (no envelope) has no root: `entities`, not `.entities`.
                    if !rendered.is_empty() {
                        rendered.push('.');
                    }
                    rendered.push_str(key);
                }
                Segment::Index(index) => {
                    rendered.push('[');
                    rendered.push_str(&index.to_string());
                    rendered.push(']');
                }
            }
        }
        rendered
    }
}
