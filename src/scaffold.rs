//! `grantsite new DIR`: a minimal site that builds as is and shows every kind of file; and
//! `grantsite theme`: the default theme written out, to be edited.

mod new_file;
pub mod report;
pub mod update;

pub use new_file::NewError;

use std::path::Path;

const FILES: &[(&str, &str)] = &[
    (
        "content/program.yaml",
        "name: My Grant Program\ntagline: Funding security work in open source\nbase_url: https://example.org/\ncontact:\n  email: team@example.org\n",
    ),
    (
        "content/okrs/2025.yaml",
        "objectives:\n  - id: O1\n    text: Improve the security of critical open source projects\n    key_results:\n      - id: KR1.1\n        text: Fund at least five security engagements\n        due: 2025-12-31\n",
    ),
    (
        "content/reports/2025/2025-01.md",
        "---\ntitle: January 2025\nkind: monthly\nperiod: 2025-01\nsummary: Our first report.\nokrs:\n  KR1.1: on-target\nengagements:\n  new: [example-project]\n---\n\nWhat happened this month.\n",
    ),
    (
        "content/engagements/2025/Example Project/README.md",
        "---\nname: Example Project security audit\nstatus: active\n---\n\nWhat this engagement is about.\n",
    ),
    (
        "content/engagements/2025/Example Project/update-2025-01.md",
        "# Example Project Update - January 2025\n\nWhat the grantee did this month.\n",
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0} exists and is not empty; choose a new folder")]
    NotEmpty(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

pub fn create(dir: &Path) -> Result<(), ScaffoldError> {
    let occupied = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if occupied {
        return Err(ScaffoldError::NotEmpty(dir.display().to_string()));
    }
    for (path, text) in FILES {
        let target = dir.join(path);
        write_file(&target, text)?;
    }
    Ok(())
}

/// Writes one file, making its folders.
fn write_file(target: &Path, text: &str) -> Result<(), ScaffoldError> {
    let io = |source| ScaffoldError::Io {
        path: target.display().to_string(),
        source,
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(target, text).map_err(io)
}

/// Writes every default template and theme file (`static/grantsite.css`...) into
/// `root/templates/`, where a file replaces the default of the same name. Files that exist
/// are left alone. Returns how many files were written.
pub fn eject_theme(root: &Path) -> Result<usize, ScaffoldError> {
    let templates = crate::render::theme::DEFAULTS
        .iter()
        .map(|(name, text)| (root.join("templates").join(name), *text));
    let statics = crate::render::theme::STATIC
        .iter()
        .map(|(name, text)| (root.join("templates").join(name), *text));
    let mut written = 0;
    for (target, text) in templates.chain(statics) {
        if target.exists() {
            continue;
        }
        write_file(&target, text)?;
        written += 1;
    }
    Ok(written)
}
