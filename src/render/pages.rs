//! Which pages a site has, and the template and variables of each. Listing the pages is
//! cheap and serial; building each page's variables is the costly part, so it happens in the
//! parallel render step, one page per task.

use super::context::Views;
use super::feeds;
use super::views::*;
use super::{Job, meta, page};
use crate::model::Site;
use crate::urls;
use std::collections::BTreeMap;

/// One output file, by what it shows.
#[derive(Clone, Copy, Debug)]
pub enum Page {
    Home,
    Reports,
    Report(usize),
    Okrs(usize),
    Engagements,
    Engagement(usize),
    Grantees,
    Grantee(usize),
    Updates,
    Update(usize),
    Doc(usize),
    NotFound,
    Atom,
    Sitemap,
    Robots,
}

/// Every page of the site, in a fixed order.
pub fn all(site: &Site) -> Vec<Page> {
    let mut pages = vec![Page::Home, Page::Reports];
    pages.extend((0..site.reports.len()).map(Page::Report));
    pages.extend((0..site.okr_years.len()).map(Page::Okrs));
    pages.push(Page::Engagements);
    pages.extend((0..site.engagements.len()).map(Page::Engagement));
    pages.push(Page::Grantees);
    pages.extend((0..site.grantees.len()).map(Page::Grantee));
    pages.push(Page::Updates);
    pages.extend((0..site.updates.len()).map(Page::Update));
    pages.extend((0..site.pages.len()).map(Page::Doc));
    pages.extend([Page::NotFound, Page::Atom, Page::Sitemap, Page::Robots]);
    pages
}

pub fn job(views: &Views, which: Page) -> Job {
    let site = views.site;
    match which {
        Page::Home => {
            let program = &site.program;
            let m = meta(
                views,
                program.name.clone(),
                Some(program.tagline.clone()),
                "",
                "home",
            );
            page("index.html", "", m, "home", &views.home())
        }
        Page::Reports => {
            let mut by_year: BTreeMap<i32, Vec<ReportCard>> = BTreeMap::new();
            for r in site.reports.iter().rev() {
                by_year
                    .entry(r.period.year())
                    .or_default()
                    .push(views.report_card(r));
            }
            let m = meta(views, "Reports".into(), None, urls::REPORTS, "reports");
            page(
                "reports.html",
                urls::REPORTS,
                m,
                "years",
                &newest_years_first(by_year),
            )
        }
        Page::Report(i) => {
            let r = &site.reports[i];
            let path = urls::report(r);
            let m = meta(views, r.title.clone(), r.summary.clone(), &path, "reports");
            page("report.html", &path, m, "report", &views.report_view(i))
        }
        Page::Okrs(i) => {
            let year = site.okr_years[i].year;
            let path = urls::okrs(year);
            let title = format!("Objectives and key results {year}");
            let m = meta(views, title, None, &path, "okrs");
            page("okrs.html", &path, m, "okrs", &views.okr_matrix(i))
        }
        Page::Engagements => {
            let mut by_year: BTreeMap<i32, Vec<EngagementCard>> = BTreeMap::new();
            for e in &site.engagements {
                by_year
                    .entry(e.year)
                    .or_default()
                    .push(views.engagement_card(e));
            }
            let m = meta(
                views,
                "Engagements".into(),
                None,
                urls::ENGAGEMENTS,
                "engagements",
            );
            page(
                "engagements.html",
                urls::ENGAGEMENTS,
                m,
                "years",
                &newest_years_first(by_year),
            )
        }
        Page::Engagement(i) => {
            let e = &site.engagements[i];
            let path = urls::engagement_of(e);
            let view = views.engagement_view(i);
            let title = format!("{} ({})", view.card.name, e.year);
            page(
                "engagement.html",
                &path,
                meta(views, title, None, &path, "engagements"),
                "engagement",
                &view,
            )
        }
        Page::Grantees => {
            let grantees: Vec<GranteeCard> = site
                .grantees
                .iter()
                .map(|g| views.grantee_card(g))
                .collect();
            let m = meta(
                views,
                "Grantees".into(),
                None,
                urls::GRANTEES,
                "engagements",
            );
            page("grantees.html", urls::GRANTEES, m, "grantees", &grantees)
        }
        Page::Grantee(i) => {
            let g = &site.grantees[i];
            let path = urls::grantee(&g.slug);
            let m = meta(views, g.name.clone(), None, &path, "engagements");
            page("grantee.html", &path, m, "grantee", &views.grantee_view(g))
        }
        Page::Updates => {
            let m = meta(
                views,
                "Grantee updates".into(),
                None,
                urls::UPDATES,
                "updates",
            );
            page(
                "updates.html",
                urls::UPDATES,
                m,
                "updates",
                &views.all_updates(),
            )
        }
        Page::Update(i) => {
            let path = urls::update(&site.updates[i]);
            let view = views.update_view(i);
            let m = meta(views, view.card.title.clone(), None, &path, "updates");
            page("update.html", &path, m, "update", &view)
        }
        Page::Doc(i) => {
            let p = &site.pages[i];
            let path = urls::page(p);
            let m = meta(views, p.title.clone(), None, &path, "engagements");
            page("page.html", &path, m, "doc", &views.doc_view(p))
        }
        Page::NotFound => {
            let m = meta(
                views,
                "Page not found".into(),
                None,
                urls::NOT_FOUND,
                "home",
            );
            let mut job = page("404.html", "", m, "status", &404);
            job.output = urls::NOT_FOUND.into();
            job
        }
        Page::Atom => feeds::atom(views),
        Page::Sitemap => feeds::sitemap(views),
        Page::Robots => feeds::robots(views),
    }
}

fn newest_years_first<T>(by_year: BTreeMap<i32, Vec<T>>) -> Vec<YearGroup<T>> {
    by_year
        .into_iter()
        .rev()
        .map(|(year, items)| YearGroup { year, items })
        .collect()
}
