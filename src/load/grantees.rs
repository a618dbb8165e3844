//! Grantees: one per organization, whatever folder names and aliases it appears under.
//! `grantees.yaml` declares canonical names and aliases; folder names that differ only in case,
//! spaces or punctuation merge by themselves.

use super::raw::RawGrantee;
use crate::diagnostics::Diagnostic;
use crate::model::{Grantee, Slug};
use std::collections::HashMap;

#[derive(Default)]
pub(super) struct Registry {
    pub(super) grantees: Vec<Grantee>,
    pub(super) index: HashMap<String, usize>,
}

impl Registry {
    pub(super) fn find(&self, name: &str) -> Option<usize> {
        let key = Slug::from_name(name)?.loose_key();
        self.index.get(&key).copied()
    }

    pub(super) fn declare(&mut self, rel: &str, raw: RawGrantee, problems: &mut Vec<Diagnostic>) {
        let Some(slug) = Slug::from_name(&raw.name) else {
            problems.push(Diagnostic::error(
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

pub(super) fn unusable_folder(rel: &str, org: &str) -> Diagnostic {
    Diagnostic::error(
        rel,
        format!("folder name `{org}` has no letters or digits to make a URL from"),
    )
    .hint("rename the folder after the organization")
}
