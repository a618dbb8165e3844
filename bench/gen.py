#!/usr/bin/env python3
"""Generate one synthetic grant program three times: as a grantsite site, a Hugo site and a
Zola site, from the same Markdown bodies.

    python3 bench/gen.py OUT [--engagements 200] [--years 2022,2023,2024] [--seed 20250101]

Writes OUT/grantsite, OUT/hugo and OUT/zola (each replaced). Python 3 standard library only,
deterministic for a given seed. Every tool gets one Markdown page per grantee update, per
monthly report and per engagement; the Hugo and Zola templates are minimal but do the same
kind of work as grantsite's theme (a base layout, a page with title and body, an OKR table and
engagement lists on reports, list pages for reports and engagements).
"""

import argparse
import json
import os
import random
import shutil

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

WORDS = """security audit maintainers release vulnerability package registry signing
provenance fuzzing coverage memory safety dependency review triage advisory disclosure
workflow tooling community roadmap milestone infrastructure build reproducible attestation
policy threat model hardening sandbox parser compiler runtime ecosystem contributor
documentation training incident response backlog patch upstream downstream mirror
authentication token credential scanning SBOM metadata verification pipeline CI
""".split()

ORG_A = ["Open", "Secure", "Free", "Python", "Rust", "Node", "Ruby", "Go", "Java", "Linux",
         "Apache", "Eclipse", "Kernel", "Crypto", "Package", "Web", "Cloud", "Data", "Mesa",
         "Debian", "Alpine", "Fedora", "Arch", "Haskell", "OCaml", "Julia", "Perl", "PHP"]
ORG_B = ["Foundation", "Project", "Collective", "Software Foundation", "Consortium", "Labs",
         "Initiative", "Alliance", "Toolchain", "Registry", "Community", "Working Group"]

ECOSYSTEMS = ["Python", "Rust", "JavaScript", "Java", "Go", "C", "C++", "Ruby", "PHP",
              "Linux", "BSD", "AI", "Containers"]
STATUSES = ["On target", "At risk", "Off track", "Planning", "Not started", "Not measured",
            "Completed"]


def slugify(name):
    out, dash = [], False
    for ch in name.lower():
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


class Words:
    def __init__(self, rng):
        self.rng = rng

    def sentence(self, lo=8, hi=20):
        w = [self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi))]
        return " ".join(w).capitalize() + "."

    def paragraph(self, lo=3, hi=6):
        sentences = [self.sentence() for _ in range(self.rng.randint(lo, hi))]
        # wrap at ~95 columns like hand-written Markdown
        text, line = [], ""
        for word in " ".join(sentences).split():
            if len(line) + len(word) + 1 > 95:
                text.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        text.append(line)
        return "\n".join(text)

    def phrase(self, lo=2, hi=5):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(lo, hi)))


def update_body(w, rng, org, month_name, year):
    """A realistic grantee update: paragraphs, a list, a table, a link; no title heading."""
    slug = slugify(org)
    parts = [w.paragraph()]
    parts.append("## Progress\n\n" + w.paragraph())
    items = [f"- {w.sentence(5, 12)}" for _ in range(rng.randint(3, 6))]
    items.insert(1, f"- Fixed [{w.phrase(2, 3)}](https://github.com/{slug}/{slug}/pull/{rng.randint(100, 9999)})")
    parts.append("\n".join(items))
    rows = ["| Work item | Status | Notes |", "| --- | --- | --- |"]
    for _ in range(rng.randint(3, 5)):
        rows.append(f"| {w.phrase(2, 3)} | {rng.choice(['done', 'in progress', 'blocked', 'planned'])} | {w.phrase(3, 6)} |")
    parts.append("\n".join(rows))
    parts.append("## Next month\n\n" + w.paragraph(2, 4))
    parts.append(f"More in the [{org} security page](https://example.org/{slug}/security) and "
                 f"*{month_name} {year}* notes; **{rng.randint(2, 40)}** issues closed.")
    return "\n\n".join(parts) + "\n"


def report_body(w, year, month):
    return "\n\n".join([
        w.paragraph(4, 7),
        "## Program news\n\n" + w.paragraph(),
        "\n".join(f"- {w.sentence(6, 14)}" for _ in range(4)),
        f"## Thanks\n\nSee the [program repository](https://github.com/example/program/tree/main/{year}/{month:02d}) "
        "for the full record.\n" + w.paragraph(1, 2),
    ]) + "\n"


def yaml_str(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)  # and a valid TOML basic string


def build_model(n_engagements, years, seed):
    rng = random.Random(seed)
    w = Words(rng)
    # A pool of grantees; most engagements are renewals of a grantee from another year.
    names = []
    seen = set()
    pool_size = max(1, (n_engagements * 6) // 10)
    while len(names) < pool_size:
        name = f"{rng.choice(ORG_A)} {rng.choice(ORG_B)}"
        if len(names) >= len(ORG_A) * len(ORG_B) // 2:
            name = f"{name} {len(names)}"
        if slugify(name) not in seen:
            seen.add(slugify(name))
            names.append(name)
    engagements = []
    per_year = {y: [] for y in years}
    for i in range(n_engagements):
        year = years[i % len(years)]
        taken = {e["slug"] for e in per_year[year]}
        name = next(n for n in rng.sample(names, len(names)) if slugify(n) not in taken)
        start_month = rng.randint(1, 3)
        n_updates = rng.randint(8, 12)
        months = list(range(start_month, min(12, start_month + n_updates - 1) + 1))
        updates = []
        for m in months:
            style = rng.randrange(4)
            if style == 0:
                fname = f"update-{year}-{m:02d}.md"
            elif style == 1:
                fname = f"{year}-{m:02d}.md"
            elif style == 2:
                fname = f"update-{MONTHS[m - 1].lower()}-{year}.md"
            else:
                fname = f"update-{m:02d}-{year}.md"
            updates.append({
                "file": fname,
                "month": m,
                "title": f"{name} Update - {MONTHS[m - 1]} {year}",
                "body": update_body(w, rng, name, MONTHS[m - 1], year),
            })
        e = {
            "year": year,
            "name": name,
            "slug": slugify(name),
            "ecosystems": rng.sample(ECOSYSTEMS, rng.randint(1, 3)),
            "start": f"{year}-{start_month:02d}-01",
            "end": f"{year}-12-31",
            "status": rng.choice(["active", "completed"]),
            "homepage": f"https://example.org/{slugify(name)}/",
            "amount": rng.randrange(50, 900) * 1000,
            "profile": w.paragraph(3, 5) + "\n\n" + w.paragraph(2, 4) + "\n",
            "updates": updates,
        }
        engagements.append(e)
        per_year[year].append(e)
    okrs = {}
    for y in years:
        objectives = []
        for o in range(1, 5):
            objectives.append({
                "id": f"O{o}",
                "text": w.sentence(8, 16),
                "krs": [{"id": f"KR{o}.{k}", "text": w.sentence(12, 30)}
                        for k in range(1, rng.randint(2, 4) + 1)],
            })
        okrs[y] = objectives
    reports = []
    for y in years:
        year_eng = sorted(per_year[y], key=lambda e: e["slug"])
        for m in range(1, 13):
            active = [e for e in year_eng if e["updates"][0]["month"] <= m]
            new = [e for e in year_eng if e["updates"][0]["month"] == m]
            existing = [e for e in active if e not in new]
            statuses = {kr["id"]: rng.choice(STATUSES) for o in okrs[y] for kr in o["krs"]}
            highlights = rng.sample(active, min(3, len(active))) if active else []
            reports.append({
                "year": y,
                "month": m,
                "title": f"Program Monthly Report, {MONTHS[m - 1]} {y}",
                "summary": w.sentence(12, 24),
                # Published after the month it covers, as real reports are (and as `check` wants).
                "published": f"{y + m // 12}-{m % 12 + 1:02d}-10",
                "okrs": statuses,
                "new": [(e["slug"], e["name"], w.sentence(10, 20)) for e in new],
                "existing": [(e["slug"], e["name"]) for e in existing],
                "highlights": [(e["slug"], e["name"], w.paragraph(1, 3)) for e in highlights],
                "body": report_body(w, y, m),
            })
    return engagements, okrs, reports


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


# ---------------------------------------------------------------------------------------------
# grantsite

def gen_grantsite(root, engagements, okrs, reports):
    c = os.path.join(root, "content")
    write(os.path.join(c, "program.yaml"), "\n".join([
        "name: Benchmark Program",
        "tagline: A synthetic grant program for benchmarking static site generators.",
        "purpose: |",
        "  Fund security work in the open source projects everyone depends on.",
        "base_url: https://bench.example.org/",
        "language: en",
        "contact:",
        "  email: info@example.org",
        "links:",
        '  - { label: "Repository", url: "https://github.com/example/program" }',
        "team:",
        '  - { name: Ada Lovelace, affiliation: Example, role: "Program lead" }',
        "",
    ]))
    for y, objectives in okrs.items():
        lines = ["objectives:"]
        for o in objectives:
            lines += [f"  - id: {o['id']}", f"    text: {yaml_str(o['text'])}", "    key_results:"]
            for kr in o["krs"]:
                lines += [f"      - id: {kr['id']}", f"        text: {yaml_str(kr['text'])}"]
        write(os.path.join(c, "okrs", f"{y}.yaml"), "\n".join(lines) + "\n")
    for e in engagements:
        d = os.path.join(c, "engagements", str(e["year"]), e["name"])
        write(os.path.join(d, "README.md"), "\n".join([
            "---",
            f"grantee: {yaml_str(e['name'])}",
            f"ecosystems: [{', '.join(e['ecosystems'])}]",
            f"start: {e['start']}",
            f"end: {e['end']}",
            f"status: {e['status']}",
            f"homepage: {e['homepage']}",
            f"funding: {{ amount: {e['amount']}, currency: USD }}",
            "---",
            "",
            e["profile"],
        ]))
        for u in e["updates"]:
            write(os.path.join(d, u["file"]), f"# {u['title']}\n\n{u['body']}")
    for r in reports:
        lines = ["---", f"title: {yaml_str(r['title'])}", "kind: monthly",
                 f"period: {r['year']}-{r['month']:02d}", f"published: {r['published']}",
                 f"summary: {yaml_str(r['summary'])}", "okrs:"]
        lines += [f"  {k}: {v}" for k, v in r["okrs"].items()]
        lines.append("engagements:")
        if r["new"]:
            lines.append("  new:")
            for slug, _name, note in r["new"]:
                lines += [f"    - grantee: {slug}", f"      note: {yaml_str(note)}"]
        if r["existing"]:
            lines.append("  existing: [" + ", ".join(s for s, _ in r["existing"]) + "]")
        if r["highlights"]:
            lines.append("highlights:")
            for slug, _name, text in r["highlights"]:
                lines += [f"  - grantee: {slug}", "    text: |"]
                lines += ["      " + t for t in text.splitlines()]
        nm = r["month"] % 12 + 1
        ny = r["year"] + (1 if r["month"] == 12 else 0)
        lines += ["upcoming:", f"  - date: {ny}-{nm:02d}",
                  "    kind: report", f"    text: Our next update is due in {MONTHS[nm - 1]}.",
                  "funding:", "  received: 5000000", "  spent: 4000000", "  currency: USD",
                  "---", "", r["body"]]
        write(os.path.join(c, "reports", str(r["year"]), f"{r['year']}-{r['month']:02d}.md"),
              "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Hugo (YAML front matter; report data in params, rendered by the template)

HUGO_BASEOF = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ .Title }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/reports/" | relURL }}">Reports</a> <a href="{{ "/engagements/" | relURL }}">Engagements</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"""

HUGO_PAGE = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
{{ with .Params.period }}<p class="period">{{ . }}</p>{{ end }}
{{ with .Parent }}<p>Engagement: <a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
<div class="prose">{{ .Content }}</div>
{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">Previous: {{ .Title }}</a>{{ end }}
{{ with .NextInSection }}<a href="{{ .RelPermalink }}">Next: {{ .Title }}</a>{{ end }}
</article>
{{ end }}
"""

HUGO_REPORT = """{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p>{{ .Params.summary }}</p>
<div class="prose">{{ .Content }}</div>
<h2>Objectives and key results</h2>
<table><thead><tr><th>Key result</th><th>Status</th></tr></thead><tbody>
{{ range $k, $v := .Params.okrs }}<tr><td>{{ $k }}</td><td class="status">{{ $v }}</td></tr>
{{ end }}</tbody></table>
<h2>New engagements</h2><ul>
{{ range .Params.new }}<li><a href="{{ printf "/engagements/%v/%s/" $.Params.year .slug | relURL }}">{{ .name }}</a> {{ .note | markdownify }}</li>
{{ end }}</ul>
<h2>Existing engagements</h2><ul>
{{ range .Params.existing }}<li><a href="{{ printf "/engagements/%v/%s/" $.Params.year .slug | relURL }}">{{ .name }}</a></li>
{{ end }}</ul>
<h2>Highlights</h2>
{{ range .Params.highlights }}<section><h3>{{ .name }}</h3>{{ .text | markdownify }}</section>
{{ end }}
</article>
{{ end }}
"""

HUGO_SECTION = """{{ define "main" }}
<h1>{{ .Title }}</h1>
<div class="prose">{{ .Content }}</div>
<ul>
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Params.summary }} — {{ . }}{{ end }}</li>
{{ end }}</ul>
{{ end }}
"""

# A feed of every page with title, link and date, like grantsite's atom.xml (which does not
# carry bodies). Hugo's and Zola's built-in feeds embed each page's content, which is more work.
HUGO_RSS = """{{ printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<rss version="2.0"><channel>
<title>{{ site.Title }}</title><link>{{ .Permalink }}</link>
{{ range site.RegularPages.ByDate.Reverse }}<item><title>{{ .Title }}</title><link>{{ .Permalink }}</link><pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" }}</pubDate><guid>{{ .Permalink }}</guid><description>{{ with .Params.summary }}{{ . }}{{ else }}{{ .Title }}{{ end }}</description></item>
{{ end }}</channel></rss>
"""

HUGO_HOME = """{{ define "main" }}
<h1>{{ site.Title }}</h1>
<h2>Latest reports</h2><ul>
{{ range first 12 (where site.RegularPages "Section" "reports").ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> — {{ .Params.summary }}</li>
{{ end }}</ul>
{{ end }}
"""


def gen_hugo(root, engagements, okrs, reports):
    write(os.path.join(root, "hugo.toml"), "\n".join([
        'baseURL = "https://bench.example.org/"',
        'title = "Benchmark Program"',
        'disableKinds = ["taxonomy", "term"]',
        "[outputs]",
        'home = ["html", "rss"]',
        'section = ["html"]',
        'page = ["html"]',
        "[markup.goldmark.renderer]",
        "unsafe = false",
        "",
    ]))
    lay = os.path.join(root, "layouts")
    write(os.path.join(lay, "_default", "baseof.html"), HUGO_BASEOF)
    write(os.path.join(lay, "_default", "single.html"), HUGO_PAGE)
    write(os.path.join(lay, "_default", "list.html"), HUGO_SECTION)
    write(os.path.join(lay, "reports", "single.html"), HUGO_REPORT)
    write(os.path.join(lay, "index.html"), HUGO_HOME)
    write(os.path.join(lay, "home.rss.xml"), HUGO_RSS)
    c = os.path.join(root, "content")
    write(os.path.join(c, "_index.md"), "---\ntitle: Benchmark Program\n---\n")
    write(os.path.join(c, "reports", "_index.md"), "---\ntitle: Reports\n---\n")
    write(os.path.join(c, "engagements", "_index.md"), "---\ntitle: Engagements\n---\n")
    for y in okrs:
        write(os.path.join(c, "reports", str(y), "_index.md"), f"---\ntitle: Reports {y}\n---\n")
        write(os.path.join(c, "engagements", str(y), "_index.md"),
              f"---\ntitle: Engagements {y}\n---\n")
    for e in engagements:
        d = os.path.join(c, "engagements", str(e["year"]), e["slug"])
        # the engagement is a branch bundle: its page lists its updates
        write(os.path.join(d, "_index.md"), "\n".join([
            "---", f"title: {yaml_str(e['name'] + ' (' + str(e['year']) + ')')}",
            f"ecosystems: [{', '.join(e['ecosystems'])}]", f"homepage: {e['homepage']}",
            f"status: {e['status']}", "---", "", e["profile"]]))
        for u in e["updates"]:
            stem = u["file"][:-3]
            write(os.path.join(d, stem + ".md"), "\n".join([
                "---", f"title: {yaml_str(u['title'])}",
                f"date: {e['year']}-{u['month']:02d}-28",
                f"period: {e['year']}-{u['month']:02d}", "---", "", u["body"]]))
    for r in reports:
        lines = ["---", f"title: {yaml_str(r['title'])}", f"date: {r['published']}",
                 f"year: {r['year']}", f"summary: {yaml_str(r['summary'])}", "okrs:"]
        lines += [f"  {k}: {v}" for k, v in r["okrs"].items()]
        lines.append("new:")
        lines += [f"  - {{ slug: {s}, name: {yaml_str(n)}, note: {yaml_str(t)} }}" for s, n, t in r["new"]]
        lines.append("existing:")
        lines += [f"  - {{ slug: {s}, name: {yaml_str(n)} }}" for s, n in r["existing"]]
        lines.append("highlights:")
        lines += [f"  - {{ slug: {s}, name: {yaml_str(n)}, text: {yaml_str(t)} }}" for s, n, t in r["highlights"]]
        lines += ["---", "", r["body"]]
        write(os.path.join(c, "reports", str(r["year"]), f"{r['year']}-{r['month']:02d}.md"),
              "\n".join(lines))


# ---------------------------------------------------------------------------------------------
# Zola (TOML front matter; report data in [extra])

ZOLA_BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
</head>
<body>
<header><a href="{{ get_url(path="/") }}">{{ config.title }}</a>
<nav><a href="{{ get_url(path="@/reports/_index.md") }}">Reports</a> <a href="{{ get_url(path="@/engagements/_index.md") }}">Engagements</a></nav></header>
<main>{% block main %}{% endblock %}</main>
<footer>{{ config.title }}</footer>
</body>
</html>
"""

ZOLA_PAGE = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
{% if page.extra.period %}<p class="period">{{ page.extra.period }}</p>{% endif %}
{% set parent = get_section(path=page.ancestors | last, metadata_only=true) %}
<p>Engagement: <a href="{{ parent.permalink }}">{{ parent.title }}</a></p>
<div class="prose">{{ page.content | safe }}</div>
{% if page.lower %}<a href="{{ page.lower.permalink }}">Previous: {{ page.lower.title }}</a>{% endif %}
{% if page.higher %}<a href="{{ page.higher.permalink }}">Next: {{ page.higher.title }}</a>{% endif %}
</article>
{% endblock %}
"""

ZOLA_REPORT = """{% extends "base.html" %}
{% block title %}{{ page.title }} · {{ config.title }}{% endblock %}
{% block main %}
<article>
<h1>{{ page.title }}</h1>
<p>{{ page.extra.summary }}</p>
<div class="prose">{{ page.content | safe }}</div>
<h2>Objectives and key results</h2>
<table><thead><tr><th>Key result</th><th>Status</th></tr></thead><tbody>
{% for k, v in page.extra.okrs %}<tr><td>{{ k }}</td><td class="status">{{ v }}</td></tr>
{% endfor %}</tbody></table>
<h2>New engagements</h2><ul>
{% for e in page.extra.new %}<li><a href="{{ get_url(path="/engagements/" ~ page.extra.year ~ "/" ~ e.slug ~ "/") }}">{{ e.name }}</a> {{ e.note | markdown(inline=true) | safe }}</li>
{% endfor %}</ul>
<h2>Existing engagements</h2><ul>
{% for e in page.extra.existing %}<li><a href="{{ get_url(path="/engagements/" ~ page.extra.year ~ "/" ~ e.slug ~ "/") }}">{{ e.name }}</a></li>
{% endfor %}</ul>
<h2>Highlights</h2>
{% for h in page.extra.highlights %}<section><h3>{{ h.name }}</h3>{{ h.text | markdown | safe }}</section>
{% endfor %}
</article>
{% endblock %}
"""

ZOLA_SECTION = """{% extends "base.html" %}
{% block title %}{{ section.title }} · {{ config.title }}{% endblock %}
{% block main %}
<h1>{{ section.title }}</h1>
<div class="prose">{{ section.content | safe }}</div>
<ul>
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>{% if p.extra.summary %} — {{ p.extra.summary }}{% endif %}</li>
{% endfor %}
{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>
{% endfor %}</ul>
{% endblock %}
"""

ZOLA_FEED = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>{{ config.title }}</title>
<link href="{{ feed_url | safe }}" rel="self" type="application/atom+xml"/>
<updated>{{ last_updated | date(format="%+") }}</updated>
<id>{{ feed_url | safe }}</id>
{% for page in pages %}<entry><title>{{ page.title }}</title><link href="{{ page.permalink | safe }}"/><id>{{ page.permalink | safe }}</id><updated>{{ page.date | date(format="%+") }}</updated><summary>{% if page.extra.summary %}{{ page.extra.summary }}{% else %}{{ page.title }}{% endif %}</summary></entry>
{% endfor %}</feed>
"""

ZOLA_INDEX = """{% extends "base.html" %}
{% block main %}
<h1>{{ config.title }}</h1>
<h2>Latest reports</h2><ul>
{% set reports = get_section(path="reports/_index.md") %}
{% for s in reports.subsections | reverse %}{% set year = get_section(path=s) %}{% for p in year.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> — {{ p.extra.summary }}</li>
{% endfor %}{% endfor %}</ul>
{% endblock %}
"""


def gen_zola(root, engagements, okrs, reports):
    write(os.path.join(root, "config.toml"), "\n".join([
        'base_url = "https://bench.example.org"',
        'title = "Benchmark Program"',
        "compile_sass = false",
        "build_search_index = false",
        "generate_feed = true",
        "taxonomies = []",
        "[markdown]",
        "highlight_code = false",
        "",
    ]))
    t = os.path.join(root, "templates")
    write(os.path.join(t, "base.html"), ZOLA_BASE)
    write(os.path.join(t, "page.html"), ZOLA_PAGE)
    write(os.path.join(t, "report.html"), ZOLA_REPORT)
    write(os.path.join(t, "section.html"), ZOLA_SECTION)
    write(os.path.join(t, "index.html"), ZOLA_INDEX)
    write(os.path.join(t, "atom.xml"), ZOLA_FEED)
    c = os.path.join(root, "content")
    write(os.path.join(c, "_index.md"), '+++\ntitle = "Benchmark Program"\n+++\n')
    write(os.path.join(c, "reports", "_index.md"),
          '+++\ntitle = "Reports"\nsort_by = "date"\n+++\n')
    write(os.path.join(c, "engagements", "_index.md"), '+++\ntitle = "Engagements"\n+++\n')
    for y in okrs:
        write(os.path.join(c, "reports", str(y), "_index.md"),
              f'+++\ntitle = "Reports {y}"\nsort_by = "date"\n+++\n')
        write(os.path.join(c, "engagements", str(y), "_index.md"),
              f'+++\ntitle = "Engagements {y}"\n+++\n')
    for e in engagements:
        d = os.path.join(c, "engagements", str(e["year"]), e["slug"])
        write(os.path.join(d, "_index.md"), "\n".join([
            "+++", f"title = {toml_str(e['name'] + ' (' + str(e['year']) + ')')}",
            'sort_by = "date"', "[extra]",
            "ecosystems = [" + ", ".join(toml_str(x) for x in e["ecosystems"]) + "]",
            f"homepage = {toml_str(e['homepage'])}", f"status = {toml_str(e['status'])}",
            "+++", "", e["profile"]]))
        for u in e["updates"]:
            stem = u["file"][:-3]
            write(os.path.join(d, stem + ".md"), "\n".join([
                "+++", f"title = {toml_str(u['title'])}",
                f"date = {e['year']}-{u['month']:02d}-28", "[extra]",
                f'period = "{e["year"]}-{u["month"]:02d}"', "+++", "", u["body"]]))
    for r in reports:
        lines = ["+++", f"title = {toml_str(r['title'])}", f"date = {r['published']}",
                 'template = "report.html"', "[extra]", f"year = {r['year']}",
                 f"summary = {toml_str(r['summary'])}"]
        lines.append("new = [" + ", ".join(
            f"{{ slug = {toml_str(s)}, name = {toml_str(n)}, note = {toml_str(t)} }}"
            for s, n, t in r["new"]) + "]")
        lines.append("existing = [" + ", ".join(
            f"{{ slug = {toml_str(s)}, name = {toml_str(n)} }}" for s, n in r["existing"]) + "]")
        lines.append("highlights = [" + ", ".join(
            f"{{ slug = {toml_str(s)}, name = {toml_str(n)}, text = {toml_str(t)} }}"
            for s, n, t in r["highlights"]) + "]")
        lines.append("[extra.okrs]")
        lines += [f'"{k}" = {toml_str(v)}' for k, v in r["okrs"].items()]
        lines += ["+++", "", r["body"]]
        write(os.path.join(c, "reports", str(r["year"]), f"{r['year']}-{r['month']:02d}.md"),
              "\n".join(lines))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--engagements", type=int, default=200)
    ap.add_argument("--years", default="2022,2023,2024")
    ap.add_argument("--seed", type=int, default=20250101)
    args = ap.parse_args()
    years = [int(y) for y in args.years.split(",")]
    engagements, okrs, reports = build_model(args.engagements, years, args.seed)
    for name, gen in [("grantsite", gen_grantsite), ("hugo", gen_hugo), ("zola", gen_zola)]:
        root = os.path.join(args.out, name)
        shutil.rmtree(root, ignore_errors=True)
        gen(root, engagements, okrs, reports)
    n_updates = sum(len(e["updates"]) for e in engagements)
    print(f"generated {len(engagements)} engagements, {n_updates} updates, {len(reports)} reports "
          f"({len({e['slug'] for e in engagements})} grantees) in {args.out}")


if __name__ == "__main__":
    main()
