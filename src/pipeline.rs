//! The whole build, one flat list of steps: config → theme → load → clean → extract → site →
//! render → output. Only this module and `output` touch the disk.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use rayon::prelude::*;

use crate::article::{self, Article};
use crate::clean::{self, CleanOptions};
use crate::config::SiteConfig;
use crate::extract::{self, ExtractContext, Lexicon};
use crate::load::{self, Source, SourceKind};
use crate::markdown;
use crate::output;
use crate::render::{self, Theme};
use crate::site;

/// What `jianbao build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Path of `site.yaml`; the site folder is the folder it is in.
    pub config: PathBuf,
    /// Write here instead of the config's `output_dir`.
    pub output: Option<PathBuf>,
}

/// What a finished build did, for the summary line.
#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub articles: usize,
    pub figures: usize,
    pub pages: usize,
    pub warnings: Vec<String>,
    pub output: PathBuf,
    pub seconds: f64,
}

/// Runs the whole pipeline and writes the site.
pub fn build(opts: &BuildOptions) -> Result<BuildReport> {
    let started = Instant::now();
    let config = SiteConfig::load(&opts.config)?;
    let site_dir = site_dir_of(&opts.config);
    let theme = Theme::load(&site_dir, &config.theme).with_context(|| format!("{}: theme", opts.config.display()))?;
    let tera = render::load_templates(&theme, Some(&site_dir.join("templates")))?;

    let content_dir = site_dir.join(&config.content_dir);
    let sources = load_all(&content_dir, &config)?;
    let lexicon = Lexicon::new(&config.extend);
    let clean_options = clean_options(&config)?;
    let mut articles: Vec<Article> = sources
        .par_iter()
        .map(|source| process(source, &config, &clean_options, &lexicon))
        .collect::<Result<Vec<Vec<Article>>>>()?
        .into_iter()
        .flatten()
        .collect();
    extract::site_keywords(&mut articles, &lexicon);

    let site = site::assemble(&config, articles, &theme.palette());
    let mut files = render::render(&site, &tera, &theme)?;
    files.extend(crate::search::index(&site)?);
    let out_dir = opts.output.clone().unwrap_or_else(|| site_dir.join(&config.output_dir));
    let static_dirs = [theme.dir.join("static"), site_dir.join("static")];
    output::write_site(&out_dir, &files, &static_dirs)?;

    let mut warnings = site.warnings.clone();
    for p in &site.articles {
        warnings.extend(
            p.article
                .front
                .quality
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", p.article.source_path)),
        );
    }
    Ok(BuildReport {
        articles: site.articles.len(),
        figures: site.articles.iter().map(|p| p.article.front.figures.len()).sum(),
        pages: files.iter().filter(|f| f.path.ends_with(".html")).count(),
        warnings,
        output: out_dir,
        seconds: started.elapsed().as_secs_f64(),
    })
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
    let files = load::discover(content_dir)?;
    files
        .par_iter()
        .map(|path| load::load(content_dir, path, config.encoding.as_deref()))
        .collect()
}

fn clean_options(config: &SiteConfig) -> Result<CleanOptions> {
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
