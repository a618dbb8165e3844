//! Rendering: model in, files out, in memory. Nothing here touches the output folder, so a
//! build, `check`, `serve` and the tests all share it. Pages render in parallel; the result is
//! a sorted map, so output is identical from run to run.

mod context;
pub mod data;
mod feeds;
mod format;
mod pages;
pub mod relative;
pub mod theme;
pub mod views;

use crate::diagnostics::Diagnostic;
use crate::load::SiteFiles;
use crate::model::Site;
use crate::urls::{self, SiteUrls};
use context::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
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
        spot: Option<Box<theme::Spot>>,
    },
    #[error("cannot serialize {0}: {1}")]
    Json(&'static str, serde_json::Error),
    /// A bug, not a content problem: every asset in the model comes from a file `load` found.
    #[error("{0} is in the model but was not found by load")]
    NotLoaded(String),
}

impl RenderError {
    /// The failure as a problem of the site's templates, for `check`, which renders every page
    /// in memory so that it fails wherever `build` would.
    pub fn diagnostic(&self) -> Diagnostic {
        let hint = "fix the template; `grantsite theme` writes the default theme out to compare";
        match self {
            RenderError::Template {
                output,
                spot: Some(spot),
                ..
            } => spot
                .diagnostic(&format!("rendering {output} failed: "))
                .hint(hint),
            RenderError::Theme(theme::ThemeError::Tera {
                spot: Some(spot), ..
            }) => spot.diagnostic("").hint(hint),
            RenderError::Template {
                template,
                output,
                message,
                spot: None,
            } => Diagnostic::error(
                format!("templates/{template}"),
                format!("rendering {output} failed: {message}"),
            )
            .hint(hint),
            RenderError::Theme(_) => Diagnostic::error("templates", self.to_string()).hint(hint),
            RenderError::Json(..) | RenderError::NotLoaded(_) => {
                Diagnostic::error("content", self.to_string())
            }
        }
    }
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

/// Renders the site from its model and the theme data `load` found (`files`): no disk access.
pub fn render(site: &Site, urls: &SiteUrls, files: &SiteFiles) -> Result<Rendered, RenderError> {
    let mut tera = theme::load(&files.templates)?;
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
        match files.theme_static.get(*path) {
            Some(own) => {
                out.copies.insert(path.to_string(), own.clone());
            }
            None => {
                out.files.insert(path.to_string(), body.as_bytes().to_vec());
            }
        }
    }
    out.files.insert(urls::SITE_JSON.into(), site_json?);
    out.files
        .insert(urls::SITE_SCHEMA.into(), data::SCHEMA.as_bytes().to_vec());
    out.files.insert(urls::SEARCH_INDEX.into(), search_json?);
    for asset in &site.assets {
        let source = files
            .assets
            .get(asset.source.as_str())
            .ok_or_else(|| RenderError::NotLoaded(asset.source.to_string()))?;
        out.copies.insert(asset.output.clone(), source.clone());
    }
    // `static_files` made every clash with the files above an error before this runs.
    out.copies.extend(files.site_static.clone());
    Ok(out)
}

/// Tells the link checker about the files copied as they are, which the model does not know:
/// the theme's and the site's `static/`. A site file that would replace one the build writes
/// is an error; a `templates/static/` file the theme does not have is a warning (it is not
/// published).
pub fn static_files(files: &SiteFiles, urls: &mut SiteUrls) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for path in files.theme_static.keys() {
        if !theme::STATIC.iter().any(|(name, _)| name == path) {
            problems.push(not_a_theme_file(path));
        }
    }
    for (path, _) in theme::STATIC {
        urls.add_static(path.to_string());
    }
    for path in files.site_static.keys() {
        match urls.taken_by(path) {
            // Two static files that differ only in case: load reports those.
            Some(other) if other != *path && files.site_static.contains_key(&other) => {}
            Some(generated) => problems.push(replaces_generated(path, &generated)),
            None => urls.add_static(path.clone()),
        }
    }
    problems
}

fn not_a_theme_file(path: &str) -> Diagnostic {
    let names: Vec<&str> = theme::STATIC
        .iter()
        .map(|(name, _)| name.strip_prefix("static/").unwrap_or(name))
        .collect();
    Diagnostic::warning(
        format!("templates/{path}"),
        format!(
            "the theme has no file of this name to replace (it has {}); ignored",
            names.join(", ")
        ),
    )
    .hint(format!(
        "to publish a file of your own, put it in static/{path}"
    ))
}

fn replaces_generated(path: &str, generated: &str) -> Diagnostic {
    let theme = theme::STATIC.iter().any(|(name, _)| *name == generated);
    let d = Diagnostic::error(
        format!("static/{path}"),
        format!(
            "would replace {}`/{generated}`, which the build writes",
            if theme { "the theme's " } else { "" }
        ),
    );
    if theme {
        d.hint(format!(
            "to replace the theme's file, move yours to templates/{generated}"
        ))
    } else {
        d.hint(
            "rename or remove the file; to change a generated file, override its template in templates/ (docs/templates.md)",
        )
    }
}

fn render_job(tera: &Tera, job: Job) -> Result<(String, Vec<u8>), RenderError> {
    tera.render(job.template, &job.context)
        .map(|text| (job.output.clone(), text.into_bytes()))
        .map_err(|e| RenderError::Template {
            template: job.template.to_string(),
            output: job.output,
            message: theme::describe(&e),
            spot: theme::spot(&e).map(Box::new),
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

#[cfg(test)]
mod tests {
    use crate::pipeline::{self, Options};

    /// `static_files` refuses a static file by asking the URL map what the build writes, so
    /// the map must know every file: a page missing from it could be silently replaced.
    #[test]
    fn the_url_map_knows_every_file_the_build_writes() {
        let options = Options {
            root: env!("CARGO_MANIFEST_DIR").into(),
            ..Options::default()
        };
        let checked = pipeline::check(&options).unwrap();
        let rendered = pipeline::render(&checked).unwrap();
        assert!(rendered.pages() > 10);
        for path in rendered.files.keys().chain(rendered.copies.keys()) {
            assert!(checked.urls.taken_by(path).is_some(), "{path}");
        }
    }
}
