//! Objective and key-result ids (`O1`, `KR1.1`), parsed once from the spellings real reports
//! use (`KR 1.1`, `kr1.1`) into numbers.

use std::fmt;
use std::str::FromStr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectiveId(pub u16);

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyResultId {
    pub objective: u16,
    pub index: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("`{0}` is not an objective id: write O1, O2, ...")]
    Objective(String),
    #[error("`{0}` is not a key-result id: write KR1.1 (objective 1, key result 1)")]
    KeyResult(String),
}

/// Strips a case-insensitive prefix and any spaces or dashes after it.
fn after_prefix<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let text = text.trim();
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text[prefix.len()..].trim_start_matches([' ', '-', '\u{a0}']))
}

fn number(digits: &str) -> Option<u16> {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n > 0)
}

impl FromStr for ObjectiveId {
    type Err = IdError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        after_prefix(text, "O")
            .and_then(number)
            .map(ObjectiveId)
            .ok_or_else(|| IdError::Objective(text.to_string()))
    }
}

impl FromStr for KeyResultId {
    type Err = IdError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parsed = after_prefix(text, "KR").and_then(|rest| {
            let (objective, index) = rest.split_once('.')?;
            Some(KeyResultId {
                objective: number(objective)?,
                index: number(index)?,
            })
        });
        parsed.ok_or_else(|| IdError::KeyResult(text.to_string()))
    }
}

impl KeyResultId {
    pub fn objective_id(self) -> ObjectiveId {
        ObjectiveId(self.objective)
    }

    /// The spelling reports use in prose: `KR 1.1`.
    pub fn label(self) -> String {
        format!("KR {}.{}", self.objective, self.index)
    }
}

impl fmt::Display for ObjectiveId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "O{}", self.0)
    }
}

impl fmt::Display for KeyResultId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KR{}.{}", self.objective, self.index)
    }
}

crate::serialize_display!(ObjectiveId);
crate::serialize_display!(KeyResultId);
crate::deserialize_from_str!(ObjectiveId, "an objective id such as O1");
crate::deserialize_from_str!(KeyResultId, "a key-result id such as KR1.1");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_key_result_spellings() {
        for written in ["KR1.1", "KR 1.1", "kr1.1", " KR-1.1 ", "KR\u{a0}1.1"] {
            let id: KeyResultId = written.parse().unwrap();
            assert_eq!(id.to_string(), "KR1.1", "{written}");
        }
        assert_eq!("KR 12.3".parse::<KeyResultId>().unwrap().label(), "KR 12.3");
    }

    #[test]
    fn rejects_malformed_ids() {
        for written in ["KR1", "KR1.", "K1.1", "KR1.1.1", "KR0.1", "KRa.b", "", "O"] {
            assert!(written.parse::<KeyResultId>().is_err(), "{written}");
        }
        assert_eq!("O3".parse::<ObjectiveId>(), Ok(ObjectiveId(3)));
        assert!("O".parse::<ObjectiveId>().is_err());
        assert!("Objective 1".parse::<ObjectiveId>().is_err());
    }

    #[test]
    fn orders_numerically_not_lexically() {
        let a: KeyResultId = "KR1.2".parse().unwrap();
        let b: KeyResultId = "KR1.10".parse().unwrap();
        assert!(a < b);
    }
}
