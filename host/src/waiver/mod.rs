//! Waivers: approved exceptions that let a vendor's criterion stand although it did not
//! pass, each with a reason, an approver and an expiry. Loading reports every problem in
//! the file at once, each at its line; [`Waivers::check_against`] then checks the waivers
//! against the rubric (known criteria, and required gates waived only explicitly).

mod model;

use std::path::{Path, PathBuf};

pub use model::{WaiverEntry, WaiversFile};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{Date, is_vendor_id};
use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;
use crate::rubric::{Gate, Rubric};

/// One validated waiver.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiver {
    /// The vendor it is for.
    pub vendor: String,
    /// The criterion waived, by its rubric id.
    pub criterion: String,
    /// Why the exception was granted.
    pub reason: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When it was approved; it does not apply before.
    pub approved: Option<Date>,
    /// The last day it applies.
    pub expires: Date,
    /// Whether it may waive a required gate.
    pub gate: bool,
    /// Its place in the file, `waiver[N]`.
    pub key: String,
}

impl Waiver {
    /// Whether the waiver is in force on `date`: approved by then and not yet expired.
    pub fn applies_on(&self, date: Date) -> bool {
        self.approved.is_none_or(|approved| approved <= date) && date <= self.expires
    }
}

/// A loaded waivers file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Waivers {
    /// Where it was read from.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// The waivers, in file order.
    pub entries: Vec<Waiver>,
    source: String,
}

/// Collects diagnostics for one waivers file, placing each at its key.
struct Problems<'a> {
    path: &'a Path,
    source: &'a str,
    index: SpanIndex,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn add(&mut self, key: &str, message: impl Into<String>, help: impl Into<String>) {
        let mut diagnostic = Diagnostic::new(self.path, message).key(key).help(help);
        if let Some(offset) = self.index.offset(key) {
            diagnostic = diagnostic.at_offset(self.source, offset);
        }
        self.found.push(diagnostic);
    }

    fn finish(self) -> Result<(), Diagnostics> {
        if self.found.is_empty() { Ok(()) } else { Err(Diagnostics(self.found)) }
    }
}

impl Waivers {
    /// Reads and checks the waivers file at `path`, reporting every problem together.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let bytes = inputfile::read(path, InputKind::Waivers).map_err(|error| error.diagnostic(path))?;
        let source = String::from_utf8(bytes.clone())
            .map_err(|_| Diagnostic::new(path, "waivers file is not UTF-8 text").help("save the file as UTF-8"))?;
        let file: WaiversFile = toml::from_str(&source).map_err(|error| {
            let mut diagnostic = Diagnostic::new(path, error.message().trim().to_owned())
                .help("see docs/history.md for the waivers format");
            if let Some(span) = error.span() {
                diagnostic = diagnostic.at_offset(&source, span.start);
            }
            diagnostic
        })?;
        let mut problems = Problems { path, source: &source, index: SpanIndex::toml(&source), found: Vec::new() };
        let mut entries = Vec::new();
        for (index, entry) in file.waiver.into_iter().enumerate() {
            let key = format!("waiver[{index}]");
            let at = |field: &str| format!("{key}.{field}");
            if !is_vendor_id(&entry.vendor) {
                problems.add(
                    &at("vendor"),
                    format!("`{}` is not a vendor id", entry.vendor),
                    "give the vendor's id as its dossier's [vendor] id states it",
                );
            }
            if entry.criterion.trim().is_empty() {
                problems.add(&at("criterion"), "criterion is empty", "give the criterion's id from the rubric");
            }
            match entry.reason.as_deref().map(str::trim) {
                None => problems.add(
                    &key,
                    "waiver has no reason",
                    "add reason = \"…\" saying why the exception is acceptable",
                ),
                Some("") => problems.add(&at("reason"), "reason is empty", "say why the exception is acceptable"),
                Some(_) => {}
            }
            match entry.expires {
                None => problems.add(&key, "waiver has no expiry", "add expires = YYYY-MM-DD; every waiver must end"),
                Some(expires) if entry.approved.is_some_and(|approved| approved > expires) => problems.add(
                    &at("expires"),
                    format!("expires {expires} is before the approval date"),
                    "give an expiry after `approved`",
                ),
                Some(_) => {}
            }
            if let (Some(reason), Some(expires)) = (entry.reason, entry.expires) {
                entries.push(Waiver {
                    vendor: entry.vendor,
                    criterion: entry.criterion,
                    reason: reason.trim().to_owned(),
                    approved_by: entry.approved_by,
                    approved: entry.approved,
                    expires,
                    gate: entry.gate,
                    key,
                });
            }
        }
        for (index, waiver) in entries.iter().enumerate() {
            if entries[..index].iter().any(|other| other.vendor == waiver.vendor && other.criterion == waiver.criterion)
            {
                problems.add(
                    &waiver.key,
                    format!("vendor `{}` already has a waiver for `{}`", waiver.vendor, waiver.criterion),
                    "keep one waiver per vendor and criterion",
                );
            }
        }
        problems.finish()?;
        Ok(Self { path: path.to_owned(), sha256: sha256_hex(&bytes), entries, source })
    }

    /// Checks every waiver against `rubric`: the criterion exists, and a required gate is
    /// waived only by a waiver that says `gate = true`.
    pub fn check_against(&self, rubric: &Rubric) -> Result<(), Diagnostics> {
        let mut problems = Problems {
            path: &self.path,
            source: &self.source,
            index: SpanIndex::toml(&self.source),
            found: Vec::new(),
        };
        for waiver in &self.entries {
            match rubric.criteria.iter().find(|criterion| criterion.id == waiver.criterion) {
                None => {
                    let known = rubric.criteria.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ");
                    problems.add(
                        &format!("{}.criterion", waiver.key),
                        format!("rubric {} has no criterion `{}`", rubric.id, waiver.criterion),
                        format!("its criteria are: {known}"),
                    );
                }
                Some(criterion) if criterion.gate == Gate::Required && !waiver.gate => problems.add(
                    &format!("{}.criterion", waiver.key),
                    format!("`{}` is a required gate, and this waiver does not say it waives a gate", waiver.criterion),
                    "add gate = true if the exception really is meant to lift the gate",
                ),
                Some(_) => {}
            }
        }
        problems.finish()
    }

    /// The waiver in force for `vendor`'s `criterion` on `date`, if any.
    pub fn find(&self, vendor: &str, criterion: &str, date: Date) -> Option<&Waiver> {
        self.entries
            .iter()
            .find(|waiver| waiver.vendor == vendor && waiver.criterion == criterion && waiver.applies_on(date))
    }
}

#[cfg(test)]
mod tests;
