//! The typed model of a grant program. It owns no I/O and no HTML: the loader fills it, the
//! validator checks it, the renderer reads it.

pub mod date;
pub mod engagement;
pub mod ids;
pub mod markdown;
pub mod okr;
pub mod period;
pub mod program;
pub mod report;
pub mod slug;
pub mod source;
pub mod spans;
pub mod status;
pub mod update;
pub mod weburl;

pub use date::{Date, EventDate};
pub use engagement::{Engagement, EngagementStatus, Grantee, Money};
pub use ids::{KeyResultId, ObjectiveId};
pub use markdown::{LinkRef, Markdown, Outline};
pub use okr::{KeyResult, Objective, OkrYear};
pub use period::{Period, YearMonth};
pub use program::{AssetRules, Contact, FeedSettings, GranteeLinks, Link, Member, Program};
pub use report::{
    EngagementEntry, EngagementLists, EventKind, Funding, Highlight, KeyResultStatus, Report,
    ReportKind, Upcoming,
};
pub use slug::Slug;
pub use source::SourcePath;
pub use spans::{At, Span, Spans};
pub use status::Status;
pub use update::{Asset, EngagementPage, PeriodOrigin, Update};
pub use weburl::WebUrl;

use std::collections::{BTreeSet, HashMap};

/// A whole site after loading: every collection is sorted, so rendering is deterministic.
#[derive(Clone, Debug, Default)]
pub struct Site {
    pub program: Program,
    pub okr_years: Vec<OkrYear>,
    /// Oldest first.
    pub reports: Vec<Report>,
    /// By slug.
    pub grantees: Vec<Grantee>,
    /// By year, then grantee slug.
    pub engagements: Vec<Engagement>,
    /// By grantee, then period (undated last), then source path.
    pub updates: Vec<Update>,
    pub pages: Vec<EngagementPage>,
    pub assets: Vec<Asset>,
    /// The loose key of every name a grantee answers to (its slug, its aliases, its folder
    /// names) -> index in `grantees`.
    pub grantee_index: HashMap<String, usize>,
    /// Files that exist but could not be read or parsed: their own problems are reported, and
    /// nothing that refers to them is reported again.
    pub failed: BTreeSet<SourcePath>,
}

impl Site {
    /// Resolves any spelling of a grantee (slug, alias, display name) to the grantee.
    pub fn grantee(&self, name: &str) -> Option<&Grantee> {
        let key = Slug::loose_key_of(name)?;
        self.grantee_index.get(&key).map(|&i| &self.grantees[i])
    }

    /// A search of `engagements` by its order (year, then grantee): reports name thousands of
    /// engagements, and a scan per name made large sites quadratic.
    pub fn engagement(&self, year: i32, grantee: &Slug) -> Option<&Engagement> {
        self.engagement_index(year, grantee)
            .map(|i| &self.engagements[i])
    }

    /// Where `engagement` finds it in `engagements`.
    pub fn engagement_index(&self, year: i32, grantee: &Slug) -> Option<usize> {
        self.engagements
            .binary_search_by(|e| (e.year, &e.grantee).cmp(&(year, grantee)))
            .ok()
    }

    pub fn okr_year(&self, year: i32) -> Option<&OkrYear> {
        self.okr_years.iter().find(|y| y.year == year)
    }

    /// Every ecosystem the engagements name, by slug, with the ones each engagement names;
    /// spellings that slug alike (`Python`, `python`) are one, named as the first engagement
    /// writes it.
    pub fn ecosystems(&self) -> Ecosystems {
        let mut by_slug: std::collections::BTreeMap<Slug, String> = Default::default();
        let slugs: Vec<Vec<Slug>> = self
            .engagements
            .iter()
            .map(|e| {
                let mut own: Vec<Slug> = Vec::new();
                for name in &e.ecosystems {
                    if let Some(slug) = Slug::from_name(name) {
                        by_slug.entry(slug.clone()).or_insert_with(|| name.clone());
                        if !own.contains(&slug) {
                            own.push(slug);
                        }
                    }
                }
                own
            })
            .collect();
        let all: Vec<Ecosystem> = by_slug
            .into_iter()
            .map(|(slug, name)| Ecosystem { slug, name })
            .collect();
        let of_engagement = slugs
            .into_iter()
            .map(|own| {
                let mut found: Vec<usize> = own
                    .iter()
                    .filter_map(|s| all.binary_search_by(|eco| eco.slug.cmp(s)).ok())
                    .collect();
                found.sort_unstable();
                found
            })
            .collect();
        Ecosystems { all, of_engagement }
    }
}

/// An ecosystem (`Python`, `Rust`) that engagements name, for listing updates by it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ecosystem {
    pub slug: Slug,
    pub name: String,
}

/// The site's ecosystems by slug, and which of them (by index, ascending) each engagement
/// names (by its index in `Site::engagements`): listings ask this for every update, and
/// slugging the names each time made them quadratic.
#[derive(Clone, Debug, Default)]
pub struct Ecosystems {
    pub all: Vec<Ecosystem>,
    pub of_engagement: Vec<Vec<usize>>,
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_every_engagement_by_year_and_grantee_and_nothing_else() {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/updates/site");
        let site = crate::load::load(&root).unwrap().site;
        assert!(site.engagements.len() > 2);
        for e in &site.engagements {
            let found = site.engagement(e.year, &e.grantee).map(|f| &f.source);
            assert_eq!(found, Some(&e.source));
            assert!(site.engagement(e.year + 100, &e.grantee).is_none());
        }
    }
}
