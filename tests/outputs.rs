//! What the registry of outputs promises, on the sample site with the real binary: every parent
//! path of a page is a page, a link `check` accepts leads to a file the build writes, every key
//! result has a page with its status in each report, and the calendar and CSV exports hold the
//! sample's events, statuses and updates.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The sample site, built once for the tests that only read it.
fn built() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&repo(), &out, &[]);
        (dir, out)
    });
    out
}

/// Every page of the build, by its path (`okrs/2024/`).
fn pages(out: &Path) -> Vec<String> {
    tree(out)
        .into_iter()
        .filter_map(|(file, _)| file.strip_suffix("index.html").map(str::to_string))
        .collect()
}

#[test]
fn every_parent_path_of_every_page_exists() {
    let out = built();
    let pages = pages(out);
    assert!(pages.len() > 50, "{pages:?}");
    for page in &pages {
        let mut path = page.trim_end_matches('/');
        while let Some((parent, _)) = path.rsplit_once('/') {
            assert!(
                out.join(parent).join("index.html").is_file(),
                "{parent}/ (the parent of {page}) is not a page"
            );
            path = parent;
        }
    }
    for hackable in ["okrs/", "reports/2024/", "engagements/2024/", "grantees/"] {
        assert!(pages.iter().any(|p| p == hackable), "{hackable}");
    }
}

/// The sample site with `links` added to the September report, checked and built.
fn with_links(links: &[&str]) -> (tempfile::TempDir, std::process::Output, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_tree(&repo().join("content"), &root.join("content"));
    let report = root.join("content/reports/2024/2024-09.md");
    let mut text = read(&report);
    text.push_str("\n## Links\n\n");
    for link in links {
        text.push_str(&format!("- [{link}]({link})\n"));
    }
    std::fs::write(&report, text).unwrap();
    let check = grantsite(&["check", "-r", root.to_str().unwrap()]);
    let out = dir.path().join("public");
    (dir, check, out)
}

const ARTIFACTS: [(&str, &str); 12] = [
    ("/atom.xml", "atom.xml"),
    ("/sitemap.xml", "sitemap.xml"),
    ("/data/site.json", "data/site.json"),
    ("/data/search/index.json", "data/search/index.json"),
    ("/data/key-results.csv", "data/key-results.csv"),
    ("/data/updates.csv", "data/updates.csv"),
    ("/calendar.ics", "calendar.ics"),
    ("/okrs/", "okrs/index.html"),
    ("/okrs/2024/kr1-3/", "okrs/2024/kr1-3/index.html"),
    ("/reports/2024/", "reports/2024/index.html"),
    ("/engagements/2024/", "engagements/2024/index.html"),
    ("/grantees/", "grantees/index.html"),
];

#[test]
fn a_link_to_each_generated_artifact_passes_check_and_the_file_exists() {
    let links: Vec<&str> = ARTIFACTS.iter().map(|(link, _)| *link).collect();
    let (dir, check, out) = with_links(&links);
    assert!(
        check.status.success(),
        "check failed: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    build(&dir.path().join("site"), &out, &[]);
    for (link, file) in ARTIFACTS {
        assert!(out.join(file).is_file(), "{link}: {file} was not written");
    }
}

#[test]
fn a_link_to_a_page_the_build_does_not_write_fails_check() {
    for link in [
        "/okrs/2023/",
        "/reports/2023/",
        "/okrs/2024/kr9-9/",
        "/data/x.csv",
    ] {
        let (_dir, check, _) = with_links(&[link]);
        let stderr = String::from_utf8_lossy(&check.stderr);
        assert!(!check.status.success(), "{link} passed check");
        assert!(
            stderr.contains(&format!("link to `{link}` points to no page of the site")),
            "{link}: {stderr}"
        );
    }
}

#[test]
fn eleven_key_result_pages_show_the_status_in_both_reports() {
    let out = built();
    let krs: Vec<String> = pages(out)
        .into_iter()
        .filter(|p| p.starts_with("okrs/2024/kr"))
        .collect();
    assert_eq!(krs.len(), 11, "{krs:?}");
    let page = |id: &str| read(&out.join(format!("okrs/2024/{id}/index.html")));
    let kr13 = page("kr1-3");
    let kr21 = page("kr2-1");
    for (html, first, second) in [
        (&kr13, "On target", "Not measured"),
        (&kr21, "Planning", "Not started"),
    ] {
        let q2 = html
            .find("reports/2024-q2/#")
            .expect("a link to the Q2 report");
        let september = html.find("reports/2024-09/#").expect("a link to September");
        assert!(q2 < september, "oldest report first");
        let row = |from: usize| &html[from..from + html[from..].find("</tr>").unwrap()];
        assert!(row(q2).contains(&format!(">{first}</span>")), "{}", row(q2));
        assert!(row(september).contains(&format!(">{second}</span>")));
    }
    assert!(kr13.contains(
        r#"aria-label="KR 1.3 by report. Q2 2024: on target; September 2024: not measured.""#
    ));
    assert!(kr13.contains(r#"role="img""#));
    assert!(kr21.contains(r#"<rect class="fill-planning""#));
    assert!(kr21.contains(r#"<rect class="fill-not-started""#));
    let okrs = read(&out.join("okrs/2024/index.html"));
    for kr in &krs {
        assert!(okrs.contains(&format!("href=\"/{kr}\"")), "{kr}");
    }
    let years = read(&out.join("okrs/index.html"));
    assert!(years.contains(r#"href="/okrs/2024/""#));
}

#[test]
fn the_calendar_parses_and_holds_the_seven_upcoming_events() {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};
    let text = read(&built().join("calendar.ics"));
    for line in text.split_terminator("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line}", line.len());
        assert!(!line.contains('\n'), "a bare line feed: {line:?}");
    }
    let calendar: Calendar = text.parse().expect("calendar.ics parses");
    let events: Vec<_> = calendar
        .components
        .iter()
        .filter_map(|c| match c {
            CalendarComponent::Event(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(events.len(), 7);
    let mut starts: Vec<String> = events
        .iter()
        .map(|e| match e.get_start() {
            Some(DatePerhapsTime::Date(d)) => d.to_string(),
            other => panic!("not an all-day event: {other:?}"),
        })
        .collect();
    starts.sort();
    assert_eq!(
        starts,
        [
            "2024-07-05",
            "2024-07-25",
            "2024-08-07",
            "2024-09-01",
            "2024-11-06",
            "2024-11-11",
            "2024-12-01"
        ]
    );
    let december = events
        .iter()
        .find(|e| e.get_uid() == Some("2024-09-3-2024-12@alpha-omega.dev"))
        .expect("the December roundtable, by its stable UID");
    let description = december.get_description().unwrap_or_default();
    assert!(
        description.contains("only the month (December 2024)"),
        "{description}"
    );
    let uids: std::collections::BTreeSet<_> = events.iter().map(|e| e.get_uid()).collect();
    assert_eq!(uids.len(), 7, "one UID per event");
    let home = read(&built().join("index.html"));
    let report = read(&built().join("reports/2024-09/index.html"));
    for page in [home, report] {
        assert!(page.contains(r#"href="/calendar.ics""#));
    }
}

#[test]
fn the_csv_exports_hold_every_status_and_every_update() {
    let out = built();
    let statuses = read(&out.join("data/key-results.csv"));
    let lines: Vec<&str> = statuses.split_terminator("\r\n").collect();
    assert_eq!(lines[0], "year,key_result,report,status,report_url");
    assert_eq!(lines.len(), 1 + 2 * 11, "every key result in both reports");
    for row in [
        "2024,KR1.3,2024-Q2,on-target,",
        "2024,KR1.3,2024-09,not-measured,",
        "2024,KR2.1,2024-Q2,planning,",
        "2024,KR2.1,2024-09,not-started,",
    ] {
        assert!(lines.iter().any(|l| l.starts_with(row)), "{row}");
    }
    let updates = read(&out.join("data/updates.csv"));
    let rows = updates.split_terminator("\r\n").count() - 1;
    let site = site_json(out);
    assert_eq!(rows, site["updates"].as_array().unwrap().len());
    assert!(updates.starts_with("grantee,period,url,source\r\n"));
    assert!(updates.contains(
        "FreeBSD,2024-09,https://alpha-omega.dev/engagements/2024/freebsd/update-2024-09/,content/engagements/2024/FreeBSD/update-2024-09.md"
    ));
}
