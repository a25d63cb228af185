//! The retention checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::{Context, Params, Severity, Tally, Thresholds, Verdict, finding};

/// Where the retention evidence sits in the dossier.
const PATH: &str = "retention";

/// The verdict when the dossier has no `[retention]` section at all.
fn no_retention_section() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier has no retention section, so nothing is known about how long the vendor keeps customer data or how it deletes it.",
        "Ask the vendor for its data-retention policy and its deletion commitments (after a customer's request and at contract end), e.g. from the DPA, and record them under [retention].",
        &[PATH],
    ))
}

/// A defined, published retention policy (weight 4), automated purging of expired data
/// (weight 3) and retention configurable per object type (weight 2), via [`Tally`].
pub fn retention_policy(ctx: &Context, _params: &Params) -> Verdict {
    let Some(retention) = ctx.dossier.retention.as_ref() else {
        return no_retention_section();
    };
    let mut tally = Tally::new(PATH);
    tally
        .require(
            4.0,
            retention.policy_defined,
            "a defined data-retention policy, published to customers",
            Severity::High,
            "Ask the vendor for its written retention policy (which data it keeps, for how long and why) and make it part of the contract.",
        )
        .require(
            3.0,
            retention.automated_purge,
            "expired data is purged automatically",
            Severity::Medium,
            "Ask the vendor how expired data is deleted, including from backups; until it is automated, schedule your own periodic purge of stale records.",
        )
        .require(
            2.0,
            retention.configurable_per_object,
            "retention periods configurable per object type (e.g. leads kept for less time than contracts)",
            Severity::Low,
            "Ask whether retention can be set per object type; otherwise document a manual purge schedule for each kind of record.",
        );
    tally.finish(Thresholds::default())
}

/// One deletion deadline: the vendor's stated days against the rubric's limit.
struct Deadline<'a> {
    /// Days the vendor states, when the dossier says.
    stated: Option<u32>,
    /// Most days allowed.
    limit: i64,
    /// The triggering event, e.g. "a customer's request".
    event: &'a str,
    /// Severity when the vendor takes longer than allowed.
    severity: Severity,
    /// What to do when it does.
    remediation: &'a str,
}

/// Adds `deadline` to `tally` as an all-or-nothing requirement of weight 1: within the
/// limit (inclusive) earns it, a day more earns nothing.
fn require_deadline(tally: &mut Tally, deadline: &Deadline) {
    let Deadline { stated, limit, event, severity, remediation } = *deadline;
    match stated {
        None => {
            tally.require(
                1.0,
                None,
                &format!("how many days the vendor takes to delete customer data after {event}"),
                severity,
                remediation,
            );
        }
        Some(days) if i64::from(days) <= limit => {
            tally.require(1.0, Some(true), "", severity, remediation).note(finding(
                Severity::Info,
                format!("The vendor deletes customer data within {days} days of {event}; the rubric allows {limit}."),
                "",
                &[PATH],
            ));
        }
        Some(days) => {
            tally.require(
                1.0,
                Some(false),
                &format!("deletion of customer data within {limit} days of {event} (the vendor states {days} days)"),
                severity,
                remediation,
            );
        }
    }
}

/// Deletion after a customer's request within `max_request_days` and of all data at
/// contract end within `max_contract_end_days`; each is half the score, all or nothing.
pub fn deletion(ctx: &Context, params: &Params) -> Verdict {
    let Some(retention) = ctx.dossier.retention.as_ref() else {
        return no_retention_section();
    };
    let request_limit = params.integer("max_request_days");
    let contract_limit = params.integer("max_contract_end_days");
    let mut tally = Tally::new(PATH);
    require_deadline(
        &mut tally,
        &Deadline {
            stated: retention.deletion_on_request_days,
            limit: request_limit,
            event: "a customer's request",
            severity: Severity::High,
            remediation: &format!(
                "Require in the contract or DPA that the vendor deletes data within {request_limit} days of a request (GDPR expects one month), and ask how deletion from backups is handled."
            ),
        },
    );
    require_deadline(
        &mut tally,
        &Deadline {
            stated: retention.deletion_at_contract_end_days,
            limit: contract_limit,
            event: "the end of the contract",
            severity: Severity::Medium,
            remediation: &format!(
                "Negotiate deletion of all customer data, backups included, within {contract_limit} days of contract end, with a written deletion certificate."
            ),
        },
    );
    tally.finish(Thresholds::default())
}

#[cfg(test)]
mod tests;
