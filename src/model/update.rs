//! What sits in an engagement folder besides its profile: dated grantee updates, undated
//! pages, and files (images, PDFs) that those link to.

use super::{Markdown, Period, Slug, SourcePath, YearMonth};
use serde::Serialize;

/// Where an update's period came from; `None` keeps the reason it could not be told.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "from", content = "reason")]
pub enum PeriodOrigin {
    FrontMatter,
    FileName,
    /// The file name gives the month (`update-sept.md`), the year folder the year.
    FileNameAndFolder,
    Heading,
    None(String),
}

#[derive(Clone, Debug, Serialize)]
pub struct Update {
    pub source: SourcePath,
    pub grantee: Slug,
    /// The year folder it sits in (a 2024 folder can hold a 2025 update).
    pub folder_year: i32,
    /// Unique within its engagement folder; from the file name.
    pub slug: Slug,
    pub period: Option<Period>,
    pub period_origin: PeriodOrigin,
    pub title: Option<String>,
    /// The title says nothing but a period (`2026-07`, `Update July 2026`), so pages head the
    /// update by its grantee and period instead, and show this title beneath.
    pub title_is_period: bool,
    pub authors: Vec<String>,
    pub body: Markdown,
}

impl Update {
    /// The first month it covers: where listings file it (undated: `None`).
    pub fn month(&self) -> Option<YearMonth> {
        self.period.map(|p| p.first_month())
    }

    /// The year listings file it under: its first month's, or its folder's when undated.
    pub fn listing_year(&self) -> i32 {
        self.month().map_or(self.folder_year, YearMonth::year)
    }

    /// Every month it covers (a range or a quarter covers each of its months). A period is at
    /// most a year, which also bounds the walk where `next` saturates.
    pub fn months(&self) -> impl Iterator<Item = YearMonth> {
        let bounds = self.period.map(|p| (p.first_month(), p.last_month()));
        let mut next = bounds.map(|(first, _)| first);
        std::iter::from_fn(move || {
            let (_, last) = bounds?;
            let month = next.filter(|m| *m <= last)?;
            next = Some(month.next());
            Some(month)
        })
        .take(12)
    }
}

/// An undated text file in an engagement folder, such as a role description.
#[derive(Clone, Debug, Serialize)]
pub struct EngagementPage {
    pub source: SourcePath,
    pub grantee: Slug,
    pub folder_year: i32,
    pub slug: Slug,
    pub title: String,
    pub body: Markdown,
}

/// A file copied to the output unchanged.
#[derive(Clone, Debug, Serialize)]
pub struct Asset {
    pub source: SourcePath,
    /// Output path relative to the output root, `/`-separated, made of slugs.
    pub output: String,
}
