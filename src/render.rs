//! Render stage: the site through the theme's tera templates, with the site's own `templates/`
//! layered over the theme's file by file (tera's fallback prefixes).

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};
use serde::{Deserialize, Serialize};
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::article::FrontMatter;
use crate::chart::{Chart, Palette};
use crate::markdown::{self, TocEntry};
use crate::output::OutFile;
use crate::site::{Published, Site};

/// Name prefix under which the theme's templates are registered; a site template of the same
/// name wins, and can extend the theme's with `{% extends "theme/article.html" %}`.
const THEME_PREFIX: &str = "theme/";

/// A theme folder: `templates/`, `static/`, `theme.yaml`.
#[derive(Debug, Clone)]
pub struct Theme {
    pub name: String,
    pub dir: PathBuf,
    pub meta: ThemeMeta,
}

/// The contents of `theme.yaml`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeMeta {
    pub name: String,
    pub description: String,
    /// Chart colours, `#rrggbb`, readable on light and dark backgrounds.
    pub palette: Vec<String>,
    /// Colour of chart text and axes.
    pub chart_text: String,
}

impl Theme {
    /// Finds `themes/<name>` next to the site config and reads its `theme.yaml`.
    pub fn load(site_dir: &Path, name: &str) -> Result<Theme> {
        let dir = site_dir.join("themes").join(name);
        if !dir.join("templates").is_dir() {
            let available = list_themes(site_dir);
            return Err(anyhow!(
                "theme `{name}` not found: there is no {} (themes here: {}). Set `theme:` in site.yaml",
                dir.join("templates").display(),
                if available.is_empty() {
                    "none".into()
                } else {
                    available.join(", ")
                }
            ));
        }
        let meta_path = dir.join("theme.yaml");
        let meta = match std::fs::read_to_string(&meta_path) {
            Ok(text) => serde_yaml::from_str(&text)
                .map_err(|e| anyhow!("{}:{}", meta_path.display(), crate::config::describe_yaml_error(&e)))?,
            Err(_) => ThemeMeta::default(),
        };
        Ok(Theme {
            name: name.to_string(),
            dir,
            meta,
        })
    }

    /// The chart palette from `theme.yaml`, or the default one.
    pub fn palette(&self) -> Palette {
        let colors: Vec<_> = self.meta.palette.iter().filter_map(|c| parse_hex(c)).collect();
        let default = Palette::default();
        Palette {
            colors: if colors.is_empty() { default.colors } else { colors },
            text: parse_hex(&self.meta.chart_text).unwrap_or(default.text),
        }
    }
}

fn list_themes(site_dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(site_dir.join("themes"))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter(|e| e.path().is_dir())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn parse_hex(c: &str) -> Option<(u8, u8, u8)> {
    let h = c.trim().strip_prefix('#')?;
    if h.len() != 6 {
        return None;
    }
    let v = u32::from_str_radix(h, 16).ok()?;
    Some(((v >> 16) as u8, (v >> 8) as u8, v as u8))
}

/// Loads the theme's templates, then the site's overrides. Errors name the file, line and column.
pub fn load_templates(theme: &Theme, site_templates: Option<&Path>) -> Result<Tera> {
    let mut tera = Tera::new();
    tera.set_fallback_prefixes([THEME_PREFIX]).map_err(|e| anyhow!("{e}"))?;
    tera.autoescape_on([".html", ".xml"]);
    register_filters(&mut tera);
    let mut files: Vec<(PathBuf, String)> = template_files(&theme.dir.join("templates"), THEME_PREFIX);
    if let Some(dir) = site_templates.filter(|d| d.is_dir()) {
        files.extend(template_files(dir, ""));
    }
    let mut sources = Vec::with_capacity(files.len());
    for (path, name) in &files {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{}: cannot read the template", path.display()))?;
        sources.push((name.clone(), text));
    }
    // All at once: a template may extend one that sorts after it.
    tera.add_raw_templates(sources)
        .map_err(|e| template_error(&e, &files))?;
    Ok(tera)
}

fn template_files(dir: &Path, prefix: &str) -> Vec<(PathBuf, String)> {
    let mut files: Vec<(PathBuf, String)> = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| {
            let rel = e.path().strip_prefix(dir).ok()?.to_string_lossy().replace('\\', "/");
            Some((e.path().to_path_buf(), format!("{prefix}{rel}")))
        })
        .collect();
    files.sort();
    files
}

/// Rewrites tera's `--> name:line:col` to the template's real path, so an editor can jump there.
fn template_error(e: &tera::Error, files: &[(PathBuf, String)]) -> anyhow::Error {
    let mut msg = e.to_string().trim_start_matches("error: ").to_string();
    for (path, name) in files {
        msg = msg.replace(&format!("--> {name}:"), &format!("--> {}:", path.display()));
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(&format!("\n{s}"));
        source = s.source();
    }
    anyhow!("template error: {msg}")
}

fn register_filters(tera: &mut Tera) {
    tera.register_filter("chinese_number", |v: f64, _: tera::Kwargs, _: &tera::State| {
        crate::chart::format_value(v)
    });
    tera.register_filter("chinese_date", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::article::DateValue::parse(s)
            .map(|d| d.to_chinese(true))
            .unwrap_or_else(|| s.to_string())
    });
}

/// What templates receive about the site (see docs/themes.md).
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    /// Prefix of every internal link: `/` or `/sub/`.
    base: String,
    theme: &'a str,
}

/// What templates receive about one article (see docs/themes.md).
#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    slug: &'a str,
    /// Link to the page, with the base path.
    url: String,
    /// Link to the cleaned Markdown.
    markdown_url: String,
    #[serde(flatten)]
    front: &'a FrontMatter,
    html: String,
    toc: Vec<TocEntry>,
    charts: &'a [Chart],
    source_path: &'a str,
}

fn article_view<'a>(p: &'a Published, base: &str) -> ArticleView<'a> {
    let (html, toc) = markdown::to_html(&p.article.body);
    ArticleView {
        slug: &p.slug,
        url: format!("{base}{}", p.path),
        markdown_url: format!("{base}{}index.md", p.path),
        front: &p.article.front,
        html,
        toc,
        charts: &p.charts,
        source_path: &p.article.source_path,
    }
}

/// Renders every page of the site. Returns the files to write, paths relative to the output root.
pub fn render(site: &Site, tera: &Tera, theme: &Theme) -> Result<Vec<OutFile>> {
    let base = site.config.base_path();
    let site_view = SiteView {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        base_url: &site.config.base_url,
        base: base.clone(),
        theme: &theme.name,
    };
    let views: Vec<ArticleView> = site.articles.iter().map(|p| article_view(p, &base)).collect();
    let mut files = Vec::new();
    let render = |name: &str, ctx: &Context| {
        tera.render(name, ctx)
            .map_err(|e| anyhow!("rendering {name}: {}", template_error(&e, &[])))
    };

    let mut ctx = Context::new();
    ctx.insert("site", &site_view);
    ctx.insert("articles", &views);
    ctx.insert("charts", &site.charts);
    files.push(OutFile::text("index.html", render("index.html", &ctx)?));

    for (i, view) in views.iter().enumerate() {
        let mut ctx = Context::new();
        ctx.insert("site", &site_view);
        ctx.insert("article", view);
        ctx.insert(
            "newer",
            &i.checked_sub(1)
                .and_then(|j| views.get(j))
                .map(|v| (&v.url, v.front.title.as_str())),
        );
        ctx.insert("older", &views.get(i + 1).map(|v| (&v.url, v.front.title.as_str())));
        let p = &site.articles[i];
        files.push(OutFile::text(
            format!("{}index.html", p.path),
            render("article.html", &ctx)?,
        ));
        let md = p
            .article
            .to_markdown()
            .with_context(|| format!("{}: writing front matter", p.article.source_path))?;
        files.push(OutFile::text(format!("{}index.md", p.path), md));
    }
    for chart in site
        .charts
        .iter()
        .chain(site.articles.iter().flat_map(|p| p.charts.iter()))
    {
        files.push(OutFile::text(format!("charts/{}.svg", chart.name), chart.svg.clone()));
    }
    files.push(OutFile::text("data/articles.json", articles_json(site, &base)?));
    Ok(files)
}

/// One object per article: its front matter plus where it lives (schema in docs/front-matter.md).
/// `source` is the content file here, so a consumer can find the input again; the front matter's
/// `source` (the publication) is published as `publication`.
fn articles_json(site: &Site, base: &str) -> Result<String> {
    let mut entries = Vec::with_capacity(site.articles.len());
    for p in &site.articles {
        let serde_json::Value::Object(front) = serde_json::to_value(&p.article.front)? else {
            return Err(anyhow!("front matter of {} is not a mapping", p.article.source_path));
        };
        let mut entry = serde_json::Map::new();
        entry.insert("slug".into(), p.slug.clone().into());
        entry.insert("source".into(), p.article.source_path.clone().into());
        entry.insert("url".into(), format!("{base}{}", p.path).into());
        entry.insert("markdown".into(), format!("{}index.md", p.path).into());
        for (k, v) in front {
            match k.as_str() {
                "source" => {
                    entry.insert("publication".into(), v);
                }
                "slug" => {}
                _ => {
                    entry.insert(k, v);
                }
            }
        }
        // Optional front matter fields are omitted from YAML but always present (null) here,
        // so consumers of the JSON see one schema.
        for key in ["date", "publication", "page"] {
            entry.entry(key).or_insert(serde_json::Value::Null);
        }
        entries.push(serde_json::Value::Object(entry));
    }
    let mut json = serde_json::to_string_pretty(&entries)?;
    json.push('\n');
    Ok(json)
}
