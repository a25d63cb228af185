//! The plain-text summary table printed after `assess`.

use crate::assess::Scorecard;

/// One line per vendor: id, grade, score, coverage, risk tier and failed gates.
pub fn summary_table(scorecards: &[Scorecard]) -> String {
    let width = scorecards.iter().map(|card| card.vendor.id.len()).max().unwrap_or(6).max(6);
    let mut out = format!(
        "{:<width$}  {:>5}  {:>5}  {:>8}  {:<10}  gates failed\n",
        "vendor", "grade", "score", "coverage", "risk"
    );
    for card in scorecards {
        let gates = if card.gates_failed.is_empty() {
            "-".to_owned()
        } else {
            card.gates_failed.iter().map(|gate| gate.criterion.as_str()).collect::<Vec<_>>().join(", ")
        };
        out.push_str(&format!(
            "{:<width$}  {:>5}  {:>5.1}  {:>7.0}%  {:<10}  {}\n",
            card.vendor.id,
            card.grade,
            card.score,
            card.coverage * 100.0,
            card.risk_tier,
            gates
        ));
    }
    out
}
