//! Updating an existing output folder in place, for rebuilds. Writing a whole site into a fresh
//! folder costs one file creation per page, and on a busy disk that is most of a rebuild's time
//! (measured in docs/performance.md). A rebuild after a small edit changes few files, so only
//! those are written.
//!
//! A failed build still leaves the previous site untouched: the changed files are first written
//! to a temporary folder beside the output, and only when all of them are written are they
//! renamed into place one by one (a rename replaces a file whole, so no page is ever seen half
//! written). Files the new site no longer has are then removed.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use walkdir::WalkDir;

use crate::output::{self, OutFile};

/// What an update did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UpdateStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
}

/// Makes `out_dir` hold exactly `files`, the files of `static_dirs` (later folders override
/// earlier ones, generated files override static ones) and the files `kept` from the last build
/// (left as they are, unread: the caller knows they would come out the same), writing only what
/// differs.
pub fn update_site(out_dir: &Path, files: &[OutFile], kept: &[String], static_dirs: &[PathBuf]) -> Result<UpdateStats> {
    let mut wanted = wanted_files(files, static_dirs)?;
    let mut stats = UpdateStats::default();
    let mut changed: Vec<(&str, &[u8])> = Vec::new();
    for (path, bytes) in &wanted {
        // A file of another size has changed: no need to read it.
        let same_size = std::fs::metadata(out_dir.join(path)).is_ok_and(|m| m.len() == bytes.len() as u64);
        match same_size.then(|| std::fs::read(out_dir.join(path))) {
            Some(Ok(old)) if old.as_slice() == bytes.as_ref() => stats.unchanged += 1,
            _ => changed.push((path.as_str(), bytes.as_ref())),
        }
    }
    stats.unchanged += kept.len();

    let staging = output::staging_dir(out_dir, "update")?;
    let staged = stage(&staging, &changed);
    if staged.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    staged?;
    let moved = move_into_place(&staging, out_dir, &changed);
    let _ = std::fs::remove_dir_all(&staging);
    moved?;
    stats.written = changed.len();
    for path in kept {
        wanted.entry(path.clone()).or_insert(Cow::Borrowed(&[]));
    }
    stats.removed = remove_stale(out_dir, &wanted)?;
    Ok(stats)
}

/// Every output path with its bytes: static files, then generated files over them.
fn wanted_files<'a>(files: &'a [OutFile], static_dirs: &[PathBuf]) -> Result<BTreeMap<String, Cow<'a, [u8]>>> {
    let mut wanted = BTreeMap::new();
    for dir in static_dirs.iter().filter(|d| d.is_dir()) {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            if !entry.file_type().is_file() {
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(dir) else {
                continue;
            };
            let bytes =
                std::fs::read(entry.path()).with_context(|| format!("{}: cannot read", entry.path().display()))?;
            wanted.insert(rel.to_string_lossy().replace('\\', "/"), Cow::Owned(bytes));
        }
    }
    for f in files {
        wanted.insert(f.path.clone(), Cow::Borrowed(f.bytes.as_slice()));
    }
    Ok(wanted)
}

fn stage(staging: &Path, changed: &[(&str, &[u8])]) -> Result<()> {
    output::fresh_staging(staging)?;
    for (path, bytes) in changed {
        output::write_file(staging, path, bytes)?;
    }
    Ok(())
}

fn move_into_place(staging: &Path, out_dir: &Path, changed: &[(&str, &[u8])]) -> Result<()> {
    for (path, _) in changed {
        let target = out_dir.join(path);
        if let Some(parent) = target.parent() {
            make_folder(out_dir, parent)?;
        }
        if target.is_dir() {
            std::fs::remove_dir_all(&target).with_context(|| format!("{}: cannot replace", target.display()))?;
        }
        std::fs::rename(staging.join(path), &target)
            .with_context(|| format!("{}: cannot move the new file into place", target.display()))?;
    }
    Ok(())
}

/// Creates `dir` under `root`, removing a file that stands where a folder must be.
fn make_folder(root: &Path, dir: &Path) -> Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut current = root.to_path_buf();
    for c in dir.strip_prefix(root).unwrap_or(dir).components() {
        current.push(c);
        if current.is_file() {
            std::fs::remove_file(&current).with_context(|| format!("{}: cannot replace", current.display()))?;
        }
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))
}

/// Removes files the new site does not have, then the folders left empty.
fn remove_stale(out_dir: &Path, wanted: &BTreeMap<String, Cow<[u8]>>) -> Result<usize> {
    let mut removed = 0;
    let mut dirs = Vec::new();
    for entry in WalkDir::new(out_dir).min_depth(1).into_iter().filter_map(|e| e.ok()) {
        let Ok(rel) = entry.path().strip_prefix(out_dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if entry.file_type().is_dir() {
            dirs.push(entry.path().to_path_buf());
        } else if !wanted.contains_key(&rel) {
            std::fs::remove_file(entry.path()).with_context(|| format!("{}: cannot remove", entry.path().display()))?;
            removed += 1;
        }
    }
    // Deepest first, so a folder's empty sub-folders are gone before it is tried.
    dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
    for d in dirs {
        let _ = std::fs::remove_dir(d);
    }
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_tree(dir: &Path) -> BTreeMap<String, String> {
        WalkDir::new(dir)
            .into_iter()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                (rel, std::fs::read_to_string(e.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn kept_files_stay_as_they_are_and_are_not_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let first = [
            OutFile::text("a/index.html", "a".into()),
            OutFile::text("b/index.html", "b".into()),
        ];
        update_site(&out, &first, &[], &[]).unwrap();
        let stats = update_site(
            &out,
            &[OutFile::text("b/index.html", "b2".into())],
            &["a/index.html".into()],
            &[],
        )
        .unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (1, 1, 0));
        assert_eq!(std::fs::read_to_string(out.join("a/index.html")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(out.join("b/index.html")).unwrap(), "b2");
        // Not kept and not written: removed.
        let stats = update_site(&out, &[OutFile::text("b/index.html", "b2".into())], &[], &[]).unwrap();
        assert_eq!((stats.written, stats.unchanged, stats.removed), (0, 1, 1));
        assert!(!out.join("a/index.html").exists());
    }

    #[test]
    fn writes_only_what_changed_and_removes_what_is_gone() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        let static_dir = tmp.path().join("static");
        std::fs::create_dir_all(&static_dir).unwrap();
        std::fs::write(static_dir.join("style.css"), "css").unwrap();
        let first = [
            OutFile::text("index.html", "1".into()),
            OutFile::text("a/index.html", "a".into()),
            OutFile::text("b/index.html", "b".into()),
        ];
        let stats = update_site(&out, &first, &[], std::slice::from_ref(&static_dir)).unwrap();
        assert_eq!(stats.written, 4);
        let second = [
            OutFile::text("index.html", "2".into()),
            OutFile::text("a/index.html", "a".into()),
            OutFile::text("c/d/index.html", "d".into()),
        ];
        let stats = update_site(&out, &second, &[], std::slice::from_ref(&static_dir)).unwrap();
        assert_eq!(
            stats,
            UpdateStats {
                written: 2,
                unchanged: 2,
                removed: 1
            }
        );
        let want: BTreeMap<String, String> = [
            ("index.html", "2"),
            ("a/index.html", "a"),
            ("c/d/index.html", "d"),
            ("style.css", "css"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(read_tree(&out), want);
        assert!(!out.join("b").exists(), "empty folders are removed");
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            2,
            "no temporary folder left"
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        update_site(&out, &[OutFile::text("a.html", "good".into())], &[], &[]).unwrap();
        let bad = [
            OutFile::text("a.html", "new".into()),
            OutFile::text("b", "x".into()),
            OutFile::text("b/c.html", "y".into()),
        ];
        assert!(update_site(&out, &bad, &[], &[]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "good");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_file_where_a_folder_must_be_is_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        update_site(&out, &[OutFile::text("x", "file".into())], &[], &[]).unwrap();
        update_site(&out, &[OutFile::text("x/index.html", "page".into())], &[], &[]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("x/index.html")).unwrap(), "page");
    }
}
