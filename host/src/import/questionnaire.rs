//! Finding the answers in a questionnaire's sheet: the header row and the id and answer
//! columns by their text (whatever the spacing, case, column order or a parenthesised
//! suffix), then one answer per question id, with every unknown answer word and every
//! duplicate id reported together, each at its `sheet!cell`.

use std::collections::BTreeMap;
use std::path::Path;

use super::mapping::{Answer, AnswerWords};
use super::table::Sheet;
use crate::diagnostics::Diagnostic;

/// Rows searched for the header.
pub const HEADER_ROWS: usize = 30;

/// One answered (or unanswered) question.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerRow {
    /// The question id.
    pub id: String,
    /// The answer as written, trimmed.
    pub text: String,
    /// What it means; `None` when the cell is empty.
    pub answer: Option<Answer>,
    /// The answer cell, as `sheet!cell`.
    pub cell: String,
}

/// Where the header row and the two columns are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// The header row, 0-based.
    pub row: usize,
    /// The id column, 0-based.
    pub id: usize,
    /// The answer column, 0-based.
    pub answer: usize,
}

/// Header text reduced to what identifies it: any parenthesised part dropped, letters
/// and digits only, lowercase. `CSP CAIQ Answer (v4.0.3)` and `csp caiq  answer` match.
pub fn header_key(text: &str) -> String {
    let mut depth = 0usize;
    let mut key = String::new();
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key
}

/// The first row among the first [`HEADER_ROWS`] that holds both column headings.
pub fn find_header(sheet: &Sheet, id_column: &str, answer_column: &str) -> Option<Header> {
    let (id_key, answer_key) = (header_key(id_column), header_key(answer_column));
    sheet.rows.iter().take(HEADER_ROWS).enumerate().find_map(|(row, cells)| {
        let find = |key: &str| cells.iter().position(|cell| header_key(cell) == key);
        Some(Header { row, id: find(&id_key)?, answer: find(&answer_key)? })
    })
}

/// The non-empty cells of the first rows, for saying what a sheet holds instead.
pub fn first_texts(sheet: &Sheet, limit: usize) -> Vec<String> {
    sheet
        .rows
        .iter()
        .take(HEADER_ROWS)
        .flatten()
        .map(|cell| cell.trim())
        .filter(|cell| !cell.is_empty())
        .take(limit)
        .map(|cell| format!("`{}`", cell.chars().take(40).collect::<String>()))
        .collect()
}

/// Reads every answer under `header`. Rows with an empty id are skipped, as are rows
/// `is_heading` says are headings. Unknown answer words and duplicate ids are problems.
pub fn read_answers(
    file: &Path,
    sheet: &Sheet,
    header: Header,
    words: &AnswerWords,
    is_heading: impl Fn(&str, &str) -> bool,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, AnswerRow> {
    let mut answers: BTreeMap<String, AnswerRow> = BTreeMap::new();
    for row in header.row + 1..sheet.rows.len() {
        let id = sheet.cell(row, header.id).trim();
        let text = sheet.cell(row, header.answer).trim();
        if id.is_empty() || is_heading(id, text) {
            continue;
        }
        let cell = sheet.reference(row, header.answer);
        let answer = if text.is_empty() {
            None
        } else if let Some(meaning) = words.meaning(text) {
            Some(meaning)
        } else {
            problems.push(
                Diagnostic::new(file, format!("unknown answer `{text}` to question `{id}`"))
                    .key(cell.clone())
                    .help(format!("answer with one of {}", quoted(&words.all()))),
            );
            None
        };
        if let Some(first) = answers.get(id) {
            problems.push(
                Diagnostic::new(file, format!("question id `{id}` appears twice (first at {})", first.cell))
                    .key(sheet.reference(row, header.id))
                    .help("keep one row per question"),
            );
            continue;
        }
        answers.insert(id.to_owned(), AnswerRow { id: id.to_owned(), text: text.to_owned(), answer, cell });
    }
    answers
}

/// `` `a`, `b`, `c` ``.
pub fn quoted(items: &[&str]) -> String {
    items.iter().map(|item| format!("`{item}`")).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            name: "S".into(),
            rows: rows.iter().map(|row| row.iter().map(|cell| (*cell).to_owned()).collect()).collect(),
        }
    }

    fn words() -> AnswerWords {
        AnswerWords { yes: vec!["Yes".into()], no: vec!["No".into()], not_applicable: vec!["NA".into()] }
    }

    #[test]
    fn header_text_matches_whatever_the_spacing_case_and_suffix() {
        assert_eq!(header_key("CSP CAIQ Answer"), header_key("  csp  caiq\nanswer (v4.0.3) "));
        assert_eq!(header_key("Question ID"), "questionid");
        assert_ne!(header_key("Question"), header_key("Question ID"));
    }

    #[test]
    fn the_header_is_found_below_metadata_in_any_column_order() {
        let found = sheet(&[&["CAIQ v4.0.3 for Acme"], &[], &["CSP CAIQ Answer", "Question", "Question ID"]]);
        assert_eq!(find_header(&found, "Question ID", "CSP CAIQ Answer"), Some(Header { row: 2, id: 2, answer: 0 }));
        assert_eq!(find_header(&found, "Question ID", "Answer"), None);
    }

    #[test]
    fn unknown_answers_and_duplicate_ids_are_all_reported_at_their_cells() {
        let found = sheet(&[
            &["Question ID", "Answer"],
            &["A-1", "yes"],
            &["A-2", "Maybe"],
            &["A-1", "No"],
            &["", "x"],
            &["A-3", ""],
        ]);
        let header = find_header(&found, "Question ID", "Answer").unwrap();
        let mut problems = Vec::new();
        let answers = read_answers(Path::new("f.xlsx"), &found, header, &words(), |_, _| false, &mut problems);
        assert_eq!(answers["A-1"].answer, Some(Answer::Yes));
        assert_eq!(answers["A-1"].cell, "S!B2");
        assert_eq!(answers["A-2"].answer, None);
        assert_eq!(answers["A-3"].answer, None);
        let keys: Vec<_> = problems.iter().map(|p| p.key.clone().unwrap()).collect();
        assert_eq!(keys, ["S!B3", "S!A4"]);
        assert!(problems[0].message.contains("unknown answer `Maybe`"));
        assert!(problems[1].message.contains("first at S!B2"));
    }
}
