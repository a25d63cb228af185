//! The breach-catalogue source (`collect --breaches`) against a catalogue on 127.0.0.1
//! answering as Have I Been Pwned's breach list does: left out unless asked for, breaches
//! read into the incident history citing the catalogue, failures kept to this source,
//! replay byte-identical offline, and `assess` scoring the merged history.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::collect::{AS_OF, collect, fact, fixture, requests_to, source, value, vendor_server};
use crate::support::{riskcard, scorecard, write};

const CATALOGUE: &str = "/api/v3/breaches";

/// A vendor whose website has a domain name (`localhost`), as a catalogue needs.
fn dossier(dir: &Path, server: &MockServer) -> PathBuf {
    let port = server.address().port();
    write(
        dir,
        "acme.toml",
        &format!("[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\nwebsite = \"http://localhost:{port}\"\n"),
    )
}

/// A catalogue answering `body` for `?domain=localhost`.
async fn catalogue(answer: ResponseTemplate) -> MockServer {
    let server = vendor_server(Vec::new()).await;
    Mock::given(method("GET"))
        .and(path(CATALOGUE))
        .and(query_param("domain", "localhost"))
        .respond_with(answer)
        .with_priority(1)
        .mount(&server)
        .await;
    server
}

fn asked(server: &MockServer) -> Vec<String> {
    vec![
        "--allow-private".into(),
        "--breaches".into(),
        "--breach-catalogue".into(),
        format!("{}{CATALOGUE}", server.uri()),
    ]
}

fn args(owned: &[String]) -> Vec<&str> {
    owned.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn breaches_are_left_out_unless_asked_for() {
    let server = catalogue(ResponseTemplate::new(200).set_body_raw(fixture("breaches.json"), "application/json")).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server), &["--allow-private"]);
    let sources: Vec<&str> =
        file["sources"].as_array().unwrap().iter().map(|s| s["source"].as_str().unwrap()).collect();
    assert!(!sources.contains(&"breaches"), "{sources:?}");
    assert_eq!(requests_to(&server, CATALOGUE).await, 0, "the domain is never sent unasked");
}

#[tokio::test]
async fn known_breaches_become_the_incident_history_citing_the_catalogue() {
    let server = catalogue(ResponseTemplate::new(200).set_body_raw(fixture("breaches.json"), "application/json")).await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server);
    let (_, file) = collect(&dossier, &args(&asked(&server)));
    let url = format!("{}{CATALOGUE}?domain=localhost", server.uri());
    let report = source(&file, "breaches");
    assert_eq!(report["outcome"], "collected", "{report:#}");
    assert_eq!(report["url"], url);
    let from = &fact(&file, "incidents.entries").unwrap()["from"];
    let observed = &from["fetched_at"].as_str().unwrap()[..10];
    assert_eq!(
        value(&file, "incidents.entries"),
        &json!([
            { "id": "breach-acmeforum", "title": "Acme Community Forum", "kind": "data-breach", "severity": "medium",
              "detected_at": "2021-06-03T00:00:00Z", "records_exposed": 18734, "source": url, "observed": observed },
            { "id": "breach-acme", "title": "Acme CRM", "kind": "data-breach", "severity": "high",
              "detected_at": "2025-02-14T00:00:00Z", "records_exposed": 240512, "source": url, "observed": observed }
        ])
    );
    assert_eq!(from["url"], url);
    assert_eq!(from["http_status"], 200);
    assert_eq!(from["sha256"], crate::collect::sha256(&fixture("breaches.json")));

    // assess merges the history and the breach-history check scores it, citing the catalogue.
    let cards = dir.path().join("cards");
    let run = riskcard([
        "assess".as_ref(),
        dossier.as_os_str(),
        "--rubric".as_ref(),
        "rubrics/crm-baseline.toml".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--out".as_ref(),
        cards.as_os_str(),
    ]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&cards.join("acme.json"));
    let merged: Vec<&Value> = card["provenance"]["collected"]["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "incidents.entries")
        .collect();
    assert_eq!(merged.len(), 1, "{:#}", card["provenance"]["collected"]);
    assert_eq!(merged[0]["url"], url);
    let history = card["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "breach-history").unwrap();
    assert_ne!(history["status"], "insufficient-evidence", "{history:#}");
    assert!(history.to_string().contains(&url), "the findings cite the catalogue: {history:#}");
}

#[tokio::test]
async fn an_empty_answer_is_no_evidence_of_no_breach() {
    let server = catalogue(ResponseTemplate::new(200).set_body_raw("[]", "application/json")).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server), &args(&asked(&server)));
    let report = source(&file, "breaches");
    assert_eq!(report["outcome"], "collected");
    assert!(fact(&file, "incidents.entries").is_none(), "an empty catalogue answer says nothing");
    assert_eq!(
        report["notes"],
        json!([
            "the catalogue lists no breach of localhost; absence from a catalogue is no evidence that there was none"
        ])
    );
}

#[tokio::test]
async fn a_failing_catalogue_fails_its_source_alone() {
    for (answer, reason) in [
        (ResponseTemplate::new(404), "HTTP 404 Not Found"),
        (
            ResponseTemplate::new(200).set_body_raw(r#"{"statusCode":401}"#, "application/json"),
            "the catalogue's answer is not a list of breaches",
        ),
    ] {
        let server = catalogue(answer).await;
        let dir = tempfile::tempdir().unwrap();
        let (run, file) = collect(&dossier(dir.path(), &server), &args(&asked(&server)));
        let report = source(&file, "breaches");
        assert_eq!(report["outcome"], "failed");
        assert!(report["reason"].as_str().unwrap().starts_with(reason), "{report:#}");
        assert!(run.stderr.contains("breach catalogue failed"), "{}", run.stderr);
        assert_eq!(source(&file, "security-txt")["outcome"], "collected", "the other sources are unaffected");
    }
}

#[tokio::test]
async fn a_breach_replay_is_byte_identical_with_the_catalogue_gone() {
    let server = catalogue(ResponseTemplate::new(200).set_body_raw(fixture("breaches.json"), "application/json")).await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server);
    let recordings = dir.path().join("recordings");
    let mut live_args = asked(&server);
    live_args.extend(["--record".into(), recordings.display().to_string()]);
    collect(&dossier, &args(&live_args));
    let recorded = std::fs::read_to_string(dossier.with_file_name("acme.collected.json")).unwrap();
    let mut replay_args = asked(&server);
    drop(server);
    replay_args.extend(["--replay".into(), recordings.display().to_string()]);
    std::fs::remove_file(dossier.with_file_name("acme.collected.json")).unwrap();
    let (_, replayed) = collect(&dossier, &args(&replay_args));
    assert_eq!(source(&replayed, "breaches")["outcome"], "collected");
    assert_eq!(std::fs::read_to_string(dossier.with_file_name("acme.collected.json")).unwrap(), recorded);
}
