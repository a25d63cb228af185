//! Reading a questionnaire file into plain grids of text, one per sheet: xlsx workbooks
//! through calamine, CSV exports through the csv crate. Nothing here knows what a
//! question is; cells keep their place so every problem can name `sheet!cell`.

use std::io::Cursor;
use std::path::Path;

use calamine::{Reader as _, Xlsx, XlsxError};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};

/// One sheet as text, indexed from cell A1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// The sheet's name; for a CSV file, the file's name.
    pub name: String,
    /// Rows of cells from A1; rows may differ in length.
    pub rows: Vec<Vec<String>>,
}

impl Sheet {
    /// The text of the cell at `row`, `column` (0-based); empty when outside the sheet.
    pub fn cell(&self, row: usize, column: usize) -> &str {
        self.rows.get(row).and_then(|cells| cells.get(column)).map_or("", String::as_str)
    }

    /// The `sheet!cell` reference of `row`, `column` (0-based), e.g. `CAIQv4.0.3!C12`.
    pub fn reference(&self, row: usize, column: usize) -> String {
        format!("{}!{}", self.name, cell_name(row, column))
    }
}

/// A questionnaire file's sheets and the hash of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workbook {
    /// Its sheets, in file order.
    pub sheets: Vec<Sheet>,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
}

/// `A1`-style name of a cell (0-based row and column).
pub fn cell_name(row: usize, column: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = column + 1;
    while rest > 0 {
        let digit = (rest - 1) % 26;
        letters.push(b'A' + u8::try_from(digit).unwrap_or(0));
        rest = (rest - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", String::from_utf8_lossy(&letters), row + 1)
}

/// Reads the xlsx workbook or CSV file at `path`.
pub fn read(path: &Path) -> Result<Workbook, Diagnostics> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    let kind = match extension.as_deref() {
        Some("xlsx" | "xlsm") => Kind::Xlsx,
        Some("csv") => Kind::Csv,
        _ => {
            return Err(Diagnostic::new(path, "a questionnaire must be an .xlsx workbook or a .csv export")
                .help("save the questionnaire as .xlsx (Excel 2007 or later) or export its sheet as CSV")
                .into());
        }
    };
    let bytes = inputfile::read(path, InputKind::Questionnaire).map_err(|error| error.diagnostic(path))?;
    let sha256 = sha256_hex(&bytes);
    let sheets = match kind {
        Kind::Xlsx => read_xlsx(path, bytes)?,
        Kind::Csv => vec![read_csv(path, &bytes)?],
    };
    Ok(Workbook { sheets, sha256 })
}

#[derive(Clone, Copy)]
enum Kind {
    Xlsx,
    Csv,
}

fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Vec<Sheet>, Diagnostics> {
    let mut workbook = Xlsx::new(Cursor::new(bytes)).map_err(|error| match error {
        XlsxError::Password => Diagnostic::new(path, "the workbook is password-protected (encrypted)")
            .help("ask the vendor for an unprotected copy, or open it and save it without a password"),
        other => Diagnostic::new(path, format!("not a readable xlsx workbook (corrupt, or another format): {other}"))
            .help("open it in a spreadsheet program and save it again as .xlsx, or export the sheet as CSV"),
    })?;
    let mut sheets = Vec::new();
    for name in workbook.sheet_names() {
        let range = workbook.worksheet_range(&name).map_err(|error| {
            Diagnostic::new(path, format!("cannot read sheet `{name}`: {error}"))
                .help("open it in a spreadsheet program and save it again as .xlsx")
        })?;
        let mut rows: Vec<Vec<String>> = Vec::new();
        if let Some((first_row, first_column)) = range.start() {
            let (first_row, first_column) = (first_row as usize, first_column as usize);
            for (row, column, value) in range.used_cells() {
                let (row, column) = (first_row + row, first_column + column);
                if rows.len() <= row {
                    rows.resize_with(row + 1, Vec::new);
                }
                let cells = &mut rows[row];
                if cells.len() <= column {
                    cells.resize_with(column + 1, String::new);
                }
                cells[column] = value.to_string();
            }
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
}

fn read_csv(path: &Path, bytes: &[u8]) -> Result<Sheet, Diagnostics> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(bytes);
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| {
            let mut diagnostic = Diagnostic::new(path, format!("not readable as CSV: {error}"))
                .help("export the sheet again as CSV in UTF-8");
            diagnostic.line = error.position().map(|position| position.line() as usize);
            diagnostic
        })?;
        rows.push(record.iter().map(str::to_owned).collect());
    }
    let name = path.file_name().map_or_else(|| "csv".to_owned(), |name| name.to_string_lossy().into_owned());
    Ok(Sheet { name, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names_count_columns_like_a_spreadsheet() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(11, 2), "C12");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(4, 701), "ZZ5");
        assert_eq!(cell_name(4, 702), "AAA5");
    }

    #[test]
    fn csv_files_read_with_a_byte_order_mark_and_ragged_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.csv");
        std::fs::write(&path, "\u{feff}Title\nQuestion ID,Answer\nA-1,\"Yes, mostly\"\n").unwrap();
        let book = read(&path).unwrap();
        let sheet = &book.sheets[0];
        assert_eq!(sheet.name, "answers.csv");
        assert_eq!(sheet.cell(0, 0), "Title");
        assert_eq!(sheet.cell(2, 1), "Yes, mostly");
        assert_eq!(sheet.cell(0, 1), "");
        assert_eq!(sheet.reference(2, 1), "answers.csv!B3");
        assert_eq!(book.sha256.len(), 64);
    }

    #[test]
    fn corrupt_and_encrypted_workbooks_get_clear_messages() {
        let dir = tempfile::tempdir().unwrap();
        let corrupt = dir.path().join("broken.xlsx");
        std::fs::write(&corrupt, b"PK\x03\x04 this is not really a zip").unwrap();
        let Diagnostics(problems) = read(&corrupt).unwrap_err();
        assert!(problems[0].message.starts_with("not a readable xlsx workbook"), "{}", problems[0]);
        let wrong = dir.path().join("answers.pdf");
        std::fs::write(&wrong, b"%PDF").unwrap();
        assert!(read(&wrong).unwrap_err().0[0].message.contains(".xlsx workbook or a .csv"));
    }
}
