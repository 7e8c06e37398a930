//! The command line, through the built binary: every command, the error forms and exit codes,
//! determinism, the article cache and live reload. Each test works on its own copy of a small
//! fixture site in a temporary folder, with the repository's default theme copied in.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_jianbao");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/sites")
        .join(name)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A copy of a fixture site with the default theme, in a temporary folder.
fn site(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &tmp.path().join("themes/default"),
    );
    tmp
}

fn jianbao(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file under `dir`, path → bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// `(processed, cached)` from the summary line.
fn cache_counts(summary: &str) -> (usize, usize) {
    let number_before = |word: &str| -> usize {
        let i = summary.find(word).unwrap_or_else(|| panic!("no `{word}` in {summary}"));
        summary[..i].split_whitespace().last().unwrap().parse().unwrap()
    };
    (number_before(" processed"), number_before(" from cache"))
}

#[test]
fn version_and_help_document_examples_and_exit_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let v = jianbao(tmp.path(), &["--version"]);
    assert!(v.status.success());
    assert_eq!(stdout(&v).trim(), format!("jianbao {}", env!("CARGO_PKG_VERSION")));
    let help = stdout(&jianbao(tmp.path(), &["--help"]));
    assert!(
        help.contains("Exit codes: 0 success, 1 build errors, 2 usage"),
        "{help}"
    );
    for cmd in ["init", "build", "serve", "check", "clean"] {
        let o = jianbao(tmp.path(), &[cmd, "--help"]);
        assert!(o.status.success(), "{cmd}");
        let text = stdout(&o);
        assert!(text.contains("Example"), "{cmd} --help has no example:\n{text}");
        assert!(
            text.contains(&format!("jianbao {cmd}")),
            "{cmd} --help example does not use the command"
        );
        assert!(text.contains("Exit codes"), "{cmd}");
    }
    let bad = jianbao(tmp.path(), &["build", "--no-such-flag"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn init_creates_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let o = jianbao(tmp.path(), &["init", "mysite"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("cd mysite") && out.contains("jianbao build") && out.contains("jianbao serve"),
        "{out}"
    );
    let dir = tmp.path().join("mysite");
    for f in [
        "site.yaml",
        "content/example.txt",
        "content/example.yaml",
        "themes/default/templates/base.html",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let yaml = std::fs::read_to_string(dir.join("site.yaml")).unwrap();
    assert!(
        yaml.lines().filter(|l| l.trim_start().starts_with('#')).count() > 10,
        "site.yaml is commented"
    );

    let b = jianbao(&dir, &["build"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(dir.join("output/index.html").is_file());

    let again = jianbao(tmp.path(), &["init", "mysite"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).starts_with("error: mysite: the folder is not empty"),
        "{}",
        stderr(&again)
    );
    std::fs::write(dir.join("site.yaml"), "title: 我的\n").unwrap();
    let forced = jianbao(tmp.path(), &["init", "mysite", "--force"]);
    assert!(forced.status.success());
    assert_ne!(std::fs::read_to_string(dir.join("site.yaml")).unwrap(), "title: 我的\n");
}

#[test]
fn build_ends_with_one_summary_line_and_honours_options() {
    let s = site("cli");
    let o = jianbao(s.path(), &["build", "--output", "public", "--base-url", "/digest"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    for part in [
        "built 3 articles",
        "stories",
        "figures",
        "pages",
        "warnings",
        "3 processed, 0 from cache",
    ] {
        assert!(out.contains(part), "`{part}` not in {out}");
    }
    let index = std::fs::read_to_string(s.path().join("public/index.html")).unwrap();
    assert!(index.contains("href=\"/digest/"), "base URL applied");
    assert!(!s.path().join("output").exists(), "--output replaces output_dir");

    let quiet = jianbao(s.path(), &["build", "--quiet"]);
    assert!(quiet.status.success());
    assert_eq!(stdout(&quiet), "");
    assert_eq!(stderr(&quiet), "");

    let verbose = jianbao(s.path(), &["build", "--verbose"]);
    let err = stderr(&verbose);
    assert!(err.contains("jieba dictionary: not needed"), "nothing changed: {err}");
    assert!(
        err.contains("sub/market.txt (cached)") && err.contains("bus.txt"),
        "{err}"
    );
    assert!(!err.contains('\x1b'), "no colour when not a terminal");

    let missing = jianbao(s.path(), &["build", "--theme", "nope"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("error: --theme: theme `nope` not found"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let s = site("cli");
    assert!(
        jianbao(s.path(), &["build", "--no-cache", "--output", "one"])
            .status
            .success()
    );
    assert!(
        jianbao(s.path(), &["build", "--no-cache", "--output", "two"])
            .status
            .success()
    );
    let (one, two) = (tree(&s.path().join("one")), tree(&s.path().join("two")));
    assert!(one.len() > 5);
    assert_eq!(one, two);
}

#[test]
fn cache_reprocesses_only_what_changed_and_matches_a_clean_build() {
    let s = site("cli");
    let first = jianbao(s.path(), &["build", "--verbose"]);
    assert_eq!(cache_counts(&stdout(&first)), (3, 0));
    assert!(
        stderr(&first).contains("jieba dictionary: loaded"),
        "{}",
        stderr(&first)
    );
    let second = jianbao(s.path(), &["build"]);
    assert_eq!(cache_counts(&stdout(&second)), (0, 3));
    assert_eq!(std::fs::read_dir(s.path().join(".jianbao/cache")).unwrap().count(), 3);

    let bus = s.path().join("content/bus.txt");
    let text = std::fs::read_to_string(&bus).unwrap().replace("45辆", "60辆");
    std::fs::write(&bus, text).unwrap();
    let edited = jianbao(s.path(), &["build"]);
    assert_eq!(cache_counts(&stdout(&edited)), (1, 2));

    // A sidecar edit counts as a change of its article.
    let side = s.path().join("content/sub/market.yaml");
    std::fs::write(&side, std::fs::read_to_string(&side).unwrap().replace("07-15", "07-16")).unwrap();
    let sidecar_edit = jianbao(s.path(), &["build"]);
    assert_eq!(cache_counts(&stdout(&sidecar_edit)), (1, 2));

    let clean = jianbao(s.path(), &["build", "--no-cache", "--output", "clean"]);
    assert!(clean.status.success());
    assert_eq!(tree(&s.path().join("output")), tree(&s.path().join("clean")));
    let page = std::fs::read_to_string(s.path().join("output/data/articles.json")).unwrap();
    assert!(page.contains("2023-07-16"));

    // A setting that changes extraction invalidates every entry.
    let yaml = s.path().join("site.yaml");
    std::fs::write(&yaml, std::fs::read_to_string(&yaml).unwrap().replace("2023", "2022")).unwrap();
    assert_eq!(cache_counts(&stdout(&jianbao(s.path(), &["build"]))), (3, 0));
    // ...and one that does not, invalidates none.
    std::fs::write(
        &yaml,
        std::fs::read_to_string(&yaml)
            .unwrap()
            .replace("测试简报", "另一个标题"),
    )
    .unwrap();
    assert_eq!(cache_counts(&stdout(&jianbao(s.path(), &["build"]))), (0, 3));
    let index = s.path().join("output/index.html");
    assert!(
        std::fs::read_to_string(&index).unwrap().contains("另一个标题"),
        "site pages follow the config"
    );

    // Nothing changed, but an output file was deleted or edited: it is written again.
    std::fs::remove_file(&index).unwrap();
    assert!(jianbao(s.path(), &["build"]).status.success());
    assert!(std::fs::read_to_string(&index).unwrap().contains("另一个标题"));
    let before = tree(&s.path().join("output"));
    std::fs::write(&index, "edited by hand").unwrap();
    assert!(jianbao(s.path(), &["build"]).status.success());
    assert_eq!(tree(&s.path().join("output")), before);
}

#[test]
fn corrupt_cache_is_ignored_and_rebuilt() {
    let s = site("cli");
    assert!(jianbao(s.path(), &["build"]).status.success());
    let good = tree(&s.path().join("output"));
    for entry in std::fs::read_dir(s.path().join(".jianbao/cache")).unwrap() {
        std::fs::write(entry.unwrap().path(), b"{\"tool\": truncated").unwrap();
    }
    let o = jianbao(s.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(cache_counts(&stdout(&o)), (3, 0));
    assert_eq!(tree(&s.path().join("output")), good);
    assert_eq!(cache_counts(&stdout(&jianbao(s.path(), &["build"]))), (0, 3));
}

#[test]
fn config_errors_name_file_and_line_and_exit_2() {
    let cases: &[(&str, &str)] = &[
        ("title: x\ntheme: [unclosed\n", "error: site.yaml:"),
        (
            "title: x\nthem: default\n",
            "error: site.yaml:2: unknown key `them`, did you mean `theme`?",
        ),
        ("title: x\ntheme: nope\n", "error: site.yaml:2: theme `nope` not found"),
    ];
    for (yaml, want) in cases {
        let s = site("cli");
        assert!(jianbao(s.path(), &["build"]).status.success());
        let before = tree(&s.path().join("output"));
        std::fs::write(s.path().join("site.yaml"), yaml).unwrap();
        for cmd in ["build", "check"] {
            let o = jianbao(s.path(), &[cmd]);
            assert_eq!(o.status.code(), Some(2), "{cmd} with {yaml:?}: {}", stderr(&o));
            let first = stderr(&o).lines().next().unwrap_or_default().to_string();
            assert!(first.starts_with(want), "{cmd}: `{first}` does not start with `{want}`");
        }
        assert_eq!(tree(&s.path().join("output")), before, "previous output unchanged");
    }
    let tmp = tempfile::tempdir().unwrap();
    let o = jianbao(tmp.path(), &["build"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("error: site.yaml: cannot read it"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn unreadable_content_is_a_build_error_naming_the_file() {
    let s = site("cli");
    assert!(jianbao(s.path(), &["build"]).status.success());
    let before = tree(&s.path().join("output"));
    // A sidecar must be UTF-8; these bytes are not.
    std::fs::write(s.path().join("content/bus.yaml"), [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let o = jianbao(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let first = err.lines().find(|l| l.starts_with("error: ")).unwrap_or_default();
    assert!(
        first.starts_with("error: content/bus.yaml: cannot read the sidecar"),
        "{err}"
    );
    assert_eq!(tree(&s.path().join("output")), before);
}

#[test]
fn unwritable_output_and_broken_templates_keep_the_previous_site() {
    let s = site("cli");
    assert!(jianbao(s.path(), &["build"]).status.success());
    let before = tree(&s.path().join("output"));

    std::fs::write(s.path().join("blocker"), "a file, not a folder").unwrap();
    let o = jianbao(s.path(), &["build", "--output", "blocker/site"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
    assert!(err.contains("blocker"), "{err}");

    let template = s.path().join("themes/default/templates/index.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{good}\n{{% if %}}\n")).unwrap();
    let o = jianbao(s.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let first = err.lines().find(|l| l.starts_with("error: ")).unwrap_or_default();
    assert!(
        first.starts_with("error: themes/default/templates/index.html:"),
        "{err}"
    );
    assert_eq!(tree(&s.path().join("output")), before);
}

#[test]
fn check_reports_links_and_warnings_and_writes_nothing() {
    let s = site("cli");
    let o = jianbao(s.path(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("checked 3 articles"), "{}", stdout(&o));
    assert!(!s.path().join("output").exists(), "check writes no output");
    assert!(!s.path().join(".jianbao/cache").exists(), "check writes no cache");

    // Two files with the same stem: a duplicate slug warning, an error only with --strict.
    std::fs::write(
        s.path().join("content/sub/bus.txt"),
        "公交站台改造\n\n全市改造公交站台30个。\n",
    )
    .unwrap();
    let o = jianbao(s.path(), &["check"]);
    assert!(o.status.success());
    assert!(
        stderr(&o).contains("warning: content/sub/bus.txt: slug `bus` is already used"),
        "{}",
        stderr(&o)
    );
    let strict = jianbao(s.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("error: content/sub/bus.txt: slug"),
        "{}",
        stderr(&strict)
    );

    // A hand-written article linking to a page and an anchor that do not exist.
    std::fs::write(
        s.path().join("content/links.md"),
        "---\ntitle: 链接\n---\n\n见[不存在的文章](/articles/nope/)。\n\n见[第九段](/articles/bus/#p99)。\n",
    )
    .unwrap();
    let o = jianbao(s.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error: articles/links/index.html:")
            && err.contains("(article content/links.md): broken link `/articles/nope/`"),
        "{err}"
    );
    assert!(err.contains("broken anchor `/articles/bus/#p99`"), "{err}");
}

#[test]
fn clean_prints_markdown_and_the_md_then_wins() {
    let s = site("cli");
    let o = jianbao(s.path(), &["clean", "content/library.txt"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(md.starts_with("---\ntitle: "), "{md}");
    assert!(md.contains("2000余册"), "{md}");
    assert!(stderr(&o).contains("content/library.md"), "{}", stderr(&o));

    let edited = md.replacen("title: ", "title: 手工修订的标题 ", 1);
    std::fs::write(s.path().join("content/library.md"), edited).unwrap();
    let b = jianbao(s.path(), &["build"]);
    assert!(b.status.success(), "{}", stderr(&b));
    assert!(
        stdout(&b).contains("built 3 articles"),
        "the .txt is not built beside its .md"
    );
    let json = std::fs::read_to_string(s.path().join("output/data/articles.json")).unwrap();
    assert!(json.contains("手工修订的标题"));
    assert!(json.contains("library.md") && !json.contains("library.txt"), "{json}");

    let missing = jianbao(s.path(), &["clean", "content/none.txt"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(
        stderr(&missing).starts_with("error: content/none.txt"),
        "{}",
        stderr(&missing)
    );
}

/// A running `jianbao serve`, killed when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_server(dir: &Path, extra: &[&str]) -> Server {
    let mut child = Command::new(BIN)
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(i) = line.find("http://") {
                let url = line[i..].split_whitespace().next().unwrap_or_default().to_string();
                let _ = tx.send(url);
            }
        }
    });
    let url = rx.recv_timeout(Duration::from_secs(60)).expect("server did not start");
    Server { child, url }
}

/// GET over loopback with a plain HTTP/1.0 request: (status, body).
fn get(url: &str) -> (u16, String) {
    let rest = url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let path = if path.is_empty() { "/" } else { path };
    let Ok(mut stream) = TcpStream::connect(host) else {
        return (0, String::new());
    };
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = write!(
        stream,
        "GET {path} HTTP/1.0\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    );
    let mut bytes = Vec::new();
    let _ = stream.read_to_end(&mut bytes);
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Polls `url` until `ok` holds for the response, for at most 30 seconds.
fn wait_for(url: &str, what: &str, ok: impl Fn(u16, &str) -> bool) -> (u16, String) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (status, body) = get(url);
        if ok(status, &body) {
            return (status, body);
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; last: {status} {body}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn serve_rebuilds_on_change_shows_errors_and_recovers() {
    let s = site("cli");
    let server = start_server(s.path(), &[]);
    let (status, page) = get(&server.url);
    assert_eq!(status, 200);
    assert!(
        page.contains("测试简报") && page.contains("/__jianbao/version"),
        "{page}"
    );
    let version = get(&format!("{}__jianbao/version", server.url)).1;

    // Edit an article: its page shows the new text, and the version the pages poll changes.
    let bus = s.path().join("content/bus.txt");
    std::fs::write(
        &bus,
        std::fs::read_to_string(&bus)
            .unwrap()
            .replace("城区新增公交线路3条", "城区新增夜班公交线路3条"),
    )
    .unwrap();
    wait_for(
        &format!("{}articles/bus/", server.url),
        "the edited article",
        |st, b| st == 200 && b.contains("夜班公交"),
    );
    // The version moves once the build is published (just after its files are in place).
    wait_for(&format!("{}__jianbao/version", server.url), "a new version", |_, v| {
        v != version
    });

    // Break a template: every page is the error page, naming the template and line.
    let template = s.path().join("themes/default/templates/index.html");
    let good = std::fs::read_to_string(&template).unwrap();
    std::fs::write(&template, format!("{good}\n{{% if %}}\n")).unwrap();
    let (_, error_page) = wait_for(&server.url, "the error page", |st, _| st == 500);
    assert!(
        error_page.contains("themes/default/templates/index.html:"),
        "{error_page}"
    );
    assert!(
        error_page.contains("/__jianbao/version"),
        "the error page reloads itself"
    );

    // Fix it: the site comes back, with the template edit.
    std::fs::write(&template, good.replace("<h1>", "<h1 class=\"fixed\">")).unwrap();
    wait_for(&server.url, "recovery", |st, b| {
        st == 200 && b.contains("class=\"fixed\"")
    });

    // A site templates/ folder created while serving is watched, and overrides the theme's.
    std::fs::create_dir_all(s.path().join("templates")).unwrap();
    std::fs::write(
        s.path().join("templates/index.html"),
        "{% extends \"base.html\" %}{% block content %}<p>站点模板</p>{% endblock %}",
    )
    .unwrap();
    wait_for(&server.url, "the site's own template", |st, b| {
        st == 200 && b.contains("站点模板")
    });
}

#[test]
fn serve_honours_a_base_url_sub_path() {
    let s = site("cli");
    let server = start_server(s.path(), &["--base-url", "https://example.org/digest/"]);
    assert!(server.url.ends_with("/digest/"), "{}", server.url);
    let (status, page) = get(&server.url);
    assert_eq!(status, 200);
    // Links are relative, so they resolve under the sub-path the page is served at.
    assert!(page.contains("href=\"articles/"), "{page}");
    assert_eq!(get(&format!("{}articles/bus/", server.url)).0, 200);
    let root = server.url.trim_end_matches("digest/").to_string();
    assert_eq!(get(&root).0, 302);
    assert_eq!(get(&format!("{root}articles/bus/")).0, 404);
    assert_eq!(get(&format!("{}articles/bus/", server.url)).0, 200);
}
