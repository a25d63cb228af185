//! Loading the runtime with the embedded plugins plus a directory of third-party
//! ones, and the `riskcard plugin` subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::runtime::{CodeCache, Limits, Origin, Runtime};

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// List the available plugins and their checks.
    List {
        /// A directory of third-party plugin components (*.wasm) to load too.
        #[arg(long)]
        plugins: Option<PathBuf>,
    },
}

/// The `*.wasm` files in `dir`, sorted.
fn wasm_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
    let entries = std::fs::read_dir(dir).map_err(|error| {
        Diagnostic::new(dir, format!("cannot read plugin directory: {error}"))
            .help("pass a directory of .wasm components to --plugins")
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .collect();
    files.sort();
    Ok(files)
}

/// How the runtime is set up.
#[derive(Debug, Clone)]
pub struct RuntimeSettings {
    /// Simultaneous evaluations to size the instance pool for.
    pub concurrency: usize,
    /// Whether to use the compiled-code cache.
    pub cache: bool,
}

impl RuntimeSettings {
    /// For one evaluation at a time, with or without the cache.
    pub fn new(cache: bool) -> Self {
        Self { concurrency: 1, cache }
    }
}

/// A runtime with the embedded plugins and those in `extra`; every plugin that fails to
/// load is reported, not just the first. A cache that cannot be opened is warned about
/// and skipped.
pub fn load_runtime(extra: Option<&Path>, settings: &RuntimeSettings) -> Result<Runtime, Diagnostics> {
    let mut runtime = Runtime::with_concurrency(Limits::default(), settings.concurrency)
        .map_err(|error| Diagnostic::new(Path::new("riskcard"), error.to_string()))?;
    if settings.cache {
        match CodeCache::default_dir().map(|dir| CodeCache::open(&dir)) {
            Some(Ok(cache)) => runtime.use_cache(cache),
            Some(Err(error)) => tracing::warn!("{error}; compiling plugins without it"),
            None => tracing::warn!("no cache directory (set RISKCARD_CACHE_DIR); compiling plugins without a cache"),
        }
    }
    let mut problems = Vec::new();
    for (name, bytes) in riskcard::embedded::PLUGINS {
        if let Err(error) = runtime.load(bytes, Origin::Embedded) {
            problems.push(Diagnostic::new(Path::new(name), format!("embedded plugin {error}")));
        }
    }
    if let Some(dir) = extra {
        for file in wasm_files(dir)? {
            let loaded =
                std::fs::read(&file).map_err(|error| format!("cannot read plugin: {error}")).and_then(|bytes| {
                    runtime
                        .load(&bytes, Origin::File(file.clone()))
                        .map(|_| ())
                        .map_err(|error| format!("plugin {error}"))
                });
            if let Err(message) = loaded {
                problems.push(Diagnostic::new(&file, message).help("fix or remove the file; see docs/plugins.md"));
            }
        }
    }
    if problems.is_empty() { Ok(runtime) } else { Err(Diagnostics(problems)) }
}

pub fn run(command: PluginCommand, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    match command {
        PluginCommand::List { plugins } => {
            let runtime = load_runtime(plugins.as_deref(), settings)?;
            for plugin in runtime.plugins() {
                let origin = match &plugin.origin {
                    Origin::Embedded => "embedded".to_owned(),
                    Origin::File(path) => path.display().to_string(),
                };
                println!("{} {} ({origin})  sha256:{}", plugin.name, plugin.version, plugin.sha256);
                for (check, title) in plugin.checks.iter().zip(&plugin.titles) {
                    println!("  {}/{:<24} {:<20} {title}", plugin.name, check.id, check.practice.id());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
