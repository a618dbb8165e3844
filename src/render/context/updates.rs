//! Views of the listings of grantee updates: the index of years, a year's updates by month, and
//! a year's updates of one ecosystem. A listing never holds more than a year, so no page of a
//! long program is a wall of cards.

use super::Views;
use crate::model::{Ecosystems, Period, Site, Update, YearMonth};
use crate::render::views::*;
use crate::urls;
use std::collections::BTreeMap;

/// How many of the latest months with updates the index shows.
const LATEST_MONTHS: usize = 3;

/// What every listing page asks, worked out once per render: there is a listing per year and
/// ecosystem, and each counted the year's updates of every ecosystem again.
#[derive(Default)]
pub(super) struct Listings {
    ecosystems: Ecosystems,
    /// Listing year -> its updates (indexes into `Site::updates`, in the model's order).
    by_year: BTreeMap<i32, Vec<usize>>,
    /// Per update, its engagement (index into `Site::engagements`), whose ecosystems it is in.
    engagement_of: Vec<Option<usize>>,
    /// Listing year -> how many of its updates each ecosystem has.
    counts: BTreeMap<i32, Vec<usize>>,
}

impl Listings {
    pub(super) fn new(site: &Site) -> Listings {
        let ecosystems = site.ecosystems();
        let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut counts: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        let mut engagement_of = Vec::with_capacity(site.updates.len());
        for (i, u) in site.updates.iter().enumerate() {
            let year = u.listing_year();
            by_year.entry(year).or_default().push(i);
            let engagement = site.engagement_index(u.folder_year, &u.grantee);
            let count = counts
                .entry(year)
                .or_insert_with(|| vec![0; ecosystems.all.len()]);
            for &eco in engagement.map_or(&[][..], |e| &ecosystems.of_engagement[e]) {
                count[eco] += 1;
            }
            engagement_of.push(engagement);
        }
        Listings {
            ecosystems,
            by_year,
            engagement_of,
            counts,
        }
    }

    /// Whether update `i` belongs to an engagement that names ecosystem `eco`.
    fn in_ecosystem(&self, i: usize, eco: usize) -> bool {
        self.engagement_of[i].is_some_and(|e| self.ecosystems.of_engagement[e].contains(&eco))
    }
}

impl<'a> Views<'a> {
    pub fn updates_index(&self) -> UpdatesIndexView {
        let years = self
            .listings
            .by_year
            .iter()
            .rev()
            .map(|(&year, updates)| UpdateYearCard {
                year,
                url: self.abs(&urls::updates_year(year)),
                count: updates.len(),
                ecosystems: self.ecosystem_links(year, None),
            })
            .collect();
        let dated = self.site.updates.iter().filter(|u| u.period.is_some());
        let mut latest = self.by_month(dated);
        latest.truncate(LATEST_MONTHS);
        UpdatesIndexView {
            count: self.site.updates.len(),
            years,
            latest,
            grantees_url: self.abs(urls::GRANTEES),
        }
    }

    /// The year's updates, or only those of the engagements in `ecosystem` (an index into
    /// `Site::ecosystems`).
    pub fn updates_year(&self, year: i32, ecosystem: Option<usize>) -> UpdateYearView {
        let listings = &self.listings;
        let chosen = ecosystem.filter(|&i| i < listings.ecosystems.all.len());
        let shown: Vec<&Update> = listings
            .by_year
            .get(&year)
            .into_iter()
            .flatten()
            .filter(|&&i| chosen.is_none_or(|eco| listings.in_ecosystem(i, eco)))
            .map(|&i| &self.site.updates[i])
            .collect();
        let path = |year: i32| match chosen {
            Some(eco) => urls::updates_ecosystem(year, &listings.ecosystems.all[eco].slug),
            None => urls::updates_year(year),
        };
        let neighbour = |year: i32| {
            let path = path(year);
            self.urls.has_path(&path).then(|| LinkView {
                label: year.to_string(),
                url: self.abs(&path),
                key: "updates",
            })
        };
        let before = listings.by_year.range(..year).next_back().map(|(&y, _)| y);
        let after = listings.by_year.range(year + 1..).next().map(|(&y, _)| y);
        UpdateYearView {
            year,
            ecosystem: chosen.map(|eco| listings.ecosystems.all[eco].name.clone()),
            count: shown.len(),
            grantees: self.grantee_links(&shown),
            ecosystems: self.ecosystem_links(year, chosen),
            months: self.by_month(shown.into_iter()),
            year_url: self.abs(&urls::updates_year(year)),
            all_url: self.abs(urls::UPDATES),
            previous: before.and_then(neighbour),
            next: after.and_then(neighbour),
        }
    }

    /// Newest month first, undated last; within a month, by grantee.
    fn by_month<'u>(&self, updates: impl Iterator<Item = &'u Update>) -> Vec<MonthGroup> {
        let mut months: BTreeMap<Option<YearMonth>, Vec<UpdateCard>> = BTreeMap::new();
        for u in updates {
            months
                .entry(u.month())
                .or_default()
                .push(self.update_card(u));
        }
        let mut groups: Vec<MonthGroup> = months
            .into_iter()
            .map(|(month, mut items)| {
                items.sort_by(|a, b| {
                    (&a.grantee_name, &a.period, &a.url).cmp(&(&b.grantee_name, &b.period, &b.url))
                });
                MonthGroup {
                    id: month.map_or_else(|| "undated".to_string(), |m| m.to_string()),
                    label: month.map(|m| self.t.period(&Period::Month(m))),
                    items,
                }
            })
            .collect();
        // `None` sorts first in the map: reversed, the undated group comes last.
        groups.reverse();
        groups
    }

    fn grantee_links(&self, updates: &[&Update]) -> Vec<FilterLink> {
        let mut counts: BTreeMap<&crate::model::Slug, usize> = BTreeMap::new();
        for u in updates {
            *counts.entry(&u.grantee).or_default() += 1;
        }
        let mut links: Vec<FilterLink> = counts
            .into_iter()
            .map(|(slug, count)| FilterLink {
                label: self
                    .grantee_by_slug(slug)
                    .map_or_else(|| slug.to_string(), |g| g.name.clone()),
                url: format!("{}#timeline", self.abs(&urls::grantee(slug))),
                count,
                current: false,
            })
            .collect();
        links.sort_by_key(|l| l.label.to_lowercase());
        links
    }

    fn ecosystem_links(&self, year: i32, current: Option<usize>) -> Vec<FilterLink> {
        let all = &self.listings.ecosystems.all;
        let counts = self.listings.counts.get(&year);
        counts
            .into_iter()
            .flatten()
            .enumerate()
            .filter(|&(_, &count)| count > 0)
            .map(|(i, &count)| FilterLink {
                label: all[i].name.clone(),
                url: self.abs(&urls::updates_ecosystem(year, &all[i].slug)),
                count,
                current: current == Some(i),
            })
            .collect()
    }
}
