//! Site stage: collect every article into a site: slugs, ordering, charts, taxonomies (keywords,
//! places, figure categories), the timeline of events and the table of every figure.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rayon::prelude::*;
use serde::Serialize;

use crate::article::{Article, DateValue, Figure};
use crate::chart::{self, Chart, Palette};
use crate::config::{SiteConfig, TaxonomyUrls};

/// Built-in labels of figure categories: `code<TAB>label`, extendable with
/// `extend.category_labels` in site.yaml.
const CATEGORY_LABELS: &str = include_str!("site/categories.tsv");

/// An article with its place on the site.
#[derive(Debug, Clone, Serialize)]
pub struct Published {
    pub article: Article,
    pub slug: String,
    /// Path of its page relative to the site root: `articles/<slug>/`.
    pub path: String,
    pub charts: Vec<Chart>,
}

/// Everything the render stage needs.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    /// Newest first; articles without a date last, then by slug.
    pub articles: Vec<Published>,
    /// Site-wide charts, each named (`timeline`, `places`, `categories`, `keywords`) so pages
    /// can place them.
    pub charts: Vec<Chart>,
    /// Keywords, places and figure categories, in that order.
    pub taxonomies: Vec<Taxonomy>,
    /// Every event of every article, by month, oldest month first.
    pub timeline: Vec<TimelineMonth>,
    /// Every figure of every article, in article order then text order.
    pub figures: Vec<FigureRow>,
    /// Problems found while assembling (duplicate slugs renamed …).
    pub warnings: Vec<String>,
}

/// One way of grouping articles (keywords, places, categories) with its terms.
#[derive(Debug, Clone, Serialize)]
pub struct Taxonomy {
    /// Folder of its pages under the site root: `tags`, `places`, `categories`.
    pub name: String,
    /// Heading shown to readers.
    pub title: String,
    /// Terms by number of articles, most first, then by name.
    pub terms: Vec<Term>,
}

/// One keyword, place or category with what it groups.
#[derive(Debug, Clone, Serialize)]
pub struct Term {
    /// The term as readers see it: 核酸检测, 醴陵市, 人员.
    pub name: String,
    /// What it is stored as in front matter (the category code for categories).
    pub key: String,
    /// Folder of its page relative to the site root, as written on disk: `tags/核酸检测/`.
    pub path: String,
    /// The same path percent-encoded, for links: `tags/%E6%A0%B8…/`.
    pub url: String,
    /// Indexes into [`Site::articles`].
    pub articles: Vec<usize>,
    /// Indexes into [`Site::figures`] (only categories group figures).
    pub figures: Vec<usize>,
}

/// The events of one month on the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineMonth {
    /// `2021-08`, or `--08` when the year is unknown.
    pub key: String,
    /// `2021年8月`.
    pub label: String,
    pub events: Vec<TimelineEvent>,
}

/// One event, pointing at the sentence it came from.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    pub date: String,
    /// `8月7日` or `8月7日至8月9日`.
    pub label: String,
    pub text: String,
    /// Index into [`Site::articles`].
    pub article: usize,
    pub anchor: String,
}

/// One figure with the article it belongs to, for the figures table, the data files and the
/// category pages.
#[derive(Debug, Clone, Serialize)]
pub struct FigureRow {
    /// Index into [`Site::articles`].
    pub article: usize,
    /// Position of the figure in its article's `figures` (its page id is `fig-<index+1>`).
    pub index: usize,
    pub figure: Figure,
    /// Reader-facing label of the figure's category.
    pub category_label: String,
    /// The place the figure is about: the first of the article's places named in the figure's
    /// paragraph, else the article's first place.
    pub place: Option<String>,
}

/// Assigns unique slugs, orders the articles, draws the charts and groups the articles.
pub fn assemble(config: &SiteConfig, articles: Vec<Article>, palette: &Palette) -> Site {
    let mut warnings = Vec::new();
    let mut taken: BTreeMap<String, String> = BTreeMap::new();
    let mut published: Vec<Published> = articles
        .into_iter()
        .map(|article| {
            let wanted = article.front.slug.clone().map(|s| slugify(&s)).unwrap_or_else(|| default_slug(&article.source_path));
            let mut slug = wanted.clone();
            let mut n = 2;
            while let Some(owner) = taken.get(&slug) {
                if n == 2 {
                    warnings.push(format!(
                        "{}: slug `{wanted}` is already used by {owner}; using `{wanted}-2` and up. Set `slug:` in a sidecar to choose",
                        article.source_path
                    ));
                }
                slug = format!("{wanted}-{n}");
                n += 1;
            }
            taken.insert(slug.clone(), article.source_path.clone());
            Published { path: format!("articles/{slug}/"), slug, article, charts: Vec::new() }
        })
        .collect();
    published.sort_by(|a, b| {
        let da = a.article.front.date.as_deref();
        let db = b.article.front.date.as_deref();
        match (da, db) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        }
        .then_with(|| a.slug.cmp(&b.slug))
    });
    let units = chart::UnitFamilies::with_extensions(&config.extend);
    // Each article's charts depend on that article alone: draw them in parallel.
    published
        .par_iter_mut()
        .for_each(|p| p.charts = chart::article_charts_with_units(&p.slug, &p.article.front, palette, &units));
    let charts = chart::site_charts(published.iter().map(|p| &p.article), palette);
    let labels = category_labels(config);
    let figures = figure_rows(&published, &labels);
    let taxonomies = vec![
        taxonomy("tags", "关键词", config.taxonomy_urls, &published, |a| {
            a.front.keywords.clone()
        }),
        taxonomy("places", "地点", config.taxonomy_urls, &published, |a| {
            a.front.places.clone()
        }),
        category_taxonomy(config.taxonomy_urls, &figures),
    ];
    let timeline = timeline(&published);
    Site {
        config: config.clone(),
        articles: published,
        charts,
        taxonomies,
        timeline,
        figures,
        warnings,
    }
}

/// Category code → label: the built-in table, then the site's own labels over it.
pub fn category_labels(config: &SiteConfig) -> BTreeMap<String, String> {
    let mut labels: BTreeMap<String, String> = CATEGORY_LABELS
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(code, label)| (code.trim().to_string(), label.trim().to_string()))
        .collect();
    labels.extend(config.extend.category_labels.clone());
    labels
}

fn figure_rows(published: &[Published], labels: &BTreeMap<String, String>) -> Vec<FigureRow> {
    // Per article in parallel (each parses its own body), then joined in article order.
    let per_article: Vec<Vec<FigureRow>> = published
        .par_iter()
        .enumerate()
        .map(|(article, p)| {
            let mut rows = Vec::new();
            let doc = crate::markdown::to_doc(&p.article.body);
            let paragraphs: BTreeMap<String, &str> = doc.paragraphs().map(|(a, b)| (a, b.text.as_str())).collect();
            for (index, figure) in p.article.front.figures.iter().enumerate() {
                let paragraph = paragraphs.get(&figure.anchor).copied().unwrap_or("");
                let place = p
                    .article
                    .front
                    .places
                    .iter()
                    .find(|place| paragraph.contains(place.as_str()))
                    .or(p.article.front.places.first())
                    .cloned();
                rows.push(FigureRow {
                    article,
                    index,
                    category_label: labels
                        .get(&figure.category)
                        .cloned()
                        .unwrap_or_else(|| figure.category.clone()),
                    figure: figure.clone(),
                    place,
                });
            }
            rows
        })
        .collect();
    per_article.into_iter().flatten().collect()
}

/// Groups articles by the terms `terms_of` gives them.
fn taxonomy(
    name: &str,
    title: &str,
    urls: TaxonomyUrls,
    published: &[Published],
    terms_of: impl Fn(&Article) -> Vec<String>,
) -> Taxonomy {
    let mut groups: BTreeMap<String, BTreeSet<usize>> = BTreeMap::new();
    for (i, p) in published.iter().enumerate() {
        for term in terms_of(&p.article) {
            let term = term.trim().to_string();
            if !term.is_empty() {
                groups.entry(term).or_default().insert(i);
            }
        }
    }
    let terms = groups
        .into_iter()
        .map(|(term, articles)| (term.clone(), term, articles.into_iter().collect(), Vec::new()))
        .collect();
    finish_taxonomy(name, title, urls, terms)
}

/// Categories group figures, and through them the articles that have figures of the category.
fn category_taxonomy(urls: TaxonomyUrls, figures: &[FigureRow]) -> Taxonomy {
    let mut groups: BTreeMap<String, (String, BTreeSet<usize>, Vec<usize>)> = BTreeMap::new();
    for (i, row) in figures.iter().enumerate() {
        let entry = groups
            .entry(row.figure.category.clone())
            .or_insert_with(|| (row.category_label.clone(), BTreeSet::new(), Vec::new()));
        entry.1.insert(row.article);
        entry.2.push(i);
    }
    let terms = groups
        .into_iter()
        .map(|(code, (label, articles, figs))| (label, code, articles.into_iter().collect(), figs))
        .collect();
    finish_taxonomy("categories", "类别", urls, terms)
}

/// Gives each term a unique URL and orders terms by size.
fn finish_taxonomy(
    name: &str,
    title: &str,
    urls: TaxonomyUrls,
    terms: Vec<(String, String, Vec<usize>, Vec<usize>)>,
) -> Taxonomy {
    let mut taken = BTreeSet::new();
    let mut out: Vec<Term> = terms
        .into_iter()
        .map(|(term, key, articles, figures)| {
            let wanted = term_slug(&term, urls);
            let mut slug = wanted.clone();
            let mut n = 2;
            while !taken.insert(slug.clone()) {
                slug = format!("{wanted}-{n}");
                n += 1;
            }
            let path = format!("{name}/{slug}/");
            Term {
                url: url_path(&path),
                path,
                name: term,
                key,
                articles,
                figures,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (b.articles.len(), b.figures.len())
            .cmp(&(a.articles.len(), a.figures.len()))
            .then_with(|| a.name.cmp(&b.name))
    });
    Taxonomy {
        name: name.into(),
        title: title.into(),
        terms: out,
    }
}

/// A term's slug: the term itself (percent-encoded on the wire), or its toneless pinyin with
/// syllables joined by `-` when the site asks for ASCII URLs.
pub fn term_slug(term: &str, urls: TaxonomyUrls) -> String {
    match urls {
        TaxonomyUrls::Encoded => slugify(term),
        TaxonomyUrls::Pinyin => {
            use pinyin::ToPinyin;
            let mut spelled = String::new();
            for (c, py) in term.chars().zip(term.to_pinyin()) {
                match py {
                    Some(py) => {
                        spelled.push(' ');
                        spelled.push_str(py.plain());
                        spelled.push(' ');
                    }
                    None => spelled.push(c),
                }
            }
            slugify(&spelled)
        }
    }
}

/// Characters left as they are in a URL path segment; everything else (CJK included) is
/// percent-encoded as UTF-8.
const PATH_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');

/// Percent-encodes each segment of a site-relative path, keeping the `/` between them.
pub fn url_path(path: &str) -> String {
    path.split('/')
        .map(|seg| utf8_percent_encode(seg, PATH_SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/")
}

fn timeline(published: &[Published]) -> Vec<TimelineMonth> {
    let mut months: BTreeMap<String, Vec<(DateValue, TimelineEvent)>> = BTreeMap::new();
    for (i, p) in published.iter().enumerate() {
        for event in &p.article.front.events {
            let Some(date) = DateValue::parse(&event.date) else {
                continue;
            };
            let month = DateValue { day: None, ..date };
            let mut label = date.to_chinese(false);
            if let Some(end) = event.end.as_deref().and_then(DateValue::parse) {
                label = format!("{label}至{}", end.to_chinese(false));
            }
            months.entry(month.to_string()).or_default().push((
                date,
                TimelineEvent {
                    date: event.date.clone(),
                    label,
                    text: event.text.clone(),
                    article: i,
                    anchor: event.anchor.clone(),
                },
            ));
        }
    }
    // Months with a known year first in calendar order; yearless ones (`--08`) after them.
    let mut out: Vec<TimelineMonth> = months
        .into_iter()
        .map(|(key, mut events)| {
            events.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.article.cmp(&b.1.article)));
            let month = DateValue::parse(&format!("{key}-01"));
            let label = month
                .map(|m| DateValue { day: None, ..m }.to_chinese(true))
                .unwrap_or_else(|| key.clone());
            TimelineMonth {
                label: if key.starts_with("--") {
                    format!("{label}（年份不详）")
                } else {
                    label
                },
                key,
                events: events.into_iter().map(|(_, e)| e).collect(),
            }
        })
        .collect();
    out.sort_by_key(|m| (m.key.starts_with("--"), m.key.clone()));
    out
}

/// The default slug: the content file's stem (stories of a split page carry their own slug).
fn default_slug(source_path: &str) -> String {
    let stem = source_path.rsplit('/').next().unwrap_or(source_path);
    let stem = stem.rsplit_once('.').map(|(s, _)| s).unwrap_or(stem);
    slugify(stem)
}

/// A URL-safe slug: ASCII letters and digits lowercased, CJK and other letters kept (they are
/// percent-encoded on the wire), everything else collapsed to `-`.
pub fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "article".into() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Event, FrontMatter};

    fn article(path: &str, date: Option<&str>, slug: Option<&str>) -> Article {
        Article {
            front: FrontMatter {
                date: date.map(String::from),
                slug: slug.map(String::from),
                ..Default::default()
            },
            body: String::new(),
            source_path: path.into(),
            terms: vec![],
            fixed: vec![],
        }
    }

    fn figure(category: &str, text: &str, anchor: &str) -> Figure {
        Figure {
            value: 1.0,
            unit: "名".into(),
            category: category.into(),
            text: text.into(),
            anchor: anchor.into(),
            ..Default::default()
        }
    }

    #[test]
    fn slugs_are_unique_and_articles_newest_first() {
        let site = assemble(
            &SiteConfig::default(),
            vec![
                article("a/x.txt", Some("2021-01-01"), None),
                article("b/x.txt", Some("2022-01-01"), None),
                article("c.txt", None, Some("My Story!")),
            ],
            &Palette::default(),
        );
        let slugs: Vec<&str> = site.articles.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, vec!["x-2", "x", "my-story"]);
        assert_eq!(site.warnings.len(), 1);
        assert!(site.warnings[0].contains("b/x.txt"));
    }

    #[test]
    fn slugify_keeps_chinese() {
        assert_eq!(slugify("疫情 大考/2021"), "疫情-大考-2021");
        assert_eq!(slugify("***"), "article");
    }

    #[test]
    fn term_urls_are_encoded_or_pinyin() {
        for (term, urls, slug) in [
            ("核酸检测", TaxonomyUrls::Encoded, "核酸检测"),
            ("核酸检测", TaxonomyUrls::Pinyin, "he-suan-jian-ce"),
            ("N95口罩", TaxonomyUrls::Pinyin, "n95-kou-zhao"),
            ("COVID 19", TaxonomyUrls::Pinyin, "covid-19"),
        ] {
            assert_eq!(term_slug(term, urls), slug, "{term}");
        }
        assert_eq!(url_path("tags/核酸/"), "tags/%E6%A0%B8%E9%85%B8/");
        assert_eq!(url_path("tags/a-b_c.d/"), "tags/a-b_c.d/");
    }

    #[test]
    fn taxonomies_group_articles_and_figures() {
        let mut a = article("a.txt", Some("2021-08-01"), None);
        a.front.keywords = vec!["核酸检测".into(), "志愿者".into()];
        a.front.places = vec!["株洲市".into(), "醴陵市".into()];
        a.body = "甲地的事。\n\n醴陵市有3名志愿者。\n".into();
        a.front.figures = vec![figure("people", "3名", "p2"), figure("vaccines", "9剂", "p1")];
        let mut b = article("b.txt", Some("2021-08-02"), None);
        b.front.keywords = vec!["核酸检测".into()];
        let mut config = SiteConfig::default();
        config.extend.category_labels.insert("vaccines".into(), "疫苗".into());
        let site = assemble(&config, vec![a, b], &Palette::default());
        let tags = &site.taxonomies[0];
        assert_eq!(tags.name, "tags");
        assert_eq!(tags.terms[0].name, "核酸检测", "the term of two articles first");
        assert_eq!(tags.terms[0].articles, vec![0, 1]);
        assert_eq!(tags.terms[1].articles, vec![1], "a.txt is older, so second");
        let places: Vec<&str> = site.taxonomies[1].terms.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(places, vec!["株洲市", "醴陵市"]);
        let categories = &site.taxonomies[2];
        let labels: Vec<(&str, &str)> = categories
            .terms
            .iter()
            .map(|t| (t.name.as_str(), t.key.as_str()))
            .collect();
        assert_eq!(labels, vec![("人员", "people"), ("疫苗", "vaccines")]);
        assert_eq!(
            site.figures[0].place.as_deref(),
            Some("醴陵市"),
            "the place named in its paragraph"
        );
        assert_eq!(
            site.figures[1].place.as_deref(),
            Some("株洲市"),
            "else the article's first place"
        );
    }

    #[test]
    fn timeline_groups_events_by_month_with_yearless_last() {
        let mut a = article("a.txt", Some("2021-08-01"), None);
        a.front.events = ["2021-08-07", "--07-01", "2021-07-29", "not a date", "2021-08-02"]
            .iter()
            .map(|d| Event {
                date: d.to_string(),
                text: format!("事件{d}"),
                anchor: "p1".into(),
                ..Default::default()
            })
            .collect();
        let site = assemble(&SiteConfig::default(), vec![a], &Palette::default());
        let months: Vec<(&str, usize)> = site.timeline.iter().map(|m| (m.key.as_str(), m.events.len())).collect();
        assert_eq!(months, vec![("2021-07", 1), ("2021-08", 2), ("--07", 1)]);
        assert_eq!(site.timeline[1].label, "2021年8月");
        assert_eq!(site.timeline[1].events[0].label, "8月2日");
        assert!(site.timeline[2].label.contains("年份不详"));
    }
}
