//! A vendor's assessments over time: the table rows and an inline SVG line chart of
//! the score, one labelled point per assessment date, drawn without any script.

use super::{Tone, format};
use crate::ledger::Point;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 220.0;
const PLOT_X0: f64 = 48.0;
const PLOT_X1: f64 = 690.0;
const PLOT_TOP: f64 = 16.0;
const PLOT_BOTTOM: f64 = 176.0;

/// One assessment as a row and as a point of the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendRow {
    /// Assessment date.
    pub as_of: String,
    /// Rubric id and version.
    pub rubric: String,
    /// Grade.
    pub grade: String,
    /// Grade colour family.
    pub grade_tone: &'static str,
    /// Score, e.g. `87.4`.
    pub score: String,
    /// Score change since the previous row, e.g. `+3.1`; `None` for the first.
    pub delta: Option<String>,
    /// Coverage, e.g. `92%`.
    pub coverage: String,
    /// Risk tier.
    pub risk_tier: String,
    /// Failed required gates, comma-separated; empty when none.
    pub gates_failed: String,
    /// Point x.
    pub x: f64,
    /// Point y.
    pub y: f64,
}

/// Horizontal grid line.
#[derive(Debug, Clone, PartialEq)]
pub struct GridLine {
    /// y.
    pub y: f64,
    /// Label, e.g. `80`.
    pub label: String,
}

/// The trend of one vendor: rows oldest first and the chart's geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendView {
    /// Vendor id.
    pub vendor: String,
    /// viewBox width.
    pub width: f64,
    /// viewBox height.
    pub height: f64,
    /// Left end of the plot.
    pub plot_x0: f64,
    /// Right end of the plot.
    pub plot_x1: f64,
    /// Baseline of the date labels.
    pub date_y: f64,
    /// Grid lines at 0, 20, … 100.
    pub grid: Vec<GridLine>,
    /// The polyline's points, `x,y x,y …`.
    pub line: String,
    /// The assessments, oldest first.
    pub rows: Vec<TrendRow>,
    /// In words, e.g. `3 assessments from 2026-05-31 to 2026-11-30; score 61.0 → 86.5`.
    pub summary: String,
}

fn y_of(score: f64) -> f64 {
    let share = score.clamp(0.0, 100.0) / 100.0;
    super::axis::round(PLOT_BOTTOM - share * (PLOT_BOTTOM - PLOT_TOP))
}

impl TrendView {
    /// The trend of `points`, which belong to `vendor`, oldest first.
    pub fn new(vendor: &str, points: &[Point]) -> Self {
        let step = if points.len() > 1 { (PLOT_X1 - PLOT_X0) / (points.len() - 1) as f64 } else { 0.0 };
        let rows: Vec<TrendRow> = points
            .iter()
            .enumerate()
            .map(|(index, point)| TrendRow {
                as_of: point.as_of.to_string(),
                rubric: format!("{} {}", point.rubric_id, point.rubric_version),
                grade: point.grade.clone(),
                grade_tone: Tone::of_grade(&point.grade).class(),
                score: format::score(point.score),
                delta: index.checked_sub(1).map(|previous| format!("{:+.1}", point.score - points[previous].score)),
                coverage: format::share(point.coverage),
                risk_tier: point.risk_tier.clone(),
                gates_failed: point.gates_failed.join(", "),
                x: super::axis::round(if points.len() > 1 {
                    PLOT_X0 + step * index as f64
                } else {
                    (PLOT_X0 + PLOT_X1) / 2.0
                }),
                y: y_of(point.score),
            })
            .collect();
        let summary = match (points.first(), points.last()) {
            (Some(first), Some(last)) if points.len() > 1 => format!(
                "{} assessments from {} to {}; score {} → {}, grade {} → {}",
                points.len(),
                first.as_of,
                last.as_of,
                format::score(first.score),
                format::score(last.score),
                first.grade,
                last.grade
            ),
            (Some(only), _) => {
                format!("1 assessment, on {}: score {}, grade {}", only.as_of, format::score(only.score), only.grade)
            }
            _ => "no assessments recorded".to_owned(),
        };
        Self {
            vendor: vendor.to_owned(),
            width: WIDTH,
            height: HEIGHT,
            plot_x0: PLOT_X0,
            plot_x1: PLOT_X1,
            date_y: PLOT_BOTTOM + 24.0,
            grid: (0..=5)
                .map(|step| GridLine { y: y_of(f64::from(step) * 20.0), label: (step * 20).to_string() })
                .collect(),
            line: rows.iter().map(|row| format!("{},{}", row.x, row.y)).collect::<Vec<_>>().join(" "),
            rows,
            summary,
        }
    }
}
