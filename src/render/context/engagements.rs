//! Views of engagements, grantees, grantee updates and engagement pages.

use super::Views;
use crate::model::{Engagement, EngagementPage, Grantee, Update};
use crate::render::format;
use crate::render::views::*;
use crate::urls;

impl<'a> Views<'a> {
    pub fn engagement_card(&self, e: &Engagement) -> EngagementCard {
        let g = self.grantee_by_slug(&e.grantee);
        let grantee_name = g.map_or_else(|| e.grantee.to_string(), |g| g.name.clone());
        EngagementCard {
            name: e.name.clone().unwrap_or_else(|| grantee_name.clone()),
            url: self.abs(&urls::engagement_of(e)),
            year: e.year,
            grantee_name,
            grantee_url: self.abs(&urls::grantee(&e.grantee)),
            status_label: e.status.map(|s| s.label()),
            ecosystems: e.ecosystems.clone(),
            update_count: self
                .updates_of(&e.grantee)
                .filter(|u| u.folder_year == e.year)
                .count(),
        }
    }

    pub fn engagement_view(&self, index: usize) -> EngagementView {
        let e = &self.site.engagements[index];
        let mut mentions: Vec<MentionView> = self
            .mentions
            .get(&(e.year, &e.grantee))
            .into_iter()
            .flatten()
            .map(|(i, roles)| {
                let r = &self.site.reports[*i];
                MentionView {
                    report: self.report_link(r),
                    period_label: r.period.label(),
                    roles: roles.clone(),
                }
            })
            .collect();
        mentions.reverse();
        EngagementView {
            card: self.engagement_card(e),
            source: e.source.to_string(),
            start_label: e.start.map(|d| d.label()),
            end_label: e.end.map(|d| d.label()),
            homepage: e.homepage.clone(),
            funding_label: e.funding.as_ref().map(format::money_of),
            body_html: self.html(&e.body, e.source.as_str()),
            mentions,
            updates: newest_first(
                self.updates_of(&e.grantee)
                    .filter(|u| u.folder_year == e.year),
            )
            .map(|u| self.update_card(u))
            .collect(),
            pages: self
                .pages_of(e)
                .map(|p| LinkView {
                    label: p.title.clone(),
                    url: self.abs(&urls::page(p)),
                    key: "engagements",
                })
                .collect(),
        }
    }

    pub fn update_card(&self, u: &Update) -> UpdateCard {
        let g = self.grantee_by_slug(&u.grantee);
        let grantee_name = g.map_or_else(|| u.grantee.to_string(), |g| g.name.clone());
        let period_label = u
            .period
            .map_or_else(|| "Undated".to_string(), |p| p.label());
        UpdateCard {
            title: u
                .title
                .clone()
                .unwrap_or_else(|| format!("{grantee_name} update, {period_label}")),
            url: self.abs(&urls::update(u)),
            period: u.period.map(|p| p.to_string()),
            period_label,
            grantee_name,
            grantee_url: self.abs(&urls::grantee(&u.grantee)),
            year: u.folder_year,
        }
    }

    pub fn update_view(&self, index: usize) -> UpdateView {
        let u = &self.site.updates[index];
        // Updates are sorted by grantee then period, so neighbours in the list are the
        // grantee's older and newer updates.
        let same = |i: usize| self.site.updates.get(i).filter(|o| o.grantee == u.grantee);
        let link = |o: &Update| {
            let card = self.update_card(o);
            LinkView {
                label: card.title,
                url: card.url,
                key: "updates",
            }
        };
        let card = self.update_card(u);
        UpdateView {
            body_html: self.html_under_title(&u.body, u.source.as_str(), &card.title),
            card,
            source: u.source.to_string(),
            authors: u.authors.clone(),
            engagement_url: self.abs(&urls::engagement(u.folder_year, &u.grantee)),
            previous: index.checked_sub(1).and_then(same).map(link),
            next: same(index + 1).map(link),
        }
    }

    pub fn doc_view(&self, p: &EngagementPage) -> DocView {
        DocView {
            title: p.title.clone(),
            source: p.source.to_string(),
            body_html: self.html_under_title(&p.body, p.source.as_str(), &p.title),
            grantee_name: self
                .grantee_by_slug(&p.grantee)
                .map_or_else(|| p.grantee.to_string(), |g| g.name.clone()),
            engagement_url: self.abs(&urls::engagement(p.folder_year, &p.grantee)),
        }
    }

    pub fn grantee_view(&self, g: &Grantee) -> GranteeView {
        let engagements: Vec<&Engagement> = self.engagements_of(&g.slug).rev().collect();
        GranteeView {
            name: g.name.clone(),
            url: self.abs(&urls::grantee(&g.slug)),
            aliases: g.aliases.clone(),
            homepage: g
                .homepage
                .clone()
                .or_else(|| engagements.iter().find_map(|e| e.homepage.clone())),
            profile_html: engagements
                .iter()
                .find(|e| !e.body.is_blank())
                .map(|e| self.html(&e.body, e.source.as_str()))
                .unwrap_or_default(),
            engagements: engagements
                .iter()
                .map(|e| self.engagement_card(e))
                .collect(),
            timeline: newest_first(self.updates_of(&g.slug))
                .map(|u| self.update_card(u))
                .collect(),
        }
    }

    pub fn grantee_card(&self, g: &Grantee) -> GranteeCard {
        GranteeCard {
            name: g.name.clone(),
            url: self.abs(&urls::grantee(&g.slug)),
            years: self.engagements_of(&g.slug).map(|e| e.year).collect(),
            update_count: self.updates_of(&g.slug).count(),
        }
    }

    /// Every update, newest first, undated last.
    pub fn all_updates(&self) -> Vec<UpdateCard> {
        let mut all: Vec<&Update> = self.site.updates.iter().collect();
        all.sort_by(|a, b| {
            let key = |u: &Update| (u.period.is_some(), u.period);
            key(b).cmp(&key(a)).then_with(|| a.source.cmp(&b.source))
        });
        all.into_iter().map(|u| self.update_card(u)).collect()
    }
}

/// Updates come sorted oldest first with undated last; timelines want newest first with
/// undated still last.
fn newest_first<'u>(
    updates: impl DoubleEndedIterator<Item = &'u Update>,
) -> impl Iterator<Item = &'u Update> {
    let all: Vec<&Update> = updates.collect();
    let (dated, undated): (Vec<&Update>, Vec<&Update>) =
        all.into_iter().partition(|u| u.period.is_some());
    dated.into_iter().rev().chain(undated)
}
