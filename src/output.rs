//! The only code that writes the output folder. A build is written beside the output into a
//! temporary folder and swapped in only when every file is written, so a failed or interrupted
//! build leaves the previous site as it was. Paths are checked so nothing can land outside.

use crate::render::Rendered;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("refusing to write the site to {path}: {why}")]
    Unsafe { path: PathBuf, why: &'static str },
    #[error("output path `{0}` is not a plain relative path; nothing was written")]
    BadPath(String),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
}

fn io_err(path: &Path) -> impl FnOnce(io::Error) -> OutputError + '_ {
    move |source| OutputError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// An absolute, normalised form of `path`, whether or not it exists yet: every existing prefix
/// is canonicalised (so symlinks resolve), and `..` after it is applied to the real folder.
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

/// Refuses outputs that would destroy data when replaced: the filesystem root, the home
/// folder, the site itself, or anything that holds or sits inside its content.
pub fn check_destination(site_root: &Path, output: &Path) -> Result<(), OutputError> {
    let out = absolute(output);
    let root = absolute(site_root);
    let content = root.join("content");
    let unsafe_because = |why| {
        Err(OutputError::Unsafe {
            path: out.clone(),
            why,
        })
    };
    if out.parent().is_none() {
        return unsafe_because("it is the filesystem root");
    }
    if std::env::home_dir().is_some_and(|home| absolute(&home) == out) {
        return unsafe_because("it is your home folder");
    }
    if out == root {
        return unsafe_because("it is the site folder itself");
    }
    if content.starts_with(&out) {
        return unsafe_because("it contains the site's content folder");
    }
    if out.starts_with(&content) {
        return unsafe_because("it is inside the content folder");
    }
    // Inside static/ or templates/, the next build would copy or load the output itself.
    for kept in ["templates", "static"] {
        if out.starts_with(root.join(kept)) {
            return unsafe_because("it is in one of the site's own folders");
        }
    }
    Ok(())
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
    /// Anything (`--force`).
    Anything,
}

/// Whether `dir` holds an earlier grantsite build: its `data/site.json` says so.
fn is_own_output(dir: &Path) -> bool {
    let mut head = [0u8; 256];
    let read = std::fs::File::open(dir.join(crate::urls::SITE_JSON))
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head));
    read.is_ok_and(|n| String::from_utf8_lossy(&head[..n]).contains("\"generator\": \"grantsite"))
}

fn check_replaceable(output: &Path, replace: Replace) -> Result<(), OutputError> {
    let refuse = |why| {
        Err(OutputError::Unsafe {
            path: output.to_path_buf(),
            why,
        })
    };
    if output.exists() && !output.is_dir() {
        return refuse("it is a file, not a folder");
    }
    let empty = std::fs::read_dir(output).map_or(true, |mut entries| entries.next().is_none());
    if replace == Replace::OwnOutput && !empty && !is_own_output(output) {
        return refuse(
            "it holds files that are not an earlier grantsite build; choose an empty or new folder, or pass --force to replace it",
        );
    }
    Ok(())
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
    check_destination(site_root, output)?;
    let output = absolute(output);
    check_replaceable(&output, replace)?;
    let parent = output.parent().ok_or(OutputError::Unsafe {
        path: output.clone(),
        why: "it has no parent folder",
    })?;
    std::fs::create_dir_all(parent).map_err(io_err(parent))?;
    let name = output
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{name}.grantsite-new-{}", std::process::id()));
    let previous = parent.join(format!(".{name}.grantsite-old-{}", std::process::id()));

    let written = write_tree(rendered, &staging).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&staging);
    })?;
    swap(&staging, &output, &previous)?;
    Ok(written)
}

fn write_tree(rendered: &Rendered, staging: &Path) -> Result<Written, OutputError> {
    if staging.exists() {
        std::fs::remove_dir_all(staging).map_err(io_err(staging))?;
    }
    std::fs::create_dir_all(staging).map_err(io_err(staging))?;
    let mut targets = Vec::with_capacity(rendered.files.len() + rendered.copies.len());
    for rel in rendered.files.keys().chain(rendered.copies.keys()) {
        targets.push(safe_join(staging, rel)?);
    }
    let dirs: BTreeSet<&Path> = targets.iter().filter_map(|t| t.parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(dir).map_err(io_err(dir))?;
    }
    let (file_targets, copy_targets) = targets.split_at(rendered.files.len());
    file_targets
        .par_iter()
        .zip(rendered.files.values().collect::<Vec<_>>())
        .try_for_each(|(path, bytes)| std::fs::write(path, bytes).map_err(io_err(path)))?;
    copy_targets
        .par_iter()
        .zip(rendered.copies.values().collect::<Vec<_>>())
        .try_for_each(|(path, from)| std::fs::copy(from, path).map(drop).map_err(io_err(from)))?;
    Ok(Written {
        files: targets.len(),
    })
}

/// Moves the finished build into place. The old output is moved aside first and deleted only
/// once the new one is in place; if the second rename fails, the old one is put back.
fn swap(staging: &Path, output: &Path, previous: &Path) -> Result<(), OutputError> {
    let had_output = output.exists();
    if had_output {
        if previous.exists() {
            std::fs::remove_dir_all(previous).map_err(io_err(previous))?;
        }
        std::fs::rename(output, previous).map_err(io_err(output))?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        if had_output {
            let _ = std::fs::rename(previous, output);
        }
        let _ = std::fs::remove_dir_all(staging);
        return Err(io_err(output)(e));
    }
    if had_output {
        remove_tree(previous).map_err(io_err(previous))?;
    }
    Ok(())
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
        if let Some(home) = std::env::home_dir() {
            assert!(check_destination(root, &home).is_err());
        }
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
