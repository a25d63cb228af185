//! The security headers of the vendor's login or application page — HSTS (max-age,
//! includeSubDomains), Content-Security-Policy (judged by [`csp`]), X-Content-Type-Options, framing
//! protection (CSP frame-ancestors or X-Frame-Options) and Referrer-Policy — and whether
//! plain http on its host redirects to https.

use serde_json::{Value, json};
use url::Url;

use super::Extracted;
use super::csp;
use super::fetch::Fetched;

/// The largest page body read (the headers are what matter; the body is hashed).
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// Statuses whose headers describe the login page: success, or a login challenge.
fn is_page(status: u16) -> bool {
    (200..300).contains(&status) || status == 401 || status == 403
}

/// HSTS max-age and includeSubDomains, when the header has a readable max-age.
fn hsts(value: &str) -> Option<(u64, bool)> {
    let mut max_age = None;
    let mut include_subdomains = false;
    for directive in value.split(';').map(str::trim) {
        let (name, argument) = directive.split_once('=').map_or((directive, None), |(n, a)| (n.trim(), Some(a.trim())));
        if name.eq_ignore_ascii_case("max-age") {
            max_age = argument.and_then(|a| a.trim_matches('"').parse::<u64>().ok());
        } else if name.eq_ignore_ascii_case("includesubdomains") {
            include_subdomains = true;
        }
    }
    max_age.map(|max_age| (max_age, include_subdomains))
}

/// Whether a CSP restricts who may frame the page (a `frame-ancestors` that is not `*`).
fn csp_restricts_framing(policy: &str) -> bool {
    policy.split(';').any(|directive| {
        let mut tokens = directive.split_whitespace();
        tokens.next().is_some_and(|name| name.eq_ignore_ascii_case("frame-ancestors")) && !tokens.any(|t| t == "*")
    })
}

/// The header facts of a fetched page.
pub fn extract(fetched: &Fetched) -> Result<Extracted, String> {
    let reply = &fetched.reply;
    if !is_page(reply.status) {
        return Err(reply.describe_status());
    }
    let mut notes = Vec::new();
    let chain: Vec<&str> = fetched.redirects.iter().map(String::as_str).chain([fetched.url.as_str()]).collect();
    let https = chain.iter().all(|hop| hop.starts_with("https:"));
    if !https && chain.len() > 1 {
        notes.push(format!("the redirect chain passes through plain http: {}", chain.join(" → ")));
    }
    let mut facts = vec![("web_security.https".to_owned(), Value::Bool(https))];
    match reply.header("strict-transport-security").map(|value| (value, hsts(value))) {
        Some((_, Some((max_age, include_subdomains)))) => {
            facts.push(("web_security.hsts_max_age".into(), json!(max_age)));
            facts.push(("web_security.hsts_include_subdomains".into(), Value::Bool(include_subdomains)));
            if fetched.url.scheme() != "https" {
                notes.push("Strict-Transport-Security was sent over plain http, where browsers ignore it".into());
            }
        }
        Some((value, None)) => {
            notes.push(format!("Strict-Transport-Security `{value}` has no readable max-age"));
            facts.push(("web_security.hsts_include_subdomains".into(), Value::Bool(false)));
        }
        None => facts.push(("web_security.hsts_include_subdomains".into(), Value::Bool(false))),
    }
    let policies: Vec<&str> = reply.headers("content-security-policy").filter(|p| !p.trim().is_empty()).collect();
    let csp = csp::judge(&policies);
    facts.push(("web_security.content_security_policy".into(), Value::Bool(csp.restricts_scripts)));
    notes.extend(csp.shortfalls);
    let nosniff = reply.header("x-content-type-options").is_some_and(|v| v.trim().eq_ignore_ascii_case("nosniff"));
    facts.push(("web_security.x_content_type_options".into(), Value::Bool(nosniff)));
    let frame_options = reply
        .header("x-frame-options")
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("deny") || v.trim().eq_ignore_ascii_case("sameorigin"));
    let framing = frame_options || policies.iter().any(|policy| csp_restricts_framing(policy));
    facts.push(("web_security.frame_protection".into(), Value::Bool(framing)));
    match reply.header("referrer-policy").map(str::trim).filter(|v| !v.is_empty()) {
        Some(policy) => facts.push(("web_security.referrer_policy".into(), json!(policy))),
        None => notes.push("no Referrer-Policy header (browsers then use strict-origin-when-cross-origin)".into()),
    }
    facts.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(Extracted { facts, notes })
}

/// The plain-http URL probed for the upgrade redirect: `app_url` on port 80 over http
/// (kept as it is when it is plain http already, as local test servers are).
pub fn probe_url(app_url: &Url) -> Url {
    let mut probe = app_url.clone();
    if probe.scheme() == "https" {
        // Both changes are always allowed for an http(s) URL with a host.
        let _ = probe.set_scheme("http");
        let _ = probe.set_port(None);
    }
    probe
}

/// Whether plain http redirected to https, from the probe's last response; a server
/// error says nothing either way.
pub fn redirect_fact(fetched: &Fetched) -> Result<Extracted, String> {
    let upgraded = fetched.location.as_ref().is_some_and(|location| location.scheme() == "https");
    if !upgraded && fetched.reply.status >= 500 {
        return Err(fetched.reply.describe_status());
    }
    let notes = if upgraded {
        Vec::new()
    } else {
        vec![format!(
            "{} answered {} over plain http without redirecting to https",
            fetched.url,
            fetched.reply.describe_status()
        )]
    };
    Ok(Extracted { facts: vec![("web_security.http_redirects_to_https".into(), Value::Bool(upgraded))], notes })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::fetch::Reply;
    use crate::dossier::Timestamp;

    fn page(url: &str, status: u16, headers: &[(&str, &str)]) -> Fetched {
        Fetched {
            url: Url::parse(url).unwrap(),
            fetched_at: Timestamp::from_unix_seconds(0),
            reply: Reply {
                status,
                headers: headers.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect(),
                body: Vec::new(),
                attempts: 1,
                gave_up: None,
            },
            redirects: Vec::new(),
            location: None,
        }
    }

    fn facts(extracted: &Extracted) -> serde_json::Map<String, Value> {
        extracted
            .facts
            .iter()
            .map(|(path, value)| (path.trim_start_matches("web_security.").to_owned(), value.clone()))
            .collect()
    }

    #[test]
    fn a_well_protected_page() {
        let extracted = extract(&page(
            "https://app.acme.example/login",
            200,
            &[
                ("strict-transport-security", "max-age=\"63072000\"; includeSubDomains; preload"),
                ("content-security-policy", "default-src 'self'; frame-ancestors 'none'"),
                ("x-content-type-options", "nosniff"),
                ("referrer-policy", "no-referrer"),
            ],
        ))
        .unwrap();
        assert_eq!(
            Value::Object(facts(&extracted)),
            json!({ "content_security_policy": true, "frame_protection": true, "hsts_include_subdomains": true,
                    "hsts_max_age": 63072000, "https": true, "referrer_policy": "no-referrer",
                    "x_content_type_options": true })
        );
        assert!(extracted.notes.is_empty());
    }

    #[test]
    fn a_bare_page_has_every_protection_false() {
        let extracted =
            extract(&page("http://app.acme.example/login", 401, &[("x-frame-options", "ALLOW-FROM x")])).unwrap();
        assert_eq!(
            Value::Object(facts(&extracted)),
            json!({ "content_security_policy": false, "frame_protection": false, "hsts_include_subdomains": false,
                    "https": false, "x_content_type_options": false })
        );
        assert!(extracted.notes[0].starts_with("no Referrer-Policy"));
    }

    #[test]
    fn framing_is_protected_by_either_header_but_not_by_a_wildcard() {
        let framed = |headers: &[(&str, &str)]| {
            facts(&extract(&page("https://a.example/", 200, headers)).unwrap())["frame_protection"].clone()
        };
        assert_eq!(framed(&[("x-frame-options", "SAMEORIGIN")]), json!(true));
        assert_eq!(framed(&[("content-security-policy", "frame-ancestors https://a.example")]), json!(true));
        assert_eq!(framed(&[("content-security-policy", "frame-ancestors *")]), json!(false));
        assert_eq!(framed(&[("content-security-policy", "default-src 'self'")]), json!(false));
    }

    #[test]
    fn a_redirect_chain_through_plain_http_is_no_https_and_is_noted() {
        let mut fetched = page("https://app.acme.example/login", 200, &[]);
        fetched.redirects = vec!["https://acme.example/login".into(), "http://sso.acme.example/start".into()];
        let extracted = extract(&fetched).unwrap();
        assert_eq!(facts(&extracted)["https"], json!(false));
        assert_eq!(
            extracted.notes[0],
            "the redirect chain passes through plain http: https://acme.example/login → http://sso.acme.example/start → https://app.acme.example/login"
        );
        fetched.redirects = vec!["https://acme.example/login".into()];
        assert_eq!(facts(&extract(&fetched).unwrap())["https"], json!(true));
    }

    #[test]
    fn server_errors_are_not_read_as_the_page() {
        assert_eq!(extract(&page("https://a.example/", 404, &[])).unwrap_err(), "HTTP 404 Not Found");
    }

    #[test]
    fn the_probe_goes_to_port_80_over_http() {
        let probe = probe_url(&Url::parse("https://app.acme.example:8443/login?next=1").unwrap());
        assert_eq!(probe.as_str(), "http://app.acme.example/login?next=1");
        let local = Url::parse("http://127.0.0.1:8080/login").unwrap();
        assert_eq!(probe_url(&local), local);
    }
}
