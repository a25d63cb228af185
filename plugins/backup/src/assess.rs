//! The backup checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::Backup;
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Tally, Thresholds, Verdict, date, finding};

/// The dossier section every finding of this plugin cites.
const SECTION: &str = "backup";

/// The backup section, or the insufficient-evidence verdict saying what to ask for.
fn section<'a>(ctx: &'a Context, ask: &str) -> Result<&'a Backup, Verdict> {
    ctx.dossier.backup.as_ref().ok_or_else(|| {
        Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier has no backup evidence for this vendor.",
            format!("Ask the vendor {ask}, and record the answers in the backup section of the dossier."),
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

/// The share of an "at most `limit`" requirement that `actual` meets: 1 within the limit,
/// otherwise the ratio `limit / actual`, so twice the limit earns half.
fn within(actual: i64, limit: i64) -> f64 {
    if actual <= limit { 1.0 } else { limit.max(0) as f64 / actual as f64 }
}

/// The share of an "at least `limit`" requirement that `actual` meets: 1 at or above the
/// limit, otherwise the ratio `actual / limit`.
fn at_least(actual: u32, limit: i64) -> f64 {
    if i64::from(actual) >= limit { 1.0 } else { f64::from(actual) / limit as f64 }
}

/// "1 hour", "24 hours".
fn count(n: impl Into<i64>, unit: &str) -> String {
    let n = n.into();
    if n == 1 { format!("1 {unit}") } else { format!("{n} {unit}s") }
}

/// `wanted`, followed by what the vendor states in brackets when it falls short.
fn short_of(wanted: String, shortfall: Option<String>) -> String {
    match shortfall {
        Some(stated) => format!("{wanted} ({stated})"),
        None => wanted,
    }
}

/// Backups at least every `max_interval_hours`, off-site, in at least `min_locations`
/// locations, with immutable copies.
pub fn backup_policy(ctx: &Context, params: &Params) -> Verdict {
    let backup = match section(
        ctx,
        "how often customer data is backed up, where the copies are kept, and whether some copies are immutable or offline",
    ) {
        Ok(backup) => backup,
        Err(verdict) => return verdict,
    };
    let max_hours = params.integer("max_interval_hours");
    let min_locations = params.integer("min_locations");
    let mut tally = Tally::new(SECTION);
    // Weights: frequency (3) bounds how much data a restore loses; immutable copies (3) are
    // the only defence when ransomware or a stolen admin account deletes the backups too.
    // Off-site copies (2) and several locations (2) both guard against losing a site or a
    // region, and overlap, so each weighs less.
    tally.graded(
        3.0,
        backup.frequency_hours.map(|hours| within(i64::from(hours), max_hours)),
        &short_of(
            format!("backups at least every {}", count(max_hours, "hour")),
            backup
                .frequency_hours
                .filter(|hours| i64::from(*hours) > max_hours)
                .map(|hours| format!("the vendor backs up every {}", count(hours, "hour"))),
        ),
        Severity::Medium,
        "Ask the vendor for more frequent backups or continuous replication; meanwhile, export your most important data on your own schedule.",
    );
    tally.require(
        3.0,
        backup.immutable,
        "immutable or offline copies that ransomware or a compromised administrator account cannot alter or delete",
        Severity::High,
        "Ask the vendor whether some backup copies are immutable (write-once) or offline; otherwise keep your own regular export in storage the vendor cannot reach.",
    );
    tally.require(
        2.0,
        backup.off_site,
        "copies kept off-site, away from the production systems",
        Severity::High,
        "Ask the vendor where backups are stored; copies in the same place as production are lost with it in a fire, flood or regional outage.",
    );
    tally.graded(
        2.0,
        backup.locations.map(|locations| at_least(locations, min_locations)),
        &short_of(
            format!("copies in at least {} separate locations or regions", min_locations),
            backup
                .locations
                .filter(|locations| i64::from(*locations) < min_locations)
                .map(|locations| format!("the vendor keeps copies in {}", count(locations, "location"))),
        ),
        Severity::Medium,
        "Ask the vendor whether backups can be replicated to another region.",
    );
    conclude(tally)
}

/// A restore test no older than `max_restore_test_age_days` at the as-of date, and
/// recovery point and time objectives within `max_rpo_hours` and `max_rto_hours`.
pub fn recovery(ctx: &Context, params: &Params) -> Verdict {
    let backup = match section(
        ctx,
        "when restores were last tested successfully, and which recovery point and recovery time objectives it commits to",
    ) {
        Ok(backup) => backup,
        Err(verdict) => return verdict,
    };
    let max_age = params.integer("max_restore_test_age_days");
    let max_rpo = params.integer("max_rpo_hours");
    let max_rto = params.integer("max_rto_hours");
    let mut tally = Tally::new(SECTION);
    // Weights: an untested backup is a hope, not a control, so a recent restore test weighs
    // most (4). The recovery point (3) and recovery time (3) objectives are what the vendor
    // commits to lose and to take when a restore is needed.
    let test_wanted = format!("a successful restore test within the {} before the as-of date", count(max_age, "day"));
    match backup.last_restore_test {
        None => {
            tally.graded(4.0, None, &test_wanted, Severity::Low, "");
        }
        Some(tested) => {
            let age = date::days_between(&tested, &ctx.as_of);
            if age < 0 {
                tally.graded(
                    4.0,
                    Some(0.0),
                    &format!(
                        "{test_wanted} (the recorded test, {}, is dated after the as-of date {}, so it cannot be credited)",
                        date::iso(&tested),
                        date::iso(&ctx.as_of)
                    ),
                    Severity::Medium,
                    "Check the date of the last restore test in the vendor's evidence, or assess again as of a later date.",
                );
            } else {
                let stale = (age > max_age)
                    .then(|| format!("the last test was on {}, {} earlier", date::iso(&tested), count(age, "day")));
                tally.graded(
                    4.0,
                    Some(within(age, max_age)),
                    &short_of(test_wanted, stale),
                    Severity::Medium,
                    "Ask the vendor for the date and result of its latest restore test, and how often it tests; an untested backup may not restore when needed.",
                );
            }
        }
    }
    tally.graded(
        3.0,
        backup.rpo_hours.map(|hours| within(i64::from(hours), max_rpo)),
        &short_of(
            format!("a recovery point objective of at most {}, the most recent data a restore may lose", count(max_rpo, "hour")),
            backup
                .rpo_hours
                .filter(|hours| i64::from(*hours) > max_rpo)
                .map(|hours| format!("the vendor commits to {}", count(hours, "hour"))),
        ),
        Severity::Medium,
        "Ask the vendor whether a shorter recovery point objective is available, and put the commitment in the contract.",
    );
    tally.graded(
        3.0,
        backup.rto_hours.map(|hours| within(i64::from(hours), max_rto)),
        &short_of(
            format!("a recovery time objective of at most {}, the longest a restore may take", count(max_rto, "hour")),
            backup
                .rto_hours
                .filter(|hours| i64::from(*hours) > max_rto)
                .map(|hours| format!("the vendor commits to {}", count(hours, "hour"))),
        ),
        Severity::Medium,
        "Ask the vendor whether a shorter recovery time objective is available, and plan how your team works without the CRM for that long.",
    );
    conclude(tally)
}

#[cfg(test)]
mod tests;
