//! Collection hygiene (issue #20), end to end against servers on 127.0.0.1: no
//! credentials in URLs, no cookies or session headers in recordings, link-local and
//! metadata addresses closed under `--allow-private`, and real https with a test CA,
//! where a redirect down to plain http is refused.

use serde_json::Value;
use wiremock::ResponseTemplate;

use crate::collect::{
    collect, dossier, fact, login_page, on, others_collected, requests_to, sha256, source, value, vendor_server,
};
use crate::support::{assess_baseline, riskcard, scorecard, write};
use crate::tls_front::TlsFront;

#[tokio::test]
async fn a_dossier_url_with_credentials_is_refused_before_anything_is_fetched() {
    let server = vendor_server(Vec::new()).await;
    let dir = tempfile::tempdir().unwrap();
    let port = server.address().port();
    let dossier = write(
        dir.path(),
        "acme.toml",
        &format!(
            "[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\nwebsite = \"http://user:s3cret@127.0.0.1:{port}\"\napp_url = \"http://127.0.0.1:{port}/login\"\n"
        ),
    );
    let run = riskcard(["collect".as_ref(), dossier.as_os_str(), "--allow-private".as_ref()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("vendor.website"), "names the field: {}", run.stderr);
    assert!(run.stderr.contains("remove the credentials from the URL"), "says the fix: {}", run.stderr);
    assert!(!run.stderr.contains("s3cret"), "never repeats the password: {}", run.stderr);
    assert!(!dossier.with_file_name("acme.collected.json").exists(), "nothing is written");
    assert!(server.received_requests().await.unwrap_or_default().is_empty(), "nothing was fetched");
}

#[tokio::test]
async fn a_redirect_to_a_url_with_credentials_is_refused_and_no_authorization_is_sent() {
    let server = vendor_server(Vec::new()).await;
    let port = server.address().port();
    server
        .register(
            on(
                "/.well-known/security.txt",
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://user:s3cret@127.0.0.1:{port}/elsewhere").as_str()),
            )
            .with_priority(1),
        )
        .await;
    let dir = tempfile::tempdir().unwrap();
    let (_, file) = collect(&dossier(dir.path(), &server.uri()), &["--allow-private"]);
    let report = source(&file, "security-txt");
    assert_eq!(report["outcome"], "failed");
    assert_eq!(
        report["reason"],
        format!(
            "redirect refused: http://127.0.0.1:{port}/elsewhere carries credentials (user:password@), which riskcard never sends"
        )
    );
    others_collected(&file, &["security-txt"]);
    assert_eq!(requests_to(&server, "/elsewhere").await, 0);
    for request in server.received_requests().await.unwrap_or_default() {
        assert!(request.headers.get("authorization").is_none(), "{} sent Authorization", request.url);
    }
}

#[tokio::test]
async fn a_recording_from_a_server_that_sets_cookies_holds_no_cookie() {
    let with_session = |response: ResponseTemplate| {
        response
            .insert_header("set-cookie", "session=c00kie-value; Secure; HttpOnly")
            .append_header("set-cookie", "tracking=other-c00kie")
            .insert_header("www-authenticate", "Basic realm=\"c00kie-realm\"")
            .insert_header("x-session-token", "c00kie-token")
    };
    let server = vendor_server(vec![
        on("/login", with_session(login_page())),
        on(
            "/.well-known/security.txt",
            with_session(
                ResponseTemplate::new(200)
                    .set_body_raw(crate::collect::fixture("security.txt"), "text/plain; charset=utf-8"),
            ),
        ),
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), &server.uri());
    let recordings = dir.path().join("recordings");
    let (_, recorded) = collect(&dossier, &["--allow-private", "--record", recordings.to_str().unwrap()]);
    others_collected(&recorded, &[]);
    assert_eq!(value(&recorded, "web_security.hsts_max_age"), 31536000, "security headers are kept");

    let index = std::fs::read_to_string(recordings.join("acme/recording.json")).unwrap();
    assert!(!index.contains("c00kie"), "no cookie, challenge or session value is recorded: {index}");
    let names: Vec<String> = serde_json::from_str::<Value>(&index).unwrap()["exchanges"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|exchange| exchange["response"]["headers"].as_array().cloned().unwrap_or_default())
        .map(|header| header[0].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"strict-transport-security".to_owned()), "{names:?}");
    for name in &names {
        assert!(riskcard::collect::KEPT_HEADERS.contains(&name.as_str()), "`{name}` is not needed for replay");
    }
    let collected = std::fs::read_to_string(dossier.with_file_name("acme.collected.json")).unwrap();
    assert!(!collected.contains("c00kie"));

    // What was dropped is not missed: the replay gives the same evidence.
    drop(server);
    std::fs::remove_file(dossier.with_file_name("acme.collected.json")).unwrap();
    let (_, replayed) = collect(&dossier, &["--allow-private", "--replay", recordings.to_str().unwrap()]);
    assert!(replayed == recorded, "the replay differs from the recorded collection");
}

#[tokio::test]
async fn allow_private_does_not_open_metadata_or_link_local_addresses() {
    let server = vendor_server(vec![on(
        "/login",
        ResponseTemplate::new(302).insert_header("location", "http://[::ffff:169.254.169.254]/latest/meta-data/"),
    )])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let base = server.uri();
    let dossier = write(
        dir.path(),
        "acme.toml",
        &format!(
            "[vendor]\nid = \"acme\"\nname = \"Acme CRM\"\nwebsite = \"http://169.254.169.254\"\nstatus_page = \"http://[fe80::1]/status\"\napp_url = \"{base}/login\"\n"
        ),
    );
    let (_, file) = collect(&dossier, &["--allow-private"]);
    let refused = |ip: &str| {
        format!(
            "{ip} is a link-local or cloud metadata address; riskcard refuses it even with --allow-private, unless --allow-address {ip} names it"
        )
    };
    assert_eq!(source(&file, "security-txt")["reason"], refused("169.254.169.254"));
    assert_eq!(source(&file, "status-summary")["reason"], refused("fe80::1"));
    assert_eq!(
        source(&file, "security-headers")["reason"],
        format!("redirect refused: {}", refused("169.254.169.254")),
        "the IPv4-mapped spelling of the metadata address is refused on a redirect"
    );
    assert!(file["facts"].as_array().unwrap().iter().all(|f| !f["path"].as_str().unwrap().starts_with("trust")));
}

#[tokio::test]
async fn a_full_collection_runs_over_https_with_a_test_ca_and_says_so() {
    let server = vendor_server(Vec::new()).await;
    let front = TlsFront::start(*server.address());
    let dir = tempfile::tempdir().unwrap();
    let ca = front.write_ca(dir.path());
    let dossier = dossier(dir.path(), &front.base);

    // Without the CA the test server's certificate is not trusted.
    let (_, untrusted) = collect(&dossier, &["--allow-address", "127.0.0.1"]);
    let reason = source(&untrusted, "security-txt")["reason"].as_str().unwrap().to_owned();
    assert!(reason.contains("UnknownIssuer"), "{reason}");
    assert_eq!(requests_to(&server, "/.well-known/security.txt").await, 0);

    let recordings = dir.path().join("recordings");
    let (run, file) = collect(
        &dossier,
        &["--allow-address", "127.0.0.1", "--ca-cert", ca.to_str().unwrap(), "--record", recordings.to_str().unwrap()],
    );
    // The plain-http probe goes to port 80, where no test server listens.
    others_collected(&file, &["https-redirect"]);
    assert_eq!(source(&file, "https-redirect")["url"], "http://127.0.0.1/login");
    assert!(run.stdout.contains("acme: "), "{}", run.stdout);
    assert_eq!(value(&file, "web_security.https"), true);
    assert_eq!(value(&file, "web_security.hsts_max_age"), 31536000);
    assert_eq!(value(&file, "trust.security_txt")["contacts"][0], "mailto:security@acme.example");
    let from = &fact(&file, "availability.monthly").unwrap()["from"];
    assert_eq!(from["url"], format!("{}/status/api/v2/incidents.json", front.base));
    assert_eq!(from["sha256"], sha256(&crate::collect::fixture("incidents.json")));
    assert_eq!(
        file["extra_ca_sha256"],
        serde_json::json!([sha256(&front.ca_der)]),
        "the extra CA is in the provenance"
    );
    let index: Value = serde_json::from_slice(&std::fs::read(recordings.join("acme/recording.json")).unwrap()).unwrap();
    assert_eq!(index["extra_ca_sha256"], file["extra_ca_sha256"], "and in the recording");
    assert_eq!(requests_to(&server, "/login").await, 1);

    drop(front);
    std::fs::remove_file(dossier.with_file_name("acme.collected.json")).unwrap();
    let (_, replayed) = collect(&dossier, &["--allow-address", "127.0.0.1", "--replay", recordings.to_str().unwrap()]);
    assert!(replayed == file, "the replay differs; it must state the extra CA too: {:#}", replayed["extra_ca_sha256"]);

    // The scorecard's provenance says the evidence was collected trusting that CA.
    let cards = dir.path().join("cards");
    let run = assess_baseline(&dossier, &cards, &[]);
    assert!(run.code <= 1, "{run:?}");
    let card = scorecard(&cards.join("acme.json"));
    assert_eq!(card["provenance"]["collected"]["extra_ca_sha256"], file["extra_ca_sha256"]);
}

#[tokio::test]
async fn a_redirect_from_https_down_to_plain_http_is_refused() {
    let server = vendor_server(Vec::new()).await;
    let plain = format!("{}/plain/security.txt", server.uri());
    server
        .register(
            on("/.well-known/security.txt", ResponseTemplate::new(301).insert_header("location", plain.as_str()))
                .with_priority(1),
        )
        .await;
    let front = TlsFront::start(*server.address());
    let dir = tempfile::tempdir().unwrap();
    let ca = front.write_ca(dir.path());
    let (_, file) = collect(
        &dossier(dir.path(), &front.base),
        &["--allow-address", "127.0.0.1", "--ca-cert", ca.to_str().unwrap()],
    );
    let report = source(&file, "security-txt");
    assert_eq!(report["outcome"], "failed");
    assert_eq!(
        report["reason"],
        format!(
            "redirect refused: a redirect from https to plain http ({plain}) is refused; riskcard never downgrades a fetch"
        )
    );
    assert_eq!(report["redirects"][0], format!("{}/.well-known/security.txt", front.base));
    assert!(fact(&file, "trust.security_txt").is_none(), "nothing read from a downgraded fetch");
    assert_eq!(requests_to(&server, "/plain/security.txt").await, 0, "the plain-http URL was never requested");
    others_collected(&file, &["security-txt", "https-redirect"]);
}

#[test]
fn a_ca_file_without_certificates_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = dossier(dir.path(), "https://acme.example");
    let ca = write(dir.path(), "ca.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    let run = riskcard(["collect".as_ref(), dossier.as_os_str(), "--ca-cert".as_ref(), ca.as_os_str()]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("ca.pem"), "{}", run.stderr);
    assert!(run.stderr.contains("holds no readable PEM certificate"), "{}", run.stderr);
    assert!(!dossier.with_file_name("acme.collected.json").exists());
}
