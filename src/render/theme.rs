//! The template set: the default theme embedded in the binary, with a site's own
//! `templates/<name>` (read by `load`) replacing the default of the same name. Parsed once per
//! build.

use crate::diagnostics::{Code, Diagnostic};
use std::sync::{Mutex, PoisonError};
use tera::{Kwargs, State, Tera};

/// (name, source) of every default template.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("index.html", include_str!("../../templates/index.html")),
    ("reports.html", include_str!("../../templates/reports.html")),
    ("report.html", include_str!("../../templates/report.html")),
    (
        "reports_year.html",
        include_str!("../../templates/reports_year.html"),
    ),
    (
        "okr_years.html",
        include_str!("../../templates/okr_years.html"),
    ),
    ("okrs.html", include_str!("../../templates/okrs.html")),
    (
        "key_result.html",
        include_str!("../../templates/key_result.html"),
    ),
    (
        "engagements.html",
        include_str!("../../templates/engagements.html"),
    ),
    (
        "engagements_year.html",
        include_str!("../../templates/engagements_year.html"),
    ),
    (
        "engagement.html",
        include_str!("../../templates/engagement.html"),
    ),
    (
        "grantees.html",
        include_str!("../../templates/grantees.html"),
    ),
    ("grantee.html", include_str!("../../templates/grantee.html")),
    ("updates.html", include_str!("../../templates/updates.html")),
    (
        "updates_year.html",
        include_str!("../../templates/updates_year.html"),
    ),
    ("cadence.html", include_str!("../../templates/cadence.html")),
    ("update.html", include_str!("../../templates/update.html")),
    ("page.html", include_str!("../../templates/page.html")),
    ("404.html", include_str!("../../templates/404.html")),
    ("atom.xml", include_str!("../../templates/atom.xml")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    ("robots.txt", include_str!("../../templates/robots.txt")),
];

/// Theme files written under `static/` unless the site's `static/` has its own.
pub const STATIC: &[(&str, &str)] = &[
    (
        "static/grantsite.css",
        include_str!("../../templates/static/grantsite.css"),
    ),
    (
        "static/favicon.svg",
        include_str!("../../templates/static/favicon.svg"),
    ),
    (
        "static/grantsite.js",
        include_str!("../../templates/static/grantsite.js"),
    ),
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("template error: {message}")]
    Tera {
        message: String,
        spot: Option<Box<Spot>>,
    },
}

/// A site template whose name the theme does not have is most likely a misspelt override
/// (`reprot.html`), which would change nothing; it is accepted only when another template uses
/// it by name (a partial that an override includes or extends).
pub fn unknown_templates(site_templates: &[(String, String)]) -> Vec<Diagnostic> {
    let names = || DEFAULTS.iter().map(|(name, _)| *name);
    let sources = || {
        let site = site_templates.iter().map(|(_, s)| s.as_str());
        DEFAULTS.iter().map(|(_, s)| *s).chain(site)
    };
    let used = |name: &str| {
        let (double, single) = (format!("\"{name}\""), format!("'{name}'"));
        sources().any(|s| s.contains(&double) || s.contains(&single))
    };
    site_templates
        .iter()
        .filter(|(name, _)| !names().any(|n| n == name) && !used(name))
        .map(|(name, _)| {
            let d = Diagnostic::error(
                Code::UnknownTemplate,
                format!("templates/{name}"),
                "the theme has no template of this name, and no template uses it",
            );
            match crate::diagnostics::suggest(name, names()) {
                Some(close) => d.hint(format!("did you mean `{close}`? Rename the file to replace that template")),
                None => d.hint("`grantsite theme` lists the theme's templates; rename the file to one of them, or include it from one"),
            }
        })
        .collect()
}

/// The site's templates last parsed, and what they gave.
type ParsedTheme = (Vec<(String, String)>, Tera);

/// Parses the default theme with the site's own templates (`(name, source)`, from
/// `templates/`) in place of the defaults of the same name, plus any extra templates the site
/// adds, such as partials its overrides include.
pub fn load(site_templates: &[(String, String)]) -> Result<Tera, ThemeError> {
    // `serve` loads the theme for every change of content: the templates seldom change, and
    // parsing them again was a good part of an edit's wait.
    static LAST: Mutex<Option<ParsedTheme>> = Mutex::new(None);
    let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((templates, tera)) = last.as_ref() {
        if templates.as_slice() == site_templates {
            return Ok(tera.clone());
        }
    }
    let tera = parse(site_templates)?;
    *last = Some((site_templates.to_vec(), tera.clone()));
    Ok(tera)
}

fn parse(site_templates: &[(String, String)]) -> Result<Tera, ThemeError> {
    // The site's own templates are kept as written: their errors point at their text.
    let mut templates: Vec<(String, String)> = DEFAULTS
        .iter()
        .map(|(name, source)| {
            let source = if name.ends_with(".html") {
                super::compact::template(source)
            } else {
                source.to_string()
            };
            (name.to_string(), source)
        })
        .collect();
    for (name, source) in site_templates {
        // A copy of a default (`grantsite theme` writes them all) is the default, compacted.
        if DEFAULTS.iter().any(|(n, s)| n == name && s == source) {
            continue;
        }
        match templates.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1.clone_from(source),
            None => templates.push((name.clone(), source.clone())),
        }
    }
    let mut tera = Tera::new();
    tera.register_filter("fill", fill);
    tera.register_filter("plural", plural);
    tera.add_raw_templates(templates)
        .map_err(|e| ThemeError::Tera {
            message: describe(&e),
            spot: spot(&e).map(Box::new),
        })?;
    Ok(tera)
}

/// `{{ t.no_reports_in_year | fill(year=reports.year) }}`: a label with its `{name}`
/// placeholders filled in. The result is plain text, escaped like any other.
fn fill(text: &str, kwargs: Kwargs, _: &State) -> String {
    let args: Vec<(String, String)> = kwargs
        .iter()
        .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.to_string())))
        .collect();
    let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::i18n::fill(text, &args)
}

/// `{{ n | plural(one=t.updates_one, other=t.updates_other) }}`: "1 update", "3 updates",
/// with `{n}` filled in.
fn plural(n: i64, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let key = if n == 1 { "one" } else { "other" };
    let text: &str = kwargs.must_get(key)?;
    Ok(crate::i18n::fill(text, &[("n", &n.to_string())]))
}

/// Where in which template Tera failed, and why in a line: from its report, not its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub template: String,
    /// 1-based.
    pub line: usize,
    /// 1-based.
    pub column: usize,
    pub message: String,
}

impl Spot {
    pub fn diagnostic(&self, lead: &str) -> crate::diagnostics::Diagnostic {
        crate::diagnostics::Diagnostic::error(
            crate::diagnostics::Code::TemplateError,
            format!("templates/{}", self.template),
            format!("{lead}{}", self.message),
        )
        .at(self.line, self.column)
    }
}

/// The first syntax or rendering report in `e` or its causes.
pub fn spot(e: &tera::Error) -> Option<Spot> {
    let mut error: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(current) = error {
        if let Some(tera) = current.downcast_ref::<tera::Error>() {
            if let tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) =
                tera.kind()
            {
                return Some(Spot {
                    template: report.filename().to_string(),
                    line: report.span().start_line,
                    column: report.span().start_col + 1,
                    message: report.message().to_string(),
                });
            }
        }
        error = current.source();
    }
    None
}

/// Tera's error with its causes, which carry the template name and position.
pub fn describe(e: &tera::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        text.push_str(&format!("\n  {cause}"));
        source = cause.source();
    }
    text
}
