//! What templates see: small serializable views of the model, with URLs made absolute, labels
//! spelled for people and Markdown already turned into sanitized HTML. This is the theme's
//! stable contract (documented in docs/templates.md); the model may change behind it.
//!
//! Every page gets `site` (a [`SiteView`]) and `t` (the labels of the site's language, key ->
//! text), both set once as Tera's global context, and `page` (a [`PageMeta`]), plus the
//! variables listed on each template's context struct below.

use serde::Serialize;

/// `site`: the program, on every page.
#[derive(Serialize)]
pub struct SiteView<'a> {
    pub name: &'a str,
    pub tagline: &'a str,
    pub purpose_html: Option<String>,
    /// Ends with `/`.
    pub base_url: &'a str,
    pub language: &'a str,
    pub contact_email: Option<&'a str>,
    pub contact_html: Option<String>,
    pub links: &'a [crate::model::Link],
    pub team: &'a [crate::model::Member],
    pub nav: Vec<LinkView>,
    pub stylesheet_url: String,
    pub script_url: String,
    pub feed_url: String,
    pub data_url: String,
    pub search_index_url: String,
    /// `calendar.ics`: every report's upcoming events.
    pub calendar_url: String,
    /// `data/key-results.csv`, `data/updates.csv`.
    pub key_results_csv_url: String,
    pub updates_csv_url: String,
    pub generator: &'static str,
    /// The search script's messages and result kinds where the site's language words them
    /// otherwise than the script's English: `data-<name>` attributes of the search box.
    pub search_labels: Vec<SearchLabel>,
}

#[derive(Serialize)]
pub struct SearchLabel {
    /// `text-none`, `kind-report`...
    pub name: &'static str,
    pub text: String,
}

/// `page`: what the layout needs to know about the page being rendered.
#[derive(Serialize)]
pub struct PageMeta {
    pub title: String,
    /// Plain text for `<meta name="description">`.
    pub description: String,
    /// Absolute.
    pub url: String,
    /// Which `site.nav` entry is current: "home", "reports", "okrs", "engagements", "updates".
    pub section: &'static str,
}

#[derive(Serialize, Clone)]
pub struct LinkView {
    pub label: String,
    pub url: String,
    /// Matches `page.section`.
    pub key: &'static str,
}

#[derive(Serialize, Clone)]
pub struct StatusView {
    /// `on-target`...: a CSS class.
    pub slug: &'static str,
    /// `On target`...: the badge text.
    pub label: String,
}

/// A report in lists (home, archive, feed).
#[derive(Serialize, Clone)]
pub struct ReportCard {
    pub title: String,
    pub url: String,
    pub kind: &'static str,
    pub kind_label: String,
    pub period: String,
    pub period_label: String,
    pub published: Option<String>,
    pub published_label: Option<String>,
    pub summary: Option<String>,
    pub draft: bool,
}

/// `report.html`: `report`.
#[derive(Serialize)]
pub struct ReportView {
    #[serde(flatten)]
    pub card: ReportCard,
    pub source: String,
    pub body_html: String,
    pub okr_year: i32,
    pub okrs_url: Option<String>,
    pub objectives: Vec<ObjectiveStatusView>,
    pub engagement_lists: Vec<EngagementListView>,
    pub highlights: Vec<HighlightView>,
    pub upcoming: Vec<UpcomingView>,
    pub funding: Option<FundingView>,
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
}

#[derive(Serialize)]
pub struct ObjectiveStatusView {
    pub id: String,
    pub text: String,
    pub key_results: Vec<KeyResultStatusView>,
}

#[derive(Serialize)]
pub struct KeyResultStatusView {
    /// `KR1.1`: also the row's anchor.
    pub id: String,
    /// `KR 1.1`.
    pub label: String,
    pub text: String,
    /// `None` when the report gives no status for this key result.
    pub status: Option<StatusView>,
    pub note_html: Option<String>,
    /// The status in the previous report of the same year, when it differs.
    pub changed_from: Option<StatusView>,
}

#[derive(Serialize)]
pub struct EngagementListView {
    /// `new`, `renewed`, `existing`.
    pub key: &'static str,
    /// `New engagements`...
    pub label: String,
    pub entries: Vec<EngagementEntryView>,
}

#[derive(Serialize)]
pub struct EngagementEntryView {
    pub name: String,
    /// The engagement page of the report's year, else the grantee page.
    pub url: Option<String>,
    pub grantee_name: String,
    pub grantee_url: Option<String>,
    pub note_html: Option<String>,
}

#[derive(Serialize)]
pub struct HighlightView {
    pub title: String,
    pub grantee_name: String,
    pub grantee_url: Option<String>,
    pub html: String,
}

#[derive(Serialize)]
pub struct UpcomingView {
    /// `2024-11-11` or `2024-12`, for `<time datetime>`.
    pub date: String,
    pub date_label: String,
    /// `report`, `meeting`, `roundtable`, `event`.
    pub kind: &'static str,
    pub html: String,
}

#[derive(Serialize)]
pub struct FundingView {
    pub currency: String,
    /// `$5,000,000` or `5,000,000 EUR`.
    pub received_label: Option<String>,
    pub spent_label: Option<String>,
    pub note: Option<String>,
}

/// `okrs.html`: `okrs`, with `year`, `reports` (the matrix columns), `objectives` (its rows)
/// and how many key results stand in each status in each report.
#[derive(Serialize)]
pub struct OkrMatrixView {
    pub year: i32,
    pub reports: Vec<ReportCard>,
    pub objectives: Vec<ObjectiveMatrixView>,
    /// The statuses that occur in the year's reports, in a fixed order; `none` (no status)
    /// last where a report leaves a key result out.
    pub status_columns: Vec<StatusView>,
    /// One row per report: the count of key results in each of `status_columns`.
    pub status_counts: Vec<StatusCountRow>,
    /// The same counts as a bar per report.
    pub chart: BarChartView,
    /// The reports of the year's page.
    pub reports_url: Option<String>,
}

#[derive(Serialize)]
pub struct StatusCountRow {
    pub report: ReportCard,
    pub counts: Vec<usize>,
}

/// An inline SVG bar chart: a bar per row, its segments sized by count. `label` is its text
/// alternative (`aria-label`); pages show the same numbers in a table.
#[derive(Serialize)]
pub struct BarChartView {
    pub label: String,
    pub width: u32,
    pub height: u32,
    pub bar_height: u32,
    pub rows: Vec<BarRow>,
}

#[derive(Serialize)]
pub struct BarRow {
    pub y: u32,
    pub text_y: u32,
    pub text: String,
    pub segments: Vec<BarSegment>,
}

#[derive(Serialize)]
pub struct BarSegment {
    pub x: u32,
    pub width: u32,
    /// A status slug (CSS class `fill-<slug>`), or `none`.
    pub slug: &'static str,
    pub count: usize,
}

/// An inline SVG strip: a cell per report, coloured by status, with the period under it.
/// `label` is its text alternative (`aria-label`).
#[derive(Serialize)]
pub struct StripView {
    pub label: String,
    pub width: u32,
    pub height: u32,
    pub cell_height: u32,
    pub text_y: u32,
    pub cells: Vec<StripCell>,
}

#[derive(Serialize)]
pub struct StripCell {
    pub x: u32,
    pub width: u32,
    pub text_x: u32,
    /// A status slug (CSS class `fill-<slug>`), or `none`.
    pub slug: &'static str,
    pub text: String,
}

/// `key_result.html`: `kr`, one key result across the reports of its year.
#[derive(Serialize)]
pub struct KeyResultView {
    pub id: String,
    pub label: String,
    pub text: String,
    pub due_label: Option<String>,
    pub year: i32,
    pub objective_id: String,
    pub objective_text: String,
    pub okrs_url: String,
    /// Oldest first.
    pub reports: Vec<KeyResultReportView>,
    pub strip: StripView,
    /// The key results before and after it in the year's list.
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
}

#[derive(Serialize)]
pub struct KeyResultReportView {
    pub report: ReportCard,
    /// The key result's row in the report.
    pub url: String,
    /// `None` when the report gives no status for it.
    pub status: Option<StatusView>,
    pub note_html: Option<String>,
}

/// `okr_years.html`: `years`, newest first.
#[derive(Serialize)]
pub struct OkrYearCard {
    pub year: i32,
    pub url: String,
    pub objectives: usize,
    pub key_results: usize,
    /// Reports of that year.
    pub reports: usize,
}

/// `reports_year.html`: `reports`, one year's reports.
#[derive(Serialize)]
pub struct ReportYearView {
    pub year: i32,
    /// Newest first.
    pub items: Vec<ReportCard>,
    pub okrs_url: Option<String>,
    pub all_url: String,
}

/// `engagements_year.html`: `engagements`, one year's engagements.
#[derive(Serialize)]
pub struct EngagementYearView {
    pub year: i32,
    pub items: Vec<EngagementCard>,
    pub all_url: String,
}

#[derive(Serialize)]
pub struct ObjectiveMatrixView {
    pub id: String,
    pub text: String,
    pub key_results: Vec<KeyResultRowView>,
}

#[derive(Serialize)]
pub struct KeyResultRowView {
    pub id: String,
    /// The key result's own page.
    pub url: String,
    pub label: String,
    pub text: String,
    pub due_label: Option<String>,
    /// One per column of `reports`; `None` where that report gives no status.
    pub cells: Vec<Option<StatusView>>,
    /// The latest status, for dashboards.
    pub current: Option<StatusView>,
}

/// A key result's latest status, for the home page.
#[derive(Serialize)]
pub struct CurrentKeyResultView {
    pub id: String,
    pub label: String,
    pub text: String,
    pub objective_id: String,
    pub status: StatusView,
    pub as_of: LinkView,
}

/// An engagement in lists.
#[derive(Serialize, Clone)]
pub struct EngagementCard {
    pub name: String,
    pub url: String,
    pub year: i32,
    pub grantee_name: String,
    pub grantee_url: String,
    pub status_label: Option<String>,
    pub ecosystems: Vec<String>,
    pub update_count: usize,
}

/// `engagement.html`: `engagement`.
#[derive(Serialize)]
pub struct EngagementView {
    #[serde(flatten)]
    pub card: EngagementCard,
    pub source: String,
    pub start_label: Option<String>,
    pub end_label: Option<String>,
    pub homepage: Option<crate::model::WebUrl>,
    pub funding_label: Option<String>,
    pub body_html: String,
    /// Reports that name this engagement, newest first.
    pub mentions: Vec<MentionView>,
    /// Newest first.
    pub updates: Vec<UpdateCard>,
    pub pages: Vec<LinkView>,
}

#[derive(Serialize)]
pub struct MentionView {
    pub report: LinkView,
    pub period_label: String,
    /// How the report names it (one or more).
    pub roles: Vec<RoleView>,
}

#[derive(Serialize)]
pub struct RoleView {
    /// `new`, `renewed`, `existing`, `highlight`: a CSS class.
    pub key: &'static str,
    /// `New`, `Renewed`, `Existing`, `Highlight`.
    pub label: String,
}

/// An update in lists and timelines.
#[derive(Serialize, Clone)]
pub struct UpdateCard {
    pub title: String,
    pub url: String,
    /// Canonical period (`2024-04..2024-05`), `None` when undated.
    pub period: Option<String>,
    /// `April–May 2024`, or `Undated`.
    pub period_label: String,
    pub grantee_name: String,
    pub grantee_url: String,
    pub year: i32,
}

/// `updates.html`: `updates`, the way into the listings of grantee updates.
#[derive(Serialize)]
pub struct UpdatesIndexView {
    /// Every update of the site.
    pub count: usize,
    /// Newest first.
    pub years: Vec<UpdateYearCard>,
    /// The latest months that have updates, newest first.
    pub latest: Vec<MonthGroup>,
    /// The grantees index: each grantee's page lists all its updates.
    pub grantees_url: String,
}

#[derive(Serialize)]
pub struct UpdateYearCard {
    pub year: i32,
    /// The year's page.
    pub url: String,
    pub count: usize,
    /// The year's updates by ecosystem.
    pub ecosystems: Vec<FilterLink>,
}

/// A link to a listing of fewer updates (by grantee, by ecosystem).
#[derive(Serialize)]
pub struct FilterLink {
    pub label: String,
    pub url: String,
    /// Updates it lists.
    pub count: usize,
    /// The page being shown.
    pub current: bool,
}

/// The updates of one month, or the undated ones.
#[derive(Serialize)]
pub struct MonthGroup {
    /// `2024-09`, the group's anchor; `undated` for updates without a period.
    pub id: String,
    /// `September 2024`; `None` for the undated group.
    pub label: Option<String>,
    /// By grantee.
    pub items: Vec<UpdateCard>,
}

/// `updates_year.html`: `updates`, one year's updates by month, or those of one ecosystem.
#[derive(Serialize)]
pub struct UpdateYearView {
    pub year: i32,
    /// The ecosystem's name, on an ecosystem's page.
    pub ecosystem: Option<String>,
    pub count: usize,
    /// Newest first, the undated group last. An update is filed under its first month.
    pub months: Vec<MonthGroup>,
    /// The grantees of these updates, each linking to its page (all its updates).
    pub grantees: Vec<FilterLink>,
    /// The ecosystems of the year's updates, each linking to its page.
    pub ecosystems: Vec<FilterLink>,
    /// The whole year's page.
    pub year_url: String,
    /// `/updates/`.
    pub all_url: String,
    /// The same listing in the years before and after, where there is one.
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
}

/// Which months a grantee sent an update for, for the months its engagements were active: a
/// chart (`chart`) and the same data as a table (`columns` by `rows`).
#[derive(Serialize)]
pub struct CadenceView {
    /// The first and last month shown: `August 2025`, `July 2026`.
    pub first_label: String,
    pub last_label: String,
    /// Table column headers: `August 2025` (grantees index) or `January` (a grantee's page).
    pub columns: Vec<String>,
    pub rows: Vec<CadenceRow>,
    /// Cells with an update, and active months without one.
    pub present: usize,
    pub missing: usize,
    /// Grantees active in the last month shown that sent no update for it (grantees index).
    pub late: Vec<LinkView>,
    pub chart: GridChartView,
}

#[derive(Serialize)]
pub struct CadenceRow {
    /// A grantee's name, or a year.
    pub label: String,
    /// One per column: `present` (an update covers the month), `missing` (active, none),
    /// `inactive` (no engagement that month).
    pub cells: Vec<&'static str>,
}

/// An inline SVG grid: a row per grantee or year, a cell per month, coloured by the CSS class
/// `cadence-<slug>`; inactive months are left blank. Drawn from numbers worked out at build time.
#[derive(Serialize)]
pub struct GridChartView {
    pub width: u32,
    pub height: u32,
    pub cell_width: u32,
    pub cell_height: u32,
    /// Month names over the columns, and years over the first column and each January.
    pub header: Vec<GridText>,
    pub rows: Vec<GridRow>,
}

#[derive(Serialize)]
pub struct GridText {
    pub x: u32,
    pub y: u32,
    pub text: String,
}

#[derive(Serialize)]
pub struct GridRow {
    pub y: u32,
    pub text_y: u32,
    /// The row's label, cut to fit.
    pub text: String,
    pub cells: Vec<GridCell>,
}

#[derive(Serialize)]
pub struct GridCell {
    pub x: u32,
    pub slug: &'static str,
}

/// `grantee.html`: `grantee`.
#[derive(Serialize)]
pub struct GranteeView {
    pub name: String,
    pub url: String,
    pub aliases: Vec<String>,
    pub homepage: Option<crate::model::WebUrl>,
    /// The newest engagement's profile.
    pub profile_html: String,
    /// Newest first.
    pub engagements: Vec<EngagementCard>,
    /// Every update across years, newest first, undated last.
    pub timeline: Vec<UpdateCard>,
    /// A row per year; `None` when no month of an engagement has come yet.
    pub cadence: Option<CadenceView>,
}

/// `update.html`: `update`.
#[derive(Serialize)]
pub struct UpdateView {
    #[serde(flatten)]
    pub card: UpdateCard,
    /// The update's own title, shown beneath when the page is headed by grantee and period
    /// because that title named only a period; `None` when it reads the same as the period.
    pub own_title: Option<String>,
    pub source: String,
    pub authors: Vec<String>,
    pub engagement_url: String,
    pub body_html: String,
    /// Older and newer updates of the same grantee.
    pub previous: Option<LinkView>,
    pub next: Option<LinkView>,
}

/// `page.html`: `doc`, an undated page of an engagement.
#[derive(Serialize)]
pub struct DocView {
    pub title: String,
    pub source: String,
    pub body_html: String,
    pub grantee_name: String,
    pub engagement_url: String,
}

/// `atom.xml`: `feed`.
#[derive(Serialize)]
pub struct FeedView {
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    /// RFC 3339.
    pub updated: String,
    pub summary: String,
    /// `report` or `update`.
    pub category: &'static str,
}

/// `sitemap.xml`: `urls`.
#[derive(Serialize)]
pub struct SitemapEntry {
    pub loc: String,
    pub lastmod: Option<String>,
}

/// `index.html`.
#[derive(Serialize)]
pub struct HomeView {
    pub latest_report: Option<ReportCard>,
    pub key_results: Vec<CurrentKeyResultView>,
    pub okrs_url: Option<String>,
    pub active_engagements: Vec<EngagementCard>,
    pub recent_updates: Vec<UpdateCard>,
    pub upcoming: Vec<UpcomingView>,
}

/// `reports.html`: `years`; `engagements.html`: `years`.
#[derive(Serialize)]
pub struct YearGroup<T> {
    pub year: i32,
    /// The year's own page.
    pub url: String,
    pub items: Vec<T>,
}

/// `grantees.html`: `grantees`.
#[derive(Serialize)]
pub struct GranteeCard {
    pub name: String,
    pub url: String,
    pub years: Vec<i32>,
    pub update_count: usize,
}
