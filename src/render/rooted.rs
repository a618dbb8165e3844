//! Links to the site written from the root of the host (`/grants/reports/`), without the
//! scheme and host that the views and templates put before every internal URL: a page links
//! to its own site dozens of times, and the origin was a tenth of its bytes. The canonical URL
//! and the feed's (`<link rel="canonical">`, `<link rel="alternate">`) stay absolute, as other
//! programs read them off the page, and so does every output that is not a page: feeds, the
//! sitemap, the data files.
//!
//! Only URL attributes (`href`, `src`, `data-*`, ...) that start with the base URL change; a
//! page's text, and other sites' URLs, are left as written.

use super::relative::is_url_attribute;

/// The base URL, read once for every page of a build.
pub struct Rooted {
    /// `="https://example.org/grants/`: a URL attribute's value that starts with the base.
    finder: memchr::memmem::Finder<'static>,
    /// `/grants/`; `None` for a base URL without a host, which is left as it is.
    root: Option<String>,
}

impl Rooted {
    pub fn new(base_url: &str) -> Rooted {
        let needle = format!("=\"{base_url}");
        Rooted {
            finder: memchr::memmem::Finder::new(needle.as_bytes()).into_owned(),
            root: path_of(base_url).map(str::to_string),
        }
    }

    /// `html` with the base URL cut down to its path in its URL attributes.
    pub fn apply(&self, html: String) -> String {
        let Some(root) = &self.root else {
            return html;
        };
        let needle_len = self.finder.needle().len();
        let mut out = String::new();
        // Bytes of `html` up to here are in `out` already.
        let mut copied = 0;
        for at in self.finder.find_iter(html.as_bytes()) {
            let before = &html[..at];
            let name = &before[before
                .rfind(|c: char| c.is_ascii_whitespace())
                .map_or(0, |i| i + 1)..];
            if !is_url_attribute(name) || names_the_page_for_others(&html, at) {
                continue;
            }
            if out.is_empty() {
                out.reserve(html.len());
            }
            out.push_str(&html[copied..at + 2]);
            out.push_str(root);
            copied = at + needle_len;
        }
        if copied == 0 {
            return html;
        }
        out.push_str(&html[copied..]);
        out
    }
}

/// Whether the attribute at `at` is in a `<link>` to this page's canonical URL or to the feed.
fn names_the_page_for_others(html: &str, at: usize) -> bool {
    let start = html[..at].rfind('<').unwrap_or(0);
    let end = html[at..].find('>').map_or(html.len(), |e| at + e);
    let tag = &html[start..end];
    tag.starts_with("<link")
        && (tag.contains(" rel=\"canonical\"") || tag.contains(" rel=\"alternate\""))
}

/// `/grants/` of `https://example.org/grants/`; `None` for a base URL without a host.
fn path_of(base_url: &str) -> Option<&str> {
    let after_scheme = base_url.find("://")? + 3;
    let path = base_url[after_scheme..].find('/')? + after_scheme;
    Some(&base_url[path..])
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://example.org/grants/";

    fn from_root(html: String, base_url: &str) -> String {
        Rooted::new(base_url).apply(html)
    }

    fn page(head: &str, body: &str) -> String {
        format!("<html><head>{head}</head>\n<body>{body}</body></html>")
    }

    #[test]
    fn body_links_to_the_site_start_at_the_root() {
        let html = page(
            "",
            r#"<a href="https://example.org/grants/reports/">R</a><img src="https://example.org/grants/a.png" alt=""><div data-index="https://example.org/grants/data/search/index.json"></div>"#,
        );
        assert_eq!(
            from_root(html, BASE),
            page(
                "",
                r#"<a href="/grants/reports/">R</a><img src="/grants/a.png" alt=""><div data-index="/grants/data/search/index.json"></div>"#
            )
        );
    }

    #[test]
    fn the_canonical_and_feed_links_text_other_attributes_and_other_sites_are_kept() {
        let head = concat!(
            r#"<link rel="canonical" href="https://example.org/grants/x/">"#,
            r#"<link rel="alternate" type="application/atom+xml" href="https://example.org/grants/atom.xml">"#,
        );
        let body = concat!(
            r#"<a href="https://example.org/other/">o</a> "#,
            r#"<abbr title="https://example.org/grants/x/">t</abbr> "#,
            r#"<p>See https://example.org/grants/x/ and ="https://example.org/grants/</p>"#,
            r#"<a href="https://example.org/grants">no slash</a>"#,
        );
        let html = page(head, body);
        assert_eq!(from_root(html.clone(), BASE), html);
    }

    #[test]
    fn the_theme_files_in_the_head_start_at_the_root() {
        let head =
            r#"<link rel="stylesheet" href="https://example.org/grants/static/grantsite.css">"#;
        assert_eq!(
            from_root(page(head, ""), BASE),
            page(
                r#"<link rel="stylesheet" href="/grants/static/grantsite.css">"#,
                ""
            )
        );
    }

    #[test]
    fn a_base_at_the_host_root_leaves_a_slash() {
        let html = page("", r#"<a href="https://example.org/x/">x</a>"#);
        assert_eq!(
            from_root(html, "https://example.org/"),
            page("", r#"<a href="/x/">x</a>"#)
        );
    }
}
