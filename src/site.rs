//! Site stage: collect every article into a site: slugs, ordering, charts.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::article::Article;
use crate::chart::{self, Chart, Palette};
use crate::config::SiteConfig;

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
    pub charts: Vec<Chart>,
    /// Problems found while assembling (duplicate slugs renamed …).
    pub warnings: Vec<String>,
}

/// Assigns unique slugs, orders the articles and draws the charts.
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
    for p in &mut published {
        p.charts = chart::article_charts(&p.slug, &p.article.front, palette);
    }
    Site {
        config: config.clone(),
        articles: published,
        charts: Vec::new(),
        warnings,
    }
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
    use crate::article::FrontMatter;

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
}
