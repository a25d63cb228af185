//! The on-disk cache of compiled plugins, so a warm start deserializes machine code
//! instead of compiling it. Only code this host wrote is ever loaded: each entry is
//! keyed by the plugin's SHA-256, the engine's compatibility hash and riskcard's version,
//! and authenticated with HMAC-SHA256 under a random per-user key kept (mode 0600) beside
//! the entries. An entry that is missing, truncated, tampered with or written under
//! another key is a miss: the plugin is compiled again and the entry rewritten
//! atomically. A cache that cannot be used only costs time; it never fails a run.

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use wasmtime::Engine;
use wasmtime::component::Component;

use super::structure;

/// The first bytes of every entry; a new layout gets a new magic.
const MAGIC: &[u8; 8] = b"rcache01";
/// Bytes of the HMAC-SHA256 tag after the magic.
const TAG_BYTES: usize = 32;
/// Bytes of the per-user key.
const KEY_BYTES: usize = 32;
/// The key's file name inside the cache directory.
const KEY_FILE: &str = "key";
/// The environment variable that moves the cache.
pub const CACHE_DIR_VARIABLE: &str = "RISKCARD_CACHE_DIR";

/// Why the cache cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    /// The directory or key could not be created or read.
    #[error("cannot use the compiled-code cache at {path}: {error}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// What went wrong.
        error: io::Error,
    },
    /// The key file can be read or written by other users, so entries cannot be trusted.
    #[error("the compiled-code cache key {0} is accessible to other users; delete it (riskcard makes a new one)")]
    KeyExposed(PathBuf),
    /// No random bytes for a new key.
    #[error("cannot make a compiled-code cache key: {0}")]
    Random(String),
}

/// How often the cache was used since it was opened.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CacheStats {
    /// Entries loaded instead of compiling.
    pub hits: usize,
    /// Plugins with no entry yet.
    pub misses: usize,
    /// Entries present but refused (bad tag, truncated, or not loadable); each is a miss.
    pub rejected: usize,
    /// Entries written after compiling.
    pub written: usize,
}

/// An opened cache directory with its key.
pub struct CodeCache {
    dir: PathBuf,
    key: [u8; KEY_BYTES],
    hits: AtomicUsize,
    misses: AtomicUsize,
    rejected: AtomicUsize,
    written: AtomicUsize,
}

/// Feeds `Hash` output into SHA-256, for a digest of the engine's compatibility hash that
/// is the same in every process.
struct DigestHasher(Sha256);

impl Hasher for DigestHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        0
    }
}

impl CodeCache {
    /// The cache directory: `$RISKCARD_CACHE_DIR` when set, else `riskcard/` in the
    /// user's cache directory (e.g. `~/.cache/riskcard`); `None` when there is neither.
    pub fn default_dir() -> Option<PathBuf> {
        match std::env::var_os(CACHE_DIR_VARIABLE) {
            Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
            _ => dirs::cache_dir().map(|dir| dir.join("riskcard")),
        }
    }

    /// Opens (creating when needed) the cache in `dir` and its key.
    pub fn open(dir: &Path) -> Result<Self, CacheError> {
        let io_error = |path: &Path| {
            let path = path.to_owned();
            move |error| CacheError::Io { path, error }
        };
        create_private_dir(dir).map_err(io_error(dir))?;
        let key_path = dir.join(KEY_FILE);
        let key = match read_key(&key_path)? {
            Some(key) => key,
            None => {
                let mut key = [0u8; KEY_BYTES];
                getrandom::fill(&mut key).map_err(|error| CacheError::Random(error.to_string()))?;
                write_key(&key_path, &key).map_err(io_error(&key_path))?;
                // Another process may have made one first; the key on disk is the one to use.
                read_key(&key_path)?.unwrap_or(key)
            }
        };
        Ok(Self {
            dir: dir.to_owned(),
            key,
            hits: AtomicUsize::new(0),
            misses: AtomicUsize::new(0),
            rejected: AtomicUsize::new(0),
            written: AtomicUsize::new(0),
        })
    }

    /// Where the entry for `bytes` under `engine` lives.
    pub fn entry_path(&self, engine: &Engine, plugin_sha256: &str) -> PathBuf {
        let mut hasher = DigestHasher(Sha256::new());
        plugin_sha256.hash(&mut hasher);
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        // A hit skips the structural pre-check, so entries made under other bounds differ.
        structure::BOUNDS.hash(&mut hasher);
        self.dir.join(format!("{}.cwasm", hex::encode(hasher.0.finalize())))
    }

    /// The compiled component for the plugin whose SHA-256 is `plugin_sha256`: loaded
    /// from an authentic entry, or made by `compile` and stored. Errors of `compile` are
    /// returned as they are.
    pub fn component<E>(
        &self,
        engine: &Engine,
        plugin_sha256: &str,
        compile: impl FnOnce() -> Result<Component, E>,
    ) -> Result<Component, E> {
        let path = self.entry_path(engine, plugin_sha256);
        match fs::read(&path) {
            Ok(entry) => match self.authentic(&path, &entry) {
                Some(code) => {
                    // SAFETY: `code` carries a valid HMAC under this user's private key, so
                    // this host serialized it from a component it compiled with an engine
                    // of the same compatibility hash (part of the entry's name, which the
                    // tag also covers). It was read into memory before the check, so the
                    // file changing afterwards cannot swap it.
                    match unsafe { Component::deserialize(engine, code) } {
                        Ok(component) => {
                            self.hits.fetch_add(1, Ordering::Relaxed);
                            tracing::debug!(entry = %path.display(), "compiled-code cache hit");
                            return Ok(component);
                        }
                        Err(error) => self.reject(&path, &format!("cannot be loaded: {error:#}")),
                    }
                }
                None => self.reject(&path, "failed authentication"),
            },
            Err(_) => {
                self.misses.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(entry = %path.display(), "compiled-code cache miss");
            }
        }
        let component = compile()?;
        match component.serialize().map_err(io::Error::other).and_then(|code| self.store(&path, &code)) {
            Ok(()) => {
                self.written.fetch_add(1, Ordering::Relaxed);
                tracing::debug!(entry = %path.display(), "compiled-code cache entry written");
            }
            Err(error) => tracing::warn!(entry = %path.display(), "cannot write compiled-code cache entry: {error}"),
        }
        Ok(component)
    }

    /// How the cache has been used so far.
    pub fn stats(&self) -> CacheStats {
        CacheStats {
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            rejected: self.rejected.load(Ordering::Relaxed),
            written: self.written.load(Ordering::Relaxed),
        }
    }

    fn reject(&self, path: &Path, why: &str) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
        tracing::warn!(entry = %path.display(), "compiled-code cache entry {why}; recompiling");
    }

    /// The MAC over `path`'s entry name and `code`.
    fn mac(&self, path: &Path, code: &[u8]) -> Option<Hmac<Sha256>> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).ok()?;
        // The tag covers the entry's name, so a valid entry cannot stand in for another.
        mac.update(path.file_name().map(|name| name.as_encoded_bytes()).unwrap_or_default());
        mac.update(code);
        Some(mac)
    }

    /// The code in `entry` when its magic and tag are right.
    fn authentic<'a>(&self, path: &Path, entry: &'a [u8]) -> Option<&'a [u8]> {
        let rest = entry.strip_prefix(MAGIC)?;
        let (tag, code) = rest.split_at_checked(TAG_BYTES)?;
        self.mac(path, code)?.verify_slice(tag).ok()?;
        Some(code)
    }

    fn store(&self, path: &Path, code: &[u8]) -> io::Result<()> {
        let mac = self.mac(path, code).ok_or_else(|| io::Error::other("cannot key HMAC-SHA256"))?;
        let tag = mac.finalize().into_bytes();
        let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
        file.write_all(MAGIC)?;
        file.write_all(&tag)?;
        file.write_all(code)?;
        file.as_file().sync_all()?;
        file.persist(path).map_err(|error| error.error)?;
        Ok(())
    }
}

/// Creates `dir` (and its parents) readable by this user only.
fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// The key at `path`; `None` when there is none or it is malformed (then it is removed,
/// for a new one to replace it). A key other users can read or write is refused.
fn read_key(path: &Path) -> Result<Option<[u8; KEY_BYTES]>, CacheError> {
    let io_error = |error| CacheError::Io { path: path.to_owned(), error };
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(error)),
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if fs::metadata(path).map_err(io_error)?.permissions().mode() & 0o077 != 0 {
            return Err(CacheError::KeyExposed(path.to_owned()));
        }
    }
    match <[u8; KEY_BYTES]>::try_from(bytes.as_slice()) {
        Ok(key) => Ok(Some(key)),
        Err(_) => {
            fs::remove_file(path).map_err(io_error)?;
            Ok(None)
        }
    }
}

/// Writes a new key atomically (temporary files are created mode 0600), unless another
/// process wrote one first.
fn write_key(path: &Path, key: &[u8; KEY_BYTES]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    file.write_all(key)?;
    file.as_file().sync_all()?;
    match file.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        Err(error) => Err(error.error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::{Limits, Origin, Runtime};

    /// The embedded certifications plugin.
    fn plugin() -> &'static [u8] {
        crate::embedded::PLUGINS.iter().find(|(name, _)| *name == "certifications").map(|(_, bytes)| *bytes).unwrap()
    }

    /// Loads the plugin in a fresh runtime using the cache in `dir`; returns the stats.
    fn load_with_cache(dir: &Path) -> CacheStats {
        let mut runtime = Runtime::with_concurrency(Limits::default(), 1).unwrap();
        runtime.use_cache(CodeCache::open(dir).unwrap());
        let plugin = runtime.load(plugin(), Origin::Embedded).unwrap();
        assert_eq!(plugin.name, "certifications", "the plugin works whatever the cache held");
        runtime.cache_stats().unwrap()
    }

    fn only_entry(dir: &Path) -> PathBuf {
        let entries: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "cwasm"))
            .collect();
        assert_eq!(entries.len(), 1, "{entries:?}");
        entries[0].clone()
    }

    #[test]
    fn a_cold_start_compiles_and_writes_an_entry_and_a_warm_start_loads_it() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(load_with_cache(dir.path()), CacheStats { misses: 1, written: 1, ..CacheStats::default() });
        assert_eq!(load_with_cache(dir.path()), CacheStats { hits: 1, ..CacheStats::default() });
    }

    #[test]
    fn a_tampered_entry_is_never_loaded_but_recompiled_and_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        load_with_cache(dir.path());
        let entry = only_entry(dir.path());
        let good = fs::read(&entry).unwrap();
        for (what, at) in [("code", good.len() - 100), ("tag", MAGIC.len() + 3), ("magic", 0)] {
            let mut tampered = good.clone();
            tampered[at] ^= 0x55;
            fs::write(&entry, &tampered).unwrap();
            let stats = load_with_cache(dir.path());
            assert_eq!(stats, CacheStats { rejected: 1, written: 1, ..CacheStats::default() }, "tampered {what}");
            assert_ne!(fs::read(&entry).unwrap(), tampered, "the tampered {what} entry was rewritten");
            assert_eq!(load_with_cache(dir.path()).hits, 1, "the rewritten entry is authentic");
        }
    }

    #[test]
    fn a_truncated_entry_or_one_written_under_another_key_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        load_with_cache(dir.path());
        let entry = only_entry(dir.path());
        fs::write(&entry, &fs::read(&entry).unwrap()[..20]).unwrap();
        assert_eq!(load_with_cache(dir.path()).rejected, 1);

        // Another user's cache holds a perfectly good entry under their key.
        let foreign = tempfile::tempdir().unwrap();
        load_with_cache(foreign.path());
        fs::copy(only_entry(foreign.path()), &entry).unwrap();
        assert_eq!(load_with_cache(dir.path()), CacheStats { rejected: 1, written: 1, ..CacheStats::default() });
    }

    #[test]
    fn an_entry_cannot_stand_in_for_another_plugin() {
        let dir = tempfile::tempdir().unwrap();
        load_with_cache(dir.path());
        let cache = CodeCache::open(dir.path()).unwrap();
        let engine = Engine::default();
        let other = cache.entry_path(&engine, &"0".repeat(64));
        fs::copy(only_entry(dir.path()), &other).unwrap();
        let entry = fs::read(&other).unwrap();
        assert!(cache.authentic(&other, &entry).is_none(), "the tag covers the entry's name");
    }

    #[cfg(unix)]
    #[test]
    fn the_key_is_private_and_a_key_others_can_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let cache_dir = dir.path().join("nested").join("cache");
        CodeCache::open(&cache_dir).unwrap();
        let key = cache_dir.join(KEY_FILE);
        assert_eq!(fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
        assert_eq!(fs::metadata(&cache_dir).unwrap().permissions().mode() & 0o777, 0o700);
        let first = fs::read(&key).unwrap();
        CodeCache::open(&cache_dir).unwrap();
        assert_eq!(fs::read(&key).unwrap(), first, "an existing key is kept");
        fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
        assert!(matches!(CodeCache::open(&cache_dir), Err(CacheError::KeyExposed(_))));
    }
}
