//! Rendering scorecards: JSON (the stable contract), HTML (askama, every value
//! escaped) and the terminal summary.

mod html;
mod summary;

pub use html::{RenderError, scorecard_html};
pub use summary::{SummaryRow, summary_table};

use crate::assess::Scorecard;

/// The scorecard as pretty-printed JSON with a trailing newline; byte-identical for
/// identical scorecards.
pub fn scorecard_json(scorecard: &Scorecard) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(scorecard).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
