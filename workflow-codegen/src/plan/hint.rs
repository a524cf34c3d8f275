//! [`Hint`]: what the schema at hand is for, to name what gets hoisted out of it.

/// What the schema at hand is for, to name what gets hoisted out of it.
#[derive(Clone, Default)]
pub(super) struct Hint {
    /// Name for a type made from this schema when it has no title (`Spans`, `SpansItem`).
    pub(super) name: String,
    /// The type whose definition holds this schema; prefixes `name` when it is taken.
    pub(super) owner: String,
    /// A `oneOf`/`anyOf` variant or `allOf` member: its object stays inline so typify sees
    /// the union's shape (tagged enums) or merges it.
    pub(super) inline: bool,
    /// The properties that tag the union this inline variant belongs to.
    pub(super) tags: Vec<String>,
    /// A property of such an inline object that tags its union: its string constant stays
    /// inline, where typify sees the tag (any other constant is an enum named here).
    pub(super) constant_inline: bool,
    /// Converting a named definition: nullability belongs to the places that use it.
    pub(super) defining: bool,
}

impl Hint {
    pub(super) fn definition(name: &str) -> Self {
        Self {
            name: name.to_string(),
            owner: name.to_string(),
            defining: true,
            ..Self::default()
        }
    }

    /// The hint for a property `key` of the object this hint is for.
    pub(super) fn property(&self, key: &str) -> Self {
        Self {
            // Raw text: made into a type name only when a type is hoisted from it.
            name: key.to_string(),
            owner: self.owner.clone(),
            constant_inline: self.inline && self.tags.iter().any(|tag| tag == key),
            ..Self::default()
        }
    }

    pub(super) fn child(&self, suffix: &str) -> Self {
        Self {
            name: format!("{} {suffix}", self.name),
            owner: self.owner.clone(),
            ..Self::default()
        }
    }

    /// An object variant of an untagged union: a struct of its own.
    pub(super) fn variant(&self, name: String) -> Self {
        Self {
            name,
            owner: self.owner.clone(),
            ..Self::default()
        }
    }

    pub(super) fn inline(&self, name: String, tags: &[String]) -> Self {
        Self {
            name,
            owner: self.owner.clone(),
            inline: true,
            tags: tags.to_vec(),
            ..Self::default()
        }
    }

    /// Without the `defining` flag: for schemas nested in a definition's own schema.
    pub(super) fn nested(&self) -> Self {
        Self {
            defining: false,
            ..self.clone()
        }
    }
}
