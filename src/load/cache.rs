//! What `serve` keeps from one load to the next: the content walk and each content file's
//! outcome (its text and its piece of the model, or its problems), so that a load after an
//! edit reads and parses only the files that changed. Everything after that is done afresh,
//! exactly as `load` does it, so a cached load gives the site a fresh one would; except when
//! only the texts of updates and pages changed, and nothing that the rest of the model follows
//! from: then the last load's model is patched with the new texts (`patched`).

use super::alias_hints::Hints;
use super::assemble::classify;
use super::parse::Parsed;
use super::walk::{self, ContentFile, Folder};
use super::{Loaded, Outcome, read_and_parse};
use crate::diagnostics::Diagnostic;
use crate::model::{Markdown, Slug};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
    /// The last load without its alias hints, and the hints.
    last: Option<(Loaded, Hints)>,
    /// The last shape given to a load (see `Loaded::shape`).
    shapes: u64,
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
    real_root: Option<PathBuf>,
    given: Vec<(PathBuf, Option<PathBuf>)>,
    any: HashSet<PathBuf>,
    /// The site paths (`content/…`) of those under the site folder, as given or as they
    /// resolve: what files are found by.
    rels: HashSet<String>,
}

impl Named {
    pub(super) fn new(root: &Path, changed: &Changed) -> Named {
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let given: Vec<_> = changed
            .paths
            .iter()
            .map(|path| (path.clone(), path.canonicalize().ok()))
            .collect();
        let any: HashSet<PathBuf> = given
            .iter()
            .flat_map(|(path, real)| [Some(path.clone()), real.clone()])
            .flatten()
            .collect();
        let real_root = root.canonicalize().ok();
        let mut named = Named {
            root,
            real_root,
            given,
            any,
            rels: HashSet::new(),
        };
        named.rels = named
            .any
            .iter()
            .filter_map(|p| named.site_path(p))
            .collect();
        named
    }

    /// `content/…` for a path under the site folder, as files are named.
    fn site_path(&self, path: &Path) -> Option<String> {
        let inside = path
            .strip_prefix(&self.root)
            .ok()
            .or_else(|| path.strip_prefix(self.real_root.as_ref()?).ok())?;
        let parts: Option<Vec<&str>> = inside
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect();
        Some(parts?.join("/"))
    }

    /// Is this file among them, by its site path or by the file it resolves to?
    fn names(&self, file: &ContentFile) -> bool {
        self.rels.contains(&file.rel) || self.any.contains(&file.path)
    }

    /// Is each of them one of these files?
    fn all_among<'a>(&self, files: impl IntoIterator<Item = &'a ContentFile>) -> bool {
        let (mut paths, mut rels) = (HashSet::new(), HashSet::new());
        for file in files {
            paths.insert(file.path.as_path());
            rels.insert(file.rel.as_str());
        }
        let found = |path: &PathBuf| {
            paths.contains(path.as_path())
                || self
                    .site_path(path)
                    .is_some_and(|rel| rels.contains(rel.as_str()))
        };
        self.given
            .iter()
            .all(|(path, real)| found(path) || real.as_ref().is_some_and(found))
    }
}

/// Where a text is in the site.
enum Place {
    Update(usize),
    Page(usize),
}

impl Place {
    fn of(site: &crate::model::Site, source: &str) -> Option<Place> {
        let update = site
            .updates
            .iter()
            .position(|u| u.source.as_str() == source);
        let page = || site.pages.iter().position(|p| p.source.as_str() == source);
        update
            .map(Place::Update)
            .or_else(|| page().map(Place::Page))
    }
}

/// A file read again whose new text changes nothing else: its body, and its text.
struct Edit {
    file: ContentFile,
    text: Arc<str>,
    parsed: Parsed,
    body: Markdown,
}

impl Cache {
    /// The last load with the new texts of the files the watcher named, when each of them is
    /// an update or a page of that site that reads without problems and differs from what it
    /// was in its body alone, and in nothing the model takes from the body besides the body:
    /// its title, the period its heading gives, or that period's warnings. `None` when
    /// anything else may have changed, and the load is done in full (nothing here changed).
    pub(super) fn patched(&mut self, changed: &Changed, named: &Named) -> Option<Loaded> {
        if !changed.edits_only || changed.paths.is_empty() {
            return None;
        }
        let walk = self.last_walk.as_ref()?;
        let files: Vec<&ContentFile> = walk.files.iter().filter(|f| named.names(f)).collect();
        if !named.all_among(files.iter().copied()) {
            return None;
        }
        let edits: Vec<Edit> = files
            .into_iter()
            .map(|file| self.text_edit(file.clone()))
            .collect::<Option<_>>()?;
        let (last, _) = self.last.as_ref()?;
        // Where each goes, found before anything changes: the last load is patched in place.
        let places: Vec<Place> = edits
            .iter()
            .map(|edit| Place::of(&last.site, &edit.file.rel))
            .collect::<Option<_>>()?;
        let (mut loaded, hints) = self.last.take()?;
        let mut grantees: HashSet<Slug> = HashSet::new();
        for (edit, place) in edits.iter().zip(places) {
            let site = &mut loaded.site;
            let (grantee, body) = match place {
                Place::Update(i) => {
                    let u = &mut site.updates[i];
                    (&u.grantee, &mut u.body)
                }
                Place::Page(i) => {
                    let p = &mut site.pages[i];
                    (&p.grantee, &mut p.body)
                }
            };
            *body = edit.body.clone();
            grantees.insert(grantee.clone());
            loaded
                .sources
                .insert(edit.file.rel.clone(), Arc::clone(&edit.text));
        }
        let hints = hints.again(&loaded.site, &grantees.iter().collect());
        self.parsed = edits.len();
        self.walked = false;
        for edit in edits {
            self.commit(edit);
        }
        Some(self.store(loaded, hints))
    }

    /// The file read again, if it is a text of an engagement folder that changed in its body
    /// alone.
    fn text_edit(&self, mut file: ContentFile) -> Option<Edit> {
        let was = self.files.get(&file.rel)?;
        if was.file.path != file.path || was.file.kind != file.kind || !file.restamp() {
            return None;
        }
        let (text, parsed) = read_and_parse(&file);
        let (text, parsed) = (text?, parsed.ok()?);
        let (
            Ok(Parsed::Text {
                year,
                org,
                rest,
                front,
                body: old,
            }),
            Parsed::Text {
                year: new_year,
                org: new_org,
                rest: new_rest,
                front: new_front,
                body,
            },
        ) = (&was.outcome.1, &parsed)
        else {
            return None;
        };
        let title = |body: &Markdown| {
            front
                .title
                .as_ref()
                .or(body.outline().first_heading.as_ref())
                .cloned()
        };
        let same = (year, org, rest, front) == (new_year, new_org, new_rest, new_front)
            && title(old) == title(body)
            && classify(&file.rel, *year, rest, front, old)
                == classify(&file.rel, *year, rest, front, body);
        let body = body.clone();
        same.then_some(Edit {
            file,
            text,
            parsed,
            body,
        })
    }

    /// Keeps an edit's file, stamp and outcome for the next load.
    fn commit(&mut self, edit: Edit) {
        if let Some(walked) = self.last_walk.as_mut() {
            for file in walked.files.iter_mut().filter(|f| f.rel == edit.file.rel) {
                file.stamp = edit.file.stamp;
            }
        }
        let outcome = (Some(edit.text), Ok(edit.parsed));
        let cached = Cached {
            file: edit.file,
            outcome,
        };
        self.files.insert(cached.file.rel.clone(), cached);
    }

    /// Keeps a full load (without its alias hints) and the hints, for `patched`, as a new
    /// shape; the load with its hints.
    pub(super) fn keep(&mut self, mut loaded: Loaded, hints: Hints) -> Loaded {
        self.shapes += 1;
        loaded.shape = Some(self.shapes);
        self.store(loaded, hints)
    }

    fn store(&mut self, loaded: Loaded, hints: Hints) -> Loaded {
        let whole = super::with_hints(loaded.clone(), &hints);
        self.last = Some((loaded, hints));
        whole
    }

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
        for file in self.files.iter_mut().filter(|file| named.names(file)) {
            if !file.restamp() {
                return None;
            }
        }
        let all = named.all_among(self.files.iter().filter(|file| named.names(file)));
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

    /// Edits `path` (replacing `from` with `to`), tells the cache, and checks that the load
    /// is a fresh load's, and whether it was patched (kept the last load's shape).
    fn edit_and_load(
        root: &Path,
        cache: &mut Cache,
        path: &Path,
        from: &str,
        to: &str,
    ) -> (Loaded, bool) {
        let before = cache.last.as_ref().and_then(|(l, _)| l.shape);
        let text = read(path);
        assert!(text.contains(from), "{from}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
        let loaded = load_cached(root, cache, &edited(path)).unwrap();
        assert_eq!(cache.parsed, 1);
        assert_eq!(
            summary(&loaded),
            summary(&load(root).unwrap()),
            "{from} -> {to}"
        );
        let patched = loaded.shape.is_some() && loaded.shape == before;
        (loaded, patched)
    }

    #[test]
    fn an_edit_of_a_body_alone_patches_the_last_load() {
        let site = site();
        let root = site.path();
        let folder = root.join("content/engagements/2024/FreeBSD");
        let update = folder.join("update-10-2024.md");
        let mut cache = Cache::default();
        let first = load_cached(root, &mut cache, &Changed::default()).unwrap();
        assert!(first.shape.is_some());

        let (loaded, patched) = edit_and_load(
            root,
            &mut cache,
            &update,
            "Process audit started",
            "Audit underway",
        );
        assert!(patched, "a body edit loads in full");
        assert!(!cache.walked);
        let rel = "content/engagements/2024/FreeBSD/update-10-2024.md";
        assert!(loaded.sources[rel].contains("Audit underway"));
        let (_, patched) = edit_and_load(
            root,
            &mut cache,
            &folder.join("role-description.md"),
            "\n",
            "\nMore.\n",
        );
        assert!(patched, "a page's body edit loads in full");

        // What the model takes from a body besides the body: the title and the period its
        // heading gives. And front matter, which is not a body at all.
        let (_, patched) = edit_and_load(
            root,
            &mut cache,
            &update,
            "# FreeBSD Update",
            "# FreeBSD News",
        );
        assert!(!patched, "a new title was patched in");
        let (_, patched) =
            edit_and_load(root, &mut cache, &update, "October 2024", "November 2024");
        assert!(!patched, "a new period was patched in");
        let (_, patched) = edit_and_load(
            root,
            &mut cache,
            &update,
            "# FreeBSD",
            "---\nauthors: [A]\n---\n# FreeBSD",
        );
        assert!(!patched, "front matter was patched in");
        // A profile is not patched: which grantees are compared follows from profiles.
        let (_, patched) = edit_and_load(
            root,
            &mut cache,
            &folder.join("README.md"),
            "\n",
            "\nMore.\n",
        );
        assert!(!patched, "a profile was patched in");
        // And the patch goes on from a full load.
        let (_, patched) = edit_and_load(root, &mut cache, &update, "Audit underway", "Audit done");
        assert!(patched);
    }

    #[test]
    fn a_patched_load_weighs_again_the_alias_hints_of_the_grantee_edited() {
        let site = site();
        let root = site.path();
        let engagements = root.join("content/engagements");
        std::fs::create_dir_all(engagements.join("2023/Alpha Widgets")).unwrap();
        std::fs::write(
            engagements.join("2023/Alpha Widgets/README.md"),
            "---\nname: Widgets\n---\nAudits with Beta Gadgets.\n",
        )
        .unwrap();
        let update = engagements.join("2025/Beta Gadgets/update-2025-01.md");
        std::fs::create_dir_all(update.parent().unwrap()).unwrap();
        std::fs::write(&update, "# Update - January 2025\n\nShipped.\n").unwrap();
        let mut cache = Cache::default();
        let hints = |l: &Loaded| {
            format!("{:?}", l.problems)
                .matches("may be one grantee")
                .count()
        };
        let first = load_cached(root, &mut cache, &Changed::default()).unwrap();
        let before = hints(&first);

        // Beta Gadgets' update names Alpha Widgets back: the two now look like one.
        let (loaded, patched) = edit_and_load(
            root,
            &mut cache,
            &update,
            "Shipped.",
            "Shipped, as Alpha Widgets did.",
        );
        assert!(patched);
        assert_eq!(hints(&loaded), before + 1, "{:?}", loaded.problems);
        let (loaded, patched) =
            edit_and_load(root, &mut cache, &update, "as Alpha Widgets did", "alone");
        assert!(patched);
        assert_eq!(hints(&loaded), before);
    }

    fn read(path: &Path) -> String {
        std::fs::read_to_string(path).unwrap()
    }
}
