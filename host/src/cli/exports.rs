//! What `assess` writes besides the per-vendor pages: the attestation key it signs
//! with, and the portfolio spreadsheets of the whole run.

use std::path::Path;

use anyhow::bail;
use riskcard::dossier::Date;
use riskcard::report::{self, PortfolioEntry};
use riskcard::trust::SecretKey;

use super::assess::Format;

/// The key of `--sign`, when given; signing needs the JSON scorecard it signs.
pub fn signer(key: Option<&Path>, writes_json: bool) -> anyhow::Result<Option<SecretKey>> {
    let Some(key) = key else { return Ok(None) };
    if !writes_json {
        bail!("--sign signs the JSON scorecard: add json to --format");
    }
    Ok(Some(SecretKey::load(key)?))
}

/// The portfolio files of `formats` (csv: `portfolio.csv` and `criteria.csv`; xlsx:
/// `portfolio.xlsx`) for `entries`, by file name.
pub fn portfolio_files(
    entries: &[PortfolioEntry],
    formats: &[Format],
    as_of: Date,
) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let mut files = Vec::new();
    if formats.contains(&Format::Csv) {
        files.push(("portfolio.csv", report::portfolio_csv(entries)));
        files.push(("criteria.csv", report::criteria_csv(entries)));
    }
    if formats.contains(&Format::Xlsx) {
        files.push(("portfolio.xlsx", report::portfolio_xlsx(entries, as_of)?));
    }
    Ok(files)
}
