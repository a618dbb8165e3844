//! Warnings for a report copied from an earlier one and not fully updated: a title that names
//! another month, quarter, half year or year than the report's period, and a `published` date
//! before the period ends. Both are what changing only `period:` in a copy leaves behind.

use crate::diagnostics::{Code, Diagnostic, Sources};
use crate::model::{Period, Report, Span};
use chrono::NaiveDate;

pub(super) fn check(r: &Report, sources: &Sources, out: &mut Vec<Diagnostic>) {
    // A period that does not fit the kind is reported as such; it is no measure of the title.
    if !r.kind.fits(&r.period) {
        return;
    }
    title(r, sources, out);
    published(r, out);
}

/// A part of a calendar a title names. Months, quarters and halves carry no year: "September
/// 2024" is a month and a year, each checked on its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Named {
    Month(u8),
    Quarter(u8),
    Half(u8),
    Year(i32),
}

/// A word of the title that names a period: what, and where (in characters from the start).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Mention {
    named: Named,
    at: usize,
    len: usize,
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Every month, quarter, half or year the title names, in order. Month names count only
/// capitalised ("May", "Sept", "Oct"), so that "may" and "march" in prose are not months; a
/// two-digit number counts as a month only right after `YYYY-` (`2024-10`).
fn mentions(title: &str) -> Vec<Mention> {
    let chars: Vec<char> = title.chars().collect();
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_alphanumeric() {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        let after_year = start > 0
            && chars[start - 1] == '-'
            && out
                .last()
                .is_some_and(|m| matches!(m.named, Named::Year(_)) && m.at + m.len + 1 == start);
        if let Some(named) = name_of(&word, after_year) {
            out.push(Mention {
                named,
                at: start,
                len: i - start,
            });
        }
    }
    out
}

fn name_of(word: &str, after_year: bool) -> Option<Named> {
    let digits = word.bytes().all(|b| b.is_ascii_digit());
    if digits && word.len() == 4 {
        let year: i32 = word.parse().ok()?;
        return (1900..=2200).contains(&year).then_some(Named::Year(year));
    }
    if digits && word.len() == 2 && after_year {
        let month: u8 = word.parse().ok()?;
        return (1..=12).contains(&month).then_some(Named::Month(month));
    }
    let numbered = |letter: char, last: u8| {
        let rest = word.strip_prefix(letter)?;
        let n: u8 = rest.parse().ok().filter(|_| rest.len() == 1)?;
        (1..=last).contains(&n).then_some(n)
    };
    if let Some(q) = numbered('Q', 4) {
        return Some(Named::Quarter(q));
    }
    if let Some(h) = numbered('H', 2) {
        return Some(Named::Half(h));
    }
    if !word.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let month = MONTHS.iter().position(|name| {
        *name == word
            || (word.len() == 3 && name.starts_with(word))
            || word == "Sept" && *name == "September"
    })?;
    u8::try_from(month + 1).ok().map(Named::Month)
}

/// Months of the year (bit 0 is January) that the period covers.
fn months_of(period: &Period) -> u16 {
    let (first, last) = (period.first_month(), period.last_month());
    let mut mask = 0;
    let mut m = first;
    // A period covers at most twelve months; the bound keeps a malformed one finite.
    for _ in 0..12 {
        mask |= 1 << (m.month() - 1);
        if m == last {
            break;
        }
        m = m.next();
    }
    mask
}

/// Whether a named part of the calendar is outside the period.
fn stale(named: Named, period: &Period) -> bool {
    let months = |first: u8, count: u8| ((1u16 << count) - 1) << (first - 1);
    let mask = match named {
        Named::Year(y) => {
            return !(period.first_month().year()..=period.last_month().year()).contains(&y);
        }
        Named::Month(m) => months(m, 1),
        Named::Quarter(q) => months(q * 3 - 2, 3),
        Named::Half(h) => months(h * 6 - 5, 6),
    };
    mask & months_of(period) == 0
}

fn title(r: &Report, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let wrong: Vec<Mention> = mentions(&r.title)
        .into_iter()
        .filter(|m| stale(m.named, &r.period))
        .collect();
    let Some(first) = wrong.first() else {
        return;
    };
    let words: Vec<String> = wrong
        .iter()
        .map(|m| {
            format!(
                "`{}`",
                r.title.chars().skip(m.at).take(m.len).collect::<String>()
            )
        })
        .collect();
    let value = r.spans.root().key("title").value();
    let at = value.map(|v| {
        word_span(
            sources.get(r.source.as_str()).map(|s| &**s),
            v,
            &r.title,
            first,
        )
        .unwrap_or(v)
    });
    out.push(
        Diagnostic::warning(
            Code::StaleCopy,
            r.source.as_str(),
            format!(
                "the title names {}, but the report covers {} ({})",
                words.join(" and "),
                crate::i18n::english().period(&r.period),
                r.period
            ),
        )
        .at_span(at)
        .hint("a copied report? update the title, or `period:` if that is what is wrong"),
    );
}

/// The span of one word of the title in the file, when the title is written on one line, as
/// is or in quotes; `None` when it is written otherwise (escapes, folded over lines).
fn word_span(source: Option<&str>, value: Span, title: &str, word: &Mention) -> Option<Span> {
    let line = source?.lines().nth(value.line.checked_sub(1)?)?;
    let written: String = line.chars().skip(value.column.checked_sub(1)?).collect();
    let quote = match written.chars().next()? {
        '"' | '\'' => 1,
        _ => 0,
    };
    let unquoted: String = written.chars().skip(quote).collect();
    unquoted.starts_with(title).then_some(Span {
        line: value.line,
        column: value.column + quote + word.at,
        len: word.len,
    })
}

fn published(r: &Report, out: &mut Vec<Diagnostic>) {
    let Some(published) = r.published else {
        return;
    };
    let last = last_day(&r.period);
    if published.0 >= last {
        return;
    }
    out.push(
        Diagnostic::warning(
            Code::StaleCopy,
            r.source.as_str(),
            format!(
                "published {published}, before the period ends ({} covers {} to {})",
                r.period,
                first_day(&r.period),
                last
            ),
        )
        .at_span(r.spans.root().key("published").value())
        .hint("a copied report? set `published:` to the day it goes out, or remove it until then"),
    );
}

fn first_day(period: &Period) -> NaiveDate {
    let m = period.first_month();
    NaiveDate::from_ymd_opt(m.year(), m.month().into(), 1).unwrap_or(NaiveDate::MIN)
}

fn last_day(period: &Period) -> NaiveDate {
    let next = period.last_month().next();
    NaiveDate::from_ymd_opt(next.year(), next.month().into(), 1)
        .and_then(|d| d.pred_opt())
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(title: &str) -> Vec<Named> {
        mentions(title).into_iter().map(|m| m.named).collect()
    }

    fn period(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn reads_months_quarters_halves_and_years_out_of_titles() {
        use Named::*;
        let cases: &[(&str, &[Named])] = &[
            (
                "Alpha-Omega Monthly Report, September 2024",
                &[Month(9), Year(2024)],
            ),
            ("2024 Q2 Alpha-Omega", &[Year(2024), Quarter(2)]),
            ("Q2 2024 update", &[Quarter(2), Year(2024)]),
            ("Report 2024-Q3", &[Year(2024), Quarter(3)]),
            ("Report 2024-10", &[Year(2024), Month(10)]),
            ("Annual Report, 2024", &[Year(2024)]),
            ("H1 2025 review", &[Half(1), Year(2025)]),
            ("April–May 2024", &[Month(4), Month(5), Year(2024)]),
            ("Sept. and Oct 2024", &[Month(9), Month(10), Year(2024)]),
            (
                "December 2024–January 2025",
                &[Month(12), Year(2024), Month(1), Year(2025)],
            ),
        ];
        for (title, want) in cases {
            assert_eq!(named(title), *want, "{title}");
        }
    }

    #[test]
    fn ignores_words_that_only_look_like_periods() {
        for title in [
            "What we may do in march",
            "Top 10 of 20000 projects, 2,000 scanned",
            "Q5 and H3 are not periods; Quarterly, Maybe, Junes",
            "Report 10-12",
        ] {
            assert_eq!(named(title), [], "{title}");
        }
    }

    #[test]
    fn positions_are_in_characters() {
        let m = mentions("Résumé – September 2024");
        assert_eq!((m[0].at, m[0].len), (9, 9));
        assert_eq!((m[1].at, m[1].len), (19, 4));
    }

    #[test]
    fn a_named_period_is_stale_when_it_lies_outside_the_reports_period() {
        use Named::*;
        let cases = [
            (Month(9), "2024-10", true),
            (Month(10), "2024-10", false),
            (Year(2024), "2025-01", true),
            (Year(2024), "2024-12..2025-01", false),
            (Month(1), "2024-12..2025-01", false),
            (Month(2), "2024-12..2025-01", true),
            (Quarter(2), "2024-Q3", true),
            (Quarter(3), "2024-Q3", false),
            (Month(8), "2024-Q3", false),
            (Month(10), "2024-Q3", true),
            (Quarter(4), "2024-10", false),
            (Half(1), "2024-Q3", true),
            (Half(2), "2024-Q3", false),
            (Month(5), "2024", false),
            (Quarter(1), "2024", false),
            (Year(2023), "2024", true),
        ];
        for (named, p, want) in cases {
            assert_eq!(stale(named, &period(p)), want, "{named:?} in {p}");
        }
    }

    #[test]
    fn the_last_day_of_a_period_is_the_last_day_of_its_last_month() {
        let day = |s: &str| s.parse::<crate::model::Date>().unwrap().0;
        assert_eq!(last_day(&period("2024-02")), day("2024-02-29"));
        assert_eq!(last_day(&period("2024-Q4")), day("2024-12-31"));
        assert_eq!(last_day(&period("2024-11..2025-01")), day("2025-01-31"));
        assert_eq!(first_day(&period("2024-H2")), day("2024-07-01"));
    }

    #[test]
    fn finds_the_word_in_plain_and_quoted_titles() {
        let title = "Monthly Report, September 2024";
        let word = mentions(title)[0];
        let value = |column| Span {
            line: 2,
            column,
            len: 1,
        };
        for (text, column, want) in [
            ("---\ntitle: Monthly Report, September 2024\n", 8, Some(24)),
            (
                "---\ntitle: \"Monthly Report, September 2024\"\n",
                8,
                Some(25),
            ),
            (
                "---\ntitle: \"Monthly Report, \\x53eptember 2024\"\n",
                8,
                None,
            ),
        ] {
            let source = text.to_string();
            let got = word_span(Some(&source), value(column), title, &word).map(|s| s.column);
            assert_eq!(got, want, "{text}");
        }
    }
}
