//! The certification checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::{Certification, CertificationKind};
use riskcard_plugin_sdk::{Context, Date, Finding, Params, Severity, Status, Verdict, date, finding};

/// How one certificate stands at the as-of date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Standing {
    Expired,
    NotYetValid,
    OutOfScope,
    ExpiryUnknown,
    ExpiringSoon,
    ScopeUnknown,
    Current,
}

/// A certificate's index in `certifications` with its standing and expiry.
struct Assessed<'a> {
    index: usize,
    cert: &'a Certification,
    standing: Standing,
    expires: Option<Date>,
}

fn standing(
    cert: &Certification,
    as_of: &Date,
    params: &Params,
    default_validity: Option<i64>,
) -> (Standing, Option<Date>) {
    let expires =
        cert.expires.or_else(|| default_validity.zip(cert.issued).map(|(days, issued)| date::add_days(&issued, days)));
    if cert.issued.is_some_and(|issued| date::days_between(as_of, &issued) > 0) {
        return (Standing::NotYetValid, expires);
    }
    let standing = match expires {
        // Valid through its expiry date, inclusive.
        Some(expires) if date::days_between(as_of, &expires) < 0 => Standing::Expired,
        None => Standing::ExpiryUnknown,
        Some(expires) => {
            let days_left = date::days_between(as_of, &expires);
            let scope = match cert.covers_product {
                Some(false) if params.boolean("require_product_scope") => Standing::OutOfScope,
                None if params.boolean("require_product_scope") => Standing::ScopeUnknown,
                _ => Standing::Current,
            };
            if days_left <= params.integer("expiry_warning_days") { scope.min(Standing::ExpiringSoon) } else { scope }
        }
    };
    (standing, expires)
}

/// The best-standing certificate of `kind`, if the dossier lists any.
fn best<'a>(
    ctx: &'a Context,
    params: &Params,
    kind: CertificationKind,
    default_validity: Option<i64>,
) -> Option<Assessed<'a>> {
    ctx.dossier
        .certifications
        .as_deref()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .filter(|(_, cert)| cert.kind == kind)
        .map(|(index, cert)| {
            let (standing, expires) = standing(cert, &ctx.as_of, params, default_validity);
            Assessed { index, cert, standing, expires }
        })
        .max_by_key(|assessed| (assessed.standing, assessed.expires.map(|d| date::days_since_epoch(&d))))
}

fn name(kind: CertificationKind) -> &'static str {
    match kind {
        CertificationKind::Iso27001 => "ISO/IEC 27001",
        CertificationKind::Iso27017 => "ISO/IEC 27017",
        CertificationKind::Iso27018 => "ISO/IEC 27018",
        CertificationKind::Iso27701 => "ISO/IEC 27701",
        CertificationKind::Soc2Type1 => "SOC 2 Type I",
        CertificationKind::Soc2Type2 => "SOC 2 Type II",
        CertificationKind::CsaStarLevel1 => "CSA STAR level 1",
        CertificationKind::CsaStarLevel2 => "CSA STAR level 2",
        CertificationKind::PciDss => "PCI DSS",
        CertificationKind::Hitrust => "HITRUST CSF",
        CertificationKind::Other => "other certification",
    }
}

/// Score, status and finding for one assessed certificate.
fn grade(assessed: &Assessed, as_of: &Date) -> (Status, u8, Finding) {
    let path = format!("certifications[{}]", assessed.index);
    let cert_name = name(assessed.cert.kind);
    let expiry = assessed.expires.map_or_else(|| "no stated expiry".to_owned(), |d| date::iso(&d));
    let cite = |severity, message: String, remediation: &str| finding(severity, message, remediation, &[path.as_str()]);
    match assessed.standing {
        Standing::Current => (
            Status::Pass,
            100,
            cite(Severity::Info, format!("{cert_name} is current (expires {expiry}) and covers the product."), ""),
        ),
        Standing::ScopeUnknown => (
            Status::Partial,
            80,
            cite(
                Severity::Low,
                format!(
                    "{cert_name} is current (expires {expiry}) but the dossier does not say whether its scope covers the product."
                ),
                "Read the certificate's scope statement and record whether it covers the assessed product.",
            ),
        ),
        Standing::ExpiringSoon => (
            Status::Partial,
            70,
            cite(
                Severity::Medium,
                format!(
                    "{cert_name} expires on {expiry}, {} days after the as-of date.",
                    assessed.expires.map_or(0, |d| date::days_between(as_of, &d))
                ),
                "Ask the vendor for the renewal audit date and the new certificate once issued.",
            ),
        ),
        Standing::OutOfScope => (
            Status::Partial,
            40,
            cite(
                Severity::High,
                format!(
                    "{cert_name} does not cover the assessed product (scope: {}).",
                    assessed.cert.scope.as_deref().unwrap_or("not stated")
                ),
                "Ask the vendor to extend the certification scope to the product, or for a bridge letter.",
            ),
        ),
        Standing::ExpiryUnknown => (
            Status::Partial,
            60,
            cite(
                Severity::Medium,
                format!("{cert_name} is listed without an expiry date, so its validity cannot be confirmed."),
                "Record the certificate's expiry date from the certificate itself or the issuer's registry.",
            ),
        ),
        Standing::NotYetValid => (
            Status::Fail,
            0,
            cite(
                Severity::High,
                format!("{cert_name} is dated after the as-of date."),
                "Check the certificate's dates; assess again once it is in force.",
            ),
        ),
        Standing::Expired => (
            Status::Fail,
            0,
            cite(
                Severity::High,
                format!("{cert_name} expired on {expiry}."),
                "Ask the vendor for the current certificate or evidence of the recertification audit.",
            ),
        ),
    }
}

fn no_certifications_listed() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier does not list the vendor's certifications.",
        "Record the vendor's certificates and reports (or an empty list if it holds none).",
        &["certifications"],
    ))
}

fn absent(kind: CertificationKind, remediation: &str) -> Verdict {
    Verdict {
        status: Status::Fail,
        score: 0,
        findings: vec![finding(
            Severity::High,
            format!("No {} is listed.", name(kind)),
            remediation,
            &["certifications"],
        )],
    }
}

fn single(
    ctx: &Context,
    params: &Params,
    kind: CertificationKind,
    default_validity: Option<i64>,
    remediation: &str,
) -> Verdict {
    if ctx.dossier.certifications.is_none() {
        return no_certifications_listed();
    }
    match best(ctx, params, kind, default_validity) {
        None => absent(kind, remediation),
        Some(assessed) => {
            let (status, score, finding) = grade(&assessed, &ctx.as_of);
            Verdict { status, score, findings: vec![finding] }
        }
    }
}

/// ISO/IEC 27001: present, valid at the as-of date, not about to expire, in scope.
pub fn iso27001(ctx: &Context, params: &Params) -> Verdict {
    single(
        ctx,
        params,
        CertificationKind::Iso27001,
        None,
        "Ask whether the vendor holds ISO/IEC 27001; weigh other attestations instead.",
    )
}

/// SOC 2: a current Type II report passes; a Type I report alone (design at a point in
/// time, no evidence of operating effectiveness) is at best a partial pass.
pub fn soc2(ctx: &Context, params: &Params) -> Verdict {
    if ctx.dossier.certifications.is_none() {
        return no_certifications_listed();
    }
    let max_age = Some(params.integer("max_report_age_days"));
    let type2 = best(ctx, params, CertificationKind::Soc2Type2, max_age);
    if let Some(assessed) = type2.as_ref().filter(|a| a.standing > Standing::NotYetValid) {
        let (status, score, finding) = grade(assessed, &ctx.as_of);
        return Verdict { status, score, findings: vec![finding] };
    }
    match best(ctx, params, CertificationKind::Soc2Type1, max_age) {
        Some(assessed) if assessed.standing > Standing::NotYetValid => {
            let (_, score, mut first) = grade(&assessed, &ctx.as_of);
            first.severity = Severity::Medium;
            let type1 = finding(
                Severity::Medium,
                "Only a SOC 2 Type I report is available: it shows controls were designed, not that they operated over a period.",
                "Ask for the SOC 2 Type II report, or the date the Type II observation period ends.",
                &[format!("certifications[{}]", assessed.index).as_str()],
            );
            let mut findings = vec![type1, first];
            if let Some(expired) = type2 {
                findings.push(grade(&expired, &ctx.as_of).2);
            }
            Verdict { status: Status::Partial, score: score.min(50), findings }
        }
        _ => match type2 {
            Some(expired) => {
                let (status, score, finding) = grade(&expired, &ctx.as_of);
                Verdict { status, score, findings: vec![finding] }
            }
            None => absent(CertificationKind::Soc2Type2, "Ask for the vendor's SOC 2 Type II report under NDA."),
        },
    }
}

/// ISO/IEC 27017 (cloud controls) and 27018 (PII in public clouds): half the score each.
pub fn cloud_privacy(ctx: &Context, params: &Params) -> Verdict {
    if ctx.dossier.certifications.is_none() {
        return no_certifications_listed();
    }
    let mut findings = Vec::new();
    let mut total = 0u32;
    let mut statuses = Vec::new();
    for kind in [CertificationKind::Iso27017, CertificationKind::Iso27018] {
        match best(ctx, params, kind, None) {
            Some(assessed) => {
                let (status, score, finding) = grade(&assessed, &ctx.as_of);
                total += u32::from(score);
                statuses.push(status);
                findings.push(finding);
            }
            None => {
                statuses.push(Status::Fail);
                findings.push(finding(
                    Severity::Medium,
                    format!("No {} is listed.", name(kind)),
                    "Ask whether the vendor's ISO/IEC 27001 certificate is extended with the cloud controls of 27017 and 27018.",
                    &["certifications"],
                ));
            }
        }
    }
    let score = u8::try_from(total / 2).unwrap_or(100);
    let status = if statuses.iter().all(|s| *s == Status::Pass) {
        Status::Pass
    } else if statuses.iter().all(|s| *s == Status::Fail) {
        Status::Fail
    } else {
        Status::Partial
    };
    Verdict { status, score, findings }
}

/// CSA STAR: level 2 (third-party audit) passes; level 1 (self-assessment) is partial.
pub fn csa_star(ctx: &Context, params: &Params) -> Verdict {
    if ctx.dossier.certifications.is_none() {
        return no_certifications_listed();
    }
    if let Some(assessed) = best(ctx, params, CertificationKind::CsaStarLevel2, None) {
        let (status, score, finding) = grade(&assessed, &ctx.as_of);
        if status != Status::Fail {
            return Verdict { status, score, findings: vec![finding] };
        }
    }
    match best(ctx, params, CertificationKind::CsaStarLevel1, None) {
        Some(assessed) => {
            let (status, score, first) = grade(&assessed, &ctx.as_of);
            let self_assessed = finding(
                Severity::Low,
                "CSA STAR level 1 is a self-assessment, not a third-party audit.",
                "Ask whether the vendor plans a level 2 (third-party) STAR attestation.",
                &[format!("certifications[{}]", assessed.index).as_str()],
            );
            let status = if status == Status::Fail { Status::Fail } else { Status::Partial };
            Verdict { status, score: score.min(50), findings: vec![self_assessed, first] }
        }
        None => absent(
            CertificationKind::CsaStarLevel2,
            "Look the vendor up in the CSA STAR registry and record what it holds.",
        ),
    }
}

#[cfg(test)]
mod tests;
