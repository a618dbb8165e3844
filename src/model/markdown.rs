//! Markdown text as it came from a file, with the line it starts on so that problems found
//! inside it (dead links) point at the right line of the source, and its outline: what load
//! and validate need of its structure, read once.

use serde::Serialize;
use std::ops::Range;
use std::sync::OnceLock;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Markdown {
    pub text: String,
    #[serde(skip)]
    pub line: usize,
    #[serde(skip)]
    outline: OnceLock<Outline>,
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
    pub fn new(text: impl Into<String>, line: usize) -> Self {
        Markdown {
            text: text.into(),
            line,
            outline: OnceLock::new(),
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

impl<'de> serde::Deserialize<'de> for Markdown {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| Markdown::new(text, 0))
    }
}
