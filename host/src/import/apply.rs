//! Turning answers into dossier facts: each mapped answer sets its fields, marked as
//! vendor-attested with the question, answer, file hash and cell it came from. The
//! analyst's evidence wins, fact by fact: a field the analyst already wrote is never
//! overwritten, every such fact is listed as skipped, and one whose value differs is
//! kept as a disputed claim so the scorecard can show both sides.

use std::collections::BTreeMap;

use serde_json::Value;

use super::mapping::{Answer, Mapping, set};
use super::questionnaire::AnswerRow;
use crate::dossier::{Attestation, DisputedClaim, Dossier, value_at};

/// Where the answers came from, as every attestation records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The questionnaire's name, e.g. `CAIQ` or `CAIQ-Lite`.
    pub questionnaire: String,
    /// Its version, when known.
    pub version: Option<String>,
    /// SHA-256 of the file.
    pub sha256: String,
    /// The file's name, for the `source` of sections the import creates.
    pub file_name: String,
}

/// A fact the import set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filled {
    /// Its evidence path.
    pub path: String,
    /// The question that set it.
    pub question: String,
}

/// A fact the import left alone because the analyst's dossier already states it.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// Its evidence path.
    pub path: String,
    /// The question whose answer implied it.
    pub question: String,
    /// The answer's cell.
    pub cell: String,
    /// What the answer implies.
    pub claimed: Value,
    /// What the dossier states.
    pub stated: Value,
}

impl Skipped {
    /// Whether the answer contradicts the dossier.
    pub fn contradicts(&self) -> bool {
        self.claimed != self.stated
    }
}

/// The result of an import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The dossier with the imported facts.
    pub dossier: Dossier,
    /// Facts set, in mapping order.
    pub filled: Vec<Filled>,
    /// Facts skipped because the analyst's dossier states them, in mapping order.
    pub skipped: Vec<Skipped>,
    /// Mapped questions answered "not applicable".
    pub not_applicable: Vec<String>,
    /// Mapped questions left unanswered.
    pub unanswered: Vec<String>,
    /// Mapped questions a CAIQ-Lite does not ask.
    pub not_asked: Vec<String>,
}

/// Applies `answers` through `mapping` to `base`; an error says why the facts together
/// do not make a dossier.
pub fn apply(
    mapping: &Mapping,
    answers: &BTreeMap<String, AnswerRow>,
    origin: &Origin,
    base: Dossier,
) -> Result<Imported, String> {
    let mut tree = serde_json::to_value(&base).unwrap_or(Value::Null);
    let mut attestations = base.attestations.clone();
    let mut disputed = base.disputed.clone();
    let mut imported = Imported {
        dossier: base,
        filled: Vec::new(),
        skipped: Vec::new(),
        not_applicable: Vec::new(),
        unanswered: Vec::new(),
        not_asked: Vec::new(),
    };
    let source = Value::String(match &origin.version {
        Some(version) => format!("{} v{version} answers in {}", origin.questionnaire, origin.file_name),
        None => format!("{} answers in {}", origin.questionnaire, origin.file_name),
    });
    for question in &mapping.questions {
        let Some(row) = answers.get(&question.id) else {
            imported.not_asked.push(question.id.clone());
            continue;
        };
        let answer = match row.answer {
            None => {
                imported.unanswered.push(question.id.clone());
                continue;
            }
            Some(Answer::NotApplicable) => {
                imported.not_applicable.push(question.id.clone());
                continue;
            }
            Some(answer) => answer,
        };
        for (path, claimed) in question.facts(answer) {
            let attestation = Attestation {
                questionnaire: origin.questionnaire.clone(),
                version: origin.version.clone(),
                question: Some(question.id.clone()),
                answer: Some(row.text.clone()),
                sha256: Some(origin.sha256.clone()),
                cell: Some(row.cell.clone()),
                rubric: None,
                recorded: None,
            };
            let stated = value_at(&tree, path).filter(|value| !value.is_null()).cloned();
            match stated {
                Some(stated) if !attestations.contains_key(path) => {
                    if stated == *claimed {
                        disputed.remove(path);
                    } else {
                        disputed.insert(path.clone(), DisputedClaim { claimed: claimed.clone(), attestation });
                    }
                    imported.skipped.push(Skipped {
                        path: path.clone(),
                        question: question.id.clone(),
                        cell: row.cell.clone(),
                        claimed: claimed.clone(),
                        stated,
                    });
                }
                _ => {
                    let section = path.rsplit_once('.').map_or("", |(section, _)| section);
                    if value_at(&tree, section).is_none() && is_sourced(section) {
                        set(&mut tree, &format!("{section}.source"), source.clone());
                    }
                    set(&mut tree, path, claimed.clone());
                    attestations.insert(path.clone(), attestation);
                    disputed.remove(path);
                    imported.filled.push(Filled { path: path.clone(), question: question.id.clone() });
                }
            }
        }
    }
    let mut dossier = serde_json::from_value::<Dossier>(tree).map_err(|error| error.to_string())?;
    dossier.attestations = attestations;
    dossier.disputed = disputed;
    imported.dossier = dossier;
    Ok(imported)
}

/// Whether the section at `path` has a `source` of its own: a top-level section or a
/// regulation under `compliance`.
fn is_sourced(path: &str) -> bool {
    match path.split_once('.') {
        None => !path.is_empty(),
        Some((head, rest)) => head == "compliance" && !rest.contains('.'),
    }
}
