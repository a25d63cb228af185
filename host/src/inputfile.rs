//! Reading the files riskcard is given, safely: only regular files, never blocking on a
//! FIFO or device, and never more than a per-kind size limit, checked before reading and
//! again while reading (a file that grows meanwhile is refused, not followed).

use std::io::{self, Read};
use std::path::Path;

use crate::diagnostics::Diagnostic;

/// What a file is for, which sets how large it may be. The limits are documented in
/// docs/security.md ("Input limits").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    /// A vendor dossier (TOML or JSON): 16 MiB.
    Dossier,
    /// A collected-evidence file written by `riskcard collect`: 16 MiB.
    Collected,
    /// A rubric: 4 MiB.
    Rubric,
    /// A lockfile (`riskcard.lock`): 4 MiB.
    Lockfile,
    /// A trust policy: 1 MiB.
    TrustPolicy,
    /// A plugin signature (`*.wasm.sig`): 64 KiB.
    Signature,
    /// A secret signing key: 64 KiB.
    SecretKey,
    /// A plugin component (`*.wasm`): 64 MiB.
    Plugin,
    /// A scorecard JSON given to `publish`: 256 MiB.
    Scorecard,
    /// A plugin test fixture or a recorded-response index: 16 MiB.
    Fixture,
    /// A waivers file: 4 MiB.
    Waivers,
    /// A scorecard's attestation (`*.intoto.json`): 1 MiB.
    Attestation,
    /// A questionnaire workbook or CSV export given to `import`: 64 MiB.
    Questionnaire,
    /// A questionnaire mapping: 4 MiB.
    Mapping,
    /// An extra CA certificate file for collection (`--ca-cert`): 1 MiB.
    CaCertificate,
}

impl InputKind {
    /// The largest file of this kind riskcard reads, in bytes.
    pub const fn limit(self) -> u64 {
        const KIB: u64 = 1024;
        const MIB: u64 = 1024 * KIB;
        match self {
            Self::Dossier | Self::Collected | Self::Fixture => 16 * MIB,
            Self::Rubric | Self::Lockfile | Self::Waivers | Self::Mapping => 4 * MIB,
            Self::TrustPolicy | Self::Attestation | Self::CaCertificate => MIB,
            Self::Signature | Self::SecretKey => 64 * KIB,
            Self::Plugin | Self::Questionnaire => 64 * MIB,
            Self::Scorecard => 256 * MIB,
        }
    }

    /// What the kind is called in messages.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Dossier => "dossier",
            Self::Collected => "collected evidence",
            Self::Rubric => "rubric",
            Self::Lockfile => "lockfile",
            Self::TrustPolicy => "trust policy",
            Self::Signature => "signature",
            Self::SecretKey => "secret key",
            Self::Plugin => "plugin",
            Self::Scorecard => "scorecard",
            Self::Fixture => "fixture",
            Self::Waivers => "waivers",
            Self::Attestation => "attestation",
            Self::Questionnaire => "questionnaire",
            Self::Mapping => "mapping",
            Self::CaCertificate => "CA certificate",
        }
    }
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("cannot read {kind}: {source}")]
    Io {
        /// What the file was for.
        kind: &'static str,
        /// The cause.
        source: io::Error,
    },
    /// The path names something other than a regular file (a directory, FIFO, socket
    /// or device, also through a symlink).
    #[error("cannot read {kind}: it is {what}, not a regular file")]
    NotRegular {
        /// What the file was for.
        kind: &'static str,
        /// What it is instead, e.g. "a FIFO".
        what: &'static str,
    },
    /// The file is larger than its kind's limit.
    #[error("{kind} is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// What the file was for.
        kind: &'static str,
        /// Its size (at least; a growing file is cut off at the limit).
        size: u64,
        /// The limit for its kind.
        limit: u64,
    },
}

impl ReadError {
    /// How to fix it, for the diagnostic's help line.
    pub fn help(&self) -> &'static str {
        match self {
            Self::Io { source, .. } if source.kind() == io::ErrorKind::NotFound => "check the path",
            Self::Io { .. } => "check the path and its permissions",
            Self::NotRegular { .. } => {
                "give the path of a regular file (riskcard never reads FIFOs, devices or sockets)"
            }
            Self::TooLarge { .. } => "the file is far larger than any real one; check it is the file you meant",
        }
    }

    /// The problem as a diagnostic for `path`, with its fix.
    pub fn diagnostic(&self, path: &Path) -> Diagnostic {
        Diagnostic::new(path, self.to_string()).help(self.help())
    }

    /// Whether the file simply does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Io { source, .. } if source.kind() == io::ErrorKind::NotFound)
    }
}

/// Opens `path` for reading without ever blocking: a FIFO opens at once (and is then
/// refused) instead of waiting for a writer.
fn open_nonblocking(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    options.open(path)
}

/// What a non-regular file is, for messages.
fn describe(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "a device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_dir() { "a directory" } else { "not a regular file" }
}

/// Reads the whole of `path` as a file of `kind`: refuses anything but a regular file
/// and anything over the kind's limit, without blocking and without reading more than
/// the limit.
pub fn read(path: &Path, kind: InputKind) -> Result<Vec<u8>, ReadError> {
    let name = kind.name();
    let io_error = |source| ReadError::Io { kind: name, source };
    let file = open_nonblocking(path).map_err(io_error)?;
    let metadata = file.metadata().map_err(io_error)?;
    if !metadata.file_type().is_file() {
        return Err(ReadError::NotRegular { kind: name, what: describe(metadata.file_type()) });
    }
    let limit = kind.limit();
    if metadata.len() > limit {
        return Err(ReadError::TooLarge { kind: name, size: metadata.len(), limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge { kind: name, size: bytes.len() as u64, limit });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn reads_a_regular_file_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, "id = 1").unwrap();
        assert_eq!(read(&path, InputKind::Rubric).unwrap(), b"id = 1");
    }

    #[test]
    fn refuses_a_directory() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(dir.path(), InputKind::Lockfile).unwrap_err();
        assert!(matches!(error, ReadError::NotRegular { what: "a directory", .. }), "{error}");
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn refuses_a_fifo_at_once_instead_of_waiting_for_a_writer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.wasm");
        rustix::fs::mkfifoat(rustix::fs::CWD, &path, rustix::fs::Mode::from_raw_mode(0o600)).unwrap();
        let started = Instant::now();
        let error = read(&path, InputKind::Plugin).unwrap_err();
        assert!(matches!(error, ReadError::NotRegular { what: "a FIFO", .. }), "{error}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_symlink_to_a_device_without_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("zero.json");
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let error = read(&path, InputKind::Dossier).unwrap_err();
        assert!(matches!(error, ReadError::NotRegular { what: "a device", .. }), "{error}");
    }

    #[test]
    fn refuses_a_sparse_file_over_the_limit_before_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.sig");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(2 * 1024 * 1024 * 1024).unwrap();
        let error = read(&path, InputKind::Signature).unwrap_err();
        assert!(matches!(error, ReadError::TooLarge { size: 2_147_483_648, limit: 65_536, .. }), "{error}");
    }

    #[test]
    fn a_missing_file_is_reported_as_not_found() {
        let dir = tempfile::tempdir().unwrap();
        let error = read(&dir.path().join("none.toml"), InputKind::Rubric).unwrap_err();
        assert!(error.is_not_found());
        assert_eq!(error.help(), "check the path");
    }
}
