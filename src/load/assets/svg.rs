//! Whether an SVG is provably inert: parsed by a real XML parser (roxmltree), then every node
//! judged by namespace and local name, so no prefix or spelling slips a script past. The rule is
//! an allowlist where it can be (SVG and editor-metadata elements only, fragment-only
//! references) and refuses everything a browser could run or fetch.

use roxmltree::{Document, Node, NodeType, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Editors' bookkeeping and licence metadata (Inkscape, Sodipodi, RDF, Dublin Core, Creative
/// Commons): browsers neither render nor run elements in these namespaces.
const METADATA_NS: &[&str] = &[
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://purl.org/dc/terms/",
    "http://creativecommons.org/ns#",
    "http://web.resource.org/cc/",
];

/// SVG elements that run code or embed HTML (`handler` and `listener` are SVG Tiny's scripts).
const LIVE_ELEMENTS: &[&str] = &["script", "foreignObject", "handler", "listener"];

const ANIMATIONS: &[&str] = &[
    "animate",
    "animateColor",
    "animateMotion",
    "animateTransform",
    "set",
];

/// The first thing that makes an SVG not provably inert, and where it starts.
#[derive(Debug, PartialEq, Eq)]
pub struct Offence {
    pub what: String,
    pub line: u32,
    pub column: u32,
}

pub fn vet(text: &str) -> Result<(), Offence> {
    // Without DTDs roxmltree refuses any `<!DOCTYPE`, even a bare one: no entity can hide
    // content from the checks below.
    let options = ParsingOptions {
        allow_dtd: false,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, options).map_err(|e| unparsable(text, &e))?;
    let root = doc.root_element();
    if !is_svg(root, "svg") {
        return Err(at(
            &doc,
            root.range().start,
            format!(
                "the root element `<{}>` is not `<svg>` in the SVG namespace",
                qname(root)
            ),
        ));
    }
    for node in doc.descendants() {
        match node.node_type() {
            // `<?xml-stylesheet?>` makes a browser load and apply a stylesheet, even XSLT.
            NodeType::PI => {
                return Err(at(
                    &doc,
                    node.range().start,
                    "a processing instruction `<?...?>`",
                ));
            }
            NodeType::Element => element(&doc, node)?,
            _ => {}
        }
    }
    Ok(())
}

fn unparsable(text: &str, e: &roxmltree::Error) -> Offence {
    if matches!(e, roxmltree::Error::DtdDetected) {
        let start = text.find("<!DOCTYPE").unwrap_or(0);
        return Offence {
            what: "a DOCTYPE declaration".into(),
            ..position(text, start)
        };
    }
    let pos = e.pos();
    Offence {
        what: format!("it does not parse as XML ({e})"),
        line: pos.row,
        column: pos.col,
    }
}

fn element(doc: &Document, node: Node) -> Result<(), Offence> {
    let name = node.tag_name();
    let start = node.range().start;
    // XML names are case-sensitive, but an HTML parser would lowercase them: no `<SCRIPT>`.
    let is = |list: &[&str]| list.iter().any(|l| l.eq_ignore_ascii_case(name.name()));
    match name.namespace() {
        Some(SVG_NS) if is(LIVE_ELEMENTS) => {
            return Err(at(doc, start, format!("a `<{}>` element", qname(node))));
        }
        Some(SVG_NS) if is(&["style"]) => style_element(doc, node)?,
        Some(SVG_NS) if is(ANIMATIONS) => animation(doc, node)?,
        Some(SVG_NS) => {}
        Some(ns) if METADATA_NS.contains(&ns) => {}
        ns => {
            let ns = match ns {
                None | Some("") => "no namespace".to_string(),
                Some(ns) => format!("namespace {ns}"),
            };
            return Err(at(
                doc,
                start,
                format!("a `<{}>` element ({ns}), which is not SVG", qname(node)),
            ));
        }
    }
    attributes(doc, node)
}

fn attributes(doc: &Document, node: Node) -> Result<(), Offence> {
    for attr in node.attributes() {
        let start = attr.range().start;
        let written = doc
            .input_text()
            .get(attr.range_qname())
            .unwrap_or(attr.name());
        let local = attr.name();
        if local.len() > 2 && local[..2].eq_ignore_ascii_case("on") {
            return Err(at(doc, start, format!("an event attribute `{written}`")));
        }
        let value = attr.value();
        // `href` in any namespace, not only none and XLink: a wrong guess here costs a refusal.
        let refused = match (attr.namespace(), local) {
            (_, "href" | "src" | "ping") => {
                (!same_document(value)).then(|| external(written, value))
            }
            // Would make `#fragment` references resolve against another document.
            (Some(XML_NS), "base") => Some(format!("an `{written}` attribute")),
            // Presentation attributes and animation values are CSS: `fill="url(...)"`.
            (None, _) => css(value).err(),
            _ => None,
        };
        if let Some(what) = refused {
            return Err(at(doc, start, what));
        }
    }
    Ok(())
}

/// Only a reference to a fragment of this very file is inert: anything else is a fetch, a
/// navigation or a `javascript:` URL.
fn same_document(url: &str) -> bool {
    url.trim().starts_with('#')
}

fn external(written: &str, value: &str) -> String {
    format!("an external reference `{written}=\"{}\"`", short(value))
}

/// `<style>` is kept (editors such as Illustrator write their colours there) and vetted with
/// the same rules as a `style` attribute; a `type` other than CSS is refused.
fn style_element(doc: &Document, node: Node) -> Result<(), Offence> {
    if let Some(kind) = node.attribute("type") {
        if !kind.trim().eq_ignore_ascii_case("text/css") {
            return Err(at(
                doc,
                node.range().start,
                format!("a `<style type=\"{}\">`", short(kind)),
            ));
        }
    }
    let text: String = node
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    css(&text).map_err(|what| {
        at(
            doc,
            node.range().start,
            format!("{what} in a `<style>` element"),
        )
    })
}

/// An animation could set `href` to a `javascript:` URL, or add an event handler.
fn animation(doc: &Document, node: Node) -> Result<(), Offence> {
    let Some(target) = node.attribute("attributeName") else {
        return Ok(());
    };
    let local = target
        .trim()
        .rsplit(':')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    if matches!(local.as_str(), "href" | "src") || local.starts_with("on") {
        return Err(at(
            doc,
            node.range().start,
            format!("a `<{}>` that changes `{}`", qname(node), short(target)),
        ));
    }
    Ok(())
}

/// Where CSS can make a browser fetch something: `url()` (unless it names a fragment of this
/// file), `@import`, and the functions that take a plain string as an address. Escapes are
/// refused outright, so none of these can be spelled in disguise.
fn css(text: &str) -> Result<(), String> {
    let css = without_comments(text).to_ascii_lowercase();
    if css.contains('\\') {
        return Err("a backslash escape in CSS".into());
    }
    if css.contains("@import") {
        return Err("an `@import` in CSS".into());
    }
    for (open, _) in css.match_indices('(') {
        let before = &css[..open];
        let name_start = before
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .map_or(0, |i| i + 1);
        let argument = css[open + 1..].trim_start().trim_start_matches(['"', '\'']);
        let refused = match &before[name_start..] {
            "url" => !argument.starts_with('#'),
            "src" | "image" | "image-set" | "-webkit-image-set" | "expression" => true,
            _ => false,
        };
        if refused {
            let call = &css[name_start..];
            return Err(format!("`{}` in CSS", short(call)));
        }
    }
    Ok(())
}

/// CSS comments become a space, as they separate tokens; an unclosed one runs to the end.
fn without_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        out.push(' ');
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

fn is_svg(node: Node, local: &str) -> bool {
    node.tag_name().namespace() == Some(SVG_NS) && node.tag_name().name() == local
}

/// The element's name as written (`x:script`), for the message.
fn qname<'a>(node: Node<'a, '_>) -> &'a str {
    let raw = node
        .document()
        .input_text()
        .get(node.range().start + 1..)
        .unwrap_or_default();
    let end = raw
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(raw.len());
    &raw[..end]
}

/// A value cut to a readable length for a message.
fn short(value: &str) -> String {
    const MAX: usize = 60;
    let value = value.trim();
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &value[..cut]),
        None => value.to_string(),
    }
}

fn at(doc: &Document, byte: usize, what: impl Into<String>) -> Offence {
    Offence {
        what: what.into(),
        ..position(doc.input_text(), byte)
    }
}

fn position(text: &str, byte: usize) -> Offence {
    let before = text.get(..byte).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .unwrap_or_default()
        .chars()
        .count()
        + 1;
    Offence {
        what: String::new(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(inner: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">{inner}</svg>"
        )
    }

    fn refused(text: &str) -> Option<String> {
        vet(text).err().map(|o| o.what)
    }

    #[test]
    fn publishes_drawings_that_cannot_run_or_fetch() {
        let clean = [
            svg(r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#fff"/></linearGradient></defs><rect fill="url(#g)" width="10" height="10"/>"##),
            svg(r##"<use href="#a"/><use xlink:href=" #a "/><a href="#top"><text>top</text></a>"##),
            svg(r##"<style>.c{fill:#2b2b2b} /* url(http://x) in a comment */ rect{filter:url( "#f" )}</style><rect class="c" style="fill: url('#g'); font-family: 'Open Sans'"/>"##),
            svg(r#"<style type="text/css"><![CDATA[ .a { stroke: red } ]]></style>"#),
            svg(r#"<g transform="translate(1,2) rotate(45)"><path d="M0 0L10 10"/></g><animate attributeName="opacity" from="0" to="1"/>"#),
            svg("<title>Logo</title><desc>onload is just a word</desc>"),
            svg(r#"<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>x</dc:title></rdf:RDF></metadata>"#),
            format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- <!DOCTYPE in a comment> -->\n{}", svg("")),
            r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd" inkscape:version="1.3" inkscape:export-filename="C:\x.png"><sodipodi:namedview inkscape:zoom="1"/></svg>"#.to_string(),
            r#"<s:svg xmlns:s="http://www.w3.org/2000/svg"><s:rect/></s:svg>"#.to_string(),
        ];
        for text in clean {
            assert_eq!(refused(&text), None, "{text}");
        }
    }

    #[test]
    fn refuses_anything_that_could_run_or_fetch() {
        // (SVG, the start of what the refusal says)
        let cases: &[(String, &str)] = &[
            (svg("<script>alert(1)</script>"), "a `<script>` element"),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script></svg>"#.into(),
                "a `<x:script>` element",
            ),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg"><h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script></svg>"#.into(),
                "a `<h:script>` element (namespace http://www.w3.org/1999/xhtml), which is not SVG",
            ),
            (svg(r#"<script xmlns="">x</script>"#), "a `<script>` element (no namespace)"),
            (svg(r#"<SCRIPT>x</SCRIPT>"#), "a `<SCRIPT>` element"),
            (svg(r#"<FOREIGNOBJECT/>"#), "a `<FOREIGNOBJECT>` element"),
            (svg("<foreignObject><div/></foreignObject>"), "a `<foreignObject>` element"),
            (svg("<handler>x</handler>"), "a `<handler>` element"),
            (svg(r#"<rect onload="alert(1)"/>"#), "an event attribute `onload`"),
            (svg(r#"<rect ONCLICK="alert(1)"/>"#), "an event attribute `ONCLICK`"),
            (
                r#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>"#.into(),
                "an event attribute `onload`",
            ),
            (
                svg(r#"<rect xmlns:e="http://www.w3.org/2001/xml-events" e:onclick="x"/>"#),
                "an event attribute `e:onclick`",
            ),
            (svg(r#"<a href="javascript:alert(1)"><text>x</text></a>"#), "an external reference `href=\"javascript:alert(1)\"`"),
            (svg(r#"<image href="https://evil.example/p.png"/>"#), "an external reference `href="),
            (svg(r#"<use xlink:href="other.svg#a"/>"#), "an external reference `xlink:href="),
            (svg(r#"<image href="data:image/svg+xml,x"/>"#), "an external reference"),
            (svg(r#"<a href=""/>"#), "an external reference"),
            (svg(r##"<a href="#a" ping="https://evil.example/"/>"##), "an external reference `ping="),
            (svg(r##"<g xml:base="https://evil.example/"><use href="#a"/></g>"##), "an `xml:base` attribute"),
            (svg(r#"<rect style="fill:url(https://evil.example/a.svg#g)"/>"#), "`url(https://evil.example"),
            (svg(r#"<rect fill="URL( 'https://evil.example/#g' )"/>"#), "`url("),
            (svg(r#"<rect style="cursor: url(x.cur), auto"/>"#), "`url(x.cur"),
            (svg(r#"<rect style="fill: u\72l(https://x)"/>"#), "a backslash escape in CSS"),
            (svg(r#"<rect style="background: image-set('x.png' 1x)"/>"#), "`image-set("),
            (svg("<style>@import 'https://evil.example/a.css';</style>"), "an `@import` in CSS in a `<style>` element"),
            (svg("<style>@IMPORT url(#x);</style>"), "an `@import` in CSS"),
            (svg("<style>rect { fill: url(https://evil.example/) }</style>"), "`url(https://evil.example/) }` in CSS in a `<style>`"),
            (svg("<style>@font-face { src: url(https://evil.example/f.woff) }</style>"), "`url(https://evil"),
            (svg(r#"<style type="text/xsl">x</style>"#), "a `<style type=\"text/xsl\">`"),
            (svg(r##"<a href="#x"><set attributeName="href" to="javascript:alert(1)"/></a>"##), "a `<set>` that changes `href`"),
            (svg(r#"<animate attributeName="xlink:href" values="javascript:alert(1)"/>"#), "a `<animate>` that changes `xlink:href`"),
            (svg(r#"<set attributeName="onclick" to="alert(1)"/>"#), "a `<set>` that changes `onclick`"),
            (svg(r#"<animate attributeName="fill" to="url(https://evil.example/#g)"/>"#), "`url(https://evil"),
            (
                format!("<?xml-stylesheet type=\"text/xsl\" href=\"evil.xsl\"?>{}", svg("")),
                "a processing instruction",
            ),
            (svg("<?foo bar?>"), "a processing instruction"),
            (
                format!("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n{}", svg("")),
                "a DOCTYPE declaration",
            ),
            (
                format!("<!DOCTYPE svg [<!ENTITY x \"<script>alert(1)</script>\">]>\n{}", svg("&x;")),
                "a DOCTYPE declaration",
            ),
            (format!("<!DOCTYPE svg>\n{}", svg("")), "a DOCTYPE declaration"),
            (format!("<!DOCTYPE svg []>\n{}", svg("")), "a DOCTYPE declaration"),
            (svg("&nope;"), "it does not parse as XML (unknown entity reference 'nope'"),
            (svg("<rect>"), "it does not parse as XML"),
            ("not xml at all".into(), "it does not parse as XML"),
            (r#"<html xmlns="http://www.w3.org/1999/xhtml"><script>x</script></html>"#.into(), "the root element `<html>` is not `<svg>`"),
            ("<svg><rect/></svg>".into(), "the root element `<svg>` is not `<svg>` in the SVG namespace"),
            (
                svg(r#"<math xmlns="http://www.w3.org/1998/Math/MathML" href="https://evil.example/"/>"#),
                "a `<math>` element (namespace http://www.w3.org/1998/Math/MathML)",
            ),
        ];
        let mut failures = Vec::new();
        for (text, want) in cases {
            match refused(text) {
                Some(what) if what.starts_with(want) => {}
                got => failures.push(format!("{text}\n  wanted `{want}...`, got {got:?}")),
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn names_the_line_and_column_of_the_first_offence() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect/>\n  <script>a</script>\n  <rect onload=\"b\"/>\n</svg>";
        assert_eq!(
            vet(text),
            Err(Offence {
                what: "a `<script>` element".into(),
                line: 3,
                column: 3
            })
        );
        let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"b\">]>\n<svg/>";
        assert_eq!(vet(dtd).unwrap_err().line, 2);
    }

    #[test]
    fn a_deeply_nested_svg_is_judged_without_overflowing_the_stack() {
        let depth = 500_000;
        let text = svg(&format!(
            "{}<script/>{}",
            "<g>".repeat(depth),
            "</g>".repeat(depth)
        ));
        let started = std::time::Instant::now();
        assert_eq!(refused(&text).as_deref(), Some("a `<script>` element"));
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }

    #[test]
    fn reads_css_as_a_browser_tokenizes_it() {
        assert_eq!(without_comments("a/* x */b/* open"), "a b ");
        assert!(css("fill: red; stroke: url(#a)").is_ok());
        // A comment splits a function name: `ur/**/l(` is not `url(`.
        assert!(css("x: ur/**/l(https://x)").is_ok());
        assert!(
            css("x: url/**/(https://x)").is_ok(),
            "not a function call in CSS"
        );
        assert!(css("x: src('https://x')").is_err());
        assert!(css("x: translate(1px)").is_ok());
    }
}
