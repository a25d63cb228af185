//! What `riskcard collect` may connect to: https only, and never a private, loopback,
//! link-local or otherwise non-public address — checked on every URL (including each
//! redirect), on every DNS answer and on the peer actually connected — unless the user
//! allows it (`--allow-private`, `--allow-address`), as tests against local servers do.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// Which non-public addresses may be reached.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum PrivateAccess {
    /// None of them: the default.
    #[default]
    Refused,
    /// All of them (`--allow-private`).
    Allowed,
    /// Only these (`--allow-address`).
    Only(Vec<IpAddr>),
}

/// The addresses and schemes collection may use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Which non-public addresses may be reached.
    pub private: PrivateAccess,
}

/// Why a URL or an address was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Not http or https.
    #[error("`{0}` is not an http(s) URL")]
    Scheme(String),
    /// Plain http to a real vendor.
    #[error("plain http is refused ({0}); riskcard fetches vendors over https only")]
    PlainHttp(String),
    /// No host to connect to.
    #[error("`{0}` has no host")]
    NoHost(String),
    /// A non-public address, written in the URL or connected to.
    #[error("{0} is not a public address; riskcard refuses it unless --allow-private is given")]
    Private(IpAddr),
    /// Every address the name resolved to is non-public.
    #[error(
        "{host} resolves only to non-public addresses ({addresses}); riskcard refuses them unless --allow-private is given"
    )]
    Resolved {
        /// The name.
        host: String,
        /// What it resolved to.
        addresses: String,
    },
}

impl AddressPolicy {
    /// Whether `ip` may be connected to.
    pub fn permits(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        is_public(ip)
            || match &self.private {
                PrivateAccess::Refused => false,
                PrivateAccess::Allowed => true,
                PrivateAccess::Only(allowed) => allowed.iter().any(|a| canonical(*a) == ip),
            }
    }

    /// Plain http is only for local test servers: allowed once any non-public address is.
    pub fn allows_plain_http(&self) -> bool {
        self.private != PrivateAccess::Refused
    }

    /// Checks a URL before anything is sent to it; `plain_http` allows `http:` for this
    /// request (the probe of the http to https redirect).
    pub fn check_url(&self, url: &Url, plain_http: bool) -> Result<(), Refusal> {
        match url.scheme() {
            "https" => {}
            "http" if plain_http || self.allows_plain_http() => {}
            "http" => return Err(Refusal::PlainHttp(url.to_string())),
            _ => return Err(Refusal::Scheme(url.to_string())),
        }
        let ip = match url.host() {
            None => return Err(Refusal::NoHost(url.to_string())),
            Some(Host::Domain(_)) => return Ok(()),
            Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
            Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        };
        if self.permits(ip) { Ok(()) } else { Err(Refusal::Private(canonical(ip))) }
    }

    /// Keeps the addresses that may be connected to; refuses when none is left.
    pub fn filter(&self, host: &str, found: Vec<SocketAddr>) -> Result<Vec<SocketAddr>, Refusal> {
        let (allowed, refused): (Vec<SocketAddr>, Vec<SocketAddr>) =
            found.into_iter().partition(|addr| self.permits(addr.ip()));
        if allowed.is_empty() {
            let addresses = refused.iter().map(|addr| addr.ip().to_string()).collect::<Vec<_>>().join(", ");
            return Err(Refusal::Resolved { host: host.to_owned(), addresses });
        }
        Ok(allowed)
    }
}

/// A DNS resolver that drops the answers the policy refuses, so a name cannot lead
/// to a private address even when the URL looked harmless.
#[derive(Debug, Clone)]
pub struct GuardedResolver(pub AddressPolicy);

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed = policy.filter(&host, found)?;
            Ok(Box::new(allowed.into_iter()) as Addrs)
        })
    }
}

/// IPv4-mapped IPv6 addresses are judged as the IPv4 address they carry.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// Whether `ip` is a globally routable unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(a == 0                                        // "this network"
        || a == 10                                  // private
        || (a == 100 && (64..128).contains(&b))     // carrier-grade NAT
        || a == 127                                 // loopback
        || (a == 169 && b == 254)                   // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))      // private
        || (a == 192 && b == 0 && (c == 0 || c == 2)) // IETF assignments, documentation
        || (a == 192 && b == 88 && c == 99)         // 6to4 relay
        || (a == 192 && b == 168)                   // private
        || (a == 198 && (b == 18 || b == 19))       // benchmarking
        || (a == 198 && b == 51 && c == 100)        // documentation
        || (a == 203 && b == 0 && c == 113)         // documentation
        || a >= 224) // multicast, reserved, broadcast
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let segments = ip.segments();
    let embedded_v4 = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    match segments {
        // NAT64 and 6to4 carry an IPv4 address: judge that one.
        [0x64, 0xff9b, 0, 0, 0, 0, high, low] => is_public_v4(embedded_v4(high, low)),
        [0x2002, high, low, ..] => is_public_v4(embedded_v4(high, low)),
        _ => {
            let first = segments[0];
            !(ip.is_unspecified()
                || ip.is_loopback()
                || segments[..6] == [0; 6]              // IPv4-compatible (deprecated)
                || (first & 0xfe00) == 0xfc00           // unique local
                || (first & 0xffc0) == 0xfe80           // link-local
                || (first & 0xff00) == 0xff00           // multicast
                || (first == 0x2001 && segments[1] < 0x0200) // IETF assignments, Teredo
                || (first == 0x2001 && segments[1] == 0x0db8) // documentation
                || (first == 0x0100 && segments[1..4] == [0; 3])) // discard
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn private_loopback_link_local_and_reserved_addresses_are_not_public() {
        for address in [
            "0.0.0.0",
            "10.1.2.3",
            "100.64.0.1",
            "127.0.0.1",
            "127.8.9.10",
            "169.254.169.254",
            "172.16.0.1",
            "172.31.255.255",
            "192.0.2.1",
            "192.168.1.1",
            "198.18.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::a00:1",
            "2002:c0a8:0101::1",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip(address)), "{address} must not count as public");
        }
    }

    #[test]
    fn ordinary_internet_addresses_are_public() {
        for address in
            ["1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "2a00:1450::1", "64:ff9b::808:808"]
        {
            assert!(is_public(ip(address)), "{address} is public");
        }
    }

    #[test]
    fn urls_need_https_and_a_public_host_unless_allowed() {
        let strict = AddressPolicy::default();
        let url = |text: &str| Url::parse(text).unwrap();
        assert_eq!(strict.check_url(&url("https://vendor.example/"), false), Ok(()));
        assert!(matches!(strict.check_url(&url("http://vendor.example/"), false), Err(Refusal::PlainHttp(_))));
        assert_eq!(strict.check_url(&url("http://vendor.example/"), true), Ok(()));
        assert!(matches!(strict.check_url(&url("ftp://vendor.example/"), false), Err(Refusal::Scheme(_))));
        for private in ["https://127.0.0.1/", "https://[::1]/", "https://2130706433/", "https://169.254.169.254/"] {
            assert!(matches!(strict.check_url(&url(private), false), Err(Refusal::Private(_))), "{private}");
        }
        let one = AddressPolicy { private: PrivateAccess::Only(vec![ip("127.0.0.1")]) };
        assert_eq!(one.check_url(&url("http://127.0.0.1:8080/"), false), Ok(()));
        assert!(matches!(one.check_url(&url("http://127.0.0.2/"), false), Err(Refusal::Private(_))));
        assert!(matches!(one.check_url(&url("http://[::1]/"), false), Err(Refusal::Private(_))));
        let all = AddressPolicy { private: PrivateAccess::Allowed };
        assert_eq!(all.check_url(&url("http://10.0.0.1/"), false), Ok(()));
    }

    #[test]
    fn dns_answers_are_filtered_and_an_all_private_answer_is_refused() {
        let strict = AddressPolicy::default();
        let addr = |text: &str| SocketAddr::new(ip(text), 0);
        assert_eq!(strict.filter("mixed.example", vec![addr("10.0.0.1"), addr("1.1.1.1")]), Ok(vec![addr("1.1.1.1")]));
        let refused = strict.filter("internal.example", vec![addr("10.0.0.1"), addr("::1")]).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "internal.example resolves only to non-public addresses (10.0.0.1, ::1); riskcard refuses them unless --allow-private is given"
        );
    }

    #[tokio::test]
    async fn the_resolver_refuses_localhost() {
        let resolving = GuardedResolver(AddressPolicy::default()).resolve("localhost".parse().unwrap());
        let error = resolving.await.err().expect("localhost is refused");
        assert!(error.to_string().contains("resolves only to non-public addresses"), "{error}");
    }
}
