//! Command-line interface: clap definitions, turned into validated settings before
//! anything runs, and one function per subcommand.

/// Prints one line for a person to stdout through riskcard's terminal output layer:
/// every control character in it (newlines included) is shown visibly.
macro_rules! say {
    ($($argument:tt)*) => {
        println!("{}", riskcard::terminal::visible(&format!($($argument)*)))
    };
}

/// Prints several lines for a person to stdout: riskcard's own newlines are kept, every
/// other control character is shown visibly.
macro_rules! say_lines {
    ($($argument:tt)*) => {
        print!("{}", riskcard::terminal::visible_lines(&format!($($argument)*)))
    };
}

/// Prints one line for a person to stderr, every control character shown visibly.
macro_rules! say_err {
    ($($argument:tt)*) => {
        eprintln!("{}", riskcard::terminal::visible(&format!($($argument)*)))
    };
}

mod assess;
mod attest;
mod authoring;
mod collect;
mod compare;
mod diff;
mod due;
mod exports;
mod history;
mod import;
mod inspect;
mod limits;
mod lock;
mod plugins;
mod publish;
mod questionnaire;
mod schema;
mod signing;

use std::num::NonZeroUsize;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use riskcard::dossier::Date;

use self::plugins::RuntimeSettings;

/// Evidence-based security scorecards for SaaS vendors.
#[derive(Debug, Parser)]
#[command(name = "riskcard", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Compile every plugin afresh instead of using the compiled-code cache (kept in the
    /// user's cache directory, or in $RISKCARD_CACHE_DIR).
    #[arg(long, global = true)]
    no_cache: bool,
}

/// How many vendors to evaluate at once.
#[derive(Debug, Args)]
pub struct Jobs {
    /// Evaluate this many vendors at once, 1 to 256. Default: the number of cores.
    #[arg(long = "jobs", short = 'j', value_name = "N", value_parser = parse_jobs)]
    jobs: Option<NonZeroUsize>,
}

/// The most vendors evaluated at once: each job is a thread with its own sandbox
/// instances, so the bound keeps a typo from exhausting threads and memory.
const MAX_JOBS: usize = 256;

/// Parses `--jobs`: a whole number from 1 to [`MAX_JOBS`].
fn parse_jobs(text: &str) -> Result<NonZeroUsize, String> {
    let jobs: NonZeroUsize =
        text.parse().map_err(|_| format!("`{text}` is not a whole number from 1 to {MAX_JOBS}"))?;
    if jobs.get() > MAX_JOBS {
        return Err(format!(
            "{jobs} is over the limit of {MAX_JOBS}; give at most {MAX_JOBS} (the default is the number of cores)"
        ));
    }
    Ok(jobs)
}

impl Jobs {
    /// The number given, or the machine's cores.
    pub fn get(&self) -> usize {
        self.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, usize::from).min(MAX_JOBS), usize::from)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess vendors: evaluate each dossier against a rubric and write scorecards.
    Assess(assess::AssessArgs),
    /// Publish scorecard directories as a static site: the portfolio dashboard, each
    /// scorecard page with its JSON, and for up to 12 vendors their comparison.
    Publish(publish::PublishArgs),
    /// Compare the vendors you choose side by side, from their scorecard JSON files.
    Compare(compare::CompareArgs),
    /// Sign a scorecard: write its in-toto attestation `<vendor>.intoto.json` beside it.
    Attest(attest::AttestArgs),
    /// Check a scorecard's attestation against a trust policy (exit 0 verified, 1 not
    /// verified, 2 bad input), and with --recompute assess its inputs again.
    Verify(attest::VerifyArgs),
    /// Collect public evidence over HTTP (status page, security.txt, security headers)
    /// into a collected-evidence file beside each dossier.
    Collect(collect::CollectArgs),
    /// Show a vendor's assessments over time from the history database, or rebuild the
    /// database from scorecard directories (`history import`).
    History(history::HistoryArgs),
    /// Explain what changed between two scorecards of one vendor; exits 1 when a
    /// required gate broke.
    Diff(diff::DiffArgs),
    /// List what falls due — certifications, waivers, reassessments — with a forecast of
    /// each vendor re-scored as of its expiry dates; exits 1 when anything is overdue.
    Due(due::DueArgs),
    /// Import a vendor's completed questionnaire (CAIQ v4, or any through a mapping)
    /// into a dossier, each fact marked vendor-attested.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Write a self-contained HTML questionnaire a vendor fills in offline; it saves a
    /// dossier marked vendor-attested.
    Questionnaire(questionnaire::QuestionnaireArgs),
    /// Work with plugins.
    #[command(subcommand)]
    Plugin(plugins::PluginCommand),
    /// Work with rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Write the WIT package (the plugin contract) this riskcard speaks.
    Wit(authoring::WitArgs),
    /// Print the JSON Schema of a file format.
    Schema {
        /// Which format.
        #[arg(value_enum)]
        format: schema::SchemaKind,
    },
}

#[derive(Debug, Subcommand)]
enum RubricCommand {
    /// Check a rubric against the available plugins; warn about what is legal but
    /// probably not meant.
    Check {
        /// The rubric file.
        file: PathBuf,
        /// Print the rubric resolved into one file: what it extends merged in, as TOML.
        #[arg(long)]
        resolved: bool,
        #[command(flatten)]
        plugins: plugins::PluginArgs,
    },
}

/// Parses `--as-of`.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let settings = RuntimeSettings::new(!cli.no_cache);
    match cli.command {
        Command::Assess(args) => assess::run(args, &settings),
        Command::Publish(args) => publish::run(args),
        Command::Compare(args) => compare::run(args),
        Command::Collect(args) => collect::run(args),
        Command::History(args) => history::run(args),
        Command::Diff(args) => diff::run(args),
        Command::Due(args) => due::run(args, &settings),
        Command::Import(command) => import::run(command),
        Command::Attest(args) => attest::attest(args),
        Command::Verify(args) => attest::verify(args, &settings),
        Command::Questionnaire(args) => questionnaire::run(args),
        Command::Plugin(command) => plugins::run(command, &settings),
        Command::Rubric(RubricCommand::Check { file, resolved, plugins }) => {
            rubric_check(&file, resolved, &plugins, &settings)
        }
        Command::Wit(args) => authoring::wit(args),
        Command::Schema { format } => {
            println!("{}", schema::schema_json(format));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `riskcard rubric check`: validates the rubric, prints its warnings to stderr, and
/// with `resolved` the resolved rubric to stdout instead of the verdict.
fn rubric_check(
    file: &std::path::Path,
    resolved: bool,
    plugins: &plugins::PluginArgs,
    settings: &RuntimeSettings,
) -> anyhow::Result<ExitCode> {
    let runtime = plugins::load_runtime(plugins, settings)?;
    let rubric = riskcard::rubric::Rubric::load(file)?;
    let catalog = runtime.catalog();
    rubric.validate(&catalog)?;
    for warning in rubric.warnings(&catalog) {
        eprintln!("warning: {warning}");
    }
    if resolved {
        print!("{}", riskcard::terminal::visible_lines(&rubric.resolved_toml()));
        return Ok(ExitCode::SUCCESS);
    }
    let extends = match rubric.extends.first() {
        Some(parent) => format!(", extending {}", parent.display()),
        None => String::new(),
    };
    say!(
        "{}: rubric {} {} is valid ({} criteria{extends})",
        file.display(),
        rubric.id,
        rubric.version,
        rubric.criteria.len()
    );
    Ok(ExitCode::SUCCESS)
}
