//! The only module that calls the YAML library (serde_yaml is archived upstream: a maintained
//! drop-in such as serde_yaml_ng replaces it here and nowhere else). serde_yaml reads the text
//! into its tree; a position-aware pass (`index`, saphyr-parser) records where each key and
//! value is written; the tree is converted into the typed value (`tree`) and, on a failure,
//! converted again passing over the failed entry, so that one run reports every problem of a
//! file at its key or value. Hints come from what is known: the kind of error, the field, the
//! valid values; never from taking an error message apart.

mod index;
mod tree;

use crate::diagnostics::{Code, Diagnostic, suggest};
use crate::model::{At, Span, Spans, Status};
pub use index::MAX_DEPTH;
use index::{Index, Stop};
use serde::de::DeserializeOwned;
use serde_yaml::Value;
use std::collections::HashSet;
use tree::{Failure, Kind, Path, Want};

/// A typed value and where each of its parts is written.
#[derive(Debug)]
pub struct Yaml<T> {
    pub value: T,
    pub spans: Spans,
}

/// Problems reported per file at most; past that, the file is probably not what it is named.
const MAX_PROBLEMS: usize = 50;
/// Conversions per file at most: each finds a problem, or climbs one level from a value that
/// failed to the mapping that needed it.
const MAX_PASSES: usize = 4 * MAX_PROBLEMS;

/// Parses `yaml`, which starts on 1-based line `first_line` of `file`, reporting every problem
/// found. Empty YAML reads as an empty mapping, so files whose fields are all optional may be
/// empty.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
) -> Result<Yaml<T>, Vec<Diagnostic>> {
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    // The position pass runs first: it stops at what no later stage should read (nesting past
    // the limit, where serde_yaml's reader would take quadratic time, and escapes that make
    // control characters), so serde_yaml never sees them.
    let index = index::index(yaml, first_line);
    if let Err(stop) = &index
        && let Some(d) = refused(file, stop)
    {
        return Err(vec![d]);
    }
    let tree = serde_yaml::from_str::<Value>(yaml);
    let tree = match tree {
        Ok(tree) => tree,
        Err(e) => return Err(vec![unreadable(file, yaml, first_line, &e, index.err())]),
    };
    // Positions help but never decide: where the second parser disagrees, problems point at
    // the file as a whole.
    let index = index.unwrap_or_default();
    let value = convert(file, yaml, &tree, &index)?;
    Ok(Yaml {
        value,
        spans: index.spans,
    })
}

/// Converts the tree, passing over each failed entry and converting again, until it converts
/// or the problems run out.
fn convert<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    tree: &Value,
    index: &Index,
) -> Result<T, Vec<Diagnostic>> {
    let written = |path: &[usize]| {
        let (at, true) = find(index.spans.root(), path) else {
            return None;
        };
        let id = at.id()?;
        yaml.get(index.plain.get(id)?.clone()?).map(str::to_string)
    };
    let mut skip: HashSet<Path> = HashSet::new();
    let mut problems = Vec::new();
    // Fields an unknown field was probably meant to be: (its mapping, the field).
    let mut meant: HashSet<(Path, &'static str)> = HashSet::new();
    for _ in 0..MAX_PASSES {
        if problems.len() == MAX_PROBLEMS {
            break;
        }
        let ctx = tree::Ctx {
            skip: &skip,
            written: &written,
        };
        let failure = match T::deserialize(tree::Node::root(tree, &ctx)) {
            Ok(value) if problems.is_empty() => return Ok(value),
            Ok(_) => break,
            Err(f) => f,
        };
        let path = failure.path.clone().unwrap_or_default();
        if !follows_from_earlier(&failure, &path, tree, &skip, &meant) {
            if let Kind::UnknownField { field, expected } = &failure.kind {
                if let Some(close) = suggest(field, expected.iter().copied()) {
                    meant.insert((path[..path.len().saturating_sub(1)].to_vec(), close));
                }
            }
            problems.push(diagnostic(file, &failure, &path, tree, index.spans.root()));
        }
        if path.is_empty() {
            break;
        }
        skip.insert(path);
    }
    Err(problems)
}

/// A missing field whose value failed, or that an unknown field was meant to be, is the
/// same mistake reported already.
fn follows_from_earlier(
    failure: &Failure,
    path: &[usize],
    tree: &Value,
    skip: &HashSet<Path>,
    meant: &HashSet<(Path, &'static str)>,
) -> bool {
    let Kind::MissingField(field) = failure.kind else {
        return false;
    };
    meant.contains(&(path.to_vec(), field))
        || skip.iter().any(|s| {
            s.len() == path.len() + 1
                && s.starts_with(path)
                && walk(tree, s)
                    .and_then(|(key, _)| key)
                    .map(key_text)
                    .as_deref()
                    == Some(field)
        })
}

/// The place at `path`, or the nearest place above it that was written (inside an alias,
/// only the alias itself has a position), and whether it is the place itself.
fn find<'a>(root: At<'a>, path: &[usize]) -> (At<'a>, bool) {
    let mut at = root;
    for &i in path {
        let next = at.nth(i);
        if !next.exists() {
            return (at, false);
        }
        at = next;
    }
    (at, at.exists())
}

/// The key (for mapping entries) and value at `path` of the tree.
fn walk<'v>(tree: &'v Value, path: &[usize]) -> Option<(Option<&'v Value>, &'v Value)> {
    let mut here = (None, tree);
    for &i in path {
        here = match untag(here.1) {
            Value::Mapping(m) => m.iter().nth(i).map(|(k, v)| (Some(k), v))?,
            Value::Sequence(items) => (None, items.get(i)?),
            _ => return None,
        };
    }
    Some(here)
}

fn untag(mut value: &Value) -> &Value {
    while let Value::Tagged(t) = value {
        value = &t.value;
    }
    value
}

fn key_text(key: &Value) -> String {
    match untag(key) {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => "?".to_string(),
    }
}

/// The field names along `path` (`okrs`, `KR1.2`, `status`), with list items as `None`.
fn names(tree: &Value, path: &[usize]) -> Vec<Option<String>> {
    (1..=path.len())
        .map(|n| {
            walk(tree, &path[..n])
                .and_then(|(key, _)| key)
                .map(key_text)
        })
        .collect()
}

/// `highlights[0].grantee`, as serde_yaml writes paths.
fn dotted(names: &[Option<String>], path: &[usize]) -> String {
    let mut out = String::new();
    for (name, i) in names.iter().zip(path) {
        match name {
            Some(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            None => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

fn diagnostic(file: &str, f: &Failure, path: &[usize], tree: &Value, root: At) -> Diagnostic {
    let names = names(tree, path);
    // A key's problem is told from the mapping that holds it, as serde_yaml does.
    let shown = if f.at_key {
        path.len().saturating_sub(1)
    } else {
        path.len()
    };
    let prefix = dotted(&names[..shown], &path[..shown]);
    let message = if prefix.is_empty() {
        f.message.clone()
    } else {
        format!("{prefix}: {}", f.message)
    };
    let (at, exact) = find(root, path);
    let span = match (&f.kind, f.at_key) {
        (Kind::MissingField(_), _) => at.value().map(|s| Span { len: 0, ..s }),
        (_, true) if exact => at.key_span(),
        _ => at.value(),
    };
    let d = Diagnostic::error(code(f, tree, path, &names), file, message).at_span(span);
    let value = walk(tree, path).map(|(_, v)| untag(v));
    match hint(f, &names, path, tree, value) {
        Some(h) => d.hint(h),
        None => d,
    }
}

fn code(f: &Failure, tree: &Value, path: &[usize], names: &[Option<String>]) -> Code {
    match &f.kind {
        Kind::MissingField(_) => Code::MissingField,
        Kind::UnknownField { .. } => Code::UnknownField,
        Kind::UnknownVariant { .. } => Code::UnknownValue,
        Kind::InvalidType { .. } => Code::WrongType,
        Kind::Other if f.at_key && written_twice(tree, path) => Code::DuplicateKey,
        // A key that fails is a key-result id, not the status it maps to.
        Kind::Other if !f.at_key && is_status(names) => Code::UnknownStatus,
        Kind::Other => Code::InvalidValue,
    }
}

/// A key result's status: `okrs: {KR1.1: on-target}` or `{KR1.1: {status: on-target}}`.
fn is_status(names: &[Option<String>]) -> bool {
    let field = names.last().cloned().flatten().unwrap_or_default();
    names.first().is_some_and(|n| n.as_deref() == Some("okrs"))
        && (names.len() == 2 || (names.len() == 3 && field == "status"))
}

fn hint(
    f: &Failure,
    names: &[Option<String>],
    path: &[usize],
    tree: &Value,
    value: Option<&Value>,
) -> Option<String> {
    let field = names.last().cloned().flatten().unwrap_or_default();
    match &f.kind {
        Kind::UnknownField { field, expected } => {
            Some(match suggest(field, expected.iter().copied()) {
                Some(close) => format!("did you mean `{close}`?"),
                None if expected.is_empty() => "remove this field".to_string(),
                None => "remove the field, or rename it to one of the valid fields".to_string(),
            })
        }
        Kind::UnknownVariant { variant, expected } => one_of(variant, expected.iter().copied()),
        Kind::MissingField(name) => Some(format!("add a `{name}:` line")),
        Kind::InvalidType {
            want: Some(Want::Bool),
        } => Some(boolean_hint(&field, value)),
        Kind::InvalidType {
            want: Some(Want::Fields),
        } => Some("write `key: value` lines here, indented under this key".into()),
        Kind::InvalidType { want: None } if matches!(value, Some(Value::Sequence(_))) => {
            Some("`[...]` and `- ` lines make a list; write a single value here".into())
        }
        _ if f.at_key && written_twice(tree, path) => {
            Some("each key may appear once; remove or merge the repeated one".into())
        }
        // The message says how to write the key; value hints would be about its value.
        _ if f.at_key => None,
        _ => field_hint(&field, names, value),
    }
}

/// How to write the values of the fields that have a form of their own.
fn field_hint(field: &str, names: &[Option<String>], value: Option<&Value>) -> Option<String> {
    if is_status(names) {
        let written = match value {
            Some(Value::String(s)) => s.as_str(),
            _ => "",
        };
        let normal = written.trim().to_lowercase().replace([' ', '_'], "-");
        return one_of(&normal, Status::ALL.map(Status::slug));
    }
    match field {
        "period" => Some("write a month (2024-09), a month range (2024-03..2024-04), a quarter (2024-Q2), a half year (2024-H1) or a year (2024)".into()),
        "published" | "start" | "end" | "due" => {
            Some("write dates as year-month-day, e.g. 2024-11-06".into())
        }
        "date" => Some("write a date as year-month-day (2024-11-06), or a month (2024-11) when the day is not known".into()),
        _ => None,
    }
}

/// `did you mean `x`?`, or the whole closed set.
fn one_of<'a>(written: &str, valid: impl IntoIterator<Item = &'a str> + Clone) -> Option<String> {
    Some(match suggest(written, valid.clone()) {
        Some(close) => format!("did you mean `{close}`?"),
        None => format!(
            "write one of: {}",
            valid.into_iter().collect::<Vec<_>>().join(", ")
        ),
    })
}

/// `draft: yes` -> write `draft: true`.
fn boolean_hint(field: &str, value: Option<&Value>) -> String {
    let written = match value {
        Some(Value::String(s)) => s.trim().to_lowercase(),
        _ => String::new(),
    };
    match written.as_str() {
        "yes" | "y" | "on" | "true" => format!("write `{field}: true`"),
        "no" | "n" | "off" | "false" => format!("write `{field}: false`"),
        _ => format!("write `{field}: true` or `{field}: false`"),
    }
}

/// Whether the key at `path` is, loosely (case and spaces aside), one written before it in
/// the same mapping: `KR 1.1` after `KR1.1`.
fn written_twice(tree: &Value, path: &[usize]) -> bool {
    let Some((&i, parent)) = path.split_last() else {
        return false;
    };
    let loose = |k: &Value| -> String {
        key_text(k)
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let Some((_, Value::Mapping(m))) = walk(tree, parent).map(|(k, v)| (k, untag(v))) else {
        return false;
    };
    let mut keys = m.keys().map(loose);
    let before: Vec<String> = keys.by_ref().take(i).collect();
    keys.next().is_some_and(|k| before.contains(&k))
}

/// A file serde_yaml cannot read at all: one problem, described by the position-aware
/// parser where it stopped too (its error has a position and a plain description), by
/// serde_yaml otherwise.
/// What the position pass refused before serde_yaml read anything.
fn refused(file: &str, stop: &Stop) -> Option<Diagnostic> {
    Some(match stop {
        Stop::TooDeep { at } => Diagnostic::error(
            Code::YamlTooDeep,
            file,
            format!("the YAML nests lists and mappings more than {MAX_DEPTH} levels deep"),
        )
        .at_span(Some(*at))
        .hint(
            "content needs a few levels at most: close the `[` and `{` brackets, or flatten the value",
        ),
        Stop::Refused { found, escape, at } => {
            let name = if found.is_control() {
                "control character"
            } else {
                "non-character"
            };
            let code = format!("U+{:04X}", *found as u32);
            let (message, at) = match escape {
                Some((escape, span)) => (format!("the escape `{escape}` stands for {name} {code}"), *span),
                None => (format!("this value holds {name} {code}"), *at),
            };
            Diagnostic::error(Code::ControlCharacter, file, message)
                .at_span(Some(at))
                .hint("remove it; titles and other values may hold tabs and line breaks but no other control characters")
        }
        _ => return None,
    })
}

fn unreadable(
    file: &str,
    yaml: &str,
    first_line: usize,
    e: &serde_yaml::Error,
    stop: Option<Stop>,
) -> Diagnostic {
    match stop {
        Some(Stop::Duplicate { key, at }) => Diagnostic::error(
            Code::DuplicateKey,
            file,
            format!("the key `{key}` is written twice"),
        )
        .at_span(Some(at))
        .hint("each key may appear once; remove or merge the repeated one"),
        Some(Stop::SecondDocument { at }) => Diagnostic::error(
            Code::YamlSyntax,
            file,
            "the file holds more than one YAML document",
        )
        .at_span(Some(Span { len: 3, ..at }))
        .hint("remove this `---` line, or move what follows into its own file"),
        Some(Stop::Syntax {
            message,
            at,
            index,
            open,
        }) => syntax(file, yaml, first_line, &message, at, index, open),
        // Refused before serde_yaml read the file (`refused`); here for completeness.
        Some(Stop::TooDeep { .. } | Stop::Refused { .. }) | None => {
            // serde_yaml's message holds positions in the YAML; read it again from the file's
            // first line so that they are the file's.
            let padded = format!("{}{yaml}", "\n".repeat(first_line.saturating_sub(1)));
            let e2 = serde_yaml::from_str::<Value>(&padded).err();
            let e = e2.as_ref().unwrap_or(e);
            let mut d = Diagnostic::error(Code::YamlSyntax, file, e.to_string());
            if let Some(at) = e.location() {
                d = d.at(at.line(), at.column());
            }
            d.hint("the YAML nests or repeats too deeply for content; simplify it")
        }
    }
}

fn syntax(
    file: &str,
    yaml: &str,
    first_line: usize,
    message: &str,
    at: Span,
    index: usize,
    open: Option<(char, Span)>,
) -> Diagnostic {
    let line_of = |file_line: usize| yaml.lines().nth(file_line.checked_sub(first_line)?);
    if let Some((line, column)) = tab_near(at.line, &line_of) {
        return Diagnostic::error(Code::YamlSyntax, file, "a tab character in the indentation")
            .at(line, column)
            .underline(1)
            .hint("indent with spaces; YAML does not allow tabs for indentation");
    }
    let at_end = index >= yaml.trim_end().chars().count();
    if let Some((bracket, opened)) = open.filter(|(_, o)| at_end || o.line < at.line) {
        let (what, close) = if bracket == '[' {
            ("list", ']')
        } else {
            ("mapping", '}')
        };
        return Diagnostic::error(
            Code::YamlSyntax,
            file,
            format!("this `{bracket}` {what} is never closed with `{close}`"),
        )
        .at_span(Some(Span { len: 1, ..opened }))
        .hint("close the bracket, and separate the items with commas");
    }
    let rest = line_of(at.line)
        .map(|l| l.chars().skip(at.column - 1).collect::<String>())
        .unwrap_or_default();
    let first = rest.chars().next();
    let d = Diagnostic::error(Code::YamlSyntax, file, message).at_span(Some(Span { len: 1, ..at }));
    let unclosed = |q: char| !yaml.chars().skip(index + 1).any(|c| c == q);
    let hint = match first {
        Some(q @ ('"' | '\'')) if unclosed(q) => {
            return Diagnostic::error(Code::YamlSyntax, file, "this quoted value is never closed")
                .at_span(Some(Span { len: 1, ..at }))
                .hint("add the closing quote");
        }
        Some(':') => {
            "a value that contains `: ` must be quoted (`title: \"A: B\"`); or this line is indented too far"
        }
        Some('@' | '`') => "quote the value: `@` and `` ` `` cannot start a plain YAML value",
        Some('*') => "`*name` repeats a value marked `&name` earlier in the same file",
        _ if line_of(at.line).is_some_and(|l| l.len() - l.trim_start().len() + 1 == at.column) => {
            "line this up with the other keys or list items above it"
        }
        _ => return d,
    };
    d.hint(hint)
}

/// A tab in the indentation of the line where the parser stopped or the next one (the
/// parser may stop at the end of the line before): its file line and column.
fn tab_near<'a>(line: usize, line_of: &dyn Fn(usize) -> Option<&'a str>) -> Option<(usize, usize)> {
    (line..=line + 1).find_map(|l| {
        let text = line_of(l)?;
        let indent = &text[..text.len() - text.trim_start().len()];
        indent
            .chars()
            .position(|c| c == '\t')
            .map(|column| (l, column + 1))
    })
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

    fn errors<T: DeserializeOwned + std::fmt::Debug>(
        yaml: &str,
        first_line: usize,
    ) -> Vec<Diagnostic> {
        parse::<T>("r.md", yaml, first_line).unwrap_err()
    }

    fn error<T: DeserializeOwned + std::fmt::Debug>(yaml: &str, first_line: usize) -> Diagnostic {
        let mut all = errors::<T>(yaml, first_line);
        assert_eq!(all.len(), 1, "{all:#?}");
        all.remove(0)
    }

    /// `KRX: On target` under `okrs:` was an unknown status, with "did you mean `on-target`?".
    #[test]
    fn a_bad_key_result_id_in_a_report_is_not_an_unknown_status() {
        let yaml = "title: x\nkind: monthly\nperiod: 2024-09\nokrs:\n  KRX: On target\n";
        let err = error::<super::super::raw::ReportFrontMatter>(yaml, 2);
        assert_eq!(err.code, Code::InvalidValue, "{err:?}");
        assert!(
            err.message.contains("`KRX` is not a key-result id"),
            "{err:?}"
        );
        assert_eq!((err.line, err.column), (6, 3), "{err:?}");
        assert_eq!(err.hint, None);
    }

    #[test]
    fn maps_yaml_line_to_file_line() {
        let err = error::<Doc>("title: x\nkind: [a\n", 5);
        // `kind` is on YAML line 2, which is file line 5 + 2 - 1.
        assert_eq!((err.line, err.column), (6, 7), "{err:?}");
        assert_eq!(err.message, "this `[` list is never closed with `]`");
        let err = error::<Doc>("title: x\nkind: [a]\n", 5);
        assert_eq!(err.line, 6, "{err:?}");
        assert_eq!(
            err.message,
            "kind: invalid type: sequence, expected a string"
        );
    }

    #[test]
    fn suggests_the_field_that_was_meant() {
        // `title` is missing because it is misspelled: one mistake, one problem.
        let err = error::<Doc>("titel: x\n", 2);
        assert!(
            err.message.starts_with("unknown field `titel`"),
            "{}",
            err.message
        );
        assert_eq!((err.line, err.column, err.len), (2, 1, 5));
        assert_eq!(err.hint.as_deref(), Some("did you mean `title`?"));
    }

    #[test]
    fn names_missing_fields() {
        let err = error::<Doc>("kind: x\n", 2);
        assert_eq!(err.message, "missing field `title`");
        assert_eq!((err.line, err.column), (2, 1));
        assert_eq!(err.hint.as_deref(), Some("add a `title:` line"));
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
        let err = error::<serde_yaml::Value>(&bomb, 1);
        assert!(err.hint.unwrap().contains("simplify"));
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
        let err = error::<Doc>("kind: x\ntitle: \"never closed\n", 2);
        assert_eq!(err.message, "this quoted value is never closed");
        assert_eq!((err.line, err.column), (3, 8), "{err:?}");
        assert_eq!(err.hint.as_deref(), Some("add the closing quote"));
    }

    #[test]
    fn points_at_the_opening_bracket_of_an_unclosed_list() {
        let err = error::<Program>("name: x\ntags: [a, b\n", 1);
        assert_eq!(err.message, "this `[` list is never closed with `]`");
        assert_eq!((err.line, err.column), (2, 7), "{err:?}");
        let err = error::<Program>("tags: [a\nname: https://example.org/\n", 1);
        assert_eq!((err.line, err.column), (1, 7), "{err:?}");
    }

    #[test]
    fn points_at_the_second_of_two_equal_keys() {
        let err = error::<Program>("name: a\ntags: [x]\nname: b\n", 1);
        assert_eq!(err.message, "the key `name` is written twice");
        assert_eq!((err.line, err.column, err.len), (3, 1, 4), "{err:?}");
    }

    #[test]
    fn underlines_the_key_or_the_value() {
        let err = error::<Doc>("titel: x\ntitle: y\n", 2);
        assert_eq!((err.column, err.len), (1, 5));
        let err = error::<Doc>("title: x\nkind: [a, b]   # note\n", 2);
        assert_eq!((err.line, err.column, err.len), (3, 7, 6), "{err:?}");
        let err = error::<Doc>("title: \"x\n", 2);
        assert_eq!((err.column, err.len), (8, 1));
    }

    #[test]
    fn finds_loose_duplicate_keys_in_nested_mappings() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Okrs {
            okrs: crate::load::raw::UniqueMap<crate::model::KeyResultId, String>,
        }
        let err = error::<Okrs>("okrs:\n  KR1.1: a\n  KR1.2: b\n  KR 1.1: c\n", 1);
        assert_eq!((err.line, err.column, err.len), (4, 3, 6), "{err:?}");
        assert!(err.hint.unwrap().contains("may appear once"));
    }

    #[test]
    fn names_no_rust_types_and_explains_tabs() {
        let err = error::<Program>("- a\n", 1);
        assert_eq!(
            err.message,
            "invalid type: sequence, expected a mapping of fields (`name: value` lines)"
        );
        let err = error::<Program>("name: x\n\ttags: []\n", 1);
        assert_eq!(
            (err.line, err.column, err.message.as_str()),
            (2, 1, "a tab character in the indentation")
        );
        assert!(err.hint.unwrap().contains("spaces"));
    }

    #[test]
    fn locates_a_second_document() {
        let err = error::<Program>("# c\nname: x\n---\nname: y\n", 1);
        assert_eq!(err.message, "the file holds more than one YAML document");
        assert_eq!(err.line, 3);
    }

    #[test]
    fn hints_at_syntax_from_the_text_where_the_parser_stopped() {
        let err = error::<Doc>("title: A: B\n", 2);
        assert_eq!(
            err.message,
            "mapping values are not allowed in this context"
        );
        assert_eq!((err.line, err.column), (2, 9));
        assert!(err.hint.unwrap().contains("must be quoted"));
        let err = error::<Doc>("title: @x\n", 2);
        assert!(err.hint.unwrap().contains("cannot start"));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Dated {
        period: crate::model::Period,
        #[serde(default)]
        published: Option<crate::model::Date>,
        #[serde(default)]
        draft: bool,
        #[serde(default)]
        kind: Option<crate::model::ReportKind>,
    }

    #[test]
    fn explains_how_to_write_periods_and_dates() {
        let err = error::<Dated>("period: 2024-13\n", 2);
        assert!(err.hint.unwrap().contains("2024-Q2"));
        let err = error::<Dated>("period: 2024-09\npublished: 2024-02-30\n", 2);
        assert_eq!((err.line, err.column, err.len), (3, 12, 10));
        assert!(err.hint.unwrap().contains("2024-11-06"));
        let err = error::<Dated>("period: [2024]\n", 2);
        assert!(err.hint.unwrap().contains("single value"));
    }

    #[test]
    fn reports_every_problem_of_a_file_in_one_run() {
        let yaml =
            "period: 2024-13\npublished: 2024-02-30\ncolour: red\ndraft: yes\nkind: monthy\n";
        let all = errors::<Dated>(yaml, 2);
        let got: Vec<(usize, usize)> = all.iter().map(|d| (d.line, d.column)).collect();
        // The invalid period is not also reported as missing.
        assert_eq!(got, [(2, 9), (3, 12), (4, 1), (5, 8), (6, 7)], "{all:#?}");
        assert_eq!(all[3].hint.as_deref(), Some("write `draft: true`"));
        assert_eq!(all[4].hint.as_deref(), Some("did you mean `monthly`?"));
        assert_eq!(
            all[4].message,
            "kind: unknown variant `monthy`, expected one of `monthly`, `quarterly`, `annual`"
        );
    }

    #[test]
    fn points_at_the_file_where_the_second_parser_disagrees() {
        // libyaml takes a tab after `:` as a separator; saphyr-parser does not.
        let doc = parse::<Doc>("r.md", "title:\tx\n", 2).unwrap();
        assert_eq!(doc.value.title, "x");
        let err = error::<Doc>("title:\tx\nkind: [a]\n", 2);
        assert_eq!((err.line, err.column), (0, 0));
        assert_eq!(
            err.message,
            "kind: invalid type: sequence, expected a string"
        );
    }

    #[test]
    fn stops_after_a_bounded_number_of_problems() {
        let yaml: String = (0..80).map(|i| format!("x{i}: 1\n")).collect();
        assert_eq!(errors::<Doc>(&yaml, 1).len(), MAX_PROBLEMS);
    }

    #[test]
    fn reads_numbers_as_written_where_text_is_wanted() {
        let doc = parse::<Doc>("r.md", "title: 2024.10\n", 2).unwrap();
        assert_eq!(doc.value.title, "2024.10");
        assert_eq!(
            doc.spans.root().key("title").value().map(|s| s.line),
            Some(2)
        );
    }

    #[test]
    fn suggests_the_status_that_was_meant() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct Report {
            okrs: crate::load::raw::UniqueMap<
                crate::model::KeyResultId,
                crate::load::raw::RawKeyResultStatus,
            >,
        }
        let yaml = "okrs:\n  KR1.1: On trgt\n  KR1.2: {status: unmeasured}\n";
        let all = errors::<Report>(yaml, 2);
        assert_eq!(all.len(), 2, "{all:#?}");
        assert_eq!(all[0].hint.as_deref(), Some("did you mean `on-target`?"));
        assert_eq!((all[1].line, all[1].column), (4, 19));
        assert!(
            all[1]
                .message
                .starts_with("okrs.KR1.2.status: unknown status `unmeasured`")
        );
        assert_eq!(all[1].hint.as_deref(), Some("did you mean `not-measured`?"));
    }
}
