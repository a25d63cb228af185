//! Facts that `riskcard collect` fetched (over HTTP, from DNS or from a TLS handshake)
//! and that were merged into a dossier: where each one came from, so findings can cite
//! the response rather than an analyst.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Timestamp;

/// The response a collected fact was read from: an HTTP response, a DNS answer or a
/// TLS handshake. HTTP origins serialize exactly as before DNS and TLS came along.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactOrigin {
    /// The URL of the response (after redirects), the DNS query
    /// (`dns:_dmarc.example.com?type=TXT`) or the TLS endpoint (`tls://login.example.com:443`).
    pub url: String,
    /// When it was fetched.
    pub fetched_at: Timestamp,
    /// Its HTTP status code; absent for DNS and TLS.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// For DNS the response code (`NOERROR`, `NXDOMAIN`), for TLS the highest protocol
    /// version negotiated (`TLSv1.3`); absent for HTTP.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// SHA-256 of its body (HTTP), of the recorded answer (DNS: the TXT records as a JSON
    /// list) or of the peer's certificate chain (TLS: the DER certificates, concatenated), hex.
    pub sha256: String,
}

impl FactOrigin {
    /// How the response went, in a few words: `HTTP 200`, `DNS TXT NXDOMAIN`,
    /// `TLS handshake TLSv1.3`.
    pub fn describe(&self) -> String {
        describe_origin(&self.url, self.http_status, self.outcome.as_deref())
    }
}

/// How a response at `url` went, from its HTTP status or its protocol outcome.
pub fn describe_origin(url: &str, http_status: Option<u16>, outcome: Option<&str>) -> String {
    let outcome = outcome.unwrap_or("");
    if let Some(query) = url.strip_prefix("dns:") {
        let kind = query.rsplit_once("?type=").map_or("", |(_, kind)| kind);
        return format!("DNS {kind} {outcome}");
    }
    if url.starts_with("tls://") {
        return format!("TLS handshake {outcome}");
    }
    match http_status {
        Some(status) => format!("HTTP {status}"),
        None => format!("HTTP {outcome}").trim_end().to_owned(),
    }
}

/// The collected facts merged into a dossier, and those the analyst's own facts superseded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Collected {
    /// SHA-256 of the collected-evidence file they were read from.
    pub sha256: String,
    /// Merged facts by dossier path (e.g. `web_security.hsts_max_age`), with their origin.
    pub merged: BTreeMap<String, FactOrigin>,
    /// Paths of collected facts left out because the analyst's dossier already states them.
    pub superseded: Vec<String>,
    /// Fingerprints of the extra CA certificates the collection trusted (`--ca-cert`).
    pub extra_ca_sha256: Vec<String>,
    /// Of those, the ones whose collected value differs from the dossier's: the
    /// collected value and where it came from, by path.
    pub contested: BTreeMap<String, (serde_json::Value, FactOrigin)>,
}

impl Collected {
    /// The origin of the merged fact at `path` or containing it (`trust.security_txt`
    /// contains `trust.security_txt.expires`).
    pub fn origin(&self, path: &str) -> Option<&FactOrigin> {
        self.merged.iter().find(|(fact, _)| contains(fact, path)).map(|(_, origin)| origin)
    }

    /// Whether any merged fact lies within `path` (a section such as `web_security`) or contains it.
    pub fn touches(&self, path: &str) -> bool {
        self.merged.keys().any(|fact| contains(fact, path) || contains(path, fact))
    }
}

/// Whether the dossier path `outer` is `inner` or an ancestor of it.
pub(super) fn contains(outer: &str, inner: &str) -> bool {
    inner.strip_prefix(outer).is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collected(paths: &[&str]) -> Collected {
        let origin = FactOrigin {
            url: "https://v.example/".into(),
            fetched_at: Timestamp::from_unix_seconds(0),
            http_status: Some(200),
            outcome: None,
            sha256: "0".repeat(64),
        };
        Collected {
            merged: paths.iter().map(|path| ((*path).to_owned(), origin.clone())).collect(),
            ..Collected::default()
        }
    }

    #[test]
    fn a_fact_covers_itself_and_what_lies_inside_it_only() {
        let facts = collected(&["trust.security_txt", "web_security.https"]);
        assert!(facts.origin("trust.security_txt").is_some());
        assert!(facts.origin("trust.security_txt.expires").is_some());
        assert!(facts.origin("trust").is_none());
        assert!(facts.origin("trust.security_txt_extra").is_none());
        assert!(facts.origin("web_security.hsts_max_age").is_none());
    }

    #[test]
    fn each_kind_of_origin_is_described_by_its_protocol() {
        assert_eq!(describe_origin("https://v.example/", Some(200), None), "HTTP 200");
        assert_eq!(describe_origin("dns:_dmarc.v.example?type=TXT", None, Some("NXDOMAIN")), "DNS TXT NXDOMAIN");
        assert_eq!(describe_origin("tls://login.v.example:443", None, Some("TLSv1.3")), "TLS handshake TLSv1.3");
    }

    #[test]
    fn an_http_origin_serializes_without_the_new_fields() {
        let origin = collected(&["web_security.https"]).merged["web_security.https"].clone();
        let json = serde_json::to_string(&origin).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"url":"https://v.example/","fetched_at":"1970-01-01T00:00:00Z","http_status":200,"sha256":"{}"}}"#,
                "0".repeat(64)
            )
        );
    }

    #[test]
    fn a_section_is_touched_by_facts_inside_it() {
        let facts = collected(&["extensions.statuspage.incidents", "web_security.https"]);
        assert!(facts.touches("web_security"));
        assert!(facts.touches("extensions.statuspage.incidents"));
        assert!(!facts.touches("extensions.statuspage.status"));
        assert!(!facts.touches("trust"));
        assert!(!facts.touches("web"));
    }
}
