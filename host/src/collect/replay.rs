//! Recordings: `--record DIR` keeps every exchange of a vendor's collection in
//! `DIR/<vendor-id>/recording.json`, with each body in `DIR/<vendor-id>/bodies/<sha256>`;
//! `--replay DIR` collects from them with no network, giving the same evidence byte for
//! byte, fetch times included. DNS queries and TLS handshakes are kept the same way as
//! `probes`, with the TXT records or the certificate chain as the body: a recording that
//! holds any is format 2, one of HTTP exchanges only stays format 1, and both are read.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::fetch::{Exchange, Reply};
use super::probe::{Answer, Probe};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{Date, Timestamp};
use crate::fsio::{sha256_hex, write_atomic};
use crate::inputfile::{self, InputKind};

/// The version of the recording format: 2 when it holds probes, 1 otherwise.
const FORMAT: u32 = 2;
/// The format of a recording of HTTP exchanges only, still written and read.
const FORMAT_HTTP_ONLY: u32 = 1;

/// One vendor's recorded exchanges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    /// The as-of date the collection was made for.
    pub as_of: Date,
    /// Fingerprints of the extra CA certificates the recording was made trusting.
    pub extra_ca_sha256: Vec<String>,
    exchanges: BTreeMap<String, Exchange>,
    probes: BTreeMap<String, Probe>,
}

impl Recording {
    /// The recorded exchange for `url`.
    pub fn exchange(&self, url: &str) -> Option<&Exchange> {
        self.exchanges.get(url)
    }

    /// The recorded probe (DNS query or TLS handshake) named `url`.
    pub fn probe(&self, url: &str) -> Option<&Probe> {
        self.probes.get(url)
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordingFile {
    riskcard_recording: u32,
    vendor: String,
    as_of: Date,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    extra_ca_sha256: Vec<String>,
    exchanges: Vec<RecordedExchange>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    probes: Vec<RecordedProbe>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedProbe {
    url: String,
    fetched_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    answer: Option<RecordedAnswer>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedAnswer {
    outcome: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    details: Vec<(String, String)>,
    /// SHA-256 of the body, which is stored in `bodies/<sha256>`.
    body_sha256: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedExchange {
    url: String,
    fetched_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    response: Option<RecordedResponse>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecordedResponse {
    status: u16,
    headers: Vec<(String, String)>,
    /// SHA-256 of the body, which is stored in `bodies/<sha256>`.
    body_sha256: String,
    attempts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gave_up: Option<String>,
}

/// The directory holding vendor `vendor`'s recording inside `dir`.
pub fn vendor_dir(dir: &Path, vendor: &str) -> PathBuf {
    dir.join(vendor)
}

/// Writes vendor `vendor`'s exchanges and probes into `dir`, bodies first and the index
/// last, with the fingerprints of any extra CA trusted while they were made.
pub fn write(
    dir: &Path,
    vendor: &str,
    as_of: Date,
    extra_ca_sha256: &[String],
    exchanges: &[Exchange],
    probes: &[Probe],
) -> io::Result<PathBuf> {
    let root = vendor_dir(dir, vendor);
    let bodies = root.join("bodies");
    std::fs::create_dir_all(&bodies)?;
    let mut recorded = Vec::new();
    for exchange in exchanges {
        let (error, response) = match &exchange.result {
            Err(reason) => (Some(reason.clone()), None),
            Ok(reply) => {
                let sha256 = sha256_hex(&reply.body);
                write_atomic(&bodies.join(&sha256), &reply.body)?;
                let response = RecordedResponse {
                    status: reply.status,
                    headers: reply.headers.clone(),
                    body_sha256: sha256,
                    attempts: reply.attempts,
                    gave_up: reply.gave_up.clone(),
                };
                (None, Some(response))
            }
        };
        recorded.push(RecordedExchange { url: exchange.url.clone(), fetched_at: exchange.fetched_at, error, response });
    }
    recorded.sort_by(|a, b| a.url.cmp(&b.url));
    let mut recorded_probes = Vec::new();
    for probe in probes {
        let (error, answer) = match &probe.result {
            Err(reason) => (Some(reason.clone()), None),
            Ok(answer) => {
                let sha256 = sha256_hex(&answer.body);
                write_atomic(&bodies.join(&sha256), &answer.body)?;
                let recorded = RecordedAnswer {
                    outcome: answer.outcome.clone(),
                    details: answer.details.clone(),
                    body_sha256: sha256,
                };
                (None, Some(recorded))
            }
        };
        recorded_probes.push(RecordedProbe { url: probe.url.clone(), fetched_at: probe.fetched_at, error, answer });
    }
    recorded_probes.sort_by(|a, b| a.url.cmp(&b.url));
    let file = RecordingFile {
        riskcard_recording: if recorded_probes.is_empty() { FORMAT_HTTP_ONLY } else { FORMAT },
        vendor: vendor.to_owned(),
        as_of,
        extra_ca_sha256: extra_ca_sha256.to_vec(),
        exchanges: recorded,
        probes: recorded_probes,
    };
    let mut json = serde_json::to_vec_pretty(&file).map_err(io::Error::other)?;
    json.push(b'\n');
    let index = root.join("recording.json");
    write_atomic(&index, &json)?;
    Ok(index)
}

/// Reads vendor `vendor`'s recording from `dir`, checking every body against its hash.
pub fn read(dir: &Path, vendor: &str) -> Result<Recording, Diagnostics> {
    let root = vendor_dir(dir, vendor);
    let index = root.join("recording.json");
    let text = inputfile::read(&index, InputKind::Fixture).map_err(|error| {
        Diagnostic::new(&index, format!("cannot read the recording for vendor `{vendor}`: {error}"))
            .help("record it first with `riskcard collect --record DIR`, or replay from the directory that holds it")
    })?;
    let file: RecordingFile = serde_json::from_slice(&text).map_err(|error| {
        let mut diagnostic = Diagnostic::new(&index, format!("not a riskcard recording: {error}"))
            .help("recordings are written by `riskcard collect --record DIR`");
        diagnostic.line = Some(error.line());
        diagnostic.column = Some(error.column());
        diagnostic
    })?;
    let mut problems = Vec::new();
    if !(FORMAT_HTTP_ONLY..=FORMAT).contains(&file.riskcard_recording) {
        problems.push(
            Diagnostic::new(&index, format!("recording format {} is not supported", file.riskcard_recording))
                .key("riskcard_recording")
                .help(format!("this riskcard reads formats {FORMAT_HTTP_ONLY} and {FORMAT}; record again")),
        );
    } else if file.riskcard_recording == FORMAT_HTTP_ONLY && !file.probes.is_empty() {
        problems.push(
            Diagnostic::new(&index, format!("a format {FORMAT_HTTP_ONLY} recording holds no probes"))
                .key("riskcard_recording")
                .help(format!("DNS and TLS probes came with format {FORMAT}; record again")),
        );
    }
    if file.vendor != vendor {
        problems.push(
            Diagnostic::new(&index, format!("this recording is for vendor `{}`, not `{vendor}`", file.vendor))
                .key("vendor")
                .help("keep each vendor's recording in a directory named after its id"),
        );
    }
    let mut exchanges = BTreeMap::new();
    for (index_in_file, recorded) in file.exchanges.into_iter().enumerate() {
        let key = format!("exchanges[{index_in_file}]");
        let result = match (recorded.error, recorded.response) {
            (Some(reason), None) => Err(reason),
            (None, Some(response)) => {
                let Some(body) = read_body(&root, &response.body_sha256, &key, &mut problems) else { continue };
                Ok(Reply {
                    status: response.status,
                    // Header names are case-insensitive; riskcard matches them in lowercase.
                    headers: response
                        .headers
                        .into_iter()
                        .map(|(name, value)| (name.to_ascii_lowercase(), value))
                        .collect(),
                    body,
                    attempts: response.attempts,
                    gave_up: response.gave_up,
                })
            }
            _ => {
                problems.push(
                    Diagnostic::new(&index, "an exchange needs exactly one of `error` and `response`")
                        .key(key)
                        .help("recordings are written by `riskcard collect --record DIR`"),
                );
                continue;
            }
        };
        exchanges.insert(recorded.url.clone(), Exchange { url: recorded.url, fetched_at: recorded.fetched_at, result });
    }
    let mut probes = BTreeMap::new();
    for (index_in_file, recorded) in file.probes.into_iter().enumerate() {
        let key = format!("probes[{index_in_file}]");
        let result = match (recorded.error, recorded.answer) {
            (Some(reason), None) => Err(reason),
            (None, Some(answer)) => {
                let Some(body) = read_body(&root, &answer.body_sha256, &key, &mut problems) else { continue };
                Ok(Answer { outcome: answer.outcome, details: answer.details, body })
            }
            _ => {
                problems.push(
                    Diagnostic::new(&index, "a probe needs exactly one of `error` and `answer`")
                        .key(key)
                        .help("recordings are written by `riskcard collect --record DIR`"),
                );
                continue;
            }
        };
        probes.insert(recorded.url.clone(), Probe { url: recorded.url, fetched_at: recorded.fetched_at, result });
    }
    if problems.is_empty() {
        Ok(Recording { as_of: file.as_of, extra_ca_sha256: file.extra_ca_sha256, exchanges, probes })
    } else {
        Err(Diagnostics(problems))
    }
}

/// The recorded body `sha256` of the entry at `key`, checked against its hash; a problem
/// is added when it is missing or changed.
fn read_body(root: &Path, sha256: &str, key: &str, problems: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    let path = root.join("bodies").join(sha256);
    match inputfile::read(&path, InputKind::Fixture) {
        Ok(body) if sha256_hex(&body) == sha256 => Some(body),
        Ok(_) => {
            problems.push(
                Diagnostic::new(&path, "the body does not match its SHA-256")
                    .key(key)
                    .help("the recording was changed after it was made; record again"),
            );
            None
        }
        Err(error) => {
            problems.push(
                Diagnostic::new(&path, format!("cannot read the recorded body: {error}"))
                    .key(key)
                    .help("keep the bodies/ directory beside recording.json"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(url: &str, result: Result<Reply, String>) -> Exchange {
        Exchange { url: url.into(), fetched_at: Timestamp::parse("2026-11-02T10:00:00Z").unwrap(), result }
    }

    fn reply(body: &str) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.as_bytes().to_vec(),
            attempts: 2,
            gave_up: None,
        }
    }

    #[test]
    fn what_is_written_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = Date::parse("2026-11-30").unwrap();
        let exchanges = vec![
            exchange("https://b.example/", Err("timed out after 10 s".into())),
            exchange("https://a.example/", Ok(reply("hello"))),
        ];
        write(dir.path(), "acme", as_of, &[], &exchanges, &[]).unwrap();
        let recording = read(dir.path(), "acme").unwrap();
        assert_eq!(recording.as_of, as_of);
        assert_eq!(recording.exchange("https://a.example/"), Some(&exchanges[1]));
        assert_eq!(recording.exchange("https://b.example/"), Some(&exchanges[0]));
        assert_eq!(recording.exchange("https://c.example/"), None);
    }

    #[test]
    fn a_changed_body_and_a_wrong_vendor_are_reported_together() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = Date::parse("2026-11-30").unwrap();
        write(dir.path(), "acme", as_of, &[], &[exchange("https://a.example/", Ok(reply("hello")))], &[]).unwrap();
        std::fs::write(dir.path().join("acme/bodies").join(sha256_hex(b"hello")), "HELLO").unwrap();
        std::fs::rename(dir.path().join("acme"), dir.path().join("other")).unwrap();
        let problems = read(dir.path(), "other").unwrap_err().0;
        let messages: Vec<&str> = problems.iter().map(|p| p.message.as_str()).collect();
        assert_eq!(
            messages,
            ["this recording is for vendor `acme`, not `other`", "the body does not match its SHA-256"]
        );
    }

    #[test]
    fn header_names_in_a_recording_are_read_in_any_case() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = Date::parse("2026-11-30").unwrap();
        let mut mixed = reply("<!doctype html>");
        mixed.headers = vec![("Content-Security-Policy".into(), "default-src 'self'".into())];
        write(dir.path(), "acme", as_of, &[], &[exchange("https://a.example/", Ok(mixed))], &[]).unwrap();
        let recording = read(dir.path(), "acme").unwrap();
        let Ok(read_back) = &recording.exchange("https://a.example/").unwrap().result else { panic!("a response") };
        assert_eq!(read_back.header("content-security-policy"), Some("default-src 'self'"));
    }

    #[test]
    fn probes_make_a_format_2_recording_that_reads_back_the_same() {
        let dir = tempfile::tempdir().unwrap();
        let as_of = Date::parse("2026-11-30").unwrap();
        let at = Timestamp::parse("2026-11-02T10:00:00Z").unwrap();
        let probes = vec![
            Probe {
                url: "dns:_dmarc.a.example?type=TXT".into(),
                fetched_at: at,
                result: Ok(Answer {
                    outcome: "NOERROR".into(),
                    details: Vec::new(),
                    body: br#"["v=DMARC1; p=reject"]"#.to_vec(),
                }),
            },
            Probe { url: "tls://a.example:443".into(), fetched_at: at, result: Err("timed out after 5 s".into()) },
        ];
        let index = write(dir.path(), "acme", as_of, &[], &[], &probes).unwrap();
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(index).unwrap()).unwrap();
        assert_eq!(json["riskcard_recording"], 2);
        let recording = read(dir.path(), "acme").unwrap();
        assert_eq!(recording.probe("dns:_dmarc.a.example?type=TXT"), Some(&probes[0]));
        assert_eq!(recording.probe("tls://a.example:443"), Some(&probes[1]));
        let http_only = write(dir.path(), "other", as_of, &[], &[exchange("https://a.example/", Ok(reply("x")))], &[]);
        let json: serde_json::Value = serde_json::from_slice(&std::fs::read(http_only.unwrap()).unwrap()).unwrap();
        assert_eq!(json["riskcard_recording"], 1);
    }

    #[test]
    fn a_probe_with_neither_answer_nor_error_is_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("acme")).unwrap();
        std::fs::write(
            dir.path().join("acme/recording.json"),
            r#"{"riskcard_recording": 2, "vendor": "acme", "as_of": "2026-11-30", "exchanges": [],
                "probes": [{"url": "tls://a.example:443", "fetched_at": "2026-11-02T10:00:00Z"}]}"#,
        )
        .unwrap();
        let problems = read(dir.path(), "acme").unwrap_err().0;
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "a probe needs exactly one of `error` and `answer`");
        assert_eq!(problems[0].key.as_deref(), Some("probes[0]"));
    }

    #[test]
    fn a_missing_recording_says_how_to_make_one() {
        let dir = tempfile::tempdir().unwrap();
        let problem = &read(dir.path(), "acme").unwrap_err().0[0];
        assert!(problem.message.starts_with("cannot read the recording for vendor `acme`"), "{problem}");
        assert!(problem.help.as_deref().unwrap().contains("--record"));
    }
}
