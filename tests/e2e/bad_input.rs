//! Bad input: each case exits 2 with one clear message naming the file and the place,
//! never panics, and writes no output at all.

use std::path::Path;

use crate::support::{files_in, riskcard, write};

pub const GOOD_DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n";

/// Runs assess on `dossier` with `rubric`, expects exit 2 and no output, returns stderr.
pub fn refused(dir: &Path, dossier: &Path, rubric: &Path, plugins: Option<&Path>) -> String {
    let out = dir.join("out");
    let mut args = vec![
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ];
    if let Some(plugins) = plugins {
        args.extend(["--plugins".as_ref(), plugins.as_os_str()]);
    }
    let run = riskcard(args);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stdout.is_empty(), "nothing is summarised: {}", run.stdout);
    assert!(files_in(&out).is_empty(), "no output may be written: {:?}", files_in(&out));
    run.stderr
}

pub fn baseline() -> std::path::PathBuf {
    crate::support::repo().join("rubrics/crm-baseline.toml")
}

#[test]
fn malformed_toml_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", "[vendor]\nid = \"acme\"\nname = \"Acme\n");
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(stderr.contains("acme.toml:3:"), "{stderr}");
}

#[test]
fn unknown_field_names_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let dossier =
        write(dir.path(), "acme.toml", &format!("{GOOD_DOSSIER}\n[encryption]\nat_rest = true\nquantum = true\n"));
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(stderr.contains("acme.toml:7:"), "{stderr}");
    assert!(stderr.contains("unknown field `quantum`"), "{stderr}");
    assert!(stderr.contains("help:"), "{stderr}");
}

#[test]
fn wrong_type_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", &format!("{GOOD_DOSSIER}\n[backup]\nlocations = \"three\"\n"));
    let stderr = refused(dir.path(), &dossier, &baseline(), None);
    assert!(stderr.contains("acme.toml:6:"), "{stderr}");
    assert!(stderr.contains("invalid type"), "{stderr}");
}

#[test]
fn problems_in_several_files_are_reported_together() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.toml", "[vendor]\nid = \"a\"\nname = 1\n");
    write(dir.path(), "b.toml", "[vendor]\nid = \"B C\"\nname = \"b\"\n");
    let stderr = refused(dir.path(), dir.path(), &baseline(), None);
    assert!(stderr.contains("a.toml:3:"), "{stderr}");
    assert!(stderr.contains("b.toml:2:"), "{stderr}");
}

#[test]
fn unknown_check_id_names_the_rubric_line_and_the_known_checks() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let rubric = write(
        dir.path(),
        "r.toml",
        "id = \"r\"\nversion = \"1.0.0\"\ntitle = \"R\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27002\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n",
    );
    let stderr = refused(dir.path(), &dossier, &rubric, None);
    assert!(stderr.contains("r.toml:8:"), "{stderr}");
    assert!(stderr.contains("has no check `iso27002`"), "{stderr}");
    assert!(stderr.contains("iso27001"), "the help lists the real checks: {stderr}");
    let check = riskcard(["rubric".as_ref(), "check".as_ref(), rubric.as_os_str()]);
    assert_eq!(check.code, 2);
    assert!(check.stderr.contains("r.toml:8:"), "{check:?}");
}

#[test]
fn missing_files_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.toml");
    let stderr = refused(dir.path(), &missing, &dir.path().join("missing-rubric.toml"), None);
    assert!(stderr.contains("nope.toml: cannot read dossier"), "{stderr}");
    assert!(stderr.contains("missing-rubric.toml: cannot read rubric"), "{stderr}");
}

#[test]
fn files_that_are_not_wasm_components_are_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    write(&plugins, "notes.wasm", "this is text, not wasm");
    std::fs::write(plugins.join("core.wasm"), b"\0asm\x01\0\0\0").unwrap();
    let dossier = write(dir.path(), "acme.toml", GOOD_DOSSIER);
    let stderr = refused(dir.path(), &dossier, &baseline(), Some(&plugins));
    assert!(stderr.contains("notes.wasm: plugin not a WebAssembly file"), "{stderr}");
    assert!(stderr.contains("core.wasm: plugin a core WebAssembly module, not a component"), "{stderr}");
}

#[test]
fn a_bad_as_of_date_is_a_usage_error() {
    let run =
        riskcard(["assess", "examples/vendors", "--rubric", "rubrics/crm-baseline.toml", "--as-of", "2026-02-30"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("2026-02-30"), "{}", run.stderr);
}
