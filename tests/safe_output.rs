//! A failed build never touches the previous output, and the output can never be a folder
//! whose loss would destroy data.

mod common;

use common::*;
use grantsite::output::Replace;
use grantsite::render::Rendered;

fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("content"));
    dir
}

#[test]
fn a_build_with_content_errors_leaves_the_previous_output_byte_for_byte() {
    let site = sample_copy();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let before = tree(&out);

    let broken = site.path().join("content/reports/2024/2024-10.md");
    std::fs::write(
        &broken,
        "---\ntitle: October\nkind: monthly\nperiod: 2024-10\nokrs:\n  KR1.1: Done\n---\n",
    )
    .unwrap();
    let result = try_build(site.path(), &out);
    assert_eq!(result.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("content/reports/2024/2024-10.md:6:10"),
        "{stderr}"
    );
    assert_eq!(tree(&out), before, "the previous output is untouched");
}

#[test]
fn a_write_failure_midway_leaves_the_previous_output_and_no_debris() {
    let site = sample_copy();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let before = tree(&out);

    // `a` as a file and `a/b` as a file cannot both be written: the write fails halfway.
    let mut rendered = Rendered::default();
    rendered.files.insert("a".into(), b"file".to_vec());
    rendered
        .files
        .insert("a/b".into(), b"under a file".to_vec());
    rendered.files.insert("z.html".into(), b"late".to_vec());
    let result = grantsite::output::write(site.path(), &rendered, &out, Replace::OwnOutput);
    assert!(result.is_err());
    assert_eq!(tree(&out), before, "the previous output is untouched");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("grantsite-"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders are cleaned up: {leftovers:?}"
    );
}

#[test]
fn refuses_to_write_over_the_content_or_the_site_itself() {
    let site = sample_copy();
    let root = site.path().to_str().unwrap().to_string();
    let content_before = tree(&site.path().join("content"));
    for target in [
        format!("{root}/content"),
        root.clone(),
        format!("{root}/content/x"),
        "/".to_string(),
    ] {
        let result = grantsite(&["build", "-r", &root, "-o", &target]);
        assert_eq!(result.status.code(), Some(2), "{target}");
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(stderr.contains("refusing to write"), "{target}: {stderr}");
    }
    assert_eq!(tree(&site.path().join("content")), content_before);
}

#[test]
fn exit_codes_follow_the_documented_contract() {
    let missing = grantsite(&["build", "-r", "/nonexistent/site"]);
    assert_eq!(
        missing.status.code(),
        Some(2),
        "no site folder is an I/O error"
    );
    let usage = grantsite(&["build", "--no-such-flag"]);
    assert_eq!(usage.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn refuses_to_replace_a_folder_that_is_not_an_earlier_build_unless_forced() {
    let site = sample_copy();
    let root = site.path().to_str().unwrap();
    let theirs = site.path().join("documents");
    std::fs::create_dir(&theirs).unwrap();
    std::fs::write(theirs.join("thesis.txt"), "years of work").unwrap();
    let target = theirs.to_str().unwrap();

    let refused = grantsite(&["build", "-r", root, "-o", target]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(read(&theirs.join("thesis.txt")), "years of work");

    let forced = grantsite(&["build", "-r", root, "-o", target, "--force"]);
    assert!(forced.status.success());
    assert!(theirs.join("index.html").is_file());
    // From now on it is a grantsite build, replaced without --force.
    build(site.path(), &theirs, &[]);
}
