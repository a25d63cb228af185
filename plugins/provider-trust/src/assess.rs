//! The provider-trust checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::SecurityTxt;
use riskcard_plugin_sdk::{
    Context, Date, Finding, Params, Severity, Status, Tally, Thresholds, Verdict, date, finding,
};

/// Where the trust evidence sits in the dossier.
const PATH: &str = "trust";
/// Where the security.txt evidence sits in the dossier.
const SECURITY_TXT: &str = "trust.security_txt";

/// The verdict when the dossier has no `[trust]` section at all.
fn no_trust_section() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier has no trust section, so nothing is known about the vendor's security transparency or support commitments.",
        "Look for the vendor's trust centre, security policy, vulnerability disclosure programme and /.well-known/security.txt, ask for its support response-time commitment, and record them under [trust].",
        &[PATH],
    ))
}

/// "1 hour", "4 hours".
fn count(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// Whether `txt` is a usable reporting channel at `as_of`: at least one contact and an
/// Expires date not before the as-of date. `Err` says what is wrong, for a finding.
fn security_txt_usable(txt: &SecurityTxt, as_of: &Date) -> Result<Finding, Finding> {
    let contacts = txt.contacts.iter().filter(|c| !c.trim().is_empty()).count();
    let problem = |message: String| {
        finding(
            Severity::Low,
            message,
            "Ask the vendor to publish a current security.txt (RFC 9116) with a Contact and an Expires date, or a vulnerability disclosure policy.",
            &[SECURITY_TXT],
        )
    };
    if contacts == 0 {
        return Err(problem(
            "The vendor's security.txt lists no contact, so it offers no way to report a vulnerability.".into(),
        ));
    }
    match txt.expires {
        None => Err(problem(
            "The vendor's security.txt has no Expires date, which RFC 9116 requires, so it may be stale.".into(),
        )),
        Some(expires) if date::days_between(as_of, &expires) < 0 => Err(problem(format!(
            "The vendor's security.txt expired on {}, so its contacts may no longer be monitored.",
            date::iso(&expires)
        ))),
        Some(expires) => Ok(finding(
            Severity::Info,
            format!(
                "The vendor's security.txt lists {} for reporting vulnerabilities and is valid until {}.",
                count(contacts, "contact"),
                date::iso(&expires)
            ),
            "",
            &[SECURITY_TXT],
        )),
    }
}

/// Via [`Tally`]: a published security policy or trust centre (weight 3), a way to report
/// vulnerabilities — a disclosure programme, or a security.txt with a contact that has not
/// expired at the as-of date (weight 3) — public incident reports (weight 2) and a bug
/// bounty (weight 1).
pub fn transparency(ctx: &Context, _params: &Params) -> Verdict {
    let Some(trust) = ctx.dossier.trust.as_ref() else {
        return no_trust_section();
    };
    let txt = trust.security_txt.as_ref().map(|txt| security_txt_usable(txt, &ctx.as_of));
    let reporting_channel = match (trust.vulnerability_disclosure, &txt) {
        (Some(true), _) | (_, Some(Ok(_))) => Some(true),
        (Some(false), _) | (None, Some(Err(_))) => Some(false),
        (None, None) => None,
    };
    let mut tally = Tally::new(PATH);
    tally
        .require(
            3.0,
            trust.security_policy_published,
            "a published security policy or trust centre",
            Severity::High,
            "Ask the vendor for its security policy or trust-centre documentation; a vendor that will not describe its controls cannot be assessed on them.",
        )
        .require(
            3.0,
            reporting_channel,
            "a way to report vulnerabilities: a disclosure programme or a current security.txt with a contact",
            Severity::Medium,
            "Ask the vendor to publish a vulnerability disclosure policy and a security.txt (RFC 9116) so researchers can report flaws before attackers exploit them.",
        )
        .require(
            2.0,
            trust.incident_transparency,
            "past security incidents disclosed publicly",
            Severity::Medium,
            "Ask the vendor for its incident history and whether it publishes incident reports; require incident notification in the contract.",
        )
        .require(
            1.0,
            trust.bug_bounty,
            "a bug bounty programme",
            Severity::Low,
            "Ask whether the vendor runs a bug bounty or commissions regular independent penetration tests instead.",
        );
    if let Some(Ok(note) | Err(note)) = txt {
        tally.note(note);
    }
    tally.finish(Thresholds::default())
}

/// The committed response time for a severe support case is at most
/// `max_response_hours`: pass. Longer, the score is the limit as a share of the committed
/// hours (48 h against 24 h scores 50); partial from 50, else fail.
pub fn support(ctx: &Context, params: &Params) -> Verdict {
    let Some(trust) = ctx.dossier.trust.as_ref() else {
        return no_trust_section();
    };
    let Some(hours) = trust.support_response_hours else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            "The trust section does not say how quickly the vendor commits to answer a severe support case.",
            "Ask the vendor for its support SLA (response time for a severity-1 case) and record it as trust.support_response_hours.",
            &[PATH],
        ));
    };
    let limit = params.integer("max_response_hours").max(0);
    if i64::from(hours) <= limit {
        return Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![finding(
                Severity::Info,
                format!(
                    "The vendor commits to answer a severe support case within {}; the rubric allows {limit}.",
                    count(hours as usize, "hour")
                ),
                "",
                &[PATH],
            )],
        };
    }
    let score = (limit as f64 / f64::from(hours) * 100.0).round().clamp(0.0, 100.0) as u8;
    let (status, severity) =
        if score >= 50 { (Status::Partial, Severity::Medium) } else { (Status::Fail, Severity::High) };
    Verdict {
        status,
        score,
        findings: vec![finding(
            severity,
            format!(
                "The vendor commits to answer a severe support case only within {hours} hours; the rubric asks for {limit} or less."
            ),
            format!(
                "Negotiate a support plan that answers severe cases within {limit} hours, or plan how you would cope with an outage or incident for {hours} hours without the vendor."
            ),
            &[PATH],
        )],
    }
}

#[cfg(test)]
mod tests;
