//! The vendor questionnaire: one self-contained HTML form, generated from the dossier's
//! JSON Schema, that a vendor fills in offline and saves as a dossier marked
//! vendor-attested. The only riskcard output that carries script, under a strict
//! Content-Security-Policy that allows exactly the inline script and style it was
//! generated with.

mod fields;
mod sections;

use std::collections::BTreeSet;

use askama::Template;
use base64::Engine;
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use fields::{Choice, Control, Field, UnsupportedSchema};
pub use sections::{SECTIONS, SectionSpec, is_skipped, sections_read};

use crate::dossier::Dossier;
use crate::practice::Practice;
use crate::rubric::Rubric;
use fields::SchemaTree;

/// The name the form writes into every attestation it makes.
pub const QUESTIONNAIRE: &str = crate::dossier::RISKCARD_QUESTIONNAIRE;

/// The form's version: riskcard's.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The form's script and style, included verbatim and allowed by their hashes.
const SCRIPT: &str = include_str!("form.js");
const STYLE: &str = include_str!("form.css");

/// Building the questionnaire failed.
#[derive(Debug, thiserror::Error)]
pub enum QuestionnaireError {
    /// The dossier schema has a field the form has no control for.
    #[error(transparent)]
    Schema(#[from] UnsupportedSchema),
    /// The prefill dossier could not be turned into JSON.
    #[error("cannot embed the prefill dossier: {0}")]
    Prefill(#[from] serde_json::Error),
    /// The template engine failed.
    #[error("cannot render the questionnaire: {0}")]
    Render(#[from] askama::Error),
}

/// Everything the page's script needs, embedded in the page as JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// [`QUESTIONNAIRE`].
    pub questionnaire: &'static str,
    /// [`VERSION`].
    pub version: &'static str,
    /// The rubric the form asks for, as `id@version`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rubric: Option<String>,
    /// The rubric's title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rubric_title: Option<String>,
    /// Checks of the rubric whose needs riskcard does not know; when there are any, the
    /// form asks for every section.
    pub unknown_checks: Vec<String>,
    /// The sections asked, grouped: "about you" first, then by practice.
    pub groups: Vec<Group>,
    /// The dossier the form starts from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub prefill: Option<serde_json::Value>,
}

/// The sections asked for one practice.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    /// The practice's id, or `vendor` for the vendor's identity.
    pub id: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// Its sections, in [`SECTIONS`] order.
    pub sections: Vec<Section>,
}

/// One section of the dossier, with its questions.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    /// Its path in the dossier.
    pub path: &'static str,
    /// Its heading.
    pub title: &'static str,
    /// Why it is asked.
    pub why: &'static str,
    /// The section is itself a list (`certifications`): its one field is the section.
    pub whole: bool,
    /// Its questions, from the schema.
    pub fields: Vec<Field>,
}

impl Plan {
    /// The questions for `rubric` (every section without one), starting from `prefill`.
    pub fn new(rubric: Option<&Rubric>, prefill: Option<&Dossier>) -> Result<Self, QuestionnaireError> {
        let mut unknown_checks = Vec::new();
        let wanted: Option<BTreeSet<&str>> = rubric.map(|rubric| {
            let mut wanted = BTreeSet::from(["vendor"]);
            for criterion in &rubric.criteria {
                let check = format!("{}/{}", criterion.plugin, criterion.check);
                match sections_read(&check) {
                    Some(paths) => wanted.extend(paths.iter().copied()),
                    None => unknown_checks.push(check),
                }
            }
            wanted
        });
        let ask_all = !unknown_checks.is_empty();
        let asked = |path: &str| ask_all || wanted.as_ref().is_none_or(|wanted| wanted.contains(path));
        let schema = schemars::schema_for!(Dossier);
        let tree = SchemaTree::new(&schema);
        let section = |spec: &SectionSpec| -> Result<Section, UnsupportedSchema> {
            if tree.is_list(spec.path) {
                let fields = vec![tree.field(spec.path, is_skipped)?];
                return Ok(Section { path: spec.path, title: spec.title, why: spec.why, whole: true, fields });
            }
            let fields = tree.fields(spec.path, is_skipped)?;
            Ok(Section { path: spec.path, title: spec.title, why: spec.why, whole: false, fields })
        };
        let mut groups = vec![Group { id: "vendor", title: "About you", sections: vec![section(&SECTIONS[0])?] }];
        for practice in Practice::ALL {
            let sections = SECTIONS[1..]
                .iter()
                .filter(|spec| spec.practice == practice && asked(spec.path))
                .map(section)
                .collect::<Result<Vec<_>, _>>()?;
            if !sections.is_empty() {
                groups.push(Group { id: practice.id(), title: practice.title(), sections });
            }
        }
        Ok(Self {
            questionnaire: QUESTIONNAIRE,
            version: VERSION,
            rubric: rubric.map(|rubric| format!("{}@{}", rubric.id, rubric.version)),
            rubric_title: rubric.map(|rubric| rubric.title.clone()),
            unknown_checks,
            groups,
            prefill: prefill.map(serde_json::to_value).transpose()?,
        })
    }

    /// The paths of every section asked.
    pub fn section_paths(&self) -> Vec<&'static str> {
        self.groups.iter().flat_map(|group| group.sections.iter().map(|section| section.path)).collect()
    }
}

#[derive(Template)]
#[template(path = "questionnaire.html")]
struct QuestionnairePage<'a> {
    title: String,
    plan: &'a Plan,
    plan_json: String,
    csp: String,
    script: &'static str,
    style: &'static str,
}

/// The CSP source expression allowing exactly `text` inline: `'sha256-…'`.
fn csp_hash(text: &str) -> String {
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes())))
}

/// The page's Content-Security-Policy: nothing may be fetched, framed or submitted, and
/// only the form's own script and style run.
pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; script-src {}; style-src {}; img-src data:; base-uri 'none'; form-action 'none'",
        csp_hash(SCRIPT),
        csp_hash(STYLE)
    )
}

/// Renders the form for `plan` as one self-contained HTML page.
pub fn render(plan: &Plan) -> Result<String, QuestionnaireError> {
    let vendor =
        plan.prefill.as_ref().and_then(|dossier| dossier.pointer("/vendor/name")).and_then(serde_json::Value::as_str);
    let title = match vendor {
        Some(name) => format!("Security questionnaire for {name}"),
        None => "Vendor security questionnaire".to_owned(),
    };
    let page = QuestionnairePage {
        title,
        plan,
        plan_json: serde_json::to_string(plan)?,
        csp: content_security_policy(),
        script: SCRIPT,
        style: STYLE,
    };
    Ok(page.render()?)
}

#[cfg(test)]
mod tests;
