//! `riskcard compare`: the vendors you choose, side by side.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use riskcard::fsio::write_atomic;
use riskcard::report::{compare_scorecards, portfolio::COMPARE_LIMIT};

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scorecard JSON files written by `riskcard assess`, one per vendor; each vendor
    /// links to the HTML scorecard beside its JSON when there is one.
    #[arg(required = true, num_args = 2.., value_name = "SCORECARD")]
    scorecards: Vec<PathBuf>,
    /// Where to write the comparison page.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
}

/// What `assess` and `publish` say when a portfolio is too large to compare side by side.
pub fn hint() -> String {
    format!(
        "more than {COMPARE_LIMIT} vendors: no side-by-side comparison; open the dashboard, \
         and compare the vendors you choose with `riskcard compare SCORECARD.json... --out compare.html`"
    )
}

pub fn run(args: CompareArgs) -> anyhow::Result<ExitCode> {
    let dir = args.out.parent().filter(|parent| !parent.as_os_str().is_empty()).unwrap_or(".".as_ref());
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create directory {}", dir.display()))?;
    let html = compare_scorecards(&args.scorecards, dir)?;
    write_atomic(&args.out, html.as_bytes()).with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("compared {} vendors in {}", args.scorecards.len(), args.out.display());
    Ok(ExitCode::SUCCESS)
}
