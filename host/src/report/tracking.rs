//! Reports over time: a vendor's history (table, JSON, HTML with a trend chart), the
//! scorecard page with its recent trend, the movement shown on the comparison page, and
//! what changed between two scorecards (HTML; text and JSON come from [`crate::diff`]).

use askama::Template;

use super::html::{RenderError, ScorecardPage, SiteNav};
use super::view::format;
use super::view::{CompareEntry, ScorecardView, TrendView};
use crate::assess::Scorecard;
use crate::diff::{ScorecardDiff, show_value};
use crate::due::DueReport;
use crate::ledger::Point;

/// How many assessments the scorecard's trend shows, the newest last.
pub const RECENT: usize = 6;

#[derive(Template)]
#[template(path = "history.html")]
struct HistoryPage<'a> {
    trend: &'a TrendView,
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage<'a> {
    d: &'a ScorecardDiff,
    score: String,
    coverage: String,
    criteria: Vec<(&'a crate::diff::CriterionChange, String)>,
    evidence: Vec<(&'a str, String, String, String)>,
    plugins: Vec<(&'a str, String)>,
}

/// `vendor`'s history as an HTML page with a score chart; `points` oldest first.
pub fn history_html(vendor: &str, points: &[Point]) -> Result<String, RenderError> {
    Ok(HistoryPage { trend: &TrendView::new(vendor, points) }.render()?)
}

/// `vendor`'s history as a plain-text table, one line per assessment.
pub fn history_table(points: &[Point]) -> String {
    let mut out = format!(
        "{:<10}  {:>5}  {:>5}  {:>8}  {:<10}  {:<20}  gates failed\n",
        "as of", "grade", "score", "coverage", "risk", "rubric"
    );
    for point in points {
        let gates = if point.gates_failed.is_empty() { "-".to_owned() } else { point.gates_failed.join(", ") };
        out.push_str(&format!(
            "{:<10}  {:>5}  {:>5.1}  {:>8}  {:<10}  {:<20}  {gates}\n",
            point.as_of.to_string(),
            point.grade,
            point.score,
            format::share(point.coverage),
            point.risk_tier,
            format!("{} {}", point.rubric_id, point.rubric_version),
        ));
    }
    out
}

/// The scorecard page with the vendor's recent trend (the last [`RECENT`] of `points`,
/// which include this assessment) above the practices.
pub fn scorecard_html_with_trend(
    scorecard: &Scorecard,
    nav: Option<&SiteNav>,
    points: &[Point],
) -> Result<String, RenderError> {
    let mut view = ScorecardView::new(scorecard);
    let recent = &points[points.len().saturating_sub(RECENT)..];
    view.trend = (recent.len() > 1).then(|| TrendView::new(&scorecard.vendor.id, recent));
    Ok(ScorecardPage { v: &view, nav }.render()?)
}

/// The movement from `previous` to `card`, for the comparison page.
pub fn movement(card: &Scorecard, previous: Option<&Point>) -> Option<String> {
    previous.map(|previous| {
        let grade = if previous.grade == card.grade {
            format!("grade {} held", card.grade)
        } else {
            format!("{} → {}", previous.grade, card.grade)
        };
        format!("since {}: {grade}, {:+.1}", previous.as_of, card.score - previous.score)
    })
}

/// The comparison entry of `card` with its movement since `previous`.
pub fn compare_entry_with_movement(card: &Scorecard, previous: Option<&Point>) -> CompareEntry {
    CompareEntry { movement: movement(card, previous), ..CompareEntry::from(card) }
}

/// What changed between two scorecards, as an HTML page.
pub fn diff_html(diff: &ScorecardDiff) -> Result<String, RenderError> {
    Ok(DiffPage {
        d: diff,
        score: format!(
            "{} → {} ({:+.1})",
            format::score(diff.score.old),
            format::score(diff.score.new),
            diff.score.new - diff.score.old
        ),
        coverage: format!("{} → {}", format::share(diff.coverage.old), format::share(diff.coverage.new)),
        criteria: diff.criteria.iter().map(|c| (c, format!("{:+.1}", c.points))).collect(),
        evidence: diff
            .evidence
            .iter()
            .map(|e| (e.path.as_str(), show_value(&e.value.old), show_value(&e.value.new), e.sources()))
            .collect(),
        plugins: diff
            .plugins
            .iter()
            .map(|(name, change)| {
                let side = |value: &Option<String>| value.clone().unwrap_or_else(|| "(not used)".to_owned());
                (name.as_str(), format!("{} → {}", side(&change.old), side(&change.new)))
            })
            .collect(),
    }
    .render()?)
}

#[derive(Template)]
#[template(path = "due.html")]
struct DuePage<'a> {
    r: &'a DueReport,
    forecasts: Vec<String>,
}

/// What falls due, as lines for people: each item by date, then each forecast.
pub fn due_text(report: &DueReport) -> String {
    let mut out = format!("due within {} days of {}:\n", report.within_days, report.as_of);
    if report.items.is_empty() {
        out.push_str("  nothing\n");
    }
    for item in &report.items {
        let when = if item.overdue { format!("OVERDUE by {}d", -item.days) } else { format!("in {}d", item.days) };
        out.push_str(&format!(
            "  {}  {:<11}  {}  {}: {}\n",
            item.date,
            when,
            item.vendor,
            item.kind.label(),
            item.what
        ));
    }
    if !report.forecasts.is_empty() {
        out.push_str("forecast (same evidence, re-scored on the day after):\n");
    }
    for forecast in &report.forecasts {
        out.push_str(&format!("  {}: {}\n", forecast.vendor, forecast.line()));
    }
    out
}

/// What falls due, as an HTML page.
pub fn due_html(report: &DueReport) -> Result<String, RenderError> {
    Ok(DuePage {
        r: report,
        forecasts: report.forecasts.iter().map(|f| format!("{}: {}", f.vendor, f.line())).collect(),
    }
    .render()?)
}
