//! The grant program itself: name, purpose, where the site lives, who runs it.

use super::{Markdown, WebUrl};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, Serialize)]
pub struct Program {
    pub name: String,
    pub tagline: String,
    pub purpose: Option<Markdown>,
    /// Always ends with `/`; may carry a sub-path (`https://example.org/reports/`).
    pub base_url: String,
    pub language: String,
    pub contact: Option<Contact>,
    pub links: Vec<Link>,
    pub team: Vec<Member>,
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
