//! The real tree of Alpha-Omega's grantee updates (a sample in tests/fixtures/realtree/) builds
//! as it is: two grantees' broken relative links are warnings, not a failed publish; the strict
//! modes still fail; every update gets its page and the period a reader would give it.

mod common;

use common::*;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const ENGAGEMENTS: &str = "content/engagements/";
const BASE: &str = "https://example.org/ao/";

/// The two broken relative links of the real tree: (file, line, column, message).
const BROKEN: [(&str, u64, u64, &str); 2] = [
    (
        "content/engagements/2023/psf/update-2023-08.md",
        10,
        13,
        "link to `python.org/dev/security/` points to no page or file",
    ),
    (
        "content/engagements/2024/Rust Foundation/update-2024-02.md",
        20,
        14,
        "link to `January.md` points to no page or file",
    ),
];

fn site() -> PathBuf {
    fixture("realtree")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn check(root: &Path, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
    let mut args = vec!["check", "-r", root.to_str().unwrap(), "--format", "json"];
    args.extend(extra);
    let out = grantsite(&args);
    let diagnostics = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l}: {e}")))
        .collect();
    (out.status.code(), diagnostics)
}

fn link_problems(diagnostics: &[Value]) -> Vec<(String, String, u64, u64, String)> {
    diagnostics
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("link to "))
        .map(|d| {
            (
                d["severity"].as_str().unwrap().to_string(),
                d["file"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn expected_links(severity: &str) -> Vec<(String, String, u64, u64, String)> {
    BROKEN
        .iter()
        .map(|&(file, line, column, message)| {
            (severity.into(), file.into(), line, column, message.into())
        })
        .collect()
}

/// The fixture with `grantee_links: error` added to its program.yaml.
fn strict_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site(), dir.path());
    let program = dir.path().join("content/program.yaml");
    let text = read(&program) + "grantee_links: error\n";
    std::fs::write(&program, text).unwrap();
    dir
}

#[test]
fn builds_with_warnings_naming_the_two_broken_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = try_build(&site(), &dir.path().join("public"));
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(!text.contains("error"), "{text}");
    for (file, line, column, message) in BROKEN {
        let warning = format!("warning[W0303 grantee-broken-link]: {message}\n");
        let at = text
            .find(&warning)
            .unwrap_or_else(|| panic!("{warning} in {text}"));
        let location = format!("{file}:{line}:{column}");
        assert!(text[at..].contains(&location), "{location} in {text}");
    }
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("14 warning(s)"), "{summary}");
}

#[test]
fn check_passes_and_lists_the_same_warnings_as_build() {
    let (code, diagnostics) = check(&site(), &[]);
    assert_eq!(code, Some(0), "{diagnostics:?}");
    assert!(diagnostics.iter().all(|d| d["severity"] == "warning"));
    assert_eq!(link_problems(&diagnostics), expected_links("warning"));
    // Everything else the real tree gets warned about, in check's order: (file, line, words).
    #[rustfmt::skip]
    let all = [
        ("2023/psf/update-2023-08.md", 10, "link to `python.org/dev/security/`"),
        ("2023/rust/update-2023-04.md", 1, "reads as April 2023 but the first heading as March 2023; the file name is used"),
        ("2024/Homebrew/update-2024-01.md", 0, "another update for January 2024"),
        ("2024/RubyCentral/update-2024-11.md", 1, "reads as November 2024 but the first heading as October 2024; the file name is used"),
        ("2024/Rust Foundation/README.md", 0, "folder `2023/rust` and folder `2024/Rust Foundation` may be one grantee"),
        ("2024/Rust Foundation/update-2024-02.md", 20, "link to `January.md`"),
        ("2025/OpenJS/README.md", 0, "folder `2022/node.js` and folder `2025/OpenJS` may be one grantee"),
        ("2025/OpenJS/update-2025-december-january.md", 1, "reads as December 2025–January 2026 but the first heading as December 2024–January 2025; the heading's years are used"),
        ("2025/OpenJS/update-2025-february.md", 1, "the file name is used"),
        ("2026/2026 Alpha Omega Grantees", 0, "not part of the content format"),
        ("2026/OpenJS/update-2026-december-january.md", 1, "the heading's years are used"),
        ("2026/Python Software Foundation/2026-06.md", 1, "reads as June 2026 but the first heading as May 2026; the file name is used"),
        ("2026/Python Software Foundation/README.md", 0, "folder `2023/psf` and folder `2026/Python Software Foundation` may be one grantee"),
        ("2026/eBPF/update-2026-07.md", 0, "another update for July 2026"),
    ];
    assert_eq!(diagnostics.len(), all.len(), "{diagnostics:#?}");
    for (d, (file, line, words)) in diagnostics.iter().zip(all) {
        assert_eq!(d["file"], format!("{ENGAGEMENTS}{file}").as_str());
        assert_eq!(d["line"].as_u64().unwrap_or(0), line, "{file}");
        assert!(d["message"].as_str().unwrap().contains(words), "{d}");
    }

    let dir = tempfile::tempdir().unwrap();
    let built = stderr(&try_build(&site(), &dir.path().join("public")));
    for d in &diagnostics {
        let message = d["message"].as_str().unwrap();
        assert!(built.contains(message), "build does not say {message}");
        if let Some(line) = d["line"].as_u64().filter(|&l| l > 0) {
            let location = format!("{}:{line}:", d["file"].as_str().unwrap());
            assert!(
                built.contains(&location),
                "build does not point at {location}"
            );
        }
    }
    let warnings = built.lines().filter(|l| l.starts_with("warning["));
    assert_eq!(warnings.count(), diagnostics.len(), "{built}");
}

#[test]
fn deny_warnings_fails_check_and_build() {
    let (code, _) = check(&site(), &["--deny-warnings"]);
    assert_eq!(code, Some(1));
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    let out = grantsite(&[
        "build",
        "-r",
        site().to_str().unwrap(),
        "-o",
        public.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(!public.exists(), "nothing is written");
}

#[test]
fn grantee_links_error_fails_check_and_build_on_exactly_the_two_links() {
    let strict = strict_copy();
    let (code, diagnostics) = check(strict.path(), &[]);
    assert_eq!(code, Some(1));
    assert_eq!(link_problems(&diagnostics), expected_links("error"));
    let errors = diagnostics.iter().filter(|d| d["severity"] == "error");
    assert_eq!(errors.count(), 2, "only the links become errors");

    let public = strict.path().join("public");
    let out = try_build(strict.path(), &public);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("2 error(s); nothing was written"));
    assert!(!public.exists());
}

#[test]
fn every_update_gets_a_page_with_the_period_a_reader_would_give_it() {
    // (file below content/engagements/, period label, where it came from)
    #[rustfmt::skip]
    let cases = [
        ("2022/eclipse/update-2022-08.md", "August 2022", "file-name"),
        ("2022/node.js/update-2022-05.md", "May 2022", "file-name"),
        ("2023/Homebrew/update-2024-01.md", "January 2024", "file-name"),
        ("2023/ISRG/2023.10", "October 2023", "file-name"),
        ("2023/ISRG/update-2023.09.md", "September 2023", "file-name"),
        ("2023/OpenSSL/December.md", "December 2023", "file-name-and-folder"),
        ("2023/OpenSSL/July 2023 update.md", "July 2023", "file-name"),
        ("2023/OpenSSL/September 2023 Update.md", "September 2023", "file-name"),
        ("2023/psf/update-2023-03.md", "March 2023", "file-name"),
        ("2023/psf/update-2023-08.md", "August 2023", "file-name"),
        // Headed "March 2023", last month's heading copied: the file name holds.
        ("2023/rust/update-2023-04.md", "April 2023", "file-name"),
        ("2024/Airflow/Update-2024-09.md", "September 2024", "file-name"),
        ("2024/FreeBSD/update-2024-04.md", "April 2024", "file-name"),
        ("2024/Homebrew/update-2024-01.md", "January 2024", "file-name"),
        ("2024/Jenkins/update-2024-10.md", "October 2024", "file-name"),
        ("2024/NodeJS/update-2024-april-may.md", "April–May 2024", "file-name"),
        ("2024/NodeJS/update-2024-october-november.md", "October–November 2024", "file-name"),
        ("2024/Prossimo/Update-2025-01", "January 2025", "file-name"),
        ("2024/Prossimo/update-10-2024.md", "October 2024", "file-name"),
        ("2024/Prossimo/update-2024-05.md", "May 2024", "file-name"),
        ("2024/Prossimo/update-2024.09", "September 2024", "file-name"),
        ("2024/PyPI/update-2025-01.md", "January 2025", "file-name"),
        ("2024/RubyCentral/update-2024-11.md", "November 2024", "file-name"),
        ("2024/Rust Foundation/update-2024-01.md", "January 2024", "file-name"),
        ("2024/Rust Foundation/update-2024-02.md", "February 2024", "file-name"),
        ("2025/Apache/Update-2025-06.md", "June 2025", "file-name"),
        ("2025/Ecosystems.ms/09-2025.md", "September 2025", "file-name"),
        ("2025/OSTIF/Q1-Q2 2025.md", "H1 2025", "file-name"),
        // Headed "Update December 2024-January 2025": the heading settles the year.
        ("2025/OpenJS/update-2025-december-january.md", "December 2024–January 2025", "heading"),
        ("2025/OpenJS/update-2025-february.md", "February 2025", "file-name"),
        ("2025/OpenJS/update-august-2025.md", "August 2025", "file-name"),
        ("2025/Prossimo/update 2025-03", "March 2025", "file-name"),
        ("2026/Erlang Ecosystem Foundation, Inc. (EEF)/update-2025-12.md", "December 2025", "file-name"),
        ("2026/OpenJS/update-2026-december-january.md", "December 2025–January 2026", "heading"),
        ("2026/Python Software Foundation/2026-05.md", "May 2026", "file-name"),
        ("2026/Python Software Foundation/2026-06.md", "June 2026", "file-name"),
        ("2026/eBPF/update-2026-07-2.md", "July 2026", "file-name"),
        ("2026/eBPF/update-2026-07.md", "July 2026", "file-name"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let public = dir.path().join("public");
    build(&site(), &public, &[]);
    let data = site_json(&public);
    let updates = data["updates"].as_array().unwrap();
    let mut got: Vec<(String, String, String)> = updates
        .iter()
        .map(|u| {
            let source = u["source"].as_str().unwrap();
            (
                source.strip_prefix(ENGAGEMENTS).unwrap().to_string(),
                u["period"]["label"]
                    .as_str()
                    .unwrap_or("undated")
                    .to_string(),
                u["period_origin"]["from"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    got.sort();
    let mut want: Vec<(String, String, String)> = cases
        .iter()
        .map(|&(f, l, o)| (f.into(), l.into(), o.into()))
        .collect();
    want.sort();
    assert_eq!(got, want);
    for u in updates {
        let path = u["url"].as_str().unwrap().strip_prefix(BASE).unwrap();
        let page = public.join(path).join("index.html");
        assert!(
            page.is_file(),
            "{} has no page at {}",
            u["source"],
            page.display()
        );
    }
}

/// The real tree's three grantees under two names, each with its `grantees.yaml` line.
const SAME_GRANTEE: [(&str, &str); 3] = [
    (
        "2024/Rust Foundation/README.md",
        "- { name: Rust Foundation, aliases: [rust] }",
    ),
    (
        "2025/OpenJS/README.md",
        "- { name: OpenJS, aliases: [node.js] }",
    ),
    (
        "2026/Python Software Foundation/README.md",
        "- { name: Python Software Foundation, aliases: [psf] }",
    ),
];

fn same_grantee_hints(diagnostics: &[Value]) -> Vec<(String, String)> {
    diagnostics
        .iter()
        .filter(|d| d["code"] == "W0410")
        .map(|d| {
            let file = d["file"].as_str().unwrap();
            let hint = d["hint"].as_str().unwrap();
            let line = hint.split('`').nth(1).unwrap_or_default();
            (
                file.strip_prefix(ENGAGEMENTS).unwrap().to_string(),
                line.to_string(),
            )
        })
        .collect()
}

/// The fixture with `grantees` as its content/grantees.yaml.
fn copy_with_grantees(grantees: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&site(), dir.path());
    std::fs::write(dir.path().join("content/grantees.yaml"), grantees).unwrap();
    dir
}

#[test]
fn folders_of_one_grantee_under_two_names_get_one_hint_each_with_the_alias_to_add() {
    let (_, diagnostics) = check(&site(), &[]);
    let want: Vec<(String, String)> = SAME_GRANTEE
        .iter()
        .map(|&(f, l)| (f.to_string(), l.to_string()))
        .collect();
    assert_eq!(same_grantee_hints(&diagnostics), want);
}

#[test]
fn the_hinted_alias_lines_in_grantees_yaml_merge_the_folders_and_end_the_hints() {
    let lines: Vec<&str> = SAME_GRANTEE.iter().map(|&(_, line)| line).collect();
    let merged = copy_with_grantees(&(lines.join("\n") + "\n"));
    let (code, diagnostics) = check(merged.path(), &[]);
    assert_eq!(code, Some(0), "{diagnostics:#?}");
    assert_eq!(same_grantee_hints(&diagnostics), []);

    let public = merged.path().join("public");
    build(merged.path(), &public, &[]);
    let data = site_json(&public);
    let grantees: Vec<&str> = data["grantees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["slug"].as_str().unwrap())
        .collect();
    for slug in ["rust-foundation", "openjs", "python-software-foundation"] {
        assert!(grantees.contains(&slug), "{slug} in {grantees:?}");
    }
    for gone in ["rust", "node-js", "psf"] {
        assert!(!grantees.contains(&gone), "{gone} in {grantees:?}");
    }
}

#[test]
fn declaring_both_names_as_separate_grantees_ends_the_hint_and_keeps_them_apart() {
    let separate = copy_with_grantees("- { name: psf }\n- { name: Python Software Foundation }\n");
    let (code, diagnostics) = check(separate.path(), &[]);
    assert_eq!(code, Some(0), "{diagnostics:#?}");
    let files: Vec<String> = same_grantee_hints(&diagnostics)
        .into_iter()
        .map(|(file, _)| file)
        .collect();
    assert_eq!(
        files,
        ["2024/Rust Foundation/README.md", "2025/OpenJS/README.md"]
    );
}
