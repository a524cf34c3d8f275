//! What the schema at hand is for: what to call what is hoisted out of it, and where it sits.

/// What the schema at hand is for, to name what gets hoisted out of it: its [`Naming`] and
/// its [`Position`], derived together for each schema nested in it.
#[derive(Clone)]
pub(super) struct Hint {
    /// What to call a type hoisted out of this schema.
    pub(super) naming: Naming,
    /// Where this schema sits, which decides what stays inline.
    pub(super) position: Position,
}

impl Hint {
    pub(super) fn definition(name: &str) -> Self {
        Self {
            naming: Naming::definition(name),
            position: Position::definition(),
        }
    }

    /// The hint for a property `key` of the object this hint is for.
    pub(super) fn property(&self, key: &str) -> Self {
        Self {
            naming: self.naming.property(key),
            position: self.position.property(key),
        }
    }

    pub(super) fn child(&self, suffix: &str) -> Self {
        Self {
            naming: self.naming.child(suffix),
            position: Position::standalone(),
        }
    }

    /// An object variant of an untagged union: a struct of its own.
    pub(super) fn variant(&self, name: String) -> Self {
        Self {
            naming: self.naming.variant(name),
            position: Position::standalone(),
        }
    }

    pub(super) fn inline(&self, name: String, tags: &[String]) -> Self {
        Self {
            naming: self.naming.variant(name),
            position: Position::inline(tags),
        }
    }

    /// Without the `defining` flag: for schemas nested in a definition's own schema.
    pub(super) fn nested(&self) -> Self {
        Self {
            naming: self.naming.clone(),
            position: self.position.nested(),
        }
    }
}

/// What to call a type made from the schema at hand.
#[derive(Clone, Default)]
pub(super) struct Naming {
    /// Name for a type made from this schema when it has no title (`Spans`, `SpansItem`).
    pub(super) name: String,
    /// The type whose definition holds this schema; prefixes `name` when it is taken.
    pub(super) owner: String,
}

impl Naming {
    /// A named definition: the owner of what is hoisted out of it.
    pub(super) fn definition(name: &str) -> Self {
        Self {
            name: name.to_string(),
            owner: name.to_string(),
        }
    }

    /// A property `key` of the object this naming is for.
    pub(super) fn property(&self, key: &str) -> Self {
        Self {
            // Raw text: made into a type name only when a type is hoisted from it.
            name: key.to_string(),
            owner: self.owner.clone(),
        }
    }

    /// A part of this schema named after it: `Item`, `Value`, `Item0`.
    pub(super) fn child(&self, suffix: &str) -> Self {
        Self {
            name: format!("{} {suffix}", self.name),
            owner: self.owner.clone(),
        }
    }

    /// A variant of the union this naming is for, named `name`.
    pub(super) fn variant(&self, name: String) -> Self {
        Self {
            name,
            owner: self.owner.clone(),
        }
    }
}

/// Where the schema at hand sits: what stays inline for typify to see, and whether it is a
/// definition's own schema.
#[derive(Clone, Default)]
pub(super) struct Position {
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

impl Position {
    /// A named definition's own schema.
    pub(super) fn definition() -> Self {
        Self {
            defining: true,
            ..Self::default()
        }
    }

    /// A schema in a place of its own (array items, map values, untagged variants): not
    /// inline, not a definition's own schema.
    pub(super) fn standalone() -> Self {
        Self::default()
    }

    /// An inline variant of a union tagged by `tags` (none for an untagged one).
    pub(super) fn inline(tags: &[String]) -> Self {
        Self {
            inline: true,
            tags: tags.to_vec(),
            ..Self::default()
        }
    }

    /// A property `key` of the object at this position: a tag of its inline union keeps its
    /// constant inline.
    pub(super) fn property(&self, key: &str) -> Self {
        Self {
            constant_inline: self.inline && self.tags.iter().any(|tag| tag == key),
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
