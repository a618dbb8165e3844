//! The feed, the sitemap and robots.txt: one job each, rendered through templates like pages.

use super::context::Views;
use super::views::*;
use super::{Job, format, meta, page};
use crate::urls;

pub fn atom(views: &Views) -> Job {
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
        meta(views, site.program.name.clone(), None, urls::FEED, "home"),
        "feed",
        &feed,
    );
    atom.output = urls::FEED.into();
    atom
}

pub fn sitemap(views: &Views) -> Job {
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
        meta(views, "Sitemap".into(), None, urls::SITEMAP, "home"),
        "urls",
        &sitemap,
    );
    map.output = urls::SITEMAP.into();
    map
}

pub fn robots(views: &Views) -> Job {
    let mut robots = page(
        "robots.txt",
        "",
        meta(views, "robots".into(), None, urls::ROBOTS, "home"),
        "status",
        &200,
    );
    robots.output = urls::ROBOTS.into();
    robots
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
