//! `extends`: a rubric built on another — a rubric shipped with riskcard, named by id,
//! or a file, named by a path relative to the extending one. This module reads the
//! chain of files (refusing loops, missing parents and chains past [`MAX_DEPTH`]) and
//! merges it into one set of values, each remembering the file it was written in so
//! that every problem is reported at its own file and line.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::model::{CriterionFile, GradeBandFile, RiskTierFile, RubricFile, WaiverPolicy};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::inputfile::{self, InputKind};
use crate::reads::ReadsPolicy;

/// The rubrics shipped with riskcard, by id: what `extends = "ID"` names.
pub const SHIPPED: [(&str, &str); 4] = [
    ("crm-baseline", include_str!("../../../rubrics/crm-baseline.toml")),
    ("crm-strict", include_str!("../../../rubrics/crm-strict.toml")),
    ("gdpr", include_str!("../../../rubrics/gdpr.toml")),
    ("hipaa", include_str!("../../../rubrics/hipaa.toml")),
];

/// The most rubrics one may extend in a row.
pub const MAX_DEPTH: usize = 8;

/// One file of a rubric's chain, as read.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Source {
    /// Its path, or for a shipped rubric `rubrics/ID.toml (shipped with riskcard)`.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

/// A value and the file of the chain (its index, the root first) it was written in.
#[derive(Debug, Clone)]
pub(super) struct Layered<T> {
    pub value: T,
    pub layer: usize,
}

/// A criterion as written, with the file and the index in that file's `criteria`.
#[derive(Debug, Clone)]
pub(super) struct PlacedCriterion {
    pub file: CriterionFile,
    pub layer: usize,
    pub index: usize,
}

/// The rubric's values after every file of the chain has been applied.
#[derive(Debug, Clone, Default)]
pub(super) struct Merged {
    pub id: Option<Layered<String>>,
    pub version: Option<Layered<String>>,
    pub title: Option<Layered<String>>,
    pub description: Option<String>,
    pub min_coverage: Option<Layered<f64>>,
    pub waivers: Option<WaiverPolicy>,
    pub plugins: BTreeMap<String, Layered<String>>,
    pub criteria: Vec<PlacedCriterion>,
    pub grades: Option<Layered<Vec<GradeBandFile>>>,
    pub risk_tiers: Option<Layered<Vec<RiskTierFile>>>,
    pub reassess: BTreeMap<String, Layered<String>>,
    /// Each file's `[reads]` prohibitions; all of them apply.
    pub reads: Vec<Layered<ReadsPolicy>>,
}

impl Merged {
    /// The resolved rubric as one file that extends nothing.
    pub fn to_file(&self) -> RubricFile {
        RubricFile {
            extends: None,
            id: self.id.as_ref().map(|id| id.value.clone()),
            version: self.version.as_ref().map(|v| v.value.clone()),
            title: self.title.as_ref().map(|t| t.value.clone()),
            description: self.description.clone(),
            min_coverage: self.min_coverage.as_ref().map(|m| m.value),
            waivers: self.waivers,
            remove: Vec::new(),
            plugins: self.plugins.iter().map(|(name, req)| (name.clone(), req.value.clone())).collect(),
            criteria: self.criteria.iter().map(|c| c.file.clone()).collect(),
            grades: self.grades.as_ref().map(|g| g.value.clone()),
            risk_tiers: self.risk_tiers.as_ref().map(|t| t.value.clone()),
            reassess: self.reassess.iter().map(|(tier, span)| (tier.clone(), span.value.clone())).collect(),
            reads: self.reads.iter().fold(ReadsPolicy::default(), |mut all, layered| {
                all.add(&layered.value);
                all
            }),
        }
    }
}

/// Where an `extends` value points.
enum Parent {
    Shipped(&'static str, &'static str),
    File(PathBuf),
}

/// Whether an `extends` value is a path rather than a shipped rubric's id.
fn is_path(extends: &str) -> bool {
    extends.contains(['/', '\\']) || extends.ends_with(".toml")
}

fn shipped_ids() -> String {
    SHIPPED.iter().map(|(id, _)| *id).collect::<Vec<_>>().join(", ")
}

/// The shipped rubric `id`'s text.
pub fn shipped(id: &str) -> Option<&'static str> {
    SHIPPED.iter().find(|(known, _)| *known == id).map(|(_, text)| *text)
}

/// How a shipped rubric is named in messages.
fn shipped_path(id: &str) -> PathBuf {
    PathBuf::from(format!("rubrics/{id}.toml (shipped with riskcard)"))
}

/// The file `source` parsed, with TOML errors at their line.
fn parse(source: &Source) -> Result<RubricFile, Diagnostics> {
    toml::from_str(&source.text).map_err(|error| {
        let mut diagnostic = Diagnostic::new(&source.path, error.message().trim().to_owned())
            .help("see docs/rubrics.md for the rubric format");
        if let Some(span) = error.span() {
            diagnostic = diagnostic.at_offset(&source.text, span.start);
        }
        diagnostic.into()
    })
}

/// Reads the rubric file at `path` as UTF-8 text; `missing_help` is the help when there
/// is no such file. Returns the text and its bytes' SHA-256 input.
fn read(path: &Path, missing_help: &str) -> Result<(Source, Vec<u8>), Diagnostics> {
    let bytes = inputfile::read(path, InputKind::Rubric).map_err(|error| match error {
        error if error.is_not_found() => Diagnostic::new(path, error.to_string()).help(missing_help),
        error => error.diagnostic(path),
    })?;
    let text = String::from_utf8(bytes.clone())
        .map_err(|_| Diagnostic::new(path, "rubric is not UTF-8 text").help("save the file as UTF-8"))?;
    Ok((Source { path: path.to_owned(), text }, bytes))
}

/// A problem with the `extends` key of `source`, placed at its line.
fn at_extends(source: &Source, message: String, help: String) -> Diagnostics {
    let place = crate::locate::SpanIndex::toml(&source.text).place(&source.text, "extends");
    Diagnostic::new(&source.path, message).key("extends").help(help).at_place(place).into()
}

/// A rubric's chain of files, the root (which extends nothing) first.
pub(super) struct Chain {
    pub sources: Vec<Source>,
    pub files: Vec<RubricFile>,
    /// The bytes of every file, the root first, for the rubric's SHA-256.
    pub bytes: Vec<Vec<u8>>,
}

/// Reads the rubric at `path` and every rubric it extends, in turn.
pub(super) fn read_chain(path: &Path) -> Result<Chain, Diagnostics> {
    let (source, bytes) = read(path, "check the path given to --rubric")?;
    let file = parse(&source)?;
    let mut chain = Chain { sources: vec![source], files: vec![file], bytes: vec![bytes] };
    // What each file of the chain is, to find a loop: a canonical path, or a shipped id.
    let identity = |path: &Path| path.canonicalize().unwrap_or_else(|_| path.to_owned());
    let mut seen = vec![identity(path)];
    loop {
        let child = chain.sources.last().expect("the chain holds the file asked for");
        let from_shipped = seen.last().is_some_and(|last| last.starts_with("shipped:"));
        let Some(extends) = chain.files.last().and_then(|file| file.extends.clone()) else { break };
        let parent = if is_path(&extends) && !from_shipped {
            let base = child.path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
            Parent::File(base.join(&extends))
        } else {
            match SHIPPED.iter().find(|(id, _)| *id == extends) {
                Some((id, text)) => Parent::Shipped(id, text),
                None => {
                    return Err(at_extends(
                        child,
                        format!("extends `{extends}`, which is not a rubric shipped with riskcard"),
                        format!(
                            "the shipped rubrics are {}; to extend a file, give its path relative to this one, e.g. extends = \"./base.toml\"",
                            shipped_ids()
                        ),
                    ));
                }
            }
        };
        let key = match &parent {
            Parent::Shipped(id, _) => PathBuf::from(format!("shipped:{id}")),
            Parent::File(path) => identity(path),
        };
        let parent_path = match &parent {
            Parent::Shipped(id, _) => shipped_path(id),
            Parent::File(path) => path.clone(),
        };
        if let Some(start) = seen.iter().position(|known| *known == key) {
            let names: Vec<String> = chain.sources[start..]
                .iter()
                .chain(std::iter::once(&chain.sources[start]))
                .map(|source| source.path.display().to_string())
                .collect();
            return Err(at_extends(
                child,
                format!("`extends` makes a loop: {}", names.join(" extends ")),
                "a rubric cannot extend itself, directly or through others; remove `extends` from one of these files"
                    .to_owned(),
            ));
        }
        if chain.sources.len() > MAX_DEPTH {
            return Err(at_extends(
                child,
                format!("extends `{extends}`, which makes a chain of more than {MAX_DEPTH} rubrics"),
                "extend a rubric that extends fewer others".to_owned(),
            ));
        }
        let (source, bytes) = match parent {
            Parent::Shipped(_, text) => (Source { path: parent_path, text: text.to_owned() }, text.as_bytes().to_vec()),
            Parent::File(path) => match read(&path, "") {
                Ok(read) => read,
                Err(Diagnostics(found)) => {
                    let reason = found.first().map_or_else(String::new, |d| d.message.clone());
                    return Err(at_extends(
                        child,
                        format!("extends `{extends}`, but {} cannot be read: {reason}", path.display()),
                        format!(
                            "give the path of a rubric file relative to {}, or the id of a shipped rubric ({})",
                            child.path.display(),
                            shipped_ids()
                        ),
                    ));
                }
            },
        };
        let file = parse(&source)?;
        seen.push(key);
        chain.sources.push(source);
        chain.files.push(file);
        chain.bytes.push(bytes);
    }
    chain.sources.reverse();
    chain.files.reverse();
    chain.bytes.reverse();
    Ok(chain)
}

/// A problem found while merging: (layer, key, message, help).
pub(super) type MergeProblem = (usize, String, String, String);

/// Applies the chain's files in turn, root first: each key a file gives replaces the
/// one before (`plugins` and `reassess` entry by entry), `remove` drops criteria of the
/// files before, and a criterion with the id of an earlier file's replaces it in place.
pub(super) fn merge(chain: &Chain) -> (Merged, Vec<MergeProblem>) {
    let mut merged = Merged::default();
    let mut problems = Vec::new();
    for (layer, file) in chain.files.iter().enumerate() {
        if let Some(id) = &file.id {
            merged.id = Some(Layered { value: id.clone(), layer });
        }
        if let Some(version) = &file.version {
            merged.version = Some(Layered { value: version.clone(), layer });
        }
        if let Some(title) = &file.title {
            merged.title = Some(Layered { value: title.clone(), layer });
        }
        if file.description.is_some() {
            merged.description.clone_from(&file.description);
        }
        if let Some(min_coverage) = file.min_coverage {
            merged.min_coverage = Some(Layered { value: min_coverage, layer });
        }
        if file.waivers.is_some() {
            merged.waivers = file.waivers;
        }
        for (plugin, requirement) in &file.plugins {
            merged.plugins.insert(plugin.clone(), Layered { value: requirement.clone(), layer });
        }
        for (tier, span) in &file.reassess {
            merged.reassess.insert(tier.clone(), Layered { value: span.clone(), layer });
        }
        if !file.reads.is_empty() {
            merged.reads.push(Layered { value: file.reads.clone(), layer });
        }
        if let Some(grades) = &file.grades {
            merged.grades = Some(Layered { value: grades.clone(), layer });
        }
        if let Some(tiers) = &file.risk_tiers {
            merged.risk_tiers = Some(Layered { value: tiers.clone(), layer });
        }
        for (index, id) in file.remove.iter().enumerate() {
            let key = format!("remove[{index}]");
            if layer == 0 {
                problems.push((
                    layer,
                    key,
                    "`remove` takes criteria out of the rubric this one extends, but it extends none".to_owned(),
                    "add extends = \"crm-baseline\" (or another rubric), or delete `remove`".to_owned(),
                ));
            } else if file.criteria.iter().any(|criterion| &criterion.id == id) {
                problems.push((
                    layer,
                    key,
                    format!("criterion `{id}` is both removed and defined in this file"),
                    "to replace the parent's criterion, keep the [[criteria]] table and drop its id from `remove`"
                        .to_owned(),
                ));
            } else if let Some(at) = merged.criteria.iter().position(|criterion| &criterion.file.id == id) {
                merged.criteria.remove(at);
            } else {
                let known = merged.criteria.iter().map(|c| c.file.id.as_str()).collect::<Vec<_>>().join(", ");
                problems.push((
                    layer,
                    key,
                    format!(
                        "`remove` names criterion `{id}`, which {} does not have",
                        chain.sources[layer - 1].path.display()
                    ),
                    format!("its criteria are: {known}"),
                ));
            }
        }
        for (index, criterion) in file.criteria.iter().enumerate() {
            let placed = PlacedCriterion { file: criterion.clone(), layer, index };
            // A criterion replaces one of an earlier file; two of one file stay two, and
            // are reported as a duplicate id.
            match merged.criteria.iter().position(|c| c.file.id == criterion.id && c.layer < layer) {
                Some(at) => merged.criteria[at] = placed,
                None => merged.criteria.push(placed),
            }
        }
    }
    let leaf = chain.files.len() - 1;
    let last = &chain.files[leaf];
    if leaf > 0 && last.id.is_none() {
        // An extending rubric is its own rubric: it never goes by its parent's id.
        let stem = chain.sources[leaf].path.file_stem().map(|stem| stem.to_string_lossy().into_owned());
        merged.id = Some(Layered { value: stem.unwrap_or_default(), layer: leaf });
    }
    (merged, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_rubric_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rubrics");
        let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
            .map(|path| path.file_stem().unwrap().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = SHIPPED.iter().map(|(id, _)| *id).collect();
        assert_eq!(on_disk, embedded, "SHIPPED must list every rubric in rubrics/");
        for (id, text) in SHIPPED {
            assert!(text.contains(&format!("id = \"{id}\"")), "{id}");
        }
    }

    #[test]
    fn paths_and_ids_are_told_apart() {
        assert!(!is_path("crm-baseline"));
        assert!(is_path("./base.toml") && is_path("base.toml") && is_path("../rubrics/x"));
    }
}
