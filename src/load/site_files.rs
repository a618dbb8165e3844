//! The site's own theme and static files, found by the same walker as the content: template
//! sources are read here and static files listed, so that rendering needs no disk.

use super::walk::{self, Folder, Found};
use crate::diagnostics::{Code, Diagnostic};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// Everything besides the model that rendering needs from the site folder.
#[derive(Debug, Default)]
pub struct SiteFiles {
    /// `templates/<name>` outside `templates/static/`: the template's name and source.
    pub templates: Vec<(String, String)>,
    /// `templates/static/<name>`, by output path (`static/<name>`).
    pub theme_static: BTreeMap<String, PathBuf>,
    /// `static/<path>`, by output path (`<path>`).
    pub site_static: BTreeMap<String, PathBuf>,
    /// Engagement files copied as they are: site-relative name -> the file, links resolved.
    pub assets: HashMap<String, PathBuf>,
}

pub fn read(folders: &[Folder], problems: &mut Vec<Diagnostic>) -> SiteFiles {
    let mut files = SiteFiles::default();
    for folder in folders {
        let prefix = format!("{}/", folder.name);
        match folder.name {
            walk::TEMPLATES => {
                for file in walk::files(folder, problems) {
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
