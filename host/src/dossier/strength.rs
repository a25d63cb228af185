//! How strong a piece of evidence is: verified by an analyst, collected over HTTP, or
//! attested by the vendor alone, and which attestations stand behind an evidence path.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::model::{Attestation, Dossier};
use super::origin::contains;

/// How strong a piece of evidence is, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EvidenceStrength {
    /// The vendor's own word: a questionnaire answer or riskcard's vendor form.
    VendorAttested,
    /// Collected by riskcard from what the vendor publishes over HTTP.
    Collected,
    /// Written by an analyst who checked it.
    Verified,
}

impl EvidenceStrength {
    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::VendorAttested => "vendor-attested",
            Self::Collected => "collected",
            Self::Verified => "verified",
        }
    }
}

impl Dossier {
    /// The attestations behind the evidence at `path`: keyed by the path itself, by a
    /// path under it or by one containing it, in key order.
    pub fn attestations_for(&self, path: &str) -> Vec<(&str, &Attestation)> {
        self.attestations
            .iter()
            .filter(|(key, _)| contains(key, path) || contains(path, key))
            .map(|(key, attestation)| (key.as_str(), attestation))
            .collect()
    }

    /// The strength of the evidence at `path`: vendor-attested when any attestation
    /// stands behind it, collected when a collected fact lies in it, verified otherwise.
    /// `None` when the path names nothing in the dossier.
    pub fn strength(&self, path: &str) -> Option<EvidenceStrength> {
        self.provenance(path)?;
        Some(if !self.attestations_for(path).is_empty() {
            EvidenceStrength::VendorAttested
        } else if self.holds_collected(path) || self.collected_origin(path).is_some() {
            EvidenceStrength::Collected
        } else {
            EvidenceStrength::Verified
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dossier(text: &str) -> Dossier {
        toml::from_str(text).unwrap()
    }

    #[test]
    fn a_path_is_as_strong_as_what_stands_behind_it() {
        let dossier = dossier(
            "[vendor]\nid = \"v\"\nname = \"V\"\n\n[encryption]\nat_rest = true\nbyok = true\n\n[backup]\noff_site = true\n\n[attestations.\"encryption.at_rest\"]\nquestionnaire = \"CAIQ\"\nquestion = \"CEK-03.1\"\n",
        );
        assert_eq!(dossier.strength("encryption.at_rest"), Some(EvidenceStrength::VendorAttested));
        assert_eq!(dossier.strength("encryption"), Some(EvidenceStrength::VendorAttested));
        assert_eq!(dossier.strength("backup"), Some(EvidenceStrength::Verified));
        assert_eq!(dossier.strength("retention"), None);
        assert_eq!(dossier.attestations_for("encryption").len(), 1);
        assert!(dossier.attestations_for("encryption.byok").is_empty());
        assert!(EvidenceStrength::VendorAttested < EvidenceStrength::Collected);
        assert!(EvidenceStrength::Collected < EvidenceStrength::Verified);
    }
}
