//! Grantees' Markdown and front matter are untrusted. `tests/fixtures/xss` is a small site whose
//! report, engagement profile and update try every usual way of getting script, styles, frames
//! or forms into the pages; none may reach the output, harmless inline HTML must, and every page
//! must carry a Content-Security-Policy that forbids inline script.

mod common;

use common::{decode_entities, linked};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/xss");
const BASE_URL: &str = "https://example.org/xss/";
const ESCAPED_SCRIPT: &str = "&lt;script&gt;alert(1)&lt;/script&gt;";

struct Built {
    _dir: tempfile::TempDir,
    out: PathBuf,
}

impl Built {
    fn read(&self, rel: &str) -> String {
        let path = self.out.join(rel);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// Builds `root` with the real binary into a fresh temp dir.
fn build(root: &Path) -> Built {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .arg("build")
        .arg("-r")
        .arg(root)
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run grantsite");
    assert!(
        run.status.success(),
        "grantsite build failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    Built { _dir: dir, out }
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("read output dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

/// Every HTML page of the build, as (path relative to the output, text).
fn pages(built: &Built) -> Vec<(String, String)> {
    let mut paths = Vec::new();
    html_files(&built.out, &mut paths);
    paths.sort();
    assert!(
        paths.len() >= 8,
        "expected the whole site, found {} pages",
        paths.len()
    );
    paths
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&built.out).unwrap().display().to_string();
            (rel, fs::read_to_string(&p).expect("read page"))
        })
        .collect()
}

/// An element's start tag: its name and attributes (names lowercased, values raw).
#[derive(Debug)]
struct StartTag {
    name: String,
    attributes: Vec<(String, String)>,
}

/// Every start tag in `html`, read the way a browser tokenizes them (quoted, single-quoted and
/// unquoted values; comments and doctype skipped). Good enough for generated pages.
fn start_tags(html: &str) -> Vec<StartTag> {
    let bytes = html.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(at) = html[i..].find('<') {
        i += at + 1;
        if html[i..].starts_with("!--") {
            i = html[i..].find("-->").map_or(html.len(), |end| i + end + 3);
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| i + n);
        let mut tag = StartTag {
            name: html[i..name_end].to_ascii_lowercase(),
            attributes: Vec::new(),
        };
        i = name_end;
        loop {
            while bytes
                .get(i)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'/')
            {
                i += 1;
            }
            match bytes.get(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                _ => {}
            }
            let attr_end = html[i..]
                .find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '>' || c == '/')
                .map_or(html.len(), |n| i + n);
            let attr = html[i..attr_end].to_ascii_lowercase();
            i = attr_end.max(i + 1).min(html.len());
            let mut value = String::new();
            if bytes.get(attr_end) == Some(&b'=') {
                i = attr_end + 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..]
                            .find(q as char)
                            .map_or(html.len(), |n| i + 1 + n);
                        value = html[i + 1..end].to_string();
                        i = (end + 1).min(html.len());
                    }
                    _ => {
                        let end = html[i..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(html.len(), |n| i + n);
                        value = html[i..end].to_string();
                        i = end;
                    }
                }
            }
            tag.attributes.push((attr, value));
        }
        tags.push(tag);
    }
    tags
}

impl StartTag {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The scheme a browser would see in a URL attribute, lowercased (whitespace and control
/// characters inside the scheme are ignored by browsers, so they are here too).
fn scheme(url: &str) -> Option<String> {
    let decoded = decode_entities(url);
    let compact: String = decoded
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let colon = compact.find(':')?;
    let scheme = &compact[..colon];
    scheme
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        .then(|| scheme.to_ascii_lowercase())
}

const URL_ATTRIBUTES: [&str; 9] = [
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "xlink:href",
    "srcset",
];

/// The theme draws its charts as inline SVG (`<svg class="chart ...">`). Each is checked
/// against a closed list of elements and attributes, then cut out, so that any other `<svg`
/// on the page (a grantee's) still fails the checks below.
fn without_theme_charts(html: &str, found: &mut Vec<String>) -> String {
    const ELEMENTS: [&str; 3] = ["svg", "rect", "text"];
    const ATTRIBUTES: [&str; 11] = [
        "class",
        "role",
        "aria-label",
        "viewbox",
        "width",
        "height",
        "xmlns",
        "x",
        "y",
        "rx",
        "text-anchor",
    ];
    let mut rest = html;
    let mut kept = String::new();
    while let Some(at) = rest.find("<svg class=\"chart ") {
        kept.push_str(&rest[..at]);
        let Some(len) = rest[at..].find("</svg>") else {
            found.push("an unclosed theme chart".to_string());
            return kept + &rest[at..];
        };
        let chart = &rest[at..at + len];
        for tag in start_tags(chart) {
            if !ELEMENTS.contains(&tag.name.as_str()) {
                found.push(format!("unexpected element in a theme chart: {tag:?}"));
            }
            for (name, _) in &tag.attributes {
                if !ATTRIBUTES.contains(&name.as_str()) {
                    found.push(format!("unexpected attribute in a theme chart: {tag:?}"));
                }
            }
        }
        rest = &rest[at + len + "</svg>".len()..];
    }
    kept + rest
}

/// Everything wrong with one page, security-wise.
fn problems(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let html = &without_theme_charts(html, &mut found);
    let lower = html.to_ascii_lowercase();
    for needle in [
        "onerror=",
        "onload=",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<object",
        "<embed",
        "<style",
        "<svg",
        "<form",
        "<math",
        "<base",
        "style=",
    ] {
        if lower.contains(needle) {
            found.push(format!("contains `{needle}`"));
        }
    }
    let theme_script = format!("{}static/grantsite.js", linked(BASE_URL));
    let mut csp = Vec::new();
    for tag in start_tags(html) {
        for (name, value) in &tag.attributes {
            if name.starts_with("on") {
                found.push(format!("<{}> has an event handler `{name}`", tag.name));
            }
            if name == "style" {
                found.push(format!("<{}> has a style attribute", tag.name));
            }
            if URL_ATTRIBUTES.contains(&name.as_str()) {
                if let Some(s) = scheme(value) {
                    if !matches!(s.as_str(), "http" | "https" | "mailto") {
                        found.push(format!(
                            "<{} {name}=\"{value}\"> has scheme `{s}:`",
                            tag.name
                        ));
                    }
                }
            }
        }
        match tag.name.as_str() {
            "script" => {
                let allowed = tag.attr("src") == Some(theme_script.as_str())
                    && tag.attributes.len() == 2
                    && tag.attr("defer") == Some("");
                if !allowed {
                    found.push(format!("unexpected script: {tag:?}"));
                }
            }
            "iframe" | "frame" | "object" | "embed" | "applet" | "style" | "base" => {
                found.push(format!("unexpected element: {tag:?}"));
            }
            "link"
                if !matches!(
                    tag.attr("rel"),
                    Some("stylesheet" | "canonical" | "alternate" | "icon")
                ) =>
            {
                found.push(format!("unexpected link: {tag:?}"));
            }
            "meta"
                if tag
                    .attr("http-equiv")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                    == Some("refresh") =>
            {
                found.push(format!("meta refresh: {tag:?}"));
            }
            "meta"
                if tag
                    .attr("http-equiv")
                    .map(str::to_ascii_lowercase)
                    .as_deref()
                    == Some("content-security-policy") =>
            {
                csp.push(tag.attr("content").unwrap_or_default().to_string());
            }
            _ => {}
        }
    }
    // The whole-tag form of the theme's script, as the brief for the theme writes it.
    let script_tag = format!("<script src=\"{theme_script}\" defer></script>");
    if lower.matches("<script").count() != html.matches(&script_tag).count() {
        found.push("a <script> other than the theme's".to_string());
    }
    if !html.contains(r#"http-equiv="Content-Security-Policy""#) {
        found.push("no Content-Security-Policy meta tag".to_string());
    }
    match csp.as_slice() {
        [policy] => {
            let script_src = policy
                .split(';')
                .map(str::trim)
                .find(|d| d.starts_with("script-src "));
            if script_src != Some("script-src 'self'") {
                found.push(format!("CSP script-src is {script_src:?}: {policy}"));
            }
            for bad in ["unsafe-inline", "unsafe-eval", "unsafe-hashes"] {
                if policy.contains(bad) {
                    found.push(format!("CSP allows {bad}: {policy}"));
                }
            }
            let head_end = lower.find("</head>").unwrap_or(0);
            let csp_at = html.find("Content-Security-Policy").unwrap_or(usize::MAX);
            let first_script = lower.find("<script").unwrap_or(usize::MAX);
            if csp_at > head_end || csp_at > first_script {
                found.push("the CSP meta tag is not in <head> before any script".to_string());
            }
        }
        other => found.push(format!("expected one CSP meta tag, found {other:?}")),
    }
    found
}

#[test]
fn no_script_reaches_any_page_and_every_page_has_a_strict_csp() {
    let built = build(Path::new(FIXTURE));
    let mut report = String::new();
    for (rel, html) in pages(&built) {
        for problem in problems(&html) {
            report.push_str(&format!("{rel}: {problem}\n"));
        }
    }
    assert!(report.is_empty(), "unsafe output:\n{report}");
}

#[test]
fn harmless_inline_html_survives() {
    let built = build(Path::new(FIXTURE));
    for rel in [
        "engagements/2024/evil-corp/update-2024-09/index.html",
        "engagements/2024/evil-corp/index.html",
        "reports/2024-09/index.html",
    ] {
        let html = built.read(rel);
        for good in [
            "<details><summary>More detail</summary>Hidden text</details>",
            "mc<sup>2</sup><br>next line",
            r#"<img src="pic.png" alt="A harmless picture">"#,
            // Text around stripped inline HTML stays.
            "in a paragraph.",
            "styled",
        ] {
            assert!(html.contains(good), "{rel}: `{good}` was lost");
        }
    }
}

#[test]
fn html_in_front_matter_is_escaped() {
    let built = build(Path::new(FIXTURE));
    let report = built.read("reports/2024-09/index.html");
    for want in [
        format!("<title>{ESCAPED_SCRIPT} · XSS Test Program</title>"),
        format!("<h1>{ESCAPED_SCRIPT}</h1>"),
        format!("{ESCAPED_SCRIPT} highlight"),
        format!("{ESCAPED_SCRIPT} engagement"),
        "A summary with &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;markup&lt;/b&gt;."
            .to_string(),
        format!("Tagline {ESCAPED_SCRIPT} escaped"),
    ] {
        assert!(report.contains(&want), "report page lacks `{want}`");
    }
    let update = built.read("engagements/2024/evil-corp/update-2024-09/index.html");
    assert!(update.contains(&format!("{ESCAPED_SCRIPT} update")));
    let engagement = built.read("engagements/2024/evil-corp/index.html");
    assert!(engagement.contains(&format!("{ESCAPED_SCRIPT} Audit")));
    let index = built.read("reports/index.html");
    assert!(index.contains(ESCAPED_SCRIPT));
}

#[test]
fn atom_feed_escapes_titles() {
    let built = build(Path::new(FIXTURE));
    let atom = built.read("atom.xml");
    assert!(
        atom.contains(&format!("<title>{ESCAPED_SCRIPT}</title>")),
        "report title not escaped:\n{atom}"
    );
    assert!(atom.contains(&format!("<title>{ESCAPED_SCRIPT} update</title>")));
    assert!(
        !atom.to_ascii_lowercase().contains("<script"),
        "raw script in the feed:\n{atom}"
    );
}

#[test]
fn json_data_keeps_text_as_text() {
    // site.json carries the source text; it is data, read by scripts with textContent, so the
    // check here is only that it is well-formed and carries the title verbatim.
    let built = build(Path::new(FIXTURE));
    let site: serde_json::Value =
        serde_json::from_str(&built.read("data/site.json")).expect("site.json is JSON");
    assert_eq!(site["reports"][0]["title"], "<script>alert(1)</script>");
    let docs: serde_json::Value = serde_json::from_str(&built.read("data/search/docs-0.json"))
        .expect("the search index's pages are JSON");
    assert_eq!(docs[0][1], "<script>alert(1)</script>");
}

/// The checker itself: it must notice each construct it is meant to catch.
#[test]
fn checker_catches_what_it_should() {
    let csp = r#"<head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'"></head>"#;
    assert!(problems(csp).is_empty(), "{:?}", problems(csp));
    for bad in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<img src=x OnError = alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\"java&#x09;script&colon;alert(1)\">x</a>",
        "<a href='data:text/html,x'>x</a>",
        "<iframe src=x></iframe>",
        "<object data=x></object>",
        "<style>body{}</style>",
        "<div style=\"color:red\">x</div>",
        "<svg onload=alert(1)>",
        "<form action=/steal></form>",
        "<p onclick=\"x()\">x</p>",
        "<meta http-equiv=\"refresh\" content=\"0;url=https://e.vil\">",
    ] {
        let page = format!("{csp}<body>{bad}</body>");
        assert!(!problems(&page).is_empty(), "missed {bad}");
    }
    let loose = r#"<meta http-equiv="Content-Security-Policy" content="script-src 'self' 'unsafe-inline'">"#;
    assert!(!problems(loose).is_empty());
    assert!(!problems("<p>no policy</p>").is_empty());
}

/// Front matter a grantee writes in an engagement profile is as untrusted as the body: a
/// `javascript:` homepage must not become a link. The loader refuses it where it is written
/// (`WebUrl`); a page without the link would pass too.
#[test]
fn javascript_homepage_in_front_matter_is_refused_or_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(Path::new(FIXTURE), dir.path());
    let readme = dir
        .path()
        .join("content/engagements/2024/Evil Corp/README.md");
    let text = fs::read_to_string(&readme).unwrap().replacen(
        "status: active\n",
        "status: active\nhomepage: \"javascript:alert(1)\"\n",
        1,
    );
    fs::write(&readme, text).unwrap();
    let out = dir.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(["build", "-r"])
        .arg(dir.path())
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run grantsite");
    if !run.status.success() {
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(stderr.contains("homepage"), "refused, but why?\n{stderr}");
        return;
    }
    let built = Built { _dir: dir, out };
    for (rel, html) in pages(&built) {
        assert!(
            !html.to_ascii_lowercase().contains("javascript:"),
            "{rel} links to a javascript: URL"
        );
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn only_the_theme_charts_own_shapes_pass_as_inline_svg() {
    let mut found = Vec::new();
    let chart = r#"<svg class="chart a" role="img" aria-label="x"><rect class="fill-none" x="0"></rect></svg>"#;
    assert_eq!(without_theme_charts(chart, &mut found), "");
    assert!(found.is_empty(), "{found:?}");
    for bad in [
        r#"<svg class="chart a"><script>alert(1)</script></svg>"#,
        r#"<svg class="chart a"><rect onmouseover="alert(1)"></rect></svg>"#,
        r#"<svg class="chart a"><a href="javascript:alert(1)"><text>x</text></a></svg>"#,
    ] {
        let mut found = Vec::new();
        without_theme_charts(bad, &mut found);
        assert!(!found.is_empty(), "{bad}");
    }
    assert!(!problems(r#"<svg onload="alert(1)"></svg>"#).is_empty());
}

#[test]
fn sample_site_pages_pass_the_same_checks() {
    let built = build(Path::new(env!("CARGO_MANIFEST_DIR")));
    let theme_script = "\"/static/grantsite.js\"";
    let mut report = String::new();
    for (rel, html) in pages(&built) {
        // The sample's base URL differs from the fixture's; the theme script is the same file.
        let ours = format!("\"{}static/grantsite.js\"", linked(BASE_URL));
        let html = html.replace(theme_script, &ours);
        for problem in problems(&html) {
            report.push_str(&format!("{rel}: {problem}\n"));
        }
    }
    assert!(report.is_empty(), "unsafe output:\n{report}");
}
