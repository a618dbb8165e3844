#!/usr/bin/env python3
"""Summary of one bench/run.sh run across sizes: summarize.py RAW_DIR OUT.md OUT.json

RAW_DIR holds meta.env, sample.json (hyperfine on the sample site) and one n<engagements>/
folder per size with times.json (alternate.py, in hyperfine's format), tools.tsv (tool, HTML
pages, files, peak RSS KiB, output bytes), md_inputs and serve.json. Writes the Markdown report and every figure as JSON.
"""

import json
import os
import sys

PEERS = ["zola", "hugo"]
NAMES = {"grantsite": "grantsite", "zola": "Zola", "hugo": "Hugo"}


def read_env(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        k, _, v = line.rstrip("\n").partition("=")
        out[k] = v
    return out


def read_size(d, engagements):
    runs = {r["command"]: r for r in json.load(open(os.path.join(d, "times.json")))["results"]}
    tools = {}
    for line in open(os.path.join(d, "tools.tsv")):
        tool, pages, files, rss, size = line.split("\t")
        r = runs[tool]
        tools[tool] = {
            "pages": int(pages), "files": int(files), "rss_kib": int(rss), "bytes": int(size),
            "median_s": r["median"], "mean_s": r["mean"], "stddev_s": r["stddev"],
            "min_s": r["min"], "max_s": r["max"], "times_s": r["times"],
            "ms_per_page": r["median"] * 1000 / int(pages),
            "cpu_s": r["user"] + r["system"],
        }
    serve_path = os.path.join(d, "serve.json")
    serve = json.load(open(serve_path)) if os.path.exists(serve_path) else None
    md_inputs = int(open(os.path.join(d, "md_inputs")).read())
    return {"engagements": engagements, "md_inputs": md_inputs, "tools": tools, "serve": serve}


def ms(s):
    return f"{s * 1000:,.0f} ms" if s < 10 else f"{s:,.2f} s"


def mib(kib):
    return f"{kib / 1024:,.0f} MiB"


def mb(b):
    return f"{b / 1e6:,.1f} MB"


def x(r):
    return f"{r:.2f}×"


def near(sizes, pages, within=0.25):
    """The size whose grantsite page count is nearest `pages`, if within the given fraction."""
    best = min(sizes, key=lambda s: abs(s["tools"]["grantsite"]["pages"] - pages), default=None)
    if best and abs(best["tools"]["grantsite"]["pages"] - pages) <= pages * within:
        return best
    return None


def tenfold_pairs(sizes):
    """(smaller, larger) pairs whose grantsite page counts differ by 8–12 times."""
    out = []
    for i, a in enumerate(sizes):
        for b in sizes[i + 1:]:
            ratio = b["tools"]["grantsite"]["pages"] / a["tools"]["grantsite"]["pages"]
            if 8 <= ratio <= 12:
                out.append((a, b))
    return out


def targets(sizes, sample):
    """Issue 11's targets: (target, figure, verdict)."""
    rows = []
    at22 = near(sizes, 22000)
    if at22 and "zola" in at22["tools"]:
        g, z = at22["tools"]["grantsite"], at22["tools"]["zola"]
        p = f"{g['pages']:,} pages"
        r = g["median_s"] / z["median_s"]
        rows.append(("~22,000 pages: time ≤ 0.4× Zola's", f"{x(r)} ({p})", r <= 0.4))
        r = g["rss_kib"] / z["rss_kib"]
        rows.append(("~22,000 pages: peak RSS ≤ 0.5× Zola's", f"{x(r)} ({p})", r <= 0.5))
    else:
        rows.append(("~22,000 pages: time ≤ 0.4× Zola's, peak RSS ≤ 0.5×", "not measured", None))
    if at22 and at22["serve"]:
        s = at22["serve"]["median_s"]
        rows.append(("~22,000 pages: serve edit-to-page ≤ 150 ms", ms(s), s <= 0.150))
    else:
        rows.append(("~22,000 pages: serve edit-to-page ≤ 150 ms", "not measured", None))
    pairs = tenfold_pairs(sizes)
    if pairs:
        for a, b in pairs:
            ga, gb = a["tools"]["grantsite"], b["tools"]["grantsite"]
            r = gb["median_s"] / ga["median_s"]
            cpu = gb["cpu_s"] / ga["cpu_s"]
            rows.append((f"10× pages cost ≤ 10.5× ({ga['pages']:,} → {gb['pages']:,} pages, "
                         f"{gb['pages'] / ga['pages']:.1f}× pages)",
                         f"{x(r)} wall, {x(cpu)} CPU", max(r, cpu) <= 10.5))
    else:
        rows.append(("10× pages cost ≤ 10.5×", "no pair of sizes ~10× apart", None))
    at56 = near(sizes, 56000)
    if at56 and "zola" in at56["tools"]:
        g, z = at56["tools"]["grantsite"], at56["tools"]["zola"]
        r = z["median_s"] / g["median_s"]
        rows.append(("~56,000 pages: ≥ 2.5× ahead of Zola", f"{x(r)} ({g['pages']:,} pages)", r >= 2.5))
    else:
        rows.append(("~56,000 pages: ≥ 2.5× ahead of Zola", "not measured", None))
    base = sizes[0]["tools"]["grantsite"]
    big = near(sizes, 25 * base["pages"])
    if big and big is not sizes[0]:
        r = big["tools"]["grantsite"]["ms_per_page"] / base["ms_per_page"]
        rows.append(("per-page time at ~25× pages within 10% of 1×", x(r), r <= 1.10))
    else:
        rows.append(("per-page time at ~25× pages within 10% of 1×", "not measured", None))
    if sample:
        rows.append(("sample site < 50 ms", ms(sample["median_s"]), sample["median_s"] < 0.050))
    return rows


def report(meta, sizes, sample):
    tools = [t for t in ["grantsite", *PEERS] if t in sizes[0]["tools"]]
    peers = [t for t in PEERS if t in tools]
    L = []
    L += ["# Benchmark results", ""]
    L += [f"- date: {meta['date']}",
          f"- machine: {meta['nproc']} cores ({meta['cpu']}), {meta['memory']}, {meta['kernel']}; "
          f"shared with other jobs, load average {meta['load_start']} at the start, "
          f"{meta.get('load_end', '?')} at the end; outputs on tmpfs ({meta['bench_dir']})",
          f"- grantsite: {meta['v_grantsite']} (commit {meta['commit']})",
          f"- zola: {meta['v_zola'] or 'not available'}",
          f"- hugo: {meta['v_hugo'] or 'not available'}",
          f"- input: `bench/gen.py` at {', '.join(str(s['engagements']) for s in sizes)} "
          f"engagements over {meta['years']}; the same Markdown bodies for every tool",
          f"- timing: {meta['runs']} rounds after {meta['warmup']} warmup rounds per size, each "
          "round building once with every tool in rotating order (`bench/alternate.py`, no "
          "shell); the sample site by hyperfine; peak RSS from one `/usr/bin/time -v` run; "
          "output bytes from `du -sb`",
          "- times are medians; ratios are grantsite's median over the peer's (below 1: "
          "grantsite is faster)", ""]

    L += ["## Build time", ""]
    head = ["engagements", "pages (" + " / ".join(NAMES[t] for t in tools) + ")"]
    head += [f"{NAMES[t]} median" for t in tools]
    head += [f"grantsite / {NAMES[p]}" for p in peers]
    head += [f"{NAMES[t]} ms/page" for t in tools]
    L += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
    for s in sizes:
        T = s["tools"]
        row = [f"{s['engagements']:,}", " / ".join(f"{T[t]['pages']:,}" for t in tools)]
        row += [ms(T[t]["median_s"]) for t in tools]
        row += [x(T["grantsite"]["median_s"] / T[p]["median_s"]) for p in peers]
        row += [f"{T[t]['ms_per_page']:.3f}" for t in tools]
        L.append("| " + " | ".join(row) + " |")
    L.append("")
    # CPU time moves less than wall time when other jobs take the cores.
    L += ["CPU time (user + system, mean per build), less sensitive to the machine's load:", ""]
    head = ["engagements"] + [f"{NAMES[t]} CPU" for t in tools]
    head += [f"grantsite / {NAMES[p]}" for p in peers]
    L += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
    for s in sizes:
        T = s["tools"]
        row = [f"{s['engagements']:,}"] + [ms(T[t]["cpu_s"]) for t in tools]
        row += [x(T["grantsite"]["cpu_s"] / T[p]["cpu_s"]) for p in peers]
        L.append("| " + " | ".join(row) + " |")
    L.append("")

    L += ["## Memory, output and serve", ""]
    head = ["engagements"] + [f"{NAMES[t]} peak RSS" for t in tools]
    head += [f"RSS grantsite / {NAMES[p]}" for p in peers]
    head += [f"{NAMES[t]} output" for t in tools]
    head += ["serve edit-to-page (median)", "serve first build"]
    L += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
    for s in sizes:
        T = s["tools"]
        row = [f"{s['engagements']:,}"] + [mib(T[t]["rss_kib"]) for t in tools]
        row += [x(T["grantsite"]["rss_kib"] / T[p]["rss_kib"]) for p in peers]
        row += [mb(T[t]["bytes"]) for t in tools]
        if s["serve"]:
            v = s["serve"]
            spread = ", ".join(f"{t * 1000:.0f}" for t in v["samples_s"])
            row += [f"{ms(v['median_s'])} ({spread} ms)", ms(v["first_build_s"])]
        else:
            row += ["not measured", "—"]
        L.append("| " + " | ".join(row) + " |")
    L.append("")

    if len(sizes) > 1:
        base = sizes[0]
        L += [f"## Scaling (each size against {base['engagements']} engagements)", ""]
        head = ["engagements", "grantsite pages ×"]
        head += [f"{NAMES[t]} time ×" for t in tools]
        head += [f"{NAMES[t]} ms/page ×" for t in tools]
        head += [f"{NAMES[t]} CPU ×" for t in tools]
        L += ["| " + " | ".join(head) + " |", "| " + " | ".join(["---:"] * len(head)) + " |"]
        for s in sizes[1:]:
            T, B0 = s["tools"], base["tools"]
            row = [f"{s['engagements']:,}", x(T["grantsite"]["pages"] / B0["grantsite"]["pages"])]
            row += [x(T[t]["median_s"] / B0[t]["median_s"]) for t in tools]
            row += [x(T[t]["ms_per_page"] / B0[t]["ms_per_page"]) for t in tools]
            row += [x(T[t]["cpu_s"] / B0[t]["cpu_s"]) for t in tools]
            L.append("| " + " | ".join(row) + " |")
        L.append("")

    if sample:
        L += [f"Sample site (the repository's `content/`, {sample['pages']} HTML pages): median "
              f"{ms(sample['median_s'])}, min {ms(sample['min_s'])}, over {sample['runs']} runs.", ""]

    L += ["## Issue 11 targets", "", "| target | measured | met |", "| --- | ---: | --- |"]
    for what, figure, ok in targets(sizes, sample):
        verdict = "not measured" if ok is None else ("yes" if ok else "**no**")
        L.append(f"| {what} | {figure} | {verdict} |")
    L.append("")
    return "\n".join(L)


def main():
    raw, out_md, out_json = sys.argv[1:4]
    meta = read_env(os.path.join(raw, "meta.env"))
    sizes = [read_size(os.path.join(raw, f"n{n}"), int(n)) for n in meta["sizes"].split()]
    sample = None
    sample_path = os.path.join(raw, "sample.json")
    if os.path.exists(sample_path):
        r = json.load(open(sample_path))["results"][0]
        sample = {"median_s": r["median"], "min_s": r["min"], "runs": len(r["times"]),
                  "times_s": r["times"],
                  "pages": int(open(os.path.join(raw, "sample.pages")).read())}
    with open(out_md, "w", encoding="utf-8") as f:
        f.write(report(meta, sizes, sample))
    with open(out_json, "w", encoding="utf-8") as f:
        json.dump({"meta": meta, "sample": sample, "sizes": sizes}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
