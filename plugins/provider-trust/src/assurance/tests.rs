//! Native unit tests of the security-testing and breach-notification checks, at their boundaries.

use super::*;
use riskcard_plugin_sdk::evidence::{Assurance, BugBounty, Contract, Dossier, VulnerabilityDisclosure};
use riskcard_plugin_sdk::testing::{self, date, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Status};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

fn pentest(completed: Date, independent: Option<bool>) -> PenetrationTest {
    PenetrationTest {
        completed: Some(completed),
        scope: Some("web application and API".into()),
        tester: Some("NCC Group".into()),
        independent,
    }
}

fn assurance(test: Option<PenetrationTest>, safe_harbour: Option<bool>, bounty: bool) -> Dossier {
    let mut dossier = empty_dossier();
    dossier.assurance = Some(Assurance {
        penetration_test: test,
        vulnerability_disclosure: Some(VulnerabilityDisclosure { policy_url: None, safe_harbour }),
        bug_bounty: bounty.then(|| BugBounty { platform: Some("HackerOne".into()), url: None }),
        provenance: provenance("https://vendor.example/trust"),
    });
    dossier
}

fn run(id: &str, dossier: Dossier) -> Verdict {
    testing::run(&crate::CHECKS, id, dossier, AS_OF, &testing::params(&crate::CHECKS, id))
}

#[test]
fn a_test_exactly_at_the_limit_passes_one_day_older_does_not() {
    let limit = date::add_days(&AS_OF, -365);
    let verdict = run("security-testing", assurance(Some(pentest(limit, Some(true))), Some(true), true));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    let older = date::add_days(&AS_OF, -366);
    let verdict = run("security-testing", assurance(Some(pentest(older, Some(true))), Some(true), true));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 40), "3 + 1 of 10");
    assert!(verdict.messages().contains("the last test ended 366 days ago"), "{}", verdict.messages());
}

#[test]
fn a_test_by_the_vendors_own_staff_earns_half() {
    let verdict = run("security-testing", assurance(Some(pentest(date(2026, 6, 1), Some(false))), Some(true), true));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 70), "3 + 3 + 1 of 10");
    assert!(verdict.messages().contains("not an independent firm"), "{}", verdict.messages());
}

#[test]
fn a_test_dated_after_the_assessment_cannot_count() {
    let verdict = run("security-testing", assurance(Some(pentest(date(2026, 12, 1), Some(true))), Some(true), true));
    assert_eq!(verdict.status, Status::InsufficientEvidence, "the test's weight is unknown");
    assert!(verdict.messages().contains("2026-12-01, after the assessment date"), "{}", verdict.messages());
}

#[test]
fn an_undated_test_cannot_show_recency() {
    let undated = PenetrationTest { completed: None, ..pentest(date(2026, 6, 1), Some(true)) };
    let verdict = run("security-testing", assurance(Some(undated), Some(true), true));
    assert_eq!(verdict.status, Status::InsufficientEvidence);
    assert!(verdict.messages().contains("the test's date is not known"), "{}", verdict.messages());
}

#[test]
fn disclosure_without_safe_harbour_and_no_bounty_cost_their_weight() {
    let verdict = run("security-testing", assurance(Some(pentest(date(2026, 6, 1), Some(true))), None, false));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 75), "6 + 1.5 of 10");
}

#[test]
fn without_a_pentest_the_check_cannot_conclude() {
    let mut dossier = empty_dossier();
    dossier.trust = Some(riskcard_plugin_sdk::evidence::Trust {
        security_policy_published: None,
        vulnerability_disclosure: Some(true),
        bug_bounty: Some(true),
        support_response_hours: None,
        incident_transparency: None,
        security_txt: None,
        provenance: provenance("trust centre"),
    });
    let verdict = run("security-testing", dossier);
    assert_eq!(verdict.status, Status::InsufficientEvidence, "half the weight (the pentest) is unknown");
    assert_eq!(run("security-testing", empty_dossier()).status, Status::InsufficientEvidence);
}

fn contract(hours: Option<u32>) -> Dossier {
    let mut dossier = empty_dossier();
    dossier.contract = Some(Contract { breach_notification_hours: hours, provenance: provenance("DPA §9") });
    dossier
}

#[test]
fn breach_notification_at_72_hours_passes_73_fails() {
    assert_eq!(run("breach-notification", contract(Some(72))).status, Status::Pass);
    let late = run("breach-notification", contract(Some(73)));
    assert_eq!(late.status, Status::Fail);
    assert!(late.messages().contains("the contract allows 73 hours"), "{}", late.messages());
    assert_eq!(run("breach-notification", contract(None)).status, Status::InsufficientEvidence);
    assert_eq!(run("breach-notification", empty_dossier()).status, Status::InsufficientEvidence);
}

#[test]
fn the_notification_limit_is_a_parameter() {
    let params =
        testing::params(&crate::CHECKS, "breach-notification").with("max_notification_hours", ParamValue::Integer(24));
    let verdict = testing::run(&crate::CHECKS, "breach-notification", contract(Some(48)), AS_OF, &params);
    assert_eq!(verdict.status, Status::Fail);
}
