//! Grantees that are probably one organisation under two folder names (`psf` and `Python
//! Software Foundation`) get a warning showing the `grantees.yaml` line that would make them
//! one. Nothing is merged here: a wrong merge would publish one grantee's updates under
//! another's name, and only the staff know which folders are one grant-holder.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Grantee, Site, Slug, SourcePath, WebUrl};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::sync::OnceLock;

const ENGAGEMENTS: &str = "content/engagements/";

/// Words that say what kind of body an organisation is, not which one: "Eclipse Foundation"
/// and "Python Software Foundation" share one and are two grantees.
const GENERIC: &[&str] = &[
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "inc",
    "ltd",
    "llc",
    "gmbh",
    "org",
    "foundation",
    "project",
    "software",
    "community",
    "team",
];

/// Words an initialism leaves out: ASF is The Apache Software Foundation.
const MINOR: &[&str] = &["the", "a", "an", "of", "for", "and", "inc", "ltd", "llc"];

/// Hosts where many organisations have their homepage, so sharing one says nothing.
const SHARED_HOSTS: &[&str] = &[
    "github.com",
    "gitlab.com",
    "codeberg.org",
    "bitbucket.org",
    "sourceforge.net",
    "linkedin.com",
    "twitter.com",
    "x.com",
];

/// One warning per pair of grantees that look like one, kept with every pair weighed so that
/// `serve` weighs again only the pairs whose texts changed. Pairs where both are declared in
/// `grantees.yaml` are the staff's decision already and get none.
#[derive(Clone, Debug, Default)]
pub(super) struct Hints {
    declared: HashSet<Slug>,
    /// Pairs of indices into the site's grantees, and what each came to.
    weighed: Vec<((usize, usize), Option<Diagnostic>)>,
}

impl Hints {
    pub(super) fn weigh(site: &Site, declared: HashSet<Slug>) -> Hints {
        let sides = sides_of(site, &declared, None);
        // Pairs are weighed in parallel (reading mentions flattens many files) and kept in order.
        let pairs: Vec<(usize, usize)> = candidates(&sides).into_iter().collect();
        let weighed = pairs
            .into_par_iter()
            .map(|pair| (pair, judge(&sides, pair)))
            .collect();
        Hints { declared, weighed }
    }

    pub(super) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.weighed
            .iter()
            .filter_map(|(_, warning)| warning.as_ref())
    }

    /// The same, for `site` where only the updates and pages of the `changed` grantees were
    /// edited: its grantees, engagements, profiles and files are the ones weighed before.
    /// Which pairs are compared follows from names, homepages and profiles alone, and a
    /// pair's evidence from its two sides, so only pairs with a changed side are weighed.
    pub(super) fn again(&self, site: &Site, changed: &HashSet<&Slug>) -> Hints {
        let touched = |i: usize| {
            site.grantees
                .get(i)
                .is_some_and(|g| changed.contains(&g.slug))
        };
        let sides_read: HashSet<usize> = self
            .weighed
            .iter()
            .filter(|((a, b), _)| touched(*a) || touched(*b))
            .flat_map(|&((a, b), _)| [a, b])
            .collect();
        let sides = sides_of(site, &self.declared, Some(&sides_read));
        let weighed = self
            .weighed
            .par_iter()
            .map(
                |&(pair, ref before)| match touched(pair.0) || touched(pair.1) {
                    true => (pair, judge(&sides, pair)),
                    false => (pair, before.clone()),
                },
            )
            .collect();
        Hints {
            declared: self.declared.clone(),
            weighed,
        }
    }
}

/// Every grantee's side, with the texts of all (`None`) or of those `with_texts`.
fn sides_of<'a>(
    site: &'a Site,
    declared: &HashSet<Slug>,
    with_texts: Option<&HashSet<usize>>,
) -> Vec<Side<'a>> {
    let mut sides = sides(site, declared, with_texts);
    drop_hosting_sites(&mut sides);
    sides
}

fn judge(sides: &[Side], (i, j): (usize, usize)) -> Option<Diagnostic> {
    let (a, b) = (sides.get(i)?, sides.get(j)?);
    if a.declared && b.declared {
        return None;
    }
    evidence(a, b).and_then(|why| warning(a, b, &why))
}

/// A host that the homepages of three or more grantees share is a hosting site
/// (`example.org/<project>/`), not evidence that two of them are one: without this, a program
/// whose grantees are all hosted in one place gets a hint for every pair.
fn drop_hosting_sites(sides: &mut [Side]) {
    let mut count: HashMap<String, usize> = HashMap::new();
    for side in sides.iter() {
        for host in &side.hosts {
            *count.entry(host.clone()).or_default() += 1;
        }
    }
    for side in sides.iter_mut() {
        side.hosts.retain(|h| count.get(h).is_some_and(|&n| n <= 2));
    }
}

/// A name split into lowercase words: `node.js` is `node js`.
#[derive(Debug)]
struct Name {
    written: String,
    words: Vec<String>,
    /// The name without generic words, run together: `Rust Foundation` and `rust` are `rust`.
    core: String,
    /// How it is searched for in text, `" node js "`, when it is distinctive enough.
    phrase: Option<String>,
}

impl Name {
    fn new(written: &str) -> Name {
        let words: Vec<String> = words(written).collect();
        let core: String = words
            .iter()
            .filter(|w| !GENERIC.contains(&w.as_str()))
            .map(String::as_str)
            .collect();
        let phrase = (core.chars().count() >= 3).then(|| format!(" {} ", words.join(" ")));
        Name {
            written: written.to_string(),
            words,
            core,
            phrase,
        }
    }

    /// The first letters of its words: `Python Software Foundation` is `psf`. Minor words
    /// and an acronym already in the name (`… (EEF)`) are left out when `short` asks so.
    fn initials(&self, short: &str, skip_minor: bool) -> String {
        self.words
            .iter()
            .filter(|w| !(skip_minor && MINOR.contains(&w.as_str())) && w.as_str() != short)
            .filter_map(|w| w.chars().next())
            .collect()
    }
}

fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A text as its words between single spaces, so a phrase is found whatever the punctuation.
fn flatten(text: &str) -> String {
    let mut flat = String::with_capacity(text.len() + 2);
    flat.push(' ');
    for w in words(text) {
        flat.push_str(&w);
        flat.push(' ');
    }
    flat
}

#[derive(Debug)]
struct File<'a> {
    source: &'a str,
    text: &'a str,
    profile: bool,
    /// The text flattened, made only when a pair needs it.
    flat: OnceLock<String>,
}

impl<'a> File<'a> {
    fn new(source: &'a str, text: &'a str, profile: bool) -> File<'a> {
        File {
            source,
            text,
            profile,
            flat: OnceLock::new(),
        }
    }

    fn flat(&self) -> &str {
        self.flat.get_or_init(|| flatten(self.text))
    }
}

/// What a grantee is known by, for comparing with the others.
#[derive(Debug, Default)]
struct Side<'a> {
    grantee: String,
    names: Vec<Name>,
    declared: bool,
    /// The engagement folder of its first year, and the file a warning about it goes on.
    first: Option<(i32, String, String)>,
    years: Vec<i32>,
    /// Profiles, updates and pages, by path.
    files: Vec<File<'a>>,
    hosts: Vec<String>,
    homepage: Option<String>,
    aliases: Vec<String>,
}

impl<'a> Side<'a> {
    fn new(grantee: &Grantee, declared: bool) -> Side<'a> {
        let mut side = Side {
            grantee: grantee.name.clone(),
            declared,
            aliases: grantee.aliases.clone(),
            homepage: grantee.homepage.as_ref().map(|h| h.to_string()),
            ..Side::default()
        };
        for name in std::iter::once(&grantee.name).chain(&grantee.aliases) {
            side.names.push(Name::new(name));
        }
        side.add_homepage(grantee.homepage.as_ref());
        side
    }

    fn add_homepage(&mut self, homepage: Option<&WebUrl>) {
        let host = homepage.and_then(|h| host(h.as_str()));
        if let Some(host) = host.filter(|h| !self.hosts.contains(h)) {
            self.hosts.push(host);
        }
    }

    fn profiles(&self) -> impl Iterator<Item = &File<'a>> {
        self.files.iter().filter(|f| f.profile)
    }

    /// The first of its files (of its profiles, with `profiles_only`) that names one of
    /// `names`, with that name.
    fn naming<'n>(&self, profiles_only: bool, names: &'n [Name]) -> Option<(&'a str, &'n str)> {
        names.iter().find_map(|name| {
            let phrase = name.phrase.as_deref()?;
            self.files
                .iter()
                .filter(|f| f.profile || !profiles_only)
                .find(|f| f.flat().contains(phrase))
                .map(|f| (f.source, name.written.as_str()))
        })
    }
}

fn host(url: &str) -> Option<String> {
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit('@').next()?.split(':').next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty() && !SHARED_HOSTS.contains(&host)).then(|| host.to_string())
}

fn sides<'a>(
    site: &'a Site,
    declared: &HashSet<Slug>,
    with_texts: Option<&HashSet<usize>>,
) -> Vec<Side<'a>> {
    let at: HashMap<&Slug, usize> = site
        .grantees
        .iter()
        .enumerate()
        .map(|(i, g)| (&g.slug, i))
        .collect();
    let mut sides: Vec<Side> = site
        .grantees
        .iter()
        .map(|g| Side::new(g, declared.contains(&g.slug)))
        .collect();
    let mut files: Vec<(&str, &Slug, &str, bool)> = Vec::new();
    for e in &site.engagements {
        if e.source.as_str() != e.folder {
            files.push((e.source.as_str(), &e.grantee, &e.body.text, true));
        }
    }
    for u in &site.updates {
        files.push((u.source.as_str(), &u.grantee, &u.body.text, false));
    }
    for p in &site.pages {
        files.push((p.source.as_str(), &p.grantee, &p.body.text, false));
    }
    if let Some(wanted) = with_texts {
        files.retain(|f| at.get(f.1).is_some_and(|i| wanted.contains(i)));
    }
    files.sort_by_key(|f| f.0);
    for &(source, grantee, text, profile) in &files {
        if let Some(&i) = at.get(grantee) {
            sides[i].files.push(File::new(source, text, profile));
        }
    }
    for e in &site.engagements {
        let Some(side) = at.get(&e.grantee).map(|&i| &mut sides[i]) else {
            continue;
        };
        side.add_homepage(e.homepage.as_ref());
        side.years.push(e.year);
        if side.first.as_ref().is_none_or(|(year, ..)| e.year < *year) {
            // Engagements of one year are one per grantee, so the earliest year is one folder.
            let place = if e.source.as_str() != e.folder {
                e.source.as_str()
            } else {
                side.files
                    .iter()
                    .map(|f| f.source)
                    .find(|s| SourcePath::new(*s).parent() == e.folder)
                    .unwrap_or(&e.folder)
            };
            side.first = Some((e.year, e.folder.clone(), place.to_string()));
        }
    }
    sides
}

/// The pairs worth comparing, found through what they would share, instead of comparing every
/// grantee with every other: a site with thousands of grantees has millions of pairs.
fn candidates(sides: &[Side]) -> BTreeSet<(usize, usize)> {
    let mut keyed: HashMap<String, Vec<usize>> = HashMap::new();
    let mut shorts: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut first_words: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, side) in sides.iter().enumerate() {
        let mut keys: Vec<String> = side.hosts.iter().map(|h| format!("host {h}")).collect();
        for name in &side.names {
            if !name.core.is_empty() {
                keys.push(format!("core {}", name.core));
            }
            if let [word] = name.words.as_slice() {
                shorts.entry(word).or_default().push(i);
            }
            if let (Some(_), Some(word)) = (&name.phrase, name.words.first()) {
                first_words.entry(word).or_default().push(i);
            }
        }
        for key in keys {
            let bucket = keyed.entry(key).or_default();
            if bucket.last() != Some(&i) {
                bucket.push(i);
            }
        }
    }
    let mut pairs = BTreeSet::new();
    for bucket in keyed.values() {
        for (n, &a) in bucket.iter().enumerate() {
            pairs.extend(bucket[n + 1..].iter().map(|&b| (a.min(b), a.max(b))));
        }
    }
    for (a, side) in sides.iter().enumerate() {
        for name in side.names.iter().filter(|n| n.words.len() >= 2) {
            let without = std::iter::once("").chain(name.words.iter().map(String::as_str));
            for short in without.flat_map(|w| [name.initials(w, false), name.initials(w, true)]) {
                for &b in shorts.get(short.as_str()).into_iter().flatten() {
                    if b != a {
                        pairs.insert((a.min(b), a.max(b)));
                    }
                }
            }
        }
    }
    // Every profile's words: flattening them is most of the work, so it runs in parallel.
    let words: Vec<HashSet<&str>> = sides
        .par_iter()
        .map(|side| side.profiles().flat_map(|f| f.flat().split(' ')).collect())
        .collect();
    for (a, (side, said)) in sides.iter().zip(&words).enumerate() {
        let named =
            |n: &Name| n.phrase.is_some() && n.words.iter().all(|w| said.contains(w.as_str()));
        for word in said {
            for &b in first_words.get(word).into_iter().flatten() {
                if b != a && across_years(side, &sides[b]) && sides[b].names.iter().any(named) {
                    pairs.insert((a.min(b), a.max(b)));
                }
            }
        }
    }
    pairs
}

/// Why two grantees look like one.
#[derive(Debug, PartialEq)]
enum Why {
    Initials {
        short: String,
        long: String,
    },
    Generic {
        short: String,
        long: String,
        differ: String,
    },
    Homepage(String),
    Mentions {
        file: String,
        name: String,
        back_file: String,
        back_name: String,
    },
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let short = |s: &str| s.strip_prefix(ENGAGEMENTS).unwrap_or(s).to_string();
        match self {
            Why::Initials { short, long } => write!(f, "`{short}` is the initials of `{long}`"),
            Why::Generic {
                short,
                long,
                differ,
            } => {
                write!(f, "`{short}` and `{long}` differ only in `{differ}`")
            }
            Why::Homepage(host) => write!(f, "both homepages are on {host}"),
            Why::Mentions {
                file,
                name,
                back_file,
                back_name,
            } => write!(
                f,
                "{} names `{name}` and {} names `{back_name}`",
                short(file),
                short(back_file)
            ),
        }
    }
}

/// The first reason, if any, to think `a` and `b` are one: one's name is the initials of the
/// other's, or the other's with generic words added; their homepages share a host; or, in
/// different years, a profile of one names the other and the other's texts name it back. A
/// single mention is not enough: OpenSSL's profile names OSTIF, which managed its audit.
fn evidence(a: &Side, b: &Side) -> Option<Why> {
    let pairs = || {
        a.names
            .iter()
            .flat_map(|x| b.names.iter().map(move |y| (x, y)))
    };
    for (x, y) in pairs() {
        if let Some(why) = initials(x, y).or_else(|| initials(y, x)) {
            return Some(why);
        }
    }
    for (x, y) in pairs() {
        if !x.core.is_empty() && x.core == y.core && x.words != y.words {
            let (short, long) = if x.words.len() <= y.words.len() {
                (x, y)
            } else {
                (y, x)
            };
            let mut generic: Vec<&str> = Vec::new();
            for w in long.words.iter().chain(&short.words) {
                if GENERIC.contains(&w.as_str()) && !generic.contains(&w.as_str()) {
                    generic.push(w);
                }
            }
            return Some(Why::Generic {
                short: short.written.clone(),
                long: long.written.clone(),
                differ: generic.join(" "),
            });
        }
    }
    if let Some(host) = a.hosts.iter().find(|h| b.hosts.contains(h)) {
        return Some(Why::Homepage(host.clone()));
    }
    mentions(a, b).or_else(|| mentions(b, a))
}

fn initials(short: &Name, long: &Name) -> Option<Why> {
    let [word] = short.words.as_slice() else {
        return None;
    };
    let fits = (3..=8).contains(&word.chars().count())
        && long.words.len() >= 2
        && [false, true]
            .iter()
            .any(|&skip| long.initials(word, skip) == *word);
    fits.then(|| Why::Initials {
        short: short.written.clone(),
        long: long.written.clone(),
    })
}

/// Only across years: two folders of one year whose texts name each other are two parties to
/// one piece of work (OSTIF managed OpenSSL's audit), where a renamed folder never overlaps
/// its old name.
fn mentions(a: &Side, b: &Side) -> Option<Why> {
    if !across_years(a, b) {
        return None;
    }
    let (file, name) = a.naming(true, &b.names)?;
    let (back_file, back_name) = b.naming(false, &a.names)?;
    Some(Why::Mentions {
        file: file.to_string(),
        name: name.to_string(),
        back_file: back_file.to_string(),
        back_name: back_name.to_string(),
    })
}

fn across_years(a: &Side, b: &Side) -> bool {
    !a.years.iter().any(|y| b.years.contains(y))
}

/// The warning, on the later grantee's first folder: where a pull request that starts a new
/// name shows it.
fn warning(a: &Side, b: &Side, why: &Why) -> Option<Diagnostic> {
    let folder = |s: &Side| {
        s.first
            .as_ref()
            .map(|(year, folder, _)| (*year, folder.clone()))
    };
    let (earlier, later) = match (folder(a), folder(b)) {
        (Some(x), Some(y)) if x <= y => (a, b),
        (Some(_), Some(_)) | (None, Some(_)) => (b, a),
        (Some(_), None) => (a, b),
        (None, None) => return None,
    };
    let (.., place) = later.first.as_ref()?;
    let named = |s: &Side| match &s.first {
        Some((_, f, _)) => format!("folder `{}`", f.strip_prefix(ENGAGEMENTS).unwrap_or(f)),
        None => format!("grantee `{}` of content/grantees.yaml", s.grantee),
    };
    Some(
        Diagnostic::warning(
            Code::GranteeAliasHint,
            place.as_str(),
            format!(
                "{} and {} may be one grantee: {why}",
                named(earlier),
                named(later)
            ),
        )
        .hint(hint(earlier, later)),
    )
}

/// The `grantees.yaml` entry that makes the two one, and how to say they are two.
fn hint(earlier: &Side, later: &Side) -> String {
    let word_count = |s: &Side| s.grantee.split_whitespace().count();
    let (canonical, other) =
        if earlier.declared || (!later.declared && word_count(earlier) > word_count(later)) {
            (earlier, later)
        } else {
            (later, earlier)
        };
    let mut seen = HashSet::new();
    seen.insert(loose(&canonical.grantee));
    let aliases: Vec<String> = canonical
        .aliases
        .iter()
        .chain(std::iter::once(&other.grantee))
        .chain(&other.aliases)
        .filter(|n| seen.insert(loose(n)))
        .map(|n| quoted(n))
        .collect();
    let homepage = canonical
        .homepage
        .as_ref()
        .map(|h| format!(", homepage: {}", quoted(h)))
        .unwrap_or_default();
    let entry = format!(
        "- {{ name: {}, aliases: [{}]{homepage} }}",
        quoted(&canonical.grantee),
        aliases.join(", ")
    );
    let how = if canonical.declared {
        "replace its entry in content/grantees.yaml with"
    } else {
        "add to content/grantees.yaml"
    };
    let separate: Vec<String> = [earlier, later]
        .iter()
        .filter(|s| !s.declared)
        .map(|s| format!("`- {{ name: {} }}`", quoted(&s.grantee)))
        .collect();
    format!(
        "if they are one, {how} `{entry}`; if two, give {} its own entry there ({}) and this warning goes",
        if separate.len() == 2 { "each" } else { "it" },
        separate.join(" and ")
    )
}

fn loose(name: &str) -> Option<String> {
    Slug::from_name(name).map(|s| s.loose_key())
}

/// `name` as a YAML flow scalar: plain when nothing in it means something to YAML.
fn quoted(name: &str) -> String {
    let plain = name.chars().next().is_some_and(char::is_alphabetic)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '/'))
        && !name.ends_with(' ')
        && !matches!(
            name.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "y" | "n"
        );
    if plain {
        name.to_string()
    } else {
        format!("\"{}\"", name.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A grantee whose first name is its folder in `year`, with a profile (when not empty),
    /// updates and a homepage.
    fn side(
        names: &[&str],
        year: i32,
        profile: &'static str,
        updates: &[&'static str],
        homepage: &str,
    ) -> Side<'static> {
        let grantee = Grantee {
            slug: Slug::from_name(names[0]).unwrap(),
            name: names[0].to_string(),
            aliases: names[1..].iter().map(|n| n.to_string()).collect(),
            homepage: (!homepage.is_empty()).then(|| homepage.parse().unwrap()),
        };
        let mut side = Side::new(&grantee, false);
        let folder = format!("{ENGAGEMENTS}{year}/{}", names[0]);
        if !profile.is_empty() {
            let source = format!("{folder}/README.md").leak();
            side.files.push(File::new(source, profile, true));
        }
        for (i, &text) in updates.iter().enumerate() {
            let source = format!("{folder}/update-{i}.md").leak();
            side.files.push(File::new(source, text, false));
        }
        side.years.push(year);
        side.first = Some((year, folder.clone(), format!("{folder}/README.md")));
        side
    }

    fn named(name: &str, year: i32) -> Side<'static> {
        side(&[name], year, "", &[], "")
    }

    #[test]
    fn pairs_the_same_organisation_under_two_names() {
        let cases = [
            (
                named("psf", 2023),
                named("Python Software Foundation", 2026),
                "`psf` is the initials of `Python Software Foundation`",
            ),
            (
                named("ASF", 2023),
                named("The Apache Software Foundation", 2025),
                "`ASF` is the initials",
            ),
            (
                named("EEF", 2025),
                named("Erlang Ecosystem Foundation, Inc. (EEF)", 2026),
                "`EEF` is the initials",
            ),
            (
                named("ISRG", 2023),
                named("Internet Security Research Group", 2024),
                "`ISRG` is the initials",
            ),
            (
                named("rust", 2023),
                named("Rust Foundation", 2024),
                "`rust` and `Rust Foundation` differ only in `foundation`",
            ),
            (
                named("eclipse", 2022),
                named("Eclipse Foundation", 2024),
                "differ only in `foundation`",
            ),
            (
                named("Apache", 2025),
                named("The Apache Software Foundation", 2026),
                "differ only in `the software foundation`",
            ),
            (
                side(&["Foo Labs"], 2024, "", &[], "https://www.foo.org/"),
                side(&["Bar"], 2024, "", &[], "https://foo.org/about"),
                "both homepages are on foo.org",
            ),
            (
                side(
                    &["node.js", "NodeJS"],
                    2022,
                    "## Alpha Engagement: Node.js",
                    &["expectations from OpenJS Foundation"],
                    "",
                ),
                side(
                    &["OpenJS"],
                    2025,
                    "Rafael Gonzaga - Node.js Security lead",
                    &[],
                    "",
                ),
                "2025/OpenJS/README.md names `node.js` and 2022/node.js/update-0.md names `OpenJS`",
            ),
        ];
        for (a, b, why) in cases {
            let found = evidence(&a, &b).map(|w| w.to_string()).unwrap_or_default();
            assert!(
                found.contains(why),
                "{} ~ {}: {found}",
                a.grantee,
                b.grantee
            );
            let back = evidence(&b, &a).map(|w| w.to_string()).unwrap_or_default();
            assert!(
                !back.is_empty(),
                "{} ~ {} one way only",
                a.grantee,
                b.grantee
            );
            let names = format!("{} ~ {}", a.grantee, b.grantee);
            let pairs = candidates(&[named("Unrelated", 2024), a, b]);
            assert_eq!(pairs.into_iter().collect::<Vec<_>>(), [(1, 2)], "{names}");
        }
    }

    #[test]
    fn a_host_that_many_grantees_share_is_no_evidence() {
        let mut sides: Vec<Side> = (0..3)
            .map(|i| {
                side(
                    &[&format!("Project {i}")],
                    2024,
                    "",
                    &[],
                    &format!("https://example.org/p{i}/"),
                )
            })
            .collect();
        drop_hosting_sites(&mut sides);
        assert!(sides.iter().all(|s| s.hosts.is_empty()));
        let mut two = vec![
            side(&["Foo"], 2024, "", &[], "https://foo.example/"),
            side(&["Foo Org"], 2025, "", &[], "https://foo.example/about"),
        ];
        drop_hosting_sites(&mut two);
        assert!(two.iter().all(|s| s.hosts == ["foo.example"]));
    }

    #[test]
    fn leaves_different_organisations_apart() {
        let cases = [
            // A shared generic word.
            (
                named("Eclipse Foundation", 2022),
                named("Python Software Foundation", 2026),
            ),
            (
                named("Rust Foundation", 2024),
                named("Python Software Foundation", 2024),
            ),
            (named("Foundation", 2024), named("Project", 2025)),
            // One name starts the other, but the rest is not generic.
            (named("Rust", 2023), named("Rust for Linux", 2024)),
            // Too short to be an initialism worth trusting.
            (named("GO", 2023), named("Gentoo Organisation", 2024)),
            // A code host is everyone's homepage.
            (
                side(&["Foo"], 2024, "", &[], "https://github.com/foo"),
                side(&["Bar"], 2024, "", &[], "https://github.com/bar"),
            ),
            // The auditor and the audited name each other in the same year.
            (
                side(
                    &["OpenSSL"],
                    2024,
                    "an audit managed by the Open Source Technology Improvement Fund",
                    &[],
                    "",
                ),
                side(
                    &["Open Source Technology Improvement Fund"],
                    2024,
                    "two audits managed by OSTIF: Kuksa and OpenSSL",
                    &[],
                    "",
                ),
            ),
            // One names the other, which never names it back.
            (
                side(
                    &["OpenSSL"],
                    2023,
                    "Open Source Technology Improvement Fund, Inc (https://ostif.org)",
                    &[],
                    "",
                ),
                side(
                    &["OSTIF"],
                    2025,
                    "OSTIF Website: https://ostif.org",
                    &["a critical cryptography library"],
                    "",
                ),
            ),
            (
                side(
                    &["psf"],
                    2023,
                    "projects owned by the PSF like CPython and PyPI",
                    &[],
                    "",
                ),
                side(
                    &["PyPI"],
                    2024,
                    "",
                    &["# PyPI Package Lifecycle Engineering"],
                    "",
                ),
            ),
            // Mentions outside any profile.
            (
                side(
                    &["Airflow"],
                    2024,
                    "",
                    &["the Apache Airflow community and the Apache Software Foundation"],
                    "",
                ),
                side(
                    &["Apache"],
                    2025,
                    "# The Apache Software Foundation",
                    &["six PMCs so far: Airflow, Commons"],
                    "",
                ),
            ),
        ];
        for (a, b) in cases {
            assert_eq!(evidence(&a, &b), None, "{} ~ {}", a.grantee, b.grantee);
            assert_eq!(evidence(&b, &a), None, "{} ~ {}", b.grantee, a.grantee);
        }
    }

    #[test]
    fn warns_on_the_later_folder_with_the_line_to_add() {
        let (psf, full) = (
            named("psf", 2023),
            named("Python Software Foundation", 2026),
        );
        let why = evidence(&full, &psf).unwrap();
        let d = warning(&full, &psf, &why).unwrap();
        assert_eq!(d.code, Code::GranteeAliasHint);
        assert_eq!(d.severity, crate::diagnostics::Severity::Warning);
        assert_eq!(
            d.file,
            "content/engagements/2026/Python Software Foundation/README.md"
        );
        assert_eq!(
            d.message,
            "folder `2023/psf` and folder `2026/Python Software Foundation` may be one grantee: \
             `psf` is the initials of `Python Software Foundation`"
        );
        assert_eq!(
            d.hint.unwrap(),
            "if they are one, add to content/grantees.yaml \
             `- { name: Python Software Foundation, aliases: [psf] }`; if two, give each its own \
             entry there (`- { name: psf }` and `- { name: Python Software Foundation }`) and \
             this warning goes"
        );
    }

    #[test]
    fn a_declared_grantee_keeps_its_entry_and_only_the_other_is_to_declare() {
        let mut full = side(
            &["Python Software Foundation", "PSF"],
            2024,
            "",
            &[],
            "https://www.python.org/psf/",
        );
        full.declared = true;
        let eef = named("EEF", 2025);
        let long = named("Erlang Ecosystem Foundation, Inc. (EEF)", 2026);
        assert_eq!(
            hint(&full, &named("Python", 2025)),
            "if they are one, replace its entry in content/grantees.yaml with \
             `- { name: Python Software Foundation, aliases: [PSF, Python], homepage: \"https://www.python.org/psf/\" }`; \
             if two, give it its own entry there (`- { name: Python }`) and this warning goes"
        );
        assert!(
            hint(&eef, &long).contains(
                "`- { name: \"Erlang Ecosystem Foundation, Inc. (EEF)\", aliases: [EEF] }`"
            ),
            "{}",
            hint(&eef, &long)
        );
    }

    #[test]
    fn names_are_quoted_where_yaml_would_read_them_otherwise() {
        let cases = [
            ("Rust Foundation", "Rust Foundation"),
            ("node.js", "node.js"),
            ("Ecosystems.ms", "Ecosystems.ms"),
            ("Erlang, Inc. (EEF)", "\"Erlang, Inc. (EEF)\""),
            ("2026 Grantees", "\"2026 Grantees\""),
            ("yes", "\"yes\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("a: b", "\"a: b\""),
        ];
        for (name, yaml) in cases {
            assert_eq!(quoted(name), yaml);
        }
    }
}
