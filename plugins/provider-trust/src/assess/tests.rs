//! Native unit tests of the `provider-trust` checks at their boundaries, absent evidence included.

use super::*;
use riskcard_plugin_sdk::evidence::{Dossier, Trust};
use riskcard_plugin_sdk::testing::{self, date, empty_dossier, provenance, security_txt};
use riskcard_plugin_sdk::{ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

fn trust() -> Trust {
    Trust {
        security_policy_published: Some(true),
        vulnerability_disclosure: Some(true),
        bug_bounty: Some(true),
        support_response_hours: Some(4),
        incident_transparency: Some(true),
        security_txt: None,
        provenance: provenance("https://vendor.example/trust"),
    }
}

fn dossier(trust: Trust) -> Dossier {
    let mut dossier = empty_dossier();
    dossier.trust = Some(trust);
    dossier
}

fn params(id: &str) -> Params {
    testing::params(&crate::CHECKS, id)
}

fn run_with(id: &str, dossier: Dossier, params: Params) -> Verdict {
    testing::run(&crate::CHECKS, id, dossier, AS_OF, &params)
}

fn run(id: &str, dossier: Dossier) -> Verdict {
    run_with(id, dossier, params(id))
}

#[test]
fn no_trust_section_is_insufficient_never_pass() {
    for check in crate::CHECKS.iter().filter(|check| ["transparency", "support"].contains(&check.id)) {
        let verdict = run(check.id, empty_dossier());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["trust".to_owned()]);
    }
}

// --- transparency ---

#[test]
fn full_transparency_passes() {
    let verdict = run("transparency", dossier(trust()));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
}

#[test]
fn an_unpublished_security_policy_blocks_a_pass() {
    let mut section = trust();
    section.security_policy_published = Some(false);
    let verdict = run("transparency", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 67));
}

#[test]
fn a_current_security_txt_stands_in_for_a_disclosure_programme() {
    let mut section = trust();
    section.vulnerability_disclosure = Some(false);
    assert_eq!(run("transparency", dossier(section.clone())).score, 67);
    section.security_txt = Some(security_txt(&["mailto:security@vendor.example"], Some(date(2027, 6, 30))));
    let verdict = run("transparency", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    let note = verdict.findings.iter().find(|f| f.evidence == vec!["trust.security_txt".to_owned()]).unwrap();
    assert!(note.message.contains("1 contact for reporting"), "{}", note.message);
}

#[test]
fn security_txt_expiring_on_the_as_of_date_counts_and_the_day_before_does_not() {
    let mut section = trust();
    section.vulnerability_disclosure = None;
    section.security_txt = Some(security_txt(&["mailto:security@vendor.example"], Some(AS_OF)));
    assert_eq!(run("transparency", dossier(section.clone())).score, 100);
    section.security_txt = Some(security_txt(&["mailto:security@vendor.example"], Some(date(2026, 11, 29))));
    let verdict = run("transparency", dossier(section));
    assert_eq!(verdict.score, 67);
    assert!(verdict.findings.iter().any(|f| f.message.contains("expired on 2026-11-29")));
}

#[test]
fn security_txt_without_contact_or_expiry_does_not_count() {
    for txt in [security_txt(&[], Some(date(2027, 1, 1))), security_txt(&["mailto:s@v.example"], None)] {
        let mut section = trust();
        section.vulnerability_disclosure = None;
        section.security_txt = Some(txt);
        let verdict = run("transparency", dossier(section));
        assert_eq!(verdict.score, 67);
        assert!(verdict.findings.iter().any(|f| f.severity == Severity::Low && f.evidence[0] == "trust.security_txt"));
    }
}

#[test]
fn unknown_transparency_is_insufficient() {
    let section = Trust {
        security_policy_published: None,
        vulnerability_disclosure: None,
        bug_bounty: Some(true),
        support_response_hours: Some(4),
        incident_transparency: Some(true),
        security_txt: None,
        provenance: provenance("https://vendor.example"),
    };
    let verdict = run("transparency", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}

// --- support ---

#[test]
fn support_at_24_hours_passes_and_25_does_not() {
    let mut section = trust();
    section.support_response_hours = Some(24);
    assert_eq!(run("support", dossier(section.clone())).status, Status::Pass);
    section.support_response_hours = Some(25);
    let verdict = run("support", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 96));
    assert_eq!(verdict.findings[0].severity, Severity::Medium);
}

#[test]
fn far_slower_support_fails() {
    let mut section = trust();
    section.support_response_hours = Some(72);
    let verdict = run("support", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 33));
    assert_eq!(verdict.findings[0].severity, Severity::High);
}

#[test]
fn max_response_hours_param_changes_the_outcome() {
    let mut section = trust();
    section.support_response_hours = Some(8);
    assert_eq!(run("support", dossier(section.clone())).status, Status::Pass);
    let strict = params("support").with("max_response_hours", ParamValue::Integer(4));
    assert_eq!(run_with("support", dossier(section), strict).status, Status::Partial);
}

#[test]
fn unstated_support_commitment_is_insufficient() {
    let mut section = trust();
    section.support_response_hours = None;
    let verdict = run("support", dossier(section));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}
