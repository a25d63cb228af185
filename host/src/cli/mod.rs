//! Command-line interface: clap definitions, turned into validated settings before
//! anything runs, and one function per subcommand.

mod assess;
mod collect;
mod plugins;
mod schema;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use riskcard::dossier::Date;

/// Evidence-based security scorecards for SaaS vendors.
#[derive(Debug, Parser)]
#[command(name = "riskcard", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Assess vendors: evaluate each dossier against a rubric and write scorecards.
    Assess(assess::AssessArgs),
    /// Collect public evidence over HTTP (status page, security.txt, security headers)
    /// into a collected-evidence file beside each dossier.
    Collect(collect::CollectArgs),
    /// Work with plugins.
    #[command(subcommand)]
    Plugin(plugins::PluginCommand),
    /// Work with rubrics.
    #[command(subcommand)]
    Rubric(RubricCommand),
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
        /// A directory of third-party plugin components (*.wasm) to load too.
        #[arg(long)]
        plugins: Option<PathBuf>,
    },
}

/// Parses `--as-of`.
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Assess(args) => assess::run(args),
        Command::Collect(args) => collect::run(args),
        Command::Plugin(command) => plugins::run(command),
        Command::Rubric(RubricCommand::Check { file, plugins }) => {
            let runtime = plugins::load_runtime(plugins.as_deref())?;
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
        Command::Schema { format } => {
            println!("{}", schema::schema_json(format));
            Ok(ExitCode::SUCCESS)
        }
    }
}
