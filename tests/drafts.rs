//! Reports marked `draft: true` are built only with `--drafts`.

mod common;

use common::*;

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    std::fs::write(
        site.path().join("content/reports/2024/2024-02.md"),
        "---\ntitle: February 2024\nkind: monthly\nperiod: 2024-02\nsummary: Not yet.\ndraft: true\nokrs:\n  KR1.1: at-risk\n---\n\nWork in progress.\n",
    )
    .unwrap();
    let out = site.path().join("public");

    build(site.path(), &out, &[]);
    assert!(!out.join("reports/2024-02/index.html").exists());
    assert!(!read(&out.join("data/site.json")).contains("February 2024"));
    assert!(!read(&out.join("atom.xml")).contains("February 2024"));

    build(site.path(), &out, &["--drafts"]);
    assert!(out.join("reports/2024-02/index.html").is_file());
    assert!(read(&out.join("data/site.json")).contains("\"draft\": true"));
}

fn site_with_draft(draft_body: &str) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    std::fs::write(
        site.path().join("content/reports/2024/2024-02.md"),
        format!("---\ntitle: February 2024\nkind: monthly\nperiod: 2024-02\nsummary: Not yet.\ndraft: true\n{draft_body}---\n\nWork in progress.\n"),
    )
    .unwrap();
    site
}

fn check(site: &std::path::Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--format", "json", "-r", site.to_str().unwrap()];
    args.extend(extra);
    grantsite(&args)
}

#[test]
fn a_drafts_mistakes_fail_check_without_drafts_flag() {
    let site = site_with_draft("okrs:\n  KR9.9: at-risk\n");
    let out = check(site.path(), &[]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("2024-02.md") && stdout.contains("KR9.9"),
        "{stdout}"
    );
    let public = site.path().join("public");
    assert_eq!(try_build(site.path(), &public).status.code(), Some(1));
}

#[test]
fn a_published_link_to_a_left_out_draft_is_an_error() {
    let site = site_with_draft("");
    let published = site.path().join("content/reports/2024/2024-01.md");
    let text = read(&published) + "\nSee [the next report](2024-02.md).\n";
    std::fs::write(&published, text).unwrap();

    let out = check(site.path(), &[]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("2024-01.md"), "{stdout}");
    // The report is there, so the hint must not say nothing is.
    assert!(
        stdout.contains("2024-02.md is a draft") && !stdout.contains("nothing in the site"),
        "{stdout}"
    );
    assert_eq!(check(site.path(), &["--drafts"]).status.code(), Some(0));
    let public = site.path().join("public");
    assert_eq!(try_build(site.path(), &public).status.code(), Some(1));
    build(site.path(), &public, &["--drafts"]);
}
