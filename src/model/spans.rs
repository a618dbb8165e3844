//! Where each value of a structured file (front matter, program.yaml, an OKR year) was
//! written, so that problems found after loading point at the key or value they are about.
//! A tree of positions by field name and list index; the loader fills it, and it knows
//! nothing of the file format.

/// A position in a file: 1-based line, 1-based column in characters, and how many characters
/// to underline (1 for a value that runs over several lines).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub line: usize,
    pub column: usize,
    pub len: usize,
}

/// The positions of one file's values, by path.
#[derive(Clone, Debug, Default)]
pub struct Spans {
    nodes: Vec<Node>,
}

#[derive(Clone, Debug)]
struct Node {
    /// The key as written, for entries of a mapping; `None` for list items and the root.
    name: Option<String>,
    key: Option<Span>,
    value: Span,
    /// In the order written: mapping entries or list items.
    children: Vec<usize>,
}

impl Spans {
    /// The top of the file, for lookups such as `spans.root().key("period").value()`.
    pub fn root(&self) -> At<'_> {
        At {
            spans: self,
            node: (!self.nodes.is_empty()).then_some(0),
        }
    }

    /// Adds a value under `parent` (the root when `None`, which must come first) and returns
    /// its id, for the loader.
    pub fn push(
        &mut self,
        parent: Option<usize>,
        key: Option<(String, Span)>,
        value: Span,
    ) -> usize {
        let id = self.nodes.len();
        let (name, key) = match key {
            Some((name, span)) => (Some(name), Some(span)),
            None => (None, None),
        };
        self.nodes.push(Node {
            name,
            key,
            value,
            children: Vec::new(),
        });
        if let Some(parent) = parent.and_then(|p| self.nodes.get_mut(p)) {
            parent.children.push(id);
        }
        id
    }

    /// Sets the value's span once its end is known (a mapping or list, after its last item).
    pub fn set_value(&mut self, id: usize, value: Span) {
        if let Some(node) = self.nodes.get_mut(id) {
            node.value = value;
        }
    }
}

/// A place in the tree, or nowhere (a path that was not written, or positions unknown);
/// lookups through nowhere stay nowhere.
#[derive(Clone, Copy, Debug)]
pub struct At<'a> {
    spans: &'a Spans,
    node: Option<usize>,
}

impl<'a> At<'a> {
    fn get(&self) -> Option<&'a Node> {
        self.spans.nodes.get(self.node?)
    }

    /// The mapping entry written as `name`.
    pub fn key(self, name: &str) -> At<'a> {
        let node = self.get().and_then(|n| {
            n.children
                .iter()
                .copied()
                .find(|&c| self.spans.nodes[c].name.as_deref() == Some(name))
        });
        At { node, ..self }
    }

    /// The `i`th list item, or the `i`th mapping entry in the order written.
    pub fn nth(self, i: usize) -> At<'a> {
        let node = self.get().and_then(|n| n.children.get(i).copied());
        At { node, ..self }
    }

    /// The id of this place, for the loader.
    pub fn id(self) -> Option<usize> {
        self.node
    }

    pub fn exists(self) -> bool {
        self.node.is_some()
    }

    /// Where the value is written.
    pub fn value(self) -> Option<Span> {
        self.get().map(|n| n.value)
    }

    /// Where the key of a mapping entry is written (the value for list items).
    pub fn key_span(self) -> Option<Span> {
        self.get().map(|n| n.key.unwrap_or(n.value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: usize, column: usize) -> Span {
        Span {
            line,
            column,
            len: 1,
        }
    }

    #[test]
    fn finds_values_by_key_and_index() {
        let mut s = Spans::default();
        let root = s.push(None, None, at(1, 1));
        let list = s.push(Some(root), Some(("new".into(), at(2, 1))), at(2, 6));
        s.push(Some(list), None, at(3, 5));
        s.push(Some(list), None, at(4, 5));
        assert_eq!(s.root().key("new").nth(1).value(), Some(at(4, 5)));
        assert_eq!(s.root().key("new").key_span(), Some(at(2, 1)));
        assert_eq!(s.root().nth(0).value(), Some(at(2, 6)));
        assert_eq!(s.root().key("old").nth(0).value(), None);
        assert_eq!(Spans::default().root().key("new").value(), None);
    }
}
