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
    let mut walker = WalkDir::new(&content)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
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
            if entry.file_type().is_dir() {
                // Not followed means not walked into either.
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match classify(&rel) {
            Ok(kind) if too_large(&entry, &kind) => problems.push(too_large_error(&rel, &entry)),
            Ok(kind) => found.push(ContentFile {
                path: entry.path().to_path_buf(),
                rel,
                kind,
            }),
            Err(d) => problems.push(d),
        }
    }
}

/// Text files are read whole and parsed, so a huge one is refused before it is read (the text
/// decoder refuses it too, for files that grow in between). Assets are copied, never read.
fn too_large(entry: &walkdir::DirEntry, kind: &FileKind) -> bool {
    super::parse::needs_text(kind)
        && entry
            .metadata()
            .is_ok_and(|m| m.len() > super::text::MAX_TEXT_BYTES as u64)
}

fn too_large_error(rel: &str, entry: &walkdir::DirEntry) -> Diagnostic {
    let bytes = entry.metadata().map_or(0, |m| m.len());
    super::text::too_large(rel, bytes)
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
    if let Some(d) = e.path().and_then(|p| broken_link(&rel, p)) {
        return d;
    }
    // walkdir's own message repeats the full path, which the diagnostic already names.
    match e.io_error() {
        Some(io) => Diagnostic::error(rel, format!("cannot read: {io}")),
        None => Diagnostic::error(rel, format!("cannot read: {e}")),
    }
}

/// A symlink whose target cannot be reached: it is missing, or links lead back to each other.
fn broken_link(rel: &str, path: &Path) -> Option<Diagnostic> {
    if !std::fs::symlink_metadata(path)
        .ok()?
        .file_type()
        .is_symlink()
    {
        return None;
    }
    let err = std::fs::metadata(path).err()?;
    let target = std::fs::read_link(path)
        .map(|t| t.display().to_string())
        .unwrap_or_default();
    Some(if err.kind() == std::io::ErrorKind::NotFound {
        Diagnostic::error(
            rel,
            format!("symlink points to `{target}`, which does not exist"),
        )
        .hint("fix the link's target, or remove the link")
    } else {
        Diagnostic::error(
            rel,
            format!(
                "symlink loop: this link (to `{target}`) leads back to itself through other links"
            ),
        )
        .hint("remove the link, or point it at a real file")
    })
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

    #[cfg(unix)]
    fn site_with_link(name: &str, target: &Path) -> tempfile::TempDir {
        let site = tempfile::tempdir().unwrap();
        let reports = site.path().join("content/reports");
        std::fs::create_dir_all(&reports).unwrap();
        std::os::unix::fs::symlink(target, reports.join(name)).unwrap();
        site
    }

    #[cfg(unix)]
    #[test]
    fn does_not_walk_into_links_that_leave_the_site() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let site = site_with_link("elsewhere", outside.path());
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        walk(site.path(), &mut found, &mut problems);
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].file, "content/reports/elsewhere");
        assert!(problems[0].message.contains("outside the site"));
    }

    #[cfg(unix)]
    #[test]
    fn names_dangling_and_looping_links() {
        let site = site_with_link("gone.md", Path::new("nowhere.md"));
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        walk(site.path(), &mut found, &mut problems);
        assert_eq!(
            problems[0].message,
            "symlink points to `nowhere.md`, which does not exist"
        );

        let site = site_with_link("a", Path::new("b"));
        std::os::unix::fs::symlink("a", site.path().join("content/reports/b")).unwrap();
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        walk(site.path(), &mut found, &mut problems);
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .all(|p| p.message.starts_with("symlink loop"))
        );
    }

    #[test]
    fn refuses_huge_text_files_before_reading_them() {
        let site = tempfile::tempdir().unwrap();
        let reports = site.path().join("content/reports");
        std::fs::create_dir_all(&reports).unwrap();
        let file = std::fs::File::create(reports.join("huge.md")).unwrap();
        file.set_len(20 * 1024 * 1024).unwrap();
        let (mut found, mut problems) = (Vec::new(), Vec::new());
        walk(site.path(), &mut found, &mut problems);
        assert!(found.is_empty());
        assert_eq!(
            problems[0].message,
            "file is 20 MB; text files are limited to 8 MB"
        );
    }
}
