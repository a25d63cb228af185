//! Tests of the view models, on a real scorecard: `testdata/hostile-payloads.json` is
//! what `assess` wrote for tests/data/hostile-payloads.toml under
//! tests/data/gated-rubric.toml, as of 2026-11-30.

use super::*;
use crate::assess::{History, Scorecard};

/// The hostile-payloads scorecard: a failed required gate, findings, history, and HTML
/// payloads in every text field.
pub fn hostile() -> Scorecard {
    serde_json::from_str(include_str!("../testdata/hostile-payloads.json")).expect("the fixture is a scorecard")
}

/// A copy of `card` for another vendor with another score and coverage.
pub fn variant(card: &Scorecard, id: &str, name: &str, score: f64, coverage: f64, gates_pass: bool) -> Scorecard {
    let mut card = card.clone();
    card.vendor.id = id.to_owned();
    card.vendor.name = name.to_owned();
    card.score = score;
    card.coverage = coverage;
    if gates_pass {
        card.gates_failed.clear();
    }
    card
}

/// `card` as if some of its evidence had been collected over HTTP from hostile URLs: a
/// collected fact used (behind the SOC 2 findings), one the dossier superseded.
pub fn with_collected(card: &Scorecard) -> Scorecard {
    let from = serde_json::json!({
        "url": "javascript:document.title='pwned-collected'//<script>x</script>",
        "fetched_at": "2026-11-29T08:30:00Z",
        "http_status": 200,
        "sha256": "ab".repeat(32),
    });
    let mut card = card.clone();
    let mut fact = from.clone();
    fact["path"] = "certifications[0]".into();
    card.provenance.collected = Some(
        serde_json::from_value(serde_json::json!({
            "sha256": "cd".repeat(32),
            "facts": [fact],
            "superseded": ["availability.<b>sla_percent</b>"],
        }))
        .expect("collected provenance"),
    );
    for criterion in &mut card.criteria {
        for finding in &mut criterion.findings {
            for evidence in finding.evidence.iter_mut().filter(|evidence| evidence.path == "certifications[0]") {
                evidence.collected = Some(serde_json::from_value(from.clone()).expect("collected from"));
            }
        }
    }
    card
}

/// What the comparison keeps of each of `cards`.
fn entries(cards: &[Scorecard]) -> Vec<CompareEntry> {
    cards.iter().map(CompareEntry::from).collect()
}

#[test]
fn failed_gates_lead_with_their_status_findings_and_the_cap() {
    let view = ScorecardView::new(&hostile());
    assert_eq!(view.gates_summary, "1 of 1 failed");
    assert_eq!((view.gates_icon, view.gates_tone), ("i-fail", "bad"));
    let [gate] = &view.failed_gates[..] else { panic!("one failed gate: {:?}", view.failed_gates) };
    assert_eq!(gate.criterion, "iso27001");
    assert_eq!(gate.status.label, "fail");
    assert_eq!(gate.status.icon, "i-fail", "status has a shape of its own, not only a colour");
    assert!(!gate.findings.is_empty(), "the gate explains itself");
    assert_eq!(view.caps, ["1 required gate(s) failed"]);
    assert_eq!((view.grade.as_str(), view.grade_tone), ("F", "bad"));
    assert_eq!((view.findings_count, view.findings_summary.as_str()), (3, "1 high · 2 medium"));
}

#[test]
fn criteria_are_grouped_by_practice_worst_status_first() {
    let view = ScorecardView::new(&hostile());
    let titles: Vec<&str> = view.groups.iter().map(|group| group.title.as_str()).collect();
    assert_eq!(titles, ["Trusted provider"], "practices without criteria get no group");
    let ranks: Vec<u8> = view.groups[0]
        .rows
        .iter()
        .map(|row| match row.status.label {
            "error" => 0,
            "fail" => 1,
            "insufficient evidence" => 2,
            "partial" => 3,
            "pass" => 4,
            _ => 5,
        })
        .collect();
    assert!(ranks.windows(2).all(|pair| pair[0] <= pair[1]), "{ranks:?}");
    let iso = view.groups[0].rows.iter().find(|row| row.id == "iso27001").unwrap();
    assert!(iso.required && iso.gate_failed);
}

#[test]
fn history_feeds_the_timelines_and_tables() {
    let view = ScorecardView::new(&hostile());
    let certs = view.certifications.as_ref().unwrap();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0].validity, "no expiry date stated");
    assert_eq!(certs[0].covers, "does not cover the product");
    assert_eq!(certs[0].evidence.source.as_deref(), Some("javascript:document.title='pwned-source'"));
    assert_eq!(view.certification_timeline.as_ref().unwrap().bars.len(), 2);
    let incidents = view.incidents.as_ref().unwrap();
    assert_eq!(incidents[0].severity, "high");
    assert_eq!(incidents[0].disclosed, "not disclosed");
    assert_eq!(incidents[0].records_exposed, "not stated");
    assert_eq!(
        incidents[0].evidence.source.as_deref(),
        Some("javascript:alert(document.domain)"),
        "the history's source"
    );
    let availability = view.availability.as_ref().unwrap();
    assert!(availability.summary.starts_with("0 of 1 month met the 99.9% SLA."), "{}", availability.summary);
    assert!(availability.bars[0].below_sla);
}

#[test]
fn history_the_dossier_does_not_give_is_unknown_not_empty() {
    let mut card = hostile();
    card.history = History::default();
    let view = ScorecardView::new(&card);
    assert!(view.certifications.is_none() && view.incidents.is_none() && view.availability.is_none());
    assert!(view.certification_timeline.is_none() && view.incident_timeline.is_none());
    card.history.incidents = Some(Vec::new());
    let view = ScorecardView::new(&card);
    assert_eq!(view.incidents, Some(Vec::new()), "none on record");
    assert!(view.incident_timeline.is_none());
}

#[test]
fn ranking_puts_passed_gates_first_then_score_then_coverage() {
    let base = hostile();
    let cards = [
        variant(&base, "gated-high", "Gated High", 95.0, 1.0, false),
        variant(&base, "low", "Low", 40.0, 1.0, true),
        variant(&base, "high-thin", "High Thin", 80.0, 0.5, true),
        variant(&base, "high-full", "High Full", 80.0, 0.9, true),
    ];
    let view = CompareView::new(&entries(&cards), &|id| format!("vendors/{id}.html"));
    let order: Vec<&str> = view.rows.iter().map(|row| row.id.as_str()).collect();
    assert_eq!(order, ["high-full", "high-thin", "low", "gated-high"]);
    assert_eq!(view.rows[0].rank, 1);
    assert_eq!(view.rows[0].href, "vendors/high-full.html");
    assert_eq!(view.rows[3].gates_failed.len(), 1);
    assert_eq!(view.heading, "4 vendors side by side");
    assert!(!view.mixed_rubrics);
}

#[test]
fn matrix_marks_failed_gates_and_the_best_score_per_practice() {
    let base = hostile();
    let mut strong = variant(&base, "strong", "Strong", 90.0, 1.0, true);
    let trusted =
        strong.practices.iter_mut().find(|p| p.practice == crate::practice::Practice::TrustedProvider).unwrap();
    trusted.score = Some(90.0);
    let cards = [base.clone(), strong];
    let view = CompareView::new(&entries(&cards), &|id| format!("{id}.html"));
    let row = view.matrix.iter().find(|row| row.title == "Trusted provider").unwrap();
    let [first, second] = &row.cells[..] else { panic!("two vendors") };
    assert_eq!((first.score.as_str(), first.best, first.gate_failed), ("90.0", true, false), "strong ranks first");
    assert_eq!((second.best, second.gate_failed), (false, true), "the gate failure is marked where it happened");
    let access = view.matrix.iter().find(|row| row.title == "Access control").unwrap();
    assert!(access.cells.iter().all(|cell| !cell.assessed && !cell.best && cell.score == "—"));
}

#[test]
fn comparing_different_rubrics_is_flagged() {
    let base = hostile();
    let mut other = variant(&base, "other", "Other", 50.0, 1.0, true);
    other.rubric.version = "2.0.0".into();
    assert!(CompareView::new(&entries(&[base, other]), &|id| format!("{id}.html")).mixed_rubrics);
}

#[test]
fn tones_follow_grades_risk_words_and_scores() {
    assert_eq!(Tone::of_grade("A"), Tone::Good);
    assert_eq!(Tone::of_grade("c+"), Tone::Fair);
    assert_eq!(Tone::of_grade("F"), Tone::Bad);
    assert_eq!(Tone::of_grade("Gold"), Tone::Neutral);
    assert_eq!(Tone::of_risk("High"), Tone::Bad);
    assert_eq!(Tone::of_risk("unusual"), Tone::Neutral);
    assert_eq!(Tone::of_score(80.0), Tone::Good);
    assert_eq!(Tone::of_score(79.9), Tone::Fair);
    assert_eq!(Tone::of_score(0.0), Tone::Bad);
}
