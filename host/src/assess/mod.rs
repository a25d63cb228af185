//! Scoring: turns a rubric and the plugins' outcomes for one vendor into a scorecard —
//! criterion scores, the weighted overall score, coverage, gates, the seven practices,
//! grade and risk tier — with the provenance of every input.

mod evidence;
mod history;
mod scorecard;
mod strength;

pub use scorecard::*;

use crate::dossier::{Date, FactOrigin, LoadedDossier};
use crate::practice::Practice;
use crate::reads::Reads;
use crate::rubric::{Gate, OnMissing, Rubric, WaiverPolicy};
use crate::runtime::{self, CriterionOutcome, PluginRun};
use crate::waiver::Waivers;

/// Everything about the run that is the same for every vendor.
#[derive(Debug, Clone)]
pub struct RunContext {
    /// The assessment date.
    pub as_of: Date,
    /// The loaded plugins, for provenance.
    pub plugins: Vec<PluginRecord>,
    /// Check titles by `plugin/check-id`.
    pub check_titles: std::collections::BTreeMap<String, String>,
    /// What each check reads, by `plugin/check-id`: a clean pass rests on those sections.
    pub check_reads: std::collections::BTreeMap<String, Reads>,
    /// Approved exceptions, when a waivers file was given.
    pub waivers: Option<Waivers>,
}

/// How one criterion counts.
struct Counted {
    weight: f64,
    /// Weight that enters the score's denominator, and the score it brings.
    scored: Option<f64>,
    /// Whether the weight had evidence.
    evidenced: bool,
    applicable: bool,
}

fn count(criterion: &CriterionResult) -> Counted {
    let evaluated = matches!(criterion.status, Status::Pass | Status::Partial | Status::Fail);
    let applicable = criterion.status != Status::NotApplicable;
    let weight = criterion.weight;
    match criterion.waiver.as_ref().map(|waiver| waiver.counts) {
        Some(WaiverPolicy::Exclude) => return Counted { weight, scored: None, evidenced: false, applicable: false },
        Some(WaiverPolicy::CountAsPass) => {
            return Counted { weight, scored: Some(100.0), evidenced: evaluated, applicable };
        }
        None => {}
    }
    let scored = if evaluated {
        Some(f64::from(criterion.score.unwrap_or(0)))
    } else if applicable && criterion.on_missing == OnMissing::Zero {
        Some(0.0)
    } else {
        None
    };
    Counted { weight: criterion.weight, scored, evidenced: evaluated, applicable }
}

/// Weighted score (0–100) and coverage (0–1) of `criteria`; `None` where no weight counts.
fn aggregate<'a>(criteria: impl Iterator<Item = &'a CriterionResult>) -> (Option<f64>, Option<f64>) {
    let (mut scored_weight, mut points, mut applicable_weight, mut evidenced_weight) = (0.0, 0.0, 0.0, 0.0);
    for counted in criteria.map(count) {
        if let Some(score) = counted.scored {
            scored_weight += counted.weight;
            points += counted.weight * score;
        }
        if counted.applicable {
            applicable_weight += counted.weight;
        }
        if counted.evidenced {
            evidenced_weight += counted.weight;
        }
    }
    let score = (scored_weight > 0.0).then(|| round_to(points / scored_weight, 1));
    let coverage = (applicable_weight > 0.0).then(|| round_to(evidenced_weight / applicable_weight, 3));
    (score, coverage)
}

/// The points of the overall score each criterion brought, in rubric order: its weight
/// times its score over the total weight that entered the score (waivers and missing
/// evidence counted as the rubric says). They add up to the overall score.
pub fn contributions(card: &Scorecard) -> Vec<(String, f64)> {
    let counted: Vec<Counted> = card.criteria.iter().map(count).collect();
    let total: f64 = counted.iter().filter(|c| c.scored.is_some()).map(|c| c.weight).sum();
    card.criteria
        .iter()
        .zip(counted)
        .map(|(criterion, counted)| {
            let points = counted.scored.filter(|_| total > 0.0).map_or(0.0, |score| counted.weight * score / total);
            (criterion.id.clone(), points)
        })
        .collect()
}

fn round_to(value: f64, decimals: i32) -> f64 {
    let factor = 10f64.powi(decimals);
    (value * factor).round() / factor
}

fn status(outcome: Option<&CriterionOutcome>) -> (Status, Option<u8>, Option<String>, Vec<runtime::Finding>) {
    match outcome {
        Some(CriterionOutcome::Evaluated(evaluation)) => {
            let status = match evaluation.status {
                runtime::Status::Pass => Status::Pass,
                runtime::Status::Partial => Status::Partial,
                runtime::Status::Fail => Status::Fail,
                runtime::Status::NotApplicable => Status::NotApplicable,
                runtime::Status::InsufficientEvidence => Status::InsufficientEvidence,
            };
            let score = matches!(status, Status::Pass | Status::Partial | Status::Fail).then_some(evaluation.score);
            (status, score, None, evaluation.findings.clone())
        }
        Some(CriterionOutcome::Failed(reason)) => (Status::Error, None, Some(reason.clone()), Vec::new()),
        None => (Status::Error, None, Some("no plugin evaluated this criterion".to_owned()), Vec::new()),
    }
}

fn severity(severity: runtime::Severity) -> Severity {
    match severity {
        runtime::Severity::Info => Severity::Info,
        runtime::Severity::Low => Severity::Low,
        runtime::Severity::Medium => Severity::Medium,
        runtime::Severity::High => Severity::High,
        runtime::Severity::Critical => Severity::Critical,
    }
}

fn collected_from(origin: &FactOrigin) -> CollectedFrom {
    CollectedFrom {
        url: origin.url.clone(),
        fetched_at: origin.fetched_at,
        http_status: origin.http_status,
        outcome: origin.outcome.clone(),
        sha256: origin.sha256.clone(),
    }
}

/// Scores one vendor.
pub fn score(rubric: &Rubric, loaded: &LoadedDossier, runs: &[PluginRun], context: &RunContext) -> Scorecard {
    let dossier = &loaded.dossier;
    let mut criteria: Vec<CriterionResult> = rubric
        .criteria
        .iter()
        .map(|criterion| {
            let outcome =
                runs.iter().find(|run| run.plugin == criterion.plugin).and_then(|run| run.outcomes.get(&criterion.id));
            let (status, score, error, findings) = status(outcome);
            let check = format!("{}/{}", criterion.plugin, criterion.check);
            CriterionResult {
                id: criterion.id.clone(),
                title: criterion
                    .title
                    .clone()
                    .or_else(|| context.check_titles.get(&check).cloned())
                    .unwrap_or_else(|| check.clone()),
                practice: criterion.practice,
                check,
                weight: criterion.weight,
                gate: criterion.gate,
                on_missing: criterion.on_missing,
                status,
                score,
                error,
                findings: findings
                    .into_iter()
                    .map(|finding| FindingView {
                        severity: severity(finding.severity),
                        message: finding.message,
                        remediation: finding.remediation,
                        evidence: finding
                            .evidence
                            .into_iter()
                            .map(|path| {
                                let (source, observed) = dossier.provenance(&path).unwrap_or((None, None));
                                EvidenceRef {
                                    found: dossier.provenance(&path).is_some(),
                                    source: source.map(str::to_owned),
                                    observed,
                                    collected: dossier.collected_origin(&path).map(collected_from),
                                    strength: dossier.strength(&path),
                                    attested: strength::attested(dossier, &path),
                                    path,
                                }
                            })
                            .collect(),
                    })
                    .collect(),
                waiver: None,
                evidence: None,
                evidence_required: criterion.evidence,
            }
        })
        .map(|mut result: CriterionResult| {
            let cited: Vec<&EvidenceRef> = result.findings.iter().flat_map(|finding| &finding.evidence).collect();
            result.evidence = strength::criterion_strength(dossier, context.check_reads.get(&result.check), &cited);
            result
        })
        .collect();
    let mut waivers_used = Vec::new();
    if let Some(waivers) = &context.waivers {
        for criterion in criteria.iter_mut().filter(|c| !matches!(c.status, Status::Pass | Status::NotApplicable)) {
            if let Some(waiver) = waivers.find(&dossier.vendor.id, &criterion.id, context.as_of) {
                let applied = WaiverApplied {
                    criterion: criterion.id.clone(),
                    reason: waiver.reason.clone(),
                    approved_by: waiver.approved_by.clone(),
                    approved: waiver.approved,
                    expires: waiver.expires,
                    gate: waiver.gate,
                    counts: rubric.waivers,
                };
                waivers_used.push(applied.clone());
                criterion.waiver = Some(applied);
            }
        }
    }
    // The dossier as JSON, made once per vendor for every look-up of a cited path.
    let tree = serde_json::to_value(dossier).unwrap_or(serde_json::Value::Null);
    let evidence = evidence::cited(dossier, &tree, &criteria);
    let (overall, coverage) = aggregate(criteria.iter());
    let score = overall.unwrap_or(0.0);
    let coverage = coverage.unwrap_or(0.0);
    let gates_failed: Vec<GateFailure> = criteria
        .iter()
        .filter(|c| c.gate == Gate::Required && c.waiver.is_none())
        .filter_map(|c| {
            let failure =
                |met_on| GateFailure { criterion: c.id.clone(), title: c.title.clone(), status: c.status, met_on };
            match c.status {
                Status::NotApplicable => None,
                Status::Pass => {
                    let weak =
                        c.evidence_required.is_some_and(|required| c.evidence.is_none_or(|found| found < required));
                    weak.then(|| failure(c.evidence))
                }
                _ => Some(failure(None)),
            }
        })
        .collect();
    let mut caps = Vec::new();
    if !gates_failed.is_empty() {
        caps.push(format!("{} required gate(s) failed", gates_failed.len()));
    }
    if coverage < rubric.min_coverage {
        caps.push(format!(
            "coverage {:.0}% is below the rubric's minimum of {:.0}%",
            coverage * 100.0,
            rubric.min_coverage * 100.0
        ));
    }
    let lowest = rubric.grades.last().map(|band| band.grade.clone()).unwrap_or_default();
    let grade = if caps.is_empty() {
        rubric.grades.iter().find(|band| score >= band.min_score).map_or(lowest, |band| band.grade.clone())
    } else {
        lowest
    };
    let highest_risk = rubric.risk_tiers.last().map(|tier| tier.tier.clone()).unwrap_or_default();
    let risk_tier = if gates_failed.is_empty() {
        rubric
            .risk_tiers
            .iter()
            .find(|tier| score >= tier.min_score && coverage >= tier.min_coverage)
            .map_or(highest_risk, |tier| tier.tier.clone())
    } else {
        highest_risk
    };
    let practices = Practice::ALL
        .iter()
        .map(|practice| {
            let mine: Vec<&CriterionResult> = criteria.iter().filter(|c| c.practice == *practice).collect();
            let (score, coverage) = aggregate(mine.iter().copied());
            PracticeResult {
                practice: *practice,
                title: practice.title().to_owned(),
                criteria: mine.len(),
                weight: mine.iter().fold(0.0, |total, c| total + c.weight),
                score,
                coverage,
            }
        })
        .collect();
    Scorecard {
        schema_version: SCHEMA_VERSION,
        vendor: VendorView {
            id: dossier.vendor.id.clone(),
            name: dossier.vendor.name.clone(),
            product: dossier.vendor.product.clone(),
        },
        rubric: RubricView { id: rubric.id.clone(), version: rubric.version.to_string(), title: rubric.title.clone() },
        as_of: context.as_of,
        score,
        grade,
        coverage,
        risk_tier,
        grade_capped_by: caps,
        gates_failed,
        practices,
        criteria,
        history: history::history(dossier),
        evidence,
        contradictions: strength::contradictions(dossier, &tree),
        plugin_output: runs
            .iter()
            .filter(|run| {
                !run.captured.log.is_empty()
                    || !run.captured.stdout.is_empty()
                    || !run.captured.stderr.is_empty()
                    || run.captured.log_dropped > 0
            })
            .map(|run| PluginOutput {
                plugin: run.plugin.clone(),
                log: run
                    .captured
                    .log
                    .iter()
                    .map(|line| LogView { level: line.level, message: line.message.clone() })
                    .collect(),
                log_dropped: run.captured.log_dropped,
                stdout: run.captured.stdout.clone(),
                stderr: run.captured.stderr.clone(),
            })
            .collect(),
        provenance: Provenance {
            riskcard_version: env!("CARGO_PKG_VERSION").to_owned(),
            as_of: context.as_of,
            rubric: RubricProvenance {
                id: rubric.id.clone(),
                version: rubric.version.to_string(),
                sha256: rubric.sha256.clone(),
            },
            dossier_sha256: loaded.sha256.clone(),
            collected: dossier.collected.as_ref().map(|collected| CollectedProvenance {
                sha256: collected.sha256.clone(),
                facts: collected
                    .merged
                    .iter()
                    .map(|(path, origin)| CollectedFact { path: path.clone(), from: collected_from(origin) })
                    .collect(),
                superseded: collected.superseded.clone(),
                extra_ca_sha256: collected.extra_ca_sha256.clone(),
            }),
            plugins: context.plugins.clone(),
            waivers: context
                .waivers
                .as_ref()
                .map(|waivers| WaiversProvenance { sha256: waivers.sha256.clone(), used: waivers_used }),
        },
    }
}

#[cfg(test)]
mod tests;
