//! Shared helpers for integration tests: run the real binary on a site, read its output.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

pub fn grantsite(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the grantsite binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "grantsite panicked: {stderr}");
    out
}

/// Runs `grantsite build` from `root` into `out`, whatever the outcome.
pub fn try_build(root: &Path, out: &Path) -> Output {
    grantsite(&[
        "build",
        "-r",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ])
}

/// Builds `root` into `out`, asserting success.
pub fn build(root: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "-r",
        root.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    let result = grantsite(&args);
    assert!(
        result.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&result.stderr)
    );
    result
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn site_json(out: &Path) -> serde_json::Value {
    serde_json::from_str(&read(&out.join("data/site.json"))).expect("site.json is JSON")
}

/// Every file under `dir`, relative, sorted, with its bytes.
pub fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Copies a folder tree (for tests that change a site).
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Decodes the character references a browser would before looking at a URL's scheme.
pub fn decode_entities(value: &str) -> String {
    let mut out = String::new();
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').unwrap_or(rest.len());
        let entity = &rest[1..end];
        let decoded = if let Some(hex) = entity
            .strip_prefix("#x")
            .or_else(|| entity.strip_prefix("#X"))
        {
            u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
        } else if let Some(dec) = entity.strip_prefix('#') {
            dec.parse().ok().and_then(char::from_u32)
        } else {
            match entity {
                "colon" => Some(':'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "Tab" => Some('\t'),
                "NewLine" => Some('\n'),
                "nbsp" => Some('\u{a0}'),
                _ => None,
            }
        };
        match decoded {
            Some(c) if end < rest.len() => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            _ => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// How a page links to `url` of its own site: from the root of the host, without the scheme
/// and host (`https://example.org/grants/x/` -> `/grants/x/`). Data files, feeds and the
/// canonical link keep the absolute URL.
pub fn linked(url: &str) -> &str {
    let after_scheme = url.find("://").map_or(0, |i| i + 3);
    url[after_scheme..]
        .find('/')
        .map_or("/", |path| &url[after_scheme + path..])
}

/// `href` as a browser on a page of the site at `base_url` reads it: a link from the root of
/// the host gets the scheme and host back; any other is returned as written.
pub fn absolute(href: &str, base_url: &str) -> String {
    match href.strip_prefix('/').filter(|_| !href.starts_with("//")) {
        Some(path) => {
            let origin = &base_url[..base_url.len() - linked(base_url).len()];
            format!("{origin}/{path}")
        }
        None => href.to_string(),
    }
}
