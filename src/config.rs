//! Site configuration: `site.yaml`. Every key is documented in `docs/configuration.md`.
//! Unknown keys are an error naming the key, its line and the closest valid key, because a
//! misspelt option that is silently ignored costs a user far more time than an error.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The parsed `site.yaml`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    pub description: String,
    /// Where the site will be published: `https://example.org/` or `https://example.org/digest/`.
    /// Its path decides the prefix of every internal link.
    pub base_url: String,
    pub language: String,
    /// Name of a folder under `themes/`.
    pub theme: String,
    pub content_dir: PathBuf,
    pub output_dir: PathBuf,
    /// Year for dates the text gives without one, when nothing else fixes it.
    pub default_year: Option<i32>,
    /// Encoding for every content file, instead of detecting it (a sidecar's `encoding` wins).
    pub encoding: Option<String>,
    /// Split a page holding several stories into one article per story.
    pub split_stories: bool,
    /// How taxonomy terms appear in URLs: `encoded` (percent-encoded UTF-8) or `pinyin`.
    pub taxonomy_urls: TaxonomyUrls,
    /// Articles shown on the digest page and in the feed.
    pub feed_limit: usize,
    /// Articles per part of the search index. A rebuild re-indexes only the parts whose
    /// articles changed, and the search page merges the parts in the browser: smaller parts make
    /// rebuilds after an edit faster, larger ones mean fewer files fetched by a search.
    pub search_shard_articles: usize,
    /// Extra knowledge tables, merged over the built-in ones.
    pub extend: Extensions,
}

/// How taxonomy terms (Chinese words) appear in URLs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum TaxonomyUrls {
    /// `/tags/核酸检测/`, percent-encoded on the wire: readable in the address bar.
    #[default]
    Encoded,
    /// `/tags/he-suan-jian-ce/`.
    Pinyin,
}

/// Site-specific additions to the built-in tables of units, categories and names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Extensions {
    /// Extra units or measure words, with their category: `{ 剂次: testing }`.
    pub units: std::collections::BTreeMap<String, String>,
    /// Extra category keywords: `{ supplies: [口罩, 防护服] }`.
    pub categories: std::collections::BTreeMap<String, Vec<String>>,
    /// Extra place names (counted as places wherever they appear).
    pub places: Vec<String>,
    /// Extra words that are never keywords.
    pub stopwords: Vec<String>,
    /// Extra lines to drop as page furniture (regular expressions, matched against a whole line).
    pub boilerplate: Vec<String>,
    /// Extra units for charts, with the family of units they share an axis with:
    /// `{ 针: doses, 床: beds }` (a new family name makes a family of its own).
    pub chart_units: std::collections::BTreeMap<String, String>,
    /// Labels for figure categories on pages, over the built-in ones: `{ vaccines: 疫苗 }`.
    pub category_labels: std::collections::BTreeMap<String, String>,
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: "简报".into(),
            description: String::new(),
            base_url: "/".into(),
            language: "zh-CN".into(),
            theme: "default".into(),
            content_dir: "content".into(),
            output_dir: "output".into(),
            default_year: None,
            encoding: None,
            split_stories: true,
            taxonomy_urls: TaxonomyUrls::Encoded,
            feed_limit: 20,
            search_shard_articles: 100,
            extend: Extensions::default(),
        }
    }
}

/// An error in `site.yaml`, with the line it is on where there is one.
#[derive(Debug, thiserror::Error)]
#[error("{path}:{detail}")]
pub struct ConfigError {
    pub path: PathBuf,
    /// `LINE: message`, or `message` when no line applies.
    pub detail: String,
}

impl SiteConfig {
    /// Reads and checks `site.yaml`. A missing file is an error: a site is a folder with one.
    pub fn load(path: &Path) -> Result<SiteConfig, ConfigError> {
        let err = |detail: String| ConfigError {
            path: path.to_path_buf(),
            detail,
        };
        let text = std::fs::read_to_string(path).map_err(|e| {
            err(format!(
                " cannot read it ({e}): run jianbao in a site folder or pass --config PATH"
            ))
        })?;
        Self::parse(&text).map_err(err)
    }

    /// Parses the text of a `site.yaml`. Errors are `LINE: message`.
    pub fn parse(text: &str) -> Result<SiteConfig, String> {
        let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| describe_yaml_error(&e))?;
        match &value {
            serde_yaml::Value::Null => return Ok(SiteConfig::default()),
            serde_yaml::Value::Mapping(map) => check_keys(text, map, &known_keys(&SiteConfig::default()), "")?,
            _ => return Err("1: site.yaml must be a mapping of settings (title: …)".into()),
        }
        if let Some(serde_yaml::Value::Mapping(ext)) = value.get("extend") {
            check_keys(text, ext, &known_keys(&Extensions::default()), "extend.")?;
        }
        // From the text, not the value, so type errors keep their line.
        let config: SiteConfig = serde_yaml::from_str(text).map_err(|e| describe_yaml_error(&e))?;
        if !config.base_url.ends_with('/') && !config.base_url.is_empty() {
            return Ok(SiteConfig {
                base_url: format!("{}/", config.base_url),
                ..config
            });
        }
        Ok(config)
    }

    /// The path part of `base_url` (`/` or `/digest/`): the prefix of every internal link.
    pub fn base_path(&self) -> String {
        let url = self.base_url.trim();
        let after_scheme = url.split_once("://").map(|(_, rest)| rest);
        let path = match after_scheme {
            Some(rest) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
            None => url,
        };
        let mut p = path.to_string();
        if !p.starts_with('/') {
            p.insert(0, '/');
        }
        if !p.ends_with('/') {
            p.push('/');
        }
        p
    }
}

/// The top-level keys of a config type, taken from its serialised default so the list cannot
/// drift from the struct.
fn known_keys<T: Serialize>(default: &T) -> Vec<String> {
    match serde_yaml::to_value(default) {
        Ok(serde_yaml::Value::Mapping(m)) => m.keys().filter_map(|k| k.as_str().map(String::from)).collect(),
        _ => Vec::new(),
    }
}

fn check_keys(text: &str, map: &serde_yaml::Mapping, known: &[String], prefix: &str) -> Result<(), String> {
    for key in map.keys() {
        let key = key.as_str().unwrap_or_default();
        if !known.iter().any(|k| k == key) {
            let line = line_of_key(text, key);
            let names: Vec<&str> = known.iter().map(String::as_str).collect();
            let hint = closest(key, &names)
                .map(|c| format!(", did you mean `{prefix}{c}`?"))
                .unwrap_or_default();
            return Err(format!("{line}: unknown key `{prefix}{key}`{hint}"));
        }
    }
    Ok(())
}

/// The 1-based line where `key:` first appears at the start of a line (after indentation).
pub fn line_of_key(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            t.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// The valid name closest to a misspelt one (Levenshtein distance at most 3), for "did you mean".
pub fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (levenshtein(word, c), *c))
        .filter(|(d, c)| *d <= 3 && *d < c.chars().count().max(2))
        .min()
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur.push((prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// Renders a YAML error as `LINE: message` so callers can prefix the file name.
pub fn describe_yaml_error(e: &serde_yaml::Error) -> String {
    match e.location() {
        Some(loc) => format!("{}: {}", loc.line(), strip_location(&e.to_string())),
        None => format!("1: {e}"),
    }
}

fn strip_location(msg: &str) -> String {
    match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let c = SiteConfig::parse("").unwrap();
        assert_eq!(c.language, "zh-CN");
        assert_eq!(c.theme, "default");
    }

    #[test]
    fn unknown_key_names_line_and_closest_key() {
        let err = SiteConfig::parse("title: 简报\nthem: broadsheet\n").unwrap_err();
        assert_eq!(err, "2: unknown key `them`, did you mean `theme`?");
        let err = SiteConfig::parse("title: x\nextend:\n  unitz: {}\n").unwrap_err();
        assert_eq!(err, "3: unknown key `extend.unitz`, did you mean `extend.units`?");
        let err = SiteConfig::parse("zzzzzzzz: 1\n").unwrap_err();
        assert_eq!(err, "1: unknown key `zzzzzzzz`");
    }

    #[test]
    fn bad_yaml_and_bad_types_name_the_line() {
        let err = SiteConfig::parse("title: x\ntheme: [unclosed\n").unwrap_err();
        assert!(err.starts_with("3:") || err.starts_with("2:"), "{err}");
        let err = SiteConfig::parse("title: x\nfeed_limit: many\n").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let path = |u: &str| {
            SiteConfig {
                base_url: u.into(),
                ..Default::default()
            }
            .base_path()
        };
        assert_eq!(path("https://example.org"), "/");
        assert_eq!(path("https://example.org/digest"), "/digest/");
        assert_eq!(path("/sub/"), "/sub/");
        assert_eq!(path(""), "/");
    }
}
