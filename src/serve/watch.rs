//! Watches `content/`, `templates/` and `static/` for changes, and the site folder itself for
//! those three being deleted, made, or swapped for others (a branch switch): a watch dies with
//! its folder, so each one is set up again when its folder comes back, and the user is told.
//! Nothing else under the site folder is watched: writes to `public/` or `target/` rebuild
//! nothing.

use super::ServeError;
use notify::event::ModifyKind;
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

const FOLDERS: [&str; 3] = ["content", "templates", "static"];

/// Quiet that ends a burst of events: an editor's save (write, rename, chmod) comes within a
/// few milliseconds, and each millisecond here is a millisecond before the page shows.
const SETTLE: Duration = Duration::from_millis(15);
/// Longest a burst is waited out, so that a long one (`git checkout` of a big tree) still
/// rebuilds while it goes on; what comes after makes the next rebuild.
const LONGEST: Duration = Duration::from_millis(500);

/// What a burst of events changed.
#[derive(Debug, Default)]
pub struct Changes {
    pub changed: crate::load::Changed,
    /// The events may have missed changes (notify's queue overflowed, a folder was replaced):
    /// nothing read before can be trusted.
    pub everything: bool,
}

pub struct SiteWatch {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    /// Which of `FOLDERS` has a live watch.
    watched: [bool; 3],
}

impl SiteWatch {
    pub fn start(root: &Path) -> Result<SiteWatch, ServeError> {
        // notify reports absolute paths; events are matched against the folders by path.
        let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
        let root = root.as_path();
        let error = |path: &Path, e: notify::Error| ServeError::Watch {
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let (tx, events) = channel();
        let mut watcher = notify::recommended_watcher(tx).map_err(|e| error(root, e))?;
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| error(root, e))?;
        let mut watched = [false; 3];
        for (name, watched) in FOLDERS.iter().zip(&mut watched) {
            let path = root.join(name);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| error(&path, e))?;
                *watched = true;
            }
        }
        Ok(SiteWatch {
            watcher,
            events,
            root: root.to_path_buf(),
            watched,
        })
    }

    /// Blocks until a file in one of the folders is created, changed or removed, or a folder
    /// comes or goes, then lets the burst of events an editor's save (or git) makes settle.
    /// `None` once the watcher has stopped.
    pub fn wait(&mut self) -> Option<Changes> {
        loop {
            let first = self.events.recv().ok()?;
            let started = Instant::now();
            let mut batch = vec![first];
            while let Some(left) = LONGEST.checked_sub(started.elapsed()) {
                match self.events.recv_timeout(SETTLE.min(left)) {
                    Ok(more) => batch.push(more),
                    Err(_) => break,
                }
            }
            let events: Vec<&Event> = batch.iter().filter_map(|e| e.as_ref().ok()).collect();
            // A lost event (notify's queue overflowed) may have been any change.
            let missed = batch.iter().any(|e| e.is_err()) || events.iter().any(|e| e.need_rescan());
            let replaced = self.refresh(&events);
            let relevant: Vec<&Event> = events
                .iter()
                .copied()
                .filter(|e| self.concerns_a_folder(e))
                .collect();
            if missed || replaced || !relevant.is_empty() {
                let paths = relevant.iter().flat_map(|e| e.paths.iter().cloned());
                let changed = crate::load::Changed {
                    paths: paths.collect(),
                    edits_only: relevant.iter().all(|e| edits(e)),
                };
                return Some(Changes {
                    changed,
                    everything: missed || replaced,
                });
            }
        }
    }

    /// A change to a file in one of the folders. Reads are left out: a rebuild reads files,
    /// and must not set off another.
    fn concerns_a_folder(&self, event: &Event) -> bool {
        let changes = event.kind.is_create() || event.kind.is_modify() || event.kind.is_remove();
        (changes || event.need_rescan())
            && event
                .paths
                .iter()
                .any(|p| FOLDERS.iter().any(|f| p.starts_with(self.root.join(f))))
    }

    /// Watches again each folder that was made, removed or renamed, and says so; `true` when
    /// any was.
    fn refresh(&mut self, events: &[&Event]) -> bool {
        let mut any = false;
        for (i, name) in FOLDERS.iter().enumerate() {
            let path = self.root.join(name);
            let present = path.is_dir();
            let touched = events.iter().any(|e| moves(e) && e.paths.contains(&path));
            if !touched && present == self.watched[i] {
                continue;
            }
            any = true;
            // notify may already have dropped the watch along with the old folder.
            let _ = self.watcher.unwatch(&path);
            let was = self.watched[i];
            self.watched[i] = present && self.rewatch(&path);
            match (was, self.watched[i]) {
                (true, false) => {
                    tell!("{name}/ is gone; serving the last good build until it is back")
                }
                (false, true) => say!("{name}/ is back; watching it again"),
                (true, true) => say!("{name}/ was replaced; watching the new one"),
                (false, false) => {}
            }
        }
        any
    }

    fn rewatch(&mut self, path: &Path) -> bool {
        match self.watcher.watch(path, RecursiveMode::Recursive) {
            Ok(()) => true,
            Err(e) => {
                tell!("warning: cannot watch {}: {e}", path.display());
                false
            }
        }
    }
}

/// An event that makes, removes or renames the path it names.
fn moves(event: &Event) -> bool {
    matches!(
        event.kind,
        EventKind::Create(_) | EventKind::Remove(_) | EventKind::Modify(ModifyKind::Name(_))
    )
}

/// An event that changed what a file holds, or its metadata, and nothing else.
fn edits(event: &Event) -> bool {
    matches!(
        event.kind,
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_))
    )
}
