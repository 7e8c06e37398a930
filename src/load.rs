//! Load stage: find content files with walkdir, decode them (UTF-8 with or without BOM,
//! UTF-16 with BOM, GB18030/GBK, detected with chardetng), and read each file's optional
//! sidecar `<stem>.yaml`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use walkdir::WalkDir;

use crate::config::describe_yaml_error;

/// Whether a content file is raw text for the cleaner or an article already in Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `.txt`: scraped or OCR'd text that the cleaner turns into Markdown.
    Raw,
    /// `.md`: Markdown, optionally with front matter; enters the pipeline as an article.
    Markdown,
}

/// One decoded content file.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path relative to the content folder, with `/` separators.
    pub path: String,
    pub kind: SourceKind,
    pub text: String,
    /// Name of the encoding the bytes were decoded from (`UTF-8`, `GB18030`, `UTF-16LE` …).
    pub encoding: &'static str,
    pub sidecar: Sidecar,
    /// Problems met while decoding (undecodable bytes with their offset).
    pub warnings: Vec<String>,
}

impl Source {
    /// Raw text given directly rather than read from a file (tests, benchmarks, `jianbao clean`
    /// on standard input): UTF-8, no sidecar, no warnings.
    pub fn from_text(path: &str, text: &str) -> Source {
        Source {
            path: path.into(),
            kind: SourceKind::Raw,
            text: text.into(),
            encoding: "UTF-8",
            sidecar: Sidecar::default(),
            warnings: Vec::new(),
        }
    }
}

/// The optional `<stem>.yaml` next to a content file. Its front matter fields always win over
/// extraction; the other keys control how the file is processed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Sidecar {
    /// Front matter fields to set (title, date, source, authors, slug …), in file order.
    pub front: serde_yaml::Mapping,
    /// Force an encoding (`gbk`, `gb18030`, `utf-16le` …) instead of detecting it.
    pub encoding: Option<String>,
    /// Split a page holding several stories into one article per story (default: the site's).
    pub split: Option<bool>,
}

/// Sidecar keys that are not front matter fields.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SidecarControl {
    encoding: Option<String>,
    split: Option<bool>,
}

const CONTROL_KEYS: &[&str] = &["encoding", "split"];

/// Lists the content files (`.txt`, `.md`) under `dir`, sorted by path so builds are
/// reproducible. Sidecars and other files are skipped.
pub fn discover(dir: &Path) -> Result<Vec<PathBuf>> {
    if !dir.is_dir() {
        bail!(
            "content folder {} does not exist: create it or set `content_dir` in site.yaml",
            dir.display()
        );
    }
    let mut files = Vec::new();
    // Links are followed: a site may link articles in from elsewhere, and a broken link is an
    // error naming it rather than a file silently left out.
    for entry in WalkDir::new(dir).follow_links(true).sort_by_file_name() {
        let entry = entry.map_err(|e| match (e.path(), e.io_error()) {
            (Some(p), Some(io)) => anyhow::anyhow!("{}: cannot read it ({io}); fix or remove it", p.display()),
            _ => anyhow::anyhow!("reading content folder {}: {e}", dir.display()),
        })?;
        let path = entry.path();
        let hidden = path
            .strip_prefix(dir)
            .map(|p| p.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
            .unwrap_or(false);
        if entry.file_type().is_file() && !hidden && kind_of(path).is_some() {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn kind_of(path: &Path) -> Option<SourceKind> {
    match path.extension()?.to_str()? {
        "txt" => Some(SourceKind::Raw),
        "md" | "markdown" => Some(SourceKind::Markdown),
        _ => None,
    }
}

/// Reads and decodes one content file and its sidecar.
pub fn load(content_dir: &Path, path: &Path, site_encoding: Option<&str>) -> Result<Source> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let sidecar = read_sidecar(path)?;
    let forced = sidecar.encoding.as_deref().or(site_encoding);
    let (text, encoding, warnings) = decode(&bytes, forced).with_context(|| format!("{}", path.display()))?;
    let rel = path.strip_prefix(content_dir).unwrap_or(path);
    let rel = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    Ok(Source {
        kind: kind_of(path).unwrap_or(SourceKind::Raw),
        path: rel,
        text,
        encoding,
        sidecar,
        warnings,
    })
}

/// The sidecar of a content file: same folder, same stem, `.yaml` (or `.yml`).
pub fn sidecar_path(path: &Path) -> Option<PathBuf> {
    ["yaml", "yml"]
        .iter()
        .map(|ext| path.with_extension(ext))
        .find(|p| p.is_file())
}

fn read_sidecar(path: &Path) -> Result<Sidecar> {
    let Some(side) = sidecar_path(path) else {
        return Ok(Sidecar::default());
    };
    let text = std::fs::read_to_string(&side)
        .with_context(|| format!("{}: cannot read the sidecar (it must be UTF-8)", side.display()))?;
    parse_sidecar(&text).map_err(|e| anyhow::anyhow!("{}:{e}", side.display()))
}

/// Parses a sidecar's YAML. Keys must be front matter fields or control keys; an unknown key is
/// an error that names its line and the closest valid key.
pub fn parse_sidecar(text: &str) -> std::result::Result<Sidecar, String> {
    let value: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| describe_yaml_error(&e))?;
    let map = match value {
        serde_yaml::Value::Null => return Ok(Sidecar::default()),
        serde_yaml::Value::Mapping(m) => m,
        _ => return Err("1: a sidecar must be a YAML mapping of front matter fields (title: …)".into()),
    };
    let mut front = serde_yaml::Mapping::new();
    let mut control = serde_yaml::Mapping::new();
    let known = front_matter_keys();
    for (k, v) in map {
        let key = k.as_str().unwrap_or_default().to_string();
        if CONTROL_KEYS.contains(&key.as_str()) {
            control.insert(k, v);
        } else if known.contains(&key.as_str()) {
            front.insert(k, v);
        } else {
            let line = crate::config::line_of_key(text, &key);
            let mut all: Vec<&str> = known.clone();
            all.extend(CONTROL_KEYS);
            let hint = crate::config::closest(&key, &all)
                .map(|c| format!(", did you mean `{c}`?"))
                .unwrap_or_default();
            return Err(format!("{line}: unknown key `{key}`{hint}"));
        }
    }
    let control: SidecarControl =
        serde_yaml::from_value(serde_yaml::Value::Mapping(control)).map_err(|e| describe_yaml_error(&e))?;
    // Check that the fields have the right types now, not in the middle of the build.
    let mut probe = serde_yaml::Value::Mapping(front.clone());
    if let serde_yaml::Value::Mapping(m) = &mut probe {
        m.entry("title".into()).or_insert_with(|| "".into());
    }
    serde_yaml::from_value::<crate::article::FrontMatter>(probe).map_err(|e| describe_yaml_error(&e))?;
    Ok(Sidecar {
        front,
        encoding: control.encoding,
        split: control.split,
    })
}

/// The names of every front matter field (a test checks the list against the type).
pub fn front_matter_keys() -> Vec<&'static str> {
    vec![
        "title",
        "title_inferred",
        "slug",
        "date",
        "date_inferred",
        "source",
        "authors",
        "places",
        "persons",
        "organizations",
        "keywords",
        "summary",
        "chars",
        "reading_minutes",
        "figures",
        "events",
        "page",
        "quality",
    ]
}

/// Decodes bytes: a BOM decides; else a forced encoding; else valid UTF-8; else chardetng's
/// guess (GB18030 covers GBK and GB2312). Undecodable bytes become U+FFFD and a warning with the
/// byte offset of the first one.
pub fn decode(bytes: &[u8], forced: Option<&str>) -> Result<(String, &'static str, Vec<String>)> {
    let mut warnings = Vec::new();
    let encoding = if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        enc
    } else if let Some(name) = forced {
        encoding_rs::Encoding::for_label(name.as_bytes())
            .with_context(|| format!("unknown encoding `{name}`: use a label such as utf-8, gbk, gb18030, utf-16le"))?
    } else if std::str::from_utf8(bytes).is_ok() {
        encoding_rs::UTF_8
    } else {
        let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        det.feed(bytes, true);
        let guess = det.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
        if guess == encoding_rs::GBK {
            encoding_rs::GB18030
        } else {
            guess
        }
    };
    let (text, used, had_errors) = encoding.decode(bytes);
    if had_errors {
        let offset = first_bad_offset(bytes, used);
        warnings.push(format!("undecodable bytes as {} (first at byte offset {offset}); replaced with �. Set `encoding:` in the sidecar if the guess is wrong", used.name()));
    }
    Ok((text.into_owned(), used.name(), warnings))
}

/// Finds the byte offset of the first malformed sequence. The output buffer is sized for the
/// whole input, so the decoder stops only at a malformed sequence or the end.
fn first_bad_offset(bytes: &[u8], enc: &'static encoding_rs::Encoding) -> usize {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len() * 4);
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    match result {
        encoding_rs::DecoderResult::Malformed(bad, after) => read.saturating_sub(bad as usize + after as usize),
        _ => bytes.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_each_supported_encoding() {
        let text = "株洲日报讯 核酸检测2861人";
        let (gbk, _, _) = encoding_rs::GB18030.encode(text);
        let mut utf16 = vec![0xFF, 0xFE];
        for u in text.encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        let mut bom8 = vec![0xEF, 0xBB, 0xBF];
        bom8.extend_from_slice(text.as_bytes());
        for (bytes, name) in [
            (text.as_bytes().to_vec(), "UTF-8"),
            (bom8, "UTF-8"),
            (gbk.into_owned(), "gb18030"),
            (utf16, "UTF-16LE"),
        ] {
            let (decoded, enc, warnings) = decode(&bytes, None).unwrap();
            assert_eq!(decoded, text, "{name}");
            assert!(enc.eq_ignore_ascii_case(name), "{enc} vs {name}");
            assert!(warnings.is_empty());
        }
    }

    #[test]
    fn forced_encoding_wins_and_unknown_label_is_an_error() {
        let (gbk, _, _) = encoding_rs::GBK.encode("疫情");
        let (decoded, _, _) = decode(&gbk, Some("gbk")).unwrap();
        assert_eq!(decoded, "疫情");
        assert!(
            decode(b"abc", Some("klingon"))
                .unwrap_err()
                .to_string()
                .contains("klingon")
        );
    }

    #[test]
    fn undecodable_bytes_warn_with_offset_not_panic() {
        let mut bytes = "核酸".as_bytes().to_vec();
        bytes.extend_from_slice(&[0xFF, 0xFE, 0x00]);
        let (_, _, warnings) = decode(&bytes, Some("utf-8")).unwrap();
        assert!(warnings[0].contains("offset 6"), "{warnings:?}");
    }

    #[test]
    fn sidecar_sorts_front_matter_from_control_keys() {
        let s = parse_sidecar("title: 标题\ndate: 2021-08-20\nencoding: gbk\nsplit: false\n").unwrap();
        assert_eq!(s.encoding.as_deref(), Some("gbk"));
        assert_eq!(s.split, Some(false));
        assert_eq!(s.front.len(), 2);
    }

    #[test]
    fn sidecar_unknown_key_names_line_and_suggestion() {
        let err = parse_sidecar("title: 标题\nauthor: 张三\n").unwrap_err();
        assert!(err.starts_with("2: unknown key `author`"), "{err}");
        assert!(err.contains("authors"), "{err}");
        let err = parse_sidecar("authors: 3\n").unwrap_err();
        assert!(err.contains("authors") || err.contains("sequence"), "{err}");
    }

    #[test]
    fn front_matter_keys_match_the_type() {
        let full = crate::article::FrontMatter {
            slug: Some("s".into()),
            date: Some("2021-01-01".into()),
            date_inferred: true,
            title_inferred: true,
            source: Some("报".into()),
            page: Some(Default::default()),
            ..Default::default()
        };
        let serde_yaml::Value::Mapping(map) = serde_yaml::to_value(&full).unwrap() else {
            panic!("a mapping")
        };
        let mut from_type: Vec<&str> = map.keys().filter_map(|k| k.as_str()).collect();
        let mut listed = front_matter_keys();
        from_type.sort();
        listed.sort();
        assert_eq!(from_type, listed);
    }

    #[cfg(unix)]
    #[test]
    fn linked_files_are_read_and_a_broken_link_is_an_error_naming_it() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, "正文。").unwrap();
        let content = tmp.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::os::unix::fs::symlink(&elsewhere, content.join("linked.txt")).unwrap();
        assert_eq!(discover(&content).unwrap(), vec![content.join("linked.txt")]);
        std::os::unix::fs::symlink(tmp.path().join("missing.txt"), content.join("broken.txt")).unwrap();
        let err = discover(&content).unwrap_err().to_string();
        assert!(err.contains("broken.txt: cannot read it"), "{err}");
    }
}
