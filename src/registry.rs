//! The registry of outputs: every file a build writes, declared once with its path, whether the
//! sitemap lists it, the content file it shows and what renders it. The link checker's URL map
//! (`SiteUrls`), the files `render` produces (so what `build` writes and `serve` serves), the
//! sitemap and the guard against static files replacing generated ones all read this one list,
//! so a link that `check` accepts always leads to a file the build writes.
//!
//! A new output (a page, a feed, an export) is one entry in [`outputs`] and one [`Artifact`]
//! variant, which `render` then has to know how to render.

use crate::model::{Date, KeyResultId, Site, SourcePath};
use crate::render::search::Part;
use crate::urls;
use std::collections::{BTreeMap, BTreeSet};

/// What an output shows, and so which renderer makes it. Indexes point into the [`Site`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Artifact {
    Home,
    Reports,
    /// The reports of one year.
    ReportYear(i32),
    Report(usize),
    /// The list of OKR years.
    OkrYears,
    /// One year's objectives and key results (index into `okr_years`).
    Okrs(usize),
    /// One key result across the reports of its year.
    KeyResult(usize, KeyResultId),
    Engagements,
    /// The engagements of one year.
    EngagementYear(i32),
    Engagement(usize),
    Grantees,
    Grantee(usize),
    /// The list of update years, with the latest months.
    Updates,
    /// One year's updates, by month.
    UpdateYear(i32),
    /// One year's updates of the engagements in an ecosystem (index into `Site::ecosystems`).
    UpdateEcosystem(i32, usize),
    Update(usize),
    /// An undated page of an engagement.
    Doc(usize),
    NotFound,
    Atom,
    Sitemap,
    Robots,
    SiteJson,
    SiteSchema,
    /// A file of the search index.
    Search(crate::render::search::Part),
    /// Every report's upcoming events, as iCalendar.
    Calendar,
    /// Every key result's status in every report, as CSV.
    KeyResultsCsv,
    /// Every grantee update, as CSV.
    UpdatesCsv,
    /// A file of the theme (index into `render::theme::STATIC`).
    ThemeFile(usize),
    /// A file of an engagement folder, copied as it is (index into `assets`).
    Asset(usize),
}

/// One file the build writes.
#[derive(Clone, Debug)]
pub struct Output {
    /// Relative to `base_url`: a page's folder, ending in `/` (empty for the home page), whose
    /// `index.html` is written; or a file.
    pub path: String,
    pub artifact: Artifact,
    /// The content file it shows, so that Markdown links to that file lead here.
    pub source: Option<SourcePath>,
    /// Listed in `sitemap.xml`: pages are, other files are not.
    pub in_sitemap: bool,
    /// For the sitemap, where known.
    pub lastmod: Option<Date>,
}

impl Output {
    /// The file written: `index.html` inside a page's folder.
    pub fn file(&self) -> String {
        if self.is_page() {
            format!("{}index.html", self.path)
        } else {
            self.path.clone()
        }
    }

    pub fn is_page(&self) -> bool {
        self.path.is_empty() || self.path.ends_with('/')
    }
}

/// Every output of the site, in a fixed order: the search index first (its files share one
/// index, built by the first of them, so rendering starts it early, beside the pages), then
/// listings before what they list.
pub fn outputs(site: &Site) -> Vec<Output> {
    let mut out = Registry::default();
    out.file(urls::SEARCH_INDEX, Artifact::Search(Part::Manifest));
    let search = crate::render::search::layout(site);
    for k in 0..search.shards {
        out.file(&urls::search_shard(k), Artifact::Search(Part::Shard(k)));
    }
    for k in 0..search.chunks {
        out.file(&urls::search_docs(k), Artifact::Search(Part::Docs(k)));
    }
    out.page("", Artifact::Home);

    out.page(urls::REPORTS, Artifact::Reports);
    let report_years: BTreeSet<i32> = site.reports.iter().map(|r| r.period.year()).collect();
    for year in report_years {
        out.page(&urls::report_year(year), Artifact::ReportYear(year));
    }
    for (i, r) in site.reports.iter().enumerate() {
        out.page(&urls::report(r), Artifact::Report(i))
            .shows(&r.source)
            .lastmod(r.published);
    }

    out.page(urls::OKRS, Artifact::OkrYears);
    for (i, y) in site.okr_years.iter().enumerate() {
        out.page(&urls::okrs(y.year), Artifact::Okrs(i));
        for kr in y.key_results() {
            let path = urls::key_result(y.year, kr.id);
            out.page(&path, Artifact::KeyResult(i, kr.id));
        }
    }

    out.page(urls::ENGAGEMENTS, Artifact::Engagements);
    let engagement_years: BTreeSet<i32> = site.engagements.iter().map(|e| e.year).collect();
    for year in engagement_years {
        out.page(&urls::engagement_year(year), Artifact::EngagementYear(year));
    }
    for (i, e) in site.engagements.iter().enumerate() {
        out.page(&urls::engagement_of(e), Artifact::Engagement(i))
            .shows(&e.source);
    }
    out.page(urls::GRANTEES, Artifact::Grantees);
    for (i, g) in site.grantees.iter().enumerate() {
        out.page(&urls::grantee(&g.slug), Artifact::Grantee(i));
    }
    out.page(urls::UPDATES, Artifact::Updates);
    update_listings(site, &mut out);
    for (i, u) in site.updates.iter().enumerate() {
        out.page(&urls::update(u), Artifact::Update(i))
            .shows(&u.source);
    }
    for (i, p) in site.pages.iter().enumerate() {
        out.page(&urls::page(p), Artifact::Doc(i)).shows(&p.source);
    }

    out.file(urls::NOT_FOUND, Artifact::NotFound);
    out.file(urls::FEED, Artifact::Atom);
    out.file(urls::SITEMAP, Artifact::Sitemap);
    out.file(urls::ROBOTS, Artifact::Robots);
    out.file(urls::SITE_JSON, Artifact::SiteJson);
    out.file(urls::SITE_SCHEMA, Artifact::SiteSchema);
    out.file(urls::CALENDAR, Artifact::Calendar);
    out.file(urls::KEY_RESULTS_CSV, Artifact::KeyResultsCsv);
    out.file(urls::UPDATES_CSV, Artifact::UpdatesCsv);
    for (i, (path, _)) in crate::render::theme::STATIC.iter().enumerate() {
        out.file(path, Artifact::ThemeFile(i));
    }
    for (i, a) in site.assets.iter().enumerate() {
        out.file(&a.output, Artifact::Asset(i)).shows(&a.source);
    }
    out.0
}

/// A page per year of updates, and below it a page per ecosystem that year's updates belong to.
fn update_listings(site: &Site, out: &mut Registry) {
    let ecosystems = site.ecosystems();
    let mut years: BTreeMap<i32, BTreeSet<usize>> = BTreeMap::new();
    for u in &site.updates {
        let in_year = years.entry(u.listing_year()).or_default();
        if let Some(e) = site.engagement_index(u.folder_year, &u.grantee) {
            in_year.extend(&ecosystems.of_engagement[e]);
        }
    }
    for (year, in_year) in years {
        out.page(&urls::updates_year(year), Artifact::UpdateYear(year));
        for i in in_year {
            let path = urls::updates_ecosystem(year, &ecosystems.all[i].slug);
            out.page(&path, Artifact::UpdateEcosystem(year, i));
        }
    }
}

#[derive(Default)]
struct Registry(Vec<Output>);

impl Registry {
    fn page(&mut self, path: &str, artifact: Artifact) -> &mut Output {
        self.add(path, artifact, true)
    }

    fn file(&mut self, path: &str, artifact: Artifact) -> &mut Output {
        self.add(path, artifact, false)
    }

    fn add(&mut self, path: &str, artifact: Artifact, in_sitemap: bool) -> &mut Output {
        self.0.push(Output {
            path: path.to_string(),
            artifact,
            source: None,
            in_sitemap,
            lastmod: None,
        });
        let added = self.0.len() - 1;
        &mut self.0[added]
    }
}

impl Output {
    fn shows(&mut self, source: &SourcePath) -> &mut Self {
        self.source = Some(source.clone());
        self
    }

    fn lastmod(&mut self, date: Option<Date>) {
        self.lastmod = date;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_folders_and_files_are_not_in_the_sitemap() {
        let site = Site::default();
        let all = outputs(&site);
        let home = all.iter().find(|o| o.artifact == Artifact::Home).unwrap();
        assert_eq!(home.file(), "index.html");
        assert!(home.in_sitemap);
        let feed = all.iter().find(|o| o.artifact == Artifact::Atom).unwrap();
        assert_eq!(feed.file(), "atom.xml");
        assert!(!feed.in_sitemap);
        let paths: BTreeSet<&str> = all.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(paths.len(), all.len(), "no path is declared twice");
    }
}
