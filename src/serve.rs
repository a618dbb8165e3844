//! `grantsite serve`: builds the site in memory, serves it on localhost, and rebuilds when a
//! file under the site folder changes. A build with errors prints them and keeps serving the
//! last good build, so a typo never takes the preview down. Pages served here load a small
//! script that reloads them after each successful rebuild.

use crate::pipeline::{self, Options};
use crate::render::Rendered;
use notify::{Event, RecursiveMode, Watcher};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};
use tiny_http::{Header, Response, Server};

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: String, message: String },
    #[error("cannot watch {path} for changes: {message}")]
    Watch { path: String, message: String },
}

/// The build being served, and how many builds there have been (the reload script polls it).
#[derive(Default)]
struct Live {
    site: Arc<Rendered>,
    generation: u64,
}

type Shared = Arc<RwLock<Live>>;

/// Where the reload script and the build counter are served; no site page can live there.
const LIVE_SCRIPT: &str = "/__grantsite/live.js";
const GENERATION: &str = "/__grantsite/generation";

/// Polls the build counter and reloads the page when it changes. External, like all of the
/// theme's script, so the pages' Content-Security-Policy holds in preview too.
const LIVE_JS: &str = r#"(function () {
  var seen = null;
  function poll() {
    fetch("/__grantsite/generation", { cache: "no-store" })
      .then(function (r) { return r.text(); })
      .then(function (now) {
        if (seen !== null && now !== seen) location.reload();
        seen = now;
      })
      .catch(function () {})
      .then(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

pub fn serve(mut options: Options, host: &str, port: u16) -> Result<(), ServeError> {
    let addr = format!("{host}:{port}");
    let server = Server::http(&addr).map_err(|e| ServeError::Listen {
        addr: addr.clone(),
        message: e.to_string(),
    })?;
    let bound = server.server_addr().to_ip().map_or(addr, |a| a.to_string());
    options
        .base_url
        .get_or_insert_with(|| format!("http://{bound}/"));

    let current: Shared = Arc::new(RwLock::new(Live {
        site: Arc::new(rebuild(&options).unwrap_or_default()),
        generation: 1,
    }));
    let (tx, rx) = std::sync::mpsc::channel();
    let watch_error = |path: &Path, e: notify::Error| ServeError::Watch {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut watcher = notify::recommended_watcher(tx).map_err(|e| watch_error(&options.root, e))?;
    for dir in ["content", "templates", "static"] {
        let path = options.root.join(dir);
        if path.is_dir() {
            watcher
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    let watched = Arc::clone(&current);
    let rebuild_options = options.clone();
    std::thread::spawn(move || {
        while wait_for_change(&rx) {
            if let Some(fresh) = rebuild(&rebuild_options) {
                if let Ok(mut live) = watched.write() {
                    live.site = Arc::new(fresh);
                    live.generation += 1;
                }
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
    for request in server.incoming_requests() {
        let (site, generation) = current
            .read()
            .map(|live| (Arc::clone(&live.site), live.generation))
            .unwrap_or_default();
        let response = match request.url() {
            LIVE_SCRIPT => with_type(Response::from_data(LIVE_JS.as_bytes().to_vec()), "live.js"),
            GENERATION => with_type(
                Response::from_data(generation.to_string().into_bytes()),
                "g.txt",
            ),
            url => respond(&site, url.strip_prefix(base_path.as_str()).unwrap_or(url)),
        };
        let _ = request.respond(response);
    }
    Ok(())
}

/// Blocks until a file is created, changed or removed, then lets the burst of events an
/// editor's save makes settle. Reads are ignored: the rebuild itself reads every file.
fn wait_for_change(rx: &Receiver<notify::Result<Event>>) -> bool {
    let changes = |e: &notify::Result<Event>| {
        e.as_ref()
            .is_ok_and(|e| e.kind.is_create() || e.kind.is_modify() || e.kind.is_remove())
    };
    loop {
        match rx.recv() {
            Ok(event) if changes(&event) => break,
            Ok(_) => continue,
            Err(_) => return false,
        }
    }
    while rx.recv_timeout(Duration::from_millis(150)).is_ok() {}
    true
}

/// Builds in memory; prints problems; `None` when the content has errors.
fn rebuild(options: &Options) -> Option<Rendered> {
    let started = Instant::now();
    let checked = match pipeline::check(options) {
        Ok(checked) => checked,
        Err(e) => {
            tell!("error: {e}");
            return None;
        }
    };
    crate::report::human(&checked.diagnostics, &checked.sources);
    match pipeline::render(&checked) {
        Ok(rendered) => {
            say!(
                "built {} pages in {} ms",
                rendered.pages(),
                started.elapsed().as_millis()
            );
            Some(rendered)
        }
        Err(e) => {
            tell!("error: {e}; still serving the last good build");
            None
        }
    }
}

fn respond(site: &Rendered, url: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = crate::urls::percent_decode(url.split(['?', '#']).next().unwrap_or("/"));
    let path = path.trim_start_matches('/');
    let candidates = [
        path.to_string(),
        format!("{path}index.html"),
        format!("{path}/index.html"),
    ];
    for candidate in candidates.iter().filter(|c| !c.contains("..")) {
        if let Some(bytes) = site.files.get(candidate) {
            return with_type(
                Response::from_data(with_live_script(bytes, candidate)),
                candidate,
            );
        }
        if let Some(bytes) = site
            .copies
            .get(candidate)
            .and_then(|p| std::fs::read(p).ok())
        {
            return with_type(Response::from_data(bytes), candidate);
        }
    }
    let page = site
        .files
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| b"not found".to_vec());
    with_type(Response::from_data(page), "404.html").with_status_code(404)
}

/// An HTML page with the reload script added before `</body>`; other files unchanged.
fn with_live_script(bytes: &[u8], path: &str) -> Vec<u8> {
    let tag = format!("<script src=\"{LIVE_SCRIPT}\" defer></script>");
    match std::str::from_utf8(bytes) {
        Ok(html) if path.ends_with(".html") && html.contains("</body>") => html
            .replacen("</body>", &format!("{tag}</body>"), 1)
            .into_bytes(),
        _ => bytes.to_vec(),
    }
}

fn with_type(
    response: Response<std::io::Cursor<Vec<u8>>>,
    path: &str,
) -> Response<std::io::Cursor<Vec<u8>>> {
    let ext = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let mime = match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    };
    match Header::from_bytes("Content-Type", mime) {
        Ok(header) => response.with_header(header),
        Err(()) => response,
    }
}
