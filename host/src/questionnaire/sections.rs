//! What the questionnaire asks and why: the dossier's sections with their practice and
//! a plain-language reason, and which sections each first-party check reads.

use crate::practice::Practice;

/// One section of the dossier the vendor can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SectionSpec {
    /// Its path in the dossier, e.g. `compliance.gdpr`.
    pub path: &'static str,
    /// Its heading in the form.
    pub title: &'static str,
    /// The practice it is evidence for.
    pub practice: Practice,
    /// One line telling the vendor why it is asked.
    pub why: &'static str,
}

const fn section(path: &'static str, title: &'static str, practice: Practice, why: &'static str) -> SectionSpec {
    SectionSpec { path, title, practice, why }
}

/// Every section the vendor can answer, in the order the form shows them within a
/// practice. `vendor` is always asked and comes first.
pub const SECTIONS: [SectionSpec; 19] = [
    section("vendor", "About you", Practice::TrustedProvider, "We need to know whose answers these are."),
    section(
        "access_control",
        "Access control",
        Practice::AccessControl,
        "Who can see our customers' data, and how sign-in is protected, decides how far a stolen password gets.",
    ),
    section(
        "monitoring",
        "Activity monitoring",
        Practice::ActivityMonitoring,
        "Spotting unusual activity early is how misuse of our data gets stopped.",
    ),
    section(
        "audit_logging",
        "Audit logging",
        Practice::AuditLogging,
        "Audit logs let us find out who did what to our data, and prove it.",
    ),
    section(
        "encryption",
        "Encryption",
        Practice::Encryption,
        "Encryption decides what an attacker gets if every other control fails.",
    ),
    section(
        "backup",
        "Backups",
        Practice::Backup,
        "Backups decide whether our data survives ransomware, mistakes or an outage.",
    ),
    section("retention", "Retention and deletion", Practice::Retention, "Data that is deleted on time cannot leak."),
    section(
        "certifications",
        "Certifications",
        Practice::TrustedProvider,
        "Independent audits let us rely on your controls without auditing them ourselves.",
    ),
    section(
        "compliance.gdpr",
        "GDPR",
        Practice::TrustedProvider,
        "If you process personal data of people in the EU for us, the law requires these terms.",
    ),
    section(
        "compliance.ccpa",
        "CCPA / CPRA",
        Practice::TrustedProvider,
        "Californian residents' data needs service-provider terms in the contract.",
    ),
    section(
        "compliance.hipaa",
        "HIPAA",
        Practice::TrustedProvider,
        "Health information may only be shared with a vendor that signs a Business Associate Agreement.",
    ),
    section(
        "incidents",
        "Security incidents",
        Practice::TrustedProvider,
        "How past incidents were handled is the best guide to how the next one will be.",
    ),
    section(
        "availability",
        "Availability",
        Practice::TrustedProvider,
        "Our teams rely on the service being up; the SLA and your record show whether it will be.",
    ),
    section(
        "trust",
        "Transparency and support",
        Practice::TrustedProvider,
        "Open security policies and quick support tell us you will work with us when it matters.",
    ),
    section(
        "web_security",
        "Login page security",
        Practice::TrustedProvider,
        "The security headers of your login page protect our users' sessions.",
    ),
    section(
        "subprocessors",
        "Sub-processors",
        Practice::TrustedProvider,
        "Every company you pass our data to is one more place it can leak; we need to know who they are, where, and how they are audited.",
    ),
    section(
        "residency",
        "Data residency",
        Practice::TrustedProvider,
        "Where our data is stored decides which laws reach it and whether we may transfer it at all.",
    ),
    section(
        "contract",
        "Contract commitments",
        Practice::TrustedProvider,
        "We must report a personal-data breach within 72 hours, so we need to hear about yours in time.",
    ),
    section(
        "assurance",
        "Security testing and research",
        Practice::TrustedProvider,
        "Independent penetration tests and an open door for researchers find the flaws before attackers do.",
    ),
];

/// Properties the vendor is not asked for: the date evidence was observed is the
/// analyst's, and `security.txt` is read from the vendor's site by `riskcard collect`.
pub fn is_skipped(path: &str) -> bool {
    path.ends_with(".observed") || path == "trust.security_txt"
}

/// The sections a first-party check reads, keyed by check id (`plugin/check`); `None`
/// for a check riskcard does not know, whose needs the form cannot tell.
pub fn sections_read(check: &str) -> Option<&'static [&'static str]> {
    Some(match check {
        "access-control/least-privilege" | "access-control/authentication" | "access-control/account-lifecycle" => {
            &["access_control"]
        }
        "activity-monitoring/real-time-monitoring" | "activity-monitoring/alerting" => &["monitoring"],
        "audit-logging/coverage" | "audit-logging/log-retention" | "audit-logging/integrity" => &["audit_logging"],
        "encryption/at-rest" | "encryption/in-transit" | "encryption/key-management" => &["encryption"],
        "backup/backup-policy" | "backup/recovery" => &["backup"],
        "retention/retention-policy" | "retention/deletion" => &["retention"],
        "certifications/iso27001"
        | "certifications/soc2"
        | "certifications/cloud-privacy"
        | "certifications/csa-star" => &["certifications"],
        "compliance/gdpr-dpa"
        | "compliance/gdpr-transfers"
        | "compliance/gdpr-residency"
        | "compliance/gdpr-subprocessors" => &["compliance.gdpr"],
        "compliance/ccpa" => &["compliance.ccpa"],
        "compliance/hipaa-baa" => &["compliance.hipaa"],
        "incidents/breach-history" | "incidents/disclosure" => &["incidents"],
        "provider-trust/transparency" | "provider-trust/support" => &["trust"],
        "provider-trust/security-testing" => &["assurance", "trust"],
        "provider-trust/breach-notification" => &["contract"],
        "uptime/sla" | "uptime/availability" => &["availability"],
        "web-hygiene/transport" | "web-hygiene/content-security" | "web-hygiene/posture" => &["web_security"],
        "web-hygiene/security-txt" => &["trust"],
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Dossier;
    use crate::questionnaire::fields::SchemaTree;

    #[test]
    fn every_section_of_the_dossier_schema_is_asked_for_or_deliberately_left_out() {
        let schema = schemars::schema_for!(Dossier);
        let tree = SchemaTree::new(&schema);
        let mut in_schema: Vec<String> = tree
            .property_names("")
            .into_iter()
            .filter(|name| !["extensions", "attestations", "disputed", "compliance"].contains(&name.as_str()))
            .collect();
        in_schema.extend(tree.property_names("compliance").into_iter().map(|name| format!("compliance.{name}")));
        in_schema.sort();
        let mut asked: Vec<String> = SECTIONS.iter().map(|section| section.path.to_owned()).collect();
        asked.sort();
        assert_eq!(asked, in_schema, "a new dossier section needs a line in SECTIONS");
    }

    #[test]
    fn every_section_a_check_reads_is_one_the_form_asks() {
        for check in ["access-control/authentication", "compliance/hipaa-baa", "uptime/sla", "certifications/soc2"] {
            for path in sections_read(check).unwrap() {
                assert!(SECTIONS.iter().any(|section| section.path == *path), "{check} reads {path}");
            }
        }
        assert_eq!(sections_read("acme/unknown"), None);
    }

    #[test]
    fn every_check_a_shipped_rubric_uses_is_in_the_table() {
        let rubrics = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../rubrics");
        for entry in std::fs::read_dir(rubrics).unwrap() {
            let rubric = crate::rubric::Rubric::load(&entry.unwrap().path()).unwrap();
            for criterion in &rubric.criteria {
                let check = format!("{}/{}", criterion.plugin, criterion.check);
                assert!(sections_read(&check).is_some(), "{} uses {check}", rubric.id);
            }
        }
    }
}
