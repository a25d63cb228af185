//! Known breaches of the vendor's domain from a public breach catalogue that needs no API
//! key — Have I Been Pwned's breach list filtered by domain (`<catalogue>?domain=<domain>`)
//! — read into the dossier's incident history, each entry citing the catalogue URL. Asked
//! for with `collect --breaches` only, since it sends the vendor's domain to a third party.

use serde::Deserialize;
use serde_json::{Value, json};
use url::Url;

use super::Extracted;
use super::fetch::Fetched;
use crate::dossier::Date;

/// Have I Been Pwned's public breach list.
pub const DEFAULT_CATALOGUE: &str = "https://haveibeenpwned.com/api/v3/breaches";
/// The largest answer read.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

/// Data classes whose exposure makes a breach high severity rather than medium.
const SENSITIVE: [&str; 6] = [
    "passwords",
    "credit cards",
    "bank account numbers",
    "social security numbers",
    "government issued ids",
    "health records",
];

/// One breach as the catalogue lists it (HIBP's field names).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Breach {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    #[serde(default)]
    breach_date: Option<String>,
    #[serde(default)]
    pwn_count: Option<u64>,
    #[serde(default)]
    data_classes: Vec<String>,
    #[serde(default = "yes")]
    is_verified: bool,
    #[serde(default)]
    is_fabricated: bool,
    #[serde(default)]
    is_spam_list: bool,
}

fn yes() -> bool {
    true
}

/// The domain looked up for `website`: its host in lowercase, without a leading `www.`.
pub fn domain(website: &Url) -> Result<String, String> {
    match website.host() {
        Some(url::Host::Domain(host)) => {
            let host = host.trim_end_matches('.').to_ascii_lowercase();
            Ok(host.strip_prefix("www.").unwrap_or(&host).to_owned())
        }
        _ => Err(format!("vendor.website `{website}` has no domain name to look up")),
    }
}

/// The catalogue URL asking for `domain`'s breaches.
pub fn lookup_url(catalogue: &Url, domain: &str) -> Url {
    let mut url = catalogue.clone();
    url.query_pairs_mut().append_pair("domain", domain);
    url
}

/// An incident id from a breach name: lowercase letters, digits and dashes.
fn slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_owned()
}

/// The incidents the catalogue lists for `domain`, as `incidents.entries`; an empty list
/// is no fact at all, since absence from a catalogue is no evidence of no breach.
pub fn extract(fetched: &Fetched, domain: &str) -> Result<Extracted, String> {
    let breaches: Vec<Breach> = serde_json::from_slice(&fetched.reply.body)
        .map_err(|error| format!("the catalogue's answer is not a list of breaches: {error}"))?;
    let source = fetched.url.to_string();
    let observed = fetched.fetched_at.date().to_string();
    let mut notes = Vec::new();
    let mut entries: Vec<(Date, String, Value)> = Vec::new();
    for breach in breaches {
        let name = breach.name.trim();
        if breach.is_fabricated || breach.is_spam_list {
            notes.push(format!("breach `{name}` is left out: the catalogue marks it fabricated or a spam list"));
            continue;
        }
        if !breach.domain.as_deref().is_some_and(|listed| listed.trim().eq_ignore_ascii_case(domain)) {
            notes.push(format!("breach `{name}` is left out: the catalogue lists it for another domain"));
            continue;
        }
        let Some(date) = breach.breach_date.as_deref().and_then(|text| Date::parse(text.trim()).ok()) else {
            notes.push(format!("breach `{name}` is left out: its BreachDate is missing or unreadable"));
            continue;
        };
        let sensitive =
            breach.data_classes.iter().any(|class| SENSITIVE.contains(&class.to_ascii_lowercase().as_str()));
        let mut title = breach.title.as_deref().map(str::trim).filter(|t| !t.is_empty()).unwrap_or(name).to_owned();
        if !breach.is_verified {
            title.push_str(" (unverified)");
            notes.push(format!("breach `{name}` is unverified by the catalogue"));
        }
        let mut id = format!("breach-{}", slug(name));
        while entries.iter().any(|(_, existing, _)| *existing == id) {
            id.push_str("-2");
        }
        let mut entry = json!({
            "id": id,
            "title": title,
            "kind": "data-breach",
            "severity": if sensitive { "high" } else { "medium" },
            "detected_at": format!("{date}T00:00:00Z"),
            "source": source,
            "observed": observed,
        });
        if let (Some(count), Some(object)) = (breach.pwn_count, entry.as_object_mut()) {
            object.insert("records_exposed".into(), json!(count));
        }
        entries.push((date, id, entry));
    }
    if entries.is_empty() {
        notes.push(format!(
            "the catalogue lists no breach of {domain}; absence from a catalogue is no evidence that there was none"
        ));
        return Ok(Extracted { facts: Vec::new(), notes });
    }
    entries.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    notes.push(format!(
        "{} known from the catalogue; it gives no date of disclosure to customers, so ask the vendor",
        breaches_text(entries.len())
    ));
    let list = entries.into_iter().map(|(_, _, entry)| entry).collect();
    Ok(Extracted { facts: vec![("incidents.entries".to_owned(), Value::Array(list))], notes })
}

/// "1 breach" or "N breaches".
fn breaches_text(n: usize) -> String {
    if n == 1 { "1 breach".to_owned() } else { format!("{n} breaches") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::collect::fetch::Reply;
    use crate::dossier::Timestamp;

    fn answer(body: &str) -> Fetched {
        Fetched {
            url: Url::parse("https://catalogue.example/api/v3/breaches?domain=acme.example").unwrap(),
            fetched_at: Timestamp::parse("2026-11-30T09:00:00Z").unwrap(),
            reply: Reply {
                status: 200,
                headers: Vec::new(),
                body: body.as_bytes().to_vec(),
                attempts: 1,
                gave_up: None,
            },
            redirects: Vec::new(),
            location: None,
        }
    }

    #[test]
    fn the_domain_is_the_websites_host_without_www() {
        assert_eq!(domain(&Url::parse("https://WWW.Acme.example/about").unwrap()).unwrap(), "acme.example");
        assert_eq!(domain(&Url::parse("https://acme.example.").unwrap()).unwrap(), "acme.example");
        assert!(domain(&Url::parse("https://192.0.2.1/").unwrap()).is_err());
        let url = lookup_url(&Url::parse(DEFAULT_CATALOGUE).unwrap(), "acme.example");
        assert_eq!(url.as_str(), "https://haveibeenpwned.com/api/v3/breaches?domain=acme.example");
    }

    #[test]
    fn breaches_become_incidents_citing_the_catalogue() {
        let extracted = extract(
            &answer(
                r#"[{"Name":"Acme2024","Title":"Acme","Domain":"acme.example","BreachDate":"2024-03-01","PwnCount":120000,"DataClasses":["Email addresses","Passwords"],"IsVerified":true},
                    {"Name":"Acme Forum","Title":"Acme Forum","Domain":"ACME.example","BreachDate":"2019-07-15","PwnCount":900,"DataClasses":["Usernames"],"IsVerified":false},
                    {"Name":"Fake","Domain":"acme.example","BreachDate":"2020-01-01","IsFabricated":true},
                    {"Name":"Other","Domain":"other.example","BreachDate":"2020-01-01"}]"#,
            ),
            "acme.example",
        )
        .unwrap();
        assert_eq!(
            extracted.facts,
            [(
                "incidents.entries".to_owned(),
                json!([
                    { "id": "breach-acme-forum", "title": "Acme Forum (unverified)", "kind": "data-breach",
                      "severity": "medium", "detected_at": "2019-07-15T00:00:00Z", "records_exposed": 900,
                      "source": "https://catalogue.example/api/v3/breaches?domain=acme.example", "observed": "2026-11-30" },
                    { "id": "breach-acme2024", "title": "Acme", "kind": "data-breach",
                      "severity": "high", "detected_at": "2024-03-01T00:00:00Z", "records_exposed": 120000,
                      "source": "https://catalogue.example/api/v3/breaches?domain=acme.example", "observed": "2026-11-30" }
                ])
            )]
        );
        assert_eq!(extracted.notes.len(), 4, "{:?}", extracted.notes);
        assert!(extracted.notes[3].starts_with("2 breaches known from the catalogue"));
    }

    #[test]
    fn no_breach_listed_is_no_fact_and_says_why() {
        let extracted = extract(&answer("[]"), "acme.example").unwrap();
        assert!(extracted.facts.is_empty());
        assert!(extracted.notes[0].contains("absence from a catalogue is no evidence"));
    }

    #[test]
    fn an_answer_that_is_no_list_fails() {
        let reason = extract(&answer(r#"{"error":"rate limited"}"#), "acme.example").unwrap_err();
        assert!(reason.starts_with("the catalogue's answer is not a list of breaches"), "{reason}");
    }
}
