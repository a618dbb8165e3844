//! `build --relative`: every internal URL in every HTML page rewritten relative to that page,
//! with `index.html` spelled out for folders, so that the output opens from disk (`file://`),
//! as a pull request's site artifact must. A step over the finished pages, so that views,
//! templates and the link checker keep one URL scheme and the default build pays nothing.
//!
//! A URL is internal when it starts with the base URL (or its path, `/...`) and names a file
//! of this build; anything else (other sites, a page of the program's domain the build does
//! not write) is left as written. Only URL attributes are read: `href`, `src`, `action`,
//! `formaction`, `poster`, `cite` and `data-*`.

use super::Rendered;
use rayon::prelude::*;
use std::collections::HashMap;

/// Rewrites the HTML pages of `rendered` in place.
pub fn relativize(rendered: &mut Rendered, base_url: &str) {
    let files = Files::new(rendered.files.keys().chain(rendered.copies.keys()));
    let base = Base::new(base_url);
    rendered
        .files
        .par_iter_mut()
        .filter(|(path, _)| path.ends_with(".html"))
        .for_each(|(path, bytes)| {
            let Ok(html) = std::str::from_utf8(bytes) else {
                return;
            };
            let page = Page {
                dir: path
                    .rsplit_once('/')
                    .map_or(Vec::new(), |(dir, _)| dir.split('/').collect()),
                files: &files,
                base: &base,
            };
            if let Some(rewritten) = rewrite(html, &page) {
                *bytes = rewritten.into_bytes();
            }
        });
}

/// Every URL path (after the base, percent-decoded) that names a file of the build -> what
/// to add to it to name the file itself: nothing, or `index.html` for a folder.
struct Files(HashMap<String, &'static str>);

impl Files {
    fn new<'a>(paths: impl Iterator<Item = &'a String>) -> Self {
        let mut map = HashMap::new();
        let mut files = Vec::new();
        for path in paths {
            if let Some(dir) = path.strip_suffix("index.html") {
                if dir.is_empty() || dir.ends_with('/') {
                    map.insert(dir.to_string(), "index.html");
                }
                if let Some(bare) = dir.strip_suffix('/') {
                    map.insert(bare.to_string(), "/index.html");
                }
            }
            files.push(path.clone());
        }
        // A file named like a folder is that file.
        map.extend(files.into_iter().map(|f| (f, "")));
        Files(map)
    }
}

struct Base<'a> {
    /// `https://example.org/reports/`.
    url: &'a str,
    /// `/reports/`: the same place written from the root of the host.
    path: &'a str,
}

impl<'a> Base<'a> {
    fn new(url: &'a str) -> Self {
        let path = url
            .find("://")
            .and_then(|scheme| {
                url[scheme + 3..]
                    .find('/')
                    .map(|at| &url[scheme + 3 + at..])
            })
            .unwrap_or("/");
        Base { url, path }
    }

    /// What follows the base in `url`, when `url` points inside it.
    fn strip<'u>(&self, url: &'u str) -> Option<&'u str> {
        url.strip_prefix(self.url).or_else(|| {
            (!url.starts_with("//"))
                .then(|| url.strip_prefix(self.path))
                .flatten()
        })
    }
}

struct Page<'a> {
    /// The page's folder, by segment; empty at the root.
    dir: Vec<&'a str>,
    files: &'a Files,
    base: &'a Base<'a>,
}

impl Page<'_> {
    /// The URL written relative to this page, or `None` to keep it. The path stays as written
    /// (percent-encoding kept), with `index.html` added for a folder.
    fn relative(&self, url: &str) -> Option<String> {
        let rest = self.base.strip(url)?;
        let (path, suffix) = rest.split_at(rest.find(['?', '#']).unwrap_or(rest.len()));
        let add = self
            .files
            .0
            .get(crate::urls::percent_decode(path).as_ref())?;
        let target = format!("{path}{add}");
        let (dirs, file) = target.rsplit_once('/').unwrap_or(("", &target));
        let dirs: Vec<&str> = dirs.split('/').filter(|d| !d.is_empty()).collect();
        let common = self
            .dir
            .iter()
            .zip(&dirs)
            .take_while(|(a, b)| a == b)
            .count();
        let mut out = "../".repeat(self.dir.len() - common);
        for d in &dirs[common..] {
            out.push_str(d);
            out.push('/');
        }
        out.push_str(file);
        out.push_str(suffix);
        Some(out)
    }
}

/// Elements whose content is text, not markup: a `<` inside them starts no tag.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

const URL_ATTRIBUTES: [&str; 6] = ["href", "src", "action", "formaction", "poster", "cite"];

pub(super) fn is_url_attribute(name: &str) -> bool {
    URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name))
        || name
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("data-"))
}

/// The page with its internal URLs rewritten; `None` when nothing changed.
fn rewrite(html: &str, page: &Page) -> Option<String> {
    let mut out = String::new();
    // Bytes of `html` up to here are in `out` already.
    let mut copied = 0;
    let mut i = 0;
    let b = html.as_bytes();
    while let Some(at) = html[i..].find('<').map(|at| i + at) {
        i = at + 1;
        if html[at..].starts_with("<!--") {
            i = html[at..]
                .find("-->")
                .map_or(html.len(), |end| at + end + 3);
            continue;
        }
        if !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name_end = html[i..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(html.len(), |n| i + n);
        let tag = &html[i..name_end];
        i = name_end;
        attributes(html, &mut i, |name, (start, end)| {
            if !is_url_attribute(name) {
                return;
            }
            if let Some(url) = page.relative(&html[start..end]) {
                out.push_str(&html[copied..start]);
                out.push_str(&url);
                copied = end;
            }
        });
        if RAW_TEXT.iter().any(|t| t.eq_ignore_ascii_case(tag)) {
            let close = format!("</{tag}");
            i = find_ascii_case_insensitive(&html[i..], &close).map_or(html.len(), |end| i + end);
        }
    }
    if copied == 0 {
        return None;
    }
    out.push_str(&html[copied..]);
    Some(out)
}

/// Reads the attributes of the tag `i` is inside, leaving `i` after its `>`, and hands each
/// attribute's name and the byte range of its value to `found` (valueless ones are skipped).
fn attributes(html: &str, i: &mut usize, mut found: impl FnMut(&str, (usize, usize))) {
    let b = html.as_bytes();
    let skip_space = |i: &mut usize| {
        while b.get(*i).is_some_and(u8::is_ascii_whitespace) {
            *i += 1;
        }
    };
    loop {
        skip_space(i);
        match b.get(*i) {
            None => return,
            Some(b'>') => {
                *i += 1;
                return;
            }
            Some(b'/') => {
                *i += 1;
                continue;
            }
            Some(_) => {}
        }
        let name_start = *i;
        while b
            .get(*i)
            .is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/'))
        {
            *i += 1;
        }
        let name = &html[name_start..*i];
        skip_space(i);
        if b.get(*i) != Some(&b'=') {
            continue;
        }
        *i += 1;
        skip_space(i);
        let value = match b.get(*i) {
            Some(&quote @ (b'"' | b'\'')) => {
                let start = *i + 1;
                let end = html[start..]
                    .find(char::from(quote))
                    .map_or(html.len(), |n| start + n);
                *i = (end + 1).min(html.len());
                (start, end)
            }
            _ => {
                let start = *i;
                while b
                    .get(*i)
                    .is_some_and(|c| !c.is_ascii_whitespace() && *c != b'>')
                {
                    *i += 1;
                }
                (start, *i)
            }
        };
        found(name, value);
    }
}

fn find_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(files: &[&str]) -> Files {
        let files: Vec<String> = files.iter().map(|f| f.to_string()).collect();
        Files::new(files.iter())
    }

    fn at<'a>(dir: &'a str, files: &'a Files, base: &'a Base<'a>) -> Page<'a> {
        Page {
            dir: if dir.is_empty() {
                Vec::new()
            } else {
                dir.split('/').collect()
            },
            files,
            base,
        }
    }

    #[test]
    fn internal_urls_become_relative_to_the_page_and_name_their_file() {
        let files = pages(&[
            "index.html",
            "reports/index.html",
            "reports/2024-09/index.html",
            "static/grantsite.css",
            "static/my file.pdf",
        ]);
        let base = Base::new("https://example.org/");
        let page = at("reports/2024-09", &files, &base);
        let cases = [
            ("https://example.org/", Some("../../index.html")),
            ("https://example.org/reports/", Some("../index.html")),
            ("https://example.org/reports", Some("../index.html")),
            (
                "https://example.org/reports/2024-09/#kr",
                Some("index.html#kr"),
            ),
            (
                "/static/grantsite.css?v=1",
                Some("../../static/grantsite.css?v=1"),
            ),
            ("/static/my%20file.pdf", Some("../../static/my%20file.pdf")),
            ("https://example.org/resources/reports", None),
            ("https://other.org/reports/", None),
            ("//example.org/reports/", None),
            ("#main", None),
            ("mailto:team@example.org", None),
        ];
        for (url, want) in cases {
            assert_eq!(page.relative(url).as_deref(), want, "{url}");
        }
        let root = at("", &files, &base);
        assert_eq!(
            root.relative("/reports/").as_deref(),
            Some("reports/index.html")
        );
    }

    #[test]
    fn a_base_with_a_sub_path_is_stripped_whole() {
        let files = pages(&["index.html", "okrs/2024/index.html"]);
        let base = Base::new("https://example.org/program/");
        let page = at("okrs/2024", &files, &base);
        assert_eq!(
            page.relative("https://example.org/program/").as_deref(),
            Some("../../index.html")
        );
        assert_eq!(
            page.relative("/program/okrs/2024/").as_deref(),
            Some("index.html")
        );
        assert_eq!(page.relative("/okrs/2024/"), None);
    }

    #[test]
    fn rewrites_url_attributes_only_outside_text() {
        let files = pages(&["index.html", "a/index.html"]);
        let base = Base::new("https://example.org/");
        let page = at("a", &files, &base);
        let html = concat!(
            "<!doctype html><title>https://example.org/ <a href=\"/\"></title>",
            "<!-- <a href=\"/\"> -->",
            "<a class=x href=\"https://example.org/\" title=\"/\">home</a>",
            "<img src='/a/' alt=\"\">",
            "<input data-index=/ disabled>",
            "<p>href=\"https://example.org/\"</p>",
            "<script>var s = '<a href=\"/\">';</script>",
            "<a HREF=\"https://example.org/a/\">",
        );
        let want = concat!(
            "<!doctype html><title>https://example.org/ <a href=\"/\"></title>",
            "<!-- <a href=\"/\"> -->",
            "<a class=x href=\"../index.html\" title=\"/\">home</a>",
            "<img src='index.html' alt=\"\">",
            "<input data-index=../index.html disabled>",
            "<p>href=\"https://example.org/\"</p>",
            "<script>var s = '<a href=\"/\">';</script>",
            "<a HREF=\"index.html\">",
        );
        assert_eq!(rewrite(html, &page).as_deref(), Some(want));
        assert_eq!(rewrite("<p>nothing to do</p><a href=\"#x\">", &page), None);
    }

    #[test]
    fn percent_decoding_keeps_malformed_escapes() {
        assert_eq!(crate::urls::percent_decode("my%20file%2"), "my file%2");
        assert_eq!(crate::urls::percent_decode("%zz%41"), "%zzA");
    }
}
