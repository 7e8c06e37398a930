//! Output stage: write the site atomically. The new site is built in a temporary folder beside
//! the output folder and swapped in only when every file was written, so a failed build leaves
//! the last good site untouched.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use walkdir::WalkDir;

/// One file of the site, path relative to the output root with `/` separators.
#[derive(Debug, Clone, PartialEq)]
pub struct OutFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

impl OutFile {
    pub fn text(path: impl Into<String>, text: String) -> OutFile {
        OutFile {
            path: path.into(),
            bytes: text.into_bytes(),
        }
    }
}

/// Writes `files` and copies `static_dirs` (in order; later ones override earlier ones) into
/// `out_dir`, atomically.
pub fn write_site(out_dir: &Path, files: &[OutFile], static_dirs: &[PathBuf]) -> Result<()> {
    let staging = staging_dir(out_dir, "new")?;
    if let Some(parent) = staging.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    let result = fill(&staging, files, static_dirs).and_then(|()| swap_in(&staging, out_dir));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&staging);
    }
    result
}

/// A temporary folder beside `out_dir` (same file system, so renames out of it are atomic):
/// `.<name>.<purpose>-<pid>`.
pub(crate) fn staging_dir(out_dir: &Path, purpose: &str) -> Result<PathBuf> {
    let name = out_dir
        .file_name()
        .ok_or_else(|| anyhow!("{}: not a folder name", out_dir.display()))?
        .to_string_lossy()
        .into_owned();
    let parent = match out_dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok(parent.join(format!(".{name}.{purpose}-{}", std::process::id())))
}

/// Makes `staging` an empty folder, removing what a crashed build may have left there.
pub(crate) fn fresh_staging(staging: &Path) -> Result<()> {
    if staging.exists() {
        std::fs::remove_dir_all(staging)
            .with_context(|| format!("{}: cannot remove a stale temporary folder", staging.display()))?;
    }
    std::fs::create_dir_all(staging).with_context(|| {
        format!(
            "{}: cannot create a temporary folder beside the output; check permissions or pass --output",
            staging.display()
        )
    })
}

/// Writes `bytes` to `root/rel`, creating the folders on the way.
pub(crate) fn write_file(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let target = root.join(rel);
    if let Some(p) = target.parent() {
        std::fs::create_dir_all(p).with_context(|| format!("{}: cannot create", p.display()))?;
    }
    std::fs::write(&target, bytes).with_context(|| format!("{}: cannot write", target.display()))
}

fn fill(staging: &Path, files: &[OutFile], static_dirs: &[PathBuf]) -> Result<()> {
    fresh_staging(staging)?;
    for dir in static_dirs.iter().filter(|d| d.is_dir()) {
        for entry in WalkDir::new(dir).sort_by_file_name() {
            let entry = entry.with_context(|| format!("reading {}", dir.display()))?;
            let rel = entry
                .path()
                .strip_prefix(dir)
                .expect("walkdir yields paths under its root");
            let target = staging.join(rel);
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).with_context(|| format!("{}: cannot create", target.display()))?;
            } else {
                std::fs::copy(entry.path(), &target)
                    .with_context(|| format!("copying {} to {}", entry.path().display(), target.display()))?;
            }
        }
    }
    for file in files {
        write_file(staging, &file.path, &file.bytes)?;
    }
    Ok(())
}

/// Replaces `out_dir` with `staging`: the old site is renamed aside, the new one renamed in,
/// and the old one removed. If the second rename fails, the old site is put back.
fn swap_in(staging: &Path, out_dir: &Path) -> Result<()> {
    if out_dir.exists() {
        let old = staging.with_extension("old");
        let _ = std::fs::remove_dir_all(&old);
        std::fs::rename(out_dir, &old).with_context(|| {
            format!(
                "{}: cannot replace the output folder; check permissions or pass --output",
                out_dir.display()
            )
        })?;
        if let Err(e) = std::fs::rename(staging, out_dir) {
            let _ = std::fs::rename(&old, out_dir);
            return Err(e).with_context(|| format!("{}: cannot move the new site into place", out_dir.display()));
        }
        std::fs::remove_dir_all(&old).with_context(|| format!("{}: cannot remove the previous site", old.display()))?;
    } else {
        std::fs::rename(staging, out_dir)
            .with_context(|| format!("{}: cannot move the new site into place", out_dir.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_previous_site_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        write_site(
            &out,
            &[
                OutFile::text("a.html", "1".into()),
                OutFile::text("x/b.html", "2".into()),
            ],
            &[],
        )
        .unwrap();
        write_site(&out, &[OutFile::text("a.html", "3".into())], &[]).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "3");
        assert!(!out.join("x").exists(), "files of the previous build do not linger");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary folders left beside the output");
    }

    #[test]
    fn a_failed_write_leaves_the_old_site() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("output");
        write_site(&out, &[OutFile::text("a.html", "good".into())], &[]).unwrap();
        // A file path that needs a folder where a file already is: the write fails midway.
        let bad = [OutFile::text("b", "x".into()), OutFile::text("b/c.html", "y".into())];
        assert!(write_site(&out, &bad, &[]).is_err());
        assert_eq!(std::fs::read_to_string(out.join("a.html")).unwrap(), "good");
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
