//! Calendar dates as content writes them (`2024-11-06`), and event dates that may be known
//! only to the month (`2024-12`: "our next roundtable will be held in December").

use super::period::YearMonth;
use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventDate {
    Day(Date),
    Month(YearMonth),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("`{0}` is not a date: write YYYY-MM-DD, e.g. 2024-11-06")]
    Syntax(String),
    #[error("`{0}` is not a date: month {1} does not exist")]
    Month(String, u32),
    #[error("`{text}` is not a date: {month} has {days} days")]
    Day {
        text: String,
        /// `2024-02`.
        month: String,
        days: u32,
    },
}

/// The numbers of `YYYY-MM` or `YYYY-MM-DD`, `None` for anything else (a short year, a
/// one-digit month, extra parts).
fn split_numbers(text: &str) -> Option<Vec<u32>> {
    let widths = [4, 2, 2];
    let parts: Vec<&str> = text.split('-').collect();
    if parts.len() > widths.len() {
        return None;
    }
    parts
        .iter()
        .zip(widths)
        .map(|(part, width)| {
            let ok = part.len() == width && part.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| part.parse().ok()).flatten()
        })
        .collect()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        NaiveDate::from_ymd_opt(year + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt())
        .map_or(31, |last| last.day())
}

impl FromStr for Date {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let syntax = || DateError::Syntax(text.to_string());
        let parts = split_numbers(text).ok_or_else(syntax)?;
        let [year, month, day] = parts[..] else {
            return Err(syntax());
        };
        if text.len() != 10 {
            return Err(syntax());
        }
        if !(1..=12).contains(&month) {
            return Err(DateError::Month(text.to_string(), month));
        }
        let year = year as i32;
        NaiveDate::from_ymd_opt(year, month, day)
            .map(Date)
            .ok_or_else(|| DateError::Day {
                text: text.to_string(),
                month: format!("{year:04}-{month:02}"),
                days: days_in_month(year, month),
            })
    }
}

impl Date {
    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// The month it falls in (always `Some`: chrono's months are 1 to 12).
    pub fn month(self) -> Option<YearMonth> {
        YearMonth::new(self.0.year(), u8::try_from(self.0.month()).ok()?)
    }

    /// Midnight UTC, as Atom and the sitemap want it.
    pub fn rfc3339(self) -> String {
        format!("{}T00:00:00Z", self)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl FromStr for EventDate {
    type Err = DateError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        if trimmed.len() == 7 {
            let parts = split_numbers(trimmed).ok_or_else(|| DateError::Syntax(text.into()))?;
            if let [year, month] = parts[..] {
                return YearMonth::new(year as i32, month as u8)
                    .map(EventDate::Month)
                    .ok_or(DateError::Month(trimmed.to_string(), month));
            }
        }
        trimmed.parse().map(EventDate::Day)
    }
}

impl EventDate {
    /// The first day it could be, for sorting and "is it still ahead".
    pub fn earliest(self) -> NaiveDate {
        match self {
            EventDate::Day(d) => d.0,
            EventDate::Month(m) => {
                NaiveDate::from_ymd_opt(m.year(), m.month().into(), 1).unwrap_or(NaiveDate::MIN)
            }
        }
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventDate::Day(d) => d.fmt(f),
            EventDate::Month(m) => write!(f, "{}-{:02}", m.year(), m.month()),
        }
    }
}

crate::serialize_display!(Date);
crate::serialize_display!(EventDate);
crate::deserialize_from_str!(Date, "a date such as 2024-11-06");
crate::deserialize_from_str!(
    EventDate,
    "a date such as 2024-11-06, or a month such as 2024-12"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_and_rejects_impossible_ones() {
        assert_eq!(
            "2024-02-29".parse::<Date>().unwrap().to_string(),
            "2024-02-29"
        );
        let cases = [
            (
                "2024-02-30",
                "`2024-02-30` is not a date: 2024-02 has 29 days",
            ),
            (
                "2023-02-29",
                "`2023-02-29` is not a date: 2023-02 has 28 days",
            ),
            (
                "2024-13-01",
                "`2024-13-01` is not a date: month 13 does not exist",
            ),
            (
                "2024-1-1",
                "`2024-1-1` is not a date: write YYYY-MM-DD, e.g. 2024-11-06",
            ),
            (
                "yesterday",
                "`yesterday` is not a date: write YYYY-MM-DD, e.g. 2024-11-06",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(text.parse::<Date>().unwrap_err().to_string(), message);
        }
    }

    #[test]
    fn event_dates_may_be_a_month() {
        let month: EventDate = "2024-12".parse().unwrap();
        assert_eq!(month.to_string(), "2024-12");
        let day: EventDate = "2024-11-11".parse().unwrap();
        assert!(day < month);
        assert!("2024-13".parse::<EventDate>().is_err());
        for malformed in ["01-0257", "0024-1", "24-12", "2024-012", "2024-12-01-01"] {
            assert!(malformed.parse::<EventDate>().is_err(), "{malformed}");
        }
        assert!("0020-01-0011".parse::<Date>().is_err());
    }
}
