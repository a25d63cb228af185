//! Collection faithful to real-world shapes (issue #18), end to end against servers on
//! 127.0.0.1: a security.txt with a BOM, CRLF, repeated and rarer fields and odd values;
//! header names in any case in a recording; a login page reached through plain http;
//! a CSP judged on what it restricts; and a busy status page whose 50 incidents cover
//! three weeks.

use serde_json::{Value, json};
use wiremock::ResponseTemplate;

use crate::collect::{
    collect, dossier, fact, fixture, login_page, on, others_collected, requests_to, source, value, vendor_server,
};
use crate::tls_front::TlsFront;

#[tokio::test]
async fn a_real_world_shaped_security_txt_keeps_every_field_and_notes_the_odd_ones() {
    let server = vendor_server(vec![on(
        "/.well-known/security.txt",
        ResponseTemplate::new(200).set_body_raw(fixture("security-real-world.txt"), "text/plain; charset=utf-8"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    others_collected(&file, &[]);
    let txt = value(&file, "trust.security_txt");
    assert_eq!(txt["contacts"], json!(["security@acme.example", "+1 555 0100"]), "the BOM hides no field");
    assert_eq!(txt["expires"], "2027-05-11");
    assert_eq!(txt["malformed_lines"], 0);
    assert_eq!(
        value(&file, "extensions.security_txt.fields"),
        &json!({
            "acknowledgments": ["https://acme.example/hall-of-fame"],
            "csaf": ["https://acme.example/.well-known/csaf/provider-metadata.json"],
            "encryption": [
                "https://acme.example/pgp.asc",
                "https://keybase.io/acme/pgp_keys.asc",
                "openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f"
            ],
            "hiring": ["https://acme.example/careers"],
            "policy": ["https://acme.example/policy", "https://hackerone.com/acme"],
            "preferred_languages": ["en", "fr"]
        })
    );
    let notes: Vec<&str> =
        source(&file, "security-txt")["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    for expected in [
        "line 1: Contact `security@acme.example` is not a URI",
        "line 2: Contact `+1 555 0100` is not a URI",
        "line 3: Expires `2027-05-11 18:45:44+00:00` separates date and time with a space",
        "line 10: `Acknowledgements` is read as RFC 9116's `Acknowledgments`",
    ] {
        assert!(notes.iter().any(|n| n.starts_with(expected)), "`{expected}` in {notes:#?}");
    }
}

#[tokio::test]
async fn header_names_in_any_case_in_a_recording_give_the_same_facts() {
    let server = vendor_server(Vec::new()).await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server.uri());
    let recordings = dir.path().join("recordings");
    let (_, live) = collect(&dossier, &["--allow-private", "--record", recordings.to_str().unwrap()]);
    assert_eq!(value(&live, "web_security.content_security_policy"), true);
    drop(server);

    // Rewrite the recording as a browser capture would spell the names.
    let index = recordings.join("acme/recording.json");
    let mut recording: Value = serde_json::from_slice(&std::fs::read(&index).unwrap()).unwrap();
    let title_case = |name: &str| {
        name.split('-').map(|part| part[..1].to_ascii_uppercase() + &part[1..]).collect::<Vec<_>>().join("-")
    };
    for exchange in recording["exchanges"].as_array_mut().unwrap() {
        for header in exchange["response"]["headers"].as_array_mut().into_iter().flatten() {
            header[0] = json!(title_case(header[0].as_str().unwrap()));
        }
    }
    let rewritten = serde_json::to_string_pretty(&recording).unwrap();
    assert!(rewritten.contains("\"Content-Security-Policy\""), "the names really changed");
    std::fs::write(&index, rewritten).unwrap();
    std::fs::remove_file(dossier.with_file_name("acme.collected.json")).unwrap();

    let (_, replayed) = collect(&dossier, &["--allow-private", "--replay", recordings.to_str().unwrap()]);
    assert!(replayed == live, "mixed-case names give the same evidence");
}

#[tokio::test]
async fn a_login_page_reached_through_plain_http_is_recorded_as_no_https() {
    let server = vendor_server(vec![on("/plain-login", login_page())]).await;
    let plain = format!("{}/plain-login", server.uri());
    server
        .register(on("/login", ResponseTemplate::new(302).insert_header("location", plain.as_str())).with_priority(1))
        .await;
    let front = TlsFront::start(*server.address());
    let dir = tempfile::tempdir().unwrap();
    let ca = front.write_ca(dir.path());
    let (_, file) = collect(
        &dossier(dir.path(), &front.base),
        &["--allow-address", "127.0.0.1", "--ca-cert", ca.to_str().unwrap()],
    );
    let report = source(&file, "security-headers");
    assert_eq!(report["outcome"], "collected", "the downgrade is evidence here, not a failure: {report:#}");
    assert_eq!(value(&file, "web_security.https"), false);
    assert_eq!(fact(&file, "web_security.https").unwrap()["from"]["url"], plain);
    let login = format!("{}/login", front.base);
    assert_eq!(report["redirects"], json!([login]));
    let notes = report["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n == &json!(format!("the redirect chain passes through plain http: {login} → {plain}"))),
        "{notes:#?}"
    );
    assert_eq!(requests_to(&server, "/plain-login").await, 1);
    others_collected(&file, &["https-redirect"]);
}

#[tokio::test]
async fn a_csp_that_restricts_nothing_is_no_csp() {
    let server = vendor_server(vec![on(
        "/login",
        login_page().insert_header("content-security-policy", "upgrade-insecure-requests;"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    assert_eq!(value(&file, "web_security.content_security_policy"), false);
    let notes = source(&file, "security-headers")["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| n
            == "Content-Security-Policy `upgrade-insecure-requests;` has neither script-src nor default-src, so scripts are not restricted"),
        "{notes:#?}"
    );
}

/// A Statuspage incident, as the API lists it.
fn incident(id: &str, impact: &str, start: &str, resolved: &str) -> Value {
    json!({ "id": id, "name": format!("Incident {id}"), "status": "resolved", "impact": impact,
            "created_at": start, "started_at": start, "resolved_at": resolved,
            "shortlink": format!("https://stspg.io/{id}") })
}

#[tokio::test]
async fn a_busy_status_page_states_what_its_incidents_cover_and_counts_the_as_of_month() {
    // 50 incidents (Statuspage's page size) from 2026-11-09 to the day before the as-of date.
    let mut listed: Vec<Value> = (0..49)
        .map(|n| {
            let start = format!("2026-11-{:02}T{:02}:00:00Z", 9 + n / 3, (n % 3) * 6 + 1);
            let resolved = format!("2026-11-{:02}T{:02}:30:00Z", 9 + n / 3, (n % 3) * 6 + 1);
            incident(&format!("m{n:02}"), "minor", &start, &resolved)
        })
        .collect();
    listed.insert(0, incident("outage", "major", "2026-11-29T10:00:00Z", "2026-11-29T12:00:00Z"));
    let server = vendor_server(vec![on(
        "/status/api/v2/incidents.json",
        ResponseTemplate::new(200).set_body_raw(json!({ "incidents": listed }).to_string(), "application/json"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    others_collected(&file, &[]);
    assert_eq!(value(&file, "availability.major_outages"), 1, "yesterday's outage counts");
    assert!(fact(&file, "availability.monthly").is_none(), "no estimate from three weeks, never a silent 100 %");
    assert_eq!(
        value(&file, "extensions.statuspage.coverage"),
        &json!({ "from": "2026-11-09", "to": "2026-11-30", "complete": false })
    );
    let notes: Vec<&str> =
        source(&file, "status-incidents")["notes"].as_array().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
    assert!(notes.iter().any(|n| n.starts_with("incidents cover 2026-11-09 → 2026-11-30 only")), "{notes:#?}");
    assert!(notes.iter().any(|n| n.starts_with("no availability estimate: insufficient evidence")), "{notes:#?}");

    let summary: Value = serde_json::from_slice(&fixture("summary.json")).unwrap();
    let components = summary["components"].as_array().unwrap().iter().filter(|c| c["group"] != true).count();
    assert!(components > 0);
    assert_eq!(value(&file, "extensions.statuspage.status")["components"], components);
}
