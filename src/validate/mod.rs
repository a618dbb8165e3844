//! Checks that need the whole site: references between files (key results, grantees), values
//! that only make sense together (kind and period, start and end), duplicates, and links.
//! Every problem is collected; nothing stops at the first.

mod links;

use crate::diagnostics::{Diagnostic, Sources, suggest};
use crate::model::{KeyResultId, OkrYear, Report, Site, Update};
use crate::urls::SiteUrls;
use std::collections::{HashMap, HashSet};

/// Only the link checks: whether every internal link leads somewhere in this set of pages.
pub fn links(site: &Site, sources: &Sources, urls: &SiteUrls) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    links::check(site, sources, urls, &mut out);
    out
}

pub fn validate(site: &Site, sources: &Sources, urls: &SiteUrls) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for okrs in &site.okr_years {
        okr_year(okrs, sources, &mut out);
    }
    let mut seen: HashMap<(crate::model::ReportKind, crate::model::Period), &Report> =
        HashMap::new();
    for r in &site.reports {
        if let Some(first) = seen.insert((r.kind, r.period), r) {
            out.push(
                Diagnostic::error(
                    r.source.as_str(),
                    format!(
                        "a second {} report for {}",
                        r.kind.label().to_lowercase(),
                        r.period
                    ),
                )
                .find(text(sources, r), "period:", 1)
                .hint(format!(
                    "{} already covers this period; merge the two or fix the period",
                    first.source
                )),
            );
        }
        report(site, r, sources, &mut out);
    }
    for e in &site.engagements {
        if let (Some(start), Some(end)) = (e.start, e.end) {
            if end < start {
                out.push(
                    Diagnostic::error(
                        e.source.as_str(),
                        format!("the engagement ends ({end}) before it starts ({start})"),
                    )
                    .find(
                        sources.get(e.source.as_str()).map_or("", String::as_str),
                        "end:",
                        1,
                    )
                    .hint("swap the dates, or fix the typo"),
                );
            }
        }
    }
    for u in &site.updates {
        update(u, &mut out);
    }
    links::check(site, sources, urls, &mut out);
    out
}

fn text<'a>(sources: &'a Sources, r: &Report) -> &'a str {
    sources.get(r.source.as_str()).map_or("", String::as_str)
}

fn okr_year(okrs: &OkrYear, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let file = okrs.source.as_str();
    let text = sources.get(file).map_or("", String::as_str);
    let mut objectives = HashSet::new();
    let mut key_results = HashSet::new();
    for o in &okrs.objectives {
        if !objectives.insert(o.id) {
            out.push(
                Diagnostic::error(file, format!("objective {} is defined twice", o.id))
                    .find(text, &format!("id: {}", o.id), 1)
                    .hint("give each objective its own id"),
            );
        }
        for kr in &o.key_results {
            let written = format!("id: {}", kr.id);
            if !key_results.insert(kr.id) {
                let second = nth_line_with(text, &written, 2);
                out.push(
                    Diagnostic::error(file, format!("key result {} is defined twice", kr.id))
                        .find(text, &written, second)
                        .hint("give each key result its own id"),
                );
            }
            if kr.id.objective_id() != o.id {
                out.push(
                    Diagnostic::error(file, format!("key result {} is listed under objective {}", kr.id, o.id))
                        .find(text, &written, 1)
                        .hint(format!("a key result's first number is its objective: move it under {} or renumber it", kr.id.objective_id())),
                );
            }
        }
    }
}

/// The line of the `n`th occurrence of `needle`, to point at the duplicate, not the original.
fn nth_line_with(text: &str, needle: &str, n: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(n - 1)
        .map_or(1, |(i, _)| i + 1)
}

fn report(site: &Site, r: &Report, sources: &Sources, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let text = text(sources, r);
    if !r.kind.fits(&r.period) {
        let want = match r.kind {
            crate::model::ReportKind::Monthly => {
                "a month (2024-09) or a month range (2024-03..2024-04)"
            }
            crate::model::ReportKind::Quarterly => "a quarter (2024-Q2)",
            crate::model::ReportKind::Annual => "a year (2024)",
        };
        out.push(
            Diagnostic::error(
                file,
                format!(
                    "a {} report covers {want}, not {}",
                    r.kind.label().to_lowercase(),
                    r.period
                ),
            )
            .find(text, "period:", 1)
            .hint("fix the period or the kind"),
        );
    }
    if r.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        out.push(Diagnostic::warning(file, "report has no summary").at(1, 1).hint("add `summary:` with one or two sentences for the archive, the feed and the home page"));
    }
    let year = r.period.year();
    match site.okr_year(year) {
        Some(okrs) => key_results(okrs, r, text, out),
        None if !r.okrs.is_empty() => out.push(
            Diagnostic::error(
                file,
                format!(
                    "the report gives key-result statuses, but there is no content/okrs/{year}.yaml"
                ),
            )
            .find(text, "okrs:", 1)
            .hint(format!(
                "create content/okrs/{year}.yaml with that year's objectives and key results"
            )),
        ),
        None => {}
    }
    grantee_refs(site, r, text, out);
}

fn key_results(okrs: &OkrYear, r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let defined: Vec<String> = okrs.key_results().map(|kr| kr.id.to_string()).collect();
    for s in &r.okrs {
        if okrs.key_result(s.id).is_none() {
            let mut d = Diagnostic::error(
                file,
                format!("key result {} is not defined in {}", s.id, okrs.source),
            );
            d = locate_id(d, text, s.id);
            let hint = match suggest(&s.id.to_string(), defined.iter().map(String::as_str)) {
                Some(close) => format!("did you mean {close}? Or add {} to {}", s.id, okrs.source),
                None => format!("defined key results: {}", defined.join(", ")),
            };
            out.push(d.hint(hint));
        }
    }
    for kr in okrs.key_results() {
        if r.status_of(kr.id).is_none() {
            out.push(
                Diagnostic::warning(
                    file,
                    format!("key result {} has no status in this report", kr.id),
                )
                .find(text, "okrs:", 1)
                .hint(format!(
                    "add `{}: not-measured` if it was not measured",
                    kr.id
                )),
            );
        }
    }
}

/// Points at the id as written (`KR 1.1` or `KR1.1`), whichever spelling the file uses.
fn locate_id(d: Diagnostic, text: &str, id: KeyResultId) -> Diagnostic {
    let compact = id.to_string();
    let spaced = id.label();
    if crate::diagnostics::locate(text, &compact, 1).is_some() {
        d.find(text, &compact, 1)
    } else {
        d.find(text, &spaced, 1)
    }
}

fn grantee_refs(site: &Site, r: &Report, text: &str, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let slugs: Vec<&str> = site.grantees.iter().map(|g| g.slug.as_str()).collect();
    let unknown = |written: &str, what: &str| {
        let d = Diagnostic::error(file, format!("{what} `{written}` matches no grantee"));
        let d = find_in_section(d, text, section_of(what), written);
        match suggest(written, slugs.iter().copied()) {
            Some(close) => d.hint(format!("did you mean `{close}`?")),
            None => d.hint("add a folder content/engagements/<year>/<organization>/ for it, or an alias in content/grantees.yaml"),
        }
    };
    let mut listed = HashSet::new();
    for (list, e) in r.engagements.all() {
        match site.grantee(&e.grantee) {
            Some(g) => {
                listed.insert(&g.slug);
            }
            None => out.push(unknown(&e.grantee, &format!("{list} engagement"))),
        }
    }
    for h in &r.highlights {
        match site.grantee(&h.grantee) {
            Some(g) if !listed.contains(&g.slug) => {
                let d = Diagnostic::warning(
                    file,
                    format!(
                        "highlight for `{}`, which is not in this report's engagement lists",
                        h.grantee
                    ),
                );
                out.push(
                    find_in_section(d, text, "highlights:", &h.grantee)
                        .hint("add the grantee to `engagements`, or check the name"),
                );
            }
            Some(_) => {}
            None => out.push(unknown(&h.grantee, "highlight grantee")),
        }
    }
}

fn section_of(what: &str) -> &'static str {
    if what.starts_with("highlight") {
        "highlights:"
    } else {
        "engagements:"
    }
}

/// Points at `needle` below the front-matter key `section` (a grantee named in `highlights:`
/// is not the same word in the summary above it); anywhere in the front matter otherwise.
fn find_in_section(d: Diagnostic, text: &str, section: &str, needle: &str) -> Diagnostic {
    let from = text
        .lines()
        .position(|l| l.starts_with(section))
        .map_or(2, |i| i + 1);
    match crate::diagnostics::locate(text, needle, from) {
        Some(_) => d.find(text, needle, from),
        None => d.find(text, needle, 2),
    }
}

fn update(u: &Update, out: &mut Vec<Diagnostic>) {
    if let crate::model::PeriodOrigin::None(reason) = &u.period_origin {
        out.push(
            Diagnostic::warning(u.source.as_str(), format!("cannot tell which period this update covers: {reason}"))
                .hint("name the file like update-2024-09.md, start it with a heading such as `# Update - September 2024`, or add `period: 2024-09` front matter; it is published as undated"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_at_the_grantee_inside_its_section() {
        let text = "---\nsummary: freebsd did well\nengagements:\n  existing: [nodejs]\nhighlights:\n  - grantee: freebsd\n---\n";
        let d = find_in_section(
            Diagnostic::warning("r.md", "x"),
            text,
            "highlights:",
            "freebsd",
        );
        assert_eq!((d.line, d.column, d.len), (6, 14, 7));
        // Without the section, anywhere in the front matter.
        let d = find_in_section(
            Diagnostic::warning("r.md", "x"),
            text,
            "upcoming:",
            "freebsd",
        );
        assert_eq!(d.line, 2);
    }
}
