//! Reporting cadence: which months each grantee sent an update for, against the months its
//! engagements were active, up to the latest month the site reports on. The grantees index
//! shows the last twelve months of every grantee; a grantee's page, every year it was active.

use super::Views;
use crate::i18n::Translator;
use crate::model::{Engagement, Grantee, Period, Slug, YearMonth};
use crate::render::charts::{self, Column, Row};
use crate::render::views::*;
use crate::urls;
use std::collections::BTreeSet;

/// The months the grantees index shows.
const WINDOW: i64 = 12;
/// An engagement with an open or far start is drawn for at most its last ten years.
const MAX_ACTIVE: i64 = 120;

/// One grantee's months: when an engagement was active, and which months updates cover.
struct Months {
    active: BTreeSet<YearMonth>,
    reported: BTreeSet<YearMonth>,
}

impl Months {
    fn mark(&self, month: YearMonth) -> &'static str {
        if self.reported.contains(&month) {
            "present"
        } else if self.active.contains(&month) {
            "missing"
        } else {
            "inactive"
        }
    }
}

impl<'a> Views<'a> {
    pub fn grantees_cadence(&self) -> Option<CadenceView> {
        let now = self.latest_month()?;
        let window = span(shift(now, 1 - WINDOW)?, now);
        let mut rows = Vec::new();
        let mut late = Vec::new();
        for g in &self.site.grantees {
            let months = self.months_of(&g.slug, now);
            let cells: Vec<&'static str> = window.iter().map(|&m| months.mark(m)).collect();
            if cells.iter().all(|&c| c == "inactive") {
                continue;
            }
            if months.mark(now) == "missing" {
                late.push(LinkView {
                    label: g.name.clone(),
                    url: self.abs(&urls::grantee(&g.slug)),
                    key: "engagements",
                });
            }
            rows.push(CadenceRow {
                label: g.name.clone(),
                cells,
            });
        }
        let columns = window
            .iter()
            .enumerate()
            .map(|(i, &m)| Column {
                text: self.t.month_short(m).to_string(),
                year: (i == 0 || m.month() == 1).then(|| m.year().to_string()),
            })
            .collect();
        let labels = window
            .iter()
            .map(|&m| self.t.period(&Period::Month(m)))
            .collect();
        cadence(self.t, &window, labels, columns, rows, late)
    }

    /// A row per year from the grantee's first active or reported month to its last.
    pub fn grantee_cadence(&self, g: &Grantee) -> Option<CadenceView> {
        let now = self.latest_month()?;
        let months = self.months_of(&g.slug, now);
        let both = [&months.active, &months.reported];
        let first = both.iter().filter_map(|set| set.first()).min().copied()?;
        let last = both.iter().filter_map(|set| set.last()).max().copied()?;
        let year_months = |year: i32| (1..=12).filter_map(move |month| YearMonth::new(year, month));
        let rows = (first.year()..=last.year())
            .map(|year| CadenceRow {
                label: year.to_string(),
                cells: year_months(year).map(|m| months.mark(m)).collect(),
            })
            .collect();
        let shown = span(first, last);
        let january = YearMonth::new(2000, 1)?;
        let names = span(january, shift(january, 11)?);
        let labels = names.iter().map(|&m| self.t.month(m).to_string()).collect();
        let columns = names
            .iter()
            .map(|&m| Column {
                text: self.t.month_short(m).to_string(),
                year: None,
            })
            .collect();
        cadence(self.t, &shown, labels, columns, rows, Vec::new())
    }

    /// The latest month the site reports on: the last month of its newest report or update.
    /// Builds never read the clock, so the same content always builds the same site.
    /// Every grantee page asks: worked out once (a scan of every update per grantee made
    /// large sites quadratic).
    fn latest_month(&self) -> Option<YearMonth> {
        *self.latest_month.get_or_init(|| {
            let reports = self.site.reports.iter().map(|r| r.period.last_month());
            let updates = self.site.updates.iter().filter_map(|u| u.months().last());
            reports.chain(updates).max()
        })
    }

    fn months_of(&self, grantee: &Slug, now: YearMonth) -> Months {
        let active = self
            .engagements_of(grantee)
            .flat_map(|e| active_months(e, now))
            .collect();
        let reported = self
            .updates_of(grantee)
            .flat_map(|u| u.months())
            .filter(|&m| m <= now)
            .collect();
        Months { active, reported }
    }
}

fn cadence(
    t: &Translator,
    shown: &[YearMonth],
    labels: Vec<String>,
    columns: Vec<Column>,
    rows: Vec<CadenceRow>,
    late: Vec<LinkView>,
) -> Option<CadenceView> {
    let (first, last) = (shown.first()?, shown.last()?);
    let count = |slug: &str| {
        rows.iter()
            .flat_map(|r| &r.cells)
            .filter(|&&c| c == slug)
            .count()
    };
    let chart = charts::grid(
        columns,
        rows.iter()
            .map(|r| Row {
                text: r.label.clone(),
                cells: r.cells.clone(),
            })
            .collect(),
    );
    Some(CadenceView {
        first_label: t.period(&Period::Month(*first)),
        last_label: t.period(&Period::Month(*last)),
        columns: labels,
        present: count("present"),
        missing: count("missing"),
        rows,
        late,
        chart,
    })
}

/// Its `start` to `end`, each defaulting to its year folder's first or last month, up to `now`.
fn active_months(e: &Engagement, now: YearMonth) -> Vec<YearMonth> {
    let first = e
        .start
        .and_then(|d| d.month())
        .or(YearMonth::new(e.year, 1));
    let last = e.end.and_then(|d| d.month()).or(YearMonth::new(e.year, 12));
    let (Some(first), Some(last)) = (first, last.map(|l| l.min(now))) else {
        return Vec::new();
    };
    let first = shift(last, 1 - MAX_ACTIVE).map_or(first, |far| first.max(far));
    span(first, last)
}

/// Every month from `first` to `last`, oldest first; empty when `last` comes first.
fn span(first: YearMonth, last: YearMonth) -> Vec<YearMonth> {
    let mut months = Vec::new();
    let mut month = first;
    while month <= last && months.len() < MAX_ACTIVE as usize {
        months.push(month);
        month = month.next();
    }
    months
}

/// The month `by` months after `month` (before, when negative).
fn shift(month: YearMonth, by: i64) -> Option<YearMonth> {
    let ordinal = i64::from(month.year()) * 12 + i64::from(month.month()) - 1 + by;
    let year = i32::try_from(ordinal.div_euclid(12)).ok()?;
    YearMonth::new(year, u8::try_from(ordinal.rem_euclid(12) + 1).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ym(year: i32, month: u8) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    #[test]
    fn months_shift_across_year_ends() {
        assert_eq!(shift(ym(2026, 7), -11), Some(ym(2025, 8)));
        assert_eq!(shift(ym(2025, 12), 1), Some(ym(2026, 1)));
        assert_eq!(span(ym(2025, 11), ym(2026, 2)).len(), 4);
        assert!(span(ym(2026, 2), ym(2025, 11)).is_empty());
    }
}
