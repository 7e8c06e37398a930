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
//!
//! Pagefind cannot update an index, so a large site's index is built in parts (see [`shards`]):
//! a rebuild after an edit re-indexes one part and takes the others from the cache. The search
//! page loads the first part and merges the others named in `pagefind/jianbao-search.json`.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Component, Path};

use anyhow::{Result, anyhow};
use sha2::{Digest, Sha256};

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

/// One part of the index: a pagefind bundle of its own, merged with the others in the browser.
/// Articles go to parts by a hash of their URL, so an edit changes one part and leaves the
/// others' files (and their cached copies) as they were.
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    /// The part's number among all parts (its bucket of the hash); fixes its folder.
    pub number: usize,
    pub records: Vec<SearchRecord>,
}

/// Where the index's manifest is written: the folders of the parts besides the first, and the
/// sort date of every result (see [`manifest`]).
pub const MANIFEST: &str = "pagefind/jianbao-search.json";

/// Splits the records into parts of about `per_shard` articles. The number of parts is a power
/// of two, so it changes only when the site doubles or halves, and a record's part depends on
/// its URL alone. Parts left empty are dropped; the first part goes to `pagefind/`.
pub fn shards(records: Vec<SearchRecord>, per_shard: usize) -> Vec<Shard> {
    let count = records.len().div_ceil(per_shard.max(1)).max(1).next_power_of_two();
    let mut parts: Vec<Shard> = (0..count)
        .map(|number| Shard {
            number,
            records: Vec::new(),
        })
        .collect();
    for r in records {
        let digest = Sha256::digest(r.url.as_bytes());
        let bucket = u64::from_le_bytes(digest[..8].try_into().unwrap_or_default()) % count as u64;
        parts[bucket as usize].records.push(r);
    }
    parts.retain(|p| !p.records.is_empty());
    parts
}

/// The output folder of a part: the first (primary) part is `pagefind/`, the bundle a theme's
/// search script loads; the others are merged into it from `pagefind/shards/N/`.
pub fn shard_folder(shards: &[Shard], shard: &Shard) -> String {
    if shards.first().is_some_and(|first| first.number == shard.number) {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/shards/{}", shard.number)
    }
}

/// Builds the whole index of a site, every part and the manifest, paths under `pagefind/`.
pub fn index(site: &Site, per_shard: usize) -> Result<Vec<OutFile>> {
    index_parts(&shards(records(site), per_shard), |part| {
        index_records(part.records.clone())
    })
}

/// The index files of these parts, each in its folder, and the manifest. `bundle_of` gives a
/// part's pagefind bundle (paths relative to it): built by [`index_records`], or stored.
pub fn index_parts(parts: &[Shard], mut bundle_of: impl FnMut(&Shard) -> Result<Vec<OutFile>>) -> Result<Vec<OutFile>> {
    let mut files = Vec::new();
    for part in parts {
        let folder = shard_folder(parts, part);
        let primary = folder == BUNDLE_DIR;
        files.extend(place_shard(&folder, primary, bundle_of(part)?));
    }
    if !parts.is_empty() {
        files.push(manifest(parts, &files)?);
    }
    Ok(files)
}

/// A part's files, paths relative to its bundle, moved into `folder`. A merged part is only
/// data: the browser runs every part with the primary part's script and WebAssembly, so the
/// scripts and styles of pagefind's own UIs are left out of it.
pub fn place_shard(folder: &str, primary: bool, files: Vec<OutFile>) -> Vec<OutFile> {
    files
        .into_iter()
        .filter(|f| {
            primary
                || f.path == "pagefind-entry.json"
                || f.path.ends_with(".pf_meta")
                || ["index/", "fragment/", "filter/", "wasm."]
                    .iter()
                    .any(|p| f.path.starts_with(p))
        })
        .map(|f| OutFile {
            path: format!("{folder}/{}", f.path),
            bytes: f.bytes,
        })
        .collect()
}

/// `pagefind/jianbao-search.json`: `shards`, the folders (relative to `pagefind/`) the search
/// page merges into the first part; `dates`, each result's sort date by pagefind's id for it;
/// `parts`, the part of each result outside the first (1 for the first folder of `shards`).
/// Pagefind orders merged results by score alone, whatever sort was asked for; with the dates
/// the page can still list results newest first across parts without loading every result.
/// And a part that lacks a query word answers with the words of its longest prefix (pagefind's
/// fallback for a miss), which one whole index would not: with `parts` the page can check one
/// result per part and drop the parts that did not find the words asked for.
/// The ids are only known once pagefind has written the fragments (an id is the name of the
/// fragment, whose first line names the URL), so they are read back from them here.
pub fn manifest(parts: &[Shard], files: &[OutFile]) -> Result<OutFile> {
    let date_of: BTreeMap<&str, &str> = parts
        .iter()
        .flat_map(|p| &p.records)
        .map(|r| (r.url.as_str(), r.sort.get("date").map_or("", String::as_str)))
        .collect();
    let folders: Vec<String> = parts
        .iter()
        .map(|p| format!("{}/fragment/", shard_folder(parts, p)))
        .collect();
    let mut dates = BTreeMap::new();
    let mut part_of = BTreeMap::new();
    for f in files.iter().filter(|f| f.path.contains("/fragment/")) {
        let part = folders
            .iter()
            .position(|folder| f.path.starts_with(folder.as_str()))
            .unwrap_or(0);
        let Some(name) = f.path.rsplit('/').next().and_then(|n| n.strip_suffix(".pf_fragment")) else {
            continue;
        };
        let pages = fragment_pages(name, &f.bytes).ok_or_else(|| anyhow!("search index: cannot read {}", f.path))?;
        for (id, url) in pages {
            if let Some(date) = date_of.get(url.as_str()) {
                dates.insert(id.clone(), date.to_string());
            }
            if part > 0 {
                part_of.insert(id, part);
            }
        }
    }
    let shards: Vec<String> = parts
        .iter()
        .skip(1)
        .map(|p| {
            format!(
                "{}/",
                shard_folder(parts, p).trim_start_matches(&format!("{BUNDLE_DIR}/"))
            )
        })
        .collect();
    let json = serde_json::json!({ "shards": shards, "dates": dates, "parts": part_of });
    Ok(OutFile::text(MANIFEST, serde_json::to_string(&json)? + "\n"))
}

/// The pages of a pagefind fragment file, as (id, URL). A fragment is a gzip file holding
/// `pagefind_dcd` and the page's JSON, named by the page's id; a fragment group (pagefind's
/// `max_fragments` option) holds a JSON map from page id to page.
fn fragment_pages(name: &str, gz: &[u8]) -> Option<Vec<(String, String)>> {
    #[derive(serde::Deserialize)]
    struct Page {
        url: String,
    }
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(gz).read_to_end(&mut text).ok()?;
    let json = text.strip_prefix(b"pagefind_dcd")?;
    if name.contains("_group_") {
        let group: BTreeMap<String, Page> = serde_json::from_slice(json).ok()?;
        Some(group.into_iter().map(|(id, p)| (id, p.url)).collect())
    } else {
        let page: Page = serde_json::from_slice(json).ok()?;
        Some(vec![(name.to_string(), page.url)])
    }
}

/// Builds the pagefind bundle of these records (one part, see [`shards`]) and returns its files,
/// paths relative to the bundle folder. The files depend on the records alone, which is what
/// lets a rebuild reuse them.
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
            Some(OutFile {
                path: bundle_relative(&f.filename)?,
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
        let files = index(&site(), 100).expect("index builds");
        let paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.contains(&"pagefind/pagefind.js"), "{paths:?}");
        assert!(paths.contains(&"pagefind/pagefind-entry.json"), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/fragment/")), "{paths:?}");
        assert!(paths.iter().any(|p| p.starts_with("pagefind/filter/")), "{paths:?}");
        let entry = files.iter().find(|f| f.path == "pagefind/pagefind-entry.json").unwrap();
        assert!(String::from_utf8_lossy(&entry.bytes).contains("\"zh\""));
        let manifest = files.iter().find(|f| f.path == MANIFEST).expect("a manifest");
        let manifest: serde_json::Value = serde_json::from_slice(&manifest.bytes).unwrap();
        assert_eq!(manifest["shards"], serde_json::json!([]), "one part, nothing to merge");
        let dates = manifest["dates"].as_object().unwrap();
        assert_eq!(dates.len(), 1, "{dates:?}");
        let (id, date) = dates.iter().next().unwrap();
        assert_eq!(date, "2021-08-05");
        assert!(
            paths.contains(&format!("pagefind/fragment/{id}.pf_fragment").as_str()),
            "{id} {paths:?}"
        );
    }

    fn record(url: &str) -> SearchRecord {
        SearchRecord {
            url: url.into(),
            content: format!("{url} 的正文"),
            meta: BTreeMap::new(),
            filters: BTreeMap::new(),
            sort: BTreeMap::from([("date".to_string(), "2022-01-01".to_string())]),
        }
    }

    #[test]
    fn parts_depend_on_each_url_alone_and_double_with_the_site() {
        let urls: Vec<String> = (0..300).map(|i| format!("/articles/{i}/")).collect();
        let parts = shards(urls.iter().map(|u| record(u)).collect(), 100);
        assert_eq!(parts.len(), 4, "300 articles at 100 a part: the next power of two");
        assert_eq!(parts.iter().map(|p| p.records.len()).sum::<usize>(), 300);
        assert!(
            parts.iter().all(|p| p.records.len() > 40),
            "the hash spreads the articles"
        );
        // One more article, or one fewer, moves no other article to another part.
        let part_of = |parts: &[Shard], url: &str| {
            parts
                .iter()
                .find(|p| p.records.iter().any(|r| r.url == url))
                .map(|p| p.number)
        };
        let more = shards(
            urls.iter()
                .map(|u| record(u))
                .chain([record("/articles/new/")])
                .collect(),
            100,
        );
        let fewer = shards(urls[1..].iter().map(|u| record(u)).collect(), 100);
        for url in &urls[1..] {
            assert_eq!(part_of(&parts, url), part_of(&more, url), "{url}");
            assert_eq!(part_of(&parts, url), part_of(&fewer, url), "{url}");
        }
        assert_eq!(shards(urls[..5].iter().map(|u| record(u)).collect(), 100).len(), 1);
        assert!(shards(Vec::new(), 100).is_empty());
    }

    #[test]
    fn merged_parts_hold_only_data_and_the_manifest_lists_them() {
        let records: Vec<SearchRecord> = (0..6).map(|i| record(&format!("/articles/{i}/"))).collect();
        let parts = shards(records, 2);
        assert!(parts.len() > 1, "{}", parts.len());
        let mut files = Vec::new();
        for part in &parts {
            let folder = shard_folder(&parts, part);
            files.extend(place_shard(
                &folder,
                folder == BUNDLE_DIR,
                index_records(part.records.clone()).unwrap(),
            ));
        }
        let manifest = manifest(&parts, &files).unwrap();
        let manifest: serde_json::Value = serde_json::from_slice(&manifest.bytes).unwrap();
        let listed: Vec<&str> = manifest["shards"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert_eq!(listed.len(), parts.len() - 1);
        for folder in &listed {
            let prefix = format!("pagefind/{folder}");
            assert!(
                files.iter().any(|f| f.path == format!("{prefix}pagefind-entry.json")),
                "{prefix}"
            );
            assert!(
                !files
                    .iter()
                    .any(|f| f.path.starts_with(&prefix) && f.path.ends_with(".js")),
                "{prefix} has scripts"
            );
        }
        assert!(files.iter().any(|f| f.path == "pagefind/pagefind.js"));
        assert_eq!(
            manifest["dates"].as_object().unwrap().len(),
            6,
            "every article has its date"
        );
    }
}
