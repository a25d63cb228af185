//! Protocol versions as dossiers and rubrics write them ("1.2", "TLS 1.2", "TLSv1.2", "SSLv3"),
//! parsed into an ordered type.

/// A transport-security protocol version, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Protocol {
    /// SSL 2.0: broken.
    Ssl2,
    /// SSL 3.0: broken (POODLE).
    Ssl3,
    /// TLS 1.0: deprecated by RFC 8996.
    Tls10,
    /// TLS 1.1: deprecated by RFC 8996.
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

impl Protocol {
    /// Parses a version: a bare number is a TLS version ("1.2"); a "TLS" or "SSL" prefix,
    /// with or without a space or a "v", is accepted in any case. `None` when unrecognised.
    pub fn parse(text: &str) -> Option<Self> {
        let lower = text.trim().to_ascii_lowercase();
        let (ssl, number) = if let Some(rest) = lower.strip_prefix("ssl") {
            (true, rest)
        } else {
            (false, lower.strip_prefix("tls").unwrap_or(&lower))
        };
        let number = number.trim_start();
        let number = number.strip_prefix('v').unwrap_or(number).trim();
        match (ssl, number) {
            (true, "2" | "2.0") => Some(Self::Ssl2),
            (true, "3" | "3.0") => Some(Self::Ssl3),
            (false, "1" | "1.0") => Some(Self::Tls10),
            (false, "1.1") => Some(Self::Tls11),
            (false, "1.2") => Some(Self::Tls12),
            (false, "1.3") => Some(Self::Tls13),
            _ => None,
        }
    }

    /// The display name, e.g. "TLS 1.2".
    pub fn name(self) -> &'static str {
        match self {
            Self::Ssl2 => "SSL 2.0",
            Self::Ssl3 => "SSL 3.0",
            Self::Tls10 => "TLS 1.0",
            Self::Tls11 => "TLS 1.1",
            Self::Tls12 => "TLS 1.2",
            Self::Tls13 => "TLS 1.3",
        }
    }

    /// Whether the version is broken or formally deprecated (RFC 8996, RFC 7568).
    pub fn deprecated(self) -> bool {
        self <= Self::Tls11
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_common_spellings() {
        for text in ["1.2", " TLS 1.2 ", "tls1.2", "TLSv1.2", "TLS v1.2"] {
            assert_eq!(Protocol::parse(text), Some(Protocol::Tls12), "{text}");
        }
        assert_eq!(Protocol::parse("1.0"), Some(Protocol::Tls10));
        assert_eq!(Protocol::parse("1"), Some(Protocol::Tls10));
        assert_eq!(Protocol::parse("1.1"), Some(Protocol::Tls11));
        assert_eq!(Protocol::parse("1.3"), Some(Protocol::Tls13));
        assert_eq!(Protocol::parse("SSLv3"), Some(Protocol::Ssl3));
        assert_eq!(Protocol::parse("ssl 2.0"), Some(Protocol::Ssl2));
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        for text in ["", "1.4", "2", "TLS", "latest", "1.2+", "v1.2.3", "sslv1.2"] {
            assert_eq!(Protocol::parse(text), None, "{text}");
        }
    }

    #[test]
    fn orders_oldest_first() {
        assert!(Protocol::Ssl3 < Protocol::Tls10 && Protocol::Tls12 < Protocol::Tls13);
        assert!(Protocol::Tls11.deprecated() && !Protocol::Tls12.deprecated());
    }
}
