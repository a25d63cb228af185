//! Native unit tests of the activity-monitoring checks, at the boundaries of every threshold.

use super::*;
use riskcard_plugin_sdk::testing::{context, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A vendor that meets every monitoring requirement.
fn strong() -> Monitoring {
    Monitoring {
        real_time: Some(true),
        behavioural_baselines: Some(true),
        alerts_unusual_login: Some(true),
        alerts_mass_access: Some(true),
        alerts_bulk_export: Some(true),
        alert_channels: Some(vec![AlertChannel::Email, AlertChannel::Siem, AlertChannel::Webhook]),
        provenance: provenance("https://vendor.example/admin/shield"),
    }
}

/// A section that says nothing.
fn silent() -> Monitoring {
    Monitoring {
        real_time: None,
        behavioural_baselines: None,
        alerts_unusual_login: None,
        alerts_mass_access: None,
        alerts_bulk_export: None,
        alert_channels: None,
        provenance: provenance("questionnaire"),
    }
}

fn defaults(id: &str) -> Params {
    Params::defaults(crate::CHECKS.iter().find(|check| check.id == id).unwrap().params)
}

fn run_with(id: &str, section: Option<Monitoring>, params: Params) -> Verdict {
    let check = crate::CHECKS.iter().find(|check| check.id == id).unwrap();
    let mut dossier = empty_dossier();
    dossier.monitoring = section;
    (check.run)(&context(AS_OF, dossier), &params)
}

fn run(id: &str, section: Monitoring) -> Verdict {
    run_with(id, Some(section), defaults(id))
}

fn text(verdict: &Verdict) -> String {
    verdict.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")
}

fn worst(verdict: &Verdict) -> Severity {
    verdict.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
}

fn channels(list: &[AlertChannel]) -> Monitoring {
    Monitoring { alert_channels: Some(list.to_vec()), ..strong() }
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run_with(check.id, None, defaults(check.id));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["monitoring".to_owned()]);
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
        assert!(verdict.findings.is_empty());
    }
}

#[test]
fn monitoring_after_the_fact_fails_with_a_high_finding() {
    let verdict = run("real-time-monitoring", Monitoring { real_time: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 40));
    assert_eq!(worst(&verdict), Severity::High);
}

#[test]
fn real_time_without_baselines_is_partial() {
    let verdict = run("real-time-monitoring", Monitoring { behavioural_baselines: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert_eq!(worst(&verdict), Severity::Medium);
}

#[test]
fn unknown_real_time_monitoring_is_insufficient() {
    let verdict = run("real-time-monitoring", Monitoring { real_time: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}

#[test]
fn each_missing_alert_costs_the_same_and_blocks_a_pass() {
    for partial in [
        Monitoring { alerts_unusual_login: Some(false), ..strong() },
        Monitoring { alerts_mass_access: Some(false), ..strong() },
        Monitoring { alerts_bulk_export: Some(false), ..strong() },
    ] {
        let verdict = run("alerting", partial);
        assert_eq!((verdict.status, verdict.score), (Status::Partial, 73));
        assert_eq!(worst(&verdict), Severity::Medium);
    }
}

#[test]
fn alerts_that_reach_no_one_are_a_high_finding() {
    let verdict = run("alerting", channels(&[]));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 82));
    assert_eq!(worst(&verdict), Severity::High);
    assert!(text(&verdict).contains("cannot deliver alerts anywhere"));
}

#[test]
fn min_channels_exactly_met_passes_one_short_does_not() {
    let two = defaults("alerting").with("min_channels", ParamValue::Integer(2));
    let met = run_with("alerting", Some(channels(&[AlertChannel::Email, AlertChannel::InApp])), two.clone());
    assert_eq!((met.status, met.score), (Status::Pass, 100));
    let short = run_with("alerting", Some(channels(&[AlertChannel::Email])), two.clone());
    assert_eq!((short.status, short.score), (Status::Partial, 91));
    assert!(text(&short).contains("at least 2 different channels (the product offers e-mail)"), "{}", text(&short));
    let repeated = run_with("alerting", Some(channels(&[AlertChannel::Email, AlertChannel::Email])), two);
    assert_eq!(repeated.status, Status::Partial, "the same channel twice counts once");
}

#[test]
fn one_channel_is_enough_by_default_and_zero_can_be_allowed() {
    assert_eq!(run("alerting", channels(&[AlertChannel::InApp])).status, Status::Pass);
    let none_needed = defaults("alerting").with("min_channels", ParamValue::Integer(0));
    assert_eq!(run_with("alerting", Some(channels(&[])), none_needed).status, Status::Pass);
}

#[test]
fn require_siem_changes_the_outcome() {
    let email_only = channels(&[AlertChannel::Email]);
    assert_eq!(run("alerting", email_only.clone()).status, Status::Pass, "SIEM is not required by default");
    let siem = defaults("alerting").with("require_siem", ParamValue::Boolean(true));
    let verdict = run_with("alerting", Some(email_only), siem.clone());
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 85));
    assert_eq!(worst(&verdict), Severity::High);
    assert!(text(&verdict).contains("SIEM, as this rubric requires"));
    let with_siem = run_with("alerting", Some(channels(&[AlertChannel::Siem])), siem);
    assert_eq!((with_siem.status, with_siem.score), (Status::Pass, 100));
}

#[test]
fn unknown_channels_leave_delivery_unproven() {
    let verdict = run("alerting", Monitoring { alert_channels: None, ..strong() });
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 82), "a low no-evidence finding only costs score");
    assert!(text(&verdict).starts_with("No evidence"));
}

#[test]
fn login_alerts_by_e_mail_alone_fail() {
    let thin = Monitoring {
        alerts_mass_access: Some(false),
        alerts_bulk_export: Some(false),
        alert_channels: Some(vec![AlertChannel::Email]),
        ..strong()
    };
    let verdict = run("alerting", thin);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 45));
    assert_eq!(verdict.findings.len(), 2);
}
