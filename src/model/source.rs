//! Where a piece of content came from: a path relative to the site root, for errors,
//! `data/site.json` and "edit this page" links.

use serde::Serialize;
use std::fmt;

/// A site-relative path with `/` separators, e.g. `content/reports/2024/2024-09.md`.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct SourcePath(String);

impl SourcePath {
    pub fn new(path: impl Into<String>) -> Self {
        SourcePath(path.into().replace('\\', "/"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The folder part, without a trailing slash (`content/engagements/2024/FreeBSD`).
    pub fn parent(&self) -> &str {
        self.0.rsplit_once('/').map_or("", |(dir, _)| dir)
    }

    pub fn file_name(&self) -> &str {
        self.0.rsplit_once('/').map_or(&self.0, |(_, name)| name)
    }
}

impl fmt::Display for SourcePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
