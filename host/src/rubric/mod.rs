//! Rubrics: which checks to run, their weights, parameters and gates, and how scores
//! become grades and risk tiers. Loading reports every problem in the file at once,
//! each with its line and key; [`Rubric::validate`] then checks the rubric against the
//! plugins actually loaded.

mod catalog;
mod extends;
mod model;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};

pub use catalog::{Catalog, CatalogCheck, CatalogParam, CatalogPlugin, ParamKind};
pub use extends::{MAX_DEPTH as MAX_EXTENDS_DEPTH, SHIPPED, shipped};
pub use model::{Gate, OnMissing, RubricFile, WaiverPolicy};

use self::extends::Source;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::Date;
use crate::fsio::sha256_hex;
use crate::locate::SpanIndex;
use crate::practice::Practice;
use crate::reads::ReadsPolicy;

/// A parameter value given by a rubric.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// true or false.
    Boolean(bool),
    /// A whole number.
    Integer(i64),
    /// A number, possibly fractional.
    Float(f64),
    /// A string.
    Text(String),
    /// A list of strings.
    TextList(Vec<String>),
}

impl ParamValue {
    /// The value of a TOML parameter; `None` for dates, tables and mixed lists.
    pub(crate) fn from_toml(value: &toml::Value) -> Option<Self> {
        Some(match value {
            toml::Value::Boolean(v) => Self::Boolean(*v),
            toml::Value::Integer(v) => Self::Integer(*v),
            toml::Value::Float(v) => Self::Float(*v),
            toml::Value::String(v) => Self::Text(v.clone()),
            toml::Value::Array(items) => {
                Self::TextList(items.iter().map(|item| item.as_str().map(str::to_owned)).collect::<Option<Vec<_>>>()?)
            }
            toml::Value::Datetime(_) | toml::Value::Table(_) => return None,
        })
    }

    /// Whether the value may be given where `kind` is declared; integers widen to floats.
    pub fn fits(&self, kind: ParamKind) -> bool {
        matches!(
            (self, kind),
            (Self::Boolean(_), ParamKind::Boolean)
                | (Self::Integer(_), ParamKind::Integer | ParamKind::Float)
                | (Self::Float(_), ParamKind::Float)
                | (Self::Text(_), ParamKind::Text)
                | (Self::TextList(_), ParamKind::TextList)
        )
    }
}

/// One validated criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Criterion {
    /// Identifier unique within the rubric.
    pub id: String,
    /// Title override.
    pub title: Option<String>,
    /// The practice it counts towards.
    pub practice: Practice,
    /// The plugin that provides the check.
    pub plugin: String,
    /// The check's id within the plugin.
    pub check: String,
    /// Weight, above 0.
    pub weight: f64,
    /// Parameters, by name.
    pub params: BTreeMap<String, ParamValue>,
    /// What missing evidence scores.
    pub on_missing: OnMissing,
    /// Whether it must pass.
    pub gate: Gate,
    /// The weakest evidence that may meet its gate, when the rubric sets one.
    pub evidence: Option<crate::dossier::EvidenceStrength>,
}

/// A grade band.
#[derive(Debug, Clone, PartialEq)]
pub struct GradeBand {
    /// The grade.
    pub grade: String,
    /// Lowest score in the band.
    pub min_score: f64,
}

/// A risk tier.
#[derive(Debug, Clone, PartialEq)]
pub struct RiskTier {
    /// The tier.
    pub tier: String,
    /// Lowest score in the tier.
    pub min_score: f64,
    /// Lowest coverage in the tier.
    pub min_coverage: f64,
}

/// A loaded, structurally valid rubric.
#[derive(Debug, Clone, PartialEq)]
pub struct Rubric {
    /// Where it was read from.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes.
    pub sha256: String,
    /// Identifier.
    pub id: String,
    /// Version.
    pub version: Version,
    /// Title.
    pub title: String,
    /// Description.
    pub description: Option<String>,
    /// Coverage below which the grade is capped.
    pub min_coverage: f64,
    /// Version requirements on plugins.
    pub plugin_requirements: BTreeMap<String, VersionReq>,
    /// Criteria in file order.
    pub criteria: Vec<Criterion>,
    /// Grade bands, best first.
    pub grades: Vec<GradeBand>,
    /// Risk tiers, lowest risk first.
    pub risk_tiers: Vec<RiskTier>,
    /// How waived criteria score.
    pub waivers: WaiverPolicy,
    /// Days between assessments, per risk tier.
    pub reassess: BTreeMap<String, u32>,
    /// For each plugin requirement, the file it was written in.
    plugin_origins: BTreeMap<String, usize>,
    /// The files it extends, nearest first: empty for a rubric that extends none.
    pub extends: Vec<PathBuf>,
    /// Every file of the chain, the root first (the rubric's own file last).
    sources: Vec<Source>,
    /// For each criterion, the file it was written in and its index there.
    origins: Vec<(usize, usize)>,
    /// The rubric resolved into one file that extends nothing.
    resolved: RubricFile,
    /// Each file's `[reads]` prohibitions, with the file (its layer) they are written in.
    reads: Vec<(usize, ReadsPolicy)>,
}

/// Collects diagnostics for a rubric's files, placing each at its file and key.
struct Problems<'a> {
    sources: &'a [Source],
    /// Each file's index, built at its first problem, once for the file.
    spans: Vec<std::cell::OnceCell<SpanIndex>>,
    /// The file that [`Problems::add`] places problems in.
    layer: usize,
    found: Vec<Diagnostic>,
}

impl<'a> Problems<'a> {
    fn new(sources: &'a [Source]) -> Self {
        Self { sources, spans: sources.iter().map(|_| Default::default()).collect(), layer: 0, found: Vec::new() }
    }

    /// A problem at `key` in the current file.
    fn add(&mut self, key: &str, message: impl Into<String>, help: impl Into<String>) {
        self.add_in(self.layer, key, message, help);
    }

    /// A problem at `key` in the chain's file `layer`.
    fn add_in(&mut self, layer: usize, key: &str, message: impl Into<String>, help: impl Into<String>) {
        let source = &self.sources[layer];
        let place = self.spans[layer].get_or_init(|| SpanIndex::toml(&source.text)).place(&source.text, key);
        self.found.push(Diagnostic::new(&source.path, message).key(key).help(help).at_place(place));
    }

    fn finish(self) -> Result<(), Diagnostics> {
        if self.found.is_empty() { Ok(()) } else { Err(Diagnostics(self.found)) }
    }
}

/// The largest weight a criterion may have: weights only matter relative to each other,
/// and bounded weights keep every score finite (their sum cannot overflow).
pub const MAX_WEIGHT: f64 = 1_000_000.0;

/// The longest grade or risk-tier name, in characters.
pub const MAX_BAND_NAME: usize = 64;

fn is_identifier(text: &str) -> bool {
    !text.is_empty()
        && text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && !text.starts_with(['-', '_'])
}

impl Rubric {
    /// Reads and checks the rubric at `path`, and every rubric it extends: syntax,
    /// fields and types, then every structural rule of the resolved rubric, reporting
    /// all problems together, each at its own file and line.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let chain = extends::read_chain(path)?;
        let sha256 = match chain.bytes.as_slice() {
            [only] => sha256_hex(only),
            // The hash of a chain covers every file of it, in order.
            files => sha256_hex(files.iter().map(|bytes| sha256_hex(bytes) + "\n").collect::<String>().as_bytes()),
        };
        let (merged, merge_problems) = extends::merge(&chain);
        let mut problems = Problems::new(&chain.sources);
        for (layer, key, message, help) in merge_problems {
            problems.add_in(layer, &key, message, help);
        }
        let rubric = Self::from_merged(&merged, &mut problems, sha256);
        problems.finish()?;
        let mut rubric = rubric.expect("a rubric without problems is complete");
        rubric.extends = chain.sources.iter().rev().skip(1).map(|source| source.path.clone()).collect();
        rubric.path = path.to_owned();
        rubric.sources = chain.sources;
        Ok(rubric)
    }

    /// The resolved rubric as TOML: one file that extends nothing, as `rubric check
    /// --resolved` prints it.
    pub fn resolved_toml(&self) -> String {
        toml::to_string(&self.resolved).unwrap_or_default()
    }

    /// Checks the merged values; `None` when a required value is missing (a problem
    /// then says which).
    fn from_merged(merged: &extends::Merged, problems: &mut Problems, sha256: String) -> Option<Self> {
        let root_help = "see docs/rubrics.md, or build on a shipped rubric with extends = \"crm-baseline\"";
        let mut missing = |key: &str, example: &str| {
            problems.add_in(0, key, format!("the rubric has no `{key}`"), format!("add {example}; {root_help}"));
        };
        if merged.id.is_none() {
            missing("id", "id = \"my-rubric\"");
        }
        if merged.version.is_none() {
            missing("version", "version = \"1.0.0\"");
        }
        if merged.title.is_none() {
            missing("title", "title = \"My rubric\"");
        }
        if merged.grades.is_none() {
            missing("grades", "[[grades]] tables, the last with min_score = 0");
        }
        if merged.risk_tiers.is_none() {
            missing("risk_tiers", "[[risk_tiers]] tables, the last with min_score = 0");
        }
        let id = merged.id.as_ref().map(|id| {
            if !is_identifier(&id.value) {
                problems.add_in(
                    id.layer,
                    "id",
                    format!("rubric id `{}` is not an identifier", id.value),
                    "use lowercase letters, digits and dashes",
                );
            }
            id.value.clone()
        });
        let version = merged.version.as_ref().map(|version| {
            Version::parse(&version.value).unwrap_or_else(|error| {
                problems.add_in(
                    version.layer,
                    "version",
                    format!("`{}` is not a semver version: {error}", version.value),
                    "write e.g. version = \"1.0.0\"",
                );
                Version::new(0, 0, 0)
            })
        });
        let min_coverage = merged.min_coverage.as_ref().map_or(0.5, |m| m.value);
        if let Some(given) = &merged.min_coverage
            && !(0.0..=1.0).contains(&given.value)
        {
            problems.add_in(
                given.layer,
                "min_coverage",
                format!("min_coverage {min_coverage} is outside 0 to 1"),
                "give a share such as 0.5",
            );
        }
        let mut plugin_requirements = BTreeMap::new();
        for (plugin, requirement) in &merged.plugins {
            match VersionReq::parse(&requirement.value) {
                Ok(parsed) => {
                    plugin_requirements.insert(plugin.clone(), parsed);
                }
                Err(error) => problems.add_in(
                    requirement.layer,
                    &format!("plugins.{plugin}"),
                    format!("`{}` is not a semver requirement: {error}", requirement.value),
                    "write e.g. \"^1.2\"",
                ),
            }
        }
        let (criteria, origins) = Self::criteria(&merged.criteria, problems);
        let grades = merged.grades.as_ref().map(|grades| {
            problems.layer = grades.layer;
            Self::bands(problems, "grades", grades.value.iter().map(|band| (band.grade.as_str(), band.min_score)))
                .into_iter()
                .map(|(grade, min_score)| GradeBand { grade, min_score })
                .collect()
        });
        let no_tiers = Vec::new();
        let file_tiers = merged.risk_tiers.as_ref().map_or(&no_tiers, |tiers| &tiers.value);
        let risk_tiers = merged.risk_tiers.as_ref().map(|tiers| {
            problems.layer = tiers.layer;
            let bands = Self::bands(problems, "risk_tiers", tiers.value.iter().map(|t| (t.tier.as_str(), t.min_score)));
            for (index, tier) in tiers.value.iter().enumerate() {
                if !(0.0..=1.0).contains(&tier.min_coverage) {
                    problems.add(
                        &format!("risk_tiers[{index}].min_coverage"),
                        format!("min_coverage {} is outside 0 to 1", tier.min_coverage),
                        "give a share such as 0.8",
                    );
                }
            }
            if tiers.value.last().is_some_and(|tier| tier.min_coverage > 0.0) {
                problems.add(
                    &format!("risk_tiers[{}].min_coverage", tiers.value.len() - 1),
                    "the last risk tier must accept any coverage",
                    "set min_coverage = 0 on the last tier",
                );
            }
            bands
                .into_iter()
                .zip(&tiers.value)
                .map(|((tier, min_score), file)| RiskTier { tier, min_score, min_coverage: file.min_coverage })
                .collect()
        });
        let mut reassess = BTreeMap::new();
        for (tier, span) in &merged.reassess {
            problems.layer = span.layer;
            if !file_tiers.iter().any(|known| &known.tier == tier) {
                let known = file_tiers.iter().map(|t| t.tier.as_str()).collect::<Vec<_>>().join(", ");
                problems.add(
                    &format!("reassess.{tier}"),
                    format!("`{tier}` is not one of the rubric's risk tiers"),
                    format!("its risk tiers are: {known}"),
                );
            }
            match Date::parse_days(&span.value) {
                Ok(days) if days > 0 => {
                    reassess.insert(tier.clone(), days);
                }
                Ok(_) => problems.add(&format!("reassess.{tier}"), "a cadence of 0 days", "give at least 1d"),
                Err(message) => problems.add(&format!("reassess.{tier}"), message, "write e.g. high = \"90d\""),
            }
        }
        Some(Self {
            path: PathBuf::new(),
            sha256,
            id: id?,
            version: version?,
            title: merged.title.as_ref()?.value.clone(),
            description: merged.description.clone(),
            min_coverage,
            plugin_requirements,
            plugin_origins: merged.plugins.iter().map(|(name, req)| (name.clone(), req.layer)).collect(),
            criteria,
            grades: grades?,
            risk_tiers: risk_tiers?,
            waivers: merged.waivers.unwrap_or_default(),
            reassess,
            extends: Vec::new(),
            sources: Vec::new(),
            origins,
            resolved: merged.to_file(),
            reads: merged.reads.iter().map(|layered| (layered.layer, layered.value.clone())).collect(),
        })
    }

    /// The criteria, each checked in the file it was written in, and where each was.
    fn criteria(placed: &[extends::PlacedCriterion], problems: &mut Problems) -> (Vec<Criterion>, Vec<(usize, usize)>) {
        if placed.is_empty() {
            problems.add_in(
                problems.sources.len() - 1,
                "criteria",
                "the rubric has no criteria",
                "add at least one [[criteria]] table",
            );
        }
        let mut seen = BTreeSet::new();
        let mut criteria = Vec::new();
        let mut origins = Vec::new();
        for extends::PlacedCriterion { file: criterion, layer, index } in placed {
            problems.layer = *layer;
            let at = |key: &str| format!("criteria[{index}].{key}");
            if !is_identifier(&criterion.id) {
                problems.add(
                    &at("id"),
                    format!("criterion id `{}` is not an identifier", criterion.id),
                    "use lowercase letters, digits and dashes",
                );
            } else if !seen.insert(criterion.id.as_str()) {
                problems.add(
                    &at("id"),
                    format!("criterion id `{}` is used twice", criterion.id),
                    "give each criterion its own id",
                );
            }
            if criterion.evidence.is_some() && criterion.gate != Gate::Required {
                problems.add(
                    &at("evidence"),
                    "`evidence` applies to required gates only",
                    "add gate = \"required\", or remove `evidence`",
                );
            }
            if !(criterion.weight.is_finite() && criterion.weight > 0.0) {
                problems.add(
                    &at("weight"),
                    format!("weight {} is not positive", criterion.weight),
                    "give a weight above 0, or remove the criterion",
                );
            } else if criterion.weight > MAX_WEIGHT {
                problems.add(
                    &at("weight"),
                    format!("weight {} is over the limit of {MAX_WEIGHT}", criterion.weight),
                    "weights only matter relative to each other; scale them down",
                );
            }
            let Some((plugin, check)) = criterion.check.split_once('/').filter(|(p, c)| !p.is_empty() && !c.is_empty())
            else {
                problems.add(
                    &at("check"),
                    format!("check `{}` is not of the form plugin/check-id", criterion.check),
                    "write e.g. check = \"certifications/iso27001\"",
                );
                continue;
            };
            let mut params = BTreeMap::new();
            for (name, value) in &criterion.params {
                match ParamValue::from_toml(value) {
                    Some(value) => {
                        params.insert(name.clone(), value);
                    }
                    None => problems.add(
                        &at(&format!("params.{name}")),
                        format!("parameter `{name}` has a value riskcard cannot pass to a plugin"),
                        "use a boolean, number, string or list of strings",
                    ),
                }
            }
            origins.push((*layer, *index));
            criteria.push(Criterion {
                id: criterion.id.clone(),
                title: criterion.title.clone(),
                practice: criterion.practice,
                plugin: plugin.to_owned(),
                check: check.to_owned(),
                weight: criterion.weight,
                params,
                on_missing: criterion.on_missing,
                gate: criterion.gate,
                evidence: criterion.evidence,
            });
        }
        (criteria, origins)
    }

    /// Checks bands are non-empty, within 0–100, strictly descending, and end at 0.
    fn bands<'a>(
        problems: &mut Problems,
        key: &str,
        bands: impl Iterator<Item = (&'a str, f64)>,
    ) -> Vec<(String, f64)> {
        let bands: Vec<(String, f64)> = bands.map(|(name, min)| (name.to_owned(), min)).collect();
        if bands.is_empty() {
            problems.add(
                key,
                format!("`{key}` is empty"),
                format!("add at least one [[{key}]] table ending with min_score = 0"),
            );
        }
        for (index, (name, min)) in bands.iter().enumerate() {
            let label = if key == "grades" { "grade" } else { "tier" };
            if name.trim().is_empty() || name.chars().count() > MAX_BAND_NAME || name.chars().any(char::is_control) {
                problems.add(
                    &format!("{key}[{index}].{label}"),
                    format!(
                        "the {label} name is empty, longer than {MAX_BAND_NAME} characters, or holds control characters"
                    ),
                    format!("give a short {label} name such as \"{}\"", if key == "grades" { "A" } else { "low" }),
                );
            }
            if !(0.0..=100.0).contains(min) {
                problems.add(
                    &format!("{key}[{index}].min_score"),
                    format!("min_score {min} is outside 0 to 100"),
                    "give a score from 0 to 100",
                );
            }
            if index > 0 && *min >= bands[index - 1].1 {
                problems.add(
                    &format!("{key}[{index}].min_score"),
                    format!("min_score {min} does not descend"),
                    format!("list {key} from the highest min_score to the lowest"),
                );
            }
        }
        if bands.last().is_some_and(|(_, min)| *min != 0.0) {
            problems.add(
                &format!("{key}[{}].min_score", bands.len() - 1),
                "the last band must start at 0 so that every score gets one",
                "set min_score = 0 on the last band",
            );
        }
        bands
    }

    /// Checks every criterion against the loaded plugins: the plugin and check exist,
    /// plugin versions meet the rubric's requirements, and parameters are known and of
    /// the right type. Reports all problems together.
    pub fn validate(&self, catalog: &Catalog) -> Result<(), Diagnostics> {
        let mut problems = Problems::new(&self.sources);
        let leaf = self.sources.len().saturating_sub(1);
        let available = || catalog.plugins.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
        for (plugin, requirement) in &self.plugin_requirements {
            problems.layer = self.plugin_origins.get(plugin).copied().unwrap_or(leaf);
            match catalog.plugin(plugin) {
                Some(loaded) if !requirement.matches(&loaded.version) => problems.add(
                    &format!("plugins.{plugin}"),
                    format!("plugin `{plugin}` is version {}, which does not meet `{requirement}`", loaded.version),
                    "install a matching plugin version or relax the requirement",
                ),
                Some(_) => {}
                None => problems.add(
                    &format!("plugins.{plugin}"),
                    format!("no plugin `{plugin}` is loaded"),
                    format!("loaded plugins: {}", available()),
                ),
            }
        }
        for (criterion, &(layer, index)) in self.criteria.iter().zip(&self.origins) {
            problems.layer = layer;
            let at = |key: &str| format!("criteria[{index}].{key}");
            let Some(plugin) = catalog.plugin(&criterion.plugin) else {
                problems.add(
                    &at("check"),
                    format!("no plugin `{}` is loaded", criterion.plugin),
                    format!("loaded plugins: {}; add third-party plugins with --plugins DIR", available()),
                );
                continue;
            };
            let Some(check) = plugin.check(&criterion.check) else {
                let checks = plugin.checks.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ");
                problems.add(
                    &at("check"),
                    format!("plugin `{}` has no check `{}`", plugin.name, criterion.check),
                    format!("its checks are: {checks}"),
                );
                continue;
            };
            for (name, value) in &criterion.params {
                match check.params.iter().find(|param| &param.name == name) {
                    None => {
                        let known = check.params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
                        problems.add(
                            &at(&format!("params.{name}")),
                            format!("check `{}` has no parameter `{name}`", criterion.check),
                            if known.is_empty() {
                                "this check takes no parameters".to_owned()
                            } else {
                                format!("its parameters are: {known}")
                            },
                        );
                    }
                    Some(param) if !value.fits(param.kind) => problems.add(
                        &at(&format!("params.{name}")),
                        format!("parameter `{name}` must be {}", param.kind.name()),
                        format!("give `{name}` {} value", param.kind.name()),
                    ),
                    Some(_) => {}
                }
            }
        }
        self.forbidden_reads(catalog, &mut problems);
        problems.finish()
    }

    /// Refuses every plugin the criteria use that declares, in any check, a section
    /// this rubric's `[reads]` forbids, at the key that forbids it.
    fn forbidden_reads(&self, catalog: &Catalog, problems: &mut Problems) {
        let mut used: Vec<&str> = self.criteria.iter().map(|criterion| criterion.plugin.as_str()).collect();
        used.sort_unstable();
        used.dedup();
        for (layer, policy) in &self.reads {
            for plugin in used.iter().filter_map(|name| catalog.plugin(name)) {
                let checks = plugin.checks.iter().map(|check| (check.id.as_str(), &check.reads));
                for violation in policy.violations(&plugin.name, checks) {
                    problems.add_in(
                        *layer,
                        &violation.key,
                        format!("{}, which this rubric forbids", violation.message),
                        format!("use another plugin, or remove the section from `{}`", violation.key),
                    );
                }
            }
        }
    }

    /// What is legal but probably not meant, against the loaded plugins: a criterion
    /// counted toward another practice than its check declares (the scorecard groups
    /// it under the rubric's). Checks [`Rubric::validate`] passed.
    pub fn warnings(&self, catalog: &Catalog) -> Vec<Diagnostic> {
        let mut problems = Problems::new(&self.sources);
        for (criterion, &(layer, index)) in self.criteria.iter().zip(&self.origins) {
            let Some(check) = catalog.plugin(&criterion.plugin).and_then(|plugin| plugin.check(&criterion.check))
            else {
                continue;
            };
            if check.practice != criterion.practice {
                problems.add_in(
                    layer,
                    &format!("criteria[{index}].practice"),
                    format!(
                        "criterion `{}` counts toward practice `{}`, but its check {}/{} declares `{}`; the scorecard groups it under `{}`",
                        criterion.id,
                        criterion.practice.id(),
                        criterion.plugin,
                        criterion.check,
                        check.practice.id(),
                        criterion.practice.id()
                    ),
                    format!("if that is not meant, write practice = \"{}\"", check.practice.id()),
                );
            }
        }
        problems.found
    }
}

#[cfg(test)]
mod tests;
