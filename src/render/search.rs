//! The search index the theme's search box reads, split so that a query downloads a small part
//! of it: a manifest (`data/search/index.json`: the first term of every shard, and how terms
//! are folded), shards of postings (`terms-K.json`: term -> ids of the pages that hold it), and
//! the pages themselves in chunks of ids (`docs-K.json`: kind, title, path). A one-word query
//! fetches the manifest, one shard and the chunks of its first results.
//!
//! Shards are contiguous ranges of the sorted terms, balanced by size, so a prefix (the word
//! being typed) is found in one shard or two neighbours. How many shards and chunks there are
//! follows from the model alone ([`layout`]), so the registry can declare every file before
//! anything is rendered.

use super::RenderError;
use super::context::Views;
use crate::markdown;
use crate::model::Update;
use crate::urls;
use foldhash::fast::FixedState;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Pages per `docs-K.json`: a query shows 10 results, which often come from one or two chunks.
pub const CHUNK: usize = 100;
/// About this many bytes of page text per shard: shards then come out near 40 KB.
const TEXT_PER_SHARD: usize = 96 * 1024;
/// Longer words are never stop words: most words skip the lookup.
const LONGEST_STOP_WORD: usize = 4;
/// Shorter words are not indexed; the search box ignores them too.
const MIN_TERM: usize = 2;
/// Longer runs of letters are hashes or junk, not words anyone types.
const MAX_TERM: usize = 40;
/// Words too common to tell pages apart, for English sites; listed in the manifest so that the
/// search box skips them in a query too. Sorted: every word of every page is looked up here.
const STOP_WORDS: &[&str] = &[
    "an", "and", "are", "as", "at", "be", "but", "by", "for", "from", "has", "have", "in", "is",
    "it", "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "will", "with",
];
/// Each ASCII byte folded: a letter lower-cased, a digit kept, anything else a space.
const ASCII_FOLD: [u8; 128] = {
    let mut table = [b' '; 128];
    let mut b: u8 = 0;
    while b < 128 {
        if b.is_ascii_alphanumeric() {
            table[b as usize] = b.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// How many files the index takes, from the model alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    pub shards: usize,
    pub chunks: usize,
}

pub fn layout(site: &crate::model::Site) -> Layout {
    let text: usize = site
        .reports
        .iter()
        .map(|r| r.body.text.len())
        .sum::<usize>()
        + site
            .engagements
            .iter()
            .map(|e| e.body.text.len())
            .sum::<usize>()
        + site
            .updates
            .iter()
            .map(|u| u.body.text.len())
            .sum::<usize>()
        + site.pages.iter().map(|p| p.body.text.len()).sum::<usize>();
    let docs = site.reports.len() + site.engagements.len() + site.updates.len() + site.pages.len();
    Layout {
        shards: text.div_ceil(TEXT_PER_SHARD).max(1),
        chunks: docs.div_ceil(CHUNK),
    }
}

/// One searchable page.
#[derive(Serialize)]
struct Doc(&'static str, String, String);

/// Ids of the pages a term is in: first those whose title has it, then the others, each list
/// ascending and stored as gaps (`[3, 1, 4]` is 3, 4, 8), which keeps big lists short.
#[derive(Serialize, Default)]
struct Postings(Vec<u32>, Vec<u32>);

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    /// Paths in the chunks are relative to this.
    base: &'a str,
    docs: usize,
    chunk: usize,
    min: usize,
    max: usize,
    stop: &'a [&'a str],
    /// Letters folded before indexing (`é` -> `e`), so the search box folds a query alike.
    fold: BTreeMap<char, String>,
    /// First term of each shard; a term is in the last shard whose first term is not above it.
    /// `null` for a shard left empty (a site with fewer terms than shards).
    shards: Vec<Option<String>>,
}

/// The whole index, built once per render and cut into files by [`file`].
#[derive(Default)]
pub struct Index {
    docs: Vec<Doc>,
    shards: Vec<BTreeMap<String, Postings>>,
    firsts: Vec<Option<String>>,
    fold: BTreeMap<char, String>,
    stop: &'static [&'static str],
}

/// Which file of the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Manifest,
    Shard(usize),
    Docs(usize),
}

pub fn file(views: &Views, part: Part) -> Result<Vec<u8>, RenderError> {
    let index = views.search_index();
    let json = match part {
        Part::Manifest => serde_json::to_vec(&Manifest {
            version: 1,
            base: views.base,
            docs: index.docs.len(),
            chunk: CHUNK,
            min: MIN_TERM,
            max: MAX_TERM,
            stop: index.stop,
            fold: index.fold.clone(),
            shards: index.firsts.clone(),
        }),
        Part::Shard(k) => serde_json::to_vec(&index.shards[k]),
        Part::Docs(k) => {
            let end = index.docs.len().min((k + 1) * CHUNK);
            serde_json::to_vec(&index.docs[k * CHUNK..end])
        }
    };
    json.map_err(|e| RenderError::Json(urls::SEARCH_INDEX, e))
}

/// A page's title and text, before splitting into terms.
struct Source {
    doc: Doc,
    title: String,
    text: String,
}

/// Every searchable page, in id order (reports, engagements, updates, other pages), each
/// handed to `analyse` as soon as it is read, on whichever thread read it; `None` once `stop`
/// says so, which each page asks before it is read.
fn sources(
    views: &Views,
    min_len: usize,
    stop: &(dyn Fn() -> bool + Sync),
    analyse: impl Fn(Source) -> Analysed + Sync,
) -> Option<Vec<Analysed>> {
    let site = views.site;
    let analyse = &analyse;
    let mut out: Vec<Option<Analysed>> = site
        .reports
        .par_iter()
        .with_min_len(min_len)
        .map(|r| {
            (!stop()).then(|| {
                let text = format!(
                    "{} {}",
                    r.summary.as_deref().unwrap_or_default(),
                    markdown::to_plain_text(&r.body.text)
                );
                analyse(source("report", r.title.clone(), urls::report(r), text))
            })
        })
        .collect();
    out.par_extend(site.engagements.par_iter().with_min_len(min_len).map(|e| {
        (!stop()).then(|| {
            let card = views.engagement_card(e);
            let text = format!(
                "{} {}",
                card.grantee_name,
                markdown::to_plain_text(&e.body.text)
            );
            let title = format!("{} ({})", card.name, e.year);
            analyse(source("engagement", title, urls::engagement_of(e), text))
        })
    }));
    let updates = site.updates.par_iter().enumerate().with_min_len(min_len);
    out.par_extend(updates.map(|(i, u)| {
        (!stop()).then(|| {
            views.take_update_terms(i).unwrap_or_else(|| {
                analyse(update_source(
                    views,
                    u,
                    &markdown::to_plain_text(&u.body.text),
                ))
            })
        })
    }));
    out.par_extend(site.pages.par_iter().with_min_len(min_len).map(|p| {
        (!stop()).then(|| {
            let text = markdown::to_plain_text(&p.body.text);
            analyse(source("page", p.title.clone(), urls::page(p), text))
        })
    }));
    out.into_iter().collect()
}

/// An update's terms, from the plain text of its body (`markdown::to_html_and_text`).
pub(super) fn update_terms(views: &Views, u: &Update, text: &str) -> Analysed {
    analyse(update_source(views, u, text), stop_words(views))
}

fn update_source(views: &Views, u: &Update, text: &str) -> Source {
    let card = views.update_card(u);
    let text = format!("{} {} {text}", card.grantee_name, card.period_label);
    source("update", card.title, urls::update(u), text)
}

/// English sites leave out English stop words; others keep every word.
fn stop_words(views: &Views) -> &'static [&'static str] {
    if views.site.program.language.starts_with("en") {
        STOP_WORDS
    } else {
        &[]
    }
}

fn source(kind: &'static str, title: String, path: String, text: String) -> Source {
    Source {
        doc: Doc(kind, title.clone(), path),
        title,
        text,
    }
}

/// One page's terms: those of its title, and those of its text that are not in its title,
/// each sorted, once, and joined by spaces (the page's text is dropped once it is read: the
/// index keeps terms, not pages); and the folds used.
pub(super) struct Analysed {
    doc: Doc,
    in_title: String,
    in_text: String,
    fold: BTreeMap<char, String>,
}

fn analyse(s: Source, stop: &[&str]) -> Analysed {
    let mut fold = BTreeMap::new();
    let mut buffer = String::new();
    let in_title = terms(&s.title, stop, &mut fold, &mut buffer).join(" ");
    let title_terms: Vec<&str> = joined(&in_title).collect();
    let mut in_text = terms(&s.text, stop, &mut fold, &mut buffer);
    // A title has a few words: a scan beats a set.
    in_text.retain(|t| !title_terms.contains(t));
    Analysed {
        doc: s.doc,
        in_text: in_text.join(" "),
        in_title,
        fold,
    }
}

/// The terms `Analysed` joined, in order.
fn joined(terms: &str) -> impl Iterator<Item = &str> {
    terms.split(' ').filter(|t| !t.is_empty())
}

impl Index {
    /// Pages are read and split into terms in parallel, then their postings are merged in id
    /// order, so every list comes out ascending. On a rayon worker (a search file rendered
    /// before anyone built the index) it runs on that thread alone: a worker that waited for
    /// a job of its own here could steal another search file's and build the index again
    /// inside this build.
    pub fn build(views: &Views) -> Index {
        Index::build_unless(views, &|| false).unwrap_or_default()
    }

    /// `build`, given up (`None`) as soon as `stop` says so: `serve` builds it ahead of
    /// being asked, and gives way to the next check.
    pub fn build_unless(views: &Views, stop_now: &(dyn Fn() -> bool + Sync)) -> Option<Index> {
        let min_len = match rayon::current_thread_index() {
            Some(_) => usize::MAX,
            None => 1,
        };
        let stop = stop_words(views);
        let analysed = sources(views, min_len, stop_now, |s| analyse(s, stop))?;
        let mut fold = BTreeMap::new();
        let mut postings: HashMap<String, (Vec<u32>, Vec<u32>), FixedState> = HashMap::default();
        let mut docs = Vec::with_capacity(analysed.len());
        for (id, a) in (0u32..).zip(analysed) {
            let title = joined(&a.in_title).map(|t| (t, true));
            let text = joined(&a.in_text).map(|t| (t, false));
            for (t, in_title) in title.chain(text) {
                let ids = match postings.get_mut(t) {
                    Some(ids) => ids,
                    None => postings.entry(t.to_string()).or_default(),
                };
                if in_title { &mut ids.0 } else { &mut ids.1 }.push(id);
            }
            fold.extend(a.fold);
            docs.push(a.doc);
        }
        let (shards, firsts) = split(postings.into_iter().collect(), layout(views.site).shards);
        Some(Index {
            docs,
            shards,
            firsts,
            fold,
            stop,
        })
    }
}

/// Cuts the sorted terms into `count` ranges of about equal size in bytes.
fn split(
    postings: BTreeMap<String, (Vec<u32>, Vec<u32>)>,
    count: usize,
) -> (Vec<BTreeMap<String, Postings>>, Vec<Option<String>>) {
    let cost = |t: &str, ids: &(Vec<u32>, Vec<u32>)| t.len() + 8 + 3 * (ids.0.len() + ids.1.len());
    let total: usize = postings.iter().map(|(t, ids)| cost(t, ids)).sum();
    let mut shards: Vec<BTreeMap<String, Postings>> = (0..count).map(|_| BTreeMap::new()).collect();
    let mut firsts = vec![None; count];
    let (mut k, mut done) = (0, 0);
    for (term, ids) in postings {
        // Move on once this shard holds its share of everything so far.
        if k + 1 < count && !shards[k].is_empty() && done * count >= total * (k + 1) {
            k += 1;
        }
        done += cost(&term, &ids);
        if firsts[k].is_none() {
            firsts[k] = Some(term.clone());
        }
        shards[k].insert(term, Postings(gaps(ids.0), gaps(ids.1)));
    }
    // Only the first shard may start below its first term: it takes everything below.
    if let Some(first) = firsts.first_mut() {
        *first = Some(String::new());
    }
    (shards, firsts)
}

fn gaps(ids: Vec<u32>) -> Vec<u32> {
    let mut last = 0;
    ids.into_iter()
        .map(|id| {
            let gap = id - last;
            last = id;
            gap
        })
        .collect()
}

/// Latin letters with marks or ligatures, folded to ASCII (`é` -> `e`, `ß` -> `ss`); other
/// scripts are kept as they are, since the search box cannot transliterate them alike.
fn is_latin(c: char) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' | '\u{fb00}'..='\u{fb06}')
}

/// The terms of `text`, each once, in the order they first come: lower-cased, Latin letters
/// folded, split on anything that is not a letter or digit, very short, very long and stop
/// words left out. Records each fold in `fold`; `buffer` holds the folded text the terms
/// point into.
pub fn terms<'b>(
    text: &str,
    stop: &[&str],
    fold: &mut BTreeMap<char, String>,
    buffer: &'b mut String,
) -> Vec<&'b str> {
    buffer.clear();
    let ascii = text.is_ascii();
    fold_into(text, ascii, fold, buffer);
    let buffer: &'b str = buffer;
    // A set, not a sort: a page's words are many and mostly repeats.
    let mut seen: HashSet<&str, FixedState> =
        HashSet::with_capacity_and_hasher(buffer.len() / 32, FixedState::default());
    words(buffer)
        .filter(|w| {
            let n = if ascii { w.len() } else { w.chars().count() };
            (MIN_TERM..=MAX_TERM).contains(&n)
                && (n > LONGEST_STOP_WORD || stop.binary_search(w).is_err())
                && seen.insert(w)
        })
        .collect()
}

/// The runs of `folded` between spaces. A loop over bytes, not `split(' ')`: words are a few
/// bytes long, shorter than a search for the next space pays off on.
fn words(folded: &str) -> impl Iterator<Item = &str> {
    let bytes = folded.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while bytes.get(at) == Some(&b' ') {
            at += 1;
        }
        let start = at;
        while bytes.get(at).is_some_and(|&b| b != b' ') {
            at += 1;
        }
        // Both ends sit next to a space or an end of the text: char boundaries.
        (at > start).then(|| &folded[start..at])
    })
}

/// Writes `text` lower-cased and folded into `buffer`, with a space for anything that is not
/// a letter or digit. Most text is ASCII, which needs neither `to_lowercase` nor a fold, and
/// goes byte by byte (`ascii`: whether `text` is, as the caller found).
fn fold_into(text: &str, ascii: bool, fold: &mut BTreeMap<char, String>, buffer: &mut String) {
    if ascii {
        let mut folded = std::mem::take(buffer).into_bytes();
        folded.extend(text.bytes().map(|b| ASCII_FOLD[usize::from(b)]));
        // ASCII in, ASCII out: this never fails, and checking it is a fast pass.
        *buffer = String::from_utf8(folded).unwrap_or_default();
        return;
    }
    // Lower-cased as a whole, as JavaScript does (a final sigma becomes `ς`).
    for c in text.to_lowercase().chars() {
        if c.is_ascii() || !is_latin(c) {
            buffer.push(if c.is_alphanumeric() { c } else { ' ' });
        } else {
            let to = fold.entry(c).or_insert_with(|| {
                deunicode::deunicode_char(c)
                    .unwrap_or("")
                    .chars()
                    .map(|c| c.to_ascii_lowercase())
                    .filter(char::is_ascii_alphanumeric)
                    .collect()
            });
            buffer.push_str(if to.is_empty() { " " } else { to });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The updates fixture site, loaded, and its URL map: what `Views` borrow.
    fn fixture() -> (crate::load::Loaded, crate::urls::SiteUrls) {
        let root =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/updates/site");
        let loaded = crate::load::load(&root).unwrap();
        let urls = crate::urls::SiteUrls::new(&loaded.site);
        (loaded, urls)
    }

    #[test]
    fn terms_kept_from_update_pages_make_the_index_a_fresh_build_makes() {
        let (loaded, urls) = fixture();
        let files = |views: &Views| -> Vec<Vec<u8>> {
            let parts = layout(views.site);
            let shards = (0..parts.shards).map(Part::Shard);
            let chunks = (0..parts.chunks).map(Part::Docs);
            let all = std::iter::once(Part::Manifest).chain(shards).chain(chunks);
            all.map(|part| file(views, part).unwrap()).collect()
        };
        let fresh = Views::new(&loaded.site, &urls, &loaded.files.i18n);
        let paged = Views::new(&loaded.site, &urls, &loaded.files.i18n);
        let updates = loaded.site.updates.len();
        assert!(updates > 3);
        for i in 0..updates {
            paged.update_view(i);
        }
        assert!(
            paged
                .update_terms
                .iter()
                .all(|t| t.lock().unwrap().is_some())
        );
        assert_eq!(files(&paged), files(&fresh));
        assert!(
            paged
                .update_terms
                .iter()
                .all(|t| t.lock().unwrap().is_none()),
            "the index took what the pages kept"
        );
        // Pages rendered after the index is built keep nothing.
        paged.update_view(0);
        assert!(paged.update_terms[0].lock().unwrap().is_none());
    }

    #[test]
    fn an_index_given_up_is_built_whole_when_next_asked() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (loaded, urls) = fixture();
        let views = Views::new(&loaded.site, &urls, &loaded.files.i18n);
        let site = &loaded.site;
        let pages =
            site.reports.len() + site.engagements.len() + site.updates.len() + site.pages.len();
        assert!(pages > 3);
        let asked = AtomicUsize::new(0);
        let third_page = || asked.fetch_add(1, Ordering::Relaxed) >= 2;
        assert!(views.search_index_unless(&third_page).is_none());
        let whole = Index::build(&views);
        assert_eq!(views.search_index().docs.len(), pages);
        assert_eq!(views.search_index().firsts, whole.firsts);
        // Built now: nothing is asked again.
        let never = || unreachable!();
        assert!(views.search_index_unless(&never).is_some());
    }

    fn words(text: &str) -> (Vec<String>, BTreeMap<char, String>) {
        let (mut fold, mut buffer) = (BTreeMap::new(), String::new());
        let mut terms: Vec<String> = terms(text, STOP_WORDS, &mut fold, &mut buffer)
            .into_iter()
            .map(str::to_string)
            .collect();
        terms.sort();
        (terms, fold)
    }

    #[test]
    fn words_are_the_runs_between_spaces() {
        fn runs(s: &str) -> Vec<&str> {
            super::words(s).collect()
        }
        assert_eq!(runs("  ab c   déf  "), ["ab", "c", "déf"]);
        assert_eq!(runs("ab"), ["ab"]);
        assert!(runs("").is_empty());
        assert!(runs("   ").is_empty());
    }

    #[test]
    fn the_ascii_fold_keeps_letters_lower_cased_and_digits_and_blanks_the_rest() {
        for b in 0..128u8 {
            let want = match b.is_ascii_alphanumeric() {
                true => b.to_ascii_lowercase(),
                false => b' ',
            };
            assert_eq!(ASCII_FOLD[usize::from(b)], want, "byte {b}");
        }
    }

    #[test]
    fn terms_are_lower_cased_folded_and_split_on_anything_but_letters_and_digits() {
        let (terms, fold) = words("The Café's SBOM-tooling, 2024 Straße a Ω Москва x86_64 sbom");
        assert_eq!(
            terms,
            [
                "2024",
                "64",
                "cafe",
                "sbom",
                "strasse",
                "tooling",
                "x86",
                "москва"
            ]
        );
        assert_eq!(fold.get(&'é').map(String::as_str), Some("e"));
        assert_eq!(fold.get(&'ß').map(String::as_str), Some("ss"));
        assert!(
            !fold.contains_key(&'м'),
            "other scripts are kept, not folded"
        );
    }

    #[test]
    fn shards_are_balanced_ranges_of_sorted_terms_and_empty_ones_have_no_first_term() {
        let postings: BTreeMap<String, (Vec<u32>, Vec<u32>)> = ["aa", "ab", "ba", "bb"]
            .into_iter()
            .map(|t| (t.to_string(), (vec![], vec![0, 1])))
            .collect();
        let (shards, firsts) = split(postings.clone(), 2);
        assert_eq!(firsts, [Some(String::new()), Some("ba".to_string())]);
        assert_eq!(shards[0].keys().collect::<Vec<_>>(), ["aa", "ab"]);
        let (shards, firsts) = split(postings, 6);
        assert_eq!(shards.iter().filter(|s| !s.is_empty()).count(), 4);
        assert_eq!(firsts[4..], [None, None]);
    }

    #[test]
    fn stop_words_are_sorted_for_the_binary_search_and_short() {
        assert!(STOP_WORDS.windows(2).all(|w| w[0] < w[1]));
        assert!(STOP_WORDS.iter().all(|w| w.len() <= LONGEST_STOP_WORD));
    }

    #[test]
    fn ids_are_stored_as_gaps() {
        assert_eq!(gaps(vec![3, 4, 8]), [3, 1, 4]);
    }
}
