//! `jianbao check`: the whole build except writing, reporting every problem it meets instead of
//! stopping at the first: configuration, content files, templates, duplicate slugs, guessed
//! dates, scrambled text, and internal links and anchors of the rendered pages.

use std::collections::{BTreeMap, BTreeSet};

use percent_encoding::percent_decode_str;
use regex::Regex;
use walkdir::WalkDir;

use crate::diagnostics::{Diagnostic, Severity};
use crate::output::OutFile;
use crate::pipeline::{self, BuildError, BuildOptions, NoProgress, Setup};
use crate::site;

/// What `check` found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Errors first, then warnings, each group in the order found.
    pub diagnostics: Vec<Diagnostic>,
    pub articles: usize,
    pub pages: usize,
}

impl CheckReport {
    /// How many diagnostics are errors.
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    /// How many diagnostics are warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Checks the site. A configuration error that stops everything else is returned as `Err`;
/// every other problem is in the report. With `strict`, warnings are reported as errors.
/// The article cache is read but not written: check changes nothing on disk.
pub fn check(opts: &BuildOptions, strict: bool) -> Result<CheckReport, BuildError> {
    let mut setup = Setup::load(opts)?;
    setup.store_cache = false;
    let mut diagnostics = Vec::new();
    if let Err(e) = &setup.templates {
        diagnostics.extend(BuildError::from(anyhow::anyhow!("{e:#}")).diagnostics);
    }
    let content = pipeline::process_all(&setup, &NoProgress);
    diagnostics.extend(content.errors);
    diagnostics.extend(content.warnings);
    let site = site::assemble(&setup.config, content.articles, &setup.theme.palette());
    diagnostics.extend(pipeline::site_warnings(&site));
    let mut pages = 0;
    if setup.templates.is_ok() {
        match pipeline::render_site(&setup, &site) {
            Ok(files) => {
                pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
                let mut available: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
                available.extend(static_files(&setup));
                let sources: BTreeMap<String, String> = site
                    .articles
                    .iter()
                    .map(|p| {
                        let content = site.config.content_dir.to_string_lossy().replace('\\', "/");
                        (
                            format!("{}index.html", p.path),
                            format!("{content}/{}", p.article.source_path),
                        )
                    })
                    .collect();
                diagnostics.extend(broken_links(&files, &available, &site.config.base_path(), &sources));
            }
            Err(e) => diagnostics.extend(BuildError::from(e).diagnostics),
        }
    }
    if strict {
        diagnostics = diagnostics.into_iter().map(Diagnostic::as_error).collect();
    }
    diagnostics.sort_by_key(|d| d.severity);
    Ok(CheckReport {
        diagnostics,
        articles: site.articles.len(),
        pages,
    })
}

/// Paths of the static files the build would copy, relative to the output root.
fn static_files(setup: &Setup) -> Vec<String> {
    let mut out = Vec::new();
    for dir in setup.static_dirs() {
        for entry in WalkDir::new(&dir).into_iter().filter_map(|e| e.ok()) {
            if entry.file_type().is_file()
                && let Ok(rel) = entry.path().strip_prefix(&dir)
            {
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

/// Every internal link (`href`, `src`) of the HTML pages whose target page is not part of the
/// site, or whose `#anchor` is not an `id` on the target page. `available` holds every output
/// path; `sources` maps article pages to their content file, to say where a link came from.
pub fn broken_links(
    files: &[OutFile],
    available: &BTreeSet<String>,
    base: &str,
    sources: &BTreeMap<String, String>,
) -> Vec<Diagnostic> {
    let link_re = Regex::new(r#"(?:href|src)\s*=\s*"([^"]*)""#).expect("valid link regex");
    let id_re = Regex::new(r#"\bid\s*=\s*"([^"]*)""#).expect("valid id regex");
    let ids: BTreeMap<&str, BTreeSet<String>> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| {
            let text = String::from_utf8_lossy(&f.bytes);
            let set = id_re.captures_iter(&text).map(|c| unescape_html(&c[1])).collect();
            (f.path.as_str(), set)
        })
        .collect();
    let mut out = Vec::new();
    for file in files.iter().filter(|f| f.path.ends_with(".html")) {
        let text = String::from_utf8_lossy(&file.bytes);
        let from = sources
            .get(&file.path)
            .map(|s| format!(" (article {s})"))
            .unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            for c in link_re.captures_iter(line) {
                let link = unescape_html(&c[1]);
                let Some(target) = resolve(&link, &file.path, base) else {
                    continue;
                };
                let problem = match target {
                    Target::OutsideBase => Some(format!("link `{link}` is outside the site's base path {base}")),
                    Target::Page { path, anchor } => {
                        let page = [path.clone(), format!("{path}/index.html")]
                            .into_iter()
                            .find(|p| available.contains(p));
                        match (page, anchor) {
                            (None, _) => Some(format!("broken link `{link}`: the site has no {path}")),
                            (Some(p), Some(a)) => match ids.get(p.as_str()) {
                                Some(set) if !set.contains(&a) => {
                                    Some(format!("broken anchor `{link}`: {p} has no id `{a}`"))
                                }
                                _ => None,
                            },
                            (Some(_), None) => None,
                        }
                    }
                };
                if let Some(p) = problem {
                    out.push(
                        Diagnostic::error(format!("{}:{}{from}: {p}", file.path, i + 1)).with_hint(
                            "the link comes from a template or the article's Markdown; point it at a page that exists",
                        ),
                    );
                }
            }
        }
    }
    out
}

/// Where an internal link points, as an output path.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    Page { path: String, anchor: Option<String> },
    OutsideBase,
}

/// Resolves a link found in `page` to an output path; `None` for external links.
fn resolve(link: &str, page: &str, base: &str) -> Option<Target> {
    let is_external = link.starts_with("//")
        || link.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    if is_external || link.is_empty() {
        return None;
    }
    let (rest, anchor) = match link.split_once('#') {
        Some((r, a)) => (r, Some(percent_decode_str(a).decode_utf8_lossy().into_owned())),
        None => (link, None),
    };
    let rest = rest.split('?').next().unwrap_or_default();
    let rest = percent_decode_str(rest).decode_utf8_lossy().into_owned();
    let joined = if rest.is_empty() {
        page.to_string()
    } else if let Some(abs) = rest.strip_prefix('/') {
        let base_rel = base.trim_start_matches('/');
        match abs.strip_prefix(base_rel) {
            Some(r) => r.to_string(),
            None if format!("{abs}/") == base_rel => String::new(),
            None => return Some(Target::OutsideBase),
        }
    } else {
        let dir = page.rsplit_once('/').map(|(d, _)| format!("{d}/")).unwrap_or_default();
        format!("{dir}{rest}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut path = parts.join("/");
    if path.is_empty() || path.ends_with('/') {
        path.push_str("index.html");
    }
    let anchor = anchor.filter(|a| !a.is_empty());
    Some(Target::Page { path, anchor })
}

fn unescape_html(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, anchor: Option<&str>) -> Option<Target> {
        Some(Target::Page {
            path: path.into(),
            anchor: anchor.map(String::from),
        })
    }

    #[test]
    fn links_resolve_to_output_paths() {
        let cases: &[(&str, &str, &str, Option<Target>)] = &[
            ("https://x.org/a", "index.html", "/", None),
            ("mailto:a@b.c", "index.html", "/", None),
            ("//cdn.x/a.js", "index.html", "/", None),
            ("/", "articles/a/index.html", "/", page("index.html", None)),
            ("/articles/b/", "index.html", "/", page("articles/b/index.html", None)),
            (
                "/sub/articles/b/#p3",
                "index.html",
                "/sub/",
                page("articles/b/index.html", Some("p3")),
            ),
            ("/sub", "index.html", "/sub/", page("index.html", None)),
            ("/other/x.css", "index.html", "/sub/", Some(Target::OutsideBase)),
            (
                "#p2",
                "articles/a/index.html",
                "/",
                page("articles/a/index.html", Some("p2")),
            ),
            (
                "../b/index.md",
                "articles/a/index.html",
                "/",
                page("articles/b/index.md", None),
            ),
            (
                "/tags/%E7%96%AB%E6%83%85/",
                "index.html",
                "/",
                page("tags/疫情/index.html", None),
            ),
            ("/style.css?v=2", "index.html", "/", page("style.css", None)),
        ];
        for (link, from, base, want) in cases {
            assert_eq!(&resolve(link, from, base), want, "{link} from {from} under {base}");
        }
    }

    #[test]
    fn broken_pages_and_anchors_are_reported_with_line() {
        let files = vec![
            OutFile::text(
                "index.html",
                "<a href=\"/a/\">ok</a>\n<a href=\"/a/#p1\">ok</a>\n<a href=\"/a/#p9\">bad anchor</a>\n<a href=\"/b/\">missing</a>\n<img src=\"/style.css\">".into(),
            ),
            OutFile::text("a/index.html", "<p id=\"p1\">x</p>".into()),
        ];
        let mut available: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        available.insert("style.css".into());
        let sources = BTreeMap::from([("a/index.html".to_string(), "a.txt".to_string())]);
        let found = broken_links(&files, &available, "/", &sources);
        let messages: Vec<&str> = found.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(
            messages[0].starts_with("index.html:3: broken anchor `/a/#p9`"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].starts_with("index.html:4: broken link `/b/`"),
            "{}",
            messages[1]
        );
    }

    #[test]
    fn article_pages_name_their_source() {
        let files = vec![OutFile::text("a/index.html", "<a href=\"#nope\">x</a>".into())];
        let available: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
        let sources = BTreeMap::from([("a/index.html".to_string(), "a.txt".to_string())]);
        let found = broken_links(&files, &available, "/", &sources);
        assert_eq!(found.len(), 1);
        assert!(
            found[0]
                .message
                .starts_with("a/index.html:1 (article a.txt): broken anchor"),
            "{}",
            found[0].message
        );
    }
}
