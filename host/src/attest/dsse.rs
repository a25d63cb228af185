//! DSSE (Dead Simple Signing Envelope) v1: the envelope JSON, the pre-authentication
//! encoding every signature covers, and signing and checking one envelope with the
//! publisher keys of [`crate::trust`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use serde::{Deserialize, Serialize};

use crate::trust::{PublicKey, SecretKey, TrustPolicy};

/// A signed payload: what `<vendor>.intoto.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Envelope {
    /// The media type of the payload; signed together with it.
    pub payload_type: String,
    /// The payload, standard base64.
    pub payload: String,
    /// Signatures over the pre-authentication encoding of type and payload.
    pub signatures: Vec<EnvelopeSignature>,
}

/// One signature of an envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvelopeSignature {
    /// Which key signed: the public key as `ed25519:` and hex, as trust policies list it.
    pub keyid: String,
    /// The ed25519 signature, standard base64.
    pub sig: String,
}

/// The DSSE v1 pre-authentication encoding:
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in ASCII decimal.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut encoded = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), payload.len()).into_bytes();
    encoded.extend_from_slice(payload);
    encoded
}

impl Envelope {
    /// `payload` of `payload_type`, signed with `key`.
    pub fn sign(payload_type: &str, payload: &[u8], key: &SecretKey) -> Self {
        let signature = key.sign_message(&pae(payload_type, payload));
        Self {
            payload_type: payload_type.to_owned(),
            payload: STANDARD.encode(payload),
            signatures: vec![EnvelopeSignature {
                keyid: key.public_key().to_string(),
                sig: STANDARD.encode(signature),
            }],
        }
    }

    /// The payload's bytes, or `None` when it is not base64.
    pub fn payload_bytes(&self) -> Option<Vec<u8>> {
        STANDARD.decode(&self.payload).ok()
    }

    /// The first signature made by a key `policy` lists that verifies over this
    /// envelope's type and payload, with the publisher's name; otherwise why none does.
    pub fn trusted_signer(&self, policy: &TrustPolicy) -> Result<(String, PublicKey), String> {
        let payload = self.payload_bytes().ok_or("the envelope's payload is not base64")?;
        let message = pae(&self.payload_type, &payload);
        let mut problems = Vec::new();
        for signature in &self.signatures {
            let listed = signature.keyid.parse::<PublicKey>().ok().and_then(|key| Some((key, policy.publisher(&key)?)));
            let Some((key, publisher)) = listed else {
                problems.push(format!("key id `{}` is not in the trust policy", shorten(&signature.keyid)));
                continue;
            };
            match STANDARD.decode(&signature.sig) {
                Ok(raw) if key.verifies(&message, &raw) => return Ok((publisher.name.clone(), key)),
                _ => problems.push(format!(
                    "the signature under key id {key} (\"{}\") does not verify over this payload: the envelope was altered or signed with another key",
                    publisher.name
                )),
            }
        }
        if problems.is_empty() {
            problems.push("the envelope has no signatures".to_owned());
        }
        Err(problems.join("; "))
    }
}

/// At most 80 characters of untrusted `text`, for messages.
fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trust::Publisher;

    #[test]
    fn pae_follows_the_dsse_specification() {
        // The worked example of the DSSE v1 protocol document.
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ");
    }

    #[test]
    fn a_signature_verifies_only_for_its_type_payload_and_a_listed_key() {
        let key = SecretKey::generate().unwrap();
        let policy = TrustPolicy {
            publishers: vec![Publisher { name: "Acme".to_owned(), key: key.public_key().to_string() }],
            ..TrustPolicy::default()
        };
        let envelope = Envelope::sign("application/vnd.in-toto+json", b"{}", &key);
        assert_eq!(envelope.trusted_signer(&policy), Ok(("Acme".to_owned(), key.public_key())));
        let retyped = Envelope { payload_type: "application/json".to_owned(), ..envelope.clone() };
        assert!(retyped.trusted_signer(&policy).unwrap_err().contains("does not verify"));
        let unlisted = envelope.trusted_signer(&TrustPolicy::default()).unwrap_err();
        assert!(unlisted.contains("not in the trust policy"), "{unlisted}");
        let unsigned = Envelope { signatures: Vec::new(), ..envelope };
        assert_eq!(unsigned.trusted_signer(&policy).unwrap_err(), "the envelope has no signatures");
    }
}
