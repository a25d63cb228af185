//! Native unit tests of the audit-logging checks, at the boundaries of every threshold.

use super::*;
use riskcard_plugin_sdk::testing::{context, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A vendor that meets every audit-logging requirement.
fn strong() -> AuditLogging {
    AuditLogging {
        actions: Some(ACTIONS.iter().map(|(_, action)| *action).collect()),
        fields: Some(FIELDS.iter().map(|(_, field)| *field).collect()),
        retention_days: Some(730),
        siem_export: Some(true),
        api_access: Some(true),
        tamper_evident: Some(true),
        provenance: provenance("https://vendor.example/admin/audit-trail"),
    }
}

/// A section that says nothing.
fn silent() -> AuditLogging {
    AuditLogging {
        actions: None,
        fields: None,
        retention_days: None,
        siem_export: None,
        api_access: None,
        tamper_evident: None,
        provenance: provenance("questionnaire"),
    }
}

fn defaults(id: &str) -> Params {
    Params::defaults(crate::CHECKS.iter().find(|check| check.id == id).unwrap().params)
}

fn run_with(id: &str, section: Option<AuditLogging>, params: Params) -> Verdict {
    let check = crate::CHECKS.iter().find(|check| check.id == id).unwrap();
    let mut dossier = empty_dossier();
    dossier.audit_logging = section;
    (check.run)(&context(AS_OF, dossier), &params)
}

fn run(id: &str, section: AuditLogging) -> Verdict {
    run_with(id, Some(section), defaults(id))
}

fn text(verdict: &Verdict) -> String {
    verdict.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")
}

fn worst(verdict: &Verdict) -> Severity {
    verdict.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
}

fn names(list: &[&str]) -> ParamValue {
    ParamValue::TextList(list.iter().map(|n| (*n).to_owned()).collect())
}

fn without_actions(drop: &[AuditedAction]) -> AuditLogging {
    let actions = ACTIONS.iter().map(|(_, a)| *a).filter(|a| !drop.contains(a)).collect();
    AuditLogging { actions: Some(actions), ..strong() }
}

fn without_fields(drop: &[AuditField]) -> AuditLogging {
    let fields = FIELDS.iter().map(|(_, f)| *f).filter(|f| !drop.contains(f)).collect();
    AuditLogging { fields: Some(fields), ..strong() }
}

fn retention(days: u32) -> AuditLogging {
    AuditLogging { retention_days: Some(days), ..strong() }
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run_with(check.id, None, defaults(check.id));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["audit_logging".to_owned()]);
        assert!(verdict.findings[0].remediation.starts_with("Ask the vendor"));
    }
}

#[test]
fn a_section_that_says_nothing_is_insufficient() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, silent());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
    }
}

#[test]
fn strong_vendor_passes_every_check_with_full_score() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, strong());
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{}: {:?}", check.id, verdict.findings);
        assert!(verdict.findings.iter().all(|f| f.severity == Severity::Info), "{}", check.id);
    }
}

#[test]
fn unlogged_reads_are_named_and_high() {
    let verdict = run("coverage", without_actions(&[AuditedAction::Read]));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 90));
    assert_eq!(worst(&verdict), Severity::High);
    assert!(text(&verdict).contains("(missing: read)"), "{}", text(&verdict));
}

#[test]
fn missing_actions_score_by_share_and_are_listed() {
    let verdict = run("coverage", without_actions(&[AuditedAction::Create, AuditedAction::Modify]));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 80));
    assert_eq!(worst(&verdict), Severity::Medium, "neither read nor export is missing");
    assert!(text(&verdict).contains("(missing: create, modify)"), "{}", text(&verdict));
}

#[test]
fn missing_fields_score_by_share_and_are_listed() {
    let verdict = run("coverage", without_fields(&[AuditField::IpAddress, AuditField::Request]));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 80));
    assert_eq!(worst(&verdict), Severity::Medium);
    assert!(text(&verdict).contains("(missing: ip-address, request)"), "{}", text(&verdict));
    let anonymous = run("coverage", without_fields(&[AuditField::UserId]));
    assert_eq!((anonymous.status, anonymous.score), (Status::Partial, 90));
    assert_eq!(worst(&anonymous), Severity::High, "entries without a user attribute nothing");
}

#[test]
fn a_thin_log_fails() {
    let thin = AuditLogging {
        actions: Some(vec![AuditedAction::Login, AuditedAction::Delete]),
        fields: Some(vec![AuditField::UserId, AuditField::Timestamp]),
        ..strong()
    };
    let verdict = run("coverage", thin);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 40));
    assert!(text(&verdict).contains("(missing: read, create, modify, export)"), "{}", text(&verdict));
}

#[test]
fn required_actions_and_fields_are_params() {
    let no_reads = without_actions(&[AuditedAction::Read, AuditedAction::PermissionChange]);
    let relaxed =
        defaults("coverage").with("required_actions", names(&["CREATE", "modify", "delete", "export", "login"]));
    assert_eq!(run_with("coverage", Some(no_reads.clone()), relaxed).status, Status::Pass);
    let stricter = defaults("coverage").with("required_actions", names(&["read", "permission-change"]));
    let verdict = run_with("coverage", Some(no_reads), stricter);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 40));
    let outcome = defaults("coverage").with("required_fields", names(&["user-id", "outcome"]));
    let verdict = run_with("coverage", Some(without_fields(&[AuditField::Outcome])), outcome);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 80));
    assert!(text(&verdict).contains("(missing: outcome)"));
}

#[test]
fn empty_requirement_lists_require_nothing() {
    let nothing = defaults("coverage").with("required_actions", names(&[])).with("required_fields", names(&[]));
    let verdict = run_with("coverage", Some(AuditLogging { actions: Some(Vec::new()), ..strong() }), nothing);
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
}

#[test]
fn an_unknown_name_in_the_rubric_counts_as_missing_and_says_so() {
    let odd = defaults("coverage").with("required_actions", names(&["read", "approve"]));
    let verdict = run_with("coverage", Some(strong()), odd);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 70));
    assert!(text(&verdict).contains("\"approve\", which riskcard does not recognise"), "{}", text(&verdict));
    assert!(text(&verdict).contains("(missing: approve)"));
}

#[test]
fn unknown_actions_leave_coverage_insufficient() {
    let verdict = run("coverage", AuditLogging { actions: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert!(text(&verdict).contains("No evidence: logging of every action the rubric requires (read, create"));
}

#[test]
fn retention_exactly_at_the_minimum_passes_one_day_short_does_not() {
    let at_365 = run("log-retention", retention(365));
    assert_eq!((at_365.status, at_365.score), (Status::Pass, 100));
    let at_364 = run("log-retention", retention(364));
    assert_eq!((at_364.status, at_364.score), (Status::Partial, 99));
    assert_eq!(at_364.findings[0].severity, Severity::Medium);
    assert!(at_364.findings[0].message.contains("only 364 days; the rubric requires at least 365"));
    assert_eq!(at_364.findings[0].evidence, vec!["audit_logging.retention_days".to_owned()]);
}

#[test]
fn shorter_retention_is_graded_by_ratio_and_under_half_fails() {
    let half = run("log-retention", retention(183));
    assert_eq!((half.status, half.score, half.findings[0].severity), (Status::Partial, 50, Severity::Medium));
    let under_half = run("log-retention", retention(182));
    assert_eq!(
        (under_half.status, under_half.score, under_half.findings[0].severity),
        (Status::Fail, 49, Severity::High)
    );
    assert_eq!(run("log-retention", retention(90)).score, 24);
}

#[test]
fn min_retention_days_moves_the_boundary() {
    let six_years = defaults("log-retention").with("min_retention_days", ParamValue::Integer(2190));
    let verdict = run_with("log-retention", Some(retention(730)), six_years.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 33));
    assert_eq!(run_with("log-retention", Some(retention(2190)), six_years).status, Status::Pass);
    let ninety = defaults("log-retention").with("min_retention_days", ParamValue::Integer(90));
    assert_eq!(run_with("log-retention", Some(retention(90)), ninety).status, Status::Pass);
}

#[test]
fn unknown_retention_is_insufficient_and_cites_the_field() {
    let verdict = run("log-retention", AuditLogging { retention_days: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert_eq!(verdict.findings[0].evidence, vec!["audit_logging.retention_days".to_owned()]);
}

#[test]
fn either_siem_export_or_api_access_is_enough() {
    for (siem, api) in [(Some(true), Some(false)), (Some(false), Some(true)), (Some(true), None), (None, Some(true))] {
        let verdict = run("integrity", AuditLogging { siem_export: siem, api_access: api, ..strong() });
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{siem:?} {api:?}");
    }
}

#[test]
fn logs_that_cannot_leave_the_vendor_or_be_trusted_are_not_a_pass() {
    let locked_in = run("integrity", AuditLogging { siem_export: Some(false), api_access: Some(false), ..strong() });
    assert_eq!((locked_in.status, locked_in.score), (Status::Partial, 50));
    let alterable = run("integrity", AuditLogging { tamper_evident: Some(false), ..strong() });
    assert_eq!((alterable.status, alterable.score), (Status::Partial, 50));
    assert!(text(&alterable).contains("tamper-evident"));
    let neither =
        AuditLogging { siem_export: Some(false), api_access: Some(false), tamper_evident: Some(false), ..strong() };
    assert_eq!(run("integrity", neither).status, Status::Fail);
}

#[test]
fn export_is_unknown_unless_one_route_is_known_to_work() {
    let verdict = run("integrity", AuditLogging { siem_export: Some(false), api_access: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 50));
    assert!(text(&verdict).starts_with("No evidence: audit logs exportable"));
}
