//! Makes the HTML that goes to the sanitizer cheap to parse: every element closed in order, none
//! nested deeper than [`MAX_DEPTH`]. html5ever's tree builder looks through the open elements
//! (and the open formatting elements) for nearly every tag, so 300,000 unclosed `<div>` cost it
//! minutes; on balanced, bounded HTML each tag costs it at most `MAX_DEPTH` steps.
//!
//! What html5ever parses is this module's output, so the bound holds however this module reads
//! its input: a tag it does not recognise is written out as text (`&lt;`), a recognised one as it
//! was, and every element it opened it closes itself.

/// How deep elements may nest in a page body that holds raw HTML; deeper start tags (and their
/// end tags) are left out, their content kept. Content nests a dozen levels at most.
pub const MAX_DEPTH: usize = 64;

/// `html`, balanced and bounded. Well-formed HTML within the bound comes back unchanged, except
/// that comments and `<!…>`/`<?…>` declarations are dropped (the sanitizer drops them anyway).
pub fn balance(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut open = Open::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        rest = &rest[lt..];
        if let Some(len) = declaration(rest) {
            rest = &rest[len..];
            continue;
        }
        match tag(rest) {
            Some(tag) => {
                open.take(&tag, &rest[..tag.len], &mut out);
                rest = &rest[tag.len..];
            }
            None => {
                out.push_str("&lt;");
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    open.close_all(&mut out);
    out
}

/// Elements without an end tag (in HTML; inside `<svg>` and `<math>` any element may have one).
const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Pairs where a start tag of the first closes an open element of the second when that element
/// is the innermost one: html5ever always does so, and so no end tag is written for it.
const CLOSES: &[(&str, &[&str])] = &[
    ("p", &["p"]),
    ("li", &["li"]),
    ("dt", &["dt", "dd"]),
    ("dd", &["dt", "dd"]),
    ("option", &["option"]),
    ("tr", &["tr"]),
    ("td", &["td", "th"]),
    ("th", &["td", "th"]),
];

/// The elements this module has opened and not closed, innermost last.
#[derive(Default)]
struct Open {
    names: Vec<String>,
    /// How many of them are `svg` or `math`, inside which html5ever has no void elements and
    /// closes nothing implicitly.
    foreign: usize,
}

impl Open {
    fn take(&mut self, tag: &Tag, written: &str, out: &mut String) {
        if tag.end {
            self.end(&tag.name, written, out);
            return;
        }
        if self.foreign == 0 {
            if VOID.contains(&tag.name.as_str()) {
                out.push_str(written);
                return;
            }
            let closed_by_this = CLOSES
                .iter()
                .find(|(name, _)| *name == tag.name)
                .is_some_and(|(_, closes)| {
                    self.names
                        .last()
                        .is_some_and(|top| closes.contains(&top.as_str()))
                });
            if closed_by_this {
                self.pop();
            }
        }
        if self.names.len() >= MAX_DEPTH {
            return;
        }
        out.push_str(written);
        if matches!(tag.name.as_str(), "svg" | "math") {
            self.foreign += 1;
        }
        self.names.push(tag.name.clone());
    }

    /// Closes the innermost open element named `name` and everything inside it. An end tag
    /// that matches nothing is passed on: html5ever ignores it or closes an element it made
    /// up itself (such as the `<tbody>` of a table), which only makes its work smaller.
    fn end(&mut self, name: &str, written: &str, out: &mut String) {
        let Some(at) = self.names.iter().rposition(|n| n == name) else {
            out.push_str(written);
            return;
        };
        while self.names.len() > at + 1 {
            self.close_innermost(out);
        }
        self.pop();
        out.push_str(written);
    }

    fn close_all(&mut self, out: &mut String) {
        while !self.names.is_empty() {
            self.close_innermost(out);
        }
    }

    fn close_innermost(&mut self, out: &mut String) {
        if let Some(name) = self.pop() {
            out.push_str("</");
            out.push_str(&name);
            out.push('>');
        }
    }

    fn pop(&mut self) -> Option<String> {
        let name = self.names.pop()?;
        if matches!(name.as_str(), "svg" | "math") {
            self.foreign -= 1;
        }
        Some(name)
    }
}

/// A start or end tag, as read by [`tag`].
#[derive(Debug, PartialEq)]
struct Tag {
    /// Lower case, as html5ever names elements.
    name: String,
    end: bool,
    /// Bytes, from the `<` to the `>`.
    len: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

/// The tag at the start of `s`, read strictly: a name of letters, digits and `-`; attributes
/// whose names hold none of `"'<>/=` and whose values are quoted or plain words; an optional
/// `/` just before the `>`. html5ever reads every such tag the same way; anything else is not
/// taken as a tag here and so is written out as text.
fn tag(s: &str) -> Option<Tag> {
    let b = s.as_bytes();
    let end = b.get(1) == Some(&b'/');
    let start = if end { 2 } else { 1 };
    if !b.get(start)?.is_ascii_alphabetic() {
        return None;
    }
    let mut i = start;
    while b
        .get(i)
        .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
    {
        i += 1;
    }
    let name = s[start..i].to_ascii_lowercase();
    if end {
        while b.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        return (b.get(i) == Some(&b'>')).then(|| Tag {
            name,
            end,
            len: i + 1,
        });
    }
    let len = attributes(b, i)?;
    Some(Tag { name, end, len })
}

/// Reads the attributes of a start tag from `i` (just after its name) to its `>`; returns the
/// length of the whole tag.
fn attributes(b: &[u8], mut i: usize) -> Option<usize> {
    let not_name = |c: u8| is_space(c) || matches!(c, b'"' | b'\'' | b'<' | b'>' | b'/' | b'=');
    loop {
        // After the name or a value there must be a space, `/>` or `>`.
        let spaced = b.get(i).copied().is_some_and(is_space);
        while b.get(i).copied().is_some_and(is_space) {
            i += 1;
        }
        match b.get(i)? {
            b'>' => return Some(i + 1),
            b'/' => return (b.get(i + 1) == Some(&b'>')).then_some(i + 2),
            _ if !spaced => return None,
            _ => {}
        }
        let name_start = i;
        while b.get(i).is_some_and(|c| !not_name(*c)) {
            i += 1;
        }
        if i == name_start {
            return None;
        }
        let mut j = i;
        while b.get(j).copied().is_some_and(is_space) {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            continue;
        }
        j += 1;
        while b.get(j).copied().is_some_and(is_space) {
            j += 1;
        }
        i = value(b, j)?;
    }
}

/// The end of the attribute value starting at `i`.
fn value(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        quote @ (b'"' | b'\'') => {
            let close = b[i + 1..].iter().position(|c| c == quote)?;
            Some(i + 1 + close + 1)
        }
        _ => {
            let plain = b[i..]
                .iter()
                .take_while(|c| {
                    !is_space(**c) && !matches!(c, b'"' | b'\'' | b'=' | b'<' | b'>' | b'`')
                })
                .count();
            (plain > 0).then_some(i + plain)
        }
    }
}

/// The length of a comment or a `<!…>`/`<?…>` declaration at the start of `s`, ended where
/// html5ever ends it (or at the end of the text).
fn declaration(s: &str) -> Option<usize> {
    if let Some(body) = s.strip_prefix("<!--") {
        for empty in [">", "->"] {
            if body.starts_with(empty) {
                return Some(4 + empty.len());
            }
        }
        let end = ["-->", "--!>"]
            .iter()
            .filter_map(|close| body.find(close).map(|at| at + close.len()))
            .min()
            .unwrap_or(body.len());
        return Some(4 + end);
    }
    if s.starts_with("<!") || s.starts_with("<?") {
        return Some(s.find('>').map_or(s.len(), |at| at + 1));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_well_formed_html_alone() {
        for html in [
            "<p>a <em>b</em> <a href=\"x?a=1&amp;b=2\" title='t > u'>c</a></p>\n",
            "<ul>\n<li>one<br>two</li>\n<li><img src=\"p.png\" alt=\"\" /></li>\n</ul>\n",
            "<table><thead><tr><th style=\"text-align: left\">h</th></tr></thead></table>",
            "<details><summary>More</summary><div id=x data-a=1 hidden>Hidden</div></details>",
            "a < b > c &amp; d",
        ] {
            let want = html.replace("a < b", "a &lt; b");
            assert_eq!(balance(html), want, "{html}");
        }
    }

    #[test]
    fn closes_what_is_left_open_in_order() {
        assert_eq!(balance("<div><b>x</div>y"), "<div><b>x</b></div>y");
        assert_eq!(balance("<div><span>"), "<div><span></span></div>");
        assert_eq!(balance("a</span>b"), "a</span>b");
        assert_eq!(
            balance("<ul><li>a<li>b</ul><p>c<p>d"),
            "<ul><li>a<li>b</li></ul><p>c<p>d</p>"
        );
        assert_eq!(
            balance("<svg><option><option>"),
            "<svg><option><option></option></option></svg>"
        );
    }

    #[test]
    fn leaves_out_tags_past_the_depth_limit_and_keeps_their_text() {
        let deep = format!("{}text{}", "<div>".repeat(300), "</div>".repeat(300));
        let out = balance(&deep);
        assert_eq!(out.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), 300);
        assert!(out.contains("text"));
        let unclosed = balance(&"<div>".repeat(10_000));
        assert_eq!(unclosed.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(unclosed.matches("</div>").count(), MAX_DEPTH);
    }

    #[test]
    fn writes_what_is_not_a_plain_tag_as_text() {
        for (html, want) in [
            ("<div\"x>", "&lt;div\"x>"),
            ("<a href=\"x\"title=y>", "&lt;a href=\"x\"title=y>"),
            ("<a b=`c`>", "&lt;a b=`c`>"),
            ("<a / >", "&lt;a / >"),
            ("<a href=\"never closed>", "&lt;a href=\"never closed>"),
            ("</a b>", "&lt;/a b>"),
            ("<1>", "&lt;1>"),
            ("<", "&lt;"),
        ] {
            assert_eq!(balance(html), want, "{html}");
        }
    }

    #[test]
    fn drops_comments_where_html5ever_ends_them() {
        assert_eq!(balance("a<!-- x -->b"), "ab");
        assert_eq!(balance("a<!-->b"), "ab");
        assert_eq!(balance("a<!--->b"), "ab");
        assert_eq!(balance("a<!-- x --!>b"), "ab");
        assert_eq!(balance("a<!-- never"), "a");
        assert_eq!(balance("a<!DOCTYPE html>b<?php x ?>c"), "abc");
    }
}
