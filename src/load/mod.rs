//! Reading a site: walk `content/`, read and parse every file in parallel, assemble the model;
//! read the site's templates and list its static files. All site input happens here. Content
//! problems are collected as diagnostics; only a missing or unreadable site is fatal.

mod alias_hints;
mod assemble;
mod assets;
mod cache;
mod engagement_files;
pub mod frontmatter;
mod grantees;
mod parse;
pub mod period_infer;
pub mod raw;
mod site_files;
pub mod text;
mod walk;
pub mod yaml;

pub use cache::{Cache, Changed};
pub use parse::normalise_base_url;
pub use site_files::SiteFiles;

use crate::diagnostics::{Code, Diagnostic, Sources};
use crate::model::{Site, SourcePath};
use assemble::Piece;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(
        "{0} has no content/ folder; is this a grantsite site? (`grantsite init DIR` makes one)"
    )]
    NoContent(PathBuf),
}

#[derive(Clone, Debug)]
pub struct Loaded {
    pub site: Site,
    /// Every text file read, for diagnostics snippets and link checks.
    pub sources: Sources,
    pub problems: Vec<Diagnostic>,
    /// Templates, static files and where each asset is read from.
    pub files: SiteFiles,
    /// Loads through one cache with the same shape have the same files, with the same paths,
    /// periods, slugs and titles: they differ in the texts of updates and pages alone, so
    /// whatever follows from the files and front matter (the URL map) is the same. `None` for
    /// a load without a cache.
    pub shape: Option<u64>,
}

pub fn load(root: &Path) -> Result<Loaded, LoadError> {
    load_with(root, None)
}

/// `load` for `serve`: walks `content/` and reads and parses its files again only where
/// they changed since the last load with this `cache`, or where the watcher saw them change
/// (`changed`). Everything after reading and parsing is the same as `load`.
pub fn load_cached(root: &Path, cache: &mut Cache, changed: &Changed) -> Result<Loaded, LoadError> {
    load_with(root, Some((cache, changed)))
}

fn load_with(root: &Path, cache: Option<(&mut Cache, &Changed)>) -> Result<Loaded, LoadError> {
    if !root.join("content").is_dir() {
        return Err(LoadError::NoContent(root.to_path_buf()));
    }
    let mut cache = match cache {
        Some((cache, changed)) => {
            let named = cache::Named::new(root, changed);
            if let Some(loaded) = cache.patched(changed, &named) {
                return Ok(loaded);
            }
            Some((cache, changed, named))
        }
        None => None,
    };
    let mut problems = Vec::new();
    let folders = walk::folders(root, &mut problems);
    let (files, results) = match (folders.iter().find(|f| f.name == walk::CONTENT), &mut cache) {
        (Some(content), Some((cache, changed, named))) => {
            let files = cache.walk(content, changed, named, &mut problems);
            let results = cache.outcomes(&files, named);
            (
                files,
                Box::new(results.into_iter()) as Box<dyn Iterator<Item = Outcome>>,
            )
        }
        (Some(content), None) => {
            let (files, numbered) = walk_and_parse(content, &mut problems);
            (
                files,
                Box::new(numbered.into_iter().map(|(_, outcome)| outcome)) as _,
            )
        }
        (None, _) => (Vec::new(), Box::new(std::iter::empty()) as _),
    };
    let mut sources = Sources::new();
    let mut site_files = site_files::read(&folders, &mut sources, &mut problems);
    let statics = site_files.site_static.keys().map(|k| format!("static/{k}"));
    let themes = site_files
        .theme_static
        .keys()
        .map(|k| format!("templates/{k}"));
    let templates = site_files
        .templates
        .iter()
        .map(|(n, _)| format!("templates/{n}"));
    let tables = site_files.translations.iter().map(|t| t.file.clone());
    let others: Vec<String> = statics
        .chain(themes)
        .chain(templates)
        .chain(tables)
        .collect();
    problems.extend(walk::case_clashes(
        files
            .iter()
            .map(|f| f.rel.as_str())
            .chain(others.iter().map(String::as_str)),
    ));
    site_files.assets = files
        .iter()
        .filter(|f| !parse::needs_text(&f.kind))
        .map(|f| (f.rel.clone(), f.path.clone()))
        .collect();

    let mut pieces = Vec::with_capacity(files.len());
    let mut failed = BTreeSet::new();
    for (file, (text, parsed)) in files.iter().zip(results) {
        if let Some(text) = text {
            sources.insert(file.rel.clone(), text);
        }
        match parsed {
            Ok(parsed) => pieces.push(Piece {
                rel: file.rel.clone(),
                parsed,
            }),
            Err(ds) => {
                failed.insert(SourcePath::new(file.rel.as_str()));
                problems.extend(ds);
            }
        }
    }
    if !files.iter().any(|f| f.kind == walk::FileKind::Program) {
        problems.push(
            Diagnostic::error(
                Code::NoProgram,
                "content/program.yaml",
                "the site has no program.yaml",
            )
            .hint("create content/program.yaml with at least `name`, `tagline` and `base_url`"),
        );
    }
    let (mut site, hints) = assemble::assemble(pieces, &mut problems);
    site.failed = failed;
    site_files.i18n = crate::i18n::resolve(
        &site.program.language,
        &site.program.spans,
        &site_files.translations,
        &mut problems,
    );
    let loaded = Loaded {
        site,
        sources,
        problems,
        files: site_files,
        shape: None,
    };
    Ok(match cache {
        Some((cache, ..)) => cache.keep(loaded, hints),
        None => with_hints(loaded, &hints),
    })
}

/// Every content file, found by walking `content/` on a thread of its own while the pool
/// reads and parses the files found so far (the walk of a large site is a quarter of a
/// second of system calls); the outcomes in the walk's order, numbered (not copied into a
/// second list: together they are most of the site).
fn walk_and_parse(
    content: &walk::Folder,
    problems: &mut Vec<Diagnostic>,
) -> (Vec<walk::ContentFile>, Vec<(usize, Outcome)>) {
    let (found, to_parse) = std::sync::mpsc::channel();
    let (files, mut outcomes) = std::thread::scope(|scope| {
        let walker = scope.spawn(move || {
            let mut files = Vec::new();
            walk::each_content_file(content, problems, |file| {
                // The receiver outlives the walk: it is read until this sender is dropped.
                let _ = found.send((files.len(), file.clone()));
                files.push(file);
            });
            files
        });
        let outcomes: Vec<(usize, Outcome)> = to_parse
            .into_iter()
            .par_bridge()
            .map(|(i, file)| (i, read_and_parse(&file)))
            .collect();
        (walker.join(), outcomes)
    });
    outcomes.sort_unstable_by_key(|(i, _)| *i);
    let files = files.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    (files, outcomes)
}

/// The alias hints go last among the problems, so that a load patched by the cache lists
/// them as a full load does.
fn with_hints(mut loaded: Loaded, hints: &alias_hints::Hints) -> Loaded {
    loaded.problems.extend(hints.warnings().cloned());
    loaded
}

/// A content file's text (when it has one to show) and its piece of the model, or its
/// problems.
pub(super) type Outcome = (Option<Arc<str>>, Result<parse::Parsed, Vec<Diagnostic>>);

pub(super) fn read_and_parse(file: &walk::ContentFile) -> Outcome {
    if !parse::needs_text(&file.kind) {
        return (None, parse::parse(file, None));
    }
    let bytes = match std::fs::read(&file.path) {
        Ok(bytes) => bytes,
        Err(e) => {
            return (
                None,
                Err(vec![Diagnostic::error(
                    Code::CannotRead,
                    &file.rel,
                    format!("cannot read: {e}"),
                )]),
            );
        }
    };
    match text::decode(&file.rel, &bytes) {
        Ok(text) => {
            let parsed = parse::parse(file, Some(&text));
            (Some(text.into()), parsed)
        }
        // Keep what can be shown, so the diagnostic has its source line.
        Err(d) if d.line > 0 => (Some(text::decode_lossy(&bytes).into()), Err(vec![d])),
        Err(d) => (None, Err(vec![d])),
    }
}
