//! What each file in an engagement folder becomes: a dated update, an undated page, or an
//! asset copied beside them, each with a slug and an output path that are unique and safe.

use super::period_infer::{self, InferError, Reading};
use super::raw::UpdateFrontMatter;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Markdown, PeriodOrigin, Slug, Update};
use std::collections::{HashMap, HashSet};

/// Two files of one grantee can claim the same period (a draft and a final, or the same update
/// in two year folders): both are published, but someone should look.
pub(super) fn warn_same_period(updates: &[Update], problems: &mut Vec<Diagnostic>) {
    for pair in updates.windows(2) {
        let [first, second] = pair else { continue };
        let Some(period) = second.period else {
            continue;
        };
        if first.grantee == second.grantee && first.period == Some(period) {
            problems.push(
                Diagnostic::warning(
                    Code::DuplicatePeriod,
                    second.source.as_str(),
                    format!(
                        "{} has another update for {}: {}; both are published",
                        second.grantee,
                        crate::i18n::english().period(&period),
                        first.source
                    ),
                )
                .hint("remove the copy, or give one of them a `period:` in front matter"),
            );
        }
    }
}

/// Assets whose names differ only in case or punctuation (`Logo.PNG`, `logo.png`), or that
/// sit in two folders of one grantee and year, would be copied to one path and one of them
/// lost; the later one gets a `-2` suffix instead. `index.html` is never an asset's output
/// path, because a page of the engagement lives there.
pub(super) fn unique_asset_output(
    outputs: &mut HashMap<String, String>,
    rel: &str,
    year: i32,
    grantee: &Slug,
    rest: &[String],
    problems: &mut Vec<Diagnostic>,
) -> String {
    let wanted = asset_output(year, grantee, rest);
    let free = |path: &str, outputs: &HashMap<String, String>| {
        !outputs.contains_key(path) && !path.ends_with("/index.html")
    };
    let mut output = wanted.clone();
    let mut n = 2;
    while !free(&output, outputs) {
        let (dir, file) = wanted.rsplit_once('/').unwrap_or(("", &wanted));
        output = match file.rsplit_once('.') {
            Some((stem, ext)) => format!("{dir}/{stem}-{n}.{ext}"),
            None => format!("{dir}/{file}-{n}"),
        };
        n += 1;
    }
    if output != wanted {
        let why = match outputs.get(&wanted) {
            Some(other) => format!("`{other}` is already published there"),
            None => "a page of the engagement is published there".to_string(),
        };
        problems.push(
            Diagnostic::warning(Code::AssetRenamed,
                rel,
                format!("this file would be published as {wanted}, but {why}; it is published as {output}"),
            )
            .hint("rename one of the files so their names differ by more than case or punctuation"),
        );
    }
    outputs.insert(output.clone(), rel.to_string());
    output
}

#[derive(Debug, PartialEq)]
pub(super) enum TextKind {
    Update(Option<crate::model::Period>, PeriodOrigin),
    Page,
}

/// A file is an update when it carries a period (front matter, file name or first heading),
/// or when its name says it is one; other undated files are pages (a role description).
/// A file name and a first heading that name different periods are reported in `problems`.
pub(super) fn classify_text(
    rel: &str,
    file_name: &str,
    folder_year: i32,
    front: &UpdateFrontMatter,
    body: &Markdown,
    problems: &mut Vec<Diagnostic>,
) -> TextKind {
    if let Some(period) = front.period {
        return TextKind::Update(Some(period), PeriodOrigin::FrontMatter);
    }
    let by_name = period_infer::from_file_name(file_name);
    let by_heading = period_infer::from_heading(&body.text);
    match (&by_name, &by_heading) {
        (Ok(name), Ok(heading)) if name.period != heading.period => {
            let (kind, warning) = settle(rel, name, heading, body);
            problems.push(warning);
            return kind;
        }
        (Ok(name), _) => return TextKind::Update(Some(name.period), PeriodOrigin::FileName),
        (Err(_), Ok(heading)) => {
            return TextKind::Update(Some(heading.period), PeriodOrigin::Heading);
        }
        (Err(_), Err(_)) => {}
    }
    // A month name with no year (`update-sept.md`): the year folder is the best hint there
    // is. Only month names: a bare number (`chapter-3.md`) is not taken for a month.
    if by_name == Err(InferError::NotFound) && names_a_month(file_name) {
        let hinted = format!("{} {folder_year}", stem(file_name));
        if let Ok(reading) = period_infer::from_file_name(&hinted) {
            if !matches!(reading.period, crate::model::Period::Year(_)) {
                return TextKind::Update(Some(reading.period), PeriodOrigin::FileNameAndFolder);
            }
        }
    }
    let lower = file_name.to_lowercase();
    match (by_name, by_heading) {
        (Err(InferError::Invalid(reason)), _) | (_, Err(InferError::Invalid(reason))) => {
            TextKind::Update(None, PeriodOrigin::None(reason))
        }
        _ if lower.contains("update") || lower.contains("report") => TextKind::Update(
            None,
            PeriodOrigin::None(format!(
                "no month or quarter in the file name `{file_name}` or its first heading"
            )),
        ),
        _ => TextKind::Page,
    }
}

/// The file name and the first heading name different periods. The file name is used: in the
/// real tree such a heading is the previous month's, copied along with the template. Unless
/// the file name's year was a guess that a heading writing out its years settles
/// (`update-2025-december-january.md` headed `# Update December 2024-January 2025`).
fn settle(rel: &str, name: &Reading, heading: &Reading, body: &Markdown) -> (TextKind, Diagnostic) {
    let in_body = period_infer::heading_line(&body.text);
    let line = in_body.map_or(0, |l| body.line.max(1) + l - 1);
    let width = in_body
        .and_then(|l| body.text.lines().nth(l - 1))
        .map_or(0, |text| text.trim_end().chars().count());
    let english = crate::i18n::english();
    let (named, headed) = (
        english.period(&name.period),
        english.period(&heading.period),
    );
    let (kind, used, hint) = if name.year_guessed && !heading.year_guessed {
        let hint = format!(
            "add `period: {}` to the front matter, or name the file after the months and years it covers",
            heading.period
        );
        (
            TextKind::Update(Some(heading.period), PeriodOrigin::Heading),
            "the heading's years are used",
            hint,
        )
    } else {
        let hint = format!(
            "fix the heading; if the heading is right, add `period: {}` to the front matter",
            heading.period
        );
        (
            TextKind::Update(Some(name.period), PeriodOrigin::FileName),
            "the file name is used",
            hint,
        )
    };
    let message =
        format!("the file name reads as {named} but the first heading as {headed}; {used}");
    (
        kind,
        Diagnostic::warning(Code::PeriodDisagrees, rel, message)
            .at(line, 1)
            .underline(width)
            .hint(hint),
    )
}

fn names_a_month(file_name: &str) -> bool {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let lower = file_name.to_lowercase();
    lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() >= 3)
        .any(|word| {
            MONTHS
                .iter()
                .any(|m| word.starts_with(m) && word.len() <= 9)
        })
}

pub(super) fn stem(file_name: &str) -> &str {
    match file_name.rsplit_once('.') {
        Some((stem, ext))
            if super::parse::is_text_name(file_name)
                && !ext.bytes().all(|b| b.is_ascii_digit()) =>
        {
            stem
        }
        _ => file_name,
    }
}

/// The slug a file's path in its engagement folder asks for (`unique_slug` makes it unique).
pub(super) fn base_slug(rest: &[String]) -> Slug {
    let mut parts: Vec<&str> = rest.iter().map(String::as_str).collect();
    let name = parts.pop().map(stem).unwrap_or_default();
    parts.push(name);
    Slug::from_name(&parts.join(" "))
        .unwrap_or_else(|| Slug::from_name("page").expect("literal slug"))
}

/// A slug from the file's path below the org folder, unique within the engagement
/// (`update 2025-03` and `update-2025-03.md` would collide: the second gets `-2`).
pub(super) fn unique_slug(
    taken: &mut HashSet<(i32, Slug, Slug)>,
    year: i32,
    grantee: &Slug,
    base: Slug,
) -> Slug {
    let mut candidate = base.clone();
    let mut n = 2;
    while !taken.insert((year, grantee.clone(), candidate.clone())) {
        candidate = Slug::from_name(&format!("{base} {n}")).unwrap_or_else(|| base.clone());
        n += 1;
    }
    candidate
}

/// Assets keep their names (so links can be followed by a person reading the source), but
/// every folder and the file stem are slugs, so no path from content can leave the output.
pub fn asset_output(year: i32, grantee: &Slug, rest: &[String]) -> String {
    let mut out = format!("engagements/{year}/{grantee}");
    let Some((file, dirs)) = rest.split_last() else {
        return out;
    };
    for dir in dirs {
        out.push('/');
        out.push_str(
            Slug::from_name(dir)
                .as_ref()
                .map_or("files", |s| s.as_str()),
        );
    }
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    out.push('/');
    out.push_str(
        Slug::from_name(stem)
            .as_ref()
            .map_or("file", |s| s.as_str()),
    );
    let ext: String = ext
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !ext.is_empty() {
        out.push('.');
        out.push_str(&ext);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asset_paths_are_made_of_slugs() {
        let g = Slug::from_name("node-js").unwrap();
        let rest = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            asset_output(2024, &g, &rest(&["pic-2024-02", "otterdog.png"])),
            "engagements/2024/node-js/pic-2024-02/otterdog.png"
        );
        assert_eq!(
            asset_output(2024, &g, &rest(&["..", "..", "x.PNG"])),
            "engagements/2024/node-js/files/files/x.png"
        );
        assert_eq!(
            asset_output(2024, &g, &rest(&["My Report (final).pdf"])),
            "engagements/2024/node-js/my-report-final.pdf"
        );
    }

    fn heading_of(markdown: &str) -> Option<String> {
        crate::markdown::outline(markdown).first_heading
    }

    #[test]
    fn finds_first_heading_even_without_space() {
        assert_eq!(
            heading_of("\n#Update for 2024-09\ntext").as_deref(),
            Some("Update for 2024-09")
        );
        assert_eq!(heading_of("no heading"), None);
    }

    #[test]
    fn assets_that_would_land_on_one_path_are_all_kept() {
        let g = Slug::from_name("ruby-central").unwrap();
        let rest = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut outputs = HashMap::new();
        let mut problems = Vec::new();
        let mut add = |rel: &str, path: &[&str]| {
            unique_asset_output(&mut outputs, rel, 2024, &g, &rest(path), &mut problems)
        };
        let dir = "engagements/2024/ruby-central";
        assert_eq!(
            add("a/RubyCentral/Logo.PNG", &["Logo.PNG"]),
            format!("{dir}/logo.png")
        );
        assert_eq!(
            add("a/Ruby Central/logo.png", &["logo.png"]),
            format!("{dir}/logo-2.png")
        );
        assert_eq!(
            add("a/RubyCentral/logo_.png", &["logo_.png"]),
            format!("{dir}/logo-3.png")
        );
        assert_eq!(
            add("a/RubyCentral/index.html", &["index.html"]),
            format!("{dir}/index-2.html")
        );
        assert_eq!(
            add("a/RubyCentral/README", &["x", "LICENSE"]),
            format!("{dir}/x/license")
        );
        assert_eq!(problems.len(), 3);
        assert!(
            problems[0]
                .message
                .contains("`a/RubyCentral/Logo.PNG` is already published there")
        );
        assert!(problems[2].message.contains("a page of the engagement"));
    }

    fn text(markdown: &str) -> Markdown {
        Markdown::new(markdown, 1)
    }

    #[test]
    fn classifies_updates_and_pages() {
        let none = UpdateFrontMatter::default();
        let kind = |name: &str, body: &str| match classify_text(
            name,
            name,
            2024,
            &none,
            &text(body),
            &mut Vec::new(),
        ) {
            TextKind::Update(Some(p), _) => p.to_string(),
            TextKind::Update(None, PeriodOrigin::None(reason)) => format!("undated: {reason}"),
            TextKind::Update(None, _) => unreachable!(),
            TextKind::Page => "page".to_string(),
        };
        assert_eq!(kind("update-2024-09.md", ""), "2024-09");
        assert_eq!(
            kind("news.md", "# FreeBSD Update - September 2024\n"),
            "2024-09"
        );
        assert_eq!(kind("role-description.md", "# Role description\n"), "page");
        assert_eq!(
            kind("update-sept.md", ""),
            "2024-09",
            "the folder gives the year"
        );
        assert_eq!(kind("October.md", "Text.\n"), "2024-10");
        assert_eq!(kind("notes.md", ""), "page", "a year alone is no period");
        assert_eq!(
            kind("chapter-3.md", ""),
            "page",
            "a bare number is no month"
        );
        assert!(kind("update-notes.md", "# Notes\n").starts_with("undated: no month"));
        assert!(kind("update-2024-13.md", "").contains("month 13"));
        // A date-like heading that cannot be right makes an undated update, not a page.
        let bad_heading = kind("notes.md", "# Update 2024-13\n");
        assert!(
            bad_heading.starts_with("undated: the heading"),
            "{bad_heading}"
        );
        let front = UpdateFrontMatter {
            period: Some("2024-12".parse().unwrap()),
            ..UpdateFrontMatter::default()
        };
        assert!(matches!(
            classify_text(
                "u.md",
                "update-2024-11.md",
                2024,
                &front,
                &text("# Update 2024-10"),
                &mut Vec::new()
            ),
            TextKind::Update(Some(_), PeriodOrigin::FrontMatter)
        ));
    }

    /// (file name, body, period used, where from, warning) for a file name and a first heading
    /// that name different periods; the rows come from ossf/alpha-omega.
    #[test]
    fn a_heading_settles_only_the_year_a_file_name_guessed() {
        #[rustfmt::skip]
        let cases = [
            // The file name's 2025 could be December's or January's year; the heading says.
            ("update-2025-december-january.md", "# Update December 2024-January 2025\n", "2024-12..2025-01", PeriodOrigin::Heading,
             Some("the file name reads as December 2025–January 2026 but the first heading as December 2024–January 2025; the heading's years are used")),
            ("update-2026-december-january.md", "# Update December 2025-January 2026\n", "2025-12..2026-01", PeriodOrigin::Heading, Some("heading's years are used")),
            // Both write their years: the heading is last month's, copied.
            ("2026-06.md", "# 2026-05\n\nJune's malware work\n", "2026-06", PeriodOrigin::FileName,
             Some("the file name reads as June 2026 but the first heading as May 2026; the file name is used")),
            ("update-2024-11.md", "# Update 2024-10\n", "2024-11", PeriodOrigin::FileName, Some("the file name is used")),
            ("update-2023-04.md", "# Rust Foundation Update: March 2023\n", "2023-04", PeriodOrigin::FileName, Some("the file name is used")),
            // The heading guesses a year too: no better than the file name.
            ("update-2025-february.md", "# Update December Feb 2025\n", "2025-02", PeriodOrigin::FileName, Some("the file name is used")),
            // Agreeing, or a heading without a period: nothing to say.
            ("update-2025-december-january.md", "# Update December 2025-January 2026\n", "2025-12..2026-01", PeriodOrigin::FileName, None),
            ("update-2024-10.md", "# Report Date: Oct 10, 2024\n", "2024-10", PeriodOrigin::FileName, None),
            ("update-2024-05.md", "#AV1\n", "2024-05", PeriodOrigin::FileName, None),
        ];
        let none = UpdateFrontMatter::default();
        for (name, body, period, origin, warning) in cases {
            let mut problems = Vec::new();
            let rel = format!("content/engagements/2025/OpenJS/{name}");
            let body = Markdown::new(body, 3);
            let TextKind::Update(Some(got), got_origin) =
                classify_text(&rel, name, 2025, &none, &body, &mut problems)
            else {
                panic!("{name}: not a dated update");
            };
            assert_eq!(
                (got.to_string(), got_origin),
                (period.to_string(), origin),
                "{name}"
            );
            match (warning, problems.as_slice()) {
                (None, []) => {}
                (Some(words), [d]) => {
                    assert!(d.message.contains(words), "{name}: {}", d.message);
                    assert_eq!(
                        (d.severity, d.file.as_str(), d.line),
                        (crate::diagnostics::Severity::Warning, rel.as_str(), 3),
                        "{name}: at the heading"
                    );
                    assert!(
                        d.hint.as_deref().is_some_and(|h| h.contains("period: ")),
                        "{name}"
                    );
                }
                (_, problems) => panic!("{name}: {problems:?}"),
            }
        }
    }

    #[test]
    fn first_heading_is_the_rendered_one() {
        let code = "Intro.\n\n```sh\n# install the tools\n```\n\n## Results *so far*\n";
        assert_eq!(heading_of(code).as_deref(), Some("Results so far"));
        assert_eq!(heading_of("#1234 was merged\n"), None);
        assert_eq!(
            heading_of("Update for March 2025\n=====\n").as_deref(),
            Some("Update for March 2025")
        );
        assert_eq!(
            heading_of("#Node.js update \u{1F680}\r\n").as_deref(),
            Some("Node.js update \u{1F680}")
        );
    }
}
