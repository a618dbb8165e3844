//! The closed set of statuses a key result can have in a report.

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    OnTarget,
    AtRisk,
    OffTrack,
    Planning,
    NotStarted,
    NotMeasured,
    Completed,
}

impl Status {
    pub const ALL: [Status; 7] = [
        Status::OnTarget,
        Status::AtRisk,
        Status::OffTrack,
        Status::Planning,
        Status::NotStarted,
        Status::NotMeasured,
        Status::Completed,
    ];

    /// The canonical spelling, also used as a CSS class and to look up its label
    /// (`status.on-target` in `crate::i18n`'s tables).
    pub fn slug(self) -> &'static str {
        match self {
            Status::OnTarget => "on-target",
            Status::AtRisk => "at-risk",
            Status::OffTrack => "off-track",
            Status::Planning => "planning",
            Status::NotStarted => "not-started",
            Status::NotMeasured => "not-measured",
            Status::Completed => "completed",
        }
    }
}

/// Why a status did not parse; the message lists every valid value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown status `{written}`; valid statuses are: {}", valid_list())]
pub struct UnknownStatus {
    pub written: String,
}

fn valid_list() -> String {
    Status::ALL.map(Status::slug).join(", ")
}

impl FromStr for Status {
    type Err = UnknownStatus;

    /// Forgives case, spaces and underscores, as real reports write "On Target" and
    /// "Not measured".
    fn from_str(written: &str) -> Result<Self, Self::Err> {
        let normal: String = written
            .split(|c: char| c.is_whitespace() || c == '_' || c == '-')
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join("-");
        Status::ALL
            .into_iter()
            .find(|s| s.slug() == normal)
            .ok_or_else(|| UnknownStatus {
                written: written.to_string(),
            })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

crate::deserialize_from_str!(Status, "a status");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spellings_seen_in_real_reports() {
        let cases = [
            ("On target", Status::OnTarget),
            ("On Target", Status::OnTarget),
            ("on-target", Status::OnTarget),
            ("  on_target ", Status::OnTarget),
            ("Not measured", Status::NotMeasured),
            ("Not started", Status::NotStarted),
            ("Planning", Status::Planning),
            ("COMPLETED", Status::Completed),
            ("at risk", Status::AtRisk),
            ("Off-Track", Status::OffTrack),
        ];
        for (written, want) in cases {
            assert_eq!(written.parse::<Status>(), Ok(want), "{written}");
        }
    }

    #[test]
    fn errors_on_unknown_status_listing_valid_values() {
        let err = "Done-ish".parse::<Status>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown status `Done-ish`; valid statuses are: on-target, at-risk, off-track, \
             planning, not-started, not-measured, completed"
        );
    }
}
