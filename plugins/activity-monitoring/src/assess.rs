//! The activity-monitoring checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::{AlertChannel, Monitoring};
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Tally, Thresholds, Verdict, finding};

/// The dossier section every finding of this plugin cites.
const SECTION: &str = "monitoring";

/// The monitoring section, or the insufficient-evidence verdict saying what to ask for.
fn section<'a>(ctx: &'a Context, ask: &str) -> Result<&'a Monitoring, Verdict> {
    ctx.dossier.monitoring.as_ref().ok_or_else(|| {
        Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier has no activity-monitoring evidence for this vendor.",
            format!("Ask the vendor {ask}, and record the answers in the monitoring section of the dossier."),
            &[SECTION],
        ))
    })
}

/// The tally's verdict, with two rules stricter than the tally's own: a finding of medium
/// severity or worse means a requirement the rubric set was missed, so the check is not a
/// pass; and only a pass can score 100, however small the miss that rounded up to it.
fn conclude(tally: Tally) -> Verdict {
    let mut verdict = tally.finish(Thresholds::default());
    if verdict.status == Status::Pass && verdict.findings.iter().any(|f| f.severity >= Severity::Medium) {
        verdict.status = Status::Partial;
    }
    if verdict.status != Status::Pass {
        verdict.score = verdict.score.min(99);
    }
    verdict
}

/// Real-time monitoring of user activity, and per-user behavioural baselines.
pub fn real_time_monitoring(ctx: &Context, _params: &Params) -> Verdict {
    let monitoring = match section(
        ctx,
        "whether user activity is monitored in real time and compared against each user's normal behaviour",
    ) {
        Ok(monitoring) => monitoring,
        Err(verdict) => return verdict,
    };
    let mut tally = Tally::new(SECTION);
    // Weights: real-time monitoring (6) is the practice itself; activity reviewed only
    // after the fact finds misuse once the data is gone. Behavioural baselines (4) are what
    // turn a stream of events into "this user is not acting like themselves".
    tally
        .require(
            6.0,
            monitoring.real_time,
            "user activity monitored in real time",
            Severity::High,
            "Ask the vendor whether a real-time monitoring add-on exists (often sold as event monitoring or a security shield); otherwise stream the audit log to your own security monitoring.",
        )
        .require(
            4.0,
            monitoring.behavioural_baselines,
            "per-user behavioural baselines that flag activity unusual for that user",
            Severity::Medium,
            "Ask the vendor whether anomaly detection is available; otherwise build baselines in your own SIEM from the vendor's activity logs.",
        );
    conclude(tally)
}

fn channel_name(channel: AlertChannel) -> &'static str {
    match channel {
        AlertChannel::Email => "e-mail",
        AlertChannel::Siem => "SIEM",
        AlertChannel::Webhook => "webhook",
        AlertChannel::InApp => "in-app",
    }
}

/// Alerts on unusual logins, mass access and bulk export, deliverable over at least
/// `min_channels` channels, and to a SIEM when `require_siem` is set.
pub fn alerting(ctx: &Context, params: &Params) -> Verdict {
    let monitoring = match section(
        ctx,
        "which security alerts the product raises (unusual logins, mass access to data, bulk exports) and where they can be delivered",
    ) {
        Ok(monitoring) => monitoring,
        Err(verdict) => return verdict,
    };
    let min_channels = params.integer("min_channels");
    let mut tally = Tally::new(SECTION);
    // Weights: each alert covers a distinct way customer data is lost — a taken-over
    // account, an insider trawling records, a bulk download on the way out — so they weigh
    // the same (3 each). Delivery (2) matters less than what is detected, but an alert no
    // one receives protects nothing.
    tally
        .require(
            3.0,
            monitoring.alerts_unusual_login,
            "alerts on unusual sign-ins, such as a new country or repeated failures",
            Severity::Medium,
            "Ask the vendor whether login anomaly alerts exist; otherwise watch sign-in events through your own single sign-on provider.",
        )
        .require(
            3.0,
            monitoring.alerts_mass_access,
            "alerts when a user views an unusually large amount of sensitive data",
            Severity::Medium,
            "Ask the vendor whether mass-access alerts are available; otherwise review access volumes in the audit log regularly.",
        )
        .require(
            3.0,
            monitoring.alerts_bulk_export,
            "alerts on bulk export or download of data",
            Severity::Medium,
            "Ask the vendor whether export alerts are available, and restrict the export permission to the few roles that need it.",
        );

    let mut channels = monitoring.alert_channels.clone();
    if let Some(channels) = channels.as_mut() {
        channels.sort();
        channels.dedup();
    }
    let wanted = if min_channels == 1 {
        "alerts deliverable over at least 1 channel".to_owned()
    } else {
        format!("alerts deliverable over at least {min_channels} different channels")
    };
    let delivery = channels.as_deref().map(|channels| {
        let share = if min_channels <= 0 { 1.0 } else { channels.len() as f64 / min_channels as f64 };
        let what = if channels.is_empty() {
            format!("{wanted} (the product cannot deliver alerts anywhere)")
        } else {
            let names: Vec<_> = channels.iter().map(|c| channel_name(*c)).collect();
            format!("{wanted} (the product offers {})", names.join(", "))
        };
        // Alerts that reach no one are a worse gap than one channel too few.
        let severity = if channels.is_empty() { Severity::High } else { Severity::Medium };
        (share, what, severity)
    });
    match delivery {
        None => tally.graded(2.0, None, &wanted, Severity::Low, ""),
        Some((share, what, severity)) => tally.graded(
            2.0,
            Some(share),
            &what,
            severity,
            "Ask the vendor which delivery channels it supports, and route alerts to a mailbox or tool your security team watches.",
        ),
    };

    if params.boolean("require_siem") {
        // The rubric makes SIEM delivery a requirement of its own, as heavy as delivery.
        tally.require(
            2.0,
            channels.as_ref().map(|channels| channels.contains(&AlertChannel::Siem)),
            "alerts delivered to a SIEM, as this rubric requires",
            Severity::High,
            "Ask the vendor for a SIEM integration or a documented alert feed your SIEM can collect.",
        );
    }
    conclude(tally)
}

#[cfg(test)]
mod tests;
