//! The browser test suite: builds the sample site with both themes and checks it in headless
//! Chromium (navigation, figure highlights, search, filters, layouts at 375 and 1280 px,
//! axe-core, the vnu validator). The checks live in `tests/browser/run.mjs`; this runs them
//! from `cargo test`, with the binary cargo just built.

use std::path::Path;
use std::process::Command;

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn the_site_works_in_a_real_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "headless Chromium is needed at {chromium}: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM)"
    );
    assert!(
        have("node", "--version"),
        "Node.js is needed: apt-get install -y nodejs npm"
    );
    assert!(
        have("java", "-version"),
        "Java is needed for the vnu validator: apt-get install -y default-jre-headless"
    );
    if !dir.join("node_modules").is_dir() {
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(&dir)
            .status()
            .expect("npm runs");
        assert!(status.success(), "npm ci failed in {}", dir.display());
    }
    let status = Command::new("node")
        .arg("run.mjs")
        .current_dir(&dir)
        .env("JIANBAO_BIN", env!("CARGO_BIN_EXE_jianbao"))
        .env("CHROMIUM", &chromium)
        .status()
        .expect("node runs");
    assert!(
        status.success(),
        "browser checks failed (see the FAIL lines above; screenshots in target/screenshots/)"
    );
}
