//! E-mail domain security read from DNS: the SPF record at the domain (RFC 7208), the
//! DMARC policy at `_dmarc.<domain>` (RFC 7489) and MTA-STS (RFC 8461: a TXT record at
//! `_mta-sts.<domain>` announcing a policy served at
//! `https://mta-sts.<domain>/.well-known/mta-sts.txt`). A name with no record
//! (`NXDOMAIN` or an empty answer) is evidence of no record; a malformed record gives no
//! fact and a note saying why.

use serde_json::{Value, json};

use super::Extracted;

/// The largest MTA-STS policy read (RFC 8461 suggests 64 KiB).
pub const MAX_POLICY: usize = 64 * 1024;
/// Where the MTA-STS policy of a domain is served, below `https://mta-sts.<domain>`.
pub const POLICY_PATH: &str = "/.well-known/mta-sts.txt";

/// The dossier paths of the facts.
pub const SPF_PATH: &str = "extensions.riskcard.email-security.spf";
/// See [`SPF_PATH`].
pub const DMARC_PATH: &str = "extensions.riskcard.email-security.dmarc";
/// See [`SPF_PATH`].
pub const MTA_STS_PATH: &str = "extensions.riskcard.email-security.mta-sts";

/// The records of `records` that start with the version tag `tag` (case-insensitive).
fn tagged<'a>(records: &'a [String], tag: &str) -> Vec<&'a str> {
    records
        .iter()
        .map(|record| record.trim())
        .filter(|record| {
            record.get(..tag.len()).is_some_and(|start| start.eq_ignore_ascii_case(tag))
                && record[tag.len()..].chars().next().is_none_or(|c| c == ' ' || c == ';')
        })
        .collect()
}

/// The SPF fact from the domain's TXT records: whether there is one and its `all` policy.
pub fn spf(records: &[String]) -> Extracted {
    let spf = tagged(records, "v=spf1");
    match spf.as_slice() {
        [] => Extracted {
            facts: vec![(SPF_PATH.to_owned(), json!({ "present": false }))],
            notes: vec!["the domain publishes no SPF record".to_owned()],
        },
        [record] => {
            let all = record.split_ascii_whitespace().skip(1).find_map(|term| {
                let term = term.to_ascii_lowercase();
                match term.as_str() {
                    "all" | "+all" => Some("+all"),
                    "-all" => Some("-all"),
                    "~all" => Some("~all"),
                    "?all" => Some("?all"),
                    _ => None,
                }
            });
            let mut notes = Vec::new();
            if all.is_none() {
                notes.push("the SPF record ends in no `all` mechanism, so it has no policy of its own".to_owned());
            } else if all == Some("+all") {
                notes.push("the SPF record's `+all` lets any server send mail for the domain".to_owned());
            }
            let policy = all.map_or(Value::Null, |all| Value::String(all.to_owned()));
            Extracted { facts: vec![(SPF_PATH.to_owned(), json!({ "present": true, "policy": policy }))], notes }
        }
        _ => Extracted {
            facts: Vec::new(),
            notes: vec![format!(
                "the domain publishes {} SPF records; RFC 7208 makes that an error, so no SPF fact is taken",
                spf.len()
            )],
        },
    }
}

/// The DMARC fact from `_dmarc.<domain>`'s TXT records: its policy and percentage.
pub fn dmarc(records: &[String]) -> Extracted {
    let dmarc = tagged(records, "v=DMARC1");
    let fail = |why: String| Extracted { facts: Vec::new(), notes: vec![format!("no DMARC policy is taken: {why}")] };
    let record = match dmarc.as_slice() {
        [] => {
            return Extracted {
                facts: vec![(DMARC_PATH.to_owned(), json!({ "present": false }))],
                notes: vec!["the domain publishes no DMARC record".to_owned()],
            };
        }
        [record] => *record,
        _ => return fail(format!("the domain publishes {} DMARC records; RFC 7489 ignores them all", dmarc.len())),
    };
    let tags: Vec<(String, &str)> = record
        .split(';')
        .skip(1)
        .filter_map(|tag| tag.split_once('='))
        .map(|(key, value)| (key.trim().to_ascii_lowercase(), value.trim()))
        .collect();
    let tag = |name: &str| tags.iter().find(|(key, _)| key == name).map(|(_, value)| *value);
    let policy = match tag("p").map(str::to_ascii_lowercase) {
        None => return fail(format!("the record `{record}` has no `p=` tag")),
        Some(policy) if matches!(policy.as_str(), "none" | "quarantine" | "reject") => policy,
        Some(policy) => return fail(format!("`p={policy}` is not none, quarantine or reject")),
    };
    let pct = match tag("pct") {
        None => 100,
        Some(text) => match text.parse::<u8>() {
            Ok(pct) if pct <= 100 => pct,
            _ => return fail(format!("`pct={text}` is not a percentage from 0 to 100")),
        },
    };
    let mut notes = Vec::new();
    if policy == "none" {
        notes.push("the DMARC policy `p=none` only monitors: spoofed mail is still delivered".to_owned());
    }
    Extracted { facts: vec![(DMARC_PATH.to_owned(), json!({ "present": true, "policy": policy, "pct": pct }))], notes }
}

/// Whether `_mta-sts.<domain>`'s TXT records announce an MTA-STS policy; `Err` with the
/// reason when the announcement is malformed.
pub fn mta_sts_announced(records: &[String]) -> Result<bool, String> {
    let announced = tagged(records, "v=STSv1");
    match announced.as_slice() {
        [] => Ok(false),
        [record] if record.split(';').any(|tag| tag.trim().starts_with("id=")) => Ok(true),
        [record] => Err(format!("the MTA-STS record `{record}` has no `id=`")),
        _ => Err(format!("{} MTA-STS records; RFC 8461 takes none of them", announced.len())),
    }
}

/// The MTA-STS fact when no policy is announced.
pub fn mta_sts_absent() -> Extracted {
    Extracted {
        facts: vec![(MTA_STS_PATH.to_owned(), json!({ "mode": "none", "announced": false }))],
        notes: vec!["the domain announces no MTA-STS policy".to_owned()],
    }
}

/// The MTA-STS fact from the policy file: its mode, `max_age` and MX patterns.
pub fn mta_sts_policy(body: &[u8]) -> Result<Extracted, String> {
    let text = std::str::from_utf8(body).map_err(|_| "the MTA-STS policy is not UTF-8 text".to_owned())?;
    let mut version = None;
    let mut mode = None;
    let mut max_age = None;
    let mut mx = Vec::new();
    for line in text.lines() {
        let Some((key, value)) = line.split_once(':') else { continue };
        let value = value.trim();
        match key.trim() {
            "version" => version = Some(value),
            "mode" => mode = Some(value),
            "max_age" => max_age = value.parse::<u64>().ok(),
            "mx" => mx.push(value.to_owned()),
            _ => {}
        }
    }
    if version != Some("STSv1") {
        return Err("the MTA-STS policy does not say `version: STSv1`".to_owned());
    }
    let mode = match mode {
        Some(mode @ ("enforce" | "testing" | "none")) => mode,
        Some(other) => return Err(format!("the MTA-STS policy's mode `{other}` is not enforce, testing or none")),
        None => return Err("the MTA-STS policy gives no mode".to_owned()),
    };
    let mut notes = Vec::new();
    if mode == "testing" {
        notes.push("the MTA-STS policy is in testing mode: failures are reported, not refused".to_owned());
    }
    let fact = json!({ "mode": mode, "announced": true, "max_age": max_age, "mx": mx });
    Ok(Extracted { facts: vec![(MTA_STS_PATH.to_owned(), fact)], notes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn txt(records: &[&str]) -> Vec<String> {
        records.iter().map(|record| (*record).to_owned()).collect()
    }

    #[test]
    fn spf_gives_its_all_policy_or_says_there_is_none() {
        let found = spf(&txt(&["google-site-verification=x", "v=spf1 include:_spf.example.com -all"]));
        assert_eq!(found.facts, [(SPF_PATH.to_owned(), json!({ "present": true, "policy": "-all" }))]);
        assert_eq!(spf(&txt(&["v=spf1 ~all"])).facts[0].1["policy"], "~all");
        assert_eq!(spf(&txt(&["V=SPF1 ?ALL"])).facts[0].1["policy"], "?all");
        let open = spf(&txt(&["v=spf1 +all"]));
        assert_eq!(open.facts[0].1["policy"], "+all");
        assert!(open.notes[0].contains("any server"));
        assert_eq!(spf(&txt(&["v=spf1 redirect=_spf.example.com"])).facts[0].1["policy"], Value::Null);
        assert_eq!(spf(&[]).facts, [(SPF_PATH.to_owned(), json!({ "present": false }))]);
        assert_eq!(spf(&txt(&["v=spf10 -all"])).facts[0].1["present"], false);
    }

    #[test]
    fn two_spf_records_give_no_fact() {
        let found = spf(&txt(&["v=spf1 -all", "v=spf1 ~all"]));
        assert!(found.facts.is_empty());
        assert!(found.notes[0].contains("2 SPF records"), "{:?}", found.notes);
    }

    #[test]
    fn dmarc_gives_its_policy_and_percentage() {
        let found = dmarc(&txt(&["v=DMARC1; p=reject; rua=mailto:d@acme.example"]));
        assert_eq!(found.facts, [(DMARC_PATH.to_owned(), json!({ "present": true, "policy": "reject", "pct": 100 }))]);
        let partial = dmarc(&txt(&["v=DMARC1;p=Quarantine;pct=25"]));
        assert_eq!(partial.facts[0].1, json!({ "present": true, "policy": "quarantine", "pct": 25 }));
        let monitoring = dmarc(&txt(&["v=DMARC1; p=none"]));
        assert!(monitoring.notes[0].contains("only monitors"));
        assert_eq!(dmarc(&[]).facts[0].1, json!({ "present": false }));
    }

    #[test]
    fn a_malformed_dmarc_record_gives_no_policy_and_says_why() {
        let why = |records: &[&str]| {
            let found = dmarc(&txt(records));
            assert!(found.facts.is_empty(), "{records:?}");
            found.notes[0].clone()
        };
        assert!(why(&["v=DMARC1; p=bogus"]).contains("`p=bogus` is not none, quarantine or reject"));
        assert!(why(&["v=DMARC1; rua=mailto:d@acme.example"]).contains("has no `p=` tag"));
        assert!(why(&["v=DMARC1; p=reject", "v=DMARC1; p=none"]).contains("2 DMARC records"));
        assert!(why(&["v=DMARC1; p=reject; pct=150"]).contains("`pct=150`"));
    }

    #[test]
    fn mta_sts_needs_one_record_with_an_id_and_a_valid_policy() {
        assert_eq!(mta_sts_announced(&txt(&["v=STSv1; id=20260101"])), Ok(true));
        assert_eq!(mta_sts_announced(&[]), Ok(false));
        assert!(mta_sts_announced(&txt(&["v=STSv1;"])).unwrap_err().contains("no `id=`"));
        let policy =
            mta_sts_policy(b"version: STSv1\r\nmode: enforce\r\nmx: mail.acme.example\r\nmax_age: 604800\r\n").unwrap();
        assert_eq!(
            policy.facts,
            [(
                MTA_STS_PATH.to_owned(),
                json!({ "mode": "enforce", "announced": true, "max_age": 604800, "mx": ["mail.acme.example"] })
            )]
        );
        assert!(mta_sts_policy(b"version: STSv1\nmode: strict\n").unwrap_err().contains("`strict`"));
        assert!(mta_sts_policy(b"mode: enforce\n").unwrap_err().contains("STSv1"));
        assert_eq!(mta_sts_absent().facts[0].1["mode"], "none");
    }
}
