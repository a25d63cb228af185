//! `riskcard due`: what falls due within a window — certifications, waivers,
//! reassessments — with a forecast of each vendor re-scored as of its expiry dates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use riskcard::assess;
use riskcard::dossier::Date;
use riskcard::due::{self, DueInputs, DueReport};
use riskcard::ledger::{Ledger, Point};
use riskcard::report::tracking;
use riskcard::rubric::Rubric;

use super::assess::{load_dossiers, load_waivers, merge_collected, run_context};
use super::history::{emit, visible};
use super::parse_date;
use super::plugins::{PluginArgs, RuntimeSettings, load_runtime};

#[derive(Debug, Args)]
pub struct DueArgs {
    /// Dossier files (.toml or .json), or directories of them.
    #[arg(required = true, value_name = "DOSSIER_OR_DIR")]
    dossiers: Vec<PathBuf>,
    /// The rubric: its `[reassess]` cadence, and the forecast's scoring.
    #[arg(long, value_name = "FILE")]
    rubric: PathBuf,
    /// Waivers whose expiry to list, and to apply in the forecast.
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    /// The history database, for each vendor's last assessment and risk tier.
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// How far ahead to look, in days, e.g. 60d.
    #[arg(long, value_name = "DAYS", default_value = "60d", value_parser = Date::parse_days)]
    within: u32,
    /// The date to look from, YYYY-MM-DD. Default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    #[command(flatten)]
    plugins: PluginArgs,
    /// How to show what falls due.
    #[arg(long, value_enum, default_value = "text")]
    format: DueFormat,
    /// Write to this file (atomically) instead of standard output.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// An output format of `due`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DueFormat {
    /// Lines for people.
    Text,
    /// The report as JSON, for automation.
    Json,
    /// An HTML page.
    Html,
}

/// Each vendor's latest assessment on or before `as_of`.
fn last_assessments(path: &Path, vendors: &[String], as_of: Date) -> anyhow::Result<BTreeMap<String, Point>> {
    let ledger = Ledger::open(path)?;
    let mut last = BTreeMap::new();
    for vendor in vendors {
        if let Some(point) = ledger.points(vendor)?.into_iter().rfind(|p| p.as_of <= as_of) {
            last.insert(vendor.clone(), point);
        }
    }
    Ok(last)
}

pub fn run(args: DueArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let dossiers = load_dossiers(&args.dossiers, None).and_then(|loaded| merge_collected(loaded, None));
    let (rubric, runtime) = (Rubric::load(&args.rubric), load_runtime(&args.plugins, settings));
    let (dossiers, rubric, runtime) = match (dossiers, rubric, runtime) {
        (Ok(dossiers), Ok(rubric), Ok(runtime)) => (dossiers, rubric, runtime),
        (dossiers, rubric, runtime) => {
            let problems = [dossiers.err(), rubric.err(), runtime.err()].into_iter().flatten().flat_map(|d| d.0);
            return Err(riskcard::diagnostics::Diagnostics(problems.collect()).into());
        }
    };
    rubric.validate(&runtime.catalog())?;
    let waivers = load_waivers(args.waivers.as_deref(), &rubric)?;
    let vendors: Vec<String> = dossiers.iter().map(|loaded| loaded.dossier.vendor.id.clone()).collect();
    let last = match &args.history {
        Some(path) => last_assessments(path, &vendors, as_of)?,
        None => BTreeMap::new(),
    };
    let inputs = DueInputs {
        as_of,
        within_days: args.within,
        dossiers: &dossiers,
        waivers: waivers.as_ref(),
        reassess: &rubric.reassess,
        last: &last,
    };
    let items = due::items(&inputs);
    let plan = runtime.plan(&rubric);
    let score_on = |loaded, date| {
        let context = run_context(&runtime, &rubric, date, waivers.clone());
        assess::score(&rubric, loaded, &runtime.evaluate(&loaded.dossier, date, &plan), &context)
    };
    let mut forecasts = Vec::new();
    for ((vendor, date), because) in due::forecast_dates(&items) {
        let Some(loaded) = dossiers.iter().find(|loaded| loaded.dossier.vendor.id == vendor) else { continue };
        forecasts.push(due::forecast(&score_on(loaded, as_of), &score_on(loaded, date), date, because));
    }
    forecasts.sort_by(|a, b| (a.date, &a.vendor).cmp(&(b.date, &b.vendor)));
    let overdue = items.iter().filter(|item| item.overdue).count();
    let report = DueReport { as_of, within_days: args.within, items, forecasts, overdue };
    let text = match args.format {
        DueFormat::Text => visible(&tracking::due_text(&report)),
        DueFormat::Json => format!("{}\n", serde_json::to_string_pretty(&report)?),
        DueFormat::Html => tracking::due_html(&report)?,
    };
    emit(&text, args.out.as_deref())?;
    Ok(if overdue > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
