//! What a plugin check may read of a dossier: the sections, by name, and the extension
//! key prefixes it declares; shared vocabulary of the runtime, rubric, trust and reports.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A dossier section a check may declare it reads (`vendor` is given to every plugin).
/// Adding a section: a case here, its name in [`Section::name`], a line in
/// [`Section::ALL`], an arm where the runtime lowers it (`runtime::lowering::given`) and
/// one in `runtime::plugin::section_of`; the WIT `section` enum gains the case, and the
/// SDK's `testing::declared` an arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Section {
    /// `certifications`.
    Certifications,
    /// `compliance`.
    Compliance,
    /// `access_control`.
    AccessControl,
    /// `monitoring`.
    Monitoring,
    /// `audit_logging`.
    AuditLogging,
    /// `encryption`.
    Encryption,
    /// `backup`.
    Backup,
    /// `retention`.
    Retention,
    /// `incidents`.
    Incidents,
    /// `availability`.
    Availability,
    /// `trust`.
    Trust,
    /// `web_security`.
    WebSecurity,
    /// `subprocessors`.
    Subprocessors,
    /// `residency`.
    Residency,
    /// `contract`.
    Contract,
    /// `assurance`.
    Assurance,
}

impl Section {
    /// Every section, in the order of the dossier.
    pub const ALL: [Section; 16] = [
        Self::Certifications,
        Self::Compliance,
        Self::AccessControl,
        Self::Monitoring,
        Self::AuditLogging,
        Self::Encryption,
        Self::Backup,
        Self::Retention,
        Self::Incidents,
        Self::Availability,
        Self::Trust,
        Self::WebSecurity,
        Self::Subprocessors,
        Self::Residency,
        Self::Contract,
        Self::Assurance,
    ];

    /// The name used in WIT, rubrics, trust policies and scorecards, e.g. `access-control`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Certifications => "certifications",
            Self::Compliance => "compliance",
            Self::AccessControl => "access-control",
            Self::Monitoring => "monitoring",
            Self::AuditLogging => "audit-logging",
            Self::Encryption => "encryption",
            Self::Backup => "backup",
            Self::Retention => "retention",
            Self::Incidents => "incidents",
            Self::Availability => "availability",
            Self::Trust => "trust",
            Self::WebSecurity => "web-security",
            Self::Subprocessors => "subprocessors",
            Self::Residency => "residency",
            Self::Contract => "contract",
            Self::Assurance => "assurance",
        }
    }

    /// The dossier's name for it, as evidence paths start, e.g. `access_control`.
    pub fn field(self) -> String {
        self.name().replace('-', "_")
    }

    /// The section named `name`.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|section| section.name() == name)
    }

    /// Every section's name, comma-separated, for messages about a wrong one.
    pub fn valid_names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }
}

/// What a check reads, or what a plugin was given for a request. In JSON:
/// `{"declared": {"sections": […], "extension_prefixes": […]}}` or `"everything"`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reads {
    /// The declared sections and extension key prefixes (contract 0.2 and later).
    Declared {
        /// The sections, sorted.
        sections: BTreeSet<Section>,
        /// The extension key prefixes, sorted.
        extension_prefixes: BTreeSet<String>,
    },
    /// The whole dossier: a plugin built against contract 0.1, which declares nothing.
    Everything,
}

impl Reads {
    /// Nothing but `vendor`.
    pub fn nothing() -> Self {
        Self::Declared { sections: BTreeSet::new(), extension_prefixes: BTreeSet::new() }
    }

    /// Whether `section` is read.
    pub fn reads(&self, section: Section) -> bool {
        match self {
            Self::Declared { sections, .. } => sections.contains(&section),
            Self::Everything => true,
        }
    }

    /// Whether the extension `key` is read.
    pub fn reads_extension(&self, key: &str) -> bool {
        match self {
            Self::Declared { extension_prefixes, .. } => {
                extension_prefixes.iter().any(|prefix| key.starts_with(prefix.as_str()))
            }
            Self::Everything => true,
        }
    }

    /// What either `self` or `other` reads.
    pub fn union(&mut self, other: &Reads) {
        match (&mut *self, other) {
            (Self::Everything, _) => {}
            (_, Self::Everything) => *self = Self::Everything,
            (
                Self::Declared { sections, extension_prefixes },
                Self::Declared { sections: more, extension_prefixes: more_prefixes },
            ) => {
                sections.extend(more.iter().copied());
                extension_prefixes.extend(more_prefixes.iter().cloned());
            }
        }
    }
}

impl std::fmt::Display for Reads {
    /// As `plugin inspect` and the scorecards show it, e.g. `access-control, extensions
    /// riskcard.*`, `nothing but vendor` or `everything (contract 0.1)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Everything => f.write_str("everything (contract 0.1)"),
            Self::Declared { sections, extension_prefixes } if sections.is_empty() && extension_prefixes.is_empty() => {
                f.write_str("nothing but vendor")
            }
            Self::Declared { sections, extension_prefixes } => {
                let mut parts: Vec<String> = sections.iter().map(|section| section.name().to_owned()).collect();
                if !extension_prefixes.is_empty() {
                    let prefixes: Vec<String> = extension_prefixes.iter().map(|prefix| format!("{prefix}*")).collect();
                    parts.push(format!("extensions {}", prefixes.join(" ")));
                }
                f.write_str(&parts.join(", "))
            }
        }
    }
}

/// The `[reads]` table of a rubric or trust policy: sections no plugin may read, and
/// sections a named plugin may not read. A plugin declaring one is refused at load.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadsPolicy {
    /// Sections no plugin may read, e.g. `["incidents"]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub forbid: Vec<Section>,
    /// Sections a plugin may not read, by plugin name: `[reads.plugins.acme-mfa]`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub plugins: BTreeMap<String, PluginReadsPolicy>,
}

/// What one plugin may not read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PluginReadsPolicy {
    /// Sections it may not read.
    pub forbid: Vec<Section>,
}

/// A check that reads a section a policy forbids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Which plugin and check read which section, e.g. "plugin `acme`'s check
    /// `acme/mfa` reads `incidents`".
    pub message: String,
    /// The key of the policy that forbids it, e.g. `reads.plugins.acme-mfa.forbid`.
    pub key: String,
}

impl ReadsPolicy {
    /// Whether it forbids nothing.
    pub fn is_empty(&self) -> bool {
        self.forbid.is_empty() && self.plugins.values().all(|plugin| plugin.forbid.is_empty())
    }

    /// Adds `other`'s prohibitions to these.
    pub fn add(&mut self, other: &ReadsPolicy) {
        fn extend(into: &mut Vec<Section>, from: &[Section]) {
            for section in from {
                if !into.contains(section) {
                    into.push(*section);
                }
            }
        }
        extend(&mut self.forbid, &other.forbid);
        for (plugin, policy) in &other.plugins {
            extend(&mut self.plugins.entry(plugin.clone()).or_default().forbid, &policy.forbid);
        }
    }

    /// The sections `plugin` may not read, each with the key that forbids it.
    fn forbidden_for(&self, plugin: &str) -> Vec<(Section, String)> {
        let all = self.forbid.iter().map(|section| (*section, "reads.forbid".to_owned()));
        let own = self.plugins.get(plugin).into_iter().flat_map(|policy| {
            policy.forbid.iter().map(move |section| (*section, format!("reads.plugins.{plugin}.forbid")))
        });
        all.chain(own).collect()
    }

    /// Every forbidden read of `plugin`, whose checks (id, reads) are `checks`: one per
    /// check and section, or, for a plugin that reads everything, one per section.
    pub fn violations<'a>(
        &self,
        plugin: &str,
        checks: impl IntoIterator<Item = (&'a str, &'a Reads)>,
    ) -> Vec<Violation> {
        let forbidden = self.forbidden_for(plugin);
        let mut found = Vec::new();
        for (check, reads) in checks {
            for (section, key) in &forbidden {
                let message = match reads {
                    Reads::Everything => {
                        format!("plugin `{plugin}` reads everything (contract 0.1), so also `{}`", section.name())
                    }
                    Reads::Declared { .. } if reads.reads(*section) => {
                        format!("plugin `{plugin}`'s check `{plugin}/{check}` reads `{}`", section.name())
                    }
                    Reads::Declared { .. } => continue,
                };
                let violation = Violation { message, key: key.clone() };
                if !found.contains(&violation) {
                    found.push(violation);
                }
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn declared(sections: &[Section], prefixes: &[&str]) -> Reads {
        Reads::Declared {
            sections: sections.iter().copied().collect(),
            extension_prefixes: prefixes.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn section_names_round_trip() {
        for section in Section::ALL {
            assert_eq!(Section::parse(section.name()), Some(section));
        }
        assert_eq!(Section::parse("vendor"), None, "vendor is always given, never declared");
        assert_eq!(Section::WebSecurity.field(), "web_security");
    }

    #[test]
    fn a_union_reads_what_either_reads_and_everything_absorbs() {
        let mut reads = declared(&[Section::Encryption], &["pci."]);
        reads.union(&declared(&[Section::Backup], &["riskcard."]));
        assert_eq!(reads, declared(&[Section::Encryption, Section::Backup], &["pci.", "riskcard."]));
        assert!(reads.reads_extension("pci.segmentation") && !reads.reads_extension("acme.x"));
        reads.union(&Reads::Everything);
        assert_eq!(reads, Reads::Everything);
    }

    #[test]
    fn a_policy_finds_each_forbidden_read_with_its_key() {
        let policy: ReadsPolicy =
            toml::from_str("forbid = [\"incidents\"]\n[plugins.acme]\nforbid = [\"encryption\"]\n").unwrap();
        let reads = declared(&[Section::Encryption, Section::Incidents], &[]);
        let found = policy.violations("acme", [("mfa", &reads), ("none", &Reads::nothing())]);
        let keys: Vec<&str> = found.iter().map(|violation| violation.key.as_str()).collect();
        assert_eq!(keys, ["reads.forbid", "reads.plugins.acme.forbid"]);
        assert_eq!(found[0].message, "plugin `acme`'s check `acme/mfa` reads `incidents`");
        assert!(policy.violations("other", [("mfa", &declared(&[Section::Encryption], &[]))]).is_empty());
        let old = policy.violations("old", [("a", &Reads::Everything), ("b", &Reads::Everything)]);
        assert_eq!(old.len(), 1, "{old:?}");
        assert!(old[0].message.contains("reads everything (contract 0.1), so also `incidents`"));
    }

    #[test]
    fn an_unknown_section_is_refused_naming_the_valid_ones() {
        let error = toml::from_str::<ReadsPolicy>("forbid = [\"incident\"]").unwrap_err().to_string();
        assert!(error.contains("unknown variant `incident`") && error.contains("`web-security`"), "{error}");
    }

    #[test]
    fn reads_are_shown_as_inspect_prints_them() {
        assert_eq!(
            declared(&[Section::AccessControl], &["riskcard."]).to_string(),
            "access-control, extensions riskcard.*"
        );
        assert_eq!(Reads::nothing().to_string(), "nothing but vendor");
        assert_eq!(Reads::Everything.to_string(), "everything (contract 0.1)");
    }
}
