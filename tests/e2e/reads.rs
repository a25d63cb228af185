//! Least privilege (contract 0.2): a plugin is given `vendor` and exactly the sections
//! and extensions the checks it is asked to evaluate declare; a rubric or trust policy
//! may forbid a section, and a plugin declaring it — or a 0.1 plugin, which reads
//! everything — is refused; `plugin inspect` and the scorecard's provenance show reads.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::compat::{build_fixture, rich_dossier, wit_files};
use crate::support::{Run, criterion, repo, riskcard, scorecard, write};

/// The probe built against the current contract, once per test process.
fn reads_probe() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = repo().join("target/plugins/reads-probe-src");
        build_fixture("reads-probe", &dir, "reads-probe", &wit_files(&repo().join("wit")))
    })
}

/// The 0.1 dossier probe, once per test process.
fn old_probe() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let dir = repo().join("target/plugins/dossier-probe-src");
        build_fixture("dossier-probe", &dir, "dossier-probe", &wit_files(&repo().join("wit/history/0.1.0")))
    })
}

/// A directory holding the given plugin components.
fn plugins(dir: &Path, wasm: &[&Path]) -> PathBuf {
    let plugins = dir.join("plugins");
    std::fs::create_dir_all(&plugins).unwrap();
    for file in wasm {
        std::fs::copy(file, plugins.join(file.file_name().unwrap())).unwrap();
    }
    plugins
}

/// A rubric with one criterion per check (`plugin/check`), and `extra` at the end.
fn rubric(dir: &Path, checks: &[&str], extra: &str) -> PathBuf {
    let criteria: String = checks
        .iter()
        .map(|check| {
            let id = check.replace('/', "-");
            format!("[[criteria]]\nid = \"{id}\"\npractice = \"trusted-provider\"\ncheck = \"{check}\"\nweight = 1\n\n")
        })
        .collect();
    write(
        dir,
        "rubric.toml",
        &format!(
            "id = \"reads\"\nversion = \"1.0.0\"\ntitle = \"Reads\"\n\n{criteria}[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n{extra}"
        ),
    )
}

/// Runs `assess` on the rich dossier, with `more` arguments.
fn assess(dir: &Path, rubric: &Path, plugins: &Path, more: &[&str]) -> Run {
    let dossier = write(dir, "northwind-crm.toml", &rich_dossier());
    let out = dir.join("out");
    let mut args: Vec<std::ffi::OsString> = vec!["assess".into(), dossier.into(), "--rubric".into(), rubric.into()];
    args.extend([
        "--plugins".into(),
        plugins.into(),
        "--as-of".into(),
        "2026-11-30".into(),
        "--out".into(),
        out.into(),
    ]);
    args.extend(more.iter().map(Into::into));
    riskcard(args)
}

/// The one finding's message of criterion `id` in the scorecard `assess` wrote.
fn seen(dir: &Path, id: &str) -> String {
    let card = scorecard(&dir.join("out/northwind-crm.json"));
    criterion(&card, id)["findings"][0]["message"].as_str().unwrap().to_owned()
}

#[test]
fn a_plugin_is_given_only_the_sections_and_extensions_its_requested_checks_declare() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe()]);
    let rubric = rubric(dir.path(), &["reads-probe/encryption"], "");
    let run = assess(dir.path(), &rubric, &plugins, &[]);
    assert!(run.code <= 1, "{run:?}");
    // The dossier has every section and a riskcard.sla extension; only these are given.
    assert_eq!(seen(dir.path(), "reads-probe-encryption"), "given: vendor, encryption; extensions: pci.segmentation");
}

#[test]
fn a_plugin_is_given_the_union_of_what_its_requested_checks_read() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe()]);
    let rubric = rubric(dir.path(), &["reads-probe/encryption", "reads-probe/incidents"], "");
    let run = assess(dir.path(), &rubric, &plugins, &[]);
    assert!(run.code <= 1, "{run:?}");
    for id in ["reads-probe-encryption", "reads-probe-incidents"] {
        assert_eq!(seen(dir.path(), id), "given: vendor, encryption, incidents; extensions: pci.segmentation");
    }
}

#[test]
fn a_read_forbidden_by_the_rubric_is_refused_naming_plugin_check_section_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe()]);
    let rubric = rubric(dir.path(), &["reads-probe/encryption"], "\n[reads]\nforbid = [\"incidents\"]\n");
    let run = assess(dir.path(), &rubric, &plugins, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("rubric.toml"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "plugin `reads-probe`'s check `reads-probe/incidents` reads `incidents`, which this rubric forbids (at `reads.forbid`)"
        ),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("out/northwind-crm.json").exists(), "nothing is written");
}

#[test]
fn a_read_forbidden_by_the_trust_policy_is_refused_naming_plugin_check_section_file_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe()]);
    let trust = write(dir.path(), "trust.toml", "[reads.plugins.reads-probe]\nforbid = [\"encryption\"]\n");
    let rubric = rubric(dir.path(), &["reads-probe/incidents"], "");
    let run = assess(dir.path(), &rubric, &plugins, &["--trust", trust.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    let expected = format!(
        "reads_probe.wasm: plugin refused: plugin `reads-probe`'s check `reads-probe/encryption` reads `encryption`, which the trust policy {} forbids at `reads.plugins.reads-probe.forbid`",
        trust.display()
    );
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
}

#[test]
fn an_unknown_section_in_a_trust_policy_is_bad_input_listing_the_valid_ones() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe()]);
    let trust = write(dir.path(), "trust.toml", "[reads]\nforbid = [\"incident\"]\n");
    let rubric = rubric(dir.path(), &["reads-probe/incidents"], "");
    let run = assess(dir.path(), &rubric, &plugins, &["--trust", trust.to_str().unwrap()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("trust.toml") && run.stderr.contains("unknown variant `incident`"), "{}", run.stderr);
    assert!(run.stderr.contains("`incidents`") && run.stderr.contains("`web-security`"), "{}", run.stderr);
}

#[test]
fn a_0_1_plugin_reads_everything_so_any_prohibition_that_applies_to_it_refuses_it() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[old_probe()]);
    let rubric = rubric(dir.path(), &["dossier-probe/sections"], "\n[reads]\nforbid = [\"web-security\"]\n");
    let run = assess(dir.path(), &rubric, &plugins, &[]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains(
            "plugin `dossier-probe` reads everything (contract 0.1), so also `web-security`, which this rubric forbids (at `reads.forbid`)"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn inspect_shows_what_each_check_reads() {
    let run = riskcard(["plugin".as_ref(), "inspect".as_ref(), reads_probe().as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let lines: Vec<&str> = run.stdout.lines().map(str::trim).collect();
    let after = |check: &str| lines[lines.iter().position(|line| line.starts_with(check)).unwrap() + 1];
    assert_eq!(after("reads-probe/encryption"), "reads encryption, extensions pci.*");
    assert_eq!(after("reads-probe/incidents"), "reads incidents");
    let old = riskcard(["plugin".as_ref(), "inspect".as_ref(), old_probe().as_os_str()]);
    assert_eq!(old.code, 0, "{old:?}");
    assert!(old.stdout.contains("api version: riskcard:plugin@0.1.0"), "{}", old.stdout);
    assert!(old.stdout.contains("reads everything (contract 0.1)"), "{}", old.stdout);
}

#[test]
fn the_scorecard_records_what_each_plugin_was_given() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugins(dir.path(), &[reads_probe(), old_probe()]);
    let rubric = rubric(dir.path(), &["reads-probe/encryption", "dossier-probe/sections"], "");
    let run = assess(dir.path(), &rubric, &plugins, &[]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&dir.path().join("out/northwind-crm.json"));
    let given = |name: &str| {
        card["provenance"]["plugins"].as_array().unwrap().iter().find(|p| p["name"] == name).unwrap()["given"].clone()
    };
    assert_eq!(
        given("reads-probe"),
        serde_json::json!({ "declared": { "sections": ["encryption"], "extension_prefixes": ["pci."] } })
    );
    assert_eq!(given("dossier-probe"), serde_json::json!("everything"));
    let html = std::fs::read_to_string(dir.path().join("out/northwind-crm.html")).unwrap();
    assert!(html.contains(" · given encryption, extensions pci.*</dd>"), "{html}");
    assert!(html.contains(" · given everything (contract 0.1)</dd>"), "{html}");
}
