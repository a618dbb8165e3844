//! Problems found in content: collected across the whole site (never stop at the first), each
//! pointing at a file, line and column, with a hint that says how to fix it.

mod codes;

pub use codes::Code;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::collections::BTreeMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// Site-relative, `/`-separated.
    pub file: String,
    /// 1-based; 0 when the problem is with the file as a whole.
    pub line: usize,
    /// 1-based, in characters; 0 when unknown.
    pub column: usize,
    /// Characters to underline from `column`; 0 underlines nothing.
    pub len: usize,
    pub message: String,
    pub hint: Option<String>,
}

/// For machines (`check --format json`): an unknown line or column is `null`, not 0.
impl Serialize for Diagnostic {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let known = |n: usize| (n > 0).then_some(n);
        let mut d = s.serialize_struct("Diagnostic", 8)?;
        d.serialize_field("severity", &self.severity)?;
        d.serialize_field("code", &self.code)?;
        d.serialize_field("name", self.code.name())?;
        d.serialize_field("file", &self.file)?;
        d.serialize_field("line", &known(self.line))?;
        d.serialize_field("column", &known(self.column))?;
        d.serialize_field("message", &self.message)?;
        d.serialize_field("hint", &self.hint)?;
        d.end()
    }
}

impl Diagnostic {
    pub fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.into(),
            line: 0,
            column: 0,
            len: 0,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    pub fn underline(mut self, len: usize) -> Self {
        self.len = len;
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Points at a span, where one is known.
    pub fn at_span(self, span: Option<crate::model::Span>) -> Self {
        match span {
            Some(s) => self.at(s.line, s.column).underline(s.len),
            None => self,
        }
    }
}

/// All problems of one run, in a stable order: by file, then position.
#[derive(Debug, Default)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(ds);
    }

    /// Sorted by file, line, column, then severity and message; duplicates dropped.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.0.dedup();
        self.0
    }
}

/// The text of every file read, keyed by site-relative path, so diagnostics can show snippets.
/// Shared, so that `serve` keeps each file's text across checks without copying it.
pub type Sources = BTreeMap<String, std::sync::Arc<str>>;

/// The closest candidate by edit distance, if close enough to be what was meant.
pub fn suggest<'a>(
    written: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let written = written.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(&written, &c.to_lowercase()), c))
        .filter(|&(distance, c)| distance <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        let slugs = ["openrefactory", "openssl", "freebsd"];
        assert_eq!(suggest("openrefractory", slugs), Some("openrefactory"));
        assert_eq!(suggest("titel", ["title", "kind"]), Some("title"));
        assert_eq!(suggest("zzzzzz", slugs), None);
    }
}
