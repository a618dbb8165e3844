//! The grant program itself: name, purpose, where the site lives, who runs it.

use super::{Markdown, Spans, WebUrl};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize)]
pub struct Program {
    pub name: String,
    pub tagline: String,
    pub purpose: Option<Markdown>,
    /// Always ends with `/`; may carry a sub-path (`https://example.org/reports/`).
    pub base_url: String,
    /// The language tag as written (`de`, `de-CH`): `<html lang>`, and which translation table
    /// labels the theme (`crate::i18n`).
    pub language: String,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub team: Vec<Member>,
    /// A build setting, not something to show.
    #[serde(skip)]
    pub grantee_links: GranteeLinks,
    /// What engagement folders may publish (`assets:` in program.yaml).
    pub assets: AssetRules,
    /// Where each value of program.yaml is written.
    #[serde(skip)]
    pub spans: Spans,
    /// The Atom feed (`feed:` in program.yaml).
    #[serde(skip)]
    pub feed: FeedSettings,
}

/// How much the Atom feed carries: readers fetch it often, so a long program's feed keeps only
/// the latest entries, reports and updates together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeedSettings {
    /// At least 1.
    pub entries: usize,
}

impl FeedSettings {
    pub const DEFAULT_ENTRIES: usize = 50;
}

impl Default for FeedSettings {
    fn default() -> Self {
        FeedSettings {
            entries: Self::DEFAULT_ENTRIES,
        }
    }
}

/// The site owner's widening of what grantees' engagement folders may publish. Grantees write
/// those folders, so the default is the narrowest: only the built-in inert types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AssetRules {
    /// Extensions published on top of the built-in list: lowercase, without the dot.
    pub extra_types: Vec<String>,
    /// The largest file copied, in MB of 1,048,576 bytes.
    pub max_mb: u64,
}

impl AssetRules {
    pub const DEFAULT_MAX_MB: u64 = 20;
}

impl Default for AssetRules {
    fn default() -> Self {
        AssetRules {
            extra_types: Vec::new(),
            max_mb: Self::DEFAULT_MAX_MB,
        }
    }
}

/// What a broken link in a grantee's file (anything under `content/engagements/`) is. A
/// warning by default: one grantee's typo must not stop the whole program's site, and the
/// grantee still sees it on the pull request. Links in staff-written files are always errors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GranteeLinks {
    #[default]
    Warning,
    Error,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The address readers write to.
    pub email: Option<String>,
    /// Markdown: other ways to reach the team.
    pub text: Option<Markdown>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub label: String,
    pub url: WebUrl,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default)]
    pub affiliation: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
}
