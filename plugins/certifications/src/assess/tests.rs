use super::*;
use riskcard_plugin_sdk::testing::{self, context, date, empty_dossier, provenance};
use riskcard_plugin_sdk::{ParamValue, Params};

fn cert(kind: CertificationKind, issued: Date, expires: Option<Date>, covers: Option<bool>) -> Certification {
    Certification {
        kind,
        other_name: None,
        scope: Some("Test CRM production".to_owned()),
        covers_product: covers,
        auditor: Some("Test Registrar".to_owned()),
        issued: Some(issued),
        expires,
        provenance: provenance("https://vendor.example/trust"),
    }
}

fn run(check: fn(&Context, &Params) -> Verdict, id: &str, certs: Option<Vec<Certification>>, as_of: Date) -> Verdict {
    let mut dossier = empty_dossier();
    dossier.certifications = certs;
    check(&context(as_of, dossier), &testing::params(&crate::CHECKS, id))
}

const AS_OF: Date = Date { year: 2026, month: 6, day: 30 };

#[test]
fn iso_current_and_in_scope_passes() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2025, 1, 1), Some(date(2028, 1, 1)), Some(true))];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    assert_eq!(verdict.findings[0].evidence, vec!["certifications[0]".to_owned()]);
}

#[test]
fn certificate_expiring_exactly_on_as_of_is_still_valid_but_due() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2023, 6, 30), Some(AS_OF), Some(true))];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 70));
    assert!(verdict.findings[0].message.contains("0 days"), "{:?}", verdict.findings);
}

#[test]
fn certificate_expired_the_day_before_fails() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2023, 6, 29), Some(date(2026, 6, 29)), Some(true))];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
    assert_eq!(verdict.findings[0].severity, Severity::High);
    assert!(verdict.findings[0].message.contains("expired on 2026-06-29"));
}

#[test]
fn expiry_warning_window_is_a_param_and_inclusive() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2024, 1, 1), Some(date(2026, 7, 30)), Some(true))];
    let mut dossier = empty_dossier();
    dossier.certifications = Some(certs);
    let decls = crate::CHECKS[0].params;
    let ctx = context(AS_OF, dossier);
    let at_30 = iso27001(&ctx, &Params::defaults(decls).with("expiry_warning_days", ParamValue::Integer(30)));
    let at_29 = iso27001(&ctx, &Params::defaults(decls).with("expiry_warning_days", ParamValue::Integer(29)));
    assert_eq!(at_30.status, Status::Partial);
    assert_eq!(at_29.status, Status::Pass);
}

#[test]
fn the_best_of_several_certificates_counts() {
    let certs = vec![
        cert(CertificationKind::Iso27001, date(2020, 1, 1), Some(date(2023, 1, 1)), Some(true)),
        cert(CertificationKind::Iso27001, date(2023, 1, 1), Some(date(2027, 12, 31)), Some(true)),
    ];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!(verdict.status, Status::Pass);
    assert_eq!(verdict.findings[0].evidence, vec!["certifications[1]".to_owned()]);
}

#[test]
fn out_of_scope_certificate_is_partial_with_a_high_finding() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2025, 1, 1), Some(date(2028, 1, 1)), Some(false))];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 40));
    assert_eq!(verdict.findings[0].severity, Severity::High);
}

#[test]
fn unknown_scope_is_not_a_full_pass() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2025, 1, 1), Some(date(2028, 1, 1)), None)];
    assert_eq!(run(iso27001, "iso27001", Some(certs), AS_OF).status, Status::Partial);
}

#[test]
fn unknown_expiry_is_not_a_full_pass() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2025, 1, 1), None, Some(true))];
    let verdict = run(iso27001, "iso27001", Some(certs), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
}

#[test]
fn certificate_issued_after_as_of_does_not_count() {
    let certs = vec![cert(CertificationKind::Iso27001, date(2026, 7, 1), Some(date(2029, 7, 1)), Some(true))];
    assert_eq!(run(iso27001, "iso27001", Some(certs), AS_OF).status, Status::Fail);
}

#[test]
fn no_certification_evidence_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.run, check.id, None, AS_OF);
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
    }
}

#[test]
fn an_empty_list_means_not_certified() {
    let verdict = run(iso27001, "iso27001", Some(Vec::new()), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
}

#[test]
fn soc2_type2_passes_and_type1_alone_is_partial() {
    let type2 = vec![cert(CertificationKind::Soc2Type2, date(2026, 3, 31), None, Some(true))];
    let type1 = vec![cert(CertificationKind::Soc2Type1, date(2026, 3, 31), None, Some(true))];
    let verdict2 = run(soc2, "soc2", Some(type2), AS_OF);
    let verdict1 = run(soc2, "soc2", Some(type1), AS_OF);
    assert_eq!((verdict2.status, verdict2.score), (Status::Pass, 100));
    assert_eq!(verdict1.status, Status::Partial);
    assert!(verdict1.score <= 50);
    assert!(verdict1.findings[0].message.contains("Type I"));
}

#[test]
fn soc2_report_older_than_max_age_is_expired() {
    let old = vec![cert(CertificationKind::Soc2Type2, date(2025, 6, 29), None, Some(true))];
    let current = vec![cert(CertificationKind::Soc2Type2, date(2025, 6, 30), None, Some(true))];
    assert_eq!(run(soc2, "soc2", Some(old), AS_OF).status, Status::Fail);
    assert_eq!(run(soc2, "soc2", Some(current), AS_OF).status, Status::Partial, "due: 0 days left");
}

#[test]
fn soc2_expired_type2_with_current_type1_is_partial() {
    let certs = vec![
        cert(CertificationKind::Soc2Type2, date(2024, 1, 1), None, Some(true)),
        cert(CertificationKind::Soc2Type1, date(2026, 5, 1), None, Some(true)),
    ];
    let verdict = run(soc2, "soc2", Some(certs), AS_OF);
    assert_eq!(verdict.status, Status::Partial);
    assert_eq!(verdict.findings.len(), 3);
}

#[test]
fn cloud_privacy_needs_both_standards() {
    let both = vec![
        cert(CertificationKind::Iso27017, date(2025, 1, 1), Some(date(2028, 1, 1)), Some(true)),
        cert(CertificationKind::Iso27018, date(2025, 1, 1), Some(date(2028, 1, 1)), Some(true)),
    ];
    let one = vec![both[0].clone()];
    assert_eq!(run(cloud_privacy, "cloud-privacy", Some(both), AS_OF).score, 100);
    let verdict = run(cloud_privacy, "cloud-privacy", Some(one), AS_OF);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 50));
}

#[test]
fn csa_star_level1_is_partial_level2_passes() {
    let level1 = vec![cert(CertificationKind::CsaStarLevel1, date(2026, 1, 1), Some(date(2027, 1, 1)), Some(true))];
    let level2 = vec![cert(CertificationKind::CsaStarLevel2, date(2026, 1, 1), Some(date(2027, 6, 1)), Some(true))];
    assert_eq!(run(csa_star, "csa-star", Some(level1), AS_OF).status, Status::Partial);
    assert_eq!(run(csa_star, "csa-star", Some(level2), AS_OF).status, Status::Pass);
}
