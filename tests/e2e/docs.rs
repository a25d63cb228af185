//! Docs that are tests: every shell block of docs/plugins.md and of the READMEs that
//! `riskcard plugin new` writes runs, in order and exactly as written, in a fresh home
//! directory with `riskcard` on the `PATH` — scaffold, build, test, keygen, sign, trust,
//! `assess --require-signed`. A block that no longer works fails the suite, so the
//! tutorial cannot rot again (issue #16: every signing command in it exited 2).
//!
//! A block runs when its fence says `sh` (the whole block) or `console` (its `$ `
//! lines); blocks without a language are output and are not run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::guests::{command, js_plugin};
use crate::support::{cache_dir, criterion, repo, riskcard, scorecard};

/// The shell blocks of `markdown`, in order: (line of the opening fence, commands).
pub fn shell_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut open: Option<(usize, &str, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        match &mut open {
            None => {
                if let Some(info) = line.trim_start().strip_prefix("```") {
                    open = Some((index + 1, info.trim(), String::new()));
                }
            }
            Some((start, info, text)) => {
                if line.trim_start() == "```" {
                    if !text.trim().is_empty() {
                        blocks.push((*start, std::mem::take(text)));
                    }
                    open = None;
                } else if *info == "sh" {
                    text.push_str(line);
                    text.push('\n');
                } else if *info == "console"
                    && let Some(command) = line.strip_prefix("$ ")
                {
                    text.push_str(command);
                    text.push('\n');
                }
            }
        }
    }
    blocks
}

/// A directory holding only `riskcard`, the binary under test, for the front of `PATH`.
fn bin_dir(home: &Path) -> PathBuf {
    let bin = home.join(".riskcard-under-test");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_riskcard"), bin.join("riskcard")).unwrap();
    bin
}

/// The real home's directory `name` (a toolchain or a package cache), when `variable`
/// does not name it.
fn tool_home(variable: &str, name: &str) -> PathBuf {
    std::env::var_os(variable)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(std::env::var_os("HOME").expect("HOME is set")).join(name))
}

/// Runs the shell blocks of `doc` (named `label` in messages) in one bash process, so
/// that `cd` and variables carry over as they would for a reader typing them, from
/// `start` with `home` as the home directory. Toolchains and package caches stay the
/// real ones (a reader has them installed); riskcard's compiled-code cache is the
/// suite's. Prints the wall time; panics naming the failing block.
fn run_doc(label: &str, doc: &str, start: &Path, home: &Path) {
    let blocks = shell_blocks(doc);
    assert!(!blocks.is_empty(), "{label} has no shell blocks");
    let mut script = String::from("set -euo pipefail\n");
    for (line, block) in &blocks {
        let quoted = label.replace('\'', "'\\''");
        script.push_str(&format!("echo '>>> {quoted}:{line}' >&2\nset -x\n{block}set +x\n"));
    }
    let path = format!("{}:{}", bin_dir(home).display(), std::env::var("PATH").unwrap_or_default());
    let started = Instant::now();
    let output = command("bash", start)
        .args(["-c", &script])
        .env("HOME", home)
        .env("PATH", path)
        .env("CARGO_HOME", tool_home("CARGO_HOME", ".cargo"))
        .env("RUSTUP_HOME", tool_home("RUSTUP_HOME", ".rustup"))
        .env("npm_config_cache", tool_home("npm_config_cache", ".npm"))
        .env("PIP_CACHE_DIR", tool_home("PIP_CACHE_DIR", ".cache/pip"))
        .env("RISKCARD_CACHE_DIR", cache_dir())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("bash runs");
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let failed_at = stderr.lines().rev().find(|line| line.starts_with(">>> ")).unwrap_or("?");
    let tail: String = {
        let text = format!("{}\n--- stderr ---\n{stderr}", String::from_utf8_lossy(&output.stdout));
        text.chars().rev().take(8000).collect::<Vec<_>>().into_iter().rev().collect()
    };
    assert!(output.status.success(), "a shell block of {label} fails as written: {failed_at}\n…{tail}");
    eprintln!("{label}: {} shell blocks ran in {:.1} s", blocks.len(), elapsed.as_secs_f64());
}

#[test]
fn shell_blocks_are_found_with_their_lines() {
    let doc = "# t\n\n```sh\na\nb\n```\n\n```\noutput\n```\n\n```console\n$ c\nout\n```\n\n```toml\nx = 1\n```\n";
    assert_eq!(shell_blocks(doc), [(3, "a\nb\n".to_owned()), (12, "c\n".to_owned())]);
}

/// The tutorial, scaffold to signed to assessed, then the JavaScript section.
#[test]
fn the_plugin_tutorial_runs_as_written() {
    js_plugin(); // npm's cache then holds componentize-qjs
    let home = tempfile::tempdir().unwrap();
    let doc = std::fs::read_to_string(repo().join("docs/plugins.md")).unwrap();
    run_doc("docs/plugins.md", &doc, home.path(), home.path());

    let project = home.path().join("work/acme-checks");
    let card = scorecard(&project.join("scorecards/example-vendor.json"));
    assert_eq!(card["provenance"]["rubric"]["id"], "my-rubric", "{}", card["provenance"]["rubric"]);
    let new = criterion(&card, "security-txt");
    assert_eq!((new["status"].as_str(), new["score"].as_i64()), (Some("partial"), Some(90)), "{new}");
    assert!(criterion(&card, "authentication")["status"] == "pass", "the baseline's criteria are there too");
    let plugins = card["provenance"]["plugins"].to_string();
    assert!(plugins.contains("acme-checks"), "{plugins}");
    assert!(home.path().join("work/acme-js/acme-js.wasm.sig").is_file(), "the JavaScript plugin was signed");
}

/// Scaffolds a project in `lang` and runs its README's shell blocks in it.
fn readme_runs_as_written(lang: &str) {
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("acme-checks");
    let run = riskcard([
        "plugin".as_ref(),
        "new".as_ref(),
        "acme-checks".as_ref(),
        "--lang".as_ref(),
        lang.as_ref(),
        "--dir".as_ref(),
        project.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    run_doc(&format!("README.md of the {lang} scaffold"), &readme, &project, home.path());
    let card = scorecard(&project.join("scorecards/example-vendor.json"));
    assert_eq!(criterion(&card, "security-txt")["status"], "partial", "{card}");
}

#[test]
fn the_rust_scaffold_readme_runs_as_written() {
    readme_runs_as_written("rust");
}

#[test]
fn the_javascript_scaffold_readme_runs_as_written() {
    js_plugin();
    readme_runs_as_written("js");
}

#[test]
fn the_python_scaffold_readme_runs_as_written() {
    readme_runs_as_written("python");
}
