//! `grantsite serve`: builds the site in memory, serves it on localhost, and rebuilds when a
//! file under the site folder changes. A build with errors prints them and keeps serving the
//! last good build, so a typo never takes the preview down. Pages served here load a small
//! script that reloads them after each successful rebuild. Only requests that name the
//! server's own address are answered, and only bytes the last build produced are served.

mod hosts;
mod http;
mod watch;

use crate::pipeline::{self, Options};
use crate::render::Rendered;
use hosts::Hosts;
use http::{Request, Response};
use std::collections::BTreeMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::Instant;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {message}")]
    Listen { addr: String, message: String },
    #[error("cannot watch {path} for changes: {message}")]
    Watch { path: String, message: String },
}

/// One build as it is served: every file's bytes, those copied from the site's folders read
/// when it was built. A file swapped afterwards (for a symlink to a secret, say) changes
/// nothing until the next build, which checks it again.
#[derive(Default)]
struct Snapshot(BTreeMap<String, Arc<[u8]>>);

/// The build being served, and how many builds there have been (the reload script polls it).
#[derive(Default)]
struct Live {
    site: Arc<Snapshot>,
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

    let current: Shared = Arc::new(RwLock::new(Live {
        site: Arc::new(rebuild(&options).unwrap_or_default()),
        generation: 1,
    }));
    let mut watch = watch::SiteWatch::start(&options.root)?;
    let watched = Arc::clone(&current);
    let rebuild_options = options.clone();
    std::thread::spawn(move || {
        while watch.wait() {
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
    http::run(&listener, move |request| {
        answer(request, &hosts, &current, &base_path)
    });
    Ok(())
}

fn answer(request: &Request, hosts: &Hosts, current: &Shared, base_path: &str) -> Response {
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
    let (site, generation) = current
        .read()
        .map(|live| (Arc::clone(&live.site), live.generation))
        .unwrap_or_default();
    match request.target.as_str() {
        LIVE_SCRIPT => typed(200, LIVE_SCRIPT, Arc::from(LIVE_JS.as_bytes())),
        GENERATION => typed(200, "g.txt", Arc::from(generation.to_string().as_bytes())),
        url => respond(&site, url.strip_prefix(base_path).unwrap_or(url)),
    }
}

/// Builds in memory; prints problems; `None` when the content has errors.
fn rebuild(options: &Options) -> Option<Snapshot> {
    let started = Instant::now();
    let checked = match pipeline::check(options) {
        Ok(checked) => checked,
        Err(e) => {
            tell!("error: {e}");
            return None;
        }
    };
    crate::report::human(&checked.diagnostics, &checked.sources);
    let rendered = match pipeline::render(&checked) {
        Ok(rendered) => rendered,
        Err(e) => {
            tell!("error: {e}; still serving the last good build");
            return None;
        }
    };
    let pages = rendered.pages();
    match snapshot(&options.root, rendered) {
        Ok(site) => {
            say!(
                "built {pages} pages in {} ms",
                started.elapsed().as_millis()
            );
            Some(site)
        }
        Err(e) => {
            tell!("error: {e}; still serving the last good build");
            None
        }
    }
}

/// The rendered files, and each copied file read now, from inside the folder it belongs to.
fn snapshot(root: &Path, rendered: Rendered) -> Result<Snapshot, String> {
    let folders: Vec<(PathBuf, Option<PathBuf>)> = ["content", "templates", "static"]
        .iter()
        .map(|name| {
            let folder = root.join(name);
            let real = folder.canonicalize().ok();
            (folder, real)
        })
        .collect();
    let mut files: BTreeMap<String, Arc<[u8]>> = rendered
        .files
        .into_iter()
        .map(|(path, bytes)| (path, Arc::from(bytes)))
        .collect();
    for (output, source) in rendered.copies {
        // Sources are found through the folders' real paths, which `-r .` does not spell.
        let inside = folders
            .iter()
            .find(|(folder, real)| {
                source.starts_with(folder) || real.as_ref().is_some_and(|r| source.starts_with(r))
            })
            .and_then(|(_, real)| real.as_deref());
        let bytes = read_inside(&source, inside)
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        files.insert(output, Arc::from(bytes));
    }
    Ok(Snapshot(files))
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

fn respond(site: &Snapshot, url: &str) -> Response {
    let path = crate::urls::percent_decode(url.split(['?', '#']).next().unwrap_or("/"));
    let path = path.trim_start_matches('/');
    let candidates = [
        path.to_string(),
        format!("{path}index.html"),
        format!("{path}/index.html"),
    ];
    for candidate in candidates.iter().filter(|c| !c.contains("..")) {
        if let Some(bytes) = site.0.get(candidate) {
            return typed(200, candidate, with_live_script(bytes, candidate));
        }
    }
    let page = site
        .0
        .get("404.html")
        .cloned()
        .unwrap_or_else(|| Arc::from(&b"not found"[..]));
    typed(404, "404.html", page)
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
