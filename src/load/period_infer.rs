//! Inferring the period a grantee update covers from its file name or its first heading, which
//! grantees write freely (`update-sept-2024.md`, `Q1-Q2 2025.md`, `# Update - April & May 2025`).

use crate::model::period::{Period, PeriodError, YearMonth};

/// Narrower than the canonical syntax's years: a four-digit number in a free-form name is only
/// taken for a year when it is plausibly one for a grant programme.
const MIN_YEAR: u32 = 1990;
const MAX_YEAR: u32 = 2100;

/// File extensions of text updates. Anything else stays part of the name, because in
/// `update-2024.09` the `.09` is the month.
const TEXT_EXTENSIONS: [&str; 3] = ["md", "markdown", "txt"];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InferError {
    /// Nothing date-like: the file is a page, not an update.
    #[error("no year and month found")]
    NotFound,
    /// Something date-like that cannot be right; the reason quotes the name or heading.
    #[error("{0}")]
    Invalid(String),
}

/// A period read from free text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub period: Period,
    /// One year was written for months on both sides of a year end (`2025-december-january`),
    /// so which of them it belongs to is a guess.
    pub year_guessed: bool,
}

/// Infers the period from a file name such as `update-2024-09.md` or `Q4 2024.md`.
pub fn from_file_name(name: &str) -> Result<Reading, InferError> {
    // A caller may hand over a relative path; the folder's year is not the update's period.
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let lower = name.to_lowercase();
    infer(strip_text_extension(&lower), &format!("`{name}`"))
}

/// Infers the period from the first heading of a Markdown document, which must be its first
/// block after an optional byte-order mark, front matter and blank lines.
pub fn from_heading(markdown: &str) -> Result<Reading, InferError> {
    let (_, heading) = first_heading(markdown).ok_or(InferError::NotFound)?;
    infer(&heading.to_lowercase(), &format!("the heading `{heading}`"))
}

/// Words a title may hold besides a period and still say nothing else: `Update - July 2026`.
const PERIOD_TITLE_WORDS: [&str; 5] = ["update", "updates", "report", "monthly", "for"];

/// Whether a title says nothing but a period: `2026-07`, `July 2026`, `Update 2024-09`,
/// `Update April-May 2024`. Any other word (`Rustls`, `Threat Modeling`) makes it a title.
pub fn names_only_a_period(title: &str) -> bool {
    let lower = title.to_lowercase();
    let filler = |token: &Token| match token {
        Token::Word(word) => PERIOD_TITLE_WORDS.contains(&word.as_str()),
        _ => true,
    };
    tokenize(&lower).iter().all(filler) && infer(&lower, "").is_ok()
}

/// The 1-based line of `markdown` that holds the heading `from_heading` reads.
pub fn heading_line(markdown: &str) -> Option<usize> {
    first_heading(markdown).map(|(index, _)| index + 1)
}

fn strip_text_extension(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext)) if TEXT_EXTENSIONS.contains(&ext) => stem,
        _ => name,
    }
}

/// `subject` names the source in error messages, already quoted.
fn infer(text: &str, subject: &str) -> Result<Reading, InferError> {
    let tokens = tokenize(text);
    let found = (0..tokens.len())
        .find_map(|i| period_at(&tokens[i..]))
        .or_else(|| year_without_month(&tokens).map(Err));
    match found {
        Some(Ok(reading)) => Ok(reading),
        Some(Err(problem)) => Err(InferError::Invalid(problem.describe(subject))),
        None => Err(InferError::NotFound),
    }
}

// ---------------------------------------------------------------------------------------------
// Headings

/// The heading with the index of its line.
fn first_heading(markdown: &str) -> Option<(usize, &str)> {
    let text = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    let mut lines = skip_front_matter(text).skip_while(|(_, line)| line.trim().is_empty());
    let (index, first) = lines.next()?;
    if let Some(heading) = atx_heading(first) {
        return Some((index, heading));
    }
    let underlined = lines
        .next()
        .is_some_and(|(_, line)| is_setext_underline(line));
    underlined.then(|| (index, first.trim()))
}

/// The lines after front matter, or all lines when there is none (a lone `---` is then a
/// thematic break, which is not a heading either); each with its index in `text`.
fn skip_front_matter(text: &str) -> std::iter::Enumerate<std::str::Lines<'_>> {
    let mut lines = text.lines().enumerate();
    if lines.next().map(|(_, line)| line.trim_end()) == Some("---") {
        let mut rest = lines.clone();
        if rest.any(|(_, line)| line.trim_end() == "---") {
            return rest;
        }
    }
    text.lines().enumerate()
}

/// `# Title`, `### Title ###`, and also `#Title`, which grantees write and grantsite renders
/// as a heading too; `#1234` is an issue number in a paragraph (see
/// `markdown::forgive_unspaced_headings`).
fn atx_heading(line: &str) -> Option<&str> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let marked = line.trim_start_matches(' ');
    let text = marked.trim_start_matches('#');
    let level = marked.len() - text.len();
    if !(1..=6).contains(&level) || text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let text = text.trim();
    let unclosed = text.trim_end_matches('#');
    let has_closing =
        unclosed.len() < text.len() && (unclosed.is_empty() || unclosed.ends_with(' '));
    Some(if has_closing {
        unclosed.trim_end()
    } else {
        text
    })
}

fn is_setext_underline(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty() && (line.bytes().all(|b| b == b'=') || line.bytes().all(|b| b == b'-'))
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// Any four-digit number; whether it is a plausible year is judged once it matches a pattern.
    Year(u32),
    /// One or two digits: a month, a day or nothing.
    Number(u32),
    MonthName(u8),
    /// `q` glued to one digit, as in `Q2`; the digit is checked once it matches.
    Quarter(u32),
    Half(u32),
    /// A word that may stand between the two ends of a range, as in `April and May`.
    Joiner,
    Word(String),
}

/// Splits lower-case text into tokens at anything not alphanumeric and at every letter/digit
/// boundary, so `update_2024_11`, `2024q2` and `sept2024` all read the same as with dashes.
fn tokenize(text: &str) -> Vec<Token> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .flat_map(|word| word_tokens(&runs(word)))
        .collect()
}

fn runs(word: &str) -> Vec<&str> {
    let mut runs = Vec::new();
    let mut start = 0;
    let mut previous_is_digit = None;
    for (at, c) in word.char_indices() {
        let is_digit = c.is_ascii_digit();
        if previous_is_digit.is_some_and(|was| was != is_digit) {
            runs.push(&word[start..at]);
            start = at;
        }
        previous_is_digit = Some(is_digit);
    }
    runs.push(&word[start..]);
    runs
}

fn word_tokens(runs: &[&str]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        // Only a letter glued to its digit makes a quarter: `q2`, never `q 2`.
        let glued = runs.get(i + 1).and_then(|digit| ordinal(runs[i], digit));
        match glued {
            Some(token) => {
                tokens.push(token);
                i += 2;
            }
            None => {
                match compact_date(runs[i]) {
                    Some(date) => tokens.extend(date),
                    None => tokens.push(run_token(runs[i])),
                }
                i += 1;
            }
        }
    }
    tokens
}

/// `202409` and `20240930`, written without separators, are a year and a month (and a day)
/// when they read as one; any other long number stays a word (an issue or a build number).
fn compact_date(run: &str) -> Option<Vec<Token>> {
    if !matches!(run.len(), 6 | 8) || !run.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = |at: std::ops::Range<usize>| run.get(at).and_then(|d| d.parse::<u32>().ok());
    let (year, month) = (digits(0..4)?, digits(4..6)?);
    let day = match run.len() {
        8 => Some(digits(6..8)?),
        _ => None,
    };
    let plausible = (MIN_YEAR..=MAX_YEAR).contains(&year)
        && (1..=12).contains(&month)
        && day.is_none_or(|day| (1..=31).contains(&day));
    plausible.then(|| {
        [Token::Year(year), Token::Number(month)]
            .into_iter()
            .chain(day.map(Token::Number))
            .collect()
    })
}

fn ordinal(letter: &str, digit: &str) -> Option<Token> {
    let number = single_digit(digit)?;
    match letter {
        "q" => Some(Token::Quarter(number)),
        "h" => Some(Token::Half(number)),
        _ => None,
    }
}

fn single_digit(run: &str) -> Option<u32> {
    let mut chars = run.chars();
    let digit = chars.next()?.to_digit(10)?;
    chars.next().is_none().then_some(digit)
}

fn run_token(run: &str) -> Token {
    if run.bytes().all(|b| b.is_ascii_digit()) {
        let value = run.parse().unwrap_or(u32::MAX);
        return match run.len() {
            4 => Token::Year(value),
            1 | 2 => Token::Number(value),
            _ => Token::Word(run.to_string()),
        };
    }
    if let Some(month) = month_number(run) {
        return Token::MonthName(month);
    }
    match run {
        "to" | "and" | "through" | "thru" | "till" | "until" => Token::Joiner,
        _ => Token::Word(run.to_string()),
    }
}

fn month_number(word: &str) -> Option<u8> {
    let month = match word {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

// ---------------------------------------------------------------------------------------------
// Patterns

/// Why a date-like name cannot be right.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    Month(u32),
    Year(u32),
    Quarter(u32),
    Half(u32),
    Range(PeriodError),
    YearOnly(u32),
}

impl Problem {
    fn describe(&self, subject: &str) -> String {
        match self {
            Problem::Month(m) => {
                format!("{subject} names month {m}, which does not exist (months are 1 to 12)")
            }
            Problem::Year(y) => {
                format!("{subject} names the year {y}, which is outside {MIN_YEAR} to {MAX_YEAR}")
            }
            Problem::Quarter(q) => {
                format!(
                    "{subject} names quarter Q{q}, which does not exist (quarters are Q1 to Q4)"
                )
            }
            Problem::Half(h) => {
                format!(
                    "{subject} names half year H{h}, which does not exist (halves are H1 and H2)"
                )
            }
            Problem::Range(err) => format!("{subject}: {err}"),
            Problem::YearOnly(y) => format!(
                "{subject} names the year {y} but no month; an update covers a month, \
                 a range of months or a quarter, as in {y}-09, {y}-03..{y}-04 or {y}-Q2"
            ),
        }
    }
}

type Found = Result<Period, Problem>;

/// The first and last month of what a pattern names; equal for a single month.
#[derive(Clone, Copy)]
struct Span {
    first: YearMonth,
    last: YearMonth,
    year_guessed: bool,
}

/// The period named by the tokens starting at the front of `t`, if any.
fn period_at(t: &[Token]) -> Option<Result<Reading, Problem>> {
    let written = |found: Found| {
        found.map(|period| Reading {
            period,
            year_guessed: false,
        })
    };
    quarters(t)
        .or_else(|| halves(t))
        .map(written)
        .or_else(|| months(t))
}

fn plausible_year(year: u32) -> Result<i32, Problem> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        i32::try_from(year).map_err(|_| Problem::Year(year))
    } else {
        Err(Problem::Year(year))
    }
}

fn to_period(first: YearMonth, last: YearMonth) -> Found {
    Period::try_range(first, last).map_err(Problem::Range)
}

fn skip_joiner(t: &[Token]) -> &[Token] {
    match t {
        [Token::Joiner, rest @ ..] => rest,
        _ => t,
    }
}

/// `2024-Q2`, `Q4 2024`, `Q1-Q2 2025`, `2024 Q2 to Q3`.
fn quarters(t: &[Token]) -> Option<Found> {
    match t {
        [Token::Year(year), Token::Quarter(q), rest @ ..] => {
            let (second, _) = second_quarter(rest);
            Some(quarter_span(*year, *q, second))
        }
        [Token::Quarter(q), rest @ ..] => {
            let (second, rest) = second_quarter(rest);
            match rest {
                [Token::Year(year), ..] => Some(quarter_span(*year, *q, second)),
                _ => None,
            }
        }
        _ => None,
    }
}

fn second_quarter(t: &[Token]) -> (Option<u32>, &[Token]) {
    match skip_joiner(t) {
        [Token::Quarter(q), rest @ ..] => (Some(*q), rest),
        _ => (None, t),
    }
}

/// Two quarters that make a half are that half; other pairs are the months they span.
fn quarter_span(year: u32, first: u32, last: Option<u32>) -> Found {
    let year = plausible_year(year)?;
    let quarter = |q: u32| {
        u8::try_from(q)
            .ok()
            .and_then(|small| Period::quarter(year, small))
            .ok_or(Problem::Quarter(q))
    };
    let start = quarter(first)?;
    let Some(last) = last else {
        return Ok(start);
    };
    let end = quarter(last)?;
    match (first, last) {
        (1, 2) => Ok(Period::Half { year, half: 1 }),
        (3, 4) => Ok(Period::Half { year, half: 2 }),
        _ => to_period(start.first_month(), end.last_month()),
    }
}

/// `2024-H1`, `H2 2025`.
fn halves(t: &[Token]) -> Option<Found> {
    let (year, half) = match t {
        [Token::Year(year), Token::Half(half), ..] | [Token::Half(half), Token::Year(year), ..] => {
            (*year, *half)
        }
        _ => return None,
    };
    Some(plausible_year(year).and_then(|year| {
        u8::try_from(half)
            .ok()
            .and_then(|small| Period::half(year, small))
            .ok_or(Problem::Half(half))
    }))
}

/// A month or run of month names, optionally followed by the other end of a range
/// (`2024-10 to 2024-11`, `December 2024 - January 2025`).
fn months(t: &[Token]) -> Option<Result<Reading, Problem>> {
    let (span, used) = month_expr(t)?;
    let span = match span {
        Ok(span) => span,
        Err(problem) => return Some(Err(problem)),
    };
    // A run of names is already a range; only a single month can be the start of another,
    // and both ends of such a range carry their own year.
    let last = match (span.first == span.last)
        .then(|| range_end(&t[used..]))
        .flatten()
    {
        Some(Ok(end)) => end,
        Some(Err(problem)) => return Some(Err(problem)),
        None => span.last,
    };
    Some(to_period(span.first, last).map(|period| Reading {
        period,
        year_guessed: span.year_guessed,
    }))
}

fn range_end(t: &[Token]) -> Option<Result<YearMonth, Problem>> {
    match month_expr(skip_joiner(t))?.0 {
        Ok(span) => (span.first == span.last).then_some(Ok(span.first)),
        Err(problem) => Some(Err(problem)),
    }
}

/// One month-naming expression at the front of `t`, with the number of tokens it used.
fn month_expr(t: &[Token]) -> Option<(Result<Span, Problem>, usize)> {
    match t {
        [Token::Year(year), Token::Number(month), ..]
        | [Token::Number(month), Token::Year(year), ..] => {
            let found = numeric_month(*year, *month)?;
            let single = |m| Span {
                first: m,
                last: m,
                year_guessed: false,
            };
            Some((found.map(single), 2))
        }
        [Token::Year(year), rest @ ..] => {
            let (names, used) = month_names(rest);
            let span = year_then_names(*year, &names)?;
            Some((span, 1 + used))
        }
        [Token::MonthName(_), ..] => names_then_year(t),
        _ => None,
    }
}

/// Only one bad part makes a bad date: `2024-13` and `1800-01` are mistakes, but `1234-56` is
/// just a number in a name (an issue, a version) and no date at all.
fn numeric_month(year: u32, month: u32) -> Option<Result<YearMonth, Problem>> {
    let year = plausible_year(year);
    let month_ok = (1..=12).contains(&month);
    match (year, month_ok) {
        (Ok(year), true) => u8::try_from(month)
            .ok()
            .and_then(|m| YearMonth::new(year, m))
            .map(Ok),
        (Ok(_), false) => Some(Err(Problem::Month(month))),
        (Err(problem), true) => Some(Err(problem)),
        (Err(_), false) => None,
    }
}

/// Month names in a row, `and`/`to` allowed between them: `april-may`, `april & may`.
fn month_names(t: &[Token]) -> (Vec<u8>, usize) {
    let mut names = Vec::new();
    let mut used = 0;
    while let Some(rest) = t.get(used..) {
        let (month, step) = match rest {
            [Token::MonthName(m), ..] => (*m, 1),
            [Token::Joiner, Token::MonthName(m), ..] if !names.is_empty() => (*m, 2),
            _ => break,
        };
        names.push(month);
        used += step;
    }
    (names, used)
}

/// `2025-december-january`: the year belongs to the first month, so a later month that comes
/// earlier in the calendar is in the next year.
fn year_then_names(year: u32, names: &[u8]) -> Option<Result<Span, Problem>> {
    let (&first, &last) = (names.first()?, names.last()?);
    let year = match plausible_year(year) {
        Ok(year) => year,
        Err(problem) => return Some(Err(problem)),
    };
    let crosses = last < first;
    let last_year = if crosses { year + 1 } else { year };
    Some(Ok(Span {
        first: YearMonth::new(year, first)?,
        last: YearMonth::new(last_year, last)?,
        year_guessed: crosses,
    }))
}

/// `april-may 2024`, `September 15, 2024`: the year belongs to the last month, as in
/// "December–January 2025", so a first month later in the calendar is in the year before.
fn names_then_year(t: &[Token]) -> Option<(Result<Span, Problem>, usize)> {
    let (names, used) = month_names(t);
    let (&first, &last) = (names.first()?, names.last()?);
    let (year, used) = match &t[used..] {
        [Token::Year(year), ..] => (*year, used + 1),
        [Token::Number(day), Token::Year(year), ..] if (1..=31).contains(day) => (*year, used + 2),
        _ => return None,
    };
    let year = match plausible_year(year) {
        Ok(year) => year,
        Err(problem) => return Some((Err(problem), used)),
    };
    let crosses = last < first;
    let first_year = if crosses { year - 1 } else { year };
    let span = Span {
        first: YearMonth::new(first_year, first)?,
        last: YearMonth::new(year, last)?,
        year_guessed: crosses,
    };
    Some((Ok(span), used))
}

/// `update-2024.md` looks like an update but names no month, and a year is not an update's
/// period; other names with a lone year (`roadmap-2024.md`) are simply pages.
fn year_without_month(tokens: &[Token]) -> Option<Problem> {
    let is_update = tokens
        .iter()
        .any(|t| matches!(t, Token::Word(w) if w == "update" || w == "updates"));
    let year = tokens.iter().find_map(|t| match t {
        Token::Year(year) => plausible_year(*year).ok().map(|_| *year),
        _ => None,
    })?;
    is_update.then_some(Problem::YearOnly(year))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What a case should infer; `Invalid` holds words the reason must contain.
    enum Expect {
        Is(Period),
        NotFound,
        Invalid(&'static str),
    }

    fn month(year: i32, month: u8) -> Expect {
        Expect::Is(Period::Month(YearMonth::new(year, month).unwrap()))
    }

    fn range(first: (i32, u8), last: (i32, u8)) -> Expect {
        let first = YearMonth::new(first.0, first.1).unwrap();
        let last = YearMonth::new(last.0, last.1).unwrap();
        Expect::Is(Period::range(first, last).unwrap())
    }

    fn quarter(year: i32, quarter: u8) -> Expect {
        Expect::Is(Period::quarter(year, quarter).unwrap())
    }

    fn half(year: i32, half: u8) -> Expect {
        Expect::Is(Period::half(year, half).unwrap())
    }

    fn check(input: &str, actual: Result<Period, InferError>, expected: Expect) {
        match (actual, expected) {
            (Ok(got), Expect::Is(want)) => assert_eq!(got, want, "{input:?}"),
            (Err(InferError::NotFound), Expect::NotFound) => {}
            (Err(InferError::Invalid(reason)), Expect::Invalid(words)) => {
                assert!(
                    reason.contains(words),
                    "{input:?}: {reason:?} lacks {words:?}"
                );
            }
            (actual, _) => panic!("{input:?}: unexpected {actual:?}"),
        }
    }

    /// One `#[test]` per row, so a failure names the very file name or heading.
    macro_rules! cases {
        ($infer:ident: $($test:ident: $input:expr => $expected:expr;)*) => {
            $(
                #[test]
                fn $test() {
                    check($input, $infer($input).map(|r| r.period), $expected);
                }
            )*
        };
    }

    cases! { from_file_name:
        name_year_month: "update-2024-09.md" => month(2024, 9);
        name_capitalised: "Update-2024-09.md" => month(2024, 9);
        name_bare_year_month: "2025-01.md" => month(2025, 1);
        name_month_year: "09-2025.md" => month(2025, 9);
        name_update_month_year: "update-10-2024.md" => month(2024, 10);
        name_dot_is_not_an_extension: "update-2024.09" => month(2024, 9);
        name_space_no_extension: "update 2025-03" => month(2025, 3);
        name_no_extension: "Update-2025-01" => month(2025, 1);
        name_year_two_month_names: "update-2024-april-may.md" => range((2024, 4), (2024, 5));
        name_year_month_name: "update-2025-april.md" => month(2025, 4);
        name_month_name_year: "update-august-2025.md" => month(2025, 8);
        name_range_across_year_end: "update-2025-december-january.md" => range((2025, 12), (2026, 1));
        name_quarter_pair_is_half: "Q1-Q2 2025.md" => half(2025, 1);
        name_second_half: "q3-q4-2024.md" => half(2024, 2);
        name_other_quarter_pair: "Q2-Q3 2024.md" => range((2024, 4), (2024, 9));
        name_year_quarter: "update-2024-Q2.md" => quarter(2024, 2);
        name_trailing_words: "update-2024-Q2-eclipse-kuksa.md" => quarter(2024, 2);
        name_bare_year_quarter: "2024-Q3.md" => quarter(2024, 3);
        name_quarter_year: "Q4 2024.md" => quarter(2024, 4);
        name_sept: "update-sept-2024.md" => month(2024, 9);
        name_sep_capitalised: "update-Sep-2024.md" => month(2024, 9);
        name_underscores: "update_2024_11.md" => month(2024, 11);
        name_version_suffix: "update-2024-11-v2.md" => month(2024, 11);
        name_month_names_then_year: "march-april 2025.md" => range((2025, 3), (2025, 4));
        name_numeric_range: "2024-10 to 2024-11.md" => range((2024, 10), (2024, 11));
        name_numeric_range_no_joiner: "2024-12-2025-01.md" => range((2024, 12), (2025, 1));
        name_names_with_years_range: "December 2024 - January 2025.md" => range((2024, 12), (2025, 1));
        name_names_then_year_across_year_end: "december-january 2025.md" => range((2024, 12), (2025, 1));
        name_upper_case_extension: "UPDATE-2024-09.MD" => month(2024, 9);
        name_markdown_extension: "update-2024-09.markdown" => month(2024, 9);
        name_txt_extension: "update 2024-09.txt" => month(2024, 9);
        name_glued: "update2024sept.md" => month(2024, 9);
        name_glued_quarter: "2024q2.md" => quarter(2024, 2);
        name_half: "update-2025-H1.md" => half(2025, 1);
        name_single_digit_month: "update-9-2024.md" => month(2024, 9);
        name_full_date: "update-2024-09-30.md" => month(2024, 9);
        name_abbreviations: "jun-jul-2024.md" => range((2024, 6), (2024, 7));
        name_path_ignores_folder_year: "engagements/2023/org/update-2024-09.md" => month(2024, 9);
        name_three_names: "july-august-september-2024.md" => range((2024, 7), (2024, 9));

        reject_month_13: "update-2024-13.md" => Expect::Invalid("`update-2024-13.md` names month 13, which does not exist");
        reject_notes: "notes.md" => Expect::NotFound;
        reject_readme: "README.md" => Expect::NotFound;
        reject_role_description: "role-description.md" => Expect::NotFound;
        reject_year_alone: "update-2024.md" => Expect::Invalid("names the year 2024 but no month");
        reject_month_zero: "00-2024.md" => Expect::Invalid("month 0");
        reject_old_year: "update-1800-01.md" => Expect::Invalid("the year 1800, which is outside 1990 to 2100");
        reject_far_year: "update-2101-03.md" => Expect::Invalid("the year 2101");
        reject_quarter_five: "update-2024-Q5.md" => Expect::Invalid("quarter Q5");
        reject_half_three: "2024-H3.md" => Expect::Invalid("half year H3");
        reject_reversed_quarters: "Q3-Q1 2024.md" => Expect::Invalid("ends before it starts");
        reject_reversed_range: "2024-11 to 2024-10.md" => Expect::Invalid("range 2024-11..2024-10 ends before it starts");
        reject_bad_range_end: "2024-10 to 2024-13.md" => Expect::Invalid("month 13");
        reject_long_range: "2024-01 to 2025-03.md" => Expect::Invalid("covers 15 months");
        reject_lone_page_year: "roadmap-2024.md" => Expect::NotFound;
        reject_issue_number: "issue-1234-56.md" => Expect::NotFound;
        reject_month_name_alone: "may-plans.md" => Expect::NotFound;
        reject_empty: "" => Expect::NotFound;
        reject_image: "logo.png" => Expect::NotFound;
    }

    cases! { from_heading:
        heading_month_name_year: "# FreeBSD Update - September 2024\n\nText." => month(2024, 9);
        heading_level_two: "## Monthly update: October 2024" => month(2024, 10);
        heading_no_space: "#Update for 2024-09" => month(2024, 9);
        heading_ampersand_range: "# Rust Foundation — April & May 2025" => range((2025, 4), (2025, 5));
        heading_quarter: "# Q3 2024 report" => quarter(2024, 3);
        heading_and_range: "# Update: September and October 2024" => range((2024, 9), (2024, 10));
        heading_day: "# Update, September 15, 2024" => month(2024, 9);
        heading_after_blank_lines_and_bom: "\u{feff}\n\n  \n# Update 2024-09\n" => month(2024, 9);
        heading_crlf: "# Update 2024-09\r\nbody\r\n" => month(2024, 9);
        heading_closing_hashes: "### October 2024 ###" => month(2024, 10);
        heading_after_front_matter: "---\ntitle: x\n---\n\n# Update 2024-11\n" => month(2024, 11);
        heading_setext: "Update for March 2025\n=====================\n" => month(2025, 3);
        heading_setext_dashes: "Update for March 2025\n---\n" => month(2025, 3);
        heading_indented: "   # Update 2024-09" => month(2024, 9);

        reject_heading_without_date: "# FreeBSD Foundation\n\nSeptember 2024 was busy." => Expect::NotFound;
        reject_paragraph_first: "Some intro.\n\n# Update 2024-09" => Expect::NotFound;
        reject_code_indent: "    # Update 2024-09" => Expect::NotFound;
        reject_seven_hashes: "####### Update 2024-09" => Expect::NotFound;
        reject_empty_document: "" => Expect::NotFound;
        reject_heading_bad_month: "# Update 2024-13" => Expect::Invalid("the heading `Update 2024-13` names month 13");
        reject_thematic_break_first: "---\n# Update 2024-09" => Expect::NotFound;
        reject_issue_number_first: "#1234 was merged in September 2024" => Expect::NotFound;
    }

    // Every file-name shape in ossf/alpha-omega's alpha/engagements/, 2022 to 2026, present
    // and past (346 updates at the time of writing).
    cases! { from_file_name:
        real_update_2022_08: "update-2022-08.md" => month(2022, 8);
        real_capital_update: "Update-2022-12.md" => month(2022, 12);
        real_dotted_no_extension: "2023.10" => month(2023, 10);
        real_dotted_with_extension: "update-2023.09.md" => month(2023, 9);
        real_dotted_update_no_extension: "update-2023.11" => month(2023, 11);
        real_no_extension: "update-2023-12" => month(2023, 12);
        real_month_year_no_extension: "update-08-2023" => month(2023, 8);
        real_month_year_update_words: "August 2023 update.md" => month(2023, 8);
        real_month_year_capital_update: "September 2023 Update.md" => month(2023, 9);
        real_single_digit_month_first: "8-2024 Update.md" => month(2024, 8);
        real_underscore_month_year: "1_2025.md" => month(2025, 1);
        real_name_range_summer: "update-2024-june-july.md" => range((2024, 6), (2024, 7));
        real_name_range_autumn: "update-2024-october-november.md" => range((2024, 10), (2024, 11));
        real_year_month_name: "update-2026-february.md" => month(2026, 2);
        real_december_january_2026: "update-2026-december-january.md" => range((2026, 12), (2027, 1));
        real_month_year_first: "10-2025.md" => month(2025, 10);
        real_bare_2026: "2026-07.md" => month(2026, 7);
        real_second_file_of_a_month: "update-2026-07-2.md" => month(2026, 7);
        real_date_no_extension: "update-2024-05-31" => month(2024, 5);
        real_lower_case_quarter: "update-2025-q1.md" => quarter(2025, 1);
        real_words_around: "Python Feb 2023 Update" => month(2023, 2);
        // `update-2024-10-11.md` is 11 October, not October-November: the tree writes a day
        // after year and month (`update-2024-05-31`, `rubygems-IR-3-2026-02-10.pdf`) and every
        // range with month names (`update-2024-october-november.md`), never as two numbers.
        real_day_after_month: "update-2024-10-11.md" => month(2024, 10);
        compact_year_month: "update-202409.md" => month(2024, 9);
        compact_date: "update-20240930.md" => month(2024, 9);
        compact_glued_to_words: "report202501.md" => month(2025, 1);

        real_month_name_alone: "December.md" => Expect::NotFound;
        real_month_name_no_extension: "february" => Expect::NotFound;
        real_month_report: "november-report.md" => Expect::NotFound;
        real_profile_no_extension: "README" => Expect::NotFound;
        real_profile_spaced: "READ ME.md" => Expect::NotFound;
        real_profile_title_case: "Read Me.md" => Expect::NotFound;
        real_role_page: "security-support-role.md" => Expect::NotFound;
        real_year_list: "2026 Alpha Omega Grantees" => Expect::NotFound;
        compact_not_a_month: "build-202413.md" => Expect::NotFound;
        compact_not_a_year: "issue-123456.md" => Expect::NotFound;
        compact_too_long: "run-2024093012.md" => Expect::NotFound;
    }

    // Every first-line shape of the same tree's updates; the undated ones stay undated.
    cases! { from_heading:
        real_update_numeric: "# Update 2024-08" => month(2024, 8);
        real_update_numeric_level_two: "## Update 2022-12" => month(2022, 12);
        real_update_dash_numeric: "# Update-2023-03" => month(2023, 3);
        real_numeric_only: "# 2026-01" => month(2026, 1);
        real_month_name_only: "# March 2026" => month(2026, 3);
        real_org_dash_month: "# The Apache Software Foundation - June 2025" => month(2025, 6);
        real_org_for_month: "# Eclipse Foundation for August 2022" => month(2022, 8);
        real_em_dash: "# Eclipse Foundation's update — June 2023" => month(2023, 6);
        real_trailing_spaces: "# Eclipse Foundation Update — February 2025  " => month(2025, 2);
        real_level_two_month: "## Update September 2025" => month(2025, 9);
        real_colon_month: "# Build provenance for Homebrew: October 2023" => month(2023, 10);
        real_report_date: "# Report Date: Oct 10, 2024" => month(2024, 10);
        real_range_names: "# Update April-May 2024" => range((2024, 4), (2024, 5));
        real_range_with_years: "# Update December 2024-January 2025" => range((2024, 12), (2025, 1));
        real_range_with_years_2026: "# Update December 2025-January 2026" => range((2025, 12), (2026, 1));
        real_stray_month_name: "# Update December Feb 2025" => range((2024, 12), (2025, 2));
        real_version_number_before: "# PyCA Cryptography Declarative ASN.1 API: January 2025" => month(2025, 1);
        real_long_title: "# PyPI Package Lifecycle Engineering: September 2024" => month(2024, 9);

        real_no_date: "# Alpha Omega Project Status Report" => Expect::NotFound;
        real_topic: "# Rapid Security Reviews (RSR)" => Expect::NotFound;
        real_unspaced_topic: "#AV1\n\nText." => Expect::NotFound;
        real_unspaced_words: "#Rust for Linux" => Expect::NotFound;
        real_bold_heading: "# **eBPF Foundation Alpha-Omega Engagement**" => Expect::NotFound;
        real_section_first: "## Engineering" => Expect::NotFound;
        real_paragraph_with_date: "Report Date: Dec 31, 2024" => Expect::NotFound;
        real_paragraph_title: "July 2023 Update: \n\nText." => Expect::NotFound;
        real_sentence_first: "As we head into June 2023, the key work" => Expect::NotFound;
        real_stray_number: "2\n\n# Build provenance for Homebrew: February 2024" => Expect::NotFound;
    }

    /// Only one year written for months on both sides of a year end is a guess.
    #[test]
    fn a_year_is_guessed_only_across_the_year_end() {
        let guessed = |name: &str| from_file_name(name).map(|r| r.year_guessed);
        assert_eq!(guessed("update-2025-december-january.md"), Ok(true));
        assert_eq!(guessed("december-january 2025.md"), Ok(true));
        assert_eq!(guessed("update-2024-april-may.md"), Ok(false));
        assert_eq!(guessed("December 2024 - January 2025.md"), Ok(false));
        assert_eq!(guessed("2024-12-2025-01.md"), Ok(false));
        assert_eq!(guessed("Q1-Q2 2025.md"), Ok(false));
        let heading = |text: &str| from_heading(text).map(|r| r.year_guessed);
        assert_eq!(heading("# Update December 2024-January 2025"), Ok(false));
        assert_eq!(heading("# Update December Feb 2025"), Ok(true));
    }

    #[test]
    fn heading_line_counts_front_matter_and_blank_lines() {
        assert_eq!(heading_line("# Update 2024-09"), Some(1));
        assert_eq!(
            heading_line("---\ntitle: x\n---\n\n# Update 2024-11\n"),
            Some(5)
        );
        assert_eq!(heading_line("\u{feff}\n\nUpdate\n===\n"), Some(3));
        assert_eq!(heading_line("Text first.\n"), None);
    }

    #[test]
    fn not_found_message() {
        assert_eq!(InferError::NotFound.to_string(), "no year and month found");
    }

    #[test]
    fn tokens_split_at_letter_digit_boundaries() {
        assert_eq!(
            tokenize("update2024q2-v2"),
            vec![
                Token::Word("update".into()),
                Token::Year(2024),
                Token::Quarter(2),
                Token::Word("v".into()),
                Token::Number(2),
            ]
        );
    }

    #[test]
    fn a_title_of_only_a_period_is_told_from_a_real_title() {
        for only in [
            "2026-07",
            "July 2026",
            "Update - July 2026",
            "Update-2023-08",
            "Update April-May 2024",
            "Update December 2025-January 2026",
            "Q1-Q2 2025",
            "**Update for Sept 2024**",
        ] {
            assert!(names_only_a_period(only), "{only}");
        }
        for title in [
            "Rustls",
            "FreeBSD Update - September 2024",
            "Report Date: Oct 10, 2024",
            "Threat Modeling",
            "Update",
            "2026",
            "Update 2026-13",
        ] {
            assert!(!names_only_a_period(title), "{title}");
        }
    }
}
