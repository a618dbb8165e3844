//! Puts the parsed files together into one `Site`: grantees merged across folder names and
//! aliases (`grantees`), each engagement folder's files sorted into updates, pages and assets
//! (`engagement_files`), and everything in a fixed order so the output does not depend on the
//! order files were read in.

use super::alias_hints::Hints;
use super::engagement_files::{
    TextKind, base_slug, classify_text, stem, unique_asset_output, unique_slug, warn_same_period,
};
use super::grantees::{Registry, second_profile, unusable_folder};
use super::parse::Parsed;
use super::period_infer;
use super::raw::{EngagementFrontMatter, UpdateFrontMatter};
use crate::diagnostics::Diagnostic;
use crate::model::{
    Asset, Engagement, EngagementPage, Grantee, Markdown, Site, Slug, SourcePath, Spans, Update,
};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// A parsed file with the path it came from.
pub struct Piece {
    pub rel: String,
    pub parsed: Parsed,
}

/// The site, and the alias hints on it, which are kept apart for `serve` (see `Hints`).
pub fn assemble(pieces: Vec<Piece>, problems: &mut Vec<Diagnostic>) -> (Site, Hints) {
    let mut site = Site::default();
    let mut registry = Registry::default();
    let mut profiles: Vec<(String, i32, String, EngagementFrontMatter, Spans, Markdown)> =
        Vec::new();
    // Nearly every file is a text: one allocation, not a copy of them all at each doubling.
    let mut texts = Vec::with_capacity(pieces.len());
    let mut assets = Vec::new();

    for Piece { rel, parsed } in pieces {
        match parsed {
            Parsed::Program(p) => site.program = p,
            Parsed::Grantees(list) => list
                .into_iter()
                .for_each(|g| registry.declare(&rel, g, problems)),
            Parsed::Okrs(o) => site.okr_years.push(o),
            Parsed::Report(r) => site.reports.push(*r),
            Parsed::Profile {
                year,
                org,
                front,
                spans,
                body,
            } => profiles.push((rel, year, org, front, spans, body)),
            Parsed::Text {
                year,
                org,
                rest,
                front,
                body,
            } => texts.push((rel, year, org, rest, front, body)),
            Parsed::Asset {
                year,
                org,
                rest,
                path,
            } => assets.push((rel, year, org, rest, path)),
        }
    }

    let declared: HashSet<Slug> = registry.grantees.iter().map(|g| g.slug.clone()).collect();

    // Grantees come from folders in year then name order, so a grantee's slug (its URLs) is
    // its earliest folder's name whether or not that folder has a profile.
    let mut folders: BTreeMap<(i32, &str), Option<&str>> = BTreeMap::new();
    for (_, year, org, ..) in &texts {
        folders.insert((*year, org.as_str()), None);
    }
    for (_, year, org, ..) in &assets {
        folders.insert((*year, org.as_str()), None);
    }
    for (_, year, org, front, ..) in &profiles {
        folders.insert((*year, org.as_str()), front.grantee.as_deref());
    }
    for ((_, org), display) in folders {
        registry.for_folder(org, display);
    }

    let mut engagements: BTreeMap<(i32, Slug), Engagement> = BTreeMap::new();
    let mut taken: HashSet<(i32, Slug, Slug)> = HashSet::new();
    for (rel, year, org, front, spans, body) in profiles {
        let Some(grantee) = registry.for_folder(&org, front.grantee.as_deref()) else {
            problems.push(unusable_folder(&rel, &org));
            continue;
        };
        if let Some(existing) = engagements.get(&(year, grantee.clone())) {
            let first = existing.source.as_str();
            problems.push(second_profile(first, &rel, &grantee, year));
            // Kept as a page (never published: the error fails the build) so that its links,
            // and links to it, are checked as any file's, and the error comes alone.
            let rest = [SourcePath::new(rel.as_str()).file_name().to_string()];
            site.pages.push(EngagementPage {
                slug: unique_slug(&mut taken, year, &grantee, base_slug(&rest)),
                title: front.name.unwrap_or_else(|| stem(&rest[0]).to_string()),
                source: SourcePath::new(rel),
                grantee,
                folder_year: year,
                body,
            });
            continue;
        }
        let folder = SourcePath::new(rel.as_str()).parent().to_string();
        engagements.insert(
            (year, grantee.clone()),
            Engagement {
                year,
                grantee,
                source: SourcePath::new(rel),
                spans,
                folder,
                name: front.name,
                ecosystems: front.ecosystems,
                start: front.start,
                end: front.end,
                status: front.status,
                homepage: front.homepage,
                funding: front.funding,
                body,
            },
        );
    }

    // What each text is needs no other file: worked out in parallel, used in order below.
    let classified: Vec<Classified> = texts
        .par_iter()
        .map(|(rel, year, _, rest, front, body)| classify(rel, *year, rest, front, body))
        .collect();
    site.updates.reserve(classified.len());
    // Each folder's grantee once, in the order the loop below would first ask: after the first
    // time, `for_folder` only answers the same again.
    let mut grantee_of: HashMap<String, Option<Slug>> = HashMap::new();
    for (_, _, org, ..) in &texts {
        if !grantee_of.contains_key(org) {
            grantee_of.insert(org.clone(), registry.for_folder(org, None));
        }
    }
    for ((rel, year, org, rest, front, body), classified) in texts.into_iter().zip(classified) {
        let Some(grantee) = grantee_of.get(&org).cloned().flatten() else {
            problems.push(unusable_folder(&rel, &org));
            continue;
        };
        ensure_engagement(&mut engagements, year, &grantee, &rel);
        problems.extend(classified.problems);
        let slug = unique_slug(&mut taken, year, &grantee, classified.slug);
        match classified.kind {
            TextKind::Update(period, origin) => site.updates.push(Update {
                source: SourcePath::new(rel),
                grantee,
                folder_year: year,
                slug,
                period,
                period_origin: origin,
                title_is_period: classified.title_is_period,
                title: front.title.or_else(|| body.outline().first_heading.clone()),
                authors: front.authors,
                body,
            }),
            TextKind::Page => site.pages.push(EngagementPage {
                source: SourcePath::new(rel),
                grantee,
                folder_year: year,
                slug,
                title: front
                    .title
                    .or_else(|| body.outline().first_heading.clone())
                    .unwrap_or_else(|| stem(rest.last().map_or("", String::as_str)).to_string()),
                body,
            }),
        }
    }

    // Refused files claim no output path, so they cannot push a published file to `-2`.
    let verdicts: Vec<_> = assets
        .par_iter()
        .map(|(rel, .., path)| super::assets::vet(path, rel, &site.program.assets))
        .collect();
    let mut outputs: HashMap<String, String> = HashMap::new();
    for ((rel, year, org, rest, _), verdict) in assets.into_iter().zip(verdicts) {
        if let Err(refused) = verdict {
            problems.push(refused);
            continue;
        }
        let Some(grantee) = registry.for_folder(&org, None) else {
            problems.push(unusable_folder(&rel, &org));
            continue;
        };
        let output = unique_asset_output(&mut outputs, &rel, year, &grantee, &rest, problems);
        site.assets.push(Asset {
            source: SourcePath::new(rel),
            output,
        });
    }

    site.engagements = engagements.into_values().collect();
    site.grantees = registry.grantees;
    sort(&mut site, registry.index);
    warn_same_period(&site.updates, problems);
    let hints = Hints::weigh(&site, declared);
    (site, hints)
}

/// What a text file of an engagement folder is, read from it alone.
#[derive(Debug, PartialEq)]
pub(super) struct Classified {
    kind: TextKind,
    /// Its period's problems.
    problems: Vec<Diagnostic>,
    /// The slug its path asks for.
    slug: Slug,
    /// Whether its title (front matter's, or the first heading) names only a period.
    title_is_period: bool,
}

pub(super) fn classify(
    rel: &str,
    year: i32,
    rest: &[String],
    front: &UpdateFrontMatter,
    body: &Markdown,
) -> Classified {
    let mut problems = Vec::new();
    let file_name = rest.last().map_or("", String::as_str);
    let kind = classify_text(rel, file_name, year, front, body, &mut problems);
    let title = front
        .title
        .as_deref()
        .or(body.outline().first_heading.as_deref());
    Classified {
        kind,
        problems,
        slug: base_slug(rest),
        title_is_period: title.is_some_and(period_infer::names_only_a_period),
    }
}

fn sort(site: &mut Site, index: HashMap<String, usize>) {
    // Grantees are sorted by slug; the index is rebuilt to follow them.
    let mut order: Vec<usize> = (0..site.grantees.len()).collect();
    order.sort_by(|&a, &b| site.grantees[a].slug.cmp(&site.grantees[b].slug));
    let mut new_position = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_position[old] = new;
    }
    let mut grantees: Vec<Option<Grantee>> = std::mem::take(&mut site.grantees)
        .into_iter()
        .map(Some)
        .collect();
    site.grantees = order
        .iter()
        .filter_map(|&old| grantees[old].take())
        .collect();
    site.grantee_index = index
        .into_iter()
        .map(|(k, old)| (k, new_position[old]))
        .collect();

    site.okr_years.sort_by_key(|o| o.year);
    site.reports
        .sort_by(|a, b| (a.period, a.kind, &a.source).cmp(&(b.period, b.kind, &b.source)));
    site.updates.sort_by(|a, b| {
        let undated_last = |u: &Update| (u.period.is_none(), u.period);
        (&a.grantee, undated_last(a), &a.source).cmp(&(&b.grantee, undated_last(b), &b.source))
    });
    site.pages.sort_by(|a, b| a.source.cmp(&b.source));
    site.assets.sort_by(|a, b| a.source.cmp(&b.source));
}

/// Updates can sit in a folder without a profile; the engagement still exists.
fn ensure_engagement(
    engagements: &mut BTreeMap<(i32, Slug), Engagement>,
    year: i32,
    grantee: &Slug,
    rel: &str,
) {
    let folder = SourcePath::new(rel).parent().to_string();
    engagements
        .entry((year, grantee.clone()))
        .or_insert_with(|| Engagement {
            year,
            grantee: grantee.clone(),
            source: SourcePath::new(folder.as_str()),
            spans: Spans::default(),
            folder,
            name: None,
            ecosystems: Vec::new(),
            start: None,
            end: None,
            status: None,
            homepage: None,
            funding: None,
            body: Markdown::default(),
        });
}
