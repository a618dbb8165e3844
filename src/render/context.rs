//! Builds the views templates receive from the model. Indexes that several pages need
//! (mentions of each engagement, updates of each grantee) are computed once here.

use super::format;
use super::views::*;
use crate::markdown::{self, LinkContext};
use crate::model::{
    Engagement, EngagementEntry, EngagementPage, Grantee, Highlight, KeyResult, KeyResultId,
    Markdown, Report, Site, Slug, Status, Upcoming, Update,
};
use crate::urls::{self, SiteUrls};
use std::collections::HashMap;

/// (year, grantee) -> the reports that name that engagement (by index), with how each names it.
type Mentions<'a> = HashMap<(i32, &'a Slug), Vec<(usize, Vec<&'static str>)>>;

pub struct Views<'a> {
    pub site: &'a Site,
    pub urls: &'a SiteUrls,
    pub base: &'a str,
    mentions: Mentions<'a>,
    updates_by_grantee: HashMap<&'a Slug, Vec<usize>>,
}

fn status_view(s: Status) -> StatusView {
    StatusView {
        slug: s.slug(),
        label: s.label(),
    }
}

impl<'a> Views<'a> {
    pub fn new(site: &'a Site, urls: &'a SiteUrls) -> Self {
        let mut mentions: Mentions = HashMap::new();
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
                if let Some(g) = site.grantee(name) {
                    let reports = mentions.entry((year, &g.slug)).or_default();
                    if reports.last().is_none_or(|(report, _)| *report != i) {
                        reports.push((i, Vec::new()));
                    }
                    if let Some((_, roles)) = reports.last_mut() {
                        let role = role_label(list);
                        if !roles.contains(&role) {
                            roles.push(role);
                        }
                    }
                }
            }
        }
        let mut updates_by_grantee: HashMap<&Slug, Vec<usize>> = HashMap::new();
        for (i, u) in site.updates.iter().enumerate() {
            updates_by_grantee.entry(&u.grantee).or_default().push(i);
        }
        Views {
            site,
            urls,
            base: &site.program.base_url,
            mentions,
            updates_by_grantee,
        }
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
        let nav = [
            ("Home", "", "home"),
            ("Reports", urls::REPORTS, "reports"),
            ("OKRs", "okrs", "okrs"),
            ("Engagements", urls::ENGAGEMENTS, "engagements"),
            ("Updates", urls::UPDATES, "updates"),
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
                .filter_map(|&(label, path, key)| {
                    let path = if key == "okrs" {
                        latest_okrs.clone()?
                    } else {
                        path.to_string()
                    };
                    Some(LinkView {
                        label: label.to_string(),
                        url: self.abs(&path),
                        key,
                    })
                })
                .collect(),
            stylesheet_url: self.abs("static/grantsite.css"),
            script_url: self.abs("static/grantsite.js"),
            feed_url: self.abs("atom.xml"),
            data_url: self.abs("data/site.json"),
            search_index_url: self.abs("data/search.json"),
            generator: concat!("grantsite ", env!("CARGO_PKG_VERSION")),
        }
    }

    pub fn report_card(&self, r: &Report) -> ReportCard {
        ReportCard {
            title: r.title.clone(),
            url: self.abs(&urls::report(r)),
            kind: match r.kind {
                crate::model::ReportKind::Monthly => "monthly",
                crate::model::ReportKind::Quarterly => "quarterly",
                crate::model::ReportKind::Annual => "annual",
            },
            kind_label: r.kind.label(),
            period: r.period.to_string(),
            period_label: r.period.label(),
            published: r.published.map(|d| d.to_string()),
            published_label: r.published.map(|d| d.label()),
            summary: r.summary.clone(),
            draft: r.draft,
        }
    }

    fn report_link(&self, r: &Report) -> LinkView {
        LinkView {
            label: r.title.clone(),
            url: self.abs(&urls::report(r)),
            key: "reports",
        }
    }

    /// The report before this one that covers the same OKR year, for "changed from".
    fn previous_same_year(&self, index: usize) -> Option<&'a Report> {
        let year = self.site.reports[index].period.year();
        self.site.reports[..index]
            .iter()
            .rev()
            .find(|r| r.period.year() == year)
    }

    pub fn report_view(&self, index: usize) -> ReportView {
        let r = &self.site.reports[index];
        let src = r.source.as_str();
        let year = r.period.year();
        let neighbour = |i: Option<usize>| {
            i.and_then(|i| self.site.reports.get(i))
                .map(|r| self.report_link(r))
        };
        ReportView {
            card: self.report_card(r),
            source: src.to_string(),
            body_html: self.html(&r.body, src),
            okr_year: year,
            okrs_url: self
                .site
                .okr_year(year)
                .map(|_| self.abs(&urls::okrs(year))),
            objectives: self.objective_statuses(r, self.previous_same_year(index)),
            engagement_lists: self.engagement_lists(r),
            highlights: r
                .highlights
                .iter()
                .map(|h| self.highlight(h, src))
                .collect(),
            upcoming: r
                .upcoming
                .iter()
                .map(|u| self.upcoming_view(u, src))
                .collect(),
            funding: r.funding.as_ref().map(|f| FundingView {
                currency: f.currency.clone(),
                received_label: f.received.map(|a| format::money(a, &f.currency)),
                spent_label: f.spent.map(|a| format::money(a, &f.currency)),
                note: f.note.clone(),
            }),
            previous: neighbour(index.checked_sub(1)),
            next: neighbour(Some(index + 1)),
        }
    }

    /// The report's status for every key result of its year, and what changed since the
    /// previous report of that year.
    fn objective_statuses(
        &self,
        r: &Report,
        previous: Option<&Report>,
    ) -> Vec<ObjectiveStatusView> {
        let Some(okrs) = self.site.okr_year(r.period.year()) else {
            return Vec::new();
        };
        let key_result = |kr: &KeyResult| {
            let entry = r.status_of(kr.id);
            let now = entry.map(|s| s.status);
            let before = previous.and_then(|p| p.status_of(kr.id)).map(|s| s.status);
            KeyResultStatusView {
                id: kr.id.to_string(),
                label: kr.id.label(),
                text: kr.text.clone(),
                status: now.map(status_view),
                note_html: entry
                    .and_then(|s| s.note.as_ref())
                    .map(|n| self.inline_html(n, r.source.as_str())),
                changed_from: before
                    .filter(|b| now.is_some_and(|now| now != *b))
                    .map(status_view),
            }
        };
        okrs.objectives
            .iter()
            .map(|o| ObjectiveStatusView {
                id: o.id.to_string(),
                text: o.text.clone(),
                key_results: o.key_results.iter().map(key_result).collect(),
            })
            .collect()
    }

    fn engagement_lists(&self, r: &Report) -> Vec<EngagementListView> {
        let lists = [
            ("new", "New engagements", &r.engagements.new),
            ("renewed", "Renewed engagements", &r.engagements.renewed),
            ("existing", "Existing engagements", &r.engagements.existing),
        ];
        lists
            .into_iter()
            .filter(|(_, _, entries)| !entries.is_empty())
            .map(|(key, label, entries)| EngagementListView {
                key,
                label,
                entries: entries
                    .iter()
                    .map(|e| self.engagement_entry(r, e))
                    .collect(),
            })
            .collect()
    }

    fn engagement_entry(&self, r: &Report, e: &EngagementEntry) -> EngagementEntryView {
        let g = self.site.grantee(&e.grantee);
        let grantee_name = self.grantee_name(g, &e.grantee);
        EngagementEntryView {
            name: e.title.clone().unwrap_or_else(|| grantee_name.clone()),
            url: g.map(|g| self.engagement_or_grantee_url(r.period.year(), g)),
            grantee_name,
            grantee_url: g.map(|g| self.abs(&urls::grantee(&g.slug))),
            note_html: e.note.as_ref().map(|n| self.html(n, r.source.as_str())),
        }
    }

    fn highlight(&self, h: &Highlight, source: &str) -> HighlightView {
        let g = self.site.grantee(&h.grantee);
        let grantee_name = self.grantee_name(g, &h.grantee);
        HighlightView {
            title: h.title.clone().unwrap_or_else(|| grantee_name.clone()),
            grantee_name,
            grantee_url: g.map(|g| self.abs(&urls::grantee(&g.slug))),
            html: self.html(&h.text, source),
        }
    }

    fn upcoming_view(&self, u: &Upcoming, source: &str) -> UpcomingView {
        UpcomingView {
            date: u.date.to_string(),
            date_label: u.date.label(),
            kind: match u.kind {
                crate::model::EventKind::Report => "report",
                crate::model::EventKind::Meeting => "meeting",
                crate::model::EventKind::Roundtable => "roundtable",
                crate::model::EventKind::Event => "event",
            },
            html: self.inline_html(&u.text, source),
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

    fn grantee_by_slug(&self, slug: &Slug) -> Option<&'a Grantee> {
        self.site.grantee(slug.as_str())
    }

    pub fn okr_matrix(&self, okr_index: usize) -> OkrMatrixView {
        let okrs = &self.site.okr_years[okr_index];
        let reports: Vec<&Report> = self
            .site
            .reports
            .iter()
            .filter(|r| r.period.year() == okrs.year)
            .collect();
        let row = |id: KeyResultId| -> Vec<Option<StatusView>> {
            reports
                .iter()
                .map(|r| r.status_of(id).map(|s| status_view(s.status)))
                .collect()
        };
        OkrMatrixView {
            year: okrs.year,
            reports: reports.iter().map(|r| self.report_card(r)).collect(),
            objectives: okrs
                .objectives
                .iter()
                .map(|o| ObjectiveMatrixView {
                    id: o.id.to_string(),
                    text: o.text.clone(),
                    key_results: o
                        .key_results
                        .iter()
                        .map(|kr| {
                            let cells = row(kr.id);
                            let current = cells.iter().rev().flatten().next().cloned();
                            KeyResultRowView {
                                id: kr.id.to_string(),
                                label: kr.id.label(),
                                text: kr.text.clone(),
                                due_label: kr.due.map(|d| d.label()),
                                cells,
                                current,
                            }
                        })
                        .collect(),
                })
                .collect(),
        }
    }

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

    fn updates_of(&self, grantee: &Slug) -> impl DoubleEndedIterator<Item = &'a Update> + '_ {
        self.updates_by_grantee
            .get(grantee)
            .into_iter()
            .flatten()
            .map(|&i| &self.site.updates[i])
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
                .site
                .pages
                .iter()
                .filter(|p| p.grantee == e.grantee && p.folder_year == e.year)
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
        let engagements: Vec<&Engagement> = self
            .site
            .engagements
            .iter()
            .rev()
            .filter(|e| e.grantee == g.slug)
            .collect();
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
            years: self
                .site
                .engagements
                .iter()
                .filter(|e| e.grantee == g.slug)
                .map(|e| e.year)
                .collect(),
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

    pub fn home(&self) -> HomeView {
        let latest = self.site.reports.last();
        let key_results = self
            .site
            .okr_years
            .last()
            .map(|okrs| {
                okrs.objectives
                    .iter()
                    .flat_map(|o| o.key_results.iter().map(move |kr| (o, kr)))
                    .filter_map(|(o, kr)| {
                        let report = self
                            .site
                            .reports
                            .iter()
                            .rev()
                            .filter(|r| r.period.year() == okrs.year)
                            .find(|r| r.status_of(kr.id).is_some())?;
                        Some(CurrentKeyResultView {
                            id: kr.id.to_string(),
                            label: kr.id.label(),
                            text: kr.text.clone(),
                            objective_id: o.id.to_string(),
                            status: status_view(report.status_of(kr.id)?.status),
                            as_of: self.report_link(report),
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let latest_year = self.site.engagements.iter().map(|e| e.year).max();
        let active_engagements = self
            .site
            .engagements
            .iter()
            .filter(|e| Some(e.year) == latest_year)
            .filter(|e| !matches!(e.status, Some(crate::model::EngagementStatus::Completed)))
            .map(|e| self.engagement_card(e))
            .collect();
        HomeView {
            latest_report: latest.map(|r| self.report_card(r)),
            key_results,
            okrs_url: self
                .site
                .okr_years
                .last()
                .map(|y| self.abs(&urls::okrs(y.year))),
            active_engagements,
            recent_updates: self.all_updates().into_iter().take(10).collect(),
            upcoming: latest
                .map(|r| {
                    r.upcoming
                        .iter()
                        .map(|u| self.upcoming_view(u, r.source.as_str()))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

fn role_label(list: &str) -> &'static str {
    match list {
        "new" => "New",
        "renewed" => "Renewed",
        "existing" => "Existing",
        _ => "Highlight",
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
