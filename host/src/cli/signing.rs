//! `riskcard plugin keygen | sign | verify`: publisher keys and detached ed25519
//! signatures for plugin components.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::Subcommand;
use riskcard::diagnostics::{Diagnostic, Diagnostics};
use riskcard::fsio::{write_atomic, write_private};
use riskcard::trust::{SecretKey, TRUST_FILE_HELP, TrustPolicy, signature_path};

use super::plugins::{file_signature, read_plugin, refusal};

#[derive(Debug, Subcommand)]
pub enum SigningCommand {
    /// Create a publisher key pair: PREFIX.key (secret) and PREFIX.pub (public).
    Keygen {
        /// Path prefix of the key files, e.g. keys/acme.
        #[arg(long, value_name = "PREFIX")]
        out: PathBuf,
    },
    /// Sign a plugin component, writing the detached signature PLUGIN.sig next to it.
    /// Copy the .sig along with the plugin, and sign again after every rebuild.
    Sign {
        /// The plugin component (.wasm).
        plugin: PathBuf,
        /// The secret key file from `riskcard plugin keygen`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
    },
    /// Check a plugin's signature against a trust policy; exit 0 only if it is trusted.
    Verify {
        /// The plugin component (.wasm).
        plugin: PathBuf,
        /// The trust policy listing publisher keys.
        #[arg(long, value_name = "FILE", long_help = TRUST_FILE_HELP)]
        trust: PathBuf,
    },
}

fn with_extension(prefix: &Path, extension: &str) -> PathBuf {
    let mut name = prefix.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

pub fn run(command: SigningCommand) -> anyhow::Result<ExitCode> {
    match command {
        SigningCommand::Keygen { out } => {
            let secret_path = with_extension(&out, "key");
            let public_path = with_extension(&out, "pub");
            for path in [&secret_path, &public_path] {
                if path.exists() {
                    bail!("{} already exists; riskcard never overwrites a key (choose another --out)", path.display());
                }
            }
            let secret = SecretKey::generate()?;
            write_private(&secret_path, secret.to_file().as_bytes())
                .with_context(|| format!("cannot write {}", secret_path.display()))?;
            write_atomic(&public_path, format!("{}\n", secret.public_key()).as_bytes())
                .with_context(|| format!("cannot write {}", public_path.display()))?;
            say!("wrote {} (secret: keep it safe) and {}", secret_path.display(), public_path.display());
            say!("public key: {}", secret.public_key());
            say_lines!(
                "to trust it, add to a trust policy:\n[[publisher]]\nname = \"...\"\nkey = \"{}\"\n",
                secret.public_key()
            );
            Ok(ExitCode::SUCCESS)
        }
        SigningCommand::Sign { plugin, key } => {
            let secret = SecretKey::load_for(&key, |secret| {
                format!("`riskcard plugin sign {} --key {}`", plugin.display(), secret.display())
            })?;
            let bytes = read_plugin(&plugin)?;
            let signature = secret.sign(&bytes);
            let path = signature_path(&plugin);
            write_atomic(&path, signature.to_file().as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            say!(
                "signed {} (sha256 {}) with {}; wrote {}",
                plugin.display(),
                signature.sha256,
                signature.key,
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        SigningCommand::Verify { plugin, trust } => {
            let policy = TrustPolicy::load(&trust)?;
            let bytes = read_plugin(&plugin)?;
            let status = file_signature(&plugin, &bytes, Some(&policy));
            if status.is_trusted() {
                say!("{}: {status}", plugin.display());
                Ok(ExitCode::SUCCESS)
            } else {
                let (problem, fix) = refusal(&status, &plugin, Some(&trust));
                Err(Diagnostics::from(Diagnostic::new(&plugin, format!("not trusted: {problem}")).help(fix)).into())
            }
        }
    }
}
