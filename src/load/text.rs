//! Turns a file's bytes into the text every later stage reads: valid UTF-8, no byte-order
//! mark, `\n` line endings, no control characters. Anything else is reported with the line
//! where it goes wrong.

use crate::diagnostics::{Code, Diagnostic};

/// Front matter and Markdown past this size are refused: no real report is this large, and a
/// hostile 50 MB file must fail fast rather than be parsed.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(too_large(file, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(file, bytes, &e))?;
    let text = normalise(text);
    if let Some(found) = first_refused(&text) {
        return Err(refused(file, &text, &found));
    }
    // A byte-order mark past the start (two files pasted together) is invisible and harmless
    // to remove; left in, it reaches the pages as a stray character.
    Ok(if text.contains('\u{feff}') {
        text.replace('\u{feff}', "")
    } else {
        text
    })
}

/// Characters no content may hold: control characters other than tab and line feed (a title
/// with a form feed or an escape makes the Atom feed invalid XML, and NUL has no place in a
/// page), and U+FFFE and U+FFFF, which are not characters and not allowed in XML.
pub fn is_refused(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n') || c == '\u{fffe}' || c == '\u{ffff}'
}

/// A refused character in a text: written as itself, or as a numeric character reference
/// (`&#12;`, `&#x1b`), which Markdown and the HTML sanitizer would turn into the character.
#[derive(Debug, PartialEq, Eq)]
pub struct Refused {
    /// Byte offset in the text.
    pub at: usize,
    /// What is written there: the character, or the whole reference.
    pub written: String,
    pub char: char,
}

/// The bytes a refused character's UTF-8 can start with, and `&` for a reference: most text
/// is passed over a byte at a time, by a table, without decoding.
const CANDIDATE: [bool; 256] = {
    let mut table = [false; 256];
    let mut b: u8 = 0;
    loop {
        table[b as usize] =
            (b < 0x20 && b != b'\t' && b != b'\n') || matches!(b, 0x7f | 0xc2 | 0xef | b'&');
        if b == u8::MAX {
            break table;
        }
        b += 1;
    }
};

/// The first refused character of `text`, if any.
pub fn first_refused(text: &str) -> Option<Refused> {
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(i) = bytes[from..]
        .iter()
        .position(|&b| CANDIDATE[usize::from(b)])
    {
        let at = from + i;
        from = at + 1;
        if bytes[at] == b'&' {
            if let Some((c, len)) = char_reference(&text[at..]).filter(|(c, _)| is_refused(*c)) {
                return Some(Refused {
                    at,
                    written: text[at..at + len].to_string(),
                    char: c,
                });
            }
            continue;
        }
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            continue;
        };
        if is_refused(c) {
            return Some(Refused {
                at,
                written: c.to_string(),
                char: c,
            });
        }
    }
    None
}

/// The character a numeric reference at the start of `text` stands for, and its length in
/// bytes. Read as leniently as an HTML parser does: the closing `;` may be missing, and a value
/// too large for a character stands for none.
fn char_reference(text: &str) -> Option<(char, usize)> {
    let rest = text.strip_prefix("&#")?;
    let (radix, digits_from) = match rest.as_bytes().first() {
        Some(b'x' | b'X') => (16, 3),
        _ => (10, 2),
    };
    let digits = text[digits_from..]
        .bytes()
        .take_while(|b| (*b as char).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let value = text[digits_from..digits_from + digits]
        .bytes()
        .try_fold(0u32, |v, b| {
            v.checked_mul(radix)?
                .checked_add((b as char).to_digit(radix)?)
        })?;
    let end = digits_from + digits;
    let len = if text[end..].starts_with(';') {
        end + 1
    } else {
        end
    };
    Some((char::from_u32(value)?, len))
}

fn refused(file: &str, text: &str, found: &Refused) -> Diagnostic {
    let before = &text[..found.at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |p| p + 1)..]
        .chars()
        .count()
        + 1;
    let (message, hint) = describe(found);
    Diagnostic::error(Code::ControlCharacter, file, message)
        .at(line, column)
        .underline(found.written.chars().count())
        .hint(hint)
}

/// The message and hint for a refused character, wherever it was found.
pub fn describe(found: &Refused) -> (String, &'static str) {
    let name = if found.char.is_control() {
        "control character"
    } else {
        "non-character"
    };
    let code = format!("U+{:04X}", found.char as u32);
    if found.written.starts_with("&#") {
        (
            format!("`{}` stands for {name} {code}", found.written),
            "remove it, or write the character that was meant",
        )
    } else {
        (
            format!("{name} {code} in the text"),
            "remove it (editors may show it as a box or as ^ and a letter); only tabs and line breaks may be used",
        )
    }
}

/// The file as best it can be shown, for the snippet under a "not valid UTF-8" diagnostic.
pub fn decode_lossy(bytes: &[u8]) -> String {
    normalise(&String::from_utf8_lossy(bytes))
}

fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}

/// The diagnostic for a text file over [`MAX_TEXT_BYTES`].
pub fn too_large(file: &str, bytes: u64) -> Diagnostic {
    const MB: u64 = 1024 * 1024;
    Diagnostic::error(
        Code::FileTooLarge,
        file,
        format!(
            "file is {} MB; text files are limited to {} MB",
            bytes.div_ceil(MB),
            MAX_TEXT_BYTES as u64 / MB
        ),
    )
    .hint("split the file, or move large data out of content/")
}

fn not_utf8(file: &str, bytes: &[u8], e: &std::str::Utf8Error) -> Diagnostic {
    let at = e.valid_up_to();
    // Counted as the decoded text will be: without the byte-order mark, and with `\r\n`
    // and a lone `\r` each ending one line.
    let start = if bytes.starts_with(b"\xef\xbb\xbf") {
        3
    } else {
        0
    };
    let before = &bytes[start.min(at)..at];
    let ends_line =
        |i: usize| before[i] == b'\n' || (before[i] == b'\r' && before.get(i + 1) != Some(&b'\n'));
    let line = (0..before.len()).filter(|&i| ends_line(i)).count() + 1;
    let line_start = (0..before.len())
        .rev()
        .find(|&i| ends_line(i))
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    Diagnostic::error(
        Code::NotUtf8,
        file,
        format!("file is not valid UTF-8 (byte 0x{:02x})", bytes[at]),
    )
    .at(line, column)
    .hint("save the file as UTF-8; most editors offer this under \"Save with encoding\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_normalises_line_endings() {
        let text = decode("f.md", b"\xef\xbb\xbfa\r\nb\rc").unwrap();
        assert_eq!(text, "a\nb\nc");
    }

    #[test]
    fn refuses_control_characters_where_they_are() {
        for (bytes, line, column, message) in [
            (
                &b"a\nb\x00c"[..],
                2,
                2,
                "control character U+0000 in the text",
            ),
            (
                b"\xef\xbb\xbfa\r\nb\x0c",
                2,
                2,
                "control character U+000C in the text",
            ),
            (
                b"title: \x1b[31m",
                1,
                8,
                "control character U+001B in the text",
            ),
            (b"x\x7f", 1, 2, "control character U+007F in the text"),
            (
                "\u{e9}\u{85}".as_bytes(),
                1,
                2,
                "control character U+0085 in the text",
            ),
            (
                "ab\u{fffe}".as_bytes(),
                1,
                3,
                "non-character U+FFFE in the text",
            ),
            (
                "\u{ffff}".as_bytes(),
                1,
                1,
                "non-character U+FFFF in the text",
            ),
        ] {
            let err = decode("f.md", bytes).unwrap_err();
            assert_eq!(
                (err.line, err.column, err.message.as_str()),
                (line, column, message),
                "{bytes:?}"
            );
            assert!(err.hint.is_some());
        }
    }

    #[test]
    fn refuses_character_references_to_control_characters() {
        let err = decode("f.md", b"# Title\n\nA &#12; B").unwrap_err();
        assert_eq!((err.line, err.column, err.len), (3, 3, 5));
        assert_eq!(err.message, "`&#12;` stands for control character U+000C");
        for refused in [
            "&#0;",
            "&#x1B;",
            "&#X1b",
            "&#27",
            "&#0000027;",
            "&#xFFFF;",
            "&#150;",
        ] {
            assert!(decode("f.md", refused.as_bytes()).is_err(), "{refused}");
        }
        for kept in [
            "&#9;",
            "&#10;",
            "&#32;",
            "&#x2013;",
            "&#",
            "&#x;",
            "&amp;",
            "&#99999999999;",
        ] {
            assert!(decode("f.md", kept.as_bytes()).is_ok(), "{kept}");
        }
    }

    #[test]
    fn keeps_tabs_and_newlines_and_drops_stray_byte_order_marks() {
        let text = decode("f.md", "\u{feff}a\tb\n\u{feff}c\u{feff}".as_bytes()).unwrap();
        assert_eq!(text, "a\tb\nc");
    }

    #[test]
    fn reports_the_line_of_the_first_invalid_byte() {
        let err = decode("f.md", b"ok\nalso ok\nbad \xff here").unwrap_err();
        assert_eq!((err.line, err.column), (3, 5));
        assert_eq!(err.message, "file is not valid UTF-8 (byte 0xff)");
    }

    #[test]
    fn counts_lines_and_columns_as_the_decoded_text_does() {
        let err = decode("f.md", b"\xef\xbb\xbfab\xff").unwrap_err();
        assert_eq!((err.line, err.column), (1, 3));
        let err = decode("f.md", b"a\r\nb\r\ncd\xfe").unwrap_err();
        assert_eq!((err.line, err.column), (3, 3));
        let err = decode("f.md", b"a\rb\r\xfe").unwrap_err();
        assert_eq!((err.line, err.column), (3, 1));
    }
}
