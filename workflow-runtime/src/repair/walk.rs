//! The repair walk: the JSON text of a result and its schema side by side, writing the text
//! again with the documented shapes fixed where the value does not fit, and the "fits" check
//! that decides unions and guards the riskier rules.
//!
//! The walk reads the answer's bytes in place (no `serde_json::Value` of the result is ever
//! built) and writes the repaired text as it goes: what it does not change is copied, so its
//! memory is the repaired text, about the size of the result, and its time is linear in it,
//! plus the trials of union variants, bounded by a budget. Where a value stands, every schema
//! that applies there is applied at once: the node, its `$ref` target and its `allOf` members,
//! and the union variants chosen on the way.
//!
//! Invariant: a value that fits its schema is never changed. Every rule fires only on a value
//! whose type (or enum value) the schema does not accept, and unions are left alone as soon
//! as one variant fits.

use std::borrow::Cow;
use std::cell::Cell;
use std::time::Instant;

use serde_json::Value;

use super::scan::{self, Kind, Next};
use super::schema::{Extras, Node, NodeId, Schema, Types, Union};
use super::text;
use super::{Repair, Rule, Rules};

/// Values nested deeper than this are not walked into (serde_json reads no deeper than 128).
const MAX_DEPTH: usize = 256;
/// Schemas applied at one place at most (through `$ref`, `allOf` and chosen variants).
const MAX_NODES_AT_ONCE: usize = 64;
/// A replacement is walked again (a string that held JSON, say); at most this many in a row.
const MAX_REWALKS: usize = 8;
/// Repairs kept one by one; the rest are only counted.
pub(crate) const MAX_REPAIRS: usize = 1000;
/// Failures kept to explain an error.
const MAX_FAILURES: usize = 64;
/// A container compared with `enum`/`const` values is parsed for that only up to this size.
const MAX_COMPARED: usize = 64 * 1024;

/// Work units (a schema node visited, or a byte looked at by a trial or a fits check) one
/// repair may take on top of [`WORK_PER_BYTE`] per byte of the text: a bound on the work a
/// hostile body can cause with a schema full of nested unions, far above what real results
/// need. When it runs out, the walk stops repairing.
const BUDGET: usize = 1_000_000;
const WORK_PER_BYTE: usize = 16;
/// The deadline is looked at once per this much work.
const CLOCK_EVERY: usize = 1 << 16;

/// A rule that was tried on a value and could not fix it: the error names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub(crate) path: String,
    pub(crate) message: String,
    pub(crate) tried: Rules,
}

/// Why a walk stopped before the end of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// It did not.
    No,
    /// A value that cannot fit its schema, repaired or not: the typed decode will fail there,
    /// so the rest is not walked (only in [`Walk::Decode`]).
    Mismatch,
    /// The work budget ran out.
    Budget,
    /// The run's deadline passed.
    Deadline,
    /// The text is not JSON.
    Invalid,
}

/// What the walk is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Walk {
    /// Repairing for a decode: stop at the first value that cannot fit.
    Decode,
    /// Repairing everything that can be (`repair::repair`).
    Everything,
}

/// What a walk made of a text.
#[derive(Debug)]
pub(crate) struct Walked {
    /// The repaired text up to `tail`, when anything was repaired; `None`: the text fits as it
    /// is (or nothing in it could be repaired).
    pub(crate) head: Option<Vec<u8>>,
    /// Where in the original text the rest, unchanged, starts (the end of the text unless the
    /// walk stopped early).
    pub(crate) tail: usize,
    pub(crate) repairs: Vec<Repair>,
    /// Repairs beyond [`MAX_REPAIRS`], counted only.
    pub(crate) omitted: usize,
    pub(crate) failures: Vec<Failure>,
    pub(crate) stop: Stop,
    /// Where the walk stopped at a value that cannot fit, when it did.
    pub(crate) mismatch_path: Option<String>,
}

/// What every walker of one repair shares.
struct Shared<'s> {
    schema: &'s Schema,
    root: &'s str,
    secret: &'s str,
    walk: Walk,
    budget: Cell<usize>,
    clock: Cell<usize>,
    deadline: Option<Instant>,
    stop: Cell<Stop>,
    mismatch_path: std::cell::RefCell<Option<String>>,
}

impl Shared<'_> {
    /// Spends `work` units; false once the budget or the time is up.
    fn spend(&self, work: usize) -> bool {
        if self.stop.get() != Stop::No && self.stop.get() != Stop::Mismatch {
            return false;
        }
        let left = self.budget.get();
        if left < work {
            self.budget.set(0);
            self.stop.set(Stop::Budget);
            return false;
        }
        self.budget.set(left - work);
        let clock = self.clock.get() + work;
        if clock >= CLOCK_EVERY {
            self.clock.set(0);
            if self
                .deadline
                .is_some_and(|deadline| Instant::now() >= deadline)
            {
                self.stop.set(Stop::Deadline);
                return false;
            }
        } else {
            self.clock.set(clock);
        }
        true
    }

    fn stopped(&self) -> bool {
        self.stop.get() != Stop::No
    }
}

/// Where a value is, under the root name: `.entities[1].kind` as one text, grown and cut back
/// as the walk goes in and out, so that walking a member allocates nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Path {
    text: String,
    marks: Vec<usize>,
}

impl Path {
    fn push_key(&mut self, key: &str) {
        self.marks.push(self.text.len());
        self.text.push('.');
        self.text.push_str(key);
    }

    fn push_index(&mut self, index: usize) {
        self.marks.push(self.text.len());
        self.text.push('[');
        // Digits by hand: this runs for every item of every array walked.
        let mut digits = [0u8; 20];
        let mut at = digits.len();
        let mut rest = index;
        loop {
            at -= 1;
            digits[at] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        for digit in &digits[at..] {
            self.text.push(char::from(*digit));
        }
        self.text.push(']');
    }

    fn pop(&mut self) {
        if let Some(mark) = self.marks.pop() {
            self.text.truncate(mark);
        }
    }

    /// How deep it is.
    fn len(&self) -> usize {
        self.marks.len()
    }
}

/// The schema nodes that apply at one place: a few, kept inline.
#[derive(Debug, Clone, Default)]
struct Nodes {
    inline: [NodeId; 8],
    len: usize,
    more: Vec<NodeId>,
}

impl Nodes {
    fn as_slice(&self) -> &[NodeId] {
        if self.more.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.more
        }
    }

    fn contains(&self, id: NodeId) -> bool {
        self.as_slice().contains(&id)
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }

    fn push(&mut self, id: NodeId) {
        if self.more.is_empty() && self.len < self.inline.len() {
            self.inline[self.len] = id;
            self.len += 1;
        } else {
            if self.more.is_empty() {
                self.more.extend_from_slice(&self.inline[..self.len]);
            }
            self.more.push(id);
        }
    }

    fn clear(&mut self) {
        self.len = 0;
        self.more.clear();
    }
}

/// A union of a node, by the node and its position among the node's unions.
type UnionAt = (NodeId, usize);

/// Repairs `text` (a result, named `root` in paths) against `schema`.
pub(crate) fn walk_text(
    schema: &Schema,
    root: &str,
    secret: &str,
    text: &[u8],
    walk: Walk,
    deadline: Option<Instant>,
) -> Walked {
    let shared = Shared {
        schema,
        root,
        secret,
        walk,
        budget: Cell::new(BUDGET.saturating_add(text.len().saturating_mul(WORK_PER_BYTE))),
        clock: Cell::new(0),
        deadline,
        stop: Cell::new(Stop::No),
        mismatch_path: std::cell::RefCell::new(None),
    };
    let mut walker = Walker::new(&shared, text, 0, true);
    let start = scan::skip_ws(text, 0);
    if scan::kind(text, start).is_none() {
        shared.stop.set(Stop::Invalid);
    } else {
        walker.walk(
            &[Schema::ROOT],
            start,
            &mut Path::default(),
            Vec::new(),
            0,
            false,
        );
    }
    let stop = shared.stop.get();
    let tail = if stop == Stop::No {
        walker.flush_to(text.len());
        text.len()
    } else {
        walker.cursor
    };
    // Repairs are found in the order of the text, which for an answer built from a `Value` is
    // whatever order its map keeps (serde_json's `preserve_order` feature, which any crate of a
    // build may turn on, changes it): listed by path instead, the same in every build.
    let mut repairs = walker.repairs;
    repairs.sort_by(|a, b| by_path(&a.path).cmp(by_path(&b.path)));
    let mut failures = walker.failures;
    failures.sort_by(|a, b| by_path(&a.path).cmp(by_path(&b.path)));
    Walked {
        head: walker.changed.then_some(walker.out),
        tail,
        repairs,
        omitted: walker.omitted,
        failures,
        stop,
        mismatch_path: shared.mismatch_path.take(),
    }
}

/// A path's segments, for ordering repairs: members by name, items by position, a value before
/// what is inside it.
fn by_path(path: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    // The root's name, then `.key` and `[index]` segments. An index sorts by its number: by
    // its length first, then its digits.
    path.split_inclusive(['.', '['])
        .map(|segment| segment.trim_end_matches(['.', '[']))
        .map(|segment| match segment.strip_suffix(']') {
            Some(index) if index.bytes().all(|byte| byte.is_ascii_digit()) => (index.len(), index),
            _ => (0, segment),
        })
}

/// Whether `text` fits `schema` as a typed decode would see it.
#[cfg(test)]
pub(crate) fn fits_text(schema: &Schema, text: &[u8]) -> bool {
    let shared = Shared {
        schema,
        root: "",
        secret: "",
        walk: Walk::Everything,
        budget: Cell::new(BUDGET),
        clock: Cell::new(0),
        deadline: None,
        stop: Cell::new(Stop::No),
        mismatch_path: std::cell::RefCell::new(None),
    };
    fits(
        &shared,
        Schema::ROOT,
        text,
        scan::skip_ws(text, 0),
        &mut Vec::new(),
        0,
    )
    .is_some()
}

struct Walker<'s, 'a> {
    shared: &'s Shared<'s>,
    src: &'a [u8],
    /// The repaired text from where this walker started up to `cursor`, once anything changed.
    out: Vec<u8>,
    cursor: usize,
    changed: bool,
    /// False for a trial, whose repairs are kept only if the trial is.
    committed: bool,
    repairs: Vec<Repair>,
    omitted: usize,
    failures: Vec<Failure>,
    /// Where a string starts that was searched for JSON and held none at all: searching it
    /// again for another type (as an array's item, after the array) would find none either,
    /// at the cost of the first search.
    no_json_at: Option<usize>,
}

impl<'s, 'a> Walker<'s, 'a> {
    fn new(shared: &'s Shared<'s>, src: &'a [u8], start: usize, committed: bool) -> Self {
        Walker {
            shared,
            src,
            out: Vec::new(),
            cursor: start,
            changed: false,
            committed,
            repairs: Vec::new(),
            omitted: 0,
            failures: Vec::new(),
            no_json_at: None,
        }
    }

    /// A walker for a trial of the value at `start` of the same text.
    fn trial(&self, start: usize) -> Walker<'s, 'a> {
        Walker::new(self.shared, self.src, start, false)
    }

    /// Copies the text from `cursor` up to `at` to the output. Until something changes, the
    /// cursor stays where the walker started and nothing is copied.
    fn flush_to(&mut self, at: usize) {
        if self.changed && at > self.cursor {
            self.out
                .extend_from_slice(self.src.get(self.cursor..at).unwrap_or_default());
            self.cursor = at;
        }
    }

    /// Writes `text` in place of `start..end`.
    fn replace(&mut self, start: usize, end: usize, text: &[u8]) {
        if !self.changed && self.committed && self.cursor == 0 {
            // The walk of a whole text writes about that much: no growth by doubling.
            self.out.reserve(
                self.src
                    .len()
                    .saturating_add(self.src.len() / 64)
                    .saturating_add(64),
            );
        }
        self.changed = true;
        self.flush_to(start);
        self.out.extend_from_slice(text);
        self.cursor = end;
    }

    /// Writes `value`'s JSON in place of `start..end`.
    fn replace_with_value(&mut self, start: usize, end: usize, value: &Value) {
        self.replace(start, end, b"");
        let _ = serde_json::to_writer(&mut self.out, value);
    }

    /// The trial's text up to `end`: its output, or the original when it changed nothing.
    fn finish_trial(mut self, end: usize) -> (Vec<u8>, Self) {
        let text = if self.changed {
            self.flush_to(end);
            std::mem::take(&mut self.out)
        } else {
            self.src.get(self.cursor..end).unwrap_or_default().to_vec()
        };
        (text, self)
    }

    /// Keeps a trial's repairs and failures; its text is the caller's to place.
    fn adopt(&mut self, trial: Walker<'_, '_>) {
        for repair in trial.repairs {
            self.push_repair(repair);
        }
        self.omitted += trial.omitted;
        for failure in trial.failures {
            self.push_failure(failure);
        }
    }

    fn push_repair(&mut self, repair: Repair) {
        if self.repairs.len() < MAX_REPAIRS {
            self.repairs.push(repair);
        } else {
            self.omitted += 1;
        }
    }

    fn push_failure(&mut self, failure: Failure) {
        if self.failures.len() < MAX_FAILURES {
            self.failures.push(failure);
        }
    }

    /// The end of the value at `start`, when the caller needs it.
    fn skip(&self, start: usize, need_end: bool) -> Option<usize> {
        if !need_end {
            return Some(start);
        }
        let end = scan::value_end(self.src, start);
        if end.is_none() {
            self.shared.stop.set(Stop::Invalid);
        }
        end
    }

    /// The nodes that apply where `ids` do: each one, its `$ref` target and its `allOf`
    /// members, transitively, each once, in order.
    fn expand(&self, ids: &[NodeId], into: &mut Nodes) {
        for id in ids {
            if into.contains(*id) || into.len() >= MAX_NODES_AT_ONCE {
                continue;
            }
            let Some(node) = self.shared.schema.node(*id) else {
                continue;
            };
            into.push(*id);
            if let Some(target) = node.reference {
                self.expand(&[target], into);
            }
            self.expand(&node.all_of, into);
        }
    }

    /// Walks the value at `start` against `ids`, writing its repaired text. Returns its end
    /// (when `need_end`), or `None` when the walk stops.
    fn walk(
        &mut self,
        ids: &[NodeId],
        start: usize,
        path: &mut Path,
        decided: Vec<UnionAt>,
        rewalks: usize,
        need_end: bool,
    ) -> Option<usize> {
        let shared = self.shared;
        if !shared.spend(1) {
            return None;
        }
        let mut set = Nodes::default();
        self.expand(ids, &mut set);
        let schema = shared.schema;
        if path.len() > MAX_DEPTH
            || set
                .as_slice()
                .iter()
                .any(|id| schema.node(*id).is_some_and(|node| node.nothing))
        {
            return self.skip(start, need_end);
        }
        let Some(kind) = scan::kind(self.src, start) else {
            shared.stop.set(Stop::Invalid);
            return None;
        };
        let mut decided = decided;
        let mut checked = 0;
        loop {
            // Each node's own rules, for the nodes not looked at yet: the type, then the enum.
            while checked < set.len() {
                let id = set.as_slice()[checked];
                checked += 1;
                let Some(node) = schema.node(id) else {
                    continue;
                };
                if let Some(types) = node.types
                    && !self.allows(types, kind, start)
                {
                    return self.coerce_type(
                        set.as_slice(),
                        id,
                        node,
                        types,
                        kind,
                        start,
                        path,
                        rewalks,
                    );
                }
                if let Some(values) = &node.values
                    && let Some(end) = self.coerce_enum(values, kind, start, path)?
                {
                    return Some(end);
                }
            }
            // Then the next union not decided yet.
            let Some((at, union)) = set.as_slice().iter().find_map(|id| {
                let node = schema.node(*id)?;
                node.unions.iter().enumerate().find_map(|(index, union)| {
                    (!decided.contains(&(*id, index))).then_some(((*id, index), union))
                })
            }) else {
                break;
            };
            decided.push(at);
            let depth = path.len();
            if union.variants.iter().any(|variant| {
                fits(shared, *variant, self.src, start, &mut Vec::new(), depth).is_some()
            }) {
                continue;
            }
            if let Some(variant) = tagged_variant(shared, union, self.src, start, kind) {
                self.expand(&[variant], &mut set);
                continue;
            }
            for variant in &union.variants {
                let mut with = set.clone();
                self.expand(&[*variant], &mut with);
                let mut trial = self.trial(start);
                let Some(end) =
                    trial.walk(with.as_slice(), start, path, decided.clone(), rewalks, true)
                else {
                    if shared.stopped() && shared.stop.get() != Stop::Mismatch {
                        return None;
                    }
                    continue;
                };
                let (text, trial) = trial.finish_trial(end);
                if fits(shared, *variant, &text, 0, &mut Vec::new(), depth).is_some() {
                    self.adopt(trial);
                    if text.as_slice() != self.src.get(start..end).unwrap_or_default() {
                        self.replace(start, end, &text);
                    }
                    return Some(end);
                }
            }
        }
        self.descend(set.as_slice(), kind, start, path, need_end)
    }

    /// Whether `types` accept the value at `start`, of kind `kind`.
    fn allows(&self, types: Types, kind: Kind, start: usize) -> bool {
        match kind {
            Kind::Null => types.has(Types::NULL),
            Kind::Bool => types.has(Types::BOOLEAN),
            Kind::Number => {
                types.has(Types::NUMBER)
                    || (types.has(Types::INTEGER) && {
                        let end = scan::value_end(self.src, start).unwrap_or(start);
                        scan::is_integer(self.src, start, end)
                    })
            }
            Kind::String => types.has(Types::STRING),
            Kind::Array => types.has(Types::ARRAY),
            Kind::Object => types.has(Types::OBJECT),
        }
    }

    /// A value the schema cannot accept, repaired or not: remembered, and in a decode's
    /// committed walk the end of the walk (the decode fails there).
    fn mismatch(&mut self, kind: Kind, path: &Path) -> Option<usize> {
        // `null` for a field the schema types otherwise is what an `Option` takes: the usual
        // reading of a field that is not required, so the walk goes on.
        if self.committed && self.shared.walk == Walk::Decode && kind != Kind::Null {
            let shared = self.shared;
            if shared.stop.get() == Stop::No {
                shared.stop.set(Stop::Mismatch);
                *shared.mismatch_path.borrow_mut() = Some(self.render(path));
            }
            return None;
        }
        Some(0)
    }

    /// The type rules for a value whose type `types` (of node `id`) does not allow.
    #[allow(clippy::too_many_arguments, reason = "the walk's state, passed down")]
    fn coerce_type(
        &mut self,
        set: &[NodeId],
        id: NodeId,
        node: &Node,
        types: Types,
        kind: Kind,
        start: usize,
        path: &mut Path,
        rewalks: usize,
    ) -> Option<usize> {
        // An object or array that no rule can turn into the wanted type (only wrapping one in
        // an array could) is a mismatch found at its first byte: a walk that stops there need
        // not look for its end, which may be the whole body away.
        if matches!(kind, Kind::Array | Kind::Object) && !types.has(Types::ARRAY) {
            self.mismatch(kind, path)?;
            return self.skip(start, true);
        }
        let end = self.skip(start, true)?;
        let mut tried = Rules::new();
        let raw = self.src.get(start..end).unwrap_or_default();
        match kind {
            Kind::String => {
                let Some(content) = scan::string_text(self.src, start, end) else {
                    self.shared.stop.set(Stop::Invalid);
                    return None;
                };
                if types.has(Types::NUMBER) {
                    tried.insert(Rule::NumberFromString);
                    if let Some(number) = text::number_in(&content) {
                        let number = number.to_string();
                        return self.finish_scalar(
                            start,
                            end,
                            number.as_bytes(),
                            Rule::NumberFromString,
                            path,
                        );
                    }
                } else if types.has(Types::INTEGER) {
                    tried.insert(Rule::IntegerFromString);
                    if let Some(integer) = text::number_in(&content)
                        .as_ref()
                        .and_then(text::exact_integer)
                    {
                        let integer = integer.to_string();
                        return self.finish_scalar(
                            start,
                            end,
                            integer.as_bytes(),
                            Rule::IntegerFromString,
                            path,
                        );
                    }
                }
                if types.has(Types::BOOLEAN) {
                    tried.insert(Rule::BooleanFromString);
                    if let Some(boolean) = text::boolean_in(&content) {
                        let boolean = if boolean { "true" } else { "false" };
                        return self.finish_scalar(
                            start,
                            end,
                            boolean.as_bytes(),
                            Rule::BooleanFromString,
                            path,
                        );
                    }
                }
                if types.has(Types::OBJECT) || types.has(Types::ARRAY) {
                    match self.json_from_string(set, id, types, &content, start, end, path, rewalks)
                    {
                        Some(found) => return found,
                        None => tried.insert(text::json_rule_for(&content)),
                    }
                }
            }
            Kind::Number if types.has(Types::INTEGER) => {
                tried.insert(Rule::IntegerFromFloat);
                if let Some(integer) = serde_json::from_slice::<serde_json::Number>(raw)
                    .ok()
                    .as_ref()
                    .and_then(text::exact_integer)
                {
                    let integer = integer.to_string();
                    return self.finish_scalar(
                        start,
                        end,
                        integer.as_bytes(),
                        Rule::IntegerFromFloat,
                        path,
                    );
                }
            }
            _ => {}
        }
        if types.has(Types::ARRAY) && kind != Kind::Null {
            tried.insert(Rule::ArrayFromSingle);
            if self.wrap(node, start, end, path) {
                return Some(end);
            }
        }
        if !tried.is_empty() {
            let message = format!(
                "expected {}, found {}",
                types.describe(),
                self.found(kind, start, end)
            );
            self.fail(path, message, tried);
        }
        self.mismatch(kind, path).map(|_| end)
    }

    /// A scalar replaced by `text` (a number or boolean written as a string): recorded.
    fn finish_scalar(
        &mut self,
        start: usize,
        end: usize,
        text: &[u8],
        rule: Rule,
        path: &Path,
    ) -> Option<usize> {
        self.record(path, rule, start, end);
        self.replace(start, end, text);
        Some(end)
    }

    /// Rules 1 to 3 of the JSON family: the string at `start..end`, `content` once unescaped,
    /// holds the object or array the schema wants. Returns the value's end when it was
    /// replaced (or when the walk stopped inside it: `Some(None)`), `None` when no JSON was
    /// found.
    #[allow(clippy::too_many_arguments, reason = "the walk's state, passed down")]
    fn json_from_string(
        &mut self,
        set: &[NodeId],
        id: NodeId,
        types: Types,
        content: &str,
        start: usize,
        end: usize,
        path: &mut Path,
        rewalks: usize,
    ) -> Option<Option<usize>> {
        if rewalks >= MAX_REWALKS {
            return None;
        }
        let shared = self.shared;
        if self.no_json_at == Some(start) {
            return None;
        }
        if !shared.spend(content.len()) {
            return Some(None);
        }
        let wanted = |kind: Kind| match kind {
            Kind::Object => types.has(Types::OBJECT),
            Kind::Array => types.has(Types::ARRAY),
            _ => false,
        };
        let depth = path.len();
        let mut prose_path = path.clone();
        let mut saw_json = false;
        let found = text::json_in_noting(
            content,
            wanted,
            |candidate| {
                // Prose is where a bracket most often is not JSON meant for us: the candidate must
                // fit once repaired; the trial's work is kept when it does.
                let mut trial = Walker::new(shared, candidate.as_bytes(), 0, false);
                let end = trial.walk(set, 0, &mut prose_path, Vec::new(), rewalks + 1, true)?;
                let (text, trial) = trial.finish_trial(end);
                fits(shared, id, &text, 0, &mut Vec::new(), depth)
                    .is_some()
                    .then_some((text, trial.repairs, trial.omitted))
            },
            &mut saw_json,
        );
        if found.is_none() && !saw_json {
            self.no_json_at = Some(start);
        }
        let (rule, candidate, trial) = found?;
        let (text, repairs, omitted) = match trial {
            Some(done) => done,
            None => {
                let mut inner = Walker::new(shared, candidate.as_bytes(), 0, self.committed);
                let inner_end = inner.walk(set, 0, path, Vec::new(), rewalks + 1, true);
                if inner_end.is_none() && shared.stop.get() != Stop::Mismatch {
                    return Some(None);
                }
                // Stopped at a mismatch inside: the rest of the candidate as it was.
                let inner_end = inner_end.unwrap_or(candidate.len());
                let (text, inner) = inner.finish_trial(inner_end);
                for failure in &inner.failures {
                    self.push_failure(failure.clone());
                }
                (text, inner.repairs, inner.omitted)
            }
        };
        self.record(path, rule, start, end);
        for repair in repairs {
            self.push_repair(repair);
        }
        self.omitted += omitted;
        self.replace(start, end, &text);
        if shared.stop.get() == Stop::Mismatch {
            return Some(None);
        }
        Some(Some(end))
    }

    /// Rule 3: the value at `start..end` becomes `[value]` when it is of the type of the
    /// array's items (after repairing it as an item). The item's own repairs are recorded after
    /// this one.
    fn wrap(&mut self, node: &Node, start: usize, end: usize, path: &mut Path) -> bool {
        let items = node.prefix_items.first().copied().or(node.items);
        // A string that holds no JSON can only be an item that takes a string or a scalar
        // written as one: where the items must be objects or arrays, there is nothing to try.
        if self.no_json_at == Some(start)
            && let Some(types) = items
                .and_then(|items| self.shared.schema.node(items))
                .and_then(|item| item.types)
            && !types.has(Types::STRING)
            && !types.has(Types::NUMBER)
            && !types.has(Types::INTEGER)
            && !types.has(Types::BOOLEAN)
        {
            return false;
        }
        let mut trial = self.trial(start);
        trial.no_json_at = self.no_json_at.filter(|at| *at == start);
        path.push_index(0);
        let (item, fits) = match items {
            Some(items) => match trial.walk(&[items], start, path, Vec::new(), 0, true) {
                Some(item_end) => {
                    let (text, done) = trial.finish_trial(item_end);
                    trial = done;
                    let fits = fits_shallow(self.shared, items, &text, 0, &mut Vec::new(), 0);
                    (text, fits)
                }
                None => (Vec::new(), false),
            },
            None => (self.src.get(start..end).unwrap_or_default().to_vec(), true),
        };
        path.pop();
        if !fits {
            return false;
        }
        self.record(path, Rule::ArrayFromSingle, start, end);
        let mut wrapped = Vec::with_capacity(item.len() + 2);
        wrapped.push(b'[');
        wrapped.extend_from_slice(&item);
        wrapped.push(b']');
        self.replace(start, end, &wrapped);
        self.adopt(trial);
        true
    }

    /// The enum rule. `Ok(Some(end))` when the value was replaced; `Ok(None)` when it fits or
    /// no rule applies; `None` when the walk stops.
    fn coerce_enum(
        &mut self,
        values: &[Value],
        kind: Kind,
        start: usize,
        path: &Path,
    ) -> Option<Option<usize>> {
        if !matches!(kind, Kind::String | Kind::Number | Kind::Bool | Kind::Null) {
            return Some(None);
        }
        let end = self.skip(start, true)?;
        let raw = self.src.get(start..end).unwrap_or_default();
        if kind != Kind::String {
            // The enum rule is about strings: a number, boolean or null is left as it is.
            return Some(None);
        }
        let Some(text) = scan::string_text(self.src, start, end) else {
            self.shared.stop.set(Stop::Invalid);
            return None;
        };
        if values.iter().any(|value| value.as_str() == Some(&text)) {
            return Some(None);
        }
        if !values.iter().any(Value::is_string) {
            return Some(None);
        }
        match text::enum_value_in(values, &text) {
            Some(found) => {
                self.record(path, Rule::EnumCase, start, end);
                self.replace_with_value(start, end, found);
                Some(Some(end))
            }
            None => {
                let secret = self.shared.secret;
                let listed: Vec<String> = values
                    .iter()
                    .take(10)
                    .map(|value| text::snippet(value, secret))
                    .collect();
                let more = if values.len() > 10 { ", …" } else { "" };
                let message = format!(
                    "expected one of {}{more}, found {}",
                    listed.join(", "),
                    noted_snippet(raw, secret)
                );
                self.fail(path, message, Rule::EnumCase.into());
                self.mismatch(kind, path).map(|_| None)
            }
        }
    }

    fn descend(
        &mut self,
        set: &[NodeId],
        kind: Kind,
        start: usize,
        path: &mut Path,
        need_end: bool,
    ) -> Option<usize> {
        let schema = self.shared.schema;
        let nodes = || set.iter().filter_map(|id| schema.node(*id));
        let mut targets = Nodes::default();
        match kind {
            Kind::Object
                if nodes().any(|node| {
                    !node.properties.is_empty() || matches!(node.extras, Extras::Schema(_))
                }) =>
            {
                let mut at = start + 1;
                loop {
                    match scan::next_member(self.src, at) {
                        Some(Next::Member { key, value }) => {
                            let Some(name) = scan::string_text(self.src, key.0, key.1) else {
                                self.shared.stop.set(Stop::Invalid);
                                return None;
                            };
                            targets.clear();
                            for node in nodes() {
                                match (node.properties.get(name.as_ref()), node.extras) {
                                    (Some(property), _) => targets.push(*property),
                                    (None, Extras::Schema(extras)) => targets.push(extras),
                                    (None, _) => {}
                                }
                            }
                            if targets.len() == 0 {
                                at = self.skip(value, true)?;
                                continue;
                            }
                            path.push_key(&name);
                            let end = match self.leaf(targets.as_slice(), value, path) {
                                Some(end) => end,
                                None => {
                                    self.walk(targets.as_slice(), value, path, Vec::new(), 0, true)
                                }
                            };
                            path.pop();
                            at = end?;
                        }
                        Some(Next::End(end)) => return Some(end),
                        Some(Next::Item(_)) | None => {
                            self.shared.stop.set(Stop::Invalid);
                            return None;
                        }
                    }
                }
            }
            Kind::Array
                if nodes().any(|node| node.items.is_some() || !node.prefix_items.is_empty()) =>
            {
                let mut at = start + 1;
                let mut index = 0;
                loop {
                    match scan::next_item(self.src, at) {
                        Some(Next::Item(item)) => {
                            targets.clear();
                            for node in nodes() {
                                if let Some(target) =
                                    node.prefix_items.get(index).copied().or(node.items)
                                {
                                    targets.push(target);
                                }
                            }
                            index += 1;
                            if targets.len() == 0 {
                                at = self.skip(item, true)?;
                                continue;
                            }
                            path.push_index(index - 1);
                            let end = match self.leaf(targets.as_slice(), item, path) {
                                Some(end) => end,
                                None => {
                                    self.walk(targets.as_slice(), item, path, Vec::new(), 0, true)
                                }
                            };
                            path.pop();
                            at = end?;
                        }
                        Some(Next::End(end)) => return Some(end),
                        Some(Next::Member { .. }) | None => {
                            self.shared.stop.set(Stop::Invalid);
                            return None;
                        }
                    }
                }
            }
            _ => self.skip(start, need_end),
        }
    }

    /// The most common leaf, done without the walk's machinery: one node with a type (and maybe
    /// an enum) and nothing else, and a value of that type. Returns what the walk would (the
    /// value's end, or `None` when the walk stops) when it was done here; `None` when the full
    /// walk must do it.
    fn leaf(&mut self, targets: &[NodeId], start: usize, path: &mut Path) -> Option<Option<usize>> {
        let [id] = targets else { return None };
        let node = self.shared.schema.node(*id)?;
        let types = node.types?;
        if !node.leaf {
            return None;
        }
        let kind = scan::kind(self.src, start)?;
        if !self.allows(types, kind, start) {
            return None;
        }
        if let Some(values) = &node.values {
            match self.coerce_enum(values, kind, start, path) {
                None => return Some(None),
                Some(Some(end)) => return Some(Some(end)),
                Some(None) => {}
            }
        }
        Some(self.skip(start, true))
    }

    fn record(&mut self, path: &Path, rule: Rule, start: usize, end: usize) {
        if self.repairs.len() >= MAX_REPAIRS {
            self.omitted += 1;
            return;
        }
        let repair = Repair {
            path: self.render(path),
            rule,
            before: text::raw_snippet(
                self.src.get(start..end).unwrap_or_default(),
                self.shared.secret,
            ),
        };
        self.push_repair(repair);
    }

    fn fail(&mut self, path: &Path, message: String, tried: Rules) {
        if self.failures.len() >= MAX_FAILURES {
            return;
        }
        let failure = Failure {
            path: self.render(path),
            message,
            tried,
        };
        self.push_failure(failure);
    }

    /// `the string "high"`, `3.5`, `an object`: what was found, for messages.
    fn found(&self, kind: Kind, start: usize, end: usize) -> String {
        let raw = self.src.get(start..end).unwrap_or_default();
        match kind {
            Kind::String => format!("the string {}", noted_snippet(raw, self.shared.secret)),
            Kind::Array => "an array".to_owned(),
            Kind::Object => "an object".to_owned(),
            _ => noted_snippet(raw, self.shared.secret),
        }
    }

    /// `result.entities[1].kind`: the notation of serde_path_to_error, as `ErrorKind::Decode`
    /// uses, made safe to show (keys come from the answer).
    fn render(&self, path: &Path) -> String {
        let root = self.shared.root;
        let text = path.text.as_str();
        // A bare answer (no envelope) has no root: `entities`, not `.entities`.
        let text = if root.is_empty() {
            text.strip_prefix('.').unwrap_or(text)
        } else {
            text
        };
        let cut = text.len().min(crate::safe::PATH_LIMIT * 2);
        let cut = (0..=cut)
            .rev()
            .find(|at| text.is_char_boundary(*at))
            .unwrap_or(0);
        let rendered = format!("{root}{}", &text[..cut]);
        crate::safe::text(&rendered, self.shared.secret, crate::safe::PATH_LIMIT)
    }
}

/// A value's text for an error message: bounded like a repair's `before`, saying how much was
/// cut.
fn noted_snippet(raw: &[u8], secret: &str) -> String {
    // Enough for the snippet even when a key straddles its end; the rest is only counted.
    let take = raw.len().min(text::SNIPPET_LIMIT + secret.len() + 8);
    let prefix = String::from_utf8_lossy(raw.get(..take).unwrap_or_default());
    let prefix = prefix.trim_end_matches('\u{fffd}');
    crate::safe::text_prefix(prefix, raw.len(), secret, text::SNIPPET_LIMIT)
}

/// The variant whose tag the value at `start` carries (exactly, else once trimmed and
/// ignoring case), also when the value is still an object inside a string.
fn tagged_variant(
    shared: &Shared<'_>,
    union: &Union,
    bytes: &[u8],
    start: usize,
    kind: Kind,
) -> Option<NodeId> {
    let tag = union.tag.as_ref()?;
    let inner: Cow<'_, str>;
    let (object, at): (&[u8], usize) = match kind {
        Kind::Object => (bytes, start),
        Kind::String => {
            let end = scan::string_end(bytes, start)?;
            if !shared.spend(end - start) {
                return None;
            }
            let content = scan::string_text(bytes, start, end)?;
            let (_, candidate, _) =
                text::json_in(&content, |kind| kind == Kind::Object, |_| Some(()))?;
            inner = Cow::Owned(candidate.to_owned());
            (inner.as_bytes(), 0)
        }
        _ => return None,
    };
    let carried = member(shared, object, at, &tag.property)?;
    let carried = scan::string_text(object, carried.0, carried.1)?;
    let values: Vec<Value> = tag
        .values
        .iter()
        .map(|(value, _)| Value::String(value.clone()))
        .collect();
    let chosen = text::enum_value_in(&values, &carried)?;
    let index = values.iter().position(|value| value == chosen)?;
    tag.values.get(index).map(|(_, variant)| *variant)
}

/// The span of member `name`'s value in the object at `start`, when it is a string.
fn member(shared: &Shared<'_>, bytes: &[u8], start: usize, name: &str) -> Option<(usize, usize)> {
    let mut at = start + 1;
    loop {
        match scan::next_member(bytes, at)? {
            Next::Member { key, value } => {
                let end = scan::value_end(bytes, value)?;
                if !shared.spend(end - at) {
                    return None;
                }
                if scan::string_text(bytes, key.0, key.1)?.as_ref() == name {
                    return (scan::kind(bytes, value) == Some(Kind::String))
                        .then_some((value, end));
                }
                at = end;
            }
            _ => return None,
        }
    }
}

/// Whether the value at `start` of `bytes` fits node `id`: types, enum values, required
/// properties, closed objects, and the same for every member and item the schema describes.
/// Returns its end when it does.
fn fits(
    shared: &Shared<'_>,
    id: NodeId,
    bytes: &[u8],
    start: usize,
    active: &mut Vec<NodeId>,
    depth: usize,
) -> Option<usize> {
    let node = shared.schema.node(id)?;
    if node.nothing || !shared.spend(1) {
        return None;
    }
    let end = scan::value_end(bytes, start)?;
    if depth > MAX_DEPTH || active.contains(&id) {
        return Some(end);
    }
    let kind = scan::kind(bytes, start)?;
    if !fits_here(shared, node, bytes, kind, start, end) {
        return None;
    }
    active.push(id);
    let fits_all = node
        .reference
        .iter()
        .chain(&node.all_of)
        .all(|next| fits(shared, *next, bytes, start, active, depth).is_some())
        && node.unions.iter().all(|union| {
            union.variants.iter().any(|variant| {
                fits(shared, *variant, bytes, start, &mut active.clone(), depth).is_some()
            })
        });
    active.pop();
    (fits_all && members_fit(shared, node, bytes, kind, start, depth)).then_some(end)
}

/// `fits` without looking into members and items: whether the value is of the right type.
fn fits_shallow(
    shared: &Shared<'_>,
    id: NodeId,
    bytes: &[u8],
    start: usize,
    active: &mut Vec<NodeId>,
    depth: usize,
) -> bool {
    let Some(node) = shared.schema.node(id) else {
        return true;
    };
    if node.nothing || !shared.spend(1) {
        return false;
    }
    if depth > 16 || active.contains(&id) {
        return true;
    }
    let Some(kind) = scan::kind(bytes, start) else {
        return false;
    };
    let Some(end) = scan::value_end(bytes, start) else {
        return false;
    };
    if !fits_here(shared, node, bytes, kind, start, end) {
        return false;
    }
    active.push(id);
    let fits = node
        .reference
        .iter()
        .chain(&node.all_of)
        .all(|next| fits_shallow(shared, *next, bytes, start, active, depth + 1))
        && node.unions.iter().all(|union| {
            union.variants.iter().any(|variant| {
                fits_shallow(
                    shared,
                    *variant,
                    bytes,
                    start,
                    &mut active.clone(),
                    depth + 1,
                )
            })
        });
    active.pop();
    fits
}

fn fits_here(
    shared: &Shared<'_>,
    node: &Node,
    bytes: &[u8],
    kind: Kind,
    start: usize,
    end: usize,
) -> bool {
    let type_fits = node.types.is_none_or(|types| match kind {
        Kind::Null => types.has(Types::NULL),
        Kind::Bool => types.has(Types::BOOLEAN),
        Kind::Number => {
            types.has(Types::NUMBER)
                || (types.has(Types::INTEGER) && scan::is_integer(bytes, start, end))
        }
        Kind::String => types.has(Types::STRING),
        Kind::Array => types.has(Types::ARRAY),
        Kind::Object => types.has(Types::OBJECT),
    });
    if !type_fits {
        return false;
    }
    let Some(values) = &node.values else {
        return true;
    };
    let raw = bytes.get(start..end).unwrap_or_default();
    if matches!(kind, Kind::Array | Kind::Object) && raw.len() > MAX_COMPARED {
        return false;
    }
    if !shared.spend(raw.len()) {
        return false;
    }
    if kind == Kind::String {
        return scan::string_text(bytes, start, end)
            .is_some_and(|text| values.iter().any(|value| value.as_str() == Some(&text)));
    }
    serde_json::from_slice::<Value>(raw).is_ok_and(|value| values.contains(&value))
}

fn members_fit(
    shared: &Shared<'_>,
    node: &Node,
    bytes: &[u8],
    kind: Kind,
    start: usize,
    depth: usize,
) -> bool {
    match kind {
        Kind::Object => {
            let mut present = vec![false; node.required.len()];
            let mut at = start + 1;
            loop {
                match scan::next_member(bytes, at) {
                    Some(Next::Member { key, value }) => {
                        let Some(name) = scan::string_text(bytes, key.0, key.1) else {
                            return false;
                        };
                        if let Some(index) =
                            node.required.iter().position(|required| *required == name)
                        {
                            present[index] = true;
                        }
                        let end = match (node.properties.get(name.as_ref()), node.extras) {
                            (Some(property), _) => {
                                fits(shared, *property, bytes, value, &mut Vec::new(), depth + 1)
                            }
                            (None, Extras::Schema(extras)) => {
                                fits(shared, extras, bytes, value, &mut Vec::new(), depth + 1)
                            }
                            (None, Extras::Closed) => return false,
                            (None, Extras::Any) => scan::value_end(bytes, value),
                        };
                        let Some(end) = end else { return false };
                        if !shared.spend(end - at) {
                            return false;
                        }
                        at = end;
                    }
                    Some(Next::End(_)) => return present.iter().all(|found| *found),
                    _ => return false,
                }
            }
        }
        Kind::Array => {
            let mut at = start + 1;
            let mut index = 0;
            loop {
                match scan::next_item(bytes, at) {
                    Some(Next::Item(item)) => {
                        let end = match node.prefix_items.get(index).copied().or(node.items) {
                            Some(schema) => {
                                fits(shared, schema, bytes, item, &mut Vec::new(), depth + 1)
                            }
                            None => scan::value_end(bytes, item),
                        };
                        let Some(end) = end else { return false };
                        if !shared.spend(end - at) {
                            return false;
                        }
                        at = end;
                        index += 1;
                    }
                    Some(Next::End(_)) => return true,
                    _ => return false,
                }
            }
        }
        _ => true,
    }
}
