//! `riskcard import caiq|questionnaire`: read a vendor's completed questionnaire into a
//! new dossier or into the analyst's (`--merge`, which never overwrites what the analyst
//! wrote), write it atomically, and list on stderr what was imported and what skipped.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Dossier};
use riskcard::fsio::write_atomic;
use riskcard::import::{self, Imported, Kind, Mapping, Request};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import a completed CSA CAIQ v4.0.x: the STAR workbook (.xlsx), CAIQ-Lite, or a
    /// CSV export of the same columns, through the built-in CAIQ v4 mapping.
    Caiq {
        /// The workbook (.xlsx) or CSV export.
        #[arg(value_name = "WORKBOOK")]
        file: PathBuf,
        #[command(flatten)]
        target: Target,
    },
    /// Import any questionnaire with a question-id column and an answer column, through
    /// a mapping file (see docs/import.md).
    Questionnaire {
        /// The questionnaire (.xlsx or .csv).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The mapping from its question ids to dossier fields.
        #[arg(long, value_name = "MAPPING")]
        mapping: PathBuf,
        #[command(flatten)]
        target: Target,
    },
}

/// Which vendor, and where the dossier goes.
#[derive(Debug, Args)]
pub struct Target {
    /// The vendor's id (lowercase letters, digits and dashes); names the output files.
    #[arg(long, value_name = "ID")]
    vendor_id: String,
    /// The vendor's display name for a new dossier. Default: the id.
    #[arg(long, value_name = "NAME", conflicts_with = "merge")]
    name: Option<String>,
    /// Where to write the dossier (.toml, or .json). Default: standard output.
    #[arg(long, value_name = "DOSSIER")]
    out: Option<PathBuf>,
    /// Import into this analyst's dossier: its facts are kept, and each answer that would
    /// change one is listed as skipped (and, when it disagrees, shown on the scorecard).
    #[arg(long, value_name = "DOSSIER")]
    merge: Option<PathBuf>,
}

pub fn run(command: ImportCommand) -> anyhow::Result<ExitCode> {
    let (file, kind, mapping, target) = match command {
        ImportCommand::Caiq { file, target } => (file, Kind::Caiq, Mapping::caiq_v4()?, target),
        ImportCommand::Questionnaire { file, mapping, target } => {
            (file, Kind::Mapped, Mapping::load(&mapping)?, target)
        }
    };
    let base = base_dossier(&target)?;
    let imported = import::import(Request { file: &file, kind, mapping: &mapping, base })?;
    let text = render(&imported.dossier, target.out.as_deref(), &file)?;
    match &target.out {
        Some(out) => {
            if let Some(parent) = out.parent().filter(|parent| !parent.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
            }
            write_atomic(out, text.as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
        }
        None => print!("{text}"),
    }
    report(&imported, &file, target.out.as_deref());
    Ok(ExitCode::SUCCESS)
}

/// The analyst's dossier to merge into, or a new one.
fn base_dossier(target: &Target) -> Result<Dossier, Diagnostics> {
    if !dossier::is_vendor_id(&target.vendor_id) {
        return Err(Diagnostic::new(
            Path::new("--vendor-id"),
            format!("`{}` must be 1–64 lowercase letters, digits and inner dashes", target.vendor_id),
        )
        .help("it names the output files; write e.g. --vendor-id acme-crm")
        .into());
    }
    let Some(path) = &target.merge else {
        return Ok(import::new_dossier(&target.vendor_id, target.name.as_deref().unwrap_or(&target.vendor_id)));
    };
    let loaded = dossier::load(path)?;
    if loaded.dossier.vendor.id != target.vendor_id {
        return Err(Diagnostic::new(
            path,
            format!("is vendor `{}`, not `{}`", loaded.dossier.vendor.id, target.vendor_id),
        )
        .key("vendor.id")
        .help("give the --vendor-id of the dossier you merge into")
        .into());
    }
    Ok(loaded.dossier)
}

/// The dossier as TOML, or as JSON when `out` ends in `.json`.
fn render(dossier: &Dossier, out: Option<&Path>, file: &Path) -> anyhow::Result<String> {
    if out.and_then(|out| out.extension()).is_some_and(|extension| extension == "json") {
        return Ok(serde_json::to_string_pretty(dossier)? + "\n");
    }
    let name = file.file_name().map_or_else(String::new, |name| name.to_string_lossy().into_owned());
    Ok(format!(
        "# Imported by `riskcard import` from {name}. Facts keyed under [attestations] are the\n# vendor's own answers (vendor-attested); the rest was written by an analyst.\n\n{}",
        toml::to_string(dossier)?
    ))
}

/// What was imported and what skipped, on stderr.
fn report(imported: &Imported, file: &Path, out: Option<&Path>) {
    let written = out.map_or_else(|| "standard output".to_owned(), |out| out.display().to_string());
    eprintln!("{}: imported {} fact(s) into {written}", file.display(), imported.filled.len());
    for fact in &imported.filled {
        eprintln!("  {} ← {}", fact.path, fact.question);
    }
    if !imported.skipped.is_empty() {
        eprintln!("skipped {} fact(s) the analyst's dossier already states (its value kept):", imported.skipped.len());
        for skipped in &imported.skipped {
            let verdict = if skipped.contradicts() {
                format!("CONTRADICTS: the answer means {}, the dossier says {}", skipped.claimed, skipped.stated)
            } else {
                format!("agrees ({})", skipped.stated)
            };
            eprintln!("  {} ← {} at {}: {verdict}", skipped.path, skipped.question, skipped.cell);
        }
    }
    for (what, ids) in [
        ("answered not applicable", &imported.not_applicable),
        ("left unanswered", &imported.unanswered),
        ("not asked by this CAIQ-Lite", &imported.not_asked),
    ] {
        if !ids.is_empty() {
            eprintln!("{} mapped question(s) {what}: {}", ids.len(), ids.join(", "));
        }
    }
}
