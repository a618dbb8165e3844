//! What `grantsite new report` and `grantsite new update` share: their errors, writing one new
//! file inside the site (never over an existing one, never through a symbolic link), and
//! spelling strings safely in YAML.

use crate::load::LoadError;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(
        "the site has {0} error(s) in its program, OKRs or reports, so it cannot be carried forward; run `grantsite check` and fix them first"
    )]
    Broken(usize),
    #[error("{0} exists; grantsite new never replaces a file (remove it, or edit it)")]
    Exists(String),
    #[error("{what} is already {file}; edit that file instead")]
    Covered { what: String, file: String },
    #[error("{0}")]
    Usage(String),
    #[error("{path} is a symbolic link; grantsite new writes only inside the site's own folders")]
    Symlink { path: String },
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl NewError {
    /// Whether the problem is with the site's content (exit 1) rather than the request (exit 2).
    pub fn is_content(&self) -> bool {
        matches!(self, NewError::Broken(_))
    }
}

/// A file to create: its site-relative, `/`-separated path and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    pub rel: String,
    pub text: String,
}

/// Creates `file` under `root`, making its folders. Refuses a file that exists (checked by
/// the create itself, so nothing written in between is lost) and a folder below `content/`
/// that is a symbolic link, which a pull request could point anywhere.
pub fn write(root: &Path, file: &NewFile) -> Result<PathBuf, NewError> {
    let target = root.join(&file.rel);
    refuse_links(root, &file.rel)?;
    let io = |source| NewError::Io {
        path: file.rel.clone(),
        source,
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    let mut out = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => NewError::Exists(file.rel.clone()),
            _ => io(e),
        })?;
    out.write_all(file.text.as_bytes()).map_err(io)?;
    Ok(target)
}

/// `content/` itself may be a link (a site's own layout); nothing below it may be.
fn refuse_links(root: &Path, rel: &str) -> Result<(), NewError> {
    let parts: Vec<&str> = rel.split('/').collect();
    for end in 2..parts.len() {
        let prefix = parts[..end].join("/");
        let is_link =
            std::fs::symlink_metadata(root.join(&prefix)).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            return Err(NewError::Symlink { path: prefix });
        }
    }
    Ok(())
}

/// `text` as a YAML double-quoted scalar, which reads back exactly: quotes, backslashes,
/// control characters and the characters YAML 1.1 treats as line breaks are escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_strings_read_back_exactly() {
        for text in [
            "plain",
            "yes",
            "2024-10",
            "a: b # not a comment",
            "\"quotes\" and \\ backslashes",
            "two\nlines\tand a tab",
            // Control characters cannot reach here: content that holds them is refused.
            "line\u{2028}separator, BOM \u{feff}",
            "- [not, a, list]",
            "",
        ] {
            let yaml = format!("value: {}\n", quoted(text));
            let back = crate::load::yaml::parse::<std::collections::BTreeMap<String, String>>(
                "t.yaml", &yaml, 1,
            )
            .unwrap();
            assert_eq!(back.value["value"], text, "{yaml}");
        }
    }

    #[test]
    fn refuses_to_replace_a_file_or_write_through_a_link() {
        let root = tempfile::tempdir().unwrap();
        let file = NewFile {
            rel: "content/engagements/2024/A/update-2024-10.md".into(),
            text: "# A\n".into(),
        };
        write(root.path(), &file).unwrap();
        assert!(matches!(
            write(root.path(), &file),
            Err(NewError::Exists(_))
        ));
        #[cfg(unix)]
        {
            let outside = tempfile::tempdir().unwrap();
            std::os::unix::fs::symlink(
                outside.path(),
                root.path().join("content/engagements/2025"),
            )
            .unwrap();
            let linked = NewFile {
                rel: "content/engagements/2025/A/update-2025-01.md".into(),
                ..file
            };
            assert!(matches!(
                write(root.path(), &linked),
                Err(NewError::Symlink { path }) if path == "content/engagements/2025"
            ));
            assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
        }
    }
}
