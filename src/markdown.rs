//! Markdown, the way grantsite reads it everywhere: one set of extensions (tables, footnotes,
//! strikethrough, task lists), heading ids for anchors, links between content files rewritten
//! to the pages they become, and raw HTML sanitized, because grantees' Markdown is untrusted.

mod balance;

use crate::model::{LinkRef, Outline, Slug};
use crate::urls::{self, SiteUrls};
use pulldown_cmark::{CowStr, Event, LinkType, Options, Parser, Tag, TagEnd};
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// What a relative link is resolved against.
pub struct LinkContext<'a> {
    pub base_url: &'a str,
    /// Site-relative path of the file the Markdown came from.
    pub source: &'a str,
    pub urls: &'a SiteUrls,
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    // No `<input>`: task-list boxes are drawn as text below, so a grantee cannot put a
    // password box or other form control on the page.
    b.add_tags(["details", "summary", "section"])
        .add_tag_attributes("div", ["id"])
        .add_tag_attributes("li", ["id"])
        .add_tag_attributes("img", ["loading"])
        .add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"])
        .add_allowed_classes("div", ["footnote-definition"])
        .add_allowed_classes("section", ["footnotes"])
        .link_rel(Some("noopener noreferrer"));
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        b.add_tag_attributes(h, ["id"]);
    }
    b
});

/// Renders Markdown to sanitized HTML.
pub fn to_html(markdown: &str, links: &LinkContext) -> String {
    render(markdown, links, None, None)
}

/// Renders a page body whose first heading is already shown as the page's title: that
/// heading is left out, so it does not appear twice.
pub fn to_html_under_title(markdown: &str, links: &LinkContext, title: &str) -> String {
    render(markdown, links, Some(title), None)
}

/// `to_html_under_title`, and the body's plain text (`to_plain_text`'s, with the same words)
/// read from the same parse: the search index takes an update's text from its page.
pub fn to_html_and_text(markdown: &str, links: &LinkContext, title: &str) -> (String, String) {
    let mut text = String::new();
    let html = render(markdown, links, Some(title), Some(&mut text));
    (html, text)
}

fn render(
    markdown: &str,
    links: &LinkContext,
    title: Option<&str>,
    text: Option<&mut String>,
) -> String {
    let markdown = &*forgive_unspaced_headings(markdown);
    let mut events: Vec<Event> = Parser::new_ext(markdown, options()).collect();
    // The whole body's text, before the title is taken out.
    if let Some(text) = text {
        let mut plain = PlainText::with_capacity(markdown.len());
        events.iter().for_each(|event| plain.push(event));
        *text = plain.finish();
    }
    // Ids first, so they match `heading_ids` (what the link checker knows) either way.
    add_heading_ids(&mut events);
    if let Some(title) = title {
        drop_leading_heading(&mut events, title);
    }
    for event in &mut events {
        if let Event::TaskListMarker(done) = event {
            *event = Event::Text(CowStr::from(if *done { "☑ " } else { "☐ " }));
            continue;
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if let Some(rewritten) = rewrite(dest_url, links) {
                *dest_url = CowStr::from(rewritten);
            }
        }
    }
    // pulldown-cmark escapes text and attributes itself and link schemes are vetted above,
    // so only raw HTML needs the (costly) sanitizer. It gets the whole body, balanced first:
    // deep Markdown nesting becomes deep HTML too.
    let raw_html = events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)));
    let mut html = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    if raw_html {
        SANITIZER.clean(&balance::balance(&html)).to_string()
    } else {
        html
    }
}

fn drop_leading_heading(events: &mut Vec<Event>, title: &str) {
    if !matches!(events.first(), Some(Event::Start(Tag::Heading { .. }))) {
        return;
    }
    if heading_text(&events[1..]).trim() != title.trim() {
        return;
    }
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
        .map_or(0, |i| i + 1);
    events.drain(..end);
}

/// Renders a short piece (a title, a note) without the paragraph around it.
pub fn to_inline_html(markdown: &str, links: &LinkContext) -> String {
    let html = to_html(markdown, links);
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|h| h.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => html,
    }
}

/// Where a link points on the built site, if grantsite knows better than the author's text:
/// a link to another content file becomes a link to its page, and `/path` respects base_url.
fn rewrite(dest: &str, links: &LinkContext) -> Option<String> {
    if !is_safe_scheme(dest) {
        return Some("#".to_string());
    }
    if dest.is_empty() || dest.starts_with('#') || has_scheme(dest) || dest.starts_with("//") {
        return None;
    }
    let (path, fragment) = split_fragment(dest);
    if let Some(rooted) = path.strip_prefix('/') {
        return Some(format!("{}{rooted}{fragment}", links.base_url));
    }
    let target = resolve(links.source, path, links.urls)?;
    Some(format!("{}{target}{fragment}", links.base_url))
}

/// The output path a relative link in `source` leads to, if it names a content file (or an
/// engagement folder).
pub fn resolve<'u>(source: &str, path: &str, urls: &'u SiteUrls) -> Option<&'u str> {
    let resolved = urls::resolve_relative(source, &urls::percent_decode(path))?;
    urls.for_source(&resolved).or_else(|| {
        let folder = resolved.trim_end_matches('/');
        PROFILE_SPELLINGS
            .iter()
            .flat_map(|name| PROFILE_EXTENSIONS.iter().map(move |ext| (name, ext)))
            .find_map(|(name, ext)| urls.for_source(&format!("{folder}/{name}{ext}")))
    })
}

/// How engagement profiles are spelled in real trees (the loader accepts any case and
/// spacing of `readme`; these are the spellings seen), for links to an engagement's folder.
const PROFILE_SPELLINGS: [&str; 8] = [
    "README", "READ ME", "Read Me", "readme", "Readme", "ReadMe", "read me", "Read me",
];
const PROFILE_EXTENSIONS: [&str; 4] = [".md", "", ".markdown", ".txt"];

/// Schemes a link or image from content may use; `javascript:`, `data:`, `vbscript:` and the
/// like become `#`.
const SAFE_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "tel", "ftp", "ftps", "irc", "ircs", "xmpp", "sms", "geo", "magnet",
    "webcal",
];

/// Whether a destination is a relative link or uses a safe scheme. Browsers drop tabs and
/// newlines from URLs before reading the scheme, so they are dropped here too.
fn is_safe_scheme(dest: &str) -> bool {
    let cleaned: String = dest
        .chars()
        .filter(|c| !c.is_ascii_control() && !c.is_whitespace())
        .collect();
    if !has_scheme(&cleaned) {
        return true;
    }
    let scheme = cleaned
        .split(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    SAFE_SCHEMES.contains(&scheme.as_str())
}

pub fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

pub fn split_fragment(dest: &str) -> (&str, &str) {
    match dest.find(['#', '?']) {
        Some(at) => dest.split_at(at),
        None => (dest, ""),
    }
}

/// Grantees write `#Title` for a heading, and grantsite reads an update's title and period from
/// it, so it renders as one too: a top-level paragraph line made of one to six `#` and then
/// anything but a space or a digit gets its space. `#1234` (an issue) stays text, and so does
/// anything in code, lists and quotes.
pub fn forgive_unspaced_headings(markdown: &str) -> Cow<'_, str> {
    // Nearly every file has none: a scan saves parsing it to find out.
    if !has_unspaced_heading(markdown) {
        return Cow::Borrowed(markdown);
    }
    let mut inserts = Vec::new();
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(markdown, options()).into_offset_iter() {
        match event {
            Event::Start(
                Tag::BlockQuote(_) | Tag::List(_) | Tag::Item | Tag::FootnoteDefinition(_),
            ) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_) | TagEnd::List(_) | TagEnd::Item | TagEnd::FootnoteDefinition,
            ) => depth = depth.saturating_sub(1),
            Event::Start(Tag::Paragraph) if depth == 0 => {
                let mut at = range.start;
                for line in markdown[range].split_inclusive('\n') {
                    if let Some(offset) = unspaced_heading_marker(line) {
                        inserts.push(at + offset);
                    }
                    at += line.len();
                }
            }
            _ => {}
        }
    }
    if inserts.is_empty() {
        return Cow::Borrowed(markdown);
    }
    let mut out = String::with_capacity(markdown.len() + inserts.len());
    let mut from = 0;
    for at in inserts {
        out.push_str(&markdown[from..at]);
        out.push(' ');
        from = at;
    }
    out.push_str(&markdown[from..]);
    Cow::Owned(out)
}

/// Whether a line of `markdown` is `#Title`. Only the `#`s are visited, not every line: a
/// marker is a `#` with at most three spaces between it and the start of its line.
fn has_unspaced_heading(markdown: &str) -> bool {
    let bytes = markdown.as_bytes();
    markdown.match_indices('#').any(|(at, _)| {
        let mut start = at;
        while start > 0 && at - start < 3 && bytes[start - 1] == b' ' {
            start -= 1;
        }
        (start == 0 || bytes[start - 1] == b'\n')
            && unspaced_heading_marker(&markdown[start..]).is_some()
    })
}

/// Where the space goes in `#Title` (after the `#`s), if the line is one.
fn unspaced_heading_marker(line: &str) -> Option<usize> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let marked = &line[indent..];
    let level = marked.len() - marked.trim_start_matches('#').len();
    let next = marked[level..].chars().next()?;
    (indent <= 3 && (1..=6).contains(&level) && !next.is_whitespace() && !next.is_ascii_digit())
        .then_some(indent + level)
}

/// Gives every heading an id made from its text, unique within the document.
fn add_heading_ids(events: &mut [Event]) {
    let mut ids = HeadingIds::default();
    for i in 0..events.len() {
        if !matches!(&events[i], Event::Start(Tag::Heading { .. })) {
            continue;
        }
        let new_id = ids.unique(&heading_text(&events[i + 1..]));
        if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
            *id = Some(CowStr::from(new_id));
        }
    }
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// The ids given so far in one document.
#[derive(Default)]
struct HeadingIds {
    taken: HashSet<String>,
    /// The next number to try after each id text: each id is tried at most once per text, so
    /// n headings cost linear time even when their texts end in numbers (`Same 1`, `Same`).
    next: HashMap<String, usize>,
}

impl HeadingIds {
    fn unique(&mut self, text: &str) -> String {
        let base = Slug::from_name(text).map_or_else(|| "section".to_string(), |s| s.to_string());
        if self.taken.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The document's outline (`Markdown::outline`) in one parse: heading ids as `to_html` gives
/// them, the first heading's text, every link and image with its place in `markdown`.
pub fn outline(markdown: &str) -> Outline {
    let forgiven = forgive_unspaced_headings(markdown);
    // Spaces put into `#Title` lines move what follows: links are then read from the text as
    // written, so that their positions are the file's (a second parse, rarely needed).
    let same_text = matches!(forgiven, Cow::Borrowed(_));
    let mut outline = Outline::default();
    let mut ids = HeadingIds::default();
    // The heading being read: its id text, and its text as a title (breaks become spaces).
    let mut heading: Option<(String, String)> = None;
    let mut first_done = false;
    for (event, range) in Parser::new_ext(&forgiven, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(Default::default()),
            Event::End(TagEnd::Heading(_)) => {
                let (id_text, title) = heading.take().unwrap_or_default();
                outline.heading_ids.push(ids.unique(&id_text));
                if !std::mem::replace(&mut first_done, true) {
                    let title = title.trim();
                    outline.first_heading = (!title.is_empty()).then(|| title.to_string());
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((id_text, title)) = &mut heading {
                    id_text.push_str(&t);
                    title.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some((_, title)) = &mut heading {
                    title.push(' ');
                }
            }
            Event::Start(tag) if same_text => outline.links.extend(link_ref(tag, range)),
            _ => {}
        }
    }
    if !same_text {
        outline.links = Parser::new_ext(markdown, options())
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                Event::Start(tag) => link_ref(tag, range),
                _ => None,
            })
            .collect();
    }
    outline
}

/// A link or image the link checker looks at; e-mail autolinks are not.
fn link_ref(tag: Tag, range: Range<usize>) -> Option<LinkRef> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            ..
        } if link_type != LinkType::Email => Some(LinkRef {
            dest: dest_url.to_string(),
            range,
        }),
        Tag::Image { dest_url, .. } => Some(LinkRef {
            dest: dest_url.to_string(),
            range,
        }),
        _ => None,
    }
}

/// The text of a document without markup, for search and descriptions.
pub fn to_plain_text(markdown: &str) -> String {
    let mut plain = PlainText::with_capacity(markdown.len());
    Parser::new_ext(markdown, options()).for_each(|event| plain.push(&event));
    plain.finish()
}

/// Text and code as they come, a space at each break and block end.
struct PlainText(String);

impl PlainText {
    fn with_capacity(len: usize) -> PlainText {
        PlainText(String::with_capacity(len))
    }

    fn push(&mut self, event: &Event) {
        let text = &mut self.0;
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !text.ends_with(' ') => {
                text.push(' ')
            }
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.0.truncate(self.0.trim_end().len());
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Links of `content/a.md` on a site at `base_url`.
    fn context<'a>(urls: &'a SiteUrls, base_url: &'a str) -> LinkContext<'a> {
        LinkContext {
            base_url,
            source: "content/a.md",
            urls,
        }
    }

    fn render(md: &str) -> String {
        let urls = SiteUrls::default();
        let cx = context(&urls, "https://example.org/sub/");
        to_html(md, &cx)
    }

    #[test]
    fn the_text_read_with_the_html_has_the_words_of_the_plain_text() {
        let urls = SiteUrls::default();
        let cx = context(&urls, "https://example.org/");
        let words = |text: &str| -> std::collections::BTreeSet<String> {
            text.split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .map(str::to_lowercase)
                .collect()
        };
        for md in [
            "# Update - May 2024\n\nShipped *the* `parser`.\n",
            "#Unspaced heading\ntext\n#tag in text\n",
            "- [x] done\n- [ ] open\n\n| a | b |\n|---|---|\n| c | d |\n",
            "Footnote[^1].\n\n[^1]: The note.\n\n```\ncode block\n```\n<b>raw</b>\n",
            "",
        ] {
            let (html, text) = to_html_and_text(md, &cx, "Update - May 2024");
            assert_eq!(html, to_html_under_title(md, &cx, "Update - May 2024"));
            assert_eq!(words(&text), words(&to_plain_text(md)), "{md:?}");
        }
    }

    #[test]
    fn gives_headings_unique_ids() {
        let html = render("# Summary\n\n## Summary\n\n## Café & Co\n");
        assert!(html.contains(r#"<h1 id="summary">"#), "{html}");
        assert!(html.contains(r#"<h2 id="summary-1">"#), "{html}");
        assert!(html.contains(r#"<h2 id="cafe-co">"#), "{html}");
        assert_eq!(
            outline("# Summary\n## Summary\n").heading_ids,
            ["summary", "summary-1"]
        );
    }

    #[test]
    fn heading_ids_stay_unique_when_a_text_ends_in_a_number() {
        assert_eq!(
            outline("# Same 1\n# Same\n# Same\n# Same\n# Same 2\n").heading_ids,
            ["same-1", "same", "same-2", "same-3", "same-2-1"]
        );
    }

    #[test]
    fn deep_raw_html_is_balanced_before_the_sanitizer() {
        let html = render(&format!("{}x\n", "<div>".repeat(50_000)));
        assert_eq!(
            html.matches("<div>").count(),
            balance::MAX_DEPTH,
            "{html:.200}"
        );
        assert_eq!(html.matches("</div>").count(), balance::MAX_DEPTH);
        let quotes = render(&format!("{} a <br>\n", ">".repeat(20_000)));
        assert!(quotes.matches("<blockquote>").count() <= balance::MAX_DEPTH);
        assert!(
            quotes.contains("a <br>") || quotes.contains("a <br />"),
            "{quotes:.300}"
        );
    }

    #[test]
    fn a_leading_heading_that_is_the_title_is_not_repeated() {
        let urls = SiteUrls::default();
        let cx = context(&urls, "/");
        let md = "# FreeBSD Update - September 2024\n\nText.\n\n## Details\n";
        let html = to_html_under_title(md, &cx, "FreeBSD Update - September 2024");
        assert!(!html.contains("<h1"), "{html}");
        assert!(html.contains("<h2 id=\"details\">"), "{html}");
        let other = to_html_under_title(md, &cx, "Another title");
        assert!(other.contains("<h1"), "a different heading stays: {other}");
    }

    #[test]
    fn root_links_respect_base_url() {
        let html = render("[r](/reports/2024-09/#okrs)");
        assert!(
            html.contains(r#"href="https://example.org/sub/reports/2024-09/#okrs""#),
            "{html}"
        );
    }

    #[test]
    fn strips_dangerous_html_and_keeps_harmless_html() {
        let html = render(concat!(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n",
            "[x](javascript:alert(1))\n\n<iframe src=\"https://e.vil\"></iframe>\n\n",
            "<style>body{}</style>\n\n<details><summary>More</summary>Hidden</details>\n\n",
            "a<sup>2</sup><br>b\n"
        ));
        for bad in ["<script", "onerror", "javascript:", "<iframe", "<style"] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
        for good in [
            "<details>",
            "<summary>More</summary>",
            "<sup>2</sup>",
            "<br>",
            "<img src=\"x\">",
        ] {
            assert!(html.contains(good), "{good} lost: {html}");
        }
    }

    #[test]
    fn renders_tables_footnotes_strikethrough_and_tasks() {
        let html = render(
            "|a|b|\n|-|-|\n|1|2|\n\n~~old~~ new[^1]\n\n[^1]: note\n\n- [x] done\n- [ ] to do\n",
        );
        for want in [
            "<table>",
            "<del>old</del>",
            "footnote-reference",
            "<li>☑ done</li>",
            "<li>☐ to do</li>",
        ] {
            assert!(html.contains(want), "{want} missing: {html}");
        }
    }

    #[test]
    fn unsafe_link_schemes_become_harmless_without_raw_html_too() {
        for dest in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "<java\tscript:alert(1)>",
            "data:text/html,x",
            "vbscript:x",
        ] {
            let html = render(&format!("[x]({dest}) ![y]({dest})"));
            let lower = html.to_lowercase();
            for bad in ["javascript", "data:", "vbscript", "script:"] {
                assert!(!lower.contains(bad), "{dest}: {html}");
            }
        }
        let html = render("[ok](https://a.org/) [mail](mailto:a@b.org) [rel](x.md)");
        for good in ["https://a.org/", "mailto:a@b.org", "x.md"] {
            assert!(html.contains(good), "{good} lost: {html}");
        }
    }

    #[test]
    fn form_controls_from_grantees_do_not_survive() {
        let html =
            render("<input type=\"password\" name=\"p\"> <input type=\"checkbox\" checked>\n");
        assert!(!html.contains("<input"), "{html}");
    }

    #[test]
    fn finds_links_and_images() {
        let found: Vec<_> = outline("[a](x.md) ![b](p.png) <a@b.c>")
            .links
            .into_iter()
            .map(|l| l.dest)
            .collect();
        assert_eq!(found, ["x.md", "p.png"]);
    }

    #[test]
    fn an_outline_reads_headings_as_rendered_and_links_where_the_file_has_them() {
        let text = "#Update for\nMay 2024\n\nsee [a](x.md)\n\n## Update for\n";
        let read = outline(text);
        assert_eq!(read.first_heading.as_deref(), Some("Update for"));
        assert_eq!(read.heading_ids, ["update-for", "update-for-1"]);
        let link = &read.links[0];
        assert_eq!(&text[link.range.clone()], "[a](x.md)", "{link:?}");
        let broken = outline("# Split\nheading\n\nNo heading here.\n# \n");
        assert_eq!(broken.first_heading.as_deref(), Some("Split"));
        assert_eq!(
            outline("#  \n# Later\n").first_heading,
            None,
            "only the first heading names a document"
        );
    }

    #[test]
    fn forgives_headings_without_a_space() {
        let html = render("#Node.js update\n\ntext\n#Second\n\n#1234 was merged\n");
        assert!(
            html.contains(r#"<h1 id="node-js-update">Node.js update</h1>"#),
            "{html}"
        );
        assert!(html.contains(r#"<h1 id="second">Second</h1>"#), "{html}");
        assert!(html.contains("<p>#1234 was merged</p>"), "{html}");
        for kept in [
            "```sh\n#comment\n```\n",
            "    #indented\n",
            "- #tag\n",
            "> #quote\n",
        ] {
            assert_eq!(forgive_unspaced_headings(kept), kept, "{kept:?}");
        }
        assert_eq!(forgive_unspaced_headings("##Two\n"), "## Two\n");
        assert_eq!(outline("#Summary\n").heading_ids, ["summary"]);
    }

    #[test]
    fn the_scan_for_unspaced_headings_finds_what_a_scan_of_every_line_finds() {
        let every_line = |md: &str| {
            md.split_inclusive('\n')
                .any(|line| unspaced_heading_marker(line).is_some())
        };
        for md in [
            "#Title",
            "   #Title\n",
            "    #Title\n",
            "a #Title\n",
            "x\n #T",
            "x\n\n##",
            "# T\n",
            "#1234\n",
            "#######x\n",
            "\n#\n",
            "a\n  ##b",
            "a # b #c\n#d",
            "",
            "#",
            "é#x\n#é",
        ] {
            assert_eq!(has_unspaced_heading(md), every_line(md), "{md:?}");
        }
    }

    #[test]
    fn tells_schemes_from_paths() {
        assert!(has_scheme("https://x") && has_scheme("mailto:a@b") && has_scheme("javascript:x"));
        assert!(!has_scheme("a/b:c.md") && !has_scheme("pic.png") && !has_scheme("#x"));
    }
}
