//! Readers at program scale: on a generated program of 350 updates over five years the update
//! listings stay small (a page per year, one per ecosystem of a year), still reach every
//! update and group each year by month; the feed carries only the latest entries; the
//! reporting-cadence chart and table show who sent which month (on the real tree sample in
//! tests/fixtures/realtree, whose months are known); and updates headed only by a date are
//! headed by their grantee and period.

mod common;

use common::*;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

const BASE: &str = "https://example.org/big/";
const LIMIT: usize = 80 * 1024;

// ---------------------------------------------------------------------------------------------
// A generated program: 9 grantees, more of them each year, 10 monthly updates per engagement

/// (year, engagements that year): 4 + 6 + 7 + 9 + 9 = 35 engagements, 350 updates.
const YEARS: [(i32, usize); 5] = [(2022, 4), (2023, 6), (2024, 7), (2025, 9), (2026, 9)];
const ECOSYSTEMS: [&str; 5] = ["Python", "JavaScript", "Rust", "Java", "C/C++"];
const ORGS: [&str; 9] = [
    "Python Software Foundation",
    "OpenJS Foundation",
    "Rust Foundation",
    "Eclipse Foundation",
    "Ruby Central",
    "Apache Software Foundation",
    "Erlang Ecosystem Foundation, Inc. (EEF)",
    "FreeBSD Foundation",
    "Open Source Technology Improvement Fund",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// One generated update: its source, its month (`2024-03`) and its engagement's ecosystems.
struct Generated {
    source: String,
    month: String,
    ecosystems: Vec<&'static str>,
}

fn ecosystems_of(org: usize) -> Vec<&'static str> {
    let mut names = vec![ECOSYSTEMS[org % ECOSYSTEMS.len()]];
    if org % 3 == 0 {
        names.push(ECOSYSTEMS[(org + 2) % ECOSYSTEMS.len()]);
    }
    names
}

/// The first heading of an update, in the forms real grantees write: a real title, only a
/// date (`Update 2024-03`), or exactly the period (`March 2024`).
fn heading(org: &str, year: i32, month: usize) -> String {
    let name = MONTHS[month - 1];
    match month % 4 {
        0 => format!("{org}: security engineering progress, {name} {year}"),
        1 => format!("Update {year}-{month:02}"),
        2 => format!("{name} {year}"),
        _ => format!("Threat modelling and fuzzing at {org}"),
    }
}

fn generate(root: &Path) -> Vec<Generated> {
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        content.join("program.yaml"),
        format!("name: Big Program\ntagline: Five years of grants.\nbase_url: {BASE}\n"),
    )
    .unwrap();
    let mut all = Vec::new();
    for (year, count) in YEARS {
        for (org, name) in ORGS.iter().enumerate().take(count) {
            let folder = content.join(format!("engagements/{year}/{name}"));
            std::fs::create_dir_all(&folder).unwrap();
            let ecosystems = ecosystems_of(org);
            std::fs::write(
                folder.join("README.md"),
                format!(
                    "---\necosystems: [{}]\n---\n\n{name} works on supply-chain security.\n",
                    ecosystems.join(", ")
                ),
            )
            .unwrap();
            for month in 3..=12 {
                let file = format!("update-{year}-{month:02}.md");
                let text = format!(
                    "# {}\n\nThis month {name} triaged reports, fixed advisories and shipped a \
                     release with signed artifacts.\n\n## Next month\n\nMore of the same.\n",
                    heading(name, year, month)
                );
                std::fs::write(folder.join(&file), text).unwrap();
                all.push(Generated {
                    source: format!("content/engagements/{year}/{name}/{file}"),
                    month: format!("{year}-{month:02}"),
                    ecosystems: ecosystems.clone(),
                });
            }
        }
    }
    all
}

struct Big {
    _dir: tempfile::TempDir,
    public: PathBuf,
    generated: Vec<Generated>,
    /// Source -> the update's URL, from `data/site.json`.
    urls: BTreeMap<String, String>,
}

fn big() -> &'static Big {
    static BIG: OnceLock<Big> = OnceLock::new();
    BIG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        let generated = generate(&root);
        assert_eq!(generated.len(), 350);
        let public = dir.path().join("public");
        build(&root, &public, &["--deny-warnings"]);
        let data = site_json(&public);
        let urls = data["updates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                let source = u["source"].as_str().unwrap().to_string();
                (source, u["url"].as_str().unwrap().to_string())
            })
            .collect();
        Big {
            _dir: dir,
            public,
            generated,
            urls,
        }
    })
}

/// The file a site URL is served from.
fn file_of(public: &Path, base: &str, url: &str) -> PathBuf {
    let path = url.strip_prefix(base).unwrap_or_else(|| panic!("{url}"));
    let path = path.split('#').next().unwrap_or_default();
    if path.is_empty() || path.ends_with('/') {
        public.join(path).join("index.html")
    } else {
        public.join(path)
    }
}

/// Every `href` on a page, in order, as absolute URLs.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| absolute(href, BASE))
        .collect()
}

/// The links of the update cards in `html`, in order.
fn card_links(html: &str) -> Vec<String> {
    html.split("class=\"card-title\"><a href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| absolute(href, BASE))
        .collect()
}

/// A year page's month groups: (id, the update links in it), in page order.
fn month_groups(html: &str) -> Vec<(String, Vec<String>)> {
    html.split("<section class=\"month-group\" id=\"")
        .skip(1)
        .map(|section| {
            let id = section.split('"').next().unwrap().to_string();
            let body = section.split("</section>").next().unwrap();
            (id, card_links(body))
        })
        .collect()
}

fn listing_pages(public: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.file_name().is_some_and(|n| n == "index.html") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&public.join("updates"), &mut found);
    found.push(public.join("grantees/index.html"));
    found.sort();
    found
}

#[test]
fn every_listing_page_of_a_350_update_program_stays_under_80_kb() {
    let big = big();
    let pages = listing_pages(&big.public);
    // The index, five years, and the ecosystems of each year.
    assert!(pages.len() > 6 + 5 * 3, "{pages:?}");
    let mut sizes: Vec<(usize, String)> = pages
        .iter()
        .map(|p| {
            let size = std::fs::metadata(p).unwrap().len() as usize;
            (
                size,
                p.strip_prefix(&big.public).unwrap().display().to_string(),
            )
        })
        .collect();
    sizes.sort();
    let too_big: Vec<_> = sizes.iter().filter(|(size, _)| *size > LIMIT).collect();
    assert!(too_big.is_empty(), "over 80 KB: {too_big:?}");
    eprintln!("largest listings: {:?}", &sizes[sizes.len() - 3..]);
}

#[test]
fn every_update_is_reachable_from_the_update_listings() {
    let big = big();
    let listings = format!("{BASE}updates/");
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([listings.clone()]);
    let mut reached = BTreeSet::new();
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let html = read(&file_of(&big.public, BASE, &url));
        for href in hrefs(&html) {
            let href = href.split('#').next().unwrap().to_string();
            if href.starts_with(&listings) {
                queue.push_back(href);
            } else if href.starts_with(&format!("{BASE}engagements/")) {
                reached.insert(href);
            }
        }
    }
    let all: BTreeSet<String> = big.urls.values().cloned().collect();
    assert_eq!(all.len(), 350);
    let missed: Vec<_> = all.difference(&reached).collect();
    assert!(
        missed.is_empty(),
        "not reachable from /updates/: {missed:?}"
    );
}

#[test]
fn each_year_page_lists_that_years_updates_by_month_newest_first() {
    let big = big();
    for (year, _) in YEARS {
        let html = read(&big.public.join(format!("updates/{year}/index.html")));
        let mut want: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for g in big
            .generated
            .iter()
            .filter(|g| g.month.starts_with(&year.to_string()))
        {
            want.entry(&g.month)
                .or_default()
                .insert(&big.urls[&g.source]);
        }
        let groups = month_groups(&html);
        let ids: Vec<&str> = groups.iter().map(|(id, _)| id.as_str()).collect();
        let newest_first: Vec<&str> = want.keys().rev().copied().collect();
        assert_eq!(ids, newest_first, "{year}: months newest first");
        for (id, links) in &groups {
            let got: BTreeSet<&str> = links.iter().map(String::as_str).collect();
            assert_eq!(got.len(), links.len(), "{year} {id}: no update twice");
            assert_eq!(got, want[id.as_str()], "{year} {id}");
        }
        let month = &groups[0].0;
        let label = MONTHS[month[5..].parse::<usize>().unwrap() - 1];
        assert!(html.contains(&format!(">{label} {year}</h2>")), "{year}");
    }
}

#[test]
fn an_ecosystem_page_lists_the_years_updates_of_that_ecosystem_only() {
    let big = big();
    let html = read(&big.public.join("updates/2025/index.html"));
    let python = format!("{BASE}updates/2025/python/");
    assert!(hrefs(&html).contains(&python), "the year links to it");
    let page = read(&file_of(&big.public, BASE, &python));
    assert!(page.contains("<h1>Python updates 2025</h1>"), "{page}");
    let got: BTreeSet<String> = card_links(&page).into_iter().collect();
    let want: BTreeSet<String> = big
        .generated
        .iter()
        .filter(|g| g.month.starts_with("2025") && g.ecosystems.contains(&"Python"))
        .map(|g| big.urls[&g.source].clone())
        .collect();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    // C/C++ slugs to `c-c`; its name is kept as written.
    let c = read(&big.public.join("updates/2025/c-c/index.html"));
    assert!(c.contains("<h1>C/C++ updates 2025</h1>"), "{c}");
    // The grantee filter links to the grantee's page, which lists all its updates.
    let grantee = format!("{BASE}grantees/python-software-foundation/#timeline");
    assert!(hrefs(&html).contains(&grantee), "{html}");
}

fn entries(atom: &str) -> Vec<&str> {
    atom.split("<entry>").skip(1).collect()
}

#[test]
fn the_feed_carries_the_latest_50_entries_by_default() {
    let big = big();
    let atom = read(&big.public.join("atom.xml"));
    let entries = entries(&atom);
    assert_eq!(entries.len(), 50);
    // The newest: the 9 grantees of 2026 sent December, November... every month.
    assert!(
        entries[0].contains("2027-01-01T00:00:00Z"),
        "{}",
        entries[0]
    );
    assert!(!atom.contains("2022-"), "no entry from 2022");
}

#[test]
fn feed_entries_in_program_yaml_sets_how_many_the_feed_carries() {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(&fixture("updates/site"), dir.path());
    let program = dir.path().join("content/program.yaml");
    let text = read(&program) + "feed:\n  entries: 3\n";
    std::fs::write(&program, text).unwrap();
    let public = dir.path().join("public");
    build(dir.path(), &public, &[]);
    assert_eq!(entries(&read(&public.join("atom.xml"))).len(), 3);
}

#[test]
fn an_update_headed_exactly_by_its_period_does_not_repeat_it() {
    let big = big();
    // `# June 2024` (month 6: `heading` gives the period alone) on Rust Foundation's update.
    let source = "content/engagements/2024/Rust Foundation/update-2024-06.md";
    let html = read(&file_of(&big.public, BASE, &big.urls[source]));
    assert!(
        html.contains("<h1>Rust Foundation — June 2024</h1>"),
        "{html}"
    );
    assert!(!html.contains("class=\"own-title\""), "{html}");
    assert!(
        !html.contains(">June 2024</h1>"),
        "the body's own heading is left out"
    );
    // `# Update 2024-05` is kept beneath the page heading.
    let source = "content/engagements/2024/Rust Foundation/update-2024-05.md";
    let html = read(&file_of(&big.public, BASE, &big.urls[source]));
    assert!(
        html.contains("<h1>Rust Foundation — May 2024</h1>"),
        "{html}"
    );
    assert!(
        html.contains("<p class=\"own-title\">Update 2024-05</p>"),
        "{html}"
    );
}

// ---------------------------------------------------------------------------------------------
// The real tree sample: reporting cadence and update headings

const REAL_BASE: &str = "https://example.org/ao/";

fn real() -> &'static Path {
    static OUT: OnceLock<tempfile::TempDir> = OnceLock::new();
    OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        build(&fixture("realtree"), &dir.path().join("public"), &[]);
        dir
    })
    .path()
}

fn real_page(path: &str) -> String {
    read(&real().join("public").join(path).join("index.html"))
}

/// The cadence table on a page: its column headers, and each row's label -> its cells' text.
fn cadence_table(html: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let at = html
        .find("<div class=\"cadence\">")
        .expect("a cadence chart");
    let table = &html[at..];
    let table = &table[table.find("<table").unwrap()..table.find("</table>").unwrap()];
    let texts = |row: &str, start: &str| -> Vec<String> {
        row.split(start)
            .skip(1)
            .map(|cell| {
                let open = if start.ends_with('>') {
                    0
                } else {
                    cell.find('>').unwrap() + 1
                };
                let text = &cell[open..];
                text[..text.find('<').unwrap()].to_string()
            })
            .collect()
    };
    let (head, body) = table.split_once("<tbody>").unwrap();
    let columns = texts(head, "<th scope=").into_iter().skip(1).collect();
    let rows = body
        .split("<tr>")
        .skip(1)
        .map(|row| (texts(row, "<th scope=").remove(0), texts(row, "<td>")))
        .collect();
    (columns, rows)
}

fn cell<'t>(
    table: &'t (Vec<String>, BTreeMap<String, Vec<String>>),
    row: &str,
    column: &str,
) -> &'t str {
    let (columns, rows) = table;
    let at = columns
        .iter()
        .position(|c| c == column)
        .unwrap_or_else(|| panic!("no column {column} in {columns:?}"));
    let cells = rows.get(row).unwrap_or_else(|| panic!("no row {row}"));
    assert_eq!(cells.len(), columns.len(), "{row}");
    &cells[at]
}

#[test]
fn the_grantees_index_shows_the_last_twelve_months_and_who_is_late() {
    let html = real_page("grantees");
    let table = cadence_table(&html);
    // The newest update is eBPF's for July 2026, so the chart ends there.
    assert_eq!(table.0.first().unwrap(), "August 2025");
    assert_eq!(table.0.last().unwrap(), "July 2026");
    let psf = "Python Software Foundation";
    assert_eq!(cell(&table, psf, "May 2026"), "Update");
    assert_eq!(cell(&table, psf, "June 2026"), "Update");
    assert_eq!(cell(&table, psf, "July 2026"), "Missing");
    assert_eq!(
        cell(&table, psf, "December 2025"),
        "Not active",
        "its engagement is 2026's"
    );
    assert_eq!(cell(&table, "eBPF", "July 2026"), "Update");
    // OpenJS's December 2025–January 2026 update covers both months.
    assert_eq!(cell(&table, "OpenJS", "December 2025"), "Update");
    assert_eq!(cell(&table, "OpenJS", "January 2026"), "Update");
    assert!(
        !table.1.contains_key("Rust Foundation"),
        "no month of 2024 is shown"
    );

    let chart = &html[html.find("<svg class=\"chart cadence-chart\"").unwrap()..];
    let chart = &chart[..chart.find("</svg>").unwrap()];
    let label = chart.split("aria-label=\"").nth(1).unwrap();
    let label = &label[..label.find('"').unwrap()];
    assert!(
        label.starts_with("Monthly updates by grantee, August 2025 to July 2026:"),
        "{label}"
    );
    assert!(
        label.contains("no update yet for July 2026 from"),
        "{label}"
    );
    assert!(label.contains(psf) && !label.contains("eBPF"), "{label}");
    let late = html
        .split("<p class=\"cadence-late\">")
        .nth(1)
        .expect("who is late");
    let late = &late[..late.find("</p>").unwrap()];
    assert!(late.contains(&format!(
        "href=\"{}grantees/python-software-foundation/\"",
        linked(REAL_BASE)
    )));
    assert!(!late.contains("eBPF"), "{late}");

    // The chart draws the same cells: PSF's row has seven months, two with an update.
    let row = chart
        .split("<text x=\"0\"")
        .find(|r| r.contains(">Python Software Foundat"))
        .unwrap();
    assert_eq!(row.matches("<rect").count(), 7, "{row}");
    assert_eq!(row.matches("class=\"cadence-present\"").count(), 2, "{row}");
    assert_eq!(row.matches("class=\"cadence-missing\"").count(), 5, "{row}");
    assert!(!chart.contains("style="));
}

#[test]
fn a_grantee_page_shows_a_row_per_year_of_its_engagements() {
    let html = real_page("grantees/python-software-foundation");
    let table = cadence_table(&html);
    assert_eq!(table.0.len(), 12);
    assert_eq!(table.0[0], "January");
    assert_eq!(table.1.keys().collect::<Vec<_>>(), ["2026"]);
    assert_eq!(cell(&table, "2026", "January"), "Missing");
    assert_eq!(cell(&table, "2026", "May"), "Update");
    assert_eq!(cell(&table, "2026", "June"), "Update");
    assert_eq!(cell(&table, "2026", "July"), "Missing");
    assert_eq!(
        cell(&table, "2026", "August"),
        "Not active",
        "after the latest report"
    );
    assert!(html.contains("aria-label=\"Monthly updates of Python Software Foundation, January 2026 to July 2026: 2 months with an update, 5 without.\""));

    // Prossimo: a 2024 and a 2025 engagement, and a January 2025 update in the 2024 folder.
    let table = cadence_table(&real_page("grantees/prossimo"));
    assert_eq!(table.1.keys().collect::<Vec<_>>(), ["2024", "2025"]);
    assert_eq!(cell(&table, "2024", "September"), "Update");
    assert_eq!(cell(&table, "2024", "August"), "Missing");
    assert_eq!(cell(&table, "2025", "January"), "Update");
    assert_eq!(cell(&table, "2025", "February"), "Missing");
}

fn h1(html: &str) -> &str {
    let at = html.find("<h1>").unwrap() + 4;
    &html[at..at + html[at..].find("</h1>").unwrap()]
}

#[test]
fn updates_headed_only_by_a_date_are_headed_by_grantee_and_period() {
    // (update page below engagements/, page heading, the update's own heading beneath)
    #[rustfmt::skip]
    let headed = [
        ("2022/node-js/update-2022-05", "node.js — May 2022", Some("Update 2022-05")),
        ("2023/psf/update-2023-03", "psf — March 2023", Some("Update-2023-03")),
        ("2023/psf/update-2023-08", "psf — August 2023", Some("Update-2023-08")),
        ("2024/airflow/update-2024-09", "Airflow — September 2024", Some("Update 2024-09")),
        ("2024/node-js/update-2024-april-may", "node.js — April–May 2024", Some("Update April-May 2024")),
        ("2024/node-js/update-2024-october-november", "node.js — October–November 2024", Some("Update October-November 2024")),
        // A copied heading keeps the grantee's words beneath the right period.
        ("2024/rubycentral/update-2024-11", "RubyCentral — November 2024", Some("Update 2024-10")),
        ("2025/ecosystems-ms/09-2025", "Ecosystems.ms — September 2025", Some("Update September 2025")),
        ("2025/openjs/update-2025-december-january", "OpenJS — December 2024–January 2025", Some("Update December 2024-January 2025")),
        ("2025/openjs/update-2025-february", "OpenJS — February 2025", Some("Update December Feb 2025")),
        ("2025/openjs/update-august-2025", "OpenJS — August 2025", Some("Update August 2025")),
        ("2026/openjs/update-2026-december-january", "OpenJS — December 2025–January 2026", Some("Update December 2025-January 2026")),
        ("2026/python-software-foundation/2026-05", "Python Software Foundation — May 2026", Some("2026-05")),
        ("2026/python-software-foundation/2026-06", "Python Software Foundation — June 2026", Some("2026-05")),
    ];
    for (path, heading, own) in headed {
        let html = real_page(&format!("engagements/{path}"));
        assert_eq!(h1(&html), heading, "{path}");
        let beneath = html
            .split("<p class=\"own-title\">")
            .nth(1)
            .map(|rest| &rest[..rest.find("</p>").unwrap()]);
        assert_eq!(beneath, own, "{path}");
        if let Some(own) = own {
            assert_eq!(
                html.matches(&format!(">{own}</")).count(),
                1,
                "{path}: shown once"
            );
        }
    }
    // Titles that say more than a date stay.
    for (path, heading) in [
        (
            "2025/apache/update-2025-06",
            "The Apache Software Foundation - June 2025",
        ),
        ("2023/isrg/update-2023-09", "Rustls"),
        ("2024/jenkins/update-2024-10", "Report Date: Oct 10, 2024"),
    ] {
        let html = real_page(&format!("engagements/{path}"));
        assert_eq!(h1(&html), heading, "{path}");
        assert!(!html.contains("own-title"), "{path}");
    }
    // Listings use the same heading.
    let listing = real_page("updates/2026");
    assert!(listing.contains(">Python Software Foundation — June 2026</a>"));
}
