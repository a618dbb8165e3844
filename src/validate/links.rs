//! Internal links and images in Markdown must lead somewhere: to a page, a copied file, or a
//! heading that exists. External links are not fetched. A broken link in a grantee's file is
//! a warning unless program.yaml says `grantee_links: error`; in the program's own, an error.

use crate::diagnostics::{Code, Diagnostic, Sources};
use crate::markdown::{self, has_scheme, split_fragment};
use crate::model::{GranteeLinks, Markdown, Site, SourcePath};
use crate::urls::{self, SiteUrls};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap};

/// Every Markdown text of the site, with the file it belongs to.
fn texts(site: &Site) -> Vec<(&str, &Markdown)> {
    let mut all = Vec::new();
    for r in &site.reports {
        let src = r.source.as_str();
        all.push((src, &r.body));
        all.extend(
            r.okrs
                .iter()
                .filter_map(|s| s.note.as_ref())
                .map(|m| (src, m)),
        );
        all.extend(
            r.engagements
                .all()
                .filter_map(|(_, e)| e.note.as_ref())
                .map(|m| (src, m)),
        );
        all.extend(r.highlights.iter().map(|h| (src, &h.text)));
        all.extend(r.upcoming.iter().map(|u| (src, &u.text)));
    }
    all.extend(
        site.engagements
            .iter()
            .map(|e| (e.source.as_str(), &e.body)),
    );
    all.extend(site.updates.iter().map(|u| (u.source.as_str(), &u.body)));
    all.extend(site.pages.iter().map(|p| (p.source.as_str(), &p.body)));
    all
}

pub fn check(site: &Site, sources: &Sources, urls: &SiteUrls, out: &mut Vec<Diagnostic>) {
    let bodies: HashMap<&str, &Markdown> = site
        .reports
        .iter()
        .map(|r| (r.source.as_str(), &r.body))
        .chain(
            site.engagements
                .iter()
                .map(|e| (e.source.as_str(), &e.body)),
        )
        .chain(site.updates.iter().map(|u| (u.source.as_str(), &u.body)))
        .chain(site.pages.iter().map(|p| (p.source.as_str(), &p.body)))
        .collect();
    let policy = site.program.grantee_links;
    let found: Vec<Diagnostic> = texts(site)
        .par_iter()
        .flat_map_iter(|&(source, md)| {
            let broken = |code, message: String| broken_link(code, source, message, policy);
            check_text(source, md, sources, urls, &bodies, &site.failed, broken)
        })
        .collect();
    out.extend(found);
}

/// Grantees write everything under content/engagements/ and publish by pull request: one
/// grantee's typo must not stop the program's site, so it is a warning they see on the pull
/// request, and the link is published as written.
fn broken_link(code: Code, source: &str, message: String, policy: GranteeLinks) -> Diagnostic {
    if !source.starts_with("content/engagements/") {
        return Diagnostic::error(code, source, message);
    }
    let code = match code {
        Code::MissingAnchor => Code::GranteeMissingAnchor,
        _ => Code::GranteeBrokenLink,
    };
    match policy {
        GranteeLinks::Warning => Diagnostic::warning(code, source, message),
        GranteeLinks::Error => Diagnostic::error(code, source, message),
    }
}

/// The broken links of one Markdown text; runs in parallel, one text per task.
fn check_text<'a>(
    source: &str,
    md: &Markdown,
    sources: &Sources,
    urls: &SiteUrls,
    bodies: &HashMap<&'a str, &'a Markdown>,
    failed: &BTreeSet<SourcePath>,
    broken: impl Fn(Code, String) -> Diagnostic,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for link in &md.outline().links {
        let dest = link.dest.trim();
        if dest.is_empty() || has_scheme(dest) || dest.starts_with("//") {
            continue;
        }
        let problem = match dest.strip_prefix('#') {
            Some(anchor) => missing_anchor(anchor, &md.outline().heading_ids),
            None => broken_path(source, dest, urls, bodies, failed, sources),
        };
        if let Some(Problem(code, message, hint)) = problem {
            let (line, column) = position(md, link.range.start, sources.get(source).map(|s| &**s));
            out.push(
                broken(code, message)
                    .at(line, column)
                    .underline(link.range.len())
                    .hint(hint),
            );
        }
    }
    out
}

/// What is wrong with one link: its code, the message and the hint.
struct Problem(Code, String, String);

fn missing_anchor(anchor: &str, ids: &[String]) -> Option<Problem> {
    if anchor.is_empty() || ids.iter().any(|id| id == anchor) {
        return None;
    }
    let hint = match crate::diagnostics::suggest(anchor, ids.iter().map(String::as_str)) {
        Some(close) => format!("did you mean `#{close}`?"),
        None if ids.is_empty() => "the page has no headings to link to".to_string(),
        None => format!(
            "headings here: {}",
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Some(Problem(
        Code::MissingAnchor,
        format!("link to `#{anchor}`: no heading has that anchor"),
        hint,
    ))
}

fn broken_path<'a>(
    source: &str,
    dest: &str,
    urls: &SiteUrls,
    bodies: &HashMap<&'a str, &'a Markdown>,
    failed: &BTreeSet<SourcePath>,
    sources: &Sources,
) -> Option<Problem> {
    let (path, fragment) = split_fragment(dest);
    let anchor = fragment.strip_prefix('#').unwrap_or("");
    if let Some(rooted) = path.strip_prefix('/') {
        return (!urls.has_path(rooted)).then(|| {
            Problem(
                Code::BrokenLink,
                format!("link to `{dest}` points to no page of the site"),
                "links starting with / are relative to the site root, e.g. /reports/2024-09/"
                    .to_string(),
            )
        });
    }
    let Some(resolved) = urls::resolve_relative(source, &urls::percent_decode(path)) else {
        return Some(Problem(
            Code::BrokenLink,
            format!("link to `{dest}` leaves the site"),
            "link to files inside content/".to_string(),
        ));
    };
    // A file that exists but failed to load has its own problem reported.
    if markdown::resolve(source, path, urls).is_none()
        && !failed.contains(&SourcePath::new(resolved.as_str()))
    {
        return Some(Problem(
            Code::BrokenLink,
            format!("link to `{dest}` points to no page or file"),
            missing_hint(&resolved, sources),
        ));
    }
    if anchor.is_empty() {
        return None;
    }
    let body = bodies.get(resolved.as_str())?;
    missing_anchor(anchor, &body.outline().heading_ids)
        .map(|Problem(c, m, h)| Problem(c, format!("{m} in {resolved}"), h))
}

/// A report that was read and parsed but has no page is a draft this build leaves out: saying
/// that nothing is there would send the author looking for a typo.
fn missing_hint(resolved: &str, sources: &Sources) -> String {
    if resolved.starts_with("content/reports/") && sources.contains_key(resolved) {
        format!(
            "{resolved} is a draft, which builds leave out unless run with --drafts: remove the link, or publish the report (remove `draft: true`)"
        )
    } else {
        format!("nothing in the site is at {resolved}; check the spelling and the folder")
    }
}

/// File line and column of a byte offset inside a Markdown text.
fn position(md: &Markdown, offset: usize, file_text: Option<&str>) -> (usize, usize) {
    let before = &md.text[..offset.min(md.text.len())];
    let line_in_text = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |p| p + 1);
    let mut column = before[line_start..].chars().count() + 1;
    let line = md.line.max(1) + line_in_text;
    // Front-matter Markdown is indented in the file; add the indentation back.
    if let Some(file_line) = file_text.and_then(|t| t.lines().nth(line - 1)) {
        let text_line = md.text[line_start..].lines().next().unwrap_or("");
        if let Some(at) = file_line.find(text_line).filter(|_| !text_line.is_empty()) {
            column += file_line[..at].chars().count();
        }
    }
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Severity::{Error, Warning};

    #[test]
    fn broken_links_are_warnings_only_in_grantee_files_by_default() {
        let cases = [
            (
                "content/engagements/2024/psf/update-2023-08.md",
                GranteeLinks::Warning,
                Warning,
            ),
            (
                "content/engagements/2024/psf/README.md",
                GranteeLinks::Warning,
                Warning,
            ),
            (
                "content/engagements/2024/psf/update-2023-08.md",
                GranteeLinks::Error,
                Error,
            ),
            (
                "content/reports/2024/2024-09.md",
                GranteeLinks::Warning,
                Error,
            ),
            (
                "content/reports/engagements/2024-09.md",
                GranteeLinks::Warning,
                Error,
            ),
            ("content/program.yaml", GranteeLinks::Warning, Error),
        ];
        for (source, policy, severity) in cases {
            let d = broken_link(Code::BrokenLink, source, "link".into(), policy);
            assert_eq!(d.severity, severity, "{source} with {policy:?}");
        }
    }
}
