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

/// Where to keep screenshots the browser tests take: `$RISKCARD_SCREENSHOTS`, relative
/// to the repository root (as the README's command gives it), or `None` to keep none.
pub fn screenshots_dir() -> Option<PathBuf> {
    std::env::var_os("RISKCARD_SCREENSHOTS").map(|dir| repo().join(dir))
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

/// What a run of the binary cost, as the kernel accounted it when the child exited.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    /// The child's peak resident set, in MiB.
    pub peak_rss_mib: u64,
    /// Wall-clock time from spawn to exit.
    pub wall: std::time::Duration,
}

/// Runs `riskcard` with `args` in `dir` (environment as [`riskcard_in`]) and measures
/// it with [`measured`].
pub fn riskcard_measured<I, S>(dir: &Path, args: I) -> (Run, Cost)
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    let mut command = Command::new(env!("CARGO_BIN_EXE_riskcard"));
    command.args(args).current_dir(dir);
    measured(command)
}

/// The variable that makes [`measure_wrapper`] wrap a command: a JSON array of the
/// working directory, the program, its arguments, and the directory for the results.
const WRAP_VARIABLE: &str = "RISKCARD_E2E_MEASURE";

/// Runs `command` (with the environment [`riskcard_in`] gives) to its end and measures
/// it. A child's peak RSS as `wait4` reports it includes the peak of the process it was
/// spawned from (the kernel carries it over `execve`), and this test process may hold
/// hundreds of MiB; so the command is spawned from a fresh, small copy of this test
/// binary running [`measure_wrapper`], which reports the command's own figures.
pub fn measured(command: Command) -> (Run, Cost) {
    let results = tempfile::tempdir().expect("temporary directory");
    let mut spec = vec![
        command.get_current_dir().unwrap_or(Path::new(".")).to_string_lossy().into_owned(),
        command.get_program().to_string_lossy().into_owned(),
    ];
    spec.extend(command.get_args().map(|arg| arg.to_string_lossy().into_owned()));
    spec.push(results.path().to_string_lossy().into_owned());
    let started = std::time::Instant::now();
    let status = Command::new(std::env::current_exe().expect("the test binary"))
        .args(["support::measure_wrapper", "--exact", "--test-threads", "1", "-q"])
        .env(WRAP_VARIABLE, serde_json::to_string(&spec).expect("JSON"))
        .env("NO_COLOR", "1")
        .env("RISKCARD_CACHE_DIR", cache_dir())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .status()
        .expect("the test binary runs");
    let wall = started.elapsed();
    assert!(status.success(), "the measuring wrapper failed");
    let read = |name: &str| std::fs::read_to_string(results.path().join(name)).expect("the wrapper's results");
    let figures: Vec<i64> = serde_json::from_str(&read("figures.json")).expect("figures");
    let run =
        Run { code: i32::try_from(figures[0]).expect("exit code"), stdout: read("stdout"), stderr: read("stderr") };
    assert!(!run.stderr.contains("panicked"), "riskcard panicked: {}", run.stderr);
    // Linux reports ru_maxrss in KiB.
    (run, Cost { peak_rss_mib: u64::try_from(figures[1]).unwrap_or(0) / 1024, wall })
}

/// Runs `command` to its end, writing its output to `results`, and returns its exit
/// code (negated signal when killed) and peak RSS in KiB, from `wait4`.
#[expect(clippy::zombie_processes, reason = "the child is reaped by wait4, which std does not know of")]
fn run_and_wait4(mut command: Command, results: &Path) -> (i64, i64) {
    let file = |name: &str| std::fs::File::create(results.join(name)).expect("result file");
    let child = command
        .stdin(std::process::Stdio::null())
        .stdout(file("stdout"))
        .stderr(file("stderr"))
        .spawn()
        .expect("the command runs");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std reaps only in `wait`), and both
    // out-pointers point to live values of the right types.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 reaps the child");
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    (i64::from(code), usage.ru_maxrss)
}

/// With [`WRAP_VARIABLE`] set, this test is the wrapper [`measured`] spawns. Without
/// it, it checks what the wrapper is for: a child's peak RSS, measured through it, is
/// the child's own even when this process holds far more.
#[test]
fn measure_wrapper() {
    if let Some(spec) = std::env::var_os(WRAP_VARIABLE) {
        let spec: Vec<String> = serde_json::from_str(&spec.to_string_lossy()).expect("wrap spec");
        let (dir, program, rest) = (&spec[0], &spec[1], &spec[2..]);
        let (args, results) = rest.split_at(rest.len() - 1);
        let mut command = Command::new(program);
        command.current_dir(dir).args(args).env_remove(WRAP_VARIABLE);
        let (code, peak_rss_kib) = run_and_wait4(command, Path::new(&results[0]));
        std::fs::write(Path::new(&results[0]).join("figures.json"), format!("[{code},{peak_rss_kib}]"))
            .expect("write figures");
        return;
    }
    let ballast = vec![1u8; 300 << 20];
    let (run, cost) = riskcard_measured(&repo(), ["--version"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(cost.peak_rss_mib < 100, "{} MiB measured beside {} MiB here", cost.peak_rss_mib, ballast.len() >> 20);
    std::hint::black_box(&ballast);
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
