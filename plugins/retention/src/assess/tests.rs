//! Native unit tests of the `retention` checks at their boundaries, absent evidence included.

use super::*;
use riskcard_plugin_sdk::evidence::Retention;
use riskcard_plugin_sdk::testing::{context, date, empty_dossier, provenance};
use riskcard_plugin_sdk::{Check, ParamValue, Status};

fn retention(request_days: Option<u32>, contract_end_days: Option<u32>) -> Retention {
    Retention {
        policy_defined: Some(true),
        configurable_per_object: Some(true),
        automated_purge: Some(true),
        deletion_on_request_days: request_days,
        deletion_at_contract_end_days: contract_end_days,
        provenance: provenance("https://vendor.example/legal/dpa"),
    }
}

fn check(id: &str) -> &'static Check {
    crate::CHECKS.iter().find(|c| c.id == id).unwrap()
}

fn run_with(id: &str, section: Option<Retention>, params: impl FnOnce(Params) -> Params) -> Verdict {
    let mut dossier = empty_dossier();
    dossier.retention = section;
    let check = check(id);
    (check.run)(&context(date(2026, 11, 30), dossier), &params(Params::defaults(check.params)))
}

fn run(id: &str, section: Option<Retention>) -> Verdict {
    run_with(id, section, |p| p)
}

#[test]
fn no_retention_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, None);
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["retention".to_owned()]);
        assert!(verdict.findings[0].remediation.contains("Ask the vendor"));
    }
}

#[test]
fn full_policy_passes() {
    let verdict = run("retention-policy", Some(retention(None, None)));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
}

#[test]
fn undefined_policy_cannot_pass() {
    let mut section = retention(None, None);
    section.policy_defined = Some(false);
    let verdict = run("retention-policy", Some(section));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 56));
    assert_eq!(verdict.findings[0].severity, Severity::High);
}

#[test]
fn policy_with_mostly_unknown_evidence_is_insufficient() {
    let section = Retention {
        policy_defined: None,
        configurable_per_object: Some(true),
        automated_purge: None,
        deletion_on_request_days: None,
        deletion_at_contract_end_days: None,
        provenance: provenance("questionnaire"),
    };
    let verdict = run("retention-policy", Some(section));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert_eq!(verdict.findings.len(), 2, "{:?}", verdict.findings);
}

#[test]
fn deletion_on_request_at_30_days_passes_and_31_does_not() {
    let at_limit = run("deletion", Some(retention(Some(30), Some(90))));
    assert_eq!((at_limit.status, at_limit.score), (Status::Pass, 100));
    let over = run("deletion", Some(retention(Some(31), Some(90))));
    assert_eq!((over.status, over.score), (Status::Partial, 50));
    let late = over.findings.iter().find(|f| f.severity == Severity::High).unwrap();
    assert!(late.message.contains("within 30 days") && late.message.contains("31 days"), "{}", late.message);
}

#[test]
fn deletion_at_contract_end_at_90_days_passes_and_91_does_not() {
    assert_eq!(run("deletion", Some(retention(Some(14), Some(90)))).status, Status::Pass);
    let over = run("deletion", Some(retention(Some(14), Some(91))));
    assert_eq!((over.status, over.score), (Status::Partial, 50));
    assert!(over.findings.iter().any(|f| f.severity == Severity::Medium && f.message.contains("91 days")));
}

#[test]
fn both_deadlines_missed_fails() {
    let verdict = run("deletion", Some(retention(Some(60), Some(365))));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
}

#[test]
fn max_request_days_param_changes_the_outcome() {
    let section = Some(retention(Some(30), Some(30)));
    let strict = run_with("deletion", section.clone(), |p| p.with("max_request_days", ParamValue::Integer(29)));
    assert_eq!(strict.status, Status::Partial);
    let lenient = run_with("deletion", Some(retention(Some(45), Some(30))), |p| {
        p.with("max_request_days", ParamValue::Integer(45))
    });
    assert_eq!(lenient.status, Status::Pass);
}

#[test]
fn max_contract_end_days_param_changes_the_outcome() {
    let section = Some(retention(Some(30), Some(60)));
    assert_eq!(run("deletion", section.clone()).status, Status::Pass);
    let strict = run_with("deletion", section, |p| p.with("max_contract_end_days", ParamValue::Integer(59)));
    assert_eq!(strict.status, Status::Partial);
}

#[test]
fn unknown_deadlines_are_never_a_pass() {
    let both_unknown = run("deletion", Some(retention(None, None)));
    assert_eq!((both_unknown.status, both_unknown.score), (Status::InsufficientEvidence, 0));
    let one_unknown = run("deletion", Some(retention(Some(7), None)));
    assert_eq!((one_unknown.status, one_unknown.score), (Status::Partial, 50));
    assert!(one_unknown.findings.iter().any(|f| f.message.starts_with("No evidence")));
}
