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
        (!slug.is_empty()).then_some(Slug(slug))
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
    fn rejects_names_with_nothing_usable() {
        assert_eq!(Slug::from_name("..."), None);
        assert_eq!(Slug::from_name(""), None);
    }
}
