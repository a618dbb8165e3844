#!/usr/bin/env python3
"""Summary table from hyperfine's JSON: summarize.py LATEST.json tool:pages:files:rss_kb ..."""
import json
import sys

runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
rows = [a.split(":") for a in sys.argv[2:]]
g = runs["grantsite"]["median"]
print("| tool | HTML pages | files | median | mean ± σ | min | median / grantsite's | peak RSS |")
print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for tool, pages, files, rss in rows:
    r = runs[tool]
    print(f"| {tool} | {pages} | {files} | {r['median']*1000:.0f} ms | {r['mean']*1000:.0f} ± {r['stddev']*1000:.0f} ms "
          f"| {r['min']*1000:.0f} ms | {r['median']/g:.2f}× | {int(rss)/1024:.0f} MiB |")
print()
for tool, *_ in rows:
    if tool != "grantsite":
        t = runs[tool]["median"]
        verdict = "faster" if g < t else "slower"
        print(f"- grantsite is {max(t, g)/min(t, g):.2f}× {verdict} than {tool} "
              f"(median {g*1000:.0f} ms vs {t*1000:.0f} ms).")
