//! What each plugin is given of a vendor's dossier: the WIT dossier is made once per
//! vendor and shared by that vendor's plugins; a plugin's request then holds copies of
//! only the sections (and extensions) its requested checks declare. Plugins built
//! against contract 0.1 are given the whole dossier in the 0.1 shape, made once per
//! vendor from the current one.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::bindings::riskcard::plugin::evidence as wit;
use super::bindings::v0_1::riskcard::plugin::evidence as wit_v0_1;
use crate::reads::{Reads, Section};

/// A value of one contract version as the structurally equal type of another, through
/// serde: fields the target lacks are dropped. Fails only where the shapes differ in a
/// way serde cannot bridge (a missing field, an unknown case).
pub fn recast<From: Serialize, To: DeserializeOwned>(value: &From) -> Result<To, serde_json::Error> {
    serde_json::to_value(value).and_then(serde_json::from_value)
}

/// The dossier a 0.1 plugin is given: the whole of `full`, in the 0.1 shape.
pub fn v0_1_dossier(full: &wit::Dossier) -> Result<wit_v0_1::Dossier, serde_json::Error> {
    recast(full)
}

/// What of `full` a plugin whose requested checks read `reads` is given: `vendor`, the
/// declared sections and the extensions under a declared prefix; everything else is
/// `none` or left out.
pub fn given(full: &wit::Dossier, reads: &Reads) -> wit::Dossier {
    let mut given = wit::Dossier {
        vendor: full.vendor.clone(),
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
        extensions: full.extensions.iter().filter(|ext| reads.reads_extension(&ext.key)).cloned().collect(),
    };
    for section in Section::ALL.into_iter().filter(|section| reads.reads(*section)) {
        match section {
            Section::Certifications => given.certifications.clone_from(&full.certifications),
            Section::Compliance => given.compliance.clone_from(&full.compliance),
            Section::AccessControl => given.access_control.clone_from(&full.access_control),
            Section::Monitoring => given.monitoring.clone_from(&full.monitoring),
            Section::AuditLogging => given.audit_logging.clone_from(&full.audit_logging),
            Section::Encryption => given.encryption.clone_from(&full.encryption),
            Section::Backup => given.backup.clone_from(&full.backup),
            Section::Retention => given.retention.clone_from(&full.retention),
            Section::Incidents => given.incidents.clone_from(&full.incidents),
            Section::Availability => given.availability.clone_from(&full.availability),
            Section::Trust => given.trust.clone_from(&full.trust),
            Section::WebSecurity => given.web_security.clone_from(&full.web_security),
            Section::Subprocessors => given.subprocessors.clone_from(&full.subprocessors),
            Section::Residency => given.residency.clone_from(&full.residency),
            Section::Contract => given.contract.clone_from(&full.contract),
            Section::Assurance => given.assurance.clone_from(&full.assurance),
        }
    }
    given
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::dossier::Dossier;

    fn example() -> wit::Dossier {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/vendors/northwind-crm.toml");
        let mut dossier: Dossier = crate::dossier::load(&path).unwrap().dossier;
        dossier.extensions.insert("pci.segmentation".to_owned(), toml::from_str("value = true").unwrap());
        super::super::convert::dossier(&dossier)
    }

    #[test]
    fn only_declared_sections_and_extensions_are_given() {
        let full = example();
        assert!(full.incidents.is_some() && full.encryption.is_some());
        let reads = Reads::Declared {
            sections: BTreeSet::from([Section::Encryption]),
            extension_prefixes: BTreeSet::from(["acme.".to_owned()]),
        };
        let given = given(&full, &reads);
        assert_eq!(given.vendor, full.vendor);
        assert_eq!(given.encryption, full.encryption);
        assert!(given.incidents.is_none() && given.compliance.is_none() && given.certifications.is_none());
        assert!(given.extensions.is_empty(), "pci.segmentation is not under acme.");
    }

    #[test]
    fn the_0_1_dossier_is_the_whole_dossier() {
        let full = example();
        let old = v0_1_dossier(&full).unwrap();
        assert_eq!(old.vendor.name, full.vendor.name);
        assert_eq!(old.extensions.len(), full.extensions.len());
        assert!(old.incidents.is_some());
    }
}
