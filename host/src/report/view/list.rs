//! One page of a paged vendor list: the vendors behind one of the dashboard's numbers,
//! with grade, score, coverage and date, and links to the neighbouring pages.

use super::{Tone, format};
use crate::report::portfolio::PortfolioRow;

/// How many page links the pager shows on each side of the current page.
const PAGER_REACH: usize = 2;

/// Everything a list page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorListView {
    /// What the vendors have in common, e.g. `Grade B`.
    pub title: String,
    /// e.g. `1,204 vendors · page 2 of 7`.
    pub count: String,
    /// The vendors on this page, by name.
    pub rows: Vec<VendorRow>,
    /// Links to other pages of the list; empty when it has one page.
    pub pager: Vec<PageLink>,
    /// The dashboard.
    pub dashboard_href: String,
}

/// A link in the pager.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageLink {
    /// e.g. `3`, `Next`.
    pub label: String,
    /// The page; `None` for the page shown.
    pub href: Option<String>,
}

/// One vendor in a list.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorRow {
    /// Vendor name.
    pub name: String,
    /// Product assessed.
    pub product: Option<String>,
    /// Vendor id.
    pub id: String,
    /// Relative link to the scorecard page.
    pub href: String,
    /// Relative link to the scorecard JSON, when it is published.
    pub json_href: Option<String>,
    /// Grade.
    pub grade: String,
    /// Grade colour family.
    pub grade_tone: &'static str,
    /// Score.
    pub score: String,
    /// Coverage.
    pub coverage: String,
    /// Risk tier.
    pub risk_tier: String,
    /// Risk colour family.
    pub risk_tone: &'static str,
    /// How many required gates failed.
    pub gates_failed: usize,
    /// Rubric id and version.
    pub rubric: String,
    /// Assessment date.
    pub as_of: String,
}

impl VendorRow {
    /// The row of `row`, whose page and JSON are at `{dir}{id}.html` and `{dir}{id}.json`.
    pub fn new(row: &PortfolioRow, dir: &str, json: bool) -> Self {
        Self {
            name: row.name.clone(),
            product: row.product.clone(),
            id: row.id.clone(),
            href: format!("{dir}{}.html", row.id),
            json_href: json.then(|| format!("{dir}{}.json", row.id)),
            grade: row.grade.clone(),
            grade_tone: Tone::of_grade(&row.grade).class(),
            score: format::score(row.score),
            coverage: format::share(row.coverage),
            risk_tier: row.risk_tier.clone(),
            risk_tone: Tone::of_risk(&row.risk_tier).class(),
            gates_failed: row.gates_failed.len(),
            rubric: row.rubric.clone(),
            as_of: row.as_of.clone(),
        }
    }
}

/// The pager of page `page` of `pages`, each page's file named by `file`: first,
/// previous, up to [`PAGER_REACH`] pages either side, next and last, so it stays the
/// same size however long the list.
pub fn pager(page: usize, pages: usize, file: impl Fn(usize) -> String) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let link = |label: String, target: usize| PageLink { label, href: (target != page).then(|| file(target)) };
    let mut links = Vec::new();
    if page > 1 {
        links.push(link("First".into(), 1));
        links.push(link("Previous".into(), page - 1));
    }
    let window = page.saturating_sub(PAGER_REACH).max(1)..=(page + PAGER_REACH).min(pages);
    links.extend(window.map(|target| link(format::count(target as u64), target)));
    if page < pages {
        links.push(link("Next".into(), page + 1));
        links.push(link("Last".into(), pages));
    }
    links
}
