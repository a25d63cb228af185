use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::dossier::{Dossier, Vendor};
use crate::runtime::{Captured, Evaluation, Finding, PluginRun};

/// Criteria: a (weight 3, gate required), b (weight 1, exclude), c (weight 1), all in
/// `plugin`; a and b count towards encryption, c towards backup.
fn rubric() -> Rubric {
    let text = r#"
id = "t"
version = "1.0.0"
title = "T"
min_coverage = 0.5

[[criteria]]
id = "a"
practice = "encryption"
check = "p/a"
weight = 3
gate = "required"

[[criteria]]
id = "b"
practice = "encryption"
check = "p/b"
weight = 1
on_missing = "exclude"

[[criteria]]
id = "c"
practice = "backup"
check = "p/c"
weight = 1

[[grades]]
grade = "A"
min_score = 80
[[grades]]
grade = "C"
min_score = 50
[[grades]]
grade = "F"
min_score = 0

[[risk_tiers]]
tier = "low"
min_score = 80
min_coverage = 0.8
[[risk_tiers]]
tier = "high"
min_score = 0
"#;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    std::fs::write(&path, text).unwrap();
    Rubric::load(&path).unwrap()
}

fn dossier() -> LoadedDossier {
    let dossier: Dossier =
        toml::from_str("[vendor]\nid = \"v\"\nname = \"V\"\n[encryption]\nsource = \"whitepaper\"\n").unwrap();
    assert_eq!(
        dossier.vendor,
        Vendor {
            id: "v".into(),
            name: "V".into(),
            product: None,
            website: None,
            status_page: None,
            app_url: None,
            email_domain: None
        }
    );
    LoadedDossier { path: PathBuf::from("v.toml"), sha256: "d".repeat(64), dossier }
}

fn evaluated(status: runtime::Status, score: u8) -> CriterionOutcome {
    CriterionOutcome::Evaluated(Evaluation { status, score, findings: Vec::new() })
}

fn run(outcomes: [(&str, CriterionOutcome); 3]) -> Vec<PluginRun> {
    vec![PluginRun {
        plugin: "p".into(),
        outcomes: outcomes.into_iter().map(|(id, outcome)| (id.to_owned(), outcome)).collect::<BTreeMap<_, _>>(),
        captured: Captured::default(),
        fuel_used: 0,
    }]
}

fn context() -> RunContext {
    RunContext {
        as_of: Date::parse("2026-11-30").unwrap(),
        plugins: Vec::new(),
        check_titles: BTreeMap::new(),
        check_reads: BTreeMap::new(),
        waivers: None,
    }
}

fn card(outcomes: [(&str, CriterionOutcome); 3]) -> Scorecard {
    score(&rubric(), &dossier(), &run(outcomes), &context())
}

use runtime::Status as S;

#[test]
fn weighted_score_and_full_coverage() {
    let card = card([("a", evaluated(S::Pass, 100)), ("b", evaluated(S::Partial, 60)), ("c", evaluated(S::Fail, 20))]);
    assert_eq!(card.score, 76.0, "(3*100 + 60 + 20) / 5");
    assert_eq!(card.coverage, 1.0);
    assert_eq!(card.grade, "C");
    assert_eq!(card.risk_tier, "high");
    assert!(card.gates_failed.is_empty());
    let encryption = &card.practices[3];
    assert_eq!((encryption.score, encryption.coverage, encryption.criteria), (Some(90.0), Some(1.0), 2));
}

#[test]
fn insufficient_evidence_is_zero_or_excluded_and_never_coverage() {
    let card = card([
        ("a", evaluated(S::Pass, 100)),
        ("b", evaluated(S::InsufficientEvidence, 90)),
        ("c", evaluated(S::InsufficientEvidence, 90)),
    ]);
    assert_eq!(card.score, 75.0, "b is excluded, c counts as 0: 300 / 4");
    assert_eq!(card.coverage, 0.6);
    assert_eq!(card.criteria[1].score, None, "a plugin's score for missing evidence is ignored");
}

#[test]
fn not_applicable_leaves_score_and_coverage() {
    let card = card([
        ("a", evaluated(S::Pass, 100)),
        ("b", evaluated(S::NotApplicable, 0)),
        ("c", evaluated(S::NotApplicable, 0)),
    ]);
    assert_eq!((card.score, card.coverage, card.grade.as_str()), (100.0, 1.0, "A"));
}

#[test]
fn a_failed_required_gate_caps_the_grade_at_f() {
    let card = card([("a", evaluated(S::Partial, 79)), ("b", evaluated(S::Pass, 100)), ("c", evaluated(S::Pass, 100))]);
    assert_eq!(card.score, 87.4);
    assert_eq!(card.grade, "F");
    assert_eq!(card.risk_tier, "high");
    assert_eq!(card.gates_failed.len(), 1);
    assert_eq!(card.gates_failed[0].criterion, "a");
    assert_eq!(card.gates_failed[0].status, Status::Partial);
    assert!(card.grade_capped_by[0].contains("gate"));
}

#[test]
fn a_plugin_error_is_shown_and_scored_as_missing() {
    let card = card([
        ("a", CriterionOutcome::Failed("exceeded fuel budget of 10".into())),
        ("b", evaluated(S::Pass, 100)),
        ("c", evaluated(S::Pass, 100)),
    ]);
    assert_eq!(card.criteria[0].status, Status::Error);
    assert_eq!(card.criteria[0].error.as_deref(), Some("exceeded fuel budget of 10"));
    assert_eq!(card.score, 40.0);
    assert_eq!(card.gates_failed[0].status, Status::Error);
}

#[test]
fn no_evidence_at_all_is_f_with_zero_coverage() {
    let missing = || evaluated(S::InsufficientEvidence, 0);
    let card = card([("a", missing()), ("b", missing()), ("c", missing())]);
    assert_eq!((card.score, card.coverage, card.grade.as_str()), (0.0, 0.0, "F"));
    assert!(card.grade_capped_by.iter().any(|cap| cap.contains("coverage 0%")));
}

#[test]
fn low_coverage_caps_an_otherwise_high_score() {
    let card = card([
        ("a", evaluated(S::InsufficientEvidence, 0)),
        ("b", evaluated(S::Pass, 100)),
        ("c", evaluated(S::InsufficientEvidence, 0)),
    ]);
    assert_eq!(card.coverage, 0.2);
    assert_eq!(card.grade, "F");
}

#[test]
fn findings_cite_evidence_with_its_source() {
    let finding = Finding {
        severity: runtime::Severity::High,
        message: "m".into(),
        remediation: "r".into(),
        evidence: vec!["encryption.byok".into(), "backup".into()],
    };
    let outcome = CriterionOutcome::Evaluated(Evaluation { status: S::Fail, score: 0, findings: vec![finding] });
    let card = card([("a", outcome), ("b", evaluated(S::Pass, 100)), ("c", evaluated(S::Pass, 100))]);
    let evidence = &card.criteria[0].findings[0].evidence;
    assert_eq!(evidence[0].source.as_deref(), Some("whitepaper"));
    assert!(evidence[0].found);
    assert!(!evidence[1].found, "the dossier has no backup section");
}

fn waived_context(policy_text: &str, expires: &str) -> (Rubric, RunContext) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.toml");
    std::fs::write(
        &path,
        format!(
            "[[waiver]]\nvendor = \"v\"\ncriterion = \"c\"\nreason = \"restore test booked\"\nexpires = {expires}\n"
        ),
    )
    .unwrap();
    let waivers = Waivers::load(&path).unwrap();
    let mut rubric = rubric();
    rubric.waivers = match policy_text {
        "count-as-pass" => WaiverPolicy::CountAsPass,
        _ => WaiverPolicy::Exclude,
    };
    (rubric, RunContext { waivers: Some(waivers), ..context() })
}

#[test]
fn a_waived_criterion_keeps_its_status_and_scores_as_the_rubric_says() {
    let outcomes = || [("a", evaluated(S::Pass, 100)), ("b", evaluated(S::Pass, 100)), ("c", evaluated(S::Fail, 0))];
    let (rubric, context) = waived_context("exclude", "2027-01-01");
    let excluded = score(&rubric, &dossier(), &run(outcomes()), &context);
    assert_eq!(excluded.criteria[2].status, Status::Fail, "a waiver never turns a failure into a pass");
    let waiver = excluded.criteria[2].waiver.as_ref().unwrap();
    assert_eq!((waiver.reason.as_str(), waiver.counts), ("restore test booked", WaiverPolicy::Exclude));
    assert_eq!((excluded.score, excluded.coverage), (100.0, 1.0), "c leaves score and coverage: 400 / 4");
    assert_eq!(excluded.provenance.waivers.as_ref().unwrap().used, vec![waiver.clone()]);

    let (rubric, context) = waived_context("count-as-pass", "2027-01-01");
    let counted = score(&rubric, &dossier(), &run(outcomes()), &context);
    assert_eq!(counted.score, 100.0, "c counts as 100: 500 / 5");
    assert_eq!(counted.criteria[2].waiver.as_ref().unwrap().counts, WaiverPolicy::CountAsPass);

    let plain = card(outcomes());
    assert_eq!(plain.score, 80.0, "without the waiver c scores 0: 400 / 5");
}

#[test]
fn an_expired_waiver_stops_applying() {
    let (rubric, context) = waived_context("exclude", "2026-11-29");
    let card = score(
        &rubric,
        &dossier(),
        &run([("a", evaluated(S::Pass, 100)), ("b", evaluated(S::Pass, 100)), ("c", evaluated(S::Fail, 0))]),
        &context,
    );
    assert!(card.criteria[2].waiver.is_none());
    assert_eq!(card.score, 80.0);
    assert!(card.provenance.waivers.as_ref().unwrap().used.is_empty());
}

#[test]
fn contributions_add_up_to_the_score() {
    let card = card([("a", evaluated(S::Pass, 100)), ("b", evaluated(S::Partial, 60)), ("c", evaluated(S::Fail, 20))]);
    let points = contributions(&card);
    assert_eq!(points, vec![("a".to_owned(), 60.0), ("b".to_owned(), 12.0), ("c".to_owned(), 4.0)]);
    assert_eq!(points.iter().map(|(_, p)| p).sum::<f64>(), card.score);
}
