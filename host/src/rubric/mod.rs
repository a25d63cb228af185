//! Rubrics: which checks to run, their weights, parameters and gates, and how scores
//! become grades and risk tiers. Loading reports every problem in the file at once,
//! each with its line and key; [`Rubric::validate`] then checks the rubric against the
//! plugins actually loaded.

mod catalog;
mod model;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use semver::{Version, VersionReq};

pub use catalog::{Catalog, CatalogCheck, CatalogParam, CatalogPlugin, ParamKind};
pub use model::{Gate, OnMissing, RubricFile, WaiverPolicy};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::Date;
use crate::fsio::sha256_hex;
use crate::inputfile::{self, InputKind};
use crate::locate::SpanIndex;
use crate::practice::Practice;

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
    source: String,
}

/// Collects diagnostics for one rubric file, placing each at its key.
struct Problems<'a> {
    path: &'a Path,
    source: &'a str,
    /// Built at the first problem, once for the file.
    spans: std::cell::OnceCell<SpanIndex>,
    found: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn add(&mut self, key: &str, message: impl Into<String>, help: impl Into<String>) {
        let place = self.spans.get_or_init(|| SpanIndex::toml(self.source)).place(self.source, key);
        self.found.push(Diagnostic::new(self.path, message).key(key).help(help).at_place(place));
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
    /// Reads and checks the rubric at `path`: syntax, fields and types, then every
    /// structural rule, reporting all problems together.
    pub fn load(path: &Path) -> Result<Self, Diagnostics> {
        let bytes = inputfile::read(path, InputKind::Rubric).map_err(|error| match error {
            error if error.is_not_found() => {
                Diagnostic::new(path, error.to_string()).help("check the path given to --rubric")
            }
            error => error.diagnostic(path),
        })?;
        let source = String::from_utf8(bytes.clone())
            .map_err(|_| Diagnostic::new(path, "rubric is not UTF-8 text").help("save the file as UTF-8"))?;
        let file: RubricFile = toml::from_str(&source).map_err(|error| {
            let mut diagnostic = Diagnostic::new(path, error.message().trim().to_owned())
                .help("see docs/rubrics.md for the rubric format");
            if let Some(span) = error.span() {
                diagnostic = diagnostic.at_offset(&source, span.start);
            }
            diagnostic
        })?;
        Self::from_file(path, &source, file, sha256_hex(&bytes))
    }

    fn from_file(path: &Path, source: &str, file: RubricFile, sha256: String) -> Result<Self, Diagnostics> {
        let mut problems = Problems { path, source, spans: Default::default(), found: Vec::new() };
        if !is_identifier(&file.id) {
            problems.add(
                "id",
                format!("rubric id `{}` is not an identifier", file.id),
                "use lowercase letters, digits and dashes",
            );
        }
        let version = Version::parse(&file.version).unwrap_or_else(|error| {
            problems.add(
                "version",
                format!("`{}` is not a semver version: {error}", file.version),
                "write e.g. version = \"1.0.0\"",
            );
            Version::new(0, 0, 0)
        });
        let min_coverage = file.min_coverage.unwrap_or(0.5);
        if !(0.0..=1.0).contains(&min_coverage) {
            problems.add(
                "min_coverage",
                format!("min_coverage {min_coverage} is outside 0 to 1"),
                "give a share such as 0.5",
            );
        }
        let mut plugin_requirements = BTreeMap::new();
        for (plugin, requirement) in &file.plugins {
            match VersionReq::parse(requirement) {
                Ok(requirement) => {
                    plugin_requirements.insert(plugin.clone(), requirement);
                }
                Err(error) => problems.add(
                    &format!("plugins.{plugin}"),
                    format!("`{requirement}` is not a semver requirement: {error}"),
                    "write e.g. \"^1.2\"",
                ),
            }
        }
        let criteria = Self::criteria(&file, &mut problems);
        let grades =
            Self::bands(&mut problems, "grades", file.grades.iter().map(|band| (band.grade.as_str(), band.min_score)))
                .into_iter()
                .map(|(grade, min_score)| GradeBand { grade, min_score })
                .collect();
        let tiers: Vec<(String, f64)> =
            Self::bands(&mut problems, "risk_tiers", file.risk_tiers.iter().map(|t| (t.tier.as_str(), t.min_score)));
        for (index, tier) in file.risk_tiers.iter().enumerate() {
            if !(0.0..=1.0).contains(&tier.min_coverage) {
                problems.add(
                    &format!("risk_tiers[{index}].min_coverage"),
                    format!("min_coverage {} is outside 0 to 1", tier.min_coverage),
                    "give a share such as 0.8",
                );
            }
        }
        if file.risk_tiers.last().is_some_and(|tier| tier.min_coverage > 0.0) {
            problems.add(
                &format!("risk_tiers[{}].min_coverage", file.risk_tiers.len() - 1),
                "the last risk tier must accept any coverage",
                "set min_coverage = 0 on the last tier",
            );
        }
        let mut reassess = BTreeMap::new();
        for (tier, span) in &file.reassess {
            if !file.risk_tiers.iter().any(|known| &known.tier == tier) {
                let known = file.risk_tiers.iter().map(|t| t.tier.as_str()).collect::<Vec<_>>().join(", ");
                problems.add(
                    &format!("reassess.{tier}"),
                    format!("`{tier}` is not one of the rubric's risk tiers"),
                    format!("its risk tiers are: {known}"),
                );
            }
            match Date::parse_days(span) {
                Ok(days) if days > 0 => {
                    reassess.insert(tier.clone(), days);
                }
                Ok(_) => problems.add(&format!("reassess.{tier}"), "a cadence of 0 days", "give at least 1d"),
                Err(message) => problems.add(&format!("reassess.{tier}"), message, "write e.g. high = \"90d\""),
            }
        }
        let risk_tiers = tiers
            .into_iter()
            .zip(&file.risk_tiers)
            .map(|((tier, min_score), file)| RiskTier { tier, min_score, min_coverage: file.min_coverage })
            .collect();
        problems.finish()?;
        Ok(Self {
            path: path.to_owned(),
            sha256,
            id: file.id,
            version,
            title: file.title,
            description: file.description,
            min_coverage,
            plugin_requirements,
            criteria,
            grades,
            risk_tiers,
            waivers: file.waivers,
            reassess,
            source: source.to_owned(),
        })
    }

    fn criteria(file: &RubricFile, problems: &mut Problems) -> Vec<Criterion> {
        if file.criteria.is_empty() {
            problems.add("criteria", "the rubric has no criteria", "add at least one [[criteria]] table");
        }
        let mut seen = BTreeSet::new();
        let mut criteria = Vec::new();
        for (index, criterion) in file.criteria.iter().enumerate() {
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
        criteria
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
        let mut problems =
            Problems { path: &self.path, source: &self.source, spans: Default::default(), found: Vec::new() };
        let available = || catalog.plugins.iter().map(|p| p.name.as_str()).collect::<Vec<_>>().join(", ");
        for (plugin, requirement) in &self.plugin_requirements {
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
        for (index, criterion) in self.criteria.iter().enumerate() {
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
        problems.finish()
    }
}

#[cfg(test)]
mod tests;
