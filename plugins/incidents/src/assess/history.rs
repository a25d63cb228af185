//! `breach-history`: a score that starts at 100 and loses points for each incident in
//! the window, by severity, kind, scale and recurrence, weighted by how recent it is.

use std::collections::BTreeMap;

use riskcard_plugin_sdk::evidence::{IncidentKind, IncidentSeverity};
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Verdict, finding};

use super::{Dated, describe, no_history, thousands, window};

/// Incidents this recent (in days) weigh fully.
const FULL_WEIGHT_DAYS: i64 = 365;
/// Extra points a data breach costs.
const DATA_BREACH_POINTS: f64 = 10.0;
/// Extra points an incident exposing at least `large_breach_records` records costs.
const LARGE_BREACH_POINTS: f64 = 15.0;
/// Extra points an incident costs when an earlier one in the window had the same root cause.
const RECURRENCE_POINTS: f64 = 15.0;
/// What remains of an incident's cost when the vendor published a post-mortem.
const POSTMORTEM_FACTOR: f64 = 0.9;

/// Points an incident costs for its severity alone.
fn severity_points(severity: IncidentSeverity) -> f64 {
    match severity {
        IncidentSeverity::Critical => 40.0,
        IncidentSeverity::High => 25.0,
        IncidentSeverity::Medium => 10.0,
        IncidentSeverity::Low => 3.0,
    }
}

/// How much an incident `age_days` old weighs in a window of `window_days`: fully within
/// the last year, then decaying linearly to half at the window's edge.
pub(super) fn recency(age_days: i64, window_days: i64) -> f64 {
    if age_days <= FULL_WEIGHT_DAYS || window_days <= FULL_WEIGHT_DAYS {
        return 1.0;
    }
    let decay = (age_days - FULL_WEIGHT_DAYS) as f64 / (window_days - FULL_WEIGHT_DAYS) as f64;
    1.0 - 0.5 * decay.clamp(0.0, 1.0)
}

/// A root cause as compared for recurrence: trimmed, lowercase, inner spaces collapsed.
fn normalise(cause: &str) -> Option<String> {
    let words: Vec<String> = cause.split_whitespace().map(str::to_lowercase).collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// The status for a score: a critical incident in the last year rules out a pass.
pub(super) fn status(score: u8, critical_in_last_year: bool) -> Status {
    if score >= 80 && !critical_in_last_year {
        Status::Pass
    } else if score >= 50 {
        Status::Partial
    } else {
        Status::Fail
    }
}

fn finding_severity(severity: IncidentSeverity) -> Severity {
    match severity {
        IncidentSeverity::Critical => Severity::Critical,
        IncidentSeverity::High => Severity::High,
        IncidentSeverity::Medium => Severity::Medium,
        IncidentSeverity::Low => Severity::Low,
    }
}

/// Incidents in the window that share a root cause with an earlier one, grouped by cause
/// in order of first appearance; each group lists positions in `inside`, oldest first.
fn recurrences(inside: &[Dated]) -> Vec<(String, Vec<usize>)> {
    let mut order: Vec<usize> = (0..inside.len()).collect();
    order.sort_by_key(|&position| (inside[position].incident.detected_at, inside[position].index));
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for position in order {
        if let Some(cause) = inside[position].incident.root_cause.as_deref().and_then(normalise) {
            groups.entry(cause).or_default().push(position);
        }
    }
    groups.into_iter().filter(|(_, positions)| positions.len() > 1).collect()
}

/// Start at 100; each incident in the window costs severity points (critical 40, high 25,
/// medium 10, low 3), plus 10 for a data breach, 15 for at least `large_breach_records`
/// records exposed and 15 for repeating an earlier root cause, times its recency weight,
/// times 0.9 with a published post-mortem. Pass at 80 or more with no critical incident in
/// the last year; partial at 50 or more; else fail.
pub fn breach_history(ctx: &Context, params: &Params) -> Verdict {
    let Some(history) = ctx.dossier.incidents.as_ref() else {
        return no_history();
    };
    if history.entries.is_empty() {
        return Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![finding(
                Severity::Info,
                "The dossier records no security incidents for this vendor.",
                "",
                &["incidents"],
            )],
        };
    }
    let window = window(history, &ctx.as_of, params.integer("window_days"));
    let large_breach = u64::try_from(params.integer("large_breach_records")).unwrap_or(0);
    let groups = recurrences(&window.inside);
    let repeats: Vec<usize> = groups.iter().flat_map(|(_, positions)| positions[1..].iter().copied()).collect();

    let mut findings = Vec::new();
    let mut total = 0.0;
    for (position, dated) in window.inside.iter().enumerate() {
        let incident = dated.incident;
        let mut points = severity_points(incident.severity);
        let mut details = Vec::new();
        if incident.kind == IncidentKind::DataBreach {
            points += DATA_BREACH_POINTS;
        }
        match incident.records_exposed {
            Some(records) if records >= large_breach => {
                points += LARGE_BREACH_POINTS;
                details.push(format!("{} records exposed, a large breach", thousands(records)));
            }
            Some(records) if records > 0 || incident.kind == IncidentKind::DataBreach => {
                details.push(format!("{} records exposed", thousands(records)));
            }
            Some(_) => {}
            None if incident.kind == IncidentKind::DataBreach => details.push("records exposed not stated".to_owned()),
            None => {}
        }
        if let Some(cause) = incident.root_cause.as_deref().filter(|c| !c.trim().is_empty()) {
            details.push(format!("root cause \"{}\"", cause.trim()));
        }
        if repeats.contains(&position) {
            points += RECURRENCE_POINTS;
            details.push("the same root cause as an earlier incident".to_owned());
        }
        let weight = recency(dated.age_days, window.days);
        let postmortem = incident.postmortem_published == Some(true);
        details.push(if postmortem { "post-mortem published" } else { "no post-mortem published" }.to_owned());
        let cost = points * weight * if postmortem { POSTMORTEM_FACTOR } else { 1.0 };
        total += cost;

        let mut remediation = String::new();
        if incident.kind == IncidentKind::DataBreach {
            remediation.push_str("Ask the vendor whether your data was affected and how the fix was verified, e.g. by an independent penetration test. ");
        }
        remediation.push_str(if postmortem {
            "Read the post-mortem and check that its fixes cover the way you would use the product."
        } else {
            "Ask for a written post-mortem: timeline, root cause and the changes made to prevent a repeat."
        });
        findings.push(finding(
            finding_severity(incident.severity),
            format!(
                "{} was detected on {}, {} days before the as-of date: {}. It costs {:.0} points (recency weight {:.0}%).",
                capitalise(&format!("{}, {},", describe(incident), dated.label())),
                dated.detected(),
                dated.age_days,
                details.join("; "),
                cost,
                weight * 100.0
            ),
            remediation,
            &[dated.path().as_str()],
        ));
    }
    for (cause, positions) in &groups {
        let labels: Vec<String> = positions.iter().map(|&p| window.inside[p].incident.id.clone()).collect();
        let paths: Vec<String> = positions.iter().map(|&p| window.inside[p].path()).collect();
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        findings.push(finding(
            Severity::High,
            format!(
                "The same root cause, \"{cause}\", led to {} incidents in the window ({}): the first fix did not hold.",
                positions.len(),
                labels.join(", ")
            ),
            format!(
                "Ask the vendor what systemic change now prevents \"{cause}\" and how it was verified, e.g. by an independent review or penetration test."
            ),
            &paths,
        ));
    }
    if window.inside.is_empty() {
        findings.push(finding(
            Severity::Info,
            format!("No security incidents were detected in the {} days before the as-of date.", window.days),
            "",
            &["incidents"],
        ));
    }
    findings.extend(window.outside_note());

    let score = (100.0 - total).round().clamp(0.0, 100.0) as u8;
    let critical_in_last_year = window
        .inside
        .iter()
        .any(|d| d.incident.severity == IncidentSeverity::Critical && d.age_days <= FULL_WEIGHT_DAYS);
    Verdict { status: status(score, critical_in_last_year), score, findings }
}

/// `text` with its first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
