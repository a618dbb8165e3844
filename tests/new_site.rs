//! `grantsite new` makes a site that passes `check` and builds, and never writes into a
//! folder that already has files.

mod common;

use common::*;

#[test]
fn a_new_site_checks_clean_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let site_arg = site.to_str().unwrap();
    assert!(grantsite(&["new", site_arg]).status.success());
    let check = grantsite(&["check", "--deny-warnings", "-r", site_arg]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    build(&site, &site.join("public"), &[]);
    assert!(
        site.join("public/engagements/2025/example-project/update-2025-01/index.html")
            .is_file()
    );
}

#[test]
fn new_refuses_a_folder_with_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("keep.txt"), "mine").unwrap();
    let result = grantsite(&["new", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(read(&dir.path().join("keep.txt")), "mine");
}
