//! `riskcard publish`: scorecard directories in, a static site out.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use riskcard::report::{portfolio, site};
use riskcard::trust::TrustPolicy;

#[derive(Debug, Args)]
pub struct PublishArgs {
    /// Directories of scorecards written by `riskcard assess` (for example the shards of
    /// one run); their *.json scorecards are merged, one per vendor.
    #[arg(required = true, value_name = "SCORECARD_DIR")]
    dirs: Vec<PathBuf>,
    /// Where to write the site: a new or empty directory, or an earlier site to replace.
    #[arg(long, value_name = "SITE_DIR")]
    out: PathBuf,
    /// A trust policy naming the publishers of signed scorecards on the site; each
    /// attestation must then be signed by a publisher it lists.
    #[arg(long, value_name = "FILE")]
    trust: Option<PathBuf>,
}

pub fn run(args: PublishArgs) -> anyhow::Result<ExitCode> {
    site::check_not_a_source(&args.out, &args.dirs)?;
    let trust = args.trust.as_deref().map(TrustPolicy::load).transpose()?;
    let summary = site::publish(&args.dirs, &args.out, trust.as_ref())?;
    say!(
        "published {} vendor(s){} to {}; open {}",
        summary.vendors,
        if summary.compare { " and their comparison" } else { "" },
        args.out.display(),
        args.out.join(portfolio::DASHBOARD).display()
    );
    if !summary.compare && summary.vendors > portfolio::COMPARE_LIMIT {
        println!("{}", super::compare::hint());
    }
    Ok(ExitCode::SUCCESS)
}
