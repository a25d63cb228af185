//! The summary table printed after `assess`: one line per vendor. Grades, risk tiers and
//! failed gates carry ANSI colour; the command line's output stream strips it unless
//! stdout is a terminal and `NO_COLOR` is unset, so the words alone must say it all.

use anstyle::{AnsiColor, Style};

use super::view::Tone;
use crate::assess::Scorecard;

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
pub fn summary_table(scorecards: &[Scorecard]) -> String {
    let width = scorecards.iter().map(|card| card.vendor.id.len()).max().unwrap_or(6).max(6);
    let risk_width = scorecards.iter().map(|card| card.risk_tier.len()).max().unwrap_or(4).max(10);
    let bold = Style::new().bold();
    let mut out = format!(
        "{bold}{:<width$}  {:>5}  {:>5}  {:>8}  {:<risk_width$}  gates failed{bold:#}\n",
        "vendor", "grade", "score", "coverage", "risk"
    );
    for card in scorecards {
        let gates = if card.gates_failed.is_empty() {
            "-".to_owned()
        } else {
            let names = card.gates_failed.iter().map(|gate| gate.criterion.as_str()).collect::<Vec<_>>().join(", ");
            cell(&names, 0, false, style(Tone::Bad))
        };
        out.push_str(&format!(
            "{:<width$}  {}  {:>5.1}  {:>8}  {}  {}\n",
            card.vendor.id,
            cell(&card.grade, 5, true, style(Tone::of_grade(&card.grade)).bold()),
            card.score,
            super::view::format::share(card.coverage),
            cell(&card.risk_tier, risk_width, false, style(Tone::of_risk(&card.risk_tier))),
            gates
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
        let table = summary_table(std::slice::from_ref(&card));
        assert!(table.contains("\u{1b}["), "the table is styled: {table:?}");
        let plain = anstream::adapter::strip_str(&table).to_string();
        assert!(!plain.contains('\u{1b}'));
        let lines: Vec<&str> = plain.lines().collect();
        assert_eq!(lines[0], "vendor            grade  score  coverage  risk        gates failed");
        assert_eq!(lines[1], "hostile-payloads      F   20.0      100%  high        iso27001");
    }
}
