//! Builders for unit tests of check logic: an empty dossier, dates, a context, and a
//! plugin's checks run by id with their default or adjusted parameters, given only the
//! evidence they declare they read.

use crate::evidence::{Dossier, Extension, Provenance, SecurityTxt, Vendor};
use crate::{Check, Context, Date, Params, Reads, Section, Verdict};

/// A calendar date.
pub fn date(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// Provenance naming `source`, observed on no particular date.
pub fn provenance(source: &str) -> Provenance {
    Provenance { source: Some(source.to_owned()), observed: None, collected: false }
}

/// A well-formed, unsigned security.txt with `contacts` and `expires`, and nothing else.
pub fn security_txt(contacts: &[&str], expires: Option<Date>) -> SecurityTxt {
    SecurityTxt {
        contacts: contacts.iter().map(|contact| (*contact).to_owned()).collect(),
        expires,
        policy: None,
        encryption: None,
        canonical: Vec::new(),
        signed: false,
        malformed_lines: 0,
    }
}

/// An extension under `key` holding the JSON text `json`, citing a questionnaire.
pub fn extension(key: &str, json: &str) -> Extension {
    Extension { key: key.to_owned(), json: json.to_owned(), provenance: provenance("questionnaire") }
}

/// A dossier for vendor `test-vendor` that says nothing at all.
pub fn empty_dossier() -> Dossier {
    Dossier {
        vendor: Vendor { id: "test-vendor".to_owned(), name: "Test Vendor".to_owned(), product: None },
        certifications: None,
        compliance: None,
        access_control: None,
        monitoring: None,
        audit_logging: None,
        encryption: None,
        backup: None,
        retention: None,
        incidents: None,
        availability: None,
        trust: None,
        web_security: None,
        subprocessors: None,
        residency: None,
        contract: None,
        assurance: None,
        extensions: Vec::new(),
    }
}

/// A context assessing `dossier` as of `as_of`.
pub fn context(as_of: Date, dossier: Dossier) -> Context {
    Context { as_of, dossier }
}

/// The check `id` among `checks`; panics, naming it, when there is none.
fn check<'a>(checks: &'a [Check], id: &str) -> &'a Check {
    checks.iter().find(|check| check.id == id).unwrap_or_else(|| panic!("no check `{id}` among the checks"))
}

/// The default parameters of check `id` among `checks`; adjust them with [`Params::with`].
pub fn params(checks: &[Check], id: &str) -> Params {
    Params::defaults(check(checks, id).params)
}

/// Runs check `id` among `checks` on `dossier` as of `as_of`, with `params`. Like the
/// host, it gives the check only the sections and extensions it declares it reads, so a
/// check that reads more than it declares fails its tests.
pub fn run(checks: &[Check], id: &str, dossier: Dossier, as_of: Date, params: &Params) -> Verdict {
    let check = check(checks, id);
    (check.run)(&context(as_of, declared(dossier, check.reads)), params)
}

/// `dossier` with only what `reads` declares: `vendor`, the sections read, and the
/// extensions whose keys start with a declared prefix.
pub fn declared(dossier: Dossier, reads: Reads) -> Dossier {
    let mut given = empty_dossier();
    given.vendor = dossier.vendor;
    for section in reads.sections {
        match section {
            Section::Certifications => given.certifications.clone_from(&dossier.certifications),
            Section::Compliance => given.compliance.clone_from(&dossier.compliance),
            Section::AccessControl => given.access_control.clone_from(&dossier.access_control),
            Section::Monitoring => given.monitoring.clone_from(&dossier.monitoring),
            Section::AuditLogging => given.audit_logging.clone_from(&dossier.audit_logging),
            Section::Encryption => given.encryption.clone_from(&dossier.encryption),
            Section::Backup => given.backup.clone_from(&dossier.backup),
            Section::Retention => given.retention.clone_from(&dossier.retention),
            Section::Incidents => given.incidents.clone_from(&dossier.incidents),
            Section::Availability => given.availability.clone_from(&dossier.availability),
            Section::Trust => given.trust.clone_from(&dossier.trust),
            Section::WebSecurity => given.web_security.clone_from(&dossier.web_security),
            Section::Subprocessors => given.subprocessors.clone_from(&dossier.subprocessors),
            Section::Residency => given.residency.clone_from(&dossier.residency),
            Section::Contract => given.contract.clone_from(&dossier.contract),
            Section::Assurance => given.assurance.clone_from(&dossier.assurance),
        }
    }
    given.extensions = dossier
        .extensions
        .into_iter()
        .filter(|extension| reads.extension_prefixes.iter().any(|prefix| extension.key.starts_with(prefix)))
        .collect();
    given
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DefaultValue, ParamDecl, ParamValue, Practice, Status};

    const LIMIT: ParamDecl = ParamDecl { name: "limit", description: "A limit.", default: DefaultValue::Integer(7) };

    /// Passes with the `limit` parameter as its score, and says which vendor and date it saw.
    fn echo(ctx: &Context, params: &Params) -> Verdict {
        let seen = format!("{} {}", ctx.dossier.vendor.id, crate::date::iso(&ctx.as_of));
        Verdict {
            status: Status::Pass,
            score: params.integer("limit") as u8,
            findings: vec![crate::finding(crate::Severity::Info, seen, "", &[])],
        }
    }

    const CHECKS: [Check; 1] = [Check {
        id: "echo",
        title: "Echo",
        practice: Practice::TrustedProvider,
        params: &[LIMIT],
        reads: Reads::sections(&[]),
        run: echo,
    }];

    #[test]
    fn params_are_the_checks_defaults() {
        assert_eq!(params(&CHECKS, "echo").integer("limit"), 7);
    }

    #[test]
    fn run_passes_the_dossier_date_and_params_to_the_check() {
        let adjusted = params(&CHECKS, "echo").with("limit", ParamValue::Integer(42));
        let verdict = run(&CHECKS, "echo", empty_dossier(), date(2026, 11, 30), &adjusted);
        assert_eq!(verdict.score, 42);
        assert_eq!(verdict.messages(), "test-vendor 2026-11-30");
    }

    #[test]
    #[should_panic(expected = "no check `missing`")]
    fn an_unknown_check_id_panics_naming_it() {
        params(&CHECKS, "missing");
    }
}
