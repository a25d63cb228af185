//! `riskcard.lock`: the name, version and SHA-256 of every plugin a run may load, so
//! that a plugin whose bytes changed is refused before any of its code runs.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::inputfile::InputKind;

/// The lockfile's default name, looked for in the current directory.
pub const LOCKFILE_NAME: &str = "riskcard.lock";

/// The lockfile format version this host reads and writes.
const FORMAT: u32 = 1;

/// The pinned plugins.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lockfile {
    /// The lockfile format version.
    pub version: u32,
    /// One entry per plugin, sorted by source.
    #[serde(default, rename = "plugin")]
    pub plugins: Vec<LockedPlugin>,
}

/// One pinned plugin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LockedPlugin {
    /// Its name, as it describes itself.
    pub name: String,
    /// Its version, as it describes itself.
    pub version: String,
    /// SHA-256 of its component bytes, hex.
    pub sha256: String,
    /// Where it comes from: `embedded:NAME`, or its file name in the plugin directory.
    pub source: String,
}

/// Why a plugin's bytes are refused under a lockfile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PinError {
    /// The bytes differ from the pinned ones.
    #[error("its bytes changed: {lockfile} pins sha256 {pinned}, but the file has sha256 {found}")]
    Changed {
        /// The lockfile's path, for the message.
        lockfile: String,
        /// The pinned hash.
        pinned: String,
        /// The hash of the bytes found.
        found: String,
    },
    /// The plugin is not in the lockfile at all.
    #[error("it is not pinned in {lockfile} (sha256 {found})")]
    NotPinned {
        /// The lockfile's path, for the message.
        lockfile: String,
        /// The hash of the bytes found.
        found: String,
    },
    /// The plugin describes itself differently from its pin.
    #[error("it describes itself as {found}, but {lockfile} pins {pinned}")]
    Identity {
        /// The lockfile's path, for the message.
        lockfile: String,
        /// `name version` as pinned.
        pinned: String,
        /// `name version` as described.
        found: String,
    },
}

impl Lockfile {
    /// A lockfile pinning `plugins`, sorted by source so the file is stable.
    pub fn new(mut plugins: Vec<LockedPlugin>) -> Self {
        plugins.sort_by(|a, b| a.source.cmp(&b.source));
        Self { version: FORMAT, plugins }
    }

    /// Reads the lockfile at `path`.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let help = "regenerate it with `riskcard plugin lock`";
        let lockfile: Self = super::read_toml(path, InputKind::Lockfile, help)?;
        if lockfile.version != FORMAT {
            return Err(Diagnostic::new(
                path,
                format!("lockfile format version {} is not {FORMAT}, the one this riskcard reads", lockfile.version),
            )
            .key("version")
            .help(help)
            .into());
        }
        let mut seen = std::collections::BTreeSet::new();
        let twice: Vec<Diagnostic> = lockfile
            .plugins
            .iter()
            .enumerate()
            .filter(|(_, pin)| !seen.insert(pin.source.as_str()))
            .map(|(index, pin)| {
                Diagnostic::new(path, format!("plugin `{}` is pinned twice", pin.source))
                    .key(format!("plugin[{index}].source"))
                    .help(help)
            })
            .collect();
        if !twice.is_empty() {
            return Err(Diagnostics(twice));
        }
        Ok(lockfile)
    }

    /// The file's text: a header saying what it is, then TOML.
    pub fn to_toml(&self) -> String {
        let body = toml::to_string(self).unwrap_or_default();
        format!(
            "# riskcard.lock: the exact plugin bytes riskcard may load, written by `riskcard plugin lock`.\n# A plugin whose sha256 differs is refused; rerun `riskcard plugin lock` after a deliberate update.\n\n{body}"
        )
    }

    /// Checks bytes with `sha256` from `source` against their pin, before they are loaded.
    pub fn check_bytes(&self, lockfile: &Path, source: &str, sha256: &str) -> Result<&LockedPlugin, PinError> {
        let lockfile = lockfile.display().to_string();
        match self.plugins.iter().find(|pin| pin.source == source) {
            None => Err(PinError::NotPinned { lockfile, found: sha256.to_owned() }),
            Some(pin) if pin.sha256 != sha256 => {
                Err(PinError::Changed { lockfile, pinned: pin.sha256.clone(), found: sha256.to_owned() })
            }
            Some(pin) => Ok(pin),
        }
    }
}

impl LockedPlugin {
    /// Checks that a loaded plugin describes itself as pinned.
    pub fn check_identity(&self, lockfile: &Path, name: &str, version: &str) -> Result<(), PinError> {
        if self.name == name && self.version == version {
            return Ok(());
        }
        Err(PinError::Identity {
            lockfile: lockfile.display().to_string(),
            pinned: format!("{} {}", self.name, self.version),
            found: format!("{name} {version}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pin(source: &str, sha256: &str) -> LockedPlugin {
        LockedPlugin {
            name: "p".to_owned(),
            version: "1.0.0".to_owned(),
            sha256: sha256.to_owned(),
            source: source.to_owned(),
        }
    }

    #[test]
    fn round_trips_through_toml_sorted_by_source() {
        let lockfile = Lockfile::new(vec![pin("b.wasm", "bb"), pin("a.wasm", "aa")]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCKFILE_NAME);
        std::fs::write(&path, lockfile.to_toml()).unwrap();
        let read = Lockfile::load(&path).unwrap();
        assert_eq!(read, lockfile);
        assert_eq!(read.plugins[0].source, "a.wasm");
    }

    /// Regression: two pins for one plugin (one right, one all zeros) were accepted.
    #[test]
    fn a_lockfile_with_two_pins_for_one_plugin_is_refused() {
        let lockfile = Lockfile::new(vec![pin("a.wasm", &"0".repeat(64)), pin("a.wasm", &"ab".repeat(32))]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCKFILE_NAME);
        std::fs::write(&path, lockfile.to_toml()).unwrap();
        let Diagnostics(problems) = Lockfile::load(&path).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].key.as_deref(), Some("plugin[1].source"));
        assert!(problems[0].message.contains("plugin `a.wasm` is pinned twice"), "{}", problems[0].message);
    }

    #[test]
    fn refuses_changed_and_unpinned_bytes_showing_both_hashes() {
        let lockfile = Lockfile::new(vec![pin("a.wasm", "aa")]);
        let path = Path::new(LOCKFILE_NAME);
        assert!(lockfile.check_bytes(path, "a.wasm", "aa").is_ok());
        let changed = lockfile.check_bytes(path, "a.wasm", "ff").unwrap_err().to_string();
        assert!(changed.contains("pins sha256 aa") && changed.contains("has sha256 ff"), "{changed}");
        assert!(matches!(lockfile.check_bytes(path, "b.wasm", "aa"), Err(PinError::NotPinned { .. })));
    }

    #[test]
    fn refuses_a_plugin_describing_itself_differently() {
        let entry = pin("a.wasm", "aa");
        assert!(entry.check_identity(Path::new("l"), "p", "1.0.0").is_ok());
        assert!(entry.check_identity(Path::new("l"), "p", "2.0.0").is_err());
    }

    #[test]
    fn refuses_another_format_version_naming_the_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LOCKFILE_NAME);
        std::fs::write(&path, "version = 9\n").unwrap();
        let problem = Lockfile::load(&path).unwrap_err();
        assert_eq!(problem.0[0].key.as_deref(), Some("version"));
    }
}
