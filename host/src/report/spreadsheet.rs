//! Spreadsheets of a portfolio for procurement: `portfolio.csv` and `criteria.csv`, and
//! the `portfolio.xlsx` workbook with the same two sheets. One row per vendor, one row
//! per vendor and criterion; text cells that a spreadsheet would run as a formula are
//! defused with a leading apostrophe in CSV, and are plain strings in the workbook.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::assess::{Scorecard, Status};
use crate::dossier::Date;

/// What the spreadsheets keep of one scorecard.
#[derive(Debug, Clone, PartialEq)]
pub struct PortfolioEntry {
    vendor: [String; 3],
    grade: String,
    score: f64,
    coverage: f64,
    risk_tier: String,
    gates_failed: String,
    rubric: [String; 2],
    as_of: Date,
    criteria: Vec<CriterionRow>,
}

#[derive(Debug, Clone, PartialEq)]
struct CriterionRow {
    text: [String; 6],
    weight: f64,
    score: Option<u8>,
}

impl From<&Scorecard> for PortfolioEntry {
    fn from(card: &Scorecard) -> Self {
        Self {
            vendor: [card.vendor.id.clone(), card.vendor.name.clone(), card.vendor.product.clone().unwrap_or_default()],
            grade: card.grade.clone(),
            score: card.score,
            coverage: card.coverage,
            risk_tier: card.risk_tier.clone(),
            gates_failed: card.gates_failed.iter().map(|gate| gate.criterion.as_str()).collect::<Vec<_>>().join(" "),
            rubric: [card.rubric.id.clone(), card.rubric.version.clone()],
            as_of: card.as_of,
            criteria: card
                .criteria
                .iter()
                .map(|criterion| CriterionRow {
                    text: [
                        criterion.id.clone(),
                        criterion.title.clone(),
                        criterion.practice.id().to_owned(),
                        criterion.check.clone(),
                        gate_label(criterion.gate),
                        status_label(criterion.status),
                    ],
                    weight: criterion.weight,
                    score: criterion.score,
                })
                .collect(),
        }
    }
}

fn gate_label(gate: crate::rubric::Gate) -> String {
    serde_json::to_value(gate).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

fn status_label(status: Status) -> String {
    serde_json::to_value(status).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default()
}

/// Columns of the portfolio sheet.
pub const PORTFOLIO_COLUMNS: [&str; 11] = [
    "vendor_id",
    "vendor_name",
    "product",
    "grade",
    "score",
    "coverage",
    "risk_tier",
    "gates_failed",
    "rubric_id",
    "rubric_version",
    "as_of",
];

/// Columns of the criteria sheet.
pub const CRITERIA_COLUMNS: [&str; 10] =
    ["vendor_id", "criterion_id", "title", "practice", "check", "gate", "status", "weight", "score", "grade"];

/// One cell.
enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Number(f64),
    Empty,
}

impl PortfolioEntry {
    fn portfolio_row(&self) -> Vec<Cell<'_>> {
        let [id, name, product] = &self.vendor;
        let [rubric_id, rubric_version] = &self.rubric;
        vec![
            Cell::Text(id),
            Cell::Text(name),
            Cell::Text(product),
            Cell::Text(&self.grade),
            Cell::Number(self.score),
            Cell::Number(self.coverage),
            Cell::Text(&self.risk_tier),
            Cell::Text(&self.gates_failed),
            Cell::Text(rubric_id),
            Cell::Text(rubric_version),
            Cell::Owned(self.as_of.to_string()),
        ]
    }

    fn criteria_rows(&self) -> impl Iterator<Item = Vec<Cell<'_>>> {
        self.criteria.iter().map(|row| {
            let mut cells = vec![Cell::Text(&self.vendor[0])];
            cells.extend(row.text.iter().map(|text| Cell::Text(text)));
            cells.push(Cell::Number(row.weight));
            cells.push(row.score.map_or(Cell::Empty, |score| Cell::Number(f64::from(score))));
            cells.push(Cell::Text(&self.grade));
            cells
        })
    }
}

/// A text cell a spreadsheet would read as a formula gets a leading apostrophe.
fn defused(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{text}") } else { text.to_owned() }
}

fn csv_text(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Text(text) => defused(text),
        Cell::Owned(text) => defused(text),
        Cell::Number(number) => number.to_string(),
        Cell::Empty => String::new(),
    }
}

fn csv_file<'a>(header: &[&str], rows: impl Iterator<Item = Vec<Cell<'a>>>) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = writer.write_record(header);
    for row in rows {
        let _ = writer.write_record(row.iter().map(csv_text));
    }
    writer.into_inner().unwrap_or_default()
}

/// `portfolio.csv`: one row per vendor, in the order given.
pub fn portfolio_csv(entries: &[PortfolioEntry]) -> Vec<u8> {
    csv_file(&PORTFOLIO_COLUMNS, entries.iter().map(PortfolioEntry::portfolio_row))
}

/// `criteria.csv`: one row per vendor and criterion.
pub fn criteria_csv(entries: &[PortfolioEntry]) -> Vec<u8> {
    csv_file(&CRITERIA_COLUMNS, entries.iter().flat_map(PortfolioEntry::criteria_rows))
}

/// Writing the workbook failed.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the XLSX workbook: {0}")]
pub struct WorkbookError(#[from] XlsxError);

fn sheet<'a>(
    workbook: &mut Workbook,
    name: &str,
    header: &[&str],
    rows: impl Iterator<Item = Vec<Cell<'a>>>,
) -> Result<(), XlsxError> {
    let bold = Format::new().set_bold();
    let sheet = workbook.add_worksheet();
    sheet.set_name(name)?;
    for (column, title) in (0u16..).zip(header) {
        sheet.write_string_with_format(0, column, *title, &bold)?;
    }
    let mut last = 0;
    for (row, cells) in (1u32..).zip(rows) {
        last = row;
        for (column, cell) in (0u16..).zip(&cells) {
            match cell {
                Cell::Text(text) => sheet.write_string(row, column, *text)?,
                Cell::Owned(text) => sheet.write_string(row, column, text)?,
                Cell::Number(number) => sheet.write_number(row, column, *number)?,
                Cell::Empty => continue,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last, u16::try_from(header.len().saturating_sub(1)).unwrap_or(0))?;
    Ok(())
}

/// `portfolio.xlsx`: a Portfolio sheet (one row per vendor) and a Criteria sheet (one
/// row per vendor and criterion), dated `as_of` so the same inputs give the same bytes.
pub fn portfolio_xlsx(entries: &[PortfolioEntry], as_of: Date) -> Result<Vec<u8>, WorkbookError> {
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(u16::try_from(as_of.year()).unwrap_or(1900), as_of.month(), as_of.day())?;
    workbook.set_properties(&DocProperties::new().set_title("riskcard portfolio").set_creation_datetime(&created));
    sheet(&mut workbook, "Portfolio", &PORTFOLIO_COLUMNS, entries.iter().map(PortfolioEntry::portfolio_row))?;
    sheet(&mut workbook, "Criteria", &CRITERIA_COLUMNS, entries.iter().flat_map(PortfolioEntry::criteria_rows))?;
    Ok(workbook.save_to_buffer()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::view::tests::{hostile, variant};

    #[test]
    fn one_row_per_vendor_and_per_criterion_with_formulas_defused() {
        let mut risky = variant(&hostile(), "risky", "=HYPERLINK(\"http://x\")", 40.0, 0.5, false);
        risky.vendor.product = None;
        let entries = vec![PortfolioEntry::from(&hostile()), PortfolioEntry::from(&risky)];
        let portfolio = String::from_utf8(portfolio_csv(&entries)).unwrap();
        let lines: Vec<&str> = portfolio.lines().collect();
        assert_eq!(lines[0], PORTFOLIO_COLUMNS.join(","));
        assert_eq!(lines.len(), 3, "{portfolio}");
        assert!(lines[2].starts_with("risky,\"'=HYPERLINK(\"\"http://x\"\")\",,F,40,0.5,"), "{}", lines[2]);
        let criteria = String::from_utf8(criteria_csv(&entries)).unwrap();
        assert_eq!(criteria.lines().count(), 1 + 2 * hostile().criteria.len());
        assert!(criteria.lines().nth(1).unwrap().starts_with("hostile-payloads,iso27001,"), "{criteria}");
    }

    #[test]
    fn the_workbook_is_a_zip_and_reproducible() {
        let entries = vec![PortfolioEntry::from(&hostile())];
        let as_of = Date::from_ymd(2026, 11, 30).unwrap();
        let workbook = portfolio_xlsx(&entries, as_of).unwrap();
        assert!(workbook.starts_with(b"PK\x03\x04"));
        assert_eq!(workbook, portfolio_xlsx(&entries, as_of).unwrap());
    }
}
