//! The encryption checks as plain functions over the dossier, unit-tested natively.

use riskcard_plugin_sdk::evidence::Encryption;
use riskcard_plugin_sdk::{Context, Params, Severity, Status, Tally, Thresholds, Verdict, finding};

use crate::tls::Protocol;

/// The dossier section every finding of this plugin cites.
const SECTION: &str = "encryption";

/// The encryption section, or the insufficient-evidence verdict saying what to ask for.
fn section<'a>(ctx: &'a Context, ask: &str) -> Result<&'a Encryption, Verdict> {
    ctx.dossier.encryption.as_ref().ok_or_else(|| {
        Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier has no encryption evidence for this vendor.",
            format!("Ask the vendor {ask}, and record the answers in the encryption section of the dossier."),
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
fn within(actual: u32, limit: i64) -> f64 {
    if i64::from(actual) <= limit { 1.0 } else { limit.max(0) as f64 / f64::from(actual) }
}

/// The share of an "at least `limit`" requirement that `actual` meets: 1 at or above the
/// limit, otherwise the ratio `actual / limit`.
fn at_least(actual: u32, limit: i64) -> f64 {
    if i64::from(actual) >= limit { 1.0 } else { f64::from(actual) / limit as f64 }
}

/// Whether an algorithm as the dossier names it is AES ("AES", "AES-256-GCM", "256-bit AES").
fn is_aes(algorithm: &str) -> bool {
    algorithm.split(|c: char| !c.is_ascii_alphanumeric()).any(|word| word.to_ascii_uppercase().starts_with("AES"))
}

/// Data at rest encrypted, with AES, and keys of at least `min_key_bits` bits.
pub fn at_rest(ctx: &Context, params: &Params) -> Verdict {
    let encryption =
        match section(ctx, "whether customer data is encrypted at rest, with which algorithm and key length") {
            Ok(encryption) => encryption,
            Err(verdict) => return verdict,
        };
    let min_bits = params.integer("min_key_bits");
    let mut tally = Tally::new(SECTION);
    // Weights: encryption itself (6) is what protects data on stolen disks and backups; the
    // algorithm (2) and key length (2) confirm it is done to the expected standard. If the
    // data is not encrypted at all, the algorithm is moot and is not asked about.
    tally.require(
        6.0,
        encryption.at_rest,
        "customer data encrypted at rest",
        Severity::Critical,
        "Treat this as a blocker for customer data: anyone who obtains the vendor's disks, backups or database copies can read it. Ask the vendor when encryption at rest will be in place.",
    );
    if encryption.at_rest == Some(false) {
        return conclude(tally);
    }
    let algorithm = encryption.at_rest_algorithm.as_deref();
    let aes_what = match algorithm {
        Some(named) if !is_aes(named) => {
            format!("encryption with AES, the standard algorithm for data at rest (the vendor names \"{named}\")")
        }
        _ => "encryption with AES, the standard algorithm for data at rest".to_owned(),
    };
    tally.graded(
        2.0,
        algorithm.map(|named| if is_aes(named) { 1.0 } else { 0.0 }),
        &aes_what,
        Severity::Medium,
        "Ask the vendor to confirm the algorithm and mode in writing; riskcard expects AES, the standard for data at rest (FIPS 197).",
    );
    let bits = encryption.at_rest_key_bits;
    let bits_what = match bits {
        Some(bits) if i64::from(bits) < min_bits => {
            format!("keys of at least {min_bits} bits (the vendor uses {bits}-bit keys)")
        }
        _ => format!("keys of at least {min_bits} bits"),
    };
    // Keys under 128 bits are below every current standard, not just this rubric's.
    let bits_severity = if bits.is_some_and(|bits| bits < 128) { Severity::High } else { Severity::Medium };
    tally.graded(
        2.0,
        bits.map(|bits| at_least(bits, min_bits)),
        &bits_what,
        bits_severity,
        &format!("Ask the vendor when it will use keys of at least {min_bits} bits."),
    );
    conclude(tally)
}

/// The oldest TLS version the vendor accepts, against `min_tls_version`.
pub fn in_transit(ctx: &Context, params: &Params) -> Verdict {
    let encryption = match section(ctx, "which is the oldest TLS version its servers still accept") {
        Ok(encryption) => encryption,
        Err(verdict) => return verdict,
    };
    let path = ["encryption.tls_min_version"];
    let required_text = params.text("min_tls_version");
    let Some(required) = Protocol::parse(required_text) else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            format!(
                "The rubric's min_tls_version \"{required_text}\" is not a TLS version riskcard recognises, so transport encryption cannot be judged."
            ),
            "Correct the rubric: write min_tls_version as \"1.0\", \"1.1\", \"1.2\" or \"1.3\".",
            &path,
        ));
    };
    let Some(stated) = encryption.tls_min_version.as_deref() else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier does not say which TLS versions the vendor accepts.",
            "Ask the vendor for the oldest TLS version its servers accept, or test its login page with an SSL/TLS checker, and record it as tls_min_version.",
            &path,
        ));
    };
    let Some(accepted) = Protocol::parse(stated) else {
        return Verdict::insufficient(finding(
            Severity::Medium,
            format!("The dossier gives the oldest accepted TLS version as \"{stated}\", which riskcard cannot read."),
            "Record tls_min_version as 1.0, 1.1, 1.2 or 1.3 (use 1.0 for anything older).",
            &path,
        ));
    };
    if accepted >= required {
        let mut findings = vec![finding(
            Severity::Info,
            format!(
                "The vendor accepts {} and newer; the rubric requires {} or newer.",
                accepted.name(),
                required.name()
            ),
            "",
            &path,
        )];
        if accepted.deprecated() {
            findings.push(finding(
                Severity::Low,
                format!(
                    "{} is deprecated and open to known attacks, although this rubric accepts it.",
                    accepted.name()
                ),
                "Consider raising min_tls_version in the rubric to 1.2.",
                &path,
            ));
        }
        return Verdict { status: Status::Pass, score: 100, findings };
    }
    if accepted.deprecated() {
        // A version with known attacks still on offer: a downgrade exposes data on the wire.
        let severity = if accepted < Protocol::Tls10 { Severity::Critical } else { Severity::High };
        return Verdict {
            status: Status::Fail,
            score: 0,
            findings: vec![finding(
                severity,
                format!(
                    "The vendor still accepts {}, which is deprecated and open to known attacks; the rubric requires {} or newer.",
                    accepted.name(),
                    required.name()
                ),
                format!(
                    "Ask the vendor for a date by which it will refuse anything older than {0}. Meanwhile make sure your own browsers and integrations use {0} or newer.",
                    required.name()
                ),
                &path,
            )],
        };
    }
    // A sound version below the rubric's bar (TLS 1.2 where 1.3 is required): a policy gap,
    // not a known weakness, so a partial pass.
    Verdict {
        status: Status::Partial,
        score: 60,
        findings: vec![finding(
            Severity::Medium,
            format!(
                "The vendor still accepts {}, older than the {} the rubric requires; {} remains safe with modern cipher suites.",
                accepted.name(),
                required.name(),
                accepted.name()
            ),
            format!(
                "Ask the vendor when it will require {}, and which cipher suites it accepts meanwhile.",
                required.name()
            ),
            &path,
        )],
    }
}

/// Restricted key access, rotation at least every `max_rotation_days` days, and
/// customer-managed keys (BYOK or HYOK) when `require_customer_managed_keys` is set.
pub fn key_management(ctx: &Context, params: &Params) -> Verdict {
    let encryption = match section(
        ctx,
        "who can access the encryption keys, how often they are rotated, and whether customers can bring or hold their own keys",
    ) {
        Ok(encryption) => encryption,
        Err(verdict) => return verdict,
    };
    let max_days = params.integer("max_rotation_days");
    let mut tally = Tally::new(SECTION);
    // Weights: who can reach the keys (4) decides whether encryption protects against the
    // vendor's own staff and a stolen admin account; rotation (3) limits what one leaked key
    // exposes. Customer-managed keys (3) count only when the rubric requires them.
    tally.require(
        4.0,
        encryption.key_access_restricted,
        "access to encryption keys restricted to named roles, with dual control or a hardware security module",
        Severity::High,
        "Ask the vendor who can use or export the keys and how that access is approved and logged; unrestricted key access lets one insider read everything.",
    );
    let rotation_what = match encryption.key_rotation_days {
        Some(days) if i64::from(days) > max_days => {
            format!("keys rotated at least every {max_days} days (the vendor rotates every {days} days)")
        }
        _ => format!("keys rotated at least every {max_days} days"),
    };
    tally.graded(
        3.0,
        encryption.key_rotation_days.map(|days| within(days, max_days)),
        &rotation_what,
        Severity::Medium,
        &format!(
            "Ask the vendor to rotate keys at least every {max_days} days, or to let you trigger rotation yourself."
        ),
    );
    let customer_keys = match (encryption.byok, encryption.hyok) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    if params.boolean("require_customer_managed_keys") {
        tally.require(
            3.0,
            customer_keys,
            "customer-managed keys (bring or hold your own key), as this rubric requires",
            Severity::High,
            "Ask the vendor whether bring-your-own-key or hold-your-own-key is available, perhaps on a higher plan; without it you cannot cut off access to your data by revoking the key.",
        );
    } else if customer_keys != Some(true) {
        let message = match customer_keys {
            None => {
                "The dossier does not say whether customers can manage their own encryption keys (BYOK or HYOK); this rubric does not require them."
            }
            _ => {
                "Customers cannot manage their own encryption keys (no BYOK or HYOK); this rubric does not require them."
            }
        };
        tally.note(finding(
            Severity::Low,
            message,
            "If your data is sensitive, ask the vendor whether customer-managed keys are planned; they let you revoke the vendor's access to your data.",
            &["encryption.byok", "encryption.hyok"],
        ));
    }
    conclude(tally)
}

#[cfg(test)]
mod tests;
