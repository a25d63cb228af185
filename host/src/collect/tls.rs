//! TLS of the login host (`vendor.app_url`'s host and port): two handshakes, TLS 1.3 only
//! and TLS 1.2 only, learn the versions offered; a verifier that records rather than
//! refuses keeps the peer's chain, which is then judged against the web roots (and any
//! `--ca-cert`) at the time of the handshake. An expired, self-signed or otherwise
//! invalid certificate is a finding, not a failure; a refused connection, a timeout or
//! no handshake at all fails the source. Addresses pass the same guard as HTTP.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme, SupportedProtocolVersion};
use serde_json::json;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use x509_parser::prelude::{FromDer, X509Certificate};

use super::Extracted;
use super::fetch::FetchSettings;
use super::probe::{Answer, Probe};
use crate::dossier::{Date, Timestamp};

/// The dossier path of the fact.
pub const TLS_PATH: &str = "extensions.riskcard.tls";
/// The detail naming the chain's validity: `valid`, or why not.
const CHAIN: &str = "chain";
/// What a version's detail says when the server negotiated it.
const OFFERED: &str = "offered";
/// The versions tried, newest first.
const VERSIONS: [(&str, &SupportedProtocolVersion); 2] =
    [("TLSv1.3", &rustls::version::TLS13), ("TLSv1.2", &rustls::version::TLS12)];

/// The probe name of the TLS endpoint: `tls://login.example.com:443`.
pub fn tls_url(host: &str, port: u16) -> String {
    format!("tls://{host}:{port}")
}

/// Shakes hands with `host:port` once per TLS version and keeps what came of it: the
/// newest version negotiated as the outcome, one detail per version and one for the
/// chain, and the newest handshake's certificate chain (DER, concatenated) as the body.
pub async fn probe(settings: &FetchSettings, host: &str, port: u16) -> Probe {
    let url = tls_url(host, port);
    let fetched_at = Timestamp::now();
    let result = shake_all(settings, host, port, fetched_at).await;
    Probe { url, fetched_at, result }
}

async fn shake_all(settings: &FetchSettings, host: &str, port: u16, at: Timestamp) -> Result<Answer, String> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let found: Vec<SocketAddr> = tokio::time::timeout(settings.timeout, tokio::net::lookup_host((bare, port)))
        .await
        .map_err(|_| format!("resolving {host} timed out after {} s", settings.timeout.as_secs()))?
        .map_err(|error| format!("cannot resolve {host}: {error}"))?
        .collect();
    let address = *settings
        .policy
        .filter(bare, found)
        .map_err(|refusal| refusal.to_string())?
        .first()
        .ok_or_else(|| format!("{host} has no address"))?;
    let server_name =
        ServerName::try_from(bare.to_owned()).map_err(|error| format!("`{host}` is no server name: {error}"))?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut details = Vec::new();
    let mut newest: Option<(String, Vec<CertificateDer<'static>>)> = None;
    let mut failures = Vec::new();
    for (name, version) in VERSIONS {
        match shake(&provider, version, address, server_name.clone(), settings.timeout).await {
            Ok(chain) => {
                details.push((name.to_owned(), OFFERED.to_owned()));
                newest.get_or_insert((name.to_owned(), chain));
            }
            Err(reason) => {
                details.push((name.to_owned(), format!("not offered: {reason}")));
                failures.push(format!("{name}: {reason}"));
            }
        }
    }
    let Some((outcome, chain)) = newest else {
        return Err(format!("no TLS handshake with {host}:{port} ({})", failures.join("; ")));
    };
    details.push((CHAIN.to_owned(), judge(&provider, settings, &chain, &server_name, at)));
    let body = chain.iter().flat_map(|certificate| certificate.as_ref().iter().copied()).collect();
    Ok(Answer { outcome, details, body })
}

/// One handshake at `version`; the peer's chain.
async fn shake(
    provider: &Arc<CryptoProvider>,
    version: &'static SupportedProtocolVersion,
    address: SocketAddr,
    server_name: ServerName<'static>,
    timeout: Duration,
) -> Result<Vec<CertificateDer<'static>>, String> {
    let config = ClientConfig::builder_with_provider(Arc::clone(provider))
        .with_protocol_versions(&[version])
        .map_err(|error| error.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(Recorder(Arc::clone(provider))))
        .with_no_client_auth();
    let attempt = async {
        let stream = TcpStream::connect(address).await.map_err(|error| format!("cannot connect: {error}"))?;
        let tls = TlsConnector::from(Arc::new(config))
            .connect(server_name, stream)
            .await
            .map_err(|error| format!("handshake failed: {error}"))?;
        let (_, connection) = tls.get_ref();
        Ok(connection.peer_certificates().map(<[CertificateDer<'static>]>::to_vec).unwrap_or_default())
    };
    tokio::time::timeout(timeout, attempt).await.map_err(|_| format!("timed out after {} s", timeout.as_secs()))?
}

/// `valid` when the chain leads to a trusted root for `server_name` at time `at`, or why not.
fn judge(
    provider: &Arc<CryptoProvider>,
    settings: &FetchSettings,
    chain: &[CertificateDer<'static>],
    server_name: &ServerName<'static>,
    at: Timestamp,
) -> String {
    let Some((leaf, intermediates)) = chain.split_first() else { return "the server sent no certificate".to_owned() };
    let mut roots = RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    for certificate in &settings.extra_roots {
        // An unusable extra root was already refused when the HTTP client was built.
        let _ = roots.add(certificate.clone());
    }
    let verifier = match WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(provider)).build() {
        Ok(verifier) => verifier,
        Err(error) => return format!("cannot judge the chain: {error}"),
    };
    let now = UnixTime::since_unix_epoch(Duration::from_secs(u64::try_from(at.unix_seconds()).unwrap_or(0)));
    match verifier.verify_server_cert(leaf, intermediates, server_name, &[], now) {
        Ok(_) => "valid".to_owned(),
        Err(error) => error.to_string(),
    }
}

/// A verifier that accepts any chain, so it can be recorded and judged afterwards; the
/// handshake signatures are still checked, so the peer holds the certificate's key.
#[derive(Debug)]
struct Recorder(Arc<CryptoProvider>);

impl ServerCertVerifier for Recorder {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.0.signature_verification_algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// The TLS fact from a handshake's answer, days to expiry counted from `as_of`.
pub fn extract(answer: &Answer, as_of: Date) -> Result<Extracted, String> {
    let mut chain = Vec::new();
    let mut rest = answer.body.as_slice();
    while !rest.is_empty() {
        let (after, certificate) = X509Certificate::from_der(rest)
            .map_err(|error| format!("certificate {} of the chain cannot be read: {error}", chain.len() + 1))?;
        chain.push(certificate);
        rest = after;
    }
    let leaf = chain.first().ok_or("the server sent no certificate")?;
    let issuer = leaf.issuer().to_string();
    let self_signed = leaf.issuer().as_raw() == leaf.subject().as_raw();
    let not_after = Timestamp::from_unix_seconds(leaf.validity().not_after.timestamp());
    let days_to_expiry = (not_after.unix_seconds() - as_of.unix_seconds()).div_euclid(86_400);
    let versions: Vec<&str> =
        VERSIONS.iter().map(|(name, _)| *name).filter(|name| answer.detail(name) == Some(OFFERED)).collect();
    let judged = answer.detail(CHAIN).unwrap_or("not judged");
    let chain_valid = judged == "valid";
    let mut notes = Vec::new();
    if !versions.contains(&"TLSv1.3") {
        notes.push("the login host does not offer TLS 1.3".to_owned());
    }
    if days_to_expiry < 0 {
        notes.push(format!("the certificate expired on {}", not_after.date()));
    } else if days_to_expiry < 14 {
        notes.push(format!("the certificate expires in {days_to_expiry} days"));
    }
    if self_signed {
        notes.push("the certificate is self-signed".to_owned());
    }
    if !chain_valid {
        notes.push(format!("the certificate chain is not valid: {judged}"));
    }
    let mut fact = json!({
        "versions_offered": versions,
        "issuer": issuer,
        "not_after": not_after.to_string(),
        "days_to_expiry": days_to_expiry,
        "self_signed": self_signed,
        "chain_valid": chain_valid,
        "chain_length": chain.len(),
    });
    if let (false, Some(object)) = (chain_valid, fact.as_object_mut()) {
        object.insert("chain_problem".into(), json!(judged));
    }
    Ok(Extracted { facts: vec![(TLS_PATH.to_owned(), fact)], notes })
}

#[cfg(test)]
mod tests {
    use rcgen::{CertificateParams, KeyPair};

    use super::*;

    fn answer(versions: &[(&str, &str)], chain: &str, not_after: (i32, u8, u8)) -> Answer {
        let mut params = CertificateParams::new(vec!["login.acme.example".to_owned()]).unwrap();
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let certificate = params.self_signed(&KeyPair::generate().unwrap()).unwrap();
        let mut details: Vec<(String, String)> =
            versions.iter().map(|(name, said)| ((*name).to_owned(), (*said).to_owned())).collect();
        details.push((CHAIN.to_owned(), chain.to_owned()));
        Answer { outcome: "TLSv1.3".into(), details, body: certificate.der().to_vec() }
    }

    #[test]
    fn a_handshake_gives_versions_issuer_and_days_to_expiry() {
        let as_of = Date::parse("2026-11-30").unwrap();
        let found =
            extract(&answer(&[("TLSv1.3", OFFERED), ("TLSv1.2", OFFERED)], "valid", (2027, 1, 29)), as_of).unwrap();
        let fact = &found.facts[0].1;
        assert_eq!(found.facts[0].0, TLS_PATH);
        assert_eq!(fact["versions_offered"], json!(["TLSv1.3", "TLSv1.2"]));
        assert_eq!(fact["days_to_expiry"], 60);
        assert_eq!(fact["not_after"], "2027-01-29T00:00:00Z");
        assert_eq!(fact["chain_valid"], true);
        assert_eq!(fact["chain_length"], 1);
        assert!(fact.get("chain_problem").is_none());
        assert_eq!(fact["self_signed"], true, "rcgen's self-signed certificate names itself as issuer");
    }

    #[test]
    fn an_expired_certificate_and_a_missing_version_are_findings() {
        let as_of = Date::parse("2026-11-30").unwrap();
        let found = extract(
            &answer(
                &[("TLSv1.3", "not offered: handshake failed"), ("TLSv1.2", OFFERED)],
                "invalid peer certificate: Expired",
                (2026, 11, 1),
            ),
            as_of,
        )
        .unwrap();
        let fact = &found.facts[0].1;
        assert_eq!(fact["versions_offered"], json!(["TLSv1.2"]));
        assert_eq!(fact["days_to_expiry"], -29);
        assert_eq!(fact["chain_valid"], false);
        assert_eq!(fact["chain_problem"], "invalid peer certificate: Expired");
        assert!(found.notes.iter().any(|note| note == "the certificate expired on 2026-11-01"), "{:?}", found.notes);
        assert!(found.notes.iter().any(|note| note.contains("TLS 1.3")), "{:?}", found.notes);
    }

    #[test]
    fn a_chain_that_is_no_certificate_is_refused() {
        let broken = Answer { outcome: "TLSv1.3".into(), details: Vec::new(), body: b"not DER".to_vec() };
        let reason = extract(&broken, Date::parse("2026-11-30").unwrap()).unwrap_err();
        assert!(reason.starts_with("certificate 1 of the chain cannot be read"), "{reason}");
        assert_eq!(tls_url("login.acme.example", 443), "tls://login.acme.example:443");
    }
}
