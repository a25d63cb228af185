//! Native unit tests of the encryption checks, at the boundaries of every threshold.

use super::*;
use riskcard_plugin_sdk::testing::{context, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A vendor that meets every encryption requirement.
fn strong() -> Encryption {
    Encryption {
        at_rest: Some(true),
        at_rest_algorithm: Some("AES".to_owned()),
        at_rest_key_bits: Some(256),
        tls_min_version: Some("1.2".to_owned()),
        key_rotation_days: Some(90),
        key_access_restricted: Some(true),
        byok: Some(true),
        hyok: Some(false),
        provenance: provenance("https://vendor.example/trust/encryption"),
    }
}

/// A section that says nothing.
fn silent() -> Encryption {
    Encryption {
        at_rest: None,
        at_rest_algorithm: None,
        at_rest_key_bits: None,
        tls_min_version: None,
        key_rotation_days: None,
        key_access_restricted: None,
        byok: None,
        hyok: None,
        provenance: provenance("questionnaire"),
    }
}

fn defaults(id: &str) -> Params {
    Params::defaults(crate::CHECKS.iter().find(|check| check.id == id).unwrap().params)
}

fn run_with(id: &str, section: Option<Encryption>, params: Params) -> Verdict {
    let check = crate::CHECKS.iter().find(|check| check.id == id).unwrap();
    let mut dossier = empty_dossier();
    dossier.encryption = section;
    (check.run)(&context(AS_OF, dossier), &params)
}

fn run(id: &str, section: Encryption) -> Verdict {
    run_with(id, Some(section), defaults(id))
}

fn text(verdict: &Verdict) -> String {
    verdict.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")
}

fn worst(verdict: &Verdict) -> Severity {
    verdict.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
}

fn bits(bits: u32) -> Encryption {
    Encryption { at_rest_key_bits: Some(bits), ..strong() }
}

fn tls(version: &str) -> Encryption {
    Encryption { tls_min_version: Some(version.to_owned()), ..strong() }
}

fn min_tls(version: &str) -> Params {
    defaults("in-transit").with("min_tls_version", ParamValue::Text(version.to_owned()))
}

fn rotation(days: u32) -> Encryption {
    Encryption { key_rotation_days: Some(days), ..strong() }
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run_with(check.id, None, defaults(check.id));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["encryption".to_owned()]);
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
fn unencrypted_data_at_rest_fails_with_one_critical_finding() {
    let verdict = run("at-rest", Encryption { at_rest: Some(false), at_rest_algorithm: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
    assert_eq!(verdict.findings.len(), 1, "the algorithm is moot: {:?}", verdict.findings);
    assert_eq!(verdict.findings[0].severity, Severity::Critical);
}

#[test]
fn key_bits_exactly_at_the_minimum_pass_one_short_does_not() {
    assert_eq!(run("at-rest", bits(256)).status, Status::Pass);
    let short = run("at-rest", bits(255));
    assert_eq!((short.status, short.score), (Status::Partial, 99));
    assert!(text(&short).contains("at least 256 bits (the vendor uses 255-bit keys)"), "{}", text(&short));
}

#[test]
fn min_key_bits_changes_the_outcome() {
    let aes128 = run("at-rest", bits(128));
    assert_eq!((aes128.status, aes128.score, worst(&aes128)), (Status::Partial, 90, Severity::Medium));
    let lenient = defaults("at-rest").with("min_key_bits", ParamValue::Integer(128));
    assert_eq!(run_with("at-rest", Some(bits(128)), lenient).status, Status::Pass);
    assert_eq!(worst(&run("at-rest", bits(64))), Severity::High, "below every current standard");
}

#[test]
fn aes_is_recognised_in_its_usual_spellings_and_others_are_named() {
    for name in ["AES", "aes-256-gcm", "AES256", "256-bit AES"] {
        let verdict = run("at-rest", Encryption { at_rest_algorithm: Some(name.to_owned()), ..strong() });
        assert_eq!(verdict.status, Status::Pass, "{name}");
    }
    let other = run("at-rest", Encryption { at_rest_algorithm: Some("Blowfish".to_owned()), ..strong() });
    assert_eq!((other.status, other.score, worst(&other)), (Status::Partial, 80, Severity::Medium));
    assert!(text(&other).contains("(the vendor names \"Blowfish\")"));
}

#[test]
fn encrypted_with_unknown_algorithm_and_keys_is_partial() {
    let verdict = run("at-rest", Encryption { at_rest: Some(true), ..silent() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert_eq!(verdict.findings.len(), 2);
    assert!(verdict.findings.iter().all(|f| f.message.starts_with("No evidence")));
}

#[test]
fn unknown_encryption_at_rest_is_insufficient_whatever_else_is_known() {
    let verdict = run("at-rest", Encryption { at_rest: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}

#[test]
fn tls_at_or_above_the_minimum_passes() {
    for version in ["1.2", "1.3", "TLS 1.2", "TLSv1.3"] {
        let verdict = run("in-transit", tls(version));
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100), "{version}");
        assert_eq!(verdict.findings[0].evidence, vec!["encryption.tls_min_version".to_owned()]);
    }
}

#[test]
fn deprecated_tls_fails_and_ssl_is_critical() {
    for version in ["1.0", "1.1"] {
        let verdict = run("in-transit", tls(version));
        assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Fail, 0, Severity::High), "{version}");
        assert!(text(&verdict).contains("deprecated"));
    }
    assert_eq!(worst(&run("in-transit", tls("SSLv3"))), Severity::Critical);
}

#[test]
fn min_tls_version_changes_the_outcome() {
    let verdict = run_with("in-transit", Some(tls("1.2")), min_tls("1.3"));
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Partial, 60, Severity::Medium));
    assert!(text(&verdict).contains("older than the TLS 1.3 the rubric requires"));
    let lenient = run_with("in-transit", Some(tls("1.1")), min_tls("1.1"));
    assert_eq!((lenient.status, lenient.score), (Status::Pass, 100));
    assert_eq!(worst(&lenient), Severity::Low, "a deprecated version the rubric accepts is still pointed out");
}

#[test]
fn an_unreadable_tls_version_is_insufficient_not_a_guess() {
    let verdict = run("in-transit", tls("strong"));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert!(text(&verdict).contains("\"strong\", which riskcard cannot read"));
    let unknown = run("in-transit", Encryption { tls_min_version: None, ..strong() });
    assert_eq!((unknown.status, unknown.score), (Status::InsufficientEvidence, 0));
}

#[test]
fn an_unreadable_rubric_minimum_is_insufficient_and_blames_the_rubric() {
    let verdict = run_with("in-transit", Some(strong()), min_tls("1.4"));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert!(verdict.findings[0].remediation.starts_with("Correct the rubric"));
}

#[test]
fn rotation_exactly_at_the_limit_passes_one_day_over_does_not() {
    assert_eq!(run("key-management", rotation(365)).status, Status::Pass);
    let over = run("key-management", rotation(366));
    assert_eq!((over.status, over.score, worst(&over)), (Status::Partial, 99, Severity::Medium));
    assert!(text(&over).contains("every 365 days (the vendor rotates every 366 days)"));
}

#[test]
fn max_rotation_days_changes_the_outcome() {
    let quarterly = defaults("key-management").with("max_rotation_days", ParamValue::Integer(90));
    let verdict = run_with("key-management", Some(rotation(180)), quarterly.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 79));
    assert_eq!(run_with("key-management", Some(rotation(90)), quarterly).status, Status::Pass);
}

#[test]
fn unrestricted_key_access_is_a_high_finding() {
    let verdict = run("key-management", Encryption { key_access_restricted: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Fail, 43, Severity::High));
}

#[test]
fn missing_customer_keys_are_a_low_note_unless_required() {
    let no_cmk = Encryption { byok: Some(false), hyok: Some(false), ..strong() };
    let verdict = run("key-management", no_cmk.clone());
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Pass, 100, Severity::Low));
    assert_eq!(verdict.findings[0].evidence, vec!["encryption.byok".to_owned(), "encryption.hyok".to_owned()]);
    let required = defaults("key-management").with("require_customer_managed_keys", ParamValue::Boolean(true));
    let verdict = run_with("key-management", Some(no_cmk), required.clone());
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Partial, 70, Severity::High));
    let hyok = Encryption { byok: Some(false), hyok: Some(true), ..strong() };
    assert_eq!(run_with("key-management", Some(hyok), required).status, Status::Pass);
}

#[test]
fn unknown_customer_keys_are_noted_as_unknown() {
    let verdict = run("key-management", Encryption { byok: Some(false), hyok: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    assert!(text(&verdict).contains("does not say whether customers can manage their own"));
}
