//! `riskcard history`: show a vendor's assessments from the history database, or
//! rebuild the database from scorecard directories (`history import`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, Subcommand, ValueEnum};
use riskcard::assess::Scorecard;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::write_atomic;
use riskcard::ledger::Ledger;
use riskcard::report::{site, tracking};

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct HistoryArgs {
    #[command(subcommand)]
    command: Option<HistoryCommand>,
    /// The vendor's id.
    #[arg(required = true, value_name = "VENDOR")]
    vendor: Option<String>,
    /// The history database (`assess --history` or `history import` wrote it).
    #[arg(long, value_name = "FILE", required = true)]
    db: Option<PathBuf>,
    /// How to show the history.
    #[arg(long, value_enum, default_value = "table")]
    format: HistoryFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum HistoryCommand {
    /// Record the scorecards (*.json) of these directories in the database, creating it
    /// if need be; the same scorecard recorded twice counts once.
    Import {
        /// Directories `riskcard assess --out` wrote, from any machine or date.
        #[arg(required = true, value_name = "SCORECARD_DIR")]
        dirs: Vec<PathBuf>,
        /// The history database.
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
    },
}

/// An output format of `history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum HistoryFormat {
    /// One line per assessment.
    Table,
    /// The assessments as a JSON array.
    Json,
    /// An HTML page with a trend chart.
    Html,
}

/// Every scorecard in `dirs`, reporting the problems of all files at once.
pub(super) fn read_dirs(dirs: &[PathBuf]) -> Result<Vec<Scorecard>, Diagnostics> {
    let mut cards = Vec::new();
    let mut problems = Vec::new();
    for dir in dirs {
        let files = match site::json_files(dir) {
            Ok(files) => files,
            Err(Diagnostics(found)) => {
                problems.extend(found);
                continue;
            }
        };
        for file in files {
            match site::read_scorecard(&file) {
                Ok(published) => cards.push(published.scorecard),
                Err(Diagnostics(found)) => problems.extend(found),
            }
        }
    }
    if problems.is_empty() { Ok(cards) } else { Err(Diagnostics(problems)) }
}

/// `text` with every control character but line breaks and tabs written out as an escape
/// (`\u{1b}`), so that text from dossiers and plugins cannot drive a terminal.
pub(super) fn visible(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() && c != '\n' && c != '\t' { c.escape_unicode().to_string() } else { c.to_string() })
        .collect()
}

/// Writes `text` to `out`, or prints it.
pub(super) fn emit(text: &str, out: Option<&Path>) -> anyhow::Result<()> {
    match out {
        Some(path) => write_atomic(path, text.as_bytes()).with_context(|| format!("cannot write {}", path.display())),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

pub fn run(args: HistoryArgs) -> anyhow::Result<ExitCode> {
    if let Some(HistoryCommand::Import { dirs, db }) = args.command {
        let cards = read_dirs(&dirs)?;
        let recorded = Ledger::open(&db)?.record(&cards)?;
        println!("recorded {recorded} scorecard(s) in {}", db.display());
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(vendor), Some(db)) = (args.vendor, args.db) else {
        anyhow::bail!("give a VENDOR and --db FILE, or `history import`");
    };
    if !db.is_file() {
        return Err(Diagnostics::from(
            Diagnostic::new(&db, "no history database here")
                .help("record one with `riskcard assess … --history FILE` or `riskcard history import DIR --db FILE`"),
        )
        .into());
    }
    let ledger = Ledger::open(&db)?;
    let points = ledger.points(&vendor)?;
    if points.is_empty() {
        let known = ledger.vendors()?.join(", ");
        return Err(Diagnostics::from(
            Diagnostic::new(&db, format!("no assessment of vendor `{vendor}` is recorded")).help(if known.is_empty() {
                "the database is empty".to_owned()
            } else {
                format!("recorded vendors: {known}")
            }),
        )
        .into());
    }
    let text = match args.format {
        HistoryFormat::Table => visible(&tracking::history_table(&points)),
        HistoryFormat::Json => format!("{}\n", serde_json::to_string_pretty(&points)?),
        HistoryFormat::Html => tracking::history_html(&vendor, &points)?,
    };
    emit(&text, args.out.as_deref())?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn control_characters_are_written_out() {
        assert_eq!(visible("a\u{1b}[31mb\r\n\tc"), "a\\u{1b}[31mb\\u{d}\n\tc");
    }
}
