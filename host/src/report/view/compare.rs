//! The comparison of several vendors: a ranking, and a practices × vendors matrix with
//! failed gates marked.

use std::collections::BTreeSet;

use super::{Tone, format};
use crate::assess::Scorecard;
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

/// The order of the ranking: gates passed first, then higher score, then higher
/// coverage, then vendor id so the order is total.
fn ranked(cards: &[Scorecard]) -> Vec<&Scorecard> {
    let mut ranked: Vec<&Scorecard> = cards.iter().collect();
    ranked.sort_by(|a, b| {
        (!a.gates_failed.is_empty())
            .cmp(&!b.gates_failed.is_empty())
            .then(b.score.total_cmp(&a.score))
            .then(b.coverage.total_cmp(&a.coverage))
            .then_with(|| a.vendor.id.cmp(&b.vendor.id))
    });
    ranked
}

impl CompareView {
    /// The comparison of `cards`; each vendor's scorecard is at `{link_prefix}{id}.html`.
    pub fn new(cards: &[Scorecard], link_prefix: &str) -> Self {
        let ranked = ranked(cards);
        let rubrics: BTreeSet<String> = cards
            .iter()
            .map(|card| format!("{} ({} {})", card.rubric.title, card.rubric.id, card.rubric.version))
            .collect();
        let as_of: BTreeSet<String> = cards.iter().map(|card| card.as_of.to_string()).collect();
        let rows = ranked
            .iter()
            .enumerate()
            .map(|(index, card)| CompareRow {
                rank: index + 1,
                name: card.vendor.name.clone(),
                id: card.vendor.id.clone(),
                href: format!("{link_prefix}{}.html", card.vendor.id),
                grade: card.grade.clone(),
                grade_tone: Tone::of_grade(&card.grade).class(),
                score: format::score(card.score),
                score_tone: Tone::of_score(card.score).class(),
                score_meter: card.score.clamp(0.0, 100.0),
                coverage: format::share(card.coverage),
                risk_tier: card.risk_tier.clone(),
                risk_tone: Tone::of_risk(&card.risk_tier).class(),
                gates_failed: card.gates_failed.iter().map(|gate| gate.title.clone()).collect(),
                gates_failed_count: format!("{} failed", card.gates_failed.len()),
                as_of: card.as_of.to_string(),
            })
            .collect();
        let matrix = Practice::ALL
            .iter()
            .map(|practice| {
                let results: Vec<_> =
                    ranked.iter().map(|card| (card, card.practices.iter().find(|p| p.practice == *practice))).collect();
                let scores: Vec<f64> = results.iter().filter_map(|(_, result)| result.and_then(|r| r.score)).collect();
                let best = (scores.len() > 1).then(|| scores.iter().copied().fold(f64::MIN, f64::max));
                MatrixRow {
                    title: practice.title().to_owned(),
                    cells: results
                        .iter()
                        .map(|(card, result)| {
                            let score = result.and_then(|r| r.score);
                            CompareCell {
                                assessed: result.is_some_and(|r| r.criteria > 0),
                                score: format::optional_score(score),
                                coverage: format::optional_share(result.and_then(|r| r.coverage)),
                                meter: score.unwrap_or(0.0).clamp(0.0, 100.0),
                                tone: score.map_or(Tone::Neutral, Tone::of_score).class(),
                                gate_failed: card.gates_failed.iter().any(|gate| {
                                    card.criteria.iter().any(|c| c.id == gate.criterion && c.practice == *practice)
                                }),
                                best: score.is_some() && score == best,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        Self {
            heading: format!("{} side by side", format::plural(cards.len(), "vendor", "vendors")),
            mixed_rubrics: rubrics.len() > 1,
            rubrics: rubrics.into_iter().collect(),
            as_of: as_of.into_iter().collect(),
            ranking_rule: RANKING_RULE,
            rows,
            matrix,
        }
    }
}
