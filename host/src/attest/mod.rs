//! Signed scorecards: an in-toto Statement v1 about a scorecard's JSON (its SHA-256 the
//! subject, its grade and inputs the predicate) in a DSSE envelope signed with a
//! publisher key of [`crate::trust`], and the check of such an attestation against a
//! trust policy. Sits beside `assess`: it reads scorecards and never reaches up.

mod dsse;
mod statement;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sha2::Digest as _;

pub use dsse::{Envelope, EnvelopeSignature, pae};
pub use statement::{GateOutcome, PREDICATE_TYPE, STATEMENT_TYPE, ScorecardPredicate, Statement, Subject};

use crate::assess::Scorecard;
use crate::trust::{PublicKey, SecretKey, TrustPolicy};

/// The DSSE payload type of an in-toto statement.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// The file name suffix of an attestation, beside its scorecard.
pub const ATTESTATION_SUFFIX: &str = ".intoto.json";

/// Where the attestation of the scorecard at `scorecard` lives: `<vendor>.intoto.json`
/// beside `<vendor>.json`.
pub fn attestation_path(scorecard: &Path) -> PathBuf {
    let stem = scorecard.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    scorecard.with_file_name(format!("{stem}{ATTESTATION_SUFFIX}"))
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(sha2::Sha256::digest(bytes))
}

/// The signed attestation of `scorecard`, whose JSON file is exactly `json`, as the
/// pretty-printed envelope with a trailing newline. Deterministic: ed25519 signatures
/// are, so the same scorecard and key give the same bytes.
pub fn attest(scorecard: &Scorecard, json: &[u8], key: &SecretKey) -> Vec<u8> {
    let statement = Statement {
        statement_type: STATEMENT_TYPE.to_owned(),
        subject: vec![Subject {
            name: format!("{}.json", scorecard.vendor.id),
            digest: BTreeMap::from([("sha256".to_owned(), sha256_hex(json))]),
        }],
        predicate_type: PREDICATE_TYPE.to_owned(),
        predicate: ScorecardPredicate::of(scorecard),
    };
    let payload = serde_json::to_vec(&statement).unwrap_or_default();
    let mut bytes = serde_json::to_vec_pretty(&Envelope::sign(PAYLOAD_TYPE, &payload, key)).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// Who signed a scorecard that verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The publisher's name in the trust policy.
    pub publisher: String,
    /// Their key, which is the signature's key id.
    pub key: PublicKey,
    /// The statement they signed.
    pub statement: Statement,
}

/// Why an attestation does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The attestation file is not a DSSE envelope at all.
    #[error("not a DSSE envelope: {0}")]
    Malformed(String),
    /// It is an envelope, but it does not prove the scorecard.
    #[error("{0}")]
    NotVerified(String),
}

/// Checks the attestation `envelope` (the file's bytes) of the scorecard whose file is
/// exactly `json` against `policy`: a trusted signature over an in-toto statement whose
/// subject is the scorecard's SHA-256 and whose predicate is the scorecard's.
pub fn verify(
    envelope: &[u8],
    json: &[u8],
    scorecard: &Scorecard,
    policy: &TrustPolicy,
) -> Result<Verified, VerifyError> {
    let not = |reason: String| VerifyError::NotVerified(reason);
    let envelope: Envelope =
        serde_json::from_slice(envelope).map_err(|error| VerifyError::Malformed(error.to_string()))?;
    if envelope.payload_type != PAYLOAD_TYPE {
        return Err(not(format!(
            "the envelope's payload type is `{}`, not the in-toto statement type `{PAYLOAD_TYPE}`",
            envelope.payload_type.chars().take(80).collect::<String>()
        )));
    }
    let (publisher, key) = envelope.trusted_signer(policy).map_err(not)?;
    let payload = envelope.payload_bytes().unwrap_or_default();
    let statement: Statement = serde_json::from_slice(&payload)
        .map_err(|error| not(format!("the signed payload is not a riskcard scorecard statement: {error}")))?;
    if statement.statement_type != STATEMENT_TYPE || statement.predicate_type != PREDICATE_TYPE {
        return Err(not(format!(
            "the signed statement is `{}` about `{}`, not `{STATEMENT_TYPE}` about `{PREDICATE_TYPE}`",
            statement.statement_type, statement.predicate_type
        )));
    }
    let digest = sha256_hex(json);
    if !statement.subject.iter().any(|subject| subject.digest.get("sha256") == Some(&digest)) {
        let attested: Vec<&str> =
            statement.subject.iter().filter_map(|subject| subject.digest.get("sha256").map(String::as_str)).collect();
        return Err(not(format!(
            "the scorecard's sha256 is {digest} but the attestation signs {}: the scorecard was changed after it was signed",
            attested.join(", ")
        )));
    }
    if statement.predicate != ScorecardPredicate::of(scorecard) {
        return Err(not("the signed predicate does not describe this scorecard".to_owned()));
    }
    Ok(Verified { publisher, key, statement })
}

/// Checks `envelope` as [`verify`] does, but accepts a valid signature by any key: for
/// showing who signed when no trust policy is at hand. The publisher name is empty.
pub fn verify_any_signer(envelope: &[u8], json: &[u8], scorecard: &Scorecard) -> Result<Verified, VerifyError> {
    let parsed: Envelope =
        serde_json::from_slice(envelope).map_err(|error| VerifyError::Malformed(error.to_string()))?;
    let publishers = parsed
        .signatures
        .iter()
        .map(|signature| crate::trust::Publisher { name: String::new(), key: signature.keyid.clone() })
        .collect();
    verify(envelope, json, scorecard, &TrustPolicy { publishers, ..TrustPolicy::default() })
}

#[cfg(test)]
mod tests;
