//! `riskcard publish`: merges the scorecards of one or more `assess` output directories
//! (for example the shards of one portfolio run) into a static site — an index, a page
//! and the JSON for each vendor, and the comparison — linked only by relative links, so
//! it works from any static host or straight from the file system.
//!
//! Pages are re-rendered from the scorecard JSON. The site is built in a temporary
//! directory beside its destination and moved into place whole, so a reader never sees
//! half a site; an existing directory is only replaced when riskcard published it.
//! Signed scorecards carry their attestations (see `signatures`).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::html::{RenderError, SiteNav, compare_html, index_html, scorecard_html};
use super::view::CompareEntry;
use crate::assess::{SCHEMA_VERSION, Scorecard};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::is_vendor_id;
use crate::trust::TrustPolicy;

/// The folder of the site holding each vendor's page and JSON.
pub const VENDOR_DIR: &str = "vendors";
/// What every page riskcard writes carries, and how a site riskcard published is known.
const GENERATOR: &str = "<meta name=\"generator\" content=\"riskcard\">";

/// A scorecard read for publishing.
#[derive(Debug, Clone, PartialEq)]
pub struct Published {
    /// The scorecard.
    pub scorecard: Scorecard,
    /// The JSON file's exact bytes, published beside the page.
    pub json: Vec<u8>,
    /// Where it was read from.
    pub path: PathBuf,
}

/// Publishing failed.
#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    /// The inputs or the destination are not usable.
    #[error(transparent)]
    Input(#[from] Diagnostics),
    /// A page could not be rendered.
    #[error(transparent)]
    Render(#[from] RenderError),
    /// The site could not be written.
    #[error("cannot write the site at {path}: {source}")]
    Write {
        /// What was being written.
        path: PathBuf,
        /// Why it failed.
        source: io::Error,
    },
}

fn write_error(path: &Path) -> impl FnOnce(io::Error) -> PublishError + '_ {
    move |source| PublishError::Write { path: path.to_owned(), source }
}

/// The `*.json` files in `dir`, sorted.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        Diagnostic::new(dir, format!("cannot read scorecard directory: {error}"))
            .help("pass the directories `riskcard assess --out` wrote")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file() && path.extension().is_some_and(|ext| ext == "json"))
        // `<vendor>.intoto.json` and `<vendor>.oscal.json` sit beside the scorecards;
        // vendor ids never hold a dot.
        .filter(|path| path.file_stem().is_some_and(|stem| !stem.to_string_lossy().contains('.')))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::new(dir, "directory holds no scorecards (*.json)")
            .help("run `riskcard assess` with --format including json (the default) and pass its --out directory")
            .into());
    }
    Ok(files)
}

/// Reads one scorecard file, keeping its exact bytes.
pub fn read_scorecard(path: &Path) -> Result<Published, Diagnostics> {
    let help = "publish reads the *.json scorecards that `riskcard assess` writes; see `riskcard schema scorecard`";
    let json = std::fs::read(path)
        .map_err(|error| Diagnostic::new(path, format!("cannot read scorecard: {error}")).help(help))?;
    let scorecard: Scorecard = serde_json::from_slice(&json).map_err(|error| {
        let message = error.to_string();
        let mut diagnostic = Diagnostic::new(
            path,
            format!("not a riskcard scorecard: {}", message.split(" at line ").next().unwrap_or(&message)),
        )
        .help(help);
        diagnostic.line = Some(error.line());
        diagnostic.column = Some(error.column());
        diagnostic
    })?;
    if scorecard.schema_version != SCHEMA_VERSION {
        return Err(Diagnostic::new(
            path,
            format!("scorecard schema version {} is not the supported {SCHEMA_VERSION}", scorecard.schema_version),
        )
        .key("schema_version")
        .help("publish scorecards with the riskcard version that assessed them, or assess again")
        .into());
    }
    if !is_vendor_id(&scorecard.vendor.id) {
        return Err(Diagnostic::new(path, format!("vendor id `{}` cannot name a file", scorecard.vendor.id))
            .key("vendor.id")
            .help("vendor ids are 1–64 lowercase letters, digits and inner dashes; assess the dossier again")
            .into());
    }
    Ok(Published { scorecard, json, path: path.to_owned() })
}

/// Reads the scorecards in `dirs` and merges them, one per vendor: the same scorecard
/// found twice counts once, two different scorecards for one vendor are refused.
/// Reports the problems of every file at once. The result is sorted by vendor id.
pub fn load(dirs: &[PathBuf]) -> Result<Vec<Published>, Diagnostics> {
    let mut problems = Vec::new();
    let mut by_vendor: BTreeMap<String, Published> = BTreeMap::new();
    for dir in dirs {
        let files = match json_files(dir) {
            Ok(files) => files,
            Err(Diagnostics(found)) => {
                problems.extend(found);
                continue;
            }
        };
        for file in files {
            match read_scorecard(&file) {
                Err(Diagnostics(found)) => problems.extend(found),
                Ok(published) => match by_vendor.get(&published.scorecard.vendor.id) {
                    Some(first) if first.scorecard != published.scorecard => problems.push(
                        Diagnostic::new(
                            &file,
                            format!(
                                "vendor `{}` already has a different scorecard in {}",
                                published.scorecard.vendor.id,
                                first.path.display()
                            ),
                        )
                        .key("vendor.id")
                        .help("publish one scorecard per vendor: drop the stale directory or assess the vendor again"),
                    ),
                    Some(_) => {}
                    None => {
                        by_vendor.insert(published.scorecard.vendor.id.clone(), published);
                    }
                },
            }
        }
    }
    if problems.is_empty() { Ok(by_vendor.into_values().collect()) } else { Err(Diagnostics(problems)) }
}

/// Whether `dir` may be replaced: it does not exist, is empty, or holds a site that
/// riskcard published.
fn check_destination(dir: &Path) -> Result<(), Diagnostics> {
    let Ok(mut entries) = std::fs::read_dir(dir) else {
        return if dir.exists() {
            Err(Diagnostic::new(dir, "the site destination exists and is not a directory")
                .help("choose a new or empty directory for --out")
                .into())
        } else {
            Ok(())
        };
    };
    if entries.next().is_none() {
        return Ok(());
    }
    let index = std::fs::read_to_string(dir.join("index.html")).unwrap_or_default();
    if index.contains(GENERATOR) {
        Ok(())
    } else {
        Err(Diagnostic::new(dir, "the site destination holds files riskcard did not publish; refusing to replace it")
            .help("choose a new or empty directory for --out, or the directory of an earlier `riskcard publish`")
            .into())
    }
}

/// What a published site holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSummary {
    /// Vendors published.
    pub vendors: usize,
    /// Whether a comparison page was written.
    pub compare: bool,
}

/// Writes every file of the site into `dir`.
fn write_site(cards: &[Published], dir: &Path, trust: Option<&TrustPolicy>) -> Result<SiteSummary, PublishError> {
    let vendors = dir.join(VENDOR_DIR);
    std::fs::create_dir(&vendors).map_err(write_error(&vendors))?;
    let scorecards: Vec<Scorecard> = cards.iter().map(|card| card.scorecard.clone()).collect();
    let compare = scorecards.len() >= 2;
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    for card in cards {
        let id = &card.scorecard.vendor.id;
        let nav = SiteNav {
            index: "../index.html".to_owned(),
            compare: compare.then(|| "../compare.html".to_owned()),
            json: format!("{id}.json"),
        };
        files.push((vendors.join(format!("{id}.html")), scorecard_html(&card.scorecard, Some(&nav))?.into_bytes()));
        files.push((vendors.join(format!("{id}.json")), card.json.clone()));
    }
    let prefix = format!("{VENDOR_DIR}/");
    if compare {
        let entries: Vec<CompareEntry> = scorecards.iter().map(CompareEntry::from).collect();
        files.push((dir.join("compare.html"), compare_html(&entries, &prefix, Some("index.html"))?.into_bytes()));
    }
    let compare_href = compare.then(|| "compare.html".to_owned());
    let signatures = signatures::signature_files(cards, dir, trust)?;
    let signatures_href = (!signatures.is_empty()).then_some(signatures::SIGNATURES_PAGE);
    files.push((dir.join("index.html"), index_html(&scorecards, &prefix, compare_href, signatures_href)?.into_bytes()));
    files.extend(signatures);
    for (path, bytes) in files {
        std::fs::write(&path, bytes).map_err(write_error(&path))?;
    }
    Ok(SiteSummary { vendors: cards.len(), compare })
}

/// Publishes `cards` as a static site at `dir`, replacing an earlier site there; their
/// attestations go along, their signers named from `trust` when given.
pub fn publish(cards: &[Published], dir: &Path, trust: Option<&TrustPolicy>) -> Result<SiteSummary, PublishError> {
    check_destination(dir)?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    let built = tempfile::Builder::new().prefix(".riskcard-site-").tempdir_in(parent).map_err(write_error(parent))?;
    let summary = write_site(cards, built.path(), trust)?;
    // A temporary directory is private to its owner; a site is for others to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(built.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(write_error(built.path()))?;
    }
    if dir.exists() {
        let old = tempfile::Builder::new().prefix(".riskcard-old-").tempdir_in(parent).map_err(write_error(parent))?;
        std::fs::rename(dir, old.path()).map_err(write_error(dir))?;
        if let Err(source) = std::fs::rename(built.path(), dir) {
            // Put the earlier site back; should even that fail, it stays where it was moved.
            let kept = old.keep();
            let _ = std::fs::rename(&kept, dir);
            return Err(PublishError::Write { path: dir.to_owned(), source });
        }
    } else {
        std::fs::rename(built.path(), dir).map_err(write_error(dir))?;
    }
    Ok(summary)
}

mod signatures;
#[cfg(test)]
mod tests;
