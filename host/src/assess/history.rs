//! The vendor's record over time — certifications, incidents, availability — copied
//! from the dossier into the scorecard, so that reports can draw timelines from the
//! scorecard JSON alone.

use super::{AvailabilityRecord, CertificationRecord, History, IncidentRecord, MonthRecord};
use crate::dossier::{CertificationKind, Dossier};

/// The history section of `dossier`'s scorecard.
pub(super) fn history(dossier: &Dossier) -> History {
    History {
        certifications: dossier.certifications.as_ref().map(|certifications| {
            certifications
                .iter()
                .enumerate()
                .map(|(index, cert)| CertificationRecord {
                    kind: cert.kind,
                    name: match (cert.kind, &cert.name) {
                        (CertificationKind::Other, Some(name)) => name.clone(),
                        (kind, _) => kind.label().to_owned(),
                    },
                    scope: cert.scope.clone(),
                    covers_product: cert.covers_product,
                    auditor: cert.auditor.clone(),
                    issued: cert.issued,
                    expires: cert.expires,
                    path: format!("certifications[{index}]"),
                    source: cert.source.clone(),
                    observed: cert.observed,
                })
                .collect()
        }),
        incidents: dossier.incidents.as_ref().map(|history| {
            let mut incidents: Vec<IncidentRecord> = history
                .entries
                .iter()
                .enumerate()
                .map(|(index, incident)| IncidentRecord {
                    id: incident.id.clone(),
                    title: incident.title.clone(),
                    kind: incident.kind,
                    severity: incident.severity,
                    detected_at: incident.detected_at,
                    disclosed_at: incident.disclosed_at,
                    resolved_at: incident.resolved_at,
                    records_exposed: incident.records_exposed,
                    root_cause: incident.root_cause.clone(),
                    postmortem_published: incident.postmortem_published,
                    path: format!("incidents.entries[{index}]"),
                    source: incident.source.clone().or_else(|| history.source.clone()),
                    observed: incident.observed.or(history.observed),
                })
                .collect();
            incidents.sort_by(|a, b| a.detected_at.cmp(&b.detected_at).then_with(|| a.id.cmp(&b.id)));
            incidents
        }),
        availability: dossier.availability.as_ref().map(|availability| {
            let mut monthly: Vec<MonthRecord> = availability
                .monthly
                .iter()
                .map(|month| MonthRecord {
                    month: month.month.clone(),
                    percent: month.percent,
                    estimated: month.estimated,
                })
                .collect();
            monthly.sort_by(|a, b| a.month.cmp(&b.month));
            AvailabilityRecord {
                sla_percent: availability.sla_percent,
                monthly,
                major_outages: availability.major_outages,
                source: availability.source.clone(),
                observed: availability.observed,
            }
        }),
    }
}
