//! The command line: `build`, `check`, `serve`, `init`, `new report`, `new update`, `theme`,
//! `completions`, `man`. Parses flags with clap, runs the pipeline, prints diagnostics for
//! people (or JSON for CI) and maps outcomes to exit codes: 0 success, 1 content errors, 2 usage
//! or I/O errors.

use crate::diagnostics::{Code, Diagnostic};
use crate::model::{Period, ReportKind, YearMonth};
use crate::output::Replace;
use crate::pipeline::{self, BuildError, Options};
use crate::report;
use clap::{Args, CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser, Debug)]
#[command(
    name = "grantsite",
    version,
    about = "Builds a grant program's reports, engagements and OKRs into a static website",
    after_help = "Exit codes: 0 success, 1 content errors (or warnings with --deny-warnings), 2 usage or I/O errors.\nContent format: docs/format.md in the grantsite repository."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Validate the content, then render the site into the output folder
    Build(BuildArgs),
    /// Validate the content and report every problem, without writing anything
    Check(CheckArgs),
    /// Build the site in memory and serve it on localhost, rebuilding when files change
    #[cfg(feature = "serve")]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on (0 picks a free one)
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on
        #[arg(long, default_value = "127.0.0.1")]
        host: String,
    },
    /// Write theme files into the site's templates/ folder, to edit (one at a time, so the rest
    /// keeps receiving theme fixes); without names, list them
    Theme {
        /// The site folder
        #[arg(short, long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
        /// Theme files to write (`report.html`, `static/grantsite.css`); none lists them
        files: Vec<String>,
        /// Write every theme file that the site does not have yet
        #[arg(long)]
        all: bool,
    },
    /// Start a site dated from today: a program, OKRs, a report and an engagement, a .gitignore
    /// and a GitHub Pages workflow that checks pull requests and publishes the default branch
    Init {
        /// The site folder, created if needed; refused if it has a content/ folder
        #[arg(default_value = ".", value_name = "DIR")]
        dir: PathBuf,
    },
    /// Print a shell completion script
    ///
    /// For bash: `grantsite completions bash > ~/.local/share/bash-completion/completions/grantsite`
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page, in roff (`grantsite man > grantsite.1`)
    Man,
    /// Start next month's files: a report carried forward, or a grantee update
    #[command(subcommand)]
    New(NewCommand),
}

#[derive(Subcommand, Debug)]
pub enum NewCommand {
    /// Write the report for PERIOD as a draft, carried forward from the latest earlier report
    Report {
        /// The period: 2024-10, 2024-Q4, 2024, or a range 2024-11..2024-12
        period: Period,
        /// The kind of report [default: from the period: monthly, quarterly or annual]
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// The site folder
        #[arg(short, long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
    /// Write a grantee update with a heading and sections into the grantee's engagement folder
    Update {
        /// The grantee's slug, folder name or alias
        grantee: String,
        /// A month (2024-10) or a quarter (2024-Q4) [default: the current month]
        period: Option<Period>,
        /// The site folder
        #[arg(short, long, default_value = ".", value_name = "DIR")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Monthly,
    Quarterly,
    Annual,
}

impl From<KindArg> for ReportKind {
    fn from(kind: KindArg) -> Self {
        match kind {
            KindArg::Monthly => ReportKind::Monthly,
            KindArg::Quarterly => ReportKind::Quarterly,
            KindArg::Annual => ReportKind::Annual,
        }
    }
}

#[derive(Args, Debug)]
pub struct SiteArgs {
    /// The site folder: the one holding content/ (and optionally templates/ and static/)
    #[arg(short, long, default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
    /// Use this base URL instead of program.yaml's base_url (e.g. for a preview deploy)
    #[arg(short = 'u', long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Include reports marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site; replaced as a whole, only when the build succeeds [default: ROOT/public]
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Replace the output folder even if it is not an earlier build (never the site's own folders)
    #[arg(long)]
    pub force: bool,
    /// Fail on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print how long each stage took
    #[arg(short, long, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print only problems, not the summary line
    #[arg(short, long)]
    pub quiet: bool,
    /// Write links between pages relative to each page, so the output opens from disk (file://)
    #[arg(long)]
    pub relative: bool,
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// How to print problems: `human` with source snippets, `json` (one object per line), or
    /// `github` (workflow commands that annotate a pull request)
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit 1 on warnings too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print only problems, not the summary line
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Human,
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`)
    Github,
}

pub const EXIT_CONTENT: u8 = 1;
pub const EXIT_USAGE: u8 = 2;

impl SiteArgs {
    fn options(&self) -> Options {
        Options {
            root: self.root.clone(),
            base_url: self.base_url.clone(),
            drafts: self.drafts,
        }
    }
}

pub fn run(cli: Cli) -> ExitCode {
    let result = match cli.command {
        Command::Build(args) => build(&args),
        Command::Check(args) => check(&args),
        #[cfg(feature = "serve")]
        Command::Serve { site, port, host } => crate::serve::serve(site.options(), &host, port)
            .map(|()| ExitCode::SUCCESS)
            .map_err(|e| {
                tell!("error: {e}");
                ExitCode::from(EXIT_USAGE)
            }),
        Command::Theme { root, files, all } => theme(&root, &files, all),
        Command::Init { dir } => init(&dir),
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "grantsite", &mut script);
            Ok(print_bytes(&script))
        }
        Command::Man => {
            let mut page = Vec::new();
            // Writing into memory cannot fail.
            let _ = clap_mangen::Man::new(Cli::command()).render(&mut page);
            Ok(print_bytes(&page))
        }
        Command::New(what) => new(what),
    };
    result.unwrap_or_else(|code| code)
}

fn init(dir: &std::path::Path) -> Result<ExitCode, ExitCode> {
    let today = chrono::Local::now().date_naive();
    let written = crate::scaffold::init(dir, today).map_err(|e| {
        tell!("error: {e}");
        ExitCode::from(EXIT_USAGE)
    })?;
    for path in written {
        say!("wrote {}", dir.join(path).display());
    }
    say!(
        "build it with: grantsite build -r {}; publish it: push to GitHub and set Settings > Pages > Source to GitHub Actions",
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Generated text to stdout; a closed pipe (`grantsite man | head`) is not an error.
fn print_bytes(bytes: &[u8]) -> ExitCode {
    use std::io::Write as _;
    let _ = std::io::stdout().write_all(bytes);
    ExitCode::SUCCESS
}

fn theme(root: &std::path::Path, files: &[String], all: bool) -> Result<ExitCode, ExitCode> {
    if files.is_empty() && !all {
        say!("theme files (write one with `grantsite theme NAME`, or all with --all):");
        for (name, _) in crate::scaffold::theme_files() {
            say!("  {name}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let written = crate::scaffold::eject_theme(root, files, all).map_err(|e| {
        tell!("error: {e}");
        ExitCode::from(EXIT_USAGE)
    })?;
    for path in &written {
        say!("wrote {path}");
    }
    Ok(ExitCode::SUCCESS)
}

fn new(what: NewCommand) -> Result<ExitCode, ExitCode> {
    let written = match what {
        NewCommand::Report { period, kind, root } => {
            crate::scaffold::report::create(&root, period, kind.map(ReportKind::from))
        }
        NewCommand::Update {
            grantee,
            period,
            root,
        } => {
            let period = period.unwrap_or_else(this_month);
            crate::scaffold::update::create(&root, &grantee, period)
        }
    };
    match written {
        Ok(path) => {
            say!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            tell!("error: {e}");
            Err(ExitCode::from(if e.is_content() {
                EXIT_CONTENT
            } else {
                EXIT_USAGE
            }))
        }
    }
}

/// The month of the local clock: staff start an update in the month it is about.
fn this_month() -> Period {
    use chrono::Datelike;
    let today = chrono::Local::now().date_naive();
    let month = u8::try_from(today.month()).ok();
    match month.and_then(|m| YearMonth::new(today.year(), m)) {
        Some(m) => Period::Month(m),
        None => Period::Year(today.year()),
    }
}

fn fail(e: &BuildError) -> ExitCode {
    tell!("error: {e}");
    match e {
        // A site's own templates are part of its content.
        BuildError::Content(_) | BuildError::Render(_) => ExitCode::from(EXIT_CONTENT),
        _ => ExitCode::from(EXIT_USAGE),
    }
}

fn build(args: &BuildArgs) -> Result<ExitCode, ExitCode> {
    let started = Instant::now();
    let options = args.site.options();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| options.root.join("public"));
    let replace = if args.force {
        Replace::Anything
    } else {
        Replace::OwnOutput
    };
    // A refused output is known before the site is loaded; `Staging::open` checks again.
    crate::output::preflight(&options.root, &output, replace)
        .map_err(|e| fail(&BuildError::Output(e)))?;
    let checked = pipeline::check(&options).map_err(|e| fail(&e))?;
    report::human(&checked.diagnostics, &checked.sources);
    if args.deny_warnings && checked.warnings() > 0 {
        tell!(
            "error: {} warning(s) and --deny-warnings; nothing was written",
            checked.warnings()
        );
        return Err(ExitCode::from(EXIT_CONTENT));
    }
    let built = if args.relative {
        // A preview to open from disk: rendered in memory, then every link made relative to
        // its page (which needs the whole site's paths), then written.
        let mut rendered = pipeline::render(&checked).map_err(|e| fail(&e))?;
        crate::render::relative::relativize(&mut rendered, &checked.site.program.base_url);
        pipeline::write(&options.root, &rendered, &output, replace).map_err(|e| fail(&e))?
    } else {
        pipeline::build(&checked, &options.root, &output, replace).map_err(|e| fail(&e))?
    };
    if args.verbose {
        let stages = checked.timings.iter().chain(&built.timings);
        for (stage, took) in stages {
            tell!("{stage:>9}: {:.1} ms", took.as_secs_f64() * 1000.0);
        }
    }
    if !args.quiet {
        say!(
            "{} into {} in {} ms{}",
            built_line(&checked.site, built.pages, built.files),
            output.display(),
            started.elapsed().as_millis(),
            match checked.warnings() {
                0 => String::new(),
                n => format!(", {n} warning(s)"),
            }
        );
    }
    // The process ends here: freeing the model, one allocation at a time, would only delay
    // the exit (70 ms at 56,000 pages).
    std::mem::forget(checked);
    Ok(ExitCode::SUCCESS)
}

/// `built 12 pages (2 reports, 3 engagements, 4 updates, 1 grantee, 2 other; 40 files)`.
fn built_line(site: &crate::model::Site, pages: usize, files: usize) -> String {
    let kinds = [
        (site.reports.len(), "report", "reports"),
        (site.engagements.len(), "engagement", "engagements"),
        (site.updates.len(), "update", "updates"),
        (site.grantees.len(), "grantee", "grantees"),
    ];
    let listed: usize = kinds.iter().map(|(n, _, _)| n).sum();
    let mut parts: Vec<String> = kinds
        .iter()
        .map(|&(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
        .collect();
    parts.push(format!("{} other", pages.saturating_sub(listed)));
    format!("built {pages} pages ({}; {files} files)", parts.join(", "))
}

fn check(args: &CheckArgs) -> Result<ExitCode, ExitCode> {
    let mut checked = match pipeline::check(&args.site.options()) {
        Ok(checked) => checked,
        Err(e) => {
            // A machine reading the output learns of a site it could not read, too.
            let problem = [fatal(&e, &args.site.root)];
            match args.format {
                Format::Human => {}
                Format::Json => report::json(&problem),
                Format::Github => report::github(&problem),
            }
            return Err(fail(&e));
        }
    };
    // `check` stops short of writing only: every page is rendered (and dropped), so a broken
    // template fails here as it would fail `build`.
    if checked.errors() == 0 {
        if let Err(BuildError::Render(e)) = pipeline::verify(&checked) {
            let diagnostic = e.diagnostic();
            // The site's own template, so that the report can show its line.
            let name = diagnostic
                .file
                .strip_prefix("templates/")
                .unwrap_or_default();
            if let Some((_, source)) = checked.files.templates.iter().find(|(n, _)| n == name) {
                checked
                    .sources
                    .insert(diagnostic.file.clone(), source.as_str().into());
            }
            checked.diagnostics.push(diagnostic);
        }
    }
    match args.format {
        Format::Human => report::human(&checked.diagnostics, &checked.sources),
        Format::Json => report::json(&checked.diagnostics),
        Format::Github => report::github(&checked.diagnostics),
    }
    let (errors, warnings) = (checked.errors(), checked.warnings());
    if args.format == Format::Human && !args.quiet {
        tell!("{}", summary(errors, warnings));
    }
    let failed = errors > 0 || (args.deny_warnings && warnings > 0);
    Ok(if failed {
        ExitCode::from(EXIT_CONTENT)
    } else {
        ExitCode::SUCCESS
    })
}

/// A failure that stopped `check` before any content was judged, as a problem for machines.
fn fatal(e: &BuildError, root: &std::path::Path) -> Diagnostic {
    let code = match e {
        BuildError::Load(_) => Code::NoContent,
        BuildError::BaseUrl(_) => Code::InvalidBaseUrl,
        _ => Code::Internal,
    };
    Diagnostic::error(code, root.display().to_string(), e.to_string())
}

fn summary(errors: usize, warnings: usize) -> String {
    match (errors, warnings) {
        (0, 0) => "check: no problems".to_string(),
        (e, w) => format!("check: {e} error(s), {w} warning(s)"),
    }
}
