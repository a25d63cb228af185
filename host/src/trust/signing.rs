//! Ed25519 publisher signatures: key generation, detached signature files
//! (`PLUGIN.wasm.sig`) over a plugin's SHA-256, a trust policy listing publisher keys,
//! and the verdict on a plugin's signature.

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Serialize};
use sha2::Digest;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::inputfile::{self, InputKind};
use crate::reads::ReadsPolicy;

/// What every key is written with, so a key of another algorithm is never misread.
const KEY_PREFIX: &str = "ed25519:";

/// The signature file format this host reads and writes.
const SIGNATURE_FORMAT: &str = "riskcard-signature-1";

/// The secret key file format.
const SECRET_FORMAT: &str = "riskcard-secret-key-1";

/// The trust-policy file format, for `--trust`'s long help.
pub const TRUST_FILE_HELP: &str = "A trust policy: a TOML file listing the publisher keys whose signatures are \
accepted, one [[publisher]] table per key:

    [[publisher]]
    name = \"Acme Labs\"
    key = \"ed25519:0f1e...\"    # the text of the .pub file `riskcard plugin keygen` wrote

`riskcard plugin keygen --out keys/acme` prints the table for the key it makes; `riskcard plugin verify \
PLUGIN --trust FILE` checks a plugin against the policy.

It may also forbid plugins loaded with --plugins to read dossier sections; a plugin declaring one is refused:

    [reads]
    forbid = [\"incidents\"]            # no such plugin may read these
    [reads.plugins.acme-mfa]
    forbid = [\"compliance\"]           # this one may not read these either";

/// Domain separation: a riskcard plugin signature can never be mistaken for, or reused
/// as, an ed25519 signature over anything else.
const CONTEXT: &[u8] = b"riskcard plugin signature v1\n";

/// Problems with keys and signatures.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SigningError {
    /// A key is not `ed25519:` followed by 64 hex digits, or not a valid curve point.
    #[error("`{0}` is not an ed25519 key (expected `ed25519:` and 64 hex digits)")]
    BadKey(String),
    /// A signature is not 128 hex digits.
    #[error("the signature is not 128 hex digits")]
    BadSignature,
    /// The operating system gave no random bytes.
    #[error("cannot get random bytes for a new key: {0}")]
    Random(String),
}

/// A publisher's public key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{KEY_PREFIX}{}", hex::encode(self.0.to_bytes()))
    }
}

/// At most `max` characters of `text`, for quoting untrusted input in messages.
fn shorten(text: &str, max: usize) -> String {
    text.chars().take(max).collect()
}

fn key_bytes(text: &str) -> Result<[u8; 32], SigningError> {
    let bad = || SigningError::BadKey(shorten(text, 80));
    let digits = text.trim().strip_prefix(KEY_PREFIX).ok_or_else(bad)?;
    hex::decode(digits).ok().and_then(|bytes| bytes.try_into().ok()).ok_or_else(bad)
}

impl PublicKey {
    /// Whether `signature` is this key's ed25519 signature (checked strictly) over
    /// `message` exactly as given.
    pub fn verifies(&self, message: &[u8], signature: &[u8]) -> bool {
        <[u8; 64]>::try_from(signature)
            .is_ok_and(|raw| self.0.verify_strict(message, &Signature::from_bytes(&raw)).is_ok())
    }
}

impl FromStr for PublicKey {
    type Err = SigningError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bytes = key_bytes(text)?;
        let bad = || SigningError::BadKey(shorten(text, 80));
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| bad())?;
        // Only the canonical encoding of a point that is not of small order: another
        // spelling of a key, or a weak key any signature could match, is refused.
        if key.to_bytes() != bytes || key.is_weak() {
            return Err(bad());
        }
        Ok(Self(key))
    }
}

/// A publisher's secret signing key.
pub struct SecretKey(SigningKey);

/// The secret key file.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SecretKeyFile {
    format: String,
    secret_key: String,
    public_key: String,
}

impl SecretKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Result<Self, SigningError> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|error| SigningError::Random(error.to_string()))?;
        Ok(Self(SigningKey::from_bytes(&seed)))
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The key file's text.
    pub fn to_file(&self) -> String {
        let file = SecretKeyFile {
            format: SECRET_FORMAT.to_owned(),
            secret_key: format!("{KEY_PREFIX}{}", hex::encode(self.0.to_bytes())),
            public_key: self.public_key().to_string(),
        };
        format!(
            "# riskcard plugin signing key: keep this file secret; share only public_key.\n{}",
            toml::to_string(&file).unwrap_or_default()
        )
    }

    /// Reads a key file written by [`SecretKey::to_file`].
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        Self::load_for(path, |secret| format!("--key {}", secret.display()))
    }

    /// [`SecretKey::load`], where `command` gives the command line that uses the secret
    /// key at the path it is given, for the help when `path` holds a public key.
    pub fn load_for(path: &Path, command: impl FnOnce(&Path) -> String) -> Result<Self, Diagnostics> {
        let help = "create a key with `riskcard plugin keygen`";
        let bytes = inputfile::read(path, InputKind::SecretKey).map_err(|error| error.diagnostic(path))?;
        if let Some(key) = std::str::from_utf8(&bytes).ok().and_then(|text| text.trim().parse::<PublicKey>().ok()) {
            return Err(Diagnostic::new(
                path,
                format!("this is a public key ({key}), not a secret key; signing needs the secret half"),
            )
            .help(format!(
                "`riskcard plugin keygen` wrote the secret key beside it; use it: {}",
                command(&secret_key_beside(path))
            ))
            .into());
        }
        let file: SecretKeyFile = super::parse_toml(path, InputKind::SecretKey, bytes, help)?;
        if file.format != SECRET_FORMAT {
            return Err(Diagnostic::new(path, format!("not a riskcard secret key (format `{}`)", file.format))
                .key("format")
                .help(help)
                .into());
        }
        let bytes = key_bytes(&file.secret_key).map_err(|error| {
            Diagnostics::from(Diagnostic::new(path, error.to_string()).key("secret_key").help(help))
        })?;
        let secret = Self(SigningKey::from_bytes(&bytes));
        if file.public_key.parse::<PublicKey>().ok() != Some(secret.public_key()) {
            return Err(Diagnostic::new(
                path,
                format!("public_key is not the public half of this secret key (it should be {})", secret.public_key()),
            )
            .key("public_key")
            .help("the key file was edited or mixed up with another; use the file `riskcard plugin keygen` wrote")
            .into());
        }
        Ok(secret)
    }

    /// The ed25519 signature over `message` exactly as given: the caller's message
    /// carries its own domain separation (DSSE's pre-authentication encoding, say).
    pub fn sign_message(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }

    /// Signs plugin `bytes`.
    pub fn sign(&self, bytes: &[u8]) -> SignatureFile {
        let sha256 = sha2::Sha256::digest(bytes);
        let signature = self.0.sign(&message(&sha256));
        SignatureFile {
            format: SIGNATURE_FORMAT.to_owned(),
            key: self.public_key().to_string(),
            sha256: hex::encode(sha256),
            signature: hex::encode(signature.to_bytes()),
        }
    }
}

/// Where the secret key of the public key file `public` is, as `riskcard plugin keygen`
/// writes them: `PREFIX.pub` beside `PREFIX.key`.
pub fn secret_key_beside(public: &Path) -> PathBuf {
    if public.extension().is_some_and(|ext| ext == "pub") { public.with_extension("key") } else { public.to_owned() }
}

fn message(sha256: &[u8]) -> Vec<u8> {
    [CONTEXT, sha256].concat()
}

/// A detached signature, stored next to the plugin as `PLUGIN.wasm.sig`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignatureFile {
    /// Always `riskcard-signature-1`.
    pub format: String,
    /// The signer's public key.
    pub key: String,
    /// SHA-256 of the signed plugin bytes, hex; for people, the signature covers it.
    pub sha256: String,
    /// The ed25519 signature, hex.
    pub signature: String,
}

impl SignatureFile {
    /// The file's text.
    pub fn to_file(&self) -> String {
        format!(
            "# riskcard detached plugin signature, written by `riskcard plugin sign`.\n{}",
            toml::to_string(self).unwrap_or_default()
        )
    }
}

/// Where the detached signature of the plugin at `plugin` lives.
pub fn signature_path(plugin: &Path) -> PathBuf {
    let mut name = plugin.as_os_str().to_owned();
    name.push(".sig");
    PathBuf::from(name)
}

/// A publisher the operator trusts.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publisher {
    /// Who they are.
    pub name: String,
    /// Their public key, `ed25519:` and hex.
    pub key: String,
}

/// The publishers whose signatures riskcard accepts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustPolicy {
    /// The trusted publishers.
    #[serde(default, rename = "publisher")]
    pub publishers: Vec<Publisher>,
    /// Dossier sections plugins loaded from files may not read.
    #[serde(default)]
    pub reads: ReadsPolicy,
}

impl TrustPolicy {
    /// Reads a trust policy, checking every key in it.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let help = "list publishers as [[publisher]] tables with name and key = \"ed25519:...\", and forbidden reads under [reads] (see `riskcard trust --help`)";
        let policy: Self = super::read_toml(path, InputKind::TrustPolicy, help)?;
        for (index, publisher) in policy.publishers.iter().enumerate() {
            if let Err(error) = publisher.key.parse::<PublicKey>() {
                return Err(Diagnostic::new(path, error.to_string())
                    .key(format!("publisher[{index}].key"))
                    .help("copy the key printed by `riskcard plugin keygen`")
                    .into());
            }
        }
        Ok(policy)
    }

    /// The listed publisher holding `key`, if any.
    pub fn publisher(&self, key: &PublicKey) -> Option<&Publisher> {
        self.publishers.iter().find(|publisher| publisher.key.parse::<PublicKey>().ok().as_ref() == Some(key))
    }
}

/// What riskcard concludes about a plugin's signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureStatus {
    /// Built into riskcard: trusted by construction.
    Embedded,
    /// No signature file.
    Unsigned,
    /// Validly signed by a publisher in the trust policy.
    Trusted {
        /// The publisher's name.
        publisher: String,
        /// Their key.
        key: PublicKey,
    },
    /// Validly signed, by a key the trust policy does not list.
    Untrusted {
        /// The key.
        key: PublicKey,
    },
    /// A well-formed signature by `key` over other bytes: the plugin changed after it
    /// was signed (rebuilt, or altered).
    Changed {
        /// SHA-256 of the plugin's bytes now, hex.
        sha256: String,
        /// SHA-256 the signature file names, hex (clipped when it is not a hash).
        signed: String,
        /// The signer's key.
        key: PublicKey,
    },
    /// A signature file that does not verify: malformed, or tampered with.
    Invalid(String),
}

impl SignatureStatus {
    /// Whether `--require-signed` accepts the plugin.
    pub fn is_trusted(&self) -> bool {
        matches!(self, Self::Embedded | Self::Trusted { .. })
    }

    /// Whether the signature file is there but does not hold for these bytes: such a
    /// plugin is refused whatever the policy.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Changed { .. } | Self::Invalid(_))
    }
}

impl fmt::Display for SignatureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Embedded => write!(f, "embedded in riskcard (trusted by construction)"),
            Self::Unsigned => write!(f, "unsigned"),
            Self::Trusted { publisher, key } => write!(f, "signed by trusted publisher \"{publisher}\" ({key})"),
            Self::Untrusted { key } => write!(f, "signed by {key}, which the trust policy does not list"),
            Self::Changed { sha256, signed, key } => write!(
                f,
                "INVALID signature: the plugin changed after {key} signed it (its sha256 is {sha256}; the signature is for sha256 {signed})"
            ),
            Self::Invalid(reason) => write!(f, "INVALID signature: {reason}"),
        }
    }
}

/// Checks the signature file text `signature` (if any) over plugin `bytes` against
/// `policy` (no policy trusts no one).
pub fn check_signature(bytes: &[u8], signature: Option<&str>, policy: Option<&TrustPolicy>) -> SignatureStatus {
    let Some(text) = signature else { return SignatureStatus::Unsigned };
    let file: SignatureFile = match toml::from_str(text) {
        Ok(file) => file,
        Err(error) => return SignatureStatus::Invalid(format!("unreadable signature file: {}", error.message())),
    };
    if file.format != SIGNATURE_FORMAT {
        return SignatureStatus::Invalid(format!("unknown signature format `{}`", file.format));
    }
    let key = match file.key.parse::<PublicKey>() {
        Ok(key) => key,
        Err(error) => return SignatureStatus::Invalid(error.to_string()),
    };
    let signature = match hex::decode(&file.signature).ok().and_then(|raw| <[u8; 64]>::try_from(raw).ok()) {
        Some(raw) => Signature::from_bytes(&raw),
        None => return SignatureStatus::Invalid(SigningError::BadSignature.to_string()),
    };
    let sha256 = sha2::Sha256::digest(bytes);
    if file.sha256 != hex::encode(sha256) {
        return SignatureStatus::Changed { sha256: hex::encode(sha256), signed: shorten(&file.sha256, 64), key };
    }
    if key.0.verify_strict(&message(&sha256), &signature).is_err() {
        return SignatureStatus::Invalid(format!(
            "it names this plugin's sha256 {} but its signature does not verify under {key}: the signature file was altered",
            hex::encode(sha256),
        ));
    }
    match policy.and_then(|policy| policy.publisher(&key)) {
        Some(publisher) => SignatureStatus::Trusted { publisher: publisher.name.clone(), key },
        None => SignatureStatus::Untrusted { key },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy_for(key: &PublicKey) -> TrustPolicy {
        TrustPolicy {
            publishers: vec![Publisher { name: "Acme".to_owned(), key: key.to_string() }],
            ..TrustPolicy::default()
        }
    }

    #[test]
    fn a_signature_verifies_only_for_the_signed_bytes_and_a_listed_key() {
        let secret = SecretKey::generate().unwrap();
        let file = secret.sign(b"plugin bytes").to_file();
        let policy = policy_for(&secret.public_key());
        assert!(check_signature(b"plugin bytes", Some(&file), Some(&policy)).is_trusted());
        assert_eq!(
            check_signature(b"plugin bytes", Some(&file), None),
            SignatureStatus::Untrusted { key: secret.public_key() }
        );
        assert!(matches!(
            check_signature(b"plugin bytez", Some(&file), Some(&policy)),
            SignatureStatus::Changed { key, .. } if key == secret.public_key()
        ));
        assert_eq!(check_signature(b"plugin bytes", None, Some(&policy)), SignatureStatus::Unsigned);
    }

    #[test]
    fn another_key_is_untrusted_and_garbage_is_invalid() {
        let signer = SecretKey::generate().unwrap();
        let other = SecretKey::generate().unwrap();
        let file = signer.sign(b"x").to_file();
        let status = check_signature(b"x", Some(&file), Some(&policy_for(&other.public_key())));
        assert!(matches!(status, SignatureStatus::Untrusted { .. }));
        assert!(matches!(check_signature(b"x", Some("not toml ["), None), SignatureStatus::Invalid(_)));
    }

    #[test]
    fn keys_round_trip_through_their_files() {
        let secret = SecretKey::generate().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        std::fs::write(&path, secret.to_file()).unwrap();
        let read = SecretKey::load(&path).unwrap();
        assert_eq!(read.public_key(), secret.public_key());
        assert_eq!(secret.public_key().to_string().parse::<PublicKey>().unwrap(), secret.public_key());
        assert!("ed25519:zz".parse::<PublicKey>().is_err());
        assert!("rsa:00".parse::<PublicKey>().is_err());
    }

    /// Regression: the `sha256` field was never checked, so all zeros still verified.
    #[test]
    fn a_signature_file_naming_another_sha256_is_invalid() {
        let secret = SecretKey::generate().unwrap();
        let mut file = secret.sign(b"plugin bytes");
        file.sha256 = "0".repeat(64);
        let status = check_signature(b"plugin bytes", Some(&file.to_file()), Some(&policy_for(&secret.public_key())));
        assert!(matches!(&status, SignatureStatus::Changed { signed, .. } if *signed == "0".repeat(64)), "{status}");
        assert!(status.to_string().contains(&format!("the signature is for sha256 {}", "0".repeat(64))), "{status}");
    }

    /// Regression: a key file whose `public_key` was garbage or another key's still signed.
    #[test]
    fn a_secret_key_file_with_a_public_key_of_another_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let secret = SecretKey::generate().unwrap();
        let other = SecretKey::generate().unwrap();
        for public in [other.public_key().to_string(), "garbage".to_owned()] {
            let text = secret.to_file().replace(&secret.public_key().to_string(), &public);
            let path = dir.path().join("k.key");
            std::fs::write(&path, text).unwrap();
            let Err(Diagnostics(problems)) = SecretKey::load(&path) else { panic!("{public} was accepted") };
            assert_eq!(problems[0].key.as_deref(), Some("public_key"));
            assert!(problems[0].message.contains("is not the public half of this secret key"), "{problems:?}");
        }
    }

    /// Regression: a non-canonical encoding (y not reduced mod p) and a small-order point
    /// loaded as trust keys.
    #[test]
    fn non_canonical_and_weak_public_keys_are_refused() {
        let mut non_canonical = [0xffu8; 32];
        non_canonical[0] = 0xee;
        non_canonical[31] = 0x7f;
        let identity = {
            let mut bytes = [0u8; 32];
            bytes[0] = 1;
            bytes
        };
        for bytes in [non_canonical, identity] {
            let text = format!("{KEY_PREFIX}{}", hex::encode(bytes));
            assert!(text.parse::<PublicKey>().is_err(), "{text} was accepted");
        }
    }

    #[test]
    fn signature_files_sit_next_to_the_plugin() {
        assert_eq!(signature_path(Path::new("d/p.wasm")), PathBuf::from("d/p.wasm.sig"));
    }
}
