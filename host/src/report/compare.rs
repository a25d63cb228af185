//! Comparing the vendors someone chose (`riskcard compare`): their scorecards read by
//! name, side by side on one page, each linked to its scorecard page beside its JSON
//! (or to the JSON when there is no page).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use url::Url;

use super::html::{RenderError, compare_html};
use super::site::read_scorecard;
use super::view::CompareEntry;
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Comparing failed.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    /// A scorecard is unusable.
    #[error(transparent)]
    Input(#[from] Diagnostics),
    /// The page could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
}

/// The link from `dir` to `file`, relative when both are on this machine's file system.
fn relative_link(dir: &Path, file: &Path) -> Option<String> {
    let (dir, file) = (dir.canonicalize().ok()?, file.canonicalize().ok()?);
    Url::from_directory_path(dir).ok()?.make_relative(&Url::from_file_path(file).ok()?)
}

/// The comparison page of the vendors whose scorecard JSON files are `files`, for
/// writing into the existing directory `dir`. Refuses two scorecards for one vendor;
/// reports the problems of every file at once.
pub fn compare_scorecards(files: &[PathBuf], dir: &Path) -> Result<String, CompareError> {
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut links: BTreeMap<String, (String, &Path)> = BTreeMap::new();
    for file in files {
        let card = match read_scorecard(file) {
            Ok(card) => card,
            Err(Diagnostics(found)) => {
                problems.extend(found);
                continue;
            }
        };
        let id = card.scorecard.vendor.id.clone();
        if let Some((_, first)) = links.get(&id) {
            problems.push(
                Diagnostic::new(file, format!("vendor `{id}` is already compared from {}", first.display()))
                    .key("vendor.id")
                    .help("name one scorecard per vendor"),
            );
            continue;
        }
        let page = file.with_extension("html");
        let target = if page.is_file() { page } else { file.clone() };
        let href = relative_link(dir, &target).unwrap_or_default();
        links.insert(id, (href, file));
        entries.push(CompareEntry::from(&card.scorecard));
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    let link = |id: &str| links.get(id).map(|(href, _)| href.clone()).unwrap_or_default();
    Ok(compare_html(&entries, &link, None)?)
}
