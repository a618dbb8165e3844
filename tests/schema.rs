//! `data/site.json` matches the JSON Schema published next to it, `data/site.schema.json`, and
//! the schema is strict enough to notice when it does not.

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Builds the sample site at the repository root with the real binary; returns the temp dir
/// (kept alive by the caller) and the output folder.
fn build_sample() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .arg("build")
        .arg("-r")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg("-o")
        .arg(&out)
        .output()
        .expect("run grantsite");
    assert!(
        status.status.success(),
        "grantsite build failed:\n{}",
        String::from_utf8_lossy(&status.stderr)
    );
    (dir, out)
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

fn validator(schema: &Value) -> jsonschema::Validator {
    assert!(
        jsonschema::meta::is_valid(schema),
        "site.schema.json is not a valid JSON Schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(schema)
        .expect("site.schema.json compiles")
}

/// Every error, one a line, with where it is in the instance.
fn errors(validator: &jsonschema::Validator, instance: &Value) -> String {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn published_schema_is_the_embedded_one_and_is_draft_2020_12() {
    let (_dir, out) = build_sample();
    let published = read_json(&out.join("data/site.schema.json"));
    let embedded: Value = serde_json::from_str(include_str!("../src/render/site.schema.json"))
        .expect("embedded schema is JSON");
    assert_eq!(published, embedded);
    assert_eq!(
        published["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    for (name, property) in published["properties"].as_object().unwrap() {
        for key in ["title", "description"] {
            assert!(
                property[key].is_string(),
                "top-level property `{name}` has no {key}"
            );
        }
    }
}

#[test]
fn sample_site_json_matches_schema() {
    let (_dir, out) = build_sample();
    let schema = read_json(&out.join("data/site.schema.json"));
    let site = read_json(&out.join("data/site.json"));
    let validator = validator(&schema);
    let problems = errors(&validator, &site);
    assert!(
        problems.is_empty(),
        "data/site.json does not match its schema:\n{problems}"
    );
    // The sample exercises the parts worth checking, so the test above is not vacuous.
    assert!(!site["reports"].as_array().unwrap().is_empty());
    assert!(!site["updates"].as_array().unwrap().is_empty());
    assert!(!site["okr_years"].as_array().unwrap().is_empty());
}

/// Applies `edit` to a copy of the sample's site.json and asserts the schema rejects it.
fn assert_rejected(
    validator: &jsonschema::Validator,
    site: &Value,
    what: &str,
    edit: impl FnOnce(&mut Value),
) {
    let mut broken = site.clone();
    edit(&mut broken);
    assert!(
        !validator.is_valid(&broken),
        "the schema accepted a site.json with {what}"
    );
}

#[test]
fn schema_rejects_drift() {
    let (_dir, out) = build_sample();
    let schema = read_json(&out.join("data/site.schema.json"));
    let site = read_json(&out.join("data/site.json"));
    let v = validator(&schema);
    assert!(v.is_valid(&site));

    assert_rejected(&v, &site, "a key-result status of `done`", |s| {
        s["reports"][0]["key_results"]["KR1.1"] = json!("done");
    });
    assert_rejected(&v, &site, "a key result named `1.1`", |s| {
        s["reports"][0]["key_results"]["1.1"] = json!("on-target");
    });
    assert_rejected(&v, &site, "a report kind of `weekly`", |s| {
        s["reports"][0]["kind"] = json!("weekly");
    });
    assert_rejected(&v, &site, "a period of `2024-13`", |s| {
        s["reports"][0]["period"] = json!("2024-13");
    });
    assert_rejected(&v, &site, "a period of `2024-Q5`", |s| {
        s["reports"][0]["period"] = json!("2024-Q5");
    });
    assert_rejected(&v, &site, "a first month of `2024-9`", |s| {
        s["reports"][0]["first_month"] = json!("2024-9");
    });
    assert_rejected(&v, &site, "a published date of `2024-02-30x`", |s| {
        s["reports"][0]["published"] = json!("2024-02-30x");
    });
    assert_rejected(&v, &site, "an upcoming event of kind `party`", |s| {
        s["reports"][0]["upcoming"][0]["kind"] = json!("party");
    });
    assert_rejected(&v, &site, "an engagement status of `done`", |s| {
        s["engagements"][0]["status"] = json!("done");
    });
    assert_rejected(&v, &site, "a report without `draft`", |s| {
        s["reports"][0].as_object_mut().unwrap().remove("draft");
    });
    assert_rejected(&v, &site, "an unknown report field", |s| {
        s["reports"][0]["colour"] = json!("blue");
    });
    assert_rejected(&v, &site, "an unknown top-level field", |s| {
        s["extra"] = json!([]);
    });
    assert_rejected(&v, &site, "a missing nullable field", |s| {
        s["program"].as_object_mut().unwrap().remove("email");
    });
    assert_rejected(&v, &site, "a grantee slug with capitals", |s| {
        s["grantees"][0]["slug"] = json!("FreeBSD");
    });
    assert_rejected(&v, &site, "a javascript: homepage", |s| {
        s["engagements"][0]["homepage"] = json!("javascript:alert(1)");
    });
    assert_rejected(&v, &site, "a footer link without a scheme", |s| {
        s["program"]["links"][0]["url"] = json!("example.org");
    });
    assert_rejected(&v, &site, "a period origin of `guess`", |s| {
        s["updates"][0]["period_origin"] = json!({"from": "guess"});
    });
    assert_rejected(&v, &site, "a `none` period origin without a reason", |s| {
        s["updates"][0]["period_origin"] = json!({"from": "none"});
    });
}

#[test]
fn schema_accepts_every_nullable_and_enum_value() {
    let (_dir, out) = build_sample();
    let schema = read_json(&out.join("data/site.schema.json"));
    let site = read_json(&out.join("data/site.json"));
    let v = validator(&schema);

    let mut edited = site.clone();
    let report = &mut edited["reports"][0];
    report["published"] = Value::Null;
    report["summary"] = Value::Null;
    report["funding"] = Value::Null;
    report["period"] = json!("2024-03..2024-04");
    report["key_result_notes"] = json!({"KR1.1": "A *note*."});
    report["upcoming"][0]["date"] = json!("2024-12");
    report["highlights"][0]["title"] = Value::Null;
    for (i, status) in [
        "on-target",
        "at-risk",
        "off-track",
        "planning",
        "not-started",
        "not-measured",
        "completed",
    ]
    .into_iter()
    .enumerate()
    {
        report["key_results"][format!("KR9.{}", i + 1)] = json!(status);
    }
    let engagement = &mut edited["engagements"][0];
    for key in ["name", "start", "end", "status", "homepage", "funding"] {
        engagement[key] = Value::Null;
    }
    let update = &mut edited["updates"][0];
    update["period"] = Value::Null;
    update["period_origin"] = json!({"from": "none", "reason": "no year and month found"});
    update["title"] = Value::Null;
    edited["program"]["email"] = Value::Null;
    edited["program"]["links"][0]["url"] = json!("mailto:team@example.org");
    edited["grantees"][0]["homepage"] = json!("HTTP://example.org/");
    for period in ["2024", "2024-09", "2024-Q1", "2024-H2", "2024-11..2025-02"] {
        edited["reports"][0]["period"] = json!(period);
        let problems = errors(&v, &edited);
        assert!(problems.is_empty(), "period {period}: {problems}");
    }
}
