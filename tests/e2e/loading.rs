//! Plugins refused at load time, before any of their code is evaluated: each exits 2
//! with a message naming the file, what is wrong and what to do, and writes nothing.
//! (Bytes that are not wasm and core modules are covered in bad_input.rs.)

use crate::bad_input::{GOOD_DOSSIER, baseline, refused};
use crate::support::{plugin_dir, riskcard, write};

/// Assesses with the test-only plugin crate `name` in the plugin directory; returns
/// stderr of the refused run.
fn refused_plugin(name: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&[name]);
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    refused(dir.path(), &dossier, &baseline(), Some(plugins.path()))
}

#[test]
fn a_component_for_another_world_is_refused() {
    let stderr = refused_plugin("other-world");
    assert!(stderr.contains("other-world.wasm: plugin does not target the riskcard:plugin/plugin world"), "{stderr}");
    assert!(stderr.contains("no export `describe`"), "{stderr}");
    // Regression (#16): a plugin built with the SDK was told to build it with the SDK.
    assert!(!stderr.contains("build it with riskcard-plugin-sdk"), "{stderr}");
    assert!(stderr.contains("write it afresh with `riskcard wit --out wit` and rebuild"), "{stderr}");
}

#[test]
fn a_component_missing_an_export_is_refused() {
    let stderr = refused_plugin("describe-only");
    assert!(stderr.contains("describe-only.wasm: plugin does not target the riskcard:plugin/plugin world"), "{stderr}");
    assert!(stderr.contains("no export `evaluate`"), "{stderr}");
}

#[test]
fn a_component_importing_an_interface_not_granted_is_refused() {
    let stderr = refused_plugin("wants-http");
    assert!(stderr.contains("wants-http.wasm: plugin imports `wasi:http/"), "{stderr}");
    assert!(stderr.contains("which riskcard does not grant"), "{stderr}");
    assert!(stderr.contains("remove the code that needs `wasi:http/"), "{stderr}");
    let inspect =
        riskcard(["plugin".as_ref(), "inspect".as_ref(), crate::support::test_plugin("wants-http").as_os_str()]);
    assert_eq!(inspect.code, 2, "{inspect:?}");
    assert!(inspect.stderr.contains("which riskcard does not grant"), "{inspect:?}");
}

#[test]
fn a_plugin_for_an_incompatible_contract_version_is_refused_naming_the_accepted_ones() {
    let stderr = refused_plugin("api-v1");
    assert!(stderr.contains("api-v1.wasm: plugin built against riskcard:plugin@1.0.0"), "{stderr}");
    assert!(stderr.contains("this riskcard accepts riskcard:plugin@0.1.x or 0.2.x"), "{stderr}");
    assert!(stderr.contains("`riskcard wit --out wit`, rebuild the plugin against it"), "{stderr}");
    // Regression (#16): docs/plugins.md quoted a message riskcard no longer gave.
    let line = stderr.lines().find(|line| line.contains("api-v1.wasm: plugin built against")).unwrap();
    let message = &line[line.find("api-v1.wasm: ").unwrap()..];
    let docs = std::fs::read_to_string(crate::support::repo().join("docs/plugins.md")).unwrap();
    assert!(docs.contains(&format!("plugins/{message}\n")), "docs/plugins.md quotes the real message:\n{message}");
}

#[test]
fn every_bad_plugin_in_a_directory_is_reported_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["other-world", "wants-http", "api-v1", "hostile"]);
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let stderr = refused(dir.path(), &dossier, &baseline(), Some(plugins.path()));
    for name in ["other-world", "wants-http", "api-v1"] {
        assert!(stderr.contains(&format!("{name}.wasm: plugin")), "{name}: {stderr}");
    }
    assert!(!stderr.contains("hostile.wasm"), "the good plugin is not blamed: {stderr}");
}

#[test]
fn inspect_shows_identity_contract_checks_hash_signature_and_grants() {
    let hostile = crate::support::test_plugin("hostile");
    let run = riskcard(["plugin".as_ref(), "inspect".as_ref(), hostile.as_os_str()]);
    assert_eq!(run.code, 0, "{run:?}");
    let sha256 = riskcard::fsio::sha256_hex(&std::fs::read(&hostile).unwrap());
    for expected in [
        "name:        hostile".to_owned(),
        "version:     0.0.1".to_owned(),
        "api version: riskcard:plugin@0.2.0".to_owned(),
        format!("sha256:      {sha256}"),
        "signature:   unsigned".to_owned(),
        "hostile/read-files".to_owned(),
    ] {
        assert!(run.stdout.contains(&expected), "{expected}: {}", run.stdout);
    }
    let grant = |interface: &str| {
        run.stdout
            .lines()
            .find(|line| line.trim_start().starts_with(interface))
            .unwrap_or_else(|| panic!("no import {interface}: {}", run.stdout))
            .to_owned()
    };
    assert!(grant("wasi:filesystem/preopens@").ends_with("no directories: every file access fails"));
    assert!(grant("wasi:sockets/tcp@").ends_with("no network: every socket and name lookup is refused"));
    assert!(grant("wasi:clocks/wall-clock@").ends_with("a clock frozen at the as-of date"));
    assert!(grant("riskcard:plugin/host@0.2.0").ends_with("log messages, capped in count and bytes per call"));
}
