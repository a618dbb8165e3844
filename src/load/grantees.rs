//! Grantees: one per organization, whatever folder names and aliases it appears under.
//! `grantees.yaml` declares canonical names and aliases; folder names that differ only in case,
//! spaces or punctuation merge by themselves.

use super::raw::RawGrantee;
use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Grantee, Slug, SourcePath};
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Registry {
    pub(super) grantees: Vec<Grantee>,
    pub(super) index: HashMap<String, usize>,
}

impl Registry {
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        let key = Slug::loose_key_of(name)?;
        self.index.get(&key).copied()
    }

    pub(super) fn declare(&mut self, rel: &str, raw: RawGrantee, problems: &mut Vec<Diagnostic>) {
        let Some(slug) = Slug::from_name(&raw.name) else {
            problems.push(Diagnostic::error(
                Code::UnusableName,
                rel,
                format!("grantee name `{}` has no letters or digits", raw.name),
            ));
            return;
        };
        let at = self.grantees.len();
        for name in std::iter::once(&raw.name).chain(&raw.aliases) {
            let Some(key) = Slug::from_name(name).map(|s| s.loose_key()) else {
                continue;
            };
            if let Some(&other) = self.index.get(&key).filter(|&&i| i != at) {
                let owner = &self.grantees[other].name;
                problems.push(
                    Diagnostic::error(
                        Code::AliasConflict,
                        rel,
                        format!("`{name}` names two grantees: `{owner}` and `{}`", raw.name),
                    )
                    .hint("a name or alias may belong to one grantee only"),
                );
                continue;
            }
            self.index.insert(key, at);
        }
        self.grantees.push(Grantee {
            slug,
            name: raw.name,
            aliases: raw.aliases,
            homepage: raw.homepage,
        });
    }

    /// The grantee an engagement folder belongs to, created from the folder name if no
    /// declared grantee or earlier folder claims it.
    pub(super) fn for_folder(&mut self, org: &str, display: Option<&str>) -> Option<Slug> {
        if let Some(i) = self.find(org) {
            let g = &mut self.grantees[i];
            if !g.aliases.iter().any(|a| a == org) && g.name != org {
                g.aliases.push(org.to_string());
            }
            return Some(g.slug.clone());
        }
        let slug = Slug::from_name(org)?;
        self.index.insert(slug.loose_key(), self.grantees.len());
        self.grantees.push(Grantee {
            slug: slug.clone(),
            name: display.unwrap_or(org).to_string(),
            aliases: Vec::new(),
            homepage: None,
        });
        Some(slug)
    }
}

/// A second profile for a grantee that has one in `year` already. One profile gives the
/// engagement its name, homepage and text; letting the first in file-name order win would let
/// a pull request that adds `Open Refactory/README.md` beside `OpenRefactory/README.md`
/// replace the real grantee's page, so neither is chosen and the build fails.
pub(super) fn second_profile(first: &str, rel: &str, grantee: &Slug, year: i32) -> Diagnostic {
    let (first, second) = (SourcePath::new(first), SourcePath::new(rel));
    let folder_name = |p: &SourcePath| {
        p.parent()
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let (a, b) = (folder_name(&first), folder_name(&second));
    let loose = |name: &str| Slug::from_name(name).map(|s| s.loose_key());
    let hint = if first.parent() == second.parent() {
        format!(
            "both are the profile of folder `{a}`: keep one file and move what the other says into it"
        )
    } else if loose(&a) == loose(&b) {
        format!(
            "folder names `{a}` and `{b}` differ only in case, spaces or punctuation, so they are one grantee: \
             remove one profile, or if they are two organisations, rename one folder so the names differ by more"
        )
    } else {
        format!(
            "grantees.yaml makes `{a}` and `{b}` one grantee: remove one profile, or if they are two \
             organisations, give each its own entry in grantees.yaml"
        )
    };
    Diagnostic::error(
        Code::TwoProfiles,
        rel,
        format!("two profiles for grantee {grantee} in {year}: {first} and {second}"),
    )
    .hint(hint)
}

pub(super) fn unusable_folder(rel: &str, org: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnusableName,
        rel,
        format!("folder name `{org}` has no letters or digits to make a URL from"),
    )
    .hint("rename the folder after the organization")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_profile_names_both_files_and_how_they_became_one_grantee() {
        let slug = Slug::from_name("OpenRefactory").unwrap();
        let cases = [
            (
                "2024/OpenRefactory/README.md",
                "2024/OpenRefactory/readme.md",
                "keep one file",
            ),
            (
                "2024/Open Refactory/README.md",
                "2024/OpenRefactory/README.md",
                "rename one folder",
            ),
            (
                "2024/ORC/README.md",
                "2024/OpenRefactory/README.md",
                "its own entry in grantees.yaml",
            ),
        ];
        for (first, second, fix) in cases {
            let d = second_profile(first, second, &slug, 2024);
            assert_eq!(d.severity, crate::diagnostics::Severity::Error);
            assert_eq!(d.file, second);
            assert!(
                d.message.contains(first) && d.message.contains(second),
                "{}",
                d.message
            );
            let hint = d.hint.unwrap_or_default();
            assert!(hint.contains(fix), "{second}: {hint}");
        }
    }
}
