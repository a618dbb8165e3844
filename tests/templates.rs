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
    assert!(grantsite(&["theme", "-r", root, "--all"]).status.success());
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

/// `check` renders every page in memory: a template that only fails while rendering (an
/// unknown variable in an overridden layout) fails `check` as it fails `build`.
#[test]
fn a_template_that_fails_to_render_fails_check_too() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let base = site.path().join("templates/base.html");
    let theme = include_str!("../templates/base.html");
    std::fs::write(
        &base,
        theme.replacen("</footer>", "{{ site.tagline_typo }}</footer>", 1),
    )
    .unwrap();
    let root = site.path().to_str().unwrap();
    let check = grantsite(&["check", "-r", root, "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    let problem: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(problem["file"], "templates/base.html", "{stdout}");
    let line = theme.lines().position(|l| l.contains("</footer>")).unwrap() + 1;
    assert_eq!(problem["line"], line, "{stdout}");
    assert!(stdout.contains("tagline_typo"), "{stdout}");
    let human = grantsite(&["check", "-r", root]);
    let stderr = String::from_utf8_lossy(&human.stderr);
    assert!(
        stderr.contains("{{ site.tagline_typo }}"),
        "the template line is shown: {stderr}"
    );
    let out = site.path().join("public");
    assert_eq!(try_build(site.path(), &out).status.code(), Some(1));
}

#[test]
fn a_template_that_does_not_parse_fails_check_at_its_line() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    std::fs::write(site.path().join("templates/report.html"), "ok\n{% if %}\n").unwrap();
    let root = site.path().to_str().unwrap();
    let check = grantsite(&["check", "-r", root, "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    let problem: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(
        (problem["file"].as_str(), problem["line"].as_u64()),
        (Some("templates/report.html"), Some(2)),
        "{stdout}"
    );
}

#[test]
fn a_misnamed_override_fails_check_with_the_name_it_meant() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    std::fs::write(site.path().join("templates/reprot.html"), "mine").unwrap();
    // A partial that an override includes is a template of the site's own, not a mistake.
    std::fs::write(site.path().join("templates/partial.html"), "part").unwrap();
    let report = site.path().join("templates/report.html");
    let text = read(&report) + "{% include \"partial.html\" %}";
    std::fs::write(&report, text).unwrap();
    let root = site.path().to_str().unwrap();
    let check = grantsite(&["check", "-r", root, "--format", "json"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&check.stdout);
    let problem: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    assert_eq!(problem["file"], "templates/reprot.html", "{stdout}");
    assert_eq!(problem["code"], "E0510", "{stdout}");
    assert!(problem["hint"].as_str().unwrap().contains("`report.html`"));
}

#[test]
fn theme_writes_one_file_lists_them_and_refuses_unknown_names() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path().to_str().unwrap();
    let list = grantsite(&["theme", "-r", root]);
    assert!(list.status.success());
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(listed.contains("report.html") && listed.contains("static/grantsite.css"));
    assert!(
        !site.path().join("templates").exists(),
        "listing writes nothing"
    );

    assert!(
        grantsite(&["theme", "-r", root, "report.html"])
            .status
            .success()
    );
    let written: Vec<String> = tree(&site.path().join("templates"))
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    assert_eq!(written, ["report.html"]);
    assert_eq!(
        read(&site.path().join("templates/report.html")),
        include_str!("../templates/report.html")
    );

    let again = grantsite(&["theme", "-r", root, "report.html"]);
    assert_eq!(again.status.code(), Some(2), "never replaces a file");
    let typo = grantsite(&["theme", "-r", root, "reprot.html"]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&typo.stderr).contains("did you mean `report.html`?"));
}
