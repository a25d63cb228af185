//! Contract compatibility: a plugin built against every kept version of the contract
//! (wit/history/X.Y.Z) that this host accepts loads and runs, and one built against
//! 0.1.0 is given the very dossier the 0.1 host gave it; a plugin built against a future incompatible version is refused
//! with a message naming the accepted versions.

use std::path::{Path, PathBuf};

use riskcard::runtime::api_compatible;
use semver::Version;

use crate::authoring::assess_with;
use crate::guests::build_rust_plugin;
use crate::support::{criterion, repo, riskcard, write};

/// Copies the probe crate to `dir` as `name`, with `wit` files (name, text) as its contract,
/// and builds it.
fn build_probe(dir: &Path, name: &str, wit: &[(String, String)]) -> PathBuf {
    build_fixture("compat-probe", dir, name, wit)
}

/// Copies the plugin crate `tests/e2e/fixtures/FIXTURE` to `dir` as `name`, with `wit`
/// files (name, text) as its contract, and builds it; its source is
/// `history/VERSION.rs` when there is one for the contract's version, else `src/lib.rs`.
pub fn build_fixture(fixture: &str, dir: &Path, name: &str, wit: &[(String, String)]) -> PathBuf {
    let source = repo().join("tests/e2e/fixtures").join(fixture);
    let project = dir.join(name);
    std::fs::create_dir_all(project.join("src")).unwrap();
    std::fs::create_dir_all(project.join("wit")).unwrap();
    let manifest = std::fs::read_to_string(source.join("Cargo.toml")).unwrap();
    std::fs::write(
        project.join("Cargo.toml"),
        manifest.replace(&format!("name = \"{fixture}\""), &format!("name = \"{name}\"")),
    )
    .unwrap();
    let version = wit.iter().find_map(|(_, text)| {
        text.lines().find_map(|line| line.strip_prefix("package riskcard:plugin@")).map(|v| v.trim_end_matches(';'))
    });
    let older = version.map(|version| source.join("history").join(format!("{version}.rs")));
    let lib = older.filter(|path| path.exists()).unwrap_or_else(|| source.join("src/lib.rs"));
    std::fs::copy(lib, project.join("src/lib.rs")).unwrap();
    std::fs::copy(repo().join("plugins/Cargo.lock"), project.join("Cargo.lock")).unwrap();
    for (file, text) in wit {
        std::fs::write(project.join("wit").join(file), text).unwrap();
    }
    build_rust_plugin(&project, name)
}

/// The .wit files of `dir`, sorted by name.
pub fn wit_files(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wit"))
        .map(|path| (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&path).unwrap()))
        .collect();
    files.sort();
    files
}

/// Every kept contract version, sorted.
fn kept_versions() -> Vec<Version> {
    let mut versions: Vec<Version> = std::fs::read_dir(repo().join("wit/history"))
        .unwrap()
        .map(|entry| Version::parse(&entry.unwrap().file_name().to_string_lossy()).expect("history dirs are versions"))
        .collect();
    versions.sort();
    versions
}

const DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n";

#[test]
fn plugins_built_against_every_kept_compatible_version_load_and_run() {
    let accepted: Vec<Version> = kept_versions().into_iter().filter(api_compatible).collect();
    assert!(!accepted.is_empty(), "at least the current contract version is kept");
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    let mut names = Vec::new();
    for version in &accepted {
        let name = format!("compat-probe-{}", version.to_string().replace('.', "-"));
        let wasm = build_probe(dir.path(), &name, &wit_files(&repo().join("wit/history").join(version.to_string())));
        std::fs::copy(wasm, plugins.join(format!("{name}.wasm"))).unwrap();
        names.push(name);
    }
    let criteria: String = names
        .iter()
        .map(|name| format!("[[criteria]]\nid = \"{name}\"\npractice = \"trusted-provider\"\ncheck = \"{name}/vendor-named\"\nweight = 1\n\n"))
        .collect();
    let rubric = write(
        dir.path(),
        "rubric.toml",
        &format!(
            "id = \"compat\"\nversion = \"1.0.0\"\ntitle = \"Compat\"\n\n{criteria}[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n"
        ),
    );
    let dossier = write(dir.path(), "acme.toml", DOSSIER);
    let card = assess_with(dir.path(), &dossier, &rubric, &plugins);
    for name in &names {
        let result = criterion(&card, name);
        assert_eq!(result["status"], "pass", "{name}: {result}");
        assert_eq!(result["findings"][0]["message"], "The vendor is Acme.");
    }
}

#[test]
fn plugins_built_against_a_future_incompatible_version_are_refused_naming_the_accepted_ones() {
    let current = wit_files(&repo().join("wit"));
    let dir = tempfile::tempdir().unwrap();
    for future in ["0.3.0", "1.0.0"] {
        let wit: Vec<(String, String)> = current
            .iter()
            .map(|(name, text)| {
                (
                    name.clone(),
                    text.replace(
                        &format!("package riskcard:plugin@{};", riskcard::runtime::API_VERSION),
                        &format!("package riskcard:plugin@{future};"),
                    ),
                )
            })
            .collect();
        assert!(wit.iter().all(|(_, text)| text.contains(future)), "the contract was re-versioned");
        let name = format!("compat-future-{}", future.replace('.', "-"));
        let wasm = build_probe(dir.path(), &name, &wit);
        let plugins = dir.path().join(format!("plugins-{future}"));
        std::fs::create_dir(&plugins).unwrap();
        std::fs::copy(wasm, plugins.join("future.wasm")).unwrap();
        let run = riskcard(["plugin".as_ref(), "list".as_ref(), "--plugins".as_ref(), plugins.as_os_str()]);
        assert_eq!(run.code, 2, "{run:?}");
        assert!(
            run.stderr.contains(&format!("future.wasm: plugin built against riskcard:plugin@{future}")),
            "{}",
            run.stderr
        );
        assert!(run.stderr.contains("this riskcard accepts riskcard:plugin@0.1.x or 0.2.x"), "{}", run.stderr);
    }
}

/// A dossier with every section and extensions of two namespaces.
pub fn rich_dossier() -> String {
    let example = std::fs::read_to_string(repo().join("examples/vendors/northwind-crm.toml")).unwrap();
    format!(
        "{example}\n[web_security]\nhttps = true\nhsts_max_age = 31536000\nreferrer_policy = \"no-referrer\"\n\n[extensions.\"pci.segmentation\"]\nvalue = {{ tested = true, last_test = \"2026-05-01\" }}\nsource = \"PCI ROC 2026\"\n\n[extensions.\"riskcard.sla\"]\nvalue = 99.95\n"
    )
}

/// The 0.1 golden: `snapshots/e2e__compat__dossier-seen-by-0.1.0.snap` holds the results of a probe built
/// against contract 0.1.0, reporting every section it was given, as the 0.1 host produced
/// them. Every later host must give a 0.1 plugin the same dossier, byte for byte.
#[test]
fn a_plugin_built_against_0_1_0_is_given_the_dossier_it_was_given_by_the_0_1_host() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    let wasm =
        build_fixture("dossier-probe", dir.path(), "dossier-probe", &wit_files(&repo().join("wit/history/0.1.0")));
    std::fs::copy(wasm, plugins.join("dossier-probe.wasm")).unwrap();
    let rubric = write(
        dir.path(),
        "rubric.toml",
        "id = \"golden\"\nversion = \"1.0.0\"\ntitle = \"Golden\"\n\n[[criteria]]\nid = \"seen\"\npractice = \"trusted-provider\"\ncheck = \"dossier-probe/sections\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n",
    );
    let dossier = write(dir.path(), "northwind-crm.toml", &rich_dossier());
    let card = assess_with(dir.path(), &dossier, &rubric, &plugins);
    let messages: Vec<&str> = criterion(&card, "seen")["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|finding| finding["message"].as_str().expect("a message"))
        .collect();
    insta::assert_snapshot!("dossier-seen-by-0.1.0", serde_json::to_string_pretty(&messages).unwrap());
}
