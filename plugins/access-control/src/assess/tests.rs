//! Native unit tests of the access-control checks, at the boundaries of every threshold.

use super::*;
use riskcard_plugin_sdk::testing::{self, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Params, Status};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A vendor that meets every access-control requirement.
fn strong() -> AccessControl {
    AccessControl {
        rbac: Some(true),
        custom_roles: Some(true),
        field_level_permissions: Some(true),
        record_level_permissions: Some(true),
        sso: Some(vec![SsoProtocol::Saml, SsoProtocol::Oidc]),
        mfa: Some(MfaSupport::EnforcedByDefault),
        mfa_factors: None,
        phishing_resistant_enforceable: None,
        scim: Some(true),
        automated_deprovisioning: Some(true),
        access_review_days: Some(90),
        provenance: provenance("https://vendor.example/admin/security"),
    }
}

/// A section that says nothing.
fn silent() -> AccessControl {
    AccessControl {
        rbac: None,
        custom_roles: None,
        field_level_permissions: None,
        record_level_permissions: None,
        sso: None,
        mfa: None,
        mfa_factors: None,
        phishing_resistant_enforceable: None,
        scim: None,
        automated_deprovisioning: None,
        access_review_days: None,
        provenance: provenance("questionnaire"),
    }
}

fn defaults(id: &str) -> Params {
    testing::params(&crate::CHECKS, id)
}

fn run_with(id: &str, section: Option<AccessControl>, params: Params) -> Verdict {
    let mut dossier = empty_dossier();
    dossier.access_control = section;
    testing::run(&crate::CHECKS, id, dossier, AS_OF, &params)
}

fn run(id: &str, section: AccessControl) -> Verdict {
    run_with(id, Some(section), defaults(id))
}

fn protocols(names: &[&str]) -> ParamValue {
    ParamValue::TextList(names.iter().map(|n| (*n).to_owned()).collect())
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run_with(check.id, None, defaults(check.id));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings.len(), 1);
        assert_eq!(verdict.findings[0].evidence, vec!["access_control".to_owned()]);
        assert!(verdict.findings[0].remediation.starts_with("Ask the vendor"), "{:?}", verdict.findings[0]);
    }
}

#[test]
fn a_section_that_says_nothing_is_insufficient() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, silent());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert!(verdict.findings.iter().all(|f| f.message.starts_with("No evidence")), "{}", check.id);
    }
}

#[test]
fn strong_vendor_passes_every_check_with_full_score() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, strong());
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{}: {:?}", check.id, verdict.findings);
        assert!(verdict.findings.is_empty(), "{}", check.id);
    }
}

#[test]
fn least_privilege_without_roles_is_a_high_finding() {
    let verdict = run("least-privilege", AccessControl { rbac: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 67));
    assert_eq!(verdict.worst(), Severity::High);
    assert_eq!(verdict.findings[0].evidence, vec!["access_control".to_owned()]);
}

#[test]
fn least_privilege_missing_record_level_permissions_is_partial() {
    let verdict = run("least-privilege", AccessControl { record_level_permissions: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 75));
    assert!(verdict.messages().contains("record-level"));
}

#[test]
fn least_privilege_without_custom_roles_still_passes_with_a_low_finding() {
    let verdict = run("least-privilege", AccessControl { custom_roles: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 83));
    assert_eq!(verdict.worst(), Severity::Low);
}

#[test]
fn least_privilege_with_little_evidence_is_insufficient_then_partial() {
    let only_roles = AccessControl { rbac: Some(true), ..silent() };
    assert_eq!(run("least-privilege", only_roles).status, Status::InsufficientEvidence);
    let roles_and_records = AccessControl { rbac: Some(true), record_level_permissions: Some(true), ..silent() };
    let verdict = run("least-privilege", roles_and_records);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 58));
}

#[test]
fn enforceable_and_enforced_mfa_both_meet_the_requirement() {
    for mfa in [MfaSupport::Enforceable, MfaSupport::EnforcedByDefault] {
        let verdict = run("authentication", AccessControl { mfa: Some(mfa), ..strong() });
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{mfa:?}");
    }
}

#[test]
fn optional_mfa_is_a_high_finding_and_not_a_pass() {
    let verdict = run("authentication", AccessControl { mfa: Some(MfaSupport::Optional), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 55));
    assert_eq!(verdict.findings.len(), 1);
    assert_eq!(verdict.findings[0].severity, Severity::High);
    assert!(verdict.findings[0].message.contains("cannot require it"), "{}", verdict.findings[0].message);
}

#[test]
fn unavailable_mfa_is_critical_and_fails() {
    let verdict = run("authentication", AccessControl { mfa: Some(MfaSupport::Unavailable), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 40));
    assert_eq!(verdict.findings[0].severity, Severity::Critical);
}

#[test]
fn unknown_mfa_leaves_authentication_insufficient() {
    let verdict = run("authentication", AccessControl { mfa: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}

#[test]
fn saml_is_required_by_default() {
    let oidc_only = AccessControl { sso: Some(vec![SsoProtocol::Oidc]), ..strong() };
    let verdict = run("authentication", oidc_only.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert_eq!(verdict.worst(), Severity::Medium);
    assert!(verdict.messages().contains("SAML (the product supports OpenID Connect (OIDC))"), "{}", verdict.messages());
    let wants_oidc = defaults("authentication").with("require_protocols", protocols(&["oidc"]));
    assert_eq!(run_with("authentication", Some(oidc_only), wants_oidc).status, Status::Pass);
}

#[test]
fn every_required_protocol_must_be_present() {
    let both = defaults("authentication").with("require_protocols", protocols(&["SAML", "oidc"]));
    let saml_only = AccessControl { sso: Some(vec![SsoProtocol::Saml]), ..strong() };
    let verdict = run_with("authentication", Some(saml_only), both.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 80));
    assert_eq!(run_with("authentication", Some(strong()), both).status, Status::Pass);
}

#[test]
fn an_empty_protocol_list_accepts_any_sso_but_not_none() {
    let any = defaults("authentication").with("require_protocols", protocols(&[]));
    let oidc_only = AccessControl { sso: Some(vec![SsoProtocol::Oidc]), ..strong() };
    assert_eq!(run_with("authentication", Some(oidc_only), any.clone()).status, Status::Pass);
    let verdict = run_with("authentication", Some(AccessControl { sso: Some(Vec::new()), ..strong() }), any);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert_eq!(verdict.worst(), Severity::High);
    assert!(verdict.messages().contains("offers no single sign-on"));
}

#[test]
fn an_unknown_protocol_in_the_rubric_cannot_be_met_and_says_so() {
    let ldap = defaults("authentication").with("require_protocols", protocols(&["saml", "ldap"]));
    let verdict = run_with("authentication", Some(strong()), ldap);
    assert_ne!(verdict.status, Status::Pass);
    assert!(verdict.messages().contains("\"ldap\", which riskcard does not recognise"), "{}", verdict.messages());
}

#[test]
fn weak_vendor_fails_authentication() {
    let weak = AccessControl { sso: Some(Vec::new()), mfa: Some(MfaSupport::Optional), ..strong() };
    let verdict = run("authentication", weak);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 15));
    assert_eq!(verdict.findings.len(), 2);
}

#[test]
fn access_review_at_the_limit_passes_one_day_over_does_not() {
    let at_90 = run("account-lifecycle", AccessControl { access_review_days: Some(90), ..strong() });
    let at_91 = run("account-lifecycle", AccessControl { access_review_days: Some(91), ..strong() });
    assert_eq!((at_90.status, at_90.score), (Status::Pass, 100));
    assert_eq!((at_91.status, at_91.score), (Status::Partial, 99));
    assert_eq!(at_91.findings[0].severity, Severity::Medium);
    assert!(at_91.findings[0].message.contains("every 90 days (access is reviewed every 91 days)"));
}

#[test]
fn max_review_days_moves_the_boundary() {
    let half_year = AccessControl { access_review_days: Some(180), ..strong() };
    let verdict = run("account-lifecycle", half_year.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 85), "twice the limit earns half its weight");
    let lenient = defaults("account-lifecycle").with("max_review_days", ParamValue::Integer(180));
    assert_eq!(run_with("account-lifecycle", Some(half_year.clone()), lenient).status, Status::Pass);
    let strict = defaults("account-lifecycle").with("max_review_days", ParamValue::Integer(179));
    assert_eq!(run_with("account-lifecycle", Some(half_year), strict).status, Status::Partial);
}

#[test]
fn no_automated_deprovisioning_is_a_high_finding() {
    let verdict = run("account-lifecycle", AccessControl { automated_deprovisioning: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 50));
    assert_eq!(verdict.worst(), Severity::High);
}

#[test]
fn manual_lifecycle_with_yearly_reviews_fails() {
    let manual = AccessControl {
        scim: Some(false),
        automated_deprovisioning: Some(false),
        access_review_days: Some(365),
        ..strong()
    };
    let verdict = run("account-lifecycle", manual);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 7));
    assert_eq!(verdict.findings.len(), 3);
}

#[test]
fn unknown_review_interval_costs_its_weight_but_still_concludes() {
    let verdict = run("account-lifecycle", AccessControl { access_review_days: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 70));
    assert!(verdict.messages().starts_with("No evidence: access reviews at least every 90 days"));
}

fn with_factors(factors: &[MfaFactor], enforceable: Option<bool>) -> AccessControl {
    AccessControl { mfa_factors: Some(factors.to_vec()), phishing_resistant_enforceable: enforceable, ..strong() }
}

fn strict() -> Params {
    defaults("authentication").with("require_phishing_resistant", ParamValue::Boolean(true))
}

#[test]
fn by_default_any_factor_stronger_than_sms_or_email_passes() {
    for factors in [&[MfaFactor::Totp][..], &[MfaFactor::Push, MfaFactor::Sms], &[MfaFactor::PhishingResistant]] {
        let verdict = run("authentication", with_factors(factors, None));
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{factors:?}");
    }
}

#[test]
fn by_default_sms_and_email_only_is_partial_with_a_medium_finding() {
    let verdict = run("authentication", with_factors(&[MfaFactor::Sms, MfaFactor::Email], None));
    // MFA is 6 of 10 points and earns half: 4 + 3 = 70.
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 70));
    assert!(verdict.messages().contains("the only factors are SMS or e-mail codes"), "{}", verdict.messages());
    assert_eq!(verdict.findings[0].severity, Severity::Medium);
}

#[test]
fn strict_passes_only_with_phishing_resistant_factors_administrators_can_require() {
    let verdict = run_with("authentication", Some(with_factors(&[MfaFactor::PhishingResistant], Some(true))), strict());
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    let optional = run_with(
        "authentication",
        Some(with_factors(&[MfaFactor::PhishingResistant, MfaFactor::Totp], Some(false))),
        strict(),
    );
    assert_eq!((optional.status, optional.score), (Status::Partial, 70));
    assert!(optional.messages().contains("administrators cannot require them"), "{}", optional.messages());
}

#[test]
fn strict_without_phishing_resistant_factors_is_not_a_pass() {
    let app = run_with("authentication", Some(with_factors(&[MfaFactor::Totp, MfaFactor::Push], None)), strict());
    assert_eq!((app.status, app.score), (Status::Partial, 70));
    assert!(app.messages().contains("no phishing-resistant factor is offered"), "{}", app.messages());
    let sms = run_with("authentication", Some(with_factors(&[MfaFactor::Sms], None)), strict());
    // A quarter of 6 is 1.5: 4 + 1.5 = 55.
    assert_eq!((sms.status, sms.score), (Status::Partial, 55));
}

#[test]
fn strict_with_unknown_factors_or_enforceability_is_insufficient() {
    let unknown = run_with("authentication", Some(strong()), strict());
    assert_eq!(unknown.status, Status::InsufficientEvidence);
    let unknown_enforcement =
        run_with("authentication", Some(with_factors(&[MfaFactor::PhishingResistant], None)), strict());
    assert_eq!(unknown_enforcement.status, Status::InsufficientEvidence);
    let unavailable =
        run_with("authentication", Some(AccessControl { mfa: Some(MfaSupport::Unavailable), ..strong() }), strict());
    assert_eq!(unavailable.status, Status::Fail, "no MFA at all is decisive without factor kinds");
}

#[test]
fn old_dossiers_without_factor_kinds_score_as_before() {
    for mfa in [MfaSupport::Enforceable, MfaSupport::Optional, MfaSupport::Unavailable] {
        let section = AccessControl { mfa: Some(mfa), ..strong() };
        let old = run("authentication", section.clone());
        let new = run("authentication", AccessControl { mfa_factors: known_factors(mfa), ..section });
        assert_eq!((old.status, old.score), (new.status, new.score), "{mfa:?}");
    }
}

fn known_factors(mfa: MfaSupport) -> Option<Vec<MfaFactor>> {
    if mfa == MfaSupport::Unavailable { Some(Vec::new()) } else { Some(vec![MfaFactor::Totp]) }
}

#[test]
fn no_factors_at_all_means_no_mfa_even_when_mfa_is_not_stated() {
    let verdict = run("authentication", AccessControl { mfa: None, mfa_factors: Some(Vec::new()), ..strong() });
    assert_eq!(verdict.status, Status::Fail);
    assert!(verdict.messages().contains("no multi-factor authentication at all"), "{}", verdict.messages());
}
