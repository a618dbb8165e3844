//! A site's own templates replace the default theme's by name; the rest stay default.

mod common;

use common::*;

#[test]
fn a_site_template_overrides_the_default_of_the_same_name_only() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&fixture("override"), &out, &[]);
    let report = read(&out.join("reports/2024-01/index.html"));
    assert!(
        report.contains("OVERRIDDEN REPORT TEMPLATE: January 2024"),
        "{report}"
    );
    let home = read(&out.join("index.html"));
    assert!(
        !home.contains("OVERRIDDEN"),
        "other pages keep the default theme"
    );
    assert!(
        home.contains("Content-Security-Policy"),
        "the default layout still applies"
    );
}

#[test]
fn a_broken_site_template_names_the_template_and_the_field() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    std::fs::write(
        site.path().join("templates/report.html"),
        "{{ report.nosuchfield }}",
    )
    .unwrap();
    let out = site.path().join("public");
    let result = try_build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("report.html:1:11"), "{stderr}");
    assert!(
        stderr.contains("Field `nosuchfield` is not defined"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn the_ejected_theme_builds_and_its_stylesheet_replaces_the_default() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let root = site.path().to_str().unwrap();
    assert!(grantsite(&["theme", "-r", root]).status.success());
    assert!(
        read(&site.path().join("templates/report.html")).contains("OVERRIDDEN"),
        "kept the site's own file"
    );
    std::fs::write(
        site.path().join("templates/static/grantsite.css"),
        "/* mine */",
    )
    .unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert_eq!(read(&out.join("static/grantsite.css")), "/* mine */");
    assert!(read(&out.join("index.html")).contains("Content-Security-Policy"));
}
