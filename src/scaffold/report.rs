//! `grantsite new report PERIOD`: the next report as a draft, carried forward from the reports
//! before it, so that starting a month is one command instead of a copy edited by hand.
//!
//! What carries: every key result of the period's year with its latest status in that year
//! (statuses never cross years: a new year's key results start `not-started`); the engagement
//! lists of the report it follows (`new` and `renewed` become `existing`); that report's
//! upcoming events not yet past when the period starts. What does not: notes, highlights,
//! funding figures, the summary and the body, which are each report's own.

use super::new_file::{self, NewError, NewFile, quoted};
use crate::diagnostics::Severity;
use crate::model::{EngagementEntry, EventKind, Period, Report, ReportKind, Site, Status};
use crate::pipeline::{self, Options};
use chrono::NaiveDate;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Writes the report for `period` into the site at `root`; returns the file written.
pub fn create(root: &Path, period: Period, kind: Option<ReportKind>) -> Result<PathBuf, NewError> {
    let options = Options {
        root: root.to_path_buf(),
        drafts: true,
        ..Options::default()
    };
    let checked = pipeline::check(&options).map_err(|e| NewError::Usage(e.to_string()))?;
    // A report that failed to load would be silently skipped as the one to carry from.
    let broken = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && carries_from(&d.file))
        .count();
    if broken > 0 {
        return Err(NewError::Broken(broken));
    }
    let file = next_report(&checked.site, period, kind)?;
    new_file::write(root, &file)
}

fn carries_from(file: &str) -> bool {
    file == "content/program.yaml"
        || file.starts_with("content/reports/")
        || file.starts_with("content/okrs/")
}

/// The new report's file: pure, from the loaded model.
pub fn next_report(
    site: &Site,
    period: Period,
    kind: Option<ReportKind>,
) -> Result<NewFile, NewError> {
    let kind = match kind {
        Some(kind) => kind,
        None => kind_of(&period)?,
    };
    if !kind.fits(&period) {
        return Err(NewError::Usage(format!(
            "a {} report cannot cover {period}; pass another --kind or period",
            kind.key()
        )));
    }
    if let Some(r) = site
        .reports
        .iter()
        .find(|r| r.kind == kind && r.period == period)
    {
        return Err(NewError::Covered {
            what: format!(
                "the {} report for {}",
                kind.key(),
                crate::i18n::english().period(&period)
            ),
            file: r.source.to_string(),
        });
    }
    let before = earlier(site, &period);
    let base = before
        .iter()
        .find(|r| r.kind == kind)
        .or(before.first())
        .copied();
    let mut text = String::from("---\n");
    header(&mut text, site, &period, kind, base);
    okrs(&mut text, site, &period, &before);
    if let Some(base) = base {
        engagements(&mut text, site, base);
        upcoming(&mut text, base, first_day(&period));
    }
    text.push_str("---\n\n## Summary\n\n");
    Ok(NewFile {
        rel: format!("content/reports/{:04}/{}.md", period.year(), period.slug()),
        text,
    })
}

/// The kind a period's shape calls for.
fn kind_of(period: &Period) -> Result<ReportKind, NewError> {
    match period {
        Period::Month(_) | Period::Range(..) => Ok(ReportKind::Monthly),
        Period::Quarter { .. } => Ok(ReportKind::Quarterly),
        Period::Year(_) => Ok(ReportKind::Annual),
        Period::Half { .. } => Err(NewError::Usage(format!(
            "no kind of report covers a half year ({period}); write a month (2024-10), a quarter (2024-Q4) or a year (2024)"
        ))),
    }
}

/// Reports that start before `period` does, latest first (by the month they end, then the
/// month they start).
fn earlier<'a>(site: &'a Site, period: &Period) -> Vec<&'a Report> {
    let mut before: Vec<&Report> = site
        .reports
        .iter()
        .filter(|r| r.period.first_month() < period.first_month())
        .collect();
    before.sort_by_key(|r| {
        std::cmp::Reverse((r.period.last_month(), r.period.first_month(), r.kind))
    });
    before
}

fn header(
    text: &mut String,
    site: &Site,
    period: &Period,
    kind: ReportKind,
    base: Option<&Report>,
) {
    let title = format!(
        "{} {} Report, {}",
        site.program.name,
        crate::i18n::english().report_kind(kind),
        crate::i18n::english().period(period)
    );
    let _ = writeln!(text, "title: {}", quoted(&title));
    let _ = writeln!(text, "kind: {}", kind.key());
    let _ = writeln!(text, "period: {}", quoted(&period.to_string()));
    text.push_str("draft: true\n");
    text.push_str(
        "# summary: \"One or two sentences for the archive, the feed and the home page.\"\n",
    );
    if let Some(base) = base {
        let _ = writeln!(
            text,
            "# Carried forward from {}: statuses, engagements, upcoming events.",
            base.source
        );
    }
}

/// Every key result of the period's year, with the latest status an earlier report of that
/// year gives it.
fn okrs(text: &mut String, site: &Site, period: &Period, before: &[&Report]) {
    let year = period.year();
    let Some(okrs) = site.okr_year(year) else {
        let _ = writeln!(
            text,
            "# No content/okrs/{year}.yaml yet: add it, then a status for each key result under `okrs:`."
        );
        return;
    };
    text.push_str("okrs:\n");
    let same_year: Vec<&&Report> = before.iter().filter(|r| r.period.year() == year).collect();
    for kr in okrs.key_results() {
        let status = same_year
            .iter()
            .find_map(|r| r.status_of(kr.id))
            .map_or(Status::NotStarted, |s| s.status);
        let _ = writeln!(text, "  {}: {}", kr.id, status.slug());
    }
}

/// The base report's engagements, all `existing` now: its existing ones in order, then its
/// new and renewed ones, each grantee once.
fn engagements(text: &mut String, site: &Site, base: &Report) {
    let lists = &base.engagements;
    let all = lists
        .existing
        .iter()
        .chain(&lists.new)
        .chain(&lists.renewed);
    let mut seen = Vec::new();
    let mut entries: Vec<(String, &EngagementEntry)> = Vec::new();
    for entry in all {
        let name = site
            .grantee(&entry.grantee)
            .map_or_else(|| entry.grantee.clone(), |g| g.slug.to_string());
        if !seen.contains(&name) {
            seen.push(name.clone());
            entries.push((name, entry));
        }
    }
    if entries.is_empty() {
        return;
    }
    text.push_str("engagements:\n  existing:\n");
    for (name, entry) in entries {
        match &entry.title {
            Some(title) => {
                let _ = writeln!(text, "    - grantee: {}", quoted(&name));
                let _ = writeln!(text, "      title: {}", quoted(title));
            }
            None => {
                let _ = writeln!(text, "    - {}", quoted(&name));
            }
        }
    }
}

/// The base report's events on or after the first day of the new period.
fn upcoming(text: &mut String, base: &Report, start: NaiveDate) {
    let ahead: Vec<_> = base
        .upcoming
        .iter()
        .filter(|u| u.date.earliest() >= start)
        .collect();
    if ahead.is_empty() {
        return;
    }
    text.push_str("upcoming:\n");
    for u in ahead {
        let _ = writeln!(text, "  - date: {}", quoted(&u.date.to_string()));
        let _ = writeln!(text, "    kind: {}", event_kind(u.kind));
        let _ = writeln!(text, "    text: {}", quoted(&u.text.text));
    }
}

fn event_kind(kind: EventKind) -> &'static str {
    match kind {
        EventKind::Report => "report",
        EventKind::Meeting => "meeting",
        EventKind::Roundtable => "roundtable",
        EventKind::Event => "event",
    }
}

fn first_day(period: &Period) -> NaiveDate {
    let m = period.first_month();
    NaiveDate::from_ymd_opt(m.year(), m.month().into(), 1).unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::raw::ReportFrontMatter;
    use crate::model::{KeyResultId, OkrYear};

    fn sample() -> Site {
        crate::load::load(env!("CARGO_MANIFEST_DIR").as_ref())
            .unwrap()
            .site
    }

    fn period(s: &str) -> Period {
        s.parse().unwrap()
    }

    /// The front matter, read back the way `load` reads it.
    fn read_back(file: &NewFile) -> ReportFrontMatter {
        let split = crate::load::frontmatter::split(&file.rel, &file.text).unwrap();
        crate::load::yaml::parse(&file.rel, split.yaml.unwrap(), split.yaml_line)
            .unwrap()
            .value
    }

    fn statuses(fm: &ReportFrontMatter) -> Vec<(String, Status)> {
        fm.okrs
            .0
            .iter()
            .map(|(id, s)| (id.to_string(), s.0.status))
            .collect()
    }

    fn status(fm: &ReportFrontMatter, id: &str) -> Status {
        let id: KeyResultId = id.parse().unwrap();
        fm.okrs.0.iter().find(|(k, _)| *k == id).unwrap().1.0.status
    }

    #[test]
    fn october_carries_septembers_statuses_engagements_and_events() {
        let file = next_report(&sample(), period("2024-10"), None).unwrap();
        assert_eq!(file.rel, "content/reports/2024/2024-10.md");
        let fm = read_back(&file);
        assert_eq!(fm.title, "Alpha-Omega Monthly Report, October 2024");
        assert_eq!(fm.kind, ReportKind::Monthly);
        assert_eq!(fm.period, period("2024-10"));
        assert!(fm.draft);
        assert!(fm.published.is_none() && fm.summary.is_none());
        assert_eq!(statuses(&fm).len(), 11);
        assert_eq!(status(&fm, "KR1.3"), Status::NotMeasured);
        assert_eq!(status(&fm, "KR2.1"), Status::NotStarted);
        assert_eq!(status(&fm, "KR4.2"), Status::Completed);
        let lists = &fm.engagements;
        assert!(lists.new.is_empty() && lists.renewed.is_empty());
        let existing: Vec<&str> = lists
            .existing
            .iter()
            .map(|e| e.0.grantee.as_str())
            .collect();
        assert_eq!(existing.len(), 15, "{existing:?}");
        assert_eq!(existing.iter().filter(|g| **g == "jenkins").count(), 1);
        let php = lists
            .existing
            .iter()
            .find(|e| e.0.grantee == "php")
            .unwrap();
        assert_eq!(php.0.title.as_deref(), Some("PHP (Composer, Packagist)"));
        assert!(lists.existing.iter().all(|e| e.0.note.is_none()));
        assert!(fm.highlights.is_empty() && fm.funding.is_none());
        assert_eq!(fm.upcoming.len(), 3);
    }

    #[test]
    fn events_past_at_the_start_of_the_period_are_dropped() {
        // September's events: 6 and 11 November, and "December".
        let fm = read_back(&next_report(&sample(), period("2024-11..2024-12"), None).unwrap());
        let dates: Vec<String> = fm.upcoming.iter().map(|u| u.date.to_string()).collect();
        assert_eq!(dates, ["2024-11-11", "2024-11-06", "2024-12"]);
        let fm = read_back(&next_report(&sample(), period("2024-12"), None).unwrap());
        let dates: Vec<String> = fm.upcoming.iter().map(|u| u.date.to_string()).collect();
        assert_eq!(dates, ["2024-12"]);
    }

    #[test]
    fn a_quarter_follows_the_last_quarter_but_takes_the_latest_statuses() {
        let fm = read_back(&next_report(&sample(), period("2024-Q4"), None).unwrap());
        assert_eq!(fm.title, "Alpha-Omega Quarterly Report, Q4 2024");
        // From the September monthly, the latest report of the year...
        assert_eq!(status(&fm, "KR1.3"), Status::NotMeasured);
        // ...but the engagements of the Q2 quarterly, the report of its kind it follows.
        let existing: Vec<&str> = fm
            .engagements
            .existing
            .iter()
            .map(|e| e.0.grantee.as_str())
            .collect();
        assert!(existing.contains(&"open-source-technology-improvement-fund"));
        assert!(!existing.contains(&"jenkins"));
    }

    #[test]
    fn statuses_do_not_cross_into_a_new_year() {
        let mut site = sample();
        let next: OkrYear = OkrYear {
            year: 2025,
            ..site.okr_years[0].clone()
        };
        site.okr_years.push(next);
        let fm = read_back(&next_report(&site, period("2025-01"), None).unwrap());
        assert_eq!(fm.title, "Alpha-Omega Monthly Report, January 2025");
        assert!(statuses(&fm).iter().all(|(_, s)| *s == Status::NotStarted));
        assert_eq!(statuses(&fm).len(), 11);
        assert_eq!(fm.engagements.existing.len(), 15);
        // No OKR file for the year: no statuses, and a comment saying what to add.
        let file = next_report(&sample(), period("2025-01"), None).unwrap();
        assert!(read_back(&file).okrs.0.is_empty());
        assert!(file.text.contains("# No content/okrs/2025.yaml yet"));
    }

    #[test]
    fn the_first_report_of_a_site_has_only_its_key_results() {
        let mut site = sample();
        site.reports.clear();
        let fm = read_back(&next_report(&site, period("2024-01"), None).unwrap());
        assert!(statuses(&fm).iter().all(|(_, s)| *s == Status::NotStarted));
        assert!(fm.engagements.existing.is_empty() && fm.upcoming.is_empty());
    }

    #[test]
    fn refuses_periods_no_report_kind_covers_and_periods_already_covered() {
        let site = sample();
        let err = next_report(&site, period("2024-H2"), None).unwrap_err();
        assert!(
            err.to_string()
                .contains("no kind of report covers a half year"),
            "{err}"
        );
        let err = next_report(&site, period("2024-10"), Some(ReportKind::Quarterly)).unwrap_err();
        assert!(
            err.to_string()
                .contains("a quarterly report cannot cover 2024-10"),
            "{err}"
        );
        let err = next_report(&site, period("2024-09"), None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the monthly report for September 2024 is already content/reports/2024/2024-09.md; edit that file instead"
        );
    }
}
