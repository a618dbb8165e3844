//! URL slugs. A slug is made of `a-z`, `0-9` and single `-`, so a slug can never name a path
//! outside its folder, whatever the folder or file name it came from.

use serde::Serialize;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    /// Slugifies any name: `Erlang Ecosystem Foundation, Inc. (EEF)` ->
    /// `erlang-ecosystem-foundation-inc-eef`, `node.js` -> `node-js`. Non-Latin letters are
    /// transliterated. `None` when nothing usable is left (`"..."`).
    pub fn from_name(name: &str) -> Option<Slug> {
        let ascii = deunicode::deunicode(name);
        let mut slug = String::with_capacity(ascii.len());
        for c in ascii.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        }
        while slug.ends_with('-') {
            slug.pop();
        }
        (!slug.is_empty()).then(|| Slug(shorten(slug)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key under which names that differ only in case, spaces or punctuation are one
    /// grantee: `RubyCentral`, `Ruby Central` and `ruby-central` all give `rubycentral`.
    pub fn loose_key(&self) -> String {
        self.0.replace('-', "")
    }
}

/// The longest slug, in bytes. File systems refuse names over 255 bytes, and transliterated
/// scripts grow (an 80-character Chinese name becomes some 300 bytes); a URL that long helps
/// no reader either.
pub const MAX_SLUG: usize = 80;

/// A slug over [`MAX_SLUG`] is cut at a word boundary and ends in a hash of the whole, so two
/// long names that share their beginning still get two slugs, the same ones every build.
fn shorten(slug: String) -> String {
    if slug.len() <= MAX_SLUG {
        return slug;
    }
    // FNV-1a: tiny, and stable across Rust versions and platforms, unlike std's hasher.
    let hash = slug.bytes().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    });
    let room = MAX_SLUG - 9;
    let cut = &slug[..room];
    let cut = match cut.rfind('-') {
        Some(at) if at > room / 2 => &cut[..at],
        _ => cut.trim_end_matches('-'),
    };
    format!("{cut}-{hash:08x}")
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugifies_real_folder_names() {
        let cases = [
            (
                "Erlang Ecosystem Foundation, Inc. (EEF)",
                "erlang-ecosystem-foundation-inc-eef",
            ),
            ("node.js", "node-js"),
            ("Python Software Foundation", "python-software-foundation"),
            ("  RubyCentral  ", "rubycentral"),
            ("ISRG / Prossimo", "isrg-prossimo"),
            ("Café Öl", "cafe-ol"),
            ("../../etc/passwd", "etc-passwd"),
            ("a\\b\0c", "a-b-c"),
        ];
        for (name, want) in cases {
            assert_eq!(Slug::from_name(name).unwrap().as_str(), want, "{name}");
        }
    }

    #[test]
    fn long_names_are_cut_with_a_stable_hash() {
        // 80 CJK characters transliterate to about 300 bytes.
        let name = "漢字".repeat(40);
        let slug = Slug::from_name(&name).unwrap();
        assert!(slug.as_str().len() <= MAX_SLUG, "{slug}");
        assert_eq!(slug, Slug::from_name(&name).unwrap(), "the same every time");
        let other = Slug::from_name(&format!("{name} b")).unwrap();
        assert_ne!(slug, other, "names that share a long beginning stay apart");
        let words = "word ".repeat(40);
        let slug = Slug::from_name(&words).unwrap();
        assert!(slug.as_str().len() <= MAX_SLUG);
        assert!(
            slug.as_str().rsplit_once('-').unwrap().0.ends_with("word"),
            "cut at a word boundary: {slug}"
        );
        let short = "a".repeat(MAX_SLUG);
        assert_eq!(Slug::from_name(&short).unwrap().as_str(), short);
    }

    #[test]
    fn rejects_names_with_nothing_usable() {
        assert_eq!(Slug::from_name("..."), None);
        assert_eq!(Slug::from_name(""), None);
    }
}
