//! A plugin in a second language: the JavaScript web-security plugin in
//! examples/plugins/web-security, built from source with componentize-qjs, passes its
//! golden fixtures and runs beside the Rust plugins in one assessment.

use crate::authoring::assess_with;
use crate::guests::{js_plugin, js_plugin_dir};
use crate::support::{criterion, riskcard, write};

#[test]
fn the_javascript_plugin_passes_its_golden_fixtures_in_the_sandbox() {
    let run = riskcard([
        "plugin".as_ref(),
        "test".as_ref(),
        js_plugin().as_os_str(),
        js_plugin_dir().join("fixtures").as_os_str(),
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(run.stdout.contains("plugin web-security 0.1.0"), "{}", run.stdout);
    assert!(run.stdout.ends_with("3 passed, 0 failed\n"), "{}", run.stdout);
}

const DOSSIER: &str = "[vendor]\nid = \"mixed\"\nname = \"Mixed CRM\"\n\n[[certifications]]\nkind = \"iso27001\"\ncovers_product = true\nissued = 2025-01-01\nexpires = 2028-01-01\n\n[web_security]\nhttps = true\nhttp_redirects_to_https = true\nhsts_max_age = 31536000\nhsts_include_subdomains = true\ncontent_security_policy = false\nx_content_type_options = true\nframe_protection = true\nreferrer_policy = \"no-referrer\"\nsource = \"https://app.mixed.example/login\"\nobserved = 2026-11-01\n";

const RUBRIC: &str = "id = \"mixed\"\nversion = \"1.0.0\"\ntitle = \"Rust and JavaScript plugins\"\n\n[[criteria]]\nid = \"iso\"\npractice = \"trusted-provider\"\ncheck = \"certifications/iso27001\"\nweight = 2\n\n[[criteria]]\nid = \"soc2\"\npractice = \"trusted-provider\"\ncheck = \"certifications/soc2\"\nweight = 2\n\n[[criteria]]\nid = \"transport\"\npractice = \"encryption\"\ncheck = \"web-security/transport-security\"\nweight = 1\n\n[[criteria]]\nid = \"browser\"\npractice = \"trusted-provider\"\ncheck = \"web-security/browser-hardening\"\nweight = 1\nparams = { require_csp = false }\n\n[[grades]]\ngrade = \"A\"\nmin_score = 80\n[[grades]]\ngrade = \"F\"\nmin_score = 0\n\n[[risk_tiers]]\ntier = \"low\"\nmin_score = 0\n";

#[test]
fn javascript_and_rust_plugin_results_appear_in_one_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let plugins = dir.path().join("plugins");
    std::fs::create_dir(&plugins).unwrap();
    std::fs::copy(js_plugin(), plugins.join("web-security.wasm")).unwrap();
    let dossier = write(dir.path(), "mixed.toml", DOSSIER);
    let rubric = write(dir.path(), "rubric.toml", RUBRIC);
    let card = assess_with(dir.path(), &dossier, &rubric, &plugins);

    assert_eq!(criterion(&card, "iso")["status"], "pass", "a Rust plugin's result");
    assert_eq!(criterion(&card, "soc2")["status"], "fail", "no SOC 2 report is listed");
    let transport = criterion(&card, "transport");
    assert_eq!((transport["status"].as_str(), transport["score"].as_i64()), (Some("pass"), Some(100)), "{transport}");
    assert_eq!(transport["title"], "Login page served only over HTTPS, with HSTS");
    let browser = criterion(&card, "browser");
    assert_eq!((browser["status"].as_str(), browser["score"].as_i64()), (Some("partial"), Some(57)), "{browser}");
    let finding = &browser["findings"][0];
    assert_eq!(finding["severity"], "low", "require_csp = false from the rubric reached the plugin: {finding}");
    assert_eq!(finding["evidence"][0]["path"], "web_security.content_security_policy");
    assert_eq!(finding["evidence"][0]["found"], true);
    assert_eq!(finding["evidence"][0]["source"], "https://app.mixed.example/login");

    let plugins: Vec<&str> =
        card["provenance"]["plugins"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(plugins, ["certifications", "web-security"]);
    let output = card["plugin_output"].as_array().unwrap();
    assert!(
        output.iter().any(|o| o["plugin"] == "web-security" && o["log"][0]["message"] == "mixed: 2 criteria"),
        "the JavaScript plugin's log is captured: {output:?}"
    );
}
