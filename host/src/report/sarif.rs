//! SARIF 2.1.0 for CI: a rule per check the rubric uses, a result per criterion that
//! did not pass, located at the dossier file and the line of each piece of evidence the
//! findings cite (TOML dossiers; a JSON dossier is located by file only).

use std::path::Path;

use serde_json::{Value, json};

use crate::assess::{CriterionResult, Scorecard, Status};
use crate::diagnostics::line_column;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;

/// The SARIF schema a log names.
const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The base a relative dossier path is resolved against: where riskcard ran.
const SOURCE_ROOT: &str = "SRCROOT";

/// The dossier a scorecard was assessed from, as SARIF locates it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DossierFile {
    uri: String,
    relative: bool,
    /// A TOML dossier's text with its index of key positions.
    toml: Option<(String, SpanIndex)>,
}

impl DossierFile {
    /// The dossier at `path` (as given on the command line), read again for line numbers
    /// when it is TOML.
    pub fn read(path: &Path) -> Self {
        let toml = path
            .extension()
            .is_some_and(|ext| ext == "toml")
            .then(|| inputfile::read(path, InputKind::Dossier).ok())
            .flatten()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(|source| {
                let index = SpanIndex::toml(&source);
                (source, index)
            });
        let rooted = if path.is_absolute() { path.to_owned() } else { Path::new("/").join(path) };
        let url = url::Url::from_file_path(&rooted).map(String::from).unwrap_or_default();
        let uri = if path.is_absolute() { url } else { url.trim_start_matches("file:///").to_owned() };
        Self { uri, relative: !path.is_absolute(), toml }
    }

    fn location(&self, evidence: Option<&str>) -> Value {
        let mut artifact = json!({ "uri": self.uri });
        if self.relative {
            artifact["uriBaseId"] = SOURCE_ROOT.into();
        }
        let mut physical = json!({ "artifactLocation": artifact });
        let line = evidence
            .zip(self.toml.as_ref())
            .and_then(|(path, (source, index))| index.offset(path).map(|offset| line_column(source, offset).0));
        if let Some(line) = line {
            physical["region"] = json!({ "startLine": line });
        }
        let mut location = json!({ "physicalLocation": physical });
        if let Some(path) = evidence {
            location["logicalLocations"] = json!([{ "fullyQualifiedName": path, "kind": "member" }]);
        }
        location
    }
}

fn level(status: Status) -> &'static str {
    match status {
        Status::Fail | Status::Error => "error",
        Status::Partial | Status::InsufficientEvidence => "warning",
        Status::Pass | Status::NotApplicable => "none",
    }
}

fn result(criterion: &CriterionResult, rule_index: usize, dossier: &DossierFile) -> Value {
    let mut text = format!("{}: {}.", criterion.title, criterion.status.label());
    for finding in &criterion.findings {
        text.push(' ');
        text.push_str(&finding.message);
    }
    if let Some(error) = &criterion.error {
        text.push_str(&format!(" {error}"));
    }
    let mut paths: Vec<&str> = Vec::new();
    for reference in criterion.findings.iter().flat_map(|finding| &finding.evidence) {
        if !paths.contains(&reference.path.as_str()) {
            paths.push(&reference.path);
        }
    }
    let locations: Vec<Value> = if paths.is_empty() {
        vec![dossier.location(None)]
    } else {
        paths.iter().map(|path| dossier.location(Some(path))).collect()
    };
    json!({
        "ruleId": criterion.check,
        "ruleIndex": rule_index,
        "level": level(criterion.status),
        "message": { "text": text },
        "locations": locations,
        "properties": {
            "criterion": criterion.id,
            "status": criterion.status,
            "score": criterion.score,
            "gate": criterion.gate,
        },
    })
}

/// The SARIF log of `card`, assessed from `dossier`, pretty-printed with a trailing newline.
pub fn scorecard_sarif(card: &Scorecard, dossier: &DossierFile) -> Vec<u8> {
    let mut checks: Vec<&CriterionResult> = Vec::new();
    for criterion in &card.criteria {
        if !checks.iter().any(|seen| seen.check == criterion.check) {
            checks.push(criterion);
        }
    }
    let rules: Vec<Value> = checks
        .iter()
        .map(|criterion| {
            json!({
                "id": criterion.check,
                "shortDescription": { "text": criterion.title },
                "properties": { "practice": criterion.practice },
            })
        })
        .collect();
    let results: Vec<Value> = card
        .criteria
        .iter()
        .filter(|criterion| !matches!(criterion.status, Status::Pass | Status::NotApplicable))
        .map(|criterion| {
            let index = checks.iter().position(|seen| seen.check == criterion.check).unwrap_or_default();
            result(criterion, index, dossier)
        })
        .collect();
    let mut run = json!({
        "tool": { "driver": {
            "name": "riskcard",
            "version": card.provenance.riskcard_version,
            "rules": rules,
        }},
        "results": results,
        "properties": {
            "vendor": card.vendor.id,
            "rubric": format!("{} {}", card.rubric.id, card.rubric.version),
            "asOf": card.as_of,
            "grade": card.grade,
            "score": card.score,
            "coverage": card.coverage,
        },
    });
    if dossier.relative {
        let mut bases = serde_json::Map::new();
        bases.insert(SOURCE_ROOT.to_owned(), json!({ "description": { "text": "The directory riskcard ran in." } }));
        run["originalUriBaseIds"] = bases.into();
    }
    let log = json!({ "$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run] });
    let mut bytes = serde_json::to_vec_pretty(&log).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
