#!/usr/bin/env python3
"""Hostile-input benchmark: time `grantsite check` and `grantsite build` on one grantee update of
each pathological shape at growing sizes, and print the growth per doubling of the input.

Linear cost shows as a ratio near 2.0 per doubling of the input's bytes; quadratic as 4.0. Sites and outputs live on
/dev/shm. Usage (from the repository root, after `cargo build --release`):

    python3 bench/pathological.py                    # every shape, sizes n, 2n, 4n, 8n
    python3 bench/pathological.py --shapes divs,yaml-flow --steps 3
    python3 bench/pathological.py --markdown > bench/results/pathological-DATE.md

A shape whose run passes --timeout seconds is reported as such and not grown further.
"""

import argparse
import datetime
import math
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORK = Path("/dev/shm/grantsite-pathological")

PROGRAM = "name: Bench\ntagline: Hostile input.\nbase_url: https://example.org/\n"
OKRS = (
    "objectives:\n  - id: O1\n    text: Fund work.\n    key_results:\n"
    "      - id: KR1.1\n        text: Fund ten.\n"
)
PROFILE = "---\nstatus: active\nstart: 2024-01-01\nend: 2024-12-31\n---\n\n# Org\n\nText.\n"
FRONT = "---\ntitle: Update\nperiod: 2024-09\n---\n\n"


def front(yaml):
    return "---\n" + yaml + "\n---\n\nText.\n"


def body(markdown):
    return FRONT + markdown


# Each shape: name -> (base count n, function of n giving the update file's text). Base counts
# are picked so that n is about 150 KB of input (the size the issue reports), so 8n is ~1.2 MB.
SHAPES = {
    # YAML: the 150,000 `[`, flow mappings, block nesting by indentation, and
    # block sequences of sequences (`- - - -`).
    "yaml-flow": (150_000, lambda n: front("title: x\nperiod: " + "[" * n)),
    "yaml-flow-map": (75_000, lambda n: front("title: x\nperiod: " + "{a: " * n)),
    "yaml-block-map": (
        400,
        lambda n: front("title: x\nx:\n" + "".join(" " * i + "k:\n" for i in range(1, n))),
    ),
    "yaml-block-seq": (75_000, lambda n: front("title: x\nx:\n  " + "- " * n + "a")),
    "yaml-many-items": (15_000, lambda n: front("title: x\nauthors:\n" + "".join(f"  - a{i}\n" for i in range(n)))),
    "yaml-long-scalar": (150_000, lambda n: front('title: "' + "a" * n + '"')),
    # Markdown and raw HTML in an update body.
    "divs": (30_000, lambda n: body("<div>" * n + "\n")),
    "divs-lines": (30_000, lambda n: body("<div>\n" * n)),
    "inline-spans": (20_000, lambda n: body("x" + "<span>" * n + "\n")),
    "nested-lists": (
        300,
        lambda n: body("".join("  " * i + "- a\n" for i in range(n))),
    ),
    "list-markers": (50_000, lambda n: body("- " * n + "a\n")),
    "blockquotes": (75_000, lambda n: body(">" * n + " a\n")),
    "blockquotes-html": (10_000, lambda n: body(">" * n + " a <br>\n")),
    "list-markers-html": (10_000, lambda n: body("- " * n + "a <br>\n")),
    "blockquote-lines": (
        450,
        lambda n: body("".join(">" * i + " a\n" for i in range(1, n))),
    ),
    "brackets": (150_000, lambda n: body("[" * n + "\n")),
    "bracket-links": (30_000, lambda n: body("[a](" * n + "\n")),
    "emphasis": (75_000, lambda n: body("*_" * n + "\n")),
    "emphasis-close": (50_000, lambda n: body("*a " * n + "\n")),
    "link-refs": (
        10_000,
        lambda n: body(
            "".join(f"[r{i}]: https://example.org/{i}\n" for i in range(n))
            + "".join(f"[r{i}] " for i in range(n))
            + "\n"
        ),
    ),
    "long-line": (150_000, lambda n: body("word " * (n // 5) + "\n")),
    "same-headings": (20_000, lambda n: body("## Same\n\n" * n)),
    "suffix-headings": (10_000, lambda n: body("".join(f"## Same {i}\n\n## Same\n\n" for i in range(1, n)))),
    "table-columns": (
        20_000,
        lambda n: body("|" + "a|" * n + "\n|" + "-|" * n + "\n|" + "b|" * n + "\n"),
    ),
    "table-rows": (
        20_000,
        lambda n: body("|a|b|\n|-|-|\n" + "|x|y|\n" * n),
    ),
    # Code-span openers of every length up to k, twice: k*k bytes.
    "backticks": (350, lambda n: body("".join("`" * i + " " for i in range(1, n)) * 2 + "\n")),
    "html-comments": (50_000, lambda n: body("<!--" * n + "\n")),
    "entities": (30_000, lambda n: body("&amp;" * n + "\n")),
    "footnotes": (
        10_000,
        lambda n: body("".join(f"x[^{i}] " for i in range(n)) + "\n\n" + "".join(f"[^{i}]: n\n" for i in range(n))),
    ),
}


def make_site(root, update):
    if root.exists():
        shutil.rmtree(root)
    for rel, text in [
        ("content/program.yaml", PROGRAM),
        ("content/okrs/2024.yaml", OKRS),
        ("content/engagements/2024/Org/README.md", PROFILE),
        ("content/engagements/2024/Org/2024-09.md", update),
    ]:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def timed(args, timeout, runs):
    """The best of `runs` wall times (the machine is shared: the minimum is the least noisy)."""
    best, code = None, None
    for _ in range(runs):
        started = time.perf_counter()
        try:
            done = subprocess.run(
                args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout
            )
        except subprocess.TimeoutExpired:
            return None, "timeout"
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
        code = done.returncode
    return best, code


def run_shape(binary, name, steps, timeout, scale, runs):
    base, make = SHAPES[name]
    base = max(1, int(base * scale))
    rows = []
    for step in range(steps):
        n = base << step
        text = make(n)
        root = WORK / name
        make_site(root, text)
        out = WORK / (name + "-out")
        check = timed([binary, "check", "-r", str(root)], timeout, runs)
        build = timed([binary, "build", "-r", str(root), "-o", str(out), "--force"], timeout, runs)
        rows.append((n, len(text.encode()), check, build))
        if check[0] is None or build[0] is None:
            break
    shutil.rmtree(WORK / name, ignore_errors=True)
    shutil.rmtree(WORK / (name + "-out"), ignore_errors=True)
    return rows


def fmt_time(t):
    return "timeout" if t is None else f"{t * 1000:.0f} ms"


def ratio(prev, cur, growth):
    """Time growth per doubling of the input's bytes (`growth` is the bytes ratio: 2 for most
    shapes, 4 for those whose size is quadratic in their depth): 2.0 is linear, 4.0 quadratic."""
    if prev is None or cur is None or prev < 0.02:
        # Below ~20 ms, process start-up dominates and ratios say nothing.
        return "-"
    return f"{(cur / prev) ** (1 / math.log2(growth)):.2f}"


def report(name, rows, markdown):
    lines = []
    if markdown:
        lines.append(f"\n### {name}\n")
        lines.append("| n | bytes | check | exit | × per 2× bytes | build | exit | × per 2× bytes |")
        lines.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    else:
        lines.append(f"\n{name}")
        lines.append(f"{'n':>9} {'bytes':>9} {'check':>10} {'exit':>7} {'x2':>5} {'build':>10} {'exit':>7} {'x2':>5}")
    prev = (None, None, None)
    for n, size, (ct, cc), (bt, bc) in rows:
        growth = size / prev[2] if prev[2] else 2
        cr, br = ratio(prev[0], ct, growth), ratio(prev[1], bt, growth)
        if markdown:
            lines.append(f"| {n} | {size} | {fmt_time(ct)} | {cc} | {cr} | {fmt_time(bt)} | {bc} | {br} |")
        else:
            lines.append(f"{n:>9} {size:>9} {fmt_time(ct):>10} {str(cc):>7} {cr:>5} {fmt_time(bt):>10} {str(bc):>7} {br:>5}")
        prev = (ct, bt, size)
    print("\n".join(lines), flush=True)


def header():
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"Date: {datetime.date.today().isoformat()}  \n"
        f"Commit: {commit}{' (with uncommitted changes)' if dirty else ''}  \n"
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, {cpu}, {platform.system()} {platform.release()}"
    )


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", default=str(REPO / "target/release/grantsite"))
    p.add_argument("--shapes", default=",".join(SHAPES), help="comma-separated; default all")
    p.add_argument("--steps", type=int, default=4, help="sizes n, 2n, ... (default 4: up to 8n)")
    p.add_argument("--scale", type=float, default=1.0, help="multiplies every base size")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds per run")
    p.add_argument("--runs", type=int, default=3, help="runs per size; the best is kept")
    p.add_argument("--markdown", action="store_true", help="print markdown tables")
    args = p.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    WORK.mkdir(parents=True, exist_ok=True)
    print(header() if args.markdown else header().replace("  \n", "\n"))
    for name in args.shapes.split(","):
        if name not in SHAPES:
            sys.exit(f"unknown shape {name}; shapes: {', '.join(SHAPES)}")
        rows = run_shape(args.binary, name, args.steps, args.timeout, args.scale, args.runs)
        report(name, rows, args.markdown)


if __name__ == "__main__":
    main()
