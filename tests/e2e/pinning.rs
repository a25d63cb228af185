//! Pinning: `riskcard plugin lock` records every plugin's name, version and sha256;
//! under a lockfile a plugin whose bytes changed, or that was never pinned, is refused
//! before it runs (exit 2, both hashes shown, no scorecard). Rubric plugin version
//! requirements are checked with semver.

use std::path::Path;

use crate::bad_input::{GOOD_DOSSIER, baseline};
use crate::support::{files_in, plugin_dir, riskcard, riskcard_in, write};

/// Runs `riskcard plugin lock` for the plugins in `plugins`, writing `lock`.
fn lock(plugins: &Path, lock: &Path) {
    let run = riskcard([
        "plugin".as_ref(),
        "lock".as_ref(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--out".as_ref(),
        lock.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
}

/// Assesses the good dossier with `plugins` under `lock`; returns the run and the files written.
fn assess(dir: &Path, plugins: &Path, lock: &Path) -> (crate::support::Run, Vec<String>) {
    let dossier = write(dir, "acme.toml", GOOD_DOSSIER);
    let out = dir.join("out");
    let run = riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        baseline().as_os_str(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--lock".as_ref(),
        lock.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    (run, files_in(&out))
}

#[test]
fn lock_pins_name_version_and_sha256_of_every_plugin() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let path = dir.path().join("riskcard.lock");
    lock(plugins.path(), &path);
    let text = std::fs::read_to_string(&path).unwrap();
    let hostile = riskcard::fsio::sha256_hex(&std::fs::read(plugins.path().join("hostile.wasm")).unwrap());
    let lockfile: toml::Table = toml::from_str(&text).unwrap();
    let pins = lockfile["plugin"].as_array().unwrap();
    let sources: Vec<&str> = pins.iter().map(|p| p["source"].as_str().unwrap()).collect();
    assert!(sources.is_sorted(), "pins are in a stable order: {sources:?}");
    assert!(sources.iter().all(|s| *s == "hostile.wasm" || s.starts_with("embedded:")), "{sources:?}");
    let pinned = |source: &str| {
        pins.iter()
            .find(|p| p["source"].as_str() == Some(source))
            .unwrap_or_else(|| panic!("{source} is not pinned: {text}"))
    };
    let hostile_pin = pinned("hostile.wasm");
    assert_eq!(hostile_pin["name"].as_str(), Some("hostile"));
    assert_eq!(hostile_pin["version"].as_str(), Some("0.0.1"));
    assert_eq!(hostile_pin["sha256"].as_str(), Some(hostile.as_str()));
    let embedded = pinned("embedded:certifications");
    assert_eq!(embedded["name"].as_str(), Some("certifications"));
    assert_eq!(embedded["version"].as_str(), Some("1.0.0"));
    assert_eq!(embedded["sha256"].as_str().map(str::len), Some(64));
}

#[test]
fn a_tampered_plugin_under_a_lockfile_is_refused_showing_both_hashes_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let path = dir.path().join("riskcard.lock");
    lock(plugins.path(), &path);
    let (run, written) = assess(dir.path(), plugins.path(), &path);
    assert!(run.code <= 1, "the pinned plugin loads: {run:?}");
    assert_eq!(written, ["acme.html", "acme.json"]);

    let file = plugins.path().join("hostile.wasm");
    let pinned = riskcard::fsio::sha256_hex(&std::fs::read(&file).unwrap());
    let mut bytes = std::fs::read(&file).unwrap();
    bytes.extend_from_slice(b"\0\x07payload");
    std::fs::write(&file, &bytes).unwrap();
    let found = riskcard::fsio::sha256_hex(&bytes);
    let fresh = tempfile::tempdir().unwrap();
    let (run, written) = assess(fresh.path(), plugins.path(), &path);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty(), "no scorecard is written: {written:?}");
    assert!(run.stderr.contains("hostile.wasm: plugin refused: its bytes changed"), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("pins sha256 {pinned}")), "{}", run.stderr);
    assert!(run.stderr.contains(&format!("has sha256 {found}")), "{}", run.stderr);
    assert!(run.stderr.contains("run `riskcard plugin lock` again"), "{}", run.stderr);
}

#[test]
fn a_plugin_missing_from_the_lockfile_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let empty = tempfile::tempdir().unwrap();
    let path = dir.path().join("riskcard.lock");
    lock(empty.path(), &path);
    let plugins = plugin_dir(&["hostile"]);
    let (run, written) = assess(dir.path(), plugins.path(), &path);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    assert!(run.stderr.contains("hostile.wasm: plugin refused: it is not pinned in"), "{}", run.stderr);
}

#[test]
fn riskcard_lock_in_the_current_directory_is_used_without_a_flag() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    lock(plugins.path(), &dir.path().join("riskcard.lock"));
    std::fs::write(plugins.path().join("hostile.wasm"), b"\0asm\x0d\0\x01\0").unwrap();
    let list = riskcard_in(
        dir.path(),
        &[],
        ["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), plugins.path().as_os_str()],
    );
    assert_eq!(list.code, 2, "{list:?}");
    assert!(list.stderr.contains("its bytes changed: riskcard.lock pins sha256"), "{}", list.stderr);
}

#[test]
fn a_malformed_lockfile_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "riskcard.lock", "version = 1\n\n[[plugin]]\nname = \"x\"\n");
    let plugins = tempfile::tempdir().unwrap();
    let (run, written) = assess(dir.path(), plugins.path(), &path);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(written.is_empty());
    assert!(run.stderr.contains("riskcard.lock:3:"), "{}", run.stderr);
    assert!(run.stderr.contains("riskcard plugin lock"), "{}", run.stderr);
}

#[test]
fn rubric_plugin_version_requirements_are_checked_with_semver() {
    let dir = tempfile::tempdir().unwrap();
    let rubric = |requirement: &str| {
        write(
            dir.path(),
            "versioned.toml",
            &format!(
                "id = \"versioned\"\nversion = \"1.0.0\"\ntitle = \"Versioned\"\n\n[plugins]\ncertifications = \"{requirement}\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n"
            ),
        )
    };
    let unmet = rubric("^2");
    let run = riskcard(["rubric".as_ref(), "check".as_ref(), unmet.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("versioned.toml:6:"), "{}", run.stderr);
    assert!(
        run.stderr.contains("plugin `certifications` is version 1.0.0, which does not meet `^2`"),
        "{}",
        run.stderr
    );
    let met = rubric("^1.0");
    let run = riskcard(["rubric".as_ref(), "check".as_ref(), met.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
}
