//! `riskcard publish`: merges the scorecards of one or more `assess` output directories
//! (for example the shards of one portfolio run) into a static site — the portfolio
//! dashboard and its vendor lists, a page and the JSON for each vendor, and for a few
//! vendors their comparison — linked only by relative links, so it works from any
//! static host or straight from the file system.
//!
//! Pages are re-rendered from the scorecard JSON, one scorecard at a time. The site is built in a temporary
//! directory beside its destination and moved into place whole, so a reader never sees
//! half a site; an existing directory is only replaced when riskcard published it.
//! Signed scorecards carry their attestations (see `signatures`).

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use self::signatures::SignatureRow;
use super::html::{RenderError, SiteNav, compare_html, scorecard_html};
use super::portfolio::{self, COMPARE_LIMIT, DASHBOARD, LIST_DIR, PortfolioLinks, PortfolioRow};
use super::view::CompareEntry;
use crate::assess::{SCHEMA_VERSION, Scorecard};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::is_vendor_id;
use crate::fsio;
use crate::inputfile::{self, InputKind};
use crate::trust::TrustPolicy;

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
pub fn json_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
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

/// Reads one scorecard file, checking that it is a scorecard riskcard can publish.
pub fn read_scorecard(path: &Path) -> Result<Published, Diagnostics> {
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

/// Whether `dir` holds exactly what `publish` writes and nothing else: an `index.html`
/// riskcard generated, perhaps `compare.html` and `signatures.html`, a `lists` folder of
/// `*.html` pages, and a `vendors` folder of `*.html` and `*.json` files. A scorecard
/// directory with a vendor named `index` is not a site.
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
    let files_with = |folder: &str, extensions: &[&str]| {
        names(&dir.join(folder)).unwrap_or_default().iter().all(|(name, is_dir)| {
            !is_dir && Path::new(name).extension().is_some_and(|ext| extensions.iter().any(|wanted| ext == *wanted))
        })
    };
    let Some(top) = names(dir) else { return false };
    let top_ok = top.iter().all(|(name, is_dir)| match name.as_str() {
        "index.html" | "compare.html" | signatures::SIGNATURES_PAGE => !is_dir,
        VENDOR_DIR | LIST_DIR => *is_dir,
        _ => false,
    });
    let generated = inputfile::read(&dir.join("index.html"), InputKind::Scorecard)
        .is_ok_and(|index| String::from_utf8_lossy(&index).contains(GENERATOR));
    top_ok && files_with(VENDOR_DIR, &["html", "json"]) && files_with(LIST_DIR, &["html"]) && generated
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

/// What became of one scorecard file.
enum Outcome {
    /// Its pages were written (unless an earlier problem made writing pointless).
    Published {
        /// The vendor's dashboard row (boxed, like the entry, to keep the other outcomes small).
        row: Box<PortfolioRow>,
        /// The vendor's line on the signatures page.
        signature: Box<SignatureRow>,
        /// The vendor's comparison entry, when the site has a comparison.
        entry: Option<Box<CompareEntry>>,
    },
    /// Another file was published for the same vendor; whether the two agree is checked
    /// once all are read.
    Repeat(String),
    /// It is not a scorecard riskcard can publish.
    Invalid(Vec<Diagnostic>),
}

/// Whether the site compares its vendors: 2 to [`COMPARE_LIMIT`] of them. Only a few
/// files are read to know it; more files than that never make a comparison.
fn compares(files: &[&PathBuf]) -> bool {
    if files.len() > COMPARE_LIMIT {
        return false;
    }
    let vendors: BTreeSet<String> =
        files.iter().filter_map(|file| read_scorecard(file).ok()).map(|card| card.scorecard.vendor.id).collect();
    vendors.len() >= 2
}

/// Writes one vendor's files into the site's vendor folder: its page, and its JSON as read.
fn publish_one(card: &Published, compare: bool, vendors: &Path) -> Result<(), PublishError> {
    let id = &card.scorecard.vendor.id;
    let nav = SiteNav {
        index: format!("../{DASHBOARD}"),
        compare: compare.then(|| "../compare.html".to_owned()),
        json: format!("{id}.json"),
    };
    let page = vendors.join(format!("{id}.html"));
    std::fs::write(&page, scorecard_html(&card.scorecard, Some(&nav))?).map_err(write_error(&page))?;
    let json = vendors.join(format!("{id}.json"));
    std::fs::write(&json, &card.json).map_err(write_error(&json))
}

/// Reads `files` in parallel, each scorecard written to the site and dropped as soon as
/// it is read, keeping only its dashboard row. Every file's problems are collected;
/// once there is one, nothing more is written.
fn publish_all(
    files: &[&PathBuf],
    compare: bool,
    vendors: &Path,
    trust: Option<&TrustPolicy>,
    failed: &AtomicBool,
) -> Result<Vec<Outcome>, PublishError> {
    let claimed: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    files
        .par_iter()
        .map(|file| {
            let card = match read_scorecard(file) {
                Ok(card) => card,
                Err(Diagnostics(found)) => {
                    failed.store(true, Ordering::Relaxed);
                    return Ok(Outcome::Invalid(found));
                }
            };
            let id = &card.scorecard.vendor.id;
            if !claimed.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(id.clone()) {
                return Ok(Outcome::Repeat(id.clone()));
            }
            let (signature, envelope) = match signatures::check(&card, trust) {
                Ok(checked) => checked,
                Err(problem) => {
                    failed.store(true, Ordering::Relaxed);
                    return Ok(Outcome::Invalid(vec![*problem]));
                }
            };
            if !failed.load(Ordering::Relaxed) {
                publish_one(&card, compare, vendors)?;
                if let Some(envelope) = &envelope {
                    signatures::write_attestation(&card, envelope, vendors)?;
                }
            }
            Ok(Outcome::Published {
                row: Box::new(PortfolioRow::from(&card.scorecard)),
                signature: Box::new(signature),
                entry: compare.then(|| Box::new(CompareEntry::from(&card.scorecard))),
            })
        })
        .collect()
}

/// The problem with `file`, published for a vendor `first` was already published from,
/// when the two scorecards differ.
fn conflict(first: &Path, file: &Path) -> Option<Diagnostic> {
    let (Ok(one), Ok(two)) = (read_scorecard(first), read_scorecard(file)) else { return None };
    (one.scorecard != two.scorecard).then(|| {
        Diagnostic::new(
            file,
            format!("vendor `{}` already has a different scorecard in {}", two.scorecard.vendor.id, first.display()),
        )
        .key("vendor.id")
        .help("publish one scorecard per vendor: drop the stale directory or assess the vendor again")
    })
}

/// Writes every file of the site into `dir`: one vendor at a time, then the dashboard
/// and its lists from the rows kept, then the comparison when there is one. Fails with
/// the problems of every input file when any is unusable.
fn write_site(
    sources: &[Result<Vec<PathBuf>, Diagnostics>],
    dir: &Path,
    trust: Option<&TrustPolicy>,
) -> Result<SiteSummary, PublishError> {
    let files: Vec<&PathBuf> = sources.iter().flat_map(|source| source.iter().flatten()).collect();
    let compare = compares(&files);
    let vendors = dir.join(VENDOR_DIR);
    std::fs::create_dir(&vendors).map_err(write_error(&vendors))?;
    let failed = AtomicBool::new(sources.iter().any(Result::is_err));
    let outcomes = publish_all(&files, compare, &vendors, trust, &failed)?;

    let mut problems = Vec::new();
    let mut first_file: BTreeMap<String, &Path> = BTreeMap::new();
    let mut rows = Vec::new();
    let mut entries = Vec::new();
    let mut signed = Vec::new();
    let mut outcomes = files.iter().zip(outcomes);
    for source in sources {
        let count = match source {
            Err(Diagnostics(found)) => {
                problems.extend(found.iter().cloned());
                continue;
            }
            Ok(files) => files.len(),
        };
        for (file, outcome) in outcomes.by_ref().take(count) {
            let id = match outcome {
                Outcome::Invalid(found) => {
                    problems.extend(found);
                    continue;
                }
                Outcome::Repeat(id) => id,
                Outcome::Published { row, signature, entry } => {
                    let id = row.id.clone();
                    rows.push(*row);
                    signed.push(*signature);
                    entries.extend(entry.map(|entry| *entry));
                    id
                }
            };
            match first_file.get(&id) {
                Some(first) => problems.extend(conflict(first, file)),
                None => {
                    first_file.insert(id, file);
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }

    let lists = dir.join(LIST_DIR);
    std::fs::create_dir(&lists).map_err(write_error(&lists))?;
    let signatures_page = signatures::write_page(&mut signed, dir, trust.is_some())?;
    let links = PortfolioLinks {
        vendor_dir: "vendors/",
        json: true,
        compare: compare.then_some("compare.html"),
        signatures: signatures_page,
    };
    portfolio::write_pages(&mut rows, links, |path, bytes| {
        let path = dir.join(path);
        std::fs::write(&path, bytes).map_err(write_error(&path))
    })?;
    if compare {
        let page = dir.join("compare.html");
        let html = compare_html(&entries, &|id| format!("{VENDOR_DIR}/{id}.html"), Some(DASHBOARD))?;
        std::fs::write(&page, html).map_err(write_error(&page))?;
    }
    Ok(SiteSummary { vendors: rows.len(), compare })
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

/// Publishes the scorecards in `dirs` as a static site at `dir`, replacing an earlier
/// site there. The scorecards are merged, one per vendor: the same scorecard found twice
/// counts once, two different scorecards for one vendor are refused. Memory stays
/// bounded however many there are: each is read, rendered, written and dropped in turn,
/// and only a small row per vendor is kept for the dashboard.
/// Signed scorecards carry their attestations, their signers named from `trust` when given.
pub fn publish(dirs: &[PathBuf], dir: &Path, trust: Option<&TrustPolicy>) -> Result<SiteSummary, PublishError> {
    check_destination(dir)?;
    let sources: Vec<Result<Vec<PathBuf>, Diagnostics>> = dirs.iter().map(|source| json_files(source)).collect();
    let parent = dir.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(write_error(parent))?;
    for kind in [SITE_PREFIX, OLD_SITE_PREFIX] {
        fsio::remove_stale(parent, kind);
    }
    let built = tempfile::Builder::new()
        .prefix(&fsio::own_prefix(SITE_PREFIX))
        .tempdir_in(parent)
        .map_err(write_error(parent))?;
    let summary = write_site(&sources, built.path(), trust)?;
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

mod signatures;
#[cfg(test)]
mod tests;
