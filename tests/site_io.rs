//! What grantsite reads from the site folder: a symlink that leads out of the folder it is in
//! (to `.git/config`, `.env`, `/etc/passwd`, a file outside the site) is an error in `check`
//! and `build`, and nothing it points at is ever published; junk in `templates/` and `static/`
//! is skipped; a `static/` file may not replace a file the build writes.
//! Symlinks cannot live in git, so each case makes its own at run time.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const SECRET: &str = "ghs_CI_TOKEN_THAT_MUST_NOT_LEAK";

/// A copy of the small valid site, with a checkout's secrets beside its folders.
fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("bad/_base"), site.path());
    let git = site.path().join(".git");
    std::fs::create_dir_all(&git).unwrap();
    std::fs::write(
        git.join("config"),
        format!("[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n"),
    )
    .unwrap();
    std::fs::write(site.path().join(".env"), format!("TOKEN={SECRET}\n")).unwrap();
    site
}

#[cfg(unix)]
fn link(target: impl AsRef<Path>, at: &Path) {
    std::fs::create_dir_all(at.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, at).unwrap();
}

/// `check --format json`: the exit code and every diagnostic.
fn check(root: &Path) -> (Option<i32>, Vec<Value>) {
    let out = grantsite(&["check", "--format", "json", "-r", root.to_str().unwrap()]);
    let diagnostics = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    (out.status.code(), diagnostics)
}

/// `check` and every way of running `build` fail naming `file`, and no byte of the secret
/// reaches an output folder or the console.
fn assert_refused(root: &Path, file: &str, message: &str) {
    let (code, diagnostics) = check(root);
    assert_eq!(code, Some(1), "check: {diagnostics:?}");
    let named: Vec<&Value> = diagnostics.iter().filter(|d| d["file"] == file).collect();
    assert_eq!(named.len(), 1, "check names {file}: {diagnostics:?}");
    assert_eq!(named[0]["severity"], "error");
    assert_eq!(named[0]["message"], message);
    assert!(!named[0]["hint"].as_str().unwrap_or_default().is_empty());

    let outputs = tempfile::tempdir().unwrap();
    let runs: [&[&str]; 3] = [
        &[],
        &["--force"],
        &["--force", "--drafts", "-u", "https://preview.example/"],
    ];
    for (i, extra) in runs.iter().enumerate() {
        let out = outputs.path().join(format!("public-{i}"));
        let mut args = vec![
            "build",
            "-r",
            root.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ];
        args.extend(*extra);
        let result = grantsite(&args);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(1), "build {extra:?}: {stderr}");
        assert!(
            stderr.contains(file),
            "build {extra:?} names {file}: {stderr}"
        );
        assert!(!out.exists(), "build {extra:?} wrote nothing");
        let console = [result.stdout, result.stderr].concat();
        assert!(!String::from_utf8_lossy(&console).contains(SECRET));
    }
    for (rel, bytes) in tree(outputs.path()) {
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{rel}");
    }
}

#[cfg(unix)]
#[test]
fn a_grantee_link_to_the_git_config_fails_check_and_build() {
    let site = site();
    let org = site.path().join("content/engagements/2024/OpenRefactory");
    link("../../../../.git/config", &org.join("logo.png"));
    assert_refused(
        site.path(),
        "content/engagements/2024/OpenRefactory/logo.png",
        "symlink to `../../../../.git/config` leads outside content/; not followed",
    );
}

#[cfg(unix)]
#[test]
fn a_grantee_link_to_the_git_folder_or_env_fails_check_and_build() {
    let site = site();
    let org = site.path().join("content/engagements/2024/OpenRefactory");
    link("../../../../.git", &org.join("pics"));
    assert_refused(
        site.path(),
        "content/engagements/2024/OpenRefactory/pics",
        "symlink to `../../../../.git` leads outside content/; not followed",
    );
    std::fs::remove_file(org.join("pics")).unwrap();
    link("../../../../.env", &org.join("notes.txt"));
    assert_refused(
        site.path(),
        "content/engagements/2024/OpenRefactory/notes.txt",
        "symlink to `../../../../.env` leads outside content/; not followed",
    );
}

#[cfg(unix)]
#[test]
fn a_static_link_to_a_file_outside_the_site_fails_check_and_build() {
    let outside = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(outside.path(), SECRET).unwrap();
    let site = site();
    link(outside.path(), &site.path().join("static/key.txt"));
    assert_refused(
        site.path(),
        "static/key.txt",
        &format!(
            "symlink to `{}` leads outside static/; not followed",
            outside.path().display()
        ),
    );
}

#[cfg(unix)]
#[test]
fn a_theme_file_linked_to_etc_passwd_fails_check_and_build() {
    let site = site();
    link(
        "/etc/passwd",
        &site.path().join("templates/static/grantsite.css"),
    );
    assert_refused(
        site.path(),
        "templates/static/grantsite.css",
        "symlink to `/etc/passwd` leads outside templates/; not followed",
    );
}

#[cfg(unix)]
#[test]
fn a_static_folder_linked_out_of_the_site_fails_check_and_build() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("id_rsa"), SECRET).unwrap();
    let site = site();
    link(outside.path(), &site.path().join("static"));
    assert_refused(
        site.path(),
        "static",
        &format!(
            "`static` is a symlink to `{}`, outside the site folder; not read",
            outside.path().canonicalize().unwrap().display()
        ),
    );
    std::fs::remove_file(site.path().join("static")).unwrap();
    link(".git", &site.path().join("static"));
    assert_refused(
        site.path(),
        "static",
        "`static` is a symlink to `.git`, a hidden folder; not read",
    );
}

#[cfg(unix)]
#[test]
fn content_linked_to_a_folder_inside_the_site_builds() {
    let site = site();
    std::fs::create_dir_all(site.path().join("data")).unwrap();
    std::fs::rename(
        site.path().join("content"),
        site.path().join("data/content"),
    )
    .unwrap();
    link("data/content", &site.path().join("content"));
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(out.join("reports/2024-09/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn links_that_stay_inside_static_are_copied_from_their_target() {
    let site = site();
    let dir = site.path().join("static");
    std::fs::create_dir_all(dir.join("img")).unwrap();
    std::fs::write(dir.join("img/logo.png"), "png").unwrap();
    link("img/logo.png", &dir.join("logo.png"));
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert_eq!(read(&out.join("logo.png")), "png");
    assert!(!out.join("logo.png").is_symlink(), "a copy, not a link");
}

#[test]
fn junk_in_templates_and_static_is_skipped() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    // A real .DS_Store is binary: read as a template, it failed the build.
    let ds_store = b"\0\0\0\x01Bud1\0\0\x10\0\xff\xfe";
    for junk in [
        "templates/.DS_Store",
        "templates/report.html~",
        "templates/static/.DS_Store",
        "static/.DS_Store",
        "static/Thumbs.db",
        "static/notes.txt~",
        "static/.git/config",
    ] {
        let path = site.path().join(junk);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, ds_store).unwrap();
    }
    std::fs::write(site.path().join("static/kept.txt"), "kept").unwrap();
    let (code, diagnostics) = check(site.path());
    assert_eq!((code, diagnostics.len()), (Some(0), 0), "{diagnostics:?}");
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert_eq!(read(&out.join("kept.txt")), "kept");
    for (rel, bytes) in tree(&out) {
        assert_ne!(bytes, ds_store, "{rel} is junk");
    }
    assert!(
        read(&out.join("reports/2024-01/index.html")).contains("OVERRIDDEN REPORT TEMPLATE"),
        "the site's own templates still apply"
    );
}

#[test]
fn a_static_file_may_not_replace_a_generated_page_or_theme_file() {
    let site = site();
    for file in [
        "static/index.html",
        "static/reports/index.html",
        "static/static/grantsite.css",
        "static/atom.xml",
        "static/reports/2024-09/chart.png",
    ] {
        let path = site.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, "mine").unwrap();
    }
    let (code, diagnostics) = check(site.path());
    assert_eq!(code, Some(1));
    let got: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d["file"].as_str().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "static/atom.xml",
                "would replace `/atom.xml`, which the build writes"
            ),
            (
                "static/index.html",
                "would replace `/index.html`, which the build writes"
            ),
            (
                "static/reports/index.html",
                "would replace `/reports/index.html`, which the build writes"
            ),
            (
                "static/static/grantsite.css",
                "would replace the theme's `/static/grantsite.css`, which the build writes"
            ),
        ]
    );
    assert!(
        diagnostics[3]["hint"]
            .as_str()
            .unwrap()
            .contains("templates/static/grantsite.css")
    );
    let out = site.path().join("public");
    assert_eq!(try_build(site.path(), &out).status.code(), Some(1));
    assert!(!out.exists());
}

#[test]
fn a_template_that_is_not_text_fails_check_as_well_as_build() {
    let site = site();
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(site.path().join("templates/report.html"), b"<p>\xff</p>").unwrap();
    let (code, diagnostics) = check(site.path());
    assert_eq!(code, Some(1));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["file"], "templates/report.html");
    assert_eq!(
        diagnostics[0]["message"],
        "file is not valid UTF-8 (byte 0xff)"
    );
    let out = site.path().join("public");
    assert_eq!(try_build(site.path(), &out).status.code(), Some(1));
}

#[test]
fn a_theme_file_the_theme_does_not_have_is_a_warning_and_not_published() {
    let site = site();
    let path = site.path().join("templates/static/logo.png");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "png").unwrap();
    let (code, diagnostics) = check(site.path());
    assert_eq!(code, Some(0));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert_eq!(diagnostics[0]["severity"], "warning");
    assert_eq!(diagnostics[0]["file"], "templates/static/logo.png");
    assert!(
        diagnostics[0]["hint"]
            .as_str()
            .unwrap()
            .contains("static/static/logo.png")
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(!out.join("static/logo.png").exists());
}
