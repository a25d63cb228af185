//! `/.well-known/security.txt` (RFC 9116): Contact and Expires (both required), Policy,
//! Encryption, Canonical, whether the file is OpenPGP-signed (detected, not verified),
//! and malformed lines — reported, never fatal.

use serde_json::Value;

use super::Extracted;
use super::fetch::Fetched;
use crate::dossier::{Date, SecurityTxt, Timestamp};

/// The path of the file under the website's origin.
pub const PATH: &str = "/.well-known/security.txt";
/// The largest security.txt read.
pub const MAX_BODY: usize = 64 * 1024;
/// Malformed lines quoted in notes; the rest are counted.
const QUOTED: usize = 5;

const SIGNED_HEADER: &str = "-----BEGIN PGP SIGNED MESSAGE-----";
const SIGNATURE_HEADER: &str = "-----BEGIN PGP SIGNATURE-----";

/// What a security.txt says, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The fields.
    pub fields: SecurityTxt,
    /// The Expires instant, when readable.
    pub expires_at: Option<Timestamp>,
    /// Fields recognised, of any name.
    pub field_count: usize,
    /// Problems with their line numbers.
    pub problems: Vec<String>,
}

/// The signed text inside an OpenPGP cleartext signature, with its first line number;
/// the whole text when unsigned.
fn signed_content(text: &str) -> (bool, Vec<(usize, String)>) {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(index, line)| (index + 1, line)).collect();
    let Some(begin) = lines.iter().position(|(_, line)| line.trim_end() == SIGNED_HEADER) else {
        return (false, lines.into_iter().map(|(number, line)| (number, line.to_owned())).collect());
    };
    // Armor headers ("Hash: SHA256") run up to the first blank line.
    let body_start =
        lines[begin..].iter().position(|(_, line)| line.trim().is_empty()).map_or(lines.len(), |i| begin + i + 1);
    let body = lines[body_start..]
        .iter()
        .take_while(|(_, line)| line.trim_end() != SIGNATURE_HEADER)
        .map(|(number, line)| (*number, line.strip_prefix("- ").unwrap_or(line).to_owned()))
        .collect();
    (true, body)
}

/// Parses the text of a security.txt.
pub fn parse(text: &str) -> Parsed {
    let (signed, lines) = signed_content(text);
    let mut fields = SecurityTxt {
        contacts: Vec::new(),
        expires: None,
        policy: None,
        encryption: None,
        canonical: Vec::new(),
        signed,
        malformed_lines: 0,
    };
    let mut expires_at = None;
    let mut field_count = 0;
    let mut malformed = Vec::new();
    let mut problems = Vec::new();
    for (number, line) in &lines {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let Some((name, value)) = line.split_once(':').filter(|(name, value)| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') && !value.trim().is_empty()
        }) else {
            malformed.push(format!("line {number}: `{line}` is not `Field: value`"));
            continue;
        };
        let value = value.trim().to_owned();
        field_count += 1;
        match name.to_ascii_lowercase().as_str() {
            "contact" => {
                if value.starts_with("http:") {
                    problems.push(format!("line {number}: Contact `{value}` uses plain http; RFC 9116 requires https"));
                }
                fields.contacts.push(value);
            }
            "expires" if expires_at.is_some() => {
                malformed.push(format!("line {number}: a second Expires field; RFC 9116 allows one"));
            }
            "expires" => match Timestamp::parse(&value) {
                Ok(at) => {
                    expires_at = Some(at);
                    fields.expires = Some(at.date());
                }
                Err(_) => malformed.push(format!("line {number}: Expires `{value}` is not an RFC 3339 date-time")),
            },
            "policy" => {
                fields.policy.get_or_insert(value);
            }
            "encryption" => {
                fields.encryption.get_or_insert(value);
            }
            "canonical" => fields.canonical.push(value),
            _ => {}
        }
    }
    fields.malformed_lines = u32::try_from(malformed.len()).unwrap_or(u32::MAX);
    if malformed.len() > QUOTED {
        let more = malformed.len() - QUOTED;
        malformed.truncate(QUOTED);
        malformed.push(format!("{more} more malformed line(s)"));
    }
    problems.splice(0..0, malformed);
    if fields.contacts.is_empty() {
        problems.push("no Contact field; RFC 9116 requires at least one".into());
    }
    if fields.expires.is_none() {
        problems.push("no readable Expires field; RFC 9116 requires one".into());
    }
    Parsed { fields, expires_at, field_count, problems }
}

/// The security.txt fact from a fetched file, with notes on what RFC 9116 would want fixed.
pub fn extract(fetched: &Fetched, as_of: Date) -> Result<Extracted, String> {
    let content_type = fetched.reply.header("content-type").unwrap_or("").to_ascii_lowercase();
    let text =
        std::str::from_utf8(&fetched.reply.body).map_err(|_| "not a security.txt: the body is not UTF-8 text")?;
    if content_type.starts_with("text/html") || text.trim_start().starts_with('<') {
        return Err("not a security.txt: the server answered with an HTML page".into());
    }
    let parsed = parse(text);
    if parsed.field_count == 0 {
        return Err("not a security.txt: no `Field: value` line found".into());
    }
    let mut notes = parsed.problems;
    if !content_type.starts_with("text/plain") {
        notes.push(format!("served as `{content_type}`; RFC 9116 requires text/plain"));
    }
    if let Some(expires) = parsed.expires_at {
        let expires_day = expires.date();
        if expires.unix_seconds() <= as_of.unix_seconds() {
            notes.push(format!("expired on {expires_day}, before the as-of date {as_of}"));
        } else if as_of.days_until(expires_day) > 366 {
            notes.push(format!("expires on {expires_day}, more than a year after {as_of}; RFC 9116 recommends less"));
        } else {
            notes.push(format!("expires on {expires_day}, after the as-of date {as_of}"));
        }
    }
    if parsed.fields.signed {
        notes.push("OpenPGP-signed; the signature is not verified".into());
    }
    let fetched_url = fetched.url.as_str();
    if !parsed.fields.canonical.is_empty() && !parsed.fields.canonical.iter().any(|c| c == fetched_url) {
        notes.push(format!("fetched from {fetched_url}, which is not among its Canonical URLs"));
    }
    let value = serde_json::to_value(&parsed.fields).unwrap_or(Value::Null);
    Ok(Extracted { facts: vec![("trust.security_txt".into(), value)], notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNED: &str = "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n# Acme security contacts\nContact: mailto:security@acme.example\nContact: https://acme.example/report\nExpires: 2027-06-30T23:59:59.000Z\nEncryption: https://acme.example/pgp.asc\nPolicy: https://acme.example/policy\nPreferred-Languages: en, de\nCanonical: https://acme.example/.well-known/security.txt\n-----BEGIN PGP SIGNATURE-----\n\niHUEARYIAB0WIQ==\n-----END PGP SIGNATURE-----\n";

    #[test]
    fn a_signed_file_is_read_through_its_signature() {
        let parsed = parse(SIGNED);
        assert_eq!(parsed.fields.contacts, ["mailto:security@acme.example", "https://acme.example/report"]);
        assert_eq!(parsed.fields.expires, Some(Date::parse("2027-06-30").unwrap()));
        assert_eq!(parsed.fields.policy.as_deref(), Some("https://acme.example/policy"));
        assert_eq!(parsed.fields.encryption.as_deref(), Some("https://acme.example/pgp.asc"));
        assert_eq!(parsed.fields.canonical, ["https://acme.example/.well-known/security.txt"]);
        assert!(parsed.fields.signed);
        assert_eq!(parsed.fields.malformed_lines, 0);
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
    }

    #[test]
    fn malformed_lines_are_counted_and_quoted_not_fatal() {
        let parsed = parse(
            "Contact mailto:x@acme.example\nContact: mailto:security@acme.example\nExpires: next year\nExpires: 2027-01-01T00:00:00Z\nExpires: 2028-01-01T00:00:00Z\n: empty name\n",
        );
        assert!(!parsed.fields.signed);
        assert_eq!(parsed.fields.contacts, ["mailto:security@acme.example"]);
        assert_eq!(parsed.fields.expires, Some(Date::parse("2027-01-01").unwrap()));
        assert_eq!(parsed.fields.malformed_lines, 4);
        assert_eq!(
            parsed.problems,
            [
                "line 1: `Contact mailto:x@acme.example` is not `Field: value`",
                "line 3: Expires `next year` is not an RFC 3339 date-time",
                "line 5: a second Expires field; RFC 9116 allows one",
                "line 6: `: empty name` is not `Field: value`",
            ]
        );
    }

    #[test]
    fn missing_required_fields_are_reported() {
        let parsed = parse("Policy: https://acme.example/policy\nContact: http://acme.example/report\n");
        assert_eq!(
            parsed.problems,
            [
                "line 2: Contact `http://acme.example/report` uses plain http; RFC 9116 requires https",
                "no readable Expires field; RFC 9116 requires one",
            ]
        );
        assert!(parse("Policy: https://acme.example/policy\n").problems.iter().any(|p| p.starts_with("no Contact")));
    }
}
