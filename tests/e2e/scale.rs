//! Portfolio scale: parallel runs give the same scorecards and comparison as serial ones,
//! shards partition a portfolio's scorecards exactly (leaving the comparison to
//! publish), bad `--shard`/`--jobs` values are usage errors, and the compiled-code cache
//! is used warm and never trusted when tampered with.

use std::collections::BTreeSet;
use std::ffi::OsStr;
use std::path::Path;

use crate::support::{assess_baseline, files_in, repo, riskcard, riskcard_in};

/// A synthetic portfolio of `count` vendors.
fn portfolio(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary directory");
    riskcard::synth::write_portfolio(dir.path(), 2026, count).expect("write portfolio");
    dir
}

/// Runs `assess` on `dossiers` into `out` with `extra` arguments; returns the stdout.
fn assess(dossiers: &Path, out: &Path, extra: &[&str]) -> String {
    let run = assess_baseline(dossiers, out, extra);
    assert!(matches!(run.code, 0 | 1), "assess failed: {}", run.stderr);
    run.stdout
}

fn read(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).expect("scorecard exists")
}

#[test]
fn two_jobs_write_the_same_scorecards_and_summary_as_one() {
    let dossiers = portfolio(40);
    let serial = tempfile::tempdir().unwrap();
    let parallel = tempfile::tempdir().unwrap();
    let serial_summary = assess(dossiers.path(), serial.path(), &["--jobs", "1"]);
    let parallel_summary = assess(dossiers.path(), parallel.path(), &["--jobs", "2"]);
    let mut files = files_in(serial.path());
    assert_eq!(files.len(), 82, "a JSON and an HTML scorecard per vendor, the dashboard and its lists");
    assert_eq!(files, files_in(parallel.path()));
    files.retain(|name| name != "lists");
    assert!(files.iter().any(|name| name == "index.html"));
    let lists = files_in(&serial.path().join("lists"));
    assert_eq!(lists, files_in(&parallel.path().join("lists")));
    files.extend(lists.into_iter().map(|name| format!("lists/{name}")));
    for name in &files {
        assert!(read(serial.path(), name) == read(parallel.path(), name), "{name} differs between --jobs 1 and 2");
    }
    let table = |summary: &str| summary.lines().take(41).collect::<Vec<_>>().join("\n");
    assert_eq!(table(&serial_summary), table(&parallel_summary));
    let order: Vec<&str> = serial_summary.lines().skip(1).take(40).map(|line| &line[..13]).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "the summary lists vendors in input order");
}

#[test]
fn the_shards_of_a_portfolio_together_are_the_whole_run() {
    let dossiers = portfolio(30);
    let whole = tempfile::tempdir().unwrap();
    assess(dossiers.path(), whole.path(), &[]);
    let mut seen = BTreeSet::new();
    for shard in ["1/3", "2/3", "3/3"] {
        let out = tempfile::tempdir().unwrap();
        assess(dossiers.path(), out.path(), &["--shard", shard]);
        let files = files_in(out.path());
        assert!(!files.is_empty() && files.len() < 60, "shard {shard} holds {} files", files.len());
        for name in files {
            assert!(read(out.path(), &name) == read(whole.path(), &name), "{name} in shard {shard} differs");
            assert!(seen.insert(name.clone()), "{name} is in two shards");
        }
    }
    let mut whole_files = files_in(whole.path());
    assert!(whole_files.iter().any(|name| name == "index.html"), "the whole run has a dashboard of every vendor");
    whole_files.retain(|name| name != "index.html" && name != "lists");
    assert!(!seen.contains("index.html") && !seen.contains("lists"), "a shard has no dashboard of its slice");
    assert_eq!(seen.into_iter().collect::<Vec<_>>(), whole_files);
}

#[test]
fn bad_shard_and_jobs_values_are_usage_errors() {
    let dossiers = portfolio(2);
    let out = tempfile::tempdir().unwrap();
    for (flag, value) in
        [("--shard", "0/3"), ("--shard", "4/3"), ("--shard", "1/0"), ("--shard", "two"), ("--jobs", "0")]
    {
        let run = riskcard([
            OsStr::new("assess"),
            dossiers.path().as_os_str(),
            OsStr::new("--rubric"),
            OsStr::new("rubrics/crm-baseline.toml"),
            OsStr::new("--out"),
            out.path().as_os_str(),
            OsStr::new(flag),
            OsStr::new(value),
        ]);
        assert_eq!(run.code, 2, "{flag} {value}: {}", run.stderr);
        assert!(run.stderr.contains(flag) && run.stderr.contains(value), "{flag} {value}: {}", run.stderr);
        assert!(files_in(out.path()).is_empty(), "nothing is written for {flag} {value}");
    }
}

/// `plugin list` with its own cache directory and cache events logged; returns stderr.
fn list_plugins(cache: &Path) -> String {
    let cache = cache.to_str().expect("temporary directories have UTF-8 paths");
    let run =
        riskcard_in(&repo(), &[("RISKCARD_CACHE_DIR", cache), ("RISKCARD_LOG", "riskcard=debug")], ["plugin", "list"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("certifications"), "{}", run.stdout);
    run.stderr
}

#[test]
fn a_warm_start_loads_compiled_plugins_from_the_cache_and_a_tampered_entry_is_recompiled() {
    let cache = tempfile::tempdir().unwrap();
    let cold = list_plugins(cache.path());
    assert!(cold.contains("compiled-code cache miss") && cold.contains("entry written"), "{cold}");
    let warm = list_plugins(cache.path());
    assert!(warm.contains("compiled-code cache hit") && !warm.contains("miss"), "{warm}");

    let entries: Vec<_> = files_in(cache.path()).into_iter().filter(|name| name.ends_with(".cwasm")).collect();
    assert!(!entries.is_empty());
    for name in &entries {
        let path = cache.path().join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        let middle = bytes.len() / 2;
        bytes[middle] ^= 0xff;
        std::fs::write(&path, &bytes).unwrap();
    }
    let tampered = list_plugins(cache.path());
    assert!(!tampered.contains("compiled-code cache hit"), "a tampered entry was loaded: {tampered}");
    assert_eq!(tampered.matches("failed authentication; recompiling").count(), entries.len(), "{tampered}");
    assert_eq!(tampered.matches("entry written").count(), entries.len(), "{tampered}");
    let again = list_plugins(cache.path());
    assert!(again.contains("compiled-code cache hit") && !again.contains("recompiling"), "{again}");
}
