//! `grantsite serve` reads only the files that changed and renders pages when they are asked
//! for; after any sequence of edits, what it serves must be what a fresh build of the same
//! tree writes, byte for byte, and an edit with errors must leave the last good site served.
#![cfg(feature = "serve")]

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const LIVE_TAG: &str = r#"<script src="/__grantsite/live.js" defer></script>"#;

struct Server {
    child: Child,
    addr: String,
    /// Every line the server printed on stderr so far.
    said: Arc<Mutex<Vec<String>>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(root: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_grantsite"))
            .args(["serve", "-r", root.to_str().unwrap(), "-p", "0"])
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let said = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().unwrap();
        let lines = Arc::clone(&said);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines.lock().unwrap().push(line);
            }
        });
        let stdout = child.stdout.take().unwrap();
        let mut stdout = BufReader::new(stdout).lines().map_while(Result::ok);
        let addr = stdout
            .find_map(|line| {
                let rest = line.split_once("http://")?.1;
                Some(rest.split('/').next()?.to_string())
            })
            .expect("serve prints its address");
        std::thread::spawn(move || stdout.for_each(drop));
        Server { child, addr, said }
    }

    /// Status and body of one GET.
    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        let head = format!(
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        );
        stream.write_all(head.as_bytes()).unwrap();
        let mut response = Vec::new();
        stream.read_to_end(&mut response).unwrap();
        let at = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response head");
        let status = String::from_utf8_lossy(&response[..at])
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        (status, response[at + 4..].to_vec())
    }

    fn generation(&self) -> String {
        String::from_utf8(self.get("/__grantsite/generation").1).unwrap()
    }

    fn said(&self, text: &str) -> bool {
        self.said.lock().unwrap().iter().any(|l| l.contains(text))
    }

    /// The first file whose served bytes differ from the build's, if any.
    fn differs_from(&self, built: &[(String, Vec<u8>)]) -> Option<String> {
        built.iter().find_map(|(file, bytes)| {
            let (status, body) = self.get(&format!("/{}", encoded(file)));
            let body = String::from_utf8(body.clone())
                .map(|html| html.replacen(LIVE_TAG, "", 1).into_bytes())
                .unwrap_or(body);
            (status != 200 || body != *bytes).then(|| format!("{file} ({status})"))
        })
    }

    /// Waits until what is served is what a fresh build of the tree writes; the watcher may
    /// see one edit as two bursts, so a generation in between may show half of it.
    fn settles_on(&self, built: &[(String, Vec<u8>)], seen: &str, step: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let now = self.generation();
            if now != seen {
                match self.differs_from(built) {
                    None => return now,
                    Some(file) if Instant::now() > deadline => {
                        panic!("after {step}: {file} is not what the build wrote")
                    }
                    Some(_) => {}
                }
            }
            assert!(Instant::now() < deadline, "after {step}: no new generation");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// A site path as a request target: bytes outside the unreserved set percent-encoded.
fn encoded(file: &str) -> String {
    file.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What `grantsite build` writes for the tree at `root`, with links to `base`.
fn built(root: &Path, base: &str) -> Vec<(String, Vec<u8>)> {
    let out = tempfile::tempdir().unwrap();
    let public = out.path().join("public");
    build(root, &public, &["-u", base]);
    tree(&public)
        .into_iter()
        .filter(|(file, _)| file != ".grantsite-output")
        .collect()
}

/// One step of the sequence, done to the site's files.
type Edit<'a> = Box<dyn Fn() + 'a>;

#[test]
fn after_each_edit_serve_serves_what_a_fresh_build_writes() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    copy_tree(&fixture("updates/site"), root);
    let theme = grantsite(&["theme", "-r", root.to_str().unwrap(), "update.html"]);
    assert!(theme.status.success());
    let server = Server::start(root);
    let base = format!("http://{}/", server.addr);
    let engagements = root.join("content/engagements");
    let update = engagements.join("2024/FreeBSD/update-10-2024.md");
    let program = root.join("content/program.yaml");

    let mut seen = String::new();
    let mut expected = built(root, &base);
    assert_eq!(server.differs_from(&expected), None, "the first generation");

    let edits: Vec<(&str, Edit)> = vec![
        (
            "an update's body changed",
            Box::new(|| {
                let text = read(&update).replace("Process audit started", "Audit underway");
                std::fs::write(&update, text).unwrap();
            }),
        ),
        (
            "a page's body changed",
            Box::new(|| {
                let page = engagements.join("2024/FreeBSD/role-description.md");
                let text = read(&page) + "\nAnd one more line.\n";
                std::fs::write(&page, text).unwrap();
            }),
        ),
        (
            // The search index is cut into more files: the URL map is not the last one.
            "an update's body grew past a search shard",
            Box::new(|| {
                let words: Vec<String> = (0..20_000).map(|i| format!("word{i}")).collect();
                let text = read(&update) + "\n" + &words.join(" ") + "\n";
                std::fs::write(&update, text).unwrap();
            }),
        ),
        (
            "an update's title changed",
            Box::new(|| {
                let text = read(&update).replacen("# FreeBSD Update", "# FreeBSD News", 1);
                std::fs::write(&update, text).unwrap();
            }),
        ),
        (
            "an update added",
            Box::new(|| {
                let new = engagements.join("2024/FreeBSD/update-2024-12.md");
                std::fs::write(new, "# FreeBSD Update - December 2024\n\nShipped.\n").unwrap();
            }),
        ),
        (
            "an update deleted",
            Box::new(|| {
                std::fs::remove_file(engagements.join("2024/RubyCentral/update-2024-09.md"))
                    .unwrap()
            }),
        ),
        (
            "a grantee folder renamed",
            Box::new(|| {
                std::fs::rename(
                    engagements.join("2024/node.js"),
                    engagements.join("2024/nodejs"),
                )
                .unwrap()
            }),
        ),
        (
            "program.yaml edited",
            Box::new(|| {
                let text = read(&program).replacen("name: ", "name: Renamed ", 1);
                std::fs::write(&program, text).unwrap();
            }),
        ),
        (
            "a template changed",
            Box::new(|| {
                let template = root.join("templates/update.html");
                let text = read(&template).replacen(
                    "{%- if update.body_html %}",
                    "<p>EDITED TEMPLATE</p>{%- if update.body_html %}",
                    1,
                );
                std::fs::write(&template, text).unwrap();
            }),
        ),
    ];
    for (step, edit) in &edits {
        edit();
        expected = built(root, &base);
        seen = server.settles_on(&expected, &seen, step);
    }
    let (_, page) = server.get("/");
    assert!(String::from_utf8_lossy(&page).contains("Renamed"));

    // A broken edit: the last good generation stays, and says why.
    let good = read(&update);
    std::fs::write(&update, format!("---\nperiod: [024-10\n---\n{good}")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !server.said("still serving the last good build") {
        assert!(
            Instant::now() < deadline,
            "the broken edit was not reported"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(
        server.said("update-10-2024.md"),
        "the problem names the file"
    );
    assert_eq!(server.generation(), seen, "a broken edit made a generation");
    assert_eq!(server.differs_from(&expected), None, "the last good site");

    // Fixed, keeping the size: the stamp may differ in its time only, or not at all.
    std::fs::write(&update, format!("---\nperiod: 2024-10\n---\n{good}")).unwrap();
    expected = built(root, &base);
    seen = server.settles_on(&expected, &seen, "the broken file fixed");

    // A body whose problem only a check of the whole site finds (a link to nothing, a
    // warning for a grantee's text) is reported as surely by the patched load.
    let said_before = server.said.lock().unwrap().len();
    let text = read(&update) + "\nSee [gone](no-such-file.md).\n";
    std::fs::write(&update, text).unwrap();
    expected = built(root, &base);
    server.settles_on(&expected, &seen, "a dead link added");
    let said = server.said.lock().unwrap()[said_before..].join("\n");
    assert!(
        said.contains("no-such-file.md"),
        "the dead link was not reported: {said}"
    );
}
