//! Native unit tests of the `compliance` checks at their boundaries, absent evidence included.

use super::*;
use riskcard_plugin_sdk::evidence::{Ccpa, Compliance, Dossier, Gdpr, Hipaa};
use riskcard_plugin_sdk::testing::{self, date, empty_dossier, provenance};

fn gdpr(value: Option<bool>, mechanisms: Option<Vec<TransferMechanism>>) -> Gdpr {
    Gdpr {
        dpa_offered: value,
        transfer_mechanisms: mechanisms,
        eu_data_residency: value,
        subprocessor_list_published: value,
        provenance: provenance("https://vendor.example/legal/dpa"),
    }
}

/// The dossier's compliance section, made empty when it has none.
fn laws(dossier: &mut Dossier) -> &mut Compliance {
    dossier.compliance.get_or_insert(Compliance { gdpr: None, ccpa: None, hipaa: None })
}

/// A dossier whose every compliance term is `value`; `None` leaves each field out.
fn dossier(value: Option<bool>) -> Dossier {
    let mut dossier = empty_dossier();
    let mechanisms =
        value.map(|yes| if yes { vec![TransferMechanism::StandardContractualClauses] } else { Vec::new() });
    laws(&mut dossier).gdpr = Some(gdpr(value, mechanisms));
    laws(&mut dossier).ccpa = Some(Ccpa { service_provider_terms: value, provenance: provenance("contract") });
    laws(&mut dossier).hipaa = Some(Hipaa { baa_offered: value, provenance: provenance("contract") });
    dossier
}

fn run(id: &str, dossier: Dossier) -> Verdict {
    testing::run(&crate::CHECKS, id, dossier, date(2026, 11, 30), &testing::params(&crate::CHECKS, id))
}

fn path_of(id: &str) -> &'static str {
    match id {
        "ccpa" => "compliance.ccpa",
        "hipaa-baa" => "compliance.hipaa",
        _ => "compliance.gdpr",
    }
}

#[test]
fn yes_passes_with_full_score() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, dossier(Some(true)));
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{}", check.id);
        assert_eq!(verdict.findings[0].severity, Severity::Info);
        assert_eq!(verdict.findings[0].evidence, vec![path_of(check.id).to_owned()], "{}", check.id);
    }
}

#[test]
fn no_fails_with_a_serious_finding() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, dossier(Some(false)));
        assert_eq!((verdict.status, verdict.score), (Status::Fail, 0), "{}", check.id);
        let expected = if matches!(check.id, "gdpr-dpa" | "hipaa-baa") { Severity::Critical } else { Severity::High };
        assert_eq!(verdict.findings[0].severity, expected, "{}", check.id);
        assert!(!verdict.findings[0].remediation.is_empty(), "{}", check.id);
    }
}

#[test]
fn absent_field_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, dossier(None));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert!(verdict.findings[0].message.contains("does not say"), "{}", check.id);
    }
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, empty_dossier());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert!(verdict.findings[0].message.contains("says nothing about"), "{}", check.id);
        assert!(verdict.findings[0].remediation.starts_with("Ask the vendor"), "{}", check.id);
    }
}

#[test]
fn each_check_reads_only_its_own_term() {
    let mut mixed = dossier(Some(true));
    laws(&mut mixed).hipaa = None;
    if let Some(gdpr) = laws(&mut mixed).gdpr.as_mut() {
        gdpr.eu_data_residency = Some(false);
    }
    assert_eq!(run("gdpr-dpa", mixed.clone()).status, Status::Pass);
    assert_eq!(run("gdpr-residency", mixed.clone()).status, Status::Fail);
    assert_eq!(run("ccpa", mixed.clone()).status, Status::Pass);
    assert_eq!(run("hipaa-baa", mixed).status, Status::InsufficientEvidence);
}

#[test]
fn an_empty_list_of_transfer_mechanisms_fails() {
    let mut dossier = empty_dossier();
    laws(&mut dossier).gdpr = Some(gdpr(Some(true), Some(Vec::new())));
    let verdict = run("gdpr-transfers", dossier);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
    assert_eq!(verdict.findings[0].severity, Severity::High);
}

#[test]
fn transfer_mechanisms_are_named_in_the_finding() {
    let mut dossier = empty_dossier();
    let mechanisms = vec![TransferMechanism::StandardContractualClauses, TransferMechanism::DataPrivacyFramework];
    laws(&mut dossier).gdpr = Some(gdpr(Some(true), Some(mechanisms)));
    let verdict = run("gdpr-transfers", dossier);
    assert_eq!(verdict.status, Status::Pass);
    assert!(verdict.findings[0].message.contains("Standard Contractual Clauses, EU-US Data Privacy Framework"));
}
