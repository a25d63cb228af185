//! The summary table printed after `assess`: one line per vendor, built from one small
//! row per scorecard so a large portfolio's scorecards need not stay in memory. Grades,
//! risk tiers and failed gates carry ANSI colour; the command line's output stream strips
//! it unless stdout is a terminal and `NO_COLOR` is unset, so the words alone must say it all.

use anstyle::{AnsiColor, Style};

use super::view::Tone;
use crate::assess::Scorecard;
use crate::terminal::visible;

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
    /// The criteria a waiver let stand, with each waiver's expiry.
    pub waived: Vec<(String, crate::dossier::Date)>,
    /// The criteria whose plugin failed (status `error`): the scorecard says why.
    pub errored: Vec<String>,
}

impl From<&Scorecard> for SummaryRow {
    fn from(card: &Scorecard) -> Self {
        Self {
            vendor: card.vendor.id.clone(),
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            gates_failed: card
                .gates_failed
                .iter()
                .map(|gate| match gate.met_on {
                    Some(crate::dossier::EvidenceStrength::VendorAttested) => {
                        format!("{} (met on the vendor's word only)", gate.criterion)
                    }
                    Some(strength) => format!("{} (met on {} evidence only)", gate.criterion, strength.label()),
                    None => gate.criterion.clone(),
                })
                .collect(),
            waived: card
                .criteria
                .iter()
                .filter_map(|c| c.waiver.as_ref().map(|waiver| (c.id.clone(), waiver.expires)))
                .collect(),
            errored: card
                .criteria
                .iter()
                .filter(|c| c.status == crate::assess::Status::Error)
                .map(|c| c.id.clone())
                .collect(),
        }
    }
}

fn style(tone: Tone) -> Style {
    let colour = |c: AnsiColor| Style::new().fg_color(Some(c.into()));
    match tone {
        Tone::Good => colour(AnsiColor::Green),
        Tone::Fair | Tone::Poor => colour(AnsiColor::Yellow),
        Tone::Bad => colour(AnsiColor::Red).bold(),
        Tone::Neutral => Style::new(),
    }
}

/// `text` padded to `width` (right-aligned when `right`), in `style`.
fn cell(text: &str, width: usize, right: bool, style: Style) -> String {
    let padded = if right { format!("{text:>width$}") } else { format!("{text:<width$}") };
    format!("{style}{padded}{style:#}")
}

/// One line per vendor: id, grade, score, coverage, risk tier and failed gates, with
/// ANSI colour on the grade, the risk tier and the failed gates.
pub fn summary_table(rows: &[SummaryRow]) -> String {
    let shown = |text: &str| visible(text).into_owned();
    let width = rows.iter().map(|row| shown(&row.vendor).chars().count()).max().unwrap_or(6).max(6);
    let risk_width = rows.iter().map(|row| shown(&row.risk_tier).chars().count()).max().unwrap_or(4).max(10);
    let bold = Style::new().bold();
    let mut out = format!(
        "{bold}{:<width$}  {:>5}  {:>5}  {:>8}  {:<risk_width$}  gates failed{bold:#}\n",
        "vendor", "grade", "score", "coverage", "risk"
    );
    for row in rows {
        let gates = if row.gates_failed.is_empty() {
            "-".to_owned()
        } else {
            cell(&shown(&row.gates_failed.join(", ")), 0, false, style(Tone::Bad))
        };
        let waived: String = row
            .waived
            .iter()
            .map(|(criterion, expires)| format!("  (waived: {} until {expires})", shown(criterion)))
            .collect();
        let errored = match row.errored.as_slice() {
            [] => String::new(),
            ids => cell(
                &format!("  (errored: {} — a plugin failed; see `error` in the scorecard)", shown(&ids.join(", "))),
                0,
                false,
                style(Tone::Bad),
            ),
        };
        out.push_str(&format!(
            "{:<width$}  {}  {:>5.1}  {:>8}  {}  {}{}{errored}\n",
            shown(&row.vendor),
            cell(&shown(&row.grade), 5, true, style(Tone::of_grade(&row.grade)).bold()),
            row.score,
            super::view::format::share(row.coverage),
            cell(&shown(&row.risk_tier), risk_width, false, style(Tone::of_risk(&row.risk_tier))),
            gates,
            waived
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_never_carries_meaning_alone() {
        let card = crate::report::view::tests::hostile();
        let table = summary_table(&[SummaryRow::from(&card)]);
        assert!(table.contains("\u{1b}["), "the table is styled: {table:?}");
        let plain = anstream::adapter::strip_str(&table).to_string();
        assert!(!plain.contains('\u{1b}'));
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "vendor            grade  score  coverage  risk        gates failed");
        assert_eq!(lines[1], "hostile-payloads      F   20.0      100%  high        iso27001");
    }
}
