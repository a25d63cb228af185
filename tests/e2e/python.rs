//! Python as a plugin language: a `riskcard plugin new --lang python` project, built with
//! componentize-py from PyPI (installed once into a virtual environment under
//! `target/`, kept across runs), passes its unit tests and golden fixtures, and runs
//! beside the Rust plugins in one assessment with the same results as the Rust scaffold.

use std::path::{Path, PathBuf};
use std::process::Command;

use riskcard::authoring::scaffold::COMPONENTIZE_PY_VERSION;

use crate::authoring::assess_with;
use crate::guests::command;
use crate::support::{criterion, repo, riskcard, write};

/// Runs `program ARGS` in `dir`; panics with its output on failure, else returns it.
fn run(program: impl AsRef<std::ffi::OsStr>, dir: &Path, args: &[&str]) -> String {
    let output = command(program, dir).args(args).output().expect("the program runs");
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "{args:?} in {} failed:\n{text}", dir.display());
    text
}

/// A virtual environment with componentize-py, made once under `target/` and kept: a
/// later run only checks the version.
fn componentize_py() -> PathBuf {
    let venv = repo().join("target").join(format!("componentize-py-{COMPONENTIZE_PY_VERSION}"));
    let tool = venv.join("bin/componentize-py");
    if !tool.exists() {
        let status = Command::new("python3").arg("-m").arg("venv").arg(&venv).status().expect("python3 runs");
        assert!(status.success(), "python3 -m venv failed (install python3-venv)");
        run(
            venv.join("bin/pip"),
            &repo(),
            &["install", "--quiet", &format!("componentize-py=={COMPONENTIZE_PY_VERSION}")],
        );
    }
    let version = run(&tool, &repo(), &["--version"]);
    assert!(version.contains(COMPONENTIZE_PY_VERSION), "{version}");
    tool
}

#[test]
fn a_python_plugin_builds_passes_its_tests_and_fixtures_and_runs_beside_the_rust_plugins() {
    let tool = componentize_py();
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("acme-py");
    let new = riskcard([
        "plugin".as_ref(),
        "new".as_ref(),
        "acme-py".as_ref(),
        "--lang".as_ref(),
        "python".as_ref(),
        "--dir".as_ref(),
        project.as_os_str(),
    ]);
    assert_eq!(new.code, 0, "{new:?}");
    assert!(new.stdout.contains("componentize app -o acme-py.wasm"), "{}", new.stdout);

    let tests = run("python3", &project, &["-m", "unittest"]);
    assert!(tests.contains("Ran 5 tests") && tests.contains("\nOK"), "the scaffold's unit tests pass:\n{tests}");
    let tool = tool.to_str().unwrap();
    run(tool, &project, &["-d", "wit", "-w", "riskcard:plugin/plugin", "componentize", "app", "-o", "acme-py.wasm"]);
    let wasm = project.join("acme-py.wasm");

    let fixtures =
        riskcard(["plugin".as_ref(), "test".as_ref(), wasm.as_os_str(), project.join("fixtures").as_os_str()]);
    assert_eq!(fixtures.code, 0, "{fixtures:?}");
    assert!(fixtures.stdout.contains("plugin acme-py 0.1.0"), "{}", fixtures.stdout);
    assert!(
        fixtures.stdout.ends_with("1 passed, 0 failed\n"),
        "the Rust scaffold's fixture passes: {}",
        fixtures.stdout
    );

    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    std::fs::copy(&wasm, plugins.join("acme-py.wasm")).unwrap();
    let dossier = project.join("fixtures/dossiers/example-vendor.toml");
    let rubric = write(
        dir.path(),
        "rubric.toml",
        "extends = \"crm-baseline\"\n[[criteria]]\nid = \"security-txt\"\npractice = \"trusted-provider\"\ncheck = \"acme-py/security-txt\"\nweight = 2\n",
    );
    let card = assess_with(dir.path(), &dossier, &rubric, &plugins);
    let python = criterion(&card, "security-txt");
    assert_eq!((python["status"].as_str(), python["score"].as_i64()), (Some("partial"), Some(90)), "{python}");
    assert_eq!(python["findings"][0]["evidence"][0]["path"], "trust.security_txt");
    assert_eq!(criterion(&card, "authentication")["status"], "pass", "a Rust plugin's result beside it");
    let log = card["plugin_output"].as_array().unwrap().iter().find(|o| o["plugin"] == "acme-py").cloned();
    assert_eq!(log.unwrap()["log"][0]["message"], "example-vendor: 1 criteria", "the Python plugin's log is captured");

    let bench = riskcard([
        "plugin".as_ref(),
        "bench".as_ref(),
        wasm.as_os_str(),
        dossier.as_os_str(),
        "--runs".as_ref(),
        "5".as_ref(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
    ]);
    assert_eq!(bench.code, 0, "{bench:?}");
    eprintln!("python plugin: {} bytes\n{}", std::fs::metadata(&wasm).unwrap().len(), bench.stdout);
}
