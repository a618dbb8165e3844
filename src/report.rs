//! Prints diagnostics: for people, with the source line and the span underlined (through
//! codespan-reporting), colour only on a terminal and never with NO_COLOR; for CI, one JSON
//! object per line.

use crate::diagnostics::{Diagnostic, Severity, Sources};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, termcolor};
use std::io::{IsTerminal, Write};
use std::ops::Range;

/// Byte range in `text` of `len` characters from 1-based `line`, `column`.
fn span(text: &str, line: usize, column: usize, len: usize) -> Option<Range<usize>> {
    let start_of_line: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text.get(start_of_line..)?.split('\n').next()?;
    let byte_at = |chars: usize| {
        line_text
            .char_indices()
            .nth(chars)
            .map_or(line_text.len(), |(i, _)| i)
    };
    let from = byte_at(column.saturating_sub(1));
    let to = byte_at(column.saturating_sub(1) + len.max(1)).max(from);
    Some(start_of_line + from..start_of_line + to)
}

fn to_report(
    d: &Diagnostic,
    files: &mut SimpleFiles<String, String>,
    sources: &Sources,
) -> Report<usize> {
    let base = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let mut report = base.with_message(&d.message);
    let located = sources
        .get(&d.file)
        .filter(|_| d.line > 0)
        .and_then(|text| Some((text, span(text, d.line, d.column.max(1), d.len)?)));
    match located {
        Some((text, range)) => {
            let id = files.add(d.file.clone(), text.clone());
            report = report.with_labels(vec![Label::primary(id, range)]);
        }
        None => report = report.with_notes(vec![format!("in {}", location(d))]),
    }
    if let Some(hint) = &d.hint {
        report.notes.push(format!("hint: {hint}"));
    }
    report
}

fn location(d: &Diagnostic) -> String {
    match (d.line, d.column) {
        (0, _) => d.file.clone(),
        (l, 0) => format!("{}:{l}", d.file),
        (l, c) => format!("{}:{l}:{c}", d.file),
    }
}

/// The diagnostics as plain text, as `human` prints them without colour.
pub fn to_text(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let mut files = SimpleFiles::new();
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let report = to_report(d, &mut files, sources);
        if term::emit_to_string(&mut out, &config, &files, &report).is_err() {
            out.push_str(&format!("{}: {}\n", location(d), d.message));
        }
    }
    out
}

pub fn human(diagnostics: &[Diagnostic], sources: &Sources) {
    if diagnostics.is_empty() {
        return;
    }
    let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    if !colour {
        let _ = std::io::stderr().write_all(to_text(diagnostics, sources).as_bytes());
        return;
    }
    let stream = termcolor::StandardStream::stderr(termcolor::ColorChoice::Auto);
    let mut lock = stream.lock();
    let mut files = SimpleFiles::new();
    let config = Config::default();
    for d in diagnostics {
        let report = to_report(d, &mut files, sources);
        if term::emit_to_write_style(&mut lock, &config, &files, &report).is_err() {
            let _ = writeln!(lock, "{}: {}", location(d), d.message);
        }
    }
}

pub fn json(diagnostics: &[Diagnostic]) {
    let mut out = std::io::stdout().lock();
    for d in diagnostics {
        if let Ok(line) = serde_json::to_string(d) {
            let _ = writeln!(out, "{line}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_not_bytes() {
        let text = "a: 1\nbé: x\n";
        assert_eq!(span(text, 2, 4, 1), Some(9..10));
        assert_eq!(&text[span(text, 2, 1, 2).unwrap()], "bé");
    }

    #[test]
    fn prints_file_line_snippet_and_hint() {
        let mut sources = Sources::new();
        sources.insert("content/r.md".into(), "---\nstatus: Done\n---\n".into());
        let d = Diagnostic::error("content/r.md", "unknown status")
            .at(2, 9)
            .underline(4)
            .hint("use on-target");
        let text = to_text(&[d], &sources);
        assert!(text.contains("content/r.md:2:9"), "{text}");
        assert!(text.contains("status: Done"), "{text}");
        assert!(text.contains("^^^^"), "{text}");
        assert!(text.contains("hint: use on-target"), "{text}");
    }
}
