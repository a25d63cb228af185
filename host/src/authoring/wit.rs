//! The WIT package this host speaks, embedded in the binary so that a plugin project
//! outside the repository can build against exactly it (`riskcard wit`).

/// One file of the contract: its file name and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WitFile {
    /// The file name, e.g. `plugin.wit`.
    pub name: &'static str,
    /// The file's text, exactly as the host was built against it.
    pub text: &'static str,
}

/// The files of `riskcard:plugin`, in the order they are written.
pub const FILES: [WitFile; 2] = [
    WitFile { name: "evidence.wit", text: include_str!("../../../wit/evidence.wit") },
    WitFile { name: "plugin.wit", text: include_str!("../../../wit/plugin.wit") },
];

/// The package version the embedded files declare, e.g. `0.1.0`.
pub fn package_version() -> Option<&'static str> {
    FILES.iter().find_map(|file| declared_version(file.text))
}

/// The version in a WIT file's `package riskcard:plugin@X;` line.
pub fn declared_version(text: &str) -> Option<&str> {
    text.lines()
        .find_map(|line| line.trim().strip_prefix("package riskcard:plugin@"))
        .map(|rest| rest.trim_end_matches(';').trim())
}

/// The contract versions this host accepts, as users read them, e.g. `0.1.x or 0.2.x`.
pub fn accepted_range() -> String {
    crate::runtime::accepted_api_versions()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use semver::Version;

    use super::*;
    use crate::runtime::{API_VERSION, api_compatible};

    fn repo() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
    }

    /// The kept versions under wit/history, each with its directory.
    fn history() -> Vec<(Version, PathBuf)> {
        let mut kept: Vec<(Version, PathBuf)> = std::fs::read_dir(repo().join("wit/history"))
            .expect("wit/history exists")
            .map(|entry| entry.expect("readable entry").path())
            .map(|dir| {
                let name = dir.file_name().and_then(|n| n.to_str()).expect("UTF-8 name").to_owned();
                (Version::parse(&name).unwrap_or_else(|_| panic!("wit/history/{name} is not a version")), dir)
            })
            .collect();
        kept.sort();
        kept
    }

    #[test]
    fn every_file_declares_the_version_the_host_accepts() {
        for file in FILES {
            let version = declared_version(file.text).unwrap_or_else(|| panic!("{} has no package line", file.name));
            assert!(api_compatible(&Version::parse(version).unwrap()), "{} declares {version}", file.name);
        }
        assert_eq!(package_version(), Some(API_VERSION.to_string().as_str()));
    }

    #[test]
    fn the_released_version_is_kept_byte_for_byte_in_history() {
        let current = Version::parse(package_version().unwrap()).unwrap();
        let (_, dir) = history()
            .into_iter()
            .find(|(version, _)| *version == current)
            .unwrap_or_else(|| panic!("wit/history/{current} is missing: copy wit/*.wit there when releasing"));
        for file in FILES {
            let kept = std::fs::read_to_string(dir.join(file.name)).unwrap();
            assert!(
                kept == file.text,
                "wit/{} differs from wit/history/{current}/{}: a released contract is frozen; bump the version",
                file.name,
                file.name
            );
        }
    }

    #[test]
    fn every_kept_version_declares_its_own_version() {
        let kept = history();
        assert!(!kept.is_empty());
        for (version, dir) in kept {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(declared_version(&text), Some(version.to_string().as_str()), "{}", path.display());
            }
        }
    }

    #[test]
    fn reads_the_package_line() {
        assert_eq!(declared_version("// c\npackage riskcard:plugin@1.2.3;\n"), Some("1.2.3"));
        assert_eq!(declared_version("package other:x@1.0.0;"), None);
    }
}
