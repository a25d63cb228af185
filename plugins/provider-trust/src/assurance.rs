//! The checks over independent testing and contract commitments: a recent independent
//! penetration test, a way for researchers to report flaws, and breach notification in time.

use riskcard_plugin_sdk::evidence::PenetrationTest;
use riskcard_plugin_sdk::text::count;
use riskcard_plugin_sdk::{Context, Params, Severity, Tally, Thresholds, Verdict, date, finding};

/// Where the assurance evidence sits in the dossier.
const ASSURANCE: &str = "assurance";
/// Where the contract evidence sits in the dossier.
const CONTRACT: &str = "contract";

/// The share a penetration test earns as of the context's date, and what falls short.
fn pentest_share(ctx: &Context, test: &PenetrationTest, max_days: i64) -> (Option<f64>, Option<String>) {
    let Some(completed) = test.completed else {
        return (None, Some("the test's date is not known".to_owned()));
    };
    let age = date::days_between(&completed, &ctx.as_of);
    if age < 0 {
        return (None, Some(format!("the test is dated {}, after the assessment date", date::iso(&completed))));
    }
    if age > max_days {
        return (Some(0.0), Some(format!("the last test ended {} ago", count(age, "day"))));
    }
    match test.independent {
        Some(false) => (Some(0.5), Some("the vendor's own staff tested, not an independent firm".to_owned())),
        _ => (Some(1.0), None),
    }
}

/// A penetration test by an independent tester within `max_pentest_days`, a vulnerability
/// disclosure programme with safe harbour, and a bug bounty.
pub fn security_testing(ctx: &Context, params: &Params) -> Verdict {
    let assurance = ctx.dossier.assurance.as_ref();
    let trust = ctx.dossier.trust.as_ref();
    if assurance.is_none() && trust.is_none_or(|t| t.vulnerability_disclosure.is_none() && t.bug_bounty.is_none()) {
        return Verdict::missing_section(
            ASSURANCE,
            "assurance",
            "when the product was last penetration-tested and by whom, and whether the vendor runs a vulnerability disclosure programme (with safe harbour) or a bug bounty",
        );
    }
    let max_days = params.integer("max_pentest_days");
    let mut tally = Tally::new(ASSURANCE);
    // Weights: an independent penetration test (6) is the one outside look at the product
    // itself, and without it the check cannot conclude; a disclosure programme (3) lets
    // anyone report what the test missed, and safe harbour is what makes researchers use
    // it; a bug bounty (1) pays them to look, a plus rather than a requirement.
    let wanted = format!("an independent penetration test within the last {}", count(max_days, "day"));
    let (share, shortfall) = match assurance.and_then(|a| a.penetration_test.as_ref()) {
        Some(test) => pentest_share(ctx, test, max_days),
        None => (None, None),
    };
    if share.is_none()
        && let Some(why) = &shortfall
    {
        tally.note(finding(
            Severity::Low,
            format!("The penetration test cannot be judged: {why}."),
            "Check the test's date in the dossier.",
            &[ASSURANCE],
        ));
    }
    tally.graded(
        6.0,
        share,
        &shortfall.map_or(wanted.clone(), |why| format!("{wanted} ({why})")),
        Severity::Medium,
        "Ask the vendor for the executive summary or attestation letter of its latest independent penetration test, and for its testing schedule.",
    );
    let vdp = match (
        assurance.and_then(|a| a.vulnerability_disclosure.as_ref()),
        trust.and_then(|t| t.vulnerability_disclosure),
    ) {
        (Some(programme), _) => Some(if programme.safe_harbour == Some(true) { 1.0 } else { 0.5 }),
        (None, Some(exists)) => Some(if exists { 0.5 } else { 0.0 }),
        (None, None) => None,
    };
    tally.graded(
        3.0,
        vdp,
        "a vulnerability disclosure programme that promises safe harbour to good-faith researchers",
        Severity::Low,
        "Ask the vendor to publish a vulnerability disclosure policy with a safe-harbour statement, so researchers report what they find instead of keeping it.",
    );
    let bounty = match (assurance.and_then(|a| a.bug_bounty.as_ref()), trust.and_then(|t| t.bug_bounty)) {
        (Some(_), _) => Some(true),
        (None, known) => known,
    };
    tally.require(
        1.0,
        bounty,
        "a bug bounty programme",
        Severity::Low,
        "A bug bounty is a plus, not a requirement; ask whether one is planned.",
    );
    tally.finish(Thresholds::default())
}

/// A contractual commitment to notify a personal-data breach within `max_notification_hours`.
pub fn breach_notification(ctx: &Context, params: &Params) -> Verdict {
    let ask = "within how many hours the contract or DPA obliges the vendor to notify you of a personal-data breach";
    let Some(contract) = ctx.dossier.contract.as_ref() else {
        return Verdict::missing_section(CONTRACT, "contract", ask);
    };
    let max_hours = params.integer("max_notification_hours");
    let wanted = format!("breach notification within {}", count(max_hours, "hour"));
    let mut tally = Tally::new(CONTRACT);
    let what = match contract.breach_notification_hours {
        Some(hours) if i64::from(hours) > max_hours => {
            format!("{wanted} (the contract allows {})", count(hours, "hour"))
        }
        _ => wanted,
    };
    tally.require(
        1.0,
        contract.breach_notification_hours.map(|hours| i64::from(hours) <= max_hours),
        &what,
        Severity::High,
        "Negotiate a shorter notification period in the DPA: under GDPR art. 33 you have 72 hours from awareness to notify your supervisory authority, and you can only start once the vendor tells you.",
    );
    tally.finish(Thresholds::strict())
}

#[cfg(test)]
mod tests;
