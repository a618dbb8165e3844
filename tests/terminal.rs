//! `check`'s human output goes to a terminal, and what it quotes comes from grantees' pull
//! requests: file names, source lines and values must reach it escaped, and a huge line must
//! not flood it. The JSON output keeps the exact text. The hostile files are made at run time:
//! git should not have to hold a file name with an escape sequence and a newline in it.

mod common;

use common::{copy_tree, fixture, grantsite};
use serde_json::Value;
use std::path::Path;

const REPORT: &str = "content/reports/2024/2024-09.md";
const FOLDER: &str = "content/engagements/2024/OpenRefactory";

/// A copy of the small valid site of tests/fixtures/bad/_base.
fn base_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixture("bad/_base"), dir.path());
    dir
}

fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

fn run(args: &[&str], root: &Path) -> Run {
    let mut all = args.to_vec();
    all.extend(["-r", root.to_str().unwrap()]);
    let out = grantsite(&all);
    Run {
        code: out.status.code(),
        stdout: out.stdout,
        stderr: out.stderr,
    }
}

/// What a terminal would act on: ESC, the one-byte CSI (U+009B, in UTF-8 or raw), a bare CR,
/// a bidi override.
fn assert_terminal_safe(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    for (name, bad) in [
        ("ESC", "\x1b"),
        ("CSI", "\u{9b}"),
        ("CR", "\r"),
        ("BEL", "\x07"),
        ("RLO", "\u{202e}"),
    ] {
        assert!(!text.contains(bad), "{what} carries a raw {name}:\n{text}");
    }
    assert!(!bytes.contains(&0x9b), "{what} carries a raw 0x9b byte");
}

#[test]
fn check_escapes_file_names_source_lines_and_values() {
    let site = base_site();
    let root = site.path();
    let name = "update-2024-08\x1b[31m\nfake\r.md";
    std::fs::write(
        root.join(FOLDER).join(name),
        "# Update\n\nSee \x1b]0;pwned\x07 \u{9b}2J [x](missing.md).\n",
    )
    .unwrap();
    replace_in(
        &root.join(REPORT),
        "KR1.1: On target",
        "KR1.1: \"Done\u{202e}\"",
    );

    let human = run(&["check"], root);
    assert_eq!(human.code, Some(1));
    assert_terminal_safe("stdout", &human.stdout);
    assert_terminal_safe("stderr", &human.stderr);
    let text = String::from_utf8_lossy(&human.stderr);
    for shown in [
        // The file name in the snippet header, on one line.
        "update-2024-08\\u{1b}[31m\\nfake\\r.md:3:",
        // The source line.
        "See \\u{1b}]0;pwned\\u{7} \\u{9b}2J [x](missing.md).",
        // A value quoted in a message, and its line.
        "unknown status `Done\\u{202e}`",
        "KR1.1: \"Done\\u{202e}\"",
    ] {
        assert!(text.contains(shown), "no `{shown}` in\n{text}");
    }
    assert!(!text.contains("\nfake"), "{text}");

    let json = run(&["check", "--format", "json"], root);
    let files: Vec<String> = String::from_utf8_lossy(&json.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["file"].to_string())
        .collect();
    let exact = Value::String(format!("{FOLDER}/{name}")).to_string();
    assert!(files.contains(&exact), "{exact} not in {files:?}");

    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    let build = run(&["build", "-o", public.to_str().unwrap()], root);
    assert_eq!(build.code, Some(1));
    assert_terminal_safe("build's stderr", &build.stderr);
}

#[test]
fn check_cuts_a_150_kb_line_to_a_window_with_the_true_position() {
    let site = base_site();
    let root = site.path();
    let long = "é".repeat(75_000);
    // A 150 KB value, which the message quotes too.
    replace_in(
        &root.join(REPORT),
        "kind: monthly",
        &format!("kind: {long}"),
    );
    let huge = run(&["check"], root);
    assert_eq!(huge.code, Some(1));
    let text = String::from_utf8_lossy(&huge.stderr);
    assert!(text.len() < 4_000, "{} bytes:\n{text}", text.len());
    assert!(text.contains(&format!("{REPORT}:3:7")), "{text}");
    assert!(text.contains("3 │ kind: éé"), "{text}");
    assert!(text.contains("éé…\n"), "{text}");
    assert!(text.contains(&format!("^{}\n", "^".repeat(100))), "{text}");
    assert!(!text.contains(&"^".repeat(200)), "{text}");

    let json = run(&["check", "--format", "json"], root);
    let first: Value = serde_json::from_slice(json.stdout.split(|&b| b == b'\n').next().unwrap())
        .expect("a JSON line");
    assert_eq!(first["line"], 3, "{first}");
    assert!(
        first["message"].as_str().unwrap().len() > 150_000,
        "the JSON output keeps the whole message"
    );
}

#[test]
fn check_cuts_a_long_line_around_a_span_far_into_it() {
    let site = base_site();
    let root = site.path();
    let long = "漢".repeat(50_000);
    replace_in(
        &root.join(REPORT),
        "KR1.1: On target",
        &format!("KR1.1: {{ note: \"{long}\", status: Done }}"),
    );
    let huge = run(&["check"], root);
    assert_eq!(huge.code, Some(1));
    let text = String::from_utf8_lossy(&huge.stderr);
    assert!(text.len() < 4_000, "{} bytes:\n{text}", text.len());
    let column = format!("  KR1.1: {{ note: \"{long}\", status: ")
        .chars()
        .count()
        + 1;
    assert!(text.contains(&format!("{REPORT}:8:{column}")), "{text}");
    assert!(text.contains("8 │ …漢漢"), "{text}");
    assert!(text.contains("\", status: Done }"), "{text}");
}
