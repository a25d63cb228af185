//! How strong the evidence behind each criterion is, which vendor answers stand behind
//! a citation, and where a vendor's answer contradicts the analyst's or collected
//! evidence — both sides, with their sources.

use serde_json::Value;

use super::scorecard::{AttestedFact, Contradiction, EvidenceRef};
use super::{collected_from, scorecard::CollectedFrom};
use crate::dossier::{Dossier, EvidenceStrength, value_at};
use crate::reads::Reads;

/// The vendor answers behind the evidence at `path`.
pub fn attested(dossier: &Dossier, path: &str) -> Vec<AttestedFact> {
    dossier
        .attestations_for(path)
        .into_iter()
        .map(|(key, attestation)| AttestedFact { path: key.to_owned(), attestation: attestation.clone() })
        .collect()
}

/// The weakest evidence a criterion rests on: what its findings cite, or, when they cite
/// nothing (a clean pass), the sections its check declares it reads (`reads`); unknown
/// for a check that reads everything (contract 0.1).
pub fn criterion_strength(
    dossier: &Dossier,
    reads: Option<&Reads>,
    cited: &[&EvidenceRef],
) -> Option<EvidenceStrength> {
    if cited.is_empty() {
        let Some(Reads::Declared { sections, .. }) = reads else { return None };
        return sections.iter().filter_map(|section| dossier.strength(&section.field())).min();
    }
    cited.iter().filter_map(|reference| reference.strength).min()
}

/// Every vendor answer that other evidence contradicts, in path order: answers the
/// analyst's dossier overrode, then attested facts that collected evidence disagrees with.
/// `tree` is the dossier as JSON.
pub fn contradictions(dossier: &Dossier, tree: &Value) -> Vec<Contradiction> {
    let mut found: Vec<Contradiction> = dossier
        .disputed
        .iter()
        .filter_map(|(path, claim)| {
            let stated = value_at(tree, path)?.clone();
            let (source, observed) = dossier.provenance(path).unwrap_or((None, None));
            let collected = dossier.collected_origin(path);
            Some(Contradiction {
                path: path.clone(),
                claimed: claim.claimed.clone(),
                attestation: claim.attestation.clone(),
                used: stated.clone(),
                stated,
                stated_by: if collected.is_some() { EvidenceStrength::Collected } else { EvidenceStrength::Verified },
                source: source.map(str::to_owned),
                observed,
                collected: collected.map(collected_from),
            })
        })
        .collect();
    if let Some(collected) = &dossier.collected {
        for (path, (value, origin)) in &collected.contested {
            let Some(attestation) = dossier.attestations.get(path) else { continue };
            let Some(claimed) = value_at(tree, path) else { continue };
            let from: CollectedFrom = collected_from(origin);
            found.push(Contradiction {
                path: path.clone(),
                claimed: claimed.clone(),
                attestation: attestation.clone(),
                used: claimed.clone(),
                stated: value.clone(),
                stated_by: EvidenceStrength::Collected,
                source: Some(from.url.clone()),
                observed: Some(from.fetched_at.date()),
                collected: Some(from),
            });
        }
    }
    found
}
