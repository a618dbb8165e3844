//! Hostile grantee updates, made at run time (megabytes that git should not hold): input built
//! to cost quadratic time must fail or pass quickly, with `check` and `build` agreeing, and text
//! that would break the XML feeds or put control characters in pages must be refused, or made
//! harmless, as docs/format.md says. Timing is only guarded against hangs here; the growth
//! figures are measured by bench/pathological.py.

mod common;

use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const UPDATE: &str = "content/engagements/2024/OpenRefactory/2024-09.md";

/// The small valid site of the bad-input suite, with `files` (path, text) added or replaced.
fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    common::copy_tree(&common::fixture("bad/_base"), dir.path());
    for (rel, text) in files {
        let path = dir.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
    dir
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// Runs the binary with a generous ceiling that only catches a hang or a quadratic blow-up (the
/// quadratic cases took minutes; a debug build on a loaded 2-core machine takes seconds). The
/// real figures come from bench/pathological.py.
fn run(args: &[&str], root: &Path) -> Run {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(args)
        .arg("-r")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run grantsite");
    let elapsed = started.elapsed();
    let run = Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(
        elapsed < Duration::from_secs(45),
        "grantsite {args:?} took {elapsed:?}"
    );
    run
}

fn check(root: &Path) -> (i32, Vec<Value>) {
    let run = run(&["check", "--format", "json"], root);
    let diagnostics = run
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per line"))
        .collect();
    (run.code, diagnostics)
}

fn build(root: &Path) -> (Run, PathBuf) {
    let out = root.join("public");
    (run(&["build", "-o", out.to_str().unwrap()], root), out)
}

/// `check` gives exactly one error, at `line` (and `column`) of `file`, with `message`; `build`
/// fails too, naming it.
fn assert_one_error(root: &Path, file: &str, line: u64, column: u64, message: &str) {
    let (code, diagnostics) = check(root);
    assert_eq!(code, 1, "{diagnostics:?}");
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!(
        (
            d["severity"].as_str(),
            d["file"].as_str(),
            d["line"].as_u64(),
            d["column"].as_u64(),
            d["message"].as_str()
        ),
        (
            Some("error"),
            Some(file),
            Some(line),
            Some(column),
            Some(message)
        ),
        "{d}"
    );
    assert!(d["hint"].as_str().is_some_and(|h| !h.is_empty()), "{d}");
    let (built, out) = build(root);
    assert_eq!(built.code, 1, "build must fail where check does");
    assert!(built.stderr.contains(message), "{}", built.stderr);
    assert!(!out.exists(), "a failed build writes no output");
}

#[test]
fn a_front_matter_of_150_000_open_brackets_is_one_error_at_the_limit() {
    let update = format!(
        "---\ntitle: x\nperiod: {}\n---\n\nText.\n",
        "[".repeat(150_000)
    );
    let site = site(&[(UPDATE, &update)]);
    // `period:` is on line 3, its first `[` in column 9. A run of `[` this long is refused
    // where the YAML scanner stops, at its own limit of 255 open brackets.
    assert_one_error(
        site.path(),
        UPDATE,
        3,
        9 + 255,
        "the YAML nests lists and mappings more than 32 levels deep",
    );
}

#[test]
fn deep_flow_mappings_and_block_nesting_are_refused_too() {
    let flow = format!("---\ntitle: x\nperiod: {}\n---\n", "{a: ".repeat(50_000));
    let block: String = (0..40).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    let block = format!("---\ntitle: x\nauthors:\n{block}---\n");
    for update in [flow, block] {
        let site = site(&[(UPDATE, &update)]);
        let (code, diagnostics) = check(site.path());
        assert_eq!((code, diagnostics.len()), (1, 1), "{diagnostics:?}");
        assert!(
            diagnostics[0]["message"]
                .as_str()
                .unwrap()
                .contains("levels deep")
        );
        assert_eq!(build(site.path()).0.code, 1);
    }
}

#[test]
fn three_hundred_thousand_unclosed_divs_build_as_check_says() {
    let update = format!(
        "---\ntitle: Divs\nperiod: 2024-09\n---\n\n{}still here\n",
        "<div>".repeat(300_000)
    );
    let site = site(&[(UPDATE, &update)]);
    let (code, diagnostics) = check(site.path());
    assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:?}");
    let (built, out) = build(site.path());
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = find_page(&out, "still here");
    assert!(page.matches("<div").count() < 100, "depth is bounded");
}

#[test]
fn deep_markdown_in_a_page_with_raw_html_builds_quickly() {
    for body in [
        format!("{} quoted <br>\n", ">".repeat(100_000)),
        format!("{}listed <br>\n", "- ".repeat(50_000)),
    ] {
        let update = format!("---\ntitle: Deep\nperiod: 2024-09\n---\n\n{body}");
        let site = site(&[(UPDATE, &update)]);
        assert_eq!(check(site.path()).0, 0);
        let (built, _) = build(site.path());
        assert_eq!(built.code, 0, "{}", built.stderr);
    }
}

/// The first HTML page under `out` that contains `needle`.
fn find_page(out: &Path, needle: &str) -> String {
    files(out, "html")
        .into_iter()
        .map(|p| fs::read_to_string(p).unwrap())
        .find(|page| page.contains(needle))
        .unwrap_or_else(|| panic!("no page holds {needle:?}"))
}

fn files(dir: &Path, ext: &str) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect()
}

#[test]
fn control_characters_are_refused_where_they_are_written() {
    let cases: &[(&str, &str, u64, u64, &str)] = &[
        (
            "---\ntitle: \"Page\\x0cbreak\"\nperiod: 2024-09\n---\n",
            UPDATE,
            2,
            13,
            "the escape `\\x0c` stands for control character U+000C",
        ),
        (
            "---\ntitle: \"\\e[31mRed\"\nperiod: 2024-09\n---\n",
            UPDATE,
            2,
            9,
            "the escape `\\e` stands for control character U+001B",
        ),
        (
            "---\ntitle: T\nperiod: 2024-09\n---\n\nA NUL \0 here.\n",
            UPDATE,
            6,
            7,
            "control character U+0000 in the text",
        ),
        (
            "---\ntitle: T\nperiod: 2024-09\n---\n\n# Heading &#27;[31m\n",
            UPDATE,
            6,
            11,
            "`&#27;` stands for control character U+001B",
        ),
        (
            "---\ntitle: T\u{ffff}\nperiod: 2024-09\n---\n",
            UPDATE,
            2,
            9,
            "non-character U+FFFF in the text",
        ),
    ];
    for (text, file, line, column, message) in cases {
        let site = site(&[(UPDATE, text)]);
        assert_one_error(site.path(), file, *line, *column, message);
    }
}

#[test]
fn a_second_byte_order_mark_is_dropped() {
    let update =
        "\u{feff}---\ntitle: \"Split\u{feff}title\"\nperiod: 2024-09\n---\n\nBody\u{feff}text.\n";
    let site = site(&[(UPDATE, update)]);
    assert_eq!(check(site.path()).0, 0);
    let (built, out) = build(site.path());
    assert_eq!(built.code, 0, "{}", built.stderr);
    let page = find_page(&out, "Bodytext.");
    assert!(page.contains("Splittitle"));
    for file in files(&out, "html").into_iter().chain(files(&out, "xml")) {
        let text = fs::read_to_string(&file).unwrap();
        assert!(!text.contains('\u{feff}'), "{}", file.display());
    }
}

/// Every XML file parses as XML, and no page holds a NUL or other control character.
fn assert_outputs_are_clean(out: &Path) {
    let xml = files(out, "xml");
    assert!(
        xml.iter().any(|p| p.ends_with("atom.xml"))
            && xml.iter().any(|p| p.ends_with("sitemap.xml")),
        "{xml:?}"
    );
    for file in xml {
        let text = fs::read_to_string(&file).unwrap();
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{} is not well-formed XML: {e}", file.display());
        }
    }
    let pages = files(out, "html");
    assert!(!pages.is_empty());
    for page in pages {
        let bytes = fs::read(&page).unwrap();
        let bad = bytes
            .iter()
            .position(|&b| (b < 0x20 && b != b'\t' && b != b'\n') || b == 0x7f);
        assert!(
            bad.is_none(),
            "{} has a control byte at {bad:?}",
            page.display()
        );
    }
}

#[test]
fn the_xml_parser_used_here_rejects_control_characters() {
    assert!(roxmltree::Document::parse("<t>a\u{c}b</t>").is_err());
    assert!(roxmltree::Document::parse("<t>a\u{ffff}b</t>").is_err());
}

#[test]
fn every_xml_output_parses_for_the_sample_the_xss_and_a_hostile_site() {
    let hostile = site(&[
        (
            UPDATE,
            concat!(
                "---\ntitle: \"Tabs\\tand\\nlines <&> ]]> \\u00e9 \\x7e\"\nperiod: 2024-09\n---\n\n",
                "# Heading with <b>markup</b> &amp; &#9; ]]>\n\nText &#x2013; more.\n"
            ),
        ),
        (
            "content/engagements/2024/OpenRefactory/2024-10.md",
            "# October <script>x</script> ]]> \u{feff}\t\n\nBody.\n",
        ),
    ]);
    let outs = tempfile::tempdir().unwrap();
    for (name, root) in [
        ("sample", common::repo()),
        ("xss", common::fixture("xss")),
        ("hostile", hostile.path().to_path_buf()),
    ] {
        let out = outs.path().join(name);
        common::build(&root, &out, &[]);
        assert_outputs_are_clean(&out);
    }
}
