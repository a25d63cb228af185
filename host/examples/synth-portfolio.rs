//! Writes a synthetic portfolio for benchmarks: `synth-portfolio DIR COUNT [SEED]`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(dir), Some(Ok(count))) = (args.first(), args.get(1).map(|n| n.parse::<usize>())) else {
        eprintln!("usage: synth-portfolio DIR COUNT [SEED]");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match riskcard::synth::write_portfolio(&PathBuf::from(dir), seed, count) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write {dir}: {error}");
            ExitCode::from(2)
        }
    }
}
