//! A scoring tally shared by the first-party checks: each piece of evidence earns a
//! weighted share of the score, missing evidence earns nothing and is reported, and a
//! check with too little evidence is `insufficient-evidence`, never a pass.

use crate::{Finding, Severity, Status, Verdict, finding};

/// Where a tally's score turns into a status.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Thresholds {
    /// Lowest score that passes, when no finding of `blocks_pass` severity or worse was raised.
    pub pass_at: u8,
    /// Lowest score that is a partial pass.
    pub partial_at: u8,
    /// Lowest share (0–1) of the weight that must have evidence to conclude at all.
    pub min_known_share: f64,
    /// Lowest severity of finding that rules out a pass, whatever the score.
    pub blocks_pass: Severity,
}

impl Default for Thresholds {
    /// Pass from 80, partial from 50, half the weight known; a high or critical finding
    /// blocks a pass.
    fn default() -> Self {
        Self { pass_at: 80, partial_at: 50, min_known_share: 0.5, blocks_pass: Severity::High }
    }
}

impl Thresholds {
    /// The default thresholds, except that a medium finding already blocks a pass: for
    /// checks where every medium finding is a requirement the rubric set and the vendor
    /// missed.
    pub fn strict() -> Self {
        Self { blocks_pass: Severity::Medium, ..Self::default() }
    }
}

/// Accumulates weighted requirements for one check.
#[derive(Debug)]
pub struct Tally {
    evidence: String,
    earned: f64,
    known: f64,
    possible: f64,
    findings: Vec<Finding>,
}

impl Tally {
    /// A tally over the evidence at `evidence_path` (e.g. `"access_control"`), cited by
    /// every finding it raises.
    pub fn new(evidence_path: impl Into<String>) -> Self {
        Self { evidence: evidence_path.into(), earned: 0.0, known: 0.0, possible: 0.0, findings: Vec::new() }
    }

    /// Cites `evidence_path` in the findings of the requirements added after this call,
    /// for a check whose requirements read different parts of the dossier.
    pub fn citing(&mut self, evidence_path: impl Into<String>) -> &mut Self {
        self.evidence = evidence_path.into();
        self
    }

    /// A yes/no requirement worth `weight`: `Some(true)` earns it, `Some(false)` raises a
    /// finding of `severity` with `remediation`, `None` raises a low finding that the
    /// evidence is missing.
    pub fn require(
        &mut self,
        weight: f64,
        evidence: Option<bool>,
        what: &str,
        severity: Severity,
        remediation: &str,
    ) -> &mut Self {
        let share = evidence.map(|met| if met { 1.0 } else { 0.0 });
        self.graded(weight, share, what, severity, remediation)
    }

    /// A requirement worth `weight` that can be met in part: `share` from 0 to 1.
    /// A share below 1 raises a finding of `severity`; `None` reports missing evidence.
    pub fn graded(
        &mut self,
        weight: f64,
        share: Option<f64>,
        what: &str,
        severity: Severity,
        remediation: &str,
    ) -> &mut Self {
        self.possible += weight;
        match share {
            Some(share) => {
                let share = share.clamp(0.0, 1.0);
                self.known += weight;
                self.earned += weight * share;
                if share < 1.0 {
                    self.findings.push(self.cite(severity, format!("Not met: {what}."), remediation));
                }
            }
            None => self.findings.push(self.cite(
                Severity::Low,
                format!("No evidence: {what}."),
                "Ask the vendor for documentation and record it in the dossier.",
            )),
        }
        self
    }

    /// Adds a finding that does not change the score, such as context for a reviewer.
    pub fn note(&mut self, finding: Finding) -> &mut Self {
        self.findings.push(finding);
        self
    }

    fn cite(&self, severity: Severity, message: String, remediation: &str) -> Finding {
        finding(severity, message, remediation, &[self.evidence.as_str()])
    }

    /// The verdict: `insufficient-evidence` when less than `min_known_share` of the
    /// weight had evidence; otherwise pass, partial or fail by score, where a finding of
    /// `blocks_pass` severity or worse prevents a pass. Only a pass scores 100: any other
    /// status is capped at 99, however small the miss that rounded up to 100.
    pub fn finish(self, thresholds: Thresholds) -> Verdict {
        if self.possible <= 0.0 || self.known / self.possible < thresholds.min_known_share {
            return Verdict { status: Status::InsufficientEvidence, score: 0, findings: self.findings };
        }
        let score = (self.earned / self.possible * 100.0).round().clamp(0.0, 100.0) as u8;
        let blocked = self.findings.iter().any(|f| f.severity >= thresholds.blocks_pass);
        let status = if score >= thresholds.pass_at && !blocked {
            Status::Pass
        } else if score >= thresholds.partial_at {
            Status::Partial
        } else {
            Status::Fail
        };
        let score = if status == Status::Pass { score } else { score.min(99) };
        Verdict { status, score, findings: self.findings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_met_passes_with_full_score() {
        let mut tally = Tally::new("x");
        tally.require(2.0, Some(true), "a", Severity::High, "").require(1.0, Some(true), "b", Severity::Low, "");
        let verdict = tally.finish(Thresholds::default());
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 100));
        assert!(verdict.findings.is_empty());
    }

    #[test]
    fn nothing_known_is_insufficient_never_pass() {
        let mut tally = Tally::new("x");
        tally.require(1.0, None, "a", Severity::High, "").require(1.0, None, "b", Severity::High, "");
        let verdict = tally.finish(Thresholds::default());
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
        assert_eq!(verdict.findings.len(), 2);
    }

    #[test]
    fn unknown_evidence_earns_nothing() {
        let mut tally = Tally::new("x");
        tally.require(3.0, Some(true), "a", Severity::High, "").require(1.0, None, "b", Severity::High, "");
        let verdict = tally.finish(Thresholds::default());
        assert_eq!((verdict.status, verdict.score), (Status::Partial, 75));
    }

    #[test]
    fn a_high_finding_blocks_a_pass_even_with_a_high_score() {
        let mut tally = Tally::new("x");
        tally.require(9.0, Some(true), "a", Severity::Low, "").require(1.0, Some(false), "b", Severity::High, "fix");
        let verdict = tally.finish(Thresholds::default());
        assert_eq!((verdict.status, verdict.score), (Status::Partial, 90));
        assert_eq!(verdict.findings[0].evidence, vec!["x".to_owned()]);
    }

    #[test]
    fn low_score_fails() {
        let mut tally = Tally::new("x");
        tally.require(1.0, Some(true), "a", Severity::Low, "").require(2.0, Some(false), "b", Severity::Medium, "");
        assert_eq!(tally.finish(Thresholds::default()).status, Status::Fail);
    }

    #[test]
    fn strict_thresholds_let_a_medium_finding_block_a_pass() {
        let mut tally = Tally::new("x");
        tally.require(9.0, Some(true), "a", Severity::Low, "").require(1.0, Some(false), "b", Severity::Medium, "fix");
        let verdict = tally.finish(Thresholds::strict());
        assert_eq!((verdict.status, verdict.score), (Status::Partial, 90));
    }

    #[test]
    fn default_thresholds_pass_despite_a_medium_finding() {
        let mut tally = Tally::new("x");
        tally.require(9.0, Some(true), "a", Severity::Low, "").require(1.0, Some(false), "b", Severity::Medium, "fix");
        assert_eq!(tally.finish(Thresholds::default()).status, Status::Pass);
    }

    #[test]
    fn low_findings_do_not_block_even_a_strict_pass() {
        let mut tally = Tally::new("x");
        tally.require(9.0, Some(true), "a", Severity::High, "").require(1.0, Some(false), "b", Severity::Low, "");
        let verdict = tally.finish(Thresholds::strict());
        assert_eq!((verdict.status, verdict.score), (Status::Pass, 90));
    }

    #[test]
    fn citing_changes_the_evidence_of_later_findings_only() {
        let mut tally = Tally::new("x");
        tally.require(1.0, Some(false), "a", Severity::Low, "").citing("y").require(1.0, None, "b", Severity::Low, "");
        let cited: Vec<&str> = tally.findings.iter().map(|f| f.evidence[0].as_str()).collect();
        assert_eq!(cited, ["x", "y"]);
    }

    #[test]
    fn only_a_pass_scores_100() {
        let mut tally = Tally::new("x");
        tally.require(999.0, Some(true), "a", Severity::Low, "").require(1.0, Some(false), "b", Severity::High, "");
        let verdict = tally.finish(Thresholds::default());
        assert_eq!((verdict.status, verdict.score), (Status::Partial, 99), "999/1000 rounds to 100");

        let mut tally = Tally::new("x");
        tally.require(999.0, Some(true), "a", Severity::Low, "").require(1.0, Some(false), "b", Severity::Low, "");
        assert_eq!(tally.finish(Thresholds::default()).score, 100, "a pass keeps its rounded score");
    }
}
