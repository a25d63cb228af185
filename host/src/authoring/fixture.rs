//! Golden fixtures for plugin authors: each fixture file names a dossier, an as-of
//! date and the criteria to ask (check and parameters), with the results expected —
//! status, score and finding severities. Loading reports every problem of every file
//! with its line; comparing turns a real sandboxed run into a readable diff.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{self, Date, LoadedDossier};
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;
use crate::rubric::{CatalogPlugin, Criterion, Gate, OnMissing, ParamValue};
use crate::runtime::{self, CriterionOutcome, PluginRun};

/// Where the fixture format is described.
const HELP: &str = "see \"Golden fixtures\" in docs/plugins.md";

/// A status a fixture can expect: a check's outcome, or `error` when the plugin failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
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
    /// The plugin failed: it trapped, hit a limit, returned an error or broke the protocol.
    Error,
}

impl Status {
    fn of(status: runtime::Status) -> Self {
        match status {
            runtime::Status::Pass => Self::Pass,
            runtime::Status::Partial => Self::Partial,
            runtime::Status::Fail => Self::Fail,
            runtime::Status::NotApplicable => Self::NotApplicable,
            runtime::Status::InsufficientEvidence => Self::InsufficientEvidence,
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Pass => "pass",
            Self::Partial => "partial",
            Self::Fail => "fail",
            Self::NotApplicable => "not-applicable",
            Self::InsufficientEvidence => "insufficient-evidence",
            Self::Error => "error",
        })
    }
}

/// A finding severity, as a fixture writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
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

impl Severity {
    fn of(severity: runtime::Severity) -> Self {
        match severity {
            runtime::Severity::Info => Self::Info,
            runtime::Severity::Low => Self::Low,
            runtime::Severity::Medium => Self::Medium,
            runtime::Severity::High => Self::High,
            runtime::Severity::Critical => Self::Critical,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Info => "info",
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
            Self::Critical => "critical",
        })
    }
}

/// A fixture file as serde reads it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureFile {
    description: Option<String>,
    dossier: String,
    as_of: Date,
    criteria: Vec<CriterionFile>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionFile {
    id: String,
    check: String,
    #[serde(default)]
    params: BTreeMap<String, toml::Value>,
    expect: Expectation,
}

/// What a fixture expects of one criterion; a field left out is not compared.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The status.
    pub status: Status,
    /// The score, 0–100.
    pub score: Option<u8>,
    /// The severities of the findings, in the order the plugin gives them.
    pub findings: Option<Vec<Severity>>,
    /// Text the failure reason must contain; only with status `error`.
    pub error: Option<String>,
}

/// One criterion a fixture asks.
#[derive(Debug, Clone, PartialEq)]
pub struct FixtureCriterion {
    /// Its id, unique within the fixture.
    pub id: String,
    /// The check, without the plugin prefix.
    pub check: String,
    /// Parameters given; the plugin's defaults fill the rest.
    pub params: BTreeMap<String, ParamValue>,
    /// What the result must be.
    pub expect: Expectation,
}

/// A loaded fixture, checked against the plugin under test.
#[derive(Debug, Clone, PartialEq)]
pub struct Fixture {
    /// The fixture file.
    pub path: PathBuf,
    /// What the fixture shows.
    pub description: Option<String>,
    /// The dossier evaluated.
    pub dossier: LoadedDossier,
    /// The assessment date.
    pub as_of: Date,
    /// The criteria asked, in file order.
    pub criteria: Vec<FixtureCriterion>,
}

/// The fixture files in `dir`: its `*.toml` files, not recursively, sorted.
pub fn fixture_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        Diagnostic::new(dir, format!("cannot read fixture directory: {error}"))
            .help("pass a directory of fixture .toml files; put their dossiers in a subdirectory")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::new(dir, "the directory holds no fixtures (*.toml)").help(HELP).into());
    }
    Ok(files)
}

/// Loads every fixture in `dir` for `plugin`, reporting the problems of all files together.
pub fn load_dir(dir: &Path, plugin: &CatalogPlugin) -> Result<Vec<Fixture>, Diagnostics> {
    let mut fixtures = Vec::new();
    let mut problems = Vec::new();
    for path in fixture_files(dir)? {
        match load(&path, plugin) {
            Ok(fixture) => fixtures.push(fixture),
            Err(Diagnostics(found)) => problems.extend(found),
        }
    }
    if problems.is_empty() { Ok(fixtures) } else { Err(Diagnostics(problems)) }
}

/// Reads the fixture at `path` and checks it against `plugin`: its checks exist and its
/// parameters are known and well typed; the dossier it names loads cleanly.
pub fn load(path: &Path, plugin: &CatalogPlugin) -> Result<Fixture, Diagnostics> {
    let bytes = inputfile::read(path, InputKind::Fixture).map_err(|error| error.diagnostic(path))?;
    let source = String::from_utf8(bytes).map_err(|_| Diagnostic::new(path, "fixture is not UTF-8 text").help(HELP))?;
    let file: FixtureFile = toml::from_str(&source).map_err(|error| {
        let mut diagnostic = Diagnostic::new(path, error.message().trim().to_owned()).help(HELP);
        if let Some(span) = error.span() {
            diagnostic = diagnostic.at_offset(&source, span.start);
        }
        diagnostic
    })?;
    let mut problems = Vec::new();
    let spans = std::cell::OnceCell::new();
    let mut add = |key: &str, message: String, help: String| {
        let place = spans.get_or_init(|| SpanIndex::toml(&source)).place(&source, key);
        problems.push(Diagnostic::new(path, message).key(key).help(help).at_place(place));
    };
    if file.criteria.is_empty() {
        add("criteria", "the fixture asks no criteria".to_owned(), "add at least one [[criteria]] table".to_owned());
    }
    let mut seen = BTreeSet::new();
    let mut criteria = Vec::new();
    for (index, criterion) in file.criteria.into_iter().enumerate() {
        let at = |key: &str| format!("criteria[{index}].{key}");
        if criterion.id.is_empty() || !seen.insert(criterion.id.clone()) {
            add(
                &at("id"),
                format!("criterion id `{}` is empty or used twice", criterion.id),
                "give each criterion its own id".to_owned(),
            );
        }
        let Some(check) = plugin.check(&criterion.check) else {
            let known = plugin.checks.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ");
            let hint =
                if criterion.check.contains('/') { "write the check id without the plugin prefix; " } else { "" };
            add(
                &at("check"),
                format!("plugin `{}` has no check `{}`", plugin.name, criterion.check),
                format!("{hint}its checks are: {known}"),
            );
            continue;
        };
        let mut params = BTreeMap::new();
        for (name, value) in &criterion.params {
            let key = at(&format!("params.{name}"));
            let Some(declared) = check.params.iter().find(|param| &param.name == name) else {
                let known = check.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
                add(
                    &key,
                    format!("check `{}` has no parameter `{name}`", check.id),
                    if known.is_empty() {
                        "this check takes no parameters".to_owned()
                    } else {
                        format!("its parameters are: {known}")
                    },
                );
                continue;
            };
            match ParamValue::from_toml(value).filter(|value| value.fits(declared.kind)) {
                Some(value) => {
                    params.insert(name.clone(), value);
                }
                None => add(&key, format!("parameter `{name}` must be {}", declared.kind.name()), HELP.to_owned()),
            }
        }
        let expect = criterion.expect;
        if expect.score.is_some_and(|score| score > 100) {
            add(&at("expect.score"), "a score is at most 100".to_owned(), "give a score from 0 to 100".to_owned());
        }
        if expect.error.is_some() && expect.status != Status::Error {
            add(
                &at("expect.error"),
                "`error` goes only with status = \"error\"".to_owned(),
                "remove `error`, or expect status = \"error\"".to_owned(),
            );
        }
        if expect.status == Status::Error && (expect.score.is_some() || expect.findings.is_some()) {
            add(
                &at("expect"),
                "a failed plugin gives no score or findings".to_owned(),
                "with status = \"error\", expect only `error`".to_owned(),
            );
        }
        criteria.push(FixtureCriterion { id: criterion.id, check: criterion.check, params, expect });
    }
    let dossier_path = path.parent().unwrap_or(Path::new(".")).join(&file.dossier);
    let dossier = if dossier_path.is_file() {
        dossier::load(&dossier_path).map_err(|Diagnostics(found)| problems.extend(found)).ok()
    } else {
        add(
            "dossier",
            format!("dossier `{}` not found (looked for {})", file.dossier, dossier_path.display()),
            "give the dossier's path relative to this fixture, e.g. dossiers/acme.toml".to_owned(),
        );
        None
    };
    match dossier {
        Some(dossier) if problems.is_empty() => {
            Ok(Fixture { path: path.to_owned(), description: file.description, dossier, as_of: file.as_of, criteria })
        }
        _ => Err(Diagnostics(problems)),
    }
}

impl Fixture {
    /// The fixture's criteria as rubric criteria of `plugin`, ready to plan; the
    /// practice is the check's own.
    pub fn rubric_criteria(&self, plugin: &CatalogPlugin) -> Vec<Criterion> {
        self.criteria
            .iter()
            .filter_map(|criterion| {
                let check = plugin.check(&criterion.check)?;
                Some(Criterion {
                    id: criterion.id.clone(),
                    title: None,
                    practice: check.practice,
                    plugin: plugin.name.clone(),
                    check: criterion.check.clone(),
                    weight: 1.0,
                    params: criterion.params.clone(),
                    on_missing: OnMissing::Zero,
                    gate: Gate::None,
                    evidence: None,
                })
            })
            .collect()
    }

    /// Compares a run of this fixture with what it expects.
    pub fn compare(&self, run: &PluginRun) -> Vec<CriterionDiff> {
        self.criteria.iter().filter_map(|criterion| diff(criterion, run.outcomes.get(&criterion.id))).collect()
    }
}

/// One field that differs from the fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldDiff {
    /// `status`, `score`, `findings` or `error`.
    pub field: &'static str,
    /// What the fixture expects.
    pub expected: String,
    /// What the plugin gave.
    pub actual: String,
}

/// How one criterion's result differs from the fixture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionDiff {
    /// The criterion.
    pub criterion: String,
    /// Its check.
    pub check: String,
    /// The fields that differ.
    pub fields: Vec<FieldDiff>,
    /// The findings the plugin gave, as `severity: message`, so the author sees why.
    pub findings: Vec<String>,
    /// The failure reason, when the plugin failed.
    pub error: Option<String>,
}

fn list(severities: &[Severity]) -> String {
    format!("[{}]", severities.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
}

fn diff(criterion: &FixtureCriterion, outcome: Option<&CriterionOutcome>) -> Option<CriterionDiff> {
    let expect = &criterion.expect;
    let mut fields = Vec::new();
    let mut field = |field, expected: String, actual: String| {
        if expected != actual {
            fields.push(FieldDiff { field, expected, actual });
        }
    };
    let (findings, error) = match outcome {
        None => {
            field("status", expect.status.to_string(), "no result".to_owned());
            (Vec::new(), None)
        }
        Some(CriterionOutcome::Failed(reason)) => {
            field("status", expect.status.to_string(), Status::Error.to_string());
            if let Some(wanted) = &expect.error
                && !reason.contains(wanted.as_str())
            {
                field("error", format!("text containing {wanted:?}"), format!("{reason:?}"));
            }
            (Vec::new(), Some(reason.clone()))
        }
        Some(CriterionOutcome::Evaluated(evaluation)) => {
            field("status", expect.status.to_string(), Status::of(evaluation.status).to_string());
            if let Some(score) = expect.score {
                field("score", score.to_string(), evaluation.score.to_string());
            }
            let severities: Vec<Severity> = evaluation.findings.iter().map(|f| Severity::of(f.severity)).collect();
            if let Some(expected) = &expect.findings {
                field("findings", list(expected), list(&severities));
            }
            let shown = evaluation
                .findings
                .iter()
                .map(|finding| format!("{}: {}", Severity::of(finding.severity), finding.message))
                .collect();
            (shown, None)
        }
    };
    (!fields.is_empty()).then(|| CriterionDiff {
        criterion: criterion.id.clone(),
        check: criterion.check.clone(),
        fields,
        findings,
        error,
    })
}

impl fmt::Display for CriterionDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  criterion `{}` (check {}):", self.criterion, self.check)?;
        let width = self.fields.iter().map(|d| d.field.len()).max().unwrap_or(0);
        for diff in &self.fields {
            writeln!(f, "    {:<width$}  - expected {}", diff.field, diff.expected)?;
            writeln!(f, "    {:<width$}  + actual   {}", "", diff.actual)?;
        }
        if let Some(error) = &self.error {
            writeln!(f, "    the plugin failed: {error}")?;
        }
        if !self.findings.is_empty() {
            writeln!(f, "    findings given:")?;
            for finding in &self.findings {
                writeln!(f, "      {finding}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
