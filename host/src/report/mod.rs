//! Rendering scorecards for machines and people: JSON (the stable contract), HTML pages
//! (askama templates over view models, every value escaped), Markdown, OSCAL, SARIF,
//! CSV and XLSX, the terminal summary, the portfolio dashboard and the published static
//! site. This stage reads what `assess` produced and nothing upstream of it reads this stage.

mod compare;
mod html;
mod markdown;
mod oscal;
pub mod portfolio;
mod sarif;
pub mod site;
mod spreadsheet;
mod summary;
pub mod tracking;
mod view;

pub use compare::{CompareError, compare_scorecards};
pub use html::{RenderError, SiteNav, compare_html, scorecard_html};
pub use markdown::{MarkdownEscaper, scorecard_markdown};
pub use oscal::{OSCAL_NAMESPACE, OSCAL_VERSION, scorecard_oscal};
pub use sarif::{DossierFile, scorecard_sarif};
pub use spreadsheet::{
    CRITERIA_COLUMNS, PORTFOLIO_COLUMNS, PortfolioEntry, WorkbookError, criteria_csv, portfolio_csv, portfolio_xlsx,
};
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
