//! DNS TXT lookups for the e-mail security sources, through hickory's resolver: the
//! nameserver given with `--dns-server` or the system's, a bounded timeout and one retry,
//! no cache. An answer (`NOERROR`, with or without records, or `NXDOMAIN`) is evidence;
//! anything else — a timeout, `SERVFAIL`, a refusal — fails the source that asked.

use std::time::Duration;

use hickory_resolver::config::{ConnectionConfig, NameServerConfig, ResolveHosts, ResolverConfig, ResolverOpts};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::net::{DnsError, NetError};
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::{RData, RecordType};
use hickory_resolver::{Resolver, TokioResolver};

use super::fetch::FetchSettings;
use super::probe::{Answer, Probe};
use crate::dossier::Timestamp;

/// The longest riskcard waits for one DNS answer, whatever `--timeout` says.
const MAX_TIMEOUT: Duration = Duration::from_secs(3);

/// The probe name of a TXT query for `name`, RFC 4501 style: `dns:_dmarc.example.com?type=TXT`.
pub fn txt_url(name: &str) -> String {
    format!("dns:{name}?type=TXT")
}

/// The TXT records of a recorded answer's body (a JSON list of strings).
pub fn records(answer: &Answer) -> Result<Vec<String>, String> {
    serde_json::from_slice(&answer.body)
        .map_err(|error| format!("the recorded DNS answer is not a list of TXT records: {error}"))
}

/// Asks for the TXT records of `name` and keeps the answer: its response code, and its
/// records (each record's strings joined, sorted) as the body.
pub async fn lookup_txt(settings: &FetchSettings, name: &str) -> Probe {
    let url = txt_url(name);
    let fetched_at = Timestamp::now();
    let result = match resolver(settings) {
        Ok(resolver) => ask(&resolver, name).await,
        Err(reason) => Err(reason),
    };
    Probe { url, fetched_at, result }
}

/// A resolver for `settings`: `--dns-server` or the system configuration, bounded.
fn resolver(settings: &FetchSettings) -> Result<TokioResolver, String> {
    let mut builder = match settings.dns_server {
        Some(server) => {
            let mut connection = ConnectionConfig::udp();
            connection.port = server.port();
            let nameserver = NameServerConfig::new(server.ip(), true, vec![connection]);
            Resolver::builder_with_config(
                ResolverConfig::from_name_servers(vec![nameserver]),
                TokioRuntimeProvider::default(),
            )
        }
        None => TokioResolver::builder_tokio()
            .map_err(|error| format!("cannot read the system's DNS configuration: {error}"))?,
    };
    let options: &mut ResolverOpts = builder.options_mut();
    options.timeout = settings.timeout.min(MAX_TIMEOUT);
    options.attempts = 1;
    options.cache_size = 0;
    options.use_hosts_file = ResolveHosts::Never;
    options.try_tcp_on_error = false;
    builder.build().map_err(|error| format!("cannot set up the DNS resolver: {error}"))
}

/// One TXT query for the absolute name `name`.
async fn ask(resolver: &TokioResolver, name: &str) -> Result<Answer, String> {
    let absolute = format!("{}.", name.trim_end_matches('.'));
    match resolver.lookup(absolute.as_str(), RecordType::TXT).await {
        Ok(lookup) => {
            let mut records: Vec<String> = lookup
                .answers()
                .iter()
                .filter_map(|record| match &record.data {
                    RData::TXT(txt) => Some(txt.txt_data.iter().map(|part| String::from_utf8_lossy(part)).collect()),
                    _ => None,
                })
                .collect();
            records.sort();
            Ok(answer("NOERROR", &records))
        }
        Err(NetError::Dns(DnsError::NoRecordsFound(none))) => match none.response_code {
            ResponseCode::NXDomain => Ok(answer("NXDOMAIN", &[])),
            ResponseCode::NoError => Ok(answer("NOERROR", &[])),
            code => Err(format!("the DNS server answered {}", code.to_str())),
        },
        Err(NetError::Timeout) => Err(format!("no DNS answer for {name} (timed out, retried once)")),
        Err(error) => Err(format!("DNS lookup of {name} failed: {error}")),
    }
}

/// An answer with response code `code` and `records` as its body.
fn answer(code: &str, records: &[String]) -> Answer {
    Answer { outcome: code.to_owned(), details: Vec::new(), body: serde_json::to_vec(records).unwrap_or_default() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_is_named_as_rfc_4501_does_and_its_records_read_back() {
        assert_eq!(txt_url("_dmarc.acme.example"), "dns:_dmarc.acme.example?type=TXT");
        let kept = answer("NOERROR", &["v=spf1 -all".to_owned()]);
        assert_eq!(records(&kept).unwrap(), ["v=spf1 -all"]);
        let broken = Answer { outcome: "NOERROR".into(), details: Vec::new(), body: b"v=spf1".to_vec() };
        assert!(records(&broken).unwrap_err().starts_with("the recorded DNS answer is not a list"));
    }
}
