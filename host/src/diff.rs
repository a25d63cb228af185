//! What changed between two assessments of one vendor, and why: the headline figures,
//! the criteria whose status or score moved with the points each moved the total, the
//! cited evidence whose value or source changed, the gates broken and recovered, and
//! the rubric, plugins and dossier behind each. Works from two scorecards alone.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::Value;

use crate::assess::{self, Scorecard, Status};
use crate::dossier::Date;

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change<T> {
    /// In the older scorecard.
    pub old: T,
    /// In the newer scorecard.
    pub new: T,
}

impl<T: PartialEq> Change<T> {
    /// Whether the value changed.
    pub fn changed(&self) -> bool {
        self.old != self.new
    }
}

/// A criterion whose status, score or waiver changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionChange {
    /// Criterion id.
    pub id: String,
    /// Its title (from the newer scorecard).
    pub title: String,
    /// Status; `null` where the rubric of that scorecard has no such criterion.
    pub status: Change<Option<Status>>,
    /// Score, when evaluated.
    pub score: Change<Option<u8>>,
    /// Whether a waiver applied.
    pub waived: Change<bool>,
    /// Points it moved the overall score (newer contribution minus older), one decimal.
    pub points: f64,
}

/// A piece of cited evidence whose value or source changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EvidenceChange {
    /// Path in the dossier.
    pub path: String,
    /// Its value (both scorecards cite it, so both are known).
    pub value: Change<Option<Value>>,
    /// Its source.
    pub source: Change<Option<String>>,
    /// When it was observed.
    pub observed: Change<Option<Date>>,
}

/// Everything that differs between two scorecards of one vendor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScorecardDiff {
    /// The vendor.
    pub vendor: String,
    /// Assessment dates.
    pub as_of: Change<Date>,
    /// Grade.
    pub grade: Change<String>,
    /// Overall score.
    pub score: Change<f64>,
    /// Evidence coverage.
    pub coverage: Change<f64>,
    /// Risk tier.
    pub risk_tier: Change<String>,
    /// Criteria that changed, in the newer rubric's order.
    pub criteria: Vec<CriterionChange>,
    /// Evidence both scorecards cite whose value or source changed, by path.
    pub evidence: Vec<EvidenceChange>,
    /// Required gates that passed before and fail now.
    pub gates_broken: Vec<String>,
    /// Required gates that failed before and pass now.
    pub gates_recovered: Vec<String>,
    /// Rubric `id version`, when it changed.
    pub rubric: Option<Change<String>>,
    /// Plugins whose version or bytes changed: `version sha256-prefix`, `null` when absent.
    pub plugins: BTreeMap<String, Change<Option<String>>>,
    /// Whether the dossier file changed (its SHA-256 differs).
    pub dossier_changed: bool,
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// The difference from `old` to `new`, two scorecards of the same vendor.
pub fn diff(old: &Scorecard, new: &Scorecard) -> ScorecardDiff {
    let old_points: BTreeMap<String, f64> = assess::contributions(old).into_iter().collect();
    let new_points: BTreeMap<String, f64> = assess::contributions(new).into_iter().collect();
    let mut ids: Vec<&str> = new.criteria.iter().map(|c| c.id.as_str()).collect();
    ids.extend(old.criteria.iter().map(|c| c.id.as_str()).filter(|id| !new.criteria.iter().any(|c| c.id == *id)));
    let criteria = ids
        .into_iter()
        .filter_map(|id| {
            let before = old.criteria.iter().find(|c| c.id == id);
            let after = new.criteria.iter().find(|c| c.id == id);
            let change = CriterionChange {
                id: id.to_owned(),
                title: after.or(before).map(|c| c.title.clone()).unwrap_or_default(),
                status: Change { old: before.map(|c| c.status), new: after.map(|c| c.status) },
                score: Change { old: before.and_then(|c| c.score), new: after.and_then(|c| c.score) },
                waived: Change {
                    old: before.is_some_and(|c| c.waiver.is_some()),
                    new: after.is_some_and(|c| c.waiver.is_some()),
                },
                points: round1(new_points.get(id).copied().unwrap_or(0.0) - old_points.get(id).copied().unwrap_or(0.0)),
            };
            (change.status.changed() || change.score.changed() || change.waived.changed() || change.points != 0.0)
                .then_some(change)
        })
        .collect();
    let mut paths: Vec<&str> = old.evidence.iter().chain(&new.evidence).map(|e| e.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let evidence = paths
        .into_iter()
        .filter_map(|path| {
            let before = old.evidence.iter().find(|e| e.path == path);
            let after = new.evidence.iter().find(|e| e.path == path);
            let change = EvidenceChange {
                path: path.to_owned(),
                value: Change { old: before.map(|e| e.value.clone()), new: after.map(|e| e.value.clone()) },
                source: Change {
                    old: before.and_then(|e| e.source.clone()),
                    new: after.and_then(|e| e.source.clone()),
                },
                observed: Change { old: before.and_then(|e| e.observed), new: after.and_then(|e| e.observed) },
            };
            // Only a path both scorecards cite has a value on both sides to compare.
            let comparable = before.is_some() && after.is_some();
            (comparable && (change.value.changed() || change.source.changed())).then_some(change)
        })
        .collect();
    let failed = |card: &Scorecard| card.gates_failed.iter().map(|g| g.criterion.clone()).collect::<Vec<_>>();
    let (old_failed, new_failed) = (failed(old), failed(new));
    let identity = |card: &Scorecard| format!("{} {}", card.rubric.id, card.rubric.version);
    let rubric = Change { old: identity(old), new: identity(new) };
    let plugin = |card: &Scorecard, name: &str| {
        card.provenance
            .plugins
            .iter()
            .find(|p| p.name == name)
            .map(|p| format!("{} {}", p.version, p.sha256.get(..12).unwrap_or(&p.sha256)))
    };
    let mut names: Vec<&str> =
        old.provenance.plugins.iter().chain(&new.provenance.plugins).map(|p| p.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    ScorecardDiff {
        vendor: new.vendor.id.clone(),
        as_of: Change { old: old.as_of, new: new.as_of },
        grade: Change { old: old.grade.clone(), new: new.grade.clone() },
        score: Change { old: old.score, new: new.score },
        coverage: Change { old: old.coverage, new: new.coverage },
        risk_tier: Change { old: old.risk_tier.clone(), new: new.risk_tier.clone() },
        criteria,
        evidence,
        gates_broken: new_failed.iter().filter(|g| !old_failed.contains(g)).cloned().collect(),
        gates_recovered: old_failed.iter().filter(|g| !new_failed.contains(g)).cloned().collect(),
        rubric: rubric.changed().then_some(rubric),
        plugins: names
            .into_iter()
            .filter_map(|name| {
                let change = Change { old: plugin(old, name), new: plugin(new, name) };
                change.changed().then(|| (name.to_owned(), change))
            })
            .collect(),
        dossier_changed: old.provenance.dossier_sha256 != new.provenance.dossier_sha256,
    }
}

/// A value of the dossier in one line; `—` when absent.
pub fn show_value(value: &Option<Value>) -> String {
    match value {
        None => "(not cited)".to_owned(),
        Some(Value::Null) => "(absent)".to_owned(),
        Some(Value::String(text)) => format!("{text:?}"),
        Some(other) => other.to_string(),
    }
}

fn show_status(status: Option<Status>) -> &'static str {
    status.map_or("(not in rubric)", Status::label)
}

fn show_option<T: fmt::Display>(value: &Option<T>) -> String {
    value.as_ref().map_or_else(|| "—".to_owned(), ToString::to_string)
}

impl CriterionChange {
    /// The change in a phrase, e.g. `pass 100 → fail 0 (waived)`.
    pub fn describe(&self) -> String {
        let side = |status: Option<Status>, score: Option<u8>, waived: bool| {
            let mut text = show_status(status).to_owned();
            if let Some(score) = score {
                text.push_str(&format!(" {score}"));
            }
            if waived {
                text.push_str(" (waived)");
            }
            text
        };
        format!(
            "{} → {}",
            side(self.status.old, self.score.old, self.waived.old),
            side(self.status.new, self.score.new, self.waived.new)
        )
    }
}

impl EvidenceChange {
    /// The sources in a phrase: one source, or `old → new`.
    pub fn sources(&self) -> String {
        let side = |source: &Option<String>, observed: &Option<Date>| match observed {
            Some(date) => format!("{} (observed {date})", show_option(source)),
            None => show_option(source),
        };
        let (old, new) = (side(&self.source.old, &self.observed.old), side(&self.source.new, &self.observed.new));
        if old == new { old } else { format!("{old} → {new}") }
    }
}

impl fmt::Display for ScorecardDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {} → {}", self.vendor, self.as_of.old, self.as_of.new)?;
        writeln!(
            f,
            "grade {} → {} · score {:.1} → {:.1} ({:+.1}) · coverage {:.0}% → {:.0}% · risk {} → {}",
            self.grade.old,
            self.grade.new,
            self.score.old,
            self.score.new,
            self.score.new - self.score.old,
            self.coverage.old * 100.0,
            self.coverage.new * 100.0,
            self.risk_tier.old,
            self.risk_tier.new
        )?;
        for gate in &self.gates_broken {
            writeln!(f, "gate broken: {gate}")?;
        }
        for gate in &self.gates_recovered {
            writeln!(f, "gate recovered: {gate}")?;
        }
        if self.criteria.is_empty() {
            writeln!(f, "criteria: no change")?;
        } else {
            writeln!(f, "criteria:")?;
        }
        for criterion in &self.criteria {
            writeln!(f, "  {:+6.1} pts  {}: {}", criterion.points, criterion.id, criterion.describe())?;
        }
        if self.evidence.is_empty() {
            writeln!(f, "evidence: no change in what the findings cite")?;
        } else {
            writeln!(f, "evidence:")?;
        }
        for evidence in &self.evidence {
            writeln!(
                f,
                "  {}: {} → {}  [source: {}]",
                evidence.path,
                show_value(&evidence.value.old),
                show_value(&evidence.value.new),
                evidence.sources()
            )?;
        }
        if let Some(rubric) = &self.rubric {
            writeln!(f, "rubric: {} → {}", rubric.old, rubric.new)?;
        }
        for (name, change) in &self.plugins {
            writeln!(f, "plugin {name}: {} → {}", show_option(&change.old), show_option(&change.new))?;
        }
        if self.dossier_changed {
            writeln!(f, "dossier: changed (SHA-256 differs)")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assess::EvidenceValue;

    fn card() -> Scorecard {
        serde_json::from_str(include_str!("report/testdata/hostile-payloads.json")).unwrap()
    }

    #[test]
    fn an_identical_scorecard_has_no_changes() {
        let changes = diff(&card(), &card());
        assert!(changes.criteria.is_empty() && changes.evidence.is_empty() && changes.plugins.is_empty());
        assert!(changes.gates_broken.is_empty() && changes.gates_recovered.is_empty() && changes.rubric.is_none());
        assert!(!changes.dossier_changed);
    }

    #[test]
    fn names_the_criterion_its_points_the_evidence_and_the_gate() {
        let old = card();
        let mut new = card();
        let id = new.criteria[0].id.clone();
        assert_eq!(old.gates_failed[0].criterion, id, "the fixture fails this gate");
        new.criteria[0].status = Status::Pass;
        new.criteria[0].score = Some(100);
        new.gates_failed.clear();
        new.evidence.push(EvidenceValue {
            path: "encryption.tls_min_version".into(),
            value: Value::from("1.0"),
            source: Some("scan".into()),
            observed: None,
        });
        let mut old_with = old.clone();
        old_with.evidence = new.evidence.clone();
        old_with.evidence[0].value = Value::from("1.2");
        new.provenance.plugins[0].version = "9.9.9".into();
        let changes = diff(&old_with, &new);
        assert_eq!(changes.criteria.len(), 1);
        assert_eq!(changes.criteria[0].id, id);
        let expected = assess::contributions(&new)[0].1 - assess::contributions(&old_with)[0].1;
        assert_eq!(changes.criteria[0].points, round1(expected));
        assert_eq!(changes.evidence.len(), 1);
        assert_eq!(show_value(&changes.evidence[0].value.old), "\"1.2\"");
        assert_eq!(show_value(&changes.evidence[0].value.new), "\"1.0\"");
        assert!(changes.criteria[0].points > 0.0);
        assert_eq!((changes.gates_recovered.clone(), changes.gates_broken.len()), (vec![id], 0));
        assert_eq!(changes.plugins.len(), 1);
        let text = changes.to_string();
        assert!(text.contains("encryption.tls_min_version: \"1.2\" → \"1.0\"  [source: scan]"), "{text}");
    }
}
