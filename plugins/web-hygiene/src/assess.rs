//! The web-hygiene checks as plain functions over the dossier, unit-tested natively.
//!
//! The facts are the ones `riskcard collect` writes (docs/collect.md): `web_security.*`
//! from the login page's response headers and the plain-http probe, `trust.security_txt`
//! from `/.well-known/security.txt`. A fact that is absent is missing evidence, never a
//! failure; a header the collector read and found missing is a failure.

use riskcard_plugin_sdk::evidence::{SecurityTxt, WebSecurity};
use riskcard_plugin_sdk::ratio::at_least;
use riskcard_plugin_sdk::text::count;
use riskcard_plugin_sdk::{Context, Date, Params, Severity, Status, Tally, Thresholds, Verdict, date, finding};

/// Where the login page's facts sit in the dossier.
const WEB: &str = "web_security";
/// Where the security.txt facts sit in the dossier.
const SECURITY_TXT: &str = "trust.security_txt";

/// The verdict when the dossier has no `[web_security]` section.
fn no_web_section() -> Verdict {
    Verdict::insufficient(finding(
        Severity::Medium,
        "The dossier has no web-security facts for the vendor's login page.",
        "Give the dossier vendor.app_url and run riskcard collect, or record the login page's HTTPS, HSTS and Content-Security-Policy under [web_security].",
        &[WEB],
    ))
}

/// The vendor's security.txt, or the verdict saying it is not known.
fn security_txt_section(ctx: &Context) -> Result<&SecurityTxt, Verdict> {
    ctx.dossier.trust.as_ref().and_then(|trust| trust.security_txt.as_ref()).ok_or_else(|| {
        Verdict::insufficient(finding(
            Severity::Medium,
            "The dossier has no security.txt for this vendor: it was not collected, or none was found at /.well-known/security.txt.",
            "Give the dossier vendor.website and run riskcard collect, or record the vendor's security.txt under [trust.security_txt].",
            &[SECURITY_TXT],
        ))
    })
}

/// `seconds` as people read an HSTS max-age, e.g. "15768000 s (182 days)".
fn max_age_text(seconds: i64) -> String {
    format!("{seconds} s ({})", count(seconds / 86_400, "day"))
}

/// The share of the HSTS requirement met: the max-age against `min`; nothing when the
/// page is plain http (browsers ignore HSTS there) or when its headers were read and carry
/// no HSTS (`hsts_include_subdomains` known, `hsts_max_age` absent); `None` when unknown.
fn hsts_share(web: &WebSecurity, min: i64) -> Option<f64> {
    if web.https == Some(false) {
        return Some(0.0);
    }
    match (web.hsts_max_age, web.hsts_include_subdomains) {
        (Some(age), _) => Some(at_least(i64::try_from(age).unwrap_or(i64::MAX), min)),
        (None, Some(_)) => Some(0.0),
        (None, None) => None,
    }
}

/// Adds the transport requirements: HTTPS [4] high, the http→https redirect [2] medium,
/// HSTS max-age at least `min` seconds [3] graded, medium, and includeSubDomains [1] low.
fn add_transport(tally: &mut Tally, web: &WebSecurity, min: i64) {
    let hsts_what = match (web.https, web.hsts_max_age) {
        (Some(false), _) => format!(
            "HSTS with a max-age of at least {} (the page is plain http, where browsers ignore HSTS)",
            max_age_text(min)
        ),
        (_, Some(age)) if i64::try_from(age).unwrap_or(i64::MAX) < min => format!(
            "HSTS with a max-age of at least {} (the page sends {})",
            max_age_text(min),
            max_age_text(i64::try_from(age).unwrap_or(i64::MAX))
        ),
        (_, None) if web.hsts_include_subdomains.is_some() => {
            format!("HSTS with a max-age of at least {} (the page sends no HSTS header)", max_age_text(min))
        }
        _ => format!("HSTS with a max-age of at least {}", max_age_text(min)),
    };
    tally
        .citing("web_security.https")
        .require(
            4.0,
            web.https,
            "the login page served over HTTPS, every redirect on the way included",
            Severity::High,
            "Ask the vendor to serve its login page, and every hop leading to it, over HTTPS only: credentials sent over plain http can be read and changed on the way.",
        )
        .citing("web_security.http_redirects_to_https")
        .require(
            2.0,
            web.http_redirects_to_https,
            "plain http on the login host redirected to https",
            Severity::Medium,
            "Ask the vendor to redirect plain http to https on the login host, so an old or mistyped link never loads the page unencrypted.",
        )
        .citing("web_security.hsts_max_age")
        .graded(
            3.0,
            hsts_share(web, min),
            &hsts_what,
            Severity::Medium,
            &format!(
                "Ask the vendor to send Strict-Transport-Security with max-age={min} or more on the login page, so browsers refuse plain http to that host."
            ),
        )
        .citing("web_security.hsts_include_subdomains")
        .require(
            1.0,
            web.hsts_include_subdomains,
            "HSTS covering subdomains (includeSubDomains)",
            Severity::Low,
            "Ask the vendor to add includeSubDomains to its HSTS header, so cookies of the parent domain never travel over plain http.",
        );
}

/// Adds the content requirements: a CSP that restricts scripts [4] medium, framing
/// restricted [3] medium, and `nosniff` [1] low.
fn add_content(tally: &mut Tally, web: &WebSecurity) {
    tally
        .citing("web_security.content_security_policy")
        .require(
            4.0,
            web.content_security_policy,
            "a Content-Security-Policy restricting where scripts come from, without 'unsafe-inline', 'unsafe-eval' or wildcard sources",
            Severity::Medium,
            "Ask the vendor for a Content-Security-Policy on its login page whose script-src (or default-src) allows only its own origins, nonces or hashes: it is the main defence against injected scripts stealing credentials.",
        )
        .citing("web_security.frame_protection")
        .require(
            3.0,
            web.frame_protection,
            "framing restricted (CSP frame-ancestors, or X-Frame-Options DENY or SAMEORIGIN)",
            Severity::Medium,
            "Ask the vendor to send frame-ancestors 'none' (or X-Frame-Options: DENY) on its login page, so no other site can overlay it to capture clicks.",
        )
        .citing("web_security.x_content_type_options")
        .require(
            1.0,
            web.x_content_type_options,
            "X-Content-Type-Options: nosniff",
            Severity::Low,
            "Ask the vendor to send X-Content-Type-Options: nosniff, so browsers never run a file it serves as a script by guessing its type.",
        );
}

/// What keeps `txt` from being a current reporting channel at `as_of`: no contact, no
/// Expires, or an Expires before the as-of date (a file expiring on that date still counts).
fn security_txt_problems(txt: &SecurityTxt, as_of: &Date) -> Vec<String> {
    let mut problems = Vec::new();
    if txt.contacts.iter().all(|contact| contact.trim().is_empty()) {
        problems.push("it lists no contact, so it offers no way to report a vulnerability".to_owned());
    }
    match txt.expires {
        None => problems.push("it has no Expires date, which RFC 9116 requires, so it may be stale".to_owned()),
        Some(expires) if date::days_between(as_of, &expires) < 0 => {
            problems.push(format!("it expired on {}, so its contacts may no longer be watched", date::iso(&expires)))
        }
        Some(_) => {}
    }
    problems
}

const SECURITY_TXT_REMEDIATION: &str = "Ask the vendor to publish a current security.txt (RFC 9116) with a Contact and an Expires date less than a year ahead, and to renew it before it expires.";

/// Via [`Tally`], strict: [`add_transport`] over `[web_security]`.
pub fn transport(ctx: &Context, params: &Params) -> Verdict {
    let Some(web) = ctx.dossier.web_security.as_ref() else {
        return no_web_section();
    };
    let mut tally = Tally::new(WEB);
    add_transport(&mut tally, web, params.integer("min_hsts_max_age"));
    tally.finish(Thresholds::strict())
}

/// Via [`Tally`], strict: [`add_content`] over `[web_security]`.
pub fn content_security(ctx: &Context, _params: &Params) -> Verdict {
    let Some(web) = ctx.dossier.web_security.as_ref() else {
        return no_web_section();
    };
    let mut tally = Tally::new(WEB);
    add_content(&mut tally, web);
    tally.finish(Thresholds::strict())
}

/// A security.txt with a contact (half the score) that has not expired at the as-of date
/// (the other half); each shortfall is a medium finding.
pub fn security_txt(ctx: &Context, _params: &Params) -> Verdict {
    let txt = match security_txt_section(ctx) {
        Ok(txt) => txt,
        Err(verdict) => return verdict,
    };
    let problems = security_txt_problems(txt, &ctx.as_of);
    if problems.is_empty() {
        let contacts = txt.contacts.iter().filter(|contact| !contact.trim().is_empty()).count();
        let expires = txt.expires.as_ref().map(date::iso).unwrap_or_default();
        return Verdict {
            status: Status::Pass,
            score: 100,
            findings: vec![finding(
                Severity::Info,
                format!("The vendor's security.txt lists {} and is valid until {expires}.", count(contacts, "contact")),
                "",
                &[SECURITY_TXT],
            )],
        };
    }
    let (status, score) = if problems.len() == 1 { (Status::Partial, 50) } else { (Status::Fail, 0) };
    let findings = problems
        .iter()
        .map(|problem| {
            finding(
                Severity::Medium,
                format!("The vendor's security.txt falls short: {problem}."),
                SECURITY_TXT_REMEDIATION,
                &[SECURITY_TXT],
            )
        })
        .collect();
    Verdict { status, score, findings }
}

/// Everything in one criterion, via [`Tally`], strict: [`add_transport`] [10],
/// [`add_content`] [8] and a current security.txt with a contact [2].
pub fn posture(ctx: &Context, params: &Params) -> Verdict {
    let txt = ctx.dossier.trust.as_ref().and_then(|trust| trust.security_txt.as_ref());
    // A security.txt alone is a tenth of the weight: too little to conclude on.
    let Some(web) = ctx.dossier.web_security.as_ref() else {
        return no_web_section();
    };
    let mut tally = Tally::new(WEB);
    add_transport(&mut tally, web, params.integer("min_hsts_max_age"));
    add_content(&mut tally, web);
    let problems = txt.map(|txt| security_txt_problems(txt, &ctx.as_of));
    let txt_what = match &problems {
        Some(problems) if !problems.is_empty() => {
            format!("a current security.txt with a contact ({})", problems.join("; "))
        }
        _ => "a current security.txt with a contact".to_owned(),
    };
    tally.citing(SECURITY_TXT).require(
        2.0,
        problems.map(|problems| problems.is_empty()),
        &txt_what,
        Severity::Medium,
        SECURITY_TXT_REMEDIATION,
    );
    tally.finish(Thresholds::strict())
}

#[cfg(test)]
mod tests;
