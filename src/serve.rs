//! `jianbao serve`: build, serve the site on 127.0.0.1, rebuild (incrementally, through the
//! article cache) when a source changes, and reload open pages.
//!
//! Pages get a small script that polls `/__jianbao/version`; every build, good or bad, changes
//! the version, so a page reloads after each rebuild. While the last build failed, every page
//! is an error page that shows the diagnostics and keeps polling, so fixing the file brings the
//! page back by itself. Polling needs no websocket and works behind any `base_url` sub-path.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use notify_debouncer_full::notify::event::{AccessKind, AccessMode, MetadataKind, ModifyKind};
use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use percent_encoding::percent_decode_str;
use tiny_http::{Header, Response, Server};

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::pipeline::{self, BuildError, BuildOptions, BuildReport, Progress};

/// Path of the version endpoint the reload script polls. Outside any base path on purpose: the
/// script does not need to know the site's prefix.
pub const VERSION_PATH: &str = "/__jianbao/version";

/// Where `serve` writes the site unless `--output` says otherwise: beside the cache, so serving
/// never replaces the `output/` a user may be about to publish.
pub const SERVE_DIR: &str = ".jianbao/serve";

/// What `jianbao serve` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct ServeOptions {
    pub build: BuildOptions,
    /// 0 picks a free port.
    pub port: u16,
}

/// Receives what the server does, so the command line decides how to show it.
pub trait ServeLog {
    /// The server is listening at `url` (the site's root, with its base path).
    fn listening(&self, url: &str);
    /// These sources changed; a rebuild starts.
    fn changed(&self, paths: &[PathBuf]);
    /// A build finished.
    fn built(&self, result: &Result<BuildReport, BuildError>);
    /// Progress of the per-article stages of a build.
    fn progress(&self) -> &dyn Progress;
}

/// The state the HTTP thread serves from.
#[derive(Debug, Default)]
struct LiveState {
    /// Changes on every build, good or bad.
    version: u64,
    /// The last build's diagnostics, when it failed.
    error: Option<Vec<Diagnostic>>,
}

/// Builds, serves and watches until the process is stopped. Returns only on a setup error
/// (port in use, nothing to watch).
pub fn serve(opts: &ServeOptions, log: &dyn ServeLog) -> Result<()> {
    let site_dir = pipeline::site_dir_of(&opts.build.config);
    let mut build_opts = opts.build.clone();
    let root = build_opts
        .output
        .get_or_insert_with(|| site_dir.join(SERVE_DIR))
        .clone();
    let state = Arc::new(Mutex::new(LiveState::default()));

    // A broken first build still starts the server: the page shows the error, and fixing the
    // file brings the site up.
    rebuild(&build_opts, &state, log);
    // Fixed for the server's life: changing `base_url` needs a restart.
    let base = base_path(&build_opts, &opts.build.config);

    let server = Server::http(("127.0.0.1", opts.port))
        .map_err(|e| anyhow!("cannot listen on 127.0.0.1:{}: {e}; pass another --port", opts.port))?;
    let addr = server
        .server_addr()
        .to_ip()
        .ok_or_else(|| anyhow!("the server has no IP address"))?;
    log.listening(&format!("http://{addr}{base}"));
    {
        let state = Arc::clone(&state);
        let root = root.clone();
        let base = base.clone();
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let response = respond(request.url(), &root, &base, &state);
                let _ = request.respond(response);
            }
        });
    }

    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(Duration::from_millis(150), None, tx).context("starting the file watcher")?;
    let mut watching = std::collections::BTreeSet::new();
    for dir in watched_dirs(&site_dir, &opts.build.config) {
        debouncer
            .watch(&dir, RecursiveMode::Recursive)
            .with_context(|| format!("{}: cannot watch", dir.display()))?;
        watching.insert(dir);
    }
    debouncer
        .watch(&site_dir, RecursiveMode::NonRecursive)
        .with_context(|| format!("{}: cannot watch", site_dir.display()))?;

    let config_name = opts.build.config.file_name().map(|n| n.to_os_string());
    for result in rx {
        let Ok(events) = result else { continue };
        let mut changed: Vec<PathBuf> = events
            .iter()
            .filter(|e| is_change(&e.event.kind))
            .flat_map(|e| e.event.paths.iter())
            .filter(|p| is_source(p, &site_dir, config_name.as_deref()))
            .cloned()
            .collect();
        // A folder created while serving (the site's first `templates/`, say) is watched from
        // now on, and counts as a change itself.
        for dir in watched_dirs(&site_dir, &opts.build.config) {
            if !watching.contains(&dir) && debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() {
                changed.push(dir.clone());
                watching.insert(dir);
            }
        }
        changed.sort();
        changed.dedup();
        if changed.is_empty() {
            continue;
        }
        log.changed(&changed);
        rebuild(&build_opts, &state, log);
    }
    Ok(())
}

/// Builds once and publishes the result to the HTTP thread.
fn rebuild(opts: &BuildOptions, state: &Mutex<LiveState>, log: &dyn ServeLog) {
    let result = pipeline::build_with(opts, log.progress());
    log.built(&result);
    let mut s = state.lock().unwrap_or_else(|e| e.into_inner());
    s.version += 1;
    s.error = result.as_ref().err().map(|e| e.diagnostics.clone());
}

/// The base path served: from site.yaml (or `--base-url`), `/` when the config cannot be read.
fn base_path(opts: &BuildOptions, config: &Path) -> String {
    let mut c = SiteConfig::load(config).unwrap_or_default();
    if let Some(url) = &opts.base_url {
        c.base_url = url.clone();
    }
    c.base_path()
}

/// The folders whose changes trigger a rebuild: content, themes, and the site's own templates
/// and static files.
fn watched_dirs(site_dir: &Path, config: &Path) -> Vec<PathBuf> {
    let content = SiteConfig::load(config)
        .map(|c| site_dir.join(c.content_dir))
        .unwrap_or_else(|_| site_dir.join("content"));
    [
        content,
        site_dir.join("themes"),
        site_dir.join("templates"),
        site_dir.join("static"),
    ]
    .into_iter()
    .filter(|d| d.is_dir())
    .collect()
}

/// Changes that can alter the site. Opening or reading a file (the build itself does that)
/// must not trigger a rebuild, or every build would cause the next.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)) => false,
        _ => true,
    }
}

/// A path a rebuild depends on: anything in the watched folders except editors' temporary
/// files, and the config file itself in the site folder. The serve output and the cache are
/// under `.jianbao/`, a hidden folder, and so never count.
fn is_source(path: &Path, site_dir: &Path, config_name: Option<&std::ffi::OsStr>) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp") {
        return false;
    }
    let rel = match path.strip_prefix(site_dir) {
        Ok(r) => r,
        // Watchers report absolute paths; compare canonical forms when the site dir is relative.
        Err(_) => match std::fs::canonicalize(site_dir)
            .ok()
            .and_then(|d| path.strip_prefix(d).ok().map(Path::to_path_buf))
        {
            Some(r) => return is_source_rel(&r, config_name),
            None => return false,
        },
    };
    is_source_rel(rel, config_name)
}

fn is_source_rel(rel: &Path, config_name: Option<&std::ffi::OsStr>) -> bool {
    let mut components = rel.components();
    let first = components.next().map(|c| c.as_os_str().to_string_lossy().into_owned());
    match first {
        Some(f) if f.starts_with('.') => false,
        Some(_) if components.next().is_none() => rel.file_name() == config_name,
        Some(_) => true,
        None => false,
    }
}

/// Answers one request: the version endpoint, the error page while the build is broken, or a
/// file of the site (HTML with the reload script).
fn respond(url: &str, root: &Path, base: &str, state: &Mutex<LiveState>) -> Response<std::io::Cursor<Vec<u8>>> {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let (version, error) = {
        let s = state.lock().unwrap_or_else(|e| e.into_inner());
        (s.version, s.error.clone())
    };
    if path == VERSION_PATH {
        return text_response(200, "text/plain; charset=utf-8", version.to_string().into_bytes());
    }
    let Some(rel) = path
        .strip_prefix(base)
        .or_else(|| (format!("{path}/") == base).then_some(""))
    else {
        return if path == "/" { redirect(base) } else { not_found(root) };
    };
    let rel = percent_decode_str(rel).decode_utf8_lossy().into_owned();
    if rel.split('/').any(|seg| seg == "..") {
        return not_found(root);
    }
    let mut file = root.join(&rel);
    let looks_like_page = rel.is_empty() || rel.ends_with('/') || rel.ends_with(".html") || file.is_dir();
    if let Some(diagnostics) = error.filter(|_| looks_like_page) {
        return html_response(500, error_page(&diagnostics));
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return redirect(&format!("{path}/"));
        }
        file = file.join("index.html");
    }
    match std::fs::read(&file) {
        Ok(bytes) => {
            let content_type = content_type(&file);
            if content_type.starts_with("text/html") {
                html_response(200, inject_reload(&String::from_utf8_lossy(&bytes)))
            } else {
                text_response(200, content_type, bytes)
            }
        }
        Err(_) => not_found(root),
    }
}

fn not_found(root: &Path) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = std::fs::read_to_string(root.join("404.html")).unwrap_or_else(|_| "<h1>404</h1>".into());
    html_response(404, inject_reload(&page))
}

fn redirect(to: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = text_response(302, "text/plain; charset=utf-8", Vec::new());
    if let Ok(h) = Header::from_bytes(&b"Location"[..], to.as_bytes()) {
        r.add_header(h);
    }
    r
}

fn html_response(status: u16, html: String) -> Response<std::io::Cursor<Vec<u8>>> {
    text_response(status, "text/html; charset=utf-8", html.into_bytes())
}

fn text_response(status: u16, content_type: &str, bytes: Vec<u8>) -> Response<std::io::Cursor<Vec<u8>>> {
    let mut r = Response::from_data(bytes).with_status_code(status);
    for (k, v) in [("Content-Type", content_type), ("Cache-Control", "no-store")] {
        if let Ok(h) = Header::from_bytes(k.as_bytes(), v.as_bytes()) {
            r.add_header(h);
        }
    }
    r
}

/// The script that reloads the page when the site was rebuilt.
const RELOAD_SCRIPT: &str = r#"<script>(function(){var seen=null;function poll(){fetch("/__jianbao/version",{cache:"no-store"}).then(function(r){return r.text();}).then(function(v){if(seen===null){seen=v;}else if(v!==seen){location.reload();}}).catch(function(){}).then(function(){setTimeout(poll,500);});}poll();})();</script>"#;

/// Puts the reload script just before `</body>`, or at the end when there is none.
pub fn inject_reload(html: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_SCRIPT}\n{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD_SCRIPT}\n"),
    }
}

/// The page shown instead of the site while the last build failed.
pub fn error_page(diagnostics: &[Diagnostic]) -> String {
    let items: String = diagnostics
        .iter()
        .map(|d| format!("<pre>{}</pre>\n", escape_html(&d.to_string())))
        .collect();
    inject_reload(&format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>jianbao: build failed</title>\
         <style>body{{font-family:sans-serif;margin:2em;max-width:60em}}pre{{white-space:pre-wrap;background:#fff0f0;\
         border-left:4px solid #c33;padding:1em}}</style></head>\n<body><h1>The build failed</h1>\n{items}\
         <p>Fix the file and save it: this page reloads by itself.</p></body></html>\n"
    ))
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// Content types by file extension, for the files a site has.
const CONTENT_TYPES: &[(&str, &str)] = &[
    ("html", "text/html; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("mjs", "text/javascript; charset=utf-8"),
    ("json", "application/json"),
    ("svg", "image/svg+xml"),
    ("xml", "application/xml"),
    ("md", "text/markdown; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("png", "image/png"),
    ("jpg", "image/jpeg"),
    ("jpeg", "image/jpeg"),
    ("gif", "image/gif"),
    ("webp", "image/webp"),
    ("ico", "image/x-icon"),
    ("woff", "font/woff"),
    ("woff2", "font/woff2"),
    ("wasm", "application/wasm"),
];

fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    CONTENT_TYPES
        .iter()
        .find(|(e, _)| *e == ext)
        .map(|(_, t)| *t)
        .unwrap_or("application/octet-stream")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(r: Response<std::io::Cursor<Vec<u8>>>) -> (u16, String) {
        let status = r.status_code().0;
        let mut reader = r.into_reader();
        let mut s = String::new();
        std::io::Read::read_to_string(&mut reader, &mut s).unwrap();
        (status, s)
    }

    #[test]
    fn reload_script_goes_before_body_end() {
        let html = inject_reload("<html><body><p>x</p></body></html>");
        assert!(html.ends_with("</script>\n</body></html>"), "{html}");
        assert!(inject_reload("<p>fragment</p>").starts_with("<p>fragment</p><script>"));
    }

    #[test]
    fn only_sources_trigger_rebuilds() {
        let config = Some(std::ffi::OsStr::new("site.yaml"));
        let cases = [
            ("site.yaml", true),
            ("content/a.txt", true),
            ("themes/default/templates/base.html", true),
            ("notes.txt", false),
            (".jianbao/serve/index.html", false),
            (".jianbao/cache/x.json", false),
        ];
        for (path, want) in cases {
            assert_eq!(is_source_rel(Path::new(path), config), want, "{path}");
        }
        let site = Path::new("/site");
        assert!(!is_source(Path::new("/site/content/.a.txt.swp"), site, config));
        assert!(!is_source(Path::new("/site/content/a.txt~"), site, config));
        assert!(is_source(Path::new("/site/content/a.txt"), site, config));
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Read))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
    }

    #[test]
    fn requests_map_to_files_under_the_base_path() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("articles/疫情")).unwrap();
        std::fs::write(root.join("index.html"), "<body>home</body>").unwrap();
        std::fs::write(root.join("articles/疫情/index.html"), "<body>article</body>").unwrap();
        std::fs::write(root.join("style.css"), "body{}").unwrap();
        let state = Mutex::new(LiveState {
            version: 7,
            error: None,
        });
        let get = |url: &str| body(respond(url, root, "/sub/", &state));
        assert_eq!(get("/__jianbao/version"), (200, "7".into()));
        let (status, home) = get("/sub/");
        assert_eq!(status, 200);
        assert!(home.contains("home") && home.contains("__jianbao/version"));
        assert_eq!(get("/sub/articles/%E7%96%AB%E6%83%85/").0, 200);
        assert_eq!(get("/sub/articles/%E7%96%AB%E6%83%85").0, 302);
        assert_eq!(get("/sub/style.css"), (200, "body{}".into()));
        assert_eq!(get("/").0, 302);
        assert_eq!(get("/sub").0, 302);
        assert_eq!(get("/style.css").0, 404);
        assert_eq!(get("/sub/../../etc/passwd").0, 404);
        assert_eq!(get("/sub/missing.html").0, 404);

        state.lock().unwrap().error = Some(vec![Diagnostic::error("themes/t/base.html:3:1: <bad>")]);
        let (status, page) = get("/sub/");
        assert_eq!(status, 500);
        assert!(page.contains("themes/t/base.html:3:1: &lt;bad&gt;"), "{page}");
        assert_eq!(
            get("/sub/style.css").0,
            200,
            "assets are still served while the build is broken"
        );
    }
}
