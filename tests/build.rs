//! The output contract of `jianbao build` (issue 2), on a small fixture site of our own:
//! pages and Markdown per article, `data/articles.json` fields, sidecar and front matter
//! precedence, base_url sub-paths, determinism, and that a failed build leaves the last site.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Copies the fixture site and the project's default theme into a fresh temp folder.
fn fixture_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sites/basic"),
        tmp.path(),
    );
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &tmp.path().join("themes/default"),
    );
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn build(site: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .arg("build")
        .current_dir(site)
        .output()
        .expect("the jianbao binary runs")
}

fn read_tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn build_writes_pages_markdown_and_articles_json() {
    let site = fixture_site();
    let out = build(site.path());
    assert!(
        out.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let output = site.path().join("output");

    let index = std::fs::read_to_string(output.join("index.html")).unwrap();
    assert!(index.contains("<html lang=\"zh-CN\">"));
    assert!(index.to_lowercase().contains("<meta charset=\"utf-8\">"));

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(output.join("data/articles.json")).unwrap()).unwrap();
    let articles = json.as_array().unwrap();
    assert_eq!(articles.len(), 3);
    for a in articles {
        for field in [
            "slug",
            "source",
            "title",
            "date",
            "url",
            "markdown",
            "summary",
            "keywords",
            "places",
            "persons",
            "organizations",
            "figures",
            "events",
            "quality",
        ] {
            assert!(a.get(field).is_some(), "articles.json entry lacks `{field}`: {a}");
        }
        let slug = a["slug"].as_str().unwrap();
        assert!(
            output.join(format!("articles/{slug}/index.html")).is_file(),
            "{slug} has a page"
        );
        let md = output.join(a["markdown"].as_str().unwrap());
        let md = std::fs::read_to_string(md).unwrap();
        assert!(md.starts_with("---\n"), "{slug}: index.md starts with front matter");
        assert!(
            a["url"].as_str().unwrap().starts_with("/digest/articles/"),
            "links carry the base_url path"
        );
        for f in a["figures"].as_array().unwrap() {
            for field in [
                "value",
                "unit",
                "qualifier",
                "subject",
                "category",
                "date",
                "text",
                "anchor",
                "key",
            ] {
                assert!(f.get(field).is_some(), "figure lacks `{field}`: {f}");
            }
        }
        for e in a["events"].as_array().unwrap() {
            for field in ["date", "end", "text", "anchor"] {
                assert!(e.get(field).is_some(), "event lacks `{field}`: {e}");
            }
        }
        assert!(a["quality"]["removed"].is_array() && a["quality"]["warnings"].is_array());
    }

    let by_source = |s: &str| articles.iter().find(|a| a["source"] == s).unwrap();
    // Sidecar wins over extraction.
    let alpha = by_source("alpha.txt");
    assert_eq!(alpha["date"], "2021-08-03");
    assert_eq!(alpha["publication"], "示范日报");
    assert_eq!(alpha["authors"][0], "张三");
    assert_eq!(alpha["title"], "示范区新增报告2例阳性检测者");
    // A Markdown article keeps what its front matter sets, and gets the rest extracted.
    let beta = by_source("beta.md");
    assert_eq!(beta["slug"], "hand-written");
    assert_eq!(beta["keywords"], serde_json::json!(["手写", "测试"]));
    assert!(
        beta["figures"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["value"] == 120 && f["unit"] == "名")
    );
    let beta_md = std::fs::read_to_string(output.join("articles/hand-written/index.md")).unwrap();
    assert!(
        beta_md.contains("## 第一节\n\n这是一篇手写的 Markdown 文章。"),
        "hand-written body kept: {beta_md}"
    );
    // Dated articles first (newest first), then undated ones by slug.
    let order: Vec<&str> = articles.iter().map(|a| a["source"].as_str().unwrap()).collect();
    assert_eq!(order, vec!["alpha.txt", "gamma.txt", "beta.md"]);
}

#[test]
fn two_builds_are_byte_identical() {
    let site = fixture_site();
    assert!(build(site.path()).status.success());
    let first = read_tree(&site.path().join("output"));
    assert!(build(site.path()).status.success());
    let second = read_tree(&site.path().join("output"));
    assert_eq!(first.len(), second.len());
    for ((pa, a), (pb, b)) in first.iter().zip(&second) {
        assert_eq!(pa, pb);
        assert!(a == b, "{} differs between two builds", pa.display());
    }
}

#[test]
fn failed_build_names_the_file_and_keeps_the_last_site() {
    let site = fixture_site();
    assert!(build(site.path()).status.success());
    let before = read_tree(&site.path().join("output"));

    // A site template with a syntax error: the error names the file and line; output untouched.
    std::fs::create_dir_all(site.path().join("templates")).unwrap();
    std::fs::write(
        site.path().join("templates/index.html"),
        "{% extends \"theme/index.html\" %}\n{% block content %}{{ oops }\n",
    )
    .unwrap();
    let out = build(site.path());
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("templates/index.html:2:"),
        "error names file and line: {err}"
    );
    assert_eq!(read_tree(&site.path().join("output")), before);
    std::fs::remove_dir_all(site.path().join("templates")).unwrap();

    // A config error: file, line, closest key; exit code 2.
    std::fs::write(site.path().join("site.yaml"), "title: x\nthme: default\n").unwrap();
    let out = build(site.path());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("site.yaml:2: unknown key `thme`, did you mean `theme`?"),
        "{err}"
    );
    assert_eq!(read_tree(&site.path().join("output")), before);

    // A missing theme.
    std::fs::write(site.path().join("site.yaml"), "theme: nosuch\n").unwrap();
    let out = build(site.path());
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("theme `nosuch` not found"));
    assert_eq!(read_tree(&site.path().join("output")), before);
}

/// The stored search index files of a site (one `.bin` file when a build has stored one).
fn stored_search_index(site: &Path) -> Vec<(PathBuf, std::time::SystemTime)> {
    let dir = site.join(".jianbao/search");
    let mut found: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.flatten()
                .map(|e| (e.path(), e.metadata().unwrap().modified().unwrap()))
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

/// The output of a clean build (no cache, no previous output) of the same inputs.
fn clean_build_of(site: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let fresh = tempfile::tempdir().unwrap();
    copy_dir(&site.join("content"), &fresh.path().join("content"));
    copy_dir(&site.join("themes"), &fresh.path().join("themes"));
    std::fs::copy(site.join("site.yaml"), fresh.path().join("site.yaml")).unwrap();
    assert!(build(fresh.path()).status.success());
    read_tree(&fresh.path().join("output"))
}

fn assert_same_tree(incremental: &[(PathBuf, Vec<u8>)], clean: &[(PathBuf, Vec<u8>)], what: &str) {
    let paths = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(paths(incremental), paths(clean), "{what}: same files");
    for ((p, a), (_, b)) in incremental.iter().zip(clean) {
        assert!(a == b, "{what}: {} differs from a clean build", p.display());
    }
}

#[test]
fn the_search_index_is_reused_only_while_its_records_are_unchanged() {
    let site = fixture_site();
    let dir = site.path();
    assert!(build(dir).status.success());
    let stored = stored_search_index(dir);
    assert_eq!(stored.len(), 1, "one stored index: {stored:?}");
    assert!(
        read_tree(&dir.join("output"))
            .iter()
            .any(|(p, _)| p.starts_with("pagefind/fragment")),
        "the site has a search index"
    );

    // A setting that no search record holds: every page changes, the index is reused as stored.
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    std::fs::write(dir.join("site.yaml"), yaml.replace("测试简报", "另一份简报")).unwrap();
    assert!(build(dir).status.success());
    assert_eq!(
        stored_search_index(dir),
        stored,
        "the stored index was reused, not rewritten"
    );
    assert_same_tree(
        &read_tree(&dir.join("output")),
        &clean_build_of(dir),
        "after a settings edit",
    );

    // An article's text is searchable: the index is built again and matches a clean build.
    let gamma = dir.join("content/gamma.txt");
    let text = std::fs::read_to_string(&gamma).unwrap();
    std::fs::write(&gamma, format!("{text}\n新增的一段文字，共有321名志愿者参加。\n")).unwrap();
    assert!(build(dir).status.success());
    let after_edit = stored_search_index(dir);
    assert_eq!(after_edit.len(), 1, "the previous index is replaced: {after_edit:?}");
    assert_ne!(after_edit[0].0, stored[0].0, "stored under a new key");
    assert_same_tree(
        &read_tree(&dir.join("output")),
        &clean_build_of(dir),
        "after an article edit",
    );
}

/// What `build --verbose` says about a step: the line that starts with `label`.
fn verbose_line(site: &Path, label: &str) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .args(["build", "--verbose", "--config"])
        .arg(site.join("site.yaml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    stderr
        .lines()
        .find(|l| l.starts_with(label))
        .unwrap_or_else(|| panic!("no `{label}` line in {stderr}"))
        .to_string()
}

#[test]
fn an_edit_rebuilds_one_part_of_the_search_index_and_only_the_pages_it_touches() {
    let site = fixture_site();
    let dir = site.path();
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    // One article per part: with three articles the index has several parts.
    std::fs::write(dir.join("site.yaml"), format!("{yaml}\nsearch_shard_articles: 1\n")).unwrap();
    // Two old articles, far from the ones edited below in the newest-first order.
    for (name, text) in [
        (
            "old1.txt",
            "示范日报 2001年3月5日\n\n铁路货运恢复\n\n铁路部门开行货运列车12列，运送煤炭8000吨。\n",
        ),
        (
            "old2.txt",
            "示范日报 2001年3月4日\n\n港口吞吐量增长\n\n港口完成集装箱吞吐量5万标箱，同比增长3%。\n",
        ),
    ] {
        std::fs::write(dir.join("content").join(name), text).unwrap();
    }
    assert!(build(dir).status.success());
    let parts = stored_search_index(dir);
    assert!(parts.len() >= 2, "the index is stored in parts: {parts:?}");
    let manifest = std::fs::read_to_string(dir.join("output/pagefind/jianbao-search.json")).unwrap();
    assert!(manifest.contains("shards/"), "{manifest}");

    // A template edit changes every page: nothing is kept, and the output is a clean build's.
    let base = dir.join("themes/default/templates/base.html");
    let template = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, template.replace("</body>", "<!-- 改 --></body>")).unwrap();
    let kept = verbose_line(dir, "article files kept");
    assert!(
        kept.starts_with("article files kept from the last build: 0 of "),
        "{kept}"
    );
    assert_same_tree(
        &read_tree(&dir.join("output")),
        &clean_build_of(dir),
        "after a template edit",
    );

    // Editing one article: its part of the index is built again, the other parts are reused;
    // its page and its neighbours' are rendered, the rest kept; the output is a clean build's.
    let parts = stored_search_index(dir);
    let gamma = dir.join("content/gamma.txt");
    let text = std::fs::read_to_string(&gamma).unwrap();
    std::fs::write(&gamma, format!("{text}\n新增的一段文字，共有321名志愿者参加。\n")).unwrap();
    let kept = verbose_line(dir, "article files kept");
    let after = stored_search_index(dir);
    let unchanged = after.iter().filter(|p| parts.contains(p)).count();
    assert_eq!(after.len(), parts.len(), "{after:?}");
    assert_eq!(unchanged, parts.len() - 1, "one part rebuilt: {parts:?} → {after:?}");
    assert_same_tree(
        &read_tree(&dir.join("output")),
        &clean_build_of(dir),
        "after an article edit",
    );
    let counts: Vec<usize> = kept.split(' ').filter_map(|w| w.parse().ok()).collect();
    let [kept, all] = counts[..] else { panic!("{kept}") };
    // At least the pages and Markdown of the two old articles, which are not gamma's neighbours;
    // at most all but gamma's page and Markdown.
    assert!(kept >= 4 && kept + 2 <= all, "kept {kept} of {all} article files");
}
