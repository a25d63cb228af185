//! The rubric file format, as serde reads it; validation happens in the parent module.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dossier::EvidenceStrength;
use crate::practice::Practice;
use crate::reads::ReadsPolicy;

/// A rubric: which checks to run, how much each weighs, and how scores become grades.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    /// The rubric this one builds on: a shipped rubric's id (`crm-baseline`) or a path
    /// relative to this file (`./base.toml`). Every key this file leaves out is the
    /// parent's; see docs/rubrics.md.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extends: Option<String>,
    /// Identifier, lowercase with dashes. Required, except in a rubric that extends
    /// another, where it defaults to the file's name without `.toml`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The rubric's version, semver. Required, except in a rubric that extends another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// A short title. Required, except in a rubric that extends another.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What the rubric is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Share of the weight (0–1) that must have evidence; below it the grade is capped
    /// at the lowest band. Default 0.5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_coverage: Option<f64>,
    /// How a waived criterion scores. Default `exclude`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiverPolicy>,
    /// Ids of the extended rubric's criteria to leave out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub remove: Vec<String>,
    /// Version requirements on plugins, e.g. `certifications = "^1.0"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub plugins: BTreeMap<String, String>,
    /// The criteria. In a rubric that extends another, one with the id of a parent's
    /// criterion replaces it whole; others are added after the parent's.
    #[serde(default)]
    pub criteria: Vec<CriterionFile>,
    /// Grade bands, best first; the last must start at 0. Required, except in a rubric
    /// that extends another, where given bands replace the parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grades: Option<Vec<GradeBandFile>>,
    /// Risk tiers, lowest risk first; the last must start at 0. Required, except in a
    /// rubric that extends another, where given tiers replace the parent's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk_tiers: Option<Vec<RiskTierFile>>,
    /// How often to reassess a vendor, per risk tier, e.g. `high = "90d"`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub reassess: BTreeMap<String, String>,
    /// Dossier sections the plugins this rubric uses may not read. A rubric that
    /// extends another adds to the parent's prohibitions; it cannot lift them.
    #[serde(default, skip_serializing_if = "ReadsPolicy::is_empty")]
    pub reads: ReadsPolicy,
}

/// How a waived criterion counts in the score.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WaiverPolicy {
    /// Leave it out of the score and the coverage, as if it did not apply.
    #[default]
    Exclude,
    /// Count it as a pass scoring 100 (coverage still counts only real evidence).
    CountAsPass,
}

/// How to score a criterion whose evidence is missing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum OnMissing {
    /// Count it with a score of 0.
    #[default]
    Zero,
    /// Leave it out of the score (it still lowers coverage).
    Exclude,
}

/// Whether a criterion must pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// Scored like any other criterion.
    #[default]
    None,
    /// Must pass (or not apply); otherwise the grade is capped at the lowest band.
    Required,
}

/// One criterion.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CriterionFile {
    /// Identifier unique within the rubric.
    pub id: String,
    /// A title for reports; defaults to the check's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The practice it counts towards.
    pub practice: Practice,
    /// The check, as `plugin/check-id`.
    pub check: String,
    /// Its weight, above 0.
    pub weight: f64,
    /// Parameters for the check.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, serde_json::Value>")]
    pub params: BTreeMap<String, toml::Value>,
    /// What missing evidence scores.
    #[serde(default)]
    pub on_missing: OnMissing,
    /// Whether it must pass.
    #[serde(default)]
    pub gate: Gate,
    /// For a required gate, the weakest evidence that may meet it: `verified` (an
    /// analyst's), `collected`, or `vendor-attested` (any). A gate met only on weaker
    /// evidence fails, e.g. "met on the vendor's word only".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<EvidenceStrength>,
}

/// One grade band.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GradeBandFile {
    /// The grade, e.g. "A".
    pub grade: String,
    /// Lowest score (0–100) in the band.
    pub min_score: f64,
}

/// One risk tier.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskTierFile {
    /// The tier, e.g. "low".
    pub tier: String,
    /// Lowest score (0–100) in the tier.
    pub min_score: f64,
    /// Lowest coverage (0–1) in the tier. Default 0.
    #[serde(default)]
    pub min_coverage: f64,
}
