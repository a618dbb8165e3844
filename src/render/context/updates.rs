//! Views of the listings of grantee updates: the index of years, a year's updates by month, and
//! a year's updates of one ecosystem. A listing never holds more than a year, so no page of a
//! long program is a wall of cards.

use super::Views;
use crate::model::{Ecosystem, Period, Update, YearMonth};
use crate::render::views::*;
use crate::urls;
use std::collections::BTreeMap;

/// How many of the latest months with updates the index shows.
const LATEST_MONTHS: usize = 3;

impl<'a> Views<'a> {
    pub fn updates_index(&self) -> UpdatesIndexView {
        let mut by_year: BTreeMap<i32, Vec<&Update>> = BTreeMap::new();
        for u in &self.site.updates {
            by_year.entry(u.listing_year()).or_default().push(u);
        }
        let ecosystems = self.site.ecosystems();
        let years = by_year
            .iter()
            .rev()
            .map(|(&year, updates)| UpdateYearCard {
                year,
                url: self.abs(&urls::updates_year(year)),
                count: updates.len(),
                ecosystems: self.ecosystem_links(year, updates, &ecosystems, None),
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
        let ecosystems = self.site.ecosystems();
        let chosen = ecosystem.and_then(|i| ecosystems.get(i));
        let of_year: Vec<&Update> = self
            .site
            .updates
            .iter()
            .filter(|u| u.listing_year() == year)
            .collect();
        let shown: Vec<&Update> = of_year
            .iter()
            .copied()
            .filter(|u| chosen.is_none_or(|eco| self.in_ecosystem(u, eco)))
            .collect();
        let path = |year: i32| match chosen {
            Some(eco) => urls::updates_ecosystem(year, &eco.slug),
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
        let years: Vec<i32> = self.site.updates.iter().map(Update::listing_year).collect();
        let before = years.iter().filter(|&&y| y < year).max().copied();
        let after = years.iter().filter(|&&y| y > year).min().copied();
        UpdateYearView {
            year,
            ecosystem: chosen.map(|eco| eco.name.clone()),
            count: shown.len(),
            grantees: self.grantee_links(&shown),
            ecosystems: self.ecosystem_links(year, &of_year, &ecosystems, chosen),
            months: self.by_month(shown.into_iter()),
            year_url: self.abs(&urls::updates_year(year)),
            all_url: self.abs(urls::UPDATES),
            previous: before.and_then(neighbour),
            next: after.and_then(neighbour),
        }
    }

    fn in_ecosystem(&self, u: &Update, eco: &Ecosystem) -> bool {
        self.site
            .engagement(u.folder_year, &u.grantee)
            .is_some_and(|e| eco.of(e))
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

    fn ecosystem_links(
        &self,
        year: i32,
        updates: &[&Update],
        ecosystems: &[Ecosystem],
        current: Option<&Ecosystem>,
    ) -> Vec<FilterLink> {
        ecosystems
            .iter()
            .filter_map(|eco| {
                let count = updates.iter().filter(|u| self.in_ecosystem(u, eco)).count();
                (count > 0).then(|| FilterLink {
                    label: eco.name.clone(),
                    url: self.abs(&urls::updates_ecosystem(year, &eco.slug)),
                    count,
                    current: current == Some(eco),
                })
            })
            .collect()
    }
}
