//! The collected-evidence file (`<dossier stem>.collected.json`): every fact collected
//! for one vendor with the response it came from (URL, fetch time, HTTP status or DNS/TLS
//! outcome, SHA-256 of the body, answer or chain), and a report per source — collected,
//! failed with its reason, or skipped.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dossier::{Date, FactOrigin};

/// The version of the collected-evidence format; its field name marks riskcard's files.
pub const FORMAT: u32 = 1;

/// Everything collected for one vendor.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CollectedFile {
    /// The format version; its presence marks a file riskcard wrote.
    pub riskcard_collected: u32,
    /// The vendor id of the dossier collected for.
    pub vendor: String,
    /// The date facts were judged at (availability window, security.txt expiry).
    pub as_of: Date,
    /// SHA-256 fingerprints of the extra CA certificates trusted for this collection
    /// (`--ca-cert`, a testing and lab feature); absent when only the web roots were.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_ca_sha256: Vec<String>,
    /// Facts, sorted by path.
    pub facts: Vec<Fact>,
    /// One report per source, in a fixed order.
    pub sources: Vec<SourceReport>,
}

/// One collected fact.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fact {
    /// Where it goes in the dossier, e.g. `web_security.hsts_max_age`.
    pub path: String,
    /// Its value, as the dossier writes it.
    pub value: serde_json::Value,
    /// The response it was read from.
    pub from: FactOrigin,
}

/// The sources riskcard collects from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// Statuspage `/api/v2/summary.json` under `vendor.status_page`.
    StatusSummary,
    /// Statuspage `/api/v2/incidents.json` under `vendor.status_page`.
    StatusIncidents,
    /// `/.well-known/security.txt` at `vendor.website`.
    SecurityTxt,
    /// The security headers of `vendor.app_url`.
    SecurityHeaders,
    /// Whether plain http on `vendor.app_url`'s host redirects to https.
    HttpsRedirect,
    /// Known breaches of `vendor.website`'s domain in a public breach catalogue; only
    /// when asked for (`--breaches`).
    Breaches,
    /// The SPF record (DNS TXT) of `vendor.website`'s domain; only with `--email-security`.
    Spf,
    /// The DMARC record (DNS TXT at `_dmarc.`) of that domain; only with `--email-security`.
    Dmarc,
    /// MTA-STS of that domain: DNS TXT at `_mta-sts.` and the policy it announces; only
    /// with `--email-security`.
    MtaSts,
    /// The TLS versions and certificate of `vendor.app_url`'s host; only with `--tls`.
    Tls,
}

impl Source {
    /// Every source, in report order.
    pub const ALL: [Source; 10] = [
        Self::StatusSummary,
        Self::StatusIncidents,
        Self::SecurityTxt,
        Self::SecurityHeaders,
        Self::HttpsRedirect,
        Self::Breaches,
        Self::Spf,
        Self::Dmarc,
        Self::MtaSts,
        Self::Tls,
    ];

    /// The name people read.
    pub fn label(self) -> &'static str {
        match self {
            Self::StatusSummary => "status page summary",
            Self::StatusIncidents => "status page incidents",
            Self::SecurityTxt => "security.txt",
            Self::SecurityHeaders => "security headers",
            Self::HttpsRedirect => "http to https redirect",
            Self::Breaches => "breach catalogue",
            Self::Spf => "SPF record",
            Self::Dmarc => "DMARC record",
            Self::MtaSts => "MTA-STS",
            Self::Tls => "TLS of the login host",
        }
    }
}

/// How a source went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Facts were collected.
    Collected,
    /// Nothing was collected; see `reason`.
    Failed,
    /// Not tried: the dossier names no URL for it.
    Skipped,
}

/// What happened with one source.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceReport {
    /// Which source.
    pub source: Source,
    /// The URL requested first (for DNS the query, for TLS the endpoint).
    pub url: Option<String>,
    /// How it went.
    pub outcome: Outcome,
    /// Why it failed or was skipped.
    pub reason: Option<String>,
    /// The final response, when there was one.
    pub response: Option<FactOrigin>,
    /// URLs that redirected on the way.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub redirects: Vec<String>,
    /// Observations worth a reader's attention (malformed lines, expiry, coverage).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

impl CollectedFile {
    /// Pretty JSON with a trailing newline; byte-identical for identical collections.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).unwrap_or_default();
        bytes.push(b'\n');
        bytes
    }

    /// The reports of the sources that failed.
    pub fn failures(&self) -> impl Iterator<Item = &SourceReport> {
        self.sources.iter().filter(|report| report.outcome == Outcome::Failed)
    }
}

/// Whether `bytes` are a collected-evidence file riskcard wrote (so it may be replaced).
pub fn written_by_riskcard(bytes: &[u8]) -> bool {
    serde_json::from_slice::<serde_json::Value>(bytes)
        .is_ok_and(|value| value.get("riskcard_collected").is_some_and(serde_json::Value::is_u64))
}
