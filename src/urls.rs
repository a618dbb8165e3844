//! The site's URL scheme, in one place: every page's path (relative to `base_url`, ending in
//! `/`), and the map from content files to the pages and files they become, which Markdown
//! links are resolved against.

use crate::model::{Engagement, EngagementPage, KeyResultId, Period, Report, Site, Slug, Update};
use crate::registry::{self, Output};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

pub const REPORTS: &str = "reports/";
pub const ENGAGEMENTS: &str = "engagements/";
pub const GRANTEES: &str = "grantees/";
pub const UPDATES: &str = "updates/";
pub const OKRS: &str = "okrs/";
pub const FEED: &str = "atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";
pub const SITE_JSON: &str = "data/site.json";
pub const SITE_SCHEMA: &str = "data/site.schema.json";
/// The search index's manifest; its shards and chunks sit beside it.
pub const SEARCH_INDEX: &str = "data/search/index.json";
pub const CALENDAR: &str = "calendar.ics";
pub const KEY_RESULTS_CSV: &str = "data/key-results.csv";
pub const UPDATES_CSV: &str = "data/updates.csv";

pub fn search_shard(k: usize) -> String {
    format!("data/search/terms-{k}.json")
}

pub fn search_docs(k: usize) -> String {
    format!("data/search/docs-{k}.json")
}

pub fn report(r: &Report) -> String {
    report_of(&r.period)
}

/// An annual report sits below its year's page (`reports/2024/annual/`), which lists it.
fn report_of(period: &Period) -> String {
    match period {
        Period::Year(year) => format!("{}annual/", report_year(*year)),
        _ => format!("{REPORTS}{}/", period.slug()),
    }
}

pub fn report_year(year: i32) -> String {
    format!("{REPORTS}{year}/")
}

pub fn okrs(year: i32) -> String {
    format!("{OKRS}{year}/")
}

/// `okrs/2024/kr1-1/`.
pub fn key_result(year: i32, id: KeyResultId) -> String {
    format!("{}kr{}-{}/", okrs(year), id.objective, id.index)
}

pub fn engagement_year(year: i32) -> String {
    format!("{ENGAGEMENTS}{year}/")
}

pub fn engagement(year: i32, grantee: &Slug) -> String {
    format!("{ENGAGEMENTS}{year}/{grantee}/")
}

pub fn engagement_of(e: &Engagement) -> String {
    engagement(e.year, &e.grantee)
}

pub fn grantee(slug: &Slug) -> String {
    format!("{GRANTEES}{slug}/")
}

pub fn update(u: &Update) -> String {
    format!("{}{}/", engagement(u.folder_year, &u.grantee), u.slug)
}

/// `updates/2024/`: one year's updates, by month.
pub fn updates_year(year: i32) -> String {
    format!("{UPDATES}{year}/")
}

/// `updates/2024/python/`: one year's updates of the engagements in an ecosystem.
pub fn updates_ecosystem(year: i32, ecosystem: &Slug) -> String {
    format!("{}{ecosystem}/", updates_year(year))
}

pub fn page(p: &EngagementPage) -> String {
    format!("{}{}/", engagement(p.folder_year, &p.grantee), p.slug)
}

/// Where every content file ends up, and which paths the site has: the registry's outputs,
/// plus the site's own `static/` files.
#[derive(Debug, Default)]
pub struct SiteUrls {
    /// What the build renders, from the registry.
    outputs: Vec<Output>,
    /// Site-relative source path -> output path (a page's folder, or an asset's file).
    by_source: HashMap<String, String>,
    /// Every output path, for checking absolute links.
    paths: HashSet<String>,
    /// The same paths in lower case (-> as written), for clashes that only case-insensitive
    /// file systems (macOS, Windows) would see.
    folded: BTreeMap<String, String>,
}

impl SiteUrls {
    pub fn new(site: &Site) -> Self {
        let mut urls = SiteUrls::default();
        for output in registry::outputs(site) {
            urls.insert_path(output.path.clone());
            if let Some(source) = &output.source {
                urls.by_source
                    .insert(source.to_string(), output.path.clone());
            }
            urls.outputs.push(output);
        }
        urls
    }

    /// Every file the build renders or copies from the model, in the registry's order.
    pub fn outputs(&self) -> &[Output] {
        &self.outputs
    }

    /// Every path a link may lead to: pages (their folders) and files.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(String::as_str)
    }

    fn insert_path(&mut self, path: String) {
        self.folded.insert(path.to_lowercase(), path.clone());
        self.paths.insert(path);
    }

    /// Also count the site's `static/` files, copied as they are, as paths.
    pub fn add_static(&mut self, path: String) {
        self.insert_path(path);
    }

    /// The path the build writes that a file copied to `file` would replace: the same file, the
    /// page whose `index.html` it is, or a path it cannot sit beside (a file where the build
    /// needs a folder, or a folder where it writes a file).
    pub fn taken_by(&self, file: &str) -> Option<String> {
        // Compared in lower case: on macOS and Windows `Index.html` replaces `index.html`.
        let file = file.to_lowercase();
        let taken = |path: &str| self.folded.get(path).cloned();
        if let Some(same) = taken(&file) {
            return Some(same);
        }
        if let Some(page) = file.strip_suffix("index.html")
            && (page.is_empty() || page.ends_with('/'))
            && let Some(page) = taken(page)
        {
            return Some(page);
        }
        let mut folders = file.match_indices('/').map(|(i, _)| &file[..i]);
        if let Some(folder) = folders.find_map(taken) {
            return Some(folder);
        }
        let inside = format!("{file}/");
        self.folded
            .range(inside.clone()..)
            .next()
            .filter(|(p, _)| p.starts_with(&inside))
            .map(|(_, written)| written.clone())
    }

    pub fn for_source(&self, source: &str) -> Option<&str> {
        self.by_source.get(source).map(String::as_str)
    }

    /// Does the site have this path (with or without a trailing `/` or `index.html`)?
    pub fn has_path(&self, path: &str) -> bool {
        let path = path.trim_start_matches('/');
        let path = path.strip_suffix("index.html").unwrap_or(path);
        self.paths.contains(path) || self.paths.contains(&format!("{path}/"))
    }
}

/// Resolves a relative link written in `source` (site-relative) to a site-relative path,
/// following `.` and `..`. `None` when it climbs out of the site.
pub fn resolve_relative(source: &str, link: &str) -> Option<String> {
    let dir = source.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// Percent-decodes a link path (`Rust%20Foundation/a.md` -> `Rust Foundation/a.md`); anything
/// malformed stays as written, so it simply names no file.
pub fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    Cow::Owned(String::from_utf8_lossy(&out).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_page_lists_its_reports_and_an_annual_report_sits_below_it() {
        let period = |p: &str| p.parse::<Period>().unwrap();
        assert_eq!(report_of(&period("2024-09")), "reports/2024-09/");
        assert_eq!(report_of(&period("2024-q2")), "reports/2024-q2/");
        assert_eq!(report_year(2024), "reports/2024/");
        assert_eq!(report_of(&period("2024")), "reports/2024/annual/");
        let kr = "KR1.3".parse().unwrap();
        assert_eq!(key_result(2024, kr), "okrs/2024/kr1-3/");
    }

    #[test]
    fn resolves_relative_links() {
        let src = "content/engagements/2024/FreeBSD/update-2024-09.md";
        assert_eq!(
            resolve_relative(src, "pic-2024-02/otterdog.png").as_deref(),
            Some("content/engagements/2024/FreeBSD/pic-2024-02/otterdog.png")
        );
        assert_eq!(
            resolve_relative(src, "../PyPI/./README.md").as_deref(),
            Some("content/engagements/2024/PyPI/README.md")
        );
        assert_eq!(resolve_relative("a/b.md", "../../../x"), None);
    }

    #[test]
    fn knows_which_paths_a_copied_file_would_replace() {
        let mut urls = SiteUrls::default();
        for path in [
            "",
            "reports/",
            "reports/2024-09/",
            "data/site.json",
            "robots.txt",
        ] {
            urls.insert_path(path.to_string());
        }
        let taken = |file| urls.taken_by(file);
        assert_eq!(taken("data/site.json").as_deref(), Some("data/site.json"));
        assert_eq!(taken("Data/Site.JSON").as_deref(), Some("data/site.json"));
        assert_eq!(taken("INDEX.html").as_deref(), Some(""));
        assert_eq!(taken("Reports/x.png").as_deref(), None);
        assert_eq!(taken("index.html").as_deref(), Some(""));
        assert_eq!(taken("reports/index.html").as_deref(), Some("reports/"));
        assert_eq!(
            taken("reports/2024-09/index.html").as_deref(),
            Some("reports/2024-09/")
        );
        assert_eq!(
            taken("reports").as_deref(),
            Some("reports/"),
            "a file where a folder goes"
        );
        assert_eq!(taken("data").as_deref(), Some("data/site.json"));
        assert_eq!(
            taken("robots.txt/x").as_deref(),
            Some("robots.txt"),
            "a folder where a file goes"
        );
        for free in [
            "reports/2024-09/chart.png",
            "data/extra.json",
            "myindex.html",
            ".well-known/security.txt",
        ] {
            assert_eq!(taken(free), None, "{free}");
        }
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(
            percent_decode("Rust%20Foundation/a.md"),
            "Rust Foundation/a.md"
        );
        assert_eq!(percent_decode("100%"), "100%");
    }
}
