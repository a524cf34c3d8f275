//! JSON pointers (RFC 6901): building and splitting them, and finding where one lands in a
//! file's text. A room of its own, so that `diag` and `load` both use it and neither uses the
//! other.

/// A 1-based line and column (in characters) in a workflow file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
#[non_exhaustive]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    /// Byte offset of the position in the file's text.
    pub offset: usize,
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if token.contains(['~', '/']) {
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(token);
    }
    out
}

/// Splits a JSON pointer into its unescaped reference tokens; `None` if it is not a pointer.
pub(crate) fn pointer_tokens(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    Some(
        rest.split('/')
            .map(|token| token.replace("~1", "/").replace("~0", "~"))
            .collect(),
    )
}

/// Finds where the value at JSON `pointer` starts in `text`; for an object member, where its
/// key starts, so messages point at `"if": ...` rather than at its value.
/// (The tests' reference for [`locate_nearest`].)
#[cfg(test)]
pub(crate) fn locate(text: &str, pointer: &str) -> Option<Location> {
    let tokens = pointer_tokens(pointer)?;
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    scanner.skip_ws();
    let offset = scanner.find(&tokens)?;
    Some(location_of_offset(text, offset))
}

/// For each pointer, where the deepest place on its path that `text` holds starts (as
/// [`locate`] places it): a problem found in a merged schema may name a place that exists
/// only after merging. One pass over the text for all of them, however many there are.
pub(crate) fn locate_nearest(text: &str, pointers: &[&str]) -> Vec<Option<Location>> {
    // A trie of the pointers' tokens; each problem ends at one node.
    let mut trie = Trie {
        nodes: vec![std::collections::HashMap::new()],
    };
    let mut ends = Vec::with_capacity(pointers.len());
    for pointer in pointers {
        let mut node = 0;
        let mut chain = vec![0];
        for token in pointer_tokens(pointer).unwrap_or_default() {
            node = trie.child(node, token);
            chain.push(node);
        }
        ends.push(chain);
    }
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        text,
        pos: 0,
    };
    scanner.skip_ws();
    let mut offsets = vec![None; trie.nodes.len()];
    let start = scanner.pos;
    // Text that is not JSON (a syntax error being reported) just places less.
    let _ = scanner.walk(&trie, 0, start, &mut offsets);
    let lines = LineIndex::new(text);
    ends.iter()
        .map(|chain| {
            chain
                .iter()
                .rev()
                .find_map(|node| offsets[*node])
                .map(|offset| lines.location(text, offset))
        })
        .collect()
}

struct Trie {
    /// Children of each node, by reference token.
    nodes: Vec<std::collections::HashMap<String, usize>>,
}

impl Trie {
    fn child(&mut self, node: usize, token: String) -> usize {
        if let Some(child) = self.nodes[node].get(&token) {
            return *child;
        }
        let child = self.nodes.len();
        self.nodes.push(std::collections::HashMap::new());
        self.nodes[node].insert(token, child);
        child
    }

    fn children(&self, node: usize) -> Option<&std::collections::HashMap<String, usize>> {
        self.nodes.get(node).filter(|children| !children.is_empty())
    }
}

/// Line starts, to turn byte offsets into lines and columns without rescanning the text.
struct LineIndex(Vec<usize>);

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(index, _)| index + 1));
        Self(starts)
    }

    fn location(&self, text: &str, offset: usize) -> Location {
        let offset = char_boundary(text, offset);
        let line = self.0.partition_point(|start| *start <= offset);
        let line_start = self.0[line - 1];
        Location {
            line,
            column: text[line_start..offset].chars().count() + 1,
            offset,
        }
    }
}

pub(crate) fn location_of_offset(text: &str, offset: usize) -> Location {
    let offset = char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |index| index + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Location {
        line,
        column,
        offset,
    }
}

/// `offset`, or the start of the character it falls in (an offset from a parser's column
/// count, or past a repair, may land inside a multi-byte character), at most `text.len()`.
fn char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// A minimal scanner over text that serde_json has already accepted as JSON.
struct Scanner<'a> {
    bytes: &'a [u8],
    text: &'a str,
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// At the start of a value: the offset of the value (or member key) at `tokens`.
    #[cfg(test)]
    fn find(&mut self, tokens: &[String]) -> Option<usize> {
        let Some((first, rest)) = tokens.split_first() else {
            return Some(self.pos);
        };
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        return None;
                    }
                    let key_start = self.pos;
                    let key = self.string()?;
                    self.skip_ws();
                    self.expect(b':')?;
                    self.skip_ws();
                    if key == *first {
                        return if rest.is_empty() {
                            Some(key_start)
                        } else {
                            self.find(rest)
                        };
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            b'[' => {
                let wanted: usize = first.parse().ok()?;
                self.pos += 1;
                let mut index = 0;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        return None;
                    }
                    if index == wanted {
                        return self.find(rest);
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                    index += 1;
                }
            }
            _ => None,
        }
    }

    /// At the start of a value that trie `node` stands for (placed at `here`): records where
    /// each node reached starts, descending only into members the trie names.
    fn walk(
        &mut self,
        trie: &Trie,
        node: usize,
        here: usize,
        offsets: &mut [Option<usize>],
    ) -> Option<()> {
        offsets[node] = Some(here);
        let Some(children) = trie.children(node) else {
            return self.skip_value();
        };
        match self.peek()? {
            b'{' => {
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == b'}' {
                        self.pos += 1;
                        return Some(());
                    }
                    let key_start = self.pos;
                    let key = self.string()?;
                    self.skip_ws();
                    self.expect(b':')?;
                    self.skip_ws();
                    match children.get(&key) {
                        Some(child) => self.walk(trie, *child, key_start, offsets)?,
                        None => self.skip_value()?,
                    }
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            b'[' => {
                self.pos += 1;
                let mut index = 0usize;
                loop {
                    self.skip_ws();
                    if self.peek()? == b']' {
                        self.pos += 1;
                        return Some(());
                    }
                    match children.get(&index.to_string()) {
                        Some(child) => {
                            let start = self.pos;
                            self.walk(trie, *child, start, offsets)?;
                        }
                        None => self.skip_value()?,
                    }
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                    index += 1;
                }
            }
            _ => self.skip_value(),
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads a string token and decodes it.
    fn string(&mut self) -> Option<String> {
        let start = self.pos;
        self.skip_string()?;
        serde_json::from_str(&self.text[start..self.pos]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        self.expect(b'"')?;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => self.pos += 1,
            }
        }
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                return Some(());
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }
}

/// `%XX` escapes of a URI fragment, decoded.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return Some(text.to_string());
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "{\n  \"a\": {\"b/c\": [1, {\"d\": true}]},\n  \"é\": \"x\"\n}";

    #[test]
    fn locate_points_at_member_keys_and_array_items() {
        assert_eq!(locate(TEXT, "").map(|l| (l.line, l.column)), Some((1, 1)));
        assert_eq!(locate(TEXT, "/a").map(|l| (l.line, l.column)), Some((2, 3)));
        assert_eq!(
            locate(TEXT, "/a/b~1c/1/d").map(|l| (l.line, l.column)),
            Some((2, 21))
        );
        assert_eq!(
            locate(TEXT, "/a/b~1c/0").map(|l| (l.line, l.column)),
            Some((2, 17))
        );
        assert_eq!(locate(TEXT, "/é").map(|l| (l.line, l.column)), Some((3, 3)));
        assert_eq!(locate(TEXT, "/missing"), None);
        assert_eq!(locate(TEXT, "/a/b~1c/7"), None);
    }

    #[test]
    fn locate_nearest_finds_every_pointer_or_its_closest_enclosing_place() {
        let pointers = [
            "",
            "/a",
            "/a/b~1c/1/d",
            "/a/b~1c/0",
            "/é",
            "/missing",
            "/a/b~1c/7",
            "/a/x/y",
        ];
        let found: Vec<Option<(usize, usize)>> = locate_nearest(TEXT, &pointers)
            .into_iter()
            .map(|location| location.map(|l| (l.line, l.column)))
            .collect();
        assert_eq!(
            found,
            [
                Some((1, 1)),
                Some((2, 3)),
                Some((2, 21)),
                Some((2, 17)),
                Some((3, 3)),
                Some((1, 1)),
                Some((2, 9)),
                Some((2, 3)),
            ]
        );
        for pointer in ["", "/a", "/a/b~1c/1/d", "/a/b~1c/0", "/é"] {
            assert_eq!(
                locate_nearest(TEXT, &[pointer])[0],
                locate(TEXT, pointer),
                "{pointer}"
            );
        }
    }
}
