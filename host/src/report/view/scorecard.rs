//! The view of one vendor's scorecard: the headline figures, failed gates, the
//! practices chart, the criteria grouped by practice, the timelines and provenance.

use super::availability::AvailabilityChart;
use super::history::{CertificationRow, IncidentRow, certification_rows, incident_rows};
use super::practices::PracticeChart;
use super::timeline::{CertificationTimeline, IncidentTimeline};
use super::{StatusView, Tone, format, severity_tone};
use crate::assess::{
    AttestedFact, CollectedFrom, CollectedProvenance, Contradiction, CriterionResult, EvidenceRef, FindingView,
    GateFailure, PluginRecord, Scorecard, WaiverApplied,
};
use crate::dossier::{Attestation, EvidenceStrength, describe_origin};
use crate::practice::Practice;
use crate::rubric::Gate;
use crate::runtime::LogLevel;

/// Everything the scorecard page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorecardView {
    /// Vendor id; names the files.
    pub vendor_id: String,
    /// Vendor name.
    pub vendor_name: String,
    /// Product assessed.
    pub product: Option<String>,
    /// Rubric title.
    pub rubric_title: String,
    /// Rubric id and version, e.g. `crm-baseline 0.1.0`.
    pub rubric: String,
    /// Assessment date.
    pub as_of: String,
    /// Grade.
    pub grade: String,
    /// Grade colour family.
    pub grade_tone: &'static str,
    /// Overall score, e.g. `87.4`.
    pub score: String,
    /// Score colour family.
    pub score_tone: &'static str,
    /// Score as a share of the meter, 0–100.
    pub score_meter: f64,
    /// Coverage, e.g. `100%`.
    pub coverage: String,
    /// Coverage as a share of the meter, 0–100.
    pub coverage_meter: f64,
    /// Risk tier.
    pub risk_tier: String,
    /// Risk colour family.
    pub risk_tone: &'static str,
    /// The required gates in a phrase, e.g. `all 3 passed` or `2 of 3 failed`.
    pub gates_summary: String,
    /// Icon for the gates: passed, failed, or none in the rubric.
    pub gates_icon: &'static str,
    /// Colour family for the gates.
    pub gates_tone: &'static str,
    /// How many findings there are.
    pub findings_count: usize,
    /// Required gates that failed, worst first.
    pub failed_gates: Vec<GateView>,
    /// Why the grade was capped.
    pub caps: Vec<String>,
    /// Vendor answers that other evidence contradicts.
    pub contradictions: Vec<ContradictionView>,
    /// The practices chart.
    pub practices: PracticeChart,
    /// Findings by severity, e.g. `1 critical · 2 high · 3 medium`.
    pub findings_summary: String,
    /// The criteria, grouped by practice.
    pub groups: Vec<PracticeGroup>,
    /// Certifications; `None` when the dossier does not say.
    pub certifications: Option<Vec<CertificationRow>>,
    /// Their timeline, when there is any certificate.
    pub certification_timeline: Option<CertificationTimeline>,
    /// Incidents, oldest first; `None` when the dossier does not say.
    pub incidents: Option<Vec<IncidentRow>>,
    /// Their timeline, when there is any incident.
    pub incident_timeline: Option<IncidentTimeline>,
    /// Availability; `None` when the dossier does not say.
    pub availability: Option<AvailabilityChart>,
    /// Where the availability figures came from.
    pub availability_source: Option<EvidenceView>,
    /// What plugins logged or printed.
    pub plugin_output: Vec<PluginOutputView>,
    /// Exactly which inputs produced the scorecard.
    pub provenance: ProvenanceView,
    /// The vendor's recent assessments, when history was given.
    pub trend: Option<super::TrendView>,
}

/// A required gate that did not pass.
#[derive(Debug, Clone, PartialEq)]
pub struct GateView {
    /// Criterion id.
    pub criterion: String,
    /// Its title.
    pub title: String,
    /// Its practice.
    pub practice: String,
    /// Its status.
    pub status: StatusView,
    /// Why the plugin failed, when it did.
    pub error: Option<String>,
    /// When it was met only on evidence weaker than the rubric requires, e.g. `met on
    /// the vendor's word only`.
    pub met_on: Option<String>,
    /// Its findings, worst first.
    pub findings: Vec<FindingRow>,
}

/// A vendor answer and the evidence that contradicts it.
#[derive(Debug, Clone, PartialEq)]
pub struct ContradictionView {
    /// The field, as an evidence path.
    pub path: String,
    /// What the vendor said, e.g. `true — CAIQ v4.0.3 CEK-03.1 answered "Yes" (CAIQv4.0.3!C12, …)`.
    pub vendor: String,
    /// What the other evidence says, with its strength and source.
    pub other: String,
    /// Which value the assessment used.
    pub used: String,
}

/// The criteria of one practice.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeGroup {
    /// Practice id, for the anchor.
    pub id: &'static str,
    /// Practice title.
    pub title: String,
    /// e.g. `score 82.0 · 100% evidenced`.
    pub summary: String,
    /// Its criteria, worst status first, then in rubric order.
    pub rows: Vec<CriterionRow>,
}

/// One criterion in the table.
#[derive(Debug, Clone, PartialEq)]
pub struct CriterionRow {
    /// Criterion id.
    pub id: String,
    /// Title.
    pub title: String,
    /// The check, `plugin/check-id`.
    pub check: String,
    /// Whether it is a required gate.
    pub required: bool,
    /// Whether it is a required gate that did not pass.
    pub gate_failed: bool,
    /// Status.
    pub status: StatusView,
    /// Score, or an em dash.
    pub score: String,
    /// Weight.
    pub weight: String,
    /// What missing evidence scores, when it is not the default.
    pub excluded_when_missing: bool,
    /// How strong its evidence is, e.g. `vendor-attested`.
    pub evidence: Option<&'static str>,
    /// The weakest evidence its gate accepts, when the rubric sets one.
    pub evidence_required: Option<&'static str>,
    /// Why the plugin failed.
    pub error: Option<String>,
    /// Findings, worst first.
    pub findings: Vec<FindingRow>,
    /// The waiver that let it stand, in one line, when one applied.
    pub waiver: Option<String>,
}

/// A finding.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    /// Severity word.
    pub severity: &'static str,
    /// Severity colour family.
    pub tone: &'static str,
    /// What was observed.
    pub message: String,
    /// What to do about it, when the plugin said.
    pub remediation: Option<String>,
    /// The evidence used.
    pub evidence: Vec<EvidenceView>,
}

/// A piece of evidence: where it is in the dossier and where it came from. Sources are
/// shown as text only; they are never made into links.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceView {
    /// Path in the dossier.
    pub path: String,
    /// Whether the path names something in the dossier.
    pub found: bool,
    /// Where it came from.
    pub source: Option<String>,
    /// When it was observed.
    pub observed: Option<String>,
    /// The response it was collected from, e.g. `https://… · HTTP 200 · fetched 2026-11-30 09:00 UTC`.
    pub collected: Option<String>,
    /// The vendor answers it rests on, one line each.
    pub attested: Vec<String>,
}

/// What one plugin logged and printed.
#[derive(Debug, Clone, PartialEq)]
pub struct PluginOutputView {
    /// Plugin name.
    pub plugin: String,
    /// What it left, e.g. `3 log messages, 2 dropped at the limit`.
    pub summary: String,
    /// Log lines, `[level] message`.
    pub log: Vec<String>,
    /// How many were dropped at the limit, in words.
    pub dropped: Option<String>,
    /// Captured stdout.
    pub stdout: Option<String>,
    /// Captured stderr.
    pub stderr: Option<String>,
}

/// Exactly which inputs produced the scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct ProvenanceView {
    /// riskcard's version.
    pub riskcard_version: String,
    /// Assessment date.
    pub as_of: String,
    /// Rubric id and version.
    pub rubric: String,
    /// SHA-256 of the rubric file.
    pub rubric_sha256: String,
    /// SHA-256 of the dossier file.
    pub dossier_sha256: String,
    /// The plugins used.
    pub plugins: Vec<PluginRecord>,
    /// The collected evidence merged into the dossier, if any.
    pub collected: Option<CollectedView>,
    /// The waivers file given and each waiver applied, if a file was given.
    pub waivers: Option<WaiversView>,
}

/// The waivers file behind a scorecard and the waivers applied from it.
#[derive(Debug, Clone, PartialEq)]
pub struct WaiversView {
    /// SHA-256 of the waivers file.
    pub sha256: String,
    /// Each waiver applied: criterion id and the waiver in one line.
    pub used: Vec<(String, String)>,
}

/// A waiver in one line: its expiry, approval, reason and how it scores.
pub fn waiver_line(waiver: &WaiverApplied) -> String {
    let mut line = format!("waived until {}", waiver.expires);
    match (&waiver.approved_by, waiver.approved) {
        (Some(by), Some(on)) => line.push_str(&format!(", approved by {by} on {on}")),
        (Some(by), None) => line.push_str(&format!(", approved by {by}")),
        (None, Some(on)) => line.push_str(&format!(", approved on {on}")),
        (None, None) => {}
    }
    line.push_str(&format!(": {}", waiver.reason));
    if waiver.gate {
        line.push_str(" · lifts the required gate");
    }
    line.push_str(match waiver.counts {
        crate::rubric::WaiverPolicy::Exclude => " · left out of the score",
        crate::rubric::WaiverPolicy::CountAsPass => " · counted as a pass",
    });
    line
}

/// The collected-evidence file behind a scorecard and what was taken from it.
#[derive(Debug, Clone, PartialEq)]
pub struct CollectedView {
    /// SHA-256 of the collected-evidence file.
    pub sha256: String,
    /// Each collected fact used: its dossier path and the response it came from.
    pub facts: Vec<(String, String)>,
    /// Paths of collected facts the dossier already stated, so its value was used.
    pub superseded: Vec<String>,
}

/// A response a fact was collected from, in one line.
fn response(from: &CollectedFrom) -> String {
    format!(
        "{} · {} · fetched {} · sha256 {}",
        from.url,
        describe_origin(&from.url, from.http_status, from.outcome.as_deref()),
        format::instant(from.fetched_at),
        from.sha256
    )
}

impl From<&CollectedProvenance> for CollectedView {
    fn from(collected: &CollectedProvenance) -> Self {
        Self {
            sha256: collected.sha256.clone(),
            facts: collected.facts.iter().map(|fact| (fact.path.clone(), response(&fact.from))).collect(),
            superseded: collected.superseded.clone(),
        }
    }
}

/// A vendor answer in one line: `CAIQ v4.0.3 CEK-03.1 answered "Yes" (CAIQv4.0.3!C12 · file sha256 …)`.
fn answer(attestation: &Attestation) -> String {
    let mut line = attestation.questionnaire.clone();
    if let Some(version) = &attestation.version {
        line.push_str(&format!(" v{version}"));
    }
    if let Some(question) = &attestation.question {
        line.push_str(&format!(" {question}"));
    }
    if let Some(answer) = &attestation.answer {
        line.push_str(&format!(" answered \"{answer}\""));
    }
    let place: Vec<String> = [
        attestation.cell.clone(),
        attestation.rubric.as_ref().map(|rubric| format!("for rubric {rubric}")),
        attestation.recorded.map(|at| format!("recorded {}", format::instant(at))),
        attestation.sha256.as_ref().map(|sha256| format!("file sha256 {sha256}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !place.is_empty() {
        line.push_str(&format!(" ({})", place.join(" · ")));
    }
    line
}

fn attested_line(fact: &AttestedFact) -> String {
    format!("{}: {}", fact.path, answer(&fact.attestation))
}

fn evidence(reference: &EvidenceRef) -> EvidenceView {
    EvidenceView {
        path: reference.path.clone(),
        found: reference.found,
        source: reference.source.clone(),
        observed: reference.observed.map(|date| date.to_string()),
        collected: reference.collected.as_ref().map(response),
        attested: reference.attested.iter().map(attested_line).collect(),
    }
}

/// Why a gate that passed still failed, in words.
fn met_on(gate: &GateFailure) -> Option<String> {
    if gate.status != crate::assess::Status::Pass {
        return None;
    }
    Some(match gate.met_on {
        Some(EvidenceStrength::VendorAttested) => "met on the vendor's word only".to_owned(),
        Some(strength) => format!("met on {} evidence only", strength.label()),
        None => "met, but on no evidence whose strength riskcard can tell".to_owned(),
    })
}

fn contradiction(found: &Contradiction) -> ContradictionView {
    let mut other = format!("{} ({} evidence", found.stated, found.stated_by.label());
    if let Some(source) = &found.source {
        other.push_str(&format!(", source {source}"));
    }
    if let Some(observed) = found.observed {
        other.push_str(&format!(", observed {observed}"));
    }
    if let Some(from) = &found.collected {
        other.push_str(&format!(", collected from {}", response(from)));
    }
    other.push(')');
    ContradictionView {
        path: found.path.clone(),
        vendor: format!("{} — {}", found.claimed, answer(&found.attestation)),
        other,
        used: found.used.to_string(),
    }
}

fn findings(findings: &[FindingView]) -> Vec<FindingRow> {
    let mut sorted: Vec<&FindingView> = findings.iter().collect();
    sorted.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    sorted
        .into_iter()
        .map(|finding| FindingRow {
            severity: finding.severity.label(),
            tone: severity_tone(finding.severity).class(),
            message: finding.message.clone(),
            remediation: Some(finding.remediation.clone()).filter(|text| !text.trim().is_empty()),
            evidence: finding.evidence.iter().map(evidence).collect(),
        })
        .collect()
}

fn gate_failed(criterion: &CriterionResult, card: &Scorecard) -> bool {
    card.gates_failed.iter().any(|gate| gate.criterion == criterion.id)
}

fn criterion_row(criterion: &CriterionResult, card: &Scorecard) -> CriterionRow {
    CriterionRow {
        id: criterion.id.clone(),
        title: criterion.title.clone(),
        check: criterion.check.clone(),
        required: criterion.gate == Gate::Required,
        gate_failed: gate_failed(criterion, card),
        status: StatusView::of(criterion.status),
        score: criterion.score.map_or_else(|| "—".to_owned(), |score| score.to_string()),
        weight: format::number(criterion.weight),
        excluded_when_missing: criterion.on_missing == crate::rubric::OnMissing::Exclude,
        evidence: criterion.evidence.map(EvidenceStrength::label),
        evidence_required: criterion.evidence_required.map(EvidenceStrength::label),
        error: criterion.error.clone(),
        findings: findings(&criterion.findings),
        waiver: criterion.waiver.as_ref().map(waiver_line),
    }
}

fn log_level(level: LogLevel) -> &'static str {
    match level {
        LogLevel::Debug => "debug",
        LogLevel::Info => "info",
        LogLevel::Warn => "warn",
        LogLevel::Error => "error",
    }
}

fn findings_summary(card: &Scorecard) -> String {
    let all: Vec<_> = card.criteria.iter().flat_map(|c| &c.findings).map(|f| f.severity).collect();
    if all.is_empty() {
        return "no findings".to_owned();
    }
    let mut severities: Vec<_> = all.clone();
    severities.sort();
    severities.dedup();
    severities
        .iter()
        .rev()
        .map(|severity| format!("{} {}", all.iter().filter(|s| *s == severity).count(), severity.label()))
        .collect::<Vec<_>>()
        .join(" · ")
}

impl ScorecardView {
    /// The view of `card`.
    pub fn new(card: &Scorecard) -> Self {
        let as_of = card.as_of;
        let required = card.criteria.iter().filter(|c| c.gate == Gate::Required).count();
        let (gates_summary, gates_icon, gates_tone) = match (required, card.gates_failed.len()) {
            (0, _) => ("none in this rubric".to_owned(), "i-na", Tone::Neutral),
            (total, 0) => (format!("all {total} passed"), "i-pass", Tone::Good),
            (total, failed) => (format!("{failed} of {total} failed"), "i-fail", Tone::Bad),
        };
        let mut failed: Vec<&CriterionResult> = card.criteria.iter().filter(|c| gate_failed(c, card)).collect();
        failed.sort_by_key(|c| StatusView::rank(c.status));
        let failed_practices: Vec<Practice> = failed.iter().map(|c| c.practice).collect();
        let groups = card
            .practices
            .iter()
            .filter(|practice| practice.criteria > 0)
            .map(|practice| {
                let mut criteria: Vec<&CriterionResult> =
                    card.criteria.iter().filter(|c| c.practice == practice.practice).collect();
                criteria.sort_by_key(|c| StatusView::rank(c.status));
                PracticeGroup {
                    id: practice.practice.id(),
                    title: practice.title.clone(),
                    summary: format!(
                        "score {} · {} evidenced",
                        format::optional_score(practice.score),
                        format::optional_share(practice.coverage)
                    ),
                    rows: criteria.into_iter().map(|c| criterion_row(c, card)).collect(),
                }
            })
            .collect();
        let history = &card.history;
        Self {
            vendor_id: card.vendor.id.clone(),
            vendor_name: card.vendor.name.clone(),
            product: card.vendor.product.clone(),
            rubric_title: card.rubric.title.clone(),
            rubric: format!("{} {}", card.rubric.id, card.rubric.version),
            as_of: as_of.to_string(),
            grade: card.grade.clone(),
            grade_tone: Tone::of_grade(&card.grade).class(),
            score: format::score(card.score),
            score_tone: Tone::of_score(card.score).class(),
            score_meter: card.score.clamp(0.0, 100.0),
            coverage: format::share(card.coverage),
            coverage_meter: super::axis::round(card.coverage * 100.0).clamp(0.0, 100.0),
            risk_tier: card.risk_tier.clone(),
            risk_tone: Tone::of_risk(&card.risk_tier).class(),
            gates_summary,
            gates_icon,
            gates_tone: gates_tone.class(),
            findings_count: card.criteria.iter().map(|c| c.findings.len()).sum(),
            failed_gates: failed
                .iter()
                .map(|c| GateView {
                    criterion: c.id.clone(),
                    title: c.title.clone(),
                    practice: c.practice.title().to_owned(),
                    status: StatusView::of(c.status),
                    error: c.error.clone(),
                    met_on: card.gates_failed.iter().find(|gate| gate.criterion == c.id).and_then(met_on),
                    findings: findings(&c.findings),
                })
                .collect(),
            caps: card.grade_capped_by.clone(),
            contradictions: card.contradictions.iter().map(contradiction).collect(),
            practices: PracticeChart::new(&card.practices, &failed_practices),
            findings_summary: findings_summary(card),
            groups,
            certifications: history.certifications.as_ref().map(|certs| certification_rows(certs, as_of)),
            certification_timeline: history
                .certifications
                .as_ref()
                .filter(|certs| !certs.is_empty())
                .map(|certs| CertificationTimeline::new(certs, as_of)),
            incidents: history.incidents.as_ref().map(|incidents| incident_rows(incidents)),
            incident_timeline: history
                .incidents
                .as_ref()
                .filter(|incidents| !incidents.is_empty())
                .map(|incidents| IncidentTimeline::new(incidents, as_of)),
            availability: history.availability.as_ref().map(AvailabilityChart::new),
            availability_source: history.availability.as_ref().map(|record| EvidenceView {
                path: "availability".to_owned(),
                found: true,
                source: record.source.clone(),
                observed: record.observed.map(|date| date.to_string()),
                collected: None,
                attested: Vec::new(),
            }),
            plugin_output: card
                .plugin_output
                .iter()
                .map(|output| PluginOutputView {
                    plugin: output.plugin.clone(),
                    summary: format::plural(output.log.len(), "log message", "log messages"),
                    log: output
                        .log
                        .iter()
                        .map(|line| format!("[{}] {}", log_level(line.level), line.message))
                        .collect(),
                    dropped: (output.log_dropped > 0).then(|| {
                        format!("{} dropped at the limit", format::plural(output.log_dropped, "message", "messages"))
                    }),
                    stdout: Some(output.stdout.clone()).filter(|text| !text.is_empty()),
                    stderr: Some(output.stderr.clone()).filter(|text| !text.is_empty()),
                })
                .collect(),
            provenance: ProvenanceView {
                riskcard_version: card.provenance.riskcard_version.clone(),
                as_of: card.provenance.as_of.to_string(),
                rubric: format!("{} {}", card.provenance.rubric.id, card.provenance.rubric.version),
                rubric_sha256: card.provenance.rubric.sha256.clone(),
                dossier_sha256: card.provenance.dossier_sha256.clone(),
                plugins: card.provenance.plugins.clone(),
                collected: card.provenance.collected.as_ref().map(CollectedView::from),
                waivers: card.provenance.waivers.as_ref().map(|waivers| WaiversView {
                    sha256: waivers.sha256.clone(),
                    used: waivers.used.iter().map(|w| (w.criterion.clone(), waiver_line(w))).collect(),
                }),
            },
            trend: None,
        }
    }
}
