//! The certification and incident tables: each certificate with its validity as of the
//! assessment date, each incident with how long disclosure and resolution took.

use super::format;
use super::scorecard::EvidenceView;
use super::timeline::{severity_shape, validity};
use crate::assess::{CertificationRecord, IncidentRecord};
use crate::dossier::{Date, IncidentKind, Timestamp};

/// One certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct CertificationRow {
    /// Name.
    pub name: String,
    /// Scope as stated.
    pub scope: Option<String>,
    /// Whether it covers the product, in words.
    pub covers: &'static str,
    /// Auditor.
    pub auditor: Option<String>,
    /// Issue date.
    pub issued: Option<String>,
    /// Expiry date.
    pub expires: Option<String>,
    /// Validity icon.
    pub icon: &'static str,
    /// Validity colour family.
    pub tone: &'static str,
    /// Validity in words.
    pub validity: String,
    /// The evidence.
    pub evidence: EvidenceView,
}

/// One incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRow {
    /// Identifier.
    pub id: String,
    /// Title.
    pub title: String,
    /// Data breach or security incident.
    pub kind: &'static str,
    /// Severity word.
    pub severity: &'static str,
    /// Symbol id of the severity's shape.
    pub shape: &'static str,
    /// Severity colour family.
    pub tone: &'static str,
    /// When detected.
    pub detected: String,
    /// When disclosed, and how long after detection.
    pub disclosed: String,
    /// When resolved, and how long after detection.
    pub resolved: String,
    /// Customer records exposed.
    pub records_exposed: String,
    /// Root cause.
    pub root_cause: Option<String>,
    /// Whether a post-mortem was published, in words.
    pub postmortem: &'static str,
    /// The evidence.
    pub evidence: EvidenceView,
}

/// The rows of the certification table.
pub fn certification_rows(certs: &[CertificationRecord], as_of: Date) -> Vec<CertificationRow> {
    certs
        .iter()
        .map(|cert| {
            let validity = validity(cert, as_of);
            CertificationRow {
                name: cert.name.clone(),
                scope: cert.scope.clone(),
                covers: match cert.covers_product {
                    Some(true) => "covers the product",
                    Some(false) => "does not cover the product",
                    None => "product coverage not stated",
                },
                auditor: cert.auditor.clone(),
                issued: cert.issued.map(|date| date.to_string()),
                expires: cert.expires.map(|date| date.to_string()),
                icon: validity.icon,
                tone: validity.tone,
                validity: validity.text,
                evidence: EvidenceView {
                    path: cert.path.clone(),
                    found: true,
                    source: cert.source.clone(),
                    observed: cert.observed.map(|date| date.to_string()),
                    collected: None,
                    attested: Vec::new(),
                },
            }
        })
        .collect()
}

/// The rows of the incident table, oldest first.
pub fn incident_rows(incidents: &[IncidentRecord]) -> Vec<IncidentRow> {
    incidents
        .iter()
        .map(|incident| {
            let (shape, tone, severity) = severity_shape(incident.severity);
            let after = |at: Option<Timestamp>, none: &str| {
                at.map_or_else(
                    || none.to_owned(),
                    |at| {
                        format!(
                            "{} ({} after detection)",
                            format::instant(at),
                            format::duration(incident.detected_at, at)
                        )
                    },
                )
            };
            IncidentRow {
                id: incident.id.clone(),
                title: incident.title.clone(),
                kind: match incident.kind {
                    IncidentKind::DataBreach => "data breach",
                    IncidentKind::SecurityIncident => "security incident",
                },
                severity,
                shape,
                tone: tone.class(),
                detected: format::instant(incident.detected_at),
                disclosed: after(incident.disclosed_at, "not disclosed"),
                resolved: after(incident.resolved_at, "not resolved"),
                records_exposed: incident.records_exposed.map_or_else(|| "not stated".to_owned(), format::count),
                root_cause: incident.root_cause.clone(),
                postmortem: match incident.postmortem_published {
                    Some(true) => "published",
                    Some(false) => "not published",
                    None => "not stated",
                },
                evidence: EvidenceView {
                    path: incident.path.clone(),
                    found: true,
                    source: incident.source.clone(),
                    observed: incident.observed.map(|date| date.to_string()),
                    collected: None,
                    attested: Vec::new(),
                },
            }
        })
        .collect()
}
