//! Importing a vendor's completed questionnaire — a CSA CAIQ v4 workbook, its CAIQ-Lite
//! or CSV form, or any questionnaire with an id and an answer column — into a dossier
//! through a mapping, every fact marked vendor-attested with where it came from.
//! Every problem in the file and the mapping is reported at once, each at its cell.

mod apply;
mod caiq;
mod mapping;
mod questionnaire;
mod table;

use std::path::Path;

pub use apply::{Filled, Imported, Origin, Skipped};
pub use caiq::is_question_id;
pub use mapping::{Answer, AnswerWords, CAIQ_V4, CAIQ_V4_NAME, MappedQuestion, Mapping};
pub use table::{Sheet, Workbook, cell_name};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{self, Dossier, Vendor};

/// What kind of questionnaire a file is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A CSA CAIQ v4 workbook or export: its sheet, version and CAIQ-Lite are recognised.
    Caiq,
    /// Any questionnaire, read as its mapping says.
    Mapped,
}

/// One import to carry out.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The questionnaire file.
    pub file: &'a Path,
    /// How to read it.
    pub kind: Kind,
    /// The mapping.
    pub mapping: &'a Mapping,
    /// The dossier to import into: the analyst's (`--merge`), or a new one for the vendor.
    pub base: Dossier,
}

/// A new, empty dossier for the vendor `id` named `name`.
pub fn new_dossier(id: &str, name: &str) -> Dossier {
    Dossier {
        vendor: Vendor {
            id: id.to_owned(),
            name: name.to_owned(),
            product: None,
            website: None,
            status_page: None,
            app_url: None,
            email_domain: None,
        },
        certifications: None,
        compliance: dossier::Compliance::default(),
        access_control: None,
        monitoring: None,
        audit_logging: None,
        encryption: None,
        backup: None,
        retention: None,
        incidents: None,
        availability: None,
        trust: None,
        web_security: None,
        subprocessors: None,
        residency: None,
        contract: None,
        assurance: None,
        extensions: Default::default(),
        attestations: Default::default(),
        disputed: Default::default(),
        collected: None,
    }
}

/// Reads the questionnaire and applies its answers, reporting every problem at once.
pub fn import(request: Request<'_>) -> Result<Imported, Diagnostics> {
    let Request { file, kind, mapping, base } = request;
    let workbook = table::read(file)?;
    let (sheet, header, version, lite) = match kind {
        Kind::Caiq => {
            let found = caiq::locate(file, &workbook, &mapping.id_column, &mapping.answer_column)?;
            let version = found.version.map(str::to_owned).or_else(|| mapping.version.clone());
            (found.sheet, found.header, version, found.lite)
        }
        Kind::Mapped => {
            let sheet = match &mapping.sheet {
                Some(name) => workbook.sheets.iter().find(|sheet| sheet.name == *name).ok_or_else(|| {
                    let names: Vec<&str> = workbook.sheets.iter().map(|sheet| sheet.name.as_str()).collect();
                    Diagnostic::new(
                        file,
                        format!("expected a sheet named `{name}`; found {}", questionnaire::quoted(&names)),
                    )
                    .help(format!("fix `sheet` in {}, or give the right file", mapping.path.display()))
                })?,
                None => workbook.sheets.first().ok_or_else(|| Diagnostic::new(file, "the file has no sheets"))?,
            };
            let header =
                questionnaire::find_header(sheet, &mapping.id_column, &mapping.answer_column).ok_or_else(|| {
                    Diagnostic::new(
                        file,
                        format!(
                            "expected a header row holding `{}` and `{}` in the first {} rows of `{}`; it begins {}",
                            mapping.id_column,
                            mapping.answer_column,
                            questionnaire::HEADER_ROWS,
                            sheet.name,
                            questionnaire::first_texts(sheet, 6).join(", ")
                        ),
                    )
                    .key(sheet.reference(0, 0))
                    .help(format!("fix `id_column` and `answer_column` in {}", mapping.path.display()))
                })?;
            (sheet, header, mapping.version.clone(), false)
        }
    };
    let mut problems = Vec::new();
    let is_heading = |id: &str, answer: &str| kind == Kind::Caiq && answer.is_empty() && !is_question_id(id);
    let answers = questionnaire::read_answers(file, sheet, header, &mapping.answers, is_heading, &mut problems);
    if !lite {
        let last = sheet.rows.len().max(header.row + 2);
        let searched =
            format!("{}:{}", sheet.reference(header.row + 1, header.id), table::cell_name(last - 1, header.id));
        for question in mapping.questions.iter().filter(|question| !answers.contains_key(&question.id)) {
            let place = mapping.place_of(&question.id);
            problems.push(
                Diagnostic::new(
                    file,
                    format!("question `{}` of the mapping ({place}) is not in the questionnaire", question.id),
                )
                .key(searched.clone())
                .help(
                    "check that this is the questionnaire the mapping is for, or remove the question from the mapping",
                ),
            );
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    let questionnaire_name =
        if lite { format!("{}-Lite", mapping.questionnaire) } else { mapping.questionnaire.clone() };
    let origin = Origin {
        questionnaire: questionnaire_name,
        version,
        sha256: workbook.sha256.clone(),
        file_name: file.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
    };
    let imported = apply::apply(mapping, &answers, &origin, base).map_err(|error| {
        Diagnostic::new(&mapping.path, format!("the answers' facts do not make a dossier together: {error}"))
            .help("fix the mapping's fields; see `riskcard schema dossier`")
    })?;
    let problems = dossier::check(&imported.dossier);
    if !problems.is_empty() {
        return Err(Diagnostics(
            problems
                .into_iter()
                .map(|(key, message, help)| {
                    Diagnostic::new(file, format!("after importing: {message}")).key(key).help(help)
                })
                .collect(),
        ));
    }
    Ok(imported)
}

#[cfg(test)]
mod tests;
