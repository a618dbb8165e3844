//! Views of reports and the home page.

use super::Views;
use crate::model::{EngagementEntry, Highlight, KeyResult, Report, Upcoming};
use crate::render::views::*;
use crate::urls;

impl<'a> Views<'a> {
    pub fn report_card(&self, r: &Report) -> ReportCard {
        ReportCard {
            title: r.title.clone(),
            url: self.abs(&urls::report(r)),
            kind: r.kind.key(),
            kind_label: self.t.report_kind(r.kind).to_string(),
            period: r.period.to_string(),
            period_label: self.t.period(&r.period),
            published: r.published.map(|d| d.to_string()),
            published_label: r.published.map(|d| self.t.date(d)),
            summary: r.summary.clone(),
            draft: r.draft,
        }
    }

    pub(super) fn report_link(&self, r: &Report) -> LinkView {
        LinkView {
            label: r.title.clone(),
            url: self.abs(&urls::report(r)),
            key: "reports",
        }
    }

    /// The report before this one that covers the same OKR year, for "changed from".
    pub(super) fn previous_same_year(&self, index: usize) -> Option<&'a Report> {
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
                received_label: f.received.map(|a| self.t.money(a, &f.currency)),
                spent_label: f.spent.map(|a| self.t.money(a, &f.currency)),
                note: f.note.clone(),
            }),
            previous: neighbour(index.checked_sub(1)),
            next: neighbour(Some(index + 1)),
        }
    }

    /// The report's status for every key result of its year, and what changed since the
    /// previous report of that year.
    pub(super) fn objective_statuses(
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
                status: now.map(|s| self.status_view(Some(s))),
                note_html: entry
                    .and_then(|s| s.note.as_ref())
                    .map(|n| self.inline_html(n, r.source.as_str())),
                changed_from: before
                    .filter(|b| now.is_some_and(|now| now != *b))
                    .map(|b| self.status_view(Some(b))),
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

    pub(super) fn engagement_lists(&self, r: &Report) -> Vec<EngagementListView> {
        let lists = [
            ("new", &r.engagements.new),
            ("renewed", &r.engagements.renewed),
            ("existing", &r.engagements.existing),
        ];
        lists
            .into_iter()
            .filter(|(_, entries)| !entries.is_empty())
            .map(|(key, entries)| EngagementListView {
                key,
                label: self.t.get(&format!("list.{key}")).to_string(),
                entries: entries
                    .iter()
                    .map(|e| self.engagement_entry(r, e))
                    .collect(),
            })
            .collect()
    }

    pub(super) fn engagement_entry(&self, r: &Report, e: &EngagementEntry) -> EngagementEntryView {
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

    pub(super) fn highlight(&self, h: &Highlight, source: &str) -> HighlightView {
        let g = self.site.grantee(&h.grantee);
        let grantee_name = self.grantee_name(g, &h.grantee);
        HighlightView {
            title: h.title.clone().unwrap_or_else(|| grantee_name.clone()),
            grantee_name,
            grantee_url: g.map(|g| self.abs(&urls::grantee(&g.slug))),
            html: self.html(&h.text, source),
        }
    }

    pub(super) fn upcoming_view(&self, u: &Upcoming, source: &str) -> UpcomingView {
        UpcomingView {
            date: u.date.to_string(),
            date_label: self.t.event_date(u.date),
            kind: match u.kind {
                crate::model::EventKind::Report => "report",
                crate::model::EventKind::Meeting => "meeting",
                crate::model::EventKind::Roundtable => "roundtable",
                crate::model::EventKind::Event => "event",
            },
            html: self.inline_html(&u.text, source),
        }
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
                            status: self.status_view(Some(report.status_of(kr.id)?.status)),
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
