//! The safe HTTP client: one GET at a time with a timeout, a body size limit (reading
//! stops past it), no cookies, no credentials, no proxies, riskcard's user agent, bounded
//! retries, only the response headers riskcard reads kept, and redirects followed by hand
//! so that every hop passes the address policy, none downgrades https to http where https
//! is required, and each is recorded. A [`Session`] fetches each URL once per vendor, live or from a recording.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use rustls::pki_types::CertificateDer;
use tokio::sync::OnceCell;
use url::Url;

use super::guard::{AddressPolicy, GuardedResolver, Refusal};
use super::probe::Probe;
use super::replay::Recording;
use super::retry::{Decision, RetryPolicy};
use crate::dossier::{FactOrigin, Timestamp, without_credentials};
use crate::fsio::sha256_hex;

/// The most redirects followed for one source.
pub const MAX_REDIRECTS: usize = 5;

/// The response headers riskcard reads, and so the only ones it keeps, in memory and in
/// recordings: everything else — `Set-Cookie` and every other header that can carry
/// credentials or session state — is dropped as the response arrives.
pub const KEPT_HEADERS: [&str; 8] = [
    "content-security-policy",
    "content-type",
    "location",
    "referrer-policy",
    "retry-after",
    "strict-transport-security",
    "x-content-type-options",
    "x-frame-options",
];

/// How the live client behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchSettings {
    /// Per-request timeout, from sending to the last byte of the body.
    pub timeout: Duration,
    /// Retries on 429 and 5xx.
    pub retry: RetryPolicy,
    /// What may be connected to.
    pub policy: AddressPolicy,
    /// Certificate authorities trusted besides the built-in web roots (`--ca-cert`).
    pub extra_roots: Vec<CertificateDer<'static>>,
    /// The DNS server asked (`--dns-server`); `None` asks the system's resolvers.
    pub dns_server: Option<std::net::SocketAddr>,
}

impl Default for FetchSettings {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            policy: AddressPolicy::default(),
            extra_roots: Vec::new(),
            dns_server: None,
        }
    }
}

/// A response as received (or recorded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// Header names (lowercase) and values, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// Attempts made, retries included.
    pub attempts: u32,
    /// Why retrying stopped while the server still failed, if it did.
    pub gave_up: Option<String>,
}

impl Reply {
    /// The first value of header `name` (lowercase).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// Every value of header `name` (lowercase).
    pub fn headers<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str())
    }

    /// The status with its reason phrase, and why retries stopped if they did.
    pub fn describe_status(&self) -> String {
        let reason = reqwest::StatusCode::from_u16(self.status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
        let mut text = format!("HTTP {} {reason}", self.status).trim_end().to_owned();
        if let Some(gave_up) = &self.gave_up {
            text.push_str(&format!(" ({gave_up})"));
        }
        text
    }
}

/// One request to one URL and what came of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exchange {
    /// The URL requested.
    pub url: String,
    /// When the (last) attempt was sent.
    pub fetched_at: Timestamp,
    /// The response, or why there is none.
    pub result: Result<Reply, String>,
}

/// Why a request got no response.
#[derive(Debug, thiserror::Error)]
enum FetchError {
    #[error("{0}")]
    Refused(#[from] Refusal),
    #[error("timed out after {0} s")]
    Timeout(u64),
    #[error("the body is larger than the {0} bytes riskcard reads")]
    TooLarge(usize),
    #[error("cannot connect: {0}")]
    Connect(String),
    #[error("request failed: {0}")]
    Other(String),
}

/// The live client.
#[derive(Debug, Clone)]
pub struct Live {
    client: reqwest::Client,
    settings: FetchSettings,
}

/// The client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot set up the HTTP client: {0}")]
pub struct ClientError(String);

impl Live {
    /// A client following `settings`: rustls with the Mozilla roots (and any extra CA),
    /// no cookie store, no proxies, no automatic redirects, the guarded resolver and
    /// riskcard's user agent.
    pub fn new(settings: FetchSettings) -> Result<Self, ClientError> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
        for certificate in &settings.extra_roots {
            roots.add(certificate.clone()).map_err(|error| {
                ClientError(format!("a certificate given with --ca-cert is unusable as a CA: {error}"))
            })?;
        }
        let tls = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|error| ClientError(error.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let client = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .user_agent(concat!("riskcard/", env!("CARGO_PKG_VERSION")))
            .redirect(reqwest::redirect::Policy::none())
            .referer(false)
            .no_proxy()
            .timeout(settings.timeout)
            .dns_resolver(Arc::new(GuardedResolver(settings.policy.clone())))
            .build()
            .map_err(|error| ClientError(error.to_string()))?;
        Ok(Self { client, settings })
    }

    /// How this client behaves, for the DNS and TLS probes made beside it.
    pub fn settings(&self) -> &FetchSettings {
        &self.settings
    }

    /// Requests `url`, retrying on 429 and 5xx as the retry policy allows.
    async fn exchange(&self, url: &Url, limit: usize) -> Exchange {
        let mut waited = Duration::ZERO;
        let mut attempt = 1;
        loop {
            let fetched_at = Timestamp::now();
            let result = self.attempt(url, limit).await.map_err(|error| error.to_string());
            let reply = match result {
                Ok(reply) => reply,
                Err(reason) => return Exchange { url: url.to_string(), fetched_at, result: Err(reason) },
            };
            let decision = self.settings.retry.decide(
                reply.status,
                reply.header("retry-after"),
                attempt,
                waited,
                SystemTime::now(),
            );
            let gave_up = match decision {
                Decision::Retry(wait) => {
                    tokio::time::sleep(wait).await;
                    waited += wait;
                    attempt += 1;
                    continue;
                }
                Decision::Done => None,
                Decision::GiveUp(reason) => Some(reason),
            };
            let reply = Reply { attempts: attempt, gave_up, ..reply };
            return Exchange { url: url.to_string(), fetched_at, result: Ok(reply) };
        }
    }

    /// One GET, reading at most `limit` bytes of body.
    async fn attempt(&self, url: &Url, limit: usize) -> Result<Reply, FetchError> {
        let mut response = self.client.get(url.clone()).send().await.map_err(|error| self.classify(&error))?;
        if let Some(peer) = response.remote_addr() {
            self.settings.policy.admit(peer.ip())?;
        }
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(FetchError::TooLarge(limit));
        }
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter(|(name, _)| KEPT_HEADERS.contains(&name.as_str()))
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|error| self.classify(&error))? {
            if body.len() + chunk.len() > limit {
                return Err(FetchError::TooLarge(limit));
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Reply { status, headers, body, attempts: 1, gave_up: None })
    }

    /// A short, stable reason for a transport error.
    fn classify(&self, error: &reqwest::Error) -> FetchError {
        if error.is_timeout() {
            return FetchError::Timeout(self.settings.timeout.as_secs());
        }
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
        let mut innermost = error.to_string();
        while let Some(current) = source {
            if let Some(refusal) = current.downcast_ref::<Refusal>() {
                return refusal.clone().into();
            }
            innermost = current.to_string();
            source = current.source();
        }
        if error.is_connect() { FetchError::Connect(innermost) } else { FetchError::Other(innermost) }
    }
}

/// Where responses come from.
#[derive(Debug)]
pub enum Transport {
    /// The network.
    Live(Live),
    /// Recordings, one per vendor id; no network at all.
    Replay(BTreeMap<String, Recording>),
}

/// How far to follow redirects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Follow {
    /// Up to [`MAX_REDIRECTS`] hops, https only: for sources whose content is evidence.
    Redirects,
    /// Up to [`MAX_REDIRECTS`] hops, plain http allowed (a downgrade included): for the
    /// login page, where plain http is itself the finding.
    Page,
    /// Plain-http hops only, stopping at the first redirect to https (the upgrade probe).
    UntilHttps,
}

/// A URL fetched, redirects followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL of the final response.
    pub url: Url,
    /// When it was fetched.
    pub fetched_at: Timestamp,
    /// The final response.
    pub reply: Reply,
    /// The URLs that redirected, in order.
    pub redirects: Vec<String>,
    /// Where the final response redirects to, when that redirect was not followed.
    pub location: Option<Url>,
}

impl Fetched {
    /// The provenance of facts read from the final response.
    pub fn origin(&self) -> FactOrigin {
        FactOrigin {
            url: self.url.to_string(),
            fetched_at: self.fetched_at,
            http_status: Some(self.reply.status),
            outcome: None,
            sha256: sha256_hex(&self.reply.body),
        }
    }
}

/// Why a fetch got no final response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What went wrong.
    pub reason: String,
    /// The URLs that redirected before it went wrong.
    pub redirects: Vec<String>,
}

type Slot = Arc<OnceCell<Result<Exchange, String>>>;
type ProbeSlot = Arc<OnceCell<Result<Probe, String>>>;

/// One vendor's fetching: each URL is requested once and every exchange is kept.
#[derive(Debug)]
pub struct Session<'a> {
    transport: &'a Transport,
    policy: &'a AddressPolicy,
    vendor: String,
    exchanges: Mutex<BTreeMap<String, Slot>>,
    probes: Mutex<BTreeMap<String, ProbeSlot>>,
}

fn is_redirect(status: u16) -> bool {
    matches!(status, 301 | 302 | 303 | 307 | 308)
}

impl<'a> Session<'a> {
    /// A session for vendor `vendor`.
    pub fn new(transport: &'a Transport, policy: &'a AddressPolicy, vendor: &str) -> Self {
        Self {
            transport,
            policy,
            vendor: vendor.to_owned(),
            exchanges: Mutex::new(BTreeMap::new()),
            probes: Mutex::new(BTreeMap::new()),
        }
    }

    /// The exchange for `url`, requested at most once in this session.
    async fn exchange(&self, url: &Url, limit: usize) -> Result<Exchange, String> {
        let slot: Slot = {
            let mut exchanges = self.exchanges.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(exchanges.entry(url.to_string()).or_default())
        };
        slot.get_or_init(|| async {
            match self.transport {
                Transport::Live(live) => Ok(live.exchange(url, limit).await),
                Transport::Replay(recordings) => recordings
                    .get(&self.vendor)
                    .and_then(|recording| recording.exchange(url.as_str()))
                    .cloned()
                    .ok_or_else(|| format!("{url} is not in the recording")),
            }
        })
        .await
        .clone()
    }

    /// Fetches `url`, following redirects as `follow` says, reading at most `limit` bytes per body.
    pub async fn get(&self, url: &Url, follow: Follow, limit: usize) -> Result<Fetched, Failure> {
        let mut url = url.clone();
        let mut redirects: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        loop {
            let fail = |reason: String, redirects: &Vec<String>| Failure { reason, redirects: redirects.clone() };
            self.policy.check_url(&url, follow != Follow::Redirects).map_err(|refusal| {
                let reason =
                    if redirects.is_empty() { refusal.to_string() } else { format!("redirect refused: {refusal}") };
                fail(reason, &redirects)
            })?;
            seen.insert(url.to_string());
            let exchange = self.exchange(&url, limit).await.map_err(|reason| fail(reason, &redirects))?;
            let reply = exchange.result.map_err(|reason| fail(reason, &redirects))?;
            let location = is_redirect(reply.status)
                .then(|| reply.header("location").map(|location| url.join(location)))
                .flatten()
                .transpose()
                .map_err(|error| fail(format!("redirect to an unreadable Location: {error}"), &redirects))?;
            let Some(next) = location else {
                return Ok(Fetched { url, fetched_at: exchange.fetched_at, reply, redirects, location: None });
            };
            if follow == Follow::UntilHttps && next.scheme() == "https" {
                return Ok(Fetched { url, fetched_at: exchange.fetched_at, reply, redirects, location: Some(next) });
            }
            redirects.push(url.to_string());
            if follow == Follow::Redirects && url.scheme() == "https" && next.scheme() == "http" {
                return Err(fail(
                    format!(
                        "redirect refused: {}",
                        Refusal::Downgrade(without_credentials(&next).unwrap_or_else(|| next.clone()).to_string())
                    ),
                    &redirects,
                ));
            }
            if seen.contains(next.as_str()) {
                let chain = redirects.iter().map(String::as_str).chain([next.as_str()]).collect::<Vec<_>>().join(" → ");
                return Err(fail(format!("redirect loop: {chain}"), &redirects));
            }
            if redirects.len() > MAX_REDIRECTS {
                return Err(fail(format!("more than {MAX_REDIRECTS} redirects"), &redirects));
            }
            url = next;
        }
    }

    /// The probe (DNS query or TLS handshake) named `url`, made at most once in this
    /// session: live by `live`, or read from the recording.
    pub async fn probe<F, Fut>(&self, url: &str, live: F) -> Result<Probe, String>
    where
        F: FnOnce(&'a Live) -> Fut,
        Fut: Future<Output = Probe>,
    {
        let slot: ProbeSlot = {
            let mut probes = self.probes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(probes.entry(url.to_owned()).or_default())
        };
        slot.get_or_init(|| async {
            match self.transport {
                Transport::Live(client) => Ok(live(client).await),
                Transport::Replay(recordings) => recordings
                    .get(&self.vendor)
                    .and_then(|recording| recording.probe(url))
                    .cloned()
                    .ok_or_else(|| format!("{url} is not in the recording")),
            }
        })
        .await
        .clone()
    }

    /// Every probe made, by URL.
    pub fn probes(&self) -> Vec<Probe> {
        let probes = self.probes.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        probes.values().filter_map(|slot| slot.get().and_then(|result| result.as_ref().ok()).cloned()).collect()
    }

    /// Every exchange made, by URL.
    pub fn exchanges(&self) -> Vec<Exchange> {
        let exchanges = self.exchanges.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        exchanges.values().filter_map(|slot| slot.get().and_then(|result| result.as_ref().ok()).cloned()).collect()
    }
}
