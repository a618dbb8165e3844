//! The only code that writes the output folder. A build is written beside the output into a
//! staging folder, each file as it is rendered, and swapped in only when every file is
//! written, so a failed or interrupted build leaves the previous site as it was. Paths are checked so nothing can land outside, and
//! the output can never be a folder whose loss would destroy the site.

use crate::render::Rendered;
use rayon::prelude::*;
use std::collections::HashSet;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;

/// The file at the root of every output folder that says grantsite wrote it; only a folder with
/// it is replaced without `--force`.
pub const MARKER: &str = ".grantsite-output";
const MARKER_TEXT: &str = "This folder was written by `grantsite build`, which replaces it as a whole on the next build.\n";

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site to {path}: {why}; {hint}")]
    Unsafe {
        path: PathBuf,
        why: String,
        hint: String,
    },
    #[error("output path `{0}` is not a plain relative path; nothing was written")]
    BadPath(String),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error(
        "the new site is in place, but the previous one could not be removed from {path}: {source}; the next build tries again"
    )]
    Leftover { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An absolute, normalised form of `path`, whether or not it exists yet: every existing prefix
/// is canonicalised (so symlinks resolve), and `..` after it is applied to the real folder, as
/// the kernel would.
fn absolute(path: &Path) -> PathBuf {
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in abs.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => {
                out.push(other);
                if let Ok(canonical) = out.canonicalize() {
                    out = canonical;
                }
            }
        }
    }
    out
}

/// Where the output's own name sits: its parent resolved, its last name kept. For an output
/// that is a symlink this is the link itself, which `absolute` looks through.
fn placed(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        (Some(_), Some(name)) => absolute(Path::new(".")).join(name),
        _ => absolute(path),
    }
}

/// Refuses outputs whose replacement would destroy data, whatever `--force` says: the
/// filesystem root; the site folder, the home folder or the current folder, or any folder that
/// holds one of them; and the site's `content/`, `templates/`, `static/` and `.git/`, anything
/// inside them or holding them. Each of those folders counts both where it sits and where it
/// resolves to (a `content` that is a symlink to `data/content` guards both), and so does the
/// output (a symlink to a guarded folder is refused).
pub fn check_destination(site_root: &Path, output: &Path) -> Result<(), OutputError> {
    for out in [placed(output), absolute(output)] {
        if let Some((why, hint)) = danger(site_root, &out) {
            let given = std::path::absolute(output).unwrap_or_else(|_| output.to_path_buf());
            let why = if given == out {
                why
            } else {
                format!("it leads to {}, and {why}", out.display())
            };
            return Err(OutputError::Unsafe {
                path: output.to_path_buf(),
                why,
                hint,
            });
        }
    }
    Ok(())
}

/// Why replacing the absolute, resolved folder `out` would destroy data, and what to do instead.
fn danger(site_root: &Path, out: &Path) -> Option<(String, String)> {
    let root = absolute(site_root);
    let default = root.join("public");
    if out.parent().is_none() {
        let hint = format!(
            "choose a new or empty folder, such as {}",
            default.display()
        );
        return Some(("it is the filesystem root".into(), hint));
    }
    let home = std::env::home_dir().map(|home| absolute(&home));
    let cwd = std::env::current_dir().ok().map(|cwd| absolute(&cwd));
    let whole = [
        ("the site folder", Some(root.clone())),
        ("your home folder", home),
        ("the current folder", cwd),
    ];
    for (what, folder) in whole {
        let Some(folder) = folder.filter(|folder| folder.starts_with(out)) else {
            continue;
        };
        let why = match folder == out {
            true => format!("it is {what}; replacing it would delete it"),
            false => format!(
                "it holds {what} ({}); replacing it would delete that",
                folder.display()
            ),
        };
        let hint = format!(
            "choose a new or empty folder, such as {}",
            default.display()
        );
        return Some((why, hint));
    }
    for (folder, what) in site_folders(&root) {
        let why = if out == folder {
            format!("it is {what}")
        } else if out.starts_with(&folder) {
            format!("it is inside {what}")
        } else if folder.starts_with(out) {
            format!("it holds {what}")
        } else {
            continue;
        };
        let hint = format!(
            "choose a folder outside the site's content/, templates/, static/ and .git/, such as {}",
            default.display()
        );
        return Some((why, hint));
    }
    None
}

/// The site's own folders, each where it sits and, if it is a symlink, where it leads; with
/// how to name it in an error.
fn site_folders(root: &Path) -> Vec<(PathBuf, String)> {
    let mut folders = Vec::new();
    for name in ["content", "templates", "static", ".git"] {
        let at = root.join(name);
        let real = absolute(&at);
        if real != at {
            let what = format!(
                "the site's {name}/ folder ({}, where {} leads)",
                real.display(),
                at.display()
            );
            folders.push((real, what));
        }
        let what = format!("the site's {name}/ folder ({})", at.display());
        folders.push((at, what));
    }
    folders
}

/// Joins a rendered path to the output folder, refusing anything but plain names
/// (`..`, absolute paths, drive prefixes, NUL, backslashes).
fn safe_join(base: &Path, rel: &str) -> Result<PathBuf, OutputError> {
    let bad = || OutputError::BadPath(rel.escape_debug().to_string());
    if rel.is_empty() || rel.contains(['\0', '\\']) || rel.starts_with('/') {
        return Err(bad());
    }
    let path = Path::new(rel);
    if !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(bad());
    }
    Ok(base.join(path))
}

/// What an existing output folder may hold for the build to replace it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replace {
    /// Only an earlier grantsite build (or nothing): a typo in `--output` must not wipe out
    /// someone's folder.
    OwnOutput,
    /// Any folder (`--force`); `check_destination` still applies.
    Anything,
}

/// Whether `dir` holds an earlier grantsite build: it has the marker file.
fn is_own_output(dir: &Path) -> bool {
    dir.join(MARKER)
        .symlink_metadata()
        .is_ok_and(|meta| meta.is_file())
}

/// Whether `dir` looks like a build by a grantsite older than the marker file. Only chooses the
/// wording of the refusal: a `site.json` is easy to come by, so it never permits a replacement.
fn looks_like_unmarked_build(dir: &Path) -> bool {
    let mut head = [0u8; 256];
    let read = std::fs::File::open(dir.join(crate::urls::SITE_JSON))
        .and_then(|mut f| io::Read::read(&mut f, &mut head));
    read.is_ok_and(|n| String::from_utf8_lossy(&head[..n]).contains("\"generator\": \"grantsite"))
}

fn check_replaceable(output: &Path, replace: Replace) -> Result<(), OutputError> {
    let refuse = |why: String, hint: &str| {
        Err(OutputError::Unsafe {
            path: output.to_path_buf(),
            why,
            hint: hint.into(),
        })
    };
    match output.symlink_metadata() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_err(output)(e)),
        Ok(meta) if !meta.is_dir() => {
            return refuse(
                "it is not a folder".into(),
                "remove it or choose another output folder",
            );
        }
        Ok(_) => {}
    }
    let empty = std::fs::read_dir(output)
        .map_err(io_err(output))?
        .next()
        .is_none();
    if empty || replace == Replace::Anything || is_own_output(output) {
        Ok(())
    } else if looks_like_unmarked_build(output) {
        refuse(
            format!(
                "it has no {MARKER} file; it may be a build by a grantsite older than that file"
            ),
            "if it is, pass --force once (builds from now on are marked), or delete it",
        )
    } else {
        refuse(
            format!("it holds files and no {MARKER} file, so it is not an earlier grantsite build"),
            "choose an empty or new folder, or pass --force to replace it",
        )
    }
}

/// Everything `write` checks before writing, for the CLI to run before the site is loaded.
pub fn preflight(site_root: &Path, output: &Path, replace: Replace) -> Result<(), OutputError> {
    check_destination(site_root, output)?;
    check_replaceable(&absolute(output), replace)
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Written {
    pub files: usize,
}

/// Writes `rendered` to `output`, replacing what was there only on success.
pub fn write(
    site_root: &Path,
    rendered: &Rendered,
    output: &Path,
    replace: Replace,
) -> Result<Written, OutputError> {
    let staging = Staging::open(site_root, output, replace)?;
    rendered
        .files
        .par_iter()
        .try_for_each(|(rel, bytes)| staging.write(rel, bytes))?;
    rendered
        .copies
        .par_iter()
        .try_for_each(|(rel, from)| staging.copy(rel, from))?;
    staging.finish()
}

/// A build being written: the staging folder beside the output, which files are written
/// into as they are made (from any thread, in any order) and which `finish` swaps in. The
/// lock is held from `open` to the end. Dropped unfinished (a failure on the way), it removes
/// the staging folder, and the output stays as it was.
pub struct Staging {
    beside: Beside,
    output: PathBuf,
    /// Folders made so far, so that each is made once, not once per file.
    folders: Mutex<HashSet<PathBuf>>,
    files: AtomicUsize,
    /// Deletes the previous build's trash while this one renders.
    sweeper: Option<JoinHandle<()>>,
    finished: bool,
    _lock: Option<std::fs::File>,
}

impl Staging {
    /// Checks the output, takes the lock, clears up after an interrupted build and makes an
    /// empty staging folder.
    pub fn open(site_root: &Path, output: &Path, replace: Replace) -> Result<Staging, OutputError> {
        check_destination(site_root, output)?;
        let output = absolute(output);
        let beside = Beside::new(&output).ok_or_else(|| OutputError::Unsafe {
            path: output.clone(),
            why: "it has no parent folder".into(),
            hint: "choose a folder inside another one".into(),
        })?;
        std::fs::create_dir_all(&beside.parent).map_err(io_err(&beside.parent))?;
        let lock = lock(&beside.parent, &output)?;
        beside.recover(&output)?;
        check_replaceable(&output, replace)?;
        std::fs::create_dir(&beside.staging).map_err(io_err(&beside.staging))?;
        Ok(Staging {
            folders: Mutex::new(HashSet::from([beside.staging.clone()])),
            files: AtomicUsize::new(0),
            sweeper: beside.sweep(),
            finished: false,
            _lock: lock,
            beside,
            output,
        })
    }

    /// Writes one file at `rel` (a relative, `/`-separated path) of the new site.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = self.target(rel)?;
        std::fs::write(&path, bytes).map_err(io_err(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Copies the file `from` to `rel` of the new site.
    pub fn copy(&self, rel: &str, from: &Path) -> Result<(), OutputError> {
        let path = self.target(rel)?;
        std::fs::copy(from, &path).map_err(io_err(from))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    fn target(&self, rel: &str) -> Result<PathBuf, OutputError> {
        let path = safe_join(&self.beside.staging, rel)?;
        if let Some(folder) = path.parent() {
            self.make_folder(folder)?;
        }
        Ok(path)
    }

    fn make_folder(&self, folder: &Path) -> Result<(), OutputError> {
        if self.made_folders().contains(folder) {
            return Ok(());
        }
        std::fs::create_dir_all(folder).map_err(io_err(folder))?;
        self.made_folders().insert(folder.to_path_buf());
        Ok(())
    }

    fn made_folders(&self) -> MutexGuard<'_, HashSet<PathBuf>> {
        self.folders.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Marks the new site, swaps it in and moves the previous one to the trash.
    pub fn finish(mut self) -> Result<Written, OutputError> {
        // Last, so that it wins over a same-named file the site might have supplied.
        let marker = self.beside.staging.join(MARKER);
        std::fs::write(&marker, MARKER_TEXT).map_err(io_err(&marker))?;
        // The trash name must be free for the output this build replaces.
        self.wait_for_sweep();
        let previous = put_in_place(&self.beside, &self.output)?;
        self.finished = true;
        if let Some(old) = previous {
            self.beside.discard(old)?;
        }
        Ok(Written {
            files: self.files.load(Ordering::Relaxed),
        })
    }

    fn wait_for_sweep(&mut self) {
        if let Some(sweeper) = self.sweeper.take() {
            // A sweep that failed leaves the trash, and `discard` deletes it in its place.
            let _ = sweeper.join();
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.finished {
            let _ = remove_any(&self.beside.staging);
        }
        self.wait_for_sweep();
    }
}

/// The folders a build keeps beside an output `public`: `.public.grantsite-staging`, the build
/// being written (and, right after an exchange, the previous output); `.public.grantsite-aside`,
/// the previous output during the fallback swap; and `.public.grantsite-trash`, the previous
/// output once replaced, which the next build deletes while it renders. The names are fixed so
/// that the next build finds what a killed one left; `lock` keeps two builds from sharing them.
struct Beside {
    parent: PathBuf,
    name: String,
    staging: PathBuf,
    aside: PathBuf,
    trash: PathBuf,
}

impl Beside {
    fn new(output: &Path) -> Option<Beside> {
        let parent = output.parent()?.to_path_buf();
        let name = output.file_name()?.to_string_lossy().into_owned();
        Some(Beside {
            staging: parent.join(format!(".{name}.grantsite-staging")),
            aside: parent.join(format!(".{name}.grantsite-aside")),
            trash: parent.join(format!(".{name}.grantsite-trash")),
            parent,
            name,
        })
    }

    /// Clears up after an interrupted build: a previous output moved aside and never replaced
    /// goes back in place; a staging folder is removed, and so are the ones older versions
    /// named after their process id (`.public.grantsite-new-1234`, `-old-1234`).
    fn recover(&self, output: &Path) -> Result<(), OutputError> {
        if output.symlink_metadata().is_err() && self.aside.is_dir() {
            std::fs::rename(&self.aside, output).map_err(io_err(output))?;
        }
        let mut stale = vec![self.staging.clone(), self.aside.clone()];
        stale.extend(self.unmarked_leftovers());
        for path in stale {
            remove_any(&path).map_err(io_err(&path))?;
        }
        Ok(())
    }

    /// Deletes the trash on a thread of its own, so that removing thousands of old pages
    /// (about a tenth of a build) overlaps rendering instead of following it. Not on rayon's
    /// threads, which render.
    fn sweep(&self) -> Option<JoinHandle<()>> {
        self.trash.symlink_metadata().ok()?;
        let trash = self.trash.clone();
        let sweep = move || drop(remove_serially(&trash));
        match std::thread::Builder::new()
            .name("grantsite-sweep".into())
            .spawn(sweep.clone())
        {
            Ok(handle) => Some(handle),
            Err(_) => {
                sweep();
                None
            }
        }
    }

    /// Moves the output a swap replaced (at `old`) to the trash; where that fails (a trash
    /// the sweep could not delete), deletes it now.
    fn discard(&self, old: &Path) -> Result<(), OutputError> {
        if std::fs::rename(old, &self.trash).is_ok() {
            return Ok(());
        }
        remove_tree(old).map_err(|source| OutputError::Leftover {
            path: old.to_path_buf(),
            source,
        })
    }

    fn unmarked_leftovers(&self) -> Vec<PathBuf> {
        let prefixes = [
            format!(".{}.grantsite-new-", self.name),
            format!(".{}.grantsite-old-", self.name),
        ];
        let by_pid = |name: &str| {
            prefixes.iter().any(|prefix| {
                name.strip_prefix(prefix.as_str())
                    .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
            })
        };
        std::fs::read_dir(&self.parent)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|entry| by_pid(&entry.file_name().to_string_lossy()))
            .map(|entry| entry.path())
            .collect()
    }
}

/// Holds an exclusive lock on the output's parent folder while the build uses the names
/// beside the output, so two builds at once take turns instead of sharing one staging folder.
/// The kernel releases it when the process ends, however it ends, so a killed build never
/// leaves a stale lock (nor a lock file). Where the folder cannot be locked (some network
/// filesystems), builds go ahead unserialised.
#[cfg(unix)]
fn lock(parent: &Path, output: &Path) -> Result<Option<std::fs::File>, OutputError> {
    use rustix::fs::{FlockOperation, flock};
    use rustix::io::Errno;
    let Ok(dir) = std::fs::File::open(parent) else {
        return Ok(None);
    };
    match flock(&dir, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => return Ok(Some(dir)),
        Err(e) if e == Errno::WOULDBLOCK => crate::tell!(
            "waiting for another grantsite build to finish writing {}",
            output.display()
        ),
        Err(_) => return Ok(None),
    }
    loop {
        match flock(&dir, FlockOperation::LockExclusive) {
            Ok(()) => return Ok(Some(dir)),
            Err(e) if e == Errno::INTR => {}
            Err(e) => return Err(io_err(parent)(e.into())),
        }
    }
}

#[cfg(not(unix))]
fn lock(_parent: &Path, _output: &Path) -> Result<Option<std::fs::File>, OutputError> {
    Ok(None)
}

/// Renames the staging folder to `output`; returns where the previous output went, if there
/// was one.
fn put_in_place<'a>(beside: &'a Beside, output: &Path) -> Result<Option<&'a Path>, OutputError> {
    let staging = &beside.staging;
    if output.symlink_metadata().is_err() {
        std::fs::rename(staging, output).map_err(io_err(output))?;
        return Ok(None);
    }
    if exchange(staging, output).map_err(io_err(output))? {
        return Ok(Some(staging));
    }
    swap_aside(staging, output, &beside.aside)?;
    Ok(Some(&beside.aside))
}

/// Swaps two folders in one step (`renameat2(RENAME_EXCHANGE)` on Linux, `renameatx_np`
/// with `RENAME_SWAP` on macOS), so that the output path is never without a complete site.
/// `Ok(false)` where the filesystem cannot (or a sandbox refuses the call).
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(e) if [Errno::INVAL, Errno::NOSYS, Errno::NOTSUP, Errno::OPNOTSUPP].contains(&e) => {
            Ok(false)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The swap where no exchange exists: the previous output is renamed aside, then the build
/// into place. Between the two renames the output path is missing for a moment; a build
/// killed there leaves the previous output aside, and the next build puts it back first.
fn swap_aside(staging: &Path, output: &Path, aside: &Path) -> Result<(), OutputError> {
    std::fs::rename(output, aside).map_err(io_err(output))?;
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(aside, output);
        return Err(io_err(output)(e));
    }
    Ok(())
}

/// Removes a file, symlink or folder tree at `path`, on this thread only; never follows a link.
fn remove_serially(path: &Path) -> io::Result<()> {
    match path.symlink_metadata() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
    }
}

/// Removes a file, symlink or folder tree at `path`, if there is one; never follows a link.
fn remove_any(path: &Path) -> io::Result<()> {
    match path.symlink_metadata() {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(meta) if meta.is_dir() => remove_tree(path),
        Ok(_) => std::fs::remove_file(path),
    }
}

/// Deletes a folder tree, its top-level entries in parallel: removing thousands of old pages
/// is a noticeable part of a build.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let entries: Vec<_> = std::fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|entry| {
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())
        } else {
            std::fs::remove_file(entry.path())
        }
    })?;
    std::fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_destinations() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let root = site.path();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/x"),
            PathBuf::from("/"),
        ] {
            assert!(check_destination(root, &bad).is_err(), "{}", bad.display());
        }
        assert!(check_destination(root, &root.join("public")).is_ok());
        assert!(check_destination(root, &root.join("static/public")).is_err());
        assert!(check_destination(root, &root.join("templates")).is_err());
        assert!(check_destination(root, &root.join("public/../content")).is_err());
        assert!(check_destination(root, &root.join(".git/public")).is_err());
        if let Some(home) = std::env::home_dir() {
            assert!(check_destination(root, &home).is_err());
        }
    }

    #[test]
    fn refuses_folders_that_hold_the_site_or_the_current_folder() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path().join("site");
        std::fs::create_dir_all(root.join("content")).unwrap();
        for bad in [
            site.path().to_path_buf(),
            root.join("content/../.."),
            root.join("public/../../site/.."),
            PathBuf::from("."),
            PathBuf::from(".."),
        ] {
            assert!(check_destination(&root, &bad).is_err(), "{}", bad.display());
        }
    }

    #[cfg(unix)]
    #[test]
    fn guards_a_symlinked_content_folder_where_it_leads() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("data/content")).unwrap();
        std::os::unix::fs::symlink("data/content", root.join("content")).unwrap();
        std::os::unix::fs::symlink("data/content", root.join("link")).unwrap();
        for bad in [
            "data",
            "data/content",
            "data/content/public",
            "link",
            "link/x",
        ] {
            let err = check_destination(root, &root.join(bad)).unwrap_err();
            assert!(err.to_string().contains("content/ folder"), "{bad}: {err}");
        }
        assert!(check_destination(root, &root.join("data/public")).is_ok());
    }

    #[test]
    fn only_a_folder_with_the_marker_is_an_earlier_build() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir(out.join("data")).unwrap();
        std::fs::write(
            out.join(crate::urls::SITE_JSON),
            "{\n  \"generator\": \"grantsite 0.1.0\"\n}",
        )
        .unwrap();
        assert!(!is_own_output(out));
        assert!(check_replaceable(out, Replace::OwnOutput).is_err());
        assert!(check_replaceable(out, Replace::Anything).is_ok());
        std::fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(is_own_output(out));
        assert!(check_replaceable(out, Replace::OwnOutput).is_ok());
    }

    fn folder_with(path: &Path, file: &str) {
        std::fs::create_dir_all(path).unwrap();
        std::fs::write(path.join(file), file).unwrap();
    }

    #[test]
    fn exchange_swaps_two_folders_and_keeps_both() {
        let dir = tempfile::tempdir().unwrap();
        let (new, out) = (dir.path().join("new"), dir.path().join("out"));
        folder_with(&new, "fresh");
        folder_with(&out, "previous");
        if !exchange(&new, &out).unwrap() {
            // No exchange on this OS or filesystem; `swap_aside` takes over there.
            return;
        }
        assert!(out.join("fresh").is_file() && !out.join("previous").exists());
        assert!(new.join("previous").is_file() && !new.join("fresh").exists());
    }

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn both_swaps_put_the_build_in_place_and_move_the_previous_output_to_the_trash() {
        for use_exchange in [true, false] {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let beside = Beside::new(&out).unwrap();
            folder_with(&out, "previous");
            folder_with(&beside.staging, "fresh");
            let old = if use_exchange {
                put_in_place(&beside, &out).unwrap().unwrap().to_path_buf()
            } else {
                swap_aside(&beside.staging, &out, &beside.aside).unwrap();
                beside.aside.clone()
            };
            beside.discard(&old).unwrap();
            assert!(out.join("fresh").is_file(), "exchange: {use_exchange}");
            assert!(beside.trash.join("previous").is_file());
            assert_eq!(names_in(dir.path()), [".public.grantsite-trash", "public"]);
        }
    }

    fn open(out: &Path) -> Staging {
        Staging::open(out.parent().unwrap(), out, Replace::OwnOutput).unwrap()
    }

    #[test]
    fn staging_takes_files_from_many_threads_and_swaps_them_in_with_the_marker() {
        let dir = tempfile::tempdir().unwrap();
        let (site, out) = (dir.path().join("site"), dir.path().join("public"));
        std::fs::create_dir(&site).unwrap();
        let copied = dir.path().join("logo.png");
        std::fs::write(&copied, "png").unwrap();
        let staging = Staging::open(&site, &out, Replace::OwnOutput).unwrap();
        (0..200).into_par_iter().for_each(|i| {
            let rel = format!("pages/{}/{i}/index.html", i % 7);
            staging.write(&rel, rel.as_bytes()).unwrap();
        });
        staging.copy("static/logo.png", &copied).unwrap();
        assert!(!out.exists(), "nothing is in place before `finish`");
        assert_eq!(staging.finish().unwrap().files, 201);
        assert_eq!(
            std::fs::read(out.join("pages/3/10/index.html")).unwrap(),
            b"pages/3/10/index.html"
        );
        assert_eq!(std::fs::read(out.join("static/logo.png")).unwrap(), b"png");
        assert!(is_own_output(&out));
        assert_eq!(names_in(dir.path()), ["logo.png", "public", "site"]);
    }

    #[test]
    fn staging_dropped_unfinished_leaves_the_output_and_removes_itself() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        folder_with(&out, MARKER);
        let staging = open(&out);
        staging.write("index.html", b"half a site").unwrap();
        assert!(matches!(
            staging.write("../escape", b"x"),
            Err(OutputError::BadPath(_))
        ));
        drop(staging);
        assert_eq!(names_in(&out), [MARKER]);
        assert_eq!(names_in(dir.path()), ["public"]);
    }

    #[test]
    fn the_next_build_empties_the_trash_while_it_renders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        for round in 0..3 {
            let staging = open(&out);
            staging
                .write("index.html", format!("build {round}").as_bytes())
                .unwrap();
            staging.finish().unwrap();
            let trash = dir.path().join(".public.grantsite-trash/index.html");
            match round {
                0 => assert!(!trash.exists(), "the first build replaces nothing"),
                _ => assert_eq!(
                    std::fs::read_to_string(trash).unwrap(),
                    format!("build {}", round - 1)
                ),
            }
        }
        let staging = open(&out);
        // The sweep may still be running; a build that fails waits for it too.
        drop(staging);
        assert_eq!(names_in(dir.path()), ["public"]);
    }

    #[test]
    fn recovery_puts_an_aside_output_back_and_removes_stale_staging() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let beside = Beside::new(&out).unwrap();
        folder_with(&beside.aside, "previous");
        folder_with(&beside.staging, "half");
        folder_with(&dir.path().join(".public.grantsite-new-4242"), "older");
        folder_with(&dir.path().join(".public.grantsite-old-4243"), "older");
        folder_with(&dir.path().join(".public.grantsite-new-mine"), "kept");
        beside.recover(&out).unwrap();
        assert!(out.join("previous").is_file());
        let mut names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, [".public.grantsite-new-mine", "public"]);
    }

    #[test]
    fn refuses_paths_that_leave_the_output() {
        let base = Path::new("/tmp/out");
        for bad in [
            "../x",
            "/etc/passwd",
            "a/../../b",
            "a\\b",
            "a\0b",
            "",
            "./a",
        ] {
            assert!(safe_join(base, bad).is_err(), "{bad:?}");
        }
        assert_eq!(safe_join(base, "a/b.html").unwrap(), base.join("a/b.html"));
    }
}
