//! `riskcard assess`: load and check every input first, evaluate each vendor in fresh
//! sandboxes, then write each scorecard atomically and print a summary.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use riskcard::assess::{self, PluginRecord, RunContext, Scorecard};
use riskcard::collect;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::fsio::write_atomic;
use riskcard::report;
use riskcard::rubric::Rubric;

use super::parse_date;
use super::plugins::{PluginArgs, load_runtime};

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
    /// vendors, `compare.html` is written too.
    #[arg(long, value_name = "FORMATS", value_enum, value_delimiter = ',', default_value = "html,json")]
    format: Vec<Format>,
    /// Where `riskcard collect --out` wrote collected evidence. Default: beside each dossier.
    #[arg(long, value_name = "DIR")]
    collected: Option<PathBuf>,
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
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let dossiers = load_dossiers(&args.dossiers).and_then(|loaded| merge_collected(loaded, args.collected.as_deref()));
    let rubric = Rubric::load(&args.rubric);
    let runtime = load_runtime(&args.plugins);
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
    let writes_compare = formats.contains(&Format::Html) && dossiers.len() >= 2;
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
    let scorecards: Vec<Scorecard> = dossiers
        .iter()
        .map(|loaded| assess::score(&rubric, loaded, &runtime.evaluate(&loaded.dossier, as_of, &plan), &context))
        .collect();

    let mut files = Vec::new();
    for scorecard in &scorecards {
        for (extension, bytes) in render(scorecard, &formats)? {
            files.push((args.out.join(format!("{}.{extension}", scorecard.vendor.id)), bytes));
        }
    }
    if writes_compare {
        files.push((
            args.out.join(format!("{COMPARE_PAGE}.html")),
            report::compare_html(&scorecards, "", None)?.into_bytes(),
        ));
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create output directory {}", args.out.display()))?;
    for (path, bytes) in &files {
        write_atomic(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let mut stdout = anstream::stdout();
    write!(stdout, "{}", report::summary_table(&scorecards))?;
    let extensions: Vec<&str> = formats.iter().map(|format| format.extension()).collect();
    writeln!(
        stdout,
        "wrote {} scorecard(s) ({}){} to {}",
        scorecards.len(),
        extensions.join(", "),
        if writes_compare { " and compare.html" } else { "" },
        args.out.display()
    )?;
    let gate_failed = scorecards.iter().any(|card| !card.gates_failed.is_empty());
    Ok(if gate_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
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
