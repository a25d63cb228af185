//! Facts that `riskcard collect` fetched over HTTP and that were merged into a dossier:
//! where each one came from, so findings can cite the response rather than an analyst.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::date::Timestamp;

/// The HTTP response a collected fact was read from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactOrigin {
    /// The URL of the response (after redirects).
    pub url: String,
    /// When it was fetched.
    pub fetched_at: Timestamp,
    /// Its HTTP status code.
    pub http_status: u16,
    /// SHA-256 of its body, hex.
    pub sha256: String,
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
            http_status: 200,
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
    fn a_section_is_touched_by_facts_inside_it() {
        let facts = collected(&["extensions.statuspage.incidents", "web_security.https"]);
        assert!(facts.touches("web_security"));
        assert!(facts.touches("extensions.statuspage.incidents"));
        assert!(!facts.touches("extensions.statuspage.status"));
        assert!(!facts.touches("trust"));
        assert!(!facts.touches("web"));
    }
}
