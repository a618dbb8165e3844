//! `grantsite init [DIR]`: a minimal site, dated from today, that builds as is, shows every
//! kind of file and publishes itself with GitHub Pages; and `grantsite theme`: the default theme
//! written out, to be edited.

mod new_file;
pub mod report;
pub mod update;

pub use new_file::NewError;

use chrono::{Datelike, NaiveDate};
use std::path::Path;

/// The workflow `init` writes, with `{{version}}`, `{{repository}}` and `{{check_format}}`
/// filled in.
const WORKFLOW: &str = include_str!("scaffold/grantsite.yml");
pub const WORKFLOW_PATH: &str = ".github/workflows/grantsite.yml";

/// What a site's repository should not track: the output and the staging folders beside it.
const GITIGNORE: [&str; 2] = ["/public/", "/.public.grantsite-*"];

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} already has a site (content/); nothing was written")]
    HasSite(String),
    #[error("{0} exists; nothing was written (move it away, or start in a new folder)")]
    Exists(String),
    #[error("the theme has no file `{name}`{hint} (`grantsite theme` lists them)")]
    NotInTheme { name: String, hint: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

/// Writes a new site into `dir` (created if needed), dated from `today`: the report of the
/// current month, the current year's OKRs and an engagement with one update. A folder that
/// already has other files (a fresh repository's README, `.git/`) is fine; one with
/// `content/`, or with any file this would write, is refused before anything is written.
/// An existing `.gitignore` gets the missing lines appended.
pub fn init(dir: &Path, today: NaiveDate) -> Result<Vec<String>, ScaffoldError> {
    if dir.join("content").symlink_metadata().is_ok() {
        return Err(ScaffoldError::HasSite(dir.display().to_string()));
    }
    let files = files(today);
    if let Some((taken, _)) = files
        .iter()
        .find(|(path, _)| dir.join(path).symlink_metadata().is_ok())
    {
        return Err(ScaffoldError::Exists(dir.join(taken).display().to_string()));
    }
    for (path, text) in &files {
        write_file(&dir.join(path), text)?;
    }
    add_to_gitignore(&dir.join(".gitignore"))?;
    Ok(files.into_iter().map(|(path, _)| path).collect())
}

/// Every file of a new site, by path inside it.
fn files(today: NaiveDate) -> Vec<(String, String)> {
    let (year, month) = (today.year(), today.month());
    let period = format!("{year:04}-{month:02}");
    let month_name =
        chrono::Month::try_from(u8::try_from(month).unwrap_or(1)).map_or("January", |m| m.name());
    let engagement = format!("content/engagements/{year}/Example Project");
    vec![
        (
            "content/program.yaml".into(),
            "name: My Grant Program\ntagline: Funding security work in open source\nbase_url: https://example.org/\ncontact:\n  email: team@example.org\n".into(),
        ),
        (
            format!("content/okrs/{year}.yaml"),
            format!("objectives:\n  - id: O1\n    text: Improve the security of critical open source projects\n    key_results:\n      - id: KR1.1\n        text: Fund at least five security engagements\n        due: {year}-12-31\n"),
        ),
        (
            format!("content/reports/{year}/{period}.md"),
            format!("---\ntitle: {month_name} {year}\nkind: monthly\nperiod: {period}\nsummary: Our first report.\nokrs:\n  KR1.1: on-target\nengagements:\n  new: [example-project]\n---\n\nWhat happened this month.\n"),
        ),
        (
            format!("{engagement}/README.md"),
            "---\nname: Example Project security audit\nstatus: active\n---\n\nWhat this engagement is about.\n".into(),
        ),
        (
            format!("{engagement}/update-{period}.md"),
            format!("# Example Project Update - {month_name} {year}\n\nWhat the grantee did this month.\n"),
        ),
        (WORKFLOW_PATH.into(), workflow()),
    ]
}

/// The Pages workflow, pinned to this grantsite's release.
pub fn workflow() -> String {
    WORKFLOW
        .replace("{{version}}", env!("CARGO_PKG_VERSION"))
        .replace("{{repository}}", env!("CARGO_PKG_REPOSITORY"))
        .replace("{{check_format}}", check_format())
}

/// `github` (annotations on the pull request) where this `check` has that format, else
/// `json`, so that the workflow never asks for a format its pinned release lacks.
fn check_format() -> &'static str {
    use clap::ValueEnum;
    let has = |name: &str| {
        crate::cli::Format::value_variants()
            .iter()
            .filter_map(ValueEnum::to_possible_value)
            .any(|v| v.get_name() == name)
    };
    if has("github") { "github" } else { "json" }
}

fn add_to_gitignore(path: &Path) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: path.display().to_string(),
        source,
    };
    let mut text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(io(e)),
    };
    let missing: Vec<&str> = GITIGNORE
        .into_iter()
        .filter(|line| !text.lines().any(|l| l.trim() == *line))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(path, text).map_err(io)
}

/// Writes one new file, making its folders; never replaces one.
fn write_file(target: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: target.display().to_string(),
        source,
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(target)
        .map_err(io)?;
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
}

/// Every theme file a site may replace, by the name it has under `templates/`: templates,
/// static files (`static/grantsite.css`) and translation tables (`i18n/de.yaml`).
pub fn theme_files() -> impl Iterator<Item = (String, &'static str)> {
    let theme = crate::render::theme::DEFAULTS.iter();
    let files = theme.chain(crate::render::theme::STATIC).copied();
    let tables = crate::i18n::SHIPPED
        .iter()
        .map(|&(language, text)| (format!("i18n/{language}.yaml"), text));
    files
        .map(|(name, text)| (name.to_string(), text))
        .chain(tables)
}

/// Writes the named theme files (`report.html`, `static/grantsite.css`) into `root/templates/`,
/// where each replaces the default of its name. One file at a time, so the rest of the theme
/// keeps receiving grantsite's fixes; `all` writes every file that is not there yet. Returns
/// the paths written.
pub fn eject_theme(root: &Path, names: &[String], all: bool) -> Result<Vec<String>, ScaffoldError> {
    let mut chosen = Vec::new();
    for name in names {
        let found = theme_files().find(|(n, _)| n == name);
        let Some(file) = found else {
            let names: Vec<String> = theme_files().map(|(n, _)| n).collect();
            let close = crate::diagnostics::suggest(name, names.iter().map(String::as_str));
            return Err(ScaffoldError::NotInTheme {
                name: name.clone(),
                hint: close.map_or_else(String::new, |c| format!("; did you mean `{c}`?")),
            });
        };
        let target = root.join("templates").join(&file.0);
        if target.symlink_metadata().is_ok() {
            return Err(ScaffoldError::Exists(target.display().to_string()));
        }
        chosen.push(file);
    }
    if all {
        chosen.extend(theme_files().filter(|(n, _)| !root.join("templates").join(n).exists()));
    }
    let mut written = Vec::new();
    for (name, text) in chosen {
        let target = root.join("templates").join(name);
        write_file(&target, text)?;
        written.push(target.display().to_string());
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_new_site_is_dated_from_today() {
        let paths: Vec<String> = files(day(2031, 3, 9)).into_iter().map(|(p, _)| p).collect();
        for expected in [
            "content/okrs/2031.yaml",
            "content/reports/2031/2031-03.md",
            "content/engagements/2031/Example Project/update-2031-03.md",
        ] {
            assert!(paths.iter().any(|p| p == expected), "{expected}: {paths:?}");
        }
        let report = &files(day(2031, 3, 9))[2].1;
        assert!(report.contains("title: March 2031\n") && report.contains("period: 2031-03\n"));
    }

    #[test]
    fn the_workflow_is_pinned_to_this_release() {
        let workflow = workflow();
        assert!(workflow.contains(&format!(
            "GRANTSITE_VERSION: \"{}\"",
            env!("CARGO_PKG_VERSION")
        )));
        for placeholder in ["{{version}}", "{{repository}}", "{{check_format}}"] {
            assert!(!workflow.contains(placeholder), "{placeholder} left");
        }
    }

    #[test]
    fn gitignore_lines_are_added_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitignore");
        std::fs::write(&path, "target").unwrap();
        add_to_gitignore(&path).unwrap();
        add_to_gitignore(&path).unwrap();
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "target\n/public/\n/.public.grantsite-*\n"
        );
    }
}
