//! The only module that calls the YAML library (serde_yaml is archived upstream: a maintained
//! drop-in such as serde_yaml_ng replaces it here and nowhere else). Errors come back as
//! diagnostics on the right line of the file, with a hint.

use crate::diagnostics::{Diagnostic, suggest};
use crate::load::text;
use serde::de::DeserializeOwned;

/// Lists and mappings may nest this deep in any YAML grantsite reads; content needs four or
/// five levels. libyaml's scanner costs time in proportion to the open `[`/`{` depth for every
/// token it reads, so 150,000 `[` take it most of a minute; with the depth bounded, it is linear.
pub const MAX_DEPTH: usize = 32;

/// Parses `yaml`, which starts on 1-based line `first_line` of `file`. Empty YAML reads as an
/// empty mapping, so files whose fields are all optional may be empty.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    prescan(file, yaml, first_line)?;
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(file, yaml, &e, first_line))
}

/// Reads `yaml` once as a stream of events, before serde_yaml builds anything from it, and
/// refuses what no later stage should see: nesting past [`MAX_DEPTH`] (stopping there, so the
/// cost stays linear) and values whose escapes (`"\x0c"`, `"\e"`) make control characters that
/// the raw text could not hold. Syntax errors are left to serde_yaml, which reports them the
/// same way every time. It is libyaml's own reader, not a scan that imitates it: a scan that
/// disagreed about where a quoted or plain value ends could be walked around.
fn prescan(file: &str, yaml: &str, first_line: usize) -> Result<(), Diagnostic> {
    let Some(events) = events::Events::new(yaml) else {
        return Ok(());
    };
    let mut depth = 0usize;
    for event in events {
        match event {
            events::Event::Open(at) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(too_deep(file, at, first_line));
                }
            }
            events::Event::Close => depth = depth.saturating_sub(1),
            events::Event::Scalar { start, end, value } => {
                if let Some(found) = text::first_refused(&value) {
                    let source = yaml.get(start.index..end.index).unwrap_or_default();
                    return Err(refused_value(file, source, start, &found, first_line));
                }
            }
            events::Event::Other => {}
        }
    }
    Ok(())
}

fn too_deep(file: &str, at: events::Mark, first_line: usize) -> Diagnostic {
    Diagnostic::error(
        file,
        format!("the YAML nests lists and mappings more than {MAX_DEPTH} levels deep"),
    )
    .at(at.line + first_line, at.column + 1)
    .underline(1)
    .hint(
        "content needs a few levels at most: close the `[` and `{` brackets, or flatten the value",
    )
}

/// A value holding a refused character (only escapes can make one: the raw text was checked
/// when it was read), pointed at the escape when there is one.
fn refused_value(
    file: &str,
    source: &str,
    start: events::Mark,
    found: &text::Refused,
    first_line: usize,
) -> Diagnostic {
    let (line, column, written, message) = match refused_escape(source) {
        Some((offset, escape)) => {
            let before = &source[..offset];
            let line = start.line + first_line + before.matches('\n').count();
            let column = match before.rfind('\n') {
                Some(nl) => before[nl + 1..].chars().count() + 1,
                None => start.column + 1 + before.chars().count(),
            };
            let name = if found.char.is_control() {
                "control character"
            } else {
                "non-character"
            };
            let message = format!(
                "the escape `{escape}` stands for {name} U+{:04X}",
                found.char as u32
            );
            (line, column, escape, message)
        }
        None => {
            let (message, _) = text::describe(found);
            let line = start.line + first_line;
            (line, start.column + 1, String::new(), message)
        }
    };
    Diagnostic::error(file, message)
        .at(line, column)
        .underline(written.chars().count())
        .hint("remove it; titles and other values may hold tabs and line breaks but no other control characters")
}

/// The byte offset and text of the first escape in a double-quoted YAML value's source that
/// stands for a refused character.
fn refused_escape(source: &str) -> Option<(usize, String)> {
    let mut chars = source.char_indices();
    while let Some((at, c)) = chars.next() {
        if c != '\\' {
            continue;
        }
        let (_, kind) = chars.next()?;
        let hex_digits = match kind {
            'x' => 2,
            'u' => 4,
            'U' => 8,
            _ => 0,
        };
        let value = if hex_digits == 0 {
            match kind {
                '0' => Some('\0'),
                'a' => Some('\u{7}'),
                'b' => Some('\u{8}'),
                'v' => Some('\u{b}'),
                'f' => Some('\u{c}'),
                'r' => Some('\r'),
                'e' => Some('\u{1b}'),
                'N' => Some('\u{85}'),
                _ => None,
            }
        } else {
            let digits: String = chars.by_ref().take(hex_digits).map(|(_, c)| c).collect();
            u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
        };
        if value.is_some_and(text::is_refused) {
            let end = at + 1 + kind.len_utf8() + hex_digits;
            return Some((at, source.get(at..end).unwrap_or_default().to_string()));
        }
    }
    None
}

/// libyaml's event parser, the one serde_yaml drives, read one event at a time. The only
/// `unsafe` in grantsite: the calls are the ones serde_yaml makes, in the same order.
mod events {
    use std::marker::PhantomData;
    use std::mem::MaybeUninit;
    use unsafe_libyaml as unsafe_sys;

    /// A position: byte offset, and 0-based line and column (in characters).
    #[derive(Clone, Copy, Debug)]
    pub struct Mark {
        pub index: usize,
        pub line: usize,
        pub column: usize,
    }

    impl From<unsafe_sys::yaml_mark_t> for Mark {
        fn from(m: unsafe_sys::yaml_mark_t) -> Mark {
            Mark {
                index: m.index as usize,
                line: m.line as usize,
                column: m.column as usize,
            }
        }
    }

    pub enum Event {
        /// A sequence or mapping starts here.
        Open(Mark),
        Close,
        Scalar {
            start: Mark,
            end: Mark,
            /// The value, escapes decoded.
            value: String,
        },
        Other,
    }

    pub struct Events<'a> {
        // Boxed: libyaml keeps a pointer to the parser inside it, so it must not move.
        parser: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
        done: bool,
        input: PhantomData<&'a str>,
    }

    impl<'a> Events<'a> {
        pub fn new(yaml: &'a str) -> Option<Events<'a>> {
            let mut parser = Box::new(MaybeUninit::<unsafe_sys::yaml_parser_t>::uninit());
            // SAFETY: `parser` is initialised by libyaml before any other use, and the input
            // outlives the parser (the `'a` on `Events`).
            unsafe {
                if unsafe_sys::yaml_parser_initialize(parser.as_mut_ptr()).fail {
                    return None;
                }
                unsafe_sys::yaml_parser_set_encoding(
                    parser.as_mut_ptr(),
                    unsafe_sys::YAML_UTF8_ENCODING,
                );
                unsafe_sys::yaml_parser_set_input_string(
                    parser.as_mut_ptr(),
                    yaml.as_ptr(),
                    yaml.len() as u64,
                );
            }
            Some(Events {
                parser,
                done: false,
                input: PhantomData,
            })
        }
    }

    /// Events up to the end of the stream, or up to a syntax error.
    impl Iterator for Events<'_> {
        type Item = Event;

        fn next(&mut self) -> Option<Event> {
            if self.done {
                return None;
            }
            let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
            // SAFETY: the parser was initialised in `new`; an event that `yaml_parser_parse`
            // filled in is read only for its kind, marks and scalar value (valid UTF-8, as the
            // input is), copied out, and then deleted exactly once.
            unsafe {
                if unsafe_sys::yaml_parser_parse(self.parser.as_mut_ptr(), event.as_mut_ptr()).fail
                {
                    self.done = true;
                    return None;
                }
                let event = event.as_mut_ptr();
                let start = Mark::from((*event).start_mark);
                let converted = match (*event).type_ {
                    unsafe_sys::YAML_SEQUENCE_START_EVENT
                    | unsafe_sys::YAML_MAPPING_START_EVENT => Event::Open(start),
                    unsafe_sys::YAML_SEQUENCE_END_EVENT | unsafe_sys::YAML_MAPPING_END_EVENT => {
                        Event::Close
                    }
                    unsafe_sys::YAML_SCALAR_EVENT => {
                        let scalar = (*event).data.scalar;
                        let bytes =
                            std::slice::from_raw_parts(scalar.value, scalar.length as usize);
                        Event::Scalar {
                            start,
                            end: Mark::from((*event).end_mark),
                            value: String::from_utf8_lossy(bytes).into_owned(),
                        }
                    }
                    unsafe_sys::YAML_STREAM_END_EVENT => {
                        self.done = true;
                        Event::Other
                    }
                    _ => Event::Other,
                };
                unsafe_sys::yaml_event_delete(event);
                Some(converted)
            }
        }
    }

    impl Drop for Events<'_> {
        fn drop(&mut self) {
            // SAFETY: initialised in `new` (an `Events` exists only if that succeeded).
            unsafe { unsafe_sys::yaml_parser_delete(self.parser.as_mut_ptr()) }
        }
    }
}

fn to_diagnostic(file: &str, yaml: &str, e: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let full = e.to_string();
    let parts = Parts::of(&full);
    let mut d = Diagnostic::error(file, plain_message(&parts));
    // A quote or bracket that is never closed is reported where the reader gave up (often the
    // end of the file); the place to fix is where it was opened.
    let opened = parts
        .context_at
        .filter(|_| parts.context.contains("quoted scalar") || parts.context.contains("flow"));
    let at = opened.or_else(|| e.location().map(|at| (at.line(), at.column())));
    if let Some((line, column)) = at {
        let (line, column) = duplicate_key(&parts.problem)
            .and_then(|key| second_key(yaml, line, column, key))
            .unwrap_or((line, column));
        let len = underline(&parts.problem, opened.is_some(), yaml, line, column);
        d = d.at(line + first_line - 1, column).underline(len);
    } else if parts.problem.contains("more than one document") {
        if let Some(line) = second_document(yaml) {
            d = d.at(line + first_line - 1, 1).underline(3);
        }
    }
    match hint(&parts) {
        Some(h) => d.hint(h),
        None => d,
    }
}

/// How many characters to underline at `line`, `column` of `yaml`: the key of a key error, the
/// value of a value error, one character (the opening quote or bracket, or where the reader
/// stopped) for a syntax error.
fn underline(problem: &str, opened: bool, yaml: &str, line: usize, column: usize) -> usize {
    let Some(rest) = yaml
        .lines()
        .nth(line.saturating_sub(1))
        .and_then(|l| l.get(l.char_indices().nth(column.saturating_sub(1))?.0..))
    else {
        return 0;
    };
    if opened {
        return 1;
    }
    if problem.starts_with("unknown field") || duplicate_key(problem).is_some() {
        return rest
            .split(':')
            .next()
            .unwrap_or("")
            .trim_end()
            .chars()
            .count();
    }
    let value_error = field_of(problem).is_some()
        || ["invalid type", "invalid value", "unknown variant"]
            .iter()
            .any(|p| problem.starts_with(p));
    if !value_error {
        return 0;
    }
    let value = rest.split(" #").next().unwrap_or("").trim_end();
    value.chars().count()
}

/// serde_yaml's message, taken apart: `PROBLEM at line L column C[, while CONTEXT[ at line L
/// column C]]`. Positions are reported as the diagnostic's line and column instead.
#[derive(Debug, PartialEq)]
struct Parts {
    problem: String,
    context: String,
    context_at: Option<(usize, usize)>,
}

impl Parts {
    fn of(full: &str) -> Parts {
        let (problem, context) = match full.rsplit_once(", while ") {
            Some((p, c)) => (p, c),
            None => (full, ""),
        };
        let (problem, _) = strip_position(problem);
        let (context, context_at) = strip_position(context);
        Parts {
            problem: problem.trim_end_matches(':').to_string(),
            context: context.to_string(),
            context_at,
        }
    }
}

/// `text at line 3 column 7` -> (`text`, Some((3, 7))).
fn strip_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let Some((before, after)) = text.rsplit_once(" at line ") else {
        return (text, None);
    };
    let position = after.split_once(" column ").and_then(|(l, c)| {
        let line = l.parse().ok()?;
        let column = c.parse().ok()?;
        Some((line, column))
    });
    match position {
        Some(at) => (before, Some(at)),
        None => (text, None),
    }
}

/// The message for people: libyaml's wording where it is clear, plain words where it is not,
/// and no Rust type names.
fn plain_message(parts: &Parts) -> String {
    let problem = parts.problem.as_str();
    let context = parts.context.as_str();
    if context.contains("quoted scalar") && problem.contains("end of stream") {
        return "this quoted value is never closed".to_string();
    }
    if context.contains("flow sequence") {
        return "this `[` list is never closed with `]`".to_string();
    }
    if context.contains("flow mapping") {
        return "this `{` mapping is never closed with `}`".to_string();
    }
    if problem.contains("more than one document") {
        return "the file holds more than one YAML document".to_string();
    }
    match problem.split_once(", expected struct ") {
        Some((before, _)) => {
            format!("{before}, expected a mapping of fields (`name: value` lines)")
        }
        None => problem.to_string(),
    }
}

/// The key of a `duplicate field` (derived structs) or `duplicate entry` (maps) error.
fn duplicate_key(problem: &str) -> Option<&str> {
    let (_, rest) = problem
        .split_once("duplicate field `")
        .or_else(|| problem.split_once("duplicate entry for "))?;
    Some(rest.split('`').next().unwrap_or(rest).trim_matches('"'))
}

/// serde reports a duplicate key at the start of its mapping; this finds the line and column of
/// the second time `key` is written among that mapping's keys. Keys compare loosely (case and
/// spaces ignored) because `KR 1.1` and `KR1.1` are the same key once parsed.
fn second_key(yaml: &str, line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let loose = |k: &str| -> String {
        k.trim()
            .trim_matches(['"', '\''])
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let wanted = loose(key);
    let indent = column.checked_sub(1)?;
    let mut seen = 0;
    for (i, text) in yaml.lines().enumerate().skip(line.checked_sub(1)?) {
        let first = i + 1 == line;
        let body = text.trim_start();
        if !first && (body.is_empty() || body.starts_with('#')) {
            continue;
        }
        let this_indent = text.len() - body.len();
        if !first && this_indent < indent {
            break;
        }
        let Some(at) = text.get(indent..) else {
            continue;
        };
        if !first && this_indent != indent {
            continue;
        }
        let Some((k, _)) = at.split_once(':') else {
            continue;
        };
        if loose(k) == wanted {
            seen += 1;
            if seen == 2 {
                return Some((i + 1, text[..indent].chars().count() + 1));
            }
        }
    }
    None
}

/// The 1-based line of the `---` that starts a second document.
fn second_document(yaml: &str) -> Option<usize> {
    let mut content_seen = false;
    for (i, line) in yaml.lines().enumerate() {
        let is_marker = line.trim_end() == "---" || line.starts_with("--- ");
        if is_marker && content_seen {
            return Some(i + 1);
        }
        let body = line.trim();
        if !is_marker && !body.is_empty() && !body.starts_with('#') {
            content_seen = true;
        }
    }
    None
}

fn hint(parts: &Parts) -> Option<String> {
    let message = parts.problem.as_str();
    let context = parts.context.as_str();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match suggest(field, valid.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if valid.is_empty() => "remove this field".to_string(),
            None => "remove the field, or rename it to one of the valid fields".to_string(),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("add a `{field}:` line"));
    }
    if let Some(hint) = status_hint(message) {
        return Some(hint);
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some("the YAML nests or repeats too deeply for content; simplify it".into());
    }
    if duplicate_key(message).is_some() || message.contains("duplicate") {
        return Some("each key may appear once; remove or merge the repeated one".into());
    }
    if context.contains("quoted scalar") {
        return Some("add the closing quote".into());
    }
    if context.contains("flow sequence") || context.contains("flow mapping") {
        return Some("close the bracket, and separate the items with commas".into());
    }
    if message.contains("tab character") {
        return Some("indent with spaces; YAML does not allow tabs for indentation".into());
    }
    if message.contains("mapping values are not allowed") {
        return Some(
            "a value that contains `: ` must be quoted (`title: \"A: B\"`); or this line is indented too far"
                .into(),
        );
    }
    if message.contains("did not find expected key")
        || message.contains("did not find expected '-' indicator")
    {
        return Some("line this up with the other keys or list items above it".into());
    }
    if message.contains("cannot start any token") {
        return Some("quote the value: `@` and `` ` `` cannot start a plain YAML value".into());
    }
    if message.contains("unknown anchor") {
        return Some("`*name` repeats a value marked `&name` earlier in the same file".into());
    }
    if message.contains("more than one document") {
        return Some("remove this `---` line, or move what follows into its own file".into());
    }
    if message.contains("is not a date") {
        return Some("write dates as year-month-day, e.g. 2024-11-06".into());
    }
    if field_of(message) == Some("period") && !message.contains("invalid type") {
        return Some("write a month (2024-09), a month range (2024-03..2024-04), a quarter (2024-Q2), a half year (2024-H1) or a year (2024)".into());
    }
    if message.contains("invalid type: sequence") && !message.contains("expected a mapping") {
        return Some("`[...]` and `- ` lines make a list; write a single value here".into());
    }
    if message.contains("expected a mapping") {
        return Some("write `key: value` lines here, indented under this key".into());
    }
    None
}

/// The last field of serde's path prefix: `okrs.KR1.2.status: ...` -> `status`.
fn field_of(message: &str) -> Option<&str> {
    let (path, _) = message.split_once(": ")?;
    if path.contains(' ') {
        return None;
    }
    path.rsplit('.').next()
}

/// `unknown status `unmeasured`; ...` -> `did you mean `not-measured`?`
fn status_hint(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("unknown status `")?;
    let (written, valid) = rest.split_once('`')?;
    let valid = valid.split_once("are: ")?.1;
    let normal = written.trim().to_lowercase().replace([' ', '_'], "-");
    let close = suggest(&normal, valid.split(", "))?;
    Some(format!("did you mean `{close}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        #[serde(default)]
        kind: Option<String>,
    }

    #[test]
    fn maps_yaml_line_to_file_line() {
        let err = parse::<Doc>("r.md", "title: x\nkind: [a\n", 5).unwrap_err();
        // `kind` is on YAML line 2, which is file line 5 + 2 - 1.
        assert_eq!(err.line, 6, "{err:?}");
        assert_eq!(
            err.message,
            "kind: invalid type: sequence, expected a string"
        );
    }

    #[test]
    fn suggests_the_field_that_was_meant() {
        let err = parse::<Doc>("r.md", "titel: x\n", 2).unwrap_err();
        assert!(
            err.message.starts_with("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!(err.line, 2);
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn names_missing_fields() {
        let err = parse::<Doc>("r.md", "kind: x\n", 2).unwrap_err();
        assert_eq!(err.message, "missing field `title`");
        assert_eq!(err.hint.as_deref(), Some("add a `title:` line"));
    }

    #[test]
    fn refuses_deep_nesting_where_the_limit_is_passed() {
        let yaml = format!("title: x\nkind: {}\n", "[".repeat(150_000));
        let err = parse::<Doc>("r.md", &yaml, 2).unwrap_err();
        assert_eq!(
            err.message,
            "the YAML nests lists and mappings more than 32 levels deep"
        );
        // The top-level mapping is the first level, the first `[` (column 7) the second.
        assert_eq!((err.line, err.column), (3, 6 + MAX_DEPTH), "{err:?}");
        assert!(err.hint.unwrap().contains("close the `[`"));
        for deep in [
            format!("kind: {}", "{a: ".repeat(40)),
            format!("kind:\n  {}a", "- ".repeat(40)),
            (0..40).map(|i| format!("{}k:\n", " ".repeat(i))).collect(),
        ] {
            let err = parse::<serde_yaml::Value>("r.md", &deep, 1).unwrap_err();
            assert!(err.message.contains("levels deep"), "{deep}: {err:?}");
        }
    }

    #[test]
    fn nesting_up_to_the_limit_and_brackets_in_text_are_fine() {
        let nested = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse::<serde_yaml::Value>("x.yaml", &nested, 1).is_ok());
        let text = format!(
            "a: \"{0}\"\nb: '{0}'\nc: x {0}\nd: |\n  {0}\n# {0}\n",
            "[".repeat(100)
        );
        assert!(parse::<serde_yaml::Value>("x.yaml", &text, 1).is_ok());
    }

    #[test]
    fn refuses_escapes_that_make_control_characters() {
        let err = parse::<Doc>("r.md", "title: \"Bad\\x0c title\"\n", 2).unwrap_err();
        assert_eq!(
            err.message,
            "the escape `\\x0c` stands for control character U+000C"
        );
        assert_eq!((err.line, err.column, err.len), (2, 12, 4), "{err:?}");
        let err = parse::<Doc>("r.md", "kind: x\ntitle: \"a\n  b \\e[31m\"\n", 2).unwrap_err();
        assert_eq!((err.line, err.column, err.len), (4, 5, 2), "{err:?}");
        for bad in [
            "\\0",
            "\\a",
            "\\u0007",
            "\\U0000001b",
            "\\uFFFE",
            "\\r",
            "\\N",
        ] {
            let yaml = format!("title: \"{bad}\"\n");
            assert!(parse::<Doc>("r.md", &yaml, 2).is_err(), "{bad}");
        }
        let err = parse::<Doc>("r.md", "title: \"\\x26#27;\"\n", 2).unwrap_err();
        assert_eq!(err.message, "`&#27;` stands for control character U+001B");
        assert_eq!((err.line, err.column), (2, 8));
        let ok = parse::<Doc>("r.md", "title: \"tab\\there\\nand \\\\x0c \\u00e9\"\n", 2);
        assert_eq!(ok.unwrap().title, "tab\there\nand \\x0c \u{e9}");
    }

    #[test]
    fn survives_alias_bombs() {
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..12 {
            let prev = if i == 0 {
                "a".to_string()
            } else {
                format!("l{}", i - 1)
            };
            bomb +=
                &format!("l{i}: &l{i} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n");
        }
        assert!(parse::<serde_yaml::Value>("x.yaml", &bomb, 1).is_err());
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Program {
        name: String,
        #[serde(default)]
        tags: Vec<String>,
    }

    #[test]
    fn points_at_the_opening_quote_of_an_unclosed_string() {
        let err = parse::<Doc>("r.md", "kind: x\ntitle: \"never closed\n", 2).unwrap_err();
        assert_eq!(err.message, "this quoted value is never closed");
        assert_eq!((err.line, err.column), (3, 8), "{err:?}");
        assert_eq!(err.hint.as_deref(), Some("add the closing quote"));
    }

    #[test]
    fn points_at_the_opening_bracket_of_an_unclosed_list() {
        let err = parse::<Program>("p.yaml", "name: x\ntags: [a, b\n", 1).unwrap_err();
        assert_eq!(err.message, "this `[` list is never closed with `]`");
        assert_eq!((err.line, err.column), (2, 7), "{err:?}");
    }

    #[test]
    fn points_at_the_second_of_two_equal_keys() {
        let yaml = "name: a\ntags: [x]\nname: b\n";
        let err = parse::<Program>("p.yaml", yaml, 1).unwrap_err();
        assert_eq!(err.message, "duplicate field `name`");
        assert_eq!((err.line, err.column, err.len), (3, 1, 4), "{err:?}");
    }

    #[test]
    fn underlines_the_key_or_the_value() {
        let err = parse::<Doc>("r.md", "titel: x\n", 2).unwrap_err();
        assert_eq!((err.column, err.len), (1, 5));
        let err = parse::<Doc>("r.md", "title: x\nkind: [a, b]   # note\n", 2).unwrap_err();
        assert_eq!((err.line, err.column, err.len), (3, 7, 6), "{err:?}");
        let err = parse::<Doc>("r.md", "title: \"x\n", 2).unwrap_err();
        assert_eq!((err.column, err.len), (8, 1));
    }

    #[test]
    fn finds_duplicate_keys_in_nested_mappings_loosely() {
        let yaml = "okrs:\n  KR1.1: a\n  nested:\n    KR1.1: b\n  KR 1.1: c\n";
        assert_eq!(second_key(yaml, 2, 3, "KR1.1"), Some((5, 3)));
        assert_eq!(second_key(yaml, 2, 3, "KR2.1"), None);
    }

    #[test]
    fn names_no_rust_types_and_explains_tabs() {
        let err = parse::<Program>("p.yaml", "- a\n", 1).unwrap_err();
        assert_eq!(
            err.message,
            "invalid type: sequence, expected a mapping of fields (`name: value` lines)"
        );
        let err = parse::<Program>("p.yaml", "name: x\n\ttags: []\n", 1).unwrap_err();
        assert_eq!(
            (err.line, err.message.as_str()),
            (2, "found a tab character that violates indentation")
        );
        assert!(err.hint.unwrap().contains("spaces"));
    }

    #[test]
    fn locates_a_second_document() {
        let err = parse::<Program>("p.yaml", "# c\nname: x\n---\nname: y\n", 1).unwrap_err();
        assert_eq!(err.message, "the file holds more than one YAML document");
        assert_eq!(err.line, 3);
    }

    #[test]
    fn takes_serde_yaml_messages_apart() {
        let parts = Parts::of(
            "found unexpected end of stream at line 4 column 1, while scanning a quoted scalar at line 2 column 10",
        );
        assert_eq!(parts.problem, "found unexpected end of stream");
        assert_eq!(parts.context, "scanning a quoted scalar");
        assert_eq!(parts.context_at, Some((2, 10)));
        let parts = Parts::of(
            "did not find expected key at line 3 column 2, while parsing a block mapping",
        );
        assert_eq!(
            (parts.problem.as_str(), parts.context_at),
            ("did not find expected key", None)
        );
    }

    #[test]
    fn explains_how_to_write_periods_and_dates() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Dated {
            period: crate::model::Period,
            #[serde(default)]
            published: Option<crate::model::Date>,
        }
        let err = parse::<Dated>("r.md", "period: 2024-13\n", 2).unwrap_err();
        assert!(err.hint.unwrap().contains("2024-Q2"));
        let err =
            parse::<Dated>("r.md", "period: 2024-09\npublished: 2024-02-30\n", 2).unwrap_err();
        assert_eq!((err.line, err.column), (3, 12));
        assert!(err.hint.unwrap().contains("2024-11-06"));
        let err = parse::<Dated>("r.md", "period: [2024]\n", 2).unwrap_err();
        assert!(err.hint.unwrap().contains("single value"));
    }

    #[test]
    fn suggests_the_status_that_was_meant() {
        let message = "okrs.KR1.2.status: unknown status `unmeasured`; valid statuses are: on-target, not-measured, completed";
        assert_eq!(
            status_hint(message).as_deref(),
            Some("did you mean `not-measured`?")
        );
        let message = "unknown status `On trgt`; valid statuses are: on-target, completed";
        assert_eq!(
            status_hint(message).as_deref(),
            Some("did you mean `on-target`?")
        );
    }
}
