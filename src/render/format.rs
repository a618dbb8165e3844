//! Small formatting for people: money, dates for feeds.

use crate::model::{Date, Money, Period};

/// `$5,000,000` for US dollars, `5,000,000 EUR` otherwise.
pub fn money(amount: u64, currency: &str) -> String {
    let digits = amount.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match currency {
        "USD" | "usd" | "$" => format!("${grouped}"),
        other => format!("{grouped} {other}"),
    }
}

pub fn money_of(m: &Money) -> String {
    money(m.amount, &m.currency)
}

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
    fn groups_thousands() {
        assert_eq!(money(5_000_000, "USD"), "$5,000,000");
        assert_eq!(money(999, "USD"), "$999");
        assert_eq!(money(1000, "EUR"), "1,000 EUR");
        assert_eq!(money(0, "USD"), "$0");
    }

    #[test]
    fn period_end_is_the_next_month() {
        let p: Period = "2024-Q2".parse().unwrap();
        assert_eq!(period_end_rfc3339(&p), "2024-07-01T00:00:00Z");
        let d: Period = "2024-12".parse().unwrap();
        assert_eq!(period_end_rfc3339(&d), "2025-01-01T00:00:00Z");
    }
}
