//! Output paths that cannot all exist: files whose names differ only in case (one file on
//! macOS and Windows), a static file that case-folds onto a generated one, and names whose
//! slugs would pass the file system's 255-byte limit. `check` catches each where `build`
//! would fail or lose a file.

mod common;

use common::*;
use serde_json::Value;
use std::path::Path;

const ORG: &str = "content/engagements/2024/OpenRefactory";

fn site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("bad/_base"), site.path());
    site
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn check(root: &Path) -> (Option<i32>, Vec<Value>) {
    let out = grantsite(&["check", "--format", "json", "-r", root.to_str().unwrap()]);
    let problems = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code(), problems)
}

fn assert_the_one_error(root: &Path, file: &str, message: &str) {
    let (code, problems) = check(root);
    assert_eq!(code, Some(1), "{problems:?}");
    let errors: Vec<&Value> = problems
        .iter()
        .filter(|p| p["severity"] == "error")
        .collect();
    assert_eq!(errors.len(), 1, "{problems:?}");
    assert_eq!(errors[0]["file"], file, "{problems:?}");
    let got = errors[0]["message"].as_str().unwrap();
    assert!(got.contains(message), "`{got}` lacks `{message}`");
    let out = root.join("public");
    assert_eq!(try_build(root, &out).status.code(), Some(1));
    assert!(!out.exists(), "nothing is written");
}

#[test]
fn two_updates_that_differ_only_in_case_are_an_error() {
    let site = site();
    let update = "# Update\n\nWork.\n";
    write(site.path(), &format!("{ORG}/Update-2024-09.md"), update);
    write(site.path(), &format!("{ORG}/update-2024-09.md"), update);
    assert_the_one_error(
        site.path(),
        &format!("{ORG}/update-2024-09.md"),
        "differs from content/engagements/2024/OpenRefactory/Update-2024-09.md only in case",
    );
}

#[test]
fn static_files_that_differ_only_in_case_are_one_error() {
    let site = site();
    write(site.path(), "static/Notes.txt", "a");
    write(site.path(), "static/notes.txt", "b");
    assert_the_one_error(site.path(), "static/notes.txt", "only in case");
}

#[test]
fn a_static_file_that_case_folds_onto_a_generated_one_is_an_error() {
    let site = site();
    write(site.path(), "static/Data/Site.json", "{}");
    assert_the_one_error(site.path(), "static/Data/Site.json", "/data/site.json");
}

#[test]
fn an_update_with_a_long_cjk_name_builds_within_file_name_limits() {
    let site = site();
    // 80 characters: 240 bytes on disk, some 300 once transliterated.
    let name = format!("{}.md", "漢字".repeat(40));
    write(
        site.path(),
        &format!("{ORG}/{name}"),
        "# Update September 2024\n\nWork.\n",
    );
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let json = site_json(&out);
    let updates = json["updates"].as_array().unwrap();
    let url = updates
        .iter()
        .find(|u| u["source"].as_str().is_some_and(|s| s.ends_with(&name)))
        .map(|u| u["url"].as_str().unwrap().to_string())
        .expect("the update is published");
    let segment = url.trim_end_matches('/').rsplit('/').next().unwrap();
    assert!(segment.len() <= 80, "{segment}");
    let page = tree(&out)
        .into_iter()
        .any(|(path, _)| path.contains(segment) && path.ends_with("index.html"));
    assert!(page, "its page exists");
}
