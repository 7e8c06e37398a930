//! Build script: embeds the default theme in the binary (so `jianbao init` works from any
//! folder) and derives a build id from the sources (so the article cache of one build of the
//! tool is never trusted by another, even when the version number did not change).

use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let theme = root.join("themes/default");
    println!("cargo:rerun-if-changed=themes/default");
    let mut files = Vec::new();
    collect_files(&theme, &mut files);
    files.sort();
    let mut table = String::from("&[\n");
    for path in &files {
        let rel = path
            .strip_prefix(&theme)
            .expect("collected under the theme folder")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        table.push_str(&format!(
            "    ({rel:?}, include_bytes!({:?})),\n",
            path.display().to_string()
        ));
    }
    table.push(']');
    std::fs::write(out.join("default_theme.rs"), table).expect("OUT_DIR is writable");

    println!("cargo:rerun-if-changed=src");
    let mut sources = Vec::new();
    collect_files(&root.join("src"), &mut sources);
    sources.sort();
    let mut hasher = DefaultHasher::new();
    for path in &sources {
        hasher.write(path.strip_prefix(&root).unwrap_or(path).to_string_lossy().as_bytes());
        hasher.write(&std::fs::read(path).unwrap_or_default());
    }
    println!("cargo:rustc-env=JIANBAO_BUILD_ID={:016x}", hasher.finish());
}

fn collect_files(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, files);
        } else if path.is_file() {
            files.push(path);
        }
    }
}
