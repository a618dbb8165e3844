//! The only module that calls the YAML library (serde_yaml is archived upstream: a maintained
//! drop-in such as serde_yaml_ng replaces it here and nowhere else). Errors come back as
//! diagnostics on the right line of the file, with a hint.

use crate::diagnostics::{Diagnostic, suggest};
use serde::de::DeserializeOwned;

/// Parses `yaml`, which starts on 1-based line `first_line` of `file`. Empty YAML reads as an
/// empty mapping, so files whose fields are all optional may be empty.
pub fn parse<T: DeserializeOwned>(
    file: &str,
    yaml: &str,
    first_line: usize,
) -> Result<T, Diagnostic> {
    let yaml = if yaml.trim().is_empty() { "{}" } else { yaml };
    serde_yaml::from_str(yaml).map_err(|e| to_diagnostic(file, &e, first_line))
}

fn to_diagnostic(file: &str, e: &serde_yaml::Error, first_line: usize) -> Diagnostic {
    let full = e.to_string();
    // serde_yaml appends the position to its message; it is shown as line:column instead.
    let message = full
        .split_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m)
        .trim_end_matches(':')
        .to_string();
    let mut d = Diagnostic::error(file, message.clone());
    if let Some(at) = e.location() {
        d = d.at(at.line() + first_line - 1, at.column());
    }
    match hint(&message) {
        Some(h) => d.hint(h),
        None => d,
    }
}

fn hint(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`')?;
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        return Some(match suggest(field, valid.iter().copied()) {
            Some(close) => format!("did you mean `{close}`?"),
            None if valid.is_empty() => "remove this field".to_string(),
            None => format!("valid fields here: {}", valid.join(", ")),
        });
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next()?;
        return Some(format!("add a `{field}:` line"));
    }
    if message.contains("recursion limit") || message.contains("repetition limit") {
        return Some("the YAML nests or repeats too deeply for content; simplify it".into());
    }
    if message.starts_with("duplicate entry") || message.contains("duplicate") {
        return Some("each key may appear once".into());
    }
    None
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
}
