//! Views of engagements, grantees, grantee updates and engagement pages.

use super::Views;
use crate::model::{Engagement, EngagementPage, Grantee, Update};
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
            status_label: e.status.map(|s| self.t.engagement_status(s).to_string()),
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
                    period_label: self.t.period(&r.period),
                    roles: roles
                        .iter()
                        .map(|&key| RoleView {
                            key,
                            label: self.t.get(&format!("role.{key}")).to_string(),
                        })
                        .collect(),
                }
            })
            .collect();
        mentions.reverse();
        EngagementView {
            card: self.engagement_card(e),
            source: e.source.to_string(),
            start_label: e.start.map(|d| self.t.date(d)),
            end_label: e.end.map(|d| self.t.date(d)),
            homepage: e.homepage.clone(),
            funding_label: e
                .funding
                .as_ref()
                .map(|m| self.t.money(m.amount, &m.currency)),
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

    /// Made once per update: listings, timelines, neighbours and search each ask for it, and
    /// its labels are formatted through the translation tables.
    pub fn update_card(&self, u: &Update) -> UpdateCard {
        match self.update_index(u).and_then(|i| self.cards.get(i)) {
            Some(card) => card.get_or_init(|| self.make_update_card(u)).clone(),
            None => self.make_update_card(u),
        }
    }

    /// Where `u` is in `site.updates`, found from its address: callers hold the update, and
    /// a search by its keys would cost what the card saves.
    fn update_index(&self, u: &Update) -> Option<usize> {
        let all = &self.site.updates;
        let offset = (u as *const Update as usize).checked_sub(all.as_ptr() as usize)?;
        let i = offset / std::mem::size_of::<Update>().max(1);
        all.get(i).filter(|o| std::ptr::eq(*o, u)).map(|_| i)
    }

    fn make_update_card(&self, u: &Update) -> UpdateCard {
        let g = self.grantee_by_slug(&u.grantee);
        let grantee_name = g.map_or_else(|| u.grantee.to_string(), |g| g.name.clone());
        let period_label = u
            .period
            .map_or_else(|| self.t.get("undated").to_string(), |p| self.t.period(&p));
        let title = match &u.title {
            // A title of only a period (`2026-07`) says nothing about whose update it is.
            Some(_) if u.title_is_period && u.period.is_some() => self.t.fill(
                "update.heading",
                &[("grantee", &grantee_name), ("period", &period_label)],
            ),
            Some(own) => own.clone(),
            None => self.t.fill(
                "update.title",
                &[("grantee", &grantee_name), ("period", &period_label)],
            ),
        };
        UpdateCard {
            title,
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
        // The update's own title, where the page is headed otherwise, still leads its body:
        // beneath the page heading, or not at all when it reads the same as the period.
        let own = u.title.as_deref().filter(|own| *own != card.title);
        let own_title = own
            .filter(|own| !reads_the_same(own, &card.period_label))
            .map(str::to_string);
        let (body_html, text) =
            self.html_and_text_under_title(&u.body, u.source.as_str(), own.unwrap_or(&card.title));
        self.keep_update_terms(index, &text);
        UpdateView {
            body_html,
            own_title,
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
            cadence: self.grantee_cadence(g),
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

/// `July 2026` and `july, 2026`: the same words, whatever the case and punctuation.
fn reads_the_same(a: &str, b: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    words(a) == words(b)
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
