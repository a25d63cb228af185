//! `riskcard diff`: what changed between two scorecards of one vendor, given as two
//! JSON files or as a vendor and two dates in the history database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use riskcard::assess::Scorecard;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::diff::diff;
use riskcard::dossier::Date;
use riskcard::ledger::Ledger;
use riskcard::report::{site, tracking};

use super::history::{emit, visible};

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// OLD.json NEW.json; or, with --db, VENDOR DATE1 DATE2.
    #[arg(required = true, num_args = 2..=3, value_name = "OLD NEW | VENDOR DATE1 DATE2")]
    inputs: Vec<String>,
    /// Read the two scorecards from this history database.
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// How to show the changes.
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// An output format of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DiffFormat {
    /// Lines for people.
    Text,
    /// The changes as JSON.
    Json,
    /// An HTML page.
    Html,
}

fn from_db(db: &Path, vendor: &str, dates: [&str; 2]) -> anyhow::Result<[Scorecard; 2]> {
    let ledger = Ledger::open(db)?;
    let mut cards = Vec::new();
    for date in dates {
        let date = Date::parse(date).map_err(anyhow::Error::msg)?;
        let card = ledger.scorecard(vendor, date)?.ok_or_else(|| {
            let recorded: Vec<String> =
                ledger.points(vendor).unwrap_or_default().iter().map(|p| p.as_of.to_string()).collect();
            Diagnostics::from(Diagnostic::new(db, format!("no assessment of `{vendor}` on {date} is recorded")).help(
                if recorded.is_empty() {
                    format!("no assessment of `{vendor}` is recorded at all")
                } else {
                    format!("recorded dates: {}", recorded.join(", "))
                },
            ))
        })?;
        cards.push(card);
    }
    let [old, new]: [Scorecard; 2] = cards.try_into().map_err(|_| anyhow::anyhow!("two scorecards expected"))?;
    Ok([old, new])
}

pub fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let [old, new] = match (&args.db, args.inputs.as_slice()) {
        (Some(db), [vendor, first, second]) => from_db(db, vendor, [first, second])?,
        (None, [old, new]) => {
            let old = site::read_scorecard(&PathBuf::from(old));
            let new = site::read_scorecard(&PathBuf::from(new));
            match (old, new) {
                (Ok(old), Ok(new)) => [old.scorecard, new.scorecard],
                (old, new) => {
                    let problems = [old.err(), new.err()].into_iter().flatten().flat_map(|d| d.0).collect();
                    return Err(Diagnostics(problems).into());
                }
            }
        }
        (Some(_), _) => anyhow::bail!("with --db, give VENDOR DATE1 DATE2"),
        (None, _) => anyhow::bail!("give OLD.json NEW.json, or --db FILE VENDOR DATE1 DATE2"),
    };
    if old.vendor.id != new.vendor.id {
        anyhow::bail!(
            "the scorecards are of different vendors (`{}` and `{}`); diff compares one vendor over time",
            old.vendor.id,
            new.vendor.id
        );
    }
    let changes = diff(&old, &new);
    let text = match args.format {
        DiffFormat::Text => visible(&changes.to_string()),
        DiffFormat::Json => format!("{}\n", serde_json::to_string_pretty(&changes)?),
        DiffFormat::Html => tracking::diff_html(&changes)?,
    };
    emit(&text, args.out.as_deref())?;
    Ok(if changes.gates_broken.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
