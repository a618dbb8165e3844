//! The feed (the latest `feed.entries` reports and updates), the sitemap and robots.txt: one
//! job each, rendered through templates like pages.
//! The sitemap lists the registry's outputs that say they belong in it.

use super::context::Views;
use super::views::*;
use super::{Job, format, meta, page};
use crate::urls;

pub fn atom(views: &Views, path: &str) -> Job {
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
    entries.truncate(site.program.feed.entries);
    let feed = FeedView {
        updated: entries
            .first()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |e| e.updated.clone()),
        entries,
    };
    let m = meta(views, site.program.name.clone(), None, path, "home");
    page("atom.xml", m, "feed", &feed)
}

pub fn sitemap(views: &Views, path: &str) -> Job {
    let sitemap: Vec<SitemapEntry> = views
        .urls
        .outputs()
        .iter()
        .filter(|o| o.in_sitemap)
        .map(|o| SitemapEntry {
            loc: views.abs(&o.path),
            lastmod: o.lastmod.map(|d| d.to_string()),
        })
        .collect();
    let m = meta(views, "Sitemap".into(), None, path, "home");
    page("sitemap.xml", m, "urls", &sitemap)
}

pub fn robots(views: &Views, path: &str) -> Job {
    let m = meta(views, "robots".into(), None, path, "home");
    page("robots.txt", m, "status", &200)
}
