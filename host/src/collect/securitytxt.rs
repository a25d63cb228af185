//! `/.well-known/security.txt` (RFC 9116): Contact and Expires (both required), Policy,
//! Encryption, Canonical, Preferred-Languages, Acknowledgments, Hiring and CSAF, whether
//! the file is OpenPGP-signed (detected, not verified), and malformed lines and odd
//! values — reported, never fatal.

use std::collections::BTreeMap;

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

/// The path of every value of the fields that may repeat or that the dossier's
/// `trust.security_txt` has no place for.
pub const FIELDS_EXTENSION: &str = "extensions.security_txt.fields";

/// What a security.txt says, and what is wrong with it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The fields, as the dossier keeps them (the first Policy and Encryption).
    pub fields: SecurityTxt,
    /// Every value of Policy, Encryption, Preferred-Languages, Acknowledgments, Hiring
    /// and CSAF, by field name in lowercase (`acknowledgments` for either spelling).
    pub values: BTreeMap<&'static str, Vec<String>>,
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

/// Whether `value` looks like a URI (`scheme:`), as RFC 9116 wants of a Contact.
fn uri_scheme(value: &str) -> Option<&str> {
    let (scheme, _) = value.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// A note on a Contact that is not what RFC 9116 asks for (a `mailto:`, `tel:` or
/// `https:` URI), if it is not.
fn contact_note(number: usize, value: &str) -> Option<String> {
    match uri_scheme(value).map(str::to_ascii_lowercase).as_deref() {
        Some("mailto" | "tel" | "https") => None,
        Some("http") => Some(format!("line {number}: Contact `{value}` uses plain http; RFC 9116 requires https")),
        Some(scheme) => Some(format!(
            "line {number}: Contact `{value}` uses the `{scheme}:` scheme; RFC 9116 expects mailto:, tel: or https:"
        )),
        None => Some(format!(
            "line {number}: Contact `{value}` is not a URI; RFC 9116 wants e.g. mailto:security@vendor.example (kept as written)"
        )),
    }
}

/// Parses an Expires value; a space where RFC 3339 puts `T` is read, with a note.
fn parse_expires(number: usize, value: &str) -> Result<(Timestamp, Option<String>), String> {
    let invalid = || format!("line {number}: Expires `{value}` is not an RFC 3339 date-time");
    if value.len() > 10 && value.as_bytes()[10] == b' ' && value.is_char_boundary(11) {
        let with_t = format!("{}T{}", &value[..10], &value[11..]);
        let at = Timestamp::parse(&with_t).map_err(|_| invalid())?;
        let note = format!(
            "line {number}: Expires `{value}` separates date and time with a space; RFC 9116 requires RFC 3339's `T` (read as {with_t})"
        );
        return Ok((at, Some(note)));
    }
    Timestamp::parse(value).map(|at| (at, None)).map_err(|_| invalid())
}

/// Parses the text of a security.txt.
pub fn parse(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (signed, lines) = signed_content(text);
    let mut values: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
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
                problems.extend(contact_note(*number, &value));
                fields.contacts.push(value);
            }
            "expires" if expires_at.is_some() => {
                malformed.push(format!("line {number}: a second Expires field; RFC 9116 allows one"));
            }
            "expires" => match parse_expires(*number, &value) {
                Ok((at, note)) => {
                    expires_at = Some(at);
                    fields.expires = Some(at.date());
                    problems.extend(note);
                }
                Err(problem) => malformed.push(problem),
            },
            "policy" => {
                fields.policy.get_or_insert_with(|| value.clone());
                values.entry("policy").or_default().push(value);
            }
            "encryption" => {
                fields.encryption.get_or_insert_with(|| value.clone());
                values.entry("encryption").or_default().push(value);
            }
            "canonical" => fields.canonical.push(value),
            "preferred-languages" if values.contains_key("preferred_languages") => {
                malformed.push(format!("line {number}: a second Preferred-Languages field; RFC 9116 allows one"));
            }
            "preferred-languages" => {
                let languages = value.split(',').map(str::trim).filter(|tag| !tag.is_empty()).map(str::to_owned);
                values.insert("preferred_languages", languages.collect());
            }
            "acknowledgments" => values.entry("acknowledgments").or_default().push(value),
            "acknowledgements" => {
                problems.push(format!(
                    "line {number}: `Acknowledgements` is read as RFC 9116's `Acknowledgments` (American spelling)"
                ));
                values.entry("acknowledgments").or_default().push(value);
            }
            "hiring" => values.entry("hiring").or_default().push(value),
            "csaf" => values.entry("csaf").or_default().push(value),
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
    Parsed { fields, values, expires_at, field_count, problems }
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
    let mut facts = vec![("trust.security_txt".into(), value)];
    if !parsed.values.is_empty() {
        facts.push((FIELDS_EXTENSION.into(), serde_json::to_value(&parsed.values).unwrap_or(Value::Null)));
    }
    Ok(Extracted { facts, notes })
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

    /// Shaped like real files: a BOM, CRLF line ends, three Encryption lines, two
    /// Policies, the British spelling, a space in Expires and contacts that are no URIs.
    const REAL_WORLD: &str = "\u{feff}Contact: security@acme.example\r\nContact: +1 555 0100\r\nContact: security at acme dot example\r\nContact: tel:+15550100\r\nExpires: 2027-05-11 18:45:44+00:00\r\nEncryption: https://acme.example/pgp.asc\r\nEncryption: https://keybase.io/acme/pgp_keys.asc\r\nEncryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f\r\nPolicy: https://acme.example/policy\r\nPolicy: https://acme.example/bounty\r\nPreferred-Languages: en, de ,fr\r\nAcknowledgements: https://acme.example/thanks\r\nHiring: https://acme.example/jobs\r\nCSAF: https://acme.example/.well-known/csaf/provider-metadata.json\r\n";

    #[test]
    fn a_real_world_shaped_file_keeps_every_value_and_notes_what_is_odd() {
        let parsed = parse(REAL_WORLD);
        assert_eq!(parsed.fields.contacts.len(), 4, "the first field survives the BOM: {:?}", parsed.fields.contacts);
        assert_eq!(parsed.fields.contacts[0], "security@acme.example");
        assert_eq!(parsed.fields.expires, Some(Date::parse("2027-05-11").unwrap()));
        assert_eq!(parsed.fields.malformed_lines, 0);
        assert_eq!(parsed.fields.policy.as_deref(), Some("https://acme.example/policy"), "the dossier keeps the first");
        let values = |name: &str| parsed.values.get(name).cloned().unwrap_or_default();
        assert_eq!(
            values("encryption"),
            [
                "https://acme.example/pgp.asc",
                "https://keybase.io/acme/pgp_keys.asc",
                "openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f"
            ]
        );
        assert_eq!(values("policy"), ["https://acme.example/policy", "https://acme.example/bounty"]);
        assert_eq!(values("preferred_languages"), ["en", "de", "fr"]);
        assert_eq!(values("acknowledgments"), ["https://acme.example/thanks"]);
        assert_eq!(values("hiring"), ["https://acme.example/jobs"]);
        assert_eq!(values("csaf"), ["https://acme.example/.well-known/csaf/provider-metadata.json"]);
        assert_eq!(
            parsed.problems,
            [
                "line 1: Contact `security@acme.example` is not a URI; RFC 9116 wants e.g. mailto:security@vendor.example (kept as written)",
                "line 2: Contact `+1 555 0100` is not a URI; RFC 9116 wants e.g. mailto:security@vendor.example (kept as written)",
                "line 3: Contact `security at acme dot example` is not a URI; RFC 9116 wants e.g. mailto:security@vendor.example (kept as written)",
                "line 5: Expires `2027-05-11 18:45:44+00:00` separates date and time with a space; RFC 9116 requires RFC 3339's `T` (read as 2027-05-11T18:45:44+00:00)",
                "line 12: `Acknowledgements` is read as RFC 9116's `Acknowledgments` (American spelling)",
            ]
        );
    }

    #[test]
    fn a_bom_before_a_signed_file_and_a_second_preferred_languages_are_handled() {
        let parsed = parse(&format!("\u{feff}{SIGNED}"));
        assert!(parsed.fields.signed, "the BOM does not hide the signature header");
        assert_eq!(parsed.fields.contacts.len(), 2);
        let twice = parse("Contact: mailto:s@acme.example\nPreferred-Languages: en\nPreferred-Languages: de\n");
        assert_eq!(twice.values["preferred_languages"], ["en"]);
        assert_eq!(twice.fields.malformed_lines, 1);
        assert!(parse("Contact: xmpp:security@acme.example\n").problems[0].contains("uses the `xmpp:` scheme"));
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
