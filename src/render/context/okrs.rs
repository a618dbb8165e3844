//! Views of objectives and key results: the list of years, a year's matrix with its status
//! counts, and each key result across the reports of its year.

use super::Views;
use crate::model::{KeyResult, KeyResultId, OkrYear, Report, Status};
use crate::render::charts::{self, Bar, Cell};
use crate::render::views::*;
use crate::urls;

impl<'a> Views<'a> {
    /// The reports that give statuses for `year`'s key results, oldest first.
    fn reports_of(&self, year: i32) -> Vec<&'a Report> {
        self.site
            .reports
            .iter()
            .filter(|r| r.period.year() == year)
            .collect()
    }

    pub fn okr_years(&self) -> Vec<OkrYearCard> {
        self.site
            .okr_years
            .iter()
            .rev()
            .map(|y| OkrYearCard {
                year: y.year,
                url: self.abs(&urls::okrs(y.year)),
                objectives: y.objectives.len(),
                key_results: y.key_results().count(),
                reports: self.reports_of(y.year).len(),
            })
            .collect()
    }

    pub fn okr_matrix(&self, okr_index: usize) -> OkrMatrixView {
        let okrs = &self.site.okr_years[okr_index];
        let reports = self.reports_of(okrs.year);
        let row = |id: KeyResultId| -> Vec<Option<StatusView>> {
            reports
                .iter()
                .map(|r| r.status_of(id).map(|s| self.status_view(Some(s.status))))
                .collect()
        };
        let (status_columns, status_counts, chart) = self.status_counts(okrs, &reports);
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
                                url: self.abs(&urls::key_result(okrs.year, kr.id)),
                                label: kr.id.label(),
                                text: kr.text.clone(),
                                due_label: kr.due.map(|d| self.t.date(d)),
                                cells,
                                current,
                            }
                        })
                        .collect(),
                })
                .collect(),
            status_columns,
            status_counts,
            chart,
            reports_url: (!reports.is_empty()).then(|| self.abs(&urls::report_year(okrs.year))),
        }
    }

    /// How many of the year's key results stand in each status in each report, as a table
    /// (the statuses that occur, then "no status" if any report leaves one out) and a chart.
    fn status_counts(
        &self,
        okrs: &OkrYear,
        reports: &[&Report],
    ) -> (Vec<StatusView>, Vec<StatusCountRow>, BarChartView) {
        let per_report: Vec<Vec<Option<Status>>> = reports
            .iter()
            .map(|r| {
                okrs.key_results()
                    .map(|kr| r.status_of(kr.id).map(|s| s.status))
                    .collect()
            })
            .collect();
        let occurs = |s: Option<Status>| per_report.iter().flatten().any(|&x| x == s);
        let columns: Vec<Option<Status>> = Status::ALL
            .into_iter()
            .map(Some)
            .chain([None])
            .filter(|&s| occurs(s))
            .collect();
        let slug = |s: Option<Status>| s.map_or("none", Status::slug);
        let counts: Vec<Vec<usize>> = per_report
            .iter()
            .map(|statuses| {
                let count = |c: Option<Status>| statuses.iter().filter(|&&s| s == c).count();
                columns.iter().map(|&c| count(c)).collect()
            })
            .collect();
        let bars = reports
            .iter()
            .zip(&counts)
            .map(|(r, counts)| Bar {
                text: r.period.to_string(),
                segments: columns
                    .iter()
                    .map(|&c| slug(c))
                    .zip(counts.iter().copied())
                    .collect(),
            })
            .collect();
        let t = self.t;
        let spoken: Vec<String> = reports
            .iter()
            .zip(&counts)
            .map(|(r, counts)| {
                let parts: Vec<String> = columns
                    .iter()
                    .zip(counts)
                    .filter(|(_, n)| **n > 0)
                    .map(|(&c, n)| {
                        let args = [("n", n.to_string()), ("status", t.status_in_text(c).into())];
                        t.fill("chart.count", &borrowed(&args))
                    })
                    .collect();
                let period = t.period(&r.period);
                let args = [("period", period.as_str()), ("value", &parts.join(", "))];
                t.fill("chart.report_item", &args)
            })
            .collect();
        let args = [
            ("year", okrs.year.to_string()),
            ("items", spoken.join("; ")),
        ];
        let label = t.fill("chart.status_counts", &borrowed(&args));
        let rows = reports
            .iter()
            .zip(counts)
            .map(|(r, counts)| StatusCountRow {
                report: self.report_card(r),
                counts,
            })
            .collect();
        let columns = columns.into_iter().map(|c| self.status_view(c)).collect();
        (columns, rows, charts::bars(label, bars))
    }

    pub fn key_result_view(&self, okr_index: usize, id: KeyResultId) -> KeyResultView {
        let okrs = &self.site.okr_years[okr_index];
        let all: Vec<&KeyResult> = okrs.key_results().collect();
        let at = all.iter().position(|kr| kr.id == id);
        let kr = at.map(|i| all[i]);
        let objective = okrs.objectives.iter().find(|o| o.id == id.objective_id());
        let link = |i: Option<usize>| {
            i.and_then(|i| all.get(i)).map(|kr| LinkView {
                label: kr.id.label(),
                url: self.abs(&urls::key_result(okrs.year, kr.id)),
                key: "okrs",
            })
        };
        let year_reports = self.reports_of(okrs.year);
        let statuses: Vec<Option<Status>> = year_reports
            .iter()
            .map(|r| r.status_of(id).map(|s| s.status))
            .collect();
        let reports: Vec<KeyResultReportView> = year_reports
            .into_iter()
            .map(|r| {
                let entry = r.status_of(id);
                KeyResultReportView {
                    report: self.report_card(r),
                    url: format!("{}#{id}", self.abs(&urls::report(r))),
                    status: entry.map(|s| self.status_view(Some(s.status))),
                    note_html: entry
                        .and_then(|s| s.note.as_ref())
                        .map(|n| self.inline_html(n, r.source.as_str())),
                }
            })
            .collect();
        KeyResultView {
            id: id.to_string(),
            label: id.label(),
            text: kr.map(|kr| kr.text.clone()).unwrap_or_default(),
            due_label: kr.and_then(|kr| kr.due).map(|d| self.t.date(d)),
            year: okrs.year,
            objective_id: id.objective_id().to_string(),
            objective_text: objective.map(|o| o.text.clone()).unwrap_or_default(),
            okrs_url: self.abs(&urls::okrs(okrs.year)),
            strip: self.strip(id, &reports, &statuses),
            reports,
            previous: link(at.and_then(|i| i.checked_sub(1))),
            next: link(at.map(|i| i + 1)),
        }
    }

    /// `statuses` are those of `reports`, one each.
    fn strip(
        &self,
        id: KeyResultId,
        reports: &[KeyResultReportView],
        statuses: &[Option<Status>],
    ) -> StripView {
        let t = self.t;
        let spoken: Vec<String> = reports
            .iter()
            .zip(statuses)
            .map(|(r, &s)| {
                let status = t.status_in_text(s);
                let args = [
                    ("period", r.report.period_label.as_str()),
                    ("value", status),
                ];
                t.fill("chart.report_item", &args)
            })
            .collect();
        let kr = id.label();
        let label = if spoken.is_empty() {
            t.fill("chart.strip_empty", &[("kr", &kr)])
        } else {
            t.fill("chart.strip", &[("kr", &kr), ("items", &spoken.join("; "))])
        };
        let cells = reports
            .iter()
            .map(|r| Cell {
                slug: r.status.as_ref().map_or("none", |s| s.slug),
                text: r.report.period.clone(),
            })
            .collect();
        charts::strip(label, cells)
    }
}

/// `fill` takes borrowed values; this borrows a list of owned ones.
fn borrowed<'s>(args: &'s [(&'s str, String)]) -> Vec<(&'s str, &'s str)> {
    args.iter().map(|(k, v)| (*k, v.as_str())).collect()
}
