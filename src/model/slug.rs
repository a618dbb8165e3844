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

    /// `from_name(name)`'s `loose_key`, in one pass for the ASCII names of nearly every site:
    /// reports name each grantee in every report, and the name is looked up each time.
    pub fn loose_key_of(name: &str) -> Option<String> {
        if !name.is_ascii() {
            return Slug::from_name(name).map(|s| s.loose_key());
        }
        let mut key = String::with_capacity(name.len());
        // The slug's length: its letters and digits, and a `-` between each run of them.
        let (mut slug_len, mut after_word) = (0, false);
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                if after_word && !key.is_empty() {
                    slug_len += 1;
                }
                after_word = false;
                slug_len += 1;
                key.push(c.to_ascii_lowercase());
            } else {
                after_word = true;
            }
        }
        match slug_len {
            0 => None,
            // Shortened slugs end in a hash of the whole.
            n if n > MAX_SLUG => Slug::from_name(name).map(|s| s.loose_key()),
            _ => Some(key),
        }
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
    fn the_loose_key_of_a_name_is_its_slugs() {
        let long =
            "An Organisation With A Name Far Longer Than Any Slug May Be, Which Is Eighty Bytes";
        for name in [
            "Ruby Central",
            "RubyCentral",
            "ruby-central",
            "  --Python Software Foundation (PSF)!! ",
            "node.js",
            "C++",
            "***",
            "",
            "Zürich Ωmega",
            "北京",
            long,
            &long[..79],
            &long[..81],
            &"a".repeat(80),
            &"a".repeat(81),
            // Slugs of 80 and 81 bytes, counting the `-` for the space.
            &format!("{} {}", "a".repeat(40), "b".repeat(39)),
            &format!("{} ,{}", "a".repeat(40), "b".repeat(40)),
        ] {
            let slow = Slug::from_name(name).map(|s| s.loose_key());
            assert_eq!(Slug::loose_key_of(name), slow, "{name:?}");
        }
    }

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
