//! Markdown text as it came from a file, with the line it starts on so that problems found
//! inside it (dead links) point at the right line of the source.

use serde::Serialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Markdown {
    pub text: String,
    #[serde(skip)]
    pub line: usize,
}

impl Markdown {
    pub fn new(text: impl Into<String>, line: usize) -> Self {
        Markdown {
            text: text.into(),
            line,
        }
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

impl<'de> serde::Deserialize<'de> for Markdown {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(|text| Markdown::new(text, 0))
    }
}
