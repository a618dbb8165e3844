//! Just enough HTTP/1.1 for the preview: GET and HEAD of bytes held in memory, one response per
//! connection, each connection on its own thread (capped), and a request head that is bounded
//! in size and in time, so no client can hold the server or fill its memory.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Largest request head read; browsers send a few KiB.
pub const MAX_HEAD: usize = 64 * 1024;
/// Time a client has to send its whole request head (slowloris).
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
/// Time one write may wait for a client that stopped reading.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Connections served at once; more are told to come back.
const MAX_CONNECTIONS: usize = 64;
/// What is read and dropped after an error answer, so the client sees the answer instead of a
/// reset; bounded, as a client that keeps sending must not keep the thread.
const LINGER_BYTES: usize = 256 * 1024;
const LINGER_TIME: Duration = Duration::from_secs(1);
/// How long the refuser waits on one over-the-cap client.
const REFUSE_WAIT: Duration = Duration::from_millis(200);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
}

#[derive(Debug, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    /// The origin-form target as sent: `/path?query`.
    pub target: String,
    pub host: Option<String>,
}

pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Arc<[u8]>,
}

impl Response {
    pub fn text(status: u16, text: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            body: Arc::from(text.as_bytes()),
        }
    }
}

/// Why a request head was not read; each but `Gone` is answered with its status.
#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client closed the connection or it broke: nobody to answer.
    Gone,
    Timeout,
    TooLarge,
    Malformed(&'static str),
    Method,
    Version,
}

impl HeadError {
    fn response(&self) -> Option<Response> {
        let (status, text) = match self {
            HeadError::Gone => return None,
            HeadError::Timeout => (408, "the request head did not arrive in time"),
            HeadError::TooLarge => (431, "the request head is larger than 64 KiB"),
            HeadError::Malformed(why) => (400, *why),
            HeadError::Method => (405, "this server answers GET and HEAD only"),
            HeadError::Version => (505, "this server speaks HTTP/1.0 and HTTP/1.1 only"),
        };
        Some(Response::text(status, &format!("{text}\n")))
    }
}

/// Accepts connections for ever, answering each on a thread of its own with `answer`.
pub fn run<F>(listener: &TcpListener, answer: F)
where
    F: Fn(&Request) -> Response + Send + Sync + 'static,
{
    let answer = Arc::new(answer);
    let active = Arc::new(AtomicUsize::new(0));
    let refusals = refuser();
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, say: wait for some to close instead of spinning.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        if active.load(Ordering::Acquire) >= MAX_CONNECTIONS {
            // Past the refuser's own backlog the connection is simply closed.
            let _ = refusals.try_send(stream);
            continue;
        }
        let slot = Slot::take(&active);
        let answer = Arc::clone(&answer);
        let spawned = std::thread::Builder::new()
            .name("serve connection".into())
            .spawn(move || {
                let _slot = slot;
                connection(stream, answer.as_ref());
            });
        // A thread that cannot start drops its stream (closing it) and its slot.
        drop(spawned);
    }
}

/// One place among the connections being served, given back when dropped (even on a panic).
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        active.fetch_add(1, Ordering::AcqRel);
        Slot(Arc::clone(active))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One thread answers the connections past the cap, one at a time, so that overload never
/// costs more threads. It reads the request before answering: closing a socket with unread
/// data sends a reset, and the client would lose the 503 with it.
fn refuser() -> std::sync::mpsc::SyncSender<TcpStream> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<TcpStream>(MAX_CONNECTIONS);
    let spawned = std::thread::Builder::new()
        .name("serve refuser".into())
        .spawn(move || {
            for mut stream in rx {
                refuse_busy(&mut stream);
            }
        });
    // Without the thread, refused connections are closed unanswered: still bounded.
    drop(spawned);
    tx
}

fn refuse_busy(stream: &mut TcpStream) {
    let busy = Response::text(503, "too many connections; try again\n");
    if stream.set_read_timeout(Some(REFUSE_WAIT)).is_err()
        || stream.set_write_timeout(Some(REFUSE_WAIT)).is_err()
    {
        return;
    }
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    while seen.len() < MAX_HEAD && !seen.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(read) => seen.extend_from_slice(&chunk[..read]),
        }
    }
    let _ = write_response(stream, &busy, false);
    let _ = stream.shutdown(Shutdown::Write);
}

fn connection(mut stream: TcpStream, answer: &dyn Fn(&Request) -> Response) {
    if stream.set_write_timeout(Some(WRITE_TIMEOUT)).is_err() {
        return;
    }
    match read_head(&mut stream).and_then(|head| parse_head(&head)) {
        Ok(request) => {
            let response = answer(&request);
            let _ = write_response(&mut stream, &response, request.method == Method::Head);
        }
        Err(error) => {
            if let Some(response) = error.response() {
                let _ = write_response(&mut stream, &response, false);
                linger(&mut stream);
            }
        }
    }
}

/// Reads up to the blank line that ends the head, at most `MAX_HEAD` bytes, within
/// `HEAD_DEADLINE`.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, HeadError> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut head = Vec::with_capacity(2048);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Timeout);
        }
        stream
            .set_read_timeout(Some(left))
            .map_err(|_| HeadError::Gone)?;
        let room = chunk.len().min(MAX_HEAD - head.len());
        let read = match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Gone),
            Ok(read) => read,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::Timeout);
            }
            Err(_) => return Err(HeadError::Gone),
        };
        // The end marker may straddle two reads.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..read]);
        if let Some(at) = find(&head[from..], b"\r\n\r\n") {
            head.truncate(from + at);
            return Ok(head);
        }
        if head.len() >= MAX_HEAD {
            return Err(HeadError::TooLarge);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The request line and the one header the preview reads, `Host`. Only origin-form targets
/// (`/path`): an absolute URL would name a host of its own.
fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let head =
        std::str::from_utf8(head).map_err(|_| HeadError::Malformed("the head is not UTF-8"))?;
    let mut lines = head.split("\r\n");
    let line = lines.next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed(
            "the request line is not METHOD TARGET VERSION",
        ));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        return Err(HeadError::Version);
    }
    let method = match method {
        "GET" => Method::Get,
        "HEAD" => Method::Head,
        _ => return Err(HeadError::Method),
    };
    if !target.starts_with('/') {
        return Err(HeadError::Malformed(
            "the target must be a path starting with /",
        ));
    }
    let mut host = None;
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(HeadError::Malformed("a header line has no colon"));
        };
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(HeadError::Malformed("a header name is empty or has spaces"));
        }
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(HeadError::Malformed("more than one Host header"));
            }
            host = Some(value.trim().to_string());
        }
    }
    Ok(Request {
        method,
        target: target.to_string(),
        host,
    })
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
) -> std::io::Result<()> {
    let allow = if response.status == 405 {
        "Allow: GET, HEAD\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n{allow}\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        response.status,
        reason(response.status),
        response.content_type,
        response.body.len(),
    );
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&response.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// After an error answer: stop sending, then drop a bounded amount of what the client still
/// sends, so that closing does not reset the connection before the answer is read.
fn linger(stream: &mut TcpStream) {
    if stream.shutdown(Shutdown::Write).is_err()
        || stream.set_read_timeout(Some(LINGER_TIME)).is_err()
    {
        return;
    }
    let deadline = Instant::now() + LINGER_TIME;
    let mut dropped = 0;
    let mut chunk = [0u8; 4096];
    while dropped < LINGER_BYTES && Instant::now() < deadline {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(read) => dropped += read,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(head: &str) -> Result<Request, HeadError> {
        parse_head(head.as_bytes())
    }

    #[test]
    fn reads_the_method_target_and_host() {
        assert_eq!(
            parsed("HEAD /a/?b=c HTTP/1.1\r\nAccept: */*\r\nhost:  localhost:1111 "),
            Ok(Request {
                method: Method::Head,
                target: "/a/?b=c".into(),
                host: Some("localhost:1111".into()),
            })
        );
        assert_eq!(parsed("GET / HTTP/1.0").map(|r| r.host), Ok(None));
    }

    #[test]
    fn refuses_heads_it_does_not_serve() {
        for (head, error) in [
            ("POST / HTTP/1.1", HeadError::Method),
            ("GET / HTTP/2", HeadError::Version),
            (
                "GET http://evil.example/ HTTP/1.1",
                HeadError::Malformed("the target must be a path starting with /"),
            ),
            (
                "GET /  HTTP/1.1",
                HeadError::Malformed("the request line is not METHOD TARGET VERSION"),
            ),
            (
                "GET / HTTP/1.1\r\nHost: a\r\nHost: b",
                HeadError::Malformed("more than one Host header"),
            ),
            (
                "GET / HTTP/1.1\r\nno colon",
                HeadError::Malformed("a header line has no colon"),
            ),
        ] {
            assert_eq!(parsed(head), Err(error), "{head:?}");
        }
    }

    #[test]
    fn every_error_but_a_gone_client_is_answered() {
        assert!(HeadError::Gone.response().is_none());
        assert_eq!(HeadError::TooLarge.response().map(|r| r.status), Some(431));
        assert_eq!(HeadError::Timeout.response().map(|r| r.status), Some(408));
    }
}
