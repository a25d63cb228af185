//! Loading the runtime with the embedded plugins plus a directory of third-party
//! ones — under the plugin limits, the lockfile and the signature policy — and the
//! `riskcard plugin` subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context as _;
use clap::builder::RangedU64ValueParser;
use clap::{Args, Subcommand};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::{sha256_hex, write_atomic};
use riskcard::runtime::{Limits, Origin, Plugin, Runtime, grant};
use riskcard::trust::{
    LOCKFILE_NAME, LockedPlugin, Lockfile, SignatureStatus, TrustPolicy, check_signature, signature_path,
};

use super::signing::{self, SigningCommand};

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// List the available plugins and their checks.
    List {
        #[command(flatten)]
        plugins: PluginArgs,
    },
    /// Pin the exact bytes of every available plugin in a lockfile.
    Lock {
        /// A directory of third-party plugin components (*.wasm) to pin too.
        #[arg(long, value_name = "DIR")]
        plugins: Option<PathBuf>,
        /// The lockfile to write.
        #[arg(long, value_name = "FILE", default_value = LOCKFILE_NAME)]
        out: PathBuf,
        #[command(flatten)]
        limits: LimitArgs,
    },
    /// Show what a plugin component is, what it imports and what it is granted.
    Inspect {
        /// The plugin component (.wasm).
        file: PathBuf,
        /// A trust policy listing publisher keys, to judge the signature by.
        #[arg(long, value_name = "FILE")]
        trust: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    #[command(flatten)]
    Signing(SigningCommand),
}

/// The limits every plugin call runs under (see docs/security.md for the defaults).
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Plugin limits (per plugin call)")]
pub struct LimitArgs {
    /// Fuel (about one per wasm instruction) a plugin may burn.
    #[arg(long, value_name = "N", default_value_t = Limits::default().fuel, value_parser = clap::value_parser!(u64).range(1..))]
    fuel: u64,
    /// Wall-clock milliseconds a plugin may run.
    #[arg(long, value_name = "MS", default_value_t = default_deadline_ms(), value_parser = clap::value_parser!(u64).range(10..=600_000))]
    deadline_ms: u64,
    /// Linear memory a plugin may grow to, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = Limits::default().memory_bytes >> 20, value_parser = RangedU64ValueParser::<usize>::new().range(1..=4096))]
    memory_mib: usize,
    /// Wasm stack a plugin may use, in KiB (at most 1024: it shares the host's stack).
    #[arg(long, value_name = "KIB", default_value_t = Limits::default().stack_bytes >> 10, value_parser = RangedU64ValueParser::<usize>::new().range(16..=1024))]
    wasm_stack_kib: usize,
    /// Findings one check result may carry.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_findings)]
    max_findings: usize,
    /// Bytes of finding text one call's results may carry.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_result_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_result_bytes: usize,
    /// Log messages a plugin may write.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_log_messages, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_log_messages: usize,
    /// Bytes of log text a plugin may write.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_log_bytes, value_parser = RangedU64ValueParser::<usize>::new().range(1..))]
    max_log_bytes: usize,
    /// Bytes a plugin may write to stdout, and to stderr.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_output_bytes)]
    max_output_bytes: usize,
}

fn default_deadline_ms() -> u64 {
    u64::try_from(Limits::default().deadline.as_millis()).unwrap_or(u64::MAX)
}

impl LimitArgs {
    /// The limits these flags give.
    pub fn limits(&self) -> Limits {
        Limits {
            fuel: self.fuel,
            deadline: Duration::from_millis(self.deadline_ms),
            memory_bytes: self.memory_mib << 20,
            stack_bytes: self.wasm_stack_kib << 10,
            max_findings: self.max_findings,
            max_result_bytes: self.max_result_bytes,
            max_log_messages: self.max_log_messages,
            max_log_bytes: self.max_log_bytes,
            max_output_bytes: self.max_output_bytes,
        }
    }
}

/// Which plugins to load and which of them to trust.
#[derive(Debug, Clone, Args)]
pub struct PluginArgs {
    /// A directory of third-party plugin components (*.wasm) to load too.
    #[arg(long, value_name = "DIR")]
    plugins: Option<PathBuf>,
    /// The lockfile pinning plugin bytes; without this flag, ./riskcard.lock if it exists.
    #[arg(long, value_name = "FILE")]
    lock: Option<PathBuf>,
    /// A trust policy listing the publisher keys whose signatures are accepted.
    #[arg(long, value_name = "FILE")]
    trust: Option<PathBuf>,
    /// Refuse any third-party plugin not signed by a publisher in the trust policy.
    #[arg(long)]
    require_signed: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

impl PluginArgs {
    /// The lockfile in force: the one named, or ./riskcard.lock when present.
    fn lockfile(&self) -> Result<Option<(PathBuf, Lockfile)>, Diagnostics> {
        let path = match &self.lock {
            Some(path) => path.clone(),
            None if Path::new(LOCKFILE_NAME).is_file() => PathBuf::from(LOCKFILE_NAME),
            None => return Ok(None),
        };
        Ok(Some((path.clone(), Lockfile::load(&path)?)))
    }

    fn trust_policy(&self) -> Result<Option<TrustPolicy>, Diagnostics> {
        self.trust.as_deref().map(TrustPolicy::load).transpose()
    }
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

/// How a file plugin is named in the lockfile: its file name in the plugin directory.
fn file_source(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

fn embedded_source(name: &str) -> String {
    format!("embedded:{name}")
}

/// The signature status of the plugin file at `path` with `bytes`.
fn file_signature(path: &Path, bytes: &[u8], policy: Option<&TrustPolicy>) -> SignatureStatus {
    let signature = std::fs::read_to_string(signature_path(path)).ok();
    check_signature(bytes, signature.as_deref(), policy)
}

/// Whether plugin bytes from `path` may be loaded at all: they match their pin, and
/// their signature is valid (and trusted, under `--require-signed`). Returns the pin.
fn admit<'a>(
    args: &PluginArgs,
    lock: Option<&'a (PathBuf, Lockfile)>,
    policy: Option<&TrustPolicy>,
    path: &Path,
    bytes: &[u8],
) -> Result<Option<&'a LockedPlugin>, String> {
    let pin = match lock {
        Some((lock_path, lockfile)) => {
            Some(lockfile.check_bytes(lock_path, &file_source(path), &sha256_hex(bytes)).map_err(|error| {
                format!("plugin refused: {error}; if the change is intended, run `riskcard plugin lock` again")
            })?)
        }
        None => None,
    };
    match file_signature(path, bytes, policy) {
        SignatureStatus::Invalid(reason) => Err(format!("plugin refused: its signature is invalid: {reason}")),
        status if args.require_signed && !status.is_trusted() => Err(format!(
            "plugin refused by --require-signed: it is {status}; sign it with `riskcard plugin sign` and list the publisher key in the --trust policy{}",
            if args.trust.is_none() { " (no --trust policy was given)" } else { "" }
        )),
        _ => Ok(pin),
    }
}

/// A runtime with the embedded plugins and those in `--plugins`, each admitted by the
/// lockfile and signature policy first; every problem is reported, not just the first.
pub fn load_runtime(args: &PluginArgs) -> Result<Runtime, Diagnostics> {
    let (lock, policy) = match (args.lockfile(), args.trust_policy()) {
        (Ok(lock), Ok(policy)) => (lock, policy),
        (lock, policy) => {
            return Err(Diagnostics([lock.err(), policy.err()].into_iter().flatten().flat_map(|d| d.0).collect()));
        }
    };
    let mut runtime = new_runtime(&args.limits)?;
    let mut problems = Vec::new();
    for (name, bytes) in riskcard::embedded::PLUGINS {
        let pin = match &lock {
            Some((lock_path, lockfile)) => {
                match lockfile.check_bytes(lock_path, &embedded_source(name), &sha256_hex(bytes)) {
                    Ok(pin) => Some(pin),
                    Err(error) => {
                        problems.push(
                            Diagnostic::new(Path::new(name), format!("embedded plugin refused: {error}"))
                                .help("this riskcard embeds other plugin bytes than were pinned; run `riskcard plugin lock` again"),
                        );
                        continue;
                    }
                }
            }
            None => None,
        };
        match runtime.load(bytes, Origin::Embedded) {
            Ok(plugin) => check_identity(lock.as_ref(), pin, plugin, Path::new(name), &mut problems),
            Err(error) => problems.push(Diagnostic::new(Path::new(name), format!("embedded plugin {error}"))),
        }
    }
    if let Some(dir) = &args.plugins {
        for file in wasm_files(dir)? {
            let bytes = match std::fs::read(&file) {
                Ok(bytes) => bytes,
                Err(error) => {
                    problems.push(Diagnostic::new(&file, format!("cannot read plugin: {error}")));
                    continue;
                }
            };
            let pin = match admit(args, lock.as_ref(), policy.as_ref(), &file, &bytes) {
                Ok(pin) => pin,
                Err(message) => {
                    problems.push(Diagnostic::new(&file, message));
                    continue;
                }
            };
            match runtime.load(&bytes, Origin::File(file.clone())) {
                Ok(plugin) => check_identity(lock.as_ref(), pin, plugin, &file, &mut problems),
                Err(error) => problems.push(
                    Diagnostic::new(&file, format!("plugin {error}"))
                        .help("fix or remove the file; see docs/security.md"),
                ),
            }
        }
    }
    if problems.is_empty() { Ok(runtime) } else { Err(Diagnostics(problems)) }
}

/// Refuses a pinned plugin that describes itself differently from its pin.
fn check_identity(
    lock: Option<&(PathBuf, Lockfile)>,
    pin: Option<&LockedPlugin>,
    plugin: &Plugin,
    file: &Path,
    problems: &mut Vec<Diagnostic>,
) {
    if let (Some((lock_path, _)), Some(pin)) = (lock, pin)
        && let Err(error) = pin.check_identity(lock_path, &plugin.name, &plugin.version.to_string())
    {
        problems.push(Diagnostic::new(file, format!("plugin refused: {error}")));
    }
}

fn new_runtime(limits: &LimitArgs) -> Result<Runtime, Diagnostics> {
    Runtime::new(limits.limits()).map_err(|error| Diagnostic::new(Path::new("riskcard"), error.to_string()).into())
}

pub fn run(command: PluginCommand) -> anyhow::Result<ExitCode> {
    match command {
        PluginCommand::List { plugins } => {
            let runtime = load_runtime(&plugins)?;
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
        PluginCommand::Lock { plugins, out, limits } => lock(plugins.as_deref(), &out, &limits),
        PluginCommand::Inspect { file, trust, limits } => inspect(&file, trust.as_deref(), &limits),
        PluginCommand::Signing(command) => signing::run(command),
    }
}

/// `riskcard plugin lock`: loads every plugin (so only loadable ones are pinned) and
/// writes the lockfile atomically.
fn lock(dir: Option<&Path>, out: &Path, limits: &LimitArgs) -> anyhow::Result<ExitCode> {
    // Pins what is there now, whatever an older lockfile said.
    let mut runtime = new_runtime(limits)?;
    let mut pins = Vec::new();
    let mut problems = Vec::new();
    for (name, bytes) in riskcard::embedded::PLUGINS {
        match runtime.load(bytes, Origin::Embedded) {
            Ok(plugin) => pins.push(pin(plugin, embedded_source(name))),
            Err(error) => problems.push(Diagnostic::new(Path::new(name), format!("embedded plugin {error}"))),
        }
    }
    for file in dir.map(wasm_files).transpose()?.unwrap_or_default() {
        let loaded = std::fs::read(&file).map_err(|error| format!("cannot read plugin: {error}")).and_then(|bytes| {
            if let SignatureStatus::Invalid(reason) = file_signature(&file, &bytes, None) {
                return Err(format!("plugin refused: its signature is invalid: {reason}"));
            }
            runtime.load(&bytes, Origin::File(file.clone())).map_err(|error| format!("plugin {error}"))
        });
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
    println!("pinned {} plugin(s) in {}", lockfile.plugins.len(), out.display());
    for entry in &lockfile.plugins {
        println!("  {} {}  {}  sha256:{}", entry.name, entry.version, entry.source, entry.sha256);
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

/// `riskcard plugin inspect`: loads one component on its own and describes it.
fn inspect(file: &Path, trust: Option<&Path>, limits: &LimitArgs) -> anyhow::Result<ExitCode> {
    let policy = trust.map(TrustPolicy::load).transpose()?;
    let bytes = std::fs::read(file)
        .map_err(|error| Diagnostic::new(file, format!("cannot read plugin: {error}")).help("check the path"))
        .map_err(Diagnostics::from)?;
    let signature = file_signature(file, &bytes, policy.as_ref());
    let mut runtime = new_runtime(limits)?;
    let plugin = runtime.load(&bytes, Origin::File(file.to_owned())).map_err(|error| {
        Diagnostics::from(
            Diagnostic::new(file, format!("plugin {error}"))
                .help(format!("sha256 {}; signature: {signature}", sha256_hex(&bytes))),
        )
    })?;
    println!("file:        {}", file.display());
    println!("name:        {}", plugin.name);
    println!("version:     {}", plugin.version);
    match &plugin.api_version {
        Some(version) => println!("api version: riskcard:plugin@{version}"),
        None => println!("api version: (imports nothing from riskcard:plugin)"),
    }
    println!("sha256:      {}", plugin.sha256);
    println!("signature:   {signature}");
    println!("checks:");
    for (check, title) in plugin.checks.iter().zip(&plugin.titles) {
        println!("  {}/{:<24} {:<20} {title}", plugin.name, check.id, check.practice.id());
    }
    println!("imports, and what riskcard grants through each:");
    for import in &plugin.imports {
        println!("  {import:<40} {}", grant(import));
    }
    Ok(ExitCode::SUCCESS)
}
