//! Finds the files under the site's folders, `content/`, `templates/` and `static/`, by one set
//! of rules: junk that systems and editors leave behind is skipped, and a symlink is followed
//! only when it resolves to a file the walk could have found itself, inside the folder it was
//! found in, so no link publishes `.git/config`, `.env` or `/etc/passwd`. Loops end in an
//! error, not a hang. Content files are also told apart by where they sit.

use crate::diagnostics::{Code, Diagnostic};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub const CONTENT: &str = "content";
pub const TEMPLATES: &str = "templates";
pub const STATIC: &str = "static";

/// One of the site's folders as it resolves on disk: the boundary its links must stay in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Folder {
    pub name: &'static str,
    /// Canonical.
    dir: PathBuf,
    /// The folder itself is a symlink.
    linked: bool,
}

/// A file found under a folder, after the junk and symlink rules.
#[derive(Debug)]
pub struct Found {
    /// Site-relative, `/`-separated, starting with the folder's name.
    pub rel: String,
    /// The file to read or copy; for a link, its resolved target.
    pub path: PathBuf,
    pub len: u64,
    /// `None` when the file's metadata could not be read: it is read again every time.
    pub stamp: Option<Stamp>,
}

/// What a file looked like when it was found (size, modification time, and on Unix which
/// file it is), so that `serve` re-reads only files that changed. A same-size edit within
/// the clock's granularity keeps the stamp: the watcher names those files.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    file: (u64, u64),
}

impl Stamp {
    fn of(meta: &std::fs::Metadata) -> Stamp {
        #[cfg(unix)]
        let file = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let file = (0, 0);
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            file,
        }
    }
}

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
    pub stamp: Option<Stamp>,
}

/// Files that operating systems and editors leave behind. `.well-known/` is the one hidden
/// folder websites publish (RFC 8615), from `static/`.
fn is_junk(name: &str) -> bool {
    (name.starts_with('.') && name != ".well-known")
        || name.ends_with('~')
        || name.starts_with("~$")
        || matches!(name, "Thumbs.db" | "desktop.ini")
}

/// Is `target` inside `boundary`, by a path the walk itself would take (no junk on the way)?
fn within(target: &Path, boundary: &Path) -> bool {
    target.strip_prefix(boundary).is_ok_and(|rest| {
        rest.components()
            .all(|c| !is_junk(&c.as_os_str().to_string_lossy()))
    })
}

/// The site's folders that exist, each resolved. A folder may itself be a symlink (`content ->
/// data/content`) when it leads to a folder inside the site folder that is not the site folder
/// itself, not hidden (`.git`), and not one of the other two or around them; its target is then
/// the boundary for the links inside it. A folder that breaks this is an error and is not read.
pub fn folders(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<Folder> {
    let site = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut folders: Vec<Folder> = Vec::new();
    for name in [CONTENT, TEMPLATES, STATIC] {
        match resolve(root, &site, name) {
            Ok(Some(folder)) => match folders.iter().find(|f| overlap(f, &folder)) {
                Some(other) => problems.push(overlapping(&folder, other, &site)),
                None => folders.push(folder),
            },
            Ok(None) => {}
            Err(d) => problems.push(d),
        }
    }
    folders
}

fn resolve(root: &Path, site: &Path, name: &'static str) -> Result<Option<Folder>, Diagnostic> {
    let path = root.join(name);
    let meta = match std::fs::symlink_metadata(&path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(Diagnostic::error(
                Code::CannotRead,
                name,
                format!("cannot read: {e}"),
            ));
        }
    };
    let linked = meta.file_type().is_symlink();
    let dir = path.canonicalize().map_err(|e| {
        broken_link(name, &path).unwrap_or_else(|| {
            Diagnostic::error(Code::CannotRead, name, format!("cannot read: {e}"))
        })
    })?;
    if let Some(why) = linked.then(|| refused_link_target(&dir, site)).flatten() {
        return Err(Diagnostic::error(Code::FolderLinkRefused,
            name,
            format!(
                "`{name}` is a symlink to `{}`, {why}; not read",
                shown(&dir, site)
            ),
        )
        .hint(format!(
            "make {name}/ a real folder, or link it to a folder inside the site folder (not the site folder itself, nor a hidden one such as .git)"
        )));
    }
    if !dir.is_dir() {
        return Err(
            Diagnostic::error(Code::NotAFolder, name, format!("`{name}` is not a folder"))
                .hint(format!("make {name}/ a folder, or remove the file")),
        );
    }
    Ok(Some(Folder { name, dir, linked }))
}

/// Why a top-level folder may not be a link to `dir`, if it may not.
fn refused_link_target(dir: &Path, site: &Path) -> Option<&'static str> {
    if dir == site {
        Some("the site folder itself")
    } else if within(dir, site) {
        None
    } else if dir.starts_with(site) {
        Some("a hidden folder")
    } else {
        Some("outside the site folder")
    }
}

fn overlap(a: &Folder, b: &Folder) -> bool {
    a.dir.starts_with(&b.dir) || b.dir.starts_with(&a.dir)
}

/// Only a linked folder can overlap another; the diagnostic names the link.
fn overlapping(new: &Folder, old: &Folder, site: &Path) -> Diagnostic {
    let (link, other) = if new.linked { (new, old) } else { (old, new) };
    Diagnostic::error(
        Code::FolderLinkRefused,
        link.name,
        format!(
            "`{}` is a symlink to `{}`, which overlaps {}/; not read",
            link.name,
            shown(&link.dir, site),
            other.name
        ),
    )
    .hint("content/, templates/ and static/ must each be a folder of their own")
}

/// A resolved path as the user knows it: site-relative when it is inside the site.
fn shown(path: &Path, site: &Path) -> String {
    match path.strip_prefix(site) {
        Ok(rest) if rest.as_os_str().is_empty() => ".".to_string(),
        Ok(rest) => relative(Path::new(""), rest),
        Err(_) => path.display().to_string(),
    }
}

impl Folder {
    fn rel(&self, path: &Path) -> String {
        match relative(&self.dir, path) {
            rest if rest.is_empty() => self.name.to_string(),
            rest => format!("{}/{rest}", self.name),
        }
    }

    /// Where a link found in this folder leads, if it may be followed.
    fn follow(&self, link: &Path) -> Result<PathBuf, String> {
        let written = std::fs::read_link(link)
            .map(|t| t.display().to_string())
            .unwrap_or_default();
        let target = link
            .canonicalize()
            .map_err(|e| format!("symlink to `{written}` cannot be read: {e}"))?;
        if within(&target, &self.dir) {
            Ok(target)
        } else if target.starts_with(&self.dir) {
            Err(format!(
                "symlink to `{written}` leads to a hidden or junk file; not followed"
            ))
        } else {
            Err(format!(
                "symlink to `{written}` leads outside {}/; not followed",
                self.name
            ))
        }
    }
}

/// Every file under `folder`, sorted by path.
pub fn files(folder: &Folder, problems: &mut Vec<Diagnostic>) -> Vec<Found> {
    let mut found = Vec::new();
    each_file(folder, problems, |file, _| found.push(file));
    found
}

/// `files`, each handed to `found` as the walk reaches it (with the problems, for its own).
fn each_file(
    folder: &Folder,
    problems: &mut Vec<Diagnostic>,
    mut found: impl FnMut(Found, &mut Vec<Diagnostic>),
) {
    let mut walker = WalkDir::new(&folder.dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                problems.push(walk_error(folder, &e));
                continue;
            }
        };
        let rel = folder.rel(entry.path());
        let mut path = entry.path().to_path_buf();
        if entry.path_is_symlink() {
            match folder.follow(entry.path()) {
                Ok(target) => path = target,
                Err(message) => {
                    problems.push(Diagnostic::error(Code::SymlinkOutside, &rel, message).hint(
                        format!(
                            "copy the file into {}/ instead of linking to it",
                            folder.name
                        ),
                    ));
                    if entry.file_type().is_dir() {
                        // Not followed means not walked into either.
                        walker.skip_current_dir();
                    }
                    continue;
                }
            }
        }
        if entry.file_type().is_file() {
            let stamp = entry.metadata().ok().map(|m| Stamp::of(&m));
            let file = Found {
                rel,
                path,
                len: stamp.map_or(0, |s| s.len),
                stamp,
            };
            found(file, problems);
        }
    }
}

/// Site files whose paths differ only in case (`Update.md`, `update.md`) are one file on macOS
/// and Windows: a checkout there keeps one of them, and a build there publishes the other.
/// Two profile spellings in one folder are left to the grantee check, which says more.
pub fn case_clashes<'a>(rels: impl IntoIterator<Item = &'a str>) -> Vec<Diagnostic> {
    let mut seen: HashMap<String, &str> = HashMap::new();
    let mut problems = Vec::new();
    for rel in rels {
        let Some(first) = seen.insert(rel.to_lowercase(), rel) else {
            continue;
        };
        let name = |path: &str| path.rsplit('/').next().unwrap_or_default().to_string();
        if super::parse::is_profile_name(&name(first)) && super::parse::is_profile_name(&name(rel))
        {
            continue;
        }
        problems.push(
            Diagnostic::error(
                Code::CaseClash,
                rel,
                format!(
                    "differs from {first} only in case; on macOS and Windows the two are one file"
                ),
            )
            .hint("rename one of them, or remove it"),
        );
    }
    problems
}

/// The content files under `content/`, each with its kind.
pub fn content(folder: &Folder, problems: &mut Vec<Diagnostic>) -> Vec<ContentFile> {
    let mut content = Vec::new();
    each_content_file(folder, problems, |file| content.push(file));
    content
}

/// `content`, each file handed to `found` as the walk reaches it, so that reading it need
/// not wait for the whole walk.
pub fn each_content_file(
    folder: &Folder,
    problems: &mut Vec<Diagnostic>,
    mut found: impl FnMut(ContentFile),
) {
    each_file(folder, problems, |file, problems| {
        match classify(&file.rel) {
            Ok(kind) if too_large(file.len, &kind) => {
                problems.push(super::text::too_large(&file.rel, file.len));
            }
            Ok(kind) => found(ContentFile {
                path: file.path,
                rel: file.rel,
                kind,
                stamp: file.stamp,
            }),
            Err(d) => problems.push(d),
        }
    });
}

impl ContentFile {
    /// Takes a new stamp of a file found before, whose contents or metadata changed (nothing
    /// was made, removed or renamed); `false` if the walk would no longer find it as it is
    /// (it is no longer a file, or now too large to read), so the folder must be walked again.
    pub fn restamp(&mut self) -> bool {
        let Ok(meta) = std::fs::metadata(&self.path) else {
            return false;
        };
        self.stamp = Some(Stamp::of(&meta));
        meta.is_file() && !too_large(meta.len(), &self.kind)
    }
}

/// Text files are read whole and parsed, so a huge one is refused before it is read (the text
/// decoder refuses it too, for files that grow in between). Assets are copied, never read.
fn too_large(len: u64, kind: &FileKind) -> bool {
    super::parse::needs_text(kind) && len > super::text::MAX_TEXT_BYTES as u64
}

fn walk_error(folder: &Folder, e: &walkdir::Error) -> Diagnostic {
    let rel = e
        .path()
        .map_or_else(|| folder.name.to_string(), |p| folder.rel(p));
    if e.loop_ancestor().is_some() {
        return Diagnostic::error(
            Code::SymlinkLoop,
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
        Some(io) => Diagnostic::error(Code::CannotRead, rel, format!("cannot read: {io}")),
        None => Diagnostic::error(Code::CannotRead, rel, format!("cannot read: {e}")),
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
            Code::SymlinkBroken,
            rel,
            format!("symlink points to `{target}`, which does not exist"),
        )
        .hint("fix the link's target, or remove the link")
    } else {
        Diagnostic::error(
            Code::SymlinkLoop,
            rel,
            format!(
                "symlink loop: this link (to `{target}`) leads back to itself through other links"
            ),
        )
        .hint("remove the link, or point it at a real file")
    })
}

fn relative(root: &Path, path: &Path) -> String {
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
        Diagnostic::warning(Code::NotContent, rel, format!("{why}; ignored"))
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
                Diagnostic::error(
                    Code::FolderNotAYear,
                    rel,
                    format!("engagement folder `{year}` is not a year"),
                )
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

    fn walk(root: &Path) -> (Vec<ContentFile>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let folders = folders(root, &mut problems);
        let content = folders.iter().find(|f| f.name == CONTENT);
        let found = content.map_or_else(Vec::new, |f| super::content(f, &mut problems));
        (found, problems)
    }

    /// Every file found under the site's folder `name`, as (rel, resolved path).
    fn walk_folder(root: &Path, name: &str) -> (Vec<(String, PathBuf)>, Vec<Diagnostic>) {
        let mut problems = Vec::new();
        let folders = folders(root, &mut problems);
        let found = folders
            .iter()
            .filter(|f| f.name == name)
            .flat_map(|f| files(f, &mut problems))
            .map(|f| (f.rel, f.path))
            .collect();
        (found, problems)
    }

    #[cfg(unix)]
    fn link(target: impl AsRef<Path>, at: &Path) {
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target, at).unwrap();
    }

    #[cfg(unix)]
    fn site_with_link(name: &str, target: &Path) -> tempfile::TempDir {
        let site = tempfile::tempdir().unwrap();
        link(target, &site.path().join("content/reports").join(name));
        site
    }

    fn assert_one_error(problems: &[Diagnostic], file: &str, message: &str) {
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].severity, crate::diagnostics::Severity::Error);
        assert_eq!(problems[0].file, file);
        assert_eq!(problems[0].message, message);
    }

    #[cfg(unix)]
    #[test]
    fn does_not_walk_into_links_that_leave_the_site() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let site = site_with_link("elsewhere", outside.path());
        let (found, problems) = walk(site.path());
        assert!(found.is_empty(), "{found:?}");
        let message = format!(
            "symlink to `{}` leads outside content/; not followed",
            outside.path().display()
        );
        assert_one_error(&problems, "content/reports/elsewhere", &message);
        assert!(
            problems[0]
                .hint
                .as_deref()
                .unwrap()
                .contains("copy the file")
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_content_link_to_the_git_config_of_the_site() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join(".git")).unwrap();
        std::fs::write(site.path().join(".git/config"), "token").unwrap();
        std::fs::write(site.path().join(".env"), "SECRET=1").unwrap();
        let org = site.path().join("content/engagements/2024/x");
        link("../../../../.git/config", &org.join("logo.png"));
        link("../../../../.git", &org.join("git"));
        link("../../../../.env", &org.join("env.txt"));
        let (found, problems) = walk(site.path());
        assert!(found.is_empty(), "{found:?}");
        let files: Vec<_> = problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(
            files,
            [
                "content/engagements/2024/x/env.txt",
                "content/engagements/2024/x/git",
                "content/engagements/2024/x/logo.png",
            ]
        );
        assert!(
            problems
                .iter()
                .all(|p| p.severity == crate::diagnostics::Severity::Error)
        );
        assert_eq!(
            problems[2].message,
            "symlink to `../../../../.git/config` leads outside content/; not followed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn follows_a_link_to_a_sibling_inside_content() {
        let site = tempfile::tempdir().unwrap();
        let org = site.path().join("content/engagements/2024/x");
        std::fs::create_dir_all(&org).unwrap();
        std::fs::write(org.join("real.png"), "png").unwrap();
        link("real.png", &org.join("logo.png"));
        link("x", &site.path().join("content/engagements/2024/y"));
        let (found, problems) = walk(site.path());
        assert!(problems.is_empty(), "{problems:?}");
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(
            rels,
            [
                "content/engagements/2024/x/logo.png",
                "content/engagements/2024/x/real.png",
                "content/engagements/2024/y/logo.png",
                "content/engagements/2024/y/real.png",
            ]
        );
        let real = org.join("real.png").canonicalize().unwrap();
        assert_eq!(found[0].path, real, "a link is read from its target");
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_into_a_hidden_file_inside_the_folder() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("static")).unwrap();
        std::fs::write(site.path().join("static/.env"), "SECRET=1").unwrap();
        link(".env", &site.path().join("static/env.txt"));
        let (found, problems) = walk_folder(site.path(), STATIC);
        assert!(found.is_empty(), "{found:?}");
        assert_one_error(
            &problems,
            "static/env.txt",
            "symlink to `.env` leads to a hidden or junk file; not followed",
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_static_link_to_a_file_outside_the_site() {
        let outside = tempfile::NamedTempFile::new().unwrap();
        let site = tempfile::tempdir().unwrap();
        link(outside.path(), &site.path().join("static/passwd"));
        link("/etc/passwd", &site.path().join("static/etc/passwd"));
        let (found, problems) = walk_folder(site.path(), STATIC);
        assert!(found.is_empty(), "{found:?}");
        let files: Vec<_> = problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["static/etc/passwd", "static/passwd"]);
        assert_eq!(
            problems[0].message,
            "symlink to `/etc/passwd` leads outside static/; not followed"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_static_folder_linked_outside_the_site_is_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("passwd"), "root").unwrap();
        let site = tempfile::tempdir().unwrap();
        link(outside.path(), &site.path().join("static"));
        let (found, problems) = walk_folder(site.path(), STATIC);
        assert!(found.is_empty(), "{found:?}");
        let target = outside.path().canonicalize().unwrap();
        assert_one_error(
            &problems,
            "static",
            &format!(
                "`static` is a symlink to `{}`, outside the site folder; not read",
                target.display()
            ),
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_to_the_site_folder_or_into_git_is_not_read() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join(".git")).unwrap();
        std::fs::write(site.path().join(".git/config"), "token").unwrap();
        link(".", &site.path().join("static"));
        link(".git", &site.path().join("templates"));
        let (mut problems, mut found) = (Vec::new(), Vec::new());
        for folder in folders(site.path(), &mut problems) {
            found.extend(files(&folder, &mut problems));
        }
        assert!(found.is_empty(), "{found:?}");
        let messages: Vec<_> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`templates` is a symlink to `.git`, a hidden folder; not read",
                "`static` is a symlink to `.`, the site folder itself; not read",
            ]
        );
    }

    #[cfg(unix)]
    #[test]
    fn content_may_be_a_link_to_a_folder_inside_the_site() {
        let site = tempfile::tempdir().unwrap();
        let data = site.path().join("data/content");
        std::fs::create_dir_all(data.join("reports")).unwrap();
        std::fs::write(data.join("program.yaml"), "name: x").unwrap();
        std::fs::write(site.path().join("data/secret.md"), "x").unwrap();
        link("data/content", &site.path().join("content"));
        // The boundary is the folder content/ resolves to, not the site folder.
        link("../../secret.md", &data.join("reports/r.md"));
        let (found, problems) = walk(site.path());
        let rels: Vec<_> = found.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["content/program.yaml"]);
        assert_one_error(
            &problems,
            "content/reports/r.md",
            "symlink to `../../secret.md` leads outside content/; not followed",
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_linked_around_another_is_not_read() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("data/content")).unwrap();
        link("data/content", &site.path().join("content"));
        link("data", &site.path().join("static"));
        let (found, problems) = walk_folder(site.path(), STATIC);
        assert!(found.is_empty(), "{found:?}");
        assert_one_error(
            &problems,
            "static",
            "`static` is a symlink to `data`, which overlaps content/; not read",
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_theme_file_that_links_outside_templates() {
        let site = tempfile::tempdir().unwrap();
        link(
            "/etc/passwd",
            &site.path().join("templates/static/grantsite.css"),
        );
        let (found, problems) = walk_folder(site.path(), TEMPLATES);
        assert!(found.is_empty(), "{found:?}");
        assert_one_error(
            &problems,
            "templates/static/grantsite.css",
            "symlink to `/etc/passwd` leads outside templates/; not followed",
        );
    }

    #[test]
    fn skips_junk_in_every_folder_but_keeps_well_known() {
        let site = tempfile::tempdir().unwrap();
        for file in [
            "templates/.DS_Store",
            "templates/report.html~",
            "templates/static/Thumbs.db",
            "static/.DS_Store",
            "static/.git/config",
            "static/.well-known/security.txt",
        ] {
            let path = site.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        assert!(walk_folder(site.path(), TEMPLATES).0.is_empty());
        let (found, problems) = walk_folder(site.path(), STATIC);
        assert!(problems.is_empty(), "{problems:?}");
        let rels: Vec<_> = found.iter().map(|(rel, _)| rel.as_str()).collect();
        assert_eq!(rels, ["static/.well-known/security.txt"]);
    }

    #[cfg(unix)]
    #[test]
    fn names_dangling_and_looping_links() {
        let site = site_with_link("gone.md", Path::new("nowhere.md"));
        let (_, problems) = walk(site.path());
        assert_eq!(
            problems[0].message,
            "symlink points to `nowhere.md`, which does not exist"
        );

        let site = site_with_link("a", Path::new("b"));
        std::os::unix::fs::symlink("a", site.path().join("content/reports/b")).unwrap();
        let (_, problems) = walk(site.path());
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
        let (found, problems) = walk(site.path());
        assert!(found.is_empty());
        assert_eq!(
            problems[0].message,
            "file is 20 MB; text files are limited to 8 MB"
        );
    }
}
