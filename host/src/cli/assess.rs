//! `riskcard assess`: load and check every input first, evaluate each vendor in fresh
//! sandboxes, then write each scorecard atomically and print a summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use riskcard::assess::{self, PluginRecord, RunContext, Scorecard};
use riskcard::collect;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::fsio::write_atomic;
use riskcard::report;
use riskcard::rubric::Rubric;

use super::parse_date;
use super::plugins::load_runtime;

#[derive(Debug, Args)]
pub struct AssessArgs {
    /// Dossier files (.toml or .json), or directories of them.
    #[arg(required = true, value_name = "DOSSIER_OR_DIR")]
    dossiers: Vec<PathBuf>,
    /// The rubric to assess against.
    #[arg(long, value_name = "FILE")]
    rubric: PathBuf,
    /// Where to write the scorecards.
    #[arg(long, value_name = "DIR", default_value = "scorecards")]
    out: PathBuf,
    /// The assessment date, YYYY-MM-DD; plugins see this as "today". Default: today (UTC).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    as_of: Option<Date>,
    /// A directory of third-party plugin components (*.wasm) to load too.
    #[arg(long, value_name = "DIR")]
    plugins: Option<PathBuf>,
    /// Where `riskcard collect --out` wrote collected evidence. Default: beside each dossier.
    #[arg(long, value_name = "DIR")]
    collected: Option<PathBuf>,
}

/// Loads every dossier, reporting the problems of all files together, and refuses two
/// dossiers for the same vendor.
pub(super) fn load_dossiers(arguments: &[PathBuf]) -> Result<Vec<LoadedDossier>, Diagnostics> {
    let mut loaded = Vec::new();
    let mut problems = Vec::new();
    for path in dossier::expand_paths(arguments)? {
        match dossier::load(&path) {
            Ok(dossier) => loaded.push(dossier),
            Err(Diagnostics(found)) => problems.extend(found),
        }
    }
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for dossier in &loaded {
        if let Some(first) = seen.insert(&dossier.dossier.vendor.id, &dossier.path) {
            problems.push(
                Diagnostic::new(
                    &dossier.path,
                    format!("vendor id `{}` is also used by {}", dossier.dossier.vendor.id, first.display()),
                )
                .key("vendor.id")
                .help("each vendor needs its own id; it names the output files"),
            );
        }
    }
    if problems.is_empty() { Ok(loaded) } else { Err(Diagnostics(problems)) }
}

/// Merges each dossier's collected evidence, where there is any (the dossier's facts win).
fn merge_collected(dossiers: Vec<LoadedDossier>, dir: Option<&Path>) -> Result<Vec<LoadedDossier>, Diagnostics> {
    let mut merged = Vec::new();
    let mut problems = Vec::new();
    for loaded in dossiers {
        let path = dossier::collected_path(&loaded.path, dir);
        if !path.is_file() {
            merged.push(loaded);
            continue;
        }
        match collect::merge(loaded, &path) {
            Ok(loaded) => merged.push(loaded),
            Err(Diagnostics(found)) => problems.extend(found),
        }
    }
    if problems.is_empty() { Ok(merged) } else { Err(Diagnostics(problems)) }
}

pub fn run(args: AssessArgs) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let dossiers = load_dossiers(&args.dossiers).and_then(|loaded| merge_collected(loaded, args.collected.as_deref()));
    let rubric = Rubric::load(&args.rubric);
    let runtime = load_runtime(args.plugins.as_deref());
    let (dossiers, rubric, runtime) = match (dossiers, rubric, runtime) {
        (Ok(dossiers), Ok(rubric), Ok(runtime)) => (dossiers, rubric, runtime),
        (dossiers, rubric, runtime) => {
            let mut problems = Vec::new();
            for result in [dossiers.err(), rubric.err(), runtime.err()].into_iter().flatten() {
                problems.extend(result.0);
            }
            return Err(Diagnostics(problems).into());
        }
    };
    rubric.validate(&runtime.catalog())?;

    let plan = runtime.plan(&rubric);
    let used: Vec<&str> = rubric.criteria.iter().map(|c| c.plugin.as_str()).collect();
    let context = RunContext {
        as_of,
        plugins: runtime
            .plugins()
            .iter()
            .filter(|plugin| used.contains(&plugin.name.as_str()))
            .map(|plugin| PluginRecord {
                name: plugin.name.clone(),
                version: plugin.version.to_string(),
                sha256: plugin.sha256.clone(),
            })
            .collect(),
        check_titles: runtime
            .plugins()
            .iter()
            .flat_map(|plugin| {
                plugin
                    .checks
                    .iter()
                    .zip(&plugin.titles)
                    .map(|(check, title)| (format!("{}/{}", plugin.name, check.id), title.clone()))
            })
            .collect(),
    };
    let scorecards: Vec<Scorecard> = dossiers
        .iter()
        .map(|loaded| assess::score(&rubric, loaded, &runtime.evaluate(&loaded.dossier, as_of, &plan), &context))
        .collect();

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;
    for scorecard in &scorecards {
        let stem = args.out.join(&scorecard.vendor.id);
        let html = report::scorecard_html(scorecard)?;
        for (extension, bytes) in [("json", report::scorecard_json(scorecard)), ("html", html.into_bytes())] {
            let path = stem.with_extension(extension);
            write_atomic(&path, &bytes).with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    print!("{}", report::summary_table(&scorecards));
    println!("wrote {} scorecard(s) to {}", scorecards.len(), args.out.display());
    let gate_failed = scorecards.iter().any(|card| !card.gates_failed.is_empty());
    Ok(if gate_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
