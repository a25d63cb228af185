//! The index of a published site: every vendor with grade, score, coverage and date.

use super::{Tone, format};
use crate::assess::Scorecard;

/// Everything the index page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexView {
    /// e.g. `5 vendors`.
    pub count: String,
    /// Vendors, by name.
    pub rows: Vec<IndexRow>,
    /// Link to the comparison page, when there is one.
    pub compare_href: Option<String>,
}

/// One vendor in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexRow {
    /// Vendor name.
    pub name: String,
    /// Product assessed.
    pub product: Option<String>,
    /// Vendor id.
    pub id: String,
    /// Relative link to the scorecard page.
    pub href: String,
    /// Relative link to the scorecard JSON.
    pub json_href: String,
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

impl IndexView {
    /// The index of `cards`, whose pages and JSON are at `{dir}{id}.html` and `{dir}{id}.json`.
    pub fn new(cards: &[Scorecard], dir: &str, compare_href: Option<String>) -> Self {
        let mut sorted: Vec<&Scorecard> = cards.iter().collect();
        sorted.sort_by(|a, b| {
            a.vendor.name.to_lowercase().cmp(&b.vendor.name.to_lowercase()).then_with(|| a.vendor.id.cmp(&b.vendor.id))
        });
        let rows = sorted
            .into_iter()
            .map(|card| IndexRow {
                name: card.vendor.name.clone(),
                product: card.vendor.product.clone(),
                id: card.vendor.id.clone(),
                href: format!("{dir}{}.html", card.vendor.id),
                json_href: format!("{dir}{}.json", card.vendor.id),
                grade: card.grade.clone(),
                grade_tone: Tone::of_grade(&card.grade).class(),
                score: format::score(card.score),
                coverage: format::share(card.coverage),
                risk_tier: card.risk_tier.clone(),
                risk_tone: Tone::of_risk(&card.risk_tier).class(),
                gates_failed: card.gates_failed.len(),
                rubric: format!("{} {}", card.rubric.id, card.rubric.version),
                as_of: card.as_of.to_string(),
            })
            .collect();
        Self { count: format::plural(cards.len(), "vendor", "vendors"), rows, compare_href }
    }
}
