//! `riskcard assess`: load and check every input first, then evaluate vendors in
//! parallel (each plugin in a fresh sandbox), writing each scorecard atomically as soon
//! as it is done and keeping only what the summary and the comparison page need, and
//! print the summary in input order.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use riskcard::assess::{self, PluginRecord, RunContext, Scorecard};
use riskcard::collect;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::fsio::BatchWriter;
use riskcard::report::{self, CompareEntry, SummaryRow};
use riskcard::rubric::Rubric;
use riskcard::shard::Shard;

use super::plugins::{PluginArgs, RuntimeSettings, load_runtime};
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
    #[command(flatten)]
    plugins: PluginArgs,
    /// Which files to write per vendor, comma-separated. With html and two or more
    /// vendors, `compare.html` is written too (not with --shard: publish the shards).
    #[arg(long, value_name = "FORMATS", value_enum, value_delimiter = ',', default_value = "html,json")]
    format: Vec<Format>,
    /// Where `riskcard collect --out` wrote collected evidence. Default: beside each dossier.
    #[arg(long, value_name = "DIR")]
    collected: Option<PathBuf>,
    #[command(flatten)]
    jobs: Jobs,
    /// Assess only slice K of N of the dossiers (1 <= K <= N), chosen by a hash of each
    /// file's name, so N machines can split a portfolio; see docs/scaling.md.
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

/// An output format of `assess`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    /// The self-contained HTML scorecard.
    Html,
    /// The scorecard JSON, the stable contract (`riskcard publish` reads it).
    Json,
    /// A Markdown scorecard, for tickets and wikis.
    Md,
}

/// The name of the comparison page, which no vendor id may take.
const COMPARE_PAGE: &str = "compare";

/// Loads every dossier (of the shard, when given), in parallel, reporting the problems
/// of all files together, and refuses two dossiers for the same vendor.
pub(super) fn load_dossiers(arguments: &[PathBuf], shard: Option<Shard>) -> Result<Vec<LoadedDossier>, Diagnostics> {
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

/// Refuses the vendor id that would overwrite the comparison page.
fn check_compare_clash(dossiers: &[LoadedDossier], writes_compare: bool) -> Result<(), Diagnostics> {
    match dossiers.iter().find(|loaded| loaded.dossier.vendor.id == COMPARE_PAGE) {
        Some(loaded) if writes_compare => Err(Diagnostic::new(
            &loaded.path,
            format!("vendor id `{COMPARE_PAGE}` would overwrite the comparison page {COMPARE_PAGE}.html"),
        )
        .key("vendor.id")
        .help("give the vendor another id")
        .into()),
        _ => Ok(()),
    }
}

/// Renders one scorecard in each format asked for.
fn render(scorecard: &Scorecard, formats: &[Format]) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    formats
        .iter()
        .map(|format| {
            let bytes = match format {
                Format::Json => report::scorecard_json(scorecard),
                Format::Html => report::scorecard_html(scorecard, None)?.into_bytes(),
                Format::Md => report::scorecard_markdown(scorecard)?.into_bytes(),
            };
            Ok((format.extension(), bytes))
        })
        .collect()
}

/// Merges each dossier's collected evidence, where there is any (the dossier's facts win).
fn merge_collected(dossiers: Vec<LoadedDossier>, dir: Option<&Path>) -> Result<Vec<LoadedDossier>, Diagnostics> {
    if let Some(dir) = dir
        && !dir.is_dir()
    {
        return Err(Diagnostic::new(dir, "the --collected directory does not exist or is not a directory")
            .help("pass the directory `riskcard collect --out` wrote, or leave --collected out")
            .into());
    }
    let mut merged = Vec::new();
    let mut problems = Vec::new();
    for loaded in dossiers {
        let path = dossier::collected_path(&loaded.path, dir);
        if path.symlink_metadata().is_err() {
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

pub fn run(args: AssessArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    let as_of = args.as_of.unwrap_or_else(Date::today_utc);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let jobs = args.jobs.get();
    let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build().context("cannot start worker threads")?;
    let settings = RuntimeSettings { concurrency: jobs, ..settings.clone() };
    let (dossiers, (rubric, runtime)) = pool.install(|| {
        rayon::join(
            || {
                load_dossiers(&args.dossiers, args.shard)
                    .and_then(|loaded| merge_collected(loaded, args.collected.as_deref()))
            },
            || (Rubric::load(&args.rubric), load_runtime(&args.plugins, &settings)),
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
    // A shard's comparison would rank only its slice; `riskcard publish` compares the shards together.
    let writes_compare = formats.contains(&Format::Html) && args.shard.is_none() && dossiers.len() >= 2;
    check_compare_clash(&dossiers, writes_compare)?;

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

    check_targets(&args.out, &dossiers, &formats, writes_compare)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;
    riskcard::fsio::remove_stale(&args.out, riskcard::fsio::STAGING_PREFIX);
    let writer = BatchWriter::new(WRITE_BATCH);
    let assess_one = |loaded: LoadedDossier| -> anyhow::Result<(SummaryRow, Option<CompareEntry>)> {
        let scorecard = assess::score(&rubric, &loaded, &runtime.evaluate(&loaded.dossier, as_of, &plan), &context);
        for (extension, bytes) in render(&scorecard, &formats)? {
            write(&writer, &args.out.join(format!("{}.{extension}", scorecard.vendor.id)), &bytes)?;
        }
        Ok((SummaryRow::from(&scorecard), writes_compare.then(|| CompareEntry::from(&scorecard))))
    };
    // Each dossier and scorecard is dropped once written; only the summary rows (and
    // the comparison entries) are kept, in input order.
    let assessed = pool.install(|| dossiers.into_par_iter().map(assess_one).collect::<anyhow::Result<Vec<_>>>())?;
    let (rows, entries): (Vec<SummaryRow>, Vec<Option<CompareEntry>>) = assessed.into_iter().unzip();
    if writes_compare {
        let entries: Vec<CompareEntry> = entries.into_iter().flatten().collect();
        let page = report::compare_html(&entries, "", None)?;
        write(&writer, &args.out.join(format!("{COMPARE_PAGE}.html")), page.as_bytes())?;
    }
    writer.finish().with_context(|| format!("cannot write scorecards to {}", args.out.display()))?;

    let mut stdout = anstream::stdout();
    write!(stdout, "{}", report::summary_table(&rows))?;
    let extensions: Vec<&str> = formats.iter().map(|format| format.extension()).collect();
    writeln!(
        stdout,
        "wrote {} scorecard(s) ({}){} to {}",
        rows.len(),
        extensions.join(", "),
        if writes_compare { " and compare.html" } else { "" },
        riskcard::terminal::visible(&args.out.display().to_string())
    )?;
    let gate_failed = rows.iter().any(|row| !row.gates_failed.is_empty());
    Ok(if gate_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Refuses, before anything is written, output paths that something other than a file
/// occupies (a directory planted at `out/acme.json`), naming each.
fn check_targets(out: &Path, dossiers: &[LoadedDossier], formats: &[Format], compare: bool) -> Result<(), Diagnostics> {
    let mut targets: Vec<PathBuf> = dossiers
        .iter()
        .flat_map(|loaded| {
            formats.iter().map(|format| out.join(format!("{}.{}", loaded.dossier.vendor.id, format.extension())))
        })
        .collect();
    if compare {
        targets.push(out.join(format!("{COMPARE_PAGE}.html")));
    }
    let problems: Vec<Diagnostic> = targets
        .into_iter()
        .filter(|target| target.symlink_metadata().is_ok_and(|meta| meta.is_dir()))
        .map(|target| {
            Diagnostic::new(&target, "a directory is in the way of this scorecard")
                .help("move or remove it, or write to another --out directory")
        })
        .collect();
    if problems.is_empty() { Ok(()) } else { Err(Diagnostics(problems)) }
}

fn write(writer: &BatchWriter, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    writer.write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

impl Format {
    /// The file extension it writes.
    fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Json => "json",
            Self::Md => "md",
        }
    }
}
