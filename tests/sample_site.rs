//! The sample site (the two source reports) builds, and every fact of the sources shows: in
//! `data/site.json` for machines and in the HTML for people.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;
use std::sync::OnceLock;

/// One build shared by the tests of this file.
fn built() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(&repo(), &dir.path().join("public"), &[]);
        dir
    })
    .path()
}

fn out() -> std::path::PathBuf {
    built().join("public")
}

fn report<'a>(data: &'a Value, period: &str) -> &'a Value {
    data["reports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["period"] == period)
        .unwrap_or_else(|| panic!("no report for {period}"))
}

const Q2: [(&str, &str); 11] = [
    ("KR1.1", "on-target"),
    ("KR1.2", "on-target"),
    ("KR1.3", "on-target"),
    ("KR1.4", "on-target"),
    ("KR2.1", "planning"),
    ("KR2.2", "on-target"),
    ("KR2.3", "on-target"),
    ("KR3.1", "not-started"),
    ("KR4.1", "on-target"),
    ("KR4.2", "completed"),
    ("KR4.3", "on-target"),
];

const SEPTEMBER: [(&str, &str); 11] = [
    ("KR1.1", "on-target"),
    ("KR1.2", "on-target"),
    ("KR1.3", "not-measured"),
    ("KR1.4", "on-target"),
    ("KR2.1", "not-started"),
    ("KR2.2", "on-target"),
    ("KR2.3", "on-target"),
    ("KR3.1", "not-started"),
    ("KR4.1", "on-target"),
    ("KR4.2", "completed"),
    ("KR4.3", "on-target"),
];

#[test]
fn site_json_has_every_key_result_status_of_both_reports() {
    let data = site_json(&out());
    for (period, expected) in [("2024-Q2", Q2), ("2024-09", SEPTEMBER)] {
        let statuses = &report(&data, period)["key_results"];
        assert_eq!(statuses.as_object().unwrap().len(), 11, "{period}");
        for (id, status) in expected {
            assert_eq!(statuses[id], status, "{id} in {period}");
        }
    }
    let krs: usize = data["okr_years"][0]["objectives"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["key_results"].as_array().unwrap().len())
        .sum();
    assert_eq!(krs, 11);
}

#[test]
fn report_pages_show_each_key_result_with_a_text_badge() {
    for (period, expected) in [("2024-q2", Q2), ("2024-09", SEPTEMBER)] {
        let html = read(&out().join(format!("reports/{period}/index.html")));
        for (id, status) in expected {
            let row_start = html
                .find(&format!("id=\"{id}\""))
                .unwrap_or_else(|| panic!("{id} row in {period}"));
            let row = &html[row_start..];
            let row = &row[..row.find("</tr>").unwrap()];
            let label = match status {
                "on-target" => "On target",
                "not-measured" => "Not measured",
                "not-started" => "Not started",
                "planning" => "Planning",
                "completed" => "Completed",
                other => panic!("unexpected {other}"),
            };
            assert!(
                row.contains(&format!("status-{status}\">{label}<")),
                "{id} in {period}: {row}"
            );
        }
    }
    // September shows what changed since Q2: KR1.3 and KR2.1, and nothing else.
    let september = read(&out().join("reports/2024-09/index.html"));
    let changes: Vec<&str> = september
        .split("id=\"")
        .skip(1)
        .filter(|row| {
            row.starts_with("KR")
                && row[..row.find("</tr>").unwrap_or(row.len())].contains("changed-from")
        })
        .map(|row| &row[..row.find('"').unwrap_or(0)])
        .collect();
    assert_eq!(changes, ["KR1.3", "KR2.1"]);
    assert!(september.contains("was <span class=\"status status-on-target\">On target</span>"));
}

#[test]
fn okr_matrix_has_a_column_per_report_and_a_row_per_key_result() {
    let html = read(&out().join("okrs/2024/index.html"));
    for id in ["KR 1.1", "KR 1.3", "KR 2.1", "KR 3.1", "KR 4.3"] {
        assert!(html.contains(id), "{id}");
    }
    assert!(html.contains("Q2 2024") && html.contains("September 2024"));
    // The matrix only: the status counts below it have a column per status.
    let matrix = html.split("class=\"status-counts\"").next().unwrap();
    assert_eq!(
        matrix.matches("status-not-measured").count(),
        1,
        "only KR1.3 in September"
    );
}

const ENGAGEMENTS_Q2: [&str; 13] = [
    "open-source-technology-improvement-fund",
    "apache-airflow",
    "openrefactory",
    "prossimo",
    "eclipse-foundation",
    "freebsd",
    "homebrew",
    "jquery",
    "node-js",
    "openssl",
    "python-software-foundation",
    "ruby-central",
    "rust-foundation",
];

const ENGAGEMENTS_SEPTEMBER: [&str; 15] = [
    "jenkins",
    "node-js",
    "eclipse-foundation",
    "openrefactory",
    "linux-kernel",
    "ruby-central",
    "apache-airflow",
    "freebsd",
    "php",
    "rust-foundation",
    "python-software-foundation",
    "prossimo",
    "llvm-ports-to-debian",
    "open-source-technology-improvement-fund",
    "pypi",
];

#[test]
fn every_engagement_of_both_reports_is_listed_and_has_a_page() {
    let data = site_json(&out());
    for (period, slug, expected) in [
        ("2024-Q2", "2024-q2", &ENGAGEMENTS_Q2[..]),
        ("2024-09", "2024-09", &ENGAGEMENTS_SEPTEMBER[..]),
    ] {
        let lists = &report(&data, period)["engagements"];
        let named: Vec<&str> = ["new", "renewed", "existing"]
            .iter()
            .flat_map(|k| lists[k].as_array().unwrap())
            .map(|v| v.as_str().unwrap())
            .collect();
        let html = read(&out().join(format!("reports/{slug}/index.html")));
        for grantee in expected {
            assert!(named.contains(grantee), "{grantee} in {period}");
            let page = format!("engagements/2024/{grantee}/");
            assert!(out().join(&page).join("index.html").is_file(), "{page}");
            assert!(
                html.contains(&format!("href=\"/{page}\"")),
                "{period} links {page}"
            );
        }
    }
    let jenkins = read(&out().join("engagements/2024/jenkins/index.html"));
    assert!(
        jenkins.contains("reports/2024-09/"),
        "engagement pages list the reports that mention them"
    );
}

#[test]
fn upcoming_dates_and_funding_figures_show() {
    let september = read(&out().join("reports/2024-09/index.html"));
    for date in ["2024-11-11", "2024-11-06", "2024-12"] {
        assert!(
            september.contains(&format!("datetime=\"{date}\"")),
            "{date}"
        );
    }
    for label in ["11 November 2024", "6 November 2024", "December 2024"] {
        assert!(september.contains(label), "{label}");
    }
    let q2 = read(&out().join("reports/2024-q2/index.html"));
    for date in ["2024-07-05", "2024-07-25", "2024-08-07", "2024-09"] {
        assert!(q2.contains(&format!("datetime=\"{date}\"")), "{date}");
    }
    assert!(q2.contains("$5,000,000") && q2.contains("$4,000,000"));
    let data = site_json(&out());
    let funding = &report(&data, "2024-Q2")["funding"];
    assert_eq!(
        (funding["received"].as_u64(), funding["spent"].as_u64()),
        (Some(5_000_000), Some(4_000_000))
    );
}

#[test]
fn highlights_and_links_of_the_sources_show() {
    let september = read(&out().join("reports/2024-09/index.html"));
    for fact in [
        "Synacktiv",
        "Upload 2.0 API",
        "TAP16",
        "https://peps.python.org/pep-0694/",
        "Content Security Policy",
    ] {
        assert!(september.contains(fact), "{fact}");
    }
    let q2 = read(&out().join("reports/2024-q2/index.html"));
    for fact in [
        "https://blog.trailofbits.com/2024/05/14/a-peek-into-build-provenance-for-homebrew/",
        "https://ostif.org/wp-content/uploads/2024/05/Kuksaaudit1.2.pdf",
        "https://github.com/trailofbits/publications/blob/master/reviews/2023-09-openssl-securityreview.pdf",
        "AI Library Reviews",
        "Rust for Linux",
        "June-Monthly-2024-Report.pdf",
    ] {
        assert!(q2.contains(fact), "{fact}");
    }
}

#[test]
fn writes_feed_sitemap_robots_404_schema_and_home() {
    let out = out();
    for file in [
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "atom.xml",
        "data/site.json",
        "data/site.schema.json",
        "reports/index.html",
        "engagements/index.html",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    assert!(
        read(&out.join(".well-known/security.txt"))
            .contains("Contact: mailto:info@alpha-omega.dev"),
        "static/ is copied as is"
    );
    let feed = read(&out.join("atom.xml"));
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    assert!(feed.contains("https://alpha-omega.dev/reports/2024-09/"));
    assert!(
        read(&out.join("sitemap.xml")).contains("<loc>https://alpha-omega.dev/okrs/2024/</loc>")
    );
    assert!(read(&out.join("robots.txt")).contains("Sitemap: https://alpha-omega.dev/sitemap.xml"));
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("Alpha-Omega Monthly Report, September 2024"),
        "home shows the latest report"
    );
    assert!(
        home.contains("status-not-measured"),
        "home shows current key-result statuses"
    );
}

#[test]
fn every_page_carries_the_content_security_policy() {
    for (path, bytes) in tree(&out()) {
        if path.ends_with(".html") {
            let html = String::from_utf8(bytes).unwrap();
            assert!(
                html.contains("http-equiv=\"Content-Security-Policy\""),
                "{path}"
            );
            assert!(!html.contains("style=\""), "{path} has an inline style");
        }
    }
}

#[test]
fn building_twice_gives_identical_output() {
    let second = tempfile::tempdir().unwrap();
    build(&repo(), &second.path().join("public"), &[]);
    assert_eq!(tree(&out()), tree(&second.path().join("public")));
}

#[test]
fn internal_links_respect_a_base_url_with_a_sub_path() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(
        &repo(),
        &out,
        &["--base-url", "https://example.org/reports"],
    );
    let html = read(&out.join("reports/2024-09/index.html"));
    assert!(html.contains("href=\"/reports/engagements/2024/jenkins/\""));
    assert!(html.contains("href=\"/reports/static/grantsite.css\""));
    assert!(html.contains("href=\"https://example.org/reports/reports/2024-09/\""));
    assert!(
        !html.contains("alpha-omega.dev/engagements"),
        "no link keeps the program's own base URL"
    );
}

#[test]
fn check_reports_no_errors_on_the_sample_site() {
    let result = grantsite(&["check", "-r", repo().to_str().unwrap()]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}
