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
use std::time::Duration;

const FOLDERS: [&str; 3] = ["content", "templates", "static"];

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
    /// `false` once the watcher has stopped.
    pub fn wait(&mut self) -> bool {
        loop {
            let Ok(first) = self.events.recv() else {
                return false;
            };
            let mut batch = vec![first];
            while let Ok(more) = self.events.recv_timeout(Duration::from_millis(150)) {
                batch.push(more);
            }
            let events: Vec<&Event> = batch.iter().filter_map(|e| e.as_ref().ok()).collect();
            let replaced = self.refresh(&events);
            if replaced || events.iter().any(|e| self.concerns_a_folder(e)) {
                return true;
            }
        }
    }

    /// A change to a file in one of the folders. Reads are left out: a rebuild reads every
    /// file, and must not set off another.
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
