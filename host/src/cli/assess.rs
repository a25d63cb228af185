//! `riskcard assess`: load and check every input first, then evaluate vendors in
//! parallel (each plugin in a fresh sandbox), writing each scorecard atomically as soon
//! as it is done and keeping only what the summary and the comparison page (up to 12
//! vendors) or the portfolio dashboard (more) need, and print the summary in input order.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use rayon::prelude::*;
use riskcard::assess::{self, PluginRecord, RunContext, Scorecard};
use riskcard::attest;
use riskcard::collect;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::dossier::{self, Date, LoadedDossier};
use riskcard::fsio::BatchWriter;
use riskcard::ledger::{Ledger, Point};
use riskcard::report::portfolio::{self, COMPARE_LIMIT, DASHBOARD, LIST_DIR, PortfolioLinks, PortfolioRow};
use riskcard::report::{self, CompareEntry, PortfolioEntry, SummaryRow, tracking};
use riskcard::rubric::Rubric;
use riskcard::runtime::Runtime;
use riskcard::shard::Shard;
use riskcard::waiver::Waivers;

use super::exports;
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
    /// Which files to write, comma-separated: per vendor html, json, md, oscal
    /// (`<vendor>.oscal.json`), sarif (`<vendor>.sarif`); for the whole run csv
    /// (`portfolio.csv`, `criteria.csv`) and xlsx (`portfolio.xlsx`). With html,
    /// `compare.html` is written too for 2 to 12 vendors, and for more the portfolio
    /// dashboard `index.html` with its vendor lists in `lists/` (not with --shard:
    /// publish the shards).
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
    /// Approved exceptions to apply (TOML); see docs/history.md.
    #[arg(long, value_name = "FILE")]
    waivers: Option<PathBuf>,
    /// Record every scorecard in this history database (SQLite, created if need be),
    /// and show each vendor's recent trend and movement; see docs/history.md.
    #[arg(long, value_name = "FILE")]
    history: Option<PathBuf>,
    /// Sign each JSON scorecard with this secret key (from `riskcard plugin keygen`),
    /// writing its attestation `<vendor>.intoto.json` beside it.
    #[arg(long, value_name = "KEY")]
    sign: Option<PathBuf>,
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
    /// OSCAL Assessment Results (JSON), for GRC tools.
    Oscal,
    /// SARIF 2.1.0, for CI code-scanning views.
    Sarif,
    /// `portfolio.csv` and `criteria.csv` for the whole run.
    Csv,
    /// `portfolio.xlsx` for the whole run.
    Xlsx,
}

/// The name of the comparison page, which no vendor id may take when it is written.
const COMPARE_PAGE: &str = "compare";
/// The name of the dashboard, which no vendor id may take when it is written.
const DASHBOARD_PAGE: &str = "index";

/// The page written for the portfolio as a whole, besides each vendor's scorecard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PortfolioPage {
    /// None: one vendor, no HTML, or a shard (publish compares the shards together).
    Neither,
    /// `compare.html`, for 2 to [`COMPARE_LIMIT`] vendors.
    Compare,
    /// The dashboard and its lists, for more.
    Dashboard,
}

impl PortfolioPage {
    /// The page's name without `.html`, which no vendor id may take.
    fn reserved(self) -> Option<&'static str> {
        match self {
            Self::Neither => None,
            Self::Compare => Some(COMPARE_PAGE),
            Self::Dashboard => Some(DASHBOARD_PAGE),
        }
    }
}

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
    for dossier in &loaded {
        for problem in dossier.dossier.extensions.keys().filter_map(|key| dossier::extension_key_problem(key)) {
            eprintln!("warning: {}: {problem} (see docs/dossier.md, \"Extensions\")", dossier.path.display());
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

/// Refuses the vendor id that would overwrite the comparison page or the dashboard.
fn check_page_clash(dossiers: &[LoadedDossier], page: PortfolioPage) -> Result<(), Diagnostics> {
    let Some(reserved) = page.reserved() else { return Ok(()) };
    match dossiers.iter().find(|loaded| loaded.dossier.vendor.id == reserved) {
        Some(loaded) => Err(Diagnostic::new(
            &loaded.path,
            format!("vendor id `{reserved}` would overwrite the page {reserved}.html"),
        )
        .key("vendor.id")
        .help("give the vendor another id")
        .into()),
        None => Ok(()),
    }
}

/// Renders one scorecard, assessed from the dossier at `dossier`, in each per-vendor
/// format asked for; the HTML shows the recent trend of `points` (the vendor's recorded
/// assessments, this one included) when there are two.
fn render(
    scorecard: &Scorecard,
    dossier: &Path,
    formats: &[Format],
    points: &[Point],
) -> anyhow::Result<Vec<(&'static str, Vec<u8>)>> {
    let mut files = Vec::new();
    for format in formats {
        let bytes = match format {
            Format::Json => report::scorecard_json(scorecard),
            Format::Html => tracking::scorecard_html_with_trend(scorecard, None, points)?.into_bytes(),
            Format::Md => report::scorecard_markdown(scorecard)?.into_bytes(),
            Format::Oscal => report::scorecard_oscal(scorecard),
            Format::Sarif => report::scorecard_sarif(scorecard, &report::DossierFile::read(dossier)),
            Format::Csv | Format::Xlsx => continue,
        };
        files.push((format.extension(), bytes));
    }
    Ok(files)
}

/// Merges each dossier's collected evidence, where there is any (the dossier's facts win).
pub(super) fn merge_collected(
    dossiers: Vec<LoadedDossier>,
    dir: Option<&Path>,
) -> Result<Vec<LoadedDossier>, Diagnostics> {
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
    let waivers = load_waivers(args.waivers.as_deref(), &rubric)?;
    // A shard's comparison or dashboard would show only its slice; `riskcard publish`
    // shows the shards together.
    let page = match dossiers.len() {
        _ if !formats.contains(&Format::Html) || args.shard.is_some() => PortfolioPage::Neither,
        0 | 1 => PortfolioPage::Neither,
        2..=COMPARE_LIMIT => PortfolioPage::Compare,
        _ => PortfolioPage::Dashboard,
    };
    check_page_clash(&dossiers, page)?;

    let signer = exports::signer(args.sign.as_deref(), formats.contains(&Format::Json))?;
    let writes_portfolio = formats.iter().any(|format| matches!(format, Format::Csv | Format::Xlsx));

    let plan = runtime.plan(&rubric);
    let context = run_context(&runtime, &rubric, as_of, waivers);

    check_targets(&args.out, &dossiers, &formats, page.reserved())?;
    riskcard::fsio::prepare_output_dir(&args.out)?;
    riskcard::fsio::remove_stale(&args.out, riskcard::fsio::STAGING_PREFIX);
    let writer = BatchWriter::new(WRITE_BATCH);
    let ledger = args.history.as_deref().map(Ledger::open).transpose()?.map(Mutex::new);
    let assess_one = |loaded: LoadedDossier| -> anyhow::Result<Assessed> {
        let scorecard = assess::score(&rubric, &loaded, &runtime.evaluate(&loaded.dossier, as_of, &plan), &context);
        let points = match &ledger {
            Some(ledger) => {
                let mut ledger =
                    ledger.lock().map_err(|_| anyhow::anyhow!("the history database's lock is poisoned"))?;
                ledger.record([&scorecard])?;
                ledger.points(&scorecard.vendor.id)?
            }
            None => Vec::new(),
        };
        for (extension, bytes) in render(&scorecard, &loaded.path, &formats, &points)? {
            if let (Some(key), "json") = (&signer, extension) {
                let path = attest::attestation_path(&args.out.join(format!("{}.json", scorecard.vendor.id)));
                write(&writer, &path, &attest::attest(&scorecard, &bytes, key))?;
            }
            write(&writer, &args.out.join(format!("{}.{extension}", scorecard.vendor.id)), &bytes)?;
        }
        let previous = points.iter().rev().find(|point| point.as_of < scorecard.as_of);
        Ok(Assessed {
            summary: SummaryRow::from(&scorecard),
            entry: (page == PortfolioPage::Compare)
                .then(|| tracking::compare_entry_with_movement(&scorecard, previous)),
            row: (page == PortfolioPage::Dashboard).then(|| PortfolioRow::from(&scorecard)),
            spreadsheet: writes_portfolio.then(|| PortfolioEntry::from(&scorecard)),
        })
    };
    // Each dossier and scorecard is dropped once written; only the summary rows (and
    // the comparison entries or dashboard rows) are kept, in input order.
    let assessed = pool.install(|| dossiers.into_par_iter().map(assess_one).collect::<anyhow::Result<Vec<_>>>())?;
    let mut rows = Vec::with_capacity(assessed.len());
    let mut entries = Vec::new();
    let mut portfolio_rows = Vec::new();
    let mut spreadsheet = Vec::new();
    for one in assessed {
        rows.push(one.summary);
        entries.extend(one.entry);
        portfolio_rows.extend(one.row);
        spreadsheet.extend(one.spreadsheet);
    }
    match page {
        PortfolioPage::Neither => {}
        PortfolioPage::Compare => {
            let html = report::compare_html(&entries, &|id| format!("{id}.html"), None)?;
            write(&writer, &args.out.join(format!("{COMPARE_PAGE}.html")), html.as_bytes())?;
        }
        PortfolioPage::Dashboard => {
            let lists = args.out.join(LIST_DIR);
            std::fs::create_dir_all(&lists).with_context(|| format!("cannot create {}", lists.display()))?;
            let links = PortfolioLinks {
                vendor_dir: "",
                json: formats.contains(&Format::Json),
                compare: None,
                signatures: None,
            };
            portfolio::write_pages(&mut portfolio_rows, links, |path, bytes| {
                write(&writer, &args.out.join(path), bytes)
            })?;
        }
    }
    for (name, bytes) in exports::portfolio_files(&spreadsheet, &formats, as_of)? {
        write(&writer, &args.out.join(name), &bytes)?;
    }
    writer.finish().with_context(|| format!("cannot write scorecards to {}", args.out.display()))?;

    let mut stdout = anstream::stdout();
    write!(stdout, "{}", report::summary_table(&rows))?;
    let mut extensions: Vec<&str> = formats.iter().map(|format| format.extension()).collect();
    if signer.is_some() {
        extensions.push(attest::ATTESTATION_SUFFIX.trim_start_matches('.'));
    }
    let errored: usize = rows.iter().map(|row| row.errored.len()).sum();
    let errored = match errored {
        0 => String::new(),
        count => format!("; {count} criterion result(s) errored: a plugin failed (see `error` in the scorecards)"),
    };
    writeln!(
        stdout,
        "wrote {} scorecard(s) ({}){} to {}{errored}",
        rows.len(),
        extensions.join(", "),
        match page {
            PortfolioPage::Neither => String::new(),
            PortfolioPage::Compare => format!(" and {COMPARE_PAGE}.html"),
            PortfolioPage::Dashboard => format!(" and the portfolio dashboard {DASHBOARD}"),
        },
        riskcard::terminal::visible(&args.out.display().to_string())
    )?;
    if page == PortfolioPage::Dashboard {
        writeln!(stdout, "{}", super::compare::hint())?;
    }
    let gate_failed = rows.iter().any(|row| !row.gates_failed.is_empty());
    Ok(if gate_failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// What is kept of one assessed vendor.
struct Assessed {
    /// Its line in the summary.
    summary: SummaryRow,
    /// Its column in the comparison, when one is written.
    entry: Option<CompareEntry>,
    /// Its row on the dashboard, when one is written.
    row: Option<PortfolioRow>,
    /// Its row in the portfolio spreadsheets, when they are written.
    spreadsheet: Option<PortfolioEntry>,
}

/// Loads the waivers file, when given, and checks it against `rubric`.
pub(super) fn load_waivers(path: Option<&Path>, rubric: &Rubric) -> Result<Option<Waivers>, Diagnostics> {
    path.map(|path| {
        let waivers = Waivers::load(path)?;
        waivers.check_against(rubric)?;
        Ok(waivers)
    })
    .transpose()
}

/// What every vendor's scoring shares: the date, the plugins the rubric uses with what
/// each is given of a dossier, check titles and the waivers.
pub(super) fn run_context(runtime: &Runtime, rubric: &Rubric, as_of: Date, waivers: Option<Waivers>) -> RunContext {
    let given = runtime.given(&runtime.plan(rubric));
    RunContext {
        as_of,
        plugins: runtime
            .plugins()
            .iter()
            .filter_map(|plugin| {
                let (_, reads) = given.iter().find(|(name, _)| *name == plugin.name)?;
                Some(PluginRecord {
                    name: plugin.name.clone(),
                    version: plugin.version.to_string(),
                    sha256: plugin.sha256.clone(),
                    given: Some(reads.clone()),
                })
            })
            .collect(),
        check_reads: runtime.check_reads(),
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
        waivers,
    }
}

/// Refuses, before anything is written, output paths that something other than a file
/// occupies (a directory planted at `out/acme.json`), naming each.
fn check_targets(
    out: &Path,
    dossiers: &[LoadedDossier],
    formats: &[Format],
    page: Option<&str>,
) -> Result<(), Diagnostics> {
    let mut targets: Vec<PathBuf> = dossiers
        .iter()
        .flat_map(|loaded| {
            formats.iter().map(|format| out.join(format!("{}.{}", loaded.dossier.vendor.id, format.extension())))
        })
        .collect();
    targets.extend(page.map(|page| out.join(format!("{page}.html"))));
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
    /// The file extension it writes (for csv and xlsx, of the portfolio files).
    pub(super) fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Json => "json",
            Self::Md => "md",
            Self::Oscal => "oscal.json",
            Self::Sarif => "sarif",
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}
