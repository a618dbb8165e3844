//! Languages: `language:` in program.yaml picks the translation table that labels the theme and
//! words its dates; a site's `templates/i18n/<language>.yaml` overrides keys or adds a language.
//! Each test builds a copy of the sample site with only its language (and tables) changed: the
//! content itself stays English.

mod common;

use common::{absolute, build, copy_tree, decode_entities, grantsite, read, repo};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

const BASE_URL: &str = "https://alpha-omega.dev/";
const REPORT: &str = "reports/2024-09/index.html";

/// A copy of the sample site (its `content/`) in a temporary folder, in `language`.
fn sample_in(language: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    let program = dir.path().join("content/program.yaml");
    let text = read(&program);
    assert!(text.contains("\nlanguage: en\n"));
    let text = text.replace("\nlanguage: en\n", &format!("\nlanguage: {language}\n"));
    std::fs::write(&program, text).unwrap();
    dir
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn table(language: &str) -> BTreeMap<String, String> {
    let path = repo().join(format!("templates/i18n/{language}.yaml"));
    serde_yaml::from_str(&read(&path)).unwrap()
}

/// `check --format json`: the exit code and every problem.
fn check(root: &Path) -> (i32, Vec<Value>) {
    let out = grantsite(&["check", "-r", root.to_str().unwrap(), "--format", "json"]);
    let problems = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), problems)
}

/// The addresses of the program's `links:` (the footer's), whose labels are content.
fn program_links() -> Vec<String> {
    let program: Value = serde_yaml::from_str(&read(&repo().join("content/program.yaml"))).unwrap();
    program["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["url"].as_str().unwrap().to_string())
        .collect()
}

/// The theme's words on a page: its text nodes (split at the ` · ` of titles) and the
/// attributes people read or hear, without what the content writes: Markdown regions
/// (`prose`, notes, event texts, the contact text), links that leave the site (e-mail
/// addresses) and the links of the program's `links:`.
fn theme_words(html: &str) -> Vec<String> {
    let links = program_links();
    const CONTENT: [&str; 5] = [
        "prose",
        "kr-note",
        "entry-note",
        "upcoming-text",
        "contact-text",
    ];
    const READ: [&str; 5] = ["aria-label", "placeholder", "title", "alt", "content"];
    let mut words = Vec::new();
    let mut skipping: Option<(String, usize)> = None;
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if skipping.is_none() {
            words.extend(
                decode_entities(text)
                    .split(" · ")
                    .map(|w| w.split_whitespace().collect::<Vec<_>>().join(" "))
                    .filter(|w| !w.is_empty()),
            );
        }
        let close = tag_end(&rest[open..]).map_or(rest.len(), |end| open + end);
        let tag = &rest[open + 1..close.min(rest.len()).max(open + 1)];
        rest = rest.get(close + 1..).unwrap_or("");
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if let Some((skipped, depth)) = &mut skipping {
            if *skipped == name && closing {
                *depth -= 1;
                if *depth == 0 {
                    skipping = None;
                }
            } else if *skipped == name && !tag.ends_with('/') {
                *depth += 1;
            }
            continue;
        }
        if closing || name == "!doctype" {
            continue;
        }
        let attrs = attributes(tag);
        let attr = |n: &str| attrs.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str());
        let content_div = name == "div"
            && attr("class").is_some_and(|c| c.split(' ').any(|c| CONTENT.contains(&c)));
        let internal =
            |h: &str| h.starts_with(BASE_URL) || h.starts_with('/') && !h.starts_with("//");
        let outbound = name == "a"
            && attr("href")
                .is_some_and(|h| !internal(h) || links.iter().any(|l| *l == absolute(h, BASE_URL)));
        if content_div || outbound {
            skipping = Some((name, 1));
            continue;
        }
        let description = name != "meta" || attr("name") == Some("description");
        for (key, value) in &attrs {
            let read = READ.contains(&key.as_str()) && description;
            let search = ["data-label", "data-placeholder"].contains(&key.as_str());
            if read || search || key.starts_with("data-text-") || key.starts_with("data-kind-") {
                words.push(decode_entities(value));
            }
        }
    }
    words
}

/// Where the tag that `html` starts with ends (its `>`), skipping quoted attribute values.
fn tag_end(html: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in html.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '>') => return Some(i),
            _ => {}
        }
    }
    None
}

fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq]
            .rsplit([' ', '\n'])
            .next()
            .unwrap_or("")
            .to_string();
        let value_start = eq + 2;
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        out.push((key, rest[value_start..value_start + len].to_string()));
        rest = &rest[value_start + len + 1..];
    }
    out
}

/// Whether `text` reads as `label`, each `{placeholder}` standing for some non-empty text:
/// digits for the numbers (`{n}`, `{year}`...), anything for names and dates.
fn reads_as(label: &str, text: &str) -> bool {
    const NUMBERS: [&str; 7] = [
        "n",
        "year",
        "day",
        "quarter",
        "half",
        "first_year",
        "last_year",
    ];
    match label.find('{') {
        None => label == text,
        Some(open) => {
            let Some(close) = label[open..].find('}').map(|c| open + c) else {
                return label == text;
            };
            let (literal, after) = (&label[..open], &label[close + 1..]);
            let number = NUMBERS.contains(&&label[open + 1..close]);
            let Some(tail) = text.strip_prefix(literal) else {
                return false;
            };
            (1..=tail.len())
                .filter(|&n| tail.is_char_boundary(n))
                .take_while(|&n| !number || tail[..n].bytes().all(|b| b.is_ascii_digit()))
                .any(|n| reads_as(after, &tail[n..]))
        }
    }
}

/// The English labels a German page must not show: those whose German differs, and that say
/// something (a bare `{day} {month} {year}` would match German dates too).
fn english_only_labels() -> Vec<(String, String)> {
    let (english, german) = (table("en"), table("de"));
    english
        .into_iter()
        .filter(|(key, text)| german[key] != *text)
        .filter(|(_, text)| {
            let mut literal = String::new();
            let mut depth = 0;
            for c in text.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    c if depth == 0 => literal.push(c),
                    _ => {}
                }
            }
            literal.chars().any(char::is_alphabetic)
        })
        .collect()
}

/// The English labels found among a page's theme words, as `key: word`.
fn english_on(html: &str, labels: &[(String, String)]) -> Vec<String> {
    let words = theme_words(html);
    labels
        .iter()
        .flat_map(|(key, label)| {
            // A month name is a label inside dates ("December 2024", "6 November 2024"), short
            // words; a month in a sentence is content.
            let month = key.starts_with("month.");
            let date = |w: &str| w.split(' ').count() <= 4;
            words
                .iter()
                .filter(move |w| {
                    reads_as(label, w)
                        || month
                            && date(w)
                            && w.split(|c: char| !c.is_alphabetic()).any(|p| p == label)
                })
                .map(move |w| format!("{key}: {w:?}"))
        })
        .collect()
}

#[test]
fn the_german_sample_reports_its_december_event_in_german_with_no_english_label() {
    let site = sample_in("de");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let report = read(&out.join(REPORT));
    assert!(report.starts_with("<!doctype html>\n<html lang=\"de\">"));
    assert!(report.contains(r#"<time datetime="2024-12">Dezember 2024</time>"#));
    assert!(report.contains(r#"<time datetime="2024-11-06">6. November 2024</time>"#));
    assert!(report.contains("<h2 id=\"upcoming\">Als Nächstes</h2>"));
    assert!(report.contains(r#"<span class="status status-on-target">Im Plan</span>"#));
    // The script builds the search box from these.
    assert!(report.contains(r#" data-label="Suche""#));
    assert!(report.contains(r#" data-placeholder="Berichte, Geförderte, Neuigkeiten…""#));

    let labels = english_only_labels();
    assert!(labels.len() > 150, "{}", labels.len());
    let found = english_on(&report, &labels);
    assert!(found.is_empty(), "English labels in the report: {found:#?}");

    // The same holds for every page of the site.
    let mut everywhere = Vec::new();
    for entry in walkdir::WalkDir::new(&out) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let page = path.strip_prefix(&out).unwrap().display().to_string();
            for label in english_on(&read(&path), &labels) {
                everywhere.push(format!("{page}: {label}"));
            }
        }
    }
    assert!(everywhere.is_empty(), "English labels: {everywhere:#?}");
}

/// The checker above must see the theme's English labels on an English page, or it proves
/// nothing about the German one.
#[test]
fn the_english_sample_report_shows_the_labels_the_german_test_looks_for() {
    let site = sample_in("en");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let found = english_on(&read(&out.join(REPORT)), &english_only_labels());
    for key in [
        "coming_up_next",
        "status.on-target",
        "kind.monthly",
        "list.existing",
        "notable_work_updates",
        "built_with",
        "main_navigation",
        "previous",
        "was",
        "month.12",
    ] {
        assert!(
            found.iter().any(|f| f.starts_with(&format!("{key}: "))),
            "{key} not seen: {found:#?}"
        );
    }
    // The footer's heading; the report's own `## Contact` is content.
    let contact = found.iter().filter(|f| f.starts_with("contact: ")).count();
    assert_eq!(contact, 1, "{found:#?}");
}

#[test]
fn every_shipped_language_labels_the_sample_and_words_its_months() {
    for (language, december, coming_up) in [
        ("fr", "décembre 2024", "Prochainement"),
        ("nl", "december 2024", "Hierna"),
    ] {
        let site = sample_in(language);
        let out = site.path().join("public");
        build(site.path(), &out, &[]);
        let report = read(&out.join(REPORT));
        assert!(report.contains(&format!("<html lang=\"{language}\">")));
        assert!(
            report.contains(&format!(">{december}</time>")),
            "{language}"
        );
        assert!(report.contains(&format!(">{coming_up}</h2>")), "{language}");
        let (code, problems) = check(site.path());
        assert_eq!((code, problems.len()), (0, 0), "{language}: {problems:?}");
    }
}

#[test]
fn a_site_table_overriding_one_key_changes_that_label_only() {
    let site = sample_in("de");
    write(
        site.path(),
        "templates/i18n/de.yaml",
        "coming_up_next: Was als Nächstes kommt\nmonth.12: Christmond\n",
    );
    let (code, problems) = check(site.path());
    assert_eq!((code, problems.len()), (0, 0), "{problems:?}");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let report = read(&out.join(REPORT));
    assert!(report.contains("<h2 id=\"upcoming\">Was als Nächstes kommt</h2>"));
    assert!(report.contains(">Christmond 2024</time>"));
    assert!(report.contains("<h2 id=\"highlights\">Bemerkenswerte Fortschritte</h2>"));
}

#[test]
fn a_site_language_missing_a_key_warns_in_check_and_falls_back_to_english() {
    let site = sample_in("pl");
    let english = read(&repo().join("templates/i18n/en.yaml"));
    let polish: String = english
        .lines()
        .filter(|l| !l.starts_with("coming_up_next:"))
        .map(|l| match l {
            "month.12: December" => "month.12: grudzień".to_string(),
            "okrs_in_report: Objectives & key results" => {
                "okrs_in_report: Cele i kluczowe rezultaty".to_string()
            }
            l => l.to_string(),
        })
        .map(|l| l + "\n")
        .collect();
    write(site.path(), "templates/i18n/pl.yaml", &polish);

    let (code, problems) = check(site.path());
    assert_eq!(code, 0, "a warning, not an error: {problems:?}");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    assert_eq!(p["code"], "W0504");
    assert_eq!(p["name"], "missing-translation");
    assert_eq!(p["severity"], "warning");
    assert_eq!(p["file"], "templates/i18n/pl.yaml");
    assert_eq!(
        p["message"],
        "no text for `coming_up_next`; the English `Coming up next` is used"
    );
    let strict = grantsite(&[
        "check",
        "-r",
        site.path().to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(strict.status.code(), Some(1));

    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let report = read(&out.join(REPORT));
    assert!(report.contains("<html lang=\"pl\">"));
    assert!(report.contains("<h2 id=\"upcoming\">Coming up next</h2>"));
    assert!(report.contains(">grudzień 2024</time>"));
    assert!(report.contains("<h2 id=\"okrs\">Cele i kluczowe rezultaty</h2>"));
}

#[test]
fn an_unknown_language_fails_check_and_build_with_did_you_mean() {
    let site = sample_in("german");
    let (code, problems) = check(site.path());
    assert_eq!((code, problems.len()), (1, 1), "{problems:?}");
    assert_eq!(problems[0]["code"], "E0505");
    assert_eq!(problems[0]["file"], "content/program.yaml");
    assert_eq!(problems[0]["line"], 14);
    let hint = problems[0]["hint"].as_str().unwrap();
    assert!(hint.contains("templates/i18n/german.yaml"), "{hint}");
    let out = site.path().join("public");
    let built = common::try_build(site.path(), &out);
    assert_eq!(built.status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn the_ejected_theme_holds_the_tables_and_builds_clean() {
    let site = sample_in("de");
    let root = site.path().to_str().unwrap();
    assert!(grantsite(&["theme", "-r", root, "--all"]).status.success());
    for language in ["en", "de", "fr", "nl"] {
        let ejected = read(&site.path().join(format!("templates/i18n/{language}.yaml")));
        assert_eq!(
            ejected,
            read(&repo().join(format!("templates/i18n/{language}.yaml")))
        );
    }
    let (code, problems) = check(site.path());
    assert_eq!((code, problems.len()), (0, 0), "{problems:?}");
}

#[test]
fn the_theme_verb_lists_and_writes_one_table() {
    let site = sample_in("de");
    let root = site.path().to_str().unwrap();
    let list = grantsite(&["theme", "-r", root]);
    assert!(String::from_utf8_lossy(&list.stdout).contains("  i18n/de.yaml\n"));
    assert!(
        grantsite(&["theme", "-r", root, "i18n/de.yaml"])
            .status
            .success()
    );
    let templates = site.path().join("templates");
    assert_eq!(
        read(&templates.join("i18n/de.yaml")),
        read(&repo().join("templates/i18n/de.yaml"))
    );
    assert!(!templates.join("i18n/fr.yaml").exists());
    assert!(!templates.join("report.html").exists());
    let (code, problems) = check(site.path());
    assert_eq!((code, problems.len()), (0, 0), "{problems:?}");
}

#[test]
fn feeds_keep_rfc_3339_dates_in_every_language() {
    let site = sample_in("de");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let atom = read(&out.join("atom.xml"));
    assert!(atom.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"de\">"));
    assert!(
        atom.contains("<updated>2024-10-01T00:00:00Z</updated>"),
        "{atom}"
    );
    let ics = read(&out.join("calendar.ics"));
    assert!(ics.contains("DTSTART;VALUE=DATE:20241201"));
    assert!(ics.contains("CATEGORIES:Gesprächsrunde"), "{ics}");
}

#[test]
fn the_theme_words_checker_skips_content_and_reads_attributes() {
    let html = concat!(
        r#"<nav aria-label="Main"><a href="https://alpha-omega.dev/">Home</a></nav>"#,
        r#"<div class="prose"><div>Contact</div><p>Reports</p></div>"#,
        r#"<a href="https://github.com/x">Reports</a><p>Published <time>6 May</time></p>"#,
        r#"<title>Page not found · Alpha-Omega</title>"#,
    );
    assert_eq!(
        theme_words(html),
        [
            "Main",
            "Home",
            "Published",
            "6 May",
            "Page not found",
            "Alpha-Omega"
        ]
    );
    assert!(reads_as("{n} updates", "3 updates"));
    assert!(reads_as("Reports {year}", "Reports 2024"));
    assert!(!reads_as("Reports {year}", "Reports"));
    assert!(!reads_as("{n} updates", "3 Neuigkeiten"));
}
