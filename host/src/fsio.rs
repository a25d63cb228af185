//! Writing output files so that a reader never sees half a file: write to a
//! temporary file in the same directory, flush it to disk, then rename over the target.
//! [`BatchWriter`] does the same for many files with one flush per batch. Outputs get
//! the permissions of any file the user creates (0666 less the umask); secrets get 0600.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use tempfile::{NamedTempFile, TempPath};

use crate::diagnostics::{Diagnostic, Diagnostics};

/// Who may read a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// As for any file the user creates: mode 0666 less the umask (0644 with the usual
    /// umask), so scorecards and sites can be shared and served.
    Shared,
    /// Only the owner: mode 0600.
    Private,
}

/// How riskcard's staged files begin; the writing process's id follows, so a later run
/// can tell the leftovers of a killed run from files a live run is still writing.
pub const STAGING_PREFIX: &str = ".riskcard-tmp-";

/// The prefix of temporaries this process makes under `kind` (e.g. [`STAGING_PREFIX`]).
pub fn own_prefix(kind: &str) -> String {
    format!("{kind}{}-", std::process::id())
}

/// Removes what a killed riskcard left in `dir`: entries named `{kind}{pid}-…` whose
/// process no longer runs. Only names of riskcard's own pattern are touched, symlinks
/// are removed rather than followed, and a live run's temporaries are left alone.
/// Returns how many were removed.
pub fn remove_stale(dir: &Path, kind: &str) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else { return 0 };
    let mut removed = 0;
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|name| name.strip_prefix(kind)).and_then(|rest| rest.split_once('-'))
        else {
            continue;
        };
        let Ok(pid) = pid.0.parse::<u32>() else { continue };
        if process_is_running(pid) {
            continue;
        }
        let path = entry.path();
        let gone = match entry.file_type() {
            Ok(file_type) if file_type.is_dir() => std::fs::remove_dir_all(&path),
            Ok(_) => std::fs::remove_file(&path),
            Err(error) => Err(error),
        };
        removed += usize::from(gone.is_ok());
    }
    removed
}

/// Makes `dir` ready to take output files, creating it (and its parents) if needed.
/// A path that is in the way gets one problem naming it and the fix: a file, a symlink
/// to nothing, or a symlink to something that is not a directory.
pub fn prepare_output_dir(dir: &Path) -> Result<(), Diagnostics> {
    let problem = |message: String, help: &str| Err(Diagnostic::new(dir, message).help(help).into());
    match dir.symlink_metadata() {
        Ok(meta) if meta.is_symlink() => {
            let target = std::fs::read_link(dir).map(|target| target.display().to_string()).unwrap_or_default();
            match std::fs::metadata(dir) {
                Ok(followed) if followed.is_dir() => Ok(()),
                Ok(_) => problem(
                    format!("the output directory is a symlink to `{target}`, which is not a directory"),
                    "point --out at a directory, or remove the symlink",
                ),
                Err(_) => problem(
                    format!("the output directory is a symlink to `{target}`, which does not exist"),
                    "create the directory it points to, or remove the symlink, or choose another --out",
                ),
            }
        }
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => problem(
            "the output directory is a file, not a directory".to_owned(),
            "choose a directory for --out, or move the file out of the way",
        ),
        Err(_) => std::fs::create_dir_all(dir).or_else(|error| {
            problem(
                format!("cannot create the output directory: {error}"),
                "choose a directory you may write to for --out",
            )
        }),
    }
}

/// Whether a process with id `pid` exists.
#[cfg(target_os = "linux")]
fn process_is_running(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

/// Without /proc, every process is assumed alive: nothing is removed.
#[cfg(not(target_os = "linux"))]
fn process_is_running(_pid: u32) -> bool {
    true
}

/// A temporary file beside `path`, to be renamed over it, with `access`.
fn staging_file(path: &Path, access: Access) -> io::Result<NamedTempFile> {
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let prefix = own_prefix(STAGING_PREFIX);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix);
    #[cfg(unix)]
    if access == Access::Shared {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

fn write_with(path: &Path, contents: &[u8], access: Access) -> io::Result<()> {
    let mut file = staging_file(path, access)?;
    file.write_all(contents)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|error| naming(path, error.error))?;
    Ok(())
}

/// Writes `contents` to `path` atomically, readable as the user's umask allows.
pub fn write_atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, contents, Access::Shared)
}

/// Writes `contents` to `path` atomically, readable and writable by its owner only
/// (for secret keys).
pub fn write_private(path: &Path, contents: &[u8]) -> io::Result<()> {
    write_with(path, contents, Access::Private)
}

/// Writes many files atomically, flushing to disk once per batch rather than once per
/// file: each file goes to a temporary file beside its target; when `batch` are waiting,
/// they are flushed together and only then renamed into place, so a reader (or a crash)
/// sees each target either as before or complete. Safe to share between threads.
pub struct BatchWriter {
    batch: usize,
    pending: Mutex<Vec<(TempPath, PathBuf)>>,
}

impl BatchWriter {
    /// A writer that flushes every `batch` files (at least one).
    pub fn new(batch: usize) -> Self {
        Self { batch: batch.max(1), pending: Mutex::new(Vec::new()) }
    }

    /// Writes `contents` for `path`; it is in place after the batch is flushed (at the
    /// latest by [`BatchWriter::finish`]).
    pub fn write(&self, path: &Path, contents: &[u8]) -> io::Result<()> {
        let mut file = staging_file(path, Access::Shared)?;
        file.write_all(contents)?;
        let staged = (file.into_temp_path(), path.to_owned());
        let full = {
            let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            pending.push(staged);
            if pending.len() >= self.batch { std::mem::take(&mut *pending) } else { Vec::new() }
        };
        commit(full)
    }

    /// Flushes and renames whatever is still waiting.
    pub fn finish(self) -> io::Result<()> {
        commit(self.pending.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

/// `error` with the path it happened at in its message, so the detail is not lost.
fn naming(path: &Path, error: io::Error) -> io::Error {
    io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Flushes the staged files' data to disk, then renames each over its target.
fn commit(staged: Vec<(TempPath, PathBuf)>) -> io::Result<()> {
    let Some((first, _)) = staged.first() else { return Ok(()) };
    sync_data(first, &staged)?;
    for (temporary, target) in staged {
        temporary.persist(&target).map_err(|error| naming(&target, error.error))?;
    }
    Ok(())
}

/// One `syncfs` for the file system holding the batch (all targets of a run share it).
#[cfg(target_os = "linux")]
fn sync_data(first: &Path, staged: &[(TempPath, PathBuf)]) -> io::Result<()> {
    let file = std::fs::File::open(first)?;
    rustix::fs::syncfs(&file)?;
    // Targets on another file system than the first are flushed one by one.
    let device = |path: &Path| std::fs::metadata(path).map(|meta| std::os::unix::fs::MetadataExt::dev(&meta));
    let first_device = device(first)?;
    for (temporary, _) in staged {
        if device(temporary)? != first_device {
            std::fs::File::open(temporary)?.sync_all()?;
        }
    }
    Ok(())
}

/// Each staged file flushed in turn.
#[cfg(not(target_os = "linux"))]
fn sync_data(_first: &Path, staged: &[(TempPath, PathBuf)]) -> io::Result<()> {
    for (temporary, _) in staged {
        std::fs::File::open(temporary)?.sync_all()?;
    }
    Ok(())
}

/// Hex-encoded SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn replaces_the_whole_file_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out.json");
        fs::write(&target, "old contents that are longer").unwrap();
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    /// The permission bits of `path`.
    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_permissions_of_any_new_file_and_secrets_only_the_owners() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.txt");
        fs::write(&plain, "created the ordinary way").unwrap();
        let shared = dir.path().join("card.json");
        write_atomic(&shared, b"{}").unwrap();
        let batched = dir.path().join("card.html");
        let writer = BatchWriter::new(1);
        writer.write(&batched, b"<p>").unwrap();
        writer.finish().unwrap();
        let secret = dir.path().join("acme.key");
        write_private(&secret, b"secret").unwrap();
        assert_eq!(mode(&shared), mode(&plain));
        assert_eq!(mode(&batched), mode(&plain));
        assert_eq!(mode(&secret), 0o600);
    }

    #[test]
    fn batch_writer_puts_every_file_in_place_by_finish_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let writer = BatchWriter::new(3);
        for index in 0..7 {
            writer.write(&dir.path().join(format!("{index}.json")), format!("card {index}").as_bytes()).unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 7, "six in place and one still staged");
        assert_eq!(fs::read_to_string(dir.path().join("5.json")).unwrap(), "card 5");
        writer.finish().unwrap();
        let mut names: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        assert_eq!(names, ["0.json", "1.json", "2.json", "3.json", "4.json", "5.json", "6.json"]);
        assert_eq!(fs::read_to_string(dir.path().join("6.json")).unwrap(), "card 6");
    }

    #[test]
    fn batch_writer_replaces_existing_files_only_when_the_batch_is_flushed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("card.json");
        fs::write(&target, "old").unwrap();
        let writer = BatchWriter::new(10);
        writer.write(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "old");
        writer.finish().unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
    }

    /// Regression: killed runs left thousands of staged files that no rerun removed.
    #[test]
    fn stale_temporaries_of_dead_runs_are_removed_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let dead = u32::MAX - 1;
        fs::write(dir.path().join(format!("{STAGING_PREFIX}{dead}-abc123")), "half").unwrap();
        fs::create_dir(dir.path().join(format!(".riskcard-site-{dead}-xyz"))).unwrap();
        let live = dir.path().join(format!("{}live", own_prefix(STAGING_PREFIX)));
        fs::write(&live, "being written").unwrap();
        for keep in [".tmpAbC123", "notes.txt", ".riskcard-tmp-notapid-x"] {
            fs::write(dir.path().join(keep), "mine").unwrap();
        }
        assert_eq!(remove_stale(dir.path(), STAGING_PREFIX), 1);
        assert_eq!(remove_stale(dir.path(), ".riskcard-site-"), 1);
        let mut left: Vec<String> =
            fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        left.sort();
        let mut expected = vec![".riskcard-tmp-notapid-x".to_owned(), ".tmpAbC123".to_owned(), "notes.txt".to_owned()];
        expected.push(live.file_name().unwrap().to_str().unwrap().to_owned());
        expected.sort();
        assert_eq!(left, expected);
    }

    #[test]
    fn a_failed_rename_names_its_target() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.json");
        fs::create_dir(&target).unwrap();
        let error = write_atomic(&target, b"{}").unwrap_err();
        assert!(error.to_string().starts_with(&target.display().to_string()), "{error}");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary is left behind");
    }

    #[test]
    fn an_output_directory_is_created_and_whatever_is_in_its_way_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        prepare_output_dir(&nested).unwrap();
        assert!(nested.is_dir());
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let problem = prepare_output_dir(&file).unwrap_err().0.remove(0);
        assert_eq!((problem.file, problem.message.as_str()), (file, "the output directory is a file, not a directory"));
        let dangling = dir.path().join("dangling");
        std::os::unix::fs::symlink(dir.path().join("gone"), &dangling).unwrap();
        let problem = prepare_output_dir(&dangling).unwrap_err().0.remove(0);
        assert!(problem.message.ends_with("gone`, which does not exist"), "{}", problem.message);
        assert!(!dir.path().join("gone").exists());
    }

    #[test]
    fn hashes_like_sha256sum() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}
