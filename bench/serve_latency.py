#!/usr/bin/env python3
"""Edit-to-page latency of `grantsite serve`: how long after a save the edited page is served.

    python3 bench/serve_latency.py GRANTSITE SITE [--edits 5] [--json OUT.json]

Starts `GRANTSITE serve -r SITE -p PORT` on a free loopback port, waits for the first build,
picks one grantee update from the served `data/site.json`, then EDITS times appends a unique
marker to that update's Markdown file and polls its page until the marker shows. Each sample
is the time from just before the write to the first response that holds the marker, so it
covers the file watcher's settle time, the rebuild (full or incremental) and the swap. The
file is restored and the server stopped on every exit path. Python 3 standard library only.
"""

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import uuid

POLL = 0.005  # seconds between polls of the page; the resolution of each sample


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port, path, timeout=10.0):
    """(status, body) of one GET, or (None, b"") when the server does not answer."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        # The preview answers only requests that name its own address (DNS rebinding guard).
        conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
        r = conn.getresponse()
        return r.status, r.read()
    except OSError:
        return None, b""
    finally:
        conn.close()


def wait_until(deadline, what, probe, server):
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"error: grantsite serve exited ({server.returncode}) while waiting for {what}")
        result = probe()
        if result is not None:
            return result
        time.sleep(POLL)
    sys.exit(f"error: timed out waiting for {what}")


def pick_update(port):
    """(source file relative to the site, page path) of one update from the served site data."""
    status, body = get(port, "/data/site.json", timeout=60)
    if status != 200:
        sys.exit(f"error: /data/site.json answered {status}")
    data = json.loads(body)
    updates = data.get("updates") or []
    if not updates:
        sys.exit("error: the site has no grantee updates to edit")
    u = updates[len(updates) // 2]
    base = data["program"]["base_url"]
    if not u["url"].startswith(base):
        sys.exit(f"error: update URL {u['url']} is not under base URL {base}")
    return u["source"], "/" + u["url"][len(base):]


def measure(args):
    port = free_port()
    log = open(os.path.join(args.log_dir, "serve.log"), "wb")
    started = time.monotonic()
    server = subprocess.Popen(
        [args.grantsite, "serve", "-r", args.site, "-p", str(port)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    source = original = None
    try:
        wait_until(started + args.startup_timeout, "the first build",
                   lambda: True if get(port, "/__grantsite/generation", timeout=1.0)[0] == 200 else None,
                   server)
        first_build = time.monotonic() - started
        source, page = pick_update(port)
        path = os.path.join(args.site, source)
        with open(path, "rb") as f:
            original = f.read()
        samples = []
        for i in range(args.edits):
            marker = f"bench-marker-{i}-{uuid.uuid4().hex}".encode()
            t0 = time.monotonic()
            with open(path, "ab") as f:
                f.write(b"\n\n" + marker + b"\n")

            def shows():
                status, body = get(port, page)
                return True if status == 200 and marker in body else None

            wait_until(t0 + args.timeout, f"edit {i + 1} to show at {page}", shows, server)
            samples.append(time.monotonic() - t0)
            # Let the watcher settle and any trailing rebuild finish, so edits do not merge.
            time.sleep(args.pause)
        return {
            "edits": args.edits,
            "page": page,
            "source": source,
            "first_build_s": first_build,
            "samples_s": samples,
            "median_s": statistics.median(samples),
            "min_s": min(samples),
            "max_s": max(samples),
        }
    finally:
        if original is not None:
            with open(os.path.join(args.site, source), "wb") as f:
                f.write(original)
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("grantsite")
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=5)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per edit")
    ap.add_argument("--startup-timeout", type=float, default=600.0)
    ap.add_argument("--pause", type=float, default=1.0, help="seconds between edits")
    ap.add_argument("--json", help="write the result here too")
    ap.add_argument("--log-dir", default=os.environ.get("TMPDIR", "/tmp"))
    args = ap.parse_args()
    if args.edits < 1:
        sys.exit("error: --edits must be at least 1")
    result = measure(args)
    ms = ", ".join(f"{s * 1000:.0f}" for s in result["samples_s"])
    print(f"serve: first build {result['first_build_s']:.2f} s; edit-to-page median "
          f"{result['median_s'] * 1000:.0f} ms over {result['edits']} edits ({ms} ms) at {result['page']}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
