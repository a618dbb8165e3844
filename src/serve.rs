//! `grantsite serve`: checks the site in memory, serves it on localhost, and checks it again
//! when a file under the site folder changes, reading only the files that changed. Each good
//! check is a new generation whose pages are rendered when they are asked for (and ahead, in
//! the background), so an edit shows as soon as the site is checked. A check with errors
//! prints them and keeps serving the last good generation, so a typo never takes the preview
//! down. Pages served here load a small script that reloads them when a new generation is
//! served. Only requests that name the server's own address are answered, and copied files
//! are read only from inside the site folder they were found in.

mod generation;
mod hosts;
mod http;
mod watch;

use crate::load;
use crate::pipeline::{self, Options};
use generation::Generation;
use hosts::Hosts;
use http::{Request, Response};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: String, message: String },
    #[error("cannot watch {path} for changes: {message}")]
    Watch { path: String, message: String },
}

/// The generation being served, and a signal for the reload script waiting for the next.
struct Current {
    live: Mutex<Arc<Generation>>,
    changed: Condvar,
    /// Reload scripts waiting now: each holds one of the server's 64 connections.
    waiting: AtomicUsize,
}

impl Current {
    fn get(&self) -> Arc<Generation> {
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        Arc::clone(&live)
    }

    fn publish(&self, fresh: Generation) {
        let mut live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        live.retire();
        *live = Arc::new(fresh);
        self.changed.notify_all();
    }

    /// The current generation's number once it is not `seen`, or after `LONG_POLL`; at once
    /// when too many scripts wait already.
    fn number_after(&self, seen: u64) -> u64 {
        if self.waiting.fetch_add(1, Ordering::AcqRel) >= MAX_WAITING {
            self.waiting.fetch_sub(1, Ordering::AcqRel);
            return self.get().number;
        }
        let live = self.live.lock().unwrap_or_else(PoisonError::into_inner);
        let (live, _) = self
            .changed
            .wait_timeout_while(live, LONG_POLL, |live| live.number == seen)
            .unwrap_or_else(PoisonError::into_inner);
        let number = live.number;
        drop(live);
        self.waiting.fetch_sub(1, Ordering::AcqRel);
        number
    }
}

/// Where the reload script and the generation number are served; no site page can live there.
const LIVE_SCRIPT: &str = "/__grantsite/live.js";
const GENERATION: &str = "/__grantsite/generation";
/// How long a request for the next generation is held open; browsers wait far longer.
const LONG_POLL: Duration = Duration::from_secs(20);
/// At most this many of the server's connections wait for the next generation; past it, the
/// number is answered at once and the script asks again a little later.
const MAX_WAITING: usize = 16;

/// Asks for the generation after the one it has seen, which the server answers as soon as
/// there is one, and reloads the page then. External, like all of the theme's script, so the
/// pages' Content-Security-Policy holds in preview too.
const LIVE_JS: &str = r#"(function () {
  var seen = null;
  function poll() {
    var after = seen === null ? "" : "?after=" + encodeURIComponent(seen);
    fetch("/__grantsite/generation" + after, { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (now) {
        if (seen !== null && now !== seen) return location.reload();
        seen = now;
        setTimeout(poll, 100);
      }, function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

pub fn serve(mut options: Options, host: &str, port: u16) -> Result<(), ServeError> {
    let listen_error = |e: std::io::Error| ServeError::Listen {
        addr: format!("{host}:{port}"),
        message: e.to_string(),
    };
    let listener = TcpListener::bind((host, port)).map_err(listen_error)?;
    let bound = listener.local_addr().map_err(listen_error)?;
    let hosts = Hosts::new(host, bound.port(), options.base_url.as_deref());
    options
        .base_url
        .get_or_insert_with(|| format!("http://{bound}/"));

    let mut checker = Checker::new(options.clone());
    let first = checker
        .next(1, &load::Changed::default())
        .unwrap_or_else(|| Generation::empty(1));
    let current = Arc::new(Current {
        live: Mutex::new(Arc::new(first)),
        changed: Condvar::new(),
        waiting: AtomicUsize::new(0),
    });
    let mut watch = watch::SiteWatch::start(&options.root)?;
    let watched = Arc::clone(&current);
    std::thread::spawn(move || {
        while let Some(changes) = watch.wait() {
            if changes.everything {
                checker.cache = load::Cache::default();
            }
            let number = watched.get().number + 1;
            if let Some(fresh) = checker.next(number, &changes.changed) {
                watched.publish(fresh);
            }
        }
    });

    // With a base URL that has a sub-path (`-u http://127.0.0.1:1111/reports/`), pages link
    // to /reports/...: requests are read relative to that path.
    let base_path = options
        .base_url
        .as_deref()
        .and_then(|url| url.split_once("://"))
        .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_string()))
        .unwrap_or_else(|| "/".to_string());
    say!(
        "serving {} at http://{bound}{base_path} (Ctrl-C to stop)",
        options.root.display()
    );
    http::run(&listener, move |request| {
        answer(request, &hosts, &current, &base_path)
    });
    Ok(())
}

/// Checks the site into new generations, reading only the files that changed since the last.
struct Checker {
    options: Options,
    cache: load::Cache,
    /// The last good check, whose URL map the next one keeps when only texts changed.
    last: Option<Arc<pipeline::Checked>>,
    /// Set while a check runs, so the generation being served stops rendering ahead and
    /// leaves the processor to the check.
    checking: Arc<AtomicBool>,
}

impl Checker {
    fn new(options: Options) -> Checker {
        Checker {
            options,
            cache: load::Cache::default(),
            last: None,
            checking: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Generation `number` of the site, given the paths the watcher saw change; prints
    /// problems; `None` when the content has errors.
    fn next(&mut self, number: u64, changed: &load::Changed) -> Option<Generation> {
        self.checking.store(true, Ordering::Relaxed);
        let checked = self.check(changed);
        self.checking.store(false, Ordering::Relaxed);
        let (checked, started) = checked?;
        let timings: Vec<String> = checked
            .timings
            .iter()
            .map(|(stage, took)| format!("{stage} {} ms", took.as_millis()))
            .collect();
        let checked_in = started.elapsed();
        let root = self.options.root.clone();
        let checked = Arc::new(checked);
        self.last = Some(Arc::clone(&checked));
        let fresh = Generation::start(number, checked, &root, Arc::clone(&self.checking));
        match &fresh {
            Some(fresh) => say!(
                "checked {} pages in {} ms ({} files read; {}; theme {} ms); pages render as \
                 they are opened",
                fresh.pages(),
                started.elapsed().as_millis(),
                self.cache.parsed,
                timings.join(", "),
                (started.elapsed() - checked_in).as_millis(),
            ),
            None => tell!("still serving the last good build"),
        }
        fresh
    }

    fn check(&mut self, changed: &load::Changed) -> Option<(pipeline::Checked, Instant)> {
        let started = Instant::now();
        let loaded = load::load_cached(&self.options.root, &mut self.cache, changed);
        let checked = loaded
            .map_err(pipeline::BuildError::from)
            .and_then(|loaded| {
                let last = self.last.as_deref();
                pipeline::revalidate(&self.options, loaded, started.elapsed(), last)
            });
        let checked = match checked {
            Ok(checked) => checked,
            Err(e) => {
                tell!("error: {e}; still serving the last good build");
                return None;
            }
        };
        crate::report::human(&checked.diagnostics, &checked.sources);
        match checked.errors() {
            0 => Some((checked, started)),
            n => {
                tell!("error: the content has {n} error(s); still serving the last good build");
                None
            }
        }
    }
}

fn answer(request: &Request, hosts: &Hosts, current: &Current, base_path: &str) -> Response {
    if !hosts.allows(request.host.as_deref()) {
        return Response::text(
            403,
            &format!(
                "grantsite serve answers only requests whose Host is one of {}: a page \
                 elsewhere must not read the preview by pointing its own name here (DNS \
                 rebinding). To browse it under another name, pass that URL with -u.\n",
                hosts.listed()
            ),
        );
    }
    let (path, query) = request
        .target
        .split_once('?')
        .unwrap_or((&request.target, ""));
    match path {
        LIVE_SCRIPT => typed(200, LIVE_SCRIPT, Arc::from(LIVE_JS.as_bytes())),
        GENERATION => {
            let seen = query.strip_prefix("after=").and_then(|n| n.parse().ok());
            let number = match seen {
                Some(seen) => current.number_after(seen),
                None => current.get().number,
            };
            typed(200, "g.txt", Arc::from(number.to_string().as_bytes()))
        }
        _ => {
            let url = request.target.as_str();
            respond(&current.get(), url.strip_prefix(base_path).unwrap_or(url))
        }
    }
}

fn respond(site: &Generation, url: &str) -> Response {
    let path = crate::urls::percent_decode(url.split(['?', '#']).next().unwrap_or("/"));
    let path = path.trim_start_matches('/');
    let candidates = [
        path.to_string(),
        format!("{path}index.html"),
        format!("{path}/index.html"),
    ];
    let found = candidates
        .iter()
        .filter(|c| !c.contains(".."))
        .find(|c| site.has(c));
    let (status, name) = match found {
        Some(name) => (200, name.as_str()),
        None => (404, "404.html"),
    };
    match site.file(name) {
        Some(Ok(bytes)) => typed(status, name, with_live_script(&bytes, name)),
        Some(Err(why)) => Response::text(500, &why),
        None => typed(404, "404.html", Arc::from(&b"not found"[..])),
    }
}

/// An HTML page with the reload script added before `</body>`; other files unchanged.
fn with_live_script(bytes: &Arc<[u8]>, path: &str) -> Arc<[u8]> {
    let tag = format!("<script src=\"{LIVE_SCRIPT}\" defer></script>");
    match std::str::from_utf8(bytes) {
        Ok(html) if path.ends_with(".html") && html.contains("</body>") => Arc::from(
            html.replacen("</body>", &format!("{tag}</body>"), 1)
                .as_bytes(),
        ),
        _ => Arc::clone(bytes),
    }
}

fn typed(status: u16, path: &str, body: Arc<[u8]>) -> Response {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let content_type = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
    Response {
        status,
        content_type,
        body,
    }
}
