//! Splits a Markdown file into YAML front matter and body by lines, so that line numbers stay
//! exact. Only a `---` on the very first line opens front matter; the next line that is exactly
//! `---` closes it. Any other `---` is a Markdown thematic break.

use crate::diagnostics::{Code, Diagnostic};

#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences, if the file has front matter.
    pub yaml: Option<&'a str>,
    /// 1-based file line of the first YAML line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based file line of the first body line.
    pub body_line: usize,
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Ok(Split {
            yaml: None,
            yaml_line: 0,
            body: text,
            body_line: 1,
        });
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if is_fence(raw) {
            let body_start = offset + raw.len();
            return Ok(Split {
                yaml: Some(&text[yaml_start..offset]),
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw.len();
    }
    Err(Diagnostic::error(
        Code::FrontMatterUnclosed,
        file,
        "front matter is never closed",
    )
    .at(1, 1)
    .underline(3)
    .hint("add a line with just `---` after the last front-matter field"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_keeps_body_line() {
        let s = split("f", "---\ntitle: x\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, Some("title: x\n"));
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn treats_later_rules_as_markdown() {
        let text = "# Title\n\n---\n\nmore\n";
        let s = split("f", text).unwrap();
        assert_eq!((s.yaml, s.body), (None, text));
    }

    #[test]
    fn accepts_empty_front_matter_and_trailing_spaces_on_fences() {
        let s = split("f", "--- \n---\nbody").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), (Some(""), "body", 3));
    }

    #[test]
    fn errors_on_unclosed_front_matter() {
        let err = split("f", "---\ntitle: x\n# Body\n").unwrap_err();
        assert_eq!(err.message, "front matter is never closed");
        assert_eq!((err.line, err.column), (1, 1));
    }

    #[test]
    fn closing_fence_at_end_of_file_without_newline() {
        let s = split("f", "---\na: 1\n---").unwrap();
        assert_eq!((s.yaml, s.body), (Some("a: 1\n"), ""));
    }
}
