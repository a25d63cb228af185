//! Builders for unit tests of check logic: an empty dossier, dates and a context.

use crate::evidence::{Compliance, Dossier, Provenance, Vendor};
use crate::{Context, Date};

/// A calendar date.
pub fn date(year: i32, month: u8, day: u8) -> Date {
    Date { year, month, day }
}

/// Provenance naming `source`, observed on no particular date.
pub fn provenance(source: &str) -> Provenance {
    Provenance { source: Some(source.to_owned()), observed: None, collected: false }
}

/// A dossier for vendor `test-vendor` that says nothing at all.
pub fn empty_dossier() -> Dossier {
    Dossier {
        vendor: Vendor { id: "test-vendor".to_owned(), name: "Test Vendor".to_owned(), product: None },
        certifications: None,
        compliance: Compliance { gdpr: None, ccpa: None, hipaa: None },
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
        extensions: Vec::new(),
    }
}

/// A context assessing `dossier` as of `as_of`.
pub fn context(as_of: Date, dossier: Dossier) -> Context {
    Context { as_of, dossier }
}
