//! Builds the views templates receive from the model. Indexes that several pages need
//! (mentions of each engagement, updates of each grantee) are computed once here; the views
//! of reports, of objectives and key results, and of engagements, grantees and updates, are in
//! the submodules.

mod cadence;
mod engagements;
mod okrs;
mod reports;
mod updates;

use super::search;
use super::views::*;
use crate::i18n::Translator;
use crate::markdown::{self, LinkContext};
use crate::model::{Engagement, EngagementPage, Grantee, Markdown, Site, Slug, Status, Update};
use crate::urls::{self, SiteUrls};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// (year, grantee) -> the reports that name that engagement (by index), with how each names it
/// (`new`, `renewed`, `existing`, `highlight`).
type Mentions<'a> = HashMap<(i32, &'a Slug), Vec<(usize, Vec<&'static str>)>>;

/// (attribute name without `data-`, key) of what the search script shows.
const SEARCH_LABELS: [(&str, &str); 9] = [
    ("label", "search"),
    ("placeholder", "search_placeholder"),
    ("text-unavailable", "search_unavailable"),
    ("text-none", "search_no_results"),
    ("text-one", "search_one_result"),
    ("text-other", "search_results"),
    ("kind-report", "search_kind_report"),
    ("kind-engagement", "search_kind_engagement"),
    ("kind-update", "search_kind_update"),
];

pub struct Views<'a> {
    pub site: &'a Site,
    pub urls: &'a SiteUrls,
    pub base: &'a str,
    /// The labels of the site's language.
    pub t: &'a Translator,
    mentions: Mentions<'a>,
    updates_by_grantee: HashMap<&'a Slug, Vec<usize>>,
    /// In the model's order (year, then grantee).
    engagements_by_grantee: HashMap<&'a Slug, Vec<usize>>,
    pages_by_engagement: HashMap<(i32, &'a Slug), Vec<usize>>,
    listings: updates::Listings,
    /// `update_card` of each update, by index.
    cards: Vec<OnceLock<UpdateCard>>,
    /// The last month any report or update covers.
    latest_month: OnceLock<Option<crate::model::YearMonth>>,
    /// Built by the first search file rendered, shared by the others.
    search: OnceLock<search::Index>,
    /// Each update's search terms, read from the text of its page when the page is rendered
    /// before the index is built (`render_each` renders pages first): its body is then parsed
    /// once for both. The index takes them.
    pub(super) update_terms: Vec<Mutex<Option<search::Analysed>>>,
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, urls: &'a SiteUrls, t: &'a Translator) -> Self {
        let mut mentions: Mentions = HashMap::new();
        // Every report names most grantees: each name is looked up once.
        let mut grantee_of: HashMap<&str, Option<&Slug>> = HashMap::new();
        for (i, r) in site.reports.iter().enumerate() {
            let year = r.period.year();
            let named = r
                .engagements
                .all()
                .map(|(list, e)| (list, e.grantee.as_str()));
            let highlighted = r
                .highlights
                .iter()
                .map(|h| ("highlight", h.grantee.as_str()));
            for (list, name) in named.chain(highlighted) {
                let slug = *grantee_of
                    .entry(name)
                    .or_insert_with(|| site.grantee(name).map(|g| &g.slug));
                if let Some(slug) = slug {
                    let reports = mentions.entry((year, slug)).or_default();
                    if reports.last().is_none_or(|(report, _)| *report != i) {
                        reports.push((i, Vec::new()));
                    }
                    if let Some((_, roles)) = reports.last_mut() {
                        if !roles.contains(&list) {
                            roles.push(list);
                        }
                    }
                }
            }
        }
        let mut updates_by_grantee: HashMap<&Slug, Vec<usize>> = HashMap::new();
        for (i, u) in site.updates.iter().enumerate() {
            updates_by_grantee.entry(&u.grantee).or_default().push(i);
        }
        let mut engagements_by_grantee: HashMap<&Slug, Vec<usize>> = HashMap::new();
        for (i, e) in site.engagements.iter().enumerate() {
            engagements_by_grantee
                .entry(&e.grantee)
                .or_default()
                .push(i);
        }
        let mut pages_by_engagement: HashMap<(i32, &Slug), Vec<usize>> = HashMap::new();
        for (i, p) in site.pages.iter().enumerate() {
            let key = (p.folder_year, &p.grantee);
            pages_by_engagement.entry(key).or_default().push(i);
        }
        Views {
            site,
            urls,
            base: &site.program.base_url,
            t,
            mentions,
            updates_by_grantee,
            engagements_by_grantee,
            pages_by_engagement,
            listings: updates::Listings::new(site),
            cards: site.updates.iter().map(|_| OnceLock::new()).collect(),
            latest_month: OnceLock::new(),
            search: OnceLock::new(),
            update_terms: site.updates.iter().map(|_| Mutex::new(None)).collect(),
        }
    }

    /// Built once, by whoever asks first (`render_each` asks before rendering in parallel).
    pub fn search_index(&self) -> &search::Index {
        self.search.get_or_init(|| search::Index::build(self))
    }

    /// The index if it is built, else built now unless `stop` says to give up first (then
    /// `None`, and the next ask builds it again).
    pub fn search_index_unless(&self, stop: &(dyn Fn() -> bool + Sync)) -> Option<&search::Index> {
        if let Some(index) = self.search.get() {
            return Some(index);
        }
        let built = search::Index::build_unless(self, stop)?;
        Some(self.search.get_or_init(|| built))
    }

    /// Keeps update `index`'s terms from the text of its body, unless the index is built
    /// (nobody will ask) or they are kept already.
    pub(super) fn keep_update_terms(&self, index: usize, text: &str) {
        let (Some(slot), Some(u)) = (self.update_terms.get(index), self.site.updates.get(index))
        else {
            return;
        };
        if self.search.get().is_some() || slot.lock().map_or(true, |kept| kept.is_some()) {
            return;
        }
        let terms = search::update_terms(self, u, text);
        if let Ok(mut kept) = slot.lock() {
            kept.get_or_insert(terms);
        }
    }

    /// Update `index`'s terms, if its page kept them.
    pub(super) fn take_update_terms(&self, index: usize) -> Option<search::Analysed> {
        self.update_terms.get(index)?.lock().ok()?.take()
    }

    pub fn abs(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn html(&self, md: &Markdown, source: &str) -> String {
        let cx = LinkContext {
            base_url: self.base,
            source,
            urls: self.urls,
        };
        markdown::to_html(&md.text, &cx)
    }

    /// `html_under_title`, and the body's plain text from the same parse.
    fn html_and_text_under_title(
        &self,
        md: &Markdown,
        source: &str,
        title: &str,
    ) -> (String, String) {
        let cx = LinkContext {
            base_url: self.base,
            source,
            urls: self.urls,
        };
        markdown::to_html_and_text(&md.text, &cx, title)
    }

    /// A page body under its title: a first heading equal to the title is not repeated.
    fn html_under_title(&self, md: &Markdown, source: &str, title: &str) -> String {
        let cx = LinkContext {
            base_url: self.base,
            source,
            urls: self.urls,
        };
        markdown::to_html_under_title(&md.text, &cx, title)
    }

    fn inline_html(&self, md: &Markdown, source: &str) -> String {
        let cx = LinkContext {
            base_url: self.base,
            source,
            urls: self.urls,
        };
        markdown::to_inline_html(&md.text, &cx)
    }

    pub fn site_view(&self) -> SiteView<'a> {
        let p = &self.site.program;
        // The label's key is the entry's key.
        let nav = [
            ("", "home"),
            (urls::REPORTS, "reports"),
            ("okrs", "okrs"),
            (urls::ENGAGEMENTS, "engagements"),
            (urls::UPDATES, "updates"),
        ];
        let latest_okrs = self.site.okr_years.last().map(|y| urls::okrs(y.year));
        SiteView {
            name: &p.name,
            tagline: &p.tagline,
            purpose_html: p
                .purpose
                .as_ref()
                .map(|m| self.html(m, "content/program.yaml")),
            base_url: self.base,
            language: &p.language,
            contact_email: p.contact.as_ref().and_then(|c| c.email.as_deref()),
            contact_html: p
                .contact
                .as_ref()
                .and_then(|c| c.text.as_ref())
                .map(|m| self.html(m, "content/program.yaml")),
            links: &p.links,
            team: &p.team,
            nav: nav
                .iter()
                .filter_map(|&(path, key)| {
                    let path = if key == "okrs" {
                        latest_okrs.clone()?
                    } else {
                        path.to_string()
                    };
                    Some(LinkView {
                        label: self.t.get(key).to_string(),
                        url: self.abs(&path),
                        key,
                    })
                })
                .collect(),
            stylesheet_url: self.abs("static/grantsite.css"),
            script_url: self.abs("static/grantsite.js"),
            feed_url: self.abs(urls::FEED),
            data_url: self.abs(urls::SITE_JSON),
            search_index_url: self.abs(urls::SEARCH_INDEX),
            calendar_url: self.abs(urls::CALENDAR),
            key_results_csv_url: self.abs(urls::KEY_RESULTS_CSV),
            updates_csv_url: self.abs(urls::UPDATES_CSV),
            generator: concat!("grantsite ", env!("CARGO_PKG_VERSION")),
            search_labels: self.search_labels(),
        }
    }

    /// The script words these in English itself, so English pages need no attributes.
    fn search_labels(&self) -> Vec<SearchLabel> {
        let english = crate::i18n::english();
        SEARCH_LABELS
            .iter()
            .filter(|(_, key)| self.t.get(key) != english.get(key))
            .map(|&(name, key)| SearchLabel {
                name,
                text: self.t.get(key).to_string(),
            })
            .collect()
    }

    /// A status badge; `None` is "no status".
    fn status_view(&self, s: Option<Status>) -> StatusView {
        StatusView {
            slug: s.map_or("none", Status::slug),
            label: self.t.status(s).to_string(),
        }
    }

    fn grantee_name(&self, g: Option<&Grantee>, written: &str) -> String {
        g.map_or_else(|| written.to_string(), |g| g.name.clone())
    }

    fn engagement_or_grantee_url(&self, year: i32, g: &Grantee) -> String {
        match self.site.engagement(year, &g.slug) {
            Some(e) => self.abs(&urls::engagement_of(e)),
            None => self.abs(&urls::grantee(&g.slug)),
        }
    }

    /// Grantees are sorted by slug: a search, where `Site::grantee` would slug the slug again
    /// (a good part of rendering an update's card, made for every page that lists it).
    fn grantee_by_slug(&self, slug: &Slug) -> Option<&'a Grantee> {
        let grantees = &self.site.grantees;
        let i = grantees.binary_search_by(|g| g.slug.cmp(slug)).ok()?;
        Some(&grantees[i])
    }

    fn updates_of(&self, grantee: &Slug) -> impl DoubleEndedIterator<Item = &'a Update> + '_ {
        self.updates_by_grantee
            .get(grantee)
            .into_iter()
            .flatten()
            .map(|&i| &self.site.updates[i])
    }

    /// Oldest year first.
    fn engagements_of(
        &self,
        grantee: &Slug,
    ) -> impl DoubleEndedIterator<Item = &'a Engagement> + '_ {
        self.engagements_by_grantee
            .get(grantee)
            .into_iter()
            .flatten()
            .map(|&i| &self.site.engagements[i])
    }

    fn pages_of(&self, e: &'a Engagement) -> impl Iterator<Item = &'a EngagementPage> + '_ {
        self.pages_by_engagement
            .get(&(e.year, &e.grantee))
            .into_iter()
            .flatten()
            .map(|&i| &self.site.pages[i])
    }
}

#[cfg(test)]
mod tests {
    use super::SEARCH_LABELS;

    /// English pages carry no `data-` texts, so the script's own must be the English table's:
    /// its messages, and for result kinds the index's `kind` itself.
    #[test]
    fn the_search_script_words_its_texts_as_the_english_table_does() {
        let script = include_str!("../../../templates/static/grantsite.js");
        assert!(script.contains(r#"label("kind-" + item.kind, item.kind)"#));
        for (name, key) in SEARCH_LABELS {
            let text = crate::i18n::english().get(key);
            match name.strip_prefix("kind-") {
                Some(kind) => assert_eq!(text, kind, "{name}"),
                None => {
                    let call = format!("label(\"{name}\", \"{text}\")");
                    assert!(script.contains(&call), "{call}");
                }
            }
        }
    }
}
