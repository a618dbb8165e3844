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
