//! Rendering: model in, files out, in memory. Nothing here touches the output folder, so a
//! build, `check`, `serve` and the tests all share it. Pages render in parallel; the result is
//! a sorted map, so output is identical from run to run.

mod context;
pub mod data;
mod feeds;
mod format;
mod pages;
pub mod theme;
pub mod views;

use crate::model::Site;
use crate::urls::{self, SiteUrls};
use context::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tera::{Context, Tera};
use views::*;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] theme::ThemeError),
    #[error("rendering {output} with {template} failed: {message}")]
    Template {
        template: String,
        output: String,
        message: String,
    },
    #[error("cannot serialize {0}: {1}")]
    Json(&'static str, serde_json::Error),
}

/// The whole built site, before it is written.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Output path (relative, `/`-separated) -> bytes.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output path -> file to copy there unchanged.
    pub copies: BTreeMap<String, PathBuf>,
}

impl Rendered {
    pub fn pages(&self) -> usize {
        self.files.keys().filter(|k| k.ends_with(".html")).count()
    }
}

/// One file to render: which template, where, and its page-specific variables.
pub(crate) struct Job {
    template: &'static str,
    output: String,
    context: Context,
}

pub fn render(root: &Path, site: &Site, urls: &SiteUrls) -> Result<Rendered, RenderError> {
    let mut tera = theme::load(root)?;
    let views = Views::new(site, urls);
    tera.global_context().insert("site", &views.site_view());

    let (rendered, (site_json, search_json)) = rayon::join(
        || {
            pages::all(site)
                .into_par_iter()
                .map(|which| render_job(&tera, pages::job(&views, which)))
                .collect::<Vec<_>>()
        },
        || rayon::join(|| data::site_json(&views), || data::search_json(&views)),
    );
    let mut out = Rendered::default();
    for page in rendered {
        let (path, bytes) = page?;
        out.files.insert(path, bytes);
    }
    for (path, body) in theme::STATIC {
        // A site's `templates/static/<name>` replaces the theme's file, like templates do.
        let own = root.join("templates").join(path);
        if own.is_file() {
            out.copies.insert(path.to_string(), own);
        } else {
            out.files.insert(path.to_string(), body.as_bytes().to_vec());
        }
    }
    out.files.insert(urls::SITE_JSON.into(), site_json?);
    out.files
        .insert(urls::SITE_SCHEMA.into(), data::SCHEMA.as_bytes().to_vec());
    out.files.insert(urls::SEARCH_INDEX.into(), search_json?);
    for asset in &site.assets {
        out.copies
            .insert(asset.output.clone(), root.join(asset.source.as_str()));
    }
    add_static(root, &mut out);
    Ok(out)
}

/// The site's `static/` folder, copied as is to the output root; its files win over the
/// theme's.
fn add_static(root: &Path, out: &mut Rendered) {
    for (rel, path) in site_static_files(root) {
        out.files.remove(&rel);
        out.copies.insert(rel, path);
    }
}

/// Output path and source of every file in the site's `static/`. Junk files are skipped, and
/// symlinks are not followed.
fn site_static_files(root: &Path) -> Vec<(String, PathBuf)> {
    let dir = root.join("static");
    walkdir::WalkDir::new(&dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| {
            (
                crate::load::relative(&dir, e.path()),
                e.path().to_path_buf(),
            )
        })
        .collect()
}

/// Tells the link checker about the files copied as they are, which the model does not know.
pub fn register_static_files(root: &Path, urls: &mut SiteUrls) {
    let theme = theme::STATIC.iter().map(|(path, _)| path.to_string());
    let site = site_static_files(root).into_iter().map(|(path, _)| path);
    for path in theme.chain(site) {
        urls.add_static(path);
    }
}

fn render_job(tera: &Tera, job: Job) -> Result<(String, Vec<u8>), RenderError> {
    tera.render(job.template, &job.context)
        .map(|text| (job.output.clone(), text.into_bytes()))
        .map_err(|e| RenderError::Template {
            template: job.template.to_string(),
            output: job.output,
            message: theme::describe(&e),
        })
}

pub(crate) fn meta(
    views: &Views,
    title: String,
    description: Option<String>,
    path: &str,
    section: &'static str,
) -> PageMeta {
    PageMeta {
        description: description.unwrap_or_else(|| title.clone()),
        title,
        url: views.abs(path),
        section,
    }
}

pub(crate) fn page<T: Serialize + ?Sized>(
    template: &'static str,
    path: &str,
    meta: PageMeta,
    name: &'static str,
    value: &T,
) -> Job {
    let mut context = Context::new();
    context.insert("page", &meta);
    context.insert(name, value);
    Job {
        template,
        output: format!("{path}index.html"),
        context,
    }
}
