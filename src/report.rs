//! Prints diagnostics: for people, with the source line and the span underlined (through
//! codespan-reporting), colour only on a terminal and never with NO_COLOR; for CI, one JSON
//! object per line. What people see quotes grantees' files, so it is escaped for the terminal
//! and cut to a window around the span; the JSON keeps the exact text.

use crate::console::{escape_line, escaped_char};
use crate::diagnostics::{Diagnostic, Severity, Sources};
use codespan_reporting::diagnostic::{Diagnostic as Report, Label};
use codespan_reporting::files::{Error as FilesError, Files};
use codespan_reporting::term::{self, Config, termcolor};
use std::io::{IsTerminal, Write};
use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Columns of a source line shown at most: a longer line is cut around the span, with [`CUT`]
/// on each cut side, so that a 150 KB line prints as one screen line.
const WINDOW: usize = 120;
/// Of those, the columns kept before the span when a line is cut.
const LEAD: usize = 40;
const CUT: &str = "…";
/// Characters of a message or hint shown at most; they can quote a value of any length.
const MESSAGE: usize = 300;

/// The one source line a diagnostic shows, as the terminal gets it: escaped and cut to a
/// window. It answers codespan's questions with the line's true number and column, so the
/// header stays true to the file whatever was cut.
struct Snippet {
    name: String,
    text: String,
    line: usize,
    column: usize,
}

impl<'a> Files<'a> for Snippet {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, FilesError> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _: usize) -> Result<usize, FilesError> {
        Ok(self.line)
    }

    fn column_number(&'a self, (): (), _: usize, _: usize) -> Result<usize, FilesError> {
        Ok(self.column)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, FilesError> {
        match line_index {
            0 => Ok(0..self.text.len()),
            given => Err(FilesError::LineTooLarge { given, max: 0 }),
        }
    }
}

/// Line `line` (1-based) of `text`, without its line break.
fn line_of(text: &str, line: usize) -> Option<&str> {
    let raw = text.split('\n').nth(line.checked_sub(1)?)?;
    Some(raw.strip_suffix('\r').unwrap_or(raw))
}

/// Columns `c` takes on the terminal once escaped; at least one, so that a line of
/// zero-width characters is cut like any other.
fn width(c: char) -> usize {
    match escaped_char(c) {
        Some(escape) => escape.len(),
        None if c == '\t' => 4,
        None => c.width().unwrap_or(0).max(1),
    }
}

/// The characters of a line of these `widths` to show for a span starting at character
/// `from`: all of them if they fit in [`WINDOW`], else a window that starts up to [`LEAD`]
/// columns before the span.
fn window(widths: &[usize], from: usize) -> Range<usize> {
    if widths.iter().sum::<usize>() <= WINDOW {
        return 0..widths.len();
    }
    let from = from.min(widths.len());
    let mut start = from;
    let mut used = 0;
    while start > 0 && used + widths[start - 1] <= LEAD {
        start -= 1;
        used += widths[start];
    }
    let mut end = start;
    let mut used = 0;
    while end < widths.len() && used + widths[end] <= WINDOW {
        used += widths[end];
        end += 1;
    }
    // Near the end of the line, what is left of the window goes to the left.
    while start > 0 && used + widths[start - 1] <= WINDOW {
        start -= 1;
        used += widths[start];
    }
    start..end
}

/// The shown text of `line` and the byte range in it to underline: `len` characters from the
/// 1-based `column`, cut to the window.
fn cut(line: &str, column: usize, len: usize) -> (String, Range<usize>) {
    let chars: Vec<char> = line.chars().collect();
    let from = column.saturating_sub(1).min(chars.len());
    let to = (from + len.max(1)).min(chars.len());
    let widths: Vec<usize> = chars.iter().map(|&c| width(c)).collect();
    let shown = window(&widths, from);
    let mut text = String::new();
    if shown.start > 0 {
        text.push_str(CUT);
    }
    let (mut span_start, mut span_end) = (None, None);
    for (i, &c) in chars.iter().enumerate().take(shown.end).skip(shown.start) {
        if i == from.max(shown.start) {
            span_start = Some(text.len());
        }
        if i == to.min(shown.end) {
            span_end = Some(text.len());
        }
        match escaped_char(c) {
            Some(escape) => text.push_str(&escape),
            None => text.push(c),
        }
    }
    let span_start = span_start.unwrap_or(text.len());
    let span_end = span_end.unwrap_or(text.len()).max(span_start);
    if shown.end < chars.len() {
        text.push_str(CUT);
    }
    (text, span_start..span_end)
}

/// `text` for one line of the terminal: escaped, and if longer than [`MESSAGE`] characters,
/// cut in the middle so that both what the message quotes and what it says after stay.
fn shown(text: &str) -> String {
    let count = text.chars().count();
    if count <= MESSAGE {
        return escape_line(text).into_owned();
    }
    let head: String = text.chars().take(MESSAGE * 2 / 3).collect();
    let tail: String = text.chars().skip(count - MESSAGE / 3).collect();
    format!("{}{CUT}{}", escape_line(&head), escape_line(&tail))
}

fn to_report(d: &Diagnostic, sources: &Sources) -> (Report<()>, Snippet) {
    let base = match d.severity {
        Severity::Error => Report::error(),
        Severity::Warning => Report::warning(),
    };
    let mut report = base
        .with_code(format!("{} {}", d.code.code(), d.code.name()))
        .with_message(shown(&d.message));
    let mut snippet = Snippet {
        name: escape_line(&d.file).into_owned(),
        text: String::new(),
        line: d.line,
        column: d.column.max(1),
    };
    let line = sources
        .get(&d.file)
        .filter(|_| d.line > 0)
        .and_then(|text| line_of(text, d.line));
    match line {
        Some(line) => {
            let (text, underline) = cut(line, snippet.column, d.len);
            snippet.text = text;
            report = report.with_labels(vec![Label::primary((), underline)]);
        }
        None => report = report.with_notes(vec![format!("in {}", location(d))]),
    }
    if let Some(hint) = &d.hint {
        report.notes.push(format!("hint: {}", shown(hint)));
    }
    (report, snippet)
}

/// `file:line:column` as far as known, escaped for the terminal.
fn location(d: &Diagnostic) -> String {
    let file = escape_line(&d.file);
    match (d.line, d.column) {
        (0, _) => file.into_owned(),
        (l, 0) => format!("{file}:{l}"),
        (l, c) => format!("{file}:{l}:{c}"),
    }
}

/// The diagnostics as plain text, as `human` prints them without colour.
pub fn to_text(diagnostics: &[Diagnostic], sources: &Sources) -> String {
    let config = Config::default();
    let mut out = String::new();
    for d in diagnostics {
        let (report, snippet) = to_report(d, sources);
        if term::emit_to_string(&mut out, &config, &snippet, &report).is_err() {
            out.push_str(&format!("{}: {}\n", location(d), shown(&d.message)));
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
    let config = Config::default();
    for d in diagnostics {
        let (report, snippet) = to_report(d, sources);
        if term::emit_to_write_style(&mut lock, &config, &snippet, &report).is_err() {
            let _ = writeln!(lock, "{}: {}", location(d), shown(&d.message));
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

/// GitHub Actions workflow commands: each problem becomes an annotation on the pull request's
/// diff, at its file and line.
pub fn github(diagnostics: &[Diagnostic]) {
    let mut out = std::io::stdout().lock();
    for d in diagnostics {
        let _ = writeln!(out, "{}", github_line(d));
    }
}

/// `::error file=…,line=…,col=…,title=E0104 unknown-status::message`; `%`, CR and LF are
/// escaped everywhere, `:` and `,` in properties too, as the runner reads them.
fn github_line(d: &Diagnostic) -> String {
    let data = |text: &str| {
        text.replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A")
    };
    let property = |text: &str| data(text).replace(':', "%3A").replace(',', "%2C");
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", property(&d.file))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
        if d.column > 0 {
            props.push(format!("col={}", d.column));
        }
    }
    props.push(format!(
        "title={}",
        property(&format!("{} {}", d.code.code(), d.code.name()))
    ));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!("::{level} {}::{}", props.join(","), data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn github_annotations_escape_what_the_runner_reads() {
        let d = Diagnostic::error(
            Code::UnknownStatus,
            "content/a,b:c.md",
            "50% done\nsecond line",
        )
        .at(3, 7)
        .hint("did you mean `on-target`?");
        assert_eq!(
            github_line(&d),
            "::error file=content/a%2Cb%3Ac.md,line=3,col=7,title=E0104 unknown-status::50%25 done%0Asecond line%0Ahint: did you mean `on-target`?"
        );
        let w = Diagnostic::warning(Code::NoSummary, "content/r.md", "report has no summary");
        assert_eq!(
            github_line(&w),
            "::warning file=content/r.md,title=W0207 no-summary::report has no summary"
        );
    }

    #[test]
    fn spans_count_characters_not_bytes() {
        assert_eq!(cut("bé: x", 4, 1), ("bé: x".to_string(), 4..5));
        let (text, span) = cut("bé: x", 1, 2);
        assert_eq!(&text[span], "bé");
    }

    #[test]
    fn escapes_keep_the_underline_on_the_span() {
        let (text, span) = cut("a\x1b[31mb\u{202e}: x", 7, 1);
        assert_eq!(text, "a\\u{1b}[31mb\\u{202e}: x");
        assert_eq!(&text[span], "b");
    }

    #[test]
    fn a_long_line_is_cut_around_the_span() {
        let line = "x".repeat(150_000);
        let (text, span) = cut(&line, 100_000, 3);
        assert!(text.starts_with(CUT) && text.ends_with(CUT), "{text}");
        assert!(text.chars().count() <= WINDOW + 2, "{}", text.len());
        assert_eq!(&text[span.clone()], "xxx");
        assert_eq!(text[..span.start].chars().count(), LEAD + 1);
    }

    #[test]
    fn a_span_wider_than_the_window_is_underlined_to_its_edge() {
        let line = "y".repeat(10_000);
        let (text, span) = cut(&line, 1, 5_000);
        assert!(!text.starts_with(CUT) && text.ends_with(CUT), "{text}");
        assert_eq!(span, 0..WINDOW);
    }

    #[test]
    fn the_end_of_a_long_line_fills_the_window_from_the_left() {
        let line = "z".repeat(1_000);
        let (text, span) = cut(&line, 1_001, 0);
        assert_eq!(text.chars().count(), WINDOW + 1);
        assert_eq!(span, text.len()..text.len());
    }

    #[test]
    fn wide_characters_are_cut_whole_and_counted_twice() {
        let line = "漢".repeat(10_000);
        let (text, span) = cut(&line, 5_000, 2);
        assert_eq!(&text[span], "漢漢");
        let columns: usize = text.chars().map(width).sum();
        assert!(columns <= WINDOW + 2, "{columns}");
        assert!(text.chars().count() > WINDOW / 2 - 2, "{text}");
    }

    #[test]
    fn the_header_keeps_the_true_line_and_column_of_a_cut_line() {
        let mut sources = Sources::new();
        let line = format!("title: {}", "w".repeat(150_000));
        sources.insert("content/r.md".into(), format!("---\n{line}\n---\n").into());
        let d = Diagnostic::error(Code::InvalidValue, "content/r.md", "too long")
            .at(2, 90_001)
            .underline(150_000);
        let text = to_text(&[d], &sources);
        assert!(text.len() < 1_000, "{}", text.len());
        assert!(text.contains("content/r.md:2:90001"), "{text}");
        assert!(text.contains("2 │ …www"), "{text}");
    }

    #[test]
    fn content_never_reaches_the_terminal_raw() {
        let mut sources = Sources::new();
        let file = "content/evil\x1b[31m\nname\u{9b}.md";
        sources.insert(
            file.into(),
            "title: \"\x1b]0;pwned\x07\r\u{202e}\"\n".into(),
        );
        let d = Diagnostic::error(Code::InvalidValue, file, "bad `\x1b[2J`\nerror: fake")
            .at(1, 8)
            .underline(3)
            .hint("rename \u{9b}it");
        let text = to_text(&[d.clone(), d.at(0, 0)], &sources);
        for raw in ['\x1b', '\u{9b}', '\r', '\x07', '\u{202e}'] {
            assert!(!text.contains(raw), "{raw:?} in {text}");
        }
        assert!(!text.contains("\nerror: fake"), "{text}");
        assert!(
            text.contains("content/evil\\u{1b}[31m\\nname\\u{9b}.md:1:8"),
            "{text}"
        );
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}\\r\\u{202e}"), "{text}");
    }

    #[test]
    fn a_long_message_keeps_both_ends() {
        let message = format!(
            "unknown variant `{}`, expected `monthly`",
            "v".repeat(10_000)
        );
        let text = shown(&message);
        assert_eq!(text.chars().count(), MESSAGE + 1);
        assert!(text.starts_with("unknown variant `vvv"), "{text}");
        assert!(text.ends_with("vvv`, expected `monthly`"), "{text}");
        assert_eq!(shown("short\x1b"), "short\\u{1b}");
    }

    #[test]
    fn prints_file_line_snippet_and_hint() {
        let mut sources = Sources::new();
        sources.insert("content/r.md".into(), "---\nstatus: Done\n---\n".into());
        let d = Diagnostic::error(Code::UnknownStatus, "content/r.md", "unknown status")
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
