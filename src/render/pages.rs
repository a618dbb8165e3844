//! The template and variables of each kind of page. Which pages exist, and where, is the
//! registry's (`crate::registry`); each function here gets the page's path from it. Building a
//! page's variables is the costly part, so it happens in the parallel render step.

use super::context::Views;
use super::views::*;
use super::{Job, meta, page};
use crate::model::KeyResultId;
use crate::urls;
use std::collections::BTreeMap;

pub fn home(views: &Views, path: &str) -> Job {
    let program = &views.site.program;
    let m = meta(
        views,
        program.name.clone(),
        Some(program.tagline.clone()),
        path,
        "home",
    );
    page("index.html", m, "home", &views.home())
}

pub fn reports(views: &Views, path: &str) -> Job {
    let mut by_year: BTreeMap<i32, Vec<ReportCard>> = BTreeMap::new();
    for r in views.site.reports.iter().rev() {
        by_year
            .entry(r.period.year())
            .or_default()
            .push(views.report_card(r));
    }
    let years = newest_years_first(views, by_year, urls::report_year);
    let m = meta(views, views.t.get("reports").into(), None, path, "reports");
    page("reports.html", m, "years", &years)
}

pub fn report_year(views: &Views, path: &str, year: i32) -> Job {
    let site = views.site;
    let view = ReportYearView {
        year,
        items: site
            .reports
            .iter()
            .rev()
            .filter(|r| r.period.year() == year)
            .map(|r| views.report_card(r))
            .collect(),
        okrs_url: site.okr_year(year).map(|_| views.abs(&urls::okrs(year))),
        all_url: views.abs(urls::REPORTS),
    };
    let title = views
        .t
        .fill("reports_in_year", &[("year", &year.to_string())]);
    let m = meta(views, title, None, path, "reports");
    page("reports_year.html", m, "reports", &view)
}

pub fn report(views: &Views, path: &str, i: usize) -> Job {
    let r = &views.site.reports[i];
    let m = meta(views, r.title.clone(), r.summary.clone(), path, "reports");
    page("report.html", m, "report", &views.report_view(i))
}

pub fn okr_years(views: &Views, path: &str) -> Job {
    let title = views.t.get("objectives_and_key_results").into();
    let m = meta(views, title, None, path, "okrs");
    page("okr_years.html", m, "years", &views.okr_years())
}

pub fn okrs(views: &Views, path: &str, i: usize) -> Job {
    let year = views.site.okr_years[i].year;
    let title = views.t.fill("okrs_of_year", &[("year", &year.to_string())]);
    let m = meta(views, title, None, path, "okrs");
    page("okrs.html", m, "okrs", &views.okr_matrix(i))
}

pub fn key_result(views: &Views, path: &str, i: usize, id: KeyResultId) -> Job {
    let view = views.key_result_view(i, id);
    let title = format!("{}, {}", view.label, view.year);
    let m = meta(views, title, Some(view.text.clone()), path, "okrs");
    page("key_result.html", m, "kr", &view)
}

pub fn engagements(views: &Views, path: &str) -> Job {
    let mut by_year: BTreeMap<i32, Vec<EngagementCard>> = BTreeMap::new();
    for e in &views.site.engagements {
        by_year
            .entry(e.year)
            .or_default()
            .push(views.engagement_card(e));
    }
    let years = newest_years_first(views, by_year, urls::engagement_year);
    let title = views.t.get("engagements").into();
    let m = meta(views, title, None, path, "engagements");
    page("engagements.html", m, "years", &years)
}

pub fn engagement_year(views: &Views, path: &str, year: i32) -> Job {
    let view = EngagementYearView {
        year,
        items: views
            .site
            .engagements
            .iter()
            .filter(|e| e.year == year)
            .map(|e| views.engagement_card(e))
            .collect(),
        all_url: views.abs(urls::ENGAGEMENTS),
    };
    let title = views
        .t
        .fill("engagements_in_year", &[("year", &year.to_string())]);
    let m = meta(views, title, None, path, "engagements");
    page("engagements_year.html", m, "engagements", &view)
}

pub fn engagement(views: &Views, path: &str, i: usize) -> Job {
    let e = &views.site.engagements[i];
    let view = views.engagement_view(i);
    let title = format!("{} ({})", view.card.name, e.year);
    let m = meta(views, title, None, path, "engagements");
    page("engagement.html", m, "engagement", &view)
}

pub fn grantees(views: &Views, path: &str) -> Job {
    let grantees: Vec<GranteeCard> = views
        .site
        .grantees
        .iter()
        .map(|g| views.grantee_card(g))
        .collect();
    let m = meta(
        views,
        views.t.get("grantees").into(),
        None,
        path,
        "engagements",
    );
    let mut job = page("grantees.html", m, "grantees", &grantees);
    job.context.insert("cadence", &views.grantees_cadence());
    job
}

pub fn grantee(views: &Views, path: &str, i: usize) -> Job {
    let g = &views.site.grantees[i];
    let m = meta(views, g.name.clone(), None, path, "engagements");
    page("grantee.html", m, "grantee", &views.grantee_view(g))
}

pub fn updates(views: &Views, path: &str) -> Job {
    let title = views.t.get("grantee_updates").into();
    let m = meta(views, title, None, path, "updates");
    page("updates.html", m, "updates", &views.updates_index())
}

pub fn updates_year(views: &Views, path: &str, year: i32) -> Job {
    let title = views
        .t
        .fill("grantee_updates_in_year", &[("year", &year.to_string())]);
    let m = meta(views, title, None, path, "updates");
    page(
        "updates_year.html",
        m,
        "updates",
        &views.updates_year(year, None),
    )
}

pub fn updates_ecosystem(views: &Views, path: &str, year: i32, ecosystem: usize) -> Job {
    let view = views.updates_year(year, Some(ecosystem));
    let name = view.ecosystem.clone().unwrap_or_default();
    let title = views.t.fill(
        "ecosystem_updates_in_year",
        &[("ecosystem", &name), ("year", &year.to_string())],
    );
    let m = meta(views, title, None, path, "updates");
    page("updates_year.html", m, "updates", &view)
}

pub fn update(views: &Views, path: &str, i: usize) -> Job {
    let view = views.update_view(i);
    let m = meta(views, view.card.title.clone(), None, path, "updates");
    page("update.html", m, "update", &view)
}

pub fn doc(views: &Views, path: &str, i: usize) -> Job {
    let p = &views.site.pages[i];
    let m = meta(views, p.title.clone(), None, path, "engagements");
    page("page.html", m, "doc", &views.doc_view(p))
}

pub fn not_found(views: &Views, path: &str) -> Job {
    let title = views.t.get("page_not_found").into();
    let m = meta(views, title, None, path, "home");
    page("404.html", m, "status", &404)
}

fn newest_years_first<T>(
    views: &Views,
    by_year: BTreeMap<i32, Vec<T>>,
    year_path: fn(i32) -> String,
) -> Vec<YearGroup<T>> {
    by_year
        .into_iter()
        .rev()
        .map(|(year, items)| YearGroup {
            year,
            url: views.abs(&year_path(year)),
            items,
        })
        .collect()
}
