//! Translation tables: the default theme's labels and date formats per language, embedded in the
//! binary (`templates/i18n/<language>.yaml`), with a site's own tables of the same name
//! (parsed by `load`) overriding keys or adding a language. `language:` in program.yaml picks
//! one; every key it lacks is the English text, with a warning. Pure: no I/O.

use crate::diagnostics::{self, Code, Diagnostic};
use crate::model::{
    Date, EngagementStatus, EventDate, Period, ReportKind, Spans, Status, YearMonth,
};
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

/// (language, table) of every table the theme ships; English first, the reference.
pub const SHIPPED: &[(&str, &str)] = &[
    ("en", include_str!("../templates/i18n/en.yaml")),
    ("de", include_str!("../templates/i18n/de.yaml")),
    ("fr", include_str!("../templates/i18n/fr.yaml")),
    ("nl", include_str!("../templates/i18n/nl.yaml")),
];

/// Where a table of `language` sits, in the theme and in a site.
pub fn table_file(language: &str) -> String {
    format!("templates/i18n/{language}.yaml")
}

/// A site's `templates/i18n/<language>.yaml`, as `load` read it.
#[derive(Debug, Clone, Default)]
pub struct SiteTable {
    /// The file name's stem, as written.
    pub language: String,
    /// Site-relative, for diagnostics.
    pub file: String,
    pub entries: BTreeMap<String, String>,
    pub spans: Spans,
}

/// The labels of one language, complete: every key of the English table has a text.
#[derive(Debug, Clone)]
pub struct Translator {
    entries: BTreeMap<String, String>,
}

impl Default for Translator {
    fn default() -> Self {
        english().clone()
    }
}

/// The shipped English table, for the default and for messages to people running grantsite.
pub fn english() -> &'static Translator {
    static ENGLISH: OnceLock<Translator> = OnceLock::new();
    ENGLISH.get_or_init(|| Translator {
        entries: shipped("en").unwrap_or_default(),
    })
}

/// A shipped table by exact name. The tables are part of the binary and a unit test parses
/// each, so `None` means "not shipped".
fn shipped(language: &str) -> Option<BTreeMap<String, String>> {
    SHIPPED
        .iter()
        .find(|(name, _)| *name == language)
        .and_then(|(_, text)| serde_yaml::from_str(text).ok())
}

/// `de-CH` is looked up as itself, then as `de`.
fn candidates(language: &str) -> Vec<String> {
    let exact = language.trim().to_lowercase();
    let primary = exact
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_string();
    if primary == exact || primary.is_empty() {
        vec![exact]
    } else {
        vec![exact, primary]
    }
}

/// The translator for `language`: English, under the shipped table of that language, under
/// the site's own. Reports a site table's keys that English does not have, an unknown language
/// (`spans` are program.yaml's, to point at `language:`) and every key the chosen tables lack.
pub fn resolve(
    language: &str,
    spans: &Spans,
    site: &[SiteTable],
    problems: &mut Vec<Diagnostic>,
) -> Translator {
    let english = english();
    for table in site {
        problems.extend(unknown_keys(table, english));
    }
    if language.trim().is_empty() {
        // No program was read (its problems are reported), or it asks for no language.
        return english.clone();
    }
    let names = candidates(language);
    let pick_shipped = names.iter().find_map(|n| {
        SHIPPED
            .iter()
            .find(|(name, _)| name == n)
            .map(|(name, _)| *name)
    });
    let pick_site = names
        .iter()
        .find_map(|n| site.iter().find(|t| t.language.to_lowercase() == *n));
    if pick_shipped.is_none() && pick_site.is_none() {
        problems.push(unknown_language(language, spans, site));
        return english.clone();
    }
    let mut entries = english.entries.clone();
    let mut given: BTreeSet<&str> = BTreeSet::new();
    let shipped_table = pick_shipped.and_then(shipped).unwrap_or_default();
    for layer in [Some(&shipped_table), pick_site.map(|t| &t.entries)]
        .into_iter()
        .flatten()
    {
        for (key, text) in layer {
            if let Some(slot) = entries.get_mut(key) {
                slot.clone_from(text);
                given.insert(key);
            }
        }
    }
    let file = pick_site.map_or_else(
        || table_file(pick_shipped.unwrap_or("en")),
        |t| t.file.clone(),
    );
    for (key, text) in &english.entries {
        if !given.contains(key.as_str()) {
            problems.push(missing_key(key, text, &file));
        }
    }
    Translator { entries }
}

fn unknown_keys(table: &SiteTable, english: &Translator) -> Vec<Diagnostic> {
    table
        .entries
        .keys()
        .filter(|key| !english.entries.contains_key(*key))
        .map(|key| {
            let d = Diagnostic::warning(
                Code::UnknownTranslationKey,
                &table.file,
                format!("`{key}` is not a label of the theme; ignored"),
            )
            .at_span(table.spans.root().key(key).key_span());
            let keys = english.entries.keys().map(String::as_str);
            match diagnostics::suggest(key, keys) {
                Some(close) => d.hint(format!("did you mean `{close}`?")),
                None => d.hint(format!(
                    "the keys are those of {} (`grantsite theme` writes it out)",
                    table_file("en")
                )),
            }
        })
        .collect()
}

fn unknown_language(language: &str, spans: &Spans, site: &[SiteTable]) -> Diagnostic {
    let known: Vec<&str> = SHIPPED
        .iter()
        .map(|(name, _)| *name)
        .chain(site.iter().map(|t| t.language.as_str()))
        .collect();
    let d = Diagnostic::error(
        Code::UnknownLanguage,
        "content/program.yaml",
        format!(
            "no translation table for language `{language}` (grantsite has {})",
            known.join(", ")
        ),
    )
    .at_span(spans.root().key("language").value());
    let add = format!(
        "add {} with the theme's labels in that language",
        table_file(language.trim())
    );
    match diagnostics::suggest(language, known.iter().copied()) {
        Some(close) => d.hint(format!("did you mean `{close}`? Or {add}")),
        None => d.hint(format!("use one of {}, or {add}", known.join(", "))),
    }
}

fn missing_key(key: &str, english: &str, file: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::MissingTranslation,
        file,
        format!("no text for `{key}`; the English `{english}` is used"),
    )
    .hint(format!(
        "add `{key}: …` to {file}; {} lists every key (`grantsite theme` writes it out)",
        table_file("en")
    ))
}

/// `text` with each `{name}` replaced by its value from `args`, in one pass: a value is never
/// read for placeholders again (grantee names are written by grantees). Unknown names stay.
pub fn fill(text: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            args.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

impl Translator {
    /// The text of `key`. Every key the code reads is in the English table (a unit test checks),
    /// and a translator has every English key, so the empty fallback is never shown.
    pub fn get(&self, key: &str) -> &str {
        self.entries.get(key).map_or("", String::as_str)
    }

    /// `get(key)` with its placeholders filled in.
    pub fn fill(&self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.get(key), args)
    }

    /// Every key and text, for templates (`t`).
    pub fn entries(&self) -> &BTreeMap<String, String> {
        &self.entries
    }

    pub fn month(&self, m: YearMonth) -> &str {
        self.get(&format!("month.{}", m.month()))
    }

    /// "Sep" in English: a column of the cadence chart.
    pub fn month_short(&self, m: YearMonth) -> &str {
        self.get(&format!("month_short.{}", m.month()))
    }

    /// "September 2024", "April–May 2024", "December 2025–January 2026", "Q2 2024",
    /// "H1 2025", "2024" in English.
    pub fn period(&self, p: &Period) -> String {
        match *p {
            Period::Month(m) => self.month_year(m),
            Period::Range(a, b) if a.year() == b.year() => self.fill(
                "period.months_same_year",
                &[
                    ("first", self.month(a)),
                    ("last", self.month(b)),
                    ("year", &b.year().to_string()),
                ],
            ),
            Period::Range(a, b) => self.fill(
                "period.months",
                &[
                    ("first", self.month(a)),
                    ("first_year", &a.year().to_string()),
                    ("last", self.month(b)),
                    ("last_year", &b.year().to_string()),
                ],
            ),
            Period::Quarter { year, quarter } => self.fill(
                "period.quarter",
                &[
                    ("quarter", &quarter.to_string()),
                    ("year", &year.to_string()),
                ],
            ),
            Period::Half { year, half } => self.fill(
                "period.half",
                &[("half", &half.to_string()), ("year", &year.to_string())],
            ),
            Period::Year(year) => self.fill("period.year", &[("year", &year.to_string())]),
        }
    }

    fn month_year(&self, m: YearMonth) -> String {
        self.fill(
            "period.month",
            &[("month", self.month(m)), ("year", &m.year().to_string())],
        )
    }

    /// "6 November 2024" in English.
    pub fn date(&self, d: Date) -> String {
        let month = YearMonth::new(d.0.year(), u8::try_from(d.0.month()).unwrap_or(1));
        self.fill(
            "date.day",
            &[
                ("day", &d.0.day().to_string()),
                ("month", month.map_or("", |m| self.month(m))),
                ("year", &d.0.year().to_string()),
            ],
        )
    }

    /// "6 November 2024" or "December 2024" in English.
    pub fn event_date(&self, d: EventDate) -> String {
        match d {
            EventDate::Day(d) => self.date(d),
            EventDate::Month(m) => self.month_year(m),
        }
    }

    /// The badge text.
    pub fn status(&self, s: Option<Status>) -> &str {
        self.get(&format!("status.{}", status_key(s)))
    }

    /// The status inside a sentence ("3 on target").
    pub fn status_in_text(&self, s: Option<Status>) -> &str {
        self.get(&format!("status_in_text.{}", status_key(s)))
    }

    pub fn report_kind(&self, k: ReportKind) -> &str {
        self.get(&format!("kind.{}", k.key()))
    }

    pub fn engagement_status(&self, s: EngagementStatus) -> &str {
        self.get(&format!("engagement_status.{}", s.key()))
    }

    /// `$5,000,000` for US dollars, `5,000,000 EUR` otherwise, in English.
    pub fn money(&self, amount: u64, currency: &str) -> String {
        let amount = self.number(amount);
        match currency {
            "USD" | "usd" | "$" => self.fill("money.usd", &[("amount", &amount)]),
            other => self.fill("money.other", &[("amount", &amount), ("currency", other)]),
        }
    }

    fn number(&self, n: u64) -> String {
        let digits = n.to_string();
        let separator = self.get("number.thousands");
        let mut grouped = String::with_capacity(digits.len() * 2);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push_str(separator);
            }
            grouped.push(c);
        }
        grouped
    }
}

/// `none` where a report gives no status.
fn status_key(s: Option<Status>) -> &'static str {
    s.map_or("none", Status::slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> BTreeMap<String, String> {
        serde_yaml::from_str(text).unwrap()
    }

    fn site_table(language: &str, text: &str) -> SiteTable {
        let parsed =
            crate::load::yaml::parse::<BTreeMap<String, String>>(&table_file(language), text, 1)
                .unwrap();
        SiteTable {
            language: language.to_string(),
            file: table_file(language),
            entries: parsed.value,
            spans: parsed.spans,
        }
    }

    fn resolved(language: &str, site: &[SiteTable]) -> (Translator, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let t = resolve(language, &Spans::default(), site, &mut problems);
        (t, problems)
    }

    #[test]
    fn every_shipped_table_has_every_english_key_and_no_other() {
        let english = table(SHIPPED[0].1);
        assert!(english.len() > 100, "{}", english.len());
        for (language, text) in SHIPPED {
            let t = table(text);
            let missing: Vec<_> = english.keys().filter(|k| !t.contains_key(*k)).collect();
            let extra: Vec<_> = t.keys().filter(|k| !english.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{language} lacks {missing:?}");
            assert!(extra.is_empty(), "{language} has unknown {extra:?}");
            let (_, problems) = resolved(language, &[]);
            assert!(problems.is_empty(), "{language}: {problems:?}");
        }
    }

    /// A placeholder a language drops or misspells would leave a number out of a label.
    #[test]
    fn every_shipped_text_has_the_placeholders_of_the_english_one() {
        let placeholders = |text: &str| -> Vec<String> {
            let mut names: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|s| s.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            names.sort();
            names
        };
        let english = table(SHIPPED[0].1);
        for (language, text) in SHIPPED {
            for (key, text) in table(text) {
                assert_eq!(
                    placeholders(&text),
                    placeholders(&english[&key]),
                    "{language}: {key}"
                );
            }
        }
    }

    /// `get` shows nothing for a key no table has, so every key the code asks for must be
    /// English: the literal ones in the code that reads labels, and the families it formats.
    #[test]
    fn every_key_the_code_reads_is_in_the_english_table() {
        let code = [
            include_str!("i18n.rs"),
            include_str!("render/context/mod.rs"),
            include_str!("render/context/reports.rs"),
            include_str!("render/context/okrs.rs"),
            include_str!("render/context/engagements.rs"),
            include_str!("render/pages.rs"),
            include_str!("render/calendar.rs"),
        ];
        let mut keys: Vec<String> = Vec::new();
        for text in code {
            for call in [".get(\"", ".fill(\"", " => \"event."] {
                for (at, _) in text.match_indices(call) {
                    let start = at + call.len();
                    let literal = text[start..].split('"').next().unwrap_or_default();
                    let prefix = if call.ends_with("event.") {
                        "event."
                    } else {
                        ""
                    };
                    keys.push(format!("{prefix}{literal}"));
                }
            }
        }
        let statuses = Status::ALL.map(|s| s.slug()).into_iter().chain(["none"]);
        for slug in statuses {
            keys.push(format!("status.{slug}"));
            keys.push(format!("status_in_text.{slug}"));
        }
        let kinds = [
            ReportKind::Monthly,
            ReportKind::Quarterly,
            ReportKind::Annual,
        ];
        keys.extend(kinds.map(|k| format!("kind.{}", k.key())));
        let engagement = [
            EngagementStatus::Active,
            EngagementStatus::Completed,
            EngagementStatus::Paused,
            EngagementStatus::Planned,
        ];
        keys.extend(engagement.map(|s| format!("engagement_status.{}", s.key())));
        for list in ["new", "renewed", "existing"] {
            keys.push(format!("list.{list}"));
            keys.push(format!("role.{list}"));
        }
        keys.push("role.highlight".into());
        keys.extend((1..=12).map(|m| format!("month.{m}")));
        keys.extend(["home", "reports", "okrs", "engagements", "updates"].map(String::from));
        let english = table(SHIPPED[0].1);
        assert!(keys.len() > 70, "{}", keys.len());
        let unknown: Vec<&String> = keys.iter().filter(|k| !english.contains_key(*k)).collect();
        assert!(unknown.is_empty(), "{unknown:?}");
    }

    #[test]
    fn formats_periods_and_dates_in_english() {
        let en = english();
        let cases = [
            ("2024-09", "September 2024"),
            ("2024-04..2024-05", "April–May 2024"),
            ("2025-12..2026-01", "December 2025–January 2026"),
            ("2024-Q2", "Q2 2024"),
            ("2025-H1", "H1 2025"),
            ("2024", "2024"),
        ];
        for (period, label) in cases {
            assert_eq!(en.period(&period.parse().unwrap()), label, "{period}");
        }
        assert_eq!(en.date("2024-11-06".parse().unwrap()), "6 November 2024");
        assert_eq!(en.event_date("2024-12".parse().unwrap()), "December 2024");
        assert_eq!(en.money(5_000_000, "USD"), "$5,000,000");
        assert_eq!(en.money(999, "USD"), "$999");
        assert_eq!(en.money(1000, "EUR"), "1,000 EUR");
        assert_eq!(en.money(0, "USD"), "$0");
        assert_eq!(en.status(Some(Status::OnTarget)), "On target");
        assert_eq!(en.status(None), "No status");
    }

    #[test]
    fn formats_periods_and_dates_in_german() {
        let (de, _) = resolved("de", &[]);
        assert_eq!(de.event_date("2024-12".parse().unwrap()), "Dezember 2024");
        assert_eq!(de.date("2024-11-06".parse().unwrap()), "6. November 2024");
        assert_eq!(de.period(&"2024-H1".parse().unwrap()), "1. Halbjahr 2024");
        assert_eq!(de.money(5_000_000, "EUR"), "5.000.000 EUR");
        assert_eq!(de.status(Some(Status::AtRisk)), "Gefährdet");
    }

    #[test]
    fn a_region_falls_back_to_its_language() {
        let (t, problems) = resolved("de-CH", &[]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(t.get("reports"), "Berichte");
    }

    #[test]
    fn a_site_table_overrides_a_key_of_the_shipped_one() {
        let own = site_table("de", "reports: Rechenschaftsberichte\n");
        let (t, problems) = resolved("de", &[own]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(t.get("reports"), "Rechenschaftsberichte");
        assert_eq!(t.get("updates"), "Neuigkeiten");
    }

    #[test]
    fn a_site_language_lacking_keys_falls_back_to_english_with_a_warning_per_key() {
        let own = site_table("pl", "reports: Raporty\nmonth.12: grudzień\n");
        let (t, problems) = resolved("pl", &[own]);
        assert_eq!(t.get("reports"), "Raporty");
        assert_eq!(t.get("updates"), "Updates");
        let english = table(SHIPPED[0].1);
        assert_eq!(problems.len(), english.len() - 2);
        let search = problems
            .iter()
            .find(|d| d.message.contains("`search`"))
            .unwrap();
        assert_eq!(search.code, Code::MissingTranslation);
        assert_eq!(search.file, "templates/i18n/pl.yaml");
        assert_eq!(
            search.message,
            "no text for `search`; the English `Search` is used"
        );
    }

    #[test]
    fn an_unknown_language_is_an_error_with_did_you_mean() {
        let (t, problems) = resolved("dee", &[]);
        assert_eq!(t.get("reports"), "Reports");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, Code::UnknownLanguage);
        assert_eq!(
            problems[0].message,
            "no translation table for language `dee` (grantsite has en, de, fr, nl)"
        );
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `de`?"),
            "{:?}",
            problems[0].hint
        );
    }

    #[test]
    fn a_misspelt_key_in_a_site_table_is_a_warning_with_did_you_mean() {
        let own = site_table("de", "reprots: Berichte\n");
        let (_, problems) = resolved("de", &[own]);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].code, Code::UnknownTranslationKey);
        assert_eq!((problems[0].line, problems[0].column), (1, 1));
        assert_eq!(problems[0].hint.as_deref(), Some("did you mean `reports`?"));
    }

    #[test]
    fn fill_does_not_read_values_for_placeholders() {
        assert_eq!(
            fill(
                "{grantee} update, {period}",
                &[("grantee", "{period}"), ("period", "May")]
            ),
            "{period} update, May"
        );
        assert_eq!(fill("{a} {unknown} {", &[("a", "x")]), "x {unknown} {");
    }
}
