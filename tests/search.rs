//! The split search index (`data/search/`): every page can be found by the words of its title
//! through the one shard the manifest points to, two builds write the same index, and on a
//! program of 2,000 updates no file a one-word query downloads is large.

mod common;

use common::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;

/// The largest file a query may download on the 2,000-update program.
const MAX_FILE: usize = 200 * 1024;

struct Index {
    manifest: Value,
    /// Shard number -> term -> posting.
    shards: Vec<BTreeMap<String, Value>>,
    /// Every page, by id: (kind, title, path).
    docs: Vec<Value>,
    /// File name -> size in bytes.
    sizes: BTreeMap<String, usize>,
}

fn json(path: &Path) -> Value {
    serde_json::from_str(&read(path)).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load(out: &Path) -> Index {
    let dir = out.join("data/search");
    let manifest = json(&dir.join("index.json"));
    let shard_count = manifest["shards"].as_array().unwrap().len();
    let shards = (0..shard_count)
        .map(|k| {
            let shard = json(&dir.join(format!("terms-{k}.json")));
            shard.as_object().unwrap().clone().into_iter().collect()
        })
        .collect();
    let chunk = manifest["chunk"].as_u64().unwrap() as usize;
    let doc_count = manifest["docs"].as_u64().unwrap() as usize;
    let mut docs = Vec::new();
    for k in 0..doc_count.div_ceil(chunk) {
        docs.extend(
            json(&dir.join(format!("docs-{k}.json")))
                .as_array()
                .unwrap()
                .iter()
                .cloned(),
        );
    }
    assert_eq!(docs.len(), doc_count, "the chunks hold every page");
    let sizes = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let size = e.metadata().unwrap().len() as usize;
            (e.file_name().to_string_lossy().into_owned(), size)
        })
        .collect();
    Index {
        manifest,
        shards,
        docs,
        sizes,
    }
}

impl Index {
    /// The terms of `text` as the search box makes them (ASCII-only text, as in these sites).
    fn terms(&self, text: &str) -> Vec<String> {
        let stop: Vec<&str> = self.manifest["stop"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w.as_str().unwrap())
            .collect();
        let min = self.manifest["min"].as_u64().unwrap() as usize;
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| w.len() >= min && !stop.contains(w))
            .map(str::to_string)
            .collect()
    }

    /// The one shard a term may be in: the last whose first term is not above it.
    fn shard_of(&self, term: &str) -> usize {
        let firsts = self.manifest["shards"].as_array().unwrap();
        let mut k = 0;
        for (i, first) in firsts.iter().enumerate() {
            if first.as_str().is_some_and(|f| f <= term) {
                k = i;
            }
        }
        k
    }

    /// The pages holding `term`, title matches first.
    fn lookup(&self, term: &str) -> Vec<u64> {
        let Some(posting) = self.shards[self.shard_of(term)].get(term) else {
            return Vec::new();
        };
        let mut ids = Vec::new();
        for list in posting.as_array().unwrap() {
            let mut id = 0;
            for gap in list.as_array().unwrap() {
                id += gap.as_u64().unwrap();
                ids.push(id);
            }
        }
        ids
    }

    /// The files a one-word query downloads: the manifest, the term's shard and the next (for
    /// the prefix being typed), and the chunks of its first 10 results.
    fn downloads(&self, term: &str) -> Vec<String> {
        let k = self.shard_of(term);
        let mut files = vec![
            "index.json".to_string(),
            format!("terms-{k}.json"),
            format!("terms-{}.json", (k + 1).min(self.shards.len() - 1)),
        ];
        let chunk = self.manifest["chunk"].as_u64().unwrap();
        for id in self.lookup(term).into_iter().take(10) {
            files.push(format!("docs-{}.json", id / chunk));
        }
        files.sort();
        files.dedup();
        files
    }
}

/// Every page's title words lead to that page, through the shard the manifest names.
fn assert_every_page_is_found_by_its_title(index: &Index) {
    let mut missing = Vec::new();
    for (id, doc) in index.docs.iter().enumerate() {
        let title = doc[1].as_str().unwrap();
        let terms = index.terms(title);
        assert!(!terms.is_empty(), "{title}: no searchable word");
        for term in terms {
            if !index.lookup(&term).contains(&(id as u64)) {
                missing.push(format!("{title}: `{term}`"));
            }
        }
    }
    assert!(missing.is_empty(), "not found by a title word: {missing:?}");
}

#[test]
fn every_page_of_the_sample_site_is_found_by_the_words_of_its_title() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("public");
    build(&repo(), &out, &[]);
    let index = load(&out);
    assert_eq!(
        index.docs.len(),
        26,
        "every report, engagement, update and page"
    );
    assert_every_page_is_found_by_its_title(&index);
    let freebsd = index.lookup("freebsd");
    assert!(
        freebsd
            .iter()
            .any(|&id| index.docs[id as usize][2] == "engagements/2024/freebsd/"),
        "freebsd finds the FreeBSD engagement"
    );
    assert!(index.lookup("the").is_empty(), "stop words are not indexed");
}

/// A program of `engagements` grantees with ten monthly updates each, in words drawn from a
/// vocabulary of a few thousand with a long tail, as real prose has.
fn generated_program(root: &Path, engagements: usize) {
    let init = grantsite(&["init", root.to_str().unwrap()]);
    assert!(init.status.success(), "{init:?}");
    let mut seed: u64 = 20_251_201;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as f64 / (1u64 << 31) as f64
    };
    let syllables = [
        "ka", "lo", "mi", "ren", "sa", "tor", "vi", "zu", "pe", "dan",
    ];
    let vocabulary: Vec<String> = (0..3000usize)
        .map(|i| {
            let mut w = String::new();
            let mut n = i + 10;
            while n > 0 {
                w.push_str(syllables[n % 10]);
                n /= 10;
            }
            w
        })
        .collect();
    let mut prose = |words: usize| {
        let mut text = String::new();
        for i in 0..words {
            // Squaring skews the draw toward the first words: a few are everywhere.
            let r = next();
            text.push_str(&vocabulary[(r * r * vocabulary.len() as f64) as usize]);
            text.push(if i % 12 == 11 { '\n' } else { ' ' });
        }
        text
    };
    for e in 0..engagements {
        let folder = root.join(format!("content/engagements/2024/Org {e:03}"));
        std::fs::create_dir_all(&folder).unwrap();
        let readme = format!(
            "---\nname: Org {e:03} audit\nstatus: active\n---\n\n{}\n",
            prose(80)
        );
        std::fs::write(folder.join("README.md"), readme).unwrap();
        for month in 1..=10 {
            let update = format!("# Org {e:03} update {month}\n\n{}\n", prose(250));
            std::fs::write(folder.join(format!("update-2024-{month:02}.md")), update).unwrap();
        }
    }
}

#[test]
fn on_a_program_of_2000_updates_one_word_queries_download_small_files_of_a_deterministic_index() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    generated_program(&root, 200);
    let (first, second) = (dir.path().join("one"), dir.path().join("two"));
    build(&root, &first, &[]);
    build(&root, &second, &[]);
    assert!(
        tree(&first.join("data/search")) == tree(&second.join("data/search")),
        "two builds of one site write the same index"
    );

    let index = load(&first);
    assert!(index.docs.len() > 2000, "{} pages", index.docs.len());
    assert!(index.shards.len() > 1, "the index is split");
    assert_every_page_is_found_by_its_title(&index);

    let terms: Vec<&String> = index.shards.iter().flat_map(|s| s.keys()).collect();
    let mut largest = (0, String::new());
    for term in &terms {
        for file in index.downloads(term) {
            let size = index.sizes[&file];
            if size > largest.0 {
                largest = (size, format!("{file} (for `{term}`)"));
            }
        }
    }
    assert!(
        largest.0 <= MAX_FILE,
        "a one-word query downloads {} bytes: {}",
        largest.0,
        largest.1
    );
    let total: usize = index.sizes.values().sum();
    eprintln!(
        "{} files, {total} bytes in all; the largest a query downloads: {} bytes, {}",
        index.sizes.len(),
        largest.0,
        largest.1
    );
}
