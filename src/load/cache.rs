//! What `serve` keeps from one load to the next: the content walk and each content file's
//! outcome (its text and its piece of the model, or its problems), so that a load after an
//! edit reads and parses only the files that changed. Everything after that is done afresh,
//! exactly as `load` does it, so a cached load gives the site a fresh one would.

use super::walk::{self, ContentFile, Folder};
use super::{Outcome, read_and_parse};
use crate::diagnostics::Diagnostic;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What changed since the last load, as the watcher saw it.
#[derive(Debug, Default)]
pub struct Changed {
    /// Every path its events named (absolute, as it reports them). These files are read
    /// again whatever their stamp says: an edit that keeps the size within the clock's
    /// granularity keeps the stamp too.
    pub paths: Vec<PathBuf>,
    /// Each event only changed the contents or metadata of a file, and made, removed or
    /// renamed nothing: the files are the ones the last walk found.
    pub edits_only: bool,
}

#[derive(Default)]
pub struct Cache {
    last_walk: Option<Walked>,
    files: HashMap<String, Cached>,
    /// How many files the last load read and parsed.
    pub parsed: usize,
    /// Whether the last load walked `content/` (else it took the last walk's files).
    pub walked: bool,
}

/// The last walk of `content/`: the folder as it resolved, what was found, and its problems.
struct Walked {
    folder: Folder,
    files: Vec<ContentFile>,
    problems: Vec<Diagnostic>,
}

struct Cached {
    /// What the walk found, which the outcome was made from.
    file: ContentFile,
    outcome: Outcome,
}

/// The paths the watcher named, as given and as they resolve, beside the absolute site
/// folder they are under.
pub(super) struct Named {
    root: PathBuf,
    given: Vec<(PathBuf, Option<PathBuf>)>,
    any: HashSet<PathBuf>,
}

impl Named {
    pub(super) fn new(root: &Path, changed: &Changed) -> Named {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let given: Vec<_> = changed
            .paths
            .iter()
            .map(|path| (path.clone(), path.canonicalize().ok()))
            .collect();
        let any = given
            .iter()
            .flat_map(|(path, real)| [Some(path.clone()), real.clone()])
            .flatten()
            .collect();
        Named { root, given, any }
    }

    /// Is this file among them, by its site path or by the file it resolves to?
    fn names(&self, file: &ContentFile) -> bool {
        self.any.contains(&file.path) || self.any.contains(&self.root.join(&file.rel))
    }
}

impl Cache {
    /// The files under `content/`: the last walk's, when the watcher saw only edits of files
    /// it found (each named one stamped again), else a new walk's.
    pub(super) fn walk(
        &mut self,
        folder: &Folder,
        changed: &Changed,
        named: &Named,
        problems: &mut Vec<Diagnostic>,
    ) -> Vec<ContentFile> {
        let kept = self
            .last_walk
            .take()
            .filter(|w| changed.edits_only && w.folder == *folder)
            .and_then(|w| w.restamped(named));
        self.walked = kept.is_none();
        let walked = kept.unwrap_or_else(|| {
            let mut found = Vec::new();
            let files = walk::content(folder, &mut found);
            Walked {
                folder: folder.clone(),
                files,
                problems: found,
            }
        });
        problems.extend(walked.problems.iter().cloned());
        let files = walked.files.clone();
        self.last_walk = Some(walked);
        files
    }

    /// Every file's outcome, in the order of `files`: kept ones cloned, the rest read and
    /// parsed (in parallel) and kept. Files that are gone are dropped.
    pub(super) fn outcomes(&mut self, files: &[ContentFile], named: &Named) -> Vec<Outcome> {
        let fresh: Vec<Cached> = files
            .par_iter()
            .filter(|file| !self.holds(file, named))
            .map(|file| Cached {
                file: file.clone(),
                outcome: read_and_parse(file),
            })
            .collect();
        self.parsed = fresh.len();
        let present: HashSet<&str> = files.iter().map(|f| f.rel.as_str()).collect();
        self.files.retain(|rel, _| present.contains(rel.as_str()));
        for cached in fresh {
            self.files.insert(cached.file.rel.clone(), cached);
        }
        files
            .par_iter()
            .map(|file| match self.files.get(&file.rel) {
                Some(cached) => cached.outcome.clone(),
                None => read_and_parse(file),
            })
            .collect()
    }

    /// Is the kept outcome of this file still its outcome?
    fn holds(&self, file: &ContentFile, named: &Named) -> bool {
        let Some(cached) = self.files.get(&file.rel) else {
            return false;
        };
        let was = &cached.file;
        file.stamp.is_some()
            && was.stamp == file.stamp
            && was.path == file.path
            && was.kind == file.kind
            && !named.names(file)
    }
}

impl Walked {
    /// The same files, those named stamped again; `None` if a named path is not one of them
    /// or one of them would now be found otherwise.
    fn restamped(mut self, named: &Named) -> Option<Walked> {
        let mut matched = HashSet::new();
        for file in &mut self.files {
            if !named.names(file) {
                continue;
            }
            if !file.restamp() {
                return None;
            }
            matched.insert(file.path.clone());
            matched.insert(named.root.join(&file.rel));
        }
        let all = named.given.iter().all(|(path, real)| {
            matched.contains(path) || real.as_ref().is_some_and(|r| matched.contains(r))
        });
        all.then_some(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Loaded, load, load_cached};
    use std::collections::BTreeMap;

    fn copy(from: &Path, to: &Path) {
        for entry in walkdir::WalkDir::new(from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn site() -> tempfile::TempDir {
        let site = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/updates/site");
        copy(&fixture, site.path());
        site
    }

    /// Everything a load gives, in a fixed order (the model's maps print in any order).
    fn summary(loaded: &Loaded) -> String {
        let site = &loaded.site;
        let index: BTreeMap<_, _> = site.grantee_index.iter().collect();
        format!(
            "{:?}",
            (
                (
                    &site.program,
                    &site.okr_years,
                    &site.reports,
                    &site.grantees
                ),
                (&site.engagements, &site.updates, &site.pages, &site.assets),
                (&site.failed, index, &loaded.problems, &loaded.sources),
            )
        )
    }

    fn edited(path: &Path) -> Changed {
        Changed {
            paths: vec![std::path::absolute(path).unwrap()],
            edits_only: true,
        }
    }

    #[test]
    fn unchanged_files_are_not_parsed_again_and_the_site_is_a_fresh_loads() {
        let site = site();
        let root = site.path();
        let mut cache = Cache::default();
        let first = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert!(cache.parsed > 20, "{}", cache.parsed);
        assert_eq!(summary(&first), summary(&load(root).unwrap()));

        let again = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert_eq!(cache.parsed, 0);
        assert_eq!(summary(&again), summary(&first));

        let folder = root.join("content/engagements/2024/FreeBSD");
        std::fs::write(
            folder.join("update-2024-12.md"),
            "# Update - December 2024\n",
        )
        .unwrap();
        std::fs::remove_file(folder.join("news.md")).unwrap();
        let changed = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert_eq!(cache.parsed, 1);
        assert!(cache.walked);
        assert_eq!(summary(&changed), summary(&load(root).unwrap()));
    }

    #[test]
    fn a_same_size_edit_named_by_the_watcher_is_read_again() {
        let site = site();
        let root = site.path();
        let update = root.join("content/engagements/2024/FreeBSD/update-10-2024.md");
        let rel = "content/engagements/2024/FreeBSD/update-10-2024.md";
        let mut cache = Cache::default();
        load_cached(root, &mut cache, &Changed::default()).unwrap();

        // Same size, same file, and the time put back: the stamp cannot tell.
        let before = std::fs::metadata(&update).unwrap().modified().unwrap();
        let text = read(&update).replace("Process audit", "Process AUDIT");
        std::fs::write(&update, &text).unwrap();
        let file = std::fs::File::options().write(true).open(&update).unwrap();
        file.set_modified(before).unwrap();
        drop(file);
        let unnamed = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert_eq!(cache.parsed, 0);
        assert!(
            !unnamed.sources[rel].contains("AUDIT"),
            "the stamp told after all"
        );

        let named = load_cached(root, &mut cache, &edited(&update)).unwrap();
        assert_eq!(cache.parsed, 1);
        assert!(!cache.walked, "an edit of a known file walks nothing");
        assert!(named.sources[rel].contains("AUDIT"));
        assert_eq!(summary(&named), summary(&load(root).unwrap()));
    }

    #[test]
    fn a_broken_file_keeps_its_problems_while_it_is_unchanged() {
        let site = site();
        let root = site.path();
        let update = root.join("content/engagements/2024/FreeBSD/update-10-2024.md");
        std::fs::write(&update, "---\nperiod: [\n---\n# Update\n").unwrap();
        let mut cache = Cache::default();
        let broken = load_cached(root, &mut cache, &Changed::default()).unwrap();
        let problems = |l: &Loaded| format!("{:?}", l.problems);
        assert!(problems(&broken).contains("update-10-2024.md"));
        let again = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert_eq!(cache.parsed, 0);
        assert_eq!(problems(&again), problems(&broken));
    }

    #[test]
    fn a_path_the_last_walk_did_not_find_walks_again() {
        let site = site();
        let root = site.path();
        let mut cache = Cache::default();
        load_cached(root, &mut cache, &Changed::default()).unwrap();
        let new = root.join("content/engagements/2024/FreeBSD/update-2024-12.md");
        std::fs::write(&new, "# Update - December 2024\n").unwrap();
        // Reported as an edit (a watcher that missed the create): the walk finds it anyway.
        let loaded = load_cached(root, &mut cache, &edited(&new)).unwrap();
        assert!(cache.walked);
        assert_eq!(summary(&loaded), summary(&load(root).unwrap()));
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }
}
