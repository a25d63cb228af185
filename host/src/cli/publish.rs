//! `riskcard publish`: scorecard directories in, a static site out.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use riskcard::report::site;

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Directories of scorecards written by `riskcard assess` (for example the shards of
    /// one run); their *.json scorecards are merged, one per vendor.
    #[arg(required = true, value_name = "SCORECARD_DIR")]
    dirs: Vec<PathBuf>,
    /// Where to write the site: a new or empty directory, or an earlier site to replace.
    #[arg(long, value_name = "SITE_DIR")]
    out: PathBuf,
}

pub fn run(args: PublishArgs) -> anyhow::Result<ExitCode> {
    site::check_not_a_source(&args.out, &args.dirs)?;
    let cards = site::load(&args.dirs)?;
    let summary = site::publish(&cards, &args.out)?;
    say!(
        "published {} vendor(s){} to {}; open {}",
        summary.vendors,
        if summary.compare { " and their comparison" } else { "" },
        args.out.display(),
        args.out.join("index.html").display()
    );
    Ok(ExitCode::SUCCESS)
}
