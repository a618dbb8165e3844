//! The site's own theme and static files, found by the same walker as the content: template
//! sources are read here and static files listed, so that rendering needs no disk.

use super::walk::{self, Folder, Found};
use crate::diagnostics::{Code, Diagnostic, Sources};
use crate::i18n::{SiteTable, Translator};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Everything besides the model that rendering needs from the site folder.
#[derive(Clone, Debug, Default)]
pub struct SiteFiles {
    /// `templates/<name>` outside `templates/static/` and `templates/i18n/`: the template's
    /// name and source.
    pub templates: Vec<(String, String)>,
    /// `templates/i18n/<language>.yaml`: the site's translation tables.
    pub translations: Vec<SiteTable>,
    /// The labels of the site's language, from the tables above and the theme's (set by
    /// `load` once the program is read).
    pub i18n: Translator,
    /// `templates/static/<name>`, by output path (`static/<name>`).
    pub theme_static: BTreeMap<String, PathBuf>,
    /// `static/<path>`, by output path (`<path>`).
    pub site_static: BTreeMap<String, PathBuf>,
    /// Engagement files copied as they are: site-relative name -> the file, links resolved.
    pub assets: HashMap<String, PathBuf>,
}

/// Reads the site's templates and translation tables (their text goes into `sources`, for
/// snippets) and lists its static files.
pub fn read(
    folders: &[Folder],
    sources: &mut Sources,
    problems: &mut Vec<Diagnostic>,
) -> SiteFiles {
    let mut files = SiteFiles::default();
    for folder in folders {
        let prefix = format!("{}/", folder.name);
        match folder.name {
            walk::TEMPLATES => {
                for file in walk::files(folder, problems) {
                    if let Some(name) = file.rel.strip_prefix(I18N) {
                        match name.strip_suffix(".yaml") {
                            Some(language) if !language.contains('/') => {
                                let table = read_table(&file, language, sources, problems);
                                files.translations.extend(table);
                            }
                            _ => problems.push(not_a_table(&file.rel)),
                        }
                        continue;
                    }
                    match file.rel.strip_prefix("templates/static/") {
                        Some(name) => {
                            let output = format!("static/{name}");
                            files.theme_static.insert(output, file.path);
                        }
                        None => {
                            let name = file.rel.strip_prefix(&prefix).unwrap_or(&file.rel);
                            let name = name.to_string();
                            if let Some(source) = read_template(&file, problems) {
                                files.templates.push((name, source));
                            }
                        }
                    }
                }
            }
            walk::STATIC => {
                for file in walk::files(folder, problems) {
                    let output = file.rel.strip_prefix(&prefix).unwrap_or(&file.rel);
                    let output = output.to_string();
                    files.site_static.insert(output, file.path);
                }
            }
            _ => {}
        }
    }
    files
}

const I18N: &str = "templates/i18n/";

fn read_table(
    file: &Found,
    language: &str,
    sources: &mut Sources,
    problems: &mut Vec<Diagnostic>,
) -> Option<SiteTable> {
    let text = read_template(file, problems)?;
    let parsed = super::yaml::parse::<BTreeMap<String, String>>(&file.rel, &text, 1);
    sources.insert(file.rel.clone(), text.into());
    match parsed {
        Ok(yaml) => Some(SiteTable {
            language: language.to_string(),
            file: file.rel.clone(),
            entries: yaml.value,
            spans: yaml.spans,
        }),
        Err(ds) => {
            problems.extend(ds);
            None
        }
    }
}

fn not_a_table(rel: &str) -> Diagnostic {
    Diagnostic::warning(
        Code::UnknownThemeFile,
        rel,
        "not a translation table (tables are templates/i18n/<language>.yaml); ignored",
    )
    .hint("name the table after its language, e.g. templates/i18n/de.yaml")
}

fn read_template(file: &Found, problems: &mut Vec<Diagnostic>) -> Option<String> {
    if file.len > super::text::MAX_TEXT_BYTES as u64 {
        problems.push(super::text::too_large(&file.rel, file.len));
        return None;
    }
    let read = std::fs::read(&file.path)
        .map_err(|e| Diagnostic::error(Code::CannotRead, &file.rel, format!("cannot read: {e}")))
        .and_then(|bytes| super::text::decode(&file.rel, &bytes));
    read.map_err(|d| problems.push(d)).ok()
}
