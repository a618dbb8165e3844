//! The stable code of every kind of problem: CI rules, editor integrations and people searching
//! docs/diagnostics.md key on them, so a code, once published, keeps its number and its name.
//! The letter says what the problem is by default: `E` an error, `W` a warning.

use serde::{Serialize, Serializer};

macro_rules! codes {
    ($($variant:ident = $code:literal $name:literal,)*) => {
        /// What kind of problem a diagnostic reports.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order docs/diagnostics.md lists them.
            pub const ALL: &[Code] = &[$(Code::$variant,)*];

            /// `E0104`.
            pub fn code(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// `unknown-status`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    // Files and text.
    CannotRead = "E0001" "cannot-read",
    FileTooLarge = "E0002" "file-too-large",
    NotUtf8 = "E0003" "not-utf8",
    ControlCharacter = "E0004" "control-character",
    SymlinkOutside = "E0005" "symlink-outside",
    SymlinkBroken = "E0006" "symlink-broken",
    SymlinkLoop = "E0007" "symlink-loop",
    FolderLinkRefused = "E0008" "folder-link-refused",
    NotAFolder = "E0009" "not-a-folder",
    CaseClash = "E0010" "case-clash",
    NotContent = "W0011" "not-content",
    FolderNotAYear = "E0012" "folder-not-a-year",
    NoProgram = "E0013" "no-program",
    NoContent = "E0014" "no-content",
    // Front matter and YAML.
    FrontMatterUnclosed = "E0101" "front-matter-unclosed",
    YamlSyntax = "E0102" "yaml-syntax",
    DuplicateKey = "E0103" "duplicate-key",
    UnknownStatus = "E0104" "unknown-status",
    UnknownField = "E0105" "unknown-field",
    MissingField = "E0106" "missing-field",
    WrongType = "E0107" "wrong-type",
    UnknownValue = "E0108" "unknown-value",
    InvalidValue = "E0109" "invalid-value",
    EmptyReport = "E0110" "empty-report",
    NoFrontMatter = "E0111" "no-front-matter",
    InvalidBaseUrl = "E0112" "invalid-base-url",
    InvalidSetting = "E0113" "invalid-setting",
    YamlTooDeep = "E0114" "yaml-too-deep",
    // How reports and OKRs fit together.
    DuplicateReport = "E0201" "duplicate-report",
    EndBeforeStart = "E0202" "end-before-start",
    DuplicateObjective = "E0203" "duplicate-objective",
    DuplicateKeyResult = "E0204" "duplicate-key-result",
    KeyResultMisplaced = "E0205" "key-result-misplaced",
    KindPeriodMismatch = "E0206" "kind-period-mismatch",
    NoSummary = "W0207" "no-summary",
    NoOkrFile = "E0208" "no-okr-file",
    UndefinedKeyResult = "E0209" "undefined-key-result",
    MissingStatus = "W0210" "missing-status",
    UnknownGrantee = "E0211" "unknown-grantee",
    HighlightNotListed = "W0212" "highlight-not-listed",
    UndatedUpdate = "W0213" "undated-update",
    StaleCopy = "W0214" "stale-copy",
    // Links.
    BrokenLink = "E0301" "broken-link",
    MissingAnchor = "E0302" "missing-anchor",
    GranteeBrokenLink = "W0303" "grantee-broken-link",
    GranteeMissingAnchor = "W0304" "grantee-missing-anchor",
    // Engagement folders and grantees.
    DuplicatePeriod = "W0401" "duplicate-period",
    AssetRenamed = "W0402" "asset-renamed",
    PeriodDisagrees = "W0403" "period-disagrees",
    UnusableName = "E0404" "unusable-name",
    AliasConflict = "E0405" "alias-conflict",
    TwoProfiles = "E0406" "two-profiles",
    AssetType = "E0407" "asset-type",
    AssetTooLarge = "E0408" "asset-too-large",
    UnsafeSvg = "E0409" "unsafe-svg",
    GranteeAliasHint = "W0410" "maybe-same-grantee",
    // Theme, templates and static files.
    TemplateError = "E0501" "template-error",
    UnknownThemeFile = "W0502" "unknown-theme-file",
    StaticCollision = "E0503" "static-collision",
    MissingTranslation = "W0504" "missing-translation",
    UnknownLanguage = "E0505" "unknown-language",
    UnknownTranslationKey = "W0506" "unknown-translation-key",
    UnknownTemplate = "E0510" "unknown-template",
    Internal = "E0999" "internal-error",
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let mut codes = HashSet::new();
        let mut names = HashSet::new();
        for code in Code::ALL {
            assert!(codes.insert(code.code()), "{code:?}");
            assert!(names.insert(code.name()), "{code:?}");
            let c = code.code();
            assert!(
                c.len() == 5 && (c.starts_with('E') || c.starts_with('W')),
                "{c}"
            );
            assert!(c[1..].bytes().all(|b| b.is_ascii_digit()), "{c}");
            assert!(
                code.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                code.name()
            );
        }
    }

    /// Every code has its section in docs/diagnostics.md, and the page lists no other.
    #[test]
    fn docs_list_every_code() {
        let docs = include_str!("../../docs/diagnostics.md");
        let listed: Vec<&str> = docs
            .lines()
            .filter_map(|l| l.strip_prefix("### "))
            .collect();
        let wanted: Vec<String> = Code::ALL
            .iter()
            .map(|c| format!("{} {}", c.code(), c.name()))
            .collect();
        assert_eq!(listed, wanted);
    }
}
