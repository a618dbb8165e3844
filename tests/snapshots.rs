//! Golden output: the sample site's machine data and its September report page, so that any
//! change to what readers or machines get shows up in review as a snapshot diff
//! (`cargo insta review`, or set INSTA_UPDATE=always and inspect `git diff`).

mod common;

use common::*;

#[test]
fn sample_site_output_matches_the_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    insta::assert_snapshot!("site.json", read(&out.join("data/site.json")));
    insta::assert_snapshot!(
        "report-2024-09.html",
        read(&out.join("reports/2024-09/index.html"))
    );
    insta::assert_snapshot!("okrs-2024.html", read(&out.join("okrs/2024/index.html")));
    insta::assert_snapshot!("atom.xml", read(&out.join("atom.xml")));
}
