//! The seven practices end to end: the shipped rubrics against the example vendors give
//! the spread of grades docs/checks.md promises, and gates do what the rubrics say.

use std::path::Path;

use crate::support::{criterion, riskcard, scorecard};

const AS_OF: &str = "2026-11-30";

/// The example vendors from strongest to weakest, as docs/checks.md says to expect.
const EXPECTED_ORDER: [&str; 5] = ["northwind-crm", "bluepeak-crm", "harbor-sales", "quillstack-crm", "lumen-leads"];

fn assess(rubric: &str, out: &Path) -> i32 {
    let run = riskcard(
        ["assess", "examples/vendors", "--rubric", rubric, "--as-of", AS_OF, "--out"]
            .iter()
            .map(|s| s.to_string())
            .chain([out.display().to_string()]),
    );
    assert!(run.code == 0 || run.code == 1, "{run:?}");
    run.code
}

#[test]
fn shipped_rubrics_check_clean() {
    for rubric in ["rubrics/crm-baseline.toml", "rubrics/hipaa.toml", "rubrics/gdpr.toml"] {
        let run = riskcard(["rubric", "check", rubric]);
        assert_eq!(run.code, 0, "{rubric}: {run:?}");
    }
}

#[test]
fn baseline_spreads_the_examples_across_grades_in_the_documented_order() {
    let out = tempfile::tempdir().unwrap();
    assess("rubrics/crm-baseline.toml", out.path());
    let cards: Vec<_> = EXPECTED_ORDER.iter().map(|id| scorecard(&out.path().join(format!("{id}.json")))).collect();
    let scores: Vec<f64> = cards.iter().map(|card| card["score"].as_f64().unwrap()).collect();
    assert!(scores.windows(2).all(|pair| pair[0] > pair[1]), "scores descend in the documented order: {scores:?}");
    let grades: Vec<&str> = cards.iter().map(|card| card["grade"].as_str().unwrap()).collect();
    let mut distinct = grades.clone();
    distinct.dedup();
    assert!(distinct.len() >= 3, "at least three grades: {grades:?}");
    assert_eq!(grades[0], "A", "{grades:?}");
    assert_eq!(grades[4], "F", "{grades:?}");
    for card in &cards {
        let practices = card["practices"].as_array().unwrap();
        assert_eq!(practices.len(), 7);
        assert!(practices.iter().all(|p| p["criteria"].as_u64().unwrap() > 0), "every practice is assessed");
    }
    let sparse = &cards[4];
    assert!(sparse["coverage"].as_f64().unwrap() < 0.5, "{}", sparse["coverage"]);
    assert!(sparse["grade_capped_by"].as_array().unwrap().iter().any(|cap| cap.as_str().unwrap().contains("coverage")));
}

#[test]
fn hipaa_rubric_fails_the_baa_gate_for_vendors_without_a_baa() {
    let out = tempfile::tempdir().unwrap();
    assert_eq!(assess("rubrics/hipaa.toml", out.path()), 1, "a failed gate exits 1");
    let bluepeak = scorecard(&out.path().join("bluepeak-crm.json"));
    assert_eq!(criterion(&bluepeak, "hipaa-baa")["status"], "fail");
    assert!(bluepeak["gates_failed"].as_array().unwrap().iter().any(|gate| gate["criterion"] == "hipaa-baa"));
    assert_eq!(bluepeak["grade"], "F");
    let northwind = scorecard(&out.path().join("northwind-crm.json"));
    assert_eq!(criterion(&northwind, "hipaa-baa")["status"], "pass");
    assert!(northwind["gates_failed"].as_array().unwrap().is_empty(), "{}", northwind["gates_failed"]);
}

#[test]
fn gdpr_rubric_gates_on_the_transfer_mechanism() {
    let out = tempfile::tempdir().unwrap();
    assess("rubrics/gdpr.toml", out.path());
    let quillstack = scorecard(&out.path().join("quillstack-crm.json"));
    assert_eq!(criterion(&quillstack, "gdpr-transfers")["status"], "fail", "an empty list of mechanisms fails");
    assert!(quillstack["gates_failed"].as_array().unwrap().iter().any(|gate| gate["criterion"] == "gdpr-transfers"));
    let northwind = scorecard(&out.path().join("northwind-crm.json"));
    assert!(northwind["gates_failed"].as_array().unwrap().is_empty(), "{}", northwind["gates_failed"]);
}
