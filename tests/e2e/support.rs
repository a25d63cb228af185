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

/// Runs `command` (with the environment [`riskcard_in`] gives) to its end and measures
/// it: the peak RSS comes from `wait4`, which reports the child's own resource usage.
pub fn measured(mut command: Command) -> (Run, Cost) {
    use std::io::Read;
    use std::process::Stdio;

    let started = std::time::Instant::now();
    let mut child = command
        .env("NO_COLOR", "1")
        .env("RISKCARD_CACHE_DIR", cache_dir())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command runs");
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            pipe.read_to_end(&mut text).expect("read the child's output");
            String::from_utf8_lossy(&text).into_owned()
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("piped stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("piped stderr")));
    let pid = libc::pid_t::try_from(child.id()).expect("a pid fits pid_t");
    let mut status = 0;
    // SAFETY: an all-zero `rusage` is a valid value of the plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std reaps only in `wait`), and both
    // out-pointers point to live values of the right types.
    let reaped = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid, "wait4 reaps the child");
    let wall = started.elapsed();
    let code = if libc::WIFEXITED(status) { libc::WEXITSTATUS(status) } else { -libc::WTERMSIG(status) };
    let run = Run { code, stdout: stdout.join().expect("stdout"), stderr: stderr.join().expect("stderr") };
    assert!(!run.stderr.contains("panicked"), "riskcard panicked: {}", run.stderr);
    // Linux reports ru_maxrss in KiB.
    let peak_rss_mib = u64::try_from(usage.ru_maxrss).unwrap_or(0) / 1024;
    (run, Cost { peak_rss_mib, wall })
}
