//! Loading a plugin: from bytes to a compiled component, checked against what the
//! host grants, pre-instantiated once, and described by its own `describe` export.

use std::path::PathBuf;

use semver::Version;
use wasmtime::Engine;
use wasmtime::component::types::ComponentItem;
use wasmtime::component::{Component, Linker};

use super::bindings::v0_1::{self, riskcard::plugin::checks as wit_v0_1};
use super::bindings::{PluginPre, riskcard::plugin::checks as wit};
use super::cache::CodeCache;
use super::description::{self, param_kind};
use super::limits::Limits;
use super::lowering::recast;
use super::sandbox::{Sandbox, new_store};
use super::structure;
use super::{LoadError, failure_reason};
use crate::fsio::sha256_hex;
use crate::practice::Practice;
use crate::reads::{Reads, Section};
use crate::rubric::{CatalogCheck, CatalogParam, CatalogPlugin};

/// The contract version this host speaks: `riskcard:plugin` compatible with this, or
/// with one of the [`OLDER_API_VERSIONS`].
pub const API_VERSION: Version = Version::new(0, 2, 0);

/// Older contract versions this host still runs plugins of, oldest first; each is kept
/// in `wit/history/`.
pub const OLDER_API_VERSIONS: [Version; 1] = [Version::new(0, 1, 0)];

/// A plugin's pre-instantiated component, by the contract version it was built against.
pub(super) enum Pre {
    /// The current contract.
    Current(PluginPre<Sandbox>),
    /// Contract 0.1: given the whole dossier in the 0.1 shape.
    V0_1(v0_1::PluginPre<Sandbox>),
}

/// What [`grant`] says of an interface riskcard does not provide; importing one is
/// refused at load time.
const NOT_GRANTED: &str = "nothing";

/// What riskcard grants a plugin through an import it is allowed, by interface name
/// (`riskcard plugin inspect` shows this for each import). Anything not listed here —
/// including a made-up interface in a `wasi:` package — is refused at load time.
pub fn grant(import: &str) -> &'static str {
    let interface = import.split_once('@').map_or(import, |(name, _)| name);
    match interface {
        "riskcard:plugin/host" => "log messages, capped in count and bytes per call",
        "riskcard:plugin/checks" | "riskcard:plugin/evidence" => "types only",
        "wasi:cli/environment" => "nothing: no variables, no arguments, no working directory",
        "wasi:cli/exit" => "ends the plugin's own call, which then fails",
        "wasi:cli/stdin" => "an empty, closed stream",
        "wasi:cli/stdout" | "wasi:cli/stderr" => "captured into the scorecard, capped per call",
        "wasi:clocks/wall-clock" => "a clock frozen at the as-of date",
        "wasi:clocks/monotonic-clock" => "a frozen clock; timers are due at once and never block",
        "wasi:random/random" | "wasi:random/insecure" | "wasi:random/insecure-seed" => {
            "numbers from a fixed seed: the same every run"
        }
        "wasi:filesystem/preopens" | "wasi:filesystem/types" => "no directories: every file access fails",
        "wasi:io/error" | "wasi:io/poll" | "wasi:io/streams" => "streams and polling for the grants above",
        "wasi:cli/terminal-input"
        | "wasi:cli/terminal-output"
        | "wasi:cli/terminal-stdin"
        | "wasi:cli/terminal-stdout"
        | "wasi:cli/terminal-stderr" => "no terminal",
        "wasi:sockets/network"
        | "wasi:sockets/instance-network"
        | "wasi:sockets/tcp"
        | "wasi:sockets/tcp-create-socket"
        | "wasi:sockets/udp"
        | "wasi:sockets/udp-create-socket"
        | "wasi:sockets/ip-name-lookup" => "no network: every socket and name lookup is refused",
        _ => NOT_GRANTED,
    }
}

/// Where a plugin's bytes came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Built into the riskcard binary.
    Embedded,
    /// Loaded from a file.
    File(PathBuf),
}

/// A loaded plugin, ready to be instantiated for each evaluation.
pub struct Plugin {
    /// The plugin's name from `describe`.
    pub name: String,
    /// Its version from `describe`.
    pub version: Version,
    /// SHA-256 of the component's bytes.
    pub sha256: String,
    /// Where it came from.
    pub origin: Origin,
    /// The `riskcard:plugin` version it was built against, when it imports the host.
    pub api_version: Option<Version>,
    /// The interfaces it imports.
    pub imports: Vec<String>,
    /// Its checks.
    pub checks: Vec<CatalogCheck>,
    /// Each check's title, parallel to `checks`.
    pub titles: Vec<String>,
    /// Each check's parameter defaults, parallel to `checks`.
    pub(super) defaults: Vec<Vec<(String, wit::ParamValue)>>,
    pub(super) pre: Pre,
}

impl Plugin {
    /// Compiles (or takes from `cache`) and checks `bytes`, then asks the plugin to
    /// describe itself.
    pub(super) fn load(
        engine: &Engine,
        linker: &Linker<Sandbox>,
        limits: &Limits,
        cache: Option<&CodeCache>,
        bytes: &[u8],
        origin: Origin,
    ) -> Result<Self, LoadError> {
        if !bytes.starts_with(b"\0asm") {
            return Err(LoadError::NotWasm);
        }
        // Byte 4 is the version field: 1 for core modules, 0x0d for components.
        if bytes.get(4..8) == Some(&[1, 0, 0, 0]) {
            return Err(LoadError::CoreModule);
        }
        let sha256 = sha256_hex(bytes);
        // The structural pre-check guards the compiler, so it runs before compiling; an
        // authentic cache entry is code this host compiled from these very bytes after
        // they passed it (under the same bounds, which are part of the entry's key).
        let compile = || {
            structure::shape(bytes)?;
            Component::new(engine, bytes).map_err(|error| LoadError::Compile(format!("{error:#}")))
        };
        let component = match cache {
            Some(cache) => cache.component(engine, &sha256, compile)?,
            None => compile()?,
        };
        let (imports, api_version) = check_imports(engine, &component)?;
        let instance_pre = linker.instantiate_pre(&component).map_err(|error| LoadError::Link(format!("{error:#}")))?;
        let pre = pre(instance_pre, api_version.as_ref())?;
        let description = describe(engine, limits, &pre)?;
        let problems = description::problems(&description);
        if !problems.is_empty() {
            return Err(LoadError::BadDescription(problems.join("; ")));
        }
        let version = Version::parse(&description.version)
            .map_err(|error| LoadError::BadDescription(format!("version is not semver: {error}")))?;
        let mut checks = Vec::new();
        let mut titles = Vec::new();
        let mut defaults = Vec::new();
        for spec in description.checks {
            let reads = match pre {
                Pre::Current(_) => declared(&spec.reads),
                Pre::V0_1(_) => Reads::Everything,
            };
            checks.push(CatalogCheck {
                id: spec.id,
                practice: practice(spec.practice),
                params: spec
                    .params
                    .iter()
                    .map(|p| CatalogParam { name: p.name.clone(), kind: param_kind(p.type_) })
                    .collect(),
                reads,
            });
            titles.push(spec.title);
            defaults.push(spec.params.into_iter().map(|p| (p.name, p.default)).collect());
        }
        Ok(Self {
            name: description.name,
            version,
            sha256,
            origin,
            api_version,
            imports,
            checks,
            titles,
            defaults,
            pre,
        })
    }

    /// What the rubric validator needs to know of this plugin.
    pub fn catalog_entry(&self) -> CatalogPlugin {
        CatalogPlugin { name: self.name.clone(), version: self.version.clone(), checks: self.checks.clone() }
    }

    /// The index of check `id`.
    pub fn check_index(&self, id: &str) -> Option<usize> {
        self.checks.iter().position(|check| check.id == id)
    }
}

/// Lists the component's imports, refuses any the host does not grant, and reads the
/// `riskcard:plugin` version it was built against.
fn check_imports(engine: &Engine, component: &Component) -> Result<(Vec<String>, Option<Version>), LoadError> {
    let mut imports = Vec::new();
    let mut api_version = None;
    for (name, item) in component.component_type().imports(engine) {
        if let Some(version) =
            name.strip_prefix("riskcard:plugin/").and_then(|rest| rest.split_once('@')).map(|(_, v)| v)
        {
            let version = Version::parse(version).map_err(|_| LoadError::IncompatibleApi(version.to_owned()))?;
            if !api_compatible(&version) {
                return Err(LoadError::IncompatibleApi(version.to_string()));
            }
            api_version = Some(version);
        }
        if grant(name) == NOT_GRANTED || !matches!(item.ty, ComponentItem::ComponentInstance(_)) {
            return Err(LoadError::ImportNotGranted(name.to_owned()));
        }
        imports.push(name.to_owned());
    }
    imports.sort();
    Ok((imports, api_version))
}

/// A contract version as people write the versions compatible with it: `0.1.x`, or `1.x`.
fn range_of(version: &Version) -> String {
    if version.major == 0 { format!("{}.{}.x", version.major, version.minor) } else { format!("{}.x", version.major) }
}

/// The contract versions this host accepts, as people write them, e.g. `0.1.x or 0.2.x`.
pub fn accepted_api_versions() -> String {
    let ranges: Vec<String> = OLDER_API_VERSIONS.iter().chain([&API_VERSION]).map(range_of).collect();
    ranges.join(" or ")
}

/// Semver compatibility with `accepted`: same major, and for 0.x the same minor.
fn compatible_with(accepted: &Version, version: &Version) -> bool {
    let requirement = semver::VersionReq {
        comparators: vec![semver::Comparator {
            op: semver::Op::Caret,
            major: accepted.major,
            minor: Some(accepted.minor),
            patch: Some(0),
            pre: semver::Prerelease::EMPTY,
        }],
    };
    requirement.matches(version)
}

/// Semver compatibility with [`API_VERSION`] or one of the [`OLDER_API_VERSIONS`].
pub fn api_compatible(version: &Version) -> bool {
    OLDER_API_VERSIONS.iter().chain([&API_VERSION]).any(|accepted| compatible_with(accepted, version))
}

/// The component's exports typed by the contract it was built against: the one its
/// `riskcard:plugin` imports name, or, when it imports none, whichever world its
/// exports match.
fn pre(instance_pre: wasmtime::component::InstancePre<Sandbox>, api: Option<&Version>) -> Result<Pre, LoadError> {
    let wrong = |error: wasmtime::Error| LoadError::WrongWorld(format!("{error:#}"));
    let old = api.is_some_and(|version| compatible_with(&OLDER_API_VERSIONS[0], version));
    if old {
        return v0_1::PluginPre::new(instance_pre).map(Pre::V0_1).map_err(wrong);
    }
    match PluginPre::new(instance_pre.clone()) {
        Ok(pre) => Ok(Pre::Current(pre)),
        Err(error) if api.is_none() => v0_1::PluginPre::new(instance_pre).map(Pre::V0_1).map_err(|_| wrong(error)),
        Err(error) => Err(wrong(error)),
    }
}

/// The plugin's description, in the current contract's types (a 0.1 plugin's declares
/// no reads; its checks in the catalog read everything).
fn describe(engine: &Engine, limits: &Limits, pre: &Pre) -> Result<wit::Description, LoadError> {
    let mut store = new_store(engine, limits, 0, super::deadline_ticks(limits));
    let failed = |error: wasmtime::Error| LoadError::Describe(failure_reason(&error, limits).to_string());
    match pre {
        Pre::Current(pre) => {
            pre.instantiate(&mut store).and_then(|plugin| plugin.call_describe(&mut store)).map_err(failed)
        }
        Pre::V0_1(pre) => {
            let old =
                pre.instantiate(&mut store).and_then(|plugin| plugin.call_describe(&mut store)).map_err(failed)?;
            lift_description(old)
        }
    }
}

/// A 0.1 description in the current types, reading no declared sections.
fn lift_description(old: wit_v0_1::Description) -> Result<wit::Description, LoadError> {
    let lift = |error: serde_json::Error| LoadError::BadDescription(format!("cannot be read as contract 0.1: {error}"));
    let checks = old
        .checks
        .into_iter()
        .map(|spec| {
            Ok(wit::CheckSpec {
                id: spec.id,
                title: spec.title,
                practice: recast(&spec.practice).map_err(lift)?,
                params: recast(&spec.params).map_err(lift)?,
                reads: wit::EvidenceReads { sections: Vec::new(), extension_prefixes: Vec::new() },
            })
        })
        .collect::<Result<_, LoadError>>()?;
    Ok(wit::Description { name: old.name, version: old.version, checks })
}

/// What a check declares it reads.
fn declared(reads: &wit::EvidenceReads) -> Reads {
    Reads::Declared {
        sections: reads.sections.iter().map(|section| section_of(*section)).collect(),
        extension_prefixes: reads.extension_prefixes.iter().cloned().collect(),
    }
}

/// The host's name for a WIT section.
fn section_of(section: wit::Section) -> Section {
    match section {
        wit::Section::Certifications => Section::Certifications,
        wit::Section::Compliance => Section::Compliance,
        wit::Section::AccessControl => Section::AccessControl,
        wit::Section::Monitoring => Section::Monitoring,
        wit::Section::AuditLogging => Section::AuditLogging,
        wit::Section::Encryption => Section::Encryption,
        wit::Section::Backup => Section::Backup,
        wit::Section::Retention => Section::Retention,
        wit::Section::Incidents => Section::Incidents,
        wit::Section::Availability => Section::Availability,
        wit::Section::Trust => Section::Trust,
        wit::Section::WebSecurity => Section::WebSecurity,
        wit::Section::Subprocessors => Section::Subprocessors,
        wit::Section::Residency => Section::Residency,
        wit::Section::Contract => Section::Contract,
        wit::Section::Assurance => Section::Assurance,
    }
}

fn practice(practice: wit::Practice) -> Practice {
    match practice {
        wit::Practice::AccessControl => Practice::AccessControl,
        wit::Practice::ActivityMonitoring => Practice::ActivityMonitoring,
        wit::Practice::AuditLogging => Practice::AuditLogging,
        wit::Practice::Encryption => Practice::Encryption,
        wit::Practice::Backup => Practice::Backup,
        wit::Practice::Retention => Practice::Retention,
        wit::Practice::TrustedProvider => Practice::TrustedProvider,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_only_semver_compatible_contract_versions() {
        assert!(api_compatible(&Version::new(0, 1, 0)));
        assert!(api_compatible(&Version::new(0, 1, 9)));
        assert!(api_compatible(&Version::new(0, 2, 0)));
        assert!(api_compatible(&Version::new(0, 2, 3)));
        assert!(!api_compatible(&Version::new(0, 3, 0)));
        assert!(!api_compatible(&Version::new(1, 0, 0)));
        assert_eq!(accepted_api_versions(), "0.1.x or 0.2.x");
    }

    #[test]
    fn grants_are_named_by_interface_whatever_the_version() {
        assert_eq!(grant("wasi:clocks/wall-clock@0.2.6"), "a clock frozen at the as-of date");
        assert_eq!(grant("wasi:clocks/wall-clock@0.2.12"), "a clock frozen at the as-of date");
        assert!(grant("wasi:sockets/tcp@0.2.0").starts_with("no network"));
        assert_eq!(grant("wasi:http/types@0.2.0"), NOT_GRANTED);
        assert_eq!(grant("wasi:cli/made-up@0.2.0"), NOT_GRANTED, "a made-up interface in a granted package");
        assert_eq!(grant("wasi:sockets/made-up@0.2.0"), NOT_GRANTED);
    }
}
