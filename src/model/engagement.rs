//! Grantees (organisations that receive grants) and engagements (one grantee's grant in one
//! year, a folder `content/engagements/<year>/<org>/`).

use super::{Date, Markdown, Slug, SourcePath, Spans, WebUrl};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize)]
pub struct Grantee {
    pub slug: Slug,
    pub name: String,
    /// Other names the grantee goes by (folder names in other years, abbreviations).
    pub aliases: Vec<String>,
    pub homepage: Option<WebUrl>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EngagementStatus {
    Active,
    Completed,
    Paused,
    Planned,
}

impl EngagementStatus {
    /// As written in front matter (`status: active`); also the key of its label.
    pub fn key(self) -> &'static str {
        match self {
            EngagementStatus::Active => "active",
            EngagementStatus::Completed => "completed",
            EngagementStatus::Paused => "paused",
            EngagementStatus::Planned => "planned",
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Money {
    pub amount: u64,
    pub currency: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct Engagement {
    pub year: i32,
    pub grantee: Slug,
    /// The profile file, or the folder when the engagement has no profile.
    pub source: SourcePath,
    /// Where each front-matter value of the profile is written.
    #[serde(skip)]
    pub spans: Spans,
    /// The engagement folder, e.g. `content/engagements/2024/FreeBSD`.
    pub folder: String,
    pub name: Option<String>,
    pub ecosystems: Vec<String>,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub status: Option<EngagementStatus>,
    pub homepage: Option<WebUrl>,
    pub funding: Option<Money>,
    pub body: Markdown,
}
