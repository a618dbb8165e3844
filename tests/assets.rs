//! Files beside grantee updates are published on the program's own domain, so a hostile
//! grantee's `evil.html` or scripted SVG must fail `check` and `build` alike, by name, while
//! inert files (a clean SVG, a PNG) are published. `tests/fixtures/hostile-assets` holds one
//! of each; the refused files are removed from a copy to get the site the owner would merge.

mod common;

use common::{build, copy_tree, fixture, grantsite, tree, try_build};
use serde_json::Value;
use std::fs;
use std::path::Path;

const FOLDER: &str = "content/engagements/2024/OpenRefactory";
const PUBLISHED: &str = "engagements/2024/openrefactory";

/// Every file of the fixture that must be refused.
const HOSTILE: &[&str] = &[
    "app.js",
    "code.wasm",
    "evil.html",
    "external-href.svg",
    "feed.xml",
    "module.mjs",
    "namespaced-script.svg",
    "page.htm",
    "page.xhtml",
    "photo.png.html",
    "script.svg",
    "style.css",
];

fn copy_of_fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("hostile-assets"), dir.path());
    dir
}

/// The fixture without its hostile files: what the owner would publish.
fn clean_site() -> tempfile::TempDir {
    let dir = copy_of_fixture();
    for name in HOSTILE {
        fs::remove_file(dir.path().join(FOLDER).join(name)).unwrap();
    }
    dir
}

fn check_json(root: &Path) -> (i32, Vec<Value>) {
    let out = grantsite(&["check", "--format", "json", "-r", root.to_str().unwrap()]);
    let diagnostics = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    (out.status.code().unwrap(), diagnostics)
}

fn add_to_program(root: &Path, yaml: &str) {
    let program = root.join("content/program.yaml");
    let text = fs::read_to_string(&program).unwrap();
    fs::write(program, format!("{text}{yaml}")).unwrap();
}

#[test]
fn check_refuses_each_hostile_file_by_name_and_nothing_else() {
    let (code, diagnostics) = check_json(&fixture("hostile-assets"));
    assert_eq!(code, 1);
    let mut named: Vec<String> = diagnostics
        .iter()
        .map(|d| {
            assert_eq!(d["severity"], "error", "{d}");
            d["file"].as_str().unwrap().to_string()
        })
        .collect();
    named.sort();
    let expected: Vec<String> = HOSTILE.iter().map(|n| format!("{FOLDER}/{n}")).collect();
    assert_eq!(
        named, expected,
        "one error per hostile file, none for the clean ones"
    );
    for d in &diagnostics {
        let file = d["file"].as_str().unwrap();
        let name = file.rsplit('/').next().unwrap();
        let message = d["message"].as_str().unwrap();
        assert!(message.starts_with(&format!("`{name}`")), "{message}");
        assert!(!d["hint"].as_str().unwrap_or_default().is_empty(), "{d}");
    }
}

#[test]
fn build_refuses_the_same_files_and_writes_nothing() {
    let site = copy_of_fixture();
    let out = site.path().join("public");
    let run = try_build(site.path(), &out);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&run.stderr);
    for name in HOSTILE {
        assert!(
            stderr.contains(&format!("`{name}`")),
            "{name} not named:\n{stderr}"
        );
    }
    assert!(!out.exists(), "a refused build writes nothing");
}

#[test]
fn a_refused_build_leaves_the_previous_output_as_it_was() {
    let site = clean_site();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    let before = tree(&out);
    fs::copy(
        fixture("hostile-assets").join(FOLDER).join("evil.html"),
        site.path().join(FOLDER).join("evil.html"),
    )
    .unwrap();
    assert_eq!(try_build(site.path(), &out).status.code(), Some(1));
    assert!(tree(&out) == before, "the previous output changed");
    assert!(!out.join(PUBLISHED).join("evil.html").exists());
}

#[test]
fn a_clean_svg_and_a_png_are_published_as_they_are() {
    let site = clean_site();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    for name in ["clean.svg", "pic.png"] {
        assert_eq!(
            fs::read(out.join(PUBLISHED).join(name)).unwrap(),
            fs::read(site.path().join(FOLDER).join(name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_site_owner_can_publish_a_type_they_trust_and_raise_the_limit() {
    let site = clean_site();
    let folder = site.path().join(FOLDER);
    fs::write(folder.join("talk.mp4"), b"not really a video").unwrap();
    let big = fs::File::create(folder.join("poster.png")).unwrap();
    big.set_len(25 * 1024 * 1024).unwrap();
    let (code, diagnostics) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(diagnostics.len(), 2, "{diagnostics:?}");

    add_to_program(site.path(), "assets:\n  extra_types: [mp4]\n  max_mb: 30\n");
    let (code, diagnostics) = check_json(site.path());
    assert_eq!((code, diagnostics.len()), (0, 0), "{diagnostics:?}");
    big.set_len(1024).unwrap();
    let out = site.path().join("public");
    build(site.path(), &out, &[]);
    assert!(out.join(PUBLISHED).join("talk.mp4").is_file());
}

#[test]
fn listing_svg_as_an_extra_type_does_not_skip_its_vetting() {
    let site = clean_site();
    fs::copy(
        fixture("hostile-assets").join(FOLDER).join("script.svg"),
        site.path().join(FOLDER).join("script.svg"),
    )
    .unwrap();
    add_to_program(site.path(), "assets: { extra_types: [svg, html] }\n");
    let (code, diagnostics) = check_json(site.path());
    assert_eq!(code, 1);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    assert!(
        diagnostics[0]["message"]
            .as_str()
            .unwrap()
            .contains("a `<script>` element at line 3")
    );
}
