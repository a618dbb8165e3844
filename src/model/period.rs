//! The period a report or update covers (a month, a month range, a quarter, a half year or a
//! year): its canonical syntax, ordering and URL slugs. Labels for people are `crate::i18n`'s.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Years the canonical syntax accepts: wide enough for any archive or plan, narrow enough that a
/// slip such as `0224` or `2824` is reported instead of becoming a silent, far-off period.
pub const MIN_YEAR: i32 = 1900;
pub const MAX_YEAR: i32 = 2200;

/// A range longer than this is a year (or a typo); reports never span more.
const MAX_RANGE_MONTHS: i64 = 12;

const SYNTAX_HELP: &str = "write a month as 2024-09, a quarter as 2024-Q2, a half year as \
                           2024-H1, a year as 2024, a range as 2024-03..2024-04";

/// A calendar month. The month is always 1..=12, which is why the fields are private.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct YearMonth {
    year: i32,
    month: u8,
}

impl YearMonth {
    pub fn new(year: i32, month: u8) -> Option<Self> {
        (1..=12).contains(&month).then_some(Self { year, month })
    }

    pub fn year(self) -> i32 {
        self.year
    }

    pub fn month(self) -> u8 {
        self.month
    }

    /// Saturates at the end of `i32` rather than panicking; no real period gets there.
    pub fn next(self) -> Self {
        if self.month == 12 {
            Self {
                year: self.year.saturating_add(1),
                month: 1,
            }
        } else {
            Self {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// Months since year 0, so that spans can be measured by subtraction.
    fn ordinal(self) -> i64 {
        i64::from(self.year) * 12 + i64::from(self.month) - 1
    }
}

/// The canonical month syntax, `2024-09`.
impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// What a report or update covers.
///
/// Build ranges, quarters and halves with [`Period::range`], [`Period::quarter`] and
/// [`Period::half`], which validate. The variants are public for matching; a value built
/// directly with an out-of-range quarter or half is clamped by the methods, never a panic.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Period {
    Month(YearMonth),
    /// First month strictly before the last, at most twelve months in all.
    Range(YearMonth, YearMonth),
    Quarter {
        year: i32,
        quarter: u8,
    },
    Half {
        year: i32,
        half: u8,
    },
    Year(i32),
}

impl Period {
    /// `Some(Month)` when both ends are the same month; `None` when the range runs backwards or
    /// covers more than twelve months.
    pub fn range(first: YearMonth, last: YearMonth) -> Option<Period> {
        Self::try_range(first, last).ok()
    }

    /// Like [`Period::range`], saying why a range is refused.
    pub fn try_range(first: YearMonth, last: YearMonth) -> Result<Period, PeriodError> {
        let months = last.ordinal() - first.ordinal() + 1;
        if months < 1 {
            Err(PeriodError::RangeReversed { first, last })
        } else if months > MAX_RANGE_MONTHS {
            Err(PeriodError::RangeTooLong {
                first,
                last,
                months,
            })
        } else if months == 1 {
            Ok(Period::Month(first))
        } else {
            Ok(Period::Range(first, last))
        }
    }

    /// `None` unless the quarter is 1..=4.
    pub fn quarter(year: i32, quarter: u8) -> Option<Period> {
        (1..=4)
            .contains(&quarter)
            .then_some(Period::Quarter { year, quarter })
    }

    /// `None` unless the half is 1 or 2.
    pub fn half(year: i32, half: u8) -> Option<Period> {
        (1..=2)
            .contains(&half)
            .then_some(Period::Half { year, half })
    }

    pub fn first_month(&self) -> YearMonth {
        self.bounds().0
    }

    pub fn last_month(&self) -> YearMonth {
        self.bounds().1
    }

    /// The year of the first month.
    pub fn year(&self) -> i32 {
        self.first_month().year
    }

    /// For URLs and file names: lower case, no dots, e.g. "2024-04-to-2024-05", "2024-q2".
    pub fn slug(&self) -> String {
        match *self {
            Period::Month(m) => m.to_string(),
            Period::Range(a, b) => format!("{a}-to-{b}"),
            Period::Quarter { year, quarter } => format!("{year:04}-q{quarter}"),
            Period::Half { year, half } => format!("{year:04}-h{half}"),
            Period::Year(year) => format!("{year:04}"),
        }
    }

    /// Whether every month of `other` falls within `self`.
    pub fn contains(&self, other: &Period) -> bool {
        self.first_month() <= other.first_month() && other.last_month() <= self.last_month()
    }

    fn bounds(&self) -> (YearMonth, YearMonth) {
        match *self {
            Period::Month(m) => (m, m),
            Period::Range(a, b) => (a, b),
            Period::Quarter { year, quarter } => {
                let first = (quarter.clamp(1, 4) - 1) * 3 + 1;
                (ym(year, first), ym(year, first + 2))
            }
            Period::Half { year, half } => {
                let first = (half.clamp(1, 2) - 1) * 6 + 1;
                (ym(year, first), ym(year, first + 5))
            }
            Period::Year(year) => (ym(year, 1), ym(year, 12)),
        }
    }

    /// Breaks ties between periods covering the same months, e.g. a three-month range and the
    /// quarter it matches: the more specific kind sorts first.
    fn kind_rank(&self) -> u8 {
        match self {
            Period::Month(_) => 0,
            Period::Range(..) => 1,
            Period::Quarter { .. } => 2,
            Period::Half { .. } => 3,
            Period::Year(_) => 4,
        }
    }

    /// Only differs between equal-looking values built directly with an out-of-range quarter or
    /// half; comparing it keeps `Ord` consistent with `Eq` even then.
    fn raw_number(&self) -> u8 {
        match *self {
            Period::Quarter { quarter, .. } => quarter,
            Period::Half { half, .. } => half,
            _ => 0,
        }
    }
}

/// Only for months known to be 1..=12 (the quarter and half arithmetic above).
fn ym(year: i32, month: u8) -> YearMonth {
    YearMonth { year, month }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        let key = |p: &Period| {
            (
                p.first_month(),
                p.last_month(),
                p.kind_rank(),
                p.raw_number(),
            )
        };
        key(self).cmp(&key(other))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The canonical syntax, which [`FromStr`] reads back.
impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Month(m) => write!(f, "{m}"),
            Period::Range(a, b) => write!(f, "{a}..{b}"),
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Half { year, half } => write!(f, "{year:04}-H{half}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error("the period is empty: {SYNTAX_HELP}")]
    Empty,
    #[error("`{0}` is not a period: {SYNTAX_HELP}")]
    Syntax(String),
    #[error("year {0} is out of range (years are {MIN_YEAR} to {MAX_YEAR})")]
    YearOutOfRange(i64),
    #[error("month {0} does not exist (months are 01 to 12)")]
    MonthOutOfRange(u32),
    #[error("quarter Q{0} does not exist (quarters are Q1 to Q4)")]
    QuarterOutOfRange(u32),
    #[error("half year H{0} does not exist (half years are H1 and H2)")]
    HalfOutOfRange(u32),
    #[error("range {first}..{last} ends before it starts")]
    RangeReversed { first: YearMonth, last: YearMonth },
    #[error("range {first}..{last} covers {months} months; a range covers at most 12")]
    RangeTooLong {
        first: YearMonth,
        last: YearMonth,
        months: i64,
    },
}

/// Strict: only the canonical forms, so that every period in the content reads one way.
impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        if text.is_empty() {
            return Err(PeriodError::Empty);
        }
        if let Some((first, last)) = text.split_once("..") {
            let first = parse_month(text, first)?;
            let last = parse_month(text, last)?;
            return Period::try_range(first, last);
        }
        match text.split_once('-') {
            Some((year, part)) => parse_year_part(text, parse_year(text, year)?, part),
            None => parse_year(text, text).map(Period::Year),
        }
    }
}

/// `whole` is the full input, quoted in a syntax error so the writer sees what was read.
fn syntax(whole: &str) -> PeriodError {
    PeriodError::Syntax(whole.to_string())
}

/// Exactly `width` ASCII digits; `u32::from_str` alone would also take `+9`.
fn digits(text: &str, width: usize) -> Option<u32> {
    if text.len() == width && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

fn parse_year(whole: &str, text: &str) -> Result<i32, PeriodError> {
    let year = digits(text, 4).ok_or_else(|| syntax(whole))?;
    checked_year(i64::from(year))
}

fn checked_year(year: i64) -> Result<i32, PeriodError> {
    i32::try_from(year)
        .ok()
        .filter(|y| (MIN_YEAR..=MAX_YEAR).contains(y))
        .ok_or(PeriodError::YearOutOfRange(year))
}

fn parse_month(whole: &str, text: &str) -> Result<YearMonth, PeriodError> {
    let (year, month) = text.split_once('-').ok_or_else(|| syntax(whole))?;
    let year = parse_year(whole, year)?;
    let month = digits(month, 2).ok_or_else(|| syntax(whole))?;
    month_of(year, month)
}

fn month_of(year: i32, month: u32) -> Result<YearMonth, PeriodError> {
    u8::try_from(month)
        .ok()
        .and_then(|m| YearMonth::new(year, m))
        .ok_or(PeriodError::MonthOutOfRange(month))
}

/// The part after `2024-`: `09`, `Q2` or `H1`.
fn parse_year_part(whole: &str, year: i32, part: &str) -> Result<Period, PeriodError> {
    if let Some(month) = digits(part, 2) {
        return month_of(year, month).map(Period::Month);
    }
    let (letter, number) = part.split_at_checked(1).ok_or_else(|| syntax(whole))?;
    let number = digits(number, 1).ok_or_else(|| syntax(whole))?;
    // `number` is a single digit, so the narrowing cannot fail.
    let small = u8::try_from(number).unwrap_or(u8::MAX);
    match letter {
        "Q" | "q" => Period::quarter(year, small).ok_or(PeriodError::QuarterOutOfRange(number)),
        "H" | "h" => Period::half(year, small).ok_or(PeriodError::HalfOutOfRange(number)),
        _ => Err(syntax(whole)),
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // `any`, because YAML hands over an unquoted `2024` as a number.
        deserializer.deserialize_any(PeriodVisitor)
    }
}

struct PeriodVisitor;

impl Visitor<'_> for PeriodVisitor {
    type Value = Period;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a period such as 2024-09, 2024-Q2 or 2024")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Period, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Period, E> {
        checked_year(v).map(Period::Year).map_err(E::custom)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Period, E> {
        let year = i64::try_from(v).unwrap_or(i64::MAX);
        self.visit_i64(year)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(year: i32, month: u8) -> YearMonth {
        YearMonth::new(year, month).unwrap()
    }

    fn month(year: i32, month: u8) -> Period {
        Period::Month(m(year, month))
    }

    fn range(a: (i32, u8), b: (i32, u8)) -> Period {
        Period::range(m(a.0, a.1), m(b.0, b.1)).unwrap()
    }

    fn q(year: i32, quarter: u8) -> Period {
        Period::quarter(year, quarter).unwrap()
    }

    fn h(year: i32, half: u8) -> Period {
        Period::half(year, half).unwrap()
    }

    /// One value of every kind, with the canonical text, label and slug of each.
    fn samples() -> Vec<(Period, &'static str, &'static str, &'static str)> {
        vec![
            (month(2024, 9), "2024-09", "September 2024", "2024-09"),
            (month(2025, 1), "2025-01", "January 2025", "2025-01"),
            (
                range((2024, 4), (2024, 5)),
                "2024-04..2024-05",
                "April–May 2024",
                "2024-04-to-2024-05",
            ),
            (
                range((2025, 12), (2026, 1)),
                "2025-12..2026-01",
                "December 2025–January 2026",
                "2025-12-to-2026-01",
            ),
            (
                range((2024, 4), (2024, 6)),
                "2024-04..2024-06",
                "April–June 2024",
                "2024-04-to-2024-06",
            ),
            (q(2024, 2), "2024-Q2", "Q2 2024", "2024-q2"),
            (q(2024, 4), "2024-Q4", "Q4 2024", "2024-q4"),
            (h(2025, 1), "2025-H1", "H1 2025", "2025-h1"),
            (h(2025, 2), "2025-H2", "H2 2025", "2025-h2"),
            (Period::Year(2024), "2024", "2024", "2024"),
        ]
    }

    #[test]
    fn canonical_text_round_trips() {
        for (period, text, _, _) in samples() {
            assert_eq!(period.to_string(), text);
            assert_eq!(text.parse::<Period>(), Ok(period), "parsing {text}");
        }
    }

    #[test]
    fn labels() {
        for (period, _, label, _) in samples() {
            let english = crate::i18n::english().period(&period);
            assert_eq!(english, label, "label of {period}");
        }
    }

    #[test]
    fn slugs_are_url_safe() {
        for (period, _, _, slug) in samples() {
            assert_eq!(period.slug(), slug, "slug of {period}");
            assert!(
                slug.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            );
        }
    }

    #[test]
    fn lenient_spellings_parse_to_canonical() {
        let cases = [
            ("  2024-09\n", month(2024, 9)),
            ("2024-q2", q(2024, 2)),
            ("2024-h1", h(2024, 1)),
            ("2024-03..2024-03", month(2024, 3)),
            ("1900", Period::Year(1900)),
            ("2200-12", month(2200, 12)),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Period>(), Ok(expected), "parsing {text:?}");
        }
    }

    #[test]
    fn rejects_with_reasons() {
        let cases = [
            ("", "empty"),
            ("   ", "empty"),
            (
                "2024-9",
                "`2024-9` is not a period: write a month as 2024-09",
            ),
            ("2024-13", "month 13 does not exist (months are 01 to 12)"),
            ("2024-00", "month 0 does not exist"),
            ("2024-Q5", "quarter Q5 does not exist"),
            ("2024-Q0", "quarter Q0 does not exist"),
            ("2024-H3", "half year H3 does not exist"),
            ("2024-Q", "is not a period"),
            ("2024-Q12", "is not a period"),
            ("2024-X1", "is not a period"),
            ("2024-", "is not a period"),
            ("-2024", "is not a period"),
            ("1899", "year 1899 is out of range (years are 1900 to 2200)"),
            ("2201-01", "year 2201 is out of range"),
            ("20244", "is not a period"),
            ("+024", "is not a period"),
            ("2024-+9", "is not a period"),
            ("September 2024", "is not a period"),
            ("2024/09", "is not a period"),
            ("2024-09-01", "is not a period"),
            (
                "2024-05..2024-03",
                "range 2024-05..2024-03 ends before it starts",
            ),
            (
                "2024-01..2025-01",
                "covers 13 months; a range covers at most 12",
            ),
            ("2024-Q1..2024-Q2", "is not a period"),
            ("2024-03..", "is not a period"),
            ("2024-03 .. 2024-04", "is not a period"),
            ("2024-03..2024-13", "month 13 does not exist"),
        ];
        for (text, reason) in cases {
            let err = text.parse::<Period>().unwrap_err().to_string();
            assert!(err.contains(reason), "{text:?}: {err:?} lacks {reason:?}");
        }
    }

    #[test]
    fn range_constructor_validates() {
        assert_eq!(Period::range(m(2024, 3), m(2024, 3)), Some(month(2024, 3)));
        assert_eq!(Period::range(m(2024, 4), m(2024, 3)), None);
        assert_eq!(Period::range(m(2024, 1), m(2025, 1)), None);
        assert!(Period::range(m(2024, 1), m(2024, 12)).is_some());
        assert!(Period::range(m(2024, 2), m(2025, 1)).is_some());
        assert_eq!(Period::quarter(2024, 0), None);
        assert_eq!(Period::quarter(2024, 5), None);
        assert_eq!(Period::half(2024, 3), None);
    }

    #[test]
    fn year_month_basics() {
        assert_eq!(YearMonth::new(2024, 0), None);
        assert_eq!(YearMonth::new(2024, 13), None);
        assert_eq!(m(2024, 12).next(), m(2025, 1));
        assert_eq!(m(2024, 1).next(), m(2024, 2));
        assert_eq!((m(2024, 9).year(), m(2024, 9).month()), (2024, 9));
        assert_eq!(m(i32::MAX, 12).next().month(), 1);
    }

    #[test]
    fn bounds_and_year() {
        let cases = [
            (q(2024, 2), m(2024, 4), m(2024, 6)),
            (q(2024, 4), m(2024, 10), m(2024, 12)),
            (h(2024, 2), m(2024, 7), m(2024, 12)),
            (Period::Year(2024), m(2024, 1), m(2024, 12)),
            (range((2025, 12), (2026, 1)), m(2025, 12), m(2026, 1)),
        ];
        for (period, first, last) in cases {
            assert_eq!((period.first_month(), period.last_month()), (first, last));
            assert_eq!(period.year(), first.year());
        }
    }

    #[test]
    fn ordering_is_by_months_then_kind() {
        let sorted = [
            Period::Month(m(2023, 12)),
            Period::Month(m(2024, 1)),
            Period::Range(m(2024, 1), m(2024, 3)),
            q(2024, 1),
            h(2024, 1),
            Period::Year(2024),
            Period::Month(m(2024, 2)),
            q(2024, 2),
            range((2024, 12), (2025, 1)),
            Period::Year(2025),
        ];
        for pair in sorted.windows(2) {
            assert!(pair[0] < pair[1], "{} < {}", pair[0], pair[1]);
            assert_eq!(pair[0].cmp(&pair[0]), Ordering::Equal);
        }
        let mut shuffled = sorted.to_vec();
        shuffled.reverse();
        shuffled.sort();
        assert_eq!(shuffled, sorted);
    }

    #[test]
    fn ordering_agrees_with_eq_for_hand_built_values() {
        let odd = Period::Quarter {
            year: 2024,
            quarter: 9,
        };
        assert_ne!(odd, q(2024, 4));
        assert_ne!(odd.cmp(&q(2024, 4)), Ordering::Equal);
        assert_eq!(odd.last_month(), m(2024, 12));
    }

    #[test]
    fn contains() {
        let cases = [
            (Period::Year(2024), month(2024, 9), true),
            (Period::Year(2024), range((2024, 12), (2025, 1)), false),
            (h(2024, 1), q(2024, 2), true),
            (h(2024, 1), q(2024, 3), false),
            (q(2024, 2), range((2024, 4), (2024, 5)), true),
            (q(2024, 2), range((2024, 3), (2024, 4)), false),
            (month(2024, 9), month(2024, 9), true),
            (month(2024, 9), q(2024, 3), false),
            (range((2024, 12), (2025, 1)), month(2025, 1), true),
        ];
        for (outer, inner, expected) in cases {
            assert_eq!(outer.contains(&inner), expected, "{outer} contains {inner}");
        }
    }

    #[test]
    fn serializes_as_canonical_string() {
        for (period, text, _, _) in samples() {
            let json = serde_json::to_string(&period).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Period>(&json).unwrap(), period);
        }
    }

    #[test]
    fn deserializes_numbers_as_years() {
        assert_eq!(
            serde_json::from_str::<Period>("2024").unwrap(),
            Period::Year(2024)
        );
        assert_eq!(
            serde_json::from_str::<Period>("-5")
                .unwrap_err()
                .to_string(),
            "year -5 is out of range (years are 1900 to 2200) at line 1 column 2"
        );
        assert!(
            serde_json::from_str::<Period>("18446744073709551615")
                .unwrap_err()
                .to_string()
                .contains("out of range")
        );
    }

    #[test]
    fn deserialize_rejects_other_shapes_clearly() {
        let cases = [
            (
                "[2024]",
                "expected a period such as 2024-09, 2024-Q2 or 2024",
            ),
            (
                "{\"a\": 1}",
                "expected a period such as 2024-09, 2024-Q2 or 2024",
            ),
            ("true", "expected a period such as 2024-09"),
            ("\"2024-13\"", "month 13 does not exist"),
        ];
        for (json, reason) in cases {
            let err = serde_json::from_str::<Period>(json)
                .unwrap_err()
                .to_string();
            assert!(err.contains(reason), "{json}: {err:?} lacks {reason:?}");
        }
    }
}
