//! The article cache: the per-article stages (load, clean, extract) are the expensive part of a
//! build and depend only on one content file, its sidecar, a few settings and the tool itself.
//! Their result is kept on disk in `.jianbao/cache/` beside `site.yaml`, one JSON file per
//! content file, named by a SHA-256 of everything the result depends on. A rebuild then redoes
//! only the files whose key changed. An entry that cannot be read or parsed is treated as absent,
//! never trusted: the cache can always be deleted.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::article::Article;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::OutFile;
use crate::search::SearchRecord;

/// Where the cache lives, relative to the site folder.
pub const CACHE_DIR: &str = ".jianbao/cache";

/// Where the stamps of finished builds live, relative to the site folder (one per output folder).
pub const STAMP_DIR: &str = ".jianbao/stamps";

/// Where the files of the last search index are kept, relative to the site folder.
pub const SEARCH_DIR: &str = ".jianbao/search";

/// First bytes of a stored search index, so another file is never read as one.
const SEARCH_MAGIC: &[u8] = b"jianbao-search-index 1\n";

/// Identifies this build of the tool: its version and a hash of its sources, so a cache written
/// by another build (with other tables or rules) is never used.
pub const TOOL_ID: &str = concat!(env!("CARGO_PKG_VERSION"), "+", env!("JIANBAO_BUILD_ID"));

/// Settings of `site.yaml` that only shape the site as a whole, never one article's text,
/// front matter or figures. Every other setting, including ones added later, is part of the
/// key: an unknown setting invalidates the cache rather than risk a stale article.
const SITE_ONLY_SETTINGS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "theme",
    "content_dir",
    "output_dir",
    "taxonomy_urls",
    "feed_limit",
    "search_shard_articles",
];

/// The on-disk cache of processed articles.
#[derive(Debug, Clone)]
pub struct ArticleCache {
    dir: PathBuf,
    stamps: PathBuf,
    search: PathBuf,
    /// The settings part of every key, computed once per build.
    settings: String,
}

/// One cached content file: the articles it produced, with the fields `Article` does not
/// publish (`terms`, `fixed`) kept beside each one.
#[derive(Debug, Serialize, Deserialize)]
struct CacheEntry {
    tool: String,
    articles: Vec<CachedArticle>,
}

#[derive(Debug, Serialize, Deserialize)]
struct CachedArticle {
    article: Article,
    terms: Vec<(String, u32)>,
    fixed: Vec<String>,
}

impl ArticleCache {
    /// The cache of the site whose `site.yaml` is in `site_dir`, for this configuration.
    pub fn new(site_dir: &Path, config: &SiteConfig) -> ArticleCache {
        ArticleCache {
            dir: site_dir.join(CACHE_DIR),
            stamps: site_dir.join(STAMP_DIR),
            search: site_dir.join(SEARCH_DIR),
            settings: settings_fingerprint(config),
        }
    }

    /// The key of one content file: its path (articles carry it), its bytes, its sidecar's
    /// bytes, the relevant settings and the tool id.
    pub fn key(&self, rel_path: &str, bytes: &[u8], sidecar: Option<&[u8]>) -> String {
        let mut h = Sha256::new();
        for part in [TOOL_ID.as_bytes(), self.settings.as_bytes(), rel_path.as_bytes(), bytes] {
            // Length-prefixed, so no two different inputs concatenate to the same stream.
            h.update((part.len() as u64).to_le_bytes());
            h.update(part);
        }
        match sidecar {
            Some(s) => {
                h.update([1]);
                h.update((s.len() as u64).to_le_bytes());
                h.update(s);
            }
            None => h.update([0]),
        }
        h.finalize().iter().map(|b| format!("{b:02x}")).collect()
    }

    fn entry_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.json"))
    }

    /// The articles stored under `key`, or `None` when absent, unreadable or corrupt.
    pub fn get(&self, key: &str) -> Option<Vec<Article>> {
        let text = std::fs::read(self.entry_path(key)).ok()?;
        let entry: CacheEntry = serde_json::from_slice(&text).ok()?;
        if entry.tool != TOOL_ID {
            return None;
        }
        Some(
            entry
                .articles
                .into_iter()
                .map(|c| Article {
                    terms: c.terms,
                    fixed: c.fixed,
                    ..c.article
                })
                .collect(),
        )
    }

    /// Stores the articles under `key`. Failing to write the cache only costs time next build,
    /// so the error is returned for the caller to report as a warning, never to fail the build.
    pub fn put(&self, key: &str, articles: &[Article]) -> std::io::Result<()> {
        let entry = CacheEntry {
            tool: TOOL_ID.to_string(),
            articles: articles
                .iter()
                .map(|a| CachedArticle {
                    article: a.clone(),
                    terms: a.terms.clone(),
                    fixed: a.fixed.clone(),
                })
                .collect(),
        };
        let json = serde_json::to_vec(&entry).map_err(std::io::Error::other)?;
        std::fs::create_dir_all(&self.dir)?;
        // Written aside and renamed, so a concurrent reader or a crash never sees half a file.
        let tmp = self.dir.join(format!(".{key}.{}.tmp", std::process::id()));
        std::fs::write(&tmp, json)?;
        std::fs::rename(&tmp, self.entry_path(key))
    }

    /// Removes entries not in `used`, so the cache holds one entry per content file instead of
    /// one per edit. Errors are ignored: a stale entry is harmless.
    pub fn retain(&self, used: &BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let keep = name.strip_suffix(".json").is_some_and(|k| used.contains(k));
            if !keep {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// What the summary of a finished build says about the site, kept with its stamp so an
/// up-to-date rebuild can say it too.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SiteSummary {
    pub articles: usize,
    pub stories: usize,
    pub figures: usize,
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// The record of the last build into one output folder: the fingerprint of everything the
/// site-wide stages read, its summary, and the files it wrote with their sizes.
#[derive(Debug, Serialize, Deserialize)]
struct SiteStamp {
    tool: String,
    fingerprint: String,
    summary: SiteSummary,
    outputs: Vec<(String, u64)>,
    /// For each file made from one article, the key of what it was made from (`render::PageMemo`).
    #[serde(default)]
    pages: BTreeMap<String, String>,
}

impl ArticleCache {
    fn stamp_path(&self, out_dir: &Path) -> PathBuf {
        let digest = Sha256::digest(out_dir.to_string_lossy().as_bytes());
        let name: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        self.stamps.join(format!("{name}.json"))
    }

    /// The summary of the last build into `out_dir` when its inputs had this same fingerprint and
    /// every file it wrote is still there with its size: the site would come out byte for byte
    /// the same, so there is nothing to render or write.
    pub fn up_to_date(&self, fingerprint: &str, out_dir: &Path) -> Option<SiteSummary> {
        let text = std::fs::read(self.stamp_path(out_dir)).ok()?;
        let stamp: SiteStamp = serde_json::from_slice(&text).ok()?;
        if stamp.tool != TOOL_ID || stamp.fingerprint != fingerprint {
            return None;
        }
        let intact = stamp
            .outputs
            .iter()
            .all(|(rel, len)| std::fs::metadata(out_dir.join(rel)).is_ok_and(|m| m.is_file() && m.len() == *len));
        intact.then_some(stamp.summary)
    }

    /// The article files of the last build into `out_dir` that are still there as it wrote them
    /// (same size), with the keys they were made from; empty when there is no usable stamp.
    pub fn previous_pages(&self, out_dir: &Path) -> BTreeMap<String, String> {
        let Some(stamp) = std::fs::read(self.stamp_path(out_dir))
            .ok()
            .and_then(|text| serde_json::from_slice::<SiteStamp>(&text).ok())
            .filter(|s| s.tool == TOOL_ID)
        else {
            return BTreeMap::new();
        };
        let sizes: BTreeMap<&str, u64> = stamp.outputs.iter().map(|(p, n)| (p.as_str(), *n)).collect();
        stamp
            .pages
            .iter()
            .filter(|(path, _)| {
                sizes.get(path.as_str()).is_some_and(|&len| {
                    std::fs::metadata(out_dir.join(path.as_str())).is_ok_and(|m| m.is_file() && m.len() == len)
                })
            })
            .map(|(p, k)| (p.clone(), k.clone()))
            .collect()
    }

    /// Records a finished build into `out_dir`, with the keys of its article files (`pages`).
    /// Like cache entries, a stamp that cannot be written only costs time next build.
    pub fn stamp(
        &self,
        fingerprint: &str,
        out_dir: &Path,
        summary: &SiteSummary,
        pages: &BTreeMap<String, String>,
    ) -> std::io::Result<()> {
        let mut outputs = Vec::new();
        for entry in walkdir::WalkDir::new(out_dir).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(out_dir)
            {
                outputs.push((
                    rel.to_string_lossy().into_owned(),
                    entry.metadata().map_err(std::io::Error::other)?.len(),
                ));
            }
        }
        let stamp = SiteStamp {
            tool: TOOL_ID.to_string(),
            fingerprint: fingerprint.to_string(),
            summary: summary.clone(),
            outputs,
            pages: pages.clone(),
        };
        std::fs::create_dir_all(&self.stamps)?;
        let path = self.stamp_path(out_dir);
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&tmp, serde_json::to_vec(&stamp).map_err(std::io::Error::other)?)?;
        std::fs::rename(&tmp, path)
    }

    /// Forgets the last build into `out_dir`, so the next build renders everything.
    pub fn unstamp(&self, out_dir: &Path) {
        let _ = std::fs::remove_file(self.stamp_path(out_dir));
    }
}

/// The key of a search index: a SHA-256 of the tool and of every record pagefind receives, in
/// order. Records hold all that pagefind reads (text, meta, filters, sort), so equal keys mean
/// byte-identical index files, and a change anywhere else (a template, the site title) keeps it.
pub fn search_key(records: &[SearchRecord]) -> String {
    let mut h = Sha256::new();
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(TOOL_ID.as_bytes());
    for r in records {
        part(r.url.as_bytes());
        part(r.content.as_bytes());
        for map in [&r.meta, &r.sort] {
            part(&(map.len() as u64).to_le_bytes());
            for (k, v) in map {
                part(k.as_bytes());
                part(v.as_bytes());
            }
        }
        part(&(r.filters.len() as u64).to_le_bytes());
        for (k, values) in &r.filters {
            part(k.as_bytes());
            part(&(values.len() as u64).to_le_bytes());
            for v in values {
                part(v.as_bytes());
            }
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl ArticleCache {
    fn search_path(&self, key: &str) -> PathBuf {
        self.search.join(format!("{key}.bin"))
    }

    /// The search index files stored under `key`, or `None` when absent, unreadable or corrupt
    /// (a SHA-256 of the stored bytes is checked, so a damaged file is never served).
    pub fn search_index(&self, key: &str) -> Option<Vec<OutFile>> {
        let bytes = std::fs::read(self.search_path(key)).ok()?;
        let (body, digest) = bytes.split_at_checked(bytes.len().checked_sub(32)?)?;
        if Sha256::digest(body).as_slice() != digest {
            return None;
        }
        let mut rest = body.strip_prefix(SEARCH_MAGIC)?;
        let mut take = |n: usize| -> Option<&[u8]> {
            let (head, tail) = rest.split_at_checked(n)?;
            rest = tail;
            Some(head)
        };
        let mut files = Vec::new();
        while let Some(len) = take(8) {
            let len = usize::try_from(u64::from_le_bytes(len.try_into().ok()?)).ok()?;
            let path = std::str::from_utf8(take(len)?).ok()?.to_string();
            let len = usize::try_from(u64::from_le_bytes(take(8)?.try_into().ok()?)).ok()?;
            files.push(OutFile {
                path,
                bytes: take(len)?.to_vec(),
            });
        }
        Some(files)
    }

    /// Stores the files of a part of the search index under `key`, in one file (an index has a
    /// file per article, and creating a thousand files costs more than writing one). Like cache
    /// entries, failing to store it only costs time next build.
    pub fn put_search_index(&self, key: &str, files: &[OutFile]) -> std::io::Result<()> {
        let mut bytes = SEARCH_MAGIC.to_vec();
        for f in files {
            bytes.extend((f.path.len() as u64).to_le_bytes());
            bytes.extend(f.path.as_bytes());
            bytes.extend((f.bytes.len() as u64).to_le_bytes());
            bytes.extend(&f.bytes);
        }
        let digest = Sha256::digest(&bytes);
        bytes.extend(digest.as_slice());
        std::fs::create_dir_all(&self.search)?;
        let path = self.search_path(key);
        let tmp = path.with_extension(format!("{}.tmp", std::process::id()));
        std::fs::write(&tmp, bytes)?;
        std::fs::rename(&tmp, path)
    }
}

impl ArticleCache {
    /// Removes stored search index parts other than `keys` (the parts of the last build).
    pub fn retain_search(&self, keys: &BTreeSet<String>) {
        let Ok(entries) = std::fs::read_dir(&self.search) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let keep = name
                .to_str()
                .and_then(|n| n.strip_suffix(".bin"))
                .is_some_and(|k| keys.contains(k));
            if !keep {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The fingerprint of everything the site-wide stages (site, render, output) read: the whole
/// configuration, the article cache keys (which cover every content file), every file of the
/// theme and of the site's `templates/` and `static/`, and the tool. Any input a site-wide stage
/// starts reading must be added here, or an up-to-date check would miss its changes.
pub fn site_fingerprint(config: &SiteConfig, article_keys: &BTreeSet<String>, dirs: &[PathBuf]) -> String {
    let mut h = Sha256::new();
    let mut part = |bytes: &[u8]| {
        h.update((bytes.len() as u64).to_le_bytes());
        h.update(bytes);
    };
    part(TOOL_ID.as_bytes());
    part(serde_json::to_string(config).unwrap_or_default().as_bytes());
    for key in article_keys {
        part(key.as_bytes());
    }
    for dir in dirs {
        part(dir.to_string_lossy().as_bytes());
        for entry in walkdir::WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(|e| e.ok())
        {
            if entry.file_type().is_file() {
                part(entry.path().to_string_lossy().as_bytes());
                part(&std::fs::read(entry.path()).unwrap_or_default());
            }
        }
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The settings that affect per-article processing, as canonical JSON (serde_json maps are
/// sorted, so the text is stable).
fn settings_fingerprint(config: &SiteConfig) -> String {
    let mut value = serde_json::to_value(config).unwrap_or_default();
    if let serde_json::Value::Object(map) = &mut value {
        for key in SITE_ONLY_SETTINGS {
            map.remove(*key);
        }
    }
    value.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::FrontMatter;

    fn article() -> Article {
        Article {
            front: FrontMatter {
                title: "标题".into(),
                ..Default::default()
            },
            body: "正文\n".into(),
            source_path: "a.txt".into(),
            terms: vec![("核酸".into(), 3)],
            fixed: vec!["title".into()],
        }
    }

    #[test]
    fn round_trip_keeps_unpublished_fields() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ArticleCache::new(tmp.path(), &SiteConfig::default());
        let key = cache.key("a.txt", b"text", None);
        assert_eq!(cache.get(&key), None);
        cache.put(&key, &[article()]).unwrap();
        assert_eq!(cache.get(&key), Some(vec![article()]));
    }

    #[test]
    fn key_changes_with_each_input_it_depends_on() {
        let tmp = tempfile::tempdir().unwrap();
        let config = SiteConfig::default();
        let cache = ArticleCache::new(tmp.path(), &config);
        let base = cache.key("a.txt", b"text", None);
        let variants = [
            cache.key("b.txt", b"text", None),
            cache.key("a.txt", b"text2", None),
            cache.key("a.txt", b"text", Some(b"")),
            cache.key("a.txt", b"text", Some(b"date: 2021-01-01")),
            ArticleCache::new(
                tmp.path(),
                &SiteConfig {
                    default_year: Some(2021),
                    ..config.clone()
                },
            )
            .key("a.txt", b"text", None),
            ArticleCache::new(
                tmp.path(),
                &SiteConfig {
                    split_stories: !config.split_stories,
                    ..config.clone()
                },
            )
            .key("a.txt", b"text", None),
        ];
        for (i, v) in variants.iter().enumerate() {
            assert_ne!(&base, v, "variant {i}");
        }
    }

    #[test]
    fn site_only_settings_do_not_change_the_key() {
        let tmp = tempfile::tempdir().unwrap();
        let a = ArticleCache::new(tmp.path(), &SiteConfig::default());
        let b = ArticleCache::new(
            tmp.path(),
            &SiteConfig {
                title: "另一个标题".into(),
                base_url: "/sub/".into(),
                theme: "other".into(),
                ..Default::default()
            },
        );
        assert_eq!(a.key("a.txt", b"x", None), b.key("a.txt", b"x", None));
    }

    #[test]
    fn corrupt_or_foreign_entries_are_ignored() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ArticleCache::new(tmp.path(), &SiteConfig::default());
        let key = cache.key("a.txt", b"text", None);
        cache.put(&key, &[article()]).unwrap();
        let path = cache.entry_path(&key);
        for bad in [&b"{not json"[..], b"", b"{\"tool\":\"0.0.0+old\",\"articles\":[]}"] {
            std::fs::write(&path, bad).unwrap();
            assert_eq!(cache.get(&key), None);
        }
    }

    #[test]
    fn a_stamp_holds_while_inputs_and_outputs_are_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "page").unwrap();
        let theme = tmp.path().join("theme");
        std::fs::create_dir_all(&theme).unwrap();
        std::fs::write(theme.join("base.html"), "v1").unwrap();
        let config = SiteConfig::default();
        let keys = BTreeSet::from(["k1".to_string()]);
        let fp = site_fingerprint(&config, &keys, std::slice::from_ref(&theme));
        let cache = ArticleCache::new(tmp.path(), &config);
        assert_eq!(cache.up_to_date(&fp, &out), None);
        let summary = SiteSummary {
            articles: 1,
            pages: 1,
            ..Default::default()
        };
        cache.stamp(&fp, &out, &summary, &BTreeMap::new()).unwrap();
        assert_eq!(cache.up_to_date(&fp, &out), Some(summary));

        std::fs::write(theme.join("base.html"), "v2").unwrap();
        assert_ne!(site_fingerprint(&config, &keys, std::slice::from_ref(&theme)), fp);
        let other_keys = BTreeSet::from(["k2".to_string()]);
        assert_ne!(site_fingerprint(&config, &other_keys, std::slice::from_ref(&theme)), fp);

        std::fs::write(out.join("a/index.html"), "edited by hand").unwrap();
        assert_eq!(cache.up_to_date(&fp, &out), None, "a changed output is rebuilt");
        std::fs::write(out.join("a/index.html"), "page").unwrap();
        assert!(cache.up_to_date(&fp, &out).is_some());
        cache.unstamp(&out);
        assert_eq!(cache.up_to_date(&fp, &out), None);
    }

    fn record(content: &str) -> SearchRecord {
        SearchRecord {
            url: "/articles/a/".into(),
            content: content.into(),
            meta: [("title".to_string(), "标题".to_string())].into(),
            filters: [("place".to_string(), vec!["醴陵市".to_string()])].into(),
            sort: [("date".to_string(), "2021-08-05".to_string())].into(),
        }
    }

    #[test]
    fn search_key_follows_every_part_of_the_records() {
        let base = search_key(&[record("正文")]);
        assert_eq!(base, search_key(&[record("正文")]));
        let mut moved = record("正文");
        moved.url = "/articles/b/".into();
        let mut filtered = record("正文");
        filtered.filters.insert("keyword".into(), vec!["核酸检测".into()]);
        let mut sorted = record("正文");
        sorted.sort.insert("date".into(), "2021-08-06".into());
        let mut titled = record("正文");
        titled.meta.insert("title".into(), "另一个标题".into());
        for (i, variant) in [
            vec![record("正文。")],
            vec![moved],
            vec![filtered],
            vec![sorted],
            vec![titled],
            vec![record("正文"), record("正文")],
            vec![],
        ]
        .iter()
        .enumerate()
        {
            assert_ne!(search_key(variant), base, "variant {i}");
        }
    }

    #[test]
    fn a_stored_search_index_comes_back_whole_or_not_at_all() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ArticleCache::new(tmp.path(), &SiteConfig::default());
        let files = vec![
            OutFile::text("pagefind/pagefind.js", "js".into()),
            OutFile {
                path: "pagefind/fragment/zh_1.pf_fragment".into(),
                bytes: vec![0, 159, 1, 2],
            },
            OutFile {
                path: "pagefind/empty".into(),
                bytes: vec![],
            },
        ];
        assert!(cache.search_index("k1").is_none());
        cache.put_search_index("k1", &files).unwrap();
        let back = cache.search_index("k1").unwrap();
        let pairs = |fs: &[OutFile]| fs.iter().map(|f| (f.path.clone(), f.bytes.clone())).collect::<Vec<_>>();
        assert_eq!(pairs(&back), pairs(&files));
        assert!(cache.search_index("k2").is_none());

        let path = cache.search_path("k1");
        let good = std::fs::read(&path).unwrap();
        let mut flipped = good.clone();
        flipped[SEARCH_MAGIC.len() + 10] ^= 1;
        for bad in [flipped, good[..good.len() - 1].to_vec(), b"short".to_vec(), vec![]] {
            std::fs::write(&path, bad).unwrap();
            assert!(cache.search_index("k1").is_none());
        }

        // Parts of one index are kept side by side, until a build no longer has them.
        cache.put_search_index("k1", &files).unwrap();
        cache.put_search_index("k2", &files[..1]).unwrap();
        assert_eq!(cache.search_index("k1").map(|f| f.len()), Some(3));
        assert_eq!(cache.search_index("k2").map(|f| f.len()), Some(1));
        cache.retain_search(&BTreeSet::from(["k2".to_string()]));
        assert!(cache.search_index("k1").is_none(), "a part no build uses is removed");
        assert_eq!(cache.search_index("k2").map(|f| f.len()), Some(1));
    }

    #[test]
    fn retain_removes_unused_entries() {
        let tmp = tempfile::tempdir().unwrap();
        let cache = ArticleCache::new(tmp.path(), &SiteConfig::default());
        let (k1, k2) = (cache.key("a.txt", b"1", None), cache.key("a.txt", b"2", None));
        cache.put(&k1, &[article()]).unwrap();
        cache.put(&k2, &[article()]).unwrap();
        cache.retain(&BTreeSet::from([k2.clone()]));
        assert!(cache.get(&k1).is_none());
        assert!(cache.get(&k2).is_some());
    }
}
