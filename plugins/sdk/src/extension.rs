//! Typed reading of a dossier's extensions: evidence beyond the core model, stored
//! as JSON under a namespaced key such as `acme.mfa-coverage`.
//!
//! ```
//! use riskcard_plugin_sdk::{extension, testing};
//!
//! #[derive(serde::Deserialize)]
//! struct MfaCoverage {
//!     enrolled_percent: f64,
//! }
//!
//! let mut dossier = testing::empty_dossier();
//! dossier.extensions.push(testing::extension("acme.mfa-coverage", r#"{"enrolled_percent": 97.5}"#));
//! let coverage: Option<MfaCoverage> = extension::read(&dossier, "acme.mfa-coverage")?;
//! assert_eq!(coverage.map(|c| c.enrolled_percent), Some(97.5));
//! # Ok::<(), extension::ExtensionError>(())
//! ```

use serde::de::DeserializeOwned;

use crate::evidence::{Dossier, Extension};

/// An extension whose JSON does not have the shape the plugin expects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the dossier's extension `{key}` does not have the expected shape: {problem}")]
pub struct ExtensionError {
    /// The extension's key, e.g. `acme.mfa-coverage`.
    pub key: String,
    /// What serde found wrong, with the line and column in the JSON.
    pub problem: String,
}

/// The extension stored under `key`, with its provenance; `None` when the dossier has none.
pub fn find<'a>(dossier: &'a Dossier, key: &str) -> Option<&'a Extension> {
    dossier.extensions.iter().find(|extension| extension.key == key)
}

/// The extension under `key` read as a `T`: `Ok(None)` when the dossier has no such
/// extension (unknown, not "no"), an error naming the key and the problem when its JSON
/// does not fit `T`.
pub fn read<T: DeserializeOwned>(dossier: &Dossier, key: &str) -> Result<Option<T>, ExtensionError> {
    let Some(extension) = find(dossier, key) else { return Ok(None) };
    serde_json::from_str(&extension.json)
        .map(Some)
        .map_err(|error| ExtensionError { key: key.to_owned(), problem: error.to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{empty_dossier, extension};

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Segmentation {
        tested: bool,
        last_test: Option<String>,
    }

    fn dossier_with(key: &str, json: &str) -> Dossier {
        let mut dossier = empty_dossier();
        dossier.extensions.push(extension("other.key", "1"));
        dossier.extensions.push(extension(key, json));
        dossier
    }

    #[test]
    fn a_matching_extension_is_read_into_the_type() {
        let dossier = dossier_with("pci.segmentation", r#"{"tested": true, "last_test": "2026-05-01"}"#);
        let read: Option<Segmentation> = read(&dossier, "pci.segmentation").unwrap();
        assert_eq!(read, Some(Segmentation { tested: true, last_test: Some("2026-05-01".into()) }));
    }

    #[test]
    fn a_missing_extension_is_none_not_an_error() {
        let dossier = dossier_with("pci.segmentation", "{}");
        assert_eq!(read::<Segmentation>(&dossier, "pci.scope").unwrap(), None);
        assert!(find(&dossier, "pci.scope").is_none());
    }

    #[test]
    fn a_wrong_shape_names_the_key_and_the_field() {
        let dossier = dossier_with("pci.segmentation", r#"{"tested": "yes"}"#);
        let error = read::<Segmentation>(&dossier, "pci.segmentation").unwrap_err();
        assert_eq!(error.key, "pci.segmentation");
        assert!(error.problem.contains("invalid type: string \"yes\", expected a boolean"), "{}", error.problem);
        assert!(error.to_string().starts_with("the dossier's extension `pci.segmentation`"), "{error}");
    }
}
