//! Search stage: a pagefind index of every article, built in-process with pagefind's Rust API
//! and written under `output/pagefind/`, next to the theme's `search.js` that queries it.
//!
//! Each article is one custom record (its title, summary, headings and paragraphs as plain
//! text) rather than its rendered page, so a theme's templates cannot break search, and the
//! filters (place, keyword, category) and the date sort come from the front matter itself.
//! Records are marked `zh`, so pagefind's extended build segments the Chinese into words with
//! ICU's dictionary segmenter, which also splits numbers from the Chinese around them and keeps
//! decimals whole (`2861名` → `2861` `名`; `531.94亿元` → `531.94` …): words and numbers are both
//! findable, which the browser suite checks (`核酸检测`, `志愿者`, `2861`, `531.94`). The text
//! is indexed as written, so excerpts read like the article.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use anyhow::{Result, anyhow};

use crate::output::OutFile;
use crate::site::Site;

/// Folder of the index under the output root; `search.js` loads `pagefind/pagefind.js`.
pub const BUNDLE_DIR: &str = "pagefind";

/// One article as pagefind receives it.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRecord {
    /// Path from the site root, percent-encoded, starting with `/` (pagefind joins it to the
    /// page's base URL at search time).
    pub url: String,
    pub content: String,
    pub meta: BTreeMap<String, String>,
    pub filters: BTreeMap<String, Vec<String>>,
    pub sort: BTreeMap<String, String>,
}

/// The records to index, one per article, in site order.
pub fn records(site: &Site) -> Vec<SearchRecord> {
    // Grouped in one pass: looking up each article's figures in the site's list was quadratic.
    let mut categories_of: Vec<Vec<String>> = vec![Vec::new(); site.articles.len()];
    for r in &site.figures {
        if let Some(list) = categories_of.get_mut(r.article) {
            list.push(r.category_label.clone());
        }
    }
    site.articles
        .iter()
        .zip(categories_of)
        .map(|(p, mut categories)| {
            let front = &p.article.front;
            let doc = crate::markdown::to_doc(&p.article.body);
            let mut content = vec![front.title.clone(), front.summary.clone()];
            content.extend(doc.blocks.iter().map(|b| b.text.clone()));
            let content = content
                .iter()
                .filter(|t| !t.trim().is_empty())
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join("\n");
            let mut meta = BTreeMap::from([("title".to_string(), front.title.clone())]);
            if let Some(d) = &front.date {
                meta.insert("date".into(), d.clone());
            }
            if let Some(s) = &front.source {
                meta.insert("source".into(), s.clone());
            }
            categories.sort();
            categories.dedup();
            let mut filters = BTreeMap::new();
            for (name, values) in [
                ("place", front.places.clone()),
                ("keyword", front.keywords.clone()),
                ("category", categories),
            ] {
                if !values.is_empty() {
                    filters.insert(name.to_string(), values);
                }
            }
            // Undated articles sort last under "newest first".
            let sort = BTreeMap::from([(
                "date".to_string(),
                front.date.clone().unwrap_or_else(|| "0000-00-00".into()),
            )]);
            SearchRecord {
                url: format!("/{}", crate::site::url_path(&p.path)),
                content,
                meta,
                filters,
                sort,
            }
        })
        .collect()
}

/// Builds the index of every article and returns its files, paths under `pagefind/`.
pub fn index(site: &Site) -> Result<Vec<OutFile>> {
    index_records(records(site))
}

/// Builds the index of these records (see [`records`]) and returns its files, paths under
/// `pagefind/`. The files depend on the records alone, which is what lets a rebuild reuse them.
pub fn index_records(records: Vec<SearchRecord>) -> Result<Vec<OutFile>> {
    if records.is_empty() {
        return Ok(Vec::new());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| anyhow!("search index: cannot start the async runtime: {e}"))?;
    let files = runtime.block_on(async move {
        let options = pagefind::options::PagefindServiceConfig::builder()
            .force_language("zh".to_string())
            .build();
        let mut index = pagefind::api::PagefindIndex::new(Some(options))?;
        for r in records {
            let url = r.url.clone();
            index
                .add_custom_record(
                    r.url,
                    r.content,
                    "zh".into(),
                    Some(r.meta),
                    Some(r.filters),
                    Some(r.sort),
                )
                .await
                .map_err(|e| anyhow!("search index: {url}: {e}"))?;
        }
        index.get_files().await
    })?;
    Ok(files
        .into_iter()
        .filter_map(|f| {
            let rel = bundle_relative(&f.filename)?;
            Some(OutFile {
                path: format!("{BUNDLE_DIR}/{rel}"),
                bytes: f.contents,
            })
        })
        .collect())
}

/// The part of a pagefind output path below its bundle folder: pagefind names in-memory files
/// relative to the bundle (`fragment/…`), or, in other versions, under `<cwd>/pagefind/`.
fn bundle_relative(path: &Path) -> Option<String> {
    let parts: Vec<&str> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    let below = match parts[..parts.len().saturating_sub(1)]
        .iter()
        .rposition(|p| *p == BUNDLE_DIR)
    {
        Some(dir) => &parts[dir + 1..],
        None if path.is_relative() => &parts[..],
        None => return None,
    };
    let rel = below.join("/");
    (!rel.is_empty()).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::{Article, Figure, FrontMatter};
    use crate::chart::Palette;
    use crate::config::SiteConfig;

    #[test]
    fn bundle_paths_are_taken_below_the_pagefind_folder() {
        for (path, rel) in [
            ("/work/site/pagefind/pagefind.js", Some("pagefind.js")),
            (
                "pagefind/fragment/zh_abc.pf_fragment",
                Some("fragment/zh_abc.pf_fragment"),
            ),
            ("/a/pagefind/b/pagefind/index/x.pf_index", Some("index/x.pf_index")),
            ("fragment/zh_1.pf_fragment", Some("fragment/zh_1.pf_fragment")),
            ("/a/other/x.js", None),
        ] {
            assert_eq!(bundle_relative(Path::new(path)).as_deref(), rel, "{path}");
        }
    }

    fn site() -> Site {
        let article = Article {
            front: FrontMatter {
                title: "全市核酸检测".into(),
                date: Some("2021-08-05".into()),
                places: vec!["醴陵市".into()],
                keywords: vec!["核酸检测".into()],
                figures: vec![Figure {
                    value: 2861.0,
                    unit: "人".into(),
                    category: "testing".into(),
                    text: "2861人".into(),
                    anchor: "p1".into(),
                    ..Default::default()
                }],
                ..Default::default()
            },
            body: "志愿者为2861人完成核酸检测，投入531.94万元。\n".into(),
            source_path: "a.txt".into(),
            terms: vec![],
            fixed: vec![],
        };
        crate::site::assemble(&SiteConfig::default(), vec![article], &Palette::default())
    }

    #[test]
    fn records_carry_text_filters_and_date() {
        let records = records(&site());
        assert_eq!(records.len(), 1);
        let r = &records[0];
        assert_eq!(r.url, "/articles/a/");
        assert!(r.content.contains("志愿者为2861人完成核酸检测"), "{}", r.content);
        assert!(
            r.content.starts_with("全市核酸检测\n"),
            "the title is indexed too: {}",
            r.content
        );
        assert_eq!(r.filters["place"], vec!["醴陵市"]);
        assert_eq!(r.filters["category"], vec!["检测"]);
        assert_eq!(r.sort["date"], "2021-08-05");
        assert_eq!(r.meta["title"], "全市核酸检测");
    }

    #[test]
    fn the_index_is_written_under_pagefind() {
        let files = index(&site()).expect("index builds");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/filter/")), "{paths:?}");
        let entry = files.iter().find(|f| f.path == "pagefind/pagefind-entry.json").unwrap();
        assert!(String::from_utf8_lossy(&entry.bytes).contains("\"zh\""));
    }
}
