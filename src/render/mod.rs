//! Rendering: model in, files out, in memory. Nothing here touches the output folder, so a
//! build, `check`, `serve` and the tests all share it. Pages render in parallel; the result is
//! a sorted map, so output is identical from run to run.

mod context;
pub mod data;
mod format;
pub mod theme;
pub mod views;

use crate::model::Site;
use crate::urls::{self, SiteUrls};
use context::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};
use views::*;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    #[error("rendering {output} with {template} failed: {message}")]
    Template {
        template: String,
        output: String,
        message: String,
    },
    #[error("cannot serialize {0}: {1}")]
    Json(&'static str, serde_json::Error),
}

/// The whole built site, before it is written.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output path (relative, `/`-separated) -> bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output path -> file to copy there unchanged.
    pub copies: BTreeMap<String, PathBuf>,
}

impl Rendered {
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
}

/// One file to render: which template, where, and its page-specific variables.
struct Job {
    template: &'static str,
    output: String,
    context: Context,
}

pub fn render(root: &Path, site: &Site, urls: &SiteUrls) -> Result<Rendered, RenderError> {
    let mut tera = theme::load(root)?;
    let views = Views::new(site, urls);
    tera.global_context().insert("site", &views.site_view());

    let jobs = jobs(&views);
    let pages: Vec<Result<(String, Vec<u8>), RenderError>> = jobs
        .into_par_iter()
        .map(|job| render_job(&tera, job))
        .collect();
    let mut out = Rendered::default();
    for page in pages {
        let (path, bytes) = page?;
        out.files.insert(path, bytes);
    }
    for (path, body) in theme::STATIC {
        // A site's `templates/static/<name>` replaces the theme's file, like templates do.
        let own = root.join("templates").join(path);
        if own.is_file() {
            out.copies.insert(path.to_string(), own);
        } else {
            out.files.insert(path.to_string(), body.as_bytes().to_vec());
        }
    }
    out.files
        .insert("data/site.json".into(), data::site_json(&views)?);
    out.files.insert(
        "data/site.schema.json".into(),
        data::SCHEMA.as_bytes().to_vec(),
    );
    out.files
        .insert("data/search.json".into(), data::search_json(&views)?);
    for asset in &site.assets {
        out.copies
            .insert(asset.output.clone(), root.join(asset.source.as_str()));
    }
    add_static(root, &mut out);
    Ok(out)
}

/// The site's `static/` folder, copied as is to the output root; its files win over the
/// theme's. Junk files are skipped, and symlinks are not followed.
fn add_static(root: &Path, out: &mut Rendered) {
    let dir = root.join("static");
    for entry in walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || name.starts_with('.') {
            continue;
        }
        let rel = crate::load::relative(&dir, entry.path());
        out.files.remove(&rel);
        out.copies.insert(rel, entry.path().to_path_buf());
    }
}

fn render_job(tera: &Tera, job: Job) -> Result<(String, Vec<u8>), RenderError> {
    tera.render(job.template, &job.context)
        .map(|text| (job.output.clone(), text.into_bytes()))
        .map_err(|e| RenderError::Template {
            template: job.template.to_string(),
            output: job.output,
            message: theme::describe(&e),
        })
}

fn meta(
    views: &Views,
    title: String,
    description: Option<String>,
    path: &str,
    section: &'static str,
) -> PageMeta {
    PageMeta {
        description: description.unwrap_or_else(|| title.clone()),
        title,
        url: views.abs(path),
        section,
    }
}

fn page<T: Serialize + ?Sized>(
    template: &'static str,
    path: &str,
    meta: PageMeta,
    name: &'static str,
    value: &T,
) -> Job {
    let mut context = Context::new();
    context.insert("page", &meta);
    context.insert(name, value);
    Job {
        template,
        output: format!("{path}index.html"),
        context,
    }
}

fn jobs(views: &Views) -> Vec<Job> {
    let site = views.site;
    let program = &site.program;
    let mut jobs = vec![page(
        "index.html",
        "",
        meta(
            views,
            program.name.clone(),
            Some(program.tagline.clone()),
            "",
            "home",
        ),
        "home",
        &views.home(),
    )];

    let mut by_year: BTreeMap<i32, Vec<ReportCard>> = BTreeMap::new();
    for r in site.reports.iter().rev() {
        by_year
            .entry(r.period.year())
            .or_default()
            .push(views.report_card(r));
    }
    let years: Vec<YearGroup<ReportCard>> = by_year
        .into_iter()
        .rev()
        .map(|(year, items)| YearGroup { year, items })
        .collect();
    jobs.push(page(
        "reports.html",
        urls::REPORTS,
        meta(views, "Reports".into(), None, urls::REPORTS, "reports"),
        "years",
        &years,
    ));

    for (i, r) in site.reports.iter().enumerate() {
        let path = urls::report(r);
        let m = meta(views, r.title.clone(), r.summary.clone(), &path, "reports");
        jobs.push(page(
            "report.html",
            &path,
            m,
            "report",
            &views.report_view(i),
        ));
    }
    for (i, y) in site.okr_years.iter().enumerate() {
        let path = urls::okrs(y.year);
        let m = meta(
            views,
            format!("Objectives and key results {}", y.year),
            None,
            &path,
            "okrs",
        );
        jobs.push(page("okrs.html", &path, m, "okrs", &views.okr_matrix(i)));
    }

    let mut engagements_by_year: BTreeMap<i32, Vec<EngagementCard>> = BTreeMap::new();
    for e in &site.engagements {
        engagements_by_year
            .entry(e.year)
            .or_default()
            .push(views.engagement_card(e));
    }
    let years: Vec<YearGroup<EngagementCard>> = engagements_by_year
        .into_iter()
        .rev()
        .map(|(year, items)| YearGroup { year, items })
        .collect();
    jobs.push(page(
        "engagements.html",
        urls::ENGAGEMENTS,
        meta(
            views,
            "Engagements".into(),
            None,
            urls::ENGAGEMENTS,
            "engagements",
        ),
        "years",
        &years,
    ));
    for (i, e) in site.engagements.iter().enumerate() {
        let path = urls::engagement_of(e);
        let view = views.engagement_view(i);
        let title = format!("{} ({})", view.card.name, e.year);
        jobs.push(page(
            "engagement.html",
            &path,
            meta(views, title, None, &path, "engagements"),
            "engagement",
            &view,
        ));
    }

    let grantees: Vec<GranteeCard> = site
        .grantees
        .iter()
        .map(|g| views.grantee_card(g))
        .collect();
    jobs.push(page(
        "grantees.html",
        urls::GRANTEES,
        meta(
            views,
            "Grantees".into(),
            None,
            urls::GRANTEES,
            "engagements",
        ),
        "grantees",
        &grantees,
    ));
    for g in &site.grantees {
        let path = urls::grantee(&g.slug);
        jobs.push(page(
            "grantee.html",
            &path,
            meta(views, g.name.clone(), None, &path, "engagements"),
            "grantee",
            &views.grantee_view(g),
        ));
    }

    jobs.push(page(
        "updates.html",
        urls::UPDATES,
        meta(
            views,
            "Grantee updates".into(),
            None,
            urls::UPDATES,
            "updates",
        ),
        "updates",
        &views.all_updates(),
    ));
    for (i, u) in site.updates.iter().enumerate() {
        let path = urls::update(u);
        let view = views.update_view(i);
        let title = view.card.title.clone();
        jobs.push(page(
            "update.html",
            &path,
            meta(views, title, None, &path, "updates"),
            "update",
            &view,
        ));
    }
    for p in &site.pages {
        let path = urls::page(p);
        jobs.push(page(
            "page.html",
            &path,
            meta(views, p.title.clone(), None, &path, "engagements"),
            "doc",
            &views.doc_view(p),
        ));
    }

    let mut not_found = page(
        "404.html",
        "",
        meta(views, "Page not found".into(), None, "404.html", "home"),
        "status",
        &404,
    );
    not_found.output = "404.html".into();
    jobs.push(not_found);
    jobs.extend(feeds(views));
    jobs
}

fn feeds(views: &Views) -> Vec<Job> {
    let site = views.site;
    let mut entries: Vec<FeedEntry> = site
        .reports
        .iter()
        .map(|r| FeedEntry {
            title: r.title.clone(),
            url: views.abs(&urls::report(r)),
            updated: format::date_rfc3339(r.published, &r.period),
            summary: r.summary.clone().unwrap_or_default(),
            category: "report",
        })
        .collect();
    entries.extend(site.updates.iter().map(|u| {
        let card = views.update_card(u);
        FeedEntry {
            updated: u.period.map_or_else(
                || format!("{}-01-01T00:00:00Z", u.folder_year),
                |p| format::period_end_rfc3339(&p),
            ),
            summary: format!("{} — {}", card.grantee_name, card.period_label),
            title: card.title,
            url: card.url,
            category: "update",
        }
    }));
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.url.cmp(&b.url)));
    let feed = FeedView {
        updated: entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
        entries,
    };
    let mut atom = page(
        "atom.xml",
        "",
        meta(views, site.program.name.clone(), None, "atom.xml", "home"),
        "feed",
        &feed,
    );
    atom.output = "atom.xml".into();

    let sitemap: Vec<SitemapEntry> = sitemap_paths(views)
        .into_iter()
        .map(|(path, lastmod)| SitemapEntry {
            loc: views.abs(&path),
            lastmod,
        })
        .collect();
    let mut map = page(
        "sitemap.xml",
        "",
        meta(views, "Sitemap".into(), None, "sitemap.xml", "home"),
        "urls",
        &sitemap,
    );
    map.output = "sitemap.xml".into();

    let mut robots = page(
        "robots.txt",
        "",
        meta(views, "robots".into(), None, "robots.txt", "home"),
        "status",
        &200,
    );
    robots.output = "robots.txt".into();
    vec![atom, map, robots]
}

fn sitemap_paths(views: &Views) -> Vec<(String, Option<String>)> {
    let site = views.site;
    let mut paths: Vec<(String, Option<String>)> = [
        "",
        urls::REPORTS,
        urls::ENGAGEMENTS,
        urls::GRANTEES,
        urls::UPDATES,
    ]
    .iter()
    .map(|p| (p.to_string(), None))
    .collect();
    paths.extend(
        site.reports
            .iter()
            .map(|r| (urls::report(r), r.published.map(|d| d.to_string()))),
    );
    paths.extend(site.okr_years.iter().map(|y| (urls::okrs(y.year), None)));
    paths.extend(
        site.engagements
            .iter()
            .map(|e| (urls::engagement_of(e), None)),
    );
    paths.extend(site.grantees.iter().map(|g| (urls::grantee(&g.slug), None)));
    paths.extend(site.updates.iter().map(|u| (urls::update(u), None)));
    paths.extend(site.pages.iter().map(|p| (urls::page(p), None)));
    paths
}
