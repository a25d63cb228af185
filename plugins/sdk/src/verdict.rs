//! What a check concludes — [`Verdict`] — with constructors for the verdicts every
//! plugin writes the same way and accessors for reading one back.

use crate::{Finding, Severity, Status, finding};

/// What a check concludes: the outcome, a score 0–100 and the findings behind it.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The outcome.
    pub status: Status,
    /// Score from 0 to 100.
    pub score: u8,
    /// The observations behind it.
    pub findings: Vec<Finding>,
}

impl Verdict {
    /// The verdict for a check whose evidence is absent: never a pass, score 0.
    pub fn insufficient(finding: Finding) -> Self {
        Self { status: Status::InsufficientEvidence, score: 0, findings: vec![finding] }
    }

    /// The verdict when the dossier lacks the section at `path` (e.g. `"backup"`) that a
    /// check reads: [`insufficient`](Self::insufficient), with one medium finding that
    /// says the dossier has no `what` evidence (e.g. `"backup"`) and asks the vendor `ask`,
    /// which completes "Ask the vendor …" (e.g. `"how often customer data is backed up"`).
    pub fn missing_section(path: &str, what: &str, ask: &str) -> Self {
        Self::insufficient(finding(
            Severity::Medium,
            format!("The dossier has no {what} evidence for this vendor."),
            format!("Ask the vendor {ask}, and record the answers in the {path} section of the dossier."),
            &[path],
        ))
    }

    /// The messages of all findings, in order, one per line.
    pub fn messages(&self) -> String {
        self.findings.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join("\n")
    }

    /// The severity of the most severe finding; [`Severity::Info`] when there are none.
    pub fn worst(&self) -> Severity {
        self.findings.iter().map(|f| f.severity).max().unwrap_or(Severity::Info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_section_is_insufficient_and_cites_the_section() {
        let verdict = Verdict::missing_section("backup", "backup", "how often data is backed up");
        assert_eq!((verdict.status, verdict.score), (Status::InsufficientEvidence, 0));
        assert_eq!(verdict.findings.len(), 1);
        let only = &verdict.findings[0];
        assert_eq!(only.severity, Severity::Medium);
        assert_eq!(only.message, "The dossier has no backup evidence for this vendor.");
        assert_eq!(
            only.remediation,
            "Ask the vendor how often data is backed up, and record the answers in the backup section of the dossier."
        );
        assert_eq!(only.evidence, vec!["backup".to_owned()]);
    }

    #[test]
    fn messages_and_worst_read_every_finding() {
        let verdict = Verdict {
            status: Status::Partial,
            score: 60,
            findings: vec![
                finding(Severity::Low, "first", "", &[]),
                finding(Severity::High, "second", "", &[]),
                finding(Severity::Medium, "third", "", &[]),
            ],
        };
        assert_eq!(verdict.messages(), "first\nsecond\nthird");
        assert_eq!(verdict.worst(), Severity::High);
    }

    #[test]
    fn a_verdict_without_findings_reads_as_info() {
        let verdict = Verdict { status: Status::Pass, score: 100, findings: Vec::new() };
        assert_eq!(verdict.messages(), "");
        assert_eq!(verdict.worst(), Severity::Info);
    }
}
