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
mod schema;
mod signing;

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
    /// Publish scorecard directories as a static site: an index, each scorecard page with
    /// its JSON, and the comparison.
    Publish(publish::PublishArgs),
    /// Collect public evidence over HTTP (status page, security.txt, security headers)
    /// into a collected-evidence file beside each dossier.
    Collect(collect::CollectArgs),
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
    match cli.command {
        Command::Assess(args) => assess::run(args),
        Command::Publish(args) => publish::run(args),
        Command::Collect(args) => collect::run(args),
        Command::Plugin(command) => plugins::run(command),
        Command::Rubric(RubricCommand::Check { file, plugins }) => {
            let runtime = plugins::load_runtime(&plugins)?;
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
