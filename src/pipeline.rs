//! The whole build, one flat list of steps: config → theme → load → clean → extract → site →
//! render → output. Only this module, `cache` and `output` touch the disk.
//!
//! The per-article stages run in parallel and are cached by content hash (see `cache`), so a
//! rebuild redoes only the files that changed; everything site-wide is rebuilt from the
//! articles every time, which keeps it simple and always consistent.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use rayon::prelude::*;
use tera::Tera;

use crate::article::{self, Article};
use crate::cache::{ArticleCache, SiteSummary};
use crate::clean::{self, CleanOptions};
use crate::config::{ConfigError, SiteConfig};
use crate::diagnostics::Diagnostic;
use crate::extract::{self, ExtractContext, Lexicon};
use crate::load::{self, Source, SourceKind};
use crate::markdown;
use crate::output::{self, OutFile};
use crate::output_update;
use crate::render::{self, Theme};
use crate::site::{self, Site};

/// What `jianbao build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Path of `site.yaml`; the site folder is the folder it is in.
    pub config: PathBuf,
    /// Write here instead of the config's `output_dir`.
    pub output: Option<PathBuf>,
    /// Use this `base_url` instead of the config's (a preview under another address).
    pub base_url: Option<String>,
    /// Use this theme instead of the config's.
    pub theme: Option<String>,
    /// Ignore the article cache: process every file and do not store anything.
    pub no_cache: bool,
}

/// What a finished build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    /// Articles published (a page split into stories counts each story).
    pub articles: usize,
    /// Articles that are one story of a page that held several.
    pub stories: usize,
    pub figures: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
    /// Content files run through load → clean → extract in this build.
    pub processed: usize,
    /// Content files whose articles came from the cache.
    pub cached: usize,
    /// Whether the jieba dictionary was loaded (only when some file had to be processed).
    pub lexicon_loaded: bool,
    pub output: PathBuf,
    pub seconds: f64,
    /// Files of single articles (pages, Markdown, charts) left as the last build wrote them,
    /// because nothing they are made from changed.
    pub kept: usize,
    /// Files of single articles in the site, kept or rendered.
    pub article_files: usize,
    /// How long each step took, in order (`--verbose` prints them).
    pub steps: Vec<(&'static str, f64)>,
}

/// Receives progress of the per-article stages. The pipeline itself never prints; the command
/// line decides between a progress bar, log lines or nothing.
pub trait Progress: Sync {
    /// The number of content files about to be processed.
    fn start(&self, _files: usize) {}
    /// One content file is done, from the cache or processed.
    fn file_done(&self, _path: &str, _from_cache: bool) {}
    /// The per-article stages are over.
    fn finish(&self) {}
}

/// Progress that is not reported.
pub struct NoProgress;
impl Progress for NoProgress {}

/// Why a build failed. A configuration problem (exit code 2) is told apart from a problem in
/// the content or the templates (exit code 1), and every problem is listed, not just the first.
#[derive(Debug, thiserror::Error)]
#[error("{}", .diagnostics.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; "))]
pub struct BuildError {
    /// True when site.yaml or the theme it names is the problem.
    pub config: bool,
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildError {
    fn failed(diagnostics: Vec<Diagnostic>) -> BuildError {
        BuildError {
            config: false,
            diagnostics,
        }
    }
}

impl From<anyhow::Error> for BuildError {
    fn from(e: anyhow::Error) -> BuildError {
        let config = e.downcast_ref::<ConfigError>().is_some();
        let d = Diagnostic::from_error(&e);
        let d = if config && d.message.starts_with("--") {
            d.with_hint("check the command-line option; `jianbao help build` lists them")
        } else if config {
            d.with_hint("fix site.yaml at that line; every key is described in docs/configuration.md")
        } else if d.message.contains("template") {
            d.with_hint("fix the template at that line; `jianbao serve` shows the page as soon as it renders")
        } else {
            d
        };
        BuildError {
            config,
            diagnostics: vec![d],
        }
    }
}

/// Runs the whole pipeline and writes the site.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildError> {
    build_with(opts, &NoProgress)
}

/// [`build`], reporting progress of the per-article stages.
pub fn build_with(opts: &BuildOptions, progress: &dyn Progress) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let steps = StepTimer::start();
    let setup = Setup::load(opts)?;
    let tera = setup
        .templates
        .as_ref()
        .map_err(|e| BuildError::from(anyhow!("{e:#}")))?;
    steps.done("configuration and templates");
    let articles = process_all(&setup, progress);
    steps.done("articles (load, clean, extract, cache)");
    if !articles.errors.is_empty() {
        return Err(BuildError::failed(articles.errors));
    }
    let (processed, cached, lexicon_loaded) = (articles.processed, articles.cached, articles.lexicon_loaded);
    // `kept` and `article_files`: files of single articles kept from the last build, and in all.
    let report = |summary: SiteSummary, kept: usize, article_files: usize| BuildReport {
        kept,
        article_files,
        articles: summary.articles,
        stories: summary.stories,
        figures: summary.figures,
        pages: summary.pages,
        warnings: summary.warnings,
        processed,
        cached,
        lexicon_loaded,
        output: setup.out_dir.clone(),
        seconds: started.elapsed().as_secs_f64(),
        steps: steps.take(),
    };
    let fingerprint = setup.store_cache.then(|| site_fingerprint(&setup, &articles.keys));
    if setup.store_cache {
        setup.cache.retain(&articles.keys);
    }
    if let Some(summary) = fingerprint
        .as_deref()
        .and_then(|fp| setup.cache.up_to_date(fp, &setup.out_dir))
    {
        return Ok(report(summary, 0, 0));
    }

    // Site-wide steps (keywords over all articles, search index, feeds) go from here to
    // `write_output`: they run only when some input changed. Add their files to `files`, so
    // the in-place update of the output keeps them and the stamp covers them.
    let mut warnings = articles.warnings;
    let mut all = articles.articles;
    // Keywords are weighed over the site's own articles, so they are chosen here, after every
    // article is known (cached ones included). The dictionary is loaded only if no file needed it.
    let lexicon = articles.lexicon.unwrap_or_else(|| Lexicon::new(&setup.config.extend));
    extract::site_keywords(&mut all, &lexicon);
    steps.done("site keywords");
    let site = site::assemble(&setup.config, all, &setup.theme.palette());
    steps.done("site assembly and charts");
    // The search index reads only the site, not the pages: build it beside the rendering, so
    // the two largest site-wide steps overlap instead of adding up.
    // An article's files from the last build into this folder are kept when nothing they are
    // made from changed; a build into a new folder, or without the cache, renders them all.
    let memo = render::PageMemo {
        fingerprint: site_fingerprint(&setup, &BTreeSet::new()),
        previous: if setup.use_cache && setup.store_cache && setup.out_dir.is_dir() {
            setup.cache.previous_pages(&setup.out_dir)
        } else {
            Default::default()
        },
    };
    let (rendered, indexed) = std::thread::scope(|scope| {
        let search = scope.spawn(|| {
            let timer = Instant::now();
            (search_index(&setup, &site), timer.elapsed().as_secs_f64())
        });
        let rendered = render::render_with(&site, tera, &setup.theme, &memo);
        steps.done("pages (beside the search index)");
        (rendered, search.join())
    });
    let (indexed, search_seconds) = indexed.map_err(|_| anyhow!("search index: the indexing thread failed"))?;
    steps.record("search index (beside the pages)", search_seconds);
    steps.done("waiting for the search index");
    let render::Rendered {
        mut files,
        kept,
        keys: page_keys,
    } = rendered?;
    files.extend(indexed?);
    // The output is about to change: until it is stamped again, no rebuild may skip it.
    setup.cache.unstamp(&setup.out_dir);
    write_output(&setup, &files, &kept)?;
    steps.done("writing output");

    warnings.extend(site_warnings(&site));
    let warnings = say_once(warnings);
    let summary = SiteSummary {
        articles: site.articles.len(),
        stories: site.articles.iter().filter(|p| p.article.front.page.is_some()).count(),
        figures: site.articles.iter().map(|p| p.article.front.figures.len()).sum(),
        pages: files
            .iter()
            .map(|f| &f.path)
            .chain(&kept)
            .filter(|p| p.ends_with(".html"))
            .count(),
        warnings,
    };
    if let Some(fp) = &fingerprint {
        // Failing to stamp only means the next build renders again.
        let _ = setup.cache.stamp(fp, &setup.out_dir, &summary, &page_keys);
    }
    Ok(report(summary, kept.len(), page_keys.len()))
}

/// Times the steps of a build: each `done` records the time since the previous one.
struct StepTimer {
    steps: std::sync::Mutex<Vec<(&'static str, f64)>>,
    last: std::sync::Mutex<Instant>,
}

impl StepTimer {
    fn start() -> StepTimer {
        StepTimer {
            steps: Default::default(),
            last: std::sync::Mutex::new(Instant::now()),
        }
    }

    fn done(&self, step: &'static str) {
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        let since = (now - *last).as_secs_f64();
        *last = now;
        self.record(step, since);
    }

    fn record(&self, step: &'static str, seconds: f64) {
        self.steps
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((step, seconds));
    }

    fn take(&self) -> Vec<(&'static str, f64)> {
        self.steps.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The search index of the site, in parts of `search_shard_articles` articles: each part is
/// the stored one when none of its articles' searchable content changed (so an edit of one
/// article re-indexes only its part, and an edit of a template or a setting none), else built by
/// pagefind, which at a thousand articles is the most expensive site-wide step.
fn search_index(setup: &Setup, site: &Site) -> Result<Vec<OutFile>> {
    let parts = crate::search::shards(crate::search::records(site), setup.config.search_shard_articles);
    let mut keys = BTreeSet::new();
    let files = crate::search::index_parts(&parts, |part| {
        let key = crate::cache::search_key(&part.records);
        let stored = setup.use_cache.then(|| setup.cache.search_index(&key)).flatten();
        let bundle = match stored {
            Some(bundle) => bundle,
            None => {
                let bundle = crate::search::index_records(part.records.clone())?;
                if setup.store_cache {
                    // Failing to store it only means the next build indexes this part again.
                    let _ = setup.cache.put_search_index(&key, &bundle);
                }
                bundle
            }
        };
        keys.insert(key);
        Ok(bundle)
    })?;
    if setup.store_cache {
        setup.cache.retain_search(&keys);
    }
    Ok(files)
}

/// The fingerprint of every input of the site-wide stages (see `cache::site_fingerprint`).
fn site_fingerprint(setup: &Setup, article_keys: &BTreeSet<String>) -> String {
    let mut dirs = vec![setup.theme.dir.clone(), setup.site_dir.join("templates")];
    dirs.extend(setup.static_dirs());
    crate::cache::site_fingerprint(&setup.config, article_keys, &dirs)
}

/// Writes the site: the first time into a fresh folder swapped in whole; afterwards only the
/// files that changed (see `output_update`), which is what keeps a rebuild cheap.
/// `kept` are files of the last build left as they are (only ever given for an existing folder).
fn write_output(setup: &Setup, files: &[OutFile], kept: &[String]) -> Result<()> {
    if setup.out_dir.is_dir() {
        output_update::update_site(&setup.out_dir, files, kept, &setup.static_dirs())?;
    } else {
        output::write_site(&setup.out_dir, files, &setup.static_dirs())?;
    }
    Ok(())
}

/// Everything a build needs before it reads any content: the configuration (with command-line
/// overrides), the theme, its templates and where things go.
pub struct Setup {
    pub config_path: PathBuf,
    pub config: SiteConfig,
    pub site_dir: PathBuf,
    pub theme: Theme,
    /// Kept as a result so `check` can report a template error and still check the content.
    pub templates: Result<Tera>,
    pub out_dir: PathBuf,
    pub cache: ArticleCache,
    /// Take unchanged articles from the cache.
    pub use_cache: bool,
    /// Store processed articles in the cache (`check` only reads it).
    pub store_cache: bool,
}

impl Setup {
    /// Reads site.yaml, applies the command-line overrides and loads the theme and templates.
    pub fn load(opts: &BuildOptions) -> Result<Setup, BuildError> {
        let mut config = SiteConfig::load(&opts.config).map_err(anyhow::Error::from)?;
        if let Some(url) = &opts.base_url {
            config.base_url = if url.ends_with('/') {
                url.clone()
            } else {
                format!("{url}/")
            };
        }
        if let Some(theme) = &opts.theme {
            config.theme = theme.clone();
        }
        let site_dir = site_dir_of(&opts.config);
        let theme = Theme::load(&site_dir, &config.theme).map_err(|e| {
            // Point at what named the theme: the command line, or its line in site.yaml.
            let error = if opts.theme.is_some() {
                ConfigError {
                    path: "--theme".into(),
                    detail: format!(" {e:#}"),
                }
            } else {
                let text = std::fs::read_to_string(&opts.config).unwrap_or_default();
                ConfigError {
                    path: opts.config.clone(),
                    detail: format!("{}: {e:#}", crate::config::line_of_key(&text, "theme")),
                }
            };
            anyhow::Error::from(error)
        })?;
        let templates = render::load_templates(&theme, Some(&site_dir.join("templates")));
        let out_dir = opts.output.clone().unwrap_or_else(|| site_dir.join(&config.output_dir));
        let cache = ArticleCache::new(&site_dir, &config);
        Ok(Setup {
            config_path: opts.config.clone(),
            config,
            site_dir,
            theme,
            templates,
            out_dir,
            cache,
            use_cache: !opts.no_cache,
            store_cache: !opts.no_cache,
        })
    }

    /// The content folder.
    pub fn content_dir(&self) -> PathBuf {
        self.site_dir.join(&self.config.content_dir)
    }

    /// Folders copied into the output as they are; the site's own `static/` wins over the theme's.
    pub fn static_dirs(&self) -> Vec<PathBuf> {
        vec![self.theme.dir.join("static"), self.site_dir.join("static")]
    }
}

/// The result of the per-article stages over the whole content folder.
#[derive(Default)]
pub struct ProcessedContent {
    /// In content-file order.
    pub articles: Vec<Article>,
    /// One per content file that failed; the others are still processed.
    pub errors: Vec<Diagnostic>,
    /// Per-article warnings (decoding, cleaning), with their file.
    pub warnings: Vec<Diagnostic>,
    pub processed: usize,
    pub cached: usize,
    /// Whether the jieba dictionary was loaded.
    pub lexicon_loaded: bool,
    /// Cache keys of the content files seen in this build.
    pub keys: BTreeSet<String>,
    /// The jieba lexicon, when some file needed it (the site-wide keywords reuse it).
    pub lexicon: Option<Lexicon>,
}

/// Runs load → clean → extract over every content file, in parallel, taking unchanged files
/// from the cache. The jieba lexicon is loaded only if some file has to be processed, so a
/// rebuild with no change never pays for it.
pub fn process_all(setup: &Setup, progress: &dyn Progress) -> ProcessedContent {
    let mut out = ProcessedContent::default();
    let content_dir = setup.content_dir();
    let files = match load::discover(&content_dir) {
        Ok(files) => prefer_markdown(files),
        Err(e) => {
            out.errors.push(
                Diagnostic::from_error(&e)
                    .with_hint("the content folder must exist and every file in it be readable; run jianbao in a site folder, or pass --config path/to/site.yaml"),
            );
            return out;
        }
    };
    let clean_options = match clean_options(&setup.config) {
        Ok(o) => o,
        Err(e) => {
            out.errors.push(Diagnostic::from_error(&e));
            return out;
        }
    };
    let lexicon: OnceLock<Lexicon> = OnceLock::new();
    progress.start(files.len());
    let results: Vec<(String, Result<FileResult>)> = files
        .par_iter()
        .map(|path| {
            let rel = relative_path(&content_dir, path);
            let result = process_file(setup, &content_dir, path, &rel, &clean_options, &lexicon);
            progress.file_done(&rel, result.as_ref().is_ok_and(|r| r.from_cache));
            (rel, result)
        })
        .collect();
    progress.finish();
    out.lexicon_loaded = lexicon.get().is_some();
    out.lexicon = lexicon.into_inner();
    for (rel, result) in results {
        match result {
            Ok(r) => {
                if r.from_cache {
                    out.cached += 1;
                } else {
                    out.processed += 1;
                }
                if let Some(e) = r.cache_error {
                    out.warnings.push(
                        Diagnostic::warning(format!("{rel}: cannot store it in the cache: {e}"))
                            .with_hint("the build is correct but slower next time; check that .jianbao/ is writable"),
                    );
                }
                out.keys.insert(r.key);
                out.articles.extend(r.articles);
            }
            Err(e) => out.errors.push(Diagnostic::from_error(&e)),
        }
    }
    let content = setup.config.content_dir.to_string_lossy().replace('\\', "/");
    for a in &out.articles {
        out.warnings.extend(
            a.front
                .quality
                .warnings
                .iter()
                .map(|w| Diagnostic::warning(format!("{}: {w}", article_label(&content, a)))),
        );
    }
    out
}

/// The cleaner's warning about a file and the site's notice about the same article can say the
/// same thing: keep one, the one with a hint.
fn say_once(warnings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut unique: Vec<Diagnostic> = Vec::with_capacity(warnings.len());
    for d in warnings {
        match unique.iter_mut().find(|u| u.message == d.message) {
            Some(kept) if kept.hint.is_none() => *kept = d,
            Some(_) => {}
            None => unique.push(d),
        }
    }
    unique
}

/// How a diagnostic names an article: its content file, and for one story of a split page which
/// story, so a warning about page 004's third story can be found.
fn article_label(content_dir: &str, a: &Article) -> String {
    match &a.front.page {
        Some(page) => format!(
            "{content_dir}/{} (story {}/{}, “{}”)",
            a.source_path, page.part, page.parts, a.front.title
        ),
        None => format!("{content_dir}/{}", a.source_path),
    }
}

/// What happened to one content file.
struct FileResult {
    articles: Vec<Article>,
    key: String,
    from_cache: bool,
    cache_error: Option<std::io::Error>,
}

fn process_file(
    setup: &Setup,
    content_dir: &Path,
    path: &Path,
    rel: &str,
    clean_options: &CleanOptions,
    lexicon: &OnceLock<Lexicon>,
) -> Result<FileResult> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let sidecar = match load::sidecar_path(path) {
        Some(p) => Some(std::fs::read(&p).with_context(|| format!("{}: cannot read the sidecar", p.display()))?),
        None => None,
    };
    let key = setup.cache.key(rel, &bytes, sidecar.as_deref());
    if setup.use_cache
        && let Some(articles) = setup.cache.get(&key)
    {
        return Ok(FileResult {
            articles,
            key,
            from_cache: true,
            cache_error: None,
        });
    }
    let source = load::load(content_dir, path, setup.config.encoding.as_deref())?;
    let lexicon = lexicon.get_or_init(|| Lexicon::new(&setup.config.extend));
    let articles = process(&source, &setup.config, clean_options, lexicon)?;
    let cache_error = if setup.store_cache {
        setup.cache.put(&key, &articles).err()
    } else {
        None
    };
    Ok(FileResult {
        articles,
        key,
        from_cache: false,
        cache_error,
    })
}

/// Warnings about the site as a whole and about single articles that only the site stage sees
/// (duplicate slugs) or that a user should confirm (guessed dates).
pub fn site_warnings(site: &Site) -> Vec<Diagnostic> {
    let content = site.config.content_dir.to_string_lossy().replace('\\', "/");
    let content = content.as_str();
    let mut out: Vec<Diagnostic> = site
        .warnings
        .iter()
        .map(|w| {
            Diagnostic::warning(in_site_folder(
                content,
                w,
                site.articles.iter().map(|p| p.article.source_path.as_str()),
            ))
        })
        .collect();
    for p in &site.articles {
        let a = &p.article;
        if a.front.date_inferred {
            out.push(
                Diagnostic::warning(format!(
                    "{}: date {} was guessed from the text",
                    article_label(content, a),
                    a.front.date.as_deref().unwrap_or("?")
                ))
                .with_hint(format!(
                    "if it is wrong, set `date:` in {}",
                    sibling(content, &a.source_path, "yaml")
                )),
            );
        }
        if a.front.title_inferred {
            out.push(
                Diagnostic::warning(format!(
                    "{}: no headline found; the title “{}” is the text's first sentence",
                    article_label(content, a),
                    a.front.title
                ))
                .with_hint(format!("set `title:` in {}", sibling(content, &a.source_path, "yaml"))),
            );
        }
        if !a.front.quality.scrambled.is_empty() {
            out.push(
                Diagnostic::warning(format!(
                    "{}: column order looks scrambled in {}",
                    article_label(content, a),
                    a.front.quality.scrambled.join(", ")
                ))
                .with_hint(format!(
                    "correct it by hand: jianbao clean {}/{} > {}",
                    content,
                    a.source_path,
                    sibling(content, &a.source_path, "md")
                )),
            );
        }
    }
    out
}

/// A message of the site stage starts with an article's path relative to the content folder;
/// diagnostics name files from the site folder (`content/003.txt: …`), as the user types them.
fn in_site_folder<'a>(content_dir: &str, message: &str, mut source_paths: impl Iterator<Item = &'a str>) -> String {
    let names_article = source_paths.any(|p| message.strip_prefix(p).is_some_and(|rest| rest.starts_with(':')));
    if names_article {
        format!("{content_dir}/{message}")
    } else {
        message.to_string()
    }
}

/// The path, as a user types it from the site folder, of a file beside a content file: its
/// sidecar (`yaml`) or hand-corrected Markdown (`md`).
fn sibling(content_dir: &str, source_path: &str, ext: &str) -> String {
    let stem = source_path.rsplit_once('.').map(|(s, _)| s).unwrap_or(source_path);
    format!("{content_dir}/{stem}.{ext}")
}

/// Renders the site without writing it: the pages `check` inspects.
pub fn render_site(setup: &Setup, site: &Site) -> Result<Vec<OutFile>> {
    let tera = setup.templates.as_ref().map_err(|e| anyhow!("{e:#}"))?;
    render::render(site, tera, &setup.theme)
}

/// The cleaned Markdown, with its front matter, of one content file: what `jianbao clean`
/// prints so a user can correct an article by hand. A page split into stories gives one
/// Markdown document per story.
pub fn clean_file(file: &Path, config: &SiteConfig) -> Result<Vec<String>> {
    let dir = site_dir_of(file);
    let source = load::load(&dir, file, config.encoding.as_deref())?;
    let options = clean_options(config)?;
    let lexicon = Lexicon::new(&config.extend);
    process(&source, config, &options, &lexicon)?
        .iter()
        .map(|a| {
            a.to_markdown()
                .with_context(|| format!("{}: writing front matter", file.display()))
        })
        .collect()
}

/// The folder the config file is in: relative paths in it are relative to this.
pub fn site_dir_of(config: &Path) -> PathBuf {
    match config.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Discovers and decodes every content file, in parallel. The first error stops the build.
pub fn load_all(content_dir: &Path, config: &SiteConfig) -> Result<Vec<Source>> {
    let files = prefer_markdown(load::discover(content_dir)?);
    files
        .par_iter()
        .map(|path| load::load(content_dir, path, config.encoding.as_deref()))
        .collect()
}

/// Drops `x.txt` when `x.md` is beside it: the Markdown is the hand-corrected version of the
/// raw text (what `jianbao clean` helps to write), so it wins.
pub fn prefer_markdown(files: Vec<PathBuf>) -> Vec<PathBuf> {
    let markdown: BTreeSet<PathBuf> = files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e != "txt"))
        .map(|p| p.with_extension(""))
        .collect();
    files
        .into_iter()
        .filter(|p| p.extension().is_none_or(|e| e != "txt") || !markdown.contains(&p.with_extension("")))
        .collect()
}

/// Path relative to the content folder with `/` separators, as articles record it.
fn relative_path(content_dir: &Path, path: &Path) -> String {
    path.strip_prefix(content_dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Cleaner options from the configuration; a bad boilerplate pattern is a configuration error.
pub fn clean_options(config: &SiteConfig) -> Result<CleanOptions> {
    let boilerplate = config
        .extend
        .boilerplate
        .iter()
        .map(|p| {
            regex::Regex::new(&format!("^(?:{p})$"))
                .map_err(|e| anyhow!("site.yaml: extend.boilerplate: bad pattern `{p}`: {e}"))
        })
        .collect::<Result<_>>()?;
    Ok(CleanOptions { boilerplate })
}

/// The per-article stages for one source: clean (raw text) or parse (Markdown), then extract,
/// then the sidecar's fields on top.
pub fn process(
    source: &Source,
    config: &SiteConfig,
    options: &CleanOptions,
    lexicon: &Lexicon,
) -> Result<Vec<Article>> {
    let known_date = source
        .sidecar
        .front
        .get("date")
        .and_then(|v| v.as_str())
        .map(String::from);
    let ctx = ExtractContext {
        default_year: config.default_year,
        known_date,
    };
    let mut articles = match source.kind {
        SourceKind::Raw => {
            let doc = clean::clean(source, options);
            let stories = match source.sidecar.split.unwrap_or(config.split_stories) {
                true => clean::split_stories(doc),
                false => vec![doc],
            };
            let parts = stories.len();
            let stem = Path::new(&source.path)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let page_title = stories.first().and_then(|d| d.meta.title.clone()).unwrap_or_default();
            let mut articles: Vec<Article> = stories.iter().map(|doc| extract::extract(doc, lexicon, &ctx)).collect();
            for (i, a) in articles.iter_mut().enumerate().filter(|_| parts > 1) {
                a.front.page = Some(article::PageRef {
                    slug: stem.clone(),
                    title: page_title.clone(),
                    part: i + 1,
                    parts,
                });
                a.front.slug = Some(format!("{stem}-{}", i + 1));
            }
            articles
        }
        SourceKind::Markdown => {
            let (front, body) = article::split_front_matter(&source.text);
            let fields: serde_yaml::Mapping = match front {
                Some(yaml) => serde_yaml::from_str::<Option<serde_yaml::Mapping>>(yaml)
                    .map_err(|e| anyhow!("{}:{}", source.path, crate::config::describe_yaml_error(&e)))?
                    .unwrap_or_default(),
                None => Default::default(),
            };
            let doc = markdown::to_doc(body);
            let mut article = extract::extract(&doc, lexicon, &ctx);
            article.body = body.trim().to_string() + "\n";
            article::apply_overrides(&mut article, &fields)
                .map_err(|e| anyhow!("{}: front matter: {e}", source.path))?;
            vec![article]
        }
    };
    let parts = articles.len();
    // On a split page the sidecar's title and slug name the page; each story keeps its own
    // headline and gets `<slug>-<part>`.
    let mut fields = source.sidecar.front.clone();
    let page_title = if parts > 1 { fields.remove("title") } else { None };
    for (i, article) in articles.iter_mut().enumerate() {
        article.source_path = source.path.clone();
        article::apply_overrides(article, &fields).map_err(|e| anyhow!("{}: sidecar: {e}", source.path))?;
        if parts > 1 && fields.contains_key("slug") {
            article.front.slug = article.front.slug.take().map(|s| format!("{s}-{}", i + 1));
        }
        if let (Some(page), Some(title)) = (
            article.front.page.as_mut(),
            page_title.as_ref().and_then(|t| t.as_str()),
        ) {
            page.title = title.to_string();
        }
    }
    Ok(articles)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_warning_is_said_once_keeping_its_hint() {
        let plain = Diagnostic::warning("content/a.txt: column order looks scrambled in p2");
        let hinted = plain.clone().with_hint("correct it by hand");
        let other = Diagnostic::warning("content/b.txt: date 2021-01-01 was guessed from the text");
        let kept = say_once(vec![plain, other.clone(), hinted.clone()]);
        assert_eq!(kept, vec![hinted, other]);
    }

    #[test]
    fn a_story_is_named_with_its_page() {
        let mut a = Article {
            front: crate::article::FrontMatter {
                title: "标题".into(),
                ..Default::default()
            },
            body: String::new(),
            source_path: "004.txt".into(),
            terms: vec![],
            fixed: vec![],
        };
        assert_eq!(article_label("content", &a), "content/004.txt");
        a.front.page = Some(article::PageRef {
            slug: "004".into(),
            title: "版面".into(),
            part: 3,
            parts: 10,
        });
        assert_eq!(article_label("content", &a), "content/004.txt (story 3/10, “标题”)");
    }

    #[test]
    fn markdown_beside_text_wins() {
        let files: Vec<PathBuf> = ["a.md", "a.txt", "b.txt", "c/a.txt", "d.markdown", "d.txt"]
            .iter()
            .map(PathBuf::from)
            .collect();
        let kept: Vec<String> = prefer_markdown(files).iter().map(|p| p.display().to_string()).collect();
        assert_eq!(kept, vec!["a.md", "b.txt", "c/a.txt", "d.markdown"]);
    }

    #[test]
    fn hand_fixed_file_names_follow_the_source() {
        assert_eq!(sibling("content", "x/003.txt", "yaml"), "content/x/003.yaml");
        assert_eq!(sibling("articles", "003.txt", "md"), "articles/003.md");
        let paths = ["a.txt", "sub/b.txt"];
        assert_eq!(
            in_site_folder("content", "sub/b.txt: slug", paths.into_iter()),
            "content/sub/b.txt: slug"
        );
        assert_eq!(in_site_folder("content", "no article", paths.into_iter()), "no article");
        assert_eq!(
            in_site_folder("content", "a.txt.bak: x", paths.into_iter()),
            "a.txt.bak: x"
        );
    }
}
