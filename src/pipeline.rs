//! The stages in order, for the CLI, `serve` and tests: load -> validate -> render -> write
//! (a build streams each rendered file to the output; `serve` keeps the site in memory).

use crate::diagnostics::{Diagnostic, Severity, Sources};
use crate::load::{self, LoadError, SiteFiles};
use crate::model::Site;
use crate::output::{self, OutputError};
use crate::render::{self, Made, RenderError, Rendered};
use crate::urls::SiteUrls;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub root: PathBuf,
    /// Replaces `base_url` from program.yaml (for previews and `serve`).
    pub base_url: Option<String>,
    /// Build draft reports too.
    pub drafts: bool,
}

/// A loaded and validated site.
pub struct Checked {
    pub site: Site,
    pub sources: Sources,
    /// Shared: a check of `serve` in which only texts changed keeps the last one.
    pub urls: Arc<SiteUrls>,
    /// The site's templates and static files, for rendering.
    pub files: SiteFiles,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// What the static files and templates came to against `urls`, kept with it.
    url_problems: Vec<Diagnostic>,
    /// The load's (`Loaded::shape`).
    shape: Option<u64>,
    /// How long loading and validating took, for `-v`.
    pub timings: Vec<(&'static str, Duration)>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error("the content has {0} error(s); nothing was written")]
    Content(usize),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("--base-url: {0}")]
    BaseUrl(String),
}

pub fn check(options: &Options) -> Result<Checked, BuildError> {
    let started = Instant::now();
    let loaded = load::load(&options.root)?;
    validate(options, loaded, started.elapsed())
}

/// `check` of a site loaded by the caller; `load_time` is how long that took, for `-v`.
pub fn validate(
    options: &Options,
    loaded: load::Loaded,
    load_time: Duration,
) -> Result<Checked, BuildError> {
    revalidate(options, loaded, load_time, None)
}

/// `validate` for `serve`, which loads through its cache: when only texts changed since
/// `last` was checked (the same `Loaded::shape`), its URL map is kept, as every path is what
/// it was. The search index's files are counted from the length of the texts, so they are
/// compared first.
pub fn revalidate(
    options: &Options,
    loaded: load::Loaded,
    load_time: Duration,
    last: Option<&Checked>,
) -> Result<Checked, BuildError> {
    let loaded_at = Instant::now();
    let mut site = loaded.site;
    if let Some(url) = &options.base_url {
        site.program.base_url = load::normalise_base_url(url).map_err(BuildError::BaseUrl)?;
    }
    let mut diagnostics = crate::diagnostics::Diagnostics::default();
    diagnostics.extend(loaded.problems);
    let drafts_left_out = !options.drafts && site.reports.iter().any(|r| r.draft);
    let same_paths = |last: &&Checked| {
        loaded.shape.is_some()
            && loaded.shape == last.shape
            && !drafts_left_out
            && render::search::layout(&last.site) == render::search::layout(&site)
    };
    // Drafts are always checked, so a draft's mistakes surface before it is published.
    let (mut urls, url_problems) = match last.filter(same_paths) {
        Some(last) => (Arc::clone(&last.urls), last.url_problems.clone()),
        None => {
            let mut urls = SiteUrls::new(&site);
            let mut problems = render::static_files(&loaded.files, &mut urls);
            problems.extend(render::theme::unknown_templates(&loaded.files.templates));
            (Arc::new(urls), problems)
        }
    };
    diagnostics.extend(url_problems.iter().cloned());
    diagnostics.extend(crate::validate::validate(&site, &loaded.sources, &urls));
    if drafts_left_out {
        site.reports.retain(|r| !r.draft);
        let mut published = SiteUrls::new(&site);
        // Collisions were reported above, with the drafts' pages among the taken paths.
        let _ = render::static_files(&loaded.files, &mut published);
        // A published page must not link to a draft that this build leaves out.
        diagnostics.extend(crate::validate::links(&site, &loaded.sources, &published));
        urls = Arc::new(published);
    }
    let timings = vec![("load", load_time), ("validate", loaded_at.elapsed())];
    Ok(Checked {
        site,
        sources: loaded.sources,
        urls,
        files: loaded.files,
        diagnostics: diagnostics.into_sorted(),
        url_problems,
        shape: loaded.shape,
        timings,
    })
}

/// Renders a checked site in memory (for `serve` and tests); refuses a site with errors.
pub fn render(checked: &Checked) -> Result<Rendered, BuildError> {
    refuse_errors(checked)?;
    Ok(render::render(
        &checked.site,
        &checked.urls,
        &checked.files,
    )?)
}

/// Renders every file of a checked site and keeps none: `check` fails wherever `build` would
/// without holding the site in memory.
pub fn verify(checked: &Checked) -> Result<(), BuildError> {
    refuse_errors(checked)?;
    render::render_each(&checked.site, &checked.urls, &checked.files, |_, _| {
        Ok::<(), BuildError>(())
    })
}

/// What a build wrote, and how long rendering (with writing) and the swap took, for `-v`.
pub struct Built {
    pub pages: usize,
    pub files: usize,
    pub timings: Vec<(&'static str, Duration)>,
}

/// Renders a checked site into the output folder, each file written as soon as it is made
/// (memory holds a few pages, not the site), then swaps the new site in. Refuses a site with
/// errors; any failure leaves the previous output as it was.
pub fn build(
    checked: &Checked,
    root: &Path,
    output: &Path,
    replace: output::Replace,
) -> Result<Built, BuildError> {
    refuse_errors(checked)?;
    let started = Instant::now();
    let staging = output::Staging::open(root, output, replace)?;
    let pages = AtomicUsize::new(0);
    let write = |path: String, made: Made| match made {
        Made::Bytes(bytes) => {
            if path.ends_with(".html") {
                pages.fetch_add(1, Ordering::Relaxed);
            }
            staging.write(&path, &bytes)
        }
        Made::Copy(from) => staging.copy(&path, &from),
    };
    render::render_each(
        &checked.site,
        &checked.urls,
        &checked.files,
        |path, made| write(path, made).map_err(BuildError::from),
    )?;
    let rendered = Instant::now();
    let written = staging.finish()?;
    Ok(Built {
        pages: pages.into_inner(),
        files: written.files,
        timings: vec![("render", rendered - started), ("swap", rendered.elapsed())],
    })
}

/// Writes a site rendered in memory (`build --relative` rewrites its links first), as
/// atomically as `build`.
pub fn write(
    root: &Path,
    rendered: &Rendered,
    output: &Path,
    replace: output::Replace,
) -> Result<Built, BuildError> {
    let started = Instant::now();
    let written = output::write(root, rendered, output, replace)?;
    Ok(Built {
        pages: rendered.pages(),
        files: written.files,
        timings: vec![("write", started.elapsed())],
    })
}

fn refuse_errors(checked: &Checked) -> Result<(), BuildError> {
    match checked.errors() {
        0 => Ok(()),
        n => Err(BuildError::Content(n)),
    }
}
