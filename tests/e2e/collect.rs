//! `riskcard collect` against a real HTTP server on 127.0.0.1 (wiremock) serving each
//! source's documented format: the happy path, every failure kept to its own source,
//! record and replay, the checked-in example recording, and `assess` merging the result.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{assess_baseline, files_in, repo, riskcard, scorecard, write};

pub(crate) const AS_OF: &str = "2026-11-30";

pub(crate) fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(repo().join("tests/e2e/fixtures").join(name)).expect("fixture exists")
}

pub(crate) fn sha256(bytes: &[u8]) -> String {
    riskcard::fsio::sha256_hex(bytes)
}

/// The page headers of a well-configured login page.
pub(crate) fn login_page() -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("strict-transport-security", "max-age=31536000; includeSubDomains")
        .insert_header("content-security-policy", "default-src 'self'; frame-ancestors 'none'")
        .insert_header("x-content-type-options", "nosniff")
        .insert_header("referrer-policy", "strict-origin-when-cross-origin")
        .set_body_raw("<!doctype html><title>Sign in</title>", "text/html")
}

/// A vendor's server: `overrides` first (they win), then every source answering well.
pub(crate) async fn vendor_server(overrides: Vec<Mock>) -> MockServer {
    let server = MockServer::start().await;
    for mock in overrides {
        server.register(mock.with_priority(1)).await;
    }
    let defaults = [
        (
            "/status/api/v2/summary.json",
            ResponseTemplate::new(200).set_body_raw(fixture("summary.json"), "application/json"),
        ),
        (
            "/status/api/v2/incidents.json",
            ResponseTemplate::new(200).set_body_raw(fixture("incidents.json"), "application/json"),
        ),
        (
            "/.well-known/security.txt",
            ResponseTemplate::new(200).set_body_raw(fixture("security.txt"), "text/plain; charset=utf-8"),
        ),
        ("/login", login_page()),
    ];
    for (route, response) in defaults {
        server.register(Mock::given(method("GET")).and(path(route)).respond_with(response)).await;
    }
    server
}

pub(crate) fn on(route: &str, response: ResponseTemplate) -> Mock {
    Mock::given(method("GET")).and(path(route)).respond_with(response)
}

/// A dossier naming the server's URLs, in a fresh directory.
pub(crate) fn dossier(dir: &Path, base: &str) -> PathBuf {
    write(
        dir,
        "acme.toml",
        &format!(
            "[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\nwebsite = \"{base}\"\nstatus_page = \"{base}/status\"\napp_url = \"{base}/login\"\n"
        ),
    )
}

/// Runs `riskcard collect` on `dossier` with `extra` arguments; returns the run and the collected file.
pub(crate) fn collect(dossier: &Path, extra: &[&str]) -> (crate::support::Run, Value) {
    let mut args = vec!["collect".to_owned(), dossier.display().to_string(), "--as-of".into(), AS_OF.into()];
    args.extend(extra.iter().map(|s| (*s).to_owned()));
    let run = riskcard(args);
    assert_eq!(run.code, 0, "collect never fails for a failing source: {run:?}");
    let file = dossier.with_file_name("acme.collected.json");
    (run, serde_json::from_slice(&std::fs::read(&file).expect("collected file written")).expect("JSON"))
}

pub(crate) fn source<'a>(file: &'a Value, name: &str) -> &'a Value {
    file["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == name)
        .unwrap_or_else(|| panic!("no source {name}"))
}

pub(crate) fn fact<'a>(file: &'a Value, fact_path: &str) -> Option<&'a Value> {
    file["facts"].as_array().unwrap().iter().find(|f| f["path"] == fact_path)
}

pub(crate) fn value<'a>(file: &'a Value, fact_path: &str) -> &'a Value {
    &fact(file, fact_path).unwrap_or_else(|| panic!("no fact {fact_path} in {file:#}"))["value"]
}

/// Asserts the sources other than `except` were collected.
pub(crate) fn others_collected(file: &Value, except: &[&str]) {
    for report in file["sources"].as_array().unwrap() {
        let name = report["source"].as_str().unwrap();
        if !except.contains(&name) {
            assert_eq!(report["outcome"], "collected", "{name} is still collected: {report:#}");
        }
    }
}

/// Whether the HTML scorecard `acme.html` in `cards` shows the collected fact `fact_path`
/// as coming from `origin` (its URL and how it answered, e.g. `… · HTTP 200`).
pub(crate) fn html_cites(cards: &Path, fact_path: &str, origin: &str) -> bool {
    let html = std::fs::read_to_string(cards.join("acme.html")).expect("HTML scorecard written");
    html.contains(&format!("<code>{fact_path}</code> from <span class=\"src\">{origin} · fetched"))
}

pub(crate) async fn requests_to(server: &MockServer, route: &str) -> usize {
    server.received_requests().await.unwrap_or_default().iter().filter(|r| r.url.path() == route).count()
}

#[tokio::test]
async fn every_source_is_collected_with_its_provenance_and_assess_merges_it() {
    let server = vendor_server(Vec::new()).await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server.uri());
    let before = std::fs::read(&dossier).unwrap();
    let (run, file) = collect(&dossier, &["--allow-private"]);
    assert!(run.stderr.is_empty(), "quiet when nothing failed and stderr is no terminal: {}", run.stderr);
    assert!(run.stdout.contains("acme: "), "{}", run.stdout);
    others_collected(&file, &[]);
    assert_eq!(file["vendor"], "acme");

    // Statuspage: the current status, incidents with durations, availability estimated per month.
    assert_eq!(value(&file, "availability.status_page"), &Value::Bool(true));
    let status = value(&file, "extensions.statuspage.status");
    assert_eq!(status["indicator"], "minor");
    assert_eq!(status["components_not_operational"][0]["name"], "REST API");
    assert_eq!(value(&file, "availability.major_outages"), 2);
    let monthly = value(&file, "availability.monthly").as_array().unwrap();
    assert_eq!(monthly.len(), 12);
    let month = |m: &str| monthly.iter().find(|x| x["month"] == m).unwrap().clone();
    assert_eq!(month("2026-09")["percent"], 99.917, "2 h of major impact at 30 % in 30 days");
    assert_eq!(month("2026-03")["percent"], 99.597, "3 h of critical impact in 31 days");
    assert_eq!(month("2026-01")["percent"], 100.0, "minor impact is no downtime");
    assert!(monthly.iter().all(|m| m["estimated"] == true));
    let incidents = value(&file, "extensions.statuspage.incidents").as_array().unwrap();
    assert_eq!(incidents.len(), 3);
    assert_eq!(incidents[2]["duration_minutes"], 120);

    // security.txt: fields, the malformed line reported, expiry judged at the as-of date.
    let txt = value(&file, "trust.security_txt");
    assert_eq!(txt["contacts"][0], "mailto:security@acme.example");
    assert_eq!(txt["expires"], "2027-06-30");
    assert_eq!(txt["policy"], "https://acme.example/security/policy");
    assert_eq!(txt["signed"], false);
    assert_eq!(txt["malformed_lines"], 1);
    let notes = source(&file, "security-txt")["notes"].as_array().unwrap();
    assert!(notes.iter().any(|n| n.as_str().unwrap().starts_with("line 8: `Acknowledgments")), "{notes:?}");
    assert!(notes.iter().any(|n| n == "expires on 2027-06-30, after the as-of date 2026-11-30"), "{notes:?}");

    // Security headers, and the plain-http probe (a local test server does not redirect).
    assert_eq!(value(&file, "web_security.hsts_max_age"), 31536000);
    assert_eq!(value(&file, "web_security.hsts_include_subdomains"), true);
    assert_eq!(value(&file, "web_security.content_security_policy"), true);
    assert_eq!(value(&file, "web_security.x_content_type_options"), true);
    assert_eq!(value(&file, "web_security.frame_protection"), true);
    assert_eq!(value(&file, "web_security.referrer_policy"), "strict-origin-when-cross-origin");
    assert_eq!(value(&file, "web_security.http_redirects_to_https"), false);

    // Every fact carries URL, fetch time, HTTP status and the SHA-256 of the body it came from.
    let txt_from = &fact(&file, "trust.security_txt").unwrap()["from"];
    assert_eq!(txt_from["url"], format!("{}/.well-known/security.txt", server.uri()));
    assert_eq!(txt_from["http_status"], 200);
    assert_eq!(txt_from["sha256"], sha256(&fixture("security.txt")));
    assert!(txt_from["fetched_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(fact(&file, "availability.monthly").unwrap()["from"]["sha256"], sha256(&fixture("incidents.json")));
    assert_eq!(std::fs::read(&dossier).unwrap(), before, "the analyst's dossier is never touched");
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests.len(),
        4,
        "one request per URL: {:?}",
        requests.iter().map(|r| r.url.path()).collect::<Vec<_>>()
    );
    for request in &requests {
        let agent = request.headers.get("user-agent").and_then(|v| v.to_str().ok());
        assert_eq!(agent, Some(concat!("riskcard/", env!("CARGO_PKG_VERSION"))));
        assert!(request.headers.get("cookie").is_none());
    }

    // assess merges it and says which facts were collected and from where.
    let out = dir.path().join("cards");
    let run = assess_baseline(&dossier, &out, &[]);
    assert!(run.code <= 1, "{run:?}");
    assert_eq!(files_in(&out), ["acme.html", "acme.json"], "the collected file is no dossier of its own");
    let card = scorecard(&out.join("acme.json"));
    let collected = &card["provenance"]["collected"];
    let bytes = std::fs::read(dossier.with_file_name("acme.collected.json")).unwrap();
    assert_eq!(collected["sha256"], sha256(&bytes));
    let merged = collected["facts"].as_array().unwrap();
    assert_eq!(merged.len(), file["facts"].as_array().unwrap().len());
    let headers = merged.iter().find(|f| f["path"] == "web_security.https").unwrap();
    assert_eq!(headers["url"], format!("{}/login", server.uri()));
    assert_eq!(headers["http_status"], 200);
}

#[tokio::test]
async fn a_missing_security_txt_fails_that_source_alone() {
    let server = vendor_server(vec![on("/.well-known/security.txt", ResponseTemplate::new(404))]).await;
    let dir = tempfile::tempdir().unwrap();
    let (run, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    let report = source(&file, "security-txt");
    assert_eq!(report["outcome"], "failed");
    assert_eq!(report["reason"], "HTTP 404 Not Found");
    assert_eq!(report["response"]["http_status"], 404);
    assert!(fact(&file, "trust.security_txt").is_none());
    others_collected(&file, &["security-txt"]);
    assert!(run.stderr.contains("warning: acme: security.txt failed"), "reported on stderr: {}", run.stderr);
    assert!(run.stderr.contains("HTTP 404 Not Found"), "{}", run.stderr);
}

#[tokio::test]
async fn a_500_is_retried_and_the_second_answer_is_collected() {
    let server =
        vendor_server(vec![on("/status/api/v2/summary.json", ResponseTemplate::new(500)).up_to_n_times(1)]).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    others_collected(&file, &[]);
    assert_eq!(source(&file, "status-summary")["response"]["http_status"], 200);
    assert_eq!(requests_to(&server, "/status/api/v2/summary.json").await, 2);
}

#[tokio::test]
async fn a_429_waits_as_retry_after_says_and_one_asking_too_much_is_reported() {
    let server = vendor_server(vec![
        on("/status/api/v2/incidents.json", ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1),
        on("/.well-known/security.txt", ResponseTemplate::new(429).insert_header("retry-after", "3600")),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    assert_eq!(source(&file, "status-incidents")["outcome"], "collected");
    assert_eq!(requests_to(&server, "/status/api/v2/incidents.json").await, 2);
    let refused = source(&file, "security-txt");
    assert_eq!(refused["outcome"], "failed");
    assert_eq!(
        refused["reason"],
        "HTTP 429 Too Many Requests (Retry-After asks for 3600 s, more than the 10 s riskcard waits)"
    );
    assert_eq!(requests_to(&server, "/.well-known/security.txt").await, 1, "no retry it would not wait for");
    others_collected(&file, &["security-txt"]);
}

#[tokio::test]
async fn a_page_slower_than_the_timeout_fails_its_sources_only() {
    let server = vendor_server(vec![on("/login", login_page().set_delay(std::time::Duration::from_secs(4)))]).await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private", "--timeout", "1"]);
    for name in ["security-headers", "https-redirect"] {
        assert_eq!(source(&file, name)["outcome"], "failed");
        assert_eq!(source(&file, name)["reason"], "timed out after 1 s");
    }
    assert_eq!(requests_to(&server, "/login").await, 1, "one URL is fetched once per vendor");
    others_collected(&file, &["security-headers", "https-redirect"]);
}

#[tokio::test]
async fn an_oversized_body_is_not_read() {
    let huge = format!("Contact: mailto:security@acme.example\n{}", "# padding\n".repeat(10_000));
    let server = vendor_server(vec![on(
        "/.well-known/security.txt",
        ResponseTemplate::new(200).set_body_raw(huge, "text/plain"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    assert_eq!(source(&file, "security-txt")["reason"], "the body is larger than the 65536 bytes riskcard reads");
    others_collected(&file, &["security-txt"]);
}

#[tokio::test]
async fn invalid_json_fails_that_source_alone() {
    let server = vendor_server(vec![on(
        "/status/api/v2/incidents.json",
        ResponseTemplate::new(200).set_body_raw("{\"incidents\": [", "application/json"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    let report = source(&file, "status-incidents");
    assert_eq!(report["outcome"], "failed");
    assert!(report["reason"].as_str().unwrap().starts_with("invalid JSON: EOF while parsing"), "{report:#}");
    assert!(fact(&file, "availability.monthly").is_none());
    assert_eq!(value(&file, "availability.status_page"), true, "the summary still counts");
    others_collected(&file, &["status-incidents"]);
}

#[tokio::test]
async fn a_redirect_loop_is_stopped() {
    let server = vendor_server(vec![
        on("/login", ResponseTemplate::new(302).insert_header("location", "/login/next")),
        on("/login/next", ResponseTemplate::new(302).insert_header("location", "/login")),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    let report = source(&file, "security-headers");
    assert_eq!(report["outcome"], "failed");
    let base = server.uri();
    assert_eq!(report["reason"], format!("redirect loop: {base}/login → {base}/login/next → {base}/login"));
    others_collected(&file, &["security-headers", "https-redirect"]);
}

#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused_without_allow_private() {
    let server = vendor_server(vec![
        on(
            "/.well-known/security.txt",
            ResponseTemplate::new(302).insert_header("location", "http://127.0.0.2:9/security.txt"),
        ),
        on("/login", ResponseTemplate::new(301).insert_header("location", "http://[::1]:9/login")),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    // Only the test server's own address is allowed: everything else private stays refused.
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-address", "127.0.0.1"]);
    let txt = source(&file, "security-txt");
    assert_eq!(txt["outcome"], "failed");
    assert_eq!(
        txt["reason"],
        "redirect refused: 127.0.0.2 is not a public address; riskcard refuses it unless --allow-private is given"
    );
    assert_eq!(txt["redirects"][0], format!("{}/.well-known/security.txt", server.uri()));
    let headers = source(&file, "security-headers");
    assert_eq!(
        headers["reason"],
        "redirect refused: ::1 is not a public address; riskcard refuses it unless --allow-private is given"
    );
    others_collected(&file, &["security-txt", "security-headers", "https-redirect"]);
}

#[tokio::test]
async fn without_an_allowance_a_local_server_is_refused_before_and_after_dns() {
    let server = vendor_server(Vec::new()).await;
    let dir = tempfile::tempdir().unwrap();
    let port = server.address().port();
    let (_, file) = collect(&dossier(dir.path(), &format!("https://localhost:{port}")), &[]);
    let report = source(&file, "security-txt");
    assert_eq!(report["outcome"], "failed");
    assert!(
        report["reason"].as_str().unwrap().contains("localhost resolves only to non-public addresses"),
        "refused after DNS resolution: {report:#}"
    );
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &[]);
    assert!(source(&file, "status-summary")["reason"].as_str().unwrap().starts_with("plain http is refused"));
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing reached the server");
}

#[tokio::test]
async fn a_replay_is_byte_identical_with_the_server_gone() {
    let server = vendor_server(vec![on("/.well-known/security.txt", ResponseTemplate::new(404))]).await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server.uri());
    let recordings = dir.path().join("recordings");
    let (run, _) = collect(&dossier, &["--allow-private", "--record", recordings.to_str().unwrap()]);
    assert!(run.stdout.contains("recorded the responses in"), "{}", run.stdout);
    let recorded = std::fs::read(dossier.with_file_name("acme.collected.json")).unwrap();
    assert_eq!(files_in(&recordings.join("acme")), ["bodies", "recording.json"]);
    drop(server);

    for _ in 0..2 {
        std::fs::remove_file(dossier.with_file_name("acme.collected.json")).unwrap();
        let (_, replayed) = collect(&dossier, &["--allow-private", "--replay", recordings.to_str().unwrap()]);
        assert_eq!(source(&replayed, "security-txt")["reason"], "HTTP 404 Not Found", "failures replay too");
        let bytes = std::fs::read(dossier.with_file_name("acme.collected.json")).unwrap();
        assert_eq!(String::from_utf8(bytes).unwrap(), String::from_utf8(recorded.clone()).unwrap());
    }
}

#[test]
fn the_example_recording_replays_offline_and_assess_shows_what_was_collected() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("collected");
    let run = riskcard([
        "collect".as_ref(),
        "examples/vendors/northwind-crm.toml".as_ref(),
        "--replay".as_ref(),
        "examples/recordings".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stderr.is_empty(), "every recorded source collects: {}", run.stderr);
    let first = std::fs::read(out.join("northwind-crm.collected.json")).unwrap();
    let file: Value = serde_json::from_slice(&first).unwrap();
    assert_eq!(file["as_of"], AS_OF, "the recording's as-of date is the default");
    others_collected(&file, &[]);
    assert_eq!(value(&file, "web_security.http_redirects_to_https"), true);
    assert_eq!(value(&file, "trust.security_txt")["signed"], true);
    assert_eq!(files_in(&repo().join("examples/vendors")).iter().filter(|f| f.contains("collected")).count(), 0);

    let cards = dir.path().join("cards");
    let run = riskcard([
        "assess".as_ref(),
        "examples/vendors".as_ref(),
        "--rubric".as_ref(),
        "rubrics/crm-baseline.toml".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "--collected".as_ref(),
        out.as_os_str(),
        "--out".as_ref(),
        cards.as_os_str(),
    ]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&cards.join("northwind-crm.json"));
    let collected = &card["provenance"]["collected"];
    let paths: Vec<&str> = collected["facts"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"web_security.hsts_max_age"), "the dossier has no web_security: {paths:?}");
    let superseded: Vec<&str> =
        collected["superseded"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(superseded.contains(&"trust.security_txt"), "the analyst's security.txt wins: {superseded:?}");
    assert!(superseded.contains(&"availability.monthly"), "reported availability beats an estimate: {superseded:?}");
    assert_eq!(scorecard(&cards.join("bluepeak-crm.json"))["provenance"]["collected"], Value::Null);

    // The collected web facts score: web-hygiene reads northwind's login page; a vendor
    // with nothing collected is left out of that criterion, not failed.
    let hygiene =
        |card: &Value| card["criteria"].as_array().unwrap().iter().find(|c| c["id"] == "web-hygiene").cloned();
    let northwind = hygiene(&card).unwrap();
    assert_eq!((&northwind["status"], &northwind["score"]), (&json!("pass"), &json!(100)), "{northwind:#}");
    let bluepeak = hygiene(&scorecard(&cards.join("bluepeak-crm.json"))).unwrap();
    assert_eq!(bluepeak["status"], "insufficient-evidence");

    // The analyst reading the HTML sees the same audit trail.
    let html = std::fs::read_to_string(cards.join("northwind-crm.html")).unwrap();
    let sha256 = collected["sha256"].as_str().unwrap();
    assert!(html.contains(&format!("<dt>Collected evidence</dt><dd>sha256 <span class=\"hash\">{sha256}</span>")));
    assert_eq!(html.matches("<dt>Collected fact</dt>").count(), paths.len(), "one line per collected fact used");
    let hsts =
        collected["facts"].as_array().unwrap().iter().find(|f| f["path"] == "web_security.hsts_max_age").unwrap();
    let url = hsts["url"].as_str().unwrap();
    assert!(html.contains(&format!("<code>web_security.hsts_max_age</code> from <span class=\"src\">{url} · HTTP")));
    assert!(html.contains("<code>trust.security_txt</code>"), "superseded facts are named");
    assert!(!std::fs::read_to_string(cards.join("bluepeak-crm.html")).unwrap().contains("Collected"));
}

#[test]
fn an_analysts_file_in_the_way_is_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), "https://acme.example");
    let theirs = write(dir.path(), "acme.collected.json", "{\"notes\": \"mine\"}\n");
    let run = riskcard(["collect".as_ref(), dossier.as_os_str(), "--replay".as_ref(), dir.path().as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("exists and was not written by `riskcard collect`"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(&theirs).unwrap(), "{\"notes\": \"mine\"}\n");
    let run =
        riskcard(["assess".as_ref(), theirs.as_os_str(), "--rubric".as_ref(), "rubrics/crm-baseline.toml".as_ref()]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("not a dossier"), "{}", run.stderr);
}
