//! Native unit tests of the `incidents` checks at their boundaries, absent evidence included.

use super::history::{recency, status};
use super::*;
use riskcard_plugin_sdk::evidence::Dossier;
use riskcard_plugin_sdk::testing::{context, empty_dossier, provenance};
use riskcard_plugin_sdk::{ParamValue, Params, Status};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };
const HOUR: i64 = 3600;

/// Midnight UTC starting the day `days_before` days before the as-of date.
fn days_ago(days_before: i64) -> i64 {
    date::to_timestamp(&date::add_days(&AS_OF, -days_before))
}

fn incident(id: &str, severity: IncidentSeverity, kind: IncidentKind, detected_at: i64) -> Incident {
    Incident {
        id: id.to_owned(),
        title: format!("Incident {id}"),
        kind,
        severity,
        detected_at,
        disclosed_at: Some(detected_at + 24 * HOUR),
        resolved_at: Some(detected_at + 6 * HOUR),
        records_exposed: Some(0),
        root_cause: None,
        postmortem_published: Some(false),
        provenance: provenance("https://vendor.example/trust/incidents"),
    }
}

fn medium(id: &str, detected_at: i64) -> Incident {
    incident(id, IncidentSeverity::Medium, IncidentKind::SecurityIncident, detected_at)
}

fn history(entries: Vec<Incident>) -> Dossier {
    let mut dossier = empty_dossier();
    dossier.incidents = Some(IncidentHistory { entries, provenance: provenance("https://vendor.example/trust") });
    dossier
}

fn params(id: &str) -> Params {
    Params::defaults(crate::CHECKS.iter().find(|c| c.id == id).unwrap().params)
}

fn run_with(id: &str, dossier: Dossier, params: Params) -> Verdict {
    let check = crate::CHECKS.iter().find(|c| c.id == id).unwrap();
    (check.run)(&context(AS_OF, dossier), &params)
}

fn run(id: &str, dossier: Dossier) -> Verdict {
    run_with(id, dossier, params(id))
}

// --- shared ---

#[test]
fn no_incident_history_is_insufficient_never_pass() {
    for check in &crate::CHECKS {
        let verdict = run(check.id, empty_dossier());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0), "{}", check.id);
        assert_eq!(verdict.findings[0].evidence, vec!["incidents".to_owned()]);
        assert!(verdict.findings[0].remediation.starts_with("Ask the vendor"));
    }
}

#[test]
fn the_window_includes_its_edge_and_the_as_of_day_but_not_beyond() {
    let late_on_as_of = days_ago(0) + 23 * HOUR;
    let entries = vec![
        medium("EDGE", days_ago(1095)),
        medium("BEYOND", days_ago(1096)),
        medium("TODAY", late_on_as_of),
        medium("FUTURE", days_ago(-1)),
    ];
    let dossier = history(entries);
    let window = window(dossier.incidents.as_ref().unwrap(), &AS_OF, 1095);
    let ids: Vec<&str> = window.inside.iter().map(|d| d.incident.id.as_str()).collect();
    assert_eq!(ids, ["EDGE", "TODAY"]);
    assert_eq!((window.older, window.later), (1, 1));
    assert_eq!(window.inside[0].age_days, 1095);
}

#[test]
fn thousands_are_separated() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(1_200_000), "1,200,000");
}

// --- breach-history ---

#[test]
fn recency_is_full_for_a_year_then_halves_at_the_edge() {
    assert_eq!(recency(0, 1095), 1.0);
    assert_eq!(recency(365, 1095), 1.0);
    assert_eq!(recency(730, 1095), 0.75);
    assert_eq!(recency(1095, 1095), 0.5);
    assert_eq!(recency(200, 300), 1.0, "a window shorter than a year weighs everything fully");
}

#[test]
fn an_empty_history_passes_with_an_info_finding() {
    let verdict = run("breach-history", history(Vec::new()));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    assert_eq!(verdict.findings[0].severity, Severity::Info);
}

#[test]
fn only_old_or_future_incidents_pass_with_a_note() {
    let verdict = run("breach-history", history(vec![medium("OLD", days_ago(2000)), medium("NEXT", days_ago(-3))]));
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
    assert!(verdict.findings.iter().any(|f| f.message.contains("1 incident detected more than 1095 days")));
    assert!(verdict.findings.iter().any(|f| f.message.contains("dated after the as-of date is ignored")));
}

#[test]
fn an_incident_exactly_at_the_window_edge_counts_at_half_weight() {
    let critical = |at| incident("C", IncidentSeverity::Critical, IncidentKind::SecurityIncident, at);
    let at_edge = run("breach-history", history(vec![critical(days_ago(1095))]));
    assert_eq!((at_edge.status, at_edge.score), (Status::Pass, 80), "40 points at half weight");
    assert_eq!(at_edge.findings[0].evidence, vec!["incidents.entries[0]".to_owned()]);
    let beyond = run("breach-history", history(vec![critical(days_ago(1096))]));
    assert_eq!(beyond.score, 100);
}

#[test]
fn a_recent_severe_incident_weighs_more_than_the_same_two_years_ago() {
    let high = |at| incident("H", IncidentSeverity::High, IncidentKind::DataBreach, at);
    let recent = run("breach-history", history(vec![high(days_ago(30))]));
    let two_years = run("breach-history", history(vec![high(days_ago(730))]));
    assert_eq!(recent.score, 65, "25 + 10 for a data breach");
    assert_eq!(two_years.score, 74, "35 points at 75% weight");
    assert!(recent.score < two_years.score);
    assert_eq!(recent.status, Status::Partial);
}

#[test]
fn a_critical_incident_in_the_last_year_rules_out_a_pass() {
    assert_eq!(status(85, true), Status::Partial);
    assert_eq!(status(85, false), Status::Pass);
    assert_eq!(status(50, false), Status::Partial);
    assert_eq!(status(49, false), Status::Fail);
    let critical = incident("C", IncidentSeverity::Critical, IncidentKind::SecurityIncident, days_ago(365));
    let verdict = run("breach-history", history(vec![critical]));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 60));
    assert_eq!(verdict.findings[0].severity, Severity::Critical);
}

#[test]
fn a_repeated_root_cause_costs_more_and_is_reported_once() {
    let mut first = medium("A", days_ago(400));
    first.root_cause = Some("Missing authorization check".to_owned());
    let mut second = medium("B", days_ago(100));
    second.root_cause = Some("  missing  AUTHORIZATION check ".to_owned());
    let mut unrelated = medium("C", days_ago(100));
    unrelated.root_cause = Some("phishing".to_owned());

    let distinct = run("breach-history", history(vec![first.clone(), unrelated.clone()]));
    let repeated = run("breach-history", history(vec![second, unrelated, first]));
    // 10 × 0.976 for A, 10 for C; B repeats A's cause: 10 + 15.
    assert_eq!(distinct.score, 80);
    assert_eq!(repeated.score, 55);
    let recurrence: Vec<_> = repeated.findings.iter().filter(|f| f.message.contains("same root cause,")).collect();
    assert_eq!(recurrence.len(), 1);
    assert_eq!(recurrence[0].severity, Severity::High);
    assert!(recurrence[0].message.contains("(A, B)"), "oldest first: {}", recurrence[0].message);
    assert_eq!(recurrence[0].evidence, vec!["incidents.entries[2]".to_owned(), "incidents.entries[0]".to_owned()]);
}

#[test]
fn a_published_postmortem_softens_the_deduction() {
    let mut with = incident("H", IncidentSeverity::High, IncidentKind::SecurityIncident, days_ago(10));
    with.postmortem_published = Some(true);
    let mut without = with.clone();
    without.postmortem_published = None;
    assert_eq!(run("breach-history", history(vec![with])).score, 78, "25 × 0.9");
    assert_eq!(run("breach-history", history(vec![without])).score, 75);
}

#[test]
fn large_breach_records_param_changes_the_outcome() {
    let mut breach = incident("B", IncidentSeverity::Medium, IncidentKind::DataBreach, days_ago(10));
    breach.records_exposed = Some(50_000);
    let default = run("breach-history", history(vec![breach.clone()]));
    assert_eq!((default.status, default.score), (Status::Pass, 80));
    let lowered = params("breach-history").with("large_breach_records", ParamValue::Integer(50_000));
    let verdict = run_with("breach-history", history(vec![breach]), lowered);
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 65));
    assert!(verdict.findings[0].message.contains("50,000 records exposed, a large breach"));
}

#[test]
fn window_days_param_changes_the_outcome() {
    let old = incident("H", IncidentSeverity::High, IncidentKind::DataBreach, days_ago(800));
    let default = run("breach-history", history(vec![old.clone()]));
    assert_eq!((default.status, default.score), (Status::Partial, 75), "35 points at 70% weight");
    let two_years = params("breach-history").with("window_days", ParamValue::Integer(730));
    let verdict = run_with("breach-history", history(vec![old]), two_years);
    assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
}

#[test]
fn findings_explain_each_incident_in_plain_words() {
    let mut breach = incident("QS-1", IncidentSeverity::Critical, IncidentKind::DataBreach, days_ago(150));
    breach.title = "Export API exposed contacts".to_owned();
    breach.records_exposed = Some(1_200_000);
    breach.root_cause = Some("missing authorization check".to_owned());
    let verdict = run("breach-history", history(vec![breach]));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 35));
    let message = &verdict.findings[0].message;
    assert!(
        message.starts_with("A critical data breach, QS-1 (\"Export API exposed contacts\"), was detected on"),
        "{message}"
    );
    assert!(message.contains("150 days before the as-of date"), "{message}");
    assert!(message.contains("1,200,000 records exposed"), "{message}");
    assert!(message.contains("It costs 65 points"), "{message}");
    assert!(verdict.findings[0].remediation.contains("post-mortem"));
}

// --- disclosure ---

fn disclosed_after(hours: i64, minutes: i64) -> Dossier {
    let mut breach = incident("B", IncidentSeverity::High, IncidentKind::DataBreach, days_ago(100));
    breach.disclosed_at = Some(breach.detected_at + hours * HOUR + minutes * 60);
    history(vec![breach])
}

#[test]
fn disclosure_at_exactly_72_hours_passes_and_73_fails() {
    let on_time = run("disclosure", disclosed_after(72, 0));
    assert_eq!((on_time.status, on_time.score), (Status::Pass, 100));
    assert!(on_time.findings[0].message.contains("72 hours (about 3 days) after"), "{}", on_time.findings[0].message);
    let late = run("disclosure", disclosed_after(73, 0));
    assert_eq!((late.status, late.score), (Status::Fail, 0));
    assert_eq!(late.findings[0].severity, Severity::High);
    assert!(late.findings[0].message.contains("73 hours (about 3 days)"), "{}", late.findings[0].message);
    assert_eq!(late.findings[0].evidence, vec!["incidents.entries[0]".to_owned()]);
}

#[test]
fn a_minute_over_the_limit_is_late() {
    let late = run("disclosure", disclosed_after(72, 1));
    assert_eq!(late.status, Status::Fail);
    assert!(late.findings[0].message.contains("72 hours 1 minute"), "{}", late.findings[0].message);
}

#[test]
fn max_disclosure_hours_param_changes_the_outcome() {
    let strict = params("disclosure").with("max_disclosure_hours", ParamValue::Integer(24));
    assert_eq!(run_with("disclosure", disclosed_after(48, 0), strict).status, Status::Fail);
    let hipaa = params("disclosure").with("max_disclosure_hours", ParamValue::Integer(1440));
    assert_eq!(run_with("disclosure", disclosed_after(240, 0), hipaa).status, Status::Pass);
}

#[test]
fn an_undisclosed_incident_is_a_high_finding() {
    let mut low = incident("L", IncidentSeverity::Low, IncidentKind::SecurityIncident, days_ago(20));
    low.disclosed_at = None;
    let verdict = run("disclosure", history(vec![low]));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0));
    assert_eq!(verdict.findings[0].severity, Severity::High);
    assert!(verdict.findings[0].message.contains("no record of being disclosed"));
}

#[test]
fn a_late_minor_incident_is_a_medium_finding() {
    let mut low = incident("L", IncidentSeverity::Low, IncidentKind::SecurityIncident, days_ago(20));
    low.disclosed_at = Some(low.detected_at + 100 * HOUR);
    let verdict = run("disclosure", history(vec![low]));
    assert_eq!(verdict.findings[0].severity, Severity::Medium);
}

#[test]
fn score_is_the_share_disclosed_on_time() {
    let mut late = medium("LATE", days_ago(300));
    late.disclosed_at = Some(late.detected_at + 96 * HOUR);
    let entries = vec![medium("A", days_ago(10)), medium("B", days_ago(200)), late];
    let verdict = run("disclosure", history(entries));
    assert_eq!((verdict.status, verdict.score), (Status::Partial, 67));
}

#[test]
fn disclosure_after_the_as_of_date_is_not_yet_known() {
    let mut pending = medium("P", days_ago(0) + 10 * HOUR);
    pending.disclosed_at = Some(days_ago(-2));
    let verdict = run("disclosure", history(vec![pending.clone()]));
    assert_eq!(verdict.status, Status::NotApplicable, "the deadline has not passed at the as-of date");
    pending.detected_at = days_ago(10);
    let verdict = run("disclosure", history(vec![pending]));
    assert_eq!((verdict.status, verdict.score), (Status::Fail, 0), "disclosed only after the as-of date");
}

#[test]
fn no_incidents_in_the_window_is_not_applicable() {
    for dossier in [history(Vec::new()), history(vec![medium("OLD", days_ago(1200))])] {
        let verdict = run("disclosure", dossier);
        assert_eq!((verdict.status, verdict.score), (Status::NotApplicable, 100));
        assert!(verdict.findings[0].message.contains("no disclosure to time"));
    }
}

#[test]
fn window_days_param_limits_the_disclosure_check_too() {
    let mut late = medium("LATE", days_ago(500));
    late.disclosed_at = None;
    assert_eq!(run("disclosure", history(vec![late.clone()])).status, Status::Fail);
    let one_year = params("disclosure").with("window_days", ParamValue::Integer(365));
    assert_eq!(run_with("disclosure", history(vec![late]), one_year).status, Status::NotApplicable);
}

#[test]
fn delays_read_in_hours_and_days() {
    assert_eq!(disclosure::delay_text(HOUR), "1 hour");
    assert_eq!(disclosure::delay_text(44 * HOUR + 1), "44 hours 1 minute");
    assert_eq!(disclosure::delay_text(216 * HOUR), "216 hours (about 9 days)");
}
