//! Grantee updates as real engagement folders hold them (`content/engagements/<year>/<org>/`):
//! every file-name form, headings, front matter, undated updates, merged grantees, images,
//! awkward text; a generated tree of 400 updates; and the updates of the sample site.
//!
//! The fixture is `tests/fixtures/updates/site`, built once with the real binary.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BASE: &str = "https://example.org/grants/";
const ENGAGEMENTS: &str = "content/engagements/";

fn site() -> PathBuf {
    fixture("updates/site")
}

/// One build of the fixture shared by the tests of this file.
fn out() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(&site(), &dir.path().join("public"), &[]);
        dir
    })
    .path()
}

fn public() -> PathBuf {
    out().join("public")
}

fn data() -> &'static Value {
    static DATA: OnceLock<Value> = OnceLock::new();
    DATA.get_or_init(|| site_json(&public()))
}

/// The update whose source is `content/engagements/<rel>`.
fn update(rel: &str) -> &'static Value {
    let source = format!("{ENGAGEMENTS}{rel}");
    data()["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["source"] == source.as_str())
        .unwrap_or_else(|| panic!("no update from {source}"))
}

/// The output file a site URL is served from.
fn file_of(root: &Path, base: &str, url: &str) -> PathBuf {
    let path = url
        .strip_prefix(base)
        .unwrap_or_else(|| panic!("{url} is not under {base}"));
    if path.is_empty() || path.ends_with('/') {
        root.join(path).join("index.html")
    } else {
        root.join(path)
    }
}

fn page_of(u: &Value) -> String {
    read(&file_of(&public(), BASE, u["url"].as_str().unwrap()))
}

/// Diagnostics of `check --format json`, one object per line.
fn check_json(root: &Path) -> Vec<Value> {
    let result = grantsite(&["check", "-r", root.to_str().unwrap(), "--format", "json"]);
    String::from_utf8_lossy(&result.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect()
}

fn diagnostics() -> &'static [Value] {
    static DIAGNOSTICS: OnceLock<Vec<Value>> = OnceLock::new();
    DIAGNOSTICS.get_or_init(|| check_json(&site()))
}

/// `href="..."` and `src="..."` values in a page.
fn attributes<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let marker = format!("{name}=\"");
    html.match_indices(&marker)
        .filter_map(|(at, _)| html[at + marker.len()..].split('"').next())
        .collect()
}

#[test]
fn every_file_name_form_gets_its_period() {
    // (file below content/engagements/, first month, last month, label, where it came from)
    #[rustfmt::skip]
    let cases = [
        ("2024/RubyCentral/update-2024-09.md", "2024-09", "2024-09", "September 2024", "file-name"),
        ("2024/psf/Update-2024-09.md", "2024-09", "2024-09", "September 2024", "file-name"),
        ("2025/Python Software Foundation/2025-01.md", "2025-01", "2025-01", "January 2025", "file-name"),
        ("2024/RubyCentral/09-2025.md", "2025-09", "2025-09", "September 2025", "file-name"),
        ("2024/FreeBSD/update-10-2024.md", "2024-10", "2024-10", "October 2024", "file-name"),
        ("2024/psf/update-2024.09", "2024-09", "2024-09", "September 2024", "file-name"),
        ("2025/Python Software Foundation/update 2025-03", "2025-03", "2025-03", "March 2025", "file-name"),
        ("2025/FreeBSD/Update-2025-01", "2025-01", "2025-01", "January 2025", "file-name"),
        ("2024/FreeBSD/update-2024-april-may.md", "2024-04", "2024-05", "April–May 2024", "file-name"),
        ("2025/Ruby Central/update-2025-april.md", "2025-04", "2025-04", "April 2025", "file-name"),
        ("2025/Ruby Central/update-august-2025.md", "2025-08", "2025-08", "August 2025", "file-name"),
        ("2025/FreeBSD/update-2025-december-january.md", "2025-12", "2026-01", "December 2025–January 2026", "file-name"),
        ("2025/Python Software Foundation/Q1-Q2 2025.md", "2025-01", "2025-06", "H1 2025", "file-name"),
        ("2024/FreeBSD/news.md", "2024-09", "2024-09", "September 2024", "heading"),
        ("2024/node.js/update-2024-02.md", "2024-02", "2024-02", "February 2024", "file-name"),
        ("2024/Erlang Ecosystem Foundation, Inc. (EEF)/update-2024-11.md", "2024-12", "2024-12", "December 2024", "front-matter"),
    ];
    for (rel, first, last, label, origin) in cases {
        let u = update(rel);
        let period = &u["period"];
        assert_eq!(
            (
                &period["first_month"],
                &period["last_month"],
                &period["label"]
            ),
            (&Value::from(first), &Value::from(last), &Value::from(label)),
            "{rel}"
        );
        assert_eq!(u["period_origin"]["from"], origin, "{rel}");
    }
    // Every text file except the profiles and the role description is an update.
    assert_eq!(data()["updates"].as_array().unwrap().len(), cases.len() + 1);
}

#[test]
fn front_matter_wins_over_the_file_name_and_heading() {
    let u = update("2024/Erlang Ecosystem Foundation, Inc. (EEF)/update-2024-11.md");
    assert_eq!(u["title"], "EEF December report");
    assert_eq!(u["authors"], serde_json::json!(["Jane Doe", "Kim Lee"]));
    assert_eq!(u["period"]["label"], "December 2024");
    let html = page_of(u);
    assert!(html.contains("EEF December report"), "{html}");
    assert!(html.contains("Jane Doe"), "authors show");
}

#[test]
fn a_file_without_a_period_is_published_undated_last_and_check_says_why() {
    let u = update("2024/FreeBSD/update-notes.md");
    assert_eq!(u["period"], Value::Null);
    assert_eq!(u["period_origin"]["from"], "none");
    let reason = u["period_origin"]["reason"].as_str().unwrap();
    assert!(reason.contains("update-notes.md"), "{reason}");

    let warning = diagnostics()
        .iter()
        .find(|d| d["file"] == format!("{ENGAGEMENTS}2024/FreeBSD/update-notes.md").as_str())
        .expect("check warns about the undated update");
    assert_eq!(warning["severity"], "warning");
    let message = warning["message"].as_str().unwrap();
    assert!(message.contains("cannot tell which period"), "{message}");
    assert!(message.contains(reason), "{message} gives the reason");

    // Last on the grantee's timeline, which is otherwise newest first.
    let html = read(&public().join("grantees/freebsd/index.html"));
    let position = |rel: &str| {
        let url = linked(update(rel)["url"].as_str().unwrap());
        html.find(&format!("href=\"{url}\""))
            .unwrap_or_else(|| panic!("timeline lacks {url}"))
    };
    let timeline = [
        "2025/FreeBSD/update-2025-december-january.md",
        "2025/FreeBSD/Update-2025-01",
        "2024/FreeBSD/update-10-2024.md",
        "2024/FreeBSD/news.md",
        "2024/FreeBSD/update-2024-april-may.md",
        "2024/FreeBSD/update-notes.md",
    ];
    let positions: Vec<usize> = timeline.iter().map(|rel| position(rel)).collect();
    assert!(positions.is_sorted(), "timeline order: {positions:?}");
    assert!(html.contains("Undated"), "the undated update says so");
}

#[test]
fn previous_and_next_follow_the_grantees_periods() {
    let url = |rel: &str| linked(update(rel)["url"].as_str().unwrap()).to_string();
    let pager = |rel: &str| {
        let html = page_of(update(rel));
        let link = |rel_attr: &str| {
            html.split("<a ")
                .find(|a| a.contains(&format!("rel=\"{rel_attr}\"")))
                .and_then(|a| attributes(a, "href").first().map(|h| h.to_string()))
        };
        (link("prev"), link("next"))
    };
    assert_eq!(
        pager("2024/FreeBSD/news.md"),
        (
            Some(url("2024/FreeBSD/update-2024-april-may.md")),
            Some(url("2024/FreeBSD/update-10-2024.md"))
        )
    );
    assert_eq!(
        pager("2024/FreeBSD/update-2024-april-may.md"),
        (None, Some(url("2024/FreeBSD/news.md")))
    );
    // Across year folders: the 2024 October update is followed by the 2025 January one.
    assert_eq!(
        pager("2024/FreeBSD/update-10-2024.md").1,
        Some(url("2025/FreeBSD/Update-2025-01"))
    );
    assert_eq!(
        pager("2024/FreeBSD/update-notes.md"),
        (
            Some(url("2025/FreeBSD/update-2025-december-january.md")),
            None
        )
    );
    // Neighbours are the grantee's own: node.js has one update, so no pager.
    assert_eq!(pager("2024/node.js/update-2024-02.md"), (None, None));
}

#[test]
fn grantee_page_shows_readable_period_labels() {
    let html = read(&public().join("grantees/freebsd/index.html"));
    for label in [
        "April–May 2024",
        "September 2024",
        "October 2024",
        "January 2025",
        "December 2025–January 2026",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
    let psf = read(&public().join("grantees/python-software-foundation/index.html"));
    assert!(psf.contains("H1 2025"));
}

#[test]
fn folders_merge_by_alias_and_by_loose_name() {
    let grantees: Vec<(String, Vec<String>)> = data()["grantees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            let aliases = g["aliases"].as_array().unwrap();
            (
                g["slug"].as_str().unwrap().to_string(),
                aliases
                    .iter()
                    .map(|a| a.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect();
    let expected: Vec<(String, Vec<String>)> = [
        ("erlang-ecosystem-foundation-inc-eef", &[][..]),
        ("freebsd", &[]),
        ("node-js", &[]),
        ("python-software-foundation", &["psf", "PSF"]),
        ("rubycentral", &["Ruby Central"]),
    ]
    .iter()
    .map(|(s, a)| (s.to_string(), a.iter().map(|a| a.to_string()).collect()))
    .collect();
    assert_eq!(grantees, expected);
    let hints: Vec<&Value> = diagnostics()
        .iter()
        .filter(|d| d["code"] == "W0410")
        .collect();
    assert!(hints.is_empty(), "grantees.yaml settles psf: {hints:?}");

    // `2024/psf` and `2025/Python Software Foundation` are one grantee's two engagements.
    let engagements: Vec<(i64, &str)> = data()["engagements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["year"].as_i64().unwrap(), e["grantee"].as_str().unwrap()))
        .collect();
    for pair in [
        (2024, "python-software-foundation"),
        (2025, "python-software-foundation"),
        (2024, "rubycentral"),
        (2025, "rubycentral"),
        (2024, "freebsd"),
        (2025, "freebsd"),
    ] {
        assert!(engagements.contains(&pair), "{pair:?} in {engagements:?}");
    }
    assert_eq!(engagements.len(), 8);
    let psf = read(&public().join("grantees/python-software-foundation/index.html"));
    for rel in [
        "2024/psf/update-2024.09",
        "2025/Python Software Foundation/2025-01.md",
    ] {
        assert!(
            psf.contains(linked(update(rel)["url"].as_str().unwrap())),
            "{rel}"
        );
    }
}

#[test]
fn profiles_are_read_in_all_three_spellings() {
    let engagements = data()["engagements"].as_array().unwrap();
    let profile = |year: i64, grantee: &str| {
        engagements
            .iter()
            .find(|e| e["year"] == year && e["grantee"] == grantee)
            .unwrap()
    };
    for (year, grantee, file, name) in [
        (
            2024,
            "freebsd",
            "2024/FreeBSD/README.md",
            "FreeBSD Code Audit",
        ),
        (
            2025,
            "freebsd",
            "2025/FreeBSD/READ ME.md",
            "FreeBSD Process Audit",
        ),
        (
            2025,
            "python-software-foundation",
            "2025/Python Software Foundation/Read Me.md",
            "PSF Security Developer",
        ),
    ] {
        let e = profile(year, grantee);
        assert_eq!(e["source"], format!("{ENGAGEMENTS}{file}").as_str());
        assert_eq!(e["name"], name);
    }
    let sources: Vec<&str> = data()["updates"]
        .as_array()
        .unwrap()
        .iter()
        .chain(data()["pages"].as_array().unwrap())
        .map(|u| u["source"].as_str().unwrap())
        .collect();
    assert!(
        sources.iter().all(|s| !s.to_lowercase().contains("read")),
        "a profile became an update or page: {sources:?}"
    );
}

#[test]
fn folder_names_with_punctuation_give_clean_urls() {
    for (rel, url) in [
        (
            "2024/Erlang Ecosystem Foundation, Inc. (EEF)/update-2024-11.md",
            "engagements/2024/erlang-ecosystem-foundation-inc-eef/update-2024-11/",
        ),
        (
            "2024/node.js/update-2024-02.md",
            "engagements/2024/node-js/update-2024-02/",
        ),
        (
            "2024/psf/update-2024.09",
            "engagements/2024/python-software-foundation/update-2024-09-2/",
        ),
        (
            "2025/Python Software Foundation/update 2025-03",
            "engagements/2025/python-software-foundation/update-2025-03/",
        ),
        (
            "2025/Python Software Foundation/Q1-Q2 2025.md",
            "engagements/2025/python-software-foundation/q1-q2-2025/",
        ),
    ] {
        assert_eq!(update(rel)["url"], format!("{BASE}{url}").as_str(), "{rel}");
        assert!(public().join(url).join("index.html").is_file(), "{url}");
    }
    assert!(
        public()
            .join("engagements/2024/erlang-ecosystem-foundation-inc-eef/index.html")
            .is_file()
    );
}

#[test]
fn an_update_in_another_years_folder_stays_there_with_its_own_period() {
    let u = update("2024/RubyCentral/09-2025.md");
    assert_eq!(u["folder_year"], 2024);
    assert_eq!(u["period"]["label"], "September 2025");
    assert_eq!(
        u["url"],
        format!("{BASE}engagements/2024/rubycentral/09-2025/").as_str()
    );
    let engagement = read(&public().join("engagements/2024/rubycentral/index.html"));
    assert!(engagement.contains(linked(u["url"].as_str().unwrap())));
}

#[test]
fn image_beside_an_update_is_on_the_built_site() {
    let html = page_of(update("2024/node.js/update-2024-02.md"));
    let sources = attributes(&html, "src");
    let image = sources
        .iter()
        .find(|s| s.ends_with("otterdog.png"))
        .unwrap_or_else(|| panic!("no image in {html}"));
    assert_eq!(
        *image,
        format!(
            "{}engagements/2024/node-js/pic-2024-02/otterdog.png",
            linked(BASE)
        )
    );
    let copied = std::fs::read(file_of(&public(), linked(BASE), image)).unwrap();
    let original =
        std::fs::read(site().join("content/engagements/2024/node.js/pic-2024-02/otterdog.png"))
            .unwrap();
    assert_eq!(copied, original);
    assert!(copied.starts_with(b"\x89PNG\r\n\x1a\n"));
}

#[test]
fn links_between_updates_and_engagement_folders_resolve() {
    let html = page_of(update("2024/FreeBSD/update-10-2024.md"));
    let hrefs = attributes(&html, "href");
    for target in [
        update("2024/FreeBSD/news.md")["url"]
            .as_str()
            .unwrap()
            .to_string(),
        format!("{BASE}engagements/2025/freebsd/"),
        // The node.js profile is spelled `readme.md`.
        format!("{BASE}engagements/2024/node-js/"),
        update("2025/Python Software Foundation/2025-01.md")["url"]
            .as_str()
            .unwrap()
            .to_string(),
    ] {
        assert!(
            hrefs.contains(&linked(&target)),
            "{target} not in {hrefs:?}"
        );
        assert!(file_of(&public(), BASE, &target).is_file(), "{target}");
    }
    assert!(diagnostics().iter().all(|d| d["severity"] != "error"));
}

#[test]
fn awkward_text_renders() {
    let u = update("2024/node.js/update-2024-02.md");
    // `#Node.js` with no space is the title, and a heading in the page, not a paragraph.
    assert_eq!(u["title"], "Node.js update 🚀");
    let html = page_of(u);
    assert!(!html.contains("<p>#Node.js"), "{html}");
    assert!(html.contains("Node.js update 🚀</h1>"), "{html}");
    assert!(html.contains("Work&nbsp;continued") || html.contains("Work\u{a0}continued"));
    assert!(html.contains('✅'));
    assert!(html.contains("<hr"), "--- in the body is a thematic break");
    assert!(
        html.contains("<td><code>a | b</code></td>"),
        "escaped pipe: {html}"
    );
    assert!(html.contains("The end, with no final newline."));
    assert!(!html.contains('\r'));
}

#[test]
fn a_standalone_undated_file_is_a_page_of_its_engagement() {
    let pages = data()["pages"].as_array().unwrap();
    assert_eq!(pages.len(), 1);
    let page = &pages[0];
    assert_eq!(page["grantee"], "freebsd");
    assert_eq!(page["title"], "Role description");
    let url = page["url"].as_str().unwrap();
    assert_eq!(
        url,
        format!("{BASE}engagements/2024/freebsd/role-description/")
    );
    assert!(read(&file_of(&public(), BASE, url)).contains("reviews code"));
    let engagement = read(&public().join("engagements/2024/freebsd/index.html"));
    assert!(
        engagement.contains(linked(url)),
        "the engagement links its page"
    );
    let no_warning = diagnostics()
        .iter()
        .all(|d| !d["file"].as_str().unwrap().contains("role-description"));
    assert!(no_warning, "a page is not an undated update");
}

#[test]
fn junk_files_are_ignored() {
    assert!(
        site()
            .join("content/engagements/2024/FreeBSD/.DS_Store")
            .is_file(),
        "the fixture has its junk file"
    );
    let text = read(&public().join("data/site.json"));
    assert!(!text.contains("DS_Store"));
    assert!(
        diagnostics()
            .iter()
            .all(|d| !d.to_string().contains("DS_Store"))
    );
    let files = tree(&public());
    assert!(
        files
            .iter()
            .all(|(f, _)| !f.to_lowercase().contains("ds-store"))
    );
}

#[test]
fn two_updates_for_the_same_period_are_both_kept_with_a_warning() {
    let first = update("2024/psf/Update-2024-09.md");
    let second = update("2024/psf/update-2024.09");
    assert_eq!(first["period"], second["period"]);
    assert_ne!(first["url"], second["url"]);
    let warnings: Vec<&Value> = diagnostics()
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("another update"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = warnings[0];
    assert_eq!(w["severity"], "warning");
    assert_eq!(
        w["file"],
        format!("{ENGAGEMENTS}2024/psf/update-2024.09").as_str()
    );
    let message = w["message"].as_str().unwrap();
    assert!(message.contains("September 2024"), "{message}");
    assert!(message.contains("Update-2024-09.md"), "{message}");
    // Same month, different grantees: no warning (FreeBSD, RubyCentral in September 2024).
    assert_eq!(
        diagnostics().len(),
        2,
        "only the undated and the duplicate: {:?}",
        diagnostics()
    );
}

#[test]
fn a_grantees_urls_come_from_its_earliest_folder_with_or_without_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let write = |rel: &str, text: &str| {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(
        "program.yaml",
        &format!("name: P\ntagline: T.\nbase_url: {BASE}\n"),
    );
    write("engagements/2024/Ruby Central/update-2024-09.md", "Text.\n");
    write("engagements/2025/RubyCentral/README.md", "Profile.\n");
    write("engagements/2025/RubyCentral/update-2025-01.md", "Text.\n");
    let public = root.join("public");
    build(root, &public, &[]);
    let data = site_json(&public);
    let grantees = data["grantees"].as_array().unwrap();
    assert_eq!(grantees.len(), 1, "{grantees:?}");
    assert_eq!(grantees[0]["slug"], "ruby-central");
    assert_eq!(grantees[0]["aliases"], serde_json::json!(["RubyCentral"]));
    let urls: Vec<&str> = data["updates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["url"].as_str().unwrap())
        .collect();
    assert_eq!(
        urls,
        [
            format!("{BASE}engagements/2024/ruby-central/update-2024-09/"),
            format!("{BASE}engagements/2025/ruby-central/update-2025-01/"),
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// A large generated tree

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The file name of an update for `month` of `year`, in one of the forms real trees use.
fn generated_name(form: usize, year: i32, month: usize) -> String {
    let name = MONTHS[month - 1];
    let capital = format!("{}{}", name[..1].to_uppercase(), &name[1..]);
    match form % 12 {
        0 => format!("update-{year}-{month:02}.md"),
        1 => format!("Update-{year}-{month:02}.md"),
        2 => format!("{year}-{month:02}.md"),
        3 => format!("{month:02}-{year}.md"),
        4 => format!("update-{month:02}-{year}.md"),
        5 => format!("update-{year}.{month:02}"),
        6 => format!("update {year}-{month:02}"),
        7 => format!("Update-{year}-{month:02}"),
        8 => format!("update-{year}-{name}.md"),
        9 => format!("update-{name}-{year}.md"),
        10 => format!("{capital} {year} update.md"),
        _ => format!("update_{year}_{month:02}.txt"),
    }
}

#[test]
fn four_hundred_updates_in_forty_folders_all_publish() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let content = root.join("content");
    std::fs::create_dir_all(content.join("engagements")).unwrap();
    std::fs::write(
        content.join("program.yaml"),
        format!("name: Big\ntagline: Many updates.\nbase_url: {BASE}\n"),
    )
    .unwrap();
    let kinds = ["Project", "project.js", "Project, Inc. (P)", "Project_Org"];
    let mut expected = Vec::new();
    for org in 0..40 {
        let year = 2024 + (org % 2) as i32;
        let folder = format!("{} {org:02}", kinds[org % kinds.len()]);
        let dir = content.join(format!("engagements/{year}/{folder}"));
        std::fs::create_dir_all(&dir).unwrap();
        if org % 3 != 0 {
            std::fs::write(dir.join("README.md"), format!("Work of {folder}.\n")).unwrap();
        }
        for month in 1..=10 {
            let name = generated_name(org + month, year, month);
            let text = format!("# Progress\n\nWhat {folder} did in month {month} of {year}.\n");
            std::fs::write(dir.join(&name), text).unwrap();
            expected.push((
                format!("content/engagements/{year}/{folder}/{name}"),
                format!("{year}-{month:02}"),
            ));
        }
    }
    assert_eq!(expected.len(), 400);

    let diagnostics = check_json(&root);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let public = dir.path().join("public");
    build(&root, &public, &[]);
    let data = site_json(&public);
    let updates = data["updates"].as_array().unwrap();
    assert_eq!(updates.len(), 400);
    let mut sources = std::collections::BTreeMap::new();
    for u in updates {
        let source = u["source"].as_str().unwrap().to_string();
        let month = u["period"]["first_month"].as_str().unwrap_or("undated");
        assert_eq!(
            u["period"]["first_month"], u["period"]["last_month"],
            "{source}"
        );
        let url = u["url"].as_str().unwrap();
        assert!(file_of(&public, BASE, url).is_file(), "{url} of {source}");
        assert!(
            sources
                .insert(source.clone(), (month.to_string(), url.to_string()))
                .is_none(),
            "{source} twice"
        );
    }
    for (source, month) in &expected {
        let (got, _) = sources
            .get(source)
            .unwrap_or_else(|| panic!("{source} lost"));
        assert_eq!(got, month, "{source}");
    }
    let urls: std::collections::BTreeSet<&String> = sources.values().map(|(_, u)| u).collect();
    assert_eq!(urls.len(), 400, "every update has its own page");
    assert_eq!(data["grantees"].as_array().unwrap().len(), 40);
    assert_eq!(data["engagements"].as_array().unwrap().len(), 40);
}

// ---------------------------------------------------------------------------------------------
// The sample site

#[test]
fn sample_site_updates_have_their_periods_and_reports_link_to_existing_pages() {
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build(&repo(), &public, &[]);
    let data = site_json(&public);
    let base = data["program"]["base_url"].as_str().unwrap().to_string();
    let updates = data["updates"].as_array().unwrap();
    let find = |grantee: &str| {
        updates
            .iter()
            .find(|u| u["grantee"] == grantee)
            .unwrap_or_else(|| panic!("no update of {grantee}"))
    };
    for (grantee, first, last, label) in [
        ("freebsd", "2024-09", "2024-09", "September 2024"),
        ("pypi", "2024-09", "2024-09", "September 2024"),
        ("rust-foundation", "2024-09", "2024-09", "September 2024"),
        ("homebrew", "2024-04", "2024-06", "Q2 2024"),
        (
            "open-source-technology-improvement-fund",
            "2024-04",
            "2024-06",
            "Q2 2024",
        ),
        ("openssl", "2024-04", "2024-06", "Q2 2024"),
    ] {
        let u = find(grantee);
        assert_eq!(u["period"]["first_month"], first, "{grantee}");
        assert_eq!(u["period"]["last_month"], last, "{grantee}");
        assert_eq!(u["period"]["label"], label, "{grantee}");
        let url = u["url"].as_str().unwrap();
        assert!(file_of(&public, &base, url).is_file(), "{url}");
        let engagement = read(&public.join(format!("engagements/2024/{grantee}/index.html")));
        assert!(
            engagement.contains(linked(url)),
            "the {grantee} engagement lists its update"
        );
    }

    for report in data["reports"].as_array().unwrap() {
        let url = report["url"].as_str().unwrap();
        let html = read(&file_of(&public, &base, url));
        let mut checked = 0;
        for href in attributes(&html, "href") {
            let Some(path) = href.strip_prefix(linked(&base)) else {
                continue;
            };
            if path.starts_with("engagements/") || path.starts_with("grantees/") {
                let target = file_of(&public, linked(&base), href.split('#').next().unwrap());
                assert!(target.is_file(), "{url} links {href}, which does not exist");
                checked += 1;
            }
        }
        assert!(checked > 5, "{url} links its engagements and highlights");
        for h in report["highlights"].as_array().unwrap() {
            let grantee = h["grantee"].as_str().unwrap();
            let page = format!("{}grantees/{grantee}/", linked(&base));
            assert!(html.contains(&page), "{url} highlight links {page}");
        }
    }
}
