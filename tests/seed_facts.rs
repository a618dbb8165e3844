//! Every sentence of the two source reports (`tests/fixtures/seeds/`, the sample site's public
//! source documents, kept in the repository so a fresh clone tests on its own) shows on the built sample
//! site, apart from the few listed below with the reason each is not there word for word.

mod common;

use common::*;
use std::path::PathBuf;

/// Sentences deliberately not shown as written, each with why.
const NOT_VERBATIM: &[(&str, &str)] = &[
    (
        "ia alpha omega hosted",
        "\"IA\" is a PDF extraction artifact; the sentence shows without it",
    ),
    (
        "a few notable work updates from granteees",
        "a section heading; the theme titles it \"Notable work updates\"",
    ),
    (
        "coming up next month",
        "a section heading; the theme titles it \"Coming up next\"",
    ),
    (
        "our next update (for october) will be delivered",
        "split into two dated upcoming events",
    ),
    (
        "michael winsor, technical strategist",
        "the source misspells Michael Winser (see the report's front matter)",
    ),
    (
        "a few new/renewed engagments",
        "a lead-in; the entries are the report's new and renewed lists",
    ),
    (
        "below is a very small sampling of recent updates",
        "a lead-in; the entries are the report's highlights",
    ),
    (
        "some key opportunities to engage",
        "a lead-in; the entries are the report's upcoming events",
    ),
];

fn seeds() -> PathBuf {
    fixture("seeds")
}

/// Text of an HTML page: inline tags vanish, block tags become spaces.
fn page_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        let tag = rest[open + 1..open + close].trim_start_matches('/');
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !matches!(
            name.as_str(),
            "a" | "em" | "strong" | "code" | "span" | "sup" | "del" | "time"
        ) {
            text.push(' ');
        }
        rest = &rest[open + close + 1..];
    }
    decode_entities(&text).replace('\u{a0}', " ")
}

/// Markdown links and autolinks reduced to their text, as a reader sees them.
fn strip_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['[', '<']) {
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        if let Some(inner) = rest
            .strip_prefix('<')
            .and_then(|r| r.split_once('>'))
            .filter(|(u, _)| u.starts_with("http"))
        {
            out.push_str(inner.0);
            rest = inner.1;
        } else if let Some((label, after)) =
            rest[1..].split_once("](").filter(|(l, _)| !l.contains(']'))
        {
            out.push_str(label);
            rest = after.split_once(')').map_or("", |(_, r)| r);
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

fn normalise(text: &str) -> String {
    let text = text
        .replace(['“', '”'], "\"")
        .replace('’', "'")
        .replace('–', "-")
        .replace('\\', "")
        .replace(['*', '|', '#'], " ");
    let mut t = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    // Bullet labels ("- Homebrew: ...") and ids ("KR 1.1: ", "O1: ") sit in their own
    // cells or titles on the site.
    for _ in 0..2 {
        if let Some(rest) = t.strip_prefix("- ") {
            t = rest.to_string();
        }
        if let Some((label, rest)) = t.split_once(" : ").or_else(|| t.split_once(": ")) {
            if label.len() <= 20 && !rest.is_empty() {
                t = rest.to_string();
            }
        }
    }
    t.trim_matches([' ', ':']).to_string()
}

#[test]
fn every_sentence_of_the_sources_shows_on_the_site() {
    let seeds = seeds();
    assert!(
        seeds.is_dir(),
        "the source reports are expected at {}",
        seeds.display()
    );
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let site: String = tree(&out)
        .into_iter()
        .filter(|(path, _)| path.ends_with(".html"))
        .map(|(_, bytes)| normalise(&page_text(&String::from_utf8_lossy(&bytes))))
        .collect::<Vec<_>>()
        .join(" ");

    let mut missing = Vec::new();
    let mut checked = 0;
    for (_, bytes) in tree(&seeds)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".txt"))
    {
        let source = strip_links(&String::from_utf8_lossy(&bytes));
        for line in source.lines() {
            // The PDF's OKR lines end in a tab and the status, shown in its own column.
            let line = line.split('\t').next().unwrap_or_default();
            for sentence in line.split_inclusive(". ") {
                let wanted = normalise(sentence);
                if wanted.len() < 20
                    || NOT_VERBATIM
                        .iter()
                        .any(|(start, _)| wanted.starts_with(start))
                {
                    continue;
                }
                checked += 1;
                if !site.contains(&wanted) {
                    missing.push(wanted);
                }
            }
        }
    }
    assert!(
        checked > 100,
        "only {checked} sentences read from the sources"
    );
    assert!(
        missing.is_empty(),
        "not on the site:\n{}",
        missing.join("\n")
    );
}
