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
