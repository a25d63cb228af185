//! `riskcard publish`: merges the scorecards of one or more `assess` output directories
//! (for example the shards of one portfolio run) into a static site — an index, a page
//! and the JSON for each vendor, and the comparison — linked only by relative links, so
//! it works from any static host or straight from the file system.
//!
//! Pages are re-rendered from the scorecard JSON. The site is built in a temporary
//! directory beside its destination and moved into place whole, so a reader never sees
//! half a site; an existing directory is only replaced when riskcard published it.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use super::html::{RenderError, SiteNav, compare_html, index_html, scorecard_html};
use super::view::CompareEntry;
use crate::assess::{SCHEMA_VERSION, Scorecard};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::is_vendor_id;
use crate::fsio;
use crate::inputfile::{self, InputKind};

/// The folder of the site holding each vendor's page and JSON.
pub const VENDOR_DIR: &str = "vendors";
/// How the directory a site is built in begins (the process id follows).
const SITE_PREFIX: &str = ".riskcard-site-";
/// How the directory an earlier site is moved to while being replaced begins.
const OLD_SITE_PREFIX: &str = ".riskcard-old-";
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
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Diagnostic::new(dir, "directory holds no scorecards (*.json)")
            .help("run `riskcard assess` with --format including json (the default) and pass its --out directory")
            .into());
    }
    Ok(files)
}

/// Reads one scorecard file.
fn read_scorecard(path: &Path) -> Result<Published, Diagnostics> {
    let help = "publish reads the *.json scorecards that `riskcard assess` writes; see `riskcard schema scorecard`";
    let json = inputfile::read(path, InputKind::Scorecard).map_err(|error| error.diagnostic(path))?;
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

/// Whether `dir` holds exactly what `publish` writes and nothing else: an `index.html`
/// riskcard generated, perhaps `compare.html`, and a `vendors` folder of `*.html` and
/// `*.json` files. A scorecard directory with a vendor named `index` is not a site.
fn is_published_site(dir: &Path) -> bool {
    let names = |dir: &Path| -> Option<Vec<(String, bool)>> {
        std::fs::read_dir(dir)
            .ok()?
            .map(|entry| {
                let entry = entry.ok()?;
                let kind = entry.file_type().ok()?;
                Some((entry.file_name().into_string().ok()?, kind.is_dir()))
            })
            .collect()
    };
    let Some(top) = names(dir) else { return false };
    let top_ok = top.iter().all(|(name, is_dir)| match name.as_str() {
        "index.html" | "compare.html" => !is_dir,
        VENDOR_DIR => *is_dir,
        _ => false,
    });
    let vendors_ok = names(&dir.join(VENDOR_DIR))
        .unwrap_or_default()
        .iter()
        .all(|(name, is_dir)| !is_dir && Path::new(name).extension().is_some_and(|ext| ext == "html" || ext == "json"));
    let generated = inputfile::read(&dir.join("index.html"), InputKind::Scorecard)
        .is_ok_and(|index| String::from_utf8_lossy(&index).contains(GENERATOR));
    top_ok && vendors_ok && generated
}

/// Whether `dir` may be replaced: it does not exist, is empty, or holds a site that
/// riskcard published and nothing else.
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
    if is_published_site(dir) {
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
fn write_site(cards: &[Published], dir: &Path) -> Result<SiteSummary, PublishError> {
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
    files.push((dir.join("index.html"), index_html(&scorecards, &prefix, compare_href)?.into_bytes()));
    for (path, bytes) in files {
        std::fs::write(&path, bytes).map_err(write_error(&path))?;
    }
    Ok(SiteSummary { vendors: cards.len(), compare })
}

/// Refuses a destination that is one of the scorecard directories read: publishing
/// there would replace the scorecards (and anything beside them) with the site.
pub fn check_not_a_source(dir: &Path, sources: &[PathBuf]) -> Result<(), Diagnostics> {
    let Ok(destination) = dir.canonicalize() else { return Ok(()) };
    match sources.iter().find(|source| source.canonicalize().is_ok_and(|source| source == destination)) {
        Some(source) => Err(Diagnostic::new(
            dir,
            format!("the site destination is the scorecard directory {} it is read from", source.display()),
        )
        .help("publish to a directory of its own, e.g. --out site")
        .into()),
        None => Ok(()),
    }
}

/// Publishes `cards` as a static site at `dir`, replacing an earlier site there.
pub fn publish(cards: &[Published], dir: &Path) -> Result<SiteSummary, PublishError> {
    check_destination(dir)?;
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    for kind in [SITE_PREFIX, OLD_SITE_PREFIX] {
        fsio::remove_stale(parent, kind);
    }
    let built = tempfile::Builder::new()
        .prefix(&fsio::own_prefix(SITE_PREFIX))
        .tempdir_in(parent)
        .map_err(write_error(parent))?;
    let summary = write_site(cards, built.path())?;
    // A temporary directory is private to its owner; a site is for others to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(built.path(), std::fs::Permissions::from_mode(0o755))
            .map_err(write_error(built.path()))?;
    }
    if dir.exists() {
        let old = tempfile::Builder::new()
            .prefix(&fsio::own_prefix(OLD_SITE_PREFIX))
            .tempdir_in(parent)
            .map_err(write_error(parent))?;
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

#[cfg(test)]
mod tests;
