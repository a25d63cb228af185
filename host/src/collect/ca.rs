//! An extra certificate authority for collection (`--ca-cert FILE`), a testing and lab
//! feature: the PEM file's certificates are trusted besides the built-in web roots, and
//! their SHA-256 fingerprints go into the collected evidence so a reader sees it was used.

use std::path::Path;

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject as _;

use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};

/// The certificates of an extra CA file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraCa {
    /// The certificates, in file order.
    pub certificates: Vec<CertificateDer<'static>>,
}

/// Why a CA file cannot be used (the caller names the file).
#[derive(Debug, thiserror::Error)]
pub enum CaError {
    /// The file cannot be read, or is no regular file of a sensible size.
    #[error("cannot read the CA file: {0}")]
    Read(String),
    /// The file holds no readable PEM certificate.
    #[error("the CA file holds no readable PEM certificate (-----BEGIN CERTIFICATE-----){}", .0.as_deref().map(|d| format!(": {d}")).unwrap_or_default())]
    NoCertificate(Option<String>),
}

impl ExtraCa {
    /// Reads every certificate of the PEM file at `path`.
    pub fn read(path: &Path) -> Result<Self, CaError> {
        let bytes =
            inputfile::read(path, InputKind::CaCertificate).map_err(|error| CaError::Read(error.to_string()))?;
        let certificates = CertificateDer::pem_slice_iter(&bytes)
            .collect::<Result<Vec<_>, _>>()
            .map_err(|error| CaError::NoCertificate(Some(error.to_string())))?;
        if certificates.is_empty() {
            return Err(CaError::NoCertificate(None));
        }
        Ok(Self { certificates })
    }

    /// The SHA-256 fingerprint of each certificate (of its DER encoding), lowercase hex.
    pub fn fingerprints(certificates: &[CertificateDer<'_>]) -> Vec<String> {
        certificates.iter().map(|certificate| sha256_hex(certificate.as_ref())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_certificate_of_a_pem_bundle_is_read_and_fingerprinted() {
        let dir = tempfile::tempdir().unwrap();
        let make = || {
            let key = rcgen::KeyPair::generate().unwrap();
            rcgen::CertificateParams::new(vec!["lab.example".to_owned()]).unwrap().self_signed(&key).unwrap()
        };
        let (first, second) = (make(), make());
        let path = dir.path().join("bundle.pem");
        std::fs::write(&path, format!("# lab roots\n{}{}", first.pem(), second.pem())).unwrap();
        let ca = ExtraCa::read(&path).unwrap();
        assert_eq!(ca.certificates, [first.der().clone(), second.der().clone()]);
        assert_eq!(
            ExtraCa::fingerprints(&ca.certificates),
            [sha256_hex(first.der().as_ref()), sha256_hex(second.der().as_ref())]
        );
    }

    #[test]
    fn a_file_without_certificates_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ca.pem");
        std::fs::write(&path, "not a certificate\n").unwrap();
        let error = ExtraCa::read(&path).unwrap_err();
        assert!(matches!(error, CaError::NoCertificate(None)), "{error}");
        let missing = ExtraCa::read(&dir.path().join("missing.pem")).unwrap_err();
        assert!(matches!(missing, CaError::Read(_)), "{missing}");
        let directory = ExtraCa::read(dir.path()).unwrap_err();
        assert!(directory.to_string().ends_with("not a regular file"), "{directory}");
    }
}
