//! What a plugin run yields, in the host's own types, and the validation that keeps
//! a plugin from forging results: only the criteria it was asked, each exactly once,
//! scores within 0–100, findings and text within the limits.

use std::collections::BTreeMap;

use super::bindings::riskcard::plugin::checks as wit;
use super::limits::Limits;
use super::sandbox::Captured;

/// The outcome of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Meets the criterion.
    Pass,
    /// Meets part of it.
    Partial,
    /// Does not meet it.
    Fail,
    /// Does not apply.
    NotApplicable,
    /// The evidence needed is missing.
    InsufficientEvidence,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// For information.
    Info,
    /// Low.
    Low,
    /// Medium.
    Medium,
    /// High.
    High,
    /// Critical.
    Critical,
}

/// One observation behind a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// How much it matters.
    pub severity: Severity,
    /// What was observed.
    pub message: String,
    /// What to do about it.
    pub remediation: String,
    /// Dossier paths of the evidence used.
    pub evidence: Vec<String>,
}

/// A validated result for one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// The outcome.
    pub status: Status,
    /// Score 0–100.
    pub score: u8,
    /// Findings.
    pub findings: Vec<Finding>,
}

/// What happened to one criterion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CriterionOutcome {
    /// The plugin evaluated it.
    Evaluated(Evaluation),
    /// The plugin failed (trap, limit, error or invalid result); the reason says which.
    Failed(String),
}

/// One plugin's run over one vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginRun {
    /// The plugin's name.
    pub plugin: String,
    /// Outcomes by criterion id.
    pub outcomes: BTreeMap<String, CriterionOutcome>,
    /// What it logged and printed.
    pub captured: Captured,
    /// Fuel it burned.
    pub fuel_used: u64,
}

/// What each string of a result costs beyond its bytes, toward the result limit, so
/// that a flood of empty strings counts too: about what quoting and separating it
/// takes in the JSON scorecard.
pub const BYTES_PER_STRING: usize = 8;
/// What each finding costs beyond its strings: about its severity and braces in the
/// JSON scorecard.
pub const BYTES_PER_FINDING: usize = 32;

/// Bytes `result` counts toward the result limit: every string and every finding in it.
fn result_bytes(result: &wit::CheckResult) -> usize {
    let string = |text: &String| text.len() + BYTES_PER_STRING;
    let finding = |finding: &wit::Finding| {
        BYTES_PER_FINDING
            + string(&finding.message)
            + string(&finding.remediation)
            + finding.evidence.iter().map(string).sum::<usize>()
    };
    string(&result.criterion_id) + result.findings.iter().map(finding).sum::<usize>()
}

/// `text` cut to at most `max` bytes on a character boundary.
pub fn clip(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// The most a failure reason quotes of what a failing plugin wrote to stderr, in bytes.
pub const LAST_WORDS_BYTES: usize = 300;

/// What a plugin that failed said last on stderr, for its failure reason: a Python
/// exception with the line that raised it (componentize-py prints the traceback, then
/// panics), a Rust panic's location and message (`the plugin panicked at
/// src/lib.rs:21:5: …`), or else the last line it wrote. Clipped to
/// [`LAST_WORDS_BYTES`], on one line with every control character shown visibly.
pub fn last_words(stderr: &str) -> Option<String> {
    let panic_at = stderr.rfind("panicked at ");
    // The traceback before the panic, if any: its last line is the exception, and the
    // `File "…", line N, in f` line before that says where it was raised.
    let before_panic = &stderr[..panic_at.map_or(stderr.len(), |at| stderr[..at].rfind('\n').unwrap_or(0))];
    let said = if let Some(traceback) =
        before_panic.rfind("Traceback (most recent call last):").map(|at| &before_panic[at..])
    {
        let lines: Vec<&str> = traceback.lines().map(str::trim).filter(|line| !line.is_empty()).collect();
        let exception = lines.last().copied().unwrap_or_default();
        match lines.iter().rev().find(|line| line.starts_with("File ")) {
            Some(place) => format!("the plugin raised {exception} ({place})"),
            None => format!("the plugin raised {exception}"),
        }
    } else if let Some(at) = panic_at {
        let panic = &stderr[at + "panicked at ".len()..];
        let (location, rest) = panic.split_once('\n').unwrap_or((panic, ""));
        let message: Vec<&str> =
            rest.lines().take_while(|line| !line.starts_with("note: ")).filter(|line| !line.is_empty()).collect();
        format!("the plugin panicked at {} {}", location.trim_end(), message.join("\n"))
    } else {
        format!("its last line on stderr: {}", stderr.lines().rev().find(|line| !line.trim().is_empty())?.trim())
    };
    let clipped = clip(said.trim_end(), LAST_WORDS_BYTES);
    let ellipsis = if clipped.len() < said.trim_end().len() { "…" } else { "" };
    Some(format!("{}{ellipsis}", crate::terminal::visible(clipped)))
}

/// Every asked criterion failed for `reason`.
pub fn all_failed(asked: &[&str], reason: &str) -> BTreeMap<String, CriterionOutcome> {
    asked.iter().map(|id| ((*id).to_owned(), CriterionOutcome::Failed(reason.to_owned()))).collect()
}

/// Checks the plugin's results; any violation fails all of the plugin's criteria,
/// since a plugin that breaks the protocol cannot be trusted for the rest either.
pub fn validate(asked: &[&str], results: Vec<wit::CheckResult>, limits: &Limits) -> BTreeMap<String, CriterionOutcome> {
    match check(asked, &results, limits) {
        Err(violation) => all_failed(asked, &format!("rejected the plugin's results: {violation}")),
        Ok(()) => results
            .into_iter()
            .map(|result| (result.criterion_id.clone(), CriterionOutcome::Evaluated(evaluation(result))))
            .collect(),
    }
}

fn check(asked: &[&str], results: &[wit::CheckResult], limits: &Limits) -> Result<(), String> {
    let mut answered: Vec<&str> = Vec::new();
    let mut text_bytes = 0usize;
    for result in results {
        let id = clip(&result.criterion_id, 100);
        if !asked.contains(&result.criterion_id.as_str()) {
            return Err(format!("a result for `{id}`, which was not asked"));
        }
        if answered.contains(&result.criterion_id.as_str()) {
            return Err(format!("more than one result for `{id}`"));
        }
        answered.push(&result.criterion_id);
        if result.score > 100 {
            return Err(format!("score {} for `{id}` is outside 0–100", result.score));
        }
        if result.findings.len() > limits.max_findings {
            return Err(format!(
                "{} findings for `{id}`, more than the limit of {}",
                result.findings.len(),
                limits.max_findings
            ));
        }
        text_bytes = text_bytes.saturating_add(result_bytes(result));
    }
    if text_bytes > limits.max_result_bytes {
        return Err(format!(
            "{text_bytes} bytes of results (every string counted, each {BYTES_PER_STRING} bytes more), more than the limit of {} bytes",
            limits.max_result_bytes
        ));
    }
    if let Some(missing) = asked.iter().find(|id| !answered.contains(id)) {
        return Err(format!("no result for `{missing}`"));
    }
    Ok(())
}

fn evaluation(result: wit::CheckResult) -> Evaluation {
    Evaluation {
        status: match result.status {
            wit::Status::Pass => Status::Pass,
            wit::Status::Partial => Status::Partial,
            wit::Status::Fail => Status::Fail,
            wit::Status::NotApplicable => Status::NotApplicable,
            wit::Status::InsufficientEvidence => Status::InsufficientEvidence,
        },
        score: result.score,
        findings: result
            .findings
            .into_iter()
            .map(|finding| Finding {
                severity: match finding.severity {
                    wit::Severity::Info => Severity::Info,
                    wit::Severity::Low => Severity::Low,
                    wit::Severity::Medium => Severity::Medium,
                    wit::Severity::High => Severity::High,
                    wit::Severity::Critical => Severity::Critical,
                },
                message: finding.message,
                remediation: finding.remediation,
                evidence: finding.evidence,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, score: u8) -> wit::CheckResult {
        wit::CheckResult { criterion_id: id.to_owned(), status: wit::Status::Pass, score, findings: Vec::new() }
    }

    fn reason(outcomes: &BTreeMap<String, CriterionOutcome>, id: &str) -> String {
        match &outcomes[id] {
            CriterionOutcome::Failed(reason) => reason.clone(),
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn a_panic_is_quoted_with_its_location_clipped_and_escaped() {
        let stderr = "\nthread '<unnamed>' panicked at src/lib.rs:21:5:\nhostile plugin panicked on purpose\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            last_words(stderr).unwrap(),
            "the plugin panicked at src/lib.rs:21:5: hostile plugin panicked on purpose"
        );
        let hostile = format!("thread 'x' panicked at a.rs:1:1:\n\u{1b}[2J{}\nsecond line", "x".repeat(1000));
        let said = last_words(&hostile).unwrap();
        assert!(said.starts_with("the plugin panicked at a.rs:1:1: \\u{1b}[2Jxxx"), "{said}");
        assert!(said.ends_with('…') && said.len() < LAST_WORDS_BYTES + 40, "{said}");
        assert!(!said.chars().any(char::is_control), "{said:?}");
        // componentize-py prints the traceback, then panics in its own runtime.
        let python = "Traceback (most recent call last):\n  File \"/0/app.py\", line 67, in evaluate\n  File \"/0/checks.py\", line 35, in security_txt\nZeroDivisionError: division by zero\n\nthread '<unnamed>' (1) panicked at runtime/src/lib.rs:1293:29:\nPython function threw an unexpected exception\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
        assert_eq!(
            last_words(python).unwrap(),
            "the plugin raised ZeroDivisionError: division by zero (File \"/0/checks.py\", line 35, in security_txt)"
        );
        assert_eq!(last_words("warming up\nout of paper\n").unwrap(), "its last line on stderr: out of paper");
        assert_eq!(last_words(" \n"), None);
    }

    #[test]
    fn accepts_one_result_per_asked_criterion() {
        let outcomes = validate(&["a", "b"], vec![result("b", 10), result("a", 100)], &Limits::default());
        assert!(matches!(&outcomes["a"], CriterionOutcome::Evaluated(e) if e.score == 100));
        assert!(matches!(&outcomes["b"], CriterionOutcome::Evaluated(e) if e.score == 10));
    }

    #[test]
    fn rejects_unasked_duplicate_missing_and_out_of_range_results() {
        let limits = Limits::default();
        let unasked = validate(&["a"], vec![result("a", 1), result("z", 1)], &limits);
        assert!(reason(&unasked, "a").contains("`z`, which was not asked"));
        let duplicate = validate(&["a"], vec![result("a", 1), result("a", 2)], &limits);
        assert!(reason(&duplicate, "a").contains("more than one result"));
        let missing = validate(&["a", "b"], vec![result("a", 1)], &limits);
        assert!(reason(&missing, "b").contains("no result for `b`"));
        let out_of_range = validate(&["a"], vec![result("a", 101)], &limits);
        assert!(reason(&out_of_range, "a").contains("outside 0–100"));
    }

    #[test]
    fn rejects_oversized_results() {
        let limits = Limits { max_result_bytes: 10, ..Limits::default() };
        let mut big = result("a", 1);
        big.findings.push(wit::Finding {
            severity: wit::Severity::Info,
            message: "x".repeat(11),
            remediation: String::new(),
            evidence: Vec::new(),
        });
        assert!(reason(&validate(&["a"], vec![big], &limits), "a").contains("more than the limit"));
    }

    #[test]
    fn empty_evidence_paths_count_toward_the_limit() {
        let limits = Limits { max_result_bytes: 1000, ..Limits::default() };
        let mut flood = result("a", 1);
        flood.findings.push(wit::Finding {
            severity: wit::Severity::Info,
            message: String::new(),
            remediation: String::new(),
            evidence: vec![String::new(); 200],
        });
        let expected = "a".len() + BYTES_PER_STRING + BYTES_PER_FINDING + 202 * BYTES_PER_STRING;
        assert_eq!(result_bytes(&flood), expected);
        assert!(
            reason(&validate(&["a"], vec![flood], &limits), "a")
                .starts_with(&format!("rejected the plugin's results: {expected} bytes of results"))
        );
    }

    #[test]
    fn clips_on_character_boundaries() {
        assert_eq!(clip("héllo", 2), "h");
        assert_eq!(clip("abc", 10), "abc");
    }
}
