//! The TLS source (`collect --tls`) against TLS servers on 127.0.0.1 with certificates
//! generated for the test: the versions offered and the certificate's issuer and expiry
//! read, each citing the handshake (`tls://…`, the negotiated version, the chain's
//! SHA-256); an expired or self-signed certificate recorded as a finding; a failed
//! handshake, a refused connection and a non-public address failing this source alone;
//! and a replay byte-identical with the servers gone.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{CertificateParams, KeyPair};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt as _;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::version::{TLS12, TLS13};
use tokio_rustls::rustls::{ServerConfig, SupportedProtocolVersion, crypto::ring::default_provider};

use crate::collect::{AS_OF, collect, fact, html_cites, sha256, source, value};
use crate::support::{assess_baseline, riskcard, scorecard, write};
use crate::tls_front::{Background, test_ca};

const TLS_FACT: &str = "extensions.riskcard.tls";

/// What a test server does with a connection.
enum Behaviour {
    /// Shakes hands with this chain and key at these versions, then closes.
    Tls(Vec<CertificateDer<'static>>, Box<KeyPair>, Vec<&'static SupportedProtocolVersion>),
    /// Answers garbage and closes: no handshake.
    Garbage,
    /// Accepts and never says a word.
    Silent,
}

/// A server on 127.0.0.1 behaving as told, stopped when dropped.
struct Server {
    address: SocketAddr,
    _background: Background,
}

impl Server {
    fn start(behaviour: Behaviour) -> Self {
        let acceptor = match &behaviour {
            Behaviour::Tls(chain, key, versions) => {
                let config = ServerConfig::builder_with_provider(Arc::new(default_provider()))
                    .with_protocol_versions(versions)
                    .expect("TLS versions")
                    .with_no_client_auth()
                    .with_single_cert(
                        chain.clone(),
                        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der())),
                    )
                    .expect("TLS server configuration");
                Some(TlsAcceptor::from(Arc::new(config)))
            }
            Behaviour::Garbage | Behaviour::Silent => None,
        };
        let silent = matches!(behaviour, Behaviour::Silent);
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        listener.set_nonblocking(true).expect("non-blocking listener");
        let address = listener.local_addr().expect("bound address");
        let background = Background::spawn(move || async move {
            let listener = TcpListener::from_std(listener).expect("tokio listener");
            while let Ok((mut client, _)) = listener.accept().await {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor {
                        Some(acceptor) => {
                            if let Ok(mut tls) = acceptor.accept(client).await {
                                let _ = tls.shutdown().await;
                            }
                        }
                        None if silent => std::future::pending::<()>().await,
                        None => {
                            let _ = client.write_all(b"SSH-2.0-not-tls\r\n").await;
                        }
                    }
                });
            }
        });
        Self { address, _background: background }
    }
}

/// A certificate for 127.0.0.1 issued by a fresh test CA (written to `dir/ca.pem`), valid
/// until `not_after`; its chain (the leaf alone) and key.
fn issued(dir: &Path, not_after: (i32, u8, u8)) -> (Vec<CertificateDer<'static>>, KeyPair, PathBuf) {
    let ca = test_ca();
    let key = KeyPair::generate().unwrap();
    let mut params = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap();
    params.not_before = rcgen::date_time_ymd(2024, 1, 1);
    params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
    let certificate = params.signed_by(&key, &ca).unwrap();
    let ca_pem = write(dir, "ca.pem", &ca.pem());
    (vec![certificate.der().clone()], key, ca_pem)
}

/// A dossier whose login page is on `address`.
fn dossier(dir: &Path, address: SocketAddr) -> PathBuf {
    write(
        dir,
        "acme.toml",
        &format!("[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\napp_url = \"https://{address}/login\"\n"),
    )
}

fn tls_args(ca: &Path) -> Vec<String> {
    vec!["--tls".into(), "--allow-private".into(), "--ca-cert".into(), ca.display().to_string()]
}

fn args(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

#[test]
fn a_valid_chain_gives_versions_issuer_and_expiry_citing_the_handshake() {
    let dir = tempfile::tempdir().unwrap();
    let (chain, key, ca) = issued(dir.path(), (2027, 1, 29));
    let leaf = chain[0].to_vec();
    let server = Server::start(Behaviour::Tls(chain, Box::new(key), vec![&TLS13, &TLS12]));
    let dossier = dossier(dir.path(), server.address);
    let (_, file) = collect(&dossier, &args(&tls_args(&ca)));
    let report = source(&file, "tls");
    assert_eq!(report["outcome"], "collected", "{report:#}");
    let url = format!("tls://{}", server.address);
    assert_eq!(report["url"], url);
    let tls = value(&file, TLS_FACT);
    assert_eq!(tls["versions_offered"], json!(["TLSv1.3", "TLSv1.2"]));
    assert_eq!(tls["issuer"], "CN=riskcard e2e test CA");
    assert_eq!(tls["not_after"], "2027-01-29T00:00:00Z");
    assert_eq!(tls["days_to_expiry"], 60, "counted from the as-of date {AS_OF}");
    assert_eq!((&tls["self_signed"], &tls["chain_valid"]), (&json!(false), &json!(true)), "{tls:#}");
    let from = &fact(&file, TLS_FACT).unwrap()["from"];
    assert_eq!(from["url"], url);
    assert_eq!(from["outcome"], "TLSv1.3");
    assert!(from.get("http_status").is_none(), "a handshake has no HTTP status: {from:#}");
    assert_eq!(from["sha256"], sha256(&leaf), "the SHA-256 of the chain the server sent");

    // assess merges the fact and the scorecard cites the handshake.
    let cards = dir.path().join("cards");
    let run = assess_baseline(&dossier, &cards, &[]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&cards.join("acme.json"));
    let merged: Vec<&Value> =
        card["provenance"]["collected"]["facts"].as_array().unwrap().iter().filter(|f| f["path"] == TLS_FACT).collect();
    assert_eq!(merged.len(), 1, "{:#}", card["provenance"]["collected"]);
    assert_eq!((&merged[0]["url"], &merged[0]["outcome"]), (&json!(url), &json!("TLSv1.3")));
    assert!(html_cites(&cards, TLS_FACT, &format!("{url} · TLS handshake TLSv1.3")), "the HTML names the handshake");
}

#[test]
fn an_expired_certificate_is_a_finding_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let (chain, key, ca) = issued(dir.path(), (2025, 6, 30));
    let server = Server::start(Behaviour::Tls(chain, Box::new(key), vec![&TLS13, &TLS12]));
    let (_, file) = collect(&dossier(dir.path(), server.address), &args(&tls_args(&ca)));
    assert_eq!(source(&file, "tls")["outcome"], "collected");
    let tls = value(&file, TLS_FACT);
    assert_eq!(tls["chain_valid"], false);
    assert!(tls["chain_problem"].as_str().unwrap().to_lowercase().contains("expired"), "{tls:#}");
    assert!(tls["days_to_expiry"].as_i64().unwrap() < 0, "{tls:#}");
    let notes = source(&file, "tls")["notes"].to_string();
    assert!(notes.contains("the certificate expired on 2025-06-30"), "{notes}");
}

#[test]
fn a_self_signed_certificate_is_recorded_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let key = KeyPair::generate().unwrap();
    let certificate = CertificateParams::new(vec!["127.0.0.1".to_owned()]).unwrap().self_signed(&key).unwrap();
    let server = Server::start(Behaviour::Tls(vec![certificate.der().clone()], Box::new(key), vec![&TLS13, &TLS12]));
    let (_, file) = collect(&dossier(dir.path(), server.address), &["--tls", "--allow-private"]);
    let tls = value(&file, TLS_FACT);
    assert_eq!((&tls["self_signed"], &tls["chain_valid"]), (&json!(true), &json!(false)), "{tls:#}");
    assert!(source(&file, "tls")["notes"].to_string().contains("self-signed"));
}

#[test]
fn a_server_without_tls_1_3_offers_only_tls_1_2() {
    let dir = tempfile::tempdir().unwrap();
    let (chain, key, ca) = issued(dir.path(), (2027, 1, 29));
    let server = Server::start(Behaviour::Tls(chain, Box::new(key), vec![&TLS12]));
    let (_, file) = collect(&dossier(dir.path(), server.address), &args(&tls_args(&ca)));
    assert_eq!(value(&file, TLS_FACT)["versions_offered"], json!(["TLSv1.2"]));
    assert_eq!(fact(&file, TLS_FACT).unwrap()["from"]["outcome"], "TLSv1.2");
    assert!(source(&file, "tls")["notes"].to_string().contains("does not offer TLS 1.3"));
}

#[test]
fn no_handshake_a_timeout_a_refused_connection_or_a_private_address_fail_this_source_alone() {
    let dir = tempfile::tempdir().unwrap();
    let garbage = Server::start(Behaviour::Garbage);
    let (run, file) = collect(&dossier(dir.path(), garbage.address), &["--tls", "--allow-private"]);
    let report = source(&file, "tls");
    assert_eq!(report["outcome"], "failed");
    assert!(report["reason"].as_str().unwrap().starts_with("no TLS handshake with 127.0.0.1:"), "{report:#}");
    assert!(file["facts"].as_array().unwrap().is_empty());
    assert!(run.stderr.contains("TLS of the login host failed"), "{}", run.stderr);

    let silent = Server::start(Behaviour::Silent);
    let (_, file) = collect(&dossier(dir.path(), silent.address), &["--tls", "--allow-private", "--timeout", "1"]);
    let reason = source(&file, "tls")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("TLSv1.3: timed out after 1 s; TLSv1.2: timed out after 1 s"), "{reason}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let (_, file) = collect(&dossier(dir.path(), closed), &["--tls", "--allow-private"]);
    let reason = source(&file, "tls")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("cannot connect"), "{reason}");

    let (chain, key, ca) = issued(dir.path(), (2027, 1, 29));
    let server = Server::start(Behaviour::Tls(chain, Box::new(key), vec![&TLS13]));
    let (_, file) = collect(&dossier(dir.path(), server.address), &["--tls", "--ca-cert", ca.to_str().unwrap()]);
    let reason = source(&file, "tls")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("--allow-private"), "loopback is refused unless allowed: {reason}");
}

#[test]
fn a_tls_replay_is_byte_identical_with_the_server_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (chain, key, ca) = issued(dir.path(), (2027, 1, 29));
    let server = Server::start(Behaviour::Tls(chain, Box::new(key), vec![&TLS13, &TLS12]));
    let dossier = dossier(dir.path(), server.address);
    let recordings = dir.path().join("recordings");
    let mut live = tls_args(&ca);
    live.extend(["--record".into(), recordings.display().to_string()]);
    collect(&dossier, &args(&live));
    drop(server);
    let collected = dossier.with_file_name("acme.collected.json");
    let recorded = std::fs::read_to_string(&collected).unwrap();
    std::fs::remove_file(&collected).unwrap();
    let (_, replayed) = collect(&dossier, &["--tls", "--allow-private", "--replay", recordings.to_str().unwrap()]);
    assert_eq!(source(&replayed, "tls")["outcome"], "collected");
    assert_eq!(std::fs::read_to_string(&collected).unwrap(), recorded);

    // A recorded chain that was changed afterwards is refused, naming the file and place.
    let replay = || {
        riskcard([
            "collect".as_ref(),
            dossier.as_os_str(),
            "--tls".as_ref(),
            "--replay".as_ref(),
            recordings.as_os_str(),
        ])
    };
    let index = recordings.join("acme/recording.json");
    let mut recording: Value = serde_json::from_slice(&std::fs::read(&index).unwrap()).unwrap();
    assert_eq!(recording["riskcard_recording"], 2);
    let body = recording["probes"][0]["answer"]["body_sha256"].as_str().unwrap().to_owned();
    std::fs::write(recordings.join("acme/bodies").join(&body), b"tampered").unwrap();
    let run = replay();
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains(&body) && run.stderr.contains("does not match its SHA-256"), "{}", run.stderr);
    assert!(run.stderr.contains("probes[0]"), "{}", run.stderr);
    recording["probes"][0]["answer"] = Value::Null;
    std::fs::write(&index, serde_json::to_vec(&recording).unwrap()).unwrap();
    let run = replay();
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr.contains("recording.json") && run.stderr.contains("a probe needs exactly one of"),
        "{}",
        run.stderr
    );
}
