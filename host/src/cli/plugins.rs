//! Loading the runtime with the embedded plugins plus a directory of third-party
//! ones — under the plugin limits, the lockfile and the signature policy, pooled for the
//! evaluations to come and through the compiled-code cache — and the `riskcard plugin`
//! subcommands.

use std::borrow::Cow;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::sha256_hex;
use riskcard::inputfile::{self, InputKind};
use riskcard::runtime::{CodeCache, Origin, Plugin, Runtime};
use riskcard::trust::{
    LOCKFILE_NAME, LockedPlugin, Lockfile, PublicKey, SignatureStatus, TRUST_FILE_HELP, TrustPolicy, check_signature,
    signature_path,
};

use super::limits::LimitArgs;
use super::signing::{self, SigningCommand};
use super::{inspect, lock};

#[derive(Debug, Subcommand)]
pub enum PluginCommand {
    /// List the available plugins and their checks.
    List {
        #[command(flatten)]
        plugins: PluginArgs,
    },
    /// Create a plugin project: contract, build set-up, an example check with tests and a fixture.
    New(super::authoring::NewArgs),
    /// Run golden fixtures against a plugin in the real sandbox; a mismatch exits 1.
    Test(super::authoring::TestArgs),
    /// Measure one evaluation's time and fuel against the sandbox's limits.
    Bench(super::authoring::BenchArgs),
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
    /// Show what a plugin component is, what each check reads, what it imports and what it is granted.
    Inspect {
        /// The plugin component (.wasm).
        file: PathBuf,
        /// A trust policy listing publisher keys, to judge the signature by.
        #[arg(long, value_name = "FILE", long_help = TRUST_FILE_HELP)]
        trust: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
    },
    #[command(flatten)]
    Signing(SigningCommand),
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
    #[arg(long, value_name = "FILE", long_help = TRUST_FILE_HELP)]
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
            None if Path::new(LOCKFILE_NAME).symlink_metadata().is_ok() => PathBuf::from(LOCKFILE_NAME),
            None => return Ok(None),
        };
        Ok(Some((path.clone(), Lockfile::load(&path)?)))
    }

    /// The trust policy named by --trust, if any.
    pub(super) fn trust_path(&self) -> Option<&Path> {
        self.trust.as_deref()
    }

    fn trust_policy(&self) -> Result<Option<TrustPolicy>, Diagnostics> {
        self.trust.as_deref().map(TrustPolicy::load).transpose()
    }
}

/// The `*.wasm` files in `dir`, sorted.
pub(super) fn wasm_files(dir: &Path) -> Result<Vec<PathBuf>, Diagnostics> {
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

/// How a file plugin is named in the lockfile: its file name in the plugin directory.
pub(super) fn file_source(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |name| name.to_string_lossy().into_owned())
}

pub(super) fn embedded_source(name: &str) -> String {
    format!("embedded:{name}")
}

/// The signature status of the plugin file at `path` with `bytes`. No signature file
/// means unsigned; one that cannot be read as text (a directory, a FIFO, binary bytes,
/// over its size limit) is an invalid signature, never "unsigned".
pub(super) fn file_signature(path: &Path, bytes: &[u8], policy: Option<&TrustPolicy>) -> SignatureStatus {
    let signature = match inputfile::read(&signature_path(path), InputKind::Signature) {
        Ok(raw) => match String::from_utf8(raw) {
            Ok(text) => text,
            Err(_) => return SignatureStatus::Invalid("the signature file is not UTF-8 text".to_owned()),
        },
        Err(error) if error.is_not_found() => return SignatureStatus::Unsigned,
        Err(error) => return SignatureStatus::Invalid(error.to_string()),
    };
    check_signature(bytes, Some(&signature), policy)
}

/// The bytes of the plugin component at `path`, read safely (a regular file within the
/// plugin size limit).
pub(super) fn read_plugin(path: &Path) -> Result<Vec<u8>, Diagnostics> {
    inputfile::read(path, InputKind::Plugin).map_err(|error| error.diagnostic(path).into())
}

/// Whether plugin bytes from `path` may be loaded at all: they match their pin, and
/// their signature is valid (and trusted, under `--require-signed`). Returns the pin.
fn admit<'a>(
    args: &PluginArgs,
    lock: Option<&'a (PathBuf, Lockfile)>,
    policy: Option<&TrustPolicy>,
    path: &Path,
    bytes: &[u8],
) -> Result<Option<&'a LockedPlugin>, Diagnostics> {
    let pin = match lock {
        Some((lock_path, lockfile)) => {
            Some(lockfile.check_bytes(lock_path, &file_source(path), &sha256_hex(bytes)).map_err(|error| {
                Diagnostics::from(Diagnostic::new(
                    path,
                    format!("plugin refused: {error}; if the change is intended, run `riskcard plugin lock` again"),
                ))
            })?)
        }
        None => None,
    };
    match file_signature(path, bytes, policy) {
        status if status.is_invalid() => {
            let (problem, fix) = refusal(&status, path, args.trust.as_deref());
            Err(Diagnostic::new(path, format!("plugin refused, with or without --require-signed: {problem}"))
                .help(fix)
                .into())
        }
        status if args.require_signed && !status.is_trusted() => {
            let (problem, fix) = refusal(&status, path, args.trust.as_deref());
            Err(Diagnostic::new(path, format!("plugin refused by --require-signed: {problem}")).help(fix).into())
        }
        _ => Ok(pin),
    }
}

/// Why a plugin with signature `status` is not trusted, and the command that fixes it:
/// (problem, fix). `trust` is the trust policy given, if any.
pub(super) fn refusal(status: &SignatureStatus, plugin: &Path, trust: Option<&Path>) -> (String, String) {
    let shown = plugin.display();
    let signature = signature_path(plugin);
    let file_name =
        signature.file_name().map_or_else(|| signature.display().to_string(), |n| n.to_string_lossy().into_owned());
    let dir = plugin.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let sign = format!("riskcard plugin sign {shown} --key YOUR.key");
    let add_key = |key: &PublicKey, policy: &str| {
        format!("printf '[[publisher]]\\nname = \"PUBLISHER\"\\nkey = \"{key}\"\\n' >> {policy}")
    };
    match status {
        SignatureStatus::Unsigned => (
            format!("it is unsigned: there is no signature file {} beside it", signature.display()),
            format!(
                "if you signed it where you built it, copy the signature too: `cp path/to/{file_name} {}/`; otherwise sign it: `{sign}`{}",
                dir.display(),
                if trust.is_none() {
                    "; then pass --trust with a trust policy listing your key (see `--help`)"
                } else {
                    ""
                }
            ),
        ),
        SignatureStatus::Untrusted { key } => match trust {
            None => (
                format!("it is signed by {key}, but no --trust policy was given, so no publisher is trusted"),
                format!(
                    "list the key in a trust policy and pass it: `{}`, then add `--trust trust.toml` (see `--help` for the format)",
                    add_key(key, "trust.toml")
                ),
            ),
            Some(policy) => (
                format!("it is signed by {key}, which the trust policy {} does not list", policy.display()),
                format!("if you trust that publisher, add its key: `{}`", add_key(key, &policy.display().to_string())),
            ),
        },
        SignatureStatus::Changed { sha256, signed, key } => (
            format!(
                "it changed after it was signed: its sha256 is {sha256}, but {} is for sha256 {signed} (signed by {key})",
                signature.display()
            ),
            format!(
                "if you rebuilt it, sign it again with the secret key of {key}: `{sign}`; if you did not change it, do not use it: someone else did"
            ),
        ),
        SignatureStatus::Invalid(reason) => (
            format!("its signature file {} is invalid: {reason}", signature.display()),
            format!("sign it again: `{sign}`"),
        ),
        SignatureStatus::Embedded | SignatureStatus::Trusted { .. } => (status.to_string(), String::new()),
    }
}

/// A runtime with the embedded plugins and those in `--plugins`, each admitted by the
/// lockfile and signature policy first; every problem is reported, not just the first.
pub fn load_runtime(args: &PluginArgs, settings: &RuntimeSettings) -> Result<Runtime, Diagnostics> {
    let (lock, policy) = match (args.lockfile(), args.trust_policy()) {
        (Ok(lock), Ok(policy)) => (lock, policy),
        (lock, policy) => {
            return Err(Diagnostics([lock.err(), policy.err()].into_iter().flatten().flat_map(|d| d.0).collect()));
        }
    };
    let mut runtime = new_runtime(&args.limits, settings)?;
    let mut problems = Vec::new();
    let mut admitted: Vec<Admitted> = Vec::new();
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
        admitted.push(Admitted {
            label: PathBuf::from(name),
            pin,
            bytes: Cow::Borrowed(bytes),
            origin: Origin::Embedded,
        });
    }
    if let Some(dir) = &args.plugins {
        for file in wasm_files(dir)? {
            let bytes = match read_plugin(&file) {
                Ok(bytes) => bytes,
                Err(Diagnostics(found)) => {
                    problems.extend(found);
                    continue;
                }
            };
            let pin = match admit(args, lock.as_ref(), policy.as_ref(), &file, &bytes) {
                Ok(pin) => pin,
                Err(Diagnostics(found)) => {
                    problems.extend(found);
                    continue;
                }
            };
            admitted.push(Admitted { label: file.clone(), pin, bytes: Cow::Owned(bytes), origin: Origin::File(file) });
        }
    }
    let sources = admitted.iter().map(|plugin| (plugin.bytes.as_ref(), plugin.origin.clone())).collect();
    for (plugin, loaded) in admitted.iter().zip(runtime.load_many(sources)) {
        match (loaded, &plugin.origin) {
            (Ok(name), origin) => {
                let loaded = runtime.plugin(&name).expect("a plugin just loaded is in the runtime");
                check_identity(lock.as_ref(), plugin.pin, loaded, &plugin.label, &mut problems);
                if let Origin::File(_) = origin {
                    check_reads(args.trust_path().zip(policy.as_ref()), loaded, &plugin.label, &mut problems);
                }
            }
            (Err(error), Origin::Embedded) => {
                problems.push(Diagnostic::new(&plugin.label, format!("embedded plugin {error}")));
            }
            (Err(error), Origin::File(_)) => problems.push(
                Diagnostic::new(&plugin.label, format!("plugin {error}"))
                    .help("fix or remove the file; see docs/security.md"),
            ),
        }
    }
    if problems.is_empty() { Ok(runtime) } else { Err(Diagnostics(problems)) }
}

/// A plugin the lockfile and signature policy let through, waiting to be loaded.
struct Admitted<'a> {
    /// Its name (embedded) or file, for messages.
    label: PathBuf,
    /// Its pin in the lockfile, if there is one.
    pin: Option<&'a LockedPlugin>,
    /// Its bytes.
    bytes: Cow<'static, [u8]>,
    /// Where it came from.
    origin: Origin,
}

/// Refuses a plugin from a file that declares, in any check, a section the trust policy
/// (at `trust`) forbids, naming the check, the section and the policy's key.
fn check_reads(trust: Option<(&Path, &TrustPolicy)>, plugin: &Plugin, file: &Path, problems: &mut Vec<Diagnostic>) {
    let Some((path, policy)) = trust else { return };
    let checks = plugin.checks.iter().map(|check| (check.id.as_str(), &check.reads));
    for violation in policy.reads.violations(&plugin.name, checks) {
        problems.push(
            Diagnostic::new(
                file,
                format!(
                    "plugin refused: {}, which the trust policy {} forbids at `{}`",
                    violation.message,
                    path.display(),
                    violation.key
                ),
            )
            .help("remove the plugin from the --plugins directory, or the section from the trust policy"),
        );
    }
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

/// A runtime with no plugins yet, under `limits` and `settings`. A cache that cannot be
/// opened is warned about and skipped.
pub(super) fn new_runtime(limits: &LimitArgs, settings: &RuntimeSettings) -> Result<Runtime, Diagnostics> {
    let mut runtime = Runtime::with_concurrency(limits.limits(), settings.concurrency)
        .map_err(|error| Diagnostic::new(Path::new("riskcard"), error.to_string()))?;
    use_cache(&mut runtime, settings);
    Ok(runtime)
}

/// Gives `runtime` the compiled-code cache, unless `settings` turn it off. A cache that
/// cannot be opened is warned about and skipped.
pub(super) fn use_cache(runtime: &mut Runtime, settings: &RuntimeSettings) {
    if settings.cache {
        match CodeCache::default_dir().map(|dir| CodeCache::open(&dir)) {
            Some(Ok(cache)) => runtime.use_cache(cache),
            Some(Err(error)) => tracing::warn!("{error}; compiling plugins without it"),
            None => tracing::warn!("no cache directory (set RISKCARD_CACHE_DIR); compiling plugins without a cache"),
        }
    }
}

pub fn run(command: PluginCommand, settings: &RuntimeSettings) -> anyhow::Result<ExitCode> {
    match command {
        PluginCommand::List { plugins } => {
            let runtime = load_runtime(&plugins, settings)?;
            for plugin in runtime.plugins() {
                let origin = match &plugin.origin {
                    Origin::Embedded => "embedded".to_owned(),
                    Origin::File(path) => path.display().to_string(),
                };
                say!("{} {} ({origin})  sha256:{}", plugin.name, plugin.version, plugin.sha256);
                for (check, title) in plugin.checks.iter().zip(&plugin.titles) {
                    say!("  {}/{:<24} {:<20} {title}", plugin.name, check.id, check.practice.id());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        PluginCommand::New(args) => super::authoring::new(args),
        PluginCommand::Test(args) => super::authoring::test(args, settings),
        PluginCommand::Bench(args) => super::authoring::bench(args, settings),
        PluginCommand::Lock { plugins, out, limits } => lock::run(plugins.as_deref(), &out, &limits, settings),
        PluginCommand::Inspect { file, trust, limits } => inspect::run(&file, trust.as_deref(), &limits, settings),
        PluginCommand::Signing(command) => signing::run(command),
    }
}
