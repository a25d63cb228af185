//! The plugin author's path: `riskcard wit`, `riskcard plugin new` (the scaffold builds,
//! passes its own tests and fixtures, and serves an assessment), `riskcard plugin test`
//! and `riskcard plugin bench`.

use std::path::{Path, PathBuf};

use crate::guests::{build_rust_plugin, cargo, js_plugin, npm};
use crate::support::{criterion, files_in, repo, riskcard, riskcard_in, scorecard, test_plugin, write};

/// A rubric asking certifications/iso27001 and `check` of another plugin.
fn rubric(dir: &Path, check: &str, practice: &str) -> PathBuf {
    write(
        dir,
        "rubric.toml",
        &format!(
            "id = \"authoring\"\nversion = \"1.0.0\"\ntitle = \"Authoring\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n\n[[criteria]]\nid = \"new-check\"\npractice = \"{practice}\"\ncheck = \"{check}\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 50\n[[grades]]\ngrade = \"F\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n"
        ),
    )
}

/// Runs `riskcard assess` on one dossier with a plugin directory; returns the scorecard.
pub fn assess_with(dir: &Path, dossier: &Path, rubric: &Path, plugins: &Path) -> serde_json::Value {
    let out = dir.join("out");
    let run = riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.as_os_str(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.code <= 1, "{run:?}");
    let id = std::fs::read_to_string(dossier)
        .unwrap()
        .lines()
        .find_map(|line| line.strip_prefix("id = \"").map(|rest| rest.trim_end_matches('"').to_owned()))
        .expect("the dossier has a vendor id");
    scorecard(&out.join(format!("{id}.json")))
}

#[test]
fn wit_writes_exactly_the_contract_the_host_speaks() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("contract");
    let run = riskcard(["wit".as_ref(), "--out".as_ref(), out.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("riskcard:plugin@0.2.0") && run.stdout.contains("0.1.x or 0.2.x"), "{}", run.stdout);
    for name in ["evidence.wit", "plugin.wit"] {
        assert_eq!(
            std::fs::read(out.join(name)).unwrap(),
            std::fs::read(repo().join("wit").join(name)).unwrap(),
            "{name} is byte-identical to the repository's"
        );
    }
}

const SECURITY_TXT_DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[[certifications]]\nkind = \"iso27001\"\ncovers_product = true\nissued = 2025-01-01\nexpires = 2028-01-01\n\n[trust]\nsource = \"https://acme.example/trust\"\n\n[trust.security_txt]\ncontacts = [\"mailto:security@acme.example\"]\nexpires = 2027-06-30\ncanonical = []\nsigned = true\nmalformed_lines = 0\n";

#[test]
fn a_new_plugin_builds_passes_its_tests_and_fixtures_and_serves_an_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("scaffolded-checks");
    let run = riskcard([
        "plugin".as_ref(),
        "new".as_ref(),
        "scaffolded-checks".as_ref(),
        "--dir".as_ref(),
        project.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("cargo build --release --target wasm32-wasip2"), "{}", run.stdout);
    // Regression (#16): the next steps gave `plugin sign FILE`, which exits 2 without --key.
    assert!(
        run.stdout.contains(
            "riskcard plugin sign target/wasm32-wasip2/release/scaffolded_checks.wasm --key ~/riskcard-keys/scaffolded-checks.key"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("riskcard plugin keygen --out ~/riskcard-keys/scaffolded-checks"), "{}", run.stdout);
    let readme = std::fs::read_to_string(project.join("README.md")).unwrap();
    for command in ["cargo build --release", "riskcard plugin test", "riskcard plugin sign"] {
        assert!(readme.contains(command), "the README gives `{command}`");
    }

    let wasm = build_rust_plugin(&project, "scaffolded-checks");
    let tests = cargo(&project, &["test"]);
    assert!(tests.contains("test result: ok. 5 passed"), "the scaffold's unit tests run and pass:\n{tests}");

    let fixtures =
        riskcard(["plugin".as_ref(), "test".as_ref(), wasm.as_os_str(), project.join("fixtures").as_os_str()]);
    assert_eq!(fixtures.code, 0, "{fixtures:?}");
    assert!(fixtures.stdout.contains("1 passed, 0 failed"), "{}", fixtures.stdout);

    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    std::fs::copy(&wasm, plugins.join("scaffolded-checks.wasm")).unwrap();
    let dossier = write(dir.path(), "acme.toml", SECURITY_TXT_DOSSIER);
    let rubric = rubric(dir.path(), "scaffolded-checks/security-txt", "trusted-provider");
    let card = assess_with(dir.path(), &dossier, &rubric, &plugins);
    let new_check = criterion(&card, "new-check");
    assert_eq!((new_check["status"].as_str(), new_check["score"].as_i64()), (Some("pass"), Some(100)), "{new_check}");
    assert_eq!(new_check["findings"][0]["evidence"][0]["path"], "trust.security_txt");
    assert_eq!(criterion(&card, "iso")["status"], "pass");
    let log = &card["plugin_output"][0];
    assert_eq!(log["plugin"], "scaffolded-checks", "the scaffold's debug log is captured: {card}");
    assert_eq!(log["log"][0]["message"], "acme: 1 criteria");
}

#[test]
fn a_new_javascript_plugin_builds_and_passes_its_tests_and_fixtures() {
    // The example plugin's build installs componentize-qjs, so npm's cache holds it.
    js_plugin();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("scaffolded-js");
    let run = riskcard([
        "plugin".as_ref(),
        "new".as_ref(),
        "scaffolded-js".as_ref(),
        "--lang".as_ref(),
        "js".as_ref(),
        "--dir".as_ref(),
        project.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("npm install && npm run build"), "{}", run.stdout);
    npm(&project, &["install", "--prefer-offline", "--no-audit", "--no-fund"]);
    npm(&project, &["run", "build"]);
    let tests = npm(&project, &["test"]);
    assert!(tests.contains("# pass 5") && tests.contains("# fail 0"), "the scaffold's unit tests pass:\n{tests}");
    let wasm = project.join("scaffolded-js.wasm");
    let fixtures =
        riskcard(["plugin".as_ref(), "test".as_ref(), wasm.as_os_str(), project.join("fixtures").as_os_str()]);
    assert_eq!(fixtures.code, 0, "{fixtures:?}");
    assert!(fixtures.stdout.contains("plugin scaffolded-js 0.1.0"), "{}", fixtures.stdout);
    assert!(fixtures.stdout.ends_with("1 passed, 0 failed\n"), "{}", fixtures.stdout);

    // Regression (#16): built without --sync, the plugin was refused with "`task.cancel`
    // requires the component model async feature" and no word of what to do.
    npm(&project, &["exec", "--", "componentize-qjs", "--wit", "wit", "--js", "src/plugin.js", "-o", "unsynced.wasm"]);
    let unsynced = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        project.join("unsynced.wasm").as_os_str(),
        project.join("fixtures").as_os_str(),
    ]);
    assert_eq!(unsynced.code, 2, "{unsynced:?}");
    assert!(unsynced.stderr.contains("requires the component model async feature"), "{}", unsynced.stderr);
    assert!(
        unsynced.stderr.contains("the component uses the component model's async ABI, which riskcard does not enable: build it for synchronous calls (componentize-qjs and jco: pass --sync)"),
        "{}",
        unsynced.stderr
    );
}

#[test]
fn plugin_new_refuses_bad_names_and_occupied_directories() {
    let dir = tempfile::tempdir().unwrap();
    let bad = riskcard([
        "plugin".as_ref(),
        "new".as_ref(),
        "Acme_Checks".as_ref(),
        "--dir".as_ref(),
        dir.path().join("x").as_os_str(),
    ]);
    assert_eq!(bad.code, 2, "{bad:?}");
    assert!(bad.stderr.contains("`Acme_Checks` cannot name a plugin"), "{}", bad.stderr);
    write(dir.path(), "notes.txt", "mine");
    let occupied =
        riskcard(["plugin".as_ref(), "new".as_ref(), "acme".as_ref(), "--dir".as_ref(), dir.path().as_os_str()]);
    assert_eq!(occupied.code, 2, "{occupied:?}");
    assert!(occupied.stderr.contains("already exists and is not empty"), "{}", occupied.stderr);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "nothing was written beside notes.txt");
}

const CERT_DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[[certifications]]\nkind = \"iso27001\"\ncovers_product = true\nissued = 2025-01-01\nexpires = 2026-12-15\n";

/// A fixture directory for the certifications plugin with one fixture, `text`.
fn cert_fixtures(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("dossiers")).unwrap();
    write(&dir.path().join("dossiers"), "acme.toml", CERT_DOSSIER);
    write(dir.path(), "iso.toml", text);
    dir
}

const CERT_FIXTURE: &str = "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\n\n[[criteria]]\nid = \"iso\"\ncheck = \"iso27001\"\nexpect = { status = \"partial\", score = 70, findings = [\"medium\"] }\n\n[[criteria]]\nid = \"iso-short-warning\"\ncheck = \"iso27001\"\nparams = { expiry_warning_days = 10 }\nexpect = { status = \"pass\", score = 100, findings = [\"info\"] }\n";

#[test]
fn plugin_test_passes_matching_fixtures() {
    let fixtures = cert_fixtures(CERT_FIXTURE);
    let run = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        test_plugin("certifications").as_os_str(),
        fixtures.path().as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("ok    ") && run.stdout.contains("iso.toml (2 criteria)"), "{}", run.stdout);
    assert!(run.stdout.ends_with("1 passed, 0 failed\n"), "{}", run.stdout);
}

#[test]
fn plugin_test_shows_a_readable_diff_and_exits_1_on_mismatch() {
    let fixtures = cert_fixtures(
        &CERT_FIXTURE.replace("score = 70, findings = [\"medium\"]", "score = 100, findings = [\"info\"]"),
    );
    let run = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        test_plugin("certifications").as_os_str(),
        fixtures.path().as_os_str(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    for line in [
        "FAIL  ",
        "  criterion `iso` (check iso27001):\n",
        "    score     - expected 100\n",
        "              + actual   70\n",
        "    findings  - expected [info]\n",
        "              + actual   [medium]\n",
        "      medium: ISO/IEC 27001 expires on 2026-12-15, 15 days after the as-of date.\n",
        "0 passed, 1 failed\n",
    ] {
        assert!(run.stdout.contains(line), "missing {line:?} in:\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("iso-short-warning"), "matching criteria are not shown: {}", run.stdout);
}

#[test]
fn plugin_test_refuses_bad_fixtures_with_file_and_line_and_runs_nothing() {
    let fixtures = cert_fixtures(
        "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\n\n[[criteria]]\nid = \"iso\"\ncheck = \"iso27002\"\nexpect = { status = \"pass\" }\n",
    );
    write(fixtures.path(), "typo.toml", "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\ncriterias = []\n");
    let run = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        test_plugin("certifications").as_os_str(),
        fixtures.path().as_os_str(),
    ]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "nothing ran: {}", run.stdout);
    assert!(run.stderr.contains("iso.toml:6:1: plugin `certifications` has no check `iso27002`"), "{}", run.stderr);
    assert!(run.stderr.contains("its checks are: iso27001, soc2"), "{}", run.stderr);
    assert!(run.stderr.contains("typo.toml:3:1: unknown field `criterias`"), "{}", run.stderr);
}

#[test]
fn plugin_test_reports_a_plugin_failure_with_its_captured_output() {
    let fixtures = cert_fixtures(
        "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\n\n[[criteria]]\nid = \"boom\"\ncheck = \"panic\"\nexpect = { status = \"pass\" }\n",
    );
    let run =
        riskcard(["plugin".as_ref(), "test".as_ref(), test_plugin("hostile").as_os_str(), fixtures.path().as_os_str()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("+ actual   error"), "{}", run.stdout);
    assert!(run.stdout.contains("the plugin failed: trapped"), "{}", run.stdout);
    assert!(run.stdout.contains("stderr: ") && run.stdout.contains("panicked on purpose"), "{}", run.stdout);
    let expected = cert_fixtures(
        "dossier = \"dossiers/acme.toml\"\nas_of = 2026-11-30\n\n[[criteria]]\nid = \"boom\"\ncheck = \"panic\"\nexpect = { status = \"error\", error = \"trapped\" }\n",
    );
    let run =
        riskcard(["plugin".as_ref(), "test".as_ref(), test_plugin("hostile").as_os_str(), expected.path().as_os_str()]);
    assert_eq!(run.code, 0, "an expected failure passes: {run:?}");
}

#[test]
fn plugin_bench_reports_time_and_fuel_against_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", CERT_DOSSIER);
    let run = riskcard([
        "plugin".as_ref(),
        "bench".as_ref(),
        test_plugin("certifications").as_os_str(),
        dossier.as_os_str(),
        "--runs".as_ref(),
        "5".as_ref(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("4 check(s)") && run.stdout.contains("5 run(s)"), "{}", run.stdout);
    let row = |name: &str| -> Vec<String> {
        let line =
            run.stdout.lines().find(|l| l.starts_with(name)).unwrap_or_else(|| panic!("no {name} row: {}", run.stdout));
        line.split_whitespace().map(str::to_owned).collect()
    };
    let fuel = row("fuel");
    assert_eq!(fuel[4], "500000000", "the fuel limit is shown: {fuel:?}");
    let median: u64 = fuel[1].parse().unwrap();
    assert!(median > 0 && median < 500_000_000, "fuel used is measured: {fuel:?}");
    assert!(row("time").contains(&"2000.000".to_owned()), "the deadline is shown: {}", run.stdout);
}

#[test]
fn plugin_bench_exits_1_when_an_evaluation_fails() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", CERT_DOSSIER);
    let run = riskcard([
        "plugin".as_ref(),
        "bench".as_ref(),
        test_plugin("hostile").as_os_str(),
        dossier.as_os_str(),
        "--runs".as_ref(),
        "1".as_ref(),
    ]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stdout.contains("check panic failed: "), "{}", run.stdout);
}

/// Regression (#16): `plugin test` and `plugin bench` compiled the plugin on every run
/// (seconds for a JavaScript or Python plugin); they use the compiled-code cache now.
#[test]
fn plugin_test_and_bench_reuse_the_compiled_code_cache() {
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let cache = cache.to_str().unwrap();
    let fixtures = cert_fixtures(CERT_FIXTURE);
    let plugin = test_plugin("certifications");
    let env = [("RISKCARD_CACHE_DIR", cache), ("RISKCARD_LOG", "riskcard=debug")];
    let test = |dir: &Path| {
        let run = riskcard_in(
            dir,
            &env,
            ["plugin".as_ref(), "test".as_ref(), plugin.as_os_str(), fixtures.path().as_os_str()],
        );
        assert_eq!(run.code, 0, "{run:?}");
        run.stderr
    };
    let cold = test(dir.path());
    assert!(cold.contains("compiled-code cache entry written"), "{cold}");
    let entries = || files_in(Path::new(cache)).into_iter().filter(|name| name.ends_with(".cwasm")).count();
    assert_eq!(entries(), 1, "one entry for the one plugin");
    let warm = test(dir.path());
    assert!(warm.contains("compiled-code cache hit") && !warm.contains("entry written"), "{warm}");

    let dossier = write(dir.path(), "acme.toml", CERT_DOSSIER);
    let bench = riskcard_in(
        dir.path(),
        &env,
        ["plugin".as_ref(), "bench".as_ref(), plugin.as_os_str(), dossier.as_os_str(), "--runs".as_ref(), "1".as_ref()],
    );
    assert_eq!(bench.code, 0, "{bench:?}");
    assert!(bench.stdout.contains("load (from the compiled-code cache + describe)"), "{}", bench.stdout);
    assert_eq!(entries(), 1, "bench reused the entry `plugin test` wrote");
    let uncached = riskcard_in(
        dir.path(),
        &env,
        [
            "--no-cache".as_ref(),
            "plugin".as_ref(),
            "bench".as_ref(),
            plugin.as_os_str(),
            dossier.as_os_str(),
            "--runs".as_ref(),
            "1".as_ref(),
        ],
    );
    assert!(uncached.stdout.contains("load (compile + describe)"), "{}", uncached.stdout);
}
