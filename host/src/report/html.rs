//! The HTML scorecard: a view model shaped for the template, and the askama template
//! that renders it. Evidence text is only ever escaped, never marked safe.

use askama::Template;

use crate::assess::{CriterionResult, Scorecard};

/// Rendering failed inside the template engine.
#[derive(Debug, thiserror::Error)]
#[error("cannot render the HTML scorecard: {0}")]
pub struct RenderError(#[from] askama::Error);

/// The page for one vendor's scorecard.
#[derive(Template)]
#[template(path = "scorecard.html")]
struct ScorecardPage<'a> {
    card: &'a Scorecard,
    failed_first: Vec<&'a CriterionResult>,
}

/// Renders `scorecard` as a self-contained HTML page.
pub fn scorecard_html(scorecard: &Scorecard) -> Result<String, RenderError> {
    let mut failed_first: Vec<&CriterionResult> = scorecard.criteria.iter().collect();
    failed_first.sort_by_key(|criterion| criterion.score.map_or(-1, i32::from));
    let page = ScorecardPage { card: scorecard, failed_first };
    Ok(page.render()?)
}
