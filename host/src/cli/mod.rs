//! Command-line interface: clap definitions, turned into validated settings before
//! anything runs, and one function per subcommand.

mod assess;
mod authoring;
mod collect;
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
    /// Evaluate this many vendors at once. Default: the number of cores.
    #[arg(long = "jobs", short = 'j', value_name = "N")]
    jobs: Option<NonZeroUsize>,
}

impl Jobs {
    /// The number given, or the machine's cores.
    pub fn get(&self) -> usize {
        self.jobs.map_or_else(|| std::thread::available_parallelism().map_or(1, usize::from), usize::from)
    }
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess vendors: evaluate each dossier against a rubric and write scorecards.
    Assess(assess::AssessArgs),
    /// Publish scorecard directories as a static site: an index, each scorecard page with
    /// its JSON, and the comparison.
    Publish(publish::PublishArgs),
    /// Collect public evidence over HTTP (status page, security.txt, security headers)
    /// into a collected-evidence file beside each dossier.
    Collect(collect::CollectArgs),
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
    /// Check a rubric against the available plugins.
    Check {
        /// The rubric file.
        file: PathBuf,
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
        Command::Collect(args) => collect::run(args),
        Command::Questionnaire(args) => questionnaire::run(args),
        Command::Plugin(command) => plugins::run(command, &settings),
        Command::Rubric(RubricCommand::Check { file, plugins }) => {
            let runtime = plugins::load_runtime(&plugins, &settings)?;
            let rubric = riskcard::rubric::Rubric::load(&file)?;
            rubric.validate(&runtime.catalog())?;
            println!(
                "{}: rubric {} {} is valid ({} criteria)",
                file.display(),
                rubric.id,
                rubric.version,
                rubric.criteria.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Wit(args) => authoring::wit(args),
        Command::Schema { format } => {
            println!("{}", schema::schema_json(format));
            Ok(ExitCode::SUCCESS)
        }
    }
}
