//! The in-toto Statement v1 riskcard signs for a scorecard, and its predicate
//! (`https://riskcard.dev/attestation/scorecard/v1`, documented in docs/formats.md).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::assess::{PluginRecord, RubricProvenance, Scorecard, Status, VendorView};
use crate::dossier::Date;
use crate::rubric::Gate;

/// `_type` of an in-toto Statement v1.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The predicate type of a riskcard scorecard attestation.
pub const PREDICATE_TYPE: &str = "https://riskcard.dev/attestation/scorecard/v1";

/// An in-toto Statement v1 about one scorecard file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// Always [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub statement_type: String,
    /// The scorecard file, by name and digest.
    pub subject: Vec<Subject>,
    /// Always [`PREDICATE_TYPE`].
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    /// What the scorecard says and which inputs produced it.
    pub predicate: ScorecardPredicate,
}

/// An attested artifact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    /// The file's name, `<vendor>.json`.
    pub name: String,
    /// Its digests by algorithm; riskcard writes `sha256`.
    pub digest: BTreeMap<String, String>,
}

/// The claims of a scorecard attestation, all copied from the scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScorecardPredicate {
    /// The vendor assessed.
    pub vendor: VendorView,
    /// The assessment date.
    pub as_of: Date,
    /// The riskcard version that assessed.
    pub riskcard_version: String,
    /// The rubric, with the SHA-256 of its file.
    pub rubric: RubricProvenance,
    /// SHA-256 of the dossier file.
    pub dossier_sha256: String,
    /// SHA-256 of the collected-evidence file merged in, if any.
    pub collected_sha256: Option<String>,
    /// The plugins used, with the SHA-256 of each component.
    pub plugins: Vec<PluginRecord>,
    /// The grade.
    pub grade: String,
    /// The overall score, 0–100.
    pub score: f64,
    /// Evidence coverage, 0–1.
    pub coverage: f64,
    /// Every required gate of the rubric and its outcome.
    pub gates: Vec<GateOutcome>,
}

/// A required gate's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GateOutcome {
    /// The criterion.
    pub criterion: String,
    /// Its status.
    pub status: Status,
    /// Whether the gate passed (the criterion passed or did not apply).
    pub passed: bool,
}

impl ScorecardPredicate {
    /// The predicate of `scorecard`: a pure function of it, so a verifier can rebuild it.
    pub fn of(scorecard: &Scorecard) -> Self {
        let provenance = &scorecard.provenance;
        Self {
            vendor: scorecard.vendor.clone(),
            as_of: scorecard.as_of,
            riskcard_version: provenance.riskcard_version.clone(),
            rubric: provenance.rubric.clone(),
            dossier_sha256: provenance.dossier_sha256.clone(),
            collected_sha256: provenance.collected.as_ref().map(|collected| collected.sha256.clone()),
            plugins: provenance.plugins.clone(),
            grade: scorecard.grade.clone(),
            score: scorecard.score,
            coverage: scorecard.coverage,
            gates: scorecard
                .criteria
                .iter()
                .filter(|criterion| criterion.gate == Gate::Required)
                .map(|criterion| GateOutcome {
                    criterion: criterion.id.clone(),
                    status: criterion.status,
                    passed: !scorecard.gates_failed.iter().any(|failed| failed.criterion == criterion.id),
                })
                .collect(),
        }
    }
}
