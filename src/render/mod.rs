//! Rendering: model in, files out. Nothing here touches the output folder: each file is handed
//! to the caller as it is made (a build streams it to the output, `check` drops it), or
//! collected in memory (`serve`, tests). Pages render in parallel, each from the model alone,
//! so output is identical from run to run whatever order files are made in.

mod calendar;
mod charts;
mod compact;
mod context;
pub mod data;
mod exports;
mod feeds;
mod format;
mod pages;
pub mod relative;
mod rooted;
pub mod search;
pub mod theme;
pub mod views;

use crate::diagnostics::{Code, Diagnostic};
use crate::load::SiteFiles;
use crate::model::Site;
use crate::registry::{Artifact, Output};
use crate::urls::SiteUrls;
use context::Views;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
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
    /// (and keeps none) so that it fails wherever `build` would.
    pub fn diagnostic(&self) -> Diagnostic {
        let hint = "fix the template; `grantsite theme NAME` writes the default one out to compare";
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
                Code::TemplateError,
                format!("templates/{template}"),
                format!("rendering {output} failed: {message}"),
            )
            .hint(hint),
            RenderError::Theme(_) => {
                Diagnostic::error(Code::TemplateError, "templates", self.to_string()).hint(hint)
            }
            RenderError::Json(..) | RenderError::NotLoaded(_) => {
                Diagnostic::error(Code::Internal, "content", self.to_string())
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

/// One file to render through a template: which template, and its page-specific variables.
pub(crate) struct Job {
    template: &'static str,
    context: Context,
}

/// What one output becomes: bytes to write, or a file to copy as it is.
#[derive(Debug)]
pub enum Made {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// Renders the site from its model and the theme data `load` found (`files`): no disk access.
/// It renders exactly the registry's outputs that the URL map holds, so `urls` must be the
/// map of this `site` (`SiteUrls::new(site)`, as `pipeline::check` makes it).
pub fn render(site: &Site, urls: &SiteUrls, files: &SiteFiles) -> Result<Rendered, RenderError> {
    let out = Mutex::new(Rendered::default());
    render_each(site, urls, files, |path, made| {
        let mut out = out.lock().unwrap_or_else(PoisonError::into_inner);
        match made {
            Made::Bytes(bytes) => {
                out.files.insert(path, bytes);
            }
            Made::Copy(source) => {
                out.copies.insert(path, source);
            }
        }
        Ok::<(), RenderError>(())
    })?;
    Ok(out.into_inner().unwrap_or_else(PoisonError::into_inner))
}

/// Renders like `render`, but hands each file to `emit` (its output path and what it is) as
/// soon as it is made, from several threads at once and in no fixed order: a build then holds
/// a few pages in memory at a time, not the whole site. The first failure in the registry's
/// order among the pages, else among the search index's files, is returned (the same one on
/// every run), whatever finished first.
pub fn render_each<E>(
    site: &Site,
    urls: &SiteUrls,
    files: &SiteFiles,
    emit: impl Fn(String, Made) -> Result<(), E> + Sync,
) -> Result<(), E>
where
    E: From<RenderError> + Send,
{
    let renderer = Renderer::new(site, urls, files).map_err(E::from)?;
    // Pages first: an update's page keeps its terms for the search index, which is built
    // after them (from this thread, so in parallel: `search::Index::build`).
    let (search, pages): (Vec<&Output>, Vec<&Output>) = urls
        .outputs()
        .iter()
        .partition(|o| matches!(o.artifact, Artifact::Search(_)));
    let make = |output: &&Output| {
        let made = renderer.make(output).map_err(E::from);
        made.and_then(|made| emit(output.file(), made)).err()
    };
    let failed = pages.par_iter().find_map_first(make).or_else(|| {
        if !search.is_empty() {
            renderer.views.search_index();
        }
        search.par_iter().find_map_first(make)
    });
    // `static_files` made every clash with the files above an error before this runs.
    let failed = failed.or_else(|| {
        files
            .site_static
            .par_iter()
            .find_map_first(|(path, source)| emit(path.clone(), Made::Copy(source.clone())).err())
    });
    failed.map_or(Ok(()), Err)
}

/// The theme loaded and the site's views built, once, to render its outputs one at a time, in
/// any order and from any thread: `render_each` renders them all, `serve` each one when it is
/// first asked for. The views borrow the site.
pub struct Renderer<'a> {
    tera: Tera,
    views: Views<'a>,
    files: &'a SiteFiles,
    rooted: rooted::Rooted,
}

impl<'a> Renderer<'a> {
    /// `urls` must be the map of this `site`, as for `render`.
    pub fn new(
        site: &'a Site,
        urls: &'a SiteUrls,
        files: &'a SiteFiles,
    ) -> Result<Renderer<'a>, RenderError> {
        let mut tera = theme::load(&files.templates)?;
        let views = Views::new(site, urls, &files.i18n);
        tera.global_context().insert("site", &views.site_view());
        tera.global_context().insert("t", views.t.entries());
        let rooted = rooted::Rooted::new(views.base);
        Ok(Renderer {
            tera,
            views,
            files,
            rooted,
        })
    }

    /// Builds the search index unless `stop` says to give up first; whether it is built.
    pub fn prepare_search(&self, stop: &(dyn Fn() -> bool + Sync)) -> bool {
        self.views.search_index_unless(stop).is_some()
    }

    /// What one of the registry's outputs (`urls.outputs()`) becomes.
    pub fn make(&self, output: &Output) -> Result<Made, RenderError> {
        make(&self.tera, &self.views, self.files, &self.rooted, output)
    }
}

/// How each kind of output renders.
fn make(
    tera: &Tera,
    views: &Views,
    files: &SiteFiles,
    rooted: &rooted::Rooted,
    output: &Output,
) -> Result<Made, RenderError> {
    let path = output.path.as_str();
    let job = match output.artifact {
        Artifact::Home => pages::home(views, path),
        Artifact::Reports => pages::reports(views, path),
        Artifact::ReportYear(year) => pages::report_year(views, path, year),
        Artifact::Report(i) => pages::report(views, path, i),
        Artifact::OkrYears => pages::okr_years(views, path),
        Artifact::Okrs(i) => pages::okrs(views, path, i),
        Artifact::KeyResult(i, id) => pages::key_result(views, path, i, id),
        Artifact::Engagements => pages::engagements(views, path),
        Artifact::EngagementYear(year) => pages::engagement_year(views, path, year),
        Artifact::Engagement(i) => pages::engagement(views, path, i),
        Artifact::Grantees => pages::grantees(views, path),
        Artifact::Grantee(i) => pages::grantee(views, path, i),
        Artifact::Updates => pages::updates(views, path),
        Artifact::UpdateYear(year) => pages::updates_year(views, path, year),
        Artifact::UpdateEcosystem(year, i) => pages::updates_ecosystem(views, path, year, i),
        Artifact::Update(i) => pages::update(views, path, i),
        Artifact::Doc(i) => pages::doc(views, path, i),
        Artifact::NotFound => pages::not_found(views, path),
        Artifact::Atom => feeds::atom(views, path),
        Artifact::Sitemap => feeds::sitemap(views, path),
        Artifact::Robots => feeds::robots(views, path),
        Artifact::SiteJson => return data::site_json(views).map(Made::Bytes),
        Artifact::SiteSchema => return Ok(Made::Bytes(data::SCHEMA.as_bytes().to_vec())),
        Artifact::Search(part) => return search::file(views, part).map(Made::Bytes),
        Artifact::Calendar => return Ok(Made::Bytes(calendar::ics(views).into_bytes())),
        Artifact::KeyResultsCsv => return Ok(Made::Bytes(exports::key_results(views))),
        Artifact::UpdatesCsv => return Ok(Made::Bytes(exports::updates(views))),
        Artifact::ThemeFile(i) => return Ok(theme_file(files, i)),
        Artifact::Asset(i) => {
            let source = views.site.assets[i].source.as_str();
            return match files.assets.get(source) {
                Some(file) => Ok(Made::Copy(file.clone())),
                None => Err(RenderError::NotLoaded(source.to_string())),
            };
        }
    };
    render_job(tera, job, output, rooted).map(Made::Bytes)
}

/// A site's `templates/static/<name>` replaces the theme's file, like templates do.
fn theme_file(files: &SiteFiles, i: usize) -> Made {
    let (path, body) = theme::STATIC[i];
    match files.theme_static.get(path) {
        Some(own) => Made::Copy(own.clone()),
        None => Made::Bytes(body.as_bytes().to_vec()),
    }
}

/// Tells the link checker about the site's `static/` files, copied as they are, which the
/// registry does not know. A site file that would replace one the build writes
/// is an error; a `templates/static/` file the theme does not have is a warning (it is not
/// published).
pub fn static_files(files: &SiteFiles, urls: &mut SiteUrls) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for path in files.theme_static.keys() {
        if !theme::STATIC.iter().any(|(name, _)| name == path) {
            problems.push(not_a_theme_file(path));
        }
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
        Code::UnknownThemeFile,
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
    // A page is named by its file, so `static/index.html` reads as replacing `/index.html`.
    let page = if generated.is_empty() || generated.ends_with('/') {
        "index.html"
    } else {
        ""
    };
    let d = Diagnostic::error(
        Code::StaticCollision,
        format!("static/{path}"),
        format!(
            "would replace {}`/{generated}{page}`, which the build writes",
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

fn render_job(
    tera: &Tera,
    job: Job,
    output: &Output,
    rooted: &rooted::Rooted,
) -> Result<Vec<u8>, RenderError> {
    let html = job.template.ends_with(".html");
    tera.render(job.template, &job.context)
        .map(|made| match html {
            true => rooted.apply(made).into_bytes(),
            false => made.into_bytes(),
        })
        .map_err(|e| RenderError::Template {
            template: job.template.to_string(),
            output: output.file(),
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
    meta: PageMeta,
    name: &'static str,
    value: &T,
) -> Job {
    let mut context = Context::new();
    context.insert("page", &meta);
    context.insert(name, value);
    Job { template, context }
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{self, Options};
    use std::collections::BTreeSet;

    /// The paths the link checker accepts and the paths the build writes, for the site at
    /// `root` (relative to the repository).
    fn accepted_and_written(root: &str) -> (BTreeSet<String>, BTreeSet<String>) {
        let options = Options {
            root: std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(root),
            ..Options::default()
        };
        let checked = pipeline::check(&options).unwrap();
        let rendered = pipeline::render(&checked).unwrap();
        assert!(rendered.pages() > 10);
        for path in rendered.files.keys().chain(rendered.copies.keys()) {
            assert!(checked.urls.taken_by(path).is_some(), "{path}");
        }
        let outputs = checked.urls.outputs();
        let declared: BTreeSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
        assert_eq!(
            declared.len(),
            outputs.len(),
            "{root}: a path is declared twice"
        );
        let accepted = checked.urls.paths().map(str::to_string).collect();
        let written = rendered
            .files
            .keys()
            .chain(rendered.copies.keys())
            .map(|file| file.strip_suffix("index.html").unwrap_or(file).to_string())
            .collect();
        (accepted, written)
    }

    /// A link `check` accepts must lead to a file the build writes, and `static_files` refuses
    /// a static file by asking the URL map what the build writes: the two sets are one.
    #[test]
    fn the_paths_links_may_lead_to_are_the_files_the_build_writes() {
        for root in ["", "tests/fixtures/updates/site"] {
            let (accepted, written) = accepted_and_written(root);
            let only_accepted: Vec<_> = accepted.difference(&written).collect();
            let only_written: Vec<_> = written.difference(&accepted).collect();
            assert!(
                only_accepted.is_empty() && only_written.is_empty(),
                "{root}: accepted but not written: {only_accepted:?}; written but not accepted: {only_written:?}"
            );
        }
    }

    /// Hackable URLs: cutting the last part off a page's path gives a page.
    #[test]
    fn every_parent_path_of_a_page_is_a_page() {
        for root in ["", "tests/fixtures/updates/site"] {
            let (_, written) = accepted_and_written(root);
            for page in written.iter().filter(|p| p.is_empty() || p.ends_with('/')) {
                let mut parent = page.trim_end_matches('/');
                while let Some((up, _)) = parent.rsplit_once('/') {
                    assert!(
                        written.contains(&format!("{up}/")),
                        "{root}: {up}/ (above {page})"
                    );
                    parent = up;
                }
                assert!(written.contains(""), "{root}: the home page");
            }
        }
    }
}
