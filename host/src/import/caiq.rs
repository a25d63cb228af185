//! Recognising a CSA CAIQ v4 workbook or export: the sheet named like `CAIQv4.0.x`
//! (or any sheet with the CAIQ v4 header), its version and whether it is CAIQ-Lite,
//! and the shape of its question ids. Anything else is refused, saying what was
//! expected and what was found.

use std::path::Path;

use super::questionnaire::{HEADER_ROWS, Header, find_header, first_texts, quoted};
use super::table::{Sheet, Workbook};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// The major version this importer reads.
const MAJOR: &str = "4";

/// The sheet holding the answers, where its header is, and what it says it is.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    /// The answers' sheet.
    pub sheet: &'a Sheet,
    /// Its header row and columns.
    pub header: Header,
    /// The CAIQ version the sheet's name or title gives, e.g. `4.0.3`.
    pub version: Option<&'a str>,
    /// Whether it is CAIQ-Lite, whose questions are a subset of the full CAIQ.
    pub lite: bool,
}

/// What a sheet name or title says: `CAIQv4.0.3` → (false, `4.0.3`), `CAIQ-Lite v4.0.2` →
/// (true, `4.0.2`); `None` when it does not name the CAIQ.
pub fn title(text: &str) -> Option<(bool, &str)> {
    let lower = text.to_ascii_lowercase();
    let start = lower.find("caiq")? + "caiq".len();
    let mut rest = &text[start..];
    let skip = |rest: &mut &str| *rest = rest.trim_start_matches([' ', '-', '_']);
    skip(&mut rest);
    let lite = rest.get(..4).is_some_and(|word| word.eq_ignore_ascii_case("lite"));
    if lite {
        rest = &rest[4..];
        skip(&mut rest);
    }
    let rest = rest.strip_prefix(['v', 'V']).unwrap_or(rest).trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(rest.len());
    let version = rest[..end].trim_end_matches('.');
    Some((lite, version))
}

/// Whether `version` is a CAIQ v4 version (`4`, `4.0`, `4.0.3`, …).
fn is_v4(version: &str) -> bool {
    version == MAJOR || version.starts_with("4.")
}

/// Whether `id` looks like a CAIQ v4 question id, e.g. `A&A-01.1` or `CEK-03.1`.
pub fn is_question_id(id: &str) -> bool {
    let Some((domain, number)) = id.split_once('-') else { return false };
    let (control, question) = number.split_once('.').unwrap_or((number, "1"));
    (2..=4).contains(&domain.len())
        && domain.chars().all(|c| c.is_ascii_uppercase() || c == '&')
        && control.len() == 2
        && control.chars().all(|c| c.is_ascii_digit())
        && !question.is_empty()
        && question.chars().all(|c| c.is_ascii_digit())
}

/// Finds the CAIQ v4 answers in `workbook`.
pub fn locate<'a>(
    file: &Path,
    workbook: &'a Workbook,
    id_column: &str,
    answer_column: &str,
) -> Result<Located<'a>, Diagnostics> {
    let expected = format!(
        "expected a CAIQ v4 sheet named like `CAIQv4.0.x` with a header row holding `{id_column}` and `{answer_column}`"
    );
    let help = "give the vendor's completed CAIQ v4.0.x workbook (or its sheet exported as CSV), or use \
                `riskcard import questionnaire --mapping` for other questionnaires";
    let named: Vec<(&Sheet, bool, &str)> = workbook
        .sheets
        .iter()
        .filter_map(|sheet| title(&sheet.name).map(|(lite, version)| (sheet, lite, version)))
        .filter(|(_, _, version)| !version.is_empty())
        .collect();
    if let Some((sheet, lite, version)) = named.iter().copied().find(|(_, _, version)| is_v4(version)) {
        let Some(header) = find_header(sheet, id_column, answer_column) else {
            return Err(Diagnostic::new(
                file,
                format!(
                    "not a CAIQ v4: {expected}; sheet `{}` has no such row in its first {HEADER_ROWS} rows, and begins {}",
                    sheet.name,
                    first_texts(sheet, 6).join(", ")
                ),
            )
            .key(format!("{}!A1", sheet.name))
            .help(help).into());
        };
        let lite = lite || metadata_title(sheet, header).is_some_and(|(lite, _)| lite);
        return Ok(Located { sheet, header, version: Some(version), lite });
    }
    if let Some((sheet, _, version)) = named.first() {
        return Err(Diagnostic::new(
            file,
            format!("not a CAIQ v4: {expected}; found sheet `{}`, which names version {version}", sheet.name),
        )
        .key(format!("{}!A1", sheet.name))
        .help(help)
        .into());
    }
    for sheet in &workbook.sheets {
        if let Some(header) = find_header(sheet, id_column, answer_column) {
            let (lite, version) = metadata_title(sheet, header).unwrap_or((false, ""));
            if !version.is_empty() && !is_v4(version) {
                return Err(Diagnostic::new(
                    file,
                    format!("not a CAIQ v4: {expected}; its title names version {version}"),
                )
                .key(format!("{}!A1", sheet.name))
                .help(help)
                .into());
            }
            return Ok(Located { sheet, header, version: Some(version).filter(|v| !v.is_empty()), lite });
        }
    }
    let names: Vec<&str> = workbook.sheets.iter().map(|sheet| sheet.name.as_str()).collect();
    let begins = workbook.sheets.first().map(|sheet| first_texts(sheet, 6).join(", ")).unwrap_or_default();
    Err(Diagnostic::new(
        file,
        format!(
            "not a CAIQ v4: {expected}; found {} {}{}",
            if names.len() == 1 { "sheet" } else { "sheets" },
            quoted(&names),
            if begins.is_empty() { String::new() } else { format!(", beginning {begins}") }
        ),
    )
    .help(help)
    .into())
}

/// The CAIQ title in the rows above the header, if one names the CAIQ.
fn metadata_title(sheet: &Sheet, header: Header) -> Option<(bool, &str)> {
    sheet.rows.iter().take(header.row).flatten().find_map(|cell| title(cell))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_give_version_and_lite() {
        assert_eq!(title("CAIQv4.0.3"), Some((false, "4.0.3")));
        assert_eq!(title("CAIQ v4.0.2"), Some((false, "4.0.2")));
        assert_eq!(title("caiq_v4.0"), Some((false, "4.0")));
        assert_eq!(title("CAIQ-Lite v4.0.3"), Some((true, "4.0.3")));
        assert_eq!(title("CAIQv3.1"), Some((false, "3.1")));
        assert_eq!(title("Acme CAIQ"), Some((false, "")));
        assert_eq!(title("Sheet1"), None);
        assert!(is_v4("4.0.3") && is_v4("4") && !is_v4("3.1") && !is_v4("40"));
    }

    #[test]
    fn question_ids_have_the_ccm_shape() {
        for id in ["A&A-01.1", "CEK-03.1", "IAM-14.12", "UEM-01"] {
            assert!(is_question_id(id), "{id}");
        }
        for id in ["Audit & Assurance", "CEK-3.1", "cek-03.1", "CEK-03.", "CEK03.1"] {
            assert!(!is_question_id(id), "{id}");
        }
    }
}
