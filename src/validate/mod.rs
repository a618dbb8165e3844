//! Checks that need the whole site: references between files (key results, grantees), values
//! that only make sense together (kind and period, start and end), duplicates, and links.
//! Every problem is collected; nothing stops at the first.

mod links;
mod stale;

use crate::diagnostics::{Code, Diagnostic, Sources, suggest};
use crate::model::{At, OkrYear, Report, Site, Slug, SourcePath, Span, Update};
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
        okr_year(okrs, &mut out);
    }
    let mut seen: HashMap<(crate::model::ReportKind, crate::model::Period), &Report> =
        HashMap::new();
    for r in &site.reports {
        if let Some(first) = seen.insert((r.kind, r.period), r) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateReport,
                    r.source.as_str(),
                    format!("a second {} report for {}", r.kind.key(), r.period),
                )
                .at_span(r.spans.root().key("period").value())
                .hint(format!(
                    "{} already covers this period; merge the two or fix the period",
                    first.source
                )),
            );
        }
        report(site, r, &mut out);
        stale::check(r, sources, &mut out);
    }
    for e in &site.engagements {
        if let (Some(start), Some(end)) = (e.start, e.end) {
            if end < start {
                out.push(
                    Diagnostic::error(
                        Code::EndBeforeStart,
                        e.source.as_str(),
                        format!("the engagement ends ({end}) before it starts ({start})"),
                    )
                    .at_span(e.spans.root().key("end").value())
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

fn okr_year(okrs: &OkrYear, out: &mut Vec<Diagnostic>) {
    let file = okrs.source.as_str();
    let written = okrs.spans.root().key("objectives");
    let mut objectives = HashSet::new();
    let mut key_results = HashSet::new();
    for (oi, o) in okrs.objectives.iter().enumerate() {
        let objective = written.nth(oi);
        if !objectives.insert(o.id) {
            out.push(
                Diagnostic::error(
                    Code::DuplicateObjective,
                    file,
                    format!("objective {} is defined twice", o.id),
                )
                .at_span(objective.key("id").value())
                .hint("give each objective its own id"),
            );
        }
        for (ki, kr) in o.key_results.iter().enumerate() {
            let id = objective.key("key_results").nth(ki).key("id").value();
            if !key_results.insert(kr.id) {
                out.push(
                    Diagnostic::error(
                        Code::DuplicateKeyResult,
                        file,
                        format!("key result {} is defined twice", kr.id),
                    )
                    .at_span(id)
                    .hint("give each key result its own id"),
                );
            }
            if kr.id.objective_id() != o.id {
                out.push(
                    Diagnostic::error(Code::KeyResultMisplaced, file, format!("key result {} is listed under objective {}", kr.id, o.id))
                        .at_span(id)
                        .hint(format!("a key result's first number is its objective: move it under {} or renumber it", kr.id.objective_id())),
                );
            }
        }
    }
}

fn report(site: &Site, r: &Report, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let root = r.spans.root();
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
                Code::KindPeriodMismatch,
                file,
                format!("a {} report covers {want}, not {}", r.kind.key(), r.period),
            )
            .at_span(root.key("period").value())
            .hint("fix the period or the kind"),
        );
    }
    if r.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        out.push(Diagnostic::warning(Code::NoSummary, file, "report has no summary").at(1, 1).hint("add `summary:` with one or two sentences for the archive, the feed and the home page"));
    }
    let year = r.period.year();
    let okrs_file = SourcePath::new(format!("content/okrs/{year}.yaml"));
    match site.okr_year(year) {
        Some(okrs) => key_results(okrs, r, out),
        // A broken OKR file reports its own problems; it is not missing.
        None if !r.okrs.is_empty() && !site.failed.contains(&okrs_file) => out.push(
            Diagnostic::error(
                Code::NoOkrFile,
                file,
                format!("the report gives key-result statuses, but there is no {okrs_file}"),
            )
            .at_span(root.key("okrs").key_span())
            .hint(format!(
                "create {okrs_file} with that year's objectives and key results"
            )),
        ),
        None => {}
    }
    grantee_refs(site, r, out);
}

fn key_results(okrs: &OkrYear, r: &Report, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let written = r.spans.root().key("okrs");
    let defined: Vec<String> = okrs.key_results().map(|kr| kr.id.to_string()).collect();
    for (i, s) in r.okrs.iter().enumerate() {
        if okrs.key_result(s.id).is_none() {
            let hint = match suggest(&s.id.to_string(), defined.iter().map(String::as_str)) {
                Some(close) => format!("did you mean {close}? Or add {} to {}", s.id, okrs.source),
                None => format!("defined key results: {}", defined.join(", ")),
            };
            out.push(
                Diagnostic::error(
                    Code::UndefinedKeyResult,
                    file,
                    format!("key result {} is not defined in {}", s.id, okrs.source),
                )
                .at_span(written.nth(i).key_span())
                .hint(hint),
            );
        }
    }
    for kr in okrs.key_results() {
        if r.status_of(kr.id).is_none() {
            out.push(
                Diagnostic::warning(
                    Code::MissingStatus,
                    file,
                    format!("key result {} has no status in this report", kr.id),
                )
                .at_span(written.key_span())
                .hint(format!(
                    "add `{}: not-measured` if it was not measured",
                    kr.id
                )),
            );
        }
    }
}

fn grantee_refs(site: &Site, r: &Report, out: &mut Vec<Diagnostic>) {
    let file = r.source.as_str();
    let root = r.spans.root();
    let unknown = |written: &str, what: &str, at: Option<Span>| {
        let d = Diagnostic::error(
            Code::UnknownGrantee,
            file,
            format!("{what} `{written}` matches no grantee"),
        )
        .at_span(at);
        // Only for a name that matches nothing: every report lists most grantees.
        let slugs = site.grantees.iter().map(|g| g.slug.as_str());
        match suggest(written, slugs) {
            Some(close) => d.hint(format!("did you mean `{close}`?")),
            None => d.hint("add a folder content/engagements/<year>/<organization>/ for it, or an alias in content/grantees.yaml"),
        }
    };
    let mut listed = HashSet::new();
    let lists = [
        ("new", &r.engagements.new),
        ("renewed", &r.engagements.renewed),
        ("existing", &r.engagements.existing),
    ];
    for (list, entries) in lists {
        for (i, e) in entries.iter().enumerate() {
            match site.grantee(&e.grantee) {
                Some(g) => {
                    listed.insert(&g.slug);
                }
                None if failed_grantee(site, &e.grantee) => {}
                None => {
                    let at = grantee_at(root.key("engagements").key(list).nth(i));
                    out.push(unknown(&e.grantee, &format!("{list} engagement"), at));
                }
            }
        }
    }
    for (i, h) in r.highlights.iter().enumerate() {
        let at = grantee_at(root.key("highlights").nth(i));
        match site.grantee(&h.grantee) {
            Some(g) if !listed.contains(&g.slug) => {
                let d = Diagnostic::warning(
                    Code::HighlightNotListed,
                    file,
                    format!(
                        "highlight for `{}`, which is not in this report's engagement lists",
                        h.grantee
                    ),
                );
                out.push(
                    d.at_span(at)
                        .hint("add the grantee to `engagements`, or check the name"),
                );
            }
            Some(_) => {}
            None if failed_grantee(site, &h.grantee) => {}
            None => out.push(unknown(&h.grantee, "highlight grantee", at)),
        }
    }
}

/// An entry written as a name, or as a mapping with `grantee:`.
fn grantee_at(entry: At) -> Option<Span> {
    let grantee = entry.key("grantee");
    if grantee.exists() {
        grantee.value()
    } else {
        entry.value()
    }
}

/// Whether an unknown grantee name may be known to a file that failed to load: the grantees
/// file, or a profile in a folder of that name. Its own problem is reported already.
fn failed_grantee(site: &Site, written: &str) -> bool {
    let key = |name: &str| Slug::from_name(name).map(|s| s.loose_key());
    site.failed.iter().any(|f| {
        let folder = f.parent().rsplit('/').next().unwrap_or_default();
        f.as_str() == "content/grantees.yaml"
            || f.as_str() == "content/grantees.yml"
            || (f.as_str().starts_with("content/engagements/")
                && key(folder).is_some()
                && key(folder) == key(written))
    })
}

fn update(u: &Update, out: &mut Vec<Diagnostic>) {
    if let crate::model::PeriodOrigin::None(reason) = &u.period_origin {
        out.push(
            Diagnostic::warning(Code::UndatedUpdate, u.source.as_str(), format!("cannot tell which period this update covers: {reason}"))
                .hint("name the file like update-2024-09.md, start it with a heading such as `# Update - September 2024`, or add `period: 2024-09` front matter; it is published as undated"),
        );
    }
}
