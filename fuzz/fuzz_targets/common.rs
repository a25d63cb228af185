//! What every fuzz target shares: writing the fuzzer's bytes to a file of a given name,
//! since riskcard's loaders read files (and name them in their messages).

use std::path::PathBuf;

/// A temporary directory holding `bytes` as `name`; the path of the file.
pub fn file(name: &str, bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("write the input");
    (dir, path)
}

/// Every problem found must name the file it was found in and say what is wrong.
pub fn well_formed(problems: &riskcard::diagnostics::Diagnostics, path: &std::path::Path) {
    for problem in &problems.0 {
        assert!(problem.file.starts_with(path.parent().expect("inside the directory")), "{problem}");
        assert!(!problem.message.is_empty(), "{problem}");
    }
}
