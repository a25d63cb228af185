//! The seven practices as a horizontal bar chart: for each practice a score bar and,
//! beneath it, a thinner coverage bar, each with its number written beside it.

use super::axis::{Tick, round};
use super::{Tone, format};
use crate::assess::PracticeResult;
use crate::practice::Practice;

/// Chart width in SVG units.
const WIDTH: f64 = 960.0;
/// Where the bars start.
const BAR_X: f64 = 250.0;
/// Bar length at 100.
const BAR_LENGTH: f64 = 580.0;
/// Height of one practice's row.
const ROW: f64 = 46.0;
/// Space above the first row.
const TOP: f64 = 6.0;

/// The practices chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeChart {
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// x where bars start.
    pub bar_x: f64,
    /// Full bar length.
    pub bar_length: f64,
    /// x of the right-aligned numbers.
    pub value_x: f64,
    /// x of a failed gate's icon, left of the bars.
    pub icon_x: f64,
    /// x of the words `not assessed`.
    pub note_x: f64,
    /// Vertical grid lines at 0, 25, 50, 75 and 100.
    pub grid: Vec<Tick>,
    /// Where grid lines end.
    pub grid_bottom: f64,
    /// Baseline of the grid labels.
    pub grid_label_y: f64,
    /// One row per practice, in the order of the seven practices.
    pub rows: Vec<PracticeRow>,
    /// The chart in one sentence, for screen readers.
    pub summary: String,
}

/// One practice in the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct PracticeRow {
    /// Which practice.
    pub id: &'static str,
    /// Its title.
    pub title: String,
    /// How much of the rubric it holds, e.g. `3 criteria · weight 30`.
    pub detail: String,
    /// Whether any criterion counts towards it.
    pub assessed: bool,
    /// Whether one of its required gates failed.
    pub gate_failed: bool,
    /// Score as text, e.g. `82.0`, or an em dash.
    pub score: String,
    /// Coverage as text, e.g. `100% evidenced`.
    pub coverage: String,
    /// Score bar length.
    pub score_width: f64,
    /// Coverage bar length.
    pub coverage_width: f64,
    /// Colour family of the score.
    pub tone: &'static str,
    /// Top of the row.
    pub y: f64,
    /// Baseline of the title.
    pub title_y: f64,
    /// Baseline of the detail line.
    pub detail_y: f64,
    /// Top of the score bar.
    pub score_y: f64,
    /// Top of the coverage bar.
    pub coverage_y: f64,
    /// Top of the gate icon.
    pub icon_y: f64,
}

impl PracticeChart {
    /// The chart for `practices`; `failed_gates` are the practices with a failed required gate.
    pub fn new(practices: &[PracticeResult], failed_gates: &[Practice]) -> Self {
        let rows: Vec<PracticeRow> = practices
            .iter()
            .enumerate()
            .map(|(index, practice)| {
                let y = TOP + index as f64 * ROW;
                let assessed = practice.criteria > 0;
                let gate_failed = failed_gates.contains(&practice.practice);
                let mut detail = if assessed {
                    format!(
                        "{} · weight {}",
                        format::plural(practice.criteria, "criterion", "criteria"),
                        format::number(practice.weight)
                    )
                } else {
                    String::new()
                };
                if gate_failed {
                    detail.push_str(" · gate failed");
                }
                PracticeRow {
                    id: practice.practice.id(),
                    title: practice.title.clone(),
                    detail,
                    assessed,
                    gate_failed,
                    score: format::optional_score(practice.score),
                    coverage: practice
                        .coverage
                        .map_or_else(|| "no evidence asked".to_owned(), |c| format!("{} evidenced", format::share(c))),
                    score_width: round(practice.score.unwrap_or(0.0) / 100.0 * BAR_LENGTH),
                    coverage_width: round(practice.coverage.unwrap_or(0.0) * BAR_LENGTH),
                    tone: practice.score.map_or(Tone::Neutral, Tone::of_score).class(),
                    y,
                    title_y: y + 17.0,
                    detail_y: y + 34.0,
                    score_y: y + 5.0,
                    coverage_y: y + 26.0,
                    icon_y: y + 5.0,
                }
            })
            .collect();
        let grid_bottom = TOP + rows.len() as f64 * ROW;
        let assessed: Vec<&PracticeRow> = rows.iter().filter(|row| row.assessed).collect();
        let summary = if assessed.is_empty() {
            "No practice is assessed by this rubric.".to_owned()
        } else {
            let parts: Vec<String> =
                assessed.iter().map(|row| format!("{} {} ({})", row.title, row.score, row.coverage)).collect();
            format!("Practice scores out of 100: {}.", parts.join("; "))
        };
        Self {
            width: WIDTH,
            height: grid_bottom + 20.0,
            bar_x: BAR_X,
            bar_length: BAR_LENGTH,
            value_x: WIDTH,
            icon_x: BAR_X - 20.0,
            note_x: BAR_X + 6.0,
            grid: [0.0, 25.0, 50.0, 75.0, 100.0]
                .into_iter()
                .map(|value| Tick { x: round(BAR_X + value / 100.0 * BAR_LENGTH), label: format::number(value) })
                .collect(),
            grid_bottom,
            grid_label_y: grid_bottom + 14.0,
            rows,
            summary,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice(practice: Practice, criteria: usize, score: Option<f64>, coverage: Option<f64>) -> PracticeResult {
        PracticeResult {
            practice,
            title: practice.title().to_owned(),
            criteria,
            weight: criteria as f64 * 10.0,
            score,
            coverage,
        }
    }

    #[test]
    fn bars_scale_with_score_and_coverage_and_unassessed_practices_say_so() {
        let practices = [
            practice(Practice::Encryption, 2, Some(50.0), Some(0.5)),
            practice(Practice::Backup, 0, None, None),
            practice(Practice::AccessControl, 1, Some(100.0), Some(1.0)),
        ];
        let chart = PracticeChart::new(&practices, &[Practice::AccessControl]);
        let [encryption, backup, access] = &chart.rows[..] else { panic!("three rows") };
        assert_eq!((encryption.score_width, encryption.coverage_width), (290.0, 290.0));
        assert_eq!(encryption.detail, "2 criteria · weight 20");
        assert_eq!((encryption.score.as_str(), encryption.coverage.as_str()), ("50.0", "50% evidenced"));
        assert!(!backup.assessed);
        assert_eq!(backup.score, "—");
        assert_eq!(backup.detail, "");
        assert_eq!(access.score_width, BAR_LENGTH);
        assert!(access.gate_failed);
        assert_eq!(access.detail, "1 criterion · weight 10 · gate failed");
        assert!(access.y > backup.y && backup.y > encryption.y, "rows keep the given order");
        assert!(chart.summary.contains("Encryption 50.0 (50% evidenced)"), "{}", chart.summary);
        assert!(!chart.summary.contains("Backups"), "{}", chart.summary);
    }
}
