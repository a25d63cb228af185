//! What `riskcard collect` may connect to: https only, never a URL carrying credentials,
//! and never a private, loopback, link-local, cloud metadata or otherwise non-public
//! address — checked on every URL (including each redirect), on every DNS answer and on
//! the peer actually connected — unless the user allows it: `--allow-private` opens the
//! private ranges (local test servers), while link-local and metadata addresses open only
//! to `--allow-address` naming them.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

use crate::dossier::without_credentials;

/// The addresses and schemes collection may use.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddressPolicy {
    /// Private, loopback and other non-public addresses, except link-local and cloud
    /// metadata ones (`--allow-private`).
    pub allow_private: bool,
    /// These addresses, whatever they are (`--allow-address`).
    pub allow_addresses: Vec<IpAddr>,
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
    /// A redirect from https to plain http.
    #[error("a redirect from https to plain http ({0}) is refused; riskcard never downgrades a fetch")]
    Downgrade(String),
    /// A URL with a user name or password; shown with the credentials removed.
    #[error("{0} carries credentials (user:password@), which riskcard never sends")]
    Credentials(String),
    /// No host to connect to.
    #[error("`{0}` has no host")]
    NoHost(String),
    /// A non-public address, written in the URL or connected to.
    #[error("{0} is not a public address; riskcard refuses it unless --allow-private is given")]
    Private(IpAddr),
    /// A link-local or cloud metadata address, written in the URL or connected to.
    #[error(
        "{0} is a link-local or cloud metadata address; riskcard refuses it even with --allow-private, unless --allow-address {0} names it"
    )]
    Metadata(IpAddr),
    /// Every address the name resolved to is refused.
    #[error(
        "{host} resolves only to non-public addresses ({addresses}); riskcard refuses them unless --allow-private (or, for link-local and metadata addresses, --allow-address) allows them"
    )]
    Resolved {
        /// The name.
        host: String,
        /// What it resolved to.
        addresses: String,
    },
}

impl AddressPolicy {
    /// Whether `ip` may be connected to, or why not.
    pub fn admit(&self, ip: IpAddr) -> Result<(), Refusal> {
        let ip = canonical(ip);
        if self.allow_addresses.iter().any(|allowed| canonical(*allowed) == ip) {
            return Ok(());
        }
        if is_link_local_or_metadata(ip) {
            return Err(Refusal::Metadata(ip));
        }
        if is_public(ip) || self.allow_private { Ok(()) } else { Err(Refusal::Private(ip)) }
    }

    /// Whether `ip` may be connected to.
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.admit(ip).is_ok()
    }

    /// Plain http is only for local test servers: allowed once any non-public address is.
    pub fn allows_plain_http(&self) -> bool {
        self.allow_private || !self.allow_addresses.is_empty()
    }

    /// Checks a URL before anything is sent to it; `plain_http` allows `http:` for this
    /// request (the login page and the probe of the http to https redirect).
    pub fn check_url(&self, url: &Url, plain_http: bool) -> Result<(), Refusal> {
        if let Some(shown) = without_credentials(url) {
            return Err(Refusal::Credentials(shown.to_string()));
        }
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
        self.admit(ip)
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

/// The IPv4 address an IPv6 address carries: NAT64 (`64:ff9b::/96`), 6to4
/// (`2002::/16`) and the deprecated IPv4-compatible form (`::a.b.c.d`).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let segments = ip.segments();
    let join = |high: u16, low: u16| Ipv4Addr::from((u32::from(high) << 16) | u32::from(low));
    match segments {
        [0x64, 0xff9b, 0, 0, 0, 0, high, low] => Some(join(high, low)),
        [0x2002, high, low, ..] => Some(join(high, low)),
        [0, 0, 0, 0, 0, 0, high, low] if (high, low) > (0, 1) => Some(join(high, low)),
        _ => None,
    }
}

/// Cloud metadata and platform endpoints outside the link-local ranges: Alibaba Cloud
/// (100.100.100.200), Azure's WireServer (168.63.129.16) and Oracle Cloud Classic
/// (192.0.0.192). AWS, GCP, Azure IMDS, OpenStack and others use 169.254.169.254, which
/// is link-local.
const METADATA_V4: [Ipv4Addr; 3] =
    [Ipv4Addr::new(100, 100, 100, 200), Ipv4Addr::new(168, 63, 129, 16), Ipv4Addr::new(192, 0, 0, 192)];

/// The AWS instance metadata service's IPv6 address, `fd00:ec2::254`.
const METADATA_V6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x0254);

/// Whether `ip` is link-local (169.254.0.0/16, fe80::/10) or a cloud metadata address,
/// in any IPv6 spelling of an IPv4 one: these stay closed under `--allow-private`.
pub fn is_link_local_or_metadata(ip: IpAddr) -> bool {
    let v4 = |ip: Ipv4Addr| ip.is_link_local() || METADATA_V4.contains(&ip);
    match canonical(ip) {
        IpAddr::V4(ip) => v4(ip),
        IpAddr::V6(ip) => (ip.segments()[0] & 0xffc0) == 0xfe80 || ip == METADATA_V6 || embedded_v4(ip).is_some_and(v4),
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
    match segments {
        // NAT64 and 6to4 carry an IPv4 address: judge that one.
        [0x64, 0xff9b, 0, 0, 0, 0, _, _] | [0x2002, ..] => embedded_v4(ip).is_some_and(is_public_v4),
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
        for private in ["https://127.0.0.1/", "https://[::1]/", "https://2130706433/", "https://10.0.0.1/"] {
            assert!(matches!(strict.check_url(&url(private), false), Err(Refusal::Private(_))), "{private}");
        }
        let one = AddressPolicy { allow_addresses: vec![ip("127.0.0.1")], ..AddressPolicy::default() };
        assert_eq!(one.check_url(&url("http://127.0.0.1:8080/"), false), Ok(()));
        assert!(matches!(one.check_url(&url("http://127.0.0.2/"), false), Err(Refusal::Private(_))));
        assert!(matches!(one.check_url(&url("http://[::1]/"), false), Err(Refusal::Private(_))));
        let all = AddressPolicy { allow_private: true, ..AddressPolicy::default() };
        assert_eq!(all.check_url(&url("http://10.0.0.1/"), false), Ok(()));
    }

    #[test]
    fn a_url_with_credentials_is_refused_and_shown_without_them() {
        let all = AddressPolicy { allow_private: true, ..AddressPolicy::default() };
        for text in
            ["https://user:secret@vendor.example/", "https://user@vendor.example/", "https://:secret@vendor.example/"]
        {
            let refusal = all.check_url(&Url::parse(text).unwrap(), false).unwrap_err();
            assert_eq!(refusal, Refusal::Credentials("https://vendor.example/".into()), "{text}");
            assert!(!refusal.to_string().contains("secret"), "{refusal}");
        }
    }

    #[test]
    fn link_local_and_metadata_addresses_stay_closed_under_allow_private() {
        let all = AddressPolicy { allow_private: true, ..AddressPolicy::default() };
        let strict = AddressPolicy::default();
        for address in [
            "169.254.169.254",
            "169.254.170.2",
            "169.254.0.1",
            "100.100.100.200",
            "168.63.129.16",
            "192.0.0.192",
            "fe80::1",
            "febf::1",
            "fd00:ec2::254",
            "::ffff:169.254.169.254",
            "::ffff:a9fe:a9fe",
            "::169.254.169.254",
            "64:ff9b::a9fe:a9fe",
            "2002:a9fe:a9fe::1",
            "::ffff:100.100.100.200",
        ] {
            assert_eq!(all.admit(ip(address)), Err(Refusal::Metadata(canonical(ip(address)))), "{address}");
            assert!(!strict.permits(ip(address)), "{address}");
            let named = AddressPolicy { allow_addresses: vec![ip(address)], ..AddressPolicy::default() };
            assert!(named.permits(ip(address)), "--allow-address {address} opens it");
        }
        for address in ["10.0.0.1", "127.0.0.1", "::1", "fd12:3456::1", "100.64.0.1", "fec0::1"] {
            assert!(all.permits(ip(address)), "--allow-private still opens {address}");
        }
        let url = Url::parse("http://169.254.169.254/latest/meta-data/").unwrap();
        let refusal = all.check_url(&url, false).unwrap_err();
        assert_eq!(
            refusal.to_string(),
            "169.254.169.254 is a link-local or cloud metadata address; riskcard refuses it even with --allow-private, unless --allow-address 169.254.169.254 names it"
        );
    }

    #[test]
    fn dns_answers_are_filtered_and_an_all_private_answer_is_refused() {
        let strict = AddressPolicy::default();
        let addr = |text: &str| SocketAddr::new(ip(text), 0);
        assert_eq!(strict.filter("mixed.example", vec![addr("10.0.0.1"), addr("1.1.1.1")]), Ok(vec![addr("1.1.1.1")]));
        let refused = strict.filter("internal.example", vec![addr("10.0.0.1"), addr("::1")]).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "internal.example resolves only to non-public addresses (10.0.0.1, ::1); riskcard refuses them unless --allow-private (or, for link-local and metadata addresses, --allow-address) allows them"
        );
    }

    #[test]
    fn a_name_resolving_to_the_metadata_address_is_refused_even_with_allow_private() {
        let all = AddressPolicy { allow_private: true, ..AddressPolicy::default() };
        let addr = |text: &str| SocketAddr::new(ip(text), 0);
        assert!(matches!(
            all.filter("metadata.google.internal", vec![addr("169.254.169.254")]),
            Err(Refusal::Resolved { .. })
        ));
        assert_eq!(all.filter("lab.example", vec![addr("fe80::1"), addr("10.0.0.7")]), Ok(vec![addr("10.0.0.7")]));
    }

    #[tokio::test]
    async fn the_resolver_refuses_localhost() {
        let resolving = GuardedResolver(AddressPolicy::default()).resolve("localhost".parse().unwrap());
        let error = resolving.await.err().expect("localhost is refused");
        assert!(error.to_string().contains("resolves only to non-public addresses"), "{error}");
    }
}
