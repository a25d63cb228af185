//! Merging collected evidence into a dossier for `assess`. The rule: the analyst's
//! dossier wins, fact by fact — a collected fact is used only where the dossier leaves
//! that field (or extension) out; a section the dossier lacks is created with the
//! collected fact's URL as its source and its fetch date as observed. Every merged fact
//! keeps its origin; every collected fact the dossier superseded is listed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{Map, Value};

use super::provenance::{CollectedFile, FORMAT};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{self, Collected, Dossier, FactOrigin, LoadedDossier};
use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;

/// The dossier paths collection may fill.
pub const COLLECTABLE: &[&str] = &[
    "availability.major_outages",
    "availability.monthly",
    "availability.status_page",
    "extensions.riskcard.email-security.dmarc",
    "extensions.riskcard.email-security.mta-sts",
    "extensions.riskcard.email-security.spf",
    "extensions.riskcard.tls",
    "extensions.security_txt.fields",
    "extensions.statuspage.coverage",
    "extensions.statuspage.incidents",
    "extensions.statuspage.status",
    "incidents.entries",
    "trust.security_txt",
    "web_security.content_security_policy",
    "web_security.frame_protection",
    "web_security.hsts_include_subdomains",
    "web_security.hsts_max_age",
    "web_security.http_redirects_to_https",
    "web_security.https",
    "web_security.referrer_policy",
    "web_security.x_content_type_options",
];

const HELP: &str = "collected-evidence files are written by `riskcard collect`; collect again or delete the file";

/// Reads the collected-evidence file at `path` and merges it into `loaded`.
pub fn merge(loaded: LoadedDossier, path: &Path) -> Result<LoadedDossier, Diagnostics> {
    let bytes = inputfile::read(path, InputKind::Collected).map_err(|error| match error {
        error if error.is_not_found() => Diagnostic::new(path, error.to_string()).help(HELP),
        error => error.diagnostic(path),
    })?;
    let file: CollectedFile = serde_json::from_slice(&bytes).map_err(|error| {
        let message = error.to_string();
        let mut diagnostic =
            Diagnostic::new(path, message.split(" at line ").next().unwrap_or(&message).to_owned()).help(HELP);
        diagnostic.line = Some(error.line());
        diagnostic.column = Some(error.column());
        diagnostic
    })?;
    let mut problems = Vec::new();
    if file.riskcard_collected != FORMAT {
        problems.push(
            Diagnostic::new(path, format!("collected-evidence format {} is not supported", file.riskcard_collected))
                .key("riskcard_collected")
                .help(format!("this riskcard reads format {FORMAT}; collect again")),
        );
    }
    if file.vendor != loaded.dossier.vendor.id {
        problems.push(
            Diagnostic::new(
                path,
                format!(
                    "collected for vendor `{}`, but {} is vendor `{}`",
                    file.vendor,
                    loaded.path.display(),
                    loaded.dossier.vendor.id
                ),
            )
            .key("vendor")
            .help("collect again for this dossier, or move the file to the dossier it belongs to"),
        );
    }
    let mut seen = BTreeSet::new();
    for (index, fact) in file.facts.iter().enumerate() {
        let at = |field: &str| format!("facts[{index}].{field}");
        if !COLLECTABLE.contains(&fact.path.as_str()) {
            problems.push(
                Diagnostic::new(path, format!("`{}` is not a fact riskcard collects", fact.path))
                    .key(at("path"))
                    .help(HELP),
            );
        } else if !seen.insert(fact.path.as_str()) {
            problems.push(
                Diagnostic::new(
                    path,
                    format!("`{}` is collected twice; riskcard cannot tell which is right", fact.path),
                )
                .key(at("path"))
                .help(HELP),
            );
        }
        if fact.value.is_null() {
            problems.push(Diagnostic::new(path, "a collected fact has no value (null)").key(at("value")).help(HELP));
        }
        problems.extend(
            origin_problems(&fact.from)
                .into_iter()
                .map(|(field, message)| Diagnostic::new(path, message).key(at(&format!("from.{field}"))).help(HELP)),
        );
    }
    for (index, report) in file.sources.iter().enumerate() {
        let Some(response) = &report.response else { continue };
        problems.extend(origin_problems(response).into_iter().map(|(field, message)| {
            Diagnostic::new(path, message).key(format!("sources[{index}].response.{field}")).help(HELP)
        }));
    }
    if !problems.is_empty() {
        let source = String::from_utf8_lossy(&bytes);
        let spans = SpanIndex::json(&source);
        let placed = problems.into_iter().map(|problem| {
            let place = problem.key.as_deref().and_then(|key| spans.place(&source, key));
            problem.at_place(place)
        });
        return Err(Diagnostics(placed.collect()));
    }

    let LoadedDossier { path: dossier_path, sha256, dossier } = loaded;
    let mut tree = serde_json::to_value(&dossier).unwrap_or(Value::Null);
    let mut merged = BTreeMap::new();
    let mut superseded = Vec::new();
    let mut contested = BTreeMap::new();
    for fact in &file.facts {
        let (section, field) = split(&fact.path);
        let Some(root) = tree.as_object_mut() else { break };
        let observed = Value::String(fact.from.fetched_at.date().to_string());
        let source = Value::String(fact.from.url.clone());
        let placed = if section == "extensions" {
            let extensions = root.entry("extensions").or_insert_with(|| Value::Object(Map::new()));
            insert_if_absent(extensions, field, || {
                Value::Object(Map::from_iter([
                    ("value".to_owned(), fact.value.clone()),
                    ("source".to_owned(), source.clone()),
                    ("observed".to_owned(), observed.clone()),
                ]))
            })
        } else {
            let section = root.entry(section).or_insert_with(|| {
                Value::Object(Map::from_iter([
                    ("source".to_owned(), source.clone()),
                    ("observed".to_owned(), observed.clone()),
                ]))
            });
            insert_if_absent(section, field, || fact.value.clone())
        };
        if placed {
            merged.insert(fact.path.clone(), fact.from.clone());
        } else {
            if dossier::value_at(&tree, &fact.path).is_some_and(|stated| *stated != fact.value) {
                contested.insert(fact.path.clone(), (fact.value.clone(), fact.from.clone()));
            }
            superseded.push(fact.path.clone());
        }
    }
    let mut merged_dossier: Dossier = serde_json::from_value(tree).map_err(|error| {
        Diagnostic::new(path, format!("collected facts do not fit the dossier: {error}")).help(HELP)
    })?;
    let problems = dossier::check(&merged_dossier);
    if !problems.is_empty() {
        return Err(Diagnostics(
            problems
                .into_iter()
                .map(|(key, message, _)| Diagnostic::new(path, format!("after merging: {message}")).key(key).help(HELP))
                .collect(),
        ));
    }
    merged_dossier.collected = Some(Collected {
        sha256: sha256_hex(&bytes),
        merged,
        superseded,
        contested,
        extra_ca_sha256: file.extra_ca_sha256.clone(),
    });
    Ok(LoadedDossier { path: dossier_path, sha256, dossier: merged_dossier })
}

/// What is wrong with a response's record: the field at fault and the problem.
fn origin_problems(origin: &FactOrigin) -> Vec<(&'static str, String)> {
    let mut problems = Vec::new();
    let scheme = url::Url::parse(&origin.url).map(|url| url.scheme().to_owned()).unwrap_or_default();
    match scheme.as_str() {
        "http" | "https" => match origin.http_status {
            Some(status) if (100..=599).contains(&status) => {}
            Some(status) => problems.push(("http_status", format!("{status} is not an HTTP status (100 to 599)"))),
            None => problems.push(("http_status", "an http or https origin needs its HTTP status".to_owned())),
        },
        "dns" | "tls" => {
            if origin.http_status.is_some() {
                problems.push(("http_status", format!("a {scheme}: origin has no HTTP status")));
            }
            if origin.outcome.as_deref().is_none_or(str::is_empty) {
                problems.push(("outcome", format!("a {scheme}: origin needs its outcome (a DNS code or TLS version)")));
            }
        }
        _ => problems.push(("url", format!("`{}` is not an http, https, dns: or tls: URL", shorten(&origin.url)))),
    }
    if !(origin.sha256.len() == 64 && origin.sha256.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))) {
        problems.push(("sha256", format!("`{}` is not a SHA-256 (64 lowercase hex digits)", shorten(&origin.sha256))));
    }
    problems
}

/// At most 80 characters of untrusted `text`, for quoting in a message.
fn shorten(text: &str) -> String {
    text.chars().take(80).collect()
}

/// `section.field`, where an extension's key may itself hold dots.
fn split(path: &str) -> (&str, &str) {
    path.split_once('.').unwrap_or((path, ""))
}

/// Puts `make()` at `key` of `object` unless a value is already there; whether it did.
fn insert_if_absent(object: &mut Value, key: &str, make: impl FnOnce() -> Value) -> bool {
    let Some(object) = object.as_object_mut() else { return false };
    match object.get(key) {
        Some(existing) if !existing.is_null() => false,
        _ => {
            object.insert(key.to_owned(), make());
            true
        }
    }
}
