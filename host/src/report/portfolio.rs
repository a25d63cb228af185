//! The portfolio dashboard and its paged vendor lists, rendered from one small
//! [`PortfolioRow`] per scorecard, so a portfolio of any size is summarised while its
//! scorecards are read, written and dropped one at a time.
//!
//! The dashboard is `index.html`; the vendors behind each of its numbers are listed in
//! `lists/`, [`PAGE_SIZE`] to a page. Neither grows with the portfolio: the dashboard
//! shows at most [`TOP`] rows per table, and a list page at most [`PAGE_SIZE`] vendors.

use std::collections::BTreeSet;

use crate::assess::{Scorecard, Status};

use super::html::{RenderError, dashboard_html, vendor_list_html};
use super::view::PortfolioView;

/// The dashboard's file name.
pub const DASHBOARD: &str = "index.html";
/// The folder of the vendor lists, beside the dashboard.
pub const LIST_DIR: &str = "lists";
/// Vendors per list page.
pub const PAGE_SIZE: usize = 200;
/// Rows per dashboard table (criteria, evidence, grades, risk tiers).
pub const TOP: usize = 25;
/// Up to this many vendors, a side-by-side comparison is readable; beyond it `assess`
/// and `publish` write the dashboard instead and `riskcard compare` compares a choice.
pub const COMPARE_LIMIT: usize = 12;

/// A criterion named on the dashboard.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CriterionRef {
    /// Criterion id.
    pub id: String,
    /// Its title.
    pub title: String,
}

/// What the dashboard keeps of one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioRow {
    /// Vendor id.
    pub id: String,
    /// Vendor name.
    pub name: String,
    /// Product assessed.
    pub product: Option<String>,
    /// Grade.
    pub grade: String,
    /// Overall score, 0–100.
    pub score: f64,
    /// Share of applicable weight with evidence, 0–1.
    pub coverage: f64,
    /// Risk tier.
    pub risk_tier: String,
    /// Rubric id and version, e.g. `crm-baseline 0.1.0`.
    pub rubric: String,
    /// Assessment date.
    pub as_of: String,
    /// The criteria whose required gates failed.
    pub gates_failed: Vec<CriterionRef>,
    /// The criteria with status `fail`.
    pub failed: Vec<CriterionRef>,
    /// Evidence paths missing from the dossier where a criterion lacked evidence, each once.
    pub missing: Vec<String>,
}

impl From<&Scorecard> for PortfolioRow {
    fn from(card: &Scorecard) -> Self {
        let title =
            |id: &str| card.criteria.iter().find(|c| c.id == id).map_or_else(|| id.to_owned(), |c| c.title.clone());
        let missing: BTreeSet<String> = card
            .criteria
            .iter()
            .filter(|criterion| criterion.status == Status::InsufficientEvidence)
            .flat_map(|criterion| criterion.findings.iter().flat_map(|finding| &finding.evidence))
            .filter(|evidence| !evidence.found)
            .map(|evidence| evidence.path.clone())
            .collect();
        Self {
            id: card.vendor.id.clone(),
            name: card.vendor.name.clone(),
            product: card.vendor.product.clone(),
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            rubric: format!("{} {}", card.rubric.id, card.rubric.version),
            as_of: card.as_of.to_string(),
            gates_failed: card
                .gates_failed
                .iter()
                .map(|gate| CriterionRef { id: gate.criterion.clone(), title: title(&gate.criterion) })
                .collect(),
            failed: card
                .criteria
                .iter()
                .filter(|criterion| criterion.status == Status::Fail)
                .map(|criterion| CriterionRef { id: criterion.id.clone(), title: criterion.title.clone() })
                .collect(),
            missing: missing.into_iter().collect(),
        }
    }
}

/// Where the dashboard's links lead, relative to the dashboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PortfolioLinks<'a> {
    /// The folder of the scorecard pages, e.g. `vendors/`, or empty when beside the dashboard.
    pub vendor_dir: &'a str,
    /// Whether each scorecard's JSON is published beside its page.
    pub json: bool,
    /// The comparison page, when there is one.
    pub compare: Option<&'a str>,
    /// The page of signed scorecards, when any is signed.
    pub signatures: Option<&'a str>,
}

/// Renders the dashboard and every page of its vendor lists for `rows` (sorted here, by
/// vendor name), handing each to `write` with its path relative to the output
/// directory: [`DASHBOARD`], then `lists/….html`. The caller creates [`LIST_DIR`].
pub fn write_pages<E: From<RenderError>>(
    rows: &mut [PortfolioRow],
    links: PortfolioLinks<'_>,
    mut write: impl FnMut(&str, &[u8]) -> Result<(), E>,
) -> Result<(), E> {
    rows.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.id.cmp(&b.id)));
    let portfolio = PortfolioView::new(rows, links);
    write(DASHBOARD, dashboard_html(&portfolio.dashboard)?.as_bytes())?;
    for list in &portfolio.lists {
        for page in 1..=list.pages() {
            let html = vendor_list_html(&portfolio.list_page(list, page))?;
            write(&format!("{LIST_DIR}/{}", list.file(page)), html.as_bytes())?;
        }
    }
    Ok(())
}
