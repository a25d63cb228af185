//! The audit-logging checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::{AuditField, AuditLogging, AuditedAction};
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Tally, Thresholds, Verdict, finding};

/// The dossier section every finding of this plugin cites.
const SECTION: &str = "audit_logging";

/// The audit-logging section, or the insufficient-evidence verdict saying what to ask for.
fn section<'a>(ctx: &'a Context, ask: &str) -> Result<&'a AuditLogging, Verdict> {
    ctx.dossier.audit_logging.as_ref().ok_or_else(|| {
        Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier has no audit-logging evidence for this vendor.",
            format!("Ask the vendor {ask}, and record the answers in the audit_logging section of the dossier."),
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

/// Dossier names of the actions an audit log can record.
const ACTIONS: [(&str, AuditedAction); 7] = [
    ("read", AuditedAction::Read),
    ("create", AuditedAction::Create),
    ("modify", AuditedAction::Modify),
    ("delete", AuditedAction::Delete),
    ("export", AuditedAction::Export),
    ("login", AuditedAction::Login),
    ("permission-change", AuditedAction::PermissionChange),
];

/// Dossier names of the fields an audit-log entry can carry.
const FIELDS: [(&str, AuditField); 5] = [
    ("user-id", AuditField::UserId),
    ("timestamp", AuditField::Timestamp),
    ("ip-address", AuditField::IpAddress),
    ("request", AuditField::Request),
    ("outcome", AuditField::Outcome),
];

/// How a list the dossier gives measures up to the list a rubric parameter requires.
struct Coverage {
    /// Every required name, as the dossier spells it, in the parameter's order.
    required: Vec<String>,
    /// Required names the rubric gave that riskcard does not know.
    unknown: Vec<String>,
    /// Required names not present, unknown ones included; `None` when the dossier is silent.
    missing: Option<Vec<String>>,
}

impl Coverage {
    /// Matches the names in `wanted` (case-insensitively) against `table`, and checks
    /// which are in `present`.
    fn of<T: PartialEq>(wanted: &[String], table: &[(&'static str, T)], present: Option<&[T]>) -> Self {
        let mut required = Vec::new();
        let mut unknown = Vec::new();
        let mut missing = Vec::new();
        for name in wanted {
            let name = name.trim().to_ascii_lowercase();
            if required.contains(&name) {
                continue;
            }
            match table.iter().find(|(known, _)| *known == name) {
                Some((_, item)) if present.is_some_and(|present| present.contains(item)) => {}
                Some(_) => missing.push(name.clone()),
                None => {
                    unknown.push(name.clone());
                    missing.push(name.clone());
                }
            }
            required.push(name);
        }
        Self { required, unknown, missing: present.map(|_| missing) }
    }

    /// The share of the required names present; all of nothing is full marks.
    fn share(&self) -> Option<f64> {
        let missing = self.missing.as_ref()?;
        Some(if self.required.is_empty() { 1.0 } else { 1.0 - missing.len() as f64 / self.required.len() as f64 })
    }

    /// "…" followed by what is missing, or by what was required when nothing is known.
    fn describe(&self, what: &str) -> String {
        match &self.missing {
            Some(missing) if !missing.is_empty() => format!("{what} (missing: {})", missing.join(", ")),
            _ if self.required.is_empty() => what.to_owned(),
            _ => format!("{what} ({})", self.required.join(", ")),
        }
    }

    /// Whether any of `names` is among the missing.
    fn misses_any(&self, names: &[&str]) -> bool {
        self.missing.as_ref().is_some_and(|missing| missing.iter().any(|m| names.contains(&m.as_str())))
    }

    /// A medium finding for each name the rubric gave that riskcard does not know.
    fn note_unknown(&self, tally: &mut Tally, parameter: &str, table: &[(&str, impl Sized)]) {
        let known: Vec<_> = table.iter().map(|(name, _)| *name).collect();
        for name in &self.unknown {
            tally.note(finding(
                Severity::Medium,
                format!(
                    "The rubric's {parameter} names \"{name}\", which riskcard does not recognise, so it counts as missing; the recognised names are {}.",
                    known.join(", ")
                ),
                format!("Correct the {parameter} parameter in the rubric."),
                &[SECTION],
            ));
        }
    }
}

/// The share of required actions logged and of required fields carried per entry; what
/// is missing is named.
pub fn coverage(ctx: &Context, params: &Params) -> Verdict {
    let logging = match section(
        ctx,
        "which user actions the audit log records (read, create, modify, delete, export, login) and which fields each entry carries (user, time, IP address, request)",
    ) {
        Ok(logging) => logging,
        Err(verdict) => return verdict,
    };
    let actions = Coverage::of(params.text_list("required_actions"), &ACTIONS, logging.actions.as_deref());
    let fields = Coverage::of(params.text_list("required_fields"), &FIELDS, logging.fields.as_deref());
    let mut tally = Tally::new(SECTION);
    actions.note_unknown(&mut tally, "required_actions", &ACTIONS);
    fields.note_unknown(&mut tally, "required_fields", &FIELDS);
    // Weights: what is recorded (6) comes before what each record says (4): an action that
    // is never logged cannot be investigated at all, however rich the other entries are.
    // Unlogged reads or exports leave no trail of who took customer data, and entries
    // without a user or a time cannot attribute anything: both are high findings.
    let action_severity = if actions.misses_any(&["read", "export"]) { Severity::High } else { Severity::Medium };
    tally.graded(
        6.0,
        actions.share(),
        &actions.describe("logging of every action the rubric requires"),
        action_severity,
        "Ask the vendor whether the missing actions can be logged, for example with an event-monitoring add-on; without them you cannot tell who viewed, changed or took customer data.",
    );
    let field_severity = if fields.misses_any(&["user-id", "timestamp"]) { Severity::High } else { Severity::Medium };
    tally.graded(
        4.0,
        fields.share(),
        &fields.describe("audit-log entries carrying every field the rubric requires"),
        field_severity,
        "Ask the vendor whether log entries can include the missing fields; an investigation needs to know who acted, when, from where and on what.",
    );
    conclude(tally)
}

/// Audit logs kept at least `min_retention_days` days; shorter retention scores by its
/// share of the minimum.
pub fn log_retention(ctx: &Context, params: &Params) -> Verdict {
    let logging = match section(ctx, "how many days audit logs are kept on the plan you would buy") {
        Ok(logging) => logging,
        Err(verdict) => return verdict,
    };
    let path = ["audit_logging.retention_days"];
    let min = params.integer("min_retention_days");
    let Some(days) = logging.retention_days else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier does not say how long the vendor keeps audit logs.",
            "Ask the vendor how many days audit logs are kept on the plan you would buy, and record it as retention_days.",
            &path,
        ));
    };
    if i64::from(days) >= min {
        return Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![finding(
                Severity::Info,
                format!("Audit logs are kept for {days} days; the rubric requires at least {min}."),
                "",
                &path,
            )],
        };
    }
    // Graded by ratio, rounded down so any shortfall scores below 100.
    let ratio = f64::from(days) / min as f64;
    let score = ((ratio * 100.0).floor() as u8).min(99);
    let status = if score >= Thresholds::default().partial_at { Status::Partial } else { Status::Fail };
    // Under half the required period misses most incidents, which are found months later.
    let severity = if ratio >= 0.5 { Severity::Medium } else { Severity::High };
    Verdict {
        status,
        score,
        findings: vec![finding(
            severity,
            format!("Audit logs are kept for only {days} days; the rubric requires at least {min}."),
            format!(
                "Ask the vendor whether longer retention is available (often on a higher plan or as an add-on). Otherwise export the logs regularly to your own archive or SIEM and keep them there for at least {min} days."
            ),
            &path,
        )],
    }
}

/// Audit logs that can leave the vendor (SIEM export or API) and are tamper-evident.
pub fn integrity(ctx: &Context, _params: &Params) -> Verdict {
    let logging = match section(
        ctx,
        "whether audit logs can be exported to a SIEM or read through an API, and whether they are tamper-evident (hash-chained, write-once or signed)",
    ) {
        Ok(logging) => logging,
        Err(verdict) => return verdict,
    };
    // Either route out is enough; unknown only when neither is known to work.
    let export = match (logging.siem_export, logging.api_access) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    let mut tally = Tally::new(SECTION);
    // Weights: equal (5 each). Export gives the customer an independent copy, out of reach
    // of anyone who compromises the vendor; tamper-evidence makes the vendor's own copy
    // trustworthy. Each covers what the other cannot.
    tally
        .require(
            5.0,
            export,
            "audit logs exportable to a SIEM or readable through an API, so you can keep your own copy",
            Severity::Medium,
            "Ask the vendor for a SIEM connector or a log API; until then, download the logs by hand on a schedule and store them yourself.",
        )
        .require(
            5.0,
            logging.tamper_evident,
            "tamper-evident audit logs (hash-chained, write-once storage or signed), so any change to them can be detected",
            Severity::Medium,
            "Ask the vendor how its logs are protected against alteration; exporting them promptly to storage you control limits the risk.",
        );
    conclude(tally)
}

#[cfg(test)]
mod tests;
