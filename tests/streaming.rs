//! A build streams each file to the output as it is rendered; the result is the site that
//! rendering in memory (what `serve` shows) makes, byte for byte, on every run.

mod common;

use common::*;
use grantsite::output::Replace;
use grantsite::pipeline::{self, Options};
use std::path::Path;

/// The site at `root` rendered in memory and written as a whole, as builds did before they
/// streamed.
fn in_memory_tree(root: &Path, out: &Path) -> Vec<(String, Vec<u8>)> {
    let options = Options {
        root: root.to_path_buf(),
        ..Options::default()
    };
    let checked = pipeline::check(&options).unwrap();
    let rendered = pipeline::render(&checked).unwrap();
    grantsite::output::write(root, &rendered, out, Replace::OwnOutput).unwrap();
    let written = tree(out);
    let mut expected: Vec<(String, Vec<u8>)> = rendered.files.into_iter().collect();
    expected.extend(
        rendered
            .copies
            .into_iter()
            .map(|(path, from)| (path, std::fs::read(from).unwrap())),
    );
    expected.sort();
    let without_marker: Vec<_> = written
        .iter()
        .filter(|(path, _)| path != grantsite::output::MARKER)
        .cloned()
        .collect();
    assert!(
        without_marker == expected,
        "the in-memory site is written as it is"
    );
    written
}

#[test]
fn a_streamed_build_writes_the_in_memory_site_byte_for_byte() {
    for site in [repo(), fixture("updates/site")] {
        let dir = tempfile::tempdir().unwrap();
        let (streamed, whole) = (dir.path().join("streamed"), dir.path().join("whole"));
        build(&site, &streamed, &[]);
        let expected = in_memory_tree(&site, &whole);
        assert!(expected.len() > 20, "{}", site.display());
        let got = tree(&streamed);
        let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(names(&got), names(&expected), "{}", site.display());
        assert!(got == expected, "{}: same bytes", site.display());

        // Deterministic: a second build into the same output (through the trash) is the same.
        build(&site, &streamed, &[]);
        build(&site, &streamed, &[]);
        assert!(tree(&streamed) == expected, "{}: rebuilt", site.display());
    }
}
