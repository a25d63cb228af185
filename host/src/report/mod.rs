//! Rendering scorecards for machines and people: JSON (the stable contract), HTML pages
//! (askama templates over view models, every value escaped), Markdown, the terminal
//! summary, and the published static site. This stage reads what `assess` produced and
//! nothing upstream of it reads this stage.

mod compare;
mod html;
mod markdown;
pub mod portfolio;
pub mod site;
mod summary;
pub mod tracking;
mod view;

pub use compare::{CompareError, compare_scorecards};
pub use html::{RenderError, SiteNav, compare_html, scorecard_html};
pub use markdown::{MarkdownEscaper, scorecard_markdown};
pub use summary::{SummaryRow, summary_table};
pub use view::CompareEntry;

use crate::assess::Scorecard;

/// The scorecard as pretty-printed JSON with a trailing newline; byte-identical for
/// identical scorecards.
pub fn scorecard_json(scorecard: &Scorecard) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(scorecard).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
