use std::path::Path;

use serde_json::json;

use super::*;
use crate::dossier::{self, FactOrigin, LoadedDossier, Timestamp};

fn loaded(dir: &Path, toml: &str) -> LoadedDossier {
    let path = dir.join("acme.toml");
    std::fs::write(&path, toml).unwrap();
    dossier::load(&path).unwrap()
}

fn origin(url: &str) -> FactOrigin {
    FactOrigin {
        url: url.into(),
        fetched_at: Timestamp::parse("2026-11-02T10:00:00Z").unwrap(),
        http_status: Some(200),
        outcome: None,
        sha256: "ab".repeat(32),
    }
}

fn collected_file(dir: &Path, facts: Vec<(&str, serde_json::Value, &str)>) -> std::path::PathBuf {
    let file = CollectedFile {
        riskcard_collected: FORMAT,
        vendor: "acme".into(),
        as_of: Date::parse("2026-11-30").unwrap(),
        extra_ca_sha256: Vec::new(),
        facts: facts
            .into_iter()
            .map(|(path, value, url)| Fact { path: path.into(), value, from: origin(url) })
            .collect(),
        sources: Vec::new(),
    };
    let path = dir.join("acme.collected.json");
    std::fs::write(&path, file.to_json()).unwrap();
    path
}

const DOSSIER: &str = "[vendor]\nid = \"acme\"\nname = \"Acme\"\n\n[trust]\nbug_bounty = true\nsource = \"https://acme.example/trust\"\n\n[trust.security_txt]\ncontacts = [\"mailto:analyst@acme.example\"]\n";

#[test]
fn the_analysts_facts_win_and_collected_ones_fill_the_gaps() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), DOSSIER);
    let path = collected_file(
        dir.path(),
        vec![
            (
                "trust.security_txt",
                json!({ "contacts": ["mailto:collected@acme.example"] }),
                "https://acme.example/.well-known/security.txt",
            ),
            ("web_security.hsts_max_age", json!(31536000), "https://app.acme.example/login"),
            ("web_security.https", json!(true), "https://app.acme.example/login"),
            (
                "extensions.statuspage.status",
                json!({ "indicator": "none" }),
                "https://status.acme.example/api/v2/summary.json",
            ),
        ],
    );
    let merged = merge(loaded.clone(), &path).unwrap();
    assert_eq!(merged.sha256, loaded.sha256, "the dossier's own hash is kept");
    let dossier = &merged.dossier;
    let trust = dossier.trust.as_ref().unwrap();
    assert_eq!(trust.security_txt.as_ref().unwrap().contacts, ["mailto:analyst@acme.example"]);
    assert_eq!(trust.source.as_deref(), Some("https://acme.example/trust"));
    let web = dossier.web_security.as_ref().unwrap();
    assert_eq!((web.hsts_max_age, web.https), (Some(31536000), Some(true)));
    assert_eq!(web.source.as_deref(), Some("https://app.acme.example/login"), "a new section cites the response");
    assert_eq!(web.observed, Some(Date::parse("2026-11-02").unwrap()));
    assert_eq!(dossier.extensions["statuspage.status"].value, json!({ "indicator": "none" }));

    let collected = dossier.collected.as_ref().unwrap();
    assert_eq!(collected.superseded, ["trust.security_txt"]);
    assert_eq!(
        collected.merged.keys().map(String::as_str).collect::<Vec<_>>(),
        ["extensions.statuspage.status", "web_security.hsts_max_age", "web_security.https"]
    );
    assert_eq!(collected.sha256, crate::fsio::sha256_hex(&std::fs::read(&path).unwrap()));
    assert_eq!(dossier.provenance("web_security.hsts_max_age").unwrap().0, Some("https://app.acme.example/login"));
    assert_eq!(dossier.provenance("trust.security_txt").unwrap().0, Some("https://acme.example/trust"));
    assert!(dossier.holds_collected("web_security"));
    assert!(!dossier.holds_collected("trust"));
    assert_eq!(dossier.collected_origin("web_security.https").unwrap().http_status, Some(200));
}

#[test]
fn a_file_for_another_vendor_or_with_foreign_facts_is_refused_with_every_problem() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), "[vendor]\nid = \"other\"\nname = \"Other\"\n");
    let path = collected_file(
        dir.path(),
        vec![
            ("web_security.https", json!(true), "https://a.example/"),
            ("encryption.at_rest", json!(true), "https://a.example/"),
        ],
    );
    let problems = merge(loaded, &path).unwrap_err().0;
    let keys: Vec<_> = problems.iter().map(|p| p.key.as_deref().unwrap()).collect();
    assert_eq!(keys, ["vendor", "facts[1].path"]);
    assert!(problems[1].message.contains("`encryption.at_rest` is not a fact riskcard collects"));
}

#[test]
fn collected_values_are_checked_like_the_dossiers_own() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), "[vendor]\nid = \"acme\"\nname = \"Acme\"\n");
    let bad_type = collected_file(dir.path(), vec![("web_security.https", json!("yes"), "https://a.example/")]);
    let problem = &merge(loaded.clone(), &bad_type).unwrap_err().0[0];
    assert!(problem.message.starts_with("collected facts do not fit the dossier"), "{problem}");
    let bad_value = collected_file(
        dir.path(),
        vec![(
            "availability.monthly",
            json!([{ "month": "2026-13", "percent": 99.0, "estimated": true }]),
            "https://s.example/",
        )],
    );
    let problem = &merge(loaded, &bad_value).unwrap_err().0[0];
    assert_eq!(problem.key.as_deref(), Some("availability.monthly[0].month"));
}

#[test]
fn every_path_a_source_emits_can_be_merged() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/e2e/fixtures");
    let read = |name: &str| std::fs::read(fixtures.join(name)).unwrap();
    let as_of = Date::parse("2026-11-30").unwrap();
    let mut paths: Vec<String> = Vec::new();
    paths.extend(statuspage::summary(&read("summary.json")).unwrap().facts.into_iter().map(|(p, _)| p));
    paths.extend(statuspage::incidents(&read("incidents.json"), as_of).unwrap().facts.into_iter().map(|(p, _)| p));
    paths.push("trust.security_txt".into());
    let catalogue_answer = fetch::Fetched {
        url: Url::parse("https://catalogue.example/breaches?domain=localhost").unwrap(),
        fetched_at: Timestamp::parse("2026-11-30T09:00:00Z").unwrap(),
        reply: fetch::Reply {
            status: 200,
            headers: Vec::new(),
            body: read("breaches.json"),
            attempts: 1,
            gave_up: None,
        },
        redirects: Vec::new(),
        location: None,
    };
    paths.extend(breaches::extract(&catalogue_answer, "localhost").unwrap().facts.into_iter().map(|(p, _)| p));
    for path in &paths {
        assert!(COLLECTABLE.contains(&path.as_str()), "{path} is emitted but not collectable");
    }
}

#[test]
fn each_source_starts_from_the_dossiers_urls() {
    let dossier: Dossier = toml::from_str(
        "[vendor]\nid = \"acme\"\nname = \"Acme\"\nwebsite = \"https://acme.example/en/home\"\nstatus_page = \"https://status.acme.example\"\napp_url = \"https://app.acme.example/login\"\n",
    )
    .unwrap();
    let catalogue = Url::parse(DEFAULT_BREACH_CATALOGUE).unwrap();
    let url = |source| source_url(source, &dossier, Some(&catalogue)).map(|url| url.to_string());
    assert_eq!(url(Source::StatusSummary).unwrap(), "https://status.acme.example/api/v2/summary.json");
    assert_eq!(url(Source::StatusIncidents).unwrap(), "https://status.acme.example/api/v2/incidents.json");
    assert_eq!(url(Source::SecurityTxt).unwrap(), "https://acme.example/.well-known/security.txt");
    assert_eq!(url(Source::SecurityHeaders).unwrap(), "https://app.acme.example/login");
    assert_eq!(url(Source::HttpsRedirect).unwrap(), "http://app.acme.example/login");
    assert_eq!(url(Source::Breaches).unwrap(), "https://haveibeenpwned.com/api/v3/breaches?domain=acme.example");
    assert_eq!(source_url(Source::Breaches, &dossier, None).unwrap_err(), "not asked for (--breaches)");
    let bare: Dossier = toml::from_str("[vendor]\nid = \"acme\"\nname = \"Acme\"\n").unwrap();
    assert_eq!(source_url(Source::SecurityTxt, &bare, None).unwrap_err(), "the dossier gives no vendor.website");
    assert_eq!(
        source_url(Source::Breaches, &bare, Some(&catalogue)).unwrap_err(),
        "the dossier gives no vendor.website"
    );
}

/// Regression: these values were accepted, and a null value was listed as a fact used.
#[test]
fn facts_with_wrong_hashes_urls_statuses_or_null_values_are_refused_naming_each() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), DOSSIER);
    let mut file = CollectedFile {
        riskcard_collected: FORMAT,
        vendor: "acme".into(),
        as_of: Date::parse("2026-11-30").unwrap(),
        extra_ca_sha256: Vec::new(),
        facts: vec![
            Fact { path: "web_security.https".into(), value: json!(true), from: origin("javascript:alert(1)") },
            Fact {
                path: "web_security.hsts_max_age".into(),
                value: serde_json::Value::Null,
                from: origin("https://a.example/"),
            },
        ],
        sources: Vec::new(),
    };
    file.facts[0].from.sha256 = "not-a-hash".into();
    file.facts[1].from.http_status = Some(999);
    let path = dir.path().join("acme.collected.json");
    std::fs::write(&path, file.to_json()).unwrap();
    let Diagnostics(problems) = merge(loaded, &path).unwrap_err();
    let found: Vec<(String, String)> =
        problems.iter().map(|p| (p.key.clone().unwrap_or_default(), p.message.clone())).collect();
    let has = |key: &str, text: &str| found.iter().any(|(k, m)| k == key && m.contains(text));
    assert!(has("facts[0].from.url", "`javascript:alert(1)` is not an http, https, dns: or tls: URL"), "{found:?}");
    assert!(has("facts[0].from.sha256", "`not-a-hash` is not a SHA-256"), "{found:?}");
    assert!(has("facts[1].from.http_status", "999 is not an HTTP status"), "{found:?}");
    assert!(has("facts[1].value", "has no value (null)"), "{found:?}");
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(problems.iter().all(|p| p.line.is_some() && p.help.is_some()), "each is placed, with its fix");
}

#[test]
fn dns_and_tls_origins_need_an_outcome_and_no_http_status() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), DOSSIER);
    let mut dns = origin("dns:_dmarc.acme.example?type=TXT");
    (dns.http_status, dns.outcome) = (None, Some("NOERROR".into()));
    let mut tls = origin("tls://app.acme.example:443");
    tls.outcome = Some("TLSv1.3".into());
    let mut file = CollectedFile {
        riskcard_collected: FORMAT,
        vendor: "acme".into(),
        as_of: Date::parse("2026-11-30").unwrap(),
        extra_ca_sha256: Vec::new(),
        facts: vec![
            Fact {
                path: "extensions.riskcard.email-security.dmarc".into(),
                value: json!({ "present": false }),
                from: dns,
            },
            Fact { path: "extensions.riskcard.tls".into(), value: json!({ "chain_valid": true }), from: tls },
        ],
        sources: Vec::new(),
    };
    let path = dir.path().join("acme.collected.json");
    std::fs::write(&path, file.to_json()).unwrap();
    let Diagnostics(problems) = merge(loaded.clone(), &path).unwrap_err();
    let found: Vec<(String, String)> =
        problems.iter().map(|p| (p.key.clone().unwrap_or_default(), p.message.clone())).collect();
    assert_eq!(found, [("facts[1].from.http_status".to_owned(), "a tls: origin has no HTTP status".to_owned())]);

    file.facts[1].from.http_status = None;
    std::fs::write(&path, file.to_json()).unwrap();
    let dossier = merge(loaded, &path).unwrap().dossier;
    let origin = dossier.collected_origin("extensions.riskcard.tls").unwrap();
    assert_eq!((origin.outcome.as_deref(), origin.describe()), (Some("TLSv1.3"), "TLS handshake TLSv1.3".to_owned()));
    assert_eq!(dossier.extensions["riskcard.email-security.dmarc"].value, json!({ "present": false }));
}

/// Regression: the first of two conflicting facts won silently, and the provenance said
/// the dossier's own value was used.
#[test]
fn two_facts_for_one_path_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let loaded = loaded(dir.path(), DOSSIER);
    let path = collected_file(
        dir.path(),
        vec![
            ("web_security.https", json!(true), "https://app.acme.example/"),
            ("web_security.https", json!(false), "https://app.acme.example/"),
        ],
    );
    let Diagnostics(problems) = merge(loaded, &path).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].key.as_deref(), Some("facts[1].path"));
    assert!(problems[0].message.contains("`web_security.https` is collected twice"), "{}", problems[0].message);
}

#[test]
fn every_extension_collection_fills_under_the_riskcard_owner_is_one_riskcard_defines() {
    let ours: Vec<&str> = COLLECTABLE.iter().filter_map(|path| path.strip_prefix("extensions.riskcard.")).collect();
    assert!(!ours.is_empty());
    for topic in ours {
        let key = format!("riskcard.{topic}");
        assert!(dossier::RISKCARD_KEYS.contains(&key.as_str()), "{key} is missing from RISKCARD_KEYS");
        assert_eq!(dossier::extension_key_problem(&key), None);
    }
}
