//! The whole pipeline on an arbitrary report file: loading, validation and rendering may refuse
//! the content with diagnostics, but must never panic.
#![no_main]

use grantsite::pipeline::{self, Options};
use libfuzzer_sys::fuzz_target;
use std::fs;
use std::path::Path;

const PROGRAM: &str = "name: Fuzz Program\n\
tagline: Fuzzing the pipeline\n\
base_url: https://example.org/fuzz/\n\
contact:\n  email: team@example.org\n";

const OKRS: &str = "objectives:\n  - id: O1\n    text: Objective\n    key_results:\n      \
- id: KR1.1\n        text: Key result\n        due: 2024-12-31\n";

const ENGAGEMENT: &str = "---\nstatus: active\n---\n\nAn engagement.\n";

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fuzz_target!(|report: &str| {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "content/program.yaml", PROGRAM);
    write(root, "content/okrs/2024.yaml", OKRS);
    write(
        root,
        "content/engagements/2024/Example/README.md",
        ENGAGEMENT,
    );
    write(root, "content/reports/2024/2024-09.md", report);
    let options = Options {
        root: root.to_path_buf(),
        base_url: None,
        drafts: true,
    };
    if let Ok(checked) = pipeline::check(&options) {
        let _ = pipeline::render(root, &checked);
    }
});
