//! Front matter and YAML files exactly as authors write them. Values that have a type (status,
//! period, dates, ids) parse here, at the edge, so a bad one is reported on its own line.
//! Every field's doc comment is documentation for content authors.

use crate::model::{
    Contact, Date, EngagementStatus, EventDate, EventKind, Funding, GranteeLinks, KeyResultId,
    Link, Markdown, Member, Money, ObjectiveId, Period, ReportKind, Status, WebUrl,
};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::fmt;

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProgramFile {
    /// The program's name, e.g. Alpha-Omega.
    pub name: String,
    /// One line under the name.
    pub tagline: String,
    /// Markdown: why the program exists.
    #[serde(default)]
    pub purpose: Option<Markdown>,
    /// Where the site is published; may have a sub-path.
    pub base_url: String,
    /// The site's language tag, default `en`.
    #[serde(default)]
    pub language: Option<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// Links for the footer.
    #[serde(default)]
    pub links: Vec<Link>,
    #[serde(default)]
    pub team: Vec<Member>,
    /// `warning` (default) or `error`: what a broken link in a grantee's file is.
    #[serde(default)]
    pub grantee_links: GranteeLinks,
    /// What grantees' engagement folders may publish besides the built-in inert types.
    #[serde(default)]
    pub assets: RawAssetRules,
    /// The Atom feed: `{ entries: 50 }`.
    #[serde(default)]
    pub feed: RawFeed,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFeed {
    /// How many of the latest reports and updates the feed carries; default 50.
    #[serde(default)]
    pub entries: Option<usize>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssetRules {
    /// More extensions to publish, e.g. `[mp4, zip]`; only ever adds to the built-in list.
    #[serde(default)]
    pub extra_types: Vec<String>,
    /// The largest file copied, in MB; default 20.
    #[serde(default)]
    pub max_mb: Option<u64>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OkrFile {
    pub objectives: Vec<RawObjective>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawObjective {
    /// `O1`, `O2`, ...
    pub id: ObjectiveId,
    pub text: String,
    pub key_results: Vec<RawKeyResult>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyResult {
    /// `KR1.1`; `KR 1.1` is accepted.
    pub id: KeyResultId,
    pub text: String,
    /// When the key result is due.
    #[serde(default)]
    pub due: Option<Date>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportFrontMatter {
    pub title: String,
    /// monthly | quarterly | annual
    pub kind: ReportKind,
    /// 2024-09, 2024-Q2, 2024, or a month range 2024-03..2024-04.
    pub period: Period,
    #[serde(default)]
    pub published: Option<Date>,
    /// One or two sentences for the archive, the feed and the home page.
    #[serde(default)]
    pub summary: Option<String>,
    /// Drafts are built only with `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Key-result id -> status, or {status, note}.
    #[serde(default)]
    pub okrs: UniqueMap<KeyResultId, RawKeyResultStatus>,
    #[serde(default)]
    pub engagements: RawEngagementLists,
    #[serde(default)]
    pub highlights: Vec<RawHighlight>,
    #[serde(default)]
    pub upcoming: Vec<RawUpcoming>,
    #[serde(default)]
    pub funding: Option<Funding>,
}

/// `On target`, or `{status: on-target, note: ...}`.
#[derive(Clone, Debug)]
pub struct RawKeyResultStatus(pub RawStatusWithNote);

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStatusWithNote {
    pub status: Status,
    /// Markdown: why, or what changed.
    #[serde(default)]
    pub note: Option<Markdown>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngagementLists {
    #[serde(default)]
    pub new: Vec<RawEngagementEntry>,
    #[serde(default)]
    pub renewed: Vec<RawEngagementEntry>,
    #[serde(default)]
    pub existing: Vec<RawEngagementEntry>,
}

/// A grantee slug, or `{grantee, title, note}`.
#[derive(Clone, Debug)]
pub struct RawEngagementEntry(pub RawEngagementDetail);

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngagementDetail {
    /// The grantee's slug, folder name or alias.
    pub grantee: String,
    /// Shown instead of the grantee's name.
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown: what this engagement is about.
    #[serde(default)]
    pub note: Option<Markdown>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHighlight {
    pub grantee: String,
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown.
    pub text: Markdown,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpcoming {
    /// A date, or a month when only the month is known.
    pub date: EventDate,
    /// report | meeting | roundtable | event
    #[serde(default)]
    pub kind: EventKind,
    /// Markdown.
    pub text: Markdown,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EngagementFrontMatter {
    /// The engagement's name; default: the grantee's name.
    #[serde(default)]
    pub name: Option<String>,
    /// The grantee's display name; default: the folder name.
    #[serde(default)]
    pub grantee: Option<String>,
    #[serde(default)]
    pub ecosystems: Vec<String>,
    #[serde(default)]
    pub start: Option<Date>,
    #[serde(default)]
    pub end: Option<Date>,
    /// active | completed | paused | planned
    #[serde(default)]
    pub status: Option<EngagementStatus>,
    #[serde(default)]
    pub homepage: Option<WebUrl>,
    #[serde(default)]
    pub funding: Option<Money>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateFrontMatter {
    /// Wins over the period in the file name or heading.
    #[serde(default)]
    pub period: Option<Period>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGrantee {
    /// The canonical display name; its slug is the grantee's id.
    pub name: String,
    /// Other names: folder names in other years, abbreviations.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub homepage: Option<WebUrl>,
}

/// A YAML mapping whose keys must be unique after parsing (`KR 1.1` and `KR1.1` are the same
/// key), kept in the order written.
#[derive(Clone, Debug)]
pub struct UniqueMap<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for UniqueMap<K, V> {
    fn default() -> Self {
        UniqueMap(Vec::new())
    }
}

impl<'de, K, V> Deserialize<'de> for UniqueMap<K, V>
where
    K: Deserialize<'de> + PartialEq + fmt::Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<K, V>(std::marker::PhantomData<(K, V)>);
        impl<'de, K, V> Visitor<'de> for MapVisitor<K, V>
        where
            K: Deserialize<'de> + PartialEq + fmt::Display,
            V: Deserialize<'de>,
        {
            type Value = UniqueMap<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a mapping")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(K, V)> = Vec::new();
                while let Some(key) = map.next_key::<K>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!("duplicate entry for {key}")));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(UniqueMap(entries))
            }
        }
        d.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

/// Deserializes "a plain string, or the full mapping", keeping the inner error messages (an
/// untagged enum would replace them with "data did not match any variant").
fn string_or_map<'de, D, T>(
    d: D,
    expecting: &'static str,
    from_str: fn(&str) -> Result<T, String>,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct V<T> {
        expecting: &'static str,
        from_str: fn(&str) -> Result<T, String>,
    }
    impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.expecting)
        }
        fn visit_str<E: de::Error>(self, text: &str) -> Result<T, E> {
            (self.from_str)(text).map_err(E::custom)
        }
        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::deserialize(de::value::MapAccessDeserializer::new(map))
        }
    }
    d.deserialize_any(V {
        expecting,
        from_str,
    })
}

impl<'de> Deserialize<'de> for RawKeyResultStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parse = |text: &str| {
            let status = text.parse::<Status>().map_err(|e| e.to_string())?;
            Ok(RawStatusWithNote { status, note: None })
        };
        string_or_map(d, "a status, or {status, note}", parse).map(RawKeyResultStatus)
    }
}

impl<'de> Deserialize<'de> for RawEngagementEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let parse = |text: &str| {
            Ok(RawEngagementDetail {
                grantee: text.to_string(),
                title: None,
                note: None,
            })
        };
        string_or_map(d, "a grantee slug, or {grantee, title, note}", parse).map(RawEngagementEntry)
    }
}
