//! `grantsite init` makes a site that checks clean and builds, dated from today, refuses a
//! folder that already has a site, and ships a workflow whose own `run:` steps build it.

mod common;

use chrono::Datelike;
use common::*;
use serde_yaml::Value;
use std::path::Path;
use std::process::Command;

/// What the Pages action would say the site's address is, for the workflow's expressions.
const PAGES_URL: &str = "https://octo.github.io/grants";

fn init(site: &Path) {
    let result = grantsite(&["init", site.to_str().unwrap()]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
}

#[test]
fn a_new_site_checks_clean_and_builds_dated_from_today() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    init(&site);
    let check = grantsite(&["check", "--deny-warnings", "-r", site.to_str().unwrap()]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    build(&site, &site.join("public"), &[]);
    let today = chrono::Local::now().date_naive();
    let (year, month) = (today.year(), today.month());
    assert!(site.join(format!("content/okrs/{year}.yaml")).is_file());
    assert!(
        site.join(format!(
            "public/engagements/{year}/example-project/update-{year}-{month:02}/index.html"
        ))
        .is_file()
    );
    assert!(
        site.join(format!("public/reports/{year}-{month:02}/index.html"))
            .is_file()
    );
    assert_eq!(
        read(&site.join(".gitignore")),
        "/public/\n/.public.grantsite-*\n"
    );
}

#[test]
fn init_defaults_to_the_current_folder_and_keeps_its_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("README.md"), "mine").unwrap();
    std::fs::write(dir.path().join(".gitignore"), "/target\n").unwrap();
    let result = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .arg("init")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(result.status.success());
    assert_eq!(read(&dir.path().join("README.md")), "mine");
    assert_eq!(
        read(&dir.path().join(".gitignore")),
        "/target\n/public/\n/.public.grantsite-*\n"
    );
    assert!(dir.path().join("content/program.yaml").is_file());
}

#[test]
fn init_refuses_a_folder_that_has_a_site() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("content")).unwrap();
    std::fs::write(dir.path().join("content/keep.txt"), "mine").unwrap();
    let result = grantsite(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&result.stderr).contains("already has a site"));
    assert_eq!(read(&dir.path().join("content/keep.txt")), "mine");
    assert!(!dir.path().join(".github").exists(), "nothing was written");
}

#[test]
fn init_refuses_to_replace_a_workflow() {
    let dir = tempfile::tempdir().unwrap();
    let workflow = dir.path().join(".github/workflows/grantsite.yml");
    std::fs::create_dir_all(workflow.parent().unwrap()).unwrap();
    std::fs::write(&workflow, "mine").unwrap();
    let result = grantsite(&["init", dir.path().to_str().unwrap()]);
    assert_eq!(result.status.code(), Some(2));
    assert_eq!(read(&workflow), "mine");
    assert!(!dir.path().join("content").exists(), "nothing was written");
}

fn workflow(site: &Path) -> Value {
    serde_yaml::from_str(&read(&site.join(".github/workflows/grantsite.yml")))
        .expect("the workflow is YAML")
}

fn text(v: &Value) -> &str {
    v.as_str()
        .unwrap_or_else(|| panic!("expected a string, found {v:?}"))
}

/// A workflow value with its expressions replaced by what GitHub would put there; any
/// expression the test does not know fails it, so the workflow cannot grow one untested.
fn expand(value: &str) -> String {
    let known = [("${{ steps.pages.outputs.base_url }}", PAGES_URL)];
    let expanded = known
        .iter()
        .fold(value.to_string(), |v, (expr, with)| v.replace(expr, with));
    assert!(
        !expanded.contains("${{"),
        "an expression the test does not know: {value}"
    );
    expanded
}

fn env_of(node: &Value) -> Vec<(String, String)> {
    node.get("env")
        .and_then(Value::as_mapping)
        .into_iter()
        .flatten()
        .map(|(k, v)| (text(k).to_string(), expand(text(v))))
        .collect()
}

/// Runs one job's `run:` steps in order in `site`, as a runner would with `bash`, with the
/// binary under test on PATH in place of the install step; `uses:` steps are GitHub's.
fn run_job(site: &Path, workflow: &Value, job: &str) {
    let job_node = &workflow["jobs"][job];
    let steps = job_node["steps"].as_sequence().expect("steps");
    let install: Vec<&Value> = steps.iter().filter(|s| s["id"] == "install").collect();
    assert_eq!(install.len(), 1, "{job}: one install step");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_grantsite")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for step in steps.iter().filter(|s| s["id"] != "install") {
        let Some(script) = step.get("run") else {
            continue;
        };
        let script = expand(text(script));
        let result = Command::new("bash")
            .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
            .current_dir(site)
            .envs(env_of(workflow))
            .envs(env_of(job_node))
            .envs(env_of(step))
            .env("PATH", &path)
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{job}: `{script}` failed:\n{}{}",
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

#[test]
fn the_workflow_checks_pull_requests_and_builds_with_the_pages_address() {
    let dir = tempfile::tempdir().unwrap();
    let (pr, push) = (dir.path().join("pr"), dir.path().join("push"));
    init(&pr);
    init(&push);
    let shipped = workflow(&pr);
    run_job(&pr, &shipped, "check");
    assert!(pr.join("public/index.html").is_file());
    run_job(&push, &shipped, "build");
    let sitemap = read(&push.join("public/sitemap.xml"));
    assert!(
        sitemap.contains(&format!("{PAGES_URL}/reports/")),
        "{sitemap}"
    );
}

#[test]
fn the_workflow_publishes_what_it_built_and_never_cancels_a_deploy() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path());
    let w = workflow(dir.path());
    assert_eq!(w["concurrency"]["cancel-in-progress"], false);
    let uses = |job: &str| -> Vec<String> {
        w["jobs"][job]["steps"]
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|s| s.get("uses").map(|u| text(u).to_string()))
            .collect()
    };
    let build = uses("build");
    assert!(
        build
            .iter()
            .any(|u| u.starts_with("actions/configure-pages@"))
    );
    assert!(
        build
            .iter()
            .any(|u| u.starts_with("actions/upload-pages-artifact@"))
    );
    assert!(
        uses("deploy")
            .iter()
            .any(|u| u.starts_with("actions/deploy-pages@"))
    );
    let upload = w["jobs"]["build"]["steps"]
        .as_sequence()
        .unwrap()
        .iter()
        .find(|s| {
            s.get("uses")
                .is_some_and(|u| text(u).contains("upload-pages"))
        })
        .unwrap();
    assert_eq!(
        upload["with"]["path"], "public",
        "uploads the build's output"
    );
    let permissions = &w["jobs"]["deploy"]["permissions"];
    assert_eq!(permissions["pages"], "write");
    assert_eq!(permissions["id-token"], "write");
    assert_eq!(w["permissions"]["contents"], "read");
}
