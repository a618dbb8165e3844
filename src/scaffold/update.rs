//! `grantsite new update GRANTEE [PERIOD]`: a grantee update with its heading and sections,
//! in the grantee's engagement folder for the period's year, named so that its period reads
//! from the file name (`update-2024-10.md`).

use super::new_file::{self, NewError, NewFile};
use crate::diagnostics::suggest;
use crate::model::{Grantee, Period, Site};
use std::path::{Path, PathBuf};

/// Writes the update into the site at `root`; returns the file written.
pub fn create(root: &Path, grantee: &str, period: Period) -> Result<PathBuf, NewError> {
    let loaded = crate::load::load(root)?;
    let file = update_file(&loaded.site, grantee, period)?;
    new_file::write(root, &file)
}

/// The update's file: pure, from the loaded model.
pub fn update_file(site: &Site, grantee: &str, period: Period) -> Result<NewFile, NewError> {
    let (next, name) = match period {
        Period::Month(m) => ("Next month", m.to_string()),
        Period::Quarter { .. } => ("Next quarter", period.to_string()),
        _ => {
            return Err(NewError::Usage(format!(
                "an update covers a month (2024-10) or a quarter (2024-Q4), not {period}"
            )));
        }
    };
    let g = find(site, grantee)?;
    let folder = folder(site, g, period.year())?;
    let english = crate::i18n::english();
    if let Some(other) = site
        .updates
        .iter()
        .find(|u| u.grantee == g.slug && u.period == Some(period) && u.source.parent() == folder)
    {
        return Err(NewError::Covered {
            what: format!("{}'s update for {}", g.name, english.period(&period)),
            file: other.source.to_string(),
        });
    }
    Ok(NewFile {
        rel: format!("{folder}/update-{name}.md"),
        text: format!(
            "# {} Update - {}\n\n## Highlights\n\n## Work completed\n\n## {next}\n",
            g.name,
            english.period(&period)
        ),
    })
}

/// The grantee any of its names (slug, folder name, alias) stands for.
fn find<'a>(site: &'a Site, written: &str) -> Result<&'a Grantee, NewError> {
    site.grantee(written).ok_or_else(|| {
        let slugs = site.grantees.iter().map(|g| g.slug.as_str());
        let hint = match suggest(written, slugs) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "give its slug, folder name or alias; a new grantee needs a folder content/engagements/<year>/<organization>/ first".to_string(),
        };
        NewError::Usage(format!("no grantee is called `{written}`; {hint}"))
    })
}

/// The grantee's folder in `year`; else one named as its latest folder, in `year`.
fn folder(site: &Site, g: &Grantee, year: i32) -> Result<String, NewError> {
    if let Some(e) = site.engagement(year, &g.slug) {
        return Ok(e.folder.clone());
    }
    let latest = site
        .engagements
        .iter()
        .filter(|e| e.grantee == g.slug)
        .max_by_key(|e| e.year)
        .ok_or_else(|| {
            NewError::Usage(format!(
                "{} has no engagement folder to name one after; create content/engagements/{year}/<folder>/ for it",
                g.name
            ))
        })?;
    let name = latest.folder.rsplit('/').next().unwrap_or_default();
    Ok(format!("content/engagements/{year:04}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Site {
        crate::load::load(env!("CARGO_MANIFEST_DIR").as_ref())
            .unwrap()
            .site
    }

    fn period(s: &str) -> Period {
        s.parse().unwrap()
    }

    #[test]
    fn goes_into_the_grantees_folder_of_the_year_by_any_of_its_names() {
        let site = sample();
        for name in ["freebsd", "FreeBSD", "free bsd"] {
            let file = update_file(&site, name, period("2024-10")).unwrap();
            assert_eq!(
                file.rel,
                "content/engagements/2024/FreeBSD/update-2024-10.md"
            );
            assert_eq!(
                file.text,
                "# FreeBSD Update - October 2024\n\n## Highlights\n\n## Work completed\n\n## Next month\n"
            );
        }
        let file = update_file(&site, "rust-foundation", period("2024-Q4")).unwrap();
        assert_eq!(
            file.rel,
            "content/engagements/2024/Rust Foundation/update-2024-Q4.md"
        );
        assert!(
            file.text
                .starts_with("# Rust Foundation Update - Q4 2024\n")
        );
        assert!(file.text.ends_with("## Next quarter\n"));
    }

    #[test]
    fn a_new_year_takes_the_latest_folder_name() {
        let file = update_file(&sample(), "node-js", period("2025-01")).unwrap();
        assert_eq!(
            file.rel,
            "content/engagements/2025/Node.js/update-2025-01.md"
        );
    }

    #[test]
    fn the_headings_period_agrees_with_the_file_name() {
        for p in ["2024-11", "2024-Q4"] {
            let file = update_file(&sample(), "pypi", period(p)).unwrap();
            let name = file.rel.rsplit('/').next().unwrap();
            let from_name = crate::load::period_infer::from_file_name(name).unwrap();
            let from_heading = crate::load::period_infer::from_heading(&file.text).unwrap();
            assert_eq!(from_name.period, period(p));
            assert_eq!(from_heading.period, period(p));
        }
    }

    #[test]
    fn refuses_unknown_grantees_with_a_suggestion_and_covered_periods() {
        let site = sample();
        let err = update_file(&site, "freebds", period("2024-10")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "no grantee is called `freebds`; did you mean `freebsd`?"
        );
        let err = update_file(&site, "freebsd", period("2024-09")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "FreeBSD's update for September 2024 is already content/engagements/2024/FreeBSD/update-2024-09.md; edit that file instead"
        );
        let err = update_file(&site, "freebsd", period("2024")).unwrap_err();
        assert!(err.to_string().contains("not 2024"), "{err}");
    }
}
