//! `grantsite serve` serves the site from memory and rebuilds when content changes.
#![cfg(feature = "serve")]

mod common;

use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, response)
}

/// Starts `grantsite serve` on `root`; returns the server (stopped when dropped) and its address.
/// Its stdout is closed once the address is read: the server must keep going (it used to die
/// at its next `println!` on the closed pipe, so it never rebuilt).
fn start(root: &std::path::Path, extra: &[&str]) -> (Server, String) {
    let mut args = vec!["serve", "-r", root.to_str().unwrap()];
    if !extra.contains(&"-p") {
        args.extend(["-p", "0"]);
    }
    args.extend(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(&args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let server = Server(child);
    let addr = BufReader::new(stdout)
        .lines()
        .map_while(Result::ok)
        .find_map(|line| {
            let rest = line.split_once("http://")?.1;
            Some(rest.split('/').next()?.to_string())
        })
        .expect("serve prints its address");
    (server, addr)
}

#[test]
fn serves_pages_and_rebuilds_when_content_changes() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let (_server, addr) = start(site.path(), &[]);

    let (status, body) = get(&addr, "/reports/2024-01/");
    assert_eq!(status, 200);
    assert!(body.contains("OVERRIDDEN REPORT TEMPLATE: January 2024"));
    assert!(
        body.contains(&format!("http://{addr}/static/grantsite.css")),
        "links point at the server"
    );
    assert_eq!(get(&addr, "/no/such/page/").0, 404);
    assert!(body.contains(r#"<script src="/__grantsite/live.js" defer></script></body>"#));
    let (status, script) = get(&addr, "/__grantsite/live.js");
    assert_eq!(status, 200);
    assert!(script.contains("location.reload()"));
    let generation = |addr: &str| {
        get(addr, "/__grantsite/generation")
            .1
            .rsplit("\r\n\r\n")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let first = generation(&addr);

    let report = site.path().join("content/reports/2024/2024-01.md");
    let text = read(&report).replace("title: January 2024", "title: January 2024, revised");
    std::fs::write(&report, text).unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, body) = get(&addr, "/reports/2024-01/");
        if body.contains("January 2024, revised") {
            assert_ne!(
                generation(&addr),
                first,
                "the reload script sees a new build"
            );
            break;
        }
        assert!(Instant::now() < deadline, "no rebuild after the change");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serves_a_base_url_with_a_sub_path() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = format!("http://127.0.0.1:{port}/preview/");
    let (_server, addr) = start(site.path(), &["-p", &port.to_string(), "-u", &base]);
    let (status, body) = get(&addr, "/preview/reports/2024-01/");
    assert_eq!(status, 200);
    assert!(body.contains(&format!("{base}static/grantsite.css")));
    assert_eq!(get(&addr, "/preview/static/grantsite.css").0, 200);
}
