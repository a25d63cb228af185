//! Native unit tests of the web-hygiene checks, at the boundaries of every threshold.

use super::*;
use crate::SIX_MONTHS;
use riskcard_plugin_sdk::evidence::{Provenance, Trust};
use riskcard_plugin_sdk::testing::{self, date, empty_dossier, provenance, security_txt};
use riskcard_plugin_sdk::{ParamValue, Params};

const AS_OF: Date = Date { year: 2026, month: 11, day: 30 };

/// A login page as collected from a careful vendor: HTTPS, redirect, HSTS of exactly six
/// months with includeSubDomains, a CSP restricting scripts and framing, nosniff.
fn strong() -> WebSecurity {
    WebSecurity {
        https: Some(true),
        http_redirects_to_https: Some(true),
        hsts_max_age: Some(SIX_MONTHS as u64),
        hsts_include_subdomains: Some(true),
        content_security_policy: Some(true),
        x_content_type_options: Some(true),
        frame_protection: Some(true),
        referrer_policy: Some("no-referrer".to_owned()),
        provenance: Provenance {
            source: Some("https://app.vendor.example/login".to_owned()),
            observed: Some(AS_OF),
            collected: true,
        },
    }
}

/// A section that says nothing.
fn silent() -> WebSecurity {
    WebSecurity {
        https: None,
        http_redirects_to_https: None,
        hsts_max_age: None,
        hsts_include_subdomains: None,
        content_security_policy: None,
        x_content_type_options: None,
        frame_protection: None,
        referrer_policy: None,
        provenance: provenance("nothing"),
    }
}

fn current_txt() -> SecurityTxt {
    security_txt(&["mailto:security@vendor.example"], Some(date(2027, 6, 30)))
}

fn trust(security_txt: Option<SecurityTxt>) -> Trust {
    Trust {
        security_policy_published: None,
        vulnerability_disclosure: None,
        bug_bounty: None,
        support_response_hours: None,
        incident_transparency: None,
        security_txt,
        provenance: provenance("https://vendor.example/.well-known/security.txt"),
    }
}

fn defaults(id: &str) -> Params {
    testing::params(&crate::CHECKS, id)
}

fn run_with(id: &str, web: Option<WebSecurity>, security_txt: Option<SecurityTxt>, params: &Params) -> Verdict {
    let mut dossier = empty_dossier();
    dossier.web_security = web;
    dossier.trust = security_txt.map(|found| trust(Some(found)));
    testing::run(&crate::CHECKS, id, dossier, AS_OF, params)
}

fn run(id: &str, web: WebSecurity) -> Verdict {
    run_with(id, Some(web), None, &defaults(id))
}

fn outcome(verdict: &Verdict) -> (Status, u8) {
    (verdict.status, verdict.score)
}

#[test]
fn a_careful_login_page_passes_transport_and_content() {
    assert_eq!(outcome(&run("transport", strong())), (Status::Pass, 100));
    assert_eq!(outcome(&run("content-security", strong())), (Status::Pass, 100));
    assert!(run("transport", strong()).findings.is_empty());
}

#[test]
fn hsts_max_age_exactly_at_the_threshold_passes_and_a_second_less_does_not() {
    assert_eq!(outcome(&run("transport", strong())), (Status::Pass, 100), "exactly six months");
    let short = WebSecurity { hsts_max_age: Some(SIX_MONTHS as u64 - 1), ..strong() };
    let verdict = run("transport", short);
    assert_eq!(outcome(&verdict), (Status::Partial, 99), "one second short is a medium finding");
    assert_eq!(verdict.findings.len(), 1);
    assert_eq!(verdict.findings[0].severity, Severity::Medium);
    assert_eq!(verdict.findings[0].evidence, ["web_security.hsts_max_age"]);
    assert!(verdict.findings[0].message.contains("the page sends 15767999 s (182 days)"), "{}", verdict.messages());
    let longer = WebSecurity { hsts_max_age: Some(SIX_MONTHS as u64 + 1), ..strong() };
    assert_eq!(outcome(&run("transport", longer)), (Status::Pass, 100));
}

#[test]
fn a_shorter_max_age_earns_its_share_of_the_rubrics_minimum() {
    let year = defaults("transport").with("min_hsts_max_age", ParamValue::Integer(31_536_000));
    let half_a_year = WebSecurity { hsts_max_age: Some(15_768_000), ..strong() };
    let verdict = run_with("transport", Some(half_a_year), None, &year);
    // HTTPS 4 + redirect 2 + half of HSTS 3 + includeSubDomains 1 = 8.5 of 10.
    assert_eq!(outcome(&verdict), (Status::Partial, 85));
}

#[test]
fn no_hsts_header_on_a_read_page_fails_hsts_but_an_unknown_one_is_missing_evidence() {
    let no_header = WebSecurity { hsts_max_age: None, hsts_include_subdomains: Some(false), ..strong() };
    let verdict = run("transport", no_header);
    assert_eq!(outcome(&verdict), (Status::Partial, 60), "HTTPS 4 + redirect 2 of 10");
    assert!(verdict.messages().contains("the page sends no HSTS header"), "{}", verdict.messages());
    let unknown = WebSecurity { hsts_max_age: None, hsts_include_subdomains: None, ..strong() };
    let verdict = run("transport", unknown);
    assert_eq!(outcome(&verdict), (Status::Partial, 60), "six of ten known and met; unknown HSTS earns nothing");
    assert!(verdict.messages().contains("No evidence: HSTS"), "{}", verdict.messages());
}

#[test]
fn include_subdomains_missing_is_low_and_does_not_block_a_pass() {
    let verdict = run("transport", WebSecurity { hsts_include_subdomains: Some(false), ..strong() });
    assert_eq!(outcome(&verdict), (Status::Pass, 90));
    assert_eq!(verdict.worst(), Severity::Low);
}

#[test]
fn a_plain_http_login_page_fails_and_hsts_sent_over_http_earns_nothing() {
    let plain = WebSecurity { https: Some(false), http_redirects_to_https: Some(false), ..strong() };
    let verdict = run("transport", plain);
    // Only includeSubDomains (1 of 10) is met.
    assert_eq!(outcome(&verdict), (Status::Fail, 10));
    assert_eq!(verdict.worst(), Severity::High);
    assert!(
        verdict.messages().contains("the page is plain http, where browsers ignore HSTS"),
        "{}",
        verdict.messages()
    );
}

#[test]
fn a_missing_redirect_blocks_a_pass() {
    let verdict = run("transport", WebSecurity { http_redirects_to_https: Some(false), ..strong() });
    assert_eq!(outcome(&verdict), (Status::Partial, 80));
}

#[test]
fn absent_facts_are_insufficient_evidence_never_a_fail() {
    for id in ["transport", "content-security", "posture"] {
        let verdict = run_with(id, None, None, &defaults(id));
        assert_eq!(outcome(&verdict), (Status::InsufficientEvidence, 0), "{id}: no section");
        assert_eq!(verdict.findings[0].evidence, ["web_security"]);
        let verdict = run(id, silent());
        assert_eq!(outcome(&verdict), (Status::InsufficientEvidence, 0), "{id}: a section that says nothing");
    }
    let verdict = run_with("security-txt", Some(strong()), None, &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::InsufficientEvidence, 0));
    assert_eq!(verdict.findings[0].evidence, ["trust.security_txt"]);
    let mut dossier = empty_dossier();
    dossier.trust = Some(trust(None));
    let verdict = testing::run(&crate::CHECKS, "security-txt", dossier, AS_OF, &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::InsufficientEvidence, 0), "a trust section without security.txt");
}

#[test]
fn half_the_weight_known_is_enough_to_conclude_and_less_is_not() {
    // CSP (4) of 8 known: exactly half concludes.
    let half = WebSecurity { content_security_policy: Some(true), ..silent() };
    assert_eq!(run("content-security", half).status, Status::Partial);
    // Framing (3) of 8 known: less than half.
    let less = WebSecurity { frame_protection: Some(true), ..silent() };
    assert_eq!(run("content-security", less).status, Status::InsufficientEvidence);
}

#[test]
fn a_csp_that_does_not_restrict_scripts_and_no_framing_protection_fail() {
    let weak = WebSecurity { content_security_policy: Some(false), frame_protection: Some(false), ..strong() };
    let verdict = run("content-security", weak);
    assert_eq!(outcome(&verdict), (Status::Fail, 13), "nosniff 1 of 8");
    let cited: Vec<&str> = verdict.findings.iter().map(|f| f.evidence[0].as_str()).collect();
    assert_eq!(cited, ["web_security.content_security_policy", "web_security.frame_protection"]);
    assert!(verdict.findings[0].message.contains("without 'unsafe-inline', 'unsafe-eval' or wildcard sources"));
    let verdict = run("content-security", WebSecurity { x_content_type_options: Some(false), ..strong() });
    assert_eq!(outcome(&verdict), (Status::Pass, 88), "nosniff alone is low");
}

#[test]
fn security_txt_expiring_on_the_as_of_date_is_current_and_the_day_before_is_not() {
    let on_the_day = security_txt(&["mailto:security@vendor.example"], Some(AS_OF));
    let verdict = run_with("security-txt", None, Some(on_the_day), &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::Pass, 100));
    assert_eq!(verdict.messages(), "The vendor's security.txt lists 1 contact and is valid until 2026-11-30.");
    let day_before = security_txt(&["mailto:security@vendor.example"], Some(date(2026, 11, 29)));
    let verdict = run_with("security-txt", None, Some(day_before), &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::Partial, 50));
    assert_eq!(
        verdict.messages(),
        "The vendor's security.txt falls short: it expired on 2026-11-29, so its contacts may no longer be watched."
    );
}

#[test]
fn security_txt_without_contact_or_expires_falls_short_by_half_each() {
    let no_contact = security_txt(&["  "], Some(date(2027, 1, 1)));
    assert_eq!(
        outcome(&run_with("security-txt", None, Some(no_contact), &defaults("security-txt"))),
        (Status::Partial, 50)
    );
    let no_expires = security_txt(&["https://vendor.example/report"], None);
    let verdict = run_with("security-txt", None, Some(no_expires), &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::Partial, 50));
    assert!(verdict.messages().contains("no Expires date"));
    let neither = security_txt(&[], Some(date(2025, 1, 1)));
    let verdict = run_with("security-txt", None, Some(neither), &defaults("security-txt"));
    assert_eq!(outcome(&verdict), (Status::Fail, 0));
    assert_eq!(verdict.findings.len(), 2);
}

#[test]
fn posture_weighs_the_page_and_the_security_txt_together() {
    let all = run_with("posture", Some(strong()), Some(current_txt()), &defaults("posture"));
    assert_eq!(outcome(&all), (Status::Pass, 100));
    // The page alone: 18 of 20, the security.txt unknown (a low finding).
    let page_only = run_with("posture", Some(strong()), None, &defaults("posture"));
    assert_eq!(outcome(&page_only), (Status::Pass, 90));
    assert_eq!(page_only.findings[0].evidence, ["trust.security_txt"]);
    // An expired security.txt is a medium finding: no pass.
    let expired = security_txt(&["mailto:s@vendor.example"], Some(date(2026, 11, 29)));
    let verdict = run_with("posture", Some(strong()), Some(expired), &defaults("posture"));
    assert_eq!(outcome(&verdict), (Status::Partial, 90));
    assert!(verdict.messages().contains("(it expired on 2026-11-29"), "{}", verdict.messages());
    // The security.txt alone is too little to conclude on.
    let verdict = run_with("posture", None, Some(current_txt()), &defaults("posture"));
    assert_eq!(verdict.status, Status::InsufficientEvidence);
}

#[test]
fn the_plugin_describes_its_checks() {
    let ids: Vec<&str> = crate::CHECKS.iter().map(|check| check.id).collect();
    assert_eq!(ids, ["transport", "content-security", "security-txt", "posture"]);
    assert_eq!(defaults("posture").integer("min_hsts_max_age"), 15_768_000);
}
