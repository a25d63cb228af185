//! The example check: does the vendor publish a security.txt (RFC 9116) that names a
//! contact for vulnerability reports and is current at the as-of date?

use riskcard_plugin_sdk::{Context, DefaultValue, ParamDecl, Params, Severity, Status, Verdict, date, finding};

/// Where the evidence sits in the dossier; findings cite it.
const EVIDENCE: &str = "trust.security_txt";

/// The check's parameters, with their defaults.
pub const PARAMS: [ParamDecl; 2] = [
    ParamDecl {
        name: "expiry_warning_days",
        description: "A security.txt expiring within this many days of the as-of date is flagged for renewal.",
        default: DefaultValue::Integer(30),
    },
    ParamDecl {
        name: "require_signature",
        description: "Require the file to be OpenPGP-signed.",
        default: DefaultValue::Boolean(false),
    },
];

/// Evaluates the check. Missing evidence is `insufficient-evidence`, never a pass.
pub fn run(ctx: &Context, params: &Params) -> Verdict {
    let Some(txt) = ctx.dossier.trust.as_ref().and_then(|trust| trust.security_txt.as_ref()) else {
        return Verdict::insufficient(finding(
            Severity::Low,
            "The dossier does not record the vendor's security.txt.",
            "Fetch /.well-known/security.txt from the vendor's site and record it under [trust.security_txt].",
            &["trust"],
        ));
    };
    let mut score: i64 = 100;
    let mut findings = Vec::new();
    let mut flag = |severity, penalty, message: String, remediation: &str| {
        score -= penalty;
        findings.push(finding(severity, message, remediation, &[EVIDENCE]));
    };
    if txt.contacts.is_empty() {
        flag(
            Severity::High,
            60,
            "security.txt names no contact.".to_owned(),
            "Ask the vendor to add a Contact field for vulnerability reports.",
        );
    }
    match txt.expires {
        None => flag(
            Severity::Medium,
            20,
            "security.txt has no Expires field, which RFC 9116 requires.".to_owned(),
            "Ask the vendor to add an Expires field.",
        ),
        Some(expires) => {
            let days_left = date::days_between(&ctx.as_of, &expires);
            if days_left < 0 {
                flag(
                    Severity::High,
                    60,
                    format!("security.txt expired on {}.", date::iso(&expires)),
                    "Ask the vendor to renew its security.txt.",
                );
            } else if days_left <= params.integer("expiry_warning_days") {
                flag(
                    Severity::Low,
                    10,
                    format!("security.txt expires on {}, {days_left} days after the as-of date.", date::iso(&expires)),
                    "Check again after the vendor renews it.",
                );
            }
        }
    }
    if params.boolean("require_signature") && !txt.signed {
        flag(
            Severity::Medium,
            20,
            "security.txt is not OpenPGP-signed.".to_owned(),
            "Ask the vendor to sign the file so that its contacts can be trusted.",
        );
    }
    if txt.malformed_lines > 0 {
        flag(
            Severity::Low,
            10,
            format!("security.txt has {} lines that do not parse.", txt.malformed_lines),
            "Ask the vendor to fix the file's syntax.",
        );
    }
    let serious = findings.iter().any(|f| matches!(f.severity, Severity::High | Severity::Critical));
    let status = if serious {
        Status::Fail
    } else if findings.is_empty() {
        findings.push(finding(
            Severity::Info,
            format!("security.txt is current and names {} contact(s).", txt.contacts.len()),
            "",
            &[EVIDENCE],
        ));
        Status::Pass
    } else {
        Status::Partial
    };
    Verdict { status, score: u8::try_from(score.clamp(0, 100)).unwrap_or(0), findings }
}

#[cfg(test)]
mod tests {
    use riskcard_plugin_sdk::evidence::{SecurityTxt, Trust};
    use riskcard_plugin_sdk::testing::{context, date, empty_dossier, provenance};
    use riskcard_plugin_sdk::{Date, ParamValue};

    use super::*;

    const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

    fn security_txt(expires: Option<Date>) -> SecurityTxt {
        SecurityTxt {
            contacts: vec!["mailto:security@vendor.example".to_owned()],
            expires,
            policy: None,
            encryption: None,
            canonical: Vec::new(),
            signed: false,
            malformed_lines: 0,
        }
    }

    fn verdict(txt: Option<SecurityTxt>, params: Params) -> Verdict {
        let mut dossier = empty_dossier();
        dossier.trust = Some(Trust {
            security_policy_published: None,
            vulnerability_disclosure: None,
            bug_bounty: None,
            support_response_hours: None,
            incident_transparency: None,
            security_txt: txt,
            provenance: provenance("https://vendor.example/.well-known/security.txt"),
        });
        run(&context(AS_OF, dossier), &params)
    }

    fn defaults() -> Params {
        Params::defaults(&PARAMS)
    }

    #[test]
    fn current_file_with_a_contact_passes() {
        let result = verdict(Some(security_txt(Some(date(2027, 6, 30)))), defaults());
        assert_eq!((result.status, result.score), (Status::Pass, 100));
        assert_eq!(result.findings[0].evidence, vec![EVIDENCE.to_owned()]);
    }

    #[test]
    fn no_security_txt_is_insufficient_evidence_never_a_pass() {
        let result = verdict(None, defaults());
        assert_eq!((result.status, result.score), (Status::InsufficientEvidence, 0));
    }

    #[test]
    fn expired_the_day_before_fails() {
        let result = verdict(Some(security_txt(Some(date(2026, 11, 29)))), defaults());
        assert_eq!(result.status, Status::Fail);
        assert!(result.findings[0].message.contains("expired on 2026-11-29"), "{:?}", result.findings);
    }

    #[test]
    fn expiry_warning_window_is_a_parameter() {
        let txt = Some(security_txt(Some(date(2026, 12, 30))));
        assert_eq!(verdict(txt.clone(), defaults()).status, Status::Partial);
        let narrow = defaults().with("expiry_warning_days", ParamValue::Integer(29));
        assert_eq!(verdict(txt, narrow).status, Status::Pass);
    }

    #[test]
    fn an_unsigned_file_is_partial_only_when_a_signature_is_required() {
        let txt = Some(security_txt(Some(date(2027, 6, 30))));
        assert_eq!(verdict(txt.clone(), defaults()).status, Status::Pass);
        let strict = verdict(txt, defaults().with("require_signature", ParamValue::Boolean(true)));
        assert_eq!((strict.status, strict.score), (Status::Partial, 80));
    }
}
