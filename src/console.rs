//! Printing for people. A closed stdout or stderr (`grantsite build | head -1`, a preview
//! server whose terminal went away) must not turn into a panic, as `println!` would; and text
//! taken from content (file names, source lines, values quoted in messages) must not reach the
//! terminal as control sequences, since a grantee's pull request writes that content.

use std::borrow::Cow;

/// Like `println!`, ignoring a closed stdout; control characters are shown escaped.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stdout(), "{}", $crate::console::escape_text(&text));
    }};
}

/// Like `eprintln!`, ignoring a closed stderr; control characters are shown escaped.
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let text = format!($($arg)*);
        let _ = writeln!(std::io::stderr(), "{}", $crate::console::escape_text(&text));
    }};
}

/// Whether a terminal could act on `c` or show it as something else than it is: C0 controls
/// (ESC starts colour and cursor sequences, CR overwrites the line), DEL, C1 controls (U+009B
/// is a one-byte CSI) and the bidirectional overrides and isolates that reorder what a line
/// seems to say ("Trojan Source", the set rustc warns about). Tab is harmless and stays.
fn is_unsafe(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` for one line of a terminal: every unsafe character, newlines included, written as
/// its Rust escape (`\u{1b}`, `\n`), so what is shown is what the file holds.
pub fn escape_line(text: &str) -> Cow<'_, str> {
    escape(text, |_| true)
}

/// Like [`escape_line`], but keeps newlines: for messages that are several lines on purpose.
pub fn escape_text(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n')
}

fn escape(text: &str, also: impl Fn(char) -> bool) -> Cow<'_, str> {
    let needs = |c: char| is_unsafe(c) && also(c);
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if needs(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// The escape a line shows in place of `c`, or `None` when `c` shows as itself.
pub fn escaped_char(c: char) -> Option<String> {
    is_unsafe(c).then(|| c.escape_default().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_a_terminal_would_act_on() {
        let cases = [
            ("plain é 漢 text", "plain é 漢 text"),
            ("red\x1b[31m", "red\\u{1b}[31m"),
            ("two\nlines\r", "two\\nlines\\r"),
            ("csi\u{9b}31m del\x7f", "csi\\u{9b}31m del\\u{7f}"),
            ("bidi\u{202e}x\u{2066}", "bidi\\u{202e}x\\u{2066}"),
            ("tab\tstays", "tab\tstays"),
        ];
        for (text, want) in cases {
            assert_eq!(escape_line(text), want, "{text:?}");
        }
    }

    #[test]
    fn text_keeps_its_newlines_only() {
        assert_eq!(escape_text("a\nb\x1b\r"), "a\nb\\u{1b}\\r");
    }

    #[test]
    fn leaves_safe_text_borrowed() {
        assert!(matches!(escape_line("content/r.md"), Cow::Borrowed(_)));
    }
}
