//! `riskcard assess`: load and check every input first, then evaluate vendors in
//! parallel (each plugin in a fresh sandbox), writing each scorecard as soon as it is
//! done and keeping only a summary row, and print the summary in input order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Args;
use rayon::prelude::*;
use riskcard::assess::{self, PluginRecord, RunContext};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::fsio::BatchWriter;
use riskcard::report::{self, SummaryRow};
use riskcard::rubric::Rubric;
use riskcard::shard::Shard;

use super::plugins::{RuntimeSettings, load_runtime};
use super::{Jobs, parse_date};

/// Scorecard files flushed to disk together.
const WRITE_BATCH: usize = 1024;

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
    #[command(flatten)]
    jobs: Jobs,
    /// Assess only slice K of N of the dossiers (1 <= K <= N), chosen by a hash of each
    /// file's name, so N machines can split a portfolio; see docs/scaling.md.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

/// Loads every dossier (of the shard), in parallel, reporting the problems of all files
/// together, and refuses two dossiers for the same vendor.
fn load_dossiers(arguments: &[PathBuf], shard: Option<Shard>) -> Result<Vec<LoadedDossier>, Diagnostics> {
    let mut paths = dossier::expand_paths(arguments)?;
    if let Some(shard) = shard {
        paths.retain(|path| shard.contains(path));
    }
    let results: Vec<Result<LoadedDossier, Diagnostics>> = paths.par_iter().map(|path| dossier::load(path)).collect();
    let mut loaded = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
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

pub fn run(args: AssessArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let jobs = args.jobs.get();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let settings = RuntimeSettings { concurrency: jobs, ..settings.clone() };
    let (dossiers, (rubric, runtime)) = pool.install(|| {
        rayon::join(
            || load_dossiers(&args.dossiers, args.shard),
            || (Rubric::load(&args.rubric), load_runtime(args.plugins.as_deref(), &settings)),
        )
    });
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

    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;
    let writer = BatchWriter::new(WRITE_BATCH);
    let assess_one = |loaded: LoadedDossier| -> anyhow::Result<SummaryRow> {
        let scorecard = assess::score(&rubric, &loaded, &runtime.evaluate(&loaded.dossier, as_of, &plan), &context);
        let stem = args.out.join(&scorecard.vendor.id);
        let html = report::scorecard_html(&scorecard)?;
        for (extension, bytes) in [("json", report::scorecard_json(&scorecard)), ("html", html.into_bytes())] {
            write(&writer, &stem.with_extension(extension), &bytes)?;
        }
        Ok(SummaryRow::from(&scorecard))
    };
    // Each dossier is dropped once assessed; only the summary rows are kept, in input order.
    let rows = pool.install(|| dossiers.into_par_iter().map(assess_one).collect::<anyhow::Result<Vec<_>>>())?;
    writer.finish().with_context(|| format!("cannot write scorecards to {}", args.out.display()))?;

    print!("{}", report::summary_table(&rows));
    println!("wrote {} scorecard(s) to {}", rows.len(), args.out.display());
    let gate_failed = rows.iter().any(|row| !row.gates_failed.is_empty());
    Ok(if gate_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn write(writer: &BatchWriter, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    writer.write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
