//! Collecting the sources read from DNS and TLS rather than HTTP — SPF, DMARC, MTA-STS
//! and the TLS of the login host — into the same reports and facts as the HTTP ones,
//! each fact citing its DNS query or handshake (or, for an MTA-STS policy, its HTTPS
//! response).

use tokio::sync::Semaphore;
use url::Url;

use super::fetch::{Follow, Session};
use super::probe::{Answer, Probe};
use super::provenance::{Fact, Outcome, SourceReport};
use super::{Extracted, Source, breaches, conclude, dns, email, tls};
use crate::dossier::{Date, Dossier, FactOrigin};

/// Why an HTTP step was asked of a source read from DNS or TLS.
pub const NOT_HTTP: &str = "this source is read from DNS or a TLS handshake, not HTTP";

/// Whether `source` is read from DNS or a TLS handshake rather than HTTP.
pub fn is_probed(source: Source) -> bool {
    matches!(source, Source::Spf | Source::Dmarc | Source::MtaSts | Source::Tls)
}

/// What a probed source asks about: the e-mail domain, or the login host and port.
enum Target {
    Domain(String),
    Endpoint(String, u16),
}

/// The target of `source` for `dossier`: `vendor.email_domain` or `vendor.website`'s
/// domain for the DNS sources, `vendor.app_url`'s host and port for TLS.
fn target(source: Source, dossier: &Dossier) -> Result<Target, String> {
    let vendor = &dossier.vendor;
    let parse = |key: &str, text: &Option<String>| {
        let text = text.as_deref().ok_or_else(|| format!("the dossier gives no vendor.{key}"))?;
        Url::parse(text).map_err(|error| format!("vendor.{key} `{text}` is not a URL: {error}"))
    };
    if source == Source::Tls {
        let url = parse("app_url", &vendor.app_url)?;
        let host = url.host_str().ok_or_else(|| format!("vendor.app_url `{url}` names no host"))?.to_owned();
        let port = url.port_or_known_default().ok_or_else(|| format!("vendor.app_url `{url}` has no port"))?;
        return Ok(Target::Endpoint(host, port));
    }
    if let Some(domain) = &vendor.email_domain {
        let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
        let valid = !domain.is_empty()
            && domain.split('.').all(|label| {
                !label.is_empty() && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            });
        return if valid {
            Ok(Target::Domain(domain))
        } else {
            Err(format!("vendor.email_domain `{domain}` is not a domain name"))
        };
    }
    let website = parse("website", &vendor.website).map_err(|reason| format!("{reason} (nor vendor.email_domain)"))?;
    breaches::domain(&website).map(Target::Domain)
}

/// Collects `source` for `dossier`, filling `report`; every failure becomes part of the report.
pub async fn collect(
    session: &Session<'_>,
    semaphore: &Semaphore,
    source: Source,
    dossier: &Dossier,
    as_of: Date,
    mut report: SourceReport,
) -> (SourceReport, Vec<Fact>) {
    let fail = |report: &mut SourceReport, reason: String| {
        report.outcome = Outcome::Failed;
        report.reason = Some(reason);
    };
    let target = match target(source, dossier) {
        Ok(target) => target,
        Err(reason) => {
            report.reason = Some(reason);
            return (report, Vec::new());
        }
    };
    // The semaphore is never closed, so a permit always comes.
    let _permit = semaphore.acquire().await.ok();
    let probe = ask(session, source, &target).await;
    let probe = match probe {
        Ok(probe) => probe,
        Err(reason) => {
            fail(&mut report, reason);
            return (report, Vec::new());
        }
    };
    report.url = Some(probe.url.clone());
    let answer = match &probe.result {
        Ok(answer) => answer,
        Err(reason) => {
            fail(&mut report, reason.clone());
            return (report, Vec::new());
        }
    };
    let mut origin = probe.origin(answer);
    report.response = Some(origin.clone());
    let extracted = match (&target, source) {
        (Target::Endpoint(..), _) => tls::extract(answer, as_of),
        (Target::Domain(_), Source::Spf) => dns::records(answer).map(|records| email::spf(&records)),
        (Target::Domain(_), Source::Dmarc) => dns::records(answer).map(|records| email::dmarc(&records)),
        (Target::Domain(domain), _) => match mta_sts(session, domain, answer).await {
            Ok((extracted, Some(policy))) => {
                report.response = Some(policy.clone());
                origin = policy;
                Ok(extracted)
            }
            Ok((extracted, None)) => Ok(extracted),
            Err(reason) => Err(reason),
        },
    };
    conclude(report, extracted, &origin)
}

/// The DNS query or handshake `source` makes, live or from the recording.
async fn ask(session: &Session<'_>, source: Source, target: &Target) -> Result<Probe, String> {
    let domain = match target {
        Target::Endpoint(host, port) => {
            return session.probe(&tls::tls_url(host, *port), |live| tls::probe(live.settings(), host, *port)).await;
        }
        Target::Domain(domain) => domain,
    };
    let name = match source {
        Source::Dmarc => format!("_dmarc.{domain}"),
        Source::MtaSts => format!("_mta-sts.{domain}"),
        _ => domain.clone(),
    };
    session.probe(&dns::txt_url(&name), |live| dns::lookup_txt(live.settings(), &name)).await
}

type PolicyRead = (Extracted, Option<FactOrigin>);

/// MTA-STS from `_mta-sts.<domain>`'s answer: none announced, a malformed announcement
/// (a note, no fact), or the policy announced, fetched over HTTPS with no redirect (RFC
/// 8461) — its origin comes back with it.
async fn mta_sts(session: &Session<'_>, domain: &str, answer: &Answer) -> Result<PolicyRead, String> {
    let records = dns::records(answer)?;
    match email::mta_sts_announced(&records) {
        Ok(false) => Ok((email::mta_sts_absent(), None)),
        Err(why) => {
            let note = format!("no MTA-STS fact is taken: {why}");
            Ok((Extracted { facts: Vec::new(), notes: vec![note] }, None))
        }
        Ok(true) => {
            let url = Url::parse(&format!("https://mta-sts.{domain}{}", email::POLICY_PATH))
                .map_err(|error| format!("cannot build the MTA-STS policy URL: {error}"))?;
            let fetched = session.get(&url, Follow::Redirects, email::MAX_POLICY).await.map_err(|failure| {
                format!("the MTA-STS policy announced in DNS cannot be fetched: {}", failure.reason)
            })?;
            if !fetched.redirects.is_empty() {
                return Err("the MTA-STS policy is served through a redirect, which RFC 8461 forbids".to_owned());
            }
            if !(200..300).contains(&fetched.reply.status) {
                return Err(format!("the MTA-STS policy: {}", fetched.reply.describe_status()));
            }
            let extracted = email::mta_sts_policy(&fetched.reply.body)?;
            Ok((extracted, Some(fetched.origin())))
        }
    }
}
