//! The command line. Each subcommand calls one library function; this file only parses
//! arguments, shows progress and diagnostics, and picks the exit code.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use jianbao::diagnostics::{Diagnostic, Style};
use jianbao::pipeline::{self, BuildError, BuildOptions, BuildReport, Progress};

const EXIT_CODES: &str = "Exit codes: 0 success, 1 build errors (content, templates, links, output), 2 usage or \
                          configuration errors (command line, site.yaml, theme).";

/// jianbao (简报): turn a folder of raw Chinese news articles into a static HTML digest.
#[derive(Parser)]
#[command(
    version,
    about,
    long_about = None,
    after_help = "Start a site:\n  jianbao init mysite && cd mysite && jianbao serve\n\nExit codes: 0 success, 1 build errors, 2 usage or configuration errors."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// Options every command that builds the site shares.
#[derive(Args, Clone)]
struct SiteArgs {
    /// Path of the site configuration; the site folder is the folder it is in.
    #[arg(long, default_value = "site.yaml", value_name = "PATH")]
    config: PathBuf,
    /// Use this base URL instead of site.yaml's `base_url`.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Use this theme (a folder under themes/) instead of site.yaml's `theme`.
    #[arg(long, value_name = "NAME")]
    theme: Option<String>,
    /// Process every article again instead of taking unchanged ones from .jianbao/cache/.
    #[arg(long)]
    no_cache: bool,
}

impl SiteArgs {
    fn options(&self, output: Option<PathBuf>) -> BuildOptions {
        BuildOptions {
            config: self.config.clone(),
            output,
            base_url: self.base_url.clone(),
            theme: self.theme.clone(),
            no_cache: self.no_cache,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site: site.yaml, content/ with an example article, and the default theme.
    #[command(after_help = format!("Example:\n  jianbao init mysite\n  cd mysite && jianbao build\n\n{EXIT_CODES}"))]
    Init {
        /// Folder to create the site in.
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write the starter files even if the folder is not empty (files of the same name are overwritten).
        #[arg(long)]
        force: bool,
    },
    /// Build the site: read content/ and site.yaml, write output/.
    #[command(after_help = format!(
        "Examples:\n  jianbao build\n  jianbao build --config mysite/site.yaml --output /tmp/site --base-url https://example.org/digest/\n\n{EXIT_CODES}"
    ))]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Write the site here instead of site.yaml's `output_dir`.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print only errors.
        #[arg(long, short, conflicts_with = "verbose")]
        quiet: bool,
        /// Print every content file as it is processed, and each warning's hint.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Build, serve the site on 127.0.0.1, and rebuild and reload pages when a file changes.
    #[command(after_help = format!(
        "Example:\n  jianbao serve --port 8000 --open\n\nWatches content/, themes/, templates/, static/ and site.yaml. The site is written to \
         .jianbao/serve/ (not output/) unless --output is given.\n\n{EXIT_CODES}"
    ))]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on; 0 picks a free one.
        #[arg(long, short, default_value_t = 1111)]
        port: u16,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
        /// Write the served site here instead of .jianbao/serve/.
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// Check the site without writing it: config, content, templates, links and anchors, slugs, dates.
    #[command(after_help = format!(
        "Examples:\n  jianbao check\n  jianbao check --strict    # warnings count as errors, e.g. in CI\n\n{EXIT_CODES}"
    ))]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
    },
    /// Print the cleaned Markdown, with front matter, of one content file.
    #[command(after_help = format!(
        "Example:\n  jianbao clean content/003.txt > content/003.md\n\nEdit the .md and keep it beside the .txt: when both exist, the .md is used.\n\n{EXIT_CODES}"
    ))]
    Clean {
        /// The content file (.txt or .md).
        file: PathBuf,
        /// Site configuration for the extend tables and default_year; used when it exists.
        #[arg(long, default_value = "site.yaml", value_name = "PATH")]
        config: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let style = Style::for_stderr();
    match cli.command {
        Command::Init { dir, force } => run_init(&dir, force, style),
        Command::Build {
            site,
            output,
            quiet,
            verbose,
        } => run_build(&site.options(output), quiet, verbose, style),
        Command::Serve {
            site,
            port,
            open,
            output,
        } => run_serve(site.options(output), port, open, style),
        Command::Check { site, strict } => run_check(&site.options(None), strict, style),
        Command::Clean { file, config } => run_clean(&file, &config, style),
    }
}

fn print(style: Style, d: &Diagnostic) {
    eprintln!("{}", style.render(d));
}

/// Prints every diagnostic of a failed build and picks its exit code.
fn fail(e: &BuildError, style: Style) -> ExitCode {
    for d in &e.diagnostics {
        print(style, d);
    }
    ExitCode::from(if e.config { 2 } else { 1 })
}

fn run_init(dir: &Path, force: bool, style: Style) -> ExitCode {
    match jianbao::init::init(dir, force) {
        Ok(report) => {
            println!(
                "created a site in {} ({} files)",
                report.dir.display(),
                report.files.len()
            );
            println!("next:");
            if dir != Path::new(".") {
                println!("  cd {}", dir.display());
            }
            println!("  jianbao build     # writes output/");
            println!("  jianbao serve     # serves the site and reloads pages as you edit");
            ExitCode::SUCCESS
        }
        Err(e) => {
            print(style, &Diagnostic::from_error(&e));
            ExitCode::from(2)
        }
    }
}

fn run_build(opts: &BuildOptions, quiet: bool, verbose: bool, style: Style) -> ExitCode {
    let progress = CliProgress::new(quiet, verbose);
    match pipeline::build_with(opts, &progress) {
        Ok(report) => {
            if !quiet {
                for w in &report.warnings {
                    let w = if verbose {
                        w.clone()
                    } else {
                        Diagnostic {
                            hint: None,
                            ..w.clone()
                        }
                    };
                    print(style, &w);
                }
                if verbose {
                    let loaded = if report.lexicon_loaded { "loaded" } else { "not needed" };
                    eprintln!("jieba dictionary: {loaded}");
                    eprintln!(
                        "article files kept from the last build: {} of {}",
                        report.kept, report.article_files
                    );
                    for (step, seconds) in &report.steps {
                        eprintln!("{seconds:8.3} s  {step}");
                    }
                }
                println!("{}", summary(&report));
            }
            ExitCode::SUCCESS
        }
        Err(e) => fail(&e, style),
    }
}

/// The one line a build ends with.
fn summary(r: &BuildReport) -> String {
    format!(
        "built {} ({} from split pages), {}, {}, {} in {:.2}s; {} processed, {} from cache → {}",
        count(r.articles, "article"),
        count(r.stories, "story"),
        count(r.figures, "figure"),
        count(r.pages, "page"),
        count(r.warnings.len(), "warning"),
        r.seconds,
        r.processed,
        r.cached,
        r.output.display()
    )
}

/// `1 article`, `2 articles`, `3 stories`.
fn count(n: usize, noun: &str) -> String {
    match (n, noun.strip_suffix('y')) {
        (1, _) => format!("1 {noun}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {noun}s"),
    }
}

fn run_check(opts: &BuildOptions, strict: bool, style: Style) -> ExitCode {
    match jianbao::check::check(opts, strict) {
        Ok(report) => {
            for d in &report.diagnostics {
                print(style, d);
            }
            println!(
                "checked {} articles, {} pages: {} errors, {} warnings",
                report.articles,
                report.pages,
                report.errors(),
                report.warnings()
            );
            if report.errors() > 0 {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => fail(&e, style),
    }
}

fn run_clean(file: &Path, config_path: &Path, style: Style) -> ExitCode {
    let config = if config_path.exists() {
        match jianbao::config::SiteConfig::load(config_path) {
            Ok(c) => c,
            Err(e) => return fail(&BuildError::from(anyhow::Error::from(e)), style),
        }
    } else {
        Default::default()
    };
    match pipeline::clean_file(file, &config) {
        Ok(docs) => {
            print!("{}", docs.join("\n"));
            let md = file.with_extension("md");
            if docs.len() > 1 {
                eprintln!(
                    "note: this page holds {} stories; keep one per .md file, or set `split: false` in its sidecar",
                    docs.len()
                );
            }
            if file.extension().is_some_and(|e| e == "txt") {
                eprintln!(
                    "note: save this as {} and edit it; when both exist, the .md is used instead of the .txt",
                    md.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            print(style, &Diagnostic::from_error(&e));
            ExitCode::from(1)
        }
    }
}

fn run_serve(opts: BuildOptions, port: u16, open: bool, style: Style) -> ExitCode {
    let log = ServeTerminal {
        style,
        open: Mutex::new(open),
        progress: CliProgress::new(false, false),
    };
    let serve_opts = jianbao::serve::ServeOptions { build: opts, port };
    match jianbao::serve::serve(&serve_opts, &log) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            print(style, &Diagnostic::from_error(&e));
            ExitCode::from(2)
        }
    }
}

/// What `serve` shows on the terminal.
struct ServeTerminal {
    style: Style,
    /// Whether the browser still has to be opened (once, when the server listens).
    open: Mutex<bool>,
    progress: CliProgress,
}

impl jianbao::serve::ServeLog for ServeTerminal {
    fn listening(&self, url: &str) {
        println!("serving at {url} (Ctrl-C to stop)");
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if *open {
            *open = false;
            if let Err(e) = open_browser(url) {
                print(self.style, &Diagnostic::warning(format!("cannot open a browser: {e}")));
            }
        }
    }

    fn changed(&self, paths: &[PathBuf]) {
        let cwd = std::env::current_dir().unwrap_or_default();
        let names: Vec<String> = paths
            .iter()
            .take(3)
            .map(|p| p.strip_prefix(&cwd).unwrap_or(p).display().to_string())
            .collect();
        let more = paths.len().saturating_sub(3);
        let more = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        eprintln!("changed: {}{more}; rebuilding", names.join(", "));
    }

    fn built(&self, result: &Result<BuildReport, BuildError>) {
        match result {
            Ok(report) => {
                for w in &report.warnings {
                    print(
                        self.style,
                        &Diagnostic {
                            hint: None,
                            ..w.clone()
                        },
                    );
                }
                println!("{}", summary(report));
            }
            Err(e) => {
                for d in &e.diagnostics {
                    print(self.style, d);
                }
                eprintln!("the build failed; still serving: the pages show the error until it is fixed");
            }
        }
    }

    fn progress(&self) -> &dyn Progress {
        &self.progress
    }
}

fn open_browser(url: &str) -> std::io::Result<()> {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    cmd.arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map(|_| ())
}

/// Builds with more content files than this get a progress bar on a terminal; smaller ones
/// finish before a bar would be readable.
const PROGRESS_BAR_MIN_FILES: usize = 8;

/// Progress on the terminal: a bar when stderr is a terminal and the build is big enough,
/// plain lines when it is not a terminal (logs, CI), nothing with `--quiet`.
struct CliProgress {
    quiet: bool,
    verbose: bool,
    terminal: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl CliProgress {
    fn new(quiet: bool, verbose: bool) -> CliProgress {
        CliProgress {
            quiet,
            verbose,
            terminal: std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }
}

impl Progress for CliProgress {
    fn start(&self, files: usize) {
        if self.quiet {
            return;
        }
        if self.terminal && files > PROGRESS_BAR_MIN_FILES && !self.verbose {
            let bar = ProgressBar::new(files as u64);
            if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} articles {wide_msg}") {
                bar.set_style(style);
            }
            *self.bar.lock().unwrap_or_else(|e| e.into_inner()) = Some(bar);
        } else if !self.terminal || self.verbose {
            eprintln!("reading {}", count(files, "content file"));
        }
    }

    fn file_done(&self, path: &str, from_cache: bool) {
        if self.quiet {
            return;
        }
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).as_ref() {
            bar.set_message(path.to_string());
            bar.inc(1);
        } else if self.verbose {
            eprintln!("  {path}{}", if from_cache { " (cached)" } else { "" });
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.bar.lock().unwrap_or_else(|e| e.into_inner()).take() {
            bar.finish_and_clear();
        }
    }
}
