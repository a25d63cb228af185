//! Helpers shared by the end-to-end tests: running the binary, temporary workspaces,
//! and building the test-only plugins in `plugins/testing/` from source.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("host/ is inside the repository").to_owned()
}

/// The compiled-code cache the tests' runs share, kept out of the user's own.
pub fn cache_dir() -> PathBuf {
    repo().join("target").join("e2e-cache")
}

/// What a run of the binary did.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `riskcard` with `args` from the repository root.
pub fn riskcard<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    riskcard_in(&repo(), &[], args)
}

/// Runs `riskcard` with `args` in `dir`, with the extra environment variables `env`.
pub fn riskcard_in<I, S>(dir: &Path, env: &[(&str, &str)], args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_riskcard"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("RISKCARD_CACHE_DIR", cache_dir())
        .envs(env.iter().copied())
        .output()
        .expect("the riskcard binary runs");
    let run = Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(!run.stderr.contains("panicked"), "riskcard panicked: {}", run.stderr);
    run
}

/// Runs `assess` on `dossiers` against the CRM baseline rubric as of 2026-11-30, writing
/// to `out`, with `extra` arguments after.
pub fn assess_baseline(dossiers: &Path, out: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "assess".as_ref(),
        dossiers.as_os_str(),
        "--rubric".as_ref(),
        "rubrics/crm-baseline.toml".as_ref(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(OsStr::new));
    riskcard(args)
}

/// Builds the test-only plugin crate `name` (once per test process) and returns its component.
pub fn test_plugin(name: &str) -> PathBuf {
    static BUILT: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    let target_dir = repo().join("target").join("plugins");
    let wasm = target_dir.join("wasm32-wasip2").join("release").join(format!("{}.wasm", name.replace('-', "_")));
    let mut built = BUILT.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if !built.contains(name) {
        let status = Command::new(env!("CARGO"))
            .current_dir(repo().join("plugins"))
            .args(["build", "--release", "--target", "wasm32-wasip2", "-p", name, "--target-dir"])
            .arg(&target_dir)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .env_remove("CARGO_TARGET_DIR")
            .status()
            .expect("cargo runs");
        assert!(status.success(), "building test plugin {name} failed");
        built.insert(name.to_owned());
    }
    wasm
}

/// A directory holding copies of the given test plugins, for `--plugins`.
pub fn plugin_dir(names: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    for name in names {
        std::fs::copy(test_plugin(name), dir.path().join(format!("{name}.wasm"))).expect("copy plugin");
    }
    dir
}

/// Writes `text` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write test file");
    path
}

/// Reads a scorecard JSON file.
pub fn scorecard(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("scorecard exists")).expect("scorecard is JSON")
}

/// The criterion `id` in a scorecard.
pub fn criterion<'a>(card: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    card["criteria"]
        .as_array()
        .expect("criteria")
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no criterion {id}"))
}

/// Names of the files in `dir`, sorted; empty when it does not exist.
pub fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(Result::ok).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// Every HTML file under `dir`, sorted.
pub fn pages(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("directory exists") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            found.extend(pages(&path));
        } else if path.extension().is_some_and(|ext| ext == "html") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Every value of `href="…"` and `src="…"` in `html`.
pub fn links(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attribute in [" href=\"", " src=\""] {
        for rest in html.split(attribute).skip(1) {
            found.push(rest.split('"').next().expect("a closing quote").to_owned());
        }
    }
    found
}

/// Checks that every link of every page under `site` is relative and resolves to a file
/// in the site, and each `#fragment` to an id in its target. Returns the files reached,
/// relative to the site, and how many links were checked.
pub fn check_links(site: &Path) -> (BTreeSet<String>, usize) {
    let root = site.canonicalize().expect("site exists");
    let mut reached = BTreeSet::new();
    let mut checked = 0;
    for page in pages(site) {
        let html = std::fs::read_to_string(&page).expect("page is text");
        let mut targets = BTreeSet::new();
        for link in links(&html) {
            checked += 1;
            if link == "data:," {
                continue; // the empty favicon, so browsers ask for none
            }
            assert!(
                !link.contains("://") && !link.starts_with('/') && !link.contains(':'),
                "{link} in {page:?} is not relative"
            );
            let (file, fragment) = link.split_once('#').unwrap_or((&link, ""));
            if file.is_empty() {
                assert!(html.contains(&format!("id=\"{fragment}\"")), "#{fragment} is not in {page:?}");
                continue;
            }
            if targets.insert(link.clone()) {
                let target = page.parent().expect("a page is in a folder").join(file);
                let target = target.canonicalize().unwrap_or_else(|_| panic!("{link} in {page:?} resolves to no file"));
                assert!(target.starts_with(&root) && target.is_file(), "{link} in {page:?} leaves the site");
                if !fragment.is_empty() {
                    let text = std::fs::read_to_string(&target).expect("target is text");
                    assert!(text.contains(&format!("id=\"{fragment}\"")), "#{fragment} is not in {target:?}");
                }
                reached.insert(target.strip_prefix(&root).expect("inside the site").display().to_string());
            }
        }
    }
    (reached, checked)
}
