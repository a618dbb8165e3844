//! The position-aware pass over the YAML: saphyr-parser's events carry where each key and
//! value starts and ends, which serde_yaml's tree does not, so this pass records a span for
//! every path. One walk over the events, no searching of the text.

use crate::model::{Span, Spans};
use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span as Range};
use std::collections::HashSet;

/// The spans of one YAML text, and where its plain scalars are.
#[derive(Debug, Default)]
pub(super) struct Index {
    pub spans: Spans,
    /// Byte range of each plain scalar, by node id: the value exactly as written, for a field
    /// that wants text where serde_yaml read a number or a boolean (`period: 2024.10`).
    pub plain: Vec<Option<std::ops::Range<usize>>>,
}

/// Why the pass stopped before the end.
#[derive(Debug, PartialEq)]
pub(super) enum Stop {
    /// The parser's own description and position, and the innermost `[` or `{` still open.
    Syntax {
        message: String,
        at: Span,
        /// In characters from the start of the YAML.
        index: usize,
        open: Option<(char, Span)>,
    },
    Duplicate {
        key: String,
        at: Span,
    },
    SecondDocument {
        at: Span,
    },
    /// Lists and mappings open past [`MAX_DEPTH`]: the pass stops at the first one too many.
    TooDeep {
        at: Span,
    },
    /// A value whose escapes make a character no text may hold (the raw text was checked when
    /// it was read): the character, and the escape's position when there is one.
    Refused {
        found: char,
        escape: Option<(String, Span)>,
        at: Span,
    },
}

/// Lists and mappings may nest this deep in any YAML grantsite reads; content needs four or
/// five levels. YAML scanners (libyaml, behind serde_yaml, and this one) spend time in
/// proportion to the open depth on every token, so 150,000 `[` take most of a minute; this
/// pass runs first and stops at the limit, so the cost stays linear.
pub const MAX_DEPTH: usize = 32;

/// saphyr-parser's message when `[` and `{` nest past its scanner's limit; a unit test below
/// keeps it in step with the pinned version.
const FLOW_LIMIT: &str = "recursion limit exceeded";

enum Frame {
    Map {
        id: usize,
        start: Range,
        flow: bool,
        /// The key read, waiting for its value.
        key: Option<(String, Span)>,
        seen: HashSet<String>,
    },
    Seq {
        id: usize,
        start: Range,
        flow: bool,
    },
    /// A mapping or list used as a key (`? [a, b]: c`): nothing inside it is a path.
    ComplexKey {
        depth: usize,
        start: Range,
    },
}

struct Builder<'a> {
    yaml: &'a str,
    first_line: usize,
    index: Index,
    stack: Vec<Frame>,
    /// Char index -> byte index, moving forward only: events come in the order written.
    cursor: (usize, usize),
    /// Lists and mappings open, keys that are collections included.
    depth: usize,
}

/// Indexes `yaml`, which starts on 1-based line `first_line` of its file.
pub(super) fn index(yaml: &str, first_line: usize) -> Result<Index, Stop> {
    let mut b = Builder {
        yaml,
        first_line,
        index: Index::default(),
        stack: Vec::new(),
        cursor: (0, 0),
        depth: 0,
    };
    let mut documents = 0;
    for event in Parser::new_from_str(yaml) {
        let (event, range) = match event {
            Ok(e) => e,
            Err(e) => {
                let mark = *e.marker();
                // The scanner's own bound on `[`/`{` depth (255), reached before any event of
                // the nesting comes out: the same refusal as a depth past MAX_DEPTH, and
                // serde_yaml must not read the file either.
                if e.info() == FLOW_LIMIT {
                    return Err(Stop::TooDeep {
                        at: b.span(Range::empty(mark)),
                    });
                }
                return Err(Stop::Syntax {
                    message: e.info().to_string(),
                    at: b.span(Range::empty(mark)),
                    index: mark.index(),
                    open: b.open_flow(),
                });
            }
        };
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(Stop::SecondDocument { at: b.span(range) });
                }
            }
            Event::Scalar(text, style, ..) => b.scalar(&text, style, range)?,
            Event::Alias(_) => b.scalar("", ScalarStyle::SingleQuoted, range)?,
            Event::MappingStart(..) => b.open(true, range)?,
            Event::SequenceStart(..) => b.open(false, range)?,
            Event::MappingEnd | Event::SequenceEnd => b.close(range),
            _ => {}
        }
    }
    Ok(b.index)
}

impl Builder<'_> {
    fn span(&self, r: Range) -> Span {
        let len = if r.end.line() == r.start.line() {
            r.end.col().saturating_sub(r.start.col())
        } else {
            1
        };
        Span {
            line: r.start.line() + self.first_line - 1,
            column: r.start.col() + 1,
            len,
        }
    }

    fn byte_at(&mut self, char_index: usize) -> usize {
        if char_index < self.cursor.0 {
            self.cursor = (0, 0);
        }
        let (chars, bytes) = self.cursor;
        let skip = char_index - chars;
        let offset = self.yaml[bytes..]
            .char_indices()
            .nth(skip)
            .map_or(self.yaml.len() - bytes, |(i, _)| i);
        self.cursor = (char_index, bytes + offset);
        bytes + offset
    }

    /// Where a new value goes: its parent and key, or `None` when it is itself a key.
    fn place(&mut self, text: Option<&str>, range: Range) -> Result<Option<Place>, Stop> {
        let span = self.span(range);
        match self.stack.last_mut() {
            None => Ok(Some(Place {
                parent: None,
                key: None,
            })),
            Some(Frame::Seq { id, .. }) => Ok(Some(Place {
                parent: Some(*id),
                key: None,
            })),
            Some(Frame::ComplexKey { .. }) => Ok(None),
            Some(Frame::Map { id, key, seen, .. }) => match key.take() {
                Some(key) => Ok(Some(Place {
                    parent: Some(*id),
                    key: Some(key),
                })),
                None => {
                    let name = text.unwrap_or_default().to_string();
                    if text.is_some() && !seen.insert(name.clone()) {
                        return Err(Stop::Duplicate {
                            key: name,
                            at: span,
                        });
                    }
                    *key = Some((name, span));
                    Ok(None)
                }
            },
        }
    }

    fn scalar(&mut self, text: &str, style: ScalarStyle, range: Range) -> Result<(), Stop> {
        let source = self.byte_at(range.start.index())..self.byte_at(range.end.index());
        if let Some(found) = crate::load::text::first_refused(text) {
            let written = self.yaml.get(source).unwrap_or_default();
            return Err(self.refused(found.char, written, range));
        }
        let Some(place) = self.place(Some(text), range)? else {
            return Ok(());
        };
        let plain = (style == ScalarStyle::Plain).then_some(source);
        let span = self.span(range);
        self.index.spans.push(place.parent, place.key, span);
        self.index.plain.push(plain);
        Ok(())
    }

    fn open(&mut self, map: bool, range: Range) -> Result<(), Stop> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Stop::TooDeep {
                at: Span {
                    len: 1,
                    ..self.span(range)
                },
            });
        }
        if let Some(Frame::ComplexKey { depth, .. }) = self.stack.last_mut() {
            *depth += 1;
            return Ok(());
        }
        let flow = !range.is_empty();
        let Some(place) = self.place(None, range)? else {
            self.stack.push(Frame::ComplexKey {
                depth: 1,
                start: range,
            });
            return Ok(());
        };
        let id = self
            .index
            .spans
            .push(place.parent, place.key, self.span(range));
        self.index.plain.push(None);
        self.stack.push(if map {
            Frame::Map {
                id,
                start: range,
                flow,
                key: None,
                seen: HashSet::new(),
            }
        } else {
            Frame::Seq {
                id,
                start: range,
                flow,
            }
        });
        Ok(())
    }

    /// A scalar holding a refused character, pointed at the escape that makes it.
    fn refused(&self, found: char, written: &str, range: Range) -> Stop {
        let at = self.span(range);
        let escape = refused_escape(written).map(|(offset, escape)| {
            let before = &written[..offset];
            let lines = before.matches('\n').count();
            let column = match before.rfind('\n') {
                Some(nl) => before[nl + 1..].chars().count() + 1,
                None => at.column + before.chars().count(),
            };
            let len = escape.chars().count();
            let span = Span {
                line: at.line + lines,
                column,
                len,
            };
            (escape, span)
        });
        Stop::Refused { found, escape, at }
    }

    fn close(&mut self, end: Range) {
        self.depth = self.depth.saturating_sub(1);
        match self.stack.pop() {
            Some(Frame::ComplexKey { depth, start }) if depth > 1 => {
                self.stack.push(Frame::ComplexKey {
                    depth: depth - 1,
                    start,
                });
            }
            Some(Frame::ComplexKey { start, .. }) => {
                let key = (String::new(), self.span(start));
                if let Some(Frame::Map { key: slot, .. }) = self.stack.last_mut() {
                    *slot = Some(key);
                }
            }
            Some(Frame::Map {
                id, start, flow, ..
            })
            | Some(Frame::Seq { id, start, flow }) => {
                // A block collection's end event sits at the next token; a flow one's is its
                // closing bracket (the event's span may run on over a comment).
                let m = end.start;
                let end = if flow {
                    Marker::new(m.index() + 1, m.line(), m.col() + 1)
                } else {
                    start.start
                };
                let span = self.span(Range::new(start.start, end));
                self.index.spans.set_value(id, span);
            }
            None => {}
        }
    }

    fn open_flow(&self) -> Option<(char, Span)> {
        self.stack.iter().rev().find_map(|f| match f {
            Frame::Map {
                start, flow: true, ..
            } => Some(('{', self.span(*start))),
            Frame::Seq {
                start, flow: true, ..
            } => Some(('[', self.span(*start))),
            _ => None,
        })
    }
}

struct Place {
    parent: Option<usize>,
    key: Option<(String, Span)>,
}

/// The byte offset and text of the first escape in a double-quoted value's source that stands
/// for a refused character (`\x0c`, `\e`, `\u0000`).
fn refused_escape(source: &str) -> Option<(usize, String)> {
    let mut chars = source.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let (_, kind) = chars.next()?;
        let hex_digits = match kind {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        let value = if hex_digits == 0 {
            match kind {
                '0' => Some('\0'),
                'a' => Some('\u{7}'),
                'b' => Some('\u{8}'),
                'v' => Some('\u{b}'),
                'f' => Some('\u{c}'),
                'r' => Some('\r'),
                'e' => Some('\u{1b}'),
                'N' => Some('\u{85}'),
                _ => None,
            }
        } else {
            let digits: String = chars.by_ref().take(hex_digits).map(|(_, c)| c).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        if value.is_some_and(crate::load::text::is_refused) {
            let end = at + 1 + kind.len_utf8() + hex_digits;
            return Some((at, source.get(at..end).unwrap_or_default().to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    #[test]
    fn stops_at_the_depth_limit_in_linear_time() {
        // Past the scanner's own limit (255 `[`), then between MAX_DEPTH and it, then blocks.
        let flow = format!("okrs: {}\n", "[".repeat(150_000));
        let moderate = format!("okrs: {}{}\n", "[".repeat(40), "]".repeat(40));
        let mut block = String::from("a:\n");
        for level in 1..40 {
            block += &format!("{}- \n", "  ".repeat(level));
        }
        for yaml in [flow, moderate, block] {
            let started = std::time::Instant::now();
            assert!(
                matches!(super::index(&yaml, 1), Err(super::Stop::TooDeep { .. })),
                "{}",
                &yaml[..40]
            );
            assert!(started.elapsed() < std::time::Duration::from_secs(2));
        }
        let shallow = format!("okrs: {}{}\n", "[".repeat(30), "]".repeat(30));
        assert!(super::index(&shallow, 1).is_ok());
    }

    use super::*;

    fn at(line: usize, column: usize, len: usize) -> Option<Span> {
        Some(Span { line, column, len })
    }

    #[test]
    fn spans_nested_mappings_and_lists() {
        let yaml = "title: x\nengagements:\n  new:\n    - a\n    - grantee: b\n      note: c\n";
        let ix = index(yaml, 2).unwrap();
        let root = ix.spans.root();
        assert_eq!(root.key("title").key_span(), at(2, 1, 5));
        assert_eq!(root.key("title").value(), at(2, 8, 1));
        let new = root.key("engagements").key("new");
        assert_eq!(new.nth(0).value(), at(5, 7, 1));
        assert_eq!(new.nth(1).key("grantee").value(), at(6, 16, 1));
        assert_eq!(new.nth(1).key("note").key_span(), at(7, 7, 4));
    }

    #[test]
    fn spans_flow_style_to_the_closing_bracket() {
        let yaml = "kind: [a, b]   # note\nokrs: {KR1.1: On target, \"KR 1.2\": {status: done}}\n";
        let ix = index(yaml, 1).unwrap();
        let root = ix.spans.root();
        assert_eq!(root.key("kind").value(), at(1, 7, 6));
        assert_eq!(root.key("kind").nth(1).value(), at(1, 11, 1));
        let okrs = root.key("okrs");
        assert_eq!(okrs.nth(0).value(), at(2, 15, 9));
        // A key written loosely and quoted is found as written.
        assert_eq!(okrs.key("KR 1.2").key_span(), at(2, 26, 8));
        assert_eq!(okrs.nth(1).key_span(), at(2, 26, 8));
        assert_eq!(okrs.key("KR 1.2").key("status").value(), at(2, 45, 4));
    }

    #[test]
    fn spans_multi_line_scalars_from_their_first_line() {
        let yaml = "text: |\n  one\n  two\nsummary: a long\n  folded line\nnext: é1\n";
        let ix = index(yaml, 2).unwrap();
        let root = ix.spans.root();
        assert_eq!(root.key("text").value(), at(3, 3, 1));
        assert_eq!(root.key("summary").value(), at(5, 10, 1));
        // Columns and plain ranges count characters and bytes respectively.
        let next = root.key("next");
        assert_eq!(next.value(), at(7, 7, 2));
        let range = ix.plain[next.id().unwrap()].clone().unwrap();
        assert_eq!(&yaml[range], "é1");
    }

    #[test]
    fn keeps_plain_scalars_as_written() {
        let yaml = "period: 2024.10\ntitle: '007'\n";
        let ix = index(yaml, 1).unwrap();
        let period = ix.spans.root().key("period").id().unwrap();
        let title = ix.spans.root().key("title").id().unwrap();
        assert_eq!(ix.plain[period].clone().map(|r| &yaml[r]), Some("2024.10"));
        assert_eq!(ix.plain[title], None);
    }

    #[test]
    fn stops_at_duplicates_second_documents_and_syntax_errors() {
        let err = index("name: a\ntags: [x]\nname: b\n", 1).unwrap_err();
        assert_eq!(
            err,
            Stop::Duplicate {
                key: "name".into(),
                at: Span {
                    line: 3,
                    column: 1,
                    len: 4
                }
            }
        );
        let err = index("# c\nname: x\n---\nname: y\n", 1).unwrap_err();
        assert!(matches!(err, Stop::SecondDocument { at } if at.line == 3));
        let Stop::Syntax { open, .. } = index("name: x\ntags: [a, b\n", 1).unwrap_err() else {
            panic!("a syntax error")
        };
        assert_eq!(
            open,
            Some((
                '[',
                Span {
                    line: 2,
                    column: 7,
                    len: 1
                }
            ))
        );
    }

    #[test]
    fn skips_complex_keys_and_records_aliases() {
        let yaml = "? [a, b]\n: x\nc: &a [1]\nd: *a\n";
        let ix = index(yaml, 1).unwrap();
        let root = ix.spans.root();
        assert_eq!(root.nth(0).value(), at(2, 3, 1));
        assert_eq!(root.key("d").value(), at(4, 4, 2));
        assert!(!root.key("d").nth(0).exists());
    }
}
