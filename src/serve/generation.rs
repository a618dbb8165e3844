//! One checked site as `serve` serves it: a generation. Its files are made when first asked
//! for, by a thread that owns the site, and kept as long as the generation is served; between
//! requests a helper of that thread makes the rest, so that a template error shows in the
//! terminal without its page being opened, and pages open at once. Nothing is kept from one
//! generation to the next, so no page is ever older than the site it belongs to.

use crate::diagnostics::Sources;
use crate::pipeline::Checked;
use crate::registry::Artifact;
use crate::render::{Made, RenderError, Renderer};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A file's bytes, or why it could not be made (served as a 500 page).
pub type Body = Result<Arc<[u8]>, Arc<str>>;

/// What makes one file of the site.
enum Job {
    /// One of the registry's outputs (index into `urls.outputs()`).
    Output(usize),
    /// A file of the site's `static/`, copied as it is.
    Static(PathBuf),
}

/// What the generation's thread and the server share: which files there are, those made so
/// far, and whether a newer generation has replaced this one.
struct Files {
    /// Output path (relative, `/`-separated) -> index into `jobs` and `made`.
    names: HashMap<String, usize>,
    /// In the order a build makes them.
    jobs: Vec<Job>,
    made: Vec<OnceLock<Body>>,
    retired: AtomicBool,
}

/// A generation as the server holds it. Dropping the last handle ends its thread, and with it
/// the site it held.
pub struct Generation {
    pub number: u64,
    files: Arc<Files>,
    /// To the thread that makes files; `None` for the empty generation.
    asks: Option<Sender<Ask>>,
}

/// A request to make the file at this index, and where to send it.
struct Ask {
    file: usize,
    reply: Sender<Body>,
}

impl Generation {
    /// The generation served before any check has succeeded: it has no files.
    pub fn empty(number: u64) -> Generation {
        Generation {
            number,
            files: Arc::new(Files::new(Vec::new())),
            asks: None,
        }
    }

    /// Starts serving `checked`: loads the theme and builds the views on the generation's
    /// own thread. `None`, with the problem printed, when rendering cannot start (a template
    /// that does not parse). `root` is the site folder, whose `content/`, `templates/` and
    /// `static/` copied files must stay in. While `pause` is set (the next generation is being
    /// checked) no file is made ahead.
    pub fn start(
        number: u64,
        checked: Arc<Checked>,
        root: &Path,
        pause: Arc<AtomicBool>,
    ) -> Option<Generation> {
        let files = Arc::new(Files::of(&checked));
        let folders = Folders::of(root);
        let (asks, requests) = channel();
        let (ready, started) = channel();
        let shared = Arc::clone(&files);
        let spawned = std::thread::Builder::new()
            .name(format!("serve generation {number}"))
            .spawn(move || run(&checked, &shared, &folders, &pause, requests, ready));
        if let Err(e) = spawned {
            tell!("error: cannot start a thread to render with: {e}");
            return None;
        }
        started.recv().ok()?.then_some(Generation {
            number,
            files,
            asks: Some(asks),
        })
    }

    /// The number of HTML pages it has.
    pub fn pages(&self) -> usize {
        self.files
            .names
            .keys()
            .filter(|n| n.ends_with(".html"))
            .count()
    }

    pub fn has(&self, file: &str) -> bool {
        self.files.names.contains_key(file)
    }

    /// The file at this output path, made now if it was not made before; `None` if the site
    /// has no such file.
    pub fn file(&self, file: &str) -> Option<Body> {
        let &at = self.files.names.get(file)?;
        if let Some(body) = self.files.made[at].get() {
            return Some(body.clone());
        }
        let (reply, answer) = channel();
        let asked = self.asks.as_ref()?.send(Ask { file: at, reply });
        let body = asked.ok().and_then(|()| answer.recv().ok());
        Some(body.unwrap_or_else(|| Err(Arc::from("the preview's renderer stopped"))))
    }

    /// A newer generation is served: stop making files ahead for this one.
    pub fn retire(&self) {
        self.files.retired.store(true, Ordering::Relaxed);
    }
}

impl Files {
    fn new(named: Vec<(String, Job)>) -> Files {
        let names = named
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        let made = named.iter().map(|_| OnceLock::new()).collect();
        Files {
            names,
            jobs: named.into_iter().map(|(_, job)| job).collect(),
            made,
            retired: AtomicBool::new(false),
        }
    }

    /// Every file `render_each` would make for this site: the registry's outputs, then the
    /// site's static files.
    fn of(checked: &Checked) -> Files {
        let outputs = checked.urls.outputs().iter().enumerate();
        let outputs = outputs.map(|(i, output)| (output.file(), Job::Output(i)));
        let statics = checked.files.site_static.iter();
        let statics = statics.map(|(name, source)| (name.clone(), Job::Static(source.clone())));
        Files::new(outputs.chain(statics).collect())
    }
}

/// The generation's thread: answers requests, while a helper makes the other files.
fn run(
    checked: &Checked,
    files: &Files,
    folders: &Folders,
    pause: &AtomicBool,
    requests: Receiver<Ask>,
    ready: Sender<bool>,
) {
    let renderer = match Renderer::new(&checked.site, &checked.urls, &checked.files) {
        Ok(renderer) => renderer,
        Err(e) => {
            report(checked, &e);
            let _ = ready.send(false);
            return;
        }
    };
    let maker = Maker {
        checked,
        renderer,
        folders,
        files,
        told: AtomicBool::new(false),
    };
    if ready.send(true).is_err() {
        return;
    }
    // Making ahead runs in a pool of its own, one thread wide: what it renders in parallel
    // (the search index) must not queue the next check's work behind it in the global pool.
    let ahead = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .thread_name(|_| "serve render ahead".into())
        .build();
    std::thread::scope(|scope| {
        scope.spawn(|| match &ahead {
            Ok(pool) => pool.install(|| maker.make_ahead(pause)),
            Err(_) => maker.make_ahead(pause),
        });
        for ask in requests {
            let _ = ask.reply.send(maker.get(ask.file));
        }
        // Every handle is gone: nobody will ask again.
        files.retired.store(true, Ordering::Relaxed);
    });
}

struct Maker<'a> {
    checked: &'a Checked,
    renderer: Renderer<'a>,
    folders: &'a Folders,
    files: &'a Files,
    /// Whether a failure was printed: the first one is, as a build would stop at it.
    told: AtomicBool,
}

impl Maker<'_> {
    fn get(&self, at: usize) -> Body {
        self.files.made[at].get_or_init(|| self.make(at)).clone()
    }

    /// Makes each file not asked for yet, in a build's order but the search index last, until
    /// all are made or a newer generation replaces this one; waits while the next one is being
    /// checked. The index is one long job over every page: it gives up when a check starts,
    /// and starts again after it, so a check never waits for it.
    fn make_ahead(&self, pause: &AtomicBool) {
        let (search, others): (Vec<usize>, Vec<usize>) =
            (0..self.files.jobs.len()).partition(|&at| self.is_search(at));
        for at in others {
            if !self.wait_unless_retired(pause) {
                return;
            }
            self.files.made[at].get_or_init(|| self.make(at));
        }
        if search.is_empty() {
            return;
        }
        loop {
            if !self.wait_unless_retired(pause) {
                return;
            }
            let stop = || pause.load(Ordering::Relaxed) || self.retired();
            if self.renderer.prepare_search(&stop) {
                break;
            }
        }
        for at in search {
            if !self.wait_unless_retired(pause) {
                return;
            }
            self.files.made[at].get_or_init(|| self.make(at));
        }
    }

    /// Waits while a check runs; false once this generation is retired.
    fn wait_unless_retired(&self, pause: &AtomicBool) -> bool {
        while pause.load(Ordering::Relaxed) && !self.retired() {
            std::thread::sleep(Duration::from_millis(5));
        }
        !self.retired()
    }

    fn is_search(&self, at: usize) -> bool {
        matches!(
            &self.files.jobs[at],
            Job::Output(i) if matches!(self.checked.urls.outputs()[*i].artifact, Artifact::Search(_))
        )
    }

    fn retired(&self) -> bool {
        self.files.retired.load(Ordering::Relaxed)
    }

    fn make(&self, at: usize) -> Body {
        let made = match &self.files.jobs[at] {
            Job::Output(i) => self
                .renderer
                .make(&self.checked.urls.outputs()[*i])
                .map_err(|e| self.render_failed(&e)),
            Job::Static(source) => Ok(Made::Copy(source.clone())),
        };
        match made? {
            Made::Bytes(bytes) => Ok(Arc::from(bytes)),
            Made::Copy(source) => match self.folders.read(&source) {
                Ok(bytes) => Ok(Arc::from(bytes)),
                Err(e) => Err(self.tell(format!("cannot read {}: {e}", source.display()))),
            },
        }
    }

    fn render_failed(&self, e: &RenderError) -> Arc<str> {
        if !self.told.swap(true, Ordering::Relaxed) {
            report(self.checked, e);
        }
        Arc::from(format!("{e}\n"))
    }

    fn tell(&self, message: String) -> Arc<str> {
        if !self.told.swap(true, Ordering::Relaxed) {
            tell!("error: {message}");
        }
        Arc::from(format!("{message}\n"))
    }
}

/// Prints a rendering failure as `check` reports it, with the template's line when it is the
/// site's own template.
fn report(checked: &Checked, e: &RenderError) {
    let diagnostic = e.diagnostic();
    let name = diagnostic.file.strip_prefix("templates/");
    let mut sources = Sources::new();
    let own = checked.files.templates.iter();
    if let Some((_, source)) = own.into_iter().find(|(n, _)| Some(n.as_str()) == name) {
        sources.insert(diagnostic.file.clone(), source.as_str().into());
    }
    crate::report::human(&[diagnostic], &sources);
}

/// The site's folders, and where each resolves: a copied file is read only from inside the
/// one it was found in.
struct Folders(Vec<(PathBuf, Option<PathBuf>)>);

impl Folders {
    fn of(root: &Path) -> Folders {
        let folders = ["content", "templates", "static"].iter().map(|name| {
            let folder = root.join(name);
            let real = folder.canonicalize().ok();
            (folder, real)
        });
        Folders(folders.collect())
    }

    fn read(&self, source: &Path) -> std::io::Result<Vec<u8>> {
        // Sources are found through the folders' real paths, which `-r .` does not spell.
        let inside = self
            .0
            .iter()
            .find(|(folder, real)| {
                source.starts_with(folder) || real.as_ref().is_some_and(|r| source.starts_with(r))
            })
            .and_then(|(_, real)| real.as_deref());
        read_inside(source, inside)
    }
}

/// Reads `path` only if it resolves to a regular file inside `folder` (the real path of the
/// site folder it was found in), the rule the build applies to links. The file opened is
/// checked to be the one resolved, so a swap in between is caught too.
fn read_inside(path: &Path, folder: Option<&Path>) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, Read};
    let real = path.canonicalize()?;
    if !folder.is_some_and(|f| real.starts_with(f)) {
        return Err(Error::other(format!(
            "it resolves to {}, outside its site folder",
            real.display()
        )));
    }
    let mut file = std::fs::File::open(&real)?;
    let opened = file.metadata()?;
    let changed = Error::other("it changed while it was read");
    if !opened.is_file()
        || path.canonicalize()? != real
        || !same_file(&opened, &std::fs::metadata(&real)?)
    {
        return Err(changed);
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(unix)]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    (a.dev(), a.ino()) == (b.dev(), b.ino())
}

#[cfg(not(unix))]
fn same_file(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    a.len() == b.len() && a.modified().ok() == b.modified().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_only_from_inside_its_folder() {
        let site = tempfile::tempdir().unwrap();
        let folder = site.path().join("static");
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("a.txt"), "a").unwrap();
        std::fs::write(site.path().join("secret"), "s").unwrap();
        let real = folder.canonicalize().unwrap();
        assert_eq!(
            read_inside(&folder.join("a.txt"), Some(&real)).unwrap(),
            b"a"
        );
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("a.txt", folder.join("inside")).unwrap();
            std::os::unix::fs::symlink("../secret", folder.join("outside")).unwrap();
            assert_eq!(
                read_inside(&folder.join("inside"), Some(&real)).unwrap(),
                b"a"
            );
            let refused = read_inside(&folder.join("outside"), Some(&real)).unwrap_err();
            assert!(
                refused.to_string().contains("outside its site folder"),
                "{refused}"
            );
        }
        assert!(read_inside(&folder.join("a.txt"), None).is_err());
    }
}
