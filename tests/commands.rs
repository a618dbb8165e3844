//! The small commands and the console contract: `completions`, `man`, the one summary line of
//! a build and `--quiet`, which prints problems and nothing else.

mod common;

use common::*;
use std::path::Path;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn new_site(dir: &Path) -> std::path::PathBuf {
    let site = dir.join("site");
    assert!(
        grantsite(&["init", site.to_str().unwrap()])
            .status
            .success()
    );
    site
}

/// A grantee's broken link: a warning, the site still builds.
fn add_warning(site: &Path) {
    let profile = std::fs::read_dir(site.join("content/engagements"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("Example Project/README.md");
    let text = read(&profile) + "\nSee [the plan](plan.md).\n";
    std::fs::write(&profile, text).unwrap();
}

#[test]
fn completions_are_printed_for_each_shell() {
    for (shell, mark) in [
        ("bash", "_grantsite()"),
        ("zsh", "#compdef grantsite"),
        ("fish", "complete -c grantsite"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "grantsite"),
    ] {
        let out = grantsite(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(mark), "{shell}: {script}");
        assert!(script.contains("build"), "{shell} completes the commands");
    }
}

#[test]
fn completions_refuse_an_unknown_shell() {
    assert_eq!(grantsite(&["completions", "tcsh"]).status.code(), Some(2));
}

#[test]
fn the_man_page_is_roff_naming_every_command() {
    let out = grantsite(&["man"]);
    assert!(out.status.success());
    let page = stdout(&out);
    assert!(page.contains("\n.TH grantsite 1 "), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for command in ["build", "check", "init", "theme", "completions"] {
        assert!(
            page.contains(&format!("grantsite\\-{command}")),
            "{command}"
        );
    }
}

#[test]
fn a_build_prints_one_line_with_the_pages_of_each_kind() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    add_warning(&site);
    let out = build(&site, &dir.path().join("out"), &[]);
    let line = stdout(&out);
    assert_eq!(line.lines().count(), 1, "{line}");
    let kinds = "(1 report, 1 engagement, 1 update, 1 grantee, ";
    assert!(line.starts_with("built ") && line.contains(kinds), "{line}");
    let number = |after: &str| -> usize {
        let rest = &line[line.find(after).unwrap() + after.len()..];
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(
        number("built "),
        4 + number(kinds),
        "the kinds add up: {line}"
    );
    assert!(line.contains(" ms, 1 warning(s)\n"), "{line}");
}

#[test]
fn quiet_prints_nothing_for_a_clean_site() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    let root = site.to_str().unwrap();
    let out_dir = dir.path().join("out");
    for args in [
        vec![
            "build",
            "--quiet",
            "-r",
            root,
            "-o",
            out_dir.to_str().unwrap(),
        ],
        vec!["check", "-q", "-r", root],
    ] {
        let out = grantsite(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!((stdout(&out), stderr(&out)), (String::new(), String::new()));
    }
    assert!(out_dir.join("index.html").is_file());
}

#[test]
fn quiet_still_prints_problems() {
    let dir = tempfile::tempdir().unwrap();
    let site = new_site(dir.path());
    add_warning(&site);
    let root = site.to_str().unwrap();
    let out_dir = dir.path().join("out");
    for args in [
        vec!["build", "-q", "-r", root, "-o", out_dir.to_str().unwrap()],
        vec!["check", "--quiet", "-r", root],
    ] {
        let out = grantsite(&args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out), "", "{args:?}");
        let problems = stderr(&out);
        assert!(
            problems.contains("warning") && problems.contains("plan.md"),
            "{problems}"
        );
        assert!(!problems.contains("check: "), "no summary: {problems}");
    }
}

#[test]
fn quiet_and_verbose_do_not_go_together() {
    let out = grantsite(&["build", "-q", "-v"]);
    assert_eq!(out.status.code(), Some(2));
}
