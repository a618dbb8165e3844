//! What sits in an engagement folder besides its profile: dated grantee updates, undated
//! pages, and files (images, PDFs) that those link to.

use super::{Markdown, Period, Slug, SourcePath};
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
    pub authors: Vec<String>,
    pub body: Markdown,
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
