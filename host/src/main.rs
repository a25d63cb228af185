//! The `riskcard` command: parse arguments, run, print the error chain once, and exit
//! 0 (all well), 1 (a required gate failed) or 2 (bad input or usage).

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("RISKCARD_LOG").unwrap_or_else(|_| "warn".into()))
        .with_writer(std::io::stderr)
        .without_time()
        .init();
    let arguments = cli::Cli::parse();
    match cli::run(arguments) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {}", riskcard::terminal::visible_lines(&format!("{error:#}")));
            ExitCode::from(2)
        }
    }
}
