//! A monthly, quarterly or annual report: its structured parts (key-result statuses,
//! engagement lists, highlights, upcoming events, funding) and its Markdown body.

use super::{Date, EventDate, KeyResultId, Markdown, Period, SourcePath, Spans, Status};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportKind {
    Monthly,
    Quarterly,
    Annual,
}

impl ReportKind {
    /// As written in front matter (`kind: monthly`); also a CSS class and the key of its label.
    pub fn key(self) -> &'static str {
        match self {
            ReportKind::Monthly => "monthly",
            ReportKind::Quarterly => "quarterly",
            ReportKind::Annual => "annual",
        }
    }

    /// Whether a period has the right shape for this kind of report.
    pub fn fits(self, period: &Period) -> bool {
        match self {
            ReportKind::Monthly => matches!(period, Period::Month(_) | Period::Range(..)),
            ReportKind::Quarterly => matches!(period, Period::Quarter { .. }),
            ReportKind::Annual => matches!(period, Period::Year(_)),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub source: SourcePath,
    /// Where each front-matter value is written.
    #[serde(skip)]
    pub spans: Spans,
    pub title: String,
    pub kind: ReportKind,
    pub period: Period,
    pub published: Option<Date>,
    pub summary: Option<String>,
    pub draft: bool,
    /// In key-result order.
    pub okrs: Vec<KeyResultStatus>,
    pub engagements: EngagementLists,
    pub highlights: Vec<Highlight>,
    pub upcoming: Vec<Upcoming>,
    pub funding: Option<Funding>,
    pub body: Markdown,
}

impl Report {
    pub fn status_of(&self, id: KeyResultId) -> Option<&KeyResultStatus> {
        self.okrs.iter().find(|s| s.id == id)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct KeyResultStatus {
    pub id: KeyResultId,
    pub status: Status,
    pub note: Option<Markdown>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EngagementLists {
    pub new: Vec<EngagementEntry>,
    pub renewed: Vec<EngagementEntry>,
    pub existing: Vec<EngagementEntry>,
}

impl EngagementLists {
    /// Every entry with the name of its list, in display order.
    pub fn all(&self) -> impl Iterator<Item = (&'static str, &EngagementEntry)> {
        self.new
            .iter()
            .map(|e| ("new", e))
            .chain(self.renewed.iter().map(|e| ("renewed", e)))
            .chain(self.existing.iter().map(|e| ("existing", e)))
    }
}

/// A grantee named in a report's engagement lists.
#[derive(Clone, Debug, Serialize)]
pub struct EngagementEntry {
    /// As written in the report, resolved against grantees and aliases at validation.
    pub grantee: String,
    pub title: Option<String>,
    pub note: Option<Markdown>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Highlight {
    pub grantee: String,
    pub title: Option<String>,
    pub text: Markdown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    Report,
    Meeting,
    Roundtable,
    #[default]
    Event,
}

#[derive(Clone, Debug, Serialize)]
pub struct Upcoming {
    pub date: EventDate,
    pub kind: EventKind,
    pub text: Markdown,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Funding {
    /// Received so far, in whole units of `currency`.
    pub received: Option<u64>,
    /// Spent so far, in whole units of `currency`.
    pub spent: Option<u64>,
    /// ISO 4217 code, e.g. USD.
    pub currency: String,
    /// What the figures cover ("so far in 2024").
    #[serde(default)]
    pub note: Option<String>,
}
