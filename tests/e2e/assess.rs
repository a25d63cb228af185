//! `riskcard assess` on the shipped examples, reproducibility, and the informational commands.

use crate::support::{assess_baseline, criterion, files_in, riskcard, scorecard};

const AS_OF: &str = "2026-11-30";

#[test]
fn examples_give_a_json_and_html_scorecard_per_vendor_and_reruns_are_byte_identical() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let mut codes = Vec::new();
    for out in [first.path(), second.path()] {
        let run = riskcard(
            ["assess", "examples/vendors", "--rubric", "rubrics/crm-baseline.toml", "--as-of", AS_OF, "--out"]
                .iter()
                .map(|s| s.to_string())
                .chain([out.display().to_string()]),
        );
        assert!(run.code == 0 || run.code == 1, "{run:?}");
        codes.push(run.code);
    }
    let files = files_in(first.path());
    let vendors = files_in(&crate::support::repo().join("examples/vendors"));
    assert_eq!(files.len(), 2 * vendors.len() + 1, "json and html per vendor, and compare.html: {files:?}");
    assert!(files.contains(&"compare.html".to_owned()), "{files:?}");
    let mut any_gate_failed = false;
    for vendor in vendors {
        let id = vendor.trim_end_matches(".toml");
        let json = std::fs::read(first.path().join(format!("{id}.json"))).unwrap();
        assert_eq!(
            json,
            std::fs::read(second.path().join(format!("{id}.json"))).unwrap(),
            "{id}.json differs between runs"
        );
        let card = scorecard(&first.path().join(format!("{id}.json")));
        assert_eq!(card["vendor"]["id"], id);
        assert_eq!(card["provenance"]["as_of"], AS_OF);
        assert_eq!(card["provenance"]["dossier_sha256"].as_str().unwrap().len(), 64);
        any_gate_failed |= !card["gates_failed"].as_array().unwrap().is_empty();
        let html = std::fs::read_to_string(first.path().join(format!("{id}.html"))).unwrap();
        assert!(html.contains(&format!("Grade {}", card["grade"].as_str().unwrap())), "{id}.html shows the grade");
    }
    assert_eq!(codes, vec![i32::from(any_gate_failed); 2], "exit 1 exactly when a required gate failed");
}

#[test]
fn vendor_names_and_evidence_are_escaped_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = crate::support::write(
        dir.path(),
        "x.toml",
        "[vendor]\nid = \"x\"\nname = \"<script>alert(1)</script>\"\n\n[[certifications]]\nkind = \"iso27001\"\nissued = 2025-01-01\nexpires = 2020-01-01\nsource = \"\\\"><img src=x onerror=alert(1)>\"\n",
    );
    let out = dir.path().join("out");
    let run = riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        "rubrics/crm-baseline.toml".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 2, "expires before issued is refused: {run:?}");
    let fixed = crate::support::write(
        dir.path(),
        "x.toml",
        &std::fs::read_to_string(&dossier).unwrap().replace("expires = 2020-01-01", "expires = 2027-01-01"),
    );
    let run = riskcard([
        "assess".as_ref(),
        fixed.as_os_str(),
        "--rubric".as_ref(),
        "rubrics/crm-baseline.toml".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(run.code <= 1, "{run:?}");
    let html = std::fs::read_to_string(out.join("x.html")).unwrap();
    assert!(!html.contains("<script>alert"), "vendor name must be escaped");
    assert!(!html.contains("<img src=x"), "evidence source must be escaped");
    assert!(html.contains("&#60;script&#62;alert(1)&#60;/script&#62;"), "the name is shown as text");
}

#[test]
fn crm_baseline_rubric_checks_clean() {
    let run = riskcard(["rubric", "check", "rubrics/crm-baseline.toml"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("is valid"));
}

#[test]
fn schemas_are_json_schema_documents() {
    for (kind, property) in
        [("dossier", "vendor"), ("rubric", "criteria"), ("scorecard", "provenance"), ("collected", "facts")]
    {
        let run = riskcard(["schema", kind]);
        assert_eq!(run.code, 0, "{run:?}");
        let schema: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        assert!(schema["properties"][property].is_object(), "{kind} schema lacks {property}");
    }
}

#[test]
fn plugin_list_shows_embedded_plugins_and_their_checks() {
    let run = riskcard(["plugin", "list"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("certifications 1.0.0 (embedded)"), "{}", run.stdout);
    assert!(run.stdout.contains("certifications/soc2"), "{}", run.stdout);
}

#[test]
fn a_dossier_without_evidence_scores_f_with_zero_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = crate::support::write(dir.path(), "empty.toml", "[vendor]\nid = \"empty\"\nname = \"Empty Inc\"\n");
    let out = dir.path().join("out");
    let run = assess_baseline(&dossier, &out, &[]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&out.join("empty.json"));
    assert_eq!(card["grade"], "F");
    assert_eq!(card["coverage"], 0.0);
    assert_eq!(card["score"], 0.0);
    assert!(card["criteria"].as_array().unwrap().iter().all(|c| c["status"] != "pass"));
    assert_eq!(criterion(&card, "iso27001")["status"], "insufficient-evidence");
    assert!(run.stdout.contains("0%"), "the summary shows coverage 0%: {}", run.stdout);
}
