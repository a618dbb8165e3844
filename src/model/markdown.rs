//! Markdown text as it came from a file, with the line it starts on so that problems found
//! inside it (dead links) point at the right line of the source, and its outline: what load
//! and validate need of its structure, read once. The text and the outline are shared, not
//! copied, by clones: `serve` keeps the model of every file it did not see change.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Markdown {
    pub text: Arc<str>,
    pub line: usize,
    outline: Arc<OnceLock<Outline>>,
}

/// A document's structure as the site renders it: its first heading (an update's title), the
/// ids its headings get (what `#anchor` links may name) and every link and image.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    pub first_heading: Option<String>,
    pub heading_ids: Vec<String>,
    pub links: Vec<LinkRef>,
}

/// A link or image found in Markdown, with its byte range in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    pub dest: String,
    pub range: Range<usize>,
}

impl Markdown {
    pub fn new(text: impl Into<Arc<str>>, line: usize) -> Self {
        Markdown {
            text: text.into(),
            line,
            outline: Arc::default(),
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Read on first use; load asks for it while files are parsed in parallel, so that the
    /// one parse happens there.
    pub fn outline(&self) -> &Outline {
        self.outline
            .get_or_init(|| crate::markdown::outline(&self.text))
    }
}

impl serde::Serialize for Markdown {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> serde::Deserialize<'de> for Markdown {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| Markdown::new(text, 0))
    }
}
