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
    let head = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    send(addr, &head, Duration::from_secs(10)).expect("the server answers within 10 s")
}

/// Sends a raw request and reads the whole answer; `None` when none came within `within`.
fn send(addr: &str, raw: &str, within: Duration) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(within)).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).ok()?;
    let response = String::from_utf8_lossy(&response).into_owned();
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Some((status, response))
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A copy of the `override` fixture with extra files in its engagement folder.
fn site_with(assets: &[(&str, &[u8])]) -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let folder = site.path().join("content/engagements/2024/Example Org");
    for (name, bytes) in assets {
        std::fs::write(folder.join(name), bytes).unwrap();
    }
    site
}

const ASSETS: &str = "/engagements/2024/example-org";

/// Polls `path` until its body contains `wanted`, for at most `within`.
fn eventually_shows(addr: &str, path: &str, wanted: &str, within: Duration) -> bool {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if get(addr, path).1.contains(wanted) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    false
}

/// Starts `grantsite serve` on `root`; returns the server (stopped when dropped) and its address.
/// Its stdout is closed once the address is read: the server must keep going (it used to die
/// at its next `println!` on the closed pipe, so it never rebuilt).
fn start(root: &std::path::Path, extra: &[&str]) -> (Server, String) {
    start_in(std::path::Path::new("."), root, extra)
}

/// `start`, run from the folder `cwd` (`root` may be relative to it).
fn start_in(cwd: &std::path::Path, root: &std::path::Path, extra: &[&str]) -> (Server, String) {
    let mut args = vec!["serve", "-r", root.to_str().unwrap()];
    if !extra.contains(&"-p") {
        args.extend(["-p", "0"]);
    }
    args.extend(extra);
    let mut child = Command::new(env!("CARGO_BIN_EXE_grantsite"))
        .args(&args)
        .current_dir(cwd)
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
        body.contains(r#"href="/static/grantsite.css""#),
        "links point at the server's root"
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
fn rebuilds_a_site_given_by_a_relative_path() {
    let site = site_with(&[("pic.png", b"\x89PNG\r\n\x1a\n")]);
    std::fs::create_dir_all(site.path().join("static")).unwrap();
    std::fs::write(site.path().join("static/notes.txt"), "static notes").unwrap();
    let (_server, addr) = start_in(site.path(), std::path::Path::new("."), &[]);
    // Copied files are found through the folders' real paths, which `.` does not spell.
    let (status, body) = get(&addr, "/notes.txt");
    assert_eq!(status, 200, "{body}");
    assert!(body.ends_with("\r\n\r\nstatic notes"), "{body}");
    let report = site.path().join("content/reports/2024/2024-01.md");
    let text = read(&report).replace("title: January 2024", "title: Relative");
    std::fs::write(&report, text).unwrap();
    assert!(
        eventually_shows(
            &addr,
            "/reports/2024-01/",
            "Relative",
            Duration::from_secs(10)
        ),
        "no rebuild after the change"
    );
}

#[test]
fn serves_a_base_url_with_a_sub_path() {
    let site = tempfile::tempdir().unwrap();
    copy_tree(&fixture("override"), site.path());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}/preview/");
    let (_server, addr) = start(site.path(), &["-p", &port.to_string(), "-u", &base]);
    let (status, body) = get(&addr, "/preview/reports/2024-01/");
    assert_eq!(status, 200);
    assert!(body.contains(r#"href="/preview/static/grantsite.css""#));
    assert!(body.contains(&format!(
        r#"<link rel="canonical" href="{base}reports/2024-01/">"#
    )));
    assert_eq!(get(&addr, "/preview/static/grantsite.css").0, 200);
}

/// DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 must not read
/// the preview. Only requests naming the server's own address are answered.
#[test]
fn refuses_requests_for_another_host_name() {
    let site = site_with(&[]);
    let (_server, addr) = start(site.path(), &[]);
    let port = addr.rsplit(':').next().unwrap();
    let ask = |host: Option<&str>| {
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        let raw = format!("GET /reports/2024-01/ HTTP/1.1\r\n{host}Connection: close\r\n\r\n");
        send(&addr, &raw, Duration::from_secs(10)).expect("an answer")
    };
    for refused in [
        Some("evil.example".to_string()),
        Some(format!("evil.example:{port}")),
        Some("127.0.0.1".to_string()),
        None,
    ] {
        let (status, body) = ask(refused.as_deref());
        assert_eq!(status, 403, "Host {refused:?}: {body}");
        assert!(
            !body.contains("January 2024"),
            "Host {refused:?} got the page"
        );
        assert!(body.contains("Host"), "the refusal says why: {body}");
    }
    for served in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LOCALHOST:{port}"),
    ] {
        let (status, body) = ask(Some(&served));
        assert_eq!(status, 200, "Host {served}");
        assert!(body.contains("January 2024"));
    }
}

#[test]
fn answers_for_the_host_of_the_base_url() {
    let site = site_with(&[]);
    let port = free_port();
    let base = format!("http://preview.test:{port}/");
    let (_server, addr) = start(site.path(), &["-p", &port.to_string(), "-u", &base]);
    let ask = |host: &str| {
        let raw =
            format!("GET /reports/2024-01/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        send(&addr, &raw, Duration::from_secs(10))
            .expect("an answer")
            .0
    };
    assert_eq!(ask(&format!("preview.test:{port}")), 200);
    assert_eq!(ask(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(ask(&format!("other.test:{port}")), 403);
}

/// One connection that asks for a big file and never reads used to stall the one loop that
/// answered every request.
#[test]
fn a_client_that_does_not_read_blocks_no_one_else() {
    let mut big = b"%PDF-1.4\n".to_vec();
    // Under the 20 MB asset limit, and far more than the socket buffers hold.
    big.resize(16 << 20, b'x');
    let site = site_with(&[("big.pdf", &big)]);
    let (_server, addr) = start(site.path(), &[]);
    let big_path = format!("{ASSETS}/big.pdf");
    let head = format!("HEAD {big_path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let (status, answer) = send(&addr, &head, Duration::from_secs(10)).expect("HEAD answered");
    assert_eq!(status, 200, "{answer}");
    assert!(answer.contains("application/pdf"), "{answer}");

    let mut stalled = Vec::new();
    for _ in 0..3 {
        let mut stream = TcpStream::connect(&addr).unwrap();
        write!(stream, "GET {big_path} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
        stalled.push(stream);
    }
    std::thread::sleep(Duration::from_millis(300));
    for _ in 0..3 {
        let raw =
            format!("GET /reports/2024-01/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        let started = Instant::now();
        let answer = send(&addr, &raw, Duration::from_secs(3));
        assert!(
            matches!(answer, Some((200, _))),
            "no answer while other clients stall ({:?})",
            started.elapsed()
        );
    }
}

/// Each connection has a thread, up to a cap: past it, clients are told to come back, and
/// the places free up as connections close.
#[test]
fn connections_past_the_cap_are_told_to_come_back() {
    let site = site_with(&[]);
    let (_server, addr) = start(site.path(), &[]);
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(&addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let raw = format!("GET /reports/2024-01/ HTTP/1.1\r\nHost: {addr}\r\n\r\n");
    let busy = send(&addr, &raw, Duration::from_secs(3)).expect("an answer");
    assert_eq!(busy.0, 503, "{}", busy.1);
    drop(idle);
    assert!(
        eventually_shows(
            &addr,
            "/reports/2024-01/",
            "January 2024",
            Duration::from_secs(3)
        ),
        "the places did not free up"
    );
}

/// Peak memory of a process, in KiB.
#[cfg(target_os = "linux")]
fn peak_kib(pid: u32) -> u64 {
    read(std::path::Path::new(&format!("/proc/{pid}/status")))
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// A client sending an endless request head is answered (431) or cut off after a bounded
/// number of bytes; the server neither buffers it nor stops serving others.
#[test]
fn an_endless_request_head_is_cut_off() {
    let site = site_with(&[]);
    let (server, addr) = start(site.path(), &[]);
    #[cfg(target_os = "linux")]
    let before = peak_kib(server.0.id());
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut writer = stream.try_clone().unwrap();
    let host = addr.clone();
    let sending = std::thread::spawn(move || {
        let _ = write!(writer, "GET / HTTP/1.1\r\nHost: {host}\r\nX-Big: ");
        let chunk = vec![b'a'; 1 << 20];
        // Stops at the first error: the server closed the connection.
        (0..64)
            .take_while(|_| writer.write_all(&chunk).is_ok())
            .count()
    });
    let started = Instant::now();
    let mut answer = Vec::new();
    let read = stream.read_to_end(&mut answer);
    let elapsed = started.elapsed();
    let sent_mib = sending.join().unwrap();
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        read.is_err_and(|e| e.kind() == std::io::ErrorKind::ConnectionReset)
            || answer.is_empty()
            || answer.starts_with("HTTP/1.1 431"),
        "{answer}"
    );
    assert!(
        elapsed < Duration::from_secs(8),
        "the connection was not closed ({elapsed:?}, {sent_mib} MiB sent)"
    );
    assert!(sent_mib < 64, "the server read all 64 MiB of the head");
    assert_eq!(get(&addr, "/reports/2024-01/").0, 200);
    #[cfg(target_os = "linux")]
    {
        let grown = peak_kib(server.0.id()).saturating_sub(before);
        assert!(grown < 16 << 10, "the server grew by {grown} KiB");
    }
    drop(server);
}

/// Slowloris: a head that trickles in, a byte at a time, is cut off after a bounded time.
#[test]
fn a_request_head_sent_slowly_is_cut_off() {
    let site = site_with(&[]);
    let (_server, addr) = start(site.path(), &[]);
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    write!(stream, "GET / HTTP/1.1\r\nHost: {addr}\r\nX-Slow: ").unwrap();
    let started = Instant::now();
    let mut byte = [0u8; 1];
    let closed = loop {
        if started.elapsed() > Duration::from_secs(20) {
            break false;
        }
        if stream.write_all(b"a").is_err() {
            break true;
        }
        match stream.read(&mut byte) {
            Ok(_) => break true,
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => continue,
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => continue,
            Err(_) => break true,
        }
    };
    assert!(closed, "a head sent slowly kept its connection for 20 s");
    assert_eq!(get(&addr, "/reports/2024-01/").0, 200);
}

/// A file swapped for a symlink to a secret after a good build used to be served: each
/// request re-read the asset from its source path. Served now: the bytes read at build time,
/// and a rebuild refuses a file that resolves outside its folder (here `.env` in the site
/// folder, and a file outside the site).
#[test]
#[cfg(unix)]
fn an_asset_swapped_for_a_symlink_after_the_build_is_not_served() {
    let site = site_with(&[
        ("notes.pdf", b"%PDF-1.4 public notes"),
        ("slides.pdf", b"%PDF-1.4 public slides"),
    ]);
    let outside = tempfile::tempdir().unwrap();
    let secrets = [outside.path().join("secret.txt"), site.path().join(".env")];
    for secret in &secrets {
        std::fs::write(secret, "SECRET-MARKER").unwrap();
    }
    let (_server, addr) = start(site.path(), &[]);
    let names = ["notes.pdf", "slides.pdf"];
    for name in names {
        let (status, body) = get(&addr, &format!("{ASSETS}/{name}"));
        assert_eq!(status, 200);
        assert!(body.contains("%PDF-1.4 public"));
    }

    let folder = site.path().join("content/engagements/2024/Example Org");
    for (name, secret) in names.iter().zip(&secrets) {
        std::fs::remove_file(folder.join(name)).unwrap();
        std::os::unix::fs::symlink(secret, folder.join(name)).unwrap();
    }
    let deadline = Instant::now() + Duration::from_secs(3);
    while Instant::now() < deadline {
        for name in names {
            let (_, body) = get(&addr, &format!("{ASSETS}/{name}"));
            assert!(
                !body.contains("SECRET-MARKER"),
                "the target of the symlink {name} was served"
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A branch switch deletes and re-creates `content/`; the watch used to die with the old
/// folder, and the preview went stale without a word.
#[test]
fn keeps_watching_when_content_is_deleted_and_re_created() {
    let site = site_with(&[]);
    let (_server, addr) = start(site.path(), &[]);
    let content = site.path().join("content");
    let report = content.join("reports/2024/2024-01.md");
    let page = "/reports/2024-01/";
    let retitle = |title: &str| {
        let text: String = read(&report)
            .lines()
            .map(|l| match l.starts_with("title: ") {
                true => format!("title: {title}\n"),
                false => format!("{l}\n"),
            })
            .collect();
        let fresh = site.path().join("content.new");
        copy_tree(&content, &fresh);
        std::fs::write(fresh.join("reports/2024/2024-01.md"), text).unwrap();
        fresh
    };

    // Deleted, a pause, then back.
    let fresh = retitle("Second title");
    std::fs::remove_dir_all(&content).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    std::fs::rename(&fresh, &content).unwrap();
    assert!(
        eventually_shows(&addr, page, "Second title", Duration::from_secs(10)),
        "no rebuild after content/ came back"
    );

    // Swapped in one go, as git does.
    let fresh = retitle("Third title");
    std::fs::remove_dir_all(&content).unwrap();
    std::fs::rename(&fresh, &content).unwrap();
    assert!(
        eventually_shows(&addr, page, "Third title", Duration::from_secs(10)),
        "no rebuild after content/ was replaced"
    );

    // And the new folder is watched for ordinary edits.
    let text = read(&report).replace("Third title", "Fourth title");
    std::fs::write(&report, text).unwrap();
    assert!(
        eventually_shows(&addr, page, "Fourth title", Duration::from_secs(10)),
        "edits in the re-created content/ are not seen"
    );
}
