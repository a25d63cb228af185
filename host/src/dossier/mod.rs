//! Vendor dossiers: one file per vendor, TOML written by analysts or JSON written by
//! tools. Loading checks syntax, fields and types, then the rules serde cannot see,
//! and reports every problem in the file at once.

mod assurance;
mod attestation;
mod date;
mod extension_key;
mod form_version;
mod model;
mod origin;
mod strength;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use assurance::{
    Assurance, BugBounty, Contract, PenetrationTest, Residency, Subprocessor, VulnerabilityDisclosure, is_country_code,
    is_region,
};
pub use date::{Date, Timestamp};
pub use extension_key::{RESERVED_OWNER, RISKCARD_KEYS, extension_key_problem};
pub use form_version::RISKCARD_QUESTIONNAIRE;
pub use model::*;
pub use origin::{Collected, FactOrigin, describe_origin};
pub use strength::EvidenceStrength;

pub(crate) use attestation::value_at;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;

/// A dossier read from a file, with the hash that identifies its exact bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedDossier {
    /// Where it was read from.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The evidence.
    pub dossier: Dossier,
}

/// The file formats a dossier can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Json,
}

/// How the name of a collected-evidence file ends: `acme.toml` gets `acme.collected.json`.
pub const COLLECTED_SUFFIX: &str = ".collected.json";

/// Whether `path` names a collected-evidence file written by `riskcard collect`.
pub fn is_collected_file(path: &Path) -> bool {
    path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.ends_with(COLLECTED_SUFFIX))
}

/// Where the collected evidence for the dossier at `dossier` lives: beside it, or in `dir`.
pub fn collected_path(dossier: &Path, dir: Option<&Path>) -> PathBuf {
    let stem = dossier.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    let name = format!("{stem}{COLLECTED_SUFFIX}");
    match dir {
        Some(dir) => dir.join(name),
        None => dossier.with_file_name(name),
    }
}

fn format_of(path: &Path) -> Option<Format> {
    match path.extension()?.to_str()? {
        "toml" => Some(Format::Toml),
        "json" => Some(Format::Json),
        _ => None,
    }
}

/// Expands the command line's dossier arguments: files as given, directories to their
/// `*.toml` and `*.json` files (not recursively, and not the `*.collected.json` files
/// `riskcard collect` writes beside them), sorted by path.
pub fn expand_paths(arguments: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostics> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for argument in arguments {
        if argument.is_dir() {
            match std::fs::read_dir(argument) {
                Ok(entries) => {
                    let mut found: Vec<PathBuf> = entries
                        .filter_map(Result::ok)
                        .map(|entry| entry.path())
                        .filter(|path| path.is_file() && format_of(path).is_some() && !is_collected_file(path))
                        .collect();
                    found.sort();
                    if found.is_empty() {
                        problems.push(
                            Diagnostic::new(argument, "directory holds no dossiers")
                                .help("put one .toml or .json dossier per vendor in it"),
                        );
                    }
                    files.extend(found);
                }
                Err(error) => problems.push(Diagnostic::new(argument, format!("cannot read directory: {error}"))),
            }
        } else {
            files.push(argument.clone());
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(Diagnostics(problems)) }
}

/// Reads and checks the dossier at `path`.
pub fn load(path: &Path) -> Result<LoadedDossier, Diagnostics> {
    if is_collected_file(path) {
        return Err(Diagnostic::new(path, "this is evidence collected by `riskcard collect`, not a dossier")
            .help("pass the dossier it belongs to; `assess` merges the collected evidence beside it")
            .into());
    }
    let Some(format) = format_of(path) else {
        return Err(Diagnostic::new(path, "a dossier must be a .toml or .json file")
            .help("rename the file or convert it")
            .into());
    };
    let bytes = inputfile::read(path, InputKind::Dossier).map_err(|error| match error {
        error if error.is_not_found() => {
            Diagnostic::new(path, error.to_string()).help("check the path; dossiers are given as files or directories")
        }
        error => error.diagnostic(path),
    })?;
    let source = String::from_utf8(bytes.clone())
        .map_err(|_| Diagnostic::new(path, "dossier is not UTF-8 text").help("save the file as UTF-8"))?;
    let help = "see docs/dossier.md, or run `riskcard schema dossier` for the JSON Schema";
    let dossier: Dossier = match format {
        Format::Toml => toml::from_str(&source).map_err(|error| {
            let mut diagnostic = Diagnostic::new(path, error.message().trim().to_owned()).help(help);
            if let Some(span) = error.span() {
                diagnostic = diagnostic.at_offset(&source, span.start);
            }
            diagnostic
        })?,
        Format::Json => serde_path_to_error::deserialize(&mut serde_json::Deserializer::from_str(&source)).map_err(
            |error: serde_path_to_error::Error<serde_json::Error>| {
                let field = json_error_field(&error.path().to_string());
                let error = error.into_inner();
                let mut diagnostic = Diagnostic::new(path, strip_json_position(&error.to_string())).help(help);
                if !field.is_empty() {
                    diagnostic = diagnostic.key(field);
                }
                diagnostic.line = Some(error.line());
                diagnostic.column = Some(error.column());
                diagnostic
            },
        )?,
    };
    let problems = check(&dossier);
    if !problems.is_empty() {
        let spans = match format {
            Format::Toml => SpanIndex::toml(&source),
            Format::Json => SpanIndex::json(&source),
        };
        return Err(Diagnostics(
            problems
                .into_iter()
                .map(|(key, message, help)| {
                    let place = spans.place(&source, &key);
                    Diagnostic::new(path, message).key(key).help(help).at_place(place)
                })
                .collect(),
        ));
    }
    Ok(LoadedDossier { path: path.to_owned(), sha256: sha256_hex(&bytes), dossier })
}

/// The field a JSON error is at, from serde_path_to_error's path (`.` at the top, `?`
/// for a key it had not finished reading): the known part, e.g. `access_control` for
/// `access_control.?`; empty when nothing is known.
fn json_error_field(path: &str) -> String {
    path.split('.').take_while(|segment| !segment.is_empty() && *segment != "?").collect::<Vec<_>>().join(".")
}

/// serde_json appends " at line L column C"; the diagnostic carries those separately.
fn strip_json_position(message: &str) -> String {
    message.split(" at line ").next().unwrap_or(message).to_owned()
}

/// Parses a month written `YYYY-MM`.
pub fn parse_month(text: &str) -> Result<(i32, u8), String> {
    let invalid = || format!("`{text}` is not a month; write it as YYYY-MM, e.g. 2026-04");
    let (year, month) = text.split_once('-').ok_or_else(invalid)?;
    if !date::is_digits(year, 4) || !date::is_digits(month, 2) {
        return Err(invalid());
    }
    let year: i32 = year.parse().map_err(|_| invalid())?;
    let month: u8 = month.parse().map_err(|_| invalid())?;
    if !(1..=12).contains(&month) {
        return Err(invalid());
    }
    Ok((year, month))
}

/// Whether `id` can name output files: lowercase letters, digits and inner dashes.
pub fn is_vendor_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// `url` without its user name and password, or `None` when it carries neither; what
/// messages show instead of a URL with credentials.
pub fn without_credentials(url: &url::Url) -> Option<url::Url> {
    if url.username().is_empty() && url.password().is_none() {
        return None;
    }
    let mut shown = url.clone();
    // Both succeed on any URL that can carry credentials at all.
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    Some(shown)
}

type Problem = (String, String, String);

/// What is wrong with `url` where a dossier expects a public http(s) URL, and the fix.
fn url_problem(url: &str) -> Option<(String, &'static str)> {
    if !url.starts_with("https://") && !url.starts_with("http://") {
        Some((format!("`{url}` is not an http(s) URL"), "write the full URL, e.g. https://vendor.example"))
    } else {
        let shown = url::Url::parse(url).ok().as_ref().and_then(without_credentials)?;
        Some((
            format!("`{shown}` is written with credentials (user:password@), which riskcard never sends"),
            "remove the credentials from the URL; riskcard collects public evidence only",
        ))
    }
}

/// MFA factors that contradict the rest of the access-control section.
fn access_control_problems(dossier: &Dossier) -> Vec<Problem> {
    let Some(ac) = &dossier.access_control else { return Vec::new() };
    let mut problems = Vec::new();
    if let (Some(factors), Some(mfa)) = (&ac.mfa_factors, ac.mfa)
        && factors.is_empty() != (mfa == MfaSupport::Unavailable)
    {
        problems.push((
            "access_control.mfa_factors".to_owned(),
            if factors.is_empty() {
                "mfa_factors = [] says there is no second factor, but mfa says MFA is available".to_owned()
            } else {
                "mfa_factors lists second factors, but mfa = \"unavailable\"".to_owned()
            },
            "make mfa and mfa_factors agree".to_owned(),
        ));
    }
    if ac.phishing_resistant_enforceable == Some(true)
        && ac.mfa_factors.as_ref().is_some_and(|factors| !factors.contains(&MfaFactor::PhishingResistant))
    {
        problems.push((
            "access_control.phishing_resistant_enforceable".to_owned(),
            "phishing-resistant factors can be required, but mfa_factors does not list phishing-resistant".to_owned(),
            "add \"phishing-resistant\" to mfa_factors, or correct phishing_resistant_enforceable".to_owned(),
        ));
    }
    problems
}

/// The rules serde cannot express, as (key path, message, fix).
pub(crate) fn check(dossier: &Dossier) -> Vec<Problem> {
    let mut problems: Vec<Problem> = Vec::new();
    let mut problem = |key: String, message: String, help: &str| problems.push((key, message, help.to_owned()));
    if !is_vendor_id(&dossier.vendor.id) {
        problem(
            "vendor.id".into(),
            format!("vendor id `{}` must be 1–64 lowercase letters, digits and inner dashes", dossier.vendor.id),
            "it names the output files; write e.g. id = \"acme-crm\"",
        );
    }
    for (key, url) in [
        ("website", &dossier.vendor.website),
        ("status_page", &dossier.vendor.status_page),
        ("app_url", &dossier.vendor.app_url),
    ] {
        if let Some((message, help)) = url.as_deref().and_then(url_problem) {
            problem(format!("vendor.{key}"), message, help);
        }
    }
    for (index, cert) in dossier.certifications.iter().flatten().enumerate() {
        if let (Some(issued), Some(expires)) = (cert.issued, cert.expires)
            && expires < issued
        {
            problem(
                format!("certifications[{index}].expires"),
                format!("expires {expires} is before issued {issued}"),
                "check the dates on the certificate",
            );
        }
        if cert.kind == CertificationKind::Other && cert.name.is_none() {
            problem(
                format!("certifications[{index}].kind"),
                "kind \"other\" needs a name".into(),
                "add name = \"…\" naming the certification",
            );
        }
    }
    if let Some(history) = &dossier.incidents {
        let mut ids = BTreeSet::new();
        for (index, incident) in history.entries.iter().enumerate() {
            if !ids.insert(incident.id.as_str()) {
                problem(
                    format!("incidents.entries[{index}].id"),
                    format!("incident id `{}` is used twice", incident.id),
                    "give each incident its own id",
                );
            }
            for (key, at) in [("disclosed_at", incident.disclosed_at), ("resolved_at", incident.resolved_at)] {
                if at.is_some_and(|at| at < incident.detected_at) {
                    problem(
                        format!("incidents.entries[{index}].{key}"),
                        format!("{key} is before detected_at"),
                        "check the incident's timeline",
                    );
                }
            }
        }
    }
    if let Some(availability) = &dossier.availability {
        if availability.sla_percent.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
            problem(
                "availability.sla_percent".into(),
                "sla_percent must be within 0–100".into(),
                "write e.g. sla_percent = 99.9",
            );
        }
        let mut months = BTreeSet::new();
        for (index, month) in availability.monthly.iter().enumerate() {
            match parse_month(&month.month) {
                Err(message) => {
                    problem(format!("availability.monthly[{index}].month"), message, "write e.g. month = \"2026-04\"")
                }
                Ok(parsed) if !months.insert(parsed) => {
                    problem(
                        format!("availability.monthly[{index}].month"),
                        format!("month {} is listed twice", month.month),
                        "keep one entry per month",
                    );
                }
                Ok(_) => {}
            }
            if !(0.0..=100.0).contains(&month.percent) {
                problem(
                    format!("availability.monthly[{index}].percent"),
                    "percent must be within 0–100".into(),
                    "write e.g. percent = 99.95",
                );
            }
        }
    }
    problems.extend(assurance::check(dossier, url_problem));
    problems.extend(access_control_problems(dossier));
    problems.extend(attestation::check(dossier));
    problems.extend(form_version::check(dossier));
    problems
}

impl Dossier {
    /// The source and observation date of the evidence at `path` (as plugins cite it,
    /// e.g. `certifications[1]` or `encryption.tls_min_version`); `None` when the path
    /// names nothing in this dossier.
    pub fn provenance(&self, path: &str) -> Option<(Option<&str>, Option<Date>)> {
        if let Some(origin) = self.collected_origin(path) {
            return Some((Some(origin.url.as_str()), Some(origin.fetched_at.date())));
        }
        fn of(section: &impl Sourced) -> (Option<&str>, Option<Date>) {
            (section.source(), section.observed())
        }
        fn indexed<'a, T>(items: &'a [T], rest: &str) -> Option<&'a T> {
            let index: usize = rest.strip_prefix('[')?.split(']').next()?.parse().ok()?;
            items.get(index)
        }
        let (head, rest) = path.find(['.', '[']).map_or((path, ""), |at| path.split_at(at));
        match head {
            "certifications" => indexed(self.certifications.as_deref()?, rest).map(of),
            "compliance" => match rest.trim_start_matches('.').split('.').next()? {
                "gdpr" => self.compliance.gdpr.as_ref().map(of),
                "ccpa" => self.compliance.ccpa.as_ref().map(of),
                "hipaa" => self.compliance.hipaa.as_ref().map(of),
                _ => None,
            },
            "access_control" => self.access_control.as_ref().map(of),
            "monitoring" => self.monitoring.as_ref().map(of),
            "audit_logging" => self.audit_logging.as_ref().map(of),
            "encryption" => self.encryption.as_ref().map(of),
            "backup" => self.backup.as_ref().map(of),
            "retention" => self.retention.as_ref().map(of),
            "incidents" => {
                let history = self.incidents.as_ref()?;
                match rest.strip_prefix(".entries") {
                    Some(index) if !index.is_empty() => indexed(&history.entries, index).map(of),
                    _ => Some(of(history)),
                }
            }
            "availability" => self.availability.as_ref().map(of),
            "trust" => self.trust.as_ref().map(of),
            "web_security" => self.web_security.as_ref().map(of),
            "subprocessors" => indexed(self.subprocessors.as_deref()?, rest).map(of),
            "residency" => self.residency.as_ref().map(of),
            "contract" => self.contract.as_ref().map(of),
            "assurance" => self.assurance.as_ref().map(of),
            "extensions" => self.extensions.get(rest.trim_start_matches('.')).map(of),
            "vendor" => Some((None, None)),
            _ => None,
        }
    }

    /// The response the collected fact at or containing `path` was read from, when that
    /// fact came from `riskcard collect` rather than the analyst.
    pub fn collected_origin(&self, path: &str) -> Option<&FactOrigin> {
        self.collected.as_ref()?.origin(path)
    }

    /// Whether any collected fact lies within the section (or item) at `path`.
    pub fn holds_collected(&self, path: &str) -> bool {
        self.collected.as_ref().is_some_and(|collected| collected.touches(path))
    }
}

#[cfg(test)]
mod drift;
#[cfg(test)]
mod tests;
