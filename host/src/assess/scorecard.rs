//! The scorecard: the stable JSON contract riskcard writes for each vendor (see
//! docs/scorecard.md). Field order is fixed and every list is in a stable order, so
//! the same inputs give byte-identical JSON.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dossier::{
    Attestation, CertificationKind, Date, EvidenceStrength, IncidentKind, IncidentSeverity, Timestamp,
};
use crate::practice::Practice;
use crate::reads::Reads;
use crate::rubric::{Gate, OnMissing, WaiverPolicy};
use crate::runtime::LogLevel;

/// The version of this JSON contract; bumped on any incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// One vendor's assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Scorecard {
    /// Version of the scorecard format.
    pub schema_version: u32,
    /// The vendor.
    pub vendor: VendorView,
    /// The rubric applied.
    pub rubric: RubricView,
    /// The assessment date.
    pub as_of: Date,
    /// Weighted overall score, 0–100, one decimal.
    pub score: f64,
    /// Grade from the rubric's bands.
    pub grade: String,
    /// Share (0–1) of the applicable weight that had evidence.
    pub coverage: f64,
    /// Risk tier from the rubric.
    pub risk_tier: String,
    /// Why the grade was capped at the lowest band, if it was.
    pub grade_capped_by: Vec<String>,
    /// Required gates that did not pass.
    pub gates_failed: Vec<GateFailure>,
    /// The seven practices, in order.
    pub practices: Vec<PracticeResult>,
    /// Every criterion of the rubric, in rubric order.
    pub criteria: Vec<CriterionResult>,
    /// The vendor's record over time, copied from the dossier for the report's timelines.
    /// Added in riskcard 0.1 without a schema bump; absent in older scorecards.
    #[serde(default)]
    pub history: History,
    /// The value of every piece of evidence a finding cites, by path, as the assessment
    /// saw it; what `riskcard diff` compares. Added without a schema bump; absent in
    /// older scorecards.
    #[serde(default)]
    pub evidence: Vec<EvidenceValue>,
    /// Vendor answers that contradict the analyst's or collected evidence, by path.
    /// Added in riskcard 0.1 without a schema bump; absent in older scorecards.
    #[serde(default)]
    pub contradictions: Vec<Contradiction>,
    /// What plugins logged or printed, for plugins that did.
    pub plugin_output: Vec<PluginOutput>,
    /// Exactly which inputs produced this scorecard.
    pub provenance: Provenance,
}

/// The vendor assessed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct VendorView {
    /// Identifier.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Product assessed.
    pub product: Option<String>,
}

/// The rubric applied.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RubricView {
    /// Identifier.
    pub id: String,
    /// Version.
    pub version: String,
    /// Title.
    pub title: String,
}

/// A required gate that did not pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GateFailure {
    /// The criterion.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// Its status.
    pub status: Status,
    /// When it was met only on evidence weaker than the rubric requires: how strong
    /// that evidence was (`vendor-attested`: met on the vendor's word only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub met_on: Option<EvidenceStrength>,
}

/// One practice's aggregate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PracticeResult {
    /// Which practice.
    pub practice: Practice,
    /// Its title.
    pub title: String,
    /// Criteria counted towards it.
    pub criteria: usize,
    /// Their total weight.
    pub weight: f64,
    /// Weighted score, 0–100; `null` when no criterion counts.
    pub score: Option<f64>,
    /// Share of its weight with evidence; `null` when no criterion applies.
    pub coverage: Option<f64>,
}

/// A criterion's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Meets the criterion.
    Pass,
    /// Meets part of it.
    Partial,
    /// Does not meet it.
    Fail,
    /// Does not apply.
    NotApplicable,
    /// Evidence missing; never a pass.
    InsufficientEvidence,
    /// The plugin failed; see `error`.
    Error,
}

impl Status {
    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Partial => "partial",
            Self::Fail => "fail",
            Self::NotApplicable => "not applicable",
            Self::InsufficientEvidence => "insufficient evidence",
            Self::Error => "error",
        }
    }
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// For information.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

impl Severity {
    /// The word shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        }
    }
}

/// One criterion's result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionResult {
    /// Identifier in the rubric.
    pub id: String,
    /// Title.
    pub title: String,
    /// Practice it counts towards.
    pub practice: Practice,
    /// The check, `plugin/check-id`.
    pub check: String,
    /// Weight.
    pub weight: f64,
    /// Gate.
    pub gate: Gate,
    /// What missing evidence scores.
    pub on_missing: OnMissing,
    /// Outcome.
    pub status: Status,
    /// Score 0–100 when evaluated; `null` otherwise.
    pub score: Option<u8>,
    /// Why the plugin failed, when status is `error`.
    pub error: Option<String>,
    /// Findings.
    pub findings: Vec<FindingView>,
    /// The weakest evidence it rests on: what its findings cite or, when they cite
    /// nothing, the dossier section its plugin reads; `null` when there is none.
    #[serde(default)]
    pub evidence: Option<EvidenceStrength>,
    /// The weakest evidence its gate accepts, when the rubric sets one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_required: Option<EvidenceStrength>,
    /// The waiver that let this criterion stand although it did not pass; absent when
    /// none applied. Its status stays what the plugin found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver: Option<WaiverApplied>,
}

/// An approved exception applied to a criterion that did not pass.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaiverApplied {
    /// The criterion waived.
    pub criterion: String,
    /// Why the exception was granted.
    pub reason: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved.
    pub approved: Option<Date>,
    /// The last day it applies.
    pub expires: Date,
    /// Whether it lifts a required gate.
    pub gate: bool,
    /// How the rubric counts it in the score.
    pub counts: WaiverPolicy,
}

/// The value of one piece of cited evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceValue {
    /// Path in the dossier, as findings cite it.
    pub path: String,
    /// The value there, as JSON; `null` when the path names nothing.
    pub value: serde_json::Value,
    /// Where it came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<Date>,
}

/// A finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FindingView {
    /// Severity.
    pub severity: Severity,
    /// What was observed.
    pub message: String,
    /// What to do about it.
    pub remediation: String,
    /// The evidence used, with its source.
    pub evidence: Vec<EvidenceRef>,
}

/// A reference to evidence in the dossier.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceRef {
    /// Path in the dossier.
    pub path: String,
    /// Whether the path names something in the dossier.
    pub found: bool,
    /// Where the evidence came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<Date>,
    /// The response it was read from, when riskcard collected it over HTTP.
    pub collected: Option<CollectedFrom>,
    /// How strong it is; `null` when the path names nothing in the dossier.
    #[serde(default)]
    pub strength: Option<EvidenceStrength>,
    /// The vendor's answers it rests on, when it is vendor-attested.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attested: Vec<AttestedFact>,
}

/// A vendor-attested fact and the answer it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AttestedFact {
    /// Its path in the dossier.
    pub path: String,
    /// The questionnaire answer.
    pub attestation: Attestation,
}

/// A vendor answer that other evidence contradicts: both sides, with their sources.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Contradiction {
    /// The field, as an evidence path.
    pub path: String,
    /// What the vendor's answer means for it.
    pub claimed: serde_json::Value,
    /// The answer.
    pub attestation: Attestation,
    /// What the other evidence says.
    pub stated: serde_json::Value,
    /// How strong the other evidence is: `verified` (the analyst's) or `collected`.
    pub stated_by: EvidenceStrength,
    /// Where the other evidence came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<Date>,
    /// The response it was read from, when it was collected.
    pub collected: Option<CollectedFrom>,
    /// Which evidence the assessment used: the dossier's value (the analyst's, or the
    /// vendor's when only collected evidence disagrees).
    pub used: serde_json::Value,
}

/// The response a collected fact was read from: HTTP, a DNS answer or a TLS handshake.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectedFrom {
    /// URL of the response, the DNS query (`dns:…?type=TXT`) or the TLS endpoint (`tls://host:port`).
    pub url: String,
    /// When it was fetched.
    pub fetched_at: Timestamp,
    /// HTTP status code; absent for DNS and TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// DNS response code or negotiated TLS version; absent for HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// SHA-256 of the response body, DNS answer or certificate chain.
    pub sha256: String,
}

/// A collected fact that went into the assessment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectedFact {
    /// Path in the dossier.
    pub path: String,
    /// Where it came from.
    #[serde(flatten)]
    pub from: CollectedFrom,
}

/// The collected evidence merged into the dossier (analyst-written facts win).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CollectedProvenance {
    /// SHA-256 of the collected-evidence file.
    pub sha256: String,
    /// Facts taken from it, by path.
    pub facts: Vec<CollectedFact>,
    /// Paths of collected facts not used because the dossier already states them.
    pub superseded: Vec<String>,
    /// SHA-256 fingerprints of the extra CA certificates the collection trusted
    /// (`collect --ca-cert`, a testing and lab feature); absent when none was.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_ca_sha256: Vec<String>,
}

/// What a plugin logged and printed while evaluating this vendor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PluginOutput {
    /// The plugin.
    pub plugin: String,
    /// Log messages kept.
    pub log: Vec<LogView>,
    /// Log messages dropped at the limit.
    pub log_dropped: usize,
    /// Captured stdout (capped).
    pub stdout: String,
    /// Captured stderr (capped).
    pub stderr: String,
}

/// One log message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LogView {
    /// Level.
    #[schemars(with = "String")]
    pub level: LogLevel,
    /// Text.
    pub message: String,
}

/// The inputs behind a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// riskcard's version.
    pub riskcard_version: String,
    /// The assessment date.
    pub as_of: Date,
    /// The rubric.
    pub rubric: RubricProvenance,
    /// SHA-256 of the dossier file.
    pub dossier_sha256: String,
    /// The collected evidence merged into the dossier, if any.
    pub collected: Option<CollectedProvenance>,
    /// The plugins the rubric used.
    pub plugins: Vec<PluginRecord>,
    /// The waivers file given, and every waiver applied to this vendor; absent when no
    /// waivers file was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waivers: Option<WaiversProvenance>,
}

/// The waivers behind a scorecard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WaiversProvenance {
    /// SHA-256 of the waivers file.
    pub sha256: String,
    /// The waivers applied, in rubric order.
    pub used: Vec<WaiverApplied>,
}

/// The rubric's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RubricProvenance {
    /// Identifier.
    pub id: String,
    /// Version.
    pub version: String,
    /// SHA-256 of the rubric file.
    pub sha256: String,
}

/// A plugin's identity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PluginRecord {
    /// Name.
    pub name: String,
    /// Version.
    pub version: String,
    /// SHA-256 of the component.
    pub sha256: String,
    /// What of each dossier the plugin was given: the sections and extension prefixes
    /// its checks that the rubric uses declare, or everything (a contract 0.1 plugin).
    /// Absent in scorecards written before riskcard:plugin@0.2.0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given: Option<Reads>,
}

/// The vendor's record over time — certifications, incidents, availability — as the
/// dossier gives it; `null` where the dossier does not say, which is not the same as none.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct History {
    /// Certifications and attestation reports, in dossier order.
    pub certifications: Option<Vec<CertificationRecord>>,
    /// Security incidents, oldest first.
    pub incidents: Option<Vec<IncidentRecord>>,
    /// Measured availability against the SLA.
    pub availability: Option<AvailabilityRecord>,
}

/// One certificate or attestation report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CertificationRecord {
    /// What kind of attestation.
    pub kind: CertificationKind,
    /// The name people use for it.
    pub name: String,
    /// The audited scope as stated.
    pub scope: Option<String>,
    /// Whether the scope covers the assessed product.
    pub covers_product: Option<bool>,
    /// Certification body or audit firm.
    pub auditor: Option<String>,
    /// Date of issue (for SOC 2, the end of the audit period).
    pub issued: Option<Date>,
    /// Date after which it is no longer current.
    pub expires: Option<Date>,
    /// Path in the dossier.
    pub path: String,
    /// Where the evidence came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<Date>,
}

/// One security incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct IncidentRecord {
    /// Identifier unique within the dossier.
    pub id: String,
    /// Short title.
    pub title: String,
    /// Kind.
    pub kind: IncidentKind,
    /// Severity.
    pub severity: IncidentSeverity,
    /// When detected.
    pub detected_at: Timestamp,
    /// When disclosed to customers.
    pub disclosed_at: Option<Timestamp>,
    /// When resolved.
    pub resolved_at: Option<Timestamp>,
    /// Customer records exposed.
    pub records_exposed: Option<u64>,
    /// Root cause in a few words.
    pub root_cause: Option<String>,
    /// A post-mortem was published.
    pub postmortem_published: Option<bool>,
    /// Path in the dossier.
    pub path: String,
    /// Where the evidence came from: the incident's own source, else the history's.
    pub source: Option<String>,
    /// When it was observed: the incident's own date, else the history's.
    pub observed: Option<Date>,
}

/// Measured availability against the SLA.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AvailabilityRecord {
    /// SLA uptime commitment in percent.
    pub sla_percent: Option<f64>,
    /// Availability per month, oldest first.
    pub monthly: Vec<MonthRecord>,
    /// Major outages in the last 12 months.
    pub major_outages: Option<u32>,
    /// Where the evidence came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<Date>,
}

/// Availability in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MonthRecord {
    /// The month, `YYYY-MM`.
    pub month: String,
    /// Availability in percent.
    pub percent: f64,
    /// Estimated rather than reported.
    pub estimated: bool,
}
