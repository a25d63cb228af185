//! Collecting public evidence (`riskcard collect`): the vendor's Statuspage, its
//! security.txt, the security headers of its login page and, when asked for, the
//! breaches a public catalogue lists for its domain, its e-mail security (SPF, DMARC and
//! MTA-STS, from DNS) and the TLS of its login host, fetched safely and
//! concurrently (bounded), each fact kept with the response it came from, recorded or
//! replayed on request. A source that fails is reported with its reason and never fails
//! the rest. `assess` merges the result into the dossier with [`merge()`]; the dossier's
//! own facts win. This stage reads dossiers and writes nothing downstream reads but the
//! collected-evidence file.

mod breaches;
mod ca;
mod csp;
mod dns;
mod email;
mod fetch;
mod guard;
mod headers;
mod merge;
mod probe;
mod probed;
mod provenance;
mod replay;
mod retry;
mod securitytxt;
mod statuspage;
mod tls;

use std::collections::BTreeMap;
use std::io;
use std::path::PathBuf;

use futures_util::future::join_all;
use serde_json::Value;
use tokio::sync::Semaphore;
use url::Url;

pub use breaches::DEFAULT_CATALOGUE as DEFAULT_BREACH_CATALOGUE;
pub use ca::{CaError, ExtraCa};
pub use fetch::{ClientError, FetchSettings, KEPT_HEADERS, MAX_REDIRECTS};
pub use guard::{AddressPolicy, Refusal, is_link_local_or_metadata, is_public};
pub use merge::{COLLECTABLE, merge};
pub use provenance::{CollectedFile, FORMAT, Fact, Outcome, Source, SourceReport, written_by_riskcard};
pub use retry::RetryPolicy;

use self::fetch::{Follow, Live, Session, Transport};
use crate::diagnostics::Diagnostics;
use crate::dossier::{Date, Dossier, FactOrigin};

/// What a source read from its response: facts by dossier path, and notes for the reader.
#[derive(Debug, Clone, PartialEq)]
pub struct Extracted {
    /// Values by dossier path, e.g. `web_security.https`.
    pub facts: Vec<(String, Value)>,
    /// Observations worth a reader's attention.
    pub notes: Vec<String>,
}

/// Where responses come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// The network; with `record`, every exchange is also kept in that directory.
    Live {
        /// Where to record, if anywhere.
        record: Option<PathBuf>,
    },
    /// Recordings in this directory; no network at all.
    Replay(PathBuf),
}

/// How to collect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The date facts are judged at; default today, or the recording's date on replay.
    pub as_of: Option<Date>,
    /// At most this many sources fetched at once.
    pub jobs: usize,
    /// The live client's behaviour.
    pub fetch: FetchSettings,
    /// Live or replayed.
    pub mode: Mode,
    /// The breach catalogue to ask (`--breaches`); `None` leaves that source out.
    pub breaches: Option<Url>,
    /// Whether to look up SPF, DMARC and MTA-STS in DNS (`--email-security`).
    pub email_security: bool,
    /// Whether to shake hands with the login host (`--tls`).
    pub tls: bool,
}

/// Why a collection could not run at all (a failing source never causes one).
#[derive(Debug, thiserror::Error)]
pub enum CollectError {
    /// A recording to replay is missing or broken.
    #[error(transparent)]
    Recording(#[from] Diagnostics),
    /// The HTTP client could not be set up.
    #[error(transparent)]
    Client(#[from] ClientError),
    /// The async runtime could not start.
    #[error("cannot start the async runtime: {0}")]
    Runtime(io::Error),
    /// A recording could not be written.
    #[error("cannot write the recording for vendor `{vendor}`: {source}")]
    Record {
        /// The vendor.
        vendor: String,
        /// What failed.
        source: io::Error,
    },
}

/// Collects evidence for every dossier, calling `done` as each vendor finishes; the
/// files come back in the order of `dossiers`.
pub fn collect(
    dossiers: &[&Dossier],
    settings: &Settings,
    done: &(dyn Fn(&CollectedFile) + Sync),
) -> Result<Vec<CollectedFile>, CollectError> {
    let transport = match &settings.mode {
        Mode::Live { .. } => Transport::Live(Live::new(settings.fetch.clone())?),
        Mode::Replay(dir) => {
            let mut recordings = BTreeMap::new();
            let mut problems = Vec::new();
            for dossier in dossiers {
                match replay::read(dir, &dossier.vendor.id) {
                    Ok(recording) => {
                        recordings.insert(dossier.vendor.id.clone(), recording);
                    }
                    Err(Diagnostics(found)) => problems.extend(found),
                }
            }
            if !problems.is_empty() {
                return Err(Diagnostics(problems).into());
            }
            Transport::Replay(recordings)
        }
    };
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().map_err(CollectError::Runtime)?;
    let semaphore = Semaphore::new(settings.jobs.max(1));
    let collected = runtime.block_on(join_all(dossiers.iter().map(|dossier| {
        let (transport, semaphore) = (&transport, &semaphore);
        async move {
            let as_of = settings
                .as_of
                .or_else(|| match transport {
                    Transport::Replay(recordings) => recordings.get(&dossier.vendor.id).map(|r| r.as_of),
                    Transport::Live(_) => None,
                })
                .unwrap_or_else(Date::today_utc);
            let extra_ca_sha256 = match transport {
                Transport::Replay(recordings) => {
                    recordings.get(&dossier.vendor.id).map(|r| r.extra_ca_sha256.clone()).unwrap_or_default()
                }
                Transport::Live(_) => ExtraCa::fingerprints(&settings.fetch.extra_roots),
            };
            let session = Session::new(transport, &settings.fetch.policy, &dossier.vendor.id);
            let mut file = collect_vendor(&session, dossier, as_of, semaphore, settings).await;
            file.extra_ca_sha256 = extra_ca_sha256;
            done(&file);
            (file, session.exchanges(), session.probes())
        }
    })));
    let mut files = Vec::new();
    for (file, exchanges, probes) in collected {
        if let Mode::Live { record: Some(dir) } = &settings.mode {
            replay::write(dir, &file.vendor, file.as_of, &file.extra_ca_sha256, &exchanges, &probes)
                .map_err(|source| CollectError::Record { vendor: file.vendor.clone(), source })?;
        }
        files.push(file);
    }
    Ok(files)
}

/// The URL each source starts from, or why it is not tried; `catalogue` is the breach
/// catalogue asked.
fn source_url(source: Source, dossier: &Dossier, catalogue: Option<&Url>) -> Result<Url, String> {
    let vendor = &dossier.vendor;
    let (key, text) = match source {
        Source::StatusSummary | Source::StatusIncidents => ("status_page", &vendor.status_page),
        Source::SecurityTxt | Source::Breaches => ("website", &vendor.website),
        Source::SecurityHeaders | Source::HttpsRedirect => ("app_url", &vendor.app_url),
        Source::Spf | Source::Dmarc | Source::MtaSts | Source::Tls => return Err(probed::NOT_HTTP.to_owned()),
    };
    let text = text.as_deref().ok_or_else(|| format!("the dossier gives no vendor.{key}"))?;
    let base = Url::parse(text).map_err(|error| format!("vendor.{key} `{text}` is not a URL: {error}"))?;
    let joined = |path: &str| {
        let mut base = base.clone();
        if !base.path().ends_with('/') {
            base.set_path(&format!("{}/", base.path()));
        }
        base.join(path).map_err(|error| format!("cannot build the URL from vendor.{key}: {error}"))
    };
    match source {
        Source::StatusSummary => joined(statuspage::SUMMARY_PATH),
        Source::StatusIncidents => joined(statuspage::INCIDENTS_PATH),
        Source::SecurityTxt => joined(securitytxt::PATH),
        Source::SecurityHeaders => Ok(base),
        Source::HttpsRedirect => Ok(headers::probe_url(&base)),
        Source::Breaches => {
            let catalogue = catalogue.ok_or("not asked for (--breaches)")?;
            Ok(breaches::lookup_url(catalogue, &breaches::domain(&base)?))
        }
        Source::Spf | Source::Dmarc | Source::MtaSts | Source::Tls => Err(probed::NOT_HTTP.to_owned()),
    }
}

/// Reads a source's facts from its fetched response.
fn extract(source: Source, fetched: &fetch::Fetched, as_of: Date, dossier: &Dossier) -> Result<Extracted, String> {
    let success = || {
        if (200..300).contains(&fetched.reply.status) { Ok(()) } else { Err(fetched.reply.describe_status()) }
    };
    match source {
        Source::StatusSummary => success().and_then(|()| statuspage::summary(&fetched.reply.body)),
        Source::StatusIncidents => success().and_then(|()| statuspage::incidents(&fetched.reply.body, as_of)),
        Source::SecurityTxt => success().and_then(|()| securitytxt::extract(fetched, as_of)),
        Source::SecurityHeaders => headers::extract(fetched),
        Source::HttpsRedirect => headers::redirect_fact(fetched),
        Source::Breaches => success().and_then(|()| {
            let website = dossier.vendor.website.as_deref().and_then(|text| Url::parse(text).ok());
            let domain = website
                .as_ref()
                .ok_or_else(|| "the dossier gives no vendor.website".to_owned())
                .and_then(breaches::domain)?;
            breaches::extract(fetched, &domain)
        }),
        Source::Spf | Source::Dmarc | Source::MtaSts | Source::Tls => Err(probed::NOT_HTTP.to_owned()),
    }
}

/// Fetches one source and reads its facts; every failure becomes part of the report.
async fn collect_source(
    session: &Session<'_>,
    semaphore: &Semaphore,
    source: Source,
    dossier: &Dossier,
    as_of: Date,
    catalogue: Option<&Url>,
) -> (SourceReport, Vec<Fact>) {
    let mut report = SourceReport {
        source,
        url: None,
        outcome: Outcome::Skipped,
        reason: None,
        response: None,
        redirects: Vec::new(),
        notes: Vec::new(),
    };
    if probed::is_probed(source) {
        return probed::collect(session, semaphore, source, dossier, as_of, report).await;
    }
    let url = match source_url(source, dossier, catalogue) {
        Ok(url) => url,
        Err(reason) => {
            report.reason = Some(reason);
            return (report, Vec::new());
        }
    };
    report.url = Some(url.to_string());
    let (follow, limit) = match source {
        Source::StatusSummary | Source::StatusIncidents => (Follow::Redirects, statuspage::MAX_BODY),
        Source::SecurityTxt => (Follow::Redirects, securitytxt::MAX_BODY),
        Source::SecurityHeaders => (Follow::Page, headers::MAX_BODY),
        Source::HttpsRedirect => (Follow::UntilHttps, headers::MAX_BODY),
        Source::Breaches => (Follow::Redirects, breaches::MAX_BODY),
        Source::Spf | Source::Dmarc | Source::MtaSts | Source::Tls => (Follow::Redirects, 0),
    };
    // The semaphore is never closed, so a permit always comes.
    let _permit = semaphore.acquire().await.ok();
    let fetched = match session.get(&url, follow, limit).await {
        Ok(fetched) => fetched,
        Err(failure) => {
            report.outcome = Outcome::Failed;
            report.reason = Some(failure.reason);
            report.redirects = failure.redirects;
            return (report, Vec::new());
        }
    };
    let origin = fetched.origin();
    report.response = Some(origin.clone());
    report.redirects = fetched.redirects.clone();
    conclude(report, extract(source, &fetched, as_of, dossier), &origin)
}

/// Finishes a source's report from what was read from its response: collected, with
/// facts citing `origin`, or failed with the reason.
fn conclude(
    mut report: SourceReport,
    extracted: Result<Extracted, String>,
    origin: &FactOrigin,
) -> (SourceReport, Vec<Fact>) {
    match extracted {
        Ok(extracted) => {
            report.outcome = Outcome::Collected;
            report.notes = extracted.notes;
            let facts =
                extracted.facts.into_iter().map(|(path, value)| Fact { path, value, from: origin.clone() }).collect();
            (report, facts)
        }
        Err(reason) => {
            report.outcome = Outcome::Failed;
            report.reason = Some(reason);
            (report, Vec::new())
        }
    }
}

/// Collects every source for one vendor; the breach catalogue, e-mail security and TLS
/// only when asked for.
async fn collect_vendor(
    session: &Session<'_>,
    dossier: &Dossier,
    as_of: Date,
    semaphore: &Semaphore,
    settings: &Settings,
) -> CollectedFile {
    let catalogue = settings.breaches.as_ref();
    let asked = Source::ALL.iter().filter(|source| match source {
        Source::Breaches => catalogue.is_some(),
        Source::Spf | Source::Dmarc | Source::MtaSts => settings.email_security,
        Source::Tls => settings.tls,
        _ => true,
    });
    let results =
        join_all(asked.map(|source| collect_source(session, semaphore, *source, dossier, as_of, catalogue))).await;
    let mut facts = Vec::new();
    let mut sources = Vec::new();
    for (report, found) in results {
        sources.push(report);
        facts.extend(found);
    }
    facts.sort_by(|a, b| a.path.cmp(&b.path));
    CollectedFile {
        riskcard_collected: FORMAT,
        vendor: dossier.vendor.id.clone(),
        as_of,
        extra_ca_sha256: Vec::new(),
        facts,
        sources,
    }
}

#[cfg(test)]
mod tests;
