//! Deciding which plugin bytes may run, before any of them does: a lockfile pins each
//! plugin's exact bytes by SHA-256, and ed25519 signatures tie a plugin to a publisher
//! listed in a trust policy. The embedded first-party plugins are trusted by construction.

mod lockfile;
mod signing;

pub use lockfile::{LOCKFILE_NAME, LockedPlugin, Lockfile, PinError};
pub use signing::{
    PublicKey, Publisher, SecretKey, SignatureFile, SignatureStatus, SigningError, TRUST_FILE_HELP, TrustPolicy,
    check_signature, secret_key_beside, signature_path,
};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::inputfile::{self, InputKind};
use std::path::Path;

/// Reads a TOML file into `T`, turning any problem into a diagnostic with its line.
fn read_toml<T: serde::de::DeserializeOwned>(path: &Path, kind: InputKind, help: &str) -> Result<T, Diagnostics> {
    let bytes = inputfile::read(path, kind).map_err(|error| error.diagnostic(path))?;
    parse_toml(path, kind, bytes, help)
}

/// Parses the bytes of the file at `path` as TOML into `T`, as [`read_toml`].
fn parse_toml<T: serde::de::DeserializeOwned>(
    path: &Path,
    kind: InputKind,
    bytes: Vec<u8>,
    help: &str,
) -> Result<T, Diagnostics> {
    let what = kind.name();
    let text =
        String::from_utf8(bytes).map_err(|_| Diagnostic::new(path, format!("{what} is not UTF-8 text")).help(help))?;
    toml::from_str(&text).map_err(|error| {
        let mut diagnostic = Diagnostic::new(path, format!("invalid {what}: {}", error.message().trim())).help(help);
        if let Some(span) = error.span() {
            diagnostic = diagnostic.at_offset(&text, span.start);
        }
        diagnostic.into()
    })
}
