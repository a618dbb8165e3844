//! Dates for feeds and calendars (RFC 3339), the same in every language; labels for people
//! are `crate::i18n`'s.

use crate::model::{Date, Period};

/// When a period's news is "as of" for feeds: the first day after the period ends.
pub fn period_end_rfc3339(period: &Period) -> String {
    let next = period.last_month().next();
    format!("{}-{:02}-01T00:00:00Z", next.year(), next.month())
}

pub fn date_rfc3339(date: Option<Date>, period: &Period) -> String {
    date.map_or_else(|| period_end_rfc3339(period), Date::rfc3339)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_end_is_the_next_month() {
        let p: Period = "2024-Q2".parse().unwrap();
        assert_eq!(period_end_rfc3339(&p), "2024-07-01T00:00:00Z");
        let d: Period = "2024-12".parse().unwrap();
        assert_eq!(period_end_rfc3339(&d), "2025-01-01T00:00:00Z");
    }
}
