//! Probes: the non-HTTP counterpart of an HTTP exchange — a DNS lookup or a TLS
//! handshake — with what it answered, kept, recorded and replayed like a response.

use crate::dossier::{FactOrigin, Timestamp};
use crate::fsio::sha256_hex;

/// One DNS query or TLS handshake and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probe {
    /// What was asked: `dns:<name>?type=TXT` or `tls://<host>:<port>`.
    pub url: String,
    /// When it was made.
    pub fetched_at: Timestamp,
    /// The answer, or why there is none (a timeout, a refused connection, a failed handshake).
    pub result: Result<Answer, String>,
}

/// What a probe answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The DNS response code (`NOERROR`, `NXDOMAIN`) or the highest TLS version negotiated.
    pub outcome: String,
    /// Further findings by name, in a fixed order (for TLS: each version tried, the chain).
    pub details: Vec<(String, String)>,
    /// The evidence itself: the TXT records as a JSON list of strings, or the peer's
    /// certificate chain as concatenated DER.
    pub body: Vec<u8>,
}

impl Answer {
    /// The detail named `name`.
    pub fn detail(&self, name: &str) -> Option<&str> {
        self.details.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

impl Probe {
    /// The provenance of facts read from this probe's answer.
    pub fn origin(&self, answer: &Answer) -> FactOrigin {
        FactOrigin {
            url: self.url.clone(),
            fetched_at: self.fetched_at,
            http_status: None,
            outcome: Some(answer.outcome.clone()),
            sha256: sha256_hex(&answer.body),
        }
    }
}
