//! A failed build never touches the previous output, and the output can never be a folder
//! whose loss would destroy data.

mod common;

use common::*;
use grantsite::output::Replace;
use grantsite::render::Rendered;
use std::path::Path;

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

/// Names grantsite gives its own folders beside the output, by this or an earlier version,
/// but the trash: the previous build, which the next build deletes while it renders.
fn staging_beside(out: &Path) -> Vec<String> {
    let parent = out.parent().unwrap();
    let trash = format!(
        ".{}.grantsite-trash",
        out.file_name().unwrap().to_string_lossy()
    );
    std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".grantsite-") && *n != trash)
        .collect()
}

/// The sample site with `content` a symlink to `data/content`, as a site that keeps its content
/// in a submodule or a shared checkout would have it.
#[cfg(unix)]
fn site_with_linked_content() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&repo().join("content"), &dir.path().join("data/content"));
    std::os::unix::fs::symlink("data/content", dir.path().join("content")).unwrap();
    dir
}

#[cfg(unix)]
fn assert_refused(site: &Path, target: &Path, extra: &[&str]) {
    let content_before = tree(&site.join("data/content"));
    let mut args = vec![
        "build",
        "-r",
        site.to_str().unwrap(),
        "-o",
        target.to_str().unwrap(),
    ];
    args.extend(extra);
    let result = grantsite(&args);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(
        result.status.code(),
        Some(2),
        "{}: {stderr}",
        target.display()
    );
    assert!(stderr.contains("refusing to write"), "{stderr}");
    assert!(
        stderr.contains("content"),
        "names the content folder: {stderr}"
    );
    assert_eq!(tree(&site.join("data/content")), content_before);
}

#[cfg(unix)]
#[test]
fn refuses_an_output_inside_content_reached_through_a_content_symlink() {
    let site = site_with_linked_content();
    let target = site.path().join("data/content/public");
    assert_refused(site.path(), &target, &[]);
    assert!(!target.exists(), "nothing was written into the content");
}

#[cfg(unix)]
#[test]
fn refuses_an_output_holding_linked_content_even_with_force() {
    let site = site_with_linked_content();
    assert_refused(site.path(), &site.path().join("data"), &["--force"]);
    // The same folder reached by a relative path with `..` from the current folder.
    let relative = std::path::PathBuf::from(format!(
        "{}/content/../..",
        site.path().join("data").display()
    ));
    assert_refused(site.path(), &relative, &["--force"]);
}

#[cfg(unix)]
#[test]
fn refuses_an_output_that_is_a_symlink_into_the_content_even_with_force() {
    let site = site_with_linked_content();
    let link = site.path().join("public");
    std::os::unix::fs::symlink("data/content", &link).unwrap();
    assert_refused(site.path(), &link, &["--force"]);
    assert!(link.is_symlink());
}

#[test]
fn refuses_an_output_that_holds_the_site_even_with_force() {
    let site = sample_copy();
    let content_before = tree(&site.path().join("content"));
    let above = site.path().join("..");
    let result = grantsite(&[
        "build",
        "-r",
        site.path().to_str().unwrap(),
        "-o",
        above.to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("holds the site folder"), "{stderr}");
    assert_eq!(tree(&site.path().join("content")), content_before);
}

#[test]
fn a_build_marks_its_output_and_replaces_a_marked_folder() {
    let site = sample_copy();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(read(&out.join(".grantsite-output")).contains("grantsite"));
    std::fs::write(out.join("stray.txt"), "from an earlier build").unwrap();
    build(site.path(), &out, &[]);
    assert!(
        !out.join("stray.txt").exists(),
        "the output is replaced as a whole"
    );
}

#[test]
fn a_folder_with_only_a_site_json_lookalike_is_not_taken_for_an_earlier_build() {
    let site = sample_copy();
    let theirs = site.path().join("documents");
    std::fs::create_dir_all(theirs.join("data")).unwrap();
    std::fs::write(
        theirs.join("data/site.json"),
        "{\n  \"generator\": \"grantsite 0.1.0\"\n}\n",
    )
    .unwrap();
    std::fs::write(theirs.join("thesis.txt"), "years of work").unwrap();
    let refused = try_build(site.path(), &theirs);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains(".grantsite-output"), "{stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(read(&theirs.join("thesis.txt")), "years of work");
}

/// The sample site plus `extra` generated grantees with an update each: big enough that a
/// build spends a while writing.
fn larger_site(extra: usize) -> tempfile::TempDir {
    let site = sample_copy();
    for i in 0..extra {
        let dir = site
            .path()
            .join(format!("content/engagements/2024/Gen {i:03}"));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("README.md"),
            format!(
                "---\ngrantee: \"Gen {i:03}\"\necosystems: [Python]\nstatus: active\nhomepage: https://example.org/{i}\n---\n\nGenerated grantee {i}.\n"
            ),
        )
        .unwrap();
        std::fs::write(
            dir.join("update-2024-09.md"),
            format!("# Gen {i:03} Update - September 2024\n\nThis month, step {i}.\n"),
        )
        .unwrap();
    }
    site
}

#[cfg(unix)]
#[test]
fn builds_killed_midway_leave_no_staging_behind_once_a_build_completes() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let site = larger_site(300);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let mut killed_while_writing = 0;
    for round in 0..8u64 {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grantsite"))
            .args(["build", "-r", site.path().to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        // Kill once the staging folder appears, a little later each round so that some kills
        // land during the swap too.
        while staging_beside(&out).is_empty()
            && child.try_wait().unwrap().is_none()
            && started.elapsed() < Duration::from_secs(60)
        {
            std::thread::sleep(Duration::from_millis(1));
        }
        std::thread::sleep(Duration::from_millis(round * 4));
        if child.try_wait().unwrap().is_none() {
            killed_while_writing += 1;
            if round % 2 == 0 {
                child.kill().unwrap();
            } else {
                let pid = child.id().to_string();
                assert!(
                    Command::new("kill")
                        .args(["-INT", &pid])
                        .status()
                        .unwrap()
                        .success()
                );
            }
        }
        child.wait().unwrap();
        assert!(
            out.join("index.html").is_file() && out.join(".grantsite-output").is_file(),
            "round {round}: an interrupted build leaves a complete output in place"
        );
    }
    assert!(
        killed_while_writing > 0,
        "no build was interrupted; the site is too small"
    );

    build(site.path(), &out, &[]);
    assert_eq!(
        staging_beside(&out),
        Vec::<String>::new(),
        "stale staging is removed"
    );
    let fresh = site.path().join("fresh");
    build(site.path(), &fresh, &[]);
    assert!(tree(&out) == tree(&fresh), "the output is a complete build");
}

#[test]
fn two_builds_at_once_to_one_output_both_succeed_and_leave_a_complete_build() {
    use std::process::{Command, Stdio};
    let site = larger_site(100);
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let builds: Vec<_> = (0..2)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_grantsite"))
                .args(["build", "-r", site.path().to_str().unwrap()])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in builds {
        let result = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert!(result.status.success(), "{stderr}");
    }
    assert_eq!(staging_beside(&out), Vec::<String>::new());
    let fresh = site.path().join("fresh");
    build(site.path(), &fresh, &[]);
    assert!(tree(&out) == tree(&fresh), "the output is a complete build");
}
