//! Turns a file's bytes into the text every later stage reads: valid UTF-8, no byte-order
//! mark, `\n` line endings. Anything else is reported with the line where it goes wrong.

use crate::diagnostics::{Code, Diagnostic};

/// Front matter and Markdown past this size are refused: no real report is this large, and a
/// hostile 50 MB file must fail fast rather than be parsed.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() > MAX_TEXT_BYTES {
        return Err(too_large(file, bytes.len() as u64));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| not_utf8(file, bytes, &e))?;
    Ok(normalise(text))
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
