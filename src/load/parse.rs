//! Parses one file into its piece of the model. Runs in parallel, one file per task; anything
//! that needs more than one file (grantee names, cross references) waits for `assemble`.

use super::frontmatter::{self, Split};
use super::raw::{
    EngagementFrontMatter, OkrFile, ProgramFile, RawEngagementEntry, RawFeed, RawGrantee,
    ReportFrontMatter, UpdateFrontMatter,
};
use super::walk::{ContentFile, FileKind};
use super::yaml::{self, Yaml};
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{
    At, EngagementEntry, EngagementLists, FeedSettings, Highlight, KeyResult, KeyResultStatus,
    Markdown, Objective, OkrYear, Program, Report, SourcePath, Spans, Upcoming,
};

/// One file's contribution to the site.
#[derive(Clone, Debug)]
pub enum Parsed {
    Program(Program),
    Grantees(Vec<RawGrantee>),
    Okrs(OkrYear),
    Report(Box<Report>),
    Profile {
        year: i32,
        org: String,
        front: EngagementFrontMatter,
        spans: Spans,
        body: Markdown,
    },
    Text {
        year: i32,
        org: String,
        rest: Vec<String>,
        front: UpdateFrontMatter,
        body: Markdown,
    },
    Asset {
        year: i32,
        org: String,
        rest: Vec<String>,
        /// Where to read it, for the checks in `assets`.
        path: std::path::PathBuf,
    },
}

/// Whether a file in an engagement folder is read as text (updates, pages) or copied as is.
/// Real trees have updates with no extension (`update 2025-03`) or a date as the extension
/// (`update-2024.09`).
pub fn is_text_name(name: &str) -> bool {
    match name.rsplit_once('.') {
        None => true,
        Some((_, ext)) => {
            let ext = ext.to_ascii_lowercase();
            matches!(ext.as_str(), "md" | "markdown" | "txt")
                || (!ext.is_empty() && ext.bytes().all(|b| b.is_ascii_digit()))
        }
    }
}

/// The engagement profile, spelled as real trees spell it.
pub fn is_profile_name(name: &str) -> bool {
    let squashed: String = name
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .collect::<String>()
        .to_ascii_lowercase();
    matches!(
        squashed.as_str(),
        "readme.md" | "readme" | "readme.markdown" | "readme.txt"
    )
}

/// Does this file need its text read? Assets are copied without being read.
pub fn needs_text(kind: &FileKind) -> bool {
    match kind {
        FileKind::Engagement { rest, .. } => rest.last().is_some_and(|n| is_text_name(n)),
        _ => true,
    }
}

/// The file's piece of the model, or every problem found in it.
pub fn parse(file: &ContentFile, text: Option<&str>) -> Result<Parsed, Vec<Diagnostic>> {
    let rel = file.rel.as_str();
    let text = text.unwrap_or_default();
    match &file.kind {
        FileKind::Program => program(rel, text),
        FileKind::Grantees => yaml::parse(rel, text, 1).map(|y| Parsed::Grantees(y.value)),
        FileKind::Okrs { year } => okrs(rel, text, *year),
        FileKind::Report => report(rel, text),
        FileKind::Engagement { year, org, rest } => {
            let (year, org, rest) = (*year, org.clone(), rest.clone());
            let name = rest.last().map(String::as_str).unwrap_or_default();
            if !is_text_name(name) {
                let path = file.path.clone();
                return Ok(Parsed::Asset {
                    year,
                    org,
                    rest,
                    path,
                });
            }
            let split = frontmatter::split(rel, text).map_err(|d| vec![d])?;
            let body = body_of(&split);
            if rest.len() == 1 && is_profile_name(name) {
                let Yaml { value, spans } = front_matter(rel, &split)?;
                return Ok(Parsed::Profile {
                    year,
                    org,
                    front: value,
                    spans,
                    body,
                });
            }
            let front = front_matter(rel, &split)?.value;
            Ok(Parsed::Text {
                year,
                org,
                rest,
                front,
                body,
            })
        }
    }
}

/// A file's body, outlined here, where files are parsed in parallel.
fn body_of(split: &Split) -> Markdown {
    let body = Markdown::new(split.body, split.body_line);
    body.outline();
    body
}

fn front_matter<T: serde::de::DeserializeOwned + Default>(
    rel: &str,
    split: &Split,
) -> Result<Yaml<T>, Vec<Diagnostic>> {
    match split.yaml {
        Some(yaml) => yaml::parse(rel, yaml, split.yaml_line),
        None => Ok(Yaml {
            value: T::default(),
            spans: Spans::default(),
        }),
    }
}

fn program(rel: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    let Yaml { value: raw, spans } = yaml::parse::<ProgramFile>(rel, text, 1)?;
    let base_url = normalise_base_url(&raw.base_url).map_err(|why| {
        vec![
            Diagnostic::error(Code::InvalidBaseUrl, rel, why)
                .at_span(spans.root().key("base_url").value())
                .hint(
                    "write the full address, e.g. https://example.org/ or https://example.org/reports/",
                ),
        ]
    })?;
    Ok(Parsed::Program(Program {
        name: raw.name,
        tagline: raw.tagline,
        purpose: raw.purpose,
        base_url,
        language: raw.language.unwrap_or_else(|| "en".to_string()),
        contact: raw.contact,
        links: raw.links,
        team: raw.team,
        assets: super::assets::rules(rel, spans.root().key("assets"), raw.assets)
            .map_err(|d| vec![d])?,
        grantee_links: raw.grantee_links,
        feed: feed(rel, spans.root().key("feed"), raw.feed).map_err(|d| vec![d])?,
        spans,
    }))
}

fn feed(rel: &str, at: At<'_>, raw: RawFeed) -> Result<FeedSettings, Diagnostic> {
    match raw.entries {
        Some(0) => Err(Diagnostic::error(
            Code::InvalidSetting,
            rel,
            "feed.entries: a feed needs at least one entry",
        )
        .at_span(at.key("entries").value())
        .hint(format!(
            "leave `entries` out for the latest {}",
            FeedSettings::DEFAULT_ENTRIES
        ))),
        Some(entries) => Ok(FeedSettings { entries }),
        None => Ok(FeedSettings::default()),
    }
}

/// `https://example.org/reports` -> `https://example.org/reports/`.
pub fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || url.contains(['?', '#', ' ', '"', '<', '>']) {
        return Err(format!("base_url `{url}` is not a valid site address"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

fn okrs(rel: &str, text: &str, year: i32) -> Result<Parsed, Vec<Diagnostic>> {
    let Yaml { value: raw, spans } = yaml::parse::<OkrFile>(rel, text, 1)?;
    let objectives = raw
        .objectives
        .into_iter()
        .map(|o| Objective {
            id: o.id,
            text: o.text,
            key_results: o
                .key_results
                .into_iter()
                .map(|kr| KeyResult {
                    id: kr.id,
                    text: kr.text,
                    due: kr.due,
                })
                .collect(),
        })
        .collect();
    Ok(Parsed::Okrs(OkrYear {
        year,
        source: SourcePath::new(rel),
        spans,
        objectives,
    }))
}

fn report(rel: &str, text: &str) -> Result<Parsed, Vec<Diagnostic>> {
    if text.trim().is_empty() {
        return Err(vec![Diagnostic::error(Code::EmptyReport, rel, "the report file is empty").hint(
            "write the report: a `---` line, then `title:`, `kind:` and `period:`, then `---` and the text; or delete the file",
        )]);
    }
    let split = frontmatter::split(rel, text).map_err(|d| vec![d])?;
    let Some(yaml) = split.yaml else {
        return Err(vec![Diagnostic::error(Code::NoFrontMatter, rel, "a report needs front matter")
            .at(1, 1)
            .hint("start the file with a `---` line, then `title:`, `kind:` and `period:`, then `---`")]);
    };
    let Yaml { value: raw, spans } = yaml::parse::<ReportFrontMatter>(rel, yaml, split.yaml_line)?;
    let root = spans.root();
    let markdown = |md: Markdown, at: At| at_line(md, at, split.yaml_line);
    let lists = root.key("engagements");
    let entries = |list: Vec<RawEngagementEntry>, name: &str| {
        list.into_iter()
            .enumerate()
            .map(|(i, RawEngagementEntry(e))| EngagementEntry {
                grantee: e.grantee,
                title: e.title,
                note: e
                    .note
                    .map(|n| markdown(n, lists.key(name).nth(i).key("note"))),
            })
            .collect()
    };
    let okrs = raw
        .okrs
        .0
        .into_iter()
        .enumerate()
        .map(|(i, (id, s))| KeyResultStatus {
            id,
            status: s.0.status,
            note: s
                .0
                .note
                .map(|n| markdown(n, root.key("okrs").nth(i).key("note"))),
        })
        .collect();
    let engagements = EngagementLists {
        new: entries(raw.engagements.new, "new"),
        renewed: entries(raw.engagements.renewed, "renewed"),
        existing: entries(raw.engagements.existing, "existing"),
    };
    let highlights = raw
        .highlights
        .into_iter()
        .enumerate()
        .map(|(i, h)| Highlight {
            grantee: h.grantee,
            title: h.title,
            text: markdown(h.text, root.key("highlights").nth(i).key("text")),
        })
        .collect();
    let upcoming = raw
        .upcoming
        .into_iter()
        .enumerate()
        .map(|(i, u)| Upcoming {
            date: u.date,
            kind: u.kind,
            text: markdown(u.text, root.key("upcoming").nth(i).key("text")),
        })
        .collect();
    Ok(Parsed::Report(Box::new(Report {
        source: SourcePath::new(rel),
        title: raw.title,
        kind: raw.kind,
        period: raw.period,
        published: raw.published,
        summary: raw.summary,
        draft: raw.draft,
        okrs,
        engagements,
        highlights,
        upcoming,
        funding: raw.funding,
        body: body_of(&split),
        spans,
    })))
}

/// Markdown from front matter starts on the line its value is written on, for problems found
/// inside it (the front matter's first line when positions are unknown).
fn at_line(mut md: Markdown, at: At, front_matter_line: usize) -> Markdown {
    md.line = at.value().map_or(front_matter_line, |s| s.line);
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_text_from_assets() {
        for name in [
            "update-2024-09.md",
            "update 2025-03",
            "update-2024.09",
            "notes.TXT",
        ] {
            assert!(is_text_name(name), "{name}");
        }
        for name in ["otterdog.png", "report.pdf", "a.yaml"] {
            assert!(!is_text_name(name), "{name}");
        }
    }

    #[test]
    fn knows_the_profile_spellings() {
        for name in [
            "README.md",
            "READ ME.md",
            "Read Me.md",
            "readme.md",
            "README",
        ] {
            assert!(is_profile_name(name), "{name}");
        }
        assert!(!is_profile_name("update-2024-09.md"));
    }

    #[test]
    fn says_an_empty_report_is_empty() {
        for text in ["", "\n\n  \n"] {
            let err = &report("r.md", text).unwrap_err()[0];
            assert_eq!(err.message, "the report file is empty");
            assert!(err.hint.is_some());
        }
        let err = &report("r.md", "# Just a body\n").unwrap_err()[0];
        assert_eq!(err.message, "a report needs front matter");
    }

    #[test]
    fn normalises_base_urls() {
        assert_eq!(
            normalise_base_url("https://a.org"),
            Ok("https://a.org/".into())
        );
        assert_eq!(
            normalise_base_url("https://a.org/reports"),
            Ok("https://a.org/reports/".into())
        );
        assert!(normalise_base_url("a.org").is_err());
        assert!(normalise_base_url("https://").is_err());
    }
}
