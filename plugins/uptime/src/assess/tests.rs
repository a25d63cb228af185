//! Native unit tests of the `uptime` checks at their boundaries, absent evidence included.

use super::*;
use riskcard_plugin_sdk::evidence::{Availability, Dossier};
use riskcard_plugin_sdk::testing::{self, empty_dossier, provenance};
use riskcard_plugin_sdk::{ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// Twelve months, 2025-11 to 2026-10, all at `percent`.
fn year_at(percent: f64) -> Vec<MonthlyAvailability> {
    (0..12)
        .map(|i| MonthlyAvailability {
            year: if i < 2 { 2025 } else { 2026 },
            month: if i < 2 { 11 + i } else { i - 1 },
            percent,
            estimated: false,
        })
        .collect()
}

fn availability(sla: Option<f64>, monthly: Vec<MonthlyAvailability>) -> Dossier {
    let mut dossier = empty_dossier();
    dossier.availability = Some(Availability {
        sla_percent: sla,
        monthly,
        major_outages: Some(0),
        status_page: Some(true),
        provenance: provenance("https://status.vendor.example"),
    });
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
fn no_availability_section_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, empty_dossier());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["availability".to_owned()]);
    }
}

#[test]
fn downtime_reads_in_hours_and_minutes() {
    assert_eq!(monthly_downtime(99.9), "44 minutes");
    assert_eq!(monthly_downtime(99.5), "3 hours 39 minutes");
    assert_eq!(monthly_downtime(100.0), "0 minutes");
    assert_eq!(monthly_downtime(99.9977), "1 minute");
    assert_eq!(monthly_downtime(99.863), "1 hour");
    assert_eq!(monthly_downtime(99.8607), "1 hour 1 minute");
}

// --- sla ---

#[test]
fn sla_exactly_at_the_minimum_passes() {
    let verdict = run("sla", availability(Some(99.9), Vec::new()));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
}

#[test]
fn sla_below_the_minimum_scores_by_allowed_downtime() {
    let half = run("sla", availability(Some(99.8), Vec::new()));
    assert_eq!((half.status, half.score), (Status::Partial, 50));
    assert_eq!(half.findings[0].severity, Severity::Medium);
    let fifth = run("sla", availability(Some(99.5), Vec::new()));
    assert_eq!((fifth.status, fifth.score), (Status::Fail, 20));
    assert_eq!(fifth.findings[0].severity, Severity::High);
    assert!(fifth.findings[0].message.contains("3 hours 39 minutes of downtime a month instead of 44 minutes"));
}

#[test]
fn min_sla_percent_param_changes_the_sla_outcome() {
    let lenient = params("sla").with("min_sla_percent", ParamValue::Float(99.5));
    assert_eq!(run_with("sla", availability(Some(99.5), Vec::new()), lenient).status, Status::Pass);
    let strict = params("sla").with("min_sla_percent", ParamValue::Float(99.99));
    assert_eq!(run_with("sla", availability(Some(99.9), Vec::new()), strict).status, Status::Fail);
}

#[test]
fn an_unstated_sla_is_insufficient() {
    let verdict = run("sla", availability(None, year_at(100.0)));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
}

// --- availability ---

#[test]
fn months_exactly_at_the_sla_meet_it() {
    let verdict = run("availability", availability(Some(99.9), year_at(99.9)));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    assert!(verdict.findings[0].message.contains("All 12 monthly figures"));
}

#[test]
fn a_month_just_below_the_sla_is_reported() {
    let mut monthly = year_at(99.9);
    monthly[8].percent = 99.89;
    let verdict = run("availability", availability(Some(99.9), monthly));
    assert_eq!(verdict.score, 94, "6 × 11/12 + 3 of 9");
    assert_eq!(verdict.status, Status::Pass, "a medium finding does not block a pass");
    let month = verdict.findings.iter().find(|f| f.message.starts_with("In 2026-07")).unwrap();
    assert_eq!(month.severity, Severity::Low);
    assert_eq!(month.evidence, vec!["availability.monthly[8]".to_owned()]);
    assert!(verdict.findings.iter().any(|f| f.message.contains("11 of 12 months")));
}

#[test]
fn many_months_below_the_sla_cannot_pass() {
    let mut monthly = year_at(99.9);
    for month in monthly.iter_mut().take(6) {
        month.percent = 99.0;
    }
    let verdict = run("availability", availability(Some(99.9), monthly));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 67));
    assert_eq!(verdict.findings.iter().filter(|f| f.message.starts_with("In ")).count(), 6);
    assert!(verdict.findings.iter().any(|f| f.severity == Severity::High));
    assert!(verdict.findings.iter().any(|f| f.severity == Severity::Medium && f.message.contains("99%")));
}

#[test]
fn without_an_sla_months_are_measured_against_the_param() {
    let monthly = year_at(99.95);
    assert_eq!(run("availability", availability(None, monthly.clone())).score, 100);
    let strict = params("availability").with("min_sla_percent", ParamValue::Float(99.99));
    let verdict = run_with("availability", availability(None, monthly), strict);
    assert_eq!(verdict.score, 33);
    assert!(verdict.findings[0].message.contains("states no SLA"));
}

#[test]
fn estimated_months_count_but_are_flagged() {
    let mut monthly = year_at(99.95);
    monthly[10].estimated = true;
    monthly[11].estimated = true;
    let verdict = run("availability", availability(Some(99.9), monthly));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    let note = verdict.findings.iter().find(|f| f.message.contains("estimates")).unwrap();
    assert_eq!(note.severity, Severity::Info);
    assert!(note.message.contains("2 of the 12") && note.message.contains("2026-09, 2026-10"), "{}", note.message);
}

#[test]
fn only_the_twelve_months_before_the_as_of_month_count() {
    let mut monthly = year_at(99.95);
    monthly.push(MonthlyAvailability { year: 2026, month: 11, percent: 90.0, estimated: false });
    monthly.push(MonthlyAvailability { year: 2025, month: 10, percent: 90.0, estimated: false });
    let verdict = run("availability", availability(Some(99.9), monthly));
    assert_eq!(verdict.score, 100);
    assert!(verdict.findings.iter().any(|f| f.message.starts_with("2 monthly figures outside 2025-11 to 2026-10")));
}

#[test]
fn too_few_months_is_insufficient_and_min_months_changes_it() {
    let five: Vec<_> = year_at(99.95).into_iter().take(5).collect();
    let verdict = run("availability", availability(Some(99.9), five.clone()));
    assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
    assert!(verdict.findings[0].message.contains("Only 5 monthly figures"));
    let relaxed = params("availability").with("min_months", ParamValue::Integer(5));
    assert_eq!(run_with("availability", availability(Some(99.9), five), relaxed).status, Status::Pass);
    assert_eq!(run("availability", availability(Some(99.9), Vec::new())).status, Status::InsufficientEvidence);
}

#[test]
fn major_outages_at_the_limit_pass_and_max_major_outages_changes_it() {
    let mut dossier = availability(Some(99.9), year_at(99.95));
    dossier.availability.as_mut().unwrap().major_outages = Some(2);
    assert_eq!(run("availability", dossier.clone()).score, 100);
    let strict = params("availability").with("max_major_outages", ParamValue::Integer(1));
    let verdict = run_with("availability", dossier, strict);
    assert_eq!(verdict.score, 78);
    assert!(
        verdict
            .findings
            .iter()
            .any(|f| f.message.contains("at most 1 major outages") && f.message.contains("reports 2"))
    );
}

#[test]
fn no_status_page_costs_a_little() {
    let mut dossier = availability(Some(99.9), year_at(99.95));
    dossier.availability.as_mut().unwrap().status_page = Some(false);
    let verdict = run("availability", dossier);
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 89));
}

#[test]
fn unknown_outages_and_status_page_earn_nothing() {
    let mut dossier = availability(Some(99.9), year_at(99.95));
    let section = dossier.availability.as_mut().unwrap();
    section.major_outages = None;
    section.status_page = None;
    let verdict = run("availability", dossier);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 67));
    assert_eq!(verdict.findings.iter().filter(|f| f.message.starts_with("No evidence")).count(), 2);
}
