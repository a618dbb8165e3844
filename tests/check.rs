//! `grantsite check` on broken sites: every fixture under tests/fixtures/bad/ must produce
//! exactly one diagnostic, at the exact file and line, with the expected message, and the right
//! exit code; nothing may panic or hang.
//!
//! A fixture is an overlay on tests/fixtures/bad/_base/ (a tiny valid site: program, OKRs with
//! two key results, one report, one engagement): its files replace or add to the base's, and
//! an optional `_delete` file lists base files to remove. A few cases are made at run time
//! (a symlink loop, a 50 MB file) because they do not belong in git.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const REPORT: &str = "content/reports/2024/2024-09.md";
const README: &str = "content/engagements/2024/OpenRefactory/README.md";
const OKRS: &str = "content/okrs/2024.yaml";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad")
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Expect {
    /// No diagnostics at all.
    Clean,
    Error(&'static str, usize, Msg),
    Warning(&'static str, usize, Msg),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Msg {
    Is(&'static str),
    Has(&'static str),
}
use Expect::*;
use Msg::*;

/// One row per fixture: (folder under tests/fixtures/bad, expected diagnostic).
const CASES: &[(&str, Expect)] = &[
    (
        "fm-unclosed",
        Error(REPORT, 1, Is("front matter is never closed")),
    ),
    (
        "yaml-invalid",
        Error(
            REPORT,
            5,
            Is("mapping values are not allowed in this context"),
        ),
    ),
    (
        "wrong-type",
        Error(
            REPORT,
            4,
            Is(
                "period: invalid type: sequence, expected a period such as 2024-09, 2024-Q2 or 2024",
            ),
        ),
    ),
    (
        "unknown-field",
        Error(
            REPORT,
            2,
            Has("unknown field `titel`, expected one of `title`, `kind`"),
        ),
    ),
    ("missing-kind", Error(REPORT, 2, Is("missing field `kind`"))),
    ("bom", Clean),
    ("crlf", Clean),
    (
        "empty-report",
        Error(REPORT, 0, Is("the report file is empty")),
    ),
    (
        "non-utf8",
        Error(REPORT, 19, Is("file is not valid UTF-8 (byte 0xe9)")),
    ),
    (
        "unknown-status",
        Error(
            REPORT,
            7,
            Is(
                "okrs.KR1.1: unknown status `Done`; valid statuses are: on-target, at-risk, off-track, planning, not-started, not-measured, completed",
            ),
        ),
    ),
    (
        "impossible-period",
        Error(
            REPORT,
            4,
            Is("period: month 13 does not exist (months are 01 to 12)"),
        ),
    ),
    (
        "impossible-date",
        Error(
            REPORT,
            5,
            Is("published: `2024-02-30` is not a date: 2024-02 has 29 days"),
        ),
    ),
    (
        "end-before-start",
        Error(
            README,
            4,
            Is("the engagement ends (2024-01-31) before it starts (2024-06-01)"),
        ),
    ),
    (
        "duplicate-report",
        Error(
            "content/reports/2024/september-again.md",
            4,
            Is("a second monthly report for 2024-09"),
        ),
    ),
    (
        "duplicate-kr",
        Error(OKRS, 9, Is("key result KR1.1 is defined twice")),
    ),
    (
        "undefined-kr",
        Error(
            REPORT,
            9,
            Is("key result KR9.9 is not defined in content/okrs/2024.yaml"),
        ),
    ),
    (
        "unknown-grantee",
        Error(
            REPORT,
            10,
            Is("existing engagement `openrefractory` matches no grantee"),
        ),
    ),
    (
        "highlight-not-listed",
        Warning(
            REPORT,
            12,
            Is("highlight for `freebsd`, which is not in this report's engagement lists"),
        ),
    ),
    (
        "broken-link",
        Error(
            REPORT,
            13,
            Is("link to `missing.md` points to no page or file"),
        ),
    ),
    (
        "broken-image",
        Error(
            REPORT,
            13,
            Is("link to `nope.png` points to no page or file"),
        ),
    ),
    (
        "broken-absolute-link",
        Error(
            REPORT,
            13,
            Is("link to `/reports/1999-01/` points to no page of the site"),
        ),
    ),
    (
        // Generated and theme files are known to the checker; nothing else under /static/ is.
        "broken-static-link",
        Error(
            REPORT,
            14,
            Is("link to `/static/old.css` points to no page of the site"),
        ),
    ),
    (
        "static-collides",
        Error(
            "static/data/site.json",
            0,
            Is("would replace `/data/site.json`, which the build writes"),
        ),
    ),
    (
        "missing-anchor",
        Error(
            REPORT,
            13,
            Is("link to `#nowhere`: no heading has that anchor"),
        ),
    ),
    (
        "missing-anchor-other-file",
        Error(
            REPORT,
            13,
            Is(
                "link to `#roadmap`: no heading has that anchor in content/engagements/2024/OpenRefactory/README.md",
            ),
        ),
    ),
    (
        "kr-without-status",
        Warning(
            REPORT,
            6,
            Is("key result KR1.2 has no status in this report"),
        ),
    ),
    (
        "no-summary",
        Warning(REPORT, 1, Is("report has no summary")),
    ),
    (
        // A copy of September's report with only `period:` (and `published:`) changed.
        "stale-title",
        Warning(
            REPORT,
            2,
            Is("the title names `September`, but the report covers October 2024 (2024-10)"),
        ),
    ),
    (
        "published-before-period-end",
        Warning(
            REPORT,
            5,
            Is(
                "published 2024-09-15, before the period ends (2024-09 covers 2024-09-01 to 2024-09-30)",
            ),
        ),
    ),
    (
        // A grantee's broken link does not stop the site (grantee_links: error would).
        "grantee-broken-link",
        Warning(
            "content/engagements/2024/OpenRefactory/update-2024-09.md",
            3,
            Is("link to `August.md` points to no page or file"),
        ),
    ),
    (
        "heading-contradicts-name",
        Warning(
            "content/engagements/2024/OpenRefactory/update-2024-09.md",
            2,
            Is(
                "the file name reads as September 2024 but the first heading as August 2024; the file name is used",
            ),
        ),
    ),
    (
        "undated-update",
        Warning(
            "content/engagements/2024/OpenRefactory/update-notes.md",
            0,
            Has("cannot tell which period this update covers"),
        ),
    ),
    (
        "kind-period-mismatch",
        Error(
            REPORT,
            4,
            Is(
                "a monthly report covers a month (2024-09) or a month range (2024-03..2024-04), not 2024-Q2",
            ),
        ),
    ),
    (
        "missing-program",
        Error(
            "content/program.yaml",
            0,
            Is("the site has no program.yaml"),
        ),
    ),
    (
        // A program.yaml that exists but does not parse gives its own error only, not also
        // "the site has no program.yaml". The list opened on line 2 is never closed.
        "program-invalid",
        Error(
            "content/program.yaml",
            2,
            Is("this `[` list is never closed with `]`"),
        ),
    ),
    (
        "unknown-status-in-map",
        Error(
            REPORT,
            8,
            Has("okrs.KR1.2.status: unknown status `unmeasured`; valid statuses are: on-target,"),
        ),
    ),
    (
        "kr-wrong-objective",
        Error(OKRS, 9, Is("key result KR2.1 is listed under objective O1")),
    ),
    (
        "folder-not-a-year",
        Error(
            "content/engagements/twenty/FreeBSD/README.md",
            0,
            Is("engagement folder `twenty` is not a year"),
        ),
    ),
    (
        "yaml-deep-nesting",
        Error(
            REPORT,
            6,
            Is("the YAML nests lists and mappings more than 32 levels deep"),
        ),
    ),
    (
        // Folder names that merge into one grantee, each with a profile: the first in file-name
        // order used to replace the real grantee's name, homepage and text.
        "two-profiles",
        Error(
            README,
            0,
            Is(
                "two profiles for grantee open-refactory in 2024: content/engagements/2024/Open Refactory/README.md and content/engagements/2024/OpenRefactory/README.md",
            ),
        ),
    ),
    (
        // The bomb is refused without expanding it; the file also writes `title` twice, and
        // that is what the position-aware pass stops at first.
        "yaml-alias-bomb",
        Error(REPORT, 16, Is("the key `title` is written twice")),
    ),
    (
        "asset-html",
        Error(
            "content/engagements/2024/OpenRefactory/evil.html",
            0,
            Is(
                "`evil.html`: engagement folders publish only inert files (png, jpg, jpeg, gif, webp, avif, svg, pdf, csv); .html is not one of them",
            ),
        ),
    ),
    (
        "asset-svg-script",
        Error(
            "content/engagements/2024/OpenRefactory/chart.svg",
            3,
            Is("`chart.svg` is not a provably inert SVG: a `<script>` element at line 3"),
        ),
    ),
    (
        // Judged by namespace and local name, not by the prefix written.
        "asset-svg-namespaced-script",
        Error(
            "content/engagements/2024/OpenRefactory/logo.svg",
            3,
            Is("`logo.svg` is not a provably inert SVG: a `<x:script>` element at line 3"),
        ),
    ),
    (
        "asset-svg-external-href",
        Error(
            "content/engagements/2024/OpenRefactory/diagram.svg",
            2,
            Is(
                "`diagram.svg` is not a provably inert SVG: an external reference `xlink:href=\"javascript:alert(document.domain)\"` at line 2",
            ),
        ),
    ),
    (
        "assets-setting-invalid",
        Error(
            "content/program.yaml",
            5,
            Is("assets.extra_types: `.zip` is not a file extension"),
        ),
    ),
    (
        "unknown-language",
        Error(
            "content/program.yaml",
            4,
            Is("no translation table for language `dee` (grantsite has en, de, fr, nl)"),
        ),
    ),
    (
        "translation-key-misspelt",
        Warning(
            "templates/i18n/de.yaml",
            2,
            Is("`reprots` is not a label of the theme; ignored"),
        ),
    ),
    (
        "feed-entries-zero",
        Error(
            "content/program.yaml",
            5,
            Is("feed.entries: a feed needs at least one entry"),
        ),
    ),
];

/// Hints checked where the hint is the point of the case.
const HINTS: &[(&str, &str)] = &[
    ("unknown-field", "did you mean `title`?"),
    ("missing-kind", "add a `kind:` line"),
    ("unknown-grantee", "did you mean `openrefactory`?"),
    ("unknown-status-in-map", "did you mean `not-measured`?"),
    (
        "undefined-kr",
        "did you mean KR1.1? Or add KR9.9 to content/okrs/2024.yaml",
    ),
    ("yaml-invalid", "a value that contains `: ` must be quoted"),
    (
        "two-profiles",
        "differ only in case, spaces or punctuation, so they are one grantee",
    ),
    (
        "asset-html",
        "`assets: { extra_types: [...] }` in content/program.yaml",
    ),
    ("asset-svg-script", "export the image as PNG"),
    ("unknown-language", "did you mean `de`?"),
    ("translation-key-misspelt", "did you mean `reports`?"),
];

/// A copy of the base site with the fixture laid over it, in a temporary folder.
fn site(case: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures().join("_base"), dir.path());
    let overlay = fixtures().join(case);
    if overlay.is_dir() {
        copy_tree(&overlay, dir.path());
    }
    let deletions = dir.path().join("_delete");
    if let Ok(list) = std::fs::read_to_string(&deletions) {
        for rel in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(dir.path().join(rel.trim())).expect("file listed in _delete");
        }
        std::fs::remove_file(deletions).unwrap();
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn grantsite(args: &[&str], root: &Path) -> Run {
    let started = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(args)
        .arg("-r")
        .arg(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run grantsite");
    let run = Run {
        code: out.status.code().expect("exited, not killed by a signal"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "grantsite {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        run.code == 0 || run.code == 1,
        "grantsite {args:?} exited {}:\n{}",
        run.code,
        run.stderr
    );
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "grantsite {args:?} took {:?}",
        started.elapsed()
    );
    run
}

/// `check --format json`: one object per line, each with exactly the documented fields.
fn check_json(root: &Path, extra: &[&str]) -> (i32, Vec<Value>) {
    let mut args = vec!["check", "--format", "json"];
    args.extend(extra);
    let run = grantsite(&args, root);
    let diagnostics = run
        .stdout
        .lines()
        .map(|line| {
            let v: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("not one JSON object per line ({e}): {line}"));
            let mut keys: Vec<&str> = v
                .as_object()
                .expect("an object")
                .keys()
                .map(String::as_str)
                .collect();
            keys.sort_unstable();
            assert_eq!(
                keys,
                [
                    "code", "column", "file", "hint", "line", "message", "name", "severity"
                ],
                "{line}"
            );
            // The code's letter is the default severity, and these fixtures use the defaults.
            let letter = if v["severity"] == "error" { "E" } else { "W" };
            assert!(
                v["code"].as_str().is_some_and(|c| c.starts_with(letter)),
                "{line}"
            );
            assert!(
                v["line"].is_null() || v["line"].as_u64().is_some_and(|l| l > 0),
                "an unknown line is null, not 0: {line}"
            );
            v
        })
        .collect();
    (run.code, diagnostics)
}

fn show(diagnostics: &[Value]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks one case: exactly the expected diagnostic, and the exit codes that go with it.
fn assert_case(name: &str, root: &Path, expect: Expect) {
    let (code, diagnostics) = check_json(root, &[]);
    assert_build_agrees(name, root, code);
    let (severity, file, line, msg) = match expect {
        Clean => {
            assert!(
                diagnostics.is_empty(),
                "{name}: expected no problems, got\n{}",
                show(&diagnostics)
            );
            assert_eq!(code, 0, "{name}");
            return;
        }
        Error(file, line, msg) => ("error", file, line, msg),
        Warning(file, line, msg) => ("warning", file, line, msg),
    };
    assert_eq!(
        diagnostics.len(),
        1,
        "{name}: expected one diagnostic, got\n{}",
        show(&diagnostics)
    );
    let d = &diagnostics[0];
    let got = |field: &str| d[field].as_str().unwrap_or_default().to_string();
    assert_eq!(
        (
            got("severity").as_str(),
            got("file").as_str(),
            d["line"].as_u64()
        ),
        (severity, file, (line > 0).then_some(line as u64)),
        "{name}: {d}"
    );
    let message = got("message");
    match msg {
        Is(want) => assert_eq!(message, want, "{name}"),
        Has(want) => assert!(message.contains(want), "{name}: `{message}` lacks `{want}`"),
    }
    if severity == "error" {
        assert_eq!(code, 1, "{name}: errors exit 1");
    } else {
        assert_eq!(code, 0, "{name}: warnings alone exit 0");
        let (denied, _) = check_json(root, &["--deny-warnings"]);
        assert_eq!(denied, 1, "{name}: --deny-warnings makes a warning fail");
    }
}

/// `check` is the gate for pull requests: it must fail exactly where `build` would.
fn assert_build_agrees(name: &str, root: &Path, check_code: i32) {
    let out = tempfile::tempdir().expect("temp dir");
    let public = out.path().join("public");
    let build = grantsite(&["build", "-o", public.to_str().unwrap()], root);
    assert_eq!(
        build.code, check_code,
        "{name}: `check` exited {check_code} but `build` exited {}:\n{}",
        build.code, build.stderr
    );
}

#[test]
fn every_bad_fixture_gives_its_one_diagnostic() {
    let mut failures = Vec::new();
    for &(name, expect) in CASES {
        let site = site(name);
        let outcome = std::panic::catch_unwind(|| assert_case(name, site.path(), expect));
        if let Err(e) = outcome {
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            failures.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_fixture_folder_has_a_row() {
    let mut folders: Vec<String> = std::fs::read_dir(fixtures())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "_base")
        .collect();
    folders.sort();
    let mut rows: Vec<&str> = CASES.iter().map(|(n, _)| *n).collect();
    rows.sort_unstable();
    assert_eq!(folders, rows);
    assert!(CASES.len() >= 30);
}

#[test]
fn hints_say_what_to_do() {
    for &(name, hint) in HINTS {
        let site = site(name);
        let (_, diagnostics) = check_json(site.path(), &[]);
        let got = diagnostics[0]["hint"].as_str().unwrap_or_default();
        assert!(got.contains(hint), "{name}: hint `{got}` lacks `{hint}`");
    }
}

#[test]
fn fixtures_with_special_bytes_are_stored_as_bytes() {
    let bom = std::fs::read(fixtures().join("bom").join(REPORT)).unwrap();
    assert!(bom.starts_with(b"\xef\xbb\xbf---\n"));
    let crlf = std::fs::read(fixtures().join("crlf").join(REPORT)).unwrap();
    assert!(crlf.starts_with(b"---\r\n"), "git rewrote the line endings");
    let latin1 = std::fs::read(fixtures().join("non-utf8").join(REPORT)).unwrap();
    assert!(std::str::from_utf8(&latin1).is_err());
}

#[test]
fn the_base_site_is_clean() {
    let site = site("_base");
    assert_case("_base", site.path(), Clean);
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let site = site("_base");
    let folder = site.path().join("content/engagements/2024/OpenRefactory");
    std::os::unix::fs::symlink("..", folder.join("loop")).unwrap();
    assert_case(
        "symlink-loop",
        site.path(),
        Error(
            "content/engagements/2024/OpenRefactory/loop",
            0,
            Is("symlink loop: this link points back to a folder above it"),
        ),
    );
}

#[cfg(unix)]
#[test]
fn links_that_point_at_each_other_are_a_loop() {
    let site = site("_base");
    let reports = site.path().join("content/reports");
    std::os::unix::fs::symlink("b.md", reports.join("a.md")).unwrap();
    std::os::unix::fs::symlink("a.md", reports.join("b.md")).unwrap();
    let (code, diagnostics) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics.len(), 2, "{}", show(&diagnostics));
    for d in &diagnostics {
        assert!(
            d["message"].as_str().unwrap().starts_with("symlink loop"),
            "{d}"
        );
    }
}

/// Two spellings of the profile in one folder (Linux keeps both) are two profiles too; and
/// `build` refuses both cases, as `check` does.
#[test]
fn two_profiles_for_one_grantee_in_one_year_fail_check_and_build() {
    let twice = site("_base");
    let folder = twice.path().join("content/engagements/2024/OpenRefactory");
    std::fs::write(folder.join("readme.md"), "# Not the real one\n").unwrap();
    assert_case(
        "readme-twice",
        twice.path(),
        Error(
            "content/engagements/2024/OpenRefactory/readme.md",
            0,
            Is(
                "two profiles for grantee openrefactory in 2024: content/engagements/2024/OpenRefactory/README.md and content/engagements/2024/OpenRefactory/readme.md",
            ),
        ),
    );
    for (name, site) in [
        ("readme-twice", twice),
        ("two-profiles", site("two-profiles")),
    ] {
        let out = tempfile::tempdir().unwrap();
        let public = out.path().join("public");
        let build = grantsite(&["build", "-o", public.to_str().unwrap()], site.path());
        assert_eq!(build.code, 1, "{name}: {}", build.stderr);
        assert!(
            build.stderr.contains("two profiles"),
            "{name}: {}",
            build.stderr
        );
        assert!(!public.exists(), "{name}");
    }
}

#[test]
fn a_50_mb_file_is_refused_quickly() {
    let site = site("_base");
    let huge = site.path().join("content/reports/2024/huge.md");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(50 * 1024 * 1024).unwrap();
    let started = Instant::now();
    assert_case(
        "huge-file",
        site.path(),
        Error(
            "content/reports/2024/huge.md",
            0,
            Is("file is 50 MB; text files are limited to 8 MB"),
        ),
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}

/// An 8 GB sparse file takes a few MB in git: the limit is read from its size, not its bytes.
#[test]
fn an_8_gb_sparse_asset_is_refused_from_its_size() {
    let site = site("_base");
    let rel = "content/engagements/2024/OpenRefactory/scan.png";
    let file = std::fs::File::create(site.path().join(rel)).unwrap();
    file.set_len(8 * 1024 * 1024 * 1024).unwrap();
    let started = Instant::now();
    assert_case(
        "sparse-asset",
        site.path(),
        Error(
            rel,
            0,
            Is("`scan.png` is 8192 MB; files in engagement folders are limited to 20 MB"),
        ),
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let out = site.path().join("public");
    let build = grantsite(&["build", "-o", out.to_str().unwrap()], site.path());
    assert_eq!(build.code, 1, "{}", build.stderr);
    assert!(
        build.stderr.contains("`scan.png` is 8192 MB"),
        "{}",
        build.stderr
    );
    assert!(!out.exists(), "a refused build writes nothing");
}

#[test]
fn human_format_shows_position_source_line_and_hint() {
    let site = site("unknown-field");
    let run = grantsite(&["check"], site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.is_empty(),
        "diagnostics go to stderr: {}",
        run.stdout
    );
    let text = &run.stderr;
    assert!(
        text.contains("error[E0105 unknown-field]: unknown field `titel`"),
        "{text}"
    );
    assert!(text.contains(&format!("{REPORT}:2:1")), "{text}");
    assert!(
        text.contains("titel: Monthly Report, September 2024"),
        "{text}"
    );
    assert!(text.contains("^^^^^"), "{text}");
    assert!(text.contains("hint: did you mean `title`?"), "{text}");
    assert!(text.contains("check: 1 error(s), 0 warning(s)"), "{text}");
}

#[test]
fn human_format_names_the_file_of_file_level_problems() {
    let site = site("missing-program");
    let run = grantsite(&["check"], site.path());
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("error[E0013 no-program]: the site has no program.yaml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/program.yaml"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_sample_site_has_no_errors() {
    let (code, diagnostics) = check_json(Path::new(env!("CARGO_MANIFEST_DIR")), &[]);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect();
    assert!(errors.is_empty(), "{}", show(&errors));
    assert_eq!(code, 0);
}

/// Writes `text` to `rel` under `root`, making folders as needed.
fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// (line, column, message) of each diagnostic, in order.
fn positions(diagnostics: &[Value]) -> Vec<(u64, u64, String)> {
    diagnostics
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap_or(0),
                d["column"].as_u64().unwrap_or(0),
                d["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn three_independent_mistakes_in_a_report_give_three_errors_in_one_run() {
    let site = site("_base");
    write(
        site.path(),
        REPORT,
        "---\ntitle: Monthly Report, September 2024\nkind: monthly\nperiod: 2024-09\n\
         published: 2024-02-30\nsummary: One sentence.\nauthor: Jane\nokrs:\n  KR1.1: Done\n  \
         KR1.2: On target\n---\n\n# September 2024\n",
    );
    let (code, diagnostics) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        positions(&diagnostics),
        [
            (
                5,
                12,
                "published: `2024-02-30` is not a date: 2024-02 has 29 days".to_string()
            ),
            (
                7,
                1,
                "unknown field `author`, expected one of `title`, `kind`, `period`, `published`, \
                 `summary`, `draft`, `okrs`, `engagements`, `highlights`, `upcoming`, `funding`"
                    .to_string()
            ),
            (
                9,
                10,
                "okrs.KR1.1: unknown status `Done`; valid statuses are: on-target, at-risk, \
                 off-track, planning, not-started, not-measured, completed"
                    .to_string()
            ),
        ],
        "{}",
        show(&diagnostics)
    );
    assert_build_agrees("three mistakes", site.path(), code);
}

#[test]
fn text_that_mentions_a_field_does_not_attract_its_error() {
    // The old text search pointed at the first line containing "period:", the summary's.
    let site = site("_base");
    write(
        site.path(),
        REPORT,
        "---\ntitle: Monthly Report, September 2024\nkind: quarterly\n\
         summary: \"The period: 2024-13 was a typo in the draft.\"\nperiod: 2024-09\n---\n\n# September\n",
    );
    let (_, diagnostics) = check_json(site.path(), &[]);
    let found: Vec<_> = positions(&diagnostics)
        .into_iter()
        .filter(|(_, _, m)| m.starts_with("a quarterly report covers"))
        .collect();
    assert_eq!(
        found,
        [(
            5,
            9,
            "a quarterly report covers a quarter (2024-Q2), not 2024-09".to_string()
        )],
        "{}",
        show(&diagnostics)
    );
}

#[test]
fn a_link_to_a_report_that_failed_to_parse_gives_only_the_reports_own_error() {
    let site = site("_base");
    let broken = "content/reports/2024/2024-10.md";
    write(
        site.path(),
        broken,
        "---\ntitle: October\nkind: monthly\nperiod: 2024-10\nsumary: x\n---\n",
    );
    let base = std::fs::read_to_string(site.path().join(REPORT)).unwrap();
    write(
        site.path(),
        REPORT,
        &format!("{base}\nNext: [October](2024-10.md).\n"),
    );
    let (code, diagnostics) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(diagnostics.len(), 1, "{}", show(&diagnostics));
    assert_eq!(diagnostics[0]["file"], broken);
    assert_eq!(diagnostics[0]["hint"], "did you mean `summary`?");
}

#[test]
fn an_invalid_okr_file_is_reported_once_and_not_as_missing() {
    let site = site("_base");
    write(
        site.path(),
        OKRS,
        "objectives:\n  - id: O1\n    text: Fund security work.\n    key_results: none\n",
    );
    let (code, diagnostics) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    assert_eq!(
        positions(&diagnostics),
        [(
            4,
            18,
            "objectives[0].key_results: invalid type: string \"none\", expected a sequence"
                .to_string()
        )],
        "{}",
        show(&diagnostics)
    );
}

#[test]
fn every_closed_set_suggests_what_was_meant() {
    let site = site("_base");
    write(
        site.path(),
        REPORT,
        "---\ntitle: Monthly Report, September 2024\nkind: monthy\nperiod: 2024-09\n\
         summary: One sentence.\ndraft: yes\nokrs:\n  KR1.1: On trget\n  KR1.2: On target\n\
         upcoming:\n  - date: 2024-10\n    kind: meting\n    text: The next call.\n---\n",
    );
    write(
        site.path(),
        README,
        "---\nstatus: activ\nstart: 2024-01-01\n---\n\n# OpenRefactory\n",
    );
    let (code, diagnostics) = check_json(site.path(), &[]);
    assert_eq!(code, 1);
    let hints: Vec<(&str, u64, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default(),
                d["line"].as_u64().unwrap_or(0),
                d["hint"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        hints,
        [
            (README, 2, "did you mean `active`?"),
            (REPORT, 3, "did you mean `monthly`?"),
            (REPORT, 6, "write `draft: true`"),
            (REPORT, 8, "did you mean `on-target`?"),
            (REPORT, 12, "did you mean `meeting`?"),
        ],
        "{}",
        show(&diagnostics)
    );
}

#[test]
fn github_format_annotates_each_problem_at_its_file_and_line() {
    let site = site("unknown-status");
    let run = grantsite(&["check", "--format", "github"], site.path());
    assert_eq!(run.code, 1);
    let line = run.stdout.trim();
    assert!(
        line.starts_with(&format!(
            "::error file={REPORT},line=7,col=10,title=E0104 unknown-status::"
        )),
        "{line}"
    );
    assert!(line.contains("%0Ahint: write one of: on-target"), "{line}");
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
}

#[test]
fn a_site_that_cannot_be_read_is_reported_in_json_too() {
    let empty = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(["check", "--format", "json", "-r"])
        .arg(empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let problem: Value = serde_json::from_str(stdout.trim()).expect("one JSON object");
    assert_eq!(problem["code"], "E0014", "{stdout}");
    assert_eq!(problem["name"], "no-content", "{stdout}");
    assert!(problem["line"].is_null(), "{stdout}");
    assert!(
        problem["message"]
            .as_str()
            .unwrap()
            .contains("no content/ folder")
    );
}
