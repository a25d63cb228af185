//! The incident checks as plain functions over the dossier, unit-tested natively. This
//! module owns what both checks share: which incidents fall in the assessment window,
//! and how incidents are named in findings.

mod disclosure;
mod history;

pub use disclosure::disclosure;
pub use history::breach_history;

use riskcard_plugin_sdk::evidence::{Incident, IncidentHistory, IncidentKind, IncidentSeverity};
use riskcard_plugin_sdk::{Date, Finding, Severity, Verdict, date, finding};

/// Seconds in a day.
const DAY: i64 = 86_400;

/// An incident inside the window.
struct Dated<'a> {
    /// Its index in `incidents.entries`.
    index: usize,
    /// The incident itself.
    incident: &'a Incident,
    /// Whole days from the date it was detected to the as-of date; 0 on the as-of date.
    age_days: i64,
}

impl Dated<'_> {
    /// The evidence path citing this incident.
    fn path(&self) -> String {
        format!("incidents.entries[{}]", self.index)
    }

    /// The incident as an analyst would name it: id and title.
    fn label(&self) -> String {
        format!("{} (\"{}\")", self.incident.id, self.incident.title)
    }

    /// The date it was detected, `YYYY-MM-DD`.
    fn detected(&self) -> String {
        date::iso(&date::from_timestamp(self.incident.detected_at))
    }
}

/// The incidents detected on the as-of date or up to `days` days before it.
struct Window<'a> {
    /// The window's length in days.
    days: i64,
    /// The incidents inside, in dossier order.
    inside: Vec<Dated<'a>>,
    /// How many were detected before the window opens.
    older: usize,
    /// How many are dated after the as-of date: an assessment must not see the future.
    later: usize,
}

/// Sorts `history` into the window of `days` days (both edges inclusive) ending on `as_of`.
fn window<'a>(history: &'a IncidentHistory, as_of: &Date, days: i64) -> Window<'a> {
    let days = days.max(0);
    let mut window = Window { days, inside: Vec::new(), older: 0, later: 0 };
    for (index, incident) in history.entries.iter().enumerate() {
        let age_days = date::days_between(&date::from_timestamp(incident.detected_at), as_of);
        if age_days < 0 {
            window.later += 1;
        } else if age_days > days {
            window.older += 1;
        } else {
            window.inside.push(Dated { index, incident, age_days });
        }
    }
    window
}

impl Window<'_> {
    /// An info finding about the incidents left out, when any were.
    fn outside_note(&self) -> Option<Finding> {
        let mut parts = Vec::new();
        if self.older > 0 {
            parts.push(format!(
                "{} detected more than {} days before the as-of date {} not counted",
                incidents(self.older),
                self.days,
                if self.older == 1 { "is" } else { "are" }
            ));
        }
        if self.later > 0 {
            parts.push(format!(
                "{} dated after the as-of date {} ignored",
                incidents(self.later),
                if self.later == 1 { "is" } else { "are" }
            ));
        }
        (!parts.is_empty()).then(|| {
            let mut message = parts.join("; ");
            message[..1].make_ascii_uppercase();
            finding(Severity::Info, format!("{message}."), "", &["incidents"])
        })
    }
}

/// "1 incident", "3 incidents".
fn incidents(count: usize) -> String {
    if count == 1 { "1 incident".to_owned() } else { format!("{count} incidents") }
}

/// The verdict when the dossier has no `[incidents]` section at all.
fn no_history() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier has no incident history, so nothing is known about the vendor's past security incidents.",
        "Ask the vendor for its security incidents of the last three years (date detected, date disclosed, severity, records exposed, root cause), or a written statement that there were none, and record them under [incidents] (entries = [] for none).",
        &["incidents"],
    ))
}

/// How an incident's severity and kind read in a sentence, e.g. "a critical data breach".
fn describe(incident: &Incident) -> String {
    let severity = match incident.severity {
        IncidentSeverity::Critical => "a critical",
        IncidentSeverity::High => "a high-severity",
        IncidentSeverity::Medium => "a medium-severity",
        IncidentSeverity::Low => "a low-severity",
    };
    let kind = match incident.kind {
        IncidentKind::DataBreach => "data breach",
        IncidentKind::SecurityIncident => "security incident",
    };
    format!("{severity} {kind}")
}

/// A count with thousands separators, e.g. "1,200,000".
fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests;
