//! The staff's month on a copy of the sample site: `new report` carries September forward,
//! `new update` starts a grantee's update, `check` warns about a report copied by hand, and
//! `build --relative` writes a site that works from disk.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A temporary copy of the sample site's content.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    dir
}

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `check --format json`: the exit code and the problems.
fn check(root: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "-r", arg(root), "--format", "json"];
    args.extend(extra);
    let out = grantsite(&args);
    let problems = stdout(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    (out.status.code().unwrap(), problems)
}

fn errors(problems: &[Value]) -> Vec<&Value> {
    problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect()
}

#[test]
fn new_report_carries_september_forward_into_a_draft_that_passes_check() {
    let site = sample_copy();
    let root = site.path();
    let out = grantsite(&["new", "report", "2024-10", "-r", arg(root)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = root.join("content/reports/2024/2024-10.md");
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    let text = read(&path);
    assert!(
        text.contains("\ntitle: \"Alpha-Omega Monthly Report, October 2024\"\n"),
        "{text}"
    );
    assert!(
        text.contains("\ndraft: true\n") && !text.contains("published"),
        "{text}"
    );
    assert!(
        !text.contains("highlights:") && !text.contains("note:"),
        "{text}"
    );

    for drafts in [&["--drafts"][..], &[]] {
        let (code, problems) = check(root, drafts);
        assert_eq!(code, 0, "{problems:?}");
        assert!(errors(&problems).is_empty(), "{problems:?}");
    }

    let public = root.join("public");
    build(root, &public, &["--drafts"]);
    let data = site_json(&public);
    let october = data["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == "2024-10")
        .expect("the October draft is built with --drafts");
    assert_eq!(october["key_results"]["KR1.3"], "not-measured");
    assert_eq!(october["key_results"]["KR2.1"], "not-started");
    assert_eq!(october["key_results"].as_object().unwrap().len(), 11);
    assert_eq!(october["draft"], true);
    assert!(october["published"].is_null());
    let lists = &october["engagements"];
    assert_eq!(lists["new"].as_array().unwrap().len(), 0);
    let existing: Vec<&str> = lists["existing"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    for grantee in ["jenkins", "node-js", "freebsd", "pypi", "prossimo"] {
        assert_eq!(
            existing.iter().filter(|g| **g == grantee).count(),
            1,
            "{grantee}"
        );
    }
    let dates: Vec<&str> = october["upcoming"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["date"].as_str().unwrap())
        .collect();
    assert!(!dates.is_empty());
    assert!(dates.iter().all(|d| *d >= "2024-10-01"), "{dates:?}");
}

#[test]
fn new_report_refuses_a_second_run_and_keeps_the_first_file() {
    let site = sample_copy();
    let root = site.path();
    assert!(
        grantsite(&["new", "report", "2024-10", "-r", arg(root)])
            .status
            .success()
    );
    let path = root.join("content/reports/2024/2024-10.md");
    std::fs::write(
        &path,
        read(&path).replace("## Summary\n", "## Summary\n\nEdited.\n"),
    )
    .unwrap();
    let again = grantsite(&["new", "report", "2024-10", "-r", arg(root)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("is already content/reports/2024/2024-10.md"),
        "{}",
        stderr(&again)
    );
    assert!(read(&path).contains("Edited."));
}

#[test]
fn new_report_refuses_a_site_whose_reports_do_not_load() {
    let site = sample_copy();
    let root = site.path();
    let broken = root.join("content/reports/2024/2024-09.md");
    std::fs::write(
        &broken,
        read(&broken).replacen("kind: monthly", "kind: [", 1),
    )
    .unwrap();
    let out = grantsite(&["new", "report", "2024-10", "-r", arg(root)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("run `grantsite check`"),
        "{}",
        stderr(&out)
    );
    assert!(!root.join("content/reports/2024/2024-10.md").exists());
}

#[test]
fn new_update_is_built_as_the_grantees_update_for_that_month() {
    let site = sample_copy();
    let root = site.path();
    let out = grantsite(&["new", "update", "freebsd", "2024-10", "-r", arg(root)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let path = root.join("content/engagements/2024/FreeBSD/update-2024-10.md");
    assert_eq!(stdout(&out).trim(), path.display().to_string());
    assert!(read(&path).starts_with("# FreeBSD Update - October 2024\n"));

    let public = root.join("public");
    build(root, &public, &[]);
    let data = site_json(&public);
    let update = data["updates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["source"] == "content/engagements/2024/FreeBSD/update-2024-10.md")
        .expect("the new update is listed");
    assert_eq!(update["grantee"], "freebsd");
    assert_eq!(update["period"]["label"], "October 2024");
    assert_eq!(update["period_origin"]["from"], "file-name");

    let again = grantsite(&["new", "update", "FreeBSD", "2024-10", "-r", arg(root)]);
    assert_eq!(again.status.code(), Some(2));
}

#[test]
fn new_update_in_a_new_year_makes_the_folder_under_the_latest_name() {
    let site = sample_copy();
    let root = site.path();
    let out = grantsite(&["new", "update", "node-js", "2025-01", "-r", arg(root)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        root.join("content/engagements/2025/Node.js/update-2025-01.md")
            .is_file()
    );
    let (code, problems) = check(root, &[]);
    assert_eq!(code, 0, "{problems:?}");
}

#[test]
fn new_update_for_an_unknown_grantee_suggests_the_closest() {
    let site = sample_copy();
    let out = grantsite(&[
        "new",
        "update",
        "freebds",
        "2024-10",
        "-r",
        arg(site.path()),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim(),
        "error: no grantee is called `freebds`; did you mean `freebsd`?"
    );
}

/// Where a warning points: (line, column, message).
fn warnings(problems: &[Value], file: &str) -> Vec<(u64, u64, String)> {
    problems
        .iter()
        .filter(|p| p["severity"] == "warning" && p["file"] == file)
        .map(|p| {
            (
                p["line"].as_u64().unwrap(),
                p["column"].as_u64().unwrap(),
                p["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_report_copied_by_hand_with_only_its_period_changed_is_flagged() {
    let site = sample_copy();
    let root = site.path();
    let reports = root.join("content/reports/2024");
    let september = read(&reports.join("2024-09.md"));
    let copy = september.replacen("period: 2024-09", "period: 2024-10", 1);
    std::fs::write(reports.join("2024-10.md"), &copy).unwrap();
    let (code, problems) = check(root, &[]);
    assert_eq!(code, 0, "warnings only: {problems:?}");
    let file = "content/reports/2024/2024-10.md";
    assert_eq!(
        warnings(&problems, file),
        [(
            2,
            36,
            "the title names `September`, but the report covers October 2024 (2024-10)".into()
        )]
    );
    // With the `published:` date of the report it was copied from, that is flagged too.
    let dated = copy.replacen(
        "period: 2024-10\n",
        "period: 2024-10\npublished: 2024-10-14\n",
        1,
    );
    std::fs::write(reports.join("2024-10.md"), dated).unwrap();
    let (_, problems) = check(root, &[]);
    let found = warnings(&problems, file);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!((found[1].0, found[1].1), (5, 12));
    assert!(
        found[1]
            .2
            .starts_with("published 2024-10-14, before the period ends")
    );
    // The original says what it covers: no warning.
    assert!(warnings(&problems, "content/reports/2024/2024-09.md").is_empty());
}

/// Every `href`, `src` and `data-*` value of a page.
fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\"", " data-index=\""] {
        for (at, _) in html.match_indices(attribute) {
            let rest = &html[at + attribute.len()..];
            found.push(rest[..rest.find('"').unwrap()].to_string());
        }
    }
    found
}

fn html_pages(out: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect()
}

#[test]
fn build_relative_links_every_page_relatively_to_files_that_exist() {
    let site = sample_copy();
    let root = site.path();
    let out = root.join("public");
    // A base of its own, so that the program's hand-written links to alpha-omega.dev pages
    // (which this build does not write) are plainly other sites.
    build(root, &out, &["--relative", "-u", "http://base.test/sub/"]);
    let pages = html_pages(&out);
    assert!(pages.len() > 40);
    let mut checked = 0;
    for page in &pages {
        let html = read(page);
        for url in urls(&html) {
            let external = ["https://", "http://", "mailto:", "#"]
                .iter()
                .any(|p| url.starts_with(p));
            assert!(!url.starts_with('/'), "{}: {url}", page.display());
            assert!(
                !url.starts_with("http://base.test"),
                "{}: {url}",
                page.display()
            );
            if external {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap();
            let mut target = page.parent().unwrap().join(path);
            if target.is_dir() {
                target = target.join("index.html");
            }
            assert!(target.is_file(), "{}: {url} leads nowhere", page.display());
            assert!(
                target
                    .canonicalize()
                    .unwrap()
                    .starts_with(out.canonicalize().unwrap()),
                "{url}"
            );
            checked += 1;
        }
    }
    assert!(checked > 800, "{checked}");
    // The feed and the sitemap are read from the published site: they stay absolute.
    assert!(read(&out.join("sitemap.xml")).contains("<loc>http://base.test/sub/reports/</loc>"));
}

#[test]
fn the_default_build_links_from_the_root_of_the_host_and_keeps_the_canonical_url_absolute() {
    let site = sample_copy();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let html = read(&out.join("reports/2024-09/index.html"));
    assert!(html.contains("href=\"/okrs/2024/\""));
    assert!(!html.contains("href=\"https://alpha-omega.dev/okrs/2024/\""));
    assert!(!html.contains("href=\"../"));
    assert!(
        html.contains(r#"<link rel="canonical" href="https://alpha-omega.dev/reports/2024-09/">"#)
    );
    assert!(html.contains(r#"title="Alpha-Omega" href="https://alpha-omega.dev/atom.xml">"#));
}
