//! `disclosure`: for each incident in the window, was it disclosed to customers within
//! `max_disclosure_hours` of being detected?

use riskcard_plugin_sdk::evidence::{IncidentKind, IncidentSeverity};
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Verdict, date, finding};

use super::{DAY, no_history, window};

/// A delay in whole hours and minutes (minutes rounded up), e.g. "72 hours 1 minute";
/// delays of two days or more also in days.
pub(super) fn delay_text(seconds: i64) -> String {
    let minutes = (seconds.max(0) + 59) / 60;
    let (hours, minutes) = (minutes / 60, minutes % 60);
    let mut text = if hours == 1 { "1 hour".to_owned() } else { format!("{hours} hours") };
    if minutes > 0 {
        text.push_str(&if minutes == 1 { " 1 minute".to_owned() } else { format!(" {minutes} minutes") });
    }
    if hours >= 48 {
        text.push_str(&format!(" (about {} days)", (hours + 12) / 24));
    }
    text
}

/// The share of incidents in the window disclosed within `max_disclosure_hours`
/// (inclusive) is the score; all on time passes, at least half is partial, else fail.
/// An incident without a disclosure by the as-of date counts as late once its deadline
/// has passed. No incident in the window: not applicable.
pub fn disclosure(ctx: &Context, params: &Params) -> Verdict {
    let Some(history) = ctx.dossier.incidents.as_ref() else {
        return no_history();
    };
    let window = window(history, &ctx.as_of, params.integer("window_days"));
    let limit_hours = params.integer("max_disclosure_hours").max(0);
    let limit = limit_hours.saturating_mul(3600);
    // The as-of date includes its whole day; anything later is not yet known.
    let as_of_end = date::to_timestamp(&ctx.as_of) + DAY;
    let mut findings = Vec::new();
    let (mut on_time, mut counted) = (0u32, 0u32);
    for dated in &window.inside {
        let incident = dated.incident;
        let path = dated.path();
        let cite = [path.as_str()];
        match incident.disclosed_at.filter(|at| *at < as_of_end) {
            Some(disclosed) => {
                counted += 1;
                let delay = disclosed - incident.detected_at;
                if delay <= limit {
                    on_time += 1;
                    findings.push(finding(
                        Severity::Info,
                        format!(
                            "Incident {} was disclosed to customers {} after it was detected, within the {limit_hours}-hour limit.",
                            dated.label(),
                            delay_text(delay)
                        ),
                        "",
                        &cite,
                    ));
                } else {
                    let serious = incident.kind == IncidentKind::DataBreach
                        || matches!(incident.severity, IncidentSeverity::High | IncidentSeverity::Critical);
                    findings.push(finding(
                        if serious { Severity::High } else { Severity::Medium },
                        format!(
                            "Incident {}, detected on {}, was disclosed to customers only {} after detection; the limit is {limit_hours} hours.",
                            dated.label(),
                            dated.detected(),
                            delay_text(delay)
                        ),
                        format!(
                            "Ask the vendor why disclosure took this long, and require in the contract or DPA notification within {limit_hours} hours of detecting an incident that affects your data."
                        ),
                        &cite,
                    ));
                }
            }
            None if incident.detected_at.saturating_add(limit) >= as_of_end => findings.push(finding(
                Severity::Info,
                format!(
                    "Incident {}, detected on {}, was not yet disclosed by the as-of date, but its {limit_hours}-hour deadline had not passed; it is not counted.",
                    dated.label(),
                    dated.detected()
                ),
                "Assess again after the deadline to see whether the vendor disclosed it in time.",
                &cite,
            )),
            None => {
                counted += 1;
                findings.push(finding(
                    Severity::High,
                    format!(
                        "Incident {}, detected on {}, has no record of being disclosed to customers by the as-of date.",
                        dated.label(),
                        dated.detected()
                    ),
                    format!(
                        "Ask the vendor whether and when customers were told about this incident, record the date as disclosed_at, and require notification within {limit_hours} hours in the contract."
                    ),
                    &cite,
                ));
            }
        }
    }
    findings.extend(window.outside_note());
    if counted == 0 {
        if window.inside.is_empty() {
            findings.insert(
                0,
                finding(
                    Severity::Info,
                    format!(
                        "No security incidents were detected in the {} days before the as-of date, so there is no disclosure to time.",
                        window.days
                    ),
                    "",
                    &["incidents"],
                ),
            );
        }
        return Verdict { status: Status::NotApplicable, score: 100, findings };
    }
    let score = (f64::from(on_time) * 100.0 / f64::from(counted)).round() as u8;
    let status = if on_time == counted {
        Status::Pass
    } else if score >= 50 {
        Status::Partial
    } else {
        Status::Fail
    };
    Verdict { status, score, findings }
}
