//! Sandbox containment seen from the outside: a misbehaving plugin fails only its own
//! criteria, with the reason in the scorecard, while the other plugins' results stand.

use crate::support::{criterion, plugin_dir, riskcard, scorecard, write};

/// A rubric asking one certifications check and the hostile plugin's `check`.
pub fn rubric_with(dir: &std::path::Path, hostile_check: &str) -> std::path::PathBuf {
    write(
        dir,
        "rubric.toml",
        &format!(
            "id = \"contained\"\nversion = \"1.0.0\"\ntitle = \"Containment\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 1\n\n[[criteria]]\nid = \"hostile\"\npractice = \"trusted-provider\"\ncheck = \"hostile/{hostile_check}\"\nweight = 1\n\n[[grades]]\ngrade = \"A\"\nmin_score = 50\n[[grades]]\ngrade = \"F\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n"
        ),
    )
}

pub const DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[[certifications]]\nkind = \"iso27001\"\ncovers_product = true\nissued = 2025-01-01\nexpires = 2028-01-01\n";

#[test]
fn a_trapping_plugin_fails_only_its_own_criteria() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = plugin_dir(&["hostile"]);
    let rubric = rubric_with(dir.path(), "panic");
    let dossier = write(dir.path(), "acme.toml", DOSSIER);
    let out = dir.path().join("out");
    let run = riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        rubric.as_os_str(),
        "--plugins".as_ref(),
        plugins.path().as_os_str(),
        "--as-of".as_ref(),
        "2026-11-30".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let card = scorecard(&out.join("acme.json"));
    let hostile = criterion(&card, "hostile");
    assert_eq!(hostile["status"], "error");
    assert!(hostile["error"].as_str().unwrap().contains("trapped"), "{hostile}");
    let iso = criterion(&card, "iso");
    assert_eq!(iso["status"], "pass");
    assert_eq!(iso["score"], 100);
    assert_eq!(card["score"], 50.0, "the failed criterion counts as missing evidence, scored 0");
    let names: Vec<_> =
        card["provenance"]["plugins"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["certifications", "hostile"]);
}
