//! Native unit tests of the backup checks, at the boundaries of every threshold.

use super::*;
use riskcard_plugin_sdk::testing::{context, date, empty_dossier, provenance};
use riskcard_plugin_sdk::{Date, ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A vendor that meets every backup requirement.
fn strong() -> Backup {
    Backup {
        frequency_hours: Some(1),
        off_site: Some(true),
        locations: Some(3),
        last_restore_test: Some(date(2026, 10, 15)),
        immutable: Some(true),
        rpo_hours: Some(1),
        rto_hours: Some(4),
        provenance: provenance("SOC 2 Type II report, section 4"),
    }
}

/// A section that says nothing.
fn silent() -> Backup {
    Backup {
        frequency_hours: None,
        off_site: None,
        locations: None,
        last_restore_test: None,
        immutable: None,
        rpo_hours: None,
        rto_hours: None,
        provenance: provenance("questionnaire"),
    }
}

fn defaults(id: &str) -> Params {
    Params::defaults(crate::CHECKS.iter().find(|check| check.id == id).unwrap().params)
}

fn run_with(id: &str, section: Option<Backup>, params: Params) -> Verdict {
    let check = crate::CHECKS.iter().find(|check| check.id == id).unwrap();
    let mut dossier = empty_dossier();
    dossier.backup = section;
    (check.run)(&context(AS_OF, dossier), &params)
}

fn run(id: &str, section: Backup) -> Verdict {
    run_with(id, Some(section), defaults(id))
}

fn text(verdict: &Verdict) -> String {
    verdict.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")
}

fn worst(verdict: &Verdict) -> Severity {
    verdict.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
}

fn with(id: &str, name: &str, value: i64) -> Params {
    defaults(id).with(name, ParamValue::Integer(value))
}

/// A backup section whose last restore test was `days` days before the as-of date.
fn tested_days_ago(days: i64) -> Backup {
    Backup { last_restore_test: Some(date::add_days(&AS_OF, -days)), ..strong() }
}

#[test]
fn absent_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run_with(check.id, None, defaults(check.id));
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["backup".to_owned()]);
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
fn backup_interval_at_the_limit_passes_one_hour_over_does_not() {
    assert_eq!(run("backup-policy", Backup { frequency_hours: Some(24), ..strong() }).status, Status::Pass);
    let over = run("backup-policy", Backup { frequency_hours: Some(25), ..strong() });
    assert_eq!((over.status, over.score, worst(&over)), (Status::Partial, 99, Severity::Medium));
    assert!(text(&over).contains("every 24 hours (the vendor backs up every 25 hours)"), "{}", text(&over));
}

#[test]
fn max_interval_hours_changes_the_outcome() {
    let weekly = Backup { frequency_hours: Some(168), ..strong() };
    assert_eq!(run("backup-policy", weekly.clone()).score, 74);
    let lenient = with("backup-policy", "max_interval_hours", 168);
    assert_eq!(run_with("backup-policy", Some(weekly), lenient).status, Status::Pass);
}

#[test]
fn locations_exactly_at_the_minimum_pass_one_fewer_does_not() {
    assert_eq!(run("backup-policy", Backup { locations: Some(2), ..strong() }).status, Status::Pass);
    let one = run("backup-policy", Backup { locations: Some(1), ..strong() });
    assert_eq!((one.status, one.score), (Status::Partial, 90));
    assert!(text(&one).contains("at least 2 separate locations or regions (the vendor keeps copies in 1 location)"));
}

#[test]
fn min_locations_changes_the_outcome() {
    let two = Backup { locations: Some(2), ..strong() };
    assert_eq!(run_with("backup-policy", Some(two.clone()), with("backup-policy", "min_locations", 3)).score, 93);
    let one = Backup { locations: Some(1), ..strong() };
    assert_eq!(run_with("backup-policy", Some(one), with("backup-policy", "min_locations", 1)).status, Status::Pass);
}

#[test]
fn backups_ransomware_can_reach_are_a_high_finding() {
    let verdict = run("backup-policy", Backup { immutable: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Partial, 70, Severity::High));
    assert!(text(&verdict).contains("ransomware"));
}

#[test]
fn on_site_backups_are_a_high_finding() {
    let verdict = run("backup-policy", Backup { off_site: Some(false), ..strong() });
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Partial, 80, Severity::High));
}

#[test]
fn weekly_single_site_mutable_backups_fail() {
    let weak = Backup { frequency_hours: Some(168), locations: Some(1), immutable: Some(false), ..strong() };
    let verdict = run("backup-policy", weak);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 34));
    assert_eq!(verdict.findings.len(), 3);
}

#[test]
fn restore_test_exactly_at_the_limit_passes_one_day_older_does_not() {
    let at_180 = run("recovery", tested_days_ago(180));
    assert_eq!((at_180.status, at_180.score), (Status::Pass, 100));
    let at_181 = run("recovery", tested_days_ago(181));
    assert_eq!((at_181.status, at_181.score, worst(&at_181)), (Status::Partial, 99, Severity::Medium));
    assert!(text(&at_181).contains("the last test was on 2026-06-02, 181 days earlier"), "{}", text(&at_181));
}

#[test]
fn a_restore_test_on_the_as_of_date_counts() {
    assert_eq!(run("recovery", tested_days_ago(0)).status, Status::Pass);
}

#[test]
fn a_restore_test_dated_after_as_of_is_not_credited() {
    let verdict = run("recovery", tested_days_ago(-1));
    assert_eq!((verdict.status, verdict.score, worst(&verdict)), (Status::Partial, 60, Severity::Medium));
    assert!(text(&verdict).contains("2026-12-01, is dated after the as-of date 2026-11-30"), "{}", text(&verdict));
}

#[test]
fn max_restore_test_age_days_changes_the_outcome() {
    let yearly = with("recovery", "max_restore_test_age_days", 365);
    assert_eq!(run_with("recovery", Some(tested_days_ago(365)), yearly.clone()).status, Status::Pass);
    assert_eq!(run_with("recovery", Some(tested_days_ago(366)), yearly).status, Status::Partial);
    let stale = run("recovery", tested_days_ago(360));
    assert_eq!(stale.score, 80, "twice the allowed age earns half the test's weight");
}

#[test]
fn recovery_objectives_at_the_limit_pass_one_hour_over_does_not() {
    for (field, name) in [("rpo", "max_rpo_hours"), ("rto", "max_rto_hours")] {
        let at = |hours| match field {
            "rpo" => Backup { rpo_hours: Some(hours), ..strong() },
            _ => Backup { rto_hours: Some(hours), ..strong() },
        };
        assert_eq!(run("recovery", at(24)).status, Status::Pass, "{field}");
        let over = run("recovery", at(25));
        assert_eq!((over.status, over.score), (Status::Partial, 99), "{field}");
        assert!(text(&over).contains("at most 24 hours") && text(&over).contains("commits to 25 hours"));
        let lenient = with("recovery", name, 48);
        assert_eq!(run_with("recovery", Some(at(48)), lenient.clone()).status, Status::Pass, "{name}");
        assert_eq!(run_with("recovery", Some(at(49)), lenient).status, Status::Partial, "{name}");
    }
}

#[test]
fn untested_backups_without_objectives_are_insufficient_then_partial() {
    let only_rpo = Backup { rpo_hours: Some(4), ..silent() };
    assert_eq!(run("recovery", only_rpo).status, Status::InsufficientEvidence);
    let no_test = Backup { last_restore_test: None, ..strong() };
    let verdict = run("recovery", no_test);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert!(text(&verdict).starts_with("No evidence: a successful restore test within the 180 days"));
}

#[test]
fn slow_recovery_with_a_stale_test_fails() {
    let weak =
        Backup { last_restore_test: Some(date(2025, 9, 1)), rpo_hours: Some(168), rto_hours: Some(48), ..strong() };
    let verdict = run("recovery", weak);
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 35));
    assert_eq!(verdict.findings.len(), 3);
}
