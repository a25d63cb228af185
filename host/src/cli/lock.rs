//! `riskcard plugin lock`: pin the exact bytes of every available plugin.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::write_atomic;
use riskcard::runtime::{Origin, Plugin};
use riskcard::trust::{LockedPlugin, Lockfile};

use super::limits::LimitArgs;
use super::plugins::{
    RuntimeSettings, embedded_source, file_signature, file_source, new_runtime, read_plugin, refusal, wasm_files,
};

/// `riskcard plugin lock`: loads every plugin (so only loadable ones are pinned) and
/// writes the lockfile atomically.
pub fn run(dir: Option<&Path>, out: &Path, limits: &LimitArgs, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    // Pins what is there now, whatever an older lockfile said.
    let mut runtime = new_runtime(limits, settings)?;
    let mut pins = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in riskcard::embedded::PLUGINS {
        match runtime.load(bytes, Origin::Embedded) {
            Ok(plugin) => pins.push(pin(plugin, embedded_source(name))),
            Err(error) => problems.push(Diagnostic::new(Path::new(name), format!("embedded plugin {error}"))),
        }
    }
    for file in dir.map(wasm_files).transpose()?.unwrap_or_default() {
        // A file that cannot be read is already a whole problem, with its own fix.
        let bytes = match read_plugin(&file) {
            Ok(bytes) => bytes,
            Err(Diagnostics(found)) => {
                problems.extend(found);
                continue;
            }
        };
        let status = file_signature(&file, &bytes, None);
        let loaded = if status.is_invalid() {
            let (problem, fix) = refusal(&status, &file, None);
            Err(format!("plugin refused: {problem}; {fix}"))
        } else {
            runtime.load(&bytes, Origin::File(file.clone())).map_err(|error| format!("plugin {error}"))
        };
        match loaded {
            Ok(plugin) => pins.push(pin(plugin, file_source(&file))),
            Err(message) => {
                problems.push(Diagnostic::new(&file, message).help("fix or remove the file, then lock again"))
            }
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems).into());
    }
    let lockfile = Lockfile::new(pins);
    write_atomic(out, lockfile.to_toml().as_bytes()).with_context(|| format!("cannot write {}", out.display()))?;
    say!("pinned {} plugin(s) in {}", lockfile.plugins.len(), out.display());
    for entry in &lockfile.plugins {
        say!("  {} {}  {}  sha256:{}", entry.name, entry.version, entry.source, entry.sha256);
    }
    Ok(ExitCode::SUCCESS)
}

fn pin(plugin: &Plugin, source: String) -> LockedPlugin {
    LockedPlugin {
        name: plugin.name.clone(),
        version: plugin.version.to_string(),
        sha256: plugin.sha256.clone(),
        source,
    }
}
