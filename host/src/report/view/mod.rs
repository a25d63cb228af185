//! View models: plain structs shaped for the templates, built from a scorecard. All
//! arithmetic, ordering, wording and chart geometry happens here, so the templates hold
//! nothing but loops and conditionals, and every value they print is escaped.

mod availability;
mod axis;
mod compare;
pub mod format;
mod history;
mod list;
mod portfolio;
mod practices;
mod scorecard;
mod timeline;
mod trend;

pub use compare::{CompareEntry, CompareView};
pub use list::VendorListView;
pub use portfolio::{DashboardView, PortfolioView};
pub use scorecard::ScorecardView;
pub use trend::TrendView;

use crate::assess::{Severity, Status};

/// A colour family for a value. Never the only carrier of meaning: every toned value
/// is also written out as text, and statuses carry an icon of their own shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Meets expectations.
    Good,
    /// Room for improvement.
    Fair,
    /// Weak.
    Poor,
    /// Fails.
    Bad,
    /// Carries no judgement.
    Neutral,
}

impl Tone {
    /// The CSS class.
    pub fn class(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Fair => "fair",
            Self::Poor => "poor",
            Self::Bad => "bad",
            Self::Neutral => "neutral",
        }
    }

    /// The tone of a 0–100 score.
    pub fn of_score(score: f64) -> Self {
        match score {
            s if s >= 80.0 => Self::Good,
            s if s >= 60.0 => Self::Fair,
            s if s >= 40.0 => Self::Poor,
            _ => Self::Bad,
        }
    }

    /// The tone of a grade: A and B good, C fair, D poor, E and F bad, anything a
    /// rubric names otherwise neutral.
    pub fn of_grade(grade: &str) -> Self {
        match grade.chars().next().map(|c| c.to_ascii_uppercase()) {
            Some('A' | 'B') => Self::Good,
            Some('C') => Self::Fair,
            Some('D') => Self::Poor,
            Some('E' | 'F') => Self::Bad,
            _ => Self::Neutral,
        }
    }

    /// The tone of a risk tier: the common words low, moderate/medium and high/critical;
    /// anything else neutral.
    pub fn of_risk(tier: &str) -> Self {
        match tier.to_ascii_lowercase().as_str() {
            "low" | "minimal" => Self::Good,
            "moderate" | "medium" => Self::Fair,
            "elevated" => Self::Poor,
            "high" | "critical" | "severe" => Self::Bad,
            _ => Self::Neutral,
        }
    }
}

/// How a criterion's status is shown: an icon of its own shape, a word, a tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusView {
    /// The id of the icon symbol in the page.
    pub icon: &'static str,
    /// The word.
    pub label: &'static str,
    /// The colour family's CSS class.
    pub tone: &'static str,
    /// The Markdown glyph.
    pub glyph: &'static str,
}

impl StatusView {
    /// The view of `status`.
    pub fn of(status: Status) -> Self {
        let (icon, tone, glyph) = match status {
            Status::Pass => ("i-pass", Tone::Good, "✔"),
            Status::Partial => ("i-partial", Tone::Fair, "◐"),
            Status::Fail => ("i-fail", Tone::Bad, "✖"),
            Status::InsufficientEvidence => ("i-unknown", Tone::Poor, "?"),
            Status::NotApplicable => ("i-na", Tone::Neutral, "–"),
            Status::Error => ("i-error", Tone::Bad, "⚠"),
        };
        Self { icon, label: status.label(), tone: tone.class(), glyph }
    }

    /// Worst first: the order in which statuses are listed.
    pub fn rank(status: Status) -> u8 {
        match status {
            Status::Error => 0,
            Status::Fail => 1,
            Status::InsufficientEvidence => 2,
            Status::Partial => 3,
            Status::Pass => 4,
            Status::NotApplicable => 5,
        }
    }
}

/// The tone of a finding's severity.
pub fn severity_tone(severity: Severity) -> Tone {
    match severity {
        Severity::Critical | Severity::High => Tone::Bad,
        Severity::Medium => Tone::Poor,
        Severity::Low => Tone::Fair,
        Severity::Info => Tone::Neutral,
    }
}

#[cfg(test)]
pub(super) mod tests;
