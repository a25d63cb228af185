//! The comparison of several vendors: a ranking, and a practices × vendors matrix with
//! failed gates marked.

use std::collections::BTreeSet;

use super::{Tone, format};
use crate::assess::{PracticeResult, Scorecard};
use crate::practice::Practice;

/// How vendors are ranked, in words for the page.
pub const RANKING_RULE: &str =
    "Vendors whose required gates all passed rank first; then by overall score, then by coverage.";

/// Everything the comparison page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareView {
    /// e.g. `5 vendors side by side`.
    pub heading: String,
    /// Whether the scorecards were made with different rubrics.
    pub mixed_rubrics: bool,
    /// The rubrics used, e.g. `Cloud CRM baseline (crm-baseline 0.1.0)`.
    pub rubrics: Vec<String>,
    /// The assessment dates used.
    pub as_of: Vec<String>,
    /// How vendors are ranked.
    pub ranking_rule: &'static str,
    /// Vendors, best first.
    pub rows: Vec<CompareRow>,
    /// Practices × vendors, vendors in rank order.
    pub matrix: Vec<MatrixRow>,
}

/// One vendor in the ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRow {
    /// 1 for the best.
    pub rank: usize,
    /// Vendor name.
    pub name: String,
    /// Vendor id.
    pub id: String,
    /// Relative link to the vendor's scorecard.
    pub href: String,
    /// Grade.
    pub grade: String,
    /// Grade colour family.
    pub grade_tone: &'static str,
    /// Score, e.g. `87.4`.
    pub score: String,
    /// Score colour family.
    pub score_tone: &'static str,
    /// Score as a share of the meter, 0–100.
    pub score_meter: f64,
    /// Coverage, e.g. `100%`.
    pub coverage: String,
    /// Risk tier.
    pub risk_tier: String,
    /// Risk colour family.
    pub risk_tone: &'static str,
    /// Titles of the failed required gates.
    pub gates_failed: Vec<String>,
    /// How many failed, e.g. `2 failed`.
    pub gates_failed_count: String,
    /// Assessment date.
    pub as_of: String,
    /// The movement since the previous assessment, when known.
    pub movement: Option<String>,
}

/// One practice across the vendors.
#[derive(Debug, Clone, PartialEq)]
pub struct MatrixRow {
    /// Practice title.
    pub title: String,
    /// One cell per vendor, in rank order.
    pub cells: Vec<CompareCell>,
}

/// One practice of one vendor.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareCell {
    /// Whether any criterion counts towards the practice.
    pub assessed: bool,
    /// Score, or an em dash.
    pub score: String,
    /// Coverage, or an em dash.
    pub coverage: String,
    /// Score as a share of the meter, 0–100.
    pub meter: f64,
    /// Colour family.
    pub tone: &'static str,
    /// A required gate of this practice failed.
    pub gate_failed: bool,
    /// The highest score in the row, among two or more assessed vendors.
    pub best: bool,
}

/// What the comparison shows of one scorecard, small enough to keep for every vendor of
/// a large portfolio while the scorecards themselves are written and dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareEntry {
    /// Vendor id.
    pub id: String,
    /// Vendor name.
    pub name: String,
    /// The rubric used, e.g. `Cloud CRM baseline (crm-baseline 0.1.0)`.
    pub rubric: String,
    /// Assessment date.
    pub as_of: String,
    /// Grade.
    pub grade: String,
    /// Overall score, 0–100.
    pub score: f64,
    /// Share of applicable weight with evidence, 0–1.
    pub coverage: f64,
    /// Risk tier.
    pub risk_tier: String,
    /// Titles of the failed required gates.
    pub gates_failed: Vec<String>,
    /// The results per practice.
    pub practices: Vec<PracticeResult>,
    /// The practices with a failed required gate.
    pub gate_practices: Vec<Practice>,
    /// The movement since the vendor's previous assessment, when history was given,
    /// e.g. `since 2026-08-31: B → A, +3.2`.
    pub movement: Option<String>,
}

impl From<&Scorecard> for CompareEntry {
    fn from(card: &Scorecard) -> Self {
        Self {
            id: card.vendor.id.clone(),
            name: card.vendor.name.clone(),
            rubric: format!("{} ({} {})", card.rubric.title, card.rubric.id, card.rubric.version),
            as_of: card.as_of.to_string(),
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            gates_failed: card.gates_failed.iter().map(|gate| gate.title.clone()).collect(),
            practices: card.practices.clone(),
            gate_practices: Practice::ALL
                .iter()
                .copied()
                .filter(|practice| {
                    card.gates_failed
                        .iter()
                        .any(|gate| card.criteria.iter().any(|c| c.id == gate.criterion && c.practice == *practice))
                })
                .collect(),
            movement: None,
        }
    }
}

/// The order of the ranking: gates passed first, then higher score, then higher
/// coverage, then vendor id so the order is total.
fn ranked(entries: &[CompareEntry]) -> Vec<&CompareEntry> {
    let mut ranked: Vec<&CompareEntry> = entries.iter().collect();
    ranked.sort_by(|a, b| {
        (!a.gates_failed.is_empty())
            .cmp(&!b.gates_failed.is_empty())
            .then(b.score.total_cmp(&a.score))
            .then(b.coverage.total_cmp(&a.coverage))
            .then_with(|| a.id.cmp(&b.id))
    });
    ranked
}

impl CompareView {
    /// The comparison of `entries`; `link` gives the link to a vendor's scorecard from its id.
    pub fn new(entries: &[CompareEntry], link: &dyn Fn(&str) -> String) -> Self {
        let ranked = ranked(entries);
        let rubrics: BTreeSet<String> = entries.iter().map(|entry| entry.rubric.clone()).collect();
        let as_of: BTreeSet<String> = entries.iter().map(|entry| entry.as_of.clone()).collect();
        let rows = ranked
            .iter()
            .enumerate()
            .map(|(index, entry)| CompareRow {
                rank: index + 1,
                name: entry.name.clone(),
                id: entry.id.clone(),
                href: link(&entry.id),
                grade: entry.grade.clone(),
                grade_tone: Tone::of_grade(&entry.grade).class(),
                score: format::score(entry.score),
                score_tone: Tone::of_score(entry.score).class(),
                score_meter: entry.score.clamp(0.0, 100.0),
                coverage: format::share(entry.coverage),
                risk_tier: entry.risk_tier.clone(),
                risk_tone: Tone::of_risk(&entry.risk_tier).class(),
                gates_failed: entry.gates_failed.clone(),
                gates_failed_count: format!("{} failed", entry.gates_failed.len()),
                as_of: entry.as_of.clone(),
                movement: entry.movement.clone(),
            })
            .collect();
        let matrix = Practice::ALL
            .iter()
            .map(|practice| {
                let results: Vec<_> = ranked
                    .iter()
                    .map(|entry| (entry, entry.practices.iter().find(|p| p.practice == *practice)))
                    .collect();
                let scores: Vec<f64> = results.iter().filter_map(|(_, result)| result.and_then(|r| r.score)).collect();
                let best = (scores.len() > 1).then(|| scores.iter().copied().fold(f64::MIN, f64::max));
                MatrixRow {
                    title: practice.title().to_owned(),
                    cells: results
                        .iter()
                        .map(|(entry, result)| {
                            let score = result.and_then(|r| r.score);
                            CompareCell {
                                assessed: result.is_some_and(|r| r.criteria > 0),
                                score: format::optional_score(score),
                                coverage: format::optional_share(result.and_then(|r| r.coverage)),
                                meter: score.unwrap_or(0.0).clamp(0.0, 100.0),
                                tone: score.map_or(Tone::Neutral, Tone::of_score).class(),
                                gate_failed: entry.gate_practices.contains(practice),
                                best: score.is_some() && score == best,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Self {
            heading: format!("{} side by side", format::plural(entries.len(), "vendor", "vendors")),
            mixed_rubrics: rubrics.len() > 1,
            rubrics: rubrics.into_iter().collect(),
            as_of: as_of.into_iter().collect(),
            ranking_rule: RANKING_RULE,
            rows,
            matrix,
        }
    }
}
