//! The e-mail security sources (`collect --email-security`) against a DNS server on
//! 127.0.0.1 (`--dns-server`): SPF, DMARC and MTA-STS read from TXT records, each fact
//! citing its query (`dns:…?type=TXT`, the response code, the answer's SHA-256); a name
//! with no record (NXDOMAIN) as evidence of none; a malformed DMARC record giving no
//! policy and a note; a server that never answers failing these sources alone; and a
//! replay byte-identical with the server gone.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use hickory_proto::op::{Message, ResponseCode};
use hickory_proto::rr::rdata::TXT;
use hickory_proto::rr::{RData, Record};
use serde_json::{Value, json};
use tokio::net::UdpSocket;

use crate::collect::{AS_OF, collect, fact, html_cites, sha256, source, value};
use crate::support::{assess_baseline, scorecard, write};
use crate::tls_front::Background;

const SPF: &str = "extensions.riskcard.email-security.spf";
const DMARC: &str = "extensions.riskcard.email-security.dmarc";
const MTA_STS: &str = "extensions.riskcard.email-security.mta-sts";

/// A DNS server on 127.0.0.1 answering TXT queries from a zone (names not in it are
/// NXDOMAIN), or never answering at all; stopped when dropped.
struct DnsServer {
    address: SocketAddr,
    _background: Background,
}

impl DnsServer {
    /// Answers from `zone` (name without the final dot → TXT records); `silent` never answers.
    fn start(zone: &[(&str, &[&str])], silent: bool) -> Self {
        let zone: BTreeMap<String, Vec<String>> = zone
            .iter()
            .map(|(name, records)| (format!("{name}."), records.iter().map(|r| (*r).to_owned()).collect()))
            .collect();
        let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        socket.set_nonblocking(true).expect("non-blocking socket");
        let address = socket.local_addr().expect("bound address");
        let background = Background::spawn(move || async move {
            let socket = UdpSocket::from_std(socket).expect("tokio socket");
            let mut buffer = [0u8; 4096];
            while let Ok((length, peer)) = socket.recv_from(&mut buffer).await {
                if silent {
                    continue;
                }
                let Ok(query) = Message::from_vec(&buffer[..length]) else { continue };
                if let Ok(bytes) = answer(&zone, &query).to_vec() {
                    let _ = socket.send_to(&bytes, peer).await;
                }
            }
        });
        Self { address, _background: background }
    }
}

/// The answer to `query` from `zone`.
fn answer(zone: &BTreeMap<String, Vec<String>>, query: &Message) -> Message {
    let mut reply = Message::response(query.metadata.id, query.metadata.op_code);
    reply.metadata.recursion_desired = query.metadata.recursion_desired;
    reply.metadata.recursion_available = true;
    reply.metadata.authoritative = true;
    reply.queries = query.queries.clone();
    let Some(question) = query.queries.first() else { return reply };
    match zone.get(&question.name().to_string().to_ascii_lowercase()) {
        Some(records) => {
            for record in records {
                let txt = RData::TXT(TXT::new(vec![record.clone()]));
                reply.answers.push(Record::from_rdata(question.name().clone(), 60, txt));
            }
        }
        None => reply.metadata.response_code = ResponseCode::NXDomain,
    }
    reply
}

/// A vendor sending mail from `acme.test` and naming no web address, so nothing but DNS is asked.
fn dossier(dir: &Path) -> PathBuf {
    write(dir, "acme.toml", "[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\nemail_domain = \"acme.test\"\n")
}

fn asked(server: &DnsServer) -> Vec<String> {
    vec!["--email-security".into(), "--dns-server".into(), server.address.to_string()]
}

fn args(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

#[test]
fn spf_dmarc_and_mta_sts_are_read_from_dns_citing_each_query() {
    let server = DnsServer::start(
        &[
            ("acme.test", &["v=spf1 include:_spf.acme.test -all", "site-verification=abc"]),
            ("_dmarc.acme.test", &["v=DMARC1; p=quarantine; pct=50; rua=mailto:dmarc@acme.test"]),
        ],
        false,
    );
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path());
    let (_, file) = collect(&dossier, &args(&asked(&server)));
    for name in ["spf", "dmarc", "mta-sts"] {
        assert_eq!(source(&file, name)["outcome"], "collected", "{:#}", source(&file, name));
    }
    assert_eq!(value(&file, SPF), &json!({ "present": true, "policy": "-all" }));
    assert_eq!(value(&file, DMARC), &json!({ "present": true, "policy": "quarantine", "pct": 50 }));
    assert_eq!(value(&file, MTA_STS), &json!({ "mode": "none", "announced": false }));
    let spf = &fact(&file, SPF).unwrap()["from"];
    assert_eq!(spf["url"], "dns:acme.test?type=TXT");
    assert_eq!(spf["outcome"], "NOERROR");
    assert!(spf.get("http_status").is_none(), "a DNS answer has no HTTP status: {spf:#}");
    assert_eq!(spf["sha256"], sha256(br#"["site-verification=abc","v=spf1 include:_spf.acme.test -all"]"#));
    let mta_sts = &fact(&file, MTA_STS).unwrap()["from"];
    assert_eq!((&mta_sts["url"], &mta_sts["outcome"]), (&json!("dns:_mta-sts.acme.test?type=TXT"), &json!("NXDOMAIN")));

    // assess merges the facts, and the scorecard cites the queries.
    let cards = dir.path().join("cards");
    let run = assess_baseline(&dossier, &cards, &[]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&cards.join("acme.json"));
    let merged: Vec<&str> = card["provenance"]["collected"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(merged, [DMARC, MTA_STS, SPF]);
    assert!(html_cites(&cards, SPF, "dns:acme.test?type=TXT · DNS TXT NOERROR"), "the HTML names the query");
}

#[test]
fn a_domain_without_records_is_evidence_of_none() {
    let server = DnsServer::start(&[], false);
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path()), &args(&asked(&server)));
    assert_eq!(value(&file, SPF), &json!({ "present": false }));
    assert_eq!(value(&file, DMARC), &json!({ "present": false }));
    assert_eq!(fact(&file, DMARC).unwrap()["from"]["outcome"], "NXDOMAIN");
    assert_eq!(source(&file, "spf")["notes"], json!(["the domain publishes no SPF record"]));
}

#[test]
fn a_malformed_dmarc_record_gives_no_policy_and_says_why() {
    let server =
        DnsServer::start(&[("acme.test", &["v=spf1 ~all"]), ("_dmarc.acme.test", &["v=DMARC1; p=bogus"])], false);
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path()), &args(&asked(&server)));
    let report = source(&file, "dmarc");
    assert_eq!(report["outcome"], "collected", "the answer was read: {report:#}");
    assert!(fact(&file, DMARC).is_none(), "no policy is taken from a malformed record");
    assert_eq!(report["notes"], json!(["no DMARC policy is taken: `p=bogus` is not none, quarantine or reject"]));
    assert_eq!(value(&file, SPF)["policy"], "~all", "the other sources are unaffected");
}

#[test]
fn a_dns_server_that_never_answers_fails_these_sources_alone() {
    let server = DnsServer::start(&[], true);
    let dir = tempfile::tempdir().unwrap();
    let mut asked = asked(&server);
    asked.extend(["--timeout".into(), "1".into()]);
    let (run, file) = collect(&dossier(dir.path()), &args(&asked));
    for name in ["spf", "dmarc", "mta-sts"] {
        let report = source(&file, name);
        assert_eq!(report["outcome"], "failed", "{report:#}");
        assert!(report["reason"].as_str().unwrap().contains("timed out, retried once"), "{report:#}");
    }
    assert!(file["facts"].as_array().unwrap().is_empty());
    assert!(run.stderr.contains("DMARC record failed"), "{}", run.stderr);
    assert_eq!(source(&file, "security-txt")["outcome"], "skipped", "no website, so no HTTP source is tried");
}

#[test]
fn a_dns_replay_is_byte_identical_with_the_server_gone() {
    let server = DnsServer::start(&[("_dmarc.acme.test", &["v=DMARC1; p=reject"])], false);
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path());
    let recordings = dir.path().join("recordings");
    let mut live = asked(&server);
    live.extend(["--record".into(), recordings.display().to_string()]);
    collect(&dossier, &args(&live));
    drop(server);
    let collected = dossier.with_file_name("acme.collected.json");
    let recorded = std::fs::read_to_string(&collected).unwrap();
    std::fs::remove_file(&collected).unwrap();
    let (_, replayed) = collect(&dossier, &["--email-security", "--replay", recordings.to_str().unwrap()]);
    assert_eq!(value(&replayed, DMARC)["policy"], "reject");
    assert_eq!(std::fs::read_to_string(&collected).unwrap(), recorded);
    let recording: Value =
        serde_json::from_slice(&std::fs::read(recordings.join("acme/recording.json")).unwrap()).unwrap();
    let urls: Vec<&str> = recording["probes"].as_array().unwrap().iter().map(|p| p["url"].as_str().unwrap()).collect();
    assert_eq!(urls, ["dns:_dmarc.acme.test?type=TXT", "dns:_mta-sts.acme.test?type=TXT", "dns:acme.test?type=TXT"]);
}

#[test]
fn an_announced_mta_sts_policy_is_read_from_https_and_cites_that_response() {
    // The policy host (mta-sts.acme.test) is not on loopback, so this runs from a
    // recording: the DNS answers as probes, the policy as an HTTP exchange.
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path());
    let recordings = dir.path().join("recordings");
    let bodies = recordings.join("acme/bodies");
    std::fs::create_dir_all(&bodies).unwrap();
    let body = |bytes: &[u8]| {
        let hash = sha256(bytes);
        std::fs::write(bodies.join(&hash), bytes).unwrap();
        hash
    };
    let none = body(b"[]");
    let announced = body(br#"["v=STSv1; id=20261101"]"#);
    let policy_text = b"version: STSv1\nmode: enforce\nmx: mail.acme.test\nmax_age: 86400\n";
    let policy = body(policy_text);
    let at = "2026-11-30T09:00:00Z";
    let probe = |name: &str, code: &str, hash: &str| json!({ "url": format!("dns:{name}?type=TXT"), "fetched_at": at, "answer": { "outcome": code, "body_sha256": hash } });
    let url = "https://mta-sts.acme.test/.well-known/mta-sts.txt";
    let recording = json!({
        "riskcard_recording": 2, "vendor": "acme", "as_of": AS_OF,
        "exchanges": [{ "url": url, "fetched_at": at,
            "response": { "status": 200, "headers": [["content-type", "text/plain"]], "body_sha256": policy, "attempts": 1 } }],
        "probes": [probe("_dmarc.acme.test", "NXDOMAIN", &none), probe("_mta-sts.acme.test", "NOERROR", &announced),
                   probe("acme.test", "NXDOMAIN", &none)]
    });
    write(&recordings.join("acme"), "recording.json", &recording.to_string());
    let (_, file) = collect(&dossier, &["--email-security", "--replay", recordings.to_str().unwrap()]);
    let report = source(&file, "mta-sts");
    assert_eq!(report["outcome"], "collected", "{report:#}");
    assert_eq!(
        value(&file, MTA_STS),
        &json!({ "mode": "enforce", "announced": true, "max_age": 86400, "mx": ["mail.acme.test"] })
    );
    let from = &fact(&file, MTA_STS).unwrap()["from"];
    assert_eq!((&from["url"], &from["http_status"]), (&json!(url), &json!(200)));
    assert_eq!(from["sha256"], sha256(policy_text));
    assert_eq!(report["url"], "dns:_mta-sts.acme.test?type=TXT", "the report starts from the announcement");
}
