//! Render stage: the site through the theme's tera templates, with the site's own `templates/`
//! layered over the theme's file by file (tera's fallback prefixes).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use tera::{Context, Tera};
use walkdir::WalkDir;

use crate::article::{DateValue, FrontMatter};
use crate::chart::{Chart, Palette};
use crate::markdown::{self, FigureMark, TocEntry};
use crate::output::OutFile;
use crate::site::{FigureRow, Site};

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
    /// Layout choices a site may rely on; see docs/themes.md.
    pub defaults: ThemeDefaults,
}

/// The `defaults:` section of `theme.yaml`: how much the theme shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeDefaults {
    /// An article gets a table of contents from this many headings on.
    pub toc_min_headings: usize,
    /// Key figures in the digest's headline row.
    pub headline_figures: usize,
    /// Key figures on each article card.
    pub card_figures: usize,
    /// Key figures on a category's page (the figures page lists them all, filtered by category).
    pub term_figures: usize,
}

impl Default for ThemeDefaults {
    fn default() -> Self {
        ThemeDefaults {
            toc_min_headings: 3,
            headline_figures: 8,
            card_figures: 3,
            term_figures: 24,
        }
    }
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
    tera.register_filter("html_datetime", |s: &str, _: tera::Kwargs, _: &tera::State| {
        html_datetime(s)
    });
    tera.register_filter("chinese_date", |s: &str, _: tera::Kwargs, _: &tera::State| {
        crate::article::DateValue::parse(s)
            .map(|d| d.to_chinese(true))
            .unwrap_or_else(|| s.to_string())
    });
}

/// A front matter date as an HTML `datetime` value: `2021-08-07` and `2021-08` as they are,
/// a yearless `--08-07` as `08-07` (the validator's yearless form).
pub fn html_datetime(date: &str) -> String {
    date.strip_prefix("--").unwrap_or(date).to_string()
}

/// What templates receive about the site (see docs/themes.md).
#[derive(Debug, Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    /// Path of the site root on its server: `/` or `/sub/`. Pages link relatively (with `root`),
    /// so only the 404 page, which is served at any depth, uses it.
    base: String,
    theme: &'a str,
    /// The main navigation: `{title, url}` with `url` relative to the site root.
    nav: Vec<Link>,
}

/// A link: text and a URL relative to the site root (templates put `root` before it).
#[derive(Debug, Clone, Serialize)]
struct Link {
    title: String,
    url: String,
}

/// What templates receive about one figure (see docs/themes.md).
#[derive(Debug, Clone, Serialize)]
struct FigureView<'a> {
    /// Id of the figure's `<mark>` on its article page: `fig-3`.
    id: String,
    #[serde(serialize_with = "crate::article::serialize_number")]
    value: f64,
    /// The value with 万/亿 and the unit: `7万人`.
    value_label: String,
    /// The value with 万/亿 alone: `7万`.
    number_label: String,
    unit: &'a str,
    qualifier: Option<&'a str>,
    /// Where the qualifier stands, as printed: `before` the number (近800名), `inside`, between
    /// the number and the unit (7万余人, 300多斤), or `after` the unit (5%以上, 800名左右).
    qualifier_at: &'static str,
    subject: Option<&'a str>,
    category: &'a str,
    category_label: &'a str,
    date: Option<&'a str>,
    place: Option<&'a str>,
    /// The words in the article it came from.
    text: &'a str,
    anchor: &'a str,
    key: bool,
    /// Link to the highlighted words (or their paragraph), relative to the site root.
    link: String,
    /// Fragment on the article page: `#fig-3` (or `#p12`).
    fragment: String,
    article_title: &'a str,
    article_url: &'a str,
    article_slug: &'a str,
}

/// What templates receive about one article (see docs/themes.md).
#[derive(Debug, Serialize)]
struct ArticleView<'a> {
    slug: &'a str,
    /// Link to the page, relative to the site root (percent-encoded).
    url: String,
    /// Link to the cleaned Markdown, relative to the site root.
    markdown_url: String,
    #[serde(flatten)]
    front: &'a FrontMatter,
    /// Publication date in Chinese: `2021年8月20日`.
    date_label: Option<String>,
    /// The body as HTML, figures' words wrapped in `<mark id="fig-N">`.
    html: String,
    toc: Vec<TocEntry>,
    /// True when the article has enough headings for a table of contents.
    show_toc: bool,
    charts: &'a [Chart],
    source_path: &'a str,
    /// Every figure of the article, and the first key figures for cards, as the template values
    /// of their [`FigureView`]s (serialized once per build, see [`template_values`]).
    figure_views: Vec<tera::Value>,
    key_figures: Vec<tera::Value>,
    place_links: Vec<Link>,
    keyword_links: Vec<Link>,
    category_links: Vec<Link>,
    /// Removals counted by kind: `{kind, count}`.
    removed_by_kind: Vec<KindCount>,
}

/// How many removals of one kind the cleaning report lists.
#[derive(Debug, Serialize)]
struct KindCount {
    kind: String,
    count: usize,
}

/// A term on an index page or in a list.
#[derive(Debug, Serialize)]
struct TermView<'a> {
    name: &'a str,
    url: &'a str,
    articles: usize,
    figures: usize,
}

/// Relative path from a page at `path` (site-relative folder, `a/b/`) back to the site root.
fn root_of(path: &str) -> String {
    "../".repeat(path.split('/').filter(|s| !s.is_empty()).count())
}

/// An absolute URL for feeds, sitemaps and Open Graph: `base_url` + path when `base_url` has a
/// scheme and host, else the path from the server root.
fn absolute_url(config: &crate::config::SiteConfig, path: &str) -> String {
    let base = if config.base_url.contains("://") {
        config.base_url.clone()
    } else {
        config.base_path()
    };
    format!("{}{path}", if base.ends_with('/') { base } else { format!("{base}/") })
}

fn term_link(site: &Site, taxonomy: usize, key: &str) -> Option<Link> {
    site.taxonomies
        .get(taxonomy)?
        .terms
        .iter()
        .find(|t| t.key == key)
        .map(|t| Link {
            title: t.name.clone(),
            url: t.url.clone(),
        })
}

/// Where a figure's qualifier stands in its text (see [`FigureView::qualifier_at`]). A qualifier
/// said apart from the figure's words (约 of 约有100人, whose text is 100人) goes before it.
fn qualifier_at(text: &str, qualifier: Option<&str>) -> &'static str {
    match qualifier {
        Some(q) if text.starts_with(q) => "before",
        Some(q) if text.ends_with(q) => "after",
        Some(q) if text.contains(q) => "inside",
        _ => "before",
    }
}

fn figure_view<'a>(site: &'a Site, row: &'a FigureRow, marked: &[Vec<bool>]) -> FigureView<'a> {
    let p = &site.articles[row.article];
    let f = &row.figure;
    let id = format!("fig-{}", row.index + 1);
    let is_marked = marked
        .get(row.article)
        .and_then(|m| m.get(row.index))
        .copied()
        .unwrap_or(false);
    let fragment = if is_marked {
        format!("#{id}")
    } else {
        format!("#{}", f.anchor)
    };
    let article_url = &site.articles[row.article].path;
    FigureView {
        value: f.value,
        value_label: format!("{}{}", crate::chart::format_value(f.value), f.unit),
        number_label: crate::chart::format_value(f.value),
        unit: &f.unit,
        qualifier: f.qualifier.as_deref(),
        qualifier_at: qualifier_at(&f.text, f.qualifier.as_deref()),
        subject: f.subject.as_deref(),
        category: &f.category,
        category_label: &row.category_label,
        date: f.date.as_deref(),
        place: row.place.as_deref(),
        text: &f.text,
        anchor: &f.anchor,
        key: f.key,
        link: format!("{}{fragment}", crate::site::url_path(article_url)),
        fragment,
        id,
        article_title: &p.article.front.title,
        article_url,
        article_slug: &p.slug,
    }
}

/// Marks every article's figures in its body HTML. Returns the HTML, TOC and which figures
/// were marked, per article.
fn article_bodies(site: &Site) -> Vec<(String, Vec<TocEntry>, Vec<bool>)> {
    site.articles
        .par_iter()
        .map(|p| {
            let (html, toc) = markdown::to_html(&p.article.body);
            let marks: Vec<FigureMark> = p
                .article
                .front
                .figures
                .iter()
                .enumerate()
                .map(|(i, f)| FigureMark {
                    anchor: &f.anchor,
                    text: &f.text,
                    id: format!("fig-{}", i + 1),
                })
                .collect();
            let (html, found) = markdown::mark_figures(&html, &marks);
            (html, toc, found)
        })
        .collect()
}

/// Each view as a template value, serialized once (in parallel). Tera clones a value it meets
/// while serializing a context instead of serializing it again, so a view listed on many pages
/// (an article card on the digest and on every term page, a figure on the figures page and on
/// its category page) costs one serialization per build, not one per page: on a site with many
/// figures, serializing contexts had become most of the render time.
fn template_values<T: Serialize + Sync>(views: &[T]) -> Result<Vec<tera::Value>> {
    views
        .par_iter()
        .map(|v| tera::Value::try_from_serializable(v).map_err(|e| anyhow!("preparing template values: {e}")))
        .collect()
}

/// What the last build into the same output folder rendered, so that a rebuild can leave an
/// article's files (page, Markdown, charts) as they are when nothing they are made from changed.
#[derive(Debug, Clone, Default)]
pub struct PageMemo {
    /// A fingerprint of everything every page reads besides its own data: the tool, the whole
    /// configuration, the theme, the site's templates and static files.
    pub fingerprint: String,
    /// For each output path the last build wrote and that is still there as it was written, the
    /// key of what it was made from. Empty for a build into a fresh folder.
    pub previous: BTreeMap<String, String>,
}

/// The site's files, and what a rebuild may keep.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Files to write, paths relative to the output root.
    pub files: Vec<OutFile>,
    /// Files of the previous build to keep as they are (in the output folder already).
    pub kept: Vec<String>,
    /// The key of each article's files, kept or written, for the next build's [`PageMemo`].
    pub keys: BTreeMap<String, String>,
}

/// Renders every page of the site. Returns the files to write, paths relative to the output root
/// (see [`render_with`]: this renders everything).
pub fn render(site: &Site, tera: &Tera, theme: &Theme) -> Result<Vec<OutFile>> {
    Ok(render_with(site, tera, theme, &PageMemo::default())?.files)
}

/// Renders the site, leaving out the articles whose files the last build made from the same
/// inputs (see [`PageMemo`]).
pub fn render_with(site: &Site, tera: &Tera, theme: &Theme, memo: &PageMemo) -> Result<Rendered> {
    let base = site.config.base_path();
    let nav = [
        ("首页", ""),
        ("时间线", "timeline/"),
        ("数字", "figures/"),
        ("关键词", "tags/"),
        ("地点", "places/"),
        ("类别", "categories/"),
        ("搜索", "search/"),
    ]
    .iter()
    .map(|(t, u)| Link {
        title: t.to_string(),
        url: u.to_string(),
    })
    .collect();
    let site_view = SiteView {
        title: &site.config.title,
        description: &site.config.description,
        language: &site.config.language,
        base_url: &site.config.base_url,
        base: base.clone(),
        theme: &theme.name,
        nav,
    };
    let defaults = &theme.meta.defaults;
    let bodies = article_bodies(site);
    let marked: Vec<Vec<bool>> = bodies.iter().map(|b| b.2.clone()).collect();
    let all_figures: Vec<FigureView> = site.figures.iter().map(|r| figure_view(site, r, &marked)).collect();
    let figure_values = template_values(&all_figures)?;
    let mut views: Vec<ArticleView> = Vec::with_capacity(site.articles.len());
    let mut figures_by_article: Vec<Vec<usize>> = vec![Vec::new(); site.articles.len()];
    for (i, row) in site.figures.iter().enumerate() {
        if let Some(list) = figures_by_article.get_mut(row.article) {
            list.push(i);
        }
    }
    for ((p, (html, toc, _)), figure_indexes) in site.articles.iter().zip(bodies).zip(figures_by_article) {
        let key_figures = figure_indexes
            .iter()
            .filter(|&&f| all_figures[f].key)
            .take(defaults.card_figures)
            .map(|&f| figure_values[f].clone())
            .collect();
        let figure_views = figure_indexes.iter().map(|&f| figure_values[f].clone()).collect();
        let mut categories: Vec<&str> = p.article.front.figures.iter().map(|f| f.category.as_str()).collect();
        categories.sort();
        categories.dedup();
        let mut removed_by_kind: Vec<KindCount> = Vec::new();
        for r in &p.article.front.quality.removed {
            match removed_by_kind.iter_mut().find(|k| k.kind == r.kind) {
                Some(k) => k.count += 1,
                None => removed_by_kind.push(KindCount {
                    kind: r.kind.clone(),
                    count: 1,
                }),
            }
        }
        views.push(ArticleView {
            slug: &p.slug,
            url: crate::site::url_path(&p.path),
            markdown_url: format!("{}index.md", crate::site::url_path(&p.path)),
            front: &p.article.front,
            date_label: p
                .article
                .front
                .date
                .as_deref()
                .and_then(DateValue::parse)
                .map(|d| d.to_chinese(true)),
            show_toc: toc.len() >= defaults.toc_min_headings,
            html,
            toc,
            charts: &p.charts,
            source_path: &p.article.source_path,
            key_figures,
            figure_views,
            place_links: p
                .article
                .front
                .places
                .iter()
                .filter_map(|t| term_link(site, 1, t))
                .collect(),
            keyword_links: p
                .article
                .front
                .keywords
                .iter()
                .filter_map(|t| term_link(site, 0, t))
                .collect(),
            category_links: categories.iter().filter_map(|c| term_link(site, 2, c)).collect(),
            removed_by_kind,
        });
    }
    let view_values = template_values(&views)?;
    // The data files need no template: write them on another core while the pages render.
    let (data, pages_and_files) = rayon::join(
        || data_files(site, &base, &all_figures, &views),
        || {
            render_pages(
                site,
                tera,
                theme,
                memo,
                &site_view,
                &views,
                &view_values,
                &all_figures,
                &figure_values,
            )
        },
    );
    let (mut rendered, pages) = pages_and_files?;
    rendered.files.extend(data?);
    rendered.files.push(OutFile::text("sitemap.xml", sitemap(site, &pages)));
    Ok(rendered)
}

/// The key of an article's files: a SHA-256 of everything they are made from. The article
/// itself (front matter after the site-wide keyword pass, body, source), where it is published,
/// the links its page shows (to its terms, which exist only when the site has their pages, and
/// to the newer and older articles), and the memo's fingerprint of the tool, settings and theme.
/// Charts and figure views derive from these, so they need no part of their own.
fn article_key(memo: &PageMemo, site: &Site, views: &[ArticleView], i: usize) -> Result<String> {
    use sha2::{Digest, Sha256};
    let view = &views[i];
    let mut h = Sha256::new();
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(memo.fingerprint.as_bytes());
    part(view.slug.as_bytes());
    part(view.url.as_bytes());
    part(view.source_path.as_bytes());
    part(&serde_json::to_vec(view.front)?);
    part(site.articles[i].article.body.as_bytes());
    for links in [&view.place_links, &view.keyword_links, &view.category_links] {
        part(&serde_json::to_vec(links)?);
    }
    for neighbour in [i.checked_sub(1).and_then(|j| views.get(j)), views.get(i + 1)] {
        let (title, url) = neighbour.map_or(("", ""), |v| (v.front.title.as_str(), v.url.as_str()));
        part(title.as_bytes());
        part(url.as_bytes());
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// The data files: articles and figures as JSON and CSV, and the feed.
fn data_files(site: &Site, base: &str, all_figures: &[FigureView], views: &[ArticleView]) -> Result<Vec<OutFile>> {
    Ok(vec![
        OutFile::text("data/articles.json", articles_json(site, base)?),
        OutFile::text("data/figures.json", figures_json(all_figures, site)?),
        OutFile::text("data/figures.csv", figures_csv(all_figures, site)),
        OutFile::text("feed.xml", atom_feed(site, views)),
    ])
}

/// A page of the sitemap: its path and its date, if it has one.
type SitemapEntry = (String, Option<String>);

/// Every page, and the charts and robots.txt; with each page's path and date for the sitemap.
#[allow(clippy::too_many_arguments)]
fn render_pages(
    site: &Site,
    tera: &Tera,
    theme: &Theme,
    memo: &PageMemo,
    site_view: &SiteView,
    views: &[ArticleView],
    view_values: &[tera::Value],
    all_figures: &[FigureView],
    figure_values: &[tera::Value],
) -> Result<(Rendered, Vec<SitemapEntry>)> {
    let base = site.config.base_path();
    let charts: BTreeMap<&str, &Chart> = site.charts.iter().map(|c| (c.name.as_str(), c)).collect();
    let mut files = Vec::new();
    let mut pages: Vec<SitemapEntry> = Vec::new();
    let page_context = |path: &str, kind: &str, title: &str, description: &str| {
        let mut ctx = Context::new();
        ctx.insert("site", &site_view);
        ctx.insert("theme", &theme.meta);
        ctx.insert("root", &root_of(path));
        ctx.insert(
            "page",
            &PageView {
                path: crate::site::url_path(path),
                kind: kind.to_string(),
                title: title.to_string(),
                description: if description.trim().is_empty() {
                    site.config.description.clone()
                } else {
                    description.to_string()
                },
                canonical: absolute_url(&site.config, &crate::site::url_path(path)),
            },
        );
        ctx
    };
    let render = |name: &str, ctx: &Context| {
        tera.render(name, ctx)
            .map_err(|e| anyhow!("rendering {name}: {}", template_error(&e, &[])))
    };

    // The digest.
    let mut ctx = page_context("", "index", &site.config.title, "");
    let headline: Vec<&FigureView> = headline_figures(all_figures, theme.meta.defaults.headline_figures);
    ctx.insert("articles", &view_values);
    ctx.insert("key_figures", &headline);
    ctx.insert("charts", &charts);
    ctx.insert("chart_list", &site.charts);
    ctx.insert("figure_count", &all_figures.len());
    files.push(OutFile::text("index.html", render("index.html", &ctx)?));
    pages.push((String::new(), views.first().and_then(|v| v.front.date.clone())));

    // Article pages are independent of each other: render them in parallel, keep their order.
    // An article whose files the last build made from the same inputs keeps them.
    let article_files: Vec<ArticleFiles> = views
        .par_iter()
        .enumerate()
        .map(|(i, view)| {
            let p = &site.articles[i];
            let paths: Vec<String> = [format!("{}index.html", p.path), format!("{}index.md", p.path)]
                .into_iter()
                .chain(p.charts.iter().map(|c| format!("charts/{}.svg", c.name)))
                .collect();
            let key = article_key(memo, site, views, i)?;
            if paths.iter().all(|path| memo.previous.get(path) == Some(&key)) {
                return Ok(ArticleFiles {
                    key,
                    files: Vec::new(),
                    kept: paths,
                });
            }
            let mut ctx = page_context(&p.path, "article", &view.front.title, &view.front.summary);
            let link = |v: &ArticleView| Link {
                title: v.front.title.clone(),
                url: v.url.clone(),
            };
            ctx.insert("article", &view_values[i]);
            ctx.insert("newer", &i.checked_sub(1).and_then(|j| views.get(j)).map(link));
            ctx.insert("older", &views.get(i + 1).map(link));
            let html = render("article.html", &ctx)?;
            let md = p
                .article
                .to_markdown()
                .with_context(|| format!("{}: writing front matter", p.article.source_path))?;
            let mut files = vec![
                OutFile::text(format!("{}index.html", p.path), html),
                OutFile::text(format!("{}index.md", p.path), md),
            ];
            files.extend(
                p.charts
                    .iter()
                    .map(|c| OutFile::text(format!("charts/{}.svg", c.name), c.svg.clone())),
            );
            Ok(ArticleFiles {
                key,
                files,
                kept: Vec::new(),
            })
        })
        .collect::<Result<_>>()?;
    let mut kept = Vec::new();
    let mut keys = BTreeMap::new();
    for article in article_files {
        for path in article.files.iter().map(|f| &f.path).chain(&article.kept) {
            keys.insert(path.clone(), article.key.clone());
        }
        files.extend(article.files);
        kept.extend(article.kept);
    }
    pages.extend(
        site.articles
            .iter()
            .map(|p| (p.path.clone(), p.article.front.date.clone())),
    );

    // The figures page lists every figure of the site: render it beside the taxonomy pages.
    let figures_page = || -> Result<OutFile> {
        let mut ctx = page_context("figures/", "figures", "数字", "全站文章中的全部数字");
        ctx.insert("figures", &figure_values);
        let mut figure_places: Vec<&str> = all_figures.iter().filter_map(|f| f.place).collect();
        figure_places.sort();
        figure_places.dedup();
        let mut figure_categories: Vec<(&str, &str)> =
            all_figures.iter().map(|f| (f.category, f.category_label)).collect();
        figure_categories.sort();
        figure_categories.dedup();
        ctx.insert("places", &figure_places);
        ctx.insert(
            "categories",
            &figure_categories
                .iter()
                .map(|(code, label)| Link {
                    title: label.to_string(),
                    url: code.to_string(),
                })
                .collect::<Vec<_>>(),
        );
        Ok(OutFile::text("figures/index.html", render("figures.html", &ctx)?))
    };
    let (figures_page, taxonomy_pages) = rayon::join(figures_page, || -> Result<Vec<(OutFile, SitemapEntry)>> {
        let mut files = Vec::new();
        for taxonomy in &site.taxonomies {
            let terms: Vec<TermView> = taxonomy
                .terms
                .iter()
                .map(|term| TermView {
                    name: &term.name,
                    url: &term.url,
                    articles: term.articles.len(),
                    figures: term.figures.len(),
                })
                .collect();
            let index_path = format!("{}/", taxonomy.name);
            let mut ctx = page_context(
                &index_path,
                "taxonomy",
                &taxonomy.title,
                &format!("按{}浏览全部文章", taxonomy.title),
            );
            ctx.insert(
                "taxonomy",
                &TaxonomyView {
                    name: &taxonomy.name,
                    title: &taxonomy.title,
                    url: &index_path,
                },
            );
            ctx.insert("terms", &terms);
            // The site chart that summarises this taxonomy (keywords are the `tags` taxonomy).
            let overview = if taxonomy.name == "tags" {
                "keywords"
            } else {
                taxonomy.name.as_str()
            };
            ctx.insert("chart", &charts.get(overview));
            files.push((
                OutFile::text(format!("{index_path}index.html"), render("taxonomy.html", &ctx)?),
                (index_path.clone(), None),
            ));
            // Term pages are independent of each other (and a category's can list most figures of
            // the site): render them in parallel, keep their order.
            let term_pages: Vec<(OutFile, String)> = taxonomy
                .terms
                .par_iter()
                .zip(&terms)
                .map(|(term, term_view)| {
                    let mut ctx = page_context(
                        &term.path,
                        "term",
                        &term.name,
                        &format!("{}：{}", taxonomy.title, term.name),
                    );
                    ctx.insert(
                        "taxonomy",
                        &TaxonomyView {
                            name: &taxonomy.name,
                            title: &taxonomy.title,
                            url: &index_path,
                        },
                    );
                    ctx.insert("term", term_view);
                    let articles: Vec<&tera::Value> =
                        term.articles.iter().filter_map(|&a| view_values.get(a)).collect();
                    ctx.insert("articles", &articles);
                    // A category's key figures, not all of them: a big site has tens of thousands,
                    // which the figures page lists, filtered to this category by `figures_url`.
                    let figures: Vec<&tera::Value> = term
                        .figures
                        .iter()
                        .filter(|&&f| all_figures.get(f).is_some_and(|v| v.key))
                        .take(theme.meta.defaults.term_figures)
                        .filter_map(|&f| figure_values.get(f))
                        .collect();
                    ctx.insert("figures", &figures);
                    let figures_url = (!term.figures.is_empty()).then(|| {
                        format!(
                            "figures/?category={}",
                            percent_encoding::utf8_percent_encode(&term.key, percent_encoding::NON_ALPHANUMERIC)
                        )
                    });
                    ctx.insert("figures_url", &figures_url);
                    let html = render("term.html", &ctx)?;
                    Ok((
                        OutFile::text(format!("{}index.html", term.path), html),
                        term.path.clone(),
                    ))
                })
                .collect::<Result<_>>()?;
            files.extend(term_pages.into_iter().map(|(file, path)| (file, (path, None))));
        }
        Ok(files)
    });
    for (file, page) in taxonomy_pages? {
        files.push(file);
        pages.push(page);
    }

    let mut ctx = page_context("timeline/", "timeline", "时间线", "按月份排列的全部事件");
    let months: Vec<MonthView> = site
        .timeline
        .iter()
        .map(|m| MonthView {
            key: &m.key,
            label: &m.label,
            events: m
                .events
                .iter()
                .map(|e| EventView {
                    date: &e.date,
                    label: &e.label,
                    text: &e.text,
                    link: format!("{}#{}", views[e.article].url, e.anchor),
                    article_title: &views[e.article].front.title,
                })
                .collect(),
        })
        .collect();
    ctx.insert("months", &months);
    ctx.insert("charts", &charts);
    files.push(OutFile::text("timeline/index.html", render("timeline.html", &ctx)?));
    pages.push(("timeline/".into(), None));

    let figures_page = figures_page?;
    files.push(figures_page);
    pages.push(("figures/".into(), None));

    let ctx = page_context("search/", "search", "搜索", "搜索全站文章");
    files.push(OutFile::text("search/index.html", render("search.html", &ctx)?));
    pages.push(("search/".into(), None));

    // Served for any missing path, at any depth: links from the server root.
    let mut ctx = page_context("", "404", "页面不存在", "");
    ctx.insert("root", &base);
    files.push(OutFile::text("404.html", render("404.html", &ctx)?));

    for chart in &site.charts {
        files.push(OutFile::text(format!("charts/{}.svg", chart.name), chart.svg.clone()));
    }
    files.push(OutFile::text(
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            absolute_url(&site.config, "sitemap.xml")
        ),
    ));
    Ok((Rendered { files, kept, keys }, pages))
}

/// An article's files: written, or kept from the last build; and the key they were made from.
struct ArticleFiles {
    key: String,
    files: Vec<OutFile>,
    kept: Vec<String>,
}

/// Where a page is and what it is, for `<link rel=canonical>`, Open Graph and body classes.
#[derive(Debug, Serialize)]
struct PageView {
    /// Site-relative, percent-encoded: `articles/x/`.
    path: String,
    /// index, article, taxonomy, term, timeline, figures, search, 404.
    kind: String,
    title: String,
    /// For `<meta name="description">` and Open Graph: the article's summary, else the site's.
    description: String,
    canonical: String,
}

#[derive(Debug, Serialize)]
struct TaxonomyView<'a> {
    name: &'a str,
    title: &'a str,
    url: &'a str,
}

#[derive(Debug, Serialize)]
struct MonthView<'a> {
    key: &'a str,
    label: &'a str,
    events: Vec<EventView<'a>>,
}

#[derive(Debug, Serialize)]
struct EventView<'a> {
    date: &'a str,
    label: &'a str,
    text: &'a str,
    /// The event's sentence, relative to the site root.
    link: String,
    article_title: &'a str,
}

/// The digest's headline figures: key figures taken from each article in turn (newest article
/// first), so one long article does not fill the row.
fn headline_figures<'v, 'a>(figures: &'v [FigureView<'a>], limit: usize) -> Vec<&'v FigureView<'a>> {
    let mut by_article: Vec<Vec<&FigureView>> = Vec::new();
    for f in figures.iter().filter(|f| f.key) {
        match by_article.iter_mut().find(|g| g[0].article_slug == f.article_slug) {
            Some(g) => g.push(f),
            None => by_article.push(vec![f]),
        }
    }
    let mut out = Vec::new();
    let mut round = 0;
    while out.len() < limit && by_article.iter().any(|g| g.len() > round) {
        out.extend(by_article.iter().filter_map(|g| g.get(round).copied()));
        round += 1;
    }
    out.truncate(limit);
    out
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

/// Columns of `data/figures.csv` and keys of `data/figures.json`, in order.
const FIGURE_COLUMNS: [&str; 14] = [
    "slug",
    "url",
    "article",
    "value",
    "unit",
    "qualifier",
    "subject",
    "category",
    "category_label",
    "date",
    "place",
    "text",
    "anchor",
    "key",
];

fn figure_record(f: &FigureView, site: &Site) -> [String; 14] {
    [
        f.article_slug.to_string(),
        absolute_url(&site.config, &f.link),
        f.article_title.to_string(),
        number_text(f.value),
        f.unit.to_string(),
        f.qualifier.unwrap_or_default().to_string(),
        f.subject.unwrap_or_default().to_string(),
        f.category.to_string(),
        f.category_label.to_string(),
        f.date.unwrap_or_default().to_string(),
        f.place.unwrap_or_default().to_string(),
        f.text.to_string(),
        f.anchor.to_string(),
        f.key.to_string(),
    ]
}

/// One row per figure, with the article's slug and the URL of the figure's sentence.
fn figures_csv(figures: &[FigureView], site: &Site) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = FIGURE_COLUMNS.join(",") + "\n";
    for f in figures {
        let record = figure_record(f, site);
        out.push_str(&record.iter().map(|s| field(s)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

/// The same rows as `figures.csv`, as JSON objects with typed values. Serialized from a typed
/// row rather than through `serde_json::Value`: on a site with a quarter of a million figures
/// building the values took more time than all the site's pages but one.
fn figures_json(figures: &[FigureView], site: &Site) -> Result<String> {
    #[derive(Serialize)]
    struct Row<'a> {
        slug: &'a str,
        url: String,
        article: &'a str,
        value: f64,
        unit: &'a str,
        qualifier: Option<&'a str>,
        subject: Option<&'a str>,
        category: &'a str,
        category_label: &'a str,
        date: Option<&'a str>,
        place: Option<&'a str>,
        text: &'a str,
        anchor: &'a str,
        key: bool,
    }
    let rows: Vec<Row> = figures
        .iter()
        .map(|f| Row {
            slug: f.article_slug,
            url: absolute_url(&site.config, &f.link),
            article: f.article_title,
            value: f.value,
            unit: f.unit,
            qualifier: f.qualifier,
            subject: f.subject,
            category: f.category,
            category_label: f.category_label,
            date: f.date,
            place: f.place,
            text: f.text,
            anchor: f.anchor,
            key: f.key,
        })
        .collect();
    let mut json = serde_json::to_string_pretty(&rows)?;
    json.push('\n');
    Ok(json)
}

/// A value as data: whole numbers without a decimal point.
fn number_text(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Atom feed of the newest articles with their summaries. Dates come from the articles, never
/// the clock, so the same input gives the same feed.
fn atom_feed(site: &Site, views: &[ArticleView]) -> String {
    let stamp = |d: Option<&str>| match d.and_then(DateValue::parse) {
        Some(DateValue {
            year: Some(y),
            month,
            day,
        }) => format!("{y:04}-{month:02}-{:02}T00:00:00Z", day.unwrap_or(1)),
        _ => "1970-01-01T00:00:00Z".to_string(),
    };
    let home = absolute_url(&site.config, "");
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    out.push_str(&xml_escape(&site.config.language));
    out.push_str("\">\n");
    out.push_str(&format!("  <title>{}</title>\n", xml_escape(&site.config.title)));
    if !site.config.description.is_empty() {
        out.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            xml_escape(&site.config.description)
        ));
    }
    out.push_str(&format!("  <link href=\"{}\"/>\n", xml_escape(&home)));
    out.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        xml_escape(&absolute_url(&site.config, "feed.xml"))
    ));
    out.push_str(&format!("  <id>{}</id>\n", xml_escape(&home)));
    let newest = views.iter().find_map(|v| v.front.date.as_deref());
    out.push_str(&format!("  <updated>{}</updated>\n", stamp(newest)));
    out.push_str("  <generator>jianbao</generator>\n");
    for v in views.iter().take(site.config.feed_limit.max(1)) {
        let url = absolute_url(&site.config, &v.url);
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml_escape(&v.front.title)));
        out.push_str(&format!("    <link href=\"{}\"/>\n", xml_escape(&url)));
        out.push_str(&format!("    <id>{}</id>\n", xml_escape(&url)));
        out.push_str(&format!("    <updated>{}</updated>\n", stamp(v.front.date.as_deref())));
        let authors: Vec<&String> = if v.front.authors.is_empty() {
            v.front.source.iter().collect()
        } else {
            v.front.authors.iter().collect()
        };
        for a in authors {
            out.push_str(&format!("    <author><name>{}</name></author>\n", xml_escape(a)));
        }
        for k in &v.front.keywords {
            out.push_str(&format!("    <category term=\"{}\"/>\n", xml_escape(k)));
        }
        out.push_str(&format!("    <summary>{}</summary>\n", xml_escape(&v.front.summary)));
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Every page, with its article's date as `lastmod` where it has one.
fn sitemap(site: &Site, pages: &[(String, Option<String>)]) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, date) in pages {
        out.push_str("  <url><loc>");
        out.push_str(&xml_escape(&absolute_url(&site.config, &crate::site::url_path(path))));
        out.push_str("</loc>");
        if let Some(d) = date
            .as_deref()
            .and_then(DateValue::parse)
            .filter(|d| d.year.is_some() && d.day.is_some())
        {
            out.push_str(&format!("<lastmod>{d}</lastmod>"));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Event, Figure};
    use crate::config::SiteConfig;

    fn article(path: &str, date: &str, body: &str, figures: Vec<Figure>) -> Article {
        Article {
            front: FrontMatter {
                title: format!("标题{path}"),
                date: Some(date.into()),
                summary: "一句摘要。".into(),
                places: vec!["醴陵市".into()],
                keywords: vec!["核酸检测".into()],
                figures,
                events: vec![Event {
                    date: date.into(),
                    text: "发生一件事".into(),
                    anchor: "p1".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            body: body.into(),
            source_path: path.into(),
            terms: vec![],
            fixed: vec![],
        }
    }

    fn figure(text: &str, anchor: &str, value: f64) -> Figure {
        Figure {
            value,
            unit: "名".into(),
            category: "people".into(),
            text: text.into(),
            anchor: anchor.into(),
            key: true,
            ..Default::default()
        }
    }

    fn sample_site(base_url: &str) -> Site {
        let config = SiteConfig {
            base_url: base_url.into(),
            ..SiteConfig::default()
        };
        let a = article(
            "a.txt",
            "2021-08-05",
            "共有2861名志愿者参加。\n\n另有近800名党员。\n",
            vec![
                figure("2861名", "p1", 2861.0),
                figure("800名", "p2", 800.0),
                figure("不在文中", "p2", 1.0),
            ],
        );
        let b = article(
            "b.txt",
            "2021-08-07",
            "一段话，含有\"引号\"与逗号。\n",
            vec![figure("一段", "p1", 1.0)],
        );
        crate::site::assemble(&config, vec![a, b], &Palette::default())
    }

    fn render_with(theme_name: &str, site_dir: Option<&Path>, site: &Site) -> Result<BTreeMap<String, String>> {
        let themes = Path::new(env!("CARGO_MANIFEST_DIR"));
        let theme = Theme::load(themes, theme_name)?;
        let tera = load_templates(&theme, site_dir)?;
        let files = render(site, &tera, &theme)?;
        Ok(files
            .into_iter()
            .map(|f| (f.path, String::from_utf8(f.bytes).unwrap()))
            .collect())
    }

    #[test]
    fn paths_and_dates_for_html() {
        for (path, root) in [
            ("", ""),
            ("tags/", "../"),
            ("articles/x/", "../../"),
            ("a/b/c/", "../../../"),
        ] {
            assert_eq!(root_of(path), root, "{path}");
        }
        for (date, attr) in [
            ("2021-08-07", "2021-08-07"),
            ("2021-08", "2021-08"),
            ("--08-07", "08-07"),
        ] {
            assert_eq!(html_datetime(date), attr);
        }
        let mut config = SiteConfig::default();
        assert_eq!(absolute_url(&config, "tags/"), "/tags/");
        config.base_url = "https://example.org/digest/".into();
        assert_eq!(absolute_url(&config, "tags/"), "https://example.org/digest/tags/");
    }

    #[test]
    fn both_themes_render_every_page() {
        let site = sample_site("/");
        for theme in ["default", "broadsheet"] {
            let files = render_with(theme, None, &site).unwrap();
            for page in [
                "index.html",
                "articles/a/index.html",
                "articles/a/index.md",
                "tags/index.html",
                "tags/核酸检测/index.html",
                "places/醴陵市/index.html",
                "categories/人员/index.html",
                "timeline/index.html",
                "figures/index.html",
                "search/index.html",
                "404.html",
                "feed.xml",
                "sitemap.xml",
                "robots.txt",
                "data/figures.csv",
                "data/figures.json",
                "data/articles.json",
            ] {
                assert!(files.contains_key(page), "{theme}: {page} missing");
            }
            let article = &files["articles/a/index.html"];
            assert!(article.contains("<html lang=\"zh-CN\">"), "{theme}");
            assert!(
                article.contains("<mark class=\"figure\" id=\"fig-1\">2861名</mark>"),
                "{theme}: figure words are marked"
            );
            assert!(
                article.contains("href=\"#fig-1\""),
                "{theme}: the sidebar links to the mark"
            );
            assert!(
                article.contains("href=\"#p2\""),
                "{theme}: an unmarked figure links to its paragraph"
            );
            assert!(
                article.contains("href=\"../../tags/%E6%A0%B8"),
                "{theme}: tags link relatively, encoded"
            );
            let index = &files["index.html"];
            let newer = index.find("标题b.txt").unwrap();
            let older = index.find("标题a.txt").unwrap();
            assert!(newer < older, "{theme}: newest first");
        }
    }

    #[test]
    fn feeds_and_data_files() {
        let site = sample_site("https://example.org/digest/");
        let files = render_with("default", None, &site).unwrap();
        let feed = &files["feed.xml"];
        assert_eq!(feed.matches("<entry>").count(), 2);
        assert!(
            feed.contains("<link href=\"https://example.org/digest/articles/b/\"/>"),
            "{feed}"
        );
        assert!(
            feed.contains("<updated>2021-08-07T00:00:00Z</updated>"),
            "newest article's date, not the clock"
        );
        assert!(
            files["sitemap.xml"]
                .contains("<loc>https://example.org/digest/tags/%E6%A0%B8%E9%85%B8%E6%A3%80%E6%B5%8B/</loc>")
        );
        assert!(files["robots.txt"].contains("Sitemap: https://example.org/digest/sitemap.xml"));
        let csv = &files["data/figures.csv"];
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], FIGURE_COLUMNS.join(","));
        assert_eq!(lines.len(), 1 + 4, "one row per figure");
        assert!(
            lines
                .iter()
                .any(|l| l.starts_with("a,https://example.org/digest/articles/a/#fig-1,标题a.txt,2861,名,")),
            "{csv}"
        );
        let json: serde_json::Value = serde_json::from_str(&files["data/figures.json"]).unwrap();
        assert_eq!(json.as_array().unwrap().len(), 4);
        assert_eq!(json[0]["slug"], "b");
        assert_eq!(json[1]["value"], 2861.0);
        let page = &files["articles/a/index.html"];
        assert!(page.contains("<link rel=\"canonical\" href=\"https://example.org/digest/articles/a/\">"));
    }

    #[test]
    fn pinyin_taxonomy_urls_when_asked() {
        let mut site = sample_site("/");
        let config = SiteConfig {
            taxonomy_urls: crate::config::TaxonomyUrls::Pinyin,
            ..SiteConfig::default()
        };
        let articles = site.articles.iter().map(|p| p.article.clone()).collect();
        site = crate::site::assemble(&config, articles, &Palette::default());
        let files = render_with("default", None, &site).unwrap();
        assert!(files.contains_key("tags/he-suan-jian-ce/index.html"));
        assert!(files.contains_key("places/li-ling-shi/index.html"));
        assert!(files["articles/a/index.html"].contains("href=\"../../tags/he-suan-jian-ce/\""));
    }

    #[test]
    fn site_templates_override_and_extend_the_theme() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(
            tmp.path().join("article.html"),
            "{% extends \"theme/article.html\" %}{% block og_type %}override-works{% endblock %}\
             {% block content %}<p class=\"notice\">自动整理稿</p>{{ super() }}{% endblock %}",
        )
        .unwrap();
        let files = render_with("default", Some(tmp.path()), &sample_site("/")).unwrap();
        let page = &files["articles/a/index.html"];
        assert!(page.contains("content=\"override-works\""));
        assert!(
            page.contains("<p class=\"notice\">自动整理稿</p>"),
            "the docs/themes.md example works"
        );
        assert!(page.contains("2861名</mark>"), "the rest of the theme's page is kept");
    }

    #[test]
    fn template_errors_name_the_file_line_and_column() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::write(tmp.path().join("index.html"), "<p>\n{% if %}\n").unwrap();
        let err = render_with("default", Some(tmp.path()), &sample_site("/"))
            .unwrap_err()
            .to_string();
        let expected = format!("{}:2:", tmp.path().join("index.html").display());
        assert!(err.contains(&expected), "{err}");
    }

    /// A qualifier is shown where the text prints it: 近 before the number, 余 and 多 between the
    /// number and its unit, 以上 and 左右 after the unit.
    #[test]
    fn qualifiers_stand_where_they_are_printed() {
        let cases = [
            ("近800名", Some("近"), "before"),
            ("超过36万元", Some("超过"), "before"),
            ("10万余户", Some("余"), "inside"),
            ("300多斤", Some("多"), "inside"),
            ("5%以上", Some("以上"), "after"),
            ("400公里左右", Some("左右"), "after"),
            ("2861名", None, "before"),
            ("100人", Some("约"), "before"),
        ];
        for (text, qualifier, at) in cases {
            assert_eq!(qualifier_at(text, qualifier), at, "{text}");
        }
    }

    #[test]
    fn headline_figures_take_turns_between_articles() {
        let site = sample_site("/");
        let files_marked = vec![vec![true; 3], vec![true; 3]];
        let views: Vec<FigureView> = site
            .figures
            .iter()
            .map(|r| figure_view(&site, r, &files_marked))
            .collect();
        let picked: Vec<&str> = headline_figures(&views, 3).iter().map(|f| f.text).collect();
        assert_eq!(picked, vec!["一段", "2861名", "800名"]);
        assert_eq!(headline_figures(&views, 1).len(), 1);
    }
}
