//! The plain-text summary table printed after `assess`, built from one small row per
//! vendor so a large portfolio's scorecards need not stay in memory.

use crate::assess::Scorecard;

/// What the summary shows of one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// Vendor id.
    pub vendor: String,
    /// Grade.
    pub grade: String,
    /// Overall score, 0–100.
    pub score: f64,
    /// Share of applicable weight with evidence, 0–1.
    pub coverage: f64,
    /// Risk tier.
    pub risk_tier: String,
    /// The criteria whose required gates failed.
    pub gates_failed: Vec<String>,
}

impl From<&Scorecard> for SummaryRow {
    fn from(card: &Scorecard) -> Self {
        Self {
            vendor: card.vendor.id.clone(),
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            gates_failed: card.gates_failed.iter().map(|gate| gate.criterion.clone()).collect(),
        }
    }
}

/// One line per vendor: id, grade, score, coverage, risk tier and failed gates.
pub fn summary_table(rows: &[SummaryRow]) -> String {
    let width = rows.iter().map(|row| row.vendor.len()).max().unwrap_or(6).max(6);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>5}  {:>8}  {:<10}  gates failed\n",
        "vendor", "grade", "score", "coverage", "risk"
    );
    for row in rows {
        let gates = if row.gates_failed.is_empty() { "-".to_owned() } else { row.gates_failed.join(", ") };
        out.push_str(&format!(
            "{:<width$}  {:>5}  {:>5.1}  {:>7.0}%  {:<10}  {}\n",
            row.vendor,
            row.grade,
            row.score,
            row.coverage * 100.0,
            row.risk_tier,
            gates
        ));
    }
    out
}
