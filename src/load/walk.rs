//! Finds the files under `content/` and says what each one is, by where it sits. Symlinks are
//! followed only while they stay inside the site; loops end in an error, not a hang.

use crate::diagnostics::Diagnostic;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Program,
    Grantees,
    Okrs {
        year: i32,
    },
    Report,
    /// Anything inside `engagements/<year>/<org>/`; `rest` is the path below the org folder.
    Engagement {
        year: i32,
        org: String,
        rest: Vec<String>,
    },
}

#[derive(Debug, Clone)]
pub struct ContentFile {
    pub path: PathBuf,
    /// Site-relative, `/`-separated: the name used in diagnostics and `site.json`.
    pub rel: String,
    pub kind: FileKind,
}

/// Files that operating systems and editors leave behind.
fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with("~$")
        || matches!(name, "Thumbs.db" | "desktop.ini")
}

pub fn walk(root: &Path, found: &mut Vec<ContentFile>, problems: &mut Vec<Diagnostic>) {
    let content = root.join("content");
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(walk_error(root, &e));
                continue;
            }
        };
        let rel = relative(root, entry.path());
        if entry.path_is_symlink() && !stays_inside(entry.path(), &canonical_root) {
            problems.push(
                Diagnostic::warning(&rel, "symlink points outside the site; not followed")
                    .hint("copy the file into content/ instead of linking to it"),
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match classify(&rel) {
            Ok(kind) => found.push(ContentFile {
                path: entry.path().to_path_buf(),
                rel,
                kind,
            }),
            Err(d) => problems.push(d),
        }
    }
}

fn stays_inside(path: &Path, canonical_root: &Path) -> bool {
    path.canonicalize()
        .is_ok_and(|target| target.starts_with(canonical_root))
}

fn walk_error(root: &Path, e: &walkdir::Error) -> Diagnostic {
    let rel = e
        .path()
        .map_or_else(|| "content".to_string(), |p| relative(root, p));
    if e.loop_ancestor().is_some() {
        return Diagnostic::error(
            rel,
            "symlink loop: this link points back to a folder above it",
        )
        .hint("remove the link");
    }
    Diagnostic::error(rel, format!("cannot read: {e}"))
}

pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<_> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}

fn yaml_stem(name: &str) -> Option<&str> {
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
}

fn is_markdown(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

fn classify(rel: &str) -> Result<FileKind, Diagnostic> {
    let parts: Vec<&str> = rel.split('/').skip(1).collect();
    let ignored = |why: &str| {
        Diagnostic::warning(rel, format!("{why}; ignored"))
            .hint("see docs/format.md for where each kind of file goes")
    };
    match parts.as_slice() {
        ["program.yaml" | "program.yml"] => Ok(FileKind::Program),
        ["grantees.yaml" | "grantees.yml"] => Ok(FileKind::Grantees),
        ["okrs", name] => {
            let year = yaml_stem(name).and_then(parse_year);
            year.map(|year| FileKind::Okrs { year })
                .ok_or_else(|| ignored("OKR files are named after their year, e.g. okrs/2024.yaml"))
        }
        ["reports", .., name] if is_markdown(name) => Ok(FileKind::Report),
        ["reports", ..] => Err(ignored("only Markdown files are reports")),
        ["engagements", year, org, rest @ ..] if !rest.is_empty() => {
            let year = parse_year(year).ok_or_else(|| {
                Diagnostic::error(rel, format!("engagement folder `{year}` is not a year"))
                    .hint("engagements live in content/engagements/<year>/<organization>/")
            })?;
            Ok(FileKind::Engagement {
                year,
                org: org.to_string(),
                rest: rest.iter().map(|s| s.to_string()).collect(),
            })
        }
        _ => Err(ignored("not part of the content format")),
    }
}

pub fn parse_year(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_location() {
        assert_eq!(classify("content/program.yaml"), Ok(FileKind::Program));
        assert_eq!(
            classify("content/okrs/2024.yaml"),
            Ok(FileKind::Okrs { year: 2024 })
        );
        assert_eq!(
            classify("content/reports/2024/2024-09.md"),
            Ok(FileKind::Report)
        );
        assert_eq!(
            classify("content/engagements/2024/Node.js/pic/a.png"),
            Ok(FileKind::Engagement {
                year: 2024,
                org: "Node.js".into(),
                rest: vec!["pic".into(), "a.png".into()],
            })
        );
        assert!(classify("content/engagements/twenty/x/README.md").is_err());
        assert!(classify("content/stray.md").is_err());
    }

    #[test]
    fn ignores_junk_files() {
        for name in [".DS_Store", "notes.md~", "Thumbs.db", ".git"] {
            assert!(is_junk(name), "{name}");
        }
        assert!(!is_junk("README.md"));
    }
}
