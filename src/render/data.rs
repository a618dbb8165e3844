//! `data/site.json`: the whole model for machines (its shape is published as a JSON Schema at
//! `data/site.schema.json`).

use super::RenderError;
use super::context::Views;
use crate::model::{
    Date, EngagementStatus, EventDate, EventKind, Funding, Grantee, Link, Member, Money, OkrYear,
    PeriodOrigin, ReportKind, Status, WebUrl,
};
use crate::urls;
use serde::Serialize;
use std::collections::BTreeMap;

pub const SCHEMA: &str = include_str!("site.schema.json");

#[derive(Serialize)]
struct SiteData<'a> {
    generator: &'static str,
    program: ProgramData<'a>,
    okr_years: Vec<OkrYearData<'a>>,
    reports: Vec<ReportData<'a>>,
    grantees: Vec<GranteeData<'a>>,
    engagements: Vec<EngagementData<'a>>,
    updates: Vec<UpdateData<'a>>,
    pages: Vec<PageData<'a>>,
}

#[derive(Serialize)]
struct ProgramData<'a> {
    name: &'a str,
    tagline: &'a str,
    base_url: &'a str,
    language: &'a str,
    email: Option<&'a str>,
    links: &'a [Link],
    team: &'a [Member],
    source: &'static str,
}

#[derive(Serialize)]
struct OkrYearData<'a> {
    #[serde(flatten)]
    okrs: &'a OkrYear,
    url: String,
}

#[derive(Serialize)]
struct ReportData<'a> {
    title: &'a str,
    kind: ReportKind,
    period: String,
    first_month: String,
    last_month: String,
    published: Option<Date>,
    summary: Option<&'a str>,
    draft: bool,
    source: &'a str,
    url: String,
    /// Key-result id -> status.
    key_results: BTreeMap<String, Status>,
    /// Key-result id -> Markdown note, where the report gives one.
    key_result_notes: BTreeMap<String, &'a str>,
    engagements: BTreeMap<&'static str, Vec<String>>,
    highlights: Vec<HighlightData<'a>>,
    upcoming: Vec<UpcomingData<'a>>,
    funding: Option<&'a Funding>,
}

#[derive(Serialize)]
struct HighlightData<'a> {
    grantee: String,
    title: Option<&'a str>,
    text: &'a str,
}

#[derive(Serialize)]
struct UpcomingData<'a> {
    date: EventDate,
    kind: EventKind,
    text: &'a str,
}

#[derive(Serialize)]
struct GranteeData<'a> {
    slug: &'a str,
    name: &'a str,
    aliases: &'a [String],
    homepage: Option<&'a str>,
    url: String,
}

#[derive(Serialize)]
struct EngagementData<'a> {
    year: i32,
    grantee: &'a str,
    name: Option<&'a str>,
    ecosystems: &'a [String],
    start: Option<Date>,
    end: Option<Date>,
    status: Option<EngagementStatus>,
    homepage: Option<&'a str>,
    funding: Option<&'a Money>,
    source: &'a str,
    url: String,
}

#[derive(Serialize)]
struct UpdateData<'a> {
    grantee: &'a str,
    title: Option<&'a str>,
    authors: &'a [String],
    /// `None` when the period could not be told.
    period: Option<PeriodData>,
    period_origin: &'a PeriodOrigin,
    folder_year: i32,
    source: &'a str,
    url: String,
}

#[derive(Serialize)]
struct PeriodData {
    first_month: String,
    last_month: String,
    label: String,
}

#[derive(Serialize)]
struct PageData<'a> {
    grantee: &'a str,
    title: &'a str,
    source: &'a str,
    url: String,
}

fn canonical(views: &Views, written: &str) -> String {
    views
        .site
        .grantee(written)
        .map_or_else(|| written.to_string(), |g: &Grantee| g.slug.to_string())
}

pub fn site_json(views: &Views) -> Result<Vec<u8>, RenderError> {
    let site = views.site;
    let p = &site.program;
    let data = SiteData {
        generator: concat!("grantsite ", env!("CARGO_PKG_VERSION")),
        program: ProgramData {
            name: &p.name,
            tagline: &p.tagline,
            base_url: &p.base_url,
            language: &p.language,
            email: p.contact.as_ref().and_then(|c| c.email.as_deref()),
            links: &p.links,
            team: &p.team,
            source: "content/program.yaml",
        },
        okr_years: site
            .okr_years
            .iter()
            .map(|okrs| OkrYearData {
                okrs,
                url: views.abs(&urls::okrs(okrs.year)),
            })
            .collect(),
        reports: site
            .reports
            .iter()
            .map(|r| ReportData {
                title: &r.title,
                kind: r.kind,
                period: r.period.to_string(),
                first_month: r.period.first_month().to_string(),
                last_month: r.period.last_month().to_string(),
                published: r.published,
                summary: r.summary.as_deref(),
                draft: r.draft,
                source: r.source.as_str(),
                url: views.abs(&urls::report(r)),
                key_results: r
                    .okrs
                    .iter()
                    .map(|s| (s.id.to_string(), s.status))
                    .collect(),
                key_result_notes: r
                    .okrs
                    .iter()
                    .filter_map(|s| Some((s.id.to_string(), s.note.as_ref()?.text.as_ref())))
                    .collect(),
                engagements: [
                    ("new", &r.engagements.new),
                    ("renewed", &r.engagements.renewed),
                    ("existing", &r.engagements.existing),
                ]
                .into_iter()
                .map(|(k, list)| {
                    (
                        k,
                        list.iter().map(|e| canonical(views, &e.grantee)).collect(),
                    )
                })
                .collect(),
                highlights: r
                    .highlights
                    .iter()
                    .map(|h| HighlightData {
                        grantee: canonical(views, &h.grantee),
                        title: h.title.as_deref(),
                        text: &h.text.text,
                    })
                    .collect(),
                upcoming: r
                    .upcoming
                    .iter()
                    .map(|u| UpcomingData {
                        date: u.date,
                        kind: u.kind,
                        text: &u.text.text,
                    })
                    .collect(),
                funding: r.funding.as_ref(),
            })
            .collect(),
        grantees: site
            .grantees
            .iter()
            .map(|g| GranteeData {
                slug: g.slug.as_str(),
                name: &g.name,
                aliases: &g.aliases,
                homepage: g.homepage.as_ref().map(WebUrl::as_str),
                url: views.abs(&urls::grantee(&g.slug)),
            })
            .collect(),
        engagements: site
            .engagements
            .iter()
            .map(|e| EngagementData {
                year: e.year,
                grantee: e.grantee.as_str(),
                name: e.name.as_deref(),
                ecosystems: &e.ecosystems,
                start: e.start,
                end: e.end,
                status: e.status,
                homepage: e.homepage.as_ref().map(WebUrl::as_str),
                funding: e.funding.as_ref(),
                source: e.source.as_str(),
                url: views.abs(&urls::engagement_of(e)),
            })
            .collect(),
        updates: site
            .updates
            .iter()
            .map(|u| UpdateData {
                grantee: u.grantee.as_str(),
                title: u.title.as_deref(),
                authors: &u.authors,
                period: u.period.map(|p| PeriodData {
                    first_month: p.first_month().to_string(),
                    last_month: p.last_month().to_string(),
                    label: views.t.period(&p),
                }),
                period_origin: &u.period_origin,
                folder_year: u.folder_year,
                source: u.source.as_str(),
                url: views.abs(&urls::update(u)),
            })
            .collect(),
        pages: site
            .pages
            .iter()
            .map(|p| PageData {
                grantee: p.grantee.as_str(),
                title: &p.title,
                source: p.source.as_str(),
                url: views.abs(&urls::page(p)),
            })
            .collect(),
    };
    serde_json::to_vec_pretty(&data).map_err(|e| RenderError::Json("data/site.json", e))
}
